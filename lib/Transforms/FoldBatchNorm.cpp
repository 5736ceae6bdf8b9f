//===- FoldBatchNorm.cpp - the --fold-batchnorm pass ----------------------===//
//
// Runs the PDLL patterns of FoldBatchNorm.pdll together with the nn
// canonicalizations, then reports what happened to every batch_norm.
//
//===----------------------------------------------------------------------===//

#include "bnfold/Dialect/NN/IR/BatchNormMath.h"
#include "bnfold/Dialect/NN/IR/NNOps.h"
#include "bnfold/Transforms/FoldBatchNorm.h"
#include "bnfold/Transforms/FoldBatchNormAnalysis.h"
#include "bnfold/Transforms/Passes.h"

#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/IR/Threading.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Rewrite/FrozenRewritePatternSet.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "llvm/Support/FormatVariadic.h"

namespace bnfold {
#define GEN_PASS_DEF_FOLDBATCHNORM
#include "bnfold/Transforms/Passes.h.inc"
} // namespace bnfold

using namespace mlir;
using namespace bnfold;
using namespace bnfold::nn;

//===----------------------------------------------------------------------===//
// Native constraints and rewrites called from FoldBatchNorm.pdll
//
// PDL may evaluate a native constraint before the op-type predicates written
// beside it (it merges and reorders the predicates of all patterns), and
// nothing checks the kinds of the ops a native function is handed. So every
// function here accepts any op: one of an unexpected kind is a refused match,
// never a cast. test/Unit/NativeFunctionsTest.cpp calls each of them with
// every kind of op.
//===----------------------------------------------------------------------===//

static LogicalResult isChannelLayer(PatternRewriter &, Operation *op) {
  return success(isa<ChannelLayerOpInterface>(op));
}

static LogicalResult canFoldInto(PatternRewriter &, Operation *layerOp,
                                 Operation *bnOp) {
  auto layer = dyn_cast<ChannelLayerOpInterface>(layerOp);
  auto bn = dyn_cast<BatchNormOp>(bnOp);
  return success(layer && bn &&
                 !whyNotFoldable(layer, /*between=*/nullptr, bn));
}

static LogicalResult canFoldThrough(PatternRewriter &, Operation *layerOp,
                                    Operation *between, Operation *bnOp) {
  auto layer = dyn_cast<ChannelLayerOpInterface>(layerOp);
  auto bn = dyn_cast<BatchNormOp>(bnOp);
  return success(layer && bn && isa<ReshapeOp, BatchToSpaceOp>(between) &&
                 !whyNotFoldable(layer, between, bn));
}

static LogicalResult canAbsorbBiasAdd(PatternRewriter &, Operation *layerOp,
                                      Operation *biasAddOp) {
  auto layer = dyn_cast<ChannelLayerOpInterface>(layerOp);
  auto biasAdd = dyn_cast<BiasAddOp>(biasAddOp);
  return success(layer && biasAdd &&
                 !whyBiasAddNotAbsorbable(layer, /*between=*/nullptr,
                                          biasAdd));
}

static LogicalResult canAbsorbBiasAddThrough(PatternRewriter &,
                                             Operation *layerOp,
                                             Operation *between,
                                             Operation *biasAddOp) {
  auto layer = dyn_cast<ChannelLayerOpInterface>(layerOp);
  auto biasAdd = dyn_cast<BiasAddOp>(biasAddOp);
  return success(layer && biasAdd &&
                 isa<ReshapeOp, BatchToSpaceOp>(between) &&
                 !whyBiasAddNotAbsorbable(layer, between, biasAdd));
}

/// Clones `layer` at the rewriter's insertion point with new weights and bias.
/// All three layer ops have operands (input, weights, [bias]).
static Operation *cloneWithWeightsAndBias(PatternRewriter &rewriter,
                                          ChannelLayerOpInterface layer,
                                          Value weights, Value bias,
                                          Location loc) {
  Operation *clone = rewriter.clone(*layer);
  clone->setLoc(loc);
  clone->setOperand(1, weights);
  if (clone->getNumOperands() == 3)
    clone->setOperand(2, bias);
  else
    clone->insertOperands(2, bias);
  return clone;
}

/// Fails (before changing anything) unless handed a layer and a batch_norm.
static FailureOr<Operation *> foldedLayer(PatternRewriter &rewriter,
                                          Operation *layerOp,
                                          Operation *bnOp) {
  auto layer = dyn_cast<ChannelLayerOpInterface>(layerOp);
  auto bn = dyn_cast<BatchNormOp>(bnOp);
  if (!layer || !bn)
    return failure();
  Location loc = rewriter.getFusedLoc({layer->getLoc(), bn.getLoc()});
  Value weights = layer.getWeights();
  Value foldedWeights = BNFoldWeightsOp::create(
      rewriter, loc, weights.getType(), weights, bn.getVariance(),
      bn.getScale(), rewriter.getDenseI64ArrayAttr(layer.getWeightChannelDims()),
      bn.getEpsilonAttr());
  Value foldedBias = BNFoldBiasOp::create(
      rewriter, loc, bn.getMean().getType(), bn.getMean(), bn.getVariance(),
      layer.getBiasOrNull(), bn.getScale(), bn.getOffset(),
      bn.getEpsilonAttr());
  return cloneWithWeightsAndBias(rewriter, layer, foldedWeights, foldedBias,
                                 loc);
}

/// Fails (before changing anything) unless handed a layer and a bias vector
/// of the layer's element type.
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

#include "FoldBatchNorm.h.inc"

void bnfold::populateFoldBatchNormPatterns(RewritePatternSet &patterns) {
  MLIRContext *context = patterns.getContext();
  populateGeneratedPDLLPatterns(patterns);
  PDLPatternModule &pdl = patterns.getPDLPatterns();
  pdl.registerConstraintFunction("IsChannelLayer", isChannelLayer);
  pdl.registerConstraintFunction("CanFoldInto", canFoldInto);
  pdl.registerConstraintFunction("CanFoldThrough", canFoldThrough);
  pdl.registerConstraintFunction("CanAbsorbBiasAdd", canAbsorbBiasAdd);
  pdl.registerConstraintFunction("CanAbsorbBiasAddThrough",
                                 canAbsorbBiasAddThrough);
  pdl.registerRewriteFunction("FoldedLayer", foldedLayer);
  pdl.registerRewriteFunction("LayerWithAddedBias", layerWithAddedBias);
  ReshapeOp::getCanonicalizationPatterns(patterns, context);
  BatchToSpaceOp::getCanonicalizationPatterns(patterns, context);
}

//===----------------------------------------------------------------------===//
// The pass
//===----------------------------------------------------------------------===//

/// Fills `scaling` for the layers of `func` that a batch_norm reads directly
/// or through a reshape / batch_to_space (what the patterns fold), in
/// parallel over the layers: the range check, and the scaled weights if the
/// layer will fold (whyNotFoldable, which finds the range check stored).
/// Layers whose weights or parameters are not constants are left to the
/// patterns.
static void precomputeScaling(func::FuncOp func, PrecomputedScaling &scaling) {
  struct Candidate {
    ChannelLayerOpInterface layer;
    Operation *between;
    BatchNormOp bn;
  };
  // One candidate per entry: the first batch_norm with that computation.
  SmallVector<Candidate> candidates;
  func.walk([&](BatchNormOp bn) {
    Operation *producer = bn.getInput().getDefiningOp();
    Operation *between = nullptr;
    if (isa_and_nonnull<ReshapeOp, BatchToSpaceOp>(producer)) {
      between = producer;
      producer = producer->getOperand(0).getDefiningOp();
    }
    // As the patterns: only a matmul folds through a reshape
    // (FoldThroughReshape); a result no pattern would use would stay in the
    // context for the whole run.
    if (isa_and_nonnull<ReshapeOp>(between) &&
        !isa_and_nonnull<MatmulOp>(producer))
      return;
    auto layer = dyn_cast_or_null<ChannelLayerOpInterface>(producer);
    Attribute weights, variance, scale;
    if (!layer || !matchPattern(layer.getWeights(), m_Constant(&weights)) ||
        !matchPattern(bn.getVariance(), m_Constant(&variance)))
      return;
    if (bn.getScale())
      matchPattern(bn.getScale(), m_Constant(&scale)); // null if not constant
    std::optional<std::vector<double>> multiplier = readBatchNormMultiplier(
        variance,
        bn.getScale() ? std::optional<Attribute>(scale) : std::nullopt,
        bn.getEpsilon().convertToDouble());
    if (!multiplier)
      return;
    size_t index = scaling.add(weights, std::move(*multiplier),
                               layer.getWeightChannelDims());
    if (index == candidates.size())
      candidates.push_back({layer, between, bn});
  });

  // One task per layer: the range check, then (in whyNotFoldable) its stored
  // result, then the scaling, while the layer's weights are still in cache.
  // A task reads and writes only its own entry's results.
  parallelFor(func.getContext(), 0, scaling.size(), [&](size_t index) {
    scaling.computeRangeProblem(index);
    PrecomputedScaling::Scope scope(scaling);
    const Candidate &candidate = candidates[index];
    if (!whyNotFoldable(candidate.layer, candidate.between, candidate.bn))
      scaling.computeScaledWeights(index);
  });
}

namespace {

/// Sees each batch_norm as it is replaced and remembers what it was folded
/// into, so the report can say so.
struct FoldRecorder : RewriterBase::Listener {
  bool report = false;
  unsigned numFolded = 0;
  /// Folded batch norms, until the driver erases them.
  llvm::SmallPtrSet<Operation *, 8> replaced;

  /// The driver also erases ops whose results are unused; a batch norm that
  /// goes that way is neither folded nor refused, and says so.
  void notifyOperationErased(Operation *op) override {
    if (!isa<BatchNormOp>(op) || replaced.erase(op) || !report)
      return;
    emitRemark(op->getLoc()) << "removed: its result is unused";
  }

  void notifyOperationReplaced(Operation *op, ValueRange values) override {
    if (!isa<BatchNormOp>(op) || values.size() != 1)
      return;
    replaced.insert(op);
    ++numFolded;
    if (!report)
      return;
    Operation *replacement = values.front().getDefiningOp();
    std::string through;
    if (isa_and_nonnull<ReshapeOp, BatchToSpaceOp>(replacement)) {
      through = (" through '" + replacement->getName().getStringRef() + "'")
                    .str();
      replacement = replacement->getOperand(0).getDefiningOp();
    }
    emitRemark(op->getLoc()) << "folded into '"
                     << (replacement ? replacement->getName().getStringRef()
                                     : StringRef("<unknown>"))
                     << "'" << through;
  }
};

struct FoldBatchNormPass
    : bnfold::impl::FoldBatchNormBase<FoldBatchNormPass> {
  using FoldBatchNormBase::FoldBatchNormBase;

  LogicalResult initialize(MLIRContext *context) override {
    RewritePatternSet patterns(context);
    populateFoldBatchNormPatterns(patterns);
    frozenPatterns =
        std::make_shared<FrozenRewritePatternSet>(std::move(patterns));
    return success();
  }

  void runOnOperation() override {
    func::FuncOp func = getOperation();
    unsigned numBatchNorms = 0;
    func.walk([&](BatchNormOp) { ++numBatchNorms; });
    if (numBatchNorms == 0 && !report)
      return;

    PrecomputedScaling scaling;
    precomputeScaling(func, scaling);
    PrecomputedScaling::Scope scope(scaling);

    FoldRecorder recorder;
    recorder.report = report;
    GreedyRewriteConfig config;
    config.setListener(&recorder);
    if (failed(applyPatternsGreedily(func, *frozenPatterns, config))) {
      func.emitError("batch-norm folding did not converge");
      return signalPassFailure();
    }
    if (!report)
      return;
    func.walk([&](BatchNormOp bn) {
      emitRemark(bn.getLoc()) << "not folded: " << explainNotFolded(bn);
    });
    emitRemark(func.getLoc()) << llvm::formatv("folded {0} of {1} batch_norm ops",
                                       recorder.numFolded, numBatchNorms);
  }

private:
  std::shared_ptr<const FrozenRewritePatternSet> frozenPatterns;
};

} // namespace
