// RUN: bnfold-opt --convert-onnx-to-nn --split-input-file %s | FileCheck %s

// BatchNormalization-9 (opsets 9 to 13): inference form on a 4-D input ->
// nn.batch_norm nchw, epsilon widened to f64, momentum dropped.
// CHECK-LABEL: func.func @bn9_nchw
// CHECK-SAME: (%[[X:.*]]: tensor<2x3x4x4xf32>, %[[S:.*]]: tensor<3xf32>, %[[B:.*]]: tensor<3xf32>, %[[M:.*]]: tensor<3xf32>, %[[V:.*]]: tensor<3xf32>)
// CHECK: %[[Y:.*]] = nn.batch_norm nchw %[[X]], %[[M]], %[[V]] scale %[[S]] offset %[[B]] {epsilon = 0.0010000000474974513 : f64} : (tensor<2x3x4x4xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<2x3x4x4xf32>
// CHECK: return %[[Y]]
module attributes {onnx.opset_import = {ai.onnx = 13 : i64}} {
func.func @bn9_nchw(%x: tensor<2x3x4x4xf32>, %s: tensor<3xf32>, %b: tensor<3xf32>, %m: tensor<3xf32>, %v: tensor<3xf32>) -> tensor<2x3x4x4xf32> {
  %y = nn.onnx_op "BatchNormalization"(%x, %s, %b, %m, %v) {onnx_attributes = {epsilon = 1.000000e-03 : f32, momentum = 0.899999976 : f32}} : (tensor<2x3x4x4xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<2x3x4x4xf32> loc("bn")
  return %y : tensor<2x3x4x4xf32>
}
}

// -----

// Any other rank normalizes dim 1 (axis = 1); epsilon defaults to 1e-5.
// CHECK-LABEL: func.func @bn9_2d
// CHECK: nn.batch_norm %{{.*}}, %{{.*}}, %{{.*}} scale %{{.*}} offset %{{.*}} {axis = 1 : i64, epsilon = 9.9999997473787516E-6 : f64} : (tensor<?x5xf32>,
module attributes {onnx.opset_import = {ai.onnx = 11 : i64}} {
func.func @bn9_2d(%x: tensor<?x5xf32>, %p: tensor<5xf32>) -> tensor<?x5xf32> {
  %y = nn.onnx_op "BatchNormalization"(%x, %p, %p, %p, %p) : (tensor<?x5xf32>, tensor<5xf32>, tensor<5xf32>, tensor<5xf32>, tensor<5xf32>) -> tensor<?x5xf32>
  return %y : tensor<?x5xf32>
}
}

// -----

// BatchNormalization-14 and -15 (opsets 14 on): training_mode = 0 is the
// inference form.
// CHECK-LABEL: func.func @bn15_inference
// CHECK: nn.batch_norm nchw
// CHECK-NOT: nn.onnx_op
module attributes {onnx.opset_import = {ai.onnx = 17 : i64}} {
func.func @bn15_inference(%x: tensor<1x2x3x3xf16>, %p: tensor<2xf16>) -> tensor<1x2x3x3xf16> {
  %y = nn.onnx_op "BatchNormalization"(%x, %p, %p, %p, %p) {onnx_attributes = {training_mode = 0 : i64}} : (tensor<1x2x3x3xf16>, tensor<2xf16>, tensor<2xf16>, tensor<2xf16>, tensor<2xf16>) -> tensor<1x2x3x3xf16>
  return %y : tensor<1x2x3x3xf16>
}
}

// -----

// The domain may be spelled "ai.onnx".
// CHECK-LABEL: func.func @bn_ai_onnx_domain
// CHECK: nn.batch_norm
module attributes {onnx.opset_import = {ai.onnx = 14 : i64}} {
func.func @bn_ai_onnx_domain(%x: tensor<1x2x3x3xf32>, %p: tensor<2xf32>) -> tensor<1x2x3x3xf32> {
  %y = nn.onnx_op "BatchNormalization"(%x, %p, %p, %p, %p) {domain = "ai.onnx"} : (tensor<1x2x3x3xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x3x3xf32>
  return %y : tensor<1x2x3x3xf32>
}
}

// -----

// Training forms stay: BatchNormalization-14's training_mode = 1, and the
// running-statistics outputs of any version.
// CHECK-LABEL: func.func @no_raise_bn14_training_mode
// CHECK: nn.onnx_op "BatchNormalization"
// CHECK-LABEL: func.func @no_raise_bn14_statistics_outputs
// CHECK: nn.onnx_op "BatchNormalization"
module attributes {onnx.opset_import = {ai.onnx = 15 : i64}} {
func.func @no_raise_bn14_training_mode(%x: tensor<1x2x3x3xf32>, %p: tensor<2xf32>) -> tensor<1x2x3x3xf32> {
  %y = nn.onnx_op "BatchNormalization"(%x, %p, %p, %p, %p) {onnx_attributes = {training_mode = 1 : i64}} : (tensor<1x2x3x3xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x3x3xf32>
  return %y : tensor<1x2x3x3xf32>
}
func.func @no_raise_bn14_statistics_outputs(%x: tensor<1x2x3x3xf32>, %p: tensor<2xf32>) -> tensor<1x2x3x3xf32> {
  %y:3 = nn.onnx_op "BatchNormalization"(%x, %p, %p, %p, %p) {onnx_attributes = {training_mode = 1 : i64}} : (tensor<1x2x3x3xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> (tensor<1x2x3x3xf32>, tensor<2xf32>, tensor<2xf32>)
  return %y#0 : tensor<1x2x3x3xf32>
}
}

// -----

// CHECK-LABEL: func.func @no_raise_bn9_statistics_outputs
// CHECK: nn.onnx_op "BatchNormalization"
module attributes {onnx.opset_import = {ai.onnx = 12 : i64}} {
func.func @no_raise_bn9_statistics_outputs(%x: tensor<1x2x3x3xf32>, %p: tensor<2xf32>) -> tensor<1x2x3x3xf32> {
  %y:5 = nn.onnx_op "BatchNormalization"(%x, %p, %p, %p, %p) : (tensor<1x2x3x3xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> (tensor<1x2x3x3xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>)
  return %y#0 : tensor<1x2x3x3xf32>
}
}

// -----

// training_mode is not in BatchNormalization-9's schema: at opset 13 a node
// that has it stays as it is.
// CHECK-LABEL: func.func @no_raise_bn9_unknown_attribute
// CHECK: nn.onnx_op "BatchNormalization"
module attributes {onnx.opset_import = {ai.onnx = 13 : i64}} {
func.func @no_raise_bn9_unknown_attribute(%x: tensor<1x2x3x3xf32>, %p: tensor<2xf32>) -> tensor<1x2x3x3xf32> {
  %y = nn.onnx_op "BatchNormalization"(%x, %p, %p, %p, %p) {onnx_attributes = {training_mode = 0 : i64}} : (tensor<1x2x3x3xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x3x3xf32>
  return %y : tensor<1x2x3x3xf32>
}
}

// -----

// Types nn.batch_norm cannot hold: unranked input, 1-D input, a result type
// other than the input's, a parameter that is not 1-D, parameters of another
// element type (BatchNormalization-15 allows that), an int tensor; and what
// its verifier refuses (a negative epsilon, parameters of the wrong length).
// CHECK-LABEL: func.func @no_raise_bn_types
// CHECK-COUNT-8: nn.onnx_op "BatchNormalization"
// CHECK-NOT: nn.batch_norm
module attributes {onnx.opset_import = {ai.onnx = 15 : i64}} {
func.func @no_raise_bn_types(%u: tensor<*xf32>, %x1: tensor<4xf32>, %x: tensor<1x2x3x3xf32>, %p: tensor<2xf32>, %p2: tensor<1x2xf32>, %h: tensor<2xf16>, %p3: tensor<3xf32>) {
  %0 = nn.onnx_op "BatchNormalization"(%u, %p, %p, %p, %p) : (tensor<*xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<*xf32>
  %1 = nn.onnx_op "BatchNormalization"(%x1, %p, %p, %p, %p) : (tensor<4xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<4xf32>
  %2 = nn.onnx_op "BatchNormalization"(%x, %p, %p, %p, %p) : (tensor<1x2x3x3xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<?x2x3x3xf32>
  %3 = nn.onnx_op "BatchNormalization"(%x, %p2, %p, %p, %p) : (tensor<1x2x3x3xf32>, tensor<1x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x3x3xf32>
  %4 = nn.onnx_op "BatchNormalization"(%x, %p, %p, %h, %h) : (tensor<1x2x3x3xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf16>, tensor<2xf16>) -> tensor<1x2x3x3xf32>
  %5 = nn.onnx_op "BatchNormalization"(%x, %p, %p, %p, %p) {onnx_attributes = {epsilon = -1.000000e+00 : f32}} : (tensor<1x2x3x3xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x3x3xf32>
  %6 = nn.onnx_op "BatchNormalization"(%x, %p3, %p3, %p3, %p3) : (tensor<1x2x3x3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<1x2x3x3xf32>
  %7 = nn.onnx_op "BatchNormalization"(%x, %p, %p, %p) : (tensor<1x2x3x3xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x3x3xf32>
  return
}
}

// -----

// A domain other than the default one is not ONNX's operator.
// CHECK-LABEL: func.func @no_raise_bn_other_domain
// CHECK: nn.onnx_op "BatchNormalization"
module attributes {onnx.opset_import = {ai.onnx = 13 : i64, "com.example" = 1 : i64}} {
func.func @no_raise_bn_other_domain(%x: tensor<1x2x3x3xf32>, %p: tensor<2xf32>) -> tensor<1x2x3x3xf32> {
  %y = nn.onnx_op "BatchNormalization"(%x, %p, %p, %p, %p) {domain = "com.example"} : (tensor<1x2x3x3xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x3x3xf32>
  return %y : tensor<1x2x3x3xf32>
}
}
