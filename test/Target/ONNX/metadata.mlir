// The model's metadata survives export and import: IR version, opsets,
// producer, domain, model version, doc strings and metadata properties
// (key-value pairs, in order) are onnx.* module attributes.

// RUN: bnfold-translate --export-onnx %s -o %t.onnx
// RUN: bnfold-translate --import-onnx %t.onnx | FileCheck %s
// RUN: bnfold-translate --fold-onnx --quiet %t.onnx -o %t.folded.onnx
// RUN: bnfold-translate --import-onnx %t.folded.onnx | FileCheck %s

// CHECK:      module attributes {
// CHECK-SAME: onnx.doc_string = "a model with metadata"
// CHECK-SAME: onnx.domain = "org.example"
// CHECK-SAME: onnx.graph_doc_string = "the graph"
// CHECK-SAME: onnx.graph_name = "meta"
// CHECK-SAME: onnx.ir_version = 8 : i64
// CHECK-SAME: onnx.metadata_props = {{\[\["author", "bnfold tests"\], \["license", "none"\]\]}}
// CHECK-SAME: onnx.model_version = 7 : i64
// CHECK-SAME: onnx.opset_import = {ai.onnx = 13 : i64, com.example = 1 : i64}
// CHECK-SAME: onnx.producer_name = "producer"
// CHECK-SAME: onnx.producer_version = "1.2.3"
module attributes {onnx.doc_string = "a model with metadata", onnx.domain = "org.example", onnx.graph_doc_string = "the graph", onnx.graph_name = "meta", onnx.ir_version = 8 : i64, onnx.metadata_props = [["author", "bnfold tests"], ["license", "none"]], onnx.model_version = 7 : i64, onnx.opset_import = {ai.onnx = 13 : i64, com.example = 1 : i64}, onnx.producer_name = "producer", onnx.producer_version = "1.2.3"} {
  func.func @main(%x: tensor<2x3xf32> {onnx.name = "x"}) -> (tensor<2x3xf32> {onnx.name = "y"}) {
    %0 = nn.relu %x : tensor<2x3xf32>
    return %0 : tensor<2x3xf32>
  }
}
