// RUN: bnfold-opt --convert-nn-to-linalg --split-input-file %s | FileCheck %s

// Dense convolutions become the named op of their layout; padding is
// tensor.pad; f32 computes in f32 (no rounding step).
// CHECK-LABEL: func.func @conv_nhwc
// CHECK-SAME: (%[[X:.*]]: tensor<?x8x8x3xf32>, %[[W:.*]]: tensor<3x3x3x16xf32>)
// CHECK: %[[PAD:.*]] = tensor.pad %[[X]] low[0, 1, 1, 0] high[0, 1, 1, 0]
// CHECK: } : tensor<?x8x8x3xf32> to tensor<?x10x10x3xf32>
// CHECK: %[[ACC:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : tensor<?x4x4x16xf32>)
// CHECK: %[[Y:.*]] = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>} ins(%[[PAD]], %[[W]] : tensor<?x10x10x3xf32>, tensor<3x3x3x16xf32>) outs(%[[ACC]] : tensor<?x4x4x16xf32>)
// CHECK-NEXT: return %[[Y]]
func.func @conv_nhwc(%x: tensor<?x8x8x3xf32>, %w: tensor<3x3x3x16xf32>) -> tensor<?x4x4x16xf32> {
  %y = nn.conv2d nhwc %x, %w {strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>} : (tensor<?x8x8x3xf32>, tensor<3x3x3x16xf32>) -> tensor<?x4x4x16xf32>
  return %y : tensor<?x4x4x16xf32>
}

// -----

// The bias is broadcast into the accumulator along the channel dim (so the
// sum is bias + products), in f32 for f16; the result rounds once.
// CHECK-DAG: #[[BIAS:.*]] = affine_map<(d0, d1, d2, d3) -> (d1)>
// CHECK-LABEL: func.func @conv_nchw_bias_f16
// CHECK-SAME: (%[[X:.*]]: tensor<1x3x8x8xf16>, %[[W:.*]]: tensor<4x3x3x3xf16>, %[[B:.*]]: tensor<4xf16>)
// CHECK: %[[ACC:.*]] = linalg.generic {indexing_maps = [#[[BIAS]], {{.*}}]{{.*}} ins(%[[B]] : tensor<4xf16>) outs(%{{.*}} : tensor<1x4x6x6xf32>)
// CHECK: arith.extf
// CHECK: %[[Y:.*]] = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%[[X]], %[[W]] : tensor<1x3x8x8xf16>, tensor<4x3x3x3xf16>) outs(%[[ACC]] : tensor<1x4x6x6xf32>)
// CHECK: %[[R:.*]] = linalg.generic {{.*}} ins(%[[Y]] : tensor<1x4x6x6xf32>) outs(%{{.*}} : tensor<1x4x6x6xf16>)
// CHECK: arith.truncf %{{.*}} : f32 to f16
// CHECK: return %[[R]]
func.func @conv_nchw_bias_f16(%x: tensor<1x3x8x8xf16>, %w: tensor<4x3x3x3xf16>, %b: tensor<4xf16>) -> tensor<1x4x6x6xf16> {
  %y = nn.conv2d nchw %x, %w, %b : (tensor<1x3x8x8xf16>, tensor<4x3x3x3xf16>, tensor<4xf16>) -> tensor<1x4x6x6xf16>
  return %y : tensor<1x4x6x6xf16>
}

// -----

// Grouped NCHW: channels split into [G, C/G] and [G, Cout/G] (views), the
// named grouped op, and a collapse back: output channel g * Cout/G + f.
// CHECK-LABEL: func.func @grouped_nchw
// CHECK-SAME: (%[[X:.*]]: tensor<1x4x5x5xf32>, %[[W:.*]]: tensor<6x2x3x3xf32>)
// CHECK: %[[XG:.*]] = tensor.expand_shape %[[X]] {{\[}}[0], [1, 2], [3], [4]] output_shape [1, 2, 2, 5, 5]
// CHECK: %[[WG:.*]] = tensor.expand_shape %[[W]] {{\[}}[0, 1], [2], [3], [4]] output_shape [2, 3, 2, 3, 3]
// CHECK: %[[Y:.*]] = linalg.conv_2d_ngchw_gfchw {{.*}} ins(%[[XG]], %[[WG]] : tensor<1x2x2x5x5xf32>, tensor<2x3x2x3x3xf32>) outs(%{{.*}} : tensor<1x2x3x3x3xf32>)
// CHECK: %[[C:.*]] = tensor.collapse_shape %[[Y]] {{\[}}[0], [1, 2], [3], [4]] : tensor<1x2x3x3x3xf32> into tensor<1x6x3x3xf32>
// CHECK: return %[[C]]
func.func @grouped_nchw(%x: tensor<1x4x5x5xf32>, %w: tensor<6x2x3x3xf32>) -> tensor<1x6x3x3xf32> {
  %y = nn.conv2d nchw %x, %w {groups = 2} : (tensor<1x4x5x5xf32>, tensor<6x2x3x3xf32>) -> tensor<1x6x3x3xf32>
  return %y : tensor<1x6x3x3xf32>
}

// -----

// Grouped NHWC has no named op: a linalg.generic over (n, oh, ow, g, f | kh,
// kw, c) on the padded input [N, H, W, G, C/G] and the filter
// [H, W, C/G, G, F]; f16 accumulates in f32 and rounds once.
// CHECK-DAG: #[[IN:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d0, d1 * 2 + d5, d2 * 2 + d6, d3, d7)>
// CHECK-DAG: #[[FILTER:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d5, d6, d7, d3, d4)>
// CHECK-DAG: #[[OUT:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d0, d1, d2, d3, d4)>
// CHECK-LABEL: func.func @grouped_nhwc_f16
// CHECK-SAME: (%[[X:.*]]: tensor<?x8x8x4xf16>, %[[W:.*]]: tensor<3x3x2x6xf16>)
// CHECK: %[[PAD:.*]] = tensor.pad %[[X]] low[0, 1, 1, 0] high[0, 1, 1, 0]
// CHECK: %[[XG:.*]] = tensor.expand_shape %[[PAD]] {{\[}}[0], [1], [2], [3, 4]] output_shape [%{{.*}}, 10, 10, 2, 2]
// CHECK: %[[WG:.*]] = tensor.expand_shape %[[W]] {{\[}}[0], [1], [2], [3, 4]] output_shape [3, 3, 2, 2, 3]
// CHECK: %[[ACC:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : tensor<?x4x4x2x3xf32>)
// CHECK: %[[SUM:.*]] = linalg.generic {indexing_maps = [#[[IN]], #[[FILTER]], #[[OUT]]], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]}
// CHECK-SAME: ins(%[[XG]], %[[WG]] : tensor<?x10x10x2x2xf16>, tensor<3x3x2x2x3xf16>) outs(%[[ACC]] : tensor<?x4x4x2x3xf32>)
// CHECK: arith.extf
// CHECK: arith.extf
// CHECK: arith.mulf
// CHECK: arith.addf
// CHECK: %[[C:.*]] = tensor.collapse_shape %[[SUM]] {{\[}}[0], [1], [2], [3, 4]] : tensor<?x4x4x2x3xf32> into tensor<?x4x4x6xf32>
// CHECK: %[[R:.*]] = linalg.generic {{.*}} ins(%[[C]] : tensor<?x4x4x6xf32>) outs(%{{.*}} : tensor<?x4x4x6xf16>)
// CHECK: arith.truncf %{{.*}} : f32 to f16
// CHECK: return %[[R]]
func.func @grouped_nhwc_f16(%x: tensor<?x8x8x4xf16>, %w: tensor<3x3x2x6xf16>) -> tensor<?x4x4x6xf16> {
  %y = nn.conv2d nhwc %x, %w {groups = 2, strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>} : (tensor<?x8x8x4xf16>, tensor<3x3x2x6xf16>) -> tensor<?x4x4x6xf16>
  return %y : tensor<?x4x4x6xf16>
}

// -----

// Depthwise NHWC: the named HWCM op computes [N, OH, OW, C, M]; its
// collapse is output channel c * M + m. The bias expands to [C, M].
// CHECK-DAG: #[[BIAS:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d3, d4)>
// CHECK-LABEL: func.func @depthwise_nhwc
// CHECK-SAME: (%[[X:.*]]: tensor<1x5x5x2xf32>, %[[W:.*]]: tensor<3x3x2x3xf32>, %[[B:.*]]: tensor<6xf32>)
// CHECK: %[[B2:.*]] = tensor.expand_shape %[[B]] {{\[}}[0, 1]] output_shape [2, 3] : tensor<6xf32> into tensor<2x3xf32>
// CHECK: %[[ACC:.*]] = linalg.generic {indexing_maps = [#[[BIAS]], {{.*}}]{{.*}} ins(%[[B2]] : tensor<2x3xf32>) outs(%{{.*}} : tensor<1x3x3x2x3xf32>)
// CHECK: %[[Y:.*]] = linalg.depthwise_conv_2d_nhwc_hwcm {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%[[X]], %[[W]] : tensor<1x5x5x2xf32>, tensor<3x3x2x3xf32>) outs(%[[ACC]] : tensor<1x3x3x2x3xf32>)
// CHECK: %[[C:.*]] = tensor.collapse_shape %[[Y]] {{\[}}[0], [1], [2], [3, 4]] : tensor<1x3x3x2x3xf32> into tensor<1x3x3x6xf32>
// CHECK: return %[[C]]
func.func @depthwise_nhwc(%x: tensor<1x5x5x2xf32>, %w: tensor<3x3x2x3xf32>, %b: tensor<6xf32>) -> tensor<1x3x3x6xf32> {
  %y = nn.depthwise_conv2d nhwc %x, %w, %b : (tensor<1x5x5x2xf32>, tensor<3x3x2x3xf32>, tensor<6xf32>) -> tensor<1x3x3x6xf32>
  return %y : tensor<1x3x3x6xf32>
}

// -----

// Depthwise NCHW with M = 1: the named CHW op on the filter [C, H, W].
// CHECK-LABEL: func.func @depthwise_nchw_m1
// CHECK-SAME: (%[[X:.*]]: tensor<1x2x5x5xf32>, %[[W:.*]]: tensor<2x1x3x3xf32>)
// CHECK: %[[W2:.*]] = tensor.collapse_shape %[[W]] {{\[}}[0, 1], [2], [3]] : tensor<2x1x3x3xf32> into tensor<2x3x3xf32>
// CHECK: %[[Y:.*]] = linalg.depthwise_conv_2d_nchw_chw {{.*}} ins(%[[X]], %[[W2]] : tensor<1x2x5x5xf32>, tensor<2x3x3xf32>) outs(%{{.*}} : tensor<1x2x3x3xf32>)
// CHECK: return %[[Y]]
func.func @depthwise_nchw_m1(%x: tensor<1x2x5x5xf32>, %w: tensor<2x1x3x3xf32>) -> tensor<1x2x3x3xf32> {
  %y = nn.depthwise_conv2d nchw %x, %w : (tensor<1x2x5x5xf32>, tensor<2x1x3x3xf32>) -> tensor<1x2x3x3xf32>
  return %y : tensor<1x2x3x3xf32>
}

// -----

// Depthwise NCHW with M = 3 is a grouped convolution with one input channel
// per group: filter row c * 3 + m is group c, output m; the bias expands to
// [C, M] the same way.
// CHECK-DAG: #[[BIAS:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d1, d2)>
// CHECK-LABEL: func.func @depthwise_nchw_m3
// CHECK-SAME: (%[[X:.*]]: tensor<1x2x5x5xf32>, %[[W:.*]]: tensor<6x1x3x3xf32>, %[[B:.*]]: tensor<6xf32>)
// CHECK: %[[XG:.*]] = tensor.expand_shape %[[X]] {{\[}}[0], [1, 2], [3], [4]] output_shape [1, 2, 1, 5, 5]
// CHECK: %[[WG:.*]] = tensor.expand_shape %[[W]] {{\[}}[0, 1], [2], [3], [4]] output_shape [2, 3, 1, 3, 3]
// CHECK: %[[ACC:.*]] = linalg.generic {indexing_maps = [#[[BIAS]], {{.*}}]{{.*}} outs(%{{.*}} : tensor<1x2x3x1x3xf32>)
// CHECK: %[[Y:.*]] = linalg.conv_2d_ngchw_gfchw {dilations = dense<[2, 1]> : tensor<2xi64>, strides = dense<[2, 1]> : tensor<2xi64>} ins(%[[XG]], %[[WG]] : tensor<1x2x1x5x5xf32>, tensor<2x3x1x3x3xf32>) outs(%[[ACC]] : tensor<1x2x3x1x3xf32>)
// CHECK: %[[C:.*]] = tensor.collapse_shape %[[Y]] {{\[}}[0], [1, 2], [3], [4]] : tensor<1x2x3x1x3xf32> into tensor<1x6x1x3xf32>
// CHECK: return %[[C]]
func.func @depthwise_nchw_m3(%x: tensor<1x2x5x5xf32>, %w: tensor<6x1x3x3xf32>, %b: tensor<6xf32>) -> tensor<1x6x1x3xf32> {
  %y = nn.depthwise_conv2d nchw %x, %w, %b {strides = array<i64: 2, 1>, dilations = array<i64: 2, 1>} : (tensor<1x2x5x5xf32>, tensor<6x1x3x3xf32>, tensor<6xf32>) -> tensor<1x6x1x3xf32>
  return %y : tensor<1x6x1x3xf32>
}

// -----

// A dynamic spatial output size is max(0, (in + pads - dil * (k - 1) - 1)
// floordiv stride + 1): folded affine.max, here with a dynamic kernel too.
// CHECK-DAG: #[[SIZE:.*]] = affine_map<()[s0, s1] -> ((s0 - s1 * 2 + 3) floordiv 2 + 1, 0)>
// CHECK-LABEL: func.func @dynamic_spatial
// CHECK-SAME: (%[[X:.*]]: tensor<1x?x8x1xf32>, %[[W:.*]]: tensor<?x3x1x1xf32>)
// CHECK-DAG: %[[K:.*]] = tensor.dim %[[W]], %{{.*}} : tensor<?x3x1x1xf32>
// CHECK-DAG: %[[H:.*]] = tensor.dim %[[X]], %{{.*}} : tensor<1x?x8x1xf32>
// CHECK: %[[OH:.*]] = affine.max #[[SIZE]]()[%[[H]], %[[K]]]
// CHECK: tensor.empty(%[[OH]]) : tensor<1x?x3x1xf32>
// CHECK: linalg.conv_2d_nhwc_hwcf {dilations = dense<[2, 1]> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>}
func.func @dynamic_spatial(%x: tensor<1x?x8x1xf32>, %w: tensor<?x3x1x1xf32>) -> tensor<1x?x3x1xf32> {
  %y = nn.conv2d nhwc %x, %w {strides = array<i64: 2, 2>, dilations = array<i64: 2, 1>, padding = array<i64: 2, 0, 0, 0>} : (tensor<1x?x8x1xf32>, tensor<?x3x1x1xf32>) -> tensor<1x?x3x1xf32>
  return %y : tensor<1x?x3x1xf32>
}

// -----

// Zero-sized dims are ordinary sizes, except that padding a statically
// empty input is a zero-filled tensor of the padded shape (tensor.pad's
// bufferization would copy the input into a slice at offset 0 of a 0-sized
// dim, which MLIR rejects).
// CHECK-LABEL: func.func @padded_empty_batch
// CHECK-NOT: tensor.pad
// CHECK: %[[E:.*]] = tensor.empty() : tensor<0x6x6x2xf32>
// CHECK: %[[P:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%[[E]] : tensor<0x6x6x2xf32>)
// CHECK: linalg.conv_2d_nhwc_hwcf {{.*}} ins(%[[P]], %{{.*}} : tensor<0x6x6x2xf32>, tensor<3x3x2x3xf32>) outs(%{{.*}} : tensor<0x4x4x3xf32>)
func.func @padded_empty_batch(%x: tensor<0x4x4x2xf32>, %w: tensor<3x3x2x3xf32>) -> tensor<0x4x4x3xf32> {
  %y = nn.conv2d nhwc %x, %w {padding = array<i64: 1, 1, 1, 1>} : (tensor<0x4x4x2xf32>, tensor<3x3x2x3xf32>) -> tensor<0x4x4x3xf32>
  return %y : tensor<0x4x4x3xf32>
}

// -----

// No output channels in a grouped convolution: [G, 0] output groups, no
// division by the per-group count anywhere.
// CHECK-LABEL: func.func @grouped_no_output_channels
// CHECK: linalg.generic {{.*}} outs(%{{.*}} : tensor<1x2x2x2x0xf32>)
// CHECK: tensor.collapse_shape %{{.*}} {{\[}}[0], [1], [2], [3, 4]] : tensor<1x2x2x2x0xf32> into tensor<1x2x2x0xf32>
func.func @grouped_no_output_channels(%x: tensor<1x4x4x4xf32>, %w: tensor<3x3x2x0xf32>) -> tensor<1x2x2x0xf32> {
  %y = nn.conv2d nhwc %x, %w {groups = 2} : (tensor<1x4x4x4xf32>, tensor<3x3x2x0xf32>) -> tensor<1x2x2x0xf32>
  return %y : tensor<1x2x2x0xf32>
}

// -----

// Convolutions over 1 and 3 spatial dims take the named op of their rank
// and layout, like 2-D ones.
// CHECK-LABEL: func.func @conv1d_nwc
// CHECK-SAME: (%[[X:.*]]: tensor<?x9x3xf32>, %[[W:.*]]: tensor<3x3x4xf32>)
// CHECK: %[[PAD:.*]] = tensor.pad %[[X]] low[0, 1, 0] high[0, 0, 0]
// CHECK: %[[Y:.*]] = linalg.conv_1d_nwc_wcf {dilations = dense<1> : tensor<1xi64>, strides = dense<2> : tensor<1xi64>} ins(%[[PAD]], %[[W]] : tensor<?x10x3xf32>, tensor<3x3x4xf32>) outs(%{{.*}} : tensor<?x4x4xf32>)
// CHECK-NEXT: return %[[Y]]
func.func @conv1d_nwc(%x: tensor<?x9x3xf32>, %w: tensor<3x3x4xf32>) -> tensor<?x4x4xf32> {
  %y = nn.conv1d nwc %x, %w {strides = array<i64: 2>, padding = array<i64: 1, 0>} : (tensor<?x9x3xf32>, tensor<3x3x4xf32>) -> tensor<?x4x4xf32>
  return %y : tensor<?x4x4xf32>
}

// -----

// CHECK-DAG: #[[BIAS:.*]] = affine_map<(d0, d1, d2) -> (d1)>
// CHECK-LABEL: func.func @conv1d_ncw
// CHECK-SAME: (%[[X:.*]]: tensor<1x3x8xf32>, %[[W:.*]]: tensor<4x3x3xf32>, %[[B:.*]]: tensor<4xf32>)
// CHECK: %[[ACC:.*]] = linalg.generic {indexing_maps = [#[[BIAS]], {{.*}}]{{.*}} ins(%[[B]] : tensor<4xf32>) outs(%{{.*}} : tensor<1x4x4xf32>)
// CHECK: linalg.conv_1d_ncw_fcw {dilations = dense<2> : tensor<1xi64>, strides = dense<1> : tensor<1xi64>} ins(%[[X]], %[[W]] : tensor<1x3x8xf32>, tensor<4x3x3xf32>) outs(%[[ACC]] : tensor<1x4x4xf32>)
func.func @conv1d_ncw(%x: tensor<1x3x8xf32>, %w: tensor<4x3x3xf32>, %b: tensor<4xf32>) -> tensor<1x4x4xf32> {
  %y = nn.conv1d ncw %x, %w, %b {dilations = array<i64: 2>} : (tensor<1x3x8xf32>, tensor<4x3x3xf32>, tensor<4xf32>) -> tensor<1x4x4xf32>
  return %y : tensor<1x4x4xf32>
}

// -----

// A grouped channels-first convolution other than 2-D has no named op: the
// rank-generic linalg.generic over (n, o, g, f | k, c) on the input
// [N, G, C/G, W] and the filter [G, F, C/G, K]; f16 accumulates in f32.
// CHECK-DAG: #[[IN:.*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d2, d5, d1 + d4)>
// CHECK-DAG: #[[FILTER:.*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d2, d3, d5, d4)>
// CHECK-DAG: #[[OUT:.*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d2, d3, d1)>
// CHECK-LABEL: func.func @conv1d_ncw_grouped
// CHECK-SAME: (%[[X:.*]]: tensor<1x4x8xf16>, %[[W:.*]]: tensor<6x2x3xf16>)
// CHECK: %[[XG:.*]] = tensor.expand_shape %[[X]] {{\[}}[0], [1, 2], [3]] output_shape [1, 2, 2, 8]
// CHECK: %[[WG:.*]] = tensor.expand_shape %[[W]] {{\[}}[0, 1], [2], [3]] output_shape [2, 3, 2, 3]
// CHECK: %[[SUM:.*]] = linalg.generic {indexing_maps = [#[[IN]], #[[FILTER]], #[[OUT]]], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction"]}
// CHECK-SAME: ins(%[[XG]], %[[WG]] : tensor<1x2x2x8xf16>, tensor<2x3x2x3xf16>) outs(%{{.*}} : tensor<1x2x3x6xf32>)
// CHECK: %[[C:.*]] = tensor.collapse_shape %[[SUM]] {{\[}}[0], [1, 2], [3]] : tensor<1x2x3x6xf32> into tensor<1x6x6xf32>
// CHECK: arith.truncf %{{.*}} : f32 to f16
func.func @conv1d_ncw_grouped(%x: tensor<1x4x8xf16>, %w: tensor<6x2x3xf16>) -> tensor<1x6x6xf16> {
  %y = nn.conv1d ncw %x, %w {groups = 2} : (tensor<1x4x8xf16>, tensor<6x2x3xf16>) -> tensor<1x6x6xf16>
  return %y : tensor<1x6x6xf16>
}

// -----

// CHECK-DAG: #[[IN:.*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1 * 2 + d4, d2, d5)>
// CHECK-DAG: #[[FILTER:.*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d4, d5, d2, d3)>
// CHECK-LABEL: func.func @conv1d_nwc_grouped
// CHECK: linalg.generic {indexing_maps = [#[[IN]], #[[FILTER]], {{.*}}]{{.*}} ins(%{{.*}}, %{{.*}} : tensor<1x8x2x2xf32>, tensor<3x2x2x3xf32>) outs(%{{.*}} : tensor<1x3x2x3xf32>)
// CHECK: tensor.collapse_shape %{{.*}} {{\[}}[0], [1], [2, 3]] : tensor<1x3x2x3xf32> into tensor<1x3x6xf32>
func.func @conv1d_nwc_grouped(%x: tensor<1x8x4xf32>, %w: tensor<3x2x6xf32>) -> tensor<1x3x6xf32> {
  %y = nn.conv1d nwc %x, %w {groups = 2, strides = array<i64: 2>} : (tensor<1x8x4xf32>, tensor<3x2x6xf32>) -> tensor<1x3x6xf32>
  return %y : tensor<1x3x6xf32>
}

// -----

// CHECK-LABEL: func.func @conv3d_ndhwc
// CHECK: linalg.conv_3d_ndhwc_dhwcf {dilations = dense<1> : tensor<3xi64>, strides = dense<1> : tensor<3xi64>} ins(%{{.*}}, %{{.*}} : tensor<1x4x5x6x2xf32>, tensor<2x3x3x2x4xf32>) outs(%{{.*}} : tensor<1x3x3x4x4xf32>)
func.func @conv3d_ndhwc(%x: tensor<1x4x5x6x2xf32>, %w: tensor<2x3x3x2x4xf32>) -> tensor<1x3x3x4x4xf32> {
  %y = nn.conv3d ndhwc %x, %w : (tensor<1x4x5x6x2xf32>, tensor<2x3x3x2x4xf32>) -> tensor<1x3x3x4x4xf32>
  return %y : tensor<1x3x3x4x4xf32>
}

// -----

// CHECK-LABEL: func.func @conv3d_ncdhw
// CHECK: %[[Y:.*]] = linalg.conv_3d_ncdhw_fcdhw {{.*}} ins(%{{.*}}, %{{.*}} : tensor<1x2x4x5x6xbf16>, tensor<4x2x2x3x3xbf16>) outs(%{{.*}} : tensor<1x4x3x3x4xf32>)
// CHECK: linalg.generic {{.*}} ins(%[[Y]] : tensor<1x4x3x3x4xf32>) outs(%{{.*}} : tensor<1x4x3x3x4xbf16>)
// CHECK: arith.truncf %{{.*}} : f32 to bf16
func.func @conv3d_ncdhw(%x: tensor<1x2x4x5x6xbf16>, %w: tensor<4x2x2x3x3xbf16>) -> tensor<1x4x3x3x4xbf16> {
  %y = nn.conv3d ncdhw %x, %w : (tensor<1x2x4x5x6xbf16>, tensor<4x2x2x3x3xbf16>) -> tensor<1x4x3x3x4xbf16>
  return %y : tensor<1x4x3x3x4xbf16>
}

// -----

// CHECK-DAG: #[[IN:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7, d8, d9) -> (d0, d4, d9, d1 + d6, d2 + d7, d3 + d8)>
// CHECK-DAG: #[[FILTER:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7, d8, d9) -> (d4, d5, d9, d6, d7, d8)>
// CHECK-DAG: #[[OUT:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7, d8, d9) -> (d0, d4, d5, d1, d2, d3)>
// CHECK-LABEL: func.func @conv3d_ncdhw_grouped
// CHECK: linalg.generic {indexing_maps = [#[[IN]], #[[FILTER]], #[[OUT]]]{{.*}} ins(%{{.*}}, %{{.*}} : tensor<1x2x2x3x3x3xf32>, tensor<2x2x2x1x2x2xf32>) outs(%{{.*}} : tensor<1x2x2x3x2x2xf32>)
// CHECK: tensor.collapse_shape %{{.*}} {{\[}}[0], [1, 2], [3], [4], [5]] : tensor<1x2x2x3x2x2xf32> into tensor<1x4x3x2x2xf32>
func.func @conv3d_ncdhw_grouped(%x: tensor<1x4x3x3x3xf32>, %w: tensor<4x2x1x2x2xf32>) -> tensor<1x4x3x2x2xf32> {
  %y = nn.conv3d ncdhw %x, %w {groups = 2} : (tensor<1x4x3x3x3xf32>, tensor<4x2x1x2x2xf32>) -> tensor<1x4x3x2x2xf32>
  return %y : tensor<1x4x3x2x2xf32>
}

// -----

// CHECK-DAG: #[[IN:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7, d8, d9) -> (d0, d1 + d6, d2 + d7, d3 + d8, d4, d9)>
// CHECK-DAG: #[[FILTER:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7, d8, d9) -> (d6, d7, d8, d9, d4, d5)>
// CHECK-LABEL: func.func @conv3d_ndhwc_grouped
// CHECK: linalg.generic {indexing_maps = [#[[IN]], #[[FILTER]], {{.*}}]{{.*}} ins(%{{.*}}, %{{.*}} : tensor<1x3x3x3x2x2xf32>, tensor<1x2x2x2x2x2xf32>) outs(%{{.*}} : tensor<1x3x2x2x2x2xf32>)
// CHECK: tensor.collapse_shape %{{.*}} {{\[}}[0], [1], [2], [3], [4, 5]] : tensor<1x3x2x2x2x2xf32> into tensor<1x3x2x2x4xf32>
func.func @conv3d_ndhwc_grouped(%x: tensor<1x3x3x3x4xf32>, %w: tensor<1x2x2x2x4xf32>) -> tensor<1x3x2x2x4xf32> {
  %y = nn.conv3d ndhwc %x, %w {groups = 2} : (tensor<1x3x3x3x4xf32>, tensor<1x2x2x2x4xf32>) -> tensor<1x3x2x2x4xf32>
  return %y : tensor<1x3x2x2x4xf32>
}

// -----

// Depthwise over 1 and 3 spatial dims: the named op of the layout, the
// multiplier of a channels-first one as a grouped convolution.
// CHECK-DAG: #[[BIAS:.*]] = affine_map<(d0, d1, d2, d3) -> (d2, d3)>
// CHECK-LABEL: func.func @depthwise1d_nwc
// CHECK: %[[B2:.*]] = tensor.expand_shape %{{.*}} {{\[}}[0, 1]] output_shape [2, 3] : tensor<6xf32> into tensor<2x3xf32>
// CHECK: %[[ACC:.*]] = linalg.generic {indexing_maps = [#[[BIAS]], {{.*}}]{{.*}} ins(%[[B2]] : tensor<2x3xf32>) outs(%{{.*}} : tensor<1x4x2x3xf32>)
// CHECK: %[[Y:.*]] = linalg.depthwise_conv_1d_nwc_wcm {{.*}} ins(%{{.*}}, %{{.*}} : tensor<1x6x2xf32>, tensor<3x2x3xf32>) outs(%[[ACC]] : tensor<1x4x2x3xf32>)
// CHECK: tensor.collapse_shape %[[Y]] {{\[}}[0], [1], [2, 3]] : tensor<1x4x2x3xf32> into tensor<1x4x6xf32>
func.func @depthwise1d_nwc(%x: tensor<1x6x2xf32>, %w: tensor<3x2x3xf32>, %b: tensor<6xf32>) -> tensor<1x4x6xf32> {
  %y = nn.depthwise_conv1d nwc %x, %w, %b : (tensor<1x6x2xf32>, tensor<3x2x3xf32>, tensor<6xf32>) -> tensor<1x4x6xf32>
  return %y : tensor<1x4x6xf32>
}

// -----

// CHECK-LABEL: func.func @depthwise1d_ncw_m1
// CHECK: %[[W2:.*]] = tensor.collapse_shape %{{.*}} {{\[}}[0, 1], [2]] : tensor<2x1x3xf32> into tensor<2x3xf32>
// CHECK: linalg.depthwise_conv_1d_ncw_cw {{.*}} ins(%{{.*}}, %[[W2]] : tensor<1x2x6xf32>, tensor<2x3xf32>) outs(%{{.*}} : tensor<1x2x4xf32>)
func.func @depthwise1d_ncw_m1(%x: tensor<1x2x6xf32>, %w: tensor<2x1x3xf32>) -> tensor<1x2x4xf32> {
  %y = nn.depthwise_conv1d ncw %x, %w : (tensor<1x2x6xf32>, tensor<2x1x3xf32>) -> tensor<1x2x4xf32>
  return %y : tensor<1x2x4xf32>
}

// -----

// CHECK-LABEL: func.func @depthwise1d_ncw_m2
// CHECK: tensor.expand_shape %{{.*}} {{\[}}[0], [1, 2], [3]] output_shape [1, 2, 1, 6]
// CHECK: tensor.expand_shape %{{.*}} {{\[}}[0, 1], [2], [3]] output_shape [2, 2, 1, 3]
// CHECK: linalg.generic {{.*}} ins(%{{.*}}, %{{.*}} : tensor<1x2x1x6xf32>, tensor<2x2x1x3xf32>) outs(%{{.*}} : tensor<1x2x2x4xf32>)
// CHECK: tensor.collapse_shape %{{.*}} {{\[}}[0], [1, 2], [3]] : tensor<1x2x2x4xf32> into tensor<1x4x4xf32>
func.func @depthwise1d_ncw_m2(%x: tensor<1x2x6xf32>, %w: tensor<4x1x3xf32>) -> tensor<1x4x4xf32> {
  %y = nn.depthwise_conv1d ncw %x, %w : (tensor<1x2x6xf32>, tensor<4x1x3xf32>) -> tensor<1x4x4xf32>
  return %y : tensor<1x4x4xf32>
}

// -----

// No input channels: the rows of the filter are none either, and the
// multiplier-1 form needs no division by C = 0 (checked up to the label,
// where the affine maps are printed).
// CHECK-NOT: floordiv
// CHECK-LABEL: func.func @depthwise1d_ncw_no_channels
// CHECK: linalg.depthwise_conv_1d_ncw_cw {{.*}} outs(%{{.*}} : tensor<1x?x3xf32>)
func.func @depthwise1d_ncw_no_channels(%x: tensor<1x0x5xf32>, %w: tensor<?x1x3xf32>) -> tensor<1x?x3xf32> {
  %y = nn.depthwise_conv1d ncw %x, %w : (tensor<1x0x5xf32>, tensor<?x1x3xf32>) -> tensor<1x?x3xf32>
  return %y : tensor<1x?x3xf32>
}

// -----

// CHECK-LABEL: func.func @depthwise3d_ndhwc
// CHECK: %[[Y:.*]] = linalg.depthwise_conv_3d_ndhwc_dhwcm {{.*}} ins(%{{.*}}, %{{.*}} : tensor<1x3x3x3x2xf32>, tensor<2x2x2x2x2xf32>) outs(%{{.*}} : tensor<1x2x2x2x2x2xf32>)
// CHECK: tensor.collapse_shape %[[Y]] {{\[}}[0], [1], [2], [3], [4, 5]] : tensor<1x2x2x2x2x2xf32> into tensor<1x2x2x2x4xf32>
func.func @depthwise3d_ndhwc(%x: tensor<1x3x3x3x2xf32>, %w: tensor<2x2x2x2x2xf32>) -> tensor<1x2x2x2x4xf32> {
  %y = nn.depthwise_conv3d ndhwc %x, %w : (tensor<1x3x3x3x2xf32>, tensor<2x2x2x2x2xf32>) -> tensor<1x2x2x2x4xf32>
  return %y : tensor<1x2x2x2x4xf32>
}

// -----

// CHECK-LABEL: func.func @depthwise3d_ncdhw_m1
// CHECK: %[[W2:.*]] = tensor.collapse_shape %{{.*}} {{\[}}[0, 1], [2], [3], [4]] : tensor<2x1x2x2x2xf32> into tensor<2x2x2x2xf32>
// CHECK: linalg.depthwise_conv_3d_ncdhw_cdhw {{.*}} ins(%{{.*}}, %[[W2]] : tensor<1x2x3x3x3xf32>, tensor<2x2x2x2xf32>) outs(%{{.*}} : tensor<1x2x2x2x2xf32>)
func.func @depthwise3d_ncdhw_m1(%x: tensor<1x2x3x3x3xf32>, %w: tensor<2x1x2x2x2xf32>) -> tensor<1x2x2x2x2xf32> {
  %y = nn.depthwise_conv3d ncdhw %x, %w : (tensor<1x2x3x3x3xf32>, tensor<2x1x2x2x2xf32>) -> tensor<1x2x2x2x2xf32>
  return %y : tensor<1x2x2x2x2xf32>
}

// -----

// CHECK-LABEL: func.func @depthwise3d_ncdhw_m2
// CHECK: linalg.generic {{.*}} ins(%{{.*}}, %{{.*}} : tensor<1x2x1x3x3x3xf32>, tensor<2x2x1x2x2x2xf32>) outs(%{{.*}} : tensor<1x2x2x2x2x2xf32>)
// CHECK: tensor.collapse_shape %{{.*}} {{\[}}[0], [1, 2], [3], [4], [5]] : tensor<1x2x2x2x2x2xf32> into tensor<1x4x2x2x2xf32>
func.func @depthwise3d_ncdhw_m2(%x: tensor<1x2x3x3x3xf32>, %w: tensor<4x1x2x2x2xf32>) -> tensor<1x4x2x2x2xf32> {
  %y = nn.depthwise_conv3d ncdhw %x, %w : (tensor<1x2x3x3x3xf32>, tensor<4x1x2x2x2xf32>) -> tensor<1x4x2x2x2xf32>
  return %y : tensor<1x4x2x2x2xf32>
}

// -----

// A transposed convolution is the stride-1 convolution of the input spread
// out by the strides (each dim split into [in, 1], padded to [in, s] and
// merged), padded by d * (k - 1) - lo at the low end and by d * (k - 1) -
// hi + output_padding - (s - 1) at the high end, with the filter flipped
// (K-1-k) and its
// channels swapped within each group: [Cin, Cout/G, k...] -> [G, Cin/G,
// Cout/G, k...] -> [G, Cout/G, Cin/G, k...] -> [Cout, Cin/G, k...].
// CHECK-DAG: #[[FLIP:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d0, d2, d1, -d3 + 2, -d4 + 2)>
// CHECK-LABEL: func.func @transpose2d_nchw_grouped
// CHECK-SAME: (%[[X:.*]]: tensor<?x4x3x3xf32>, %[[W:.*]]: tensor<4x3x3x3xf32>, %[[B:.*]]: tensor<6xf32>)
// CHECK: %[[SPLIT:.*]] = tensor.expand_shape %[[X]] {{\[}}[0], [1], [2, 3], [4, 5]] output_shape [%{{.*}}, 4, 3, 1, 3, 1] : tensor<?x4x3x3xf32> into tensor<?x4x3x1x3x1xf32>
// CHECK: %[[SPREAD:.*]] = tensor.pad %[[SPLIT]] low[0, 0, 0, 0, 0, 0] high[0, 0, 0, 1, 0, 1]
// CHECK: %[[MERGED:.*]] = tensor.collapse_shape %[[SPREAD]] {{\[}}[0], [1], [2, 3], [4, 5]] : tensor<?x4x3x2x3x2xf32> into tensor<?x4x6x6xf32>
// CHECK: %[[PAD:.*]] = tensor.pad %[[MERGED]] low[0, 0, 1, 1] high[0, 0, 1, 1]
// CHECK: %[[WG:.*]] = tensor.expand_shape %[[W]] {{\[}}[0, 1], [2], [3], [4]] output_shape [2, 2, 3, 3, 3]
// CHECK: %[[FLIPPED:.*]] = linalg.generic {indexing_maps = [#[[FLIP]], {{.*}}]{{.*}} ins(%[[WG]] : tensor<2x2x3x3x3xf32>) outs(%{{.*}} : tensor<2x3x2x3x3xf32>)
// CHECK: %[[CONVW:.*]] = tensor.collapse_shape %[[FLIPPED]] {{\[}}[0, 1], [2], [3], [4]] : tensor<2x3x2x3x3xf32> into tensor<6x2x3x3xf32>
// CHECK: %[[XG:.*]] = tensor.expand_shape %[[PAD]] {{\[}}[0], [1, 2], [3], [4]] output_shape [%{{.*}}, 2, 2, 8, 8]
// CHECK: %[[WG2:.*]] = tensor.expand_shape %[[CONVW]] {{\[}}[0, 1], [2], [3], [4]] output_shape [2, 3, 2, 3, 3]
// CHECK: %[[ACC:.*]] = linalg.generic {{.*}} outs(%{{.*}} : tensor<?x2x3x6x6xf32>)
// CHECK: %[[Y:.*]] = linalg.conv_2d_ngchw_gfchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%[[XG]], %[[WG2]] : tensor<?x2x2x8x8xf32>, tensor<2x3x2x3x3xf32>) outs(%[[ACC]] : tensor<?x2x3x6x6xf32>)
// CHECK: %[[C:.*]] = tensor.collapse_shape %[[Y]] {{\[}}[0], [1, 2], [3], [4]] : tensor<?x2x3x6x6xf32> into tensor<?x6x6x6xf32>
// CHECK: return %[[C]]
func.func @transpose2d_nchw_grouped(%x: tensor<?x4x3x3xf32>, %w: tensor<4x3x3x3xf32>, %b: tensor<6xf32>) -> tensor<?x6x6x6xf32> {
  %y = nn.conv_transpose2d nchw %x, %w, %b {strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>, output_padding = array<i64: 1, 1>, groups = 2} : (tensor<?x4x3x3xf32>, tensor<4x3x3x3xf32>, tensor<6xf32>) -> tensor<?x6x6x6xf32>
  return %y : tensor<?x6x6x6xf32>
}

// -----

// Padding beyond dilation * (k - 1) crops; the channels-last filter
// [K, Cout, Cin] becomes [K, Cin, Cout], flipped.
// CHECK-DAG: #[[FLIP:.*]] = affine_map<(d0, d1, d2) -> (-d0 + 1, d2, d1)>
// CHECK-LABEL: func.func @transpose1d_nwc_crop
// CHECK-SAME: (%[[X:.*]]: tensor<1x4x2xf16>, %[[W:.*]]: tensor<2x3x2xf16>)
// CHECK: %[[CROP:.*]] = tensor.extract_slice %[[X]][0, 1, 0] [1, 3, 2] [1, 1, 1] : tensor<1x4x2xf16> to tensor<1x3x2xf16>
// CHECK: %[[FLIPPED:.*]] = linalg.generic {indexing_maps = [#[[FLIP]], {{.*}}]{{.*}} ins(%[[W]] : tensor<2x3x2xf16>) outs(%{{.*}} : tensor<2x2x3xf16>)
// CHECK: linalg.conv_1d_nwc_wcf {dilations = dense<1> : tensor<1xi64>, strides = dense<1> : tensor<1xi64>} ins(%[[CROP]], %[[FLIPPED]] : tensor<1x3x2xf16>, tensor<2x2x3xf16>) outs(%{{.*}} : tensor<1x2x3xf32>)
// CHECK: arith.truncf %{{.*}} : f32 to f16
func.func @transpose1d_nwc_crop(%x: tensor<1x4x2xf16>, %w: tensor<2x3x2xf16>) -> tensor<1x2x3xf16> {
  %y = nn.conv_transpose1d nwc %x, %w {padding = array<i64: 2, 1>} : (tensor<1x4x2xf16>, tensor<2x3x2xf16>) -> tensor<1x2x3xf16>
  return %y : tensor<1x2x3xf16>
}

// -----

// Only strided dims are spread out.
// CHECK-DAG: #[[FLIP:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d1, d0, -d2 + 1, -d3 + 1, -d4 + 1)>
// CHECK-LABEL: func.func @transpose3d_ncdhw
// CHECK: tensor.expand_shape %{{.*}} {{\[}}[0], [1], [2], [3, 4], [5]] output_shape [1, 2, 2, 2, 1, 2]
// CHECK: tensor.pad %{{.*}} low[0, 0, 0, 0, 0, 0] high[0, 0, 0, 0, 1, 0]
// CHECK: %[[PAD:.*]] = tensor.pad %{{.*}} low[0, 0, 1, 1, 1] high[0, 0, 1, 0, 1]
// CHECK: %[[FLIPPED:.*]] = linalg.generic {indexing_maps = [#[[FLIP]], {{.*}}]{{.*}} ins(%{{.*}} : tensor<2x3x2x2x2xf32>) outs(%{{.*}} : tensor<3x2x2x2x2xf32>)
// CHECK: linalg.conv_3d_ncdhw_fcdhw {{.*}} ins(%[[PAD]], %[[FLIPPED]] : tensor<1x2x4x5x4xf32>, tensor<3x2x2x2x2xf32>) outs(%{{.*}} : tensor<1x3x3x4x3xf32>)
func.func @transpose3d_ncdhw(%x: tensor<1x2x2x2x2xf32>, %w: tensor<2x3x2x2x2xf32>) -> tensor<1x3x3x4x3xf32> {
  %y = nn.conv_transpose3d ncdhw %x, %w {strides = array<i64: 1, 2, 1>} : (tensor<1x2x2x2x2xf32>, tensor<2x3x2x2x2xf32>) -> tensor<1x3x3x4x3xf32>
  return %y : tensor<1x3x3x4x3xf32>
}

// -----

// Grouped channels-last: [K, K, Cout/G, Cin] -> [K, K, Cout/G, G, Cin/G]
// -> [K, K, Cin/G, G, Cout/G] (flipped) -> [K, K, Cin/G, Cout], then the
// grouped channels-last generic.
// CHECK-DAG: #[[FLIP:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (-d0 + 1, -d1 + 1, d4, d3, d2)>
// CHECK-LABEL: func.func @transpose2d_nhwc_grouped
// CHECK: tensor.pad %{{.*}} low[0, 1, 1, 0] high[0, 0, 0, 0]
// CHECK: %[[WG:.*]] = tensor.expand_shape %{{.*}} {{\[}}[0], [1], [2], [3, 4]] output_shape [2, 2, 3, 2, 2] : tensor<2x2x3x4xf32> into tensor<2x2x3x2x2xf32>
// CHECK: %[[FLIPPED:.*]] = linalg.generic {indexing_maps = [#[[FLIP]], {{.*}}]{{.*}} ins(%[[WG]] : tensor<2x2x3x2x2xf32>) outs(%{{.*}} : tensor<2x2x2x2x3xf32>)
// CHECK: tensor.collapse_shape %[[FLIPPED]] {{\[}}[0], [1], [2], [3, 4]] : tensor<2x2x2x2x3xf32> into tensor<2x2x2x6xf32>
// CHECK: linalg.generic {{.*}} ins(%{{.*}}, %{{.*}} : tensor<1x7x7x2x2xf32>, tensor<2x2x2x2x3xf32>) outs(%{{.*}} : tensor<1x6x6x2x3xf32>)
func.func @transpose2d_nhwc_grouped(%x: tensor<1x3x3x4xf32>, %w: tensor<2x2x3x4xf32>) -> tensor<1x6x6x6xf32> {
  %y = nn.conv_transpose2d nhwc %x, %w {strides = array<i64: 2, 2>, groups = 2} : (tensor<1x3x3x4xf32>, tensor<2x2x3x4xf32>) -> tensor<1x6x6x6xf32>
  return %y : tensor<1x6x6x6xf32>
}

// -----

// matmul: a plain 2-D product is linalg.matmul; transposes are its
// indexing maps.
// CHECK-DAG: #[[LHS:.*]] = affine_map<(d0, d1, d2) -> (d0, d2)>
// CHECK-DAG: #[[RHS:.*]] = affine_map<(d0, d1, d2) -> (d1, d2)>
// CHECK-DAG: #[[RES:.*]] = affine_map<(d0, d1, d2) -> (d0, d1)>
// CHECK-LABEL: func.func @matmul_transpose_rhs
// CHECK: linalg.matmul indexing_maps = [#[[LHS]], #[[RHS]], #[[RES]]] ins(%{{.*}}, %{{.*}} : tensor<?x512xf32>, tensor<10x512xf32>) outs(%{{.*}} : tensor<?x10xf32>)
func.func @matmul_transpose_rhs(%x: tensor<?x512xf32>, %w: tensor<10x512xf32>) -> tensor<?x10xf32> {
  %y = nn.matmul %x, %w {transpose_rhs} : (tensor<?x512xf32>, tensor<10x512xf32>) -> tensor<?x10xf32>
  return %y : tensor<?x10xf32>
}

// -----

// Batch dims of [..., M, K] fold into the rows of one matmul and come back
// with an expand.
// CHECK-LABEL: func.func @matmul_batch_rows
// CHECK-SAME: (%[[X:.*]]: tensor<2x?x3x4xbf16>, %[[W:.*]]: tensor<4x5xbf16>)
// CHECK: %[[X2:.*]] = tensor.collapse_shape %[[X]] {{\[}}[0, 1, 2], [3]] : tensor<2x?x3x4xbf16> into tensor<?x4xbf16>
// CHECK: %[[Y:.*]] = linalg.matmul ins(%[[X2]], %[[W]] : tensor<?x4xbf16>, tensor<4x5xbf16>) outs(%{{.*}} : tensor<?x5xf32>)
// CHECK: %[[R:.*]] = linalg.generic {{.*}} ins(%[[Y]] : tensor<?x5xf32>) outs(%{{.*}} : tensor<?x5xbf16>)
// CHECK: %[[E:.*]] = tensor.expand_shape %[[R]] {{\[}}[0, 1, 2], [3]] output_shape [2, %{{.*}}, 3, 5] : tensor<?x5xbf16> into tensor<2x?x3x5xbf16>
// CHECK: return %[[E]]
func.func @matmul_batch_rows(%x: tensor<2x?x3x4xbf16>, %w: tensor<4x5xbf16>) -> tensor<2x?x3x5xbf16> {
  %y = nn.matmul %x, %w : (tensor<2x?x3x4xbf16>, tensor<4x5xbf16>) -> tensor<2x?x3x5xbf16>
  return %y : tensor<2x?x3x5xbf16>
}

// -----

// A transposed lhs keeps a batch dim: linalg.batch_matmul with the rhs
// broadcast, or linalg.contract when the rhs is transposed too (which
// batch_matmul does not accept).
// CHECK-DAG: #[[TLHS:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d3, d1)>
// CHECK-DAG: #[[KN:.*]] = affine_map<(d0, d1, d2, d3) -> (d3, d2)>
// CHECK-DAG: #[[NK:.*]] = affine_map<(d0, d1, d2, d3) -> (d2, d3)>
// CHECK-DAG: #[[BMN:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>
// CHECK-LABEL: func.func @matmul_transpose_lhs
// CHECK-SAME: (%[[X:.*]]: tensor<2x3x4x5xf64>, %[[W:.*]]: tensor<4x6xf64>, %[[WT:.*]]: tensor<6x4xf64>)
// CHECK: %[[X3:.*]] = tensor.collapse_shape %[[X]] {{\[}}[0, 1], [2], [3]] : tensor<2x3x4x5xf64> into tensor<6x4x5xf64>
// CHECK: %[[Y:.*]] = linalg.batch_matmul indexing_maps = [#[[TLHS]], #[[KN]], #[[BMN]]] ins(%[[X3]], %[[W]] : tensor<6x4x5xf64>, tensor<4x6xf64>) outs(%{{.*}} : tensor<6x5x6xf64>)
// CHECK: tensor.expand_shape %[[Y]] {{\[}}[0, 1], [2], [3]] output_shape [2, 3, 5, 6] : tensor<6x5x6xf64> into tensor<2x3x5x6xf64>
// CHECK: linalg.contract indexing_maps = [#[[TLHS]], #[[NK]], #[[BMN]]] ins(%{{.*}}, %[[WT]] : tensor<6x4x5xf64>, tensor<6x4xf64>) outs(%{{.*}} : tensor<6x5x6xf64>)
func.func @matmul_transpose_lhs(%x: tensor<2x3x4x5xf64>, %w: tensor<4x6xf64>, %wt: tensor<6x4xf64>) -> (tensor<2x3x5x6xf64>, tensor<2x3x5x6xf64>) {
  %y = nn.matmul %x, %w {transpose_lhs} : (tensor<2x3x4x5xf64>, tensor<4x6xf64>) -> tensor<2x3x5x6xf64>
  %z = nn.matmul %x, %wt {transpose_lhs, transpose_rhs} : (tensor<2x3x4x5xf64>, tensor<6x4xf64>) -> tensor<2x3x5x6xf64>
  return %y, %z : tensor<2x3x5x6xf64>, tensor<2x3x5x6xf64>
}

// -----

// Batch norm on the NCHW feature dim, in f32 for bf16, rounded once.
// CHECK-DAG: #[[CH:.*]] = affine_map<(d0, d1, d2, d3) -> (d1)>
// CHECK-LABEL: func.func @batch_norm_bf16
// CHECK: linalg.generic {indexing_maps = [#{{.*}}, #[[CH]], #[[CH]], #[[CH]], #{{.*}}]
// CHECK: arith.subf %{{.*}} : f32
// CHECK: math.sqrt %{{.*}} : f32
// CHECK: arith.divf
// CHECK: arith.mulf
// CHECK: arith.truncf %{{.*}} : f32 to bf16
func.func @batch_norm_bf16(%x: tensor<1x3x2x2xbf16>, %m: tensor<3xbf16>, %v: tensor<3xbf16>, %s: tensor<3xbf16>) -> tensor<1x3x2x2xbf16> {
  %y = nn.batch_norm nchw %x, %m, %v scale %s : (tensor<1x3x2x2xbf16>, tensor<3xbf16>, tensor<3xbf16>, tensor<3xbf16>) -> tensor<1x3x2x2xbf16>
  return %y : tensor<1x3x2x2xbf16>
}

// -----

// Reshape: flatten, then expand with the dynamic dim recomputed.
// CHECK-DAG: #[[DIV:.*]] = affine_map<()[s0] -> (s0 floordiv 16)>
// CHECK-LABEL: func.func @reshape
// CHECK-SAME: (%[[X:.*]]: tensor<?x4x4xf32>)
// CHECK: %[[FLAT:.*]] = tensor.collapse_shape %[[X]] {{\[}}[0, 1, 2]] : tensor<?x4x4xf32> into tensor<?xf32>
// CHECK: %[[N:.*]] = tensor.dim %[[FLAT]]
// CHECK: %[[D:.*]] = affine.apply #[[DIV]]()[%[[N]]]
// CHECK: %[[E:.*]] = tensor.expand_shape %[[FLAT]] {{\[}}[0, 1]] output_shape [%[[D]], 16] : tensor<?xf32> into tensor<?x16xf32>
// CHECK: return %[[E]]
func.func @reshape(%x: tensor<?x4x4xf32>) -> tensor<?x16xf32> {
  %y = nn.reshape %x : (tensor<?x4x4xf32>) -> tensor<?x16xf32>
  return %y : tensor<?x16xf32>
}

// -----

// When the result's static dims hold no elements, its dynamic dim is the
// input's (no division by 0); a statically empty input has nothing to move.
// CHECK-LABEL: func.func @reshape_no_elements
// CHECK-SAME: (%[[X:.*]]: tensor<?x0x4xf32>)
// CHECK: %[[N:.*]] = tensor.dim %[[X]], %{{.*}} : tensor<?x0x4xf32>
// CHECK: %[[E:.*]] = tensor.empty(%[[N]]) : tensor<5x?x0xf32>
// CHECK: return %[[E]]
func.func @reshape_no_elements(%x: tensor<?x0x4xf32>) -> tensor<5x?x0xf32> {
  %y = nn.reshape %x : (tensor<?x0x4xf32>) -> tensor<5x?x0xf32>
  return %y : tensor<5x?x0xf32>
}

// -----

// Rank 0 collapses to, or expands from, a rank-0 tensor.
// CHECK-LABEL: func.func @reshape_rank0
// CHECK: %[[S:.*]] = tensor.collapse_shape %{{.*}} [] : tensor<1x1xf32> into tensor<f32>
// CHECK: tensor.expand_shape %[[S]] [] output_shape [1] : tensor<f32> into tensor<1xf32>
func.func @reshape_rank0(%x: tensor<1x1xf32>) -> tensor<1xf32> {
  %s = nn.reshape %x : (tensor<1x1xf32>) -> tensor<f32>
  %y = nn.reshape %s : (tensor<f32>) -> tensor<1xf32>
  return %y : tensor<1xf32>
}

// -----

// space_to_batch: pad, split each spatial dim into [P / b, b], move the
// block offsets in front of the batch, merge them into it: batch
// (i * bw + j) * N + n.
// CHECK-LABEL: func.func @space_to_batch
// CHECK-SAME: (%[[X:.*]]: tensor<?x4x5x1xf32>)
// CHECK: %[[P:.*]] = tensor.pad %[[X]] low[0, 0, 1, 0] high[0, 0, 0, 0]
// CHECK: %[[W:.*]] = tensor.expand_shape %[[P]] {{\[}}[0], [1], [2, 3], [4]] output_shape [%{{.*}}, 4, 2, 3, 1]
// CHECK: %[[HW:.*]] = tensor.expand_shape %[[W]] {{\[}}[0], [1, 2], [3], [4], [5]] output_shape [%{{.*}}, 2, 2, 2, 3, 1] : tensor<?x4x2x3x1xf32> into tensor<?x2x2x2x3x1xf32>
// CHECK: %[[T:.*]] = linalg.transpose ins(%[[HW]] : tensor<?x2x2x2x3x1xf32>) outs(%{{.*}} : tensor<2x3x?x2x2x1xf32>) permutation = [2, 4, 0, 1, 3, 5]
// CHECK: tensor.collapse_shape %[[T]] {{\[}}[0, 1, 2], [3], [4], [5]] : tensor<2x3x?x2x2x1xf32> into tensor<?x2x2x1xf32>
func.func @space_to_batch(%x: tensor<?x4x5x1xf32>) -> tensor<?x2x2x1xf32> {
  %y = nn.space_to_batch nhwc %x {block_shape = array<i64: 2, 3>, paddings = array<i64: 0, 0, 1, 0>} : (tensor<?x4x5x1xf32>) -> tensor<?x2x2x1xf32>
  return %y : tensor<?x2x2x1xf32>
}

// -----

// batch_to_space: batch as [bh, bw, N], blocks next to their spatial dims,
// merged into rows h * bh + i, then the crops are a slice.
// CHECK-LABEL: func.func @batch_to_space
// CHECK: %[[E:.*]] = tensor.expand_shape %{{.*}} {{\[}}[0, 1, 2], [3], [4], [5]] output_shape [2, 2, 1, 1, 2, 2] : tensor<4x1x2x2xf32> into tensor<2x2x1x1x2x2xf32>
// CHECK: %[[T:.*]] = linalg.transpose ins(%[[E]] : tensor<2x2x1x1x2x2xf32>) outs(%{{.*}} : tensor<1x1x2x2x2x2xf32>) permutation = [2, 3, 4, 0, 5, 1]
// CHECK: %[[C:.*]] = tensor.collapse_shape %[[T]] {{\[}}[0], [1], [2, 3], [4, 5]] : tensor<1x1x2x2x2x2xf32> into tensor<1x1x4x4xf32>
// CHECK: tensor.extract_slice %[[C]][0, 0, 1, 0] [1, 1, 3, 4] [1, 1, 1, 1] : tensor<1x1x4x4xf32> to tensor<1x1x3x4xf32>
func.func @batch_to_space(%x: tensor<4x1x2x2xf32>) -> tensor<1x1x3x4xf32> {
  %y = nn.batch_to_space nchw %x {block_shape = array<i64: 2, 2>, crops = array<i64: 1, 0, 0, 0>} : (tensor<4x1x2x2xf32>) -> tensor<1x1x3x4xf32>
  return %y : tensor<1x1x3x4xf32>
}

// -----

// Cropping a statically empty tensor is an empty tensor (MLIR rejects a
// slice at offset 0 of a static 0-sized dim).
// CHECK-LABEL: func.func @batch_to_space_empty
// CHECK-NOT: tensor.extract_slice
// CHECK: %[[R:.*]] = tensor.empty() : tensor<0x3x4x1xf32>
// CHECK: return %[[R]]
func.func @batch_to_space_empty(%x: tensor<0x2x2x1xf32>) -> tensor<0x3x4x1xf32> {
  %y = nn.batch_to_space nhwc %x {block_shape = array<i64: 2, 2>, crops = array<i64: 1, 0, 0, 0>} : (tensor<0x2x2x1xf32>) -> tensor<0x3x4x1xf32>
  return %y : tensor<0x3x4x1xf32>
}

// -----

// Folded parameters compute in f64 and round once; with two channel dims the
// parameters expand to their [C, M] shape.
// CHECK-DAG: #[[CM:.*]] = affine_map<(d0, d1, d2, d3) -> (d2, d3)>
// CHECK-LABEL: func.func @fold_weights
// CHECK-SAME: (%[[W:.*]]: tensor<3x3x4x2xf32>, %[[V:.*]]: tensor<8xf32>, %[[S:.*]]: tensor<8xf32>)
// CHECK: %[[V2:.*]] = tensor.expand_shape %[[V]] {{\[}}[0, 1]] output_shape [4, 2]
// CHECK: %[[S2:.*]] = tensor.expand_shape %[[S]] {{\[}}[0, 1]] output_shape [4, 2]
// CHECK: linalg.generic {indexing_maps = [#{{.*}}, #[[CM]], #[[CM]], #{{.*}}]{{.*}} ins(%[[W]], %[[V2]], %[[S2]] :
// CHECK: arith.extf %{{.*}} : f32 to f64
// CHECK: math.sqrt %{{.*}} : f64
// CHECK: arith.truncf %{{.*}} : f64 to f32
func.func @fold_weights(%w: tensor<3x3x4x2xf32>, %v: tensor<8xf32>, %s: tensor<8xf32>) -> tensor<3x3x4x2xf32> {
  %y = nn.bn_fold_weights %w, %v scale %s {channel_dims = array<i64: 2, 3>} : (tensor<3x3x4x2xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<3x3x4x2xf32>
  return %y : tensor<3x3x4x2xf32>
}

// -----

// A group dim splits into [groups, size / groups]; the parameters expand to
// [groups, channels per group] and are read at (group, channel dim); the
// result collapses back.
// CHECK-DAG: #[[GC:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d0, d2)>
// CHECK-LABEL: func.func @fold_weights_grouped
// CHECK-SAME: (%[[W:.*]]: tensor<4x3x2x2xf32>, %[[V:.*]]: tensor<6xf32>)
// CHECK: %[[W2:.*]] = tensor.expand_shape %[[W]] {{\[}}[0, 1], [2], [3], [4]] output_shape [2, 2, 3, 2, 2]
// CHECK: %[[V2:.*]] = tensor.expand_shape %[[V]] {{\[}}[0, 1]] output_shape [2, 3]
// CHECK: %[[R:.*]] = linalg.generic {indexing_maps = [#{{.*}}, #[[GC]], #{{.*}}]{{.*}} ins(%[[W2]], %[[V2]] :
// CHECK: tensor.collapse_shape %[[R]] {{\[}}[0, 1], [2], [3], [4]] : tensor<2x2x3x2x2xf32> into tensor<4x3x2x2xf32>
func.func @fold_weights_grouped(%w: tensor<4x3x2x2xf32>, %v: tensor<6xf32>) -> tensor<4x3x2x2xf32> {
  %y = nn.bn_fold_weights %w, %v {channel_dims = array<i64: 1>, group_dim = 0 : i64, groups = 2 : i64} : (tensor<4x3x2x2xf32>, tensor<6xf32>) -> tensor<4x3x2x2xf32>
  return %y : tensor<4x3x2x2xf32>
}

// -----

// A group dim after the channel dim (TensorFlow's [k, Cout/G, Cin]), dynamic:
// the parameters [groups, channels per group] are read at (d2, d1).
// CHECK-DAG: #[[CG:.*]] = affine_map<(d0, d1, d2, d3) -> (d2, d1)>
// CHECK-LABEL: func.func @fold_weights_grouped_last_dynamic
// CHECK: %[[W2:.*]] = tensor.expand_shape %{{.*}} {{\[}}[0], [1], [2, 3]] output_shape [2, 3, 2, %{{.*}}] : tensor<2x3x?xf32> into tensor<2x3x2x?xf32>
// CHECK: %[[R:.*]] = linalg.generic {indexing_maps = [#{{.*}}, #[[CG]], #{{.*}}]{{.*}} ins(%[[W2]], %{{.*}} :
// CHECK: tensor.collapse_shape %[[R]] {{\[}}[0], [1], [2, 3]] : tensor<2x3x2x?xf32> into tensor<2x3x?xf32>
func.func @fold_weights_grouped_last_dynamic(%w: tensor<2x3x?xf32>, %v: tensor<6xf32>) -> tensor<2x3x?xf32> {
  %y = nn.bn_fold_weights %w, %v {channel_dims = array<i64: 1>, group_dim = 2 : i64, groups = 2 : i64} : (tensor<2x3x?xf32>, tensor<6xf32>) -> tensor<2x3x?xf32>
  return %y : tensor<2x3x?xf32>
}

// -----

// Identity disappears.
// CHECK-LABEL: func.func @identity
// CHECK-SAME: (%[[X:.*]]: tensor<2xf32>)
// CHECK-NEXT: return %[[X]]
func.func @identity(%x: tensor<2xf32>) -> tensor<2xf32> {
  %y = nn.identity %x : tensor<2xf32>
  return %y : tensor<2xf32>
}

// -----

// Broadcasting: the operands align at their last dim. The per-channel
// operand [C, 1, 1] has no batch dim (left out of its map), its channel dim
// follows the result's, and its static 1s facing the spatial dims are read
// at index 0.
// CHECK-DAG: #[[ID:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
// CHECK-DAG: #[[CHAN:.*]] = affine_map<(d0, d1, d2, d3) -> (d1, 0, 0)>
// CHECK-LABEL: func.func @mul_per_channel
// CHECK-SAME: (%[[X:.*]]: tensor<1x16x8x8xf32>, %[[S:.*]]: tensor<16x1x1xf32>)
// CHECK: %[[E:.*]] = tensor.empty() : tensor<1x16x8x8xf32>
// CHECK: %[[Y:.*]] = linalg.generic {indexing_maps = [#[[ID]], #[[CHAN]], #[[ID]]], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%[[X]], %[[S]] : tensor<1x16x8x8xf32>, tensor<16x1x1xf32>) outs(%[[E]] : tensor<1x16x8x8xf32>)
// CHECK-NEXT: ^bb0(%[[A:.*]]: f32, %[[B:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT: %[[P:.*]] = arith.mulf %[[A]], %[[B]] : f32
// CHECK-NEXT: linalg.yield %[[P]] : f32
// CHECK: return %[[Y]]
func.func @mul_per_channel(%x: tensor<1x16x8x8xf32>, %s: tensor<16x1x1xf32>) -> tensor<1x16x8x8xf32> {
  %y = nn.mul %x, %s : (tensor<1x16x8x8xf32>, tensor<16x1x1xf32>) -> tensor<1x16x8x8xf32>
  return %y : tensor<1x16x8x8xf32>
}

// -----

// Both operands broadcast (an outer difference); f16 subtracts in f32 and
// rounds once; lhs - rhs keeps its operand order.
// CHECK-DAG: #[[COL:.*]] = affine_map<(d0, d1) -> (d0, 0)>
// CHECK-DAG: #[[ROW:.*]] = affine_map<(d0, d1) -> (d1)>
// CHECK-DAG: #[[OUT:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-LABEL: func.func @sub_outer_f16
// CHECK-SAME: (%[[A:.*]]: tensor<4x1xf16>, %[[B:.*]]: tensor<3xf16>)
// CHECK: linalg.generic {indexing_maps = [#[[COL]], #[[ROW]], #[[OUT]]], {{.*}}} ins(%[[A]], %[[B]] : tensor<4x1xf16>, tensor<3xf16>) outs(%{{.*}} : tensor<4x3xf16>)
// CHECK-NEXT: ^bb0(%[[L:.*]]: f16, %[[R:.*]]: f16, %{{.*}}: f16):
// CHECK-NEXT: %[[LE:.*]] = arith.extf %[[L]] : f16 to f32
// CHECK-NEXT: %[[RE:.*]] = arith.extf %[[R]] : f16 to f32
// CHECK-NEXT: %[[D:.*]] = arith.subf %[[LE]], %[[RE]] : f32
// CHECK-NEXT: %[[T:.*]] = arith.truncf %[[D]] : f32 to f16
// CHECK-NEXT: linalg.yield %[[T]] : f16
func.func @sub_outer_f16(%a: tensor<4x1xf16>, %b: tensor<3xf16>) -> tensor<4x3xf16> {
  %y = nn.sub %a, %b : (tensor<4x1xf16>, tensor<3xf16>) -> tensor<4x3xf16>
  return %y : tensor<4x3xf16>
}

// -----

// A rank-0 operand is read through the map with no results.
// CHECK-DAG: #[[SCALAR:.*]] = affine_map<(d0, d1) -> ()>
// CHECK-DAG: #[[ID:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-LABEL: func.func @div_scalar_f64
// CHECK: linalg.generic {indexing_maps = [#[[SCALAR]], #[[ID]], #[[ID]]], {{.*}}} ins(%{{.*}}, %{{.*}} : tensor<f64>, tensor<2x3xf64>)
// CHECK: arith.divf %{{.*}}, %{{.*}} : f64
func.func @div_scalar_f64(%a: tensor<f64>, %b: tensor<2x3xf64>) -> tensor<2x3xf64> {
  %y = nn.div %a, %b : (tensor<f64>, tensor<2x3xf64>) -> tensor<2x3xf64>
  return %y : tensor<2x3xf64>
}

// -----

// A dynamic result dim is the size of the operand dim that is dynamic there
// (the other operand's static 1 is read at 0).
// CHECK-DAG: #[[LHS:.*]] = affine_map<(d0, d1, d2) -> (d0, 0, d2)>
// CHECK-DAG: #[[RHS:.*]] = affine_map<(d0, d1, d2) -> (0, d1, d2)>
// CHECK-LABEL: func.func @add_dynamic
// CHECK-SAME: (%[[A:.*]]: tensor<?x1x4xf32>, %[[B:.*]]: tensor<1x?x4xf32>)
// CHECK-DAG: %[[D0:.*]] = tensor.dim %[[A]], %{{.*}} : tensor<?x1x4xf32>
// CHECK-DAG: %[[D1:.*]] = tensor.dim %[[B]], %{{.*}} : tensor<1x?x4xf32>
// CHECK: %[[E:.*]] = tensor.empty(%[[D0]], %[[D1]]) : tensor<?x?x4xf32>
// CHECK: linalg.generic {indexing_maps = [#[[LHS]], #[[RHS]], #{{.*}}], {{.*}}} ins(%[[A]], %[[B]] : tensor<?x1x4xf32>, tensor<1x?x4xf32>) outs(%[[E]] : tensor<?x?x4xf32>)
// CHECK: arith.addf
func.func @add_dynamic(%a: tensor<?x1x4xf32>, %b: tensor<1x?x4xf32>) -> tensor<?x?x4xf32> {
  %y = nn.add %a, %b : (tensor<?x1x4xf32>, tensor<1x?x4xf32>) -> tensor<?x?x4xf32>
  return %y : tensor<?x?x4xf32>
}

// -----

// Operands of the result's type are read through identities.
// CHECK-DAG: #[[ID:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-LABEL: func.func @add_same_type
// CHECK: linalg.generic {indexing_maps = [#[[ID]], #[[ID]], #[[ID]]], {{.*}}} ins(%{{.*}}, %{{.*}} : tensor<?x4xf32>, tensor<?x4xf32>)
func.func @add_same_type(%a: tensor<?x4xf32>, %b: tensor<?x4xf32>) -> tensor<?x4xf32> {
  %y = nn.add %a, %b : tensor<?x4xf32>
  return %y : tensor<?x4xf32>
}

// -----

// sqrt is math.sqrt; rsqrt is 1 / sqrt, two roundings in f32 for bf16 and
// one rounding to bf16 (not math.rsqrt, which a later pipeline could
// approximate); reciprocal is 1 / x.
// CHECK-LABEL: func.func @unary
// CHECK-SAME: (%[[X:.*]]: tensor<?x4xbf16>)
// CHECK: %[[SQ:.*]] = linalg.generic {{.*}} ins(%[[X]] : tensor<?x4xbf16>) outs(%{{.*}} : tensor<?x4xbf16>)
// CHECK-NEXT: ^bb0(%[[A:.*]]: bf16, %{{.*}}: bf16):
// CHECK-NEXT: %[[AE:.*]] = arith.extf %[[A]] : bf16 to f32
// CHECK-NEXT: %[[S:.*]] = math.sqrt %[[AE]] : f32
// CHECK-NEXT: %[[ST:.*]] = arith.truncf %[[S]] : f32 to bf16
// CHECK-NEXT: linalg.yield %[[ST]] : bf16
// CHECK: %[[RS:.*]] = linalg.generic {{.*}} ins(%[[X]] : tensor<?x4xbf16>) outs(%{{.*}} : tensor<?x4xbf16>)
// CHECK-NEXT: ^bb0(%[[B:.*]]: bf16, %{{.*}}: bf16):
// CHECK-NEXT: %[[BE:.*]] = arith.extf %[[B]] : bf16 to f32
// CHECK-NEXT: %[[BS:.*]] = math.sqrt %[[BE]] : f32
// CHECK-NEXT: %[[ONE:.*]] = arith.constant 1.000000e+00 : f32
// CHECK-NEXT: %[[BR:.*]] = arith.divf %[[ONE]], %[[BS]] : f32
// CHECK-NEXT: %[[BT:.*]] = arith.truncf %[[BR]] : f32 to bf16
// CHECK-NEXT: linalg.yield %[[BT]] : bf16
// CHECK: %[[RC:.*]] = linalg.generic {{.*}} ins(%[[X]] : tensor<?x4xbf16>) outs(%{{.*}} : tensor<?x4xbf16>)
// CHECK-NEXT: ^bb0(%[[C:.*]]: bf16, %{{.*}}: bf16):
// CHECK-NEXT: %[[CE:.*]] = arith.extf %[[C]] : bf16 to f32
// CHECK-NEXT: %[[ONE2:.*]] = arith.constant 1.000000e+00 : f32
// CHECK-NEXT: %[[CR:.*]] = arith.divf %[[ONE2]], %[[CE]] : f32
// CHECK-NEXT: %[[CT:.*]] = arith.truncf %[[CR]] : f32 to bf16
// CHECK-NEXT: linalg.yield %[[CT]] : bf16
// CHECK-NOT: math.rsqrt
// CHECK: return %[[SQ]], %[[RS]], %[[RC]]
func.func @unary(%x: tensor<?x4xbf16>) -> (tensor<?x4xbf16>, tensor<?x4xbf16>, tensor<?x4xbf16>) {
  %s = nn.sqrt %x : tensor<?x4xbf16>
  %r = nn.rsqrt %x : tensor<?x4xbf16>
  %c = nn.reciprocal %x : tensor<?x4xbf16>
  return %s, %r, %c : tensor<?x4xbf16>, tensor<?x4xbf16>, tensor<?x4xbf16>
}

// -----

// An op on constants is lowered, not replaced by its folder's result (the
// conversion does not fold), so running it checks the folder.
// CHECK-LABEL: func.func @constants_are_lowered
// CHECK: %[[Y:.*]] = linalg.generic
// CHECK: arith.addf
// CHECK: return %[[Y]]
func.func @constants_are_lowered() -> tensor<2xf32> {
  %a = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %y = nn.add %a, %a : tensor<2xf32>
  return %y : tensor<2xf32>
}

// -----

// nn.pad: the padded shape filled with each channel's value, the input
// inserted at the low padding.
// CHECK-DAG: #[[CHANNEL:.*]] = affine_map<(d0, d1, d2, d3) -> (d1)>
// CHECK-LABEL: func.func @pad_per_channel
// CHECK-SAME: (%[[X:.*]]: tensor<?x3x4x4xf32>, %[[P:.*]]: tensor<3xf32>)
// CHECK: %[[FILL:.*]] = linalg.generic {indexing_maps = [#[[CHANNEL]], {{.*}}]{{.*}} ins(%[[P]] : tensor<3xf32>) outs(%{{.*}} : tensor<?x3x5x7xf32>)
// CHECK: %[[Y:.*]] = tensor.insert_slice %[[X]] into %[[FILL]][0, 0, 1, 2] [%{{.*}}, 3, 4, 4] [1, 1, 1, 1]
// CHECK: return %[[Y]]
func.func @pad_per_channel(%x: tensor<?x3x4x4xf32>, %p: tensor<3xf32>) -> tensor<?x3x5x7xf32> {
  %y = nn.pad nchw %x, %p {padding = array<i64: 1, 0, 2, 1>} : (tensor<?x3x4x4xf32>, tensor<3xf32>) -> tensor<?x3x5x7xf32>
  return %y : tensor<?x3x5x7xf32>
}
