// RUN: bnfold-opt %s | bnfold-opt | FileCheck %s
// RUN: bnfold-opt %s --mlir-print-op-generic | bnfold-opt | FileCheck %s

// Round trip of the 1-D and 3-D convolutions and the transposed convolutions
// in both layout families, with default and explicit attributes, and of the
// per-channel ops on rank-3 and rank-5 activations.

// CHECK-LABEL: func.func @conv1d_ncw(
// CHECK:         nn.conv1d ncw %{{.*}}, %{{.*}}, %{{.*}} {padding = array<i64: 1, 1>, strides = array<i64: 2>} : (tensor<1x8x32xf32>, tensor<16x8x3xf32>, tensor<16xf32>) -> tensor<1x16x16xf32>
func.func @conv1d_ncw(%x: tensor<1x8x32xf32>, %w: tensor<16x8x3xf32>, %b: tensor<16xf32>) -> tensor<1x16x16xf32> {
  %0 = nn.conv1d ncw %x, %w, %b {strides = array<i64: 2>, padding = array<i64: 1, 1>}
      : (tensor<1x8x32xf32>, tensor<16x8x3xf32>, tensor<16xf32>) -> tensor<1x16x16xf32>
  return %0 : tensor<1x16x16xf32>
}

// CHECK-LABEL: func.func @conv1d_nwc_grouped_dilated(
// CHECK:         nn.conv1d nwc %{{.*}}, %{{.*}} {dilations = array<i64: 2>, groups = 2 : i64} : (tensor<?x10x4xf16>, tensor<3x2x6xf16>) -> tensor<?x6x6xf16>
func.func @conv1d_nwc_grouped_dilated(%x: tensor<?x10x4xf16>, %w: tensor<3x2x6xf16>) -> tensor<?x6x6xf16> {
  %0 = nn.conv1d nwc %x, %w {groups = 2 : i64, dilations = array<i64: 2>}
      : (tensor<?x10x4xf16>, tensor<3x2x6xf16>) -> tensor<?x6x6xf16>
  return %0 : tensor<?x6x6xf16>
}

// CHECK-LABEL: func.func @conv3d_ncdhw(
// CHECK:         nn.conv3d ncdhw %{{.*}}, %{{.*}} {padding = array<i64: 1, 1, 1, 1, 1, 1>} : (tensor<1x3x8x16x16xf32>, tensor<8x3x3x3x3xf32>) -> tensor<1x8x8x16x16xf32>
func.func @conv3d_ncdhw(%x: tensor<1x3x8x16x16xf32>, %w: tensor<8x3x3x3x3xf32>) -> tensor<1x8x8x16x16xf32> {
  %0 = nn.conv3d ncdhw %x, %w {padding = array<i64: 1, 1, 1, 1, 1, 1>}
      : (tensor<1x3x8x16x16xf32>, tensor<8x3x3x3x3xf32>) -> tensor<1x8x8x16x16xf32>
  return %0 : tensor<1x8x8x16x16xf32>
}

// CHECK-LABEL: func.func @conv3d_ndhwc_strided(
// CHECK:         nn.conv3d ndhwc %{{.*}}, %{{.*}}, %{{.*}} {padding = array<i64: 0, 1, 1, 0, 2, 2>, strides = array<i64: 1, 2, 3>} : (tensor<2x4x7x9x6xbf16>, tensor<1x3x3x6x4xbf16>, tensor<4xbf16>) -> tensor<2x5x3x4x4xbf16>
func.func @conv3d_ndhwc_strided(%x: tensor<2x4x7x9x6xbf16>, %w: tensor<1x3x3x6x4xbf16>, %b: tensor<4xbf16>) -> tensor<2x5x3x4x4xbf16> {
  %0 = nn.conv3d ndhwc %x, %w, %b {strides = array<i64: 1, 2, 3>, padding = array<i64: 0, 1, 1, 0, 2, 2>}
      : (tensor<2x4x7x9x6xbf16>, tensor<1x3x3x6x4xbf16>, tensor<4xbf16>) -> tensor<2x5x3x4x4xbf16>
  return %0 : tensor<2x5x3x4x4xbf16>
}

// CHECK-LABEL: func.func @depthwise_conv1d_nwc_multiplier(
// CHECK:         nn.depthwise_conv1d nwc %{{.*}}, %{{.*}} : (tensor<1x32x8xf32>, tensor<3x8x2xf32>) -> tensor<1x30x16xf32>
func.func @depthwise_conv1d_nwc_multiplier(%x: tensor<1x32x8xf32>, %w: tensor<3x8x2xf32>) -> tensor<1x30x16xf32> {
  %0 = nn.depthwise_conv1d nwc %x, %w : (tensor<1x32x8xf32>, tensor<3x8x2xf32>) -> tensor<1x30x16xf32>
  return %0 : tensor<1x30x16xf32>
}

// CHECK-LABEL: func.func @depthwise_conv3d_ncdhw(
// CHECK:         nn.depthwise_conv3d ncdhw %{{.*}}, %{{.*}} : (tensor<1x4x4x8x8xf64>, tensor<12x1x3x3x3xf64>) -> tensor<1x12x2x6x6xf64>
func.func @depthwise_conv3d_ncdhw(%x: tensor<1x4x4x8x8xf64>, %w: tensor<12x1x3x3x3xf64>) -> tensor<1x12x2x6x6xf64> {
  %0 = nn.depthwise_conv3d ncdhw %x, %w : (tensor<1x4x4x8x8xf64>, tensor<12x1x3x3x3xf64>) -> tensor<1x12x2x6x6xf64>
  return %0 : tensor<1x12x2x6x6xf64>
}

// (5 - 1) * 2 - 1 - 1 + (3 - 1) + 1 + 1 = 10 per spatial dim; 2 groups of 3.
// CHECK-LABEL: func.func @conv_transpose2d_nchw_grouped(
// CHECK:         nn.conv_transpose2d nchw %{{.*}}, %{{.*}} {groups = 2 : i64, output_padding = array<i64: 1, 1>, padding = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : (tensor<1x8x5x5xf32>, tensor<8x3x3x3xf32>) -> tensor<1x6x10x10xf32>
func.func @conv_transpose2d_nchw_grouped(%x: tensor<1x8x5x5xf32>, %w: tensor<8x3x3x3xf32>) -> tensor<1x6x10x10xf32> {
  %0 = nn.conv_transpose2d nchw %x, %w {strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>,
                                        output_padding = array<i64: 1, 1>, groups = 2 : i64}
      : (tensor<1x8x5x5xf32>, tensor<8x3x3x3xf32>) -> tensor<1x6x10x10xf32>
  return %0 : tensor<1x6x10x10xf32>
}

// TensorFlow's conv2d_transpose filter [H, W, Cout, Cin].
// CHECK-LABEL: func.func @conv_transpose2d_nhwc(
// CHECK:         nn.conv_transpose2d nhwc %{{.*}}, %{{.*}}, %{{.*}} {strides = array<i64: 2, 2>} : (tensor<?x4x4x8xf32>, tensor<2x2x16x8xf32>, tensor<16xf32>) -> tensor<?x8x8x16xf32>
func.func @conv_transpose2d_nhwc(%x: tensor<?x4x4x8xf32>, %w: tensor<2x2x16x8xf32>, %b: tensor<16xf32>) -> tensor<?x8x8x16xf32> {
  %0 = nn.conv_transpose2d nhwc %x, %w, %b {strides = array<i64: 2, 2>}
      : (tensor<?x4x4x8xf32>, tensor<2x2x16x8xf32>, tensor<16xf32>) -> tensor<?x8x8x16xf32>
  return %0 : tensor<?x8x8x16xf32>
}

// output_padding may equal the stride when it is smaller than the dilation:
// (3 - 1) * 1 + 2 * (3 - 1) + 1 + 1 = 8.
// CHECK-LABEL: func.func @conv_transpose1d_output_padding_below_dilation(
// CHECK:         nn.conv_transpose1d ncw %{{.*}}, %{{.*}} {dilations = array<i64: 2>, output_padding = array<i64: 1>} : (tensor<1x4x3xf16>, tensor<4x2x3xf16>) -> tensor<1x2x8xf16>
func.func @conv_transpose1d_output_padding_below_dilation(%x: tensor<1x4x3xf16>, %w: tensor<4x2x3xf16>) -> tensor<1x2x8xf16> {
  %0 = nn.conv_transpose1d ncw %x, %w {dilations = array<i64: 2>, output_padding = array<i64: 1>}
      : (tensor<1x4x3xf16>, tensor<4x2x3xf16>) -> tensor<1x2x8xf16>
  return %0 : tensor<1x2x8xf16>
}

// CHECK-LABEL: func.func @conv_transpose3d_ndhwc_grouped(
// CHECK:         nn.conv_transpose3d ndhwc %{{.*}}, %{{.*}} {groups = 3 : i64, strides = array<i64: 1, 2, 2>} : (tensor<1x2x3x3x6xf32>, tensor<1x2x2x2x6xf32>) -> tensor<1x2x6x6x6xf32>
func.func @conv_transpose3d_ndhwc_grouped(%x: tensor<1x2x3x3x6xf32>, %w: tensor<1x2x2x2x6xf32>) -> tensor<1x2x6x6x6xf32> {
  %0 = nn.conv_transpose3d ndhwc %x, %w {strides = array<i64: 1, 2, 2>, groups = 3 : i64}
      : (tensor<1x2x3x3x6xf32>, tensor<1x2x2x2x6xf32>) -> tensor<1x2x6x6x6xf32>
  return %0 : tensor<1x2x6x6x6xf32>
}

// CHECK-LABEL: func.func @per_channel_ops_rank3_rank5(
// CHECK:         nn.batch_norm ncw
// CHECK:         nn.bias_add ndhwc
func.func @per_channel_ops_rank3_rank5(%x: tensor<2x8x5xf32>, %y: tensor<1x2x3x3x4xf32>, %p: tensor<8xf32>, %q: tensor<4xf32>) -> (tensor<2x8x5xf32>, tensor<1x2x3x3x4xf32>) {
  %0 = nn.batch_norm ncw %x, %p, %p : (tensor<2x8x5xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<2x8x5xf32>
  %1 = nn.bias_add ndhwc %y, %q : (tensor<1x2x3x3x4xf32>, tensor<4xf32>) -> tensor<1x2x3x3x4xf32>
  return %0, %1 : tensor<2x8x5xf32>, tensor<1x2x3x3x4xf32>
}
