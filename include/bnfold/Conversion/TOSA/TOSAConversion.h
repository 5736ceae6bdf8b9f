//===- TOSAConversion.h - TOSA <-> nn ops -----------------------*- C++ -*-===//
//
// Raising turns the TOSA ops that nn ops can hold exactly (float
// convolutions and matmuls with constant filters, the elementwise ops of an
// unfused batch norm) into those ops (convert-tosa-to-nn); lowering turns nn
// ops back into TOSA 1.0 (convert-nn-to-tosa). Between the two, the nn
// passes (fold-batchnorm) work on TOSA graphs: the tosa-fold-batchnorm
// pipeline. Both directions are pattern sets, so that a pipeline can add
// them to its own.
//
//===----------------------------------------------------------------------===//

#ifndef BNFOLD_CONVERSION_TOSA_TOSACONVERSION_H
#define BNFOLD_CONVERSION_TOSA_TOSACONVERSION_H

#include <optional>
#include <string>

namespace mlir {
class ConversionTarget;
class Operation;
class RewritePatternSet;
} // namespace mlir

namespace bnfold {

/// Adds one raising pattern per TOSA op (conv2d, conv3d, depthwise_conv2d,
/// transpose_conv2d, matmul, add, sub, mul, rsqrt, reciprocal, reshape). A
/// pattern that does not raise its op fails with the reason
/// (`notifyMatchFailure`), and the op stays TOSA.
void populateTOSAToNNPatterns(mlir::RewritePatternSet &patterns);

/// Adds one lowering pattern per nn op that has a TOSA form.
void populateNNToTOSAConversionPatterns(mlir::RewritePatternSet &patterns);

/// Marks the nn dialect illegal and TOSA legal.
void configureNNToTOSAConversionTarget(mlir::ConversionTarget &target);

/// Why the nn op `op` has no TOSA form (its kind, or its attributes and
/// types), or std::nullopt when the patterns lower it.
std::optional<std::string> whyNoTOSAForm(mlir::Operation *op);

} // namespace bnfold

#endif // BNFOLD_CONVERSION_TOSA_TOSACONVERSION_H
