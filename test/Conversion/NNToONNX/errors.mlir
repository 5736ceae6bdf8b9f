// RUN: bnfold-opt --convert-nn-to-onnx --split-input-file --verify-diagnostics %s

// nn ops without an ONNX form: an error at each, and the pass fails.

func.func @nhwc_conv(%x: tensor<1x4x4x3xf32>, %w: tensor<1x1x3x2xf32>) -> tensor<1x4x4x2xf32> {
  // expected-error @+1 {{cannot export 'nn.conv2d' in the nhwc layout to ONNX (ONNX Conv is NCHW)}}
  %0 = nn.conv2d nhwc %x, %w : (tensor<1x4x4x3xf32>, tensor<1x1x3x2xf32>) -> tensor<1x4x4x2xf32>
  return %0 : tensor<1x4x4x2xf32>
}

// -----

func.func @nhwc_depthwise(%x: tensor<1x4x4x3xf32>, %w: tensor<1x1x3x1xf32>) -> tensor<1x4x4x3xf32> {
  // expected-error @+1 {{cannot export 'nn.depthwise_conv2d' in the nhwc layout to ONNX (ONNX Conv is NCHW)}}
  %0 = nn.depthwise_conv2d nhwc %x, %w : (tensor<1x4x4x3xf32>, tensor<1x1x3x1xf32>) -> tensor<1x4x4x3xf32>
  return %0 : tensor<1x4x4x3xf32>
}

// -----

func.func @nwc_conv1d(%x: tensor<1x4x3xf32>, %w: tensor<1x3x2xf32>) -> tensor<1x4x2xf32> {
  // expected-error @+1 {{cannot export 'nn.conv1d' in the nwc layout to ONNX (ONNX Conv is NCW)}}
  %0 = nn.conv1d nwc %x, %w : (tensor<1x4x3xf32>, tensor<1x3x2xf32>) -> tensor<1x4x2xf32>
  return %0 : tensor<1x4x2xf32>
}

// -----

func.func @ndhwc_conv_transpose3d(%x: tensor<1x2x2x2x3xf32>, %w: tensor<1x1x1x2x3xf32>) -> tensor<1x2x2x2x2xf32> {
  // expected-error @+1 {{cannot export 'nn.conv_transpose3d' in the ndhwc layout to ONNX (ONNX ConvTranspose is NCDHW)}}
  %0 = nn.conv_transpose3d ndhwc %x, %w : (tensor<1x2x2x2x3xf32>, tensor<1x1x1x2x3xf32>) -> tensor<1x2x2x2x2xf32>
  return %0 : tensor<1x2x2x2x2xf32>
}

// -----

func.func @depthwise_dynamic_channels(%x: tensor<1x?x4x4xf32>, %w: tensor<4x1x1x1xf32>) -> tensor<1x4x4x4xf32> {
  // expected-error @+1 {{cannot export a depthwise convolution with a dynamic channel count to ONNX}}
  %0 = nn.depthwise_conv2d nchw %x, %w : (tensor<1x?x4x4xf32>, tensor<4x1x1x1xf32>) -> tensor<1x4x4x4xf32>
  return %0 : tensor<1x4x4x4xf32>
}

// -----

func.func @batched_matmul_transpose_lhs(%x: tensor<2x6x3xf32>, %w: tensor<6x5xf32>) -> tensor<2x3x5xf32> {
  // expected-error @+1 {{cannot export a batched 'nn.matmul' with transpose_lhs to ONNX}}
  %0 = nn.matmul %x, %w {transpose_lhs} : (tensor<2x6x3xf32>, tensor<6x5xf32>) -> tensor<2x3x5xf32>
  return %0 : tensor<2x3x5xf32>
}

// -----

func.func @batch_norm_last_dim(%x: tensor<1x2x2x3xf32>, %m: tensor<3xf32>, %v: tensor<3xf32>) -> tensor<1x2x2x3xf32> {
  // expected-error @+1 {{cannot export a batch_norm over dim 3 to ONNX (BatchNormalization normalizes dim 1)}}
  %0 = nn.batch_norm nhwc %x, %m, %v : (tensor<1x2x2x3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<1x2x2x3xf32>
  return %0 : tensor<1x2x2x3xf32>
}

// -----

func.func @batch_norm_dynamic_channels(%x: tensor<1x?x2x2xf32>, %m: tensor<?xf32>, %v: tensor<?xf32>) -> tensor<1x?x2x2xf32> {
  // expected-error @+1 {{cannot export a batch_norm without scale or offset and a dynamic channel count}}
  %0 = nn.batch_norm nchw %x, %m, %v : (tensor<1x?x2x2xf32>, tensor<?xf32>, tensor<?xf32>) -> tensor<1x?x2x2xf32>
  return %0 : tensor<1x?x2x2xf32>
}

// -----

func.func @reshape_zero_dim(%x: tensor<0x4xf32>) -> tensor<4x0xf32> {
  // expected-error @+1 {{cannot export a reshape to a shape with a zero dimension to ONNX}}
  %0 = nn.reshape %x : (tensor<0x4xf32>) -> tensor<4x0xf32>
  return %0 : tensor<4x0xf32>
}

// -----

func.func @bias_add(%x: tensor<1x3xf32>, %b: tensor<3xf32>) -> tensor<1x3xf32> {
  // expected-error @+1 {{cannot export 'nn.bias_add' to ONNX (the ops ONNX export supports are listed in docs/onnx.md)}}
  %0 = nn.bias_add %x, %b : (tensor<1x3xf32>, tensor<3xf32>) -> tensor<1x3xf32>
  return %0 : tensor<1x3xf32>
}

// -----

func.func @fold_weights(%w: tensor<2x1x1x1xf32>, %v: tensor<2xf32>) -> tensor<2x1x1x1xf32> {
  // expected-error @+1 {{cannot export 'nn.bn_fold_weights' to ONNX: it computes folded parameters at run time (--fold-batchnorm=runtime-parameters=false leaves such batch norms instead)}}
  %0 = nn.bn_fold_weights %w, %v {channel_dims = array<i64: 0>} : (tensor<2x1x1x1xf32>, tensor<2xf32>) -> tensor<2x1x1x1xf32>
  return %0 : tensor<2x1x1x1xf32>
}

// -----

// Every op without an ONNX form is reported, not only the first.
func.func @two(%x: tensor<1x3xf32>, %b: tensor<3xf32>) -> tensor<1x3xf32> {
  // expected-error @+1 {{cannot export 'nn.bias_add' to ONNX}}
  %0 = nn.bias_add %x, %b : (tensor<1x3xf32>, tensor<3xf32>) -> tensor<1x3xf32>
  %1 = nn.relu %0 : tensor<1x3xf32>
  // expected-error @+1 {{cannot export 'nn.bias_add' to ONNX}}
  %2 = nn.bias_add %1, %b : (tensor<1x3xf32>, tensor<3xf32>) -> tensor<1x3xf32>
  return %2 : tensor<1x3xf32>
}
