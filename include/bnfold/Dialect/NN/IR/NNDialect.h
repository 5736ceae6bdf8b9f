//===- NNDialect.h - nn dialect ---------------------------------*- C++ -*-===//

#ifndef BNFOLD_DIALECT_NN_IR_NNDIALECT_H
#define BNFOLD_DIALECT_NN_IR_NNDIALECT_H

#include "mlir/IR/Dialect.h"

#include "bnfold/Dialect/NN/IR/NNOpsDialect.h.inc"

#endif // BNFOLD_DIALECT_NN_IR_NNDIALECT_H
