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

/// The verifier of the broadcasting elementwise ops (nn.add, nn.sub, nn.mul,
/// nn.div): operands (lhs, rhs), one result, NumPy broadcasting without
/// dynamic ambiguity (NNOps.td).
mlir::LogicalResult verifyBroadcast(mlir::Operation *op);

/// The dim of `operand` (of rank `operandRank`) that broadcasts to result
/// dim `resultDim` of a rank-`resultRank` result, or std::nullopt when the
/// operand has no such dim (it is aligned at its last dim).
std::optional<int64_t> getAlignedOperandDim(int64_t operandRank,
                                            int64_t resultRank,
                                            int64_t resultDim);

/// The first verifier message of `newOps`, ops made with a detached builder
/// that a conversion wants to insert, each verified on its own; std::nullopt
/// when all verify. The message is captured, not reported: the verifiers
/// decide whether a node fits an nn op, and a node that does not stays as
/// it is, with that reason. On failure the ops are erased.
std::optional<std::string>
verifyOrEraseNewOps(llvm::ArrayRef<mlir::Operation *> newOps);

/// `type (x3)` when the three types are equal, else
/// `(lhs, rhs) -> result`: the types of a broadcasting elementwise op.
mlir::ParseResult parseElementwiseTypes(mlir::OpAsmParser &parser,
                                        mlir::Type &lhs, mlir::Type &rhs,
                                        mlir::Type &result);
void printElementwiseTypes(mlir::OpAsmPrinter &printer, mlir::Operation *op,
                           mlir::Type lhs, mlir::Type rhs, mlir::Type result);
} // namespace bnfold::nn

#define GET_OP_CLASSES
#include "bnfold/Dialect/NN/IR/NNOps.h.inc"

#endif // BNFOLD_DIALECT_NN_IR_NNOPS_H
