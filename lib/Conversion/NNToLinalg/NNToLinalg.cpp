//===- NNToLinalg.cpp - lower nn ops to linalg/tensor/arith/math ----------===//
//
// Every nn op becomes linalg.generic ops with explicit indexing maps, plus the
// tensor ops that pad, reshape and create the outputs. The lowering exists to
// *execute* models (bnfold-run), so it favours being obviously right over
// being fast: one generic per layer, all index arithmetic in affine maps.
//
//===----------------------------------------------------------------------===//

#include "bnfold/Conversion/Passes.h"
#include "bnfold/Dialect/NN/IR/NNOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/AffineExpr.h"
#include "mlir/IR/AffineMap.h"
#include "mlir/IR/PatternMatch.h"
#include "llvm/ADT/TypeSwitch.h"

namespace bnfold {
#define GEN_PASS_DEF_CONVERTNNTOLINALG
#include "bnfold/Conversion/Passes.h.inc"
} // namespace bnfold

using namespace mlir;
using namespace bnfold;
using namespace bnfold::nn;

namespace {

using IteratorType = utils::IteratorType;

//===----------------------------------------------------------------------===//
// Small helpers
//===----------------------------------------------------------------------===//

/// The type arithmetic happens in: f16/bf16 accumulate in f32 so that a long
/// reduction does not lose the precision the fold comparison needs.
Type getComputeType(Type elementType) {
  if (elementType.isF16() || elementType.isBF16())
    return Float32Type::get(elementType.getContext());
  return elementType;
}

Value convertFloat(OpBuilder &b, Location loc, Value v, Type to) {
  Type from = v.getType();
  if (from == to)
    return v;
  if (cast<FloatType>(from).getWidth() < cast<FloatType>(to).getWidth())
    return arith::ExtFOp::create(b, loc, to, v);
  return arith::TruncFOp::create(b, loc, to, v);
}

Value floatConstant(OpBuilder &b, Location loc, Type type, double value) {
  return arith::ConstantOp::create(b, loc, type, b.getFloatAttr(type, value));
}

/// Index arithmetic on OpFoldResults: folds when static, else emits arith.
struct IndexMath {
  OpBuilder &b;
  Location loc;

  Value value(OpFoldResult v) {
    if (auto attr = dyn_cast<Attribute>(v))
      return arith::ConstantIndexOp::create(b, loc,
                                            cast<IntegerAttr>(attr).getInt());
    return cast<Value>(v);
  }
  OpFoldResult add(OpFoldResult a, int64_t c) {
    if (c == 0)
      return a;
    if (auto s = getConstantIntValue(a))
      return b.getIndexAttr(*s + c);
    return arith::AddIOp::create(b, loc, value(a),
                                 arith::ConstantIndexOp::create(b, loc, c))
        .getResult();
  }
  OpFoldResult mul(OpFoldResult a, OpFoldResult c) {
    auto sa = getConstantIntValue(a), sc = getConstantIntValue(c);
    if (sa && sc)
      return b.getIndexAttr(*sa * *sc);
    if (sa == 1)
      return c;
    if (sc == 1)
      return a;
    return arith::MulIOp::create(b, loc, value(a), value(c)).getResult();
  }
  OpFoldResult div(OpFoldResult a, int64_t c) {
    if (auto s = getConstantIntValue(a))
      return b.getIndexAttr(*s / c);
    return arith::DivUIOp::create(b, loc, value(a),
                                  arith::ConstantIndexOp::create(b, loc, c))
        .getResult();
  }
  OpFoldResult div(OpFoldResult a, OpFoldResult c) {
    auto sa = getConstantIntValue(a), sc = getConstantIntValue(c);
    if (sa && sc)
      return b.getIndexAttr(*sa / *sc);
    return arith::DivUIOp::create(b, loc, value(a), value(c)).getResult();
  }
};

OpFoldResult getDim(OpBuilder &b, Location loc, Value tensor, int64_t dim) {
  auto type = cast<RankedTensorType>(tensor.getType());
  if (!type.isDynamicDim(dim))
    return b.getIndexAttr(type.getDimSize(dim));
  return tensor::DimOp::create(b, loc, tensor, dim).getResult();
}

SmallVector<OpFoldResult> getDims(OpBuilder &b, Location loc, Value tensor) {
  SmallVector<OpFoldResult> dims;
  for (int64_t d = 0, e = cast<RankedTensorType>(tensor.getType()).getRank();
       d < e; ++d)
    dims.push_back(getDim(b, loc, tensor, d));
  return dims;
}

/// Casts `v` to the type the replaced op promised (static vs dynamic dims may
/// differ between what we computed and what the op's type says).
Value castToType(OpBuilder &b, Location loc, Value v, Type type) {
  if (v.getType() == type)
    return v;
  return tensor::CastOp::create(b, loc, type, v);
}

Value filledTensor(OpBuilder &b, Location loc, ArrayRef<OpFoldResult> sizes,
                   Type elementType, double value) {
  Value empty = tensor::EmptyOp::create(b, loc, sizes, elementType);
  Value fill = floatConstant(b, loc, elementType, value);
  return linalg::FillOp::create(b, loc, ValueRange{fill}, ValueRange{empty})
      .getResult(0);
}

/// Zero-pads `input` by `low`/`high` entries per dim.
Value padWithZeros(OpBuilder &b, Location loc, Value input,
                   ArrayRef<int64_t> low, ArrayRef<int64_t> high) {
  if (llvm::all_of(low, [](int64_t v) { return v == 0; }) &&
      llvm::all_of(high, [](int64_t v) { return v == 0; }))
    return input;
  IndexMath math{b, loc};
  auto type = cast<RankedTensorType>(input.getType());
  SmallVector<OpFoldResult> inSizes = getDims(b, loc, input);
  SmallVector<OpFoldResult> padded, offsets, strides;
  for (int64_t d = 0; d < type.getRank(); ++d) {
    padded.push_back(math.add(inSizes[d], low[d] + high[d]));
    offsets.push_back(b.getIndexAttr(low[d]));
    strides.push_back(b.getIndexAttr(1));
  }
  Value zeros = filledTensor(b, loc, padded, type.getElementType(), 0.0);
  return tensor::InsertSliceOp::create(b, loc, input, zeros, offsets, inSizes,
                                       strides);
}

SmallVector<IteratorType> iterators(unsigned parallel, unsigned reduction) {
  SmallVector<IteratorType> result(parallel, IteratorType::parallel);
  result.append(reduction, IteratorType::reduction);
  return result;
}

/// Truncates an f32 accumulator tensor back to the element type (a no-op when
/// the compute type is the element type).
Value roundToElementType(OpBuilder &b, Location loc, Value acc,
                         Type elementType) {
  auto accType = cast<RankedTensorType>(acc.getType());
  if (accType.getElementType() == elementType)
    return acc;
  unsigned rank = accType.getRank();
  Value empty = tensor::EmptyOp::create(b, loc, getDims(b, loc, acc),
                                        elementType);
  AffineMap id = b.getMultiDimIdentityMap(rank);
  return linalg::GenericOp::create(
             b, loc, empty.getType(), ValueRange{acc}, ValueRange{empty},
             ArrayRef<AffineMap>{id, id}, iterators(rank, 0),
             [&](OpBuilder &nb, Location nloc, ValueRange args) {
               Value v = convertFloat(nb, nloc, args[0], elementType);
               linalg::YieldOp::create(nb, nloc, v);
             })
      .getResult(0);
}

/// An elementwise generic over a result of `sizes` with element type
/// `elementType`: operands are read through `maps` (identity for full
/// tensors, a channel map for 1-D parameters), converted to `computeType`,
/// combined by `body`, and rounded once to `elementType`.
Value buildElementwise(
    OpBuilder &b, Location loc, ArrayRef<OpFoldResult> sizes,
    Type elementType, Type computeType, ValueRange inputs,
    ArrayRef<AffineMap> inputMaps,
    function_ref<Value(OpBuilder &, Location, ValueRange)> body) {
  Value empty = tensor::EmptyOp::create(b, loc, sizes, elementType);
  SmallVector<AffineMap> maps(inputMaps);
  maps.push_back(b.getMultiDimIdentityMap(sizes.size()));
  return linalg::GenericOp::create(
             b, loc, empty.getType(), inputs, ValueRange{empty}, maps,
             iterators(sizes.size(), 0),
             [&](OpBuilder &nb, Location nloc, ValueRange args) {
               SmallVector<Value> converted;
               for (Value arg : args.drop_back())
                 converted.push_back(convertFloat(nb, nloc, arg, computeType));
               Value result = body(nb, nloc, converted);
               linalg::YieldOp::create(
                   nb, nloc, convertFloat(nb, nloc, result, elementType));
             })
      .getResult(0);
}

/// A multiply-accumulate contraction: `out[...] = bias[biasExpr] +
/// sum(lhs[...] * rhs[...])` over the reduction loops, accumulated in the
/// compute type and rounded once at the end. `outMap` must be a projected
/// permutation of the leading `numParallel` loops.
Value buildContraction(OpBuilder &b, Location loc, Value lhs, Value rhs,
                       Value bias, AffineMap lhsMap, AffineMap rhsMap,
                       AffineMap outMap, AffineExpr biasExpr,
                       ArrayRef<OpFoldResult> outSizes, unsigned numParallel,
                       unsigned numReduction, Type elementType) {
  Type accType = getComputeType(elementType);
  Value init;
  if (bias) {
    // Broadcast the bias into the accumulator; biasExpr is in terms of the
    // output dims.
    unsigned rank = outSizes.size();
    Value empty = tensor::EmptyOp::create(b, loc, outSizes, accType);
    AffineMap biasMap = AffineMap::get(rank, 0, biasExpr);
    init = linalg::GenericOp::create(
               b, loc, empty.getType(), ValueRange{bias}, ValueRange{empty},
               ArrayRef<AffineMap>{biasMap, b.getMultiDimIdentityMap(rank)},
               iterators(rank, 0),
               [&](OpBuilder &nb, Location nloc, ValueRange args) {
                 linalg::YieldOp::create(
                     nb, nloc, convertFloat(nb, nloc, args[0], accType));
               })
               .getResult(0);
  } else {
    init = filledTensor(b, loc, outSizes, accType, 0.0);
  }
  Value acc =
      linalg::GenericOp::create(
          b, loc, init.getType(), ValueRange{lhs, rhs}, ValueRange{init},
          ArrayRef<AffineMap>{lhsMap, rhsMap, outMap},
          iterators(numParallel, numReduction),
          [&](OpBuilder &nb, Location nloc, ValueRange args) {
            Value x = convertFloat(nb, nloc, args[0], accType);
            Value w = convertFloat(nb, nloc, args[1], accType);
            Value prod = arith::MulFOp::create(nb, nloc, x, w);
            Value sum = arith::AddFOp::create(nb, nloc, args[2], prod);
            linalg::YieldOp::create(nb, nloc, sum);
          })
          .getResult(0);
  return roundToElementType(b, loc, acc, elementType);
}

/// `(in + padLo + padHi - dilation * (k - 1) - 1) / stride + 1`.
/// A dynamic input smaller than the dilated kernel gives an empty output
/// (floor division, clamped at 0) rather than a bogus size.
OpFoldResult convOutputSize(IndexMath &math, OpFoldResult in, int64_t kernel,
                            int64_t padLo, int64_t padHi, int64_t stride,
                            int64_t dilation) {
  OpFoldResult span =
      math.add(in, padLo + padHi - dilation * (kernel - 1) - 1);
  if (auto s = getConstantIntValue(span))
    return math.b.getIndexAttr(*s / stride + 1);
  OpBuilder &b = math.b;
  Location loc = math.loc;
  Value quotient = arith::FloorDivSIOp::create(
      b, loc, math.value(span), arith::ConstantIndexOp::create(b, loc, stride));
  Value size = arith::AddIOp::create(b, loc, quotient,
                                     arith::ConstantIndexOp::create(b, loc, 1));
  return arith::MaxSIOp::create(b, loc, size,
                                arith::ConstantIndexOp::create(b, loc, 0))
      .getResult();
}

//===----------------------------------------------------------------------===//
// Layers
//===----------------------------------------------------------------------===//

LogicalResult requireStatic(Operation *op, RankedTensorType type,
                            ArrayRef<int64_t> dims, StringRef what) {
  for (int64_t d : dims)
    if (type.isDynamicDim(d))
      return op->emitOpError() << "cannot be lowered: " << what << " dim " << d
                               << " must be static";
  return success();
}

/// The zero-padded input of a convolution and the sizes of its output's
/// batch and spatial dims.
struct PaddedConvInput {
  Value padded;
  OpFoldResult n, oh, ow;
};

PaddedConvInput padConvInput(OpBuilder &b, Location loc, Value input,
                             bool nhwc, int64_t kh, int64_t kw,
                             ArrayRef<int64_t> strides,
                             ArrayRef<int64_t> dilations,
                             ArrayRef<int64_t> pad) {
  // Pad the spatial dims: [top, bottom, left, right].
  SmallVector<int64_t, 4> low(4, 0), high(4, 0);
  unsigned hDim = nhwc ? 1 : 2, wDim = nhwc ? 2 : 3;
  low[hDim] = pad[0], high[hDim] = pad[1];
  low[wDim] = pad[2], high[wDim] = pad[3];
  Value padded = padWithZeros(b, loc, input, low, high);

  IndexMath math{b, loc};
  OpFoldResult oh = convOutputSize(math, getDim(b, loc, input, hDim), kh,
                                   pad[0], pad[1], strides[0], dilations[0]);
  OpFoldResult ow = convOutputSize(math, getDim(b, loc, input, wDim), kw,
                                   pad[2], pad[3], strides[1], dilations[1]);
  return {padded, getDim(b, loc, input, 0), oh, ow};
}

FailureOr<Value> lowerConv2D(OpBuilder &b, Conv2DOp op) {
  Location loc = op.getLoc();
  bool nhwc = op.getLayout() == Layout::NHWC;
  RankedTensorType filterType = op.getFilter().getType();
  if (failed(requireStatic(op, filterType, {0, 1, 2, 3}, "filter")))
    return failure();
  ArrayRef<int64_t> f = filterType.getShape();
  int64_t kh = nhwc ? f[0] : f[2], kw = nhwc ? f[1] : f[3];
  int64_t cinPerGroup = nhwc ? f[2] : f[1];
  int64_t cout = nhwc ? f[3] : f[0];
  int64_t groups = op.getGroups();
  int64_t coutPerGroup = cout / groups;
  ArrayRef<int64_t> s = op.getStrides(), dil = op.getDilations();
  auto [padded, n, oh, ow] =
      padConvInput(b, loc, op.getInput(), nhwc, kh, kw, s, dil,
                   op.getPadding());

  // Loops: (n, oh, ow, co, kh, kw, ci); the input channel of output channel
  // co and group-local input channel ci is (co / coutPerGroup) * cinPerGroup
  // + ci.
  MLIRContext *ctx = b.getContext();
  AffineExpr dn, doh, dow, dco, dkh, dkw, dci;
  bindDims(ctx, dn, doh, dow, dco, dkh, dkw, dci);
  AffineExpr ih = doh * s[0] + dkh * dil[0];
  AffineExpr iw = dow * s[1] + dkw * dil[1];
  AffineExpr ic = dco.floorDiv(coutPerGroup) * cinPerGroup + dci;
  AffineMap inMap, filterMap, outMap;
  SmallVector<OpFoldResult> outSizes;
  AffineExpr biasExpr;
  if (nhwc) {
    inMap = AffineMap::get(7, 0, {dn, ih, iw, ic}, ctx);
    filterMap = AffineMap::get(7, 0, {dkh, dkw, dci, dco}, ctx);
    outMap = AffineMap::get(7, 0, {dn, doh, dow, dco}, ctx);
    outSizes = {n, oh, ow, b.getIndexAttr(cout)};
    biasExpr = getAffineDimExpr(3, ctx);
  } else {
    inMap = AffineMap::get(7, 0, {dn, ic, ih, iw}, ctx);
    filterMap = AffineMap::get(7, 0, {dco, dci, dkh, dkw}, ctx);
    outMap = AffineMap::get(7, 0, {dn, dco, doh, dow}, ctx);
    outSizes = {n, b.getIndexAttr(cout), oh, ow};
    biasExpr = getAffineDimExpr(1, ctx);
  }
  return buildContraction(b, loc, padded, op.getFilter(), op.getBias(), inMap,
                          filterMap, outMap, biasExpr, outSizes, 4, 3,
                          filterType.getElementType());
}

FailureOr<Value> lowerDepthwise(OpBuilder &b, DepthwiseConv2DOp op) {
  Location loc = op.getLoc();
  bool nhwc = op.getLayout() == Layout::NHWC;
  RankedTensorType filterType = op.getFilter().getType();
  if (failed(requireStatic(op, filterType, {0, 1, 2, 3}, "filter")) ||
      failed(requireStatic(op, op.getInput().getType(), {nhwc ? 3 : 1},
                           "input channel")))
    return failure();
  ArrayRef<int64_t> f = filterType.getShape();
  int64_t channels = op.getInput().getType().getDimSize(nhwc ? 3 : 1);
  int64_t kh = nhwc ? f[0] : f[2], kw = nhwc ? f[1] : f[3];
  int64_t mult = op.getChannelMultiplier();
  ArrayRef<int64_t> s = op.getStrides(), dil = op.getDilations();
  auto [padded, n, oh, ow] =
      padConvInput(b, loc, op.getInput(), nhwc, kh, kw, s, dil,
                   op.getPadding());

  // The result is computed with separate channel and multiplier dims and
  // then collapsed, which makes output channel c * M + m by construction.
  // Loops: (n, oh, ow, c, m, kh, kw).
  MLIRContext *ctx = b.getContext();
  AffineExpr dn, doh, dow, dc, dm, dkh, dkw;
  bindDims(ctx, dn, doh, dow, dc, dm, dkh, dkw);
  AffineExpr ih = doh * s[0] + dkh * dil[0];
  AffineExpr iw = dow * s[1] + dkw * dil[1];
  AffineMap inMap, filterMap, outMap;
  SmallVector<OpFoldResult> outSizes;
  AffineExpr biasExpr;
  SmallVector<ReassociationIndices> collapse;
  OpFoldResult c = b.getIndexAttr(channels), m = b.getIndexAttr(mult);
  if (nhwc) {
    // Output [N, OH, OW, C, M]; filter [H, W, C, M].
    inMap = AffineMap::get(7, 0, {dn, ih, iw, dc}, ctx);
    filterMap = AffineMap::get(7, 0, {dkh, dkw, dc, dm}, ctx);
    outMap = AffineMap::get(7, 0, {dn, doh, dow, dc, dm}, ctx);
    outSizes = {n, oh, ow, c, m};
    biasExpr = getAffineDimExpr(3, ctx) * mult + getAffineDimExpr(4, ctx);
    collapse = {{0}, {1}, {2}, {3, 4}};
  } else {
    // Output [N, C, M, OH, OW]; filter [C * M, 1, H, W].
    inMap = AffineMap::get(7, 0, {dn, dc, ih, iw}, ctx);
    filterMap = AffineMap::get(
        7, 0, {dc * mult + dm, getAffineConstantExpr(0, ctx), dkh, dkw}, ctx);
    outMap = AffineMap::get(7, 0, {dn, dc, dm, doh, dow}, ctx);
    outSizes = {n, c, m, oh, ow};
    biasExpr = getAffineDimExpr(1, ctx) * mult + getAffineDimExpr(2, ctx);
    collapse = {{0}, {1, 2}, {3}, {4}};
  }
  Value result = buildContraction(b, loc, padded, op.getFilter(), op.getBias(),
                                  inMap, filterMap, outMap, biasExpr, outSizes,
                                  5, 2, filterType.getElementType());
  return tensor::CollapseShapeOp::create(b, loc, result, collapse).getResult();
}

FailureOr<Value> lowerMatmul(OpBuilder &b, MatmulOp op) {
  Location loc = op.getLoc();
  MLIRContext *ctx = b.getContext();
  Value lhs = op.getLhs(), rhs = op.getRhs();
  int64_t rank = op.getLhs().getType().getRank();
  unsigned batch = rank - 2;
  bool tl = op.getTransposeLhs(), tr = op.getTransposeRhs();
  // Loops: (batch..., m, n, k).
  unsigned numLoops = rank + 1;
  SmallVector<AffineExpr> lhsExprs, outExprs;
  for (unsigned d = 0; d < batch; ++d) {
    lhsExprs.push_back(getAffineDimExpr(d, ctx));
    outExprs.push_back(getAffineDimExpr(d, ctx));
  }
  AffineExpr dm = getAffineDimExpr(batch, ctx),
             dn = getAffineDimExpr(batch + 1, ctx),
             dk = getAffineDimExpr(batch + 2, ctx);
  lhsExprs.append(tl ? SmallVector<AffineExpr>{dk, dm}
                     : SmallVector<AffineExpr>{dm, dk});
  outExprs.append({dm, dn});
  AffineMap lhsMap = AffineMap::get(numLoops, 0, lhsExprs, ctx);
  AffineMap rhsMap = AffineMap::get(numLoops, 0,
                                    tr ? ArrayRef<AffineExpr>{dn, dk}
                                       : ArrayRef<AffineExpr>{dk, dn},
                                    ctx);
  AffineMap outMap = AffineMap::get(numLoops, 0, outExprs, ctx);
  SmallVector<OpFoldResult> outSizes;
  for (unsigned d = 0; d < batch; ++d)
    outSizes.push_back(getDim(b, loc, lhs, d));
  outSizes.push_back(getDim(b, loc, lhs, tl ? rank - 1 : rank - 2));
  outSizes.push_back(getDim(b, loc, rhs, tr ? 0 : 1));
  return buildContraction(b, loc, lhs, rhs, op.getBias(), lhsMap, rhsMap,
                          outMap, getAffineDimExpr(rank - 1, ctx), outSizes,
                          rank, 1, op.getType().getElementType());
}

//===----------------------------------------------------------------------===//
// Per-channel and elementwise ops
//===----------------------------------------------------------------------===//

/// Maps for [input, params...] of a per-channel op: identity for the input,
/// `(d_featureDim)` for each 1-D parameter.
SmallVector<AffineMap> channelMaps(OpBuilder &b, unsigned rank,
                                   AffineExpr channel, unsigned numParams) {
  SmallVector<AffineMap> maps{b.getMultiDimIdentityMap(rank)};
  for (unsigned i = 0; i < numParams; ++i)
    maps.push_back(AffineMap::get(rank, 0, channel));
  return maps;
}

FailureOr<Value> lowerBatchNorm(OpBuilder &b, BatchNormOp op) {
  Location loc = op.getLoc();
  Type elementType = op.getType().getElementType();
  Type computeType = getComputeType(elementType);
  unsigned rank = op.getType().getRank();
  SmallVector<Value> inputs{op.getInput(), op.getMean(), op.getVariance()};
  Value scale = op.getScale(), offset = op.getOffset();
  if (scale)
    inputs.push_back(scale);
  if (offset)
    inputs.push_back(offset);
  double epsilon = op.getEpsilon().convertToDouble();
  AffineExpr channel = getAffineDimExpr(op.getFeatureDim(), b.getContext());
  return buildElementwise(
      b, loc, getDims(b, loc, op.getInput()), elementType, computeType, inputs,
      channelMaps(b, rank, channel, inputs.size() - 1),
      [&](OpBuilder &nb, Location nloc, ValueRange args) -> Value {
        // (x - mean) / sqrt(variance + epsilon) * scale + offset
        Value eps = floatConstant(nb, nloc, computeType, epsilon);
        Value centered = arith::SubFOp::create(nb, nloc, args[0], args[1]);
        Value stddev = math::SqrtOp::create(
            nb, nloc, arith::AddFOp::create(nb, nloc, args[2], eps));
        Value y = arith::DivFOp::create(nb, nloc, centered, stddev);
        unsigned next = 3;
        if (scale)
          y = arith::MulFOp::create(nb, nloc, y, args[next++]);
        if (offset)
          y = arith::AddFOp::create(nb, nloc, y, args[next++]);
        return y;
      });
}

FailureOr<Value> lowerBiasAdd(OpBuilder &b, BiasAddOp op) {
  Type elementType = op.getType().getElementType();
  AffineExpr channel = getAffineDimExpr(op.getFeatureDim(), b.getContext());
  return buildElementwise(
      b, op.getLoc(), getDims(b, op.getLoc(), op.getInput()), elementType,
      getComputeType(elementType), ValueRange{op.getInput(), op.getBias()},
      channelMaps(b, op.getType().getRank(), channel, 1),
      [](OpBuilder &nb, Location nloc, ValueRange args) -> Value {
        return arith::AddFOp::create(nb, nloc, args[0], args[1]);
      });
}

FailureOr<Value> lowerRelu(OpBuilder &b, ReluOp op) {
  Type elementType = op.getType().getElementType();
  Type computeType = getComputeType(elementType);
  return buildElementwise(
      b, op.getLoc(), getDims(b, op.getLoc(), op.getInput()), elementType,
      computeType, ValueRange{op.getInput()},
      {b.getMultiDimIdentityMap(op.getType().getRank())},
      [&](OpBuilder &nb, Location nloc, ValueRange args) -> Value {
        Value zero = floatConstant(nb, nloc, computeType, 0.0);
        return arith::MaximumFOp::create(nb, nloc, args[0], zero);
      });
}

FailureOr<Value> lowerAdd(OpBuilder &b, AddOp op) {
  Type elementType = op.getType().getElementType();
  AffineMap id = b.getMultiDimIdentityMap(op.getType().getRank());
  return buildElementwise(
      b, op.getLoc(), getDims(b, op.getLoc(), op.getLhs()), elementType,
      getComputeType(elementType), ValueRange{op.getLhs(), op.getRhs()},
      {id, id}, [](OpBuilder &nb, Location nloc, ValueRange args) -> Value {
        return arith::AddFOp::create(nb, nloc, args[0], args[1]);
      });
}

/// `scale / sqrt(variance + epsilon)` in f64 (absent scale = 1).
Value foldFactor(OpBuilder &b, Location loc, Value variance, Value scale,
                 double epsilon) {
  Type f64 = b.getF64Type();
  Value eps = floatConstant(b, loc, f64, epsilon);
  Value stddev = math::SqrtOp::create(
      b, loc, arith::AddFOp::create(b, loc, variance, eps));
  Value numerator = scale ? scale : floatConstant(b, loc, f64, 1.0);
  return arith::DivFOp::create(b, loc, numerator, stddev);
}

FailureOr<Value> lowerBNFoldWeights(OpBuilder &b, BNFoldWeightsOp op) {
  MLIRContext *ctx = b.getContext();
  RankedTensorType type = op.getWeights().getType();
  ArrayRef<int64_t> dims = op.getChannelDims();
  // The channel is the row-major flattening of the channel dims.
  AffineExpr channel = getAffineDimExpr(dims.front(), ctx);
  for (int64_t d : dims.drop_front()) {
    if (failed(requireStatic(op, type, {d}, "inner channel")))
      return failure();
    channel = channel * type.getDimSize(d) + getAffineDimExpr(d, ctx);
  }
  SmallVector<Value> inputs{op.getWeights(), op.getVariance()};
  Value scale = op.getScale();
  if (scale)
    inputs.push_back(scale);
  double epsilon = op.getEpsilon().convertToDouble();
  return buildElementwise(
      b, op.getLoc(), getDims(b, op.getLoc(), op.getWeights()),
      type.getElementType(), b.getF64Type(), inputs,
      channelMaps(b, type.getRank(), channel, inputs.size() - 1),
      [&](OpBuilder &nb, Location nloc, ValueRange args) -> Value {
        Value factor = foldFactor(nb, nloc, args[1],
                                  scale ? args[2] : Value(), epsilon);
        return arith::MulFOp::create(nb, nloc, args[0], factor);
      });
}

FailureOr<Value> lowerBNFoldBias(OpBuilder &b, BNFoldBiasOp op) {
  SmallVector<Value> inputs{op.getMean(), op.getVariance()};
  Value bias = op.getBias(), scale = op.getScale(), offset = op.getOffset();
  for (Value v : {bias, scale, offset})
    if (v)
      inputs.push_back(v);
  double epsilon = op.getEpsilon().convertToDouble();
  AffineMap id = b.getMultiDimIdentityMap(1);
  SmallVector<AffineMap> maps(inputs.size(), id);
  return buildElementwise(
      b, op.getLoc(), getDims(b, op.getLoc(), op.getMean()),
      op.getType().getElementType(), b.getF64Type(), inputs, maps,
      [&](OpBuilder &nb, Location nloc, ValueRange args) -> Value {
        // (bias - mean) * scale / sqrt(variance + epsilon) + offset
        unsigned next = 2;
        Value biasV = bias ? args[next++] : floatConstant(nb, nloc,
                                                          nb.getF64Type(), 0);
        Value scaleV = scale ? args[next++] : Value();
        Value offsetV = offset ? args[next++] : Value();
        Value factor = foldFactor(nb, nloc, args[1], scaleV, epsilon);
        Value y = arith::MulFOp::create(
            nb, nloc, arith::SubFOp::create(nb, nloc, biasV, args[0]), factor);
        if (offsetV)
          y = arith::AddFOp::create(nb, nloc, y, offsetV);
        return y;
      });
}

//===----------------------------------------------------------------------===//
// Structural ops
//===----------------------------------------------------------------------===//

FailureOr<Value> lowerReshape(OpBuilder &b, ReshapeOp op) {
  Location loc = op.getLoc();
  RankedTensorType inType = op.getInput().getType(), outType = op.getType();
  if (inType.getRank() == 0 || outType.getRank() == 0) {
    // Every rank-0 reshape has static shapes: reshape by a constant shape.
    SmallVector<int64_t> shape(outType.getShape());
    auto shapeType = RankedTensorType::get({(int64_t)shape.size()},
                                           b.getIndexType());
    SmallVector<Attribute> attrs;
    for (int64_t d : shape)
      attrs.push_back(b.getIndexAttr(d));
    Value shapeValue = arith::ConstantOp::create(
        b, loc, DenseElementsAttr::get(shapeType, attrs));
    return tensor::ReshapeOp::create(b, loc, outType, op.getInput(),
                                     shapeValue)
        .getResult();
  }
  // Row-major reinterpretation: flatten to 1-D, then expand to the result.
  IndexMath math{b, loc};
  OpFoldResult total = b.getIndexAttr(1);
  for (OpFoldResult d : getDims(b, loc, op.getInput()))
    total = math.mul(total, d);
  SmallVector<ReassociationIndices> all(1);
  for (int64_t d = 0; d < inType.getRank(); ++d)
    all[0].push_back(d);
  Value flat =
      tensor::CollapseShapeOp::create(b, loc, op.getInput(), all).getResult();
  SmallVector<ReassociationIndices> outAll(1);
  int64_t staticProduct = 1;
  for (int64_t d = 0; d < outType.getRank(); ++d) {
    outAll[0].push_back(d);
    if (!outType.isDynamicDim(d))
      staticProduct *= outType.getDimSize(d);
  }
  SmallVector<OpFoldResult> outShape;
  for (int64_t d = 0; d < outType.getRank(); ++d)
    outShape.push_back(outType.isDynamicDim(d)
                           ? math.div(total, staticProduct)
                           : b.getIndexAttr(outType.getDimSize(d)));
  return tensor::ExpandShapeOp::create(b, loc, outType, flat, outAll, outShape)
      .getResult();
}

FailureOr<Value> lowerSpaceToBatch(OpBuilder &b, SpaceToBatchOp op) {
  Location loc = op.getLoc();
  MLIRContext *ctx = b.getContext();
  bool nhwc = op.getLayout() == Layout::NHWC;
  ArrayRef<int64_t> block = op.getBlockShape(), pads = op.getPaddings();
  int64_t bh = block[0], bw = block[1];
  unsigned hDim = nhwc ? 1 : 2, wDim = nhwc ? 2 : 3;
  SmallVector<int64_t, 4> low(4, 0), high(4, 0);
  low[hDim] = pads[0], high[hDim] = pads[1];
  low[wDim] = pads[2], high[wDim] = pads[3];
  Value padded = padWithZeros(b, loc, op.getInput(), low, high);

  // Output viewed as [bh, bw, N, rest...] so that collapsing the first three
  // dims gives batch (i * bw + j) * N + n. Loops = output dims.
  IndexMath math{b, loc};
  SmallVector<OpFoldResult> pd = getDims(b, loc, padded);
  SmallVector<OpFoldResult> outSizes{b.getIndexAttr(bh), b.getIndexAttr(bw),
                                     pd[0]};
  AffineExpr di = getAffineDimExpr(0, ctx), dj = getAffineDimExpr(1, ctx),
             dn = getAffineDimExpr(2, ctx), d3 = getAffineDimExpr(3, ctx),
             d4 = getAffineDimExpr(4, ctx), d5 = getAffineDimExpr(5, ctx);
  AffineMap inMap;
  if (nhwc) {
    outSizes.append({math.div(pd[1], bh), math.div(pd[2], bw), pd[3]});
    inMap = AffineMap::get(6, 0, {dn, d3 * bh + di, d4 * bw + dj, d5}, ctx);
  } else {
    outSizes.append({pd[1], math.div(pd[2], bh), math.div(pd[3], bw)});
    inMap = AffineMap::get(6, 0, {dn, d3, d4 * bh + di, d5 * bw + dj}, ctx);
  }
  Type elementType = op.getType().getElementType();
  Value empty = tensor::EmptyOp::create(b, loc, outSizes, elementType);
  Value blocks =
      linalg::GenericOp::create(
          b, loc, empty.getType(), ValueRange{padded}, ValueRange{empty},
          ArrayRef<AffineMap>{inMap, b.getMultiDimIdentityMap(6)},
          iterators(6, 0),
          [](OpBuilder &nb, Location nloc, ValueRange args) {
            linalg::YieldOp::create(nb, nloc, args[0]);
          })
          .getResult(0);
  return tensor::CollapseShapeOp::create(
             b, loc, blocks,
             ArrayRef<ReassociationIndices>{{0, 1, 2}, {3}, {4}, {5}})
      .getResult();
}

FailureOr<Value> lowerBatchToSpace(OpBuilder &b, BatchToSpaceOp op) {
  Location loc = op.getLoc();
  MLIRContext *ctx = b.getContext();
  bool nhwc = op.getLayout() == Layout::NHWC;
  ArrayRef<int64_t> block = op.getBlockShape(), crops = op.getCrops();
  int64_t bh = block[0], bw = block[1];
  Value input = op.getInput();
  IndexMath math{b, loc};
  SmallVector<OpFoldResult> in = getDims(b, loc, input);

  // View the input batch as [bh, bw, N].
  OpFoldResult n = math.div(in[0], bh * bw);
  SmallVector<OpFoldResult> expandedSizes{b.getIndexAttr(bh),
                                          b.getIndexAttr(bw), n, in[1], in[2],
                                          in[3]};
  SmallVector<int64_t> expandedShape;
  for (OpFoldResult s : expandedSizes)
    expandedShape.push_back(getConstantIntValue(s).value_or(
        ShapedType::kDynamic));
  auto expandedType = RankedTensorType::get(expandedShape,
                                            op.getType().getElementType());
  Value expanded =
      tensor::ExpandShapeOp::create(
          b, loc, expandedType, input,
          ArrayRef<ReassociationIndices>{{0, 1, 2}, {3}, {4}, {5}},
          expandedSizes)
          .getResult();

  // Output pixel y comes from block row (y + top) mod bh of input row
  // (y + top) floordiv bh; likewise for columns. Loops = output dims.
  unsigned hDim = nhwc ? 1 : 2, wDim = nhwc ? 2 : 3;
  SmallVector<OpFoldResult> outSizes{n, in[1], in[2], in[3]};
  outSizes[hDim] =
      math.add(math.mul(in[hDim], b.getIndexAttr(bh)), -crops[0] - crops[1]);
  outSizes[wDim] =
      math.add(math.mul(in[wDim], b.getIndexAttr(bw)), -crops[2] - crops[3]);
  AffineExpr y = getAffineDimExpr(hDim, ctx) + crops[0];
  AffineExpr x = getAffineDimExpr(wDim, ctx) + crops[2];
  AffineExpr dn = getAffineDimExpr(0, ctx);
  AffineMap inMap;
  if (nhwc)
    inMap = AffineMap::get(4, 0,
                           {y % bh, x % bw, dn, y.floorDiv(bh), x.floorDiv(bw),
                            getAffineDimExpr(3, ctx)},
                           ctx);
  else
    inMap = AffineMap::get(4, 0,
                           {y % bh, x % bw, dn, getAffineDimExpr(1, ctx),
                            y.floorDiv(bh), x.floorDiv(bw)},
                           ctx);
  Value empty = tensor::EmptyOp::create(b, loc, outSizes,
                                        op.getType().getElementType());
  return linalg::GenericOp::create(
             b, loc, empty.getType(), ValueRange{expanded}, ValueRange{empty},
             ArrayRef<AffineMap>{inMap, b.getMultiDimIdentityMap(4)},
             iterators(4, 0),
             [](OpBuilder &nb, Location nloc, ValueRange args) {
               linalg::YieldOp::create(nb, nloc, args[0]);
             })
      .getResult(0);
}

FailureOr<Value> lowerOp(OpBuilder &b, Operation *op) {
  return llvm::TypeSwitch<Operation *, FailureOr<Value>>(op)
      .Case([&](Conv2DOp o) { return lowerConv2D(b, o); })
      .Case([&](DepthwiseConv2DOp o) { return lowerDepthwise(b, o); })
      .Case([&](MatmulOp o) { return lowerMatmul(b, o); })
      .Case([&](BatchNormOp o) { return lowerBatchNorm(b, o); })
      .Case([&](BiasAddOp o) { return lowerBiasAdd(b, o); })
      .Case([&](IdentityOp o) -> FailureOr<Value> { return o.getInput(); })
      .Case([&](ReshapeOp o) { return lowerReshape(b, o); })
      .Case([&](SpaceToBatchOp o) { return lowerSpaceToBatch(b, o); })
      .Case([&](BatchToSpaceOp o) { return lowerBatchToSpace(b, o); })
      .Case([&](ReluOp o) { return lowerRelu(b, o); })
      .Case([&](AddOp o) { return lowerAdd(b, o); })
      .Case([&](BNFoldWeightsOp o) { return lowerBNFoldWeights(b, o); })
      .Case([&](BNFoldBiasOp o) { return lowerBNFoldBias(b, o); })
      .Default([&](Operation *other) -> FailureOr<Value> {
        return other->emitOpError("has no lowering to linalg");
      });
}

struct ConvertNNToLinalgPass
    : public bnfold::impl::ConvertNNToLinalgBase<ConvertNNToLinalgPass> {
  void runOnOperation() override {
    // Ops are lowered one at a time in program order; each one's operands are
    // already tensors, so no type conversion is involved.
    SmallVector<Operation *> nnOps;
    getOperation().walk([&](Operation *op) {
      if (isa<NNDialect>(op->getDialect()))
        nnOps.push_back(op);
    });
    IRRewriter rewriter(&getContext());
    for (Operation *op : nnOps) {
      rewriter.setInsertionPoint(op);
      FailureOr<Value> lowered = lowerOp(rewriter, op);
      if (failed(lowered))
        return signalPassFailure();
      rewriter.replaceOp(op, castToType(rewriter, op->getLoc(), *lowered,
                                        op->getResult(0).getType()));
    }
  }
};

} // namespace
