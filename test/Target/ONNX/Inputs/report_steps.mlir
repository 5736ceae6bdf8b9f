// Input of report.test: a per-channel Mul that folds as a step into the
// convolution before it, and a Mul that scales every position differently,
// which does not.
func.func @main(%x: tensor<1x2x4x4xf32> {onnx.name = "x"}) -> (tensor<1x3x4x4xf32> {onnx.name = "y"}) {
  %w = arith.constant dense<0.5> : tensor<3x2x1x1xf32> loc("w")
  %s = arith.constant dense<[[[2.0]], [[3.0]], [[-1.0]]]> : tensor<3x1x1xf32> loc("s")
  %p = arith.constant dense<1.5> : tensor<1x3x4x4xf32> loc("p")
  %c = nn.conv2d nchw %x, %w : (tensor<1x2x4x4xf32>, tensor<3x2x1x1xf32>) -> tensor<1x3x4x4xf32> loc("conv")
  %m = nn.mul %c, %s : (tensor<1x3x4x4xf32>, tensor<3x1x1xf32>) -> tensor<1x3x4x4xf32> loc("scale")
  %c2 = nn.conv2d nchw %x, %w : (tensor<1x2x4x4xf32>, tensor<3x2x1x1xf32>) -> tensor<1x3x4x4xf32> loc("conv2")
  %q = nn.mul %c2, %p : (tensor<1x3x4x4xf32>, tensor<1x3x4x4xf32>) -> tensor<1x3x4x4xf32> loc("everywhere")
  %y = nn.add %m, %q : (tensor<1x3x4x4xf32>, tensor<1x3x4x4xf32>) -> tensor<1x3x4x4xf32> loc("sum")
  return %y : tensor<1x3x4x4xf32>
}
