// RUN: bnfold-opt --convert-tosa-to-nn --split-input-file %s | FileCheck %s

// conv2d: the OHWI filter [2, 1, 1, 3] becomes nn's HWIO [1, 1, 3, 2];
// pad, stride and dilation carry over; the bias stays the same value.
// CHECK-LABEL: func.func @conv2d_nhwc
// CHECK-SAME: (%[[X:.*]]: tensor<1x5x5x3xf32>)
// CHECK-DAG: %[[B:.*]] = "tosa.const"() <{values = dense<[5.000000e-01, -5.000000e-01]> : tensor<2xf32>}>
// CHECK-DAG: %[[W:.*]] = arith.constant dense<{{\[\[\[\[}}1.000000e+00, 4.000000e+00], [2.000000e+00, 5.000000e+00], [3.000000e+00, 6.000000e+00]]]]> : tensor<1x1x3x2xf32>
// CHECK: %[[Y:.*]] = nn.conv2d nhwc %[[X]], %[[W]], %[[B]] {dilations = array<i64: 1, 2>, padding = array<i64: 1, 1, 0, 0>, strides = array<i64: 2, 2>} : (tensor<1x5x5x3xf32>, tensor<1x1x3x2xf32>, tensor<2xf32>) -> tensor<1x4x3x2xf32>
// CHECK-NEXT: return %[[Y]]
// CHECK-NOT: tosa.conv2d
func.func @conv2d_nhwc(%x: tensor<1x5x5x3xf32>) -> tensor<1x4x3x2xf32> {
  %w = "tosa.const"() <{values = dense<[[[[1.0, 2.0, 3.0]]], [[[4.0, 5.0, 6.0]]]]> : tensor<2x1x1x3xf32>}> : () -> tensor<2x1x1x3xf32>
  %b = "tosa.const"() <{values = dense<[0.5, -0.5]> : tensor<2xf32>}> : () -> tensor<2xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %y = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 2>, pad = array<i64: 1, 1, 0, 0>, stride = array<i64: 2, 2>} : (tensor<1x5x5x3xf32>, tensor<2x1x1x3xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x3x2xf32>
  return %y : tensor<1x4x3x2xf32>
}

// -----

// TensorFlow writes the HWIO filter as a constant transposed to OHWI
// (perms [3, 0, 1, 2]): evaluated, it is the HWIO constant again. A [1]
// bias is broadcast to one entry per channel; f16 accumulating in f32 is
// nn's arithmetic.
// CHECK-LABEL: func.func @conv2d_transposed_filter_f16
// CHECK-DAG: %[[W:.*]] = arith.constant dense<{{\[\[\[\[}}1.000000e+00, 2.000000e+00], [3.000000e+00, 4.000000e+00]]]]> : tensor<1x1x2x2xf16>
// CHECK-DAG: %[[B:.*]] = arith.constant dense<2.500000e-01> : tensor<2xf16>
// CHECK: nn.conv2d nhwc %{{.*}}, %[[W]], %[[B]] : (tensor<1x3x3x2xf16>, tensor<1x1x2x2xf16>, tensor<2xf16>) -> tensor<1x3x3x2xf16>
// CHECK-NOT: tosa.transpose
func.func @conv2d_transposed_filter_f16(%x: tensor<1x3x3x2xf16>) -> tensor<1x3x3x2xf16> {
  %hwio = "tosa.const"() <{values = dense<[[[[1.0, 2.0], [3.0, 4.0]]]]> : tensor<1x1x2x2xf16>}> : () -> tensor<1x1x2x2xf16>
  %w = tosa.transpose %hwio {perms = array<i32: 3, 0, 1, 2>} : (tensor<1x1x2x2xf16>) -> tensor<2x1x1x2xf16>
  %b = "tosa.const"() <{values = dense<0.25> : tensor<1xf16>}> : () -> tensor<1xf16>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf16>}> : () -> tensor<1xf16>
  %y = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x3x3x2xf16>, tensor<2x1x1x2xf16>, tensor<1xf16>, tensor<1xf16>, tensor<1xf16>) -> tensor<1x3x3x2xf16>
  return %y : tensor<1x3x3x2xf16>
}

// -----

// torch-mlir: NCHW -> NHWC transpose of the input, OIHW filter transposed
// to OHWI, conv2d, NHWC -> NCHW transpose of the result: one nchw conv with
// the OIHW filter, reading the NCHW input and replacing the result
// transpose.
// CHECK-LABEL: func.func @conv2d_nchw
// CHECK-SAME: (%[[X:.*]]: tensor<1x2x4x4xf32>)
// CHECK: %[[W:.*]] = arith.constant dense<{{\[\[\[\[}}1.000000e+00]], {{\[\[}}2.000000e+00]]], {{\[\[\[}}3.000000e+00]], {{\[\[}}4.000000e+00]]], {{\[\[\[}}5.000000e+00]], {{\[\[}}6.000000e+00]]]]> : tensor<3x2x1x1xf32>
// CHECK: %[[Y:.*]] = nn.conv2d nchw %[[X]], %[[W]], %{{.*}} : (tensor<1x2x4x4xf32>, tensor<3x2x1x1xf32>, tensor<3xf32>) -> tensor<1x3x4x4xf32>
// CHECK-NEXT: return %[[Y]]
// CHECK-NOT: tosa.transpose
func.func @conv2d_nchw(%x: tensor<1x2x4x4xf32>) -> tensor<1x3x4x4xf32> {
  %oihw = "tosa.const"() <{values = dense<[[[[1.0]], [[2.0]]], [[[3.0]], [[4.0]]], [[[5.0]], [[6.0]]]]> : tensor<3x2x1x1xf32>}> : () -> tensor<3x2x1x1xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<3xf32>}> : () -> tensor<3xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %xt = tosa.transpose %x {perms = array<i32: 0, 2, 3, 1>} : (tensor<1x2x4x4xf32>) -> tensor<1x4x4x2xf32>
  %w = tosa.transpose %oihw {perms = array<i32: 0, 2, 3, 1>} : (tensor<3x2x1x1xf32>) -> tensor<3x1x1x2xf32>
  %c = tosa.conv2d %xt, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x4x4x2xf32>, tensor<3x1x1x2xf32>, tensor<3xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x3xf32>
  %y = tosa.transpose %c {perms = array<i32: 0, 3, 1, 2>} : (tensor<1x4x4x3xf32>) -> tensor<1x3x4x4xf32>
  return %y : tensor<1x3x4x4xf32>
}

// -----

// A conv whose result has another user than the transpose back stays
// channels-last; the transposes stay TOSA.
// CHECK-LABEL: func.func @conv2d_nchw_result_used_twice
// CHECK: %[[XT:.*]] = tosa.transpose %{{.*}} {perms = array<i32: 0, 2, 3, 1>}
// CHECK: %[[C:.*]] = nn.conv2d nhwc %[[XT]]
// CHECK: tosa.transpose %[[C]] {perms = array<i32: 0, 3, 1, 2>}
func.func @conv2d_nchw_result_used_twice(%x: tensor<1x2x4x4xf32>) -> (tensor<1x3x4x4xf32>, tensor<1x4x4x3xf32>) {
  %w = "tosa.const"() <{values = dense<1.0> : tensor<3x1x1x2xf32>}> : () -> tensor<3x1x1x2xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<3xf32>}> : () -> tensor<3xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %xt = tosa.transpose %x {perms = array<i32: 0, 2, 3, 1>} : (tensor<1x2x4x4xf32>) -> tensor<1x4x4x2xf32>
  %c = tosa.conv2d %xt, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x4x4x2xf32>, tensor<3x1x1x2xf32>, tensor<3xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x3xf32>
  %y = tosa.transpose %c {perms = array<i32: 0, 3, 1, 2>} : (tensor<1x4x4x3xf32>) -> tensor<1x3x4x4xf32>
  return %y, %c : tensor<1x3x4x4xf32>, tensor<1x4x4x3xf32>
}

// -----

// depthwise_conv2d: TOSA's [H, W, C, M] filter is nn's nhwc filter.
// CHECK-LABEL: func.func @depthwise_nhwc
// CHECK: %[[W:.*]] = arith.constant dense<{{\[\[\[\[}}1.000000e+00, 2.000000e+00], [3.000000e+00, 4.000000e+00]]]]> : tensor<1x1x2x2xf32>
// CHECK: nn.depthwise_conv2d nhwc %{{.*}}, %[[W]], %{{.*}} {padding = array<i64: 1, 1, 1, 1>} : (tensor<1x3x3x2xf32>, tensor<1x1x2x2xf32>, tensor<4xf32>) -> tensor<1x5x5x4xf32>
func.func @depthwise_nhwc(%x: tensor<1x3x3x2xf32>) -> tensor<1x5x5x4xf32> {
  %w = "tosa.const"() <{values = dense<[[[[1.0, 2.0], [3.0, 4.0]]]]> : tensor<1x1x2x2xf32>}> : () -> tensor<1x1x2x2xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<4xf32>}> : () -> tensor<4xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %y = tosa.depthwise_conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>} : (tensor<1x3x3x2xf32>, tensor<1x1x2x2xf32>, tensor<4xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x5x5x4xf32>
  return %y : tensor<1x5x5x4xf32>
}

// -----

// torch-mlir's depthwise: the [C*M, 1, H, W] weight transposed to
// [H, W, C*M, 1] and reshaped to [H, W, C, M]; between the NCHW transposes it
// is an nchw depthwise conv with the [C*M, 1, H, W] weight (output channel
// c*M + m).
// CHECK-LABEL: func.func @depthwise_nchw
// CHECK: %[[W:.*]] = arith.constant dense<[{{\[\[\[}}1.000000e+00]]], {{\[\[\[}}2.000000e+00]]], {{\[\[\[}}3.000000e+00]]], {{\[\[\[}}4.000000e+00]]]]> : tensor<4x1x1x1xf32>
// CHECK: nn.depthwise_conv2d nchw %{{.*}}, %[[W]], %{{.*}} : (tensor<1x2x3x3xf32>, tensor<4x1x1x1xf32>, tensor<4xf32>) -> tensor<1x4x3x3xf32>
// CHECK-NOT: tosa.
func.func @depthwise_nchw(%x: tensor<1x2x3x3xf32>) -> tensor<1x4x3x3xf32> {
  %torch = "tosa.const"() <{values = dense<[[[[1.0]]], [[[2.0]]], [[[3.0]]], [[[4.0]]]]> : tensor<4x1x1x1xf32>}> : () -> tensor<4x1x1x1xf32>
  %t = tosa.transpose %torch {perms = array<i32: 2, 3, 0, 1>} : (tensor<4x1x1x1xf32>) -> tensor<1x1x4x1xf32>
  %s = tosa.const_shape {values = dense<[1, 1, 2, 2]> : tensor<4xindex>} : () -> !tosa.shape<4>
  %w = tosa.reshape %t, %s : (tensor<1x1x4x1xf32>, !tosa.shape<4>) -> tensor<1x1x2x2xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<4xf32>}> : () -> tensor<4xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %xt = tosa.transpose %x {perms = array<i32: 0, 2, 3, 1>} : (tensor<1x2x3x3xf32>) -> tensor<1x3x3x2xf32>
  %c = tosa.depthwise_conv2d %xt, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x3x3x2xf32>, tensor<1x1x2x2xf32>, tensor<4xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x3x3x4xf32>
  %y = tosa.transpose %c {perms = array<i32: 0, 3, 1, 2>} : (tensor<1x3x3x4xf32>) -> tensor<1x4x3x3xf32>
  return %y : tensor<1x4x3x3xf32>
}

// -----

// conv3d: [O, D, H, W, I] -> ndhwc [D, H, W, I, O]; 6 pads.
// CHECK-LABEL: func.func @conv3d_ndhwc
// CHECK: %[[W:.*]] = arith.constant dense<{{\[\[\[\[\[}}1.000000e+00, 3.000000e+00], [2.000000e+00, 4.000000e+00]]]]]> : tensor<1x1x1x2x2xf32>
// CHECK: nn.conv3d ndhwc %{{.*}}, %[[W]], %{{.*}} {padding = array<i64: 1, 0, 0, 1, 1, 0>} : (tensor<1x2x2x2x2xf32>, tensor<1x1x1x2x2xf32>, tensor<2xf32>) -> tensor<1x3x3x3x2xf32>
func.func @conv3d_ndhwc(%x: tensor<1x2x2x2x2xf32>) -> tensor<1x3x3x3x2xf32> {
  %w = "tosa.const"() <{values = dense<[[[[[1.0, 2.0]]]], [[[[3.0, 4.0]]]]]> : tensor<2x1x1x1x2xf32>}> : () -> tensor<2x1x1x1x2xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<2xf32>}> : () -> tensor<2xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %y = tosa.conv3d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1, 1>, pad = array<i64: 1, 0, 0, 1, 1, 0>, stride = array<i64: 1, 1, 1>} : (tensor<1x2x2x2x2xf32>, tensor<2x1x1x1x2xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x3x3x3x2xf32>
  return %y : tensor<1x3x3x3x2xf32>
}

// -----

// conv3d between torch-mlir's NCDHW transposes: ncdhw, filter [O, I, D, H, W].
// CHECK-LABEL: func.func @conv3d_ncdhw
// CHECK: %[[W:.*]] = arith.constant dense<{{\[\[\[\[\[}}1.000000e+00]]], {{\[\[\[}}2.000000e+00]]]], {{\[\[\[\[}}3.000000e+00]]], {{\[\[\[}}4.000000e+00]]]]]> : tensor<2x2x1x1x1xf32>
// CHECK: nn.conv3d ncdhw %{{.*}}, %[[W]], %{{.*}} : (tensor<1x2x2x2x2xf32>, tensor<2x2x1x1x1xf32>, tensor<2xf32>) -> tensor<1x2x2x2x2xf32>
// CHECK-NOT: tosa.transpose
func.func @conv3d_ncdhw(%x: tensor<1x2x2x2x2xf32>) -> tensor<1x2x2x2x2xf32> {
  %w = "tosa.const"() <{values = dense<[[[[[1.0, 2.0]]]], [[[[3.0, 4.0]]]]]> : tensor<2x1x1x1x2xf32>}> : () -> tensor<2x1x1x1x2xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<2xf32>}> : () -> tensor<2xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %xt = tosa.transpose %x {perms = array<i32: 0, 2, 3, 4, 1>} : (tensor<1x2x2x2x2xf32>) -> tensor<1x2x2x2x2xf32>
  %c = tosa.conv3d %xt, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1, 1>, pad = array<i64: 0, 0, 0, 0, 0, 0>, stride = array<i64: 1, 1, 1>} : (tensor<1x2x2x2x2xf32>, tensor<2x1x1x1x2xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x2x2x2xf32>
  %y = tosa.transpose %c {perms = array<i32: 0, 4, 1, 2, 3>} : (tensor<1x2x2x2x2xf32>) -> tensor<1x2x2x2x2xf32>
  return %y : tensor<1x2x2x2x2xf32>
}

// -----

// transpose_conv2d: [O, H, W, I] -> nhwc [H, W, O, I]; a negative out_pad
// crops (nn padding), a positive one at the bottom/right adds outputs (nn
// output_padding). OH = (3 - 1) * 2 - 1 + 1 + 2 = 6, OW = 4 + 0 + 0 + 2 = 6.
// CHECK-LABEL: func.func @transpose_conv2d_nhwc
// CHECK: %[[W:.*]] = arith.constant dense<{{\[\[\[\[}}1.000000e+00], [2.000000e+00]], {{\[\[}}3.000000e+00], [4.000000e+00]]], {{\[\[\[}}5.000000e+00], [6.000000e+00]], {{\[\[}}7.000000e+00], [8.000000e+00]]]]> : tensor<2x2x2x1xf32>
// CHECK: nn.conv_transpose2d nhwc %{{.*}}, %[[W]], %{{.*}} {output_padding = array<i64: 1, 0>, padding = array<i64: 1, 0, 0, 0>, strides = array<i64: 2, 2>} : (tensor<1x3x3x1xf32>, tensor<2x2x2x1xf32>, tensor<2xf32>) -> tensor<1x6x6x2xf32>
func.func @transpose_conv2d_nhwc(%x: tensor<1x3x3x1xf32>) -> tensor<1x6x6x2xf32> {
  %w = "tosa.const"() <{values = dense<[[[[1.0], [3.0]], [[5.0], [7.0]]], [[[2.0], [4.0]], [[6.0], [8.0]]]]> : tensor<2x2x2x1xf32>}> : () -> tensor<2x2x2x1xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<2xf32>}> : () -> tensor<2xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %y = tosa.transpose_conv2d %x, %w, %b, %zp, %zp {acc_type = f32, out_pad = array<i64: -1, 1, 0, 0>, stride = array<i64: 2, 2>} : (tensor<1x3x3x1xf32>, tensor<2x2x2x1xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x6x6x2xf32>
  return %y : tensor<1x6x6x2xf32>
}

// -----

// transpose_conv2d between the NCHW transposes: nchw, filter [I, O, H, W].
// CHECK-LABEL: func.func @transpose_conv2d_nchw
// CHECK: %[[W:.*]] = arith.constant dense<{{\[\[\[\[}}1.000000e+00]], {{\[\[}}2.000000e+00]]]]> : tensor<1x2x1x1xf32>
// CHECK: nn.conv_transpose2d nchw %{{.*}}, %[[W]], %{{.*}} {strides = array<i64: 2, 2>} : (tensor<1x1x2x2xf32>, tensor<1x2x1x1xf32>, tensor<2xf32>) -> tensor<1x2x3x3xf32>
// CHECK-NOT: tosa.transpose
func.func @transpose_conv2d_nchw(%x: tensor<1x1x2x2xf32>) -> tensor<1x2x3x3xf32> {
  %w = "tosa.const"() <{values = dense<[[[[1.0]]], [[[2.0]]]]> : tensor<2x1x1x1xf32>}> : () -> tensor<2x1x1x1xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<2xf32>}> : () -> tensor<2xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %xt = tosa.transpose %x {perms = array<i32: 0, 2, 3, 1>} : (tensor<1x1x2x2xf32>) -> tensor<1x2x2x1xf32>
  %c = tosa.transpose_conv2d %xt, %w, %b, %zp, %zp {acc_type = f32, out_pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 2, 2>} : (tensor<1x2x2x1xf32>, tensor<2x1x1x1xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x3x3x2xf32>
  %y = tosa.transpose %c {perms = array<i32: 0, 3, 1, 2>} : (tensor<1x3x3x2xf32>) -> tensor<1x2x3x3xf32>
  return %y : tensor<1x2x3x3xf32>
}

// -----

// After torch-mlir's tosa-reduce-transposes the transpose before a conv may
// be gone (its input is already NHWC) while the one after stays: still an
// nchw conv, reading the input transposed to NCHW (the lowering cancels the
// two transposes again).
// CHECK-LABEL: func.func @conv2d_nchw_result_only
// CHECK-SAME: (%[[X:.*]]: tensor<1x4x4x2xf32>)
// CHECK: %[[XT:.*]] = tosa.transpose %[[X]] {perms = array<i32: 0, 3, 1, 2>} : (tensor<1x4x4x2xf32>) -> tensor<1x2x4x4xf32>
// CHECK: %[[Y:.*]] = nn.conv2d nchw %[[XT]], %{{.*}}, %{{.*}} : (tensor<1x2x4x4xf32>, tensor<3x2x1x1xf32>, tensor<3xf32>) -> tensor<1x3x4x4xf32>
// CHECK-NEXT: return %[[Y]]
func.func @conv2d_nchw_result_only(%x: tensor<1x4x4x2xf32>) -> tensor<1x3x4x4xf32> {
  %w = "tosa.const"() <{values = dense<1.0> : tensor<3x1x1x2xf32>}> : () -> tensor<3x1x1x2xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<3xf32>}> : () -> tensor<3xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %c = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x4x4x2xf32>, tensor<3x1x1x2xf32>, tensor<3xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x3xf32>
  %y = tosa.transpose %c {perms = array<i32: 0, 3, 1, 2>} : (tensor<1x4x4x3xf32>) -> tensor<1x3x4x4xf32>
  return %y : tensor<1x3x4x4xf32>
}

// -----

// torch-mlir's ConvTranspose2d(padding=1, output_padding=1, stride 2):
// transpose_conv2d with out_pad [0, 0, 0, 0] to 11x11, a tosa.slice from
// [1, 1] of 10x10, the NCHW transpose: one nchw conv_transpose2d that crops
// 1 at the start (padding 1 with output padding 1 at the end is no change
// there).
// CHECK-LABEL: func.func @conv_transpose2d_torch_crop
// CHECK: nn.conv_transpose2d nchw %{{.*}}, %{{.*}}, %{{.*}} {padding = array<i64: 1, 0, 1, 0>, strides = array<i64: 2, 2>} : (tensor<1x1x5x5xf32>, tensor<1x2x3x3xf32>, tensor<2xf32>) -> tensor<1x2x10x10xf32>
// CHECK-NOT: tosa.slice
func.func @conv_transpose2d_torch_crop(%x: tensor<1x1x5x5xf32>) -> tensor<1x2x10x10xf32> {
  %w = "tosa.const"() <{values = dense<1.0> : tensor<2x3x3x1xf32>}> : () -> tensor<2x3x3x1xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<2xf32>}> : () -> tensor<2xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %xt = tosa.transpose %x {perms = array<i32: 0, 2, 3, 1>} : (tensor<1x1x5x5xf32>) -> tensor<1x5x5x1xf32>
  %c = tosa.transpose_conv2d %xt, %w, %b, %zp, %zp {acc_type = f32, out_pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 2, 2>} : (tensor<1x5x5x1xf32>, tensor<2x3x3x1xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x11x11x2xf32>
  %start = tosa.const_shape {values = dense<[0, 1, 1, 0]> : tensor<4xindex>} : () -> !tosa.shape<4>
  %size = tosa.const_shape {values = dense<[1, 10, 10, 2]> : tensor<4xindex>} : () -> !tosa.shape<4>
  %s = tosa.slice %c, %start, %size : (tensor<1x11x11x2xf32>, !tosa.shape<4>, !tosa.shape<4>) -> tensor<1x10x10x2xf32>
  %y = tosa.transpose %s {perms = array<i32: 0, 3, 1, 2>} : (tensor<1x10x10x2xf32>) -> tensor<1x2x10x10xf32>
  return %y : tensor<1x2x10x10xf32>
}

// -----

// A slice that also cuts channels is not a crop: it stays, after an nhwc
// conv_transpose2d.
// CHECK-LABEL: func.func @conv_transpose2d_channel_slice
// CHECK: %[[C:.*]] = nn.conv_transpose2d nhwc
// CHECK: tosa.slice %[[C]]
func.func @conv_transpose2d_channel_slice(%x: tensor<1x2x2x1xf32>) -> tensor<1x3x3x1xf32> {
  %w = "tosa.const"() <{values = dense<1.0> : tensor<2x2x2x1xf32>}> : () -> tensor<2x2x2x1xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<2xf32>}> : () -> tensor<2xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %c = tosa.transpose_conv2d %x, %w, %b, %zp, %zp {acc_type = f32, out_pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x2x2x1xf32>, tensor<2x2x2x1xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x3x3x2xf32>
  %start = tosa.const_shape {values = dense<[0, 0, 0, 1]> : tensor<4xindex>} : () -> !tosa.shape<4>
  %size = tosa.const_shape {values = dense<[1, 3, 3, 1]> : tensor<4xindex>} : () -> !tosa.shape<4>
  %s = tosa.slice %c, %start, %size : (tensor<1x3x3x2xf32>, !tosa.shape<4>, !tosa.shape<4>) -> tensor<1x3x3x1xf32>
  return %s : tensor<1x3x3x1xf32>
}
