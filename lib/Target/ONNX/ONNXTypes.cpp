//===- ONNXTypes.cpp - ONNX element types and tensors <-> MLIR ------------===//

#include "ONNXTypes.h"

#include "bnfold/Dialect/NN/IR/BatchNormMath.h"

#include "mlir/IR/AsmState.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinDialect.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "llvm/Support/Endian.h"

#include <cstring>

using namespace mlir;
using onnx::TensorProto;

namespace bnfold::onnx_translation {

Type elementTypeFromONNX(int dataType, MLIRContext *context) {
  Builder b(context);
  switch (dataType) {
  case TensorProto::FLOAT: return b.getF32Type();
  case TensorProto::DOUBLE: return b.getF64Type();
  case TensorProto::FLOAT16: return b.getF16Type();
  case TensorProto::BFLOAT16: return b.getBF16Type();
  case TensorProto::INT8: return b.getIntegerType(8);
  case TensorProto::INT16: return b.getIntegerType(16);
  case TensorProto::INT32: return b.getIntegerType(32);
  case TensorProto::INT64: return b.getIntegerType(64);
  case TensorProto::UINT8: return b.getIntegerType(8, /*isSigned=*/false);
  case TensorProto::UINT16: return b.getIntegerType(16, false);
  case TensorProto::UINT32: return b.getIntegerType(32, false);
  case TensorProto::UINT64: return b.getIntegerType(64, false);
  case TensorProto::BOOL: return b.getI1Type();
  default: return nullptr;
  }
}

int elementTypeToONNX(Type type) {
  if (type.isF32()) return TensorProto::FLOAT;
  if (type.isF64()) return TensorProto::DOUBLE;
  if (type.isF16()) return TensorProto::FLOAT16;
  if (type.isBF16()) return TensorProto::BFLOAT16;
  if (type.isInteger(1)) return TensorProto::BOOL;
  auto integer = dyn_cast<IntegerType>(type);
  if (!integer || integer.isSigned())
    return TensorProto::UNDEFINED;
  bool u = integer.isUnsigned();
  switch (integer.getWidth()) {
  case 8: return u ? TensorProto::UINT8 : TensorProto::INT8;
  case 16: return u ? TensorProto::UINT16 : TensorProto::INT16;
  case 32: return u ? TensorProto::UINT32 : TensorProto::INT32;
  case 64: return u ? TensorProto::UINT64 : TensorProto::INT64;
  default: return TensorProto::UNDEFINED;
  }
}

std::string dataTypeName(int dataType) {
  if (TensorProto::DataType_IsValid(dataType))
    return TensorProto::DataType_Name(static_cast<TensorProto::DataType>(dataType));
  return "data type " + std::to_string(dataType);
}

/// "[2, 3]", for messages.
static std::string formatDims(ArrayRef<int64_t> dims) {
  std::string s = "[";
  for (auto [i, d] : llvm::enumerate(dims))
    s += (i ? ", " : "") + std::to_string(d);
  return s + "]";
}

/// Bytes per element in MLIR's raw dense storage (i1 handled separately).
static size_t storageBytes(Type type) {
  return (type.getIntOrFloatBitWidth() + 7) / 8;
}

/// A blob that owns `raw`, the string protobuf parsed the tensor's data
/// into: no copy. Null when the string's buffer is not aligned for the blob
/// (malloc's alignment always is).
static std::optional<AsmResourceBlob> adoptRawData(TensorProto &tensor) {
  constexpr size_t alignment = alignof(uint64_t);
  if (reinterpret_cast<uintptr_t>(tensor.raw_data().data()) % alignment != 0)
    return std::nullopt;
  std::string *raw = tensor.release_raw_data();
  ArrayRef<char> data(raw->data(), raw->size());
  return AsmResourceBlob(
      data, alignment,
      [raw](void *, size_t, size_t) { delete raw; }, /*dataIsMutable=*/true);
}

ElementsAttr tensorFromONNX(TensorProto &tensor, MLIRContext *context,
                            int64_t resourceThreshold, StringRef resourceName,
                            std::string &error) {
  Type elementType = elementTypeFromONNX(tensor.data_type(), context);
  if (!elementType) {
    error = "has element type " + dataTypeName(tensor.data_type()) +
            ", which bnfold does not support";
    return nullptr;
  }
  if (tensor.data_location() == TensorProto::EXTERNAL) {
    error = "stores its data in an external file, which bnfold does not "
            "support";
    return nullptr;
  }
  SmallVector<int64_t> dims;
  for (int64_t d : tensor.dims()) {
    if (d < 0) {
      error = "has a negative dimension";
      return nullptr;
    }
    dims.push_back(d);
  }
  // The dims are a claim; the data is what the file holds. Compare the two
  // before allocating anything, so that a few bytes claiming 2^40 elements
  // are an error, not an allocation.
  std::optional<int64_t> count = nn::getCheckedNumElements(dims);
  if (!count) {
    error = "has dims " + formatDims(dims) +
            ", whose element count does not fit in int64";
    return nullptr;
  }
  auto type = RankedTensorType::get(dims, elementType);
  bool isBool = elementType.isInteger(1);
  size_t width = isBool ? 1 : storageBytes(elementType);
  std::vector<char> buffer;
  if (tensor.has_raw_data()) {
    const std::string &raw = tensor.raw_data();
    if (raw.size() % width != 0 ||
        raw.size() / width != static_cast<uint64_t>(*count)) {
      error = "has " + std::to_string(raw.size()) +
              " bytes of data, but its dims " + formatDims(dims) + " need " +
              std::to_string(*count) + " elements of " +
              std::to_string(width) + " bytes";
      return nullptr;
    }
    // Large tensors keep the parsed bytes themselves.
    if (!isBool && *count > resourceThreshold)
      if (std::optional<AsmResourceBlob> blob = adoptRawData(tensor))
        return DenseResourceElementsAttr::get(type, resourceName,
                                              std::move(*blob));
    buffer.assign(raw.begin(), raw.end());
  } else {
    int64_t available;
    switch (tensor.data_type()) {
    case TensorProto::FLOAT: available = tensor.float_data_size(); break;
    case TensorProto::DOUBLE: available = tensor.double_data_size(); break;
    case TensorProto::INT64: available = tensor.int64_data_size(); break;
    case TensorProto::UINT32:
    case TensorProto::UINT64: available = tensor.uint64_data_size(); break;
    // int32_data holds every narrower type, f16/bf16 as bits.
    default: available = tensor.int32_data_size(); break;
    }
    if (available != *count) {
      error = "has " + std::to_string(available) + " values, but its dims " +
              formatDims(dims) + " need " + std::to_string(*count);
      return nullptr;
    }
    // Now bounded by what the file holds: count values were parsed.
    buffer.resize(static_cast<size_t>(*count) * width);
    auto store = [&](int64_t i, uint64_t bits) {
      // Little-endian, like ONNX raw_data and MLIR's dense storage on x86.
      for (size_t k = 0; k < width; ++k)
        buffer[i * width + k] = static_cast<char>((bits >> (8 * k)) & 0xff);
    };
    switch (tensor.data_type()) {
    case TensorProto::FLOAT:
      for (int64_t i = 0; i < *count; ++i) {
        float f = tensor.float_data(i);
        uint32_t bits;
        std::memcpy(&bits, &f, 4);
        store(i, bits);
      }
      break;
    case TensorProto::DOUBLE:
      for (int64_t i = 0; i < *count; ++i) {
        double f = tensor.double_data(i);
        uint64_t bits;
        std::memcpy(&bits, &f, 8);
        store(i, bits);
      }
      break;
    case TensorProto::INT64:
      for (int64_t i = 0; i < *count; ++i)
        store(i, static_cast<uint64_t>(tensor.int64_data(i)));
      break;
    case TensorProto::UINT32:
    case TensorProto::UINT64:
      for (int64_t i = 0; i < *count; ++i)
        store(i, tensor.uint64_data(i));
      break;
    default:
      for (int64_t i = 0; i < *count; ++i)
        store(i, static_cast<uint64_t>(
                     static_cast<uint32_t>(tensor.int32_data(i))));
      break;
    }
  }
  if (isBool) {
    SmallVector<bool> values;
    for (char c : buffer)
      values.push_back(c != 0);
    return DenseElementsAttr::get(type, values);
  }
  if (*count > resourceThreshold) {
    AsmResourceBlob blob = HeapAsmResourceBlob::allocateAndCopyWithAlign(
        ArrayRef<char>(buffer.data(), buffer.size()), alignof(uint64_t));
    return DenseResourceElementsAttr::get(type, resourceName, std::move(blob));
  }
  bool detectedSplat = false;
  if (!DenseElementsAttr::isValidRawBuffer(type, buffer, detectedSplat)) {
    error = "has data that does not match its type";
    return nullptr;
  }
  return DenseElementsAttr::getFromRawBuffer(type, buffer);
}

bool tensorToONNX(ElementsAttr attr, TensorProto &tensor, std::string &error,
                  ArrayRef<char> *borrowed) {
  auto type = cast<ShapedType>(attr.getType());
  Type elementType = type.getElementType();
  int dataType = elementTypeToONNX(elementType);
  if (dataType == TensorProto::UNDEFINED) {
    std::string s;
    llvm::raw_string_ostream os(s);
    os << "element type " << elementType << " has no ONNX equivalent";
    error = s;
    return false;
  }
  if (!type.hasStaticShape()) {
    error = "constant has a dynamic shape";
    return false;
  }
  tensor.set_data_type(dataType);
  tensor.clear_dims();
  for (int64_t d : type.getShape())
    tensor.add_dims(d);
  int64_t count = type.getNumElements();
  std::string *raw = tensor.mutable_raw_data();
  // The attribute's bytes are the tensor's raw_data as they are.
  auto setRawData = [&](ArrayRef<char> data) {
    if (borrowed && !data.empty()) {
      *borrowed = data;
      tensor.clear_raw_data();
    } else {
      raw->assign(data.data(), data.size());
    }
    return true;
  };
  if (elementType.isInteger(1)) {
    auto dense = dyn_cast<DenseElementsAttr>(attr);
    if (!dense) {
      error = "boolean constant is not a dense attribute";
      return false;
    }
    raw->clear();
    for (bool v : dense.getValues<bool>())
      raw->push_back(v ? 1 : 0);
    return true;
  }
  size_t width = storageBytes(elementType);
  if (auto resource = dyn_cast<DenseResourceElementsAttr>(attr)) {
    AsmResourceBlob *blob = resource.getRawHandle().getBlob();
    if (!blob) {
      error = "dense_resource constant '" +
              resource.getRawHandle().getKey().str() + "' has no data";
      return false;
    }
    ArrayRef<char> data = blob->getData();
    if (data.size() != static_cast<size_t>(count) * width) {
      error = "dense_resource constant has the wrong number of bytes";
      return false;
    }
    return setRawData(data);
  }
  auto dense = dyn_cast<DenseElementsAttr>(attr);
  if (!dense) {
    error = "constant is neither dense nor dense_resource";
    return false;
  }
  ArrayRef<char> data = dense.getRawData();
  if (dense.isSplat()) {
    raw->clear();
    raw->reserve(count * width);
    for (int64_t i = 0; i < count; ++i)
      raw->append(data.data(), width);
    return true;
  }
  return setRawData(data);
}

} // namespace bnfold::onnx_translation
