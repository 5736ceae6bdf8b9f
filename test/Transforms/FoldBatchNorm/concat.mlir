// RUN: bnfold-opt %s --fold-batchnorm=report -split-input-file -verify-diagnostics | FileCheck %s
// Execution check: the original and the folded functions compute the same
// results on pseudo-random inputs (the expected-* comments are only checked
// by the first RUN line).
// RUN: bnfold-opt %s --fold-batchnorm -o %t 2>/dev/null
// RUN: bnfold-run --compare --all-functions %s %t | FileCheck %s --check-prefix=EXEC
// EXEC-NOT: MISMATCH
// EXEC: compare all: OK

// A batch norm after a concat along its channels: each input's slice of
// the batch norm folds into the layer behind that input. The batch norm is
// mean [1, 2, 3, 4], variance + epsilon [4, 16, 1, 9], scale [2, -8, 1, 3]:
// multiplier [1, -2, 1, 1], offset [0.5, -1, 0, 2].

// Channels 0..1 fold into %a (no bias): (0 - 1) * 1 + 0.5 = -0.5 and
// (0 - 2) * -2 - 1 = 3; channels 2..3 into %b (bias [1, 1]): (1 - 3) * 1 + 0
// = -2 and (1 - 4) * 1 + 2 = -1.
// CHECK-LABEL: func @two_convs_nchw
// CHECK-DAG: %[[BA:.*]] = arith.constant dense<[-5.000000e-01, 3.000000e+00]> : tensor<2xf32>
// CHECK-DAG: %[[BB:.*]] = arith.constant dense<[-2.000000e+00, -1.000000e+00]> : tensor<2xf32>
// CHECK-DAG: %[[WA:.*]] = arith.constant dense<{{\[}}{{\[}}{{\[}}[1.000000e+00]], {{\[}}[2.000000e+00]]], {{\[}}{{\[}}[-6.000000e+00]], {{\[}}[-8.000000e+00]]]]> : tensor<2x2x1x1xf32>
// CHECK: %[[A:.*]] = nn.conv2d nchw %arg0, %[[WA]], %[[BA]]
// CHECK: %[[B:.*]] = nn.conv2d nchw %arg0, %{{.*}}, %[[BB]]
// CHECK: %[[C:.*]] = nn.concat %[[A]], %[[B]] axis 1
// CHECK-NOT: nn.batch_norm
// CHECK: return %[[C]]
// expected-remark@+1 {{folded 1 of 1 batch_norm ops}}
func.func @two_convs_nchw(%x: tensor<1x2x3x3xf32>) -> tensor<1x4x3x3xf32> {
  %wa = arith.constant dense<[[[[1.0]], [[2.0]]], [[[3.0]], [[4.0]]]]> : tensor<2x2x1x1xf32>
  %wb = arith.constant dense<[[[[0.5]], [[-1.0]]], [[[1.5]], [[0.25]]]]> : tensor<2x2x1x1xf32>
  %bb = arith.constant dense<[1.0, 1.0]> : tensor<2xf32>
  %mean = arith.constant dense<[1.0, 2.0, 3.0, 4.0]> : tensor<4xf32>
  %var = arith.constant dense<[3.0, 15.0, 0.0, 8.0]> : tensor<4xf32>
  %scale = arith.constant dense<[2.0, -8.0, 1.0, 3.0]> : tensor<4xf32>
  %offset = arith.constant dense<[0.5, -1.0, 0.0, 2.0]> : tensor<4xf32>
  %a = nn.conv2d nchw %x, %wa : (tensor<1x2x3x3xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x3x3xf32>
  %b = nn.conv2d nchw %x, %wb, %bb : (tensor<1x2x3x3xf32>, tensor<2x2x1x1xf32>, tensor<2xf32>) -> tensor<1x2x3x3xf32>
  %c = nn.concat %a, %b axis 1 : (tensor<1x2x3x3xf32>, tensor<1x2x3x3xf32>) -> tensor<1x4x3x3xf32>
  // expected-remark@+1 {{folded into 'nn.conv2d', 'nn.conv2d' through 'nn.concat'}}
  %z = nn.batch_norm nchw %c, %mean, %var scale %scale offset %offset {epsilon = 1.0 : f64}
      : (tensor<1x4x3x3xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x3x3xf32>
  return %z : tensor<1x4x3x3xf32>
}

// -----

// Three inputs of different widths and kinds (depthwise with multiplier 2,
// grouped, plain), nhwc, a dynamic batch, padding.
// CHECK-LABEL: func @three_kinds_nhwc
// CHECK: %[[D:.*]] = nn.depthwise_conv2d nhwc %arg0
// CHECK: %[[G:.*]] = nn.conv2d nhwc %arg0, %{{.*}}, %{{.*}} {groups = 2 : i64, padding = array<i64: 1, 1, 1, 1>}
// CHECK: %[[P:.*]] = nn.conv2d nhwc %arg0
// CHECK: %[[C:.*]] = nn.concat %[[D]], %[[G]], %[[P]] axis 3
// CHECK-NOT: nn.batch_norm
// CHECK: return %[[C]]
// expected-remark@+1 {{folded 1 of 1 batch_norm ops}}
func.func @three_kinds_nhwc(%x: tensor<?x4x4x2xf32>) -> tensor<?x4x4x9xf32> {
  %wd = arith.constant dense<[[[[1.0, -2.0], [0.5, 3.0]]]]> : tensor<1x1x2x2xf32>
  %wg = arith.constant dense<0.25> : tensor<3x3x1x2xf32>
  %wp = arith.constant dense<[[[[1.0, -1.0, 2.0], [0.5, 0.25, -0.75]]]]> : tensor<1x1x2x3xf32>
  %bp = arith.constant dense<[0.1, 0.2, 0.3]> : tensor<3xf32>
  %mean = arith.constant dense<[1.0, 2.0, 3.0, 4.0, -1.0, -2.0, 0.5, 0.0, 7.0]> : tensor<9xf32>
  %var = arith.constant dense<[3.0, 15.0, 0.0, 8.0, 0.5, 2.0, 1.0, 0.25, 0.01]> : tensor<9xf32>
  %scale = arith.constant dense<[2.0, -8.0, 1.0, 3.0, -0.5, 0.0, 4.0, -1.0, 2.5]> : tensor<9xf32>
  %offset = arith.constant dense<[0.5, -1.0, 0.0, 2.0, 1.0, -3.0, 0.25, 0.0, -0.5]> : tensor<9xf32>
  %d = nn.depthwise_conv2d nhwc %x, %wd : (tensor<?x4x4x2xf32>, tensor<1x1x2x2xf32>) -> tensor<?x4x4x4xf32>
  %g = nn.conv2d nhwc %x, %wg {groups = 2 : i64, padding = array<i64: 1, 1, 1, 1>} : (tensor<?x4x4x2xf32>, tensor<3x3x1x2xf32>) -> tensor<?x4x4x2xf32>
  %p = nn.conv2d nhwc %x, %wp, %bp : (tensor<?x4x4x2xf32>, tensor<1x1x2x3xf32>, tensor<3xf32>) -> tensor<?x4x4x3xf32>
  %c = nn.concat %d, %g, %p axis 3 : (tensor<?x4x4x4xf32>, tensor<?x4x4x2xf32>, tensor<?x4x4x3xf32>) -> tensor<?x4x4x9xf32>
  // expected-remark@+1 {{folded into 'nn.depthwise_conv2d', 'nn.conv2d', 'nn.conv2d' through 'nn.concat'}}
  %z = nn.batch_norm nhwc %c, %mean, %var scale %scale offset %offset {epsilon = 1.0 : f64}
      : (tensor<?x4x4x9xf32>, tensor<9xf32>, tensor<9xf32>, tensor<9xf32>, tensor<9xf32>) -> tensor<?x4x4x9xf32>
  return %z : tensor<?x4x4x9xf32>
}

// -----

// Matmuls (one with transpose_rhs), a 2-D batch norm over the features.
// CHECK-LABEL: func @matmuls
// CHECK: %[[A:.*]] = nn.matmul %arg0
// CHECK: %[[B:.*]] = nn.matmul %arg0, %{{.*}}, %{{.*}} {transpose_rhs}
// CHECK: %[[C:.*]] = nn.concat %[[A]], %[[B]] axis 1
// CHECK-NOT: nn.batch_norm
// CHECK: return %[[C]]
// expected-remark@+1 {{folded 1 of 1 batch_norm ops}}
func.func @matmuls(%x: tensor<?x3xf32>) -> tensor<?x5xf32> {
  %wa = arith.constant dense<[[1.0, -2.0], [0.5, 0.25], [3.0, 1.0]]> : tensor<3x2xf32>
  %wb = arith.constant dense<[[1.0, 2.0, 3.0], [-1.0, 0.5, 0.0], [0.25, 0.5, -0.75]]> : tensor<3x3xf32>
  %mean = arith.constant dense<[1.0, 2.0, 3.0, 4.0, -1.0]> : tensor<5xf32>
  %var = arith.constant dense<[3.0, 15.0, 0.0, 8.0, 0.5]> : tensor<5xf32>
  %scale = arith.constant dense<[-2.0, 8.0, 1.0, -3.0, 0.5]> : tensor<5xf32>
  %a = nn.matmul %x, %wa : (tensor<?x3xf32>, tensor<3x2xf32>) -> tensor<?x2xf32>
  %b = nn.matmul %x, %wb {transpose_rhs} : (tensor<?x3xf32>, tensor<3x3xf32>) -> tensor<?x3xf32>
  %c = nn.concat %a, %b axis 1 : (tensor<?x2xf32>, tensor<?x3xf32>) -> tensor<?x5xf32>
  // expected-remark@+1 {{folded into 'nn.matmul', 'nn.matmul' through 'nn.concat'}}
  %z = nn.batch_norm %c, %mean, %var scale %scale {epsilon = 1.0 : f64}
      : (tensor<?x5xf32>, tensor<5xf32>, tensor<5xf32>, tensor<5xf32>) -> tensor<?x5xf32>
  return %z : tensor<?x5xf32>
}

// -----

// An input behind a reshape (TensorFlow's Dense before a 4-D batch norm), a
// bias_add absorbed into its layer first, and a 1x1 nhwc convolution.
// CHECK-LABEL: func @through_reshape_and_bias_add
// CHECK: %[[M:.*]] = nn.matmul %arg0
// CHECK: %[[R:.*]] = nn.reshape %[[M]]
// CHECK: %[[V:.*]] = nn.conv2d nhwc %arg1
// CHECK: %[[C:.*]] = nn.concat %[[R]], %[[V]] axis 3
// CHECK-NOT: nn.batch_norm
// CHECK-NOT: nn.bias_add
// CHECK: return %[[C]]
// expected-remark@+1 {{folded 1 of 1 batch_norm ops}}
func.func @through_reshape_and_bias_add(%x: tensor<2x3xf32>, %y: tensor<2x1x1x2xf32>) -> tensor<2x1x1x4xf32> {
  %wm = arith.constant dense<[[1.0, -2.0], [0.5, 0.25], [3.0, 1.0]]> : tensor<3x2xf32>
  %wc = arith.constant dense<[[[[1.0, 2.0], [-3.0, 0.5]]]]> : tensor<1x1x2x2xf32>
  %bc = arith.constant dense<[0.5, -0.5]> : tensor<2xf32>
  %mean = arith.constant dense<[1.0, 2.0, 3.0, 4.0]> : tensor<4xf32>
  %var = arith.constant dense<[3.0, 15.0, 0.0, 8.0]> : tensor<4xf32>
  %scale = arith.constant dense<[2.0, -8.0, 1.0, 3.0]> : tensor<4xf32>
  %offset = arith.constant dense<[0.5, -1.0, 0.0, 2.0]> : tensor<4xf32>
  %m = nn.matmul %x, %wm : (tensor<2x3xf32>, tensor<3x2xf32>) -> tensor<2x2xf32>
  %r = nn.reshape %m : (tensor<2x2xf32>) -> tensor<2x1x1x2xf32>
  %v = nn.conv2d nhwc %y, %wc : (tensor<2x1x1x2xf32>, tensor<1x1x2x2xf32>) -> tensor<2x1x1x2xf32>
  %vb = nn.bias_add nhwc %v, %bc : (tensor<2x1x1x2xf32>, tensor<2xf32>) -> tensor<2x1x1x2xf32>
  %c = nn.concat %r, %vb axis 3 : (tensor<2x1x1x2xf32>, tensor<2x1x1x2xf32>) -> tensor<2x1x1x4xf32>
  // expected-remark@+1 {{folded into 'nn.matmul' (through 'nn.reshape'), 'nn.conv2d' through 'nn.concat'}}
  %z = nn.batch_norm nhwc %c, %mean, %var scale %scale offset %offset {epsilon = 1.0 : f64}
      : (tensor<2x1x1x4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<2x1x1x4xf32>
  return %z : tensor<2x1x1x4xf32>
}

// -----

// An inception-like block: each branch's own batch norm folds into its conv
// first, then the batch norm after the concat folds into both; 1-D and 3-D.
// CHECK-LABEL: func @branches_then_concat_1d
// CHECK-NOT: nn.batch_norm
// CHECK: nn.concat
// CHECK-NOT: nn.batch_norm
// expected-remark@+1 {{folded 2 of 2 batch_norm ops}}
func.func @branches_then_concat_1d(%x: tensor<1x2x6xf32>) -> tensor<1x4x6xf32> {
  %wa = arith.constant dense<[[[1.0, -1.0, 0.5], [0.25, 2.0, -0.5]], [[0.5, 0.5, 0.5], [-1.0, 1.0, 3.0]]]> : tensor<2x2x3xf32>
  %wb = arith.constant dense<[[[1.0], [2.0]], [[-0.5], [0.75]]]> : tensor<2x2x1xf32>
  %m2 = arith.constant dense<[0.5, -0.5]> : tensor<2xf32>
  %v2 = arith.constant dense<[1.0, 3.0]> : tensor<2xf32>
  %mean = arith.constant dense<[1.0, 2.0, 3.0, 4.0]> : tensor<4xf32>
  %var = arith.constant dense<[3.0, 15.0, 0.0, 8.0]> : tensor<4xf32>
  %scale = arith.constant dense<[2.0, -8.0, 1.0, 3.0]> : tensor<4xf32>
  %a = nn.conv1d ncw %x, %wa {padding = array<i64: 1, 1>} : (tensor<1x2x6xf32>, tensor<2x2x3xf32>) -> tensor<1x2x6xf32>
  // expected-remark@+1 {{folded into 'nn.conv1d'}}
  %an = nn.batch_norm ncw %a, %m2, %v2 scale %v2 {epsilon = 1.0 : f64}
      : (tensor<1x2x6xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x6xf32>
  %b = nn.conv1d ncw %x, %wb : (tensor<1x2x6xf32>, tensor<2x2x1xf32>) -> tensor<1x2x6xf32>
  %c = nn.concat %an, %b axis 1 : (tensor<1x2x6xf32>, tensor<1x2x6xf32>) -> tensor<1x4x6xf32>
  // expected-remark@+1 {{folded into 'nn.conv1d', 'nn.conv1d' through 'nn.concat'}}
  %z = nn.batch_norm ncw %c, %mean, %var scale %scale {epsilon = 1.0 : f64}
      : (tensor<1x4x6xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x6xf32>
  return %z : tensor<1x4x6xf32>
}

// -----

// CHECK-LABEL: func @conv3d_and_transposed
// CHECK: nn.conv3d
// CHECK: nn.conv_transpose3d
// CHECK: nn.concat
// CHECK-NOT: nn.batch_norm
// expected-remark@+1 {{folded 1 of 1 batch_norm ops}}
func.func @conv3d_and_transposed(%x: tensor<1x2x2x2x2xf32>) -> tensor<1x3x2x2x2xf32> {
  %wa = arith.constant dense<0.5> : tensor<1x2x1x1x1xf32>
  %wb = arith.constant dense<[[[[[1.0]]], [[[-1.0]]]], [[[[0.5]]], [[[2.0]]]]]> : tensor<2x2x1x1x1xf32>
  %mean = arith.constant dense<[1.0, 2.0, 3.0]> : tensor<3xf32>
  %var = arith.constant dense<[3.0, 15.0, 0.0]> : tensor<3xf32>
  %scale = arith.constant dense<[-2.0, 8.0, -1.0]> : tensor<3xf32>
  %a = nn.conv3d ncdhw %x, %wa : (tensor<1x2x2x2x2xf32>, tensor<1x2x1x1x1xf32>) -> tensor<1x1x2x2x2xf32>
  %b = nn.conv_transpose3d ncdhw %x, %wb : (tensor<1x2x2x2x2xf32>, tensor<2x2x1x1x1xf32>) -> tensor<1x2x2x2x2xf32>
  %c = nn.concat %a, %b axis 1 : (tensor<1x1x2x2x2xf32>, tensor<1x2x2x2x2xf32>) -> tensor<1x3x2x2x2xf32>
  // expected-remark@+1 {{folded into 'nn.conv3d', 'nn.conv_transpose3d' through 'nn.concat'}}
  %z = nn.batch_norm ncdhw %c, %mean, %var scale %scale {epsilon = 1.0 : f64}
      : (tensor<1x3x2x2x2xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<1x3x2x2x2xf32>
  return %z : tensor<1x3x2x2x2xf32>
}

//===----------------------------------------------------------------------===//
// Refusals: the batch norm stays, with the input that blocks and why.
//===----------------------------------------------------------------------===//

// -----

// CHECK-LABEL: func @no_fold_block_argument
// CHECK: nn.batch_norm
// expected-remark@+1 {{folded 0 of 1 batch_norm ops}}
func.func @no_fold_block_argument(%x: tensor<1x2x3x3xf32>) -> tensor<1x4x3x3xf32> {
  %w = arith.constant dense<0.5> : tensor<2x2x1x1xf32>
  %m = arith.constant dense<[1.0, 2.0, 3.0, 4.0]> : tensor<4xf32>
  %a = nn.conv2d nchw %x, %w : (tensor<1x2x3x3xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x3x3xf32>
  %c = nn.concat %a, %x axis 1 : (tensor<1x2x3x3xf32>, tensor<1x2x3x3xf32>) -> tensor<1x4x3x3xf32>
  // expected-remark@+1 {{not folded: operand #1 of 'nn.concat' is a block argument, not the result of a layer}}
  %z = nn.batch_norm nchw %c, %m, %m : (tensor<1x4x3x3xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x3x3xf32>
  return %z : tensor<1x4x3x3xf32>
}

// -----

// CHECK-LABEL: func @no_fold_non_layer
// CHECK: nn.batch_norm
// expected-remark@+1 {{folded 0 of 1 batch_norm ops}}
func.func @no_fold_non_layer(%x: tensor<1x2x3x3xf32>) -> tensor<1x4x3x3xf32> {
  %w = arith.constant dense<0.5> : tensor<2x2x1x1xf32>
  %m = arith.constant dense<[1.0, 2.0, 3.0, 4.0]> : tensor<4xf32>
  %a = nn.conv2d nchw %x, %w : (tensor<1x2x3x3xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x3x3xf32>
  %r = nn.relu %a : tensor<1x2x3x3xf32>
  %b = nn.conv2d nchw %x, %w : (tensor<1x2x3x3xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x3x3xf32>
  %c = nn.concat %b, %r axis 1 : (tensor<1x2x3x3xf32>, tensor<1x2x3x3xf32>) -> tensor<1x4x3x3xf32>
  // expected-remark@+1 {{not folded: operand #1 of 'nn.concat' comes from 'nn.relu', which is not a convolution or matmul (nor a reshape or batch_to_space after one)}}
  %z = nn.batch_norm nchw %c, %m, %m : (tensor<1x4x3x3xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x3x3xf32>
  return %z : tensor<1x4x3x3xf32>
}

// -----

// CHECK-LABEL: func @no_fold_other_axis
// CHECK: nn.batch_norm
// expected-remark@+1 {{folded 0 of 1 batch_norm ops}}
func.func @no_fold_other_axis(%x: tensor<1x2x3x3xf32>) -> tensor<1x2x6x3xf32> {
  %w = arith.constant dense<0.5> : tensor<2x2x1x1xf32>
  %m = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %a = nn.conv2d nchw %x, %w : (tensor<1x2x3x3xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x3x3xf32>
  %b = nn.conv2d nchw %x, %w : (tensor<1x2x3x3xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x3x3xf32>
  %c = nn.concat %a, %b axis 2 : (tensor<1x2x3x3xf32>, tensor<1x2x3x3xf32>) -> tensor<1x2x6x3xf32>
  // expected-remark@+1 {{not folded: 'nn.concat' joins along dim 2, not the batch_norm's channels (dim 1)}}
  %z = nn.batch_norm nchw %c, %m, %m : (tensor<1x2x6x3xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x6x3xf32>
  return %z : tensor<1x2x6x3xf32>
}

// -----

// CHECK-LABEL: func @no_fold_concat_other_user
// CHECK: nn.batch_norm
// expected-remark@+1 {{folded 0 of 1 batch_norm ops}}
func.func @no_fold_concat_other_user(%x: tensor<1x2x3x3xf32>) -> (tensor<1x4x3x3xf32>, tensor<1x4x3x3xf32>) {
  %w = arith.constant dense<0.5> : tensor<2x2x1x1xf32>
  %m = arith.constant dense<[1.0, 2.0, 3.0, 4.0]> : tensor<4xf32>
  %a = nn.conv2d nchw %x, %w : (tensor<1x2x3x3xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x3x3xf32>
  %b = nn.conv2d nchw %x, %w : (tensor<1x2x3x3xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x3x3xf32>
  %c = nn.concat %a, %b axis 1 : (tensor<1x2x3x3xf32>, tensor<1x2x3x3xf32>) -> tensor<1x4x3x3xf32>
  // expected-remark@+1 {{not folded: the result of 'nn.concat' has another user}}
  %z = nn.batch_norm nchw %c, %m, %m : (tensor<1x4x3x3xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x3x3xf32>
  return %z, %c : tensor<1x4x3x3xf32>, tensor<1x4x3x3xf32>
}

// -----

// CHECK-LABEL: func @no_fold_layer_other_user
// CHECK: nn.batch_norm
// expected-remark@+1 {{folded 0 of 1 batch_norm ops}}
func.func @no_fold_layer_other_user(%x: tensor<1x2x3x3xf32>) -> (tensor<1x4x3x3xf32>, tensor<1x2x3x3xf32>) {
  %w = arith.constant dense<0.5> : tensor<2x2x1x1xf32>
  %m = arith.constant dense<[1.0, 2.0, 3.0, 4.0]> : tensor<4xf32>
  %a = nn.conv2d nchw %x, %w : (tensor<1x2x3x3xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x3x3xf32>
  %b = nn.conv2d nchw %x, %w : (tensor<1x2x3x3xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x3x3xf32>
  %c = nn.concat %a, %b axis 1 : (tensor<1x2x3x3xf32>, tensor<1x2x3x3xf32>) -> tensor<1x4x3x3xf32>
  // expected-remark@+1 {{not folded: operand #1 of 'nn.concat' (channels 2 to 3 of the batch_norm) is the result of 'nn.conv2d': the result of 'nn.conv2d' has another user}}
  %z = nn.batch_norm nchw %c, %m, %m : (tensor<1x4x3x3xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x3x3xf32>
  return %z, %b : tensor<1x4x3x3xf32>, tensor<1x2x3x3xf32>
}

// -----

// The same layer twice: its result has two users, the concat's two inputs.
// CHECK-LABEL: func @no_fold_same_layer_twice
// CHECK: nn.batch_norm
// expected-remark@+1 {{folded 0 of 1 batch_norm ops}}
func.func @no_fold_same_layer_twice(%x: tensor<1x2x3x3xf32>) -> tensor<1x4x3x3xf32> {
  %w = arith.constant dense<0.5> : tensor<2x2x1x1xf32>
  %m = arith.constant dense<[1.0, 2.0, 3.0, 4.0]> : tensor<4xf32>
  %a = nn.conv2d nchw %x, %w : (tensor<1x2x3x3xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x3x3xf32>
  %c = nn.concat %a, %a axis 1 : (tensor<1x2x3x3xf32>, tensor<1x2x3x3xf32>) -> tensor<1x4x3x3xf32>
  // expected-remark@+1 {{not folded: operand #0 of 'nn.concat' (channels 0 to 1 of the batch_norm) is the result of 'nn.conv2d': the result of 'nn.conv2d' has another user}}
  %z = nn.batch_norm nchw %c, %m, %m : (tensor<1x4x3x3xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x3x3xf32>
  return %z : tensor<1x4x3x3xf32>
}

// -----

// CHECK-LABEL: func @no_fold_runtime_parameters
// CHECK: nn.batch_norm
// expected-remark@+1 {{folded 0 of 1 batch_norm ops}}
func.func @no_fold_runtime_parameters(%x: tensor<1x2x3x3xf32>, %mean: tensor<4xf32>) -> tensor<1x4x3x3xf32> {
  %w = arith.constant dense<0.5> : tensor<2x2x1x1xf32>
  %m = arith.constant dense<[1.0, 2.0, 3.0, 4.0]> : tensor<4xf32>
  %a = nn.conv2d nchw %x, %w : (tensor<1x2x3x3xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x3x3xf32>
  %b = nn.conv2d nchw %x, %w : (tensor<1x2x3x3xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x3x3xf32>
  %c = nn.concat %a, %b axis 1 : (tensor<1x2x3x3xf32>, tensor<1x2x3x3xf32>) -> tensor<1x4x3x3xf32>
  // expected-remark@+1 {{not folded: its mean is not a constant (a block argument); a fold across 'nn.concat' splits constant parameters only}}
  %z = nn.batch_norm nchw %c, %mean, %m : (tensor<1x4x3x3xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x3x3xf32>
  return %z : tensor<1x4x3x3xf32>
}

// -----

// CHECK-LABEL: func @no_fold_runtime_weights
// CHECK: nn.batch_norm
// expected-remark@+1 {{folded 0 of 1 batch_norm ops}}
func.func @no_fold_runtime_weights(%x: tensor<1x2x3x3xf32>, %wb: tensor<2x2x1x1xf32>) -> tensor<1x4x3x3xf32> {
  %w = arith.constant dense<0.5> : tensor<2x2x1x1xf32>
  %m = arith.constant dense<[1.0, 2.0, 3.0, 4.0]> : tensor<4xf32>
  %a = nn.conv2d nchw %x, %w : (tensor<1x2x3x3xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x3x3xf32>
  %b = nn.conv2d nchw %x, %wb : (tensor<1x2x3x3xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x3x3xf32>
  %c = nn.concat %a, %b axis 1 : (tensor<1x2x3x3xf32>, tensor<1x2x3x3xf32>) -> tensor<1x4x3x3xf32>
  // expected-remark@+1 {{not folded: operand #1 of 'nn.concat' (channels 2 to 3 of the batch_norm) is the result of 'nn.conv2d': the weights of 'nn.conv2d' are not a constant (a block argument)}}
  %z = nn.batch_norm nchw %c, %m, %m : (tensor<1x4x3x3xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x3x3xf32>
  return %z : tensor<1x4x3x3xf32>
}

// -----

// A parameter problem is the batch norm's own, whichever input it is in.
// CHECK-LABEL: func @no_fold_variance
// CHECK: nn.batch_norm
// expected-remark@+1 {{folded 0 of 1 batch_norm ops}}
func.func @no_fold_variance(%x: tensor<1x2x3x3xf32>) -> tensor<1x4x3x3xf32> {
  %w = arith.constant dense<0.5> : tensor<2x2x1x1xf32>
  %m = arith.constant dense<[1.0, 2.0, 3.0, 4.0]> : tensor<4xf32>
  %v = arith.constant dense<[1.0, 2.0, -3.0, 4.0]> : tensor<4xf32>
  %a = nn.conv2d nchw %x, %w : (tensor<1x2x3x3xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x3x3xf32>
  %b = nn.conv2d nchw %x, %w : (tensor<1x2x3x3xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x3x3xf32>
  %c = nn.concat %a, %b axis 1 : (tensor<1x2x3x3xf32>, tensor<1x2x3x3xf32>) -> tensor<1x4x3x3xf32>
  // expected-remark@+1 {{not folded: variance[2] + epsilon = -2.99999 is not positive}}
  %z = nn.batch_norm nchw %c, %m, %v : (tensor<1x4x3x3xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x3x3xf32>
  return %z : tensor<1x4x3x3xf32>
}

// -----

// The slice of channels 2..3 (multiplier 1e4) overflows the f16 weights of
// the second layer; the first layer's slice (multiplier 1) would fit.
// CHECK-LABEL: func @no_fold_f16_overflow
// CHECK: nn.batch_norm
// expected-remark@+1 {{folded 0 of 1 batch_norm ops}}
func.func @no_fold_f16_overflow(%x: tensor<1x2x3x3xf16>) -> tensor<1x4x3x3xf16> {
  %w = arith.constant dense<10.0> : tensor<2x2x1x1xf16>
  %m = arith.constant dense<0.0> : tensor<4xf16>
  %v = arith.constant dense<[0.0, 0.0, 0.0, 0.0]> : tensor<4xf16>
  %s = arith.constant dense<[1.0, 1.0, 10000.0, 1.0]> : tensor<4xf16>
  %a = nn.conv2d nchw %x, %w : (tensor<1x2x3x3xf16>, tensor<2x2x1x1xf16>) -> tensor<1x2x3x3xf16>
  %b = nn.conv2d nchw %x, %w : (tensor<1x2x3x3xf16>, tensor<2x2x1x1xf16>) -> tensor<1x2x3x3xf16>
  %c = nn.concat %a, %b axis 1 : (tensor<1x2x3x3xf16>, tensor<1x2x3x3xf16>) -> tensor<1x4x3x3xf16>
  // expected-remark@+1 {{not folded: operand #1 of 'nn.concat' (channels 2 to 3 of the batch_norm) is the result of 'nn.conv2d': a scaled weight of channel 0 would be}}
  %z = nn.batch_norm nchw %c, %m, %v scale %s {epsilon = 1.0 : f64} : (tensor<1x4x3x3xf16>, tensor<4xf16>, tensor<4xf16>, tensor<4xf16>) -> tensor<1x4x3x3xf16>
  return %z : tensor<1x4x3x3xf16>
}

// -----

// CHECK-LABEL: func @no_fold_reshape_after_conv
// CHECK: nn.batch_norm
// expected-remark@+1 {{folded 0 of 1 batch_norm ops}}
func.func @no_fold_reshape_after_conv(%x: tensor<1x2x1x1xf32>, %y: tensor<1x2xf32>) -> tensor<1x4xf32> {
  %w = arith.constant dense<0.5> : tensor<2x2x1x1xf32>
  %wm = arith.constant dense<0.5> : tensor<2x2xf32>
  %m = arith.constant dense<[1.0, 2.0, 3.0, 4.0]> : tensor<4xf32>
  %a = nn.matmul %y, %wm : (tensor<1x2xf32>, tensor<2x2xf32>) -> tensor<1x2xf32>
  %b = nn.conv2d nchw %x, %w : (tensor<1x2x1x1xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x1x1xf32>
  %r = nn.reshape %b : (tensor<1x2x1x1xf32>) -> tensor<1x2xf32>
  %c = nn.concat %a, %r axis 1 : (tensor<1x2xf32>, tensor<1x2xf32>) -> tensor<1x4xf32>
  // expected-remark@+1 {{not folded: operand #1 of 'nn.concat' (channels 2 to 3 of the batch_norm) is the result of 'nn.conv2d' through 'nn.reshape': a 'nn.reshape' sits between 'nn.conv2d' and the batch_norm; only a matmul folds through a reshape}}
  %z = nn.batch_norm %c, %m, %m : (tensor<1x4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4xf32>
  return %z : tensor<1x4xf32>
}

// -----

// A bias_add that cannot join its layer's bias (the layer has another
// user) blocks the fold with that reason.
// CHECK-LABEL: func @no_fold_bias_add
// CHECK: nn.batch_norm
// expected-remark@+1 {{folded 0 of 1 batch_norm ops}}
func.func @no_fold_bias_add(%x: tensor<1x2x3x3xf32>) -> (tensor<1x4x3x3xf32>, tensor<1x2x3x3xf32>) {
  %w = arith.constant dense<0.5> : tensor<2x2x1x1xf32>
  %m = arith.constant dense<[1.0, 2.0, 3.0, 4.0]> : tensor<4xf32>
  %b2 = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %a = nn.conv2d nchw %x, %w : (tensor<1x2x3x3xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x3x3xf32>
  %b = nn.conv2d nchw %x, %w : (tensor<1x2x3x3xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x3x3xf32>
  %bb = nn.bias_add nchw %b, %b2 : (tensor<1x2x3x3xf32>, tensor<2xf32>) -> tensor<1x2x3x3xf32>
  %c = nn.concat %a, %bb axis 1 : (tensor<1x2x3x3xf32>, tensor<1x2x3x3xf32>) -> tensor<1x4x3x3xf32>
  // expected-remark@+1 {{not folded: operand #1 of 'nn.concat' comes from an 'nn.bias_add' that cannot join the bias of 'nn.conv2d': the result of 'nn.conv2d' has another user besides its 'nn.bias_add'}}
  %z = nn.batch_norm nchw %c, %m, %m : (tensor<1x4x3x3xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x3x3xf32>
  return %z, %b : tensor<1x4x3x3xf32>, tensor<1x2x3x3xf32>
}
