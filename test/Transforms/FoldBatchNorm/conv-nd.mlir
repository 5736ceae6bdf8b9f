// RUN: bnfold-opt %s --fold-batchnorm=report -split-input-file -verify-diagnostics | FileCheck %s
// Execution check: the original and the folded functions compute the same
// results on pseudo-random inputs (the expected-* comments are only checked
// by the first RUN line).
// RUN: bnfold-opt %s --fold-batchnorm -o %t 2>/dev/null
// RUN: bnfold-run --compare --all-functions %s %t | FileCheck %s --check-prefix=EXEC
// EXEC-NOT: MISMATCH
// EXEC: compare all: OK

// Convolutions over 1 and 3 spatial dims fold every shape a 2-D convolution
// folds, in both layout families. Hand-computed case as in conv2d.mlir:
// variance [3, 15] + epsilon 1 = [4, 16], sqrt = [2, 4]; scale [2, 8] gives
// the multiplier [1, 2]; mean [1, 2], offset [0.5, -1] give the bias
// -mean * [1, 2] + offset = [-0.5, -5].

// [k = 1, Cin = 2, Cout = 2]: output channel 1 is the last column.
// CHECK-LABEL: func @conv1d_nwc
// CHECK-DAG: %[[W:.*]] = arith.constant dense<{{\[\[\[}}1.000000e+00, 4.000000e+00], [3.000000e+00, 8.000000e+00]]]> : tensor<1x2x2xf32>
// CHECK-DAG: %[[B:.*]] = arith.constant dense<[-5.000000e-01, -5.000000e+00]> : tensor<2xf32>
// CHECK: %[[Y:.*]] = nn.conv1d nwc %arg0, %[[W]], %[[B]] :
// CHECK-NOT: nn.batch_norm
// CHECK-NOT: nn.bn_fold
// CHECK: return %[[Y]]
// expected-remark@+1 {{folded 1 of 1 batch_norm ops}}
func.func @conv1d_nwc(%x: tensor<1x5x2xf32>) -> tensor<1x5x2xf32> {
  %w = arith.constant dense<[[[1.0, 2.0], [3.0, 4.0]]]> : tensor<1x2x2xf32>
  %mean = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %var = arith.constant dense<[3.0, 15.0]> : tensor<2xf32>
  %scale = arith.constant dense<[2.0, 8.0]> : tensor<2xf32>
  %offset = arith.constant dense<[0.5, -1.0]> : tensor<2xf32>
  %y = nn.conv1d nwc %x, %w : (tensor<1x5x2xf32>, tensor<1x2x2xf32>) -> tensor<1x5x2xf32>
  // expected-remark@+1 {{folded into 'nn.conv1d'}}
  %z = nn.batch_norm nwc %y, %mean, %var scale %scale offset %offset {epsilon = 1.0 : f64}
      : (tensor<1x5x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x5x2xf32>
  return %z : tensor<1x5x2xf32>
}

// -----

// [Cout = 2, Cin = 2, k = 1]: output channel 1 is the second row. The layer's
// bias [3, 1] becomes [(3-1)*1+0.5, (1-2)*2-1] = [2.5, -3].
// CHECK-LABEL: func @conv1d_ncw_with_bias
// CHECK-DAG: %[[W:.*]] = arith.constant dense<{{\[\[\[}}1.000000e+00], [2.000000e+00]], {{\[\[}}6.000000e+00], [8.000000e+00]]]> : tensor<2x2x1xf32>
// CHECK-DAG: %[[B:.*]] = arith.constant dense<[2.500000e+00, -3.000000e+00]> : tensor<2xf32>
// CHECK: nn.conv1d ncw %arg0, %[[W]], %[[B]] {padding = array<i64: 1, 1>, strides = array<i64: 2>}
// CHECK-NOT: nn.batch_norm
// expected-remark@+1 {{folded 1 of 1 batch_norm ops}}
func.func @conv1d_ncw_with_bias(%x: tensor<?x2x5xf32>) -> tensor<?x2x4xf32> {
  %w = arith.constant dense<[[[1.0], [2.0]], [[3.0], [4.0]]]> : tensor<2x2x1xf32>
  %b = arith.constant dense<[3.0, 1.0]> : tensor<2xf32>
  %mean = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %var = arith.constant dense<[3.0, 15.0]> : tensor<2xf32>
  %scale = arith.constant dense<[2.0, 8.0]> : tensor<2xf32>
  %offset = arith.constant dense<[0.5, -1.0]> : tensor<2xf32>
  %y = nn.conv1d ncw %x, %w, %b {strides = array<i64: 2>, padding = array<i64: 1, 1>}
      : (tensor<?x2x5xf32>, tensor<2x2x1xf32>, tensor<2xf32>) -> tensor<?x2x4xf32>
  // expected-remark@+1 {{folded into 'nn.conv1d'}}
  %z = nn.batch_norm ncw %y, %mean, %var scale %scale offset %offset {epsilon = 1.0 : f64}
      : (tensor<?x2x4xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<?x2x4xf32>
  return %z : tensor<?x2x4xf32>
}

// -----

// CHECK-LABEL: func @conv3d_ndhwc
// CHECK-DAG: %[[W:.*]] = arith.constant dense<{{\[\[\[\[\[}}1.000000e+00, 4.000000e+00], [3.000000e+00, 8.000000e+00]]]]]> : tensor<1x1x1x2x2xf32>
// CHECK-DAG: %[[B:.*]] = arith.constant dense<[-5.000000e-01, -5.000000e+00]> : tensor<2xf32>
// CHECK: nn.conv3d ndhwc %arg0, %[[W]], %[[B]] :
// CHECK-NOT: nn.batch_norm
// expected-remark@+1 {{folded 1 of 1 batch_norm ops}}
func.func @conv3d_ndhwc(%x: tensor<1x2x3x3x2xf32>) -> tensor<1x2x3x3x2xf32> {
  %w = arith.constant dense<[[[[[1.0, 2.0], [3.0, 4.0]]]]]> : tensor<1x1x1x2x2xf32>
  %mean = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %var = arith.constant dense<[3.0, 15.0]> : tensor<2xf32>
  %scale = arith.constant dense<[2.0, 8.0]> : tensor<2xf32>
  %offset = arith.constant dense<[0.5, -1.0]> : tensor<2xf32>
  %y = nn.conv3d ndhwc %x, %w : (tensor<1x2x3x3x2xf32>, tensor<1x1x1x2x2xf32>) -> tensor<1x2x3x3x2xf32>
  // expected-remark@+1 {{folded into 'nn.conv3d'}}
  %z = nn.batch_norm ndhwc %y, %mean, %var scale %scale offset %offset {epsilon = 1.0 : f64}
      : (tensor<1x2x3x3x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x3x3x2xf32>
  return %z : tensor<1x2x3x3x2xf32>
}

// -----

// CHECK-LABEL: func @conv3d_ncdhw
// CHECK-DAG: %[[W:.*]] = arith.constant dense<{{\[\[\[\[\[}}1.000000e+00]]], {{\[\[\[}}2.000000e+00]]]], {{\[\[\[\[}}6.000000e+00]]], {{\[\[\[}}8.000000e+00]]]]]> : tensor<2x2x1x1x1xf32>
// CHECK: nn.conv3d ncdhw %arg0, %[[W]], %{{.*}} {dilations = array<i64: 1, 2, 1>}
// CHECK-NOT: nn.batch_norm
// expected-remark@+1 {{folded 1 of 1 batch_norm ops}}
func.func @conv3d_ncdhw(%x: tensor<1x2x2x3x3xf32>) -> tensor<1x2x2x3x3xf32> {
  %w = arith.constant dense<[[[[[1.0]]], [[[2.0]]]], [[[[3.0]]], [[[4.0]]]]]> : tensor<2x2x1x1x1xf32>
  %mean = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %var = arith.constant dense<[3.0, 15.0]> : tensor<2xf32>
  %scale = arith.constant dense<[2.0, 8.0]> : tensor<2xf32>
  %y = nn.conv3d ncdhw %x, %w {dilations = array<i64: 1, 2, 1>}
      : (tensor<1x2x2x3x3xf32>, tensor<2x2x1x1x1xf32>) -> tensor<1x2x2x3x3xf32>
  // expected-remark@+1 {{folded into 'nn.conv3d'}}
  %z = nn.batch_norm ncdhw %y, %mean, %var scale %scale {epsilon = 1.0 : f64}
      : (tensor<1x2x2x3x3xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x2x3x3xf32>
  return %z : tensor<1x2x2x3x3xf32>
}

// -----

// Grouped: 4 input channels in 2 groups, one output channel per group.
// CHECK-LABEL: func @conv1d_ncw_grouped
// CHECK-DAG: %[[W:.*]] = arith.constant dense<{{\[\[\[}}1.000000e+00], [2.000000e+00]], {{\[\[}}6.000000e+00], [8.000000e+00]]]> : tensor<2x2x1xf32>
// CHECK: nn.conv1d ncw %arg0, %[[W]], %{{.*}} {groups = 2 : i64}
// expected-remark@+1 {{folded 1 of 1 batch_norm ops}}
func.func @conv1d_ncw_grouped(%x: tensor<1x4x3xf32>) -> tensor<1x2x3xf32> {
  %w = arith.constant dense<[[[1.0], [2.0]], [[3.0], [4.0]]]> : tensor<2x2x1xf32>
  %mean = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %var = arith.constant dense<[3.0, 15.0]> : tensor<2xf32>
  %scale = arith.constant dense<[2.0, 8.0]> : tensor<2xf32>
  %y = nn.conv1d ncw %x, %w {groups = 2 : i64} : (tensor<1x4x3xf32>, tensor<2x2x1xf32>) -> tensor<1x2x3xf32>
  // expected-remark@+1 {{folded into 'nn.conv1d'}}
  %z = nn.batch_norm %y, %mean, %var scale %scale {axis = 1 : i64, epsilon = 1.0 : f64}
      : (tensor<1x2x3xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x3xf32>
  return %z : tensor<1x2x3xf32>
}

// -----

// Grouped channels last: [1, 1, 1, Cin/groups = 1, Cout = 2].
// CHECK-LABEL: func @conv3d_ndhwc_grouped
// CHECK-DAG: %[[W:.*]] = arith.constant dense<{{\[\[\[\[\[}}5.000000e+00, 1.400000e+01]]]]]> : tensor<1x1x1x1x2xf32>
// CHECK: nn.conv3d ndhwc %arg0, %[[W]], %{{.*}} {groups = 2 : i64}
// expected-remark@+1 {{folded 1 of 1 batch_norm ops}}
func.func @conv3d_ndhwc_grouped(%x: tensor<1x2x2x2x2xf32>) -> tensor<1x2x2x2x2xf32> {
  %w = arith.constant dense<[[[[[5.0, 7.0]]]]]> : tensor<1x1x1x1x2xf32>
  %mean = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %var = arith.constant dense<[3.0, 15.0]> : tensor<2xf32>
  %scale = arith.constant dense<[2.0, 8.0]> : tensor<2xf32>
  %y = nn.conv3d ndhwc %x, %w {groups = 2 : i64} : (tensor<1x2x2x2x2xf32>, tensor<1x1x1x1x2xf32>) -> tensor<1x2x2x2x2xf32>
  // expected-remark@+1 {{folded into 'nn.conv3d'}}
  %z = nn.batch_norm ndhwc %y, %mean, %var scale %scale {epsilon = 1.0 : f64}
      : (tensor<1x2x2x2x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x2x2x2xf32>
  return %z : tensor<1x2x2x2x2xf32>
}

// -----

// layer -> bias_add -> batch_norm: the bias_add [3, 1] becomes the layer's
// bias, then (3 - 1) * 1 + 0.5 = 2.5 and (1 - 2) * 2 - 1 = -3.
// CHECK-LABEL: func @conv3d_ncdhw_bias_add_between
// CHECK-DAG: %[[B:.*]] = arith.constant dense<[2.500000e+00, -3.000000e+00]> : tensor<2xf32>
// CHECK: nn.conv3d ncdhw %arg0, %{{.*}}, %[[B]]
// CHECK-NOT: nn.bias_add
// CHECK-NOT: nn.batch_norm
// expected-remark@+1 {{folded 1 of 1 batch_norm ops}}
func.func @conv3d_ncdhw_bias_add_between(%x: tensor<1x2x2x2x2xf32>) -> tensor<1x2x2x2x2xf32> {
  %w = arith.constant dense<[[[[[1.0]]], [[[2.0]]]], [[[[3.0]]], [[[4.0]]]]]> : tensor<2x2x1x1x1xf32>
  %b = arith.constant dense<[3.0, 1.0]> : tensor<2xf32>
  %mean = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %var = arith.constant dense<[3.0, 15.0]> : tensor<2xf32>
  %scale = arith.constant dense<[2.0, 8.0]> : tensor<2xf32>
  %offset = arith.constant dense<[0.5, -1.0]> : tensor<2xf32>
  %y = nn.conv3d ncdhw %x, %w : (tensor<1x2x2x2x2xf32>, tensor<2x2x1x1x1xf32>) -> tensor<1x2x2x2x2xf32>
  %yb = nn.bias_add ncdhw %y, %b : (tensor<1x2x2x2x2xf32>, tensor<2xf32>) -> tensor<1x2x2x2x2xf32>
  // expected-remark@+1 {{folded into 'nn.conv3d'}}
  %z = nn.batch_norm ncdhw %yb, %mean, %var scale %scale offset %offset {epsilon = 1.0 : f64}
      : (tensor<1x2x2x2x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x2x2x2xf32>
  return %z : tensor<1x2x2x2x2xf32>
}

// -----

// CHECK-LABEL: func @conv1d_nwc_bias_add_between
// CHECK-DAG: %[[B:.*]] = arith.constant dense<[2.500000e+00, -3.000000e+00]> : tensor<2xf32>
// CHECK: nn.conv1d nwc %arg0, %{{.*}}, %[[B]]
// CHECK-NOT: nn.bias_add
// CHECK-NOT: nn.batch_norm
// expected-remark@+1 {{folded 1 of 1 batch_norm ops}}
func.func @conv1d_nwc_bias_add_between(%x: tensor<1x3x2xf32>) -> tensor<1x3x2xf32> {
  %w = arith.constant dense<[[[1.0, 2.0], [3.0, 4.0]]]> : tensor<1x2x2xf32>
  %b = arith.constant dense<[3.0, 1.0]> : tensor<2xf32>
  %mean = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %var = arith.constant dense<[3.0, 15.0]> : tensor<2xf32>
  %scale = arith.constant dense<[2.0, 8.0]> : tensor<2xf32>
  %offset = arith.constant dense<[0.5, -1.0]> : tensor<2xf32>
  %y = nn.conv1d nwc %x, %w : (tensor<1x3x2xf32>, tensor<1x2x2xf32>) -> tensor<1x3x2xf32>
  %yb = nn.bias_add nwc %y, %b : (tensor<1x3x2xf32>, tensor<2xf32>) -> tensor<1x3x2xf32>
  // expected-remark@+1 {{folded into 'nn.conv1d'}}
  %z = nn.batch_norm nwc %yb, %mean, %var scale %scale offset %offset {epsilon = 1.0 : f64}
      : (tensor<1x3x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x3x2xf32>
  return %z : tensor<1x3x2xf32>
}

// -----

// CHECK-LABEL: func @conv1d_ncw_identity_between
// CHECK: %[[Y:.*]] = nn.conv1d ncw %arg0, %{{.*}}, %{{.*}}
// CHECK-NOT: nn.identity
// CHECK-NOT: nn.batch_norm
// CHECK: return %[[Y]]
// expected-remark@+1 {{folded 1 of 1 batch_norm ops}}
func.func @conv1d_ncw_identity_between(%x: tensor<1x2x3xf32>) -> tensor<1x2x3xf32> {
  %w = arith.constant dense<[[[1.0], [2.0]], [[3.0], [4.0]]]> : tensor<2x2x1xf32>
  %mean = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %var = arith.constant dense<[3.0, 15.0]> : tensor<2xf32>
  %y = nn.conv1d ncw %x, %w : (tensor<1x2x3xf32>, tensor<2x2x1xf32>) -> tensor<1x2x3xf32>
  %i = nn.identity %y : tensor<1x2x3xf32>
  // expected-remark@+1 {{folded into 'nn.conv1d'}}
  %z = nn.batch_norm ncw %i, %mean, %var {epsilon = 1.0 : f64}
      : (tensor<1x2x3xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x3xf32>
  return %z : tensor<1x2x3xf32>
}

// -----

// CHECK-LABEL: func @conv3d_ndhwc_identity_between
// CHECK: %[[Y:.*]] = nn.conv3d ndhwc %arg0, %{{.*}}, %{{.*}}
// CHECK-NOT: nn.identity
// CHECK-NOT: nn.batch_norm
// CHECK: return %[[Y]]
// expected-remark@+1 {{folded 1 of 1 batch_norm ops}}
func.func @conv3d_ndhwc_identity_between(%x: tensor<1x2x2x2x2xf32>) -> tensor<1x2x2x2x2xf32> {
  %w = arith.constant dense<[[[[[1.0, 2.0], [3.0, 4.0]]]]]> : tensor<1x1x1x2x2xf32>
  %mean = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %var = arith.constant dense<[3.0, 15.0]> : tensor<2xf32>
  %y = nn.conv3d ndhwc %x, %w : (tensor<1x2x2x2x2xf32>, tensor<1x1x1x2x2xf32>) -> tensor<1x2x2x2x2xf32>
  %i = nn.identity %y : tensor<1x2x2x2x2xf32>
  // expected-remark@+1 {{folded into 'nn.conv3d'}}
  %z = nn.batch_norm ndhwc %i, %mean, %var {epsilon = 1.0 : f64}
      : (tensor<1x2x2x2x2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x2x2x2xf32>
  return %z : tensor<1x2x2x2x2xf32>
}

// -----

// No scale: the multiplier is 1 / sqrt(variance + epsilon) = [0.5, 0.25].
// No offset: the bias is -mean * multiplier = [-0.5, -0.5].
// CHECK-LABEL: func @conv3d_ndhwc_no_scale_no_offset
// CHECK-DAG: arith.constant dense<{{\[\[\[\[\[}}5.000000e-01, 5.000000e-01], [1.500000e+00, 1.000000e+00]]]]]> : tensor<1x1x1x2x2xf32>
// CHECK-DAG: arith.constant dense<-5.000000e-01> : tensor<2xf32>
// expected-remark@+1 {{folded 1 of 1 batch_norm ops}}
func.func @conv3d_ndhwc_no_scale_no_offset(%x: tensor<1x2x2x2x2xf32>) -> tensor<1x2x2x2x2xf32> {
  %w = arith.constant dense<[[[[[1.0, 2.0], [3.0, 4.0]]]]]> : tensor<1x1x1x2x2xf32>
  %mean = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %var = arith.constant dense<[3.0, 15.0]> : tensor<2xf32>
  %y = nn.conv3d ndhwc %x, %w : (tensor<1x2x2x2x2xf32>, tensor<1x1x1x2x2xf32>) -> tensor<1x2x2x2x2xf32>
  // expected-remark@+1 {{folded into 'nn.conv3d'}}
  %z = nn.batch_norm ndhwc %y, %mean, %var {epsilon = 1.0 : f64}
      : (tensor<1x2x2x2x2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x2x2x2xf32>
  return %z : tensor<1x2x2x2x2xf32>
}

// -----

// Scale but no offset (bias -mean * [1, 2]); offset but no scale (bias
// -mean * [0.5, 0.25] + offset).
// CHECK-LABEL: func @conv1d_ncw_scale_only
// CHECK-DAG: arith.constant dense<[-1.000000e+00, -4.000000e+00]> : tensor<2xf32>
// CHECK-LABEL: func @conv1d_ncw_offset_only
// CHECK-DAG: arith.constant dense<{{\[\[\[}}5.000000e-01], [1.000000e+00]], {{\[\[}}7.500000e-01], [1.000000e+00]]]> : tensor<2x2x1xf32>
// CHECK-DAG: arith.constant dense<[0.000000e+00, -1.500000e+00]> : tensor<2xf32>
// expected-remark@+1 {{folded 1 of 1 batch_norm ops}}
func.func @conv1d_ncw_scale_only(%x: tensor<1x2x3xf32>) -> tensor<1x2x3xf32> {
  %w = arith.constant dense<[[[1.0], [2.0]], [[3.0], [4.0]]]> : tensor<2x2x1xf32>
  %mean = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %var = arith.constant dense<[3.0, 15.0]> : tensor<2xf32>
  %scale = arith.constant dense<[2.0, 8.0]> : tensor<2xf32>
  %y = nn.conv1d ncw %x, %w : (tensor<1x2x3xf32>, tensor<2x2x1xf32>) -> tensor<1x2x3xf32>
  // expected-remark@+1 {{folded into 'nn.conv1d'}}
  %z = nn.batch_norm ncw %y, %mean, %var scale %scale {epsilon = 1.0 : f64}
      : (tensor<1x2x3xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x3xf32>
  return %z : tensor<1x2x3xf32>
}
// expected-remark@+1 {{folded 1 of 1 batch_norm ops}}
func.func @conv1d_ncw_offset_only(%x: tensor<1x2x3xf32>) -> tensor<1x2x3xf32> {
  %w = arith.constant dense<[[[1.0], [2.0]], [[3.0], [4.0]]]> : tensor<2x2x1xf32>
  %mean = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %var = arith.constant dense<[3.0, 15.0]> : tensor<2xf32>
  %offset = arith.constant dense<[0.5, -1.0]> : tensor<2xf32>
  %y = nn.conv1d ncw %x, %w : (tensor<1x2x3xf32>, tensor<2x2x1xf32>) -> tensor<1x2x3xf32>
  // expected-remark@+1 {{folded into 'nn.conv1d'}}
  %z = nn.batch_norm ncw %y, %mean, %var offset %offset {epsilon = 1.0 : f64}
      : (tensor<1x2x3xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x3xf32>
  return %z : tensor<1x2x3xf32>
}

// -----

// Symbolic parameters: the fold emits nn.bn_fold_weights / nn.bn_fold_bias
// over the block arguments.
// CHECK-LABEL: func @conv1d_ncw_runtime_params
// CHECK-SAME: (%[[X:.*]]: tensor<1x2x5xf32>, %[[W:.*]]: tensor<8x2x3xf32>, %[[M:.*]]: tensor<8xf32>, %[[V:.*]]: tensor<8xf32>, %[[S:.*]]: tensor<8xf32>, %[[O:.*]]: tensor<8xf32>)
// CHECK: %[[FW:.*]] = nn.bn_fold_weights %[[W]], %[[V]] scale %[[S]] {channel_dims = array<i64: 0>, epsilon = 1.000000e-03 : f64} :
// CHECK: %[[FB:.*]] = nn.bn_fold_bias %[[M]], %[[V]] scale %[[S]] offset %[[O]] {epsilon = 1.000000e-03 : f64}
// CHECK: %[[Y:.*]] = nn.conv1d ncw %[[X]], %[[FW]], %[[FB]]
// CHECK-NOT: nn.batch_norm
// CHECK: return %[[Y]]
// expected-remark@+1 {{folded 1 of 1 batch_norm ops}}
func.func @conv1d_ncw_runtime_params(%x: tensor<1x2x5xf32>, %w: tensor<8x2x3xf32>, %mean: tensor<8xf32>,
                                     %var: tensor<8xf32>, %scale: tensor<8xf32>, %offset: tensor<8xf32>) -> tensor<1x8x3xf32> {
  %y = nn.conv1d ncw %x, %w : (tensor<1x2x5xf32>, tensor<8x2x3xf32>) -> tensor<1x8x3xf32>
  // expected-remark@+1 {{folded into 'nn.conv1d'}}
  %z = nn.batch_norm ncw %y, %mean, %var scale %scale offset %offset {epsilon = 1.0e-3 : f64}
      : (tensor<1x8x3xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<1x8x3xf32>
  return %z : tensor<1x8x3xf32>
}

// -----

// CHECK-LABEL: func @conv3d_ndhwc_runtime_params
// CHECK: nn.bn_fold_weights %arg1, %arg3 {channel_dims = array<i64: 4>, epsilon = 1.000000e-03 : f64} :
// CHECK: nn.bn_fold_bias %arg2, %arg3
// CHECK: nn.conv3d ndhwc
// CHECK-NOT: nn.batch_norm
// expected-remark@+1 {{folded 1 of 1 batch_norm ops}}
func.func @conv3d_ndhwc_runtime_params(%x: tensor<1x3x3x3x2xf32>, %w: tensor<2x2x2x2x4xf32>, %mean: tensor<4xf32>,
                                       %var: tensor<4xf32>) -> tensor<1x2x2x2x4xf32> {
  %y = nn.conv3d ndhwc %x, %w : (tensor<1x3x3x3x2xf32>, tensor<2x2x2x2x4xf32>) -> tensor<1x2x2x2x4xf32>
  // expected-remark@+1 {{folded into 'nn.conv3d'}}
  %z = nn.batch_norm ndhwc %y, %mean, %var {epsilon = 1.0e-3 : f64}
      : (tensor<1x2x2x2x4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x2x2x2x4xf32>
  return %z : tensor<1x2x2x2x4xf32>
}

// -----

// f16, bf16 and f64: the weights are scaled in f64 and rounded once.
// CHECK-LABEL: func @conv1d_nwc_f16
// CHECK-DAG: arith.constant dense<{{\[\[\[}}1.000000e+00, 4.000000e+00], [3.000000e+00, 8.000000e+00]]]> : tensor<1x2x2xf16>
// CHECK-DAG: arith.constant dense<[-5.000000e-01, -5.000000e+00]> : tensor<2xf16>
// CHECK: nn.conv1d nwc
// CHECK-NOT: nn.batch_norm
// expected-remark@+1 {{folded 1 of 1 batch_norm ops}}
func.func @conv1d_nwc_f16(%x: tensor<1x3x2xf16>) -> tensor<1x3x2xf16> {
  %w = arith.constant dense<[[[1.0, 2.0], [3.0, 4.0]]]> : tensor<1x2x2xf16>
  %mean = arith.constant dense<[1.0, 2.0]> : tensor<2xf16>
  %var = arith.constant dense<[3.0, 15.0]> : tensor<2xf16>
  %scale = arith.constant dense<[2.0, 8.0]> : tensor<2xf16>
  %offset = arith.constant dense<[0.5, -1.0]> : tensor<2xf16>
  %y = nn.conv1d nwc %x, %w : (tensor<1x3x2xf16>, tensor<1x2x2xf16>) -> tensor<1x3x2xf16>
  // expected-remark@+1 {{folded into 'nn.conv1d'}}
  %z = nn.batch_norm nwc %y, %mean, %var scale %scale offset %offset {epsilon = 1.0 : f64}
      : (tensor<1x3x2xf16>, tensor<2xf16>, tensor<2xf16>, tensor<2xf16>, tensor<2xf16>) -> tensor<1x3x2xf16>
  return %z : tensor<1x3x2xf16>
}

// -----

// CHECK-LABEL: func @conv3d_ncdhw_bf16
// CHECK-DAG: arith.constant dense<{{\[\[\[\[\[}}1.000000e+00]]], {{\[\[\[}}2.000000e+00]]]], {{\[\[\[\[}}6.000000e+00]]], {{\[\[\[}}8.000000e+00]]]]]> : tensor<2x2x1x1x1xbf16>
// CHECK: nn.conv3d ncdhw
// CHECK-NOT: nn.batch_norm
// expected-remark@+1 {{folded 1 of 1 batch_norm ops}}
func.func @conv3d_ncdhw_bf16(%x: tensor<1x2x2x2x2xbf16>) -> tensor<1x2x2x2x2xbf16> {
  %w = arith.constant dense<[[[[[1.0]]], [[[2.0]]]], [[[[3.0]]], [[[4.0]]]]]> : tensor<2x2x1x1x1xbf16>
  %mean = arith.constant dense<[1.0, 2.0]> : tensor<2xbf16>
  %var = arith.constant dense<[3.0, 15.0]> : tensor<2xbf16>
  %scale = arith.constant dense<[2.0, 8.0]> : tensor<2xbf16>
  %y = nn.conv3d ncdhw %x, %w : (tensor<1x2x2x2x2xbf16>, tensor<2x2x1x1x1xbf16>) -> tensor<1x2x2x2x2xbf16>
  // expected-remark@+1 {{folded into 'nn.conv3d'}}
  %z = nn.batch_norm ncdhw %y, %mean, %var scale %scale {epsilon = 1.0 : f64}
      : (tensor<1x2x2x2x2xbf16>, tensor<2xbf16>, tensor<2xbf16>, tensor<2xbf16>) -> tensor<1x2x2x2x2xbf16>
  return %z : tensor<1x2x2x2x2xbf16>
}

// -----

// CHECK-LABEL: func @conv1d_ncw_f64
// CHECK-DAG: arith.constant dense<{{\[\[\[}}1.000000e+00], [2.000000e+00]], {{\[\[}}6.000000e+00], [8.000000e+00]]]> : tensor<2x2x1xf64>
// CHECK: nn.conv1d ncw
// CHECK-NOT: nn.batch_norm
// expected-remark@+1 {{folded 1 of 1 batch_norm ops}}
func.func @conv1d_ncw_f64(%x: tensor<1x2x3xf64>) -> tensor<1x2x3xf64> {
  %w = arith.constant dense<[[[1.0], [2.0]], [[3.0], [4.0]]]> : tensor<2x2x1xf64>
  %mean = arith.constant dense<[1.0, 2.0]> : tensor<2xf64>
  %var = arith.constant dense<[3.0, 15.0]> : tensor<2xf64>
  %scale = arith.constant dense<[2.0, 8.0]> : tensor<2xf64>
  %y = nn.conv1d ncw %x, %w : (tensor<1x2x3xf64>, tensor<2x2x1xf64>) -> tensor<1x2x3xf64>
  // expected-remark@+1 {{folded into 'nn.conv1d'}}
  %z = nn.batch_norm ncw %y, %mean, %var scale %scale {epsilon = 1.0 : f64}
      : (tensor<1x2x3xf64>, tensor<2xf64>, tensor<2xf64>, tensor<2xf64>) -> tensor<1x2x3xf64>
  return %z : tensor<1x2x3xf64>
}

// -----

// The batch norm normalizes a spatial dim, not the channels.
// CHECK-LABEL: func @no_fold_conv3d_axis_mismatch
// CHECK: nn.conv3d
// CHECK: nn.batch_norm
// expected-remark@+1 {{folded 0 of 1 batch_norm ops}}
func.func @no_fold_conv3d_axis_mismatch(%x: tensor<1x2x2x2x2xf32>) -> tensor<1x2x2x2x2xf32> {
  %w = arith.constant dense<0.5> : tensor<2x2x1x1x1xf32>
  %m = arith.constant dense<1.0> : tensor<2xf32>
  %y = nn.conv3d ncdhw %x, %w : (tensor<1x2x2x2x2xf32>, tensor<2x2x1x1x1xf32>) -> tensor<1x2x2x2x2xf32>
  // expected-remark@+1 {{not folded: batch_norm normalizes dim 2 but the channels of 'nn.conv3d' are dim 1}}
  %z = nn.batch_norm %y, %m, %m {axis = 2 : i64} : (tensor<1x2x2x2x2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x2x2x2xf32>
  return %z : tensor<1x2x2x2x2xf32>
}

// -----

// CHECK-LABEL: func @no_fold_conv1d_shared_result
// CHECK: %[[Y:.*]] = nn.conv1d nwc %arg0, %{{[a-z_0-9]+}} :
// CHECK: nn.batch_norm nwc %[[Y]]
// expected-remark@+1 {{folded 0 of 1 batch_norm ops}}
func.func @no_fold_conv1d_shared_result(%x: tensor<1x4x2xf32>) -> (tensor<1x4x2xf32>, tensor<1x4x2xf32>) {
  %w = arith.constant dense<0.5> : tensor<1x2x2xf32>
  %m = arith.constant dense<1.0> : tensor<2xf32>
  %y = nn.conv1d nwc %x, %w : (tensor<1x4x2xf32>, tensor<1x2x2xf32>) -> tensor<1x4x2xf32>
  // expected-remark@+1 {{not folded: the result of 'nn.conv1d' has another user}}
  %z = nn.batch_norm nwc %y, %m, %m : (tensor<1x4x2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x4x2xf32>
  return %y, %z : tensor<1x4x2xf32>, tensor<1x4x2xf32>
}

// -----

// CHECK-LABEL: func @no_fold_conv3d_dynamic_channels
// CHECK: nn.batch_norm
// expected-remark@+1 {{folded 0 of 1 batch_norm ops}}
func.func @no_fold_conv3d_dynamic_channels(%x: tensor<1x2x2x2x2xf32>, %w: tensor<1x1x1x2x?xf32>, %m: tensor<?xf32>) -> tensor<1x2x2x2x?xf32> {
  %y = nn.conv3d ndhwc %x, %w : (tensor<1x2x2x2x2xf32>, tensor<1x1x1x2x?xf32>) -> tensor<1x2x2x2x?xf32>
  // expected-remark@+1 {{not folded: the channel dim of 'nn.conv3d' is dynamic}}
  %z = nn.batch_norm ndhwc %y, %m, %m : (tensor<1x2x2x2x?xf32>, tensor<?xf32>, tensor<?xf32>) -> tensor<1x2x2x2x?xf32>
  return %z : tensor<1x2x2x2x?xf32>
}
