//===- ProcessIsolation.cpp - Run a job in a child process ----------------===//
//
// Two pipes connect the child to the parent: a control pipe for one-byte
// events ('P': the guarded phase ended, 'M': out of memory, 'S': the
// stack is exhausted) and a data pipe for what the job sends. The parent
// reads both until the child has closed them (it exits), with the deadline
// of the guarded phase, then reaps it and classifies its end.
//
//===----------------------------------------------------------------------===//

#include "bnfold/Support/ProcessIsolation.h"
#include "bnfold/Support/OutputFile.h"
#include "bnfold/Support/ToolErrorHandlers.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/Twine.h"
#include "llvm/Support/Signals.h"
#include "llvm/Support/raw_ostream.h"

#include <atomic>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <iterator>
#include <optional>
#include <poll.h>
#include <pthread.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

using namespace bnfold;

namespace {

constexpr char kPhaseEnded = 'P';
constexpr char kOutOfMemory = 'M';
constexpr char kStackExhausted = 'S';

/// The signals a bug in the guarded code ends in.
constexpr int kCrashSignals[] = {SIGSEGV, SIGBUS, SIGABRT, SIGFPE, SIGILL};

//===----------------------------------------------------------------------===//
// The child's side
//===----------------------------------------------------------------------===//

/// The control pipe's write end in an isolated child, else -1.
std::atomic<int> childControlFd{-1};
std::atomic<bool> childInGuardedPhase{false};
/// The child's stack: [stackLow, stackHigh). A fault in it, or in the gap
/// below it, is a stack that could not grow further.
uintptr_t stackLow = 0, stackHigh = 0;
constexpr uintptr_t kStackGapBytes = uintptr_t(1) << 20;
struct sigaction previousActions[std::size(kCrashSignals)];

void writeByte(int fd, char byte) {
  if (fd < 0)
    return;
  while (write(fd, &byte, 1) < 0 && errno == EINTR) {
  }
}

bool writeAll(int fd, llvm::StringRef bytes) {
  const char *p = bytes.data();
  size_t left = bytes.size();
  while (left > 0) {
    ssize_t n = write(fd, p, left);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      return false;
    p += n;
    left -= static_cast<size_t>(n);
  }
  return true;
}

/// A crash in the guarded phase: no LLVM stack dump (the parent reports),
/// but the child's temporary files go, as LLVM's handler would remove them.
void onCrashWhileGuarded(int signal, siginfo_t *info, void *) {
  auto address = reinterpret_cast<uintptr_t>(info ? info->si_addr : nullptr);
  if ((signal == SIGSEGV || signal == SIGBUS) && stackHigh &&
      address + kStackGapBytes >= stackLow && address < stackHigh)
    writeByte(childControlFd.load(), kStackExhausted);
  llvm::sys::RunInterruptHandlers();
  std::signal(signal, SIG_DFL);
  std::raise(signal);
}

/// Runs onCrashWhileGuarded on an alternate stack, so that it also runs
/// when the stack is what is exhausted. LLVM's handlers set one up for the
/// thread that installs them; this makes sure the forked thread has one.
void ensureAlternateSignalStack() {
  stack_t current;
  if (sigaltstack(nullptr, &current) == 0 && !(current.ss_flags & SS_DISABLE) &&
      current.ss_size >= 64 * 1024)
    return;
  size_t size = 256 * 1024;
  void *memory = mmap(nullptr, size, PROT_READ | PROT_WRITE,
                      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (memory == MAP_FAILED)
    return;
  stack_t alternate;
  alternate.ss_sp = memory;
  alternate.ss_size = size;
  alternate.ss_flags = 0;
  (void)sigaltstack(&alternate, nullptr);
}

void recordStackBounds() {
  pthread_attr_t attr;
  if (pthread_getattr_np(pthread_self(), &attr) != 0)
    return;
  void *address = nullptr;
  size_t size = 0;
  if (pthread_attr_getstack(&attr, &address, &size) == 0) {
    stackLow = reinterpret_cast<uintptr_t>(address);
    stackHigh = stackLow + size;
  }
  pthread_attr_destroy(&attr);
}

void installGuardedCrashHandlers() {
  struct sigaction action;
  memset(&action, 0, sizeof(action));
  action.sa_sigaction = onCrashWhileGuarded;
  action.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_NODEFER;
  sigemptyset(&action.sa_mask);
  for (size_t i = 0; i < std::size(kCrashSignals); ++i)
    sigaction(kCrashSignals[i], &action, &previousActions[i]);
}

void restoreCrashHandlers() {
  for (size_t i = 0; i < std::size(kCrashSignals); ++i)
    sigaction(kCrashSignals[i], &previousActions[i], nullptr);
}

//===----------------------------------------------------------------------===//
// The parent's side
//===----------------------------------------------------------------------===//

using Clock = std::chrono::steady_clock;

/// Ends a child past its deadline: SIGTERM first, so that LLVM's handler
/// removes its temporary files, then SIGKILL if it lingers.
void endStuckChild(pid_t child) {
  kill(child, SIGTERM);
  for (int i = 0; i < 100; ++i) {
    if (waitpid(child, nullptr, WNOHANG) != 0)
      return;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  kill(child, SIGKILL);
  while (waitpid(child, nullptr, 0) < 0 && errno == EINTR) {
  }
}

std::string errnoMessage(const char *what) {
  return (llvm::Twine(what) + ": " + strerror(errno)).str();
}

} // namespace

bool IsolatedJob::send(llvm::StringRef bytes) { return writeAll(dataFd, bytes); }

void IsolatedJob::endGuardedPhase() {
  if (!guarded)
    return;
  guarded = false;
  restoreCrashHandlers();
  childInGuardedPhase = false;
  writeByte(controlFd, kPhaseEnded);
}

void detail::notifyParentOfOutOfMemory() {
  writeByte(childControlFd.load(), kOutOfMemory);
}

bool detail::inIsolatedGuardedPhase() { return childInGuardedPhase.load(); }

IsolatedRun bnfold::runIsolated(const IsolationOptions &options,
                                llvm::function_ref<int(IsolatedJob &)> job) {
  IsolatedRun run;
  int control[2], data[2];
  if (pipe2(control, O_CLOEXEC) != 0) {
    run.error = errnoMessage("cannot create a pipe");
    return run;
  }
  if (pipe2(data, O_CLOEXEC) != 0) {
    run.error = errnoMessage("cannot create a pipe");
    close(control[0]);
    close(control[1]);
    return run;
  }
  // Nothing buffered may be written twice.
  llvm::outs().flush();
  llvm::errs().flush();
  pid_t parent = getpid();
  pid_t child = fork();
  if (child < 0) {
    run.error = errnoMessage("cannot fork");
    for (int fd : {control[0], control[1], data[0], data[1]})
      close(fd);
    return run;
  }

  if (child == 0) {
    close(control[0]);
    close(data[0]);
#ifdef __linux__
    // Killed with its parent (a build system's timeout, say), a child stuck
    // in the guarded code would spin on. SIGTERM: LLVM's handler removes
    // the child's temporary files.
    prctl(PR_SET_PDEATHSIG, SIGTERM);
    if (getppid() != parent)
      _exit(1);
#endif
    if (options.silenceStderr)
      if (int devNull = open("/dev/null", O_WRONLY | O_CLOEXEC); devNull >= 0)
        dup2(devNull, STDERR_FILENO);
    childControlFd = control[1];
    childInGuardedPhase = true;
    if (!toolErrorHandlersInstalled())
      installToolErrorHandlers("bnfold");
    detail::forgetInheritedTemporaryFiles();
    ensureAlternateSignalStack();
    recordStackBounds();
    installGuardedCrashHandlers();
    IsolatedJob handle(control[1], data[1]);
    int status = job(handle);
    llvm::outs().flush();
    llvm::errs().flush();
    _exit(status);
  }

  close(control[1]);
  close(data[1]);
  std::optional<Clock::time_point> deadline;
  if (options.timeoutSeconds)
    deadline = Clock::now() + std::chrono::seconds(options.timeoutSeconds);
  bool guarded = true, outOfMemory = false, stackExhausted = false;
  bool timedOut = false;
  struct pollfd fds[2] = {{control[0], POLLIN, 0}, {data[0], POLLIN, 0}};
  while (fds[0].fd >= 0 || fds[1].fd >= 0) {
    int timeoutMs = -1;
    if (guarded && deadline) {
      auto left = std::chrono::ceil<std::chrono::milliseconds>(*deadline -
                                                              Clock::now());
      if (left.count() <= 0) {
        timedOut = true;
        break;
      }
      timeoutMs = static_cast<int>(std::min<int64_t>(left.count(), 1 << 30));
    }
    int ready = poll(fds, 2, timeoutMs);
    if (ready < 0 && errno == EINTR)
      continue;
    if (ready < 0)
      break; // waitpid below still learns how the child ended
    char buffer[65536];
    for (struct pollfd &entry : fds) {
      if (entry.fd < 0 || !entry.revents)
        continue;
      ssize_t n = read(entry.fd, buffer, sizeof(buffer));
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0) {
        close(entry.fd);
        entry.fd = -1;
        continue;
      }
      if (&entry == &fds[1]) {
        run.bytes.append(buffer, static_cast<size_t>(n));
        continue;
      }
      for (char event : llvm::ArrayRef<char>(buffer, static_cast<size_t>(n))) {
        guarded &= event != kPhaseEnded;
        outOfMemory |= event == kOutOfMemory;
        stackExhausted |= event == kStackExhausted;
      }
    }
  }
  for (struct pollfd &entry : fds)
    if (entry.fd >= 0)
      close(entry.fd);
  run.inGuardedPhase = guarded;
  if (timedOut) {
    endStuckChild(child);
    run.outcome = IsolatedRun::Outcome::TimedOut;
    return run;
  }

  int status = 0;
  pid_t waited;
  do
    waited = waitpid(child, &status, 0);
  while (waited < 0 && errno == EINTR);
  if (waited < 0) {
    run.outcome = IsolatedRun::Outcome::Killed;
    run.error = errnoMessage("lost the child process");
    return run;
  }
  if (outOfMemory) {
    run.outcome = IsolatedRun::Outcome::OutOfMemory;
    run.exitStatus = WIFEXITED(status) ? WEXITSTATUS(status) : 1;
    return run;
  }
  if (WIFEXITED(status)) {
    run.outcome = IsolatedRun::Outcome::Finished;
    run.exitStatus = WEXITSTATUS(status);
    return run;
  }
  run.signal = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
  if (!llvm::is_contained(kCrashSignals, run.signal))
    run.outcome = IsolatedRun::Outcome::Killed;
  else if (stackExhausted)
    run.outcome = IsolatedRun::Outcome::StackExhausted;
  else
    run.outcome = IsolatedRun::Outcome::Crashed;
  return run;
}

std::string bnfold::describeOutcome(const IsolatedRun &run,
                                    const IsolationOptions &options) {
  using Outcome = IsolatedRun::Outcome;
  switch (run.outcome) {
  case Outcome::Finished:
    return "exited with status " + std::to_string(run.exitStatus);
  case Outcome::Crashed:
    return std::string("crashed (") + strsignal(run.signal) + ")";
  case Outcome::StackExhausted:
    return std::string("ran out of stack (") + strsignal(run.signal) + ")";
  case Outcome::OutOfMemory:
    return "ran out of memory";
  case Outcome::TimedOut:
    return "did not finish in " + std::to_string(options.timeoutSeconds) + " s";
  case Outcome::Killed:
    return run.signal ? std::string("was killed (") + strsignal(run.signal) + ")"
                      : run.error;
  case Outcome::NotStarted:
    return "could not be started: " + run.error;
  }
  return "ended";
}
