//===- Compare.cpp - elementwise comparison of two runs -------------------===//

#include "bnfold/Runner/Compare.h"

#include <algorithm>
#include <cmath>

using namespace bnfold::runner;

Tolerance bnfold::runner::getDefaultTolerance(FloatKind kind) {
  switch (kind) {
  case FloatKind::F16:
    return {1e-2, 1e-3};
  case FloatKind::BF16:
    return {5e-2, 1e-2};
  case FloatKind::F32:
    return {1e-4, 1e-5};
  case FloatKind::F64:
    return {1e-10, 1e-12};
  }
  return {0, 0};
}

ElementComparison bnfold::runner::compareElements(double a, double b,
                                                  Tolerance tolerance) {
  bool within;
  double absolute;
  if (std::isnan(a) || std::isnan(b)) {
    within = std::isnan(a) && std::isnan(b);
    absolute = within ? 0 : INFINITY;
  } else if (std::isinf(a) || std::isinf(b)) {
    within = a == b;
    absolute = within ? 0 : INFINITY;
  } else {
    absolute = std::fabs(a - b);
    within = absolute <= tolerance.atol + tolerance.rtol * std::fabs(b);
  }
  double relative = absolute == 0 ? 0 : absolute / std::fabs(b);
  return {within, absolute, relative};
}

TensorComparison bnfold::runner::compareTensors(const HostTensor &a,
                                                const HostTensor &b,
                                                Tolerance tolerance) {
  TensorComparison result;
  for (int64_t i = 0, n = a.getNumElements(); i < n; ++i) {
    ElementComparison element = compareElements(a.get(i), b.get(i), tolerance);
    result.maxAbsoluteError =
        std::max(result.maxAbsoluteError, element.absoluteError);
    result.maxRelativeError =
        std::max(result.maxRelativeError, element.relativeError);
    if (!element.within && result.mismatches++ == 0)
      result.firstMismatch = i;
  }
  return result;
}
