//===- FoldRecords.h - what the fold says about each batch norm -*- C++ -*-===//
//
// The fold's report is one record per batch norm (and per elementwise step
// and function summary): folded into what, or why not. A record is printed
// as a remark diagnostic (the passes' `report` options) and, when the
// context has MLIR's remark engine (`--remarks-filter=...
// --remark-format=yaml`), sent to it as an optimization remark of category
// "fold-batchnorm": Passed, Missed or Analysis, with the ONNX node name and
// the reason as arguments.
//
// The fold pass runs on functions in parallel. MLIR orders diagnostics
// emitted from parallel passes, but not remark-engine calls, which are not
// even thread-safe; so a pass emits records as tagged remark diagnostics,
// and a FoldRecordForwarder, registered before the run, turns each one into
// an engine remark on the thread that emits the ordered diagnostics. The
// records then come out in the same order whatever the thread count.
//
//===----------------------------------------------------------------------===//

#ifndef BNFOLD_SUPPORT_FOLDRECORDS_H
#define BNFOLD_SUPPORT_FOLDRECORDS_H

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Location.h"

#include <string>
#include <vector>

namespace bnfold {

/// What a record says about the op at its location.
enum class FoldRecordKind {
  Folded,    ///< folded into a layer (remark engine: Passed, "Folded")
  NotFolded, ///< left in place, with the reason (Missed, "NotFolded")
  Removed,   ///< erased as dead code (Analysis, "Removed")
  Summary,   ///< "folded N of M ..." for a function (Analysis, "Summary")
};

/// The remark engine's category of every record.
inline constexpr llvm::StringLiteral kFoldRecordCategory = "fold-batchnorm";

/// How a pass publishes its records.
struct FoldRecordSink {
  /// Print each record as a remark diagnostic.
  bool print = false;
  /// Tag each record for a FoldRecordForwarder (which prints it when
  /// `print`); set only while one is registered on the context.
  bool forward = false;

  bool wantsRecords() const { return print || forward; }

  /// Publishes one record about `op` (null for a summary). `message` is
  /// the remark's text ("folded into 'nn.conv2d'", "not folded: <reason>",
  /// ...); `function` names the function the op is in.
  void emit(mlir::Location loc, FoldRecordKind kind, mlir::Operation *op,
            llvm::StringRef function, llvm::StringRef message) const;
};

/// Sends one record straight to the context's remark engine, if it has one:
/// arguments `Node` (the location's name, if any), `Op` (`opName`, if not
/// empty), and `Remark` (the message) or, for NotFolded, `Reason` (the
/// message without "not folded: "). For passes that do not run in
/// parallel; FoldRecordForwarder uses it too. `function` and `opName` must
/// outlive the engine (a symbol name and an op name do).
void sendFoldRecordToRemarkEngine(mlir::Location loc, FoldRecordKind kind,
                                  llvm::StringRef opName,
                                  llvm::StringRef function,
                                  llvm::StringRef message);

/// While alive, turns the tagged records that reach it into remark-engine
/// remarks (and plain remarks when they are to be printed). Register it
/// before the pass manager runs, so that it sees diagnostics after MLIR has
/// ordered them.
class FoldRecordForwarder {
public:
  explicit FoldRecordForwarder(mlir::MLIRContext *context);
  ~FoldRecordForwarder();
  FoldRecordForwarder(const FoldRecordForwarder &) = delete;
  FoldRecordForwarder &operator=(const FoldRecordForwarder &) = delete;

private:
  mlir::MLIRContext *context;
  mlir::DiagnosticEngine::HandlerID handler;
};

/// A record as the remark engine received it.
struct FoldRecord {
  FoldRecordKind kind;
  /// The ONNX node (the location's name), the op's name ("nn.batch_norm";
  /// empty for a summary), the function.
  std::string node, op, function;
  /// "'nn.conv2d'" for Folded (what it folded into), the reason for
  /// NotFolded, the remark's text otherwise.
  std::string detail;
};

/// Makes the context's remark engine (replacing any it has) keep every
/// record in `records`, which must outlive the context or the next engine.
mlir::LogicalResult collectFoldRecords(mlir::MLIRContext &context,
                                       std::vector<FoldRecord> &records);

/// Writes `records` as a JSON report: `{"input": <input>, "batch_norms":
/// [...], "elementwise_ops": [...], "summary": [...]}`, one object per
/// op, `{"node", "op", "function", "folded": true, "into"}` or `{...,
/// "folded": false, "reason"}` (a batch norm removed as dead code:
/// `"removed": true`).
void writeFoldReportJSON(llvm::raw_ostream &os, llvm::StringRef input,
                         llvm::ArrayRef<FoldRecord> records);

} // namespace bnfold

#endif // BNFOLD_SUPPORT_FOLDRECORDS_H
