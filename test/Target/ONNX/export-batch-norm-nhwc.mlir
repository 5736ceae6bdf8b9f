// RUN: not bnfold-translate --export-onnx %s -o %t.onnx 2>&1 | FileCheck %s
// CHECK: error: node "bn": cannot export a batch_norm over dim 3 to ONNX (BatchNormalization normalizes dim 1)

func.func @main(%x: tensor<1x2x2x3xf32>, %m: tensor<3xf32>, %v: tensor<3xf32>) -> tensor<1x2x2x3xf32> {
  %0 = nn.batch_norm nhwc %x, %m, %v : (tensor<1x2x2x3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<1x2x2x3xf32> loc("bn")
  return %0 : tensor<1x2x2x3xf32>
}
