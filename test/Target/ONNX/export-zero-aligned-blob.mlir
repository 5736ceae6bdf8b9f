// A dense_resource blob whose alignment header is 0 makes MLIR 22.1.8's
// parser abort; --export-onnx reports it instead, and writes nothing.

// RUN: rm -f %t.onnx
// RUN: not bnfold-translate --export-onnx %s -o %t.onnx 2>&1 | FileCheck %s
// RUN: test ! -e %t.onnx
// CHECK: error: resource blob encodes alignment 0 in its first 4 bytes; expected a power of 2

func.func @main() -> tensor<1xf32> {
  %0 = arith.constant dense_resource<w> : tensor<1xf32>
  return %0 : tensor<1xf32>
}

{-#
  dialect_resources: {
    builtin: {
      w: "0x0000000000000000"
    }
  }
#-}
