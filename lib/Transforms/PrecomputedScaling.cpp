//===- PrecomputedScaling.cpp - weight-sized fold work done up front ------===//

#include "PrecomputedScaling.h"
#include "bnfold/Dialect/NN/IR/BatchNormMath.h"

#include "mlir/IR/Matchers.h"
#include "mlir/IR/Threading.h"
#include <cstring>

using namespace mlir;
using namespace bnfold;
using namespace bnfold::nn;

/// Bitwise equality: -0.0 and 0.0 scale differently, and a NaN is itself.
static bool sameBits(ArrayRef<double> a, ArrayRef<double> b) {
  return a.size() == b.size() &&
         (a.empty() ||
          std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0);
}

void PrecomputedScaling::add(const FoldSite &site) {
  auto bn = dyn_cast<BatchNormOp>(site.target);
  ChannelLayerOpInterface layer = site.layer;
  Attribute weights, variance, scale;
  if (!bn || !matchPattern(layer.getWeights(), m_Constant(&weights)) ||
      !matchPattern(bn.getVariance(), m_Constant(&variance)))
    return;
  if (bn.getScale() && !matchPattern(bn.getScale(), m_Constant(&scale)))
    return;
  std::optional<std::vector<double>> multiplier = readBatchNormMultiplier(
      variance, bn.getScale() ? std::optional<Attribute>(scale) : std::nullopt,
      bn.getEpsilon().convertToDouble());
  if (!multiplier)
    return;
  WeightChannelMap map = layer.getOutputChannelMap();
  if (find(weights, *multiplier, map))
    return;
  byWeights[weights.getAsOpaquePointer()].push_back(entries.size());
  entries.push_back(Entry{site, weights, std::move(*multiplier), map,
                          std::nullopt, ElementsAttr()});
}

void PrecomputedScaling::compute(MLIRContext *context,
                                 FoldedWeightStorage storage) {
  // One task per computation: the range check, then the legality check
  // (which finds that result stored), then the scaling, while the weights
  // are still in cache. A task writes only its own entry, and looks up only
  // its own key.
  parallelFor(context, 0, entries.size(), [&](size_t index) {
    Entry &entry = entries[index];
    entry.rangeProblem = findScaledWeightRangeProblem(
        entry.weights, entry.multiplier, entry.map);
    if (!whyNotFoldable(entry.site, this))
      entry.scaledWeights = scaleWeightChannels(
          entry.weights, entry.multiplier, entry.map, storage);
  });
}

const PrecomputedScaling::Entry *
PrecomputedScaling::find(Attribute weights, ArrayRef<double> multiplier,
                         const WeightChannelMap &map) const {
  auto it = byWeights.find(weights.getAsOpaquePointer());
  if (it == byWeights.end())
    return nullptr;
  for (size_t index : it->second) {
    const Entry &entry = entries[index];
    if (sameBits(entry.multiplier, multiplier) &&
        entry.map == map)
      return &entry;
  }
  return nullptr;
}

const std::optional<RangeProblem> *PrecomputedScaling::lookupRangeProblem(
    Attribute weights, ArrayRef<double> multiplier,
    const WeightChannelMap &map) const {
  const Entry *entry = find(weights, multiplier, map);
  return entry && entry->rangeProblem ? &*entry->rangeProblem : nullptr;
}

ElementsAttr
PrecomputedScaling::lookupScaledWeights(Attribute weights,
                                        ArrayRef<double> multiplier,
                                        const WeightChannelMap &map) const {
  const Entry *entry = find(weights, multiplier, map);
  return entry ? entry->scaledWeights : ElementsAttr();
}
