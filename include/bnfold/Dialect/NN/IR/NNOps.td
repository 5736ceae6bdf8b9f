//===- NNOps.td - nn dialect operations ---------------------*- tablegen -*-===//

#ifndef BNFOLD_DIALECT_NN_IR_NNOPS_TD
#define BNFOLD_DIALECT_NN_IR_NNOPS_TD

include "bnfold/Dialect/NN/IR/NNBase.td"
include "bnfold/Dialect/NN/IR/NNInterfaces.td"
include "mlir/Interfaces/SideEffectInterfaces.td"
include "mlir/IR/OpBase.td"
include "mlir/Interfaces/InferTypeOpInterface.td"

class NN_Op<string mnemonic, list<Trait> traits = []>
    : Op<NN_Dialect, mnemonic,
         !listconcat([NN_ElementCountsFitInt64], traits, [Pure])>;

//===----------------------------------------------------------------------===//
// Layers with weights
//===----------------------------------------------------------------------===//

// The attributes of a convolution over `r` spatial dims: one stride and one
// dilation per spatial dim, `[lo, hi]` padding per spatial dim.
class NN_ConvAttrs<int r> {
  dag attrs = (ins
    NN_LayoutAttr:$layout,
    DefaultValuedAttr<NN_PositiveArray<r>, NN_Splat<r, "1">.value>:$strides,
    DefaultValuedAttr<NN_PositiveArray<r>, NN_Splat<r, "1">.value>:$dilations,
    DefaultValuedAttr<NN_NonNegativeArray<!mul(2, r)>,
                      NN_Splat<!mul(2, r), "0">.value>:$padding);
}

// What every convolution op shares: operands (input, filter, optional bias),
// result, syntax, interfaces and one verifier. `r` is the number of spatial
// dims; `kind` names the ConvKind. A kind's class adds its attributes.
//
// One class per kind and one op per rank: the op name (and every remark that
// names it) says the rank, `nn.conv2d` keeps its name, and the verifier, the
// fold rules, the lowering and the ONNX mapping are each written once, against
// ConvolutionOpInterface and ChannelLayerOpInterface.
class NN_ConvolutionBase<string mnemonic, int r, string kind>
    : NN_Op<mnemonic, [SameOperandsAndResultElementType,
        DeclareOpInterfaceMethods<NN_ChannelLayerOpInterface>,
        // Satisfied by the ODS accessors and extraClassDeclaration below.
        NN_ConvolutionOpInterface]> {
  dag convOperands = (ins NN_TensorOfRank<!add(r, 2)>:$input,
                      NN_TensorOfRank<!add(r, 2)>:$filter,
                      Optional<NN_Vector>:$bias);
  let results = (outs NN_TensorOfRank<!add(r, 2)>:$result);
  let assemblyFormat = [{
    $layout $input `,` $filter (`,` $bias^)? attr-dict `:`
    functional-type(operands, results)
  }];
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    static constexpr unsigned kNumSpatialDims = }] # r # [{;
    ::bnfold::nn::ConvKind getConvKind() {
      return ::bnfold::nn::ConvKind::}] # kind # [{;
    }
    unsigned getNumSpatialDims() { return kNumSpatialDims; }
  }];
  // One definition for every op of the class.
  let extraClassDefinition = [{
    ::llvm::LogicalResult $cppClass::verify() {
      return ::bnfold::nn::verifyConvolution(*this);
    }
    ::mlir::Value $cppClass::getWeights() { return getFilter(); }
    ::mlir::Value $cppClass::getBiasOrNull() { return getBias(); }
    int64_t $cppClass::getResultFeatureDim() {
      return ::bnfold::nn::getChannelDim(getLayout());
    }
    ::bnfold::nn::WeightChannelMap $cppClass::getOutputChannelMap() {
      return ::bnfold::nn::getOutputChannelMap(*this);
    }
    std::optional<::bnfold::nn::WeightChannelMap>
    $cppClass::getInputChannelMap() {
      return ::bnfold::nn::getInputChannelMap(*this);
    }
  }];
}

// A convolution with `groups`: filters `[k..., Cin/groups, Cout]`
// (channels-last) or `[Cout, Cin/groups, k...]` (channels-first).
class NN_ConvOp<string mnemonic, int r>
    : NN_ConvolutionBase<mnemonic, r, "Regular"> {
  let arguments = !con(convOperands, NN_ConvAttrs<r>.attrs,
                       (ins DefaultValuedAttr<NN_PositiveI64, "1">:$groups));
  let summary = r # "-D convolution with optional groups and bias";
}

// A depthwise convolution with a channel multiplier `M`: filters
// `[k..., C, M]` (channels-last) or `[C * M, 1, k...]` (channels-first).
class NN_DepthwiseConvOp<string mnemonic, int r>
    : NN_ConvolutionBase<mnemonic, r, "Depthwise"> {
  let arguments = !con(convOperands, NN_ConvAttrs<r>.attrs);
  let summary = "depthwise " # r # "-D convolution with a channel multiplier";
}

// A transposed convolution (the gradient of a convolution with respect to its
// input): filters `[Cin, Cout/groups, k...]` (channels-first, ONNX/PyTorch)
// or `[k..., Cout/groups, Cin]` (channels-last, TensorFlow).
class NN_ConvTransposeOp<string mnemonic, int r>
    : NN_ConvolutionBase<mnemonic, r, "Transposed"> {
  let arguments = !con(convOperands, NN_ConvAttrs<r>.attrs,
      (ins DefaultValuedAttr<NN_NonNegativeArray<r>,
                             NN_Splat<r, "0">.value>:$output_padding,
           DefaultValuedAttr<NN_PositiveI64, "1">:$groups));
  let summary = r # "-D transposed convolution with optional groups and bias";
  let description = [{
    `y[n, o, p] = bias[o] + sum x[n, i, q] * w(i, o, k)` over the input
    channels `i` of the group of output channel `o` and the kernel positions
    `k`, where `p = q * stride + k * dilation - pad_lo` per spatial dim. With
    `groups = G`, output channel `g * Cout/G + j` reads filter column `j` of
    the rows of group `g`: `w[g * Cin/G + i', j, k...]` in the channels-first
    layouts (`ncw`, `nchw`, `ncdhw`; ONNX ConvTranspose, PyTorch
    ConvTranspose{1,2,3}d), `w[k..., j, g * Cin/G + i']` in the channels-last
    ones (`nwc`, `nhwc`, `ndhwc`; TensorFlow `conv*_transpose`, whose
    `[k..., Cout, Cin]` filter is the case G = 1).

    `padding` `[lo, hi]` per spatial dim removes that many outputs from each
    end of the full result, `output_padding` adds outputs at the high end;
    each `output_padding` entry must be smaller than its stride or its
    dilation. Output size per spatial dim: `(in - 1) * stride - pad_lo -
    pad_hi + dilation * (k - 1) + output_padding + 1`; the input spatial dims
    must be >= 1.

    Example:

    ```mlir
    %y = nn.conv_transpose2d nchw %x, %w {strides = array<i64: 2, 2>,
            padding = array<i64: 1, 1, 1, 1>,
            output_padding = array<i64: 1, 1>, groups = 2 : i64}
        : (tensor<1x8x5x5xf32>, tensor<8x3x3x3xf32>) -> tensor<1x6x10x10xf32>
    ```
  }];
}

def NN_Conv1DOp : NN_ConvOp<"conv1d", 1> {
  let description = [{
    `nn.conv2d` over one spatial dim: `nwc` activations with `[K, Cin/groups,
    Cout]` filters or `ncw` activations with `[Cout, Cin/groups, K]` filters;
    `strides` and `dilations` have one entry, `padding` is `[lo, hi]`.

    ```mlir
    %y = nn.conv1d ncw %x, %w, %b {strides = array<i64: 2>,
                                   padding = array<i64: 1, 1>}
        : (tensor<1x8x32xf32>, tensor<16x8x3xf32>, tensor<16xf32>)
        -> tensor<1x16x16xf32>
    ```
  }];
}

def NN_Conv2DOp : NN_ConvOp<"conv2d", 2> {
  let description = [{
    `layout` selects NHWC activations with HWIO filters `[H, W, Cin/groups,
    Cout]` (`nhwc`, TensorFlow) or NCHW activations with OIHW filters `[Cout,
    Cin/groups, H, W]` (`nchw`, ONNX/PyTorch). `padding` is explicit zero
    padding `[top, bottom, left, right]`; `strides` and `dilations` are `[h, w]`.
    `groups` splits input and output channels into that many independent
    convolutions. The optional bias has one entry per output channel.
    Defaults: `strides = [1, 1]`, `dilations = [1, 1]`, `padding = [0, 0, 0,
    0]`, `groups = 1`.

    Output size per spatial dim: `(in + pad_lo + pad_hi - dilation * (k - 1)
    - 1) / stride + 1`.

    Example:

    ```mlir
    %y = nn.conv2d nhwc %x, %w, %b {strides = array<i64: 2, 2>,
                                    padding = array<i64: 1, 1, 1, 1>}
        : (tensor<1x8x8x3xf32>, tensor<3x3x3x16xf32>, tensor<16xf32>)
        -> tensor<1x4x4x16xf32>
    ```
  }];
}

def NN_Conv3DOp : NN_ConvOp<"conv3d", 3> {
  let description = [{
    `nn.conv2d` over three spatial dims: `ndhwc` activations with `[D, H, W,
    Cin/groups, Cout]` filters or `ncdhw` activations with `[Cout,
    Cin/groups, D, H, W]` filters; `strides` and `dilations` are `[d, h, w]`,
    `padding` is `[front, back, top, bottom, left, right]`.

    ```mlir
    %y = nn.conv3d ncdhw %x, %w {padding = array<i64: 1, 1, 1, 1, 1, 1>}
        : (tensor<1x3x8x16x16xf32>, tensor<8x3x3x3x3xf32>)
        -> tensor<1x8x8x16x16xf32>
    ```
  }];
}

def NN_DepthwiseConv1DOp : NN_DepthwiseConvOp<"depthwise_conv1d", 1> {
  let description = [{
    `nn.depthwise_conv2d` over one spatial dim: filters `[K, C, M]` (`nwc`)
    or `[C * M, 1, K]` (`ncw`, an ONNX Conv with `group = C`).

    ```mlir
    %y = nn.depthwise_conv1d nwc %x, %w : (tensor<1x32x8xf32>,
        tensor<3x8x2xf32>) -> tensor<1x30x16xf32>
    ```
  }];
}

def NN_DepthwiseConv2DOp : NN_DepthwiseConvOp<"depthwise_conv2d", 2> {
  let description = [{
    Each input channel `c` is convolved with `M` filters (the channel
    multiplier), producing output channels `c * M + m`. Filters are
    `[H, W, C, M]` in the `nhwc` layout (TensorFlow's
    DepthwiseConv2dNative) and `[C * M, 1, H, W]` in the `nchw` layout (an
    ONNX Conv with `group = C`). Attributes as for `nn.conv2d`.

    Example:

    ```mlir
    %y = nn.depthwise_conv2d nchw %x, %w {padding = array<i64: 1, 1, 1, 1>}
        : (tensor<1x8x6x6xf32>, tensor<16x1x3x3xf32>) -> tensor<1x16x6x6xf32>
    ```
  }];
}

def NN_DepthwiseConv3DOp : NN_DepthwiseConvOp<"depthwise_conv3d", 3> {
  let description = [{
    `nn.depthwise_conv2d` over three spatial dims: filters `[D, H, W, C, M]`
    (`ndhwc`) or `[C * M, 1, D, H, W]` (`ncdhw`).

    ```mlir
    %y = nn.depthwise_conv3d ncdhw %x, %w : (tensor<1x4x4x8x8xf32>,
        tensor<4x1x3x3x3xf32>) -> tensor<1x4x2x6x6xf32>
    ```
  }];
}

def NN_ConvTranspose1DOp : NN_ConvTransposeOp<"conv_transpose1d", 1>;
def NN_ConvTranspose2DOp : NN_ConvTransposeOp<"conv_transpose2d", 2>;
def NN_ConvTranspose3DOp : NN_ConvTransposeOp<"conv_transpose3d", 3>;

def NN_MatmulOp : NN_Op<"matmul", [SameOperandsAndResultElementType,
    DeclareOpInterfaceMethods<NN_ChannelLayerOpInterface>]> {
  let summary = "matrix multiply with optional batch dims and bias";
  let description = [{
    `lhs` is `[..., M, K]` (`[..., K, M]` with `transpose_lhs`), `rhs` is
    `[K, N]` (`[N, K]` with `transpose_rhs`), the result is `[..., M, N]`.
    Leading batch dims of `lhs` carry through. The features are the last
    result dim; the optional bias has N entries. A fully-connected layer is
    a matmul whose rhs is a constant.

    Example:

    ```mlir
    %y = nn.matmul %x, %w, %b {transpose_rhs}
        : (tensor<?x512xf32>, tensor<10x512xf32>, tensor<10xf32>)
        -> tensor<?x10xf32>
    ```
  }];
  let arguments = (ins NN_TensorOfRankAtLeast<2>:$lhs, NN_Tensor2D:$rhs,
                       Optional<NN_Vector>:$bias,
                       UnitAttr:$transpose_lhs, UnitAttr:$transpose_rhs);
  let results = (outs NN_TensorOfRankAtLeast<2>:$result);
  let assemblyFormat = [{
    $lhs `,` $rhs (`,` $bias^)? attr-dict `:`
    functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Per-channel affine ops
//===----------------------------------------------------------------------===//

def NN_BatchNormOp : NN_Op<"batch_norm", [AttrSizedOperandSegments,
    SameOperandsAndResultElementType, AllTypesMatch<["input", "result"]>]> {
  let summary = "batch normalization, inference form";
  let description = [{
    `y = (x - mean) / sqrt(variance + epsilon) * scale + offset`, per channel
    along the feature dim. An absent `scale` means 1 (this also covers
    TensorFlow's `scale_after_normalization = false`), an absent `offset`
    means 0. The feature dim is `axis` when given, else dim 1 for the `nchw`
    layout, else the last dim (`nhwc`, or no layout at all). The parameters
    have one entry per feature. `epsilon` defaults to 1e-5.

    Arithmetic: the op computes in its compute type, f32 for `f16` and
    `bf16` elements and the element type itself for `f32` and `f64`. Every
    operand is converted to the compute type, `epsilon` is rounded to it,
    each step (`x - mean`, `variance + epsilon`, the square root, the
    division, the multiplication by `scale`, the addition of `offset`) is
    rounded in it, and the result is rounded once to the element type. In
    particular `variance + epsilon` is the compute-type sum: with f32
    `variance = -1e-5` and `epsilon = 1e-5` it is exactly 0.

    Example:

    ```mlir
    %y = nn.batch_norm nchw %x, %mean, %var scale %gamma offset %beta
           {epsilon = 1.0e-03 : f64}
        : (tensor<?x16x8x8xf32>, tensor<16xf32>, tensor<16xf32>,
           tensor<16xf32>, tensor<16xf32>) -> tensor<?x16x8x8xf32>
    ```
  }];
  let arguments = (ins NN_TensorOfRankAtLeast<1>:$input, NN_Vector:$mean,
                       NN_Vector:$variance,
                       Optional<NN_Vector>:$scale, Optional<NN_Vector>:$offset,
                       NN_Epsilon:$epsilon,
                       OptionalAttr<NN_LayoutAttr>:$layout,
                       OptionalAttr<NN_NonNegativeI64>:$axis);
  let results = (outs NN_Tensor:$result);
  let assemblyFormat = [{
    ($layout^)? $input `,` $mean `,` $variance (`scale` $scale^)?
    (`offset` $offset^)? attr-dict `:` functional-type(operands, results)
  }];
  let extraClassDeclaration = [{
    /// The result dimension holding features (see the description).
    int64_t getFeatureDim();
  }];
  let hasVerifier = 1;
}

// The freeze of a training batch norm: the global step as a rank-0 i64
// tensor operand, the step it freezes at as an attribute.
def NN_Step : 0DTensorOf<[I64]>;
def NN_Momentum : DefaultValuedAttr<ConfinedAttr<F64Attr, [AttrConstraint<
    CPred<"::llvm::cast<::mlir::FloatAttr>($_self).getValueAsDouble() >= 0.0 "
          "&& ::llvm::cast<::mlir::FloatAttr>($_self).getValueAsDouble() "
          "<= 1.0">,
    "whose value is in [0, 1]">]>, "0.9">;

def NN_BatchNormTrainingOp : NN_Op<"batch_norm_training", [
    AttrSizedOperandSegments, AllTypesMatch<["input", "output"]>,
    AllTypesMatch<["moving_mean", "moving_variance", "batch_mean",
                   "batch_variance", "new_moving_mean",
                   "new_moving_variance"]>]> {
  let summary = "batch normalization, training form (batch statistics)";
  let description = [{
    Normalizes with the statistics of the batch and returns them, with the
    moving averages updated, as a training step does (PyTorch's
    `BatchNorm2d` in training mode, TensorFlow's `FusedBatchNorm` with
    `is_training`):

    ```
    n             = elements per channel (every dim but the feature dim)
    batch_mean    = sum(x) / n
    batch_var     = sum((x - batch_mean)^2) / n              (biased)
    output        = (x - batch_mean) / sqrt(batch_var + epsilon) * scale + offset
    new_moving_mean     = moving_mean - (moving_mean - batch_mean) * (1 - momentum)
    new_moving_variance = moving_variance
                          - (moving_variance - batch_var * n / (n - 1)) * (1 - momentum)
    ```

    `momentum` is the weight of the old moving average (TensorFlow's and
    Keras' `momentum`/`decay`, ONNX's `momentum`; default 0.9). PyTorch's
    `momentum` is the weight of the batch: PyTorch `momentum = m` is
    `momentum = 1 - m` here. The moving variance is updated with the
    unbiased batch variance (Bessel's correction `n / (n - 1)`, as PyTorch
    and TensorFlow do; with `n = 1` the factor is 1, as in TensorFlow), the
    output is normalized with the biased one, which `batch_variance`
    returns. `n = 0` gives NaN statistics. The feature dim is chosen like
    `nn.batch_norm`'s; an absent `scale` means 1, an absent `offset` 0.

    With a `step` (the global training step, a rank-0 `i64` tensor) and a
    `freeze_delay`, the batch norm freezes from step `freeze_delay` on
    (`step >= freeze_delay`): `output` is the inference batch norm with the
    moving statistics, and the moving averages are returned unchanged
    (`batch_mean` and `batch_variance` are still the batch's). This is the
    freeze of quantization-aware training; `step` and `freeze_delay` come
    together.

    Arithmetic as `nn.batch_norm`'s: f32 for f16 and bf16, else the element
    type; every result is rounded once to the element type.

    `--fold-batchnorm=mode=training` folds it into the layer that produces
    its input (see the pass); `nn.batch_norm` is its inference form.

    ```mlir
    %y, %mean, %var, %mm, %mv = nn.batch_norm_training nchw %x, %moving_mean,
            %moving_var scale %gamma offset %beta step %step
            {epsilon = 1.0e-03 : f64, momentum = 0.99 : f64,
             freeze_delay = 20000 : i64}
        : (tensor<?x16x8x8xf32>, tensor<16xf32>, tensor<16xf32>,
           tensor<16xf32>, tensor<16xf32>, tensor<i64>)
        -> (tensor<?x16x8x8xf32>, tensor<16xf32>, tensor<16xf32>,
            tensor<16xf32>, tensor<16xf32>)
    ```
  }];
  let arguments = (ins NN_TensorOfRankAtLeast<1>:$input,
                       NN_Vector:$moving_mean, NN_Vector:$moving_variance,
                       Optional<NN_Vector>:$scale, Optional<NN_Vector>:$offset,
                       Optional<NN_Step>:$step,
                       NN_Epsilon:$epsilon, NN_Momentum:$momentum,
                       OptionalAttr<NN_NonNegativeI64>:$freeze_delay,
                       OptionalAttr<NN_LayoutAttr>:$layout,
                       OptionalAttr<NN_NonNegativeI64>:$axis);
  let results = (outs NN_Tensor:$output, NN_Vector:$batch_mean,
                      NN_Vector:$batch_variance, NN_Vector:$new_moving_mean,
                      NN_Vector:$new_moving_variance);
  let assemblyFormat = [{
    ($layout^)? $input `,` $moving_mean `,` $moving_variance
    (`scale` $scale^)? (`offset` $offset^)? (`step` $step^)? attr-dict `:`
    functional-type(operands, results)
  }];
  let extraClassDeclaration = [{
    /// The input dimension holding features (as nn.batch_norm's).
    int64_t getFeatureDim();
  }];
  let hasVerifier = 1;
}

def NN_BNFoldCorrectionOp : NN_Op<"bn_fold_correction", [
    AttrSizedOperandSegments, AllTypesMatch<["input", "result"]>,
    AllTypesMatch<["batch_mean", "batch_variance", "moving_mean",
                   "moving_variance"]>]> {
  let summary = "the correction of a training batch norm folded into a layer";
  let description = [{
    What `--fold-batchnorm=mode=training` puts after the layer it folds an
    `nn.batch_norm_training` into. That layer computes `input` with the
    weights (and bias) scaled by `scale / sigma_moving`, the weights that
    quantization-aware training quantizes; this op turns its output back
    into the batch norm's:

    ```
    sigma_batch  = sqrt(batch_variance + epsilon)
    sigma_moving = sqrt(moving_variance + epsilon)
    result = input * correction + (offset - scale * batch_mean / sigma_batch
                                   + correction_offset)
    ```

    per channel along the feature dim (chosen like `nn.batch_norm`'s), with,
    before the freeze (no `step`, or `step < freeze_delay`),
    `correction = sigma_moving / sigma_batch` and `correction_offset = 0`:
    the result is the batch norm with batch statistics; and from the freeze
    on (`step >= freeze_delay`) `correction = 1` and `correction_offset =
    scale * (batch_mean / sigma_batch - moving_mean / sigma_moving)`: the
    result is the batch norm with the moving statistics. (`correction` is
    the reciprocal of `correction_scale = sigma_batch / sigma_moving`, by
    which the weights `W * scale / sigma_batch` are multiplied.) An absent
    `scale` means 1, an absent `offset` 0.

    Arithmetic as `nn.batch_norm`'s: f32 for f16 and bf16, else the element
    type, rounded once to the element type. From the freeze on it computes
    `input + offset - scale * moving_mean / sigma_moving`, which the formula
    above is in exact arithmetic, without rounding `correction_offset`.

    The layer before it is where quantization-aware training quantizes:
    a fake-quantization op goes on its weights, the result of the
    `nn.bn_fold_weights` op the fold emits.

    ```mlir
    %y = nn.bn_fold_correction nchw %z, %batch_mean, %batch_var,
            %moving_mean, %moving_var scale %gamma offset %beta step %step
            {epsilon = 1.0e-03 : f64, freeze_delay = 20000 : i64}
        : (tensor<?x16x8x8xf32>, tensor<16xf32>, tensor<16xf32>,
           tensor<16xf32>, tensor<16xf32>, tensor<16xf32>, tensor<16xf32>,
           tensor<i64>) -> tensor<?x16x8x8xf32>
    ```
  }];
  let arguments = (ins NN_TensorOfRankAtLeast<1>:$input,
                       NN_Vector:$batch_mean, NN_Vector:$batch_variance,
                       NN_Vector:$moving_mean, NN_Vector:$moving_variance,
                       Optional<NN_Vector>:$scale, Optional<NN_Vector>:$offset,
                       Optional<NN_Step>:$step,
                       NN_Epsilon:$epsilon,
                       OptionalAttr<NN_NonNegativeI64>:$freeze_delay,
                       OptionalAttr<NN_LayoutAttr>:$layout,
                       OptionalAttr<NN_NonNegativeI64>:$axis);
  let results = (outs NN_Tensor:$result);
  let assemblyFormat = [{
    ($layout^)? $input `,` $batch_mean `,` $batch_variance `,` $moving_mean
    `,` $moving_variance (`scale` $scale^)? (`offset` $offset^)?
    (`step` $step^)? attr-dict `:` functional-type(operands, results)
  }];
  let extraClassDeclaration = [{
    int64_t getFeatureDim();
  }];
  let hasVerifier = 1;
}

def NN_BiasAddOp : NN_Op<"bias_add", [SameOperandsAndResultElementType,
    AllTypesMatch<["input", "result"]>]> {
  let summary = "add a per-channel bias";
  let description = [{
    `y = x + bias[c]` along the feature dim, chosen like `nn.batch_norm`'s.
    Folds to its input when the bias is a constant of zeros.

    ```mlir
    %y = nn.bias_add nchw %x, %b : (tensor<1x16x4x4xf32>, tensor<16xf32>)
                                 -> tensor<1x16x4x4xf32>
    ```
  }];
  let arguments = (ins NN_TensorOfRankAtLeast<1>:$input, NN_Vector:$bias,
                       OptionalAttr<NN_LayoutAttr>:$layout,
                       OptionalAttr<NN_NonNegativeI64>:$axis);
  let results = (outs NN_Tensor:$result);
  let assemblyFormat = [{
    ($layout^)? $input `,` $bias attr-dict `:`
    functional-type(operands, results)
  }];
  let extraClassDeclaration = [{
    int64_t getFeatureDim();
  }];
  let hasVerifier = 1;
  let hasFolder = 1;
}

//===----------------------------------------------------------------------===//
// Structural and elementwise ops
//===----------------------------------------------------------------------===//

def NN_IdentityOp : NN_Op<"identity", [SameOperandsAndResultType]> {
  let summary = "pass the input through unchanged";
  let description = [{
    `y = x`. Folds to its input, so `-canonicalize` removes it; the folding
    pass looks through it.

    ```mlir
    %y = nn.identity %x : tensor<1x4x4x16xf32>
    ```
  }];
  let arguments = (ins NN_Tensor:$input);
  let results = (outs NN_Tensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($result)";
  let hasFolder = 1;
}

def NN_ReshapeOp : NN_Op<"reshape", [SameOperandsAndResultElementType]> {
  let summary = "reinterpret the elements in row-major order under a new shape";
  let description = [{
    The result type gives the new shape; the element count must match. At
    most one dynamic dim on each side, and the result's dynamic dim holds the
    elements its static dims leave. When those hold no elements (a static 0),
    any size would do: the result's dynamic dim then equals the input's.

    Folds to its input when the types are equal and to a constant when the
    input is a dense constant and the result shape is static;
    `-canonicalize` merges a chain of reshapes into one.

    ```mlir
    %y = nn.reshape %x : (tensor<?x64xf32>) -> tensor<?x1x1x64xf32>
    ```
  }];
  let arguments = (ins NN_Tensor:$input);
  let results = (outs NN_Tensor:$result);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
  let hasFolder = 1;
  let hasCanonicalizer = 1;
}

def NN_ConcatOp : NN_Op<"concat", [SameOperandsAndResultElementType]> {
  let summary = "join tensors along one dim";
  let description = [{
    The inputs, in order, laid end to end along dim `axis`: ONNX's Concat,
    TOSA's concat, `torch.cat`. The inputs and the result have one rank;
    every other dim is equal in all of them (the same static size, or dynamic
    in all). The result's `axis` dim is the sum of the inputs' (dynamic when
    one of theirs is). A concat of one input folds to that input.

    A batch norm along the concat's dim folds across it: each input's slice
    of the batch norm's channels folds into the layer that produces that
    input (see `--fold-batchnorm`).

    ```mlir
    %y = nn.concat %a, %b axis 1
        : (tensor<?x8x4x4xf32>, tensor<?x16x4x4xf32>) -> tensor<?x24x4x4xf32>
    ```
  }];
  let arguments = (ins Variadic<NN_Tensor>:$inputs, NN_NonNegativeI64:$axis);
  let results = (outs NN_Tensor:$result);
  let assemblyFormat = [{
    $inputs `axis` $axis attr-dict `:` functional-type($inputs, results)
  }];
  let hasVerifier = 1;
  let hasFolder = 1;
}

def NN_SpaceToBatchOp : NN_Op<"space_to_batch", [
    SameOperandsAndResultElementType]> {
  let summary = "zero-pad the spatial dims and move blocks into the batch";
  let description = [{
    TensorFlow's SpaceToBatchND on the two spatial dims chosen by `layout`
    (dims 1, 2 for `nhwc`, dims 2, 3 for `nchw`). `paddings` is `[top,
    bottom, left, right]`; each padded spatial size must be divisible by its
    `block_shape` entry. The result batch is `N * bh * bw`, with the block
    offset `(i, j)` as the outer index: batch `(i * bw + j) * N + n`.

    ```mlir
    %y = nn.space_to_batch nhwc %x {block_shape = array<i64: 2, 2>,
                                    paddings = array<i64: 2, 2, 2, 2>}
        : (tensor<1x8x8x3xf32>) -> tensor<4x6x6x3xf32>
    ```
  }];
  let arguments = (ins NN_Tensor4D:$input, NN_LayoutAttr:$layout,
                       NN_PositivePair:$block_shape,
                       NN_NonNegativeQuad:$paddings);
  let results = (outs NN_Tensor4D:$result);
  let assemblyFormat = [{
    $layout $input attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def NN_BatchToSpaceOp : NN_Op<"batch_to_space", [
    SameOperandsAndResultElementType]> {
  let summary = "move batch blocks back into the spatial dims and crop";
  let description = [{
    The inverse of `nn.space_to_batch` (TensorFlow's BatchToSpaceND), with
    `crops` `[top, bottom, left, right]` removed from the result.

    `batch_to_space(space_to_batch(x))` with the same layout and block shape
    and crops equal to the paddings folds to `x`. `-canonicalize` turns
    TensorFlow's atrous convolution, `batch_to_space(conv(space_to_batch(x)))`
    with a stride-1, undilated, unpadded `nn.conv2d` or
    `nn.depthwise_conv2d` and crops no larger than the paddings, into one
    convolution of `x` with `dilations = block_shape` and `padding =
    paddings - crops`.

    ```mlir
    %y = nn.batch_to_space nhwc %x {block_shape = array<i64: 2, 2>,
                                    crops = array<i64: 2, 2, 2, 2>}
        : (tensor<4x6x6x3xf32>) -> tensor<1x8x8x3xf32>
    ```
  }];
  let arguments = (ins NN_Tensor4D:$input, NN_LayoutAttr:$layout,
                       NN_PositivePair:$block_shape,
                       NN_NonNegativeQuad:$crops);
  let results = (outs NN_Tensor4D:$result);
  let assemblyFormat = [{
    $layout $input attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
  let hasFolder = 1;
  let hasCanonicalizer = 1;
}

def NN_PadOp : NN_Op<"pad", [SameOperandsAndResultElementType]> {
  let summary = "pad the spatial dims with one value per channel";
  let description = [{
    Pads each spatial dim of `input` (the dims `layout` names, 1 to 3 of
    them) by `padding` `[lo, hi]` per spatial dim, in order; a padded
    element of channel `c` is `values[c]`. Every other element is the
    input's. `values` has one entry per channel of the input.

    The batch-norm fold emits it when it folds a batch norm into a padded
    convolution after it: the convolution's zero padding, moved onto the
    batch norm's input, becomes the per-channel value that the batch norm
    maps to 0. ONNX's `Pad` and `tosa.pad` pad with one scalar, so a pad
    whose values differ between channels has no ONNX or TOSA form.

    ```mlir
    %y = nn.pad nchw %x, %p {padding = array<i64: 1, 1, 1, 1>}
        : (tensor<1x3x8x8xf32>, tensor<3xf32>) -> tensor<1x3x10x10xf32>
    ```
  }];
  let arguments = (ins NN_TensorOfRankAtLeast<3>:$input, NN_Vector:$values,
                       NN_LayoutAttr:$layout,
                       ConfinedAttr<DenseI64ArrayAttr, [
                           DenseArrayNonNegative<DenseI64ArrayAttr>]>:$padding);
  let results = (outs NN_TensorOfRankAtLeast<3>:$result);
  let assemblyFormat = [{
    $layout $input `,` $values attr-dict `:`
    functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def NN_ReluOp : NN_Op<"relu", [SameOperandsAndResultType]> {
  let summary = "max(x, 0), elementwise";
  let description = [{
    `y = max(x, 0)` per element; a NaN input gives NaN.

    ```mlir
    %y = nn.relu %x : tensor<1x4x4x16xf32>
    ```
  }];
  let arguments = (ins NN_Tensor:$input);
  let results = (outs NN_Tensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($result)";
}

//===----------------------------------------------------------------------===//
// Elementwise arithmetic
//
// The ops a batch norm is written out with when it is not one op (by
// TensorFlow's and torch-mlir's TOSA lowerings, by ONNX exporters, by hand):
// `(x - mean) / sqrt(variance + epsilon) * scale + offset` and its affine
// forms. Folding reads a chain of them on per-channel operands after a layer
// as a batch norm.
//
// Arithmetic: f32 and f64 compute in their own type, f16 and bf16 in f32,
// rounded once to the element type (for these ops that is the correctly
// rounded result in the element type).
//===----------------------------------------------------------------------===//

// `y = lhs <op> rhs` per element, the operands broadcast to the result as in
// NumPy, ONNX and TOSA: aligned at their last dim, an operand's missing or
// static-1 dim repeats along the result's dim. Other dims must be equal:
// the same static size, or dynamic in both (a dynamic dim facing a static
// size other than 1 could be 1 at run time, and is rejected). When the three
// types are equal the syntax names one type.
class NN_BroadcastingBinaryOp<string mnemonic, string formula,
                              list<Trait> traits = []>
    : NN_Op<mnemonic, !listconcat([SameOperandsAndResultElementType],
                                  traits)> {
  let summary = "elementwise " # formula # " with broadcasting";
  let arguments = (ins NN_Tensor:$lhs, NN_Tensor:$rhs);
  let results = (outs NN_Tensor:$result);
  let assemblyFormat = [{
    $lhs `,` $rhs attr-dict `:`
    custom<ElementwiseTypes>(type($lhs), type($rhs), type($result))
  }];
  let builders = [
    // Operands of one type, which is the result's.
    OpBuilder<(ins "::mlir::Value":$lhs, "::mlir::Value":$rhs), [{
      build($_builder, $_state, lhs.getType(), lhs, rhs);
    }]>
  ];
  let hasVerifier = 1;
  let hasFolder = 1;
  let extraClassDefinition = [{
    ::llvm::LogicalResult $cppClass::verify() {
      return ::bnfold::nn::verifyBroadcast(*this);
    }
  }];
}

def NN_AddOp : NN_BroadcastingBinaryOp<"add", "lhs + rhs", [Commutative]> {
  let description = [{
    `y = lhs + rhs` per element, broadcasting (see the section comment).
    Folds to a constant when both operands are constants and the static
    result has at most 4096 elements (such as two biases merged by the
    folding pass); so do the other elementwise ops.

    ```mlir
    %y = nn.add %a, %b : tensor<1x4x4x16xf32>
    %z = nn.add %x, %beta : (tensor<?x16x8x8xf32>, tensor<16x1x1xf32>)
                          -> tensor<?x16x8x8xf32>
    ```
  }];
}

def NN_SubOp : NN_BroadcastingBinaryOp<"sub", "lhs - rhs"> {
  let description = [{
    `y = lhs - rhs` per element, broadcasting like `nn.add`.

    ```mlir
    %y = nn.sub %x, %mean : (tensor<1x8x8x16xf32>, tensor<1x1x1x16xf32>)
                          -> tensor<1x8x8x16xf32>
    ```
  }];
}

def NN_MulOp : NN_BroadcastingBinaryOp<"mul", "lhs * rhs", [Commutative]> {
  let description = [{
    `y = lhs * rhs` per element, broadcasting like `nn.add`.

    ```mlir
    %y = nn.mul %x, %gamma : (tensor<1x16x8x8xf32>, tensor<1x16x1x1xf32>)
                           -> tensor<1x16x8x8xf32>
    ```
  }];
}

def NN_DivOp : NN_BroadcastingBinaryOp<"div", "lhs / rhs"> {
  let description = [{
    `y = lhs / rhs` per element (IEEE: a zero divisor gives an infinity or
    NaN), broadcasting like `nn.add`.

    ```mlir
    %y = nn.div %x, %std : (tensor<1x16x8x8xf32>, tensor<16x1x1xf32>)
                         -> tensor<1x16x8x8xf32>
    ```
  }];
}

// `y = f(x)` per element.
class NN_UnaryFloatOp<string mnemonic, string formula>
    : NN_Op<mnemonic, [SameOperandsAndResultType]> {
  let summary = "elementwise " # formula;
  let arguments = (ins NN_Tensor:$input);
  let results = (outs NN_Tensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($result)";
  let hasFolder = 1;
}

def NN_SqrtOp : NN_UnaryFloatOp<"sqrt", "sqrt(x)"> {
  let description = [{
    `y = sqrt(x)` per element, correctly rounded; negative inputs give NaN.

    ```mlir
    %sd = nn.sqrt %v : tensor<16xf32>
    ```
  }];
}

def NN_RsqrtOp : NN_UnaryFloatOp<"rsqrt", "1 / sqrt(x)"> {
  let description = [{
    `y = 1 / sqrt(x)` per element: the square root and the division are
    each rounded, as MLIR's `math.rsqrt` lowers to LLVM. TOSA's
    `tosa.rsqrt`.

    ```mlir
    %inv = nn.rsqrt %v : tensor<1x1x1x16xf32>
    ```
  }];
}

def NN_ReciprocalOp : NN_UnaryFloatOp<"reciprocal", "1 / x"> {
  let description = [{
    `y = 1 / x` per element; 0 gives an infinity of the zero's sign.

    ```mlir
    %inv = nn.reciprocal %sd : tensor<16xf32>
    ```
  }];
}

//===----------------------------------------------------------------------===//
// Folded parameters (emitted by --fold-batchnorm)
//===----------------------------------------------------------------------===//

def NN_BNFoldWeightsOp : NN_Op<"bn_fold_weights", [
    SameOperandsAndResultElementType, AllTypesMatch<["weights", "result"]>]> {
  let summary = "layer weights with a following batch norm's scale folded in";
  let description = [{
    `result[..., c, ...] = weights[..., c, ...] * scale[c] /
    sqrt(variance[c] + epsilon)`, where the output channel `c` is the
    row-major flattening of the weight dims `channel_dims` (one dim, or two
    adjacent dims for NHWC depthwise filters `[H, W, C, M]`). With a
    `group_dim`, that dim is split into `groups` equal blocks and the
    channel of an element in block `g` is `g * n + c`, `n` the channel count
    of `channel_dims` (a grouped transposed convolution's filter `[Cin,
    Cout/G, k...]` has `channel_dims = [1]`, `group_dim = 0`). An absent
    `scale` means 1. Folds to a constant when its operands are constants
    (dense, splat or `dense_resource`), computing in f64 and rounding once
    to the element type. Folded `dense_resource` weights stay a
    `dense_resource` blob, named `<key>_bnfolded_<hash>` after the original
    blob's key and a hash of the multiplier and channel map, so that the
    output does not depend on the order in which threads fold. Folded
    `dense` weights stay `dense`, unless `fold_to_resource` is set: then they
    fold to a `dense_resource` blob named `bnfolded_<hash of its bytes>`.
    MLIR copies every `dense` attribute it creates into the context's
    attribute uniquer (and hashes it); a blob is neither copied nor uniqued,
    which for large weights is most of the fold's time. The fold pass sets
    it with its `folded-weights=resource` option.

    ```mlir
    %w2 = nn.bn_fold_weights %w, %var scale %gamma
            {channel_dims = array<i64: 3>, epsilon = 1.0e-03 : f64}
        : (tensor<3x3x8x16xf32>, tensor<16xf32>, tensor<16xf32>)
        -> tensor<3x3x8x16xf32>
    ```
  }];
  let arguments = (ins NN_Tensor:$weights, NN_Vector:$variance,
                       Optional<NN_Vector>:$scale,
                       NN_ChannelDims:$channel_dims,
                       NN_Epsilon:$epsilon,
                       OptionalAttr<NN_NonNegativeI64>:$group_dim,
                       DefaultValuedAttr<NN_PositiveI64, "1">:$groups,
                       UnitAttr:$fold_to_resource);
  let results = (outs NN_Tensor:$result);
  let assemblyFormat = [{
    $weights `,` $variance (`scale` $scale^)? attr-dict `:`
    functional-type(operands, results)
  }];
  let extraClassDeclaration = [{
    /// Where each channel sits in the weights (`group_dim` only when
    /// `groups` is not 1).
    ::bnfold::nn::WeightChannelMap getChannelMap();
  }];
  let hasVerifier = 1;
  let hasFolder = 1;
}

def NN_BNFoldBiasOp : NN_Op<"bn_fold_bias", [AttrSizedOperandSegments,
    SameOperandsAndResultElementType]> {
  let summary = "layer bias with a following batch norm folded in";
  let description = [{
    `result[c] = (bias[c] - mean[c]) * scale[c] / sqrt(variance[c] +
    epsilon) + offset[c]`; an absent `bias` or `offset` means 0, an absent
    `scale` means 1. Folds to a constant when its operands are constants
    and every vector has one entry per channel (a `tensor<?xT>` result does
    not fold), computing in f64 and rounding once.

    ```mlir
    %b2 = nn.bn_fold_bias %mean, %var bias %b scale %gamma offset %beta
            {epsilon = 1.0e-03 : f64}
        : (tensor<16xf32>, tensor<16xf32>, tensor<16xf32>, tensor<16xf32>,
           tensor<16xf32>) -> tensor<16xf32>
    ```
  }];
  let arguments = (ins NN_Vector:$mean, NN_Vector:$variance,
                       Optional<NN_Vector>:$bias, Optional<NN_Vector>:$scale,
                       Optional<NN_Vector>:$offset,
                       NN_Epsilon:$epsilon);
  let results = (outs NN_Vector:$result);
  let assemblyFormat = [{
    $mean `,` $variance (`bias` $bias^)? (`scale` $scale^)?
    (`offset` $offset^)? attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
  let hasFolder = 1;
}

def NN_BNFoldInputBiasOp : NN_Op<"bn_fold_input_bias", [
    AttrSizedOperandSegments, SameOperandsAndResultElementType]> {
  let summary = "layer bias with a preceding batch norm's shift folded in";
  let description = [{
    The bias of a layer that reads a batch norm's result, once the batch
    norm is folded into the layer: `result[o] = bias[o] + sum W[e] * t[i]`
    over the weight elements `e` of output channel `o`, where `i` is the
    input channel of `e` and `t = offset - mean * scale / sqrt(variance +
    epsilon)` is the batch norm's per-channel shift. `input_channel_dims`,
    `input_group_dim` and `input_groups` say where input channel `i` sits
    in `weights` (the layer's input channel map), `output_channel_dims`,
    `output_group_dim`, `output_groups` where output channel `o` sits (its
    output channel map), like `nn.bn_fold_weights`' attributes. An absent
    `bias` or `offset` means 0, an absent `scale` 1.

    It folds to a constant when its operands are constants, computing in
    f64 and rounding once; the fold pass emits it only then, so it has no
    lowering: an `nn.bn_fold_input_bias` with an operand computed at run
    time is left in place and cannot be executed or exported.

    ```mlir
    %b2 = nn.bn_fold_input_bias %w, %mean, %var bias %b offset %beta
            {input_channel_dims = array<i64: 1>,
             output_channel_dims = array<i64: 0>, epsilon = 1.0e-03 : f64}
        : (tensor<16x8x3x3xf32>, tensor<8xf32>, tensor<8xf32>,
           tensor<16xf32>, tensor<8xf32>) -> tensor<16xf32>
    ```
  }];
  let arguments = (ins NN_Tensor:$weights, NN_Vector:$mean,
                       NN_Vector:$variance, Optional<NN_Vector>:$bias,
                       Optional<NN_Vector>:$scale, Optional<NN_Vector>:$offset,
                       NN_Epsilon:$epsilon,
                       NN_ChannelDims:$input_channel_dims,
                       OptionalAttr<NN_NonNegativeI64>:$input_group_dim,
                       DefaultValuedAttr<NN_PositiveI64, "1">:$input_groups,
                       NN_ChannelDims:$output_channel_dims,
                       OptionalAttr<NN_NonNegativeI64>:$output_group_dim,
                       DefaultValuedAttr<NN_PositiveI64, "1">:$output_groups);
  let results = (outs NN_Vector:$result);
  let assemblyFormat = [{
    $weights `,` $mean `,` $variance (`bias` $bias^)? (`scale` $scale^)?
    (`offset` $offset^)? attr-dict `:` functional-type(operands, results)
  }];
  let extraClassDeclaration = [{
    /// Where each input / output channel sits in the weights.
    ::bnfold::nn::WeightChannelMap getInputChannelMap();
    ::bnfold::nn::WeightChannelMap getOutputChannelMap();
  }];
  let hasVerifier = 1;
  let hasFolder = 1;
}

//===----------------------------------------------------------------------===//
// Foreign ops carried through unchanged
//===----------------------------------------------------------------------===//

def NN_OnnxOp : Op<NN_Dialect, "onnx_op", [NN_ElementCountsFitInt64]> {
  let summary = "an ONNX node that has no nn op, carried through unchanged";
  let description = [{
    Holds one ONNX node (`MaxPool`, `Concat`, `Softmax`, ...) so that a model
    can be imported, folded and exported without losing it. The folding pass
    treats it as an opaque op: it neither looks into it nor folds through it.

    - `op_type` and `domain` are the node's (`domain` absent = the default
      `ai.onnx` domain).
    - `onnx_attributes` holds the node's attributes by name, each in the one MLIR
      form of its ONNX type: INT `i64`, FLOAT `f32`, STRING a string, INTS
      `array<i64>`, FLOATS `array<f32>`, STRINGS an array of strings, TENSOR
      a dense elements attribute. The type of the MLIR attribute is the ONNX
      attribute type, so an empty INTS list stays an INTS list.
    - Omitted optional inputs / outputs (ONNX's empty names) are listed by
      their ONNX position in `absent_inputs` / `absent_outputs`; the operands
      and results are the present ones, in order.

    The op has no side-effect information and is never erased as dead code,
    so a node whose outputs are unused still round-trips.

    ```mlir
    %y = nn.onnx_op "MaxPool"(%x) {onnx_attributes = {
            kernel_shape = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>,
            strides = array<i64: 2, 2>}}
        : (tensor<1x64x112x112xf32>) -> tensor<1x64x56x56xf32>
    %a, %b = nn.onnx_op "Split"(%t, %sizes) {onnx_attributes = {axis = 1 : i64}}
        : (tensor<1x8xf32>, tensor<2xi64>) -> (tensor<1x4xf32>, tensor<1x4xf32>)
    %c = nn.onnx_op "Clip"(%x, %max) {absent_inputs = array<i64: 1>}
        : (tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
    ```
  }];
  let arguments = (ins Variadic<AnyTensor>:$inputs, StrAttr:$op_type,
                       OptionalAttr<StrAttr>:$domain,
                       OptionalAttr<DictionaryAttr>:$onnx_attributes,
                       OptionalAttr<DenseI64ArrayAttr>:$absent_inputs,
                       OptionalAttr<DenseI64ArrayAttr>:$absent_outputs);
  let results = (outs Variadic<AnyTensor>:$outputs);
  let assemblyFormat = [{
    $op_type `(` $inputs `)` attr-dict `:` functional-type($inputs, $outputs)
  }];
  let hasVerifier = 1;
}

#endif // BNFOLD_DIALECT_NN_IR_NNOPS_TD
