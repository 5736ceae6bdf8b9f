//===- ONNXTypes.h - ONNX element types and tensors <-> MLIR ----*- C++ -*-===//
//
// Private to the ONNX translation: shared by the importer and the exporter.
//
//===----------------------------------------------------------------------===//

#ifndef BNFOLD_LIB_TARGET_ONNX_ONNXTYPES_H
#define BNFOLD_LIB_TARGET_ONNX_ONNXTYPES_H

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "onnx/onnx_pb.h"

#include <string>

namespace bnfold::onnx_translation {

/// The MLIR element type of an ONNX TensorProto::DataType, or null.
mlir::Type elementTypeFromONNX(int dataType, mlir::MLIRContext *context);

/// The ONNX TensorProto::DataType of an MLIR element type, or 0 (UNDEFINED).
int elementTypeToONNX(mlir::Type type);

/// Name of an ONNX data type for messages ("FLOAT", "STRING", ...).
std::string dataTypeName(int dataType);

/// Converts `tensor` to an elements attribute. Tensors with more than
/// `resourceThreshold` elements become dense_resource blobs (not uniqued in
/// the context); a blob takes over the tensor's raw_data string, which
/// `tensor` then no longer has, so that big weights are not copied. On
/// failure returns null and sets `error`.
mlir::ElementsAttr tensorFromONNX(onnx::TensorProto &tensor,
                                  mlir::MLIRContext *context,
                                  int64_t resourceThreshold,
                                  llvm::StringRef resourceName,
                                  std::string &error);

/// Fills `tensor` (data type, dims, raw_data) from `attr`. On failure returns
/// false and sets `error`. With `borrowed`, data that `attr` holds exactly
/// as ONNX raw_data (a dense_resource blob, a dense attribute that is not a
/// splat of i1) is not copied: `*borrowed` is set to those bytes, and
/// `tensor` gets no raw_data; the caller writes them.
bool tensorToONNX(mlir::ElementsAttr attr, onnx::TensorProto &tensor,
                  std::string &error,
                  llvm::ArrayRef<char> *borrowed = nullptr);

} // namespace bnfold::onnx_translation

#endif // BNFOLD_LIB_TARGET_ONNX_ONNXTYPES_H
