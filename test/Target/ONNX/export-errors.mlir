// Ops and types without an ONNX form: a diagnostic at the op and no output.

// RUN: rm -f %t.onnx
// RUN: not bnfold-translate --export-onnx %s -o %t.onnx 2>&1 | FileCheck %s
// RUN: test ! -e %t.onnx
// CHECK: error: node "conv": cannot export 'nn.conv2d' in the nhwc layout to ONNX (ONNX Conv is NCHW)

func.func @main(%x: tensor<1x4x4x3xf32>, %w: tensor<1x1x3x2xf32>) -> tensor<1x4x4x2xf32> {
  %0 = nn.conv2d nhwc %x, %w : (tensor<1x4x4x3xf32>, tensor<1x1x3x2xf32>) -> tensor<1x4x4x2xf32> loc("conv")
  return %0 : tensor<1x4x4x2xf32>
}
