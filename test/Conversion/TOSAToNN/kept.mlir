// RUN: bnfold-opt --convert-tosa-to-nn=report-kept --split-input-file -verify-diagnostics %s | FileCheck %s

// Every TOSA op that nn cannot hold exactly stays as it is, and
// report-kept says why.

// CHECK-LABEL: func.func @no_raise_int8_conv
// CHECK: tosa.conv2d
func.func @no_raise_int8_conv(%x: tensor<1x4x4x2xi8>) -> tensor<1x4x4x3xi32> {
  %w = "tosa.const"() <{values = dense<1> : tensor<3x1x1x2xi8>}> : () -> tensor<3x1x1x2xi8>
  %b = "tosa.const"() <{values = dense<0> : tensor<3xi32>}> : () -> tensor<3xi32>
  %zp = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  // expected-remark @below {{stays 'tosa.conv2d' because its operands and results are not ranked tensors of one element type among f16, bf16 and f32}}
  %y = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = i32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x4x4x2xi8>, tensor<3x1x1x2xi8>, tensor<3xi32>, tensor<1xi8>, tensor<1xi8>) -> tensor<1x4x4x3xi32>
  return %y : tensor<1x4x4x3xi32>
}

// -----

// TOSA 1.0 has no f64: the lowering back could not write it.
// CHECK-LABEL: func.func @no_raise_f64
// CHECK: tosa.add
func.func @no_raise_f64(%x: tensor<2xf64>) -> tensor<2xf64> {
  // expected-remark @below {{stays 'tosa.add' because its operands and results are not ranked tensors of one element type among f16, bf16 and f32}}
  %y = tosa.add %x, %x : (tensor<2xf64>, tensor<2xf64>) -> tensor<2xf64>
  return %y : tensor<2xf64>
}

// -----

// An f16 conv that accumulates in f16: nn accumulates in f32.
// CHECK-LABEL: func.func @no_raise_f16_accumulator
// CHECK: tosa.conv2d
func.func @no_raise_f16_accumulator(%x: tensor<1x4x4x2xf16>) -> tensor<1x4x4x3xf16> {
  %w = "tosa.const"() <{values = dense<1.0> : tensor<3x1x1x2xf16>}> : () -> tensor<3x1x1x2xf16>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<3xf16>}> : () -> tensor<3xf16>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf16>}> : () -> tensor<1xf16>
  // expected-remark @below {{stays 'tosa.conv2d' because it accumulates in 'f16'; nn accumulates 'f16' in f32}}
  %y = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f16, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x4x4x2xf16>, tensor<3x1x1x2xf16>, tensor<3xf16>, tensor<1xf16>, tensor<1xf16>) -> tensor<1x4x4x3xf16>
  return %y : tensor<1x4x4x3xf16>
}

// -----

// Zero points that are not constants (the TOSA verifier checks constant
// ones only).
// CHECK-LABEL: func.func @no_raise_runtime_zero_point
// CHECK: tosa.conv2d
func.func @no_raise_runtime_zero_point(%x: tensor<1x4x4x2xf32>, %zp: tensor<1xf32>) -> tensor<1x4x4x3xf32> {
  %w = "tosa.const"() <{values = dense<1.0> : tensor<3x1x1x2xf32>}> : () -> tensor<3x1x1x2xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<3xf32>}> : () -> tensor<3xf32>
  // expected-remark @below {{stays 'tosa.conv2d' because its zero points are not constant zeros}}
  %y = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x4x4x2xf32>, tensor<3x1x1x2xf32>, tensor<3xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x3xf32>
  return %y : tensor<1x4x4x3xf32>
}

// -----

// CHECK-LABEL: func.func @no_raise_local_bound
// CHECK: tosa.conv2d
func.func @no_raise_local_bound(%x: tensor<1x4x4x2xf32>) -> tensor<1x4x4x3xf32> {
  %w = "tosa.const"() <{values = dense<1.0> : tensor<3x1x1x2xf32>}> : () -> tensor<3x1x1x2xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<3xf32>}> : () -> tensor<3xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  // expected-remark @below {{stays 'tosa.conv2d' because it sets local_bound, which nn ops do not carry}}
  %y = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, local_bound = true, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x4x4x2xf32>, tensor<3x1x1x2xf32>, tensor<3xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x3xf32>
  return %y : tensor<1x4x4x3xf32>
}

// -----

// CHECK-LABEL: func.func @no_raise_runtime_weight
// CHECK: tosa.depthwise_conv2d
func.func @no_raise_runtime_weight(%x: tensor<1x4x4x2xf32>, %w: tensor<1x1x2x1xf32>) -> tensor<1x4x4x2xf32> {
  %b = "tosa.const"() <{values = dense<0.0> : tensor<2xf32>}> : () -> tensor<2xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  // expected-remark @below {{stays 'tosa.depthwise_conv2d' because its weight is not a constant (a block argument)}}
  %y = tosa.depthwise_conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x4x4x2xf32>, tensor<1x1x2x1xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x2xf32>
  return %y : tensor<1x4x4x2xf32>
}

// -----

// A weight computed by another op.
// CHECK-LABEL: func.func @no_raise_computed_weight
// CHECK: tosa.conv3d
func.func @no_raise_computed_weight(%x: tensor<1x2x2x2x2xf32>, %v: tensor<2x1x1x1x2xf32>) -> tensor<1x2x2x2x2xf32> {
  %w = tosa.abs %v : (tensor<2x1x1x1x2xf32>) -> tensor<2x1x1x1x2xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<2xf32>}> : () -> tensor<2xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  // expected-remark @below {{stays 'tosa.conv3d' because its weight is not a constant (the result of 'tosa.abs')}}
  %y = tosa.conv3d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1, 1>, pad = array<i64: 0, 0, 0, 0, 0, 0>, stride = array<i64: 1, 1, 1>} : (tensor<1x2x2x2x2xf32>, tensor<2x1x1x1x2xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x2x2x2xf32>
  return %y : tensor<1x2x2x2x2xf32>
}

// -----

// A [1] bias is broadcast when it is a constant only.
// CHECK-LABEL: func.func @no_raise_runtime_broadcast_bias
// CHECK: tosa.conv2d
func.func @no_raise_runtime_broadcast_bias(%x: tensor<1x4x4x2xf32>, %b: tensor<1xf32>) -> tensor<1x4x4x3xf32> {
  %w = "tosa.const"() <{values = dense<1.0> : tensor<3x1x1x2xf32>}> : () -> tensor<3x1x1x2xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  // expected-remark @below {{stays 'tosa.conv2d' because its bias has one element broadcast over the channels but is not a constant}}
  %y = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x4x4x2xf32>, tensor<3x1x1x2xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x3xf32>
  return %y : tensor<1x4x4x3xf32>
}

// -----

// out_pad that adds rows before the first input row has no nn form.
// CHECK-LABEL: func.func @no_raise_transpose_conv_leading_out_pad
// CHECK: tosa.transpose_conv2d
func.func @no_raise_transpose_conv_leading_out_pad(%x: tensor<1x2x2x1xf32>) -> tensor<1x4x3x1xf32> {
  %w = "tosa.const"() <{values = dense<1.0> : tensor<1x2x2x1xf32>}> : () -> tensor<1x2x2x1xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  // expected-remark @below {{stays 'tosa.transpose_conv2d' because its out_pad adds outputs before the first input position (out_pad 1), which nn.conv_transpose2d cannot}}
  %y = tosa.transpose_conv2d %x, %w, %b, %zp, %zp {acc_type = f32, out_pad = array<i64: 1, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x2x2x1xf32>, tensor<1x2x2x1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x3x1xf32>
  return %y : tensor<1x4x3x1xf32>
}

// -----

// An output padding of a stride or more has no nn form (the nn verifier
// says so).
// CHECK-LABEL: func.func @no_raise_transpose_conv_wide_out_pad
// CHECK: tosa.transpose_conv2d
func.func @no_raise_transpose_conv_wide_out_pad(%x: tensor<1x2x2x1xf32>) -> tensor<1x5x3x1xf32> {
  %w = "tosa.const"() <{values = dense<1.0> : tensor<1x2x2x1xf32>}> : () -> tensor<1x2x2x1xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  // expected-remark @below {{stays 'tosa.transpose_conv2d' because the nn op would be invalid: 'nn.conv_transpose2d' op}}
  %y = tosa.transpose_conv2d %x, %w, %b, %zp, %zp {acc_type = f32, out_pad = array<i64: 0, 2, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x2x2x1xf32>, tensor<1x2x2x1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x5x3x1xf32>
  return %y : tensor<1x5x3x1xf32>
}

// -----

// CHECK-LABEL: func.func @no_raise_matmul_f16
// CHECK: tosa.matmul
func.func @no_raise_matmul_f16(%a: tensor<1x2x3xf16>) -> tensor<1x2x2xf16> {
  %b = "tosa.const"() <{values = dense<1.0> : tensor<1x3x2xf16>}> : () -> tensor<1x3x2xf16>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf16>}> : () -> tensor<1xf16>
  // expected-remark @below {{stays 'tosa.matmul' because it multiplies f16 into f16, accumulating in f16; nn.matmul accumulates f16 in f32}}
  %y = tosa.matmul %a, %b, %zp, %zp : (tensor<1x2x3xf16>, tensor<1x3x2xf16>, tensor<1xf16>, tensor<1xf16>) -> tensor<1x2x2xf16>
  return %y : tensor<1x2x2xf16>
}

// -----

// CHECK-LABEL: func.func @no_raise_matmul_f16_to_f32
// CHECK: tosa.matmul
func.func @no_raise_matmul_f16_to_f32(%a: tensor<1x2x3xf16>) -> tensor<1x2x2xf32> {
  %b = "tosa.const"() <{values = dense<1.0> : tensor<1x3x2xf16>}> : () -> tensor<1x3x2xf16>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf16>}> : () -> tensor<1xf16>
  // expected-remark @below {{stays 'tosa.matmul' because its result is 'f32' but its operands 'f16'; nn.matmul has one element type}}
  %y = tosa.matmul %a, %b, %zp, %zp : (tensor<1x2x3xf16>, tensor<1x3x2xf16>, tensor<1xf16>, tensor<1xf16>) -> tensor<1x2x2xf32>
  return %y : tensor<1x2x2xf32>
}

// -----

// CHECK-LABEL: func.func @no_raise_matmul_batch
// CHECK: tosa.matmul
func.func @no_raise_matmul_batch(%a: tensor<2x2x3xf32>) -> tensor<2x2x2xf32> {
  %b = "tosa.const"() <{values = dense<1.0> : tensor<2x3x2xf32>}> : () -> tensor<2x3x2xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  // expected-remark @below {{stays 'tosa.matmul' because it multiplies a batch of matrices; nn.matmul's rhs is one matrix}}
  %y = tosa.matmul %a, %b, %zp, %zp : (tensor<2x2x3xf32>, tensor<2x3x2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<2x2x2xf32>
  return %y : tensor<2x2x2xf32>
}

// -----

// Two activations (attention-style): no constant rhs.
// CHECK-LABEL: func.func @no_raise_matmul_runtime_rhs
// CHECK: tosa.matmul
func.func @no_raise_matmul_runtime_rhs(%a: tensor<1x2x3xf32>, %b: tensor<1x3x2xf32>) -> tensor<1x2x2xf32> {
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  // expected-remark @below {{stays 'tosa.matmul' because its b operand is not a constant (a block argument)}}
  %y = tosa.matmul %a, %b, %zp, %zp : (tensor<1x2x3xf32>, tensor<1x3x2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x2xf32>
  return %y : tensor<1x2x2xf32>
}
// -----

// A tosa.mul whose shift is not a constant 0.
// CHECK-LABEL: func.func @no_raise_mul_runtime_shift
// CHECK: tosa.mul
func.func @no_raise_mul_runtime_shift(%x: tensor<2xf32>, %shift: tensor<1xi8>) -> tensor<2xf32> {
  // expected-remark @below {{stays 'tosa.mul' because its shift is not a constant 0}}
  %y = tosa.mul %x, %x, %shift : (tensor<2xf32>, tensor<2xf32>, tensor<1xi8>) -> tensor<2xf32>
  return %y : tensor<2xf32>
}

// -----

// Unranked tensors (TOSA allows them before shape inference).
// CHECK-LABEL: func.func @no_raise_unranked
// CHECK: tosa.mul
func.func @no_raise_unranked(%x: tensor<*xf32>) -> tensor<*xf32> {
  %shift = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  // expected-remark @below {{stays 'tosa.mul' because its operands and results are not ranked tensors of one element type among f16, bf16 and f32}}
  %y = tosa.mul %x, %x, %shift : (tensor<*xf32>, tensor<*xf32>, tensor<1xi8>) -> tensor<*xf32>
  return %y : tensor<*xf32>
}
