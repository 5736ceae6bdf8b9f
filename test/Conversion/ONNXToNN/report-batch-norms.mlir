// RUN: bnfold-opt --convert-onnx-to-nn=report-batch-norms --split-input-file --verify-diagnostics %s | FileCheck %s

// With report-batch-norms, each BatchNormalization that stays nn.onnx_op
// gets a remark with the reason (bnfold-translate --fold-onnx's report
// accounts for every batch norm of a model); raised ones get none.
// CHECK-LABEL: func.func @report
// CHECK: nn.batch_norm
// CHECK-COUNT-4: nn.onnx_op "BatchNormalization"
module attributes {onnx.opset_import = {ai.onnx = 15 : i64}} {
func.func @report(%x: tensor<1x2x3x3xf32>, %p: tensor<2xf32>, %u: tensor<*xf32>, %p3: tensor<3xf32>) {
  %0 = nn.onnx_op "BatchNormalization"(%x, %p, %p, %p, %p) : (tensor<1x2x3x3xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x3x3xf32>
  // expected-remark @+1 {{not folded: imported as 'nn.onnx_op' because its input is not a ranked f16, bf16, f32 or f64 tensor of rank 2 or more}}
  %1 = nn.onnx_op "BatchNormalization"(%u, %p, %p, %p, %p) : (tensor<*xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<*xf32>
  // expected-remark @+1 {{not folded: imported as 'nn.onnx_op' because 'nn.batch_norm' op attribute 'epsilon' failed to satisfy constraint: 64-bit float attribute whose value is finite and >= 0}}
  %2 = nn.onnx_op "BatchNormalization"(%x, %p, %p, %p, %p) {onnx_attributes = {epsilon = -1.000000e+00 : f32}} : (tensor<1x2x3x3xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x3x3xf32>
  // expected-remark @+1 {{not folded: imported as 'nn.onnx_op' because its input 'scale' is not a 1-D f16, bf16, f32 or f64 tensor}}
  %3 = nn.onnx_op "BatchNormalization"(%x, %x, %p, %p, %p) : (tensor<1x2x3x3xf32>, tensor<1x2x3x3xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x3x3xf32>
  // expected-remark @+1 {{not folded: imported as 'nn.onnx_op' because its attribute 'spatial' is not in the schema of BatchNormalization at this opset}}
  %4 = nn.onnx_op "BatchNormalization"(%x, %p, %p, %p, %p) {onnx_attributes = {spatial = 1 : i64}} : (tensor<1x2x3x3xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x3x3xf32>
  return
}
}

// -----

// An attribute of the wrong ONNX type is a reason too.
module attributes {onnx.opset_import = {ai.onnx = 15 : i64}} {
func.func @report_attribute_type(%x: tensor<1x2x3x3xf32>, %p: tensor<2xf32>) {
  // expected-remark @+1 {{not folded: imported as 'nn.onnx_op' because its attribute 'epsilon' is not of the ONNX type FLOAT}}
  %0 = nn.onnx_op "BatchNormalization"(%x, %p, %p, %p, %p) {onnx_attributes = {epsilon = 1 : i64}} : (tensor<1x2x3x3xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x3x3xf32>
  return
}
}
