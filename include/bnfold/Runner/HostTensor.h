//===- HostTensor.h - tensors on the runner's side of the C interface -*- C++ -*-===//

#ifndef BNFOLD_RUNNER_HOSTTENSOR_H
#define BNFOLD_RUNNER_HOSTTENSOR_H

#include "bnfold/Support/FloatCodec.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace bnfold::runner {

using bnfold::FloatKind;

/// A dense row-major tensor of one of the four float kinds, owned by the
/// runner: the inputs it generates and the copies of the results.
struct HostTensor {
  FloatKind kind;
  std::vector<int64_t> shape;
  /// getNumElements() elements of getByteWidth(kind) bytes.
  std::unique_ptr<char[]> data;

  /// Allocates `data` for `kind` and `shape` (whose byte size the caller has
  /// checked); false when the system has not got the memory.
  bool allocate();
  /// The product of `shape`.
  int64_t getNumElements() const;
  /// Element `index` in row-major order, widened to double.
  double get(int64_t index) const;
  /// Stores `value` rounded to `kind` (ties to even) as element `index`.
  void set(int64_t index, double value);
  /// "2x3", or "scalar" for rank 0.
  std::string getShapeString() const;
};

/// The shortest decimal that reads back as the same value of `kind`
/// ("6400", "0.1", "nan", "-inf").
std::string formatElement(FloatKind kind, double value);

/// `value` rounded to the nearest value of `kind` (ties to even).
double roundToKind(FloatKind kind, double value);

} // namespace bnfold::runner

#endif // BNFOLD_RUNNER_HOSTTENSOR_H
