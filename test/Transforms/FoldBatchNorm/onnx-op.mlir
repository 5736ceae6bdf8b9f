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
  // expected-remark @below {{not folded: its input comes from 'nn.onnx_op', which is not a conv2d, depthwise_conv2d or matmul}}
  %1 = nn.batch_norm nchw %0, %m, %v : (tensor<1x4x4x4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x4x4xf32>
  return %1 : tensor<1x4x4x4xf32>
}
