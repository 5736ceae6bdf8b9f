//===- NNDialect.cpp - nn dialect registration ----------------------------===//

#include "bnfold/Dialect/NN/IR/NNDialect.h"
#include "bnfold/Dialect/NN/IR/NNOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace bnfold::nn;

#include "bnfold/Dialect/NN/IR/NNOpsDialect.cpp.inc"
#include "bnfold/Dialect/NN/IR/NNEnums.cpp.inc"

void NNDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "bnfold/Dialect/NN/IR/NNOps.cpp.inc"
      >();
}

/// Folders return attributes; constants are materialized as arith.constant so
/// that folded weights are ordinary MLIR constants any pipeline understands.
Operation *NNDialect::materializeConstant(OpBuilder &builder, Attribute value,
                                          Type type, Location loc) {
  auto elements = dyn_cast<ElementsAttr>(value);
  if (!elements || elements.getType() != type)
    return nullptr;
  return arith::ConstantOp::create(builder, loc, type, elements);
}
