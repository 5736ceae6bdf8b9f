//===- BatchNormMath.h - numeric kernels of batch-norm folding --*- C++ -*-===//
//
// The one place where folded weights and biases are computed. Every layer
// kind and layout goes through scaleWeightChannels: a layer's output channel
// is a row-major range of weight dims, so one strided loop covers HWIO, OIHW,
// depthwise [H, W, C, M] and matmul [K, N] / [N, K] alike.
//
// All arithmetic is done in f64 on raw element buffers (never per-element
// Attribute objects) and rounded once to the element type.
//
//===----------------------------------------------------------------------===//

#ifndef BNFOLD_DIALECT_NN_IR_BATCHNORMMATH_H
#define BNFOLD_DIALECT_NN_IR_BATCHNORMMATH_H

#include "mlir/IR/AsmState.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/Support/LLVM.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallVector.h"
#include <optional>
#include <string>
#include <vector>

namespace llvm {
struct fltSemantics;
} // namespace llvm

namespace bnfold::nn {

/// The dialect's element types, read and written as raw little-endian bytes
/// (the storage of dense constants, dense_resource blobs and memrefs).
enum class FloatKind { F16, BF16, F32, F64 };

/// The kind of `type`, or std::nullopt for a type the dialect does not use.
std::optional<FloatKind> getFloatKind(mlir::Type type);
size_t getByteWidth(FloatKind kind);
const llvm::fltSemantics &getSemantics(FloatKind kind);

/// Reads one element at `ptr` exactly as f64.
double loadElement(FloatKind kind, const char *ptr);
/// Writes `value` at `ptr`, rounded once to nearest-even in `kind`.
void storeElement(FloatKind kind, char *ptr, double value);

/// The largest number of elements a splat constant is expanded to (2^24:
/// 64 MiB of f32, 128 MiB as the f64 copy readAsDoubles makes). A splat's
/// type can claim any shape at no cost, e.g. `dense<1.0> :
/// tensor<1000000000x2xf32>`; expanding it would exhaust memory, so such
/// constants are treated as unreadable.
constexpr int64_t kMaxSplatExpansion = int64_t(1) << 24;

/// The element count of a static shape, or std::nullopt when a dim is
/// dynamic or the product does not fit in int64_t.
std::optional<int64_t> getCheckedNumElements(llvm::ArrayRef<int64_t> shape);

/// Whether `attr` is a float tensor constant whose bytes we can read: a
/// DenseElementsAttr (splat or not) or a DenseResourceElementsAttr whose blob
/// is present and of the right size; a splat must not claim more than
/// kMaxSplatExpansion elements.
bool isReadableFloatConstant(mlir::Attribute attr);

/// Why `attr` is not a readable float constant (for remarks), or
/// std::nullopt when it is.
std::optional<std::string> whyNotReadable(mlir::Attribute attr);

/// Reads every element of a readable float constant as f64 (a splat is
/// expanded). Returns std::nullopt when the constant is not readable.
std::optional<std::vector<double>> readAsDoubles(mlir::Attribute attr);

/// The per-channel multiplier `scale / sqrt(variance + epsilon)` in f64;
/// `scale` may be empty (meaning 1).
std::vector<double> batchNormMultiplier(llvm::ArrayRef<double> variance,
                                        llvm::ArrayRef<double> scale,
                                        double epsilon);

/// The type nn.batch_norm computes in for elements of `elementKind`: f32
/// for f16 and bf16, else the element type itself (see NNOps.td).
FloatKind getBatchNormComputeKind(FloatKind elementKind);

/// `variance + epsilon` exactly as nn.batch_norm computes it: both rounded
/// to `computeKind` and added there, with one rounding. The unfolded network
/// takes the square root of this value, so a fold's legality is decided on
/// it (the f64 sum the multiplier uses can be positive where this one is 0).
double batchNormVariancePlusEpsilon(double variance, double epsilon,
                                    FloatKind computeKind);

/// The multiplier from constant parameters: `scale` is std::nullopt when
/// there is no scale operand, a null attribute when it is not a constant.
/// Returns std::nullopt when a parameter is not readable or the lengths
/// differ. BNFoldWeightsOp::fold and the fold pass's precomputation both
/// read it here, so that they compute the same bits.
std::optional<std::vector<double>>
readBatchNormMultiplier(mlir::Attribute variance,
                        std::optional<mlir::Attribute> scale, double epsilon);

/// The folded bias `(bias - mean) * multiplier + offset`; `bias` and
/// `offset` may be empty (meaning 0).
std::vector<double> batchNormFoldedBias(llvm::ArrayRef<double> mean,
                                        llvm::ArrayRef<double> multiplier,
                                        llvm::ArrayRef<double> bias,
                                        llvm::ArrayRef<double> offset);

/// `weights` with every element of output channel c multiplied by
/// multiplier[c]; the channel of an element is the row-major flattening of
/// its indices in `channelDims` (contiguous, ascending dims). The result has
/// the same type and the same storage kind (dense or dense_resource) as
/// `weights`. Returns a null attribute when `weights` is not readable.
mlir::ElementsAttr scaleWeightChannels(mlir::Attribute weights,
                                       llvm::ArrayRef<double> multiplier,
                                       llvm::ArrayRef<int64_t> channelDims);

/// A folded value that the element type cannot hold: it would round to
/// +-inf (overflow), or a nonzero value would round to 0 (underflow).
struct RangeProblem {
  int64_t channel;
  double value;
  bool overflow;
};

/// The first value of `values` (one per channel) that would overflow the
/// float type `type`, if any. (A bias that underflows to 0 is only off by
/// less than the smallest subnormal, so only overflow matters here.)
std::optional<RangeProblem> findOverflow(mlir::Type type,
                                         llvm::ArrayRef<double> values);

/// The first scaled weight, `weights * multiplier[channel]` as computed by
/// scaleWeightChannels, that its element type cannot hold. Returns
/// std::nullopt when all fit or when `weights` is not readable.
std::optional<RangeProblem>
findScaledWeightRangeProblem(mlir::Attribute weights,
                             llvm::ArrayRef<double> multiplier,
                             llvm::ArrayRef<int64_t> channelDims);

/// The weight-sized results of folds, computed ahead of time. Of all the
/// work of a fold, only two steps read every weight: the range check
/// (findScaledWeightRangeProblem) and the scaling (scaleWeightChannels). The
/// greedy pattern driver folds one layer at a time, so the fold pass first
/// computes both for all the layers of a function in parallel, then makes
/// the results visible on its own thread (Scope) while its patterns run:
/// the two functions return the stored result when called with the same
/// weights attribute, multiplier and channel dims, and compute as usual
/// otherwise.
class PrecomputedScaling {
public:
  /// Registers one computation and returns its index; a repeated key gets
  /// the index it already has.
  size_t add(mlir::Attribute weights, std::vector<double> multiplier,
             llvm::ArrayRef<int64_t> channelDims);
  size_t size() const { return entries.size(); }

  /// Computes and stores the range check of entry `index`. Calls for
  /// distinct indices may run concurrently, also with lookups (on other
  /// threads) that find other entries: a lookup reads only the keys of the
  /// entries it passes and the results of the one it finds.
  void computeRangeProblem(size_t index);
  /// Computes and stores the scaled weights of entry `index` (for
  /// dense_resource weights, only their bytes). The same concurrency rules
  /// as computeRangeProblem.
  void computeScaledWeights(size_t index);

  /// While alive, makes `scaling` the results looked up on this thread.
  class Scope {
  public:
    explicit Scope(PrecomputedScaling &scaling);
    ~Scope();
    Scope(const Scope &) = delete;
    Scope &operator=(const Scope &) = delete;

  private:
    PrecomputedScaling *previous;
  };

  struct Entry {
    mlir::Attribute weights;
    std::vector<double> multiplier;
    llvm::SmallVector<int64_t, 2> channelDims;
    /// Set by computeRangeProblem (the outer optional: computed or not).
    std::optional<std::optional<RangeProblem>> rangeProblem;
    /// Set by computeScaledWeights for dense weights, and at first use for
    /// dense_resource weights.
    mlir::ElementsAttr scaledWeights;
    /// For dense_resource weights computeScaledWeights only fills the
    /// bytes; the attribute (and its blob in the resource manager) is made
    /// when a fold uses them, so that an unused result registers no blob.
    std::optional<mlir::AsmResourceBlob> scaledBlob;
  };
  /// The entry of this thread's active PrecomputedScaling for the key, if
  /// any.
  static Entry *lookup(mlir::Attribute weights,
                             llvm::ArrayRef<double> multiplier,
                             llvm::ArrayRef<int64_t> channelDims);

private:
  std::vector<Entry> entries;
  /// Entries by weights attribute (a layer's weights rarely have more than
  /// one multiplier).
  llvm::DenseMap<const void *, llvm::SmallVector<size_t, 1>> byWeights;
};

/// Builds a dense constant of `type` (a float tensor type) from f64 values,
/// rounding each once to the element type.
mlir::DenseElementsAttr buildFloatConstant(mlir::ShapedType type,
                                           llvm::ArrayRef<double> values);

} // namespace bnfold::nn

#endif // BNFOLD_DIALECT_NN_IR_BATCHNORMMATH_H
