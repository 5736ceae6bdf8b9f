//===- FoldBatchNorm.cpp - the --fold-batchnorm pass ----------------------===//
//
// The native constraints and rewrites of FoldBatchNorm.pdll, and the pass
// that runs those patterns and reports what happened to every batch_norm.
//
//===----------------------------------------------------------------------===//

#include "PrecomputedScaling.h"
#include "bnfold/Dialect/NN/IR/BatchNormMath.h"
#include "bnfold/Dialect/NN/IR/NNOps.h"
#include "bnfold/Support/FoldRecords.h"
#include "bnfold/Transforms/FoldBatchNorm.h"
#include "bnfold/Transforms/FoldBatchNormAnalysis.h"
#include "bnfold/Transforms/Passes.h"

#include "mlir/IR/IRMapping.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Rewrite/FrozenRewritePatternSet.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/Support/FormatVariadic.h"

namespace bnfold {
#define GEN_PASS_DEF_FOLDBATCHNORM
#include "bnfold/Transforms/Passes.h.inc"
} // namespace bnfold

using namespace mlir;
using namespace bnfold;
using namespace bnfold::nn;

//===----------------------------------------------------------------------===//
// The state of one run of the pass
//===----------------------------------------------------------------------===//

namespace {

/// What the pass and its native functions share while the pattern driver
/// runs on one function: the weight-sized work done ahead of time, and the
/// reason each refused fold site was refused. It is also the driver's
/// listener, which sees folds (for the report) and erasures (to drop what
/// it knows about erased ops).
///
/// The pattern set is built once and shared by the threads that fold
/// functions in parallel, so its native functions cannot capture per-run
/// state; the pass makes this state visible to them on the thread that
/// runs the driver (Scope). Without it (patterns used outside the pass) the
/// natives work the same, without precomputed results or records.
class FoldState : public RewriterBase::Listener {
public:
  /// Collect: the batch norm sites the patterns would fold are gathered for
  /// PrecomputedScaling, and no batch norm folds (everything else does).
  /// Fold: the patterns fold, using the precomputed results.
  enum class Mode { Collect, Fold };
  Mode mode = Mode::Fold;
  PrecomputedScaling precomputed;
  /// Where the report's records go (the pass's report option, and the
  /// context's remark engine).
  FoldRecordSink records;
  /// The function the pass runs on, named in the records.
  StringRef functionName;
  /// Whether a batch norm may fold into ops that compute its parameters at
  /// run time (the pass's runtime-parameters option).
  bool runtimeParameters = true;
  /// Whether a forward fold may pad a layer's input with a value per
  /// channel (the pass's per-channel-padding option).
  bool perChannelPadding = true;
  /// Whether a fold may go into a copy of a layer whose result (or the
  /// reshape / batch_to_space after it) has other users (the pass's
  /// clone-on-multi-use option).
  bool cloneOnMultiUse = false;
  /// Whether nn.batch_norm_training folds (the pass's mode option).
  bool trainingMode = false;
  /// How folded constant weights are stored (the pass's folded-weights
  /// option).
  FoldedWeightStorage weightStorage = FoldedWeightStorage::AsSource;
  unsigned numFolded = 0;
  /// Elementwise ops (steps of a written-out batch norm) folded.
  unsigned numStepsFolded = 0;

  static FoldState *active() { return activeState; }

  class Scope {
  public:
    explicit Scope(FoldState &state) : previous(activeState) {
      activeState = &state;
    }
    ~Scope() { activeState = previous; }
    Scope(const Scope &) = delete;
    Scope &operator=(const Scope &) = delete;

  private:
    FoldState *previous;
  };

  /// Remembers a site a pattern matched: refused with `refusal` (for the
  /// report), or, in Collect mode, one to precompute.
  void recordSite(const FoldSite &site,
                  std::optional<std::string> refusal = std::nullopt) {
    for (Operation *op : {static_cast<Operation *>(site.layer), site.between})
      if (op)
        namedBy[op].push_back(site.target);
    sites[site.target] = SiteRecord{site, std::move(refusal)};
  }

  /// Does the weight-sized work of the sites recorded in Collect mode (all
  /// of whose ops are still there), or, without a context, forgets them.
  void precomputeRecordedSites(MLIRContext *context) {
    if (context)
      for (auto &[target, record] : sites)
        precomputed.add(record.site);
    sites.clear();
    namedBy.clear();
    if (context)
      precomputed.compute(context, weightStorage);
  }

  /// The reason recorded for the site whose target is `target`, if that
  /// site is still in the IR as recorded. The driver runs to a fixpoint,
  /// revisiting every op once nothing changes, so such a record is from the
  /// last evaluation of that site.
  std::optional<std::string> refusalOf(Operation *target) const {
    auto it = sites.find(target);
    if (it == sites.end())
      return acrossAddRefusalOf(target);
    const FoldSite &site = it->second.site;
    if (!FoldSite::get(site.layer, site.between, site.target))
      return std::nullopt;
    return it->second.refusal;
  }

  /// Remembers why `bn` may not fold across `add`, the nn.add it reads.
  void recordAcrossAddRefusal(Operation *add, Operation *bn, std::string why) {
    acrossAddRefusals[bn] = {add, std::move(why)};
  }

  /// Remembers that `copy`, a folded layer, is a copy of a layer that keeps
  /// other users (`why` says which), for the report of the fold it serves.
  /// A copy of a copy carries the note on, until a report takes it.
  void noteCopy(Operation *copy, Operation *original, std::string why) {
    if (why.empty()) {
      auto it = copyNotes.find(original);
      if (it == copyNotes.end())
        return;
      why = std::move(it->second);
      copyNotes.erase(it);
    }
    copyNotes[copy] = std::move(why);
  }

  void notifyOperationReplaced(Operation *op, ValueRange values) override {
    // A training fold replaced it by its copy (noteFoldedTraining).
    if (isa<BatchNormTrainingOp>(op)) {
      replaced.insert(op);
      return;
    }
    if (!isa<BatchNormOp, AddOp, SubOp, MulOp, DivOp>(op) ||
        values.size() != 1)
      return;
    if (isa<BatchNormOp>(op)) {
      replaced.insert(op);
      ++numFolded;
    } else if (isa_and_nonnull<ChannelLayerOpInterface>(
                   values.front().getDefiningOp())) {
      ++numStepsFolded;
    } else {
      return; // an elementwise op on constants, folded to a constant
    }
    if (!records.wantsRecords())
      return;
    Operation *replacement = values.front().getDefiningOp();
    if (auto concat = dyn_cast_or_null<ConcatOp>(replacement)) {
      record(op, FoldRecordKind::Folded,
             "folded into " + describeLayers(concat) + " through 'nn.concat'");
      return;
    }
    int64_t copiedBytes = 0;
    unsigned numCopies = 0;
    std::string into;
    if (isa<BatchNormOp>(op) && isa_and_nonnull<AddOp>(replacement))
      into = describeFoldedValue(replacement->getOperand(0), copiedBytes,
                                 numCopies) +
             " and " +
             describeFoldedValue(replacement->getOperand(1), copiedBytes,
                                 numCopies) +
             " through 'nn.add'";
    else
      into = describeFoldedValue(values.front(), copiedBytes, numCopies);
    std::string message = "folded into " + into;
    if (numCopies > 0)
      message += llvm::formatv("; the {0} {1} weight bytes",
                               numCopies == 1 ? "copy adds" : "copies add",
                               copiedBytes);
    record(op, FoldRecordKind::Folded, message);
  }

  /// A batch norm folded forward into its users, layers of the kinds
  /// `layers` (the rewrite replaced them, and erases the batch norm).
  void noteFoldedForward(BatchNormOp bn, ArrayRef<OperationName> layers) {
    replaced.insert(bn);
    ++numFolded;
    if (!records.wantsRecords())
      return;
    std::string message = "folded into ";
    if (layers.size() > 1)
      message += llvm::formatv("{0} users: ", layers.size());
    llvm::raw_string_ostream os(message);
    llvm::interleaveComma(layers, os, [&](OperationName name) {
      os << "'" << name.getStringRef() << "'";
    });
    record(bn, FoldRecordKind::Folded, message);
  }

  /// Publishes one record of the report about `op`; with `print` false,
  /// to the remark engine only (the caller reports it as an error).
  void record(Operation *op, FoldRecordKind kind, const Twine &message,
              bool print = true) {
    FoldRecordSink sink = records;
    sink.print &= print;
    sink.emit(op->getLoc(), kind, op, functionName, message.str());
  }

  /// Publishes the summary of the function `func`.
  void recordSummary(func::FuncOp func, const Twine &message) {
    records.emit(func.getLoc(), FoldRecordKind::Summary, nullptr,
                 functionName, message.str());
  }

  /// `bn`, the copy of a training batch norm that replaces it, computing
  /// its statistics, while a corrected copy of `layer` (and of `between`,
  /// if any) computes its output.
  void noteFoldedTraining(Operation *bn, Operation *layer,
                          Operation *between) {
    foldedTraining.insert(bn);
    trainingRefusals.erase(bn);
    ++numFolded;
    if (!records.wantsRecords())
      return;
    std::string message =
        ("folded for training into a copy of '" +
         layer->getName().getStringRef() + "'")
            .str();
    if (between)
      message += (" through '" + between->getName().getStringRef() + "'").str();
    message += "; the original computes the batch statistics";
    record(bn, FoldRecordKind::Folded, message);
  }

  bool isFoldedTraining(Operation *bn) const {
    return foldedTraining.contains(bn);
  }

  /// Remembers why the training batch norm `bn` may not fold, from the
  /// last evaluation of its site.
  void recordTrainingRefusal(Operation *bn, std::string why) {
    trainingRefusals[bn] = std::move(why);
  }

  std::optional<std::string> trainingRefusalOf(Operation *bn) const {
    auto it = trainingRefusals.find(bn);
    if (it == trainingRefusals.end())
      return std::nullopt;
    return it->second;
  }

  /// The driver also erases ops whose results are unused; a batch norm that
  /// goes that way is neither folded nor refused, and says so.
  void notifyOperationErased(Operation *op) override {
    // A record must never hold an erased op: its address may be reused.
    sites.erase(op);
    trainingRefusals.erase(op);
    bool foldedForTraining = foldedTraining.erase(op);
    acrossAddRefusals.erase(op);
    copyNotes.erase(op);
    if (isa<AddOp>(op))
      acrossAddRefusals.remove_if(
          [&](const auto &entry) { return entry.second.first == op; });
    if (auto it = namedBy.find(op); it != namedBy.end()) {
      for (Operation *target : it->second) {
        auto site = sites.find(target);
        if (site != sites.end() &&
            (site->second.site.layer == op || site->second.site.between == op))
          sites.erase(site);
      }
      namedBy.erase(it);
    }
    if (!isa<BatchNormOp, BatchNormTrainingOp>(op) || replaced.erase(op) ||
        foldedForTraining || !records.wantsRecords())
      return;
    record(op, FoldRecordKind::Removed, "removed: its result is unused");
  }

private:
  /// "'nn.conv2d'", "'nn.matmul' through 'nn.reshape'", or "a copy of
  /// 'nn.conv2d' (its result has 1 other user)": the layer that computes
  /// `value` after a fold. A copy's weight bytes are added to `copiedBytes`
  /// and its note taken.
  std::string describeFoldedValue(Value value, int64_t &copiedBytes,
                                  unsigned &numCopies) {
    Operation *layer = value.getDefiningOp();
    std::string through;
    if (isa_and_nonnull<ReshapeOp, BatchToSpaceOp>(layer)) {
      through = (" through '" + layer->getName().getStringRef() + "'").str();
      layer = layer->getOperand(0).getDefiningOp();
    }
    if (!layer)
      return "'<unknown>'";
    std::string name = ("'" + layer->getName().getStringRef() + "'").str();
    auto note = copyNotes.find(layer);
    if (note == copyNotes.end())
      return name + through;
    std::string text = "a copy of " + name + through + " (" + note->second +
                       ")";
    copyNotes.erase(note);
    ++numCopies;
    for (Value operand : layer->getOperands().drop_front()) {
      auto type = cast<ShapedType>(operand.getType());
      if (type.hasStaticShape())
        copiedBytes += type.getNumElements() *
                       ((type.getElementTypeBitWidth() + 7) / 8);
    }
    return text;
  }

  /// Why a batch norm may not fold across the nn.add it reads, while it
  /// still reads that add.
  std::optional<std::string> acrossAddRefusalOf(Operation *bn) const {
    auto it = acrossAddRefusals.find(bn);
    if (it == acrossAddRefusals.end() ||
        bn->getOperand(0).getDefiningOp() != it->second.first)
      return std::nullopt;
    return it->second.second;
  }

  /// The layers a fold across `concat` folded into, one per input: "'nn.conv2d',
  /// 'nn.matmul' (through 'nn.reshape')".
  static std::string describeLayers(ConcatOp concat) {
    std::string names;
    for (Value input : concat.getInputs()) {
      if (!names.empty())
        names += ", ";
      Operation *producer = input.getDefiningOp();
      std::string through;
      if (isa_and_nonnull<ReshapeOp, BatchToSpaceOp>(producer)) {
        through = (" (through '" + producer->getName().getStringRef() + "')")
                      .str();
        producer = producer->getOperand(0).getDefiningOp();
      }
      names += "'" +
               (producer ? producer->getName().getStringRef()
                         : StringRef("<unknown>"))
                   .str() +
               "'" + through;
    }
    return names;
  }

  struct SiteRecord {
    FoldSite site;
    std::optional<std::string> refusal;
  };
  /// By target.
  DenseMap<Operation *, SiteRecord> sites;
  /// The targets whose record names an op as layer or between: erasing the
  /// op invalidates them.
  DenseMap<Operation *, SmallVector<Operation *, 1>> namedBy;
  /// Folded batch norms, until the driver erases them.
  SmallPtrSet<Operation *, 8> replaced;
  /// By batch norm: the nn.add it reads, and why it may not fold across it.
  llvm::MapVector<Operation *, std::pair<Operation *, std::string>>
      acrossAddRefusals;
  /// By folded layer that is a copy: which users the original keeps.
  DenseMap<Operation *, std::string> copyNotes;
  /// Training batch norms folded (they stay), and why the others may not.
  SmallPtrSet<Operation *, 8> foldedTraining;
  DenseMap<Operation *, std::string> trainingRefusals;

  static thread_local FoldState *activeState;
};

thread_local FoldState *FoldState::activeState = nullptr;

} // namespace

//===----------------------------------------------------------------------===//
// Native constraints and rewrites called from FoldBatchNorm.pdll
//
// PDL may evaluate a native constraint before the op-type predicates written
// beside it (it merges and reorders the predicates of all patterns), and
// nothing checks the kinds of the ops a native function is handed. So every
// function here accepts any op: ops that do not form a fold site are a
// refused match, never a cast. test/Unit/FoldNativeFunctionsTest.cpp calls
// each of them with every kind of op.
//===----------------------------------------------------------------------===//

/// The one legality check, on the site the pattern matched. A refusal is
/// recorded for the report and reported as the match failure.
static LogicalResult checkSite(PatternRewriter &rewriter, Operation *layer,
                               Operation *between, Operation *target) {
  std::optional<FoldSite> site = FoldSite::get(layer, between, target);
  if (!site)
    return failure();
  FoldState *state = FoldState::active();
  if (state && state->mode == FoldState::Mode::Collect &&
      isa<BatchNormOp>(target)) {
    state->recordSite(*site);
    return failure();
  }
  std::optional<std::string> why =
      whyNotFoldable(*site, state ? &state->precomputed : nullptr,
                     state ? state->runtimeParameters : true,
                     state ? state->cloneOnMultiUse : false);
  if (!why)
    return success();
  if (state)
    state->recordSite(*site, *why);
  return rewriter.notifyMatchFailure(target, *why);
}

static LogicalResult canFold(PatternRewriter &rewriter, Operation *layer,
                             Operation *target) {
  return checkSite(rewriter, layer, /*between=*/nullptr, target);
}

static LogicalResult canFoldThrough(PatternRewriter &rewriter,
                                    Operation *layer, Operation *between,
                                    Operation *target) {
  // A null `between` would make this a direct site: PDL never binds one,
  // but the kinds are checked by FoldSite::get only when it is not null.
  if (!between)
    return failure();
  return checkSite(rewriter, layer, between, target);
}

/// `bn` reads `add`, an nn.add, and may fold across it.
static LogicalResult canFoldAcrossAdd(PatternRewriter &rewriter,
                                      Operation *add, Operation *bn) {
  // Only a batch norm reading an add is such a site (PDL may hand any ops).
  if (!isa_and_nonnull<AddOp>(add) || !isa_and_nonnull<BatchNormOp>(bn) ||
      bn->getOperand(0) != add->getResult(0))
    return failure();
  FoldState *state = FoldState::active();
  // Like the other batch norm folds, it waits for the Fold run.
  if (state && state->mode == FoldState::Mode::Collect)
    return failure();
  std::optional<std::string> why = whyNotFoldableAcrossAdd(
      add, bn, state ? &state->precomputed : nullptr,
      state ? state->runtimeParameters : true,
      state ? state->cloneOnMultiUse : false);
  if (!why)
    return success();
  if (state)
    state->recordAcrossAddRefusal(add, bn, *why);
  return rewriter.notifyMatchFailure(bn, *why);
}

/// Why the fold about to go into `layer` makes a copy of it: its result
/// (or that of the reshape / batch_to_space that is its one user) has
/// other users than the fold's chain, which keep the original. Empty when
/// the fold replaces the layer.
static std::string whyCopied(ChannelLayerOpInterface layer) {
  auto others = [](Operation *op) {
    size_t users = std::distance(op->getUses().begin(), op->getUses().end());
    return llvm::formatv("{0} other user{1}", users - 1, users == 2 ? "" : "s")
        .str();
  };
  Value result = layer->getResult(0);
  if (!result.hasOneUse())
    return "its result has " + others(layer);
  Operation *between = *result.user_begin();
  if (isa<ReshapeOp, BatchToSpaceOp>(between) &&
      !between->getResult(0).hasOneUse())
    return ("the result of '" + between->getName().getStringRef() + "' has " +
            others(between))
        .str();
  return "";
}

/// Clones `layer` at the rewriter's insertion point with new weights and
/// bias (a null `bias` keeps the layer's, or none). All layer ops have
/// operands (input, weights, [bias]).
static Operation *cloneWithWeightsAndBias(PatternRewriter &rewriter,
                                          ChannelLayerOpInterface layer,
                                          Value weights, Value bias,
                                          Location loc) {
  Operation *clone = rewriter.clone(*layer);
  clone->setLoc(loc);
  clone->setOperand(1, weights);
  if (bias && clone->getNumOperands() == 3)
    clone->setOperand(2, bias);
  else if (bias)
    clone->insertOperands(2, bias);
  if (FoldState *state = FoldState::active())
    state->noteCopy(clone, layer, whyCopied(layer));
  return clone;
}

/// The folded weights the pass computed ahead of time for this fold, if
/// any: what BNFoldWeightsOp::fold would compute for the same operands.
static ElementsAttr precomputedWeights(ChannelLayerOpInterface layer,
                                       BatchNormOp bn) {
  FoldState *state = FoldState::active();
  Attribute weights, variance, scale;
  if (!state || state->precomputed.empty() ||
      !matchPattern(layer.getWeights(), m_Constant(&weights)) ||
      !matchPattern(bn.getVariance(), m_Constant(&variance)) ||
      (bn.getScale() && !matchPattern(bn.getScale(), m_Constant(&scale))))
    return {};
  std::optional<std::vector<double>> multiplier = readBatchNormMultiplier(
      variance, bn.getScale() ? std::optional<Attribute>(scale) : std::nullopt,
      bn.getEpsilon().convertToDouble());
  if (!multiplier)
    return {};
  return state->precomputed.lookupScaledWeights(weights, *multiplier,
                                                layer.getOutputChannelMap());
}

/// The fold_to_resource attribute of the nn.bn_fold_weights ops a fold
/// creates: set when the pass stores folded weights as blobs.
static UnitAttr foldToResourceAttr(Builder &builder) {
  FoldState *state = FoldState::active();
  return state && state->weightStorage == FoldedWeightStorage::Resource
             ? builder.getUnitAttr()
             : UnitAttr();
}

/// nn.bn_fold_weights of `layer`'s weights: scaled per output channel by
/// scale / sqrt(variance + epsilon).
static Value scaledWeights(PatternRewriter &rewriter, Location loc,
                           ChannelLayerOpInterface layer, Value variance,
                           Value scale, FloatAttr epsilon) {
  Value weights = layer.getWeights();
  WeightChannelMap map = layer.getOutputChannelMap();
  return BNFoldWeightsOp::create(
      rewriter, loc, weights.getType(), weights, variance, scale,
      rewriter.getDenseI64ArrayAttr(map.dims), epsilon,
      map.groupDim ? rewriter.getI64IntegerAttr(*map.groupDim)
                   : IntegerAttr(),
      rewriter.getI64IntegerAttr(map.groups), foldToResourceAttr(rewriter));
}

/// `layer`'s weights scaled by bn's scale / sqrt(variance + epsilon) per
/// output channel: nn.bn_fold_weights, or the constant precomputed for it.
static Value batchNormScaledWeights(PatternRewriter &rewriter, Location loc,
                                    ChannelLayerOpInterface layer,
                                    BatchNormOp bn) {
  if (ElementsAttr precomputed = precomputedWeights(layer, bn))
    return arith::ConstantOp::create(rewriter, loc,
                                     layer.getWeights().getType(), precomputed);
  return scaledWeights(rewriter, loc, layer, bn.getVariance(), bn.getScale(),
                       bn.getEpsilonAttr());
}

/// `layer` with bn's scale folded into its weights (nn.bn_fold_weights, or
/// the constant precomputed for it) and bn's shift into its bias
/// (nn.bn_fold_bias).
static Operation *foldBatchNorm(PatternRewriter &rewriter,
                                ChannelLayerOpInterface layer,
                                BatchNormOp bn) {
  Location loc = rewriter.getFusedLoc({layer->getLoc(), bn.getLoc()});
  Value foldedWeights = batchNormScaledWeights(rewriter, loc, layer, bn);
  Value foldedBias = BNFoldBiasOp::create(
      rewriter, loc, bn.getMean().getType(), bn.getMean(), bn.getVariance(),
      layer.getBiasOrNull(), bn.getScale(), bn.getOffset(),
      bn.getEpsilonAttr());
  return cloneWithWeightsAndBias(rewriter, layer, foldedWeights, foldedBias,
                                 loc);
}

/// `layer`'s bias (if any) scaled by scale / sqrt(variance + epsilon):
/// nn.bn_fold_bias with mean 0 and no offset; null without a bias. The
/// layer's channel count must be static.
static Value scaledBias(PatternRewriter &rewriter, Location loc,
                        ChannelLayerOpInterface layer, Value variance,
                        Value scale, FloatAttr epsilon) {
  Value bias = layer.getBiasOrNull();
  if (!bias)
    return {};
  auto layerType = cast<RankedTensorType>(layer->getResult(0).getType());
  auto vectorType =
      RankedTensorType::get({layerType.getDimSize(layer.getResultFeatureDim())},
                            layerType.getElementType());
  Value zeros = arith::ConstantOp::create(
      rewriter, loc,
      DenseElementsAttr::get(
          vectorType, rewriter.getFloatAttr(vectorType.getElementType(), 0.0)));
  return BNFoldBiasOp::create(rewriter, loc, vectorType, zeros, variance, bias,
                              scale, /*offset=*/Value(), epsilon);
}

/// `layer` with only bn's scale folded in: weights as foldBatchNorm's, the
/// bias (if any) scaled, `bias * s`. The second operand of an add the batch
/// norm folds across.
static Operation *foldBatchNormScale(PatternRewriter &rewriter,
                                     ChannelLayerOpInterface layer,
                                     BatchNormOp bn) {
  Location loc = rewriter.getFusedLoc({layer->getLoc(), bn.getLoc()});
  Value foldedWeights = batchNormScaledWeights(rewriter, loc, layer, bn);
  Value foldedBias = scaledBias(rewriter, loc, layer, bn.getVariance(),
                                bn.getScale(), bn.getEpsilonAttr());
  return cloneWithWeightsAndBias(rewriter, layer, foldedWeights, foldedBias,
                                 loc);
}

/// `value`, the result of a layer or of the reshape / batch_to_space after
/// one, computed again by a copy of that layer with `target` (a
/// batch_norm) folded in, whole or (`withShift` false) only its scale.
/// Fails, before changing anything, unless handed such a value and op.
static FailureOr<Value> producerWithBatchNorm(PatternRewriter &rewriter,
                                              Value value, Operation *target,
                                              bool withShift) {
  auto bn = dyn_cast_or_null<BatchNormOp>(target);
  Operation *producer = value ? value.getDefiningOp() : nullptr;
  Operation *between = nullptr;
  if (isa_and_nonnull<ReshapeOp, BatchToSpaceOp>(producer)) {
    between = producer;
    producer = between->getOperand(0).getDefiningOp();
  }
  auto layer = dyn_cast_or_null<ChannelLayerOpInterface>(producer);
  if (!bn || !layer || layer->getNumResults() != 1)
    return failure();
  // The scale-only bias needs a zero per channel.
  auto layerType = cast<RankedTensorType>(layer->getResult(0).getType());
  if (layerType.isDynamicDim(layer.getResultFeatureDim()))
    return failure();
  Operation *folded = withShift ? foldBatchNorm(rewriter, layer, bn)
                                : foldBatchNormScale(rewriter, layer, bn);
  if (!between)
    return folded->getResult(0);
  IRMapping mapping;
  mapping.map(layer->getResult(0), folded->getResult(0));
  return rewriter.clone(*between, mapping)->getResult(0);
}

static FailureOr<Value> producerWithWholeBatchNorm(PatternRewriter &rewriter,
                                                   Value value,
                                                   Operation *target) {
  return producerWithBatchNorm(rewriter, value, target, /*withShift=*/true);
}

static FailureOr<Value> producerWithBatchNormScale(PatternRewriter &rewriter,
                                                   Value value,
                                                   Operation *target) {
  return producerWithBatchNorm(rewriter, value, target, /*withShift=*/false);
}

/// The step's parameter as a vector like `ones` (one value per channel):
/// reshaped when it holds one value per channel, else its one value
/// broadcast by multiplying `ones`.
static Value perChannelVector(PatternRewriter &rewriter, Location loc,
                              Value param, Value ones) {
  auto paramType = cast<RankedTensorType>(param.getType());
  auto vectorType = cast<RankedTensorType>(ones.getType());
  if (paramType.getNumElements() == vectorType.getNumElements())
    return ReshapeOp::create(rewriter, loc, vectorType, param);
  Value single = ReshapeOp::create(
      rewriter, loc,
      RankedTensorType::get({1}, paramType.getElementType()), param);
  return MulOp::create(rewriter, loc, vectorType, ones, single);
}

/// `layer` with an elementwise step folded in, written as the batch norm
/// (x - mean) * scale / sqrt(1 + 0) + offset that the step is, so that the
/// same nn.bn_fold_weights / nn.bn_fold_bias compute it: x + t has offset
/// t, x - t mean t, t - x scale -1 and offset t, x * s scale s, x / d scale
/// nn.reciprocal(d).
static Operation *foldStep(PatternRewriter &rewriter,
                           ChannelLayerOpInterface layer,
                           const ElementwiseStep &step) {
  Location loc = rewriter.getFusedLoc({layer->getLoc(), step.op->getLoc()});
  auto layerType = cast<RankedTensorType>(layer->getResult(0).getType());
  int64_t channels = layerType.getDimSize(layer.getResultFeatureDim());
  auto vectorType =
      RankedTensorType::get({channels}, layerType.getElementType());
  auto splat = [&](double value) -> Value {
    return arith::ConstantOp::create(
        rewriter, loc,
        DenseElementsAttr::get(
            vectorType,
            rewriter.getFloatAttr(layerType.getElementType(), value)));
  };
  Value zeros = splat(0.0), ones = splat(1.0);
  Value param = perChannelVector(rewriter, loc, step.param, ones);
  Value mean = zeros, scale, offset;
  switch (step.kind) {
  case ElementwiseStep::Kind::Add:
    offset = param;
    break;
  case ElementwiseStep::Kind::Sub:
    mean = param;
    break;
  case ElementwiseStep::Kind::SubtractedFrom:
    scale = splat(-1.0);
    offset = param;
    break;
  case ElementwiseStep::Kind::Mul:
    scale = param;
    break;
  case ElementwiseStep::Kind::Div:
    scale = ReciprocalOp::create(rewriter, loc, param);
    break;
  }
  FloatAttr noEpsilon = rewriter.getF64FloatAttr(0.0);
  Value weights = scale ? scaledWeights(rewriter, loc, layer, ones, scale,
                                        noEpsilon)
                        : layer.getWeights();
  Value bias = BNFoldBiasOp::create(rewriter, loc, vectorType, mean, ones,
                                    layer.getBiasOrNull(), scale, offset,
                                    noEpsilon);
  return cloneWithWeightsAndBias(rewriter, layer, weights, bias, loc);
}

/// `layer` with `target` (a batch_norm, or an elementwise step on the
/// layer's result) folded in. Fails, before changing anything, unless
/// handed a layer and such a target.
static FailureOr<Operation *> foldedLayer(PatternRewriter &rewriter,
                                          Operation *layerOp,
                                          Operation *target) {
  auto layer = dyn_cast<ChannelLayerOpInterface>(layerOp);
  if (!layer || layer->getNumResults() != 1)
    return failure();
  if (auto bn = dyn_cast_or_null<BatchNormOp>(target))
    return foldBatchNorm(rewriter, layer, bn);
  if (std::optional<ElementwiseStep> step =
          ElementwiseStep::get(target, layer->getResult(0)))
    return foldStep(rewriter, layer, *step);
  return failure();
}

/// `layer` whose bias is its own (if any) plus `extraBias`. Fails, before
/// changing anything, unless handed a layer and a bias vector of the
/// layer's element type.
static FailureOr<Operation *> layerWithAddedBias(PatternRewriter &rewriter,
                                                 Operation *layerOp,
                                                 Value extraBias) {
  auto layer = dyn_cast<ChannelLayerOpInterface>(layerOp);
  if (!layer || !extraBias)
    return failure();
  auto extraType = dyn_cast<RankedTensorType>(extraBias.getType());
  auto layerType = cast<RankedTensorType>(layer->getResult(0).getType());
  if (!extraType || extraType.getRank() != 1 ||
      extraType.getElementType() != layerType.getElementType())
    return failure();
  Location loc = layer->getLoc();
  Value bias = extraBias;
  if (Value ownBias = layer.getBiasOrNull()) {
    // nn.add needs identical types; a static and a dynamic length (e.g. a
    // bias given as tensor<?xf32> plus a bias_add's tensor<16xf32>) are
    // summed by a bias_add along dim 0, which allows them to differ.
    if (ownBias.getType() == extraType)
      bias = AddOp::create(rewriter, loc, ownBias, extraBias);
    else
      bias = BiasAddOp::create(rewriter, loc, ownBias.getType(), ownBias,
                               extraBias, /*layout=*/nullptr,
                               rewriter.getI64IntegerAttr(0));
  }
  return cloneWithWeightsAndBias(rewriter, layer, layer.getWeights(), bias,
                                 loc);
}

//===----------------------------------------------------------------------===//
// Folding forward: a batch norm into the layers that read it
//===----------------------------------------------------------------------===//

/// `bn` may fold into its users: it does not fold backward (which has
/// priority), and whyNotFoldableForward accepts it. Nothing folds forward
/// while the pass collects the backward sites.
static LogicalResult canFoldForward(PatternRewriter &rewriter,
                                    Operation *op) {
  auto bn = dyn_cast_or_null<BatchNormOp>(op);
  FoldState *state = FoldState::active();
  if (!bn || (state && state->mode == FoldState::Mode::Collect))
    return failure();
  if (canFoldBackward(bn, state ? &state->precomputed : nullptr,
                      state ? state->runtimeParameters : true,
                      state && state->cloneOnMultiUse))
    return failure();
  if (std::optional<std::string> why = whyNotFoldableForward(
          bn, state ? state->perChannelPadding : true))
    return rewriter.notifyMatchFailure(bn, *why);
  return success();
}

/// `layer` reading `input` instead of the batch norm `fold.bn`, with its
/// scale folded into the weights along the layer's input channels and its
/// shift into the bias; a padded layer with a nonzero shift reads `input`
/// padded with the values the batch norm maps to 0 instead.
static Operation *foldIntoLayer(PatternRewriter &rewriter,
                                const ForwardFold &fold,
                                ChannelLayerOpInterface layer) {
  BatchNormOp bn = fold.bn;
  Location loc = rewriter.getFusedLoc({bn.getLoc(), layer->getLoc()});
  rewriter.setInsertionPoint(layer);
  WeightChannelMap inputMap = *layer.getInputChannelMap();
  WeightChannelMap outputMap = layer.getOutputChannelMap();
  auto groupDimAttr = [&](const WeightChannelMap &map) {
    return map.groupDim ? rewriter.getI64IntegerAttr(*map.groupDim)
                        : IntegerAttr();
  };
  Value weights = layer.getWeights();
  Value foldedWeights = BNFoldWeightsOp::create(
      rewriter, loc, weights.getType(), weights, bn.getVariance(),
      bn.getScale(), rewriter.getDenseI64ArrayAttr(inputMap.dims),
      bn.getEpsilonAttr(), groupDimAttr(inputMap),
      rewriter.getI64IntegerAttr(inputMap.groups),
      foldToResourceAttr(rewriter));
  auto layerType = cast<RankedTensorType>(layer->getResult(0).getType());
  int64_t outputs = layerType.getDimSize(layer.getResultFeatureDim());
  Value foldedBias = BNFoldInputBiasOp::create(
      rewriter, loc,
      RankedTensorType::get({outputs}, layerType.getElementType()), weights,
      bn.getMean(), bn.getVariance(), layer.getBiasOrNull(), bn.getScale(),
      bn.getOffset(), bn.getEpsilonAttr(),
      rewriter.getDenseI64ArrayAttr(inputMap.dims), groupDimAttr(inputMap),
      rewriter.getI64IntegerAttr(inputMap.groups),
      rewriter.getDenseI64ArrayAttr(outputMap.dims), groupDimAttr(outputMap),
      rewriter.getI64IntegerAttr(outputMap.groups));
  Value input = bn.getInput();
  bool pad = fold.needsPad(layer);
  ArrayRef<int64_t> padding;
  if (pad) {
    auto conv = cast<ConvolutionOpInterface>(layer.getOperation());
    padding = conv.getPadding();
    auto inputType = cast<RankedTensorType>(input.getType());
    int64_t channels = static_cast<int64_t>(fold.shift.size());
    Value values = arith::ConstantOp::create(
        rewriter, loc,
        buildFloatConstant(
            RankedTensorType::get({channels}, inputType.getElementType()),
            fold.padValues()));
    SmallVector<int64_t> shape(inputType.getShape());
    for (auto [i, d] : llvm::enumerate(getSpatialDims(conv.getLayout())))
      if (!ShapedType::isDynamic(shape[d]))
        shape[d] += padding[2 * i] + padding[2 * i + 1];
    input = PadOp::create(rewriter, loc,
                          RankedTensorType::get(shape,
                                                inputType.getElementType()),
                          input, values, conv.getLayout(),
                          rewriter.getDenseI64ArrayAttr(padding));
  }
  Operation *folded = cloneWithWeightsAndBias(rewriter, layer, foldedWeights,
                                              foldedBias, loc);
  folded->setOperand(0, input);
  if (pad)
    folded->setAttr("padding", rewriter.getDenseI64ArrayAttr(
                                   SmallVector<int64_t>(padding.size(), 0)));
  return folded;
}

/// Replaces every user of `op`, a batch norm whose forward fold
/// canFoldForward accepted, by the user with the batch norm folded in.
/// Fails, before changing anything, unless handed such a batch norm.
static LogicalResult foldIntoUsers(PatternRewriter &rewriter, Operation *op) {
  std::optional<ForwardFold> fold = ForwardFold::get(op);
  if (!fold)
    return failure();
  for (ChannelLayerOpInterface layer : fold->layers)
    if (!layer.getInputChannelMap())
      return failure();
  SmallVector<OperationName, 2> names;
  for (ChannelLayerOpInterface layer : fold->layers) {
    names.push_back(layer->getName());
    rewriter.replaceOp(layer, foldIntoLayer(rewriter, *fold, layer));
  }
  if (FoldState *state = FoldState::active())
    state->noteFoldedForward(fold->bn, names);
  return success();
}

//===----------------------------------------------------------------------===//
// Across a concat
//===----------------------------------------------------------------------===//

/// `target`, a batch_norm reading `concat`, may fold into the layers behind
/// the concat's inputs (whyNotFoldableAcrossConcat). Like the other batch
/// norm folds, it waits for the Fold run.
static LogicalResult canFoldAcrossConcat(PatternRewriter &rewriter,
                                         Operation *concatOp,
                                         Operation *target) {
  auto concat = dyn_cast_or_null<ConcatOp>(concatOp);
  auto bn = dyn_cast_or_null<BatchNormOp>(target);
  if (!concat || !bn || bn.getInput() != concat.getResult())
    return failure();
  FoldState *state = FoldState::active();
  if (state && state->mode == FoldState::Mode::Collect)
    return failure();
  std::optional<std::string> why = whyNotFoldableAcrossConcat(
      concat, bn, state ? &state->precomputed : nullptr);
  if (!why)
    return success();
  return rewriter.notifyMatchFailure(bn, *why);
}

/// A new constant holding `values[offset, offset + count)` of the constant
/// `param` (null when `param` is null), in `param`'s element type.
static Value sliceOfConstant(PatternRewriter &rewriter, Location loc,
                             Value param, ArrayRef<double> values,
                             int64_t offset, int64_t count) {
  if (!param)
    return {};
  auto type = RankedTensorType::get(
      {count}, cast<ShapedType>(param.getType()).getElementType());
  return arith::ConstantOp::create(
      rewriter, loc, buildFloatConstant(type, values.slice(offset, count)));
}

/// The nn.concat of the layers behind `concat`'s inputs (each re-created
/// with the reshape or batch_to_space after it), each layer with its slice
/// of the batch_norm `target`'s channels folded in. Fails, before changing
/// anything, unless handed such a concat and batch_norm with constant
/// parameters.
static FailureOr<Operation *> foldedConcat(PatternRewriter &rewriter,
                                           Operation *concatOp,
                                           Operation *target) {
  std::optional<std::vector<FoldSite>> sites =
      getConcatFoldSites(concatOp, target);
  if (!sites)
    return failure();
  auto concat = cast<ConcatOp>(concatOp);
  auto bn = cast<BatchNormOp>(target);
  // Absent optional parameters stay absent: an empty vector.
  std::vector<double> params[4];
  Value paramValues[4] = {bn.getMean(), bn.getVariance(), bn.getScale(),
                          bn.getOffset()};
  for (auto [value, values] : llvm::zip(paramValues, params)) {
    if (!value)
      continue;
    Attribute attr;
    std::optional<std::vector<double>> read;
    if (!matchPattern(value, m_Constant(&attr)) ||
        !(read = readAsDoubles(attr)))
      return failure();
    values = std::move(*read);
  }
  int64_t total = static_cast<int64_t>(params[1].size());
  for (FoldSite site : *sites) {
    auto type = cast<RankedTensorType>(site.layer->getResult(0).getType());
    int64_t channels = type.getDimSize(site.layer.getResultFeatureDim());
    if (ShapedType::isDynamic(channels) || site.channelOffset > total ||
        channels > total - site.channelOffset)
      return failure();
  }
  for (auto [value, values] : llvm::zip(paramValues, params))
    if (value && static_cast<int64_t>(values.size()) != total)
      return failure();

  SmallVector<Value> inputs;
  for (const FoldSite &site : *sites) {
    ChannelLayerOpInterface layer = site.layer;
    Location loc = rewriter.getFusedLoc({layer->getLoc(), bn.getLoc()});
    auto type = cast<RankedTensorType>(layer->getResult(0).getType());
    int64_t channels = type.getDimSize(layer.getResultFeatureDim());
    Value slices[4];
    for (auto [value, values, slice] : llvm::zip(paramValues, params, slices))
      slice = sliceOfConstant(rewriter, loc, value, values,
                              site.channelOffset, channels);
    auto [mean, variance, scale, offset] = slices;
    Value weights = scaledWeights(rewriter, loc, layer, variance, scale,
                                  bn.getEpsilonAttr());
    Value bias =
        BNFoldBiasOp::create(rewriter, loc, mean.getType(), mean, variance,
                             layer.getBiasOrNull(), scale, offset,
                             bn.getEpsilonAttr());
    Value input =
        cloneWithWeightsAndBias(rewriter, layer, weights, bias, loc)
            ->getResult(0);
    if (site.between) {
      Operation *between = rewriter.clone(*site.between);
      between->setOperand(0, input);
      input = between->getResult(0);
    }
    inputs.push_back(input);
  }
  return ConcatOp::create(rewriter, concat.getLoc(), concat.getType(), inputs,
                          concat.getAxisAttr())
      .getOperation();
}

//===----------------------------------------------------------------------===//
// Training: nn.batch_norm_training into a corrected copy of its layer
//===----------------------------------------------------------------------===//

/// Whether `target` is an nn.batch_norm_training that reads the result of
/// `layerOp`, a layer, directly (`between` null) or through `between`, an
/// nn.reshape or nn.batch_to_space. PDL may hand any ops.
static bool isTrainingSite(Operation *layerOp, Operation *between,
                           Operation *target) {
  auto layer = dyn_cast_or_null<ChannelLayerOpInterface>(layerOp);
  auto bn = dyn_cast_or_null<BatchNormTrainingOp>(target);
  if (!layer || !bn || layer->getNumResults() != 1)
    return false;
  if (!between)
    return bn.getInput() == layer->getResult(0);
  return isa<ReshapeOp, BatchToSpaceOp>(between) &&
         between->getNumOperands() == 1 &&
         bn.getInput() == between->getResult(0) &&
         between->getOperand(0) == layer->getResult(0);
}

/// The legality of a training site (whyNotFoldableForTraining), in the
/// pass only in mode=training and in the Fold run; a refusal is recorded
/// for the report. (Used outside the pass, the patterns fold training
/// batch norms: the mode is the pass's choice.)
static LogicalResult checkTrainingSite(PatternRewriter &rewriter,
                                       Operation *layer, Operation *between,
                                       Operation *target) {
  if (!isTrainingSite(layer, between, target))
    return failure();
  FoldState *state = FoldState::active();
  if (state && state->mode == FoldState::Mode::Collect)
    return failure();
  if (state && !state->trainingMode)
    return rewriter.notifyMatchFailure(target, kBatchStatisticsReason);
  std::optional<std::string> why = whyNotFoldableForTraining(
      cast<ChannelLayerOpInterface>(layer), between,
      cast<BatchNormTrainingOp>(target),
      state ? state->runtimeParameters : true);
  if (!why)
    return success();
  if (state)
    state->recordTrainingRefusal(target, *why);
  return rewriter.notifyMatchFailure(target, *why);
}

static LogicalResult canFoldTraining(PatternRewriter &rewriter,
                                     Operation *layer, Operation *target) {
  return checkTrainingSite(rewriter, layer, /*between=*/nullptr, target);
}

static LogicalResult canFoldTrainingThrough(PatternRewriter &rewriter,
                                            Operation *layer,
                                            Operation *between,
                                            Operation *target) {
  if (!between)
    return failure();
  return checkTrainingSite(rewriter, layer, between, target);
}

/// The replacement of the training batch norm `target`'s results: its
/// normalized output becomes nn.bn_fold_correction of a copy of `layer`
/// whose weights (and bias) are scaled by scale / sigma_moving
/// (nn.bn_fold_weights: where a fake-quantization op goes), with `between`
/// re-created after the copy; the other results are those of a copy of the
/// batch norm, which keeps computing the batch statistics and the moving
/// averages from the original layer (its output then has no user). Fails,
/// before creating anything, unless handed such a site.
static FailureOr<SmallVector<Value>>
foldTrainingSite(PatternRewriter &rewriter, Operation *layerOp,
                 Operation *between, Operation *target) {
  if (!isTrainingSite(layerOp, between, target))
    return failure();
  auto layer = cast<ChannelLayerOpInterface>(layerOp);
  auto bn = cast<BatchNormTrainingOp>(target);
  // The scaled bias needs a zero per channel.
  auto layerType = cast<RankedTensorType>(layer->getResult(0).getType());
  if (layerType.isDynamicDim(layer.getResultFeatureDim()))
    return failure();
  Location loc = rewriter.getFusedLoc({layer->getLoc(), bn.getLoc()});
  auto statistics = cast<BatchNormTrainingOp>(rewriter.clone(*bn));
  Value weights = scaledWeights(rewriter, loc, layer, bn.getMovingVariance(),
                                bn.getScale(), bn.getEpsilonAttr());
  Value bias = scaledBias(rewriter, loc, layer, bn.getMovingVariance(),
                          bn.getScale(), bn.getEpsilonAttr());
  Value folded = cloneWithWeightsAndBias(rewriter, layer, weights, bias, loc)
                     ->getResult(0);
  if (between) {
    IRMapping mapping;
    mapping.map(layer->getResult(0), folded);
    folded = rewriter.clone(*between, mapping)->getResult(0);
  }
  Value corrected = BNFoldCorrectionOp::create(
      rewriter, loc, bn.getOutput().getType(), folded,
      statistics.getBatchMean(), statistics.getBatchVariance(),
      bn.getMovingMean(), bn.getMovingVariance(), bn.getScale(),
      bn.getOffset(), bn.getStep(), bn.getEpsilonAttr(),
      bn.getFreezeDelayAttr(), bn.getLayoutAttr(), bn.getAxisAttr());
  if (FoldState *state = FoldState::active())
    state->noteFoldedTraining(statistics, layer, between);
  SmallVector<Value> results{corrected};
  llvm::append_range(results, statistics->getResults().drop_front());
  return results;
}

static FailureOr<SmallVector<Value>>
foldTraining(PatternRewriter &rewriter, Operation *layer, Operation *target) {
  return foldTrainingSite(rewriter, layer, /*between=*/nullptr, target);
}

static FailureOr<SmallVector<Value>>
foldTrainingThrough(PatternRewriter &rewriter, Operation *layer,
                    Operation *between, Operation *target) {
  if (!between)
    return failure();
  return foldTrainingSite(rewriter, layer, between, target);
}

/// Why the training batch norm `bn` was left: in mode=inference always
/// the batch statistics; else the refusal recorded for it or for a
/// bias_add it reads, or why no pattern reached it.
static std::string explainTrainingRefusal(const FoldState &state,
                                          BatchNormTrainingOp bn) {
  if (!state.trainingMode)
    return kBatchStatisticsReason;
  if (std::optional<std::string> why = state.trainingRefusalOf(bn))
    return *why;
  for (Operation *op = bn.getInput().getDefiningOp();
       isa_and_nonnull<BiasAddOp, ReshapeOp, BatchToSpaceOp>(op);
       op = op->getOperand(0).getDefiningOp())
    if (std::optional<std::string> why = state.refusalOf(op))
      return *why;
  return explainUnmatchedTraining(bn);
}

#include "FoldBatchNorm.h.inc"

void bnfold::populateFoldBatchNormPatterns(RewritePatternSet &patterns) {
  MLIRContext *context = patterns.getContext();
  populateGeneratedPDLLPatterns(patterns);
  PDLPatternModule &pdl = patterns.getPDLPatterns();
  pdl.registerConstraintFunction("CanFold", canFold);
  pdl.registerConstraintFunction("CanFoldThrough", canFoldThrough);
  pdl.registerRewriteFunction("FoldedLayer", foldedLayer);
  pdl.registerRewriteFunction("LayerWithAddedBias", layerWithAddedBias);
  pdl.registerConstraintFunction("CanFoldForward", canFoldForward);
  pdl.registerRewriteFunction("FoldIntoUsers", foldIntoUsers);
  pdl.registerConstraintFunction("CanFoldAcrossConcat", canFoldAcrossConcat);
  pdl.registerRewriteFunction("FoldedConcat", foldedConcat);
  pdl.registerConstraintFunction("CanFoldAcrossAdd", canFoldAcrossAdd);
  pdl.registerRewriteFunction("ProducerWithBatchNorm",
                              producerWithWholeBatchNorm);
  pdl.registerRewriteFunction("ProducerWithBatchNormScale",
                              producerWithBatchNormScale);
  pdl.registerConstraintFunction("CanFoldTraining", canFoldTraining);
  pdl.registerConstraintFunction("CanFoldTrainingThrough",
                                 canFoldTrainingThrough);
  pdl.registerRewriteFunction("FoldTraining", foldTraining);
  pdl.registerRewriteFunction("FoldTrainingThrough", foldTrainingThrough);
  ReshapeOp::getCanonicalizationPatterns(patterns, context);
  BatchToSpaceOp::getCanonicalizationPatterns(patterns, context);
}

//===----------------------------------------------------------------------===//
// The pass
//===----------------------------------------------------------------------===//

namespace {

struct FoldBatchNormPass
    : bnfold::impl::FoldBatchNormBase<FoldBatchNormPass> {
  using FoldBatchNormBase::FoldBatchNormBase;

  LogicalResult initialize(MLIRContext *context) override {
    RewritePatternSet patterns(context);
    populateFoldBatchNormPatterns(patterns);
    frozenPatterns =
        std::make_shared<FrozenRewritePatternSet>(std::move(patterns));
    // Registered now, before the run: it then sees the records after MLIR
    // has put the diagnostics of functions folded in parallel in order.
    if (context->getRemarkEngine() && !recordForwarder)
      recordForwarder = std::make_shared<FoldRecordForwarder>(context);
    return success();
  }

  void runOnOperation() override {
    func::FuncOp func = getOperation();
    unsigned numBatchNorms = 0, numElementwise = 0;
    func.walk([&](Operation *op) {
      numBatchNorms += isa<BatchNormOp, BatchNormTrainingOp>(op);
      numElementwise += isa<AddOp, SubOp, MulOp, DivOp>(op);
    });
    FoldState state;
    state.records.print = report;
    state.records.forward = recordForwarder != nullptr;
    state.functionName = func.getSymName();
    if (numBatchNorms == 0 && numElementwise == 0 &&
        !state.records.wantsRecords())
      return;

    state.runtimeParameters = runtimeParameters;
    state.cloneOnMultiUse = cloneOnMultiUse;
    state.perChannelPadding = perChannelPadding;
    state.trainingMode = mode == FoldMode::Training;
    state.weightStorage = foldedWeights;
    FoldState::Scope scope(state);
    GreedyRewriteConfig config;
    config.setListener(&state);
    // First everything but the batch-norm folds (identities, bias_adds,
    // reshape merges), collecting the sites the patterns would fold; then
    // their weight-sized work, in parallel; then the folds. Without
    // `precompute` the same two runs happen, so that the output is the same.
    state.mode = FoldState::Mode::Collect;
    if (failed(applyPatternsGreedily(func, *frozenPatterns, config)))
      return signalNonConvergence(func);
    state.precomputeRecordedSites(precompute ? func.getContext() : nullptr);
    state.mode = FoldState::Mode::Fold;
    if (failed(applyPatternsGreedily(func, *frozenPatterns, config)))
      return signalNonConvergence(func);
    if (!state.records.wantsRecords() && !requireAll)
      return;
    unsigned numStepsLeft = 0;
    bool batchNormLeft = false;
    func.walk([&](Operation *op) {
      if (auto bn = dyn_cast<BatchNormOp>(op)) {
        std::string message =
            "not folded: " + explainRefusal(state, bn, perChannelPadding);
        state.record(bn, FoldRecordKind::NotFolded, message, !requireAll);
        if (requireAll)
          emitError(bn.getLoc()) << message << " (require-all)";
        batchNormLeft = true;
        return;
      }
      if (auto bn = dyn_cast<BatchNormTrainingOp>(op)) {
        if (state.isFoldedTraining(bn))
          return;
        std::string message =
            "not folded: " + explainTrainingRefusal(state, bn);
        state.record(bn, FoldRecordKind::NotFolded, message, !requireAll);
        if (requireAll)
          emitError(bn.getLoc()) << message << " (require-all)";
        batchNormLeft = true;
        return;
      }
      // An elementwise op is reported when a pattern refused it as a step.
      if (std::optional<std::string> why = state.refusalOf(op);
          why && isa<AddOp, SubOp, MulOp, DivOp>(op)) {
        ++numStepsLeft;
        state.record(op, FoldRecordKind::NotFolded,
                     "not folded: " + *why);
      }
    });
    state.recordSummary(func, llvm::formatv("folded {0} of {1} batch_norm ops",
                               state.numFolded, numBatchNorms));
    if (state.numStepsFolded + numStepsLeft > 0)
      state.recordSummary(func, llvm::formatv("folded {0} of {1} per-channel elementwise ops",
                                 state.numStepsFolded,
                                 state.numStepsFolded + numStepsLeft));
    if (requireAll && batchNormLeft)
      signalPassFailure();
  }

private:
  void signalNonConvergence(func::FuncOp func) {
    func.emitError("batch-norm folding did not converge");
    signalPassFailure();
  }

  /// The reason a pattern recorded for `bn` or for an op it reads through
  /// (a bias_add that could not be absorbed), else why no pattern reached
  /// it.
  /// When no layer produces it, it could only fold forward: both reasons.
  static std::string explainRefusal(const FoldState &state, BatchNormOp bn,
                                    bool perChannelPadding) {
    for (Operation *op = bn; op;
         op = op->getOperand(0).getDefiningOp()) {
      if (std::optional<std::string> why = state.refusalOf(op))
        return *why;
      if (op != bn && !isa<BiasAddOp, ReshapeOp, BatchToSpaceOp>(op))
        break;
    }
    std::string why = explainUnmatched(bn);
    if (std::optional<std::string> forward =
            whyNotFoldableForward(bn, perChannelPadding))
      why += ", and " + *forward;
    return why;
  }

  std::shared_ptr<const FrozenRewritePatternSet> frozenPatterns;
  /// Set when the context has a remark engine; shared by the pass's copies.
  std::shared_ptr<FoldRecordForwarder> recordForwarder;
};

} // namespace
