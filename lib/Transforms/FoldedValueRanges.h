//===- FoldedValueRanges.h - do folded values fit their type ----*- C++ -*-===//
//
// The fold pass refuses a fold whose values the element type cannot hold
// (docs/hardening.md). These checks run in f64 on the exact values the
// kernels of BatchNormMath.h would produce; the weight check reads every
// weight, so it screens each channel first in a vectorized loop.
//
//===----------------------------------------------------------------------===//

#ifndef BNFOLD_LIB_TRANSFORMS_FOLDEDVALUERANGES_H
#define BNFOLD_LIB_TRANSFORMS_FOLDEDVALUERANGES_H

#include "bnfold/Dialect/NN/IR/WeightChannelMap.h"
#include "mlir/IR/Attributes.h"
#include "mlir/IR/Types.h"
#include "mlir/Support/LLVM.h"
#include <cstdint>
#include <optional>

namespace bnfold {

/// A folded value that the element type cannot hold: it would round to
/// +-inf (overflow), or a nonzero value would round to 0 (underflow).
struct RangeProblem {
  int64_t channel;
  double value;
  bool overflow;
};

/// The first value of `values` (one per channel) that would overflow the
/// float type `type`, if any. (A bias that underflows to 0 is only off by
/// less than the smallest subnormal, so only overflow matters here.)
std::optional<RangeProblem> findOverflow(mlir::Type type,
                                         llvm::ArrayRef<double> values);

/// The first scaled weight, `weights * multiplier[channel]` as
/// scaleWeightChannels computes it, that its element type cannot hold; a
/// NaN or inf weight stays NaN or inf and is no problem of the fold.
/// Returns std::nullopt when all fit or when `weights` is not readable.
std::optional<RangeProblem>
findScaledWeightRangeProblem(mlir::Attribute weights,
                             llvm::ArrayRef<double> multiplier,
                             const nn::WeightChannelMap &map);

} // namespace bnfold

#endif // BNFOLD_LIB_TRANSFORMS_FOLDEDVALUERANGES_H
