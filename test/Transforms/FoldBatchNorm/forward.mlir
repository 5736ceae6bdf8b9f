// RUN: bnfold-opt %s --fold-batchnorm=report -split-input-file -verify-diagnostics | FileCheck %s
// Execution check: the original and the folded functions compute the same
// results on pseudo-random inputs (the expected-* comments are only checked
// by the first RUN line; test/Execution/fold-forward.mlir has the borders).
// RUN: bnfold-opt %s --fold-batchnorm -o %t 2>/dev/null
// RUN: bnfold-run --compare --all-functions %s %t | FileCheck %s --check-prefix=EXEC
// EXEC-NOT: MISMATCH
// EXEC: compare all: OK

// A batch norm that cannot fold into its producer folds into the layers
// that read it: W'[o, i] = W[o, i] * s[i], b'[o] = b[o] + sum W[o, i] * t[i].
// Here variance [3, 0] + epsilon 1 -> sqrt [2, 1]; scale [2, -1] -> s = [1,
// -1]; t = offset - mean * s = [0 - 1, 3 - 0] = [-1, 3].
// W = [1, 2] -> [1, -2]; b = 0.5 + 1 * -1 + 2 * 3 = 5.5.
// CHECK-LABEL: func @fold_forward_conv2d
// CHECK-DAG: %[[W:.*]] = arith.constant dense<{{\[\[\[\[}}1.000000e+00]], {{\[\[}}-2.000000e+00]]]]> : tensor<1x2x1x1xf32>
// CHECK-DAG: %[[B:.*]] = arith.constant dense<5.500000e+00> : tensor<1xf32>
// CHECK: nn.conv2d nchw %arg0, %[[W]], %[[B]] :
// CHECK-NOT: nn.batch_norm
// expected-remark@+1 {{folded 1 of 1 batch_norm ops}}
func.func @fold_forward_conv2d(%x: tensor<1x2x3x3xf32>) -> tensor<1x1x3x3xf32> {
  %w = arith.constant dense<[[[[1.0]], [[2.0]]]]> : tensor<1x2x1x1xf32>
  %b = arith.constant dense<0.5> : tensor<1xf32>
  %mean = arith.constant dense<[1.0, 0.0]> : tensor<2xf32>
  %var = arith.constant dense<[3.0, 0.0]> : tensor<2xf32>
  %scale = arith.constant dense<[2.0, -1.0]> : tensor<2xf32>
  %offset = arith.constant dense<[0.0, 3.0]> : tensor<2xf32>
  // expected-remark@+1 {{folded into 'nn.conv2d'}}
  %y = nn.batch_norm nchw %x, %mean, %var scale %scale offset %offset {epsilon = 1.0 : f64}
      : (tensor<1x2x3x3xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x3x3xf32>
  %z = nn.conv2d nchw %y, %w, %b : (tensor<1x2x3x3xf32>, tensor<1x2x1x1xf32>, tensor<1xf32>) -> tensor<1x1x3x3xf32>
  return %z : tensor<1x1x3x3xf32>
}

// -----

// The same batch norm before a padded convolution: the padding moves onto
// an nn.pad whose value in channel c is -t[c] / s[c] = [1, 3], which the
// batch norm maps to 0, and the convolution is unpadded.
// CHECK-LABEL: func @fold_forward_padded
// CHECK-DAG: %[[P:.*]] = arith.constant dense<[1.000000e+00, 3.000000e+00]> : tensor<2xf32>
// CHECK: %[[X:.*]] = nn.pad nchw %arg0, %[[P]] {padding = array<i64: 1, 0, 2, 1>} : (tensor<1x2x3x3xf32>, tensor<2xf32>) -> tensor<1x2x4x6xf32>
// CHECK: nn.conv2d nchw %[[X]], %{{.*}}, %{{.*}} : (tensor<1x2x4x6xf32>, tensor<1x2x3x3xf32>, tensor<1xf32>) -> tensor<1x1x2x4xf32>
// CHECK-NOT: nn.batch_norm
// expected-remark@+1 {{folded 1 of 1 batch_norm ops}}
func.func @fold_forward_padded(%x: tensor<1x2x3x3xf32>) -> tensor<1x1x2x4xf32> {
  %w = arith.constant dense<[[[[1.0, -2.0, 0.5], [0.25, 1.0, -1.0], [2.0, 0.0, 1.5]],
                              [[-0.5, 1.0, 3.0], [1.0, -1.5, 0.75], [0.5, 2.0, -1.0]]]]> : tensor<1x2x3x3xf32>
  %b = arith.constant dense<0.5> : tensor<1xf32>
  %mean = arith.constant dense<[1.0, 0.0]> : tensor<2xf32>
  %var = arith.constant dense<[3.0, 0.0]> : tensor<2xf32>
  %scale = arith.constant dense<[2.0, -1.0]> : tensor<2xf32>
  %offset = arith.constant dense<[0.0, 3.0]> : tensor<2xf32>
  // expected-remark@+1 {{folded into 'nn.conv2d'}}
  %y = nn.batch_norm nchw %x, %mean, %var scale %scale offset %offset {epsilon = 1.0 : f64}
      : (tensor<1x2x3x3xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x3x3xf32>
  %z = nn.conv2d nchw %y, %w, %b {padding = array<i64: 1, 0, 2, 1>}
      : (tensor<1x2x3x3xf32>, tensor<1x2x3x3xf32>, tensor<1xf32>) -> tensor<1x1x2x4xf32>
  return %z : tensor<1x1x2x4xf32>
}

// -----

// A shift of 0 maps the zero padding to 0: the convolution keeps it.
// CHECK-LABEL: func @fold_forward_padded_zero_shift
// CHECK-NOT: nn.pad
// CHECK: nn.conv2d nhwc %arg0, %{{.*}}, %{{.*}} {padding = array<i64: 1, 1, 1, 1>}
// CHECK-NOT: nn.batch_norm
// expected-remark@+1 {{folded 1 of 1 batch_norm ops}}
func.func @fold_forward_padded_zero_shift(%x: tensor<1x4x4x2xf32>) -> tensor<1x4x4x3xf32> {
  %w = arith.constant dense<0.5> : tensor<3x3x2x3xf32>
  %var = arith.constant dense<[3.0, 0.5]> : tensor<2xf32>
  %zero = arith.constant dense<0.0> : tensor<2xf32>
  %scale = arith.constant dense<[-2.0, 0.0]> : tensor<2xf32>
  // expected-remark@+1 {{folded into 'nn.conv2d'}}
  %y = nn.batch_norm nhwc %x, %zero, %var scale %scale
      : (tensor<1x4x4x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x4x4x2xf32>
  %z = nn.conv2d nhwc %y, %w {padding = array<i64: 1, 1, 1, 1>}
      : (tensor<1x4x4x2xf32>, tensor<3x3x2x3xf32>) -> tensor<1x4x4x3xf32>
  return %z : tensor<1x4x4x3xf32>
}

// -----

// Every user folds, each into its own copy of the weights; the batch norm
// counts once.
// CHECK-LABEL: func @fold_forward_two_users
// CHECK: nn.conv2d nchw %arg0,
// CHECK: nn.depthwise_conv2d nchw %arg0,
// CHECK-NOT: nn.batch_norm
// expected-remark@+1 {{folded 1 of 1 batch_norm ops}}
func.func @fold_forward_two_users(%x: tensor<2x2x5x5xf32>) -> (tensor<2x3x5x5xf32>, tensor<2x4x5x5xf32>) {
  %w1 = arith.constant dense<[[[[0.5]], [[-1.0]]], [[[2.0]], [[0.25]]], [[[1.0]], [[1.0]]]]> : tensor<3x2x1x1xf32>
  %w2 = arith.constant dense<[[[[1.0, -1.0, 0.5]]]]> : tensor<1x1x1x3xf32>
  %w2b = nn.reshape %w2 : (tensor<1x1x1x3xf32>) -> tensor<1x1x1x3xf32>
  %wd = arith.constant dense<[[[[0.5]]], [[[-1.0]]], [[[2.0]]], [[[0.75]]]]> : tensor<4x1x1x1xf32>
  %mean = arith.constant dense<[0.5, -2.0]> : tensor<2xf32>
  %var = arith.constant dense<[1.0, 4.0]> : tensor<2xf32>
  %scale = arith.constant dense<[-1.5, 0.5]> : tensor<2xf32>
  %offset = arith.constant dense<[0.25, 1.0]> : tensor<2xf32>
  // expected-remark@+1 {{folded into 2 users: 'nn.conv2d', 'nn.depthwise_conv2d'}}
  %y = nn.batch_norm nchw %x, %mean, %var scale %scale offset %offset
      : (tensor<2x2x5x5xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<2x2x5x5xf32>
  %a = nn.conv2d nchw %y, %w1 : (tensor<2x2x5x5xf32>, tensor<3x2x1x1xf32>) -> tensor<2x3x5x5xf32>
  %b = nn.depthwise_conv2d nchw %y, %wd {padding = array<i64: 0, 0, 0, 0>} : (tensor<2x2x5x5xf32>, tensor<4x1x1x1xf32>) -> tensor<2x4x5x5xf32>
  return %a, %b : tensor<2x3x5x5xf32>, tensor<2x4x5x5xf32>
}

// -----

// Grouped convolution (2 groups of 2 input channels): input channel
// g * 2 + i is row i of the Cin/G dim in the filters of group g.
// W[o, i] = 1 everywhere, s = [1, 2, 3, 4] (scale), t = offset = [1, 1, 1, 1]:
// filters of group 0 scale by [1, 2], of group 1 by [3, 4]; every bias is 2.
// CHECK-LABEL: func @fold_forward_grouped
// CHECK-DAG: %[[W:.*]] = arith.constant dense<{{\[\[\[\[}}1.000000e+00]], {{\[\[}}2.000000e+00]]], {{\[\[\[}}1.000000e+00]], {{\[\[}}2.000000e+00]]], {{\[\[\[}}3.000000e+00]], {{\[\[}}4.000000e+00]]], {{\[\[\[}}3.000000e+00]], {{\[\[}}4.000000e+00]]]]> : tensor<4x2x1x1xf32>
// CHECK-DAG: %[[B:.*]] = arith.constant dense<2.000000e+00> : tensor<4xf32>
// CHECK: nn.conv2d nchw %arg0, %[[W]], %[[B]] {groups = 2 : i64}
// expected-remark@+1 {{folded 1 of 1 batch_norm ops}}
func.func @fold_forward_grouped(%x: tensor<1x4x2x2xf32>) -> tensor<1x4x2x2xf32> {
  %w = arith.constant dense<1.0> : tensor<4x2x1x1xf32>
  %zero = arith.constant dense<0.0> : tensor<4xf32>
  %one = arith.constant dense<1.0> : tensor<4xf32>
  %scale = arith.constant dense<[1.0, 2.0, 3.0, 4.0]> : tensor<4xf32>
  // expected-remark@+1 {{folded into 'nn.conv2d'}}
  %y = nn.batch_norm nchw %x, %zero, %one scale %scale offset %one {epsilon = 0.0 : f64}
      : (tensor<1x4x2x2xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x2x2xf32>
  %z = nn.conv2d nchw %y, %w {groups = 2 : i64} : (tensor<1x4x2x2xf32>, tensor<4x2x1x1xf32>) -> tensor<1x4x2x2xf32>
  return %z : tensor<1x4x2x2xf32>
}

// -----

// A matmul reads the batch norm's features in its contraction dim: rows of
// [K, N] (columns of [N, K] with transpose_rhs) scale by s.
// CHECK-LABEL: func @fold_forward_matmul
// CHECK-DAG: %[[W:.*]] = arith.constant dense<{{\[\[}}2.000000e+00, -3.000000e+00], [4.000000e+00, -6.000000e+00]]> : tensor<2x2xf32>
// CHECK-DAG: %[[B:.*]] = arith.constant dense<[1.000000e+00, 2.000000e+00]> : tensor<2xf32>
// CHECK: nn.matmul %arg0, %[[W]], %[[B]] {transpose_rhs}
// expected-remark@+1 {{folded 1 of 1 batch_norm ops}}
func.func @fold_forward_matmul(%x: tensor<?x2xf32>) -> tensor<?x2xf32> {
  %w = arith.constant dense<[[1.0, 1.0], [2.0, 2.0]]> : tensor<2x2xf32>
  %zero = arith.constant dense<0.0> : tensor<2xf32>
  %one = arith.constant dense<1.0> : tensor<2xf32>
  %scale = arith.constant dense<[2.0, -3.0]> : tensor<2xf32>
  %offset = arith.constant dense<[1.0, 0.0]> : tensor<2xf32>
  // expected-remark@+1 {{folded into 'nn.matmul'}}
  %y = nn.batch_norm %x, %zero, %one scale %scale offset %offset {epsilon = 0.0 : f64}
      : (tensor<?x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<?x2xf32>
  %z = nn.matmul %y, %w {transpose_rhs} : (tensor<?x2xf32>, tensor<2x2xf32>) -> tensor<?x2xf32>
  return %z : tensor<?x2xf32>
}

// -----

// A transposed convolution folds a batch norm without a shift.
// CHECK-LABEL: func @fold_forward_transposed_zero_shift
// CHECK: nn.conv_transpose2d nchw %arg0,
// expected-remark@+1 {{folded 1 of 1 batch_norm ops}}
func.func @fold_forward_transposed_zero_shift(%x: tensor<1x2x3x3xf32>) -> tensor<1x3x6x6xf32> {
  %w = arith.constant dense<[[[[1.0, -1.0], [0.5, 2.0]], [[0.25, 1.0], [-2.0, 1.0]], [[1.0, 1.0], [1.0, -1.0]]],
                             [[[-0.5, 1.5], [1.0, 0.0]], [[2.0, -1.0], [0.5, 0.5]], [[0.0, 1.0], [-1.0, 2.0]]]]> : tensor<2x3x2x2xf32>
  %zero = arith.constant dense<0.0> : tensor<2xf32>
  %var = arith.constant dense<[0.5, 2.0]> : tensor<2xf32>
  %scale = arith.constant dense<[-1.0, 3.0]> : tensor<2xf32>
  // expected-remark@+1 {{folded into 'nn.conv_transpose2d'}}
  %y = nn.batch_norm nchw %x, %zero, %var scale %scale
      : (tensor<1x2x3x3xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x3x3xf32>
  %z = nn.conv_transpose2d nchw %y, %w {strides = array<i64: 2, 2>}
      : (tensor<1x2x3x3xf32>, tensor<2x3x2x2xf32>) -> tensor<1x3x6x6xf32>
  return %z : tensor<1x3x6x6xf32>
}

// -----

// Backward folding has priority: the batch norm between two layers folds
// into the first, and the second keeps its weights.
// CHECK-LABEL: func @fold_backward_before_forward
// CHECK-DAG: %[[W2:.*]] = arith.constant dense<3.000000e+00> : tensor<1x1x2x2xf32>
// CHECK: %[[Y:.*]] = nn.conv2d nhwc %arg0,
// CHECK: nn.conv2d nhwc %[[Y]], %[[W2]] :
// expected-remark@+1 {{folded 1 of 1 batch_norm ops}}
func.func @fold_backward_before_forward(%x: tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32> {
  %w1 = arith.constant dense<0.5> : tensor<1x1x2x2xf32>
  %w2 = arith.constant dense<3.0> : tensor<1x1x2x2xf32>
  %m = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %y = nn.conv2d nhwc %x, %w1 : (tensor<1x4x4x2xf32>, tensor<1x1x2x2xf32>) -> tensor<1x4x4x2xf32>
  // expected-remark@+1 {{folded into 'nn.conv2d'}}
  %z = nn.batch_norm nhwc %y, %m, %m : (tensor<1x4x4x2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x4x4x2xf32>
  %u = nn.conv2d nhwc %z, %w2 : (tensor<1x4x4x2xf32>, tensor<1x1x2x2xf32>) -> tensor<1x4x4x2xf32>
  return %u : tensor<1x4x4x2xf32>
}

// -----

// A batch norm whose producer has another user cannot fold backward; it
// folds forward.
// CHECK-LABEL: func @fold_forward_when_backward_refused
// CHECK: %[[Y:.*]] = nn.conv2d nhwc %arg0,
// CHECK: nn.conv2d nhwc %[[Y]],
// CHECK-NOT: nn.batch_norm
// expected-remark@+1 {{folded 1 of 1 batch_norm ops}}
func.func @fold_forward_when_backward_refused(%x: tensor<1x4x4x2xf32>) -> (tensor<1x4x4x2xf32>, tensor<1x4x4x2xf32>) {
  %w1 = arith.constant dense<0.5> : tensor<1x1x2x2xf32>
  %w2 = arith.constant dense<3.0> : tensor<1x1x2x2xf32>
  %m = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %y = nn.conv2d nhwc %x, %w1 : (tensor<1x4x4x2xf32>, tensor<1x1x2x2xf32>) -> tensor<1x4x4x2xf32>
  // expected-remark@+1 {{folded into 'nn.conv2d'}}
  %z = nn.batch_norm nhwc %y, %m, %m : (tensor<1x4x4x2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x4x4x2xf32>
  %u = nn.conv2d nhwc %z, %w2 : (tensor<1x4x4x2xf32>, tensor<1x1x2x2xf32>) -> tensor<1x4x4x2xf32>
  return %y, %u : tensor<1x4x4x2xf32>, tensor<1x4x4x2xf32>
}

// -----

// The pre-activation block: batch norm -> relu -> conv. Neither way folds,
// and the remark says both.
// CHECK-LABEL: func @no_fold_forward_user_not_layer
// CHECK: nn.batch_norm
// expected-remark@+1 {{folded 0 of 1 batch_norm ops}}
func.func @no_fold_forward_user_not_layer(%x: tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32> {
  %w = arith.constant dense<0.5> : tensor<1x1x2x2xf32>
  %m = arith.constant dense<1.0> : tensor<2xf32>
  // expected-remark@+1 {{not folded: its input is a block argument, not the result of a layer, and its user 'nn.relu' is not a layer}}
  %y = nn.batch_norm nhwc %x, %m, %m : (tensor<1x4x4x2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x4x4x2xf32>
  %r = nn.relu %y : tensor<1x4x4x2xf32>
  %z = nn.conv2d nhwc %r, %w : (tensor<1x4x4x2xf32>, tensor<1x1x2x2xf32>) -> tensor<1x4x4x2xf32>
  return %z : tensor<1x4x4x2xf32>
}

// -----

// Every user must absorb it: one that is not a layer blocks all.
// CHECK-LABEL: func @no_fold_forward_one_user_not_layer
// CHECK: nn.batch_norm
// expected-remark@+1 {{folded 0 of 1 batch_norm ops}}
func.func @no_fold_forward_one_user_not_layer(%x: tensor<1x4x4x2xf32>) -> (tensor<1x4x4x2xf32>, tensor<1x4x4x2xf32>) {
  %w = arith.constant dense<0.5> : tensor<1x1x2x2xf32>
  %m = arith.constant dense<1.0> : tensor<2xf32>
  // expected-remark@+1 {{not folded: its input is a block argument, not the result of a layer, and its user 'func.return' is not a layer}}
  %y = nn.batch_norm nhwc %x, %m, %m : (tensor<1x4x4x2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x4x4x2xf32>
  %z = nn.conv2d nhwc %y, %w : (tensor<1x4x4x2xf32>, tensor<1x1x2x2xf32>) -> tensor<1x4x4x2xf32>
  return %y, %z : tensor<1x4x4x2xf32>, tensor<1x4x4x2xf32>
}

// -----

// CHECK-LABEL: func @no_fold_forward_read_as_weights
// CHECK: nn.batch_norm
// expected-remark@+1 {{folded 0 of 1 batch_norm ops}}
func.func @no_fold_forward_read_as_weights(%x: tensor<4x3xf32>, %w: tensor<3x3xf32>) -> tensor<4x3xf32> {
  %m = arith.constant dense<1.0> : tensor<3xf32>
  // expected-remark@+1 {{not folded: its input is a block argument, not the result of a layer, and its user 'nn.matmul' reads it as operand #1, not as its input}}
  %y = nn.batch_norm %w, %m, %m : (tensor<3x3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<3x3xf32>
  %z = nn.matmul %x, %y : (tensor<4x3xf32>, tensor<3x3xf32>) -> tensor<4x3xf32>
  return %z : tensor<4x3xf32>
}

// -----

// CHECK-LABEL: func @no_fold_forward_feature_dim
// CHECK: nn.batch_norm
// expected-remark@+1 {{folded 0 of 1 batch_norm ops}}
func.func @no_fold_forward_feature_dim(%x: tensor<1x4x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %w = arith.constant dense<0.5> : tensor<2x4x1x1xf32>
  %m = arith.constant dense<1.0> : tensor<4xf32>
  // expected-remark@+1 {{not folded: its input is a block argument, not the result of a layer, and it normalizes dim 3 but the input channels of its user 'nn.conv2d' are dim 1}}
  %y = nn.batch_norm %x, %m, %m : (tensor<1x4x4x4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x4x4xf32>
  %z = nn.conv2d nchw %y, %w : (tensor<1x4x4x4xf32>, tensor<2x4x1x1xf32>) -> tensor<1x2x4x4xf32>
  return %z : tensor<1x2x4x4xf32>
}

// -----

// s[1] = 0 and t[1] = 1: the batch norm maps every value of channel 1 to
// 1, none to the 0 the padding must read.
// CHECK-LABEL: func @no_fold_forward_zero_scale_padded
// CHECK: nn.batch_norm
// expected-remark@+1 {{folded 0 of 1 batch_norm ops}}
func.func @no_fold_forward_zero_scale_padded(%x: tensor<1x2x4x4xf32>) -> tensor<1x1x4x4xf32> {
  %w = arith.constant dense<0.5> : tensor<1x2x3x3xf32>
  %m = arith.constant dense<1.0> : tensor<2xf32>
  %scale = arith.constant dense<[1.0, 0.0]> : tensor<2xf32>
  // expected-remark@+1 {{not folded: its input is a block argument, not the result of a layer, and its scale is 0 in channel 1, so no pad value maps to 0}}
  %y = nn.batch_norm nchw %x, %m, %m scale %scale offset %m : (tensor<1x2x4x4xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  %z = nn.conv2d nchw %y, %w {padding = array<i64: 1, 1, 1, 1>} : (tensor<1x2x4x4xf32>, tensor<1x2x3x3xf32>) -> tensor<1x1x4x4xf32>
  return %z : tensor<1x1x4x4xf32>
}

// -----

// Without padding a zero scale folds: channel 1 is the constant t[1].
// CHECK-LABEL: func @fold_forward_zero_scale_unpadded
// CHECK-NOT: nn.batch_norm
// expected-remark@+1 {{folded 1 of 1 batch_norm ops}}
func.func @fold_forward_zero_scale_unpadded(%x: tensor<1x2x4x4xf32>) -> tensor<1x1x2x2xf32> {
  %w = arith.constant dense<0.5> : tensor<1x2x3x3xf32>
  %m = arith.constant dense<1.0> : tensor<2xf32>
  %scale = arith.constant dense<[1.0, 0.0]> : tensor<2xf32>
  // expected-remark@+1 {{folded into 'nn.conv2d'}}
  %y = nn.batch_norm nchw %x, %m, %m scale %scale offset %m : (tensor<1x2x4x4xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  %z = nn.conv2d nchw %y, %w : (tensor<1x2x4x4xf32>, tensor<1x2x3x3xf32>) -> tensor<1x1x2x2xf32>
  return %z : tensor<1x1x2x2xf32>
}

// -----

// p = -t / s = -1e300 / 1e-300 is inf.
// CHECK-LABEL: func @no_fold_forward_pad_not_finite
// CHECK: nn.batch_norm
// expected-remark@+1 {{folded 0 of 1 batch_norm ops}}
func.func @no_fold_forward_pad_not_finite(%x: tensor<1x1x4x4xf64>) -> tensor<1x1x4x4xf64> {
  %w = arith.constant dense<0.5> : tensor<1x1x3x3xf64>
  %zero = arith.constant dense<0.0> : tensor<1xf64>
  %one = arith.constant dense<1.0> : tensor<1xf64>
  %scale = arith.constant dense<1.0e-300> : tensor<1xf64>
  %offset = arith.constant dense<1.0e300> : tensor<1xf64>
  // expected-remark@+1 {{not folded: its input is a block argument, not the result of a layer, and the pad value of channel 0, -shift / scale, is -inf}}
  %y = nn.batch_norm nchw %x, %zero, %one scale %scale offset %offset {epsilon = 0.0 : f64} : (tensor<1x1x4x4xf64>, tensor<1xf64>, tensor<1xf64>, tensor<1xf64>, tensor<1xf64>) -> tensor<1x1x4x4xf64>
  %z = nn.conv2d nchw %y, %w {padding = array<i64: 1, 1, 1, 1>} : (tensor<1x1x4x4xf64>, tensor<1x1x3x3xf64>) -> tensor<1x1x4x4xf64>
  return %z : tensor<1x1x4x4xf64>
}

// -----

// p = -t / s = -1e30 / 1e-10 = -1e40 does not fit f32.
// CHECK-LABEL: func @no_fold_forward_pad_overflows
// CHECK: nn.batch_norm
// expected-remark@+1 {{folded 0 of 1 batch_norm ops}}
func.func @no_fold_forward_pad_overflows(%x: tensor<1x1x4x4xf32>) -> tensor<1x1x4x4xf32> {
  %w = arith.constant dense<0.5> : tensor<1x1x3x3xf32>
  %zero = arith.constant dense<0.0> : tensor<1xf32>
  %one = arith.constant dense<1.0> : tensor<1xf32>
  %scale = arith.constant dense<1.0e-10> : tensor<1xf32>
  %offset = arith.constant dense<1.0e30> : tensor<1xf32>
  // expected-remark@+1 {{not folded: its input is a block argument, not the result of a layer, and the pad value of channel 0 would be -}}
  %y = nn.batch_norm nchw %x, %zero, %one scale %scale offset %offset {epsilon = 0.0 : f64} : (tensor<1x1x4x4xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x4x4xf32>
  %z = nn.conv2d nchw %y, %w {padding = array<i64: 1, 1, 1, 1>} : (tensor<1x1x4x4xf32>, tensor<1x1x3x3xf32>) -> tensor<1x1x4x4xf32>
  return %z : tensor<1x1x4x4xf32>
}

// -----

// CHECK-LABEL: func @no_fold_forward_transposed_shift
// CHECK: nn.batch_norm
// expected-remark@+1 {{folded 0 of 1 batch_norm ops}}
func.func @no_fold_forward_transposed_shift(%x: tensor<1x1x3x3xf32>) -> tensor<1x1x6x6xf32> {
  %w = arith.constant dense<0.5> : tensor<1x1x2x2xf32>
  %m = arith.constant dense<1.0> : tensor<1xf32>
  // expected-remark@+1 {{not folded: its input is a block argument, not the result of a layer, and its user 'nn.conv_transpose2d' sums a different number of input values at its borders and stride phases, so the batch norm's shift (nonzero in channel 0) is not one bias}}
  %y = nn.batch_norm nchw %x, %m, %m : (tensor<1x1x3x3xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x3x3xf32>
  %z = nn.conv_transpose2d nchw %y, %w {strides = array<i64: 2, 2>} : (tensor<1x1x3x3xf32>, tensor<1x1x2x2xf32>) -> tensor<1x1x6x6xf32>
  return %z : tensor<1x1x6x6xf32>
}

// -----

// The forward fold computes its values now: parameters and weights must be
// constants.
// CHECK-LABEL: func @no_fold_forward_runtime_mean
// CHECK: nn.batch_norm
// expected-remark@+1 {{folded 0 of 1 batch_norm ops}}
func.func @no_fold_forward_runtime_mean(%x: tensor<1x4x4x2xf32>, %mean: tensor<2xf32>) -> tensor<1x4x4x2xf32> {
  %w = arith.constant dense<0.5> : tensor<1x1x2x2xf32>
  %m = arith.constant dense<1.0> : tensor<2xf32>
  // expected-remark@+1 {{not folded: its input is a block argument, not the result of a layer, and its mean is not a constant (a block argument)}}
  %y = nn.batch_norm nhwc %x, %mean, %m : (tensor<1x4x4x2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x4x4x2xf32>
  %z = nn.conv2d nhwc %y, %w : (tensor<1x4x4x2xf32>, tensor<1x1x2x2xf32>) -> tensor<1x4x4x2xf32>
  return %z : tensor<1x4x4x2xf32>
}

// -----

// CHECK-LABEL: func @no_fold_forward_runtime_weights
// CHECK: nn.batch_norm
// expected-remark@+1 {{folded 0 of 1 batch_norm ops}}
func.func @no_fold_forward_runtime_weights(%x: tensor<1x4x4x2xf32>, %w: tensor<1x1x2x2xf32>) -> tensor<1x4x4x2xf32> {
  %m = arith.constant dense<1.0> : tensor<2xf32>
  // expected-remark@+1 {{not folded: its input is a block argument, not the result of a layer, and the weights of 'nn.conv2d' are not a constant (a block argument)}}
  %y = nn.batch_norm nhwc %x, %m, %m : (tensor<1x4x4x2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x4x4x2xf32>
  %z = nn.conv2d nhwc %y, %w : (tensor<1x4x4x2xf32>, tensor<1x1x2x2xf32>) -> tensor<1x4x4x2xf32>
  return %z : tensor<1x4x4x2xf32>
}

// -----

// CHECK-LABEL: func @no_fold_forward_scaled_weight_overflows
// CHECK: nn.batch_norm
// expected-remark@+1 {{folded 0 of 1 batch_norm ops}}
func.func @no_fold_forward_scaled_weight_overflows(%x: tensor<1x4x4x2xf16>) -> tensor<1x4x4x2xf16> {
  %w = arith.constant dense<60000.0> : tensor<1x1x2x2xf16>
  %zero = arith.constant dense<0.0> : tensor<2xf16>
  %one = arith.constant dense<1.0> : tensor<2xf16>
  %scale = arith.constant dense<[1.0, 2.0]> : tensor<2xf16>
  // expected-remark@+1 {{not folded: its input is a block argument, not the result of a layer, and a weight of 'nn.conv2d' scaled for input channel 1 would be 120000, which overflows 'f16'}}
  %y = nn.batch_norm nhwc %x, %zero, %one scale %scale {epsilon = 0.0 : f64} : (tensor<1x4x4x2xf16>, tensor<2xf16>, tensor<2xf16>, tensor<2xf16>) -> tensor<1x4x4x2xf16>
  %z = nn.conv2d nhwc %y, %w : (tensor<1x4x4x2xf16>, tensor<1x1x2x2xf16>) -> tensor<1x4x4x2xf16>
  return %z : tensor<1x4x4x2xf16>
}

// -----

// CHECK-LABEL: func @no_fold_forward_variance
// CHECK: nn.batch_norm
// expected-remark@+1 {{folded 0 of 1 batch_norm ops}}
func.func @no_fold_forward_variance(%x: tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32> {
  %w = arith.constant dense<0.5> : tensor<1x1x2x2xf32>
  %m = arith.constant dense<1.0> : tensor<2xf32>
  %var = arith.constant dense<[1.0, -2.0]> : tensor<2xf32>
  // expected-remark@+1 {{not folded: its input is a block argument, not the result of a layer, and variance[1] + epsilon = -1.99999 is not positive}}
  %y = nn.batch_norm nhwc %x, %m, %var : (tensor<1x4x4x2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x4x4x2xf32>
  %z = nn.conv2d nhwc %y, %w : (tensor<1x4x4x2xf32>, tensor<1x1x2x2xf32>) -> tensor<1x4x4x2xf32>
  return %z : tensor<1x4x4x2xf32>
}
