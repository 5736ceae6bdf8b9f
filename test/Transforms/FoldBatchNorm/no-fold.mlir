// RUN: bnfold-opt %s --fold-batchnorm=report -split-input-file -verify-diagnostics | FileCheck %s

// Every reason for leaving a batch_norm in place, with the remark that says
// so. In each case the IR keeps its batch_norm and its original layer.

// CHECK-LABEL: func @no_fold_layer_has_another_user
// CHECK: %[[Y:.*]] = nn.conv2d nhwc %arg0, %{{[a-z_0-9]+}} :
// CHECK: nn.batch_norm nhwc %[[Y]]
// expected-remark@+1 {{folded 0 of 1 batch_norm ops}}
func.func @no_fold_layer_has_another_user(%x: tensor<1x4x4x2xf32>) -> (tensor<1x4x4x2xf32>, tensor<1x4x4x2xf32>) {
  %w = arith.constant dense<0.5> : tensor<1x1x2x2xf32>
  %m = arith.constant dense<1.0> : tensor<2xf32>
  %y = nn.conv2d nhwc %x, %w : (tensor<1x4x4x2xf32>, tensor<1x1x2x2xf32>) -> tensor<1x4x4x2xf32>
  // expected-remark@+1 {{not folded: the result of 'nn.conv2d' has another user}}
  %z = nn.batch_norm nhwc %y, %m, %m : (tensor<1x4x4x2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x4x4x2xf32>
  return %y, %z : tensor<1x4x4x2xf32>, tensor<1x4x4x2xf32>
}

// -----

// CHECK-LABEL: func @no_fold_relu_between
// CHECK: nn.relu
// CHECK: nn.batch_norm
// expected-remark@+1 {{folded 0 of 1 batch_norm ops}}
func.func @no_fold_relu_between(%x: tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32> {
  %w = arith.constant dense<0.5> : tensor<1x1x2x2xf32>
  %m = arith.constant dense<1.0> : tensor<2xf32>
  %y = nn.conv2d nhwc %x, %w : (tensor<1x4x4x2xf32>, tensor<1x1x2x2xf32>) -> tensor<1x4x4x2xf32>
  %r = nn.relu %y : tensor<1x4x4x2xf32>
  // expected-remark@+1 {{not folded: its input comes from 'nn.relu', which is not a convolution or matmul}}
  %z = nn.batch_norm nhwc %r, %m, %m : (tensor<1x4x4x2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x4x4x2xf32>
  return %z : tensor<1x4x4x2xf32>
}

// -----

// An add of a layer and a block argument (add.mlir has the adds that fold).
// CHECK-LABEL: func @no_fold_add_between
// CHECK: nn.batch_norm
// expected-remark@+1 {{folded 0 of 1 batch_norm ops}}
func.func @no_fold_add_between(%x: tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32> {
  %w = arith.constant dense<0.5> : tensor<1x1x2x2xf32>
  %m = arith.constant dense<1.0> : tensor<2xf32>
  %y = nn.conv2d nhwc %x, %w : (tensor<1x4x4x2xf32>, tensor<1x1x2x2xf32>) -> tensor<1x4x4x2xf32>
  %s = nn.add %y, %x : tensor<1x4x4x2xf32>
  // expected-remark@+1 {{not folded: operand #1 of 'nn.add' is a block argument, not the result of a layer}}
  %z = nn.batch_norm nhwc %s, %m, %m : (tensor<1x4x4x2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x4x4x2xf32>
  return %z : tensor<1x4x4x2xf32>
}

// -----

// CHECK-LABEL: func @no_fold_block_argument
// CHECK: nn.batch_norm
// expected-remark@+1 {{folded 0 of 1 batch_norm ops}}
func.func @no_fold_block_argument(%x: tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32> {
  %m = arith.constant dense<1.0> : tensor<2xf32>
  // expected-remark@+1 {{not folded: its input is a block argument, not the result of a layer}}
  %z = nn.batch_norm nhwc %x, %m, %m : (tensor<1x4x4x2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x4x4x2xf32>
  return %z : tensor<1x4x4x2xf32>
}

// -----

// The output channel count is dynamic: the fold needs it.
// CHECK-LABEL: func @no_fold_dynamic_channels
// CHECK: nn.batch_norm
// expected-remark@+1 {{folded 0 of 1 batch_norm ops}}
func.func @no_fold_dynamic_channels(%x: tensor<1x4x4x2xf32>, %w: tensor<1x1x2x?xf32>, %m: tensor<?xf32>) -> tensor<1x4x4x?xf32> {
  %y = nn.conv2d nhwc %x, %w : (tensor<1x4x4x2xf32>, tensor<1x1x2x?xf32>) -> tensor<1x4x4x?xf32>
  // expected-remark@+1 {{not folded: the channel dim of 'nn.conv2d' is dynamic}}
  %z = nn.batch_norm nhwc %y, %m, %m : (tensor<1x4x4x?xf32>, tensor<?xf32>, tensor<?xf32>) -> tensor<1x4x4x?xf32>
  return %z : tensor<1x4x4x?xf32>
}

// -----

// NHWC depthwise: C is static but the multiplier M of the filter is dynamic
// while the result's channel dim is static.
// CHECK-LABEL: func @no_fold_dynamic_weight_dim
// CHECK: nn.batch_norm
// expected-remark@+1 {{folded 0 of 1 batch_norm ops}}
func.func @no_fold_dynamic_weight_dim(%x: tensor<1x4x4x2xf32>, %w: tensor<1x1x2x?xf32>, %m: tensor<4xf32>) -> tensor<1x4x4x?xf32> {
  %y = nn.depthwise_conv2d nhwc %x, %w : (tensor<1x4x4x2xf32>, tensor<1x1x2x?xf32>) -> tensor<1x4x4x?xf32>
  %c = nn.reshape %y : (tensor<1x4x4x?xf32>) -> tensor<1x4x?x4xf32>
  // expected-remark@+1 {{not folded: a 'nn.reshape' sits between 'nn.depthwise_conv2d' and the batch_norm; only a matmul folds through a reshape}}
  %z = nn.batch_norm %c, %m, %m : (tensor<1x4x?x4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x?x4xf32>
  %back = nn.reshape %z : (tensor<1x4x?x4xf32>) -> tensor<1x4x4x?xf32>
  return %back : tensor<1x4x4x?xf32>
}

// -----

// variance + epsilon must be positive: 1/sqrt of it scales the weights.
// CHECK-LABEL: func @no_fold_negative_variance
// CHECK: nn.batch_norm
// expected-remark@+1 {{folded 0 of 1 batch_norm ops}}
func.func @no_fold_negative_variance(%x: tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32> {
  %w = arith.constant dense<0.5> : tensor<1x1x2x2xf32>
  %m = arith.constant dense<1.0> : tensor<2xf32>
  %v = arith.constant dense<[1.0, -2.0]> : tensor<2xf32>
  %y = nn.conv2d nhwc %x, %w : (tensor<1x4x4x2xf32>, tensor<1x1x2x2xf32>) -> tensor<1x4x4x2xf32>
  // expected-remark@+1 {{not folded: variance[1] + epsilon = -1.99999 is not positive}}
  %z = nn.batch_norm nhwc %y, %m, %v : (tensor<1x4x4x2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x4x4x2xf32>
  return %z : tensor<1x4x4x2xf32>
}

// -----

// CHECK-LABEL: func @no_fold_zero_variance_zero_epsilon
// CHECK: nn.batch_norm
// expected-remark@+1 {{folded 0 of 1 batch_norm ops}}
func.func @no_fold_zero_variance_zero_epsilon(%x: tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32> {
  %w = arith.constant dense<0.5> : tensor<1x1x2x2xf32>
  %m = arith.constant dense<1.0> : tensor<2xf32>
  %v = arith.constant dense<[1.0, 0.0]> : tensor<2xf32>
  %y = nn.conv2d nhwc %x, %w : (tensor<1x4x4x2xf32>, tensor<1x1x2x2xf32>) -> tensor<1x4x4x2xf32>
  // expected-remark@+1 {{not folded: variance[1] + epsilon = 0 is not positive}}
  %z = nn.batch_norm nhwc %y, %m, %v {epsilon = 0.0 : f64} : (tensor<1x4x4x2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x4x4x2xf32>
  return %z : tensor<1x4x4x2xf32>
}

// -----

// CHECK-LABEL: func @no_fold_nan_mean
// CHECK: nn.batch_norm
// expected-remark@+1 {{folded 0 of 1 batch_norm ops}}
func.func @no_fold_nan_mean(%x: tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32> {
  %w = arith.constant dense<0.5> : tensor<1x1x2x2xf32>
  %m = arith.constant dense<[0.0, 0x7FC00000]> : tensor<2xf32>
  %v = arith.constant dense<1.0> : tensor<2xf32>
  %y = nn.conv2d nhwc %x, %w : (tensor<1x4x4x2xf32>, tensor<1x1x2x2xf32>) -> tensor<1x4x4x2xf32>
  // expected-remark@+1 {{not folded: mean[1] is nan}}
  %z = nn.batch_norm nhwc %y, %m, %v : (tensor<1x4x4x2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x4x4x2xf32>
  return %z : tensor<1x4x4x2xf32>
}

// -----

// CHECK-LABEL: func @no_fold_infinite_scale
// CHECK: nn.batch_norm
// expected-remark@+1 {{folded 0 of 1 batch_norm ops}}
func.func @no_fold_infinite_scale(%x: tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32> {
  %w = arith.constant dense<0.5> : tensor<1x1x2x2xf32>
  %m = arith.constant dense<1.0> : tensor<2xf32>
  %s = arith.constant dense<[0x7F800000, 1.0]> : tensor<2xf32>
  %y = nn.conv2d nhwc %x, %w : (tensor<1x4x4x2xf32>, tensor<1x1x2x2xf32>) -> tensor<1x4x4x2xf32>
  // expected-remark@+1 {{not folded: scale[0] is inf}}
  %z = nn.batch_norm nhwc %y, %m, %m scale %s : (tensor<1x4x4x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x4x4x2xf32>
  return %z : tensor<1x4x4x2xf32>
}

// -----

// The batch norm normalizes a spatial dim that happens to have the size of
// the channel dim.
// CHECK-LABEL: func @no_fold_axis_is_not_channels
// CHECK: nn.batch_norm
// expected-remark@+1 {{folded 0 of 1 batch_norm ops}}
func.func @no_fold_axis_is_not_channels(%x: tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32> {
  %w = arith.constant dense<0.5> : tensor<1x1x2x2xf32>
  %m = arith.constant dense<1.0> : tensor<2xf32>
  %y = nn.conv2d nhwc %x, %w : (tensor<1x2x2x2xf32>, tensor<1x1x2x2xf32>) -> tensor<1x2x2x2xf32>
  // expected-remark@+1 {{not folded: batch_norm normalizes dim 1 but the channels of 'nn.conv2d' are dim 3}}
  %z = nn.batch_norm %y, %m, %m {axis = 1 : i64} : (tensor<1x2x2x2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  return %z : tensor<1x2x2x2xf32>
}

// -----

// The reshape splits the 4 matmul features over two dims: channel c of the
// batch norm is not a matmul feature.
// CHECK-LABEL: func @no_fold_reshape_splits_features
// CHECK: nn.batch_norm
// expected-remark@+1 {{folded 0 of 1 batch_norm ops}}
func.func @no_fold_reshape_splits_features(%x: tensor<3x5xf32>, %w: tensor<5x4xf32>) -> tensor<3x2x2xf32> {
  %m = arith.constant dense<1.0> : tensor<2xf32>
  %y = nn.matmul %x, %w : (tensor<3x5xf32>, tensor<5x4xf32>) -> tensor<3x4xf32>
  %r = nn.reshape %y : (tensor<3x4xf32>) -> tensor<3x2x2xf32>
  // expected-remark@+1 {{not folded: 'nn.reshape' to 'tensor<3x2x2xf32>' does not keep the 4 channels of 'nn.matmul' in batch_norm feature dim 1}}
  %z = nn.batch_norm %r, %m, %m {axis = 1 : i64} : (tensor<3x2x2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<3x2x2xf32>
  return %z : tensor<3x2x2xf32>
}

// -----

// CHECK-LABEL: func @no_fold_reshape_has_another_user
// CHECK: nn.batch_norm
// expected-remark@+1 {{folded 0 of 1 batch_norm ops}}
func.func @no_fold_reshape_has_another_user(%x: tensor<3x5xf32>, %w: tensor<5x4xf32>) -> (tensor<3x1x1x4xf32>, tensor<3x1x1x4xf32>) {
  %m = arith.constant dense<1.0> : tensor<4xf32>
  %y = nn.matmul %x, %w : (tensor<3x5xf32>, tensor<5x4xf32>) -> tensor<3x4xf32>
  %r = nn.reshape %y : (tensor<3x4xf32>) -> tensor<3x1x1x4xf32>
  // expected-remark@+1 {{not folded: the result of 'nn.reshape' has another user}}
  %z = nn.batch_norm nhwc %r, %m, %m : (tensor<3x1x1x4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<3x1x1x4xf32>
  return %r, %z : tensor<3x1x1x4xf32>, tensor<3x1x1x4xf32>
}

// -----

// The layer is also used besides its bias_add.
// CHECK-LABEL: func @no_fold_bias_add_layer_shared
// CHECK: nn.bias_add
// CHECK: nn.batch_norm
// expected-remark@+1 {{folded 0 of 1 batch_norm ops}}
func.func @no_fold_bias_add_layer_shared(%x: tensor<2x3xf32>, %w: tensor<3x2xf32>, %b: tensor<2xf32>) -> (tensor<2x2xf32>, tensor<2x2xf32>) {
  %y = nn.matmul %x, %w : (tensor<2x3xf32>, tensor<3x2xf32>) -> tensor<2x2xf32>
  %yb = nn.bias_add %y, %b : (tensor<2x2xf32>, tensor<2xf32>) -> tensor<2x2xf32>
  // expected-remark@+1 {{not folded: the result of 'nn.matmul' has another user besides its 'nn.bias_add'}}
  %z = nn.batch_norm %yb, %b, %b : (tensor<2x2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<2x2xf32>
  return %y, %z : tensor<2x2xf32>, tensor<2x2xf32>
}

// -----

// A bias_add along dim 0 is not per output channel of the matmul.
// CHECK-LABEL: func @no_fold_bias_add_wrong_axis
// CHECK: nn.bias_add
// CHECK: nn.batch_norm
// expected-remark@+1 {{folded 0 of 1 batch_norm ops}}
func.func @no_fold_bias_add_wrong_axis(%x: tensor<2x3xf32>, %w: tensor<3x2xf32>, %b: tensor<2xf32>) -> tensor<2x2xf32> {
  %y = nn.matmul %x, %w : (tensor<2x3xf32>, tensor<3x2xf32>) -> tensor<2x2xf32>
  %yb = nn.bias_add %y, %b {axis = 0 : i64} : (tensor<2x2xf32>, tensor<2xf32>) -> tensor<2x2xf32>
  // expected-remark@+1 {{not folded: 'nn.bias_add' adds along dim 0 but the channels of 'nn.matmul' are dim 1}}
  %z = nn.batch_norm %yb, %b, %b : (tensor<2x2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<2x2xf32>
  return %z : tensor<2x2xf32>
}

// -----

// A batch_to_space in the NHWC layout on an NCHW conv moves the channel dim.
// CHECK-LABEL: func @no_fold_batch_to_space_moves_channels
// CHECK: nn.batch_to_space
// CHECK: nn.batch_norm
// expected-remark@+1 {{folded 0 of 1 batch_norm ops}}
func.func @no_fold_batch_to_space_moves_channels(%x: tensor<4x2x2x2xf32>) -> tensor<1x4x4x2xf32> {
  %w = arith.constant dense<0.5> : tensor<2x2x1x1xf32>
  %m = arith.constant dense<1.0> : tensor<2xf32>
  %y = nn.conv2d nchw %x, %w : (tensor<4x2x2x2xf32>, tensor<2x2x1x1xf32>) -> tensor<4x2x2x2xf32>
  %b = nn.batch_to_space nhwc %y {block_shape = array<i64: 2, 2>, crops = array<i64: 0, 0, 0, 0>}
      : (tensor<4x2x2x2xf32>) -> tensor<1x4x4x2xf32>
  // expected-remark@+1 {{not folded: 'nn.batch_to_space' (nhwc) moves dim 1, which holds the channels of 'nn.conv2d'}}
  %z = nn.batch_norm nhwc %b, %m, %m : (tensor<1x4x4x2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x4x4x2xf32>
  return %z : tensor<1x4x4x2xf32>
}

// -----

// f16 holds at most 65504: 1 / sqrt(1e-8) = 10000 scales the channel-0
// weights 2 and 8 to 20000 (fine) and 80000 (inf).
// CHECK-LABEL: func @no_fold_f16_weight_overflow
// CHECK: nn.batch_norm
// expected-remark@+1 {{folded 0 of 1 batch_norm ops}}
func.func @no_fold_f16_weight_overflow(%x: tensor<1x2x2x2xf16>) -> tensor<1x2x2x2xf16> {
  %w = arith.constant dense<[[[[2.0, 1.0], [8.0, 1.0]]]]> : tensor<1x1x2x2xf16>
  %m = arith.constant dense<0.0> : tensor<2xf16>
  %v = arith.constant dense<[0.0, 1.0]> : tensor<2xf16>
  %y = nn.conv2d nhwc %x, %w : (tensor<1x2x2x2xf16>, tensor<1x1x2x2xf16>) -> tensor<1x2x2x2xf16>
  // expected-remark@+1 {{not folded: a scaled weight of channel 0 would be 80000, which overflows 'f16'}}
  %z = nn.batch_norm nhwc %y, %m, %v {epsilon = 1.0e-8 : f64} : (tensor<1x2x2x2xf16>, tensor<2xf16>, tensor<2xf16>) -> tensor<1x2x2x2xf16>
  return %z : tensor<1x2x2x2xf16>
}

// -----

// A tiny scale underflows a nonzero bf16 weight to 0.
// CHECK-LABEL: func @no_fold_bf16_weight_underflow
// CHECK: nn.batch_norm
// expected-remark@+1 {{folded 0 of 1 batch_norm ops}}
func.func @no_fold_bf16_weight_underflow(%x: tensor<2x3xbf16>) -> tensor<2x2xbf16> {
  %w = arith.constant dense<1.0e-30> : tensor<3x2xbf16>
  %m = arith.constant dense<0.0> : tensor<2xbf16>
  %v = arith.constant dense<1.0> : tensor<2xbf16>
  %s = arith.constant dense<[1.0, 1.0e-20]> : tensor<2xbf16>
  %y = nn.matmul %x, %w : (tensor<2x3xbf16>, tensor<3x2xbf16>) -> tensor<2x2xbf16>
  // expected-remark@+1 {{not folded: a scaled weight of channel 1 would be}}
  %z = nn.batch_norm %y, %m, %v scale %s {epsilon = 0.0 : f64} : (tensor<2x2xbf16>, tensor<2xbf16>, tensor<2xbf16>, tensor<2xbf16>) -> tensor<2x2xbf16>
  return %z : tensor<2x2xbf16>
}

// -----

// The folded bias overflows f16: (0 - 60000) / sqrt(0.25) = -120000.
// CHECK-LABEL: func @no_fold_f16_bias_overflow
// CHECK: nn.batch_norm
// expected-remark@+1 {{folded 0 of 1 batch_norm ops}}
func.func @no_fold_f16_bias_overflow(%x: tensor<2x3xf16>) -> tensor<2x2xf16> {
  %w = arith.constant dense<1.0> : tensor<3x2xf16>
  %m = arith.constant dense<60000.0> : tensor<2xf16>
  %v = arith.constant dense<0.25> : tensor<2xf16>
  %y = nn.matmul %x, %w : (tensor<2x3xf16>, tensor<3x2xf16>) -> tensor<2x2xf16>
  // expected-remark@+1 {{not folded: the folded bias of channel 0 would be -120000, which overflows 'f16'}}
  %z = nn.batch_norm %y, %m, %v {epsilon = 0.0 : f64} : (tensor<2x2xf16>, tensor<2xf16>, tensor<2xf16>) -> tensor<2x2xf16>
  return %z : tensor<2x2xf16>
}

// -----

// f32 and f64 weights are screened per channel (largest and smallest
// nonzero magnitude) before the exact search; these cases fail the screen.
// OIHW: a channel's 9 weights are 8 lanes plus one; the last one overflows:
// 3e38 * 2 = 6e38 > FLT_MAX.
// CHECK-LABEL: func @no_fold_f32_weight_overflow_nchw
// CHECK: nn.batch_norm
// expected-remark@+1 {{folded 0 of 1 batch_norm ops}}
func.func @no_fold_f32_weight_overflow_nchw(%x: tensor<1x1x3x3xf32>) -> tensor<1x2x1x1xf32> {
  %w = arith.constant dense<[[[[1.0, 1.0, 1.0], [1.0, 1.0, 1.0], [1.0, 1.0, 1.0]]],
                             [[[1.0, 1.0, 1.0], [1.0, 1.0, 1.0], [1.0, 1.0, 3.0e38]]]]> : tensor<2x1x3x3xf32>
  %m = arith.constant dense<0.0> : tensor<2xf32>
  %v = arith.constant dense<0.25> : tensor<2xf32>
  %y = nn.conv2d nchw %x, %w : (tensor<1x1x3x3xf32>, tensor<2x1x3x3xf32>) -> tensor<1x2x1x1xf32>
  // expected-remark@+1 {{not folded: a scaled weight of channel 1 would be 6.00000001e+38, which overflows 'f32'}}
  %z = nn.batch_norm nchw %y, %m, %v {epsilon = 0.0 : f64} : (tensor<1x2x1x1xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x1x1xf32>
  return %z : tensor<1x2x1x1xf32>
}

// -----

// HWIO (channels last): a subnormal weight of channel 2 scaled by 1e-10
// underflows f32 to 0; the zero weight of channel 0 is not a problem.
// CHECK-LABEL: func @no_fold_f32_weight_underflow_nhwc
// CHECK: nn.batch_norm
// expected-remark@+1 {{folded 0 of 1 batch_norm ops}}
func.func @no_fold_f32_weight_underflow_nhwc(%x: tensor<1x1x1x2xf32>) -> tensor<1x1x1x3xf32> {
  %w = arith.constant dense<[[[[0.0, 1.0, 1.0], [1.0, 1.0, 1.0e-40]]]]> : tensor<1x1x2x3xf32>
  %m = arith.constant dense<0.0> : tensor<3xf32>
  %v = arith.constant dense<1.0> : tensor<3xf32>
  %s = arith.constant dense<1.0e-10> : tensor<3xf32>
  %y = nn.conv2d nhwc %x, %w : (tensor<1x1x1x2xf32>, tensor<1x1x2x3xf32>) -> tensor<1x1x1x3xf32>
  // expected-remark@+1 {{not folded: a scaled weight of channel 2 would be}}
  %z = nn.batch_norm nhwc %y, %m, %v scale %s {epsilon = 0.0 : f64} : (tensor<1x1x1x3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<1x1x1x3xf32>
  return %z : tensor<1x1x1x3xf32>
}

// -----

// f64 weights overflow only when the f64 product itself does: 1e300 * 1e10.
// CHECK-LABEL: func @no_fold_f64_weight_overflow
// CHECK: nn.batch_norm
// expected-remark@+1 {{folded 0 of 1 batch_norm ops}}
func.func @no_fold_f64_weight_overflow(%x: tensor<2x3xf64>) -> tensor<2x2xf64> {
  %w = arith.constant dense<[[1.0, 1.0], [1.0, 1.0], [1.0, 1.0e300]]> : tensor<3x2xf64>
  %m = arith.constant dense<0.0> : tensor<2xf64>
  %v = arith.constant dense<1.0> : tensor<2xf64>
  %s = arith.constant dense<1.0e10> : tensor<2xf64>
  %y = nn.matmul %x, %w : (tensor<2x3xf64>, tensor<3x2xf64>) -> tensor<2x2xf64>
  // expected-remark@+1 {{not folded: a scaled weight of channel 1 would be inf, which overflows 'f64'}}
  %z = nn.batch_norm %y, %m, %v scale %s {epsilon = 0.0 : f64} : (tensor<2x2xf64>, tensor<2xf64>, tensor<2xf64>, tensor<2xf64>) -> tensor<2x2xf64>
  return %z : tensor<2x2xf64>
}

// -----

// A batch_to_space after a non-layer op: nothing to fold into (the fold's
// native constraint used to cast the relu to a layer: SIGSEGV).
// CHECK-LABEL: func @no_fold_relu_batch_to_space
// CHECK: nn.batch_to_space
// CHECK: nn.batch_norm
// expected-remark@+1 {{folded 0 of 1 batch_norm ops}}
func.func @no_fold_relu_batch_to_space(%x: tensor<4x2x2x2xf32>) -> tensor<1x4x4x2xf32> {
  %m = arith.constant dense<1.0> : tensor<2xf32>
  %r = nn.relu %x : tensor<4x2x2x2xf32>
  %b = nn.batch_to_space nhwc %r {block_shape = array<i64: 2, 2>, crops = array<i64: 0, 0, 0, 0>}
      : (tensor<4x2x2x2xf32>) -> tensor<1x4x4x2xf32>
  // expected-remark@+1 {{not folded: its input comes from 'nn.relu', which is not a convolution or matmul (nor an identity, bias_add, reshape or batch_to_space after one)}}
  %z = nn.batch_norm nhwc %b, %m, %m : (tensor<1x4x4x2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x4x4x2xf32>
  return %z : tensor<1x4x4x2xf32>
}

// -----

// A reshape after a non-layer op (the flatten of a pooling head).
// CHECK-LABEL: func @no_fold_onnx_op_reshape
// CHECK: nn.reshape
// CHECK: nn.batch_norm
// expected-remark@+1 {{folded 0 of 1 batch_norm ops}}
func.func @no_fold_onnx_op_reshape(%x: tensor<1x4x2x2xf32>) -> tensor<1x16xf32> {
  %m = arith.constant dense<1.0> : tensor<16xf32>
  %p = nn.onnx_op "Relu"(%x) : (tensor<1x4x2x2xf32>) -> tensor<1x4x2x2xf32>
  %r = nn.reshape %p : (tensor<1x4x2x2xf32>) -> tensor<1x16xf32>
  // expected-remark@+1 {{not folded: its input comes from 'nn.onnx_op', which is not a convolution or matmul (nor an identity, bias_add, reshape or batch_to_space after one)}}
  %z = nn.batch_norm %r, %m, %m : (tensor<1x16xf32>, tensor<16xf32>, tensor<16xf32>) -> tensor<1x16xf32>
  return %z : tensor<1x16xf32>
}

// -----

// A reshape whose input is a block argument.
// CHECK-LABEL: func @no_fold_reshape_of_argument
// CHECK: nn.batch_norm
// expected-remark@+1 {{folded 0 of 1 batch_norm ops}}
func.func @no_fold_reshape_of_argument(%x: tensor<2x8xf32>) -> tensor<16xf32> {
  %m = arith.constant dense<1.0> : tensor<16xf32>
  %r = nn.reshape %x : (tensor<2x8xf32>) -> tensor<16xf32>
  // expected-remark@+1 {{not folded: the input of 'nn.reshape' is a block argument}}
  %z = nn.batch_norm %r, %m, %m : (tensor<16xf32>, tensor<16xf32>, tensor<16xf32>) -> tensor<16xf32>
  return %z : tensor<16xf32>
}

// -----

// A bias_add after a reshape that spreads the matmul's 4 features over two
// dims: not per feature of the matmul, so it stays, and so does the batch
// norm after it.
// CHECK-LABEL: func @no_fold_bias_add_reshape_splits_channels
// CHECK: nn.bias_add
// CHECK: nn.batch_norm
// expected-remark@+1 {{folded 0 of 1 batch_norm ops}}
func.func @no_fold_bias_add_reshape_splits_channels(%x: tensor<3x2xf32>, %w: tensor<2x4xf32>) -> tensor<3x2x2xf32> {
  %b = arith.constant dense<1.0> : tensor<2xf32>
  %y = nn.matmul %x, %w : (tensor<3x2xf32>, tensor<2x4xf32>) -> tensor<3x4xf32>
  %r = nn.reshape %y : (tensor<3x4xf32>) -> tensor<3x2x2xf32>
  %rb = nn.bias_add %r, %b {axis = 1 : i64} : (tensor<3x2x2xf32>, tensor<2xf32>) -> tensor<3x2x2xf32>
  // expected-remark@+1 {{not folded: 'nn.reshape' to 'tensor<3x2x2xf32>' does not keep the 4 channels of 'nn.matmul' in bias_add feature dim 1}}
  %z = nn.batch_norm %rb, %b, %b {axis = 1 : i64} : (tensor<3x2x2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<3x2x2xf32>
  return %z : tensor<3x2x2xf32>
}

// -----

// A batch norm whose result is unused is erased with the dead code, and the
// report says so instead of leaving it unexplained.
// CHECK-LABEL: func @no_fold_unused_result
// CHECK-NOT: nn.batch_norm
// expected-remark@+1 {{folded 0 of 1 batch_norm ops}}
func.func @no_fold_unused_result(%x: tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32> {
  %m = arith.constant dense<1.0> : tensor<2xf32>
  // expected-remark@+1 {{removed: its result is unused}}
  %z = nn.batch_norm nhwc %x, %m, %m : (tensor<1x4x4x2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x4x4x2xf32>
  return %x : tensor<1x4x4x2xf32>
}
