//===- ONNXConversion.h - nn.onnx_op <-> nn ops -----------------*- C++ -*-===//
//
// The ONNX importer carries every node as `nn.onnx_op`; raising turns the
// nodes that nn ops can hold into those ops (convert-onnx-to-nn), lowering
// turns nn ops back into the nodes (convert-nn-to-onnx) for the exporter.
// Both are pattern sets, so that a pipeline can add them to its own.
//
//===----------------------------------------------------------------------===//

#ifndef BNFOLD_CONVERSION_ONNX_ONNXCONVERSION_H
#define BNFOLD_CONVERSION_ONNX_ONNXCONVERSION_H

#include "bnfold/Dialect/NN/IR/NNOps.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/PatternMatch.h"

#include <cstdint>
#include <optional>
#include <string>

namespace bnfold {

/// The opset of the default ONNX domain the module was written for: the
/// `ai.onnx` entry of its `onnx.opset_import` dictionary, if any.
std::optional<int64_t> getDefaultONNXOpset(mlir::ModuleOp module);

/// Whether `op` is a node of the default ONNX domain ("" or "ai.onnx").
bool isDefaultONNXDomain(nn::OnnxOp op);

/// Whether `op` is the default-domain ONNX operator `opType`.
bool isONNXOperator(nn::OnnxOp op, llvm::StringRef opType);

/// The name of the ONNX node an op stands for: the first NameLoc in its
/// location (an imported node's name; a folded layer has a FusedLoc of the
/// layer's and the batch norm's, the layer's first). Empty if none.
std::string getONNXNodeName(mlir::Location loc);

/// Adds the raising patterns that apply at `opset`: one per ONNX operator
/// and range of opsets over which its schema reads the same (docs/onnx.md
/// has the table).
void populateONNXToNNPatterns(mlir::RewritePatternSet &patterns,
                              int64_t opset);

/// Adds the lowering patterns: one per nn op. A pattern that cannot lower
/// its op (no ONNX form) fails with the reason the pass reports.
void populateNNToONNXPatterns(mlir::RewritePatternSet &patterns);

} // namespace bnfold

#endif // BNFOLD_CONVERSION_ONNX_ONNXCONVERSION_H
