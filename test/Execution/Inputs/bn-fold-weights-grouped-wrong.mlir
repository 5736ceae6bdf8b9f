// A deliberately wrong grouped scale for bn-fold-weights-grouped.mlir: the
// columns scaled by b only, as if the groups were ignored.

func.func @onnx_layout(%w: tensor<4x3x2xf32>) -> tensor<4x3x2xf32> {
  %z3 = arith.constant dense<0.0> : tensor<3xf32>
  %b = arith.constant dense<[1.0, 2.0, 4.0]> : tensor<3xf32>
  %0 = nn.batch_norm %w, %z3, %z3 scale %b {axis = 1 : i64, epsilon = 1.0 : f64}
      : (tensor<4x3x2xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<4x3x2xf32>
  return %0 : tensor<4x3x2xf32>
}
