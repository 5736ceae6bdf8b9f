// A fixed batch of random networks in training form (the blocks of
// random-networks.mlir, f32/f64, each batch norm an nn.batch_norm_training
// with a freeze delay) folded with --fold-batchnorm=mode=training: every
// batch norm folds, the folded network computes the same output and moving
// averages one step before the freeze, at it and after it, and from the
// freeze on it computes what the same network with inference batch norms on
// the moving statistics computes. Longer runs:
//   test/scripts/random_networks.py --training --count 100 --seed N \
//     --out-dir DIR --check --bnfold-opt build/bin/bnfold-opt \
//     --bnfold-run build/bin/bnfold-run

// Long: its compare runs JIT-compile the whole network several times.
// UNSUPPORTED: asan
// RUN: rm -rf %t && %python %bnfold_test_scripts/random_networks.py --training --count 2 --seed 10 --out-dir %t --check --bnfold-opt bnfold-opt --bnfold-run bnfold-run | FileCheck %s
// CHECK-NOT: FAIL
// CHECK: training networks: 2 checked, 2 passed, 0 failed
