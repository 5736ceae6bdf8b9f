//===- Passes.h - bnfold pass pipelines -------------------------*- C++ -*-===//
//
// The pipelines, in their own library as upstream's
// mlir/Dialect/SparseTensor/Pipelines: the CPU pipeline
// (`bnfold-opt --bnfold-lower-to-llvm` and `bnfold-run` build exactly the
// same pass list) and the TOSA one (`bnfold-opt --tosa-fold-batchnorm`, and
// any compiler stack's own PassManager).
//
//===----------------------------------------------------------------------===//

#ifndef BNFOLD_PIPELINES_PASSES_H
#define BNFOLD_PIPELINES_PASSES_H

#include "mlir/Pass/PassOptions.h"

namespace mlir {
class DialectRegistry;
class OpPassManager;
} // namespace mlir

namespace bnfold {

/// Adds the `bnfold-lower-to-llvm` pipeline to `pm` (anchored on a module):
/// nn -> linalg on tensors -> bufferized memrefs -> loops -> the LLVM
/// dialect (`convert-to-llvm`) for the CPU.
void buildLowerToLLVMPipeline(mlir::OpPassManager &pm);

/// Registers the `bnfold-lower-to-llvm` pipeline with the pass registry.
void registerLowerToLLVMPipeline();

/// Inserts the dialects, the bufferization models and the `convert-to-llvm`
/// interfaces that the pipeline needs.
void registerLoweringDialects(mlir::DialectRegistry &registry);

/// The options of `tosa-fold-batchnorm`, passed to the passes it runs.
struct TOSAFoldBatchNormOptions
    : public mlir::PassPipelineOptions<TOSAFoldBatchNormOptions> {
  Option<bool> report{
      *this, "report",
      llvm::cl::desc("Remarks: fold-batchnorm's report (folded into which "
                     "layer, or why not) and, for each TOSA op the raising "
                     "left TOSA, why (convert-tosa-to-nn's report-kept)"),
      llvm::cl::init(false)};
  Option<bool> precompute{
      *this, "precompute",
      llvm::cl::desc("fold-batchnorm's precompute (the output is the same "
                     "either way)"),
      llvm::cl::init(true)};
};

/// Adds the `tosa-fold-batchnorm` pipeline to `pm` (anchored on a module),
/// on every func.func: convert-tosa-to-nn, fold-batchnorm (with
/// runtime-parameters=false: TOSA has no form for parameters folded at run
/// time), convert-nn-to-tosa. The result is TOSA: every op that no fold
/// changed comes back as the TOSA op it was.
void buildTOSAFoldBatchNormPipeline(mlir::OpPassManager &pm,
                                    const TOSAFoldBatchNormOptions &options);

/// Registers the `tosa-fold-batchnorm` pipeline with the pass registry.
void registerTOSAFoldBatchNormPipeline();

} // namespace bnfold

#endif // BNFOLD_PIPELINES_PASSES_H
