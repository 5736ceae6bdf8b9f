//===- ONNXTranslation.h - ONNX model files <-> MLIR ------------*- C++ -*-===//
//
// Serialization between ONNX model files (the protobuf ModelProto) and a
// `builtin.module` holding one `func.func @main` whose nodes are
// `nn.onnx_op`s: importONNX reads a model structurally, exportONNX writes
// one. Turning nodes into nn ops and back are passes (convert-onnx-to-nn,
// convert-nn-to-onnx); the translations that combine them are registered
// by bnfold/Target/ONNX/TranslateRegistration.h. See docs/onnx.md.
//
//===----------------------------------------------------------------------===//

#ifndef BNFOLD_TARGET_ONNX_ONNXTRANSLATION_H
#define BNFOLD_TARGET_ONNX_ONNXTRANSLATION_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"
#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

namespace bnfold {

/// The largest model file protobuf can parse (2 GiB - 1 bytes); tensors
/// stored beside the model (external data) do not count.
constexpr uint64_t kMaxONNXModelBytes = 0x7fffffff;

struct ONNXImportOptions {
  /// The time onnx::checker and ONNX shape inference may take (they run in a
  /// child process, which is then killed and the model reported), in
  /// seconds; 0: no limit; unset: getDefaultShapeInferenceTimeout.
  std::optional<unsigned> shapeInferenceTimeout;
};

/// The default of ONNXExportOptions::maxSplatBytes: 256 MiB.
constexpr uint64_t kDefaultMaxSplatExportBytes = uint64_t(256) << 20;

struct ONNXExportOptions {
  /// ONNX has no splat tensors: a splat constant is written element by
  /// element. Its type can claim any size for free (`dense<1.0> :
  /// tensor<1000000000xf32>` is a few bytes of MLIR), so the splats of one
  /// model may expand to at most this many bytes in all; past it the export
  /// fails with a diagnostic at the constant.
  uint64_t maxSplatBytes = kDefaultMaxSplatExportBytes;
  /// The largest model written without external data: protobuf's limit by
  /// default; lower, to keep the weights of smaller models beside them.
  uint64_t maxModelBytes = kMaxONNXModelBytes;
  /// The file the model is written to (empty: none, such as stdout). A
  /// model whose input kept its tensors beside it (the module attribute
  /// `onnx.external_data`), or that would exceed maxModelBytes, is written with
  /// its tensors of kMinExternalTensorBytes or more in
  /// `<outputPath>.data`: exportONNX hands the data file's path and bytes
  /// to `writeExternalData`, which must write it all or nothing, before the
  /// model is written. Without either, such a model is an error.
  std::string outputPath;
  std::function<mlir::LogicalResult(llvm::StringRef path,
                                    llvm::StringRef bytes)>
      writeExternalData;
};

/// Tensors smaller than this stay in the model when it has external data
/// (onnx's save_model default).
constexpr uint64_t kMinExternalTensorBytes = 1024;

/// The default shape-inference time limit for a model of `modelBytes`: 10 s
/// plus 1 s per 8 MiB, tens of times what valid models take (resnet50,
/// 98 MiB: 0.2 s), and what a model whose data propagation grows
/// exponentially reaches quickly.
unsigned getDefaultShapeInferenceTimeout(uint64_t modelBytes);

/// Parses the serialized ONNX model `bytes` (read from `fileName`, used in
/// diagnostics) into a module: every node an `nn.onnx_op` (located by its
/// name), initializers and Constant nodes' tensors `arith.constant`s, graph
/// inputs the arguments of `func.func @main`, opsets and metadata `onnx.*`
/// module attributes. Returns null after emitting an error diagnostic when
/// the bytes are not a valid ONNX model or hold a node bnfold cannot
/// represent (or a training batch norm). Loads the nn, func and arith
/// dialects.
mlir::OwningOpRef<mlir::ModuleOp>
importONNX(llvm::StringRef bytes, llvm::StringRef fileName,
           mlir::MLIRContext *context, const ONNXImportOptions &options = {});

/// Serializes `module` (as produced by importONNX, possibly transformed; nn
/// ops lowered with convert-nn-to-onnx) to ONNX model bytes in `out`,
/// checked with onnx::checker: `nn.onnx_op`s become nodes, constants
/// initializers, the function's signature the graph inputs and outputs.
/// Emits an error diagnostic and fails on any other op, and on types that
/// have no ONNX form.
mlir::LogicalResult exportONNX(mlir::ModuleOp module, std::string &out,
                               const ONNXExportOptions &options = {});

/// exportONNX writing the model to `os` as it serializes it: the
/// initializers' bytes go from the module's attributes and blobs to `os`
/// without a copy. Nothing is written unless the export succeeds up to the
/// serialization.
mlir::LogicalResult exportONNX(mlir::ModuleOp module, llvm::raw_ostream &os,
                               const ONNXExportOptions &options = {});

} // namespace bnfold

#endif // BNFOLD_TARGET_ONNX_ONNXTRANSLATION_H
