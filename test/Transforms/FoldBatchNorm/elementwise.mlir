// RUN: bnfold-opt %s --fold-batchnorm=report -split-input-file -verify-diagnostics | FileCheck %s
// Execution check: the original and the folded functions compute the same
// results on pseudo-random inputs.
// RUN: bnfold-opt %s --fold-batchnorm -o %t 2>/dev/null
// RUN: bnfold-run --compare --all-functions %s %t | FileCheck %s --check-prefix=EXEC
// EXEC-NOT: MISMATCH
// EXEC: compare all: OK

// Batch norms written out as elementwise ops on per-channel operands, the
// forms TensorFlow, torch-mlir and ONNX exporters emit: each op folds into
// the layer on its own, in any order.

// The textbook form on NCHW, parameters shaped [C, 1, 1] and [1, C, 1, 1],
// sqrt(variance + epsilon) written out too (constants: it folds first).
// CHECK-LABEL: func @textbook_nchw
// CHECK-NOT:     nn.sub
// CHECK-NOT:     nn.div
// CHECK-NOT:     nn.mul
// CHECK-NOT:     nn.add
// CHECK:         %[[Y:.*]] = nn.conv2d nchw
// CHECK-NEXT:    return %[[Y]]
// expected-remark@+2 {{folded 0 of 0 batch_norm ops}}
// expected-remark@+1 {{folded 4 of 4 per-channel elementwise ops}}
func.func @textbook_nchw(%x: tensor<1x3x6x6xf32>) -> tensor<1x4x4x4xf32> {
  %w = arith.constant dense<[[[[0.5, -1.0, 0.25], [1.0, 0.5, -0.5], [0.125, 2.0, -1.5]], [[1.5, -0.5, 0.75], [-1.0, 0.25, 0.5], [0.5, -2.0, 1.0]], [[-0.25, 1.0, 0.5], [0.75, -0.75, 1.25], [1.0, 0.5, -1.0]]],
                             [[[1.0, 0.5, -0.5], [0.25, -1.0, 0.5], [-0.5, 1.5, 0.25]], [[0.5, 0.5, 1.0], [-1.5, 0.25, -0.25], [0.75, 1.0, -0.5]], [[0.25, -0.5, 1.5], [1.0, -1.0, 0.5], [-0.75, 0.5, 1.0]]],
                             [[[-1.0, 0.25, 0.5], [0.5, 1.0, -0.25], [1.5, -0.5, 0.75]], [[0.25, 1.25, -1.0], [0.5, -0.5, 1.0], [-1.0, 0.75, 0.25]], [[1.0, 0.5, 0.5], [-0.25, 1.5, -1.0], [0.5, 0.25, -0.5]]],
                             [[[0.75, -0.25, 1.0], [-0.5, 0.5, 1.5], [0.25, -1.0, 0.5]], [[1.0, -1.5, 0.25], [0.5, 1.0, -0.75], [0.25, 0.5, 1.0]], [[-0.5, 0.25, 1.0], [1.25, -0.5, 0.5], [0.75, 1.0, -0.25]]]]> : tensor<4x3x3x3xf32>
  %mean = arith.constant dense<[[[0.5]], [[-1.0]], [[2.0]], [[0.0]]]> : tensor<4x1x1xf32>
  %var = arith.constant dense<[[[1.5]], [[0.25]], [[4.0]], [[0.01]]]> : tensor<4x1x1xf32>
  %eps = arith.constant dense<1.0e-3> : tensor<f32>
  %gamma = arith.constant dense<[[[[2.0]], [[-0.5]], [[0.0]], [[1.25]]]]> : tensor<1x4x1x1xf32>
  %beta = arith.constant dense<[[[0.1]], [[0.2]], [[-0.3]], [[0.4]]]> : tensor<4x1x1xf32>
  %y = nn.conv2d nchw %x, %w : (tensor<1x3x6x6xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x4x4xf32>
  // expected-remark@+1 {{folded into 'nn.conv2d'}}
  %c = nn.sub %y, %mean : (tensor<1x4x4x4xf32>, tensor<4x1x1xf32>) -> tensor<1x4x4x4xf32>
  %ve = nn.add %var, %eps : (tensor<4x1x1xf32>, tensor<f32>) -> tensor<4x1x1xf32>
  %sd = nn.sqrt %ve : tensor<4x1x1xf32>
  // expected-remark@+1 {{folded into 'nn.conv2d'}}
  %n = nn.div %c, %sd : (tensor<1x4x4x4xf32>, tensor<4x1x1xf32>) -> tensor<1x4x4x4xf32>
  // expected-remark@+1 {{folded into 'nn.conv2d'}}
  %s = nn.mul %gamma, %n : (tensor<1x4x1x1xf32>, tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32>
  // expected-remark@+1 {{folded into 'nn.conv2d'}}
  %z = nn.add %s, %beta : (tensor<1x4x4x4xf32>, tensor<4x1x1xf32>) -> tensor<1x4x4x4xf32>
  return %z : tensor<1x4x4x4xf32>
}

// -----

// TensorFlow's unfused form on NHWC: x * (gamma * rsqrt(var + eps)) +
// (beta - mean * that), with [C] and [1, 1, 1, C] parameters, after a
// biased convolution; the multiplier computed by nn ops on constants.
// CHECK-LABEL: func @tensorflow_unfused_nhwc
// CHECK:         %[[Y:.*]] = nn.conv2d nhwc %{{.*}}, %{{.*}}, %{{.*}} {padding
// CHECK-NEXT:    return %[[Y]]
// expected-remark@+2 {{folded 0 of 0 batch_norm ops}}
// expected-remark@+1 {{folded 2 of 2 per-channel elementwise ops}}
func.func @tensorflow_unfused_nhwc(%x: tensor<2x5x5x2xf32>) -> tensor<2x5x5x3xf32> {
  %w = arith.constant dense<[[[[0.5, -1.0, 0.25], [1.0, 0.5, -0.5]], [[0.125, 2.0, -1.5], [1.5, -0.5, 0.75]]],
                             [[[-1.0, 0.25, 0.5], [0.5, -2.0, 1.0]], [[-0.25, 1.0, 0.5], [0.75, -0.75, 1.25]]]]> : tensor<2x2x2x3xf32>
  %b = arith.constant dense<[0.5, -0.25, 1.0]> : tensor<3xf32>
  %mean = arith.constant dense<[0.3, -0.7, 1.1]> : tensor<3xf32>
  %var = arith.constant dense<[0.9, 2.5, 0.04]> : tensor<3xf32>
  %eps = arith.constant dense<1.0e-3> : tensor<1xf32>
  %gamma = arith.constant dense<[1.5, -2.0, 0.75]> : tensor<3xf32>
  %beta = arith.constant dense<[[[[0.1, -0.2, 0.3]]]]> : tensor<1x1x1x3xf32>
  %ve = nn.add %var, %eps : (tensor<3xf32>, tensor<1xf32>) -> tensor<3xf32>
  %inv = nn.rsqrt %ve : tensor<3xf32>
  %m = nn.mul %gamma, %inv : tensor<3xf32>
  %mm = nn.mul %mean, %m : tensor<3xf32>
  %shape = nn.reshape %mm : (tensor<3xf32>) -> tensor<1x1x1x3xf32>
  %t = nn.sub %beta, %shape : tensor<1x1x1x3xf32>
  %y = nn.conv2d nhwc %x, %w, %b {padding = array<i64: 1, 0, 0, 1>} : (tensor<2x5x5x2xf32>, tensor<2x2x2x3xf32>, tensor<3xf32>) -> tensor<2x5x5x3xf32>
  // expected-remark@+1 {{folded into 'nn.conv2d'}}
  %s = nn.mul %y, %m : (tensor<2x5x5x3xf32>, tensor<3xf32>) -> tensor<2x5x5x3xf32>
  // expected-remark@+1 {{folded into 'nn.conv2d'}}
  %z = nn.add %t, %s : (tensor<1x1x1x3xf32>, tensor<2x5x5x3xf32>) -> tensor<2x5x5x3xf32>
  return %z : tensor<2x5x5x3xf32>
}

// -----

// Affine maps in other orders after a matmul (an ONNX Gemm): shift before
// scale, t - x, a scalar factor, and a divisor.
// CHECK-LABEL: func @affine_orders_matmul
// CHECK:         %[[Y:.*]] = nn.matmul
// CHECK-NEXT:    return %[[Y]]
// expected-remark@+2 {{folded 0 of 0 batch_norm ops}}
// expected-remark@+1 {{folded 4 of 4 per-channel elementwise ops}}
func.func @affine_orders_matmul(%x: tensor<3x4xf32>) -> tensor<3x2xf32> {
  %w = arith.constant dense<[[0.5, -1.0], [1.0, 0.25], [-0.75, 2.0], [1.5, 0.5]]> : tensor<4x2xf32>
  %t = arith.constant dense<[[0.5, -3.0]]> : tensor<1x2xf32>
  %two = arith.constant dense<-2.0> : tensor<f32>
  %u = arith.constant dense<[1.0, 4.0]> : tensor<2xf32>
  %d = arith.constant dense<[[3.0, -0.5]]> : tensor<1x2xf32>
  %y = nn.matmul %x, %w : (tensor<3x4xf32>, tensor<4x2xf32>) -> tensor<3x2xf32>
  // expected-remark@+1 {{folded into 'nn.matmul'}}
  %a = nn.add %y, %t : (tensor<3x2xf32>, tensor<1x2xf32>) -> tensor<3x2xf32>
  // expected-remark@+1 {{folded into 'nn.matmul'}}
  %b = nn.mul %two, %a : (tensor<f32>, tensor<3x2xf32>) -> tensor<3x2xf32>
  // expected-remark@+1 {{folded into 'nn.matmul'}}
  %c = nn.sub %u, %b : (tensor<2xf32>, tensor<3x2xf32>) -> tensor<3x2xf32>
  // expected-remark@+1 {{folded into 'nn.matmul'}}
  %e = nn.div %c, %d : (tensor<3x2xf32>, tensor<1x2xf32>) -> tensor<3x2xf32>
  return %e : tensor<3x2xf32>
}

// -----

// Grouped transposed, depthwise and 3-D convolutions and a batch norm in
// the middle of a chain: every layer's channel map applies.
// CHECK-LABEL: func @layer_kinds
// CHECK-NOT:     nn.mul
// CHECK-NOT:     nn.batch_norm
// CHECK-NOT:     nn.add
// CHECK:         return
// expected-remark@+2 {{folded 1 of 1 batch_norm ops}}
// expected-remark@+1 {{folded 4 of 4 per-channel elementwise ops}}
func.func @layer_kinds(%x: tensor<1x4x3x3xf32>, %v: tensor<1x3x3x2xf32>, %u: tensor<1x2x2x2x2xf32>)
    -> (tensor<1x4x4x4xf32>, tensor<1x3x3x4xf32>, tensor<1x2x2x2x2xf32>) {
  %wt = arith.constant dense<[[[[0.5, -1.0], [1.0, 0.25]], [[-0.75, 2.0], [1.5, 0.5]]],
                              [[[1.0, 0.5], [-0.5, 0.25]], [[0.5, -1.5], [0.75, 1.0]]],
                              [[[-0.25, 1.0], [0.5, 0.75]], [[1.25, -0.5], [0.5, 1.0]]],
                              [[[0.75, -0.25], [1.0, -0.5]], [[0.5, 1.5], [0.25, -1.0]]]]> : tensor<4x2x2x2xf32>
  %s4 = arith.constant dense<[[[[1.5]], [[-0.5]], [[2.0]], [[0.25]]]]> : tensor<1x4x1x1xf32>
  %t = nn.conv_transpose2d nchw %x, %wt {groups = 2 : i64} : (tensor<1x4x3x3xf32>, tensor<4x2x2x2xf32>) -> tensor<1x4x4x4xf32>
  // expected-remark@+1 {{folded into 'nn.conv_transpose2d'}}
  %t1 = nn.mul %t, %s4 : (tensor<1x4x4x4xf32>, tensor<1x4x1x1xf32>) -> tensor<1x4x4x4xf32>
  %wd = arith.constant dense<[[[[0.5, -1.0], [1.0, 0.25]]]]> : tensor<1x1x2x2xf32>
  %m = arith.constant dense<[0.5, -0.5, 1.0, 0.0]> : tensor<4xf32>
  %var = arith.constant dense<[1.0, 2.0, 0.5, 4.0]> : tensor<4xf32>
  %d = nn.depthwise_conv2d nhwc %v, %wd : (tensor<1x3x3x2xf32>, tensor<1x1x2x2xf32>) -> tensor<1x3x3x4xf32>
  // (Run-time parameters are covered by @runtime_parameters.)
  %d0 = arith.constant dense<[3.0, 1.0, -2.0, 0.5]> : tensor<4xf32>
  // expected-remark@+1 {{folded into 'nn.depthwise_conv2d'}}
  %d1 = nn.mul %d, %d0 : (tensor<1x3x3x4xf32>, tensor<4xf32>) -> tensor<1x3x3x4xf32>
  // expected-remark@+1 {{folded into 'nn.depthwise_conv2d'}}
  %d2 = nn.batch_norm nhwc %d1, %m, %var : (tensor<1x3x3x4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x3x3x4xf32>
  // expected-remark@+1 {{folded into 'nn.depthwise_conv2d'}}
  %d3 = nn.sub %d2, %m : (tensor<1x3x3x4xf32>, tensor<4xf32>) -> tensor<1x3x3x4xf32>
  %w3 = arith.constant dense<0.5> : tensor<1x1x1x2x2xf32>
  %c = nn.conv3d ndhwc %u, %w3 : (tensor<1x2x2x2x2xf32>, tensor<1x1x1x2x2xf32>) -> tensor<1x2x2x2x2xf32>
  %b3 = arith.constant dense<[[[[[0.25, -4.0]]]]]> : tensor<1x1x1x1x2xf32>
  // expected-remark@+1 {{folded into 'nn.conv3d'}}
  %c1 = nn.add %c, %b3 : (tensor<1x2x2x2x2xf32>, tensor<1x1x1x1x2xf32>) -> tensor<1x2x2x2x2xf32>
  return %t1, %d3, %c1 : tensor<1x4x4x4xf32>, tensor<1x3x3x4xf32>, tensor<1x2x2x2x2xf32>
}

// -----

// Run-time parameters (function arguments reshaped to [1, C, 1, 1]) fold
// symbolically, like nn.batch_norm's.
// CHECK-LABEL: func @runtime_parameters
// CHECK:         nn.bn_fold_bias
// CHECK:         nn.reciprocal
// CHECK:         nn.bn_fold_weights
// CHECK:         %[[Y:.*]] = nn.conv2d nchw
// CHECK-NEXT:    return %[[Y]]
// expected-remark@+2 {{folded 0 of 0 batch_norm ops}}
// expected-remark@+1 {{folded 2 of 2 per-channel elementwise ops}}
func.func @runtime_parameters(%x: tensor<1x2x3x3xf32>, %mean: tensor<2xf32>, %sd: tensor<2xf32>) -> tensor<1x2x3x3xf32> {
  %w = arith.constant dense<[[[[0.5]], [[-1.0]]], [[[1.5]], [[0.25]]]]> : tensor<2x2x1x1xf32>
  %m = nn.reshape %mean : (tensor<2xf32>) -> tensor<1x2x1x1xf32>
  %s = nn.reshape %sd : (tensor<2xf32>) -> tensor<1x2x1x1xf32>
  %y = nn.conv2d nchw %x, %w : (tensor<1x2x3x3xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x3x3xf32>
  // expected-remark@+1 {{folded into 'nn.conv2d'}}
  %c = nn.sub %y, %m : (tensor<1x2x3x3xf32>, tensor<1x2x1x1xf32>) -> tensor<1x2x3x3xf32>
  // expected-remark@+1 {{folded into 'nn.conv2d'}}
  %n = nn.div %c, %s : (tensor<1x2x3x3xf32>, tensor<1x2x1x1xf32>) -> tensor<1x2x3x3xf32>
  return %n : tensor<1x2x3x3xf32>
}

// -----

// Joins of two computed tensors are not batch norms and are not reported;
// neither is `d / x`.
// CHECK-LABEL: func @not_steps
// CHECK:         nn.add
// CHECK:         nn.div
// expected-remark@+1 {{folded 0 of 0 batch_norm ops}}
func.func @not_steps(%x: tensor<1x2x2x2xf32>) -> (tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>) {
  %w = arith.constant dense<[[[[0.5, -1.0], [1.0, 0.25]]]]> : tensor<1x1x2x2xf32>
  %y = nn.conv2d nhwc %x, %w : (tensor<1x2x2x2xf32>, tensor<1x1x2x2xf32>) -> tensor<1x2x2x2xf32>
  %r = nn.add %y, %x : tensor<1x2x2x2xf32>
  %y2 = nn.conv2d nhwc %x, %w : (tensor<1x2x2x2xf32>, tensor<1x1x2x2xf32>) -> tensor<1x2x2x2xf32>
  %d = arith.constant dense<[2.0, 4.0]> : tensor<2xf32>
  %q = nn.div %d, %y2 : (tensor<2xf32>, tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32>
  return %r, %q : tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>
}

// -----

// CHECK-LABEL: func @no_fold_spatially_varying
// CHECK:         nn.mul
// expected-remark@+2 {{folded 0 of 0 batch_norm ops}}
// expected-remark@+1 {{folded 0 of 1 per-channel elementwise ops}}
func.func @no_fold_spatially_varying(%x: tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32> {
  %w = arith.constant dense<[[[[0.5]], [[-1.0]]], [[[1.5]], [[0.25]]]]> : tensor<2x2x1x1xf32>
  %s = arith.constant dense<[[[[1.0, 2.0], [3.0, 4.0]], [[5.0, 6.0], [7.0, 8.0]]]]> : tensor<1x2x2x2xf32>
  %y = nn.conv2d nchw %x, %w : (tensor<1x2x2x2xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x2x2xf32>
  // expected-remark@+1 {{not folded: operand #1 of 'nn.mul' varies along dim 2, not only along the channels of 'nn.conv2d' (dim 1)}}
  %z = nn.mul %y, %s : tensor<1x2x2x2xf32>
  return %z : tensor<1x2x2x2xf32>
}

// -----

// A [C] vector aligns with the last dim: on NCHW that is the width.
// CHECK-LABEL: func @no_fold_wrong_dim
// CHECK:         nn.add
// expected-remark@+2 {{folded 0 of 0 batch_norm ops}}
// expected-remark@+1 {{folded 0 of 1 per-channel elementwise ops}}
func.func @no_fold_wrong_dim(%x: tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32> {
  %w = arith.constant dense<[[[[0.5]], [[-1.0]]], [[[1.5]], [[0.25]]]]> : tensor<2x2x1x1xf32>
  %t = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %y = nn.conv2d nchw %x, %w : (tensor<1x2x2x2xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x2x2xf32>
  // expected-remark@+1 {{not folded: operand #1 of 'nn.add' varies along dim 3, not only along the channels of 'nn.conv2d' (dim 1)}}
  %z = nn.add %y, %t : (tensor<1x2x2x2xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  return %z : tensor<1x2x2x2xf32>
}

// -----

// CHECK-LABEL: func @no_fold_zero_divisor
// CHECK:         nn.div
// expected-remark@+2 {{folded 0 of 0 batch_norm ops}}
// expected-remark@+1 {{folded 0 of 1 per-channel elementwise ops}}
func.func @no_fold_zero_divisor(%x: tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32> {
  %w = arith.constant dense<[[[[0.5, -1.0], [1.0, 0.25]]]]> : tensor<1x1x2x2xf32>
  %d = arith.constant dense<[2.0, 0.0]> : tensor<2xf32>
  %y = nn.conv2d nhwc %x, %w : (tensor<1x2x2x2xf32>, tensor<1x1x2x2xf32>) -> tensor<1x2x2x2xf32>
  // expected-remark@+1 {{not folded: the divisor, operand #1 of 'nn.div', is 0 in channel 1}}
  %z = nn.div %y, %d : (tensor<1x2x2x2xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  return %z : tensor<1x2x2x2xf32>
}

// -----

// CHECK-LABEL: func @no_fold_reciprocal_overflows
// CHECK:         nn.div
// expected-remark@+2 {{folded 0 of 0 batch_norm ops}}
// expected-remark@+1 {{folded 0 of 1 per-channel elementwise ops}}
func.func @no_fold_reciprocal_overflows(%x: tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32> {
  %w = arith.constant dense<[[[[0.5, -1.0], [1.0, 0.25]]]]> : tensor<1x1x2x2xf32>
  %d = arith.constant dense<[2.0, 1.0e-39]> : tensor<2xf32>
  %y = nn.conv2d nhwc %x, %w : (tensor<1x2x2x2xf32>, tensor<1x1x2x2xf32>) -> tensor<1x2x2x2xf32>
  // expected-remark@+1 {{not folded: 1 / operand #1 of 'nn.div' overflows to inf in channel 1}}
  %z = nn.div %y, %d : (tensor<1x2x2x2xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  return %z : tensor<1x2x2x2xf32>
}

// -----

// CHECK-LABEL: func @no_fold_infinite_factor
// CHECK:         nn.mul
// expected-remark@+2 {{folded 0 of 0 batch_norm ops}}
// expected-remark@+1 {{folded 0 of 1 per-channel elementwise ops}}
func.func @no_fold_infinite_factor(%x: tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32> {
  %w = arith.constant dense<[[[[0.5, -1.0], [1.0, 0.25]]]]> : tensor<1x1x2x2xf32>
  %s = arith.constant dense<[0x7F800000, 1.0]> : tensor<2xf32>
  %y = nn.conv2d nhwc %x, %w : (tensor<1x2x2x2xf32>, tensor<1x1x2x2xf32>) -> tensor<1x2x2x2xf32>
  // expected-remark@+1 {{not folded: operand #1 of 'nn.mul' is inf in channel 0}}
  %z = nn.mul %y, %s : (tensor<1x2x2x2xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  return %z : tensor<1x2x2x2xf32>
}

// -----

// CHECK-LABEL: func @no_fold_scaled_weight_overflows
// CHECK:         nn.mul
// expected-remark@+2 {{folded 0 of 0 batch_norm ops}}
// expected-remark@+1 {{folded 0 of 1 per-channel elementwise ops}}
func.func @no_fold_scaled_weight_overflows(%x: tensor<1x2x2x2xf16>) -> tensor<1x2x2x2xf16> {
  %w = arith.constant dense<[[[[500.0, -1.0], [1.0, 0.25]]]]> : tensor<1x1x2x2xf16>
  %s = arith.constant dense<[200.0, 1.0]> : tensor<2xf16>
  %y = nn.conv2d nhwc %x, %w : (tensor<1x2x2x2xf16>, tensor<1x1x2x2xf16>) -> tensor<1x2x2x2xf16>
  // expected-remark@+1 {{not folded: a scaled weight of channel 0 would be 100000, which overflows 'f16'}}
  %z = nn.mul %y, %s : (tensor<1x2x2x2xf16>, tensor<2xf16>) -> tensor<1x2x2x2xf16>
  return %z : tensor<1x2x2x2xf16>
}

// -----

// CHECK-LABEL: func @no_fold_runtime_factor_f16
// CHECK:         nn.mul
// expected-remark@+2 {{folded 0 of 0 batch_norm ops}}
// expected-remark@+1 {{folded 0 of 1 per-channel elementwise ops}}
func.func @no_fold_runtime_factor_f16(%x: tensor<1x2x2x2xf16>, %s: tensor<2xf16>) -> tensor<1x2x2x2xf16> {
  %w = arith.constant dense<[[[[0.5, -1.0], [1.0, 0.25]]]]> : tensor<1x1x2x2xf16>
  %y = nn.conv2d nhwc %x, %w : (tensor<1x2x2x2xf16>, tensor<1x1x2x2xf16>) -> tensor<1x2x2x2xf16>
  // expected-remark@+1 {{not folded: the folded weights would be computed at run time in 'f16' from a multiplier operand #1 of 'nn.mul' that is not a constant, and could overflow where 'nn.mul', computing in f32, does not}}
  %z = nn.mul %y, %s : (tensor<1x2x2x2xf16>, tensor<2xf16>) -> tensor<1x2x2x2xf16>
  return %z : tensor<1x2x2x2xf16>
}

// -----

// CHECK-LABEL: func @no_fold_layer_shared
// CHECK:         nn.mul
// expected-remark@+2 {{folded 0 of 0 batch_norm ops}}
// expected-remark@+1 {{folded 0 of 1 per-channel elementwise ops}}
func.func @no_fold_layer_shared(%x: tensor<1x2x2x2xf32>) -> (tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>) {
  %w = arith.constant dense<[[[[0.5, -1.0], [1.0, 0.25]]]]> : tensor<1x1x2x2xf32>
  %s = arith.constant dense<[3.0, 1.0]> : tensor<2xf32>
  %y = nn.conv2d nhwc %x, %w : (tensor<1x2x2x2xf32>, tensor<1x1x2x2xf32>) -> tensor<1x2x2x2xf32>
  // expected-remark@+1 {{not folded: the result of 'nn.conv2d' has another user}}
  %z = nn.mul %y, %s : (tensor<1x2x2x2xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  return %z, %y : tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>
}

// -----

// An operand that broadcasts the layer's result to a larger shape.
// CHECK-LABEL: func @no_fold_broadcasts_result
// CHECK:         nn.mul
// expected-remark@+2 {{folded 0 of 0 batch_norm ops}}
// expected-remark@+1 {{folded 0 of 1 per-channel elementwise ops}}
func.func @no_fold_broadcasts_result(%x: tensor<1x2xf32>) -> tensor<3x1x2xf32> {
  %w = arith.constant dense<[[0.5, -1.0], [1.0, 0.25]]> : tensor<2x2xf32>
  %s = arith.constant dense<[[[1.0, 2.0]], [[3.0, 4.0]], [[5.0, 6.0]]]> : tensor<3x1x2xf32>
  %y = nn.matmul %x, %w : (tensor<1x2xf32>, tensor<2x2xf32>) -> tensor<1x2xf32>
  // expected-remark@+1 {{not folded: operand #1 of 'nn.mul' broadcasts the result of 'nn.matmul' to 'tensor<3x1x2xf32>'}}
  %z = nn.mul %y, %s : (tensor<1x2xf32>, tensor<3x1x2xf32>) -> tensor<3x1x2xf32>
  return %z : tensor<3x1x2xf32>
}
