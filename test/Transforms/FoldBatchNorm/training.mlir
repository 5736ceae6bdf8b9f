// RUN: bnfold-opt %s --fold-batchnorm="report mode=training" -split-input-file -verify-diagnostics | FileCheck %s
// RUN: bnfold-opt %s --fold-batchnorm=report -split-input-file -o /dev/null 2>&1 | FileCheck %s --check-prefix=INFERENCE

// mode=training: nn.batch_norm_training after a layer folds into a copy of
// the layer with the weights (and bias) scaled by scale / sigma_moving,
// followed by nn.bn_fold_correction; the batch norm and the original layer
// stay for the batch statistics and the moving averages. In mode=inference
// (the second RUN) every training batch norm is left, with its reason.
// INFERENCE-NOT: folded for training
// INFERENCE-NOT: nn.bn_fold_correction

// CHECK-LABEL: func @conv2d_nchw_bias
// CHECK-SAME:    (%[[X:[^:]+]]: tensor<?x3x5x5xf32>, %[[MM:[^:]+]]: tensor<4xf32>, %[[MV:[^:]+]]: tensor<4xf32>, %[[G:[^:]+]]: tensor<4xf32>, %[[BT:[^:]+]]: tensor<4xf32>, %[[S:[^:]+]]: tensor<i64>)
// CHECK-DAG:     %[[W:.*]] = arith.constant dense<5.000000e-01> : tensor<4x3x3x3xf32>
// CHECK-DAG:     %[[B:.*]] = arith.constant dense<[1.000000e-01, 2.000000e-01, 3.000000e-01, 4.000000e-01]> : tensor<4xf32>
// CHECK-DAG:     %[[ZERO:.*]] = arith.constant dense<0.000000e+00> : tensor<4xf32>
// CHECK:         %[[Y:.*]] = nn.conv2d nchw %[[X]], %[[W]], %[[B]] {padding = array<i64: 1, 1, 1, 1>}
// CHECK:         %[[OUT:.*]], %[[BMEAN:.*]], %[[BVAR:.*]], %[[NMM:.*]], %[[NMV:.*]] = nn.batch_norm_training nchw %[[Y]], %[[MM]], %[[MV]] scale %[[G]] offset %[[BT]] step %[[S]] {epsilon = 1.000000e-03 : f64, freeze_delay = 10 : i64}
// CHECK:         %[[WF:.*]] = nn.bn_fold_weights %[[W]], %[[MV]] scale %[[G]] {channel_dims = array<i64: 0>, epsilon = 1.000000e-03 : f64}
// CHECK:         %[[BF:.*]] = nn.bn_fold_bias %[[ZERO]], %[[MV]] bias %[[B]] scale %[[G]] {epsilon = 1.000000e-03 : f64}
// CHECK:         %[[Z:.*]] = nn.conv2d nchw %[[X]], %[[WF]], %[[BF]] {padding = array<i64: 1, 1, 1, 1>}
// CHECK:         %[[C:.*]] = nn.bn_fold_correction nchw %[[Z]], %[[BMEAN]], %[[BVAR]], %[[MM]], %[[MV]] scale %[[G]] offset %[[BT]] step %[[S]] {epsilon = 1.000000e-03 : f64, freeze_delay = 10 : i64}
// CHECK:         return %[[C]], %[[NMM]], %[[NMV]]
// expected-remark@+1 {{folded 1 of 1 batch_norm ops}}
func.func @conv2d_nchw_bias(%x: tensor<?x3x5x5xf32>, %mm: tensor<4xf32>, %mv: tensor<4xf32>, %g: tensor<4xf32>, %b: tensor<4xf32>, %s: tensor<i64>) -> (tensor<?x4x5x5xf32>, tensor<4xf32>, tensor<4xf32>) {
  %w = arith.constant dense<0.5> : tensor<4x3x3x3xf32>
  %bias = arith.constant dense<[0.1, 0.2, 0.3, 0.4]> : tensor<4xf32>
  %y = nn.conv2d nchw %x, %w, %bias {padding = array<i64: 1, 1, 1, 1>} : (tensor<?x3x5x5xf32>, tensor<4x3x3x3xf32>, tensor<4xf32>) -> tensor<?x4x5x5xf32>
  // expected-remark@+1 {{folded for training into a copy of 'nn.conv2d'; the original computes the batch statistics}}
  %o:5 = nn.batch_norm_training nchw %y, %mm, %mv scale %g offset %b step %s {epsilon = 1.0e-03 : f64, freeze_delay = 10 : i64}
      : (tensor<?x4x5x5xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<i64>) -> (tensor<?x4x5x5xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>)
  return %o#0, %o#3, %o#4 : tensor<?x4x5x5xf32>, tensor<4xf32>, tensor<4xf32>
}
// INFERENCE: remark: not folded: batch statistics are computed at run time
// INFERENCE: remark: folded 0 of 1 batch_norm ops

// -----

// Constant parameters: the scaled weights fold to a constant, W * scale /
// sqrt(moving_variance + epsilon) = 0.5 * 2 / sqrt(3 + 1) = 0.5 and
// 0.5 * -1 / sqrt(0 + 1) = -0.5, along the depthwise filter's [C, M] dims;
// no bias, no step: the correction has no freeze.
// CHECK-LABEL: func @depthwise_nhwc_constants
// CHECK:         %[[WF:.*]] = arith.constant dense<{{\[\[\[\[}}5.000000e-01], [-5.000000e-01]]]]> : tensor<1x1x2x1xf64>
// CHECK:         nn.batch_norm_training nhwc
// CHECK:         %[[Z:.*]] = nn.depthwise_conv2d nhwc %arg0, %[[WF]] :
// CHECK:         nn.bn_fold_correction nhwc %[[Z]], %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} scale %{{.*}} {epsilon = 1.000000e+00 : f64} :
// expected-remark@+1 {{folded 1 of 1 batch_norm ops}}
func.func @depthwise_nhwc_constants(%x: tensor<1x4x4x2xf64>) -> tensor<1x4x4x2xf64> {
  %w = arith.constant dense<0.5> : tensor<1x1x2x1xf64>
  %mm = arith.constant dense<[1.0, -1.0]> : tensor<2xf64>
  %mv = arith.constant dense<[3.0, 0.0]> : tensor<2xf64>
  %g = arith.constant dense<[2.0, -1.0]> : tensor<2xf64>
  %y = nn.depthwise_conv2d nhwc %x, %w : (tensor<1x4x4x2xf64>, tensor<1x1x2x1xf64>) -> tensor<1x4x4x2xf64>
  // expected-remark@+1 {{folded for training into a copy of 'nn.depthwise_conv2d'; the original computes the batch statistics}}
  %o:5 = nn.batch_norm_training nhwc %y, %mm, %mv scale %g {epsilon = 1.0 : f64}
      : (tensor<1x4x4x2xf64>, tensor<2xf64>, tensor<2xf64>, tensor<2xf64>) -> (tensor<1x4x4x2xf64>, tensor<2xf64>, tensor<2xf64>, tensor<2xf64>, tensor<2xf64>)
  return %o#0 : tensor<1x4x4x2xf64>
}

// -----

// A bias_add is absorbed into the layer first, an identity is gone.
// CHECK-LABEL: func @matmul_bias_add_identity
// CHECK:         %[[Y:.*]] = nn.matmul %arg0, %{{.*}}, %{{.*}} {transpose_rhs}
// CHECK:         nn.batch_norm_training %[[Y]]
// CHECK:         %[[Z:.*]] = nn.matmul %arg0, %{{.*}}, %{{.*}} {transpose_rhs}
// CHECK:         nn.bn_fold_correction %[[Z]]
// expected-remark@+1 {{folded 1 of 1 batch_norm ops}}
func.func @matmul_bias_add_identity(%x: tensor<4x8xf32>, %w: tensor<3x8xf32>, %b: tensor<3xf32>, %mm: tensor<3xf32>, %mv: tensor<3xf32>) -> tensor<4x3xf32> {
  %y = nn.matmul %x, %w {transpose_rhs} : (tensor<4x8xf32>, tensor<3x8xf32>) -> tensor<4x3xf32>
  %i = nn.identity %y : tensor<4x3xf32>
  %a = nn.bias_add %i, %b : (tensor<4x3xf32>, tensor<3xf32>) -> tensor<4x3xf32>
  // expected-remark@+1 {{folded for training into a copy of 'nn.matmul'; the original computes the batch statistics}}
  %o:5 = nn.batch_norm_training %a, %mm, %mv : (tensor<4x3xf32>, tensor<3xf32>, tensor<3xf32>) -> (tensor<4x3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>)
  return %o#0 : tensor<4x3xf32>
}

// -----

// CHECK-LABEL: func @matmul_reshape
// CHECK:         nn.batch_norm_training
// CHECK:         %[[Z:.*]] = nn.matmul %arg0, %{{.*}} :
// CHECK:         %[[R:.*]] = nn.reshape %[[Z]] : (tensor<2x3xf32>) -> tensor<2x3x1x1xf32>
// CHECK:         nn.bn_fold_correction nchw %[[R]]
// expected-remark@+1 {{folded 1 of 1 batch_norm ops}}
func.func @matmul_reshape(%x: tensor<2x8xf32>, %w: tensor<8x3xf32>, %mm: tensor<3xf32>, %mv: tensor<3xf32>) -> tensor<2x3x1x1xf32> {
  %y = nn.matmul %x, %w : (tensor<2x8xf32>, tensor<8x3xf32>) -> tensor<2x3xf32>
  %r = nn.reshape %y : (tensor<2x3xf32>) -> tensor<2x3x1x1xf32>
  // expected-remark@+1 {{folded for training into a copy of 'nn.matmul' through 'nn.reshape'; the original computes the batch statistics}}
  %o:5 = nn.batch_norm_training nchw %r, %mm, %mv : (tensor<2x3x1x1xf32>, tensor<3xf32>, tensor<3xf32>) -> (tensor<2x3x1x1xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>)
  return %o#0 : tensor<2x3x1x1xf32>
}

// -----

// The tail of an atrous convolution whose crops exceed the paddings, so that
// it stays a triple.
// CHECK-LABEL: func @conv_batch_to_space
// CHECK:         nn.batch_norm_training
// CHECK:         %[[Z:.*]] = nn.conv2d nhwc %{{.*}}, %{{.*}} :
// CHECK:         %[[B:.*]] = nn.batch_to_space nhwc %[[Z]]
// CHECK:         nn.bn_fold_correction nhwc %[[B]]
// expected-remark@+1 {{folded 1 of 1 batch_norm ops}}
func.func @conv_batch_to_space(%x: tensor<4x3x3x2xf32>, %w: tensor<1x1x2x2xf32>, %mm: tensor<2xf32>, %mv: tensor<2xf32>) -> tensor<1x5x6x2xf32> {
  %y = nn.conv2d nhwc %x, %w : (tensor<4x3x3x2xf32>, tensor<1x1x2x2xf32>) -> tensor<4x3x3x2xf32>
  %t = nn.batch_to_space nhwc %y {block_shape = array<i64: 2, 2>, crops = array<i64: 1, 0, 0, 0>} : (tensor<4x3x3x2xf32>) -> tensor<1x5x6x2xf32>
  // expected-remark@+1 {{folded for training into a copy of 'nn.conv2d' through 'nn.batch_to_space'; the original computes the batch statistics}}
  %o:5 = nn.batch_norm_training nhwc %t, %mm, %mv : (tensor<1x5x6x2xf32>, tensor<2xf32>, tensor<2xf32>) -> (tensor<1x5x6x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>)
  return %o#0 : tensor<1x5x6x2xf32>
}

// -----

// The layer's result has another user: it keeps the original layer.
// CHECK-LABEL: func @layer_with_another_user
// CHECK:         %[[Y:.*]] = nn.conv1d ncw
// CHECK:         nn.batch_norm_training ncw %[[Y]]
// CHECK:         %[[Z:.*]] = nn.conv1d ncw
// CHECK:         %[[C:.*]] = nn.bn_fold_correction ncw %[[Z]]
// CHECK:         return %[[C]], %[[Y]]
// expected-remark@+1 {{folded 1 of 1 batch_norm ops}}
func.func @layer_with_another_user(%x: tensor<2x2x6xf32>, %w: tensor<3x2x3xf32>, %mm: tensor<3xf32>, %mv: tensor<3xf32>) -> (tensor<2x3x4xf32>, tensor<2x3x4xf32>) {
  %y = nn.conv1d ncw %x, %w : (tensor<2x2x6xf32>, tensor<3x2x3xf32>) -> tensor<2x3x4xf32>
  // expected-remark@+1 {{folded for training into a copy of 'nn.conv1d'; the original computes the batch statistics}}
  %o:5 = nn.batch_norm_training ncw %y, %mm, %mv : (tensor<2x3x4xf32>, tensor<3xf32>, tensor<3xf32>) -> (tensor<2x3x4xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>)
  return %o#0, %y : tensor<2x3x4xf32>, tensor<2x3x4xf32>
}

// -----

// An inference batch norm beside a training one: mode=training folds both,
// each its way.
// CHECK-LABEL: func @mixed
// CHECK-NOT:     nn.batch_norm nhwc
// CHECK:         nn.bn_fold_correction
// expected-remark@+1 {{folded 2 of 2 batch_norm ops}}
func.func @mixed(%x: tensor<1x4x4x2xf32>, %mm: tensor<2xf32>, %mv: tensor<2xf32>) -> (tensor<1x4x4x2xf32>, tensor<1x4x4x2xf32>) {
  %w = arith.constant dense<0.5> : tensor<1x1x2x2xf32>
  %m = arith.constant dense<1.0> : tensor<2xf32>
  %y = nn.conv2d nhwc %x, %w : (tensor<1x4x4x2xf32>, tensor<1x1x2x2xf32>) -> tensor<1x4x4x2xf32>
  // expected-remark@+1 {{folded into 'nn.conv2d'}}
  %z = nn.batch_norm nhwc %y, %m, %m : (tensor<1x4x4x2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x4x4x2xf32>
  %y2 = nn.conv2d nhwc %x, %w : (tensor<1x4x4x2xf32>, tensor<1x1x2x2xf32>) -> tensor<1x4x4x2xf32>
  // expected-remark@+1 {{folded for training into a copy of 'nn.conv2d'; the original computes the batch statistics}}
  %o:5 = nn.batch_norm_training nhwc %y2, %mm, %mv : (tensor<1x4x4x2xf32>, tensor<2xf32>, tensor<2xf32>) -> (tensor<1x4x4x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>)
  return %z, %o#0 : tensor<1x4x4x2xf32>, tensor<1x4x4x2xf32>
}
// INFERENCE: remark: folded into 'nn.conv2d'
// INFERENCE: remark: not folded: batch statistics are computed at run time
// INFERENCE: remark: folded 1 of 2 batch_norm ops
