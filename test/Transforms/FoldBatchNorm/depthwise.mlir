// RUN: bnfold-opt %s --fold-batchnorm=report -split-input-file -verify-diagnostics | FileCheck %s
// Execution check: the original and the folded functions compute the same
// results on pseudo-random inputs (the expected-* comments are only checked
// by the first RUN line).
// RUN: bnfold-opt %s --fold-batchnorm -o %t 2>/dev/null
// RUN: bnfold-run --compare --all-functions %s %t | FileCheck %s --check-prefix=EXEC
// EXEC-NOT: MISMATCH
// EXEC: compare all: OK

// Four output channels c * M + m with multiplier [1, 2, 0.5, 4]:
// variance [0, 3, 15, 0] + epsilon 1 -> sqrt [1, 2, 4, 1]; scale [1, 4, 2, 4].
// Bias = -mean * multiplier = [0, -2, -1, -12].

// HWCM filter [1, 1, C=2, M=2]: channels flatten dims 2 and 3.
// CHECK-LABEL: func @depthwise_nhwc_multiplier2
// CHECK-DAG: %[[W:.*]] = arith.constant dense<{{\[\[\[\[}}1.000000e+00, 4.000000e+00], [1.500000e+00, 1.600000e+01]]]]> : tensor<1x1x2x2xf32>
// CHECK-DAG: %[[B:.*]] = arith.constant dense<[0.000000e+00, -2.000000e+00, -1.000000e+00, -1.200000e+01]> : tensor<4xf32>
// CHECK: nn.depthwise_conv2d nhwc %arg0, %[[W]], %[[B]]
// CHECK-NOT: nn.batch_norm
// expected-remark@+1 {{folded 1 of 1 batch_norm ops}}
func.func @depthwise_nhwc_multiplier2(%x: tensor<1x3x3x2xf32>) -> tensor<1x3x3x4xf32> {
  %w = arith.constant dense<[[[[1.0, 2.0], [3.0, 4.0]]]]> : tensor<1x1x2x2xf32>
  %mean = arith.constant dense<[0.0, 1.0, 2.0, 3.0]> : tensor<4xf32>
  %var = arith.constant dense<[0.0, 3.0, 15.0, 0.0]> : tensor<4xf32>
  %scale = arith.constant dense<[1.0, 4.0, 2.0, 4.0]> : tensor<4xf32>
  %y = nn.depthwise_conv2d nhwc %x, %w : (tensor<1x3x3x2xf32>, tensor<1x1x2x2xf32>) -> tensor<1x3x3x4xf32>
  // expected-remark@+1 {{folded into 'nn.depthwise_conv2d'}}
  %z = nn.batch_norm nhwc %y, %mean, %var scale %scale {epsilon = 1.0 : f64}
      : (tensor<1x3x3x4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x3x3x4xf32>
  return %z : tensor<1x3x3x4xf32>
}

// -----

// [C * M, 1, H, W] filter: channels are dim 0.
// CHECK-LABEL: func @depthwise_nchw_multiplier2
// CHECK-DAG: %[[W:.*]] = arith.constant dense<{{\[\[\[\[}}1.000000e+00]]], {{\[\[\[}}4.000000e+00]]], {{\[\[\[}}1.500000e+00]]], {{\[\[\[}}1.600000e+01]]]]> : tensor<4x1x1x1xf32>
// CHECK-DAG: %[[B:.*]] = arith.constant dense<[0.000000e+00, -2.000000e+00, -1.000000e+00, -1.200000e+01]> : tensor<4xf32>
// CHECK: nn.depthwise_conv2d nchw %arg0, %[[W]], %[[B]]
// expected-remark@+1 {{folded 1 of 1 batch_norm ops}}
func.func @depthwise_nchw_multiplier2(%x: tensor<?x2x3x3xf32>) -> tensor<?x4x3x3xf32> {
  %w = arith.constant dense<[[[[1.0]]], [[[2.0]]], [[[3.0]]], [[[4.0]]]]> : tensor<4x1x1x1xf32>
  %mean = arith.constant dense<[0.0, 1.0, 2.0, 3.0]> : tensor<4xf32>
  %var = arith.constant dense<[0.0, 3.0, 15.0, 0.0]> : tensor<4xf32>
  %scale = arith.constant dense<[1.0, 4.0, 2.0, 4.0]> : tensor<4xf32>
  %y = nn.depthwise_conv2d nchw %x, %w : (tensor<?x2x3x3xf32>, tensor<4x1x1x1xf32>) -> tensor<?x4x3x3xf32>
  // expected-remark@+1 {{folded into 'nn.depthwise_conv2d'}}
  %z = nn.batch_norm nchw %y, %mean, %var scale %scale {epsilon = 1.0 : f64}
      : (tensor<?x4x3x3xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<?x4x3x3xf32>
  return %z : tensor<?x4x3x3xf32>
}

// -----

// Multiplier 1 in both layouts, with a 3x3 splat filter, padding and stride:
// the splat is expanded and scaled per channel ([1, 2]).
// CHECK-LABEL: func @depthwise_nhwc_multiplier1
// CHECK-DAG: %[[W:.*]] = arith.constant dense<{{\[\[\[\[}}5.000000e-01], [1.000000e+00]], {{.*}}]]]> : tensor<3x3x2x1xf32>
// CHECK: nn.depthwise_conv2d nhwc %arg0, %[[W]], %{{.*}} {padding = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>}
// CHECK-LABEL: func @depthwise_nchw_multiplier1
// CHECK-DAG: %[[W:.*]] = arith.constant dense<{{\[\[\[\[}}5.000000e-01, 5.000000e-01, 5.000000e-01], {{.*}}1.000000e+00, 1.000000e+00, 1.000000e+00]]]]> : tensor<2x1x3x3xf32>
// CHECK: nn.depthwise_conv2d nchw %arg0, %[[W]], %{{.*}} {dilations = array<i64: 2, 2>, padding = array<i64: 2, 2, 2, 2>}
// expected-remark@+1 {{folded 1 of 1 batch_norm ops}}
func.func @depthwise_nhwc_multiplier1(%x: tensor<1x4x4x2xf32>) -> tensor<1x2x2x2xf32> {
  %w = arith.constant dense<0.5> : tensor<3x3x2x1xf32>
  %mean = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %var = arith.constant dense<[3.0, 15.0]> : tensor<2xf32>
  %scale = arith.constant dense<[2.0, 8.0]> : tensor<2xf32>
  %y = nn.depthwise_conv2d nhwc %x, %w {strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>}
      : (tensor<1x4x4x2xf32>, tensor<3x3x2x1xf32>) -> tensor<1x2x2x2xf32>
  // expected-remark@+1 {{folded into 'nn.depthwise_conv2d'}}
  %z = nn.batch_norm nhwc %y, %mean, %var scale %scale {epsilon = 1.0 : f64}
      : (tensor<1x2x2x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  return %z : tensor<1x2x2x2xf32>
}
// expected-remark@+1 {{folded 1 of 1 batch_norm ops}}
func.func @depthwise_nchw_multiplier1(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %w = arith.constant dense<0.5> : tensor<2x1x3x3xf32>
  %mean = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %var = arith.constant dense<[3.0, 15.0]> : tensor<2xf32>
  %scale = arith.constant dense<[2.0, 8.0]> : tensor<2xf32>
  %y = nn.depthwise_conv2d nchw %x, %w {dilations = array<i64: 2, 2>, padding = array<i64: 2, 2, 2, 2>}
      : (tensor<1x2x4x4xf32>, tensor<2x1x3x3xf32>) -> tensor<1x2x4x4xf32>
  // expected-remark@+1 {{folded into 'nn.depthwise_conv2d'}}
  %z = nn.batch_norm nchw %y, %mean, %var scale %scale {epsilon = 1.0 : f64}
      : (tensor<1x2x4x4xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  return %z : tensor<1x2x4x4xf32>
}
