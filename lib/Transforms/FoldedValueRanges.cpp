//===- FoldedValueRanges.cpp - do folded values fit their type ------------===//

#include "FoldedValueRanges.h"
#include "bnfold/Dialect/NN/IR/BatchNormMath.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

using namespace mlir;
using namespace bnfold;
using namespace bnfold::nn;

namespace {

std::optional<RangeProblem> checkRange(const RoundingLimits &limits,
                                       int64_t channel, double value) {
  double magnitude = std::fabs(value);
  if (magnitude >= limits.overflowAt)
    return RangeProblem{channel, value, /*overflow=*/true};
  if (magnitude != 0.0 && magnitude <= limits.underflowAt)
    return RangeProblem{channel, value, /*overflow=*/false};
  return std::nullopt;
}

/// Per channel, the largest magnitude and the smallest nonzero magnitude of
/// the weights, in T (f32 or f64): NaNs are skipped, infs count. Kept in T
/// and reduced through independent lanes so that the loops vectorize; this
/// screen runs over every weight of every layer before a fold.
template <typename T, typename Load>
void channelMagnitudes(Load load, const ChannelLoops &loops,
                       MutableArrayRef<T> largest,
                       MutableArrayRef<T> smallest) {
  auto update = [](T value, T &big, T &small) {
    T magnitude = std::fabs(value);
    big = magnitude > big ? magnitude : big;
    small = (magnitude != 0 && magnitude < small) ? magnitude : small;
  };
  constexpr int64_t kLanes = 8;
  forEachChannelRun(loops, [&](size_t start, int64_t length, int64_t channel,
                               int64_t step) {
    if (step == 1) {
      // Channels last: one lane per channel.
      for (int64_t i = 0; i < length; ++i)
        update(load(start + i), largest[channel + i], smallest[channel + i]);
      return;
    }
    // Any other step, and short one-channel runs (a grouped transposed
    // filter [Cin, Cout/G, k...] holds a channel in runs of prod(k)
    // elements), where setting up the lanes would cost more than the run.
    if (step != 0 || length < 2 * kLanes) {
      for (int64_t i = 0; i < length; ++i)
        update(load(start + i), largest[channel + i * step],
               smallest[channel + i * step]);
      return;
    }
    // One channel: reduce through independent lanes.
    T big[kLanes], small[kLanes];
    std::fill(big, big + kLanes, largest[channel]);
    std::fill(small, small + kLanes, smallest[channel]);
    size_t index = start;
    int64_t i = 0;
    for (; i + kLanes <= length; i += kLanes, index += kLanes)
      for (int64_t lane = 0; lane < kLanes; ++lane)
        update(load(index + lane), big[lane], small[lane]);
    for (; i < length; ++i, ++index)
      update(load(index), big[0], small[0]);
    for (int64_t lane = 0; lane < kLanes; ++lane) {
      largest[channel] = std::max(largest[channel], big[lane]);
      smallest[channel] = std::min(smallest[channel], small[lane]);
    }
  });
}

/// A cheap, conservative screen for findScaledWeightRangeProblem: false only
/// when no weight can leave the range. Rounding a product is monotonic in
/// each factor's magnitude, so if a channel's largest magnitude scales below
/// the overflow limit and its smallest nonzero one above the underflow
/// limit, every weight of the channel does too.
template <typename T, typename Load>
bool mayLeaveRange(Load load, const ChannelLoops &loops,
                   ArrayRef<double> multiplier, const RoundingLimits &limits) {
  std::vector<T> largest(loops.numChannels, T(0));
  std::vector<T> smallest(loops.numChannels,
                          std::numeric_limits<T>::infinity());
  channelMagnitudes<T>(load, loops, largest, smallest);
  for (int64_t c = 0; c < loops.numChannels; ++c) {
    double factor = std::fabs(multiplier[c]);
    // Negated comparisons: a NaN product is also "may leave".
    if (!(static_cast<double>(largest[c]) * factor < limits.overflowAt))
      return true;
    if (smallest[c] != std::numeric_limits<T>::infinity() &&
        !(static_cast<double>(smallest[c]) * factor > limits.underflowAt))
      return true;
  }
  return false;
}

} // namespace

std::optional<RangeProblem> bnfold::findOverflow(Type type,
                                                 ArrayRef<double> values) {
  std::optional<FloatKind> kind = getFloatKind(type);
  if (!kind)
    return std::nullopt;
  RoundingLimits limits = getRoundingLimits(*kind);
  for (auto [c, v] : llvm::enumerate(values))
    if (std::fabs(v) >= limits.overflowAt)
      return RangeProblem{static_cast<int64_t>(c), v, /*overflow=*/true};
  return std::nullopt;
}

std::optional<RangeProblem>
bnfold::findScaledWeightRangeProblem(Attribute weights,
                                     ArrayRef<double> multiplier,
                                     const WeightChannelMap &map) {
  std::optional<RawFloatData> raw = getRawFloatData(weights);
  if (!raw)
    return std::nullopt;
  ArrayRef<int64_t> shape =
      cast<ElementsAttr>(weights).getShapedType().getShape();
  if (map.whyInvalid(shape) ||
      map.getNumChannels(shape) != static_cast<int64_t>(multiplier.size()) ||
      *getCheckedNumElements(shape) == 0)
    return std::nullopt;
  ChannelLoops loops = getChannelLoops(shape, map);
  RoundingLimits limits = getRoundingLimits(raw->kind);
  // Almost every layer passes the screen; only those that fail it pay for
  // the exact, element-by-element search for the first problem below.
  if (!raw->isSplat) {
    const char *in = raw->bytes.data();
    bool mayLeave = true;
    switch (raw->kind) {
    case FloatKind::F16: {
      const float *halfTable = getHalfToFloatTable();
      mayLeave = mayLeaveRange<float>(
          [&](size_t i) { return halfTable[loadBits16(in, i)]; }, loops,
          multiplier, limits);
      break;
    }
    case FloatKind::BF16:
      mayLeave = mayLeaveRange<float>(
          [&](size_t i) { return bfloat16ToFloat(loadBits16(in, i)); },
          loops, multiplier, limits);
      break;
    case FloatKind::F32:
      mayLeave = mayLeaveRange<float>(
          [&](size_t i) { return loadTyped<float>(in, i); }, loops,
          multiplier, limits);
      break;
    case FloatKind::F64:
      mayLeave = mayLeaveRange<double>(
          [&](size_t i) { return loadTyped<double>(in, i); }, loops,
          multiplier, limits);
      break;
    }
    if (!mayLeave)
      return std::nullopt;
  }
  size_t width = getByteWidth(raw->kind);
  std::optional<RangeProblem> problem;
  forEachChannelElement(loops, [&](size_t index, int64_t c) {
    if (problem)
      return;
    double value = loadElement(
        raw->kind, raw->bytes.data() + (raw->isSplat ? 0 : index * width));
    // A NaN or inf weight stays NaN or inf, folded or not: only a finite
    // weight that scaling pushes out of range is a problem of the fold.
    if (std::isfinite(value))
      problem = checkRange(limits, c, value * multiplier[c]);
  });
  return problem;
}

