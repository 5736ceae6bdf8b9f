// RUN: bnfold-opt %s -split-input-file -verify-diagnostics

// One case per diagnostic of the nn verifiers (lib/Dialect/NN/IR/NNOps.cpp),
// plus the ODS-level type constraints and malformed IR that used to crash.

//===----------------------------------------------------------------------===//
// ODS-level constraints
//===----------------------------------------------------------------------===//

func.func @integer_element_type(%x: tensor<1x8x8x3xi32>, %w: tensor<1x1x3x4xi32>) {
  // expected-error @+1 {{operand #0 must be 4D tensor of 16-bit float or bfloat16 type or 32-bit float or 64-bit float values, but got 'tensor<1x8x8x3xi32>'}}
  %0 = nn.conv2d nhwc %x, %w : (tensor<1x8x8x3xi32>, tensor<1x1x3x4xi32>) -> tensor<1x8x8x4xi32>
  return
}

// -----

func.func @rank3_conv_input(%x: tensor<8x8x3xf32>, %w: tensor<1x1x3x4xf32>) {
  // expected-error @+1 {{operand #0 must be 4D tensor of 16-bit float or bfloat16 type or 32-bit float or 64-bit float values, but got 'tensor<8x8x3xf32>'}}
  %0 = nn.conv2d nhwc %x, %w : (tensor<8x8x3xf32>, tensor<1x1x3x4xf32>) -> tensor<1x8x8x4xf32>
  return
}

// -----

func.func @rank2_bias(%x: tensor<1x8x8x3xf32>, %w: tensor<1x1x3x4xf32>, %b: tensor<1x4xf32>) {
  // expected-error @+1 {{operand #2 must be 1D tensor of 16-bit float or bfloat16 type or 32-bit float or 64-bit float values, but got 'tensor<1x4xf32>'}}
  %0 = nn.conv2d nhwc %x, %w, %b : (tensor<1x8x8x3xf32>, tensor<1x1x3x4xf32>, tensor<1x4xf32>) -> tensor<1x8x8x4xf32>
  return
}

// -----

func.func @unranked(%x: tensor<*xf32>) {
  // expected-error @+1 {{operand #0 must be ranked tensor of 16-bit float or bfloat16 type or 32-bit float or 64-bit float values, but got 'tensor<*xf32>'}}
  %0 = "nn.relu"(%x) : (tensor<*xf32>) -> tensor<*xf32>
  return
}

// -----

func.func @integer_identity(%x: tensor<4xi8>) {
  // expected-error @+1 {{operand #0 must be ranked tensor of 16-bit float or bfloat16 type or 32-bit float or 64-bit float values, but got 'tensor<4xi8>'}}
  %0 = nn.identity %x : tensor<4xi8>
  return
}

// -----

func.func @add_mixed_types(%x: tensor<4xf32>, %y: tensor<4xf16>) {
  // expected-error @+1 {{requires the same element type for all operands and results}}
  %0 = "nn.add"(%x, %y) : (tensor<4xf32>, tensor<4xf16>) -> tensor<4xf32>
  return
}

// -----

func.func @bn_fold_weights_result_type(%w: tensor<4x2xf32>, %v: tensor<4xf32>) {
  // expected-error @+1 {{all of {weights, result} have same type}}
  %0 = "nn.bn_fold_weights"(%w, %v) <{channel_dims = array<i64: 0>, epsilon = 1.0e-5 : f64}> : (tensor<4x2xf32>, tensor<4xf32>) -> tensor<4x3xf32>
  return
}

// -----

func.func @missing_layout(%x: tensor<1x8x8x3xf32>, %w: tensor<1x1x3x4xf32>) {
  // expected-error @+1 {{requires attribute 'layout'}}
  %0 = "nn.conv2d"(%x, %w) <{dilations = array<i64: 1, 1>, groups = 1 : i64, padding = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>}> : (tensor<1x8x8x3xf32>, tensor<1x1x3x4xf32>) -> tensor<1x8x8x4xf32>
  return
}

// -----

func.func @missing_filter(%x: tensor<1x8x8x3xf32>) {
  // expected-error @+1 {{expected 2 or more operands, but found 1}}
  %0 = "nn.conv2d"(%x) <{layout = 0 : i32}> : (tensor<1x8x8x3xf32>) -> tensor<1x8x8x4xf32>
  return
}

// -----

func.func @batch_norm_too_few_operands(%x: tensor<2x4xf32>, %m: tensor<4xf32>) {
  // expected-error @+1 {{expected 3 or more operands, but found 2}}
  %0 = "nn.batch_norm"(%x, %m) <{operandSegmentSizes = array<i32: 1, 1, 1, 0, 0>}> : (tensor<2x4xf32>, tensor<4xf32>) -> tensor<2x4xf32>
  return
}

// -----

func.func @batch_norm_segments(%x: tensor<2x4xf32>, %m: tensor<4xf32>) {
  // expected-error @+1 {{operand count (3) does not match with the total size (4) specified in attribute 'operandSegmentSizes'}}
  %0 = "nn.batch_norm"(%x, %m, %m) <{operandSegmentSizes = array<i32: 1, 1, 1, 1, 0>}> : (tensor<2x4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<2x4xf32>
  return
}

// -----

func.func @layout_out_of_range(%x: tensor<1x8x8x3xf32>, %w: tensor<1x1x3x4xf32>) {
  // expected-error @+1 {{invalid properties {layout = 7 : i32} for op nn.conv2d: Invalid attribute `layout` in property conversion: 7 : i32}}
  %0 = "nn.conv2d"(%x, %w) <{layout = 7 : i32}> : (tensor<1x8x8x3xf32>, tensor<1x1x3x4xf32>) -> tensor<1x8x8x4xf32>
  return
}

// -----

func.func @epsilon_f32(%x: tensor<2x4xf32>, %m: tensor<4xf32>) {
  // expected-error @+1 {{attribute 'epsilon' failed to satisfy constraint: 64-bit float attribute}}
  %0 = "nn.batch_norm"(%x, %m, %m) <{operandSegmentSizes = array<i32: 1, 1, 1, 0, 0>, epsilon = 1.0 : f32}> : (tensor<2x4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<2x4xf32>
  return
}

// -----

func.func @negative_segment(%x: tensor<2x4xf32>, %m: tensor<4xf32>) {
  // expected-error @+1 {{'operandSegmentSizes' attribute cannot have negative elements}}
  %0 = "nn.batch_norm"(%x, %m, %m) <{operandSegmentSizes = array<i32: 1, 1, 1, -1, 1>}> : (tensor<2x4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<2x4xf32>
  return
}

// -----

func.func @missing_block_shape(%x: tensor<1x2x2x1xf32>) {
  // expected-error @+1 {{requires attribute 'block_shape'}}
  %0 = "nn.space_to_batch"(%x) <{layout = 0 : i32, paddings = array<i64: 0, 0, 0, 0>}> : (tensor<1x2x2x1xf32>) -> tensor<1x2x2x1xf32>
  return
}

// -----

func.func @relu_two_results(%x: tensor<1x2x2x1xf32>) {
  // expected-error @+1 {{requires one result}}
  %0:2 = "nn.relu"(%x) : (tensor<1x2x2x1xf32>) -> (tensor<1x2x2x1xf32>, tensor<1x2x2x1xf32>)
  return
}

// -----

func.func @custom_form_missing_operand(%x: tensor<1x8x8x3xf32>) {
  // expected-error @+1 {{expected ','}}
  %0 = nn.conv2d nhwc %x : (tensor<1x8x8x3xf32>) -> tensor<1x8x8x3xf32>
  return
}

// -----

func.func @bad_layout_keyword(%x: tensor<1x8x8x3xf32>, %w: tensor<1x1x3x4xf32>) {
  // expected-error @+1 {{expected string or keyword containing one of the following enum values for attribute 'layout' [nhwc, nchw, nwc, ncw, ndhwc, ncdhw]}}
  %0 = nn.conv2d nwhc %x, %w : (tensor<1x8x8x3xf32>, tensor<1x1x3x4xf32>) -> tensor<1x8x8x4xf32>
  return
}

//===----------------------------------------------------------------------===//
// Element counts: every tensor type of every nn op must have an element
// count (the product of its static dims) that fits in int64. The other ops
// have their case with their own diagnostics below.
//===----------------------------------------------------------------------===//

// -----

func.func @relu_count_overflow(%x: tensor<4611686018427387904x4xf32>) {
  // expected-error @+1 {{'nn.relu' op the element count of 'tensor<4611686018427387904x4xf32>' overflows int64}}
  %0 = nn.relu %x : tensor<4611686018427387904x4xf32>
  return
}

// -----

func.func @relu_count_zero_dim(%x: tensor<4611686018427387904x4x0xf32>) -> tensor<4611686018427387904x4x0xf32> {
  // No error: a 0 dim makes the element count 0, whatever the other dims.
  %0 = nn.relu %x : tensor<4611686018427387904x4x0xf32>
  return %0 : tensor<4611686018427387904x4x0xf32>
}

// -----

func.func @relu_count_overflow_dynamic(%x: tensor<?x2x4611686018427387904x4xf32>) {
  // Dynamic dims do not count, the static ones still overflow.
  // expected-error @+1 {{'nn.relu' op the element count of 'tensor<?x2x4611686018427387904x4xf32>' overflows int64}}
  %0 = nn.relu %x : tensor<?x2x4611686018427387904x4xf32>
  return
}

// -----

func.func @identity_count_overflow(%x: tensor<2x4611686018427387904x2xf16>) {
  // expected-error @+1 {{'nn.identity' op the element count of 'tensor<2x4611686018427387904x2xf16>' overflows int64}}
  %0 = nn.identity %x : tensor<2x4611686018427387904x2xf16>
  return
}

// -----

func.func @add_count_overflow(%x: tensor<4611686018427387904x2xbf16>) {
  // expected-error @+1 {{'nn.add' op the element count of 'tensor<4611686018427387904x2xbf16>' overflows int64}}
  %0 = nn.add %x, %x : tensor<4611686018427387904x2xbf16>
  return
}

// -----

func.func @matmul_count_overflow(%x: tensor<4611686018427387904x4x3xf32>, %w: tensor<3x4xf32>) {
  // expected-error @+1 {{'nn.matmul' op the element count of 'tensor<4611686018427387904x4x3xf32>' overflows int64}}
  %0 = nn.matmul %x, %w : (tensor<4611686018427387904x4x3xf32>, tensor<3x4xf32>) -> tensor<4611686018427387904x4x4xf32>
  return
}

// -----

func.func @conv_result_count_overflow(%x: tensor<?x8x8x3xf32>, %w: tensor<1x1x3x4xf32>) {
  // expected-error @+1 {{'nn.conv2d' op the element count of 'tensor<?x8x8x4611686018427387904xf32>' overflows int64}}
  %0 = nn.conv2d nhwc %x, %w : (tensor<?x8x8x3xf32>, tensor<1x1x3x4xf32>) -> tensor<?x8x8x4611686018427387904xf32>
  return
}

// -----

func.func @batch_norm_count_overflow(%x: tensor<4x4611686018427387904x3xf32>, %m: tensor<3xf32>) {
  // expected-error @+1 {{'nn.batch_norm' op the element count of 'tensor<4x4611686018427387904x3xf32>' overflows int64}}
  %0 = nn.batch_norm %x, %m, %m : (tensor<4x4611686018427387904x3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<4x4611686018427387904x3xf32>
  return
}

// -----

func.func @bias_add_count_overflow(%x: tensor<4611686018427387904x2xf64>, %b: tensor<2xf64>) {
  // expected-error @+1 {{'nn.bias_add' op the element count of 'tensor<4611686018427387904x2xf64>' overflows int64}}
  %0 = nn.bias_add %x, %b : (tensor<4611686018427387904x2xf64>, tensor<2xf64>) -> tensor<4611686018427387904x2xf64>
  return
}

// -----

func.func @onnx_op_count_overflow(%x: tensor<4611686018427387904x4xi64>) {
  // expected-error @+1 {{'nn.onnx_op' op the element count of 'tensor<4611686018427387904x4xi64>' overflows int64}}
  %0 = nn.onnx_op "Abs"(%x) : (tensor<4611686018427387904x4xi64>) -> tensor<4611686018427387904x4xi64>
  return
}

//===----------------------------------------------------------------------===//
// One element type
//===----------------------------------------------------------------------===//

// -----

func.func @conv_mixed_element_types(%x: tensor<1x8x8x3xf32>, %w: tensor<1x1x3x4xf16>) {
  // expected-error @+1 {{requires the same element type for all operands and results}}
  %0 = nn.conv2d nhwc %x, %w : (tensor<1x8x8x3xf32>, tensor<1x1x3x4xf16>) -> tensor<1x8x8x4xf32>
  return
}

// -----

func.func @matmul_result_element_type(%x: tensor<2x3xf32>, %w: tensor<3x4xf32>) {
  // expected-error @+1 {{requires the same element type for all operands and results}}
  %0 = nn.matmul %x, %w : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xbf16>
  return
}

// -----

func.func @batch_norm_param_element_type(%x: tensor<2x4xf32>, %m: tensor<4xf64>, %v: tensor<4xf32>) {
  // expected-error @+1 {{requires the same element type for all operands and results}}
  %0 = nn.batch_norm %x, %m, %v : (tensor<2x4xf32>, tensor<4xf64>, tensor<4xf32>) -> tensor<2x4xf32>
  return
}

// -----

func.func @bn_fold_bias_element_type(%m: tensor<4xf16>, %v: tensor<4xf16>, %b: tensor<4xbf16>) {
  // expected-error @+1 {{requires the same element type for all operands and results}}
  %0 = nn.bn_fold_bias %m, %v bias %b : (tensor<4xf16>, tensor<4xf16>, tensor<4xbf16>) -> tensor<4xf16>
  return
}

//===----------------------------------------------------------------------===//
// Convolutions: attributes
//===----------------------------------------------------------------------===//

// -----

func.func @strides_size(%x: tensor<1x8x8x3xf32>, %w: tensor<1x1x3x4xf32>) {
  // expected-error @+1 {{attribute 'strides' failed to satisfy constraint: i64 dense array attribute with exactly 2 elements whose value is positive}}
  %0 = nn.conv2d nhwc %x, %w {strides = array<i64: 1, 1, 1>} : (tensor<1x8x8x3xf32>, tensor<1x1x3x4xf32>) -> tensor<1x8x8x4xf32>
  return
}

// -----

func.func @strides_zero(%x: tensor<1x8x8x3xf32>, %w: tensor<1x1x3x4xf32>) {
  // expected-error @+1 {{attribute 'strides' failed to satisfy constraint: i64 dense array attribute with exactly 2 elements whose value is positive}}
  %0 = nn.conv2d nhwc %x, %w {strides = array<i64: 1, 0>} : (tensor<1x8x8x3xf32>, tensor<1x1x3x4xf32>) -> tensor<1x8x8x4xf32>
  return
}

// -----

func.func @dilations_size(%x: tensor<1x8x8x3xf32>, %w: tensor<1x1x3x4xf32>) {
  // expected-error @+1 {{attribute 'dilations' failed to satisfy constraint: i64 dense array attribute with exactly 2 elements whose value is positive}}
  %0 = nn.conv2d nhwc %x, %w {dilations = array<i64: 1>} : (tensor<1x8x8x3xf32>, tensor<1x1x3x4xf32>) -> tensor<1x8x8x4xf32>
  return
}

// -----

func.func @dilations_negative(%x: tensor<1x8x8x3xf32>, %w: tensor<3x3x3x1xf32>) {
  // expected-error @+1 {{attribute 'dilations' failed to satisfy constraint: i64 dense array attribute with exactly 2 elements whose value is positive}}
  %0 = nn.depthwise_conv2d nhwc %x, %w {dilations = array<i64: -2, 1>} : (tensor<1x8x8x3xf32>, tensor<3x3x3x1xf32>) -> tensor<1x6x6x3xf32>
  return
}

// -----

func.func @padding_size(%x: tensor<1x8x8x3xf32>, %w: tensor<1x1x3x4xf32>) {
  // expected-error @+1 {{attribute 'padding' failed to satisfy constraint: i64 dense array attribute with exactly 4 elements whose value is non-negative}}
  %0 = nn.conv2d nhwc %x, %w {padding = array<i64: 1, 1>} : (tensor<1x8x8x3xf32>, tensor<1x1x3x4xf32>) -> tensor<1x8x8x4xf32>
  return
}

// -----

func.func @padding_negative(%x: tensor<1x8x8x3xf32>, %w: tensor<1x1x3x4xf32>) {
  // expected-error @+1 {{attribute 'padding' failed to satisfy constraint: i64 dense array attribute with exactly 4 elements whose value is non-negative}}
  %0 = nn.conv2d nhwc %x, %w {padding = array<i64: 0, 0, -1, 0>} : (tensor<1x8x8x3xf32>, tensor<1x1x3x4xf32>) -> tensor<1x8x8x4xf32>
  return
}

// -----

func.func @groups_zero(%x: tensor<1x8x8x3xf32>, %w: tensor<1x1x3x4xf32>) {
  // expected-error @+1 {{attribute 'groups' failed to satisfy constraint: 64-bit signless integer attribute whose value is positive}}
  %0 = nn.conv2d nhwc %x, %w {groups = 0 : i64} : (tensor<1x8x8x3xf32>, tensor<1x1x3x4xf32>) -> tensor<1x8x8x4xf32>
  return
}

//===----------------------------------------------------------------------===//
// Convolutions: channels
//===----------------------------------------------------------------------===//

// -----

func.func @input_channels_groups(%x: tensor<1x8x8x6xf32>, %w: tensor<1x1x1x4xf32>) {
  // expected-error @+1 {{input channels (6) must be divisible by groups (4)}}
  %0 = nn.conv2d nhwc %x, %w {groups = 4 : i64} : (tensor<1x8x8x6xf32>, tensor<1x1x1x4xf32>) -> tensor<1x8x8x4xf32>
  return
}

// -----

func.func @output_channels_groups(%x: tensor<1x6x8x8xf32>, %w: tensor<4x2x1x1xf32>) {
  // expected-error @+1 {{output channels (4) must be divisible by groups (3)}}
  %0 = nn.conv2d nchw %x, %w {groups = 3 : i64} : (tensor<1x6x8x8xf32>, tensor<4x2x1x1xf32>) -> tensor<1x4x8x8xf32>
  return
}

// -----

func.func @filter_input_channels(%x: tensor<1x8x8x3xf32>, %w: tensor<1x1x4x4xf32>) {
  // expected-error @+1 {{filter input channels (4) must equal input channels / groups (3)}}
  %0 = nn.conv2d nhwc %x, %w : (tensor<1x8x8x3xf32>, tensor<1x1x4x4xf32>) -> tensor<1x8x8x4xf32>
  return
}

// -----

func.func @filter_input_channels_grouped(%x: tensor<1x8x8x8xf32>, %w: tensor<4x8x1x1xf32>) {
  // expected-error @+1 {{filter input channels (8) must equal input channels / groups (4)}}
  %0 = nn.conv2d nchw %x, %w {groups = 2 : i64} : (tensor<1x8x8x8xf32>, tensor<4x8x1x1xf32>) -> tensor<1x4x8x8xf32>
  return
}

// -----

func.func @depthwise_nhwc_channels(%x: tensor<1x8x8x3xf32>, %w: tensor<3x3x4x1xf32>) {
  // expected-error @+1 {{filter channel dim (4) must equal input channels (3)}}
  %0 = nn.depthwise_conv2d nhwc %x, %w : (tensor<1x8x8x3xf32>, tensor<3x3x4x1xf32>) -> tensor<1x6x6x4xf32>
  return
}

// -----

func.func @depthwise_nchw_filter_dim1(%x: tensor<1x4x8x8xf32>, %w: tensor<8x2x3x3xf32>) {
  // expected-error @+1 {{filter dim 1 (2) must be 1 for a depthwise filter}}
  %0 = nn.depthwise_conv2d nchw %x, %w : (tensor<1x4x8x8xf32>, tensor<8x2x3x3xf32>) -> tensor<1x8x6x6xf32>
  return
}

// -----

func.func @depthwise_nchw_multiplier(%x: tensor<1x4x8x8xf32>, %w: tensor<6x1x3x3xf32>) {
  // expected-error @+1 {{filter output channels (6) must be a multiple of the input channels (4)}}
  %0 = nn.depthwise_conv2d nchw %x, %w : (tensor<1x4x8x8xf32>, tensor<6x1x3x3xf32>) -> tensor<1x6x6x6xf32>
  return
}

// -----

func.func @depthwise_nchw_zero_channels(%x: tensor<1x0x8x8xf32>, %w: tensor<6x1x3x3xf32>) {
  // expected-error @+1 {{filter output channels (6) must be a multiple of the input channels (0)}}
  %0 = nn.depthwise_conv2d nchw %x, %w : (tensor<1x0x8x8xf32>, tensor<6x1x3x3xf32>) -> tensor<1x6x6x6xf32>
  return
}

// -----

func.func @depthwise_channel_overflow(%x: tensor<1x8x8x4294967296xf32>, %w: tensor<1x1x4294967296x4294967296xf32>) {
  // expected-error @+1 {{the element count of 'tensor<1x1x4294967296x4294967296xf32>' overflows int64}}
  %0 = nn.depthwise_conv2d nhwc %x, %w : (tensor<1x8x8x4294967296xf32>, tensor<1x1x4294967296x4294967296xf32>) -> tensor<1x8x8x1xf32>
  return
}

// -----

func.func @depthwise_channel_count_overflow(%x: tensor<1x8x8x4294967296xf32>, %w: tensor<0x1x4294967296x4294967296xf32>) {
  // An empty filter whose C * M still overflows.
  // expected-error @+1 {{the output channel count C * M must fit in int64}}
  %0 = nn.depthwise_conv2d nhwc %x, %w : (tensor<1x8x8x4294967296xf32>, tensor<0x1x4294967296x4294967296xf32>) -> tensor<1x8x8x1xf32>
  return
}

// -----

func.func @conv_bias_length(%x: tensor<1x8x8x3xf32>, %w: tensor<1x1x3x4xf32>, %b: tensor<5xf32>) {
  // expected-error @+1 {{'bias' length (5) must equal the number of features (4)}}
  %0 = nn.conv2d nhwc %x, %w, %b : (tensor<1x8x8x3xf32>, tensor<1x1x3x4xf32>, tensor<5xf32>) -> tensor<1x8x8x4xf32>
  return
}

// -----

func.func @depthwise_bias_length(%x: tensor<1x8x8x3xf32>, %w: tensor<3x3x3x2xf32>, %b: tensor<3xf32>) {
  // expected-error @+1 {{'bias' length (3) must equal the number of features (6)}}
  %0 = nn.depthwise_conv2d nhwc %x, %w, %b : (tensor<1x8x8x3xf32>, tensor<3x3x3x2xf32>, tensor<3xf32>) -> tensor<1x6x6x6xf32>
  return
}

//===----------------------------------------------------------------------===//
// Convolutions: spatial sizes and result
//===----------------------------------------------------------------------===//

// -----

func.func @zero_kernel(%x: tensor<1x8x8x3xf32>, %w: tensor<0x1x3x4xf32>) {
  // expected-error @+1 {{'filter' spatial dims must be >= 1, got 0}}
  %0 = nn.conv2d nhwc %x, %w : (tensor<1x8x8x3xf32>, tensor<0x1x3x4xf32>) -> tensor<1x9x8x4xf32>
  return
}

// -----

func.func @kernel_larger_than_input(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error @+1 {{the dilated kernel is larger than the padded input}}
  %0 = nn.conv2d nchw %x, %w {dilations = array<i64: 5, 1>, padding = array<i64: 1, 1, 0, 0>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x1x6xf32>
  return
}

// -----

func.func @zero_sized_input(%x: tensor<1x0x8x3xf32>, %w: tensor<1x1x3x4xf32>) {
  // expected-error @+1 {{the dilated kernel is larger than the padded input}}
  %0 = nn.conv2d nhwc %x, %w : (tensor<1x0x8x3xf32>, tensor<1x1x3x4xf32>) -> tensor<1x0x8x4xf32>
  return
}

// -----

func.func @huge_input_plus_padding(%x: tensor<1x9223372036854775807x8x3xf32>, %w: tensor<1x1x3x4xf32>) {
  // expected-error @+1 {{the element count of 'tensor<1x9223372036854775807x8x3xf32>' overflows int64}}
  %0 = nn.conv2d nhwc %x, %w {padding = array<i64: 1, 0, 0, 0>} : (tensor<1x9223372036854775807x8x3xf32>, tensor<1x1x3x4xf32>) -> tensor<1x1x8x4xf32>
  return
}

// -----

func.func @huge_dilation(%x: tensor<1x8x8x3xf32>, %w: tensor<3x3x3x4xf32>) {
  // expected-error @+1 {{the padded input and the dilated kernel size must fit in int64}}
  %0 = nn.conv2d nhwc %x, %w {dilations = array<i64: 9223372036854775807, 1>} : (tensor<1x8x8x3xf32>, tensor<3x3x3x4xf32>) -> tensor<1x6x6x4xf32>
  return
}

// -----

func.func @result_dim_static(%x: tensor<1x8x8x3xf32>, %w: tensor<3x3x3x16xf32>) {
  // expected-error @+1 {{result dim 1 is 8 but the op computes 4}}
  %0 = nn.conv2d nhwc %x, %w {strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>} : (tensor<1x8x8x3xf32>, tensor<3x3x3x16xf32>) -> tensor<1x8x8x16xf32>
  return
}

// -----

func.func @result_channels(%x: tensor<1x3x8x8xf32>, %w: tensor<16x3x1x1xf32>) {
  // expected-error @+1 {{result dim 1 is 8 but the op computes 16}}
  %0 = nn.conv2d nchw %x, %w : (tensor<1x3x8x8xf32>, tensor<16x3x1x1xf32>) -> tensor<1x8x8x8xf32>
  return
}

// -----

func.func @result_dim_dynamic_but_static(%x: tensor<1x8x8x3xf32>, %w: tensor<1x1x3x4xf32>) {
  // expected-error @+1 {{result dim 0 is dynamic but the op computes 1}}
  %0 = nn.conv2d nhwc %x, %w : (tensor<1x8x8x3xf32>, tensor<1x1x3x4xf32>) -> tensor<?x8x8x4xf32>
  return
}

// -----

func.func @result_dim_static_but_dynamic(%x: tensor<1x?x8x3xf32>, %w: tensor<1x1x3x4xf32>) {
  // expected-error @+1 {{result dim 1 is 8 but the op computes a dynamic size}}
  %0 = nn.conv2d nhwc %x, %w : (tensor<1x?x8x3xf32>, tensor<1x1x3x4xf32>) -> tensor<1x8x8x4xf32>
  return
}

// -----

func.func @depthwise_result_dim(%x: tensor<1x4x6x6xf32>, %w: tensor<8x1x3x3xf32>) {
  // expected-error @+1 {{result dim 3 is 3 but the op computes 2}}
  %0 = nn.depthwise_conv2d nchw %x, %w {strides = array<i64: 2, 2>} : (tensor<1x4x6x6xf32>, tensor<8x1x3x3xf32>) -> tensor<1x8x2x3xf32>
  return
}

//===----------------------------------------------------------------------===//
// matmul
//===----------------------------------------------------------------------===//

// -----

func.func @matmul_lhs_rank(%x: tensor<3xf32>, %w: tensor<3x4xf32>) {
  // expected-error @+1 {{operand #0 must be tensor of rank >= 2 of 16-bit float or bfloat16 type or 32-bit float or 64-bit float values, but got 'tensor<3xf32>'}}
  %0 = nn.matmul %x, %w : (tensor<3xf32>, tensor<3x4xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @matmul_rhs_rank(%x: tensor<2x3xf32>, %w: tensor<1x3x4xf32>) {
  // expected-error @+1 {{operand #1 must be 2D tensor of 16-bit float or bfloat16 type or 32-bit float or 64-bit float values, but got 'tensor<1x3x4xf32>'}}
  %0 = nn.matmul %x, %w : (tensor<2x3xf32>, tensor<1x3x4xf32>) -> tensor<2x4xf32>
  return
}

// -----

func.func @matmul_result_rank(%x: tensor<5x2x3xf32>, %w: tensor<3x4xf32>) {
  // expected-error @+1 {{result rank (2) must equal lhs rank (3)}}
  %0 = nn.matmul %x, %w : (tensor<5x2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
  return
}

// -----

func.func @matmul_contraction(%x: tensor<2x3xf32>, %w: tensor<3x4xf32>) {
  // expected-error @+1 {{rhs contraction dim (4) must equal lhs contraction dim (3)}}
  %0 = nn.matmul %x, %w {transpose_rhs} : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x3xf32>
  return
}

// -----

func.func @matmul_contraction_transpose_lhs(%x: tensor<2x3xf32>, %w: tensor<3x4xf32>) {
  // expected-error @+1 {{rhs contraction dim (3) must equal lhs contraction dim (2)}}
  %0 = nn.matmul %x, %w {transpose_lhs} : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<3x4xf32>
  return
}

// -----

func.func @matmul_bias(%x: tensor<2x3xf32>, %w: tensor<3x4xf32>, %b: tensor<3xf32>) {
  // expected-error @+1 {{'bias' length (3) must equal the number of features (4)}}
  %0 = nn.matmul %x, %w, %b : (tensor<2x3xf32>, tensor<3x4xf32>, tensor<3xf32>) -> tensor<2x4xf32>
  return
}

// -----

func.func @matmul_result_static(%x: tensor<2x3xf32>, %w: tensor<3x4xf32>) {
  // expected-error @+1 {{result dim 1 is 5 but the op computes 4}}
  %0 = nn.matmul %x, %w : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x5xf32>
  return
}

// -----

func.func @matmul_result_batch_dynamic(%x: tensor<?x2x3xf32>, %w: tensor<3x4xf32>) {
  // expected-error @+1 {{result dim 0 is 7 but the op computes a dynamic size}}
  %0 = nn.matmul %x, %w : (tensor<?x2x3xf32>, tensor<3x4xf32>) -> tensor<7x2x4xf32>
  return
}

//===----------------------------------------------------------------------===//
// batch_norm
//===----------------------------------------------------------------------===//

// -----

func.func @batch_norm_rank0(%x: tensor<f32>, %m: tensor<1xf32>) {
  // A rank-0 input used to resolve the feature dim to -1 and crash.
  // expected-error @+1 {{operand #0 must be tensor of rank >= 1 of 16-bit float or bfloat16 type or 32-bit float or 64-bit float values, but got 'tensor<f32>'}}
  %0 = nn.batch_norm %x, %m, %m : (tensor<f32>, tensor<1xf32>, tensor<1xf32>) -> tensor<f32>
  return
}

// -----

func.func @batch_norm_layout_rank(%x: tensor<2x16xf32>, %m: tensor<16xf32>) {
  // expected-error @+1 {{'layout' nchw needs a 4-D input, got rank 2; use 'axis' instead}}
  %0 = nn.batch_norm nchw %x, %m, %m : (tensor<2x16xf32>, tensor<16xf32>, tensor<16xf32>) -> tensor<2x16xf32>
  return
}

// -----

func.func @batch_norm_layout_rank_of_input(%x: tensor<1x2x2x16xf32>, %m: tensor<16xf32>) {
  // The rank check is on the input, not on a (wrong) result type.
  // expected-error @+1 {{failed to verify that all of {input, result} have same type}}
  %0 = nn.batch_norm nhwc %x, %m, %m : (tensor<1x2x2x16xf32>, tensor<16xf32>, tensor<16xf32>) -> tensor<4x16xf32>
  return
}

// -----

func.func @batch_norm_axis_range(%x: tensor<2x16xf32>, %m: tensor<16xf32>) {
  // expected-error @+1 {{'axis' 2 is out of range for an input of rank 2}}
  %0 = nn.batch_norm %x, %m, %m {axis = 2 : i64} : (tensor<2x16xf32>, tensor<16xf32>, tensor<16xf32>) -> tensor<2x16xf32>
  return
}

// -----

func.func @batch_norm_axis_negative(%x: tensor<2x16xf32>, %m: tensor<16xf32>) {
  // expected-error @+1 {{attribute 'axis' failed to satisfy constraint: 64-bit signless integer attribute whose value is non-negative}}
  %0 = nn.batch_norm %x, %m, %m {axis = -1 : i64} : (tensor<2x16xf32>, tensor<16xf32>, tensor<16xf32>) -> tensor<2x16xf32>
  return
}

// -----

func.func @batch_norm_axis_contradicts_layout(%x: tensor<1x16x4x4xf32>, %m: tensor<16xf32>) {
  // expected-error @+1 {{'axis' 3 contradicts the feature dim of layout nchw}}
  %0 = nn.batch_norm nchw %x, %m, %m {axis = 3 : i64} : (tensor<1x16x4x4xf32>, tensor<16xf32>, tensor<16xf32>) -> tensor<1x16x4x4xf32>
  return
}

// -----

func.func @batch_norm_result_type(%x: tensor<2x16xf32>, %m: tensor<16xf32>) {
  // expected-error @+1 {{failed to verify that all of {input, result} have same type}}
  %0 = nn.batch_norm %x, %m, %m : (tensor<2x16xf32>, tensor<16xf32>, tensor<16xf32>) -> tensor<?x16xf32>
  return
}

// -----

func.func @batch_norm_epsilon_negative(%x: tensor<2x16xf32>, %m: tensor<16xf32>) {
  // expected-error @+1 {{attribute 'epsilon' failed to satisfy constraint: 64-bit float attribute whose value is finite and >= 0}}
  %0 = nn.batch_norm %x, %m, %m {epsilon = -1.0e-3 : f64} : (tensor<2x16xf32>, tensor<16xf32>, tensor<16xf32>) -> tensor<2x16xf32>
  return
}

// -----

func.func @batch_norm_epsilon_inf(%x: tensor<2x16xf32>, %m: tensor<16xf32>) {
  // expected-error @+1 {{attribute 'epsilon' failed to satisfy constraint: 64-bit float attribute whose value is finite and >= 0}}
  %0 = nn.batch_norm %x, %m, %m {epsilon = 0x7FF0000000000000 : f64} : (tensor<2x16xf32>, tensor<16xf32>, tensor<16xf32>) -> tensor<2x16xf32>
  return
}

// -----

func.func @batch_norm_epsilon_nan(%x: tensor<2x16xf32>, %m: tensor<16xf32>) {
  // expected-error @+1 {{attribute 'epsilon' failed to satisfy constraint: 64-bit float attribute whose value is finite and >= 0}}
  %0 = nn.batch_norm %x, %m, %m {epsilon = 0x7FF8000000000000 : f64} : (tensor<2x16xf32>, tensor<16xf32>, tensor<16xf32>) -> tensor<2x16xf32>
  return
}

// -----

func.func @batch_norm_mean_length(%x: tensor<1x16x4x4xf32>, %m: tensor<4xf32>, %v: tensor<16xf32>) {
  // expected-error @+1 {{'mean' length (4) must equal the number of features (16)}}
  %0 = nn.batch_norm nchw %x, %m, %v : (tensor<1x16x4x4xf32>, tensor<4xf32>, tensor<16xf32>) -> tensor<1x16x4x4xf32>
  return
}

// -----

func.func @batch_norm_variance_length(%x: tensor<1x16x4x4xf32>, %m: tensor<4xf32>, %v: tensor<16xf32>) {
  // expected-error @+1 {{'variance' length (16) must equal the number of features (4)}}
  %0 = nn.batch_norm nhwc %x, %m, %v : (tensor<1x16x4x4xf32>, tensor<4xf32>, tensor<16xf32>) -> tensor<1x16x4x4xf32>
  return
}

// -----

func.func @batch_norm_scale_length(%x: tensor<2x3x5xf32>, %m: tensor<3xf32>, %g: tensor<5xf32>) {
  // expected-error @+1 {{'scale' length (5) must equal the number of features (3)}}
  %0 = nn.batch_norm %x, %m, %m scale %g {axis = 1 : i64} : (tensor<2x3x5xf32>, tensor<3xf32>, tensor<3xf32>, tensor<5xf32>) -> tensor<2x3x5xf32>
  return
}

// -----

func.func @batch_norm_offset_length(%x: tensor<2x3x5xf32>, %m: tensor<5xf32>, %bt: tensor<3xf32>) {
  // expected-error @+1 {{'offset' length (3) must equal the number of features (5)}}
  %0 = nn.batch_norm %x, %m, %m offset %bt : (tensor<2x3x5xf32>, tensor<5xf32>, tensor<5xf32>, tensor<3xf32>) -> tensor<2x3x5xf32>
  return
}

//===----------------------------------------------------------------------===//
// bias_add
//===----------------------------------------------------------------------===//

// -----

func.func @bias_add_rank0(%x: tensor<f32>, %b: tensor<1xf32>) {
  // expected-error @+1 {{operand #0 must be tensor of rank >= 1 of 16-bit float or bfloat16 type or 32-bit float or 64-bit float values, but got 'tensor<f32>'}}
  %0 = nn.bias_add %x, %b : (tensor<f32>, tensor<1xf32>) -> tensor<f32>
  return
}

// -----

func.func @bias_add_layout_rank(%x: tensor<2x3x16xf32>, %b: tensor<16xf32>) {
  // expected-error @+1 {{'layout' nhwc needs a 4-D input, got rank 3; use 'axis' instead}}
  %0 = nn.bias_add nhwc %x, %b : (tensor<2x3x16xf32>, tensor<16xf32>) -> tensor<2x3x16xf32>
  return
}

// -----

func.func @bias_add_axis_range(%x: tensor<2x16xf32>, %b: tensor<16xf32>) {
  // expected-error @+1 {{'axis' 5 is out of range for an input of rank 2}}
  %0 = nn.bias_add %x, %b {axis = 5 : i64} : (tensor<2x16xf32>, tensor<16xf32>) -> tensor<2x16xf32>
  return
}

// -----

func.func @bias_add_axis_contradicts_layout(%x: tensor<1x4x4x16xf32>, %b: tensor<16xf32>) {
  // expected-error @+1 {{'axis' 1 contradicts the feature dim of layout nhwc}}
  %0 = nn.bias_add nhwc %x, %b {axis = 1 : i64} : (tensor<1x4x4x16xf32>, tensor<16xf32>) -> tensor<1x4x4x16xf32>
  return
}

// -----

func.func @bias_add_result_type(%x: tensor<2x16xf32>, %b: tensor<16xf32>) {
  // expected-error @+1 {{failed to verify that all of {input, result} have same type}}
  %0 = nn.bias_add %x, %b : (tensor<2x16xf32>, tensor<16xf32>) -> tensor<4x16xf32>
  return
}

// -----

func.func @bias_add_length(%x: tensor<1x16x4x4xf32>, %b: tensor<16xf32>) {
  // expected-error @+1 {{'bias' length (16) must equal the number of features (4)}}
  %0 = nn.bias_add %x, %b : (tensor<1x16x4x4xf32>, tensor<16xf32>) -> tensor<1x16x4x4xf32>
  return
}

//===----------------------------------------------------------------------===//
// reshape
//===----------------------------------------------------------------------===//

// -----

func.func @reshape_element_count(%x: tensor<2x6xf32>) {
  // expected-error @+1 {{input has 12 elements but the result has 10}}
  %0 = nn.reshape %x : (tensor<2x6xf32>) -> tensor<2x5xf32>
  return
}

// -----

func.func @reshape_zero_elements(%x: tensor<0x6xf32>) {
  // expected-error @+1 {{input has 0 elements but the result has 6}}
  %0 = nn.reshape %x : (tensor<0x6xf32>) -> tensor<6xf32>
  return
}

// -----

func.func @reshape_huge_input(%x: tensor<9223372036854775807x4xf32>) {
  // Used to wrap around and report "input has -4 elements".
  // expected-error @+1 {{the element count of 'tensor<9223372036854775807x4xf32>' overflows int64}}
  %0 = nn.reshape %x : (tensor<9223372036854775807x4xf32>) -> tensor<2x4xf32>
  return
}

// -----

func.func @reshape_huge_result(%x: tensor<?x4xf32>) {
  // expected-error @+1 {{the element count of 'tensor<?x4611686018427387904x4xf32>' overflows int64}}
  %0 = nn.reshape %x : (tensor<?x4xf32>) -> tensor<?x4611686018427387904x4xf32>
  return
}

// -----

func.func @reshape_two_dynamic(%x: tensor<?x?xf32>) {
  // expected-error @+1 {{supports at most one dynamic dim on each side}}
  %0 = nn.reshape %x : (tensor<?x?xf32>) -> tensor<?xf32>
  return
}

// -----

func.func @reshape_dynamic_one_side(%x: tensor<?x4xf32>) {
  // expected-error @+1 {{must have a dynamic dim on both sides or on neither}}
  %0 = nn.reshape %x : (tensor<?x4xf32>) -> tensor<8xf32>
  return
}

//===----------------------------------------------------------------------===//
// Convolutions over 1 and 3 spatial dims, transposed convolutions
//===----------------------------------------------------------------------===//

// -----

func.func @conv1d_rank(%x: tensor<1x8x8x3xf32>, %w: tensor<1x3x4xf32>) {
  // expected-error @+1 {{operand #0 must be 3D tensor of 16-bit float or bfloat16 type or 32-bit float or 64-bit float values, but got 'tensor<1x8x8x3xf32>'}}
  %0 = nn.conv1d nwc %x, %w : (tensor<1x8x8x3xf32>, tensor<1x3x4xf32>) -> tensor<1x8x4xf32>
  return
}

// -----

func.func @conv3d_layout_rank(%x: tensor<1x4x8x8x3xf32>, %w: tensor<1x1x1x3x4xf32>) {
  // expected-error @+1 {{layout 'nhwc' has 2 spatial dims but the op has 3; use ndhwc or ncdhw}}
  %0 = nn.conv3d nhwc %x, %w : (tensor<1x4x8x8x3xf32>, tensor<1x1x1x3x4xf32>) -> tensor<1x4x8x8x4xf32>
  return
}

// -----

func.func @conv_transpose1d_layout_rank(%x: tensor<1x3x8xf32>, %w: tensor<3x4x1xf32>) {
  // expected-error @+1 {{layout 'ncdhw' has 3 spatial dims but the op has 1; use nwc or ncw}}
  %0 = nn.conv_transpose1d ncdhw %x, %w : (tensor<1x3x8xf32>, tensor<3x4x1xf32>) -> tensor<1x4x8xf32>
  return
}

// -----

func.func @conv3d_strides_length(%x: tensor<1x4x8x8x3xf32>, %w: tensor<1x1x1x3x4xf32>) {
  // expected-error @+1 {{'strides' failed to satisfy constraint: i64 dense array attribute with exactly 3 elements}}
  %0 = nn.conv3d ndhwc %x, %w {strides = array<i64: 1, 1>} : (tensor<1x4x8x8x3xf32>, tensor<1x1x1x3x4xf32>) -> tensor<1x4x8x8x4xf32>
  return
}

// -----

func.func @conv1d_padding_length(%x: tensor<1x3x8xf32>, %w: tensor<4x3x1xf32>) {
  // expected-error @+1 {{'padding' failed to satisfy constraint: i64 dense array attribute with exactly 2 elements}}
  %0 = nn.conv1d ncw %x, %w {padding = array<i64: 1>} : (tensor<1x3x8xf32>, tensor<4x3x1xf32>) -> tensor<1x4x8xf32>
  return
}

// -----

func.func @conv3d_groups(%x: tensor<1x6x4x4x4xf32>, %w: tensor<4x3x1x1x1xf32>) {
  // expected-error @+1 {{input channels (6) must be divisible by groups (4)}}
  %0 = nn.conv3d ncdhw %x, %w {groups = 4 : i64} : (tensor<1x6x4x4x4xf32>, tensor<4x3x1x1x1xf32>) -> tensor<1x4x4x4x4xf32>
  return
}

// -----

func.func @depthwise_conv1d_channels(%x: tensor<1x8x3xf32>, %w: tensor<3x4x2xf32>) {
  // expected-error @+1 {{filter channel dim (4) must equal input channels (3)}}
  %0 = nn.depthwise_conv1d nwc %x, %w : (tensor<1x8x3xf32>, tensor<3x4x2xf32>) -> tensor<1x6x8xf32>
  return
}

// -----

func.func @conv_transpose_groups(%x: tensor<1x6x4x4xf32>, %w: tensor<6x2x3x3xf32>) {
  // expected-error @+1 {{input channels (6) must be divisible by groups (4)}}
  %0 = nn.conv_transpose2d nchw %x, %w {groups = 4 : i64} : (tensor<1x6x4x4xf32>, tensor<6x2x3x3xf32>) -> tensor<1x8x6x6xf32>
  return
}

// -----

func.func @conv_transpose_filter_channels_nchw(%x: tensor<1x6x4x4xf32>, %w: tensor<4x2x3x3xf32>) {
  // expected-error @+1 {{filter input channel dim (4) must equal input channels (6)}}
  %0 = nn.conv_transpose2d nchw %x, %w : (tensor<1x6x4x4xf32>, tensor<4x2x3x3xf32>) -> tensor<1x2x6x6xf32>
  return
}

// -----

func.func @conv_transpose_filter_channels_nwc(%x: tensor<1x4x6xf32>, %w: tensor<3x2x4xf32>) {
  // expected-error @+1 {{filter input channel dim (4) must equal input channels (6)}}
  %0 = nn.conv_transpose1d nwc %x, %w : (tensor<1x4x6xf32>, tensor<3x2x4xf32>) -> tensor<1x6x2xf32>
  return
}

// -----

func.func @conv_transpose_bias_length(%x: tensor<1x4x4x4xf32>, %w: tensor<4x3x3x3xf32>, %b: tensor<3xf32>) {
  // 2 groups of 3 output channels.
  // expected-error @+1 {{'bias' length (3) must equal the number of features (6)}}
  %0 = nn.conv_transpose2d nchw %x, %w, %b {groups = 2 : i64} : (tensor<1x4x4x4xf32>, tensor<4x3x3x3xf32>, tensor<3xf32>) -> tensor<1x6x6x6xf32>
  return
}

// -----

func.func @conv_transpose_zero_kernel(%x: tensor<1x4x4x4x4xf32>, %w: tensor<4x2x1x0x1xf32>) {
  // expected-error @+1 {{'filter' spatial dims must be >= 1, got 0}}
  %0 = nn.conv_transpose3d ncdhw %x, %w : (tensor<1x4x4x4x4xf32>, tensor<4x2x1x0x1xf32>) -> tensor<1x2x4x3x4xf32>
  return
}

// -----

func.func @conv_transpose_output_padding(%x: tensor<1x4x5xf32>, %w: tensor<4x2x3xf32>) {
  // expected-error @+1 {{'output_padding' entry 0 (2) must be smaller than its stride (2) or its dilation (1)}}
  %0 = nn.conv_transpose1d ncw %x, %w {strides = array<i64: 2>, output_padding = array<i64: 2>} : (tensor<1x4x5xf32>, tensor<4x2x3xf32>) -> tensor<1x2x13xf32>
  return
}

// -----

func.func @conv_transpose_output_padding_length(%x: tensor<1x4x5x5xf32>, %w: tensor<4x2x3x3xf32>) {
  // expected-error @+1 {{'output_padding' failed to satisfy constraint: i64 dense array attribute with exactly 2 elements}}
  %0 = nn.conv_transpose2d nchw %x, %w {output_padding = array<i64: 0>} : (tensor<1x4x5x5xf32>, tensor<4x2x3x3xf32>) -> tensor<1x2x7x7xf32>
  return
}

// -----

func.func @conv_transpose_negative_size(%x: tensor<1x4x2xf32>, %w: tensor<4x2x3xf32>) {
  // (2 - 1) * 1 + (3 - 1) + 1 = 4 outputs, padding removes 5.
  // expected-error @+1 {{'padding' removes more outputs than spatial dim 0 of the transposed convolution produces}}
  %0 = nn.conv_transpose1d ncw %x, %w {padding = array<i64: 3, 2>} : (tensor<1x4x2xf32>, tensor<4x2x3xf32>) -> tensor<1x2x1xf32>
  return
}

// -----

func.func @conv_transpose_empty_input(%x: tensor<1x4x0xf32>, %w: tensor<4x2x3xf32>) {
  // expected-error @+1 {{a transposed convolution needs input spatial dims >= 1, got 0 in spatial dim 0}}
  %0 = nn.conv_transpose1d ncw %x, %w : (tensor<1x4x0xf32>, tensor<4x2x3xf32>) -> tensor<1x2x2xf32>
  return
}

// -----

func.func @conv_transpose_size_overflow(%x: tensor<1x1x2305843009213693952xf32>, %w: tensor<1x2x3xf32>) {
  // expected-error @+1 {{the transposed convolution's output size must fit in int64}}
  %0 = nn.conv_transpose1d ncw %x, %w {strides = array<i64: 8>} : (tensor<1x1x2305843009213693952xf32>, tensor<1x2x3xf32>) -> tensor<1x2x?xf32>
  return
}

// -----

func.func @conv_transpose_channel_overflow(%x: tensor<1x4x4xf32>, %w: tensor<4x4611686018427387904x1xf32>) {
  // expected-error @+1 {{the element count of 'tensor<4x4611686018427387904x1xf32>' overflows int64}}
  %0 = nn.conv_transpose1d ncw %x, %w {groups = 4 : i64} : (tensor<1x4x4xf32>, tensor<4x4611686018427387904x1xf32>) -> tensor<1x?x4xf32>
  return
}

// -----

func.func @conv_transpose_channel_count_overflow(%x: tensor<1x4x4xf32>, %w: tensor<1x1152921504606846976x4xf32>) {
  // expected-error @+1 {{the output channel count groups * filter output channels must fit in int64}}
  %0 = nn.conv_transpose1d nwc %x, %w {groups = 8 : i64} : (tensor<1x4x4xf32>, tensor<1x1152921504606846976x4xf32>) -> tensor<1x4x?xf32>
  return
}

// -----

func.func @conv_transpose_result(%x: tensor<1x4x5x5xf32>, %w: tensor<4x2x3x3xf32>) {
  // expected-error @+1 {{result dim 2 is 10 but the op computes 11}}
  %0 = nn.conv_transpose2d nchw %x, %w {strides = array<i64: 2, 2>} : (tensor<1x4x5x5xf32>, tensor<4x2x3x3xf32>) -> tensor<1x2x10x11xf32>
  return
}

// -----

func.func @batch_norm_layout_rank5(%x: tensor<1x4x2x2x2xf32>, %m: tensor<4xf32>) {
  // expected-error @+1 {{'layout' ncw needs a 3-D input, got rank 5; use 'axis' instead}}
  %0 = nn.batch_norm ncw %x, %m, %m : (tensor<1x4x2x2x2xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x2x2x2xf32>
  return
}

// -----

func.func @space_to_batch_layout(%x: tensor<1x8x8x3xf32>) {
  // expected-error @+1 {{'layout' must be nhwc or nchw, got nwc}}
  %0 = nn.space_to_batch nwc %x {block_shape = array<i64: 2, 2>, paddings = array<i64: 0, 0, 0, 0>} : (tensor<1x8x8x3xf32>) -> tensor<4x4x4x3xf32>
  return
}

// -----

func.func @batch_to_space_layout(%x: tensor<4x4x4x3xf32>) {
  // expected-error @+1 {{'layout' must be nhwc or nchw, got ndhwc}}
  %0 = nn.batch_to_space ndhwc %x {block_shape = array<i64: 2, 2>, crops = array<i64: 0, 0, 0, 0>} : (tensor<4x4x4x3xf32>) -> tensor<1x8x8x3xf32>
  return
}

//===----------------------------------------------------------------------===//
// space_to_batch
//===----------------------------------------------------------------------===//

// -----

func.func @s2b_block_size(%x: tensor<1x8x8x3xf32>) {
  // expected-error @+1 {{attribute 'block_shape' failed to satisfy constraint: i64 dense array attribute with exactly 2 elements whose value is positive}}
  %0 = nn.space_to_batch nhwc %x {block_shape = array<i64: 2>, paddings = array<i64: 0, 0, 0, 0>} : (tensor<1x8x8x3xf32>) -> tensor<4x4x4x3xf32>
  return
}

// -----

func.func @s2b_block_zero(%x: tensor<1x8x8x3xf32>) {
  // expected-error @+1 {{attribute 'block_shape' failed to satisfy constraint: i64 dense array attribute with exactly 2 elements whose value is positive}}
  %0 = nn.space_to_batch nhwc %x {block_shape = array<i64: 2, 0>, paddings = array<i64: 0, 0, 0, 0>} : (tensor<1x8x8x3xf32>) -> tensor<4x4x4x3xf32>
  return
}

// -----

func.func @s2b_paddings_size(%x: tensor<1x8x8x3xf32>) {
  // expected-error @+1 {{attribute 'paddings' failed to satisfy constraint: i64 dense array attribute with exactly 4 elements whose value is non-negative}}
  %0 = nn.space_to_batch nhwc %x {block_shape = array<i64: 2, 2>, paddings = array<i64: 0, 0>} : (tensor<1x8x8x3xf32>) -> tensor<4x4x4x3xf32>
  return
}

// -----

func.func @s2b_paddings_negative(%x: tensor<1x8x8x3xf32>) {
  // expected-error @+1 {{attribute 'paddings' failed to satisfy constraint: i64 dense array attribute with exactly 4 elements whose value is non-negative}}
  %0 = nn.space_to_batch nhwc %x {block_shape = array<i64: 2, 2>, paddings = array<i64: 0, 0, -2, 2>} : (tensor<1x8x8x3xf32>) -> tensor<4x4x4x3xf32>
  return
}

// -----

func.func @s2b_divisibility(%x: tensor<1x3x8x8xf32>) {
  // expected-error @+1 {{padded spatial dim 3 (9) must be divisible by block size 2}}
  %0 = nn.space_to_batch nchw %x {block_shape = array<i64: 2, 2>, paddings = array<i64: 0, 0, 1, 0>} : (tensor<1x3x8x8xf32>) -> tensor<4x3x4x4xf32>
  return
}

// -----

func.func @s2b_block_count_overflow(%x: tensor<1x8x8x3xf32>) {
  // expected-error @+1 {{the block count must fit in int64}}
  %0 = nn.space_to_batch nhwc %x {block_shape = array<i64: 4294967296, 4294967296>, paddings = array<i64: 0, 0, 0, 0>} : (tensor<1x8x8x3xf32>) -> tensor<1x1x1x3xf32>
  return
}

// -----

func.func @s2b_batch_overflow(%x: tensor<4611686018427387904x8x8x3xf32>) {
  // expected-error @+1 {{the element count of 'tensor<4611686018427387904x8x8x3xf32>' overflows int64}}
  %0 = nn.space_to_batch nhwc %x {block_shape = array<i64: 2, 2>, paddings = array<i64: 0, 0, 0, 0>} : (tensor<4611686018427387904x8x8x3xf32>) -> tensor<1x4x4x3xf32>
  return
}

// -----

func.func @s2b_result_batch_overflow(%x: tensor<4611686018427387904x0x8x3xf32>) {
  // expected-error @+1 {{the result batch must fit in int64}}
  %0 = nn.space_to_batch nhwc %x {block_shape = array<i64: 2, 2>, paddings = array<i64: 0, 0, 0, 0>} : (tensor<4611686018427387904x0x8x3xf32>) -> tensor<1x0x4x3xf32>
  return
}

// -----

func.func @s2b_padding_overflow(%x: tensor<1x8x8x3xf32>) {
  // expected-error @+1 {{padded spatial dim 1 must fit in int64}}
  %0 = nn.space_to_batch nhwc %x {block_shape = array<i64: 1, 1>, paddings = array<i64: 9223372036854775807, 0, 0, 0>} : (tensor<1x8x8x3xf32>) -> tensor<1x8x8x3xf32>
  return
}

// -----

func.func @s2b_result_dim(%x: tensor<1x8x8x3xf32>) {
  // expected-error @+1 {{result dim 0 is 1 but the op computes 4}}
  %0 = nn.space_to_batch nhwc %x {block_shape = array<i64: 2, 2>, paddings = array<i64: 2, 2, 2, 2>} : (tensor<1x8x8x3xf32>) -> tensor<1x6x6x3xf32>
  return
}

// -----

func.func @s2b_result_dim_dynamic(%x: tensor<1x8x?x3xf32>) {
  // expected-error @+1 {{result dim 2 is 6 but the op computes a dynamic size}}
  %0 = nn.space_to_batch nhwc %x {block_shape = array<i64: 2, 2>, paddings = array<i64: 2, 2, 2, 2>} : (tensor<1x8x?x3xf32>) -> tensor<4x6x6x3xf32>
  return
}

//===----------------------------------------------------------------------===//
// batch_to_space
//===----------------------------------------------------------------------===//

// -----

func.func @b2s_block_size(%x: tensor<4x6x6x3xf32>) {
  // expected-error @+1 {{attribute 'block_shape' failed to satisfy constraint: i64 dense array attribute with exactly 2 elements whose value is positive}}
  %0 = nn.batch_to_space nhwc %x {block_shape = array<i64: 2, 2, 1>, crops = array<i64: 0, 0, 0, 0>} : (tensor<4x6x6x3xf32>) -> tensor<1x12x12x3xf32>
  return
}

// -----

func.func @b2s_crops_size(%x: tensor<4x6x6x3xf32>) {
  // expected-error @+1 {{attribute 'crops' failed to satisfy constraint: i64 dense array attribute with exactly 4 elements whose value is non-negative}}
  %0 = nn.batch_to_space nhwc %x {block_shape = array<i64: 2, 2>, crops = array<i64>} : (tensor<4x6x6x3xf32>) -> tensor<1x12x12x3xf32>
  return
}

// -----

func.func @b2s_crops_negative(%x: tensor<4x6x6x3xf32>) {
  // expected-error @+1 {{attribute 'crops' failed to satisfy constraint: i64 dense array attribute with exactly 4 elements whose value is non-negative}}
  %0 = nn.batch_to_space nhwc %x {block_shape = array<i64: 2, 2>, crops = array<i64: -1, 0, 0, 0>} : (tensor<4x6x6x3xf32>) -> tensor<1x13x12x3xf32>
  return
}

// -----

func.func @b2s_batch_divisibility(%x: tensor<6x6x6x3xf32>) {
  // expected-error @+1 {{batch (6) must be divisible by the block count (4)}}
  %0 = nn.batch_to_space nhwc %x {block_shape = array<i64: 2, 2>, crops = array<i64: 0, 0, 0, 0>} : (tensor<6x6x6x3xf32>) -> tensor<1x12x12x3xf32>
  return
}

// -----

func.func @b2s_block_count_overflow(%x: tensor<8x2x2x1xf32>) {
  // The block product wrapped to 0 and the divisibility check divided by it.
  // expected-error @+1 {{the block count must fit in int64}}
  %0 = nn.batch_to_space nhwc %x {block_shape = array<i64: 4294967296, 4294967296>, crops = array<i64: 0, 0, 0, 0>} : (tensor<8x2x2x1xf32>) -> tensor<?x4x4x1xf32>
  return
}

// -----

func.func @b2s_spatial_overflow(%x: tensor<2x4611686018427387904x2x1xf32>) {
  // expected-error @+1 {{the element count of 'tensor<2x4611686018427387904x2x1xf32>' overflows int64}}
  %0 = nn.batch_to_space nhwc %x {block_shape = array<i64: 2, 1>, crops = array<i64: 0, 0, 0, 0>} : (tensor<2x4611686018427387904x2x1xf32>) -> tensor<1x1x2x1xf32>
  return
}

// -----

func.func @b2s_uncropped_overflow(%x: tensor<4x4611686018427387904x0x1xf32>) {
  // expected-error @+1 {{uncropped spatial dim 1 must fit in int64}}
  %0 = nn.batch_to_space nhwc %x {block_shape = array<i64: 4, 1>, crops = array<i64: 0, 0, 0, 0>} : (tensor<4x4611686018427387904x0x1xf32>) -> tensor<1x1x0x1xf32>
  return
}

// -----

func.func @b2s_crops_too_large(%x: tensor<4x3x6x6xf32>) {
  // expected-error @+1 {{crops remove more than spatial dim 3 holds}}
  %0 = nn.batch_to_space nchw %x {block_shape = array<i64: 2, 2>, crops = array<i64: 0, 0, 9, 4>} : (tensor<4x3x6x6xf32>) -> tensor<1x3x12x0xf32>
  return
}

// -----

func.func @b2s_huge_crops(%x: tensor<4x3x6x6xf32>) {
  // Two huge crops must not wrap around into a valid size.
  // expected-error @+1 {{crops remove more than spatial dim 2 holds}}
  %0 = nn.batch_to_space nchw %x {block_shape = array<i64: 2, 2>, crops = array<i64: 9223372036854775807, 9223372036854775807, 0, 0>} : (tensor<4x3x6x6xf32>) -> tensor<1x3x14x12xf32>
  return
}

// -----

func.func @b2s_result_dim(%x: tensor<4x6x6x3xf32>) {
  // expected-error @+1 {{result dim 1 is 12 but the op computes 8}}
  %0 = nn.batch_to_space nhwc %x {block_shape = array<i64: 2, 2>, crops = array<i64: 2, 2, 0, 0>} : (tensor<4x6x6x3xf32>) -> tensor<1x12x12x3xf32>
  return
}

// -----

func.func @b2s_result_dim_dynamic(%x: tensor<4x6x6x3xf32>) {
  // expected-error @+1 {{result dim 0 is dynamic but the op computes 1}}
  %0 = nn.batch_to_space nhwc %x {block_shape = array<i64: 2, 2>, crops = array<i64: 0, 0, 0, 0>} : (tensor<4x6x6x3xf32>) -> tensor<?x12x12x3xf32>
  return
}

//===----------------------------------------------------------------------===//
// bn_fold_weights / bn_fold_bias
//===----------------------------------------------------------------------===//

// -----

func.func @fold_weights_empty_dims(%w: tensor<4x2xf32>, %v: tensor<4xf32>) {
  // expected-error @+1 {{attribute 'channel_dims' failed to satisfy constraint: i64 dense array attribute with at least one entry whose value is non-negative}}
  %0 = nn.bn_fold_weights %w, %v {channel_dims = array<i64>} : (tensor<4x2xf32>, tensor<4xf32>) -> tensor<4x2xf32>
  return
}

// -----

func.func @fold_weights_dim_range(%w: tensor<4x2xf32>, %v: tensor<4xf32>) {
  // expected-error @+1 {{'channel_dims' entry 2 is out of range for weights of rank 2}}
  %0 = nn.bn_fold_weights %w, %v {channel_dims = array<i64: 2>} : (tensor<4x2xf32>, tensor<4xf32>) -> tensor<4x2xf32>
  return
}

// -----

func.func @fold_weights_dim_negative(%w: tensor<4x2xf32>, %v: tensor<4xf32>) {
  // expected-error @+1 {{attribute 'channel_dims' failed to satisfy constraint: i64 dense array attribute with at least one entry whose value is non-negative}}
  %0 = nn.bn_fold_weights %w, %v {channel_dims = array<i64: -1>} : (tensor<4x2xf32>, tensor<4xf32>) -> tensor<4x2xf32>
  return
}

// -----

func.func @fold_weights_non_adjacent(%w: tensor<3x3x8x2xf32>, %v: tensor<6xf32>) {
  // expected-error @+1 {{'channel_dims' must be adjacent ascending dims}}
  %0 = nn.bn_fold_weights %w, %v {channel_dims = array<i64: 1, 3>} : (tensor<3x3x8x2xf32>, tensor<6xf32>) -> tensor<3x3x8x2xf32>
  return
}

// -----

func.func @fold_weights_descending(%w: tensor<3x3x8x2xf32>, %v: tensor<16xf32>) {
  // expected-error @+1 {{'channel_dims' must be adjacent ascending dims}}
  %0 = nn.bn_fold_weights %w, %v {channel_dims = array<i64: 3, 2>} : (tensor<3x3x8x2xf32>, tensor<16xf32>) -> tensor<3x3x8x2xf32>
  return
}

// -----

func.func @fold_weights_channel_overflow(%w: tensor<4294967296x4294967296xf32>, %v: tensor<?xf32>) {
  // expected-error @+1 {{the element count of 'tensor<4294967296x4294967296xf32>' overflows int64}}
  %0 = nn.bn_fold_weights %w, %v {channel_dims = array<i64: 0, 1>} : (tensor<4294967296x4294967296xf32>, tensor<?xf32>) -> tensor<4294967296x4294967296xf32>
  return
}

// -----

func.func @fold_weights_channel_count_overflow(%w: tensor<0x4294967296x4294967296xf32>, %v: tensor<?xf32>) {
  // expected-error @+1 {{the channel count must fit in int64}}
  %0 = nn.bn_fold_weights %w, %v {channel_dims = array<i64: 1, 2>} : (tensor<0x4294967296x4294967296xf32>, tensor<?xf32>) -> tensor<0x4294967296x4294967296xf32>
  return
}

// -----

func.func @fold_weights_variance_length(%w: tensor<3x3x8x2xf32>, %v: tensor<8xf32>) {
  // expected-error @+1 {{'variance' length (8) must equal the number of features (16)}}
  %0 = nn.bn_fold_weights %w, %v {channel_dims = array<i64: 2, 3>} : (tensor<3x3x8x2xf32>, tensor<8xf32>) -> tensor<3x3x8x2xf32>
  return
}

// -----

func.func @fold_weights_scale_length(%w: tensor<4x2xf32>, %v: tensor<2xf32>, %g: tensor<4xf32>) {
  // expected-error @+1 {{'scale' length (4) must equal the number of features (2)}}
  %0 = nn.bn_fold_weights %w, %v scale %g {channel_dims = array<i64: 1>} : (tensor<4x2xf32>, tensor<2xf32>, tensor<4xf32>) -> tensor<4x2xf32>
  return
}

// -----

func.func @fold_weights_group_dim_is_channel_dim(%w: tensor<4x3x1x1xf32>, %v: tensor<6xf32>) {
  // expected-error @+1 {{'group_dim' 1 is one of the 'channel_dims'}}
  %0 = nn.bn_fold_weights %w, %v {channel_dims = array<i64: 1>, group_dim = 1 : i64, groups = 2 : i64} : (tensor<4x3x1x1xf32>, tensor<6xf32>) -> tensor<4x3x1x1xf32>
  return
}

// -----

func.func @fold_weights_groups_without_group_dim(%w: tensor<4x3x1x1xf32>, %v: tensor<6xf32>) {
  // expected-error @+1 {{'groups' 2 needs a 'group_dim'}}
  %0 = nn.bn_fold_weights %w, %v {channel_dims = array<i64: 1>, groups = 2 : i64} : (tensor<4x3x1x1xf32>, tensor<6xf32>) -> tensor<4x3x1x1xf32>
  return
}

// -----

func.func @fold_weights_group_dim_not_divisible(%w: tensor<5x3x1x1xf32>, %v: tensor<6xf32>) {
  // expected-error @+1 {{weight dim 0 (5) is not divisible by 'groups' (2)}}
  %0 = nn.bn_fold_weights %w, %v {channel_dims = array<i64: 1>, group_dim = 0 : i64, groups = 2 : i64} : (tensor<5x3x1x1xf32>, tensor<6xf32>) -> tensor<5x3x1x1xf32>
  return
}

// -----

func.func @fold_weights_group_dim_range(%w: tensor<4x3x1x1xf32>, %v: tensor<6xf32>) {
  // expected-error @+1 {{'group_dim' 4 is out of range for weights of rank 4}}
  %0 = nn.bn_fold_weights %w, %v {channel_dims = array<i64: 1>, group_dim = 4 : i64, groups = 2 : i64} : (tensor<4x3x1x1xf32>, tensor<6xf32>) -> tensor<4x3x1x1xf32>
  return
}

// -----

func.func @fold_weights_grouped_variance_length(%w: tensor<4x3x1x1xf32>, %v: tensor<3xf32>) {
  // expected-error @+1 {{'variance' length (3) must equal the number of features (6)}}
  %0 = nn.bn_fold_weights %w, %v {channel_dims = array<i64: 1>, group_dim = 0 : i64, groups = 2 : i64} : (tensor<4x3x1x1xf32>, tensor<3xf32>) -> tensor<4x3x1x1xf32>
  return
}

// -----

func.func @fold_weights_groups_zero(%w: tensor<4x3x1x1xf32>, %v: tensor<3xf32>) {
  // expected-error @+1 {{attribute 'groups' failed to satisfy constraint: 64-bit signless integer attribute whose value is positive}}
  %0 = nn.bn_fold_weights %w, %v {channel_dims = array<i64: 1>, group_dim = 0 : i64, groups = 0 : i64} : (tensor<4x3x1x1xf32>, tensor<3xf32>) -> tensor<4x3x1x1xf32>
  return
}

// -----

func.func @fold_weights_group_dim_negative(%w: tensor<4x3x1x1xf32>, %v: tensor<6xf32>) {
  // expected-error @+1 {{attribute 'group_dim' failed to satisfy constraint: 64-bit signless integer attribute whose value is non-negative}}
  %0 = nn.bn_fold_weights %w, %v {channel_dims = array<i64: 1>, group_dim = -1 : i64, groups = 2 : i64} : (tensor<4x3x1x1xf32>, tensor<6xf32>) -> tensor<4x3x1x1xf32>
  return
}

// -----

func.func @fold_weights_epsilon(%w: tensor<4x2xf32>, %v: tensor<2xf32>) {
  // expected-error @+1 {{attribute 'epsilon' failed to satisfy constraint: 64-bit float attribute whose value is finite and >= 0}}
  %0 = nn.bn_fold_weights %w, %v {channel_dims = array<i64: 1>, epsilon = -1.0 : f64} : (tensor<4x2xf32>, tensor<2xf32>) -> tensor<4x2xf32>
  return
}

// -----

func.func @fold_bias_variance_length(%m: tensor<4xf32>, %v: tensor<3xf32>) {
  // expected-error @+1 {{'variance' length (3) must equal the number of features (4)}}
  %0 = nn.bn_fold_bias %m, %v : (tensor<4xf32>, tensor<3xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @fold_bias_bias_length(%m: tensor<4xf32>, %b: tensor<5xf32>) {
  // expected-error @+1 {{'bias' length (5) must equal the number of features (4)}}
  %0 = nn.bn_fold_bias %m, %m bias %b : (tensor<4xf32>, tensor<4xf32>, tensor<5xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @fold_bias_scale_length(%m: tensor<4xf32>, %g: tensor<2xf32>) {
  // expected-error @+1 {{'scale' length (2) must equal the number of features (4)}}
  %0 = nn.bn_fold_bias %m, %m scale %g : (tensor<4xf32>, tensor<4xf32>, tensor<2xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @fold_bias_offset_length(%m: tensor<4xf32>, %bt: tensor<1xf32>) {
  // expected-error @+1 {{'offset' length (1) must equal the number of features (4)}}
  %0 = nn.bn_fold_bias %m, %m offset %bt : (tensor<4xf32>, tensor<4xf32>, tensor<1xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @fold_bias_result_length(%m: tensor<4xf32>) {
  // expected-error @+1 {{'result' length (8) must equal the number of features (4)}}
  %0 = nn.bn_fold_bias %m, %m : (tensor<4xf32>, tensor<4xf32>) -> tensor<8xf32>
  return
}

// -----

func.func @fold_bias_epsilon(%m: tensor<4xf32>) {
  // expected-error @+1 {{attribute 'epsilon' failed to satisfy constraint: 64-bit float attribute whose value is finite and >= 0}}
  %0 = nn.bn_fold_bias %m, %m {epsilon = 0x7FF8000000000000 : f64} : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return
}

//===----------------------------------------------------------------------===//
// Broadcasting elementwise ops
//===----------------------------------------------------------------------===//

// -----

func.func @broadcast_mismatch(%x: tensor<1x16x8x8xf32>, %c: tensor<8x1x1xf32>) {
  // expected-error @+1 {{'nn.mul' op operand dims 16 and 8 at result dim 1 do not broadcast: each must be 1 or equal to the other (a dynamic dim matches only a dynamic dim or 1)}}
  %0 = nn.mul %x, %c : (tensor<1x16x8x8xf32>, tensor<8x1x1xf32>) -> tensor<1x16x8x8xf32>
  return
}

// -----

func.func @broadcast_dynamic_against_static(%x: tensor<?x16xf32>, %c: tensor<4x16xf32>) {
  // expected-error @+1 {{'nn.add' op operand dims ? and 4 at result dim 0 do not broadcast}}
  %0 = nn.add %x, %c : (tensor<?x16xf32>, tensor<4x16xf32>) -> tensor<?x16xf32>
  return
}

// -----

func.func @broadcast_wrong_result_dim(%x: tensor<1x16x8x8xf32>, %c: tensor<16x1x1xf32>) {
  // expected-error @+1 {{'nn.sub' op result dim 2 must be 8, the broadcast of the operands, got 4}}
  %0 = nn.sub %x, %c : (tensor<1x16x8x8xf32>, tensor<16x1x1xf32>) -> tensor<1x16x4x8xf32>
  return
}

// -----

func.func @broadcast_result_rank(%x: tensor<16x1x1xf32>, %c: tensor<16x1x1xf32>) {
  // expected-error @+1 {{'nn.div' op result rank 4 must be the larger operand rank, 3}}
  %0 = nn.div %x, %c : (tensor<16x1x1xf32>, tensor<16x1x1xf32>) -> tensor<1x16x1x1xf32>
  return
}

// -----

func.func @elementwise_type_list(%x: tensor<16xf32>) {
  // expected-error @+1 {{expected one type, or two operand types and one result type}}
  %0 = nn.mul %x, %x : (tensor<16xf32>) -> tensor<16xf32>
  return
}

// -----

func.func @unary_types(%x: tensor<16xf32>) {
  // expected-error @+1 {{'nn.rsqrt' op requires the same type for all operands and results}}
  %0 = "nn.rsqrt"(%x) : (tensor<16xf32>) -> tensor<8xf32>
  return
}

// -----

//===----------------------------------------------------------------------===//
// nn.pad
//===----------------------------------------------------------------------===//

func.func @pad_layout_rank(%x: tensor<1x3x8xf32>, %p: tensor<3xf32>) {
  // expected-error @+1 {{'layout' nchw needs a 4-D input, got rank 3}}
  %0 = nn.pad nchw %x, %p {padding = array<i64: 1, 1, 1, 1>} : (tensor<1x3x8xf32>, tensor<3xf32>) -> tensor<1x3x10xf32>
  return
}

// -----

func.func @pad_padding_count(%x: tensor<1x3x8x8xf32>, %p: tensor<3xf32>) {
  // expected-error @+1 {{'padding' needs 4 entries ([lo, hi] per spatial dim), got 2}}
  %0 = nn.pad nchw %x, %p {padding = array<i64: 1, 1>} : (tensor<1x3x8x8xf32>, tensor<3xf32>) -> tensor<1x3x10x10xf32>
  return
}

// -----

func.func @pad_negative(%x: tensor<1x3x8x8xf32>, %p: tensor<3xf32>) {
  // expected-error @+1 {{'padding' failed to satisfy constraint}}
  %0 = nn.pad nchw %x, %p {padding = array<i64: 1, -1, 1, 1>} : (tensor<1x3x8x8xf32>, tensor<3xf32>) -> tensor<1x3x8x10xf32>
  return
}

// -----

func.func @pad_values_length(%x: tensor<1x8x8x3xf32>, %p: tensor<4xf32>) {
  // expected-error @+1 {{'values' length (4) must equal the number of features (3)}}
  %0 = nn.pad nhwc %x, %p {padding = array<i64: 1, 1, 1, 1>} : (tensor<1x8x8x3xf32>, tensor<4xf32>) -> tensor<1x10x10x3xf32>
  return
}

// -----

func.func @pad_result_shape(%x: tensor<1x8x8x3xf32>, %p: tensor<3xf32>) {
  // expected-error @+1 {{result dim 2 is 10 but the op computes 9}}
  %0 = nn.pad nhwc %x, %p {padding = array<i64: 1, 1, 0, 1>} : (tensor<1x8x8x3xf32>, tensor<3xf32>) -> tensor<1x10x10x3xf32>
  return
}

// -----

func.func @pad_overflow(%x: tensor<1x1x9223372036854775807xf32>, %p: tensor<1xf32>) {
  // expected-error @+1 {{padded dim 2 must fit in int64}}
  %0 = nn.pad ncw %x, %p {padding = array<i64: 1, 0>} : (tensor<1x1x9223372036854775807xf32>, tensor<1xf32>) -> tensor<1x1x?xf32>
  return
}

// -----

//===----------------------------------------------------------------------===//
// nn.bn_fold_input_bias
//===----------------------------------------------------------------------===//

func.func @input_bias_map(%w: tensor<4x3x1x1xf32>, %v: tensor<3xf32>) {
  // expected-error @+1 {{input channel map: 'channel_dims' entry 4 is out of range for weights of rank 4}}
  %0 = nn.bn_fold_input_bias %w, %v, %v {input_channel_dims = array<i64: 4>, output_channel_dims = array<i64: 0>} : (tensor<4x3x1x1xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @input_bias_mean_length(%w: tensor<4x3x1x1xf32>, %m: tensor<4xf32>, %v: tensor<3xf32>) {
  // expected-error @+1 {{'mean' length (4) must equal the number of features (3)}}
  %0 = nn.bn_fold_input_bias %w, %m, %v {input_channel_dims = array<i64: 1>, output_channel_dims = array<i64: 0>} : (tensor<4x3x1x1xf32>, tensor<4xf32>, tensor<3xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @input_bias_result_length(%w: tensor<4x3x1x1xf32>, %v: tensor<3xf32>) {
  // expected-error @+1 {{'result' length (3) must equal the number of features (4)}}
  %0 = nn.bn_fold_input_bias %w, %v, %v {input_channel_dims = array<i64: 1>, output_channel_dims = array<i64: 0>} : (tensor<4x3x1x1xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  return
}

// -----

func.func @concat_no_inputs() {
  // expected-error @+1 {{'nn.concat' op expected 1 or more operands, but found 0}}
  %0 = nn.concat axis 0 : () -> tensor<2xf32>
  return
}

// -----

func.func @concat_axis_out_of_range(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'nn.concat' op 'axis' 2 is not a dim of the rank-2 result}}
  %0 = nn.concat %x, %x axis 2 : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x6xf32>
  return
}

// -----

func.func @concat_negative_axis(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'nn.concat' op attribute 'axis' failed to satisfy constraint: 64-bit signless integer attribute whose value is non-negative}}
  %0 = "nn.concat"(%x, %x) {axis = -1 : i64} : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x6xf32>
  return
}

// -----

func.func @concat_rank(%x: tensor<2x3xf32>, %y: tensor<2x3x1xf32>) {
  // expected-error @+1 {{'nn.concat' op input #1 has rank 3 but the result has rank 2}}
  %0 = nn.concat %x, %y axis 1 : (tensor<2x3xf32>, tensor<2x3x1xf32>) -> tensor<2x6xf32>
  return
}

// -----

func.func @concat_other_dim(%x: tensor<2x3xf32>, %y: tensor<4x3xf32>) {
  // expected-error @+1 {{'nn.concat' op input #1 dim 0 is 4 but the result's is 2; every dim but the 'axis' must be equal}}
  %0 = nn.concat %x, %y axis 1 : (tensor<2x3xf32>, tensor<4x3xf32>) -> tensor<2x6xf32>
  return
}

// -----

func.func @concat_other_dim_dynamic(%x: tensor<2x3xf32>, %y: tensor<?x3xf32>) {
  // expected-error @+1 {{'nn.concat' op input #1 dim 0 is dynamic but the result's is 2; every dim but the 'axis' must be equal}}
  %0 = nn.concat %x, %y axis 1 : (tensor<2x3xf32>, tensor<?x3xf32>) -> tensor<2x6xf32>
  return
}

// -----

func.func @concat_joined_size(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'nn.concat' op result dim 1 is 5 but the op computes 6}}
  %0 = nn.concat %x, %x axis 1 : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x5xf32>
  return
}

// -----

func.func @concat_joined_dynamic(%x: tensor<2x3xf32>, %y: tensor<2x?xf32>) {
  // expected-error @+1 {{'nn.concat' op result dim 1 is 6 but the op computes a dynamic size}}
  %0 = nn.concat %x, %y axis 1 : (tensor<2x3xf32>, tensor<2x?xf32>) -> tensor<2x6xf32>
  return
}

// -----

func.func @concat_joined_overflow(%x: tensor<1x4611686018427387904xf32>) {
  // expected-error @+1 {{'nn.concat' op the size of the joined dim must fit in int64}}
  %0 = nn.concat %x, %x axis 1 : (tensor<1x4611686018427387904xf32>, tensor<1x4611686018427387904xf32>) -> tensor<1x?xf32>
  return
}

// -----

func.func @concat_element_types(%x: tensor<2x3xf32>, %y: tensor<2x3xf16>) {
  // expected-error @+1 {{'nn.concat' op requires the same element type for all operands and results}}
  %0 = nn.concat %x, %y axis 1 : (tensor<2x3xf32>, tensor<2x3xf16>) -> tensor<2x6xf32>
  return
}

//===----------------------------------------------------------------------===//
// batch_norm_training, bn_fold_correction
//===----------------------------------------------------------------------===//

// -----

func.func @batch_norm_training_step_without_delay(%x: tensor<2x4xf32>, %m: tensor<4xf32>, %s: tensor<i64>) {
  // expected-error @+1 {{'nn.batch_norm_training' op has a 'step' but no 'freeze_delay': the step matters only to a freeze}}
  %0:5 = nn.batch_norm_training %x, %m, %m step %s : (tensor<2x4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<i64>) -> (tensor<2x4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>)
  return
}

// -----

func.func @batch_norm_training_delay_without_step(%x: tensor<2x4xf32>, %m: tensor<4xf32>) {
  // expected-error @+1 {{'nn.batch_norm_training' op has a 'freeze_delay' but no 'step' to compare it with}}
  %0:5 = nn.batch_norm_training %x, %m, %m {freeze_delay = 3 : i64} : (tensor<2x4xf32>, tensor<4xf32>, tensor<4xf32>) -> (tensor<2x4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>)
  return
}

// -----

func.func @batch_norm_training_negative_delay(%x: tensor<2x4xf32>, %m: tensor<4xf32>, %s: tensor<i64>) {
  // expected-error @+1 {{'nn.batch_norm_training' op attribute 'freeze_delay' failed to satisfy constraint: 64-bit signless integer attribute whose value is non-negative}}
  %0:5 = nn.batch_norm_training %x, %m, %m step %s {freeze_delay = -1 : i64} : (tensor<2x4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<i64>) -> (tensor<2x4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>)
  return
}

// -----

func.func @batch_norm_training_momentum_range(%x: tensor<2x4xf32>, %m: tensor<4xf32>) {
  // expected-error @+1 {{'nn.batch_norm_training' op attribute 'momentum' failed to satisfy constraint: 64-bit float attribute whose value is in [0, 1]}}
  %0:5 = nn.batch_norm_training %x, %m, %m {momentum = 1.5 : f64} : (tensor<2x4xf32>, tensor<4xf32>, tensor<4xf32>) -> (tensor<2x4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>)
  return
}

// -----

func.func @batch_norm_training_step_type(%x: tensor<2x4xf32>, %m: tensor<4xf32>, %s: tensor<1xi64>) {
  // expected-error @+1 {{operand #3 must be 0D tensor of 64-bit signless integer values, but got 'tensor<1xi64>'}}
  %0:5 = nn.batch_norm_training %x, %m, %m step %s {freeze_delay = 3 : i64} : (tensor<2x4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<1xi64>) -> (tensor<2x4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>)
  return
}

// -----

func.func @batch_norm_training_moving_length(%x: tensor<2x4xf32>, %m: tensor<3xf32>) {
  // expected-error @+1 {{'nn.batch_norm_training' op 'moving_mean' length (3) must equal the number of features (4)}}
  %0:5 = nn.batch_norm_training %x, %m, %m : (tensor<2x4xf32>, tensor<3xf32>, tensor<3xf32>) -> (tensor<2x4xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>)
  return
}

// -----

func.func @batch_norm_training_element_type(%x: tensor<2x4xf32>, %m: tensor<4xf64>) {
  // expected-error @+1 {{'nn.batch_norm_training' op 'moving_mean' has element type 'f64' but the input has 'f32'}}
  %0:5 = nn.batch_norm_training %x, %m, %m : (tensor<2x4xf32>, tensor<4xf64>, tensor<4xf64>) -> (tensor<2x4xf32>, tensor<4xf64>, tensor<4xf64>, tensor<4xf64>, tensor<4xf64>)
  return
}

// -----

func.func @batch_norm_training_scale_length(%x: tensor<2x4x3x3xf32>, %m: tensor<4xf32>, %g: tensor<3xf32>) {
  // expected-error @+1 {{'nn.batch_norm_training' op 'scale' length (3) must equal the number of features (4)}}
  %0:5 = nn.batch_norm_training nchw %x, %m, %m scale %g : (tensor<2x4x3x3xf32>, tensor<4xf32>, tensor<4xf32>, tensor<3xf32>) -> (tensor<2x4x3x3xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>)
  return
}

// -----

func.func @batch_norm_training_result_types(%x: tensor<2x4xf32>, %m: tensor<4xf32>) {
  // expected-error @+1 {{'nn.batch_norm_training' op failed to verify that all of {moving_mean, moving_variance, batch_mean, batch_variance, new_moving_mean, new_moving_variance} have same type}}
  %0:5 = nn.batch_norm_training %x, %m, %m : (tensor<2x4xf32>, tensor<4xf32>, tensor<4xf32>) -> (tensor<2x4xf32>, tensor<4xf32>, tensor<?xf32>, tensor<4xf32>, tensor<4xf32>)
  return
}

// -----

func.func @batch_norm_training_layout_rank(%x: tensor<2x4xf32>, %m: tensor<4xf32>) {
  // expected-error @+1 {{'nn.batch_norm_training' op 'layout' nhwc needs a 4-D input, got rank 2; use 'axis' instead}}
  %0:5 = nn.batch_norm_training nhwc %x, %m, %m : (tensor<2x4xf32>, tensor<4xf32>, tensor<4xf32>) -> (tensor<2x4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>)
  return
}

// -----

func.func @bn_fold_correction_offset_length(%z: tensor<2x4xf32>, %p: tensor<4xf32>, %o: tensor<5xf32>) {
  // expected-error @+1 {{'nn.bn_fold_correction' op 'offset' length (5) must equal the number of features (4)}}
  %0 = nn.bn_fold_correction %z, %p, %p, %p, %p offset %o : (tensor<2x4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<5xf32>) -> tensor<2x4xf32>
  return
}

// -----

func.func @bn_fold_correction_step_without_delay(%z: tensor<2x4xf32>, %p: tensor<4xf32>, %s: tensor<i64>) {
  // expected-error @+1 {{'nn.bn_fold_correction' op has a 'step' but no 'freeze_delay': the step matters only to a freeze}}
  %0 = nn.bn_fold_correction %z, %p, %p, %p, %p step %s : (tensor<2x4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<i64>) -> tensor<2x4xf32>
  return
}
