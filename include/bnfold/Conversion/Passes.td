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

#endif // BNFOLD_CONVERSION_PASSES_TD
