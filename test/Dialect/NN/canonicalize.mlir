// RUN: bnfold-opt %s -canonicalize -split-input-file | FileCheck %s

// CHECK-LABEL: func.func @identity_removed(
// CHECK-SAME:    %[[X:[^:]+]]: tensor<2x3xf32>
// CHECK-NOT:     nn.identity
// CHECK:         return %[[X]]
func.func @identity_removed(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = nn.identity %x : tensor<2x3xf32>
  %1 = nn.identity %0 : tensor<2x3xf32>
  return %1 : tensor<2x3xf32>
}

// -----

// CHECK-LABEL: func.func @reshape_of_reshape(
// CHECK-SAME:    %[[X:[^:]+]]: tensor<?x64xf32>
// CHECK:         %[[R:.*]] = nn.reshape %[[X]] : (tensor<?x64xf32>) -> tensor<?x4x4x4xf32>
// CHECK-NOT:     nn.reshape
// CHECK:         return %[[R]]
func.func @reshape_of_reshape(%x: tensor<?x64xf32>) -> tensor<?x4x4x4xf32> {
  %0 = nn.reshape %x : (tensor<?x64xf32>) -> tensor<?x1x1x64xf32>
  %1 = nn.reshape %0 : (tensor<?x1x1x64xf32>) -> tensor<?x4x4x4xf32>
  return %1 : tensor<?x4x4x4xf32>
}

// -----

// A reshape chain that comes back to the input type disappears entirely.
// CHECK-LABEL: func.func @reshape_round_trip(
// CHECK-SAME:    %[[X:[^:]+]]: tensor<2x6xf16>
// CHECK-NOT:     nn.reshape
// CHECK:         return %[[X]]
func.func @reshape_round_trip(%x: tensor<2x6xf16>) -> tensor<2x6xf16> {
  %0 = nn.reshape %x : (tensor<2x6xf16>) -> tensor<3x4xf16>
  %1 = nn.reshape %0 : (tensor<3x4xf16>) -> tensor<2x6xf16>
  return %1 : tensor<2x6xf16>
}

// -----

// CHECK-LABEL: func.func @noop_reshape(
// CHECK-SAME:    %[[X:[^:]+]]: tensor<?x8xf32>
// CHECK-NOT:     nn.reshape
// CHECK:         return %[[X]]
func.func @noop_reshape(%x: tensor<?x8xf32>) -> tensor<?x8xf32> {
  %0 = nn.reshape %x : (tensor<?x8xf32>) -> tensor<?x8xf32>
  return %0 : tensor<?x8xf32>
}

// -----

// CHECK-LABEL: func.func @reshape_constant(
// CHECK:         %[[C:.*]] = arith.constant dense<{{\[}}[1.000000e+00, 2.000000e+00, 3.000000e+00], [4.000000e+00, 5.000000e+00, 6.000000e+00]]> : tensor<2x3xf32>
// CHECK-NOT:     nn.reshape
// CHECK:         return %[[C]]
func.func @reshape_constant() -> tensor<2x3xf32> {
  %c = arith.constant dense<[1.0, 2.0, 3.0, 4.0, 5.0, 6.0]> : tensor<6xf32>
  %0 = nn.reshape %c : (tensor<6xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// CHECK-LABEL: func.func @cancel_space_batch_nhwc(
// CHECK-SAME:    %[[X:[^:]+]]: tensor<1x8x8x3xf32>
// CHECK-NOT:     nn.space_to_batch
// CHECK-NOT:     nn.batch_to_space
// CHECK:         return %[[X]]
func.func @cancel_space_batch_nhwc(%x: tensor<1x8x8x3xf32>) -> tensor<1x8x8x3xf32> {
  %0 = nn.space_to_batch nhwc %x {block_shape = array<i64: 2, 2>, paddings = array<i64: 2, 2, 2, 2>}
      : (tensor<1x8x8x3xf32>) -> tensor<4x6x6x3xf32>
  %1 = nn.batch_to_space nhwc %0 {block_shape = array<i64: 2, 2>, crops = array<i64: 2, 2, 2, 2>}
      : (tensor<4x6x6x3xf32>) -> tensor<1x8x8x3xf32>
  return %1 : tensor<1x8x8x3xf32>
}

// -----

// CHECK-LABEL: func.func @cancel_space_batch_nchw(
// CHECK-SAME:    %[[X:[^:]+]]: tensor<?x3x5x7xf64>
// CHECK-NOT:     nn.space_to_batch
// CHECK-NOT:     nn.batch_to_space
// CHECK:         return %[[X]]
func.func @cancel_space_batch_nchw(%x: tensor<?x3x5x7xf64>) -> tensor<?x3x5x7xf64> {
  %0 = nn.space_to_batch nchw %x {block_shape = array<i64: 2, 3>, paddings = array<i64: 1, 0, 0, 2>}
      : (tensor<?x3x5x7xf64>) -> tensor<?x3x3x3xf64>
  %1 = nn.batch_to_space nchw %0 {block_shape = array<i64: 2, 3>, crops = array<i64: 1, 0, 0, 2>}
      : (tensor<?x3x3x3xf64>) -> tensor<?x3x5x7xf64>
  return %1 : tensor<?x3x5x7xf64>
}

// -----

// Crops that differ from the paddings keep a different window: no fold.
// CHECK-LABEL: func.func @no_fold_space_batch_crops(
// CHECK-SAME:    %[[X:[^:]+]]: tensor<1x8x8x3xf32>
// CHECK:         %[[S:.*]] = nn.space_to_batch nhwc %[[X]]
// CHECK:         %[[B:.*]] = nn.batch_to_space nhwc %[[S]] {block_shape = array<i64: 2, 2>, crops = array<i64: 1, 3, 2, 2>}
// CHECK:         return %[[B]]
func.func @no_fold_space_batch_crops(%x: tensor<1x8x8x3xf32>) -> tensor<1x8x8x3xf32> {
  %0 = nn.space_to_batch nhwc %x {block_shape = array<i64: 2, 2>, paddings = array<i64: 2, 2, 2, 2>}
      : (tensor<1x8x8x3xf32>) -> tensor<4x6x6x3xf32>
  %1 = nn.batch_to_space nhwc %0 {block_shape = array<i64: 2, 2>, crops = array<i64: 1, 3, 2, 2>}
      : (tensor<4x6x6x3xf32>) -> tensor<1x8x8x3xf32>
  return %1 : tensor<1x8x8x3xf32>
}

// -----

// CHECK-LABEL: func.func @no_fold_space_batch_layout(
// CHECK:         nn.space_to_batch nhwc
// CHECK:         nn.batch_to_space nchw
func.func @no_fold_space_batch_layout(%x: tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32> {
  %0 = nn.space_to_batch nhwc %x {block_shape = array<i64: 2, 2>, paddings = array<i64: 0, 0, 0, 0>}
      : (tensor<1x4x4x4xf32>) -> tensor<4x2x2x4xf32>
  %1 = nn.batch_to_space nchw %0 {block_shape = array<i64: 2, 2>, crops = array<i64: 0, 0, 0, 0>}
      : (tensor<4x2x2x4xf32>) -> tensor<1x2x4x8xf32>
  %2 = nn.reshape %1 : (tensor<1x2x4x8xf32>) -> tensor<1x4x4x4xf32>
  return %2 : tensor<1x4x4x4xf32>
}

// -----

// CHECK-LABEL: func.func @bias_add_zero(
// CHECK-SAME:    %[[X:[^:]+]]: tensor<1x4x4x2xf32>
// CHECK-NOT:     nn.bias_add
// CHECK:         return %[[X]], %[[X]]
func.func @bias_add_zero(%x: tensor<1x4x4x2xf32>) -> (tensor<1x4x4x2xf32>, tensor<1x4x4x2xf32>) {
  %z = arith.constant dense<0.0> : tensor<2xf32>
  %nz = arith.constant dense<[0.0, -0.0]> : tensor<2xf32>
  %0 = nn.bias_add nhwc %x, %z : (tensor<1x4x4x2xf32>, tensor<2xf32>) -> tensor<1x4x4x2xf32>
  %1 = nn.bias_add nhwc %x, %nz : (tensor<1x4x4x2xf32>, tensor<2xf32>) -> tensor<1x4x4x2xf32>
  return %0, %1 : tensor<1x4x4x2xf32>, tensor<1x4x4x2xf32>
}

// -----

// CHECK-LABEL: func.func @no_fold_bias_add_nonzero(
// CHECK-SAME:    %[[X:[^:]+]]: tensor<1x2x4x4xbf16>
// CHECK:         %[[B:.*]] = arith.constant dense<[0.000000e+00, 1.000000e+00]> : tensor<2xbf16>
// CHECK:         %[[R:.*]] = nn.bias_add nchw %[[X]], %[[B]]
// CHECK:         return %[[R]]
func.func @no_fold_bias_add_nonzero(%x: tensor<1x2x4x4xbf16>) -> tensor<1x2x4x4xbf16> {
  %b = arith.constant dense<[0.0, 1.0]> : tensor<2xbf16>
  %0 = nn.bias_add nchw %x, %b : (tensor<1x2x4x4xbf16>, tensor<2xbf16>) -> tensor<1x2x4x4xbf16>
  return %0 : tensor<1x2x4x4xbf16>
}

// -----

// CHECK-LABEL: func.func @add_constants(
// CHECK:         %[[C:.*]] = arith.constant dense<[1.500000e+00, -2.000000e+00, 1.000000e+01]> : tensor<3xf32>
// CHECK-NOT:     nn.add
// CHECK:         return %[[C]]
func.func @add_constants() -> tensor<3xf32> {
  %a = arith.constant dense<[1.0, -4.0, 2.5]> : tensor<3xf32>
  %b = arith.constant dense<[0.5, 2.0, 7.5]> : tensor<3xf32>
  %0 = nn.add %a, %b : tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

// CHECK-LABEL: func.func @add_splat_f16(
// CHECK:         %[[C:.*]] = arith.constant dense<[2.500000e+00, 3.000000e+00]> : tensor<2xf16>
// CHECK:         return %[[C]]
func.func @add_splat_f16() -> tensor<2xf16> {
  %a = arith.constant dense<0.5> : tensor<2xf16>
  %b = arith.constant dense<[2.0, 2.5]> : tensor<2xf16>
  %0 = nn.add %a, %b : tensor<2xf16>
  return %0 : tensor<2xf16>
}

// -----

// Broadcasting over a [C, 1, 1] constant, rows and columns repeating.
// CHECK-LABEL: func.func @mul_broadcast_constants(
// CHECK:         %[[C:.*]] = arith.constant dense<{{\[\[}}[2.000000e+00, 4.000000e+00], [6.000000e+00, 8.000000e+00]], {{\[\[}}-3.000000e+00, -6.000000e+00], [-9.000000e+00, -1.200000e+01]]]> : tensor<2x2x2xf32>
// CHECK-NOT:     nn.mul
// CHECK:         return %[[C]]
func.func @mul_broadcast_constants() -> tensor<2x2x2xf32> {
  %a = arith.constant dense<[[1.0, 2.0], [3.0, 4.0]]> : tensor<2x2xf32>
  %b = arith.constant dense<[[[2.0]], [[-3.0]]]> : tensor<2x1x1xf32>
  %0 = nn.mul %b, %a : (tensor<2x1x1xf32>, tensor<2x2xf32>) -> tensor<2x2x2xf32>
  return %0 : tensor<2x2x2xf32>
}

// -----

// f32 arithmetic, not f64: 1 / 3 and 16777216 + 1 (= 2^24, 0x4B800000)
// round in f32; a zero
// divisor gives infinities; the sqrt of a negative number NaN.
// CHECK-LABEL: func.func @elementwise_f32_rounding(
// CHECK-DAG:     arith.constant dense<[0.333333343, 1.000000e+00, 0x7F800000, 0xFF800000]> : tensor<4xf32>
// CHECK-DAG:     arith.constant dense<0x4B800000> : tensor<1xf32>
// CHECK-DAG:     arith.constant dense<[2.000000e+00, 0x{{[7F]}}FC00000, 0.000000e+00, 5.000000e-01]> : tensor<4xf32>
// CHECK-DAG:     arith.constant dense<[5.000000e-01, 0x{{[7F]}}FC00000, 0x7F800000, 2.000000e+00]> : tensor<4xf32>
func.func @elementwise_f32_rounding() -> (tensor<4xf32>, tensor<1xf32>, tensor<4xf32>, tensor<4xf32>) {
  %n = arith.constant dense<[1.0, 3.0, 1.0, -1.0]> : tensor<4xf32>
  %d = arith.constant dense<[3.0, 3.0, 0.0, 0.0]> : tensor<4xf32>
  %q = nn.div %n, %d : tensor<4xf32>
  %big = arith.constant dense<16777216.0> : tensor<1xf32>
  %one = arith.constant dense<1.0> : tensor<f32>
  %s = nn.add %big, %one : (tensor<1xf32>, tensor<f32>) -> tensor<1xf32>
  %v = arith.constant dense<[4.0, -1.0, 0.0, 0.25]> : tensor<4xf32>
  %r = nn.sqrt %v : tensor<4xf32>
  %i = nn.rsqrt %v : tensor<4xf32>
  return %q, %s, %r, %i : tensor<4xf32>, tensor<1xf32>, tensor<4xf32>, tensor<4xf32>
}

// -----

// f16 computes in f32 and rounds once: 1 / 3 is 0.333251953 in f16.
// CHECK-LABEL: func.func @reciprocal_f16(
// CHECK:         arith.constant dense<[3.332520e-01, -2.500000e-01]> : tensor<2xf16>
func.func @reciprocal_f16() -> tensor<2xf16> {
  %v = arith.constant dense<[3.0, -4.0]> : tensor<2xf16>
  %0 = nn.reciprocal %v : tensor<2xf16>
  return %0 : tensor<2xf16>
}

// -----

// CHECK-LABEL: func.func @no_fold_add_non_constant(
// CHECK:         nn.add
func.func @no_fold_add_non_constant(%x: tensor<3xf32>) -> tensor<3xf32> {
  %b = arith.constant dense<[0.5, 2.0, 7.5]> : tensor<3xf32>
  %0 = nn.add %x, %b : tensor<3xf32>
  return %0 : tensor<3xf32>
}

//===----------------------------------------------------------------------===//
// bn_fold_weights / bn_fold_bias constant folding. Values are chosen so that
// every result is exact: variance + epsilon is a perfect square.
//===----------------------------------------------------------------------===//

// -----

// Matmul weights [K, N], channel dim 1: multiplier = scale / sqrt(var + 1)
// = [3 / 2, 0.5 / 1] = [1.5, 0.5], applied per column.
// CHECK-LABEL: func.func @fold_weights_f32_scale(
// CHECK:         %[[C:.*]] = arith.constant dense<{{\[}}[1.500000e+00, 1.000000e+00], [4.500000e+00, -2.000000e+00]]> : tensor<2x2xf32>
// CHECK-NOT:     nn.bn_fold_weights
// CHECK:         return %[[C]]
func.func @fold_weights_f32_scale() -> tensor<2x2xf32> {
  %w = arith.constant dense<[[1.0, 2.0], [3.0, -4.0]]> : tensor<2x2xf32>
  %v = arith.constant dense<[3.0, 0.0]> : tensor<2xf32>
  %g = arith.constant dense<[3.0, 0.5]> : tensor<2xf32>
  %0 = nn.bn_fold_weights %w, %v scale %g {channel_dims = array<i64: 1>, epsilon = 1.0 : f64}
      : (tensor<2x2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<2x2xf32>
  return %0 : tensor<2x2xf32>
}

// -----

// The same with fold_to_resource: the folded dense weights are a
// dense_resource blob (8-byte aligned) named after the xxh3 hash of its
// bytes, which hold [1.5, 1, 4.5, -2]. Two folds with different weights and the same
// bytes share the blob.
// CHECK-LABEL: func.func @fold_weights_to_resource(
// CHECK:         %[[C:.*]] = arith.constant dense_resource<bnfolded_c40894b878f3a286> : tensor<2x2xf32>
// CHECK-NOT:     nn.bn_fold_weights
// CHECK:         return %[[C]], %[[C]]
// CHECK:         bnfolded_c40894b878f3a286: "0x080000000000C03F0000803F00009040000000C0"
func.func @fold_weights_to_resource() -> (tensor<2x2xf32>, tensor<2x2xf32>) {
  %w = arith.constant dense<[[1.0, 2.0], [3.0, -4.0]]> : tensor<2x2xf32>
  %w2 = arith.constant dense<[[0.5, 2.0], [1.5, -4.0]]> : tensor<2x2xf32>
  %v = arith.constant dense<[3.0, 0.0]> : tensor<2xf32>
  %g = arith.constant dense<[3.0, 0.5]> : tensor<2xf32>
  %g2 = arith.constant dense<[6.0, 0.5]> : tensor<2xf32>
  %0 = nn.bn_fold_weights %w, %v scale %g {channel_dims = array<i64: 1>, epsilon = 1.0 : f64, fold_to_resource}
      : (tensor<2x2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<2x2xf32>
  %1 = nn.bn_fold_weights %w2, %v scale %g2 {channel_dims = array<i64: 1>, epsilon = 1.0 : f64, fold_to_resource}
      : (tensor<2x2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<2x2xf32>
  return %0, %1 : tensor<2x2xf32>, tensor<2x2xf32>
}

// -----

// OIHW weights, channel dim 0, inner dims of size 2: multiplier
// = 1 / sqrt([15, 3] + 1) = [0.25, 0.5].
// CHECK-LABEL: func.func @fold_weights_f64_no_scale(
// CHECK:         %[[C:.*]] = arith.constant dense<{{\[}}[{{\[}}[2.000000e+00, -1.000000e+00]]], [{{\[}}[1.500000e+00, 5.000000e-01]]]]> : tensor<2x1x1x2xf64>
// CHECK:         return %[[C]]
func.func @fold_weights_f64_no_scale() -> tensor<2x1x1x2xf64> {
  %w = arith.constant dense<[[[[8.0, -4.0]]], [[[3.0, 1.0]]]]> : tensor<2x1x1x2xf64>
  %v = arith.constant dense<[15.0, 3.0]> : tensor<2xf64>
  %0 = nn.bn_fold_weights %w, %v {channel_dims = array<i64: 0>, epsilon = 1.0 : f64}
      : (tensor<2x1x1x2xf64>, tensor<2xf64>) -> tensor<2x1x1x2xf64>
  return %0 : tensor<2x1x1x2xf64>
}

// -----

// NHWC depthwise [H, W, C, M] = [2, 1, 2, 2]: channel c * M + m over dims
// [2, 3], multiplier = 1 / sqrt([3, 0, 15, 63] + 1) = [0.5, 1, 0.25, 0.125],
// repeated for each of the two kernel rows (the outer dim).
// CHECK-LABEL: func.func @fold_weights_depthwise_f32(
// CHECK:         %[[C:.*]] = arith.constant dense<{{\[}}[{{\[}}[5.000000e-01, 2.000000e+00], [2.500000e-01, 1.000000e+00]]], [{{\[}}[-1.000000e+00, 1.000000e+00], [1.000000e+00, 1.000000e+00]]]]> : tensor<2x1x2x2xf32>
// CHECK:         return %[[C]]
func.func @fold_weights_depthwise_f32() -> tensor<2x1x2x2xf32> {
  %w = arith.constant dense<[[[[1.0, 2.0], [1.0, 8.0]]], [[[-2.0, 1.0], [4.0, 8.0]]]]> : tensor<2x1x2x2xf32>
  %v = arith.constant dense<[3.0, 0.0, 15.0, 63.0]> : tensor<4xf32>
  %0 = nn.bn_fold_weights %w, %v {channel_dims = array<i64: 2, 3>, epsilon = 1.0 : f64}
      : (tensor<2x1x2x2xf32>, tensor<4xf32>) -> tensor<2x1x2x2xf32>
  return %0 : tensor<2x1x2x2xf32>
}

// -----

// Grouped transposed filter [Cin = 4, Cout/G = 1, 1, 1], G = 2: group dim 0
// splits into blocks [0, 1] and [2, 3], channel = block * 1 + dim 1 index;
// multiplier = 1 / sqrt([3, 15] + 1) = [0.5, 0.25], per block.
// CHECK-LABEL: func.func @fold_weights_grouped(
// CHECK:         %[[C:.*]] = arith.constant dense<{{\[}}[{{\[}}[4.000000e+00]]], [{{\[}}[2.000000e+00]]], [{{\[}}[2.000000e+00]]], [{{\[}}[1.000000e+00]]]]> : tensor<4x1x1x1xf32>
// CHECK:         return %[[C]]
func.func @fold_weights_grouped() -> tensor<4x1x1x1xf32> {
  %w = arith.constant dense<[[[[8.0]]], [[[4.0]]], [[[8.0]]], [[[4.0]]]]> : tensor<4x1x1x1xf32>
  %v = arith.constant dense<[3.0, 15.0]> : tensor<2xf32>
  %0 = nn.bn_fold_weights %w, %v {channel_dims = array<i64: 1>, group_dim = 0 : i64, groups = 2 : i64, epsilon = 1.0 : f64}
      : (tensor<4x1x1x1xf32>, tensor<2xf32>) -> tensor<4x1x1x1xf32>
  return %0 : tensor<4x1x1x1xf32>
}

// -----

// A splat weight constant is expanded: each channel gets its own value.
// CHECK-LABEL: func.func @fold_weights_splat_bf16(
// CHECK:         %[[C:.*]] = arith.constant dense<{{\[}}[1.000000e+00, 3.000000e+00]]> : tensor<1x2xbf16>
// CHECK:         return %[[C]]
func.func @fold_weights_splat_bf16() -> tensor<1x2xbf16> {
  %w = arith.constant dense<2.0> : tensor<1x2xbf16>
  %v = arith.constant dense<[3.0, 0.0]> : tensor<2xbf16>
  %g = arith.constant dense<[1.0, 1.5]> : tensor<2xbf16>
  %0 = nn.bn_fold_weights %w, %v scale %g {channel_dims = array<i64: 1>, epsilon = 1.0 : f64}
      : (tensor<1x2xbf16>, tensor<2xbf16>, tensor<2xbf16>) -> tensor<1x2xbf16>
  return %0 : tensor<1x2xbf16>
}

// -----

// dense_resource weights stay a blob. Input blob (after the 4-byte alignment
// word): f32 [1, 2, 3, -4] little-endian; multiplier [1.5, 0.5] per column
// gives [1.5, 1, 4.5, -2] = 0x3FC00000 0x3F800000 0x40900000 0xC0000000.
// CHECK-LABEL: func.func @fold_weights_resource(
// The blob name (a hash of the multiplier and the channel map) is pinned:
// folded models keep the names they were written with.
// CHECK:         %[[C:.*]] = arith.constant dense_resource<[[BLOB:blob1_bnfolded_b02999d7df524b30]]> : tensor<2x2xf32>
// CHECK-NOT:     nn.bn_fold_weights
// CHECK:         return %[[C]]
// CHECK:         [[BLOB]]: "0x{{[0-9A-F][0-9A-F]000000}}0000C03F0000803F00009040000000C0"
func.func @fold_weights_resource() -> tensor<2x2xf32> {
  %w = arith.constant dense_resource<blob1> : tensor<2x2xf32>
  %v = arith.constant dense<[3.0, 0.0]> : tensor<2xf32>
  %g = arith.constant dense<[3.0, 0.5]> : tensor<2xf32>
  %0 = nn.bn_fold_weights %w, %v scale %g {channel_dims = array<i64: 1>, epsilon = 1.0 : f64}
      : (tensor<2x2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<2x2xf32>
  return %0 : tensor<2x2xf32>
}

{-#
  dialect_resources: {
    builtin: {
      blob1: "0x040000000000803F0000004000004040000080C0"
    }
  }
#-}

// -----

// CHECK-LABEL: func.func @no_fold_weights_non_constant_variance(
// CHECK:         nn.bn_fold_weights
func.func @no_fold_weights_non_constant_variance(%v: tensor<2xf32>) -> tensor<2x2xf32> {
  %w = arith.constant dense<[[1.0, 2.0], [3.0, -4.0]]> : tensor<2x2xf32>
  %0 = nn.bn_fold_weights %w, %v {channel_dims = array<i64: 1>}
      : (tensor<2x2xf32>, tensor<2xf32>) -> tensor<2x2xf32>
  return %0 : tensor<2x2xf32>
}

// -----

// (bias - mean) * scale / sqrt(var + 1) + offset with multiplier [1.5, 0.5]:
// (5 - 1) * 1.5 + 0.25 = 6.25 and (4 - 2) * 0.5 - 2 = -1.
// CHECK-LABEL: func.func @fold_bias_f32_full(
// CHECK:         %[[C:.*]] = arith.constant dense<[6.250000e+00, -1.000000e+00]> : tensor<2xf32>
// CHECK-NOT:     nn.bn_fold_bias
// CHECK:         return %[[C]]
func.func @fold_bias_f32_full() -> tensor<2xf32> {
  %m = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %v = arith.constant dense<[3.0, 0.0]> : tensor<2xf32>
  %b = arith.constant dense<[5.0, 4.0]> : tensor<2xf32>
  %g = arith.constant dense<[3.0, 0.5]> : tensor<2xf32>
  %bt = arith.constant dense<[0.25, -2.0]> : tensor<2xf32>
  %0 = nn.bn_fold_bias %m, %v bias %b scale %g offset %bt {epsilon = 1.0 : f64}
      : (tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

// No bias, scale or offset: -mean / sqrt(var + 1) = [-1 / 2, -2 / 1, 3 / 4].
// CHECK-LABEL: func.func @fold_bias_f64_bare(
// CHECK:         %[[C:.*]] = arith.constant dense<[-5.000000e-01, -2.000000e+00, 7.500000e-01]> : tensor<3xf64>
// CHECK:         return %[[C]]
func.func @fold_bias_f64_bare() -> tensor<3xf64> {
  %m = arith.constant dense<[1.0, 2.0, -3.0]> : tensor<3xf64>
  %v = arith.constant dense<[3.0, 0.0, 15.0]> : tensor<3xf64>
  %0 = nn.bn_fold_bias %m, %v {epsilon = 1.0 : f64} : (tensor<3xf64>, tensor<3xf64>) -> tensor<3xf64>
  return %0 : tensor<3xf64>
}

// -----

// Scale only (no bias, no offset), f64: -mean * scale / sqrt(var + 1).
// CHECK-LABEL: func.func @fold_bias_f64_scale(
// CHECK:         %[[C:.*]] = arith.constant dense<[-3.000000e+00, 1.000000e+00]> : tensor<2xf64>
// CHECK:         return %[[C]]
func.func @fold_bias_f64_scale() -> tensor<2xf64> {
  %m = arith.constant dense<[2.0, -8.0]> : tensor<2xf64>
  %v = arith.constant dense<[3.0, 15.0]> : tensor<2xf64>
  %g = arith.constant dense<[3.0, 0.5]> : tensor<2xf64>
  %0 = nn.bn_fold_bias %m, %v scale %g {epsilon = 1.0 : f64} : (tensor<2xf64>, tensor<2xf64>, tensor<2xf64>) -> tensor<2xf64>
  return %0 : tensor<2xf64>
}

// -----

// A dynamic result type cannot hold a constant: this used to fold to the
// invalid `arith.constant dense<> : tensor<?xf32>`.
// CHECK-LABEL: func.func @no_fold_bias_dynamic_result(
// CHECK:         %[[R:.*]] = nn.bn_fold_bias
// CHECK-SAME:    -> tensor<?xf32>
// CHECK:         return %[[R]]
func.func @no_fold_bias_dynamic_result() -> tensor<?xf32> {
  %m = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %0 = nn.bn_fold_bias %m, %m : (tensor<2xf32>, tensor<2xf32>) -> tensor<?xf32>
  return %0 : tensor<?xf32>
}

//===----------------------------------------------------------------------===//
// Atrous convolution: batch_to_space(conv(space_to_batch(x))) -> dilated conv
//===----------------------------------------------------------------------===//

// -----

// CHECK-LABEL: func.func @atrous_conv2d_nhwc(
// CHECK-SAME:    %[[X:[^:]+]]: tensor<1x10x10x3xf32>
// CHECK-SAME:    %[[W:[^:]+]]: tensor<3x3x3x8xf32>
// CHECK-SAME:    %[[B:[^:]+]]: tensor<8xf32>
// CHECK-NOT:     nn.space_to_batch
// CHECK:         %[[R:.*]] = nn.conv2d nhwc %[[X]], %[[W]], %[[B]] {dilations = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>} : (tensor<1x10x10x3xf32>, tensor<3x3x3x8xf32>, tensor<8xf32>) -> tensor<1x8x8x8xf32>
// CHECK-NOT:     nn.batch_to_space
// CHECK:         return %[[R]]
func.func @atrous_conv2d_nhwc(%x: tensor<1x10x10x3xf32>, %w: tensor<3x3x3x8xf32>, %b: tensor<8xf32>) -> tensor<1x8x8x8xf32> {
  %0 = nn.space_to_batch nhwc %x {block_shape = array<i64: 2, 2>, paddings = array<i64: 2, 2, 2, 2>}
      : (tensor<1x10x10x3xf32>) -> tensor<4x7x7x3xf32>
  %1 = nn.conv2d nhwc %0, %w, %b : (tensor<4x7x7x3xf32>, tensor<3x3x3x8xf32>, tensor<8xf32>) -> tensor<4x5x5x8xf32>
  %2 = nn.batch_to_space nhwc %1 {block_shape = array<i64: 2, 2>, crops = array<i64: 1, 1, 1, 1>}
      : (tensor<4x5x5x8xf32>) -> tensor<1x8x8x8xf32>
  return %2 : tensor<1x8x8x8xf32>
}

// -----

// Non-square block [2, 1], no padding, grouped conv.
// CHECK-LABEL: func.func @atrous_conv2d_nchw(
// CHECK-SAME:    %[[X:[^:]+]]: tensor<1x4x8x8xf16>
// CHECK-SAME:    %[[W:[^:]+]]: tensor<4x2x3x3xf16>
// CHECK:         %[[R:.*]] = nn.conv2d nchw %[[X]], %[[W]] {dilations = array<i64: 2, 1>, groups = 2 : i64} : (tensor<1x4x8x8xf16>, tensor<4x2x3x3xf16>) -> tensor<1x4x4x6xf16>
// CHECK-NOT:     nn.batch_to_space
// CHECK:         return %[[R]]
func.func @atrous_conv2d_nchw(%x: tensor<1x4x8x8xf16>, %w: tensor<4x2x3x3xf16>) -> tensor<1x4x4x6xf16> {
  %0 = nn.space_to_batch nchw %x {block_shape = array<i64: 2, 1>, paddings = array<i64: 0, 0, 0, 0>}
      : (tensor<1x4x8x8xf16>) -> tensor<2x4x4x8xf16>
  %1 = nn.conv2d nchw %0, %w {groups = 2 : i64} : (tensor<2x4x4x8xf16>, tensor<4x2x3x3xf16>) -> tensor<2x4x2x6xf16>
  %2 = nn.batch_to_space nchw %1 {block_shape = array<i64: 2, 1>, crops = array<i64: 0, 0, 0, 0>}
      : (tensor<2x4x2x6xf16>) -> tensor<1x4x4x6xf16>
  return %2 : tensor<1x4x4x6xf16>
}

// -----

// CHECK-LABEL: func.func @atrous_depthwise_nhwc(
// CHECK-SAME:    %[[X:[^:]+]]: tensor<1x8x8x2xf32>
// CHECK-SAME:    %[[W:[^:]+]]: tensor<3x3x2x1xf32>
// CHECK:         %[[R:.*]] = nn.depthwise_conv2d nhwc %[[X]], %[[W]] {dilations = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>} : (tensor<1x8x8x2xf32>, tensor<3x3x2x1xf32>) -> tensor<1x6x6x2xf32>
// CHECK-NOT:     nn.batch_to_space
// CHECK:         return %[[R]]
func.func @atrous_depthwise_nhwc(%x: tensor<1x8x8x2xf32>, %w: tensor<3x3x2x1xf32>) -> tensor<1x6x6x2xf32> {
  %0 = nn.space_to_batch nhwc %x {block_shape = array<i64: 2, 2>, paddings = array<i64: 1, 1, 1, 1>}
      : (tensor<1x8x8x2xf32>) -> tensor<4x5x5x2xf32>
  %1 = nn.depthwise_conv2d nhwc %0, %w : (tensor<4x5x5x2xf32>, tensor<3x3x2x1xf32>) -> tensor<4x3x3x2xf32>
  %2 = nn.batch_to_space nhwc %1 {block_shape = array<i64: 2, 2>, crops = array<i64: 0, 0, 0, 0>}
      : (tensor<4x3x3x2xf32>) -> tensor<1x6x6x2xf32>
  return %2 : tensor<1x6x6x2xf32>
}

// -----

// Block 3, asymmetric crops: padding = [3 - 0, 3 - 0, 3 - 1, 3 - 2].
// CHECK-LABEL: func.func @atrous_depthwise_nchw(
// CHECK-SAME:    %[[X:[^:]+]]: tensor<1x4x9x9xf64>
// CHECK-SAME:    %[[W:[^:]+]]: tensor<8x1x3x3xf64>
// CHECK-SAME:    %[[B:[^:]+]]: tensor<8xf64>
// CHECK:         %[[R:.*]] = nn.depthwise_conv2d nchw %[[X]], %[[W]], %[[B]] {dilations = array<i64: 3, 3>, padding = array<i64: 3, 3, 2, 1>} : (tensor<1x4x9x9xf64>, tensor<8x1x3x3xf64>, tensor<8xf64>) -> tensor<1x8x9x6xf64>
// CHECK-NOT:     nn.batch_to_space
// CHECK:         return %[[R]]
func.func @atrous_depthwise_nchw(%x: tensor<1x4x9x9xf64>, %w: tensor<8x1x3x3xf64>, %b: tensor<8xf64>) -> tensor<1x8x9x6xf64> {
  %0 = nn.space_to_batch nchw %x {block_shape = array<i64: 3, 3>, paddings = array<i64: 3, 3, 3, 3>}
      : (tensor<1x4x9x9xf64>) -> tensor<9x4x5x5xf64>
  %1 = nn.depthwise_conv2d nchw %0, %w, %b : (tensor<9x4x5x5xf64>, tensor<8x1x3x3xf64>, tensor<8xf64>) -> tensor<9x8x3x3xf64>
  %2 = nn.batch_to_space nchw %1 {block_shape = array<i64: 3, 3>, crops = array<i64: 0, 0, 1, 2>}
      : (tensor<9x8x3x3xf64>) -> tensor<1x8x9x6xf64>
  return %2 : tensor<1x8x9x6xf64>
}

// -----

// A strided conv is not an atrous conv.
// CHECK-LABEL: func.func @no_fold_atrous_strided(
// CHECK:         nn.space_to_batch
// CHECK:         nn.conv2d nhwc %{{.*}} {strides = array<i64: 2, 2>}
// CHECK:         nn.batch_to_space
func.func @no_fold_atrous_strided(%x: tensor<1x10x10x3xf32>, %w: tensor<3x3x3x8xf32>) -> tensor<1x6x6x8xf32> {
  %0 = nn.space_to_batch nhwc %x {block_shape = array<i64: 2, 2>, paddings = array<i64: 2, 2, 2, 2>}
      : (tensor<1x10x10x3xf32>) -> tensor<4x7x7x3xf32>
  %1 = nn.conv2d nhwc %0, %w {strides = array<i64: 2, 2>} : (tensor<4x7x7x3xf32>, tensor<3x3x3x8xf32>) -> tensor<4x3x3x8xf32>
  %2 = nn.batch_to_space nhwc %1 {block_shape = array<i64: 2, 2>, crops = array<i64: 0, 0, 0, 0>}
      : (tensor<4x3x3x8xf32>) -> tensor<1x6x6x8xf32>
  return %2 : tensor<1x6x6x8xf32>
}

// -----

// Crops larger than the paddings would need negative padding.
// CHECK-LABEL: func.func @no_fold_atrous_crops_exceed_paddings(
// CHECK:         nn.space_to_batch
// CHECK:         nn.conv2d
// CHECK:         nn.batch_to_space nhwc %{{.*}} {block_shape = array<i64: 2, 2>, crops = array<i64: 1, 1, 0, 0>}
func.func @no_fold_atrous_crops_exceed_paddings(%x: tensor<1x10x10x3xf32>, %w: tensor<3x3x3x8xf32>) -> tensor<1x4x6x8xf32> {
  %0 = nn.space_to_batch nhwc %x {block_shape = array<i64: 2, 2>, paddings = array<i64: 0, 0, 0, 0>}
      : (tensor<1x10x10x3xf32>) -> tensor<4x5x5x3xf32>
  %1 = nn.conv2d nhwc %0, %w : (tensor<4x5x5x3xf32>, tensor<3x3x3x8xf32>) -> tensor<4x3x3x8xf32>
  %2 = nn.batch_to_space nhwc %1 {block_shape = array<i64: 2, 2>, crops = array<i64: 1, 1, 0, 0>}
      : (tensor<4x3x3x8xf32>) -> tensor<1x4x6x8xf32>
  return %2 : tensor<1x4x6x8xf32>
}

// -----

// CHECK-LABEL: func.func @no_fold_atrous_block_shapes(
// CHECK:         nn.space_to_batch nhwc %{{.*}} {block_shape = array<i64: 2, 2>
// CHECK:         nn.conv2d
// CHECK:         nn.batch_to_space nhwc %{{.*}} {block_shape = array<i64: 4, 1>
func.func @no_fold_atrous_block_shapes(%x: tensor<1x10x10x3xf32>, %w: tensor<3x3x3x8xf32>) -> tensor<1x12x3x8xf32> {
  %0 = nn.space_to_batch nhwc %x {block_shape = array<i64: 2, 2>, paddings = array<i64: 0, 0, 0, 0>}
      : (tensor<1x10x10x3xf32>) -> tensor<4x5x5x3xf32>
  %1 = nn.conv2d nhwc %0, %w : (tensor<4x5x5x3xf32>, tensor<3x3x3x8xf32>) -> tensor<4x3x3x8xf32>
  %2 = nn.batch_to_space nhwc %1 {block_shape = array<i64: 4, 1>, crops = array<i64: 0, 0, 0, 0>}
      : (tensor<4x3x3x8xf32>) -> tensor<1x12x3x8xf32>
  return %2 : tensor<1x12x3x8xf32>
}

// -----

// The conv result has a second user, so the conv must stay anyway.
// CHECK-LABEL: func.func @no_fold_atrous_multiple_uses(
// CHECK:         nn.space_to_batch
// CHECK:         %[[C:.*]] = nn.conv2d
// CHECK:         %[[B:.*]] = nn.batch_to_space nhwc %[[C]]
// CHECK:         return %[[B]], %[[C]]
func.func @no_fold_atrous_multiple_uses(%x: tensor<1x10x10x3xf32>, %w: tensor<3x3x3x8xf32>) -> (tensor<1x8x8x8xf32>, tensor<4x5x5x8xf32>) {
  %0 = nn.space_to_batch nhwc %x {block_shape = array<i64: 2, 2>, paddings = array<i64: 2, 2, 2, 2>}
      : (tensor<1x10x10x3xf32>) -> tensor<4x7x7x3xf32>
  %1 = nn.conv2d nhwc %0, %w : (tensor<4x7x7x3xf32>, tensor<3x3x3x8xf32>) -> tensor<4x5x5x8xf32>
  %2 = nn.batch_to_space nhwc %1 {block_shape = array<i64: 2, 2>, crops = array<i64: 1, 1, 1, 1>}
      : (tensor<4x5x5x8xf32>) -> tensor<1x8x8x8xf32>
  return %2, %1 : tensor<1x8x8x8xf32>, tensor<4x5x5x8xf32>
}

// -----

// The space_to_batch result has a second user.
// CHECK-LABEL: func.func @no_fold_atrous_space_to_batch_uses(
// CHECK:         %[[S:.*]] = nn.space_to_batch
// CHECK:         %[[C:.*]] = nn.conv2d nhwc %[[S]]
// CHECK:         nn.batch_to_space nhwc %[[C]]
func.func @no_fold_atrous_space_to_batch_uses(%x: tensor<1x10x10x3xf32>, %w: tensor<3x3x3x8xf32>) -> (tensor<1x8x8x8xf32>, tensor<4x7x7x3xf32>) {
  %0 = nn.space_to_batch nhwc %x {block_shape = array<i64: 2, 2>, paddings = array<i64: 2, 2, 2, 2>}
      : (tensor<1x10x10x3xf32>) -> tensor<4x7x7x3xf32>
  %1 = nn.conv2d nhwc %0, %w : (tensor<4x7x7x3xf32>, tensor<3x3x3x8xf32>) -> tensor<4x5x5x8xf32>
  %2 = nn.batch_to_space nhwc %1 {block_shape = array<i64: 2, 2>, crops = array<i64: 1, 1, 1, 1>}
      : (tensor<4x5x5x8xf32>) -> tensor<1x8x8x8xf32>
  return %2, %0 : tensor<1x8x8x8xf32>, tensor<4x7x7x3xf32>
}

// -----

// Dynamic shapes: the dilated conv keeps the (dynamic) result type.
// CHECK-LABEL: func.func @atrous_dynamic(
// CHECK-SAME:    %[[X:[^:]+]]: tensor<?x?x?x3xf32>
// CHECK-SAME:    %[[W:[^:]+]]: tensor<3x3x3x8xf32>
// CHECK:         %[[R:.*]] = nn.conv2d nhwc %[[X]], %[[W]] {dilations = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>} : (tensor<?x?x?x3xf32>, tensor<3x3x3x8xf32>) -> tensor<?x?x?x8xf32>
// CHECK-NEXT:    return %[[R]]
func.func @atrous_dynamic(%x: tensor<?x?x?x3xf32>, %w: tensor<3x3x3x8xf32>) -> tensor<?x?x?x8xf32> {
  %0 = nn.space_to_batch nhwc %x {block_shape = array<i64: 2, 2>, paddings = array<i64: 2, 2, 2, 2>} : (tensor<?x?x?x3xf32>) -> tensor<?x?x?x3xf32>
  %1 = nn.conv2d nhwc %0, %w : (tensor<?x?x?x3xf32>, tensor<3x3x3x8xf32>) -> tensor<?x?x?x8xf32>
  %2 = nn.batch_to_space nhwc %1 {block_shape = array<i64: 2, 2>, crops = array<i64: 1, 1, 1, 1>} : (tensor<?x?x?x8xf32>) -> tensor<?x?x?x8xf32>
  return %2 : tensor<?x?x?x8xf32>
}

// -----

// Unreadable dense_resource weights (no blob, or a blob of the wrong size)
// are left alone instead of being read out of bounds.
// CHECK-LABEL: func.func @no_fold_weights_missing_blob(
// CHECK:         nn.bn_fold_weights
// CHECK-LABEL: func.func @no_fold_weights_short_blob(
// CHECK:         nn.bn_fold_weights
// CHECK-LABEL: func.func @resource_operands(
// CHECK-DAG:     %[[SUM:.*]] = arith.constant dense<[2.000000e+00, 4.000000e+00]> : tensor<2xf32>
// CHECK-DAG:     %[[ZERO:.*]] = arith.constant dense<0.000000e+00> : tensor<2xf32>
// CHECK-NOT:     nn.
// CHECK:         return %[[SUM]], %[[ZERO]]
func.func @no_fold_weights_missing_blob() -> tensor<2x2xf32> {
  %w = arith.constant dense_resource<absent> : tensor<2x2xf32>
  %v = arith.constant dense<[3.0, 0.0]> : tensor<2xf32>
  %0 = nn.bn_fold_weights %w, %v {channel_dims = array<i64: 1>} : (tensor<2x2xf32>, tensor<2xf32>) -> tensor<2x2xf32>
  return %0 : tensor<2x2xf32>
}
func.func @no_fold_weights_short_blob() -> tensor<2x2xf32> {
  %w = arith.constant dense_resource<short> : tensor<2x2xf32>
  %v = arith.constant dense<[3.0, 0.0]> : tensor<2xf32>
  %0 = nn.bn_fold_weights %w, %v {channel_dims = array<i64: 1>} : (tensor<2x2xf32>, tensor<2xf32>) -> tensor<2x2xf32>
  return %0 : tensor<2x2xf32>
}
// nn.add and bn_fold_bias read dense_resource operands too: [1, 2] + [1, 2],
// and (bias - mean) = 0 with bias = mean.
func.func @resource_operands() -> (tensor<2xf32>, tensor<2xf32>) {
  %r = arith.constant dense_resource<vec> : tensor<2xf32>
  %0 = nn.add %r, %r : tensor<2xf32>
  %1 = nn.bn_fold_bias %r, %r bias %r : (tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  return %0, %1 : tensor<2xf32>, tensor<2xf32>
}

{-#
  dialect_resources: {
    builtin: {
      short: "0x040000000000803F",
      vec: "0x040000000000803F00000040"
    }
  }
#-}

// -----

// Zero-sized constants fold to zero-sized constants.
// CHECK-LABEL: func.func @fold_zero_sized(
// CHECK-DAG:     %[[W:.*]] = arith.constant dense<> : tensor<0x2xf32>
// CHECK-DAG:     %[[E:.*]] = arith.constant dense<> : tensor<0xf32>
// CHECK-NOT:     nn.
// CHECK:         return %[[W]], %[[E]], %[[E]]
func.func @fold_zero_sized() -> (tensor<0x2xf32>, tensor<0xf32>, tensor<0xf32>) {
  %w = arith.constant dense<> : tensor<0x2xf32>
  %v = arith.constant dense<[3.0, 0.0]> : tensor<2xf32>
  %e = arith.constant dense<> : tensor<0xf32>
  %0 = nn.bn_fold_weights %w, %v {channel_dims = array<i64: 1>} : (tensor<0x2xf32>, tensor<2xf32>) -> tensor<0x2xf32>
  %1 = nn.bn_fold_bias %e, %e : (tensor<0xf32>, tensor<0xf32>) -> tensor<0xf32>
  %2 = nn.add %e, %e : tensor<0xf32>
  return %0, %1, %2 : tensor<0x2xf32>, tensor<0xf32>, tensor<0xf32>
}

// -----

// Huge splats are not expanded by the folders (this used to abort with
// std::length_error); a zero splat bias is still recognized without reading.
// CHECK-LABEL: func.func @huge_splats(
// CHECK-SAME:    %[[X:[^:]+]]: tensor<1x4611686018427387904xf32>
// CHECK-DAG:     %[[ONE:.*]] = arith.constant dense<1.000000e+00> : tensor<4611686018427387904xf32>
// CHECK-DAG:     %[[W:.*]] = arith.constant dense<2.000000e+00> : tensor<4611686018427387904x1xf32>
// CHECK-DAG:     %[[V:.*]] = arith.constant dense<3.000000e+00> : tensor<1xf32>
// CHECK-DAG:     %[[SUM:.*]] = nn.add %[[ONE]], %[[ONE]]
// CHECK-DAG:     %[[FW:.*]] = nn.bn_fold_weights %[[W]], %[[V]]
// CHECK-DAG:     %[[FB:.*]] = nn.bn_fold_bias %[[ONE]], %[[ONE]]
// CHECK-DAG:     %[[BA:.*]] = nn.bias_add %[[X]], %[[ONE]]
// CHECK-NOT:     nn.bias_add
// CHECK:         return %[[SUM]], %[[FW]], %[[FB]], %[[BA]], %[[X]]
func.func @huge_splats(%x: tensor<1x4611686018427387904xf32>)
    -> (tensor<4611686018427387904xf32>, tensor<4611686018427387904x1xf32>, tensor<4611686018427387904xf32>,
        tensor<1x4611686018427387904xf32>, tensor<1x4611686018427387904xf32>) {
  %one = arith.constant dense<1.0> : tensor<4611686018427387904xf32>
  %zero = arith.constant dense<0.0> : tensor<4611686018427387904xf32>
  %w = arith.constant dense<2.0> : tensor<4611686018427387904x1xf32>
  %v = arith.constant dense<3.0> : tensor<1xf32>
  %0 = nn.add %one, %one : tensor<4611686018427387904xf32>
  %1 = nn.bn_fold_weights %w, %v {channel_dims = array<i64: 1>}
      : (tensor<4611686018427387904x1xf32>, tensor<1xf32>) -> tensor<4611686018427387904x1xf32>
  %2 = nn.bn_fold_bias %one, %one : (tensor<4611686018427387904xf32>, tensor<4611686018427387904xf32>) -> tensor<4611686018427387904xf32>
  %3 = nn.bias_add %x, %one : (tensor<1x4611686018427387904xf32>, tensor<4611686018427387904xf32>) -> tensor<1x4611686018427387904xf32>
  %4 = nn.bias_add %x, %zero : (tensor<1x4611686018427387904xf32>, tensor<4611686018427387904xf32>) -> tensor<1x4611686018427387904xf32>
  return %0, %1, %2, %3, %4 : tensor<4611686018427387904xf32>, tensor<4611686018427387904x1xf32>, tensor<4611686018427387904xf32>,
      tensor<1x4611686018427387904xf32>, tensor<1x4611686018427387904xf32>
}

// -----

// bn_fold_input_bias: b'[o] = b[o] + sum_i W[o, i] * t[i], t = offset -
// mean * scale / sqrt(variance + epsilon) = [1 - 1 * 2 / 1, 0 - 2 * 1 / 2]
// = [-1, -1]; W = [[1, 2], [3, -4], [0.5, 0.5]], b = [1, 2, 3] ->
// [1 - 3, 2 + 1, 3 - 1] = [-2, 3, 2].
// CHECK-LABEL: func.func @bn_fold_input_bias_constants
// CHECK: %[[C:.*]] = arith.constant dense<[-2.000000e+00, 3.000000e+00, 2.000000e+00]> : tensor<3xf32>
// CHECK-NOT: nn.bn_fold_input_bias
// CHECK: return %[[C]]
func.func @bn_fold_input_bias_constants() -> tensor<3xf32> {
  %w = arith.constant dense<[[1.0, 2.0], [3.0, -4.0], [0.5, 0.5]]> : tensor<3x2xf32>
  %m = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %v = arith.constant dense<[1.0, 4.0]> : tensor<2xf32>
  %g = arith.constant dense<[2.0, 1.0]> : tensor<2xf32>
  %o = arith.constant dense<[1.0, 0.0]> : tensor<2xf32>
  %b = arith.constant dense<[1.0, 2.0, 3.0]> : tensor<3xf32>
  %0 = nn.bn_fold_input_bias %w, %m, %v bias %b scale %g offset %o {epsilon = 0.0 : f64, input_channel_dims = array<i64: 1>, output_channel_dims = array<i64: 0>} : (tensor<3x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<3xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

// With an operand computed at run time it stays.
// CHECK-LABEL: func.func @bn_fold_input_bias_runtime
// CHECK: nn.bn_fold_input_bias
func.func @bn_fold_input_bias_runtime(%w: tensor<3x2xf32>) -> tensor<3xf32> {
  %m = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %0 = nn.bn_fold_input_bias %w, %m, %m {input_channel_dims = array<i64: 1>, output_channel_dims = array<i64: 0>} : (tensor<3x2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

// CHECK-LABEL: func.func @concat_of_one(
// CHECK-SAME:    %[[X:[^:]+]]: tensor<2x3xf32>
// CHECK-NOT:     nn.concat
// CHECK:         return %[[X]]
func.func @concat_of_one(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = nn.concat %x axis 1 : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}
