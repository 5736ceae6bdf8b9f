// The lowering of conv2d (groups, strides, dilations, asymmetric padding),
// depthwise_conv2d (multiplier) and matmul (transposes, batch dims) in both
// layouts agrees with PyTorch's implementation to 1e-12 in f64.
// REQUIRES: torch
// RUN: %python %bnfold_test_scripts/check_lowering_with_torch.py --bnfold-run bnfold-run --count 40 --seed 5 | FileCheck %s
// CHECK-NOT: FAIL
// CHECK: torch cross-check: 40 checked, 40 passed, 0 failed
