//===- NNToLinalg.h - nn to linalg conversion patterns ----------*- C++ -*-===//

#ifndef BNFOLD_CONVERSION_NNTOLINALG_NNTOLINALG_H
#define BNFOLD_CONVERSION_NNTOLINALG_NNTOLINALG_H

namespace mlir {
class ConversionTarget;
class RewritePatternSet;
} // namespace mlir

namespace bnfold {

/// Adds one pattern per nn op (all but `nn.onnx_op`) that lowers it to
/// linalg, tensor, arith, math and affine ops on tensors.
void populateNNToLinalgConversionPatterns(mlir::RewritePatternSet &patterns);

/// Marks the nn dialect illegal and what the patterns produce legal.
void configureNNToLinalgConversionTarget(mlir::ConversionTarget &target);

} // namespace bnfold

#endif // BNFOLD_CONVERSION_NNTOLINALG_NNTOLINALG_H
