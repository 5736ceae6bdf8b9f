// RUN: bnfold-opt --convert-onnx-to-nn --split-input-file %s | FileCheck %s
// RUN: bnfold-opt --convert-onnx-to-nn=report-carried --split-input-file --verify-diagnostics %s -o /dev/null

// Conv-11 with explicit pads [h_begin, w_begin, h_end, w_end] -> nn.conv2d
// nchw with padding [top, bottom, left, right]; strides, dilations, group and
// the bias carry over; kernel_shape, when given, is the weight's.
// CHECK-LABEL: func.func @conv_explicit
// CHECK-SAME: (%[[X:.*]]: tensor<1x4x8x8xf32>, %[[W:.*]]: tensor<6x2x3x3xf32>, %[[B:.*]]: tensor<6xf32>)
// CHECK: %[[Y:.*]] = nn.conv2d nchw %[[X]], %[[W]], %[[B]] {dilations = array<i64: 1, 2>, groups = 2 : i64, padding = array<i64: 1, 2, 0, 1>, strides = array<i64: 2, 1>} : (tensor<1x4x8x8xf32>, tensor<6x2x3x3xf32>, tensor<6xf32>) -> tensor<1x6x5x5xf32>
// CHECK: return %[[Y]]
module attributes {onnx.opset_import = {ai.onnx = 13 : i64}} {
func.func @conv_explicit(%x: tensor<1x4x8x8xf32>, %w: tensor<6x2x3x3xf32>, %b: tensor<6xf32>) -> tensor<1x6x5x5xf32> {
  %y = nn.onnx_op "Conv"(%x, %w, %b) {onnx_attributes = {dilations = array<i64: 1, 2>, group = 2 : i64, kernel_shape = array<i64: 3, 3>, pads = array<i64: 1, 0, 2, 1>, strides = array<i64: 2, 1>}} : (tensor<1x4x8x8xf32>, tensor<6x2x3x3xf32>, tensor<6xf32>) -> tensor<1x6x5x5xf32>
  return %y : tensor<1x6x5x5xf32>
}
}

// -----

// Defaults: no bias, strides and dilations 1, no padding, one group.
// CHECK-LABEL: func.func @conv_defaults
// CHECK: nn.conv2d nchw %{{.*}}, %{{.*}} : (tensor<?x3x5x5xf16>, tensor<2x3x3x3xf16>) -> tensor<?x2x3x3xf16>
module attributes {onnx.opset_import = {ai.onnx = 17 : i64}} {
func.func @conv_defaults(%x: tensor<?x3x5x5xf16>, %w: tensor<2x3x3x3xf16>) -> tensor<?x2x3x3xf16> {
  %y = nn.onnx_op "Conv"(%x, %w) : (tensor<?x3x5x5xf16>, tensor<2x3x3x3xf16>) -> tensor<?x2x3x3xf16>
  return %y : tensor<?x2x3x3xf16>
}
}

// -----

// auto_pad resolves to explicit padding: output ceil(in / stride), the odd
// pixel at the end (SAME_UPPER) or the beginning (SAME_LOWER); VALID is no
// padding whatever pads says.
// CHECK-LABEL: func.func @conv_auto_pad
// CHECK: nn.conv2d nchw {{.*}} {padding = array<i64: 0, 1, 1, 1>, strides = array<i64: 2, 1>} : {{.*}} -> tensor<1x1x4x7xf32>
// CHECK: nn.conv2d nchw {{.*}} {padding = array<i64: 1, 0, 1, 1>, strides = array<i64: 2, 1>} : {{.*}} -> tensor<1x1x4x7xf32>
// CHECK: nn.conv2d nchw {{.*}} : (tensor<1x1x8x7xf32>, tensor<1x1x3x3xf32>) -> tensor<1x1x6x5xf32>
module attributes {onnx.opset_import = {ai.onnx = 11 : i64}} {
func.func @conv_auto_pad(%x: tensor<1x1x8x7xf32>, %w: tensor<1x1x3x3xf32>) {
  %0 = nn.onnx_op "Conv"(%x, %w) {onnx_attributes = {auto_pad = "SAME_UPPER", strides = array<i64: 2, 1>}} : (tensor<1x1x8x7xf32>, tensor<1x1x3x3xf32>) -> tensor<1x1x4x7xf32>
  %1 = nn.onnx_op "Conv"(%x, %w) {onnx_attributes = {auto_pad = "SAME_LOWER", strides = array<i64: 2, 1>}} : (tensor<1x1x8x7xf32>, tensor<1x1x3x3xf32>) -> tensor<1x1x4x7xf32>
  %2 = nn.onnx_op "Conv"(%x, %w) {onnx_attributes = {auto_pad = "VALID", pads = array<i64: 1, 1, 1, 1>}} : (tensor<1x1x8x7xf32>, tensor<1x1x3x3xf32>) -> tensor<1x1x6x5xf32>
  return
}
}

// -----

// One group per input channel with one input channel per group is a
// depthwise convolution (filter [C * M, 1, H, W]).
// CHECK-LABEL: func.func @conv_depthwise
// CHECK: nn.depthwise_conv2d nchw %{{.*}}, %{{.*}}, %{{.*}} {padding = array<i64: 1, 1, 1, 1>} : (tensor<1x4x6x6xf32>, tensor<8x1x3x3xf32>, tensor<8xf32>) -> tensor<1x8x6x6xf32>
module attributes {onnx.opset_import = {ai.onnx = 13 : i64}} {
func.func @conv_depthwise(%x: tensor<1x4x6x6xf32>, %w: tensor<8x1x3x3xf32>, %b: tensor<8xf32>) -> tensor<1x8x6x6xf32> {
  %y = nn.onnx_op "Conv"(%x, %w, %b) {onnx_attributes = {group = 4 : i64, pads = array<i64: 1, 1, 1, 1>}} : (tensor<1x4x6x6xf32>, tensor<8x1x3x3xf32>, tensor<8xf32>) -> tensor<1x8x6x6xf32>
  return %y : tensor<1x8x6x6xf32>
}
}

// -----

// Conv over 1 and 3 spatial dims: pads [b_0, ..., e_0, ...] become padding
// [b_0, e_0, b_1, e_1, ...]; auto_pad is resolved per spatial dim; one group
// per input channel with one input channel per group is depthwise in every
// rank.
// CHECK-LABEL: func.func @conv_1d_3d
// CHECK: nn.conv1d ncw %{{.*}}, %{{.*}} {dilations = array<i64: 2>, groups = 2 : i64, padding = array<i64: 1, 2>, strides = array<i64: 2>} : (tensor<?x4x16xf32>, tensor<6x2x3xf32>) -> tensor<?x6x8xf32>
// CHECK: nn.conv3d ncdhw %{{.*}}, %{{.*}}, %{{.*}} {padding = array<i64: 1, 1, 0, 1, 1, 0>, strides = array<i64: 1, 2, 2>} : (tensor<1x3x6x8x8xf32>, tensor<4x3x3x3x3xf32>, tensor<4xf32>) -> tensor<1x4x6x4x4xf32>
// CHECK: nn.conv3d ncdhw %{{.*}}, %{{.*}} {padding = array<i64: 1, 1, 1, 0, 1, 1>, strides = array<i64: 1, 2, 1>} : (tensor<1x3x6x8x8xf32>, tensor<4x3x3x3x3xf32>) -> tensor<1x4x6x4x8xf32>
// CHECK: nn.depthwise_conv1d ncw %{{.*}}, %{{.*}} {padding = array<i64: 1, 1>} : (tensor<?x4x16xf32>, tensor<8x1x3xf32>) -> tensor<?x8x16xf32>
// CHECK: nn.depthwise_conv3d ncdhw %{{.*}}, %{{.*}} : (tensor<1x3x6x8x8xf32>, tensor<3x1x3x3x3xf32>) -> tensor<1x3x4x6x6xf32>
module attributes {onnx.opset_import = {ai.onnx = 13 : i64}} {
func.func @conv_1d_3d(%x1: tensor<?x4x16xf32>, %w1: tensor<6x2x3xf32>, %dw1: tensor<8x1x3xf32>, %x3: tensor<1x3x6x8x8xf32>, %w3: tensor<4x3x3x3x3xf32>, %b3: tensor<4xf32>, %dw3: tensor<3x1x3x3x3xf32>) {
  %0 = nn.onnx_op "Conv"(%x1, %w1) {onnx_attributes = {dilations = array<i64: 2>, group = 2 : i64, kernel_shape = array<i64: 3>, pads = array<i64: 1, 2>, strides = array<i64: 2>}} : (tensor<?x4x16xf32>, tensor<6x2x3xf32>) -> tensor<?x6x8xf32>
  %1 = nn.onnx_op "Conv"(%x3, %w3, %b3) {onnx_attributes = {pads = array<i64: 1, 0, 1, 1, 1, 0>, strides = array<i64: 1, 2, 2>}} : (tensor<1x3x6x8x8xf32>, tensor<4x3x3x3x3xf32>, tensor<4xf32>) -> tensor<1x4x6x4x4xf32>
  %2 = nn.onnx_op "Conv"(%x3, %w3) {onnx_attributes = {auto_pad = "SAME_LOWER", strides = array<i64: 1, 2, 1>}} : (tensor<1x3x6x8x8xf32>, tensor<4x3x3x3x3xf32>) -> tensor<1x4x6x4x8xf32>
  %3 = nn.onnx_op "Conv"(%x1, %dw1) {onnx_attributes = {group = 4 : i64, pads = array<i64: 1, 1>}} : (tensor<?x4x16xf32>, tensor<8x1x3xf32>) -> tensor<?x8x16xf32>
  %4 = nn.onnx_op "Conv"(%x3, %dw3) {onnx_attributes = {group = 3 : i64}} : (tensor<1x3x6x8x8xf32>, tensor<3x1x3x3x3xf32>) -> tensor<1x3x4x6x6xf32>
  return
}
}

// -----

// Convolutions that stay: 4 spatial dims, or an input of rank 2; auto_pad
// SAME on dynamic spatial dims, or whose padding overflows int64 (a
// dilation of 2^62); an auto_pad that is no ONNX mode; a kernel_shape that
// is not the weight's; strides of the wrong length; an attribute of the
// wrong ONNX type; an attribute Conv's schema does not have; a 2-D bias; int
// tensors; and what nn.conv2d's verifier refuses (a result shape the
// attributes do not give).
// CHECK-LABEL: func.func @no_raise_conv
// CHECK-COUNT-12: nn.onnx_op "Conv"
// CHECK-NOT: nn.conv
// CHECK-NOT: nn.depthwise_conv
module attributes {onnx.opset_import = {ai.onnx = 13 : i64}} {
func.func @no_raise_conv(%x4: tensor<1x2x3x3x3x3xf32>, %w4: tensor<3x2x1x1x1x1xf32>, %x0: tensor<2x3xf32>, %xd: tensor<1x2x?x8xf32>, %x: tensor<1x2x8x8xf32>, %w: tensor<3x2x3x3xf32>, %b2: tensor<1x3xf32>, %xi: tensor<1x2x8x8xi32>, %wi: tensor<3x2x3x3xi32>) {
  // expected-remark @+1 {{stays 'nn.onnx_op' because it has 4 spatial dims; nn convolutions have 1 to 3}}
  %0 = nn.onnx_op "Conv"(%x4, %w4) : (tensor<1x2x3x3x3x3xf32>, tensor<3x2x1x1x1x1xf32>) -> tensor<1x3x3x3x3x3xf32>
  // expected-remark @+1 {{stays 'nn.onnx_op' because its input has rank 2; a convolution's has a batch, a channel and at least one spatial dim}}
  %1 = nn.onnx_op "Conv"(%x0, %x0) : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  // expected-remark @+1 {{stays 'nn.onnx_op' because auto_pad SAME_UPPER needs static spatial dims}}
  %2 = nn.onnx_op "Conv"(%xd, %w) {onnx_attributes = {auto_pad = "SAME_UPPER"}} : (tensor<1x2x?x8xf32>, tensor<3x2x3x3xf32>) -> tensor<1x3x?x8xf32>
  // expected-remark @+1 {{stays 'nn.onnx_op' because the padding auto_pad SAME_UPPER asks for does not fit in int64}}
  %3 = nn.onnx_op "Conv"(%x, %w) {onnx_attributes = {auto_pad = "SAME_UPPER", dilations = array<i64: 4611686018427387904, 1>}} : (tensor<1x2x8x8xf32>, tensor<3x2x3x3xf32>) -> tensor<1x3x8x8xf32>
  // expected-remark @+1 {{stays 'nn.onnx_op' because its auto_pad 'SAME' is not an ONNX mode}}
  %4 = nn.onnx_op "Conv"(%x, %w) {onnx_attributes = {auto_pad = "SAME"}} : (tensor<1x2x8x8xf32>, tensor<3x2x3x3xf32>) -> tensor<1x3x8x8xf32>
  // expected-remark @+1 {{stays 'nn.onnx_op' because its kernel_shape is not its weight's spatial shape}}
  %5 = nn.onnx_op "Conv"(%x, %w) {onnx_attributes = {kernel_shape = array<i64: 5, 5>}} : (tensor<1x2x8x8xf32>, tensor<3x2x3x3xf32>) -> tensor<1x3x6x6xf32>
  // expected-remark @+1 {{stays 'nn.onnx_op' because its strides, dilations or pads are not those of 2 spatial dims}}
  %6 = nn.onnx_op "Conv"(%x, %w) {onnx_attributes = {strides = array<i64: 1>}} : (tensor<1x2x8x8xf32>, tensor<3x2x3x3xf32>) -> tensor<1x3x6x6xf32>
  // expected-remark-re @+1 {{stays 'nn.onnx_op' because its attribute 'group' is not of the ONNX type INT{{.*}}}}
  %7 = nn.onnx_op "Conv"(%x, %w) {onnx_attributes = {group = 1.000000e+00 : f32}} : (tensor<1x2x8x8xf32>, tensor<3x2x3x3xf32>) -> tensor<1x3x6x6xf32>
  // expected-remark @+1 {{stays 'nn.onnx_op' because its attribute 'output_padding' is not in the schema of Conv at this opset}}
  %8 = nn.onnx_op "Conv"(%x, %w) {onnx_attributes = {output_padding = array<i64: 1, 1>}} : (tensor<1x2x8x8xf32>, tensor<3x2x3x3xf32>) -> tensor<1x3x6x6xf32>
  // expected-remark @+1 {{stays 'nn.onnx_op' because it is not a convolution of ranked f16, bf16, f32 or f64 tensors of one rank with an optional 1-D bias}}
  %9 = nn.onnx_op "Conv"(%x, %w, %b2) : (tensor<1x2x8x8xf32>, tensor<3x2x3x3xf32>, tensor<1x3xf32>) -> tensor<1x3x6x6xf32>
  // expected-remark @+1 {{stays 'nn.onnx_op' because it is not a convolution of ranked f16, bf16, f32 or f64 tensors of one rank with an optional 1-D bias}}
  %10 = nn.onnx_op "Conv"(%xi, %wi) : (tensor<1x2x8x8xi32>, tensor<3x2x3x3xi32>) -> tensor<1x3x6x6xi32>
  // expected-remark-re @+1 {{stays 'nn.onnx_op' because 'nn.conv2d' op {{.*}}}}
  %11 = nn.onnx_op "Conv"(%x, %w) : (tensor<1x2x8x8xf32>, tensor<3x2x3x3xf32>) -> tensor<1x3x7x7xf32>
  return
}
}
