//===- FoldBatchNormAnalysis.h - when may a batch norm fold -----*- C++ -*-===//
//
// The single source of truth for the legality of a fold. The native
// constraints of FoldBatchNorm.pdll call whyNotFoldable on the site their
// pattern matched (and record its answer for the report); the report
// explains with explainUnmatched the batch norms no pattern reached.
//
//===----------------------------------------------------------------------===//

#ifndef BNFOLD_TRANSFORMS_FOLDBATCHNORMANALYSIS_H
#define BNFOLD_TRANSFORMS_FOLDBATCHNORMANALYSIS_H

#include "bnfold/Dialect/NN/IR/NNOps.h"
#include <optional>
#include <string>

namespace bnfold {

class PrecomputedScaling;

/// Where a fold pattern matched: `target`, an nn.batch_norm to fold or an
/// nn.bias_add to absorb into the layer's bias, reads the result of `layer`
/// directly (`between` is null) or through `between`, an nn.reshape or
/// nn.batch_to_space.
struct FoldSite {
  nn::ChannelLayerOpInterface layer;
  mlir::Operation *between = nullptr;
  mlir::Operation *target = nullptr;

  /// The site formed by the ops a pattern bound, or std::nullopt when they
  /// do not form one: ops of other kinds, or not connected this way. PDL
  /// may hand a native constraint any ops.
  static std::optional<FoldSite> get(mlir::Operation *layer,
                                     mlir::Operation *between,
                                     mlir::Operation *target);
};

/// Why `site` may not fold (a batch norm into its layer) or be absorbed (a
/// bias_add into its layer's bias); std::nullopt when it may. `precomputed`
/// holds range checks of weights done ahead of time (may be null). Without
/// `runtimeParameters`, a batch norm whose folded parameters would not be
/// constants is refused.
std::optional<std::string>
whyNotFoldable(const FoldSite &site,
               const PrecomputedScaling *precomputed = nullptr,
               bool runtimeParameters = true);

/// Why no fold pattern reached `bn`: its input is a block argument, or
/// comes from an op that is not a layer, possibly behind ops a fold looks
/// through (bias_add, reshape, batch_to_space).
std::string explainUnmatched(nn::BatchNormOp bn);

} // namespace bnfold

#endif // BNFOLD_TRANSFORMS_FOLDBATCHNORMANALYSIS_H
