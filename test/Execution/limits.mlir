// Sizes bnfold-run cannot run are errors with exit code 2 before anything
// is allocated, and an allocation of the compiled code over the memory limit
// (--memory-limit, MiB, default 4096) stops the run with an error instead
// of crashing it.

// A type whose element count overflows int64 in the signature (no nn op to
// reject it), and a --dynamic-size that makes one overflow.
// RUN: not bnfold-run %s --function=overflowing_argument 2>&1 | FileCheck %s --check-prefix=OVERFLOW
// OVERFLOW: bnfold-run: argument 0 of @overflowing_argument, tensor<4611686018427387904x4xf32> with dynamic dims of 2 (--dynamic-size), needs more bytes than int64 can count
// RUN: not bnfold-run %s --function=dynamic --dynamic-size=4611686018427387904 2>&1 | FileCheck %s --check-prefix=DYN-OVERFLOW
// DYN-OVERFLOW: bnfold-run: argument 0 of @dynamic, tensor<?x4xf32> with dynamic dims of 4611686018427387904 (--dynamic-size), needs more bytes than int64 can count

// Inputs over the limit, alone and together.
// RUN: not bnfold-run %s --function=dynamic --dynamic-size=100000000000 2>&1 | FileCheck %s --check-prefix=DYN-LIMIT
// DYN-LIMIT: bnfold-run: argument 0 of @dynamic, tensor<?x4xf32> with dynamic dims of 100000000000 (--dynamic-size), needs 1600000000000 bytes, more than the memory limit of 4096 MiB (--memory-limit)
// RUN: not bnfold-run %s --function=two_inputs --dynamic-size=50000 --memory-limit=1 2>&1 | FileCheck %s --check-prefix=INPUTS
// INPUTS: bnfold-run: the inputs of @two_inputs need more than the memory limit of 1 MiB (--memory-limit)

// A value inside the function that needs more than the limit whatever the
// dynamic sizes are: reported at the op.
// RUN: not bnfold-run %s --function=huge_intermediate 2>&1 | FileCheck %s --check-prefix=VALUE
// VALUE: limits.mlir:[[@LINE+5]]:8: error: bnfold-run: a value of type 'tensor<100000x100000xf32>' needs at least 40000000000 bytes, more than the memory limit of 4096 MiB (--memory-limit)
func.func @huge_intermediate(%x: tensor<100000x1xf32>) -> tensor<1x1xf32> {
  %w = arith.constant dense<1.0> : tensor<1x100000xf32>
  %w2 = arith.constant dense<1.0> : tensor<100000x1xf32>
  %i = arith.constant dense<1.0> : tensor<1x100000xf32>
  %y = nn.matmul %x, %w : (tensor<100000x1xf32>, tensor<1x100000xf32>) -> tensor<100000x100000xf32>
  %z = nn.matmul %i, %y : (tensor<1x100000xf32>, tensor<100000x100000xf32>) -> tensor<1x100000xf32>
  %r = nn.matmul %z, %w2 : (tensor<1x100000xf32>, tensor<100000x1xf32>) -> tensor<1x1xf32>
  return %r : tensor<1x1xf32>
}

// A buffer that only the run's sizes make too large: the compiled code's
// allocation stops the run (its buffers are freed, nothing crashes). With
// a higher limit the same run works.
// RUN: not bnfold-run %s --function=outer_product --dynamic-size=1000 --memory-limit=1 2>&1 | FileCheck %s --check-prefix=RUNTIME
// RUNTIME: bnfold-run: @outer_product in '{{.*}}limits.mlir' stopped: allocating {{[0-9]+}} bytes would exceed the memory limit of 1 MiB (--memory-limit), with {{[0-9]+}} bytes in use
// RUN: bnfold-run %s --function=outer_product --dynamic-size=1000 --memory-limit=8 | FileCheck %s --check-prefix=FITS
// RUN: bnfold-run %s --function=outer_product --dynamic-size=1000 --memory-limit=0 | FileCheck %s --check-prefix=FITS
// FITS: result 0: tensor<?x1000xf32> shape 1000x1000
// FITS: checksum: elements=1000000
func.func @outer_product(%x: tensor<?x1xf32>) -> tensor<?x1000xf32> {
  %w = arith.constant dense<1.0> : tensor<1x1000xf32>
  %y = nn.matmul %x, %w : (tensor<?x1xf32>, tensor<1x1000xf32>) -> tensor<?x1000xf32>
  return %y : tensor<?x1000xf32>
}

// In --compare, the same limits hold for both models.
// RUN: not bnfold-run --compare %s %s --function=outer_product --dynamic-size=1000 --memory-limit=1 2>&1 | FileCheck %s --check-prefix=RUNTIME

func.func @overflowing_argument(%x: tensor<4611686018427387904x4xf32>) -> tensor<4611686018427387904x4xf32> {
  return %x : tensor<4611686018427387904x4xf32>
}

func.func @dynamic(%x: tensor<?x4xf32>) -> tensor<?x4xf32> {
  %y = nn.relu %x : tensor<?x4xf32>
  return %y : tensor<?x4xf32>
}

func.func @two_inputs(%x: tensor<?x4xf32>, %y: tensor<?x4xf32>) -> tensor<?x4xf32> {
  %z = nn.add %x, %y : tensor<?x4xf32>
  return %z : tensor<?x4xf32>
}
