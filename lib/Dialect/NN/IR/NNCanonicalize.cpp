//===- NNCanonicalize.cpp - nn canonicalization patterns ------------------===//
//
// Cheap, always-profitable local rewrites. Removing identities, no-op
// reshapes, zero bias_adds and cancelling space_to_batch/batch_to_space pairs
// are folders (NNFolds.cpp); what needs new ops lives here.
//
//===----------------------------------------------------------------------===//

#include "bnfold/Dialect/NN/IR/NNOps.h"

#include "mlir/IR/PatternMatch.h"

using namespace mlir;
using namespace bnfold::nn;

namespace {

/// reshape(reshape(x)) -> reshape(x): only the final shape matters.
struct MergeReshapes : OpRewritePattern<ReshapeOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(ReshapeOp op,
                                PatternRewriter &rewriter) const override {
    auto inner = op.getInput().getDefiningOp<ReshapeOp>();
    if (!inner)
      return failure();
    rewriter.modifyOpInPlace(
        op, [&] { op.getInputMutable().assign(inner.getInput()); });
    return success();
  }
};

/// TensorFlow's atrous convolution,
///   batch_to_space(conv(space_to_batch(x, block, pads)), block, crops)
/// with a stride-1, undilated, unpadded conv, is exactly one convolution of x
/// with dilation = block and padding = pads - crops (when crops <= pads):
/// output position i reads padded[i + crop + block * k], i.e. x at
/// i + (crop - pad) + block * k.
template <typename ConvOp>
struct AtrousToDilatedConv : OpRewritePattern<BatchToSpaceOp> {
  using OpRewritePattern<BatchToSpaceOp>::OpRewritePattern;
  LogicalResult matchAndRewrite(BatchToSpaceOp op,
                                PatternRewriter &rewriter) const override {
    auto conv = op.getInput().getDefiningOp<ConvOp>();
    if (!conv || !conv->hasOneUse() || conv.getLayout() != op.getLayout())
      return failure();
    auto spaceToBatch = conv.getInput().template getDefiningOp<SpaceToBatchOp>();
    if (!spaceToBatch || !spaceToBatch->hasOneUse() ||
        spaceToBatch.getLayout() != op.getLayout() ||
        spaceToBatch.getBlockShape() != op.getBlockShape())
      return failure();
    auto isAll = [](ArrayRef<int64_t> values, int64_t v) {
      return llvm::all_of(values, [&](int64_t x) { return x == v; });
    };
    if (!isAll(conv.getStrides(), 1) || !isAll(conv.getDilations(), 1) ||
        !isAll(conv.getPadding(), 0))
      return failure();
    SmallVector<int64_t, 4> padding;
    for (auto [pad, crop] :
         llvm::zip_equal(spaceToBatch.getPaddings(), op.getCrops())) {
      if (crop > pad)
        return failure();
      padding.push_back(pad - crop);
    }
    auto dilated = cast<ConvOp>(rewriter.clone(*conv));
    rewriter.modifyOpInPlace(dilated, [&] {
      dilated.getInputMutable().assign(spaceToBatch.getInput());
      dilated.setDilations(op.getBlockShape());
      dilated.setPadding(padding);
      dilated.getResult().setType(op.getType());
    });
    rewriter.replaceOp(op, dilated.getResult());
    return success();
  }
};

} // namespace

void ReshapeOp::getCanonicalizationPatterns(RewritePatternSet &results,
                                            MLIRContext *context) {
  results.add<MergeReshapes>(context);
}

void BatchToSpaceOp::getCanonicalizationPatterns(RewritePatternSet &results,
                                                 MLIRContext *context) {
  results.add<AtrousToDilatedConv<Conv2DOp>,
              AtrousToDilatedConv<DepthwiseConv2DOp>>(context);
}
