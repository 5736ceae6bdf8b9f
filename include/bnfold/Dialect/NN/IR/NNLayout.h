//===- NNLayout.h - layouts and kinds of nn convolutions --------*- C++ -*-===//
//
// What the layout keyword of a convolution says about where the channels and
// the spatial dims sit, shared by the verifiers, the folding pass, the
// lowering and the ONNX mapping.
//
//===----------------------------------------------------------------------===//

#ifndef BNFOLD_DIALECT_NN_IR_NNLAYOUT_H
#define BNFOLD_DIALECT_NN_IR_NNLAYOUT_H

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/Support/LLVM.h"

#include "bnfold/Dialect/NN/IR/NNEnums.h.inc"

namespace bnfold::nn {

/// The kinds of convolution ops; each kind is one ODS class in NNOps.td.
enum class ConvKind { Regular, Depthwise, Transposed };

/// The number of spatial dims of an activation in `layout` (1, 2 or 3).
unsigned getNumSpatialDims(Layout layout);

/// True for nwc, nhwc and ndhwc: channels in the last dim.
bool isChannelsLast(Layout layout);

/// The channel dim of an activation in `layout`: 1, or the last dim.
int64_t getChannelDim(Layout layout);

/// The dims of an activation in `layout` that hold its spatial positions.
llvm::SmallVector<int64_t, 3> getSpatialDims(Layout layout);

/// The layout with `spatialDims` spatial dims (1 to 3) in the given family.
Layout getLayout(unsigned spatialDims, bool channelsLast);

} // namespace bnfold::nn

#endif // BNFOLD_DIALECT_NN_IR_NNLAYOUT_H
