//===- Passes.h - bnfold pass pipelines -------------------------*- C++ -*-===//
//
// The CPU pipeline, in its own library as upstream's
// mlir/Dialect/SparseTensor/Pipelines: `bnfold-opt --bnfold-lower-to-llvm`
// and `bnfold-run` build exactly the same pass list.
//
//===----------------------------------------------------------------------===//

#ifndef BNFOLD_PIPELINES_PASSES_H
#define BNFOLD_PIPELINES_PASSES_H

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

} // namespace bnfold

#endif // BNFOLD_PIPELINES_PASSES_H
