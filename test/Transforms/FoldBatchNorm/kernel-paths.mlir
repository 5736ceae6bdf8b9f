// RUN: bnfold-opt %s --fold-batchnorm -split-input-file | FileCheck %s
//
// Each code path of scaleWeightChannels (BatchNormMath.cpp): the typed f32
// and f64 loops with the channel dim innermost or not, and the generic
// f16/bf16 path. s = 1 / sqrt([1, 4]) = [1, 0.5] everywhere.

// Channel dim 0 of a [N, K] rhs: channels outer, K inner (f32 typed loop).
// CHECK-LABEL: func @f32_channels_outer
// CHECK: arith.constant dense<{{\[}}[1.000000e+00, 2.000000e+00, 3.000000e+00], [2.000000e+00, 2.500000e+00, 3.000000e+00]]> : tensor<2x3xf32>
func.func @f32_channels_outer(%x: tensor<1x3xf32>) -> tensor<1x2xf32> {
  %w = arith.constant dense<[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]> : tensor<2x3xf32>
  %m = arith.constant dense<0.0> : tensor<2xf32>
  %v = arith.constant dense<[1.0, 4.0]> : tensor<2xf32>
  %0 = nn.matmul %x, %w {transpose_rhs} : (tensor<1x3xf32>, tensor<2x3xf32>) -> tensor<1x2xf32>
  %1 = nn.batch_norm %0, %m, %v {epsilon = 0.0 : f64} : (tensor<1x2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2xf32>
  return %1 : tensor<1x2xf32>
}

// -----

// CHECK-LABEL: func @f64_channels_inner
// CHECK: arith.constant dense<{{\[}}[1.000000e+00, 1.000000e+00], [3.000000e+00, 2.000000e+00]]> : tensor<2x2xf64>
func.func @f64_channels_inner(%x: tensor<1x2xf64>) -> tensor<1x2xf64> {
  %w = arith.constant dense<[[1.0, 2.0], [3.0, 4.0]]> : tensor<2x2xf64>
  %m = arith.constant dense<0.0> : tensor<2xf64>
  %v = arith.constant dense<[1.0, 4.0]> : tensor<2xf64>
  %0 = nn.matmul %x, %w : (tensor<1x2xf64>, tensor<2x2xf64>) -> tensor<1x2xf64>
  %1 = nn.batch_norm %0, %m, %v {epsilon = 0.0 : f64} : (tensor<1x2xf64>, tensor<2xf64>, tensor<2xf64>) -> tensor<1x2xf64>
  return %1 : tensor<1x2xf64>
}

// -----

// CHECK-LABEL: func @f16_generic
// CHECK: arith.constant dense<{{\[}}[1.000000e+00, 1.000000e+00], [3.000000e+00, 2.000000e+00]]> : tensor<2x2xf16>
func.func @f16_generic(%x: tensor<1x2xf16>) -> tensor<1x2xf16> {
  %w = arith.constant dense<[[1.0, 2.0], [3.0, 4.0]]> : tensor<2x2xf16>
  %m = arith.constant dense<0.0> : tensor<2xf16>
  %v = arith.constant dense<[1.0, 4.0]> : tensor<2xf16>
  %0 = nn.matmul %x, %w : (tensor<1x2xf16>, tensor<2x2xf16>) -> tensor<1x2xf16>
  %1 = nn.batch_norm %0, %m, %v {epsilon = 0.0 : f64} : (tensor<1x2xf16>, tensor<2xf16>, tensor<2xf16>) -> tensor<1x2xf16>
  return %1 : tensor<1x2xf16>
}

// -----

// CHECK-LABEL: func @bf16_generic_nchw
// CHECK: arith.constant dense<{{\[}}{{\[}}{{\[}}[1.000000e+00, 2.000000e+00]]], {{\[}}{{\[}}[1.500000e+00, 2.000000e+00]]]]> : tensor<2x1x1x2xbf16>
func.func @bf16_generic_nchw(%x: tensor<1x1x1x2xbf16>) -> tensor<1x2x1x1xbf16> {
  %w = arith.constant dense<[[[[1.0, 2.0]]], [[[3.0, 4.0]]]]> : tensor<2x1x1x2xbf16>
  %m = arith.constant dense<0.0> : tensor<2xbf16>
  %v = arith.constant dense<[1.0, 4.0]> : tensor<2xbf16>
  %0 = nn.conv2d nchw %x, %w : (tensor<1x1x1x2xbf16>, tensor<2x1x1x2xbf16>) -> tensor<1x2x1x1xbf16>
  %1 = nn.batch_norm nchw %0, %m, %v {epsilon = 0.0 : f64} : (tensor<1x2x1x1xbf16>, tensor<2xbf16>, tensor<2xbf16>) -> tensor<1x2x1x1xbf16>
  return %1 : tensor<1x2x1x1xbf16>
}
