// RUN: bnfold-opt --convert-nn-to-linalg %s -split-input-file -verify-diagnostics

// Every nn op is illegal after the conversion: a carried ONNX node has no
// lowering, and the pass fails at it.
func.func @carried_onnx_node(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{failed to legalize operation 'nn.onnx_op' that was explicitly marked illegal}}
  %y = nn.onnx_op "Abs"(%x) : (tensor<4xf32>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}

// -----

// Dynamic sizes that would have to split one dim into two dynamic ones
// (MLIR 22's expand-strided-metadata crashes on such a split).
func.func @depthwise_nchw_dynamic_channels(%x: tensor<1x?x5x5xf32>, %w: tensor<6x1x3x3xf32>) -> tensor<1x6x3x3xf32> {
  // expected-error @+2 {{'nn.depthwise_conv2d' op cannot be lowered: input channel dim 1 must be static}}
  // expected-error @+1 {{failed to legalize operation 'nn.depthwise_conv2d' that was explicitly marked illegal}}
  %y = nn.depthwise_conv2d nchw %x, %w : (tensor<1x?x5x5xf32>, tensor<6x1x3x3xf32>) -> tensor<1x6x3x3xf32>
  return %y : tensor<1x6x3x3xf32>
}

// -----

func.func @depthwise_nhwc_dynamic_filter_bias(%x: tensor<1x5x5x?xf32>, %w: tensor<3x3x?x?xf32>, %b: tensor<?xf32>) -> tensor<1x3x3x?xf32> {
  // expected-error @+2 {{'nn.depthwise_conv2d' op cannot be lowered: with a bias, filter dims 2 and 3 must not both be dynamic}}
  // expected-error @+1 {{failed to legalize operation 'nn.depthwise_conv2d' that was explicitly marked illegal}}
  %y = nn.depthwise_conv2d nhwc %x, %w, %b : (tensor<1x5x5x?xf32>, tensor<3x3x?x?xf32>, tensor<?xf32>) -> tensor<1x3x3x?xf32>
  return %y : tensor<1x3x3x?xf32>
}

// -----

func.func @fold_weights_two_dynamic_channel_dims(%w: tensor<3x3x?x?xf32>, %v: tensor<?xf32>) -> tensor<3x3x?x?xf32> {
  // expected-error @+2 {{'nn.bn_fold_weights' op cannot be lowered: at most one of its channel dims may be dynamic}}
  // expected-error @+1 {{failed to legalize operation 'nn.bn_fold_weights' that was explicitly marked illegal}}
  %y = nn.bn_fold_weights %w, %v {channel_dims = array<i64: 2, 3>} : (tensor<3x3x?x?xf32>, tensor<?xf32>) -> tensor<3x3x?x?xf32>
  return %y : tensor<3x3x?x?xf32>
}

// -----

func.func @depthwise3d_ncdhw_dynamic_channels(%x: tensor<1x?x3x3x3xf32>, %w: tensor<4x1x2x2x2xf32>) -> tensor<1x4x2x2x2xf32> {
  // expected-error @+2 {{'nn.depthwise_conv3d' op cannot be lowered: input channel dim 1 must be static}}
  // expected-error @+1 {{failed to legalize operation 'nn.depthwise_conv3d' that was explicitly marked illegal}}
  %y = nn.depthwise_conv3d ncdhw %x, %w : (tensor<1x?x3x3x3xf32>, tensor<4x1x2x2x2xf32>) -> tensor<1x4x2x2x2xf32>
  return %y : tensor<1x4x2x2x2xf32>
}

// -----

func.func @depthwise1d_nwc_dynamic_filter_bias(%x: tensor<1x5x?xf32>, %w: tensor<3x?x?xf32>, %b: tensor<?xf32>) -> tensor<1x3x?xf32> {
  // expected-error @+2 {{'nn.depthwise_conv1d' op cannot be lowered: with a bias, filter dims 1 and 2 must not both be dynamic}}
  // expected-error @+1 {{failed to legalize operation 'nn.depthwise_conv1d' that was explicitly marked illegal}}
  %y = nn.depthwise_conv1d nwc %x, %w, %b : (tensor<1x5x?xf32>, tensor<3x?x?xf32>, tensor<?xf32>) -> tensor<1x3x?xf32>
  return %y : tensor<1x3x?xf32>
}

// -----

// The flipped kernel of a transposed convolution reads position K-1-k.
func.func @transpose_dynamic_kernel(%x: tensor<1x2x4xf32>, %w: tensor<2x3x?xf32>) -> tensor<1x3x?xf32> {
  // expected-error @+2 {{'nn.conv_transpose1d' op cannot be lowered: a transposed convolution needs static kernel spatial dims}}
  // expected-error @+1 {{failed to legalize operation 'nn.conv_transpose1d' that was explicitly marked illegal}}
  %y = nn.conv_transpose1d ncw %x, %w : (tensor<1x2x4xf32>, tensor<2x3x?xf32>) -> tensor<1x3x?xf32>
  return %y : tensor<1x3x?xf32>
}
