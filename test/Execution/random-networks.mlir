// A fixed batch of random networks (conv2d/depthwise/atrous/matmul blocks,
// both layouts, f32/f64/f16/bf16, extreme batch-norm statistics) must give
// the same results after --fold-batchnorm. Longer runs:
//   test/scripts/random_networks.py --count 500 --seed N --out-dir DIR --check \
//     --bnfold-opt build/bin/bnfold-opt --bnfold-run build/bin/bnfold-run

// RUN: rm -rf %t && %python %bnfold_test_scripts/random_networks.py --count 20 --seed 11 --out-dir %t --check --bnfold-opt bnfold-opt --bnfold-run bnfold-run | FileCheck %s
// CHECK-NOT: FAIL
// CHECK: random networks: 20 checked, 20 passed, 0 failed
