// A conv with 9 KiB of weights and a batch norm: exported by external-data
// tests to make a model that --max-model-bytes splits.
func.func @main(%x: tensor<1x16x6x6xf32> {onnx.name = "x"}) -> (tensor<1x16x4x4xf32> {onnx.name = "y"}) {
  %w = arith.constant dense<0.125> : tensor<16x16x3x3xf32> loc("w")
  %m = arith.constant dense<[0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.1, 1.2, 1.3, 1.4, 1.5, 1.6]> : tensor<16xf32> loc("mean")
  %v = arith.constant dense<[1.0, 2.0, 3.0, 4.0, 1.0, 2.0, 3.0, 4.0, 1.0, 2.0, 3.0, 4.0, 1.0, 2.0, 3.0, 4.0]> : tensor<16xf32> loc("var")
  %c = nn.conv2d nchw %x, %w : (tensor<1x16x6x6xf32>, tensor<16x16x3x3xf32>) -> tensor<1x16x4x4xf32> loc("conv")
  %y = nn.batch_norm nchw %c, %m, %v : (tensor<1x16x4x4xf32>, tensor<16xf32>, tensor<16xf32>) -> tensor<1x16x4x4xf32> loc("bn")
  return %y : tensor<1x16x4x4xf32>
}
