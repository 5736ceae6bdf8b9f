//===- ConvolutionLowering.cpp - nn convolutions to linalg ----------------===//
//
// One pattern lowers the nine convolution ops (1 to 3 spatial dims; regular,
// depthwise, transposed), written against ConvolutionOpInterface:
//
// - Regular: the named linalg op of the rank and layout when ungrouped
//   (conv_{1,2,3}d_nwc_wcf/.._ncw_fcw and their 2-D/3-D forms) and
//   conv_2d_ngchw_gfchw for grouped nchw; the layouts without a named op
//   (grouped channels-last, grouped 1-D/3-D channels-first) are one
//   rank-generic linalg.generic with the groups made explicit.
// - Depthwise: depthwise_conv_{1,2,3}d_n..c_..cm channels-last; channels-
//   first, the *_cw/_chw/_cdhw op without a multiplier and otherwise the
//   grouped convolution with one input channel per group.
// - Transposed: the stride-1 regular convolution of the zero-interleaved,
//   padded (or cropped) input with the flipped, transposed filter.
//
// Every result is accumulated in the compute type starting from the bias,
// and rounded once to the element type.
//
//===----------------------------------------------------------------------===//

#include "LoweringUtils.h"
#include "bnfold/Dialect/NN/IR/NNOps.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/IR/AffineExpr.h"
#include "mlir/Transforms/DialectConversion.h"
#include "llvm/Support/CheckedArithmetic.h"

using namespace mlir;
using namespace bnfold;
using namespace bnfold::nn;
using namespace bnfold::nn_to_linalg;

namespace {

//===----------------------------------------------------------------------===//
// Geometry
//===----------------------------------------------------------------------===//

/// The layout-independent facts of a convolution over r spatial dims.
struct ConvGeometry {
  bool channelsLast;
  /// Per spatial dim.
  SmallVector<int64_t> strides, dilations, padLow, padHigh;

  unsigned numSpatial() const { return strides.size(); }
  /// Activation dims: batch 0, channels 1 or last, spatial dims in order.
  int64_t channelDim() const { return channelsLast ? numSpatial() + 1 : 1; }
  int64_t spatialDim(unsigned i) const { return channelsLast ? 1 + i : 2 + i; }
  /// Filter dim of kernel spatial dim `i`: the filters of every kind hold
  /// the kernel first (channels-last) or last (channels-first).
  int64_t kernelDim(unsigned i) const { return channelsLast ? i : 2 + i; }

  /// The kernel's spatial sizes among the filter's `filterSizes`.
  SmallVector<OpFoldResult> kernel(ArrayRef<OpFoldResult> filterSizes) const {
    SmallVector<OpFoldResult> sizes;
    for (unsigned i = 0; i < numSpatial(); ++i)
      sizes.push_back(filterSizes[kernelDim(i)]);
    return sizes;
  }

  /// The input zero-padded on its spatial dims.
  Value pad(OpBuilder &b, Location loc, Value input) const {
    SmallVector<int64_t> low(numSpatial() + 2, 0), high(numSpatial() + 2, 0);
    for (unsigned i = 0; i < numSpatial(); ++i) {
      low[spatialDim(i)] = padLow[i];
      high[spatialDim(i)] = padHigh[i];
    }
    return padWithZeros(b, loc, input, low, high);
  }

  /// Output size of spatial dim `i`:
  /// max(0, (in + padLow + padHigh - dilation * (kernel - 1) - 1) / stride + 1).
  /// (A dynamic input smaller than the dilated kernel gives 0.)
  OpFoldResult outputSize(OpBuilder &b, Location loc, unsigned i,
                          OpFoldResult in, OpFoldResult kernel) const {
    AffineExpr dIn = b.getAffineDimExpr(0), dKernel = b.getAffineDimExpr(1);
    AffineExpr size =
        (dIn - dKernel * dilations[i] + (padLow[i] + padHigh[i] + dilations[i] - 1))
            .floorDiv(strides[i]) +
        1;
    AffineMap map = AffineMap::get(2, 0, {size, b.getAffineConstantExpr(0)},
                                   b.getContext());
    return affine::makeComposedFoldedAffineMax(b, loc, map, {in, kernel});
  }

  /// The result sizes in the activation layout, given the batch, the output
  /// channel count and the kernel's spatial sizes.
  SmallVector<OpFoldResult> resultSizes(OpBuilder &b, Location loc,
                                        RankedTensorType resultType,
                                        Value input, OpFoldResult channels,
                                        ArrayRef<OpFoldResult> kernel) const {
    SmallVector<OpFoldResult> in = tensor::getMixedSizes(b, loc, input);
    SmallVector<OpFoldResult> sizes(numSpatial() + 2);
    sizes[0] = in[0];
    sizes[channelDim()] = channels;
    for (unsigned i = 0; i < numSpatial(); ++i)
      sizes[spatialDim(i)] = outputSize(b, loc, i, in[spatialDim(i)], kernel[i]);
    return preferStatic(b, resultType, sizes);
  }
};

ConvGeometry getConvGeometry(ConvolutionOpInterface op) {
  ConvGeometry geometry{isChannelsLast(op.getLayout()),
                        SmallVector<int64_t>(op.getStrides()),
                        SmallVector<int64_t>(op.getDilations()),
                        {},
                        {}};
  ArrayRef<int64_t> padding = op.getPadding();
  for (unsigned i = 0; i < geometry.numSpatial(); ++i) {
    geometry.padLow.push_back(padding[2 * i]);
    geometry.padHigh.push_back(padding[2 * i + 1]);
  }
  return geometry;
}

//===----------------------------------------------------------------------===//
// Regular convolutions
//===----------------------------------------------------------------------===//

/// Creates a named linalg convolution with the geometry's strides and
/// dilations (its input is already padded).
template <typename NamedConvOp>
Value createNamedConv(OpBuilder &b, Location loc, Value input, Value filter,
                      Value acc, const ConvGeometry &geometry) {
  return NamedConvOp::create(b, loc, TypeRange{acc.getType()},
                             ValueRange{input, filter}, ValueRange{acc},
                             b.getI64TensorAttr(geometry.strides),
                             b.getI64TensorAttr(geometry.dilations))
      .getResult(0);
}

/// The named op among Conv1D, Conv2D and Conv3D for the geometry's
/// number of spatial dims.
template <typename Conv1D, typename Conv2D, typename Conv3D>
Value createNamedConvOfRank(OpBuilder &b, Location loc, Value input,
                            Value filter, Value acc,
                            const ConvGeometry &geometry) {
  switch (geometry.numSpatial()) {
  case 1:
    return createNamedConv<Conv1D>(b, loc, input, filter, acc, geometry);
  case 2:
    return createNamedConv<Conv2D>(b, loc, input, filter, acc, geometry);
  case 3:
    return createNamedConv<Conv3D>(b, loc, input, filter, acc, geometry);
  }
  llvm_unreachable("convolutions have 1 to 3 spatial dims");
}

/// The named op of an ungrouped convolution: [N, sp..., C] * [k..., C, F]
/// or [N, C, sp...] * [F, C, k...].
Value createUngroupedConv(OpBuilder &b, Location loc, Value input,
                          Value filter, Value acc,
                          const ConvGeometry &geometry) {
  if (geometry.channelsLast)
    return createNamedConvOfRank<linalg::Conv1DNwcWcfOp,
                                 linalg::Conv2DNhwcHwcfOp,
                                 linalg::Conv3DNdhwcDhwcfOp>(
        b, loc, input, filter, acc, geometry);
  return createNamedConvOfRank<linalg::Conv1DNcwFcwOp,
                               linalg::Conv2DNchwFchwOp,
                               linalg::Conv3DNcdhwFcdhwOp>(
      b, loc, input, filter, acc, geometry);
}

/// A convolution with explicit groups as a linalg.generic, for the layouts
/// without a named op:
///   channels-last:  input [N, sp..., G, C/G], filter [k..., C/G, G, F],
///                   accumulator [N, out..., G, F];
///   channels-first: input [N, G, C/G, sp...], filter [G, F, C/G, k...],
///                   accumulator [N, G, F, out...].
/// Loops (n, o..., g, f | k..., c): the reduction runs kernel-major, input
/// channel innermost.
Value buildGroupedConvGeneric(OpBuilder &b, Location loc, Value input,
                              Value filter, Value acc,
                              const ConvGeometry &geometry) {
  unsigned r = geometry.numSpatial();
  unsigned numLoops = 2 * r + 4;
  auto dim = [&](unsigned i) { return b.getAffineDimExpr(i); };
  AffineExpr n = dim(0), g = dim(r + 1), f = dim(r + 2), c = dim(2 * r + 3);
  SmallVector<AffineExpr> inSpatial, kernel, outSpatial;
  for (unsigned i = 0; i < r; ++i) {
    AffineExpr out = dim(1 + i), k = dim(r + 3 + i);
    inSpatial.push_back(out * geometry.strides[i] + k * geometry.dilations[i]);
    kernel.push_back(k);
    outSpatial.push_back(out);
  }
  SmallVector<AffineExpr> inExprs{n}, filterExprs, accExprs{n};
  if (geometry.channelsLast) {
    llvm::append_range(inExprs, inSpatial);
    inExprs.append({g, c});
    filterExprs = kernel;
    filterExprs.append({c, g, f});
    llvm::append_range(accExprs, outSpatial);
    accExprs.append({g, f});
  } else {
    inExprs.append({g, c});
    llvm::append_range(inExprs, inSpatial);
    filterExprs = {g, f, c};
    llvm::append_range(filterExprs, kernel);
    accExprs.append({g, f});
    llvm::append_range(accExprs, outSpatial);
  }
  SmallVector<IteratorType> iterators = parallelIterators(r + 3);
  iterators.append(r + 1, IteratorType::reduction);
  MLIRContext *ctx = b.getContext();
  Type accType = elementTypeOf(acc);
  return linalg::GenericOp::create(
             b, loc, acc.getType(), ValueRange{input, filter}, ValueRange{acc},
             ArrayRef<AffineMap>{AffineMap::get(numLoops, 0, inExprs, ctx),
                                 AffineMap::get(numLoops, 0, filterExprs, ctx),
                                 AffineMap::get(numLoops, 0, accExprs, ctx)},
             iterators,
             [&](OpBuilder &nb, Location nloc, ValueRange args) {
               Value x = convertFloat(nb, nloc, args[0], accType);
               Value w = convertFloat(nb, nloc, args[1], accType);
               Value product = arith::MulFOp::create(nb, nloc, x, w);
               linalg::YieldOp::create(
                   nb, nloc, arith::AddFOp::create(nb, nloc, args[2], product)
                                 .getResult());
             })
      .getResult(0);
}

/// A regular convolution of the padded `input` with `filter` in the
/// layout's conv form ([k..., C/G, Cout] or [Cout, C/G, k...]), `sizes`
/// being the result's: accumulated from the bias, rounded to `elementType`.
Value buildConvolution(OpBuilder &b, Location loc, const ConvGeometry &geometry,
                       Value input, Value filter, Value bias, int64_t groups,
                       ArrayRef<OpFoldResult> sizes, Type elementType) {
  int64_t channelDim = geometry.channelDim();
  unsigned r = geometry.numSpatial();
  if (groups == 1) {
    Value acc = buildAccumulator(b, loc, sizes, elementType, bias, {channelDim});
    Value result = createUngroupedConv(b, loc, input, filter, acc, geometry);
    return roundToElementType(b, loc, result, elementType);
  }

  // Split the channels into [G, C/G] and [G, F = Cout/G].
  SmallVector<OpFoldResult> f = tensor::getMixedSizes(b, loc, filter);
  int64_t filterInDim = geometry.channelsLast ? r : 1;
  int64_t filterOutDim = geometry.channelsLast ? r + 1 : 0;
  OpFoldResult g = b.getIndexAttr(groups);
  OpFoldResult outPerGroup = divide(b, loc, f[filterOutDim], g);
  Value groupedInput =
      expandDim(b, loc, input, channelDim, {g, f[filterInDim]});
  Value groupedFilter =
      expandDim(b, loc, filter, filterOutDim, {g, outPerGroup});
  SmallVector<OpFoldResult> accSizes(sizes);
  accSizes[channelDim] = outPerGroup;
  accSizes.insert(accSizes.begin() + channelDim, g);
  Value acc = buildAccumulator(b, loc, accSizes, elementType, bias,
                               {channelDim, channelDim + 1});
  Value result =
      !geometry.channelsLast && r == 2
          ? createNamedConv<linalg::Conv2DNgchwGfchwOp>(
                b, loc, groupedInput, groupedFilter, acc, geometry)
          : buildGroupedConvGeneric(b, loc, groupedInput, groupedFilter, acc,
                                    geometry);
  return finishLayer(b, loc, result, mergeWithNext(accSizes.size(), channelDim),
                     elementType);
}

FailureOr<Value> lowerRegular(OpBuilder &b, ConvolutionOpInterface op,
                              Value input, Value filter, Value bias) {
  Location loc = op.getLoc();
  ConvGeometry geometry = getConvGeometry(op);
  auto resultType = cast<RankedTensorType>(op->getResult(0).getType());
  SmallVector<OpFoldResult> f = tensor::getMixedSizes(b, loc, filter);
  OpFoldResult cout =
      f[geometry.channelsLast ? geometry.numSpatial() + 1 : 0];
  SmallVector<OpFoldResult> sizes = geometry.resultSizes(
      b, loc, resultType, input, cout, geometry.kernel(f));
  return buildConvolution(b, loc, geometry, geometry.pad(b, loc, input),
                          filter, bias, op.getGroups(), sizes,
                          resultType.getElementType());
}

//===----------------------------------------------------------------------===//
// Depthwise convolutions
//===----------------------------------------------------------------------===//

/// [N, sp..., C] * [k..., C, M] -> [N, out..., C, M].
Value createChannelsLastDepthwise(OpBuilder &b, Location loc, Value input,
                                  Value filter, Value acc,
                                  const ConvGeometry &geometry) {
  return createNamedConvOfRank<linalg::DepthwiseConv1DNwcWcmOp,
                               linalg::DepthwiseConv2DNhwcHwcmOp,
                               linalg::DepthwiseConv3DNdhwcDhwcmOp>(
      b, loc, input, filter, acc, geometry);
}

/// [N, C, sp...] * [C, k...] -> [N, C, out...].
Value createChannelsFirstDepthwise(OpBuilder &b, Location loc, Value input,
                                   Value filter, Value acc,
                                   const ConvGeometry &geometry) {
  return createNamedConvOfRank<linalg::DepthwiseConv1DNcwCwOp,
                               linalg::DepthwiseConv2DNchwChwOp,
                               linalg::DepthwiseConv3DNcdhwCdhwOp>(
      b, loc, input, filter, acc, geometry);
}

FailureOr<Value> lowerDepthwise(OpBuilder &b, ConvolutionOpInterface op,
                                Value input, Value filter, Value bias) {
  Location loc = op.getLoc();
  ConvGeometry geometry = getConvGeometry(op);
  auto resultType = cast<RankedTensorType>(op->getResult(0).getType());
  Type elementType = resultType.getElementType();
  unsigned r = geometry.numSpatial();
  int64_t channelDim = geometry.channelDim();
  SmallVector<OpFoldResult> f = tensor::getMixedSizes(b, loc, filter);
  SmallVector<OpFoldResult> kernel = geometry.kernel(f);
  Value padded = geometry.pad(b, loc, input);

  if (geometry.channelsLast) {
    // Filter [k..., C, M]: the named op computes [N, out..., C, M], whose
    // collapse is output channel c * M + m. A bias splits into [C, M] like
    // the accumulator, which needs one of them static (MLIR 22's
    // expand-strided-metadata crashes on a split into two dynamic sizes).
    OpFoldResult c = f[r], m = f[r + 1];
    if (bias && !getConstantIntValue(c) && !getConstantIntValue(m))
      return op->emitOpError()
             << "cannot be lowered: with a bias, filter dims " << r << " and "
             << r + 1 << " must not both be dynamic";
    SmallVector<OpFoldResult> sizes = geometry.resultSizes(
        b, loc, resultType, input, multiply(b, loc, c, m), kernel);
    SmallVector<OpFoldResult> accSizes(sizes);
    accSizes[channelDim] = m;
    accSizes.insert(accSizes.begin() + channelDim, c);
    Value acc = buildAccumulator(b, loc, accSizes, elementType, bias,
                                 {channelDim, channelDim + 1});
    Value result =
        createChannelsLastDepthwise(b, loc, padded, filter, acc, geometry);
    return finishLayer(b, loc, result,
                       mergeWithNext(accSizes.size(), channelDim), elementType);
  }

  // Filter [C * M, 1, k...]: filter row c * M + m is output channel c * M + m.
  // Splitting the rows into [C, M] needs C static (see above). (The
  // verifier guarantees a static C >= 1.)
  int64_t c = op.getInput().getType().getDimSize(channelDim);
  if (ShapedType::isDynamic(c))
    return op->emitOpError() << "cannot be lowered: input channel dim "
                             << channelDim << " must be static";
  SmallVector<OpFoldResult> sizes =
      geometry.resultSizes(b, loc, resultType, input, f[0], kernel);
  // With C = 0 there are no rows either (a dynamic count must be 0): the
  // multiplier-1 form computes the empty result without dividing by C.
  std::optional<int64_t> rows = getConstantIntValue(f[0]);
  if (c != 0 && rows != c) {
    // A grouped convolution with one input channel per group: the filter is
    // already its [Cout, Cin/G = 1, k...].
    return buildConvolution(b, loc, geometry, padded, filter, bias, c, sizes,
                            elementType);
  }
  Value acc =
      buildAccumulator(b, loc, sizes, elementType, bias, {channelDim});
  SmallVector<ReassociationIndices> dropUnit{{0, 1}};
  for (unsigned i = 0; i < r; ++i)
    dropUnit.push_back({geometry.kernelDim(i)});
  Value filterRows = tensor::CollapseShapeOp::create(b, loc, filter, dropUnit);
  Value result = createChannelsFirstDepthwise(b, loc, padded, filterRows, acc,
                                              geometry);
  return roundToElementType(b, loc, result, elementType);
}

//===----------------------------------------------------------------------===//
// Transposed convolutions
//===----------------------------------------------------------------------===//

/// Puts stride - 1 zeros after every element of each spatial dim with a
/// stride above 1: [N, in, C] becomes [N, in * s, C] holding x[q] at q * s.
/// The dim is split into [in, 1], padded to [in, s] and merged again (a
/// strided insert_slice is what MLIR 22's expand-strided-metadata handles
/// worst).
Value interleaveZeros(OpBuilder &b, Location loc, Value input,
                      const ConvGeometry &geometry) {
  if (llvm::all_of(geometry.strides, [](int64_t s) { return s == 1; }))
    return input;
  SmallVector<OpFoldResult> sizes = tensor::getMixedSizes(b, loc, input);
  SmallVector<int64_t> stride(sizes.size(), 1);
  for (unsigned i = 0; i < geometry.numSpatial(); ++i)
    stride[geometry.spatialDim(i)] = geometry.strides[i];
  SmallVector<ReassociationIndices> groups;
  SmallVector<OpFoldResult> expanded;
  SmallVector<int64_t> low, high;
  for (auto [size, s] : llvm::zip_equal(sizes, stride)) {
    ReassociationIndices group{static_cast<int64_t>(expanded.size())};
    expanded.push_back(size);
    low.push_back(0);
    high.push_back(0);
    if (s > 1) {
      group.push_back(expanded.size());
      expanded.push_back(b.getIndexAttr(1));
      low.push_back(0);
      high.push_back(s - 1);
    }
    groups.push_back(group);
  }
  Value split = tensor::ExpandShapeOp::create(
      b, loc, RankedTensorType::get(staticShape(expanded), elementTypeOf(input)),
      input, groups, expanded);
  Value spread = padWithZeros(b, loc, split, low, high);
  return tensor::CollapseShapeOp::create(b, loc, spread, groups);
}

/// Pads dim d by low[d] / high[d] zeros where positive and crops -low[d] /
/// -high[d] entries where negative.
Value padOrCrop(OpBuilder &b, Location loc, Value value,
                ArrayRef<int64_t> low, ArrayRef<int64_t> high) {
  auto positive = [](int64_t v) { return std::max<int64_t>(v, 0); };
  auto negative = [](int64_t v) { return std::max<int64_t>(-v, 0); };
  value = padWithZeros(b, loc, value, llvm::map_to_vector(low, positive),
                       llvm::map_to_vector(high, positive));
  if (llvm::all_of(low, [](int64_t v) { return v >= 0; }) &&
      llvm::all_of(high, [](int64_t v) { return v >= 0; }))
    return value;
  SmallVector<OpFoldResult> sizes = tensor::getMixedSizes(b, loc, value);
  SmallVector<OpFoldResult> offsets, strides(sizes.size(), b.getIndexAttr(1));
  AffineExpr d0 = b.getAffineDimExpr(0);
  for (size_t d = 0; d < sizes.size(); ++d) {
    int64_t cropLow = negative(low[d]), cropHigh = negative(high[d]);
    offsets.push_back(b.getIndexAttr(cropLow));
    AffineMap kept = AffineMap::get(
        1, 0, {d0 - (cropLow + cropHigh), b.getAffineConstantExpr(0)},
        b.getContext());
    sizes[d] = affine::makeComposedFoldedAffineMax(b, loc, kept, {sizes[d]});
  }
  // No elements to crop (and an extract_slice of a static 0-sized dim
  // fails MLIR 22's in-bounds check).
  if (isStaticallyEmpty(value))
    return tensor::EmptyOp::create(b, loc, sizes, elementTypeOf(value));
  return tensor::ExtractSliceOp::create(b, loc, value, offsets, sizes, strides);
}

/// The filter of the regular convolution that a transposed convolution
/// equals on the interleaved input: input and output channels swapped
/// within each group, the kernel flipped.
///   channels-first [Cin, F, k...] (F = Cout/G) -> [Cout, Cin/G, k...]:
///     w'[g * F + j, i, k...] = w[g * Cin/G + i, j, K-1-k...];
///   channels-last  [k..., F, Cin] -> [k..., Cin/G, Cout]:
///     w'[k..., i, g * F + j] = w[K-1-k..., j, g * Cin/G + i].
/// One copy generic over the grouped result, whose group dim is then merged
/// with F.
Value flipTransposedFilter(OpBuilder &b, Location loc, Value filter,
                           const ConvGeometry &geometry, int64_t groups,
                           ArrayRef<int64_t> kernel) {
  unsigned r = geometry.numSpatial();
  bool grouped = groups > 1;
  SmallVector<OpFoldResult> f = tensor::getMixedSizes(b, loc, filter);
  OpFoldResult g = b.getIndexAttr(groups);
  int64_t cinDim = geometry.channelsLast ? r + 1 : 0;
  int64_t fDim = geometry.channelsLast ? r : 1;
  OpFoldResult cinPerGroup = divide(b, loc, f[cinDim], g);
  if (grouped)
    filter = expandDim(b, loc, filter, cinDim, {g, cinPerGroup});

  // Loops over the result, [G,] F, Cin/G and the kernel dims, in the
  // result's order.
  unsigned numLoops = r + 2 + (grouped ? 1 : 0);
  auto dim = [&](unsigned i) { return b.getAffineDimExpr(i); };
  SmallVector<AffineExpr> flipped;
  unsigned firstKernel = geometry.channelsLast ? 0 : numLoops - r;
  for (unsigned i = 0; i < r; ++i)
    flipped.push_back(kernel[i] - 1 - dim(firstKernel + i));
  SmallVector<OpFoldResult> sizes;
  SmallVector<AffineExpr> source;
  SmallVector<ReassociationIndices> mergeGroups;
  if (geometry.channelsLast) {
    // Result [k..., Cin/G, G, F]; source [k..., F, G, Cin/G].
    AffineExpr i = dim(r), j = dim(numLoops - 1);
    for (unsigned k = 0; k < r; ++k)
      sizes.push_back(f[k]);
    sizes.push_back(cinPerGroup);
    if (grouped)
      sizes.push_back(g);
    sizes.push_back(f[fDim]);
    source = flipped;
    source.push_back(j);
    if (grouped)
      source.push_back(dim(r + 1));
    source.push_back(i);
    if (grouped)
      mergeGroups = mergeWithNext(r + 3, r + 1);
  } else {
    // Result [G, F, Cin/G, k...]; source [G, Cin/G, F, k...].
    unsigned next = 0;
    AffineExpr gd = grouped ? dim(next++) : AffineExpr();
    AffineExpr j = dim(next++), i = dim(next++);
    if (grouped) {
      sizes.push_back(g);
      source.push_back(gd);
    }
    sizes.append({f[fDim], cinPerGroup});
    source.append({i, j});
    for (unsigned k = 0; k < r; ++k)
      sizes.push_back(f[geometry.kernelDim(k)]);
    llvm::append_range(source, flipped);
    if (grouped)
      mergeGroups = mergeWithNext(r + 3, 0);
  }
  Type elementType = elementTypeOf(filter);
  Value result = buildElementwise(
      b, loc, sizes, elementType, elementType, ValueRange{filter},
      {AffineMap::get(numLoops, 0, source, b.getContext())},
      [](OpBuilder &, Location, ValueRange args) { return args[0]; });
  if (grouped)
    result = tensor::CollapseShapeOp::create(b, loc, result, mergeGroups);
  return result;
}

FailureOr<Value> lowerTransposed(OpBuilder &b, ConvolutionOpInterface op,
                                 Value input, Value filter, Value bias) {
  Location loc = op.getLoc();
  ConvGeometry geometry = getConvGeometry(op);
  auto resultType = cast<RankedTensorType>(op->getResult(0).getType());
  unsigned r = geometry.numSpatial();
  RankedTensorType filterType = op.getFilter().getType();
  SmallVector<int64_t> kernel;
  for (unsigned i = 0; i < r; ++i)
    kernel.push_back(filterType.getDimSize(geometry.kernelDim(i)));
  // The flip reads kernel position K-1-k.
  if (ShapedType::isDynamicShape(kernel))
    return op->emitOpError("cannot be lowered: a transposed convolution needs "
                           "static kernel spatial dims");

  // Output p of the full result collects x[q] * w[k] with p = q*s + k*d: a
  // stride-1 convolution of x spread out by s with the flipped kernel,
  // over d*(k-1) zeros on each side. `padding` then removes lo/hi outputs
  // and output_padding adds outputs at the high end; the s-1 zeros after
  // the last element already count toward the high side.
  ArrayRef<int64_t> outputPadding = op.getOutputPadding();
  SmallVector<int64_t> low(r + 2, 0), high(r + 2, 0);
  for (unsigned i = 0; i < r; ++i) {
    std::optional<int64_t> reach =
        llvm::checkedMul(geometry.dilations[i], kernel[i] - 1);
    if (!reach)
      return op->emitOpError("cannot be lowered: the dilated kernel size "
                             "overflows int64");
    low[geometry.spatialDim(i)] = *reach - geometry.padLow[i];
    high[geometry.spatialDim(i)] = *reach - geometry.padHigh[i] +
                                   outputPadding[i] -
                                   (geometry.strides[i] - 1);
  }
  Value spread = padOrCrop(b, loc, interleaveZeros(b, loc, input, geometry),
                           low, high);

  int64_t groups = op.getGroups();
  Value convFilter =
      flipTransposedFilter(b, loc, filter, geometry, groups, kernel);
  ConvGeometry conv{geometry.channelsLast,
                    SmallVector<int64_t>(r, 1),
                    geometry.dilations,
                    SmallVector<int64_t>(r, 0),
                    SmallVector<int64_t>(r, 0)};
  SmallVector<OpFoldResult> f = tensor::getMixedSizes(b, loc, convFilter);
  OpFoldResult cout = f[conv.channelsLast ? r + 1 : 0];
  SmallVector<OpFoldResult> sizes =
      conv.resultSizes(b, loc, resultType, spread, cout, conv.kernel(f));
  return buildConvolution(b, loc, conv, spread, convFilter, bias, groups,
                          sizes, resultType.getElementType());
}

//===----------------------------------------------------------------------===//
// The pattern
//===----------------------------------------------------------------------===//

struct ConvolutionLowering
    : public OpInterfaceConversionPattern<ConvolutionOpInterface> {
  using OpInterfaceConversionPattern::OpInterfaceConversionPattern;

  LogicalResult
  matchAndRewrite(ConvolutionOpInterface op, ArrayRef<Value> operands,
                  ConversionPatternRewriter &rewriter) const override {
    // Operands (input, filter[, bias]), the order of every convolution op.
    Value input = operands[0], filter = operands[1];
    Value bias = operands.size() > 2 ? operands[2] : Value();
    FailureOr<Value> result = failure();
    switch (op.getConvKind()) {
    case ConvKind::Regular:
      result = lowerRegular(rewriter, op, input, filter, bias);
      break;
    case ConvKind::Depthwise:
      result = lowerDepthwise(rewriter, op, input, filter, bias);
      break;
    case ConvKind::Transposed:
      result = lowerTransposed(rewriter, op, input, filter, bias);
      break;
    }
    if (failed(result))
      return failure();
    rewriter.replaceOp(op, castToType(rewriter, op.getLoc(), *result,
                                      op->getResult(0).getType()));
    return success();
  }
};

} // namespace

void bnfold::nn_to_linalg::populateConvolutionLoweringPatterns(
    RewritePatternSet &patterns) {
  patterns.add<ConvolutionLowering>(patterns.getContext());
}
