//===- bnfold-opt.cpp - the bnfold optimizer driver -----------------------===//
//
// mlir-opt with the dialects an nn model uses (nn, func, arith, tensor) and
// bnfold's passes. The main job is `bnfold-opt --fold-batchnorm model.mlir`.
//
//===----------------------------------------------------------------------===//

#include "bnfold/Dialect/NN/IR/NNDialect.h"
#include "bnfold/Conversion/Passes.h"
#include "bnfold/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"
#include "mlir/Transforms/Passes.h"

int main(int argc, char **argv) {
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
  return mlir::asMainReturnCode(mlir::MlirOptMain(
      argc, argv,
      "bnfold optimizer: folds batch normalization into convolution and "
      "matmul layers.\n\n"
      "  bnfold-opt --fold-batchnorm model.mlir -o folded.mlir\n"
      "  bnfold-opt --fold-batchnorm=report model.mlir   (remarks on stderr)\n"
      "  bnfold-opt --bnfold-lower-to-llvm model.mlir     (LLVM dialect)\n",
      registry));
}
