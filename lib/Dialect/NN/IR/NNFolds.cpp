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
  std::optional<std::vector<double>> bias = readAsDoubles(adaptor.getBias());
  if (bias && llvm::all_of(*bias, [](double v) { return v == 0.0; }))
    return getInput();
  return {};
}

OpFoldResult AddOp::fold(FoldAdaptor adaptor) {
  // Only small constants (e.g. two biases merged by the fold) are worth
  // evaluating at compile time.
  // AddOp has no verifier: the element count of its type is unchecked.
  std::optional<int64_t> count = getCheckedNumElements(getType().getShape());
  if (!count || *count > 4096)
    return {};
  std::optional<std::vector<double>> lhs = readAsDoubles(adaptor.getLhs());
  if (!lhs)
    return {};
  std::optional<std::vector<double>> rhs = readAsDoubles(adaptor.getRhs());
  if (!rhs || rhs->size() != lhs->size())
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
  std::optional<std::vector<double>> variance =
      readAsDoubles(adaptor.getVariance());
  std::optional<std::vector<double>> scale =
      readOptional(getScale(), adaptor.getScale());
  if (!variance || !scale)
    return {};
  std::vector<double> multiplier = batchNormMultiplier(
      *variance, *scale, getEpsilon().convertToDouble());
  return scaleWeightChannels(adaptor.getWeights(), multiplier,
                             getChannelDims());
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
  size_t channels = getType().getDimSize(0);
  auto hasLength = [&](const std::vector<double> &v, bool optional) {
    return v.size() == channels || (optional && v.empty());
  };
  if (!hasLength(*mean, false) || !hasLength(*variance, false) ||
      !hasLength(*bias, true) || !hasLength(*scale, true) ||
      !hasLength(*offset, true))
    return {};
  std::vector<double> multiplier = batchNormMultiplier(
      *variance, *scale, getEpsilon().convertToDouble());
  std::vector<double> folded(mean->size());
  for (size_t c = 0; c < folded.size(); ++c)
    folded[c] = ((bias->empty() ? 0.0 : (*bias)[c]) - (*mean)[c]) *
                    multiplier[c] +
                (offset->empty() ? 0.0 : (*offset)[c]);
  return buildFloatConstant(getType(), folded);
}
