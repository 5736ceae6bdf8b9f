// RUN: bnfold-opt --convert-nn-to-onnx --split-input-file --mlir-print-debuginfo %s | FileCheck %s

// nn.conv2d nchw -> Conv with every attribute explicit; padding [top,
// bottom, left, right] becomes pads [h_begin, w_begin, h_end, w_end]. A
// depthwise convolution is a Conv with one group per input channel.
// CHECK-LABEL: func.func @conv
// CHECK-SAME: (%[[X:[a-z0-9]+]]: tensor<1x4x8x8xf32>{{.*}}, %[[W:[a-z0-9]+]]: tensor<6x2x3x3xf32>{{.*}}, %[[B:[a-z0-9]+]]: tensor<6xf32>{{.*}}, %[[DW:[a-z0-9]+]]: tensor<8x1x3x3xf32>
// CHECK: %[[C:.*]] = nn.onnx_op "Conv"(%[[X]], %[[W]], %[[B]]) {onnx_attributes = {dilations = array<i64: 1, 2>, group = 2 : i64, kernel_shape = array<i64: 3, 3>, pads = array<i64: 1, 0, 2, 1>, strides = array<i64: 2, 1>}} : (tensor<1x4x8x8xf32>, tensor<6x2x3x3xf32>, tensor<6xf32>) -> tensor<1x6x5x5xf32> loc(#[[LCONV:loc[0-9]*]])
// CHECK: nn.onnx_op "Conv"(%[[X]], %[[DW]]) {onnx_attributes = {dilations = array<i64: 1, 1>, group = 4 : i64, kernel_shape = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>}} : (tensor<1x4x8x8xf32>, tensor<8x1x3x3xf32>) -> tensor<1x8x8x8xf32>
// CHECK: #[[LCONV]] = loc("conv")
func.func @conv(%x: tensor<1x4x8x8xf32>, %w: tensor<6x2x3x3xf32>, %b: tensor<6xf32>, %dw: tensor<8x1x3x3xf32>) -> (tensor<1x6x5x5xf32>, tensor<1x8x8x8xf32>) {
  %0 = nn.conv2d nchw %x, %w, %b {dilations = array<i64: 1, 2>, groups = 2 : i64, padding = array<i64: 1, 2, 0, 1>, strides = array<i64: 2, 1>} : (tensor<1x4x8x8xf32>, tensor<6x2x3x3xf32>, tensor<6xf32>) -> tensor<1x6x5x5xf32> loc("conv")
  %1 = nn.depthwise_conv2d nchw %x, %dw {padding = array<i64: 1, 1, 1, 1>} : (tensor<1x4x8x8xf32>, tensor<8x1x3x3xf32>) -> tensor<1x8x8x8xf32>
  return %0, %1 : tensor<1x6x5x5xf32>, tensor<1x8x8x8xf32>
}

// -----

// Convolutions over 1 and 3 spatial dims: padding [b_0, e_0, b_1, e_1, ...]
// becomes pads [b_0, b_1, ..., e_0, e_1, ...]. Transposed convolutions ->
// ConvTranspose with explicit pads, output_padding only when not all 0.
// CHECK-LABEL: func.func @conv_nd
// CHECK: nn.onnx_op "Conv"(%{{.*}}, %{{.*}}) {onnx_attributes = {dilations = array<i64: 2>, group = 2 : i64, kernel_shape = array<i64: 3>, pads = array<i64: 1, 2>, strides = array<i64: 2>}} : (tensor<1x4x16xf32>, tensor<6x2x3xf32>) -> tensor<1x6x8xf32>
// CHECK: nn.onnx_op "Conv"(%{{.*}}, %{{.*}}) {onnx_attributes = {dilations = array<i64: 1, 1, 1>, group = 1 : i64, kernel_shape = array<i64: 3, 3, 3>, pads = array<i64: 1, 0, 1, 1, 1, 0>, strides = array<i64: 1, 2, 2>}} : (tensor<1x3x6x8x8xf32>, tensor<4x3x3x3x3xf32>) -> tensor<1x4x6x4x4xf32>
// CHECK: nn.onnx_op "Conv"(%{{.*}}, %{{.*}}) {onnx_attributes = {dilations = array<i64: 1, 1, 1>, group = 3 : i64, kernel_shape = array<i64: 3, 3, 3>, pads = array<i64: 0, 0, 0, 0, 0, 0>, strides = array<i64: 1, 1, 1>}} : (tensor<1x3x6x8x8xf32>, tensor<6x1x3x3x3xf32>) -> tensor<1x6x4x6x6xf32>
// CHECK: nn.onnx_op "ConvTranspose"(%{{.*}}, %{{.*}}, %{{.*}}) {onnx_attributes = {dilations = array<i64: 1, 1>, group = 2 : i64, kernel_shape = array<i64: 3, 3>, output_padding = array<i64: 1, 1>, pads = array<i64: 1, 0, 1, 2>, strides = array<i64: 2, 2>}} : (tensor<1x4x5x5xf32>, tensor<4x3x3x3xf32>, tensor<6xf32>) -> tensor<1x6x10x10xf32>
// CHECK: nn.onnx_op "ConvTranspose"(%{{.*}}, %{{.*}}) {onnx_attributes = {dilations = array<i64: 2>, group = 1 : i64, kernel_shape = array<i64: 3>, pads = array<i64: 1, 2>, strides = array<i64: 2>}} : (tensor<1x2x5xf32>, tensor<2x2x3xf32>) -> tensor<1x2x10xf32>
func.func @conv_nd(%x1: tensor<1x4x16xf32>, %w1: tensor<6x2x3xf32>, %x3: tensor<1x3x6x8x8xf32>, %w3: tensor<4x3x3x3x3xf32>, %dw3: tensor<6x1x3x3x3xf32>, %xt: tensor<1x4x5x5xf32>, %wt: tensor<4x3x3x3xf32>, %bt: tensor<6xf32>, %xt1: tensor<1x2x5xf32>, %wt1: tensor<2x2x3xf32>) {
  %0 = nn.conv1d ncw %x1, %w1 {dilations = array<i64: 2>, groups = 2 : i64, padding = array<i64: 1, 2>, strides = array<i64: 2>} : (tensor<1x4x16xf32>, tensor<6x2x3xf32>) -> tensor<1x6x8xf32>
  %1 = nn.conv3d ncdhw %x3, %w3 {padding = array<i64: 1, 1, 0, 1, 1, 0>, strides = array<i64: 1, 2, 2>} : (tensor<1x3x6x8x8xf32>, tensor<4x3x3x3x3xf32>) -> tensor<1x4x6x4x4xf32>
  %2 = nn.depthwise_conv3d ncdhw %x3, %dw3 : (tensor<1x3x6x8x8xf32>, tensor<6x1x3x3x3xf32>) -> tensor<1x6x4x6x6xf32>
  %3 = nn.conv_transpose2d nchw %xt, %wt, %bt {groups = 2 : i64, output_padding = array<i64: 1, 1>, padding = array<i64: 1, 1, 0, 2>, strides = array<i64: 2, 2>} : (tensor<1x4x5x5xf32>, tensor<4x3x3x3xf32>, tensor<6xf32>) -> tensor<1x6x10x10xf32>
  %4 = nn.conv_transpose1d ncw %xt1, %wt1 {dilations = array<i64: 2>, padding = array<i64: 1, 2>, strides = array<i64: 2>} : (tensor<1x2x5xf32>, tensor<2x2x3xf32>) -> tensor<1x2x10xf32>
  return
}

// -----

// A constant the fold computed for a layer (located at the layer and the
// batch norm) is named after the layer and the parameter it is.
// CHECK-LABEL: func.func @folded_parameters
// CHECK: arith.constant {{.*}} : tensor<2x1x1x1xf32> loc(#[[LW:loc[0-9]*]])
// CHECK: arith.constant {{.*}} : tensor<2xf32> loc(#[[LB:loc[0-9]*]])
// CHECK: nn.onnx_op "Conv"
// CHECK-DAG: #[[LW]] = loc("conv_folded_weight"(#[[FUSED:loc[0-9]*]]))
// CHECK-DAG: #[[LB]] = loc("conv_folded_bias"(#[[FUSED]]))
// CHECK-DAG: #[[FUSED]] = loc(fused[#{{.*}}, #{{.*}}])
func.func @folded_parameters(%x: tensor<1x1x2x2xf32>) -> tensor<1x2x2x2xf32> {
  %w = arith.constant dense<2.0> : tensor<2x1x1x1xf32> loc(fused["conv", "bn"])
  %b = arith.constant dense<1.0> : tensor<2xf32> loc(fused["conv", "bn"])
  %0 = nn.conv2d nchw %x, %w, %b : (tensor<1x1x2x2xf32>, tensor<2x1x1x1xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32> loc("conv")
  return %0 : tensor<1x2x2x2xf32>
}

// -----

// nn.matmul with a 2-D lhs -> Gemm (transA / transB only when set); a
// batched one -> MatMul, after a Transpose of a transposed rhs and followed
// by an Add of the bias, named after the matmul.
// CHECK-LABEL: func.func @matmul
// CHECK-SAME: (%[[A:[a-z0-9]+]]: tensor<2x6xf32>{{.*}}, %[[W:[a-z0-9]+]]: tensor<5x6xf32>{{.*}}, %[[B:[a-z0-9]+]]: tensor<5xf32>{{.*}}, %[[X:[a-z0-9]+]]: tensor<2x3x6xf32>
// CHECK: nn.onnx_op "Gemm"(%[[A]], %[[W]], %[[B]]) {onnx_attributes = {transB = 1 : i64}} : (tensor<2x6xf32>, tensor<5x6xf32>, tensor<5xf32>) -> tensor<2x5xf32>
// CHECK: nn.onnx_op "Gemm"(%{{.*}}, %[[A]]) {onnx_attributes = {transA = 1 : i64, transB = 1 : i64}} : (tensor<6x5xf32>, tensor<2x6xf32>) -> tensor<5x2xf32>
// CHECK: %[[T:.*]] = nn.onnx_op "Transpose"(%[[W]]) {onnx_attributes = {perm = array<i64: 1, 0>}} : (tensor<5x6xf32>) -> tensor<6x5xf32> loc(#[[LT:loc[0-9]*]])
// CHECK: %[[P:.*]] = nn.onnx_op "MatMul"(%[[X]], %[[T]]) : (tensor<2x3x6xf32>, tensor<6x5xf32>) -> tensor<2x3x5xf32> loc(#[[LMM:loc[0-9]*]])
// CHECK: nn.onnx_op "Add"(%[[P]], %[[B]]) : (tensor<2x3x5xf32>, tensor<5xf32>) -> tensor<2x3x5xf32> loc(#[[LADD:loc[0-9]*]])
// CHECK-DAG: #[[LT]] = loc("mm_transpose_rhs")
// CHECK-DAG: #[[LMM]] = loc("mm")
// CHECK-DAG: #[[LADD]] = loc("mm_bias")
func.func @matmul(%a: tensor<2x6xf32>, %w: tensor<5x6xf32>, %b: tensor<5xf32>, %x: tensor<2x3x6xf32>, %at: tensor<6x5xf32>) {
  %0 = nn.matmul %a, %w, %b {transpose_rhs} : (tensor<2x6xf32>, tensor<5x6xf32>, tensor<5xf32>) -> tensor<2x5xf32>
  %1 = nn.matmul %at, %a {transpose_lhs, transpose_rhs} : (tensor<6x5xf32>, tensor<2x6xf32>) -> tensor<5x2xf32>
  %2 = nn.matmul %x, %w, %b {transpose_rhs} : (tensor<2x3x6xf32>, tensor<5x6xf32>, tensor<5xf32>) -> tensor<2x3x5xf32> loc("mm")
  return
}

// -----

// nn.batch_norm over dim 1 -> BatchNormalization with epsilon as f32; an
// absent scale or offset is a constant of ones or zeros named after the
// node.
// CHECK-LABEL: func.func @batch_norm
// CHECK-SAME: (%[[X:[a-z0-9]+]]: tensor<1x3x2x2xf32>{{.*}}, %[[M:[a-z0-9]+]]: tensor<3xf32>{{.*}}, %[[V:[a-z0-9]+]]: tensor<3xf32>
// CHECK: %[[ONES:.*]] = arith.constant dense<1.000000e+00> : tensor<3xf32> loc(#[[LS:loc[0-9]*]])
// CHECK: %[[ZEROS:.*]] = arith.constant dense<0.000000e+00> : tensor<3xf32> loc(#[[LO:loc[0-9]*]])
// CHECK: nn.onnx_op "BatchNormalization"(%[[X]], %[[ONES]], %[[ZEROS]], %[[M]], %[[V]]) {onnx_attributes = {epsilon = 1.000000e-03 : f32}}
// CHECK: nn.onnx_op "BatchNormalization"(%{{.*}}, %[[M]], %[[V]], %[[M]], %[[V]]) {onnx_attributes = {epsilon = 9.99999974E-6 : f32}} : (tensor<4x3xf32>,
// CHECK-DAG: #[[LS]] = loc("bn_scale")
// CHECK-DAG: #[[LO]] = loc("bn_offset")
func.func @batch_norm(%x: tensor<1x3x2x2xf32>, %m: tensor<3xf32>, %v: tensor<3xf32>, %x2: tensor<4x3xf32>) {
  %0 = nn.batch_norm nchw %x, %m, %v {epsilon = 1.0e-3 : f64} : (tensor<1x3x2x2xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<1x3x2x2xf32> loc("bn")
  %1 = nn.batch_norm %x2, %m, %v scale %m offset %v {axis = 1 : i64} : (tensor<4x3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<4x3xf32>
  return
}

// -----

// nn.reshape -> Reshape to a new constant shape named after the node (-1
// for the dynamic dim; "reshape_shape" without a name).
// CHECK-LABEL: func.func @reshape
// CHECK: %[[S:.*]] = arith.constant dense<[-1, 32]> : tensor<2xi64> loc(#[[LS:loc[0-9]*]])
// CHECK: nn.onnx_op "Reshape"(%{{.*}}, %[[S]]) : (tensor<?x32x1x1xf32>, tensor<2xi64>) -> tensor<?x32xf32>
// CHECK: %[[S2:.*]] = arith.constant dense<[2, 2, 8]> : tensor<3xi64> loc(#[[LS2:loc[0-9]*]])
// CHECK: nn.onnx_op "Reshape"(%{{.*}}, %[[S2]])
// CHECK-DAG: #[[LS]] = loc("flat_shape")
// CHECK-DAG: #[[LS2]] = loc("reshape_shape")
func.func @reshape(%x: tensor<?x32x1x1xf32>, %y: tensor<4x8xf32>) {
  %0 = nn.reshape %x : (tensor<?x32x1x1xf32>) -> tensor<?x32xf32> loc("flat")
  %1 = nn.reshape %y : (tensor<4x8xf32>) -> tensor<2x2x8xf32> loc(unknown)
  return
}

// -----

// nn.relu, nn.identity and nn.add are one node each.
// CHECK-LABEL: func.func @elementwise
// CHECK: %[[R:.*]] = nn.onnx_op "Relu"(%{{.*}}) : (tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK: %[[I:.*]] = nn.onnx_op "Identity"(%[[R]]) : (tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK: nn.onnx_op "Add"(%[[I]], %[[R]]) : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK-NOT: nn.relu
func.func @elementwise(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = nn.relu %x : tensor<2x3xf32>
  %1 = nn.identity %0 : tensor<2x3xf32>
  %2 = nn.add %1, %0 : tensor<2x3xf32>
  return %2 : tensor<2x3xf32>
}

// -----

// The broadcasting elementwise ops are one node each, with the operands as
// they are (ONNX broadcasts the same way); nn.rsqrt is Sqrt then
// Reciprocal, the Sqrt named after it.
// CHECK-LABEL: func.func @broadcast
// CHECK-SAME: (%[[X:[a-z0-9]+]]: tensor<1x8x4x4xf32>{{.*}}, %[[C:[a-z0-9]+]]: tensor<8x1x1xf32>{{.*}}, %[[S:[a-z0-9]+]]: tensor<f32>
// CHECK: %[[MUL:.*]] = nn.onnx_op "Mul"(%[[X]], %[[C]]) : (tensor<1x8x4x4xf32>, tensor<8x1x1xf32>) -> tensor<1x8x4x4xf32> loc(#[[LMUL:loc[0-9]*]])
// CHECK: %[[SUB:.*]] = nn.onnx_op "Sub"(%[[C]], %[[MUL]]) : (tensor<8x1x1xf32>, tensor<1x8x4x4xf32>) -> tensor<1x8x4x4xf32>
// CHECK: %[[DIV:.*]] = nn.onnx_op "Div"(%[[SUB]], %[[S]]) : (tensor<1x8x4x4xf32>, tensor<f32>) -> tensor<1x8x4x4xf32>
// CHECK: %[[ADD:.*]] = nn.onnx_op "Add"(%[[DIV]], %[[C]]) : (tensor<1x8x4x4xf32>, tensor<8x1x1xf32>) -> tensor<1x8x4x4xf32>
// CHECK: %[[SQRT:.*]] = nn.onnx_op "Sqrt"(%[[C]]) : (tensor<8x1x1xf32>) -> tensor<8x1x1xf32>
// CHECK: %[[REC:.*]] = nn.onnx_op "Reciprocal"(%[[SQRT]]) : (tensor<8x1x1xf32>) -> tensor<8x1x1xf32>
// CHECK: %[[RS:.*]] = nn.onnx_op "Sqrt"(%[[C]]) : (tensor<8x1x1xf32>) -> tensor<8x1x1xf32> loc(#[[LRS:loc[0-9]*]])
// CHECK: %[[RR:.*]] = nn.onnx_op "Reciprocal"(%[[RS]]) : (tensor<8x1x1xf32>) -> tensor<8x1x1xf32> loc(#[[LRR:loc[0-9]*]])
// CHECK: %[[RU:.*]] = nn.onnx_op "Sqrt"(%[[C]]) : (tensor<8x1x1xf32>) -> tensor<8x1x1xf32> loc(#[[LRU:loc[0-9]*]])
// CHECK: nn.onnx_op "Reciprocal"(%[[RU]]) : (tensor<8x1x1xf32>) -> tensor<8x1x1xf32> loc(#[[LRUR:loc[0-9]*]])
// CHECK-NOT: nn.{{mul|add|sub|div|sqrt|rsqrt|reciprocal}}
// CHECK-DAG: #[[LMUL]] = loc("mul")
// CHECK-DAG: #[[LRS]] = loc("rs_sqrt")
// CHECK-DAG: #[[LRR]] = loc("rs")
// CHECK-DAG: #[[LRU]] = loc("rsqrt_sqrt")
// CHECK-DAG: #[[LRUR]] = loc(unknown)
func.func @broadcast(%x: tensor<1x8x4x4xf32>, %c: tensor<8x1x1xf32>, %s: tensor<f32>) {
  %0 = nn.mul %x, %c : (tensor<1x8x4x4xf32>, tensor<8x1x1xf32>) -> tensor<1x8x4x4xf32> loc("mul")
  %1 = nn.sub %c, %0 : (tensor<8x1x1xf32>, tensor<1x8x4x4xf32>) -> tensor<1x8x4x4xf32>
  %2 = nn.div %1, %s : (tensor<1x8x4x4xf32>, tensor<f32>) -> tensor<1x8x4x4xf32>
  %3 = nn.add %2, %c : (tensor<1x8x4x4xf32>, tensor<8x1x1xf32>) -> tensor<1x8x4x4xf32>
  %4 = nn.sqrt %c : tensor<8x1x1xf32>
  %5 = nn.reciprocal %4 : tensor<8x1x1xf32>
  %6 = nn.rsqrt %c : tensor<8x1x1xf32> loc("rs")
  %7 = nn.rsqrt %c : tensor<8x1x1xf32> loc(unknown)
  return
}
