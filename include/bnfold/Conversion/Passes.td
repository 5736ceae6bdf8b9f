//===- Passes.td - bnfold conversion passes ------------------*- tablegen -*-===//

#ifndef BNFOLD_CONVERSION_PASSES_TD
#define BNFOLD_CONVERSION_PASSES_TD

include "mlir/Pass/PassBase.td"

def ConvertNNToLinalg : Pass<"convert-nn-to-linalg", "::mlir::func::FuncOp"> {
  let summary = "Lower every nn op to linalg, tensor, arith and math";
  let description = [{
    Gives the `nn` ops an executable meaning so that a fold can be checked by
    running the model before and after (see `bnfold-run --compare`).

    Convolutions, depthwise convolutions and matmuls become one
    `linalg.generic` each, with explicit affine indexing maps (strides,
    dilations, groups and the depthwise channel multiplier are all in the
    maps). Zero padding is a `linalg.fill` plus `tensor.insert_slice`.
    Per-channel and elementwise ops are elementwise `linalg.generic`s;
    `nn.reshape` is a `tensor.collapse_shape` to 1-D followed by a
    `tensor.expand_shape`; `nn.space_to_batch` / `nn.batch_to_space` are
    gathers in a `linalg.generic` plus a collapse / expand of the batch dim.

    Precision: f16 and bf16 ops compute (and accumulate) in f32 and round once
    to the element type at the end of each op; f32 and f64 compute in their
    own type. `nn.bn_fold_weights` / `nn.bn_fold_bias` compute in f64 and
    round once, like their constant folders.

    Dynamic dims are read with `tensor.dim`; the filter and the channel dims
    a layer's index maps need must be static.
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::linalg::LinalgDialect",
    "::mlir::math::MathDialect",
    "::mlir::tensor::TensorDialect",
  ];
}

#endif // BNFOLD_CONVERSION_PASSES_TD
