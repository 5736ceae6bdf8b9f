// RUN: bnfold-opt %s --fold-batchnorm=report -split-input-file -verify-diagnostics | FileCheck %s
// Execution check: the original and the folded functions compute the same
// results on pseudo-random inputs.
// RUN: bnfold-opt %s --fold-batchnorm -o %t 2>/dev/null
// RUN: bnfold-run --compare --all-functions %s %t | FileCheck %s --check-prefix=EXEC
// EXEC-NOT: MISMATCH
// EXEC: compare all: OK

// A batch norm after an add of two layers' results folds across the add:
// BN(a + b) = (a * s + t) + b * s, the whole batch norm into a's layer,
// only its scale into b's. Batch-norm scales are negative in some channels.

// A 3x3 padded convolution without bias plus a 1x1 one with bias (a
// residual block's projection shortcut).
// CHECK-LABEL: func @conv_plus_conv_nchw
// CHECK-NOT:     nn.batch_norm
// CHECK-DAG:     %[[A:.*]] = nn.conv2d nchw %arg0, %{{.*}}, %{{.*}} {padding = array<i64: 1, 1, 1, 1>}
// CHECK-DAG:     %[[B:.*]] = nn.conv2d nchw %arg0, %{{.*}}, %{{.*}} :
// CHECK:         %[[S:.*]] = nn.add %[[A]], %[[B]]
// CHECK-NEXT:    return %[[S]]
// expected-remark@+1 {{folded 1 of 1 batch_norm ops}}
func.func @conv_plus_conv_nchw(%x: tensor<1x3x6x6xf32>) -> tensor<1x4x6x6xf32> {
  %w1 = arith.constant dense<[[[[0.0803, -0.0831, -0.4871], [-0.1823, 0.1458, -0.574], [0.4496, 0.4249, -0.5468]], [[0.3629, -0.3782, 0.2347], [-0.414, 0.2299, 0.5504], [0.582, 0.196, -0.4037]], [[-0.1261, -0.2664, 0.5468], [-0.2408, 0.0733, -0.1112], [-0.4335, -0.1383, 0.3233]]], [[[-0.1037, 0.2152, 0.0982], [-0.5082, 0.2759, 0.2088], [0.3623, -0.4213, 0.5694]], [[0.4412, 0.4837, 0.5543], [0.1454, -0.1546, -0.5304], [0.2383, 0.1579, 0.1788]], [[-0.5921, 0.5348, -0.1355], [-0.5157, 0.587, 0.2829], [0.0278, 0.3176, 0.3631]]], [[[0.2, -0.1785, -0.2171], [0.2036, -0.4274, -0.3584], [-0.3638, -0.0477, 0.1372]], [[0.0037, 0.3243, 0.5471], [-0.4936, -0.4069, 0.3078], [-0.1768, 0.1844, -0.5092]], [[-0.4311, 0.4543, -0.0795], [-0.4519, 0.51, -0.3241], [-0.5032, 0.0456, 0.0907]]], [[[-0.5, 0.2123, -0.2383], [0.5904, -0.1851, 0.2597], [0.1527, 0.1045, -0.5312]], [[0.37, -0.2162, 0.0452], [0.4225, 0.201, -0.3333], [0.5845, 0.3575, 0.0177]], [[0.2961, -0.2325, -0.1859], [-0.0761, -0.2358, -0.2093], [0.1972, -0.0307, -0.2655]]]]> : tensor<4x3x3x3xf32>
  %w2 = arith.constant dense<[[[[0.0803]], [[-0.0831]], [[-0.4871]]], [[[-0.1823]], [[0.1458]], [[-0.574]]], [[[0.4496]], [[0.4249]], [[-0.5468]]], [[[0.3629]], [[-0.3782]], [[0.2347]]]]> : tensor<4x3x1x1xf32>
  %b2 = arith.constant dense<[0.0803, -0.0831, -0.4871, -0.1823]> : tensor<4xf32>
  %mean = arith.constant dense<[0.1338, -0.1385, -0.8119, -0.3038]> : tensor<4xf32>
  %var = arith.constant dense<[1.5727, 0.1031, 2.1928, 2.1424]> : tensor<4xf32>
  %gamma = arith.constant dense<[-0.3532, 1.2629, 0.5218, 1.1347]> : tensor<4xf32>
  %beta = arith.constant dense<[0.3266, -0.6728, -0.2102, -0.444]> : tensor<4xf32>
  %a = nn.conv2d nchw %x, %w1 {padding = array<i64: 1, 1, 1, 1>} : (tensor<1x3x6x6xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  %b = nn.conv2d nchw %x, %w2, %b2 : (tensor<1x3x6x6xf32>, tensor<4x3x1x1xf32>, tensor<4xf32>) -> tensor<1x4x6x6xf32>
  %s = nn.add %a, %b : tensor<1x4x6x6xf32>
  // expected-remark@+1 {{folded into 'nn.conv2d' and 'nn.conv2d' through 'nn.add'}}
  %z = nn.batch_norm nchw %s, %mean, %var scale %gamma offset %beta {epsilon = 1.0e-03 : f64} : (tensor<1x4x6x6xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x6x6xf32>
  return %z : tensor<1x4x6x6xf32>
}

// -----

// A grouped convolution plus a depthwise one (multiplier 2), the shift
// into the depthwise convolution, which has no bias of its own.
// CHECK-LABEL: func @depthwise_plus_grouped
// CHECK-NOT:     nn.batch_norm
// CHECK-DAG:     %[[D:.*]] = nn.depthwise_conv2d nchw %arg0, %{{.*}}, %{{.*}} {padding
// CHECK-DAG:     %[[G:.*]] = nn.conv2d nchw %arg0, %{{.*}}, %{{.*}} {groups = 2 : i64, padding
// CHECK:         %[[S:.*]] = nn.add %[[D]], %[[G]]
// CHECK-NEXT:    return %[[S]]
// expected-remark@+1 {{folded 1 of 1 batch_norm ops}}
func.func @depthwise_plus_grouped(%x: tensor<2x4x5x5xf32>) -> tensor<2x8x5x5xf32> {
  %wd = arith.constant dense<[[[[0.0803, -0.0831, -0.4871], [-0.1823, 0.1458, -0.574], [0.4496, 0.4249, -0.5468]]], [[[0.3629, -0.3782, 0.2347], [-0.414, 0.2299, 0.5504], [0.582, 0.196, -0.4037]]], [[[-0.1261, -0.2664, 0.5468], [-0.2408, 0.0733, -0.1112], [-0.4335, -0.1383, 0.3233]]], [[[-0.1037, 0.2152, 0.0982], [-0.5082, 0.2759, 0.2088], [0.3623, -0.4213, 0.5694]]], [[[0.4412, 0.4837, 0.5543], [0.1454, -0.1546, -0.5304], [0.2383, 0.1579, 0.1788]]], [[[-0.5921, 0.5348, -0.1355], [-0.5157, 0.587, 0.2829], [0.0278, 0.3176, 0.3631]]], [[[0.2, -0.1785, -0.2171], [0.2036, -0.4274, -0.3584], [-0.3638, -0.0477, 0.1372]]], [[[0.0037, 0.3243, 0.5471], [-0.4936, -0.4069, 0.3078], [-0.1768, 0.1844, -0.5092]]]]> : tensor<8x1x3x3xf32>
  %wg = arith.constant dense<[[[[0.0803, -0.0831, -0.4871], [-0.1823, 0.1458, -0.574], [0.4496, 0.4249, -0.5468]], [[0.3629, -0.3782, 0.2347], [-0.414, 0.2299, 0.5504], [0.582, 0.196, -0.4037]]], [[[-0.1261, -0.2664, 0.5468], [-0.2408, 0.0733, -0.1112], [-0.4335, -0.1383, 0.3233]], [[-0.1037, 0.2152, 0.0982], [-0.5082, 0.2759, 0.2088], [0.3623, -0.4213, 0.5694]]], [[[0.4412, 0.4837, 0.5543], [0.1454, -0.1546, -0.5304], [0.2383, 0.1579, 0.1788]], [[-0.5921, 0.5348, -0.1355], [-0.5157, 0.587, 0.2829], [0.0278, 0.3176, 0.3631]]], [[[0.2, -0.1785, -0.2171], [0.2036, -0.4274, -0.3584], [-0.3638, -0.0477, 0.1372]], [[0.0037, 0.3243, 0.5471], [-0.4936, -0.4069, 0.3078], [-0.1768, 0.1844, -0.5092]]], [[[-0.4311, 0.4543, -0.0795], [-0.4519, 0.51, -0.3241], [-0.5032, 0.0456, 0.0907]], [[-0.5, 0.2123, -0.2383], [0.5904, -0.1851, 0.2597], [0.1527, 0.1045, -0.5312]]], [[[0.37, -0.2162, 0.0452], [0.4225, 0.201, -0.3333], [0.5845, 0.3575, 0.0177]], [[0.2961, -0.2325, -0.1859], [-0.0761, -0.2358, -0.2093], [0.1972, -0.0307, -0.2655]]], [[[0.1456, -0.117, -0.0292], [0.236, 0.153, 0.5834], [-0.2084, 0.122, 0.3844]], [[-0.2105, -0.1738, 0.0226], [0.5206, -0.5301, 0.1585], [-0.057, 0.2542, 0.5282]]], [[[-0.5703, 0.4126, 0.5866], [-0.1748, 0.2726, 0.5439], [0.0177, -0.207, 0.5964]], [[-0.0773, -0.1782, 0.245], [-0.0059, -0.5239, -0.5345], [0.0745, -0.0766, 0.1818]]]]> : tensor<8x2x3x3xf32>
  %bg = arith.constant dense<[0.0803, -0.0831, -0.4871, -0.1823, 0.1458, -0.574, 0.4496, 0.4249]> : tensor<8xf32>
  %mean = arith.constant dense<[0.1338, -0.1385, -0.8119, -0.3038, 0.243, -0.9567, 0.7493, 0.7081]> : tensor<8xf32>
  %var = arith.constant dense<[0.1585, 2.0159, 0.5027, 1.7543, 0.4298, 1.7445, 2.3987, 2.4632]> : tensor<8xf32>
  %gamma = arith.constant dense<[-1.096, -0.4963, 0.7739, -0.6336, 1.4468, 0.6592, -0.9733, 0.7888]> : tensor<8xf32>
  %beta = arith.constant dense<[0.348, 0.6039, -0.7021, 0.949, 0.7353, 0.8061, 0.9239, 0.2423]> : tensor<8xf32>
  %d = nn.depthwise_conv2d nchw %x, %wd {padding = array<i64: 1, 1, 1, 1>} : (tensor<2x4x5x5xf32>, tensor<8x1x3x3xf32>) -> tensor<2x8x5x5xf32>
  %g = nn.conv2d nchw %x, %wg, %bg {groups = 2 : i64, padding = array<i64: 1, 1, 1, 1>} : (tensor<2x4x5x5xf32>, tensor<8x2x3x3xf32>, tensor<8xf32>) -> tensor<2x8x5x5xf32>
  %s = nn.add %d, %g : tensor<2x8x5x5xf32>
  // expected-remark@+1 {{folded into 'nn.depthwise_conv2d' and 'nn.conv2d' through 'nn.add'}}
  %z = nn.batch_norm nchw %s, %mean, %var scale %gamma offset %beta {epsilon = 1.0e-05 : f64} : (tensor<2x8x5x5xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<2x8x5x5xf32>
  return %z : tensor<2x8x5x5xf32>
}

// -----

// Channels last with a dynamic batch, both layers biased; TensorFlow's
// bias_adds are absorbed into the layers first.
// CHECK-LABEL: func @nhwc_bias_adds
// CHECK-NOT:     nn.bias_add
// CHECK-NOT:     nn.batch_norm
// CHECK-DAG:     %[[A:.*]] = nn.conv2d nhwc %arg0, %{{.*}}, %{{.*}} {padding
// CHECK-DAG:     %[[B:.*]] = nn.depthwise_conv2d nhwc %arg0, %{{.*}}, %{{.*}} {padding
// CHECK:         %[[S:.*]] = nn.add %[[A]], %[[B]]
// CHECK-NEXT:    return %[[S]]
// expected-remark@+1 {{folded 1 of 1 batch_norm ops}}
func.func @nhwc_bias_adds(%x: tensor<?x5x5x4xf32>) -> tensor<?x5x5x4xf32> {
  %wa = arith.constant dense<[[[[0.0803, -0.0831, -0.4871, -0.1823], [0.1458, -0.574, 0.4496, 0.4249], [-0.5468, 0.3629, -0.3782, 0.2347], [-0.414, 0.2299, 0.5504, 0.582]], [[0.196, -0.4037, -0.1261, -0.2664], [0.5468, -0.2408, 0.0733, -0.1112], [-0.4335, -0.1383, 0.3233, -0.1037], [0.2152, 0.0982, -0.5082, 0.2759]], [[0.2088, 0.3623, -0.4213, 0.5694], [0.4412, 0.4837, 0.5543, 0.1454], [-0.1546, -0.5304, 0.2383, 0.1579], [0.1788, -0.5921, 0.5348, -0.1355]]], [[[-0.5157, 0.587, 0.2829, 0.0278], [0.3176, 0.3631, 0.2, -0.1785], [-0.2171, 0.2036, -0.4274, -0.3584], [-0.3638, -0.0477, 0.1372, 0.0037]], [[0.3243, 0.5471, -0.4936, -0.4069], [0.3078, -0.1768, 0.1844, -0.5092], [-0.4311, 0.4543, -0.0795, -0.4519], [0.51, -0.3241, -0.5032, 0.0456]], [[0.0907, -0.5, 0.2123, -0.2383], [0.5904, -0.1851, 0.2597, 0.1527], [0.1045, -0.5312, 0.37, -0.2162], [0.0452, 0.4225, 0.201, -0.3333]]], [[[0.5845, 0.3575, 0.0177, 0.2961], [-0.2325, -0.1859, -0.0761, -0.2358], [-0.2093, 0.1972, -0.0307, -0.2655], [0.1456, -0.117, -0.0292, 0.236]], [[0.153, 0.5834, -0.2084, 0.122], [0.3844, -0.2105, -0.1738, 0.0226], [0.5206, -0.5301, 0.1585, -0.057], [0.2542, 0.5282, -0.5703, 0.4126]], [[0.5866, -0.1748, 0.2726, 0.5439], [0.0177, -0.207, 0.5964, -0.0773], [-0.1782, 0.245, -0.0059, -0.5239], [-0.5345, 0.0745, -0.0766, 0.1818]]]]> : tensor<3x3x4x4xf32>
  %ba = arith.constant dense<[0.0803, -0.0831, -0.4871, -0.1823]> : tensor<4xf32>
  %wb = arith.constant dense<[[[[0.0803], [-0.0831], [-0.4871], [-0.1823]], [[0.1458], [-0.574], [0.4496], [0.4249]], [[-0.5468], [0.3629], [-0.3782], [0.2347]]], [[[-0.414], [0.2299], [0.5504], [0.582]], [[0.196], [-0.4037], [-0.1261], [-0.2664]], [[0.5468], [-0.2408], [0.0733], [-0.1112]]], [[[-0.4335], [-0.1383], [0.3233], [-0.1037]], [[0.2152], [0.0982], [-0.5082], [0.2759]], [[0.2088], [0.3623], [-0.4213], [0.5694]]]]> : tensor<3x3x4x1xf32>
  %bb = arith.constant dense<[0.0803, -0.0831, -0.4871, -0.1823]> : tensor<4xf32>
  %mean = arith.constant dense<[0.1338, -0.1385, -0.8119, -0.3038]> : tensor<4xf32>
  %var = arith.constant dense<[1.5727, 0.1031, 2.1928, 2.1424]> : tensor<4xf32>
  %gamma = arith.constant dense<[-0.3532, 1.2629, 0.5218, 1.1347]> : tensor<4xf32>
  %beta = arith.constant dense<[0.3266, -0.6728, -0.2102, -0.444]> : tensor<4xf32>
  %a = nn.conv2d nhwc %x, %wa {padding = array<i64: 1, 1, 1, 1>} : (tensor<?x5x5x4xf32>, tensor<3x3x4x4xf32>) -> tensor<?x5x5x4xf32>
  %ab = nn.bias_add nhwc %a, %ba : (tensor<?x5x5x4xf32>, tensor<4xf32>) -> tensor<?x5x5x4xf32>
  %b = nn.depthwise_conv2d nhwc %x, %wb {padding = array<i64: 1, 1, 1, 1>} : (tensor<?x5x5x4xf32>, tensor<3x3x4x1xf32>) -> tensor<?x5x5x4xf32>
  %bb2 = nn.bias_add nhwc %b, %bb : (tensor<?x5x5x4xf32>, tensor<4xf32>) -> tensor<?x5x5x4xf32>
  %s = nn.add %ab, %bb2 : tensor<?x5x5x4xf32>
  // expected-remark@+1 {{folded into 'nn.conv2d' and 'nn.depthwise_conv2d' through 'nn.add'}}
  %z = nn.batch_norm nhwc %s, %mean, %var scale %gamma offset %beta {epsilon = 1.0e-03 : f64} : (tensor<?x5x5x4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<?x5x5x4xf32>
  return %z : tensor<?x5x5x4xf32>
}

// -----

// Two fully-connected layers on different inputs, one with transposed
// weights (ONNX Gemm), in f64.
// CHECK-LABEL: func @matmul_plus_matmul
// CHECK-NOT:     nn.batch_norm
// CHECK-DAG:     %[[A:.*]] = nn.matmul %arg0, %{{.*}}, %{{.*}} :
// CHECK-DAG:     %[[B:.*]] = nn.matmul %arg1, %{{[^,]*}} {transpose_rhs}
// CHECK:         %[[S:.*]] = nn.add %[[A]], %[[B]]
// CHECK-NEXT:    return %[[S]]
// expected-remark@+1 {{folded 1 of 1 batch_norm ops}}
func.func @matmul_plus_matmul(%x: tensor<3x5xf64>, %y: tensor<3x6xf64>) -> tensor<3x4xf64> {
  %wa = arith.constant dense<[[0.0803, -0.0831, -0.4871, -0.1823], [0.1458, -0.574, 0.4496, 0.4249], [-0.5468, 0.3629, -0.3782, 0.2347], [-0.414, 0.2299, 0.5504, 0.582], [0.196, -0.4037, -0.1261, -0.2664]]> : tensor<5x4xf64>
  %ba = arith.constant dense<[0.0803, -0.0831, -0.4871, -0.1823]> : tensor<4xf64>
  %wb = arith.constant dense<[[0.0803, -0.0831, -0.4871, -0.1823, 0.1458, -0.574], [0.4496, 0.4249, -0.5468, 0.3629, -0.3782, 0.2347], [-0.414, 0.2299, 0.5504, 0.582, 0.196, -0.4037], [-0.1261, -0.2664, 0.5468, -0.2408, 0.0733, -0.1112]]> : tensor<4x6xf64>
  %mean = arith.constant dense<[0.1338, -0.1385, -0.8119, -0.3038]> : tensor<4xf64>
  %var = arith.constant dense<[1.5727, 0.1031, 2.1928, 2.1424]> : tensor<4xf64>
  %gamma = arith.constant dense<[-0.3532, 1.2629, 0.5218, 1.1347]> : tensor<4xf64>
  %beta = arith.constant dense<[0.3266, -0.6728, -0.2102, -0.444]> : tensor<4xf64>
  %a = nn.matmul %x, %wa, %ba : (tensor<3x5xf64>, tensor<5x4xf64>, tensor<4xf64>) -> tensor<3x4xf64>
  %b = nn.matmul %y, %wb {transpose_rhs} : (tensor<3x6xf64>, tensor<4x6xf64>) -> tensor<3x4xf64>
  %s = nn.add %a, %b : tensor<3x4xf64>
  // expected-remark@+1 {{folded into 'nn.matmul' and 'nn.matmul' through 'nn.add'}}
  %z = nn.batch_norm %s, %mean, %var scale %gamma offset %beta {epsilon = 1.0e-05 : f64} : (tensor<3x4xf64>, tensor<4xf64>, tensor<4xf64>, tensor<4xf64>, tensor<4xf64>) -> tensor<3x4xf64>
  return %z : tensor<3x4xf64>
}

// -----

// A transposed convolution plus a convolution; matmuls through the
// reshape that keeps their features in the batch norm's feature dim.
// CHECK-LABEL: func @transposed_and_reshaped
// CHECK-NOT:     nn.batch_norm
// CHECK:         nn.conv_transpose2d
// CHECK:         nn.add
// CHECK:         %[[RA:.*]] = nn.reshape %{{.*}} : (tensor<2x4xf32>) -> tensor<2x4x1x1xf32>
// CHECK:         %[[RB:.*]] = nn.reshape %{{.*}} : (tensor<2x4xf32>) -> tensor<2x4x1x1xf32>
// CHECK:         nn.add %[[RA]], %[[RB]]
// expected-remark@+1 {{folded 2 of 2 batch_norm ops}}
func.func @transposed_and_reshaped(%x: tensor<1x2x3x3xf32>, %y: tensor<1x3x7x7xf32>,
                                   %u: tensor<2x3xf32>, %v: tensor<2x5xf32>)
    -> (tensor<1x4x7x7xf32>, tensor<2x4x1x1xf32>) {
  %wt = arith.constant dense<[[[[0.0803, -0.0831, -0.4871], [-0.1823, 0.1458, -0.574], [0.4496, 0.4249, -0.5468]], [[0.3629, -0.3782, 0.2347], [-0.414, 0.2299, 0.5504], [0.582, 0.196, -0.4037]], [[-0.1261, -0.2664, 0.5468], [-0.2408, 0.0733, -0.1112], [-0.4335, -0.1383, 0.3233]], [[-0.1037, 0.2152, 0.0982], [-0.5082, 0.2759, 0.2088], [0.3623, -0.4213, 0.5694]]], [[[0.4412, 0.4837, 0.5543], [0.1454, -0.1546, -0.5304], [0.2383, 0.1579, 0.1788]], [[-0.5921, 0.5348, -0.1355], [-0.5157, 0.587, 0.2829], [0.0278, 0.3176, 0.3631]], [[0.2, -0.1785, -0.2171], [0.2036, -0.4274, -0.3584], [-0.3638, -0.0477, 0.1372]], [[0.0037, 0.3243, 0.5471], [-0.4936, -0.4069, 0.3078], [-0.1768, 0.1844, -0.5092]]]]> : tensor<2x4x3x3xf32>
  %wc = arith.constant dense<[[[[0.0803]], [[-0.0831]], [[-0.4871]]], [[[-0.1823]], [[0.1458]], [[-0.574]]], [[[0.4496]], [[0.4249]], [[-0.5468]]], [[[0.3629]], [[-0.3782]], [[0.2347]]]]> : tensor<4x3x1x1xf32>
  %mean = arith.constant dense<[0.1338, -0.1385, -0.8119, -0.3038]> : tensor<4xf32>
  %var = arith.constant dense<[1.5727, 0.1031, 2.1928, 2.1424]> : tensor<4xf32>
  %gamma = arith.constant dense<[-0.3532, 1.2629, 0.5218, 1.1347]> : tensor<4xf32>
  %beta = arith.constant dense<[0.3266, -0.6728, -0.2102, -0.444]> : tensor<4xf32>
  %wm1 = arith.constant dense<[[0.0803, -0.0831, -0.4871, -0.1823], [0.1458, -0.574, 0.4496, 0.4249], [-0.5468, 0.3629, -0.3782, 0.2347]]> : tensor<3x4xf32>
  %wm2 = arith.constant dense<[[0.0803, -0.0831, -0.4871, -0.1823], [0.1458, -0.574, 0.4496, 0.4249], [-0.5468, 0.3629, -0.3782, 0.2347], [-0.414, 0.2299, 0.5504, 0.582], [0.196, -0.4037, -0.1261, -0.2664]]> : tensor<5x4xf32>
  %t = nn.conv_transpose2d nchw %x, %wt {strides = array<i64: 2, 2>} : (tensor<1x2x3x3xf32>, tensor<2x4x3x3xf32>) -> tensor<1x4x7x7xf32>
  %c = nn.conv2d nchw %y, %wc : (tensor<1x3x7x7xf32>, tensor<4x3x1x1xf32>) -> tensor<1x4x7x7xf32>
  %s = nn.add %t, %c : tensor<1x4x7x7xf32>
  // expected-remark@+1 {{folded into 'nn.conv_transpose2d' and 'nn.conv2d' through 'nn.add'}}
  %z = nn.batch_norm nchw %s, %mean, %var scale %gamma offset %beta {epsilon = 1.0e-03 : f64} : (tensor<1x4x7x7xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x7x7xf32>
  %ma = nn.matmul %u, %wm1 : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
  %ra = nn.reshape %ma : (tensor<2x4xf32>) -> tensor<2x4x1x1xf32>
  %mb = nn.matmul %v, %wm2 : (tensor<2x5xf32>, tensor<5x4xf32>) -> tensor<2x4xf32>
  %rb = nn.reshape %mb : (tensor<2x4xf32>) -> tensor<2x4x1x1xf32>
  %s2 = nn.add %ra, %rb : tensor<2x4x1x1xf32>
  // expected-remark@+1 {{folded into 'nn.matmul' through 'nn.reshape' and 'nn.matmul' through 'nn.reshape' through 'nn.add'}}
  %z2 = nn.batch_norm nchw %s2, %mean, %var scale %gamma {epsilon = 1.0e-03 : f64} : (tensor<2x4x1x1xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<2x4x1x1xf32>
  return %z, %z2 : tensor<1x4x7x7xf32>, tensor<2x4x1x1xf32>
}

// -----

// A batch norm whose operand is another batch norm's: that one folds into
// its layer first, then this one across the add.
// CHECK-LABEL: func @after_a_fold
// CHECK-NOT:     nn.batch_norm
// CHECK:         %[[A:.*]] = nn.conv2d
// CHECK:         %[[B:.*]] = nn.conv2d
// CHECK:         %[[S:.*]] = nn.add
// CHECK-NEXT:    return %[[S]]
// expected-remark@+1 {{folded 2 of 2 batch_norm ops}}
func.func @after_a_fold(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %w1 = arith.constant dense<[[[[0.0803, -0.0831, -0.4871], [-0.1823, 0.1458, -0.574], [0.4496, 0.4249, -0.5468]], [[0.3629, -0.3782, 0.2347], [-0.414, 0.2299, 0.5504], [0.582, 0.196, -0.4037]]], [[[-0.1261, -0.2664, 0.5468], [-0.2408, 0.0733, -0.1112], [-0.4335, -0.1383, 0.3233]], [[-0.1037, 0.2152, 0.0982], [-0.5082, 0.2759, 0.2088], [0.3623, -0.4213, 0.5694]]]]> : tensor<2x2x3x3xf32>
  %w2 = arith.constant dense<[[[[0.0803]], [[-0.0831]]], [[[-0.4871]], [[-0.1823]]]]> : tensor<2x2x1x1xf32>
  %mean = arith.constant dense<[0.1338, -0.1385]> : tensor<2xf32>
  %var = arith.constant dense<[0.2805, 0.9028]> : tensor<2xf32>
  %gamma = arith.constant dense<[1.0458, 0.326]> : tensor<2xf32>
  %beta = arith.constant dense<[-0.9114, 0.6048]> : tensor<2xf32>
  %a = nn.conv2d nchw %x, %w1 {padding = array<i64: 1, 1, 1, 1>} : (tensor<1x2x4x4xf32>, tensor<2x2x3x3xf32>) -> tensor<1x2x4x4xf32>
  // expected-remark@+1 {{folded into 'nn.conv2d'}}
  %n = nn.batch_norm nchw %a, %mean, %var scale %gamma offset %beta {epsilon = 1.0e-03 : f64} : (tensor<1x2x4x4xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  %b = nn.conv2d nchw %x, %w2 : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %s = nn.add %b, %n : tensor<1x2x4x4xf32>
  // expected-remark@+1 {{folded into 'nn.conv2d' and 'nn.conv2d' through 'nn.add'}}
  %z = nn.batch_norm nchw %s, %beta, %var scale %gamma offset %mean {epsilon = 1.0e-03 : f64} : (tensor<1x2x4x4xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  return %z : tensor<1x2x4x4xf32>
}

// -----

// Weights and a bias given as arguments: the folded parameters are
// computed at run time, the second layer's bias only scaled.
// CHECK-LABEL: func @runtime_weights
// CHECK:         %[[WA:.*]] = nn.bn_fold_weights %arg1
// CHECK:         %[[A:.*]] = nn.conv2d nchw %arg0, %[[WA]], %{{.*}} {padding
// CHECK:         %[[WB:.*]] = nn.bn_fold_weights %arg2
// CHECK:         %[[BB:.*]] = nn.bn_fold_bias %{{.*}}, %{{.*}} bias %arg3 scale %{{.*}} {
// CHECK:         %[[B:.*]] = nn.conv2d nchw %arg0, %[[WB]], %[[BB]]
// CHECK:         nn.add %[[A]], %[[B]]
// expected-remark@+1 {{folded 1 of 1 batch_norm ops}}
func.func @runtime_weights(%x: tensor<1x2x4x4xf32>, %w1: tensor<3x2x3x3xf32>, %w2: tensor<3x2x1x1xf32>, %b2: tensor<3xf32>) -> tensor<1x3x4x4xf32> {
  %mean = arith.constant dense<[0.1338, -0.1385, -0.8119]> : tensor<3xf32>
  %var = arith.constant dense<[0.9028, 1.5727, 0.1031]> : tensor<3xf32>
  %gamma = arith.constant dense<[1.3496, -1.3249, 0.3532]> : tensor<3xf32>
  %beta = arith.constant dense<[-0.69, 0.3832, 0.9173]> : tensor<3xf32>
  %a = nn.conv2d nchw %x, %w1 {padding = array<i64: 1, 1, 1, 1>} : (tensor<1x2x4x4xf32>, tensor<3x2x3x3xf32>) -> tensor<1x3x4x4xf32>
  %b = nn.conv2d nchw %x, %w2, %b2 : (tensor<1x2x4x4xf32>, tensor<3x2x1x1xf32>, tensor<3xf32>) -> tensor<1x3x4x4xf32>
  %s = nn.add %a, %b : tensor<1x3x4x4xf32>
  // expected-remark@+1 {{folded into 'nn.conv2d' and 'nn.conv2d' through 'nn.add'}}
  %z = nn.batch_norm nchw %s, %mean, %var scale %gamma offset %beta {epsilon = 1.0e-03 : f64} : (tensor<1x3x4x4xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<1x3x4x4xf32>
  return %z : tensor<1x3x4x4xf32>
}

// -----

// Refusals: nothing changes, and the report names the operand that blocks.

// A residual connection: the identity shortcut is a block argument.
// CHECK-LABEL: func @no_fold_residual_block_argument
// CHECK:         nn.batch_norm
// expected-remark@+1 {{folded 0 of 1 batch_norm ops}}
func.func @no_fold_residual_block_argument(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %w = arith.constant dense<0.5> : tensor<2x2x1x1xf32>
  %m = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %y = nn.conv2d nchw %x, %w : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %s = nn.add %y, %x : tensor<1x2x4x4xf32>
  // expected-remark@+1 {{not folded: operand #1 of 'nn.add' is a block argument, not the result of a layer}}
  %z = nn.batch_norm nchw %s, %m, %m : (tensor<1x2x4x4xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  return %z : tensor<1x2x4x4xf32>
}

// -----

// The first operand blocks as well as the second.
// CHECK-LABEL: func @no_fold_first_operand_not_a_layer
// CHECK:         nn.batch_norm
// expected-remark@+1 {{folded 0 of 1 batch_norm ops}}
func.func @no_fold_first_operand_not_a_layer(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %w = arith.constant dense<0.5> : tensor<2x2x1x1xf32>
  %m = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %r = nn.relu %x : tensor<1x2x4x4xf32>
  %y = nn.conv2d nchw %x, %w : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %s = nn.add %r, %y : tensor<1x2x4x4xf32>
  // expected-remark@+1 {{not folded: operand #0 of 'nn.add' comes from 'nn.relu', which is not a convolution or matmul (nor a reshape or batch_to_space after one)}}
  %z = nn.batch_norm nchw %s, %m, %m : (tensor<1x2x4x4xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  return %z : tensor<1x2x4x4xf32>
}

// -----

// The first layer may take the whole batch norm, the second has another
// user: neither layer changes (no partial fold).
// CHECK-LABEL: func @no_fold_second_layer_shared
// CHECK-NOT:     nn.bn_fold
// CHECK:         %[[A:.*]] = nn.conv2d nchw %arg0, %[[W:.*]] :
// CHECK:         %[[B:.*]] = nn.conv2d nchw %arg0, %[[W]] :
// CHECK:         %[[S:.*]] = nn.add %[[A]], %[[B]]
// CHECK:         nn.batch_norm nchw %[[S]]
// expected-remark@+1 {{folded 0 of 1 batch_norm ops}}
func.func @no_fold_second_layer_shared(%x: tensor<1x2x4x4xf32>) -> (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) {
  %w = arith.constant dense<[[[[0.5]], [[-1.0]]], [[[1.5]], [[0.25]]]]> : tensor<2x2x1x1xf32>
  %m = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %a = nn.conv2d nchw %x, %w : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %b = nn.conv2d nchw %x, %w : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %s = nn.add %a, %b : tensor<1x2x4x4xf32>
  // expected-remark@+1 {{not folded: for operand #1 of 'nn.add', the result of 'nn.conv2d' has another user}}
  %z = nn.batch_norm nchw %s, %m, %m : (tensor<1x2x4x4xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  return %z, %b : tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>
}

// -----

// The same with the layers' roles swapped.
// CHECK-LABEL: func @no_fold_first_layer_shared
// CHECK-NOT:     nn.bn_fold
// CHECK:         nn.batch_norm
// expected-remark@+1 {{folded 0 of 1 batch_norm ops}}
func.func @no_fold_first_layer_shared(%x: tensor<1x2x4x4xf32>) -> (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) {
  %w = arith.constant dense<[[[[0.5]], [[-1.0]]], [[[1.5]], [[0.25]]]]> : tensor<2x2x1x1xf32>
  %m = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %a = nn.conv2d nchw %x, %w : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %b = nn.conv2d nchw %x, %w : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %s = nn.add %a, %b : tensor<1x2x4x4xf32>
  // expected-remark@+1 {{not folded: for operand #0 of 'nn.add', the result of 'nn.conv2d' has another user}}
  %z = nn.batch_norm nchw %s, %m, %m : (tensor<1x2x4x4xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  return %z, %a : tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>
}

// -----

// The sum is used by another op as well.
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

// -----

// CHECK-LABEL: func @no_fold_add_to_itself
// CHECK:         nn.batch_norm
// expected-remark@+1 {{folded 0 of 1 batch_norm ops}}
func.func @no_fold_add_to_itself(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %w = arith.constant dense<0.5> : tensor<2x2x1x1xf32>
  %m = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %a = nn.conv2d nchw %x, %w : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %s = nn.add %a, %a : tensor<1x2x4x4xf32>
  // expected-remark@+1 {{not folded: 'nn.add' adds a value to itself}}
  %z = nn.batch_norm nchw %s, %m, %m : (tensor<1x2x4x4xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  return %z : tensor<1x2x4x4xf32>
}

// -----

// A broadcast operand is no layer output of the full size: the add is
// refused as a per-channel step (it varies along the width) and the batch
// norm across it.
// CHECK-LABEL: func @no_fold_broadcast_add
// CHECK:         nn.batch_norm
// expected-remark@+2 {{folded 0 of 1 batch_norm ops}}
// expected-remark@+1 {{folded 0 of 1 per-channel elementwise ops}}
func.func @no_fold_broadcast_add(%x: tensor<1x2x4x4xf32>, %row: tensor<1x1x1x4xf32>) -> tensor<1x2x4x4xf32> {
  %w = arith.constant dense<0.5> : tensor<2x2x1x1xf32>
  %m = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %a = nn.conv2d nchw %x, %w : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  // expected-remark@+1 {{not folded: operand #1 of 'nn.add' varies along dim 3, not only along the channels of 'nn.conv2d' (dim 1)}}
  %s = nn.add %a, %row : (tensor<1x2x4x4xf32>, tensor<1x1x1x4xf32>) -> tensor<1x2x4x4xf32>
  // expected-remark@+1 {{not folded: 'nn.add' broadcasts operand #1 ('tensor<1x1x1x4xf32>') to 'tensor<1x2x4x4xf32>'; a batch norm folds across an add of two full-size values}}
  %z = nn.batch_norm nchw %s, %m, %m : (tensor<1x2x4x4xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  return %z : tensor<1x2x4x4xf32>
}

// -----

// A full-size constant operand is no layer either.
// CHECK-LABEL: func @no_fold_constant_operand
// CHECK:         nn.batch_norm
// expected-remark@+2 {{folded 0 of 1 batch_norm ops}}
// expected-remark@+1 {{folded 0 of 1 per-channel elementwise ops}}
func.func @no_fold_constant_operand(%x: tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32> {
  %w = arith.constant dense<0.5> : tensor<2x2x1x1xf32>
  %c = arith.constant dense<[[[[1.0, 2.0], [3.0, 4.0]], [[5.0, 6.0], [7.0, 8.0]]]]> : tensor<1x2x2x2xf32>
  %m = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %a = nn.conv2d nchw %x, %w : (tensor<1x2x2x2xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x2x2xf32>
  // expected-remark@+1 {{not folded: operand #1 of 'nn.add' varies along dim 2}}
  %s = nn.add %a, %c : tensor<1x2x2x2xf32>
  // expected-remark@+1 {{not folded: operand #1 of 'nn.add' comes from 'arith.constant', which is not a convolution or matmul}}
  %z = nn.batch_norm nchw %s, %m, %m : (tensor<1x2x2x2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  return %z : tensor<1x2x2x2xf32>
}

// -----

// The batch norm normalizes another dim than the layers' channels (both
// operands give this reason, so it names neither).
// CHECK-LABEL: func @no_fold_channel_mismatch
// CHECK:         nn.batch_norm
// expected-remark@+1 {{folded 0 of 1 batch_norm ops}}
func.func @no_fold_channel_mismatch(%x: tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32> {
  %w = arith.constant dense<0.5> : tensor<1x1x4x4xf32>
  %m = arith.constant dense<1.0> : tensor<4xf32>
  %a = nn.conv2d nhwc %x, %w : (tensor<1x4x4x4xf32>, tensor<1x1x4x4xf32>) -> tensor<1x4x4x4xf32>
  %b = nn.conv2d nhwc %x, %w : (tensor<1x4x4x4xf32>, tensor<1x1x4x4xf32>) -> tensor<1x4x4x4xf32>
  %s = nn.add %a, %b : tensor<1x4x4x4xf32>
  // expected-remark@+1 {{not folded: batch_norm normalizes dim 1 but the channels of 'nn.conv2d' are dim 3}}
  %z = nn.batch_norm nchw %s, %m, %m : (tensor<1x4x4x4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x4x4xf32>
  return %z : tensor<1x4x4x4xf32>
}

// -----

// A convolution does not fold through a reshape.
// CHECK-LABEL: func @no_fold_conv_through_reshape
// CHECK:         nn.batch_norm
// expected-remark@+1 {{folded 0 of 1 batch_norm ops}}
func.func @no_fold_conv_through_reshape(%x: tensor<1x2x1x1xf32>, %y: tensor<1x2xf32>) -> tensor<1x2xf32> {
  %w = arith.constant dense<0.5> : tensor<2x2x1x1xf32>
  %wm = arith.constant dense<0.25> : tensor<2x2xf32>
  %m = arith.constant dense<1.0> : tensor<2xf32>
  %a = nn.conv2d nchw %x, %w : (tensor<1x2x1x1xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x1x1xf32>
  %r = nn.reshape %a : (tensor<1x2x1x1xf32>) -> tensor<1x2xf32>
  %b = nn.matmul %y, %wm : (tensor<1x2xf32>, tensor<2x2xf32>) -> tensor<1x2xf32>
  %s = nn.add %r, %b : tensor<1x2xf32>
  // expected-remark@+1 {{not folded: for operand #0 of 'nn.add', a 'nn.reshape' sits between 'nn.conv2d' and the batch_norm; only a matmul folds through a reshape}}
  %z = nn.batch_norm %s, %m, %m : (tensor<1x2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2xf32>
  return %z : tensor<1x2xf32>
}

// -----

// A bias_add that cannot be absorbed into its layer.
// CHECK-LABEL: func @no_fold_bias_add_not_absorbed
// CHECK:         nn.batch_norm
// expected-remark@+1 {{folded 0 of 1 batch_norm ops}}
func.func @no_fold_bias_add_not_absorbed(%x: tensor<1x4x4x2xf32>) -> (tensor<1x4x4x2xf32>, tensor<1x4x4x2xf32>) {
  %w = arith.constant dense<0.5> : tensor<1x1x2x2xf32>
  %m = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %a = nn.conv2d nhwc %x, %w : (tensor<1x4x4x2xf32>, tensor<1x1x2x2xf32>) -> tensor<1x4x4x2xf32>
  %b = nn.conv2d nhwc %x, %w : (tensor<1x4x4x2xf32>, tensor<1x1x2x2xf32>) -> tensor<1x4x4x2xf32>
  %bb = nn.bias_add nhwc %b, %m : (tensor<1x4x4x2xf32>, tensor<2xf32>) -> tensor<1x4x4x2xf32>
  %s = nn.add %a, %bb : tensor<1x4x4x2xf32>
  // expected-remark@+1 {{not folded: operand #1 of 'nn.add' comes from 'nn.bias_add', which cannot be absorbed into its layer: the result of 'nn.conv2d' has another user besides its 'nn.bias_add'}}
  %z = nn.batch_norm nhwc %s, %m, %m : (tensor<1x4x4x2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x4x4x2xf32>
  return %z, %b : tensor<1x4x4x2xf32>, tensor<1x4x4x2xf32>
}

// -----

// Only the second layer's scaled weights overflow f16 (it takes the scale
// alone, so its check is the scale's).
// CHECK-LABEL: func @no_fold_second_weights_overflow_f16
// CHECK:         nn.batch_norm
// expected-remark@+1 {{folded 0 of 1 batch_norm ops}}
func.func @no_fold_second_weights_overflow_f16(%x: tensor<1x2x2x2xf16>) -> tensor<1x2x2x2xf16> {
  %wa = arith.constant dense<1.0e-03> : tensor<2x2x1x1xf16>
  %wb = arith.constant dense<10.0> : tensor<2x2x1x1xf16>
  %m = arith.constant dense<[0.0, 1.0]> : tensor<2xf16>
  %v = arith.constant dense<1.0> : tensor<2xf16>
  %g = arith.constant dense<8000.0> : tensor<2xf16>
  %a = nn.conv2d nchw %x, %wa : (tensor<1x2x2x2xf16>, tensor<2x2x1x1xf16>) -> tensor<1x2x2x2xf16>
  %b = nn.conv2d nchw %x, %wb : (tensor<1x2x2x2xf16>, tensor<2x2x1x1xf16>) -> tensor<1x2x2x2xf16>
  %s = nn.add %a, %b : tensor<1x2x2x2xf16>
  // expected-remark@+1 {{not folded: for operand #1 of 'nn.add', a scaled weight of channel 0 would be 79999}}
  %z = nn.batch_norm nchw %s, %m, %v scale %g : (tensor<1x2x2x2xf16>, tensor<2xf16>, tensor<2xf16>, tensor<2xf16>) -> tensor<1x2x2x2xf16>
  return %z : tensor<1x2x2x2xf16>
}

// -----

// Only the second layer's bias, scaled by the batch norm's scale alone,
// overflows f16: 3e4 * 8 / sqrt(0.01 + 0.001). (The first layer's bias,
// 3e4 minus the mean 3e4, folds to 0.)
// CHECK-LABEL: func @no_fold_second_bias_overflow_f16
// CHECK:         nn.batch_norm
// expected-remark@+1 {{folded 0 of 1 batch_norm ops}}
func.func @no_fold_second_bias_overflow_f16(%x: tensor<1x2x2x2xf16>) -> tensor<1x2x2x2xf16> {
  %w = arith.constant dense<1.0> : tensor<2x2x1x1xf16>
  %bias = arith.constant dense<3.0e+04> : tensor<2xf16>
  %m = arith.constant dense<3.0e+04> : tensor<2xf16>
  %v = arith.constant dense<1.0e-02> : tensor<2xf16>
  %g = arith.constant dense<8.0> : tensor<2xf16>
  %a = nn.conv2d nchw %x, %w, %bias : (tensor<1x2x2x2xf16>, tensor<2x2x1x1xf16>, tensor<2xf16>) -> tensor<1x2x2x2xf16>
  %b = nn.conv2d nchw %x, %w, %bias : (tensor<1x2x2x2xf16>, tensor<2x2x1x1xf16>, tensor<2xf16>) -> tensor<1x2x2x2xf16>
  %s = nn.add %a, %b : tensor<1x2x2x2xf16>
  // expected-remark@+1 {{not folded: for operand #1 of 'nn.add', the folded bias of channel 0 would be 2288088.05, which overflows 'f16'}}
  %z = nn.batch_norm nchw %s, %m, %v scale %g {epsilon = 1.0e-03 : f64} : (tensor<1x2x2x2xf16>, tensor<2xf16>, tensor<2xf16>, tensor<2xf16>) -> tensor<1x2x2x2xf16>
  return %z : tensor<1x2x2x2xf16>
}

// -----

// A reason of the batch norm's own is not an operand's.
// CHECK-LABEL: func @no_fold_variance_not_positive
// CHECK:         nn.batch_norm
// expected-remark@+1 {{folded 0 of 1 batch_norm ops}}
func.func @no_fold_variance_not_positive(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %w = arith.constant dense<0.5> : tensor<2x2x1x1xf32>
  %m = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %v = arith.constant dense<[1.0, -2.0]> : tensor<2xf32>
  %a = nn.conv2d nchw %x, %w : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %b = nn.conv2d nchw %x, %w : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %s = nn.add %a, %b : tensor<1x2x4x4xf32>
  // expected-remark@+1 {{not folded: variance[1] + epsilon = -1.99999 is not positive}}
  %z = nn.batch_norm nchw %s, %m, %v : (tensor<1x2x4x4xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  return %z : tensor<1x2x4x4xf32>
}
