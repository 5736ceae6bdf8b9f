// ONNX has no splat tensors: a splat constant is written element by
// element, and its type can claim any size for free. The splats of one
// model may expand to at most --max-splat-bytes (default 256 MiB) in all;
// past it the export stops at the constant that crosses it, before
// allocating for it, and writes nothing.

// RUN: rm -f %t.onnx
// RUN: not bnfold-translate --export-onnx %s -o %t.onnx 2>&1 | FileCheck %s
// RUN: test ! -e %t.onnx

// 4 GB of f32 from a few bytes of MLIR.
// CHECK: error: node "huge": cannot export constant: it is a splat of 1000000000 elements, and ONNX has no splat tensors; writing it out would take the model's expanded splats past the limit of 268435456 bytes (bnfold-translate --max-splat-bytes)
func.func @main(%x: tensor<1000000000xf32>) -> tensor<1000000000xf32> {
  %0 = arith.constant dense<1.0> : tensor<1000000000xf32> loc("huge")
  %1 = nn.add %x, %0 : tensor<1000000000xf32>
  return %1 : tensor<1000000000xf32>
}

// The limit counts all the splats of the model; --max-splat-bytes moves it.
// RUN: bnfold-translate --export-onnx %S/Inputs/splat-moderate.mlir -o %t.onnx
// RUN: bnfold-translate --import-onnx %t.onnx | FileCheck %s --check-prefix=MODERATE
// MODERATE-COUNT-2: arith.constant dense_resource
// RUN: rm -f %t.onnx
// RUN: not bnfold-translate --export-onnx --max-splat-bytes=6000000 %S/Inputs/splat-moderate.mlir -o %t.onnx 2>&1 | FileCheck %s --check-prefix=TOTAL
// RUN: test ! -e %t.onnx
// TOTAL: error: node "second": cannot export constant: it is a splat of 1048576 elements, and ONNX has no splat tensors; writing it out would take the model's expanded splats past the limit of 6000000 bytes

// Tensor attributes of carried nodes and the defaults of graph inputs too.
// RUN: not bnfold-translate --export-onnx %S/Inputs/splat-attribute.mlir -o %t.onnx 2>&1 | FileCheck %s --check-prefix=ATTRIBUTE
// ATTRIBUTE: error: node "fill": cannot export attribute 'value': it is a splat of 1000000000 elements
// RUN: not bnfold-translate --export-onnx %S/Inputs/splat-default.mlir -o %t.onnx 2>&1 | FileCheck %s --check-prefix=DEFAULT
// DEFAULT: error: cannot export the default value of graph input 'x': it is a splat of 1000000000 elements

// RUN: not bnfold-translate --export-onnx %S/Inputs/splat-overflow.mlir -o %t.onnx 2>&1 | FileCheck %s --check-prefix=OVERFLOW
// OVERFLOW: error: node "wide": cannot export constant: its type 'tensor<4611686018427387904x4xf32>' has more elements than fit in int64
// RUN: test ! -e %t.onnx
