//===- ONNXTranslation.h - ONNX <-> nn dialect ------------------*- C++ -*-===//
//
// Translation between ONNX model files (the protobuf ModelProto) and a
// `builtin.module` holding one `func.func @main` of nn ops. ONNX nodes with an
// nn equivalent become nn ops; every other node is carried as `nn.onnx_op`.
// See docs/onnx.md for the mapping.
//
//===----------------------------------------------------------------------===//

#ifndef BNFOLD_TARGET_ONNX_ONNXTRANSLATION_H
#define BNFOLD_TARGET_ONNX_ONNXTRANSLATION_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"
#include "llvm/ADT/StringRef.h"

#include <cstdint>
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
  /// Emit a `not folded: imported as 'nn.onnx_op' because ...` remark at
  /// each BatchNormalization node carried as nn.onnx_op (--fold-onnx's
  /// report), so that every batch norm of the model is accounted for.
  bool remarkCarriedBatchNorms = false;
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
};

/// The default shape-inference time limit for a model of `modelBytes`: 10 s
/// plus 1 s per 8 MiB, tens of times what valid models take (resnet50,
/// 98 MiB: 0.2 s), and what a model whose data propagation grows
/// exponentially reaches quickly.
unsigned getDefaultShapeInferenceTimeout(uint64_t modelBytes);

/// Parses the serialized ONNX model `bytes` (read from `fileName`, used in
/// diagnostics) into a module. Returns null after emitting an error
/// diagnostic when the bytes are not a valid ONNX model or hold a node
/// bnfold cannot represent. The context must have the nn, func and arith
/// dialects loaded.
mlir::OwningOpRef<mlir::ModuleOp>
importONNX(llvm::StringRef bytes, llvm::StringRef fileName,
           mlir::MLIRContext *context, const ONNXImportOptions &options = {});

/// Serializes `module` (as produced by importONNX, possibly transformed) to
/// ONNX model bytes in `out`, checked with onnx::checker. Emits an error
/// diagnostic and fails on ops or types that have no ONNX form.
mlir::LogicalResult exportONNX(mlir::ModuleOp module, std::string &out,
                               const ONNXExportOptions &options = {});

} // namespace bnfold

#endif // BNFOLD_TARGET_ONNX_ONNXTRANSLATION_H
