//===- bnfold-run.cpp - JIT-run nn models on pseudo-random inputs ---------===//
//
//   bnfold-run model.mlir [--function=NAME] [--seed=N] [--input-type=T]
//   bnfold-run --compare a.mlir b.mlir [--rtol=R] [--atol=A] ...
//
// Lowers the model with the `bnfold-lower-to-llvm` pipeline, JIT-compiles it
// with mlir::ExecutionEngine and calls the function through its C interface
// (`_mlir_ciface_<name>`, memref descriptors passed by pointer). Inputs are
// deterministic pseudo-random numbers, so two models with the same signature
// see exactly the same inputs: that is what makes `--compare` a check that a
// fold preserved the model's meaning. See docs/execution.md.
//
//===----------------------------------------------------------------------===//

#include "bnfold/Pipelines/Passes.h"
#include "bnfold/Dialect/NN/IR/BatchNormMath.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
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
#include "llvm/ADT/APFloat.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/raw_ostream.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

using namespace mlir;
namespace cl = llvm::cl;

#ifndef BNFOLD_C_RUNNER_UTILS
#define BNFOLD_C_RUNNER_UTILS ""
#endif

static cl::OptionCategory runCategory("bnfold-run options");
static cl::list<std::string> inputFiles(cl::Positional, cl::OneOrMore,
                                        cl::desc("<model.mlir> [<other.mlir>]"),
                                        cl::cat(runCategory));
static cl::opt<bool>
    compareMode("compare",
                cl::desc("Run two models on the same inputs and compare their "
                         "results (exit 0 iff all within tolerance)"),
                cl::cat(runCategory));
static cl::opt<std::string>
    functionName("function",
                 cl::desc("Function to run (default: the first public "
                          "function with a body)"),
                 cl::cat(runCategory));
static cl::opt<bool> allFunctions(
    "all-functions",
    cl::desc("With --compare: compare every public function with a body of "
             "the first file against the same-named one of the second"),
    cl::cat(runCategory));
static cl::opt<uint64_t> seed("seed", cl::desc("Seed of the input generator"),
                              cl::init(1), cl::cat(runCategory));
static cl::opt<int64_t>
    dynamicSize("dynamic-size",
                cl::desc("Size used for every dynamic input dim (default 2)"),
                cl::init(2), cl::cat(runCategory));
static cl::opt<double> rtolOpt("rtol",
                               cl::desc("Relative tolerance (default: per "
                                        "element type, see docs)"),
                               cl::init(-1.0), cl::cat(runCategory));
static cl::opt<double> atolOpt("atol",
                               cl::desc("Absolute tolerance (default: per "
                                        "element type, see docs)"),
                               cl::init(-1.0), cl::cat(runCategory));
static cl::opt<bool> printAll("print-all",
                              cl::desc("Print every result value, however "
                                       "many there are"),
                              cl::cat(runCategory));
static cl::opt<std::string> inputType(
    "input-type",
    cl::desc("Round the generated inputs to this type (f16, bf16, f32 or f64) "
             "before rounding them to the argument's element type, so that a "
             "wider-typed model sees exactly the inputs of a narrower one"),
    cl::cat(runCategory));
static cl::opt<std::string>
    runnerUtils("runner-utils",
                cl::desc("Path of libmlir_c_runner_utils.so (memrefCopy)"),
                cl::init(BNFOLD_C_RUNNER_UTILS), cl::cat(runCategory));

namespace {

//===----------------------------------------------------------------------===//
// Element types
//===----------------------------------------------------------------------===//

// The element-type codec is the one the fold uses (BatchNormMath.h).
using Kind = bnfold::nn::FloatKind;
using bnfold::nn::getByteWidth;
using bnfold::nn::getFloatKind;
using bnfold::nn::loadElement;
using bnfold::nn::storeElement;

/// Rounds `value` to the nearest value of `kind` (ties to even).
llvm::APFloat roundTo(Kind kind, double value) {
  llvm::APFloat f(value);
  bool losesInfo;
  f.convert(bnfold::nn::getSemantics(kind), llvm::APFloat::rmNearestTiesToEven,
            &losesInfo);
  return f;
}

/// The shortest decimal that reads back as the same value of `kind`.
std::string formatValue(Kind kind, double value) {
  if (std::isnan(value))
    return "nan";
  if (std::isinf(value))
    return value > 0 ? "inf" : "-inf";
  // Integers up to 17 digits print without an exponent (6400, not 6.4e+03).
  int minPrecision = 1;
  if (std::fabs(value) >= 1 && std::fabs(value) < 1e17)
    minPrecision = int(std::floor(std::log10(std::fabs(value)))) + 1;
  char buffer[64];
  for (int precision = minPrecision; precision <= 17; ++precision) {
    std::snprintf(buffer, sizeof(buffer), "%.*g", precision, value);
    if (roundTo(kind, std::strtod(buffer, nullptr))
            .bitwiseIsEqual(roundTo(kind, value)))
      break;
  }
  return buffer;
}

//===----------------------------------------------------------------------===//
// Tensors crossing the C interface
//===----------------------------------------------------------------------===//

/// A dense row-major host tensor of one of the four float kinds.
struct HostTensor {
  Kind kind;
  std::vector<int64_t> shape;
  std::vector<char> data;

  int64_t numElements() const {
    int64_t n = 1;
    for (int64_t d : shape)
      n *= d;
    return n;
  }
  double get(int64_t i) const {
    return loadElement(kind, data.data() + i * getByteWidth(kind));
  }
};

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

/// A ranked memref descriptor as laid out by the LLVM lowering: allocated
/// pointer, aligned pointer, offset, sizes[rank], strides[rank] - all 8-byte
/// words.
size_t descriptorWords(int64_t rank) { return 3 + 2 * rank; }

std::string typeString(Type type) {
  std::string s;
  llvm::raw_string_ostream os(s);
  os << type;
  return s;
}

//===----------------------------------------------------------------------===//
// Loading, checking and running a model
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
  Model(MLIRContext &context, std::string path)
      : context(context), path(std::move(path)) {}

  /// Parses the file and finds and checks the function. Errors are printed.
  LogicalResult load() {
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
    PassManager pm(&context);
    pm.addPass(createSymbolDCEPass());
    bnfold::buildLowerToLLVMPipeline(pm);
    if (failed(pm.run(*module))) {
      llvm::errs() << "bnfold-run: lowering '" << path << "' failed\n";
      return failure();
    }
    ExecutionEngineOptions options;
    auto transformer = makeOptimizingTransformer(/*optLevel=*/2, 0, nullptr);
    options.transformer = transformer;
    SmallVector<StringRef> libs;
    if (!runnerUtils.empty())
      libs.push_back(runnerUtils);
    options.sharedLibPaths = libs;
    auto maybeEngine = ExecutionEngine::create(*module, options);
    if (!maybeEngine) {
      llvm::errs() << "bnfold-run: JIT compilation of '" << path
                   << "' failed: " << llvm::toString(maybeEngine.takeError())
                   << "\n";
      return failure();
    }
    engine = std::move(*maybeEngine);
    return success();
  }

  /// Calls the function on `inputs` and returns its results.
  FailureOr<std::vector<HostTensor>> run(std::vector<HostTensor> &inputs) {
    // One descriptor per input; the C wrapper takes pointers to them.
    std::vector<std::vector<int64_t>> descriptors;
    for (HostTensor &t : inputs) {
      int64_t rank = t.shape.size();
      std::vector<int64_t> d(descriptorWords(rank));
      void *data = t.data.data();
      std::memcpy(&d[0], &data, 8);
      std::memcpy(&d[1], &data, 8);
      d[2] = 0;
      int64_t stride = 1;
      for (int64_t i = rank - 1; i >= 0; --i) {
        d[3 + i] = t.shape[i];
        d[3 + rank + i] = stride;
        stride *= t.shape[i];
      }
      descriptors.push_back(std::move(d));
    }
    // Results come back through one pointer to a struct of descriptors
    // (all fields are 8-byte words, so there is no padding).
    size_t resultWords = 0;
    for (RankedTensorType type : signature.results)
      resultWords += descriptorWords(type.getRank());
    std::vector<int64_t> resultBuffer(resultWords + 1, 0);

    std::vector<void *> pointers;
    if (!signature.results.empty())
      pointers.push_back(resultBuffer.data());
    for (auto &d : descriptors)
      pointers.push_back(d.data());
    std::vector<void *> packed;
    for (void *&p : pointers)
      packed.push_back(&p);
    if (llvm::Error err =
            engine->invokePacked("_mlir_ciface_" + name, packed)) {
      llvm::errs() << "bnfold-run: calling @" << name << " failed: "
                   << llvm::toString(std::move(err)) << "\n";
      return failure();
    }

    std::vector<HostTensor> results;
    size_t word = 0;
    for (RankedTensorType type : signature.results) {
      int64_t rank = type.getRank();
      const int64_t *d = resultBuffer.data() + word;
      word += descriptorWords(rank);
      HostTensor t;
      t.kind = *getFloatKind(type.getElementType());
      const char *base;
      std::memcpy(&base, &d[1], 8);
      int64_t offset = d[2];
      t.shape.assign(d + 3, d + 3 + rank);
      size_t width = getByteWidth(t.kind);
      t.data.resize(t.numElements() * width);
      // Walk the (possibly strided) result in row-major order.
      std::vector<int64_t> index(rank, 0);
      for (int64_t i = 0, e = t.numElements(); i < e; ++i) {
        int64_t linear = offset;
        for (int64_t k = 0; k < rank; ++k)
          linear += index[k] * d[3 + rank + k];
        std::memcpy(t.data.data() + i * width, base + linear * width, width);
        for (int64_t k = rank - 1; k >= 0; --k) {
          if (++index[k] < t.shape[k])
            break;
          index[k] = 0;
        }
      }
      results.push_back(std::move(t));
    }
    freeResultBuffers(resultBuffer, inputs);
    return results;
  }

  /// The function's result buffers belong to the caller (the pipeline
  /// allocates them with malloc). Skips what was not malloc'ed for this call:
  /// an input returned as is, a constant global (the lowering marks those
  /// with the allocated pointer 0xdeadbeef), and a buffer already freed for
  /// another result.
  void freeResultBuffers(const std::vector<int64_t> &resultBuffer,
                         const std::vector<HostTensor> &inputs) {
    llvm::SmallPtrSet<void *, 8> notOwned;
    for (const HostTensor &t : inputs)
      notOwned.insert(const_cast<char *>(t.data.data()));
    notOwned.insert(reinterpret_cast<void *>(uintptr_t(0xdeadbeef)));
    size_t word = 0;
    for (RankedTensorType type : signature.results) {
      void *allocated;
      std::memcpy(&allocated, resultBuffer.data() + word, 8);
      word += descriptorWords(type.getRank());
      if (allocated && notOwned.insert(allocated).second)
        free(allocated);
    }
  }

  const Signature &getSignature() const { return signature; }
  const std::string &getName() const { return name; }
  const std::string &getPath() const { return path; }

private:
  MLIRContext &context;
  std::string path;
  llvm::SourceMgr sourceMgr;
  OwningOpRef<ModuleOp> module;
  std::string name;
  Signature signature;
  std::unique_ptr<ExecutionEngine> engine;
};

/// The --input-type kind, if given (checked in main).
std::optional<Kind> inputKind;

std::optional<Kind> parseKind(StringRef name) {
  return llvm::StringSwitch<std::optional<Kind>>(name)
      .Case("f16", Kind::F16)
      .Case("bf16", Kind::BF16)
      .Case("f32", Kind::F32)
      .Case("f64", Kind::F64)
      .Default(std::nullopt);
}

/// The same inputs for every model with this signature: uniform in [-1, 1),
/// drawn in argument order, row-major, rounded to --input-type if given and
/// then to the element type.
std::vector<HostTensor> makeInputs(const Signature &signature) {
  Random random{seed};
  std::vector<HostTensor> inputs;
  for (RankedTensorType type : signature.inputs) {
    HostTensor t;
    t.kind = *getFloatKind(type.getElementType());
    for (int64_t d : type.getShape())
      t.shape.push_back(ShapedType::isDynamic(d) ? int64_t(dynamicSize) : d);
    int64_t n = t.numElements();
    size_t width = getByteWidth(t.kind);
    t.data.resize(n * width);
    for (int64_t i = 0; i < n; ++i) {
      double value = random.uniform();
      // --input-type: round to that type first. Widening is exact (f16 and
      // bf16 values are f32 values, f32 values are f64 values), so an f64
      // model then sees bit-for-bit the inputs an f16 model would get.
      if (inputKind)
        value = roundTo(*inputKind, value).convertToDouble();
      storeElement(t.kind, t.data.data() + i * width, value);
    }
    inputs.push_back(std::move(t));
  }
  return inputs;
}

std::string shapeString(const HostTensor &t) {
  std::string s;
  for (size_t i = 0; i < t.shape.size(); ++i)
    s += (i ? "x" : "") + std::to_string(t.shape[i]);
  return s.empty() ? "scalar" : s;
}

void printResult(unsigned index, RankedTensorType type, const HostTensor &t) {
  int64_t n = t.numElements();
  llvm::outs() << "result " << index << ": " << typeString(type) << " shape "
               << shapeString(t) << "\n";
  bool all = printAll || n <= 64;
  int64_t shown = all ? n : 8;
  llvm::outs() << (all ? "  values: [" : "  first 8: [");
  for (int64_t i = 0; i < shown; ++i)
    llvm::outs() << (i ? ", " : "") << formatValue(t.kind, t.get(i));
  llvm::outs() << "]\n";
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
    llvm::outs() << buffer;
  }
}

/// Default tolerances per element type: see docs/execution.md for why.
std::pair<double, double> defaultTolerance(Kind kind) {
  switch (kind) {
  case Kind::F16:
    return {1e-2, 1e-3};
  case Kind::BF16:
    return {5e-2, 1e-2};
  case Kind::F32:
    return {1e-4, 1e-5};
  case Kind::F64:
    return {1e-10, 1e-12};
  }
  return {0, 0};
}

int runOne(MLIRContext &context) {
  Model model(context, inputFiles[0]);
  if (failed(model.load()) || failed(model.compile()))
    return 2;
  std::vector<HostTensor> inputs = makeInputs(model.getSignature());
  auto results = model.run(inputs);
  if (failed(results))
    return 2;
  for (auto [i, t] : llvm::enumerate(*results))
    printResult(i, model.getSignature().results[i], t);
  if (results->empty())
    llvm::outs() << "@" << model.getName() << " returns no results\n";
  return 0;
}

int runCompare(MLIRContext &context) {
  Model a(context, inputFiles[0]), b(context, inputFiles[1]);
  if (failed(a.load()) || failed(b.load()))
    return 2;
  const Signature &sa = a.getSignature(), &sb = b.getSignature();
  if (sa.inputs != sb.inputs || sa.results.size() != sb.results.size()) {
    llvm::errs() << "bnfold-run: @" << a.getName() << " in '" << a.getPath()
                 << "' and @" << b.getName() << " in '" << b.getPath()
                 << "' have different signatures\n";
    return 2;
  }
  for (size_t i = 0; i < sa.results.size(); ++i)
    if (sa.results[i].getElementType() != sb.results[i].getElementType() ||
        sa.results[i].getRank() != sb.results[i].getRank()) {
      llvm::errs() << "bnfold-run: result " << i << " types differ: "
                   << sa.results[i] << " vs " << sb.results[i] << "\n";
      return 2;
    }
  if (failed(a.compile()) || failed(b.compile()))
    return 2;
  std::vector<HostTensor> inputsA = makeInputs(sa), inputsB = makeInputs(sb);
  auto ra = a.run(inputsA);
  auto rb = b.run(inputsB);
  if (failed(ra) || failed(rb))
    return 2;

  bool ok = true;
  for (size_t i = 0; i < ra->size(); ++i) {
    const HostTensor &x = (*ra)[i], &y = (*rb)[i];
    if (x.shape != y.shape) {
      llvm::outs() << "result " << i << ": shapes differ: " << shapeString(x)
                   << " vs " << shapeString(y) << "\n";
      ok = false;
      continue;
    }
    auto [rtol, atol] = defaultTolerance(x.kind);
    if (rtolOpt >= 0)
      rtol = rtolOpt;
    if (atolOpt >= 0)
      atol = atolOpt;
    double maxAbs = 0, maxRel = 0;
    int64_t bad = 0, firstBad = -1;
    for (int64_t e = 0, n = x.numElements(); e < n; ++e) {
      double va = x.get(e), vb = y.get(e);
      bool within;
      double abs;
      if (std::isnan(va) || std::isnan(vb)) {
        within = std::isnan(va) && std::isnan(vb);
        abs = within ? 0 : INFINITY;
      } else if (std::isinf(va) || std::isinf(vb)) {
        within = va == vb;
        abs = within ? 0 : INFINITY;
      } else {
        abs = std::fabs(va - vb);
        within = abs <= atol + rtol * std::fabs(vb);
      }
      double rel = abs == 0 ? 0 : abs / std::fabs(vb);
      maxAbs = std::max(maxAbs, abs);
      maxRel = std::max(maxRel, rel);
      if (!within && bad++ == 0)
        firstBad = e;
    }
    char buffer[256];
    std::snprintf(buffer, sizeof(buffer),
                  "result %zu: %s shape %s: max_abs_err=%.3g max_rel_err=%.3g "
                  "(rtol=%g atol=%g)",
                  i, typeString(sa.results[i]).c_str(),
                  shapeString(x).c_str(), maxAbs, maxRel, rtol, atol);
    llvm::outs() << buffer;
    if (bad == 0) {
      llvm::outs() << " OK\n";
      continue;
    }
    ok = false;
    llvm::outs() << " MISMATCH: " << bad << " of " << x.numElements()
                 << " elements outside tolerance, first at flat index "
                 << firstBad << ": " << formatValue(x.kind, x.get(firstBad))
                 << " vs " << formatValue(y.kind, y.get(firstBad)) << "\n";
  }
  llvm::outs() << (ok ? "compare: OK\n" : "compare: MISMATCH\n");
  return ok ? 0 : 1;
}

/// The public functions with a body in `path`, in order.
FailureOr<std::vector<std::string>> listPublicFunctions(MLIRContext &context,
                                                        StringRef path) {
  llvm::SourceMgr sourceMgr;
  OwningOpRef<ModuleOp> module = parseModelFile(context, sourceMgr, path);
  if (!module)
    return failure();
  std::vector<std::string> names;
  for (auto f : module->getOps<func::FuncOp>())
    if (f.isPublic() && !f.isExternal())
      names.push_back(f.getName().str());
  return names;
}

/// --compare --all-functions: one comparison per function; the exit code is
/// the worst of them.
int runCompareAll(MLIRContext &context) {
  FailureOr<std::vector<std::string>> names =
      listPublicFunctions(context, inputFiles[0]);
  if (failed(names))
    return 2;
  if (names->empty()) {
    llvm::errs() << "bnfold-run: '" << inputFiles[0]
                 << "' has no public function with a body\n";
    return 2;
  }
  int worst = 0;
  for (const std::string &name : *names) {
    functionName = name;
    llvm::outs() << "@" << name << ":\n";
    worst = std::max(worst, runCompare(context));
  }
  llvm::outs() << "compare all: " << (worst == 0 ? "OK" : "MISMATCH") << ", "
               << names->size()
               << (names->size() == 1 ? " function\n" : " functions\n");
  return worst;
}

} // namespace

int main(int argc, char **argv) {
  llvm::InitLLVM initLLVM(argc, argv);
  cl::HideUnrelatedOptions(runCategory);
  cl::ParseCommandLineOptions(
      argc, argv,
      "bnfold-run: JIT-run an nn model on deterministic pseudo-random "
      "inputs\n\n"
      "  bnfold-run model.mlir [--function=NAME] [--seed=N] "
      "[--input-type=T]\n"
      "  bnfold-run --compare a.mlir b.mlir [--rtol=R] [--atol=A]\n"
      "  bnfold-run --compare --all-functions a.mlir b.mlir\n");
  if (compareMode != (inputFiles.size() == 2) || inputFiles.size() > 2) {
    llvm::errs() << "bnfold-run: expected one model, or two with --compare\n";
    return 2;
  }
  if (allFunctions && (!compareMode || !functionName.empty())) {
    llvm::errs() << "bnfold-run: --all-functions goes with --compare and "
                    "without --function\n";
    return 2;
  }
  if (dynamicSize < 0) {
    llvm::errs() << "bnfold-run: --dynamic-size must be >= 0\n";
    return 2;
  }
  if (!inputType.empty()) {
    inputKind = parseKind(inputType);
    if (!inputKind) {
      llvm::errs() << "bnfold-run: --input-type must be f16, bf16, f32 or "
                      "f64, not '"
                   << inputType << "'\n";
      return 2;
    }
  }
  llvm::InitializeNativeTarget();
  llvm::InitializeNativeTargetAsmPrinter();

  DialectRegistry registry;
  bnfold::registerLoweringDialects(registry);
  registerBuiltinDialectTranslation(registry);
  registerLLVMDialectTranslation(registry);
  MLIRContext context(registry);
  context.loadAllAvailableDialects();
  if (allFunctions)
    return runCompareAll(context);
  return compareMode ? runCompare(context) : runOne(context);
}
