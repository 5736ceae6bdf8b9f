// RUN: bnfold-opt --convert-tosa-to-nn --split-input-file %s | FileCheck %s

// TensorFlow's Dense: reshape [B, K] -> [1, B, K], tosa.matmul with a
// constant [1, K, N], reshape [1, B, N] -> [B, N]: one 2-D nn.matmul.
// CHECK-LABEL: func.func @dense
// CHECK-SAME: (%[[X:.*]]: tensor<?x3xf32>)
// CHECK: %[[W:.*]] = arith.constant dense<{{\[\[}}1.000000e+00, 2.000000e+00], [3.000000e+00, 4.000000e+00], [5.000000e+00, 6.000000e+00]]> : tensor<3x2xf32>
// CHECK: %[[Y:.*]] = nn.matmul %[[X]], %[[W]] : (tensor<?x3xf32>, tensor<3x2xf32>) -> tensor<?x2xf32>
// CHECK-NEXT: return %[[Y]]
func.func @dense(%x: tensor<?x3xf32>) -> tensor<?x2xf32> {
  %w = "tosa.const"() <{values = dense<[[[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]]> : tensor<1x3x2xf32>}> : () -> tensor<1x3x2xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %s0 = tosa.const_shape {values = dense<[1, -1, 3]> : tensor<3xindex>} : () -> !tosa.shape<3>
  %a = tosa.reshape %x, %s0 : (tensor<?x3xf32>, !tosa.shape<3>) -> tensor<1x?x3xf32>
  %p = tosa.matmul %a, %w, %zp, %zp : (tensor<1x?x3xf32>, tensor<1x3x2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x?x2xf32>
  %s1 = tosa.const_shape {values = dense<[-1, 2]> : tensor<2xindex>} : () -> !tosa.shape<2>
  %y = tosa.reshape %p, %s1 : (tensor<1x?x2xf32>, !tosa.shape<2>) -> tensor<?x2xf32>
  return %y : tensor<?x2xf32>
}

// -----

// torch-mlir's Linear: the [OUT, IN] weight transposed to [IN, OUT] and
// reshaped to [1, IN, OUT], evaluated.
// CHECK-LABEL: func.func @linear
// CHECK: %[[W:.*]] = arith.constant dense<{{\[\[}}1.000000e+00, 3.000000e+00], [2.000000e+00, 4.000000e+00]]> : tensor<2x2xf32>
// CHECK: nn.matmul %{{.*}}, %[[W]] : (tensor<4x2xf32>, tensor<2x2xf32>) -> tensor<4x2xf32>
func.func @linear(%x: tensor<4x2xf32>) -> tensor<4x2xf32> {
  %weight = "tosa.const"() <{values = dense<[[1.0, 2.0], [3.0, 4.0]]> : tensor<2x2xf32>}> : () -> tensor<2x2xf32>
  %wt = tosa.transpose %weight {perms = array<i32: 1, 0>} : (tensor<2x2xf32>) -> tensor<2x2xf32>
  %ws = tosa.const_shape {values = dense<[1, 2, 2]> : tensor<3xindex>} : () -> !tosa.shape<3>
  %w = tosa.reshape %wt, %ws : (tensor<2x2xf32>, !tosa.shape<3>) -> tensor<1x2x2xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %s0 = tosa.const_shape {values = dense<[1, 4, 2]> : tensor<3xindex>} : () -> !tosa.shape<3>
  %a = tosa.reshape %x, %s0 : (tensor<4x2xf32>, !tosa.shape<3>) -> tensor<1x4x2xf32>
  %p = tosa.matmul %a, %w, %zp, %zp : (tensor<1x4x2xf32>, tensor<1x2x2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x2xf32>
  %s1 = tosa.const_shape {values = dense<[4, 2]> : tensor<2xindex>} : () -> !tosa.shape<2>
  %y = tosa.reshape %p, %s1 : (tensor<1x4x2xf32>, !tosa.shape<2>) -> tensor<4x2xf32>
  return %y : tensor<4x2xf32>
}

// -----

// A batch-1 matmul without the Dense reshapes: nn.matmul with a 3-D lhs.
// CHECK-LABEL: func.func @batch_one
// CHECK-SAME: (%[[A:.*]]: tensor<1x5x3xf32>)
// CHECK: %[[W:.*]] = arith.constant dense<1.000000e+00> : tensor<3x2xf32>
// CHECK: nn.matmul %[[A]], %[[W]] : (tensor<1x5x3xf32>, tensor<3x2xf32>) -> tensor<1x5x2xf32>
func.func @batch_one(%a: tensor<1x5x3xf32>) -> tensor<1x5x2xf32> {
  %w = "tosa.const"() <{values = dense<1.0> : tensor<1x3x2xf32>}> : () -> tensor<1x3x2xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %p = tosa.matmul %a, %w, %zp, %zp : (tensor<1x5x3xf32>, tensor<1x3x2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x5x2xf32>
  return %p : tensor<1x5x2xf32>
}
