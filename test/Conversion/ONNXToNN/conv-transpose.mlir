// RUN: bnfold-opt --convert-onnx-to-nn --split-input-file %s | FileCheck %s
// RUN: bnfold-opt --convert-onnx-to-nn=report-carried --split-input-file --verify-diagnostics %s -o /dev/null

// ConvTranspose-11 with explicit pads [h_begin, w_begin, h_end, w_end] ->
// nn.conv_transpose2d nchw with padding [top, bottom, left, right]; group,
// strides, dilations and output_padding kept.
// CHECK-LABEL: func.func @conv_transpose_explicit
// CHECK-SAME: (%[[X:.*]]: tensor<1x4x5x5xf32>, %[[W:.*]]: tensor<4x3x3x3xf32>, %[[B:.*]]: tensor<6xf32>)
// CHECK: %[[Y:.*]] = nn.conv_transpose2d nchw %[[X]], %[[W]], %[[B]] {groups = 2 : i64, output_padding = array<i64: 1, 1>, padding = array<i64: 1, 1, 0, 2>, strides = array<i64: 2, 2>} : (tensor<1x4x5x5xf32>, tensor<4x3x3x3xf32>, tensor<6xf32>) -> tensor<1x6x10x10xf32>
// CHECK: return %[[Y]]
module attributes {onnx.opset_import = {ai.onnx = 13 : i64}} {
func.func @conv_transpose_explicit(%x: tensor<1x4x5x5xf32>, %w: tensor<4x3x3x3xf32>, %b: tensor<6xf32>) -> tensor<1x6x10x10xf32> {
  %y = nn.onnx_op "ConvTranspose"(%x, %w, %b) {onnx_attributes = {group = 2 : i64, kernel_shape = array<i64: 3, 3>, output_padding = array<i64: 1, 1>, pads = array<i64: 1, 0, 1, 2>, strides = array<i64: 2, 2>}} : (tensor<1x4x5x5xf32>, tensor<4x3x3x3xf32>, tensor<6xf32>) -> tensor<1x6x10x10xf32>
  return %y : tensor<1x6x10x10xf32>
}
}

// -----

// Defaults over 1 spatial dim (dynamic batch, f16), and 3 spatial dims with
// dilations.
// CHECK-LABEL: func.func @conv_transpose_1d_3d
// CHECK: nn.conv_transpose1d ncw %{{.*}}, %{{.*}} : (tensor<?x3x5xf16>, tensor<3x2x3xf16>) -> tensor<?x2x7xf16>
// CHECK: nn.conv_transpose3d ncdhw %{{.*}}, %{{.*}} {dilations = array<i64: 2, 1, 2>, strides = array<i64: 1, 2, 1>} : (tensor<1x2x3x3x3xf32>, tensor<2x4x2x2x2xf32>) -> tensor<1x4x5x6x5xf32>
module attributes {onnx.opset_import = {ai.onnx = 13 : i64}} {
func.func @conv_transpose_1d_3d(%x1: tensor<?x3x5xf16>, %w1: tensor<3x2x3xf16>, %x3: tensor<1x2x3x3x3xf32>, %w3: tensor<2x4x2x2x2xf32>) {
  %0 = nn.onnx_op "ConvTranspose"(%x1, %w1) : (tensor<?x3x5xf16>, tensor<3x2x3xf16>) -> tensor<?x2x7xf16>
  %1 = nn.onnx_op "ConvTranspose"(%x3, %w3) {onnx_attributes = {dilations = array<i64: 2, 1, 2>, strides = array<i64: 1, 2, 1>}} : (tensor<1x2x3x3x3xf32>, tensor<2x4x2x2x2xf32>) -> tensor<1x4x5x6x5xf32>
  return
}
}

// -----

// Padding from output_shape: the total is what the convolution produces
// (stride * (5 - 1) + output_padding + 3 = 11, or 12 with output_padding 1)
// minus output_shape; its larger half goes at the end for SAME_UPPER and at
// the beginning otherwise (NOTSET, SAME_LOWER, VALID). output_shape may have
// r + 2 entries; pads that agree with it are accepted.
// CHECK-LABEL: func.func @conv_transpose_output_shape
// CHECK: nn.conv_transpose1d ncw {{.*}} {padding = array<i64: 1, 0>, strides = array<i64: 2>} : {{.*}} -> tensor<1x2x10xf32>
// CHECK: nn.conv_transpose1d ncw {{.*}} {padding = array<i64: 0, 1>, strides = array<i64: 2>} : {{.*}} -> tensor<1x2x10xf32>
// CHECK: nn.conv_transpose1d ncw {{.*}} {padding = array<i64: 1, 0>, strides = array<i64: 2>} : {{.*}} -> tensor<1x2x10xf32>
// CHECK: nn.conv_transpose1d ncw {{.*}} {padding = array<i64: 1, 0>, strides = array<i64: 2>} : {{.*}} -> tensor<1x2x10xf32>
// CHECK: nn.conv_transpose1d ncw {{.*}} {padding = array<i64: 1, 0>, strides = array<i64: 2>} : {{.*}} -> tensor<1x2x10xf32>
// CHECK: nn.conv_transpose1d ncw {{.*}} {output_padding = array<i64: 1>, padding = array<i64: 2, 1>, strides = array<i64: 2>} : {{.*}} -> tensor<1x2x9xf32>
// CHECK: nn.conv_transpose1d ncw {{.*}} {padding = array<i64: 1, 0>, strides = array<i64: 2>} : {{.*}} -> tensor<1x2x10xf32>
// CHECK: nn.conv_transpose2d nchw {{.*}} {dilations = array<i64: 1, 2>, padding = array<i64: 1, 0, 2, 1>, strides = array<i64: 2, 2>} : {{.*}} -> tensor<1x2x10x10xf32>
module attributes {onnx.opset_import = {ai.onnx = 13 : i64}} {
func.func @conv_transpose_output_shape(%x: tensor<1x2x5xf32>, %w: tensor<2x2x3xf32>, %x2: tensor<1x2x5x5xf32>, %w2: tensor<2x2x3x3xf32>) {
  %0 = nn.onnx_op "ConvTranspose"(%x, %w) {onnx_attributes = {output_shape = array<i64: 10>, strides = array<i64: 2>}} : (tensor<1x2x5xf32>, tensor<2x2x3xf32>) -> tensor<1x2x10xf32>
  %1 = nn.onnx_op "ConvTranspose"(%x, %w) {onnx_attributes = {auto_pad = "SAME_UPPER", output_shape = array<i64: 10>, strides = array<i64: 2>}} : (tensor<1x2x5xf32>, tensor<2x2x3xf32>) -> tensor<1x2x10xf32>
  %2 = nn.onnx_op "ConvTranspose"(%x, %w) {onnx_attributes = {auto_pad = "SAME_LOWER", output_shape = array<i64: 10>, strides = array<i64: 2>}} : (tensor<1x2x5xf32>, tensor<2x2x3xf32>) -> tensor<1x2x10xf32>
  %3 = nn.onnx_op "ConvTranspose"(%x, %w) {onnx_attributes = {auto_pad = "VALID", output_shape = array<i64: 10>, strides = array<i64: 2>}} : (tensor<1x2x5xf32>, tensor<2x2x3xf32>) -> tensor<1x2x10xf32>
  %4 = nn.onnx_op "ConvTranspose"(%x, %w) {onnx_attributes = {output_shape = array<i64: 1, 2, 10>, strides = array<i64: 2>}} : (tensor<1x2x5xf32>, tensor<2x2x3xf32>) -> tensor<1x2x10xf32>
  %5 = nn.onnx_op "ConvTranspose"(%x, %w) {onnx_attributes = {output_padding = array<i64: 1>, output_shape = array<i64: 9>, strides = array<i64: 2>}} : (tensor<1x2x5xf32>, tensor<2x2x3xf32>) -> tensor<1x2x9xf32>
  %6 = nn.onnx_op "ConvTranspose"(%x, %w) {onnx_attributes = {output_shape = array<i64: 10>, pads = array<i64: 1, 0>, strides = array<i64: 2>}} : (tensor<1x2x5xf32>, tensor<2x2x3xf32>) -> tensor<1x2x10xf32>
  %7 = nn.onnx_op "ConvTranspose"(%x2, %w2) {onnx_attributes = {dilations = array<i64: 1, 2>, output_shape = array<i64: 10, 10>, strides = array<i64: 2, 2>}} : (tensor<1x2x5x5xf32>, tensor<2x2x3x3xf32>) -> tensor<1x2x10x10xf32>
  return
}
}

// -----

// auto_pad without output_shape: SAME_* makes the output input * stride
// (total 11 - 10 = 1, or 13 - 10 = 3 with dilation 2); VALID pads nothing.
// CHECK-LABEL: func.func @conv_transpose_auto_pad
// CHECK: nn.conv_transpose1d ncw {{.*}} {padding = array<i64: 0, 1>, strides = array<i64: 2>} : {{.*}} -> tensor<1x2x10xf32>
// CHECK: nn.conv_transpose1d ncw {{.*}} {padding = array<i64: 1, 0>, strides = array<i64: 2>} : {{.*}} -> tensor<1x2x10xf32>
// CHECK: nn.conv_transpose1d ncw {{.*}} {dilations = array<i64: 2>, padding = array<i64: 1, 2>, strides = array<i64: 2>} : {{.*}} -> tensor<1x2x10xf32>
// CHECK: nn.conv_transpose1d ncw {{.*}} {dilations = array<i64: 2>, padding = array<i64: 2, 1>, strides = array<i64: 2>} : {{.*}} -> tensor<1x2x10xf32>
// CHECK: nn.conv_transpose1d ncw {{.*}} {output_padding = array<i64: 1>, strides = array<i64: 2>} : {{.*}} -> tensor<1x2x12xf32>
module attributes {onnx.opset_import = {ai.onnx = 13 : i64}} {
func.func @conv_transpose_auto_pad(%x: tensor<1x2x5xf32>, %w: tensor<2x2x3xf32>) {
  %0 = nn.onnx_op "ConvTranspose"(%x, %w) {onnx_attributes = {auto_pad = "SAME_UPPER", strides = array<i64: 2>}} : (tensor<1x2x5xf32>, tensor<2x2x3xf32>) -> tensor<1x2x10xf32>
  %1 = nn.onnx_op "ConvTranspose"(%x, %w) {onnx_attributes = {auto_pad = "SAME_LOWER", strides = array<i64: 2>}} : (tensor<1x2x5xf32>, tensor<2x2x3xf32>) -> tensor<1x2x10xf32>
  %2 = nn.onnx_op "ConvTranspose"(%x, %w) {onnx_attributes = {auto_pad = "SAME_UPPER", dilations = array<i64: 2>, strides = array<i64: 2>}} : (tensor<1x2x5xf32>, tensor<2x2x3xf32>) -> tensor<1x2x10xf32>
  %3 = nn.onnx_op "ConvTranspose"(%x, %w) {onnx_attributes = {auto_pad = "SAME_LOWER", dilations = array<i64: 2>, strides = array<i64: 2>}} : (tensor<1x2x5xf32>, tensor<2x2x3xf32>) -> tensor<1x2x10xf32>
  %4 = nn.onnx_op "ConvTranspose"(%x, %w) {onnx_attributes = {auto_pad = "VALID", output_padding = array<i64: 1>, strides = array<i64: 2>}} : (tensor<1x2x5xf32>, tensor<2x2x3xf32>) -> tensor<1x2x12xf32>
  return
}
}

// -----

// ConvTransposes that stay, each with its reason.
// CHECK-LABEL: func.func @no_raise_conv_transpose
// CHECK-NOT: nn.conv_transpose
module attributes {onnx.opset_import = {ai.onnx = 13 : i64}} {
func.func @no_raise_conv_transpose(%x: tensor<1x2x5xf32>, %w: tensor<2x2x3xf32>, %xd: tensor<1x2x?xf32>, %w1: tensor<2x2x1xf32>, %x4: tensor<1x2x3x3x3x3xf32>, %w4: tensor<2x2x1x1x1x1xf32>, %x0: tensor<2x3xf32>, %xi: tensor<1x2x5xi32>, %wi: tensor<2x2x3xi32>) {
  // expected-remark @+1 {{stays 'nn.onnx_op' because it has 4 spatial dims; nn convolutions have 1 to 3}}
  %0 = nn.onnx_op "ConvTranspose"(%x4, %w4) : (tensor<1x2x3x3x3x3xf32>, tensor<2x2x1x1x1x1xf32>) -> tensor<1x2x3x3x3x3xf32>
  // expected-remark @+1 {{stays 'nn.onnx_op' because its input has rank 2; a convolution's has a batch, a channel and at least one spatial dim}}
  %1 = nn.onnx_op "ConvTranspose"(%x0, %x0) : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  // expected-remark @+1 {{stays 'nn.onnx_op' because it is not a transposed convolution of ranked f16, bf16, f32 or f64 tensors of one rank with an optional 1-D bias}}
  %2 = nn.onnx_op "ConvTranspose"(%xi, %wi) : (tensor<1x2x5xi32>, tensor<2x2x3xi32>) -> tensor<1x2x7xi32>
  // onnxruntime's output is 10 (input * stride), ONNX's shape inference says 11.
  // expected-remark @+1 {{stays 'nn.onnx_op' because auto_pad SAME_UPPER with output_padding: onnxruntime and ONNX's shape inference disagree on its output size}}
  %3 = nn.onnx_op "ConvTranspose"(%x, %w) {onnx_attributes = {auto_pad = "SAME_UPPER", output_padding = array<i64: 1>, strides = array<i64: 2>}} : (tensor<1x2x5xf32>, tensor<2x2x3xf32>) -> tensor<1x2x11xf32>
  // Growing the output needs negative padding; onnxruntime pads 0 instead.
  // expected-remark @+1 {{stays 'nn.onnx_op' because its output_shape asks for 12 outputs along spatial dim 0, more than the 11 the transposed convolution produces}}
  %4 = nn.onnx_op "ConvTranspose"(%x, %w) {onnx_attributes = {output_shape = array<i64: 12>, strides = array<i64: 2>}} : (tensor<1x2x5xf32>, tensor<2x2x3xf32>) -> tensor<1x2x12xf32>
  // expected-remark @+1 {{stays 'nn.onnx_op' because its auto_pad asks for 15 outputs along spatial dim 0, more than the 13 the transposed convolution produces}}
  %5 = nn.onnx_op "ConvTranspose"(%x, %w1) {onnx_attributes = {auto_pad = "SAME_LOWER", strides = array<i64: 3>}} : (tensor<1x2x5xf32>, tensor<2x2x1xf32>) -> tensor<1x2x13xf32>
  // expected-remark @+1 {{stays 'nn.onnx_op' because its output_shape asks for -1 outputs along spatial dim 0}}
  %6 = nn.onnx_op "ConvTranspose"(%x, %w) {onnx_attributes = {output_shape = array<i64: -1>}} : (tensor<1x2x5xf32>, tensor<2x2x3xf32>) -> tensor<1x2x7xf32>
  // expected-remark @+1 {{stays 'nn.onnx_op' because its output_shape has 2 entries; with 1 spatial dims it takes 1 or 3}}
  %7 = nn.onnx_op "ConvTranspose"(%x, %w) {onnx_attributes = {output_shape = array<i64: 7, 7>}} : (tensor<1x2x5xf32>, tensor<2x2x3xf32>) -> tensor<1x2x7xf32>
  // expected-remark @+1 {{stays 'nn.onnx_op' because its pads differ from those its output_shape gives, and the ONNX specification does not say which wins}}
  %8 = nn.onnx_op "ConvTranspose"(%x, %w) {onnx_attributes = {output_shape = array<i64: 10>, pads = array<i64: 0, 1>, strides = array<i64: 2>}} : (tensor<1x2x5xf32>, tensor<2x2x3xf32>) -> tensor<1x2x10xf32>
  // expected-remark @+1 {{stays 'nn.onnx_op' because auto_pad SAME_UPPER needs static spatial dims}}
  %9 = nn.onnx_op "ConvTranspose"(%xd, %w) {onnx_attributes = {auto_pad = "SAME_UPPER"}} : (tensor<1x2x?xf32>, tensor<2x2x3xf32>) -> tensor<1x2x?xf32>
  // expected-remark @+1 {{stays 'nn.onnx_op' because output_shape needs static spatial dims}}
  %10 = nn.onnx_op "ConvTranspose"(%xd, %w) {onnx_attributes = {output_shape = array<i64: 7>}} : (tensor<1x2x?xf32>, tensor<2x2x3xf32>) -> tensor<1x2x7xf32>
  // expected-remark @+1 {{stays 'nn.onnx_op' because its output_padding is not that of 1 spatial dims}}
  %11 = nn.onnx_op "ConvTranspose"(%x, %w) {onnx_attributes = {output_padding = array<i64: 1, 1>, strides = array<i64: 2>}} : (tensor<1x2x5xf32>, tensor<2x2x3xf32>) -> tensor<1x2x12xf32>
  // expected-remark @+1 {{stays 'nn.onnx_op' because its kernel_shape is not its weight's spatial shape}}
  %12 = nn.onnx_op "ConvTranspose"(%x, %w) {onnx_attributes = {kernel_shape = array<i64: 5>}} : (tensor<1x2x5xf32>, tensor<2x2x3xf32>) -> tensor<1x2x7xf32>
  // Sizes past int64 (a stride of 2^62): no value, no wrap-around.
  // expected-remark @+1 {{stays 'nn.onnx_op' because its output size does not fit in int64}}
  %15 = nn.onnx_op "ConvTranspose"(%x, %w) {onnx_attributes = {output_shape = array<i64: 7>, strides = array<i64: 4611686018427387904>}} : (tensor<1x2x5xf32>, tensor<2x2x3xf32>) -> tensor<1x2x7xf32>
  // expected-remark @+1 {{stays 'nn.onnx_op' because the output size auto_pad SAME_LOWER asks for does not fit in int64}}
  %16 = nn.onnx_op "ConvTranspose"(%x, %w) {onnx_attributes = {auto_pad = "SAME_LOWER", strides = array<i64: 4611686018427387904>}} : (tensor<1x2x5xf32>, tensor<2x2x3xf32>) -> tensor<1x2x7xf32>
  // ONNX does not restrict output_padding; nn.conv_transpose1d (like PyTorch) does.
  // expected-remark-re @+1 {{stays 'nn.onnx_op' because 'nn.conv_transpose1d' op {{.*}}output_padding{{.*}}}}
  %13 = nn.onnx_op "ConvTranspose"(%x, %w) {onnx_attributes = {output_padding = array<i64: 2>, strides = array<i64: 2>}} : (tensor<1x2x5xf32>, tensor<2x2x3xf32>) -> tensor<1x2x13xf32>
  // A result type the attributes do not give: the nn verifier's message.
  // expected-remark-re @+1 {{stays 'nn.onnx_op' because 'nn.conv_transpose1d' op {{.*}}}}
  %14 = nn.onnx_op "ConvTranspose"(%x, %w) : (tensor<1x2x5xf32>, tensor<2x2x3xf32>) -> tensor<1x2x8xf32>
  return
}
}
