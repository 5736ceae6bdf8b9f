func.func @carried_onnx_node(%x: tensor<1x4x4x1xf32>) -> tensor<1x4x4x1xf32> {
  %y = nn.onnx_op "Abs"(%x) : (tensor<1x4x4x1xf32>) -> tensor<1x4x4x1xf32>
  return %y : tensor<1x4x4x1xf32>
}
func.func @fine() -> tensor<1xf32> {
  %c = arith.constant dense<-3.0> : tensor<1xf32>
  %y = nn.relu %c : tensor<1xf32>
  return %y : tensor<1xf32>
}
