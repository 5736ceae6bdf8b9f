//===- FloatCodec.h - raw buffers of f16, bf16, f32, f64 --------*- C++ -*-===//
//
// Reads and writes the float element types of nn tensors as raw
// little-endian bytes: the storage of dense constants, dense_resource blobs
// and memrefs. Loads are exact (every element type is exact in f64); stores
// round once, to nearest-even, from f64. The hot-loop pieces (16-bit
// rounding, the f16 table, typed loads) are inline: weight-sized kernels
// call them once per element.
//
//===----------------------------------------------------------------------===//

#ifndef BNFOLD_SUPPORT_FLOATCODEC_H
#define BNFOLD_SUPPORT_FLOATCODEC_H

#include "mlir/IR/Types.h"
#include "llvm/ADT/APFloat.h"
#include "llvm/Support/Compiler.h"
#include <cmath>
#include <cstdint>
#include <cstring>
#include <optional>

namespace bnfold {

/// The element types of the nn dialect.
enum class FloatKind { F16, BF16, F32, F64 };

/// The kind of `type`, or std::nullopt for a type the dialect does not use.
std::optional<FloatKind> getFloatKind(mlir::Type type);
size_t getByteWidth(FloatKind kind);
const llvm::fltSemantics &getSemantics(FloatKind kind);

/// Reads one element at `ptr` exactly as f64.
double loadElement(FloatKind kind, const char *ptr);
/// Writes `value` at `ptr`, rounded once to nearest-even in `kind`.
void storeElement(FloatKind kind, char *ptr, double value);

/// Magnitudes at which rounding to a kind gives inf, or 0.
struct RoundingLimits {
  double overflowAt;  // |v| >= this rounds to inf
  double underflowAt; // 0 < |v| <= this rounds to 0
};
RoundingLimits getRoundingLimits(FloatKind kind);

//===----------------------------------------------------------------------===//
// Inline pieces for loops over every weight
//===----------------------------------------------------------------------===//

/// The f32 value of each of the 65536 f16 bit patterns (built once).
const float *getHalfToFloatTable();

/// bf16 is the top half of an f32.
inline float bfloat16ToFloat(uint16_t bits) {
  uint32_t wide = uint32_t(bits) << 16;
  float value;
  std::memcpy(&value, &wide, 4);
  return value;
}

/// Element `index` of a raw buffer of T (memcpy keeps unaligned blobs
/// well-defined).
template <typename T>
inline T loadTyped(const char *in, size_t index) {
  T value;
  std::memcpy(&value, in + index * sizeof(T), sizeof(T));
  return value;
}

inline uint16_t loadBits16(const char *in, size_t index) {
  return loadTyped<uint16_t>(in, index);
}

namespace detail {
/// Rounds a finite or infinite f64 (given by its bits) once, to
/// nearest-even, to the 16-bit format with MantissaBits stored mantissa
/// bits and ExponentBits exponent bits (f16: 10/5, bf16: 7/8), in integer
/// arithmetic. Going through f32 would round twice, and APFloat (which this
/// matches bit for bit: test/Unit/FloatCodecTest.cpp) costs ~100 ns per
/// weight.
template <int MantissaBits, int ExponentBits>
LLVM_ATTRIBUTE_ALWAYS_INLINE uint16_t roundToHalfWidth(uint64_t bits) {
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

/// NaN payloads follow APFloat (rare, out of line).
uint16_t roundNaNToHalfWidth(FloatKind kind, double value);
} // namespace detail

/// f64 -> f16 or bf16 bits, rounded once to nearest-even.
LLVM_ATTRIBUTE_ALWAYS_INLINE uint16_t roundToHalfWidth(FloatKind kind,
                                                              double value) {
  if (LLVM_UNLIKELY(std::isnan(value)))
    return detail::roundNaNToHalfWidth(kind, value);
  uint64_t bits;
  std::memcpy(&bits, &value, sizeof(bits));
  return kind == FloatKind::F16 ? detail::roundToHalfWidth<10, 5>(bits)
                                : detail::roundToHalfWidth<7, 8>(bits);
}

} // namespace bnfold

#endif // BNFOLD_SUPPORT_FLOATCODEC_H
