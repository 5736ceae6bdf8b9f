//===- BatchNormMath.cpp - numeric kernels of batch-norm folding ----------===//

#include "bnfold/Dialect/NN/IR/BatchNormMath.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinDialect.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "llvm/ADT/APFloat.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MathExtras.h"
#include "llvm/Support/xxhash.h"
#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <atomic>
#include <memory>
#include <mutex>
#ifdef __linux__
#include <sys/mman.h>
#endif

using namespace mlir;

namespace bnfold::nn {

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

const llvm::fltSemantics &getSemantics(FloatKind kind) {
  switch (kind) {
  case FloatKind::F16:
    return llvm::APFloat::IEEEhalf();
  case FloatKind::BF16:
    return llvm::APFloat::BFloat();
  case FloatKind::F32:
    return llvm::APFloat::IEEEsingle();
  case FloatKind::F64:
    return llvm::APFloat::IEEEdouble();
  }
  llvm_unreachable("unknown float kind");
}

// Exact IEEE half -> float widening (every half is a float).
static float decodeHalf(uint16_t h) {
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

/// decodeHalf of all 65536 values (256 KiB, built once): the kernels
/// decode every f16 weight, and decodeHalf branches on the exponent. Kernels
/// fetch the table once per call.
static const float *getHalfToFloatTable() {
  static const std::unique_ptr<float[]> table = [] {
    auto values = std::make_unique<float[]>(1 << 16);
    for (uint32_t bits = 0; bits < (1 << 16); ++bits)
      values[bits] = decodeHalf(uint16_t(bits));
    return values;
  }();
  return table.get();
}

static float halfToFloat(uint16_t h) { return getHalfToFloatTable()[h]; }

// bf16 is the top half of an f32.
static float bfloat16ToFloat(uint16_t bits) {
  uint32_t wide = uint32_t(bits) << 16;
  float value;
  std::memcpy(&value, &wide, 4);
  return value;
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
    return bfloat16ToFloat(bits);
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

/// Rounds a finite or infinite f64 once, to nearest-even, to the 16-bit
/// IEEE-style format with MantissaBits stored mantissa bits and
/// ExponentBits exponent bits (f16: 10/5, bf16: 7/8), with integer
/// arithmetic on the f64 bits. Going through f32 would round twice, and
/// APFloat (which this must match bit for bit, see
/// test/Unit/BatchNormMathTest.cpp) cost ~100 ns per weight.
template <int MantissaBits, int ExponentBits>
LLVM_ATTRIBUTE_ALWAYS_INLINE static uint16_t roundToHalfWidth(uint64_t bits) {
  constexpr int bias = (1 << (ExponentBits - 1)) - 1;
  constexpr int minExponent = 1 - bias; // of a normal number
  constexpr uint16_t infinity = uint16_t(((1 << ExponentBits) - 1)
                                         << MantissaBits);
  uint16_t sign = uint16_t((bits >> 63) << 15);
  int biasedExponent = int((bits >> 52) & 0x7ff);
  uint64_t fraction = bits & ((uint64_t(1) << 52) - 1);
  if (biasedExponent == 0x7ff) // inf (NaNs are handled by the caller)
    return sign | infinity;
  if (biasedExponent == 0) // f64 zeros and subnormals are far below 2^-133
    return sign;
  int exponent = biasedExponent - 1023;
  uint64_t significand = (uint64_t(1) << 52) | fraction; // 53 bits
  // Bits to drop: the surplus mantissa bits, plus the denormalization
  // shift when the result is subnormal in the narrow format.
  int shift = 52 - MantissaBits;
  if (exponent < minExponent)
    shift += minExponent - exponent;
  if (shift > 53) // below half the smallest subnormal: rounds to 0
    return sign;
  uint64_t kept = significand >> shift;
  uint64_t dropped = significand & ((uint64_t(1) << shift) - 1);
  uint64_t half = uint64_t(1) << (shift - 1);
  // Branch-free: on real weights the rounding direction is a coin toss.
  kept += uint64_t(dropped > half) | (uint64_t(dropped == half) & kept & 1);
  if (exponent < minExponent) // subnormal; a carry makes it the min normal
    return sign | uint16_t(kept);
  if (kept == (uint64_t(1) << (MantissaBits + 1))) { // carry: 1.11..1 -> 10.0
    kept >>= 1;
    ++exponent;
  }
  if (exponent > bias)
    return sign | infinity;
  return sign | uint16_t((exponent + bias) << MantissaBits) |
         uint16_t(kept & ((uint64_t(1) << MantissaBits) - 1));
}

/// f64 -> f16 or bf16, rounded once to nearest-even.
LLVM_ATTRIBUTE_ALWAYS_INLINE static uint16_t roundToHalfWidth(FloatKind kind,
                                                              double value) {
  if (LLVM_UNLIKELY(std::isnan(value))) {
    // Rare; APFloat defines the NaN payload the result keeps.
    llvm::APFloat wide(value);
    bool losesInfo;
    wide.convert(getSemantics(kind), llvm::APFloat::rmNearestTiesToEven,
                 &losesInfo);
    return uint16_t(wide.bitcastToAPInt().getZExtValue());
  }
  uint64_t bits;
  std::memcpy(&bits, &value, sizeof(bits));
  return kind == FloatKind::F16 ? roundToHalfWidth<10, 5>(bits)
                                : roundToHalfWidth<7, 8>(bits);
}

// Rounds once, to nearest-even, from f64 to the element type. f64 -> f32 is
// a single hardware rounding; the 16-bit types are rounded from the f64
// bits, so that no intermediate f32 rounding happens.
void storeElement(FloatKind kind, char *ptr, double value) {
  switch (kind) {
  case FloatKind::F16:
  case FloatKind::BF16: {
    uint16_t bits = roundToHalfWidth(kind, value);
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

namespace {

/// The raw bytes of a float constant; `isSplat` tells whether they hold one
/// element that stands for all.
struct RawFloatData {
  FloatKind kind;
  ArrayRef<char> bytes;
  bool isSplat;
};

/// Reads the raw bytes of `attr`, or says why they cannot be read.
std::optional<RawFloatData> getRawFloatData(Attribute attr,
                                            std::string *why = nullptr) {
  auto fail = [&](const Twine &reason) -> std::optional<RawFloatData> {
    if (why)
      *why = reason.str();
    return std::nullopt;
  };
  auto elements = dyn_cast_or_null<ElementsAttr>(attr);
  if (!elements)
    return fail("it is not a tensor constant");
  ShapedType type = elements.getShapedType();
  std::optional<FloatKind> kind = getFloatKind(type.getElementType());
  if (!kind)
    return fail("its element type is not f16, bf16, f32 or f64");
  // Checked: a type may claim more elements than int64_t (or memory) holds.
  std::optional<int64_t> numElements = getCheckedNumElements(type.getShape());
  size_t width = getByteWidth(*kind);
  if (!numElements || *numElements > INT64_MAX / 8)
    return fail("its element count overflows int64");
  size_t numBytes = width * static_cast<size_t>(*numElements);

  if (auto dense = dyn_cast<DenseElementsAttr>(attr)) {
    ArrayRef<char> bytes = dense.getRawData();
    bool isSplat = dense.isSplat();
    if (isSplat && *numElements > kMaxSplatExpansion)
      return fail(llvm::formatv("it is a splat of {0} elements, more than "
                                "the {1} a fold may expand",
                                *numElements, kMaxSplatExpansion));
    if (bytes.size() != (isSplat ? width : numBytes))
      return fail("its data does not match its type");
    return RawFloatData{*kind, bytes, isSplat};
  }
  if (auto resource = dyn_cast<DenseResourceElementsAttr>(attr)) {
    // The blob can be missing (elided or never provided): not readable.
    AsmResourceBlob *blob = resource.getRawHandle().getBlob();
    if (!blob)
      return fail("its dense_resource blob is missing (elided?)");
    ArrayRef<char> bytes = blob->getData();
    if (bytes.size() != numBytes)
      return fail(llvm::formatv("its dense_resource blob has {0} bytes but "
                                "its type needs {1}",
                                bytes.size(), numBytes));
    return RawFloatData{*kind, bytes, /*isSplat=*/false};
  }
  return fail("it is neither a dense nor a dense_resource constant");
}

/// Element `index` of a raw buffer of T (memcpy keeps unaligned blobs
/// well-defined).
template <typename T>
T loadTyped(const char *in, size_t index) {
  T value;
  std::memcpy(&value, in + index * sizeof(T), sizeof(T));
  return value;
}

uint16_t loadBits16(const char *in, size_t index) {
  return loadTyped<uint16_t>(in, index);
}

/// out[o][c][i] = in[o][c][i] * multiplier[c], computed in f64 and rounded
/// once to T (f32 or f64). memcpy keeps unaligned blobs well-defined.
template <typename T>
void scaleTyped(const char *in, char *out, int64_t outer, int64_t channels,
                int64_t inner, ArrayRef<double> multiplier) {
  auto scale = [&](size_t index, double factor) {
    T value = static_cast<T>(
        static_cast<double>(loadTyped<T>(in, index)) * factor);
    std::memcpy(out + index * sizeof(T), &value, sizeof(T));
  };
  const double *factors = multiplier.data();
  if (inner == 1) {
    // Channels last (HWIO, matmul [K, N]): vectorize across channels.
    for (int64_t o = 0; o < outer; ++o) {
      size_t base = static_cast<size_t>(o) * channels;
      for (int64_t c = 0; c < channels; ++c)
        scale(base + c, factors[c]);
    }
    return;
  }
  size_t index = 0;
  for (int64_t o = 0; o < outer; ++o)
    for (int64_t c = 0; c < channels; ++c) {
      double factor = factors[c];
      for (int64_t i = 0; i < inner; ++i, ++index)
        scale(index, factor);
    }
}

/// Whether the weight dims `channelDims` hold `numChannels` channels.
bool channelsMatch(ArrayRef<int64_t> shape, ArrayRef<int64_t> channelDims,
                   size_t numChannels) {
  int64_t channels = 1;
  for (int64_t d : channelDims)
    if (llvm::MulOverflow(channels, shape[d], channels))
      return false;
  return static_cast<size_t>(channels) == numChannels;
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

/// The f16 and bf16 counterpart of scaleTyped: without the per-element type
/// switch of loadElement / storeElement.
template <FloatKind Kind>
void scaleHalfWidth(const char *in, char *out, const ChannelStrides &s,
                    ArrayRef<double> multiplier) {
  const float *halfTable = getHalfToFloatTable();
  forEachChannelElement(s, [&](size_t index, int64_t c) {
    uint16_t bits = loadBits16(in, index);
    double value = Kind == FloatKind::F16 ? halfTable[bits]
                                          : bfloat16ToFloat(bits);
    uint16_t scaled = roundToHalfWidth(Kind, value * multiplier[c]);
    std::memcpy(out + index * 2, &scaled, 2);
  });
}

/// Per channel, the largest magnitude and the smallest nonzero magnitude of
/// the weights, in T (f32 or f64): NaNs are skipped, infs count. Kept in T
/// and reduced through independent lanes so that the loops vectorize; this
/// screen runs over every weight of every layer before a fold.
template <typename T, typename Load>
void channelMagnitudes(Load load, const ChannelStrides &s,
                       MutableArrayRef<T> largest,
                       MutableArrayRef<T> smallest) {
  auto update = [](T value, T &big, T &small) {
    T magnitude = std::fabs(value);
    big = magnitude > big ? magnitude : big;
    small = (magnitude != 0 && magnitude < small) ? magnitude : small;
  };
  if (s.inner == 1) {
    // Channels last: one lane per channel.
    for (int64_t o = 0; o < s.outer; ++o) {
      size_t base = static_cast<size_t>(o) * s.channels;
      for (int64_t c = 0; c < s.channels; ++c)
        update(load(base + c), largest[c], smallest[c]);
    }
    return;
  }
  constexpr int64_t kLanes = 8;
  size_t index = 0;
  for (int64_t o = 0; o < s.outer; ++o)
    for (int64_t c = 0; c < s.channels; ++c) {
      T big[kLanes], small[kLanes];
      std::fill(big, big + kLanes, largest[c]);
      std::fill(small, small + kLanes, smallest[c]);
      int64_t i = 0;
      for (; i + kLanes <= s.inner; i += kLanes, index += kLanes)
        for (int64_t lane = 0; lane < kLanes; ++lane)
          update(load(index + lane), big[lane], small[lane]);
      for (; i < s.inner; ++i, ++index)
        update(load(index), big[0], small[0]);
      for (int64_t lane = 0; lane < kLanes; ++lane) {
        largest[c] = std::max(largest[c], big[lane]);
        smallest[c] = std::min(smallest[c], small[lane]);
      }
    }
}

/// A cheap, conservative screen for findScaledWeightRangeProblem: false only
/// when no weight can leave the range. Rounding a product is monotonic in
/// each factor's magnitude, so if a channel's largest magnitude scales below
/// the overflow limit and its smallest nonzero one above the underflow
/// limit, every weight of the channel does too.
template <typename T, typename Load>
bool mayLeaveRange(Load load, const ChannelStrides &s,
                   ArrayRef<double> multiplier, const RoundingLimits &limits) {
  std::vector<T> largest(s.channels, T(0));
  std::vector<T> smallest(s.channels, std::numeric_limits<T>::infinity());
  channelMagnitudes<T>(load, s, largest, smallest);
  for (int64_t c = 0; c < s.channels; ++c) {
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

/// Memory for large folded weight blobs. Given one malloc each, the blobs
/// of a big model are fresh mappings faulted in 4 KiB at a time, and
/// profiling the 116M-parameter benchmark showed those page faults, not the
/// arithmetic, were most of the fold's cost. Instead, blobs are carved from
/// chunks that ask for transparent huge pages (2 MiB faults); a chunk is
/// unmapped when its last blob is freed. Thread-safe: functions are folded
/// in parallel.
class FoldedBlobArena {
public:
  /// Blobs below this size are ordinary heap blobs.
  static constexpr size_t kMinBlobSize = size_t(64) << 10;

  static FoldedBlobArena &get() {
    // Never destroyed: blobs may outlive static destructors.
    static FoldedBlobArena *arena = new FoldedBlobArena;
    return *arena;
  }

  AsmResourceBlob allocate(size_t numBytes, size_t alignment) {
#ifdef __linux__
    if (numBytes >= kMinBlobSize && alignment <= kBlobAlignment) {
      std::lock_guard<std::mutex> lock(mutex);
      size_t padded = llvm::alignTo(numBytes, kBlobAlignment);
      if (!current || current->size - used < padded) {
        if (current)
          release(current);
        current = Chunk::map(std::max(kChunkSize, llvm::alignTo(padded, kHugePage)));
        used = 0;
      }
      if (current) {
        char *data = current->base + used;
        used += padded;
        current->refs.fetch_add(1, std::memory_order_relaxed);
        return AsmResourceBlob(
            ArrayRef<char>(data, numBytes), alignment,
            [chunk = current](void *, size_t, size_t) { release(chunk); },
            /*dataIsMutable=*/true);
      }
    }
#endif
    return HeapAsmResourceBlob::allocate(numBytes, alignment);
  }

private:
  static constexpr size_t kHugePage = size_t(2) << 20;
  static constexpr size_t kChunkSize = size_t(64) << 20;
  static constexpr size_t kBlobAlignment = 64;

  struct Chunk {
    char *base;
    size_t size;
    /// One per live blob, plus one while the arena carves from it.
    std::atomic<size_t> refs{1};

    static Chunk *map(size_t size) {
#ifdef __linux__
      // Reserve one extra huge page to align the chunk to 2 MiB.
      size_t reserved = size + kHugePage;
      void *mapping = mmap(nullptr, reserved, PROT_READ | PROT_WRITE,
                           MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
      if (mapping == MAP_FAILED)
        return nullptr;
      char *begin = static_cast<char *>(mapping);
      char *base = reinterpret_cast<char *>(
          llvm::alignTo(reinterpret_cast<uintptr_t>(begin), kHugePage));
      if (base != begin)
        munmap(begin, base - begin);
      if (size_t tail = reserved - size - (base - begin))
        munmap(base + size, tail);
      // Advice only: without huge pages the chunk still works.
      (void)madvise(base, size, MADV_HUGEPAGE);
      auto *chunk = new Chunk;
      chunk->base = base;
      chunk->size = size;
      return chunk;
#else
      return nullptr;
#endif
    }
  };

  static void release(Chunk *chunk) {
    if (chunk->refs.fetch_sub(1, std::memory_order_acq_rel) != 1)
      return;
#ifdef __linux__
    munmap(chunk->base, chunk->size);
#endif
    delete chunk;
  }

  std::mutex mutex;
  Chunk *current = nullptr;
  size_t used = 0;
};

} // namespace

static std::optional<RangeProblem>
computeScaledWeightRangeProblem(Attribute weights, ArrayRef<double> multiplier,
                                ArrayRef<int64_t> channelDims);
static ElementsAttr
computeScaledWeights(Attribute weights, ArrayRef<double> multiplier,
                     ArrayRef<int64_t> channelDims,
                     std::optional<AsmResourceBlob> *resourceBytes = nullptr);
static ElementsAttr makeScaledResource(Attribute weights,
                                       ArrayRef<double> multiplier,
                                       ArrayRef<int64_t> channelDims,
                                       AsmResourceBlob blob);

//===----------------------------------------------------------------------===//
// PrecomputedScaling
//===----------------------------------------------------------------------===//

static thread_local PrecomputedScaling *activeScaling = nullptr;

/// Bitwise equality: -0.0 and 0.0 scale differently, and a NaN is itself.
static bool sameBits(ArrayRef<double> a, ArrayRef<double> b) {
  return a.size() == b.size() &&
         (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0);
}

size_t PrecomputedScaling::add(Attribute weights,
                               std::vector<double> multiplier,
                               ArrayRef<int64_t> channelDims) {
  SmallVector<size_t, 1> &indices = byWeights[weights.getAsOpaquePointer()];
  for (size_t index : indices)
    if (sameBits(entries[index].multiplier, multiplier) &&
        ArrayRef<int64_t>(entries[index].channelDims) == channelDims)
      return index;
  indices.push_back(entries.size());
  entries.push_back(Entry{weights, std::move(multiplier),
                          llvm::to_vector<2>(channelDims), std::nullopt,
                          ElementsAttr()});
  return entries.size() - 1;
}

void PrecomputedScaling::computeRangeProblem(size_t index) {
  Entry &entry = entries[index];
  entry.rangeProblem = computeScaledWeightRangeProblem(
      entry.weights, entry.multiplier, entry.channelDims);
}

void PrecomputedScaling::computeScaledWeights(size_t index) {
  Entry &entry = entries[index];
  entry.scaledWeights = nn::computeScaledWeights(
      entry.weights, entry.multiplier, entry.channelDims, &entry.scaledBlob);
}

PrecomputedScaling::Scope::Scope(PrecomputedScaling &scaling)
    : previous(activeScaling) {
  activeScaling = &scaling;
}

PrecomputedScaling::Scope::~Scope() { activeScaling = previous; }

PrecomputedScaling::Entry *
PrecomputedScaling::lookup(Attribute weights, ArrayRef<double> multiplier,
                           ArrayRef<int64_t> channelDims) {
  if (!activeScaling || !weights)
    return nullptr;
  auto it = activeScaling->byWeights.find(weights.getAsOpaquePointer());
  if (it == activeScaling->byWeights.end())
    return nullptr;
  for (size_t index : it->second) {
    Entry &entry = activeScaling->entries[index];
    // Exact comparison: a stored result is only ever the result of the
    // very same computation.
    if (sameBits(entry.multiplier, multiplier) &&
        ArrayRef<int64_t>(entry.channelDims) == channelDims)
      return &entry;
  }
  return nullptr;
}

std::optional<int64_t> getCheckedNumElements(ArrayRef<int64_t> shape) {
  int64_t count = 1;
  for (int64_t dim : shape)
    if (dim < 0 || llvm::MulOverflow(count, dim, count))
      return std::nullopt;
  return count;
}

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
  if (PrecomputedScaling::Entry *entry =
          PrecomputedScaling::lookup(weights, multiplier, channelDims))
    if (entry->rangeProblem)
      return *entry->rangeProblem;
  return computeScaledWeightRangeProblem(weights, multiplier, channelDims);
}

static std::optional<RangeProblem>
computeScaledWeightRangeProblem(Attribute weights, ArrayRef<double> multiplier,
                                ArrayRef<int64_t> channelDims) {
  std::optional<RawFloatData> raw = getRawFloatData(weights);
  if (!raw || channelDims.empty())
    return std::nullopt;
  ShapedType type = cast<ElementsAttr>(weights).getShapedType();
  if (channelDims.front() < 0 || channelDims.back() >= type.getRank() ||
      *getCheckedNumElements(type.getShape()) == 0)
    return std::nullopt;
  ChannelStrides strides = getChannelStrides(type.getShape(), channelDims);
  if (strides.channels != static_cast<int64_t>(multiplier.size()))
    return std::nullopt;
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
          [&](size_t i) { return halfTable[loadBits16(in, i)]; }, strides,
          multiplier, limits);
      break;
    }
    case FloatKind::BF16:
      mayLeave = mayLeaveRange<float>(
          [&](size_t i) { return bfloat16ToFloat(loadBits16(in, i)); },
          strides, multiplier, limits);
      break;
    case FloatKind::F32:
      mayLeave = mayLeaveRange<float>(
          [&](size_t i) { return loadTyped<float>(in, i); }, strides,
          multiplier, limits);
      break;
    case FloatKind::F64:
      mayLeave = mayLeaveRange<double>(
          [&](size_t i) { return loadTyped<double>(in, i); }, strides,
          multiplier, limits);
      break;
    }
    if (!mayLeave)
      return std::nullopt;
  }
  size_t width = getByteWidth(raw->kind);
  std::optional<RangeProblem> problem;
  forEachChannelElement(strides, [&](size_t index, int64_t c) {
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

bool isReadableFloatConstant(Attribute attr) {
  return getRawFloatData(attr).has_value();
}

std::optional<std::string> whyNotReadable(Attribute attr) {
  std::string why;
  if (getRawFloatData(attr, &why))
    return std::nullopt;
  return why;
}

std::optional<std::vector<double>> readAsDoubles(Attribute attr) {
  std::optional<RawFloatData> raw = getRawFloatData(attr);
  if (!raw)
    return std::nullopt;
  // getRawFloatData checked that the count fits (and a splat is small).
  int64_t numElements =
      *getCheckedNumElements(cast<ElementsAttr>(attr).getShapedType().getShape());
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

std::optional<std::vector<double>>
readBatchNormMultiplier(Attribute variance, std::optional<Attribute> scale,
                        double epsilon) {
  std::optional<std::vector<double>> varianceValues = readAsDoubles(variance);
  std::optional<std::vector<double>> scaleValues =
      scale ? readAsDoubles(*scale) : std::vector<double>{};
  if (!varianceValues || !scaleValues ||
      (!scaleValues->empty() && scaleValues->size() != varianceValues->size()))
    return std::nullopt;
  return batchNormMultiplier(*varianceValues, *scaleValues, epsilon);
}

FloatKind getBatchNormComputeKind(FloatKind elementKind) {
  return elementKind == FloatKind::F64 ? FloatKind::F64 : FloatKind::F32;
}

double batchNormVariancePlusEpsilon(double variance, double epsilon,
                                    FloatKind computeKind) {
  if (computeKind == FloatKind::F64)
    return variance + epsilon;
  // The variance is a value of the element type, exact in f32; epsilon (an
  // f64 attribute) is rounded to f32 as the lowering's constant is.
  return static_cast<double>(static_cast<float>(variance) +
                             static_cast<float>(epsilon));
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
  if (PrecomputedScaling::Entry *entry =
          PrecomputedScaling::lookup(weights, multiplier, channelDims)) {
    if (!entry->scaledWeights && entry->scaledBlob) {
      entry->scaledWeights =
          makeScaledResource(weights, multiplier, channelDims,
                             std::move(*entry->scaledBlob));
      entry->scaledBlob.reset();
    }
    if (entry->scaledWeights)
      return entry->scaledWeights;
  }
  return computeScaledWeights(weights, multiplier, channelDims);
}

/// The folded dense_resource attribute, in a blob named
/// `<key>_bnfolded_<hash>`, the hash over the bits of the multiplier and the
/// channel dims. The scaled bytes are a function of the source blob (named
/// `key`), the multiplier and the channel dims, so equal names mean equal
/// bytes: an existing blob of that name with the same bytes is shared, not
/// renamed. Functions are folded in parallel and create their blobs in
/// thread order; a name that depended on that order (the resource manager
/// renames a taken name to `_1`, `_2`, ...) would make the output differ
/// from run to run.
static ElementsAttr makeScaledResource(Attribute weights,
                                       ArrayRef<double> multiplier,
                                       ArrayRef<int64_t> channelDims,
                                       AsmResourceBlob blob) {
  auto resource = cast<DenseResourceElementsAttr>(weights);
  SmallVector<uint8_t> key;
  auto append = [&](const void *data, size_t size) {
    auto *bytes = static_cast<const uint8_t *>(data);
    key.append(bytes, bytes + size);
  };
  append(multiplier.data(), multiplier.size() * sizeof(double));
  append(channelDims.data(), channelDims.size() * sizeof(int64_t));
  std::string name = llvm::formatv("{0}_bnfolded_{1:x-16}",
                                   resource.getRawHandle().getKey(),
                                   llvm::xxh3_64bits(key))
                         .str();

  MLIRContext *context = resource.getContext();
  auto &interface = DenseResourceElementsHandle::getManagerInterface(context);
  DialectResourceBlobManager &manager = interface.getBlobManager();
  auto *dialect = context->getLoadedDialect<BuiltinDialect>();
  auto sameBytes = [&](DialectResourceBlobManager::BlobEntry *entry) {
    return entry && entry->getBlob() &&
           entry->getBlob()->getData() == blob.getData();
  };
  if (DialectResourceBlobManager::BlobEntry *entry = manager.lookup(name);
      sameBytes(entry))
    return DenseResourceElementsAttr::get(
        resource.getType(), DenseResourceElementsHandle(entry, dialect));
  // Another thread may insert the same blob between the lookup and here;
  // then ours is renamed, and theirs is used (ours stays unreferenced and is
  // never printed).
  DenseResourceElementsHandle handle = interface.insert(name, std::move(blob));
  if (handle.getKey() != name) {
    DialectResourceBlobManager::BlobEntry *entry = manager.lookup(name);
    if (entry && entry->getBlob() && handle.getBlob() &&
        entry->getBlob()->getData() == handle.getBlob()->getData())
      handle = DenseResourceElementsHandle(entry, dialect);
  }
  return DenseResourceElementsAttr::get(resource.getType(), handle);
}

/// scaleWeightChannels without the lookup. With `resourceBytes`, the
/// scaled bytes of dense_resource weights are returned there instead of as
/// an attribute (see PrecomputedScaling::Entry::scaledBlob).
static ElementsAttr
computeScaledWeights(Attribute weights, ArrayRef<double> multiplier,
                     ArrayRef<int64_t> channelDims,
                     std::optional<AsmResourceBlob> *resourceBytes) {
  std::optional<RawFloatData> raw = getRawFloatData(weights);
  if (!raw || channelDims.empty())
    return {};
  ShapedType type = cast<ElementsAttr>(weights).getShapedType();
  ArrayRef<int64_t> shape = type.getShape();
  if (channelDims.front() < 0 || channelDims.back() >= type.getRank())
    return {};

  // The total count fits in int64_t (getRawFloatData checked it); with a
  // zero dim the partial products below could still overflow, and there is
  // nothing to scale anyway.
  if (*getCheckedNumElements(shape) == 0)
    return channelsMatch(shape, channelDims, multiplier.size())
               ? cast<ElementsAttr>(weights)
               : ElementsAttr();

  ChannelStrides strides = getChannelStrides(shape, channelDims);
  int64_t outer = strides.outer, channels = strides.channels,
          inner = strides.inner;
  if (channels != static_cast<int64_t>(multiplier.size()))
    return {};

  size_t width = getByteWidth(raw->kind);
  size_t numBytes = width * static_cast<size_t>(outer * channels * inner);
  // f32 and f64 get a loop without the per-element kind switch (the
  // compiler vectorizes it; it was 40% of the fold's instructions); the
  // 16-bit types keep the generic path, which rounds through APFloat.
  auto scaleInto = [&](char *out) {
    const char *in = raw->bytes.data();
    if (!raw->isSplat && raw->kind == FloatKind::F32) {
      scaleTyped<float>(in, out, outer, channels, inner, multiplier);
      return;
    }
    if (!raw->isSplat && raw->kind == FloatKind::F64) {
      scaleTyped<double>(in, out, outer, channels, inner, multiplier);
      return;
    }
    if (!raw->isSplat && raw->kind == FloatKind::F16) {
      scaleHalfWidth<FloatKind::F16>(in, out, strides, multiplier);
      return;
    }
    if (!raw->isSplat && raw->kind == FloatKind::BF16) {
      scaleHalfWidth<FloatKind::BF16>(in, out, strides, multiplier);
      return;
    }
    forEachChannelElement(strides, [&](size_t index, int64_t c) {
      size_t offset = index * width;
      double value = loadElement(raw->kind, in + (raw->isSplat ? 0 : offset));
      storeElement(raw->kind, out + offset, value * multiplier[c]);
    });
  };

  // Keep dense_resource weights in a blob: blobs are not uniqued in the
  // context, so the unscaled weights can be freed once unused.
  if (isa<DenseResourceElementsAttr>(weights)) {
    AsmResourceBlob blob =
        FoldedBlobArena::get().allocate(numBytes, alignof(double));
    scaleInto(blob.getMutableData().data());
    if (resourceBytes) {
      *resourceBytes = std::move(blob);
      return {};
    }
    return makeScaledResource(weights, multiplier, channelDims,
                              std::move(blob));
  }
  // Uninitialized: every byte is written by scaleInto.
  std::unique_ptr<char[]> buffer(new char[numBytes]);
  scaleInto(buffer.get());
  return DenseElementsAttr::getFromRawBuffer(
      type, ArrayRef<char>(buffer.get(), numBytes));
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
