//===- PrecomputedScaling.h - weight-sized fold work done up front -*- C++ -*-===//
//
// Of all the work of a fold, two steps read every weight: the range check
// (findScaledWeightRangeProblem) and the scaling (scaleWeightChannels). The
// greedy pattern driver folds one layer at a time, so the fold pass first
// collects the layers its patterns will fold and does both steps for all of
// them in parallel; the legality check and the FoldedLayer rewrite then take
// the stored results. Results are keyed by what they are computed from (the
// weights attribute, the bits of the multiplier, the weight channel map), so a
// result is only ever used for the very same computation, and the output is
// the same with or without this cache (the pass's `precompute` option).
//
//===----------------------------------------------------------------------===//

#ifndef BNFOLD_LIB_TRANSFORMS_PRECOMPUTEDSCALING_H
#define BNFOLD_LIB_TRANSFORMS_PRECOMPUTEDSCALING_H

#include "FoldedValueRanges.h"
#include "bnfold/Dialect/NN/IR/BatchNormMath.h"
#include "bnfold/Transforms/FoldBatchNormAnalysis.h"

#include "mlir/IR/BuiltinAttributeInterfaces.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallVector.h"
#include <optional>
#include <vector>

namespace bnfold {

class PrecomputedScaling {
public:
  /// Registers the fold of a batch norm `site` if its weights and multiplier
  /// are constants; the first site of each computation is the one checked.
  void add(const FoldSite &site);
  bool empty() const { return entries.empty(); }

  /// For every registered computation, in parallel: the range check, then
  /// (when whyNotFoldable allows the fold) the scaled weights, stored as
  /// `storage` says.
  void compute(mlir::MLIRContext *context, nn::FoldedWeightStorage storage);

  /// The stored range check of a computation, if done.
  const std::optional<RangeProblem> *
  lookupRangeProblem(mlir::Attribute weights, llvm::ArrayRef<double> multiplier,
                     const nn::WeightChannelMap &map) const;
  /// The stored scaled weights of a computation, or a null attribute.
  mlir::ElementsAttr lookupScaledWeights(mlir::Attribute weights,
                                         llvm::ArrayRef<double> multiplier,
                                         const nn::WeightChannelMap &map) const;

private:
  struct Entry {
    FoldSite site;
    mlir::Attribute weights;
    std::vector<double> multiplier;
    nn::WeightChannelMap map;
    /// Set by compute (the outer optional: computed or not).
    std::optional<std::optional<RangeProblem>> rangeProblem;
    mlir::ElementsAttr scaledWeights;
  };
  const Entry *find(mlir::Attribute weights, llvm::ArrayRef<double> multiplier,
                    const nn::WeightChannelMap &map) const;

  std::vector<Entry> entries;
  /// Entries by weights attribute (a layer's weights rarely have more than
  /// one multiplier).
  llvm::DenseMap<const void *, llvm::SmallVector<size_t, 1>> byWeights;
};

} // namespace bnfold

#endif // BNFOLD_LIB_TRANSFORMS_PRECOMPUTEDSCALING_H
