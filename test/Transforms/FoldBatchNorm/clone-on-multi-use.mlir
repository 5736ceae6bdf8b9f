// RUN: bnfold-opt %s --fold-batchnorm="report clone-on-multi-use" -split-input-file -verify-diagnostics | FileCheck %s
// Execution check: the original and the folded functions compute the same
// results on pseudo-random inputs.
// RUN: bnfold-opt %s --fold-batchnorm=clone-on-multi-use -o %t 2>/dev/null
// RUN: bnfold-run --compare --all-functions %s %t | FileCheck %s --check-prefix=EXEC
// EXEC-NOT: MISMATCH
// EXEC: compare all: OK
// Without the option, each of these batch norms stays, with the reason.
// RUN: bnfold-opt %s --fold-batchnorm=report -split-input-file 2>&1 >/dev/null | FileCheck %s --check-prefix=OFF
// OFF-NOT: folded into a copy

// With clone-on-multi-use, a layer whose result has other users takes a
// batch norm into a copy of itself; the other users keep the original.

// CHECK-LABEL: func @shared_conv
// CHECK:         %[[ORIG:.*]] = nn.conv2d nchw %arg0, %[[W:[^,]*]] {padding
// CHECK:         %[[COPY:.*]] = nn.conv2d nchw %arg0, %{{.*}}, %{{.*}} {padding
// CHECK:         return %[[COPY]], %[[ORIG]]
// expected-remark@+1 {{folded 1 of 1 batch_norm ops}}
func.func @shared_conv(%x: tensor<1x3x5x5xf32>) -> (tensor<1x4x5x5xf32>, tensor<1x4x5x5xf32>) {
  %w = arith.constant dense<[[[[0.0803, -0.0831, -0.4871], [-0.1823, 0.1458, -0.574], [0.4496, 0.4249, -0.5468]], [[0.3629, -0.3782, 0.2347], [-0.414, 0.2299, 0.5504], [0.582, 0.196, -0.4037]], [[-0.1261, -0.2664, 0.5468], [-0.2408, 0.0733, -0.1112], [-0.4335, -0.1383, 0.3233]]], [[[-0.1037, 0.2152, 0.0982], [-0.5082, 0.2759, 0.2088], [0.3623, -0.4213, 0.5694]], [[0.4412, 0.4837, 0.5543], [0.1454, -0.1546, -0.5304], [0.2383, 0.1579, 0.1788]], [[-0.5921, 0.5348, -0.1355], [-0.5157, 0.587, 0.2829], [0.0278, 0.3176, 0.3631]]], [[[0.2, -0.1785, -0.2171], [0.2036, -0.4274, -0.3584], [-0.3638, -0.0477, 0.1372]], [[0.0037, 0.3243, 0.5471], [-0.4936, -0.4069, 0.3078], [-0.1768, 0.1844, -0.5092]], [[-0.4311, 0.4543, -0.0795], [-0.4519, 0.51, -0.3241], [-0.5032, 0.0456, 0.0907]]], [[[-0.5, 0.2123, -0.2383], [0.5904, -0.1851, 0.2597], [0.1527, 0.1045, -0.5312]], [[0.37, -0.2162, 0.0452], [0.4225, 0.201, -0.3333], [0.5845, 0.3575, 0.0177]], [[0.2961, -0.2325, -0.1859], [-0.0761, -0.2358, -0.2093], [0.1972, -0.0307, -0.2655]]]]> : tensor<4x3x3x3xf32>
  %mean = arith.constant dense<[0.1338, -0.1385, -0.8119, -0.3038]> : tensor<4xf32>
  %var = arith.constant dense<[1.5727, 0.1031, 2.1928, 2.1424]> : tensor<4xf32>
  %gamma = arith.constant dense<[-0.3532, 1.2629, 0.5218, 1.1347]> : tensor<4xf32>
  %beta = arith.constant dense<[0.3266, -0.6728, -0.2102, -0.444]> : tensor<4xf32>
  %y = nn.conv2d nchw %x, %w {padding = array<i64: 1, 1, 1, 1>} : (tensor<1x3x5x5xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x5x5xf32>
  // OFF: not folded: the result of 'nn.conv2d' has another user
  // 108 weights and 4 biases of 4 bytes.
  // expected-remark@+1 {{folded into a copy of 'nn.conv2d' (its result has 1 other user); the copy adds 448 weight bytes}}
  %z = nn.batch_norm nchw %y, %mean, %var scale %gamma offset %beta {epsilon = 1.0e-03 : f64} : (tensor<1x4x5x5xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x5x5xf32>
  return %z, %y : tensor<1x4x5x5xf32>, tensor<1x4x5x5xf32>
}

// -----

// Two other users; a grouped f16 convolution (2 bytes a value).
// CHECK-LABEL: func @two_other_users
// CHECK-COUNT-2: nn.conv2d
// CHECK-NOT:     nn.batch_norm
// expected-remark@+1 {{folded 1 of 1 batch_norm ops}}
func.func @two_other_users(%x: tensor<1x4x4x4xf16>) -> (tensor<1x4x4x4xf16>, tensor<1x4x4x4xf16>, tensor<1x4x4x4xf16>) {
  %w = arith.constant dense<[[[[0.0803, -0.0831, -0.4871], [-0.1823, 0.1458, -0.574], [0.4496, 0.4249, -0.5468]], [[0.3629, -0.3782, 0.2347], [-0.414, 0.2299, 0.5504], [0.582, 0.196, -0.4037]]], [[[-0.1261, -0.2664, 0.5468], [-0.2408, 0.0733, -0.1112], [-0.4335, -0.1383, 0.3233]], [[-0.1037, 0.2152, 0.0982], [-0.5082, 0.2759, 0.2088], [0.3623, -0.4213, 0.5694]]], [[[0.4412, 0.4837, 0.5543], [0.1454, -0.1546, -0.5304], [0.2383, 0.1579, 0.1788]], [[-0.5921, 0.5348, -0.1355], [-0.5157, 0.587, 0.2829], [0.0278, 0.3176, 0.3631]]], [[[0.2, -0.1785, -0.2171], [0.2036, -0.4274, -0.3584], [-0.3638, -0.0477, 0.1372]], [[0.0037, 0.3243, 0.5471], [-0.4936, -0.4069, 0.3078], [-0.1768, 0.1844, -0.5092]]]]> : tensor<4x2x3x3xf16>
  %b = arith.constant dense<[0.0803, -0.0831, -0.4871, -0.1823]> : tensor<4xf16>
  %mean = arith.constant dense<[0.1338, -0.1385, -0.8119, -0.3038]> : tensor<4xf16>
  %var = arith.constant dense<[1.5727, 0.1031, 2.1928, 2.1424]> : tensor<4xf16>
  %gamma = arith.constant dense<[-0.3532, 1.2629, 0.5218, 1.1347]> : tensor<4xf16>
  %beta = arith.constant dense<[0.3266, -0.6728, -0.2102, -0.444]> : tensor<4xf16>
  %y = nn.conv2d nchw %x, %w, %b {groups = 2 : i64, padding = array<i64: 1, 1, 1, 1>} : (tensor<1x4x4x4xf16>, tensor<4x2x3x3xf16>, tensor<4xf16>) -> tensor<1x4x4x4xf16>
  %r = nn.relu %y : tensor<1x4x4x4xf16>
  // OFF: not folded: the result of 'nn.conv2d' has another user
  // expected-remark@+1 {{folded into a copy of 'nn.conv2d' (its result has 2 other users); the copy adds 152 weight bytes}}
  %z = nn.batch_norm nchw %y, %mean, %var scale %gamma offset %beta {epsilon = 1.0e-03 : f64} : (tensor<1x4x4x4xf16>, tensor<4xf16>, tensor<4xf16>, tensor<4xf16>, tensor<4xf16>) -> tensor<1x4x4x4xf16>
  return %z, %r, %y : tensor<1x4x4x4xf16>, tensor<1x4x4x4xf16>, tensor<1x4x4x4xf16>
}

// -----

// Two batch norms of one depthwise convolution: the first folds into a
// copy, the second then into the original, its only user left.
// CHECK-LABEL: func @two_batch_norms
// CHECK-COUNT-2: nn.depthwise_conv2d
// CHECK-NOT:     nn.batch_norm
// expected-remark@+1 {{folded 2 of 2 batch_norm ops}}
func.func @two_batch_norms(%x: tensor<?x5x5x3xf32>) -> (tensor<?x5x5x6xf32>, tensor<?x5x5x6xf32>) {
  %w = arith.constant dense<[[[[0.0803, -0.0831], [-0.4871, -0.1823], [0.1458, -0.574]], [[0.4496, 0.4249], [-0.5468, 0.3629], [-0.3782, 0.2347]], [[-0.414, 0.2299], [0.5504, 0.582], [0.196, -0.4037]]], [[[-0.1261, -0.2664], [0.5468, -0.2408], [0.0733, -0.1112]], [[-0.4335, -0.1383], [0.3233, -0.1037], [0.2152, 0.0982]], [[-0.5082, 0.2759], [0.2088, 0.3623], [-0.4213, 0.5694]]], [[[0.4412, 0.4837], [0.5543, 0.1454], [-0.1546, -0.5304]], [[0.2383, 0.1579], [0.1788, -0.5921], [0.5348, -0.1355]], [[-0.5157, 0.587], [0.2829, 0.0278], [0.3176, 0.3631]]]]> : tensor<3x3x3x2xf32>
  %mean = arith.constant dense<[0.1338, -0.1385, -0.8119, -0.3038, 0.243, -0.9567]> : tensor<6xf32>
  %var = arith.constant dense<[2.1928, 2.1424, 0.1585, 2.0159, 0.5027, 1.7543]> : tensor<6xf32>
  %gamma = arith.constant dense<[-0.486, -1.1299, 1.4504, -1.482, 1.096, -0.4963]> : tensor<6xf32>
  %beta = arith.constant dense<[-0.7225, -0.2305, 0.5388, -0.1728, 0.3586, 0.1637]> : tensor<6xf32>
  %g2 = arith.constant dense<[0.0803, -0.0831, -0.4871, -0.1823, 0.1458, -0.574]> : tensor<6xf32>
  %y = nn.depthwise_conv2d nhwc %x, %w {padding = array<i64: 1, 1, 1, 1>} : (tensor<?x5x5x3xf32>, tensor<3x3x3x2xf32>) -> tensor<?x5x5x6xf32>
  // expected-remark@+1 {{folded into}}
  %z1 = nn.batch_norm nhwc %y, %mean, %var scale %gamma offset %beta {epsilon = 1.0e-03 : f64} : (tensor<?x5x5x6xf32>, tensor<6xf32>, tensor<6xf32>, tensor<6xf32>, tensor<6xf32>) -> tensor<?x5x5x6xf32>
  // expected-remark@+1 {{folded into}}
  %z2 = nn.batch_norm nhwc %y, %beta, %var scale %g2 {epsilon = 1.0e-03 : f64} : (tensor<?x5x5x6xf32>, tensor<6xf32>, tensor<6xf32>, tensor<6xf32>) -> tensor<?x5x5x6xf32>
  return %z1, %z2 : tensor<?x5x5x6xf32>, tensor<?x5x5x6xf32>
}

// -----

// The reshape after a matmul is what is shared: both are copied.
// CHECK-LABEL: func @shared_reshape
// CHECK:         %[[M:.*]] = nn.matmul %arg0, %[[W:[^,]*]] :
// CHECK:         %[[R:.*]] = nn.reshape %[[M]]
// CHECK:         %[[MC:.*]] = nn.matmul %arg0, %{{.*}}, %{{.*}} :
// CHECK:         %[[RC:.*]] = nn.reshape %[[MC]]
// CHECK:         return %[[RC]], %[[R]]
// expected-remark@+1 {{folded 1 of 1 batch_norm ops}}
func.func @shared_reshape(%x: tensor<2x3xf32>) -> (tensor<2x4x1x1xf32>, tensor<2x4x1x1xf32>) {
  %w = arith.constant dense<[[0.0803, -0.0831, -0.4871, -0.1823], [0.1458, -0.574, 0.4496, 0.4249], [-0.5468, 0.3629, -0.3782, 0.2347]]> : tensor<3x4xf32>
  %mean = arith.constant dense<[0.1338, -0.1385, -0.8119, -0.3038]> : tensor<4xf32>
  %var = arith.constant dense<[1.5727, 0.1031, 2.1928, 2.1424]> : tensor<4xf32>
  %gamma = arith.constant dense<[-0.3532, 1.2629, 0.5218, 1.1347]> : tensor<4xf32>
  %beta = arith.constant dense<[0.3266, -0.6728, -0.2102, -0.444]> : tensor<4xf32>
  %m = nn.matmul %x, %w : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
  %r = nn.reshape %m : (tensor<2x4xf32>) -> tensor<2x4x1x1xf32>
  // OFF: not folded: the result of 'nn.reshape' has another user
  // expected-remark@+1 {{folded into a copy of 'nn.matmul' through 'nn.reshape' (the result of 'nn.reshape' has 1 other user); the copy adds 64 weight bytes}}
  %z = nn.batch_norm nchw %r, %mean, %var scale %gamma offset %beta {epsilon = 1.0e-03 : f64} : (tensor<2x4x1x1xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<2x4x1x1xf32>
  return %z, %r : tensor<2x4x1x1xf32>, tensor<2x4x1x1xf32>
}

// -----

// A batch norm written out as elementwise ops: the first step makes the
// copy, the second folds into it.
// CHECK-LABEL: func @written_out_steps
// CHECK-COUNT-2: nn.conv2d
// CHECK-NOT:     nn.mul
// CHECK-NOT:     nn.add
// expected-remark@+2 {{folded 0 of 0 batch_norm ops}}
// expected-remark@+1 {{folded 2 of 2 per-channel elementwise ops}}
func.func @written_out_steps(%x: tensor<1x3x4x4xf32>) -> (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) {
  %w = arith.constant dense<[[[[0.0803]], [[-0.0831]], [[-0.4871]]], [[[-0.1823]], [[0.1458]], [[-0.574]]]]> : tensor<2x3x1x1xf32>
  %s = arith.constant dense<[[[0.0803]], [[-0.0831]]]> : tensor<2x1x1xf32>
  %t = arith.constant dense<[[[0.0803]], [[-0.0831]]]> : tensor<2x1x1xf32>
  %y = nn.conv2d nchw %x, %w : (tensor<1x3x4x4xf32>, tensor<2x3x1x1xf32>) -> tensor<1x2x4x4xf32>
  // OFF: not folded: the result of 'nn.conv2d' has another user
  // expected-remark@+1 {{folded into a copy of 'nn.conv2d' (its result has 1 other user); the copy adds 32 weight bytes}}
  %a = nn.mul %y, %s : (tensor<1x2x4x4xf32>, tensor<2x1x1xf32>) -> tensor<1x2x4x4xf32>
  // expected-remark@+1 {{folded into 'nn.conv2d'}}
  %b = nn.add %a, %t : (tensor<1x2x4x4xf32>, tensor<2x1x1xf32>) -> tensor<1x2x4x4xf32>
  return %b, %y : tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>
}

// -----

// A bias_add on a shared layer goes into the copy with the batch norm
// after it; the batch norm's remark reports the copy.
// CHECK-LABEL: func @bias_add_then_batch_norm
// CHECK:         %[[ORIG:.*]] = nn.conv2d nhwc %arg0, %[[W:[^,]*]] :
// CHECK:         %[[COPY:.*]] = nn.conv2d nhwc %arg0, %{{.*}}, %{{.*}} :
// CHECK-NOT:     nn.bias_add
// CHECK:         return %[[COPY]], %[[ORIG]]
// expected-remark@+1 {{folded 1 of 1 batch_norm ops}}
func.func @bias_add_then_batch_norm(%x: tensor<1x4x4x3xf32>) -> (tensor<1x4x4x2xf32>, tensor<1x4x4x2xf32>) {
  %w = arith.constant dense<[[[[0.0803, -0.0831], [-0.4871, -0.1823], [0.1458, -0.574]]]]> : tensor<1x1x3x2xf32>
  %b = arith.constant dense<[0.0803, -0.0831]> : tensor<2xf32>
  %mean = arith.constant dense<[0.1338, -0.1385]> : tensor<2xf32>
  %var = arith.constant dense<[0.2805, 0.9028]> : tensor<2xf32>
  %gamma = arith.constant dense<[1.0458, 0.326]> : tensor<2xf32>
  %beta = arith.constant dense<[-0.9114, 0.6048]> : tensor<2xf32>
  %y = nn.conv2d nhwc %x, %w : (tensor<1x4x4x3xf32>, tensor<1x1x3x2xf32>) -> tensor<1x4x4x2xf32>
  %yb = nn.bias_add nhwc %y, %b : (tensor<1x4x4x2xf32>, tensor<2xf32>) -> tensor<1x4x4x2xf32>
  // OFF: not folded: the result of 'nn.conv2d' has another user besides its 'nn.bias_add'
  // expected-remark@+1 {{folded into a copy of 'nn.conv2d' (its result has 1 other user); the copy adds 32 weight bytes}}
  %z = nn.batch_norm nhwc %yb, %mean, %var scale %gamma offset %beta {epsilon = 1.0e-03 : f64} : (tensor<1x4x4x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x4x4x2xf32>
  return %z, %y : tensor<1x4x4x2xf32>, tensor<1x4x4x2xf32>
}

// -----

// A shared layer under an add a batch norm folds across.
// CHECK-LABEL: func @across_add
// CHECK-COUNT-3: nn.conv2d
// CHECK-NOT:     nn.batch_norm
// expected-remark@+1 {{folded 1 of 1 batch_norm ops}}
func.func @across_add(%x: tensor<1x2x4x4xf32>) -> (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) {
  %w1 = arith.constant dense<[[[[0.0803, -0.0831, -0.4871], [-0.1823, 0.1458, -0.574], [0.4496, 0.4249, -0.5468]], [[0.3629, -0.3782, 0.2347], [-0.414, 0.2299, 0.5504], [0.582, 0.196, -0.4037]]], [[[-0.1261, -0.2664, 0.5468], [-0.2408, 0.0733, -0.1112], [-0.4335, -0.1383, 0.3233]], [[-0.1037, 0.2152, 0.0982], [-0.5082, 0.2759, 0.2088], [0.3623, -0.4213, 0.5694]]]]> : tensor<2x2x3x3xf32>
  %w2 = arith.constant dense<[[[[0.0803]], [[-0.0831]]], [[[-0.4871]], [[-0.1823]]]]> : tensor<2x2x1x1xf32>
  %mean = arith.constant dense<[0.1338, -0.1385]> : tensor<2xf32>
  %var = arith.constant dense<[0.2805, 0.9028]> : tensor<2xf32>
  %gamma = arith.constant dense<[1.0458, 0.326]> : tensor<2xf32>
  %beta = arith.constant dense<[-0.9114, 0.6048]> : tensor<2xf32>
  %a = nn.conv2d nchw %x, %w1 {padding = array<i64: 1, 1, 1, 1>} : (tensor<1x2x4x4xf32>, tensor<2x2x3x3xf32>) -> tensor<1x2x4x4xf32>
  %b = nn.conv2d nchw %x, %w2 : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %s = nn.add %a, %b : tensor<1x2x4x4xf32>
  // OFF: not folded: for operand #1 of 'nn.add', the result of 'nn.conv2d' has another user
  // expected-remark@+1 {{folded into 'nn.conv2d' and a copy of 'nn.conv2d' (its result has 1 other user) through 'nn.add'; the copy adds 16 weight bytes}}
  %z = nn.batch_norm nchw %s, %mean, %var scale %gamma offset %beta {epsilon = 1.0e-03 : f64} : (tensor<1x2x4x4xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  return %z, %b : tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>
}

// -----

// No copy for a bias_add alone: nothing folds after it.
// CHECK-LABEL: func @no_fold_bias_add_alone
// CHECK:         nn.conv2d
// CHECK-NEXT:    nn.bias_add
// CHECK-NOT:     nn.conv2d
// expected-remark@+1 {{folded 0 of 0 batch_norm ops}}
func.func @no_fold_bias_add_alone(%x: tensor<1x4x4x3xf32>, %b: tensor<2xf32>) -> (tensor<1x4x4x2xf32>, tensor<1x4x4x2xf32>) {
  %w = arith.constant dense<0.5> : tensor<1x1x3x2xf32>
  %y = nn.conv2d nhwc %x, %w : (tensor<1x4x4x3xf32>, tensor<1x1x3x2xf32>) -> tensor<1x4x4x2xf32>
  %yb = nn.bias_add nhwc %y, %b : (tensor<1x4x4x2xf32>, tensor<2xf32>) -> tensor<1x4x4x2xf32>
  %r = nn.relu %yb : tensor<1x4x4x2xf32>
  return %r, %y : tensor<1x4x4x2xf32>, tensor<1x4x4x2xf32>
}

// -----

// Nor for a bias_add whose batch norm may not fold.
// CHECK-LABEL: func @no_fold_bias_add_before_unfoldable
// CHECK:         nn.bias_add
// CHECK:         nn.batch_norm
// expected-remark@+1 {{folded 0 of 1 batch_norm ops}}
func.func @no_fold_bias_add_before_unfoldable(%x: tensor<1x4x4x3xf32>, %b: tensor<2xf32>) -> (tensor<1x4x4x2xf32>, tensor<1x4x4x2xf32>) {
  %w = arith.constant dense<0.5> : tensor<1x1x3x2xf32>
  %m = arith.constant dense<[1.0, -1.0]> : tensor<2xf32>
  %y = nn.conv2d nhwc %x, %w : (tensor<1x4x4x3xf32>, tensor<1x1x3x2xf32>) -> tensor<1x4x4x2xf32>
  %yb = nn.bias_add nhwc %y, %b : (tensor<1x4x4x2xf32>, tensor<2xf32>) -> tensor<1x4x4x2xf32>
  // expected-remark@+1 {{not folded: the result of 'nn.conv2d' has another user besides its 'nn.bias_add'}}
  %z = nn.batch_norm nhwc %yb, %m, %m : (tensor<1x4x4x2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x4x4x2xf32>
  return %z, %y : tensor<1x4x4x2xf32>, tensor<1x4x4x2xf32>
}

// -----

// An add a batch norm folds across must still have no other user (both
// layers would be copied for one batch norm).
// CHECK-LABEL: func @no_fold_add_shared
// CHECK:         nn.batch_norm
// expected-remark@+1 {{folded 0 of 1 batch_norm ops}}
func.func @no_fold_add_shared(%x: tensor<1x2x4x4xf32>) -> (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) {
  %w = arith.constant dense<0.5> : tensor<2x2x1x1xf32>
  %m = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %a = nn.conv2d nchw %x, %w : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %b = nn.conv2d nchw %x, %w : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %s = nn.add %a, %b : tensor<1x2x4x4xf32>
  // expected-remark@+1 {{not folded: the result of 'nn.add' has another user}}
  %z = nn.batch_norm nchw %s, %m, %m : (tensor<1x2x4x4xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  return %z, %s : tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>
}
