// The fold treats nn.onnx_op as opaque: a batch_norm after one (DenseNet's
// Concat -> BatchNormalization -> Relu) stays, with the reason.

// RUN: bnfold-opt --fold-batchnorm=report %s -verify-diagnostics -split-input-file | FileCheck %s

// CHECK-LABEL: func.func @no_fold_after_onnx_op
// CHECK: nn.onnx_op "Concat"
// CHECK: nn.batch_norm
// expected-remark @below {{folded 0 of 1 batch_norm ops}}
func.func @no_fold_after_onnx_op(%a: tensor<1x2x4x4xf32>, %b: tensor<1x2x4x4xf32>) -> tensor<1x4x4x4xf32> {
  %m = arith.constant dense<0.5> : tensor<4xf32>
  %v = arith.constant dense<2.0> : tensor<4xf32>
  %0 = nn.onnx_op "Concat"(%a, %b) {onnx_attributes = {axis = 1 : i64}} : (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) -> tensor<1x4x4x4xf32>
  // expected-remark @below {{not folded: its input comes from 'nn.onnx_op', which is not a convolution or matmul}}
  %1 = nn.batch_norm nchw %0, %m, %v : (tensor<1x4x4x4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x4x4xf32>
  return %1 : tensor<1x4x4x4xf32>
}

// -----

// A re-identification "BNNeck" head as torch.onnx exports it: Conv -> Relu
// -> GlobalAveragePool -> Flatten -> BatchNormalization -> Gemm. The
// BatchNorm1d reads a pooling through the flatten, so it cannot fold
// backward; it folds forward into the classifier (this model used to crash
// the pass).
// CHECK-LABEL: func.func @bnneck
// CHECK: nn.onnx_op "GlobalAveragePool"
// CHECK: %[[F:.*]] = nn.reshape
// CHECK-NOT: nn.batch_norm
// CHECK: nn.matmul %[[F]]
// expected-remark @below {{folded 1 of 1 batch_norm ops}}
func.func @bnneck(%x: tensor<1x3x8x8xf32>) -> tensor<1x10xf32> {
  %w = arith.constant dense<0.125> : tensor<4x3x3x3xf32>
  %b = arith.constant dense<0.5> : tensor<4xf32>
  %m = arith.constant dense<0.5> : tensor<4xf32>
  %v = arith.constant dense<2.0> : tensor<4xf32>
  %fc = arith.constant dense<0.25> : tensor<10x4xf32>
  %c = nn.conv2d nchw %x, %w, %b {padding = array<i64: 1, 1, 1, 1>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<4xf32>) -> tensor<1x4x8x8xf32>
  %r = nn.relu %c : tensor<1x4x8x8xf32>
  %p = nn.onnx_op "GlobalAveragePool"(%r) : (tensor<1x4x8x8xf32>) -> tensor<1x4x1x1xf32>
  %f = nn.reshape %p : (tensor<1x4x1x1xf32>) -> tensor<1x4xf32>
  // expected-remark @below {{folded into 'nn.matmul'}}
  %n = nn.batch_norm %f, %m, %v : (tensor<1x4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4xf32>
  %y = nn.matmul %n, %fc {transpose_rhs} : (tensor<1x4xf32>, tensor<10x4xf32>) -> tensor<1x10xf32>
  return %y : tensor<1x10xf32>
}

// -----

// The same head returning the normalized feature too (the re-identification
// embedding): the batch norm has a user that is not a layer and stays.
// CHECK-LABEL: func.func @no_fold_bnneck_feature_returned
// CHECK: %[[N:.*]] = nn.batch_norm
// CHECK: nn.matmul %[[N]]
// expected-remark @below {{folded 0 of 1 batch_norm ops}}
func.func @no_fold_bnneck_feature_returned(%p: tensor<1x4x1x1xf32>) -> (tensor<1x4xf32>, tensor<1x10xf32>) {
  %m = arith.constant dense<0.5> : tensor<4xf32>
  %v = arith.constant dense<2.0> : tensor<4xf32>
  %fc = arith.constant dense<0.25> : tensor<10x4xf32>
  %g = nn.onnx_op "GlobalAveragePool"(%p) : (tensor<1x4x1x1xf32>) -> tensor<1x4x1x1xf32>
  %f = nn.reshape %g : (tensor<1x4x1x1xf32>) -> tensor<1x4xf32>
  // expected-remark @below {{not folded: its input comes from 'nn.onnx_op', which is not a convolution or matmul (nor an identity, bias_add, reshape or batch_to_space after one), and its user 'func.return' is not a layer}}
  %n = nn.batch_norm %f, %m, %v : (tensor<1x4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4xf32>
  %y = nn.matmul %n, %fc {transpose_rhs} : (tensor<1x4xf32>, tensor<10x4xf32>) -> tensor<1x10xf32>
  return %n, %y : tensor<1x4xf32>, tensor<1x10xf32>
}
