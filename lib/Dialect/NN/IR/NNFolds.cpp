//===- NNFolds.cpp - nn op folders ----------------------------------------===//
//
// Folders return existing values or attributes and never create ops; the
// dialect's constant materializer turns attributes into arith.constant.
//
//===----------------------------------------------------------------------===//

#include "bnfold/Dialect/NN/IR/BatchNormMath.h"
#include "bnfold/Dialect/NN/IR/NNOps.h"

#include "mlir/IR/BuiltinAttributes.h"
#include <array>
#include <cmath>

using namespace mlir;
using namespace bnfold;
using namespace bnfold::nn;

OpFoldResult IdentityOp::fold(FoldAdaptor) { return getInput(); }

OpFoldResult ConcatOp::fold(FoldAdaptor) {
  // The verifier makes one input's type the result's.
  if (getInputs().size() == 1)
    return getInputs()[0];
  return {};
}

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

//===----------------------------------------------------------------------===//
// Elementwise arithmetic on constants
//===----------------------------------------------------------------------===//

/// Only small constants (per-channel parameters, two biases merged by the
/// fold) are worth evaluating at compile time. The size is checked on the
/// type before reading, since reading expands a splat operand whatever its
/// size. A dynamic result type cannot hold a constant.
static bool isFoldableResult(RankedTensorType type) {
  return type.hasStaticShape() && type.getNumElements() <= 4096;
}

/// `fn` applied in the ops' compute type (NNOps.td): the element type for
/// f32 and f64, f32 for f16 and bf16; the caller rounds to the element type.
template <typename Fn>
static double computeElement(bool inF64, Fn fn, double a, double b = 0.0) {
  if (inF64)
    return fn(a, b);
  return static_cast<double>(
      fn(static_cast<float>(a), static_cast<float>(b)));
}

static bool computesInF64(Type elementType) {
  std::optional<FloatKind> kind = getFloatKind(elementType);
  return kind && getBatchNormComputeKind(*kind) == FloatKind::F64;
}

/// Evaluates a broadcasting binary op on constant operands.
template <typename Fn>
static OpFoldResult foldBinary(Operation *op, Attribute lhsAttr,
                               Attribute rhsAttr, Fn fn) {
  auto type = cast<RankedTensorType>(op->getResult(0).getType());
  if (!isFoldableResult(type) || !lhsAttr || !rhsAttr)
    return {};
  std::optional<std::vector<double>> lhs = readAsDoubles(lhsAttr);
  std::optional<std::vector<double>> rhs = readAsDoubles(rhsAttr);
  if (!lhs || !rhs)
    return {};
  // Per result dim, how far each operand's flat index moves (0 where the
  // operand repeats along the dim).
  int64_t rank = type.getRank();
  SmallVector<int64_t> strides[2];
  for (auto [i, values] : llvm::enumerate(
           std::array<const std::vector<double> *, 2>{&*lhs, &*rhs})) {
    auto operandType = cast<RankedTensorType>(op->getOperand(i).getType());
    if (!operandType.hasStaticShape() ||
        operandType.getNumElements() != static_cast<int64_t>(values->size()))
      return {};
    strides[i].assign(rank, 0);
    int64_t stride = 1;
    for (int64_t d = rank - 1; d >= 0; --d) {
      std::optional<int64_t> aligned =
          getAlignedOperandDim(operandType.getRank(), rank, d);
      if (!aligned)
        break;
      int64_t size = operandType.getDimSize(*aligned);
      if (size == type.getDimSize(d))
        strides[i][d] = stride;
      stride *= size;
    }
  }
  bool inF64 = computesInF64(type.getElementType());
  std::vector<double> result(type.getNumElements());
  SmallVector<int64_t> index(rank, 0);
  int64_t at[2] = {0, 0};
  for (double &value : result) {
    value = computeElement(inF64, fn, (*lhs)[at[0]], (*rhs)[at[1]]);
    // Odometer step over the result index, innermost dim first.
    for (int64_t d = rank - 1; d >= 0; --d) {
      at[0] += strides[0][d];
      at[1] += strides[1][d];
      if (++index[d] < type.getDimSize(d))
        break;
      at[0] -= strides[0][d] * index[d];
      at[1] -= strides[1][d] * index[d];
      index[d] = 0;
    }
  }
  return buildFloatConstant(type, result);
}

/// Evaluates a unary op on a constant operand.
template <typename Fn>
static OpFoldResult foldUnary(Operation *op, Attribute inputAttr, Fn fn) {
  auto type = cast<RankedTensorType>(op->getResult(0).getType());
  if (!isFoldableResult(type) || !inputAttr)
    return {};
  std::optional<std::vector<double>> values = readAsDoubles(inputAttr);
  if (!values || static_cast<int64_t>(values->size()) != type.getNumElements())
    return {};
  bool inF64 = computesInF64(type.getElementType());
  for (double &value : *values)
    value = computeElement(
        inF64, [&](auto x, auto) { return fn(x); }, value);
  return buildFloatConstant(type, *values);
}

OpFoldResult AddOp::fold(FoldAdaptor adaptor) {
  return foldBinary(*this, adaptor.getLhs(), adaptor.getRhs(),
                    [](auto a, auto b) { return a + b; });
}

OpFoldResult SubOp::fold(FoldAdaptor adaptor) {
  return foldBinary(*this, adaptor.getLhs(), adaptor.getRhs(),
                    [](auto a, auto b) { return a - b; });
}

OpFoldResult MulOp::fold(FoldAdaptor adaptor) {
  return foldBinary(*this, adaptor.getLhs(), adaptor.getRhs(),
                    [](auto a, auto b) { return a * b; });
}

OpFoldResult DivOp::fold(FoldAdaptor adaptor) {
  return foldBinary(*this, adaptor.getLhs(), adaptor.getRhs(),
                    [](auto a, auto b) { return a / b; });
}

OpFoldResult SqrtOp::fold(FoldAdaptor adaptor) {
  return foldUnary(*this, adaptor.getInput(),
                   [](auto x) { return std::sqrt(x); });
}

OpFoldResult RsqrtOp::fold(FoldAdaptor adaptor) {
  return foldUnary(*this, adaptor.getInput(), [](auto x) {
    using T = decltype(x);
    return T(1) / std::sqrt(x);
  });
}

OpFoldResult ReciprocalOp::fold(FoldAdaptor adaptor) {
  return foldUnary(*this, adaptor.getInput(), [](auto x) {
    using T = decltype(x);
    return T(1) / x;
  });
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

namespace {
/// The constant operands of nn.bn_fold_bias / nn.bn_fold_input_bias; an
/// absent optional one is empty.
struct BatchNormParameters {
  std::vector<double> mean, variance, bias, scale, offset;

  /// The parameters of `op`, or std::nullopt when one is not a constant.
  template <typename OpT>
  static std::optional<BatchNormParameters>
  read(OpT op, typename OpT::FoldAdaptor adaptor) {
    std::optional<std::vector<double>> mean = readAsDoubles(adaptor.getMean());
    std::optional<std::vector<double>> variance =
        readAsDoubles(adaptor.getVariance());
    std::optional<std::vector<double>> bias =
        readOptional(op.getBias(), adaptor.getBias());
    std::optional<std::vector<double>> scale =
        readOptional(op.getScale(), adaptor.getScale());
    std::optional<std::vector<double>> offset =
        readOptional(op.getOffset(), adaptor.getOffset());
    if (!mean || !variance || !bias || !scale || !offset)
      return std::nullopt;
    return BatchNormParameters{std::move(*mean), std::move(*variance),
                               std::move(*bias), std::move(*scale),
                               std::move(*offset)};
  }

  /// Whether variance, scale and offset (when present) have one entry per
  /// channel of `mean` (the verifier lets dynamic lengths through).
  bool haveOneEntryPerChannel() const {
    size_t channels = mean.size();
    return variance.size() == channels &&
           (scale.empty() || scale.size() == channels) &&
           (offset.empty() || offset.size() == channels);
  }
};
} // namespace

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
                             getChannelMap(),
                             getFoldToResource()
                                 ? FoldedWeightStorage::Resource
                                 : FoldedWeightStorage::AsSource);
}

OpFoldResult BNFoldInputBiasOp::fold(FoldAdaptor adaptor) {
  if (!getType().hasStaticShape() ||
      !getWeights().getType().hasStaticShape())
    return {};
  std::optional<BatchNormParameters> params =
      BatchNormParameters::read(*this, adaptor);
  if (!params)
    return {};
  auto &[mean, variance, bias, scale, offset] = *params;
  if (!params->haveOneEntryPerChannel())
    return {};
  // The batch norm's shift t = offset - mean * s: its folded bias with no
  // layer bias.
  std::vector<double> shift = batchNormFoldedBias(
      mean,
      batchNormMultiplier(variance, scale, getEpsilon().convertToDouble()),
      /*bias=*/{}, offset);
  std::optional<std::vector<double>> folded =
      foldInputShiftIntoBias(adaptor.getWeights(), shift, getInputChannelMap(),
                             getOutputChannelMap(), bias);
  if (!folded ||
      getType().getNumElements() != static_cast<int64_t>(folded->size()))
    return {};
  return buildFloatConstant(getType(), *folded);
}

OpFoldResult BNFoldBiasOp::fold(FoldAdaptor adaptor) {
  // The verifier lets the result be tensor<?xT> when the lengths are not all
  // known; a constant needs a static type (arith.constant rejects others).
  if (!getType().hasStaticShape())
    return {};
  std::optional<BatchNormParameters> params =
      BatchNormParameters::read(*this, adaptor);
  if (!params)
    return {};
  auto &[mean, variance, bias, scale, offset] = *params;
  // The verifier lets dynamic lengths through: fold only when every vector
  // really has one entry per channel and the result type is static (a
  // constant of type tensor<?xf32> is invalid IR).
  size_t channels = mean.size();
  if (!params->haveOneEntryPerChannel() ||
      (!bias.empty() && bias.size() != channels) ||
      getType().getNumElements() != static_cast<int64_t>(channels))
    return {};
  std::vector<double> multiplier = batchNormMultiplier(
      variance, scale, getEpsilon().convertToDouble());
  return buildFloatConstant(
      getType(), batchNormFoldedBias(mean, multiplier, bias, offset));
}
