// A batched matmul exports as MatMul (+ Transpose of a transposed rhs, + Add
// of the bias), and imports back as the matmul with transpose_rhs and an
// nn.add of the bias; one with transpose_lhs has no ONNX form.

// RUN: bnfold-translate --export-onnx %s -o %t.onnx
// RUN: bnfold-translate --import-onnx %t.onnx | FileCheck %s
// CHECK-NOT: nn.onnx_op
// CHECK: %[[M:.*]] = nn.matmul %arg0, %arg1 {transpose_rhs} : (tensor<2x3x6xf32>, tensor<5x6xf32>) -> tensor<2x3x5xf32>
// CHECK-NEXT: nn.add %[[M]], %arg2 : (tensor<2x3x5xf32>, tensor<5xf32>) -> tensor<2x3x5xf32>
// CHECK-NOT: nn.onnx_op

// RUN: sed "s/{transpose_rhs}/{transpose_rhs, transpose_lhs}/; s/tensor<2x3x6xf32>/tensor<2x6x3xf32>/" %s > %t.bad.mlir
// RUN: not bnfold-translate --export-onnx %t.bad.mlir -o %t.bad.onnx 2>&1 | FileCheck %s --check-prefix=BAD
// RUN: test ! -e %t.bad.onnx
// BAD: error: node "mm": cannot export a batched 'nn.matmul' with transpose_lhs to ONNX

func.func @main(%x: tensor<2x3x6xf32>, %w: tensor<5x6xf32>, %b: tensor<5xf32>) -> tensor<2x3x5xf32> {
  %0 = nn.matmul %x, %w, %b {transpose_rhs} : (tensor<2x3x6xf32>, tensor<5x6xf32>, tensor<5xf32>) -> tensor<2x3x5xf32> loc("mm")
  return %0 : tensor<2x3x5xf32>
}
