// RUN: bnfold-opt %s --fold-batchnorm="report mode=training" -split-input-file -verify-diagnostics | FileCheck %s

// Every reason for leaving an nn.batch_norm_training in place in
// mode=training, with its remark (mode=inference: training.mlir). In each
// case the IR keeps its batch norm's output and no correction appears.

// CHECK-LABEL: func @no_fold_training_block_argument
// CHECK-NOT: nn.bn_fold_correction
// expected-remark@+1 {{folded 0 of 1 batch_norm ops}}
func.func @no_fold_training_block_argument(%x: tensor<2x3xf32>, %m: tensor<3xf32>) -> tensor<2x3xf32> {
  // expected-remark@+1 {{not folded: its input is a block argument, not the result of a layer}}
  %o:5 = nn.batch_norm_training %x, %m, %m : (tensor<2x3xf32>, tensor<3xf32>, tensor<3xf32>) -> (tensor<2x3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>)
  return %o#0 : tensor<2x3xf32>
}

// -----

// CHECK-LABEL: func @no_fold_training_relu_between
// CHECK-NOT: nn.bn_fold_correction
// expected-remark@+1 {{folded 0 of 1 batch_norm ops}}
func.func @no_fold_training_relu_between(%x: tensor<2x4xf32>, %w: tensor<4x3xf32>, %m: tensor<3xf32>) -> tensor<2x3xf32> {
  %y = nn.matmul %x, %w : (tensor<2x4xf32>, tensor<4x3xf32>) -> tensor<2x3xf32>
  %r = nn.relu %y : tensor<2x3xf32>
  // expected-remark@+1 {{not folded: its input comes from 'nn.relu', which is not a convolution or matmul (nor an identity, bias_add, reshape or batch_to_space after one)}}
  %o:5 = nn.batch_norm_training %r, %m, %m : (tensor<2x3xf32>, tensor<3xf32>, tensor<3xf32>) -> (tensor<2x3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>)
  return %o#0 : tensor<2x3xf32>
}

// -----

// CHECK-LABEL: func @no_fold_training_reshape_after_conv
// CHECK-NOT: nn.bn_fold_correction
// expected-remark@+1 {{folded 0 of 1 batch_norm ops}}
func.func @no_fold_training_reshape_after_conv(%x: tensor<2x1x1x3xf32>, %w: tensor<1x1x3x3xf32>, %m: tensor<3xf32>) -> tensor<2x3xf32> {
  %y = nn.conv2d nhwc %x, %w : (tensor<2x1x1x3xf32>, tensor<1x1x3x3xf32>) -> tensor<2x1x1x3xf32>
  %r = nn.reshape %y : (tensor<2x1x1x3xf32>) -> tensor<2x3xf32>
  // expected-remark@+1 {{not folded: a 'nn.reshape' sits between 'nn.conv2d' and the batch_norm_training; only a matmul folds through a reshape}}
  %o:5 = nn.batch_norm_training %r, %m, %m : (tensor<2x3xf32>, tensor<3xf32>, tensor<3xf32>) -> (tensor<2x3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>)
  return %o#0 : tensor<2x3xf32>
}

// -----

// CHECK-LABEL: func @no_fold_training_other_dim
// CHECK-NOT: nn.bn_fold_correction
// expected-remark@+1 {{folded 0 of 1 batch_norm ops}}
func.func @no_fold_training_other_dim(%x: tensor<1x2x4x4xf32>, %w: tensor<4x2x1x1xf32>, %m: tensor<4xf32>) -> tensor<1x4x4x4xf32> {
  %y = nn.conv2d nchw %x, %w : (tensor<1x2x4x4xf32>, tensor<4x2x1x1xf32>) -> tensor<1x4x4x4xf32>
  // expected-remark@+1 {{not folded: batch_norm_training normalizes dim 2 but the channels of 'nn.conv2d' are dim 1}}
  %o:5 = nn.batch_norm_training %y, %m, %m {axis = 2 : i64} : (tensor<1x4x4x4xf32>, tensor<4xf32>, tensor<4xf32>) -> (tensor<1x4x4x4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>)
  return %o#0 : tensor<1x4x4x4xf32>
}

// -----

// CHECK-LABEL: func @no_fold_training_batch_to_space_moves_channels
// CHECK-NOT: nn.bn_fold_correction
// expected-remark@+1 {{folded 0 of 1 batch_norm ops}}
func.func @no_fold_training_batch_to_space_moves_channels(%x: tensor<4x3x3x2xf32>, %w: tensor<1x1x2x2xf32>, %m: tensor<4xf32>) -> tensor<1x3x6x4xf32> {
  %y = nn.conv2d nhwc %x, %w : (tensor<4x3x3x2xf32>, tensor<1x1x2x2xf32>) -> tensor<4x3x3x2xf32>
  %t = nn.batch_to_space nchw %y {block_shape = array<i64: 2, 2>, crops = array<i64: 0, 0, 0, 0>} : (tensor<4x3x3x2xf32>) -> tensor<1x3x6x4xf32>
  // expected-remark@+1 {{not folded: 'nn.batch_to_space' (nchw) moves dim 3, which holds the channels of 'nn.conv2d'}}
  %o:5 = nn.batch_norm_training nhwc %t, %m, %m : (tensor<1x3x6x4xf32>, tensor<4xf32>, tensor<4xf32>) -> (tensor<1x3x6x4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>)
  return %o#0 : tensor<1x3x6x4xf32>
}

// -----

// CHECK-LABEL: func @no_fold_training_dynamic_channels
// CHECK-NOT: nn.bn_fold_correction
// expected-remark@+1 {{folded 0 of 1 batch_norm ops}}
func.func @no_fold_training_dynamic_channels(%x: tensor<2x4xf32>, %w: tensor<4x?xf32>, %m: tensor<?xf32>) -> tensor<2x?xf32> {
  %y = nn.matmul %x, %w : (tensor<2x4xf32>, tensor<4x?xf32>) -> tensor<2x?xf32>
  // expected-remark@+1 {{not folded: the channel dim of 'nn.matmul' is dynamic}}
  %o:5 = nn.batch_norm_training %y, %m, %m : (tensor<2x?xf32>, tensor<?xf32>, tensor<?xf32>) -> (tensor<2x?xf32>, tensor<?xf32>, tensor<?xf32>, tensor<?xf32>, tensor<?xf32>)
  return %o#0 : tensor<2x?xf32>
}

// -----

// f16 weights scaled at run time by a multiplier that is not a constant.
// CHECK-LABEL: func @no_fold_training_f16_runtime_multiplier
// CHECK-NOT: nn.bn_fold_correction
// expected-remark@+1 {{folded 0 of 1 batch_norm ops}}
func.func @no_fold_training_f16_runtime_multiplier(%x: tensor<2x4xf16>, %w: tensor<4x3xf16>, %m: tensor<3xf16>) -> tensor<2x3xf16> {
  %y = nn.matmul %x, %w : (tensor<2x4xf16>, tensor<4x3xf16>) -> tensor<2x3xf16>
  // expected-remark@+1 {{not folded: the folded weights would be computed at run time in 'f16' from a multiplier scale / sqrt(moving_variance + epsilon) that is not a constant, and could overflow where the batch_norm_training, computing in f32, does not}}
  %o:5 = nn.batch_norm_training %y, %m, %m : (tensor<2x3xf16>, tensor<3xf16>, tensor<3xf16>) -> (tensor<2x3xf16>, tensor<3xf16>, tensor<3xf16>, tensor<3xf16>, tensor<3xf16>)
  return %o#0 : tensor<2x3xf16>
}

// -----

// f16 weights that are not constants, scaled by a constant multiplier of
// 1000 / sqrt(0 + 1e-4): a weight above 0.65504 would overflow.
// CHECK-LABEL: func @no_fold_training_f16_weights_overflow
// CHECK-NOT: nn.bn_fold_correction
// expected-remark@+1 {{folded 0 of 1 batch_norm ops}}
func.func @no_fold_training_f16_weights_overflow(%x: tensor<2x4xf16>, %w: tensor<4x3xf16>, %m: tensor<3xf16>) -> tensor<2x3xf16> {
  %v = arith.constant dense<0.0> : tensor<3xf16>
  %g = arith.constant dense<1000.0> : tensor<3xf16>
  %y = nn.matmul %x, %w : (tensor<2x4xf16>, tensor<4x3xf16>) -> tensor<2x3xf16>
  // expected-remark@+1 {{not folded: the weights of 'nn.matmul' are not constants: folded at run time, a weight above 0.65504 would overflow 'f16' (channel 0 is scaled by 100000)}}
  %o:5 = nn.batch_norm_training %y, %m, %v scale %g {epsilon = 1.0e-04 : f64} : (tensor<2x3xf16>, tensor<3xf16>, tensor<3xf16>, tensor<3xf16>) -> (tensor<2x3xf16>, tensor<3xf16>, tensor<3xf16>, tensor<3xf16>, tensor<3xf16>)
  return %o#0 : tensor<2x3xf16>
}

// -----

// Only the moving averages are used: there is no output to correct.
// CHECK-LABEL: func @no_fold_training_output_unused
// CHECK-NOT: nn.bn_fold_correction
// expected-remark@+1 {{folded 0 of 1 batch_norm ops}}
func.func @no_fold_training_output_unused(%x: tensor<2x4xf32>, %w: tensor<4x3xf32>, %m: tensor<3xf32>) -> (tensor<3xf32>, tensor<3xf32>) {
  %y = nn.matmul %x, %w : (tensor<2x4xf32>, tensor<4x3xf32>) -> tensor<2x3xf32>
  // expected-remark@+1 {{not folded: its normalized output has no user}}
  %o:5 = nn.batch_norm_training %y, %m, %m : (tensor<2x3xf32>, tensor<3xf32>, tensor<3xf32>) -> (tensor<2x3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>)
  return %o#3, %o#4 : tensor<3xf32>, tensor<3xf32>
}

// -----

// The bias_add stays (its layer has another user), and the batch norm
// reads it: the bias_add's reason.
// CHECK-LABEL: func @no_fold_training_bias_add_on_shared_layer
// CHECK-NOT: nn.bn_fold_correction
// expected-remark@+1 {{folded 0 of 1 batch_norm ops}}
func.func @no_fold_training_bias_add_on_shared_layer(%x: tensor<2x4xf32>, %w: tensor<4x3xf32>, %b: tensor<3xf32>, %m: tensor<3xf32>) -> (tensor<2x3xf32>, tensor<2x3xf32>) {
  %y = nn.matmul %x, %w : (tensor<2x4xf32>, tensor<4x3xf32>) -> tensor<2x3xf32>
  %a = nn.bias_add %y, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  // expected-remark@+1 {{not folded: the result of 'nn.matmul' has another user besides its 'nn.bias_add'}}
  %o:5 = nn.batch_norm_training %a, %m, %m : (tensor<2x3xf32>, tensor<3xf32>, tensor<3xf32>) -> (tensor<2x3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>)
  return %o#0, %y : tensor<2x3xf32>, tensor<2x3xf32>
}

// -----

// f16 weights and a constant multiplier: the folded weights are computed
// now, and 3e4 * 8 / sqrt(0.01 + 0.001) overflows f16, where the batch
// norm (computing in f32) does not.
// CHECK-LABEL: func @no_fold_training_f16_constant_weights_overflow
// CHECK-NOT: nn.bn_fold_correction
// expected-remark@+1 {{folded 0 of 1 batch_norm ops}}
func.func @no_fold_training_f16_constant_weights_overflow(%x: tensor<2x4xf16>, %mm: tensor<3xf16>) -> tensor<2x3xf16> {
  %w = arith.constant dense<3.0e+04> : tensor<4x3xf16>
  %mv = arith.constant dense<1.0e-02> : tensor<3xf16>
  %g = arith.constant dense<8.0> : tensor<3xf16>
  %y = nn.matmul %x, %w : (tensor<2x4xf16>, tensor<4x3xf16>) -> tensor<2x3xf16>
  // expected-remark@+1 {{not folded: a scaled weight of channel 0 would be 2288088.05, which overflows 'f16'}}
  %o:5 = nn.batch_norm_training %y, %mm, %mv scale %g {epsilon = 1.0e-03 : f64} : (tensor<2x3xf16>, tensor<3xf16>, tensor<3xf16>, tensor<3xf16>) -> (tensor<2x3xf16>, tensor<3xf16>, tensor<3xf16>, tensor<3xf16>, tensor<3xf16>)
  return %o#0 : tensor<2x3xf16>
}

// -----

// The bias scaled by the same constant multiplier overflows f16.
// CHECK-LABEL: func @no_fold_training_f16_constant_bias_overflow
// CHECK-NOT: nn.bn_fold_correction
// expected-remark@+1 {{folded 0 of 1 batch_norm ops}}
func.func @no_fold_training_f16_constant_bias_overflow(%x: tensor<2x4xf16>, %mm: tensor<3xf16>) -> tensor<2x3xf16> {
  %w = arith.constant dense<1.0> : tensor<4x3xf16>
  %b = arith.constant dense<3.0e+04> : tensor<3xf16>
  %mv = arith.constant dense<1.0e-02> : tensor<3xf16>
  %g = arith.constant dense<8.0> : tensor<3xf16>
  %y = nn.matmul %x, %w : (tensor<2x4xf16>, tensor<4x3xf16>) -> tensor<2x3xf16>
  %a = nn.bias_add %y, %b : (tensor<2x3xf16>, tensor<3xf16>) -> tensor<2x3xf16>
  // expected-remark@+1 {{not folded: the folded bias of channel 0 would be 2288088.05, which overflows 'f16'}}
  %o:5 = nn.batch_norm_training %a, %mm, %mv scale %g {epsilon = 1.0e-03 : f64} : (tensor<2x3xf16>, tensor<3xf16>, tensor<3xf16>, tensor<3xf16>) -> (tensor<2x3xf16>, tensor<3xf16>, tensor<3xf16>, tensor<3xf16>, tensor<3xf16>)
  return %o#0 : tensor<2x3xf16>
}
