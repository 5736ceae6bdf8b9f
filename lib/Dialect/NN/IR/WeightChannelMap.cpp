//===- WeightChannelMap.cpp - where a layer's channels sit in its weights -===//

#include "bnfold/Dialect/NN/IR/WeightChannelMap.h"

#include "mlir/IR/BuiltinTypeInterfaces.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MathExtras.h"

using namespace bnfold::nn;

WeightChannelMap WeightChannelMap::along(llvm::ArrayRef<int64_t> dims) {
  WeightChannelMap map;
  map.dims.assign(dims.begin(), dims.end());
  return map;
}

WeightChannelMap WeightChannelMap::grouped(int64_t dim, int64_t groupDim,
                                           int64_t groups) {
  WeightChannelMap map = along({dim});
  if (groups != 1) {
    map.groupDim = groupDim;
    map.groups = groups;
  }
  return map;
}

std::optional<int64_t>
WeightChannelMap::getNumChannels(llvm::ArrayRef<int64_t> shape) const {
  int64_t count = groupDim ? groups : 1;
  for (int64_t d : dims)
    if (d < 0 || d >= static_cast<int64_t>(shape.size()) || shape[d] < 0 ||
        llvm::MulOverflow(count, shape[d], count))
      return std::nullopt;
  return count;
}

std::optional<std::string>
WeightChannelMap::whyInvalid(llvm::ArrayRef<int64_t> shape) const {
  int64_t rank = shape.size();
  if (dims.empty())
    return std::string("'channel_dims' must not be empty");
  for (auto [i, d] : llvm::enumerate(dims)) {
    if (d < 0 || d >= rank)
      return llvm::formatv("'channel_dims' entry {0} is out of range for "
                           "weights of rank {1}",
                           d, rank)
          .str();
    if (i > 0 && d != dims[i - 1] + 1)
      return std::string("'channel_dims' must be adjacent ascending dims");
  }
  if (groups < 1)
    return llvm::formatv("'groups' ({0}) must be positive", groups).str();
  if (!groupDim) {
    if (groups != 1)
      return llvm::formatv("'groups' {0} needs a 'group_dim'", groups).str();
    return std::nullopt;
  }
  int64_t g = *groupDim;
  if (g < 0 || g >= rank)
    return llvm::formatv("'group_dim' {0} is out of range for weights of "
                         "rank {1}",
                         g, rank)
        .str();
  if (llvm::is_contained(dims, g))
    return llvm::formatv("'group_dim' {0} is one of the 'channel_dims'", g)
        .str();
  if (!mlir::ShapedType::isDynamic(shape[g]) && shape[g] % groups != 0)
    return llvm::formatv("weight dim {0} ({1}) is not divisible by 'groups' "
                         "({2})",
                         g, shape[g], groups)
        .str();
  return std::nullopt;
}

llvm::SmallVector<int64_t, 3> WeightChannelMap::getReadDims() const {
  llvm::SmallVector<int64_t, 3> read(dims.begin(), dims.end());
  if (groupDim)
    read.push_back(*groupDim);
  return read;
}
