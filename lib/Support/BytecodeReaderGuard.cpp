//===- BytecodeReaderGuard.cpp - Contain MLIR bytecode reader crashes -----===//

#include "bnfold/Support/BytecodeReaderGuard.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/ManagedStatic.h"
#include "llvm/Support/Signals.h"
#include "llvm/Support/raw_ostream.h"

#include <cerrno>
#include <chrono>
#include <csignal>
#include <iterator>
#include <limits>
#include <optional>
#include <thread>
#if defined(__unix__) || defined(__APPLE__)
#include <poll.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#define BNFOLD_HAVE_FORK 1
#endif
#ifdef __linux__
#include <sys/prctl.h>
#endif

#ifdef BNFOLD_HAVE_FORK
namespace {

/// The signals a reader bug ends in.
constexpr int kCrashSignals[] = {SIGSEGV, SIGBUS, SIGABRT, SIGFPE, SIGILL};

/// A crash while parsing is the file's: the child leaves without LLVM's
/// stack dump and bug-report request, but still removes its temporary
/// output file as LLVM's handler would.
void onCrashWhileParsing(int signal) {
  llvm::sys::RunInterruptHandlers();
  std::signal(signal, SIG_DFL);
  std::raise(signal);
}

/// Installs onCrashWhileParsing until restore() puts the previous handlers
/// (LLVM's) back.
class ParsingCrashHandlers {
public:
  ParsingCrashHandlers() {
    struct sigaction action;
    memset(&action, 0, sizeof(action));
    action.sa_handler = onCrashWhileParsing;
    action.sa_flags = SA_NODEFER;
    sigemptyset(&action.sa_mask);
    for (size_t i = 0; i < std::size(kCrashSignals); ++i)
      sigaction(kCrashSignals[i], &action, &previous[i]);
  }
  void restore() {
    for (size_t i = 0; i < std::size(kCrashSignals); ++i)
      sigaction(kCrashSignals[i], &previous[i], nullptr);
  }

private:
  struct sigaction previous[std::size(kCrashSignals)];
};

using Clock = std::chrono::steady_clock;

/// Waits until `fd` is readable (a byte, or end of file when the child has
/// exited) or `deadline` passes; false if it passed.
bool waitReadable(int fd, std::optional<Clock::time_point> deadline) {
  struct pollfd entry = {fd, POLLIN, 0};
  while (true) {
    int timeoutMs = -1;
    if (deadline) {
      auto left = std::chrono::ceil<std::chrono::milliseconds>(*deadline -
                                                              Clock::now());
      if (left.count() <= 0)
        return false;
      timeoutMs = static_cast<int>(
          std::min<int64_t>(left.count(), std::numeric_limits<int>::max()));
    }
    int ready = poll(&entry, 1, timeoutMs);
    if (ready > 0)
      return true;
    if (ready < 0 && errno != EINTR)
      return true; // Cannot wait here; the caller's waitpid will.
  }
}

/// Ends a child stuck in the reader: SIGTERM first, so that LLVM's handler
/// removes its temporary output file, then SIGKILL if it lingers.
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

llvm::StringRef displayName(llvm::StringRef inputName) {
  return inputName == "-" ? llvm::StringRef("<stdin>") : inputName;
}

} // namespace
#endif

namespace {
struct GuardCLOptions {
  llvm::cl::opt<unsigned> parseTimeout{
      "bytecode-parse-timeout",
      llvm::cl::desc(
          "Give up on a bytecode input not parsed after this many seconds "
          "(MLIR's reader loops forever on some corrupted files); 0: no "
          "limit (default: 10 plus 1 per 8 MiB of input)"),
      llvm::cl::value_desc("seconds")};
};
} // namespace

static llvm::ManagedStatic<GuardCLOptions> guardCLOptions;

void bnfold::registerBytecodeReaderGuardCLOptions() { *guardCLOptions; }

unsigned bnfold::getBytecodeParseTimeout(uint64_t inputBytes) {
  if (guardCLOptions.isConstructed() &&
      guardCLOptions->parseTimeout.getNumOccurrences())
    return guardCLOptions->parseTimeout;
  return 10 + static_cast<unsigned>(std::min<uint64_t>(
                  inputBytes >> 23, std::numeric_limits<unsigned>::max() - 10));
}

int bnfold::runGuardingBytecodeReader(
    llvm::StringRef inputName, unsigned parseTimeoutSeconds,
    llvm::function_ref<int(llvm::function_ref<void()> parsed)> work) {
#ifdef BNFOLD_HAVE_FORK
  // The child writes one byte here once the input is parsed.
  int parsedPipe[2];
  if (pipe(parsedPipe) != 0)
    return work([] {});
  // Nothing buffered may be written twice.
  llvm::outs().flush();
  llvm::errs().flush();
  pid_t parent = getpid();
  pid_t child = fork();
  if (child < 0) {
    close(parsedPipe[0]);
    close(parsedPipe[1]);
    return work([] {});
  }
  if (child == 0) {
    close(parsedPipe[0]);
#ifdef __linux__
    // Killed with its parent (a build system's timeout, say), a child stuck
    // in the reader would spin on. SIGTERM: LLVM's handler removes the
    // temporary output file.
    prctl(PR_SET_PDEATHSIG, SIGTERM);
    if (getppid() != parent)
      _exit(1);
#endif
    ParsingCrashHandlers handlers;
    int status = work([&] {
      handlers.restore();
      char byte = 1;
      (void)!write(parsedPipe[1], &byte, 1);
    });
    llvm::outs().flush();
    llvm::errs().flush();
    _exit(status);
  }

  close(parsedPipe[1]);
  std::optional<Clock::time_point> deadline;
  if (parseTimeoutSeconds)
    deadline = Clock::now() + std::chrono::seconds(parseTimeoutSeconds);
  if (!waitReadable(parsedPipe[0], deadline)) {
    close(parsedPipe[0]);
    endStuckChild(child);
    llvm::errs() << displayName(inputName)
                 << ": error: not a valid MLIR bytecode file: MLIR's "
                    "bytecode reader did not finish parsing it in "
                 << parseTimeoutSeconds
                 << " s (it loops forever on some corrupted files); a valid "
                    "file this slow to parse needs a larger "
                    "--bytecode-parse-timeout\n";
    return 1;
  }
  char byte = 0;
  ssize_t got;
  do
    got = read(parsedPipe[0], &byte, 1);
  while (got < 0 && errno == EINTR);
  bool parsed = got == 1;
  close(parsedPipe[0]);

  int status = 0;
  pid_t waited;
  do
    waited = waitpid(child, &status, 0);
  while (waited < 0 && errno == EINTR);
  if (waited < 0) {
    llvm::errs() << "error: lost the process reading '" << inputName
                 << "': " << strerror(errno) << "\n";
    return 1;
  }
  if (WIFEXITED(status))
    return WEXITSTATUS(status);
  if (!WIFSIGNALED(status))
    return 1;
  int signal = WTERMSIG(status);
  // Killed from outside (SIGKILL, SIGINT, ...): not the reader's doing.
  bool readerCrash = llvm::is_contained(kCrashSignals, signal);
  if (!parsed && readerCrash) {
    llvm::errs() << displayName(inputName) << ": error: not a valid MLIR bytecode file: MLIR's "
                    "bytecode reader crashed on it ("
                 << strsignal(signal)
                 << "); the file is truncated or corrupted\n";
    return 1;
  }
  // Not the input's fault: end the same way.
  std::signal(signal, SIG_DFL);
  std::raise(signal);
  return 1;
#else
  (void)inputName;
  (void)parseTimeoutSeconds;
  return work([] {});
#endif
}
