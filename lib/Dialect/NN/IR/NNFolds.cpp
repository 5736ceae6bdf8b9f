//===- NNFolds.cpp - nn op folders ----------------------------------------===//
//
// Folders return existing values or attributes and never create ops; the
// dialect's constant materializer turns attributes into arith.constant.
//
//===----------------------------------------------------------------------===//

#include "bnfold/Dialect/NN/IR/BatchNormMath.h"
#include "bnfold/Dialect/NN/IR/NNOps.h"

#include "mlir/IR/BuiltinAttributes.h"

using namespace mlir;
using namespace bnfold::nn;

OpFoldResult IdentityOp::fold(FoldAdaptor) { return getInput(); }

OpFoldResult ReshapeOp::fold(FoldAdaptor adaptor) {
  if (getInput().getType() == getType())
    return getInput();
  // Reshaping a dense constant only changes its type.
  if (auto dense = dyn_cast_or_null<DenseElementsAttr>(adaptor.getInput()))
    if (getType().hasStaticShape())
      return dense.reshape(getType());
  return {};
}

OpFoldResult BiasAddOp::fold(FoldAdaptor adaptor) {
  // A splat is checked without expanding it (it may be arbitrarily long).
  if (auto dense = dyn_cast_or_null<DenseElementsAttr>(adaptor.getBias());
      dense && dense.isSplat() && isa<FloatType>(dense.getElementType()))
    return dense.getSplatValue<APFloat>().isZero() ? getInput() : Value();
  std::optional<std::vector<double>> bias = readAsDoubles(adaptor.getBias());
  if (bias && llvm::all_of(*bias, [](double v) { return v == 0.0; }))
    return getInput();
  return {};
}

OpFoldResult AddOp::fold(FoldAdaptor adaptor) {
  // Only small constants (e.g. two biases merged by the fold) are worth
  // evaluating at compile time. The size is checked on the type before
  // reading, since reading expands a splat operand whatever its size. A
  // dynamic result type cannot hold a constant.
  if (!getType().hasStaticShape() || getType().getNumElements() > 4096)
    return {};
  std::optional<std::vector<double>> lhs = readAsDoubles(adaptor.getLhs());
  std::optional<std::vector<double>> rhs = readAsDoubles(adaptor.getRhs());
  if (!lhs || !rhs || lhs->size() != rhs->size() ||
      getType().getNumElements() != static_cast<int64_t>(lhs->size()))
    return {};
  for (size_t i = 0; i < lhs->size(); ++i)
    (*lhs)[i] += (*rhs)[i];
  return buildFloatConstant(getType(), *lhs);
}

OpFoldResult BatchToSpaceOp::fold(FoldAdaptor) {
  // batch_to_space(space_to_batch(x)) is x when the blocks match and the
  // crops remove exactly the padding.
  auto spaceToBatch = getInput().getDefiningOp<SpaceToBatchOp>();
  if (spaceToBatch && spaceToBatch.getLayout() == getLayout() &&
      spaceToBatch.getBlockShape() == getBlockShape() &&
      spaceToBatch.getPaddings() == getCrops() &&
      spaceToBatch.getInput().getType() == getType())
    return spaceToBatch.getInput();
  return {};
}

/// Reads the optional parameter `attr` of `value`: an empty vector when the
/// operand is absent, std::nullopt when it is present but not a constant.
static std::optional<std::vector<double>> readOptional(Value value,
                                                       Attribute attr) {
  if (!value)
    return std::vector<double>{};
  return readAsDoubles(attr);
}

OpFoldResult BNFoldWeightsOp::fold(FoldAdaptor adaptor) {
  if (!getType().hasStaticShape() ||
      !isReadableFloatConstant(adaptor.getWeights()))
    return {};
  std::optional<std::vector<double>> multiplier = readBatchNormMultiplier(
      adaptor.getVariance(),
      getScale() ? std::optional<Attribute>(adaptor.getScale()) : std::nullopt,
      getEpsilon().convertToDouble());
  if (!multiplier)
    return {};
  return scaleWeightChannels(adaptor.getWeights(), *multiplier,
                             getChannelMap());
}

OpFoldResult BNFoldBiasOp::fold(FoldAdaptor adaptor) {
  // The verifier lets the result be tensor<?xT> when the lengths are not all
  // known; a constant needs a static type (arith.constant rejects others).
  if (!getType().hasStaticShape())
    return {};
  std::optional<std::vector<double>> mean = readAsDoubles(adaptor.getMean());
  std::optional<std::vector<double>> variance =
      readAsDoubles(adaptor.getVariance());
  std::optional<std::vector<double>> bias =
      readOptional(getBias(), adaptor.getBias());
  std::optional<std::vector<double>> scale =
      readOptional(getScale(), adaptor.getScale());
  std::optional<std::vector<double>> offset =
      readOptional(getOffset(), adaptor.getOffset());
  if (!mean || !variance || !bias || !scale || !offset)
    return {};
  // The verifier lets dynamic lengths through: fold only when every vector
  // really has one entry per channel and the result type is static (a
  // constant of type tensor<?xf32> is invalid IR).
  size_t channels = mean->size();
  auto hasChannels = [&](const std::vector<double> &v, bool optional) {
    return (optional && v.empty()) || v.size() == channels;
  };
  if (!hasChannels(*variance, false) || !hasChannels(*bias, true) ||
      !hasChannels(*scale, true) || !hasChannels(*offset, true) ||
      !getType().hasStaticShape() ||
      getType().getNumElements() != static_cast<int64_t>(channels))
    return {};
  std::vector<double> multiplier = batchNormMultiplier(
      *variance, *scale, getEpsilon().convertToDouble());
  return buildFloatConstant(
      getType(), batchNormFoldedBias(*mean, multiplier, *bias, *offset));
}
