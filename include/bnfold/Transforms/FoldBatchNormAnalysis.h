//===- FoldBatchNormAnalysis.h - when may a batch norm fold -----*- C++ -*-===//
//
// The single source of truth for the legality of a fold. The PDLL patterns
// call it as a constraint; the report calls it to say why a batch_norm that
// is still there could not be folded.
//
//===----------------------------------------------------------------------===//

#ifndef BNFOLD_TRANSFORMS_FOLDBATCHNORMANALYSIS_H
#define BNFOLD_TRANSFORMS_FOLDBATCHNORMANALYSIS_H

#include "bnfold/Dialect/NN/IR/NNOps.h"
#include <optional>
#include <string>

namespace bnfold {

/// Why `bn`, which reads the result of `layer` either directly or through
/// `between` (an nn.reshape or nn.batch_to_space; may be null), cannot be
/// folded into `layer`; std::nullopt when it can.
std::optional<std::string>
whyNotFoldable(nn::ChannelLayerOpInterface layer, mlir::Operation *between,
               nn::BatchNormOp bn);

/// Why `biasAdd`, which reads the result of `layer` either directly or
/// through `between` (an nn.reshape or nn.batch_to_space; may be null),
/// cannot become (part of) the layer's bias; std::nullopt when it can.
std::optional<std::string>
whyBiasAddNotAbsorbable(nn::ChannelLayerOpInterface layer,
                        mlir::Operation *between, nn::BiasAddOp biasAdd);

/// Why `bn` cannot be folded into the op producing its input, found by
/// walking the same graph shapes the fold patterns match.
std::string explainNotFolded(nn::BatchNormOp bn);

} // namespace bnfold

#endif // BNFOLD_TRANSFORMS_FOLDBATCHNORMANALYSIS_H
