//===- OutputFile.h - All-or-nothing output files for the tools -*- C++ -*-===//
//
// The output policy of bnfold's tools (docs/hardening.md, "Output files"):
// a failed run leaves no partial output and an existing output file as it
// was; nothing but the file `-o` leads to is ever created, replaced or
// removed.
//
//===----------------------------------------------------------------------===//

#ifndef BNFOLD_SUPPORT_OUTPUTFILE_H
#define BNFOLD_SUPPORT_OUTPUTFILE_H

#include "mlir/Support/LLVM.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/raw_ostream.h"

namespace bnfold {

/// Runs `run` on the output stream for `path`, all or nothing. Where `path`
/// leads is decided before `run`, and a path that cannot be written is
/// reported then, before any work:
///  - `-`, and a name of one of this process's descriptors (/dev/stdout,
///    /dev/fd/N, /proc/self/fd/N, or a symlink to one): written through
///    that descriptor, as the shell opened it (appending after `>>`),
///    never reopened, truncated or replaced;
///  - an existing FIFO, terminal, device or socket (or a symlink to one):
///    opened for writing, never created, truncated or removed;
///  - a regular file, existing or new, at the end of any symlinks (a
///    dangling symlink is followed, as shell redirection does): the result
///    goes to a temporary file in that file's directory, which replaces the
///    file by rename only when `run` succeeded, keeping its permissions and,
///    where the system allows, its owner and group; the symlinks stay.
///    The temporary file has no name (O_TMPFILE) until the rename, so a run
///    killed even by SIGKILL leaves nothing behind; where the file system
///    cannot do that, it is `<file>.tmp-XXXXXX`, removed on failure and on
///    the signals LLVM handles.
///    Refused: a write-protected file (no write permission for this
///    process, or no write bit at all, even for root), a file of another
///    user in a sticky directory such as /tmp (neither ours nor the
///    directory owner's: it cannot be replaced safely), a symlink of another
///    user in a sticky world-writable directory (not followed), a directory.
/// Errors of its own are printed as `<toolName>: cannot write '<path>': ...`.
llvm::LogicalResult writeOutputFile(
    llvm::StringRef toolName, llvm::StringRef path,
    llvm::function_ref<llvm::LogicalResult(llvm::raw_ostream &)> run);

namespace detail {
/// In a forked child (bnfold/Support/ProcessIsolation.h): stops LLVM's
/// signal handlers from removing the parent's named temporary files, which
/// the child inherited in their list.
void forgetInheritedTemporaryFiles();
} // namespace detail

} // namespace bnfold

#endif // BNFOLD_SUPPORT_OUTPUTFILE_H
