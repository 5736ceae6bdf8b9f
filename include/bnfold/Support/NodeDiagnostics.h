//===- NodeDiagnostics.h - diagnostics located by ONNX node -----*- C++ -*-===//
//
// An op imported from ONNX is located by its node name in the model file
// (`loc("bn"("model.onnx":0:0))`): a binary file has no line to show. MLIR's
// printer would say `model.onnx:0:0: remark: ...` and drop the node; the
// bnfold tools print such a diagnostic as
//   model.onnx: remark: node "bn": folded into 'nn.conv2d'
// so bnfold-opt's remarks on imported IR read like bnfold-translate
// --fold-onnx's.
//
//===----------------------------------------------------------------------===//

#ifndef BNFOLD_SUPPORT_NODEDIAGNOSTICS_H
#define BNFOLD_SUPPORT_NODEDIAGNOSTICS_H

#include "mlir/IR/Diagnostics.h"

namespace bnfold {

/// Which diagnostics the printer takes.
enum class NodeDiagnosticScope {
  /// Every diagnostic: one at a file, line and column prints as
  /// `file:line:col: ...`, any other without a node as `<inputName>: ...`.
  All,
  /// Only those located in a model file without a line (line 0) or by a
  /// node name alone; the others go on to the handlers registered before
  /// (MLIR's source-line printer).
  NodeLocated,
};

/// Registers a handler printing diagnostics (and their notes) on stderr as
/// `<where>: <severity>: [node "<name>": ]<message>`, `where` being the
/// file of the location or else `inputName`. `inputName` must outlive the
/// context.
mlir::DiagnosticEngine::HandlerID
registerNodeDiagnosticPrinter(mlir::MLIRContext &context,
                              llvm::StringRef inputName,
                              NodeDiagnosticScope scope);

} // namespace bnfold

#endif // BNFOLD_SUPPORT_NODEDIAGNOSTICS_H
