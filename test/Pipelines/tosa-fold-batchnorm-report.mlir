// RUN: bnfold-opt --tosa-fold-batchnorm=report --split-input-file -verify-diagnostics %s | FileCheck %s

// With `report`, every elementwise step says which layer it folded into or
// why not, every TOSA op that stays TOSA why, and each function counts.

// expected-remark @below {{folded 0 of 0 batch_norm ops}}
// expected-remark @below {{folded 2 of 2 per-channel elementwise ops}}
func.func @folded(%x: tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32> {
  %w = "tosa.const"() <{values = dense<1.0> : tensor<2x1x1x2xf32>}> : () -> tensor<2x1x1x2xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<2xf32>}> : () -> tensor<2xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %c = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x2x2x2xf32>, tensor<2x1x1x2xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x2x2xf32>
  %s = "tosa.const"() <{values = dense<[[[[2.0, 3.0]]]]> : tensor<1x1x1x2xf32>}> : () -> tensor<1x1x1x2xf32>
  %shift = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  // expected-remark @below {{folded into 'nn.conv2d'}}
  %m = tosa.mul %c, %s, %shift : (tensor<1x2x2x2xf32>, tensor<1x1x1x2xf32>, tensor<1xi8>) -> tensor<1x2x2x2xf32>
  // expected-remark @below {{folded into 'nn.conv2d'}}
  %y = tosa.add %m, %s : (tensor<1x2x2x2xf32>, tensor<1x1x1x2xf32>) -> tensor<1x2x2x2xf32>
  return %y : tensor<1x2x2x2xf32>
}

// -----

// A scale that is a function argument would be folded at run time, which
// TOSA has no form for: the step stays, with the reason.
// CHECK-LABEL: func.func @no_fold_runtime_scale
// CHECK: tosa.conv2d
// CHECK: tosa.mul
// expected-remark @below {{folded 0 of 0 batch_norm ops}}
// expected-remark @below {{folded 0 of 1 per-channel elementwise ops}}
func.func @no_fold_runtime_scale(%x: tensor<1x2x2x2xf32>, %s: tensor<1x1x1x2xf32>) -> tensor<1x2x2x2xf32> {
  %w = "tosa.const"() <{values = dense<1.0> : tensor<2x1x1x2xf32>}> : () -> tensor<2x1x1x2xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<2xf32>}> : () -> tensor<2xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %c = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x2x2x2xf32>, tensor<2x1x1x2xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x2x2xf32>
  %shift = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  // expected-remark-re @below {{not folded: {{.*}}not a constant (a block argument)}}
  %y = tosa.mul %c, %s, %shift : (tensor<1x2x2x2xf32>, tensor<1x1x1x2xf32>, tensor<1xi8>) -> tensor<1x2x2x2xf32>
  return %y : tensor<1x2x2x2xf32>
}

// -----

// A layer the raising keeps: the add after it reads no nn layer, so it is
// no step of the fold; the layer's remark says why it stayed.
// CHECK-LABEL: func.func @no_fold_kept_layer
// CHECK: tosa.conv2d {{.*}} {acc_type = f16,
// CHECK: tosa.add
// expected-remark @below {{folded 0 of 0 batch_norm ops}}
func.func @no_fold_kept_layer(%x: tensor<1x2x2x2xf16>) -> tensor<1x2x2x2xf16> {
  %w = "tosa.const"() <{values = dense<1.0> : tensor<2x1x1x2xf16>}> : () -> tensor<2x1x1x2xf16>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<2xf16>}> : () -> tensor<2xf16>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf16>}> : () -> tensor<1xf16>
  // expected-remark @below {{stays 'tosa.conv2d' because it accumulates in 'f16'; nn accumulates 'f16' in f32}}
  %c = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f16, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x2x2x2xf16>, tensor<2x1x1x2xf16>, tensor<2xf16>, tensor<1xf16>, tensor<1xf16>) -> tensor<1x2x2x2xf16>
  %t = "tosa.const"() <{values = dense<[[[[2.0, 3.0]]]]> : tensor<1x1x1x2xf16>}> : () -> tensor<1x1x1x2xf16>
  %y = tosa.add %c, %t : (tensor<1x2x2x2xf16>, tensor<1x1x1x2xf16>) -> tensor<1x2x2x2xf16>
  return %y : tensor<1x2x2x2xf16>
}
