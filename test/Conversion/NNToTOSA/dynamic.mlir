// RUN: bnfold-opt --convert-nn-to-tosa %s | FileCheck %s
// TOSA 1.0 has static shapes only: `--tosa-validate` (spec 1.0, level 8k)
// rejects what this writes, which is still the TOSA dialect's own form of a
// dynamic dim (and valid with level=none or specification 1.1).

// A dynamic row count is the reshapes' -1.
// CHECK-LABEL: func.func @matmul_dynamic_batch
// CHECK: tosa.const_shape {values = dense<[1, -1, 3]> : tensor<3xindex>}
// CHECK: tosa.matmul {{.*}} -> tensor<1x?x2xf32>
// CHECK: tosa.const_shape {values = dense<[-1, 2]> : tensor<2xindex>}
func.func @matmul_dynamic_batch(%x: tensor<?x3xf32>) -> tensor<?x2xf32> {
  %w = arith.constant dense<1.0> : tensor<3x2xf32>
  %y = nn.matmul %x, %w : (tensor<?x3xf32>, tensor<3x2xf32>) -> tensor<?x2xf32>
  return %y : tensor<?x2xf32>
}

