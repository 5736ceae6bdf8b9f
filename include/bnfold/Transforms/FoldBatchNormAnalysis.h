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
#include <vector>

namespace bnfold {

class PrecomputedScaling;

/// An elementwise op that applies a per-channel affine map to a layer's
/// result when its other operand, `param`, holds one value per channel (or
/// one value): a step of a batch norm written out as elementwise ops.
struct ElementwiseStep {
  /// y = x + t, t + x, x - t, t - x, x * s, s * x, x / d.
  enum class Kind { Add, Sub, SubtractedFrom, Mul, Div };
  Kind kind;
  mlir::Operation *op;
  /// The operand that is not `data`.
  mlir::Value param;
  unsigned paramIndex;

  /// `op` as a step on `data`, or std::nullopt when `op` is not nn.add,
  /// nn.sub, nn.mul or nn.div with `data` as exactly one operand, when it
  /// is `d / x`, or when the other operand is a full-size value computed at
  /// run time (a join of two computed tensors, not a batch norm).
  static std::optional<ElementwiseStep> get(mlir::Operation *op,
                                            mlir::Value data);
};

/// Where a fold pattern matched: `target`, an nn.batch_norm to fold, an
/// nn.bias_add to absorb into the layer's bias, or an elementwise step,
/// reads the result of `layer` directly (`between` is null) or through
/// `between`, an nn.reshape or nn.batch_to_space (not for a step).
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

  // Fold across a concat: `target`, a batch_norm, reads `concat`, an
  // nn.concat whose input #`concatInput` is the result of `layer` (or of
  // `between`); the layer takes the batch norm's channels from
  // `channelOffset` on (as many as it has). Null `concat` otherwise.
  mlir::Operation *concat = nullptr;
  unsigned concatInput = 0;
  int64_t channelOffset = 0;
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

/// The fold sites of `bn` across `concat` (see FoldSite), one per input
/// of the concat in order, or std::nullopt when they do not form them:
/// `bn` does not read `concat`, or an input does not come from a layer
/// (directly or through an nn.reshape or nn.batch_to_space), or an input's
/// size along the concat's dim is dynamic. Accepts any ops.
std::optional<std::vector<FoldSite>>
getConcatFoldSites(mlir::Operation *concat, mlir::Operation *bn);

/// Why `bn`, a batch_norm that reads `concat`, an nn.concat, may not fold
/// across it: its parameters split by the concat's inputs' channel ranges,
/// each slice folded into the layer that produces the input. Needs constant
/// parameters, weights and biases. The refusal names the input that blocks
/// and why. std::nullopt when it may fold.
std::optional<std::string>
whyNotFoldableAcrossConcat(nn::ConcatOp concat, nn::BatchNormOp bn,
                           const PrecomputedScaling *precomputed = nullptr);

/// The per-channel values of the step's parameter as the fold uses them:
/// one per channel of `numChannels` (a single value repeated), the divisor
/// of `x / d` turned into its reciprocal rounded like nn.reciprocal;
/// std::nullopt when the parameter is not a readable constant.
std::optional<std::vector<double>>
readStepMultiplierOrShift(const ElementwiseStep &step, int64_t numChannels);

/// Why no fold pattern reached `bn`: its input is a block argument, or
/// comes from an op that is not a layer, possibly behind ops a fold looks
/// through (bias_add, reshape, batch_to_space).
std::string explainUnmatched(nn::BatchNormOp bn);

} // namespace bnfold

#endif // BNFOLD_TRANSFORMS_FOLDBATCHNORMANALYSIS_H
