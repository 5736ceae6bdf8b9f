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

// -----

// f16 folds whose values are computed at run time must be provably in range
// (f16 holds 65504; the batch norm computes in f32). Here the weights are
// computed (about 1000) and variance 1e-4 scales by ~100: the folded weights
// would be ~1e5, inf in f16, while the unfolded network scales the layer's
// small output (its input is first multiplied by 0.001) and stays finite.
// CHECK-LABEL: func @no_fold_f16_runtime_weights_overflow
// CHECK: nn.batch_norm
// expected-remark@+1 {{folded 0 of 1 batch_norm ops}}
func.func @no_fold_f16_runtime_weights_overflow(%x: tensor<2x2xf16>, %w: tensor<2x2xf16>) -> tensor<2x2xf16> {
  %small = arith.constant dense<[[0.001, 0.0], [0.0, 0.001]]> : tensor<2x2xf16>
  %k = arith.constant dense<1000.0> : tensor<2x2xf16>
  %m = arith.constant dense<0.0> : tensor<2xf16>
  %v = arith.constant dense<1.0e-4> : tensor<2xf16>
  %xs = nn.matmul %x, %small : (tensor<2x2xf16>, tensor<2x2xf16>) -> tensor<2x2xf16>
  %wk = nn.add %w, %k : tensor<2x2xf16>
  %y = nn.matmul %xs, %wk : (tensor<2x2xf16>, tensor<2x2xf16>) -> tensor<2x2xf16>
  // expected-remark@+1 {{not folded: the weights of 'nn.matmul' are not constants: folded at run time, a weight above 655.094346 would overflow 'f16' (channel 0 is scaled by 99.9917041)}}
  %z = nn.batch_norm %y, %m, %v {epsilon = 0.0 : f64} : (tensor<2x2xf16>, tensor<2xf16>, tensor<2xf16>) -> tensor<2x2xf16>
  return %z : tensor<2x2xf16>
}

// -----

// A multiplier of at most 1 cannot push any f16 weight out of range: the
// same computed weights fold (multiplier 0.5).
// CHECK-LABEL: func @f16_runtime_weights_in_range
// CHECK: nn.bn_fold_weights
// CHECK-NOT: nn.batch_norm
// expected-remark@+1 {{folded 1 of 1 batch_norm ops}}
func.func @f16_runtime_weights_in_range(%x: tensor<2x2xf16>, %w: tensor<2x2xf16>) -> tensor<2x2xf16> {
  %small = arith.constant dense<[[0.001, 0.0], [0.0, 0.001]]> : tensor<2x2xf16>
  %k = arith.constant dense<1000.0> : tensor<2x2xf16>
  %m = arith.constant dense<0.25> : tensor<2xf16>
  %v = arith.constant dense<4.0> : tensor<2xf16>
  %xs = nn.matmul %x, %small : (tensor<2x2xf16>, tensor<2x2xf16>) -> tensor<2x2xf16>
  %wk = nn.add %w, %k : tensor<2x2xf16>
  %y = nn.matmul %xs, %wk : (tensor<2x2xf16>, tensor<2x2xf16>) -> tensor<2x2xf16>
  // expected-remark@+1 {{folded into 'nn.matmul'}}
  %z = nn.batch_norm %y, %m, %v {epsilon = 0.0 : f64} : (tensor<2x2xf16>, tensor<2xf16>, tensor<2xf16>) -> tensor<2x2xf16>
  return %z : tensor<2x2xf16>
}

// -----

// f16 statistics that are not constants: nothing bounds the multiplier.
// CHECK-LABEL: func @no_fold_f16_runtime_variance
// CHECK: nn.batch_norm
// expected-remark@+1 {{folded 0 of 1 batch_norm ops}}
func.func @no_fold_f16_runtime_variance(%x: tensor<2x3xf16>, %v: tensor<2xf16>) -> tensor<2x2xf16> {
  %w = arith.constant dense<0.5> : tensor<3x2xf16>
  %m = arith.constant dense<0.0> : tensor<2xf16>
  %y = nn.matmul %x, %w : (tensor<2x3xf16>, tensor<3x2xf16>) -> tensor<2x2xf16>
  %vp = nn.relu %v : tensor<2xf16>
  // expected-remark@+1 {{not folded: the folded weights would be computed at run time in 'f16' from a multiplier scale / sqrt(variance + epsilon) that is not a constant, and could overflow where the batch norm, computing in f32, does not}}
  %z = nn.batch_norm %y, %m, %vp {epsilon = 1.0 : f64} : (tensor<2x2xf16>, tensor<2xf16>, tensor<2xf16>) -> tensor<2x2xf16>
  return %z : tensor<2x2xf16>
}

// -----

// Constant weights and statistics but a run-time f16 mean: the folded bias
// (bias - mean) * 2 + offset is bounded by 65504 * 2, which may overflow.
// With a multiplier of 0.5 the bound is 32752 + 1: that one folds.
// CHECK-LABEL: func @no_fold_f16_runtime_mean
// CHECK: nn.batch_norm
// CHECK-LABEL: func @f16_runtime_mean_in_range
// CHECK: nn.bn_fold_bias
// CHECK-NOT: nn.batch_norm
// expected-remark@+1 {{folded 0 of 1 batch_norm ops}}
func.func @no_fold_f16_runtime_mean(%x: tensor<2x3xf16>, %m: tensor<2xf16>) -> tensor<2x2xf16> {
  %w = arith.constant dense<0.5> : tensor<3x2xf16>
  %v = arith.constant dense<0.25> : tensor<2xf16>
  %o = arith.constant dense<1.0> : tensor<2xf16>
  %y = nn.matmul %x, %w : (tensor<2x3xf16>, tensor<3x2xf16>) -> tensor<2x2xf16>
  // expected-remark@+1 {{not folded: the folded bias would be computed at run time and could overflow 'f16': (bias - mean) * 2 + offset can reach 131009 in channel 0}}
  %z = nn.batch_norm %y, %m, %v offset %o {epsilon = 0.0 : f64} : (tensor<2x2xf16>, tensor<2xf16>, tensor<2xf16>, tensor<2xf16>) -> tensor<2x2xf16>
  return %z : tensor<2x2xf16>
}
// expected-remark@+1 {{folded 1 of 1 batch_norm ops}}
func.func @f16_runtime_mean_in_range(%x: tensor<2x3xf16>, %m: tensor<2xf16>) -> tensor<2x2xf16> {
  %w = arith.constant dense<0.5> : tensor<3x2xf16>
  %v = arith.constant dense<4.0> : tensor<2xf16>
  %o = arith.constant dense<1.0> : tensor<2xf16>
  %y = nn.matmul %x, %w : (tensor<2x3xf16>, tensor<3x2xf16>) -> tensor<2x2xf16>
  // expected-remark@+1 {{folded into 'nn.matmul'}}
  %z = nn.batch_norm %y, %m, %v offset %o {epsilon = 0.0 : f64} : (tensor<2x2xf16>, tensor<2xf16>, tensor<2xf16>, tensor<2xf16>) -> tensor<2x2xf16>
  return %z : tensor<2x2xf16>
}
