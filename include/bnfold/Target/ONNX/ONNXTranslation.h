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

#include <string>

namespace bnfold {

/// Parses the serialized ONNX model `bytes` (read from `fileName`, used in
/// diagnostics) into a module. Returns null after emitting an error
/// diagnostic when the bytes are not a valid ONNX model or hold a node
/// bnfold cannot represent. The context must have the nn, func and arith
/// dialects loaded.
mlir::OwningOpRef<mlir::ModuleOp> importONNX(llvm::StringRef bytes,
                                             llvm::StringRef fileName,
                                             mlir::MLIRContext *context);

/// Serializes `module` (as produced by importONNX, possibly transformed) to
/// ONNX model bytes in `out`, checked with onnx::checker. Emits an error
/// diagnostic and fails on ops or types that have no ONNX form.
mlir::LogicalResult exportONNX(mlir::ModuleOp module, std::string &out);

} // namespace bnfold

#endif // BNFOLD_TARGET_ONNX_ONNXTRANSLATION_H
