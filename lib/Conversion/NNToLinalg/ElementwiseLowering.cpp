//===- ElementwiseLowering.cpp - nn elementwise ops to linalg -------------===//
//
// Each elementwise nn op is one elementwise linalg.generic whose body is the
// op's arithmetic on the compute type (f32 for f16/bf16, rounded once to the
// element type at the end, as every nn op does).
//
// Binary ops broadcast like NumPy: the operands are aligned at their last
// dim, and each operand dim is read through the generic's indexing map:
// - a dim the operand does not have is left out of its map;
// - a static 1 facing a result dim that is not static 1 is read at index 0;
// - any other dim (equal to the result's, which the verifier checked) is
//   read at the result's index.
// Dynamic dims do not broadcast at run time (the verifier rejects a dynamic
// dim facing a static one other than 1, and a dynamic result dim that no
// operand's dynamic dim faces), so a dynamic result dim is the size of an
// operand's dynamic dim.
//
//===----------------------------------------------------------------------===//

#include "LoweringUtils.h"
#include "bnfold/Dialect/NN/IR/NNOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/AffineExpr.h"
#include "mlir/Transforms/DialectConversion.h"

using namespace mlir;
using namespace bnfold;
using namespace bnfold::nn;
using namespace bnfold::nn_to_linalg;

namespace {

//===----------------------------------------------------------------------===//
// Broadcasting
//===----------------------------------------------------------------------===//

/// The map through which the broadcast iteration over `result` reads
/// `operand` (both ranked; `operand`'s dims align with `result`'s last).
AffineMap broadcastMap(OpBuilder &b, RankedTensorType operand,
                       RankedTensorType result) {
  int64_t leading = result.getRank() - operand.getRank();
  SmallVector<AffineExpr> exprs;
  for (auto [i, size] : llvm::enumerate(operand.getShape())) {
    int64_t d = leading + i;
    exprs.push_back(size == 1 && result.getDimSize(d) != 1
                        ? b.getAffineConstantExpr(0)
                        : b.getAffineDimExpr(d));
  }
  return AffineMap::get(result.getRank(), 0, exprs, b.getContext());
}

/// The runtime sizes of a broadcast `result`: its static dims, and for each
/// dynamic one the size of an operand dim facing it, which the verifier
/// requires to be dynamic too.
SmallVector<OpFoldResult> broadcastSizes(OpBuilder &b, Location loc,
                                         RankedTensorType result,
                                         ValueRange operands) {
  SmallVector<OpFoldResult> sizes;
  for (auto [d, size] : llvm::enumerate(result.getShape())) {
    if (!ShapedType::isDynamic(size)) {
      sizes.push_back(b.getIndexAttr(size));
      continue;
    }
    for (Value operand : operands) {
      auto type = cast<RankedTensorType>(operand.getType());
      std::optional<int64_t> aligned =
          getAlignedOperandDim(type.getRank(), result.getRank(), d);
      if (aligned && type.isDynamicDim(*aligned)) {
        sizes.push_back(tensor::getMixedSizes(b, loc, operand)[*aligned]);
        break;
      }
    }
  }
  return sizes;
}

/// `lhs <ArithOp> rhs` with NumPy broadcasting.
template <typename OpTy, typename ArithOp>
struct BroadcastBinaryLowering : public OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;
  using OpAdaptor = typename OpTy::Adaptor;

  LogicalResult
  matchAndRewrite(OpTy op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto resultType = cast<RankedTensorType>(op.getType());
    Type elementType = resultType.getElementType();
    Value lhs = adaptor.getLhs(), rhs = adaptor.getRhs();
    SmallVector<AffineMap> maps;
    for (Value operand : {lhs, rhs})
      maps.push_back(broadcastMap(
          rewriter, cast<RankedTensorType>(operand.getType()), resultType));
    Value result = buildElementwise(
        rewriter, loc, broadcastSizes(rewriter, loc, resultType, {lhs, rhs}),
        elementType, getComputeType(elementType), ValueRange{lhs, rhs}, maps,
        [](OpBuilder &b, Location nloc, ValueRange args) -> Value {
          return ArithOp::create(b, nloc, args[0], args[1]);
        });
    rewriter.replaceOp(op, castToType(rewriter, loc, result, resultType));
    return success();
  }
};

//===----------------------------------------------------------------------===//
// Unary ops
//===----------------------------------------------------------------------===//

Value reluOf(OpBuilder &b, Location loc, Value x) {
  return arith::MaximumFOp::create(
      b, loc, x, floatConstant(b, loc, x.getType(), 0.0));
}

Value sqrtOf(OpBuilder &b, Location loc, Value x) {
  return math::SqrtOp::create(b, loc, x);
}

Value reciprocalOf(OpBuilder &b, Location loc, Value x) {
  return arith::DivFOp::create(b, loc, floatConstant(b, loc, x.getType(), 1.0),
                               x);
}

/// `1 / sqrt(x)`, two roundings in the compute type, written out rather
/// than `math.rsqrt` so that no later pipeline may turn it into an
/// approximation.
Value rsqrtOf(OpBuilder &b, Location loc, Value x) {
  return reciprocalOf(b, loc, sqrtOf(b, loc, x));
}

/// `compute(x)` per element.
template <typename OpTy, Value (*compute)(OpBuilder &, Location, Value)>
struct UnaryLowering : public OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;
  using OpAdaptor = typename OpTy::Adaptor;

  LogicalResult
  matchAndRewrite(OpTy op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value input = adaptor.getInput();
    Type elementType = op.getType().getElementType();
    rewriter.replaceOp(
        op, buildElementwise(
                rewriter, loc, tensor::getMixedSizes(rewriter, loc, input),
                elementType, getComputeType(elementType), ValueRange{input},
                {rewriter.getMultiDimIdentityMap(op.getType().getRank())},
                [](OpBuilder &b, Location nloc, ValueRange args) {
                  return compute(b, nloc, args[0]);
                }));
    return success();
  }
};

} // namespace

void bnfold::nn_to_linalg::populateElementwiseLoweringPatterns(
    RewritePatternSet &patterns) {
  patterns.add<BroadcastBinaryLowering<AddOp, arith::AddFOp>,
               BroadcastBinaryLowering<SubOp, arith::SubFOp>,
               BroadcastBinaryLowering<MulOp, arith::MulFOp>,
               BroadcastBinaryLowering<DivOp, arith::DivFOp>,
               UnaryLowering<ReluOp, reluOf>, UnaryLowering<SqrtOp, sqrtOf>,
               UnaryLowering<RsqrtOp, rsqrtOf>,
               UnaryLowering<ReciprocalOp, reciprocalOf>>(
      patterns.getContext());
}
