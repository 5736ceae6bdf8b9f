// RUN: bnfold-opt %s --fold-batchnorm=report -split-input-file -verify-diagnostics | FileCheck %s
// Execution check: the original and the folded functions compute the same
// results on pseudo-random inputs (the expected-* comments are only checked
// by the first RUN line).
// RUN: bnfold-opt %s --fold-batchnorm -o %t 2>/dev/null
// RUN: bnfold-run --compare --all-functions %s %t | FileCheck %s --check-prefix=EXEC
// EXEC-NOT: MISMATCH
// EXEC: compare all: OK

// conv -> BN -> conv -> BN: both fold, each into its own conv.
// CHECK-LABEL: func @chain_nhwc
// CHECK: %[[A:.*]] = nn.conv2d nhwc %arg0, %{{.*}}, %{{.*}}
// CHECK: %[[B:.*]] = nn.conv2d nhwc %[[A]], %{{.*}}, %{{.*}}
// CHECK-NOT: nn.batch_norm
// CHECK: return %[[B]]
// expected-remark@+1 {{folded 2 of 2 batch_norm ops}}
func.func @chain_nhwc(%x: tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32> {
  %w = arith.constant dense<[[[[1.0, 2.0], [3.0, 4.0]]]]> : tensor<1x1x2x2xf32>
  %mean = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %var = arith.constant dense<[3.0, 15.0]> : tensor<2xf32>
  %y1 = nn.conv2d nhwc %x, %w : (tensor<1x4x4x2xf32>, tensor<1x1x2x2xf32>) -> tensor<1x4x4x2xf32>
  // expected-remark@+1 {{folded into 'nn.conv2d'}}
  %z1 = nn.batch_norm nhwc %y1, %mean, %var : (tensor<1x4x4x2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x4x4x2xf32>
  %y2 = nn.conv2d nhwc %z1, %w : (tensor<1x4x4x2xf32>, tensor<1x1x2x2xf32>) -> tensor<1x4x4x2xf32>
  // expected-remark@+1 {{folded into 'nn.conv2d'}}
  %z2 = nn.batch_norm nhwc %y2, %mean, %var : (tensor<1x4x4x2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x4x4x2xf32>
  return %z2 : tensor<1x4x4x2xf32>
}

// -----

// A residual block: conv -> BN -> relu -> conv -> BN -> add(skip) -> relu.
// Both batch norms fold; relu and add stay.
// CHECK-LABEL: func @residual_block_nchw
// CHECK: %[[A:.*]] = nn.conv2d nchw %arg0, %{{.*}}, %{{.*}} {padding = array<i64: 1, 1, 1, 1>}
// CHECK: %[[R:.*]] = nn.relu %[[A]]
// CHECK: %[[B:.*]] = nn.conv2d nchw %[[R]], %{{.*}}, %{{.*}} {padding = array<i64: 1, 1, 1, 1>}
// CHECK: %[[S:.*]] = nn.add %[[B]], %arg0
// CHECK: %[[O:.*]] = nn.relu %[[S]]
// CHECK-NOT: nn.batch_norm
// CHECK: return %[[O]]
// expected-remark@+1 {{folded 2 of 2 batch_norm ops}}
func.func @residual_block_nchw(%x: tensor<?x2x4x4xf32>) -> tensor<?x2x4x4xf32> {
  %w = arith.constant dense<0.25> : tensor<2x2x3x3xf32>
  %mean = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %var = arith.constant dense<[3.0, 15.0]> : tensor<2xf32>
  %scale = arith.constant dense<[2.0, 8.0]> : tensor<2xf32>
  %offset = arith.constant dense<[0.5, -1.0]> : tensor<2xf32>
  %y1 = nn.conv2d nchw %x, %w {padding = array<i64: 1, 1, 1, 1>} : (tensor<?x2x4x4xf32>, tensor<2x2x3x3xf32>) -> tensor<?x2x4x4xf32>
  // expected-remark@+1 {{folded into 'nn.conv2d'}}
  %z1 = nn.batch_norm nchw %y1, %mean, %var scale %scale offset %offset
      : (tensor<?x2x4x4xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<?x2x4x4xf32>
  %r1 = nn.relu %z1 : tensor<?x2x4x4xf32>
  %y2 = nn.conv2d nchw %r1, %w {padding = array<i64: 1, 1, 1, 1>} : (tensor<?x2x4x4xf32>, tensor<2x2x3x3xf32>) -> tensor<?x2x4x4xf32>
  // expected-remark@+1 {{folded into 'nn.conv2d'}}
  %z2 = nn.batch_norm nchw %y2, %mean, %var scale %scale offset %offset
      : (tensor<?x2x4x4xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<?x2x4x4xf32>
  %sum = nn.add %z2, %x : tensor<?x2x4x4xf32>
  %out = nn.relu %sum : tensor<?x2x4x4xf32>
  return %out : tensor<?x2x4x4xf32>
}

// -----

// Two functions are folded independently (and in parallel).
// CHECK-LABEL: func @first
// CHECK-NOT: nn.batch_norm
// CHECK-LABEL: func @second
// CHECK-NOT: nn.batch_norm
// expected-remark@+1 {{folded 1 of 1 batch_norm ops}}
func.func @first(%x: tensor<2x3xf32>, %w: tensor<3x2xf32>, %m: tensor<2xf32>) -> tensor<2x2xf32> {
  %y = nn.matmul %x, %w : (tensor<2x3xf32>, tensor<3x2xf32>) -> tensor<2x2xf32>
  // expected-remark@+1 {{folded into 'nn.matmul'}}
  %z = nn.batch_norm %y, %m, %m : (tensor<2x2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<2x2xf32>
  return %z : tensor<2x2xf32>
}
// expected-remark@+1 {{folded 1 of 1 batch_norm ops}}
func.func @second(%x: tensor<2x3xf32>, %w: tensor<3x2xf32>, %m: tensor<2xf32>) -> tensor<2x2xf32> {
  %y = nn.matmul %x, %w : (tensor<2x3xf32>, tensor<3x2xf32>) -> tensor<2x2xf32>
  // expected-remark@+1 {{folded into 'nn.matmul'}}
  %z = nn.batch_norm %y, %m, %m : (tensor<2x2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<2x2xf32>
  return %z : tensor<2x2xf32>
}

// -----

// A BNNeck-like head without the pooling: conv -> BN -> relu -> flatten ->
// BN -> matmul -> BN. The first and the last batch norms fold into the
// layers before them; the middle one reads a relu through the flatten and
// folds forward into the matmul (this shape used to crash the pass).
// CHECK-LABEL: func @bnneck_head
// CHECK: %[[C:.*]] = nn.conv2d nchw %arg0, %{{.*}}, %{{.*}}
// CHECK: %[[R:.*]] = nn.relu %[[C]]
// CHECK: %[[F:.*]] = nn.reshape %[[R]]
// CHECK-NOT: nn.batch_norm
// CHECK: %[[M:.*]] = nn.matmul %[[F]], %{{.*}}, %{{.*}}
// CHECK-NOT: nn.batch_norm
// CHECK: return %[[M]]
// expected-remark@+1 {{folded 3 of 3 batch_norm ops}}
func.func @bnneck_head(%x: tensor<?x2x2x2xf32>) -> tensor<?x3xf32> {
  %w = arith.constant dense<[[[[1.0, -1.0], [0.5, 2.0]], [[0.25, 1.0], [-0.5, 1.5]]], [[[2.0, 0.5], [1.0, -1.0]], [[0.75, -0.25], [1.0, 0.5]]]]> : tensor<2x2x2x2xf32>
  %mean = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %var = arith.constant dense<[3.0, 15.0]> : tensor<2xf32>
  %m8 = arith.constant dense<[0.1, 0.2, 0.3, 0.4, -0.1, -0.2, -0.3, -0.4]> : tensor<8xf32>
  %v8 = arith.constant dense<[1.0, 2.0, 0.5, 0.25, 4.0, 1.5, 3.0, 0.75]> : tensor<8xf32>
  %fc = arith.constant dense<0.125> : tensor<8x3xf32>
  %m3 = arith.constant dense<[0.5, -0.5, 1.0]> : tensor<3xf32>
  %v3 = arith.constant dense<[2.0, 0.5, 1.0]> : tensor<3xf32>
  %c = nn.conv2d nchw %x, %w {padding = array<i64: 1, 0, 1, 0>} : (tensor<?x2x2x2xf32>, tensor<2x2x2x2xf32>) -> tensor<?x2x2x2xf32>
  // expected-remark@+1 {{folded into 'nn.conv2d'}}
  %b1 = nn.batch_norm nchw %c, %mean, %var : (tensor<?x2x2x2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<?x2x2x2xf32>
  %r = nn.relu %b1 : tensor<?x2x2x2xf32>
  %f = nn.reshape %r : (tensor<?x2x2x2xf32>) -> tensor<?x8xf32>
  // expected-remark@+1 {{folded into 'nn.matmul'}}
  %b2 = nn.batch_norm %f, %m8, %v8 : (tensor<?x8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<?x8xf32>
  %y = nn.matmul %b2, %fc : (tensor<?x8xf32>, tensor<8x3xf32>) -> tensor<?x3xf32>
  // expected-remark@+1 {{folded into 'nn.matmul'}}
  %b3 = nn.batch_norm %y, %m3, %v3 : (tensor<?x3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<?x3xf32>
  return %b3 : tensor<?x3xf32>
}
