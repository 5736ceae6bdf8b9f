#!/usr/bin/python3
"""Prints a module of N functions that fold dense_resource weights: all share
one blob, half with batch norms of their own and half with identical ones
(which fold to identical bytes). Used by determinism.test. With
--same-dense, the dense weights of every function's second layer are equal
too, so that their folds give equal bytes where the variances are equal.

  many_functions.py N [--same-dense]
"""
import sys

n = int(sys.argv[1])
same_dense = "--same-dense" in sys.argv[2:]
for i in range(n):
    variance = 1.0 + (i // 2 if i % 2 else 0) * 0.25
    print(f"""func.func @f{i}(%x: tensor<2x4xf32>) -> tensor<2x4xf32> {{
  %w = arith.constant dense_resource<shared> : tensor<4x4xf32>
  %d = arith.constant dense<{0.5 if same_dense else 0.5 + i}> : tensor<4x4xf32>
  %m = arith.constant dense<0.5> : tensor<4xf32>
  %v = arith.constant dense<{variance}> : tensor<4xf32>
  %y = nn.matmul %x, %w : (tensor<2x4xf32>, tensor<4x4xf32>) -> tensor<2x4xf32>
  %z = nn.batch_norm %y, %m, %v : (tensor<2x4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<2x4xf32>
  %u = nn.matmul %z, %d : (tensor<2x4xf32>, tensor<4x4xf32>) -> tensor<2x4xf32>
  %t = nn.batch_norm %u, %m, %v : (tensor<2x4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<2x4xf32>
  return %t : tensor<2x4xf32>
}}""")
blob = "0x04000000" + "".join("%08X" % b for b in
                             [0x3F800000, 0x40000000, 0x40400000, 0xC0800000] * 4)
print("{-#\n  dialect_resources: {\n    builtin: {\n      shared: \"%s\"\n    }\n  }\n#-}" % blob)
