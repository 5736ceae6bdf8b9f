// RUN: bnfold-opt %s --fold-batchnorm=report -split-input-file -verify-diagnostics | FileCheck %s
// Execution check: the original and the folded functions compute the same
// results on pseudo-random inputs (the expected-* comments are only checked
// by the first RUN line).
// RUN: bnfold-opt %s --fold-batchnorm -o %t 2>/dev/null
// RUN: bnfold-run --compare --all-functions %s %t | FileCheck %s --check-prefix=EXEC
// EXEC-NOT: MISMATCH
// EXEC: compare all: OK

// Transposed convolutions fold a following batch norm like every layer. The
// output channel of group g, index j is g*Cout/G + j; it sits in column j of
// the Cout/G filter dim within group block g of the Cin dim, so a grouped
// fold scales each block of the filter by its own multipliers.
//
// Hand-computed multipliers: variance 0 + epsilon 1 has sqrt 1, so the
// multiplier of channel c is scale[c].

// Filter [Cin = 4, Cout/G = 3, 1, 1] of ones, G = 2, multipliers 1..6: the
// rows of block 0 (input channels 0, 1) become [1, 2, 3], the rows of block 1
// (input channels 2, 3) become [4, 5, 6].
// CHECK-LABEL: func @conv_transpose2d_nchw_grouped
// CHECK-DAG: %[[W:.*]] = arith.constant dense<{{\[\[\[\[}}1.000000e+00]], {{\[\[}}2.000000e+00]], {{\[\[}}3.000000e+00]]], {{\[\[\[}}1.000000e+00]], {{\[\[}}2.000000e+00]], {{\[\[}}3.000000e+00]]], {{\[\[\[}}4.000000e+00]], {{\[\[}}5.000000e+00]], {{\[\[}}6.000000e+00]]], {{\[\[\[}}4.000000e+00]], {{\[\[}}5.000000e+00]], {{\[\[}}6.000000e+00]]]]> : tensor<4x3x1x1xf32>
// CHECK-DAG: %[[B:.*]] = arith.constant dense<[-1.000000e+00, -4.000000e+00, -9.000000e+00, -1.600000e+01, -2.500000e+01, -3.600000e+01]> : tensor<6xf32>
// CHECK: %[[Y:.*]] = nn.conv_transpose2d nchw %arg0, %[[W]], %[[B]] {groups = 2 : i64}
// CHECK-NOT: nn.batch_norm
// CHECK-NOT: nn.bn_fold
// CHECK: return %[[Y]]
// expected-remark@+1 {{folded 1 of 1 batch_norm ops}}
func.func @conv_transpose2d_nchw_grouped(%x: tensor<1x4x3x3xf32>) -> tensor<1x6x3x3xf32> {
  %w = arith.constant dense<1.0> : tensor<4x3x1x1xf32>
  %mean = arith.constant dense<[1.0, 2.0, 3.0, 4.0, 5.0, 6.0]> : tensor<6xf32>
  %var = arith.constant dense<0.0> : tensor<6xf32>
  %scale = arith.constant dense<[1.0, 2.0, 3.0, 4.0, 5.0, 6.0]> : tensor<6xf32>
  %y = nn.conv_transpose2d nchw %x, %w {groups = 2 : i64}
      : (tensor<1x4x3x3xf32>, tensor<4x3x1x1xf32>) -> tensor<1x6x3x3xf32>
  // expected-remark@+1 {{folded into 'nn.conv_transpose2d'}}
  %z = nn.batch_norm nchw %y, %mean, %var scale %scale {epsilon = 1.0 : f64}
      : (tensor<1x6x3x3xf32>, tensor<6xf32>, tensor<6xf32>, tensor<6xf32>) -> tensor<1x6x3x3xf32>
  return %z : tensor<1x6x3x3xf32>
}

// -----

// TensorFlow's layout: filter [1, 1, Cout/G = 3, Cin = 4], G = 2. Element
// (0, 0, j, i) is channel (i / 2) * 3 + j: row j is [j+1, j+1, j+4, j+4].
// CHECK-LABEL: func @conv_transpose2d_nhwc_grouped
// CHECK-DAG: %[[W:.*]] = arith.constant dense<{{\[\[\[\[}}1.000000e+00, 1.000000e+00, 4.000000e+00, 4.000000e+00], [2.000000e+00, 2.000000e+00, 5.000000e+00, 5.000000e+00], [3.000000e+00, 3.000000e+00, 6.000000e+00, 6.000000e+00]]]]> : tensor<1x1x3x4xf32>
// CHECK: nn.conv_transpose2d nhwc %arg0, %[[W]], %{{.*}} {groups = 2 : i64}
// CHECK-NOT: nn.batch_norm
// expected-remark@+1 {{folded 1 of 1 batch_norm ops}}
func.func @conv_transpose2d_nhwc_grouped(%x: tensor<1x3x3x4xf32>) -> tensor<1x3x3x6xf32> {
  %w = arith.constant dense<1.0> : tensor<1x1x3x4xf32>
  %mean = arith.constant dense<0.0> : tensor<6xf32>
  %var = arith.constant dense<0.0> : tensor<6xf32>
  %scale = arith.constant dense<[1.0, 2.0, 3.0, 4.0, 5.0, 6.0]> : tensor<6xf32>
  %y = nn.conv_transpose2d nhwc %x, %w {groups = 2 : i64}
      : (tensor<1x3x3x4xf32>, tensor<1x1x3x4xf32>) -> tensor<1x3x3x6xf32>
  // expected-remark@+1 {{folded into 'nn.conv_transpose2d'}}
  %z = nn.batch_norm nhwc %y, %mean, %var scale %scale {epsilon = 1.0 : f64}
      : (tensor<1x3x3x6xf32>, tensor<6xf32>, tensor<6xf32>, tensor<6xf32>) -> tensor<1x3x3x6xf32>
  return %z : tensor<1x3x3x6xf32>
}

// -----

// One group: the filter [Cin = 2, Cout = 3, 1] scales along dim 1 only.
// CHECK-LABEL: func @conv_transpose1d_ncw
// CHECK-DAG: %[[W:.*]] = arith.constant dense<{{\[\[\[}}1.000000e+00], [2.000000e+00], [3.000000e+00]], {{\[\[}}1.000000e+00], [2.000000e+00], [3.000000e+00]]]> : tensor<2x3x1xf32>
// CHECK: nn.conv_transpose1d ncw %arg0, %[[W]], %{{.*}} :
// CHECK-NOT: nn.batch_norm
// expected-remark@+1 {{folded 1 of 1 batch_norm ops}}
func.func @conv_transpose1d_ncw(%x: tensor<1x2x5xf32>) -> tensor<1x3x5xf32> {
  %w = arith.constant dense<1.0> : tensor<2x3x1xf32>
  %mean = arith.constant dense<0.0> : tensor<3xf32>
  %var = arith.constant dense<0.0> : tensor<3xf32>
  %scale = arith.constant dense<[1.0, 2.0, 3.0]> : tensor<3xf32>
  %y = nn.conv_transpose1d ncw %x, %w : (tensor<1x2x5xf32>, tensor<2x3x1xf32>) -> tensor<1x3x5xf32>
  // expected-remark@+1 {{folded into 'nn.conv_transpose1d'}}
  %z = nn.batch_norm ncw %y, %mean, %var scale %scale {epsilon = 1.0 : f64}
      : (tensor<1x3x5xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<1x3x5xf32>
  return %z : tensor<1x3x5xf32>
}

// -----

// groups = Cin (one input channel per group), TensorFlow layout
// [k = 1, Cout/G = 2, Cin = 2]: element (0, j, i) is channel i * 2 + j, so
// neighbouring elements are 2 channels apart.
// CHECK-LABEL: func @conv_transpose1d_nwc_groups_cin
// CHECK-DAG: %[[W:.*]] = arith.constant dense<{{\[\[\[}}1.000000e+00, 3.000000e+00], [2.000000e+00, 4.000000e+00]]]> : tensor<1x2x2xf32>
// CHECK: nn.conv_transpose1d nwc %arg0, %[[W]], %{{.*}} {groups = 2 : i64}
// CHECK-NOT: nn.batch_norm
// expected-remark@+1 {{folded 1 of 1 batch_norm ops}}
func.func @conv_transpose1d_nwc_groups_cin(%x: tensor<1x5x2xf32>) -> tensor<1x5x4xf32> {
  %w = arith.constant dense<1.0> : tensor<1x2x2xf32>
  %mean = arith.constant dense<0.0> : tensor<4xf32>
  %var = arith.constant dense<0.0> : tensor<4xf32>
  %scale = arith.constant dense<[1.0, 2.0, 3.0, 4.0]> : tensor<4xf32>
  %y = nn.conv_transpose1d nwc %x, %w {groups = 2 : i64} : (tensor<1x5x2xf32>, tensor<1x2x2xf32>) -> tensor<1x5x4xf32>
  // expected-remark@+1 {{folded into 'nn.conv_transpose1d'}}
  %z = nn.batch_norm nwc %y, %mean, %var scale %scale {epsilon = 1.0 : f64}
      : (tensor<1x5x4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x5x4xf32>
  return %z : tensor<1x5x4xf32>
}

// -----

// groups = Cin, ONNX layout [Cin = 2, Cout/G = 1, 2]: each input channel's
// kernel is one output channel.
// CHECK-LABEL: func @conv_transpose1d_ncw_depthwise_like
// CHECK-DAG: %[[W:.*]] = arith.constant dense<{{\[\[\[}}1.000000e+00, 1.000000e+00]], {{\[\[}}2.000000e+00, 2.000000e+00]]]> : tensor<2x1x2xf32>
// CHECK: nn.conv_transpose1d ncw %arg0, %[[W]], %{{.*}} {groups = 2 : i64}
// expected-remark@+1 {{folded 1 of 1 batch_norm ops}}
func.func @conv_transpose1d_ncw_depthwise_like(%x: tensor<1x2x5xf32>) -> tensor<1x2x6xf32> {
  %w = arith.constant dense<1.0> : tensor<2x1x2xf32>
  %mean = arith.constant dense<0.0> : tensor<2xf32>
  %var = arith.constant dense<0.0> : tensor<2xf32>
  %scale = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %y = nn.conv_transpose1d ncw %x, %w {groups = 2 : i64} : (tensor<1x2x5xf32>, tensor<2x1x2xf32>) -> tensor<1x2x6xf32>
  // expected-remark@+1 {{folded into 'nn.conv_transpose1d'}}
  %z = nn.batch_norm ncw %y, %mean, %var scale %scale {epsilon = 1.0 : f64}
      : (tensor<1x2x6xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x6xf32>
  return %z : tensor<1x2x6xf32>
}

// -----

// 3-D, both families, grouped, stride 2 with output padding; the layer's
// bias [1, 2, 3, 4] enters the folded bias (b - mean) * m + offset.
// CHECK-LABEL: func @conv_transpose3d_ncdhw_grouped_strided
// CHECK-DAG: %[[W:.*]] = arith.constant dense<{{\[\[\[\[\[}}1.000000e+00]]], {{\[\[\[}}2.000000e+00]]]], {{\[\[\[\[}}3.000000e+00]]], {{\[\[\[}}4.000000e+00]]]]]> : tensor<2x2x1x1x1xf32>
// CHECK-DAG: %[[B:.*]] = arith.constant dense<[1.500000e+00, 4.500000e+00, 9.500000e+00, 1.650000e+01]> : tensor<4xf32>
// CHECK: nn.conv_transpose3d ncdhw %arg0, %[[W]], %[[B]] {groups = 2 : i64, output_padding = array<i64: 1, 1, 1>, strides = array<i64: 2, 2, 2>}
// expected-remark@+1 {{folded 1 of 1 batch_norm ops}}
func.func @conv_transpose3d_ncdhw_grouped_strided(%x: tensor<1x2x2x2x2xf32>) -> tensor<1x4x4x4x4xf32> {
  %w = arith.constant dense<1.0> : tensor<2x2x1x1x1xf32>
  %b = arith.constant dense<[1.0, 2.0, 3.0, 4.0]> : tensor<4xf32>
  %mean = arith.constant dense<0.0> : tensor<4xf32>
  %var = arith.constant dense<0.0> : tensor<4xf32>
  %scale = arith.constant dense<[1.0, 2.0, 3.0, 4.0]> : tensor<4xf32>
  %offset = arith.constant dense<0.5> : tensor<4xf32>
  %y = nn.conv_transpose3d ncdhw %x, %w, %b {groups = 2 : i64, strides = array<i64: 2, 2, 2>, output_padding = array<i64: 1, 1, 1>}
      : (tensor<1x2x2x2x2xf32>, tensor<2x2x1x1x1xf32>, tensor<4xf32>) -> tensor<1x4x4x4x4xf32>
  // expected-remark@+1 {{folded into 'nn.conv_transpose3d'}}
  %z = nn.batch_norm ncdhw %y, %mean, %var scale %scale offset %offset {epsilon = 1.0 : f64}
      : (tensor<1x4x4x4x4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x4x4x4xf32>
  return %z : tensor<1x4x4x4x4xf32>
}

// -----

// CHECK-LABEL: func @conv_transpose3d_ndhwc_grouped
// CHECK-DAG: %[[W:.*]] = arith.constant dense<{{\[\[\[\[\[}}1.000000e+00, 3.000000e+00], [2.000000e+00, 4.000000e+00]]]]]> : tensor<1x1x1x2x2xf32>
// CHECK: nn.conv_transpose3d ndhwc %arg0, %[[W]], %{{.*}} {groups = 2 : i64}
// expected-remark@+1 {{folded 1 of 1 batch_norm ops}}
func.func @conv_transpose3d_ndhwc_grouped(%x: tensor<1x2x2x2x2xf32>) -> tensor<1x2x2x2x4xf32> {
  %w = arith.constant dense<1.0> : tensor<1x1x1x2x2xf32>
  %mean = arith.constant dense<0.0> : tensor<4xf32>
  %var = arith.constant dense<0.0> : tensor<4xf32>
  %scale = arith.constant dense<[1.0, 2.0, 3.0, 4.0]> : tensor<4xf32>
  %y = nn.conv_transpose3d ndhwc %x, %w {groups = 2 : i64}
      : (tensor<1x2x2x2x2xf32>, tensor<1x1x1x2x2xf32>) -> tensor<1x2x2x2x4xf32>
  // expected-remark@+1 {{folded into 'nn.conv_transpose3d'}}
  %z = nn.batch_norm ndhwc %y, %mean, %var scale %scale {epsilon = 1.0 : f64}
      : (tensor<1x2x2x2x4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x2x2x2x4xf32>
  return %z : tensor<1x2x2x2x4xf32>
}

// -----

// Run-time parameters: nn.bn_fold_weights carries the group map.
// CHECK-LABEL: func @conv_transpose2d_runtime_params_grouped
// CHECK-SAME: (%[[X:.*]]: tensor<1x4x3x3xf32>, %[[W:.*]]: tensor<4x3x2x2xf32>, %[[M:.*]]: tensor<6xf32>, %[[V:.*]]: tensor<6xf32>, %[[S:.*]]: tensor<6xf32>)
// CHECK: %[[FW:.*]] = nn.bn_fold_weights %[[W]], %[[V]] scale %[[S]] {channel_dims = array<i64: 1>, epsilon = 1.000000e-03 : f64, group_dim = 0 : i64, groups = 2 : i64}
// CHECK: %[[FB:.*]] = nn.bn_fold_bias %[[M]], %[[V]] scale %[[S]]
// CHECK: nn.conv_transpose2d nchw %[[X]], %[[FW]], %[[FB]] {groups = 2 : i64, strides = array<i64: 2, 2>}
// CHECK-NOT: nn.batch_norm
// expected-remark@+1 {{folded 1 of 1 batch_norm ops}}
func.func @conv_transpose2d_runtime_params_grouped(%x: tensor<1x4x3x3xf32>, %w: tensor<4x3x2x2xf32>, %mean: tensor<6xf32>,
                                                   %var: tensor<6xf32>, %scale: tensor<6xf32>) -> tensor<1x6x6x6xf32> {
  %y = nn.conv_transpose2d nchw %x, %w {groups = 2 : i64, strides = array<i64: 2, 2>}
      : (tensor<1x4x3x3xf32>, tensor<4x3x2x2xf32>) -> tensor<1x6x6x6xf32>
  // expected-remark@+1 {{folded into 'nn.conv_transpose2d'}}
  %z = nn.batch_norm nchw %y, %mean, %var scale %scale {epsilon = 1.0e-3 : f64}
      : (tensor<1x6x6x6xf32>, tensor<6xf32>, tensor<6xf32>, tensor<6xf32>) -> tensor<1x6x6x6xf32>
  return %z : tensor<1x6x6x6xf32>
}

// -----

// TensorFlow layout at run time: the group dim is the last (Cin) dim.
// CHECK-LABEL: func @conv_transpose1d_nwc_runtime_params_grouped
// CHECK: nn.bn_fold_weights %arg1, %arg3 {channel_dims = array<i64: 1>, epsilon = 1.000000e-03 : f64, group_dim = 2 : i64, groups = 2 : i64}
// expected-remark@+1 {{folded 1 of 1 batch_norm ops}}
func.func @conv_transpose1d_nwc_runtime_params_grouped(%x: tensor<1x5x4xf32>, %w: tensor<3x3x4xf32>, %mean: tensor<6xf32>,
                                                       %var: tensor<6xf32>) -> tensor<1x7x6xf32> {
  %y = nn.conv_transpose1d nwc %x, %w {groups = 2 : i64}
      : (tensor<1x5x4xf32>, tensor<3x3x4xf32>) -> tensor<1x7x6xf32>
  // expected-remark@+1 {{folded into 'nn.conv_transpose1d'}}
  %z = nn.batch_norm nwc %y, %mean, %var {epsilon = 1.0e-3 : f64}
      : (tensor<1x7x6xf32>, tensor<6xf32>, tensor<6xf32>) -> tensor<1x7x6xf32>
  return %z : tensor<1x7x6xf32>
}

// -----

// Ungrouped at run time: the same text as every other layer (no group).
// CHECK-LABEL: func @conv_transpose3d_runtime_params
// CHECK: nn.bn_fold_weights %arg1, %arg3 {channel_dims = array<i64: 1>, epsilon = 1.000000e-03 : f64} :
// expected-remark@+1 {{folded 1 of 1 batch_norm ops}}
func.func @conv_transpose3d_runtime_params(%x: tensor<1x2x2x2x2xf32>, %w: tensor<2x3x2x2x2xf32>, %mean: tensor<3xf32>,
                                           %var: tensor<3xf32>) -> tensor<1x3x3x3x3xf32> {
  %y = nn.conv_transpose3d ncdhw %x, %w : (tensor<1x2x2x2x2xf32>, tensor<2x3x2x2x2xf32>) -> tensor<1x3x3x3x3xf32>
  // expected-remark@+1 {{folded into 'nn.conv_transpose3d'}}
  %z = nn.batch_norm ncdhw %y, %mean, %var {epsilon = 1.0e-3 : f64}
      : (tensor<1x3x3x3x3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<1x3x3x3x3xf32>
  return %z : tensor<1x3x3x3x3xf32>
}

// -----

// The group dim is read by the fold: a dynamic one is refused.
// CHECK-LABEL: func @no_fold_conv_transpose_dynamic_weight_dim
// CHECK: nn.batch_norm
// expected-remark@+1 {{folded 0 of 1 batch_norm ops}}
func.func @no_fold_conv_transpose_dynamic_weight_dim(%x: tensor<1x4x3x3xf32>, %w: tensor<?x3x1x1xf32>, %m: tensor<6xf32>) -> tensor<1x6x3x3xf32> {
  %y = nn.conv_transpose2d nchw %x, %w {groups = 2 : i64}
      : (tensor<1x4x3x3xf32>, tensor<?x3x1x1xf32>) -> tensor<1x6x3x3xf32>
  // expected-remark@+1 {{not folded: weight dim 0 of 'nn.conv_transpose2d' is dynamic}}
  %z = nn.batch_norm nchw %y, %m, %m : (tensor<1x6x3x3xf32>, tensor<6xf32>, tensor<6xf32>) -> tensor<1x6x3x3xf32>
  return %z : tensor<1x6x3x3xf32>
}

// -----

// f16: block 1's multiplier (2^16) would take its weights past 65504.
// CHECK-LABEL: func @no_fold_conv_transpose_f16_overflow
// CHECK: nn.batch_norm
// expected-remark@+1 {{folded 0 of 1 batch_norm ops}}
func.func @no_fold_conv_transpose_f16_overflow(%x: tensor<1x4x3x3xf16>) -> tensor<1x2x3x3xf16> {
  %w = arith.constant dense<1.0> : tensor<4x1x1x1xf16>
  %m = arith.constant dense<0.0> : tensor<2xf16>
  %v = arith.constant dense<0.0> : tensor<2xf16>
  %s = arith.constant dense<[1.0, 65504.0]> : tensor<2xf16>
  %y = nn.conv_transpose2d nchw %x, %w {groups = 2 : i64}
      : (tensor<1x4x3x3xf16>, tensor<4x1x1x1xf16>) -> tensor<1x2x3x3xf16>
  // expected-remark@+1 {{not folded: a scaled weight of channel 1 would be 92636.6452, which overflows 'f16'}}
  %z = nn.batch_norm nchw %y, %m, %v scale %s {epsilon = 0.5 : f64}
      : (tensor<1x2x3x3xf16>, tensor<2xf16>, tensor<2xf16>, tensor<2xf16>) -> tensor<1x2x3x3xf16>
  return %z : tensor<1x2x3x3xf16>
}
