//===- ToolCommandLine.cpp - --help and --version of the bnfold tools -----===//

#include "bnfold/Support/ToolCommandLine.h"

#include "llvm/Config/llvm-config.h"
#include "llvm/Support/raw_ostream.h"

#ifndef BNFOLD_VERSION
#error "BNFOLD_VERSION is set by lib/Support/CMakeLists.txt"
#endif

using namespace llvm;

cl::OptionCategory &bnfold::getToolOptionCategory() {
  static cl::OptionCategory category("bnfold options");
  return category;
}

void bnfold::setUpToolCommandLine(StringRef toolName) {
  // The options registered so far are those of static initializers: LLVM's
  // libraries' and the tool's own (in its category). HideUnrelatedOptions
  // keeps the generic category (--help, --version, --help-hidden).
  cl::HideUnrelatedOptions(getToolOptionCategory());
  cl::SetVersionPrinter([toolName](raw_ostream &os) {
    os << toolName << " (bnfold " BNFOLD_VERSION ")\n"
       << "  built with LLVM and MLIR " LLVM_VERSION_STRING "\n";
  });
}
