//===- TOSAPipeline.cpp - the tosa-fold-batchnorm pipeline ----------------===//
//
// TOSA in, TOSA out: raise the layers and the elementwise ops of unfused
// batch norms to nn, fold, lower back. A compiler stack that works on TOSA
// adds the same passes to its own PassManager with
// buildTOSAFoldBatchNormPipeline (examples/consumer does).
//
//===----------------------------------------------------------------------===//

#include "bnfold/Conversion/Passes.h"
#include "bnfold/Pipelines/Passes.h"
#include "bnfold/Transforms/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"

using namespace mlir;

void bnfold::buildTOSAFoldBatchNormPipeline(
    OpPassManager &pm, const TOSAFoldBatchNormOptions &options) {
  OpPassManager &func = pm.nest<func::FuncOp>();
  ConvertTOSAToNNOptions raise;
  raise.reportKept = options.report;
  func.addPass(createConvertTOSAToNN(raise));
  // TOSA has no form for parameters folded at run time (nn.bn_fold_*): a
  // batch norm whose parameters are not constants stays, with the reason.
  FoldBatchNormOptions fold;
  fold.report = options.report;
  fold.runtimeParameters = false;
  fold.precompute = options.precompute;
  // tosa.pad pads with one value: a forward fold into a padded convolution
  // that needs a value per channel is refused, with the reason.
  fold.perChannelPadding = false;
  func.addPass(createFoldBatchNorm(fold));
  func.addPass(createConvertNNToTOSA());
}

void bnfold::registerTOSAFoldBatchNormPipeline() {
  PassPipelineRegistration<TOSAFoldBatchNormOptions>(
      "tosa-fold-batchnorm",
      "Fold the batch norms of a TOSA graph and return TOSA "
      "(convert-tosa-to-nn, fold-batchnorm with runtime-parameters=false "
      "per-channel-padding=false, convert-nn-to-tosa)",
      [](OpPassManager &pm, const TOSAFoldBatchNormOptions &options) {
        buildTOSAFoldBatchNormPipeline(pm, options);
      });
}
