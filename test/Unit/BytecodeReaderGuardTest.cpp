//===- BytecodeReaderGuardTest.cpp - bnfold-guard-test --------------------===//
//
// Drives bnfold::runGuardingBytecodeReader with work that crashes or exits
// on demand (test/Unit/bytecode-reader-guard.test):
//
//   bnfold-guard-test crash-while-parsing    SIGSEGV before `parsed`
//   bnfold-guard-test abort-while-parsing    abort() before `parsed`
//   bnfold-guard-test crash-after-parsing    SIGSEGV after `parsed`
//   bnfold-guard-test exit N                 `parsed`, then exit status N
//
//===----------------------------------------------------------------------===//

#include "bnfold/Support/BytecodeReaderGuard.h"

#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/raw_ostream.h"

#include <csignal>
#include <cstdlib>
#include <string>

int main(int argc, char **argv) {
  // Installs LLVM's crash handlers, as in the tools.
  llvm::InitLLVM initLLVM(argc, argv);
  if (argc < 2) {
    llvm::errs() << "usage: bnfold-guard-test crash-while-parsing | "
                    "abort-while-parsing | crash-after-parsing | exit N\n";
    return 2;
  }
  std::string mode = argv[1];
  int exitStatus = argc > 2 ? std::atoi(argv[2]) : 0;
  return bnfold::runGuardingBytecodeReader(
      "input.mlirbc", [&](llvm::function_ref<void()> parsed) -> int {
        if (mode == "crash-while-parsing")
          std::raise(SIGSEGV);
        if (mode == "abort-while-parsing")
          std::abort();
        parsed();
        if (mode == "crash-after-parsing")
          std::raise(SIGSEGV);
        llvm::outs() << "work done\n";
        return exitStatus;
      });
}
