//===- ToolCommandLine.h - --help and --version of the bnfold tools -*- C++ -*-===//
//
// Every LLVM library a tool links registers its options before main: the
// code generation flags of each backend MLIR's execution engine pulls in
// (about 450 of them). They say nothing about folding batch norms, so the
// tools hide them from --help, keeping the generic options (--help,
// --version), the tool's own, and every option MLIR and bnfold register
// from main on (pass pipelines, --mlir-*, remarks, the tool driver's).
//
//===----------------------------------------------------------------------===//

#ifndef BNFOLD_SUPPORT_TOOLCOMMANDLINE_H
#define BNFOLD_SUPPORT_TOOLCOMMANDLINE_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/CommandLine.h"

namespace bnfold {

/// The category of the options a tool defines itself (`cl::cat`), listed
/// under "bnfold options" by --help.
llvm::cl::OptionCategory &getToolOptionCategory();

/// Call at the start of main, before registering MLIR's and bnfold's options:
/// hides from --help every option registered so far outside the generic
/// category and getToolOptionCategory(), and makes --version print
/// `<toolName> (bnfold <version>)` and the LLVM/MLIR version it was built
/// with. `toolName` must outlive main (a string literal).
void setUpToolCommandLine(llvm::StringRef toolName);

} // namespace bnfold

#endif // BNFOLD_SUPPORT_TOOLCOMMANDLINE_H
