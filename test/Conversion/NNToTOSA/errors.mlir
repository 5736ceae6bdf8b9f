// RUN: bnfold-opt --convert-nn-to-tosa --split-input-file -verify-diagnostics %s

// An nn op without a TOSA form is an error at the op, and nothing is
// lowered.

func.func @conv1d(%x: tensor<1x3x8xf32>, %w: tensor<4x3x3xf32>) -> tensor<1x4x6xf32> {
  // expected-error @below {{cannot lower 'nn.conv1d' to TOSA: TOSA has no 1-D convolution}}
  %y = nn.conv1d ncw %x, %w : (tensor<1x3x8xf32>, tensor<4x3x3xf32>) -> tensor<1x4x6xf32>
  return %y : tensor<1x4x6xf32>
}

// -----

func.func @grouped(%x: tensor<1x4x4x4xf32>, %w: tensor<1x1x2x4xf32>) -> tensor<1x4x4x4xf32> {
  // expected-error @below {{cannot lower 'nn.conv2d' to TOSA: TOSA convolutions have no groups (groups = 2)}}
  %y = nn.conv2d nhwc %x, %w {groups = 2 : i64} : (tensor<1x4x4x4xf32>, tensor<1x1x2x4xf32>) -> tensor<1x4x4x4xf32>
  return %y : tensor<1x4x4x4xf32>
}

// -----

func.func @depthwise3d(%x: tensor<1x2x2x2x2xf32>, %w: tensor<1x1x1x2x1xf32>) -> tensor<1x2x2x2x2xf32> {
  // expected-error @below {{cannot lower 'nn.depthwise_conv3d' to TOSA: TOSA has no 3-D depthwise convolution}}
  %y = nn.depthwise_conv3d ndhwc %x, %w : (tensor<1x2x2x2x2xf32>, tensor<1x1x1x2x1xf32>) -> tensor<1x2x2x2x2xf32>
  return %y : tensor<1x2x2x2x2xf32>
}

// -----

func.func @conv_transpose3d(%x: tensor<1x2x2x2x1xf32>, %w: tensor<1x1x1x1x1xf32>) -> tensor<1x2x2x2x1xf32> {
  // expected-error @below {{cannot lower 'nn.conv_transpose3d' to TOSA: TOSA has no 3-D transposed convolution}}
  %y = nn.conv_transpose3d ndhwc %x, %w : (tensor<1x2x2x2x1xf32>, tensor<1x1x1x1x1xf32>) -> tensor<1x2x2x2x1xf32>
  return %y : tensor<1x2x2x2x1xf32>
}

// -----

func.func @dilated_transpose(%x: tensor<1x2x2x1xf32>, %w: tensor<2x2x1x1xf32>) -> tensor<1x4x4x1xf32> {
  // expected-error @below {{cannot lower 'nn.conv_transpose2d' to TOSA: tosa.transpose_conv2d has no dilation}}
  %y = nn.conv_transpose2d nhwc %x, %w {dilations = array<i64: 2, 2>} : (tensor<1x2x2x1xf32>, tensor<2x2x1x1xf32>) -> tensor<1x4x4x1xf32>
  return %y : tensor<1x4x4x1xf32>
}

// -----

func.func @f64(%x: tensor<2xf64>) -> tensor<2xf64> {
  // expected-error @below {{cannot lower 'nn.add' to TOSA: TOSA 1.0 has no f64 tensors}}
  %y = nn.add %x, %x : tensor<2xf64>
  return %y : tensor<2xf64>
}

// -----

func.func @batch_norm(%x: tensor<1x2xf32>, %p: tensor<2xf32>) -> tensor<1x2xf32> {
  // expected-error @below {{cannot lower 'nn.batch_norm' to TOSA: TOSA has no batch norm op (this is one fold-batchnorm did not fold)}}
  %y = nn.batch_norm %x, %p, %p : (tensor<1x2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2xf32>
  return %y : tensor<1x2xf32>
}

// -----

func.func @runtime_fold(%w: tensor<1x1x2x2xf32>, %v: tensor<2xf32>) -> tensor<1x1x2x2xf32> {
  // expected-error @below {{cannot lower 'nn.bn_fold_weights' to TOSA: it computes folded parameters at run time (fold-batchnorm with runtime-parameters=false leaves such batch norms instead)}}
  %y = nn.bn_fold_weights %w, %v {channel_dims = array<i64: 3>, epsilon = 1.0e-05 : f64} : (tensor<1x1x2x2xf32>, tensor<2xf32>) -> tensor<1x1x2x2xf32>
  return %y : tensor<1x1x2x2xf32>
}

// -----

func.func @relu(%x: tensor<2xf32>) -> tensor<2xf32> {
  // expected-error @below {{cannot lower 'nn.relu' to TOSA: TOSA has no form for 'nn.relu' (docs/tosa.md lists the nn ops that have one)}}
  %y = nn.relu %x : tensor<2xf32>
  return %y : tensor<2xf32>
}

// -----

// Every op without a form is reported, and the function stays as it was.
func.func @two(%x: tensor<2xf32>) -> tensor<2xf32> {
  %a = nn.add %x, %x : tensor<2xf32>
  // expected-error @below {{cannot lower 'nn.relu' to TOSA}}
  %b = nn.relu %a : tensor<2xf32>
  // expected-error @below {{cannot lower 'nn.relu' to TOSA}}
  %c = nn.relu %b : tensor<2xf32>
  return %c : tensor<2xf32>
}

// -----

func.func @matmul_dynamic_rows(%x: tensor<?x?x3xf32>, %w: tensor<3x2xf32>) -> tensor<?x?x2xf32> {
  // expected-error @below {{cannot lower 'nn.matmul' to TOSA: its lhs has more than one dynamic dim besides the last; tosa.matmul takes the rows in one dim}}
  %y = nn.matmul %x, %w : (tensor<?x?x3xf32>, tensor<3x2xf32>) -> tensor<?x?x2xf32>
  return %y : tensor<?x?x2xf32>
}

// -----

func.func @div(%x: tensor<2xf32>) -> tensor<2xf32> {
  // expected-error @below {{cannot lower 'nn.div' to TOSA: TOSA has no floating-point division (tosa.intdiv is for integers; a multiplication by tosa.reciprocal rounds twice)}}
  %y = nn.div %x, %x : tensor<2xf32>
  return %y : tensor<2xf32>
}

// -----

func.func @sqrt(%x: tensor<2xf32>) -> tensor<2xf32> {
  // expected-error @below {{cannot lower 'nn.sqrt' to TOSA: TOSA has no square root (tosa.pow with 0.5 is not the correctly rounded square root)}}
  %y = nn.sqrt %x : tensor<2xf32>
  return %y : tensor<2xf32>
}

// -----

func.func @depthwise_nchw_dynamic_channels(%x: tensor<1x?x3x3xf32>, %w: tensor<4x1x1x1xf32>) -> tensor<1x4x3x3xf32> {
  // expected-error @below {{cannot lower 'nn.depthwise_conv2d' to TOSA: its input channel count is dynamic or 0, which TOSA's [H, W, C, M] filter needs}}
  %y = nn.depthwise_conv2d nchw %x, %w : (tensor<1x?x3x3xf32>, tensor<4x1x1x1xf32>) -> tensor<1x4x3x3xf32>
  return %y : tensor<1x4x3x3xf32>
}

// -----

// tosa.pad pads with one value.
func.func @pad_per_channel(%x: tensor<1x3x4x4xf32>) -> tensor<1x3x6x6xf32> {
  %p = arith.constant dense<[1.0, 2.0, 3.0]> : tensor<3xf32>
  // expected-error @below {{cannot lower 'nn.pad' to TOSA: tosa.pad pads with one value, and 'nn.pad' pads each channel with its own}}
  %y = nn.pad nchw %x, %p {padding = array<i64: 1, 1, 1, 1>} : (tensor<1x3x4x4xf32>, tensor<3xf32>) -> tensor<1x3x6x6xf32>
  return %y : tensor<1x3x6x6xf32>
}
