// RUN: bnfold-opt --convert-nn-to-tosa --split-input-file %s | FileCheck %s
// Everything written is TOSA 1.0 that upstream's validation accepts.
// RUN: bnfold-opt --convert-nn-to-tosa %s | mlir-opt --tosa-validate > /dev/null

// nhwc conv2d: the HWIO filter back to OHWI (as tosa.const), a zero bias
// where nn has none, zero points, acc_type f32.
// CHECK-LABEL: func.func @conv2d_nhwc
// CHECK-SAME: (%[[X:.*]]: tensor<1x5x5x3xf32>)
// CHECK-DAG: %[[W:.*]] = "tosa.const"() <{values = dense<{{\[\[\[\[}}1.000000e+00, 2.000000e+00, 3.000000e+00]]], {{\[\[\[}}4.000000e+00, 5.000000e+00, 6.000000e+00]]]]> : tensor<2x1x1x3xf32>}>
// CHECK-DAG: %[[B:.*]] = "tosa.const"() <{values = dense<0.000000e+00> : tensor<2xf32>}>
// CHECK-DAG: %[[IZP:.*]] = "tosa.const"() <{values = dense<0.000000e+00> : tensor<1xf32>}>
// CHECK-DAG: %[[WZP:.*]] = "tosa.const"() <{values = dense<0.000000e+00> : tensor<1xf32>}>
// CHECK: %[[Y:.*]] = tosa.conv2d %[[X]], %[[W]], %[[B]], %[[IZP]], %[[WZP]] {acc_type = f32, dilation = array<i64: 1, 2>, pad = array<i64: 1, 1, 0, 0>, stride = array<i64: 2, 2>} : (tensor<1x5x5x3xf32>, tensor<2x1x1x3xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x3x2xf32>
// CHECK-NEXT: return %[[Y]]
// CHECK-NOT: arith.constant
func.func @conv2d_nhwc(%x: tensor<1x5x5x3xf32>) -> tensor<1x4x3x2xf32> {
  %w = arith.constant dense<[[[[1.0, 4.0], [2.0, 5.0], [3.0, 6.0]]]]> : tensor<1x1x3x2xf32>
  %y = nn.conv2d nhwc %x, %w {dilations = array<i64: 1, 2>, padding = array<i64: 1, 1, 0, 0>, strides = array<i64: 2, 2>} : (tensor<1x5x5x3xf32>, tensor<1x1x3x2xf32>) -> tensor<1x4x3x2xf32>
  return %y : tensor<1x4x3x2xf32>
}

// -----

// nchw conv2d: transposes around a channels-last conv, as torch-mlir
// writes it; a filter that is not a constant is transposed by TOSA; the
// bias is used as it is. bf16 accumulates in f32.
// CHECK-LABEL: func.func @conv2d_nchw
// CHECK-SAME: (%[[X:.*]]: tensor<1x2x4x4xbf16>, %[[W:.*]]: tensor<3x2x1x1xbf16>, %[[B:.*]]: tensor<3xbf16>)
// CHECK: %[[XT:.*]] = tosa.transpose %[[X]] {perms = array<i32: 0, 2, 3, 1>} : (tensor<1x2x4x4xbf16>) -> tensor<1x4x4x2xbf16>
// CHECK: %[[WT:.*]] = tosa.transpose %[[W]] {perms = array<i32: 0, 2, 3, 1>} : (tensor<3x2x1x1xbf16>) -> tensor<3x1x1x2xbf16>
// CHECK: %[[C:.*]] = tosa.conv2d %[[XT]], %[[WT]], %[[B]], %{{.*}}, %{{.*}} {acc_type = f32, {{.*}}} : (tensor<1x4x4x2xbf16>, tensor<3x1x1x2xbf16>, tensor<3xbf16>, tensor<1xbf16>, tensor<1xbf16>) -> tensor<1x4x4x3xbf16>
// CHECK: %[[Y:.*]] = tosa.transpose %[[C]] {perms = array<i32: 0, 3, 1, 2>} : (tensor<1x4x4x3xbf16>) -> tensor<1x3x4x4xbf16>
// CHECK: return %[[Y]]
func.func @conv2d_nchw(%x: tensor<1x2x4x4xbf16>, %w: tensor<3x2x1x1xbf16>, %b: tensor<3xbf16>) -> tensor<1x3x4x4xbf16> {
  %y = nn.conv2d nchw %x, %w, %b : (tensor<1x2x4x4xbf16>, tensor<3x2x1x1xbf16>, tensor<3xbf16>) -> tensor<1x3x4x4xbf16>
  return %y : tensor<1x3x4x4xbf16>
}

// -----

// nchw depthwise: the [C*M, 1, H, W] filter becomes TOSA's [H, W, C, M].
// CHECK-LABEL: func.func @depthwise_nchw
// CHECK: %[[W:.*]] = "tosa.const"() <{values = dense<{{\[\[\[\[}}1.000000e+00, 2.000000e+00], [3.000000e+00, 4.000000e+00]]]]> : tensor<1x1x2x2xf16>}>
// CHECK: tosa.depthwise_conv2d %{{.*}}, %[[W]], %{{.*}} {acc_type = f32, {{.*}}} : (tensor<1x3x3x2xf16>, tensor<1x1x2x2xf16>, tensor<4xf16>, tensor<1xf16>, tensor<1xf16>) -> tensor<1x3x3x4xf16>
// CHECK: tosa.transpose %{{.*}} {perms = array<i32: 0, 3, 1, 2>}
// CHECK-NOT: tosa.const
func.func @depthwise_nchw(%x: tensor<1x2x3x3xf16>) -> tensor<1x4x3x3xf16> {
  %w = arith.constant dense<[[[[1.0]]], [[[2.0]]], [[[3.0]]], [[[4.0]]]]> : tensor<4x1x1x1xf16>
  %y = nn.depthwise_conv2d nchw %x, %w : (tensor<1x2x3x3xf16>, tensor<4x1x1x1xf16>) -> tensor<1x4x3x3xf16>
  return %y : tensor<1x4x3x3xf16>
}

// -----

// ncdhw conv3d: [O, I, D, H, W] -> [O, D, H, W, I], NCDHW transposes.
// CHECK-LABEL: func.func @conv3d_ncdhw
// CHECK: tosa.transpose %{{.*}} {perms = array<i32: 0, 2, 3, 4, 1>}
// CHECK: %[[W:.*]] = "tosa.const"() <{values = dense<{{\[\[\[\[\[}}1.000000e+00, 2.000000e+00]]]], {{\[\[\[\[}}3.000000e+00, 4.000000e+00]]]]]> : tensor<2x1x1x1x2xf32>}>
// CHECK: tosa.conv3d %{{.*}}, %[[W]], {{.*}} {acc_type = f32, dilation = array<i64: 1, 1, 1>, pad = array<i64: 0, 0, 0, 0, 0, 0>, stride = array<i64: 1, 1, 1>}
// CHECK: tosa.transpose %{{.*}} {perms = array<i32: 0, 4, 1, 2, 3>}
func.func @conv3d_ncdhw(%x: tensor<1x2x2x2x2xf32>) -> tensor<1x2x2x2x2xf32> {
  %w = arith.constant dense<[[[[[1.0]]], [[[2.0]]]], [[[[3.0]]], [[[4.0]]]]]> : tensor<2x2x1x1x1xf32>
  %y = nn.conv3d ncdhw %x, %w : (tensor<1x2x2x2x2xf32>, tensor<2x2x1x1x1xf32>) -> tensor<1x2x2x2x2xf32>
  return %y : tensor<1x2x2x2x2xf32>
}

// -----

// conv_transpose2d: [H, W, O, I] -> [O, H, W, I]; the output padding is
// TOSA's bottom/right out_pad, the padding a tosa.slice of the full result
// (torch-mlir's form): full 7x6, rows 1 to 6 kept.
// CHECK-LABEL: func.func @conv_transpose2d_nhwc
// CHECK: %[[W:.*]] = "tosa.const"() <{values = dense<{{\[\[\[\[}}1.000000e+00], [3.000000e+00]], {{\[\[}}5.000000e+00], [7.000000e+00]]], {{\[\[\[}}2.000000e+00], [4.000000e+00]], {{\[\[}}6.000000e+00], [8.000000e+00]]]]> : tensor<2x2x2x1xf32>}>
// CHECK: %[[FULL:.*]] = tosa.transpose_conv2d %{{.*}}, %[[W]], {{.*}} {acc_type = f32, out_pad = array<i64: 0, 1, 0, 0>, stride = array<i64: 2, 2>} : (tensor<1x3x3x1xf32>, tensor<2x2x2x1xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x7x6x2xf32>
// CHECK-DAG: %[[START:.*]] = tosa.const_shape {values = dense<[0, 1, 0, 0]> : tensor<4xindex>}
// CHECK-DAG: %[[SIZE:.*]] = tosa.const_shape {values = dense<[1, 6, 6, 2]> : tensor<4xindex>}
// CHECK: %[[Y:.*]] = tosa.slice %[[FULL]], %[[START]], %[[SIZE]] : (tensor<1x7x6x2xf32>, !tosa.shape<4>, !tosa.shape<4>) -> tensor<1x6x6x2xf32>
// CHECK: return %[[Y]]
func.func @conv_transpose2d_nhwc(%x: tensor<1x3x3x1xf32>) -> tensor<1x6x6x2xf32> {
  %w = arith.constant dense<[[[[1.0], [2.0]], [[3.0], [4.0]]], [[[5.0], [6.0]], [[7.0], [8.0]]]]> : tensor<2x2x2x1xf32>
  %y = nn.conv_transpose2d nhwc %x, %w {output_padding = array<i64: 1, 0>, padding = array<i64: 1, 0, 0, 0>, strides = array<i64: 2, 2>} : (tensor<1x3x3x1xf32>, tensor<2x2x2x1xf32>) -> tensor<1x6x6x2xf32>
  return %y : tensor<1x6x6x2xf32>
}

// -----

// An unpadded one is one tosa.transpose_conv2d.
// CHECK-LABEL: func.func @conv_transpose2d_unpadded
// CHECK: tosa.transpose_conv2d {{.*}} {acc_type = f32, out_pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>}
// CHECK-NOT: tosa.slice
func.func @conv_transpose2d_unpadded(%x: tensor<1x3x3x1xf32>, %w: tensor<2x2x2x1xf32>) -> tensor<1x4x4x2xf32> {
  %y = nn.conv_transpose2d nhwc %x, %w : (tensor<1x3x3x1xf32>, tensor<2x2x2x1xf32>) -> tensor<1x4x4x2xf32>
  return %y : tensor<1x4x4x2xf32>
}

// -----

// An nchw layer reading an NHWC -> NCHW tosa.transpose (the raising's form
// of a channels-last input): the transposes cancel.
// CHECK-LABEL: func.func @conv2d_nchw_of_transpose
// CHECK-SAME: (%[[X:.*]]: tensor<1x4x4x2xf32>
// CHECK: %[[C:.*]] = tosa.conv2d %[[X]],
// CHECK: %[[Y:.*]] = tosa.transpose %[[C]] {perms = array<i32: 0, 3, 1, 2>}
// CHECK: return %[[Y]]
// CHECK-NOT: tosa.transpose
func.func @conv2d_nchw_of_transpose(%x: tensor<1x4x4x2xf32>, %w: tensor<3x2x1x1xf32>) -> tensor<1x3x4x4xf32> {
  %t = tosa.transpose %x {perms = array<i32: 0, 3, 1, 2>} : (tensor<1x4x4x2xf32>) -> tensor<1x2x4x4xf32>
  %y = nn.conv2d nchw %t, %w : (tensor<1x2x4x4xf32>, tensor<3x2x1x1xf32>) -> tensor<1x3x4x4xf32>
  return %y : tensor<1x3x4x4xf32>
}

// -----

// A 2-D matmul with a bias: TensorFlow's Dense and BiasAdd.
// CHECK-LABEL: func.func @matmul_dense
// CHECK-SAME: (%[[X:.*]]: tensor<4x3xf32>, %[[B:.*]]: tensor<2xf32>)
// CHECK: %[[S0:.*]] = tosa.const_shape {values = dense<[1, 4, 3]> : tensor<3xindex>}
// CHECK: %[[A:.*]] = tosa.reshape %[[X]], %[[S0]] : (tensor<4x3xf32>, !tosa.shape<3>) -> tensor<1x4x3xf32>
// CHECK: %[[W:.*]] = "tosa.const"() <{values = dense<{{\[\[\[}}1.000000e+00, 2.000000e+00], [3.000000e+00, 4.000000e+00], [5.000000e+00, 6.000000e+00]]]> : tensor<1x3x2xf32>}>
// CHECK: %[[P:.*]] = tosa.matmul %[[A]], %[[W]], %{{.*}}, %{{.*}} : (tensor<1x4x3xf32>, tensor<1x3x2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x2xf32>
// CHECK: %[[S1:.*]] = tosa.const_shape {values = dense<[4, 2]> : tensor<2xindex>}
// CHECK: %[[Y:.*]] = tosa.reshape %[[P]], %[[S1]] : (tensor<1x4x2xf32>, !tosa.shape<2>) -> tensor<4x2xf32>
// CHECK: %[[S2:.*]] = tosa.const_shape {values = dense<[1, 2]> : tensor<2xindex>}
// CHECK: %[[BR:.*]] = tosa.reshape %[[B]], %[[S2]] : (tensor<2xf32>, !tosa.shape<2>) -> tensor<1x2xf32>
// CHECK: %[[Z:.*]] = tosa.add %[[Y]], %[[BR]] : (tensor<4x2xf32>, tensor<1x2xf32>) -> tensor<4x2xf32>
// CHECK: return %[[Z]]
func.func @matmul_dense(%x: tensor<4x3xf32>, %b: tensor<2xf32>) -> tensor<4x2xf32> {
  %w = arith.constant dense<[[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]> : tensor<3x2xf32>
  %y = nn.matmul %x, %w, %b : (tensor<4x3xf32>, tensor<3x2xf32>, tensor<2xf32>) -> tensor<4x2xf32>
  return %y : tensor<4x2xf32>
}

// -----

// Batch dims and M in one row dim; transposed operands transposed by TOSA.
// CHECK-LABEL: func.func @matmul_batched_transposed
// CHECK: tosa.transpose %{{.*}} {perms = array<i32: 0, 2, 1>} : (tensor<2x3x5xf32>) -> tensor<2x5x3xf32>
// CHECK: tosa.transpose %{{.*}} {perms = array<i32: 1, 0>} : (tensor<2x3xf32>) -> tensor<3x2xf32>
// CHECK: tosa.matmul {{.*}} : (tensor<1x10x3xf32>, tensor<1x3x2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x10x2xf32>
// CHECK: tosa.reshape {{.*}} -> tensor<2x5x2xf32>
func.func @matmul_batched_transposed(%x: tensor<2x3x5xf32>, %w: tensor<2x3xf32>) -> tensor<2x5x2xf32> {
  %y = nn.matmul %x, %w {transpose_lhs, transpose_rhs} : (tensor<2x3x5xf32>, tensor<2x3xf32>) -> tensor<2x5x2xf32>
  return %y : tensor<2x5x2xf32>
}

// -----

// nn.add, nn.reshape (a tosa.reshape even of a constant), nn.bias_add
// (the bias reshaped to [1, 1, 1, C]), nn.identity (gone).
// CHECK-LABEL: func.func @elementwise
// CHECK-SAME: (%[[X:.*]]: tensor<1x2x2x3xf32>, %[[C:.*]]: tensor<3xf32>)
// CHECK: %[[K:.*]] = "tosa.const"() <{values = dense<[1.000000e+00, 2.000000e+00, 3.000000e+00]> : tensor<3xf32>}>
// CHECK: %[[A:.*]] = tosa.add %[[X]], %[[X]] : (tensor<1x2x2x3xf32>, tensor<1x2x2x3xf32>) -> tensor<1x2x2x3xf32>
// CHECK: %[[S:.*]] = tosa.const_shape {values = dense<[1, 1, 1, 3]> : tensor<4xindex>}
// CHECK: %[[R:.*]] = tosa.reshape %[[K]], %[[S]] : (tensor<3xf32>, !tosa.shape<4>) -> tensor<1x1x1x3xf32>
// CHECK: %[[BS:.*]] = tosa.const_shape {values = dense<[1, 1, 1, 3]> : tensor<4xindex>}
// CHECK: %[[BR:.*]] = tosa.reshape %[[C]], %[[BS]]
// CHECK: %[[Z:.*]] = tosa.add %[[A]], %[[BR]] : (tensor<1x2x2x3xf32>, tensor<1x1x1x3xf32>) -> tensor<1x2x2x3xf32>
// CHECK: return %[[Z]], %[[R]]
func.func @elementwise(%x: tensor<1x2x2x3xf32>, %c: tensor<3xf32>) -> (tensor<1x2x2x3xf32>, tensor<1x1x1x3xf32>) {
  %k = arith.constant dense<[1.0, 2.0, 3.0]> : tensor<3xf32>
  %y = nn.add %x, %x : tensor<1x2x2x3xf32>
  %r = nn.reshape %k : (tensor<3xf32>) -> tensor<1x1x1x3xf32>
  %z = nn.bias_add nhwc %y, %c : (tensor<1x2x2x3xf32>, tensor<3xf32>) -> tensor<1x2x2x3xf32>
  %i = nn.identity %z : tensor<1x2x2x3xf32>
  return %i, %r : tensor<1x2x2x3xf32>, tensor<1x1x1x3xf32>
}

// -----

// nn.sub, nn.mul (with TOSA's zero shift), nn.rsqrt, nn.reciprocal;
// operands of lower rank reshaped to the result's.
// CHECK-LABEL: func.func @batch_norm_ops
// CHECK-SAME: (%[[X:.*]]: tensor<1x3x2x2xf32>, %[[P:.*]]: tensor<3x1x1xf32>)
// CHECK: %[[S:.*]] = tosa.const_shape {values = dense<[1, 3, 1, 1]> : tensor<4xindex>}
// CHECK: %[[P4:.*]] = tosa.reshape %[[P]], %[[S]] : (tensor<3x1x1xf32>, !tosa.shape<4>) -> tensor<1x3x1x1xf32>
// CHECK: %[[SUB:.*]] = tosa.sub %[[X]], %[[P4]] : (tensor<1x3x2x2xf32>, tensor<1x3x1x1xf32>) -> tensor<1x3x2x2xf32>
// CHECK: %[[R:.*]] = tosa.rsqrt %[[P]] : (tensor<3x1x1xf32>) -> tensor<3x1x1xf32>
// CHECK: %[[I:.*]] = tosa.reciprocal %[[R]] : (tensor<3x1x1xf32>) -> tensor<3x1x1xf32>
// CHECK: %[[I4:.*]] = tosa.reshape %[[I]]
// CHECK: %[[SHIFT:.*]] = "tosa.const"() <{values = dense<0> : tensor<1xi8>}>
// CHECK: %[[MUL:.*]] = tosa.mul %[[SUB]], %[[I4]], %[[SHIFT]] : (tensor<1x3x2x2xf32>, tensor<1x3x1x1xf32>, tensor<1xi8>) -> tensor<1x3x2x2xf32>
// CHECK: return %[[MUL]]
func.func @batch_norm_ops(%x: tensor<1x3x2x2xf32>, %p: tensor<3x1x1xf32>) -> tensor<1x3x2x2xf32> {
  %s = nn.sub %x, %p : (tensor<1x3x2x2xf32>, tensor<3x1x1xf32>) -> tensor<1x3x2x2xf32>
  %r = nn.rsqrt %p : tensor<3x1x1xf32>
  %i = nn.reciprocal %r : tensor<3x1x1xf32>
  %m = nn.mul %s, %i : (tensor<1x3x2x2xf32>, tensor<3x1x1xf32>) -> tensor<1x3x2x2xf32>
  return %m : tensor<1x3x2x2xf32>
}
