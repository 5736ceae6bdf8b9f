//===- NNOps.cpp - nn op verifiers and interface methods ------------------===//

#include "bnfold/Dialect/NN/IR/NNOps.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Verifier.h"
#include "llvm/Support/CheckedArithmetic.h"
#include <cmath>

using namespace mlir;
using namespace bnfold::nn;

#include "bnfold/Dialect/NN/IR/NNInterfaces.cpp.inc"

static constexpr int64_t kDynamic = ShapedType::kDynamic;

//===----------------------------------------------------------------------===//
// Shared verification helpers
//
// ODS checks element types, type equalities, attribute counts and signs;
// what is left here needs the shapes.
//===----------------------------------------------------------------------===//

static bool isKnown(int64_t dim) { return dim != kDynamic; }

// Shapes and attributes are arbitrary int64 values in malformed IR (e.g.
// tensor<9223372036854775807x...> or huge block sizes): every size the
// verifiers compute goes through checked arithmetic, so that an overflow is a
// diagnostic instead of a wrong message or a division by zero.
using llvm::checkedAdd;
using llvm::checkedMul;

static LogicalResult emitOverflow(Operation *op, const Twine &what) {
  return op->emitOpError() << what << " must fit in int64";
}

/// The product of the static dims of `type` (its element count when it has a
/// static shape), or std::nullopt when that overflows int64. A 0 dim makes
/// it 0 whatever the other dims are.
static std::optional<int64_t> staticDimProduct(RankedTensorType type) {
  if (llvm::is_contained(type.getShape(), 0))
    return 0;
  std::optional<int64_t> product = 1;
  for (int64_t dim : type.getShape())
    if (isKnown(dim) && product)
      product = checkedMul(*product, dim);
  return product;
}

LogicalResult
bnfold::nn::OpTrait::impl::verifyElementCountsFitInt64(Operation *op) {
  for (Type type :
       llvm::concat<Type>(op->getOperandTypes(), op->getResultTypes())) {
    auto ranked = dyn_cast<RankedTensorType>(type);
    if (ranked && !staticDimProduct(ranked))
      return op->emitOpError()
             << "the element count of " << type << " overflows int64";
  }
  return success();
}

/// Emits "<what> (N) must equal <other> (M)" unless either side is dynamic.
static LogicalResult verifyDimsMatch(Operation *op, int64_t actual,
                                     int64_t expected, const Twine &what,
                                     const Twine &other) {
  if (isKnown(actual) && isKnown(expected) && actual != expected)
    return op->emitOpError() << what << " (" << actual << ") must equal "
                             << other << " (" << expected << ")";
  return success();
}

/// The result dim must be exactly the computed one: dynamic only where the
/// computation has a dynamic input.
static LogicalResult verifyResultDim(Operation *op, int64_t actual,
                                     int64_t expected, unsigned dim) {
  if (actual == expected)
    return success();
  auto diag = op->emitOpError() << "result dim " << dim << " is ";
  if (isKnown(actual))
    diag << actual;
  else
    diag << "dynamic";
  diag << " but the op computes ";
  if (isKnown(expected))
    diag << expected;
  else
    diag << "a dynamic size";
  return diag;
}

/// Verifies a 1-D parameter against the number of features.
static LogicalResult verifyParameterLength(Operation *op, Value param,
                                           int64_t features, StringRef name) {
  if (!param)
    return success();
  int64_t length = cast<RankedTensorType>(param.getType()).getDimSize(0);
  return verifyDimsMatch(op, length, features,
                         "'" + name + "' length", "the number of features");
}

/// The feature dim of a per-channel op on a value of rank `rank`: `axis` when
/// given, else 1 for a channels-first layout, else the last dim.
static int64_t resolveFeatureDim(int64_t rank, std::optional<Layout> layout,
                                 std::optional<int64_t> axis) {
  if (axis)
    return *axis;
  if (layout && !isChannelsLast(*layout))
    return 1;
  return rank - 1;
}

/// Shared by batch_norm and bias_add: layout/axis consistency and the range
/// of the feature dim. `rank` is the input rank.
static LogicalResult verifyFeatureDim(Operation *op, int64_t rank,
                                      std::optional<Layout> layout,
                                      std::optional<int64_t> axis) {
  if (layout && rank != getNumSpatialDims(*layout) + 2)
    return op->emitOpError()
           << "'layout' " << stringifyLayout(*layout) << " needs a "
           << getNumSpatialDims(*layout) + 2 << "-D input, got rank " << rank
           << "; use 'axis' instead";
  if (axis && *axis >= rank)
    return op->emitOpError() << "'axis' " << *axis
                             << " is out of range for an input of rank "
                             << rank;
  if (axis && layout && *axis != resolveFeatureDim(rank, layout, {}))
    return op->emitOpError() << "'axis' " << *axis
                             << " contradicts the feature dim of layout "
                             << stringifyLayout(*layout);
  return success();
}

//===----------------------------------------------------------------------===//
// Convolutions
//===----------------------------------------------------------------------===//

namespace {
/// A convolution's activation and filter shapes viewed independently of
/// layout.
struct ConvShapes {
  int64_t batch, inChannels, filterInChannels, outChannels;
  SmallVector<int64_t, 3> inSpatial, kernel;
};
} // namespace

static ConvShapes getConvShapes(ConvolutionOpInterface conv) {
  ArrayRef<int64_t> input = conv.getInput().getType().getShape();
  ArrayRef<int64_t> filter = conv.getFilter().getType().getShape();
  unsigned r = conv.getNumSpatialDims();
  ConvKind kind = conv.getConvKind();
  ConvShapes s;
  s.batch = input[0];
  // The filter's two channel dims, in filter order.
  int64_t first, second;
  if (isChannelsLast(conv.getLayout())) {
    s.inSpatial.assign(input.begin() + 1, input.begin() + 1 + r);
    s.inChannels = input[r + 1];
    s.kernel.assign(filter.begin(), filter.begin() + r);
    first = filter[r], second = filter[r + 1];
  } else {
    s.inChannels = input[1];
    s.inSpatial.assign(input.begin() + 2, input.end());
    s.kernel.assign(filter.begin() + 2, filter.end());
    first = filter[0], second = filter[1];
  }
  bool channelsLast = isChannelsLast(conv.getLayout());
  switch (kind) {
  case ConvKind::Regular:
    // [k..., Cin/G, Cout] or [Cout, Cin/G, k...].
    s.filterInChannels = channelsLast ? first : second;
    s.outChannels = channelsLast ? second : first;
    break;
  case ConvKind::Depthwise:
    if (channelsLast) {
      // [k..., C, M]: output channels are C * M (an overflowing C * M is
      // diagnosed before this is called).
      s.filterInChannels = first;
      s.outChannels = isKnown(first) && isKnown(second) ? first * second
                                                        : kDynamic;
    } else {
      // [C * M, 1, k...].
      s.outChannels = first, s.filterInChannels = second;
    }
    break;
  case ConvKind::Transposed: {
    // [Cin, Cout/G, k...] or [k..., Cout/G, Cin]: output channels are
    // G * Cout/G (an overflow is diagnosed before this is called).
    s.filterInChannels = channelsLast ? second : first;
    int64_t perGroup = channelsLast ? first : second;
    s.outChannels = isKnown(perGroup) ? perGroup * conv.getGroups() : kDynamic;
    break;
  }
  }
  return s;
}

/// Sentinels of convOutputSize besides kDynamic.
static constexpr int64_t kWindowTooLarge = -1, kSizeOverflow = -2,
                         kNegativeSize = -3;

static int64_t convOutputSize(int64_t in, int64_t kernel, int64_t padLo,
                              int64_t padHi, int64_t stride,
                              int64_t dilation) {
  if (!isKnown(in) || !isKnown(kernel))
    return kDynamic;
  std::optional<int64_t> effective =
      llvm::checkedMulAdd(dilation, kernel - 1, int64_t(1));
  std::optional<int64_t> padded = checkedAdd(in, padLo);
  if (padded)
    padded = checkedAdd(*padded, padHi);
  if (!effective || !padded)
    return kSizeOverflow;
  if (*padded < *effective)
    return kWindowTooLarge;
  return (*padded - *effective) / stride + 1;
}

/// `(in - 1) * stride - padLo - padHi + dilation * (kernel - 1) +
/// outputPadding + 1`, or a sentinel.
static int64_t convTransposeOutputSize(int64_t in, int64_t kernel,
                                       int64_t padLo, int64_t padHi,
                                       int64_t stride, int64_t dilation,
                                       int64_t outputPadding) {
  if (!isKnown(in) || !isKnown(kernel))
    return kDynamic;
  // Every term is >= 0 (in >= 1 and kernel >= 1 are verified first), so
  // the sum overflows only upwards and the subtraction cannot overflow.
  std::optional<int64_t> full = llvm::checkedMul(in - 1, stride);
  if (full)
    full = llvm::checkedMulAdd(dilation, kernel - 1, *full);
  if (full)
    full = checkedAdd(*full, outputPadding + 1);
  if (!full)
    return kSizeOverflow;
  int64_t size = *full - padLo;
  if (size >= 0)
    size -= padHi;
  return size < 0 ? kNegativeSize : size;
}

LogicalResult bnfold::nn::verifyConvolution(ConvolutionOpInterface conv) {
  Operation *op = conv;
  Layout layout = conv.getLayout();
  ConvKind kind = conv.getConvKind();
  unsigned r = conv.getNumSpatialDims();
  if (getNumSpatialDims(layout) != r)
    return op->emitOpError()
           << "layout '" << stringifyLayout(layout) << "' has "
           << getNumSpatialDims(layout) << " spatial dims but the op has " << r
           << "; use " << stringifyLayout(getLayout(r, true)) << " or "
           << stringifyLayout(getLayout(r, false));
  bool channelsLast = isChannelsLast(layout);
  ArrayRef<int64_t> filter = conv.getFilter().getType().getShape();
  if (kind == ConvKind::Depthwise && channelsLast) {
    int64_t c = filter[r], m = filter[r + 1];
    if (isKnown(c) && isKnown(m) && !checkedMul(c, m))
      return emitOverflow(op, "the output channel count C * M");
  }
  if (kind == ConvKind::Transposed) {
    int64_t perGroup = channelsLast ? filter[r] : filter[1];
    if (isKnown(perGroup) && !checkedMul(perGroup, conv.getGroups()))
      return emitOverflow(op, "the output channel count groups * filter "
                              "output channels");
  }

  ConvShapes s = getConvShapes(conv);
  int64_t groups = conv.getGroups();
  switch (kind) {
  case ConvKind::Depthwise:
    if (channelsLast) {
      if (failed(verifyDimsMatch(op, s.filterInChannels, s.inChannels,
                                 "filter channel dim", "input channels")))
        return failure();
    } else {
      if (isKnown(s.filterInChannels) && s.filterInChannels != 1)
        return op->emitOpError() << "filter dim 1 (" << s.filterInChannels
                                 << ") must be 1 for a depthwise filter";
      if (isKnown(s.outChannels) && isKnown(s.inChannels) &&
          (s.inChannels == 0 || s.outChannels % s.inChannels != 0))
        return op->emitOpError()
               << "filter output channels (" << s.outChannels
               << ") must be a multiple of the input channels ("
               << s.inChannels << ")";
    }
    break;
  case ConvKind::Regular: {
    if (isKnown(s.inChannels) && s.inChannels % groups != 0)
      return op->emitOpError() << "input channels (" << s.inChannels
                               << ") must be divisible by groups (" << groups
                               << ")";
    if (isKnown(s.outChannels) && s.outChannels % groups != 0)
      return op->emitOpError() << "output channels (" << s.outChannels
                               << ") must be divisible by groups (" << groups
                               << ")";
    int64_t perGroup = isKnown(s.inChannels) ? s.inChannels / groups : kDynamic;
    if (failed(verifyDimsMatch(op, s.filterInChannels, perGroup,
                               "filter input channels",
                               "input channels / groups")))
      return failure();
    break;
  }
  case ConvKind::Transposed:
    if (isKnown(s.inChannels) && s.inChannels % groups != 0)
      return op->emitOpError() << "input channels (" << s.inChannels
                               << ") must be divisible by groups (" << groups
                               << ")";
    if (failed(verifyDimsMatch(op, s.filterInChannels, s.inChannels,
                               "filter input channel dim", "input channels")))
      return failure();
    break;
  }
  if (failed(verifyParameterLength(op, conv.getBias(), s.outChannels, "bias")))
    return failure();
  // A zero-sized window has no meaningful output size.
  if (llvm::is_contained(s.kernel, 0))
    return op->emitOpError("'filter' spatial dims must be >= 1, got 0");

  ArrayRef<int64_t> strides = conv.getStrides(),
                    dilations = conv.getDilations(),
                    padding = conv.getPadding(),
                    outputPadding = conv.getOutputPadding();
  SmallVector<int64_t, 3> outSpatial;
  for (unsigned i = 0; i < r; ++i) {
    if (kind != ConvKind::Transposed) {
      outSpatial.push_back(convOutputSize(s.inSpatial[i], s.kernel[i],
                                          padding[2 * i], padding[2 * i + 1],
                                          strides[i], dilations[i]));
      continue;
    }
    // PyTorch's rule: with output_padding >= both, the extra outputs
    // would lie beyond every input's reach.
    if (outputPadding[i] >= strides[i] && outputPadding[i] >= dilations[i])
      return op->emitOpError()
             << "'output_padding' entry " << i << " (" << outputPadding[i]
             << ") must be smaller than its stride (" << strides[i]
             << ") or its dilation (" << dilations[i] << ")";
    if (s.inSpatial[i] == 0)
      return op->emitOpError() << "a transposed convolution needs input "
                                  "spatial dims >= 1, got 0 in spatial dim "
                               << i;
    outSpatial.push_back(convTransposeOutputSize(
        s.inSpatial[i], s.kernel[i], padding[2 * i], padding[2 * i + 1],
        strides[i], dilations[i], outputPadding[i]));
  }
  if (llvm::is_contained(outSpatial, kSizeOverflow))
    return emitOverflow(op, kind == ConvKind::Transposed
                                ? "the transposed convolution's output size"
                                : "the padded input and the dilated kernel "
                                  "size");
  if (llvm::is_contained(outSpatial, kWindowTooLarge))
    return op->emitOpError("the dilated kernel is larger than the padded "
                           "input");
  if (const int64_t *negative = llvm::find(outSpatial, kNegativeSize);
      negative != outSpatial.end())
    return op->emitOpError()
           << "'padding' removes more outputs than spatial dim "
           << negative - outSpatial.begin()
           << " of the transposed convolution produces";
  SmallVector<int64_t, 5> expected = {s.batch};
  if (channelsLast) {
    expected.append(outSpatial);
    expected.push_back(s.outChannels);
  } else {
    expected.push_back(s.outChannels);
    expected.append(outSpatial);
  }
  RankedTensorType resultType =
      cast<RankedTensorType>(op->getResult(0).getType());
  for (auto [d, size] : llvm::enumerate(expected))
    if (failed(verifyResultDim(op, resultType.getDimSize(d), size, d)))
      return failure();
  return success();
}

WeightChannelMap bnfold::nn::getOutputChannelMap(ConvolutionOpInterface conv) {
  int64_t r = conv.getNumSpatialDims();
  bool channelsLast = isChannelsLast(conv.getLayout());
  switch (conv.getConvKind()) {
  case ConvKind::Regular:
    // [k..., Cin/G, Cout] or [Cout, Cin/G, k...].
    return WeightChannelMap::along({channelsLast ? r + 1 : 0});
  case ConvKind::Depthwise:
    // [k..., C, M]: the output channel is c * M + m; [C*M, 1, k...].
    if (channelsLast)
      return WeightChannelMap::along({r, r + 1});
    return WeightChannelMap::along({0});
  case ConvKind::Transposed:
    // [Cin, Cout/G, k...] or [k..., Cout/G, Cin]: output channel
    // g*Cout/G + j is column j of the Cout/G dim within group block g of
    // the Cin dim.
    if (channelsLast)
      return WeightChannelMap::grouped(r, r + 1, conv.getGroups());
    return WeightChannelMap::grouped(1, 0, conv.getGroups());
  }
  llvm_unreachable("unknown convolution kind");
}

std::optional<WeightChannelMap>
bnfold::nn::getInputChannelMap(ConvolutionOpInterface conv) {
  int64_t r = conv.getNumSpatialDims();
  bool channelsLast = isChannelsLast(conv.getLayout());
  switch (conv.getConvKind()) {
  case ConvKind::Regular:
    // Input channel g*Cin/G + i is row i of the Cin/G dim within the block
    // of output channels of group g.
    if (channelsLast)
      return WeightChannelMap::grouped(r, r + 1, conv.getGroups());
    return WeightChannelMap::grouped(1, 0, conv.getGroups());
  case ConvKind::Depthwise: {
    // [k..., C, M]: dim C. [C*M, 1, k...]: row o reads input channel o / M,
    // i.e. C groups of M rows.
    if (channelsLast)
      return WeightChannelMap::along({r});
    int64_t channels =
        conv.getInput().getType().getDimSize(getChannelDim(conv.getLayout()));
    if (ShapedType::isDynamic(channels))
      return std::nullopt;
    return WeightChannelMap::grouped(1, 0, channels);
  }
  case ConvKind::Transposed:
    // [Cin, Cout/G, k...] or [k..., Cout/G, Cin].
    return WeightChannelMap::along({channelsLast ? r + 1 : 0});
  }
  llvm_unreachable("unknown convolution kind");
}

//===----------------------------------------------------------------------===//
// MatmulOp
//===----------------------------------------------------------------------===//

LogicalResult MatmulOp::verify() {
  RankedTensorType lhsType = getLhs().getType(), rhsType = getRhs().getType();
  int64_t rank = lhsType.getRank();
  if (getType().getRank() != rank)
    return emitOpError() << "result rank (" << getType().getRank()
                         << ") must equal lhs rank (" << rank << ")";
  int64_t m = lhsType.getDimSize(getTransposeLhs() ? rank - 1 : rank - 2);
  int64_t lhsK = lhsType.getDimSize(getTransposeLhs() ? rank - 2 : rank - 1);
  int64_t rhsK = rhsType.getDimSize(getTransposeRhs() ? 1 : 0);
  int64_t n = rhsType.getDimSize(getTransposeRhs() ? 0 : 1);
  if (failed(verifyDimsMatch(*this, rhsK, lhsK, "rhs contraction dim",
                             "lhs contraction dim")) ||
      failed(verifyParameterLength(*this, getBias(), n, "bias")))
    return failure();
  SmallVector<int64_t> expected(lhsType.getShape().drop_back(2));
  expected.append({m, n});
  for (int64_t d = 0; d < rank; ++d)
    if (failed(verifyResultDim(*this, getType().getDimSize(d), expected[d], d)))
      return failure();
  return success();
}

Value MatmulOp::getWeights() { return getRhs(); }
Value MatmulOp::getBiasOrNull() { return getBias(); }
int64_t MatmulOp::getResultFeatureDim() { return getType().getRank() - 1; }
WeightChannelMap MatmulOp::getOutputChannelMap() {
  return WeightChannelMap::along({getTransposeRhs() ? 0 : 1});
}
std::optional<WeightChannelMap> MatmulOp::getInputChannelMap() {
  return WeightChannelMap::along({getTransposeRhs() ? 1 : 0});
}

//===----------------------------------------------------------------------===//
// Per-channel affine ops
//===----------------------------------------------------------------------===//

int64_t BatchNormOp::getFeatureDim() {
  return resolveFeatureDim(getType().getRank(), getLayout(), getAxis());
}

LogicalResult BatchNormOp::verify() {
  if (failed(verifyFeatureDim(*this, getInput().getType().getRank(),
                              getLayout(), getAxis())))
    return failure();
  int64_t features = getType().getDimSize(getFeatureDim());
  for (auto [value, name] :
       {std::pair<Value, StringRef>{getMean(), "mean"},
        {getVariance(), "variance"},
        {getScale(), "scale"},
        {getOffset(), "offset"}})
    if (failed(verifyParameterLength(*this, value, features, name)))
      return failure();
  return success();
}

/// Shared by batch_norm_training and bn_fold_correction: the feature dim,
/// the per-channel vectors (each of the input's element type and one entry
/// per feature), and the freeze (`step` and `freeze_delay` together).
static LogicalResult
verifyTrainingForm(Operation *op, RankedTensorType inputType,
                   std::optional<Layout> layout, std::optional<int64_t> axis,
                   ArrayRef<std::pair<Value, StringRef>> vectors, Value step,
                   std::optional<uint64_t> freezeDelay) {
  if (failed(verifyFeatureDim(op, inputType.getRank(), layout, axis)))
    return failure();
  int64_t features =
      inputType.getDimSize(resolveFeatureDim(inputType.getRank(), layout, axis));
  for (auto [value, name] : vectors) {
    if (!value)
      continue;
    Type elementType = cast<RankedTensorType>(value.getType()).getElementType();
    if (elementType != inputType.getElementType())
      return op->emitOpError() << "'" << name << "' has element type "
                               << elementType << " but the input has "
                               << inputType.getElementType();
    if (failed(verifyParameterLength(op, value, features, name)))
      return failure();
  }
  if (step && !freezeDelay)
    return op->emitOpError("has a 'step' but no 'freeze_delay': the step "
                           "matters only to a freeze");
  if (!step && freezeDelay)
    return op->emitOpError("has a 'freeze_delay' but no 'step' to compare "
                           "it with");
  return success();
}

int64_t BatchNormTrainingOp::getFeatureDim() {
  return resolveFeatureDim(getInput().getType().getRank(), getLayout(),
                           getAxis());
}

LogicalResult BatchNormTrainingOp::verify() {
  return verifyTrainingForm(*this, getInput().getType(), getLayout(),
                            getAxis(),
                            {{getMovingMean(), "moving_mean"},
                             {getMovingVariance(), "moving_variance"},
                             {getScale(), "scale"},
                             {getOffset(), "offset"}},
                            getStep(), getFreezeDelay());
}

int64_t BNFoldCorrectionOp::getFeatureDim() {
  return resolveFeatureDim(getInput().getType().getRank(), getLayout(),
                           getAxis());
}

LogicalResult BNFoldCorrectionOp::verify() {
  return verifyTrainingForm(*this, getInput().getType(), getLayout(),
                            getAxis(),
                            {{getBatchMean(), "batch_mean"},
                             {getBatchVariance(), "batch_variance"},
                             {getMovingMean(), "moving_mean"},
                             {getMovingVariance(), "moving_variance"},
                             {getScale(), "scale"},
                             {getOffset(), "offset"}},
                            getStep(), getFreezeDelay());
}

int64_t BiasAddOp::getFeatureDim() {
  return resolveFeatureDim(getType().getRank(), getLayout(), getAxis());
}

LogicalResult BiasAddOp::verify() {
  if (failed(verifyFeatureDim(*this, getInput().getType().getRank(),
                              getLayout(), getAxis())))
    return failure();
  return verifyParameterLength(*this, getBias(),
                               getType().getDimSize(getFeatureDim()), "bias");
}

//===----------------------------------------------------------------------===//
// Elementwise arithmetic
//===----------------------------------------------------------------------===//

std::optional<int64_t> bnfold::nn::getAlignedOperandDim(int64_t operandRank,
                                                        int64_t resultRank,
                                                        int64_t resultDim) {
  int64_t dim = resultDim - (resultRank - operandRank);
  if (dim < 0)
    return std::nullopt;
  return dim;
}

LogicalResult bnfold::nn::verifyBroadcast(Operation *op) {
  auto lhs = cast<RankedTensorType>(op->getOperand(0).getType());
  auto rhs = cast<RankedTensorType>(op->getOperand(1).getType());
  auto result = cast<RankedTensorType>(op->getResult(0).getType());
  int64_t rank = result.getRank();
  if (rank != std::max(lhs.getRank(), rhs.getRank()))
    return op->emitOpError() << "result rank " << rank
                             << " must be the larger operand rank, "
                             << std::max(lhs.getRank(), rhs.getRank());
  auto dimOf = [&](RankedTensorType type, int64_t d) -> int64_t {
    std::optional<int64_t> aligned =
        getAlignedOperandDim(type.getRank(), rank, d);
    return aligned ? type.getDimSize(*aligned) : 1;
  };
  auto show = [](int64_t dim) {
    return isKnown(dim) ? std::to_string(dim) : std::string("?");
  };
  for (int64_t d = 0; d < rank; ++d) {
    int64_t a = dimOf(lhs, d), b = dimOf(rhs, d);
    int64_t expected;
    if (a == 1)
      expected = b;
    else if (b == 1 || a == b)
      expected = a;
    else
      return op->emitOpError()
             << "operand dims " << show(a) << " and " << show(b)
             << " at result dim " << d
             << " do not broadcast: each must be 1 or equal to the other "
                "(a dynamic dim matches only a dynamic dim or 1)";
    if (result.getDimSize(d) != expected)
      return op->emitOpError()
             << "result dim " << d << " must be " << show(expected)
             << ", the broadcast of the operands, got "
             << show(result.getDimSize(d));
  }
  return success();
}

std::optional<std::string>
bnfold::nn::verifyOrEraseNewOps(ArrayRef<Operation *> newOps) {
  if (newOps.empty())
    return std::nullopt;
  std::string whyInvalid;
  ScopedDiagnosticHandler capture(newOps.front()->getContext(),
                                  [&](Diagnostic &diag) {
                                    if (whyInvalid.empty())
                                      whyInvalid = diag.str();
                                    return success();
                                  });
  for (Operation *newOp : newOps)
    if (failed(verify(newOp, /*verifyRecursively=*/false))) {
      for (Operation *made : llvm::reverse(newOps))
        made->erase();
      return whyInvalid;
    }
  return std::nullopt;
}

ParseResult bnfold::nn::parseElementwiseTypes(OpAsmParser &parser, Type &lhs,
                                              Type &rhs, Type &result) {
  llvm::SMLoc loc = parser.getCurrentLocation();
  Type type;
  if (parser.parseType(type))
    return failure();
  if (auto function = dyn_cast<FunctionType>(type)) {
    if (function.getNumInputs() != 2 || function.getNumResults() != 1)
      return parser.emitError(loc)
             << "expected one type, or two operand types and one result type";
    lhs = function.getInput(0);
    rhs = function.getInput(1);
    result = function.getResult(0);
    return success();
  }
  lhs = rhs = result = type;
  return success();
}

void bnfold::nn::printElementwiseTypes(OpAsmPrinter &printer, Operation *,
                                       Type lhs, Type rhs, Type result) {
  if (lhs == result && rhs == result) {
    printer << result;
    return;
  }
  printer.printFunctionalType(TypeRange{lhs, rhs}, TypeRange{result});
}

//===----------------------------------------------------------------------===//
// Structural ops
//===----------------------------------------------------------------------===//

LogicalResult ReshapeOp::verify() {
  RankedTensorType in = getInput().getType(), out = getType();
  // Neither overflows: the ElementCountsFitInt64 trait verified them.
  if (in.hasStaticShape() && out.hasStaticShape() &&
      in.getNumElements() != out.getNumElements())
    return emitOpError() << "input has " << in.getNumElements()
                         << " elements but the result has "
                         << out.getNumElements();
  if (in.getNumDynamicDims() > 1 || out.getNumDynamicDims() > 1)
    return emitOpError("supports at most one dynamic dim on each side");
  if (in.getNumDynamicDims() != out.getNumDynamicDims())
    return emitOpError("must have a dynamic dim on both sides or on neither");
  return success();
}

LogicalResult ConcatOp::verify() {
  // SameOperandsAndResultElementType has checked there is an input.
  OperandRange inputs = getInputs();
  RankedTensorType resultType = getType();
  int64_t rank = resultType.getRank(), axis = getAxis();
  if (axis >= rank)
    return emitOpError() << "'axis' " << axis << " is not a dim of the rank-"
                         << rank << " result";
  int64_t joined = 0;
  for (auto [i, input] : llvm::enumerate(inputs)) {
    auto type = cast<RankedTensorType>(input.getType());
    if (type.getRank() != rank)
      return emitOpError() << "input #" << i << " has rank " << type.getRank()
                           << " but the result has rank " << rank;
    for (int64_t d = 0; d < rank; ++d) {
      int64_t size = type.getDimSize(d);
      if (d == axis) {
        std::optional<int64_t> sum =
            isKnown(size) && isKnown(joined) ? checkedAdd(joined, size)
                                             : std::optional<int64_t>(kDynamic);
        if (!sum)
          return emitOverflow(*this, "the size of the joined dim");
        joined = *sum;
      } else if (size != resultType.getDimSize(d)) {
        auto diag = emitOpError() << "input #" << i << " dim " << d << " is ";
        if (isKnown(size))
          diag << size;
        else
          diag << "dynamic";
        return diag << " but the result's is "
                    << (resultType.isDynamicDim(d)
                            ? std::string("dynamic")
                            : std::to_string(resultType.getDimSize(d)))
                    << "; every dim but the 'axis' must be equal";
      }
    }
  }
  return verifyResultDim(*this, resultType.getDimSize(axis), joined, axis);
}

/// Spatial dims of a 4-D activation in `layout` (nhwc or nchw: checked
/// first by the verifiers).
static std::pair<unsigned, unsigned> spatialDims(Layout layout) {
  return isChannelsLast(layout) ? std::make_pair(1u, 2u)
                                : std::make_pair(2u, 3u);
}

/// space_to_batch and batch_to_space move blocks of two spatial dims.
static LogicalResult verifyTwoSpatialDims(Operation *op, Layout layout) {
  if (getNumSpatialDims(layout) == 2)
    return success();
  return op->emitOpError() << "'layout' must be nhwc or nchw, got "
                           << stringifyLayout(layout);
}

LogicalResult SpaceToBatchOp::verify() {
  if (failed(verifyTwoSpatialDims(*this, getLayout())))
    return failure();
  ArrayRef<int64_t> in = getInput().getType().getShape();
  ArrayRef<int64_t> block = getBlockShape(), pads = getPaddings();
  auto [hDim, wDim] = spatialDims(getLayout());
  SmallVector<int64_t, 4> expected(in);
  std::optional<int64_t> blocks = checkedMul(block[0], block[1]);
  if (!blocks)
    return emitOverflow(*this, "the block count");
  expected[0] = kDynamic;
  if (isKnown(in[0])) {
    std::optional<int64_t> batch = checkedMul(in[0], *blocks);
    if (!batch)
      return emitOverflow(*this, "the result batch");
    expected[0] = *batch;
  }
  unsigned spatial[2] = {hDim, wDim};
  for (unsigned i = 0; i < 2; ++i) {
    int64_t dim = in[spatial[i]];
    if (!isKnown(dim)) {
      expected[spatial[i]] = kDynamic;
      continue;
    }
    std::optional<int64_t> paddedOrNone = checkedAdd(dim, pads[2 * i]);
    if (paddedOrNone)
      paddedOrNone = checkedAdd(*paddedOrNone, pads[2 * i + 1]);
    if (!paddedOrNone)
      return emitOverflow(*this, "padded spatial dim " + Twine(spatial[i]));
    int64_t padded = *paddedOrNone;
    if (padded % block[i] != 0)
      return emitOpError() << "padded spatial dim " << spatial[i] << " ("
                           << padded << ") must be divisible by block size "
                           << block[i];
    expected[spatial[i]] = padded / block[i];
  }
  for (unsigned d = 0; d < 4; ++d)
    if (failed(verifyResultDim(*this, getType().getDimSize(d), expected[d], d)))
      return failure();
  return success();
}

LogicalResult PadOp::verify() {
  RankedTensorType inputType = getInput().getType();
  int64_t rank = inputType.getRank();
  Layout layout = getLayout();
  unsigned spatialRank = getNumSpatialDims(layout);
  if (rank != spatialRank + 2)
    return emitOpError() << "'layout' " << stringifyLayout(layout)
                         << " needs a " << spatialRank + 2
                         << "-D input, got rank " << rank;
  ArrayRef<int64_t> pads = getPadding();
  if (pads.size() != 2 * spatialRank)
    return emitOpError() << "'padding' needs " << 2 * spatialRank
                         << " entries ([lo, hi] per spatial dim), got "
                         << pads.size();
  int64_t channelDim = getChannelDim(layout);
  if (failed(verifyParameterLength(*this, getValues(),
                                   inputType.getDimSize(channelDim),
                                   "values")))
    return failure();
  SmallVector<int64_t, 5> expected(inputType.getShape());
  for (auto [i, d] : llvm::enumerate(getSpatialDims(layout))) {
    if (!isKnown(expected[d]))
      continue;
    std::optional<int64_t> padded = checkedAdd(expected[d], pads[2 * i]);
    if (padded)
      padded = checkedAdd(*padded, pads[2 * i + 1]);
    if (!padded)
      return emitOverflow(*this, "padded dim " + Twine(d));
    expected[d] = *padded;
  }
  for (auto [d, size] : llvm::enumerate(expected))
    if (failed(verifyResultDim(*this, getType().getDimSize(d), size, d)))
      return failure();
  return success();
}

LogicalResult BatchToSpaceOp::verify() {
  if (failed(verifyTwoSpatialDims(*this, getLayout())))
    return failure();
  ArrayRef<int64_t> in = getInput().getType().getShape();
  ArrayRef<int64_t> block = getBlockShape(), crops = getCrops();
  auto [hDim, wDim] = spatialDims(getLayout());
  SmallVector<int64_t, 4> expected(in);
  std::optional<int64_t> blocksOrNone = checkedMul(block[0], block[1]);
  if (!blocksOrNone)
    return emitOverflow(*this, "the block count");
  int64_t blocks = *blocksOrNone;
  if (isKnown(in[0]) && in[0] % blocks != 0)
    return emitOpError() << "batch (" << in[0]
                         << ") must be divisible by the block count ("
                         << blocks << ")";
  expected[0] = isKnown(in[0]) ? in[0] / blocks : kDynamic;
  unsigned spatial[2] = {hDim, wDim};
  for (unsigned i = 0; i < 2; ++i) {
    int64_t dim = in[spatial[i]];
    if (!isKnown(dim)) {
      expected[spatial[i]] = kDynamic;
      continue;
    }
    std::optional<int64_t> full = checkedMul(dim, block[i]);
    if (!full)
      return emitOverflow(*this, "uncropped spatial dim " + Twine(spatial[i]));
    // Crops are >= 0, so subtracting them cannot overflow; compare first so
    // that two huge crops cannot wrap around either.
    int64_t size = *full - crops[2 * i];
    if (size >= 0)
      size -= crops[2 * i + 1];
    if (size < 0)
      return emitOpError() << "crops remove more than spatial dim "
                           << spatial[i] << " holds";
    expected[spatial[i]] = size;
  }
  for (unsigned d = 0; d < 4; ++d)
    if (failed(verifyResultDim(*this, getType().getDimSize(d), expected[d], d)))
      return failure();
  return success();
}

//===----------------------------------------------------------------------===//
// Folded parameters
//===----------------------------------------------------------------------===//

WeightChannelMap BNFoldWeightsOp::getChannelMap() {
  WeightChannelMap map = WeightChannelMap::along(getChannelDims());
  if (std::optional<uint64_t> groupDim = getGroupDim(); groupDim &&
      getGroups() != 1) {
    map.groupDim = static_cast<int64_t>(*groupDim);
    map.groups = static_cast<int64_t>(getGroups());
  }
  return map;
}

LogicalResult BNFoldWeightsOp::verify() {
  RankedTensorType weightsType = getWeights().getType();
  WeightChannelMap map = WeightChannelMap::along(getChannelDims());
  if (std::optional<uint64_t> groupDim = getGroupDim())
    map.groupDim = static_cast<int64_t>(*groupDim);
  map.groups = static_cast<int64_t>(getGroups());
  if (std::optional<std::string> why = map.whyInvalid(weightsType.getShape()))
    return emitOpError() << *why;
  // The channel count: the groups (1 without a group dim) times the
  // product of the channel dims.
  int64_t channels = map.groups;
  for (int64_t d : map.dims) {
    int64_t size = weightsType.getDimSize(d);
    if (!isKnown(size) || !isKnown(channels)) {
      channels = kDynamic;
      continue;
    }
    std::optional<int64_t> product = checkedMul(channels, size);
    if (!product)
      return emitOverflow(*this, "the channel count");
    channels = *product;
  }
  return failure(
      failed(verifyParameterLength(*this, getVariance(), channels,
                                   "variance")) ||
      failed(verifyParameterLength(*this, getScale(), channels, "scale")));
}

LogicalResult BNFoldBiasOp::verify() {
  int64_t channels = getMean().getType().getDimSize(0);
  for (auto [value, name] :
       {std::pair<Value, StringRef>{getVariance(), "variance"},
        {getBias(), "bias"},
        {getScale(), "scale"},
        {getOffset(), "offset"},
        {getResult(), "result"}})
    if (failed(verifyParameterLength(*this, value, channels, name)))
      return failure();
  return success();
}

/// A channel map given as attributes (channel dims, optional group dim,
/// groups), the group dim kept only when it changes the channel.
static WeightChannelMap channelMapFromAttrs(ArrayRef<int64_t> dims,
                                            std::optional<uint64_t> groupDim,
                                            uint64_t groups) {
  WeightChannelMap map = WeightChannelMap::along(dims);
  if (groupDim && groups != 1) {
    map.groupDim = static_cast<int64_t>(*groupDim);
    map.groups = static_cast<int64_t>(groups);
  }
  return map;
}

WeightChannelMap BNFoldInputBiasOp::getInputChannelMap() {
  return channelMapFromAttrs(getInputChannelDims(), getInputGroupDim(),
                             getInputGroups());
}

WeightChannelMap BNFoldInputBiasOp::getOutputChannelMap() {
  return channelMapFromAttrs(getOutputChannelDims(), getOutputGroupDim(),
                             getOutputGroups());
}

/// The channel count of weights of `shape` under `map`, kDynamic when a
/// dim it reads is dynamic; std::nullopt (after a diagnostic) when it
/// overflows.
static std::optional<int64_t> channelCount(Operation *op,
                                           ArrayRef<int64_t> shape,
                                           const WeightChannelMap &map,
                                           StringRef which) {
  for (int64_t d : map.dims)
    if (!isKnown(shape[d]))
      return kDynamic;
  std::optional<int64_t> count = map.getNumChannels(shape);
  if (!count)
    (void)emitOverflow(op, "the " + which + " channel count");
  return count;
}

LogicalResult BNFoldInputBiasOp::verify() {
  ArrayRef<int64_t> shape = getWeights().getType().getShape();
  int64_t counts[2];
  struct Side {
    ArrayRef<int64_t> dims;
    std::optional<uint64_t> groupDim;
    uint64_t groups;
    StringRef which;
  };
  Side sides[2] = {
      {getInputChannelDims(), getInputGroupDim(), getInputGroups(), "input"},
      {getOutputChannelDims(), getOutputGroupDim(), getOutputGroups(),
       "output"}};
  for (auto [i, side] : llvm::enumerate(sides)) {
    // As written (a group dim with one group is checked too), like
    // nn.bn_fold_weights.
    WeightChannelMap written = WeightChannelMap::along(side.dims);
    if (side.groupDim)
      written.groupDim = static_cast<int64_t>(*side.groupDim);
    written.groups = static_cast<int64_t>(side.groups);
    if (std::optional<std::string> why = written.whyInvalid(shape))
      return emitOpError() << side.which << " channel map: " << *why;
    WeightChannelMap map =
        channelMapFromAttrs(side.dims, side.groupDim, side.groups);
    StringRef which = side.which;
    std::optional<int64_t> count = channelCount(*this, shape, map, which);
    if (!count)
      return failure();
    counts[i] = *count;
  }
  for (auto [value, name] :
       {std::pair<Value, StringRef>{getMean(), "mean"},
        {getVariance(), "variance"},
        {getScale(), "scale"},
        {getOffset(), "offset"}})
    if (failed(verifyParameterLength(*this, value, counts[0], name)))
      return failure();
  if (failed(verifyParameterLength(*this, getBias(), counts[1], "bias")) ||
      failed(verifyParameterLength(*this, getResult(), counts[1], "result")))
    return failure();
  return success();
}

//===----------------------------------------------------------------------===//
// Foreign ops
//===----------------------------------------------------------------------===//

/// `positions` must be strictly increasing ONNX positions in [0, total).
static LogicalResult verifyAbsentPositions(OnnxOp op,
                                           std::optional<ArrayRef<int64_t>> list,
                                           size_t numPresent,
                                           StringRef name) {
  if (!list)
    return success();
  int64_t total = static_cast<int64_t>(numPresent + list->size());
  int64_t previous = -1;
  for (int64_t position : *list) {
    if (position <= previous || position >= total)
      return op.emitOpError() << "'" << name
                              << "' must be strictly increasing positions in "
                                 "[0, "
                              << total << "), got " << position;
    previous = position;
  }
  return success();
}

LogicalResult OnnxOp::verify() {
  if (getOpType().empty())
    return emitOpError("'op_type' must not be empty");
  if (DictionaryAttr attributes = getOnnxAttributesAttr()) {
    for (NamedAttribute named : attributes) {
      Attribute value = named.getValue();
      bool ok = false;
      if (auto integer = dyn_cast<IntegerAttr>(value))
        ok = integer.getType().isSignlessInteger(64);
      else if (auto real = dyn_cast<FloatAttr>(value))
        ok = real.getType().isF32();
      else if (auto array = dyn_cast<ArrayAttr>(value))
        ok = llvm::all_of(array, [](Attribute a) { return isa<StringAttr>(a); });
      else
        ok = isa<StringAttr, DenseI64ArrayAttr, DenseF32ArrayAttr,
                 ElementsAttr>(value);
      if (!ok)
        return emitOpError() << "attribute '" << named.getName().getValue()
                             << "' is " << value
                             << ", which is no ONNX attribute form (i64, f32, "
                                "string, array<i64>, array<f32>, [strings] or "
                                "elements)";
    }
  }
  if (failed(verifyAbsentPositions(*this, getAbsentInputs(),
                                   getInputs().size(), "absent_inputs")) ||
      failed(verifyAbsentPositions(*this, getAbsentOutputs(),
                                   getOutputs().size(), "absent_outputs")))
    return failure();
  return success();
}

#define GET_OP_CLASSES
#include "bnfold/Dialect/NN/IR/NNOps.cpp.inc"
