// RUN: bnfold-opt %s --fold-batchnorm=require-all -split-input-file -verify-diagnostics
// RUN: rm -f %t.out
// RUN: not bnfold-opt %s --fold-batchnorm=require-all -o %t.out 2>&1 | FileCheck %s --check-prefix=EXIT
// RUN: not test -e %t.out
// RUN: bnfold-opt %s --fold-batchnorm -o /dev/null

// With require-all, a batch norm left in place is an error with its
// reason, and the run fails (exit status 1, no output); without it, the
// same input folds what it can and succeeds.
// EXIT: error: not folded: its input comes from 'nn.relu'

// Everything folds: no error.
func.func @fold_all(%x: tensor<1x2x4x4xf32>) -> tensor<1x3x4x4xf32> {
  %w = arith.constant dense<0.5> : tensor<3x2x1x1xf32>
  %m = arith.constant dense<[1.0, 2.0, 3.0]> : tensor<3xf32>
  %v = arith.constant dense<[4.0, 1.0, 0.25]> : tensor<3xf32>
  %c = nn.conv2d nchw %x, %w : (tensor<1x2x4x4xf32>, tensor<3x2x1x1xf32>) -> tensor<1x3x4x4xf32>
  %y = nn.batch_norm nchw %c, %m, %v : (tensor<1x3x4x4xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<1x3x4x4xf32>
  return %y : tensor<1x3x4x4xf32>
}

// -----

func.func @no_fold_left(%x: tensor<1x3x4x4xf32>) -> tensor<1x3x4x4xf32> {
  %m = arith.constant dense<[1.0, 2.0, 3.0]> : tensor<3xf32>
  %v = arith.constant dense<[4.0, 1.0, 0.25]> : tensor<3xf32>
  %r = nn.relu %x : tensor<1x3x4x4xf32>
  // expected-error@+1 {{not folded: its input comes from 'nn.relu', which is not a convolution or matmul (nor an identity, bias_add, reshape or batch_to_space after one), and its user 'nn.relu' is not a layer (require-all)}}
  %y = nn.batch_norm nchw %r, %m, %v : (tensor<1x3x4x4xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<1x3x4x4xf32>
  %z = nn.relu %y : tensor<1x3x4x4xf32>
  return %z : tensor<1x3x4x4xf32>
}

// -----

// A batch norm erased as dead code is not left in place.
func.func @removed_is_not_left(%x: tensor<1x3x4x4xf32>) -> tensor<1x3x4x4xf32> {
  %m = arith.constant dense<1.0> : tensor<3xf32>
  %y = nn.batch_norm nchw %x, %m, %m : (tensor<1x3x4x4xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<1x3x4x4xf32>
  return %x : tensor<1x3x4x4xf32>
}
