// RUN: bnfold-opt %s | bnfold-opt | FileCheck %s
// RUN: bnfold-opt %s --mlir-print-op-generic | bnfold-opt | FileCheck %s

// Round trip of every nn op through the custom and the generic assembly.

// CHECK-LABEL: func.func @conv2d_nhwc_bias_strided(
// CHECK-SAME:    %[[X:[^:]+]]: tensor<1x8x8x3xf32>
// CHECK-SAME:    %[[W:[^:]+]]: tensor<3x3x3x16xf32>
// CHECK-SAME:    %[[B:[^:]+]]: tensor<16xf32>
// CHECK:         %[[R0:.*]] = nn.conv2d nhwc %[[X]], %[[W]], %[[B]] {padding = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : (tensor<1x8x8x3xf32>, tensor<3x3x3x16xf32>, tensor<16xf32>) -> tensor<1x4x4x16xf32>
// CHECK:         return %[[R0]] : tensor<1x4x4x16xf32>
func.func @conv2d_nhwc_bias_strided(%x: tensor<1x8x8x3xf32>, %w: tensor<3x3x3x16xf32>, %b: tensor<16xf32>) -> tensor<1x4x4x16xf32> {
  %0 = nn.conv2d nhwc %x, %w, %b {strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>}
      : (tensor<1x8x8x3xf32>, tensor<3x3x3x16xf32>, tensor<16xf32>) -> tensor<1x4x4x16xf32>
  return %0 : tensor<1x4x4x16xf32>
}

// CHECK-LABEL: func.func @conv2d_nchw_grouped_dilated(
// CHECK-SAME:    %[[X:[^:]+]]: tensor<1x8x6x6xf16>
// CHECK-SAME:    %[[W:[^:]+]]: tensor<16x4x3x3xf16>
// CHECK:         %[[R0:.*]] = nn.conv2d nchw %[[X]], %[[W]] {dilations = array<i64: 2, 2>, groups = 2 : i64, padding = array<i64: 2, 2, 2, 2>} : (tensor<1x8x6x6xf16>, tensor<16x4x3x3xf16>) -> tensor<1x16x6x6xf16>
// CHECK:         return %[[R0]] : tensor<1x16x6x6xf16>
func.func @conv2d_nchw_grouped_dilated(%x: tensor<1x8x6x6xf16>, %w: tensor<16x4x3x3xf16>) -> tensor<1x16x6x6xf16> {
  %0 = nn.conv2d nchw %x, %w {groups = 2 : i64, dilations = array<i64: 2, 2>, padding = array<i64: 2, 2, 2, 2>}
      : (tensor<1x8x6x6xf16>, tensor<16x4x3x3xf16>) -> tensor<1x16x6x6xf16>
  return %0 : tensor<1x16x6x6xf16>
}

// CHECK-LABEL: func.func @conv2d_dynamic_batch_asymmetric(
// CHECK-SAME:    %[[X:[^:]+]]: tensor<?x8x7x3xbf16>
// CHECK-SAME:    %[[W:[^:]+]]: tensor<2x3x3x4xbf16>
// CHECK:         %[[R0:.*]] = nn.conv2d nhwc %[[X]], %[[W]] {dilations = array<i64: 1, 2>, padding = array<i64: 0, 1, 2, 0>, strides = array<i64: 2, 3>} : (tensor<?x8x7x3xbf16>, tensor<2x3x3x4xbf16>) -> tensor<?x4x2x4xbf16>
// CHECK:         return %[[R0]] : tensor<?x4x2x4xbf16>
func.func @conv2d_dynamic_batch_asymmetric(%x: tensor<?x8x7x3xbf16>, %w: tensor<2x3x3x4xbf16>) -> tensor<?x4x2x4xbf16> {
  %0 = nn.conv2d nhwc %x, %w {strides = array<i64: 2, 3>, dilations = array<i64: 1, 2>, padding = array<i64: 0, 1, 2, 0>}
      : (tensor<?x8x7x3xbf16>, tensor<2x3x3x4xbf16>) -> tensor<?x4x2x4xbf16>
  return %0 : tensor<?x4x2x4xbf16>
}

// CHECK-LABEL: func.func @depthwise_nhwc_m1(
// CHECK-SAME:    %[[X:[^:]+]]: tensor<1x8x8x3xf32>
// CHECK-SAME:    %[[W:[^:]+]]: tensor<3x3x3x1xf32>
// CHECK:         %[[R0:.*]] = nn.depthwise_conv2d nhwc %[[X]], %[[W]] {padding = array<i64: 1, 1, 1, 1>} : (tensor<1x8x8x3xf32>, tensor<3x3x3x1xf32>) -> tensor<1x8x8x3xf32>
// CHECK:         return %[[R0]] : tensor<1x8x8x3xf32>
func.func @depthwise_nhwc_m1(%x: tensor<1x8x8x3xf32>, %w: tensor<3x3x3x1xf32>) -> tensor<1x8x8x3xf32> {
  %0 = nn.depthwise_conv2d nhwc %x, %w {padding = array<i64: 1, 1, 1, 1>}
      : (tensor<1x8x8x3xf32>, tensor<3x3x3x1xf32>) -> tensor<1x8x8x3xf32>
  return %0 : tensor<1x8x8x3xf32>
}

// CHECK-LABEL: func.func @depthwise_nhwc_m2_bias(
// CHECK-SAME:    %[[X:[^:]+]]: tensor<1x8x8x3xf32>
// CHECK-SAME:    %[[W:[^:]+]]: tensor<3x3x3x2xf32>
// CHECK-SAME:    %[[B:[^:]+]]: tensor<6xf32>
// CHECK:         %[[R0:.*]] = nn.depthwise_conv2d nhwc %[[X]], %[[W]], %[[B]] : (tensor<1x8x8x3xf32>, tensor<3x3x3x2xf32>, tensor<6xf32>) -> tensor<1x6x6x6xf32>
// CHECK:         return %[[R0]] : tensor<1x6x6x6xf32>
func.func @depthwise_nhwc_m2_bias(%x: tensor<1x8x8x3xf32>, %w: tensor<3x3x3x2xf32>, %b: tensor<6xf32>) -> tensor<1x6x6x6xf32> {
  %0 = nn.depthwise_conv2d nhwc %x, %w, %b
      : (tensor<1x8x8x3xf32>, tensor<3x3x3x2xf32>, tensor<6xf32>) -> tensor<1x6x6x6xf32>
  return %0 : tensor<1x6x6x6xf32>
}

// CHECK-LABEL: func.func @depthwise_nchw_m1(
// CHECK-SAME:    %[[X:[^:]+]]: tensor<1x8x6x6xf64>
// CHECK-SAME:    %[[W:[^:]+]]: tensor<8x1x3x3xf64>
// CHECK:         %[[R0:.*]] = nn.depthwise_conv2d nchw %[[X]], %[[W]] {padding = array<i64: 1, 1, 1, 1>} : (tensor<1x8x6x6xf64>, tensor<8x1x3x3xf64>) -> tensor<1x8x6x6xf64>
// CHECK:         return %[[R0]] : tensor<1x8x6x6xf64>
func.func @depthwise_nchw_m1(%x: tensor<1x8x6x6xf64>, %w: tensor<8x1x3x3xf64>) -> tensor<1x8x6x6xf64> {
  %0 = nn.depthwise_conv2d nchw %x, %w {padding = array<i64: 1, 1, 1, 1>}
      : (tensor<1x8x6x6xf64>, tensor<8x1x3x3xf64>) -> tensor<1x8x6x6xf64>
  return %0 : tensor<1x8x6x6xf64>
}

// CHECK-LABEL: func.func @depthwise_nchw_m2_bias_strided(
// CHECK-SAME:    %[[X:[^:]+]]: tensor<1x4x6x6xf32>
// CHECK-SAME:    %[[W:[^:]+]]: tensor<8x1x3x3xf32>
// CHECK-SAME:    %[[B:[^:]+]]: tensor<8xf32>
// CHECK:         %[[R0:.*]] = nn.depthwise_conv2d nchw %[[X]], %[[W]], %[[B]] {strides = array<i64: 2, 2>} : (tensor<1x4x6x6xf32>, tensor<8x1x3x3xf32>, tensor<8xf32>) -> tensor<1x8x2x2xf32>
// CHECK:         return %[[R0]] : tensor<1x8x2x2xf32>
func.func @depthwise_nchw_m2_bias_strided(%x: tensor<1x4x6x6xf32>, %w: tensor<8x1x3x3xf32>, %b: tensor<8xf32>) -> tensor<1x8x2x2xf32> {
  %0 = nn.depthwise_conv2d nchw %x, %w, %b {strides = array<i64: 2, 2>}
      : (tensor<1x4x6x6xf32>, tensor<8x1x3x3xf32>, tensor<8xf32>) -> tensor<1x8x2x2xf32>
  return %0 : tensor<1x8x2x2xf32>
}

// CHECK-LABEL: func.func @matmul_transpose_rhs_bias(
// CHECK-SAME:    %[[X:[^:]+]]: tensor<?x512xf32>
// CHECK-SAME:    %[[W:[^:]+]]: tensor<10x512xf32>
// CHECK-SAME:    %[[B:[^:]+]]: tensor<10xf32>
// CHECK:         %[[R0:.*]] = nn.matmul %[[X]], %[[W]], %[[B]] {transpose_rhs} : (tensor<?x512xf32>, tensor<10x512xf32>, tensor<10xf32>) -> tensor<?x10xf32>
// CHECK:         return %[[R0]] : tensor<?x10xf32>
func.func @matmul_transpose_rhs_bias(%x: tensor<?x512xf32>, %w: tensor<10x512xf32>, %b: tensor<10xf32>) -> tensor<?x10xf32> {
  %0 = nn.matmul %x, %w, %b {transpose_rhs} : (tensor<?x512xf32>, tensor<10x512xf32>, tensor<10xf32>) -> tensor<?x10xf32>
  return %0 : tensor<?x10xf32>
}

// CHECK-LABEL: func.func @matmul_transpose_lhs_batch(
// CHECK-SAME:    %[[X:[^:]+]]: tensor<2x3x4xf64>
// CHECK-SAME:    %[[W:[^:]+]]: tensor<3x5xf64>
// CHECK:         %[[R0:.*]] = nn.matmul %[[X]], %[[W]] {transpose_lhs} : (tensor<2x3x4xf64>, tensor<3x5xf64>) -> tensor<2x4x5xf64>
// CHECK:         return %[[R0]] : tensor<2x4x5xf64>
func.func @matmul_transpose_lhs_batch(%x: tensor<2x3x4xf64>, %w: tensor<3x5xf64>) -> tensor<2x4x5xf64> {
  %0 = nn.matmul %x, %w {transpose_lhs} : (tensor<2x3x4xf64>, tensor<3x5xf64>) -> tensor<2x4x5xf64>
  return %0 : tensor<2x4x5xf64>
}

// CHECK-LABEL: func.func @matmul_dynamic_batch(
// CHECK-SAME:    %[[X:[^:]+]]: tensor<?x7x4x3xf16>
// CHECK-SAME:    %[[W:[^:]+]]: tensor<3x5xf16>
// CHECK:         %[[R0:.*]] = nn.matmul %[[X]], %[[W]] : (tensor<?x7x4x3xf16>, tensor<3x5xf16>) -> tensor<?x7x4x5xf16>
// CHECK:         return %[[R0]] : tensor<?x7x4x5xf16>
func.func @matmul_dynamic_batch(%x: tensor<?x7x4x3xf16>, %w: tensor<3x5xf16>) -> tensor<?x7x4x5xf16> {
  %0 = nn.matmul %x, %w : (tensor<?x7x4x3xf16>, tensor<3x5xf16>) -> tensor<?x7x4x5xf16>
  return %0 : tensor<?x7x4x5xf16>
}

// CHECK-LABEL: func.func @matmul_both_transposed(
// CHECK-SAME:    %[[X:[^:]+]]: tensor<3x4xbf16>
// CHECK-SAME:    %[[W:[^:]+]]: tensor<5x3xbf16>
// CHECK:         %[[R0:.*]] = nn.matmul %[[X]], %[[W]] {transpose_lhs, transpose_rhs} : (tensor<3x4xbf16>, tensor<5x3xbf16>) -> tensor<4x5xbf16>
// CHECK:         return %[[R0]] : tensor<4x5xbf16>
func.func @matmul_both_transposed(%x: tensor<3x4xbf16>, %w: tensor<5x3xbf16>) -> tensor<4x5xbf16> {
  %0 = nn.matmul %x, %w {transpose_lhs, transpose_rhs} : (tensor<3x4xbf16>, tensor<5x3xbf16>) -> tensor<4x5xbf16>
  return %0 : tensor<4x5xbf16>
}

// CHECK-LABEL: func.func @batch_norm_nchw_full(
// CHECK-SAME:    %[[X:[^:]+]]: tensor<?x16x8x8xf32>
// CHECK-SAME:    %[[M:[^:]+]]: tensor<16xf32>
// CHECK-SAME:    %[[V:[^:]+]]: tensor<16xf32>
// CHECK-SAME:    %[[G:[^:]+]]: tensor<16xf32>
// CHECK-SAME:    %[[BT:[^:]+]]: tensor<16xf32>
// CHECK:         %[[R0:.*]] = nn.batch_norm nchw %[[X]], %[[M]], %[[V]] scale %[[G]] offset %[[BT]] {epsilon = 1.000000e-03 : f64} : (tensor<?x16x8x8xf32>, tensor<16xf32>, tensor<16xf32>, tensor<16xf32>, tensor<16xf32>) -> tensor<?x16x8x8xf32>
// CHECK:         return %[[R0]] : tensor<?x16x8x8xf32>
func.func @batch_norm_nchw_full(%x: tensor<?x16x8x8xf32>, %m: tensor<16xf32>, %v: tensor<16xf32>, %g: tensor<16xf32>, %bt: tensor<16xf32>) -> tensor<?x16x8x8xf32> {
  %0 = nn.batch_norm nchw %x, %m, %v scale %g offset %bt {epsilon = 1.0e-03 : f64}
      : (tensor<?x16x8x8xf32>, tensor<16xf32>, tensor<16xf32>, tensor<16xf32>, tensor<16xf32>) -> tensor<?x16x8x8xf32>
  return %0 : tensor<?x16x8x8xf32>
}

// CHECK-LABEL: func.func @batch_norm_nhwc_bare(
// CHECK-SAME:    %[[X:[^:]+]]: tensor<1x4x4x8xf16>
// CHECK-SAME:    %[[M:[^:]+]]: tensor<8xf16>
// CHECK-SAME:    %[[V:[^:]+]]: tensor<8xf16>
// CHECK:         %[[R0:.*]] = nn.batch_norm nhwc %[[X]], %[[M]], %[[V]] : (tensor<1x4x4x8xf16>, tensor<8xf16>, tensor<8xf16>) -> tensor<1x4x4x8xf16>
// CHECK:         return %[[R0]] : tensor<1x4x4x8xf16>
func.func @batch_norm_nhwc_bare(%x: tensor<1x4x4x8xf16>, %m: tensor<8xf16>, %v: tensor<8xf16>) -> tensor<1x4x4x8xf16> {
  %0 = nn.batch_norm nhwc %x, %m, %v : (tensor<1x4x4x8xf16>, tensor<8xf16>, tensor<8xf16>) -> tensor<1x4x4x8xf16>
  return %0 : tensor<1x4x4x8xf16>
}

// CHECK-LABEL: func.func @batch_norm_axis_scale_only(
// CHECK-SAME:    %[[X:[^:]+]]: tensor<2x5x3xbf16>
// CHECK-SAME:    %[[M:[^:]+]]: tensor<5xbf16>
// CHECK-SAME:    %[[V:[^:]+]]: tensor<5xbf16>
// CHECK-SAME:    %[[G:[^:]+]]: tensor<5xbf16>
// CHECK:         %[[R0:.*]] = nn.batch_norm %[[X]], %[[M]], %[[V]] scale %[[G]] {axis = 1 : i64} : (tensor<2x5x3xbf16>, tensor<5xbf16>, tensor<5xbf16>, tensor<5xbf16>) -> tensor<2x5x3xbf16>
// CHECK:         return %[[R0]] : tensor<2x5x3xbf16>
func.func @batch_norm_axis_scale_only(%x: tensor<2x5x3xbf16>, %m: tensor<5xbf16>, %v: tensor<5xbf16>, %g: tensor<5xbf16>) -> tensor<2x5x3xbf16> {
  %0 = nn.batch_norm %x, %m, %v scale %g {axis = 1 : i64} : (tensor<2x5x3xbf16>, tensor<5xbf16>, tensor<5xbf16>, tensor<5xbf16>) -> tensor<2x5x3xbf16>
  return %0 : tensor<2x5x3xbf16>
}

// CHECK-LABEL: func.func @batch_norm_default_dim_offset_only(
// CHECK-SAME:    %[[X:[^:]+]]: tensor<2x7xf64>
// CHECK-SAME:    %[[M:[^:]+]]: tensor<7xf64>
// CHECK-SAME:    %[[V:[^:]+]]: tensor<7xf64>
// CHECK-SAME:    %[[BT:[^:]+]]: tensor<7xf64>
// CHECK:         %[[R0:.*]] = nn.batch_norm %[[X]], %[[M]], %[[V]] offset %[[BT]] {epsilon = 0.000000e+00 : f64} : (tensor<2x7xf64>, tensor<7xf64>, tensor<7xf64>, tensor<7xf64>) -> tensor<2x7xf64>
// CHECK:         return %[[R0]] : tensor<2x7xf64>
func.func @batch_norm_default_dim_offset_only(%x: tensor<2x7xf64>, %m: tensor<7xf64>, %v: tensor<7xf64>, %bt: tensor<7xf64>) -> tensor<2x7xf64> {
  %0 = nn.batch_norm %x, %m, %v offset %bt {epsilon = 0.0 : f64} : (tensor<2x7xf64>, tensor<7xf64>, tensor<7xf64>, tensor<7xf64>) -> tensor<2x7xf64>
  return %0 : tensor<2x7xf64>
}

// CHECK-LABEL: func.func @batch_norm_layout_and_axis(
// CHECK-SAME:    %[[X:[^:]+]]: tensor<1x16x2x2xf32>
// CHECK-SAME:    %[[M:[^:]+]]: tensor<16xf32>
// CHECK-SAME:    %[[V:[^:]+]]: tensor<16xf32>
// CHECK:         %[[R0:.*]] = nn.batch_norm nchw %[[X]], %[[M]], %[[V]] {axis = 1 : i64} : (tensor<1x16x2x2xf32>, tensor<16xf32>, tensor<16xf32>) -> tensor<1x16x2x2xf32>
// CHECK:         return %[[R0]] : tensor<1x16x2x2xf32>
func.func @batch_norm_layout_and_axis(%x: tensor<1x16x2x2xf32>, %m: tensor<16xf32>, %v: tensor<16xf32>) -> tensor<1x16x2x2xf32> {
  %0 = nn.batch_norm nchw %x, %m, %v {axis = 1 : i64} : (tensor<1x16x2x2xf32>, tensor<16xf32>, tensor<16xf32>) -> tensor<1x16x2x2xf32>
  return %0 : tensor<1x16x2x2xf32>
}

// CHECK-LABEL: func.func @bias_add_forms(
// CHECK-SAME:    %[[X:[^:]+]]: tensor<1x16x4x4xf32>
// CHECK-SAME:    %[[B:[^:]+]]: tensor<16xf32>
// CHECK-SAME:    %[[C:[^:]+]]: tensor<4xf32>
// CHECK:         %[[R0:.*]] = nn.bias_add nchw %[[X]], %[[B]] : (tensor<1x16x4x4xf32>, tensor<16xf32>) -> tensor<1x16x4x4xf32>
// CHECK:         %[[R1:.*]] = nn.bias_add %[[X]], %[[C]] : (tensor<1x16x4x4xf32>, tensor<4xf32>) -> tensor<1x16x4x4xf32>
// CHECK:         %[[R2:.*]] = nn.bias_add %[[X]], %[[B]] {axis = 1 : i64} : (tensor<1x16x4x4xf32>, tensor<16xf32>) -> tensor<1x16x4x4xf32>
// CHECK:         return %[[R0]], %[[R1]], %[[R2]] : tensor<1x16x4x4xf32>, tensor<1x16x4x4xf32>, tensor<1x16x4x4xf32>
func.func @bias_add_forms(%x: tensor<1x16x4x4xf32>, %b: tensor<16xf32>, %c: tensor<4xf32>) -> (tensor<1x16x4x4xf32>, tensor<1x16x4x4xf32>, tensor<1x16x4x4xf32>) {
  %0 = nn.bias_add nchw %x, %b : (tensor<1x16x4x4xf32>, tensor<16xf32>) -> tensor<1x16x4x4xf32>
  %1 = nn.bias_add %x, %c : (tensor<1x16x4x4xf32>, tensor<4xf32>) -> tensor<1x16x4x4xf32>
  %2 = nn.bias_add %x, %b {axis = 1 : i64} : (tensor<1x16x4x4xf32>, tensor<16xf32>) -> tensor<1x16x4x4xf32>
  return %0, %1, %2 : tensor<1x16x4x4xf32>, tensor<1x16x4x4xf32>, tensor<1x16x4x4xf32>
}

// CHECK-LABEL: func.func @structural(
// CHECK-SAME:    %[[X:[^:]+]]: tensor<?x64xf16>
// CHECK:         %[[R0:.*]] = nn.identity %[[X]] : tensor<?x64xf16>
// CHECK:         %[[R1:.*]] = nn.relu %[[R0]] : tensor<?x64xf16>
// CHECK:         %[[R2:.*]] = nn.add %[[R0]], %[[R1]] : tensor<?x64xf16>
// CHECK:         %[[R3:.*]] = nn.reshape %[[R2]] : (tensor<?x64xf16>) -> tensor<?x1x1x64xf16>
// CHECK:         return %[[R3]] : tensor<?x1x1x64xf16>
func.func @structural(%x: tensor<?x64xf16>) -> tensor<?x1x1x64xf16> {
  %0 = nn.identity %x : tensor<?x64xf16>
  %1 = nn.relu %0 : tensor<?x64xf16>
  %2 = nn.add %0, %1 : tensor<?x64xf16>
  %3 = nn.reshape %2 : (tensor<?x64xf16>) -> tensor<?x1x1x64xf16>
  return %3 : tensor<?x1x1x64xf16>
}

// CHECK-LABEL: func.func @concat(
// CHECK-SAME:    %[[A:[^:]+]]: tensor<?x8x4x4xf32>
// CHECK-SAME:    %[[B:[^:]+]]: tensor<?x16x4x4xf32>
// CHECK-SAME:    %[[C:[^:]+]]: tensor<?x0x4x4xf32>
// CHECK-SAME:    %[[D:[^:]+]]: tensor<2x?xbf16>
// CHECK:         %[[R0:.*]] = nn.concat %[[A]], %[[B]], %[[C]], %[[A]] axis 1 : (tensor<?x8x4x4xf32>, tensor<?x16x4x4xf32>, tensor<?x0x4x4xf32>, tensor<?x8x4x4xf32>) -> tensor<?x32x4x4xf32>
// CHECK:         %[[R1:.*]] = nn.concat %[[D]], %[[D]] axis 0 : (tensor<2x?xbf16>, tensor<2x?xbf16>) -> tensor<4x?xbf16>
// CHECK:         %[[R2:.*]] = nn.concat %[[D]], %[[D]] axis 1 : (tensor<2x?xbf16>, tensor<2x?xbf16>) -> tensor<2x?xbf16>
// CHECK:         return %[[R0]], %[[R1]], %[[R2]]
func.func @concat(%a: tensor<?x8x4x4xf32>, %b: tensor<?x16x4x4xf32>, %c: tensor<?x0x4x4xf32>, %d: tensor<2x?xbf16>)
    -> (tensor<?x32x4x4xf32>, tensor<4x?xbf16>, tensor<2x?xbf16>) {
  %0 = nn.concat %a, %b, %c, %a axis 1
      : (tensor<?x8x4x4xf32>, tensor<?x16x4x4xf32>, tensor<?x0x4x4xf32>, tensor<?x8x4x4xf32>) -> tensor<?x32x4x4xf32>
  %1 = nn.concat %d, %d axis 0 : (tensor<2x?xbf16>, tensor<2x?xbf16>) -> tensor<4x?xbf16>
  %2 = nn.concat %d, %d axis 1 : (tensor<2x?xbf16>, tensor<2x?xbf16>) -> tensor<2x?xbf16>
  return %0, %1, %2 : tensor<?x32x4x4xf32>, tensor<4x?xbf16>, tensor<2x?xbf16>
}

// CHECK-LABEL: func.func @space_batch_nhwc(
// CHECK-SAME:    %[[X:[^:]+]]: tensor<1x8x8x3xf32>
// CHECK:         %[[R0:.*]] = nn.space_to_batch nhwc %[[X]] {block_shape = array<i64: 2, 2>, paddings = array<i64: 2, 2, 2, 2>} : (tensor<1x8x8x3xf32>) -> tensor<4x6x6x3xf32>
// CHECK:         %[[R1:.*]] = nn.batch_to_space nhwc %[[R0]] {block_shape = array<i64: 2, 2>, crops = array<i64: 2, 2, 2, 2>} : (tensor<4x6x6x3xf32>) -> tensor<1x8x8x3xf32>
// CHECK:         return %[[R1]] : tensor<1x8x8x3xf32>
func.func @space_batch_nhwc(%x: tensor<1x8x8x3xf32>) -> tensor<1x8x8x3xf32> {
  %0 = nn.space_to_batch nhwc %x {block_shape = array<i64: 2, 2>, paddings = array<i64: 2, 2, 2, 2>}
      : (tensor<1x8x8x3xf32>) -> tensor<4x6x6x3xf32>
  %1 = nn.batch_to_space nhwc %0 {block_shape = array<i64: 2, 2>, crops = array<i64: 2, 2, 2, 2>}
      : (tensor<4x6x6x3xf32>) -> tensor<1x8x8x3xf32>
  return %1 : tensor<1x8x8x3xf32>
}

// CHECK-LABEL: func.func @space_batch_nchw(
// CHECK-SAME:    %[[X:[^:]+]]: tensor<?x3x5x7xf64>
// CHECK:         %[[R0:.*]] = nn.space_to_batch nchw %[[X]] {block_shape = array<i64: 2, 3>, paddings = array<i64: 1, 0, 0, 2>} : (tensor<?x3x5x7xf64>) -> tensor<?x3x3x3xf64>
// CHECK:         %[[R1:.*]] = nn.batch_to_space nchw %[[R0]] {block_shape = array<i64: 2, 3>, crops = array<i64: 1, 1, 1, 2>} : (tensor<?x3x3x3xf64>) -> tensor<?x3x4x6xf64>
// CHECK:         return %[[R1]] : tensor<?x3x4x6xf64>
func.func @space_batch_nchw(%x: tensor<?x3x5x7xf64>) -> tensor<?x3x4x6xf64> {
  %0 = nn.space_to_batch nchw %x {block_shape = array<i64: 2, 3>, paddings = array<i64: 1, 0, 0, 2>}
      : (tensor<?x3x5x7xf64>) -> tensor<?x3x3x3xf64>
  %1 = nn.batch_to_space nchw %0 {block_shape = array<i64: 2, 3>, crops = array<i64: 1, 1, 1, 2>}
      : (tensor<?x3x3x3xf64>) -> tensor<?x3x4x6xf64>
  return %1 : tensor<?x3x4x6xf64>
}

// CHECK-LABEL: func.func @bn_fold(
// CHECK-SAME:    %[[W:[^:]+]]: tensor<3x3x8x2xf32>
// CHECK-SAME:    %[[M:[^:]+]]: tensor<16xf32>
// CHECK-SAME:    %[[V:[^:]+]]: tensor<16xf32>
// CHECK-SAME:    %[[G:[^:]+]]: tensor<16xf32>
// CHECK-SAME:    %[[B:[^:]+]]: tensor<16xf32>
// CHECK-SAME:    %[[BT:[^:]+]]: tensor<16xf32>
// CHECK:         %[[R0:.*]] = nn.bn_fold_weights %[[W]], %[[V]] scale %[[G]] {channel_dims = array<i64: 2, 3>, epsilon = 1.000000e-03 : f64} : (tensor<3x3x8x2xf32>, tensor<16xf32>, tensor<16xf32>) -> tensor<3x3x8x2xf32>
// CHECK:         %[[R1:.*]] = nn.bn_fold_bias %[[M]], %[[V]] bias %[[B]] scale %[[G]] offset %[[BT]] {epsilon = 1.000000e-03 : f64} : (tensor<16xf32>, tensor<16xf32>, tensor<16xf32>, tensor<16xf32>, tensor<16xf32>) -> tensor<16xf32>
// CHECK:         %[[R2:.*]] = nn.bn_fold_bias %[[M]], %[[V]] offset %[[BT]] : (tensor<16xf32>, tensor<16xf32>, tensor<16xf32>) -> tensor<16xf32>
// CHECK:         return %[[R0]], %[[R1]], %[[R2]] : tensor<3x3x8x2xf32>, tensor<16xf32>, tensor<16xf32>
func.func @bn_fold(%w: tensor<3x3x8x2xf32>, %m: tensor<16xf32>, %v: tensor<16xf32>, %g: tensor<16xf32>, %b: tensor<16xf32>, %bt: tensor<16xf32>) -> (tensor<3x3x8x2xf32>, tensor<16xf32>, tensor<16xf32>) {
  %0 = nn.bn_fold_weights %w, %v scale %g {channel_dims = array<i64: 2, 3>, epsilon = 1.0e-03 : f64}
      : (tensor<3x3x8x2xf32>, tensor<16xf32>, tensor<16xf32>) -> tensor<3x3x8x2xf32>
  %1 = nn.bn_fold_bias %m, %v bias %b scale %g offset %bt {epsilon = 1.0e-03 : f64}
      : (tensor<16xf32>, tensor<16xf32>, tensor<16xf32>, tensor<16xf32>, tensor<16xf32>) -> tensor<16xf32>
  %2 = nn.bn_fold_bias %m, %v offset %bt : (tensor<16xf32>, tensor<16xf32>, tensor<16xf32>) -> tensor<16xf32>
  return %0, %1, %2 : tensor<3x3x8x2xf32>, tensor<16xf32>, tensor<16xf32>
}

// CHECK-LABEL: func.func @bn_fold_weights_matmul(
// CHECK-SAME:    %[[W:[^:]+]]: tensor<4x5xbf16>
// CHECK-SAME:    %[[V:[^:]+]]: tensor<4xbf16>
// CHECK:         %[[R0:.*]] = nn.bn_fold_weights %[[W]], %[[V]] {channel_dims = array<i64: 0>} : (tensor<4x5xbf16>, tensor<4xbf16>) -> tensor<4x5xbf16>
// CHECK:         return %[[R0]] : tensor<4x5xbf16>
func.func @bn_fold_weights_matmul(%w: tensor<4x5xbf16>, %v: tensor<4xbf16>) -> tensor<4x5xbf16> {
  %0 = nn.bn_fold_weights %w, %v {channel_dims = array<i64: 0>} : (tensor<4x5xbf16>, tensor<4xbf16>) -> tensor<4x5xbf16>
  return %0 : tensor<4x5xbf16>
}

// A grouped map (transposed filter [Cin, Cout/G, k...]); groups = 1 is the
// default and not printed.
// CHECK-LABEL: func.func @bn_fold_weights_grouped(
// CHECK:         nn.bn_fold_weights %{{.*}}, %{{.*}} {channel_dims = array<i64: 1>, group_dim = 0 : i64, groups = 2 : i64} : (tensor<4x3x2x2xf32>, tensor<6xf32>) -> tensor<4x3x2x2xf32>
// CHECK:         nn.bn_fold_weights %{{.*}}, %{{.*}} {channel_dims = array<i64: 1>, group_dim = 0 : i64} : (tensor<4x3x2x2xf32>, tensor<3xf32>) -> tensor<4x3x2x2xf32>
// CHECK:         nn.bn_fold_weights %{{.*}}, %{{.*}} {channel_dims = array<i64: 1>, group_dim = 0 : i64, groups = 2 : i64} : (tensor<?x3x2x2xf32>, tensor<6xf32>) -> tensor<?x3x2x2xf32>
func.func @bn_fold_weights_grouped(%w: tensor<4x3x2x2xf32>, %v: tensor<6xf32>, %v1: tensor<3xf32>, %wd: tensor<?x3x2x2xf32>) {
  %0 = nn.bn_fold_weights %w, %v {channel_dims = array<i64: 1>, group_dim = 0 : i64, groups = 2 : i64} : (tensor<4x3x2x2xf32>, tensor<6xf32>) -> tensor<4x3x2x2xf32>
  %1 = nn.bn_fold_weights %w, %v1 {channel_dims = array<i64: 1>, group_dim = 0 : i64, groups = 1 : i64} : (tensor<4x3x2x2xf32>, tensor<3xf32>) -> tensor<4x3x2x2xf32>
  %2 = nn.bn_fold_weights %wd, %v {channel_dims = array<i64: 1>, group_dim = 0 : i64, groups = 2 : i64} : (tensor<?x3x2x2xf32>, tensor<6xf32>) -> tensor<?x3x2x2xf32>
  return
}

// Extreme but valid shapes must still verify: the overflow checks only
// reject sizes that do not fit in int64.
// CHECK-LABEL: func.func @extreme_shapes(
// CHECK-SAME:    %[[X:[^:]+]]: tensor<4611686018427387903x2xf32>
// CHECK-SAME:    %[[Z:[^:]+]]: tensor<1x0x8x3xf32>
// CHECK-SAME:    %[[W:[^:]+]]: tensor<1x1x3x4xf32>
// CHECK:         %[[R0:.*]] = nn.reshape %[[X]] : (tensor<4611686018427387903x2xf32>) -> tensor<9223372036854775806xf32>
// CHECK:         %[[R1:.*]] = nn.conv2d nhwc %[[Z]], %[[W]] {padding = array<i64: 1, 1, 0, 0>} : (tensor<1x0x8x3xf32>, tensor<1x1x3x4xf32>) -> tensor<1x2x8x4xf32>
// CHECK:         %[[R2:.*]] = nn.reshape %[[Z]] : (tensor<1x0x8x3xf32>) -> tensor<0x5xf32>
// CHECK:         return %[[R0]], %[[R1]], %[[R2]]
func.func @extreme_shapes(%x: tensor<4611686018427387903x2xf32>, %z: tensor<1x0x8x3xf32>, %w: tensor<1x1x3x4xf32>)
    -> (tensor<9223372036854775806xf32>, tensor<1x2x8x4xf32>, tensor<0x5xf32>) {
  %0 = nn.reshape %x : (tensor<4611686018427387903x2xf32>) -> tensor<9223372036854775806xf32>
  %1 = nn.conv2d nhwc %z, %w {padding = array<i64: 1, 1, 0, 0>} : (tensor<1x0x8x3xf32>, tensor<1x1x3x4xf32>) -> tensor<1x2x8x4xf32>
  %2 = nn.reshape %z : (tensor<1x0x8x3xf32>) -> tensor<0x5xf32>
  return %0, %1, %2 : tensor<9223372036854775806xf32>, tensor<1x2x8x4xf32>, tensor<0x5xf32>
}

// CHECK-LABEL: func.func @elementwise_broadcasting(
// CHECK-SAME:    %[[X:[^:]+]]: tensor<?x16x8x8xf32>
// CHECK-SAME:    %[[C:[^:]+]]: tensor<16x1x1xf32>
// CHECK-SAME:    %[[S:[^:]+]]: tensor<f32>
// CHECK:         %[[A:.*]] = nn.sub %[[X]], %[[C]] : (tensor<?x16x8x8xf32>, tensor<16x1x1xf32>) -> tensor<?x16x8x8xf32>
// CHECK:         %[[B:.*]] = nn.mul %[[C]], %[[A]] : (tensor<16x1x1xf32>, tensor<?x16x8x8xf32>) -> tensor<?x16x8x8xf32>
// CHECK:         %[[D:.*]] = nn.div %[[B]], %[[S]] : (tensor<?x16x8x8xf32>, tensor<f32>) -> tensor<?x16x8x8xf32>
// CHECK:         %[[E:.*]] = nn.add %[[D]], %[[D]] : tensor<?x16x8x8xf32>
// CHECK:         return %[[E]]
func.func @elementwise_broadcasting(%x: tensor<?x16x8x8xf32>, %c: tensor<16x1x1xf32>, %s: tensor<f32>) -> tensor<?x16x8x8xf32> {
  %0 = nn.sub %x, %c : (tensor<?x16x8x8xf32>, tensor<16x1x1xf32>) -> tensor<?x16x8x8xf32>
  %1 = nn.mul %c, %0 : (tensor<16x1x1xf32>, tensor<?x16x8x8xf32>) -> tensor<?x16x8x8xf32>
  %2 = nn.div %1, %s : (tensor<?x16x8x8xf32>, tensor<f32>) -> tensor<?x16x8x8xf32>
  %3 = nn.add %2, %2 : tensor<?x16x8x8xf32>
  return %3 : tensor<?x16x8x8xf32>
}

// CHECK-LABEL: func.func @elementwise_outer_broadcast(
// CHECK:         nn.mul %{{.*}}, %{{.*}} : (tensor<4x1xbf16>, tensor<1x5xbf16>) -> tensor<4x5xbf16>
func.func @elementwise_outer_broadcast(%a: tensor<4x1xbf16>, %b: tensor<1x5xbf16>) -> tensor<4x5xbf16> {
  %0 = nn.mul %a, %b : (tensor<4x1xbf16>, tensor<1x5xbf16>) -> tensor<4x5xbf16>
  return %0 : tensor<4x5xbf16>
}

// CHECK-LABEL: func.func @elementwise_unary(
// CHECK:         %[[A:.*]] = nn.sqrt %{{.*}} : tensor<16xf16>
// CHECK:         %[[B:.*]] = nn.rsqrt %[[A]] : tensor<16xf16>
// CHECK:         %[[C:.*]] = nn.reciprocal %[[B]] : tensor<16xf16>
func.func @elementwise_unary(%v: tensor<16xf16>) -> tensor<16xf16> {
  %0 = nn.sqrt %v : tensor<16xf16>
  %1 = nn.rsqrt %0 : tensor<16xf16>
  %2 = nn.reciprocal %1 : tensor<16xf16>
  return %2 : tensor<16xf16>
}

// CHECK-LABEL: func.func @batch_norm_training_nchw_frozen(
// CHECK-SAME:    %[[X:[^:]+]]: tensor<?x16x8x8xf32>
// CHECK-SAME:    %[[M:[^:]+]]: tensor<16xf32>
// CHECK-SAME:    %[[V:[^:]+]]: tensor<16xf32>
// CHECK-SAME:    %[[G:[^:]+]]: tensor<16xf32>
// CHECK-SAME:    %[[BT:[^:]+]]: tensor<16xf32>
// CHECK-SAME:    %[[S:[^:]+]]: tensor<i64>
// CHECK:         = nn.batch_norm_training nchw %[[X]], %[[M]], %[[V]] scale %[[G]] offset %[[BT]] step %[[S]] {epsilon = 1.000000e-03 : f64, freeze_delay = 100 : i64, momentum = 5.000000e-01 : f64} : (tensor<?x16x8x8xf32>, tensor<16xf32>, tensor<16xf32>, tensor<16xf32>, tensor<16xf32>, tensor<i64>) -> (tensor<?x16x8x8xf32>, tensor<16xf32>, tensor<16xf32>, tensor<16xf32>, tensor<16xf32>)
func.func @batch_norm_training_nchw_frozen(%x: tensor<?x16x8x8xf32>, %m: tensor<16xf32>, %v: tensor<16xf32>, %g: tensor<16xf32>, %bt: tensor<16xf32>, %s: tensor<i64>) -> tensor<?x16x8x8xf32> {
  %0:5 = nn.batch_norm_training nchw %x, %m, %v scale %g offset %bt step %s {epsilon = 1.0e-03 : f64, momentum = 0.5 : f64, freeze_delay = 100 : i64}
      : (tensor<?x16x8x8xf32>, tensor<16xf32>, tensor<16xf32>, tensor<16xf32>, tensor<16xf32>, tensor<i64>)
      -> (tensor<?x16x8x8xf32>, tensor<16xf32>, tensor<16xf32>, tensor<16xf32>, tensor<16xf32>)
  return %0#0 : tensor<?x16x8x8xf32>
}

// CHECK-LABEL: func.func @batch_norm_training_bare(
// CHECK:         = nn.batch_norm_training %{{.*}}, %{{.*}}, %{{.*}} : (tensor<4x8xbf16>, tensor<8xbf16>, tensor<8xbf16>) -> (tensor<4x8xbf16>, tensor<8xbf16>, tensor<8xbf16>, tensor<8xbf16>, tensor<8xbf16>)
func.func @batch_norm_training_bare(%x: tensor<4x8xbf16>, %m: tensor<8xbf16>, %v: tensor<8xbf16>) -> tensor<8xbf16> {
  %0:5 = nn.batch_norm_training %x, %m, %v : (tensor<4x8xbf16>, tensor<8xbf16>, tensor<8xbf16>) -> (tensor<4x8xbf16>, tensor<8xbf16>, tensor<8xbf16>, tensor<8xbf16>, tensor<8xbf16>)
  return %0#4 : tensor<8xbf16>
}

// CHECK-LABEL: func.func @bn_fold_correction_nhwc(
// CHECK:         nn.bn_fold_correction nhwc %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} scale %{{.*}} step %{{.*}} {freeze_delay = 0 : i64} : (tensor<2x4x4x8xf64>, tensor<8xf64>, tensor<8xf64>, tensor<8xf64>, tensor<8xf64>, tensor<8xf64>, tensor<i64>) -> tensor<2x4x4x8xf64>
func.func @bn_fold_correction_nhwc(%z: tensor<2x4x4x8xf64>, %p: tensor<8xf64>, %s: tensor<i64>) -> tensor<2x4x4x8xf64> {
  %0 = nn.bn_fold_correction nhwc %z, %p, %p, %p, %p scale %p step %s {freeze_delay = 0 : i64}
      : (tensor<2x4x4x8xf64>, tensor<8xf64>, tensor<8xf64>, tensor<8xf64>, tensor<8xf64>, tensor<8xf64>, tensor<i64>) -> tensor<2x4x4x8xf64>
  return %0 : tensor<2x4x4x8xf64>
}
