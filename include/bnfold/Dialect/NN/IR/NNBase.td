//===- NNBase.td - nn dialect definition and shared attributes -*- tablegen -*-===//
//
// The `nn` dialect models the inference graph of a convolutional network at
// the granularity that batch-norm folding needs: layers that own weights
// (convolutions, matmul), the batch norm itself, and the handful of ops that
// real graphs put between them.
//
//===----------------------------------------------------------------------===//

#ifndef BNFOLD_DIALECT_NN_IR_NNBASE_TD
#define BNFOLD_DIALECT_NN_IR_NNBASE_TD

include "mlir/IR/OpBase.td"
include "mlir/IR/AttrTypeBase.td"
include "mlir/IR/EnumAttr.td"

def NN_Dialect : Dialect {
  let name = "nn";
  let cppNamespace = "::bnfold::nn";
  let summary = "Neural-network inference ops for batch-norm folding";
  let description = [{
    Tensor-level ops of convolutional networks: convolutions over 1, 2 and 3
    spatial dims (`conv1d`/`conv2d`/`conv3d`, `depthwise_conv1d`/`2d`/`3d`,
    `conv_transpose1d`/`2d`/`3d`), `matmul`, `batch_norm`, plus `bias_add`,
    `identity`, `reshape`, `space_to_batch`, `batch_to_space`, `relu` and
    `add`.  Every op works on ranked tensors of one floating-point element
    type (f16, bf16, f32 or f64). Convolutions come in two layout families:
    channels-last (`nwc`, `nhwc`, `ndhwc`: TensorFlow, filters with the
    kernel dims first) and channels-first (`ncw`, `nchw`, `ncdhw`:
    ONNX/PyTorch, filters with the channel dims first).

    A dynamic batch dim is allowed everywhere. Verifiers reject malformed IR
    with a diagnostic: parameter vectors of the wrong length, mismatched
    element types, shapes whose arithmetic overflows int64, and tensor types
    whose element count does not fit in int64.

    Two further ops, `bn_fold_weights` and `bn_fold_bias`, are what the
    batch-norm folding rewrite emits; they fold to constants when their
    operands are constants. Constants are materialized as `arith.constant`.

    `onnx_op` carries any other ONNX node through import, folding and export
    unchanged (it is the one op not restricted to floating-point tensors).
  }];
  let hasConstantMaterializer = 1;
  // Folded weights materialize as arith.constant.
  let dependentDialects = ["::mlir::arith::ArithDialect"];
}

// One channels-last and one channels-first layout per number of spatial dims
// (1, 2, 3). A convolution's layout keyword must match its rank.
def NN_Layout : I32EnumAttr<"Layout", "activation and filter layout", [
    I32EnumAttrCase<"NHWC", 0, "nhwc">,
    I32EnumAttrCase<"NCHW", 1, "nchw">,
    I32EnumAttrCase<"NWC", 2, "nwc">,
    I32EnumAttrCase<"NCW", 3, "ncw">,
    I32EnumAttrCase<"NDHWC", 4, "ndhwc">,
    I32EnumAttrCase<"NCDHW", 5, "ncdhw">
  ]> {
  let cppNamespace = "::bnfold::nn";
}

// Printed as a bare keyword (`nhwc`, `ncdhw`, ...) in the ops' assembly formats.
defvar NN_LayoutAttr = NN_Layout;

//===----------------------------------------------------------------------===//
// Type constraints
//===----------------------------------------------------------------------===//

// Every op but `onnx_op` works on ranked float tensors; the ops that take
// several add `SameOperandsAndResultElementType` (one element type per op).
def NN_Tensor : RankedTensorOf<[F16, BF16, F32, F64]>;
class NN_TensorOfRank<int rank> : TensorRankOf<[F16, BF16, F32, F64], [rank]>;
def NN_Tensor4D : NN_TensorOfRank<4>;
def NN_Tensor2D : 2DTensorOf<[F16, BF16, F32, F64]>;
def NN_Vector : 1DTensorOf<[F16, BF16, F32, F64]>;
class NN_TensorOfRankAtLeast<int rank> : RankedTensorOf<[F16, BF16, F32, F64],
    [CPred<"::llvm::cast<::mlir::ShapedType>($_self).getRank() >= " # rank>],
    "tensor of rank >= " # rank>;

// Types parse with any int64 dims (`tensor<4611686018427387904x4xf32>`), so
// every nn op first checks that each of its tensor types has an element count
// (the product of its static dims) that fits in int64_t: the shape arithmetic
// of the verifiers, folders, lowering and runner builds on that.
def NN_ElementCountsFitInt64 : NativeOpTrait<"ElementCountsFitInt64"> {
  let cppNamespace = "::bnfold::nn::OpTrait";
}

//===----------------------------------------------------------------------===//
// Attribute constraints
//===----------------------------------------------------------------------===//

// `n` entries, each >= 1 (strides, dilations, block shapes).
class NN_PositiveArray<int n> : ConfinedAttr<DenseI64ArrayAttr, [
    DenseArrayCount<n>, DenseArrayStrictlyPositive<DenseI64ArrayAttr>]>;

// `n` entries, each >= 0 (paddings and crops).
class NN_NonNegativeArray<int n> : ConfinedAttr<DenseI64ArrayAttr, [
    DenseArrayCount<n>, DenseArrayNonNegative<DenseI64ArrayAttr>]>;

// `[h, w]` strides, dilations and block shapes.
def NN_PositivePair : NN_PositiveArray<2>;

// `[top, bottom, left, right]` paddings and crops.
def NN_NonNegativeQuad : NN_NonNegativeArray<4>;

// The C++ default value of an `n`-entry array attribute whose entries are all
// `v`: "{1, 1}" for n = 2, v = "1".
class NN_Splat<int n, string v> {
  string value = "{" # !interleave(!listsplat(v, n), ", ") # "}";
}

def NN_PositiveI64 : ConfinedAttr<I64Attr, [IntPositive]>;
def NN_NonNegativeI64 : ConfinedAttr<I64Attr, [IntNonNegative]>;

// A batch-norm epsilon: sqrt(variance + epsilon) needs it finite and >= 0.
def NN_Epsilon : DefaultValuedAttr<ConfinedAttr<F64Attr, [AttrConstraint<
    CPred<"::llvm::cast<::mlir::FloatAttr>($_self).getValueAsDouble() >= 0.0 "
          "&& ::std::isfinite("
          "::llvm::cast<::mlir::FloatAttr>($_self).getValueAsDouble())">,
    "whose value is finite and >= 0">]>, "1.0e-5">;

// Weight dims that hold output channels: at least one, each >= 0 (their
// range and adjacency depend on the weights' rank: checked by the verifier).
def NN_ChannelDims : ConfinedAttr<DenseI64ArrayAttr, [
    AttrConstraint<CPred<"::llvm::cast<::mlir::DenseArrayAttr>($_self).size() "
                         "!= 0">, "with at least one entry">,
    DenseArrayNonNegative<DenseI64ArrayAttr>]>;

#endif // BNFOLD_DIALECT_NN_IR_NNBASE_TD
