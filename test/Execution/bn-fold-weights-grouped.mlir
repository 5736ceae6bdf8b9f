// The lowering of a grouped nn.bn_fold_weights (weights given at run time,
// so nothing folds to a constant) computes what an independent formulation
// computes: the multipliers are chosen separable, m[g * 3 + j] = a[g] * b[j]
// with a = [1, 3] and b = [1, 2, 4], so the reference scales group blocks
// and columns with two batch norms over a reshaped filter (variance 0,
// epsilon 1: each batch norm multiplies by its scale).
// RUN: bnfold-run --compare --all-functions %s %S/Inputs/bn-fold-weights-grouped-reference.mlir | FileCheck %s
// RUN: bnfold-run --compare --all-functions %s %S/Inputs/bn-fold-weights-grouped-reference.mlir --dynamic-size=6 | FileCheck %s
// A wrong map (the group taken from the wrong dim) fails the comparison.
// RUN: not bnfold-run --compare --function=onnx_layout %S/Inputs/bn-fold-weights-grouped-reference.mlir %S/Inputs/bn-fold-weights-grouped-wrong.mlir | FileCheck %s --check-prefix=WRONG

// CHECK-COUNT-4: compare: OK
// CHECK: compare all: OK, 4 functions
// WRONG: MISMATCH

// ONNX transposed filter [Cin = 4, Cout/G = 3, k = 2], groups in dim 0.
func.func @onnx_layout(%w: tensor<4x3x2xf32>) -> tensor<4x3x2xf32> {
  %v = arith.constant dense<0.0> : tensor<6xf32>
  %s = arith.constant dense<[1.0, 2.0, 4.0, 3.0, 6.0, 12.0]> : tensor<6xf32>
  %0 = nn.bn_fold_weights %w, %v scale %s {channel_dims = array<i64: 1>, group_dim = 0 : i64, groups = 2 : i64, epsilon = 1.0 : f64}
      : (tensor<4x3x2xf32>, tensor<6xf32>, tensor<6xf32>) -> tensor<4x3x2xf32>
  return %0 : tensor<4x3x2xf32>
}

// TensorFlow transposed filter [k = 2, Cout/G = 3, Cin = 4], groups in the
// last dim.
func.func @tf_layout(%w: tensor<2x3x4xf32>) -> tensor<2x3x4xf32> {
  %v = arith.constant dense<0.0> : tensor<6xf32>
  %s = arith.constant dense<[1.0, 2.0, 4.0, 3.0, 6.0, 12.0]> : tensor<6xf32>
  %0 = nn.bn_fold_weights %w, %v scale %s {channel_dims = array<i64: 1>, group_dim = 2 : i64, groups = 2 : i64, epsilon = 1.0 : f64}
      : (tensor<2x3x4xf32>, tensor<6xf32>, tensor<6xf32>) -> tensor<2x3x4xf32>
  return %0 : tensor<2x3x4xf32>
}

// A dynamic group dim (Cin = --dynamic-size).
func.func @dynamic_group_dim(%w: tensor<?x3x2xf32>) -> tensor<?x3x2xf32> {
  %v = arith.constant dense<0.0> : tensor<6xf32>
  %s = arith.constant dense<[1.0, 2.0, 4.0, 3.0, 6.0, 12.0]> : tensor<6xf32>
  %0 = nn.bn_fold_weights %w, %v scale %s {channel_dims = array<i64: 1>, group_dim = 0 : i64, groups = 2 : i64, epsilon = 1.0 : f64}
      : (tensor<?x3x2xf32>, tensor<6xf32>, tensor<6xf32>) -> tensor<?x3x2xf32>
  return %0 : tensor<?x3x2xf32>
}

// f16, with variance 3 + epsilon 1 (square root 2) and scale 2 * m.
func.func @onnx_layout_f16(%w: tensor<4x3x1x1xf16>) -> tensor<4x3x1x1xf16> {
  %v = arith.constant dense<3.0> : tensor<6xf16>
  %s = arith.constant dense<[2.0, 4.0, 8.0, 6.0, 12.0, 24.0]> : tensor<6xf16>
  %0 = nn.bn_fold_weights %w, %v scale %s {channel_dims = array<i64: 1>, group_dim = 0 : i64, groups = 2 : i64, epsilon = 1.0 : f64}
      : (tensor<4x3x1x1xf16>, tensor<6xf16>, tensor<6xf16>) -> tensor<4x3x1x1xf16>
  return %0 : tensor<4x3x1x1xf16>
}
