// Folds of layers with zero-sized dims compute what the unfolded layers do:
// empty batches (of regular and transposed convolutions) and channel
// counts, and layers whose input is empty but whose output is not (no input
// channels, a padded empty spatial dim, an empty contraction), where the
// folded bias is the whole result. Each function holds several cases so
// that it compiles once.

// RUN: bnfold-opt --fold-batchnorm %s -o %t
// RUN: FileCheck %s --check-prefix=FOLDED --input-file=%t
// RUN: bnfold-run --compare --all-functions %s %t | FileCheck %s
// RUN: bnfold-run --compare %s %t --function=dynamic_batch --dynamic-size=0 | FileCheck %s --check-prefix=EMPTY

// FOLDED-NOT: nn.batch_norm
// CHECK-COUNT-3: compare: OK
// CHECK: compare all: OK, 3 functions
// EMPTY-COUNT-4: shape 0x{{.*}} OK
// EMPTY: compare: OK

func.func @static_shapes(%x0: tensor<1x4x4x3xf32>, %x1: tensor<0x2x4x4xf16>, %x2: tensor<1x4x4x4xf32>, %x3: tensor<1x4x4x2xbf16>, %x4: tensor<1x2x0x3xf64>, %x5: tensor<0x2x3xf32>)
    -> (tensor<1x4x4x0xf32>, tensor<0x2x4x4xf16>, tensor<1x0x2x2xf32>, tensor<1x2x2x0xbf16>, tensor<1x2x2x3xf64>, tensor<0x3x7xf32>) {
  // No output channels.
  %w0 = arith.constant dense<1.0> : tensor<1x1x3x0xf32>
  %m0 = arith.constant dense<0.0> : tensor<0xf32>
  %v0 = arith.constant dense<1.0> : tensor<0xf32>
  %c0 = nn.conv2d nhwc %x0, %w0 : (tensor<1x4x4x3xf32>, tensor<1x1x3x0xf32>) -> tensor<1x4x4x0xf32>
  %r0 = nn.batch_norm %c0, %m0, %v0 : (tensor<1x4x4x0xf32>, tensor<0xf32>, tensor<0xf32>) -> tensor<1x4x4x0xf32>
  // A padded empty batch.
  %w1 = arith.constant dense<0.5> : tensor<2x2x3x3xf16>
  %m1 = arith.constant dense<[0.25, -1.0]> : tensor<2xf16>
  %v1 = arith.constant dense<[1.0, 4.0]> : tensor<2xf16>
  %c1 = nn.conv2d nchw %x1, %w1 {padding = array<i64: 1, 1, 1, 1>} : (tensor<0x2x4x4xf16>, tensor<2x2x3x3xf16>) -> tensor<0x2x4x4xf16>
  %r1 = nn.batch_norm nchw %c1, %m1, %v1 : (tensor<0x2x4x4xf16>, tensor<2xf16>, tensor<2xf16>) -> tensor<0x2x4x4xf16>
  // Grouped, no output channels.
  %w2 = arith.constant dense<1.0> : tensor<0x2x3x3xf32>
  %c2 = nn.conv2d nchw %x2, %w2 {groups = 2} : (tensor<1x4x4x4xf32>, tensor<0x2x3x3xf32>) -> tensor<1x0x2x2xf32>
  %r2 = nn.batch_norm nchw %c2, %m0, %v0 : (tensor<1x0x2x2xf32>, tensor<0xf32>, tensor<0xf32>) -> tensor<1x0x2x2xf32>
  // Depthwise with multiplier 0.
  %w3 = arith.constant dense<1.0> : tensor<3x3x2x0xbf16>
  %m3 = arith.constant dense<0.0> : tensor<0xbf16>
  %v3 = arith.constant dense<1.0> : tensor<0xbf16>
  %c3 = nn.depthwise_conv2d nhwc %x3, %w3 : (tensor<1x4x4x2xbf16>, tensor<3x3x2x0xbf16>) -> tensor<1x2x2x0xbf16>
  %r3 = nn.batch_norm %c3, %m3, %v3 : (tensor<1x2x2x0xbf16>, tensor<0xbf16>, tensor<0xbf16>) -> tensor<1x2x2x0xbf16>
  // An empty spatial dim padded to 2 rows: the convolution sees only zeros.
  %w4 = arith.constant dense<0.75> : tensor<2x2x1x1xf64>
  %m4 = arith.constant dense<0.125> : tensor<2xf64>
  %v4 = arith.constant dense<0.5> : tensor<2xf64>
  %c4 = nn.conv2d nchw %x4, %w4 {padding = array<i64: 1, 1, 0, 0>} : (tensor<1x2x0x3xf64>, tensor<2x2x1x1xf64>) -> tensor<1x2x2x3xf64>
  %r4 = nn.batch_norm nchw %c4, %m4, %v4 : (tensor<1x2x2x3xf64>, tensor<2xf64>, tensor<2xf64>) -> tensor<1x2x2x3xf64>
  // A transposed convolution of an empty batch: strided, padded and with
  // output_padding.
  %w5 = arith.constant dense<0.5> : tensor<2x3x3xf32>
  %m5 = arith.constant dense<[0.25, -1.0, 2.0]> : tensor<3xf32>
  %v5 = arith.constant dense<[1.0, 4.0, 0.5]> : tensor<3xf32>
  %c5 = nn.conv_transpose1d ncw %x5, %w5 {strides = array<i64: 2>, padding = array<i64: 1, 0>, output_padding = array<i64: 1>} : (tensor<0x2x3xf32>, tensor<2x3x3xf32>) -> tensor<0x3x7xf32>
  %r5 = nn.batch_norm ncw %c5, %m5, %v5 : (tensor<0x3x7xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<0x3x7xf32>
  return %r0, %r1, %r2, %r3, %r4, %r5 : tensor<1x4x4x0xf32>, tensor<0x2x4x4xf16>, tensor<1x0x2x2xf32>, tensor<1x2x2x0xbf16>, tensor<1x2x2x3xf64>, tensor<0x3x7xf32>
}

// A dynamic batch, which the second run makes 0.
func.func @dynamic_batch(%x0: tensor<?x3x3x0xf32>, %x1: tensor<?x0xf32>, %x2: tensor<?x4x4x2xf32>, %x3: tensor<?x3x3x2xf32>) -> (tensor<?x3x3x2xf32>, tensor<?x3xf32>, tensor<?x4x4x4xf32>, tensor<?x6x6x3xf32>) {
  // No input channels: the result is (b - mean) * s + offset everywhere.
  %w0 = arith.constant dense<1.0> : tensor<1x1x0x2xf32>
  %b0 = arith.constant dense<[0.5, -1.5]> : tensor<2xf32>
  %m0 = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %v0 = arith.constant dense<[3.0, 15.0]> : tensor<2xf32>
  %g0 = arith.constant dense<[2.0, 8.0]> : tensor<2xf32>
  %o0 = arith.constant dense<[0.5, -1.0]> : tensor<2xf32>
  %c0 = nn.conv2d nhwc %x0, %w0, %b0 : (tensor<?x3x3x0xf32>, tensor<1x1x0x2xf32>, tensor<2xf32>) -> tensor<?x3x3x2xf32>
  %r0 = nn.batch_norm nhwc %c0, %m0, %v0 scale %g0 offset %o0 {epsilon = 1.0 : f64} : (tensor<?x3x3x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<?x3x3x2xf32>
  // An empty contraction.
  %w1 = arith.constant dense<> : tensor<0x3xf32>
  %m1 = arith.constant dense<[1.0, -1.0, 0.5]> : tensor<3xf32>
  %v1 = arith.constant dense<[1.0, 0.25, 4.0]> : tensor<3xf32>
  %c1 = nn.matmul %x1, %w1 : (tensor<?x0xf32>, tensor<0x3xf32>) -> tensor<?x3xf32>
  %r1 = nn.batch_norm %c1, %m1, %v1 {epsilon = 0.0 : f64} : (tensor<?x3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<?x3xf32>
  // Padded and grouped.
  %w2 = arith.constant dense<0.25> : tensor<3x3x1x4xf32>
  %m2 = arith.constant dense<[0.0, 1.0, 2.0, 3.0]> : tensor<4xf32>
  %v2 = arith.constant dense<[1.0, 2.0, 3.0, 4.0]> : tensor<4xf32>
  %c2 = nn.conv2d nhwc %x2, %w2 {groups = 2, padding = array<i64: 1, 1, 1, 1>} : (tensor<?x4x4x2xf32>, tensor<3x3x1x4xf32>) -> tensor<?x4x4x4xf32>
  %r2 = nn.batch_norm %c2, %m2, %v2 : (tensor<?x4x4x4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<?x4x4x4xf32>
  // Transposed, stride 2 (the zero interleave of a batch that may be 0).
  %w3 = arith.constant dense<0.125> : tensor<2x2x3x2xf32>
  %m3 = arith.constant dense<[0.5, 1.0, -2.0]> : tensor<3xf32>
  %v3 = arith.constant dense<[2.0, 0.25, 1.0]> : tensor<3xf32>
  %c3 = nn.conv_transpose2d nhwc %x3, %w3 {strides = array<i64: 2, 2>} : (tensor<?x3x3x2xf32>, tensor<2x2x3x2xf32>) -> tensor<?x6x6x3xf32>
  %r3 = nn.batch_norm nhwc %c3, %m3, %v3 : (tensor<?x6x6x3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<?x6x6x3xf32>
  return %r0, %r1, %r2, %r3 : tensor<?x3x3x2xf32>, tensor<?x3xf32>, tensor<?x4x4x4xf32>, tensor<?x6x6x3xf32>
}

// Parameters that are arguments: the fold emits bn_fold_weights /
// bn_fold_bias, which run on empty weights.
func.func @runtime_params_no_input_channels(%x: tensor<2x0xf32>, %m: tensor<3xf32>, %g: tensor<3xf32>) -> tensor<2x3xf32> {
  %w = arith.constant dense<> : tensor<0x3xf32>
  %v = arith.constant dense<[1.0, 0.25, 4.0]> : tensor<3xf32>
  %0 = nn.matmul %x, %w : (tensor<2x0xf32>, tensor<0x3xf32>) -> tensor<2x3xf32>
  %1 = nn.batch_norm %0, %m, %v scale %g : (tensor<2x3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  return %1 : tensor<2x3xf32>
}
