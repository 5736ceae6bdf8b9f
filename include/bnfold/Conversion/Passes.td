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

    Convolutions and matmuls become the named linalg op that matches their
    layout (`linalg.conv_2d_nhwc_hwcf`, `conv_2d_nchw_fchw`,
    `conv_2d_ngchw_gfchw`, `depthwise_conv_2d_nhwc_hwcm`,
    `depthwise_conv_2d_nchw_chw`, `matmul`, `batch_matmul`), a
    `linalg.generic` where none does (grouped NHWC convolutions); zero
    padding is `tensor.pad`. Per-channel and elementwise ops are elementwise
    `linalg.generic`s; `nn.reshape` is a `tensor.collapse_shape` to 1-D
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

#endif // BNFOLD_CONVERSION_PASSES_TD
