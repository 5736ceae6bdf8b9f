//===- BytecodeReaderGuardTest.cpp - bnfold-guard-test --------------------===//
//
// Drives bnfold::runGuardingBytecodeReader with work that crashes or exits
// on demand (test/Unit/bytecode-reader-guard.test):
//
//   bnfold-guard-test crash-while-parsing    SIGSEGV before `parsed`
//   bnfold-guard-test abort-while-parsing    abort() before `parsed`
//   bnfold-guard-test crash-after-parsing    SIGSEGV after `parsed`
//   bnfold-guard-test hang-while-parsing     spins before `parsed`
//   bnfold-guard-test slow-after-parsing     `parsed`, 2 s of work, exit 0
//   bnfold-guard-test exit N                 `parsed`, then exit status N
//
// The parse time limit is 1 s.
//
//===----------------------------------------------------------------------===//

#include "bnfold/Support/BytecodeReaderGuard.h"

#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/raw_ostream.h"

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <string>
#include <thread>

int main(int argc, char **argv) {
  // Installs LLVM's crash handlers, as in the tools.
  llvm::InitLLVM initLLVM(argc, argv);
  if (argc < 2) {
    llvm::errs() << "usage: bnfold-guard-test crash-while-parsing | "
                    "abort-while-parsing | crash-after-parsing | "
                    "hang-while-parsing | slow-after-parsing | exit N\n";
    return 2;
  }
  std::string mode = argv[1];
  int exitStatus = argc > 2 ? std::atoi(argv[2]) : 0;
  return bnfold::runGuardingBytecodeReader(
      "input.mlirbc", /*parseTimeoutSeconds=*/1,
      [&](llvm::function_ref<void()> parsed) -> int {
        if (mode == "crash-while-parsing")
          std::raise(SIGSEGV);
        if (mode == "abort-while-parsing")
          std::abort();
        if (mode == "hang-while-parsing")
          for (volatile bool spin = true; spin;) {
          }
        parsed();
        if (mode == "crash-after-parsing")
          std::raise(SIGSEGV);
        if (mode == "slow-after-parsing")
          std::this_thread::sleep_for(std::chrono::seconds(2));
        llvm::outs() << "work done\n";
        return exitStatus;
      });
}
