// RUN: bnfold-opt %s --fold-batchnorm=report -verify-diagnostics -split-input-file | FileCheck %s
//
// Hostile inputs (docs/hardening.md): every case is a correct fold, a
// "not folded: <reason>" remark, or a verifier error -- never a crash.

// Zero variance with epsilon = 0 would divide by zero.
// CHECK-LABEL: func @no_fold_zero_variance_zero_epsilon
// CHECK: nn.batch_norm
// expected-remark @+1 {{folded 0 of 1 batch_norm ops}}
func.func @no_fold_zero_variance_zero_epsilon(%x: tensor<1x4x4x3xf32>) -> tensor<1x4x4x2xf32> {
  %w = arith.constant dense<1.0> : tensor<1x1x3x2xf32>
  %m = arith.constant dense<0.0> : tensor<2xf32>
  %v = arith.constant dense<[1.0, 0.0]> : tensor<2xf32>
  %0 = nn.conv2d nhwc %x, %w : (tensor<1x4x4x3xf32>, tensor<1x1x3x2xf32>) -> tensor<1x4x4x2xf32>
  // expected-remark @+1 {{not folded: variance[1] + epsilon = 0 is not positive}}
  %1 = nn.batch_norm %0, %m, %v {epsilon = 0.0 : f64} : (tensor<1x4x4x2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x4x4x2xf32>
  return %1 : tensor<1x4x4x2xf32>
}

// -----

// Zero variance is fine when epsilon > 0: s = 1 / sqrt(0.25) = 2.
// CHECK-LABEL: func @zero_variance_positive_epsilon
// CHECK-DAG: arith.constant dense<2.000000e+00> : tensor<1x1x3x2xf32>
// CHECK-DAG: arith.constant dense<-2.000000e+00> : tensor<2xf32>
// CHECK-NOT: nn.batch_norm
// expected-remark @+1 {{folded 1 of 1 batch_norm ops}}
func.func @zero_variance_positive_epsilon(%x: tensor<1x4x4x3xf32>) -> tensor<1x4x4x2xf32> {
  %w = arith.constant dense<1.0> : tensor<1x1x3x2xf32>
  %m = arith.constant dense<1.0> : tensor<2xf32>
  %v = arith.constant dense<0.0> : tensor<2xf32>
  %0 = nn.conv2d nhwc %x, %w : (tensor<1x4x4x3xf32>, tensor<1x1x3x2xf32>) -> tensor<1x4x4x2xf32>
  // expected-remark @+1 {{folded into 'nn.conv2d'}}
  %1 = nn.batch_norm %0, %m, %v {epsilon = 0.25 : f64} : (tensor<1x4x4x2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x4x4x2xf32>
  return %1 : tensor<1x4x4x2xf32>
}

// -----

// CHECK-LABEL: func @no_fold_negative_variance
// CHECK: nn.batch_norm
// expected-remark @+1 {{folded 0 of 1 batch_norm ops}}
func.func @no_fold_negative_variance(%x: tensor<1x4x4x3xf32>) -> tensor<1x4x4x2xf32> {
  %w = arith.constant dense<1.0> : tensor<1x1x3x2xf32>
  %m = arith.constant dense<0.0> : tensor<2xf32>
  %v = arith.constant dense<[1.0, -4.0]> : tensor<2xf32>
  %0 = nn.conv2d nhwc %x, %w : (tensor<1x4x4x3xf32>, tensor<1x1x3x2xf32>) -> tensor<1x4x4x2xf32>
  // expected-remark @+1 {{not folded: variance[1] + epsilon = -3.99999 is not positive}}
  %1 = nn.batch_norm %0, %m, %v : (tensor<1x4x4x2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x4x4x2xf32>
  return %1 : tensor<1x4x4x2xf32>
}

// -----

// CHECK-LABEL: func @no_fold_nan_variance
// expected-remark @+1 {{folded 0 of 1 batch_norm ops}}
func.func @no_fold_nan_variance(%x: tensor<1x4x4x3xf32>) -> tensor<1x4x4x2xf32> {
  %w = arith.constant dense<1.0> : tensor<1x1x3x2xf32>
  %m = arith.constant dense<0.0> : tensor<2xf32>
  %v = arith.constant dense<[1.0, 0x7FC00000]> : tensor<2xf32>
  %0 = nn.conv2d nhwc %x, %w : (tensor<1x4x4x3xf32>, tensor<1x1x3x2xf32>) -> tensor<1x4x4x2xf32>
  // expected-remark @+1 {{not folded: variance[1] is nan}}
  %1 = nn.batch_norm %0, %m, %v : (tensor<1x4x4x2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x4x4x2xf32>
  return %1 : tensor<1x4x4x2xf32>
}

// -----

// CHECK-LABEL: func @no_fold_inf_variance
// expected-remark @+1 {{folded 0 of 1 batch_norm ops}}
func.func @no_fold_inf_variance(%x: tensor<1x4x4x3xf32>) -> tensor<1x4x4x2xf32> {
  %w = arith.constant dense<1.0> : tensor<1x1x3x2xf32>
  %m = arith.constant dense<0.0> : tensor<2xf32>
  %v = arith.constant dense<[0x7F800000, 1.0]> : tensor<2xf32>
  %0 = nn.conv2d nhwc %x, %w : (tensor<1x4x4x3xf32>, tensor<1x1x3x2xf32>) -> tensor<1x4x4x2xf32>
  // expected-remark @+1 {{not folded: variance[0] is inf}}
  %1 = nn.batch_norm %0, %m, %v : (tensor<1x4x4x2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x4x4x2xf32>
  return %1 : tensor<1x4x4x2xf32>
}

// -----

// CHECK-LABEL: func @no_fold_nan_mean
// expected-remark @+1 {{folded 0 of 1 batch_norm ops}}
func.func @no_fold_nan_mean(%x: tensor<1x4x4x3xf32>) -> tensor<1x4x4x2xf32> {
  %w = arith.constant dense<1.0> : tensor<1x1x3x2xf32>
  %m = arith.constant dense<[0.0, 0x7FC00000]> : tensor<2xf32>
  %v = arith.constant dense<1.0> : tensor<2xf32>
  %0 = nn.conv2d nhwc %x, %w : (tensor<1x4x4x3xf32>, tensor<1x1x3x2xf32>) -> tensor<1x4x4x2xf32>
  // expected-remark @+1 {{not folded: mean[1] is nan}}
  %1 = nn.batch_norm %0, %m, %v : (tensor<1x4x4x2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x4x4x2xf32>
  return %1 : tensor<1x4x4x2xf32>
}

// -----

// CHECK-LABEL: func @no_fold_inf_scale
// expected-remark @+1 {{folded 0 of 1 batch_norm ops}}
func.func @no_fold_inf_scale(%x: tensor<1x4x4x3xf32>) -> tensor<1x4x4x2xf32> {
  %w = arith.constant dense<1.0> : tensor<1x1x3x2xf32>
  %m = arith.constant dense<0.0> : tensor<2xf32>
  %v = arith.constant dense<1.0> : tensor<2xf32>
  %g = arith.constant dense<[0xFF800000, 1.0]> : tensor<2xf32>
  %0 = nn.conv2d nhwc %x, %w : (tensor<1x4x4x3xf32>, tensor<1x1x3x2xf32>) -> tensor<1x4x4x2xf32>
  // expected-remark @+1 {{not folded: scale[0] is -inf}}
  %1 = nn.batch_norm %0, %m, %v scale %g : (tensor<1x4x4x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x4x4x2xf32>
  return %1 : tensor<1x4x4x2xf32>
}

// -----

// CHECK-LABEL: func @no_fold_nan_offset
// expected-remark @+1 {{folded 0 of 1 batch_norm ops}}
func.func @no_fold_nan_offset(%x: tensor<1x4x4x3xf32>) -> tensor<1x4x4x2xf32> {
  %w = arith.constant dense<1.0> : tensor<1x1x3x2xf32>
  %m = arith.constant dense<0.0> : tensor<2xf32>
  %v = arith.constant dense<1.0> : tensor<2xf32>
  %b = arith.constant dense<0x7FC00000> : tensor<2xf32>
  %0 = nn.conv2d nhwc %x, %w : (tensor<1x4x4x3xf32>, tensor<1x1x3x2xf32>) -> tensor<1x4x4x2xf32>
  // expected-remark @+1 {{not folded: offset[0] is nan}}
  %1 = nn.batch_norm %0, %m, %v offset %b : (tensor<1x4x4x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x4x4x2xf32>
  return %1 : tensor<1x4x4x2xf32>
}

// -----

// A finite scale over a tiny finite variance can overflow the multiplier.
// CHECK-LABEL: func @no_fold_multiplier_overflow
// expected-remark @+1 {{folded 0 of 1 batch_norm ops}}
func.func @no_fold_multiplier_overflow(%x: tensor<2x3xf64>) -> tensor<2x2xf64> {
  %w = arith.constant dense<1.0> : tensor<3x2xf64>
  %m = arith.constant dense<0.0> : tensor<2xf64>
  %v = arith.constant dense<[1.0, 4.9406564584124654E-324]> : tensor<2xf64>
  %g = arith.constant dense<1.0e300> : tensor<2xf64>
  %0 = nn.matmul %x, %w : (tensor<2x3xf64>, tensor<3x2xf64>) -> tensor<2x2xf64>
  // expected-remark @+1 {{not folded: scale[1] / sqrt(variance[1] + epsilon) overflows to inf}}
  %1 = nn.batch_norm %0, %m, %v scale %g {epsilon = 0.0 : f64} : (tensor<2x2xf64>, tensor<2xf64>, tensor<2xf64>, tensor<2xf64>) -> tensor<2x2xf64>
  return %1 : tensor<2x2xf64>
}

// -----

// NaN and inf weights fold: they stay NaN/inf exactly as in the unfolded
// graph (s = 1 / sqrt(0.25) = 2).
// CHECK-LABEL: func @nan_inf_weights
// CHECK: arith.constant dense<{{\[}}[0x7FC00000, 0x7F800000], [2.000000e+00, 0xFF800000]]> : tensor<2x2xf32>
// CHECK-NOT: nn.batch_norm
// expected-remark @+1 {{folded 1 of 1 batch_norm ops}}
func.func @nan_inf_weights(%x: tensor<1x2xf32>) -> tensor<1x2xf32> {
  %w = arith.constant dense<[[0x7FC00000, 0x7F800000], [1.0, 0xFF800000]]> : tensor<2x2xf32>
  %m = arith.constant dense<0.0> : tensor<2xf32>
  %v = arith.constant dense<0.0> : tensor<2xf32>
  %0 = nn.matmul %x, %w : (tensor<1x2xf32>, tensor<2x2xf32>) -> tensor<1x2xf32>
  // expected-remark @+1 {{folded into 'nn.matmul'}}
  %1 = nn.batch_norm %0, %m, %v {epsilon = 0.25 : f64} : (tensor<1x2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2xf32>
  return %1 : tensor<1x2xf32>
}

// -----

func.func @wrong_length_mean(%x: tensor<1x4x4x2xf32>, %m: tensor<3xf32>, %v: tensor<2xf32>) -> tensor<1x4x4x2xf32> {
  // expected-error @+1 {{'nn.batch_norm' op 'mean' length (3) must equal the number of features (2)}}
  %1 = nn.batch_norm %x, %m, %v : (tensor<1x4x4x2xf32>, tensor<3xf32>, tensor<2xf32>) -> tensor<1x4x4x2xf32>
  return %1 : tensor<1x4x4x2xf32>
}

// -----

func.func @wrong_rank_variance(%x: tensor<1x4x4x2xf32>, %m: tensor<2xf32>, %v: tensor<1x2xf32>) -> tensor<1x4x4x2xf32> {
  // expected-error @+1 {{'nn.batch_norm' op operand #2 must be 1D tensor of}}
  %1 = nn.batch_norm %x, %m, %v : (tensor<1x4x4x2xf32>, tensor<2xf32>, tensor<1x2xf32>) -> tensor<1x4x4x2xf32>
  return %1 : tensor<1x4x4x2xf32>
}

// -----

func.func @wrong_length_fold_weights(%w: tensor<3x2xf32>, %v: tensor<3xf32>) -> tensor<3x2xf32> {
  // expected-error @+1 {{'nn.bn_fold_weights' op 'variance' length (3) must equal the number of features (2)}}
  %0 = nn.bn_fold_weights %w, %v {channel_dims = array<i64: 1>} : (tensor<3x2xf32>, tensor<3xf32>) -> tensor<3x2xf32>
  return %0 : tensor<3x2xf32>
}

// -----

func.func @element_type_mismatch(%x: tensor<1x4x4x2xf32>, %m: tensor<2xf16>, %v: tensor<2xf16>) -> tensor<1x4x4x2xf32> {
  // expected-error @+1 {{'nn.batch_norm' op requires the same element type for all operands and results}}
  %1 = nn.batch_norm %x, %m, %v : (tensor<1x4x4x2xf32>, tensor<2xf16>, tensor<2xf16>) -> tensor<1x4x4x2xf32>
  return %1 : tensor<1x4x4x2xf32>
}

// -----

func.func @layer_type_mismatch(%x: tensor<1x4x4x3xf32>, %w: tensor<1x1x3x2xbf16>) -> tensor<1x4x4x2xf32> {
  // expected-error @+1 {{'nn.conv2d' op requires the same element type for all operands and results}}
  %0 = nn.conv2d nhwc %x, %w : (tensor<1x4x4x3xf32>, tensor<1x1x3x2xbf16>) -> tensor<1x4x4x2xf32>
  return %0 : tensor<1x4x4x2xf32>
}

// -----

// Zero output channels: nothing to scale, the fold is trivially correct.
// CHECK-LABEL: func @zero_channels
// CHECK: nn.conv2d nhwc %{{.*}}, %{{.*}}, %{{.*}} : (tensor<1x4x4x3xf32>, tensor<1x1x3x0xf32>, tensor<0xf32>)
// CHECK-NOT: nn.batch_norm
// expected-remark @+1 {{folded 1 of 1 batch_norm ops}}
func.func @zero_channels(%x: tensor<1x4x4x3xf32>) -> tensor<1x4x4x0xf32> {
  %w = arith.constant dense<1.0> : tensor<1x1x3x0xf32>
  %m = arith.constant dense<0.0> : tensor<0xf32>
  %v = arith.constant dense<1.0> : tensor<0xf32>
  %0 = nn.conv2d nhwc %x, %w : (tensor<1x4x4x3xf32>, tensor<1x1x3x0xf32>) -> tensor<1x4x4x0xf32>
  // expected-remark @+1 {{folded into 'nn.conv2d'}}
  %1 = nn.batch_norm %0, %m, %v : (tensor<1x4x4x0xf32>, tensor<0xf32>, tensor<0xf32>) -> tensor<1x4x4x0xf32>
  return %1 : tensor<1x4x4x0xf32>
}

// -----

// Zero input channels: the weights are empty but the bias still folds.
// CHECK-LABEL: func @zero_input_channels
// CHECK-DAG: arith.constant dense<> : tensor<0x2xf32>
// CHECK-DAG: arith.constant dense<-1.000000e+00> : tensor<2xf32>
// expected-remark @+1 {{folded 1 of 1 batch_norm ops}}
func.func @zero_input_channels(%x: tensor<0x0xf32>) -> tensor<0x2xf32> {
  %w = arith.constant dense<> : tensor<0x2xf32>
  %m = arith.constant dense<1.0> : tensor<2xf32>
  %v = arith.constant dense<1.0> : tensor<2xf32>
  %0 = nn.matmul %x, %w : (tensor<0x0xf32>, tensor<0x2xf32>) -> tensor<0x2xf32>
  // expected-remark @+1 {{folded into 'nn.matmul'}}
  %1 = nn.batch_norm %0, %m, %v {epsilon = 0.0 : f64} : (tensor<0x2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<0x2xf32>
  return %1 : tensor<0x2xf32>
}

// -----

// CHECK-LABEL: func @dynamic_batch
// CHECK: nn.conv2d nchw
// CHECK-NOT: nn.batch_norm
// expected-remark @+1 {{folded 1 of 1 batch_norm ops}}
func.func @dynamic_batch(%x: tensor<?x3x4x4xf32>) -> tensor<?x2x4x4xf32> {
  %w = arith.constant dense<1.0> : tensor<2x3x1x1xf32>
  %m = arith.constant dense<0.0> : tensor<2xf32>
  %v = arith.constant dense<1.0> : tensor<2xf32>
  %0 = nn.conv2d nchw %x, %w : (tensor<?x3x4x4xf32>, tensor<2x3x1x1xf32>) -> tensor<?x2x4x4xf32>
  // expected-remark @+1 {{folded into 'nn.conv2d'}}
  %1 = nn.batch_norm nchw %0, %m, %v : (tensor<?x2x4x4xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<?x2x4x4xf32>
  return %1 : tensor<?x2x4x4xf32>
}

// -----

// CHECK-LABEL: func @no_fold_dynamic_channels
// CHECK: nn.batch_norm
// expected-remark @+1 {{folded 0 of 1 batch_norm ops}}
func.func @no_fold_dynamic_channels(%x: tensor<2x3xf32>, %w: tensor<3x?xf32>, %m: tensor<?xf32>, %v: tensor<?xf32>) -> tensor<2x?xf32> {
  %0 = nn.matmul %x, %w : (tensor<2x3xf32>, tensor<3x?xf32>) -> tensor<2x?xf32>
  // expected-remark @+1 {{not folded: the channel dim of 'nn.matmul' is dynamic}}
  %1 = nn.batch_norm %0, %m, %v : (tensor<2x?xf32>, tensor<?xf32>, tensor<?xf32>) -> tensor<2x?xf32>
  return %1 : tensor<2x?xf32>
}

// -----

// Splat weights and parameters fold; the weights stop being a splat
// (s = [1, 0.5]).
// CHECK-LABEL: func @splat_constants
// CHECK: arith.constant dense<{{\[}}[1.000000e+00, 5.000000e-01], [1.000000e+00, 5.000000e-01]]> : tensor<2x2xf32>
// expected-remark @+1 {{folded 1 of 1 batch_norm ops}}
func.func @splat_constants(%x: tensor<1x2xf32>) -> tensor<1x2xf32> {
  %w = arith.constant dense<1.0> : tensor<2x2xf32>
  %m = arith.constant dense<0.0> : tensor<2xf32>
  %v = arith.constant dense<[1.0, 4.0]> : tensor<2xf32>
  %0 = nn.matmul %x, %w : (tensor<1x2xf32>, tensor<2x2xf32>) -> tensor<1x2xf32>
  // expected-remark @+1 {{folded into 'nn.matmul'}}
  %1 = nn.batch_norm %0, %m, %v {epsilon = 0.0 : f64} : (tensor<1x2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2xf32>
  return %1 : tensor<1x2xf32>
}

// -----

// A splat may claim far more elements than a fold should expand.
// CHECK-LABEL: func @no_fold_huge_splat
// expected-remark @+1 {{folded 0 of 1 batch_norm ops}}
func.func @no_fold_huge_splat(%x: tensor<1x1000000000xf32>) -> tensor<1x2xf32> {
  %w = arith.constant dense<1.0> : tensor<1000000000x2xf32>
  %m = arith.constant dense<0.0> : tensor<2xf32>
  %v = arith.constant dense<[1.0, 4.0]> : tensor<2xf32>
  %0 = nn.matmul %x, %w : (tensor<1x1000000000xf32>, tensor<1000000000x2xf32>) -> tensor<1x2xf32>
  // expected-remark @+1 {{not folded: the weights of 'nn.matmul' cannot be read: it is a splat of 2000000000 elements, more than the 16777216 a fold may expand}}
  %1 = nn.batch_norm %0, %m, %v : (tensor<1x2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2xf32>
  return %1 : tensor<1x2xf32>
}

// -----

// dense_resource weights fold into a new blob (s = [1, 0.5]), named after
// the source blob and a hash of the multiplier and channel dims.
// CHECK-LABEL: func @dense_resource_weights
// CHECK: arith.constant dense_resource<[[BLOB:w_bnfolded_[0-9a-f]{16}]]> : tensor<2x2xf32>
// CHECK: [[BLOB]]: "0x080000000000803F0000003F0000803F0000003F"
// expected-remark @+1 {{folded 1 of 1 batch_norm ops}}
func.func @dense_resource_weights(%x: tensor<1x2xf32>) -> tensor<1x2xf32> {
  %w = arith.constant dense_resource<w> : tensor<2x2xf32>
  %m = arith.constant dense<0.0> : tensor<2xf32>
  %v = arith.constant dense<[1.0, 4.0]> : tensor<2xf32>
  %0 = nn.matmul %x, %w : (tensor<1x2xf32>, tensor<2x2xf32>) -> tensor<1x2xf32>
  // expected-remark @+1 {{folded into 'nn.matmul'}}
  %1 = nn.batch_norm %0, %m, %v {epsilon = 0.0 : f64} : (tensor<1x2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2xf32>
  return %1 : tensor<1x2xf32>
}
{-#
  dialect_resources: {
    builtin: {
      w: "0x040000000000803F0000803F0000803F0000803F"
    }
  }
#-}

// -----

// A resource holding one element is not a splat: its size is wrong.
// CHECK-LABEL: func @no_fold_splat_like_resource
// expected-remark @+1 {{folded 0 of 1 batch_norm ops}}
func.func @no_fold_splat_like_resource(%x: tensor<1x2xf32>) -> tensor<1x2xf32> {
  %w = arith.constant dense_resource<one> : tensor<2x2xf32>
  %m = arith.constant dense<0.0> : tensor<2xf32>
  %v = arith.constant dense<1.0> : tensor<2xf32>
  %0 = nn.matmul %x, %w : (tensor<1x2xf32>, tensor<2x2xf32>) -> tensor<1x2xf32>
  // expected-remark @+1 {{not folded: the weights of 'nn.matmul' cannot be read: its dense_resource blob has 4 bytes but its type needs 16}}
  %1 = nn.batch_norm %0, %m, %v : (tensor<1x2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2xf32>
  return %1 : tensor<1x2xf32>
}
{-#
  dialect_resources: {
    builtin: {
      one: "0x040000000000803F"
    }
  }
#-}

// -----

// CHECK-LABEL: func @no_fold_elided_weights
// CHECK: nn.batch_norm
// expected-remark @+1 {{folded 0 of 1 batch_norm ops}}
func.func @no_fold_elided_weights(%x: tensor<1x4x4x3xf32>) -> tensor<1x4x4x2xf32> {
  %w = arith.constant dense_resource<__elided__> : tensor<1x1x3x2xf32>
  %m = arith.constant dense<0.0> : tensor<2xf32>
  %v = arith.constant dense<1.0> : tensor<2xf32>
  %0 = nn.conv2d nhwc %x, %w : (tensor<1x4x4x3xf32>, tensor<1x1x3x2xf32>) -> tensor<1x4x4x2xf32>
  // expected-remark @+1 {{not folded: the weights of 'nn.conv2d' cannot be read: its dense_resource blob is missing (elided?)}}
  %1 = nn.batch_norm %0, %m, %v : (tensor<1x4x4x2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x4x4x2xf32>
  return %1 : tensor<1x4x4x2xf32>
}

// -----

// CHECK-LABEL: func @no_fold_elided_variance
// expected-remark @+1 {{folded 0 of 1 batch_norm ops}}
func.func @no_fold_elided_variance(%x: tensor<1x4x4x3xf32>) -> tensor<1x4x4x2xf32> {
  %w = arith.constant dense<1.0> : tensor<1x1x3x2xf32>
  %m = arith.constant dense<0.0> : tensor<2xf32>
  %v = arith.constant dense_resource<__elided__> : tensor<2xf32>
  %0 = nn.conv2d nhwc %x, %w : (tensor<1x4x4x3xf32>, tensor<1x1x3x2xf32>) -> tensor<1x4x4x2xf32>
  // expected-remark @+1 {{not folded: variance is a constant that cannot be read: its dense_resource blob is missing (elided?)}}
  %1 = nn.batch_norm %0, %m, %v : (tensor<1x4x4x2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x4x4x2xf32>
  return %1 : tensor<1x4x4x2xf32>
}

// -----

func.func @huge_dim_overflow(%x: tensor<1x4611686018427387904xf32>, %w: tensor<4611686018427387904x2xf32>) -> tensor<1x2xf32> {
  // expected-error @+1 {{'nn.matmul' op the element count of 'tensor<4611686018427387904x2xf32>' overflows int64}}
  %0 = nn.matmul %x, %w : (tensor<1x4611686018427387904xf32>, tensor<4611686018427387904x2xf32>) -> tensor<1x2xf32>
  return %0 : tensor<1x2xf32>
}

// -----

// 2^32 * 2^32 wraps to 0: unchecked, the verifier divided by zero.
func.func @huge_block_shape(%x: tensor<4x6x6x3xf32>) -> tensor<1x12x12x3xf32> {
  // expected-error @+1 {{'nn.batch_to_space' op the block count must fit in int64}}
  %0 = nn.batch_to_space nhwc %x {block_shape = array<i64: 4294967296, 4294967296>, crops = array<i64: 0, 0, 0, 0>} : (tensor<4x6x6x3xf32>) -> tensor<1x12x12x3xf32>
  return %0 : tensor<1x12x12x3xf32>
}

// -----

func.func @huge_dilation(%x: tensor<1x8x8x3xf32>, %w: tensor<3x3x3x2xf32>) -> tensor<1x8x8x2xf32> {
  // expected-error @+1 {{'nn.conv2d' op the padded input and the dilated kernel size must fit in int64}}
  %0 = nn.conv2d nhwc %x, %w {dilations = array<i64: 9223372036854775807, 1>} : (tensor<1x8x8x3xf32>, tensor<3x3x3x2xf32>) -> tensor<1x8x8x2xf32>
  return %0 : tensor<1x8x8x2xf32>
}

// -----

func.func @huge_depthwise_channels(%x: tensor<0x1x1x4294967296xf32>, %w: tensor<0x0x4294967296x4294967296xf32>) -> tensor<0x1x1x0xf32> {
  // expected-error @+1 {{'nn.depthwise_conv2d' op the output channel count C * M must fit in int64}}
  %0 = nn.depthwise_conv2d nhwc %x, %w : (tensor<0x1x1x4294967296xf32>, tensor<0x0x4294967296x4294967296xf32>) -> tensor<0x1x1x0xf32>
  return %0 : tensor<0x1x1x0xf32>
}

// -----

// A bn_fold_bias whose result length is not static must not fold into an
// (invalid) dynamically shaped arith.constant.
// CHECK-LABEL: func @fold_bias_dynamic_result
// CHECK: nn.bn_fold_bias
// expected-remark @+1 {{folded 0 of 0 batch_norm ops}}
func.func @fold_bias_dynamic_result() -> tensor<?xf32> {
  %m = arith.constant dense<0.0> : tensor<2xf32>
  %v = arith.constant dense<1.0> : tensor<2xf32>
  %0 = nn.bn_fold_bias %m, %v : (tensor<2xf32>, tensor<2xf32>) -> tensor<?xf32>
  return %0 : tensor<?xf32>
}

// -----

// The layer's bias (tensor<?xf32>) and the bias_add's (tensor<2xf32>) cannot
// meet in an nn.add (identical types); a bias_add along dim 0 sums them, and
// the batch norm folds (execution-checked in through.mlir).
// CHECK-LABEL: func @bias_add_type_mismatch
// CHECK: %[[SUM:.*]] = nn.bias_add %arg1, %{{.*}} {axis = 0 : i64} : (tensor<?xf32>, tensor<2xf32>) -> tensor<?xf32>
// CHECK: nn.bn_fold_bias %{{.*}}, %{{.*}} bias %[[SUM]]
// CHECK-NOT: nn.batch_norm
// expected-remark @+1 {{folded 1 of 1 batch_norm ops}}
func.func @bias_add_type_mismatch(%x: tensor<1x3xf32>, %b0: tensor<?xf32>) -> tensor<1x2xf32> {
  %w = arith.constant dense<1.0> : tensor<3x2xf32>
  %b = arith.constant dense<1.0> : tensor<2xf32>
  %m = arith.constant dense<0.0> : tensor<2xf32>
  %v = arith.constant dense<1.0> : tensor<2xf32>
  %0 = nn.matmul %x, %w, %b0 : (tensor<1x3xf32>, tensor<3x2xf32>, tensor<?xf32>) -> tensor<1x2xf32>
  %1 = nn.bias_add %0, %b : (tensor<1x2xf32>, tensor<2xf32>) -> tensor<1x2xf32>
  // expected-remark @+1 {{folded into 'nn.matmul'}}
  %2 = nn.batch_norm %1, %m, %v : (tensor<1x2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2xf32>
  return %2 : tensor<1x2xf32>
}

// -----

// Folded f16 weights that would overflow are refused: 60000 * 2 is inf in
// f16, while the unfolded network stays finite for small inputs
// (0.1 * 60000 * 2 = 12000).
// CHECK-LABEL: func @f16_weight_overflow_refused
// CHECK: nn.batch_norm
// expected-remark @+1 {{folded 0 of 1 batch_norm ops}}
func.func @f16_weight_overflow_refused(%x: tensor<1x1xf16>) -> tensor<1x2xf16> {
  %w = arith.constant dense<[[60000.0, 1.0]]> : tensor<1x2xf16>
  %m = arith.constant dense<0.0> : tensor<2xf16>
  %v = arith.constant dense<0.25> : tensor<2xf16>
  %0 = nn.matmul %x, %w : (tensor<1x1xf16>, tensor<1x2xf16>) -> tensor<1x2xf16>
  // expected-remark @+1 {{not folded: a scaled weight of channel 0 would be 120000, which overflows 'f16'}}
  %1 = nn.batch_norm %0, %m, %v {epsilon = 0.0 : f64} : (tensor<1x2xf16>, tensor<2xf16>, tensor<2xf16>) -> tensor<1x2xf16>
  return %1 : tensor<1x2xf16>
}

// -----

// A NaN layer bias stays NaN (s = 1 / sqrt(0.25) = 2).
// CHECK-LABEL: func @f16_nan_bias
// CHECK-DAG: arith.constant dense<{{\[}}[1.200000e+03, 2.000000e+00]]> : tensor<1x2xf16>
// CHECK-DAG: arith.constant dense<[0x7E00, 0.000000e+00]> : tensor<2xf16>
// expected-remark @+1 {{folded 1 of 1 batch_norm ops}}
func.func @f16_nan_bias(%x: tensor<1x1xf16>) -> tensor<1x2xf16> {
  %w = arith.constant dense<[[600.0, 1.0]]> : tensor<1x2xf16>
  %b = arith.constant dense<[0x7E00, 0.0]> : tensor<2xf16>
  %m = arith.constant dense<0.0> : tensor<2xf16>
  %v = arith.constant dense<0.25> : tensor<2xf16>
  %0 = nn.matmul %x, %w, %b : (tensor<1x1xf16>, tensor<1x2xf16>, tensor<2xf16>) -> tensor<1x2xf16>
  // expected-remark @+1 {{folded into 'nn.matmul'}}
  %1 = nn.batch_norm %0, %m, %v {epsilon = 0.0 : f64} : (tensor<1x2xf16>, tensor<2xf16>, tensor<2xf16>) -> tensor<1x2xf16>
  return %1 : tensor<1x2xf16>
}

// -----

// Parameters that are not constants fold into ops computed at run time.
// CHECK-LABEL: func @runtime_parameters
// CHECK: nn.bn_fold_weights
// CHECK: nn.bn_fold_bias
// CHECK-NOT: nn.batch_norm
// expected-remark @+1 {{folded 1 of 1 batch_norm ops}}
func.func @runtime_parameters(%x: tensor<1x3xf32>, %m: tensor<2xf32>, %v: tensor<2xf32>) -> tensor<1x2xf32> {
  %w = arith.constant dense<1.0> : tensor<3x2xf32>
  %0 = nn.matmul %x, %w : (tensor<1x3xf32>, tensor<3x2xf32>) -> tensor<1x2xf32>
  // expected-remark @+1 {{folded into 'nn.matmul'}}
  %1 = nn.batch_norm %0, %m, %v : (tensor<1x2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2xf32>
  return %1 : tensor<1x2xf32>
}
