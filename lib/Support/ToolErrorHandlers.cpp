//===- ToolErrorHandlers.cpp - Out of memory is an error, not a crash -----===//
//
// The handlers run when memory is exhausted: they allocate nothing and
// write with write(2).
//
//===----------------------------------------------------------------------===//

#include "bnfold/Support/ToolErrorHandlers.h"
#include "bnfold/Support/ProcessIsolation.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/ErrorHandling.h"
#include "llvm/Support/Signals.h"

#include <atomic>
#include <cerrno>
#include <cstring>
#include <new>
#include <sys/resource.h>
#include <unistd.h>

namespace {

std::atomic<const char *> toolName{nullptr};
/// Set by the first thread that reports; others wait for it to exit.
std::atomic_flag reporting = ATOMIC_FLAG_INIT;

void writeString(const char *text) {
  size_t left = strlen(text);
  while (left > 0) {
    ssize_t n = write(STDERR_FILENO, text, left);
    if (n <= 0)
      return;
    text += n;
    left -= static_cast<size_t>(n);
  }
}

void writeNumber(unsigned long long value) {
  char digits[24];
  char *p = digits + sizeof(digits);
  *--p = '\0';
  do
    *--p = static_cast<char>('0' + value % 10);
  while ((value /= 10) != 0);
  writeString(p);
}

/// Lets one thread report and exit; the others never return.
void becomeTheReporter() {
  if (!reporting.test_and_set())
    return;
  while (true)
    pause();
}

[[noreturn]] void exitAfterReport() {
  // Temporary output files registered with LLVM (OutputFile.h).
  llvm::sys::RunInterruptHandlers();
  _exit(1);
}

[[noreturn]] void reportOutOfMemory(const char *what) {
  becomeTheReporter();
  bnfold::detail::notifyParentOfOutOfMemory();
  writeString(toolName.load());
  writeString(": error: out of memory (");
  writeString(what && *what ? what : "allocation failed");
  struct rlimit limit;
  if (getrlimit(RLIMIT_AS, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY) {
    writeString("; the address space is limited to ");
    writeNumber(static_cast<unsigned long long>(limit.rlim_cur) >> 20);
    writeString(" MiB");
  }
  writeString(")\n");
  exitAfterReport();
}

void onBadAlloc(void *, const char *reason, bool) { reportOutOfMemory(reason); }

void onNewFailure() { reportOutOfMemory("operator new failed"); }

/// LLVM reports a failed system call as "<what>: <strerror(errno)>"; out
/// of memory shows as ENOMEM or, for a thread's stack, EAGAIN.
bool isOutOfMemory(const char *reason) {
  llvm::StringRef text(reason);
  return text.ends_with(strerror(ENOMEM)) || text.ends_with(strerror(EAGAIN));
}

void onFatalError(void *, const char *reason, bool) {
  if (isOutOfMemory(reason))
    reportOutOfMemory(reason);
  if (bnfold::detail::inIsolatedGuardedPhase()) {
    // LLVM's own report; it then aborts and the parent reports the crash.
    writeString("LLVM ERROR: ");
    writeString(reason);
    writeString("\n");
    return;
  }
  becomeTheReporter();
  writeString(toolName.load());
  writeString(": error: ");
  writeString(reason);
  writeString("\n");
  exitAfterReport();
}

} // namespace

void bnfold::installToolErrorHandlers(const char *name) {
  bool first = toolName.exchange(name) == nullptr;
  if (!first)
    return;
  llvm::install_bad_alloc_error_handler(onBadAlloc);
  llvm::install_fatal_error_handler(onFatalError);
  std::set_new_handler(onNewFailure);
}

bool bnfold::toolErrorHandlersInstalled() { return toolName.load() != nullptr; }
