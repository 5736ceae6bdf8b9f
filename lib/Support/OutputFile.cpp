//===- OutputFile.cpp - All-or-nothing output files for the tools ---------===//
//
// Shared by bnfold-opt and bnfold-translate (see OutputFile.h).
//
//===----------------------------------------------------------------------===//

#include "bnfold/Support/OutputFile.h"

#include "mlir/Support/FileUtilities.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Signals.h"
#include "llvm/Support/ToolOutputFile.h"

#include <mutex>
#include <unistd.h>
#include <utility>
#include <vector>

using namespace llvm;

/// The temporary files this process and its parents created, for
/// forgetInheritedTemporaryFiles.
static std::mutex temporariesMutex;
static std::vector<std::pair<pid_t, std::string>> temporaries;

static void rememberTemporary(StringRef name) {
  std::lock_guard<std::mutex> lock(temporariesMutex);
  temporaries.emplace_back(getpid(), name.str());
}

void bnfold::detail::forgetInheritedTemporaryFiles() {
  // Called right after fork: a lock held by a thread that did not come
  // along would never be released; then there is nothing we could do.
  std::unique_lock<std::mutex> lock(temporariesMutex, std::try_to_lock);
  if (!lock)
    return;
  pid_t self = getpid();
  for (const auto &[owner, name] : temporaries)
    if (owner != self)
      sys::DontRemoveFileOnSignal(name);
  llvm::erase_if(temporaries,
                 [&](const auto &entry) { return entry.first != self; });
}

LogicalResult
bnfold::writeOutputFile(StringRef toolName, StringRef path,
                        function_ref<LogicalResult(raw_ostream &)> run) {
  namespace fs = llvm::sys::fs;
  if (path == "-")
    return run(llvm::outs());
  auto fail = [&](const llvm::Twine &why) {
    llvm::errs() << toolName << ": cannot write '" << path << "': " << why
                 << "\n";
    return failure();
  };
  fs::file_status status; // of the file a symlink points to
  bool exists = !fs::status(path, status);
  if (exists && status.type() != fs::file_type::regular_file) {
    std::string error;
    std::unique_ptr<llvm::ToolOutputFile> output =
        mlir::openOutputFile(path, &error);
    if (!output)
      return fail(error);
    if (failed(run(output->os())))
      return failure();
    output->keep();
    return success();
  }

  llvm::SmallString<256> target(path);
  if (exists && fs::is_symlink_file(path))
    if (std::error_code error = fs::real_path(path, target))
      return fail(error.message());
  // Created before the run, so that a bad path is reported at once.
  llvm::Expected<fs::TempFile> temp =
      fs::TempFile::create(target + ".tmp-%%%%%%");
  if (!temp)
    return fail(llvm::toString(temp.takeError()));
  rememberTemporary(temp->TmpName);
  if (exists)
    (void)fs::setPermissions(temp->FD, status.permissions());
  LogicalResult result = success();
  {
    llvm::raw_fd_ostream os(temp->FD, /*shouldClose=*/false);
    result = run(os);
    os.flush();
    if (os.has_error()) {
      os.clear_error();
      if (succeeded(result))
        (void)fail("write error");
      result = failure();
    }
  }
  if (failed(result)) {
    llvm::consumeError(temp->discard());
    return failure();
  }
  if (llvm::Error error = temp->keep(target))
    return fail(llvm::toString(std::move(error)));
  return success();
}
