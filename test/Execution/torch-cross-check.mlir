// The lowering agrees with PyTorch's implementation to 1e-12 in f64, in both
// layout families: conv2d (groups, strides, dilations, asymmetric padding),
// depthwise_conv2d (multiplier) and matmul (transposes, batch dims); then
// conv1d/conv3d and depthwise_conv1d/3d, and conv_transpose1d/2d/3d (groups,
// strides, dilations, per-side padding that pads or crops, output_padding);
// and the broadcasting elementwise ops in all four element types, bit for
// bit (f16/bf16 computed in f32 and rounded once, rsqrt as 1 / sqrt); and
// nn.batch_norm_training against F.batch_norm in training mode, and in eval
// mode once frozen.
// REQUIRES: torch
// What is checked here is the numbers of the lowering, whose code the JIT
// compiles uninstrumented; the sanitized build runs the lowering passes on
// every other execution test.
// UNSUPPORTED: asan
// RUN: %python %bnfold_test_scripts/check_lowering_with_torch.py --bnfold-run bnfold-run --count 40 --seed 5 | FileCheck %s
// RUN: %python %bnfold_test_scripts/check_lowering_with_torch.py --bnfold-run bnfold-run --kinds convnd,transpose --count 40 --seed 7 | FileCheck %s --check-prefix=ND
// CHECK-NOT: FAIL
// CHECK: torch cross-check: 40 checked, 40 passed, 0 failed
// ND-NOT: FAIL
// ND: torch cross-check: 40 checked, 40 passed, 0 failed
// RUN: %python %bnfold_test_scripts/check_lowering_with_torch.py --bnfold-run bnfold-run --kinds elementwise --count 30 --seed 9 | FileCheck %s --check-prefix=EW
// EW-NOT: FAIL
// EW: torch cross-check: 30 checked, 30 passed, 0 failed
// RUN: %python %bnfold_test_scripts/check_lowering_with_torch.py --bnfold-run bnfold-run --kinds batchnorm_training --count 12 --seed 3 | FileCheck %s --check-prefix=BNT
// BNT-NOT: FAIL
// BNT: torch cross-check: 12 checked, 12 passed, 0 failed
