//===- InputFile.cpp - The input file of a bnfold tool --------------------===//

#include "bnfold/Support/InputFile.h"

#include "mlir/Bytecode/BytecodeReader.h"
#include "llvm/ADT/Twine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MathExtras.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/Signals.h"
#include "llvm/Support/raw_ostream.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <sys/mman.h>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>

using namespace bnfold;

//===----------------------------------------------------------------------===//
// A read past the end of a truncated mapped file
//===----------------------------------------------------------------------===//

namespace {
/// The mapped input's pages, and what to print if a read there faults.
std::atomic<uintptr_t> mappedBegin{0}, mappedEnd{0};
/// `<tool>: error: <file> changed while being read\n`, set while mapped.
std::atomic<const char *> changedMessage{nullptr};
char changedMessageStorage[4096];
struct sigaction previousBusAction;

void onBusError(int signal, siginfo_t *info, void *context) {
  auto address = reinterpret_cast<uintptr_t>(info->si_addr);
  const char *message = changedMessage.load();
  if (message && info->si_code > 0 && address >= mappedBegin.load() &&
      address < mappedEnd.load()) {
    (void)!write(STDERR_FILENO, message, strlen(message));
    // Temporary output files registered with LLVM (OutputFile.h).
    llvm::sys::RunInterruptHandlers();
    _exit(1);
  }
  // Someone else's bus error: as if this handler were not there.
  sigaction(SIGBUS, &previousBusAction, nullptr);
  if (info->si_code <= 0) // sent, not a fault: it would not come again
    raise(signal);
  (void)context;
}

/// Reports a bus error in [begin, end) as `message`.
void guardRange(uintptr_t begin, uintptr_t end, const std::string &message) {
  static std::once_flag installed;
  std::call_once(installed, [] {
    struct sigaction action;
    memset(&action, 0, sizeof(action));
    action.sa_sigaction = onBusError;
    action.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_NODEFER;
    sigemptyset(&action.sa_mask);
    sigaction(SIGBUS, &action, &previousBusAction);
  });
  changedMessage = nullptr;
  mappedBegin = begin;
  mappedEnd = end;
  snprintf(changedMessageStorage, sizeof(changedMessageStorage), "%s",
           message.c_str());
  changedMessage = changedMessageStorage;
}

void guardMapping(const llvm::MemoryBuffer &buffer, const std::string &message) {
  uintptr_t pageSize = llvm::sys::Process::getPageSizeEstimate();
  guardRange(llvm::alignDown(
                 reinterpret_cast<uintptr_t>(buffer.getBufferStart()), pageSize),
             llvm::alignTo(reinterpret_cast<uintptr_t>(buffer.getBufferEnd()),
                           pageSize),
             message);
}

void unguardMapping() {
  changedMessage = nullptr;
  mappedBegin = 0;
  mappedEnd = 0;
}
} // namespace

//===----------------------------------------------------------------------===//
// Giving a mapped input's pages back to the kernel
//===----------------------------------------------------------------------===//

/// Every 20 ms, advises the mapping MADV_DONTNEED. On a large model the
/// mapped text (hex, twice the weights) was the largest part of peak
/// memory; bytecode `dense_resource` blobs point into the mapping and are
/// read again by the fold and the printer, which fault their pages back in
/// (64 KiB at a time).
class InputFile::PageReleaser {
public:
  PageReleaser(uintptr_t begin, size_t size) : begin(begin), size(size) {
    thread = std::thread([this] { run(); });
  }
  /// Stops before the buffer may be unmapped.
  ~PageReleaser() {
    {
      std::lock_guard<std::mutex> lock(mutex);
      stopping = true;
    }
    wakeUp.notify_one();
    thread.join();
  }

private:
  void run() {
    std::unique_lock<std::mutex> lock(mutex);
    while (!wakeUp.wait_for(lock, std::chrono::milliseconds(20),
                            [this] { return stopping; }))
      (void)madvise(reinterpret_cast<void *>(begin), size, MADV_DONTNEED);
  }

  uintptr_t begin;
  size_t size;
  std::thread thread;
  std::mutex mutex;
  std::condition_variable wakeUp;
  bool stopping = false;
};

//===----------------------------------------------------------------------===//
// InputFile
//===----------------------------------------------------------------------===//

/// Reads all of stdin, or stops once it holds more than `maxBytes` (0: no
/// limit) and sets `tooLarge`.
static llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>>
readStdin(uint64_t maxBytes, bool &tooLarge) {
  if (maxBytes == 0)
    return llvm::MemoryBuffer::getSTDIN();
  std::string bytes;
  char chunk[1 << 16];
  while (true) {
    llvm::Expected<size_t> n = llvm::sys::fs::readNativeFile(
        llvm::sys::fs::getStdinHandle(),
        llvm::MutableArrayRef<char>(chunk, sizeof(chunk)));
    if (!n)
      return llvm::errorToErrorCode(n.takeError());
    if (*n == 0)
      break;
    bytes.append(chunk, *n);
    if (bytes.size() > maxBytes) {
      tooLarge = true;
      return std::unique_ptr<llvm::MemoryBuffer>();
    }
  }
  return llvm::MemoryBuffer::getMemBufferCopy(bytes, "<stdin>");
}

std::unique_ptr<InputFile> InputFile::open(const char *toolName,
                                           llvm::StringRef path,
                                           std::string &error,
                                           uint64_t maxBytes,
                                           bool *tooLarge) {
  bool overLimit = false;
  if (tooLarge)
    *tooLarge = false;
  std::unique_ptr<InputFile> input(new InputFile());
  input->toolName = toolName;
  input->name = path == "-" ? "<stdin>" : path.str();
  auto fail = [&](const std::string &why) {
    error = "cannot open input file '" + path.str() + "': " + why;
    return nullptr;
  };
  if (path == "-") {
    llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> buffer =
        readStdin(maxBytes, overLimit);
    if (!buffer)
      return fail(buffer.getError().message());
    if (overLimit) {
      if (tooLarge)
        *tooLarge = true;
      return fail("it is larger than " + std::to_string(maxBytes) + " bytes");
    }
    input->buffer = std::move(*buffer);
    return input;
  }
  llvm::Expected<llvm::sys::fs::file_t> fd =
      llvm::sys::fs::openNativeFileForRead(path);
  if (!fd)
    return fail(llvm::toString(fd.takeError()));
  input->fd = *fd;
  struct stat status;
  if (fstat(input->fd, &status) == 0) {
    input->openedSize = status.st_size;
    input->openedMtimeSec = status.st_mtim.tv_sec;
    input->openedMtimeNsec = status.st_mtim.tv_nsec;
    // Decided before the file is mapped or read.
    if (maxBytes && S_ISREG(status.st_mode) &&
        uint64_t(status.st_size) > maxBytes) {
      if (tooLarge)
        *tooLarge = true;
      return fail("it is larger than " + std::to_string(maxBytes) + " bytes");
    }
  }
  // As MemoryBuffer::getFile: mapped when large enough, else read. Mapping
  // already reads the file (the byte after its end): a file truncated
  // meanwhile faults there, before the mapping's address is known, so every
  // address is guarded until then.
  std::string changed =
      (llvm::Twine(toolName) + ": error: " + input->name +
       " changed while being read\n")
          .str();
  guardRange(0, UINTPTR_MAX, changed);
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> buffer =
      llvm::MemoryBuffer::getOpenFile(input->fd, path, /*FileSize=*/-1);
  unguardMapping();
  if (!buffer)
    return fail(buffer.getError().message());
  input->buffer = std::move(*buffer);
  if (input->buffer->getBufferKind() == llvm::MemoryBuffer::MemoryBuffer_MMap)
    guardMapping(*input->buffer, changed);
  return input;
}

InputFile::~InputFile() {
  releaseBuffer();
  if (fd >= 0)
    close(fd);
}

std::unique_ptr<llvm::MemoryBuffer> InputFile::getBufferView() const {
  return llvm::MemoryBuffer::getMemBuffer(buffer->getMemBufferRef(),
                                          /*RequiresNullTerminator=*/true);
}

bool InputFile::isMLIRBytecode() const {
  return buffer && mlir::isBytecode(buffer->getMemBufferRef());
}

void InputFile::startReleasingPages() {
  constexpr uintptr_t kMinSize = uintptr_t(16) << 20;
  if (releaser || !buffer ||
      buffer->getBufferKind() != llvm::MemoryBuffer::MemoryBuffer_MMap)
    return;
  uintptr_t pageSize = llvm::sys::Process::getPageSizeEstimate();
  uintptr_t begin = llvm::alignTo(
      reinterpret_cast<uintptr_t>(buffer->getBufferStart()), pageSize);
  uintptr_t end = llvm::alignDown(
      reinterpret_cast<uintptr_t>(buffer->getBufferEnd()), pageSize);
  if (end <= begin || end - begin < kMinSize)
    return;
  releaser = std::make_unique<PageReleaser>(begin, end - begin);
}

void InputFile::releaseBuffer() {
  releaser.reset();
  if (buffer &&
      buffer->getBufferKind() == llvm::MemoryBuffer::MemoryBuffer_MMap)
    unguardMapping();
  buffer.reset();
}

bool InputFile::reportIfChanged() const {
  struct stat status;
  if (fd < 0 || fstat(fd, &status) != 0)
    return false;
  if (status.st_size == openedSize && status.st_mtim.tv_sec == openedMtimeSec &&
      status.st_mtim.tv_nsec == openedMtimeNsec)
    return false;
  llvm::errs() << toolName << ": error: " << name
               << " changed while being read\n";
  return true;
}
