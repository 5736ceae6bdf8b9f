//===- WeightChannelMapTest.cpp - the scaling loop against a naive one ----===//
//
// scaleWeightChannels walks the weights as ChannelLoops: merged loops in
// memory order, runs of the innermost one with a channel step, and a kernel
// per element type. The reference here is the definition of
// WeightChannelMap, evaluated per element from its multi-index:
//   channel = group * perGroup + rowMajor(idx[dims]),
//   group = idx[groupDim] / (shape[groupDim] / groups),
// the product computed in f64 and rounded once with storeElement. Random
// shapes of rank 1 to 5 and random maps (one or two channel dims, with and
// without a group dim, groups up to the dim's size), every element type,
// splat and non-splat dense constants and dense_resource blobs; the result
// must match bit for bit. Also checked: an ungrouped map merges into at most
// three loops (the outer/channels/inner kernels of before), and maps that do
// not fit the weights or the multiplier give a null attribute. Prints one
// summary line; exits non-zero on a mismatch.
//
//===----------------------------------------------------------------------===//

#include "bnfold/Dialect/NN/IR/BatchNormMath.h"

#include "mlir/IR/AsmState.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/MLIRContext.h"
#include "llvm/Support/raw_ostream.h"
#include <cstring>
#include <random>

using namespace mlir;
using namespace bnfold;
using namespace bnfold::nn;

namespace {

struct Stats {
  uint64_t maps = 0, elements = 0, mismatches = 0;

  void fail(const llvm::Twine &what) {
    if (++mismatches <= 10)
      llvm::errs() << what << "\n";
  }
};

std::string describe(ArrayRef<int64_t> shape, const WeightChannelMap &map) {
  std::string text;
  llvm::raw_string_ostream os(text);
  os << "shape [";
  llvm::interleaveComma(shape, os);
  os << "] dims [";
  llvm::interleaveComma(map.dims, os);
  os << "]";
  if (map.groupDim)
    os << " groupDim " << *map.groupDim << " groups " << map.groups;
  return text;
}

/// The channel of the element at flat index `index`, from the definition.
int64_t referenceChannel(ArrayRef<int64_t> shape, const WeightChannelMap &map,
                         int64_t index) {
  SmallVector<int64_t> idx(shape.size());
  for (int64_t d = shape.size() - 1; d >= 0; --d) {
    idx[d] = index % shape[d];
    index /= shape[d];
  }
  int64_t perGroup = 1, within = 0;
  for (int64_t d : map.dims) {
    perGroup *= shape[d];
    within = within * shape[d] + idx[d];
  }
  int64_t group = 0;
  if (map.groupDim)
    group = idx[*map.groupDim] / (shape[*map.groupDim] / map.groups);
  return group * perGroup + within;
}

Type elementType(MLIRContext &context, FloatKind kind) {
  Builder b(&context);
  switch (kind) {
  case FloatKind::F16:
    return b.getF16Type();
  case FloatKind::BF16:
    return b.getBF16Type();
  case FloatKind::F32:
    return b.getF32Type();
  case FloatKind::F64:
    return b.getF64Type();
  }
  return {};
}

/// A random map that fits `shape`.
WeightChannelMap randomMap(std::mt19937_64 &rng, ArrayRef<int64_t> shape) {
  int64_t rank = shape.size();
  auto pick = [&](int64_t n) {
    return static_cast<int64_t>(rng() % static_cast<uint64_t>(n));
  };
  if (rank >= 2 && pick(2) == 0) {
    int64_t groupDim = pick(rank);
    int64_t dim = pick(rank - 1);
    if (dim >= groupDim)
      ++dim;
    SmallVector<int64_t> divisors;
    for (int64_t g = 1; g <= shape[groupDim]; ++g)
      if (shape[groupDim] % g == 0)
        divisors.push_back(g);
    int64_t groups = divisors[pick(divisors.size())];
    WeightChannelMap map = WeightChannelMap::grouped(dim, groupDim, groups);
    // Also a group dim with one group, which grouped() never makes: the
    // loops must treat it like no group dim.
    if (groups == 1 && pick(2) == 0)
      map.groupDim = groupDim;
    return map;
  }
  int64_t length = rank >= 2 ? 1 + pick(2) : 1;
  int64_t first = pick(rank - length + 1);
  SmallVector<int64_t> dims;
  for (int64_t d = first; d < first + length; ++d)
    dims.push_back(d);
  return WeightChannelMap::along(dims);
}

/// The raw bytes of a scaled result (dense or dense_resource).
ArrayRef<char> resultBytes(ElementsAttr result, bool &isSplat) {
  isSplat = false;
  if (auto dense = dyn_cast<DenseElementsAttr>(result)) {
    isSplat = dense.isSplat();
    return dense.getRawData();
  }
  return cast<DenseResourceElementsAttr>(result)
      .getRawHandle()
      .getBlob()
      ->getData();
}

void checkOne(MLIRContext &context, std::mt19937_64 &rng, Stats &stats,
              int trial) {
  auto pick = [&](int64_t n) {
    return static_cast<int64_t>(rng() % static_cast<uint64_t>(n));
  };
  SmallVector<int64_t> shape;
  int64_t rank = 1 + pick(5);
  for (int64_t d = 0; d < rank; ++d)
    shape.push_back(1 + pick(d == 0 ? 6 : 4));
  WeightChannelMap map = randomMap(rng, shape);
  auto kind = static_cast<FloatKind>(pick(4));
  int storage = pick(10); // 0: splat, 1-2: dense_resource, else dense.
  int64_t numElements = *getCheckedNumElements(shape);
  int64_t numChannels = *map.getNumChannels(shape);

  std::uniform_real_distribution<double> value(-4.0, 4.0);
  size_t width = getByteWidth(kind);
  std::vector<char> bytes(width * (storage == 0 ? 1 : numElements));
  for (size_t i = 0; i * width < bytes.size(); ++i)
    storeElement(kind, bytes.data() + i * width, value(rng));
  std::vector<double> multiplier(numChannels);
  for (double &m : multiplier)
    m = pick(8) == 0 ? 0.0 : value(rng) * (pick(16) == 0 ? 1.0e4 : 1.0);

  auto type = RankedTensorType::get(shape, elementType(context, kind));
  Attribute weights;
  if (storage == 1 || storage == 2)
    weights = DenseResourceElementsAttr::get(
        type, "w" + std::to_string(trial),
        AsmResourceBlob(HeapAsmResourceBlob::allocateAndCopyWithAlign(
            bytes, alignof(double))));
  else
    weights = DenseElementsAttr::getFromRawBuffer(type, bytes);

  ++stats.maps;
  ElementsAttr result = scaleWeightChannels(weights, multiplier, map);
  if (!result) {
    stats.fail("no result for " + describe(shape, map));
    return;
  }
  bool resultIsSplat;
  ArrayRef<char> got = resultBytes(result, resultIsSplat);
  for (int64_t i = 0; i < numElements; ++i) {
    ++stats.elements;
    double in = loadElement(kind, bytes.data() + (storage == 0 ? 0 : i * width));
    char want[8], have[8];
    storeElement(kind, want,
                 in * multiplier[referenceChannel(shape, map, i)]);
    std::memcpy(have, got.data() + (resultIsSplat ? 0 : i * width), width);
    if (std::memcmp(want, have, width) != 0) {
      stats.fail("element " + llvm::Twine(i) + " differs for " +
                 describe(shape, map));
      return;
    }
  }

  // An ungrouped map keeps the three loops (outer, channels, inner) of the
  // kernels it replaced; every map's loops cover every element once.
  ChannelLoops loops = getChannelLoops(shape, map);
  int64_t covered = 1;
  for (const ChannelLoop &loop : loops.loops)
    covered *= loop.extent;
  if (covered != numElements || loops.numChannels != numChannels)
    stats.fail("the loops do not cover " + describe(shape, map));
  if (!map.groupDim && loops.loops.size() > 3)
    stats.fail("an ungrouped map gives more than 3 loops: " +
               describe(shape, map));

  // The wrong number of multipliers, or a map that does not fit: no result.
  std::vector<double> tooMany(numChannels + 1, 1.0);
  if (scaleWeightChannels(weights, tooMany, map))
    stats.fail("a multiplier of the wrong length was accepted for " +
               describe(shape, map));
  WeightChannelMap outside = WeightChannelMap::along({rank});
  if (scaleWeightChannels(weights, std::vector<double>(1, 1.0), outside))
    stats.fail("an out-of-range channel dim was accepted");
}

} // namespace

int main() {
  MLIRContext context;
  std::mt19937_64 rng(20261129);
  Stats stats;
  for (int trial = 0; trial < 4000; ++trial)
    checkOne(context, rng, stats, trial);

  // Maps a verifier must reject, with the texts nn.bn_fold_weights prints.
  struct Invalid {
    WeightChannelMap map;
    SmallVector<int64_t> shape;
    const char *why;
  };
  WeightChannelMap groupsWithoutDim = WeightChannelMap::along({1});
  groupsWithoutDim.groups = 2;
  WeightChannelMap groupDimIsChannel = WeightChannelMap::grouped(1, 0, 2);
  groupDimIsChannel.groupDim = 1;
  Invalid invalid[] = {
      {groupsWithoutDim, {4, 3}, "'groups' 2 needs a 'group_dim'"},
      {groupDimIsChannel, {4, 3}, "'group_dim' 1 is one of the 'channel_dims'"},
      {WeightChannelMap::grouped(1, 0, 2), {5, 3},
       "weight dim 0 (5) is not divisible by 'groups' (2)"},
      {WeightChannelMap::along({0, 2}), {2, 3, 4},
       "'channel_dims' must be adjacent ascending dims"},
  };
  for (const Invalid &c : invalid) {
    std::optional<std::string> why = c.map.whyInvalid(c.shape);
    if (!why || *why != c.why)
      stats.fail(llvm::Twine("expected '") + c.why + "', got '" +
                 (why ? *why : std::string("valid")) + "'");
  }
  if (WeightChannelMap::grouped(1, 0, 2).whyInvalid({ShapedType::kDynamic, 3}))
    stats.fail("a dynamic group dim was rejected");

  llvm::outs() << stats.maps << " maps, " << stats.elements
               << " elements checked, " << stats.mismatches
               << " mismatches\n";
  return stats.mismatches == 0 ? 0 : 1;
}
