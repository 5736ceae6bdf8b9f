// RUN: bnfold-opt %s --fold-batchnorm=report -split-input-file -verify-diagnostics | FileCheck %s
// Execution check: the original and the folded functions compute the same
// results on pseudo-random inputs (the expected-* comments are only checked
// by the first RUN line).
// RUN: bnfold-opt %s --fold-batchnorm -o %t 2>/dev/null
// RUN: bnfold-run --compare --all-functions %s %t | FileCheck %s --check-prefix=EXEC
// EXEC-NOT: MISMATCH
// EXEC: compare all: OK

// Hand-computed case used throughout: variance [3, 15] + epsilon 1 = [4, 16],
// sqrt = [2, 4]; scale [2, 8] gives the per-channel multiplier [1, 2];
// mean [1, 2], offset [0.5, -1] give bias (b - mean) * [1, 2] + offset.

// CHECK-LABEL: func @conv2d_nhwc
// CHECK-DAG: %[[W:.*]] = arith.constant dense<{{\[\[\[\[}}1.000000e+00, 4.000000e+00], [3.000000e+00, 8.000000e+00]]]]> : tensor<1x1x2x2xf32>
// CHECK-DAG: %[[B:.*]] = arith.constant dense<[-5.000000e-01, -5.000000e+00]> : tensor<2xf32>
// CHECK: %[[Y:.*]] = nn.conv2d nhwc %arg0, %[[W]], %[[B]] :
// CHECK-NOT: nn.batch_norm
// CHECK-NOT: nn.bn_fold
// CHECK: return %[[Y]]
// expected-remark@+1 {{folded 1 of 1 batch_norm ops}}
func.func @conv2d_nhwc(%x: tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32> {
  %w = arith.constant dense<[[[[1.0, 2.0], [3.0, 4.0]]]]> : tensor<1x1x2x2xf32>
  %mean = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %var = arith.constant dense<[3.0, 15.0]> : tensor<2xf32>
  %scale = arith.constant dense<[2.0, 8.0]> : tensor<2xf32>
  %offset = arith.constant dense<[0.5, -1.0]> : tensor<2xf32>
  %y = nn.conv2d nhwc %x, %w : (tensor<1x4x4x2xf32>, tensor<1x1x2x2xf32>) -> tensor<1x4x4x2xf32>
  // expected-remark@+1 {{folded into 'nn.conv2d'}}
  %z = nn.batch_norm nhwc %y, %mean, %var scale %scale offset %offset {epsilon = 1.0 : f64}
      : (tensor<1x4x4x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x4x4x2xf32>
  return %z : tensor<1x4x4x2xf32>
}

// -----

// OIHW: output channel 1 is the second row [3, 4] -> [6, 8]. The layer's own
// bias [3, 1] becomes [(3-1)*1+0.5, (1-2)*2-1] = [2.5, -3].
// CHECK-LABEL: func @conv2d_nchw_with_bias
// CHECK-DAG: %[[W:.*]] = arith.constant dense<{{\[\[\[\[}}1.000000e+00]], {{\[\[}}2.000000e+00]]], {{\[\[\[}}6.000000e+00]], {{\[\[}}8.000000e+00]]]]> : tensor<2x2x1x1xf32>
// CHECK-DAG: %[[B:.*]] = arith.constant dense<[2.500000e+00, -3.000000e+00]> : tensor<2xf32>
// CHECK: nn.conv2d nchw %arg0, %[[W]], %[[B]] {padding = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>}
// CHECK-NOT: nn.batch_norm
// expected-remark@+1 {{folded 1 of 1 batch_norm ops}}
func.func @conv2d_nchw_with_bias(%x: tensor<?x2x4x4xf32>) -> tensor<?x2x3x3xf32> {
  %w = arith.constant dense<[[[[1.0]], [[2.0]]], [[[3.0]], [[4.0]]]]> : tensor<2x2x1x1xf32>
  %b = arith.constant dense<[3.0, 1.0]> : tensor<2xf32>
  %mean = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %var = arith.constant dense<[3.0, 15.0]> : tensor<2xf32>
  %scale = arith.constant dense<[2.0, 8.0]> : tensor<2xf32>
  %offset = arith.constant dense<[0.5, -1.0]> : tensor<2xf32>
  %y = nn.conv2d nchw %x, %w, %b {strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>}
      : (tensor<?x2x4x4xf32>, tensor<2x2x1x1xf32>, tensor<2xf32>) -> tensor<?x2x3x3xf32>
  // expected-remark@+1 {{folded into 'nn.conv2d'}}
  %z = nn.batch_norm nchw %y, %mean, %var scale %scale offset %offset {epsilon = 1.0 : f64}
      : (tensor<?x2x3x3xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<?x2x3x3xf32>
  return %z : tensor<?x2x3x3xf32>
}

// -----

// Grouped: 4 input channels in 2 groups, one output channel per group. The
// batch norm uses an explicit axis instead of a layout.
// CHECK-LABEL: func @conv2d_grouped_nchw
// CHECK-DAG: %[[W:.*]] = arith.constant dense<{{\[\[\[\[}}1.000000e+00]], {{\[\[}}2.000000e+00]]], {{\[\[\[}}6.000000e+00]], {{\[\[}}8.000000e+00]]]]> : tensor<2x2x1x1xf32>
// CHECK-DAG: %[[B:.*]] = arith.constant dense<[-5.000000e-01, -5.000000e+00]> : tensor<2xf32>
// CHECK: nn.conv2d nchw %arg0, %[[W]], %[[B]] {groups = 2 : i64}
// expected-remark@+1 {{folded 1 of 1 batch_norm ops}}
func.func @conv2d_grouped_nchw(%x: tensor<1x4x3x3xf32>) -> tensor<1x2x3x3xf32> {
  %w = arith.constant dense<[[[[1.0]], [[2.0]]], [[[3.0]], [[4.0]]]]> : tensor<2x2x1x1xf32>
  %mean = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %var = arith.constant dense<[3.0, 15.0]> : tensor<2xf32>
  %scale = arith.constant dense<[2.0, 8.0]> : tensor<2xf32>
  %offset = arith.constant dense<[0.5, -1.0]> : tensor<2xf32>
  %y = nn.conv2d nchw %x, %w {groups = 2 : i64} : (tensor<1x4x3x3xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x3x3xf32>
  // expected-remark@+1 {{folded into 'nn.conv2d'}}
  %z = nn.batch_norm %y, %mean, %var scale %scale offset %offset {axis = 1 : i64, epsilon = 1.0 : f64}
      : (tensor<1x2x3x3xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x3x3xf32>
  return %z : tensor<1x2x3x3xf32>
}

// -----

// Grouped HWIO: [1, 1, Cin/groups = 1, Cout = 2].
// CHECK-LABEL: func @conv2d_grouped_nhwc
// CHECK-DAG: %[[W:.*]] = arith.constant dense<{{\[\[\[\[}}5.000000e+00, 1.400000e+01]]]]> : tensor<1x1x1x2xf32>
// CHECK: nn.conv2d nhwc %arg0, %[[W]], %{{.*}} {groups = 2 : i64}
// expected-remark@+1 {{folded 1 of 1 batch_norm ops}}
func.func @conv2d_grouped_nhwc(%x: tensor<1x3x3x2xf32>) -> tensor<1x3x3x2xf32> {
  %w = arith.constant dense<[[[[5.0, 7.0]]]]> : tensor<1x1x1x2xf32>
  %mean = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %var = arith.constant dense<[3.0, 15.0]> : tensor<2xf32>
  %scale = arith.constant dense<[2.0, 8.0]> : tensor<2xf32>
  %y = nn.conv2d nhwc %x, %w {groups = 2 : i64} : (tensor<1x3x3x2xf32>, tensor<1x1x1x2xf32>) -> tensor<1x3x3x2xf32>
  // expected-remark@+1 {{folded into 'nn.conv2d'}}
  %z = nn.batch_norm nhwc %y, %mean, %var scale %scale {epsilon = 1.0 : f64}
      : (tensor<1x3x3x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x3x3x2xf32>
  return %z : tensor<1x3x3x2xf32>
}

// -----

// No scale: the multiplier is 1 / sqrt(variance + epsilon) = [0.5, 0.25].
// No offset: the bias is -mean * multiplier = [-0.5, -0.5].
// CHECK-LABEL: func @conv2d_no_scale_no_offset
// CHECK-DAG: arith.constant dense<{{\[\[\[\[}}5.000000e-01, 5.000000e-01], [1.500000e+00, 1.000000e+00]]]]> : tensor<1x1x2x2xf32>
// CHECK-DAG: arith.constant dense<-5.000000e-01> : tensor<2xf32>
// expected-remark@+1 {{folded 1 of 1 batch_norm ops}}
func.func @conv2d_no_scale_no_offset(%x: tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32> {
  %w = arith.constant dense<[[[[1.0, 2.0], [3.0, 4.0]]]]> : tensor<1x1x2x2xf32>
  %mean = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %var = arith.constant dense<[3.0, 15.0]> : tensor<2xf32>
  %y = nn.conv2d nhwc %x, %w : (tensor<1x4x4x2xf32>, tensor<1x1x2x2xf32>) -> tensor<1x4x4x2xf32>
  // expected-remark@+1 {{folded into 'nn.conv2d'}}
  %z = nn.batch_norm %y, %mean, %var {epsilon = 1.0 : f64}
      : (tensor<1x4x4x2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x4x4x2xf32>
  return %z : tensor<1x4x4x2xf32>
}

// -----

// Scale but no offset; offset but no scale.
// CHECK-LABEL: func @conv2d_scale_only
// CHECK-DAG: arith.constant dense<[-1.000000e+00, -4.000000e+00]> : tensor<2xf32>
// CHECK-LABEL: func @conv2d_offset_only
// CHECK-DAG: arith.constant dense<{{\[\[\[\[}}5.000000e-01, 5.000000e-01], [1.500000e+00, 1.000000e+00]]]]> : tensor<1x1x2x2xf32>
// CHECK-DAG: arith.constant dense<[0.000000e+00, -1.500000e+00]> : tensor<2xf32>
// expected-remark@+1 {{folded 1 of 1 batch_norm ops}}
func.func @conv2d_scale_only(%x: tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32> {
  %w = arith.constant dense<[[[[1.0, 2.0], [3.0, 4.0]]]]> : tensor<1x1x2x2xf32>
  %mean = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %var = arith.constant dense<[3.0, 15.0]> : tensor<2xf32>
  %scale = arith.constant dense<[2.0, 8.0]> : tensor<2xf32>
  %y = nn.conv2d nhwc %x, %w : (tensor<1x4x4x2xf32>, tensor<1x1x2x2xf32>) -> tensor<1x4x4x2xf32>
  // expected-remark@+1 {{folded into 'nn.conv2d'}}
  %z = nn.batch_norm %y, %mean, %var scale %scale {epsilon = 1.0 : f64}
      : (tensor<1x4x4x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x4x4x2xf32>
  return %z : tensor<1x4x4x2xf32>
}
// expected-remark@+1 {{folded 1 of 1 batch_norm ops}}
func.func @conv2d_offset_only(%x: tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32> {
  %w = arith.constant dense<[[[[1.0, 2.0], [3.0, 4.0]]]]> : tensor<1x1x2x2xf32>
  %mean = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %var = arith.constant dense<[3.0, 15.0]> : tensor<2xf32>
  %offset = arith.constant dense<[0.5, -1.0]> : tensor<2xf32>
  %y = nn.conv2d nhwc %x, %w : (tensor<1x4x4x2xf32>, tensor<1x1x2x2xf32>) -> tensor<1x4x4x2xf32>
  // expected-remark@+1 {{folded into 'nn.conv2d'}}
  %z = nn.batch_norm %y, %mean, %var offset %offset {epsilon = 1.0 : f64}
      : (tensor<1x4x4x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x4x4x2xf32>
  return %z : tensor<1x4x4x2xf32>
}
