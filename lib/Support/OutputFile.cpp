//===- OutputFile.cpp - All-or-nothing output files for the tools ---------===//
//
// Shared by bnfold-opt and bnfold-translate (see OutputFile.h).
//
//===----------------------------------------------------------------------===//

#include "bnfold/Support/OutputFile.h"

#include "mlir/Support/FileUtilities.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/ToolOutputFile.h"

using namespace llvm;

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
