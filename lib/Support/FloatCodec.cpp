//===- FloatCodec.cpp - raw buffers of f16, bf16, f32, f64 ----------------===//

#include "bnfold/Support/FloatCodec.h"

#include "llvm/Support/ErrorHandling.h"
#include <limits>
#include <memory>

using namespace bnfold;

std::optional<FloatKind> bnfold::getFloatKind(mlir::Type type) {
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

size_t bnfold::getByteWidth(FloatKind kind) {
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

const llvm::fltSemantics &bnfold::getSemantics(FloatKind kind) {
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

/// decodeHalf of all 65536 values (256 KiB): the kernels decode every f16
/// weight, and decodeHalf branches on the exponent.
const float *bnfold::getHalfToFloatTable() {
  static const std::unique_ptr<float[]> table = [] {
    auto values = std::make_unique<float[]>(1 << 16);
    for (uint32_t bits = 0; bits < (1 << 16); ++bits)
      values[bits] = decodeHalf(uint16_t(bits));
    return values;
  }();
  return table.get();
}

double bnfold::loadElement(FloatKind kind, const char *ptr) {
  switch (kind) {
  case FloatKind::F16:
    return getHalfToFloatTable()[loadBits16(ptr, 0)];
  case FloatKind::BF16:
    return bfloat16ToFloat(loadBits16(ptr, 0));
  case FloatKind::F32:
    return loadTyped<float>(ptr, 0);
  case FloatKind::F64:
    return loadTyped<double>(ptr, 0);
  }
  llvm_unreachable("unknown float kind");
}

uint16_t bnfold::detail::roundNaNToHalfWidth(FloatKind kind, double value) {
  llvm::APFloat wide(value);
  bool losesInfo;
  wide.convert(getSemantics(kind), llvm::APFloat::rmNearestTiesToEven,
               &losesInfo);
  return uint16_t(wide.bitcastToAPInt().getZExtValue());
}

// f64 -> f32 is a single hardware rounding; the 16-bit types are rounded
// from the f64 bits, so that no intermediate f32 rounding happens.
void bnfold::storeElement(FloatKind kind, char *ptr, double value) {
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

RoundingLimits bnfold::getRoundingLimits(FloatKind kind) {
  if (kind == FloatKind::F64)
    return {std::numeric_limits<double>::infinity(), 0.0};
  const llvm::fltSemantics &sem = getSemantics(kind);
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
