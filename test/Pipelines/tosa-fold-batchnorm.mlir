// RUN: bnfold-opt --tosa-fold-batchnorm --split-input-file %s | FileCheck %s
// RUN: bnfold-opt --tosa-fold-batchnorm %s | mlir-opt --tosa-validate > /dev/null

// TensorFlow's FusedBatchNormV3 chain after a conv2d: s = gamma /
// sqrt(var + eps) = [2, 8] / [2, 4] = [1, 2]; output channel 1 of the OHWI
// filter doubles, the bias is (0 - mean) * s + beta = [-0.5, -5].
// CHECK-LABEL: func.func @tf_conv_bn
// CHECK-SAME: (%[[X:.*]]: tensor<1x2x2x2xf32>)
// CHECK-DAG: %[[W:.*]] = "tosa.const"() <{values = dense<{{\[\[\[\[}}1.000000e+00, 2.000000e+00]]], {{\[\[\[}}6.000000e+00, 8.000000e+00]]]]> : tensor<2x1x1x2xf32>}>
// CHECK-DAG: %[[B:.*]] = "tosa.const"() <{values = dense<[-5.000000e-01, -5.000000e+00]> : tensor<2xf32>}>
// CHECK: %[[Y:.*]] = tosa.conv2d %[[X]], %[[W]], %[[B]], %{{.*}}, %{{.*}} {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x2x2x2xf32>, tensor<2x1x1x2xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x2x2xf32>
// CHECK-NEXT: return %[[Y]]
func.func @tf_conv_bn(%x: tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32> {
  %w = "tosa.const"() <{values = dense<[[[[1.0, 2.0]]], [[[3.0, 4.0]]]]> : tensor<2x1x1x2xf32>}> : () -> tensor<2x1x1x2xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<2xf32>}> : () -> tensor<2xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %y = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x2x2x2xf32>, tensor<2x1x1x2xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x2x2xf32>
  %mean = "tosa.const"() <{values = dense<[1.0, 2.0]> : tensor<2xf32>}> : () -> tensor<2xf32>
  %var = "tosa.const"() <{values = dense<[3.0, 15.0]> : tensor<2xf32>}> : () -> tensor<2xf32>
  %gamma = "tosa.const"() <{values = dense<[2.0, 8.0]> : tensor<2xf32>}> : () -> tensor<2xf32>
  %beta = "tosa.const"() <{values = dense<[0.5, -1.0]> : tensor<2xf32>}> : () -> tensor<2xf32>
  %s4 = tosa.const_shape {values = dense<[1, 1, 1, 2]> : tensor<4xindex>} : () -> !tosa.shape<4>
  %m4 = tosa.reshape %mean, %s4 : (tensor<2xf32>, !tosa.shape<4>) -> tensor<1x1x1x2xf32>
  %sub = tosa.sub %y, %m4 : (tensor<1x2x2x2xf32>, tensor<1x1x1x2xf32>) -> tensor<1x2x2x2xf32>
  %eps = "tosa.const"() <{values = dense<1.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %ve = tosa.add %var, %eps : (tensor<2xf32>, tensor<1xf32>) -> tensor<2xf32>
  %r = tosa.rsqrt %ve : (tensor<2xf32>) -> tensor<2xf32>
  %r4 = tosa.reshape %r, %s4 : (tensor<2xf32>, !tosa.shape<4>) -> tensor<1x1x1x2xf32>
  %shift = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %mul0 = tosa.mul %sub, %r4, %shift : (tensor<1x2x2x2xf32>, tensor<1x1x1x2xf32>, tensor<1xi8>) -> tensor<1x2x2x2xf32>
  %g4 = tosa.reshape %gamma, %s4 : (tensor<2xf32>, !tosa.shape<4>) -> tensor<1x1x1x2xf32>
  %mul1 = tosa.mul %mul0, %g4, %shift : (tensor<1x2x2x2xf32>, tensor<1x1x1x2xf32>, tensor<1xi8>) -> tensor<1x2x2x2xf32>
  %b4 = tosa.reshape %beta, %s4 : (tensor<2xf32>, !tosa.shape<4>) -> tensor<1x1x1x2xf32>
  %out = tosa.add %mul1, %b4 : (tensor<1x2x2x2xf32>, tensor<1x1x1x2xf32>) -> tensor<1x2x2x2xf32>
  return %out : tensor<1x2x2x2xf32>
}

// -----

// torch-mlir's form of the same network: NCHW transposes around the conv,
// [1, C, 1, 1] parameters reshaped twice, a rank-0 epsilon. The folded
// layer keeps torch-mlir's transposes.
// CHECK-LABEL: func.func @torch_conv_bn
// CHECK-SAME: (%[[X:.*]]: tensor<1x2x2x2xf32>)
// CHECK-DAG: %[[W:.*]] = "tosa.const"() <{values = dense<{{\[\[\[\[}}1.000000e+00, 2.000000e+00]]], {{\[\[\[}}6.000000e+00, 8.000000e+00]]]]> : tensor<2x1x1x2xf32>}>
// CHECK-DAG: %[[B:.*]] = "tosa.const"() <{values = dense<[-5.000000e-01, -5.000000e+00]> : tensor<2xf32>}>
// CHECK-DAG: %[[XT:.*]] = tosa.transpose %[[X]] {perms = array<i32: 0, 2, 3, 1>}
// CHECK-DAG: %[[C:.*]] = tosa.conv2d %[[XT]], %[[W]], %[[B]],
// CHECK-DAG: %[[Y:.*]] = tosa.transpose %[[C]] {perms = array<i32: 0, 3, 1, 2>}
// CHECK: return %[[Y]]
func.func @torch_conv_bn(%x: tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32> {
  %oihw = "tosa.const"() <{values = dense<[[[[1.0]], [[2.0]]], [[[3.0]], [[4.0]]]]> : tensor<2x2x1x1xf32>}> : () -> tensor<2x2x1x1xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<2xf32>}> : () -> tensor<2xf32>
  %izp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %wzp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %xt = tosa.transpose %x {perms = array<i32: 0, 2, 3, 1>} : (tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32>
  %w = tosa.transpose %oihw {perms = array<i32: 0, 2, 3, 1>} : (tensor<2x2x1x1xf32>) -> tensor<2x1x1x2xf32>
  %c = tosa.conv2d %xt, %w, %b, %izp, %wzp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x2x2x2xf32>, tensor<2x1x1x2xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x2x2xf32>
  %y = tosa.transpose %c {perms = array<i32: 0, 3, 1, 2>} : (tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32>
  %mean = "tosa.const"() <{values = dense<[1.0, 2.0]> : tensor<2xf32>}> : () -> tensor<2xf32>
  %var = "tosa.const"() <{values = dense<[3.0, 15.0]> : tensor<2xf32>}> : () -> tensor<2xf32>
  %gamma = "tosa.const"() <{values = dense<[2.0, 8.0]> : tensor<2xf32>}> : () -> tensor<2xf32>
  %beta = "tosa.const"() <{values = dense<[0.5, -1.0]> : tensor<2xf32>}> : () -> tensor<2xf32>
  %s3 = tosa.const_shape {values = dense<[2, 1, 1]> : tensor<3xindex>} : () -> !tosa.shape<3>
  %s4 = tosa.const_shape {values = dense<[1, 2, 1, 1]> : tensor<4xindex>} : () -> !tosa.shape<4>
  %m3 = tosa.reshape %mean, %s3 : (tensor<2xf32>, !tosa.shape<3>) -> tensor<2x1x1xf32>
  %v3 = tosa.reshape %var, %s3 : (tensor<2xf32>, !tosa.shape<3>) -> tensor<2x1x1xf32>
  %g3 = tosa.reshape %gamma, %s3 : (tensor<2xf32>, !tosa.shape<3>) -> tensor<2x1x1xf32>
  %b3 = tosa.reshape %beta, %s3 : (tensor<2xf32>, !tosa.shape<3>) -> tensor<2x1x1xf32>
  %eps = "tosa.const"() <{values = dense<1.0> : tensor<f32>}> : () -> tensor<f32>
  %m4 = tosa.reshape %m3, %s4 : (tensor<2x1x1xf32>, !tosa.shape<4>) -> tensor<1x2x1x1xf32>
  %v4 = tosa.reshape %v3, %s4 : (tensor<2x1x1xf32>, !tosa.shape<4>) -> tensor<1x2x1x1xf32>
  %e1 = tosa.const_shape {values = dense<1> : tensor<4xindex>} : () -> !tosa.shape<4>
  %e4 = tosa.reshape %eps, %e1 : (tensor<f32>, !tosa.shape<4>) -> tensor<1x1x1x1xf32>
  %g4 = tosa.reshape %g3, %s4 : (tensor<2x1x1xf32>, !tosa.shape<4>) -> tensor<1x2x1x1xf32>
  %b4 = tosa.reshape %b3, %s4 : (tensor<2x1x1xf32>, !tosa.shape<4>) -> tensor<1x2x1x1xf32>
  %sub = tosa.sub %y, %m4 : (tensor<1x2x2x2xf32>, tensor<1x2x1x1xf32>) -> tensor<1x2x2x2xf32>
  %ve = tosa.add %v4, %e4 : (tensor<1x2x1x1xf32>, tensor<1x1x1x1xf32>) -> tensor<1x2x1x1xf32>
  %r = tosa.rsqrt %ve : (tensor<1x2x1x1xf32>) -> tensor<1x2x1x1xf32>
  %shift0 = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %mul0 = tosa.mul %sub, %r, %shift0 : (tensor<1x2x2x2xf32>, tensor<1x2x1x1xf32>, tensor<1xi8>) -> tensor<1x2x2x2xf32>
  %shift1 = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %mul1 = tosa.mul %mul0, %g4, %shift1 : (tensor<1x2x2x2xf32>, tensor<1x2x1x1xf32>, tensor<1xi8>) -> tensor<1x2x2x2xf32>
  %out = tosa.add %mul1, %b4 : (tensor<1x2x2x2xf32>, tensor<1x2x1x1xf32>) -> tensor<1x2x2x2xf32>
  return %out : tensor<1x2x2x2xf32>
}

// -----

// TensorFlow's Dense + BiasAdd + an unfused batch norm (x * s + t) on
// [1, N] constants: one tosa.matmul between reshapes, and the folded bias
// as one tosa.add.
// CHECK-LABEL: func.func @tf_dense_bn
// CHECK-DAG: %[[W:.*]] = "tosa.const"() <{values = dense<{{\[\[\[}}2.000000e+00, 3.000000e+00], [4.000000e+00, 6.000000e+00]]]> : tensor<1x2x2xf32>}>
// CHECK-DAG: %[[B:.*]] = "tosa.const"() <{values = dense<{{\[\[}}3.000000e+00, 7.000000e+00]]> : tensor<1x2xf32>}>
// CHECK-DAG: %[[A:.*]] = tosa.reshape
// CHECK-DAG: %[[P:.*]] = tosa.matmul %[[A]], %[[W]],
// CHECK-DAG: %[[D:.*]] = tosa.reshape %[[P]]
// CHECK-DAG: %[[Y:.*]] = tosa.add %[[D]], %[[B]] : (tensor<4x2xf32>, tensor<1x2xf32>) -> tensor<4x2xf32>
// CHECK: return %[[Y]]
func.func @tf_dense_bn(%x: tensor<4x2xf32>) -> tensor<4x2xf32> {
  %k = "tosa.const"() <{values = dense<[[[1.0, 1.0], [2.0, 2.0]]]> : tensor<1x2x2xf32>}> : () -> tensor<1x2x2xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %s0 = tosa.const_shape {values = dense<[1, 4, 2]> : tensor<3xindex>} : () -> !tosa.shape<3>
  %a = tosa.reshape %x, %s0 : (tensor<4x2xf32>, !tosa.shape<3>) -> tensor<1x4x2xf32>
  %p = tosa.matmul %a, %k, %zp, %zp : (tensor<1x4x2xf32>, tensor<1x2x2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x2xf32>
  %s1 = tosa.const_shape {values = dense<[4, 2]> : tensor<2xindex>} : () -> !tosa.shape<2>
  %d = tosa.reshape %p, %s1 : (tensor<1x4x2xf32>, !tosa.shape<2>) -> tensor<4x2xf32>
  %bias = "tosa.const"() <{values = dense<[[1.0, 2.0]]> : tensor<1x2xf32>}> : () -> tensor<1x2xf32>
  %biased = tosa.add %d, %bias : (tensor<4x2xf32>, tensor<1x2xf32>) -> tensor<4x2xf32>
  %s = "tosa.const"() <{values = dense<[[2.0, 3.0]]> : tensor<1x2xf32>}> : () -> tensor<1x2xf32>
  %shift = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %scaled = tosa.mul %biased, %s, %shift : (tensor<4x2xf32>, tensor<1x2xf32>, tensor<1xi8>) -> tensor<4x2xf32>
  %t = "tosa.const"() <{values = dense<[[1.0, 1.0]]> : tensor<1x2xf32>}> : () -> tensor<1x2xf32>
  %out = tosa.add %scaled, %t : (tensor<4x2xf32>, tensor<1x2xf32>) -> tensor<4x2xf32>
  return %out : tensor<4x2xf32>
}

// -----

// What does not fold comes back as it was: a multiplier that varies over
// the spatial dims, the clamp and pool around it, an int8 conv.
// CHECK-LABEL: func.func @unfolded_ops_stay
// CHECK-SAME: (%[[X:.*]]: tensor<1x2x2x2xf32>, %[[Q:.*]]: tensor<1x2x2x2xi8>)
// CHECK: %[[C:.*]] = tosa.conv2d %[[X]], {{.*}} -> tensor<1x2x2x2xf32>
// CHECK: %[[M:.*]] = tosa.mul %[[C]], %{{.*}}, %{{.*}} : (tensor<1x2x2x2xf32>, tensor<1x2x2x1xf32>, tensor<1xi8>) -> tensor<1x2x2x2xf32>
// CHECK: %[[CL:.*]] = tosa.clamp %[[M]] {max_val = 6.000000e+00 : f32, min_val = 0.000000e+00 : f32}
// CHECK: %[[P:.*]] = tosa.max_pool2d %[[CL]] {kernel = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 2, 2>}
// CHECK: %[[I:.*]] = tosa.conv2d %[[Q]], {{.*}} {acc_type = i32, {{.*}}} : (tensor<1x2x2x2xi8>, tensor<2x1x1x2xi8>, tensor<2xi32>, tensor<1xi8>, tensor<1xi8>) -> tensor<1x2x2x2xi32>
// CHECK: return %[[P]], %[[I]]
func.func @unfolded_ops_stay(%x: tensor<1x2x2x2xf32>, %q: tensor<1x2x2x2xi8>) -> (tensor<1x1x1x2xf32>, tensor<1x2x2x2xi32>) {
  %w = "tosa.const"() <{values = dense<1.0> : tensor<2x1x1x2xf32>}> : () -> tensor<2x1x1x2xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<2xf32>}> : () -> tensor<2xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %c = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x2x2x2xf32>, tensor<2x1x1x2xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x2x2xf32>
  %spatial = "tosa.const"() <{values = dense<[[[[1.0], [2.0]], [[3.0], [4.0]]]]> : tensor<1x2x2x1xf32>}> : () -> tensor<1x2x2x1xf32>
  %shift = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %m = tosa.mul %c, %spatial, %shift : (tensor<1x2x2x2xf32>, tensor<1x2x2x1xf32>, tensor<1xi8>) -> tensor<1x2x2x2xf32>
  %cl = tosa.clamp %m {max_val = 6.0 : f32, min_val = 0.0 : f32} : (tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32>
  %p = tosa.max_pool2d %cl {kernel = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 2, 2>} : (tensor<1x2x2x2xf32>) -> tensor<1x1x1x2xf32>
  %qw = "tosa.const"() <{values = dense<1> : tensor<2x1x1x2xi8>}> : () -> tensor<2x1x1x2xi8>
  %qb = "tosa.const"() <{values = dense<0> : tensor<2xi32>}> : () -> tensor<2xi32>
  %qzp = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %i = tosa.conv2d %q, %qw, %qb, %qzp, %qzp {acc_type = i32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x2x2x2xi8>, tensor<2x1x1x2xi8>, tensor<2xi32>, tensor<1xi8>, tensor<1xi8>) -> tensor<1x2x2x2xi32>
  return %p, %i : tensor<1x1x1x2xf32>, tensor<1x2x2x2xi32>
}
