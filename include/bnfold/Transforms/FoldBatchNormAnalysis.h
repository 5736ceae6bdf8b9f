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
  /// A batch norm across an add (FoldAcrossAdd): `target` reads `add`, an
  /// nn.add of two full-size values, and operand #`addOperand` of `add` is
  /// the result of `layer` (or of `between`). Operand #0's layer takes the
  /// whole batch norm, operand #1's only its scale. Null for other sites.
  mlir::Operation *add = nullptr;
  unsigned addOperand = 0;

  /// The site formed by the ops a pattern bound, or std::nullopt when they
  /// do not form one: ops of other kinds, or not connected this way. PDL
  /// may hand a native constraint any ops.
  static std::optional<FoldSite> get(mlir::Operation *layer,
                                     mlir::Operation *between,
                                     mlir::Operation *target);

  /// The site of operand #`index` of `add` when `bn`, a batch_norm, reads
  /// `add`, an nn.add, and that operand is the result of a layer, directly
  /// or through an nn.reshape or nn.batch_to_space; else std::nullopt.
  static std::optional<FoldSite> getAcrossAdd(mlir::Operation *add,
                                              unsigned index,
                                              mlir::Operation *bn);
};

/// Why `site` may not fold (a batch norm into its layer) or be absorbed (a
/// bias_add into its layer's bias); std::nullopt when it may. `precomputed`
/// holds range checks of weights done ahead of time (may be null). Without
/// `runtimeParameters`, a batch norm whose folded parameters would not be
/// constants is refused. With `cloneOnMultiUse`, a layer (or op in
/// between) whose result has other users is no reason to refuse: the fold
/// goes into a copy of it (a bias_add only when a batch norm that may fold
/// reads it, so that the copy serves a fold).
std::optional<std::string>
whyNotFoldable(const FoldSite &site,
               const PrecomputedScaling *precomputed = nullptr,
               bool runtimeParameters = true, bool cloneOnMultiUse = false);

/// Why `bn`, a batch_norm that reads `add`, an nn.add, may not fold across
/// it: BN(a + b) = BN(a) + b * s takes two full-size operands, each the
/// result of a layer (directly or through the ops a fold looks through) that
/// may take its part (whyNotFoldable of its getAcrossAdd site), and `add`
/// must have no other user. std::nullopt when it may.
std::optional<std::string>
whyNotFoldableAcrossAdd(mlir::Operation *add, mlir::Operation *bn,
                        const PrecomputedScaling *precomputed = nullptr,
                        bool runtimeParameters = true,
                        bool cloneOnMultiUse = false);

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
