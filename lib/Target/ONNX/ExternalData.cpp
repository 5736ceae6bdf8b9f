//===- ExternalData.cpp - Tensors stored beside the model -----------------===//

#include "ExternalData.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace bnfold::onnx_translation;
using llvm::StringRef;

namespace {

/// `text` as a non-negative decimal number.
bool parseSize(StringRef text, uint64_t &value) {
  return !text.empty() && llvm::all_of(text, llvm::isDigit) &&
         !text.getAsInteger(10, value);
}

class ExternalDataReader {
public:
  ExternalDataReader(StringRef modelPath, std::string &error)
      : modelPath(modelPath), error(error) {}

  /// Reads `tensor`'s external bytes (`what` names it in errors).
  bool load(onnx::TensorProto &tensor, const std::string &what);

private:
  bool fail(const std::string &what, const std::string &location,
            const llvm::Twine &why) {
    error = what + " is stored in external file '" + location + "', which " +
            why.str();
    return false;
  }
  /// The model's directory with symlinks resolved; empty on failure.
  bool resolveModelDirectory(const std::string &what,
                             const std::string &location);

  StringRef modelPath;
  std::string &error;
  std::string directory, realDirectory;
};

bool ExternalDataReader::resolveModelDirectory(const std::string &what,
                                               const std::string &location) {
  if (!realDirectory.empty())
    return true;
  if (modelPath == "-" || modelPath == "<stdin>")
    return fail(what, location,
                "cannot be found: the model comes from stdin, which has no "
                "directory (give the model's path)");
  StringRef parent = llvm::sys::path::parent_path(modelPath);
  directory = parent.empty() ? "." : parent.str();
  llvm::SmallString<256> real;
  if (std::error_code ec = llvm::sys::fs::real_path(directory, real))
    return fail(what, location,
                "cannot be found: the model's directory '" + directory +
                    "' cannot be resolved: " + ec.message());
  realDirectory = real.str().str();
  return true;
}

bool ExternalDataReader::load(onnx::TensorProto &tensor,
                              const std::string &what) {
  std::string location;
  bool hasLocation = false;
  uint64_t offset = 0, length = 0;
  bool hasLength = false;
  for (const auto &entry : tensor.external_data()) {
    if (entry.key() == "location") {
      location = entry.value();
      hasLocation = true;
    } else if (entry.key() == "offset") {
      if (!parseSize(entry.value(), offset))
        return fail(what, location,
                    "is read at offset '" + entry.value() +
                        "', not a non-negative decimal number");
    } else if (entry.key() == "length") {
      if (!parseSize(entry.value(), length))
        return fail(what, location,
                    "is read for length '" + entry.value() +
                        "', not a non-negative decimal number");
      hasLength = true;
    }
  }
  if (!hasLocation || location.empty()) {
    error = what + " is stored externally but has no location";
    return false;
  }
  StringRef path = location;
  if (path.contains('\0'))
    return fail(what, location, "has a NUL character");
  if (llvm::sys::path::is_absolute(path, llvm::sys::path::Style::posix))
    return fail(what, location,
                "is an absolute path; external data must be in the model's "
                "directory");
  for (StringRef component : llvm::make_range(
           llvm::sys::path::begin(path, llvm::sys::path::Style::posix),
           llvm::sys::path::end(path)))
    if (component == "..")
      return fail(what, location,
                  "has a '..' component; external data must be in the "
                  "model's directory");
  if (tensor.has_raw_data() || tensor.float_data_size() ||
      tensor.int32_data_size() || tensor.int64_data_size() ||
      tensor.double_data_size() || tensor.uint64_data_size() ||
      tensor.string_data_size())
    return fail(what, location, "is given besides data in the model itself");
  if (!resolveModelDirectory(what, location))
    return false;
  std::string joined = directory + "/" + location;
  llvm::SmallString<256> real;
  if (std::error_code ec = llvm::sys::fs::real_path(joined, real))
    return fail(what, location, "cannot be opened: " + ec.message());
  StringRef resolved = real;
  if (!resolved.starts_with(realDirectory + "/"))
    return fail(what, location,
                "leaves the model's directory '" + directory +
                    "' (through a symlink, to '" + resolved.str() + "')");
  // Not a FIFO or device: opening one could block, or never end.
  struct stat status;
  if (::stat(real.c_str(), &status) != 0 || !S_ISREG(status.st_mode))
    return fail(what, location, "is not a regular file");
  int fd = ::open(real.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0)
    return fail(what, location, "cannot be opened: " + std::string(strerror(errno)));
  if (fstat(fd, &status) != 0 || !S_ISREG(status.st_mode)) {
    ::close(fd);
    return fail(what, location, "is not a regular file");
  }
  uint64_t size = static_cast<uint64_t>(status.st_size);
  if (offset > size) {
    ::close(fd);
    return fail(what, location,
                "holds " + llvm::Twine(size) + " bytes, fewer than the offset " +
                    llvm::Twine(offset) + " the tensor gives");
  }
  if (!hasLength)
    length = size - offset;
  if (length > size - offset) {
    ::close(fd);
    return fail(what, location,
                "holds " + llvm::Twine(size) + " bytes, fewer than the offset " +
                    llvm::Twine(offset) + " plus length " + llvm::Twine(length) +
                    " the tensor gives");
  }
  std::string *raw = tensor.mutable_raw_data();
  raw->resize(length);
  uint64_t done = 0;
  while (done < length) {
    ssize_t n = ::pread(fd, raw->data() + done, length - done, offset + done);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0) {
      ::close(fd);
      tensor.clear_raw_data();
      return fail(what, location,
                  "cannot be read: " +
                      std::string(n < 0 ? strerror(errno) : "it got shorter"));
    }
    done += static_cast<uint64_t>(n);
  }
  ::close(fd);
  tensor.clear_external_data();
  tensor.clear_data_location();
  return true;
}

} // namespace

bool bnfold::onnx_translation::loadExternalData(onnx::ModelProto &model,
                                                StringRef modelPath,
                                                bool &usedExternalData,
                                                std::string &error) {
  usedExternalData = false;
  ExternalDataReader reader(modelPath, error);
  auto visit = [&](onnx::TensorProto &tensor, const std::string &what) {
    if (tensor.data_location() != onnx::TensorProto::EXTERNAL)
      return true;
    usedExternalData = true;
    return reader.load(tensor, what);
  };
  onnx::GraphProto &graph = *model.mutable_graph();
  for (onnx::TensorProto &init : *graph.mutable_initializer())
    if (!visit(init, "initializer '" + init.name() + "'"))
      return false;
  for (onnx::NodeProto &node : *graph.mutable_node()) {
    for (onnx::AttributeProto &a : *node.mutable_attribute()) {
      std::string what = "tensor attribute '" + a.name() + "' of node '" +
                         node.name() + "'";
      if (a.has_t() && !visit(*a.mutable_t(), what))
        return false;
      for (onnx::TensorProto &t : *a.mutable_tensors())
        if (!visit(t, what))
          return false;
    }
  }
  return true;
}
