// RUN: bnfold-opt --convert-onnx-to-nn --split-input-file %s | FileCheck %s

// Gemm-11/13 with alpha = beta = 1 -> nn.matmul: transA / transB become the
// transpose flags, a C of shape [N] the bias.
// CHECK-LABEL: func.func @gemm
// CHECK-SAME: (%[[A:.*]]: tensor<2x6xf32>, %[[B:.*]]: tensor<5x6xf32>, %[[C:.*]]: tensor<5xf32>, %[[AT:.*]]: tensor<6x2xf32>)
// CHECK: %[[Y:.*]] = nn.matmul %[[A]], %[[B]], %[[C]] {transpose_rhs} : (tensor<2x6xf32>, tensor<5x6xf32>, tensor<5xf32>) -> tensor<2x5xf32>
// CHECK: nn.matmul %[[AT]], %[[B]] {transpose_lhs, transpose_rhs} : (tensor<6x2xf32>, tensor<5x6xf32>) -> tensor<2x5xf32>
module attributes {onnx.opset_import = {ai.onnx = 13 : i64}} {
func.func @gemm(%a: tensor<2x6xf32>, %b: tensor<5x6xf32>, %c: tensor<5xf32>, %at: tensor<6x2xf32>) {
  %0 = nn.onnx_op "Gemm"(%a, %b, %c) {onnx_attributes = {alpha = 1.000000e+00 : f32, beta = 1.000000e+00 : f32, transB = 1 : i64}} : (tensor<2x6xf32>, tensor<5x6xf32>, tensor<5xf32>) -> tensor<2x5xf32>
  %1 = nn.onnx_op "Gemm"(%at, %b) {onnx_attributes = {transA = 1 : i64, transB = 1 : i64}} : (tensor<6x2xf32>, tensor<5x6xf32>) -> tensor<2x5xf32>
  return
}
}

// -----

// A constant C of shape [1, N] is the same data as an [N] bias: it becomes a
// new constant of shape [N] (a dense_resource one shares the blob), and the
// [1, N] one, now unused, is erased.
// CHECK-LABEL: func.func @gemm_row_bias
// CHECK-NOT: tensor<1x3xf32>
// CHECK: %[[C:.*]] = arith.constant dense<[1.000000e+00, 2.000000e+00, 3.000000e+00]> : tensor<3xf32>
// CHECK: nn.matmul %{{.*}}, %{{.*}}, %[[C]] : (tensor<2x4xf32>, tensor<4x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
// CHECK: %[[R:.*]] = arith.constant dense_resource<row> : tensor<20xf32>
// CHECK: nn.matmul %{{.*}}, %{{.*}}, %[[R]] : (tensor<2x4xf32>, tensor<4x20xf32>, tensor<20xf32>) -> tensor<2x20xf32>
// CHECK-NOT: tensor<1x20xf32>
module attributes {onnx.opset_import = {ai.onnx = 13 : i64}} {
func.func @gemm_row_bias(%a: tensor<2x4xf32>, %b: tensor<4x3xf32>, %b20: tensor<4x20xf32>) {
  %c = arith.constant dense<[[1.0, 2.0, 3.0]]> : tensor<1x3xf32>
  %0 = nn.onnx_op "Gemm"(%a, %b, %c) : (tensor<2x4xf32>, tensor<4x3xf32>, tensor<1x3xf32>) -> tensor<2x3xf32>
  %r = arith.constant dense_resource<row> : tensor<1x20xf32>
  %1 = nn.onnx_op "Gemm"(%a, %b20, %r) : (tensor<2x4xf32>, tensor<4x20xf32>, tensor<1x20xf32>) -> tensor<2x20xf32>
  return
}
}
{-#
  dialect_resources: {
    builtin: {
      row: "0x040000000000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F"
    }
  }
#-}

// -----

// Gemms that stay: alpha or beta other than 1; a [1, N] C that is not a
// constant; a C of shape [M, N], or of another element type; a 3-D A; an
// attribute Gemm's schema does not have.
// CHECK-LABEL: func.func @no_raise_gemm
// CHECK-COUNT-7: nn.onnx_op "Gemm"
// CHECK-NOT: nn.matmul
module attributes {onnx.opset_import = {ai.onnx = 13 : i64}} {
func.func @no_raise_gemm(%a: tensor<2x4xf32>, %b: tensor<4x3xf32>, %c: tensor<3xf32>, %row: tensor<1x3xf32>, %full: tensor<2x3xf32>, %h: tensor<3xf16>, %a3: tensor<1x2x4xf32>) {
  %0 = nn.onnx_op "Gemm"(%a, %b, %c) {onnx_attributes = {alpha = 5.000000e-01 : f32}} : (tensor<2x4xf32>, tensor<4x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %1 = nn.onnx_op "Gemm"(%a, %b, %c) {onnx_attributes = {beta = 2.000000e+00 : f32}} : (tensor<2x4xf32>, tensor<4x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %2 = nn.onnx_op "Gemm"(%a, %b, %row) : (tensor<2x4xf32>, tensor<4x3xf32>, tensor<1x3xf32>) -> tensor<2x3xf32>
  %3 = nn.onnx_op "Gemm"(%a, %b, %full) : (tensor<2x4xf32>, tensor<4x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  %4 = nn.onnx_op "Gemm"(%a, %b, %h) : (tensor<2x4xf32>, tensor<4x3xf32>, tensor<3xf16>) -> tensor<2x3xf32>
  %5 = nn.onnx_op "Gemm"(%a3, %b) : (tensor<1x2x4xf32>, tensor<4x3xf32>) -> tensor<1x2x3xf32>
  %6 = nn.onnx_op "Gemm"(%a, %b) {onnx_attributes = {broadcast = 1 : i64}} : (tensor<2x4xf32>, tensor<4x3xf32>) -> tensor<2x3xf32>
  return
}
}

// -----

// A beta other than 1 without C does not matter.
// CHECK-LABEL: func.func @gemm_beta_without_c
// CHECK: nn.matmul
module attributes {onnx.opset_import = {ai.onnx = 11 : i64}} {
func.func @gemm_beta_without_c(%a: tensor<2x4xf32>, %b: tensor<4x3xf32>) -> tensor<2x3xf32> {
  %0 = nn.onnx_op "Gemm"(%a, %b) {onnx_attributes = {beta = 0.000000e+00 : f32}} : (tensor<2x4xf32>, tensor<4x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}
}

// -----

// MatMul with a 2-D right operand -> nn.matmul; leading batch dims of the
// left operand carry through.
// CHECK-LABEL: func.func @matmul
// CHECK: nn.matmul %{{.*}}, %{{.*}} : (tensor<2x6xf32>, tensor<6x5xf32>) -> tensor<2x5xf32>
// CHECK: nn.matmul %{{.*}}, %{{.*}} : (tensor<?x3x6xbf16>, tensor<6x5xbf16>) -> tensor<?x3x5xbf16>
module attributes {onnx.opset_import = {ai.onnx = 13 : i64}} {
func.func @matmul(%a: tensor<2x6xf32>, %b: tensor<6x5xf32>, %a3: tensor<?x3x6xbf16>, %bh: tensor<6x5xbf16>) {
  %0 = nn.onnx_op "MatMul"(%a, %b) : (tensor<2x6xf32>, tensor<6x5xf32>) -> tensor<2x5xf32>
  %1 = nn.onnx_op "MatMul"(%a3, %bh) : (tensor<?x3x6xbf16>, tensor<6x5xbf16>) -> tensor<?x3x5xbf16>
  return
}
}

// -----

// MatMuls that stay: a batched right operand, a 1-D left operand, ints.
// CHECK-LABEL: func.func @no_raise_matmul
// CHECK-COUNT-3: nn.onnx_op "MatMul"
// CHECK-NOT: nn.matmul
module attributes {onnx.opset_import = {ai.onnx = 13 : i64}} {
func.func @no_raise_matmul(%a3: tensor<2x3x6xf32>, %b3: tensor<2x6x5xf32>, %v: tensor<6xf32>, %b: tensor<6x5xf32>, %ai: tensor<2x6xi32>, %bi: tensor<6x5xi32>) {
  %0 = nn.onnx_op "MatMul"(%a3, %b3) : (tensor<2x3x6xf32>, tensor<2x6x5xf32>) -> tensor<2x3x5xf32>
  %1 = nn.onnx_op "MatMul"(%v, %b) : (tensor<6xf32>, tensor<6x5xf32>) -> tensor<5xf32>
  %2 = nn.onnx_op "MatMul"(%ai, %bi) : (tensor<2x6xi32>, tensor<6x5xi32>) -> tensor<2x5xi32>
  return
}
}

// -----

// A MatMul whose right operand is a Transpose of a matrix (torch's Linear
// on a batched input, exported without constant folding) -> nn.matmul of
// the matrix with transpose_rhs; the Transpose and the constant only it
// read go. A Transpose something else reads stays for it; one with another
// perm is no transpose of a matrix and the MatMul reads its result.
// CHECK-LABEL: func.func @matmul_transposed_rhs
// CHECK-SAME: (%[[X:[a-z0-9]+]]: tensor<2x3x6xf32>, %[[W:[a-z0-9]+]]: tensor<5x6xf32>, %[[V:[a-z0-9]+]]: tensor<6x5xf32>)
// CHECK-NEXT: %[[C:.*]] = arith.constant dense<1.000000e+00> : tensor<5x6xf32>
// CHECK-NEXT: %[[M0:.*]] = nn.matmul %[[X]], %[[C]] {transpose_rhs} : (tensor<2x3x6xf32>, tensor<5x6xf32>) -> tensor<2x3x5xf32>
// CHECK-NEXT: %[[T:.*]] = nn.onnx_op "Transpose"(%[[W]]) {onnx_attributes = {perm = array<i64: 1, 0>}}
// CHECK-NEXT: %[[M1:.*]] = nn.matmul %[[X]], %[[W]] {transpose_rhs} : (tensor<2x3x6xf32>, tensor<5x6xf32>) -> tensor<2x3x5xf32>
// CHECK-NEXT: %[[I:.*]] = nn.onnx_op "Transpose"(%[[V]]) {onnx_attributes = {perm = array<i64: 0, 1>}}
// CHECK-NEXT: %[[M2:.*]] = nn.matmul %[[X]], %[[I]] : (tensor<2x3x6xf32>, tensor<6x5xf32>) -> tensor<2x3x5xf32>
// CHECK-NEXT: return %[[M0]], %[[M1]], %[[T]], %[[M2]]
module attributes {onnx.opset_import = {ai.onnx = 13 : i64}} {
func.func @matmul_transposed_rhs(%x: tensor<2x3x6xf32>, %w: tensor<5x6xf32>, %v: tensor<6x5xf32>) -> (tensor<2x3x5xf32>, tensor<2x3x5xf32>, tensor<6x5xf32>, tensor<2x3x5xf32>) {
  %c = arith.constant dense<1.0> : tensor<5x6xf32>
  %0 = nn.onnx_op "Transpose"(%c) : (tensor<5x6xf32>) -> tensor<6x5xf32>
  %1 = nn.onnx_op "MatMul"(%x, %0) : (tensor<2x3x6xf32>, tensor<6x5xf32>) -> tensor<2x3x5xf32>
  %2 = nn.onnx_op "Transpose"(%w) {onnx_attributes = {perm = array<i64: 1, 0>}} : (tensor<5x6xf32>) -> tensor<6x5xf32>
  %3 = nn.onnx_op "MatMul"(%x, %2) : (tensor<2x3x6xf32>, tensor<6x5xf32>) -> tensor<2x3x5xf32>
  %4 = nn.onnx_op "Transpose"(%v) {onnx_attributes = {perm = array<i64: 0, 1>}} : (tensor<6x5xf32>) -> tensor<6x5xf32>
  %5 = nn.onnx_op "MatMul"(%x, %4) : (tensor<2x3x6xf32>, tensor<6x5xf32>) -> tensor<2x3x5xf32>
  return %1, %3, %2, %5 : tensor<2x3x5xf32>, tensor<2x3x5xf32>, tensor<6x5xf32>, tensor<2x3x5xf32>
}
}
