// A failing run must not leave a partial or empty output file behind:
// bnfold-opt writes to a temporary file beside the output and renames it
// into place only when the whole run succeeded (bnfold/Support/OutputFile.h).
//
// Verifier error in the second of two split chunks (the first one succeeds
// and has already been printed to the stream):
// RUN: rm -f %t.out
// RUN: not bnfold-opt %s --fold-batchnorm -split-input-file -o %t.out 2>&1 | FileCheck %s --check-prefix=ERR
// RUN: not test -e %t.out
//
// Same, with a file from an earlier run in place: it is left exactly as it
// was (the output may be the input itself, see in-place.test).
// RUN: echo earlier > %t.out
// RUN: not bnfold-opt %s --fold-batchnorm -split-input-file -o %t.out
// RUN: FileCheck %s --check-prefix=EARLIER < %t.out
// RUN: not ls %t.out.tmp-*
// RUN: rm %t.out
//
// Without -split-input-file the file is one module; @bad fails it:
// RUN: not bnfold-opt %s --fold-batchnorm -o %t.out
// RUN: not test -e %t.out
//
// And the success path writes the file.
// RUN: sed -e '/^\/\/ -----/,$d' %s | bnfold-opt --fold-batchnorm -o %t.out
// RUN: FileCheck %s --check-prefix=OK < %t.out
//
// EARLIER: earlier
// ERR: error: 'nn.batch_norm' op 'mean' length (3) must equal the number of features (2)
// OK: func.func @ok
// OK-NOT: nn.batch_norm

func.func @ok(%x: tensor<1x2xf32>) -> tensor<1x2xf32> {
  %w = arith.constant dense<1.0> : tensor<2x2xf32>
  %m = arith.constant dense<0.0> : tensor<2xf32>
  %v = arith.constant dense<1.0> : tensor<2xf32>
  %0 = nn.matmul %x, %w : (tensor<1x2xf32>, tensor<2x2xf32>) -> tensor<1x2xf32>
  %1 = nn.batch_norm %0, %m, %v : (tensor<1x2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2xf32>
  return %1 : tensor<1x2xf32>
}

// -----

func.func @bad(%x: tensor<1x2xf32>, %m: tensor<3xf32>, %v: tensor<2xf32>) -> tensor<1x2xf32> {
  %1 = nn.batch_norm %x, %m, %v : (tensor<1x2xf32>, tensor<3xf32>, tensor<2xf32>) -> tensor<1x2xf32>
  return %1 : tensor<1x2xf32>
}
