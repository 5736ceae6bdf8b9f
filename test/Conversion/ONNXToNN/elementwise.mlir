// RUN: bnfold-opt --convert-onnx-to-nn --split-input-file --mlir-print-debuginfo %s | FileCheck %s

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

// What stays: a broadcasting Add, an Add of ints, a Relu of ints
// (Relu-14), an Identity of an unranked tensor, a Relu whose result type is
// not its input's.
// CHECK-LABEL: func.func @no_raise_elementwise
// CHECK: nn.onnx_op "Add"
// CHECK: nn.onnx_op "Add"
// CHECK: nn.onnx_op "Relu"
// CHECK: nn.onnx_op "Identity"
// CHECK: nn.onnx_op "Relu"
// CHECK-NOT: nn.add
// CHECK-NOT: nn.relu
// CHECK-NOT: nn.identity
module attributes {onnx.opset_import = {ai.onnx = 14 : i64}} {
func.func @no_raise_elementwise(%x: tensor<2x3xf32>, %row: tensor<3xf32>, %i: tensor<2x3xi32>, %u: tensor<*xf32>) {
  %0 = nn.onnx_op "Add"(%x, %row) : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %1 = nn.onnx_op "Add"(%i, %i) : (tensor<2x3xi32>, tensor<2x3xi32>) -> tensor<2x3xi32>
  %2 = nn.onnx_op "Relu"(%i) : (tensor<2x3xi32>) -> tensor<2x3xi32>
  %3 = nn.onnx_op "Identity"(%u) : (tensor<*xf32>) -> tensor<*xf32>
  %4 = nn.onnx_op "Relu"(%x) : (tensor<2x3xf32>) -> tensor<?x3xf32>
  return
}
}
