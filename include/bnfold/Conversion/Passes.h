//===- Passes.h - bnfold conversion passes ----------------------*- C++ -*-===//

#ifndef BNFOLD_CONVERSION_PASSES_H
#define BNFOLD_CONVERSION_PASSES_H

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Pass/Pass.h"

namespace bnfold {

#define GEN_PASS_DECL
#include "bnfold/Conversion/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "bnfold/Conversion/Passes.h.inc"

} // namespace bnfold

#endif // BNFOLD_CONVERSION_PASSES_H
