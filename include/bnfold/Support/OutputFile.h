//===- OutputFile.h - All-or-nothing output files for the tools -*- C++ -*-===//
//
// The output policy of bnfold's tools (README, "Hostile input"): a failed
// run leaves no partial output, and an existing output file is left as it
// was until the run has succeeded.
//
//===----------------------------------------------------------------------===//

#ifndef BNFOLD_SUPPORT_OUTPUTFILE_H
#define BNFOLD_SUPPORT_OUTPUTFILE_H

#include "mlir/Support/LLVM.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/raw_ostream.h"

namespace bnfold {

/// Runs `run` on the output stream for `path`, all or nothing. A regular
/// file, existing or new, is written to a temporary file beside it that is
/// renamed over it only when `run` succeeded: until then an existing file is
/// left as it was, which matters when the output is the input being read
/// (`bnfold-opt model.mlir -o model.mlir`: a file truncated on open would be
/// lost, and its mapping would fault with SIGBUS). The temporary file is
/// created before `run`, so a bad path is reported before any work. The
/// existing file's permissions are kept, and a symlink keeps pointing where
/// it did (its target is replaced). Anything else (`-`, /dev/stdout,
/// /dev/null, a FIFO) cannot be renamed over and is written directly.
/// Errors of its own are printed as `<toolName>: cannot write '<path>': ...`.
llvm::LogicalResult writeOutputFile(
    llvm::StringRef toolName, llvm::StringRef path,
    llvm::function_ref<llvm::LogicalResult(llvm::raw_ostream &)> run);

namespace detail {
/// In a forked child (bnfold/Support/ProcessIsolation.h): stops LLVM's
/// signal handlers from removing the parent's temporary files, which the
/// child inherited in their list.
void forgetInheritedTemporaryFiles();
} // namespace detail

} // namespace bnfold

#endif // BNFOLD_SUPPORT_OUTPUTFILE_H
