// RUN: bnfold-opt %s --fold-batchnorm="mode=training folded-weights=resource" -split-input-file | FileCheck %s
// With folded-weights=resource every fold kind stores the weights it folds
// as a dense_resource blob, also where they were dense; a layer no fold
// changes keeps its dense weights. The numbers are the default fold's, bit
// for bit (the results of the two folded modules are compared with zero
// tolerance):
// RUN: bnfold-opt %s --fold-batchnorm="mode=training" -o %t.dense.mlir
// RUN: bnfold-opt %s --fold-batchnorm="mode=training folded-weights=resource" -o %t.resource.mlir
// RUN: bnfold-run --compare --all-functions --rtol=0 --atol=0 %t.dense.mlir %t.resource.mlir | FileCheck %s --check-prefix=EXACT
// EXACT-NOT: MISMATCH
// EXACT: compare all: OK, 7 functions

// Backward, twice in a chain; both layers read the same weights and batch
// norm parameters, so both folds give the same blob.
// CHECK-LABEL: func @chain_nhwc
// CHECK: %[[W:.*]] = arith.constant dense_resource<bnfolded_{{[0-9a-f]+}}> : tensor<1x1x2x2xf32>
// CHECK: nn.conv2d nhwc %arg0, %[[W]],
// CHECK: nn.conv2d nhwc %{{.*}}, %[[W]],
// CHECK-NOT: arith.constant dense<{{.*}}> : tensor<1x1x2x2xf32>
// CHECK-NOT: nn.batch_norm
func.func @chain_nhwc(%x: tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32> {
  %w = arith.constant dense<[[[[1.0, 2.0], [3.0, 4.0]]]]> : tensor<1x1x2x2xf32>
  %mean = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %var = arith.constant dense<[3.0, 15.0]> : tensor<2xf32>
  %y1 = nn.conv2d nhwc %x, %w : (tensor<1x4x4x2xf32>, tensor<1x1x2x2xf32>) -> tensor<1x4x4x2xf32>
  %z1 = nn.batch_norm nhwc %y1, %mean, %var : (tensor<1x4x4x2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x4x4x2xf32>
  %y2 = nn.conv2d nhwc %z1, %w : (tensor<1x4x4x2xf32>, tensor<1x1x2x2xf32>) -> tensor<1x4x4x2xf32>
  %z2 = nn.batch_norm nhwc %y2, %mean, %var : (tensor<1x4x4x2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x4x4x2xf32>
  return %z2 : tensor<1x4x4x2xf32>
}

// -----

// Forward, into the layer after the batch norm.
// CHECK-LABEL: func @fold_forward_conv2d
// CHECK: arith.constant dense_resource<bnfolded_{{[0-9a-f]+}}> : tensor<1x2x1x1xf32>
// CHECK-NOT: arith.constant dense<{{.*}}> : tensor<1x2x1x1xf32>
// CHECK-NOT: nn.batch_norm
func.func @fold_forward_conv2d(%x: tensor<1x2x3x3xf32>) -> tensor<1x1x3x3xf32> {
  %w = arith.constant dense<[[[[1.0]], [[2.0]]]]> : tensor<1x2x1x1xf32>
  %b = arith.constant dense<0.5> : tensor<1xf32>
  %mean = arith.constant dense<[1.0, 0.0]> : tensor<2xf32>
  %var = arith.constant dense<[3.0, 0.0]> : tensor<2xf32>
  %scale = arith.constant dense<[2.0, -1.0]> : tensor<2xf32>
  %offset = arith.constant dense<[0.0, 3.0]> : tensor<2xf32>
  %y = nn.batch_norm nchw %x, %mean, %var scale %scale offset %offset {epsilon = 1.0 : f64}
      : (tensor<1x2x3x3xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x3x3xf32>
  %z = nn.conv2d nchw %y, %w, %b : (tensor<1x2x3x3xf32>, tensor<1x2x1x1xf32>, tensor<1xf32>) -> tensor<1x1x3x3xf32>
  return %z : tensor<1x1x3x3xf32>
}

// -----

// Into both layers of a concat.
// CHECK-LABEL: func @two_convs_nchw
// CHECK-COUNT-2: arith.constant dense_resource<bnfolded_{{[0-9a-f]+}}> : tensor<2x2x1x1xf32>
// CHECK-NOT: arith.constant dense<{{.*}}> : tensor<2x2x1x1xf32>
// CHECK-NOT: nn.batch_norm
func.func @two_convs_nchw(%x: tensor<1x2x3x3xf32>) -> tensor<1x4x3x3xf32> {
  %wa = arith.constant dense<[[[[1.0]], [[2.0]]], [[[3.0]], [[4.0]]]]> : tensor<2x2x1x1xf32>
  %wb = arith.constant dense<[[[[0.5]], [[-1.0]]], [[[1.5]], [[0.25]]]]> : tensor<2x2x1x1xf32>
  %bb = arith.constant dense<[1.0, 1.0]> : tensor<2xf32>
  %mean = arith.constant dense<[1.0, 2.0, 3.0, 4.0]> : tensor<4xf32>
  %var = arith.constant dense<[3.0, 15.0, 0.0, 8.0]> : tensor<4xf32>
  %scale = arith.constant dense<[2.0, -8.0, 1.0, 3.0]> : tensor<4xf32>
  %offset = arith.constant dense<[0.5, -1.0, 0.0, 2.0]> : tensor<4xf32>
  %a = nn.conv2d nchw %x, %wa : (tensor<1x2x3x3xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x3x3xf32>
  %b = nn.conv2d nchw %x, %wb, %bb : (tensor<1x2x3x3xf32>, tensor<2x2x1x1xf32>, tensor<2xf32>) -> tensor<1x2x3x3xf32>
  %c = nn.concat %a, %b axis 1 : (tensor<1x2x3x3xf32>, tensor<1x2x3x3xf32>) -> tensor<1x4x3x3xf32>
  %z = nn.batch_norm nchw %c, %mean, %var scale %scale offset %offset {epsilon = 1.0 : f64}
      : (tensor<1x4x3x3xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x3x3xf32>
  return %z : tensor<1x4x3x3xf32>
}

// -----

// Across an add, into both layers.
// CHECK-LABEL: func @conv_plus_conv_nchw
// CHECK-DAG: arith.constant dense_resource<bnfolded_{{[0-9a-f]+}}> : tensor<4x3x3x3xf32>
// CHECK-DAG: arith.constant dense_resource<bnfolded_{{[0-9a-f]+}}> : tensor<4x3x1x1xf32>
// CHECK-NOT: arith.constant dense<{{.*}}> : tensor<4x3x
// CHECK-NOT: nn.batch_norm
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
  %z = nn.batch_norm nchw %s, %mean, %var scale %gamma offset %beta {epsilon = 1.0e-03 : f64} : (tensor<1x4x6x6xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x6x6xf32>
  return %z : tensor<1x4x6x6xf32>
}

// -----

// Elementwise steps of a written-out batch norm (sub, div, mul, add): the
// mul scales the blob the div made, which names the new blob after it.
// CHECK-LABEL: func @textbook_nchw
// CHECK: arith.constant dense_resource<bnfolded_{{[0-9a-f]+}}_bnfolded_{{[0-9a-f]+}}> : tensor<4x3x3x3xf32>
// CHECK-NOT: arith.constant dense<{{.*}}> : tensor<4x3x3x3xf32>
// CHECK-NOT: nn.mul
func.func @textbook_nchw(%x: tensor<1x3x6x6xf32>) -> tensor<1x4x4x4xf32> {
  %w = arith.constant dense<[[[[0.5, -1.0, 0.25], [1.0, 0.5, -0.5], [0.125, 2.0, -1.5]], [[1.5, -0.5, 0.75], [-1.0, 0.25, 0.5], [0.5, -2.0, 1.0]], [[-0.25, 1.0, 0.5], [0.75, -0.75, 1.25], [1.0, 0.5, -1.0]]],
                             [[[1.0, 0.5, -0.5], [0.25, -1.0, 0.5], [-0.5, 1.5, 0.25]], [[0.5, 0.5, 1.0], [-1.5, 0.25, -0.25], [0.75, 1.0, -0.5]], [[0.25, -0.5, 1.5], [1.0, -1.0, 0.5], [-0.75, 0.5, 1.0]]],
                             [[[-1.0, 0.25, 0.5], [0.5, 1.0, -0.25], [1.5, -0.5, 0.75]], [[0.25, 1.25, -1.0], [0.5, -0.5, 1.0], [-1.0, 0.75, 0.25]], [[1.0, 0.5, 0.5], [-0.25, 1.5, -1.0], [0.5, 0.25, -0.5]]],
                             [[[0.75, -0.25, 1.0], [-0.5, 0.5, 1.5], [0.25, -1.0, 0.5]], [[1.0, -1.5, 0.25], [0.5, 1.0, -0.75], [0.25, 0.5, 1.0]], [[-0.5, 0.25, 1.0], [1.25, -0.5, 0.5], [0.75, 1.0, -0.25]]]]> : tensor<4x3x3x3xf32>
  %mean = arith.constant dense<[[[0.5]], [[-1.0]], [[2.0]], [[0.0]]]> : tensor<4x1x1xf32>
  %var = arith.constant dense<[[[1.5]], [[0.25]], [[4.0]], [[0.01]]]> : tensor<4x1x1xf32>
  %eps = arith.constant dense<1.0e-3> : tensor<f32>
  %gamma = arith.constant dense<[[[[2.0]], [[-0.5]], [[0.0]], [[1.25]]]]> : tensor<1x4x1x1xf32>
  %beta = arith.constant dense<[[[0.1]], [[0.2]], [[-0.3]], [[0.4]]]> : tensor<4x1x1xf32>
  %y = nn.conv2d nchw %x, %w : (tensor<1x3x6x6xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x4x4xf32>
  %c = nn.sub %y, %mean : (tensor<1x4x4x4xf32>, tensor<4x1x1xf32>) -> tensor<1x4x4x4xf32>
  %ve = nn.add %var, %eps : (tensor<4x1x1xf32>, tensor<f32>) -> tensor<4x1x1xf32>
  %sd = nn.sqrt %ve : tensor<4x1x1xf32>
  %n = nn.div %c, %sd : (tensor<1x4x4x4xf32>, tensor<4x1x1xf32>) -> tensor<1x4x4x4xf32>
  %s = nn.mul %gamma, %n : (tensor<1x4x1x1xf32>, tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32>
  %z = nn.add %s, %beta : (tensor<1x4x4x4xf32>, tensor<4x1x1xf32>) -> tensor<1x4x4x4xf32>
  return %z : tensor<1x4x4x4xf32>
}

// -----

// Training: the copy's weights depend on the moving variance, computed at
// run time, so they stay an nn.bn_fold_weights op, which carries the choice
// to its folder. (The step is a constant here, before the freeze, so that
// bnfold-run can run the function.)
// CHECK-LABEL: func @conv2d_nchw_bias
// CHECK: nn.bn_fold_weights {{.*}}fold_to_resource
func.func @conv2d_nchw_bias(%x: tensor<?x3x5x5xf32>, %mm: tensor<4xf32>, %mv: tensor<4xf32>, %g: tensor<4xf32>, %b: tensor<4xf32>) -> (tensor<?x4x5x5xf32>, tensor<4xf32>, tensor<4xf32>) {
  %s = arith.constant dense<3> : tensor<i64>
  %w = arith.constant dense<0.5> : tensor<4x3x3x3xf32>
  %bias = arith.constant dense<[0.1, 0.2, 0.3, 0.4]> : tensor<4xf32>
  %y = nn.conv2d nchw %x, %w, %bias {padding = array<i64: 1, 1, 1, 1>} : (tensor<?x3x5x5xf32>, tensor<4x3x3x3xf32>, tensor<4xf32>) -> tensor<?x4x5x5xf32>
  %o:5 = nn.batch_norm_training nchw %y, %mm, %mv scale %g offset %b step %s {epsilon = 1.0e-03 : f64, freeze_delay = 10 : i64}
      : (tensor<?x4x5x5xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<i64>) -> (tensor<?x4x5x5xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>)
  return %o#0, %o#3, %o#4 : tensor<?x4x5x5xf32>, tensor<4xf32>, tensor<4xf32>
}

// -----

// A refused fold (the layer's result has another user) leaves the weights
// dense.
// CHECK-LABEL: func @no_fold_keeps_dense
// CHECK: arith.constant dense<{{.*}}> : tensor<1x1x2x2xf32>
// CHECK-NOT: dense_resource
// CHECK: nn.batch_norm
func.func @no_fold_keeps_dense(%x: tensor<1x4x4x2xf32>) -> (tensor<1x4x4x2xf32>, tensor<1x4x4x2xf32>) {
  %w = arith.constant dense<[[[[1.0, 2.0], [3.0, 4.0]]]]> : tensor<1x1x2x2xf32>
  %mean = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %var = arith.constant dense<[3.0, 15.0]> : tensor<2xf32>
  %y = nn.conv2d nhwc %x, %w : (tensor<1x4x4x2xf32>, tensor<1x1x2x2xf32>) -> tensor<1x4x4x2xf32>
  %z = nn.batch_norm nhwc %y, %mean, %var : (tensor<1x4x4x2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x4x4x2xf32>
  return %y, %z : tensor<1x4x4x2xf32>, tensor<1x4x4x2xf32>
}
