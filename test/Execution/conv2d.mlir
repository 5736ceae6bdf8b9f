// Hand-computed results of nn.conv2d: these numbers are what prove the
// lowering (and so every fold comparison built on it) right.

// RUN: bnfold-run %s --function=conv1x1 | FileCheck %s --check-prefix=C1X1
// RUN: bnfold-run %s --function=conv1x1_f16 | FileCheck %s --check-prefix=C1X1
// RUN: bnfold-run %s --function=conv1x1_bf16 | FileCheck %s --check-prefix=C1X1
// RUN: bnfold-run %s --function=conv1x1_f64 | FileCheck %s --check-prefix=C1X1
// RUN: bnfold-run %s --function=grouped_nhwc | FileCheck %s --check-prefix=GROUPED
// RUN: bnfold-run %s --function=grouped_nchw | FileCheck %s --check-prefix=GROUPED
// RUN: bnfold-run %s --function=pad_stride_dilation_nhwc | FileCheck %s --check-prefix=PSD
// RUN: bnfold-run %s --function=pad_stride_dilation_nchw | FileCheck %s --check-prefix=PSD
// RUN: bnfold-run %s --function=kernel_orientation_nchw | FileCheck %s --check-prefix=ORIENT

// y = 2 * x + 0.5
// C1X1: result 0: tensor<1x2x2x1x{{.*}}> shape 1x2x2x1
// C1X1-NEXT: values: [2.5, 4.5, 6.5, 8.5]
func.func @conv1x1() -> tensor<1x2x2x1xf32> {
  %x = arith.constant dense<[[[[1.0], [2.0]], [[3.0], [4.0]]]]> : tensor<1x2x2x1xf32>
  %w = arith.constant dense<2.0> : tensor<1x1x1x1xf32>
  %b = arith.constant dense<0.5> : tensor<1xf32>
  %y = nn.conv2d nhwc %x, %w, %b : (tensor<1x2x2x1xf32>, tensor<1x1x1x1xf32>, tensor<1xf32>) -> tensor<1x2x2x1xf32>
  return %y : tensor<1x2x2x1xf32>
}
func.func @conv1x1_f16() -> tensor<1x2x2x1xf16> {
  %x = arith.constant dense<[[[[1.0], [2.0]], [[3.0], [4.0]]]]> : tensor<1x2x2x1xf16>
  %w = arith.constant dense<2.0> : tensor<1x1x1x1xf16>
  %b = arith.constant dense<0.5> : tensor<1xf16>
  %y = nn.conv2d nhwc %x, %w, %b : (tensor<1x2x2x1xf16>, tensor<1x1x1x1xf16>, tensor<1xf16>) -> tensor<1x2x2x1xf16>
  return %y : tensor<1x2x2x1xf16>
}
func.func @conv1x1_bf16() -> tensor<1x2x2x1xbf16> {
  %x = arith.constant dense<[[[[1.0], [2.0]], [[3.0], [4.0]]]]> : tensor<1x2x2x1xbf16>
  %w = arith.constant dense<2.0> : tensor<1x1x1x1xbf16>
  %b = arith.constant dense<0.5> : tensor<1xbf16>
  %y = nn.conv2d nhwc %x, %w, %b : (tensor<1x2x2x1xbf16>, tensor<1x1x1x1xbf16>, tensor<1xbf16>) -> tensor<1x2x2x1xbf16>
  return %y : tensor<1x2x2x1xbf16>
}
func.func @conv1x1_f64() -> tensor<1x2x2x1xf64> {
  %x = arith.constant dense<[[[[1.0], [2.0]], [[3.0], [4.0]]]]> : tensor<1x2x2x1xf64>
  %w = arith.constant dense<2.0> : tensor<1x1x1x1xf64>
  %b = arith.constant dense<0.5> : tensor<1xf64>
  %y = nn.conv2d nhwc %x, %w, %b : (tensor<1x2x2x1xf64>, tensor<1x1x1x1xf64>, tensor<1xf64>) -> tensor<1x2x2x1xf64>
  return %y : tensor<1x2x2x1xf64>
}

// groups = 2, input channels [1, 2 | 3, 4], two outputs per group:
// co0 = 1*1 + 0*2 = 1, co1 = 0*1 + 1*2 = 2, co2 = 3 + 4 = 7, co3 = 3 - 4 = -1.
// GROUPED: shape 1x{{1x1x4|4x1x1}}
// GROUPED-NEXT: values: [1, 2, 7, -1]
func.func @grouped_nhwc() -> tensor<1x1x1x4xf32> {
  %x = arith.constant dense<[[[[1.0, 2.0, 3.0, 4.0]]]]> : tensor<1x1x1x4xf32>
  // HWIO [1, 1, 2, 4]: w[ci][co]
  %w = arith.constant dense<[[[[1.0, 0.0, 1.0, 1.0], [0.0, 1.0, 1.0, -1.0]]]]> : tensor<1x1x2x4xf32>
  %y = nn.conv2d nhwc %x, %w {groups = 2} : (tensor<1x1x1x4xf32>, tensor<1x1x2x4xf32>) -> tensor<1x1x1x4xf32>
  return %y : tensor<1x1x1x4xf32>
}
func.func @grouped_nchw() -> tensor<1x4x1x1xf32> {
  %x = arith.constant dense<[[[[1.0]], [[2.0]], [[3.0]], [[4.0]]]]> : tensor<1x4x1x1xf32>
  // OIHW [4, 2, 1, 1]: w[co][ci]
  %w = arith.constant dense<[[[[1.0]], [[0.0]]], [[[0.0]], [[1.0]]], [[[1.0]], [[1.0]]], [[[1.0]], [[-1.0]]]]> : tensor<4x2x1x1xf32>
  %y = nn.conv2d nchw %x, %w {groups = 2} : (tensor<1x4x1x1xf32>, tensor<4x2x1x1xf32>) -> tensor<1x4x1x1xf32>
  return %y : tensor<1x4x1x1xf32>
}

// x = [[1 2 3] [4 5 6] [7 8 9]], kernel [[1 10] [100 1000]] dilated by 2,
// padding top 1 / right 1, strides [1, 2]: padded P is 4x4 with
// P[i][j] = x[i-1][j]. out[oy] = P[oy][0] + 10 P[oy][2] + 100 P[oy+2][0] +
// 1000 P[oy+2][2]: oy=0: 400 + 6000, oy=1: 1 + 30 + 700 + 9000.
// PSD: shape 1x{{2x1x1|1x2x1}}
// PSD-NEXT: values: [6400, 9731]
func.func @pad_stride_dilation_nhwc() -> tensor<1x2x1x1xf32> {
  %x = arith.constant dense<[[[[1.0], [2.0], [3.0]], [[4.0], [5.0], [6.0]], [[7.0], [8.0], [9.0]]]]> : tensor<1x3x3x1xf32>
  %w = arith.constant dense<[[[[1.0]], [[10.0]]], [[[100.0]], [[1000.0]]]]> : tensor<2x2x1x1xf32>
  %y = nn.conv2d nhwc %x, %w {strides = array<i64: 1, 2>, dilations = array<i64: 2, 2>, padding = array<i64: 1, 0, 0, 1>} : (tensor<1x3x3x1xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x1x1xf32>
  return %y : tensor<1x2x1x1xf32>
}
func.func @pad_stride_dilation_nchw() -> tensor<1x1x2x1xf32> {
  %x = arith.constant dense<[[[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0]]]]> : tensor<1x1x3x3xf32>
  %w = arith.constant dense<[[[[1.0, 10.0], [100.0, 1000.0]]]]> : tensor<1x1x2x2xf32>
  %y = nn.conv2d nchw %x, %w {strides = array<i64: 1, 2>, dilations = array<i64: 2, 2>, padding = array<i64: 1, 0, 0, 1>} : (tensor<1x1x3x3xf32>, tensor<1x1x2x2xf32>) -> tensor<1x1x2x1xf32>
  return %y : tensor<1x1x2x1xf32>
}

// Two input channels, two output channels, a 1x2 kernel, NCHW/OIHW, batch 2:
// out[n][co][0][0] = sum_ci sum_kw x[n][ci][0][kw] * w[co][ci][0][kw].
// n0: x = c0 [1 2], c1 [3 4]; n1: x = c0 [5 6], c1 [7 8].
// w[0] = c0 [1 0], c1 [0 0]  -> picks x[c0][0]: n0 1, n1 5
// w[1] = c0 [0 0], c1 [0 1]  -> picks x[c1][1]: n0 4, n1 8
// ORIENT: shape 2x2x1x1
// ORIENT-NEXT: values: [1, 4, 5, 8]
func.func @kernel_orientation_nchw() -> tensor<2x2x1x1xf32> {
  %x = arith.constant dense<[[[[1.0, 2.0]], [[3.0, 4.0]]], [[[5.0, 6.0]], [[7.0, 8.0]]]]> : tensor<2x2x1x2xf32>
  %w = arith.constant dense<[[[[1.0, 0.0]], [[0.0, 0.0]]], [[[0.0, 0.0]], [[0.0, 1.0]]]]> : tensor<2x2x1x2xf32>
  %y = nn.conv2d nchw %x, %w : (tensor<2x2x1x2xf32>, tensor<2x2x1x2xf32>) -> tensor<2x2x1x1xf32>
  return %y : tensor<2x2x1x1xf32>
}
