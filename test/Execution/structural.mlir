// Hand-computed structural ops: reshape, space_to_batch, batch_to_space,
// concat, and a dynamic batch dim.

// RUN: bnfold-run %s --function=reshape | FileCheck %s --check-prefix=RESHAPE
// RUN: bnfold-run %s --function=space_to_batch_nhwc | FileCheck %s --check-prefix=S2B
// RUN: bnfold-run %s --function=round_trip_nhwc | FileCheck %s --check-prefix=TRIP
// RUN: bnfold-run %s --function=space_to_batch_nchw_batch2 | FileCheck %s --check-prefix=S2BN
// RUN: bnfold-run %s --function=batch_to_space_crop_nchw | FileCheck %s --check-prefix=B2S
// RUN: bnfold-run %s --function=dynamic_batch | FileCheck %s --check-prefix=DYN2
// RUN: bnfold-run %s --function=dynamic_batch --dynamic-size=3 | FileCheck %s --check-prefix=DYN3
// RUN: bnfold-run %s --function=concat | FileCheck %s --check-prefix=CONCAT
// RUN: bnfold-run %s --function=concat_dynamic | FileCheck %s --check-prefix=CONCATDYN

// Row-major reinterpretation keeps the element order.
// RESHAPE: shape 3x2
// RESHAPE-NEXT: values: [1, 2, 3, 4, 5, 6]
func.func @reshape() -> tensor<3x2xf32> {
  %x = arith.constant dense<[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]> : tensor<2x3xf32>
  %y = nn.reshape %x : (tensor<2x3xf32>) -> tensor<3x2xf32>
  return %y : tensor<3x2xf32>
}

// x = [[1 2 3 4] [5 6 7 8]], paddings left 1 / right 1: P = [[0 1 2 3 4 0]
// [0 5 6 7 8 0]]; block [2, 2]: batch (i * 2 + j) holds P[i][2w + j]:
// b0 = [0 2 4], b1 = [1 3 0], b2 = [0 6 8], b3 = [5 7 0].
// S2B: shape 4x1x3x1
// S2B-NEXT: values: [0, 2, 4, 1, 3, 0, 0, 6, 8, 5, 7, 0]
func.func @space_to_batch_nhwc() -> tensor<4x1x3x1xf32> {
  %x = arith.constant dense<[[[[1.0], [2.0], [3.0], [4.0]], [[5.0], [6.0], [7.0], [8.0]]]]> : tensor<1x2x4x1xf32>
  %y = nn.space_to_batch nhwc %x {block_shape = array<i64: 2, 2>, paddings = array<i64: 0, 0, 1, 1>} : (tensor<1x2x4x1xf32>) -> tensor<4x1x3x1xf32>
  return %y : tensor<4x1x3x1xf32>
}
// TRIP: shape 1x2x4x1
// TRIP-NEXT: values: [1, 2, 3, 4, 5, 6, 7, 8]
func.func @round_trip_nhwc() -> tensor<1x2x4x1xf32> {
  %x = arith.constant dense<[[[[1.0], [2.0], [3.0], [4.0]], [[5.0], [6.0], [7.0], [8.0]]]]> : tensor<1x2x4x1xf32>
  %y = nn.space_to_batch nhwc %x {block_shape = array<i64: 2, 2>, paddings = array<i64: 0, 0, 1, 1>} : (tensor<1x2x4x1xf32>) -> tensor<4x1x3x1xf32>
  %z = nn.batch_to_space nhwc %y {block_shape = array<i64: 2, 2>, crops = array<i64: 0, 0, 1, 1>} : (tensor<4x1x3x1xf32>) -> tensor<1x2x4x1xf32>
  return %z : tensor<1x2x4x1xf32>
}

// N = 2, block [2, 1]: batch i * 2 + n holds row i of image n.
// n0 = [[1 2] [3 4]], n1 = [[5 6] [7 8]] -> [1 2], [5 6], [3 4], [7 8].
// S2BN: shape 4x1x1x2
// S2BN-NEXT: values: [1, 2, 5, 6, 3, 4, 7, 8]
func.func @space_to_batch_nchw_batch2() -> tensor<4x1x1x2xf32> {
  %x = arith.constant dense<[[[[1.0, 2.0], [3.0, 4.0]]], [[[5.0, 6.0], [7.0, 8.0]]]]> : tensor<2x1x2x2xf32>
  %y = nn.space_to_batch nchw %x {block_shape = array<i64: 2, 1>, paddings = array<i64: 0, 0, 0, 0>} : (tensor<2x1x2x2xf32>) -> tensor<4x1x1x2xf32>
  return %y : tensor<4x1x1x2xf32>
}

// Four 1x1x1x2 blocks [b0..b3] = [[1 2] [3 4] [5 6] [7 8]] with block [2, 2]
// interleave to rows [1 3 2 4] (from b0, b1) and [5 7 6 8] (from b2, b3);
// crops top 1 and left 1 / right 1 leave [7 6].
// B2S: shape 1x1x1x2
// B2S-NEXT: values: [7, 6]
func.func @batch_to_space_crop_nchw() -> tensor<1x1x1x2xf32> {
  %x = arith.constant dense<[[[[1.0, 2.0]]], [[[3.0, 4.0]]], [[[5.0, 6.0]]], [[[7.0, 8.0]]]]> : tensor<4x1x1x2xf32>
  %y = nn.batch_to_space nchw %x {block_shape = array<i64: 2, 2>, crops = array<i64: 1, 0, 1, 1>} : (tensor<4x1x1x2xf32>) -> tensor<1x1x1x2xf32>
  return %y : tensor<1x1x1x2xf32>
}

// The batch dim comes from --dynamic-size (default 2); x * 0 + 1 = ones.
// DYN2: result 0: tensor<?x3xf32> shape 2x3
// DYN2-NEXT: values: [1, 1, 1, 1, 1, 1]
// DYN3: shape 3x3
// DYN3-NEXT: values: [1, 1, 1, 1, 1, 1, 1, 1, 1]
func.func @dynamic_batch(%x: tensor<?x2xf32>) -> tensor<?x3xf32> {
  %w = arith.constant dense<0.0> : tensor<2x3xf32>
  %b = arith.constant dense<1.0> : tensor<3xf32>
  %y = nn.matmul %x, %w, %b : (tensor<?x2xf32>, tensor<2x3xf32>, tensor<3xf32>) -> tensor<?x3xf32>
  %r = nn.reshape %y : (tensor<?x3xf32>) -> tensor<?x1x3xf32>
  %s = nn.reshape %r : (tensor<?x1x3xf32>) -> tensor<?x3xf32>
  return %s : tensor<?x3xf32>
}

// Dynamic spatial dims: with the default size 2 the 3x3 kernel does not fit
// the 2x3 padded input, which gives an empty result (not a crash); size 4
// gives a 2x3 output.
// RUN: bnfold-run %s --function=dynamic_spatial | FileCheck %s --check-prefix=SMALL
// RUN: bnfold-run %s --function=dynamic_spatial --dynamic-size=4 | FileCheck %s --check-prefix=FITS
// SMALL: shape 1x0x1x1
// SMALL-NEXT: values: []
// FITS: shape 1x2x3x1
func.func @dynamic_spatial(%x: tensor<1x?x?x1xf32>) -> tensor<1x?x?x1xf32> {
  %w = arith.constant dense<1.0> : tensor<3x3x1x1xf32>
  %y = nn.conv2d nhwc %x, %w {padding = array<i64: 0, 0, 1, 0>} : (tensor<1x?x?x1xf32>, tensor<3x3x1x1xf32>) -> tensor<1x?x?x1xf32>
  return %y : tensor<1x?x?x1xf32>
}

// [[1 2] [3 4]], a 0-wide input and [[5] [6]] side by side.
// CONCAT: shape 2x3
// CONCAT-NEXT: values: [1, 2, 5, 3, 4, 6]
func.func @concat() -> tensor<2x3xf32> {
  %a = arith.constant dense<[[1.0, 2.0], [3.0, 4.0]]> : tensor<2x2xf32>
  %b = arith.constant dense<[[5.0], [6.0]]> : tensor<2x1xf32>
  %e = arith.constant dense<[[], []]> : tensor<2x0xf32>
  %y = nn.concat %a, %e, %b axis 1 : (tensor<2x2xf32>, tensor<2x0xf32>, tensor<2x1xf32>) -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

// Along a dynamic batch: the constant row, then the 2 rows of %x
// (--dynamic-size defaults to 2).
// CONCATDYN: shape 3x2
// CONCATDYN-NEXT: values: [7, 8, {{[^,]+}}, {{[^,]+}}, {{[^,]+}}, {{[^,]+}}]
func.func @concat_dynamic(%x: tensor<?x2xf16>) -> tensor<?x2xf16> {
  %a = arith.constant dense<[[7.0, 8.0]]> : tensor<1x2xf16>
  %y = nn.concat %a, %x axis 0 : (tensor<1x2xf16>, tensor<?x2xf16>) -> tensor<?x2xf16>
  return %y : tensor<?x2xf16>
}
