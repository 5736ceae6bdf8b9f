//===- NNToONNX.cpp - Lower nn ops to nn.onnx_op nodes --------------------===//
//
// The inverse of ONNXToNN.cpp, for export: one pattern per nn op, writing the
// ONNX node(s) that compute the same, named so that the exporter gives the
// nodes and values the names an import recorded. Constants a node needs (a
// Reshape's target shape, a batch norm's absent scale) are new
// arith.constant ops right before it, named after the node.
//
//===----------------------------------------------------------------------===//

#include "ONNXPatterns.h"
#include "bnfold/Conversion/ONNX/ONNXConversion.h"
#include "bnfold/Conversion/Passes.h"

#include "bnfold/Dialect/NN/IR/NNDialect.h"
#include "bnfold/Dialect/NN/IR/NNOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Diagnostics.h"

namespace bnfold {
#define GEN_PASS_DEF_CONVERTNNTOONNX
#include "bnfold/Conversion/Passes.h.inc"
} // namespace bnfold

using namespace mlir;
using namespace bnfold;
using namespace bnfold::nn;
using namespace bnfold::onnx_conversion;

namespace {

/// A node of the default ONNX domain.
OnnxOp createNode(PatternRewriter &rewriter, Location loc, StringRef opType,
                  TypeRange results, ValueRange inputs,
                  ArrayRef<NamedAttribute> attributes = {}) {
  return OnnxOp::create(
      rewriter, loc, results, inputs, rewriter.getStringAttr(opType),
      StringAttr(),
      attributes.empty() ? DictionaryAttr()
                         : rewriter.getDictionaryAttr(attributes),
      DenseI64ArrayAttr(), DenseI64ArrayAttr());
}

/// The location of a node or constant made for the node `base` of `op`:
/// `<node name><suffix>`, or `<fallback><suffix>` when `op` has no name.
Location derivedLoc(Operation *op, StringRef fallback, StringRef suffix) {
  std::string base = getONNXNodeName(op->getLoc());
  if (base.empty())
    base = fallback.str();
  return NameLoc::get(StringAttr::get(op->getContext(), base + suffix));
}

/// Names a constant the fold computed for a layer after the layer and the
/// parameter it is (`<layer>_folded_weight`, `<layer>_folded_bias`): its
/// location fuses the layer's and the batch norm's, so the layer's name
/// alone would name it.
void nameFoldedParameter(PatternRewriter &rewriter, Value parameter,
                         StringRef role) {
  auto constant =
      parameter ? parameter.getDefiningOp<arith::ConstantOp>() : nullptr;
  if (!constant || !isa<FusedLoc>(constant.getLoc()))
    return;
  std::string layer = getONNXNodeName(constant.getLoc());
  if (layer.empty())
    return;
  rewriter.modifyOpInPlace(constant, [&] {
    constant->setLoc(NameLoc::get(
        rewriter.getStringAttr(layer + "_folded_" + role), constant.getLoc()));
  });
}

/// A channels-first convolution of any kind and rank -> Conv (regular and
/// depthwise; a depthwise convolution has one group per input channel) or
/// ConvTranspose, with explicit pads; `output_padding` when not all 0, never
/// `output_shape`.
struct LowerConvolution : OpInterfaceRewritePattern<ConvolutionOpInterface> {
  using OpInterfaceRewritePattern::OpInterfaceRewritePattern;
  LogicalResult matchAndRewrite(ConvolutionOpInterface conv,
                                PatternRewriter &rewriter) const override {
    bool transposed = conv.getConvKind() == ConvKind::Transposed;
    StringRef opType = transposed ? "ConvTranspose" : "Conv";
    Layout layout = conv.getLayout();
    if (isChannelsLast(layout))
      return rewriter.notifyMatchFailure(conv, [&](Diagnostic &diag) {
        diag << "cannot export '" << conv->getName() << "' in the "
             << stringifyLayout(layout) << " layout to ONNX (ONNX " << opType
             << " is "
             << stringifyLayout(getLayout(conv.getNumSpatialDims(),
                                          /*channelsLast=*/false))
                    .upper()
             << ")";
      });
    int64_t group = conv.getGroups();
    if (conv.getConvKind() == ConvKind::Depthwise) {
      group = conv.getInput().getType().getDimSize(1);
      if (ShapedType::isDynamic(group))
        return rewriter.notifyMatchFailure(
            conv, "cannot export a depthwise convolution with a dynamic "
                  "channel count to ONNX");
    }
    nameFoldedParameter(rewriter, conv.getFilter(), "weight");
    nameFoldedParameter(rewriter, conv.getBias(), "bias");
    SmallVector<Value> inputs = {conv.getInput(), conv.getFilter()};
    if (conv.getBias())
      inputs.push_back(conv.getBias());
    SmallVector<NamedAttribute> attributes = {
        rewriter.getNamedAttr(
            "dilations", rewriter.getDenseI64ArrayAttr(conv.getDilations())),
        rewriter.getNamedAttr("group", rewriter.getI64IntegerAttr(group)),
        rewriter.getNamedAttr(
            "kernel_shape",
            rewriter.getDenseI64ArrayAttr(
                conv.getFilter().getType().getShape().drop_front(2))),
        rewriter.getNamedAttr("pads",
                              rewriter.getDenseI64ArrayAttr(
                                  onnxPadsFromNNPadding(conv.getPadding()))),
        rewriter.getNamedAttr(
            "strides", rewriter.getDenseI64ArrayAttr(conv.getStrides()))};
    ArrayRef<int64_t> outputPadding = conv.getOutputPadding();
    if (llvm::any_of(outputPadding, [](int64_t p) { return p != 0; }))
      attributes.push_back(rewriter.getNamedAttr(
          "output_padding", rewriter.getDenseI64ArrayAttr(outputPadding)));
    OnnxOp node = createNode(rewriter, conv->getLoc(), opType,
                             conv->getResultTypes(), inputs, attributes);
    rewriter.replaceOp(conv, node);
    return success();
  }
};

/// nn.matmul -> Gemm for a 2-D lhs; MatMul (after a Transpose of a
/// transposed rhs, and followed by an Add of the bias) for a batched one.
struct LowerMatmul : OpRewritePattern<MatmulOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(MatmulOp op,
                                PatternRewriter &rewriter) const override {
    Value lhs = op.getLhs(), rhs = op.getRhs(), bias = op.getBias();
    nameFoldedParameter(rewriter, rhs, "weight");
    nameFoldedParameter(rewriter, bias, "bias");
    if (cast<ShapedType>(lhs.getType()).getRank() == 2) {
      SmallVector<Value> inputs = {lhs, rhs};
      if (bias)
        inputs.push_back(bias);
      SmallVector<NamedAttribute> attributes;
      if (op.getTransposeLhs())
        attributes.push_back(
            rewriter.getNamedAttr("transA", rewriter.getI64IntegerAttr(1)));
      if (op.getTransposeRhs())
        attributes.push_back(
            rewriter.getNamedAttr("transB", rewriter.getI64IntegerAttr(1)));
      rewriter.replaceOp(op, createNode(rewriter, op.getLoc(), "Gemm",
                                        op->getResultTypes(), inputs,
                                        attributes));
      return success();
    }
    if (op.getTransposeLhs())
      return rewriter.notifyMatchFailure(
          op, "cannot export a batched 'nn.matmul' with transpose_lhs to "
              "ONNX");
    if (op.getTransposeRhs()) {
      auto rhsType = cast<RankedTensorType>(rhs.getType());
      auto transposed = RankedTensorType::get(
          {rhsType.getDimSize(1), rhsType.getDimSize(0)},
          rhsType.getElementType());
      rhs = createNode(rewriter, derivedLoc(op, "MatMul", "_transpose_rhs"),
                       "Transpose", transposed, rhs,
                       {rewriter.getNamedAttr(
                           "perm", rewriter.getDenseI64ArrayAttr({1, 0}))})
                .getResult(0);
    }
    Value product = createNode(rewriter, op.getLoc(), "MatMul",
                               op->getResultTypes(), {lhs, rhs})
                        .getResult(0);
    if (bias)
      product = createNode(rewriter, derivedLoc(op, "MatMul", "_bias"), "Add",
                           op->getResultTypes(), {product, bias})
                    .getResult(0);
    rewriter.replaceOp(op, product);
    return success();
  }
};

/// nn.batch_norm over dim 1 -> BatchNormalization; an absent scale or
/// offset is a constant of ones or zeros.
struct LowerBatchNorm : OpRewritePattern<BatchNormOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(BatchNormOp bn,
                                PatternRewriter &rewriter) const override {
    if (bn.getFeatureDim() != 1)
      return rewriter.notifyMatchFailure(bn, [&](Diagnostic &diag) {
        diag << "cannot export a batch_norm over dim " << bn.getFeatureDim()
             << " to ONNX (BatchNormalization normalizes dim 1)";
      });
    auto vector = cast<RankedTensorType>(bn.getMean().getType());
    Value scale = bn.getScale(), offset = bn.getOffset();
    if ((!scale || !offset) && vector.isDynamicDim(0))
      return rewriter.notifyMatchFailure(
          bn, "cannot export a batch_norm without scale or offset and a "
              "dynamic channel count");
    auto filled = [&](double value, StringRef suffix) -> Value {
      auto attr = DenseElementsAttr::get(
          vector, FloatAttr::get(vector.getElementType(), value));
      return arith::ConstantOp::create(rewriter, derivedLoc(bn, "", suffix),
                                       cast<TypedAttr>(attr));
    };
    if (!scale)
      scale = filled(1.0, "_scale");
    if (!offset)
      offset = filled(0.0, "_offset");
    float epsilon = static_cast<float>(bn.getEpsilon().convertToDouble());
    rewriter.replaceOp(
        bn, createNode(rewriter, bn.getLoc(), "BatchNormalization",
                       bn->getResultTypes(),
                       {bn.getInput(), scale, offset, bn.getMean(),
                        bn.getVariance()},
                       {rewriter.getNamedAttr(
                           "epsilon", rewriter.getF32FloatAttr(epsilon))}));
    return success();
  }
};

/// nn.reshape -> Reshape to a constant shape (-1 for the dynamic dim).
struct LowerReshape : OpRewritePattern<ReshapeOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(ReshapeOp op,
                                PatternRewriter &rewriter) const override {
    auto type = cast<RankedTensorType>(op.getType());
    SmallVector<int64_t> shape;
    for (int64_t d : type.getShape())
      shape.push_back(ShapedType::isDynamic(d) ? -1 : d);
    if (llvm::is_contained(shape, 0))
      return rewriter.notifyMatchFailure(
          op, "cannot export a reshape to a shape with a zero dimension to "
              "ONNX");
    auto shapeType = RankedTensorType::get(
        {static_cast<int64_t>(shape.size())}, rewriter.getI64Type());
    Value target = arith::ConstantOp::create(
        rewriter, derivedLoc(op, "reshape", "_shape"),
        cast<TypedAttr>(DenseElementsAttr::get(shapeType,
                                               ArrayRef<int64_t>(shape))));
    rewriter.replaceOp(op, createNode(rewriter, op.getLoc(), "Reshape",
                                      op->getResultTypes(),
                                      {op.getInput(), target}));
    return success();
  }
};

/// nn.concat -> Concat along the same axis.
struct LowerConcat : OpRewritePattern<ConcatOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(ConcatOp op,
                                PatternRewriter &rewriter) const override {
    rewriter.replaceOp(
        op, createNode(rewriter, op.getLoc(), "Concat", op->getResultTypes(),
                       op.getInputs(),
                       {rewriter.getNamedAttr("axis", op.getAxisAttr())}));
    return success();
  }
};

/// An nn op that is one ONNX node with the same operands.
template <typename NNOp>
struct LowerToNode : OpRewritePattern<NNOp> {
  LowerToNode(MLIRContext *context, StringRef opType)
      : OpRewritePattern<NNOp>(context), opType(opType) {}
  LogicalResult matchAndRewrite(NNOp op,
                                PatternRewriter &rewriter) const override {
    rewriter.replaceOp(op, createNode(rewriter, op.getLoc(), opType,
                                      op->getResultTypes(),
                                      op->getOperands()));
    return success();
  }
  StringRef opType;
};

/// nn.rsqrt -> Sqrt then Reciprocal, its definition (two roundings); the
/// Sqrt is named after the op with `_sqrt`.
struct LowerRsqrt : OpRewritePattern<RsqrtOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(RsqrtOp op,
                                PatternRewriter &rewriter) const override {
    Value sqrt = createNode(rewriter, derivedLoc(op, "rsqrt", "_sqrt"), "Sqrt",
                            op->getResultTypes(), op->getOperands())
                     .getResult(0);
    rewriter.replaceOp(op, createNode(rewriter, op.getLoc(), "Reciprocal",
                                      op->getResultTypes(), sqrt));
    return success();
  }
};

/// Why an nn op that no pattern lowered has no ONNX form, when no pattern
/// said.
std::string explainNoONNXForm(Operation *op) {
  std::string name = op->getName().getStringRef().str();
  if (isa<BNFoldWeightsOp, BNFoldBiasOp, BNFoldInputBiasOp>(op))
    return "cannot export '" + name +
           "' to ONNX: it computes folded parameters at run time "
           "(--fold-batchnorm=runtime-parameters=false leaves such batch "
           "norms instead)";
  if (isa<PadOp>(op))
    return "cannot export '" + name +
           "' to ONNX: ONNX Pad pads with one value, and 'nn.pad' pads each "
           "channel with its own (--fold-batchnorm=per-channel-padding=false "
           "leaves the batch norms that would need it)";
  return "cannot export '" + name +
         "' to ONNX (the ops ONNX export supports are listed in "
         "docs/onnx.md)";
}

struct ConvertNNToONNXPass
    : public bnfold::impl::ConvertNNToONNXBase<ConvertNNToONNXPass> {
  using ConvertNNToONNXBase::ConvertNNToONNXBase;

  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    populateNNToONNXPatterns(patterns);
    FailureReasons reasons;
    applyPatternsOnce(getOperation(),
                      FrozenRewritePatternSet(std::move(patterns)), reasons);
    bool left = false;
    getOperation().walk([&](Operation *op) {
      if (!isa_and_present<NNDialect>(op->getDialect()) || isa<OnnxOp>(op))
        return;
      std::string reason = reasons.lookup(op);
      op->emitError(reason.empty() ? explainNoONNXForm(op) : reason);
      left = true;
    });
    if (left)
      signalPassFailure();
  }
};

} // namespace

void bnfold::populateNNToONNXPatterns(RewritePatternSet &patterns) {
  MLIRContext *context = patterns.getContext();
  patterns.add<LowerConvolution, LowerMatmul, LowerBatchNorm, LowerReshape,
               LowerRsqrt, LowerConcat>(context);
  patterns.add<LowerToNode<ReluOp>>(context, "Relu");
  patterns.add<LowerToNode<IdentityOp>>(context, "Identity");
  // ONNX broadcasts as the nn elementwise ops do: the operands go as they
  // are.
  patterns.add<LowerToNode<AddOp>>(context, "Add");
  patterns.add<LowerToNode<SubOp>>(context, "Sub");
  patterns.add<LowerToNode<MulOp>>(context, "Mul");
  patterns.add<LowerToNode<DivOp>>(context, "Div");
  patterns.add<LowerToNode<SqrtOp>>(context, "Sqrt");
  patterns.add<LowerToNode<ReciprocalOp>>(context, "Reciprocal");
}
