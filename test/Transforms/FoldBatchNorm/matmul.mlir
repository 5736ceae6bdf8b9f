// RUN: bnfold-opt %s --fold-batchnorm=report -split-input-file -verify-diagnostics | FileCheck %s
// Execution check: the original and the folded functions compute the same
// results on pseudo-random inputs (the expected-* comments are only checked
// by the first RUN line).
// RUN: bnfold-opt %s --fold-batchnorm -o %t 2>/dev/null
// RUN: bnfold-run --compare --all-functions %s %t | FileCheck %s --check-prefix=EXEC
// EXEC-NOT: MISMATCH
// EXEC: compare all: OK

// Multiplier [1, 2] (variance [3, 15] + 1, scale [2, 8]); bias -mean*[1, 2]
// + offset = [-0.5, -5].

// rhs [K, N]: output channels are dim 1.
// CHECK-LABEL: func @matmul
// CHECK-DAG: %[[W:.*]] = arith.constant dense<{{\[\[}}1.000000e+00, 4.000000e+00], [3.000000e+00, 8.000000e+00], [5.000000e+00, 1.200000e+01]]> : tensor<3x2xf32>
// CHECK-DAG: %[[B:.*]] = arith.constant dense<[-5.000000e-01, -5.000000e+00]> : tensor<2xf32>
// CHECK: %[[Y:.*]] = nn.matmul %arg0, %[[W]], %[[B]] : (tensor<?x3xf32>, tensor<3x2xf32>, tensor<2xf32>) -> tensor<?x2xf32>
// CHECK: return %[[Y]]
// expected-remark@+1 {{folded 1 of 1 batch_norm ops}}
func.func @matmul(%x: tensor<?x3xf32>) -> tensor<?x2xf32> {
  %w = arith.constant dense<[[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]> : tensor<3x2xf32>
  %mean = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %var = arith.constant dense<[3.0, 15.0]> : tensor<2xf32>
  %scale = arith.constant dense<[2.0, 8.0]> : tensor<2xf32>
  %offset = arith.constant dense<[0.5, -1.0]> : tensor<2xf32>
  %y = nn.matmul %x, %w : (tensor<?x3xf32>, tensor<3x2xf32>) -> tensor<?x2xf32>
  // expected-remark@+1 {{folded into 'nn.matmul'}}
  %z = nn.batch_norm %y, %mean, %var scale %scale offset %offset {epsilon = 1.0 : f64}
      : (tensor<?x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<?x2xf32>
  return %z : tensor<?x2xf32>
}

// -----

// rhs [N, K] with transpose_rhs: output channels are dim 0; lhs has a batch
// dim and is transposed too.
// CHECK-LABEL: func @matmul_transposed
// CHECK-DAG: %[[W:.*]] = arith.constant dense<{{\[\[}}1.000000e+00, 3.000000e+00, 5.000000e+00], [4.000000e+00, 8.000000e+00, 1.200000e+01]]> : tensor<2x3xf32>
// CHECK: nn.matmul %arg0, %[[W]], %{{.*}} {transpose_lhs, transpose_rhs} : (tensor<5x3x4xf32>, tensor<2x3xf32>, tensor<2xf32>) -> tensor<5x4x2xf32>
// expected-remark@+1 {{folded 1 of 1 batch_norm ops}}
func.func @matmul_transposed(%x: tensor<5x3x4xf32>) -> tensor<5x4x2xf32> {
  %w = arith.constant dense<[[1.0, 3.0, 5.0], [2.0, 4.0, 6.0]]> : tensor<2x3xf32>
  %mean = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %var = arith.constant dense<[3.0, 15.0]> : tensor<2xf32>
  %scale = arith.constant dense<[2.0, 8.0]> : tensor<2xf32>
  %y = nn.matmul %x, %w {transpose_lhs, transpose_rhs} : (tensor<5x3x4xf32>, tensor<2x3xf32>) -> tensor<5x4x2xf32>
  // expected-remark@+1 {{folded into 'nn.matmul'}}
  %z = nn.batch_norm %y, %mean, %var scale %scale {epsilon = 1.0 : f64}
      : (tensor<5x4x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<5x4x2xf32>
  return %z : tensor<5x4x2xf32>
}

// -----

// TensorFlow's fully-connected batch norm: matmul -> reshape to 4-D ->
// batch_norm -> reshape back. The fold goes through the reshape and the two
// reshapes then cancel.
// CHECK-LABEL: func @matmul_reshape_nhwc
// CHECK-DAG: %[[W:.*]] = arith.constant dense<{{\[\[}}1.000000e+00, 4.000000e+00], [3.000000e+00, 8.000000e+00], [5.000000e+00, 1.200000e+01]]> : tensor<3x2xf32>
// CHECK: %[[Y:.*]] = nn.matmul %arg0, %[[W]], %{{.*}} : (tensor<?x3xf32>, tensor<3x2xf32>, tensor<2xf32>) -> tensor<?x2xf32>
// CHECK-NOT: nn.reshape
// CHECK: return %[[Y]]
// expected-remark@+1 {{folded 1 of 1 batch_norm ops}}
func.func @matmul_reshape_nhwc(%x: tensor<?x3xf32>) -> tensor<?x2xf32> {
  %w = arith.constant dense<[[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]> : tensor<3x2xf32>
  %mean = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %var = arith.constant dense<[3.0, 15.0]> : tensor<2xf32>
  %scale = arith.constant dense<[2.0, 8.0]> : tensor<2xf32>
  %y = nn.matmul %x, %w : (tensor<?x3xf32>, tensor<3x2xf32>) -> tensor<?x2xf32>
  %r = nn.reshape %y : (tensor<?x2xf32>) -> tensor<?x1x1x2xf32>
  // expected-remark@+1 {{folded into 'nn.matmul' through 'nn.reshape'}}
  %z = nn.batch_norm nhwc %r, %mean, %var scale %scale {epsilon = 1.0 : f64}
      : (tensor<?x1x1x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<?x1x1x2xf32>
  %back = nn.reshape %z : (tensor<?x1x1x2xf32>) -> tensor<?x2xf32>
  return %back : tensor<?x2xf32>
}

// -----

// NCHW: [B, N] -> [B, N, 1, 1]; without the trailing reshape the folded
// matmul is reshaped.
// CHECK-LABEL: func @matmul_reshape_nchw
// CHECK: %[[Y:.*]] = nn.matmul %arg0, %{{.*}}, %{{.*}} {transpose_rhs}
// CHECK: %[[R:.*]] = nn.reshape %[[Y]] : (tensor<4x2xf32>) -> tensor<4x2x1x1xf32>
// CHECK: return %[[R]]
// expected-remark@+1 {{folded 1 of 1 batch_norm ops}}
func.func @matmul_reshape_nchw(%x: tensor<4x3xf32>) -> tensor<4x2x1x1xf32> {
  %w = arith.constant dense<[[1.0, 3.0, 5.0], [2.0, 4.0, 6.0]]> : tensor<2x3xf32>
  %mean = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %var = arith.constant dense<[3.0, 15.0]> : tensor<2xf32>
  %y = nn.matmul %x, %w {transpose_rhs} : (tensor<4x3xf32>, tensor<2x3xf32>) -> tensor<4x2xf32>
  %r = nn.reshape %y : (tensor<4x2xf32>) -> tensor<4x2x1x1xf32>
  // expected-remark@+1 {{folded into 'nn.matmul' through 'nn.reshape'}}
  %z = nn.batch_norm nchw %r, %mean, %var {epsilon = 1.0 : f64}
      : (tensor<4x2x1x1xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<4x2x1x1xf32>
  return %z : tensor<4x2x1x1xf32>
}
