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

//===----------------------------------------------------------------------===//
// Training: nn.batch_norm_training (mode=training)
//===----------------------------------------------------------------------===//

/// Why an nn.batch_norm_training is not folded in mode=inference: "batch
/// statistics are computed at run time".
extern const char *const kBatchStatisticsReason;

/// Why `bn`, which reads the result of `layer` directly (`between` null) or
/// through `between` (an nn.reshape after a matmul or an nn.batch_to_space
/// after a convolution), may not fold into a copy of `layer` for training;
/// std::nullopt when it may. The copy's weights W * scale / sigma_moving
/// are computed at run time: without `runtimeParameters` it is refused, and
/// in f16 it must be provably in range.
std::optional<std::string>
whyNotFoldableForTraining(nn::ChannelLayerOpInterface layer,
                          mlir::Operation *between,
                          nn::BatchNormTrainingOp bn, bool runtimeParameters);

/// Why no training pattern reached `bn`: its input is a block argument, or
/// comes from an op that is not a layer (possibly behind ops a fold looks
/// through).
std::string explainUnmatchedTraining(nn::BatchNormTrainingOp bn);

//===----------------------------------------------------------------------===//
// Folding forward: a batch norm into the layers that read it
//===----------------------------------------------------------------------===//

/// How a batch norm folds forward, computed from its constant parameters:
/// `layer(x * s + t)` is `layer'(x)` with the weights of input channel c
/// scaled by s[c] and the bias plus the weights times t. A padded layer
/// reads pad values, which the batch norm never produced; where t is not 0
/// the padding moves onto an nn.pad of x whose value in channel c is
/// p[c] = -t[c] / s[c], the value the batch norm maps to 0.
struct ForwardFold {
  nn::BatchNormOp bn;
  /// The users of the batch norm's result, in block order: every one a
  /// layer that reads it as its input.
  llvm::SmallVector<nn::ChannelLayerOpInterface, 2> layers;
  /// s and t per channel.
  std::vector<double> multiplier, shift;

  /// Whether t is 0 in every channel (then padding needs no change).
  bool hasZeroShift() const;
  /// Whether `layer` (one of `layers`) pads its input and t is not 0:
  /// the padding moves onto an nn.pad with padValues().
  bool needsPad(nn::ChannelLayerOpInterface layer) const;
  /// p[c] = -t[c] / s[c] (0 where t[c] is 0).
  std::vector<double> padValues() const;

  /// The fold of `op` when it is a batch norm whose parameters are
  /// constants and every user is a layer reading it as its input;
  /// std::nullopt otherwise (any op may be handed in). It says nothing
  /// about legality: that is whyNotFoldableForward.
  static std::optional<ForwardFold> get(mlir::Operation *op);
};

/// Why `bn` may not fold forward into the layers that read it;
/// std::nullopt when it may. Without `perChannelPadding` a padded layer
/// with a nonzero shift is refused (the target pads with one value).
std::optional<std::string> whyNotFoldableForward(nn::BatchNormOp bn,
                                                 bool perChannelPadding);

/// Whether `bn` folds backward, into the layer that produces its input
/// (directly or through the ops the backward patterns look through, into
/// a copy with `cloneOnMultiUse`), or into the layers behind a concat or an
/// add: the backward fold has priority over the forward one.
bool canFoldBackward(nn::BatchNormOp bn,
                     const PrecomputedScaling *precomputed,
                     bool runtimeParameters, bool cloneOnMultiUse);

} // namespace bnfold

#endif // BNFOLD_TRANSFORMS_FOLDBATCHNORMANALYSIS_H
