//===- Compare.h - elementwise comparison of two runs -----------*- C++ -*-===//
//
// What `bnfold-run --compare` decides, as functions of the numbers alone so
// that the rules can be unit-tested.
//
//===----------------------------------------------------------------------===//

#ifndef BNFOLD_RUNNER_COMPARE_H
#define BNFOLD_RUNNER_COMPARE_H

#include "bnfold/Runner/HostTensor.h"

namespace bnfold::runner {

/// An element `a` matches the reference `b` when
/// `|a - b| <= atol + rtol * |b|`.
struct Tolerance {
  double rtol, atol;
};

/// The default tolerance of a result of element type `kind` (see
/// docs/execution.md for why these values).
Tolerance getDefaultTolerance(FloatKind kind);

/// One element pair. NaN matches only NaN, an infinity only the same
/// infinity; such a mismatch has an infinite absolute error, a match none.
/// The relative error is the absolute one over |b| (0 when they are equal).
struct ElementComparison {
  bool within;
  double absoluteError, relativeError;
};
ElementComparison compareElements(double a, double b, Tolerance tolerance);

/// Two tensors of the same shape, element by element.
struct TensorComparison {
  double maxAbsoluteError = 0, maxRelativeError = 0;
  /// Elements outside the tolerance, and the flat index of the first (-1
  /// when there is none).
  int64_t mismatches = 0, firstMismatch = -1;
};
TensorComparison compareTensors(const HostTensor &a, const HostTensor &b,
                                Tolerance tolerance);

} // namespace bnfold::runner

#endif // BNFOLD_RUNNER_COMPARE_H
