//===- BytecodeReaderGuard.cpp - Contain MLIR bytecode reader crashes -----===//

#include "bnfold/Support/BytecodeReaderGuard.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/Signals.h"
#include "llvm/Support/raw_ostream.h"

#include <cerrno>
#include <csignal>
#include <iterator>
#if defined(__unix__) || defined(__APPLE__)
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#define BNFOLD_HAVE_FORK 1
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

} // namespace
#endif

int bnfold::runGuardingBytecodeReader(
    llvm::StringRef inputName,
    llvm::function_ref<int(llvm::function_ref<void()> parsed)> work) {
#ifdef BNFOLD_HAVE_FORK
  // The child writes one byte here once the input is parsed.
  int parsedPipe[2];
  if (pipe(parsedPipe) != 0)
    return work([] {});
  // Nothing buffered may be written twice.
  llvm::outs().flush();
  llvm::errs().flush();
  pid_t child = fork();
  if (child < 0) {
    close(parsedPipe[0]);
    close(parsedPipe[1]);
    return work([] {});
  }
  if (child == 0) {
    close(parsedPipe[0]);
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
  char byte = 0;
  bool parsed = read(parsedPipe[0], &byte, 1) == 1;
  close(parsedPipe[0]);
  if (WIFEXITED(status))
    return WEXITSTATUS(status);
  if (!WIFSIGNALED(status))
    return 1;
  int signal = WTERMSIG(status);
  // Killed from outside (SIGKILL, SIGINT, ...): not the reader's doing.
  bool readerCrash = llvm::is_contained(kCrashSignals, signal);
  if (!parsed && readerCrash) {
    llvm::errs() << (inputName == "-" ? llvm::StringRef("<stdin>") : inputName)
                 << ": error: not a valid MLIR bytecode file: MLIR's "
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
  return work([] {});
#endif
}
