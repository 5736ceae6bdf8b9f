// A carried node's tensor attribute that is a huge splat.
func.func @main(%s: tensor<1xi64>) -> tensor<?xf32> {
  %0 = nn.onnx_op "ConstantOfShape"(%s) {onnx_attributes = {value = dense<1.0> : tensor<1000000000xf32>}} : (tensor<1xi64>) -> tensor<?xf32> loc("fill")
  return %0 : tensor<?xf32>
}
