//===- TOSAConstants.h - Constant filters between TOSA and nn ---*- C++ -*-===//
//
// Private to lib/Conversion/TOSA. TOSA and nn lay filters out differently
// (TOSA's conv2d filter is [O, H, W, I], nn's nhwc one [H, W, I, O]), and
// producers write a filter as a constant behind tosa.transpose / tosa.reshape.
// Both directions move constant filters between the layouts by permuting and
// reshaping the constants themselves, so that every filter stays one
// constant that the fold (and any later constant folding) can read.
//
//===----------------------------------------------------------------------===//

#ifndef BNFOLD_LIB_CONVERSION_TOSA_TOSACONSTANTS_H
#define BNFOLD_LIB_CONVERSION_TOSA_TOSACONSTANTS_H

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Value.h"

#include <string>

namespace bnfold::tosa_conversion {

/// `constant` (a float tensor constant whose data nn can read) with its dims
/// permuted: dim i of the result is dim `permutation[i]` of `constant`, as
/// tosa.transpose's `perms`. Null when the data is not readable.
mlir::ElementsAttr permuteConstant(mlir::ElementsAttr constant,
                                   llvm::ArrayRef<int64_t> permutation);

/// `constant` reinterpreted under `type` (a static shape with the same
/// element count and type), in row-major order. Null when the data is not
/// readable.
mlir::ElementsAttr reshapeConstant(mlir::ElementsAttr constant,
                                   mlir::RankedTensorType type);

/// The one element of `constant` (a readable float constant of one
/// element) repeated to fill `type`, as TOSA broadcasts a `[1]` bias. Null
/// when the data is not readable.
mlir::ElementsAttr broadcastConstant(mlir::ElementsAttr constant,
                                     mlir::RankedTensorType type);

/// The value of `value` when it is a float constant or a tosa.transpose,
/// tosa.reshape or nn.reshape of one (any chain of them), evaluated; else
/// null, and `why` says what `value` is instead ("the result of
/// 'tosa.add'", "a block argument", ...).
mlir::ElementsAttr evaluateConstant(mlir::Value value, std::string &why);

/// "a block argument" or "the result of '<op name>'": what a value is, for
/// the reason a pattern gives.
std::string describeValue(mlir::Value value);

} // namespace bnfold::tosa_conversion

#endif // BNFOLD_LIB_CONVERSION_TOSA_TOSACONSTANTS_H
