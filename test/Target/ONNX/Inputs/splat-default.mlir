// A graph input's default value that is a huge splat.
func.func @main(%x: tensor<1000000000xf32> {onnx.name = "x", onnx.default = dense<0.0> : tensor<1000000000xf32>}) -> tensor<1000000000xf32> {
  %0 = nn.relu %x : tensor<1000000000xf32> loc("relu")
  return %0 : tensor<1000000000xf32>
}
