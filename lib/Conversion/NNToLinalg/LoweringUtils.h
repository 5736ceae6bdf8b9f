//===- LoweringUtils.h - helpers shared by the nn lowerings -----*- C++ -*-===//
//
// The element-type, shape and linalg-building helpers that every nn lowering
// pattern uses (defined in NNToLinalg.cpp). The conventions they implement
// are stated at the top of NNToLinalg.cpp: f16/bf16 compute in f32 and round
// once; sizes are OpFoldResults composed with folded affine ops.
//
//===----------------------------------------------------------------------===//

#ifndef BNFOLD_LIB_CONVERSION_NNTOLINALG_LOWERINGUTILS_H
#define BNFOLD_LIB_CONVERSION_NNTOLINALG_LOWERINGUTILS_H

#include "mlir/Dialect/Utils/ReshapeOpsUtils.h"
#include "mlir/Dialect/Utils/StructuredOpsUtils.h"
#include "mlir/IR/AffineMap.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"

namespace mlir {
class RewritePatternSet;
} // namespace mlir

namespace bnfold::nn_to_linalg {

using IteratorType = mlir::utils::IteratorType;

//===----------------------------------------------------------------------===//
// Element types
//===----------------------------------------------------------------------===//

/// The type arithmetic happens in: f16/bf16 compute in f32.
mlir::Type getComputeType(mlir::Type elementType);

/// `v` extended or truncated to the float type `to`.
mlir::Value convertFloat(mlir::OpBuilder &b, mlir::Location loc, mlir::Value v,
                         mlir::Type to);

mlir::Value floatConstant(mlir::OpBuilder &b, mlir::Location loc,
                          mlir::Type type, double value);

//===----------------------------------------------------------------------===//
// Shapes
//===----------------------------------------------------------------------===//

mlir::Type elementTypeOf(mlir::Value v);

/// The static sizes of `sizes`, kDynamic for the others.
llvm::SmallVector<int64_t> staticShape(llvm::ArrayRef<mlir::OpFoldResult> sizes);

/// A tensor with a static 0 dim: it holds no elements whatever its other
/// dims are at run time.
bool isStaticallyEmpty(mlir::Value v);

/// `type`'s static dims, the rest from `sizes`: the result dims of an op
/// whose type the verifier has checked against the computed ones.
llvm::SmallVector<mlir::OpFoldResult>
preferStatic(mlir::OpBuilder &b, mlir::RankedTensorType type,
             llvm::ArrayRef<mlir::OpFoldResult> sizes);

/// Splits dim `dim` of `value` into dims of sizes `parts` (row-major). At
/// most one part may be dynamic (MLIR 22's expand-strided-metadata crashes
/// on a split into two dynamic sizes).
mlir::Value expandDim(mlir::OpBuilder &b, mlir::Location loc, mlir::Value value,
                      int64_t dim, llvm::ArrayRef<mlir::OpFoldResult> parts);

/// Casts `v` to the type the replaced op promised.
mlir::Value castToType(mlir::OpBuilder &b, mlir::Location loc, mlir::Value v,
                       mlir::Type type);

/// Zero-pads `input` by `low`/`high` entries per dim; a statically empty
/// input becomes a zero-filled tensor of the padded shape.
mlir::Value padWithZeros(mlir::OpBuilder &b, mlir::Location loc,
                         mlir::Value input, llvm::ArrayRef<int64_t> low,
                         llvm::ArrayRef<int64_t> high);

/// `lhs * rhs`, affine and folded when one of them is a constant.
mlir::OpFoldResult multiply(mlir::OpBuilder &b, mlir::Location loc,
                            mlir::OpFoldResult lhs, mlir::OpFoldResult rhs);

/// `lhs floordiv rhs` (sizes are >= 0); a dynamic `rhs` must not be 0.
mlir::OpFoldResult divide(mlir::OpBuilder &b, mlir::Location loc,
                          mlir::OpFoldResult lhs, mlir::OpFoldResult rhs);

//===----------------------------------------------------------------------===//
// Generics
//===----------------------------------------------------------------------===//

llvm::SmallVector<IteratorType> parallelIterators(unsigned count);

/// `(d0, ..., d_rank-1) -> (d_dims...)`: reads a parameter along `dims`.
mlir::AffineMap projection(mlir::OpBuilder &b, unsigned rank,
                           llvm::ArrayRef<int64_t> dims);

/// An elementwise generic over a result of `sizes`: operands are read
/// through `inputMaps`, converted to `computeType`, combined by `body`, and
/// the result is rounded once to `elementType`.
mlir::Value buildElementwise(
    mlir::OpBuilder &b, mlir::Location loc,
    llvm::ArrayRef<mlir::OpFoldResult> sizes, mlir::Type elementType,
    mlir::Type computeType, mlir::ValueRange inputs,
    llvm::ArrayRef<mlir::AffineMap> inputMaps,
    llvm::function_ref<mlir::Value(mlir::OpBuilder &, mlir::Location,
                                   mlir::ValueRange)>
        body);

/// Rounds a compute-type tensor to `elementType` (nothing when equal).
mlir::Value roundToElementType(mlir::OpBuilder &b, mlir::Location loc,
                               mlir::Value value, mlir::Type elementType);

//===----------------------------------------------------------------------===//
// Layers
//===----------------------------------------------------------------------===//

/// The accumulator of a layer in the compute type of `elementType`: zeros,
/// or the bias broadcast along `channelDims` (the accumulator dims whose
/// row-major flattening is the output channel).
mlir::Value buildAccumulator(mlir::OpBuilder &b, mlir::Location loc,
                             llvm::ArrayRef<mlir::OpFoldResult> sizes,
                             mlir::Type elementType, mlir::Value bias,
                             llvm::ArrayRef<int64_t> channelDims);

/// Collapses the accumulator to the nn result (`groups`: the reassociation)
/// and rounds it to the element type.
mlir::Value finishLayer(mlir::OpBuilder &b, mlir::Location loc, mlir::Value acc,
                        llvm::ArrayRef<mlir::ReassociationIndices> groups,
                        mlir::Type elementType);

/// Reassociation that merges dims `dim` and `dim + 1` of a rank-`rank`
/// tensor.
llvm::SmallVector<mlir::ReassociationIndices> mergeWithNext(int64_t rank,
                                                            int64_t dim);

/// The lowering of every nn convolution op (ConvolutionLowering.cpp).
void populateConvolutionLoweringPatterns(mlir::RewritePatternSet &patterns);

/// The lowering of every nn elementwise op (ElementwiseLowering.cpp).
void populateElementwiseLoweringPatterns(mlir::RewritePatternSet &patterns);

} // namespace bnfold::nn_to_linalg

#endif // BNFOLD_LIB_CONVERSION_NNTOLINALG_LOWERINGUTILS_H
