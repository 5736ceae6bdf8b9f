//===- bnfold-opt.cpp - the bnfold optimizer driver -----------------------===//
//
// mlir-opt with the dialects an nn model uses (nn, func, arith, tensor) and
// bnfold's passes. The main job is `bnfold-opt --fold-batchnorm model.mlir`.
//
// The driver is MlirOptMain's, opened up only to screen the input for a
// blob MLIR's own parser would abort on (bnfold/Support/ResourceBlobCheck.h)
// before handing it over.
//
//===----------------------------------------------------------------------===//

#include "bnfold/Dialect/NN/IR/NNDialect.h"
#include "bnfold/Conversion/Passes.h"
#include "bnfold/Support/ResourceBlobCheck.h"
#include "bnfold/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/Support/FileUtilities.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"
#include "mlir/Transforms/Passes.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/ToolOutputFile.h"

static constexpr const char *kHelpHeader =
    "bnfold optimizer: folds batch normalization into convolution and "
    "matmul layers.\n\n"
    "  bnfold-opt --fold-batchnorm model.mlir -o folded.mlir\n"
    "  bnfold-opt --fold-batchnorm=report model.mlir   (remarks on stderr)\n"
    "  bnfold-opt --bnfold-lower-to-llvm model.mlir     (LLVM dialect)\n";

/// Reports a blob the MLIR parser would abort on, located in the input.
static bool rejectZeroAlignedBlob(const llvm::MemoryBuffer &file) {
  std::optional<size_t> offset =
      bnfold::findZeroAlignedResourceBlob(file.getBuffer());
  if (!offset)
    return false;
  llvm::SourceMgr sourceMgr;
  sourceMgr.AddNewSourceBuffer(
      llvm::MemoryBuffer::getMemBuffer(file.getMemBufferRef(),
                                       /*RequiresNullTerminator=*/false),
      llvm::SMLoc());
  sourceMgr.PrintMessage(
      llvm::SMLoc::getFromPointer(file.getBufferStart() + *offset + 1),
      llvm::SourceMgr::DK_Error,
      "resource blob encodes alignment 0 in its first 4 bytes; expected a "
      "power of 2");
  return true;
}

int main(int argc, char **argv) {
  llvm::InitLLVM initLLVM(argc, argv);
  mlir::registerCanonicalizerPass();
  mlir::registerCSEPass();
  mlir::registerSymbolDCEPass();
  bnfold::registerBNFoldPasses();
  bnfold::registerBNFoldConversionPasses();
  bnfold::registerLowerToLLVMPipeline();

  mlir::DialectRegistry registry;
  registry.insert<bnfold::nn::NNDialect, mlir::arith::ArithDialect,
                  mlir::func::FuncDialect, mlir::tensor::TensorDialect>();
  // What --convert-nn-to-linalg and --bnfold-lower-to-llvm produce.
  bnfold::registerLoweringDialects(registry);
  auto [inputFilename, outputFilename] =
      mlir::registerAndParseCLIOptions(argc, argv, kHelpHeader, registry);
  mlir::MlirOptMainConfig config =
      mlir::MlirOptMainConfig::createFromCLOptions();
  // Modes that read no input keep MlirOptMain's own handling.
  if (config.shouldShowDialects() || config.shouldListPasses())
    return mlir::asMainReturnCode(mlir::MlirOptMain(
        argc, argv, inputFilename, outputFilename, registry));

  // As MlirOptMain(argc, argv, ...) does, plus the input screening. The
  // output is a ToolOutputFile: it is deleted unless the run succeeds.
  std::string errorMessage;
  std::unique_ptr<llvm::MemoryBuffer> file =
      mlir::openInputFile(inputFilename, &errorMessage);
  if (!file) {
    llvm::errs() << errorMessage << "\n";
    return 1;
  }
  if (rejectZeroAlignedBlob(*file))
    return 1;
  std::unique_ptr<llvm::ToolOutputFile> output =
      mlir::openOutputFile(outputFilename, &errorMessage);
  if (!output) {
    llvm::errs() << errorMessage << "\n";
    return 1;
  }
  if (mlir::failed(
          mlir::MlirOptMain(output->os(), std::move(file), registry, config)))
    return 1;
  output->keep();
  return 0;
}
