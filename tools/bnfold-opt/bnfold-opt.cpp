//===- bnfold-opt.cpp - the bnfold optimizer driver -----------------------===//
//
// mlir-opt with the dialects an nn model uses (nn, func, arith, tensor), TOSA
// (the tosa-fold-batchnorm pipeline's input and output) and bnfold's passes. The main job is `bnfold-opt --fold-batchnorm model.mlir`.
//
// MlirOptMain runs inside bnfold's tool driver (bnfold/Support/ToolDriver.h):
// screened input, bytecode read in an isolated child, the mapped input's
// pages given back during the run, all-or-nothing output; and the parsed IR
// is checked for nesting MLIR cannot recurse through before any pass.
//
//===----------------------------------------------------------------------===//

#include "bnfold/Conversion/Passes.h"
#include "bnfold/Pipelines/Passes.h"
#include "bnfold/Dialect/NN/IR/NNDialect.h"
#include "bnfold/Support/InputScreen.h"
#include "bnfold/Support/NodeDiagnostics.h"
#include "bnfold/Support/ToolCommandLine.h"
#include "bnfold/Support/ToolDriver.h"
#include "bnfold/Support/ToolErrorHandlers.h"
#include "bnfold/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"
#include "mlir/Transforms/Passes.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/MemoryBuffer.h"

static constexpr const char *kHelpHeader =
    "bnfold optimizer: folds batch normalization into convolution and "
    "matmul layers.\n\n"
    "  bnfold-opt --fold-batchnorm model.mlir -o folded.mlir\n"
    "  bnfold-opt --fold-batchnorm=report model.mlir   (remarks on stderr)\n"
    "  bnfold-opt --bnfold-lower-to-llvm model.mlir     (LLVM dialect)\n"
    "  bnfold-opt --tosa-fold-batchnorm model.mlir      (TOSA in, TOSA out)\n";

int main(int argc, char **argv) {
  llvm::InitLLVM initLLVM(argc, argv);
  bnfold::installToolErrorHandlers("bnfold-opt");
  bnfold::setUpToolCommandLine("bnfold-opt");
  mlir::registerCanonicalizerPass();
  mlir::registerCSEPass();
  mlir::registerSymbolDCEPass();
  bnfold::registerBNFoldPasses();
  bnfold::registerBNFoldConversionPasses();
  bnfold::registerLowerToLLVMPipeline();
  bnfold::registerTOSAFoldBatchNormPipeline();
  bnfold::registerToolDriverCLOptions();

  mlir::DialectRegistry registry;
  registry.insert<bnfold::nn::NNDialect, mlir::arith::ArithDialect,
                  mlir::func::FuncDialect, mlir::tensor::TensorDialect,
                  mlir::tosa::TosaDialect>();
  // What --convert-nn-to-linalg and --bnfold-lower-to-llvm produce.
  bnfold::registerLoweringDialects(registry);
  auto [inputFilename, outputFilename] =
      mlir::registerAndParseCLIOptions(argc, argv, kHelpHeader, registry);
  mlir::MlirOptMainConfig config =
      mlir::MlirOptMainConfig::createFromCLOptions();
  // Modes that read no input keep MlirOptMain's own handling.
  if (config.shouldShowDialects() || config.shouldListPasses())
    return mlir::asMainReturnCode(
        mlir::MlirOptMain(argc, argv, inputFilename, outputFilename, registry));

  return bnfold::runTool(
      {"bnfold-opt", inputFilename, outputFilename},
      [&](bnfold::InputFile &input, llvm::raw_ostream &os,
          llvm::function_ref<void()> parsed) {
        // MlirOptMain sets up the pass pipeline once the input is parsed.
        mlir::MlirOptMainConfig runConfig = config;
        runConfig.setPassPipelineSetupFn([&](mlir::PassManager &pm) {
          parsed();
          // Ops imported from ONNX are located by node name in the model
          // file: their diagnostics read like bnfold-translate's.
          if (!config.shouldVerifyDiagnostics())
            bnfold::registerNodeDiagnosticPrinter(
                *pm.getContext(), inputFilename,
                bnfold::NodeDiagnosticScope::NodeLocated);
          pm.addPass(bnfold::createNestingDepthCheckPass(
              bnfold::getMaxNestingDepth()));
          return config.setupPassPipeline(pm);
        });
        return mlir::MlirOptMain(os, input.getBufferView(), registry,
                                 runConfig);
      });
}
