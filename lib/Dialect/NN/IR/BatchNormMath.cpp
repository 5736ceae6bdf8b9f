//===- BatchNormMath.cpp - numeric kernels of batch-norm folding ----------===//

#include "bnfold/Dialect/NN/IR/BatchNormMath.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "llvm/ADT/APFloat.h"
#include <cmath>
#include <cstring>
#include <limits>

using namespace mlir;

namespace bnfold::nn {
namespace {

/// The four element types of the dialect, read and written as raw bytes.
enum class FloatKind { F16, BF16, F32, F64 };

std::optional<FloatKind> getFloatKind(Type type) {
  if (type.isF16())
    return FloatKind::F16;
  if (type.isBF16())
    return FloatKind::BF16;
  if (type.isF32())
    return FloatKind::F32;
  if (type.isF64())
    return FloatKind::F64;
  return std::nullopt;
}

size_t getByteWidth(FloatKind kind) {
  switch (kind) {
  case FloatKind::F16:
  case FloatKind::BF16:
    return 2;
  case FloatKind::F32:
    return 4;
  case FloatKind::F64:
    return 8;
  }
  llvm_unreachable("unknown float kind");
}

// Exact IEEE half -> float widening (every half is a float).
float halfToFloat(uint16_t h) {
  uint32_t sign = uint32_t(h & 0x8000) << 16;
  uint32_t exponent = (h >> 10) & 0x1f;
  uint32_t mantissa = h & 0x3ff;
  uint32_t bits;
  if (exponent == 0x1f) { // inf / nan
    bits = sign | 0x7f800000u | (mantissa << 13);
  } else if (exponent != 0) { // normal
    bits = sign | ((exponent + 112) << 23) | (mantissa << 13);
  } else if (mantissa == 0) { // zero
    bits = sign;
  } else { // subnormal: value = mantissa * 2^-24, exact in float
    float value = std::ldexp(float(mantissa), -24);
    return sign ? -value : value;
  }
  float result;
  std::memcpy(&result, &bits, sizeof(result));
  return result;
}

double loadElement(FloatKind kind, const char *ptr) {
  switch (kind) {
  case FloatKind::F16: {
    uint16_t bits;
    std::memcpy(&bits, ptr, 2);
    return halfToFloat(bits);
  }
  case FloatKind::BF16: {
    uint16_t bits;
    std::memcpy(&bits, ptr, 2);
    uint32_t wide = uint32_t(bits) << 16;
    float value;
    std::memcpy(&value, &wide, 4);
    return value;
  }
  case FloatKind::F32: {
    float value;
    std::memcpy(&value, ptr, 4);
    return value;
  }
  case FloatKind::F64: {
    double value;
    std::memcpy(&value, ptr, 8);
    return value;
  }
  }
  llvm_unreachable("unknown float kind");
}

// Rounds once, to nearest-even, from f64 to the element type. f64 -> f32 is
// a single hardware rounding; the 16-bit types go through APFloat so that no
// intermediate f32 rounding happens.
void storeElement(FloatKind kind, char *ptr, double value) {
  switch (kind) {
  case FloatKind::F16:
  case FloatKind::BF16: {
    llvm::APFloat wide(value);
    bool losesInfo;
    wide.convert(kind == FloatKind::F16 ? llvm::APFloat::IEEEhalf()
                                        : llvm::APFloat::BFloat(),
                 llvm::APFloat::rmNearestTiesToEven, &losesInfo);
    uint16_t bits = wide.bitcastToAPInt().getZExtValue();
    std::memcpy(ptr, &bits, 2);
    return;
  }
  case FloatKind::F32: {
    float narrow = static_cast<float>(value);
    std::memcpy(ptr, &narrow, 4);
    return;
  }
  case FloatKind::F64:
    std::memcpy(ptr, &value, 8);
    return;
  }
}

/// A splat stores one element for a tensor of any size; reading it as one
/// value per element must not allocate without bound (a malformed or hostile
/// `dense<1.0> : tensor<4611686018427387904xf32>` would abort with
/// std::length_error or run out of memory). Non-splat constants already hold
/// their data in memory, so only splats are limited.
constexpr int64_t kMaxSplatExpansion = int64_t(1) << 24;

/// The raw bytes of a float constant; `isSplat` tells whether they hold one
/// element that stands for all.
struct RawFloatData {
  FloatKind kind;
  ArrayRef<char> bytes;
  bool isSplat;
};

std::optional<RawFloatData> getRawFloatData(Attribute attr) {
  auto elements = dyn_cast_or_null<ElementsAttr>(attr);
  if (!elements)
    return std::nullopt;
  std::optional<FloatKind> kind =
      getFloatKind(elements.getShapedType().getElementType());
  if (!kind)
    return std::nullopt;
  size_t width = getByteWidth(*kind);
  int64_t numElements = elements.getShapedType().getNumElements();

  if (auto dense = dyn_cast<DenseElementsAttr>(attr)) {
    ArrayRef<char> bytes = dense.getRawData();
    bool isSplat = dense.isSplat();
    if (bytes.size() != (isSplat ? width : width * numElements))
      return std::nullopt;
    return RawFloatData{*kind, bytes, isSplat};
  }
  if (auto resource = dyn_cast<DenseResourceElementsAttr>(attr)) {
    // The blob can be missing (elided or never provided): not readable.
    AsmResourceBlob *blob = resource.getRawHandle().getBlob();
    if (!blob)
      return std::nullopt;
    ArrayRef<char> bytes = blob->getData();
    if (bytes.size() != width * static_cast<size_t>(numElements))
      return std::nullopt;
    return RawFloatData{*kind, bytes, /*isSplat=*/false};
  }
  return std::nullopt;
}

/// Element index = (outer * channels + channel) * inner + i, for the
/// contiguous weight dims `channelDims`.
struct ChannelStrides {
  int64_t outer = 1, channels = 1, inner = 1;
};

ChannelStrides getChannelStrides(ArrayRef<int64_t> shape,
                                 ArrayRef<int64_t> channelDims) {
  ChannelStrides s;
  for (int64_t d = 0; d < channelDims.front(); ++d)
    s.outer *= shape[d];
  for (int64_t d : channelDims)
    s.channels *= shape[d];
  for (int64_t d = channelDims.back() + 1; d < (int64_t)shape.size(); ++d)
    s.inner *= shape[d];
  return s;
}

/// Calls fn(flatIndex, channel) for every element, in memory order.
template <typename Fn>
void forEachChannelElement(const ChannelStrides &s, Fn fn) {
  size_t index = 0;
  for (int64_t o = 0; o < s.outer; ++o)
    for (int64_t c = 0; c < s.channels; ++c)
      for (int64_t i = 0; i < s.inner; ++i, ++index)
        fn(index, c);
}

/// Magnitudes at which rounding to `kind` gives inf, or 0.
struct RoundingLimits {
  double overflowAt;  // |v| >= this rounds to inf
  double underflowAt; // 0 < |v| <= this rounds to 0
};

RoundingLimits getRoundingLimits(FloatKind kind) {
  if (kind == FloatKind::F64)
    return {std::numeric_limits<double>::infinity(), 0.0};
  const llvm::fltSemantics &sem = kind == FloatKind::F16 ? llvm::APFloat::IEEEhalf()
                                  : kind == FloatKind::BF16
                                      ? llvm::APFloat::BFloat()
                                      : llvm::APFloat::IEEEsingle();
  auto toDouble = [](llvm::APFloat v) {
    bool losesInfo;
    v.convert(llvm::APFloat::IEEEdouble(), llvm::APFloat::rmNearestTiesToEven,
              &losesInfo);
    return v.convertToDouble();
  };
  llvm::APFloat largest = llvm::APFloat::getLargest(sem);
  llvm::APFloat belowLargest = largest;
  belowLargest.next(/*nextDown=*/true);
  double max = toDouble(largest);
  // Halfway to the next (unrepresentable) step rounds to even, i.e. to inf.
  double halfUlp = (max - toDouble(belowLargest)) / 2;
  double smallest = toDouble(llvm::APFloat::getSmallest(sem));
  return {max + halfUlp, smallest / 2};
}

std::optional<RangeProblem> checkRange(const RoundingLimits &limits,
                                       int64_t channel, double value) {
  double magnitude = std::fabs(value);
  if (magnitude >= limits.overflowAt)
    return RangeProblem{channel, value, /*overflow=*/true};
  if (magnitude != 0.0 && magnitude <= limits.underflowAt)
    return RangeProblem{channel, value, /*overflow=*/false};
  return std::nullopt;
}

} // namespace

std::optional<RangeProblem> findOverflow(Type type, ArrayRef<double> values) {
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
findScaledWeightRangeProblem(Attribute weights, ArrayRef<double> multiplier,
                             ArrayRef<int64_t> channelDims) {
  std::optional<RawFloatData> raw = getRawFloatData(weights);
  if (!raw || channelDims.empty())
    return std::nullopt;
  ShapedType type = cast<ElementsAttr>(weights).getShapedType();
  ChannelStrides strides = getChannelStrides(type.getShape(), channelDims);
  if (strides.channels != static_cast<int64_t>(multiplier.size()))
    return std::nullopt;
  RoundingLimits limits = getRoundingLimits(raw->kind);
  size_t width = getByteWidth(raw->kind);
  std::optional<RangeProblem> problem;
  forEachChannelElement(strides, [&](size_t index, int64_t c) {
    if (problem)
      return;
    double value = loadElement(
        raw->kind, raw->bytes.data() + (raw->isSplat ? 0 : index * width));
    problem = checkRange(limits, c, value * multiplier[c]);
  });
  return problem;
}

bool isReadableFloatConstant(Attribute attr) {
  return getRawFloatData(attr).has_value();
}

std::optional<std::vector<double>> readAsDoubles(Attribute attr) {
  std::optional<RawFloatData> raw = getRawFloatData(attr);
  if (!raw)
    return std::nullopt;
  int64_t numElements =
      cast<ElementsAttr>(attr).getShapedType().getNumElements();
  if (raw->isSplat && numElements > kMaxSplatExpansion)
    return std::nullopt;
  size_t width = getByteWidth(raw->kind);
  std::vector<double> values(numElements);
  for (int64_t i = 0; i < numElements; ++i)
    values[i] = loadElement(raw->kind,
                            raw->bytes.data() + (raw->isSplat ? 0 : i * width));
  return values;
}

std::vector<double> batchNormMultiplier(ArrayRef<double> variance,
                                        ArrayRef<double> scale,
                                        double epsilon) {
  std::vector<double> multiplier(variance.size());
  for (size_t c = 0; c < variance.size(); ++c)
    multiplier[c] =
        (scale.empty() ? 1.0 : scale[c]) / std::sqrt(variance[c] + epsilon);
  return multiplier;
}

std::vector<double> batchNormFoldedBias(ArrayRef<double> mean,
                                        ArrayRef<double> multiplier,
                                        ArrayRef<double> bias,
                                        ArrayRef<double> offset) {
  std::vector<double> folded(mean.size());
  for (size_t c = 0; c < folded.size(); ++c)
    folded[c] = ((bias.empty() ? 0.0 : bias[c]) - mean[c]) * multiplier[c] +
                (offset.empty() ? 0.0 : offset[c]);
  return folded;
}

ElementsAttr scaleWeightChannels(Attribute weights,
                                 ArrayRef<double> multiplier,
                                 ArrayRef<int64_t> channelDims) {
  std::optional<RawFloatData> raw = getRawFloatData(weights);
  if (!raw || channelDims.empty())
    return {};
  ShapedType type = cast<ElementsAttr>(weights).getShapedType();
  if (raw->isSplat && type.getNumElements() > kMaxSplatExpansion)
    return {};
  ArrayRef<int64_t> shape = type.getShape();

  ChannelStrides strides = getChannelStrides(shape, channelDims);
  if (strides.channels != static_cast<int64_t>(multiplier.size()))
    return {};

  size_t width = getByteWidth(raw->kind);
  size_t numBytes = width * type.getNumElements();
  auto scaleInto = [&](char *out) {
    const char *in = raw->bytes.data();
    forEachChannelElement(strides, [&](size_t index, int64_t c) {
      size_t offset = index * width;
      double value = loadElement(raw->kind, in + (raw->isSplat ? 0 : offset));
      storeElement(raw->kind, out + offset, value * multiplier[c]);
    });
  };

  // Keep dense_resource weights in a blob: blobs are not uniqued in the
  // context, so the unscaled weights can be freed once unused.
  if (auto resource = dyn_cast<DenseResourceElementsAttr>(weights)) {
    AsmResourceBlob blob =
        HeapAsmResourceBlob::allocate(numBytes, alignof(double));
    scaleInto(blob.getMutableData().data());
    return DenseResourceElementsAttr::get(
        type, resource.getRawHandle().getKey().str() + "_bnfolded",
        std::move(blob));
  }
  std::vector<char> buffer(numBytes);
  scaleInto(buffer.data());
  return DenseElementsAttr::getFromRawBuffer(type, buffer);
}

DenseElementsAttr buildFloatConstant(ShapedType type,
                                     ArrayRef<double> values) {
  std::optional<FloatKind> kind = getFloatKind(type.getElementType());
  assert(kind && "buildFloatConstant needs a float element type");
  size_t width = getByteWidth(*kind);
  std::vector<char> buffer(width * values.size());
  for (size_t i = 0; i < values.size(); ++i)
    storeElement(*kind, buffer.data() + i * width, values[i]);
  return DenseElementsAttr::getFromRawBuffer(type, buffer);
}

} // namespace bnfold::nn
