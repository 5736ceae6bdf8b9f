//===- ExternalData.h - Tensors stored beside the model ---------*- C++ -*-===//
//
// Private to the ONNX translation. A TensorProto may keep its bytes in a
// file beside the model (data_location EXTERNAL, `location`, `offset`,
// `length`): models over protobuf's 2 GiB limit must, and onnx's
// save_model(save_as_external_data=True) does for any model. The spec says
// the location is relative to the model's directory; neither libonnx 1.12
// nor onnxruntime enforce that (both follow `../x` and absolute paths), so
// bnfold does.
//
//===----------------------------------------------------------------------===//

#ifndef BNFOLD_LIB_TARGET_ONNX_EXTERNALDATA_H
#define BNFOLD_LIB_TARGET_ONNX_EXTERNALDATA_H

#include "onnx/onnx_pb.h"

#include "llvm/ADT/StringRef.h"

#include <string>

namespace bnfold::onnx_translation {

/// Reads every external tensor of `model` (initializers and tensor
/// attributes of nodes) into its raw_data, so that the rest of the import
/// sees an ordinary model. `modelPath` is the model file's path as given
/// (`<stdin>` or `-` for stdin, which has no directory). A location must be
/// a relative path without `..`, naming a regular file that is inside the
/// model's directory once symlinks are resolved; `offset` and `length`
/// must be decimal numbers within the file. Sets `usedExternalData` when a
/// tensor was external. On failure returns false with `error` naming the
/// tensor, the location and why.
bool loadExternalData(onnx::ModelProto &model, llvm::StringRef modelPath,
                      bool &usedExternalData, std::string &error);

} // namespace bnfold::onnx_translation

#endif // BNFOLD_LIB_TARGET_ONNX_EXTERNALDATA_H
