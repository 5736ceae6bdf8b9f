//===- NNInterfaces.td - interfaces of nn ops ---------------*- tablegen -*-===//

#ifndef BNFOLD_DIALECT_NN_IR_NNINTERFACES_TD
#define BNFOLD_DIALECT_NN_IR_NNINTERFACES_TD

include "mlir/IR/OpBase.td"

// A layer whose output channel `c` is a linear function of the input whose
// coefficients all sit in weight slice `c` (plus bias[c]). Scaling that slice
// and the bias by s[c] scales output channel c by s[c]: this is what makes a
// following per-channel affine op (batch norm, bias add) foldable.
def NN_ChannelLayerOpInterface : OpInterface<"ChannelLayerOpInterface"> {
  let cppNamespace = "::bnfold::nn";
  let description = [{
    A layer whose output channel `c` is a linear function of its input with
    all coefficients in weight slice `c`, plus `bias[c]`. Implemented by
    `conv2d`, `depthwise_conv2d` and `matmul`; the folding patterns use it as
    their view of "weights, bias, output channels".
  }];
  let methods = [
    InterfaceMethod<"The weight operand (filter, or rhs of a matmul).",
      "::mlir::Value", "getWeights">,
    InterfaceMethod<"The bias operand, or a null value when absent.",
      "::mlir::Value", "getBiasOrNull">,
    InterfaceMethod<"The result dimension that holds output channels.",
      "int64_t", "getResultFeatureDim">,
    InterfaceMethod<[{
        The contiguous weight dimensions whose row-major flattening is the
        output-channel index (one dim, except NHWC depthwise: [C, M]).
      }], "::llvm::SmallVector<int64_t, 2>", "getWeightChannelDims">,
  ];
}

#endif // BNFOLD_DIALECT_NN_IR_NNINTERFACES_TD
