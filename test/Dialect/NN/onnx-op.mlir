// RUN: bnfold-opt %s -split-input-file -verify-diagnostics | FileCheck %s

// CHECK-LABEL: func.func @carried
// CHECK: nn.onnx_op "MaxPool"(%{{.*}}) {onnx_attributes = {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>}}
// CHECK: nn.onnx_op "Clip"(%{{.*}}, %{{.*}}) {absent_inputs = array<i64: 1>}
// CHECK: nn.onnx_op "Custom"(%{{.*}}) {domain = "com.example", onnx_attributes = {names = ["a", "b"], scale = 5.000000e-01 : f32, table = dense<[1, 2]> : tensor<2xi64>, weights = array<f32: 1.000000e+00>}}
// CHECK: nn.onnx_op "Dropout"(%{{.*}}) {absent_outputs = array<i64: 1>}
func.func @carried(%x: tensor<1x4x4x4xf32>, %hi: tensor<f32>) -> tensor<1x4x2x2xf32> {
  %0 = nn.onnx_op "MaxPool"(%x) {onnx_attributes = {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>}} : (tensor<1x4x4x4xf32>) -> tensor<1x4x2x2xf32>
  %1 = nn.onnx_op "Clip"(%0, %hi) {absent_inputs = array<i64: 1>} : (tensor<1x4x2x2xf32>, tensor<f32>) -> tensor<1x4x2x2xf32>
  %2 = nn.onnx_op "Custom"(%1) {domain = "com.example", onnx_attributes = {names = ["a", "b"], scale = 0.5 : f32, table = dense<[1, 2]> : tensor<2xi64>, weights = array<f32: 1.0>}} : (tensor<1x4x2x2xf32>) -> tensor<1x4x2x2xf32>
  %3 = nn.onnx_op "Dropout"(%2) {absent_outputs = array<i64: 1>} : (tensor<1x4x2x2xf32>) -> tensor<1x4x2x2xf32>
  return %3 : tensor<1x4x2x2xf32>
}

// -----

func.func @empty_type(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @below {{'op_type' must not be empty}}
  %0 = nn.onnx_op ""(%x) : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @i32_attribute(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @below {{attribute 'axis' is 1 : i32, which is no ONNX attribute form}}
  %0 = nn.onnx_op "Softmax"(%x) {onnx_attributes = {axis = 1 : i32}} : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @f64_attribute(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @below {{attribute 'alpha' is 2.000000e-01 : f64, which is no ONNX attribute form}}
  %0 = nn.onnx_op "HardSigmoid"(%x) {onnx_attributes = {alpha = 0.2 : f64}} : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @absent_out_of_range(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @below {{'absent_inputs' must be strictly increasing positions in [0, 2), got 2}}
  %0 = nn.onnx_op "Clip"(%x) {absent_inputs = array<i64: 2>} : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @absent_unsorted(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @below {{'absent_outputs' must be strictly increasing positions in [0, 3), got 0}}
  %0 = nn.onnx_op "Custom"(%x) {absent_outputs = array<i64: 1, 0>} : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}
