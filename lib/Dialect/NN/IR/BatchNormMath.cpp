//===- BatchNormMath.cpp - numeric kernels of batch-norm folding ----------===//

#include "bnfold/Dialect/NN/IR/BatchNormMath.h"
#include "bnfold/Support/BlobArena.h"

#include "mlir/IR/BuiltinDialect.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MathExtras.h"
#include "llvm/Support/xxhash.h"
#include <cmath>
#include <cstring>
#include <memory>
#include <mutex>

using namespace mlir;

namespace bnfold::nn {

//===----------------------------------------------------------------------===//
// Reading constants
//===----------------------------------------------------------------------===//

std::optional<int64_t> getCheckedNumElements(ArrayRef<int64_t> shape) {
  int64_t count = 1;
  for (int64_t dim : shape)
    if (dim < 0 || llvm::MulOverflow(count, dim, count))
      return std::nullopt;
  return count;
}

std::optional<RawFloatData> getRawFloatData(Attribute attr, std::string *why) {
  auto fail = [&](const Twine &reason) -> std::optional<RawFloatData> {
    if (why)
      *why = reason.str();
    return std::nullopt;
  };
  auto elements = dyn_cast_or_null<ElementsAttr>(attr);
  if (!elements)
    return fail("it is not a tensor constant");
  ShapedType type = elements.getShapedType();
  std::optional<FloatKind> kind = getFloatKind(type.getElementType());
  if (!kind)
    return fail("its element type is not f16, bf16, f32 or f64");
  // Checked: a type may claim more elements than int64_t (or memory) holds.
  std::optional<int64_t> numElements = getCheckedNumElements(type.getShape());
  size_t width = getByteWidth(*kind);
  if (!numElements || *numElements > INT64_MAX / 8)
    return fail("its element count overflows int64");
  size_t numBytes = width * static_cast<size_t>(*numElements);

  if (auto dense = dyn_cast<DenseElementsAttr>(attr)) {
    ArrayRef<char> bytes = dense.getRawData();
    bool isSplat = dense.isSplat();
    if (isSplat && *numElements > kMaxSplatExpansion)
      return fail(llvm::formatv("it is a splat of {0} elements, more than "
                                "the {1} a fold may expand",
                                *numElements, kMaxSplatExpansion));
    if (bytes.size() != (isSplat ? width : numBytes))
      return fail("its data does not match its type");
    return RawFloatData{*kind, bytes, isSplat};
  }
  if (auto resource = dyn_cast<DenseResourceElementsAttr>(attr)) {
    // The blob can be missing (elided or never provided): not readable.
    AsmResourceBlob *blob = resource.getRawHandle().getBlob();
    if (!blob)
      return fail("its dense_resource blob is missing (elided?)");
    ArrayRef<char> bytes = blob->getData();
    if (bytes.size() != numBytes)
      return fail(llvm::formatv("its dense_resource blob has {0} bytes but "
                                "its type needs {1}",
                                bytes.size(), numBytes));
    return RawFloatData{*kind, bytes, /*isSplat=*/false};
  }
  return fail("it is neither a dense nor a dense_resource constant");
}

bool isReadableFloatConstant(Attribute attr) {
  return getRawFloatData(attr).has_value();
}

std::optional<std::string> whyNotReadable(Attribute attr) {
  std::string why;
  if (getRawFloatData(attr, &why))
    return std::nullopt;
  return why;
}

std::optional<std::vector<double>> readAsDoubles(Attribute attr) {
  std::optional<RawFloatData> raw = getRawFloatData(attr);
  if (!raw)
    return std::nullopt;
  // getRawFloatData checked that the count fits (and a splat is small).
  int64_t numElements =
      *getCheckedNumElements(cast<ElementsAttr>(attr).getShapedType().getShape());
  size_t width = getByteWidth(raw->kind);
  std::vector<double> values(numElements);
  for (int64_t i = 0; i < numElements; ++i)
    values[i] = loadElement(raw->kind,
                            raw->bytes.data() + (raw->isSplat ? 0 : i * width));
  return values;
}

//===----------------------------------------------------------------------===//
// The arithmetic of a batch norm and of its fold
//===----------------------------------------------------------------------===//

std::vector<double> batchNormMultiplier(ArrayRef<double> variance,
                                        ArrayRef<double> scale,
                                        double epsilon) {
  std::vector<double> multiplier(variance.size());
  for (size_t c = 0; c < variance.size(); ++c)
    multiplier[c] =
        (scale.empty() ? 1.0 : scale[c]) / std::sqrt(variance[c] + epsilon);
  return multiplier;
}

std::optional<std::vector<double>>
readBatchNormMultiplier(Attribute variance, std::optional<Attribute> scale,
                        double epsilon) {
  std::optional<std::vector<double>> varianceValues = readAsDoubles(variance);
  std::optional<std::vector<double>> scaleValues =
      scale ? readAsDoubles(*scale) : std::vector<double>{};
  if (!varianceValues || !scaleValues ||
      (!scaleValues->empty() && scaleValues->size() != varianceValues->size()))
    return std::nullopt;
  return batchNormMultiplier(*varianceValues, *scaleValues, epsilon);
}

FloatKind getBatchNormComputeKind(FloatKind elementKind) {
  return elementKind == FloatKind::F64 ? FloatKind::F64 : FloatKind::F32;
}

double batchNormVariancePlusEpsilon(double variance, double epsilon,
                                    FloatKind computeKind) {
  if (computeKind == FloatKind::F64)
    return variance + epsilon;
  // The variance is a value of the element type, exact in f32; epsilon (an
  // f64 attribute) is rounded to f32 as the lowering's constant is.
  return static_cast<double>(static_cast<float>(variance) +
                             static_cast<float>(epsilon));
}

std::vector<double> batchNormFoldedBias(ArrayRef<double> mean,
                                        ArrayRef<double> multiplier,
                                        ArrayRef<double> bias,
                                        ArrayRef<double> offset) {
  std::vector<double> folded(multiplier.size());
  for (size_t c = 0; c < folded.size(); ++c)
    folded[c] = ((bias.empty() ? 0.0 : bias[c]) -
                 (mean.empty() ? 0.0 : mean[c])) *
                    multiplier[c] +
                (offset.empty() ? 0.0 : offset[c]);
  return folded;
}

//===----------------------------------------------------------------------===//
// Weights by output channel
//===----------------------------------------------------------------------===//

ChannelLoops getChannelLoops(ArrayRef<int64_t> shape,
                             const WeightChannelMap &map) {
  ChannelLoops l;
  int64_t perGroup = 1;
  for (int64_t d : map.dims)
    perGroup *= shape[d];
  l.numChannels = perGroup * (map.groupDim ? map.groups : 1);
  // Per dim, outermost first, before dropping and merging.
  SmallVector<ChannelLoop, 8> loops;
  for (int64_t d = 0, rank = shape.size(); d < rank; ++d) {
    if (map.groupDim && d == *map.groupDim) {
      loops.push_back({map.groups, perGroup});
      loops.push_back({shape[d] / map.groups, 0});
      continue;
    }
    if (llvm::is_contained(map.dims, d)) {
      int64_t stride = 1;
      for (int64_t later : map.dims)
        if (later > d)
          stride *= shape[later];
      loops.push_back({shape[d], stride});
      continue;
    }
    loops.push_back({shape[d], 0});
  }
  for (const ChannelLoop &loop : loops) {
    if (loop.extent == 1)
      continue;
    if (!l.loops.empty()) {
      ChannelLoop &outer = l.loops.back();
      if (outer.channelStride == loop.channelStride * loop.extent) {
        outer = {outer.extent * loop.extent, loop.channelStride};
        continue;
      }
    }
    l.loops.push_back(loop);
  }
  return l;
}

namespace {

/// Multiplies the elements start .. start+length-1 of a run by the
/// multipliers of channels channel + i*step: step 0 (channels-first
/// filters) scales by one factor, step 1 (channels last) by consecutive
/// factors; both vectorize. Any other step only occurs for grouped filters
/// with one channel per group block.
template <typename Scale>
inline void scaleRun(Scale scale, const double *factors, size_t start,
                     int64_t length, int64_t channel, int64_t step) {
  const double *first = factors + channel;
  if (step == 0) {
    double factor = *first;
    for (int64_t i = 0; i < length; ++i)
      scale(start + i, factor);
  } else if (step == 1) {
    for (int64_t i = 0; i < length; ++i)
      scale(start + i, first[i]);
  } else {
    for (int64_t i = 0; i < length; ++i)
      scale(start + i, first[i * step]);
  }
}

/// out[e] = in[e] * multiplier[channel of e], computed in f64 and rounded
/// once to T (f32 or f64). memcpy keeps unaligned blobs well-defined.
template <typename T>
void scaleTyped(const char *in, char *out, const ChannelLoops &loops,
                ArrayRef<double> multiplier) {
  auto scale = [&](size_t index, double factor) {
    T value = static_cast<T>(
        static_cast<double>(loadTyped<T>(in, index)) * factor);
    std::memcpy(out + index * sizeof(T), &value, sizeof(T));
  };
  forEachChannelRun(loops, [&](size_t start, int64_t length, int64_t channel,
                               int64_t step) {
    scaleRun(scale, multiplier.data(), start, length, channel, step);
  });
}

/// The f16 and bf16 counterpart of scaleTyped: without the per-element type
/// switch of loadElement / storeElement.
template <FloatKind Kind>
void scaleHalfWidth(const char *in, char *out, const ChannelLoops &loops,
                    ArrayRef<double> multiplier) {
  const float *halfTable = getHalfToFloatTable();
  auto scale = [&](size_t index, double factor) {
    uint16_t bits = loadBits16(in, index);
    double value = Kind == FloatKind::F16 ? halfTable[bits]
                                          : bfloat16ToFloat(bits);
    uint16_t scaled = roundToHalfWidth(Kind, value * factor);
    std::memcpy(out + index * 2, &scaled, 2);
  };
  forEachChannelRun(loops, [&](size_t start, int64_t length, int64_t channel,
                               int64_t step) {
    scaleRun(scale, multiplier.data(), start, length, channel, step);
  });
}

} // namespace

/// `blob` as a dense_resource attribute of `type`, in a blob named `name`,
/// or, when `name` is taken by other bytes, `name_1`, `name_2`, ...
/// Equal names are meant to mean equal bytes: the first blob of that series
/// with the same bytes is shared. Functions are folded in parallel and
/// create their blobs in thread order, so the lookup and the insertion are
/// one step under a lock: names then depend only on the bytes and the
/// blobs already there, not on which thread comes first, and no thread
/// leaves an unused copy behind.
static ElementsAttr makeNamedResource(ShapedType type, StringRef name,
                                      AsmResourceBlob blob) {
  MLIRContext *context = type.getContext();
  auto &interface = DenseResourceElementsHandle::getManagerInterface(context);
  DialectResourceBlobManager &manager = interface.getBlobManager();
  auto *dialect = context->getLoadedDialect<BuiltinDialect>();
  ArrayRef<char> bytes = blob.getData();
  auto sameBytes = [&](DialectResourceBlobManager::BlobEntry *entry) {
    if (!entry->getBlob())
      return false;
    ArrayRef<char> existing = entry->getBlob()->getData();
    return existing.data() == bytes.data() ||
           (existing.size() == bytes.size() &&
            (bytes.empty() ||
             std::memcmp(existing.data(), bytes.data(), bytes.size()) == 0));
  };
  static std::mutex namingMutex;
  std::lock_guard<std::mutex> lock(namingMutex);
  std::string candidate = name.str();
  for (unsigned suffix = 1;; ++suffix) {
    DialectResourceBlobManager::BlobEntry *entry = manager.lookup(candidate);
    if (!entry)
      break;
    if (sameBytes(entry))
      return DenseResourceElementsAttr::get(
          type, DenseResourceElementsHandle(entry, dialect));
    candidate = (name + "_" + Twine(suffix)).str();
  }
  return DenseResourceElementsAttr::get(
      type, interface.insert(candidate, std::move(blob)));
}

/// The folded weights of a dense_resource source, in a blob named
/// `<key>_bnfolded_<hash>`, the hash over the bits of the multiplier and
/// the map. The scaled bytes are a function of the source blob (named
/// `key`), the multiplier and the map, so equal names mean equal bytes.
static ElementsAttr makeScaledResource(DenseResourceElementsAttr resource,
                                       ArrayRef<double> multiplier,
                                       const WeightChannelMap &map,
                                       AsmResourceBlob blob) {
  SmallVector<uint8_t> key;
  auto append = [&](const void *data, size_t size) {
    auto *bytes = static_cast<const uint8_t *>(data);
    key.append(bytes, bytes + size);
  };
  append(multiplier.data(), multiplier.size() * sizeof(double));
  append(map.dims.data(), map.dims.size() * sizeof(int64_t));
  // Only a grouped map adds bytes: ungrouped folds keep the names they have
  // always had.
  if (map.groupDim) {
    int64_t group[2] = {*map.groupDim, map.groups};
    append(group, sizeof(group));
  }
  std::string name = llvm::formatv("{0}_bnfolded_{1:x-16}",
                                   resource.getRawHandle().getKey(),
                                   llvm::xxh3_64bits(key))
                         .str();
  return makeNamedResource(resource.getType(), name, std::move(blob));
}

/// The folded weights of a dense source as a blob named
/// `bnfolded_<hash of the folded bytes>`: a dense source has no name to
/// derive one from, and the bytes are hashed while they are still in cache.
static ElementsAttr makeHashedResource(ShapedType type, AsmResourceBlob blob) {
  ArrayRef<char> bytes = blob.getData();
  std::string name =
      llvm::formatv("bnfolded_{0:x-16}",
                    llvm::xxh3_64bits(StringRef(bytes.data(), bytes.size())))
          .str();
  return makeNamedResource(type, name, std::move(blob));
}

ElementsAttr scaleWeightChannels(Attribute weights,
                                 ArrayRef<double> multiplier,
                                 const WeightChannelMap &map,
                                 FoldedWeightStorage storage) {
  std::optional<RawFloatData> raw = getRawFloatData(weights);
  if (!raw)
    return {};
  ShapedType type = cast<ElementsAttr>(weights).getShapedType();
  ArrayRef<int64_t> shape = type.getShape();
  if (map.whyInvalid(shape) ||
      map.getNumChannels(shape) != static_cast<int64_t>(multiplier.size()))
    return {};
  // The total count fits in int64_t (getRawFloatData checked it); with a
  // zero dim there is nothing to scale.
  int64_t numElements = *getCheckedNumElements(shape);
  if (numElements == 0)
    return cast<ElementsAttr>(weights);

  ChannelLoops loops = getChannelLoops(shape, map);
  size_t width = getByteWidth(raw->kind);
  size_t numBytes = width * static_cast<size_t>(numElements);
  // Each kind gets a loop without the per-element kind switch (the compiler
  // vectorizes f32 and f64; the switch was 40% of the fold's instructions);
  // splats take the generic path.
  auto scaleInto = [&](char *out) {
    const char *in = raw->bytes.data();
    if (!raw->isSplat && raw->kind == FloatKind::F32) {
      scaleTyped<float>(in, out, loops, multiplier);
      return;
    }
    if (!raw->isSplat && raw->kind == FloatKind::F64) {
      scaleTyped<double>(in, out, loops, multiplier);
      return;
    }
    if (!raw->isSplat && raw->kind == FloatKind::F16) {
      scaleHalfWidth<FloatKind::F16>(in, out, loops, multiplier);
      return;
    }
    if (!raw->isSplat && raw->kind == FloatKind::BF16) {
      scaleHalfWidth<FloatKind::BF16>(in, out, loops, multiplier);
      return;
    }
    forEachChannelElement(loops, [&](size_t index, int64_t c) {
      size_t offset = index * width;
      double value = loadElement(raw->kind, in + (raw->isSplat ? 0 : offset));
      storeElement(raw->kind, out + offset, value * multiplier[c]);
    });
  };

  // Keep dense_resource weights in a blob: blobs are not uniqued in the
  // context, so the unscaled weights can be freed once unused.
  if (auto resource = dyn_cast<DenseResourceElementsAttr>(weights)) {
    AsmResourceBlob blob = allocateLargeBlob(numBytes, alignof(double));
    scaleInto(blob.getMutableData().data());
    return makeScaledResource(resource, multiplier, map, std::move(blob));
  }
  if (storage == FoldedWeightStorage::Resource) {
    AsmResourceBlob blob = allocateLargeBlob(numBytes, alignof(double));
    scaleInto(blob.getMutableData().data());
    return makeHashedResource(type, std::move(blob));
  }
  // Uninitialized: every byte is written by scaleInto.
  std::unique_ptr<char[]> buffer(new char[numBytes]);
  scaleInto(buffer.get());
  return DenseElementsAttr::getFromRawBuffer(
      type, ArrayRef<char>(buffer.get(), numBytes));
}

std::optional<std::vector<double>>
foldInputShiftIntoBias(Attribute weights, ArrayRef<double> shift,
                       const WeightChannelMap &inputMap,
                       const WeightChannelMap &outputMap,
                       ArrayRef<double> bias) {
  auto elements = dyn_cast_or_null<ElementsAttr>(weights);
  if (!elements || !isReadableFloatConstant(weights))
    return std::nullopt;
  ArrayRef<int64_t> shape = elements.getShapedType().getShape();
  if (inputMap.whyInvalid(shape) || outputMap.whyInvalid(shape) ||
      inputMap.getNumChannels(shape) != static_cast<int64_t>(shift.size()))
    return std::nullopt;
  std::optional<int64_t> outputs = outputMap.getNumChannels(shape);
  if (!outputs || (!bias.empty() && *outputs != static_cast<int64_t>(bias.size())))
    return std::nullopt;
  std::optional<std::vector<double>> values = readAsDoubles(weights);
  if (!values)
    return std::nullopt;
  // The input channel of every element, then the sums by output channel.
  std::vector<int64_t> inputChannel(values->size());
  forEachChannelElement(getChannelLoops(shape, inputMap),
                        [&](size_t index, int64_t c) {
                          if (index < inputChannel.size())
                            inputChannel[index] = c;
                        });
  std::vector<double> folded(*outputs, 0.0);
  if (!bias.empty())
    folded.assign(bias.begin(), bias.end());
  forEachChannelElement(getChannelLoops(shape, outputMap),
                        [&](size_t index, int64_t o) {
                          if (index < values->size())
                            folded[o] +=
                                (*values)[index] * shift[inputChannel[index]];
                        });
  return folded;
}

DenseElementsAttr buildFloatConstant(ShapedType type,
                                     ArrayRef<double> values) {
  std::optional<FloatKind> kind = getFloatKind(type.getElementType());
  assert(kind && "buildFloatConstant needs a float element type");
  size_t width = getByteWidth(*kind);
  std::vector<char> buffer(width * values.size());
  for (size_t i = 0; i < values.size(); ++i)
    storeElement(*kind, buffer.data() + i * width, values[i]);
  return DenseElementsAttr::getFromRawBuffer(type, buffer);
}

} // namespace bnfold::nn
