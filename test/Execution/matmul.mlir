// Hand-computed nn.matmul: plain, both transposes with a bias, batch dims.

// RUN: bnfold-run %s --function=plain | FileCheck %s --check-prefix=PLAIN
// RUN: bnfold-run %s --function=transposed_bias | FileCheck %s --check-prefix=TB
// RUN: bnfold-run %s --function=batched | FileCheck %s --check-prefix=BATCH
// RUN: bnfold-run %s --function=batched_transpose_lhs_f16 | FileCheck %s --check-prefix=BATCH

// [[1 2 3] [4 5 6]] x [[1 0] [0 1] [1 1]] = [[4 5] [10 11]]
// PLAIN: shape 2x2
// PLAIN-NEXT: values: [4, 5, 10, 11]
func.func @plain() -> tensor<2x2xf32> {
  %a = arith.constant dense<[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]> : tensor<2x3xf32>
  %b = arith.constant dense<[[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]]> : tensor<3x2xf32>
  %y = nn.matmul %a, %b : (tensor<2x3xf32>, tensor<3x2xf32>) -> tensor<2x2xf32>
  return %y : tensor<2x2xf32>
}

// The same product from transposed operands, plus bias [100 200].
// TB: shape 2x2
// TB-NEXT: values: [104, 205, 110, 211]
func.func @transposed_bias() -> tensor<2x2xf32> {
  %a = arith.constant dense<[[1.0, 4.0], [2.0, 5.0], [3.0, 6.0]]> : tensor<3x2xf32>
  %b = arith.constant dense<[[1.0, 0.0, 1.0], [0.0, 1.0, 1.0]]> : tensor<2x3xf32>
  %c = arith.constant dense<[100.0, 200.0]> : tensor<2xf32>
  %y = nn.matmul %a, %b, %c {transpose_lhs, transpose_rhs} : (tensor<3x2xf32>, tensor<2x3xf32>, tensor<2xf32>) -> tensor<2x2xf32>
  return %y : tensor<2x2xf32>
}

// Batch of two 1x2 rows times [[1 1] [0 1]]: [1 2] -> [1 3], [3 4] -> [3 7].
// BATCH: shape 2x1x2
// BATCH-NEXT: values: [1, 3, 3, 7]
func.func @batched() -> tensor<2x1x2xf32> {
  %a = arith.constant dense<[[[1.0, 2.0]], [[3.0, 4.0]]]> : tensor<2x1x2xf32>
  %b = arith.constant dense<[[1.0, 1.0], [0.0, 1.0]]> : tensor<2x2xf32>
  %y = nn.matmul %a, %b : (tensor<2x1x2xf32>, tensor<2x2xf32>) -> tensor<2x1x2xf32>
  return %y : tensor<2x1x2xf32>
}
func.func @batched_transpose_lhs_f16() -> tensor<2x1x2xf16> {
  %a = arith.constant dense<[[[1.0], [2.0]], [[3.0], [4.0]]]> : tensor<2x2x1xf16>
  %b = arith.constant dense<[[1.0, 1.0], [0.0, 1.0]]> : tensor<2x2xf16>
  %y = nn.matmul %a, %b {transpose_lhs} : (tensor<2x2x1xf16>, tensor<2x2xf16>) -> tensor<2x1x2xf16>
  return %y : tensor<2x1x2xf16>
}
