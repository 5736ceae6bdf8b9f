//===- NNToLinalg.cpp - nn to linalg conversion patterns ------------------===//
//
// One conversion pattern per nn op:
//
// - Layers become named linalg ops where one matches their layout, so that
//   upstream tiling and vectorization apply: matmul and batch_matmul here,
//   the convolutions in ConvolutionLowering.cpp (which also builds the
//   generics for the layouts without a named op).
// - Per-channel ops are elementwise linalg.generics that read their
//   parameters along the feature dim; the elementwise ops (broadcasting
//   binary ones included) are in ElementwiseLowering.cpp.
// - Structural ops are tensor.pad / expand_shape / collapse_shape /
//   extract_slice around a linalg.transpose.
//
// Numerics, which the fold's legality checks rely on: f16 and bf16 ops
// compute in f32 (accumulators included) and round once to the element type
// at the end of each op; f32 and f64 compute in their own type;
// bn_fold_weights and bn_fold_bias compute in f64 and round once, as their
// folders do.
//
// Shapes: sizes are OpFoldResults (tensor::getMixedSizes), size arithmetic
// is composed and folded affine.apply/affine.max, so static shapes stay
// static and dynamic dims work everywhere. Zero-sized dims are ordinary
// sizes; the one special case is padding a statically empty tensor (below).
//
//===----------------------------------------------------------------------===//

#include "bnfold/Conversion/NNToLinalg/NNToLinalg.h"
#include "LoweringUtils.h"
#include "bnfold/Dialect/NN/IR/NNOps.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/IR/AffineExpr.h"
#include "mlir/IR/AffineMap.h"
#include "mlir/Transforms/DialectConversion.h"

using namespace mlir;
using namespace bnfold;
using namespace bnfold::nn;
using namespace bnfold::nn_to_linalg;

namespace bnfold::nn_to_linalg {

//===----------------------------------------------------------------------===//
// Element types
//===----------------------------------------------------------------------===//

/// The type arithmetic happens in: f16/bf16 compute in f32.
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

//===----------------------------------------------------------------------===//
// Shapes
//===----------------------------------------------------------------------===//

Type elementTypeOf(Value v) {
  return cast<RankedTensorType>(v.getType()).getElementType();
}

SmallVector<int64_t> staticShape(ArrayRef<OpFoldResult> sizes) {
  return llvm::map_to_vector(sizes, [](OpFoldResult size) {
    return getConstantIntValue(size).value_or(ShapedType::kDynamic);
  });
}

/// A tensor with a static 0 dim: it holds no elements whatever its other
/// dims are at run time.
bool isStaticallyEmpty(Value v) {
  return llvm::is_contained(cast<RankedTensorType>(v.getType()).getShape(), 0);
}

/// `type`'s static dims, the rest from `sizes`: the result dims of an op
/// whose type the verifier has checked against the computed ones.
SmallVector<OpFoldResult> preferStatic(OpBuilder &b, RankedTensorType type,
                                       ArrayRef<OpFoldResult> sizes) {
  SmallVector<OpFoldResult> result(sizes);
  for (auto [d, size] : llvm::enumerate(type.getShape()))
    if (!ShapedType::isDynamic(size))
      result[d] = b.getIndexAttr(size);
  return result;
}

/// Splits dim `dim` of `value` into dims of sizes `parts` (row-major).
Value expandDim(OpBuilder &b, Location loc, Value value, int64_t dim,
                ArrayRef<OpFoldResult> parts) {
  auto type = cast<RankedTensorType>(value.getType());
  SmallVector<int64_t> partShape = staticShape(parts);
  // A dynamic dim expands into dynamic parts only, a static one into static
  // parts only: cast the dim to match.
  bool dynamicParts = ShapedType::isDynamicShape(partShape);
  if (type.isDynamicDim(dim) != dynamicParts) {
    SmallVector<int64_t> shape(type.getShape());
    shape[dim] = dynamicParts ? ShapedType::kDynamic
                              : ShapedType::getNumElements(partShape);
    value = tensor::CastOp::create(b, loc, type.clone(shape), value);
  }
  SmallVector<OpFoldResult> sizes = tensor::getMixedSizes(b, loc, value);
  SmallVector<OpFoldResult> outSizes(sizes.begin(), sizes.begin() + dim);
  llvm::append_range(outSizes, parts);
  outSizes.append(sizes.begin() + dim + 1, sizes.end());
  SmallVector<ReassociationIndices> groups;
  for (int64_t d = 0, next = 0; d < type.getRank(); ++d) {
    int64_t width = d == dim ? parts.size() : 1;
    groups.push_back(llvm::to_vector(llvm::seq(next, next + width)));
    next += width;
  }
  auto resultType = RankedTensorType::get(staticShape(outSizes),
                                          type.getElementType());
  return tensor::ExpandShapeOp::create(b, loc, resultType, value, groups,
                                       outSizes);
}

/// Casts `v` to the type the replaced op promised (what we computed may be
/// static where the op's type is dynamic, or the other way round).
Value castToType(OpBuilder &b, Location loc, Value v, Type type) {
  if (v.getType() == type)
    return v;
  return tensor::CastOp::create(b, loc, type, v);
}

/// Zero-pads `input` by `low`/`high` entries per dim. A statically empty
/// input pads to all zeros: a filled tensor of the padded shape (the
/// bufferization of tensor.pad would copy it through a subview at offset 0
/// of a 0-sized dim, which MLIR 22's verifier rejects as out of bounds).
Value padWithZeros(OpBuilder &b, Location loc, Value input,
                   ArrayRef<int64_t> low, ArrayRef<int64_t> high) {
  if (llvm::all_of(low, [](int64_t v) { return v == 0; }) &&
      llvm::all_of(high, [](int64_t v) { return v == 0; }))
    return input;
  Type elementType = elementTypeOf(input);
  Value zero = floatConstant(b, loc, elementType, 0.0);
  if (isStaticallyEmpty(input)) {
    AffineExpr d0 = b.getAffineDimExpr(0);
    SmallVector<OpFoldResult> sizes;
    for (auto [d, size] : llvm::enumerate(tensor::getMixedSizes(b, loc, input)))
      sizes.push_back(affine::makeComposedFoldedAffineApply(
          b, loc, d0 + low[d] + high[d], {size}));
    Value empty = tensor::EmptyOp::create(b, loc, sizes, elementType);
    return linalg::FillOp::create(b, loc, ValueRange{zero}, ValueRange{empty})
        .getResult(0);
  }
  return tensor::PadOp::create(b, loc, /*resultType=*/nullptr, input,
                               getAsIndexOpFoldResult(b.getContext(), low),
                               getAsIndexOpFoldResult(b.getContext(), high),
                               zero);
}

//===----------------------------------------------------------------------===//
// Elementwise generics
//===----------------------------------------------------------------------===//

SmallVector<IteratorType> parallelIterators(unsigned count) {
  return SmallVector<IteratorType>(count, IteratorType::parallel);
}

/// `(d0, ..., d_rank-1) -> (d_dims...)`: reads a parameter along `dims`.
AffineMap projection(OpBuilder &b, unsigned rank, ArrayRef<int64_t> dims) {
  SmallVector<AffineExpr> exprs;
  for (int64_t d : dims)
    exprs.push_back(b.getAffineDimExpr(d));
  return AffineMap::get(rank, 0, exprs, b.getContext());
}

/// An elementwise generic over a result of `sizes`: operands are read
/// through `inputMaps`, converted to `computeType`, combined by `body`, and
/// the result is rounded once to `elementType`.
Value buildElementwise(
    OpBuilder &b, Location loc, ArrayRef<OpFoldResult> sizes, Type elementType,
    Type computeType, ValueRange inputs, ArrayRef<AffineMap> inputMaps,
    function_ref<Value(OpBuilder &, Location, ValueRange)> body) {
  Value empty = tensor::EmptyOp::create(b, loc, sizes, elementType);
  SmallVector<AffineMap> maps(inputMaps);
  maps.push_back(b.getMultiDimIdentityMap(sizes.size()));
  return linalg::GenericOp::create(
             b, loc, empty.getType(), inputs, ValueRange{empty}, maps,
             parallelIterators(sizes.size()),
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

/// Rounds a compute-type tensor to `elementType` (nothing when equal).
Value roundToElementType(OpBuilder &b, Location loc, Value value,
                         Type elementType) {
  if (elementTypeOf(value) == elementType)
    return value;
  SmallVector<OpFoldResult> sizes = tensor::getMixedSizes(b, loc, value);
  return buildElementwise(
      b, loc, sizes, elementType, elementTypeOf(value), ValueRange{value},
      {b.getMultiDimIdentityMap(sizes.size())},
      [](OpBuilder &, Location, ValueRange args) { return args[0]; });
}

//===----------------------------------------------------------------------===//
// Layers: accumulators
//===----------------------------------------------------------------------===//

/// The accumulator of a layer in the compute type of `elementType`: zeros,
/// or the bias broadcast along `channelDims` (the accumulator dims whose
/// row-major flattening is the output channel). Starting from the bias keeps
/// the sum order `bias + products`.
Value buildAccumulator(OpBuilder &b, Location loc,
                       ArrayRef<OpFoldResult> sizes, Type elementType,
                       Value bias, ArrayRef<int64_t> channelDims) {
  Type accType = getComputeType(elementType);
  if (!bias) {
    Value empty = tensor::EmptyOp::create(b, loc, sizes, accType);
    return linalg::FillOp::create(b, loc,
                                  ValueRange{floatConstant(b, loc, accType, 0)},
                                  ValueRange{empty})
        .getResult(0);
  }
  if (channelDims.size() > 1) {
    SmallVector<OpFoldResult> parts;
    for (int64_t d : channelDims)
      parts.push_back(sizes[d]);
    bias = expandDim(b, loc, bias, 0, parts);
  }
  return buildElementwise(
      b, loc, sizes, accType, accType, ValueRange{bias},
      {projection(b, sizes.size(), channelDims)},
      [](OpBuilder &, Location, ValueRange args) { return args[0]; });
}

//===----------------------------------------------------------------------===//
// Layers: epilogue and size arithmetic
//===----------------------------------------------------------------------===//

/// Collapses the accumulator to the nn result (`groups`: the reassociation)
/// and rounds it to the element type.
Value finishLayer(OpBuilder &b, Location loc, Value acc,
                  ArrayRef<ReassociationIndices> groups, Type elementType) {
  if (groups.size() != static_cast<size_t>(
                           cast<RankedTensorType>(acc.getType()).getRank()))
    acc = tensor::CollapseShapeOp::create(b, loc, acc, groups);
  return roundToElementType(b, loc, acc, elementType);
}

/// Reassociation that merges dims `dim` and `dim + 1` of a rank-`rank`
/// tensor.
SmallVector<ReassociationIndices> mergeWithNext(int64_t rank, int64_t dim) {
  SmallVector<ReassociationIndices> groups;
  for (int64_t d = 0; d < rank; ++d) {
    if (d == dim + 1)
      continue;
    if (d == dim)
      groups.push_back({d, d + 1});
    else
      groups.push_back({d});
  }
  return groups;
}

/// `lhs * rhs`: affine (and folded) when one of them is a constant; an
/// affine expression cannot multiply two dynamic sizes.
OpFoldResult multiply(OpBuilder &b, Location loc, OpFoldResult lhs,
                      OpFoldResult rhs) {
  if (!getConstantIntValue(lhs))
    std::swap(lhs, rhs);
  if (std::optional<int64_t> c = getConstantIntValue(lhs))
    return affine::makeComposedFoldedAffineApply(
        b, loc, b.getAffineDimExpr(0) * *c, {rhs});
  Value product = arith::MulIOp::create(
      b, loc, getValueOrCreateConstantIndexOp(b, loc, lhs),
      getValueOrCreateConstantIndexOp(b, loc, rhs));
  return product;
}

/// `lhs floordiv rhs` (sizes are >= 0); a dynamic `rhs` must not be 0.
OpFoldResult divide(OpBuilder &b, Location loc, OpFoldResult lhs,
                    OpFoldResult rhs) {
  if (std::optional<int64_t> c = getConstantIntValue(rhs))
    return affine::makeComposedFoldedAffineApply(
        b, loc, b.getAffineDimExpr(0).floorDiv(*c), {lhs});
  Value quotient = arith::DivUIOp::create(
      b, loc, getValueOrCreateConstantIndexOp(b, loc, lhs),
      getValueOrCreateConstantIndexOp(b, loc, rhs));
  return quotient;
}

} // namespace bnfold::nn_to_linalg

namespace {

//===----------------------------------------------------------------------===//
// Layers: matmul
//===----------------------------------------------------------------------===//

struct MatmulLowering : public OpConversionPattern<MatmulOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(MatmulOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = rewriter.getContext();
    Value lhs = adaptor.getLhs(), rhs = adaptor.getRhs();
    int64_t rank = op.getLhs().getType().getRank();
    bool transposeLhs = op.getTransposeLhs(), transposeRhs = op.getTransposeRhs();
    Type elementType = op.getType().getElementType();
    OpFoldResult n = tensor::getMixedSizes(rewriter, loc, rhs)[transposeRhs ? 0 : 1];

    if (isStaticallyEmpty(op.getResult())) {
      // No rows or no columns: nothing to compute. (Collapsing a static 0
      // together with a dynamic batch dim would also give a type that
      // bufferization gets wrong.)
      SmallVector<OpFoldResult> sizes = tensor::getMixedSizes(rewriter, loc, lhs);
      OpFoldResult m = sizes[transposeLhs ? rank - 1 : rank - 2];
      sizes.resize(rank - 2);
      sizes.append({m, n});
      rewriter.replaceOpWithNewOp<tensor::EmptyOp>(
          op, preferStatic(rewriter, op.getType(), sizes), elementType);
      return success();
    }

    // Batch dims fold into one: into the rows when lhs is [..., M, K] (a
    // plain matmul), into a batch dim when it is [..., K, M].
    SmallVector<ReassociationIndices> lhsGroups;
    int64_t numBatchGroups = 0;
    if (!transposeLhs && rank > 2) {
      lhsGroups.push_back(llvm::to_vector(llvm::seq<int64_t>(0, rank - 1)));
      lhsGroups.push_back({rank - 1});
    } else if (transposeLhs && rank > 3) {
      lhsGroups.push_back(llvm::to_vector(llvm::seq<int64_t>(0, rank - 2)));
      lhsGroups.append({{rank - 2}, {rank - 1}});
    }
    Value lhs2 = lhsGroups.empty() ? lhs
                                   : tensor::CollapseShapeOp::create(
                                         rewriter, loc, lhs, lhsGroups)
                                         .getResult();
    SmallVector<OpFoldResult> l = tensor::getMixedSizes(rewriter, loc, lhs2);
    bool batched = transposeLhs && rank > 2;
    numBatchGroups = batched ? 1 : 0;
    SmallVector<OpFoldResult> accSizes(l.begin(), l.begin() + numBatchGroups);
    accSizes.push_back(transposeLhs ? l.back() : l[l.size() - 2]);
    accSizes.push_back(n);
    Value acc = buildAccumulator(rewriter, loc, accSizes, elementType,
                                 adaptor.getBias(), {int64_t(accSizes.size()) - 1});

    // Loops (b?, m, n, k).
    unsigned numLoops = accSizes.size() + 1;
    auto dim = [&](unsigned i) { return rewriter.getAffineDimExpr(i); };
    AffineExpr dm = dim(numBatchGroups), dn = dim(numBatchGroups + 1),
               dk = dim(numBatchGroups + 2);
    SmallVector<AffineExpr> lhsExprs, accExprs;
    if (batched) {
      lhsExprs.push_back(dim(0));
      accExprs.push_back(dim(0));
    }
    lhsExprs.append(transposeLhs ? SmallVector<AffineExpr>{dk, dm}
                                 : SmallVector<AffineExpr>{dm, dk});
    accExprs.append({dm, dn});
    SmallVector<AffineMap> maps{
        AffineMap::get(numLoops, 0, lhsExprs, ctx),
        AffineMap::get(numLoops, 0,
                       transposeRhs ? ArrayRef<AffineExpr>{dn, dk}
                                    : ArrayRef<AffineExpr>{dk, dn},
                       ctx),
        AffineMap::get(numLoops, 0, accExprs, ctx)};
    Value result;
    if (batched && transposeRhs) {
      // batch_matmul rejects a broadcast operand that is also transposed.
      result = linalg::ContractOp::create(
                   rewriter, loc, TypeRange{acc.getType()},
                   ValueRange{lhs2, rhs}, ValueRange{acc},
                   rewriter.getAffineMapArrayAttr(maps))
                   .getResult(0);
    } else if (batched) {
      auto matmul = linalg::BatchMatmulOp::create(
          rewriter, loc, TypeRange{acc.getType()}, ValueRange{lhs2, rhs},
          ValueRange{acc});
      matmul.setIndexingMapsAttr(rewriter.getAffineMapArrayAttr(maps));
      result = matmul.getResult(0);
    } else {
      auto matmul = linalg::MatmulOp::create(
          rewriter, loc, TypeRange{acc.getType()}, ValueRange{lhs2, rhs},
          ValueRange{acc});
      if (transposeLhs || transposeRhs)
        matmul.setIndexingMapsAttr(rewriter.getAffineMapArrayAttr(maps));
      result = matmul.getResult(0);
    }
    result = roundToElementType(rewriter, loc, result, elementType);

    // Restore the batch dims.
    if (!lhsGroups.empty()) {
      SmallVector<OpFoldResult> outSizes =
          tensor::getMixedSizes(rewriter, loc, lhs);
      OpFoldResult m = outSizes[transposeLhs ? rank - 1 : rank - 2];
      outSizes.resize(rank - 2);
      outSizes.append({m, n});
      outSizes = preferStatic(rewriter, op.getType(), outSizes);
      SmallVector<ReassociationIndices> outGroups;
      if (batched) {
        outGroups.push_back(llvm::to_vector(llvm::seq<int64_t>(0, rank - 2)));
        outGroups.append({{rank - 2}, {rank - 1}});
      } else {
        outGroups.push_back(llvm::to_vector(llvm::seq<int64_t>(0, rank - 1)));
        outGroups.push_back({rank - 1});
      }
      result = tensor::ExpandShapeOp::create(
          rewriter, loc,
          RankedTensorType::get(staticShape(outSizes), elementType), result,
          outGroups, outSizes);
    }
    rewriter.replaceOp(op, castToType(rewriter, loc, result, op.getType()));
    return success();
  }
};

//===----------------------------------------------------------------------===//
// Per-channel ops
//===----------------------------------------------------------------------===//

/// Maps of an elementwise generic over `input` (identity) and `numParams`
/// 1-D parameters read along `featureDim`.
SmallVector<AffineMap> featureMaps(OpBuilder &b, unsigned rank,
                                   int64_t featureDim, unsigned numParams) {
  SmallVector<AffineMap> maps{b.getMultiDimIdentityMap(rank)};
  maps.append(numParams, projection(b, rank, {featureDim}));
  return maps;
}

/// An elementwise generic over `inputs[0]` and the 1-D parameters after it,
/// which are read along `featureDim`: the per-channel ops (batch norm, the
/// correction of its training fold, bias_add).
Value buildPerFeature(
    OpBuilder &b, Location loc, Type elementType, Type computeType,
    ValueRange inputs, int64_t featureDim,
    function_ref<Value(OpBuilder &, Location, ValueRange)> body) {
  auto rank = cast<ShapedType>(inputs[0].getType()).getRank();
  return buildElementwise(b, loc, tensor::getMixedSizes(b, loc, inputs[0]),
                          elementType, computeType, inputs,
                          featureMaps(b, rank, featureDim, inputs.size() - 1),
                          body);
}

struct BatchNormLowering : public OpConversionPattern<BatchNormOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(BatchNormOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Type elementType = op.getType().getElementType();
    Type computeType = getComputeType(elementType);
    SmallVector<Value> inputs{adaptor.getInput(), adaptor.getMean(),
                              adaptor.getVariance()};
    Value scale = adaptor.getScale(), offset = adaptor.getOffset();
    if (scale)
      inputs.push_back(scale);
    if (offset)
      inputs.push_back(offset);
    double epsilon = op.getEpsilon().convertToDouble();
    Value result = buildPerFeature(
        rewriter, loc, elementType, computeType, inputs, op.getFeatureDim(),
        [&](OpBuilder &b, Location nloc, ValueRange args) -> Value {
          // (x - mean) / sqrt(variance + epsilon) * scale + offset
          Value eps = floatConstant(b, nloc, computeType, epsilon);
          Value centered = arith::SubFOp::create(b, nloc, args[0], args[1]);
          Value stddev = math::SqrtOp::create(
              b, nloc, arith::AddFOp::create(b, nloc, args[2], eps));
          Value y = arith::DivFOp::create(b, nloc, centered, stddev);
          unsigned next = 3;
          if (scale)
            y = arith::MulFOp::create(b, nloc, y, args[next++]);
          if (offset)
            y = arith::AddFOp::create(b, nloc, y, args[next++]);
          return y;
        });
    rewriter.replaceOp(op, castToType(rewriter, loc, result, op.getType()));
    return success();
  }
};

//===----------------------------------------------------------------------===//
// Training form: batch statistics and the correction of its fold
//===----------------------------------------------------------------------===//

/// Whether a training batch norm (or its folded correction) is frozen: `step
/// >= freezeDelay`, an i1; false without a step.
static Value isFrozen(OpBuilder &b, Location loc, Value step,
                      std::optional<uint64_t> freezeDelay) {
  if (!step || !freezeDelay)
    return arith::ConstantIntOp::create(b, loc, 0, 1);
  Value current = tensor::ExtractOp::create(b, loc, step, ValueRange{});
  Value delay = arith::ConstantIntOp::create(
      b, loc, static_cast<int64_t>(*freezeDelay), 64);
  return arith::CmpIOp::create(b, loc, arith::CmpIPredicate::sge, current,
                               delay);
}

/// `sum over every dim but featureDim of term(x[, param along featureDim])`,
/// a [C] tensor in `computeType` (a reduction generic from zeros).
static Value sumPerChannel(
    OpBuilder &b, Location loc, Value input, Value param, int64_t featureDim,
    Type computeType,
    function_ref<Value(OpBuilder &, Location, Value, Value)> term) {
  SmallVector<OpFoldResult> sizes = tensor::getMixedSizes(b, loc, input);
  unsigned rank = sizes.size();
  Value empty = tensor::EmptyOp::create(b, loc, {sizes[featureDim]},
                                        computeType);
  Value zeros =
      linalg::FillOp::create(b, loc, floatConstant(b, loc, computeType, 0.0),
                             empty)
          .getResult(0);
  SmallVector<Value> inputs{input};
  SmallVector<AffineMap> maps{b.getMultiDimIdentityMap(rank)};
  if (param) {
    inputs.push_back(param);
    maps.push_back(projection(b, rank, {featureDim}));
  }
  maps.push_back(projection(b, rank, {featureDim}));
  SmallVector<IteratorType> iterators(rank, IteratorType::reduction);
  iterators[featureDim] = IteratorType::parallel;
  return linalg::GenericOp::create(
             b, loc, zeros.getType(), inputs, ValueRange{zeros}, maps,
             iterators,
             [&](OpBuilder &nb, Location nloc, ValueRange args) {
               Value x = convertFloat(nb, nloc, args[0], computeType);
               Value t = term(nb, nloc, x, param ? args[1] : Value());
               linalg::YieldOp::create(
                   nb, nloc,
                   arith::AddFOp::create(nb, nloc, args.back(), t).getResult());
             })
      .getResult(0);
}

/// `values / n`, elementwise on a [C] compute-type tensor.
static Value divideBy(OpBuilder &b, Location loc, Value values, Value n) {
  Type type = elementTypeOf(values);
  return buildElementwise(
      b, loc, tensor::getMixedSizes(b, loc, values), type, type,
      ValueRange{values}, {b.getMultiDimIdentityMap(1)},
      [&](OpBuilder &nb, Location nloc, ValueRange args) -> Value {
        return arith::DivFOp::create(nb, nloc, args[0], n);
      });
}

struct BatchNormTrainingLowering
    : public OpConversionPattern<BatchNormTrainingOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(BatchNormTrainingOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value input = adaptor.getInput();
    auto inputType = cast<RankedTensorType>(op.getInput().getType());
    Type elementType = inputType.getElementType();
    Type computeType = getComputeType(elementType);
    int64_t featureDim = op.getFeatureDim();
    unsigned rank = inputType.getRank();

    // n, the elements per channel, as a compute-type scalar.
    SmallVector<OpFoldResult> sizes =
        tensor::getMixedSizes(rewriter, loc, input);
    OpFoldResult count = rewriter.getIndexAttr(1);
    for (auto [d, size] : llvm::enumerate(sizes))
      if (static_cast<int64_t>(d) != featureDim)
        count = multiply(rewriter, loc, count, size);
    Value n = arith::UIToFPOp::create(
        rewriter, loc, computeType,
        arith::IndexCastUIOp::create(
            rewriter, loc, rewriter.getI64Type(),
            getValueOrCreateConstantIndexOp(rewriter, loc, count)));

    auto sum = [](OpBuilder &, Location, Value x, Value) { return x; };
    Value mean = divideBy(rewriter, loc,
                          sumPerChannel(rewriter, loc, input, Value(),
                                        featureDim, computeType, sum),
                          n);
    auto squaredDeviation = [](OpBuilder &b, Location l, Value x, Value m) {
      Value d = arith::SubFOp::create(b, l, x, m);
      return arith::MulFOp::create(b, l, d, d).getResult();
    };
    Value variance =
        divideBy(rewriter, loc,
                 sumPerChannel(rewriter, loc, input, mean, featureDim,
                               computeType, squaredDeviation),
                 n);
    Value frozen =
        isFrozen(rewriter, loc, adaptor.getStep(), op.getFreezeDelay());

    // The output: normalized with the batch's statistics, or the moving
    // ones once frozen.
    SmallVector<Value> inputs{input, mean, variance, adaptor.getMovingMean(),
                              adaptor.getMovingVariance()};
    Value scale = adaptor.getScale(), offset = adaptor.getOffset();
    for (Value v : {scale, offset})
      if (v)
        inputs.push_back(v);
    double epsilon = op.getEpsilon().convertToDouble();
    Value output = buildElementwise(
        rewriter, loc, sizes, elementType, computeType, inputs,
        featureMaps(rewriter, rank, featureDim, inputs.size() - 1),
        [&](OpBuilder &b, Location nloc, ValueRange args) -> Value {
          Value m = arith::SelectOp::create(b, nloc, frozen, args[3], args[1]);
          Value v = arith::SelectOp::create(b, nloc, frozen, args[4], args[2]);
          Value eps = floatConstant(b, nloc, computeType, epsilon);
          Value y = arith::DivFOp::create(
              b, nloc, arith::SubFOp::create(b, nloc, args[0], m),
              math::SqrtOp::create(b, nloc,
                                   arith::AddFOp::create(b, nloc, v, eps)));
          unsigned next = 5;
          if (scale)
            y = arith::MulFOp::create(b, nloc, y, args[next++]);
          if (offset)
            y = arith::AddFOp::create(b, nloc, y, args[next++]);
          return y;
        });

    // moving - (moving - batch) * (1 - momentum), the variance's batch
    // value unbiased by n / max(n - 1, 1); unchanged once frozen.
    Value one = floatConstant(rewriter, loc, computeType, 1.0);
    Value bessel = arith::DivFOp::create(
        rewriter, loc, n,
        arith::MaximumFOp::create(
            rewriter, loc, arith::SubFOp::create(rewriter, loc, n, one), one));
    double rate = 1.0 - op.getMomentum().convertToDouble();
    auto update = [&](Value moving, Value batch, Value factor) {
      return buildElementwise(
          rewriter, loc, tensor::getMixedSizes(rewriter, loc, moving),
          elementType, computeType, ValueRange{moving, batch},
          {rewriter.getMultiDimIdentityMap(1),
           rewriter.getMultiDimIdentityMap(1)},
          [&](OpBuilder &b, Location nloc, ValueRange args) -> Value {
            Value batchValue = args[1];
            if (factor)
              batchValue = arith::MulFOp::create(b, nloc, batchValue, factor);
            Value step = arith::MulFOp::create(
                b, nloc, arith::SubFOp::create(b, nloc, args[0], batchValue),
                floatConstant(b, nloc, computeType, rate));
            Value updated = arith::SubFOp::create(b, nloc, args[0], step);
            return arith::SelectOp::create(b, nloc, frozen, args[0], updated);
          });
    };
    Value newMean = update(adaptor.getMovingMean(), mean, Value());
    Value newVariance = update(adaptor.getMovingVariance(), variance, bessel);

    SmallVector<Value> results{
        output, roundToElementType(rewriter, loc, mean, elementType),
        roundToElementType(rewriter, loc, variance, elementType), newMean,
        newVariance};
    for (auto [result, type] : llvm::zip(results, op->getResultTypes()))
      result = castToType(rewriter, loc, result, type);
    rewriter.replaceOp(op, results);
    return success();
  }
};

struct BNFoldCorrectionLowering
    : public OpConversionPattern<BNFoldCorrectionOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(BNFoldCorrectionOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Type elementType = op.getType().getElementType();
    Type computeType = getComputeType(elementType);
    SmallVector<Value> inputs{adaptor.getInput(), adaptor.getBatchMean(),
                              adaptor.getBatchVariance(),
                              adaptor.getMovingMean(),
                              adaptor.getMovingVariance()};
    Value scale = adaptor.getScale(), offset = adaptor.getOffset();
    for (Value v : {scale, offset})
      if (v)
        inputs.push_back(v);
    Value frozen =
        isFrozen(rewriter, loc, adaptor.getStep(), op.getFreezeDelay());
    double epsilon = op.getEpsilon().convertToDouble();
    Value result = buildPerFeature(
        rewriter, loc, elementType, computeType, inputs, op.getFeatureDim(),
        [&](OpBuilder &b, Location nloc, ValueRange args) -> Value {
          Value eps = floatConstant(b, nloc, computeType, epsilon);
          auto sigma = [&](Value variance) -> Value {
            return math::SqrtOp::create(
                b, nloc, arith::AddFOp::create(b, nloc, variance, eps));
          };
          Value sigmaBatch = sigma(args[2]), sigmaMoving = sigma(args[4]);
          unsigned next = 5;
          Value gamma = scale ? args[next++] : Value();
          Value beta = offset ? args[next++] : Value();
          // offset - scale * mean / sigma: the shift of a batch norm.
          auto shift = [&](Value mean, Value sigmaOfMean) -> Value {
            Value s = arith::DivFOp::create(b, nloc, mean, sigmaOfMean);
            if (gamma)
              s = arith::MulFOp::create(b, nloc, gamma, s);
            Value result = arith::NegFOp::create(b, nloc, s);
            if (beta)
              result = arith::AddFOp::create(b, nloc, beta, result);
            return result;
          };
          // Before the freeze: z * sigma_moving / sigma_batch + the batch
          // statistics' shift. From the freeze on: z + the moving
          // statistics' shift (the batch shift plus correction_offset,
          // summed exactly).
          Value correction =
              arith::DivFOp::create(b, nloc, sigmaMoving, sigmaBatch);
          Value training = arith::AddFOp::create(
              b, nloc, arith::MulFOp::create(b, nloc, args[0], correction),
              shift(args[1], sigmaBatch));
          Value inference = arith::AddFOp::create(
              b, nloc, args[0], shift(args[3], sigmaMoving));
          return arith::SelectOp::create(b, nloc, frozen, inference, training);
        });
    rewriter.replaceOp(op, castToType(rewriter, loc, result, op.getType()));
    return success();
  }
};

struct BiasAddLowering : public OpConversionPattern<BiasAddOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(BiasAddOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Type elementType = op.getType().getElementType();
    Value result = buildPerFeature(
        rewriter, loc, elementType, getComputeType(elementType),
        ValueRange{adaptor.getInput(), adaptor.getBias()}, op.getFeatureDim(),
        [](OpBuilder &b, Location nloc, ValueRange args) -> Value {
          return arith::AddFOp::create(b, nloc, args[0], args[1]);
        });
    rewriter.replaceOp(op, castToType(rewriter, loc, result, op.getType()));
    return success();
  }
};

struct IdentityLowering : public OpConversionPattern<IdentityOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(IdentityOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    rewriter.replaceOp(op, adaptor.getInput());
    return success();
  }
};

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

struct BNFoldWeightsLowering : public OpConversionPattern<BNFoldWeightsOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(BNFoldWeightsOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value weights = adaptor.getWeights();
    WeightChannelMap map = op.getChannelMap();
    // A group dim splits into [groups, size / groups] (groups is static, so
    // the split has at most one dynamic part); the channel is then the
    // row-major flattening of (group, channel dims...).
    SmallVector<int64_t> channelDims(map.dims.begin(), map.dims.end());
    SmallVector<OpFoldResult> channelShape;
    if (map.groupDim) {
      int64_t groupDim = *map.groupDim;
      OpFoldResult groups = rewriter.getIndexAttr(map.groups);
      OpFoldResult size =
          tensor::getMixedSizes(rewriter, loc, weights)[groupDim];
      weights = expandDim(rewriter, loc, weights, groupDim,
                          {groups, divide(rewriter, loc, size, groups)});
      for (int64_t &d : channelDims)
        if (d > groupDim)
          ++d;
      channelDims.insert(channelDims.begin(), groupDim);
    }
    SmallVector<OpFoldResult> sizes =
        tensor::getMixedSizes(rewriter, loc, weights);
    // The 1-D parameters expand to the shape of the channel dims.
    for (int64_t d : channelDims)
      channelShape.push_back(sizes[d]);
    // Splitting the parameters into two dynamic sizes crashes MLIR 22's
    // expand-strided-metadata.
    if (llvm::count_if(channelShape, [](OpFoldResult size) {
          return !getConstantIntValue(size);
        }) > 1)
      return op.emitOpError("cannot be lowered: at most one of its channel "
                            "dims may be dynamic");
    SmallVector<Value> inputs{weights};
    for (Value param : {adaptor.getVariance(), adaptor.getScale()})
      if (param)
        inputs.push_back(channelDims.size() == 1
                             ? param
                             : expandDim(rewriter, loc, param, 0, channelShape));
    SmallVector<AffineMap> maps{rewriter.getMultiDimIdentityMap(sizes.size())};
    maps.append(inputs.size() - 1,
                projection(rewriter, sizes.size(), channelDims));
    bool hasScale = adaptor.getScale() != nullptr;
    double epsilon = op.getEpsilon().convertToDouble();
    Value result = buildElementwise(
        rewriter, loc, sizes, op.getType().getElementType(),
        rewriter.getF64Type(), inputs, maps,
        [&](OpBuilder &b, Location nloc, ValueRange args) -> Value {
          Value factor = foldFactor(b, nloc, args[1],
                                    hasScale ? args[2] : Value(), epsilon);
          return arith::MulFOp::create(b, nloc, args[0], factor);
        });
    if (map.groupDim)
      result = tensor::CollapseShapeOp::create(
          rewriter, loc, result, mergeWithNext(sizes.size(), *map.groupDim));
    rewriter.replaceOp(op, castToType(rewriter, loc, result, op.getType()));
    return success();
  }
};

struct BNFoldBiasLowering : public OpConversionPattern<BNFoldBiasOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(BNFoldBiasOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    SmallVector<Value> inputs{adaptor.getMean(), adaptor.getVariance()};
    Value bias = adaptor.getBias(), scale = adaptor.getScale(),
          offset = adaptor.getOffset();
    for (Value v : {bias, scale, offset})
      if (v)
        inputs.push_back(v);
    double epsilon = op.getEpsilon().convertToDouble();
    SmallVector<AffineMap> maps(inputs.size(),
                                rewriter.getMultiDimIdentityMap(1));
    Value result = buildElementwise(
        rewriter, loc, tensor::getMixedSizes(rewriter, loc, inputs[0]),
        op.getType().getElementType(), rewriter.getF64Type(), inputs, maps,
        [&](OpBuilder &b, Location nloc, ValueRange args) -> Value {
          // (bias - mean) * scale / sqrt(variance + epsilon) + offset
          unsigned next = 2;
          Value biasValue = bias ? args[next++]
                                 : floatConstant(b, nloc, b.getF64Type(), 0);
          Value scaleValue = scale ? args[next++] : Value();
          Value offsetValue = offset ? args[next++] : Value();
          Value factor = foldFactor(b, nloc, args[1], scaleValue, epsilon);
          Value y = arith::MulFOp::create(
              b, nloc, arith::SubFOp::create(b, nloc, biasValue, args[0]),
              factor);
          if (offsetValue)
            y = arith::AddFOp::create(b, nloc, y, offsetValue);
          return y;
        });
    rewriter.replaceOp(op, castToType(rewriter, loc, result, op.getType()));
    return success();
  }
};

//===----------------------------------------------------------------------===//
// Structural ops
//===----------------------------------------------------------------------===//

/// tensor.concat, decomposed right away into a tensor.empty and one
/// tensor.insert_slice per input, which bufferization turns into copies.
struct ConcatLowering : public OpConversionPattern<ConcatOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(ConcatOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto concat = tensor::ConcatOp::create(rewriter, op.getLoc(), op.getType(),
                                           op.getAxis(), adaptor.getInputs());
    FailureOr<SmallVector<Value>> decomposed =
        concat.decomposeOperation(rewriter);
    rewriter.eraseOp(concat);
    if (failed(decomposed))
      return rewriter.notifyMatchFailure(op, "tensor.concat did not decompose");
    rewriter.replaceOp(op, castToType(rewriter, op.getLoc(),
                                      decomposed->front(), op.getType()));
    return success();
  }
};

struct ReshapeLowering : public OpConversionPattern<ReshapeOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(ReshapeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value input = adaptor.getInput();
    RankedTensorType inType = op.getInput().getType(), outType = op.getType();
    bool empty = isStaticallyEmpty(input);

    // The result's dynamic dim, if any, holds what its static dims leave:
    // elements / product(static dims). When the static dims hold no
    // elements that quotient is undetermined and the dynamic dim keeps the
    // input's dynamic dim (see the op's description).
    int64_t staticProduct = 1;
    for (int64_t d : outType.getShape())
      if (!ShapedType::isDynamic(d))
        staticProduct *= d;
    auto dynamicSize = [&](Value flat) -> OpFoldResult {
      if (staticProduct == 0) {
        int64_t inDim = llvm::find(inType.getShape(), ShapedType::kDynamic) -
                        inType.getShape().begin();
        return tensor::getMixedSizes(rewriter, loc, input)[inDim];
      }
      if (empty)
        return rewriter.getIndexAttr(0);
      return divide(rewriter, loc, tensor::getMixedSizes(rewriter, loc, flat)[0],
                    rewriter.getIndexAttr(staticProduct));
    };

    if (empty) {
      // Nothing to move. (Collapsing a static 0 together with a dynamic dim
      // would also give a type that bufferization gets wrong.)
      SmallVector<OpFoldResult> sizes;
      for (int64_t d : outType.getShape())
        sizes.push_back(ShapedType::isDynamic(d) ? dynamicSize(nullptr)
                                                 : rewriter.getIndexAttr(d));
      rewriter.replaceOpWithNewOp<tensor::EmptyOp>(op, sizes,
                                                   outType.getElementType());
      return success();
    }

    // Row-major reinterpretation: flatten, then expand to the result. A
    // rank-0 side has one element and a static shape: it collapses to, or
    // expands from, a rank-0 tensor.
    SmallVector<ReassociationIndices> inGroups, outGroups;
    if (inType.getRank() > 0 && outType.getRank() > 0) {
      inGroups.push_back(llvm::to_vector(llvm::seq<int64_t>(0, inType.getRank())));
      outGroups.push_back(
          llvm::to_vector(llvm::seq<int64_t>(0, outType.getRank())));
    }
    Value flat = inType.getRank() == 0 ? input
                                       : tensor::CollapseShapeOp::create(
                                             rewriter, loc, input, inGroups)
                                             .getResult();
    if (outType.getRank() == 0) {
      rewriter.replaceOp(op, flat);
      return success();
    }
    SmallVector<OpFoldResult> outSizes;
    for (int64_t d : outType.getShape())
      outSizes.push_back(ShapedType::isDynamic(d) ? dynamicSize(flat)
                                                  : rewriter.getIndexAttr(d));
    rewriter.replaceOpWithNewOp<tensor::ExpandShapeOp>(op, outType, flat,
                                                       outGroups, outSizes);
    return success();
  }
};

/// Spatial dims of a 4-D activation in `layout`.
std::pair<int64_t, int64_t> spatialDims(Layout layout) {
  return isChannelsLast(layout) ? std::make_pair<int64_t, int64_t>(1, 2)
                                : std::make_pair<int64_t, int64_t>(2, 3);
}

/// Transposes `value` by `permutation` (result dim i = input dim
/// permutation[i]).
Value transpose(OpBuilder &b, Location loc, Value value,
                ArrayRef<int64_t> permutation) {
  SmallVector<OpFoldResult> sizes = tensor::getMixedSizes(b, loc, value);
  SmallVector<OpFoldResult> permuted;
  for (int64_t d : permutation)
    permuted.push_back(sizes[d]);
  Value init = tensor::EmptyOp::create(b, loc, permuted, elementTypeOf(value));
  return linalg::TransposeOp::create(b, loc, value, init, permutation)
      .getResult()[0];
}

struct SpaceToBatchLowering : public OpConversionPattern<SpaceToBatchOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(SpaceToBatchOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    ArrayRef<int64_t> block = op.getBlockShape(), pads = op.getPaddings();
    auto [hDim, wDim] = spatialDims(op.getLayout());
    SmallVector<int64_t> low(4, 0), high(4, 0);
    low[hDim] = pads[0], high[hDim] = pads[1];
    low[wDim] = pads[2], high[wDim] = pads[3];
    Value padded = padWithZeros(rewriter, loc, adaptor.getInput(), low, high);

    // Split each padded spatial dim P into [P / b, b] (row h * b + i), move
    // the two block offsets in front of the batch, and merge them into it:
    // batch (i * bw + j) * N + n.
    SmallVector<OpFoldResult> sizes =
        tensor::getMixedSizes(rewriter, loc, padded);
    Value split = padded;
    for (auto [dim, b] : {std::pair{wDim, block[1]}, std::pair{hDim, block[0]}}) {
      OpFoldResult bSize = rewriter.getIndexAttr(b);
      split = expandDim(rewriter, loc, split, dim,
                        {divide(rewriter, loc, sizes[dim], bSize), bSize});
    }
    // nhwc: [N, H/bh, bh, W/bw, bw, C]; nchw: [N, C, H/bh, bh, W/bw, bw].
    SmallVector<int64_t> permutation =
        isChannelsLast(op.getLayout())
            ? SmallVector<int64_t>{2, 4, 0, 1, 3, 5}
            : SmallVector<int64_t>{3, 5, 0, 1, 2, 4};
    Value blocks = transpose(rewriter, loc, split, permutation);
    Value result = tensor::CollapseShapeOp::create(
        rewriter, loc, blocks,
        ArrayRef<ReassociationIndices>{{0, 1, 2}, {3}, {4}, {5}});
    rewriter.replaceOp(op, castToType(rewriter, loc, result, op.getType()));
    return success();
  }
};

struct BatchToSpaceLowering : public OpConversionPattern<BatchToSpaceOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(BatchToSpaceOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    ArrayRef<int64_t> block = op.getBlockShape(), crops = op.getCrops();
    auto [hDim, wDim] = spatialDims(op.getLayout());
    Value input = adaptor.getInput();
    SmallVector<OpFoldResult> in = tensor::getMixedSizes(rewriter, loc, input);

    // The inverse of space_to_batch: batch [bh, bw, N], blocks moved next
    // to their spatial dims, merged into rows h * bh + i, then cropped.
    OpFoldResult n = divide(rewriter, loc, in[0],
                            rewriter.getIndexAttr(block[0] * block[1]));
    Value split = expandDim(rewriter, loc, input, 0,
                            {rewriter.getIndexAttr(block[0]),
                             rewriter.getIndexAttr(block[1]), n});
    // nhwc: [bh, bw, N, H, W, C] -> [N, H, bh, W, bw, C];
    // nchw: [bh, bw, N, C, H, W] -> [N, C, H, bh, W, bw].
    bool nhwc = isChannelsLast(op.getLayout());
    SmallVector<int64_t> permutation =
        nhwc ? SmallVector<int64_t>{2, 3, 0, 4, 1, 5}
             : SmallVector<int64_t>{2, 3, 4, 0, 5, 1};
    Value interleaved = transpose(rewriter, loc, split, permutation);
    Value full = tensor::CollapseShapeOp::create(
        rewriter, loc, interleaved,
        nhwc ? ArrayRef<ReassociationIndices>{{0}, {1, 2}, {3, 4}, {5}}
             : ArrayRef<ReassociationIndices>{{0}, {1}, {2, 3}, {4, 5}});

    SmallVector<OpFoldResult> sizes = tensor::getMixedSizes(rewriter, loc, full);
    SmallVector<OpFoldResult> offsets(4, rewriter.getIndexAttr(0));
    AffineExpr d0 = rewriter.getAffineDimExpr(0);
    offsets[hDim] = rewriter.getIndexAttr(crops[0]);
    offsets[wDim] = rewriter.getIndexAttr(crops[2]);
    sizes[hDim] = affine::makeComposedFoldedAffineApply(
        rewriter, loc, d0 - crops[0] - crops[1], {sizes[hDim]});
    sizes[wDim] = affine::makeComposedFoldedAffineApply(
        rewriter, loc, d0 - crops[2] - crops[3], {sizes[wDim]});
    sizes = preferStatic(rewriter, op.getType(), sizes);
    Value result;
    if (isStaticallyEmpty(full)) {
      // No elements to crop (and an extract_slice at offset 0 of a static
      // 0-sized dim fails MLIR 22's in-bounds check).
      result = tensor::EmptyOp::create(rewriter, loc, sizes,
                                       op.getType().getElementType());
    } else {
      result = tensor::ExtractSliceOp::create(
          rewriter, loc, full, offsets, sizes,
          SmallVector<OpFoldResult>(4, rewriter.getIndexAttr(1)));
    }
    rewriter.replaceOp(op, castToType(rewriter, loc, result, op.getType()));
    return success();
  }
};

/// The padded shape filled with each channel's value (a generic that
/// broadcasts `values` along the channel dim), with the input inserted at
/// offset `lo` of each spatial dim.
struct PadLowering : public OpConversionPattern<PadOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(PadOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value input = adaptor.getInput();
    unsigned rank = op.getType().getRank();
    ArrayRef<int64_t> pads = op.getPadding();
    SmallVector<OpFoldResult> inSizes =
        tensor::getMixedSizes(rewriter, loc, input);
    SmallVector<OpFoldResult> sizes(inSizes);
    SmallVector<OpFoldResult> offsets(rank, rewriter.getIndexAttr(0));
    AffineExpr d0 = rewriter.getAffineDimExpr(0);
    for (auto [i, d] : llvm::enumerate(getSpatialDims(op.getLayout()))) {
      offsets[d] = rewriter.getIndexAttr(pads[2 * i]);
      sizes[d] = affine::makeComposedFoldedAffineApply(
          rewriter, loc, d0 + pads[2 * i] + pads[2 * i + 1], {sizes[d]});
    }
    sizes = preferStatic(rewriter, op.getType(), sizes);
    Type elementType = op.getType().getElementType();
    Value filled = buildElementwise(
        rewriter, loc, sizes, elementType, elementType,
        ValueRange{adaptor.getValues()},
        {projection(rewriter, rank, {getChannelDim(op.getLayout())})},
        [](OpBuilder &, Location, ValueRange args) { return args[0]; });
    Value result = filled;
    if (!isStaticallyEmpty(input))
      result = tensor::InsertSliceOp::create(
          rewriter, loc, input, filled, offsets, inSizes,
          SmallVector<OpFoldResult>(rank, rewriter.getIndexAttr(1)));
    rewriter.replaceOp(op, castToType(rewriter, loc, result, op.getType()));
    return success();
  }
};

} // namespace

void bnfold::populateNNToLinalgConversionPatterns(RewritePatternSet &patterns) {
  patterns.add<BatchNormLowering, BatchNormTrainingLowering,
               BatchToSpaceLowering, BiasAddLowering, BNFoldBiasLowering,
               BNFoldCorrectionLowering, BNFoldWeightsLowering, ConcatLowering,
               IdentityLowering, MatmulLowering, PadLowering, ReshapeLowering,
               SpaceToBatchLowering>(
      patterns.getContext());
  populateConvolutionLoweringPatterns(patterns);
  populateElementwiseLoweringPatterns(patterns);
}

void bnfold::configureNNToLinalgConversionTarget(ConversionTarget &target) {
  target.addIllegalDialect<NNDialect>();
  target.addLegalDialect<affine::AffineDialect, arith::ArithDialect,
                         linalg::LinalgDialect, math::MathDialect,
                         tensor::TensorDialect>();
}
