//===- BytecodeReaderGuard.cpp - Contain MLIR bytecode reader crashes -----===//

#include "bnfold/Support/BytecodeReaderGuard.h"
#include "bnfold/Support/ProcessIsolation.h"

#include "llvm/Support/raw_ostream.h"

#include <csignal>
#include <cstring>

/// Ends this process the way the child ended.
[[noreturn]] static void raiseAgain(int signal) {
  std::signal(signal, SIG_DFL);
  std::raise(signal);
  _Exit(1);
}

int bnfold::runGuardingBytecodeReader(
    llvm::StringRef inputName, unsigned parseTimeoutSeconds,
    llvm::function_ref<int(llvm::function_ref<void()> parsed)> work,
    llvm::function_ref<bool()> reportIfInputChanged) {
  IsolationOptions options;
  options.timeoutSeconds = parseTimeoutSeconds;
  IsolatedRun run = runIsolated(options, [&](IsolatedJob &job) {
    return work([&] { job.endGuardedPhase(); });
  });
  llvm::StringRef name = inputName == "-" ? "<stdin>" : inputName;
  using Outcome = IsolatedRun::Outcome;
  switch (run.outcome) {
  case Outcome::NotStarted:
    return work([] {});
  case Outcome::Finished:
    return run.exitStatus;
  case Outcome::OutOfMemory:
    return 1;
  case Outcome::TimedOut:
    llvm::errs() << name
                 << ": error: not a valid MLIR bytecode file: MLIR's "
                    "bytecode reader did not finish parsing it in "
                 << parseTimeoutSeconds
                 << " s (it loops forever on some corrupted files); a valid "
                    "file this slow to parse needs a larger "
                    "--bytecode-parse-timeout\n";
    return 1;
  case Outcome::Crashed:
  case Outcome::StackExhausted:
    if (!run.inGuardedPhase)
      raiseAgain(run.signal);
    if (reportIfInputChanged && reportIfInputChanged())
      return 1;
    if (run.outcome == Outcome::StackExhausted) {
      llvm::errs() << name
                   << ": error: MLIR's bytecode reader ran out of stack on "
                      "it: the file nests operations, attributes or types "
                      "too deeply to be read\n";
      return 1;
    }
    llvm::errs() << name
                 << ": error: not a valid MLIR bytecode file: MLIR's "
                    "bytecode reader crashed on it ("
                 << strsignal(run.signal)
                 << "); the file is truncated or corrupted\n";
    return 1;
  case Outcome::Killed:
    // Not the input's fault (SIGKILL, SIGINT, ... from outside).
    if (run.signal)
      raiseAgain(run.signal);
    llvm::errs() << "error: lost the process reading '" << inputName
                 << "': " << run.error << "\n";
    return 1;
  }
  return 1;
}
