//===- NodeDiagnostics.cpp - diagnostics located by ONNX node -------------===//

#include "bnfold/Support/NodeDiagnostics.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Location.h"
#include "mlir/IR/MLIRContext.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;
using namespace bnfold;

static StringRef severityName(DiagnosticSeverity severity) {
  switch (severity) {
  case DiagnosticSeverity::Error:
    return "error";
  case DiagnosticSeverity::Warning:
    return "warning";
  case DiagnosticSeverity::Remark:
    return "remark";
  case DiagnosticSeverity::Note:
    return "note";
  }
  return "note";
}

static void print(Diagnostic &diag, StringRef severity, StringRef inputName) {
  auto file = diag.getLocation()->findInstanceOf<FileLineColLoc>();
  auto name = diag.getLocation()->findInstanceOf<NameLoc>();
  std::string where = inputName.str();
  if (file && file.getLine() != 0)
    where = (file.getFilename().getValue() + ":" + Twine(file.getLine()) +
             ":" + Twine(file.getColumn()))
                .str();
  else if (file)
    where = file.getFilename().str();
  std::string message = diag.str();
  llvm::errs() << where << ": " << severity << ": ";
  // A message that names its node already ("node 'bn' (Conv): ...") does
  // not get the prefix.
  if (name && (!file || file.getLine() == 0) &&
      !StringRef(message).contains("node '" + name.getName().str() + "'"))
    llvm::errs() << "node \"" << name.getName().getValue() << "\": ";
  llvm::errs() << message << "\n";
}

DiagnosticEngine::HandlerID
bnfold::registerNodeDiagnosticPrinter(MLIRContext &context,
                                      StringRef inputName,
                                      NodeDiagnosticScope scope) {
  return context.getDiagEngine().registerHandler(
      [inputName, scope](Diagnostic &diag) -> LogicalResult {
        if (scope == NodeDiagnosticScope::NodeLocated) {
          // Line 0: a location in a binary model, not in the IR's text.
          auto file = diag.getLocation()->findInstanceOf<FileLineColLoc>();
          if (file ? file.getLine() != 0
                   : !diag.getLocation()->findInstanceOf<NameLoc>())
            return failure();
        }
        print(diag, severityName(diag.getSeverity()), inputName);
        for (Diagnostic &note : diag.getNotes())
          print(note, "note", inputName);
        return success();
      });
}
