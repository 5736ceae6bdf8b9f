//===- bnfold-fuzz.cpp - libFuzzer target for the whole bnfold pipeline ---===//
//
// Feeds arbitrary bytes through what `bnfold-opt --fold-batchnorm=report
// --canonicalize` does: parse -> verify -> fold (with the report, so the
// "not folded" explanations run too) -> canonicalize -> verify -> print ->
// parse the printed text again. Every failure along the way must be a
// diagnostic; anything that aborts, traps or trips ASan/UBSan is a bug.
//
// Build: cmake -DBNFOLD_ENABLE_FUZZER=ON with clang-22 (scripts/sanitize.sh);
// run: scripts/fuzz.sh.
//
//===----------------------------------------------------------------------===//

#include "bnfold/Dialect/NN/IR/NNDialect.h"
#include "bnfold/Support/InputScreen.h"
#include "bnfold/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Transforms/Passes.h"
#include "llvm/Support/raw_ostream.h"

#include <cstddef>
#include <cstdint>
#include <string>

using namespace mlir;

static const DialectRegistry &getRegistry() {
  static const DialectRegistry *registry = [] {
    auto *r = new DialectRegistry;
    r->insert<bnfold::nn::NNDialect, arith::ArithDialect, func::FuncDialect,
              tensor::TensorDialect>();
    return r;
  }();
  return *registry;
}

/// Parses and verifies `text` in `context`; null on any error.
static OwningOpRef<ModuleOp> parseAndVerify(StringRef text,
                                            MLIRContext &context) {
  ParserConfig config(&context);
  OwningOpRef<ModuleOp> module = parseSourceString<ModuleOp>(text, config);
  if (!module || failed(verify(*module)))
    return {};
  return module;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  // A fresh context per input: uniqued attributes and resource blobs of one
  // input must not leak into (or hide bugs in) the next.
  MLIRContext context(getRegistry(), MLIRContext::Threading::DISABLED);
  context.loadAllAvailableDialects();
  // Diagnostics are the expected outcome for most inputs: swallow them.
  ScopedDiagnosticHandler quiet(&context, [](Diagnostic &) { return success(); });

  // MLIR's lexer relies on a NUL after the buffer (MemoryBuffer guarantees
  // one for files; libFuzzer's data has none): copy into a std::string.
  std::string text(reinterpret_cast<const char *>(data), size);
  // What MLIR 22.1.8's parser crashes on, screened by the tools the same
  // way (bnfold/Support/InputScreen.h).
  if (bnfold::findTextInputProblem(text, bnfold::kDefaultMaxNestingDepth))
    return 0;
  OwningOpRef<ModuleOp> module = parseAndVerify(text, context);
  if (!module)
    return 0;
  if (failed(bnfold::verifyNestingDepth(*module,
                                        bnfold::kDefaultMaxNestingDepth))) {
    bnfold::eraseNestedOperations(*module);
    return 0;
  }

  PassManager pm(&context);
  bnfold::FoldBatchNormOptions options;
  options.report = true;
  pm.addNestedPass<func::FuncOp>(bnfold::createFoldBatchNorm(options));
  pm.addPass(createCanonicalizerPass());
  if (failed(pm.run(*module)) || failed(verify(*module)))
    return 0;

  std::string printed;
  llvm::raw_string_ostream os(printed);
  module->print(os);
  os.flush();
  // The printer's output must at least be safe to parse again.
  MLIRContext reparseContext(getRegistry(), MLIRContext::Threading::DISABLED);
  ScopedDiagnosticHandler quiet2(&reparseContext,
                                 [](Diagnostic &) { return success(); });
  (void)parseAndVerify(printed, reparseContext);
  return 0;
}
