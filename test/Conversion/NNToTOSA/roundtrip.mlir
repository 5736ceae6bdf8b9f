// RUN: bnfold-opt --convert-tosa-to-nn --convert-nn-to-tosa --split-input-file %s | FileCheck %s
// RUN: bnfold-opt --convert-tosa-to-nn --convert-nn-to-tosa %s | mlir-opt --tosa-validate > /dev/null

// Raised and lowered without a fold in between, every op comes back as the
// TOSA op it was: same op, operands, attributes and types (constant filters
// as one tosa.const in TOSA's layout, zero points as their own constants).

// TensorFlow: conv2d (filter transposed from HWIO), the FusedBatchNormV3
// chain, clamp (not raised), depthwise, Dense with BiasAdd.
// CHECK-LABEL: func.func @tensorflow
// CHECK-SAME: (%[[X:.*]]: tensor<1x4x4x2xf32>)
// CHECK-DAG: %[[B3:.*]] = "tosa.const"() <{values = dense<0.000000e+00> : tensor<3xf32>}>
// CHECK-DAG: %[[W:.*]] = "tosa.const"() <{values = dense<{{\[\[\[\[}}1.000000e+00, 2.000000e+00]]], {{\[\[\[}}3.000000e+00, 4.000000e+00]]], {{\[\[\[}}5.000000e+00, 6.000000e+00]]]]> : tensor<3x1x1x2xf32>}>
// CHECK: %[[C:.*]] = tosa.conv2d %[[X]], %[[W]], %[[B3]], %{{.*}}, %{{.*}} {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x4x4x2xf32>, tensor<3x1x1x2xf32>, tensor<3xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x3xf32>
// CHECK: %[[M4:.*]] = tosa.reshape %{{.*}}, %{{.*}} : (tensor<3xf32>, !tosa.shape<4>) -> tensor<1x1x1x3xf32>
// CHECK: %[[SUB:.*]] = tosa.sub %[[C]], %[[M4]] : (tensor<1x4x4x3xf32>, tensor<1x1x1x3xf32>) -> tensor<1x4x4x3xf32>
// CHECK: %[[VE:.*]] = tosa.add %{{.*}}, %{{.*}} : (tensor<3xf32>, tensor<1xf32>) -> tensor<3xf32>
// CHECK: %[[R:.*]] = tosa.rsqrt %[[VE]] : (tensor<3xf32>) -> tensor<3xf32>
// CHECK: %[[R4:.*]] = tosa.reshape %[[R]], %{{.*}} : (tensor<3xf32>, !tosa.shape<4>) -> tensor<1x1x1x3xf32>
// CHECK: %[[MUL:.*]] = tosa.mul %[[SUB]], %[[R4]], %{{.*}} : (tensor<1x4x4x3xf32>, tensor<1x1x1x3xf32>, tensor<1xi8>) -> tensor<1x4x4x3xf32>
// CHECK: %[[CL:.*]] = tosa.clamp %[[MUL]] {max_val = 6.000000e+00 : f32, min_val = 0.000000e+00 : f32}
// CHECK: %[[DW:.*]] = tosa.depthwise_conv2d %[[CL]], %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 1, 0, 1, 0>, stride = array<i64: 2, 2>} : (tensor<1x4x4x3xf32>, tensor<3x3x3x1xf32>, tensor<3xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x2x3xf32>
// CHECK: %[[FLAT:.*]] = tosa.reshape %[[DW]], %{{.*}} : (tensor<1x2x2x3xf32>, !tosa.shape<2>) -> tensor<1x12xf32>
// CHECK: %[[A:.*]] = tosa.reshape %[[FLAT]], %{{.*}} : (tensor<1x12xf32>, !tosa.shape<3>) -> tensor<1x1x12xf32>
// CHECK: %[[P:.*]] = tosa.matmul %[[A]], %{{.*}}, %{{.*}}, %{{.*}} : (tensor<1x1x12xf32>, tensor<1x12x5xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x5xf32>
// CHECK: %[[D:.*]] = tosa.reshape %[[P]], %{{.*}} : (tensor<1x1x5xf32>, !tosa.shape<2>) -> tensor<1x5xf32>
// CHECK: %[[OUT:.*]] = tosa.add %[[D]], %{{.*}} : (tensor<1x5xf32>, tensor<1x5xf32>) -> tensor<1x5xf32>
// CHECK: return %[[OUT]]
func.func @tensorflow(%x: tensor<1x4x4x2xf32>) -> tensor<1x5xf32> {
  %hwio = "tosa.const"() <{values = dense<[[[[1.0, 3.0, 5.0], [2.0, 4.0, 6.0]]]]> : tensor<1x1x2x3xf32>}> : () -> tensor<1x1x2x3xf32>
  %w = tosa.transpose %hwio {perms = array<i32: 3, 0, 1, 2>} : (tensor<1x1x2x3xf32>) -> tensor<3x1x1x2xf32>
  %b3 = "tosa.const"() <{values = dense<0.0> : tensor<3xf32>}> : () -> tensor<3xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %c = tosa.conv2d %x, %w, %b3, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x4x4x2xf32>, tensor<3x1x1x2xf32>, tensor<3xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x3xf32>
  %mean = "tosa.const"() <{values = dense<[0.1, 0.2, 0.3]> : tensor<3xf32>}> : () -> tensor<3xf32>
  %var = "tosa.const"() <{values = dense<[1.0, 2.0, 3.0]> : tensor<3xf32>}> : () -> tensor<3xf32>
  %s4 = tosa.const_shape {values = dense<[1, 1, 1, 3]> : tensor<4xindex>} : () -> !tosa.shape<4>
  %m4 = tosa.reshape %mean, %s4 : (tensor<3xf32>, !tosa.shape<4>) -> tensor<1x1x1x3xf32>
  %sub = tosa.sub %c, %m4 : (tensor<1x4x4x3xf32>, tensor<1x1x1x3xf32>) -> tensor<1x4x4x3xf32>
  %eps = "tosa.const"() <{values = dense<0.001> : tensor<1xf32>}> : () -> tensor<1xf32>
  %ve = tosa.add %var, %eps : (tensor<3xf32>, tensor<1xf32>) -> tensor<3xf32>
  %r = tosa.rsqrt %ve : (tensor<3xf32>) -> tensor<3xf32>
  %r4 = tosa.reshape %r, %s4 : (tensor<3xf32>, !tosa.shape<4>) -> tensor<1x1x1x3xf32>
  %shift = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %mul = tosa.mul %sub, %r4, %shift : (tensor<1x4x4x3xf32>, tensor<1x1x1x3xf32>, tensor<1xi8>) -> tensor<1x4x4x3xf32>
  %cl = tosa.clamp %mul {max_val = 6.0 : f32, min_val = 0.0 : f32} : (tensor<1x4x4x3xf32>) -> tensor<1x4x4x3xf32>
  %dww = "tosa.const"() <{values = dense<0.5> : tensor<3x3x3x1xf32>}> : () -> tensor<3x3x3x1xf32>
  %dw = tosa.depthwise_conv2d %cl, %dww, %b3, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 1, 0, 1, 0>, stride = array<i64: 2, 2>} : (tensor<1x4x4x3xf32>, tensor<3x3x3x1xf32>, tensor<3xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x2x3xf32>
  %sf = tosa.const_shape {values = dense<[1, 12]> : tensor<2xindex>} : () -> !tosa.shape<2>
  %flat = tosa.reshape %dw, %sf : (tensor<1x2x2x3xf32>, !tosa.shape<2>) -> tensor<1x12xf32>
  %s3 = tosa.const_shape {values = dense<[1, 1, 12]> : tensor<3xindex>} : () -> !tosa.shape<3>
  %a = tosa.reshape %flat, %s3 : (tensor<1x12xf32>, !tosa.shape<3>) -> tensor<1x1x12xf32>
  %k = "tosa.const"() <{values = dense<0.25> : tensor<1x12x5xf32>}> : () -> tensor<1x12x5xf32>
  %p = tosa.matmul %a, %k, %zp, %zp : (tensor<1x1x12xf32>, tensor<1x12x5xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x5xf32>
  %s2 = tosa.const_shape {values = dense<[1, 5]> : tensor<2xindex>} : () -> !tosa.shape<2>
  %d = tosa.reshape %p, %s2 : (tensor<1x1x5xf32>, !tosa.shape<2>) -> tensor<1x5xf32>
  %bias = "tosa.const"() <{values = dense<[[1.0, 2.0, 3.0, 4.0, 5.0]]> : tensor<1x5xf32>}> : () -> tensor<1x5xf32>
  %out = tosa.add %d, %bias : (tensor<1x5xf32>, tensor<1x5xf32>) -> tensor<1x5xf32>
  return %out : tensor<1x5xf32>
}

// -----

// torch-mlir: the NCHW transposes around a conv2d and a transposed conv
// with its crop, the batch norm chain on [1, C, 1, 1] constants, a
// residual add, clamp.
// CHECK-LABEL: func.func @torch
// CHECK-SAME: (%[[X:.*]]: tensor<1x2x4x4xf32>)
// CHECK: %[[XT:.*]] = tosa.transpose %[[X]] {perms = array<i32: 0, 2, 3, 1>}
// CHECK: %[[C:.*]] = tosa.conv2d %[[XT]], %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>} : (tensor<1x4x4x2xf32>, tensor<2x3x3x2xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x2xf32>
// CHECK: %[[Y:.*]] = tosa.transpose %[[C]] {perms = array<i32: 0, 3, 1, 2>}
// CHECK: %[[SUB:.*]] = tosa.sub %[[Y]], %{{.*}} : (tensor<1x2x4x4xf32>, tensor<1x2x1x1xf32>) -> tensor<1x2x4x4xf32>
// CHECK: %[[MUL:.*]] = tosa.mul %[[SUB]], %{{.*}}, %{{.*}} : (tensor<1x2x4x4xf32>, tensor<1x2x1x1xf32>, tensor<1xi8>) -> tensor<1x2x4x4xf32>
// CHECK: %[[RES:.*]] = tosa.add %[[MUL]], %[[X]] : (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
// CHECK: %[[CL:.*]] = tosa.clamp %[[RES]]
// CHECK: %[[CT:.*]] = tosa.transpose %[[CL]] {perms = array<i32: 0, 2, 3, 1>}
// CHECK: %[[TC:.*]] = tosa.transpose_conv2d %[[CT]], %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} {acc_type = f32, out_pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 2, 2>} : (tensor<1x4x4x2xf32>, tensor<1x3x3x2xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x9x9x1xf32>
// CHECK-DAG: %[[SIZE:.*]] = tosa.const_shape {values = dense<[1, 8, 8, 1]> : tensor<4xindex>}
// CHECK-DAG: %[[START:.*]] = tosa.const_shape {values = dense<[0, 1, 1, 0]> : tensor<4xindex>}
// CHECK: %[[S:.*]] = tosa.slice %[[TC]], %[[START]], %[[SIZE]]
// CHECK: %[[OUT:.*]] = tosa.transpose %[[S]] {perms = array<i32: 0, 3, 1, 2>}
// CHECK: return %[[OUT]]
func.func @torch(%x: tensor<1x2x4x4xf32>) -> tensor<1x1x8x8xf32> {
  %oihw = "tosa.const"() <{values = dense<0.125> : tensor<2x2x3x3xf32>}> : () -> tensor<2x2x3x3xf32>
  %b2 = "tosa.const"() <{values = dense<0.0> : tensor<2xf32>}> : () -> tensor<2xf32>
  %zp0 = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %zp1 = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %xt = tosa.transpose %x {perms = array<i32: 0, 2, 3, 1>} : (tensor<1x2x4x4xf32>) -> tensor<1x4x4x2xf32>
  %w = tosa.transpose %oihw {perms = array<i32: 0, 2, 3, 1>} : (tensor<2x2x3x3xf32>) -> tensor<2x3x3x2xf32>
  %c = tosa.conv2d %xt, %w, %b2, %zp0, %zp1 {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>} : (tensor<1x4x4x2xf32>, tensor<2x3x3x2xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x2xf32>
  %y = tosa.transpose %c {perms = array<i32: 0, 3, 1, 2>} : (tensor<1x4x4x2xf32>) -> tensor<1x2x4x4xf32>
  %mean = "tosa.const"() <{values = dense<[[[[0.5]], [[-0.5]]]]> : tensor<1x2x1x1xf32>}> : () -> tensor<1x2x1x1xf32>
  %scale = "tosa.const"() <{values = dense<[[[[2.0]], [[3.0]]]]> : tensor<1x2x1x1xf32>}> : () -> tensor<1x2x1x1xf32>
  %sub = tosa.sub %y, %mean : (tensor<1x2x4x4xf32>, tensor<1x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %shift = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %mul = tosa.mul %sub, %scale, %shift : (tensor<1x2x4x4xf32>, tensor<1x2x1x1xf32>, tensor<1xi8>) -> tensor<1x2x4x4xf32>
  %res = tosa.add %mul, %x : (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  %cl = tosa.clamp %res {max_val = 3.40282347E+38 : f32, min_val = 0.0 : f32} : (tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  %ct = tosa.transpose %cl {perms = array<i32: 0, 2, 3, 1>} : (tensor<1x2x4x4xf32>) -> tensor<1x4x4x2xf32>
  %iohw = "tosa.const"() <{values = dense<0.25> : tensor<2x1x3x3xf32>}> : () -> tensor<2x1x3x3xf32>
  %tw = tosa.transpose %iohw {perms = array<i32: 1, 2, 3, 0>} : (tensor<2x1x3x3xf32>) -> tensor<1x3x3x2xf32>
  %b1 = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %tc = tosa.transpose_conv2d %ct, %tw, %b1, %zp0, %zp1 {acc_type = f32, out_pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 2, 2>} : (tensor<1x4x4x2xf32>, tensor<1x3x3x2xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x9x9x1xf32>
  %start = tosa.const_shape {values = dense<[0, 1, 1, 0]> : tensor<4xindex>} : () -> !tosa.shape<4>
  %size = tosa.const_shape {values = dense<[1, 8, 8, 1]> : tensor<4xindex>} : () -> !tosa.shape<4>
  %s = tosa.slice %tc, %start, %size : (tensor<1x9x9x1xf32>, !tosa.shape<4>, !tosa.shape<4>) -> tensor<1x8x8x1xf32>
  %out = tosa.transpose %s {perms = array<i32: 0, 3, 1, 2>} : (tensor<1x8x8x1xf32>) -> tensor<1x1x8x8xf32>
  return %out : tensor<1x1x8x8xf32>
}

// -----

// tosa.concat comes back with its axis.
// CHECK-LABEL: func.func @concat
// CHECK-SAME: (%[[A:.*]]: tensor<1x2x2x3xf32>, %[[B:.*]]: tensor<1x2x2x1xf32>)
// CHECK: %[[C:.*]] = tosa.concat %[[A]], %[[B]] {axis = 3 : i32} : (tensor<1x2x2x3xf32>, tensor<1x2x2x1xf32>) -> tensor<1x2x2x4xf32>
// CHECK: return %[[C]]
func.func @concat(%a: tensor<1x2x2x3xf32>, %b: tensor<1x2x2x1xf32>) -> tensor<1x2x2x4xf32> {
  %c = tosa.concat %a, %b {axis = 3 : i32} : (tensor<1x2x2x3xf32>, tensor<1x2x2x1xf32>) -> tensor<1x2x2x4xf32>
  return %c : tensor<1x2x2x4xf32>
}
