//===- OutputFile.cpp - All-or-nothing output files for the tools ---------===//
//
// Shared by bnfold-opt and bnfold-translate (see OutputFile.h). The path is
// resolved by hand, one symlink at a time, so that every step can be
// checked: which file a rename will replace, whether a link names one of
// our descriptors, whether a link or file belongs to someone the kernel's
// fs.protected_symlinks / fs.protected_regular would not trust.
//
//===----------------------------------------------------------------------===//

#include "bnfold/Support/OutputFile.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/Twine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Signals.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <mutex>
#include <optional>
#include <string>
#include <sys/stat.h>
#include <unistd.h>
#include <utility>
#include <vector>

using namespace llvm;

namespace {

/// Where `-o` leads.
struct Destination {
  enum Kind {
    /// An open descriptor of this process (`-` is 1).
    Descriptor,
    /// An existing FIFO, terminal, device or socket: `path`.
    Device,
    /// A regular file, existing (`existing`) or new: `path`, links followed.
    File,
  };
  Kind kind = File;
  int fd = -1;
  std::string path;
  std::optional<struct stat> existing;
};

std::string errorText(int error) { return strerror(error); }

std::string directoryOf(StringRef path) {
  StringRef parent = sys::path::parent_path(path);
  return parent.empty() ? "." : parent.str();
}

/// The descriptor `path` names, if it is /proc/<this pid>/fd/N (however
/// reached: /proc/self/fd, /dev/fd, /proc/thread-self/fd).
std::optional<int> descriptorNamedBy(StringRef path) {
#ifdef __linux__
  StringRef name = sys::path::filename(path);
  unsigned fd;
  if (name.getAsInteger(10, fd))
    return std::nullopt;
  SmallString<64> directory;
  if (sys::fs::real_path(directoryOf(path), directory))
    return std::nullopt;
  std::string process = "/proc/" + std::to_string(getpid());
  StringRef dir = directory;
  if (dir == process + "/fd")
    return static_cast<int>(fd);
  // /proc/<pid>/task/<tid>/fd
  if (dir.consume_front(process + "/task/") && dir.consume_back("/fd") &&
      !dir.empty() && llvm::all_of(dir, llvm::isDigit))
    return static_cast<int>(fd);
#else
  (void)path;
#endif
  return std::nullopt;
}

/// A directory where anyone may create files but only owners remove them
/// (/tmp): there, the kernel's fs.protected_* settings distrust what
/// belongs neither to us nor to the directory's owner.
bool isForeignInStickyDirectory(const struct stat &entry,
                                const struct stat &directory,
                                bool requireWorldWritable) {
  if (!(directory.st_mode & S_ISVTX))
    return false;
  if (requireWorldWritable && !(directory.st_mode & S_IWOTH))
    return false;
  return entry.st_uid != geteuid() && entry.st_uid != directory.st_uid;
}

/// Follows `path` to where the output goes; `why` says what is wrong.
std::optional<Destination> resolve(StringRef path, std::string &why) {
  Destination destination;
  if (path == "-") {
    destination.kind = Destination::Descriptor;
    destination.fd = STDOUT_FILENO;
    return destination;
  }
  std::string current = path.str();
  for (int hops = 0; hops < 40; ++hops) {
    if (std::optional<int> fd = descriptorNamedBy(current)) {
      destination.kind = Destination::Descriptor;
      destination.fd = *fd;
      return destination;
    }
    struct stat entry;
    if (lstat(current.c_str(), &entry) != 0) {
      if (errno != ENOENT) {
        why = errorText(errno);
        return std::nullopt;
      }
      // A new file, where the shell would create it: its directory must be.
      struct stat directory;
      if (stat(directoryOf(current).c_str(), &directory) != 0) {
        why = errorText(errno);
        return std::nullopt;
      }
      if (!S_ISDIR(directory.st_mode)) {
        why = errorText(ENOTDIR);
        return std::nullopt;
      }
      destination.path = current;
      return destination;
    }
    struct stat directory;
    if (stat(directoryOf(current).c_str(), &directory) != 0) {
      why = errorText(errno);
      return std::nullopt;
    }
    if (S_ISLNK(entry.st_mode)) {
      if (isForeignInStickyDirectory(entry, directory,
                                     /*requireWorldWritable=*/true)) {
        why = "'" + current +
              "' is a symbolic link of another user in a sticky directory "
              "(such as /tmp); it is not followed";
        return std::nullopt;
      }
      SmallString<256> target;
      target.resize(4096);
      ssize_t length = readlink(current.c_str(), target.data(), target.size());
      if (length < 0 || static_cast<size_t>(length) >= target.size()) {
        why = errorText(length < 0 ? errno : ENAMETOOLONG);
        return std::nullopt;
      }
      target.resize(static_cast<size_t>(length));
      // As the kernel resolves it: relative to the link's directory.
      current = sys::path::is_absolute(target)
                    ? std::string(target)
                    : (directoryOf(current) + "/" + target).str();
      continue;
    }
    if (S_ISDIR(entry.st_mode)) {
      why = errorText(EISDIR);
      return std::nullopt;
    }
    if (!S_ISREG(entry.st_mode)) {
      destination.kind = Destination::Device;
      destination.path = current;
      return destination;
    }
    // An existing regular file: replaced only if that is what writing to it
    // would be allowed to do, and safe.
    if (!(entry.st_mode & (S_IWUSR | S_IWGRP | S_IWOTH))) {
      std::string mode;
      raw_string_ostream(mode) << format("%03o", entry.st_mode & 07777);
      why = "it is read-only (mode " + mode +
            "); bnfold does not replace write-protected files";
      return std::nullopt;
    }
    if (faccessat(AT_FDCWD, current.c_str(), W_OK, AT_EACCESS) != 0) {
      why = errorText(errno);
      return std::nullopt;
    }
    if (isForeignInStickyDirectory(entry, directory,
                                   /*requireWorldWritable=*/false)) {
      why = "the file belongs to another user and its directory is sticky "
            "(such as /tmp): it cannot be replaced safely";
      return std::nullopt;
    }
    destination.path = current;
    destination.existing = entry;
    return destination;
  }
  why = errorText(ELOOP);
  return std::nullopt;
}

//===----------------------------------------------------------------------===//
// Named temporary files, for forgetInheritedTemporaryFiles
//===----------------------------------------------------------------------===//

std::mutex namedTemporariesMutex;
std::vector<std::pair<pid_t, std::string>> namedTemporaries;

void registerTemporary(StringRef name) {
  sys::RemoveFileOnSignal(name);
  std::lock_guard<std::mutex> lock(namedTemporariesMutex);
  namedTemporaries.emplace_back(getpid(), name.str());
}

void unregisterTemporary(StringRef name) {
  sys::DontRemoveFileOnSignal(name);
  std::lock_guard<std::mutex> lock(namedTemporariesMutex);
  llvm::erase_if(namedTemporaries, [&](const auto &entry) {
    return entry.first == getpid() && entry.second == name;
  });
}

//===----------------------------------------------------------------------===//
// The temporary file a regular output is written to
//===----------------------------------------------------------------------===//

class TemporaryFile {
public:
  TemporaryFile() = default;
  TemporaryFile(const TemporaryFile &) = delete;
  ~TemporaryFile() { discard(); }

  /// Creates it beside `target`, with `existing`'s permissions and owner.
  bool create(StringRef target, const std::optional<struct stat> &existing,
              std::string &why) {
    this->target = target.str();
#if defined(__linux__) && defined(O_TMPFILE)
    // Unnamed until committed: nothing to leave behind, whatever kills us.
    // It is linked in through /proc/self/fd, so that must be there.
    if (access("/proc/self/fd", X_OK) == 0) {
      fd = open(directoryOf(target).c_str(), O_TMPFILE | O_WRONLY | O_CLOEXEC,
                0666);
      // Other errors: file systems (or kernels) without O_TMPFILE.
      if (fd < 0 && (errno == EACCES || errno == EPERM || errno == ENOENT ||
                     errno == EROFS || errno == ENOSPC || errno == EDQUOT)) {
        why = errorText(errno);
        return false;
      }
    }
#endif
    if (fd < 0) {
      SmallString<256> path;
      if (std::error_code error = sys::fs::createUniqueFile(
              target + ".tmp-%%%%%%", fd, path)) {
        why = error.message();
        return false;
      }
      name = std::string(path);
      registerTemporary(name);
    }
    if (existing) {
      // Owner first: chown clears the set-id bits that chmod then restores.
      if (existing->st_uid != geteuid() || existing->st_gid != getegid())
        (void)!fchown(fd, existing->st_uid, existing->st_gid);
      (void)fchmod(fd, existing->st_mode & 07777);
    }
    return true;
  }

  int getFD() const { return fd; }

  /// Puts the file in place of `target`.
  bool commit(std::string &why) {
    if (name.empty() && !linkUnnamed(why))
      return false;
    if (rename(name.c_str(), target.c_str()) != 0) {
      why = errorText(errno);
      return false;
    }
    unregisterTemporary(name);
    name.clear();
    close(fd);
    fd = -1;
    return true;
  }

  void discard() {
    if (!name.empty()) {
      (void)unlink(name.c_str());
      unregisterTemporary(name);
      name.clear();
    }
    if (fd >= 0)
      close(fd);
    fd = -1;
  }

private:
  /// Gives the unnamed file a temporary name beside the target (linkat
  /// cannot replace a file; rename then does, atomically).
  bool linkUnnamed(std::string &why) {
    std::string source = "/proc/self/fd/" + std::to_string(fd);
    for (int attempt = 0; attempt < 128; ++attempt) {
      SmallString<256> candidate;
      sys::fs::createUniquePath(target + ".tmp-%%%%%%", candidate,
                                /*MakeAbsolute=*/false);
      // Registered first: a signal between the two must not leave it.
      registerTemporary(candidate);
      if (linkat(AT_FDCWD, source.c_str(), AT_FDCWD, candidate.c_str(),
                 AT_SYMLINK_FOLLOW) == 0) {
        name = std::string(candidate);
        return true;
      }
      int error = errno;
      unregisterTemporary(candidate);
      if (error != EEXIST) {
        why = errorText(error);
        return false;
      }
    }
    why = errorText(EEXIST);
    return false;
  }

  std::string target;
  /// Empty while the file is unnamed.
  std::string name;
  int fd = -1;
};

/// Runs `run` on `os` and flushes it; a write error fails the run.
LogicalResult writeChecked(raw_fd_ostream &os,
                           function_ref<LogicalResult(raw_ostream &)> run,
                           function_ref<LogicalResult(const Twine &)> fail) {
  LogicalResult result = run(os);
  os.flush();
  if (os.has_error()) {
    os.clear_error();
    return succeeded(result) ? fail("write error") : failure();
  }
  return result;
}

/// Writes straight to `fd` (and closes it).
LogicalResult writeThrough(int fd, function_ref<LogicalResult(raw_ostream &)> run,
                           function_ref<LogicalResult(const Twine &)> fail) {
  raw_fd_ostream os(fd, /*shouldClose=*/true);
  return writeChecked(os, run, fail);
}

} // namespace

LogicalResult
bnfold::writeOutputFile(StringRef toolName, StringRef path,
                        function_ref<LogicalResult(raw_ostream &)> run) {
  auto fail = [&](const Twine &why) {
    llvm::errs() << toolName << ": cannot write '" << path << "': " << why
                 << "\n";
    return failure();
  };
  std::string why;
  std::optional<Destination> destination = resolve(path, why);
  if (!destination)
    return fail(why);

  if (destination->kind == Destination::Descriptor) {
    // Checked here: a tool that ends with _exit skips the destructor of
    // llvm::outs() that would report the error.
    if (destination->fd == STDOUT_FILENO)
      return writeChecked(llvm::outs(), run, fail);
    int flags = fcntl(destination->fd, F_GETFL);
    if (flags < 0)
      return fail("descriptor " + Twine(destination->fd) + " is not open");
    if ((flags & O_ACCMODE) == O_RDONLY)
      return fail("descriptor " + Twine(destination->fd) +
                  " is not open for writing");
    int fd = fcntl(destination->fd, F_DUPFD_CLOEXEC, 0);
    if (fd < 0)
      return fail(errorText(errno));
    return writeThrough(fd, run, fail);
  }

  if (destination->kind == Destination::Device) {
    int fd = open(destination->path.c_str(), O_WRONLY | O_CLOEXEC | O_NOCTTY);
    if (fd < 0)
      return fail(errorText(errno));
    return writeThrough(fd, run, fail);
  }

  // Created before the run, so that a bad path is reported at once.
  TemporaryFile temporary;
  if (!temporary.create(destination->path, destination->existing, why))
    return fail(why);
  LogicalResult result = success();
  {
    raw_fd_ostream os(temporary.getFD(), /*shouldClose=*/false);
    result = run(os);
    os.flush();
    if (os.has_error()) {
      os.clear_error();
      if (succeeded(result))
        (void)fail("write error");
      result = failure();
    }
  }
  if (failed(result))
    return failure();
  if (!temporary.commit(why))
    return fail(why);
  return success();
}

void bnfold::detail::forgetInheritedTemporaryFiles() {
  // Called right after fork: a lock held by a thread that did not come
  // along would never be released; then there is nothing we could do.
  std::unique_lock<std::mutex> lock(namedTemporariesMutex, std::try_to_lock);
  if (!lock)
    return;
  pid_t self = getpid();
  for (const auto &[owner, name] : namedTemporaries)
    if (owner != self)
      sys::DontRemoveFileOnSignal(name);
  llvm::erase_if(namedTemporaries,
                 [&](const auto &entry) { return entry.first != self; });
}
