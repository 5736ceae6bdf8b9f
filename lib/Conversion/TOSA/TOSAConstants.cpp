//===- TOSAConstants.cpp - Constant filters between TOSA and nn -----------===//

#include "TOSAConstants.h"

#include "bnfold/Dialect/NN/IR/BatchNormMath.h"
#include "bnfold/Dialect/NN/IR/NNOps.h"

#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/Dialect/Utils/IndexingUtils.h"
#include "mlir/IR/Matchers.h"

#include <cstring>
#include <vector>

using namespace mlir;
using namespace bnfold;

namespace bnfold::tosa_conversion {

ElementsAttr permuteConstant(ElementsAttr constant,
                             ArrayRef<int64_t> permutation) {
  std::optional<nn::RawFloatData> raw = nn::getRawFloatData(constant);
  auto type = dyn_cast<RankedTensorType>(constant.getType());
  if (!raw || !type ||
      permutation.size() != static_cast<size_t>(type.getRank()) ||
      !isPermutationVector(permutation))
    return {};
  ArrayRef<int64_t> shape = type.getShape();
  int64_t rank = type.getRank();
  SmallVector<int64_t> resultShape;
  for (int64_t dim : permutation)
    resultShape.push_back(shape[dim]);
  auto resultType = RankedTensorType::get(resultShape, type.getElementType());
  if (raw->isSplat)
    return DenseElementsAttr::getFromRawBuffer(resultType, raw->bytes);

  // Walk the result in row-major order; `source` follows in the input, whose
  // stride for result dim i is the row-major stride of input dim
  // permutation[i].
  SmallVector<int64_t> inputStrides(rank, 1);
  for (int64_t dim = rank - 2; dim >= 0; --dim)
    inputStrides[dim] = inputStrides[dim + 1] * shape[dim + 1];
  SmallVector<int64_t> strides;
  for (int64_t dim : permutation)
    strides.push_back(inputStrides[dim]);
  size_t width = getByteWidth(raw->kind);
  size_t numElements = raw->bytes.size() / width;
  std::vector<char> permuted(raw->bytes.size());
  SmallVector<int64_t> index(rank, 0);
  int64_t source = 0;
  for (size_t i = 0; i < numElements; ++i) {
    std::memcpy(permuted.data() + i * width,
                raw->bytes.data() + source * width, width);
    for (int64_t dim = rank - 1; dim >= 0; --dim) {
      if (++index[dim] < resultShape[dim]) {
        source += strides[dim];
        break;
      }
      source -= strides[dim] * (resultShape[dim] - 1);
      index[dim] = 0;
    }
  }
  return DenseElementsAttr::getFromRawBuffer(resultType, permuted);
}

ElementsAttr reshapeConstant(ElementsAttr constant, RankedTensorType type) {
  std::optional<nn::RawFloatData> raw = nn::getRawFloatData(constant);
  auto given = dyn_cast<ShapedType>(constant.getType());
  if (!raw || !given || !type.hasStaticShape() ||
      type.getElementType() != given.getElementType() ||
      type.getNumElements() != given.getNumElements())
    return {};
  return DenseElementsAttr::getFromRawBuffer(type, raw->bytes);
}

ElementsAttr broadcastConstant(ElementsAttr constant, RankedTensorType type) {
  std::optional<nn::RawFloatData> raw = nn::getRawFloatData(constant);
  auto given = dyn_cast<ShapedType>(constant.getType());
  if (!raw || !given || given.getNumElements() != 1 ||
      !type.hasStaticShape() ||
      type.getElementType() != given.getElementType())
    return {};
  // One element in the buffer: a splat of the whole type.
  return DenseElementsAttr::getFromRawBuffer(type, raw->bytes);
}

std::string describeValue(Value value) {
  if (Operation *def = value.getDefiningOp())
    return "the result of '" + def->getName().getStringRef().str() + "'";
  return "a block argument";
}

ElementsAttr evaluateConstant(Value value, std::string &why) {
  Attribute attr;
  if (matchPattern(value, m_Constant(&attr))) {
    if (std::optional<std::string> unreadable = nn::whyNotReadable(attr)) {
      why = "a constant that cannot be read: " + *unreadable;
      return {};
    }
    return cast<ElementsAttr>(attr);
  }
  Operation *def = value.getDefiningOp();
  if (auto transpose = dyn_cast_or_null<tosa::TransposeOp>(def)) {
    ElementsAttr input = evaluateConstant(transpose.getInput1(), why);
    if (!input)
      return {};
    SmallVector<int64_t> permutation(transpose.getPerms().begin(),
                                     transpose.getPerms().end());
    if (ElementsAttr permuted = permuteConstant(input, permutation))
      return permuted;
  } else if (isa_and_nonnull<tosa::ReshapeOp, nn::ReshapeOp>(def)) {
    ElementsAttr input = evaluateConstant(def->getOperand(0), why);
    if (!input)
      return {};
    if (auto type = dyn_cast<RankedTensorType>(value.getType()))
      if (ElementsAttr reshaped = reshapeConstant(input, type))
        return reshaped;
  }
  why = describeValue(value);
  return {};
}

} // namespace bnfold::tosa_conversion
