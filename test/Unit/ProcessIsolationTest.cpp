//===- ProcessIsolationTest.cpp - bnfold-isolation-test -------------------===//
//
// Runs one job through bnfold::runIsolated and prints how it ended
// (test/Unit/process-isolation*.test):
//
//   bnfold-isolation-test <mode> [<marker>]
//
// The job's input is a "model" string it reads from the parent's memory
// (as the libonnx isolation reads its model); it sends back a result line
// and 1 MiB of bytes computed from the model (more than a pipe holds), then
// returns 3. The guarded phase has a 1 s time limit. Modes:
//
//   finish                   the above
//   crash                    SIGSEGV in the guarded phase
//   abort                    abort() in the guarded phase
//   fatal-error              report_fatal_error in the guarded phase
//   recurse                  unbounded recursion in the guarded phase
//   hang                     spins in the guarded phase
//   out-of-memory-new        operator new of 2^60 bytes
//   out-of-memory-llvm       llvm::safe_malloc of 2^60 bytes
//   killed                   raise(SIGKILL)
//   crash-after-phase        ends the guarded phase, then SIGSEGV
//   fatal-error-after-phase  ends the guarded phase, then report_fatal_error
//   slow-after-phase         ends the guarded phase, 2 s of work, finishes
//   silent-crash             prints to stderr and crashes, stderr silenced
//   crash-with-temp DIR      creates a temporary file in DIR, then SIGSEGV
//   orphan                   ends the guarded phase and spins (no limit):
//                            for a test that kills this process
//
//===----------------------------------------------------------------------===//

#include "bnfold/Support/ProcessIsolation.h"
#include "bnfold/Support/ToolErrorHandlers.h"

#include "llvm/Support/ErrorHandling.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/MemAlloc.h"
#include "llvm/Support/raw_ostream.h"

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <string>
#include <thread>

using namespace bnfold;

static const char *outcomeName(IsolatedRun::Outcome outcome) {
  switch (outcome) {
  case IsolatedRun::Outcome::Finished:
    return "finished";
  case IsolatedRun::Outcome::Crashed:
    return "crashed";
  case IsolatedRun::Outcome::StackExhausted:
    return "stack-exhausted";
  case IsolatedRun::Outcome::OutOfMemory:
    return "out-of-memory";
  case IsolatedRun::Outcome::TimedOut:
    return "timed-out";
  case IsolatedRun::Outcome::Killed:
    return "killed";
  case IsolatedRun::Outcome::NotStarted:
    return "not-started";
  }
  return "?";
}

/// Recurses until the stack runs out; `frame` keeps each frame real.
static int recurse(int depth) {
  if (depth < 0) // never: keeps the compiler from calling this infinite
    return 0;
  volatile char frame[512];
  frame[depth % sizeof(frame)] = static_cast<char>(depth);
  return recurse(depth + 1) + frame[0];
}

int main(int argc, char **argv) {
  llvm::InitLLVM initLLVM(argc, argv);
  installToolErrorHandlers("bnfold-isolation-test");
  if (argc < 2) {
    llvm::errs() << "usage: bnfold-isolation-test <mode>\n";
    return 2;
  }
  std::string mode = argv[1];
  std::string model = "conv-bn-relu";

  IsolationOptions options;
  options.timeoutSeconds = mode == "orphan" ? 0 : 1;
  options.silenceStderr = mode == "silent-crash";
  IsolatedRun run = runIsolated(options, [&](IsolatedJob &job) -> int {
    if (mode == "crash" || mode == "silent-crash") {
      llvm::errs() << "library noise\n";
      std::raise(SIGSEGV);
    }
    if (mode == "crash-with-temp") {
      llvm::Expected<llvm::sys::fs::TempFile> temp =
          llvm::sys::fs::TempFile::create(std::string(argv[2]) +
                                          "/child-%%%%%%");
      if (!temp)
        return 2;
      std::raise(SIGSEGV);
    }
    if (mode == "abort")
      std::abort();
    if (mode == "fatal-error")
      llvm::report_fatal_error("the guarded code gave up");
    if (mode == "recurse")
      return recurse(0);
    if (mode == "hang")
      for (volatile bool spin = true; spin;) {
      }
    if (mode == "out-of-memory-new")
      return static_cast<int>(reinterpret_cast<uintptr_t>(
          new char[size_t(1) << 60]));
    if (mode == "out-of-memory-llvm")
      return static_cast<int>(
          reinterpret_cast<uintptr_t>(llvm::safe_malloc(size_t(1) << 60)));
    if (mode == "killed")
      std::raise(SIGKILL);
    job.send("result: " + model + " has " + std::to_string(model.size()) +
             " bytes\n");
    if (mode.find("after-phase") != std::string::npos || mode == "orphan")
      job.endGuardedPhase();
    if (mode == "crash-after-phase")
      std::raise(SIGSEGV);
    if (mode == "fatal-error-after-phase")
      llvm::report_fatal_error("the tool gave up");
    if (mode == "slow-after-phase")
      std::this_thread::sleep_for(std::chrono::seconds(2));
    if (mode == "orphan")
      for (volatile bool spin = true; spin;) {
      }
    job.send(std::string(1 << 20, model[0]));
    return 3;
  });

  llvm::outs() << "outcome: " << outcomeName(run.outcome)
               << "\nexit status: " << run.exitStatus
               << "\nsignal: " << run.signal
               << "\nin guarded phase: " << (run.inGuardedPhase ? 1 : 0)
               << "\nbytes: " << run.bytes.size() << "\n";
  size_t line = run.bytes.find('\n');
  if (line != std::string::npos)
    llvm::outs() << run.bytes.substr(0, line + 1);
  llvm::outs() << "described: " << describeOutcome(run, options) << "\n";
  return 0;
}
