// Hand-computed per-channel and elementwise ops.

// RUN: bnfold-run %s --function=batch_norm_nchw | FileCheck %s --check-prefix=BN
// RUN: bnfold-run %s --function=batch_norm_nhwc_bf16 | FileCheck %s --check-prefix=BN16
// RUN: bnfold-run %s --function=batch_norm_axis_defaults | FileCheck %s --check-prefix=BNAXIS
// RUN: bnfold-run %s --function=bias_add_relu_add | FileCheck %s --check-prefix=BRA
// RUN: bnfold-run %s --function=fold_weights | FileCheck %s --check-prefix=FW
// RUN: bnfold-run %s --function=fold_weights_two_dims | FileCheck %s --check-prefix=FW2
// RUN: bnfold-run %s --function=fold_bias | FileCheck %s --check-prefix=FB
// RUN: bnfold-run %s --function=fold_bias_defaults_f64 | FileCheck %s --check-prefix=FBD

// (x - mean) / sqrt(var + eps) * scale + offset with mean [1 2],
// var + eps = [4 16], scale [2 4], offset [10 20]:
// c0: x = 1, 2 -> 10, 11; c1: x = 3, 4 -> 21, 22.
// BN: values: [10, 11, 21, 22]
func.func @batch_norm_nchw() -> tensor<1x2x1x2xf32> {
  %x = arith.constant dense<[[[[1.0, 2.0]], [[3.0, 4.0]]]]> : tensor<1x2x1x2xf32>
  %mean = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %var = arith.constant dense<[3.0, 15.0]> : tensor<2xf32>
  %scale = arith.constant dense<[2.0, 4.0]> : tensor<2xf32>
  %offset = arith.constant dense<[10.0, 20.0]> : tensor<2xf32>
  %y = nn.batch_norm nchw %x, %mean, %var scale %scale offset %offset {epsilon = 1.0 : f64} : (tensor<1x2x1x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x1x2xf32>
  return %y : tensor<1x2x1x2xf32>
}
// Channels last in bf16 (every value exact): c0 as above, c1 has mean 0,
// var + eps = 1, scale 11, offset 0: x = 4, 5 -> 44, 55.
// BN16: values: [10, 44, 11, 55]
func.func @batch_norm_nhwc_bf16() -> tensor<1x1x2x2xbf16> {
  %x = arith.constant dense<[[[[1.0, 4.0], [2.0, 5.0]]]]> : tensor<1x1x2x2xbf16>
  %mean = arith.constant dense<[1.0, 0.0]> : tensor<2xbf16>
  %var = arith.constant dense<[3.0, 0.0]> : tensor<2xbf16>
  %scale = arith.constant dense<[2.0, 11.0]> : tensor<2xbf16>
  %offset = arith.constant dense<[10.0, 0.0]> : tensor<2xbf16>
  %y = nn.batch_norm nhwc %x, %mean, %var scale %scale offset %offset {epsilon = 1.0 : f64} : (tensor<1x1x2x2xbf16>, tensor<2xbf16>, tensor<2xbf16>, tensor<2xbf16>, tensor<2xbf16>) -> tensor<1x1x2x2xbf16>
  return %y : tensor<1x1x2x2xbf16>
}

// Rank 2, no layout: features are the last dim; no scale (1), no offset (0).
// (x - [0 1]) / sqrt([0 3] + 1) -> [[1, 0.5], [3, 1.5]]
// BNAXIS: values: [1, 0.5, 3, 1.5]
func.func @batch_norm_axis_defaults() -> tensor<2x2xf32> {
  %x = arith.constant dense<[[1.0, 2.0], [3.0, 4.0]]> : tensor<2x2xf32>
  %mean = arith.constant dense<[0.0, 1.0]> : tensor<2xf32>
  %var = arith.constant dense<[0.0, 3.0]> : tensor<2xf32>
  %y = nn.batch_norm %x, %mean, %var {epsilon = 1.0 : f64} : (tensor<2x2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<2x2xf32>
  return %y : tensor<2x2xf32>
}

// bias_add along axis 0, relu, add to itself, through identity:
// [[1 -2] [3 -4]] + [[-2] [1]] = [[-1 -4] [4 -3]] -> relu [[0 0] [4 0]] -> x2.
// BRA: values: [0, 0, 8, 0]
func.func @bias_add_relu_add() -> tensor<2x2xf32> {
  %x = arith.constant dense<[[1.0, -2.0], [3.0, -4.0]]> : tensor<2x2xf32>
  %b = arith.constant dense<[-2.0, 1.0]> : tensor<2xf32>
  %y = nn.bias_add %x, %b {axis = 0 : i64} : (tensor<2x2xf32>, tensor<2xf32>) -> tensor<2x2xf32>
  %r = nn.relu %y : tensor<2x2xf32>
  %i = nn.identity %r : tensor<2x2xf32>
  %s = nn.add %i, %r : tensor<2x2xf32>
  return %s : tensor<2x2xf32>
}

// w * scale / sqrt(var + eps) with factor [1 2] on dim 1.
// FW: values: [1, 4, 3, 8]
func.func @fold_weights() -> tensor<2x2xf32> {
  %w = arith.constant dense<[[1.0, 2.0], [3.0, 4.0]]> : tensor<2x2xf32>
  %v = arith.constant dense<[3.0, 15.0]> : tensor<2xf32>
  %scale = arith.constant dense<[2.0, 8.0]> : tensor<2xf32>
  // Nothing folds the op before the lowering: this runs the lowered form.
  %y = nn.bn_fold_weights %w, %v scale %scale {channel_dims = array<i64: 1>, epsilon = 1.0 : f64} : (tensor<2x2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<2x2xf32>
  return %y : tensor<2x2xf32>
}
// Two channel dims [C=2, M=2]: channel c * 2 + m gets factor [1 2 3 4].
// FW2: values: [1, 2, 3, 4]
func.func @fold_weights_two_dims() -> tensor<1x1x2x2xf32> {
  %w = arith.constant dense<1.0> : tensor<1x1x2x2xf32>
  %v = arith.constant dense<0.0> : tensor<4xf32>
  %scale = arith.constant dense<[1.0, 2.0, 3.0, 4.0]> : tensor<4xf32>
  %y = nn.bn_fold_weights %w, %v scale %scale {channel_dims = array<i64: 2, 3>, epsilon = 1.0 : f64} : (tensor<1x1x2x2xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x1x2x2xf32>
  return %y : tensor<1x1x2x2xf32>
}
// (bias - mean) * scale / sqrt(var + eps) + offset: (5 - 1) * 1 + 1, (6 - 2) * 2 + 1
// FB: values: [5, 9]
func.func @fold_bias() -> tensor<2xf32> {
  %mean = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %var = arith.constant dense<[3.0, 15.0]> : tensor<2xf32>
  %b = arith.constant dense<[5.0, 6.0]> : tensor<2xf32>
  %scale = arith.constant dense<[2.0, 8.0]> : tensor<2xf32>
  %offset = arith.constant dense<[1.0, 1.0]> : tensor<2xf32>
  %y = nn.bn_fold_bias %mean, %var bias %b scale %scale offset %offset {epsilon = 1.0 : f64} : (tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  return %y : tensor<2xf32>
}
// No bias, scale or offset: -mean / sqrt(var + eps) = [-4 / 2, 3 / 4].
// FBD: values: [-2, 0.75]
func.func @fold_bias_defaults_f64() -> tensor<2xf64> {
  %mean = arith.constant dense<[4.0, -3.0]> : tensor<2xf64>
  %var = arith.constant dense<[3.0, 15.0]> : tensor<2xf64>
  %y = nn.bn_fold_bias %mean, %var {epsilon = 1.0 : f64} : (tensor<2xf64>, tensor<2xf64>) -> tensor<2xf64>
  return %y : tensor<2xf64>
}
