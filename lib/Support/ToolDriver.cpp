//===- ToolDriver.cpp - What every bnfold tool does around its work -------===//

#include "bnfold/Support/ToolDriver.h"
#include "bnfold/Support/BytecodeReaderGuard.h"
#include "bnfold/Support/InputScreen.h"
#include "bnfold/Support/OutputFile.h"

#include "llvm/Support/MemoryBuffer.h"

using namespace bnfold;
using namespace mlir;

void bnfold::registerToolDriverCLOptions() {
  registerBytecodeReaderGuardCLOptions();
  registerInputScreenCLOptions();
  registerInputFileCLOptions();
}

int bnfold::runTool(const ToolRun &run, ToolWork work) {
  std::string error;
  std::unique_ptr<InputFile> input =
      InputFile::open(run.toolName, run.inputPath, error);
  if (!input) {
    llvm::errs() << run.toolName << ": " << error << "\n";
    return 1;
  }
  bool bytecode = run.mlirInput && input->isMLIRBytecode();
  // In the child for bytecode: the releaser's thread must start after the
  // fork.
  auto runWork = [&](llvm::function_ref<void()> parsed) -> int {
    // Before the screen, which reads the whole input.
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
