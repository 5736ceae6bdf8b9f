//===- BNFoldPlugin.cpp - bnfold as an mlir-opt plugin ---------------------===//
//
// One shared library that is both a dialect plugin (the nn dialect) and a
// pass plugin (bnfold's passes and pipelines), for tools built on
// MlirOptMain, such as Debian's mlir-opt:
//
//   mlir-opt --load-dialect-plugin=libBNFoldPlugin.so \
//            --load-pass-plugin=libBNFoldPlugin.so \
//            --pass-pipeline='builtin.module(func.func(fold-batchnorm))' m.mlir
//
// It is built from the same objects as bnfold's static libraries and links
// MLIR and LLVM as the shared libraries the host tool uses, so that there is
// one copy of MLIR in the process.
//
//===----------------------------------------------------------------------===//

#include "bnfold/Conversion/Passes.h"
#include "bnfold/Dialect/NN/IR/NNDialect.h"
#include "bnfold/Pipelines/Passes.h"
#include "bnfold/Transforms/Passes.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/Tools/Plugins/DialectPlugin.h"
#include "mlir/Tools/Plugins/PassPlugin.h"
#include "llvm/Config/llvm-config.h"

extern "C" LLVM_ATTRIBUTE_WEAK mlir::DialectPluginLibraryInfo
mlirGetDialectPluginInfo() {
  return {MLIR_PLUGIN_API_VERSION, "bnfold", BNFOLD_VERSION,
          [](mlir::DialectRegistry *registry) {
            registry->insert<bnfold::nn::NNDialect>();
            // What the conversions and pipelines produce.
            bnfold::registerLoweringDialects(*registry);
          }};
}

extern "C" LLVM_ATTRIBUTE_WEAK mlir::PassPluginLibraryInfo
mlirGetPassPluginInfo() {
  return {MLIR_PLUGIN_API_VERSION, "bnfold", BNFOLD_VERSION, []() {
            bnfold::registerBNFoldPasses();
            bnfold::registerBNFoldConversionPasses();
            bnfold::registerLowerToLLVMPipeline();
            bnfold::registerTOSAFoldBatchNormPipeline();
          }};
}
