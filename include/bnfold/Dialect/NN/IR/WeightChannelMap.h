//===- WeightChannelMap.h - where a layer's channels sit in its weights -*- C++ -*-===//
//
// A per-channel scale of a layer's output (or input) is a scale of some of
// its weights: which weight elements belong to which channel is the layer's
// weight channel map. Most layers keep a channel in one slice of weight dims
// (HWIO: dim 3, OIHW: dim 0, depthwise [k..., C, M]: dims [C, M]); a grouped
// transposed convolution keeps output channel g*Cout/G + j at column j of
// group block g of another dim, which the optional group dim describes.
//
//===----------------------------------------------------------------------===//

#ifndef BNFOLD_DIALECT_NN_IR_WEIGHTCHANNELMAP_H
#define BNFOLD_DIALECT_NN_IR_WEIGHTCHANNELMAP_H

#include "mlir/Support/LLVM.h"
#include "llvm/ADT/SmallVector.h"
#include <optional>
#include <string>

namespace bnfold::nn {

/// Where a layer's channels sit in its weights. The channel of the weight
/// element at indices idx is
///   group * perGroup + rowMajor(idx[dims]),   perGroup = prod(shape[dims]),
///   group = idx[groupDim] / (shape[groupDim] / groups)   (0 without groupDim).
/// `dims` are adjacent ascending dims; groupDim lies outside them.
struct WeightChannelMap {
  llvm::SmallVector<int64_t, 2> dims;
  std::optional<int64_t> groupDim;
  int64_t groups = 1;

  /// The channel is the row-major flattening of `dims`.
  static WeightChannelMap along(llvm::ArrayRef<int64_t> dims);
  /// `dim` holds the channels of one group, and the groups are the blocks
  /// of `groupDim`; with one group this is along({dim}), so that a map has
  /// a group dim only when the group changes the channel.
  static WeightChannelMap grouped(int64_t dim, int64_t groupDim,
                                  int64_t groups);

  /// The channel count for weights of `shape`; std::nullopt if one of
  /// `dims` is dynamic or the count overflows int64.
  std::optional<int64_t> getNumChannels(llvm::ArrayRef<int64_t> shape) const;
  /// Why the map does not fit weights of `shape` (dynamic dims allowed), for
  /// verifiers and callers handed arbitrary maps; std::nullopt if it fits.
  std::optional<std::string> whyInvalid(llvm::ArrayRef<int64_t> shape) const;
  /// The weight dims whose indices decide the channel: `dims`, then the
  /// group dim.
  llvm::SmallVector<int64_t, 3> getReadDims() const;

  bool operator==(const WeightChannelMap &other) const {
    return dims == other.dims && groupDim == other.groupDim &&
           groups == other.groups;
  }
  bool operator!=(const WeightChannelMap &other) const {
    return !(*this == other);
  }
};

} // namespace bnfold::nn

#endif // BNFOLD_DIALECT_NN_IR_WEIGHTCHANNELMAP_H
