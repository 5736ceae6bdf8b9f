// RUN: bnfold-opt --convert-onnx-to-nn --split-input-file %s | FileCheck %s

// Reshape with a constant target shape and Flatten -> nn.reshape to the
// node's (inferred) result type; the target shape constant, now unused, is
// erased.
// CHECK-LABEL: func.func @reshape_flatten
// CHECK-NOT: arith.constant
// CHECK: %[[R:.*]] = nn.reshape %{{.*}} : (tensor<2x3x4xf32>) -> tensor<2x2x6xf32>
// CHECK: %[[F:.*]] = nn.reshape %[[R]] : (tensor<2x2x6xf32>) -> tensor<4x6xf32>
// CHECK: return %[[F]]
module attributes {onnx.opset_import = {ai.onnx = 13 : i64}} {
func.func @reshape_flatten(%x: tensor<2x3x4xf32>) -> tensor<4x6xf32> {
  %shape = arith.constant dense<[2, -1, 6]> : tensor<3xi64>
  %0 = nn.onnx_op "Reshape"(%x, %shape) : (tensor<2x3x4xf32>, tensor<3xi64>) -> tensor<2x2x6xf32>
  %1 = nn.onnx_op "Flatten"(%0) {onnx_attributes = {axis = 2 : i64}} : (tensor<2x2x6xf32>) -> tensor<4x6xf32>
  return %1 : tensor<4x6xf32>
}
}

// -----

// A shape constant another node still uses stays.
// CHECK-LABEL: func.func @reshape_shared_shape
// CHECK: %[[S:.*]] = arith.constant dense<[6, 4]> : tensor<2xi64>
// CHECK: nn.reshape
// CHECK: nn.onnx_op "Expand"(%{{.*}}, %[[S]])
module attributes {onnx.opset_import = {ai.onnx = 13 : i64}} {
func.func @reshape_shared_shape(%x: tensor<2x3x4xf32>, %v: tensor<4xf32>) -> (tensor<6x4xf32>, tensor<6x4xf32>) {
  %shape = arith.constant dense<[6, 4]> : tensor<2xi64>
  %0 = nn.onnx_op "Reshape"(%x, %shape) : (tensor<2x3x4xf32>, tensor<2xi64>) -> tensor<6x4xf32>
  %1 = nn.onnx_op "Expand"(%v, %shape) : (tensor<4xf32>, tensor<2xi64>) -> tensor<6x4xf32>
  return %0, %1 : tensor<6x4xf32>, tensor<6x4xf32>
}
}

// -----

// Reshape-14: allowzero = 0 is the Reshape of opset 13; allowzero = 1 (a 0
// in the target is a zero-sized dim) stays.
// CHECK-LABEL: func.func @reshape14
// CHECK: nn.reshape
// CHECK: nn.onnx_op "Reshape"
module attributes {onnx.opset_import = {ai.onnx = 14 : i64}} {
func.func @reshape14(%x: tensor<2x3x4xf32>) {
  %shape = arith.constant dense<[0, 12]> : tensor<2xi64>
  %0 = nn.onnx_op "Reshape"(%x, %shape) {onnx_attributes = {allowzero = 0 : i64}} : (tensor<2x3x4xf32>, tensor<2xi64>) -> tensor<2x12xf32>
  %1 = nn.onnx_op "Reshape"(%x, %shape) {onnx_attributes = {allowzero = 1 : i64}} : (tensor<2x3x4xf32>, tensor<2xi64>) -> tensor<0x12xf32>
  return
}
}

// -----

// allowzero is not in Reshape-5's schema: at opset 13 such a node stays.
// CHECK-LABEL: func.func @no_raise_reshape5_allowzero
// CHECK: nn.onnx_op "Reshape"
module attributes {onnx.opset_import = {ai.onnx = 13 : i64}} {
func.func @no_raise_reshape5_allowzero(%x: tensor<2x3x4xf32>) -> tensor<2x12xf32> {
  %shape = arith.constant dense<[0, 12]> : tensor<2xi64>
  %0 = nn.onnx_op "Reshape"(%x, %shape) {onnx_attributes = {allowzero = 0 : i64}} : (tensor<2x3x4xf32>, tensor<2xi64>) -> tensor<2x12xf32>
  return %0 : tensor<2x12xf32>
}
}

// -----

// What stays: a target shape that is not a constant (a graph input, or
// computed in the graph), an unranked result, a Flatten whose result is
// unranked, int tensors, a target shape that does not give the result type
// (nn.reshape would take the type's word for it).
// CHECK-LABEL: func.func @no_raise_reshape
// CHECK-COUNT-4: nn.onnx_op "Reshape"
// CHECK: nn.onnx_op "Flatten"
// CHECK-COUNT-3: nn.onnx_op "Reshape"
// CHECK-NOT: nn.reshape
module attributes {onnx.opset_import = {ai.onnx = 13 : i64}} {
func.func @no_raise_reshape(%x: tensor<2x3x4xf32>, %s: tensor<2xi64>, %i: tensor<2x3x4xi32>) {
  %0 = nn.onnx_op "Reshape"(%x, %s) : (tensor<2x3x4xf32>, tensor<2xi64>) -> tensor<6x4xf32>
  %shape = nn.onnx_op "Shape"(%x) : (tensor<2x3x4xf32>) -> tensor<3xi64>
  %1 = nn.onnx_op "Reshape"(%x, %shape) : (tensor<2x3x4xf32>, tensor<3xi64>) -> tensor<2x3x4xf32>
  %c = arith.constant dense<[6, 4]> : tensor<2xi64>
  %2 = nn.onnx_op "Reshape"(%x, %c) : (tensor<2x3x4xf32>, tensor<2xi64>) -> tensor<*xf32>
  %3 = nn.onnx_op "Reshape"(%i, %c) : (tensor<2x3x4xi32>, tensor<2xi64>) -> tensor<6x4xi32>
  %4 = nn.onnx_op "Flatten"(%x) : (tensor<2x3x4xf32>) -> tensor<*xf32>
  %5 = nn.onnx_op "Reshape"(%x, %c) : (tensor<2x3x4xf32>, tensor<2xi64>) -> tensor<4x6xf32>
  %z = arith.constant dense<[0, 12]> : tensor<2xi64>
  %6 = nn.onnx_op "Reshape"(%x, %z) : (tensor<2x3x4xf32>, tensor<2xi64>) -> tensor<3x8xf32>
  %c3 = arith.constant dense<[2, 3, 4]> : tensor<3xi64>
  %7 = nn.onnx_op "Reshape"(%x, %c3) : (tensor<2x3x4xf32>, tensor<3xi64>) -> tensor<6x4xf32>
  return
}
}
