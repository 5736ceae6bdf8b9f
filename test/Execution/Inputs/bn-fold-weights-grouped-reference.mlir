// The reference of bn-fold-weights-grouped.mlir: the grouped scale as a
// batch norm over the group blocks (a = [1, 3]) and one over the columns
// (b = [1, 2, 4]) of the filter reshaped so that both are dims.

func.func @onnx_layout(%w: tensor<4x3x2xf32>) -> tensor<4x3x2xf32> {
  %z2 = arith.constant dense<0.0> : tensor<2xf32>
  %z3 = arith.constant dense<0.0> : tensor<3xf32>
  %a = arith.constant dense<[1.0, 3.0]> : tensor<2xf32>
  %b = arith.constant dense<[1.0, 2.0, 4.0]> : tensor<3xf32>
  %r = nn.reshape %w : (tensor<4x3x2xf32>) -> tensor<2x2x3x2xf32>
  %0 = nn.batch_norm %r, %z2, %z2 scale %a {axis = 0 : i64, epsilon = 1.0 : f64}
      : (tensor<2x2x3x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<2x2x3x2xf32>
  %1 = nn.batch_norm %0, %z3, %z3 scale %b {axis = 2 : i64, epsilon = 1.0 : f64}
      : (tensor<2x2x3x2xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<2x2x3x2xf32>
  %2 = nn.reshape %1 : (tensor<2x2x3x2xf32>) -> tensor<4x3x2xf32>
  return %2 : tensor<4x3x2xf32>
}

func.func @tf_layout(%w: tensor<2x3x4xf32>) -> tensor<2x3x4xf32> {
  %z2 = arith.constant dense<0.0> : tensor<2xf32>
  %z3 = arith.constant dense<0.0> : tensor<3xf32>
  %a = arith.constant dense<[1.0, 3.0]> : tensor<2xf32>
  %b = arith.constant dense<[1.0, 2.0, 4.0]> : tensor<3xf32>
  %r = nn.reshape %w : (tensor<2x3x4xf32>) -> tensor<2x3x2x2xf32>
  %0 = nn.batch_norm %r, %z2, %z2 scale %a {axis = 2 : i64, epsilon = 1.0 : f64}
      : (tensor<2x3x2x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<2x3x2x2xf32>
  %1 = nn.batch_norm %0, %z3, %z3 scale %b {axis = 1 : i64, epsilon = 1.0 : f64}
      : (tensor<2x3x2x2xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<2x3x2x2xf32>
  %2 = nn.reshape %1 : (tensor<2x3x2x2xf32>) -> tensor<2x3x4xf32>
  return %2 : tensor<2x3x4xf32>
}

func.func @dynamic_group_dim(%w: tensor<?x3x2xf32>) -> tensor<?x3x2xf32> {
  %z2 = arith.constant dense<0.0> : tensor<2xf32>
  %z3 = arith.constant dense<0.0> : tensor<3xf32>
  %a = arith.constant dense<[1.0, 3.0]> : tensor<2xf32>
  %b = arith.constant dense<[1.0, 2.0, 4.0]> : tensor<3xf32>
  %r = nn.reshape %w : (tensor<?x3x2xf32>) -> tensor<2x?x3x2xf32>
  %0 = nn.batch_norm %r, %z2, %z2 scale %a {axis = 0 : i64, epsilon = 1.0 : f64}
      : (tensor<2x?x3x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<2x?x3x2xf32>
  %1 = nn.batch_norm %0, %z3, %z3 scale %b {axis = 2 : i64, epsilon = 1.0 : f64}
      : (tensor<2x?x3x2xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<2x?x3x2xf32>
  %2 = nn.reshape %1 : (tensor<2x?x3x2xf32>) -> tensor<?x3x2xf32>
  return %2 : tensor<?x3x2xf32>
}

func.func @onnx_layout_f16(%w: tensor<4x3x1x1xf16>) -> tensor<4x3x1x1xf16> {
  %z2 = arith.constant dense<0.0> : tensor<2xf16>
  %z3 = arith.constant dense<0.0> : tensor<3xf16>
  %a = arith.constant dense<[1.0, 3.0]> : tensor<2xf16>
  %b = arith.constant dense<[1.0, 2.0, 4.0]> : tensor<3xf16>
  %r = nn.reshape %w : (tensor<4x3x1x1xf16>) -> tensor<2x2x3xf16>
  %0 = nn.batch_norm %r, %z2, %z2 scale %a {axis = 0 : i64, epsilon = 1.0 : f64}
      : (tensor<2x2x3xf16>, tensor<2xf16>, tensor<2xf16>, tensor<2xf16>) -> tensor<2x2x3xf16>
  %1 = nn.batch_norm %0, %z3, %z3 scale %b {axis = 2 : i64, epsilon = 1.0 : f64}
      : (tensor<2x2x3xf16>, tensor<3xf16>, tensor<3xf16>, tensor<3xf16>) -> tensor<2x2x3xf16>
  %2 = nn.reshape %1 : (tensor<2x2x3xf16>) -> tensor<4x3x1x1xf16>
  return %2 : tensor<4x3x1x1xf16>
}
