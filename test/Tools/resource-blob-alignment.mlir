// Regression test for a crash found by bnfold-fuzz: MLIR 22.1.8's parser
// accepts a dense_resource blob whose alignment header is 0 and then aborts
// in the allocator. bnfold-opt rejects it with a located error instead, from
// a file or from stdin, and writes no output file. The parser also
// allocates each blob with the alignment it declares: 2^31 reserves 2 GiB
// for these 16 bytes (an abort under a 3 GiB `ulimit -v`); more than
// 65536 is rejected the same way (bnfold/Support/InputScreen.h).
// RUN: rm -f %t.out
// RUN: not bnfold-opt --fold-batchnorm %s -o %t.out 2>&1 | FileCheck %s
// RUN: not test -e %t.out
// RUN: not bnfold-opt --fold-batchnorm < %s 2>&1 | FileCheck %s
// Other bad alignments are MLIR's own diagnostic.
// RUN: sed -e 's/"0x00000000/"0x03000000/' %s | not bnfold-opt 2>&1 | FileCheck %s --check-prefix=THREE
// RUN: sed -e 's/"0x00000000/"0x00000080/' %s | not bnfold-opt 2>&1 | FileCheck %s --check-prefix=HUGE
// RUN: sed -e 's/"0x00000000/"0x00000080/' %s | not bnfold-translate --export-onnx 2>&1 | FileCheck %s --check-prefix=HUGE
// RUN: sed -e 's/"0x00000000/"0x00000100/' %s | bnfold-opt --fold-batchnorm | FileCheck %s --check-prefix=LARGEST

// CHECK: error: resource blob encodes alignment 0 in its first 4 bytes; expected a power of 2
// CHECK-NEXT: w: "0x00000000
// THREE: error: expected hex string blob for key 'w' to encode alignment in first 4 bytes, but got non-power-of-2 value: 3
// HUGE: <stdin>:{{[0-9]+}}:{{[0-9]+}}: error: resource blob declares alignment 2147483648 in its first 4 bytes; at most 65536 is accepted (MLIR would allocate the blob with it)
// LARGEST: func.func @zero_aligned_blob
// LARGEST-NOT: nn.batch_norm

func.func @zero_aligned_blob(%x: tensor<1x2xf32>) -> tensor<1x2xf32> {
  %w = arith.constant dense_resource<w> : tensor<2x2xf32>
  %m = arith.constant dense<0.0> : tensor<2xf32>
  %v = arith.constant dense<1.0> : tensor<2xf32>
  %0 = nn.matmul %x, %w : (tensor<1x2xf32>, tensor<2x2xf32>) -> tensor<1x2xf32>
  %1 = nn.batch_norm %0, %m, %v : (tensor<1x2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2xf32>
  return %1 : tensor<1x2xf32>
}
{-#
  dialect_resources: {
    builtin: {
      w: "0x000000000000803F0000803F0000803F0000803F"
    }
  }
#-}
