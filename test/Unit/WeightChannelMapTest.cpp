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
// not fit the weights or the multiplier give a null attribute.
//
// The maps the layers report are checked against what they mean: for every
// convolution kind (regular, depthwise, transposed), rank and layout family
// with random channel counts and groups, a direct convolution written here
// from the op definitions (NNOps.td) computes the output with the weights
// scaled along getOutputChannelMap() by s, which must equal the output
// channels scaled by s; and the weights scaled along getInputChannelMap()
// by t give what the input channels scaled by t give. Prints one summary
// line per part; exits non-zero on a mismatch.
//
//===----------------------------------------------------------------------===//

#include "bnfold/Dialect/NN/IR/BatchNormMath.h"
#include "bnfold/Dialect/NN/IR/NNDialect.h"
#include "bnfold/Dialect/NN/IR/NNOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Parser/Parser.h"

#include "mlir/IR/AsmState.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinDialect.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/MLIRContext.h"
#include "llvm/Support/raw_ostream.h"
#include <cmath>
#include <cstring>
#include <atomic>
#include <random>
#include <thread>

using namespace mlir;
using namespace bnfold;
using namespace bnfold::nn;

namespace {

struct Stats {
  uint64_t maps = 0, elements = 0, mismatches = 0, asBlobs = 0;

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

  // Stored as a blob (folded-weights=resource), the same bytes, a splat
  // expanded.
  ElementsAttr asBlob = scaleWeightChannels(weights, multiplier, map,
                                            FoldedWeightStorage::Resource);
  ++stats.asBlobs;
  if (!isa_and_nonnull<DenseResourceElementsAttr>(asBlob)) {
    stats.fail("not stored as a blob: " + describe(shape, map));
    return;
  }
  bool blobIsSplat;
  ArrayRef<char> blobBytes = resultBytes(asBlob, blobIsSplat);
  if (blobBytes.size() != static_cast<size_t>(numElements) * width) {
    stats.fail("a blob of the wrong size for " + describe(shape, map));
    return;
  }
  for (int64_t i = 0; i < numElements; ++i)
    if (std::memcmp(blobBytes.data() + i * width,
                    got.data() + (resultIsSplat ? 0 : i * width),
                    width) != 0) {
      stats.fail("blob element " + llvm::Twine(i) + " differs for " +
                 describe(shape, map));
      return;
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


//===----------------------------------------------------------------------===//
// Blob names under threads
//===----------------------------------------------------------------------===//

/// Folds the same dense weights on `numThreads` threads at once (released
/// together), storing the results as blobs; returns their names.
std::vector<std::string> foldOnThreads(MLIRContext &context,
                                       unsigned numThreads) {
  auto type = RankedTensorType::get({64, 64}, Float32Type::get(&context));
  std::vector<float> values(64 * 64);
  for (size_t i = 0; i < values.size(); ++i)
    values[i] = static_cast<float>(i % 97) - 48.0f;
  auto weights = DenseElementsAttr::getFromRawBuffer(
      type, ArrayRef<char>(reinterpret_cast<const char *>(values.data()),
                           values.size() * sizeof(float)));
  std::vector<double> multiplier(64, 0.75);
  WeightChannelMap map = WeightChannelMap::along({0});
  std::vector<std::string> names(numThreads);
  std::atomic<unsigned> ready{0};
  std::vector<std::thread> threads;
  for (unsigned t = 0; t < numThreads; ++t)
    threads.emplace_back([&, t] {
      ++ready;
      while (ready.load() < numThreads)
        std::this_thread::yield();
      auto blob = dyn_cast_or_null<DenseResourceElementsAttr>(
          scaleWeightChannels(weights, multiplier, map,
                              FoldedWeightStorage::Resource));
      names[t] = blob ? blob.getRawHandle().getKey().str() : "(none)";
    });
  for (std::thread &thread : threads)
    thread.join();
  return names;
}

/// The number of blobs in `context`'s builtin resource manager.
size_t countBlobs(MLIRContext &context) {
  size_t count = 0;
  DenseResourceElementsHandle::getManagerInterface(&context)
      .getBlobManager()
      .getBlobMap([&](const llvm::StringMap<
                      DialectResourceBlobManager::BlobEntry> &map) {
        count = map.size();
      });
  return count;
}

/// Equal folds made at the same moment on several threads share one blob
/// named after their bytes; where that name is taken by other bytes, they
/// all share `<name>_1`. Names that depended on which thread came first
/// would make the output differ from run to run.
void checkBlobNaming(Stats &stats) {
  constexpr unsigned numThreads = 8;
  std::string expected;
  unsigned rounds = 0;
  for (unsigned round = 0; round < 20; ++round, ++rounds) {
    MLIRContext context;
    std::vector<std::string> names = foldOnThreads(context, numThreads);
    if (expected.empty())
      expected = names[0];
    for (const std::string &name : names)
      if (name != expected)
        stats.fail("thread made blob '" + name + "', expected '" + expected +
                   "'");
    if (!StringRef(expected).starts_with("bnfolded_"))
      stats.fail("unexpected blob name '" + expected + "'");
    if (countBlobs(context) != 1)
      stats.fail(llvm::Twine(countBlobs(context)) +
                 " blobs made, expected 1 (an unused copy?)");

    // The name taken by other bytes (an input blob of that name).
    MLIRContext taken;
    auto &interface =
        DenseResourceElementsHandle::getManagerInterface(&taken);
    char other[4] = {1, 2, 3, 4};
    interface.insert(expected, HeapAsmResourceBlob::allocateAndCopyWithAlign(
                                   ArrayRef<char>(other), alignof(double)));
    for (const std::string &name : foldOnThreads(taken, numThreads))
      if (name != expected + "_1")
        stats.fail("with the name taken, thread made blob '" + name +
                   "', expected '" + expected + "_1'");
    if (countBlobs(taken) != 2)
      stats.fail(llvm::Twine(countBlobs(taken)) +
                 " blobs with the name taken, expected 2");
  }
  llvm::outs() << rounds << " rounds of " << numThreads
               << " threads folding equal weights: one blob each, "
               << stats.mismatches << " mismatches\n";
}

//===----------------------------------------------------------------------===//
// The output maps of the convolutions, checked by direct convolution
//===----------------------------------------------------------------------===//

/// One convolution: kind, spatial rank, family, channels, groups (the depth
/// multiplier for depthwise), input and kernel sizes; stride, dilation and
/// padding do not change which weights feed which output channel.
struct ConvCase {
  ConvKind kind;
  int64_t r;
  bool channelsLast;
  int64_t cin, cout, groups;
  SmallVector<int64_t, 3> in, k;

  SmallVector<int64_t, 3> outSpatial() const {
    SmallVector<int64_t, 3> out;
    for (int64_t d = 0; d < r; ++d)
      out.push_back(kind == ConvKind::Transposed ? in[d] + k[d] - 1
                                                 : in[d] - k[d] + 1);
    return out;
  }
  SmallVector<int64_t> activationShape(int64_t channels,
                                       ArrayRef<int64_t> spatial) const {
    SmallVector<int64_t> shape{1};
    if (!channelsLast)
      shape.push_back(channels);
    shape.append(spatial.begin(), spatial.end());
    if (channelsLast)
      shape.push_back(channels);
    return shape;
  }
  /// The filter's two non-spatial dims, in the order of the layout family.
  std::pair<int64_t, int64_t> filterChannelDims() const {
    switch (kind) {
    case ConvKind::Regular: // [Cout, Cin/G, k...] / [k..., Cin/G, Cout]
      return channelsLast ? std::pair(cin / groups, cout)
                          : std::pair(cout, cin / groups);
    case ConvKind::Depthwise: // [C*M, 1, k...] / [k..., C, M]
      return channelsLast ? std::pair(cin, groups) : std::pair(cout, int64_t(1));
    case ConvKind::Transposed: // [Cin, Cout/G, k...] / [k..., Cout/G, Cin]
      return channelsLast ? std::pair(cout / groups, cin)
                          : std::pair(cin, cout / groups);
    }
    return {};
  }
  SmallVector<int64_t> filterShape() const {
    auto [a, b] = filterChannelDims();
    SmallVector<int64_t> shape;
    if (!channelsLast)
      shape.append({a, b});
    shape.append(k.begin(), k.end());
    if (channelsLast)
      shape.append({a, b});
    return shape;
  }
  /// The filter's flat index for output channel o, input channel i and
  /// kernel offsets kk; -1 when i does not feed o.
  int64_t filterIndex(int64_t o, int64_t i, ArrayRef<int64_t> kk) const {
    int64_t a = 0, b = 0;
    switch (kind) {
    case ConvKind::Regular: {
      int64_t perGroupIn = cin / groups, g = o / (cout / groups);
      if (i / perGroupIn != g)
        return -1;
      a = channelsLast ? i % perGroupIn : o;
      b = channelsLast ? o : i % perGroupIn;
      break;
    }
    case ConvKind::Depthwise: {
      int64_t m = groups; // the multiplier
      if (i != o / m)
        return -1;
      a = channelsLast ? o / m : o;
      b = channelsLast ? o % m : 0;
      break;
    }
    case ConvKind::Transposed: {
      int64_t perGroupOut = cout / groups, g = o / perGroupOut;
      if (i / (cin / groups) != g)
        return -1;
      a = channelsLast ? o % perGroupOut : i;
      b = channelsLast ? i : o % perGroupOut;
      break;
    }
    }
    SmallVector<int64_t> idx;
    if (!channelsLast)
      idx.append({a, b});
    idx.append(kk.begin(), kk.end());
    if (channelsLast)
      idx.append({a, b});
    SmallVector<int64_t> shape = filterShape();
    int64_t flat = 0;
    for (auto [d, v] : llvm::enumerate(idx))
      flat = flat * shape[d] + v;
    return flat;
  }

  std::string opText() const {
    static const char *const kLayouts[2][3] = {{"ncw", "nchw", "ncdhw"},
                                               {"nwc", "nhwc", "ndhwc"}};
    const char *prefix = kind == ConvKind::Regular     ? "conv"
                         : kind == ConvKind::Depthwise ? "depthwise_conv"
                                                       : "conv_transpose";
    auto tensor = [](ArrayRef<int64_t> shape) {
      std::string text = "tensor<";
      for (int64_t d : shape)
        text += std::to_string(d) + "x";
      return text + "f64>";
    };
    std::string x = tensor(activationShape(cin, in)),
                w = tensor(filterShape()),
                y = tensor(activationShape(cout, outSpatial()));
    std::string attrs = kind == ConvKind::Depthwise
                            ? ""
                            : " {groups = " + std::to_string(groups) + " : i64}";
    return "func.func @f(%x: " + x + ", %w: " + w + ") -> " + y +
           " {\n  %y = nn." + prefix + std::to_string(r) + "d " +
           kLayouts[channelsLast][r - 1] + " %x, %w" + attrs + " : (" + x +
           ", " + w + ") -> " + y + "\n  return %y : " + y + "\n}\n";
  }
};

/// Calls fn(multi-index) for every index of `sizes`, row-major.
template <typename Fn>
void forEachIndex(ArrayRef<int64_t> sizes, Fn fn) {
  SmallVector<int64_t, 3> idx(sizes.size(), 0);
  for (int64_t size : sizes)
    if (size == 0)
      return;
  while (true) {
    fn(ArrayRef<int64_t>(idx));
    int64_t d = sizes.size();
    while (d > 0 && ++idx[d - 1] == sizes[d - 1])
      idx[--d] = 0;
    if (d == 0)
      return;
  }
}

/// The output [Cout][positions] of the convolution, in f64.
std::vector<double> directConv(const ConvCase &c, ArrayRef<double> x,
                               ArrayRef<double> w) {
  SmallVector<int64_t, 3> out = c.outSpatial();
  int64_t numOut = 1, numIn = 1;
  for (int64_t d = 0; d < c.r; ++d) {
    numOut *= out[d];
    numIn *= c.in[d];
  }
  auto inputAt = [&](int64_t i, ArrayRef<int64_t> q) {
    int64_t pos = 0;
    for (int64_t d = 0; d < c.r; ++d)
      pos = pos * c.in[d] + q[d];
    return c.channelsLast ? x[pos * c.cin + i] : x[i * numIn + pos];
  };
  std::vector<double> y(c.cout * numOut, 0.0);
  for (int64_t o = 0; o < c.cout; ++o) {
    int64_t p = 0;
    forEachIndex(out, [&](ArrayRef<int64_t> pIdx) {
      double sum = 0.0;
      for (int64_t i = 0; i < c.cin; ++i)
        forEachIndex(c.k, [&](ArrayRef<int64_t> kk) {
          int64_t f = c.filterIndex(o, i, kk);
          if (f < 0)
            return;
          // Regular: y[p] reads x[p + k]; transposed: x[q] feeds y[q + k].
          SmallVector<int64_t, 3> q;
          for (int64_t d = 0; d < c.r; ++d) {
            int64_t v = c.kind == ConvKind::Transposed ? pIdx[d] - kk[d]
                                                       : pIdx[d] + kk[d];
            if (v < 0 || v >= c.in[d])
              return;
            q.push_back(v);
          }
          sum += inputAt(i, q) * w[f];
        });
      y[o * numOut + p++] = sum;
    });
  }
  return y;
}

void checkConvolutionMaps(MLIRContext &context, std::mt19937_64 &rng,
                          Stats &stats) {
  auto pick = [&](int64_t n) {
    return static_cast<int64_t>(rng() % static_cast<uint64_t>(n));
  };
  std::uniform_real_distribution<double> value(-1.0, 1.0);
  for (int trial = 0; trial < 300; ++trial) {
    ConvCase c;
    c.kind = static_cast<ConvKind>(trial % 3);
    c.r = 1 + (trial / 3) % 3;
    c.channelsLast = (trial / 9) % 2;
    int64_t groups = 1 + pick(3), perIn = 1 + pick(3), perOut = 1 + pick(3);
    if (c.kind == ConvKind::Depthwise) {
      c.cin = 1 + pick(4);
      c.groups = 1 + pick(3); // the multiplier
      c.cout = c.cin * c.groups;
    } else {
      c.groups = groups;
      c.cin = groups * perIn;
      c.cout = groups * perOut;
    }
    for (int64_t d = 0; d < c.r; ++d) {
      c.k.push_back(1 + pick(2));
      c.in.push_back(c.k.back() + pick(2));
    }

    OwningOpRef<ModuleOp> module =
        parseSourceString<ModuleOp>(c.opText(), &context);
    if (!module) {
      stats.fail("does not parse:\n" + c.opText());
      continue;
    }
    ChannelLayerOpInterface layer;
    module->walk([&](ChannelLayerOpInterface op) { layer = op; });
    WeightChannelMap map = layer.getOutputChannelMap();
    std::optional<WeightChannelMap> inputMap = layer.getInputChannelMap();
    ++stats.maps;

    SmallVector<int64_t> filterShape = c.filterShape();
    int64_t numWeights = *getCheckedNumElements(filterShape);
    int64_t numInputs = *getCheckedNumElements(c.activationShape(c.cin, c.in));
    std::vector<double> x(numInputs), w(numWeights), s(c.cout);
    for (double &v : x)
      v = value(rng);
    for (double &v : w)
      v = value(rng);
    for (double &v : s)
      v = 1.0 + 3.0 * std::fabs(value(rng));
    auto weights = DenseElementsAttr::get(
        RankedTensorType::get(filterShape, Float64Type::get(&context)),
        ArrayRef<double>(w));
    ElementsAttr scaled = scaleWeightChannels(weights, s, map);
    if (!scaled) {
      stats.fail("the output map does not fit:\n" + c.opText());
      continue;
    }
    auto scaledValues =
        llvm::to_vector(cast<DenseElementsAttr>(scaled).getValues<double>());
    std::vector<double> y = directConv(c, x, w);
    std::vector<double> yScaled = directConv(c, x, scaledValues);
    int64_t numOut = y.size() / c.cout;
    for (size_t e = 0; e < y.size(); ++e) {
      ++stats.elements;
      double want = y[e] * s[e / numOut];
      if (std::fabs(yScaled[e] - want) > 1e-9 * (1.0 + std::fabs(want))) {
        stats.fail("scaling along the output map is not scaling output "
                   "channel " +
                   llvm::Twine(e / numOut) + " of:\n" + c.opText());
        break;
      }
    }

    // Scaling the weights along the input map by t is scaling the input
    // channels by t.
    if (!inputMap) {
      stats.fail("no input map for:\n" + c.opText());
      continue;
    }
    std::vector<double> t(c.cin);
    for (double &v : t)
      v = 1.0 + 3.0 * std::fabs(value(rng));
    ElementsAttr inputScaled = scaleWeightChannels(weights, t, *inputMap);
    if (!inputScaled) {
      stats.fail("the input map does not fit:\n" + c.opText());
      continue;
    }
    std::vector<double> xScaled(x);
    int64_t numInPositions = x.size() / c.cin;
    for (size_t e = 0; e < x.size(); ++e)
      xScaled[e] *= t[c.channelsLast ? e % c.cin : e / numInPositions];
    std::vector<double> yFromWeights = directConv(
        c, x,
        llvm::to_vector(
            cast<DenseElementsAttr>(inputScaled).getValues<double>()));
    std::vector<double> yFromInputs = directConv(c, xScaled, w);
    for (size_t e = 0; e < y.size(); ++e) {
      ++stats.elements;
      if (std::fabs(yFromWeights[e] - yFromInputs[e]) >
          1e-9 * (1.0 + std::fabs(yFromInputs[e]))) {
        stats.fail("scaling along the input map is not scaling the input "
                   "channels of:\n" +
                   c.opText());
        break;
      }
    }
  }
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
  llvm::outs() << stats.asBlobs << " of them stored as blobs\n";
  checkBlobNaming(stats);

  DialectRegistry registry;
  registry.insert<NNDialect, func::FuncDialect>();
  MLIRContext convContext(registry);
  convContext.loadAllAvailableDialects();
  Stats convStats;
  checkConvolutionMaps(convContext, rng, convStats);
  llvm::outs() << convStats.maps << " convolutions, " << convStats.elements
               << " outputs checked, " << convStats.mismatches
               << " mismatches\n";
  return stats.mismatches == 0 && convStats.mismatches == 0 ? 0 : 1;
}
