//===- Runner.cpp - JIT-run nn models on deterministic inputs -------------===//
//
// A model is parsed, reduced to the selected function (and what it calls),
// checked (signature, sizes against the memory limit), lowered with the
// bnfold-lower-to-llvm pipeline (after upstream's TOSA lowering when it has
// TOSA ops), JIT-compiled at -O2 and called through its
// C interface (`_mlir_ciface_<name>`): memref descriptors laid out as
// upstream's StridedMemRefType, passed by pointer, results returned through
// one pointer to a struct of descriptors. The compiled code allocates from
// the runner's JitHeap.
//
//===----------------------------------------------------------------------===//

#include "bnfold/Runner/Runner.h"
#include "JitHeap.h"

#include "bnfold/Pipelines/Passes.h"

#include "mlir/Conversion/TosaToArith/TosaToArith.h"
#include "mlir/Conversion/TosaToLinalg/TosaToLinalg.h"
#include "mlir/Conversion/TosaToSCF/TosaToSCF.h"
#include "mlir/Conversion/TosaToTensor/TosaToTensor.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/ExecutionEngine/CRunnerUtils.h"
#include "mlir/ExecutionEngine/ExecutionEngine.h"
#include "mlir/ExecutionEngine/OptUtils.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/FileUtilities.h"
#include "mlir/Target/LLVMIR/Dialect/Builtin/BuiltinToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/LLVMIR/LLVMToLLVMIRTranslation.h"
#include "mlir/Transforms/Passes.h"
#include "llvm/Support/CheckedArithmetic.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

#include <cmath>
#include <cstdio>
#include <cstring>

using namespace mlir;
using namespace bnfold;
using namespace bnfold::runner;

void bnfold::runner::registerRunnerDialects(DialectRegistry &registry) {
  bnfold::registerLoweringDialects(registry);
  registry.insert<tosa::TosaDialect>();
  registerBuiltinDialectTranslation(registry);
  registerLLVMDialectTranslation(registry);
}

void bnfold::runner::buildTosaToLinalgPipeline(OpPassManager &pm) {
  // Upstream's tosa-to-linalg-pipeline without its tosa-validate: the runner
  // executes any TOSA it can lower, conformance is tosa-validate's job (and
  // in MLIR 22 that step rejects the tosa.pad with a !tosa.shape<8> that the
  // pipeline's own decomposition of tosa.transpose_conv2d creates).
  tosa::addTosaToLinalgPasses(pm, TosaToLinalgOptions(),
                              TosaToLinalgNamedOptions(),
                              /*validationOptions=*/std::nullopt);
  // What tosa-to-linalg leaves legal: reshape, slice, pad, concat (with
  // their tosa.const_shape operands), cond_if / while_loop, const.
  pm.addPass(createTosaToTensorPass());
  pm.addPass(createTosaToSCFPass());
  pm.addPass(createTosaToArithPass());
  // Drops the tosa.const_shape ops that nothing uses any more.
  pm.addPass(createCanonicalizerPass());
}

namespace {

//===----------------------------------------------------------------------===//
// Inputs
//===----------------------------------------------------------------------===//

/// splitmix64: a tiny, well-mixed, portable generator.
struct Random {
  uint64_t state;
  uint64_t next() {
    uint64_t z = (state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
  }
  /// Uniform in [-1, 1), a multiple of 2^-52.
  double uniform() { return double(next() >> 11) * 0x1.0p-52 - 1.0; }
};

std::string typeString(Type type) {
  std::string s;
  llvm::raw_string_ostream os(s);
  os << type;
  return s;
}

std::string mebibytes(uint64_t bytes) {
  return std::to_string(bytes >> 20) + " MiB";
}

/// The bytes of a tensor of `shape` with element type `elementType`, or
/// nullopt when that does not fit in int64.
std::optional<int64_t> getByteSize(ArrayRef<int64_t> shape, Type elementType) {
  std::optional<int64_t> bytes =
      int64_t(getByteWidth(*getFloatKind(elementType)));
  for (int64_t d : shape)
    if (bytes)
      bytes = llvm::checkedMul(*bytes, d);
  return bytes;
}

//===----------------------------------------------------------------------===//
// Memref descriptors of a rank known only at run time
//
// Upstream's StridedMemRefType<T, N> is a template over the rank; the words
// are laid out as it lays them out (allocated and aligned pointer, offset,
// sizes[N], strides[N]) and read through DynamicMemRefType, as upstream reads
// unranked memrefs.
//===----------------------------------------------------------------------===//

static_assert(sizeof(StridedMemRefType<char, 2>) == 7 * sizeof(int64_t),
              "descriptor words");

size_t getDescriptorWords(int64_t rank) { return 3 + 2 * rank; }

/// Writes the descriptor of the dense row-major `tensor` at `words`.
void writeDescriptor(int64_t *words, HostTensor &tensor) {
  auto *header = reinterpret_cast<StridedMemRefType<char, 1> *>(words);
  header->basePtr = header->data = tensor.data.get();
  header->offset = 0;
  int64_t rank = tensor.shape.size();
  int64_t *sizes = words + 3, *strides = sizes + rank;
  int64_t stride = 1;
  for (int64_t i = rank - 1; i >= 0; --i) {
    sizes[i] = tensor.shape[i];
    strides[i] = stride;
    stride *= tensor.shape[i];
  }
}

/// Copies the (possibly strided) memref described at `words` into `out`,
/// whose kind is set, in row-major order.
template <typename Bits>
bool readDescriptor(int64_t *words, int64_t rank, HostTensor &out) {
  DynamicMemRefType<Bits> view(::UnrankedMemRefType<Bits>{rank, words});
  out.shape.assign(view.sizes, view.sizes + rank);
  if (!out.allocate())
    return false;
  auto *dest = reinterpret_cast<Bits *>(out.data.get());
  if (out.getNumElements() == 0) // upstream's iterator assumes elements
    return true;
  for (Bits &element : view)
    std::memcpy(dest++, &element, sizeof(Bits));
  return true;
}

bool readResult(int64_t *words, int64_t rank, HostTensor &out) {
  switch (getByteWidth(out.kind)) {
  case 2:
    return readDescriptor<uint16_t>(words, rank, out);
  case 4:
    return readDescriptor<uint32_t>(words, rank, out);
  default:
    return readDescriptor<uint64_t>(words, rank, out);
  }
}

//===----------------------------------------------------------------------===//
// A model
//===----------------------------------------------------------------------===//

struct Signature {
  std::vector<RankedTensorType> inputs, results;
};

/// Parses `path` into `sourceMgr`; errors are printed with their location.
OwningOpRef<ModuleOp> parseModelFile(MLIRContext &context,
                                     llvm::SourceMgr &sourceMgr,
                                     StringRef path) {
  std::string error;
  auto file = openInputFile(path, &error);
  if (!file) {
    llvm::errs() << "bnfold-run: cannot open '" << path << "': " << error
                 << "\n";
    return nullptr;
  }
  sourceMgr.AddNewSourceBuffer(std::move(file), llvm::SMLoc());
  SourceMgrDiagnosticHandler handler(sourceMgr, &context);
  OwningOpRef<ModuleOp> module = parseSourceFile<ModuleOp>(sourceMgr, &context);
  if (!module)
    llvm::errs() << "bnfold-run: cannot parse '" << path << "'\n";
  return module;
}

class Model {
public:
  Model(MLIRContext &context, std::string path, const RunnerOptions &options,
        MemoryBudget &budget)
      : context(context), path(std::move(path)), options(options),
        budget(budget) {}

  /// Parses the file, finds the function `functionName` (empty: the first
  /// public one with a body) and checks its signature and sizes. Errors are
  /// printed.
  LogicalResult load(StringRef functionName) {
    module = parseModelFile(context, sourceMgr, path);
    if (!module)
      return failure();
    func::FuncOp func;
    if (!functionName.empty()) {
      func = module->lookupSymbol<func::FuncOp>(functionName);
      if (!func || func.isExternal()) {
        llvm::errs() << "bnfold-run: '" << path << "' has no function @"
                     << functionName << " with a body\n";
        return failure();
      }
    } else {
      for (auto f : module->getOps<func::FuncOp>())
        if (f.isPublic() && !f.isExternal()) {
          func = f;
          break;
        }
      if (!func) {
        llvm::errs() << "bnfold-run: '" << path
                     << "' has no public function with a body\n";
        return failure();
      }
    }
    name = func.getName().str();
    auto check = [&](Type type, const char *what, unsigned index,
                     std::vector<RankedTensorType> &out) -> LogicalResult {
      auto tensor = dyn_cast<RankedTensorType>(type);
      if (!tensor || !getFloatKind(tensor.getElementType()) ||
          tensor.getEncoding()) {
        func.emitError() << "bnfold-run supports only ranked tensors of f16, "
                            "bf16, f32 or f64 in the signature, but "
                         << what << " " << index << " is " << type;
        return failure();
      }
      out.push_back(tensor);
      return success();
    };
    for (auto [i, type] : llvm::enumerate(func.getArgumentTypes()))
      if (failed(check(type, "argument", i, signature.inputs)))
        return failure();
    for (auto [i, type] : llvm::enumerate(func.getResultTypes()))
      if (failed(check(type, "result", i, signature.results)))
        return failure();
    if (failed(checkSizes(func)))
      return failure();
    // Only the selected function (and what it calls) is compiled: the other
    // functions become private so that symbol-dce drops them before lowering.
    for (auto other : module->getOps<func::FuncOp>())
      if (other != func && !other.isExternal())
        other.setPrivate();
    // The runner calls the function through its C interface.
    func->setAttr(LLVM::LLVMDialect::getEmitCWrapperAttrName(),
                  UnitAttr::get(&context));
    return success();
  }

  /// Lowers to LLVM and JIT-compiles.
  LogicalResult compile() {
    SourceMgrDiagnosticHandler handler(sourceMgr, &context);
    // Only the selected function and what it calls are lowered. TOSA goes
    // to linalg through upstream's lowering first; without TOSA ops, what is
    // left takes exactly the bnfold-lower-to-llvm pipeline.
    PassManager dce(&context), pm(&context);
    dce.addPass(createSymbolDCEPass());
    if (failed(dce.run(*module)) || failed(lowerToLLVM(pm))) {
      llvm::errs() << "bnfold-run: lowering '" << path << "' failed\n";
      return failure();
    }
    ExecutionEngineOptions engineOptions;
    auto transformer = makeOptimizingTransformer(/*optLevel=*/2, 0, nullptr);
    engineOptions.transformer = transformer;
    SmallVector<StringRef> libs;
    if (!options.runnerUtilsPath.empty())
      libs.push_back(options.runnerUtilsPath);
    engineOptions.sharedLibPaths = libs;
    auto maybeEngine = ExecutionEngine::create(*module, engineOptions);
    if (!maybeEngine) {
      llvm::errs() << "bnfold-run: JIT compilation of '" << path
                   << "' failed: " << llvm::toString(maybeEngine.takeError())
                   << "\n";
      return failure();
    }
    engine = std::move(*maybeEngine);
    // The compiled code allocates from the runner's heap.
    engine->registerSymbols(JitHeap::getSymbols);
    engine->initialize();
    auto function = engine->lookupPacked("_mlir_ciface_" + name);
    if (!function) {
      llvm::errs() << "bnfold-run: JIT compilation of '" << path
                   << "' failed: " << llvm::toString(function.takeError())
                   << "\n";
      return failure();
    }
    packedFunction = *function;
    return success();
  }

  /// Calls the function on `inputs` and returns copies of its results.
  FailureOr<std::vector<HostTensor>> run(std::vector<HostTensor> &inputs,
                                         JitHeap &heap) {
    // One descriptor per input; the C interface takes pointers to them.
    std::vector<std::vector<int64_t>> descriptors;
    for (HostTensor &t : inputs) {
      descriptors.emplace_back(getDescriptorWords(t.shape.size()));
      writeDescriptor(descriptors.back().data(), t);
    }
    // The results come back through one pointer to a struct of descriptors
    // (all fields are 8-byte words, so there is no padding).
    size_t resultWords = 0;
    for (RankedTensorType type : signature.results)
      resultWords += getDescriptorWords(type.getRank());
    std::vector<int64_t> resultBuffer(resultWords + 1, 0);

    std::vector<void *> pointers;
    if (!signature.results.empty())
      pointers.push_back(resultBuffer.data());
    for (auto &d : descriptors)
      pointers.push_back(d.data());
    std::vector<void *> packed;
    for (void *&p : pointers)
      packed.push_back(&p);
    if (std::optional<JitHeap::Failure> allocation =
            heap.call(packedFunction, packed.data())) {
      llvm::errs() << "bnfold-run: @" << name << " in '" << path
                   << "' stopped: allocating " << allocation->requestedBytes
                   << " bytes ";
      if (allocation->overLimit)
        llvm::errs() << "would exceed the memory limit of "
                     << mebibytes(budget.getLimit())
                     << " (--memory-limit), with " << allocation->usedBytes
                     << " bytes in use\n";
      else
        llvm::errs() << "failed: out of memory\n";
      return failure();
    }

    std::vector<HostTensor> results;
    bool copied = true;
    size_t word = 0;
    for (RankedTensorType type : signature.results) {
      int64_t rank = type.getRank();
      HostTensor t;
      t.kind = *getFloatKind(type.getElementType());
      copied = copied && readResult(resultBuffer.data() + word, rank, t);
      results.push_back(std::move(t));
      word += getDescriptorWords(rank);
    }
    // The result buffers belong to the caller; only the heap's own are
    // freed (not an input returned as it is, a constant global, or a buffer
    // already freed for another result).
    word = 0;
    for (RankedTensorType type : signature.results) {
      void *allocated;
      std::memcpy(&allocated, resultBuffer.data() + word, sizeof(void *));
      heap.release(allocated);
      word += getDescriptorWords(type.getRank());
    }
    if (!copied) {
      llvm::errs() << "bnfold-run: out of memory copying the results of @"
                   << name << "\n";
      return failure();
    }
    return results;
  }

  const Signature &getSignature() const { return signature; }
  const std::string &getName() const { return name; }
  const std::string &getPath() const { return path; }

private:
  /// Runs the lowering on the module: the TOSA pipeline if it has TOSA ops,
  /// then bnfold-lower-to-llvm.
  LogicalResult lowerToLLVM(PassManager &pm) {
    WalkResult firstTosaOp = module->walk([](Operation *op) {
      return isa_and_nonnull<tosa::TosaDialect>(op->getDialect())
                 ? WalkResult::interrupt()
                 : WalkResult::advance();
    });
    if (firstTosaOp.wasInterrupted())
      buildTosaToLinalgPipeline(pm);
    bnfold::buildLowerToLLVMPipeline(pm);
    return pm.run(*module);
  }

  /// Every input must fit in the memory limit with --dynamic-size; every
  /// tensor type of the function needs at least its static dims' bytes.
  LogicalResult checkSizes(func::FuncOp func) {
    uint64_t limit = budget.getLimit();
    for (auto [i, type] : llvm::enumerate(signature.inputs)) {
      SmallVector<int64_t> shape(type.getShape());
      for (int64_t &d : shape)
        if (ShapedType::isDynamic(d))
          d = options.dynamicSize;
      std::optional<int64_t> bytes = getByteSize(shape, type.getElementType());
      if (!bytes || (limit != 0 && uint64_t(*bytes) > limit)) {
        llvm::errs() << "bnfold-run: argument " << i << " of @" << name
                     << ", " << type << " with dynamic dims of "
                     << options.dynamicSize << " (--dynamic-size), needs ";
        if (bytes)
          llvm::errs() << *bytes << " bytes, more than the memory limit of "
                       << mebibytes(limit) << " (--memory-limit)\n";
        else
          llvm::errs() << "more bytes than int64 can count\n";
        return failure();
      }
    }
    SourceMgrDiagnosticHandler handler(sourceMgr, &context);
    WalkResult walk = func.walk([&](Operation *op) {
      for (Value value : op->getResults()) {
        auto type = dyn_cast<RankedTensorType>(value.getType());
        if (!type || !getFloatKind(type.getElementType()))
          continue;
        SmallVector<int64_t> shape(type.getShape());
        for (int64_t &d : shape)
          if (ShapedType::isDynamic(d))
            d = 1;
        std::optional<int64_t> bytes =
            getByteSize(shape, type.getElementType());
        if (bytes && (limit == 0 || uint64_t(*bytes) <= limit))
          continue;
        InFlightDiagnostic diag = op->emitError()
                                  << "bnfold-run: a value of type " << type
                                  << " needs ";
        if (bytes)
          diag << "at least " << *bytes
               << " bytes, more than the memory limit of " << mebibytes(limit)
               << " (--memory-limit)";
        else
          diag << "more bytes than int64 can count";
        return WalkResult::interrupt();
      }
      return WalkResult::advance();
    });
    return failure(walk.wasInterrupted());
  }

  MLIRContext &context;
  std::string path;
  const RunnerOptions &options;
  MemoryBudget &budget;
  llvm::SourceMgr sourceMgr;
  OwningOpRef<ModuleOp> module;
  std::string name;
  Signature signature;
  std::unique_ptr<ExecutionEngine> engine;
  void (*packedFunction)(void **) = nullptr;
};

/// Releases what it reserved from a budget when it goes out of scope.
class Reservation {
public:
  explicit Reservation(MemoryBudget &budget) : budget(budget) {}
  ~Reservation() { budget.release(bytes); }
  bool reserve(uint64_t more) {
    if (!budget.reserve(more))
      return false;
    bytes += more;
    return true;
  }

private:
  MemoryBudget &budget;
  uint64_t bytes = 0;
};

/// The same inputs for every model with this signature: uniform in [-1, 1),
/// drawn in argument order, row-major, rounded to the input kind if given
/// and then to the element type. Sizes were checked by Model::load.
FailureOr<std::vector<HostTensor>> makeInputs(const Model &model,
                                              const RunnerOptions &options,
                                              Reservation &reservation) {
  const Signature &signature = model.getSignature();
  Random random{options.seed};
  std::vector<HostTensor> inputs;
  for (RankedTensorType type : signature.inputs) {
    HostTensor t;
    t.kind = *getFloatKind(type.getElementType());
    for (int64_t d : type.getShape())
      t.shape.push_back(ShapedType::isDynamic(d) ? options.dynamicSize : d);
    uint64_t bytes = *getByteSize(t.shape, type.getElementType());
    if (!reservation.reserve(bytes)) {
      llvm::errs() << "bnfold-run: the inputs of @" << model.getName()
                   << " need more than the memory limit of "
                   << mebibytes(options.memoryLimitBytes)
                   << " (--memory-limit)\n";
      return failure();
    }
    if (!t.allocate()) {
      llvm::errs() << "bnfold-run: out of memory allocating the inputs of @"
                   << model.getName() << "\n";
      return failure();
    }
    for (int64_t i = 0, n = t.getNumElements(); i < n; ++i) {
      double value = random.uniform();
      // Round to the input kind first. Widening is exact (f16 and bf16
      // values are f32 values, f32 values are f64 values), so an f64 model
      // then sees bit-for-bit the inputs an f16 model would get.
      if (options.inputKind)
        value = roundToKind(*options.inputKind, value);
      t.set(i, value);
    }
    inputs.push_back(std::move(t));
  }
  return inputs;
}

/// Runs a compiled `model` on the inputs makeInputs gives it, which stay
/// reserved from the budget while `reservation` lives.
FailureOr<std::vector<HostTensor>> runOnGeneratedInputs(
    Model &model, const RunnerOptions &options, Reservation &reservation,
    JitHeap &heap) {
  auto inputs = makeInputs(model, options, reservation);
  if (failed(inputs))
    return failure();
  return model.run(*inputs, heap);
}

void printResult(llvm::raw_ostream &out, unsigned index, RankedTensorType type,
                 const HostTensor &t, bool printAll) {
  int64_t n = t.getNumElements();
  out << "result " << index << ": " << typeString(type) << " shape "
      << t.getShapeString() << "\n";
  bool all = printAll || n <= 64;
  int64_t shown = all ? n : 8;
  out << (all ? "  values: [" : "  first 8: [");
  for (int64_t i = 0; i < shown; ++i)
    out << (i ? ", " : "") << formatElement(t.kind, t.get(i));
  out << "]\n";
  if (!all) {
    double sum = 0, sumAbs = 0;
    for (int64_t i = 0; i < n; ++i) {
      sum += t.get(i);
      sumAbs += std::fabs(t.get(i));
    }
    char buffer[128];
    std::snprintf(buffer, sizeof(buffer),
                  "  checksum: elements=%lld sum=%.9g sum_abs=%.9g\n",
                  (long long)n, sum, sumAbs);
    out << buffer;
  }
}

ExitCode compareFunction(MLIRContext &context, StringRef pathA,
                         StringRef pathB, StringRef functionName,
                         const RunnerOptions &options, MemoryBudget &budget,
                         llvm::raw_ostream &out) {
  Model a(context, pathA.str(), options, budget),
      b(context, pathB.str(), options, budget);
  if (failed(a.load(functionName)) || failed(b.load(functionName)))
    return Error;
  const Signature &sa = a.getSignature(), &sb = b.getSignature();
  if (sa.inputs != sb.inputs || sa.results.size() != sb.results.size()) {
    llvm::errs() << "bnfold-run: @" << a.getName() << " in '" << a.getPath()
                 << "' and @" << b.getName() << " in '" << b.getPath()
                 << "' have different signatures\n";
    return Error;
  }
  for (size_t i = 0; i < sa.results.size(); ++i)
    if (sa.results[i].getElementType() != sb.results[i].getElementType() ||
        sa.results[i].getRank() != sb.results[i].getRank()) {
      llvm::errs() << "bnfold-run: result " << i << " types differ: "
                   << sa.results[i] << " vs " << sb.results[i] << "\n";
      return Error;
    }
  if (failed(a.compile()) || failed(b.compile()))
    return Error;
  Reservation reservation(budget);
  JitHeap heap(budget);
  auto ra = runOnGeneratedInputs(a, options, reservation, heap);
  if (failed(ra))
    return Error;
  auto rb = runOnGeneratedInputs(b, options, reservation, heap);
  if (failed(rb))
    return Error;

  bool ok = true;
  for (size_t i = 0; i < ra->size(); ++i) {
    const HostTensor &x = (*ra)[i], &y = (*rb)[i];
    if (x.shape != y.shape) {
      out << "result " << i << ": shapes differ: " << x.getShapeString()
          << " vs " << y.getShapeString() << "\n";
      ok = false;
      continue;
    }
    Tolerance tolerance = getDefaultTolerance(x.kind);
    if (options.rtol)
      tolerance.rtol = *options.rtol;
    if (options.atol)
      tolerance.atol = *options.atol;
    TensorComparison comparison = compareTensors(x, y, tolerance);
    char buffer[256];
    std::snprintf(buffer, sizeof(buffer),
                  "result %zu: %s shape %s: max_abs_err=%.3g max_rel_err=%.3g "
                  "(rtol=%g atol=%g)",
                  i, typeString(sa.results[i]).c_str(),
                  x.getShapeString().c_str(), comparison.maxAbsoluteError,
                  comparison.maxRelativeError, tolerance.rtol, tolerance.atol);
    out << buffer;
    if (comparison.mismatches == 0) {
      out << " OK\n";
      continue;
    }
    ok = false;
    int64_t first = comparison.firstMismatch;
    out << " MISMATCH: " << comparison.mismatches << " of "
        << x.getNumElements()
        << " elements outside tolerance, first at flat index " << first
        << ": " << formatElement(x.kind, x.get(first)) << " vs "
        << formatElement(y.kind, y.get(first)) << "\n";
  }
  out << (ok ? "compare: OK\n" : "compare: MISMATCH\n");
  return ok ? Success : Mismatch;
}

} // namespace

ExitCode bnfold::runner::runModel(MLIRContext &context, StringRef path,
                                  const RunnerOptions &options,
                                  llvm::raw_ostream &out) {
  MemoryBudget budget(options.memoryLimitBytes);
  Model model(context, path.str(), options, budget);
  if (failed(model.load(options.functionName)) || failed(model.compile()))
    return Error;
  Reservation reservation(budget);
  JitHeap heap(budget);
  auto results = runOnGeneratedInputs(model, options, reservation, heap);
  if (failed(results))
    return Error;
  for (auto [i, t] : llvm::enumerate(*results))
    printResult(out, i, model.getSignature().results[i], t, options.printAll);
  if (results->empty())
    out << "@" << model.getName() << " returns no results\n";
  return Success;
}

ExitCode bnfold::runner::compareModels(MLIRContext &context, StringRef pathA,
                                       StringRef pathB,
                                       const RunnerOptions &options,
                                       llvm::raw_ostream &out) {
  MemoryBudget budget(options.memoryLimitBytes);
  return compareFunction(context, pathA, pathB, options.functionName, options,
                         budget, out);
}

ExitCode bnfold::runner::compareAllFunctions(MLIRContext &context,
                                             StringRef pathA, StringRef pathB,
                                             const RunnerOptions &options,
                                             llvm::raw_ostream &out) {
  std::vector<std::string> names;
  {
    llvm::SourceMgr sourceMgr;
    OwningOpRef<ModuleOp> module = parseModelFile(context, sourceMgr, pathA);
    if (!module)
      return Error;
    for (auto f : module->getOps<func::FuncOp>())
      if (f.isPublic() && !f.isExternal())
        names.push_back(f.getName().str());
  }
  if (names.empty()) {
    llvm::errs() << "bnfold-run: '" << pathA
                 << "' has no public function with a body\n";
    return Error;
  }
  ExitCode worst = Success;
  for (const std::string &name : names) {
    out << "@" << name << ":\n";
    MemoryBudget budget(options.memoryLimitBytes);
    worst = std::max(worst, compareFunction(context, pathA, pathB, name,
                                            options, budget, out));
  }
  out << "compare all: " << (worst == Success ? "OK" : "MISMATCH") << ", "
      << names.size() << (names.size() == 1 ? " function\n" : " functions\n");
  return worst;
}
