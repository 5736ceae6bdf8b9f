// A ResNet basic block in NCHW (PyTorch/ONNX layout) with a dense head:
//   conv -> BN -> relu -> conv -> BN -> add(skip) -> relu -> matmul -> BN.
// Run:  bnfold-opt --fold-batchnorm=report examples/resnet_block.mlir
// Every batch_norm folds; the report says into which op.
func.func @resnet_block(%x: tensor<?x4x2x2xf32>) -> tensor<?x3xf32> {
  %w1 = arith.constant dense<[[[[0.5]], [[-0.25]], [[1.0]], [[0.75]]],
                              [[[1.5]], [[0.5]], [[-1.0]], [[0.25]]],
                              [[[-0.5]], [[2.0]], [[0.5]], [[-0.75]]],
                              [[[0.25]], [[-1.5]], [[1.25]], [[1.0]]]]> : tensor<4x4x1x1xf32>
  %m1 = arith.constant dense<[0.1, -0.2, 0.3, 0.0]> : tensor<4xf32>
  %v1 = arith.constant dense<[1.0, 0.5, 2.0, 4.0]> : tensor<4xf32>
  %g1 = arith.constant dense<[1.0, 2.0, -0.5, 0.25]> : tensor<4xf32>
  %b1 = arith.constant dense<[0.0, 0.5, -0.5, 1.0]> : tensor<4xf32>
  %c1 = nn.conv2d nchw %x, %w1 : (tensor<?x4x2x2xf32>, tensor<4x4x1x1xf32>) -> tensor<?x4x2x2xf32>
  %n1 = nn.batch_norm nchw %c1, %m1, %v1 scale %g1 offset %b1 {epsilon = 1.0e-05 : f64}
      : (tensor<?x4x2x2xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<?x4x2x2xf32>
  %r1 = nn.relu %n1 : tensor<?x4x2x2xf32>

  %w2 = arith.constant dense<0.125> : tensor<4x1x3x3xf32>
  %c2 = nn.depthwise_conv2d nchw %r1, %w2 {padding = array<i64: 1, 1, 1, 1>}
      : (tensor<?x4x2x2xf32>, tensor<4x1x3x3xf32>) -> tensor<?x4x2x2xf32>
  %n2 = nn.batch_norm nchw %c2, %m1, %v1 scale %g1 offset %b1 {epsilon = 1.0e-05 : f64}
      : (tensor<?x4x2x2xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<?x4x2x2xf32>
  %sum = nn.add %n2, %x : tensor<?x4x2x2xf32>
  %r2 = nn.relu %sum : tensor<?x4x2x2xf32>

  %flat = nn.reshape %r2 : (tensor<?x4x2x2xf32>) -> tensor<?x16xf32>
  %wf = arith.constant dense<0.01> : tensor<3x16xf32>
  %fc = nn.matmul %flat, %wf {transpose_rhs} : (tensor<?x16xf32>, tensor<3x16xf32>) -> tensor<?x3xf32>
  %m3 = arith.constant dense<[0.5, -0.5, 0.0]> : tensor<3xf32>
  %v3 = arith.constant dense<[0.25, 1.0, 9.0]> : tensor<3xf32>
  %n3 = nn.batch_norm %fc, %m3, %v3 {epsilon = 1.0e-03 : f64}
      : (tensor<?x3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<?x3xf32>
  return %n3 : tensor<?x3xf32>
}
