// RUN: bnfold-opt --bnfold-lower-to-llvm %s | FileCheck %s

// The whole pipeline leaves only the LLVM dialect: no nn, linalg, tensor,
// memref, bufferization, scf, cf or unrealized casts.
// CHECK-LABEL: llvm.func @model
// CHECK-NOT: nn.
// CHECK-NOT: linalg.
// CHECK-NOT: tensor.
// CHECK-NOT: memref.
// CHECK-NOT: bufferization.
// CHECK-NOT: scf.
// CHECK-NOT: cf.
// CHECK-NOT: unrealized_conversion_cast
// CHECK: llvm.func @_mlir_ciface_model
func.func @model(%x: tensor<?x8x8x3xbf16>) -> tensor<?x4x4x8xbf16> attributes {llvm.emit_c_interface} {
  %w = arith.constant dense<0.5> : tensor<3x3x3x8xbf16>
  %mean = arith.constant dense<0.1> : tensor<8xbf16>
  %var = arith.constant dense<2.0> : tensor<8xbf16>
  %y = nn.conv2d nhwc %x, %w {strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>} : (tensor<?x8x8x3xbf16>, tensor<3x3x3x8xbf16>) -> tensor<?x4x4x8xbf16>
  %z = nn.batch_norm nhwc %y, %mean, %var : (tensor<?x4x4x8xbf16>, tensor<8xbf16>, tensor<8xbf16>) -> tensor<?x4x4x8xbf16>
  %r = nn.relu %z : tensor<?x4x4x8xbf16>
  return %r : tensor<?x4x4x8xbf16>
}
