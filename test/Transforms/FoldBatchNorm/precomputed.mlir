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
