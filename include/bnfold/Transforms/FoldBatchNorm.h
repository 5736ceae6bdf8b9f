//===- FoldBatchNorm.h - the patterns of --fold-batchnorm -------*- C++ -*-===//

#ifndef BNFOLD_TRANSFORMS_FOLDBATCHNORM_H
#define BNFOLD_TRANSFORMS_FOLDBATCHNORM_H

#include "mlir/IR/PatternMatch.h"

namespace bnfold {

/// Adds the patterns of the fold-batchnorm pass: the graph shapes of
/// FoldBatchNorm.pdll with their native constraints and rewrites registered,
/// and the nn canonicalizations the fold relies on (merging reshapes around a
/// folded matmul, turning atrous triples into dilated convolutions). Outside
/// the pass, whose mode option decides it, the patterns also fold
/// nn.batch_norm_training for training.
void populateFoldBatchNormPatterns(mlir::RewritePatternSet &patterns);

} // namespace bnfold

#endif // BNFOLD_TRANSFORMS_FOLDBATCHNORM_H
