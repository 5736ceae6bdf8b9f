//===- NNInterfaces.td - interfaces of nn ops ---------------*- tablegen -*-===//

#ifndef BNFOLD_DIALECT_NN_IR_NNINTERFACES_TD
#define BNFOLD_DIALECT_NN_IR_NNINTERFACES_TD

include "mlir/IR/OpBase.td"

// A layer whose output channel `c` is a linear function of the input whose
// coefficients are the weights its output channel map assigns to `c` (plus
// bias[c]). Scaling those weights and the bias by s[c] scales output channel
// c by s[c]: this is what makes a following per-channel affine op (batch
// norm, bias add) foldable.
def NN_ChannelLayerOpInterface : OpInterface<"ChannelLayerOpInterface"> {
  let cppNamespace = "::bnfold::nn";
  let description = [{
    A layer whose output channel `c` is a linear function of its input with
    all coefficients among the weights that `getOutputChannelMap` assigns to
    `c`, plus `bias[c]`. Implemented by
    every convolution and `matmul`; the folding patterns use it as their view
    of "weights, bias, output channels".
  }];
  let methods = [
    InterfaceMethod<"The weight operand (filter, or rhs of a matmul).",
      "::mlir::Value", "getWeights">,
    InterfaceMethod<"The bias operand, or a null value when absent.",
      "::mlir::Value", "getBiasOrNull">,
    InterfaceMethod<"The result dimension that holds output channels.",
      "int64_t", "getResultFeatureDim">,
    InterfaceMethod<[{
        Where output channel `c` sits in the weights: the weight elements
        that a per-output-channel scale of `c` multiplies (one dim, two
        adjacent dims for channels-last depthwise filters `[k..., C, M]`, and
        a group dim for grouped transposed convolutions).
      }], "::bnfold::nn::WeightChannelMap", "getOutputChannelMap">,
    InterfaceMethod<[{
        Where input channel `c` sits in the weights: the weight elements that
        multiply input channel `c` (what a per-input-channel scale before the
        layer would scale); std::nullopt when that depends on a dynamic dim.
      }], "std::optional<::bnfold::nn::WeightChannelMap>",
      "getInputChannelMap">,
  ];
}

// The view of a convolution that its verifier is written against, so that
// every convolution op shares one verifier. The ops satisfy the methods with
// their ODS accessors and the members of their ODS class.
def NN_ConvolutionOpInterface : OpInterface<"ConvolutionOpInterface"> {
  let cppNamespace = "::bnfold::nn";
  let description = [{
    A convolution: `input` and `filter` tensors of rank `2 + spatial dims`,
    an optional per-output-channel `bias`, a `layout`, and per-spatial-dim
    `strides`, `dilations` and `padding` (`[lo, hi]` per spatial dim).
    Implemented by the regular, depthwise and transposed convolutions over
    1, 2 and 3 spatial dims.
  }];
  let methods = [
    InterfaceMethod<"Which kind of convolution (regular, depthwise, transposed).",
      "::bnfold::nn::ConvKind", "getConvKind">,
    InterfaceMethod<"The number of spatial dims of input, filter and result.",
      "unsigned", "getNumSpatialDims">,
    InterfaceMethod<"The activation operand.",
      "::mlir::TypedValue<::mlir::RankedTensorType>", "getInput">,
    InterfaceMethod<"The filter operand.",
      "::mlir::TypedValue<::mlir::RankedTensorType>", "getFilter">,
    InterfaceMethod<"The bias operand, or a null value when absent.",
      "::mlir::TypedValue<::mlir::RankedTensorType>", "getBias">,
    InterfaceMethod<"The activation and filter layout.",
      "::bnfold::nn::Layout", "getLayout">,
    InterfaceMethod<"One stride per spatial dim.",
      "::llvm::ArrayRef<int64_t>", "getStrides">,
    InterfaceMethod<"One dilation per spatial dim.",
      "::llvm::ArrayRef<int64_t>", "getDilations">,
    InterfaceMethod<"`[lo, hi]` zero padding per spatial dim, in order.",
      "::llvm::ArrayRef<int64_t>", "getPadding">,
    InterfaceMethod<[{
        Outputs added at the high end of each spatial dim of a transposed
        convolution; empty for the other kinds.
      }], "::llvm::ArrayRef<int64_t>", "getOutputPadding", (ins), "",
      [{ return {}; }]>,
    InterfaceMethod<[{
        The number of groups; 1 for depthwise convolutions, whose grouping
        follows from the input channels.
      }], "int64_t", "getGroups", (ins), "", [{ return 1; }]>,
  ];
}

#endif // BNFOLD_DIALECT_NN_IR_NNINTERFACES_TD
