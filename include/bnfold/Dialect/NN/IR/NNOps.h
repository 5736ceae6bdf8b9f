//===- NNOps.h - nn dialect operations --------------------------*- C++ -*-===//

#ifndef BNFOLD_DIALECT_NN_IR_NNOPS_H
#define BNFOLD_DIALECT_NN_IR_NNOPS_H

#include "bnfold/Dialect/NN/IR/NNDialect.h"
#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include "bnfold/Dialect/NN/IR/NNLayout.h"
#include "bnfold/Dialect/NN/IR/WeightChannelMap.h"

namespace bnfold::nn::OpTrait {
namespace impl {
mlir::LogicalResult verifyElementCountsFitInt64(mlir::Operation *op);
} // namespace impl

/// Every ranked tensor operand and result type has an element count (the
/// product of its static dims) that fits in int64_t. See NNBase.td.
template <typename ConcreteType>
class ElementCountsFitInt64
    : public mlir::OpTrait::TraitBase<ConcreteType, ElementCountsFitInt64> {
public:
  static mlir::LogicalResult verifyTrait(mlir::Operation *op) {
    return impl::verifyElementCountsFitInt64(op);
  }
};
} // namespace bnfold::nn::OpTrait

#include "bnfold/Dialect/NN/IR/NNInterfaces.h.inc"

namespace bnfold::nn {
/// The verifier of every convolution op.
mlir::LogicalResult verifyConvolution(ConvolutionOpInterface conv);
/// ChannelLayerOpInterface::getOutputChannelMap of a convolution.
WeightChannelMap getOutputChannelMap(ConvolutionOpInterface conv);
/// ChannelLayerOpInterface::getInputChannelMap of a convolution.
std::optional<WeightChannelMap>
getInputChannelMap(ConvolutionOpInterface conv);
} // namespace bnfold::nn

#define GET_OP_CLASSES
#include "bnfold/Dialect/NN/IR/NNOps.h.inc"

#endif // BNFOLD_DIALECT_NN_IR_NNOPS_H
