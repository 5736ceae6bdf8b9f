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
    Tensor-level ops of convolutional networks: `conv2d`, `depthwise_conv2d`,
    `matmul`, `batch_norm`, plus `bias_add`, `identity`, `reshape`,
    `space_to_batch`, `batch_to_space`, `relu` and `add`.  Every op works on
    ranked tensors of one floating-point element type (f16, bf16, f32 or f64).
    Convolutions come in two layouts: `nhwc` (TensorFlow: NHWC activations,
    HWIO filters) and `nchw` (ONNX/PyTorch: NCHW activations, OIHW filters).

    Two further ops, `bn_fold_weights` and `bn_fold_bias`, are what the
    batch-norm folding rewrite emits; they fold to constants when their
    operands are constants.

    `onnx_op` carries any other ONNX node through import, folding and export
    unchanged (it is the one op not restricted to floating-point tensors).
  }];
  let hasConstantMaterializer = 1;
  // Folded weights materialize as arith.constant.
  let dependentDialects = ["::mlir::arith::ArithDialect"];
}

def NN_Layout : I32EnumAttr<"Layout", "activation and filter layout", [
    I32EnumAttrCase<"NHWC", 0, "nhwc">,
    I32EnumAttrCase<"NCHW", 1, "nchw">
  ]> {
  let cppNamespace = "::bnfold::nn";
}

// Printed as a bare keyword (`nhwc` / `nchw`) in the ops' assembly formats.
defvar NN_LayoutAttr = NN_Layout;

// One element type per op: all operands and results share it.
def NN_Float : AnyTypeOf<[F16, BF16, F32, F64]>;
def NN_Tensor : RankedTensorOf<[F16, BF16, F32, F64]>;
def NN_Tensor4D : 4DTensorOf<[F16, BF16, F32, F64]>;
def NN_Vector : 1DTensorOf<[F16, BF16, F32, F64]>;

#endif // BNFOLD_DIALECT_NN_IR_NNBASE_TD
