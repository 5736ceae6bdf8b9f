// RUN: bnfold-opt %s --fold-batchnorm=report -split-input-file -verify-diagnostics | FileCheck %s
// Execution check: the original and the folded functions compute the same
// results on pseudo-random inputs (the expected-* comments are only checked
// by the first RUN line).
// RUN: bnfold-opt %s --fold-batchnorm -o %t 2>/dev/null
// RUN: bnfold-run --compare --all-functions %s %t | FileCheck %s --check-prefix=EXEC
// EXEC-NOT: MISMATCH
// EXEC: compare all: OK

// Batch-norm parameters and weights that are not constants (function
// arguments) still fold: the pass emits nn.bn_fold_weights / nn.bn_fold_bias,
// which compute the folded parameters at run time, as TensorFlow's rewriter
// does; constant folding finishes the job once they become constants.

// CHECK-LABEL: func @runtime_params
// CHECK-SAME: (%[[X:.*]]: tensor<1x4x4x2xf32>, %[[W:.*]]: tensor<3x3x2x8xf32>, %[[M:.*]]: tensor<8xf32>, %[[V:.*]]: tensor<8xf32>, %[[S:.*]]: tensor<8xf32>, %[[O:.*]]: tensor<8xf32>)
// CHECK: %[[FW:.*]] = nn.bn_fold_weights %[[W]], %[[V]] scale %[[S]] {channel_dims = array<i64: 3>, epsilon = 1.000000e-03 : f64}
// CHECK: %[[FB:.*]] = nn.bn_fold_bias %[[M]], %[[V]] scale %[[S]] offset %[[O]] {epsilon = 1.000000e-03 : f64}
// CHECK: %[[Y:.*]] = nn.conv2d nhwc %[[X]], %[[FW]], %[[FB]]
// CHECK-NOT: nn.batch_norm
// CHECK: return %[[Y]]
// expected-remark@+1 {{folded 1 of 1 batch_norm ops}}
func.func @runtime_params(%x: tensor<1x4x4x2xf32>, %w: tensor<3x3x2x8xf32>, %mean: tensor<8xf32>,
                          %var: tensor<8xf32>, %scale: tensor<8xf32>, %offset: tensor<8xf32>) -> tensor<1x2x2x8xf32> {
  %y = nn.conv2d nhwc %x, %w : (tensor<1x4x4x2xf32>, tensor<3x3x2x8xf32>) -> tensor<1x2x2x8xf32>
  // expected-remark@+1 {{folded into 'nn.conv2d'}}
  %z = nn.batch_norm nhwc %y, %mean, %var scale %scale offset %offset {epsilon = 1.0e-3 : f64}
      : (tensor<1x2x2x8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<1x2x2x8xf32>
  return %z : tensor<1x2x2x8xf32>
}

// -----

// Constant weights but run-time statistics; the layer's bias enters
// bn_fold_bias. NHWC depthwise filters scale over dims [2, 3].
// CHECK-LABEL: func @runtime_stats_depthwise
// CHECK: nn.bn_fold_weights %{{.*}}, %arg2 {channel_dims = array<i64: 2, 3>}
// CHECK: nn.bn_fold_bias %arg1, %arg2 bias %{{.*}} :
// CHECK: nn.depthwise_conv2d nhwc
// expected-remark@+1 {{folded 1 of 1 batch_norm ops}}
func.func @runtime_stats_depthwise(%x: tensor<1x4x4x2xf32>, %mean: tensor<4xf32>, %var: tensor<4xf32>) -> tensor<1x4x4x4xf32> {
  %w = arith.constant dense<0.5> : tensor<1x1x2x2xf32>
  %b = arith.constant dense<0.25> : tensor<4xf32>
  %y = nn.depthwise_conv2d nhwc %x, %w, %b : (tensor<1x4x4x2xf32>, tensor<1x1x2x2xf32>, tensor<4xf32>) -> tensor<1x4x4x4xf32>
  // expected-remark@+1 {{folded into 'nn.depthwise_conv2d'}}
  %z = nn.batch_norm %y, %mean, %var : (tensor<1x4x4x4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x4x4xf32>
  return %z : tensor<1x4x4x4xf32>
}

// -----

// The statistics are computed after the layer (here: from another input);
// the folded parameters are emitted at the batch norm, where they dominate.
// CHECK-LABEL: func @params_defined_after_layer
// CHECK: nn.relu
// CHECK: nn.bn_fold_weights
// CHECK: nn.conv2d
// CHECK-NOT: nn.batch_norm
// expected-remark@+1 {{folded 1 of 1 batch_norm ops}}
func.func @params_defined_after_layer(%x: tensor<1x4x4x2xf32>, %v: tensor<2xf32>) -> tensor<1x4x4x2xf32> {
  %w = arith.constant dense<0.5> : tensor<1x1x2x2xf32>
  %y = nn.conv2d nhwc %x, %w : (tensor<1x4x4x2xf32>, tensor<1x1x2x2xf32>) -> tensor<1x4x4x2xf32>
  %var = nn.relu %v : tensor<2xf32>
  // expected-remark@+1 {{folded into 'nn.conv2d'}}
  %z = nn.batch_norm %y, %v, %var : (tensor<1x4x4x2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x4x4x2xf32>
  return %z : tensor<1x4x4x2xf32>
}
