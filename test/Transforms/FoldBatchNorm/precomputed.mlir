// RUN: bnfold-opt %s --fold-batchnorm -split-input-file | FileCheck %s
// RUN: bnfold-opt %s --fold-batchnorm -o %t
// RUN: bnfold-run --compare %s %t --all-functions | FileCheck %s --check-prefix=SAME

// The pass scales the weights of all layers of a function in parallel
// before its patterns run (PrecomputedScaling); a fold finds its result by
// the exact weights, multiplier and channel dims.
// SAME: compare: OK

// Two layers sharing weights, with batch norms of equal parameters: one
// computation, one folded constant used by both.
// CHECK-LABEL: func @shared_weights_same_multiplier
// CHECK: %[[W:.*]] = arith.constant dense<{{\[}}[1.000000e+00, 4.000000e+00], [2.000000e+00, 8.000000e+00]]> : tensor<2x2xf32>
// CHECK-NOT: arith.constant dense<{{\[}}[1.0
// CHECK: nn.matmul %arg0, %[[W]]
// CHECK: nn.matmul %arg1, %[[W]]
func.func @shared_weights_same_multiplier(%x: tensor<1x2xf32>, %y: tensor<1x2xf32>) -> (tensor<1x2xf32>, tensor<1x2xf32>) {
  %w = arith.constant dense<[[1.0, 1.0], [2.0, 2.0]]> : tensor<2x2xf32>
  %m = arith.constant dense<0.0> : tensor<2xf32>
  %v = arith.constant dense<[1.0, 0.0625]> : tensor<2xf32>
  %a = nn.matmul %x, %w : (tensor<1x2xf32>, tensor<2x2xf32>) -> tensor<1x2xf32>
  %b = nn.matmul %y, %w : (tensor<1x2xf32>, tensor<2x2xf32>) -> tensor<1x2xf32>
  %c = nn.batch_norm %a, %m, %v {epsilon = 0.0 : f64} : (tensor<1x2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2xf32>
  %d = nn.batch_norm %b, %m, %v {epsilon = 0.0 : f64} : (tensor<1x2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2xf32>
  return %c, %d : tensor<1x2xf32>, tensor<1x2xf32>
}

// -----

// Shared weights, multipliers 0.0 and -0.0: equal as numbers, but they
// scale to +0 and -0, so they must not share a result.
// CHECK-LABEL: func @shared_weights_signed_zero_multiplier
// CHECK-DAG: %[[POS:.*]] = arith.constant dense<0.000000e+00> : tensor<2x2xf32>
// CHECK-DAG: %[[NEG:.*]] = arith.constant dense<-0.000000e+00> : tensor<2x2xf32>
// CHECK: nn.matmul %arg0, %[[POS]]
// CHECK: nn.matmul %arg1, %[[NEG]]
func.func @shared_weights_signed_zero_multiplier(%x: tensor<1x2xf32>, %y: tensor<1x2xf32>) -> (tensor<1x2xf32>, tensor<1x2xf32>) {
  %w = arith.constant dense<[[1.0, 1.0], [2.0, 2.0]]> : tensor<2x2xf32>
  %m = arith.constant dense<0.0> : tensor<2xf32>
  %v = arith.constant dense<1.0> : tensor<2xf32>
  %s0 = arith.constant dense<0.0> : tensor<2xf32>
  %s1 = arith.constant dense<-0.0> : tensor<2xf32>
  %a = nn.matmul %x, %w : (tensor<1x2xf32>, tensor<2x2xf32>) -> tensor<1x2xf32>
  %b = nn.matmul %y, %w : (tensor<1x2xf32>, tensor<2x2xf32>) -> tensor<1x2xf32>
  %c = nn.batch_norm %a, %m, %v scale %s0 : (tensor<1x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2xf32>
  %d = nn.batch_norm %b, %m, %v scale %s1 : (tensor<1x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2xf32>
  return %c, %d : tensor<1x2xf32>, tensor<1x2xf32>
}

// -----

// A layer that will not fold (its result has a second user) is scaled
// ahead of time only if whyNotFoldable allows it: the batch_norm stays.
// CHECK-LABEL: func @refused_layer_is_not_scaled
// CHECK: nn.batch_norm
func.func @refused_layer_is_not_scaled(%x: tensor<1x2xf32>) -> (tensor<1x2xf32>, tensor<1x2xf32>) {
  %w = arith.constant dense<[[1.0, 1.0], [2.0, 2.0]]> : tensor<2x2xf32>
  %m = arith.constant dense<0.0> : tensor<2xf32>
  %v = arith.constant dense<1.0> : tensor<2xf32>
  %a = nn.matmul %x, %w : (tensor<1x2xf32>, tensor<2x2xf32>) -> tensor<1x2xf32>
  %c = nn.batch_norm %a, %m, %v : (tensor<1x2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2xf32>
  return %a, %c : tensor<1x2xf32>, tensor<1x2xf32>
}

// -----

// dense_resource weights shared by two layers with different batch norms:
// two folded blobs, each named after the source and a hash of its
// multiplier (not in the order they were made: see determinism.test).
// CHECK-LABEL: func @shared_resource_weights_named_in_order
// CHECK-DAG: %[[TIMES1:.*]] = arith.constant dense_resource<[[ONE:w_bnfolded_[0-9a-f]{16}]]> : tensor<2x2xf32>
// CHECK-DAG: %[[TIMES2:.*]] = arith.constant dense_resource<[[TWO:w_bnfolded_[0-9a-f]{16}]]> : tensor<2x2xf32>
// CHECK: nn.matmul %arg0, %[[TIMES2]]
// CHECK: nn.matmul %arg1, %[[TIMES1]]
// CHECK-DAG: [[ONE]]: "0x080000000000803F0000803F0000803F000080BF"
// CHECK-DAG: [[TWO]]: "0x08000000000000400000004000000040000000C0"
func.func @shared_resource_weights_named_in_order(%x: tensor<1x2xf32>, %y: tensor<1x2xf32>) -> (tensor<1x2xf32>, tensor<1x2xf32>) {
  %w = arith.constant dense_resource<w> : tensor<2x2xf32>
  %m = arith.constant dense<0.0> : tensor<2xf32>
  %v1 = arith.constant dense<0.25> : tensor<2xf32>
  %v2 = arith.constant dense<1.0> : tensor<2xf32>
  %a = nn.matmul %x, %w : (tensor<1x2xf32>, tensor<2x2xf32>) -> tensor<1x2xf32>
  %b = nn.matmul %y, %w : (tensor<1x2xf32>, tensor<2x2xf32>) -> tensor<1x2xf32>
  %c = nn.batch_norm %a, %m, %v1 {epsilon = 0.0 : f64} : (tensor<1x2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2xf32>
  %d = nn.batch_norm %b, %m, %v2 {epsilon = 0.0 : f64} : (tensor<1x2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2xf32>
  return %c, %d : tensor<1x2xf32>, tensor<1x2xf32>
}

{-#
  dialect_resources: {
    builtin: {
      w: "0x040000000000803F0000803F0000803F000080BF"
    }
  }
#-}
