// Lowering is the inverse of raising: raise -> lower -> raise gives the
// raised IR again, and lower -> raise -> lower the lowered one, for every
// mapping (the nodes the exporter writes for an nn op raise back to it).

// RUN: bnfold-opt --convert-onnx-to-nn %s -o %t.raised.mlir
// RUN: bnfold-opt --convert-nn-to-onnx %t.raised.mlir -o %t.lowered.mlir
// RUN: bnfold-opt --convert-onnx-to-nn %t.lowered.mlir -o %t.raised2.mlir
// RUN: bnfold-opt --convert-nn-to-onnx %t.raised2.mlir -o %t.lowered2.mlir
// RUN: diff %t.raised.mlir %t.raised2.mlir
// RUN: diff %t.lowered.mlir %t.lowered2.mlir
// RUN: FileCheck %s < %t.raised.mlir
// RUN: FileCheck %s --check-prefix=LOWERED < %t.lowered.mlir

// CHECK: nn.conv2d
// CHECK: nn.depthwise_conv2d
// CHECK: nn.batch_norm
// CHECK: nn.relu
// CHECK: nn.onnx_op "MaxPool"
// CHECK: nn.reshape
// CHECK: nn.matmul
// CHECK: nn.batch_norm
// CHECK: nn.identity
// CHECK: nn.add
// CHECK: nn.conv1d
// CHECK: nn.conv3d
// CHECK: nn.depthwise_conv3d
// CHECK: nn.conv_transpose2d
// CHECK: nn.conv_transpose1d
// CHECK: nn.batch_norm
// CHECK: nn.mul
// CHECK: nn.sub
// CHECK: nn.div
// CHECK: nn.add
// CHECK: nn.sqrt
// CHECK: nn.reciprocal
// CHECK: nn.matmul {{.*}} {transpose_rhs} : (tensor<2x3x6xf32>, tensor<5x6xf32>) -> tensor<2x3x5xf32>
// CHECK-NOT: nn.onnx_op "{{Conv|ConvTranspose|BatchNormalization|Relu|Flatten|Gemm|Identity|Add|Sub|Mul|Div|Sqrt|Reciprocal}}"
// LOWERED-NOT: nn.{{[a-z_0-9]+}} 
// LOWERED-COUNT-2: nn.onnx_op "Conv"
// LOWERED-COUNT-3: nn.onnx_op "Conv"
// LOWERED-COUNT-2: nn.onnx_op "ConvTranspose"

module attributes {onnx.opset_import = {ai.onnx = 13 : i64}} {
func.func @main(%x: tensor<1x4x8x8xf32>, %w: tensor<8x4x3x3xf32>, %dw: tensor<8x1x3x3xf32>, %p: tensor<8xf32>, %b: tensor<10xf32>, %q: tensor<10xf32>) -> tensor<1x10xf32> {
  %0 = nn.onnx_op "Conv"(%x, %w, %p) {onnx_attributes = {dilations = array<i64: 1, 1>, group = 1 : i64, kernel_shape = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>}} : (tensor<1x4x8x8xf32>, tensor<8x4x3x3xf32>, tensor<8xf32>) -> tensor<1x8x4x4xf32>
  %1 = nn.onnx_op "Conv"(%0, %dw) {onnx_attributes = {dilations = array<i64: 1, 1>, group = 8 : i64, kernel_shape = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>}} : (tensor<1x8x4x4xf32>, tensor<8x1x3x3xf32>) -> tensor<1x8x4x4xf32>
  %2 = nn.onnx_op "BatchNormalization"(%1, %p, %p, %p, %p) {onnx_attributes = {epsilon = 1.000000e-03 : f32}} : (tensor<1x8x4x4xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<1x8x4x4xf32>
  %3 = nn.onnx_op "Relu"(%2) : (tensor<1x8x4x4xf32>) -> tensor<1x8x4x4xf32>
  %4 = nn.onnx_op "MaxPool"(%3) {onnx_attributes = {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>}} : (tensor<1x8x4x4xf32>) -> tensor<1x8x2x2xf32>
  %5 = nn.onnx_op "Flatten"(%4) : (tensor<1x8x2x2xf32>) -> tensor<1x32xf32>
  %s = arith.constant dense<[1, 32]> : tensor<2xi64>
  %6 = nn.onnx_op "Reshape"(%5, %s) : (tensor<1x32xf32>, tensor<2xi64>) -> tensor<1x32xf32>
  %fc2 = arith.constant dense<1.0> : tensor<32x10xf32>
  %7 = nn.onnx_op "Gemm"(%6, %fc2, %b) : (tensor<1x32xf32>, tensor<32x10xf32>, tensor<10xf32>) -> tensor<1x10xf32>
  %8 = nn.onnx_op "BatchNormalization"(%7, %q, %q, %q, %q) {onnx_attributes = {epsilon = 9.99999974E-6 : f32}} : (tensor<1x10xf32>, tensor<10xf32>, tensor<10xf32>, tensor<10xf32>, tensor<10xf32>) -> tensor<1x10xf32>
  %9 = nn.onnx_op "Identity"(%8) : (tensor<1x10xf32>) -> tensor<1x10xf32>
  %10 = nn.onnx_op "Add"(%9, %8) : (tensor<1x10xf32>, tensor<1x10xf32>) -> tensor<1x10xf32>
  return %10 : tensor<1x10xf32>
}

func.func @conv_nd(%x1: tensor<1x4x16xf32>, %w1: tensor<6x2x3xf32>, %x3: tensor<1x3x6x8x8xf32>, %w3: tensor<4x3x3x3x3xf32>, %dw3: tensor<6x1x3x3x3xf32>, %xt: tensor<1x4x5x5xf32>, %wt: tensor<4x3x3x3xf32>, %bt: tensor<6xf32>, %xt1: tensor<1x2x5xf32>, %wt1: tensor<2x2x3xf32>, %p: tensor<2xf32>) -> tensor<1x2x10xf32> {
  %0 = nn.onnx_op "Conv"(%x1, %w1) {onnx_attributes = {dilations = array<i64: 2>, group = 2 : i64, pads = array<i64: 1, 2>, strides = array<i64: 2>}} : (tensor<1x4x16xf32>, tensor<6x2x3xf32>) -> tensor<1x6x8xf32>
  %1 = nn.onnx_op "Conv"(%x3, %w3) {onnx_attributes = {auto_pad = "SAME_LOWER", strides = array<i64: 1, 2, 1>}} : (tensor<1x3x6x8x8xf32>, tensor<4x3x3x3x3xf32>) -> tensor<1x4x6x4x8xf32>
  %2 = nn.onnx_op "Conv"(%x3, %dw3) {onnx_attributes = {group = 3 : i64}} : (tensor<1x3x6x8x8xf32>, tensor<6x1x3x3x3xf32>) -> tensor<1x6x4x6x6xf32>
  %3 = nn.onnx_op "ConvTranspose"(%xt, %wt, %bt) {onnx_attributes = {group = 2 : i64, output_padding = array<i64: 1, 1>, pads = array<i64: 1, 0, 1, 2>, strides = array<i64: 2, 2>}} : (tensor<1x4x5x5xf32>, tensor<4x3x3x3xf32>, tensor<6xf32>) -> tensor<1x6x10x10xf32>
  %4 = nn.onnx_op "ConvTranspose"(%xt1, %wt1) {onnx_attributes = {auto_pad = "SAME_UPPER", dilations = array<i64: 2>, strides = array<i64: 2>}} : (tensor<1x2x5xf32>, tensor<2x2x3xf32>) -> tensor<1x2x10xf32>
  %5 = nn.onnx_op "BatchNormalization"(%4, %p, %p, %p, %p) : (tensor<1x2x10xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x10xf32>
  return %5 : tensor<1x2x10xf32>
}

func.func @elementwise_steps(%x: tensor<?x8x4x4xf32>, %c: tensor<8x1x1xf32>, %c4: tensor<1x8x1x1xf32>, %s: tensor<f32>) -> (tensor<?x8x4x4xf32>, tensor<8x1x1xf32>) {
  %0 = nn.onnx_op "Mul"(%x, %c) : (tensor<?x8x4x4xf32>, tensor<8x1x1xf32>) -> tensor<?x8x4x4xf32>
  %1 = nn.onnx_op "Sub"(%c4, %0) : (tensor<1x8x1x1xf32>, tensor<?x8x4x4xf32>) -> tensor<?x8x4x4xf32>
  %2 = nn.onnx_op "Div"(%1, %s) : (tensor<?x8x4x4xf32>, tensor<f32>) -> tensor<?x8x4x4xf32>
  %3 = nn.onnx_op "Add"(%2, %c) : (tensor<?x8x4x4xf32>, tensor<8x1x1xf32>) -> tensor<?x8x4x4xf32>
  %4 = nn.onnx_op "Sqrt"(%c) : (tensor<8x1x1xf32>) -> tensor<8x1x1xf32>
  %5 = nn.onnx_op "Reciprocal"(%4) : (tensor<8x1x1xf32>) -> tensor<8x1x1xf32>
  return %3, %5 : tensor<?x8x4x4xf32>, tensor<8x1x1xf32>
}

func.func @batched_matmul_transposed(%x: tensor<2x3x6xf32>, %w: tensor<5x6xf32>) -> tensor<2x3x5xf32> {
  %0 = nn.onnx_op "Transpose"(%w) {onnx_attributes = {perm = array<i64: 1, 0>}} : (tensor<5x6xf32>) -> tensor<6x5xf32>
  %1 = nn.onnx_op "MatMul"(%x, %0) : (tensor<2x3x6xf32>, tensor<6x5xf32>) -> tensor<2x3x5xf32>
  return %1 : tensor<2x3x5xf32>
}
}
