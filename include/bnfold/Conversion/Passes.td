//===- Passes.td - bnfold conversion passes ------------------*- tablegen -*-===//

#ifndef BNFOLD_CONVERSION_PASSES_TD
#define BNFOLD_CONVERSION_PASSES_TD

include "mlir/Pass/PassBase.td"

def ConvertNNToLinalg : Pass<"convert-nn-to-linalg", "::mlir::func::FuncOp"> {
  let summary = "Lower every nn op to linalg, tensor, arith and math";
  let description = [{
    Gives the `nn` ops an executable meaning so that a fold can be checked by
    running the model before and after (see `bnfold-run --compare`). One
    conversion pattern per op (`populateNNToLinalgConversionPatterns`); every
    nn op is illegal, so an op without a lowering (`nn.onnx_op`) is an error.
    The conversion does not fold: an nn op on constants is lowered like any
    other, so that running the lowered code checks the ops' folders rather
    than calling them.

    Convolutions and matmuls become the named linalg op that matches their
    layout (`linalg.conv_2d_nhwc_hwcf`, `conv_2d_nchw_fchw`,
    `conv_2d_ngchw_gfchw`, `depthwise_conv_2d_nhwc_hwcm`,
    `depthwise_conv_2d_nchw_chw`, `matmul`, `batch_matmul`), a
    `linalg.generic` where none does (grouped NHWC convolutions); zero
    padding is `tensor.pad`. Per-channel and elementwise ops are elementwise
    `linalg.generic`s: `nn.add` / `sub` / `mul` / `div` broadcast like
    NumPy through their indexing maps (a missing operand dim is not read, a
    static 1 facing a larger dim is read at 0), `nn.rsqrt` is `1 / sqrt(x)`
    (two roundings) and `nn.reciprocal` `1 / x`; `nn.reshape` is a
    `tensor.collapse_shape` to 1-D
    followed by a `tensor.expand_shape`; `nn.space_to_batch` /
    `nn.batch_to_space` are a `linalg.transpose` between expand / collapse
    shapes (plus the padding / crop).

    Precision: f16 and bf16 ops compute (and accumulate) in f32 and round once
    to the element type at the end of each op; f32 and f64 compute in their
    own type. `nn.bn_fold_weights` / `nn.bn_fold_bias` compute in f64 and
    round once, like their constant folders.

    Shapes: dynamic dims are read with `tensor.dim` and size arithmetic is
    folded `affine.apply` / `affine.max`; any dim may be dynamic or 0.
  }];
  let dependentDialects = [
    "::mlir::affine::AffineDialect",
    "::mlir::arith::ArithDialect",
    "::mlir::linalg::LinalgDialect",
    "::mlir::math::MathDialect",
    "::mlir::tensor::TensorDialect",
  ];
}

def ConvertONNXToNN : Pass<"convert-onnx-to-nn", "::mlir::ModuleOp"> {
  let summary = "Raise the ONNX nodes carried by nn.onnx_op to nn ops";
  let description = [{
    An `nn.onnx_op` of the default ONNX domain becomes an nn op when the
    node's semantics are exactly the op's: one pattern per ONNX operator and
    range of opsets, chosen by the module's `onnx.opset_import` (the opset
    the model was written for). A node that does not fit (types, attribute
    values, a target shape that is not a constant, ...) stays
    `nn.onnx_op`, which is always correct; the pattern says why. Constants
    that only a raised node used (a Reshape's target shape, a Gemm's `[1, N]`
    bias) are erased. The mapping is listed in docs/onnx.md.

    Example:

    ```mlir
    %y = nn.onnx_op "Relu"(%x) : (tensor<1x8xf32>) -> tensor<1x8xf32>
    // becomes
    %y = nn.relu %x : tensor<1x8xf32>
    ```
  }];
  let options = [
    Option<"reportBatchNorms", "report-batch-norms", "bool",
           /*default=*/"false",
           "Emit a remark at each BatchNormalization node that stays "
           "nn.onnx_op: `not folded: imported as 'nn.onnx_op' because "
           "<reason>` (the fold report of bnfold-translate --fold-onnx)">,
    Option<"reportCarried", "report-carried", "bool", /*default=*/"false",
           "Emit a remark at each node that a raising pattern tried and "
           "left nn.onnx_op: `stays 'nn.onnx_op' because <reason>`">,
  ];
  let dependentDialects = [
    "::bnfold::nn::NNDialect",
    "::mlir::arith::ArithDialect",
  ];
}

def ConvertNNToONNX : Pass<"convert-nn-to-onnx", "::mlir::ModuleOp"> {
  let summary = "Lower nn ops to the ONNX nodes nn.onnx_op carries";
  let description = [{
    The inverse of `convert-onnx-to-nn`, for export: every nn op becomes the
    `nn.onnx_op` node(s) computing the same (a batched `nn.matmul` with a
    bias becomes MatMul then Add, a `nn.reshape` a Reshape of a new shape
    constant, ...), so that the ONNX exporter only serializes `nn.onnx_op`s,
    constants and the function signature. An nn op without an ONNX form
    (`nn.bias_add`, nhwc layers, `nn.bn_fold_*`, ...) is an error at the op,
    and the pass fails.

    Example:

    ```mlir
    %y = nn.relu %x : tensor<1x8xf32>
    // becomes
    %y = nn.onnx_op "Relu"(%x) : (tensor<1x8xf32>) -> tensor<1x8xf32>
    ```
  }];
  let dependentDialects = [
    "::bnfold::nn::NNDialect",
    "::mlir::arith::ArithDialect",
  ];
}

def ConvertTOSAToNN : Pass<"convert-tosa-to-nn", "::mlir::func::FuncOp"> {
  let summary = "Raise the TOSA ops that nn ops hold exactly to nn ops";
  let description = [{
    The first step of `tosa-fold-batchnorm`: the layers of a TOSA 1.0 graph
    and the elementwise ops of its unfused batch norms become nn ops, so that
    `fold-batchnorm` sees them; `convert-nn-to-tosa` lowers them back.
    One pattern per TOSA op (`populateTOSAToNNPatterns`):

    | TOSA | nn |
    |---|---|
    | `conv2d`, `conv3d`, `depthwise_conv2d`, `transpose_conv2d` | `conv2d`, `conv3d`, `depthwise_conv2d`, `conv_transpose2d` (`nhwc`/`ndhwc`; the filter permuted from TOSA's `[O, k..., I]` / `[H, W, C, M]` / transposed `[O, H, W, I]` to nn's layout) |
    | the same whose result goes to one N(D)HWC -> NC(D)HW `tosa.transpose` (torch-mlir) | one `nchw`/`ncdhw` convolution, reading the input of the NC(D)HW -> N(D)HWC `tosa.transpose` before it (or its input transposed to NC(D)HW) |
    | `transpose_conv2d` cropped by a `tosa.slice` of its spatial dims (torch-mlir's `padding`) | one `conv_transpose2d` with that `padding` |
    | `matmul` with a constant `b` of batch 1 | `nn.matmul` with a 2-D rhs; inside TensorFlow's Dense reshapes (`[B, K] -> [1, B, K]`, `[1, B, N] -> [B, N]`) one 2-D `nn.matmul` |
    | `add`, `sub`, `mul` (shift 0), `rsqrt`, `reciprocal`, `reshape` | `nn.add`, `nn.sub`, `nn.mul`, `nn.rsqrt`, `nn.reciprocal`, `nn.reshape` |

    An op is raised only when the nn op computes exactly what it does: f16,
    bf16 or f32 tensors of one element type (TOSA 1.0 has no f64, so the
    lowering could not write one back), zero points that are constant
    zeros, convolutions that accumulate in f32 (as nn does, rounding f16 and
    bf16 once), no `local_bound`, and a constant filter (`tosa.const`,
    `arith.constant`, or a chain of `tosa.transpose` / `tosa.reshape` of one,
    evaluated here; a `[1]` bias is broadcast to one entry per channel).
    Every other op stays as it is; with `report-kept` each op a pattern tried
    gets a remark saying why it stayed.

    Example:

    ```mlir
    %y = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>,
           pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>}
        : (tensor<1x4x4x2xf32>, tensor<3x3x3x2xf32>, tensor<3xf32>, tensor<1xf32>,
           tensor<1xf32>) -> tensor<1x4x4x3xf32>
    // becomes (%w2 = %w permuted to [3, 3, 2, 3])
    %y = nn.conv2d nhwc %x, %w2, %b {padding = array<i64: 1, 1, 1, 1>}
        : (tensor<1x4x4x2xf32>, tensor<3x3x2x3xf32>, tensor<3xf32>) -> tensor<1x4x4x3xf32>
    ```
  }];
  let options = [
    Option<"reportKept", "report-kept", "bool", /*default=*/"false",
           "Emit a remark at each TOSA op that a raising pattern tried and "
           "left TOSA: `stays 'tosa.<op>' because <reason>`">,
  ];
  let dependentDialects = [
    "::bnfold::nn::NNDialect",
    "::mlir::arith::ArithDialect",
  ];
}

def ConvertNNToTOSA : Pass<"convert-nn-to-tosa", "::mlir::func::FuncOp"> {
  let summary = "Lower nn ops to TOSA 1.0";
  let description = [{
    The inverse of `convert-tosa-to-nn`, and the last step of
    `tosa-fold-batchnorm`: every nn op becomes the TOSA ops computing the
    same, written as TOSA 1.0 and `--tosa-validate` want them: filters
    permuted back to TOSA's layouts as `tosa.const`, zero points as
    `tensor<1xT>` zero constants, a zero `tensor<1xi8>` shift for
    `tosa.mul`, shapes as `tosa.const_shape`, `acc_type = f32`, a zero bias
    where the nn layer has none, and `tosa.transpose` pairs around the
    `nchw`/`ncdhw` convolutions (a transpose that undoes the one before
    the input cancels it). The padding of a transposed convolution is a
    `tosa.slice` of its result. A matmul becomes `tosa.matmul` between
    reshapes to rank 3 (plus a `tosa.add` of its bias); operands of
    different ranks are reshaped to equal ranks. Tensor `arith.constant`s
    become `tosa.const`.

    An nn op without a TOSA form is an error at the op, with the reason
    (1-D convolutions, grouped convolutions, a dilated transposed
    convolution, `nn.div`, `nn.sqrt`, `nn.batch_norm`, `nn.bn_fold_*`, f64,
    ...), and the pass fails.
  }];
  let dependentDialects = [
    "::mlir::tosa::TosaDialect",
  ];
}

#endif // BNFOLD_CONVERSION_PASSES_TD
