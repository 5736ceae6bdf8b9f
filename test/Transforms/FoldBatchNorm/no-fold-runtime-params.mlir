// RUN: bnfold-opt %s --fold-batchnorm="report runtime-parameters=false" -split-input-file -verify-diagnostics | FileCheck %s
// Execution check of the one fold in this file (the expected-* comments are
// only checked by the first RUN line).
// RUN: bnfold-opt %s --fold-batchnorm=runtime-parameters=false -o %t 2>/dev/null
// RUN: bnfold-run --compare --all-functions %s %t | FileCheck %s --check-prefix=EXEC
// EXEC-NOT: MISMATCH
// EXEC: compare all: OK

// With runtime-parameters=false, a batch_norm whose folded weights or bias
// would be computed at run time (nn.bn_fold_weights / nn.bn_fold_bias with an
// operand that is not a constant) stays, and the remark names the value that
// is not a constant. --fold-onnx folds this way: ONNX has no form for those
// ops. (runtime-params.mlir: the same functions fold by default.)

// CHECK-LABEL: func @no_fold_weights_argument
// CHECK-NOT: nn.bn_fold
// CHECK: nn.batch_norm
// expected-remark@+1 {{folded 0 of 1 batch_norm ops}}
func.func @no_fold_weights_argument(%x: tensor<1x4x4x2xf32>, %w: tensor<1x1x2x2xf32>) -> tensor<1x4x4x2xf32> {
  %m = arith.constant dense<1.0> : tensor<2xf32>
  %y = nn.conv2d nhwc %x, %w : (tensor<1x4x4x2xf32>, tensor<1x1x2x2xf32>) -> tensor<1x4x4x2xf32>
  // expected-remark@+1 {{not folded: the weights of 'nn.conv2d' are not a constant (a block argument)}}
  %z = nn.batch_norm nhwc %y, %m, %m : (tensor<1x4x4x2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x4x4x2xf32>
  return %z : tensor<1x4x4x2xf32>
}

// -----

// CHECK-LABEL: func @no_fold_layer_bias_computed
// CHECK: nn.batch_norm
// expected-remark@+1 {{folded 0 of 1 batch_norm ops}}
func.func @no_fold_layer_bias_computed(%x: tensor<2x3xf32>, %b: tensor<4xf32>) -> tensor<2x4xf32> {
  %w = arith.constant dense<0.5> : tensor<3x4xf32>
  %m = arith.constant dense<1.0> : tensor<4xf32>
  %bias = nn.relu %b : tensor<4xf32>
  %y = nn.matmul %x, %w, %bias : (tensor<2x3xf32>, tensor<3x4xf32>, tensor<4xf32>) -> tensor<2x4xf32>
  // expected-remark@+1 {{not folded: the bias of 'nn.matmul' is not a constant (the result of 'nn.relu')}}
  %z = nn.batch_norm %y, %m, %m : (tensor<2x4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<2x4xf32>
  return %z : tensor<2x4xf32>
}

// -----

// CHECK-LABEL: func @no_fold_mean_argument
// CHECK: nn.batch_norm
// expected-remark@+1 {{folded 0 of 1 batch_norm ops}}
func.func @no_fold_mean_argument(%x: tensor<1x4x4x2xf32>, %mean: tensor<2xf32>) -> tensor<1x4x4x2xf32> {
  %w = arith.constant dense<0.5> : tensor<1x1x2x2xf32>
  %v = arith.constant dense<1.0> : tensor<2xf32>
  %y = nn.conv2d nhwc %x, %w : (tensor<1x4x4x2xf32>, tensor<1x1x2x2xf32>) -> tensor<1x4x4x2xf32>
  // expected-remark@+1 {{not folded: its mean is not a constant (a block argument)}}
  %z = nn.batch_norm nhwc %y, %mean, %v : (tensor<1x4x4x2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x4x4x2xf32>
  return %z : tensor<1x4x4x2xf32>
}

// -----

// CHECK-LABEL: func @no_fold_variance_argument
// CHECK: nn.batch_norm
// expected-remark@+1 {{folded 0 of 1 batch_norm ops}}
func.func @no_fold_variance_argument(%x: tensor<1x2x4x4xf32>, %var: tensor<2xf32>) -> tensor<1x2x4x4xf32> {
  %w = arith.constant dense<0.5> : tensor<2x2x1x1xf32>
  %m = arith.constant dense<1.0> : tensor<2xf32>
  %y = nn.conv2d nchw %x, %w : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  // expected-remark@+1 {{not folded: its variance is not a constant (a block argument)}}
  %z = nn.batch_norm nchw %y, %m, %var : (tensor<1x2x4x4xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  return %z : tensor<1x2x4x4xf32>
}

// -----

// CHECK-LABEL: func @no_fold_scale_and_offset_arguments
// CHECK: nn.batch_norm
// expected-remark@+1 {{folded 0 of 2 batch_norm ops}}
func.func @no_fold_scale_and_offset_arguments(%x: tensor<1x4x4x2xf32>, %s: tensor<2xf32>, %o: tensor<2xf32>) -> (tensor<1x4x4x2xf32>, tensor<1x4x4x2xf32>) {
  %w = arith.constant dense<0.5> : tensor<1x1x2x2xf32>
  %m = arith.constant dense<1.0> : tensor<2xf32>
  %y = nn.conv2d nhwc %x, %w : (tensor<1x4x4x2xf32>, tensor<1x1x2x2xf32>) -> tensor<1x4x4x2xf32>
  // expected-remark@+1 {{not folded: its scale is not a constant (a block argument)}}
  %z = nn.batch_norm nhwc %y, %m, %m scale %s : (tensor<1x4x4x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x4x4x2xf32>
  %y2 = nn.conv2d nhwc %x, %w : (tensor<1x4x4x2xf32>, tensor<1x1x2x2xf32>) -> tensor<1x4x4x2xf32>
  // expected-remark@+1 {{not folded: its offset is not a constant (a block argument)}}
  %z2 = nn.batch_norm nhwc %y2, %m, %m offset %o : (tensor<1x4x4x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x4x4x2xf32>
  return %z, %z2 : tensor<1x4x4x2xf32>, tensor<1x4x4x2xf32>
}

// -----

// Through a reshape: the same check.
// CHECK-LABEL: func @no_fold_through_reshape_variance_computed
// CHECK: nn.batch_norm
// expected-remark@+1 {{folded 0 of 1 batch_norm ops}}
func.func @no_fold_through_reshape_variance_computed(%x: tensor<2x3xf32>, %v: tensor<4xf32>) -> tensor<2x4x1x1xf32> {
  %w = arith.constant dense<0.5> : tensor<3x4xf32>
  %m = arith.constant dense<1.0> : tensor<4xf32>
  %var = nn.relu %v : tensor<4xf32>
  %y = nn.matmul %x, %w : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
  %r = nn.reshape %y : (tensor<2x4xf32>) -> tensor<2x4x1x1xf32>
  // expected-remark@+1 {{not folded: its variance is not a constant (the result of 'nn.relu')}}
  %z = nn.batch_norm %r, %m, %var {axis = 1 : i64} : (tensor<2x4x1x1xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<2x4x1x1xf32>
  return %z : tensor<2x4x1x1xf32>
}

// -----

// Constants everywhere: folds as usual.
// CHECK-LABEL: func @constants_fold
// CHECK-NOT: nn.batch_norm
// CHECK-NOT: nn.bn_fold
// CHECK: nn.conv2d
// expected-remark@+1 {{folded 1 of 1 batch_norm ops}}
func.func @constants_fold(%x: tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32> {
  %w = arith.constant dense<0.5> : tensor<1x1x2x2xf32>
  %m = arith.constant dense<1.0> : tensor<2xf32>
  %v = arith.constant dense<3.0> : tensor<2xf32>
  %y = nn.conv2d nhwc %x, %w : (tensor<1x4x4x2xf32>, tensor<1x1x2x2xf32>) -> tensor<1x4x4x2xf32>
  // expected-remark@+1 {{folded into 'nn.conv2d'}}
  %z = nn.batch_norm nhwc %y, %m, %v : (tensor<1x4x4x2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x4x4x2xf32>
  return %z : tensor<1x4x4x2xf32>
}
