// Hand-computed elementwise ops: NumPy broadcasting of nn.add / sub / mul /
// div (missing leading dims, size-1 dims, rank 0, both operands broadcast,
// dynamic dims), the IEEE special values of div / sqrt / rsqrt /
// reciprocal, and the arithmetic per element type (f32 and f64 in their own
// type, f16 and bf16 in f32 rounded once; rsqrt is 1 / sqrt, two roundings).
// The decimals below are the shortest that read back as the element type's
// value (bnfold-run's output).

// RUN: bnfold-run %s --function=broadcast | FileCheck %s --check-prefix=BC
// RUN: bnfold-run %s --function=per_channel | FileCheck %s --check-prefix=PC
// RUN: bnfold-run %s --function=special_values | FileCheck %s --check-prefix=SPECIAL
// RUN: bnfold-run %s --function=rounding_f32_f64 | FileCheck %s --check-prefix=R32
// RUN: bnfold-run %s --function=rounding_f16 | FileCheck %s --check-prefix=R16
// RUN: bnfold-run %s --function=rounding_bf16 | FileCheck %s --check-prefix=RBF
// RUN: bnfold-run %s --function=dynamic_constants | FileCheck %s --check-prefix=DYN
// RUN: bnfold-run %s --function=dynamic_arguments --dynamic-size=3 | FileCheck %s --check-prefix=ARG3
// RUN: bnfold-run %s --function=dynamic_arguments --dynamic-size=0 | FileCheck %s --check-prefix=ARG0

// The ops' constant folders compute the same values, bit for bit: every
// function on static constants folds to constants, and runs equal to the
// lowered ops with no tolerance.
// RUN: bnfold-opt --canonicalize %s -o %t.folded.mlir
// RUN: FileCheck %s --input-file=%t.folded.mlir --check-prefix=CONST
// RUN: bnfold-run --compare --all-functions --rtol=0 --atol=0 %s %t.folded.mlir | FileCheck %s --check-prefix=FOLDED
// CONST-LABEL: func.func @broadcast
// CONST-NOT: nn.
// CONST-LABEL: func.func @per_channel
// CONST-NOT: nn.
// CONST-LABEL: func.func @special_values
// CONST-NOT: nn.
// CONST-LABEL: func.func @rounding_f32_f64
// CONST-NOT: nn.
// CONST-LABEL: func.func @rounding_f16
// CONST-NOT: nn.
// CONST-LABEL: func.func @rounding_bf16
// CONST-NOT: nn.
// CONST-LABEL: func.func @dynamic_constants
// FOLDED: compare all: OK, 8 functions

func.func @broadcast() -> (tensor<2x3xf32>, tensor<2x3xf32>, tensor<3xf32>, tensor<2x2xf32>, tensor<f32>) {
  %m = arith.constant dense<[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]> : tensor<2x3xf32>
  %row = arith.constant dense<[10.0, 20.0, 30.0]> : tensor<3xf32>
  %col = arith.constant dense<[[1.0], [2.0]]> : tensor<2x1xf32>
  %ten = arith.constant dense<10.0> : tensor<f32>
  %two = arith.constant dense<2.0> : tensor<f32>
  // A missing leading dim: each row plus [10 20 30].
  // BC: result 0: tensor<2x3xf32> shape 2x3
  // BC-NEXT: values: [11, 22, 33, 14, 25, 36]
  %r0 = nn.add %m, %row : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  // Both operands broadcast: [[1] [2]] * [10 20 30] (rank 2 by rank 1).
  // BC: result 1: tensor<2x3xf32> shape 2x3
  // BC-NEXT: values: [10, 20, 30, 20, 40, 60]
  %r1 = nn.mul %col, %row : (tensor<2x1xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  // A rank-0 lhs: 10 - [10 20 30].
  // BC: result 2: tensor<3xf32> shape 3
  // BC-NEXT: values: [0, -10, -20]
  %r2 = nn.sub %ten, %row : (tensor<f32>, tensor<3xf32>) -> tensor<3xf32>
  // Operand order matters for sub and div: [[1] [2]] / [[1 2]] is the
  // quotient table a / b, not b / a.
  // BC: result 3: tensor<2x2xf32> shape 2x2
  // BC-NEXT: values: [1, 0.5, 2, 1]
  %cols = arith.constant dense<[[1.0, 2.0]]> : tensor<1x2xf32>
  %r3 = nn.div %col, %cols : (tensor<2x1xf32>, tensor<1x2xf32>) -> tensor<2x2xf32>
  // Rank 0 with rank 0: 10 / 2.
  // BC: result 4: tensor<f32> shape scalar
  // BC-NEXT: values: [5]
  %r4 = nn.div %ten, %two : tensor<f32>
  return %r0, %r1, %r2, %r3, %r4 : tensor<2x3xf32>, tensor<2x3xf32>, tensor<3xf32>, tensor<2x2xf32>, tensor<f32>
}

// The per-channel operands of an unfused batch norm: [C, 1, 1] on NCHW and
// [1, 1, 1, C] on NHWC (channels 0 and 1 get 10 and 100); x = 1..8.
func.func @per_channel() -> (tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>, tensor<1x2x2x2xf64>) {
  %x = arith.constant dense<[[[[1.0, 2.0], [3.0, 4.0]], [[5.0, 6.0], [7.0, 8.0]]]]> : tensor<1x2x2x2xf32>
  %s = arith.constant dense<[[[10.0]], [[100.0]]]> : tensor<2x1x1xf32>
  %t = arith.constant dense<[[[[10.0, 100.0]]]]> : tensor<1x1x1x2xf32>
  // NCHW: x[0, c, h, w] * s[c].
  // PC: result 0: tensor<1x2x2x2xf32> shape 1x2x2x2
  // PC-NEXT: values: [10, 20, 30, 40, 500, 600, 700, 800]
  %r0 = nn.mul %x, %s : (tensor<1x2x2x2xf32>, tensor<2x1x1xf32>) -> tensor<1x2x2x2xf32>
  // NHWC: x[0, h, w, c] * t[c].
  // PC: result 1: tensor<1x2x2x2xf32> shape 1x2x2x2
  // PC-NEXT: values: [10, 200, 30, 400, 50, 600, 70, 800]
  %r1 = nn.mul %x, %t : (tensor<1x2x2x2xf32>, tensor<1x1x1x2xf32>) -> tensor<1x2x2x2xf32>
  // The textbook chain in f64, (x - mean) * rsqrt(var) * gamma + beta with
  // mean [1 5], var [4 16], gamma [2 8], beta [0 1]:
  // c0: (x - 1) / 2 * 2 = x - 1; c1: (x - 5) / 4 * 8 + 1 = 2x - 9.
  // PC: result 2: tensor<1x2x2x2xf64> shape 1x2x2x2
  // PC-NEXT: values: [0, 1, 2, 3, 1, 3, 5, 7]
  %xd = arith.constant dense<[[[[1.0, 2.0], [3.0, 4.0]], [[5.0, 6.0], [7.0, 8.0]]]]> : tensor<1x2x2x2xf64>
  %mean = arith.constant dense<[[[1.0]], [[5.0]]]> : tensor<2x1x1xf64>
  %var = arith.constant dense<[[[4.0]], [[16.0]]]> : tensor<2x1x1xf64>
  %gamma = arith.constant dense<[[[2.0]], [[8.0]]]> : tensor<2x1x1xf64>
  %beta = arith.constant dense<[[[[0.0]], [[1.0]]]]> : tensor<1x2x1x1xf64>
  %c = nn.sub %xd, %mean : (tensor<1x2x2x2xf64>, tensor<2x1x1xf64>) -> tensor<1x2x2x2xf64>
  %inv = nn.rsqrt %var : tensor<2x1x1xf64>
  %n = nn.mul %c, %inv : (tensor<1x2x2x2xf64>, tensor<2x1x1xf64>) -> tensor<1x2x2x2xf64>
  %g = nn.mul %n, %gamma : (tensor<1x2x2x2xf64>, tensor<2x1x1xf64>) -> tensor<1x2x2x2xf64>
  %r2 = nn.add %g, %beta : (tensor<1x2x2x2xf64>, tensor<1x2x1x1xf64>) -> tensor<1x2x2x2xf64>
  return %r0, %r1, %r2 : tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>, tensor<1x2x2x2xf64>
}

// IEEE 754: x / 0 is an infinity of the sign of x * 0's, 0 / 0 is NaN;
// sqrt(-0) = -0, sqrt of a negative is NaN; 1 / -0 = -inf, and
// rsqrt(-0) = 1 / sqrt(-0) = -inf; sqrt(inf) = inf, rsqrt(inf) = 0.
func.func @special_values() -> (tensor<6xf32>, tensor<5xf32>, tensor<5xf32>, tensor<5xf32>, tensor<2xf32>) {
  // SPECIAL: result 0: tensor<6xf32> shape 6
  // SPECIAL-NEXT: values: [inf, -inf, -inf, nan, 1.5, -0]
  %a = arith.constant dense<[1.0, -1.0, 1.0, 0.0, 6.0, 0.0]> : tensor<6xf32>
  %b = arith.constant dense<[0.0, 0.0, -0.0, 0.0, 4.0, -3.0]> : tensor<6xf32>
  %r0 = nn.div %a, %b : tensor<6xf32>
  // SPECIAL: result 1: tensor<5xf32> shape 5
  // SPECIAL-NEXT: values: [2, 1.4142135, 0, -0, nan]
  %x = arith.constant dense<[4.0, 2.0, 0.0, -0.0, -1.0]> : tensor<5xf32>
  %r1 = nn.sqrt %x : tensor<5xf32>
  // SPECIAL: result 2: tensor<5xf32> shape 5
  // SPECIAL-NEXT: values: [0.5, 0.70710677, inf, -inf, nan]
  %r2 = nn.rsqrt %x : tensor<5xf32>
  // SPECIAL: result 3: tensor<5xf32> shape 5
  // SPECIAL-NEXT: values: [0.25, 0.5, inf, -inf, -1]
  %r3 = nn.reciprocal %x : tensor<5xf32>
  // An infinity in: 1 / 0 = inf, then sqrt(inf) = inf and rsqrt(inf) = 0.
  // SPECIAL: result 4: tensor<2xf32> shape 2
  // SPECIAL-NEXT: values: [inf, 0]
  %zero = arith.constant dense<0.0> : tensor<1xf32>
  %inf = nn.reciprocal %zero : tensor<1xf32>
  %sq = nn.sqrt %inf : tensor<1xf32>
  %rs = nn.rsqrt %inf : tensor<1xf32>
  %r4 = tensor.concat dim(0) %sq, %rs : (tensor<1xf32>, tensor<1xf32>) -> tensor<2xf32>
  return %r0, %r1, %r2, %r3, %r4 : tensor<6xf32>, tensor<5xf32>, tensor<5xf32>, tensor<5xf32>, tensor<2xf32>
}

// rsqrt is 1 / sqrt with two roundings: in f32, 1 / sqrt(6) rounds to
// 0.40824828 (0.408248276), where rounding the exact 0.4082482905 once
// gives 0.4082483; in f64, 1 / sqrt(2) = 0.7071067811865475, the correctly
// rounded value being ...476. sqrt and 1 / x are correctly rounded.
func.func @rounding_f32_f64() -> (tensor<3xf32>, tensor<3xf64>) {
  // R32: result 0: tensor<3xf32> shape 3
  // R32-NEXT: values: [0.40824828, 2.4494898, 0.16666667]
  %six = arith.constant dense<6.0> : tensor<1xf32>
  %a = nn.rsqrt %six : tensor<1xf32>
  %b = nn.sqrt %six : tensor<1xf32>
  %c = nn.reciprocal %six : tensor<1xf32>
  %r0 = tensor.concat dim(0) %a, %b, %c : (tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<3xf32>
  // R32: result 1: tensor<3xf64> shape 3
  // R32-NEXT: values: [0.7071067811865475, 1.4142135623730951, 0.3333333333333333]
  %two = arith.constant dense<2.0> : tensor<1xf64>
  %three = arith.constant dense<3.0> : tensor<1xf64>
  %d = nn.rsqrt %two : tensor<1xf64>
  %e = nn.sqrt %two : tensor<1xf64>
  %f = nn.reciprocal %three : tensor<1xf64>
  %r1 = tensor.concat dim(0) %d, %e, %f : (tensor<1xf64>, tensor<1xf64>, tensor<1xf64>) -> tensor<3xf64>
  return %r0, %r1 : tensor<3xf32>, tensor<3xf64>
}

// f16 computes in f32 and rounds once: 2048 + 1 and 2048 + 3 are ties that
// round to even (2048, 2052); 256 * 256 = 65536 overflows to inf;
// 2^-8 * 2^-8 = 2^-16 is subnormal (1.526e-05); 1 / 3 = 0.3333.
// rsqrt(17): f32 1 / sqrt(17) = 0.24253562 rounds to 0.2426 (0.24255371);
// rounding sqrt(17) to f16 (4.125) first would give 0.2424 (0.24243164).
func.func @rounding_f16() -> (tensor<4xf16>, tensor<3xf16>) {
  // R16: result 0: tensor<4xf16> shape 4
  // R16-NEXT: values: [2048, 2052, inf, 1.526e-05]
  %a = arith.constant dense<[2048.0, 2048.0, 256.0, 0.00390625]> : tensor<4xf16>
  %b = arith.constant dense<[1.0, 3.0, 256.0, 0.00390625]> : tensor<4xf16>
  %sum = nn.add %a, %b : tensor<4xf16>
  %prod = nn.mul %a, %b : tensor<4xf16>
  %s = tensor.extract_slice %sum[0] [2] [1] : tensor<4xf16> to tensor<2xf16>
  %p = tensor.extract_slice %prod[2] [2] [1] : tensor<4xf16> to tensor<2xf16>
  %r0 = tensor.concat dim(0) %s, %p : (tensor<2xf16>, tensor<2xf16>) -> tensor<4xf16>
  // R16: result 1: tensor<3xf16> shape 3
  // R16-NEXT: values: [0.2426, 4.125, 0.3333]
  %x = arith.constant dense<[17.0, 17.0, 3.0]> : tensor<3xf16>
  %rs = nn.rsqrt %x : tensor<3xf16>
  %sq = nn.sqrt %x : tensor<3xf16>
  %rc = nn.reciprocal %x : tensor<3xf16>
  %e0 = tensor.extract_slice %rs[0] [1] [1] : tensor<3xf16> to tensor<1xf16>
  %e1 = tensor.extract_slice %sq[1] [1] [1] : tensor<3xf16> to tensor<1xf16>
  %e2 = tensor.extract_slice %rc[2] [1] [1] : tensor<3xf16> to tensor<1xf16>
  %r1 = tensor.concat dim(0) %e0, %e1, %e2 : (tensor<1xf16>, tensor<1xf16>, tensor<1xf16>) -> tensor<3xf16>
  return %r0, %r1 : tensor<4xf16>, tensor<3xf16>
}

// bf16 has 8 significant bits: 256 + 1 -> 256 and 1 + 2^-8 -> 1 (ties to
// even), 1 + 3 * 2^-8 -> 1.015625; 1 / 3 = 0.333984375; sqrt(2) =
// 1.4140625; rsqrt(3) = 1 / 1.7320508 = 0.57735026 -> 0.578125 (printed
// 0.58, the shortest decimal that reads back as it).
func.func @rounding_bf16() -> tensor<6xbf16> {
  // RBF: result 0: tensor<6xbf16> shape 6
  // RBF-NEXT: values: [256, 1, 1.016, 0.334, 1.414, 0.58]
  %a = arith.constant dense<[256.0, 1.0, 1.0, 1.0, 1.0, 1.0]> : tensor<6xbf16>
  %b = arith.constant dense<[1.0, 0.00390625, 0.01171875, 3.0, 2.0, 3.0]> : tensor<6xbf16>
  %sum = nn.add %a, %b : tensor<6xbf16>
  %quot = nn.div %a, %b : tensor<6xbf16>
  %sq = nn.sqrt %b : tensor<6xbf16>
  %rs = nn.rsqrt %b : tensor<6xbf16>
  %s = tensor.extract_slice %sum[0] [3] [1] : tensor<6xbf16> to tensor<3xbf16>
  %q = tensor.extract_slice %quot[3] [1] [1] : tensor<6xbf16> to tensor<1xbf16>
  %t = tensor.extract_slice %sq[4] [1] [1] : tensor<6xbf16> to tensor<1xbf16>
  %u = tensor.extract_slice %rs[5] [1] [1] : tensor<6xbf16> to tensor<1xbf16>
  %r = tensor.concat dim(0) %s, %q, %t, %u : (tensor<3xbf16>, tensor<1xbf16>, tensor<1xbf16>, tensor<1xbf16>) -> tensor<6xbf16>
  return %r : tensor<6xbf16>
}

// Dynamic dims (constants cast to dynamic types, so that the lowering sees
// `?`): a dynamic dim facing a static 1 takes the dynamic size, two dynamic
// dims are the same size.
func.func @dynamic_constants() -> (tensor<?x?xf32>, tensor<?x3xf32>, tensor<?xf32>) {
  %c = arith.constant dense<[[1.0], [2.0]]> : tensor<2x1xf32>
  %r = arith.constant dense<[[10.0, 20.0, 30.0]]> : tensor<1x3xf32>
  %m = arith.constant dense<[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]> : tensor<2x3xf32>
  %cd = tensor.cast %c : tensor<2x1xf32> to tensor<?x1xf32>
  %rd = tensor.cast %r : tensor<1x3xf32> to tensor<1x?xf32>
  %md = tensor.cast %m : tensor<2x3xf32> to tensor<?x3xf32>
  // DYN: result 0: tensor<?x?xf32> shape 2x3
  // DYN-NEXT: values: [11, 21, 31, 12, 22, 32]
  %r0 = nn.add %cd, %rd : (tensor<?x1xf32>, tensor<1x?xf32>) -> tensor<?x?xf32>
  // DYN: result 1: tensor<?x3xf32> shape 2x3
  // DYN-NEXT: values: [0, 0, 0, 0, 0, 0]
  %r1 = nn.sub %md, %md : tensor<?x3xf32>
  // DYN: result 2: tensor<?xf32> shape 2
  // DYN-NEXT: values: [1, 1.4142135]
  %v = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %vd = tensor.cast %v : tensor<2xf32> to tensor<?xf32>
  %r2 = nn.sqrt %vd : tensor<?xf32>
  return %r0, %r1, %r2 : tensor<?x?xf32>, tensor<?x3xf32>, tensor<?xf32>
}

// A dynamic batch from the arguments (seeded values): x - x = 0 for finite
// x, plus [1 2 3] broadcast over however many rows there are at run time.
// ARG3: result 0: tensor<?x3xf32> shape 3x3
// ARG3-NEXT: values: [1, 2, 3, 1, 2, 3, 1, 2, 3]
// ARG0: result 0: tensor<?x3xf32> shape 0x3
// ARG0-NEXT: values: []
func.func @dynamic_arguments(%x: tensor<?x3xf32>) -> tensor<?x3xf32> {
  %row = arith.constant dense<[1.0, 2.0, 3.0]> : tensor<3xf32>
  %z = nn.sub %x, %x : tensor<?x3xf32>
  %y = nn.add %z, %row : (tensor<?x3xf32>, tensor<3xf32>) -> tensor<?x3xf32>
  return %y : tensor<?x3xf32>
}
