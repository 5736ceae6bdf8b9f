// RUN: bnfold-opt --convert-onnx-to-nn --split-input-file --mlir-print-debuginfo %s | FileCheck %s
// RUN: bnfold-opt --convert-onnx-to-nn=report-carried --split-input-file --verify-diagnostics %s -o /dev/null

// Add of two tensors of the result's type, Relu and Identity of float
// tensors -> nn.add, nn.relu, nn.identity; node names stay the locations.
// CHECK-LABEL: func.func @elementwise
// CHECK-SAME: (%[[X:[a-z0-9]+]]: tensor<2x3xf32>
// CHECK: %[[I:.*]] = nn.identity %[[X]] : tensor<2x3xf32> loc(#[[LID:loc[0-9]*]])
// CHECK: %[[A:.*]] = nn.add %[[I]], %[[X]] : tensor<2x3xf32> loc(#[[LADD:loc[0-9]*]])
// CHECK: %[[R:.*]] = nn.relu %[[A]] : tensor<2x3xf32> loc(#[[LRELU:loc[0-9]*]])
// CHECK: return %[[R]]
// CHECK-DAG: #[[LID]] = loc("id")
// CHECK-DAG: #[[LADD]] = loc("add")
// CHECK-DAG: #[[LRELU]] = loc("relu")
module attributes {onnx.opset_import = {ai.onnx = 14 : i64}} {
func.func @elementwise(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = nn.onnx_op "Identity"(%x) : (tensor<2x3xf32>) -> tensor<2x3xf32> loc("id")
  %1 = nn.onnx_op "Add"(%0, %x) : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32> loc("add")
  %2 = nn.onnx_op "Relu"(%1) : (tensor<2x3xf32>) -> tensor<2x3xf32> loc("relu")
  return %2 : tensor<2x3xf32>
}
}

// -----

// What stays: an Add of ints, a Relu of ints (Relu-14), an Identity of an
// unranked tensor, a Relu whose result type is not its input's.
// CHECK-LABEL: func.func @no_raise_elementwise
// CHECK: nn.onnx_op "Add"
// CHECK: nn.onnx_op "Relu"
// CHECK: nn.onnx_op "Identity"
// CHECK: nn.onnx_op "Relu"
// CHECK-NOT: nn.add
// CHECK-NOT: nn.relu
// CHECK-NOT: nn.identity
module attributes {onnx.opset_import = {ai.onnx = 14 : i64}} {
func.func @no_raise_elementwise(%x: tensor<2x3xf32>, %i: tensor<2x3xi32>, %u: tensor<*xf32>) {
  // expected-remark @+1 {{stays 'nn.onnx_op' because its operands and result are not ranked f16, bf16, f32 or f64 tensors of one element type}}
  %1 = nn.onnx_op "Add"(%i, %i) : (tensor<2x3xi32>, tensor<2x3xi32>) -> tensor<2x3xi32>
  // expected-remark @+1 {{stays 'nn.onnx_op' because it is not on a ranked f16, bf16, f32 or f64 tensor}}
  %2 = nn.onnx_op "Relu"(%i) : (tensor<2x3xi32>) -> tensor<2x3xi32>
  // expected-remark @+1 {{stays 'nn.onnx_op' because it is not of a ranked f16, bf16, f32 or f64 tensor}}
  %3 = nn.onnx_op "Identity"(%u) : (tensor<*xf32>) -> tensor<*xf32>
  // expected-remark @+1 {{stays 'nn.onnx_op' because it is not on a ranked f16, bf16, f32 or f64 tensor}}
  %4 = nn.onnx_op "Relu"(%x) : (tensor<2x3xf32>) -> tensor<?x3xf32>
  return
}
}

// -----

// Add, Sub, Mul and Div broadcast as ONNX does, with the operands' own
// shapes: per-channel constants [C, 1, 1] and [1, C, 1, 1] on either side,
// a scalar, a dynamic batch facing a 1. Sqrt and Reciprocal of float
// tensors. The node names stay the locations.
// CHECK-LABEL: func.func @broadcast
// CHECK-SAME: (%[[X:[a-z0-9]+]]: tensor<?x8x4x4xf32>{{.*}}, %[[C:[a-z0-9]+]]: tensor<8x1x1xf32>{{.*}}, %[[C4:[a-z0-9]+]]: tensor<1x8x1x1xf32>{{.*}}, %[[S:[a-z0-9]+]]: tensor<f32>
// CHECK: %[[MUL:.*]] = nn.mul %[[X]], %[[C]] : (tensor<?x8x4x4xf32>, tensor<8x1x1xf32>) -> tensor<?x8x4x4xf32> loc(#[[LMUL:loc[0-9]*]])
// CHECK: %[[SUB:.*]] = nn.sub %[[C4]], %[[MUL]] : (tensor<1x8x1x1xf32>, tensor<?x8x4x4xf32>) -> tensor<?x8x4x4xf32>
// CHECK: %[[DIV:.*]] = nn.div %[[SUB]], %[[C]] : (tensor<?x8x4x4xf32>, tensor<8x1x1xf32>) -> tensor<?x8x4x4xf32>
// CHECK: %[[ADD:.*]] = nn.add %[[C]], %[[DIV]] : (tensor<8x1x1xf32>, tensor<?x8x4x4xf32>) -> tensor<?x8x4x4xf32>
// CHECK: %[[EPS:.*]] = nn.add %[[C]], %[[S]] : (tensor<8x1x1xf32>, tensor<f32>) -> tensor<8x1x1xf32>
// CHECK: %[[SQRT:.*]] = nn.sqrt %[[EPS]] : tensor<8x1x1xf32> loc(#[[LSQRT:loc[0-9]*]])
// CHECK: %[[REC:.*]] = nn.reciprocal %[[SQRT]] : tensor<8x1x1xf32> loc(#[[LREC:loc[0-9]*]])
// CHECK: %[[SCALE:.*]] = nn.mul %[[ADD]], %[[REC]] : (tensor<?x8x4x4xf32>, tensor<8x1x1xf32>) -> tensor<?x8x4x4xf32>
// CHECK: return %[[SCALE]]
// CHECK-DAG: #[[LMUL]] = loc("mul")
// CHECK-DAG: #[[LSQRT]] = loc("sqrt")
// CHECK-DAG: #[[LREC]] = loc("reciprocal")
module attributes {onnx.opset_import = {ai.onnx = 13 : i64}} {
func.func @broadcast(%x: tensor<?x8x4x4xf32>, %c: tensor<8x1x1xf32>, %c4: tensor<1x8x1x1xf32>, %s: tensor<f32>) -> tensor<?x8x4x4xf32> {
  %0 = nn.onnx_op "Mul"(%x, %c) : (tensor<?x8x4x4xf32>, tensor<8x1x1xf32>) -> tensor<?x8x4x4xf32> loc("mul")
  %1 = nn.onnx_op "Sub"(%c4, %0) : (tensor<1x8x1x1xf32>, tensor<?x8x4x4xf32>) -> tensor<?x8x4x4xf32>
  %2 = nn.onnx_op "Div"(%1, %c) : (tensor<?x8x4x4xf32>, tensor<8x1x1xf32>) -> tensor<?x8x4x4xf32>
  %3 = nn.onnx_op "Add"(%c, %2) : (tensor<8x1x1xf32>, tensor<?x8x4x4xf32>) -> tensor<?x8x4x4xf32>
  %4 = nn.onnx_op "Add"(%c, %s) : (tensor<8x1x1xf32>, tensor<f32>) -> tensor<8x1x1xf32>
  %5 = nn.onnx_op "Sqrt"(%4) : (tensor<8x1x1xf32>) -> tensor<8x1x1xf32> loc("sqrt")
  %6 = nn.onnx_op "Reciprocal"(%5) : (tensor<8x1x1xf32>) -> tensor<8x1x1xf32> loc("reciprocal")
  %7 = nn.onnx_op "Mul"(%3, %6) : (tensor<?x8x4x4xf32>, tensor<8x1x1xf32>) -> tensor<?x8x4x4xf32>
  return %7 : tensor<?x8x4x4xf32>
}
}

// -----

// Every opset from 7 on has the same float semantics (Div-7, Div-13 and
// Div-14 differ in integer types only); f16 and f64 too.
// CHECK-LABEL: func.func @opsets
// CHECK: nn.div {{.*}} : (tensor<2x3xf16>, tensor<3xf16>) -> tensor<2x3xf16>
// CHECK: nn.sub {{.*}} : (tensor<2x3xf64>, tensor<1x1xf64>) -> tensor<2x3xf64>
module attributes {onnx.opset_import = {ai.onnx = 11 : i64}} {
func.func @opsets(%h: tensor<2x3xf16>, %hr: tensor<3xf16>, %d: tensor<2x3xf64>, %ds: tensor<1x1xf64>) {
  %0 = nn.onnx_op "Div"(%h, %hr) : (tensor<2x3xf16>, tensor<3xf16>) -> tensor<2x3xf16>
  %1 = nn.onnx_op "Sub"(%d, %ds) : (tensor<2x3xf64>, tensor<1x1xf64>) -> tensor<2x3xf64>
  return
}
}

// -----

// What stays, and why: a broadcast that depends on whether a dynamic dim is
// 1 at run time (facing a static 4, or another dynamic dim); operands of
// integer or unranked types; Sqrt of an unranked tensor.
// CHECK-LABEL: func.func @no_raise_broadcast
// CHECK-COUNT-5: nn.onnx_op "{{Mul|Add|Sub|Div}}"
// CHECK: nn.onnx_op "Sqrt"
// CHECK-NOT: nn.{{mul|add|sub|div|sqrt}}
module attributes {onnx.opset_import = {ai.onnx = 14 : i64}} {
func.func @no_raise_broadcast(%a: tensor<?x8xf32>, %w: tensor<4x8xf32>, %b: tensor<?x1xf32>, %i: tensor<2x3xi32>, %u: tensor<*xf32>, %row: tensor<3xf32>) {
  // expected-remark @+1 {{stays 'nn.onnx_op' because its operands' dims at result dim 0 are ? and 4: whether one of them broadcasts is only known at run time}}
  %0 = nn.onnx_op "Mul"(%a, %w) : (tensor<?x8xf32>, tensor<4x8xf32>) -> tensor<4x8xf32>
  // expected-remark @+1 {{stays 'nn.onnx_op' because its operands' dims at result dim 0 are ? and ?: whether one of them broadcasts is only known at run time}}
  %1 = nn.onnx_op "Add"(%a, %b) : (tensor<?x8xf32>, tensor<?x1xf32>) -> tensor<?x8xf32>
  // expected-remark @+1 {{stays 'nn.onnx_op' because its operands and result are not ranked f16, bf16, f32 or f64 tensors of one element type}}
  %2 = nn.onnx_op "Sub"(%i, %i) : (tensor<2x3xi32>, tensor<2x3xi32>) -> tensor<2x3xi32>
  // expected-remark @+1 {{stays 'nn.onnx_op' because its operands and result are not ranked f16, bf16, f32 or f64 tensors of one element type}}
  %3 = nn.onnx_op "Div"(%u, %row) : (tensor<*xf32>, tensor<3xf32>) -> tensor<*xf32>
  // expected-remark @+1 {{stays 'nn.onnx_op' because its operands' dims at result dim 0 are 4 and ?: whether one of them broadcasts is only known at run time}}
  %5 = nn.onnx_op "Mul"(%w, %a) : (tensor<4x8xf32>, tensor<?x8xf32>) -> tensor<4x8xf32>
  // expected-remark @+1 {{stays 'nn.onnx_op' because it is not on a ranked f16, bf16, f32 or f64 tensor}}
  %4 = nn.onnx_op "Sqrt"(%u) : (tensor<*xf32>) -> tensor<*xf32>
  return
}
}
