// RUN: bnfold-opt %s --fold-batchnorm=report -split-input-file -verify-diagnostics | FileCheck %s
// Execution check: the original and the folded functions compute the same
// results on pseudo-random inputs (the expected-* comments are only checked
// by the first RUN line).
// RUN: bnfold-opt %s --fold-batchnorm -o %t 2>/dev/null
// RUN: bnfold-run --compare --all-functions %s %t | FileCheck %s --check-prefix=EXEC
// EXEC-NOT: MISMATCH
// EXEC: compare all: OK

// The conv2d.mlir case in f16, bf16 and f64: the folded values are exact in
// every type. Weights are scaled in f64 and rounded once.

// CHECK-LABEL: func @conv2d_f16
// CHECK-DAG: arith.constant dense<{{\[\[\[\[}}1.000000e+00, 4.000000e+00], [3.000000e+00, 8.000000e+00]]]]> : tensor<1x1x2x2xf16>
// CHECK-DAG: arith.constant dense<[-5.000000e-01, -5.000000e+00]> : tensor<2xf16>
// CHECK-NOT: nn.batch_norm
// expected-remark@+1 {{folded 1 of 1 batch_norm ops}}
func.func @conv2d_f16(%x: tensor<1x4x4x2xf16>) -> tensor<1x4x4x2xf16> {
  %w = arith.constant dense<[[[[1.0, 2.0], [3.0, 4.0]]]]> : tensor<1x1x2x2xf16>
  %mean = arith.constant dense<[1.0, 2.0]> : tensor<2xf16>
  %var = arith.constant dense<[3.0, 15.0]> : tensor<2xf16>
  %scale = arith.constant dense<[2.0, 8.0]> : tensor<2xf16>
  %offset = arith.constant dense<[0.5, -1.0]> : tensor<2xf16>
  %y = nn.conv2d nhwc %x, %w : (tensor<1x4x4x2xf16>, tensor<1x1x2x2xf16>) -> tensor<1x4x4x2xf16>
  // expected-remark@+1 {{folded into 'nn.conv2d'}}
  %z = nn.batch_norm nhwc %y, %mean, %var scale %scale offset %offset {epsilon = 1.0 : f64}
      : (tensor<1x4x4x2xf16>, tensor<2xf16>, tensor<2xf16>, tensor<2xf16>, tensor<2xf16>) -> tensor<1x4x4x2xf16>
  return %z : tensor<1x4x4x2xf16>
}

// -----

// CHECK-LABEL: func @depthwise_bf16
// CHECK-DAG: arith.constant dense<{{\[\[\[\[}}1.000000e+00]]], {{\[\[\[}}4.000000e+00]]], {{\[\[\[}}1.500000e+00]]], {{\[\[\[}}1.600000e+01]]]]> : tensor<4x1x1x1xbf16>
// CHECK-DAG: arith.constant dense<[0.000000e+00, -2.000000e+00, -1.000000e+00, -1.200000e+01]> : tensor<4xbf16>
// expected-remark@+1 {{folded 1 of 1 batch_norm ops}}
func.func @depthwise_bf16(%x: tensor<?x2x3x3xbf16>) -> tensor<?x4x3x3xbf16> {
  %w = arith.constant dense<[[[[1.0]]], [[[2.0]]], [[[3.0]]], [[[4.0]]]]> : tensor<4x1x1x1xbf16>
  %mean = arith.constant dense<[0.0, 1.0, 2.0, 3.0]> : tensor<4xbf16>
  %var = arith.constant dense<[0.0, 3.0, 15.0, 0.0]> : tensor<4xbf16>
  %scale = arith.constant dense<[1.0, 4.0, 2.0, 4.0]> : tensor<4xbf16>
  %y = nn.depthwise_conv2d nchw %x, %w : (tensor<?x2x3x3xbf16>, tensor<4x1x1x1xbf16>) -> tensor<?x4x3x3xbf16>
  // expected-remark@+1 {{folded into 'nn.depthwise_conv2d'}}
  %z = nn.batch_norm nchw %y, %mean, %var scale %scale {epsilon = 1.0 : f64}
      : (tensor<?x4x3x3xbf16>, tensor<4xbf16>, tensor<4xbf16>, tensor<4xbf16>) -> tensor<?x4x3x3xbf16>
  return %z : tensor<?x4x3x3xbf16>
}

// -----

// CHECK-LABEL: func @matmul_f64
// CHECK-DAG: arith.constant dense<{{\[\[}}1.000000e+00, 4.000000e+00], [3.000000e+00, 8.000000e+00], [5.000000e+00, 1.200000e+01]]> : tensor<3x2xf64>
// CHECK-DAG: arith.constant dense<[-5.000000e-01, -5.000000e+00]> : tensor<2xf64>
// expected-remark@+1 {{folded 1 of 1 batch_norm ops}}
func.func @matmul_f64(%x: tensor<?x3xf64>) -> tensor<?x2xf64> {
  %w = arith.constant dense<[[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]> : tensor<3x2xf64>
  %mean = arith.constant dense<[1.0, 2.0]> : tensor<2xf64>
  %var = arith.constant dense<[3.0, 15.0]> : tensor<2xf64>
  %scale = arith.constant dense<[2.0, 8.0]> : tensor<2xf64>
  %offset = arith.constant dense<[0.5, -1.0]> : tensor<2xf64>
  %y = nn.matmul %x, %w : (tensor<?x3xf64>, tensor<3x2xf64>) -> tensor<?x2xf64>
  // expected-remark@+1 {{folded into 'nn.matmul'}}
  %z = nn.batch_norm %y, %mean, %var scale %scale offset %offset {epsilon = 1.0 : f64}
      : (tensor<?x2xf64>, tensor<2xf64>, tensor<2xf64>, tensor<2xf64>, tensor<2xf64>) -> tensor<?x2xf64>
  return %z : tensor<?x2xf64>
}

// -----

// 1 / sqrt(2 + 1) = 0.57735026918962573 in f64; the nearest f16 is
// 0.5771484375, printed as 5.771480e-01.
// CHECK-LABEL: func @round_once_f16
// CHECK-DAG: arith.constant dense<5.771480e-01> : tensor<1x1x1x2xf16>
// expected-remark@+1 {{folded 1 of 1 batch_norm ops}}
func.func @round_once_f16(%x: tensor<1x2x2x1xf16>) -> tensor<1x2x2x2xf16> {
  %w = arith.constant dense<1.0> : tensor<1x1x1x2xf16>
  %mean = arith.constant dense<0.0> : tensor<2xf16>
  %var = arith.constant dense<2.0> : tensor<2xf16>
  %y = nn.conv2d nhwc %x, %w : (tensor<1x2x2x1xf16>, tensor<1x1x1x2xf16>) -> tensor<1x2x2x2xf16>
  // expected-remark@+1 {{folded into 'nn.conv2d'}}
  %z = nn.batch_norm %y, %mean, %var {epsilon = 1.0 : f64}
      : (tensor<1x2x2x2xf16>, tensor<2xf16>, tensor<2xf16>) -> tensor<1x2x2x2xf16>
  return %z : tensor<1x2x2x2xf16>
}

// -----

// dense_resource weights: the folded weights stay a dense_resource blob (blobs
// are not uniqued in the context, so the unscaled ones can be freed). The
// blob holds f32 [1, 2, 3, 4] after its 4-byte alignment header; folded:
// [1, 4, 3, 8] = 0x3F800000 0x40800000 0x40400000 0x41000000 (little endian),
// in a blob aligned to 8 bytes.
// CHECK-LABEL: func @dense_resource_weights
// CHECK: %[[W:.*]] = arith.constant dense_resource<[[BLOB:weights_bnfolded_[0-9a-f]{16}]]> : tensor<1x1x2x2xf32>
// CHECK: nn.conv2d nhwc %arg0, %[[W]]
// CHECK: [[BLOB]]: "0x080000000000803F000080400000404000000041"
// expected-remark@+1 {{folded 1 of 1 batch_norm ops}}
func.func @dense_resource_weights(%x: tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32> {
  %w = arith.constant dense_resource<weights> : tensor<1x1x2x2xf32>
  %mean = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %var = arith.constant dense<[3.0, 15.0]> : tensor<2xf32>
  %scale = arith.constant dense<[2.0, 8.0]> : tensor<2xf32>
  %y = nn.conv2d nhwc %x, %w : (tensor<1x4x4x2xf32>, tensor<1x1x2x2xf32>) -> tensor<1x4x4x2xf32>
  // expected-remark@+1 {{folded into 'nn.conv2d'}}
  %z = nn.batch_norm nhwc %y, %mean, %var scale %scale {epsilon = 1.0 : f64}
      : (tensor<1x4x4x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x4x4x2xf32>
  return %z : tensor<1x4x4x2xf32>
}

{-#
  dialect_resources: {
    builtin: {
      weights: "0x040000000000803F000000400000404000008040"
    }
  }
#-}
