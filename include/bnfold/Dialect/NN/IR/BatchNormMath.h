//===- BatchNormMath.h - numeric kernels of batch-norm folding --*- C++ -*-===//
//
// The one place where folded weights and biases are computed, as pure
// functions of constant attributes: the folders of nn.bn_fold_weights and
// nn.bn_fold_bias call them, and so does the fold pass when it computes
// them ahead of time. Every layer kind and layout goes through
// scaleWeightChannels: a layer's WeightChannelMap turns into nested loops in
// memory order that step the channel, so one loop nest covers HWIO, OIHW,
// depthwise [H, W, C, M], matmul [K, N] / [N, K] and grouped transposed
// filters [Cin, Cout/G, k...] alike.
//
// All arithmetic is done in f64 on raw element buffers (never per-element
// Attribute objects, see bnfold/Support/FloatCodec.h) and rounded once to
// the element type.
//
//===----------------------------------------------------------------------===//

#ifndef BNFOLD_DIALECT_NN_IR_BATCHNORMMATH_H
#define BNFOLD_DIALECT_NN_IR_BATCHNORMMATH_H

#include "bnfold/Dialect/NN/IR/WeightChannelMap.h"
#include "bnfold/Support/FloatCodec.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/Support/LLVM.h"
#include <optional>
#include <string>
#include <vector>

namespace bnfold::nn {

//===----------------------------------------------------------------------===//
// Reading constants
//===----------------------------------------------------------------------===//

/// The largest number of elements a splat constant is expanded to (2^24:
/// 64 MiB of f32, 128 MiB as the f64 copy readAsDoubles makes). A splat's
/// type can claim any shape at no cost, e.g. `dense<1.0> :
/// tensor<1000000000x2xf32>`; expanding it would exhaust memory, so such
/// constants are treated as unreadable.
constexpr int64_t kMaxSplatExpansion = int64_t(1) << 24;

/// The element count of a static shape, or std::nullopt when a dim is
/// dynamic or the product does not fit in int64_t.
std::optional<int64_t> getCheckedNumElements(llvm::ArrayRef<int64_t> shape);

/// The raw bytes of a float tensor constant; `isSplat` tells whether they
/// hold one element that stands for all.
struct RawFloatData {
  FloatKind kind;
  llvm::ArrayRef<char> bytes;
  bool isSplat;
};

/// The bytes of `attr` when it is a float tensor constant we can read: a
/// DenseElementsAttr (a splat of at most kMaxSplatExpansion elements, or
/// not a splat) or a DenseResourceElementsAttr whose blob is present and of
/// the right size. Otherwise std::nullopt, and `why` (if given) says why.
std::optional<RawFloatData> getRawFloatData(mlir::Attribute attr,
                                            std::string *why = nullptr);

/// Whether getRawFloatData can read `attr`.
bool isReadableFloatConstant(mlir::Attribute attr);

/// Why `attr` is not a readable float constant (for remarks), or
/// std::nullopt when it is.
std::optional<std::string> whyNotReadable(mlir::Attribute attr);

/// Reads every element of a readable float constant as f64 (a splat is
/// expanded). Returns std::nullopt when the constant is not readable.
std::optional<std::vector<double>> readAsDoubles(mlir::Attribute attr);

//===----------------------------------------------------------------------===//
// The arithmetic of a batch norm and of its fold
//===----------------------------------------------------------------------===//

/// The per-channel multiplier `scale / sqrt(variance + epsilon)` in f64;
/// `scale` may be empty (meaning 1).
std::vector<double> batchNormMultiplier(llvm::ArrayRef<double> variance,
                                        llvm::ArrayRef<double> scale,
                                        double epsilon);

/// The multiplier from constant parameters: `scale` is std::nullopt when
/// there is no scale operand, a null attribute when it is not a constant.
/// Returns std::nullopt when a parameter is not readable or the lengths
/// differ. BNFoldWeightsOp::fold and the fold pass both read it here, so
/// that they compute the same bits.
std::optional<std::vector<double>>
readBatchNormMultiplier(mlir::Attribute variance,
                        std::optional<mlir::Attribute> scale, double epsilon);

/// The type nn.batch_norm computes in for elements of `elementKind`: f32
/// for f16 and bf16, else the element type itself (see NNOps.td).
FloatKind getBatchNormComputeKind(FloatKind elementKind);

/// `variance + epsilon` exactly as nn.batch_norm computes it: both rounded
/// to `computeKind` and added there, with one rounding. The unfolded network
/// takes the square root of this value, so a fold's legality is decided on
/// it (the f64 sum the multiplier uses can be positive where this one is 0).
double batchNormVariancePlusEpsilon(double variance, double epsilon,
                                    FloatKind computeKind);

/// The folded bias `(bias - mean) * multiplier + offset`, one per channel
/// of `multiplier`; `bias`, `mean` and `offset` may be empty (meaning 0: a
/// bias that is only scaled).
std::vector<double> batchNormFoldedBias(llvm::ArrayRef<double> mean,
                                        llvm::ArrayRef<double> multiplier,
                                        llvm::ArrayRef<double> bias,
                                        llvm::ArrayRef<double> offset);

//===----------------------------------------------------------------------===//
// Weights by output channel
//===----------------------------------------------------------------------===//

/// One loop over a dim (or merged dims) of the weights: `extent`
/// iterations, each moving the channel by `channelStride`.
struct ChannelLoop {
  int64_t extent, channelStride;
};

/// The weights in memory order as nested loops, outermost first; an
/// element's channel is the sum of index * channelStride over the loops.
/// Loops of extent 1 are dropped and neighbours that step the channel alike
/// (outer.channelStride == inner.channelStride * inner.extent) are merged,
/// so an ungrouped map gives at most (outer, channels, inner) loops.
struct ChannelLoops {
  llvm::SmallVector<ChannelLoop, 6> loops;
  int64_t numChannels = 1;
};

/// The loops of weights of `shape` (static, element count fitting in
/// int64_t) under `map` (valid for `shape`).
ChannelLoops getChannelLoops(llvm::ArrayRef<int64_t> shape,
                             const WeightChannelMap &map);

/// Calls fn(start, length, channel, step) per run of the innermost loop, in
/// memory order: elements start .. start+length-1 have the channels
/// channel + i*step. Weights without elements have no runs.
template <typename Fn>
void forEachChannelRun(const ChannelLoops &l, Fn fn) {
  if (l.loops.empty()) {
    fn(size_t(0), int64_t(1), int64_t(0), int64_t(0));
    return;
  }
  const ChannelLoop &inner = l.loops.back();
  for (const ChannelLoop &loop : l.loops)
    if (loop.extent == 0)
      return;
  size_t numOuter = l.loops.size() - 1;
  llvm::SmallVector<int64_t, 6> index(numOuter, 0);
  size_t start = 0;
  int64_t channel = 0;
  while (true) {
    fn(start, inner.extent, channel, inner.channelStride);
    start += inner.extent;
    // Odometer step over the outer loops, innermost first.
    size_t d = numOuter;
    while (d > 0) {
      --d;
      const ChannelLoop &loop = l.loops[d];
      if (++index[d] < loop.extent) {
        channel += loop.channelStride;
        break;
      }
      channel -= loop.channelStride * (loop.extent - 1);
      index[d] = 0;
      if (d == 0)
        return;
    }
    if (numOuter == 0)
      return;
  }
}

/// Calls fn(flatIndex, channel) for every element, in memory order.
template <typename Fn>
void forEachChannelElement(const ChannelLoops &l, Fn fn) {
  forEachChannelRun(l, [&](size_t start, int64_t length, int64_t channel,
                           int64_t step) {
    for (int64_t i = 0; i < length; ++i)
      fn(start + i, channel + i * step);
  });
}

/// How scaleWeightChannels stores the weights it computes.
enum class FoldedWeightStorage {
  /// As the source weights: dense stays dense (copied into the context's
  /// attribute uniquer), dense_resource stays dense_resource.
  AsSource,
  /// Always a dense_resource blob, which is not uniqued: no copy of the
  /// folded bytes after they are computed.
  Resource,
};

/// `weights` with every element of channel c multiplied by multiplier[c],
/// the channel of an element given by `map`. The result has the same type
/// as `weights`. A dense_resource source gives a blob named
/// `<key>_bnfolded_<hash of the multiplier and the map>`; a dense source
/// gives a dense attribute, or with FoldedWeightStorage::Resource a blob
/// named `bnfolded_<hash of the folded bytes>`. A blob is shared with an
/// existing blob of its name (or, where that name holds other bytes, of
/// `<name>_1`, `<name>_2`, ...) and bytes, so names do not depend on the
/// order in which threads fold. Returns a null attribute when `weights` is not
/// readable, `map` does not fit it, or its channels do not match the
/// multiplier. Thread-safe.
mlir::ElementsAttr
scaleWeightChannels(mlir::Attribute weights, llvm::ArrayRef<double> multiplier,
                    const WeightChannelMap &map,
                    FoldedWeightStorage storage = FoldedWeightStorage::AsSource);

/// The bias of a layer with a preceding batch norm folded into its input:
/// `bias[o] + sum W[e] * shift[i]` over the weight elements `e` of output
/// channel `o` (under `outputMap`), `i` the input channel of `e` (under
/// `inputMap`), summed in f64 in memory order. `bias` may be empty (0).
/// Returns std::nullopt when `weights` is not readable, a map does not fit
/// it, or the lengths do not match the channel counts.
std::optional<std::vector<double>>
foldInputShiftIntoBias(mlir::Attribute weights, llvm::ArrayRef<double> shift,
                       const WeightChannelMap &inputMap,
                       const WeightChannelMap &outputMap,
                       llvm::ArrayRef<double> bias);

/// Builds a dense constant of `type` (a float tensor type) from f64 values,
/// rounding each once to the element type.
mlir::DenseElementsAttr buildFloatConstant(mlir::ShapedType type,
                                           llvm::ArrayRef<double> values);

} // namespace bnfold::nn

#endif // BNFOLD_DIALECT_NN_IR_BATCHNORMMATH_H
