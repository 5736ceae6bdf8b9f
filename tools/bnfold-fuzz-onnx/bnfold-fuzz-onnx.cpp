//===- bnfold-fuzz-onnx.cpp - libFuzzer target for the ONNX translation ---===//
//
// Feeds arbitrary bytes through what `bnfold-translate --fold-onnx` does
// (bnfold::foldONNX): protobuf parse -> onnx::checker -> shape inference
// (with bnfold's int64 shape evaluation) -> import -> convert-onnx-to-nn ->
// fold with the report -> convert-nn-to-onnx -> export (with onnx::checker)
// -> re-import of the exported bytes, and the importer's own shape
// evaluation once more in-process (in the tool it runs in the isolated
// child, with libonnx). Every failure must be a diagnostic;
// anything that aborts, traps or trips ASan/UBSan is a bug.
//
// Build: cmake -DBNFOLD_ENABLE_FUZZER=ON with clang-22 (scripts/sanitize.sh);
// run: scripts/fuzz.sh (seeds: test/Target/ONNX/Inputs/*.onnx).
//
//===----------------------------------------------------------------------===//

#include "bnfold/Dialect/NN/IR/NNDialect.h"
#include "bnfold/Target/ONNX/TranslateRegistration.h"
#include "ShapeInference.h" // lib/Target/ONNX: the in-process evaluation

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"

#include <cstddef>
#include <cstdint>
#include <string>

using namespace mlir;

static const DialectRegistry &getRegistry() {
  static const DialectRegistry *registry = [] {
    auto *r = new DialectRegistry;
    r->insert<bnfold::nn::NNDialect, arith::ArithDialect, func::FuncDialect>();
    return r;
  }();
  return *registry;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  MLIRContext context(getRegistry(), MLIRContext::Threading::DISABLED);
  context.loadAllAvailableDialects();
  ScopedDiagnosticHandler quiet(&context, [](Diagnostic &) { return success(); });

  llvm::StringRef bytes(reinterpret_cast<const char *>(data), size);
  // As --fold-onnx. Shape inference gets less time than libFuzzer's
  // -timeout, so a runaway libonnx is an error, not a finding.
  bnfold::ONNXTranslationOptions options;
  options.importOptions.shapeInferenceTimeout = 5;
  std::string exported;
  if (failed(bnfold::foldONNX(bytes, "fuzz.onnx", &context, exported,
                              options)))
    return 0;
  // The importer's own shape evaluation ran in the isolated child with
  // libonnx, where a crash is only an error; run it here too, on the model
  // the checker accepted, so that a bug in it is a finding.
  onnx::ModelProto model;
  if (model.ParseFromArray(data, static_cast<int>(size)))
    bnfold::onnx_translation::evaluateShapesInProcess(model);
  // What bnfold writes must import again.
  MLIRContext again(getRegistry(), MLIRContext::Threading::DISABLED);
  again.loadAllAvailableDialects();
  ScopedDiagnosticHandler quiet2(&again, [](Diagnostic &) { return success(); });
  (void)bnfold::importONNXToNN(exported, "exported.onnx", &again, {});
  return 0;
}
