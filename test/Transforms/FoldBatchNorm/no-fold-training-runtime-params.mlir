// RUN: bnfold-opt %s --fold-batchnorm="report mode=training runtime-parameters=false" -verify-diagnostics | FileCheck %s

// With runtime-parameters=false (targets that cannot compute folded
// parameters at run time) a training batch norm stays: its correction is
// computed from batch statistics, always at run time.

// CHECK-LABEL: func @no_fold_training_runtime_parameters_off
// CHECK-NOT: nn.bn_fold_correction
// expected-remark@+1 {{folded 0 of 1 batch_norm ops}}
func.func @no_fold_training_runtime_parameters_off(%x: tensor<2x4xf32>) -> tensor<2x3xf32> {
  %w = arith.constant dense<0.5> : tensor<4x3xf32>
  %m = arith.constant dense<1.0> : tensor<3xf32>
  %y = nn.matmul %x, %w : (tensor<2x4xf32>, tensor<4x3xf32>) -> tensor<2x3xf32>
  // expected-remark@+1 {{not folded: its training fold computes the folded weights and the correction from batch statistics at run time, and runtime-parameters is off}}
  %o:5 = nn.batch_norm_training %y, %m, %m : (tensor<2x3xf32>, tensor<3xf32>, tensor<3xf32>) -> (tensor<2x3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>)
  return %o#0 : tensor<2x3xf32>
}
