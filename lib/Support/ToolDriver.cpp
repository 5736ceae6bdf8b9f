//===- ToolDriver.cpp - What every bnfold tool does around its work -------===//

#include "bnfold/Support/ToolDriver.h"
#include "bnfold/Support/BytecodeReaderGuard.h"
#include "bnfold/Support/InputScreen.h"
#include "bnfold/Support/OutputFile.h"
#include "bnfold/Support/ToolCommandLine.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/ManagedStatic.h"
#include "llvm/Support/MemoryBuffer.h"

#include <algorithm>
#include <limits>

using namespace bnfold;
using namespace mlir;

namespace {
struct ToolCLOptions {
  llvm::cl::opt<unsigned> bytecodeParseTimeout{
      "bytecode-parse-timeout",
      llvm::cl::desc(
          "Give up on a bytecode input not parsed after this many seconds "
          "(MLIR's reader loops forever on some corrupted files); 0: no "
          "limit (default: 10 plus 1 per 8 MiB of input)"),
      llvm::cl::value_desc("seconds"), llvm::cl::cat(getToolOptionCategory())};
  llvm::cl::opt<unsigned> maxNestingDepth{
      "max-nesting-depth",
      llvm::cl::desc("Reject MLIR input nested deeper than this: brackets in "
                     "text, operations in regions, attributes and types in "
                     "each other (MLIR recurses once per level; default 256)"),
      llvm::cl::value_desc("levels"),
      llvm::cl::init(kDefaultMaxNestingDepth),
      llvm::cl::cat(getToolOptionCategory())};
  llvm::cl::opt<bool> releaseInputPages{
      "release-input-pages",
      llvm::cl::desc("Give the pages of a memory-mapped input of 16 MiB or "
                     "more back to the kernel while the run goes on (lower "
                     "peak memory; default on)"),
      llvm::cl::init(true), llvm::cl::cat(getToolOptionCategory())};
};
} // namespace

static llvm::ManagedStatic<ToolCLOptions> toolCLOptions;

void bnfold::registerToolDriverCLOptions() { *toolCLOptions; }

unsigned bnfold::getBytecodeParseTimeout(uint64_t inputBytes) {
  if (toolCLOptions.isConstructed() &&
      toolCLOptions->bytecodeParseTimeout.getNumOccurrences())
    return toolCLOptions->bytecodeParseTimeout;
  return 10 + static_cast<unsigned>(std::min<uint64_t>(
                  inputBytes >> 23, std::numeric_limits<unsigned>::max() - 10));
}

unsigned bnfold::getMaxNestingDepth() {
  return toolCLOptions.isConstructed() ? toolCLOptions->maxNestingDepth
                                       : kDefaultMaxNestingDepth;
}

static bool shouldReleaseInputPages() {
  return !toolCLOptions.isConstructed() || toolCLOptions->releaseInputPages;
}

int bnfold::runTool(const ToolRun &run, ToolWork work) {
  std::string error;
  bool tooLarge = false;
  std::unique_ptr<InputFile> input = InputFile::open(
      run.toolName, run.inputPath, error, run.maxInputBytes, &tooLarge);
  if (tooLarge) {
    llvm::errs() << (run.inputPath == "-" ? "<stdin>" : run.inputPath)
                 << ": error: the file is larger than " << run.maxInputReason
                 << "\n";
    return 1;
  }
  if (!input) {
    llvm::errs() << run.toolName << ": " << error << "\n";
    return 1;
  }
  bool bytecode = run.mlirInput && input->isMLIRBytecode();
  // In the child for bytecode: the releaser's thread must start after the
  // fork.
  auto runWork = [&](llvm::function_ref<void()> parsed) -> int {
    // Before the screen, which reads the whole input.
    if (shouldReleaseInputPages())
      input->startReleasingPages();
    if (run.mlirInput && !bytecode &&
        failed(screenMLIRText(input->getBuffer(), getMaxNestingDepth()))) {
      input->reportIfChanged();
      return 1;
    }
    LogicalResult result = writeOutputFile(
        run.toolName, run.outputPath, [&](llvm::raw_ostream &os) {
          LogicalResult worked = work(*input, os, parsed);
          // Whatever the work made of a file that changed under it, it is
          // not the output of that file.
          if (input->reportIfChanged())
            return failure();
          return worked;
        });
    return succeeded(result) ? 0 : 1;
  };
  if (!bytecode)
    return runWork([] {});
  return runGuardingBytecodeReader(
      run.inputPath, getBytecodeParseTimeout(input->getBuffer().getBufferSize()),
      runWork, [&] { return input->reportIfChanged(); });
}
