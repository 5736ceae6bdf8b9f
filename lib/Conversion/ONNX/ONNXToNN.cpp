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

/// Conv-11 (unchanged through opset 21) with 2 spatial dims ->
/// nn.conv2d nchw, or nn.depthwise_conv2d nchw for one group per input
/// channel with one input channel per group.
struct RaiseConv : ONNXRaisingPattern {
  using ONNXRaisingPattern::ONNXRaisingPattern;
  LogicalResult raise(ONNXNode &node) const override {
    RankedTensorType x = rankedFloat(node.input(0), 4);
    RankedTensorType w = rankedFloat(node.input(1), 4);
    RankedTensorType out = singleFloatResult(node.getOp());
    Value bias = node.input(2);
    if (!x || !w || !out || out.getRank() != 4 ||
        node.numPresentInputs() > 3 || (bias && !rankedFloat(bias, 1)))
      return node.fail("it is not a 2-D convolution of ranked f16, bf16, "
                       "f32 or f64 tensors with an optional 1-D bias");
    int64_t group;
    SmallVector<int64_t> strides, dilations, pads;
    std::optional<SmallVector<int64_t>> kernelShape;
    StringRef autoPad;
    if (node.intAttr(group, "group", 1) ||
        node.intsAttr(strides, "strides", {1, 1}) ||
        node.intsAttr(dilations, "dilations", {1, 1}) ||
        node.intsAttr(pads, "pads", {0, 0, 0, 0}) ||
        node.optionalIntsAttr(kernelShape, "kernel_shape") ||
        node.stringAttr(autoPad, "auto_pad", "NOTSET"))
      return failure();
    if (strides.size() != 2 || dilations.size() != 2 || pads.size() != 4)
      return node.fail("its strides, dilations or pads are not those of 2 "
                       "spatial dims");
    if (kernelShape && *kernelShape != SmallVector<int64_t>{w.getDimSize(2),
                                                           w.getDimSize(3)})
      return node.fail("its kernel_shape is not its weight's spatial shape");
    if (autoPad == "VALID") {
      pads.assign(4, 0);
    } else if (autoPad == "SAME_UPPER" || autoPad == "SAME_LOWER") {
      for (int d = 0; d < 2; ++d) {
        int64_t in = x.getDimSize(2 + d), kernel = w.getDimSize(2 + d);
        if (ShapedType::isDynamic(in) || ShapedType::isDynamic(kernel) ||
            strides[d] <= 0)
          return node.fail("auto_pad " + autoPad +
                           " needs static spatial dims and positive strides");
        auto padding = samePadding(in, kernel, strides[d], dilations[d],
                                   autoPad == "SAME_UPPER");
        if (!padding)
          return node.fail("the padding auto_pad " + autoPad +
                           " asks for does not fit in int64");
        pads[d] = padding->first;
        pads[d + 2] = padding->second;
      }
    } else if (autoPad != "NOTSET") {
      return node.fail("its auto_pad '" + autoPad + "' is not an ONNX mode");
    }
    // ONNX pads are [h_begin, w_begin, h_end, w_end]; nn wants
    // [top, bottom, left, right].
    SmallVector<int64_t> padding = {pads[0], pads[2], pads[1], pads[3]};
    OpBuilder &b = node.getDetachedBuilder();
    Operation *conv;
    if (group > 1 && group == x.getDimSize(1) && w.getDimSize(1) == 1)
      conv = DepthwiseConv2DOp::create(b, node.getLoc(), out, node.input(0),
                                       node.input(1), bias, Layout::NCHW,
                                       strides, dilations, padding);
    else
      conv = Conv2DOp::create(b, node.getLoc(), out, node.input(0),
                              node.input(1), bias, Layout::NCHW, strides,
                              dilations, padding, static_cast<uint64_t>(group));
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

/// MatMul (any version) with a 2-D right operand -> nn.matmul; leading
/// batch dims of the left operand carry through.
struct RaiseMatMul : ONNXRaisingPattern {
  using ONNXRaisingPattern::ONNXRaisingPattern;
  LogicalResult raise(ONNXNode &node) const override {
    RankedTensorType a = rankedFloat(node.input(0));
    RankedTensorType b = rankedFloat(node.input(1), 2);
    RankedTensorType out = singleFloatResult(node.getOp());
    if (!a || !b || !out || a.getRank() < 2 || node.numPresentInputs() != 2)
      return node.fail("it is not a product of a ranked f16, bf16, f32 or "
                       "f64 tensor and a 2-D one");
    return node.replaceIfValid({MatmulOp::create(
        node.getDetachedBuilder(), node.getLoc(), out, node.input(0),
        node.input(1), Value(), false, false)});
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

/// Add-7 and later, of two tensors of the result's type (no broadcast) ->
/// nn.add.
struct RaiseAdd : ONNXRaisingPattern {
  using ONNXRaisingPattern::ONNXRaisingPattern;
  LogicalResult raise(ONNXNode &node) const override {
    RankedTensorType out = singleFloatResult(node.getOp());
    Value lhs = node.input(0), rhs = node.input(1);
    if (!out || node.numPresentInputs() != 2 || !lhs || !rhs ||
        lhs.getType() != out || rhs.getType() != out)
      return node.fail("its operands and result are not ranked f16, bf16, "
                       "f32 or f64 tensors of one type (it broadcasts)");
    return node.replaceIfValid(
        {AddOp::create(node.getDetachedBuilder(), node.getLoc(), lhs, rhs)});
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
    if (!reportBatchNorms)
      return;
    // --fold-onnx accounts for every batch norm: the ones that stay
    // nn.onnx_op are reported here, with the reason.
    module.walk([&](OnnxOp op) {
      if (op.getOpType() == "BatchNormalization" && isDefaultONNXDomain(op))
        emitRemark(op.getLoc())
            << "not folded: imported as 'nn.onnx_op' because "
            << reasons.lookup(op);
    });
  }
};

} // namespace

void bnfold::populateONNXToNNPatterns(RewritePatternSet &patterns,
                                      int64_t opset) {
  // Operator, opsets (since which version, until which opset), the
  // attributes of the schema.
  RaisingTable(patterns, opset)
      .onOp<RaiseBatchNormalization9>("BatchNormalization", {9, 13},
                                      {"epsilon", "momentum"})
      .onOp<RaiseBatchNormalization14>("BatchNormalization", {14},
                                       {"epsilon", "momentum",
                                        "training_mode"})
      .onOp<RaiseConv>("Conv", {11},
                       {"auto_pad", "dilations", "group", "kernel_shape",
                        "pads", "strides"})
      .onOp<RaiseGemm>("Gemm", {11}, {"alpha", "beta", "transA", "transB"})
      .onOp<RaiseMatMul>("MatMul", {1}, {})
      .onOp<RaiseAdd>("Add", {7}, {})
      .onOp<RaiseRelu>("Relu", {6}, {})
      .onOp<RaiseIdentity>("Identity", {1}, {})
      .onOp<RaiseReshape5>("Reshape", {5, 13}, {})
      .onOp<RaiseReshape14>("Reshape", {14}, {"allowzero"})
      .onOp<RaiseFlatten>("Flatten", {1}, {"axis"});
}
