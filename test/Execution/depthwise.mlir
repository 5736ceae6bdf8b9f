// Hand-computed nn.depthwise_conv2d with channel multiplier M = 2: output
// channel c * M + m convolves input channel c with filter (c, m).

// RUN: bnfold-run %s --function=depthwise_nhwc | FileCheck %s --check-prefix=DW
// RUN: bnfold-run %s --function=depthwise_nchw | FileCheck %s --check-prefix=DW
// RUN: bnfold-run %s --function=depthwise_bias_nhwc | FileCheck %s --check-prefix=DWB
// RUN: bnfold-run %s --function=depthwise_bias_nchw | FileCheck %s --check-prefix=DWB
// RUN: bnfold-run %s --function=depthwise_pad_stride | FileCheck %s --check-prefix=DWPAD

// One row, two columns, two channels: pixel 0 = [1, 2], pixel 1 = [3, 4];
// a 1x2 kernel f[kw][c][m]: f[0] = [[1 2] [3 4]], f[1] = [[5 6] [7 8]].
// (c0, m0) = 1*1 + 3*5 = 16, (c0, m1) = 1*2 + 3*6 = 20,
// (c1, m0) = 2*3 + 4*7 = 34, (c1, m1) = 2*4 + 4*8 = 40.
// DW: shape 1x{{1x1x4|4x1x1}}
// DW-NEXT: values: [16, 20, 34, 40]

func.func @depthwise_nhwc() -> tensor<1x1x1x4xf32> {
  %x = arith.constant dense<[[[[1.0, 2.0], [3.0, 4.0]]]]> : tensor<1x1x2x2xf32>
  // [H, W, C, M]
  %w = arith.constant dense<[[[[1.0, 2.0], [3.0, 4.0]], [[5.0, 6.0], [7.0, 8.0]]]]> : tensor<1x2x2x2xf32>
  %y = nn.depthwise_conv2d nhwc %x, %w : (tensor<1x1x2x2xf32>, tensor<1x2x2x2xf32>) -> tensor<1x1x1x4xf32>
  return %y : tensor<1x1x1x4xf32>
}
func.func @depthwise_nchw() -> tensor<1x4x1x1xf32> {
  // c0 = [1 3], c1 = [2 4]
  %x = arith.constant dense<[[[[1.0, 3.0]], [[2.0, 4.0]]]]> : tensor<1x2x1x2xf32>
  // [C * M, 1, H, W]: row c * 2 + m holds f[*][c][m]
  %w = arith.constant dense<[[[[1.0, 5.0]]], [[[2.0, 6.0]]], [[[3.0, 7.0]]], [[[4.0, 8.0]]]]> : tensor<4x1x1x2xf32>
  %y = nn.depthwise_conv2d nchw %x, %w : (tensor<1x2x1x2xf32>, tensor<4x1x1x2xf32>) -> tensor<1x4x1x1xf32>
  return %y : tensor<1x4x1x1xf32>
}
// DWB: shape 1x{{1x1x4|4x1x1}}
// DWB-NEXT: values: [17, 22, 37, 44]
func.func @depthwise_bias_nhwc() -> tensor<1x1x1x4xf32> {
  %x = arith.constant dense<[[[[1.0, 2.0], [3.0, 4.0]]]]> : tensor<1x1x2x2xf32>
  %w = arith.constant dense<[[[[1.0, 2.0], [3.0, 4.0]], [[5.0, 6.0], [7.0, 8.0]]]]> : tensor<1x2x2x2xf32>
  %b = arith.constant dense<[1.0, 2.0, 3.0, 4.0]> : tensor<4xf32>
  %y = nn.depthwise_conv2d nhwc %x, %w, %b : (tensor<1x1x2x2xf32>, tensor<1x2x2x2xf32>, tensor<4xf32>) -> tensor<1x1x1x4xf32>
  return %y : tensor<1x1x1x4xf32>
}
func.func @depthwise_bias_nchw() -> tensor<1x4x1x1xf32> {
  %x = arith.constant dense<[[[[1.0, 3.0]], [[2.0, 4.0]]]]> : tensor<1x2x1x2xf32>
  %w = arith.constant dense<[[[[1.0, 5.0]]], [[[2.0, 6.0]]], [[[3.0, 7.0]]], [[[4.0, 8.0]]]]> : tensor<4x1x1x2xf32>
  %b = arith.constant dense<[1.0, 2.0, 3.0, 4.0]> : tensor<4xf32>
  %y = nn.depthwise_conv2d nchw %x, %w, %b : (tensor<1x2x1x2xf32>, tensor<4x1x1x2xf32>, tensor<4xf32>) -> tensor<1x4x1x1xf32>
  return %y : tensor<1x4x1x1xf32>
}

// M = 1, one channel, 1x3 row [1 2 3], kernel [1 10] with padding left 1 and
// right 1 (row [0 1 2 3 0]) and stride 2: out0 = 0 + 10, out1 = 2 + 30.
// DWPAD: shape 1x1x2x1
// DWPAD-NEXT: values: [10, 32]
func.func @depthwise_pad_stride() -> tensor<1x1x2x1xf32> {
  %x = arith.constant dense<[[[[1.0], [2.0], [3.0]]]]> : tensor<1x1x3x1xf32>
  %w = arith.constant dense<[[[[1.0]], [[10.0]]]]> : tensor<1x2x1x1xf32>
  %y = nn.depthwise_conv2d nhwc %x, %w {strides = array<i64: 1, 2>, padding = array<i64: 0, 0, 1, 1>} : (tensor<1x1x3x1xf32>, tensor<1x2x1x1xf32>) -> tensor<1x1x2x1xf32>
  return %y : tensor<1x1x2x1xf32>
}
