//===- bnfold-run.cpp - JIT-run nn models on pseudo-random inputs ---------===//
//
//   bnfold-run model.mlir [--function=NAME] [--seed=N] [--input-type=T]
//   bnfold-run --compare a.mlir b.mlir [--rtol=R] [--atol=A] ...
//
// The command line of the runner library (bnfold/Runner/Runner.h); see
// docs/execution.md.
//
//===----------------------------------------------------------------------===//

#include "bnfold/Runner/Runner.h"
#include "bnfold/Support/ToolCommandLine.h"
#include "bnfold/Support/ToolErrorHandlers.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/raw_ostream.h"

using namespace bnfold::runner;
namespace cl = llvm::cl;

#ifndef BNFOLD_C_RUNNER_UTILS
#define BNFOLD_C_RUNNER_UTILS ""
#endif

static cl::OptionCategory &runCategory = bnfold::getToolOptionCategory();
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
static cl::opt<double> rtolOption("rtol",
                            cl::desc("Relative tolerance (default: per "
                                     "element type, see docs)"),
                            cl::init(-1.0), cl::cat(runCategory));
static cl::opt<double> atolOption("atol",
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
static cl::opt<uint64_t> memoryLimit(
    "memory-limit",
    cl::desc("MiB that the inputs and the compiled code's buffers may occupy "
             "at once (default 4096; 0: no limit)"),
    cl::init(4096), cl::cat(runCategory));
static cl::opt<std::string>
    runnerUtils("runner-utils",
                cl::desc("Path of libmlir_c_runner_utils.so (memrefCopy)"),
                cl::init(BNFOLD_C_RUNNER_UTILS), cl::cat(runCategory));

int main(int argc, char **argv) {
  llvm::InitLLVM initLLVM(argc, argv);
  bnfold::installToolErrorHandlers("bnfold-run");
  bnfold::setUpToolCommandLine("bnfold-run");
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
    return Error;
  }
  if (allFunctions && (!compareMode || !functionName.empty())) {
    llvm::errs() << "bnfold-run: --all-functions goes with --compare and "
                    "without --function\n";
    return Error;
  }
  if (dynamicSize < 0) {
    llvm::errs() << "bnfold-run: --dynamic-size must be >= 0\n";
    return Error;
  }
  if (memoryLimit > (UINT64_MAX >> 20)) {
    llvm::errs() << "bnfold-run: --memory-limit must be at most "
                 << (UINT64_MAX >> 20) << " MiB\n";
    return Error;
  }

  RunnerOptions options;
  options.functionName = functionName;
  options.seed = seed;
  options.dynamicSize = dynamicSize;
  if (!inputType.empty()) {
    options.inputKind = llvm::StringSwitch<std::optional<FloatKind>>(inputType)
                            .Case("f16", FloatKind::F16)
                            .Case("bf16", FloatKind::BF16)
                            .Case("f32", FloatKind::F32)
                            .Case("f64", FloatKind::F64)
                            .Default(std::nullopt);
    if (!options.inputKind) {
      llvm::errs() << "bnfold-run: --input-type must be f16, bf16, f32 or "
                      "f64, not '"
                   << inputType << "'\n";
      return Error;
    }
  }
  if (rtolOption >= 0)
    options.rtol = rtolOption;
  if (atolOption >= 0)
    options.atol = atolOption;
  options.printAll = printAll;
  options.memoryLimitBytes = memoryLimit << 20;
  options.runnerUtilsPath = runnerUtils;

  llvm::InitializeNativeTarget();
  llvm::InitializeNativeTargetAsmPrinter();
  mlir::DialectRegistry registry;
  registerRunnerDialects(registry);
  mlir::MLIRContext context(registry);
  context.loadAllAvailableDialects();

  if (allFunctions)
    return compareAllFunctions(context, inputFiles[0], inputFiles[1], options,
                               llvm::outs());
  if (compareMode)
    return compareModels(context, inputFiles[0], inputFiles[1], options,
                         llvm::outs());
  return runModel(context, inputFiles[0], options, llvm::outs());
}
