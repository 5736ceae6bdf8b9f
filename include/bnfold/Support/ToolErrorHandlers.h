//===- ToolErrorHandlers.h - Out of memory is an error, not a crash -*- C++ -*-===//
//
// Without handlers, LLVM reports a failed allocation with "LLVM ERROR: out
// of memory", abort() and a stack dump asking for a bug report, and
// report_fatal_error (a thread that cannot be created, an output stream
// that fails, a size past what a SmallVector can hold) the same way. Those
// are conditions of the machine or the input, not bugs: bnfold's tools say
// so in one line and exit with status 1.
//
//===----------------------------------------------------------------------===//

#ifndef BNFOLD_SUPPORT_TOOLERRORHANDLERS_H
#define BNFOLD_SUPPORT_TOOLERRORHANDLERS_H

namespace bnfold {

/// Installs, for the whole process:
///  - LLVM's bad-alloc handler and the C++ new-handler: a failed allocation
///    prints `<toolName>: error: out of memory (<what failed>[; the address
///    space is limited to N MiB])`, removes temporary output files and
///    exits with status 1;
///  - LLVM's fatal-error handler: a system call that failed for lack of
///    memory (ENOMEM, or EAGAIN: "pthread_create failed: Resource
///    temporarily unavailable") is out of memory as above; anything else
///    prints `<toolName>: error: <reason>`,
///    removes temporary output files and exits with status 1. (Inside the
///    guarded phase of an isolated child, bnfold/Support/ProcessIsolation.h,
///    a fatal error stays LLVM's "LLVM ERROR: <reason>" and abort: the
///    parent reports it as a crash of the guarded code.)
/// `toolName` must outlive the process (a string literal). Calling it again
/// replaces the name.
void installToolErrorHandlers(const char *toolName);

/// Whether installToolErrorHandlers has run in this process.
bool toolErrorHandlersInstalled();

} // namespace bnfold

#endif // BNFOLD_SUPPORT_TOOLERRORHANDLERS_H
