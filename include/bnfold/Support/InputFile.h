//===- InputFile.h - The input file of a bnfold tool -------------*- C++ -*-===//
//
// A tool's input, read the way MLIR's drivers read it (a file of 16 KiB or
// more is memory-mapped, stdin is read into memory), plus what a mapped
// file needs on a shared machine:
//  - the file may change while the tool reads it: a read past a new end of
//    file (the file was truncated) would be a SIGBUS crash; it is reported
//    as `<tool>: error: <file> changed while being read`, exit status 1,
//    and any other change is caught before the output is written
//    (reportIfChanged);
//  - the driver keeps the whole input for the run, but reads it front to
//    back and afterwards only to quote a source line in a diagnostic (and,
//    for bytecode `dense_resource` weights, the blobs that point into it):
//    startReleasingPages gives its pages back to the kernel while the run
//    goes on, so that a large model is not held twice in memory (the
//    tools' `--release-input-pages`, on by default; docs/hardening.md
//    measures it).
//
//===----------------------------------------------------------------------===//

#ifndef BNFOLD_SUPPORT_INPUTFILE_H
#define BNFOLD_SUPPORT_INPUTFILE_H

#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <memory>
#include <string>

namespace llvm {
class MemoryBuffer;
} // namespace llvm

namespace bnfold {

class InputFile {
public:
  /// Opens `path` (`-`: stdin) for `toolName` (a string literal: it names
  /// the tool in the change report). On failure, null and `error` says why
  /// (`cannot open input file '<path>': ...`).
  /// With `maxBytes` (0: no limit), a file larger than that is refused
  /// before it is mapped or read (stdin: once that much has been read), and
  /// `*tooLarge` (if given) says that this was the reason.
  static std::unique_ptr<InputFile> open(const char *toolName,
                                         llvm::StringRef path,
                                         std::string &error,
                                         uint64_t maxBytes = 0,
                                         bool *tooLarge = nullptr);
  ~InputFile();

  /// The path, or `<stdin>`.
  llvm::StringRef getName() const { return name; }
  /// The contents, NUL-terminated.
  const llvm::MemoryBuffer &getBuffer() const { return *buffer; }
  /// A non-owning buffer over the contents, for APIs that take ownership.
  std::unique_ptr<llvm::MemoryBuffer> getBufferView() const;
  bool isMLIRBytecode() const;

  /// Starts a thread that every 20 ms advises a mapped input of 16 MiB or
  /// more MADV_DONTNEED: it is a
  /// read-only private file mapping, so a later read faults the same bytes
  /// back in from the page cache; only the resident size changes. Start it
  /// after any fork (a process must not fork with threads running).
  void startReleasingPages();

  /// Drops the contents (for a tool that has copied what it needs).
  void releaseBuffer();

  /// If the file's size or modification time is no longer what it was
  /// when opened, prints `<tool>: error: <file> changed while being read`
  /// and returns true.
  bool reportIfChanged() const;

private:
  InputFile() = default;
  class PageReleaser;

  const char *toolName = "";
  std::string name;
  std::unique_ptr<llvm::MemoryBuffer> buffer;
  /// Kept open to compare its status later; -1 for stdin.
  int fd = -1;
  long long openedSize = 0, openedMtimeSec = 0, openedMtimeNsec = 0;
  std::unique_ptr<PageReleaser> releaser;
};

} // namespace bnfold

#endif // BNFOLD_SUPPORT_INPUTFILE_H
