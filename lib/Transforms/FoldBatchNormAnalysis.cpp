//===- FoldBatchNormAnalysis.cpp - when may a batch norm fold -------------===//

#include "bnfold/Transforms/FoldBatchNormAnalysis.h"
#include "FoldedValueRanges.h"
#include "PrecomputedScaling.h"
#include "bnfold/Dialect/NN/IR/BatchNormMath.h"

#include "mlir/IR/Matchers.h"
#include "llvm/ADT/APFloat.h"
#include "llvm/Support/FormatVariadic.h"
#include <charconv>
#include <cmath>
#include <cstdio>

using namespace mlir;
using namespace bnfold;
using namespace bnfold::nn;

/// Shortest round-trippable-enough form: "-1.99999", "0", "nan", "inf".
static std::string formatNumber(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof(buffer), "%.9g", value);
  return buffer;
}

static std::string opName(Operation *op) {
  return ("'" + op->getName().getStringRef() + "'").str();
}

/// Checks a batch-norm parameter whose value is known at compile time. A
/// parameter that is not a constant is computed at run time and accepted.
static std::optional<std::string> whyParameterUnusable(Value param,
                                                       StringRef name) {
  if (!param)
    return std::nullopt;
  Attribute attr;
  if (!matchPattern(param, m_Constant(&attr)))
    return std::nullopt;
  if (std::optional<std::string> why = whyNotReadable(attr))
    return llvm::formatv("{0} is a constant that cannot be read: {1}", name,
                         *why)
        .str();
  std::optional<std::vector<double>> values = readAsDoubles(attr);
  for (auto [c, v] : llvm::enumerate(*values))
    if (!std::isfinite(v))
      return llvm::formatv("{0}[{1}] is {2}", name, c, formatNumber(v)).str();
  return std::nullopt;
}

/// The shortest decimal that reads back as `value` in `kind` ("-1.99999",
/// "0"): a sum the network computes is a value of its compute type.
static std::string formatInKind(double value, FloatKind kind) {
  char buffer[64];
  std::to_chars_result end =
      kind == FloatKind::F64
          ? std::to_chars(buffer, buffer + sizeof(buffer), value)
          : std::to_chars(buffer, buffer + sizeof(buffer),
                          static_cast<float>(value));
  return std::string(buffer, end.ptr);
}

static std::string typeName(FloatKind kind) {
  switch (kind) {
  case FloatKind::F16:
    return "f16";
  case FloatKind::BF16:
    return "bf16";
  case FloatKind::F32:
    return "f32";
  case FloatKind::F64:
    return "f64";
  }
  llvm_unreachable("unknown float kind");
}

/// The unfolded network divides by sqrt(variance + epsilon), the sum
/// computed in the batch norm's compute type (batchNormVariancePlusEpsilon);
/// the fold divides by the same sum computed in f64. The fold is legal only
/// where the network's sum is a positive finite number and the two sums
/// agree to the rounding of the compute type: they differ by more only when
/// a negative variance cancels epsilon (or epsilon is below the compute
/// type's normal range), and the folded layer would then scale by a factor
/// the network does not use.
static std::optional<std::string> whyVarianceUnusable(BatchNormOp bn) {
  if (std::optional<std::string> why =
          whyParameterUnusable(bn.getVariance(), "variance"))
    return why;
  Attribute attr;
  if (!matchPattern(bn.getVariance(), m_Constant(&attr)))
    return std::nullopt;
  double epsilon = bn.getEpsilon().convertToDouble();
  FloatKind computeKind = getBatchNormComputeKind(
      *getFloatKind(bn.getVariance().getType().getElementType()));
  // Epsilon's and the sum's roundings in the compute type, with a margin;
  // a cancelling sum differs by orders of magnitude more.
  double tolerance = computeKind == FloatKind::F64 ? 0x1p-50 : 0x1p-21;
  for (auto [c, v] : llvm::enumerate(*readAsDoubles(attr))) {
    double networkSum = batchNormVariancePlusEpsilon(v, epsilon, computeKind);
    if (!(networkSum > 0.0))
      return llvm::formatv("variance[{0}] + epsilon = {1} is not positive", c,
                           formatInKind(networkSum, computeKind))
          .str();
    if (std::isinf(networkSum))
      return llvm::formatv("variance[{0}] + epsilon overflows to inf in "
                           "'{1}', the batch norm's arithmetic",
                           c, typeName(computeKind))
          .str();
    double foldSum = v + epsilon;
    if (!(std::fabs(foldSum - networkSum) <= tolerance * networkSum))
      return llvm::formatv("variance[{0}] + epsilon = {1} in '{2}' (the "
                           "batch norm's arithmetic) but {3} in f64 (the "
                           "fold's)",
                           c, formatInKind(networkSum, computeKind),
                           typeName(computeKind), formatNumber(foldSum))
          .str();
  }
  return std::nullopt;
}

/// The constant values of an optional parameter: empty when absent,
/// std::nullopt when present but not a readable constant.
static std::optional<std::vector<double>> constantValues(Value value) {
  if (!value)
    return std::vector<double>{};
  Attribute attr;
  if (!matchPattern(value, m_Constant(&attr)))
    return std::nullopt;
  return readAsDoubles(attr);
}

static std::string describe(const RangeProblem &problem, StringRef what,
                            Type elementType) {
  std::string type;
  llvm::raw_string_ostream os(type);
  os << elementType;
  return llvm::formatv("{0} of channel {1} would be {2}, which {3} '{4}'", what,
                       problem.channel, formatNumber(problem.value),
                       problem.overflow ? "overflows" : "underflows to 0 in",
                       type)
      .str();
}

/// When the folded values are computable now (`multiplier` is known),
/// checks that they fit the element type: f16 in particular overflows
/// easily (max 65504). `mean` and `offset` are the fold's per-channel
/// shifts (empty = 0, std::nullopt = not constants).
static std::optional<std::string> whyFoldedValuesUnrepresentable(
    ChannelLayerOpInterface layer, ArrayRef<double> multiplier,
    const std::optional<std::vector<double>> &mean,
    const std::optional<std::vector<double>> &offset, Type elementType,
    const PrecomputedScaling *precomputed) {
  Attribute weights;
  if (matchPattern(layer.getWeights(), m_Constant(&weights))) {
    WeightChannelMap map = layer.getOutputChannelMap();
    const std::optional<RangeProblem> *stored =
        precomputed ? precomputed->lookupRangeProblem(weights, multiplier, map)
                    : nullptr;
    std::optional<RangeProblem> problem =
        stored ? *stored
               : findScaledWeightRangeProblem(weights, multiplier, map);
    if (problem)
      return describe(*problem, "a scaled weight", elementType);
  }

  std::optional<std::vector<double>> bias =
      constantValues(layer.getBiasOrNull());
  if (mean && bias && offset)
    if (std::optional<RangeProblem> problem = findOverflow(
            elementType,
            batchNormFoldedBias(*mean, multiplier, *bias, *offset)))
      return describe(*problem, "the folded bias", elementType);
  return std::nullopt;
}

/// `withShift` false: only the batch norm's scale folds (the second
/// operand of an add it folds across), the bias is just scaled.
static std::optional<std::string>
whyFoldedValuesUnrepresentable(ChannelLayerOpInterface layer, BatchNormOp bn,
                               const PrecomputedScaling *precomputed,
                               bool withShift) {
  std::optional<std::vector<double>> variance = constantValues(bn.getVariance());
  std::optional<std::vector<double>> scale = constantValues(bn.getScale());
  if (!variance || !scale)
    return std::nullopt;
  std::vector<double> multiplier = batchNormMultiplier(
      *variance, *scale, bn.getEpsilon().convertToDouble());
  std::optional<std::vector<double>> none = std::vector<double>{};
  return whyFoldedValuesUnrepresentable(
      layer, multiplier, withShift ? constantValues(bn.getMean()) : none,
      withShift ? constantValues(bn.getOffset()) : none,
      bn.getType().getElementType(), precomputed);
}

/// The largest magnitude of a parameter: of its values when it is a
/// constant, 0 when it is absent, `unknown` otherwise.
static double largestMagnitude(Value param, double unknown) {
  if (!param)
    return 0.0;
  std::optional<std::vector<double>> values = constantValues(param);
  if (!values)
    return unknown;
  double largest = 0.0;
  for (double v : *values)
    if (std::isfinite(v))
      largest = std::max(largest, std::fabs(v));
  return largest;
}

/// Folded values that are not constants are computed at run time by
/// nn.bn_fold_weights / nn.bn_fold_bias and stored in the element type. For
/// f16 that type holds far less than the batch norm's compute type (65504
/// against f32's 3.4e38): a weight of 10 scaled by 1e4 is inf in the folded
/// layer, while the unfolded network scales the layer's (smaller) output in
/// f32. So in f16 a fold whose values are computed at run time must be
/// provably in range, from the largest magnitude of each operand (a
/// non-constant operand may hold any f16 value). bf16, f32 and f64 have
/// their compute type's range: there a folded value overflows only for
/// magnitudes the unfolded network's own arithmetic is at the edge of, and
/// no bound is required.
///
/// `multiplier` is the fold's per-channel factor (std::nullopt when it is
/// computed at run time, `formula` then names it, and `unfolded` the op
/// that computes with it in the unfolded network), `mean` and `offset` the
/// values the fold subtracts before and adds after scaling (may be null).
static std::optional<std::string> whyRunTimeValuesMayOverflow(
    ChannelLayerOpInterface layer,
    const std::optional<std::vector<double>> &multiplierOrNone,
    StringRef formula, StringRef unfolded, Value mean, Value offset,
    Type elementType) {
  if (!elementType.isF16())
    return std::nullopt;
  bool constantWeights = matchPattern(layer.getWeights(), m_Constant());
  if (!multiplierOrNone) {
    // The multiplier itself is unknown: nothing bounds the folded values.
    return ("the folded weights would be computed at run time in 'f16' "
            "from a multiplier " +
            formula +
            " that is not a constant, and could overflow where " + unfolded +
            ", computing in f32, does not")
        .str();
  }
  const std::vector<double> &multiplier = *multiplierOrNone;
  double typeMax = llvm::APFloat::getLargest(llvm::APFloat::IEEEhalf())
                       .convertToDouble();
  if (!constantWeights) {
    std::vector<double> bound(multiplier.size());
    for (auto [c, m] : llvm::enumerate(multiplier))
      bound[c] = typeMax * std::fabs(m);
    if (std::optional<RangeProblem> problem = findOverflow(elementType, bound))
      return llvm::formatv("the weights of {0} are not constants: folded at "
                           "run time, a weight above {1} would overflow "
                           "'f16' (channel {2} is scaled by {3})",
                           opName(layer),
                           formatNumber(typeMax / std::fabs(
                                                      multiplier[problem->channel])),
                           problem->channel,
                           formatNumber(multiplier[problem->channel]))
          .str();
  }
  Value layerBias = layer.getBiasOrNull();
  bool constantBias = constantValues(mean) && constantValues(layerBias) &&
                      constantValues(offset);
  if (constantBias)
    return std::nullopt; // checked exactly by whyFoldedValuesUnrepresentable
  double biasBound = largestMagnitude(layerBias, typeMax) +
                     largestMagnitude(mean, typeMax);
  double offsetBound = largestMagnitude(offset, typeMax);
  std::vector<double> bound(multiplier.size());
  for (auto [c, m] : llvm::enumerate(multiplier))
    bound[c] = biasBound * std::fabs(m) + offsetBound;
  if (std::optional<RangeProblem> problem = findOverflow(elementType, bound))
    return llvm::formatv("the folded bias would be computed at run time and "
                         "could overflow 'f16': (bias - mean) * {0} + offset "
                         "can reach {1} in channel {2}",
                         formatNumber(multiplier[problem->channel]),
                         formatNumber(problem->value), problem->channel)
        .str();
  return std::nullopt;
}

/// scale / sqrt(variance + epsilon) per channel, when the variance and the
/// scale are constants (known when the fold happens).
static std::optional<std::vector<double>>
constantMultiplier(Value variance, Value scale, APFloat epsilon) {
  std::optional<std::vector<double>> variances = constantValues(variance);
  std::optional<std::vector<double>> scales = constantValues(scale);
  if (!variances || !scales)
    return std::nullopt;
  return batchNormMultiplier(*variances, *scales, epsilon.convertToDouble());
}

static std::optional<std::string>
whyRunTimeValuesMayOverflow(ChannelLayerOpInterface layer, BatchNormOp bn,
                            bool withShift) {
  std::optional<std::vector<double>> multiplier =
      constantMultiplier(bn.getVariance(), bn.getScale(), bn.getEpsilon());
  return whyRunTimeValuesMayOverflow(
      layer, multiplier, "scale / sqrt(variance + epsilon)", "the batch norm",
      withShift ? bn.getMean() : Value(), withShift ? bn.getOffset() : Value(),
      bn.getType().getElementType());
}

/// scale / sqrt(variance + epsilon) can overflow f64 even when each input
/// is finite (a huge scale over a tiny variance); an infinite multiplier
/// turns zero weights into NaN, which the unfolded graph would not produce.
static std::optional<std::string> whyMultiplierUnusable(BatchNormOp bn) {
  Attribute varianceAttr, scaleAttr;
  if (!matchPattern(bn.getVariance(), m_Constant(&varianceAttr)))
    return std::nullopt;
  std::vector<double> scale;
  if (Value scaleValue = bn.getScale()) {
    if (!matchPattern(scaleValue, m_Constant(&scaleAttr)))
      return std::nullopt;
    scale = *readAsDoubles(scaleAttr);
  }
  std::vector<double> variance = *readAsDoubles(varianceAttr);
  if (!scale.empty() && scale.size() != variance.size())
    return std::nullopt;
  std::vector<double> multiplier = batchNormMultiplier(
      variance, scale, bn.getEpsilon().convertToDouble());
  for (auto [c, m] : llvm::enumerate(multiplier))
    if (!std::isfinite(m))
      return llvm::formatv("scale[{0}] / sqrt(variance[{0}] + epsilon) "
                           "overflows to {1}",
                           c, formatNumber(m))
          .str();
  return std::nullopt;
}

/// Why a per-channel op that reads `layer`'s result, directly or through
/// `between` (nn.reshape or nn.batch_to_space; may be null), along its
/// feature dim `featureDim` does not act on the layer's output channels.
/// `kind` names the op in the messages ("batch_norm", "bias_add");
/// `mismatch` is the formatv message for dims that differ, given the
/// feature dim, the layer and the layer's channel dim.
static std::optional<std::string>
whyNotAlongChannels(ChannelLayerOpInterface layer, Operation *between,
                    int64_t featureDim, StringRef kind, const char *mismatch) {
  auto layerType = cast<RankedTensorType>(layer->getResult(0).getType());
  int64_t layerDim = layer.getResultFeatureDim();
  int64_t channels = layerType.getDimSize(layerDim);
  if (auto reshape = dyn_cast_or_null<ReshapeOp>(between)) {
    // Channel of flat element i is i mod channels on the layer side; on the
    // other side it is (i / stride) mod size: equal for every i only if the
    // sizes match and every dim after the feature dim is 1.
    if (layerDim != layerType.getRank() - 1)
      return "the channels of " + opName(layer) + " are not its last dim";
    RankedTensorType outType = reshape.getType();
    bool keepsChannels = outType.getDimSize(featureDim) == channels;
    for (int64_t d = featureDim + 1; d < outType.getRank(); ++d)
      keepsChannels &= outType.getDimSize(d) == 1;
    if (!keepsChannels)
      return llvm::formatv("'nn.reshape' to '{0}' does not keep the {1} "
                           "channels of {2} in {3} feature dim {4}",
                           outType, channels, opName(layer), kind, featureDim)
          .str();
    return std::nullopt;
  }
  if (auto batchToSpace = dyn_cast_or_null<BatchToSpaceOp>(between)) {
    int64_t channelDim = getChannelDim(batchToSpace.getLayout());
    if (channelDim != layerDim)
      return llvm::formatv("'nn.batch_to_space' ({0}) moves dim {1}, which "
                           "holds the channels of {2}",
                           stringifyLayout(batchToSpace.getLayout()),
                           layerDim, opName(layer))
          .str();
  }
  if (featureDim != layerDim)
    return llvm::formatv(mismatch, featureDim, opName(layer), layerDim).str();
  return std::nullopt;
}

/// The folded layer's result replaces the old one for every user: another
/// user of the layer's result (or of the op in between) would see the
/// folded values instead of its own. `besides` ends the message. With
/// `cloneOnMultiUse` the fold goes into a copy, and other users see the
/// original.
static std::optional<std::string>
whyResultShared(ChannelLayerOpInterface layer, Operation *between,
                StringRef besides, bool cloneOnMultiUse) {
  if (cloneOnMultiUse)
    return std::nullopt;
  for (Operation *op : {layer.getOperation(), between})
    if (op && !op->getResult(0).hasOneUse())
      return ("the result of " + opName(op) + " has another user" + besides)
          .str();
  return std::nullopt;
}

static std::optional<std::string>
whyBiasAddNotAbsorbable(ChannelLayerOpInterface layer, Operation *between,
                        BiasAddOp biasAdd, bool intoCopy) {
  if (std::optional<std::string> why = whyResultShared(
          layer, between, " besides its 'nn.bias_add'", intoCopy))
    return why;
  return whyNotAlongChannels(
      layer, between, biasAdd.getFeatureDim(), "bias_add",
      "'nn.bias_add' adds along dim {0} but the channels of {1} are dim {2}");
}

/// Describes where a value that is not a constant comes from.
static std::string describeSource(Value v) {
  if (Operation *def = v.getDefiningOp())
    return "the result of " + opName(def);
  return "a block argument";
}

/// The first of the values the folded weights and bias are computed from
/// that is not a constant, described for a remark: the layer's weights and
/// bias, then `params` (name, value; a null value is absent).
static std::optional<std::string> whyParametersNotConstant(
    ChannelLayerOpInterface layer,
    ArrayRef<std::pair<Value, std::string>> params) {
  if (!matchPattern(layer.getWeights(), m_Constant()))
    return "the weights of " + opName(layer) + " are not a constant (" +
           describeSource(layer.getWeights()) + ")";
  if (Value bias = layer.getBiasOrNull();
      bias && !matchPattern(bias, m_Constant()))
    return "the bias of " + opName(layer) + " is not a constant (" +
           describeSource(bias) + ")";
  for (const auto &[param, name] : params)
    if (param && !matchPattern(param, m_Constant()))
      return name + " is not a constant (" + describeSource(param) + ")";
  return std::nullopt;
}

/// A fold rescales the layer's weights channel by channel: it needs to
/// know the channel count and where the channels are in the weights.
static std::optional<std::string>
whyChannelsUnknown(ChannelLayerOpInterface layer) {
  auto layerType = cast<RankedTensorType>(layer->getResult(0).getType());
  if (layerType.isDynamicDim(layer.getResultFeatureDim()))
    return "the channel dim of " + opName(layer) + " is dynamic";
  auto weightsType = cast<RankedTensorType>(layer.getWeights().getType());
  for (int64_t d : layer.getOutputChannelMap().getReadDims())
    if (weightsType.isDynamicDim(d))
      return llvm::formatv("weight dim {0} of {1} is dynamic", d,
                           opName(layer))
          .str();
  return std::nullopt;
}

/// Constant weights must be readable, or the fold would leave an
/// nn.bn_fold_weights op that can never become a constant (e.g. weights
/// given as dense_resource<__elided__>, or a splat too large to expand).
static std::optional<std::string>
whyWeightsUnreadable(ChannelLayerOpInterface layer) {
  Attribute weightsAttr;
  if (matchPattern(layer.getWeights(), m_Constant(&weightsAttr)))
    if (std::optional<std::string> why = whyNotReadable(weightsAttr))
      return llvm::formatv("the weights of {0} cannot be read: {1}",
                           opName(layer), *why)
          .str();
  return std::nullopt;
}

static std::optional<std::string>
whyBatchNormNotFoldable(ChannelLayerOpInterface layer, Operation *between,
                        BatchNormOp bn, const PrecomputedScaling *precomputed,
                        bool runtimeParameters, bool cloneOnMultiUse,
                        bool withShift = true) {
  if (std::optional<std::string> why =
          whyResultShared(layer, between, "", cloneOnMultiUse))
    return why;
  if (std::optional<std::string> why = whyChannelsUnknown(layer))
    return why;
  if (std::optional<std::string> why = whyNotAlongChannels(
          layer, between, bn.getFeatureDim(), "batch_norm",
          "batch_norm normalizes dim {0} but the channels of {1} are dim {2}"))
    return why;
  if (!runtimeParameters)
    if (std::optional<std::string> why = whyParametersNotConstant(
            layer, {{bn.getMean(), "its mean"},
                    {bn.getVariance(), "its variance"},
                    {bn.getScale(), "its scale"},
                    {bn.getOffset(), "its offset"}}))
      return why;
  if (std::optional<std::string> why = whyWeightsUnreadable(layer))
    return why;

  if (std::optional<std::string> why = whyVarianceUnusable(bn))
    return why;
  for (auto [param, name] :
       {std::pair<Value, StringRef>{bn.getMean(), "mean"},
        {bn.getScale(), "scale"},
        {bn.getOffset(), "offset"}})
    if (std::optional<std::string> why = whyParameterUnusable(param, name))
      return why;
  if (std::optional<std::string> why = whyMultiplierUnusable(bn))
    return why;
  if (std::optional<std::string> why =
          whyFoldedValuesUnrepresentable(layer, bn, precomputed, withShift))
    return why;
  return whyRunTimeValuesMayOverflow(layer, bn, withShift);
}

//===----------------------------------------------------------------------===//
// Elementwise steps
//===----------------------------------------------------------------------===//

std::optional<ElementwiseStep> ElementwiseStep::get(Operation *op,
                                                    Value data) {
  if (!isa_and_nonnull<AddOp, SubOp, MulOp, DivOp>(op) || !data ||
      op->getNumOperands() != 2 || op->getNumResults() != 1)
    return std::nullopt;
  bool lhsIsData = op->getOperand(0) == data;
  if (lhsIsData == (op->getOperand(1) == data))
    return std::nullopt; // neither operand, or both (x + x)
  unsigned paramIndex = lhsIsData ? 1 : 0;
  Value param = op->getOperand(paramIndex);
  Kind kind;
  if (isa<AddOp>(op))
    kind = Kind::Add;
  else if (isa<MulOp>(op))
    kind = Kind::Mul;
  else if (isa<SubOp>(op))
    kind = lhsIsData ? Kind::Sub : Kind::SubtractedFrom;
  else if (lhsIsData)
    kind = Kind::Div;
  else
    return std::nullopt; // d / x is not affine in x
  if (param.getType() == op->getResult(0).getType() &&
      !matchPattern(param, m_Constant()))
    return std::nullopt;
  return ElementwiseStep{kind, op, param, paramIndex};
}

/// "operand #1 of 'nn.mul'".
static std::string describeParam(const ElementwiseStep &step) {
  return llvm::formatv("operand #{0} of {1}", step.paramIndex,
                       opName(step.op))
      .str();
}

/// nn.reciprocal of `value`, as that op computes it for `elementType`.
static double reciprocalInElementType(double value, Type elementType) {
  FloatKind kind = *getFloatKind(elementType);
  if (getBatchNormComputeKind(kind) == FloatKind::F64)
    return 1.0 / value;
  // Computed in f32 and rounded once to the element type, via its bytes.
  char bytes[8];
  storeElement(kind, bytes, static_cast<double>(1.0f / static_cast<float>(value)));
  return loadElement(kind, bytes);
}

std::optional<std::vector<double>>
bnfold::readStepMultiplierOrShift(const ElementwiseStep &step,
                                  int64_t numChannels) {
  Attribute attr;
  if (!matchPattern(step.param, m_Constant(&attr)))
    return std::nullopt;
  std::optional<std::vector<double>> values = readAsDoubles(attr);
  if (!values || values->empty())
    return std::nullopt;
  if (values->size() == 1)
    values->assign(numChannels, values->front());
  if (static_cast<int64_t>(values->size()) != numChannels)
    return std::nullopt;
  if (step.kind == ElementwiseStep::Kind::Div) {
    Type elementType = cast<ShapedType>(step.param.getType()).getElementType();
    for (double &v : *values)
      v = reciprocalInElementType(v, elementType);
  }
  return values;
}

static std::optional<std::string>
whyStepNotFoldable(ChannelLayerOpInterface layer, const ElementwiseStep &step,
                   const PrecomputedScaling *precomputed,
                   bool runtimeParameters, bool cloneOnMultiUse) {
  if (std::optional<std::string> why =
          whyResultShared(layer, nullptr, "", cloneOnMultiUse))
    return why;
  if (std::optional<std::string> why = whyChannelsUnknown(layer))
    return why;
  std::string param = describeParam(step);
  auto layerType = cast<RankedTensorType>(layer->getResult(0).getType());
  auto resultType = cast<RankedTensorType>(step.op->getResult(0).getType());
  if (resultType != layerType)
    return llvm::formatv("{0} broadcasts the result of {1} to '{2}'", param,
                         opName(layer), resultType)
        .str();
  int64_t channelDim = layer.getResultFeatureDim();
  auto paramType = cast<RankedTensorType>(step.param.getType());
  int64_t rankGap = layerType.getRank() - paramType.getRank();
  for (int64_t d = 0; d < paramType.getRank(); ++d)
    if (paramType.getDimSize(d) != 1 && d + rankGap != channelDim)
      return llvm::formatv("{0} varies along dim {1}, not only along the "
                           "channels of {2} (dim {3})",
                           param, d + rankGap, opName(layer), channelDim)
          .str();
  if (!runtimeParameters)
    if (std::optional<std::string> why =
            whyParametersNotConstant(layer, {{step.param, param}}))
      return why;
  if (std::optional<std::string> why = whyWeightsUnreadable(layer))
    return why;

  int64_t channels = layerType.getDimSize(channelDim);
  Type elementType = layerType.getElementType();
  Attribute attr;
  bool constantParam = matchPattern(step.param, m_Constant(&attr));
  if (constantParam) {
    if (std::optional<std::string> why = whyNotReadable(attr))
      return llvm::formatv("{0} is a constant that cannot be read: {1}",
                           param, *why)
          .str();
    std::vector<double> values = *readAsDoubles(attr);
    for (auto [c, v] : llvm::enumerate(values)) {
      if (!std::isfinite(v))
        return llvm::formatv("{0} is {1} in channel {2}", param,
                             formatNumber(v), c)
            .str();
      if (step.kind == ElementwiseStep::Kind::Div && v == 0.0)
        return llvm::formatv("the divisor, {0}, is 0 in channel {1}", param,
                             c)
            .str();
    }
  }
  // The fold's per-channel factor and shifts, as in (x - mean) * m + offset.
  std::optional<std::vector<double>> stepValues =
      readStepMultiplierOrShift(step, channels);
  std::optional<std::vector<double>> multiplier = std::vector<double>(
      channels, step.kind == ElementwiseStep::Kind::SubtractedFrom ? -1.0
                                                                    : 1.0);
  std::optional<std::vector<double>> mean = std::vector<double>{};
  std::optional<std::vector<double>> offset = std::vector<double>{};
  Value meanParam, offsetParam;
  switch (step.kind) {
  case ElementwiseStep::Kind::Add:
  case ElementwiseStep::Kind::SubtractedFrom:
    offset = stepValues;
    offsetParam = step.param;
    break;
  case ElementwiseStep::Kind::Sub:
    mean = stepValues;
    meanParam = step.param;
    break;
  case ElementwiseStep::Kind::Mul:
  case ElementwiseStep::Kind::Div:
    multiplier = stepValues;
    break;
  }
  if (multiplier)
    for (auto [c, m] : llvm::enumerate(*multiplier))
      if (!std::isfinite(m))
        return llvm::formatv("1 / {0} overflows to {1} in channel {2}", param,
                             formatNumber(m), c)
            .str();
  if (multiplier)
    if (std::optional<std::string> why = whyFoldedValuesUnrepresentable(
            layer, *multiplier, mean, offset, elementType, precomputed))
      return why;
  return whyRunTimeValuesMayOverflow(
      layer, multiplier,
      step.kind == ElementwiseStep::Kind::Div ? "1 / " + param : param,
      opName(step.op), meanParam, offsetParam, elementType);
}

std::optional<FoldSite> FoldSite::get(Operation *layerOp, Operation *between,
                                      Operation *target) {
  auto layer = dyn_cast_or_null<ChannelLayerOpInterface>(layerOp);
  if (!layer || !target || layer->getNumResults() != 1)
    return std::nullopt;
  if (!isa<BatchNormOp, BiasAddOp>(target)) {
    if (between || !ElementwiseStep::get(target, layer->getResult(0)))
      return std::nullopt;
    return FoldSite{layer, nullptr, target};
  }
  Value input = target->getOperand(0);
  if (between) {
    if (!isa<ReshapeOp, BatchToSpaceOp>(between) ||
        input != between->getResult(0) ||
        between->getOperand(0) != layer->getResult(0))
      return std::nullopt;
  } else if (input != layer->getResult(0)) {
    return std::nullopt;
  }
  return FoldSite{layer, between, target};
}

static std::optional<std::string>
whyBatchNormSliceNotFoldable(const FoldSite &site,
                             const PrecomputedScaling *precomputed);

/// Whether a bias_add on a shared layer is worth absorbing into a copy of
/// the layer: its only user is a batch_norm that may then fold into that
/// copy (a copy for the bias_add alone would only duplicate the layer).
static bool feedsFoldableBatchNorm(ChannelLayerOpInterface layer,
                                   Operation *between, BiasAddOp biasAdd,
                                   const PrecomputedScaling *precomputed,
                                   bool runtimeParameters) {
  if (!biasAdd->hasOneUse())
    return false;
  auto bn = dyn_cast<BatchNormOp>(*biasAdd->user_begin());
  return bn && bn.getInput() == biasAdd.getResult() &&
         !whyBatchNormNotFoldable(layer, between, bn, precomputed,
                                  runtimeParameters, /*cloneOnMultiUse=*/true);
}

std::optional<std::string>
bnfold::whyNotFoldable(const FoldSite &site,
                       const PrecomputedScaling *precomputed,
                       bool runtimeParameters, bool cloneOnMultiUse) {
  // Only a matmul folds through a reshape (TensorFlow's fully-connected
  // layer): a convolution's output channels are not its last dim in nchw,
  // and in nhwc no producer writes that shape.
  if (isa_and_nonnull<ReshapeOp>(site.between) && !isa<MatmulOp>(site.layer))
    return "a 'nn.reshape' sits between " + opName(site.layer) + " and the " +
           (isa<BatchNormOp>(site.target) ? "batch_norm" : "bias_add") +
           "; only a matmul folds through a reshape";
  if (site.concat)
    return whyBatchNormSliceNotFoldable(site, precomputed);
  if (auto biasAdd = dyn_cast<BiasAddOp>(site.target))
    return whyBiasAddNotAbsorbable(
        site.layer, site.between, biasAdd,
        cloneOnMultiUse &&
            feedsFoldableBatchNorm(site.layer, site.between, biasAdd,
                                   precomputed, runtimeParameters));
  if (!isa<BatchNormOp>(site.target)) {
    // FoldSite::get only forms a site of another op when it is a step.
    std::optional<ElementwiseStep> step =
        ElementwiseStep::get(site.target, site.layer->getResult(0));
    if (!step)
      return opName(site.target) + " is not a step on the result of " +
             opName(site.layer);
    return whyStepNotFoldable(site.layer, *step, precomputed,
                              runtimeParameters, cloneOnMultiUse);
  }
  return whyBatchNormNotFoldable(
      site.layer, site.between, cast<BatchNormOp>(site.target), precomputed,
      runtimeParameters, cloneOnMultiUse,
      /*withShift=*/!site.add || site.addOperand == 0);
}

//===----------------------------------------------------------------------===//
// A batch norm across an add: BN(a + b) = (a * s + t) + b * s
//===----------------------------------------------------------------------===//

std::optional<FoldSite> FoldSite::getAcrossAdd(Operation *add, unsigned index,
                                               Operation *bn) {
  if (!isa_and_nonnull<AddOp>(add) || !isa_and_nonnull<BatchNormOp>(bn) ||
      index >= add->getNumOperands() ||
      bn->getOperand(0) != add->getResult(0))
    return std::nullopt;
  Operation *producer = add->getOperand(index).getDefiningOp();
  Operation *between = nullptr;
  if (isa_and_nonnull<ReshapeOp, BatchToSpaceOp>(producer)) {
    between = producer;
    producer = producer->getOperand(0).getDefiningOp();
  }
  auto layer = dyn_cast_or_null<ChannelLayerOpInterface>(producer);
  if (!layer || layer->getNumResults() != 1)
    return std::nullopt;
  return FoldSite{layer, between, bn, add, index};
}

/// "operand #1 of 'nn.add'".
static std::string describeOperand(Operation *op, unsigned index) {
  return llvm::formatv("operand #{0} of {1}", index, opName(op)).str();
}

std::optional<std::string>
bnfold::whyNotFoldableAcrossAdd(Operation *add, Operation *bn,
                                const PrecomputedScaling *precomputed,
                                bool runtimeParameters, bool cloneOnMultiUse) {
  if (!isa_and_nonnull<AddOp>(add) || !isa_and_nonnull<BatchNormOp>(bn) ||
      add->getNumOperands() != 2 || bn->getOperand(0) != add->getResult(0))
    return "its input is not an 'nn.add'";
  // Also with cloneOnMultiUse: both layers would be copied for the add's
  // other users, to fold one batch norm.
  if (!add->getResult(0).hasOneUse())
    return "the result of 'nn.add' has another user";
  if (add->getOperand(0) == add->getOperand(1))
    return "'nn.add' adds a value to itself";
  Type resultType = add->getResult(0).getType();
  for (unsigned index : {0u, 1u}) {
    Value operand = add->getOperand(index);
    if (operand.getType() != resultType)
      return llvm::formatv("'nn.add' broadcasts operand #{0} ('{1}') to "
                           "'{2}'; a batch norm folds across an add of two "
                           "full-size values",
                           index, operand.getType(), resultType)
          .str();
  }
  std::optional<std::string> firstRefusal;
  for (unsigned index : {0u, 1u}) {
    std::string operand = describeOperand(add, index);
    std::optional<FoldSite> site = FoldSite::getAcrossAdd(add, index, bn);
    if (!site) {
      Operation *producer = add->getOperand(index).getDefiningOp();
      if (!producer)
        return operand + " is a block argument, not the result of a layer";
      if (auto biasAdd = dyn_cast<BiasAddOp>(producer)) {
        // Absorbed into its layer unless that was refused: say why.
        Operation *inner = biasAdd.getInput().getDefiningOp();
        Operation *between = nullptr;
        if (isa_and_nonnull<ReshapeOp, BatchToSpaceOp>(inner)) {
          between = inner;
          inner = inner->getOperand(0).getDefiningOp();
        }
        if (std::optional<FoldSite> biasSite =
                FoldSite::get(inner, between, biasAdd))
          if (std::optional<std::string> why = whyNotFoldable(
                  *biasSite, precomputed, runtimeParameters, cloneOnMultiUse))
            return operand + " comes from 'nn.bias_add', which cannot be "
                             "absorbed into its layer: " + *why;
      }
      if (isa<ReshapeOp, BatchToSpaceOp>(producer)) {
        Operation *inner = producer->getOperand(0).getDefiningOp();
        return operand + " comes from " + opName(producer) + " after " +
               (inner ? opName(inner) : std::string("a block argument")) +
               ", which is not a convolution or matmul";
      }
      return operand + " comes from " + opName(producer) +
             ", which is not a convolution or matmul (nor a reshape or "
             "batch_to_space after one)";
    }
    std::optional<std::string> why = whyNotFoldable(
        *site, precomputed, runtimeParameters, cloneOnMultiUse);
    // A reason both operands give is the batch norm's own (a parameter).
    if (index == 1 && firstRefusal)
      return why == firstRefusal ? *why : "for operand #0 of 'nn.add', " +
                                              *firstRefusal;
    if (why && index == 1)
      return "for " + operand + ", " + *why;
    firstRefusal = why;
  }
  return std::nullopt;
}

/// Why the input of `bn` (a batch_norm or batch_norm_training) is not
/// the result of a layer, past the ops a fold looks through.
static std::string explainInputNotFromLayer(Operation *bn) {
  Operation *user = bn;
  Value input = bn->getOperand(0);
  while (Operation *producer = input.getDefiningOp()) {
    if (!isa<BiasAddOp, ReshapeOp, BatchToSpaceOp>(producer))
      return "its input comes from " + opName(producer) +
             ", which is not a convolution or matmul (nor an "
             "identity, bias_add, reshape or batch_to_space after one)";
    user = producer;
    input = producer->getOperand(0);
  }
  if (user == bn)
    return "its input is a block argument, not the result of a layer";
  return "the input of " + opName(user) + " is a block argument";
}

std::string bnfold::explainUnmatched(BatchNormOp bn) {
  if (auto concat = bn.getInput().getDefiningOp<ConcatOp>())
    if (std::optional<std::string> why = whyNotFoldableAcrossConcat(concat, bn))
      return *why;
  return explainInputNotFromLayer(bn);
}

//===----------------------------------------------------------------------===//
// Training: a batch norm with batch statistics, folded with corrections
//===----------------------------------------------------------------------===//

const char *const bnfold::kBatchStatisticsReason =
    "batch statistics are computed at run time";

std::optional<std::string>
bnfold::whyNotFoldableForTraining(ChannelLayerOpInterface layer,
                                  Operation *between, BatchNormTrainingOp bn,
                                  bool runtimeParameters) {
  if (bn.getOutput().use_empty())
    return std::string("its normalized output has no user");
  if (isa_and_nonnull<ReshapeOp>(between) && !isa<MatmulOp>(layer))
    return "a 'nn.reshape' sits between " + opName(layer) +
           " and the batch_norm_training; only a matmul folds through a "
           "reshape";
  if (std::optional<std::string> why = whyChannelsUnknown(layer))
    return why;
  if (std::optional<std::string> why = whyNotAlongChannels(
          layer, between, bn.getFeatureDim(), "batch_norm_training",
          "batch_norm_training normalizes dim {0} but the channels of {1} "
          "are dim {2}"))
    return why;
  if (!runtimeParameters)
    return std::string("its training fold computes the folded weights and "
                       "the correction from batch statistics at run time, "
                       "and runtime-parameters is off");
  // The folded weights W * scale / sigma_moving, and the bias scaled the
  // same way: computed now when the moving variance and scale are
  // constants (checked exactly, as the inference fold checks them),
  // otherwise at run time (bounded).
  std::optional<std::vector<double>> multiplier = constantMultiplier(
      bn.getMovingVariance(), bn.getScale(), bn.getEpsilon());
  std::optional<std::vector<double>> noShift = std::vector<double>{};
  if (multiplier)
    if (std::optional<std::string> why = whyFoldedValuesUnrepresentable(
            layer, *multiplier, noShift, noShift,
            bn.getInput().getType().getElementType(), nullptr))
      return why;
  return whyRunTimeValuesMayOverflow(
      layer, multiplier, "scale / sqrt(moving_variance + epsilon)",
      "the batch_norm_training", Value(), Value(),
      bn.getInput().getType().getElementType());
}

std::string bnfold::explainUnmatchedTraining(BatchNormTrainingOp bn) {
  return explainInputNotFromLayer(bn);
}

/// Why the parameters of `bn` cannot be used by a fold that computes with
/// them now (forward, across a concat): one is not a constant (`why`
/// completes that remark), or is unusable as the batch norm computes it.
static std::optional<std::string> whyParametersNotUsableNow(BatchNormOp bn,
                                                            StringRef why) {
  for (auto [param, name] :
       {std::pair<Value, StringRef>{bn.getMean(), "mean"},
        {bn.getVariance(), "variance"},
        {bn.getScale(), "scale"},
        {bn.getOffset(), "offset"}})
    if (param && !matchPattern(param, m_Constant()))
      return llvm::formatv("its {0} is not a constant ({1}){2}", name,
                           describeSource(param), why)
          .str();
  if (std::optional<std::string> unusable = whyVarianceUnusable(bn))
    return unusable;
  for (auto [param, name] :
       {std::pair<Value, StringRef>{bn.getMean(), "mean"},
        {bn.getScale(), "scale"},
        {bn.getOffset(), "offset"}})
    if (std::optional<std::string> unusable = whyParameterUnusable(param, name))
      return unusable;
  return whyMultiplierUnusable(bn);
}

//===----------------------------------------------------------------------===//
// Folding forward
//===----------------------------------------------------------------------===//

/// The dim of the layer's input whose channels its input channel map
/// scales: a convolution's channel dim, a matmul's contraction dim.
static std::optional<int64_t> getInputChannelDim(ChannelLayerOpInterface layer) {
  if (auto conv = dyn_cast<ConvolutionOpInterface>(layer.getOperation()))
    return getChannelDim(conv.getLayout());
  if (auto matmul = dyn_cast<MatmulOp>(layer.getOperation())) {
    int64_t rank = matmul.getLhs().getType().getRank();
    return matmul.getTransposeLhs() ? rank - 2 : rank - 1;
  }
  return std::nullopt;
}

static bool isPadded(ChannelLayerOpInterface layer) {
  auto conv = dyn_cast<ConvolutionOpInterface>(layer.getOperation());
  return conv && llvm::any_of(conv.getPadding(),
                              [](int64_t pad) { return pad != 0; });
}

static bool isTransposed(ChannelLayerOpInterface layer) {
  auto conv = dyn_cast<ConvolutionOpInterface>(layer.getOperation());
  return conv && conv.getConvKind() == ConvKind::Transposed;
}

/// The users of `bn`'s result in block order (use-list order otherwise).
static SmallVector<Operation *, 2> usersInOrder(BatchNormOp bn) {
  SmallVector<Operation *, 2> users;
  for (Operation *user : bn->getUsers())
    if (!llvm::is_contained(users, user))
      users.push_back(user);
  Block *block = users.empty() ? nullptr : users.front()->getBlock();
  if (llvm::all_of(users,
                   [&](Operation *user) { return user->getBlock() == block; }))
    llvm::sort(users, [](Operation *a, Operation *b) {
      return a->isBeforeInBlock(b);
    });
  return users;
}

/// Why `user` cannot take `bn`'s result in as a layer's input: it is not a
/// layer, or reads it as something else (weights, bias).
static std::optional<std::string> whyUserNotLayerInput(BatchNormOp bn,
                                                       Operation *user) {
  auto layer = dyn_cast<ChannelLayerOpInterface>(user);
  if (!layer || layer->getNumResults() != 1 || !getInputChannelDim(layer))
    return "its user " + opName(user) + " is not a layer";
  for (OpOperand &use : bn->getUses())
    if (use.getOwner() == user && use.getOperandNumber() != 0)
      return llvm::formatv("its user {0} reads it as operand #{1}, not as "
                           "its input",
                           opName(user), use.getOperandNumber())
          .str();
  return std::nullopt;
}

std::optional<ForwardFold> ForwardFold::get(Operation *op) {
  auto bn = dyn_cast_or_null<BatchNormOp>(op);
  if (!bn || bn->use_empty())
    return std::nullopt;
  ForwardFold fold{bn, {}, {}, {}};
  for (Operation *user : usersInOrder(bn)) {
    if (whyUserNotLayerInput(bn, user))
      return std::nullopt;
    fold.layers.push_back(cast<ChannelLayerOpInterface>(user));
  }
  std::optional<std::vector<double>> mean = constantValues(bn.getMean());
  std::optional<std::vector<double>> variance =
      constantValues(bn.getVariance());
  std::optional<std::vector<double>> scale = constantValues(bn.getScale());
  std::optional<std::vector<double>> offset = constantValues(bn.getOffset());
  if (!mean || !variance || !scale || !offset ||
      mean->size() != variance->size() ||
      (!scale->empty() && scale->size() != variance->size()) ||
      (!offset->empty() && offset->size() != variance->size()))
    return std::nullopt;
  fold.multiplier = batchNormMultiplier(*variance, *scale,
                                        bn.getEpsilon().convertToDouble());
  fold.shift = batchNormFoldedBias(*mean, fold.multiplier, {}, *offset);
  return fold;
}

bool ForwardFold::hasZeroShift() const {
  return llvm::all_of(shift, [](double t) { return t == 0.0; });
}

bool ForwardFold::needsPad(ChannelLayerOpInterface layer) const {
  return isPadded(layer) && !hasZeroShift();
}

std::vector<double> ForwardFold::padValues() const {
  std::vector<double> values(shift.size(), 0.0);
  for (auto [c, t] : llvm::enumerate(shift))
    if (t != 0.0)
      values[c] = -t / multiplier[c];
  return values;
}

/// The first channel whose shift is not 0.
static size_t firstShiftedChannel(const ForwardFold &fold) {
  return llvm::find_if(fold.shift, [](double t) { return t != 0.0; }) -
         fold.shift.begin();
}

/// Why the pad values of `fold` cannot replace the zero padding of a
/// padded layer: some channel has no pad value the batch norm maps to 0,
/// or its pad value is not a finite value of the element type.
static std::optional<std::string> whyPadValuesUnusable(const ForwardFold &fold,
                                                       Type elementType) {
  for (auto [c, t] : llvm::enumerate(fold.shift))
    if (t != 0.0 && fold.multiplier[c] == 0.0)
      return llvm::formatv("its scale is 0 in channel {0}, so no pad value "
                           "maps to 0",
                           c)
          .str();
  std::vector<double> pads = fold.padValues();
  for (auto [c, p] : llvm::enumerate(pads))
    if (!std::isfinite(p))
      return llvm::formatv("the pad value of channel {0}, -shift / scale, is "
                           "{1}",
                           c, formatNumber(p))
          .str();
  if (std::optional<RangeProblem> problem = findOverflow(elementType, pads))
    return describe(*problem, "the pad value", elementType);
  return std::nullopt;
}

/// Why `fold` may not fold into `layer`, one of its users.
static std::optional<std::string>
whyLayerCannotAbsorb(const ForwardFold &fold, ChannelLayerOpInterface layer,
                     bool perChannelPadding) {
  BatchNormOp bn = fold.bn;
  int64_t inputDim = *getInputChannelDim(layer);
  if (bn.getFeatureDim() != inputDim)
    return llvm::formatv("it normalizes dim {0} but the input channels of "
                         "its user {1} are dim {2}",
                         bn.getFeatureDim(), opName(layer), inputDim)
        .str();
  std::optional<WeightChannelMap> inputMap = layer.getInputChannelMap();
  if (!inputMap)
    return "the input channels of " + opName(layer) +
           " sit in its weights by a dynamic dim";
  if (std::optional<std::string> why = whyChannelsUnknown(layer))
    return why;
  auto weightsType = cast<RankedTensorType>(layer.getWeights().getType());
  for (int64_t d : inputMap->getReadDims())
    if (weightsType.isDynamicDim(d))
      return llvm::formatv("weight dim {0} of {1} is dynamic", d,
                           opName(layer))
          .str();
  if (std::optional<std::string> why = whyParametersNotConstant(layer, {}))
    return why;
  if (std::optional<std::string> why = whyWeightsUnreadable(layer))
    return why;

  if (!fold.hasZeroShift()) {
    size_t c = firstShiftedChannel(fold);
    if (isTransposed(layer))
      return llvm::formatv(
                 "its user {0} sums a different number of input values at "
                 "its borders and stride phases, so the batch norm's shift "
                 "(nonzero in channel {1}) is not one bias",
                 opName(layer), c)
          .str();
    if (isPadded(layer)) {
      if (!perChannelPadding)
        return llvm::formatv(
                   "its user {0} pads its input with zeros, which the batch "
                   "norm's shift (nonzero in channel {1}) does not map to "
                   "0, and per-channel padding is off",
                   opName(layer), c)
            .str();
      if (std::optional<std::string> why = whyPadValuesUnusable(
              fold, bn.getType().getElementType()))
        return why;
    }
  }

  Type elementType = cast<ShapedType>(layer->getResult(0).getType())
                         .getElementType();
  Attribute weights;
  if (!matchPattern(layer.getWeights(), m_Constant(&weights)))
    return std::nullopt; // refused above
  if (std::optional<RangeProblem> problem =
          findScaledWeightRangeProblem(weights, fold.multiplier, *inputMap))
    return llvm::formatv("a weight of {0} scaled for input channel {1} "
                         "would be {2}, which {3} '{4}'",
                         opName(layer), problem->channel,
                         formatNumber(problem->value),
                         problem->overflow ? "overflows"
                                           : "underflows to 0 in",
                         elementType)
        .str();
  std::optional<std::vector<double>> bias =
      constantValues(layer.getBiasOrNull());
  std::optional<std::vector<double>> folded =
      foldInputShiftIntoBias(weights, fold.shift, *inputMap,
                             layer.getOutputChannelMap(),
                             bias ? *bias : std::vector<double>{});
  if (!folded)
    return "the weights of " + opName(layer) +
           " do not match the batch norm's channels";
  if (std::optional<RangeProblem> problem = findOverflow(elementType, *folded))
    return describe(*problem, "the folded bias", elementType);
  return std::nullopt;
}

std::optional<std::string>
bnfold::whyNotFoldableForward(BatchNormOp bn, bool perChannelPadding) {
  if (bn->use_empty())
    return std::string("its result is unused");
  for (Operation *user : usersInOrder(bn))
    if (std::optional<std::string> why = whyUserNotLayerInput(bn, user))
      return why;
  // The fold's arithmetic reads the parameters: constants only (the new
  // weights, bias and pad values are computed now).
  if (std::optional<std::string> why = whyParametersNotUsableNow(bn, ""))
    return why;
  std::optional<ForwardFold> fold = ForwardFold::get(bn);
  if (!fold)
    return std::string("its parameters do not have one entry per channel");
  for (ChannelLayerOpInterface layer : fold->layers)
    if (std::optional<std::string> why =
            whyLayerCannotAbsorb(*fold, layer, perChannelPadding))
      return why;
  return std::nullopt;
}

bool bnfold::canFoldBackward(BatchNormOp bn,
                             const PrecomputedScaling *precomputed,
                             bool runtimeParameters, bool cloneOnMultiUse) {
  Operation *producer = bn.getInput().getDefiningOp();
  if (auto concat = dyn_cast_or_null<ConcatOp>(producer))
    return !whyNotFoldableAcrossConcat(concat, bn, precomputed);
  if (isa_and_nonnull<AddOp>(producer) &&
      !whyNotFoldableAcrossAdd(producer, bn, precomputed, runtimeParameters,
                               cloneOnMultiUse))
    return true;
  Operation *between = nullptr;
  if (isa_and_nonnull<ReshapeOp, BatchToSpaceOp>(producer)) {
    between = producer;
    producer = producer->getOperand(0).getDefiningOp();
  }
  std::optional<FoldSite> site = FoldSite::get(producer, between, bn);
  return site && !whyNotFoldable(*site, precomputed, runtimeParameters,
                                 cloneOnMultiUse);
}

//===----------------------------------------------------------------------===//
// Across a concat: batch_norm(concat(layer, layer, ...))
//
// The batch norm's channels [o, o + n) are input #i's, which a layer with n
// channels produces: the fold splits the batch norm's parameters by these
// ranges and folds each slice into its layer, like a batch norm of its own.
// The slices are new constants, so the parameters must be constants; so
// must the weights and biases, so that every check below is exact.
//===----------------------------------------------------------------------===//

/// The layer that produces `input`, directly or through an nn.reshape or
/// nn.batch_to_space (`between`), or null.
static ChannelLayerOpInterface layerBehind(Value input, Operation *&between) {
  between = nullptr;
  Operation *producer = input.getDefiningOp();
  if (isa_and_nonnull<ReshapeOp, BatchToSpaceOp>(producer)) {
    between = producer;
    producer = producer->getOperand(0).getDefiningOp();
  }
  auto layer = dyn_cast_or_null<ChannelLayerOpInterface>(producer);
  if (!layer || layer->getNumResults() != 1)
    return nullptr;
  return layer;
}

std::optional<std::vector<FoldSite>>
bnfold::getConcatFoldSites(Operation *concatOp, Operation *bnOp) {
  auto concat = dyn_cast_or_null<ConcatOp>(concatOp);
  auto bn = dyn_cast_or_null<BatchNormOp>(bnOp);
  if (!concat || !bn || bn.getInput() != concat.getResult())
    return std::nullopt;
  std::vector<FoldSite> sites;
  int64_t offset = 0;
  for (auto [i, input] : llvm::enumerate(concat.getInputs())) {
    Operation *between;
    ChannelLayerOpInterface layer = layerBehind(input, between);
    int64_t size =
        cast<RankedTensorType>(input.getType()).getDimSize(concat.getAxis());
    if (!layer || ShapedType::isDynamic(size))
      return std::nullopt;
    FoldSite site{layer, between, bn};
    site.concat = concat;
    site.concatInput = i;
    site.channelOffset = offset;
    sites.push_back(site);
    offset += size;
  }
  return sites;
}

/// `values[offset, offset + count)`, or all of an empty (absent) vector.
static std::vector<double> sliceOf(const std::vector<double> &values,
                                   int64_t offset, int64_t count) {
  if (values.empty())
    return values;
  return std::vector<double>(values.begin() + offset,
                             values.begin() + offset + count);
}

/// The checks of a fold into one layer (whyBatchNormNotFoldable) that
/// depend on the layer, on the batch norm's channels the layer takes. The
/// batch norm's own parameters are checked once, by
/// whyNotFoldableAcrossConcat.
static std::optional<std::string>
whyBatchNormSliceNotFoldable(const FoldSite &site,
                             const PrecomputedScaling *precomputed) {
  auto bn = dyn_cast_or_null<BatchNormOp>(site.target);
  if (!bn)
    return opName(site.target) + " is not a batch_norm";
  ChannelLayerOpInterface layer = site.layer;
  if (std::optional<std::string> why =
          whyResultShared(layer, site.between, "", /*cloneOnMultiUse=*/false))
    return why;
  if (std::optional<std::string> why = whyChannelsUnknown(layer))
    return why;
  if (std::optional<std::string> why = whyNotAlongChannels(
          layer, site.between, bn.getFeatureDim(), "batch_norm",
          "batch_norm normalizes dim {0} but the channels of {1} are dim {2}"))
    return why;
  if (std::optional<std::string> why = whyParametersNotConstant(layer, {}))
    return why;
  if (std::optional<std::string> why = whyWeightsUnreadable(layer))
    return why;

  std::optional<std::vector<double>> mean = constantValues(bn.getMean()),
                                     variance = constantValues(bn.getVariance()),
                                     scale = constantValues(bn.getScale()),
                                     offset = constantValues(bn.getOffset());
  if (!mean || !variance || !scale || !offset)
    return std::string("the batch_norm's parameters are not constants");
  auto layerType = cast<RankedTensorType>(layer->getResult(0).getType());
  int64_t channels = layerType.getDimSize(layer.getResultFeatureDim());
  int64_t total = static_cast<int64_t>(variance->size());
  if (site.channelOffset < 0 || channels > total - site.channelOffset ||
      (!scale->empty() && static_cast<int64_t>(scale->size()) != total) ||
      (!offset->empty() && static_cast<int64_t>(offset->size()) != total) ||
      static_cast<int64_t>(mean->size()) != total)
    return llvm::formatv("the batch_norm has {0} channels, not the {1} to "
                         "{2} of {3}",
                         total, site.channelOffset,
                         site.channelOffset + channels - 1, opName(layer))
        .str();
  std::vector<double> multiplier = batchNormMultiplier(
      sliceOf(*variance, site.channelOffset, channels),
      sliceOf(*scale, site.channelOffset, channels),
      bn.getEpsilon().convertToDouble());
  return whyFoldedValuesUnrepresentable(
      layer, multiplier, sliceOf(*mean, site.channelOffset, channels),
      sliceOf(*offset, site.channelOffset, channels),
      bn.getType().getElementType(), precomputed);
}

/// Why operand #`index` of `concat`, which is not the result of a layer
/// (directly or through a reshape or batch_to_space), blocks the fold.
static std::string whyInputNotFromLayer(ConcatOp concat, unsigned index) {
  std::string input =
      llvm::formatv("operand #{0} of 'nn.concat'", index).str();
  Operation *producer = concat.getInputs()[index].getDefiningOp();
  if (!producer)
    return input + " is a block argument, not the result of a layer";
  if (auto biasAdd = dyn_cast<BiasAddOp>(producer)) {
    // A bias_add after a layer is absorbed into its bias before this fold
    // is tried; one that is still here could not be.
    Operation *between;
    if (ChannelLayerOpInterface layer =
            layerBehind(biasAdd.getInput(), between))
      if (std::optional<FoldSite> site =
              FoldSite::get(layer, between, biasAdd))
        if (std::optional<std::string> why = whyNotFoldable(*site))
          return input + " comes from an 'nn.bias_add' that cannot join " +
                 "the bias of " + opName(layer) + ": " + *why;
  }
  if (isa<ReshapeOp, BatchToSpaceOp>(producer)) {
    Operation *before = producer->getOperand(0).getDefiningOp();
    if (!before)
      return input + " comes from " + opName(producer) +
             " of a block argument, not of a layer";
    return input + " comes from " + opName(before) + " through " +
           opName(producer) + "; " + opName(before) +
           " is not a convolution or matmul";
  }
  return input + " comes from " + opName(producer) +
         ", which is not a convolution or matmul (nor a reshape or "
         "batch_to_space after one)";
}

std::optional<std::string>
bnfold::whyNotFoldableAcrossConcat(ConcatOp concat, BatchNormOp bn,
                                   const PrecomputedScaling *precomputed) {
  if (!concat || !bn || bn.getInput() != concat.getResult())
    return std::string("the batch_norm does not read the 'nn.concat'");
  if (!concat.getResult().hasOneUse())
    return std::string("the result of 'nn.concat' has another user");
  if (static_cast<int64_t>(concat.getAxis()) != bn.getFeatureDim())
    return llvm::formatv("'nn.concat' joins along dim {0}, not the "
                         "batch_norm's channels (dim {1})",
                         concat.getAxis(), bn.getFeatureDim())
        .str();
  if (std::optional<std::string> why = whyParametersNotUsableNow(
          bn, "; a fold across 'nn.concat' splits constant parameters only"))
    return why;

  int64_t offset = 0;
  for (auto [i, input] : llvm::enumerate(concat.getInputs())) {
    Operation *between;
    ChannelLayerOpInterface layer = layerBehind(input, between);
    if (!layer)
      return whyInputNotFromLayer(concat, i);
    FoldSite site{layer, between, bn};
    site.concat = concat;
    site.concatInput = i;
    site.channelOffset = offset;
    int64_t size =
        cast<RankedTensorType>(input.getType()).getDimSize(concat.getAxis());
    std::string range =
        ShapedType::isDynamic(size)
            ? llvm::formatv("channels {0} on", offset).str()
            : llvm::formatv("channels {0} to {1}", offset, offset + size - 1)
                  .str();
    if (std::optional<std::string> why = whyNotFoldable(site, precomputed))
      return llvm::formatv("operand #{0} of 'nn.concat' ({1} of the "
                           "batch_norm) is the result of {2}{3}: {4}",
                           i, range, opName(layer),
                           between ? " through " + opName(between) : "", *why)
          .str();
    if (ShapedType::isDynamic(size))
      return llvm::formatv("operand #{0} of 'nn.concat' has a dynamic size "
                           "along the channels",
                           i)
          .str();
    offset += size;
  }
  return std::nullopt;
}
