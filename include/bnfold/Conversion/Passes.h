//===- Passes.h - bnfold conversion passes and pipelines --------*- C++ -*-===//

#ifndef BNFOLD_CONVERSION_PASSES_H
#define BNFOLD_CONVERSION_PASSES_H

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Pass/Pass.h"
#include "mlir/Pass/PassManager.h"

namespace mlir {
class DialectRegistry;
} // namespace mlir

namespace bnfold {

#define GEN_PASS_DECL
#include "bnfold/Conversion/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "bnfold/Conversion/Passes.h.inc"

/// Adds the `bnfold-lower-to-llvm` pipeline to `pm` (anchored on a module):
/// nn -> linalg -> bufferized memrefs -> loops -> LLVM dialect for the CPU.
void buildLowerToLLVMPipeline(mlir::OpPassManager &pm);

/// Registers the `bnfold-lower-to-llvm` pipeline with the pass registry.
void registerLowerToLLVMPipeline();

/// Inserts the dialects and external interface models (bufferization) that
/// the lowering pipeline needs.
void registerLoweringDialects(mlir::DialectRegistry &registry);

} // namespace bnfold

#endif // BNFOLD_CONVERSION_PASSES_H
