//===- Passes.h - bnfold transformation passes ------------------*- C++ -*-===//

#ifndef BNFOLD_TRANSFORMS_PASSES_H
#define BNFOLD_TRANSFORMS_PASSES_H

#include "bnfold/Dialect/NN/IR/BatchNormMath.h"
#include "bnfold/Dialect/NN/IR/NNDialect.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/PDL/IR/PDL.h"
#include "mlir/Dialect/PDLInterp/IR/PDLInterp.h"
#include "mlir/Pass/Pass.h"

namespace bnfold {

/// What --fold-batchnorm folds an nn.batch_norm_training into: nothing
/// (an inference graph), or the layer before it, corrected for training.
enum class FoldMode { Inference, Training };

#define GEN_PASS_DECL
#include "bnfold/Transforms/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "bnfold/Transforms/Passes.h.inc"

} // namespace bnfold

#endif // BNFOLD_TRANSFORMS_PASSES_H
