// RUN: bnfold-opt %s --fold-batchnorm=report -split-input-file -verify-diagnostics | FileCheck %s
// Execution check: the original and the folded functions compute the same
// results on pseudo-random inputs (the expected-* comments are only checked
// by the first RUN line).
// RUN: bnfold-opt %s --fold-batchnorm -o %t 2>/dev/null
// RUN: bnfold-run --compare --all-functions %s %t | FileCheck %s --check-prefix=EXEC
// EXEC-NOT: MISMATCH
// EXEC: compare all: OK

// Ops that may sit between a layer and its batch_norm. Multiplier [1, 2],
// bias -mean*[1, 2] + offset, as in conv2d.mlir.

// CHECK-LABEL: func @identity_between
// CHECK: %[[Y:.*]] = nn.conv2d nchw %arg0, %{{.*}}, %{{.*}}
// CHECK-NOT: nn.identity
// CHECK-NOT: nn.batch_norm
// CHECK: return %[[Y]]
// expected-remark@+1 {{folded 1 of 1 batch_norm ops}}
func.func @identity_between(%x: tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32> {
  %w = arith.constant dense<[[[[1.0]], [[2.0]]], [[[3.0]], [[4.0]]]]> : tensor<2x2x1x1xf32>
  %mean = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %var = arith.constant dense<[3.0, 15.0]> : tensor<2xf32>
  %y = nn.conv2d nchw %x, %w : (tensor<1x2x3x3xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x3x3xf32>
  %i = nn.identity %y : tensor<1x2x3x3xf32>
  // expected-remark@+1 {{folded into 'nn.conv2d'}}
  %z = nn.batch_norm nchw %i, %mean, %var {epsilon = 1.0 : f64}
      : (tensor<1x2x3x3xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x3x3xf32>
  return %z : tensor<1x2x3x3xf32>
}

// -----

// layer -> bias_add -> batch_norm: the bias_add [3, 1] becomes the layer's
// bias, then (3 - 1) * 1 + 0.5 = 2.5 and (1 - 2) * 2 - 1 = -3.
// CHECK-LABEL: func @bias_add_between
// CHECK-DAG: %[[B:.*]] = arith.constant dense<[2.500000e+00, -3.000000e+00]> : tensor<2xf32>
// CHECK: nn.conv2d nhwc %arg0, %{{.*}}, %[[B]]
// CHECK-NOT: nn.bias_add
// CHECK-NOT: nn.batch_norm
// expected-remark@+1 {{folded 1 of 1 batch_norm ops}}
func.func @bias_add_between(%x: tensor<1x3x3x2xf32>) -> tensor<1x3x3x2xf32> {
  %w = arith.constant dense<[[[[1.0, 2.0], [3.0, 4.0]]]]> : tensor<1x1x2x2xf32>
  %b = arith.constant dense<[3.0, 1.0]> : tensor<2xf32>
  %mean = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %var = arith.constant dense<[3.0, 15.0]> : tensor<2xf32>
  %scale = arith.constant dense<[2.0, 8.0]> : tensor<2xf32>
  %offset = arith.constant dense<[0.5, -1.0]> : tensor<2xf32>
  %y = nn.conv2d nhwc %x, %w : (tensor<1x3x3x2xf32>, tensor<1x1x2x2xf32>) -> tensor<1x3x3x2xf32>
  %yb = nn.bias_add nhwc %y, %b : (tensor<1x3x3x2xf32>, tensor<2xf32>) -> tensor<1x3x3x2xf32>
  // expected-remark@+1 {{folded into 'nn.conv2d'}}
  %z = nn.batch_norm nhwc %yb, %mean, %var scale %scale offset %offset {epsilon = 1.0 : f64}
      : (tensor<1x3x3x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x3x3x2xf32>
  return %z : tensor<1x3x3x2xf32>
}

// -----

// A layer that already has a bias [1, 0] plus a bias_add [2, 1]: the biases
// add up to [3, 1] before the batch norm folds.
// CHECK-LABEL: func @bias_add_after_biased_matmul
// CHECK-DAG: %[[B:.*]] = arith.constant dense<[2.500000e+00, -3.000000e+00]> : tensor<2xf32>
// CHECK: nn.matmul %arg0, %{{.*}}, %[[B]]
// CHECK-NOT: nn.add
// expected-remark@+1 {{folded 1 of 1 batch_norm ops}}
func.func @bias_add_after_biased_matmul(%x: tensor<?x3xf32>) -> tensor<?x2xf32> {
  %w = arith.constant dense<[[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]> : tensor<3x2xf32>
  %b0 = arith.constant dense<[1.0, 0.0]> : tensor<2xf32>
  %b1 = arith.constant dense<[2.0, 1.0]> : tensor<2xf32>
  %mean = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %var = arith.constant dense<[3.0, 15.0]> : tensor<2xf32>
  %scale = arith.constant dense<[2.0, 8.0]> : tensor<2xf32>
  %offset = arith.constant dense<[0.5, -1.0]> : tensor<2xf32>
  %y = nn.matmul %x, %w, %b0 : (tensor<?x3xf32>, tensor<3x2xf32>, tensor<2xf32>) -> tensor<?x2xf32>
  %yb = nn.bias_add %y, %b1 : (tensor<?x2xf32>, tensor<2xf32>) -> tensor<?x2xf32>
  // expected-remark@+1 {{folded into 'nn.matmul'}}
  %z = nn.batch_norm %yb, %mean, %var scale %scale offset %offset {epsilon = 1.0 : f64}
      : (tensor<?x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<?x2xf32>
  return %z : tensor<?x2xf32>
}

// -----

// TensorFlow's atrous convolution with rate 2 and SAME padding: the triple
// becomes one conv with dilation 2 and padding paddings - crops = 2, and the
// batch norm folds into it.
// CHECK-LABEL: func @atrous_nhwc
// CHECK-NOT: nn.space_to_batch
// CHECK: %[[Y:.*]] = nn.conv2d nhwc %arg0, %{{.*}}, %{{.*}} {dilations = array<i64: 2, 2>, padding = array<i64: 2, 2, 2, 2>} : (tensor<1x4x4x2xf32>, tensor<3x3x2x2xf32>, tensor<2xf32>) -> tensor<1x4x4x2xf32>
// CHECK-NOT: nn.batch_to_space
// CHECK-NOT: nn.batch_norm
// CHECK: return %[[Y]]
// expected-remark@+1 {{folded 1 of 1 batch_norm ops}}
func.func @atrous_nhwc(%x: tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32> {
  %w = arith.constant dense<0.5> : tensor<3x3x2x2xf32>
  %mean = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %var = arith.constant dense<[3.0, 15.0]> : tensor<2xf32>
  %s = nn.space_to_batch nhwc %x {block_shape = array<i64: 2, 2>, paddings = array<i64: 2, 2, 2, 2>}
      : (tensor<1x4x4x2xf32>) -> tensor<4x4x4x2xf32>
  %y = nn.conv2d nhwc %s, %w : (tensor<4x4x4x2xf32>, tensor<3x3x2x2xf32>) -> tensor<4x2x2x2xf32>
  %b = nn.batch_to_space nhwc %y {block_shape = array<i64: 2, 2>, crops = array<i64: 0, 0, 0, 0>}
      : (tensor<4x2x2x2xf32>) -> tensor<1x4x4x2xf32>
  // expected-remark@+1 {{folded into 'nn.conv2d'}}
  %z = nn.batch_norm nhwc %b, %mean, %var {epsilon = 1.0 : f64}
      : (tensor<1x4x4x2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x4x4x2xf32>
  return %z : tensor<1x4x4x2xf32>
}

// -----

// NCHW atrous with crops: padding = [3 - 1, 3 - 1, 2 - 0, 2 - 0].
// CHECK-LABEL: func @atrous_nchw_cropped
// CHECK: nn.depthwise_conv2d nchw %arg0, %{{.*}}, %{{.*}} {dilations = array<i64: 2, 2>, padding = array<i64: 2, 2, 2, 2>}
// CHECK-NOT: nn.batch_to_space
// CHECK-NOT: nn.batch_norm
// expected-remark@+1 {{folded 1 of 1 batch_norm ops}}
func.func @atrous_nchw_cropped(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %w = arith.constant dense<0.5> : tensor<2x1x3x3xf32>
  %mean = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %var = arith.constant dense<[3.0, 15.0]> : tensor<2xf32>
  %s = nn.space_to_batch nchw %x {block_shape = array<i64: 2, 2>, paddings = array<i64: 3, 3, 2, 2>}
      : (tensor<1x2x4x4xf32>) -> tensor<4x2x5x4xf32>
  %y = nn.depthwise_conv2d nchw %s, %w : (tensor<4x2x5x4xf32>, tensor<2x1x3x3xf32>) -> tensor<4x2x3x2xf32>
  %b = nn.batch_to_space nchw %y {block_shape = array<i64: 2, 2>, crops = array<i64: 1, 1, 0, 0>}
      : (tensor<4x2x3x2xf32>) -> tensor<1x2x4x4xf32>
  // expected-remark@+1 {{folded into 'nn.depthwise_conv2d'}}
  %z = nn.batch_norm nchw %b, %mean, %var {epsilon = 1.0 : f64}
      : (tensor<1x2x4x4xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  return %z : tensor<1x2x4x4xf32>
}

// -----

// The conv inside is padded, so the triple is not one dilated conv; the batch
// norm still folds through the batch_to_space.
// CHECK-LABEL: func @batch_to_space_kept
// CHECK: %[[S:.*]] = nn.space_to_batch nhwc %arg0
// CHECK: %[[Y:.*]] = nn.conv2d nhwc %[[S]], %{{.*}}, %{{.*}} {padding = array<i64: 1, 1, 1, 1>}
// CHECK: %[[B:.*]] = nn.batch_to_space nhwc %[[Y]]
// CHECK-NOT: nn.batch_norm
// CHECK: return %[[B]]
// expected-remark@+1 {{folded 1 of 1 batch_norm ops}}
func.func @batch_to_space_kept(%x: tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32> {
  %w = arith.constant dense<0.5> : tensor<3x3x2x2xf32>
  %mean = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %var = arith.constant dense<[3.0, 15.0]> : tensor<2xf32>
  %s = nn.space_to_batch nhwc %x {block_shape = array<i64: 2, 2>, paddings = array<i64: 0, 0, 0, 0>}
      : (tensor<1x4x4x2xf32>) -> tensor<4x2x2x2xf32>
  %y = nn.conv2d nhwc %s, %w {padding = array<i64: 1, 1, 1, 1>} : (tensor<4x2x2x2xf32>, tensor<3x3x2x2xf32>) -> tensor<4x2x2x2xf32>
  %b = nn.batch_to_space nhwc %y {block_shape = array<i64: 2, 2>, crops = array<i64: 0, 0, 0, 0>}
      : (tensor<4x2x2x2xf32>) -> tensor<1x4x4x2xf32>
  // expected-remark@+1 {{folded into 'nn.conv2d' through 'nn.batch_to_space'}}
  %z = nn.batch_norm nhwc %b, %mean, %var {epsilon = 1.0 : f64}
      : (tensor<1x4x4x2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x4x4x2xf32>
  return %z : tensor<1x4x4x2xf32>
}

// -----

// CHECK-LABEL: func @batch_to_space_kept_nchw
// CHECK: nn.batch_to_space nchw
// CHECK-NOT: nn.batch_norm
// expected-remark@+1 {{folded 1 of 1 batch_norm ops}}
func.func @batch_to_space_kept_nchw(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %w = arith.constant dense<0.5> : tensor<2x2x3x3xf32>
  %mean = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %var = arith.constant dense<[3.0, 15.0]> : tensor<2xf32>
  %s = nn.space_to_batch nchw %x {block_shape = array<i64: 2, 2>, paddings = array<i64: 0, 0, 0, 0>}
      : (tensor<1x2x4x4xf32>) -> tensor<4x2x2x2xf32>
  %y = nn.conv2d nchw %s, %w {padding = array<i64: 1, 1, 1, 1>} : (tensor<4x2x2x2xf32>, tensor<2x2x3x3xf32>) -> tensor<4x2x2x2xf32>
  %b = nn.batch_to_space nchw %y {block_shape = array<i64: 2, 2>, crops = array<i64: 0, 0, 0, 0>}
      : (tensor<4x2x2x2xf32>) -> tensor<1x2x4x4xf32>
  // expected-remark@+1 {{folded into 'nn.conv2d' through 'nn.batch_to_space'}}
  %z = nn.batch_norm nchw %b, %mean, %var {epsilon = 1.0 : f64}
      : (tensor<1x2x4x4xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  return %z : tensor<1x2x4x4xf32>
}

// -----

// The same two shapes in the other layout: NCHW bias_add, NHWC identity.
// Layer bias [3, 1] via bias_add -> [2.5, -3] as above.
// CHECK-LABEL: func @bias_add_between_nchw
// CHECK-DAG: %[[B:.*]] = arith.constant dense<[2.500000e+00, -3.000000e+00]> : tensor<2xf32>
// CHECK: nn.depthwise_conv2d nchw %arg0, %{{.*}}, %[[B]]
// CHECK-NOT: nn.bias_add
// CHECK-LABEL: func @identity_between_nhwc
// CHECK: %[[Y:.*]] = nn.conv2d nhwc
// CHECK-NOT: nn.identity
// CHECK: return %[[Y]]
// expected-remark@+1 {{folded 1 of 1 batch_norm ops}}
func.func @bias_add_between_nchw(%x: tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32> {
  %w = arith.constant dense<0.5> : tensor<2x1x1x1xf32>
  %b = arith.constant dense<[3.0, 1.0]> : tensor<2xf32>
  %mean = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %var = arith.constant dense<[3.0, 15.0]> : tensor<2xf32>
  %scale = arith.constant dense<[2.0, 8.0]> : tensor<2xf32>
  %offset = arith.constant dense<[0.5, -1.0]> : tensor<2xf32>
  %y = nn.depthwise_conv2d nchw %x, %w : (tensor<1x2x3x3xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x3x3xf32>
  %yb = nn.bias_add nchw %y, %b : (tensor<1x2x3x3xf32>, tensor<2xf32>) -> tensor<1x2x3x3xf32>
  // expected-remark@+1 {{folded into 'nn.depthwise_conv2d'}}
  %z = nn.batch_norm nchw %yb, %mean, %var scale %scale offset %offset {epsilon = 1.0 : f64}
      : (tensor<1x2x3x3xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x3x3xf32>
  return %z : tensor<1x2x3x3xf32>
}
// expected-remark@+1 {{folded 1 of 1 batch_norm ops}}
func.func @identity_between_nhwc(%x: tensor<1x3x3x2xf32>) -> tensor<1x3x3x2xf32> {
  %w = arith.constant dense<[[[[1.0, 2.0], [3.0, 4.0]]]]> : tensor<1x1x2x2xf32>
  %mean = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %var = arith.constant dense<[3.0, 15.0]> : tensor<2xf32>
  %y = nn.conv2d nhwc %x, %w : (tensor<1x3x3x2xf32>, tensor<1x1x2x2xf32>) -> tensor<1x3x3x2xf32>
  %i = nn.identity %y : tensor<1x3x3x2xf32>
  // expected-remark@+1 {{folded into 'nn.conv2d'}}
  %z = nn.batch_norm nhwc %i, %mean, %var {epsilon = 1.0 : f64}
      : (tensor<1x3x3x2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x3x3x2xf32>
  return %z : tensor<1x3x3x2xf32>
}

// -----

// matmul -> reshape -> reshape -> batch_norm: the two reshapes merge, then
// the batch norm folds through the one left (this chain used to crash the
// pass: a native constraint cast the inner reshape to a layer).
// CHECK-LABEL: func @matmul_reshape_reshape
// CHECK: %[[Y:.*]] = nn.matmul %arg0, %{{.*}}, %{{.*}}
// CHECK: %[[R:.*]] = nn.reshape %[[Y]] : (tensor<2x4xf32>) -> tensor<2x1x4xf32>
// CHECK-NOT: nn.batch_norm
// CHECK: return %[[R]]
// expected-remark@+1 {{folded 1 of 1 batch_norm ops}}
func.func @matmul_reshape_reshape(%x: tensor<2x3xf32>) -> tensor<2x1x4xf32> {
  %w = arith.constant dense<[[0.5, 1.0, -1.0, 2.0], [0.25, 0.5, 1.5, -2.0], [1.0, -1.0, 0.5, 0.75]]> : tensor<3x4xf32>
  %mean = arith.constant dense<[1.0, 2.0, -1.0, 0.5]> : tensor<4xf32>
  %var = arith.constant dense<[3.0, 15.0, 0.5, 1.0]> : tensor<4xf32>
  %y = nn.matmul %x, %w : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
  %r1 = nn.reshape %y : (tensor<2x4xf32>) -> tensor<2x4x1xf32>
  %r2 = nn.reshape %r1 : (tensor<2x4x1xf32>) -> tensor<2x1x4xf32>
  // expected-remark@+1 {{folded into 'nn.matmul' through 'nn.reshape'}}
  %z = nn.batch_norm %r2, %mean, %var : (tensor<2x1x4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<2x1x4xf32>
  return %z : tensor<2x1x4xf32>
}

// -----

// TensorFlow's Dense + BiasAdd written after the reshape: matmul -> reshape
// -> bias_add -> batch_norm. The bias_add [3, 1] becomes the matmul's bias
// through the reshape, then the batch norm folds through it: bias
// (3 - 1) * 1 + 0.5 = 2.5 and (1 - 2) * 2 - 1 = -3.
// CHECK-LABEL: func @matmul_reshape_bias_add
// CHECK-DAG: %[[B:.*]] = arith.constant dense<[2.500000e+00, -3.000000e+00]> : tensor<2xf32>
// CHECK: %[[Y:.*]] = nn.matmul %arg0, %{{.*}}, %[[B]]
// CHECK: %[[R:.*]] = nn.reshape %[[Y]] : (tensor<?x2xf32>) -> tensor<?x1x1x2xf32>
// CHECK-NOT: nn.bias_add
// CHECK-NOT: nn.batch_norm
// CHECK: return %[[R]]
// expected-remark@+1 {{folded 1 of 1 batch_norm ops}}
func.func @matmul_reshape_bias_add(%x: tensor<?x3xf32>) -> tensor<?x1x1x2xf32> {
  %w = arith.constant dense<[[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]> : tensor<3x2xf32>
  %b = arith.constant dense<[3.0, 1.0]> : tensor<2xf32>
  %mean = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %var = arith.constant dense<[3.0, 15.0]> : tensor<2xf32>
  %scale = arith.constant dense<[2.0, 8.0]> : tensor<2xf32>
  %offset = arith.constant dense<[0.5, -1.0]> : tensor<2xf32>
  %y = nn.matmul %x, %w : (tensor<?x3xf32>, tensor<3x2xf32>) -> tensor<?x2xf32>
  %r = nn.reshape %y : (tensor<?x2xf32>) -> tensor<?x1x1x2xf32>
  %rb = nn.bias_add nhwc %r, %b : (tensor<?x1x1x2xf32>, tensor<2xf32>) -> tensor<?x1x1x2xf32>
  // expected-remark@+1 {{folded into 'nn.matmul' through 'nn.reshape'}}
  %z = nn.batch_norm nhwc %rb, %mean, %var scale %scale offset %offset {epsilon = 1.0 : f64}
      : (tensor<?x1x1x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<?x1x1x2xf32>
  return %z : tensor<?x1x1x2xf32>
}

// -----

// The same with a matmul that has its own bias [1, 0] (the two add up to
// [3, 1], as above) and transposed weights.
// CHECK-LABEL: func @biased_matmul_reshape_bias_add
// CHECK-DAG: %[[B:.*]] = arith.constant dense<[2.500000e+00, -3.000000e+00]> : tensor<2xf32>
// CHECK: nn.matmul %arg0, %{{.*}}, %[[B]] {transpose_rhs}
// CHECK-NOT: nn.bias_add
// CHECK-NOT: nn.batch_norm
// expected-remark@+1 {{folded 1 of 1 batch_norm ops}}
func.func @biased_matmul_reshape_bias_add(%x: tensor<2x3xf32>) -> tensor<2x2x1xf32> {
  %w = arith.constant dense<[[1.0, 3.0, 5.0], [2.0, 4.0, 6.0]]> : tensor<2x3xf32>
  %b0 = arith.constant dense<[1.0, 0.0]> : tensor<2xf32>
  %b = arith.constant dense<[2.0, 1.0]> : tensor<2xf32>
  %mean = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %var = arith.constant dense<[3.0, 15.0]> : tensor<2xf32>
  %scale = arith.constant dense<[2.0, 8.0]> : tensor<2xf32>
  %offset = arith.constant dense<[0.5, -1.0]> : tensor<2xf32>
  %y = nn.matmul %x, %w, %b0 {transpose_rhs} : (tensor<2x3xf32>, tensor<2x3xf32>, tensor<2xf32>) -> tensor<2x2xf32>
  %r = nn.reshape %y : (tensor<2x2xf32>) -> tensor<2x2x1xf32>
  %rb = nn.bias_add %r, %b {axis = 1 : i64} : (tensor<2x2x1xf32>, tensor<2xf32>) -> tensor<2x2x1xf32>
  // expected-remark@+1 {{folded into 'nn.matmul' through 'nn.reshape'}}
  %z = nn.batch_norm %rb, %mean, %var scale %scale offset %offset {epsilon = 1.0 : f64, axis = 1 : i64}
      : (tensor<2x2x1xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<2x2x1xf32>
  return %z : tensor<2x2x1xf32>
}

// -----

// A layer whose own bias has a dynamic type (a run-time argument) followed
// by a static bias_add: the two are summed by a bias_add along dim 0, which
// lets the types differ, and the batch norm folds.
// CHECK-LABEL: func @dynamic_layer_bias_static_bias_add
// CHECK: %[[SUM:.*]] = nn.bias_add %arg1, %{{.*}} {axis = 0 : i64} : (tensor<?xf32>, tensor<2xf32>) -> tensor<?xf32>
// CHECK: nn.bn_fold_bias %{{.*}}, %{{.*}} bias %[[SUM]]
// CHECK: nn.conv2d nhwc %arg0
// CHECK-NOT: nn.batch_norm
// expected-remark@+1 {{folded 1 of 1 batch_norm ops}}
func.func @dynamic_layer_bias_static_bias_add(%x: tensor<1x3x3x2xf32>, %b0: tensor<?xf32>) -> tensor<1x3x3x2xf32> {
  %w = arith.constant dense<[[[[1.0, 2.0], [3.0, 4.0]]]]> : tensor<1x1x2x2xf32>
  %b = arith.constant dense<[3.0, 1.0]> : tensor<2xf32>
  %mean = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %var = arith.constant dense<[3.0, 15.0]> : tensor<2xf32>
  %y = nn.conv2d nhwc %x, %w, %b0 : (tensor<1x3x3x2xf32>, tensor<1x1x2x2xf32>, tensor<?xf32>) -> tensor<1x3x3x2xf32>
  %yb = nn.bias_add nhwc %y, %b : (tensor<1x3x3x2xf32>, tensor<2xf32>) -> tensor<1x3x3x2xf32>
  // expected-remark@+1 {{folded into 'nn.conv2d'}}
  %z = nn.batch_norm nhwc %yb, %mean, %var {epsilon = 1.0 : f64}
      : (tensor<1x3x3x2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x3x3x2xf32>
  return %z : tensor<1x3x3x2xf32>
}

// -----

// The other way round: a static layer bias and a dynamic bias_add bias.
// CHECK-LABEL: func @static_layer_bias_dynamic_bias_add
// CHECK: %[[SUM:.*]] = nn.bias_add %{{.*}}, %arg1 {axis = 0 : i64} : (tensor<2xf32>, tensor<?xf32>) -> tensor<2xf32>
// CHECK: nn.bn_fold_bias %{{.*}}, %{{.*}} bias %[[SUM]]
// CHECK-NOT: nn.batch_norm
// expected-remark@+1 {{folded 1 of 1 batch_norm ops}}
func.func @static_layer_bias_dynamic_bias_add(%x: tensor<2x3xf32>, %b: tensor<?xf32>) -> tensor<2x2xf32> {
  %w = arith.constant dense<[[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]> : tensor<3x2xf32>
  %b0 = arith.constant dense<[1.0, 0.0]> : tensor<2xf32>
  %mean = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %var = arith.constant dense<[3.0, 15.0]> : tensor<2xf32>
  %y = nn.matmul %x, %w, %b0 : (tensor<2x3xf32>, tensor<3x2xf32>, tensor<2xf32>) -> tensor<2x2xf32>
  %yb = nn.bias_add %y, %b : (tensor<2x2xf32>, tensor<?xf32>) -> tensor<2x2xf32>
  // expected-remark@+1 {{folded into 'nn.matmul'}}
  %z = nn.batch_norm %yb, %mean, %var {epsilon = 1.0 : f64}
      : (tensor<2x2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<2x2xf32>
  return %z : tensor<2x2xf32>
}

// -----

// conv -> batch_to_space -> bias_add -> batch_norm: the bias_add becomes the
// conv's bias through the batch_to_space, then the batch norm folds through
// it (found by the structural random networks: the bias_add used to stay
// and the report had no reason for the batch norm).
// CHECK-LABEL: func @batch_to_space_bias_add
// CHECK: %[[Y:.*]] = nn.depthwise_conv2d nchw %arg0, %{{.*}}, %{{.*}}
// CHECK: %[[B:.*]] = nn.batch_to_space nchw %[[Y]]
// CHECK-NOT: nn.bias_add
// CHECK-NOT: nn.batch_norm
// CHECK: return %[[B]]
// expected-remark@+1 {{folded 1 of 1 batch_norm ops}}
func.func @batch_to_space_bias_add(%x: tensor<4x2x2x2xf32>) -> tensor<1x2x4x3xf32> {
  %w = arith.constant dense<[[[[0.5]]], [[[-1.5]]]]> : tensor<2x1x1x1xf32>
  %b = arith.constant dense<[3.0, 1.0]> : tensor<2xf32>
  %mean = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %var = arith.constant dense<[3.0, 15.0]> : tensor<2xf32>
  %y = nn.depthwise_conv2d nchw %x, %w : (tensor<4x2x2x2xf32>, tensor<2x1x1x1xf32>) -> tensor<4x2x2x2xf32>
  %s = nn.batch_to_space nchw %y {block_shape = array<i64: 2, 2>, crops = array<i64: 0, 0, 1, 0>}
      : (tensor<4x2x2x2xf32>) -> tensor<1x2x4x3xf32>
  %sb = nn.bias_add nchw %s, %b : (tensor<1x2x4x3xf32>, tensor<2xf32>) -> tensor<1x2x4x3xf32>
  // expected-remark@+1 {{folded into 'nn.depthwise_conv2d' through 'nn.batch_to_space'}}
  %z = nn.batch_norm nchw %sb, %mean, %var {epsilon = 1.0 : f64}
      : (tensor<1x2x4x3xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x4x3xf32>
  return %z : tensor<1x2x4x3xf32>
}
