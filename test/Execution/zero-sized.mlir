// Every op lowers and runs with every dim that can be 0: batch, channels,
// input channels (a layer then gives its bias), spatial dims (padding then
// gives a non-empty result), features, reshapes of nothing. Static zeros,
// and dynamic dims that are 0 at run time (--dynamic-size=0). One function
// per group of ops, one result per case, so that each group compiles once.

// RUN: bnfold-run %s --function=convolutions | FileCheck %s --check-prefix=CONV
func.func @convolutions(
    %x0: tensor<0x4x4x2xf32>, %w0: tensor<3x3x2x3xf32>,
    %x1: tensor<0x4x4x4xf16>, %w1: tensor<4x2x3x3xf16>, %b1: tensor<4xf16>,
    %x2: tensor<1x4x4x2xf32>, %w2: tensor<3x3x2x0xf32>, %b2: tensor<0xf32>,
    %x3: tensor<1x4x4x4xbf16>, %w3: tensor<3x3x2x0xbf16>,
    %x4: tensor<1x4x4x4xf32>, %w4: tensor<0x2x3x3xf32>,
    %x5: tensor<1x2x2x0xf32>, %w5: tensor<1x1x0x2xf32>,
    %x6: tensor<1x0x3x3xf64>, %w6: tensor<2x0x3x3xf64>,
    %x7: tensor<1x0x2x1xf32>)
    -> (tensor<0x4x4x3xf32>, tensor<0x4x4x4xf16>, tensor<1x2x2x0xf32>,
        tensor<1x2x2x0xbf16>, tensor<1x0x2x2xf32>, tensor<1x2x2x2xf32>,
        tensor<1x2x1x1xf64>, tensor<1x2x2x1xf32>) {
  // CONV: result 0: tensor<0x4x4x3xf32> shape 0x4x4x3
  // CONV-NEXT: values: []
  %r0 = nn.conv2d nhwc %x0, %w0 {padding = array<i64: 1, 1, 1, 1>} : (tensor<0x4x4x2xf32>, tensor<3x3x2x3xf32>) -> tensor<0x4x4x3xf32>
  // CONV: result 1: tensor<0x4x4x4xf16> shape 0x4x4x4
  // CONV-NEXT: values: []
  %r1 = nn.conv2d nchw %x1, %w1, %b1 {groups = 2, padding = array<i64: 1, 1, 1, 1>} : (tensor<0x4x4x4xf16>, tensor<4x2x3x3xf16>, tensor<4xf16>) -> tensor<0x4x4x4xf16>
  // CONV: result 2: tensor<1x2x2x0xf32> shape 1x2x2x0
  // CONV-NEXT: values: []
  %r2 = nn.conv2d nhwc %x2, %w2, %b2 : (tensor<1x4x4x2xf32>, tensor<3x3x2x0xf32>, tensor<0xf32>) -> tensor<1x2x2x0xf32>
  // CONV: result 3: tensor<1x2x2x0xbf16> shape 1x2x2x0
  // CONV-NEXT: values: []
  %r3 = nn.conv2d nhwc %x3, %w3 {groups = 2} : (tensor<1x4x4x4xbf16>, tensor<3x3x2x0xbf16>) -> tensor<1x2x2x0xbf16>
  // CONV: result 4: tensor<1x0x2x2xf32> shape 1x0x2x2
  // CONV-NEXT: values: []
  %r4 = nn.conv2d nchw %x4, %w4 {groups = 2} : (tensor<1x4x4x4xf32>, tensor<0x2x3x3xf32>) -> tensor<1x0x2x2xf32>
  // No input channels: nothing to sum, the result is the bias (or 0).
  // CONV: result 5: tensor<1x2x2x2xf32> shape 1x2x2x2
  // CONV-NEXT: values: [1.5, -2, 1.5, -2, 1.5, -2, 1.5, -2]
  %b5 = arith.constant dense<[1.5, -2.0]> : tensor<2xf32>
  %r5 = nn.conv2d nhwc %x5, %w5, %b5 : (tensor<1x2x2x0xf32>, tensor<1x1x0x2xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  // CONV: result 6: tensor<1x2x1x1xf64> shape 1x2x1x1
  // CONV-NEXT: values: [0, 0]
  %r6 = nn.conv2d nchw %x6, %w6 : (tensor<1x0x3x3xf64>, tensor<2x0x3x3xf64>) -> tensor<1x2x1x1xf64>
  // An empty spatial dim with padding: the padded input is all zeros, so
  // the result is the bias everywhere.
  // CONV: result 7: tensor<1x2x2x1xf32> shape 1x2x2x1
  // CONV-NEXT: values: [0.5, 0.5, 0.5, 0.5]
  %w7 = arith.constant dense<1.0> : tensor<1x1x1x1xf32>
  %b7 = arith.constant dense<0.5> : tensor<1xf32>
  %r7 = nn.conv2d nhwc %x7, %w7, %b7 {padding = array<i64: 1, 1, 0, 0>} : (tensor<1x0x2x1xf32>, tensor<1x1x1x1xf32>, tensor<1xf32>) -> tensor<1x2x2x1xf32>
  return %r0, %r1, %r2, %r3, %r4, %r5, %r6, %r7 : tensor<0x4x4x3xf32>, tensor<0x4x4x4xf16>, tensor<1x2x2x0xf32>, tensor<1x2x2x0xbf16>, tensor<1x0x2x2xf32>, tensor<1x2x2x2xf32>, tensor<1x2x1x1xf64>, tensor<1x2x2x1xf32>
}

// RUN: bnfold-run %s --function=depthwise | FileCheck %s --check-prefix=DW
func.func @depthwise(%x: tensor<0x4x4x2xf32>, %w: tensor<3x3x2x3xf32>, %x0: tensor<1x4x4x0xf32>, %w0: tensor<3x3x0x2xf32>, %xm: tensor<1x4x4x2xf16>, %wm: tensor<3x3x2x0xf16>, %xc: tensor<1x2x4x4xf32>, %wc: tensor<0x1x3x3xf32>, %xb: tensor<0x2x4x4xf32>, %wb: tensor<2x1x3x3xf32>) -> (tensor<0x4x4x6xf32>, tensor<1x2x2x0xf32>, tensor<1x2x2x0xf16>, tensor<1x0x2x2xf32>, tensor<0x2x4x4xf32>) {
  // DW: result 0: tensor<0x4x4x6xf32> shape 0x4x4x6
  // DW-NEXT: values: []
  %a = nn.depthwise_conv2d nhwc %x, %w {padding = array<i64: 1, 1, 1, 1>} : (tensor<0x4x4x2xf32>, tensor<3x3x2x3xf32>) -> tensor<0x4x4x6xf32>
  // DW: result 1: tensor<1x2x2x0xf32> shape 1x2x2x0
  // DW-NEXT: values: []
  %b = nn.depthwise_conv2d nhwc %x0, %w0 : (tensor<1x4x4x0xf32>, tensor<3x3x0x2xf32>) -> tensor<1x2x2x0xf32>
  // DW: result 2: tensor<1x2x2x0xf16> shape 1x2x2x0
  // DW-NEXT: values: []
  %c = nn.depthwise_conv2d nhwc %xm, %wm : (tensor<1x4x4x2xf16>, tensor<3x3x2x0xf16>) -> tensor<1x2x2x0xf16>
  // DW: result 3: tensor<1x0x2x2xf32> shape 1x0x2x2
  // DW-NEXT: values: []
  %d = nn.depthwise_conv2d nchw %xc, %wc : (tensor<1x2x4x4xf32>, tensor<0x1x3x3xf32>) -> tensor<1x0x2x2xf32>
  // DW: result 4: tensor<0x2x4x4xf32> shape 0x2x4x4
  // DW-NEXT: values: []
  %e = nn.depthwise_conv2d nchw %xb, %wb {padding = array<i64: 1, 1, 1, 1>} : (tensor<0x2x4x4xf32>, tensor<2x1x3x3xf32>) -> tensor<0x2x4x4xf32>
  return %a, %b, %c, %d, %e : tensor<0x4x4x6xf32>, tensor<1x2x2x0xf32>, tensor<1x2x2x0xf16>, tensor<1x0x2x2xf32>, tensor<0x2x4x4xf32>
}

// The same over 1 and 3 spatial dims, and transposed convolutions (whose
// spread-out input and flipped filter are empty too).
// RUN: bnfold-run %s --function=convolutions_nd | FileCheck %s --check-prefix=ND
func.func @convolutions_nd(
    %x0: tensor<0x2x4xf32>, %w0: tensor<3x2x3xf32>,
    %x1: tensor<1x2x2x2x4xf32>, %w1: tensor<1x1x1x2x0xf32>,
    %x2: tensor<1x2x2x2x2xf16>, %w2: tensor<1x1x1x2x0xf16>,
    %x3: tensor<0x4x2x2xf32>, %w3: tensor<4x1x2x2xf32>,
    %x4: tensor<1x3x2xf32>, %w4: tensor<2x0x2xf32>,
    %x5: tensor<1x0x2x2x2xf64>, %w5: tensor<0x2x2x2x2xf64>)
    -> (tensor<0x3x4xf32>, tensor<1x2x2x2x0xf32>, tensor<1x2x2x2x0xf16>,
        tensor<0x2x4x4xf32>, tensor<1x5x0xf32>, tensor<1x2x3x3x3xf64>) {
  // ND: result 0: tensor<0x3x4xf32> shape 0x3x4
  // ND-NEXT: values: []
  %r0 = nn.conv1d ncw %x0, %w0 {padding = array<i64: 1, 1>} : (tensor<0x2x4xf32>, tensor<3x2x3xf32>) -> tensor<0x3x4xf32>
  // ND: result 1: tensor<1x2x2x2x0xf32> shape 1x2x2x2x0
  // ND-NEXT: values: []
  %r1 = nn.conv3d ndhwc %x1, %w1 {groups = 2} : (tensor<1x2x2x2x4xf32>, tensor<1x1x1x2x0xf32>) -> tensor<1x2x2x2x0xf32>
  // ND: result 2: tensor<1x2x2x2x0xf16> shape 1x2x2x2x0
  // ND-NEXT: values: []
  %r2 = nn.depthwise_conv3d ndhwc %x2, %w2 : (tensor<1x2x2x2x2xf16>, tensor<1x1x1x2x0xf16>) -> tensor<1x2x2x2x0xf16>
  // ND: result 3: tensor<0x2x4x4xf32> shape 0x2x4x4
  // ND-NEXT: values: []
  %r3 = nn.conv_transpose2d nchw %x3, %w3 {strides = array<i64: 2, 2>, groups = 2} : (tensor<0x4x2x2xf32>, tensor<4x1x2x2xf32>) -> tensor<0x2x4x4xf32>
  // ND: result 4: tensor<1x5x0xf32> shape 1x5x0
  // ND-NEXT: values: []
  %r4 = nn.conv_transpose1d nwc %x4, %w4 {strides = array<i64: 2>, padding = array<i64: 1, 0>} : (tensor<1x3x2xf32>, tensor<2x0x2xf32>) -> tensor<1x5x0xf32>
  // No input channels: the result is the bias.
  // ND: result 5: tensor<1x2x3x3x3xf64> shape 1x2x3x3x3
  // ND-NEXT: values: [0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1]
  %b5 = arith.constant dense<[0.5, -1.0]> : tensor<2xf64>
  %r5 = nn.conv_transpose3d ncdhw %x5, %w5, %b5 {strides = array<i64: 2, 1, 1>, padding = array<i64: 1, 0, 0, 0, 0, 0>} : (tensor<1x0x2x2x2xf64>, tensor<0x2x2x2x2xf64>, tensor<2xf64>) -> tensor<1x2x3x3x3xf64>
  return %r0, %r1, %r2, %r3, %r4, %r5 : tensor<0x3x4xf32>, tensor<1x2x2x2x0xf32>, tensor<1x2x2x2x0xf16>, tensor<0x2x4x4xf32>, tensor<1x5x0xf32>, tensor<1x2x3x3x3xf64>
}

// RUN: bnfold-run %s --function=matmul_and_per_element | FileCheck %s --check-prefix=MM
func.func @matmul_and_per_element(
    %a: tensor<2x0xf32>, %b: tensor<0x3xf32>, %m0: tensor<0x4xf32>,
    %w: tensor<4x3xf32>, %n0: tensor<0x0xf32>, %x: tensor<0x4x2xf16>,
    %wt: tensor<3x4xf16>, %k0: tensor<2x0x2xf64>, %w0: tensor<3x0xf64>,
    %bx: tensor<0x3x2x2xf32>, %p: tensor<3xf32>, %f: tensor<2x0xbf16>,
    %q: tensor<0xbf16>, %e: tensor<4x0x2xf32>, %n: tensor<0xf32>,
    %h: tensor<0x4xf16>, %wf: tensor<0x4x3xf32>)
    -> (tensor<2x3xf32>, tensor<0x3xf32>, tensor<2x0xf32>, tensor<0x2x3xf16>,
        tensor<2x2x3xf64>, tensor<0x3x2x2xf32>, tensor<2x0xbf16>,
        tensor<4x0x2xf32>, tensor<0xf32>, tensor<0xf32>, tensor<0x4xf16>,
        tensor<4x0x2xf32>, tensor<0x4x3xf32>) {
  // No contraction: the result is the bias (or zeros).
  // MM: result 0: tensor<2x3xf32> shape 2x3
  // MM-NEXT: values: [1, 2, 3, 1, 2, 3]
  %bias = arith.constant dense<[1.0, 2.0, 3.0]> : tensor<3xf32>
  %r0 = nn.matmul %a, %b, %bias : (tensor<2x0xf32>, tensor<0x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  // MM: result 1: tensor<0x3xf32> shape 0x3
  // MM-NEXT: values: []
  %r1 = nn.matmul %m0, %w : (tensor<0x4xf32>, tensor<4x3xf32>) -> tensor<0x3xf32>
  // MM: result 2: tensor<2x0xf32> shape 2x0
  // MM-NEXT: values: []
  %r2 = nn.matmul %a, %n0 {transpose_rhs} : (tensor<2x0xf32>, tensor<0x0xf32>) -> tensor<2x0xf32>
  // MM: result 3: tensor<0x2x3xf16> shape 0x2x3
  // MM-NEXT: values: []
  %r3 = nn.matmul %x, %wt {transpose_lhs, transpose_rhs} : (tensor<0x4x2xf16>, tensor<3x4xf16>) -> tensor<0x2x3xf16>
  // MM: result 4: tensor<2x2x3xf64> shape 2x2x3
  // MM-NEXT: values: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]
  %r4 = nn.matmul %k0, %w0 {transpose_lhs, transpose_rhs} : (tensor<2x0x2xf64>, tensor<3x0xf64>) -> tensor<2x2x3xf64>
  // MM: result 5: tensor<0x3x2x2xf32> shape 0x3x2x2
  // MM-NEXT: values: []
  %v = arith.constant dense<1.0> : tensor<3xf32>
  %r5 = nn.batch_norm nchw %bx, %p, %v scale %p offset %p : (tensor<0x3x2x2xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<0x3x2x2xf32>
  // MM: result 6: tensor<2x0xbf16> shape 2x0
  // MM-NEXT: values: []
  %r6 = nn.batch_norm %f, %q, %q : (tensor<2x0xbf16>, tensor<0xbf16>, tensor<0xbf16>) -> tensor<2x0xbf16>
  // MM: result 7: tensor<4x0x2xf32> shape 4x0x2
  // MM-NEXT: values: []
  %r7 = nn.bias_add %e, %n {axis = 1} : (tensor<4x0x2xf32>, tensor<0xf32>) -> tensor<4x0x2xf32>
  // MM: result 8: tensor<0xf32> shape 0
  // MM-NEXT: values: []
  %r8 = nn.bn_fold_bias %n, %n bias %n scale %n offset %n : (tensor<0xf32>, tensor<0xf32>, tensor<0xf32>, tensor<0xf32>, tensor<0xf32>) -> tensor<0xf32>
  // MM: result 9: tensor<0xf32> shape 0
  // MM-NEXT: values: []
  %r9 = nn.reshape %e : (tensor<4x0x2xf32>) -> tensor<0xf32>
  // MM: result 10: tensor<0x4xf16> shape 0x4
  // MM-NEXT: values: []
  %r10 = nn.relu %h : tensor<0x4xf16>
  // MM: result 11: tensor<4x0x2xf32> shape 4x0x2
  // MM-NEXT: values: []
  %s = nn.add %e, %e : tensor<4x0x2xf32>
  %r11 = nn.identity %s : tensor<4x0x2xf32>
  // MM: result 12: tensor<0x4x3xf32> shape 0x4x3
  // MM-NEXT: values: []
  %r12 = nn.bn_fold_weights %wf, %v {channel_dims = array<i64: 2>} : (tensor<0x4x3xf32>, tensor<3xf32>) -> tensor<0x4x3xf32>
  return %r0, %r1, %r2, %r3, %r4, %r5, %r6, %r7, %r8, %r9, %r10, %r11, %r12 : tensor<2x3xf32>, tensor<0x3xf32>, tensor<2x0xf32>, tensor<0x2x3xf16>, tensor<2x2x3xf64>, tensor<0x3x2x2xf32>, tensor<2x0xbf16>, tensor<4x0x2xf32>, tensor<0xf32>, tensor<0xf32>, tensor<0x4xf16>, tensor<4x0x2xf32>, tensor<0x4x3xf32>
}

// Broadcasting elementwise ops: a 1 facing a 0 broadcasts to 0, a missing
// dim takes the other operand's 0; the unary ops keep their 0 dims.
// RUN: bnfold-run %s --function=elementwise | FileCheck %s --check-prefix=EW
// EW: result 0: tensor<0x3xf32> shape 0x3
// EW-NEXT: values: []
// EW: result 1: tensor<2x0xf16> shape 2x0
// EW-NEXT: values: []
// EW: result 2: tensor<0x1x2xf64> shape 0x1x2
// EW-NEXT: values: []
// EW: result 3: tensor<0x4xbf16> shape 0x4
// EW-NEXT: values: []
// EW: result 4: tensor<0x4xbf16> shape 0x4
// EW-NEXT: values: []
// EW: result 5: tensor<0x4xbf16> shape 0x4
// EW-NEXT: values: []
func.func @elementwise(%a: tensor<0x1xf32>, %b: tensor<3xf32>, %c: tensor<2x1xf16>, %d: tensor<0xf16>, %e: tensor<0x1x2xf64>, %f: tensor<f64>, %g: tensor<0x4xbf16>) -> (tensor<0x3xf32>, tensor<2x0xf16>, tensor<0x1x2xf64>, tensor<0x4xbf16>, tensor<0x4xbf16>, tensor<0x4xbf16>) {
  %r0 = nn.sub %a, %b : (tensor<0x1xf32>, tensor<3xf32>) -> tensor<0x3xf32>
  %r1 = nn.div %c, %d : (tensor<2x1xf16>, tensor<0xf16>) -> tensor<2x0xf16>
  %m = nn.mul %f, %e : (tensor<f64>, tensor<0x1x2xf64>) -> tensor<0x1x2xf64>
  %r2 = nn.add %m, %e : tensor<0x1x2xf64>
  %r3 = nn.sqrt %g : tensor<0x4xbf16>
  %r4 = nn.rsqrt %g : tensor<0x4xbf16>
  %r5 = nn.reciprocal %g : tensor<0x4xbf16>
  return %r0, %r1, %r2, %r3, %r4, %r5 : tensor<0x3xf32>, tensor<2x0xf16>, tensor<0x1x2xf64>, tensor<0x4xbf16>, tensor<0x4xbf16>, tensor<0x4xbf16>
}

// Padding an empty spatial dim gives blocks of zeros; empty batches and
// crops to nothing stay empty.
// RUN: bnfold-run %s --function=space_batch | FileCheck %s --check-prefix=SB
func.func @space_batch(%x: tensor<1x0x2x1xf32>, %y: tensor<0x4x4x3xf32>, %z: tensor<0x2x2x1xf32>, %c: tensor<4x1x1x2xf32>, %e: tensor<4x0x2x2xf32>) -> (tensor<4x1x1x1xf32>, tensor<0x2x2x3xf32>, tensor<0x3x4x1xf32>, tensor<1x1x0x4xf32>, tensor<1x0x4x4xf32>) {
  // SB: result 0: tensor<4x1x1x1xf32> shape 4x1x1x1
  // SB-NEXT: values: [0, 0, 0, 0]
  %a = nn.space_to_batch nhwc %x {block_shape = array<i64: 2, 2>, paddings = array<i64: 2, 0, 0, 0>} : (tensor<1x0x2x1xf32>) -> tensor<4x1x1x1xf32>
  // SB: result 1: tensor<0x2x2x3xf32> shape 0x2x2x3
  // SB-NEXT: values: []
  %b = nn.space_to_batch nhwc %y {block_shape = array<i64: 2, 2>, paddings = array<i64: 0, 0, 0, 0>} : (tensor<0x4x4x3xf32>) -> tensor<0x2x2x3xf32>
  // SB: result 2: tensor<0x3x4x1xf32> shape 0x3x4x1
  // SB-NEXT: values: []
  %d = nn.batch_to_space nhwc %z {block_shape = array<i64: 2, 2>, crops = array<i64: 1, 0, 0, 0>} : (tensor<0x2x2x1xf32>) -> tensor<0x3x4x1xf32>
  // SB: result 3: tensor<1x1x0x4xf32> shape 1x1x0x4
  // SB-NEXT: values: []
  %f = nn.batch_to_space nchw %c {block_shape = array<i64: 2, 2>, crops = array<i64: 1, 1, 0, 0>} : (tensor<4x1x1x2xf32>) -> tensor<1x1x0x4xf32>
  // SB: result 4: tensor<1x0x4x4xf32> shape 1x0x4x4
  // SB-NEXT: values: []
  %g = nn.batch_to_space nchw %e {block_shape = array<i64: 2, 2>, crops = array<i64: 0, 0, 0, 0>} : (tensor<4x0x2x2xf32>) -> tensor<1x0x4x4xf32>
  return %a, %b, %d, %f, %g : tensor<4x1x1x1xf32>, tensor<0x2x2x3xf32>, tensor<0x3x4x1xf32>, tensor<1x1x0x4xf32>, tensor<1x0x4x4xf32>
}

// Dynamic dims that are 0 at run time, through every op kind.
// RUN: bnfold-run %s --function=dynamic_zero --dynamic-size=0 | FileCheck %s --check-prefix=DYN0
// DYN0: result 0: tensor<?x4x4x4xf32> shape 0x4x4x4
// DYN0-NEXT: values: []
// DYN0: result 1: tensor<?x5x0xf32> shape 0x5x0
// DYN0-NEXT: values: []
// DYN0: result 2: tensor<?x2x2x2xf32> shape 0x2x2x2
// DYN0-NEXT: values: []
// DYN0: result 3: tensor<?x2xf32> shape 0x2
// DYN0-NEXT: values: []
// RUN: bnfold-run %s --function=dynamic_zero --dynamic-size=2 | FileCheck %s --check-prefix=DYN2
// DYN2: result 0: tensor<?x4x4x4xf32> shape 2x4x4x4
// DYN2: result 1: tensor<?x5x0xf32> shape 2x5x0
// DYN2: result 2: tensor<?x2x2x2xf32> shape 2x2x2x2
// DYN2: result 3: tensor<?x2xf32> shape 2x2
func.func @dynamic_zero(%x: tensor<?x4x4x2xf32>, %e: tensor<?x0x4xf32>, %m: tensor<?x3xf32>) -> (tensor<?x4x4x4xf32>, tensor<?x5x0xf32>, tensor<?x2x2x2xf32>, tensor<?x2xf32>) {
  %w = arith.constant dense<0.25> : tensor<3x3x1x4xf32>
  %b = arith.constant dense<1.0> : tensor<4xf32>
  %c = nn.conv2d nhwc %x, %w, %b {groups = 2, padding = array<i64: 1, 1, 1, 1>} : (tensor<?x4x4x2xf32>, tensor<3x3x1x4xf32>, tensor<4xf32>) -> tensor<?x4x4x4xf32>
  %r = nn.reshape %e : (tensor<?x0x4xf32>) -> tensor<?x5x0xf32>
  %s = nn.space_to_batch nhwc %x {block_shape = array<i64: 2, 2>, paddings = array<i64: 0, 0, 0, 0>} : (tensor<?x4x4x2xf32>) -> tensor<?x2x2x2xf32>
  %t = nn.batch_to_space nhwc %s {block_shape = array<i64: 2, 2>, crops = array<i64: 1, 1, 1, 1>} : (tensor<?x2x2x2xf32>) -> tensor<?x2x2x2xf32>
  %wm = arith.constant dense<0.5> : tensor<3x2xf32>
  %y = nn.matmul %m, %wm : (tensor<?x3xf32>, tensor<3x2xf32>) -> tensor<?x2xf32>
  return %c, %r, %t, %y : tensor<?x4x4x4xf32>, tensor<?x5x0xf32>, tensor<?x2x2x2xf32>, tensor<?x2xf32>
}
