//===- NNToTOSA.cpp - Lower nn ops to TOSA 1.0 ----------------------------===//
//
// One conversion pattern per nn op that has a TOSA form, writing what TOSA
// 1.0 and `--tosa-validate` want: constant filters permuted to TOSA's
// layouts, zero points and a zero `shift` as constants, `acc_type = f32`, a
// bias on every convolution, shapes as `tosa.const_shape`, operands of equal
// rank. whyNoTOSAForm says, for every other op, why there is none; the pass
// reports those before converting anything.
//
//===----------------------------------------------------------------------===//

#include "TOSAConstants.h"
#include "bnfold/Conversion/Passes.h"
#include "bnfold/Conversion/TOSA/TOSAConversion.h"
#include "bnfold/Dialect/NN/IR/NNOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/Dialect/Tosa/Utils/ConversionUtils.h"
#include "mlir/IR/Matchers.h"
#include "mlir/Transforms/DialectConversion.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/TypeSwitch.h"

namespace bnfold {
#define GEN_PASS_DEF_CONVERTNNTOTOSA
#include "bnfold/Conversion/Passes.h.inc"
} // namespace bnfold

using namespace mlir;
using namespace bnfold;
using namespace bnfold::tosa_conversion;

namespace {

//===----------------------------------------------------------------------===//
// Which nn ops have a TOSA form
//===----------------------------------------------------------------------===//

std::optional<std::string> whyNoTOSAConvolution(nn::ConvolutionOpInterface conv) {
  if (conv.getGroups() != 1)
    return "TOSA convolutions have no groups (groups = " +
           std::to_string(conv.getGroups()) + ")";
  if (!conv.getFilter().getType().hasStaticShape())
    return std::string("its filter shape is dynamic");
  // TOSA's [H, W, C, M] filter needs C to split nchw's [C * M, 1, H, W].
  int64_t inputChannels = conv.getInput().getType().getDimSize(1);
  if (conv.getConvKind() == nn::ConvKind::Depthwise &&
      !nn::isChannelsLast(conv.getLayout()) &&
      (ShapedType::isDynamic(inputChannels) || inputChannels == 0))
    return std::string("its input channel count is dynamic or 0, which "
                       "TOSA's [H, W, C, M] filter needs");
  if (conv.getConvKind() == nn::ConvKind::Transposed &&
      llvm::any_of(conv.getDilations(), [](int64_t d) { return d != 1; }))
    return std::string("tosa.transpose_conv2d has no dilation");
  return std::nullopt;
}

std::optional<std::string> whyNoTOSAMatmul(nn::MatmulOp matmul) {
  if (!matmul.getRhs().getType().hasStaticShape())
    return std::string("its rhs shape is dynamic");
  // The lhs rows are flattened into one dim: one may be dynamic.
  auto lhs = cast<RankedTensorType>(matmul.getLhs().getType());
  if (llvm::count(lhs.getShape().drop_back(), ShapedType::kDynamic) > 1)
    return std::string(
        "its lhs has more than one dynamic dim besides the last; tosa.matmul "
        "takes the rows in one dim");
  if (lhs.isDynamicDim(lhs.getRank() - 1))
    return std::string("its lhs has a dynamic reduction dim");
  return std::nullopt;
}

} // namespace

std::optional<std::string> bnfold::whyNoTOSAForm(Operation *op) {
  auto hasF64 = [](TypeRange types) {
    return llvm::any_of(types, [](Type type) {
      return getElementTypeOrSelf(type).isF64();
    });
  };
  if (hasF64(op->getOperandTypes()) || hasF64(op->getResultTypes()))
    return std::string("TOSA 1.0 has no f64 tensors");
  return TypeSwitch<Operation *, std::optional<std::string>>(op)
      .Case<nn::Conv2DOp, nn::Conv3DOp, nn::DepthwiseConv2DOp,
            nn::ConvTranspose2DOp>(
          [](auto conv) { return whyNoTOSAConvolution(conv); })
      .Case<nn::Conv1DOp, nn::DepthwiseConv1DOp, nn::ConvTranspose1DOp>(
          [](Operation *) {
            return std::string("TOSA has no 1-D convolution");
          })
      .Case<nn::DepthwiseConv3DOp>([](Operation *) {
        return std::string("TOSA has no 3-D depthwise convolution");
      })
      .Case<nn::ConvTranspose3DOp>([](Operation *) {
        return std::string("TOSA has no 3-D transposed convolution");
      })
      .Case<nn::MatmulOp>(whyNoTOSAMatmul)
      .Case<nn::AddOp, nn::SubOp, nn::MulOp, nn::RsqrtOp, nn::ReciprocalOp,
            nn::ReshapeOp, nn::BiasAddOp, nn::IdentityOp, nn::ConcatOp>(
          [](Operation *) { return std::nullopt; })
      .Case<nn::DivOp>([](Operation *) {
        return std::string(
            "TOSA has no floating-point division (tosa.intdiv is for "
            "integers; a multiplication by tosa.reciprocal rounds twice)");
      })
      .Case<nn::SqrtOp>([](Operation *) {
        return std::string("TOSA has no square root (tosa.pow with 0.5 is not "
                           "the correctly rounded square root)");
      })
      .Case<nn::BatchNormOp>([](Operation *) {
        return std::string("TOSA has no batch norm op (this is one "
                           "fold-batchnorm did not fold)");
      })
      .Case<nn::PadOp>([](Operation *) {
        return std::string(
            "tosa.pad pads with one value, and 'nn.pad' pads each channel "
            "with its own (fold-batchnorm with per-channel-padding=false "
            "leaves the batch norms that would need it)");
      })
      .Case<nn::BNFoldWeightsOp, nn::BNFoldBiasOp, nn::BNFoldInputBiasOp>(
          [](Operation *) {
        return std::string(
            "it computes folded parameters at run time (fold-batchnorm with "
            "runtime-parameters=false leaves such batch norms instead)");
      })
      .Default([](Operation *op) {
        return "TOSA has no form for '" + op->getName().getStringRef().str() +
               "' (docs/tosa.md lists the nn ops that have one)";
      });
}

namespace {

//===----------------------------------------------------------------------===//
// Building TOSA values
//===----------------------------------------------------------------------===//

Value createConst(OpBuilder &b, Location loc, ElementsAttr values) {
  return tosa::ConstOp::create(b, loc, values.getType(), values);
}

/// `value` with its dims permuted as tosa.transpose's `perms`; a constant
/// is permuted here, and the inverse of a tosa.transpose gives its input
/// back (the raising puts NHWC -> NCHW transposes before nchw layers whose
/// input was channels-last).
Value transposed(OpBuilder &b, Location loc, Value value,
                 ArrayRef<int64_t> perms) {
  ElementsAttr constant;
  if (matchPattern(value, m_Constant(&constant)))
    if (ElementsAttr permuted = permuteConstant(constant, perms))
      return createConst(b, loc, permuted);
  if (auto before = value.getDefiningOp<tosa::TransposeOp>()) {
    ArrayRef<int32_t> first = before.getPerms();
    if (llvm::all_of(llvm::seq<size_t>(perms.size()), [&](size_t i) {
          return first[perms[i]] == static_cast<int32_t>(i);
        }))
      return before.getInput1();
  }
  auto type = cast<RankedTensorType>(value.getType());
  SmallVector<int64_t> shape;
  SmallVector<int32_t> perms32;
  for (int64_t dim : perms) {
    shape.push_back(type.getDimSize(dim));
    perms32.push_back(dim);
  }
  return tosa::TransposeOp::create(
      b, loc, RankedTensorType::get(shape, type.getElementType()), value,
      b.getDenseI32ArrayAttr(perms32));
}

/// `value` reshaped to `type`; a constant is reshaped here.
Value reshaped(PatternRewriter &b, Location loc, Value value,
               RankedTensorType type) {
  if (value.getType() == type)
    return value;
  ElementsAttr constant;
  if (matchPattern(value, m_Constant(&constant)))
    if (ElementsAttr reshapedConstant = reshapeConstant(constant, type))
      return createConst(b, loc, reshapedConstant);
  Value shape = tosa::getTosaConstShape(
      b, loc, tosa::convertFromMlirShape(type.getShape()));
  return tosa::ReshapeOp::create(b, loc, type, value, shape);
}

/// `value` with 1s prepended to rank `rank` (TOSA broadcasts equal ranks
/// only).
Value withRank(PatternRewriter &b, Location loc, Value value, int64_t rank) {
  auto type = cast<RankedTensorType>(value.getType());
  SmallVector<int64_t> shape(rank - type.getRank(), 1);
  llvm::append_range(shape, type.getShape());
  return reshaped(b, loc, value,
                  RankedTensorType::get(shape, type.getElementType()));
}

Value zeroPoint(OpBuilder &b, Location loc, Type element) {
  return *tosa::createZeroPointTensor(b, loc, element, 0);
}

RankedTensorType permutedType(RankedTensorType type, ArrayRef<int64_t> perms) {
  SmallVector<int64_t> shape;
  for (int64_t dim : perms)
    shape.push_back(type.getDimSize(dim));
  return RankedTensorType::get(shape, type.getElementType());
}

//===----------------------------------------------------------------------===//
// Convolutions
//===----------------------------------------------------------------------===//

/// TOSA's filter for nn's (the inverse of the raising's permutations):
/// conv2d [H, W, I, O] (nhwc) / [O, I, H, W] (nchw) -> [O, H, W, I]; conv3d
/// likewise; transposed [H, W, O, I] / [I, O, H, W] -> [O, H, W, I];
/// depthwise nhwc [H, W, C, M] as is, nchw [C * M, 1, H, W] -> [H, W, C, M].
Value toTOSAFilter(nn::Conv2DOp, PatternRewriter &b, Location loc,
                   Value filter, int64_t, bool channelsLast) {
  return transposed(b, loc, filter,
                    channelsLast ? ArrayRef<int64_t>{3, 0, 1, 2}
                                 : ArrayRef<int64_t>{0, 2, 3, 1});
}
Value toTOSAFilter(nn::Conv3DOp, PatternRewriter &b, Location loc,
                   Value filter, int64_t, bool channelsLast) {
  return transposed(b, loc, filter,
                    channelsLast ? ArrayRef<int64_t>{4, 0, 1, 2, 3}
                                 : ArrayRef<int64_t>{0, 2, 3, 4, 1});
}
Value toTOSAFilter(nn::ConvTranspose2DOp, PatternRewriter &b, Location loc,
                   Value filter, int64_t, bool channelsLast) {
  return transposed(b, loc, filter,
                    channelsLast ? ArrayRef<int64_t>{2, 0, 1, 3}
                                 : ArrayRef<int64_t>{1, 2, 3, 0});
}
Value toTOSAFilter(nn::DepthwiseConv2DOp, PatternRewriter &b, Location loc,
                   Value filter, int64_t inputChannels, bool channelsLast) {
  if (channelsLast)
    return filter;
  auto type = cast<RankedTensorType>(filter.getType());
  ArrayRef<int64_t> shape = type.getShape();
  auto cmhwType = RankedTensorType::get(
      {inputChannels, shape[0] / inputChannels, shape[2], shape[3]},
      type.getElementType());
  ElementsAttr constant;
  if (matchPattern(filter, m_Constant(&constant)))
    if (ElementsAttr cmhw = reshapeConstant(constant, cmhwType))
      if (ElementsAttr hwcm = permuteConstant(cmhw, {2, 3, 0, 1}))
        return createConst(b, loc, hwcm);
  return transposed(b, loc, reshaped(b, loc, filter, cmhwType), {2, 3, 0, 1});
}

/// The operands and attributes of the TOSA convolution.
struct TOSAConvOperands {
  Value input, filter, bias, inputZp, weightZp;
  SmallVector<int64_t> strides, dilations, padding;
};

Value createTOSAConv(nn::Conv2DOp, PatternRewriter &b, Location loc, Type type,
                     const TOSAConvOperands &o) {
  return tosa::Conv2DOp::create(b, loc, type, o.input, o.filter, o.bias,
                                o.inputZp, o.weightZp, o.padding, o.strides,
                                o.dilations, b.getF32Type());
}
Value createTOSAConv(nn::Conv3DOp, PatternRewriter &b, Location loc, Type type,
                     const TOSAConvOperands &o) {
  return tosa::Conv3DOp::create(b, loc, type, o.input, o.filter, o.bias,
                                o.inputZp, o.weightZp, o.padding, o.strides,
                                o.dilations, b.getF32Type());
}
Value createTOSAConv(nn::DepthwiseConv2DOp, PatternRewriter &b, Location loc,
                     Type type, const TOSAConvOperands &o) {
  return tosa::DepthwiseConv2DOp::create(
      b, loc, type, o.input, o.filter, o.bias, o.inputZp, o.weightZp,
      o.padding, o.strides, o.dilations, b.getF32Type());
}
/// nn's output padding is TOSA's bottom/right out_pad; nn's padding crops,
/// which is a tosa.slice of the full result, as torch-mlir writes it (a
/// negative out_pad could only crop less than a kernel).
Value createTOSAConv(nn::ConvTranspose2DOp op, PatternRewriter &b,
                     Location loc, Type type, const TOSAConvOperands &o) {
  ArrayRef<int64_t> outputPadding = op.getOutputPadding();
  SmallVector<int64_t> outPad, start = {0}, fullShape;
  auto croppedType = cast<RankedTensorType>(type);
  fullShape.assign(croppedType.getShape().begin(),
                   croppedType.getShape().end());
  for (unsigned dim = 0; dim < 2; ++dim) {
    int64_t lo = o.padding[2 * dim], hi = o.padding[2 * dim + 1];
    outPad.append({0, outputPadding[dim]});
    start.push_back(lo);
    if (!ShapedType::isDynamic(fullShape[dim + 1]))
      fullShape[dim + 1] += lo + hi;
  }
  start.push_back(0);
  auto fullType = RankedTensorType::get(fullShape, croppedType.getElementType());
  Value full = tosa::TransposeConv2DOp::create(
      b, loc, fullType, o.input, o.filter, o.bias, o.inputZp, o.weightZp,
      outPad, o.strides, b.getF32Type());
  if (fullType == croppedType)
    return full;
  return tosa::SliceOp::create(
      b, loc, croppedType, full, tosa::getTosaConstShape(b, loc, start),
      tosa::getTosaConstShape(
          b, loc, tosa::convertFromMlirShape(croppedType.getShape())));
}

template <typename NNConv>
struct LowerConvolution : OpConversionPattern<NNConv> {
  using OpConversionPattern<NNConv>::OpConversionPattern;
  using OpAdaptor = typename NNConv::Adaptor;

  LogicalResult
  matchAndRewrite(NNConv op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (whyNoTOSAForm(op))
      return rewriter.notifyMatchFailure(op, "no TOSA form");
    Location loc = op.getLoc();
    auto resultType = cast<RankedTensorType>(op.getType());
    Type element = resultType.getElementType();
    int64_t rank = resultType.getRank();
    bool channelsLast = nn::isChannelsLast(op.getLayout());
    // TOSA convolutions are channels-last: transpose around a
    // channels-first one, as torch-mlir does.
    SmallVector<int64_t> toLast = {0}, toFirst = {0, rank - 1};
    for (int64_t dim = 2; dim < rank; ++dim)
      toLast.push_back(dim);
    toLast.push_back(1);
    for (int64_t dim = 1; dim < rank - 1; ++dim)
      toFirst.push_back(dim);

    TOSAConvOperands operands;
    operands.input = channelsLast
                         ? adaptor.getInput()
                         : transposed(rewriter, loc, adaptor.getInput(), toLast);
    int64_t inputChannels =
        cast<ShapedType>(operands.input.getType()).getDimSize(rank - 1);
    operands.filter = toTOSAFilter(op, rewriter, loc, adaptor.getFilter(),
                                   inputChannels, channelsLast);
    RankedTensorType tosaType =
        channelsLast ? resultType : permutedType(resultType, toLast);
    operands.bias = adaptor.getBias();
    if (!operands.bias) {
      auto biasType = RankedTensorType::get(
          {tosaType.getDimSize(rank - 1)}, element);
      operands.bias = createConst(
          rewriter, loc,
          DenseElementsAttr::get(biasType, rewriter.getZeroAttr(element)));
    }
    operands.inputZp = zeroPoint(rewriter, loc, element);
    operands.weightZp = zeroPoint(rewriter, loc, element);
    operands.strides.assign(op.getStrides().begin(), op.getStrides().end());
    operands.dilations.assign(op.getDilations().begin(),
                              op.getDilations().end());
    operands.padding.assign(op.getPadding().begin(), op.getPadding().end());
    Value result = createTOSAConv(op, rewriter, loc, tosaType, operands);
    if (!channelsLast)
      result = transposed(rewriter, loc, result, toFirst);
    rewriter.replaceOp(op, result);
    return success();
  }
};

//===----------------------------------------------------------------------===//
// Matmul
//===----------------------------------------------------------------------===//

/// `lhs [..., M, K] x rhs [K, N]`: tosa.matmul of `[1, rows, K] x [1, K,
/// N]` with every row of the lhs (batch dims and M) in one dim, reshaped
/// to the result, plus the bias (`[1, ..., N]`) by tosa.add. A 2-D matmul
/// is TensorFlow's Dense: reshape, tosa.matmul, reshape.
struct LowerMatmul : OpConversionPattern<nn::MatmulOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(nn::MatmulOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (whyNoTOSAForm(op))
      return rewriter.notifyMatchFailure(op, "no TOSA form");
    Location loc = op.getLoc();
    auto resultType = cast<RankedTensorType>(op.getType());
    Type element = resultType.getElementType();
    int64_t rank = resultType.getRank();
    Value lhs = adaptor.getLhs(), rhs = adaptor.getRhs();
    if (op.getTransposeLhs()) {
      SmallVector<int64_t> perms = llvm::to_vector(llvm::seq<int64_t>(rank));
      std::swap(perms[rank - 1], perms[rank - 2]);
      lhs = transposed(rewriter, loc, lhs, perms);
    }
    if (op.getTransposeRhs())
      rhs = transposed(rewriter, loc, rhs, {1, 0});
    ArrayRef<int64_t> lhsShape = cast<ShapedType>(lhs.getType()).getShape();
    ArrayRef<int64_t> rhsShape = cast<ShapedType>(rhs.getType()).getShape();
    int64_t rows = 1;
    for (int64_t dim : lhsShape.drop_back())
      rows = ShapedType::isDynamic(dim) || ShapedType::isDynamic(rows)
                 ? ShapedType::kDynamic
                 : rows * dim;
    int64_t k = rhsShape[0], n = rhsShape[1];
    Value lhs3 = reshaped(rewriter, loc, lhs,
                          RankedTensorType::get({1, rows, k}, element));
    Value rhs3 = reshaped(rewriter, loc, rhs,
                          RankedTensorType::get({1, k, n}, element));
    Value lhsZp = zeroPoint(rewriter, loc, element);
    Value rhsZp = zeroPoint(rewriter, loc, element);
    Value product = tosa::MatMulOp::create(
        rewriter, loc, RankedTensorType::get({1, rows, n}, element), lhs3,
        rhs3, lhsZp, rhsZp);
    Value result = reshaped(rewriter, loc, product, resultType);
    if (Value bias = adaptor.getBias())
      result = tosa::AddOp::create(rewriter, loc, resultType, result,
                                   withRank(rewriter, loc, bias, rank));
    rewriter.replaceOp(op, result);
    return success();
  }
};

//===----------------------------------------------------------------------===//
// Elementwise ops, reshape, bias_add, identity
//===----------------------------------------------------------------------===//

template <typename NNOp, typename TosaOp>
struct LowerBinary : OpConversionPattern<NNOp> {
  using OpConversionPattern<NNOp>::OpConversionPattern;
  using OpAdaptor = typename NNOp::Adaptor;

  LogicalResult
  matchAndRewrite(NNOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (whyNoTOSAForm(op))
      return rewriter.notifyMatchFailure(op, "no TOSA form");
    auto type = cast<RankedTensorType>(op.getType());
    Location loc = op.getLoc();
    Value lhs = withRank(rewriter, loc, adaptor.getLhs(), type.getRank());
    Value rhs = withRank(rewriter, loc, adaptor.getRhs(), type.getRank());
    if constexpr (std::is_same_v<TosaOp, tosa::MulOp>) {
      // A float multiply's shift is 0.
      Value shift = createConst(
          rewriter, loc,
          DenseElementsAttr::get(
              RankedTensorType::get({1}, rewriter.getI8Type()),
              ArrayRef<int8_t>{0}));
      rewriter.replaceOpWithNewOp<TosaOp>(op, type, lhs, rhs, shift);
    } else {
      rewriter.replaceOpWithNewOp<TosaOp>(op, type, lhs, rhs);
    }
    return success();
  }
};

template <typename NNOp, typename TosaOp>
struct LowerUnary : OpConversionPattern<NNOp> {
  using OpConversionPattern<NNOp>::OpConversionPattern;
  using OpAdaptor = typename NNOp::Adaptor;

  LogicalResult
  matchAndRewrite(NNOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (whyNoTOSAForm(op))
      return rewriter.notifyMatchFailure(op, "no TOSA form");
    rewriter.replaceOpWithNewOp<TosaOp>(op, op.getType(), adaptor.getInput());
    return success();
  }
};

/// Always a tosa.reshape, also of a constant: an nn.reshape that nothing
/// folded comes back as the tosa.reshape it was raised from.
struct LowerReshape : OpConversionPattern<nn::ReshapeOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(nn::ReshapeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto type = cast<RankedTensorType>(op.getType());
    Value shape = tosa::getTosaConstShape(
        rewriter, op.getLoc(), tosa::convertFromMlirShape(type.getShape()));
    rewriter.replaceOpWithNewOp<tosa::ReshapeOp>(op, type, adaptor.getInput(),
                                                 shape);
    return success();
  }
};

/// nn.concat -> tosa.concat along the same axis.
struct LowerConcat : OpConversionPattern<nn::ConcatOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(nn::ConcatOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    rewriter.replaceOpWithNewOp<tosa::ConcatOp>(
        op, op.getType(), adaptor.getInputs(),
        rewriter.getI32IntegerAttr(static_cast<int32_t>(op.getAxis())));
    return success();
  }
};

/// `x + bias` with the bias reshaped to `[1, ..., C, ..., 1]`.
struct LowerBiasAdd : OpConversionPattern<nn::BiasAddOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(nn::BiasAddOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (whyNoTOSAForm(op))
      return rewriter.notifyMatchFailure(op, "no TOSA form");
    auto type = cast<RankedTensorType>(op.getType());
    auto biasType = cast<RankedTensorType>(adaptor.getBias().getType());
    SmallVector<int64_t> shape(type.getRank(), 1);
    shape[op.getFeatureDim()] = biasType.getDimSize(0);
    Value bias = reshaped(rewriter, op.getLoc(), adaptor.getBias(),
                          RankedTensorType::get(shape, type.getElementType()));
    rewriter.replaceOpWithNewOp<tosa::AddOp>(op, type, adaptor.getInput(),
                                             bias);
    return success();
  }
};

struct LowerIdentity : OpConversionPattern<nn::IdentityOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(nn::IdentityOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    rewriter.replaceOp(op, adaptor.getInput());
    return success();
  }
};

//===----------------------------------------------------------------------===//
// The pass
//===----------------------------------------------------------------------===//

struct ConvertNNToTOSAPass
    : public bnfold::impl::ConvertNNToTOSABase<ConvertNNToTOSAPass> {
  using ConvertNNToTOSABase::ConvertNNToTOSABase;

  void runOnOperation() override {
    func::FuncOp func = getOperation();
    // Every op without a TOSA form is reported, before anything changes.
    bool unlowerable = false;
    // What only nn ops read may become dead: a constant the patterns
    // rewrote (a filter permuted to TOSA's layout), the NHWC -> NCHW
    // transpose the raising put before an nchw layer.
    llvm::SmallPtrSet<Operation *, 16> readByNN;
    func.walk([&](Operation *op) {
      if (!isa_and_present<nn::NNDialect>(op->getDialect()))
        return;
      if (std::optional<std::string> why = whyNoTOSAForm(op)) {
        op->emitError() << "cannot lower '" << op->getName()
                        << "' to TOSA: " << *why;
        unlowerable = true;
      }
      for (Value operand : op->getOperands())
        if (isa_and_nonnull<arith::ConstantOp, tosa::TransposeOp>(
                operand.getDefiningOp()))
          readByNN.insert(operand.getDefiningOp());
    });
    if (unlowerable)
      return signalPassFailure();

    ConversionTarget target(getContext());
    configureNNToTOSAConversionTarget(target);
    RewritePatternSet patterns(&getContext());
    populateNNToTOSAConversionPatterns(patterns);
    // Lower, not fold: an nn.reshape of a constant comes back as the
    // tosa.reshape it was.
    ConversionConfig config;
    config.foldingMode = DialectConversionFoldingMode::Never;
    if (failed(applyPartialConversion(func, target, std::move(patterns),
                                      config)))
      return signalPassFailure();

    IRRewriter rewriter(&getContext());
    for (Operation *op : readByNN)
      if (op->use_empty())
        rewriter.eraseOp(op);
    // Tensor constants as TOSA writes them.
    func.walk([&](arith::ConstantOp constant) {
      auto type = dyn_cast<RankedTensorType>(constant.getType());
      if (!type || !isa<FloatType, IntegerType>(type.getElementType()))
        return;
      rewriter.setInsertionPoint(constant);
      rewriter.replaceOpWithNewOp<tosa::ConstOp>(
          constant, type, cast<ElementsAttr>(constant.getValue()));
    });
  }
};

} // namespace

void bnfold::populateNNToTOSAConversionPatterns(RewritePatternSet &patterns) {
  MLIRContext *context = patterns.getContext();
  patterns.add<LowerConvolution<nn::Conv2DOp>, LowerConvolution<nn::Conv3DOp>,
               LowerConvolution<nn::DepthwiseConv2DOp>,
               LowerConvolution<nn::ConvTranspose2DOp>, LowerMatmul,
               LowerBinary<nn::AddOp, tosa::AddOp>,
               LowerBinary<nn::SubOp, tosa::SubOp>,
               LowerBinary<nn::MulOp, tosa::MulOp>,
               LowerUnary<nn::RsqrtOp, tosa::RsqrtOp>,
               LowerUnary<nn::ReciprocalOp, tosa::ReciprocalOp>, LowerReshape,
               LowerBiasAdd, LowerIdentity, LowerConcat>(context);
}

void bnfold::configureNNToTOSAConversionTarget(ConversionTarget &target) {
  target.addIllegalDialect<nn::NNDialect>();
  target.addLegalDialect<tosa::TosaDialect, arith::ArithDialect>();
}
