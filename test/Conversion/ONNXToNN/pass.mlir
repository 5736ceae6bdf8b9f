// RUN: bnfold-opt --convert-onnx-to-nn --split-input-file --verify-diagnostics %s | FileCheck %s

// The patterns are the model's opset's: without one there is nothing to
// raise by.
// expected-error @+1 {{convert-onnx-to-nn needs the model's opset: the module has no 'onnx.opset_import' entry for the default domain ('ai.onnx')}}
module {
func.func @no_opset(%x: tensor<2xf32>) -> tensor<2xf32> {
  %0 = nn.onnx_op "Relu"(%x) : (tensor<2xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}
}

// -----

// An opset before a pattern's first version gets no pattern: Add-7 is the
// first with numpy broadcasting, so Add at opset 6 stays.
// CHECK-LABEL: func.func @no_raise_add_opset6
// CHECK: nn.onnx_op "Add"
module attributes {onnx.opset_import = {ai.onnx = 6 : i64}} {
func.func @no_raise_add_opset6(%x: tensor<2xf32>) -> tensor<2xf32> {
  %0 = nn.onnx_op "Add"(%x, %x) : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}
}
