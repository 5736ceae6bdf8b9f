//===- HostTensor.cpp - tensors on the runner's side ----------------------===//

#include "bnfold/Runner/HostTensor.h"

#include "llvm/ADT/APFloat.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <new>

using namespace bnfold;
using namespace bnfold::runner;

bool HostTensor::allocate() {
  size_t bytes = size_t(getNumElements()) * getByteWidth(kind);
  data.reset(new (std::nothrow) char[std::max<size_t>(bytes, 1)]);
  return data != nullptr;
}

int64_t HostTensor::getNumElements() const {
  int64_t n = 1;
  for (int64_t d : shape)
    n *= d;
  return n;
}

double HostTensor::get(int64_t index) const {
  return loadElement(kind, data.get() + index * getByteWidth(kind));
}

void HostTensor::set(int64_t index, double value) {
  storeElement(kind, data.get() + index * getByteWidth(kind), value);
}

std::string HostTensor::getShapeString() const {
  std::string s;
  for (size_t i = 0; i < shape.size(); ++i)
    s += (i ? "x" : "") + std::to_string(shape[i]);
  return s.empty() ? "scalar" : s;
}

static llvm::APFloat roundedAPFloat(FloatKind kind, double value) {
  llvm::APFloat f(value);
  bool losesInfo;
  f.convert(getSemantics(kind), llvm::APFloat::rmNearestTiesToEven,
            &losesInfo);
  return f;
}

double bnfold::runner::roundToKind(FloatKind kind, double value) {
  return roundedAPFloat(kind, value).convertToDouble();
}

std::string bnfold::runner::formatElement(FloatKind kind, double value) {
  if (std::isnan(value))
    return "nan";
  if (std::isinf(value))
    return value > 0 ? "inf" : "-inf";
  // Integers up to 17 digits print without an exponent (6400, not 6.4e+03).
  int minPrecision = 1;
  if (std::fabs(value) >= 1 && std::fabs(value) < 1e17)
    minPrecision = int(std::floor(std::log10(std::fabs(value)))) + 1;
  char buffer[64];
  llvm::APFloat target = roundedAPFloat(kind, value);
  for (int precision = minPrecision; precision <= 17; ++precision) {
    std::snprintf(buffer, sizeof(buffer), "%.*g", precision, value);
    if (roundedAPFloat(kind, std::strtod(buffer, nullptr))
            .bitwiseIsEqual(target))
      break;
  }
  return buffer;
}
