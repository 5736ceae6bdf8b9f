// RUN: not bnfold-translate --export-onnx %s -o %t.onnx 2>&1 | FileCheck %s
// CHECK: error: node "b": cannot export 'nn.bias_add' to ONNX

func.func @main(%x: tensor<1x3xf32>, %b: tensor<3xf32>) -> tensor<1x3xf32> {
  %0 = nn.bias_add %x, %b : (tensor<1x3xf32>, tensor<3xf32>) -> tensor<1x3xf32> loc("b")
  return %0 : tensor<1x3xf32>
}
