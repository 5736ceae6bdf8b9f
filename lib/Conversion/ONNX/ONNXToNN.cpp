//===- ONNXToNN.cpp - Raise nn.onnx_op nodes to nn ops --------------------===//
//
// One pattern per ONNX operator and range of opsets over which its schema
// reads the same (populateONNXToNNPatterns has the table). A pattern raises
// a node only when its semantics are exactly the nn op's: it checks what the
// ONNX side must be (types, attribute values, constant operands), computes
// the nn op's attributes, and leaves the type rules of the nn op to the nn
// verifier (ONNXNode::replaceIfValid). Any node it does not raise stays
// nn.onnx_op, with the reason.
//
//===----------------------------------------------------------------------===//

#include "ONNXPatterns.h"
#include "bnfold/Conversion/ONNX/ONNXConversion.h"
#include "bnfold/Conversion/Passes.h"

#include "bnfold/Dialect/NN/IR/NNDialect.h"
#include "bnfold/Dialect/NN/IR/NNOps.h"
#include "bnfold/Support/FoldRecords.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinDialect.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Matchers.h"
#include "llvm/Support/MathExtras.h"

namespace bnfold {
#define GEN_PASS_DEF_CONVERTONNXTONN
#include "bnfold/Conversion/Passes.h.inc"
} // namespace bnfold

using namespace mlir;
using namespace bnfold;
using namespace bnfold::nn;
using namespace bnfold::onnx_conversion;

namespace {

bool isNNFloat(Type t) {
  return t.isF16() || t.isBF16() || t.isF32() || t.isF64();
}

/// `value`'s type if it is a ranked tensor of an nn float type (of rank
/// `rank`, unless -1).
RankedTensorType rankedFloat(Value value, int64_t rank = -1) {
  auto type = dyn_cast_or_null<RankedTensorType>(value ? value.getType()
                                                        : Type());
  if (!type || !isNNFloat(type.getElementType()) ||
      (rank >= 0 && type.getRank() != rank))
    return nullptr;
  return type;
}

/// The type of the node's one result if it is a ranked nn float tensor.
RankedTensorType singleFloatResult(OnnxOp op) {
  return op.getNumResults() == 1 ? rankedFloat(op.getOutputs()[0]) : nullptr;
}

//===----------------------------------------------------------------------===//
// BatchNormalization
//===----------------------------------------------------------------------===//

/// An inference BatchNormalization -> nn.batch_norm: nchw for a 4-D input,
/// else over axis 1; `momentum` only matters in training and is dropped.
LogicalResult raiseInferenceBatchNorm(ONNXNode &node) {
  RankedTensorType x = rankedFloat(node.input(0));
  if (!x || x.getRank() < 2)
    return node.fail("its input is not a ranked f16, bf16, f32 or f64 tensor "
                     "of rank 2 or more");
  if (node.numPresentInputs() != 5 || singleFloatResult(node.getOp()) != x)
    return node.fail("its result type differs from its input type");
  static constexpr const char *kParams[] = {"scale", "B", "input_mean",
                                            "input_var"};
  for (unsigned i = 1; i < 5; ++i)
    if (!rankedFloat(node.input(i), 1))
      return node.fail(Twine("its input '") + kParams[i - 1] +
                       "' is not a 1-D f16, bf16, f32 or f64 tensor");
  // BatchNormalization-14 lets mean and var, and 15 also scale and B, have
  // float types of their own (f16 activations with f32 statistics, say);
  // nn.batch_norm has one element type.
  for (unsigned i = 1; i < 5; ++i) {
    Type element = cast<RankedTensorType>(node.input(i).getType())
                       .getElementType();
    if (element != x.getElementType()) {
      std::string message;
      llvm::raw_string_ostream os(message);
      os << "its input '" << kParams[i - 1] << "' is " << element
         << " and its input X " << x.getElementType()
         << ": nn.batch_norm has one element type";
      return node.fail(message);
    }
  }
  float epsilon;
  if (node.floatAttr(epsilon, "epsilon", 1e-5f))
    return failure();
  OpBuilder &b = node.getDetachedBuilder();
  bool nchw = x.getRank() == 4;
  auto bn = BatchNormOp::create(
      b, node.getLoc(), x, node.input(0), node.input(3), node.input(4),
      node.input(1), node.input(2), b.getF64FloatAttr(epsilon),
      nchw ? LayoutAttr::get(b.getContext(), Layout::NCHW) : LayoutAttr(),
      nchw ? IntegerAttr() : b.getI64IntegerAttr(1));
  return node.replaceIfValid({bn});
}

/// BatchNormalization-9 (opsets 9 to 13): a node with the running
/// statistics outputs is a training node.
struct RaiseBatchNormalization9 : ONNXRaisingPattern {
  using ONNXRaisingPattern::ONNXRaisingPattern;
  LogicalResult raise(ONNXNode &node) const override {
    if (node.getOp().getNumResults() != 1)
      return node.fail("it computes the running statistics (training)");
    return raiseInferenceBatchNorm(node);
  }
};

/// BatchNormalization-14 and -15 (opsets 14 on): `training_mode` says which;
/// 15 lets the parameters have their own float types (the nn verifier
/// decides whether they fit).
struct RaiseBatchNormalization14 : ONNXRaisingPattern {
  using ONNXRaisingPattern::ONNXRaisingPattern;
  LogicalResult raise(ONNXNode &node) const override {
    int64_t trainingMode;
    if (node.intAttr(trainingMode, "training_mode", 0))
      return failure();
    if (trainingMode != 0 || node.getOp().getNumResults() != 1)
      return node.fail("it computes the running statistics (training)");
    return raiseInferenceBatchNorm(node);
  }
};

//===----------------------------------------------------------------------===//
// Conv
//===----------------------------------------------------------------------===//

/// The padding SAME_UPPER / SAME_LOWER gives one spatial dim: the output
/// is ceil(in / stride), and the odd pixel goes at the end (UPPER) or at the
/// beginning (LOWER). Returns {begin, end}, or std::nullopt when it does not
/// fit in int64.
std::optional<std::pair<int64_t, int64_t>>
samePadding(int64_t in, int64_t kernel, int64_t stride, int64_t dilation,
            bool upper) {
  int64_t out = in / stride + (in % stride != 0);
  int64_t covered, reach, total;
  if (llvm::MulOverflow(out - 1, stride, covered) ||
      llvm::MulOverflow(kernel - 1, dilation, reach) ||
      llvm::AddOverflow(covered, reach, total) ||
      llvm::AddOverflow(total, int64_t(1), total) ||
      llvm::SubOverflow(total, in, total))
    return std::nullopt;
  total = std::max<int64_t>(total, 0);
  int64_t small = total / 2, large = total - small;
  return upper ? std::pair(small, large) : std::pair(large, small);
}

/// One op per rank (1 to 3 spatial dims) of a convolution kind.
template <typename Op1D, typename Op2D, typename Op3D, typename... Args>
Operation *createForRank(unsigned spatialDims, OpBuilder &b, Location loc,
                         Args &&...args) {
  switch (spatialDims) {
  case 1:
    return Op1D::create(b, loc, std::forward<Args>(args)...);
  case 2:
    return Op2D::create(b, loc, std::forward<Args>(args)...);
  case 3:
    return Op3D::create(b, loc, std::forward<Args>(args)...);
  }
  llvm_unreachable("nn convolutions have 1 to 3 spatial dims");
}

/// The operands and result of a Conv or ConvTranspose node: input, weight
/// and result ranked nn float tensors of one rank, an optional 1-D bias.
/// Sets `spatialDims`, or fails saying why the node is not one nn can hold.
LogicalResult matchConvolutionTypes(ONNXNode &node, StringRef what,
                                    unsigned &spatialDims) {
  RankedTensorType x = rankedFloat(node.input(0));
  RankedTensorType w = rankedFloat(node.input(1));
  RankedTensorType out = singleFloatResult(node.getOp());
  Value bias = node.input(2);
  if (!x || !w || !out || w.getRank() != x.getRank() ||
      out.getRank() != x.getRank() || node.numPresentInputs() > 3 ||
      (bias && !rankedFloat(bias, 1)))
    return node.fail("it is not a " + what +
                     " of ranked f16, bf16, f32 or f64 tensors of one rank "
                     "with an optional 1-D bias");
  if (x.getRank() < 3)
    return node.fail("its input has rank " + Twine(x.getRank()) +
                     "; a convolution's has a batch, a channel and at least "
                     "one spatial dim");
  if (x.getRank() > 5)
    return node.fail("it has " + Twine(x.getRank() - 2) +
                     " spatial dims; nn convolutions have 1 to 3");
  spatialDims = x.getRank() - 2;
  return success();
}

/// The attributes Conv-11 and ConvTranspose-11 share, with the defaults of
/// `r` spatial dims; `pads` is ONNX's [b_0, ..., b_{r-1}, e_0, ...].
struct ConvAttributes {
  int64_t group;
  SmallVector<int64_t> strides, dilations, pads;
  StringRef autoPad;
  /// Whether the node gives `pads` itself.
  bool hasPads;
};

/// Reads the shared attributes of a node with weight `w` over `r` spatial
/// dims, checking their lengths, `kernel_shape` against the weight, and
/// that `auto_pad` is an ONNX mode.
LogicalResult readConvAttributes(ONNXNode &node, RankedTensorType w,
                                 unsigned r, ConvAttributes &attrs) {
  std::optional<SmallVector<int64_t>> kernelShape, pads;
  if (node.intAttr(attrs.group, "group", 1) ||
      node.intsAttr(attrs.strides, "strides", SmallVector<int64_t>(r, 1)) ||
      node.intsAttr(attrs.dilations, "dilations",
                    SmallVector<int64_t>(r, 1)) ||
      node.optionalIntsAttr(pads, "pads") ||
      node.optionalIntsAttr(kernelShape, "kernel_shape") ||
      node.stringAttr(attrs.autoPad, "auto_pad", "NOTSET"))
    return failure();
  attrs.hasPads = pads.has_value();
  attrs.pads = pads ? *pads : SmallVector<int64_t>(2 * r, 0);
  if (attrs.strides.size() != r || attrs.dilations.size() != r ||
      attrs.pads.size() != 2 * r)
    return node.fail("its strides, dilations or pads are not those of " +
                     Twine(r) + " spatial dims");
  if (kernelShape && ArrayRef<int64_t>(*kernelShape) != w.getShape().drop_front(2))
    return node.fail("its kernel_shape is not its weight's spatial shape");
  if (!llvm::is_contained({"NOTSET", "SAME_UPPER", "SAME_LOWER", "VALID"},
                          attrs.autoPad))
    return node.fail("its auto_pad '" + attrs.autoPad +
                     "' is not an ONNX mode");
  return success();
}

/// The static sizes of spatial dim `d` of the input and the weight, or a
/// failure saying that `why` needs them.
LogicalResult staticSpatialSizes(ONNXNode &node, unsigned d,
                                 const Twine &why, int64_t &in,
                                 int64_t &kernel) {
  in = cast<RankedTensorType>(node.input(0).getType()).getDimSize(2 + d);
  kernel = cast<RankedTensorType>(node.input(1).getType()).getDimSize(2 + d);
  if (ShapedType::isDynamic(in) || ShapedType::isDynamic(kernel))
    return node.fail(why + " needs static spatial dims");
  return success();
}

/// Conv-11 (unchanged through opset 21) with 1 to 3 spatial dims ->
/// nn.conv{1,2,3}d in the channels-first layout, or nn.depthwise_conv{1,2,3}d
/// for one group per input channel with one input channel per group.
struct RaiseConv : ONNXRaisingPattern {
  using ONNXRaisingPattern::ONNXRaisingPattern;
  LogicalResult raise(ONNXNode &node) const override {
    unsigned r;
    if (failed(matchConvolutionTypes(node, "convolution", r)))
      return failure();
    auto x = cast<RankedTensorType>(node.input(0).getType());
    auto w = cast<RankedTensorType>(node.input(1).getType());
    ConvAttributes attrs;
    if (failed(readConvAttributes(node, w, r, attrs)))
      return failure();
    SmallVector<int64_t> &pads = attrs.pads;
    if (attrs.autoPad == "VALID") {
      pads.assign(2 * r, 0);
    } else if (attrs.autoPad != "NOTSET") {
      bool upper = attrs.autoPad == "SAME_UPPER";
      for (unsigned d = 0; d < r; ++d) {
        int64_t in, kernel;
        if (failed(staticSpatialSizes(node, d, "auto_pad " + attrs.autoPad,
                                      in, kernel)))
          return failure();
        if (attrs.strides[d] <= 0)
          return node.fail("auto_pad " + attrs.autoPad +
                           " needs positive strides");
        auto padding = samePadding(in, kernel, attrs.strides[d],
                                   attrs.dilations[d], upper);
        if (!padding)
          return node.fail("the padding auto_pad " + attrs.autoPad +
                           " asks for does not fit in int64");
        pads[d] = padding->first;
        pads[r + d] = padding->second;
      }
    }
    SmallVector<int64_t> padding = nnPaddingFromONNXPads(pads);
    OpBuilder &b = node.getDetachedBuilder();
    Location loc = node.getLoc();
    Type out = node.getOp().getOutputs()[0].getType();
    Layout layout = getLayout(r, /*channelsLast=*/false);
    Operation *conv;
    if (attrs.group > 1 && attrs.group == x.getDimSize(1) &&
        w.getDimSize(1) == 1)
      conv = createForRank<DepthwiseConv1DOp, DepthwiseConv2DOp,
                           DepthwiseConv3DOp>(
          r, b, loc, out, node.input(0), node.input(1), node.input(2), layout,
          attrs.strides, attrs.dilations, padding);
    else
      conv = createForRank<Conv1DOp, Conv2DOp, Conv3DOp>(
          r, b, loc, out, node.input(0), node.input(1), node.input(2), layout,
          attrs.strides, attrs.dilations, padding,
          static_cast<uint64_t>(attrs.group));
    return node.replaceIfValid({conv});
  }
};

/// The size a ConvTranspose produces along one spatial dim before padding
/// removes outputs: stride * (in - 1) + output_padding + dilation *
/// (kernel - 1) + 1; std::nullopt when it does not fit in int64.
std::optional<int64_t> convTransposeFullSize(int64_t in, int64_t kernel,
                                             int64_t stride, int64_t dilation,
                                             int64_t outputPadding) {
  int64_t covered, reach, full;
  if (llvm::MulOverflow(in - 1, stride, covered) ||
      llvm::MulOverflow(kernel - 1, dilation, reach) ||
      llvm::AddOverflow(covered, reach, full) ||
      llvm::AddOverflow(full, outputPadding, full) ||
      llvm::AddOverflow(full, int64_t(1), full))
    return std::nullopt;
  return full;
}

/// ConvTranspose-11 (unchanged through opset 21) with 1 to 3 spatial dims ->
/// nn.conv_transpose{1,2,3}d in the channels-first layout. The padding
/// follows the operator's specification:
///  - `output_shape` (r entries, or r + 2 of which the last r count): the
///    total padding is what the convolution produces minus it, split with
///    the larger half at the end for SAME_UPPER and at the beginning
///    otherwise;
///  - else `auto_pad` SAME_UPPER / SAME_LOWER: the same split, for an output
///    of input size * stride; VALID: no padding; NOTSET: `pads`.
/// Forms on which onnxruntime, ONNX's shape inference and the specification
/// do not agree stay nn.onnx_op (each one's check below says how they differ;
/// test/Target/ONNX/execution.test runs every raised form in onnxruntime).
struct RaiseConvTranspose : ONNXRaisingPattern {
  using ONNXRaisingPattern::ONNXRaisingPattern;
  LogicalResult raise(ONNXNode &node) const override {
    unsigned r;
    if (failed(matchConvolutionTypes(node, "transposed convolution", r)))
      return failure();
    auto w = cast<RankedTensorType>(node.input(1).getType());
    ConvAttributes attrs;
    SmallVector<int64_t> outputPadding;
    std::optional<SmallVector<int64_t>> outputShape;
    if (failed(readConvAttributes(node, w, r, attrs)) ||
        node.intsAttr(outputPadding, "output_padding",
                      SmallVector<int64_t>(r, 0)) ||
        node.optionalIntsAttr(outputShape, "output_shape"))
      return failure();
    if (outputPadding.size() != r)
      return node.fail("its output_padding is not that of " + Twine(r) +
                       " spatial dims");
    bool upper = attrs.autoPad == "SAME_UPPER";
    // The outputs each spatial dim must have, when the padding is derived.
    SmallVector<int64_t> targets;
    StringRef derivedFrom;
    if (outputShape) {
      if (outputShape->size() != r && outputShape->size() != r + 2)
        return node.fail("its output_shape has " +
                         Twine(outputShape->size()) + " entries; with " +
                         Twine(r) + " spatial dims it takes " + Twine(r) +
                         " or " + Twine(r + 2));
      targets.assign(outputShape->end() - r, outputShape->end());
      derivedFrom = "output_shape";
    } else if (attrs.autoPad == "SAME_UPPER" ||
               attrs.autoPad == "SAME_LOWER") {
      // onnxruntime makes the output input size * stride, as the
      // specification says; ONNX's shape inference (libonnx 1.12) adds
      // output_padding to it.
      if (llvm::any_of(outputPadding, [](int64_t p) { return p != 0; }))
        return node.fail("auto_pad " + attrs.autoPad +
                         " with output_padding: onnxruntime and ONNX's "
                         "shape inference disagree on its output size");
      for (unsigned d = 0; d < r; ++d) {
        int64_t in, kernel, target;
        if (failed(staticSpatialSizes(node, d, "auto_pad " + attrs.autoPad,
                                      in, kernel)))
          return failure();
        if (llvm::MulOverflow(in, attrs.strides[d], target))
          return node.fail("the output size auto_pad " + attrs.autoPad +
                           " asks for does not fit in int64");
        targets.push_back(target);
      }
      derivedFrom = "auto_pad";
    } else if (attrs.autoPad == "VALID") {
      attrs.pads.assign(2 * r, 0);
    }
    if (!targets.empty()) {
      SmallVector<int64_t> derived(2 * r);
      for (unsigned d = 0; d < r; ++d) {
        int64_t in, kernel;
        if (failed(staticSpatialSizes(node, d, derivedFrom, in, kernel)))
          return failure();
        std::optional<int64_t> full =
            convTransposeFullSize(in, kernel, attrs.strides[d],
                                  attrs.dilations[d], outputPadding[d]);
        if (!full)
          return node.fail("its output size does not fit in int64");
        if (targets[d] < 0)
          return node.fail("its " + derivedFrom + " asks for " +
                           Twine(targets[d]) + " outputs along spatial dim " +
                           Twine(d));
        // Growing the output would need negative padding: onnxruntime
        // pads 0 then, and its output is not the one asked for.
        if (targets[d] > *full)
          return node.fail("its " + derivedFrom + " asks for " +
                           Twine(targets[d]) + " outputs along spatial dim " +
                           Twine(d) + ", more than the " + Twine(*full) +
                           " the transposed convolution produces");
        int64_t total = *full - targets[d];
        derived[d] = upper ? total / 2 : total - total / 2;
        derived[r + d] = total - derived[d];
      }
      // The specification derives pads from output_shape; onnxruntime then
      // ignores the node's own pads. Nothing says which wins when they differ.
      if (attrs.hasPads && attrs.pads != derived &&
          llvm::any_of(attrs.pads, [](int64_t p) { return p != 0; }))
        return node.fail("its pads differ from those its " + derivedFrom +
                         " gives, and the ONNX specification does not say "
                         "which wins");
      attrs.pads = derived;
    }
    SmallVector<int64_t> padding = nnPaddingFromONNXPads(attrs.pads);
    Type out = node.getOp().getOutputs()[0].getType();
    Operation *conv =
        createForRank<ConvTranspose1DOp, ConvTranspose2DOp, ConvTranspose3DOp>(
            r, node.getDetachedBuilder(), node.getLoc(), out, node.input(0),
            node.input(1), node.input(2), getLayout(r, /*channelsLast=*/false),
            attrs.strides, attrs.dilations, padding, outputPadding,
            static_cast<uint64_t>(attrs.group));
    return node.replaceIfValid({conv});
  }
};

//===----------------------------------------------------------------------===//
// Gemm, MatMul
//===----------------------------------------------------------------------===//

/// `constant`'s value with the type `type` (same elements, other shape);
/// a dense_resource value shares its blob.
ElementsAttr reshapeConstant(arith::ConstantOp constant,
                             RankedTensorType type) {
  if (auto dense = dyn_cast<DenseElementsAttr>(constant.getValue()))
    return dense.reshape(type);
  if (auto resource = dyn_cast<DenseResourceElementsAttr>(constant.getValue()))
    return DenseResourceElementsAttr::get(type, resource.getRawHandle());
  return nullptr;
}

/// Gemm-11 and -13 (C optional; 13 adds bf16) with alpha = 1 (and beta = 1
/// when C is given) -> nn.matmul: transA / transB become the transpose
/// flags, a C of shape [N] (any value) or a constant of shape [1, N] the
/// bias.
struct RaiseGemm : ONNXRaisingPattern {
  using ONNXRaisingPattern::ONNXRaisingPattern;
  LogicalResult raise(ONNXNode &node) const override {
    RankedTensorType a = rankedFloat(node.input(0), 2);
    RankedTensorType b = rankedFloat(node.input(1), 2);
    RankedTensorType out = singleFloatResult(node.getOp());
    if (!a || !b || !out || node.numPresentInputs() > 3)
      return node.fail("its A, B and result are not ranked 2-D f16, bf16, "
                       "f32 or f64 tensors");
    float alpha, beta;
    int64_t transA, transB;
    if (node.floatAttr(alpha, "alpha", 1.0f) ||
        node.floatAttr(beta, "beta", 1.0f) ||
        node.intAttr(transA, "transA", 0) || node.intAttr(transB, "transB", 0))
      return failure();
    if (alpha != 1.0f)
      return node.fail("its alpha is not 1");
    Value bias = node.input(2);
    SmallVector<Operation *> newOps;
    OpBuilder &builder = node.getDetachedBuilder();
    if (bias) {
      if (beta != 1.0f)
        return node.fail("its beta is not 1");
      int64_t n = out.getDimSize(1);
      auto biasType = dyn_cast<RankedTensorType>(bias.getType());
      if (!biasType || biasType.getElementType() != out.getElementType())
        return node.fail("its C is not a ranked tensor of its result's "
                         "element type");
      if (biasType.getRank() == 2 && biasType.getDimSize(0) == 1 &&
          biasType.getDimSize(1) == n) {
        // A constant [1, N] C holds the same data as an [N] bias.
        auto constant = bias.getDefiningOp<arith::ConstantOp>();
        ElementsAttr flat =
            constant ? reshapeConstant(constant, RankedTensorType::get(
                                                     {n}, out.getElementType()))
                     : nullptr;
        if (!flat)
          return node.fail("its C of shape [1, N] is not a constant");
        auto flatBias =
            arith::ConstantOp::create(builder, constant.getLoc(), flat);
        newOps.push_back(flatBias);
        bias = flatBias;
      } else if (biasType.getRank() != 1 || biasType.getDimSize(0) != n) {
        return node.fail("its C is not of shape [N] or a constant [1, N]");
      }
    }
    newOps.push_back(MatmulOp::create(builder, node.getLoc(), out,
                                      node.input(0), node.input(1), bias,
                                      transA != 0, transB != 0));
    return node.replaceIfValid(newOps);
  }
};

/// The 2-D operand of `value` when it is the result of a Transpose that
/// swaps the two dims of a ranked float tensor (`perm` [1, 0] or absent),
/// else null.
Value transposedMatrix(Value value) {
  auto transpose = value.getDefiningOp<OnnxOp>();
  if (!transpose || !isONNXOperator(transpose, "Transpose") ||
      transpose.getNumOperands() != 1 ||
      transpose.getNumResults() != 1 ||
      !rankedFloat(transpose.getInputs()[0], 2))
    return nullptr;
  if (DictionaryAttr attributes = transpose.getOnnxAttributesAttr())
    for (NamedAttribute attribute : attributes) {
      auto perm = dyn_cast<DenseI64ArrayAttr>(attribute.getValue());
      if (attribute.getName() != "perm" || !perm ||
          perm.asArrayRef() != ArrayRef<int64_t>{1, 0})
        return nullptr;
    }
  return transpose.getInputs()[0];
}

/// MatMul (any version) with a 2-D right operand -> nn.matmul; leading
/// batch dims of the left operand carry through. A right operand that is a
/// Transpose of a matrix (how torch exports a Linear layer on a batched
/// input without constant folding, and how a batched nn.matmul with
/// transpose_rhs exports) becomes the matrix with transpose_rhs, so that
/// the layer's weights are the constant; the Transpose goes when nothing
/// else reads it.
struct RaiseMatMul : ONNXRaisingPattern {
  using ONNXRaisingPattern::ONNXRaisingPattern;
  LogicalResult raise(ONNXNode &node) const override {
    RankedTensorType a = rankedFloat(node.input(0));
    RankedTensorType b = rankedFloat(node.input(1), 2);
    RankedTensorType out = singleFloatResult(node.getOp());
    if (!a || !b || !out || a.getRank() < 2 || node.numPresentInputs() != 2)
      return node.fail("it is not a product of a ranked f16, bf16, f32 or "
                       "f64 tensor and a 2-D one");
    Value rhs = node.input(1);
    Operation *transpose = nullptr;
    if (Value matrix = transposedMatrix(rhs)) {
      transpose = rhs.getDefiningOp();
      rhs = matrix;
    }
    if (failed(node.replaceIfValid({MatmulOp::create(
            node.getDetachedBuilder(), node.getLoc(), out, node.input(0), rhs,
            Value(), false, transpose != nullptr)})))
      return failure();
    if (transpose)
      node.eraseIfUnused(transpose);
    return success();
  }
};

//===----------------------------------------------------------------------===//
// Elementwise and structural
//===----------------------------------------------------------------------===//

/// The node's one input and result when both have the same ranked nn float
/// type.
Value sameTypeUnary(ONNXNode &node) {
  RankedTensorType out = singleFloatResult(node.getOp());
  Value x = node.input(0);
  if (!out || node.numPresentInputs() != 1 || !x || x.getType() != out)
    return nullptr;
  return x;
}

/// `d` as a dim of a type: its size, or `?`.
std::string formatDim(int64_t d) {
  return ShapedType::isDynamic(d) ? "?" : std::to_string(d);
}

/// Why the nn elementwise ops cannot hold ONNX's broadcast of `lhs` against
/// `rhs`, or std::nullopt when they can. The operands are aligned at their
/// last dim; two dims that face each other must be equal static sizes, or
/// one of them a static 1. A dynamic dim facing a static size other than 1,
/// or another dynamic dim, broadcasts or not depending on whether it is 1
/// at run time, which the nn op's type cannot say.
std::optional<std::string> ambiguousBroadcast(RankedTensorType lhs,
                                              RankedTensorType rhs) {
  int64_t rank = std::max(lhs.getRank(), rhs.getRank());
  for (int64_t d = 0; d < rank; ++d) {
    int64_t l = d - (rank - lhs.getRank()), r = d - (rank - rhs.getRank());
    if (l < 0 || r < 0)
      continue;
    int64_t a = lhs.getDimSize(l), b = rhs.getDimSize(r);
    bool dynA = ShapedType::isDynamic(a), dynB = ShapedType::isDynamic(b);
    if ((dynA && (dynB || b != 1)) || (dynB && a != 1))
      return "its operands' dims at result dim " + std::to_string(d) +
             " are " + formatDim(a) + " and " + formatDim(b) +
             ": whether one of them broadcasts is only known at run time";
  }
  return std::nullopt;
}

/// Add, Sub, Mul and Div (7 and later: multidirectional broadcasting, the
/// same float semantics in every version) -> nn.add, nn.sub, nn.mul,
/// nn.div, whose broadcasting is ONNX's. The operands keep their types, so
/// an export gives the node back as it was. Operands of the result's type
/// need no broadcast and are raised whatever their dims.
template <typename NNOp>
struct RaiseBinaryElementwise : ONNXRaisingPattern {
  using ONNXRaisingPattern::ONNXRaisingPattern;
  LogicalResult raise(ONNXNode &node) const override {
    RankedTensorType out = singleFloatResult(node.getOp());
    Value lhs = node.input(0), rhs = node.input(1);
    RankedTensorType lhsType = rankedFloat(lhs), rhsType = rankedFloat(rhs);
    if (!out || node.numPresentInputs() != 2 || !lhsType || !rhsType ||
        lhsType.getElementType() != out.getElementType() ||
        rhsType.getElementType() != out.getElementType())
      return node.fail("its operands and result are not ranked f16, bf16, "
                       "f32 or f64 tensors of one element type");
    if (lhsType != out || rhsType != out)
      if (std::optional<std::string> why = ambiguousBroadcast(lhsType, rhsType))
        return node.fail(*why);
    return node.replaceIfValid({NNOp::create(node.getDetachedBuilder(),
                                             node.getLoc(), out, lhs, rhs)});
  }
};

/// Sqrt and Reciprocal (6 and later) of a float tensor -> nn.sqrt,
/// nn.reciprocal.
template <typename NNOp>
struct RaiseUnaryElementwise : ONNXRaisingPattern {
  using ONNXRaisingPattern::ONNXRaisingPattern;
  LogicalResult raise(ONNXNode &node) const override {
    Value x = sameTypeUnary(node);
    if (!x)
      return node.fail("it is not on a ranked f16, bf16, f32 or f64 tensor");
    return node.replaceIfValid(
        {NNOp::create(node.getDetachedBuilder(), node.getLoc(), x)});
  }
};

/// Relu-6 and later on a float tensor -> nn.relu.
struct RaiseRelu : ONNXRaisingPattern {
  using ONNXRaisingPattern::ONNXRaisingPattern;
  LogicalResult raise(ONNXNode &node) const override {
    Value x = sameTypeUnary(node);
    if (!x)
      return node.fail("it is not on a ranked f16, bf16, f32 or f64 tensor");
    return node.replaceIfValid(
        {ReluOp::create(node.getDetachedBuilder(), node.getLoc(), x)});
  }
};

/// Identity (any version) of a float tensor -> nn.identity.
struct RaiseIdentity : ONNXRaisingPattern {
  using ONNXRaisingPattern::ONNXRaisingPattern;
  LogicalResult raise(ONNXNode &node) const override {
    Value x = sameTypeUnary(node);
    if (!x)
      return node.fail("it is not of a ranked f16, bf16, f32 or f64 tensor");
    return node.replaceIfValid(
        {IdentityOp::create(node.getDetachedBuilder(), node.getLoc(), x)});
  }
};

/// A Reshape or Flatten of a ranked float tensor to the node's inferred
/// result type -> nn.reshape.
LogicalResult raiseToReshape(ONNXNode &node) {
  RankedTensorType out = singleFloatResult(node.getOp());
  if (!rankedFloat(node.input(0)) || !out)
    return node.fail("its input and result are not ranked f16, bf16, f32 or "
                     "f64 tensors");
  return node.replaceIfValid({ReshapeOp::create(
      node.getDetachedBuilder(), node.getLoc(), out, node.input(0))});
}

/// Whether the Reshape node's target shape is a constant that gives the
/// node's result type: nn.reshape takes its shape from the result type, so
/// the two must agree (a 0 copies the input's dim, with `allowZero` 0; a -1
/// is inferred).
LogicalResult checkConstantTargetShape(ONNXNode &node, bool allowZero) {
  Value shape = node.input(1);
  DenseIntElementsAttr target;
  if (node.numPresentInputs() != 2 || !shape ||
      !matchPattern(shape, m_Constant(&target)))
    return node.fail("its target shape is not a constant");
  auto in = dyn_cast<RankedTensorType>(node.input(0).getType());
  RankedTensorType out = singleFloatResult(node.getOp());
  if (!in || !out)
    return success(); // raiseToReshape says why not
  if (target.getType().getRank() != 1 ||
      target.getNumElements() != out.getRank())
    return node.fail("its target shape does not have the result's rank");
  for (auto [i, dim] : llvm::enumerate(target.getValues<APInt>())) {
    int64_t t = dim.getSExtValue();
    int64_t expected = t;
    if (t == 0 && !allowZero)
      expected = i < static_cast<size_t>(in.getRank()) ? in.getDimSize(i)
                                                        : ShapedType::kDynamic;
    if (t != -1 && expected != out.getDimSize(i))
      return node.fail("its target shape does not give its result type");
  }
  return success();
}

/// Reshape-5 and -13 (opsets up to 13) with a constant target shape.
struct RaiseReshape5 : ONNXRaisingPattern {
  using ONNXRaisingPattern::ONNXRaisingPattern;
  LogicalResult raise(ONNXNode &node) const override {
    if (failed(checkConstantTargetShape(node, /*allowZero=*/false)))
      return failure();
    return raiseToReshape(node);
  }
};

/// Reshape-14 and later: as before, unless `allowzero` makes a 0 in the
/// target shape a zero-sized dim.
struct RaiseReshape14 : ONNXRaisingPattern {
  using ONNXRaisingPattern::ONNXRaisingPattern;
  LogicalResult raise(ONNXNode &node) const override {
    int64_t allowZero;
    if (node.intAttr(allowZero, "allowzero", 0))
      return failure();
    if (allowZero != 0)
      return node.fail("it has allowzero = 1");
    if (failed(checkConstantTargetShape(node, /*allowZero=*/false)))
      return failure();
    return raiseToReshape(node);
  }
};

/// Flatten (any version) -> nn.reshape to its 2-D result type.
struct RaiseFlatten : ONNXRaisingPattern {
  using ONNXRaisingPattern::ONNXRaisingPattern;
  LogicalResult raise(ONNXNode &node) const override {
    RankedTensorType out = singleFloatResult(node.getOp());
    if (node.numPresentInputs() != 1 || !out || out.getRank() != 2)
      return node.fail("its result is not a ranked 2-D f16, bf16, f32 or "
                       "f64 tensor");
    return raiseToReshape(node);
  }
};

/// Concat-4 and later (a negative axis counts from the end, as opset 11
/// defines and earlier versions reject) of float tensors -> nn.concat; the
/// nn verifier checks the shapes.
struct RaiseConcat : ONNXRaisingPattern {
  using ONNXRaisingPattern::ONNXRaisingPattern;
  LogicalResult raise(ONNXNode &node) const override {
    RankedTensorType out = singleFloatResult(node.getOp());
    OperandRange inputs = node.getOp().getInputs();
    if (!out || inputs.empty() ||
        llvm::any_of(inputs, [&](Value input) {
          RankedTensorType type = rankedFloat(input);
          return !type || type.getElementType() != out.getElementType();
        }))
      return node.fail("its inputs and result are not ranked f16, bf16, f32 "
                       "or f64 tensors of one element type");
    int64_t axis;
    if (node.intAttr(axis, "axis", std::numeric_limits<int64_t>::min()))
      return failure();
    if (axis == std::numeric_limits<int64_t>::min())
      return node.fail("it has no 'axis'");
    if (axis < -out.getRank() || axis >= out.getRank())
      return node.fail("its axis " + Twine(axis) + " is not a dim of its " +
                       "rank-" + Twine(out.getRank()) + " result");
    if (axis < 0)
      axis += out.getRank();
    OpBuilder &b = node.getDetachedBuilder();
    return node.replaceIfValid({ConcatOp::create(
        b, node.getLoc(), out, inputs, b.getI64IntegerAttr(axis))});
  }
};

/// Adds the patterns whose opset range holds the model's opset.
class RaisingTable {
public:
  RaisingTable(RewritePatternSet &patterns, int64_t opset)
      : patterns(patterns), opset(opset) {}

  /// `Pattern` raises `opType` in `opsets`, whose schema defines
  /// `attributes`.
  template <typename Pattern>
  RaisingTable &onOp(StringRef opType, OpsetRange opsets,
                     std::initializer_list<StringRef> attributes) {
    if (opsets.contains(opset))
      patterns.add<Pattern>(patterns.getContext(), opType,
                            ArrayRef<StringRef>(attributes));
    return *this;
  }

private:
  RewritePatternSet &patterns;
  int64_t opset;
};

//===----------------------------------------------------------------------===//
// The pass
//===----------------------------------------------------------------------===//

struct ConvertONNXToNNPass
    : public bnfold::impl::ConvertONNXToNNBase<ConvertONNXToNNPass> {
  using ConvertONNXToNNBase::ConvertONNXToNNBase;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    std::optional<int64_t> opset = getDefaultONNXOpset(module);
    if (!opset) {
      module.emitError("convert-onnx-to-nn needs the model's opset: the "
                       "module has no 'onnx.opset_import' entry for the "
                       "default domain ('ai.onnx')");
      return signalPassFailure();
    }
    RewritePatternSet patterns(&getContext());
    populateONNXToNNPatterns(patterns, *opset);
    FailureReasons reasons;
    applyPatternsOnce(module, FrozenRewritePatternSet(std::move(patterns)),
                      reasons);
    if (reportCarried)
      module.walk([&](OnnxOp op) {
        auto reason = reasons.find(op);
        if (reason != reasons.end())
          emitRemark(op.getLoc())
              << "stays 'nn.onnx_op' because " << reason->second;
      });
    // --fold-onnx accounts for every batch norm: the ones that stay
    // nn.onnx_op are reported here, with the reason (and, unasked, to the
    // remark engine, as the fold pass reports the others).
    FoldRecordSink records;
    records.print = reportBatchNorms;
    module.walk([&](OnnxOp op) {
      if (!isONNXOperator(op, "BatchNormalization"))
        return;
      std::string message =
          "not folded: imported as 'nn.onnx_op' because " +
          reasons.lookup(op);
      records.emit(op.getLoc(), FoldRecordKind::NotFolded, op, "", message);
      StringRef function;
      if (auto name = op->getParentOp()->getAttrOfType<StringAttr>(
              SymbolTable::getSymbolAttrName()))
        function = name.getValue();
      sendFoldRecordToRemarkEngine(op.getLoc(), FoldRecordKind::NotFolded,
                                   op->getName().getStringRef(), function,
                                   message);
    });
  }
};

} // namespace

void bnfold::populateONNXToNNPatterns(RewritePatternSet &patterns,
                                      int64_t opset) {
  // Operator, opsets (since which version, until which opset), the
  // attributes of the schema. Every range ends at 21, the last opset whose
  // changes (ONNX's operator changelog) were read for the operator: in 14
  // to 21, Add/Sub/Mul/Div, Relu, Identity, Reshape and Flatten only gain
  // element types (integers, float8, int4), which the patterns refuse, and
  // Concat (11: negative axes) bf16 at 13.
  RaisingTable(patterns, opset)
      .onOp<RaiseBatchNormalization9>("BatchNormalization", {9, 13},
                                      {"epsilon", "momentum"})
      .onOp<RaiseBatchNormalization14>("BatchNormalization", {14, 21},
                                       {"epsilon", "momentum",
                                        "training_mode"})
      .onOp<RaiseConv>("Conv", {11, 21},
                       {"auto_pad", "dilations", "group", "kernel_shape",
                        "pads", "strides"})
      .onOp<RaiseConvTranspose>("ConvTranspose", {11, 21},
                                {"auto_pad", "dilations", "group",
                                 "kernel_shape", "output_padding",
                                 "output_shape", "pads", "strides"})
      .onOp<RaiseGemm>("Gemm", {11, 21}, {"alpha", "beta", "transA", "transB"})
      .onOp<RaiseMatMul>("MatMul", {1, 21}, {})
      .onOp<RaiseBinaryElementwise<AddOp>>("Add", {7, 21}, {})
      .onOp<RaiseBinaryElementwise<SubOp>>("Sub", {7, 21}, {})
      .onOp<RaiseBinaryElementwise<MulOp>>("Mul", {7, 21}, {})
      .onOp<RaiseBinaryElementwise<DivOp>>("Div", {7, 21}, {})
      .onOp<RaiseUnaryElementwise<SqrtOp>>("Sqrt", {6, 21}, {})
      .onOp<RaiseUnaryElementwise<ReciprocalOp>>("Reciprocal", {6, 21}, {})
      .onOp<RaiseRelu>("Relu", {6, 21}, {})
      .onOp<RaiseIdentity>("Identity", {1, 21}, {})
      .onOp<RaiseReshape5>("Reshape", {5, 13}, {})
      .onOp<RaiseReshape14>("Reshape", {14, 21}, {"allowzero"})
      .onOp<RaiseFlatten>("Flatten", {1, 21}, {"axis"})
      .onOp<RaiseConcat>("Concat", {4, 21}, {"axis"});
}
