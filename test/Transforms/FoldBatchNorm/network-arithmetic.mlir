// RUN: bnfold-opt %s --fold-batchnorm=report -split-input-file -verify-diagnostics | FileCheck %s
// Execution check: the original and the folded functions compute the same
// results on pseudo-random inputs (the expected-* comments are only checked
// by the first RUN line).
// RUN: bnfold-opt %s --fold-batchnorm -o %t 2>/dev/null
// RUN: bnfold-run --compare --all-functions %s %t | FileCheck %s --check-prefix=EXEC
// EXEC-NOT: MISMATCH
// EXEC: compare all: OK
// The unfolded network really divides by zero in the first case:
// RUN: bnfold-run %s --function=no_fold_f32_sum_rounds_to_zero | FileCheck %s --check-prefix=INF
// INF: values: [{{[-0-9.e]+}}, inf]

// A fold is legal when the batch norm, computed as the network computes it,
// divides by a positive sqrt(variance + epsilon) -- and the fold divides by
// the same number. nn.batch_norm computes in f32 for f16/bf16 elements and
// in the element type otherwise; epsilon is rounded to that type.

// variance[1] is -1e-5 as f32 (0xB727C5AC) and epsilon 1e-5 rounds to the
// same f32 magnitude: the f32 sum is exactly 0 and the network gives inf.
// In f64 the sum is 2.5e-13 > 0, and a fold would give finite values.
// CHECK-LABEL: func @no_fold_f32_sum_rounds_to_zero
// CHECK: nn.batch_norm
// expected-remark@+1 {{folded 0 of 1 batch_norm ops}}
func.func @no_fold_f32_sum_rounds_to_zero(%x: tensor<1x2xf32>) -> tensor<1x2xf32> {
  %w = arith.constant dense<[[1.0, 2.0], [3.0, 4.0]]> : tensor<2x2xf32>
  %m = arith.constant dense<0.0> : tensor<2xf32>
  %v = arith.constant dense<[1.0, 0xB727C5AC]> : tensor<2xf32>
  %y = nn.matmul %x, %w : (tensor<1x2xf32>, tensor<2x2xf32>) -> tensor<1x2xf32>
  // expected-remark@+1 {{not folded: variance[1] + epsilon = 0 is not positive}}
  %z = nn.batch_norm %y, %m, %v {epsilon = 1.0e-5 : f64} : (tensor<1x2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2xf32>
  return %z : tensor<1x2xf32>
}

// -----

// One f32 step above that: the network's sum is 2^-40 = 9.09e-13, the f64
// sum 1.16e-12. A fold dividing by the f64 sum would scale channel 1 by a
// factor 13% off the network's.
// CHECK-LABEL: func @no_fold_f32_sum_cancels
// CHECK: nn.batch_norm
// expected-remark@+1 {{folded 0 of 1 batch_norm ops}}
func.func @no_fold_f32_sum_cancels(%x: tensor<1x2xf32>) -> tensor<1x2xf32> {
  %w = arith.constant dense<[[1.0, 2.0], [3.0, 4.0]]> : tensor<2x2xf32>
  %m = arith.constant dense<0.0> : tensor<2xf32>
  %v = arith.constant dense<[1.0, 0xB727C5AB]> : tensor<2xf32>
  %y = nn.matmul %x, %w : (tensor<1x2xf32>, tensor<2x2xf32>) -> tensor<1x2xf32>
  // expected-remark@+1 {{not folded: variance[1] + epsilon = 9.094947e-13 in 'f32' (the batch norm's arithmetic) but 1.16211595e-12 in f64 (the fold's)}}
  %z = nn.batch_norm %y, %m, %v {epsilon = 1.0e-5 : f64} : (tensor<1x2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2xf32>
  return %z : tensor<1x2xf32>
}

// -----

// An epsilon below f32's smallest subnormal rounds to 0 in the network: a
// zero variance then divides by zero there.
// CHECK-LABEL: func @no_fold_epsilon_vanishes_in_f32
// CHECK: nn.batch_norm
// expected-remark@+1 {{folded 0 of 1 batch_norm ops}}
func.func @no_fold_epsilon_vanishes_in_f32(%x: tensor<1x2xf32>) -> tensor<1x2xf32> {
  %w = arith.constant dense<[[1.0, 2.0], [3.0, 4.0]]> : tensor<2x2xf32>
  %m = arith.constant dense<0.0> : tensor<2xf32>
  %v = arith.constant dense<[1.0, 0.0]> : tensor<2xf32>
  %y = nn.matmul %x, %w : (tensor<1x2xf32>, tensor<2x2xf32>) -> tensor<1x2xf32>
  // expected-remark@+1 {{not folded: variance[1] + epsilon = 0 is not positive}}
  %z = nn.batch_norm %y, %m, %v {epsilon = 1.0e-50 : f64} : (tensor<1x2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2xf32>
  return %z : tensor<1x2xf32>
}

// -----

// f64 batch norms compute in f64: the same epsilon is positive there.
// CHECK-LABEL: func @tiny_epsilon_f64
// CHECK-NOT: nn.batch_norm
// expected-remark@+1 {{folded 1 of 1 batch_norm ops}}
func.func @tiny_epsilon_f64(%x: tensor<1x2xf64>) -> tensor<1x2xf64> {
  %w = arith.constant dense<[[1.0e-30, 2.0e-30], [3.0e-30, 4.0e-30]]> : tensor<2x2xf64>
  %m = arith.constant dense<0.0> : tensor<2xf64>
  %v = arith.constant dense<[1.0, 0.0]> : tensor<2xf64>
  %y = nn.matmul %x, %w : (tensor<1x2xf64>, tensor<2x2xf64>) -> tensor<1x2xf64>
  // expected-remark@+1 {{folded into 'nn.matmul'}}
  %z = nn.batch_norm %y, %m, %v {epsilon = 1.0e-50 : f64} : (tensor<1x2xf64>, tensor<2xf64>, tensor<2xf64>) -> tensor<1x2xf64>
  return %z : tensor<1x2xf64>
}

// -----

// f16 batch norms compute in f32: epsilon 1 + 2^-12 is 1 in f16 but exact
// in f32, so variance -1 leaves 2^-12 and the multiplier is 64 -- the fold
// is legal and exact (weights times 64).
// CHECK-LABEL: func @f16_sum_in_f32
// CHECK-DAG: arith.constant dense<{{\[}}[1.600000e+01, 3.200000e+01], [4.800000e+01, 6.400000e+01]]> : tensor<2x2xf16>
// CHECK-NOT: nn.batch_norm
// expected-remark@+1 {{folded 1 of 1 batch_norm ops}}
func.func @f16_sum_in_f32(%x: tensor<1x2xf16>) -> tensor<1x2xf16> {
  %w = arith.constant dense<[[0.25, 0.5], [0.75, 1.0]]> : tensor<2x2xf16>
  %m = arith.constant dense<0.0> : tensor<2xf16>
  %v = arith.constant dense<-1.0> : tensor<2xf16>
  %y = nn.matmul %x, %w : (tensor<1x2xf16>, tensor<2x2xf16>) -> tensor<1x2xf16>
  // expected-remark@+1 {{folded into 'nn.matmul'}}
  %z = nn.batch_norm %y, %m, %v {epsilon = 1.000244140625 : f64} : (tensor<1x2xf16>, tensor<2xf16>, tensor<2xf16>) -> tensor<1x2xf16>
  return %z : tensor<1x2xf16>
}

// -----

// An epsilon beyond f32's range is inf in an f32 batch norm: the network
// divides by inf (every output is its offset), the fold would not.
// CHECK-LABEL: func @no_fold_sum_overflows_f32
// CHECK: nn.batch_norm
// expected-remark@+1 {{folded 0 of 1 batch_norm ops}}
func.func @no_fold_sum_overflows_f32(%x: tensor<1x2xf32>) -> tensor<1x2xf32> {
  %w = arith.constant dense<[[1.0, 2.0], [3.0, 4.0]]> : tensor<2x2xf32>
  %m = arith.constant dense<0.0> : tensor<2xf32>
  %v = arith.constant dense<1.0> : tensor<2xf32>
  %y = nn.matmul %x, %w : (tensor<1x2xf32>, tensor<2x2xf32>) -> tensor<1x2xf32>
  // expected-remark@+1 {{not folded: variance[0] + epsilon overflows to inf in 'f32', the batch norm's arithmetic}}
  %z = nn.batch_norm %y, %m, %v {epsilon = 1.0e39 : f64} : (tensor<1x2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2xf32>
  return %z : tensor<1x2xf32>
}
