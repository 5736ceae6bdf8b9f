//===- ProcessIsolation.h - Run a job in a child process ---------*- C++ -*-===//
//
// Some code bnfold runs cannot be trusted with hostile input: MLIR 22's
// bytecode reader crashes or loops on some corrupted files, libonnx's
// checker and shape inference crash on some malformed models. runIsolated
// runs such a job in a forked child and says how it ended, so that the tool
// can turn a crash, a hang or an exhausted memory into an error message.
//
// The job runs in a fork of this process: it reads its input straight from
// memory (a parsed model, a serialized one in a string, a mapped file);
// only what it sends back (IsolatedJob::send) and its exit status cross
// back. A job starts in its *guarded phase*: a deadline applies, and a
// crash ends the child quietly (no LLVM stack dump) and is reported to the
// parent as the outcome. A job that goes on to do work of its own after
// the untrusted part (bnfold-opt's whole run after the bytecode reader)
// calls IsolatedJob::endGuardedPhase: from there on no deadline applies
// and a crash is an ordinary crash of the tool.
//
// A library call that may crash, hang or exhaust memory on hostile input,
// with its result sent back:
//
//   IsolationOptions options;
//   options.timeoutSeconds = 60;
//   options.silenceStderr = true;
//   IsolatedRun run = runIsolated(options, [&](IsolatedJob &job) {
//     checkAndInfer(model);              // reads the parent's model
//     job.send(serializeTypes(model));   // the result crosses back
//     return 0;
//   });
//   if (run.outcome != IsolatedRun::Outcome::Finished || run.exitStatus)
//     error = "shape inference " + describeOutcome(run, options);
//
//===----------------------------------------------------------------------===//

#ifndef BNFOLD_SUPPORT_PROCESSISOLATION_H
#define BNFOLD_SUPPORT_PROCESSISOLATION_H

#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringRef.h"

#include <string>

namespace bnfold {

/// How runIsolated runs its job.
struct IsolationOptions {
  /// Seconds the guarded phase may take; past them the child gets SIGTERM
  /// (LLVM's handler removes its temporary files), then SIGKILL. 0: none.
  unsigned timeoutSeconds = 0;
  /// Sends the child's stderr to /dev/null: for library code whose own
  /// messages on a crash mean nothing to a user (the parent reports).
  bool silenceStderr = false;
};

/// How a job run by runIsolated ended.
struct IsolatedRun {
  enum class Outcome {
    /// The job returned `exitStatus` (or the child called exit).
    Finished,
    /// The child died of a crash signal (SIGSEGV, SIGBUS, SIGABRT, SIGFPE,
    /// SIGILL): `signal`.
    Crashed,
    /// A crash that faulted at the end of the child's stack: the job
    /// recursed deeper than its stack allows (`signal` as for Crashed).
    StackExhausted,
    /// An allocation failed in the child (LLVM's bad-alloc handler or a
    /// failed operator new; see bnfold/Support/ToolErrorHandlers.h).
    OutOfMemory,
    /// The guarded phase outlasted IsolationOptions::timeoutSeconds; the
    /// child was terminated.
    TimedOut,
    /// Another signal ended the child (SIGKILL, SIGTERM, SIGINT, ... from
    /// outside, such as the kernel's out-of-memory killer): `signal`.
    Killed,
    /// No child could be started (`error` says why); nothing ran.
    NotStarted,
  };
  Outcome outcome = Outcome::NotStarted;
  int exitStatus = 0;
  int signal = 0;
  /// Whether the child ended (or was ended) inside its guarded phase.
  bool inGuardedPhase = true;
  /// What the job sent.
  std::string bytes;
  std::string error;
};

/// The child's side, handed to the job.
class IsolatedJob {
public:
  /// Appends `bytes` to what the parent receives (IsolatedRun::bytes).
  /// Returns false if the parent is gone.
  bool send(llvm::StringRef bytes);
  /// Ends the guarded phase (see the file comment). Idempotent.
  void endGuardedPhase();

private:
  friend IsolatedRun runIsolated(const IsolationOptions &,
                                 llvm::function_ref<int(IsolatedJob &)>);
  IsolatedJob(int controlFd, int dataFd)
      : controlFd(controlFd), dataFd(dataFd) {}
  int controlFd;
  int dataFd;
  bool guarded = true;
};

/// Runs `job` in a forked child process and waits for it. The child ends
/// with the job's return value as exit status; it is terminated (SIGTERM)
/// if this process dies first, and it never runs the parent's exit
/// handlers or removes the parent's temporary output files (it forgets them,
/// bnfold/Support/OutputFile.h) while its own are removed when it crashes,
/// is terminated or runs out of memory. Forks: call it while no other
/// thread holds a lock the job needs (in practice: before the tool starts
/// threads, or where the threads started are idle).
IsolatedRun runIsolated(const IsolationOptions &options,
                        llvm::function_ref<int(IsolatedJob &)> job);

/// A short description of how a run ended ("crashed (Segmentation fault)",
/// "did not finish in 10 s", ...) for messages.
std::string describeOutcome(const IsolatedRun &run,
                            const IsolationOptions &options);

namespace detail {
/// In an isolated child: tells the parent that the child ran out of
/// memory (called by the tool's out-of-memory handler before it exits).
/// Async-signal-safe; does nothing in other processes.
void notifyParentOfOutOfMemory();
/// Whether this process is an isolated child still in its guarded phase.
bool inIsolatedGuardedPhase();
} // namespace detail

} // namespace bnfold

#endif // BNFOLD_SUPPORT_PROCESSISOLATION_H
