// RUN: bnfold-opt --convert-nn-to-linalg %s -verify-diagnostics

// Every nn op is illegal after the conversion: a carried ONNX node has no
// lowering, and the pass fails at it.
func.func @carried_onnx_node(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{failed to legalize operation 'nn.onnx_op' that was explicitly marked illegal}}
  %y = nn.onnx_op "Abs"(%x) : (tensor<4xf32>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}
