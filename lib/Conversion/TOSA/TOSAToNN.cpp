//===- TOSAToNN.cpp - Raise TOSA ops to nn ops ----------------------------===//
//
// One pattern per TOSA op. A pattern raises an op only when the nn op
// computes exactly the same: float types nn holds (f16, bf16, f32), zero
// zero points, the accumulator nn uses (f32), constant filters (evaluated
// here when a producer wrote them behind tosa.transpose / tosa.reshape), and
// the nn verifier's consent. Anything else stays TOSA, with the reason
// (`--convert-tosa-to-nn=report-kept` shows it).
//
// Two producer forms become one nn op each:
//  - torch-mlir wraps every NCHW convolution in an NCHW -> NHWC tosa.transpose
//    of its input and an NHWC -> NCHW one of its result: the three become one
//    `nchw` (`ncdhw`) nn convolution, so that the batch norm after it, which
//    works on dim 1, reads the layer directly.
//  - TensorFlow's Dense (and torch-mlir's Linear) is `reshape [B, K] ->
//    [1, B, K]`, `tosa.matmul` with a constant `[1, K, N]`, `reshape [1, B, N]
//    -> [B, N]`: one 2-D nn.matmul.
//
//===----------------------------------------------------------------------===//

#include "TOSAConstants.h"
#include "bnfold/Conversion/Passes.h"
#include "bnfold/Conversion/TOSA/TOSAConversion.h"
#include "bnfold/Dialect/NN/IR/NNOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/Dialect/Tosa/Utils/ConversionUtils.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "llvm/ADT/DenseMap.h"

namespace bnfold {
#define GEN_PASS_DEF_CONVERTTOSATONN
#include "bnfold/Conversion/Passes.h.inc"
} // namespace bnfold

using namespace mlir;
using namespace bnfold;
using namespace bnfold::tosa_conversion;

namespace {

//===----------------------------------------------------------------------===//
// What every pattern checks and does
//===----------------------------------------------------------------------===//

/// The element types both nn and TOSA 1.0 have. nn also has f64, but TOSA
/// does not (`--tosa-validate` rejects it), so an f64 op could not be
/// lowered back: it stays TOSA.
bool isRaisableElementType(Type type) {
  return type.isF16() || type.isBF16() || type.isF32();
}

/// Fails unless every value is a ranked tensor of one raisable element type.
LogicalResult matchElementTypes(PatternRewriter &rewriter, Operation *op,
                                ValueRange values) {
  Type element;
  for (Value value : values) {
    auto type = dyn_cast<RankedTensorType>(value.getType());
    if (!type || !isRaisableElementType(type.getElementType()) ||
        (element && type.getElementType() != element))
      return rewriter.notifyMatchFailure(
          op, "its operands and results are not ranked tensors of one "
              "element type among f16, bf16 and f32");
    element = type.getElementType();
  }
  return success();
}

/// Inserts `newOps` (made with a detached builder, in order; the last one
/// computes the replacement) before `replaced` and replaces `replaced` by
/// the results of the last, if the nn verifier accepts every one of them.
/// Otherwise destroys them and fails with the verifier's message: the nn
/// verifiers decide whether the types fit, and the IR is not touched.
LogicalResult replaceIfValid(PatternRewriter &rewriter, Operation *reported,
                             Operation *replaced,
                             ArrayRef<Operation *> newOps) {
  if (std::optional<std::string> whyInvalid = nn::verifyOrEraseNewOps(newOps))
    return rewriter.notifyMatchFailure(reported, [&](Diagnostic &diag) {
      diag << "the nn op would be invalid: " << *whyInvalid;
    });
  rewriter.setInsertionPoint(replaced);
  for (Operation *newOp : newOps)
    rewriter.insert(newOp);
  rewriter.replaceOp(replaced, newOps.back()->getResults());
  return success();
}

/// An op with the given name, operands and one result type (the nn
/// elementwise ops and nn.reshape have no attributes).
Operation *createSimpleOp(OpBuilder &builder, Location loc, StringRef name,
                          Type resultType, ValueRange operands) {
  OperationState state(loc, name);
  state.addOperands(operands);
  state.addTypes(resultType);
  return builder.create(state);
}

//===----------------------------------------------------------------------===//
// Convolutions
//===----------------------------------------------------------------------===//

/// The attributes of the nn convolution a TOSA one becomes.
struct NNConvAttributes {
  SmallVector<int64_t> strides, dilations, padding, outputPadding;
};

/// TOSA's `pad` is nn's `padding` ([lo, hi] per spatial dim); strides and
/// dilations are the same.
template <typename TosaConv>
LogicalResult getNNAttributes(TosaConv op, NNConvAttributes &attrs,
                              std::string &) {
  attrs.strides.assign(op.getStride().begin(), op.getStride().end());
  attrs.dilations.assign(op.getDilation().begin(), op.getDilation().end());
  attrs.padding.assign(op.getPad().begin(), op.getPad().end());
  return success();
}

/// tosa.transpose_conv2d writes input row q at output rows q * stride +
/// out_pad_top + k. A negative `out_pad` entry, and a tosa.slice that crops
/// the result (torch-mlir's form of ConvTranspose2d padding), remove
/// outputs like nn's `padding`; a positive one at the bottom/right adds
/// outputs like nn's `output_padding` (which nn allows below the stride). A
/// positive top/left entry that no crop removes (rows before the first) has
/// no nn form.
LogicalResult getNNAttributes(tosa::TransposeConv2DOp op,
                              NNConvAttributes &attrs, std::string &why,
                              ArrayRef<int64_t> cropLo = {0, 0},
                              ArrayRef<int64_t> cropHi = {0, 0}) {
  ArrayRef<int64_t> outPad = op.getOutPad();
  attrs.strides.assign(op.getStride().begin(), op.getStride().end());
  attrs.dilations = {1, 1};
  for (int dim = 0; dim < 2; ++dim) {
    int64_t lo = outPad[2 * dim] - cropLo[dim];
    int64_t hi = outPad[2 * dim + 1] - cropHi[dim];
    if (lo > 0) {
      why = "its out_pad adds outputs before the first input position "
            "(out_pad " + std::to_string(outPad[2 * dim]) +
            "), which nn.conv_transpose2d cannot";
      return failure();
    }
    attrs.padding.append({-lo, std::max<int64_t>(0, -hi)});
    attrs.outputPadding.push_back(std::max<int64_t>(0, hi));
  }
  return success();
}

/// nn's filter for TOSA's: conv2d [O, H, W, I] -> [H, W, I, O] (nhwc) or
/// [O, I, H, W] (nchw); conv3d [O, D, H, W, I] likewise; transpose_conv2d
/// [O, H, W, I] -> [H, W, O, I] (nhwc) or [I, O, H, W] (nchw);
/// depthwise_conv2d [H, W, C, M] is nhwc's already and becomes [C * M, 1,
/// H, W] for nchw.
ElementsAttr toNNFilter(tosa::Conv2DOp, ElementsAttr filter,
                        bool channelsLast) {
  return permuteConstant(filter, channelsLast ? ArrayRef<int64_t>{1, 2, 3, 0}
                                              : ArrayRef<int64_t>{0, 3, 1, 2});
}
ElementsAttr toNNFilter(tosa::Conv3DOp, ElementsAttr filter,
                        bool channelsLast) {
  return permuteConstant(filter, channelsLast
                                     ? ArrayRef<int64_t>{1, 2, 3, 4, 0}
                                     : ArrayRef<int64_t>{0, 4, 1, 2, 3});
}
ElementsAttr toNNFilter(tosa::TransposeConv2DOp, ElementsAttr filter,
                        bool channelsLast) {
  return permuteConstant(filter, channelsLast ? ArrayRef<int64_t>{1, 2, 0, 3}
                                              : ArrayRef<int64_t>{3, 0, 1, 2});
}
ElementsAttr toNNFilter(tosa::DepthwiseConv2DOp, ElementsAttr filter,
                        bool channelsLast) {
  if (channelsLast)
    return filter;
  ElementsAttr cmhw = permuteConstant(filter, {2, 3, 0, 1});
  if (!cmhw)
    return {};
  ArrayRef<int64_t> shape = cast<ShapedType>(cmhw.getType()).getShape();
  return reshapeConstant(
      cmhw, RankedTensorType::get({shape[0] * shape[1], 1, shape[2], shape[3]},
                                  cmhw.getElementType()));
}

Operation *createNNConv(tosa::Conv2DOp, OpBuilder &b, Location loc, Type type,
                        Value input, Value filter, Value bias,
                        nn::Layout layout, const NNConvAttributes &a) {
  return nn::Conv2DOp::create(b, loc, type, input, filter, bias, layout,
                              a.strides, a.dilations, a.padding);
}
Operation *createNNConv(tosa::Conv3DOp, OpBuilder &b, Location loc, Type type,
                        Value input, Value filter, Value bias,
                        nn::Layout layout, const NNConvAttributes &a) {
  return nn::Conv3DOp::create(b, loc, type, input, filter, bias, layout,
                              a.strides, a.dilations, a.padding);
}
Operation *createNNConv(tosa::DepthwiseConv2DOp, OpBuilder &b, Location loc,
                        Type type, Value input, Value filter, Value bias,
                        nn::Layout layout, const NNConvAttributes &a) {
  return nn::DepthwiseConv2DOp::create(b, loc, type, input, filter, bias,
                                       layout, a.strides, a.dilations,
                                       a.padding);
}
Operation *createNNConv(tosa::TransposeConv2DOp, OpBuilder &b, Location loc,
                        Type type, Value input, Value filter, Value bias,
                        nn::Layout layout, const NNConvAttributes &a) {
  return nn::ConvTranspose2DOp::create(b, loc, type, input, filter, bias,
                                       layout, a.strides, a.dilations,
                                       a.padding, a.outputPadding);
}

/// torch-mlir's channels-first convolution: the result (of the conv, or
/// of the slice after it) has one user, a tosa.transpose N(D)HWC ->
/// NC(D)HW. The conv's input is then read as NC(D)HW: the input of its
/// tosa.transpose NC(D)HW -> N(D)HWC when it has one (torch-mlir), else the
/// input transposed (after tosa-reduce-transposes moved the one before).
struct ChannelsFirstWrap {
  Value input;               // the NC(D)HW activation (null: transpose it)
  tosa::TransposeOp output;  // the NC(D)HW result
};

std::optional<ChannelsFirstWrap> matchChannelsFirstWrap(Value input,
                                                        Value result) {
  int32_t rank = cast<ShapedType>(input.getType()).getRank();
  SmallVector<int32_t> toChannelsLast = {0}, toChannelsFirst = {0, rank - 1};
  for (int32_t dim = 2; dim < rank; ++dim)
    toChannelsLast.push_back(dim);
  toChannelsLast.push_back(1);
  for (int32_t dim = 1; dim < rank - 1; ++dim)
    toChannelsFirst.push_back(dim);
  if (!result.hasOneUse())
    return std::nullopt;
  auto out = dyn_cast<tosa::TransposeOp>(*result.getUsers().begin());
  if (!out || out.getPerms() != ArrayRef<int32_t>(toChannelsFirst))
    return std::nullopt;
  auto in = input.getDefiningOp<tosa::TransposeOp>();
  if (in && in.getPerms() == ArrayRef<int32_t>(toChannelsLast))
    return ChannelsFirstWrap{in.getInput1(), out};
  return ChannelsFirstWrap{Value(), out};
}

/// torch-mlir crops a transposed convolution's padding off its NHWC result
/// with a tosa.slice: `slice` is then the conv's only user, keeping the
/// whole batch and channels and cutting `cropLo` / `cropHi` from the start /
/// end of the spatial dims.
tosa::SliceOp matchSpatialCrop(tosa::TransposeConv2DOp op,
                               SmallVectorImpl<int64_t> &cropLo,
                               SmallVectorImpl<int64_t> &cropHi) {
  Value result = op.getOutput();
  if (!result.hasOneUse())
    return {};
  auto slice = dyn_cast<tosa::SliceOp>(*result.getUsers().begin());
  SmallVector<int64_t> start, size;
  if (!slice || !tosa::getConstShapeValues(slice.getStart().getDefiningOp(),
                                           start) ||
      !tosa::getConstShapeValues(slice.getSize().getDefiningOp(), size))
    return {};
  ArrayRef<int64_t> shape = cast<ShapedType>(result.getType()).getShape();
  if (start.size() != 4 || size.size() != 4 ||
      !cast<ShapedType>(result.getType()).hasStaticShape() || start[0] != 0 ||
      start[3] != 0 || size[0] != shape[0] || size[3] != shape[3])
    return {};
  cropLo.assign({start[1], start[2]});
  cropHi.assign({shape[1] - start[1] - size[1], shape[2] - start[2] - size[2]});
  if (llvm::any_of(cropLo, [](int64_t c) { return c < 0; }) ||
      llvm::any_of(cropHi, [](int64_t c) { return c < 0; }))
    return {};
  return slice;
}

template <typename TosaConv>
struct RaiseConvolution : OpRewritePattern<TosaConv> {
  using OpRewritePattern<TosaConv>::OpRewritePattern;

  LogicalResult matchAndRewrite(TosaConv op,
                                PatternRewriter &rewriter) const override {
    if (failed(matchElementTypes(rewriter, op,
                                 {op.getInput(), op.getWeight(), op.getBias(),
                                  op.getOutput()})))
      return failure();
    Type element = getElementTypeOrSelf(op.getOutput().getType());
    // nn convolutions accumulate in f32 and round once to f16 / bf16.
    if (!op.getAccType().isF32())
      return rewriter.notifyMatchFailure(op, [&](Diagnostic &diag) {
        diag << "it accumulates in " << op.getAccType() << "; nn accumulates "
             << element << " in f32";
      });
    FailureOr<int64_t> inputZp = op.getInputZeroPoint();
    FailureOr<int64_t> weightZp = op.getWeightZeroPoint();
    if (failed(inputZp) || failed(weightZp) || *inputZp != 0 || *weightZp != 0)
      return rewriter.notifyMatchFailure(
          op, "its zero points are not constant zeros");
    if (op.getLocalBound())
      return rewriter.notifyMatchFailure(
          op, "it sets local_bound, which nn ops do not carry");
    NNConvAttributes attrs;
    std::string why;
    // The value the nn op replaces: the conv's result, or the crop of it.
    Operation *last = op;
    if constexpr (std::is_same_v<TosaConv, tosa::TransposeConv2DOp>) {
      SmallVector<int64_t> cropLo, cropHi;
      tosa::SliceOp crop = matchSpatialCrop(op, cropLo, cropHi);
      if (crop && succeeded(getNNAttributes(op, attrs, why, cropLo, cropHi)))
        last = crop;
      else
        attrs = NNConvAttributes();
    }
    if (last == op && failed(getNNAttributes(op, attrs, why)))
      return rewriter.notifyMatchFailure(op, why);
    ElementsAttr filter = evaluateConstant(op.getWeight(), why);
    if (!filter)
      return rewriter.notifyMatchFailure(
          op, "its weight is not a constant (" + why + ")");

    std::optional<ChannelsFirstWrap> wrap =
        matchChannelsFirstWrap(op.getInput(), last->getResult(0));
    bool channelsLast = !wrap;
    auto resultType = cast<RankedTensorType>(
        wrap ? wrap->output.getType() : last->getResult(0).getType());
    int64_t channels =
        resultType.getDimSize(channelsLast ? resultType.getRank() - 1 : 1);

    OpBuilder detached(op.getContext());
    Location loc = op.getLoc();
    SmallVector<Operation *> newOps;
    // A [1] bias broadcasts over the channels; nn's has one per channel.
    Value bias = op.getBias();
    if (cast<ShapedType>(bias.getType()).getDimSize(0) != channels) {
      ElementsAttr one = evaluateConstant(bias, why);
      auto biasType = RankedTensorType::get({channels}, element);
      ElementsAttr broadcast =
          one && !ShapedType::isDynamic(channels)
              ? broadcastConstant(one, biasType)
              : ElementsAttr();
      if (!broadcast)
        return rewriter.notifyMatchFailure(
            op, "its bias has one element broadcast over the channels but "
                "is not a constant");
      newOps.push_back(arith::ConstantOp::create(detached, loc, broadcast));
      bias = newOps.back()->getResult(0);
    }
    newOps.push_back(arith::ConstantOp::create(
        detached, loc, toNNFilter(op, filter, channelsLast)));
    Value nnFilter = newOps.back()->getResult(0);
    Value input = op.getInput();
    if (wrap) {
      input = wrap->input;
      if (!input) {
        // N(D)HWC -> NC(D)HW; the lowering cancels it with the transpose
        // back it writes.
        auto channelsLastType = cast<RankedTensorType>(op.getInput().getType());
        SmallVector<int64_t> shape;
        for (int32_t dim : wrap->output.getPerms())
          shape.push_back(channelsLastType.getDimSize(dim));
        newOps.push_back(tosa::TransposeOp::create(
            detached, loc, RankedTensorType::get(shape, element),
            op.getInput(), wrap->output.getPermsAttr()));
        input = newOps.back()->getResult(0);
      }
    }
    unsigned spatialDims = resultType.getRank() - 2;
    newOps.push_back(createNNConv(op, detached, loc, resultType, input,
                                  nnFilter, bias,
                                  nn::getLayout(spatialDims, channelsLast),
                                  attrs));
    Operation *replaced = wrap ? wrap->output.getOperation() : last;
    if (failed(replaceIfValid(rewriter, op, replaced, newOps)))
      return failure();
    // The ops between the conv and the replaced one have no other user.
    if (last != replaced)
      rewriter.eraseOp(last);
    if (last != op)
      rewriter.eraseOp(op);
    return success();
  }
};

//===----------------------------------------------------------------------===//
// Matmul
//===----------------------------------------------------------------------===//

/// TensorFlow's Dense around a matmul: the lhs a reshape [B, K] -> [1, B,
/// K] and the only user of the result a reshape [1, B, N] -> [B, N].
struct DenseReshapes {
  Value input;         // [B, K]
  Operation *output;   // the reshape to [B, N]
};

bool isReshape(Operation *op) {
  return isa_and_nonnull<tosa::ReshapeOp, nn::ReshapeOp>(op);
}

/// Whether `outer` is `inner` with a leading 1.
bool addsLeadingOne(ShapedType inner, ShapedType outer) {
  return outer.getRank() == inner.getRank() + 1 && outer.getDimSize(0) == 1 &&
         outer.getShape().drop_front() == inner.getShape();
}

std::optional<DenseReshapes> matchDenseReshapes(tosa::MatMulOp op) {
  Operation *in = op.getA().getDefiningOp();
  if (!isReshape(in) || !op.getOutput().hasOneUse())
    return std::nullopt;
  Operation *out = *op.getOutput().getUsers().begin();
  if (!isReshape(out))
    return std::nullopt;
  auto input = cast<ShapedType>(in->getOperand(0).getType());
  auto output = cast<ShapedType>(out->getResult(0).getType());
  if (!input.hasRank() || !output.hasRank() || input.getRank() != 2 ||
      !addsLeadingOne(input, cast<ShapedType>(op.getA().getType())) ||
      !addsLeadingOne(output, cast<ShapedType>(op.getOutput().getType())))
    return std::nullopt;
  return DenseReshapes{in->getOperand(0), out};
}

struct RaiseMatMul : OpRewritePattern<tosa::MatMulOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(tosa::MatMulOp op,
                                PatternRewriter &rewriter) const override {
    Type element = getElementTypeOrSelf(op.getA().getType());
    Type resultElement = getElementTypeOrSelf(op.getOutput().getType());
    if (resultElement != element)
      return rewriter.notifyMatchFailure(op, [&](Diagnostic &diag) {
        diag << "its result is " << resultElement << " but its operands "
             << element << "; nn.matmul has one element type";
      });
    if (failed(matchElementTypes(rewriter, op,
                                 {op.getA(), op.getB(), op.getOutput()})))
      return failure();
    // TOSA accumulates an f16 -> f16 matmul in f16, nn in f32.
    if (element.isF16())
      return rewriter.notifyMatchFailure(
          op, "it multiplies f16 into f16, accumulating in f16; nn.matmul "
              "accumulates f16 in f32");
    FailureOr<int64_t> aZp = op.getAZeroPoint(), bZp = op.getBZeroPoint();
    if (failed(aZp) || failed(bZp) || *aZp != 0 || *bZp != 0)
      return rewriter.notifyMatchFailure(
          op, "its zero points are not constant zeros");
    std::string why;
    ElementsAttr b = evaluateConstant(op.getB(), why);
    if (!b)
      return rewriter.notifyMatchFailure(
          op, "its b operand is not a constant (" + why + ")");
    auto bType = cast<RankedTensorType>(b.getType());
    auto aType = cast<RankedTensorType>(op.getA().getType());
    if (bType.getDimSize(0) != 1 || aType.getDimSize(0) != 1)
      return rewriter.notifyMatchFailure(
          op, "it multiplies a batch of matrices; nn.matmul's rhs is one "
              "matrix");

    OpBuilder detached(op.getContext());
    Location loc = op.getLoc();
    auto rhs = arith::ConstantOp::create(
        detached, loc,
        reshapeConstant(b, RankedTensorType::get(bType.getShape().drop_front(),
                                                 element)));
    std::optional<DenseReshapes> dense = matchDenseReshapes(op);
    Value lhs = dense ? dense->input : op.getA();
    Operation *replaced = dense ? dense->output : op.getOperation();
    Operation *matmul = nn::MatmulOp::create(
        detached, loc, replaced->getResult(0).getType(), lhs, rhs,
        /*bias=*/Value(), /*transpose_lhs=*/false, /*transpose_rhs=*/false);
    if (failed(replaceIfValid(rewriter, op, replaced, {rhs, matmul})))
      return failure();
    if (dense)
      rewriter.eraseOp(op);
    return success();
  }
};

//===----------------------------------------------------------------------===//
// Elementwise ops and reshape
//===----------------------------------------------------------------------===//

/// A TOSA op whose nn op has the same operands, broadcasting (TOSA's
/// equal-rank broadcasting is a case of nn's) and result.
template <typename TosaOp, typename NNOp>
struct RaiseSameOperands : OpRewritePattern<TosaOp> {
  using OpRewritePattern<TosaOp>::OpRewritePattern;

  LogicalResult matchAndRewrite(TosaOp op,
                                PatternRewriter &rewriter) const override {
    SmallVector<Value> operands(op->getOperands());
    if constexpr (std::is_same_v<TosaOp, tosa::MulOp>) {
      // The shift of a float multiply must be 0 (the TOSA verifier says so
      // when it is a constant).
      DenseIntElementsAttr shift;
      if (!matchPattern(op.getShift(), m_Constant(&shift)) ||
          !llvm::all_of(shift.getValues<APInt>(),
                        [](const APInt &v) { return v.isZero(); }))
        return rewriter.notifyMatchFailure(
            op, "its shift is not a constant 0");
      operands.pop_back();
    }
    if constexpr (std::is_same_v<TosaOp, tosa::ReshapeOp>)
      operands.pop_back(); // the shape: nn.reshape's is its result type
    SmallVector<Value> values(operands);
    values.push_back(op->getResult(0));
    if (failed(matchElementTypes(rewriter, op, values)))
      return failure();
    OpBuilder detached(op.getContext());
    Operation *raised =
        createSimpleOp(detached, op.getLoc(), NNOp::getOperationName(),
                       op->getResult(0).getType(), operands);
    return replaceIfValid(rewriter, op, op, {raised});
  }
};

/// tosa.concat -> nn.concat along the same axis (a TOSA axis is
/// non-negative).
struct RaiseConcat : OpRewritePattern<tosa::ConcatOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(tosa::ConcatOp op,
                                PatternRewriter &rewriter) const override {
    SmallVector<Value> values(op.getInput1());
    values.push_back(op.getResult());
    if (failed(matchElementTypes(rewriter, op, values)))
      return failure();
    OpBuilder detached(op.getContext());
    Operation *raised = nn::ConcatOp::create(
        detached, op.getLoc(), op.getResult().getType(), op.getInput1(),
        detached.getI64IntegerAttr(op.getAxis()));
    return replaceIfValid(rewriter, op, op, {raised});
  }
};

//===----------------------------------------------------------------------===//
// The pass
//===----------------------------------------------------------------------===//

/// Keeps, per op, the reason the last pattern tried on it gave for not
/// raising it.
struct KeptReasons : RewriterBase::Listener {
  void notifyPatternBegin(const Pattern &, Operation *op) override {
    current = op;
  }
  void notifyMatchFailure(
      Location loc, function_ref<void(Diagnostic &)> reasonCallback) override {
    if (!current)
      return;
    Diagnostic diag(loc, DiagnosticSeverity::Remark);
    reasonCallback(diag);
    reasons[current] = diag.str();
  }
  void notifyOperationErased(Operation *op) override { reasons.erase(op); }

  Operation *current = nullptr;
  llvm::DenseMap<Operation *, std::string> reasons;
};

struct ConvertTOSAToNNPass
    : public bnfold::impl::ConvertTOSAToNNBase<ConvertTOSAToNNPass> {
  using ConvertTOSAToNNBase::ConvertTOSAToNNBase;

  LogicalResult initialize(MLIRContext *context) override {
    RewritePatternSet set(context);
    populateTOSAToNNPatterns(set);
    patterns = std::make_shared<FrozenRewritePatternSet>(std::move(set));
    return success();
  }

  void runOnOperation() override {
    KeptReasons kept;
    // Only the raising patterns: no folding of the TOSA ops that stay, and
    // no moving of constants.
    GreedyRewriteConfig config;
    config.enableFolding(false)
        .enableConstantCSE(false)
        .setRegionSimplificationLevel(GreedySimplifyRegionLevel::Disabled)
        .setListener(&kept);
    if (failed(applyPatternsGreedily(getOperation(), *patterns, config))) {
      getOperation().emitError("raising TOSA to nn did not converge");
      return signalPassFailure();
    }
    if (!reportKept)
      return;
    getOperation().walk([&](Operation *op) {
      auto reason = kept.reasons.find(op);
      if (reason != kept.reasons.end())
        emitRemark(op->getLoc())
            << "stays '" << op->getName() << "' because " << reason->second;
    });
  }

  std::shared_ptr<const FrozenRewritePatternSet> patterns;
};

} // namespace

void bnfold::populateTOSAToNNPatterns(RewritePatternSet &patterns) {
  MLIRContext *context = patterns.getContext();
  patterns.add<RaiseConvolution<tosa::Conv2DOp>,
               RaiseConvolution<tosa::Conv3DOp>,
               RaiseConvolution<tosa::DepthwiseConv2DOp>,
               RaiseConvolution<tosa::TransposeConv2DOp>, RaiseMatMul,
               RaiseSameOperands<tosa::AddOp, nn::AddOp>,
               RaiseSameOperands<tosa::SubOp, nn::SubOp>,
               RaiseSameOperands<tosa::MulOp, nn::MulOp>,
               RaiseSameOperands<tosa::RsqrtOp, nn::RsqrtOp>,
               RaiseSameOperands<tosa::ReciprocalOp, nn::ReciprocalOp>,
               RaiseSameOperands<tosa::ReshapeOp, nn::ReshapeOp>, RaiseConcat>(
      context);
}
