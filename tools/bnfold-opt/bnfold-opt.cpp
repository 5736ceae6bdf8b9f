//===- bnfold-opt.cpp - the bnfold optimizer driver -----------------------===//
//
// mlir-opt with the dialects an nn model uses (nn, func, arith, tensor) and
// bnfold's passes. The main job is `bnfold-opt --fold-batchnorm model.mlir`.
//
// The driver is MlirOptMain's, opened up to
//  - screen the input for a blob MLIR's own parser would abort on
//    (bnfold/Support/ResourceBlobCheck.h) before handing it over;
//  - write the output all or nothing (bnfold/Support/OutputFile.h);
//  - read bytecode input in a child process, so that a file that crashes
//    MLIR's bytecode reader or makes it loop is an error
//    (bnfold/Support/BytecodeReaderGuard.h);
//  - give the pages of a large memory-mapped input back to the kernel while
//    the run goes on (InputPageReleaser).
//
//===----------------------------------------------------------------------===//

#include "bnfold/Conversion/Passes.h"
#include "bnfold/Pipelines/Passes.h"
#include "bnfold/Dialect/NN/IR/NNDialect.h"
#include "bnfold/Support/BytecodeReaderGuard.h"
#include "bnfold/Support/OutputFile.h"
#include "bnfold/Support/ResourceBlobCheck.h"
#include "bnfold/Transforms/Passes.h"

#include "mlir/Bytecode/BytecodeReader.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/FileUtilities.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"
#include "mlir/Transforms/Passes.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

#include <condition_variable>
#include <mutex>
#include <thread>
#ifdef __linux__
#include <sys/mman.h>
#endif

static constexpr const char *kHelpHeader =
    "bnfold optimizer: folds batch normalization into convolution and "
    "matmul layers.\n\n"
    "  bnfold-opt --fold-batchnorm model.mlir -o folded.mlir\n"
    "  bnfold-opt --fold-batchnorm=report model.mlir   (remarks on stderr)\n"
    "  bnfold-opt --bnfold-lower-to-llvm model.mlir     (LLVM dialect)\n";

/// Reports a blob the MLIR parser would abort on, located in the input.
static bool rejectZeroAlignedBlob(const llvm::MemoryBuffer &file) {
  std::optional<size_t> offset =
      bnfold::findZeroAlignedResourceBlob(file.getBuffer());
  if (!offset)
    return false;
  llvm::SourceMgr sourceMgr;
  sourceMgr.AddNewSourceBuffer(
      llvm::MemoryBuffer::getMemBuffer(file.getMemBufferRef(),
                                       /*RequiresNullTerminator=*/false),
      llvm::SMLoc());
  sourceMgr.PrintMessage(
      llvm::SMLoc::getFromPointer(file.getBufferStart() + *offset + 1),
      llvm::SourceMgr::DK_Error,
      "resource blob encodes alignment 0 in its first 4 bytes; expected a "
      "power of 2");
  return true;
}

namespace {

/// Gives the pages of a memory-mapped input file back to the kernel while
/// MlirOptMain runs. The driver keeps the whole input buffer for the run,
/// but reads it front to back (the expected-* scan, then the parser) and
/// afterwards only to quote a source line in a diagnostic. On a large model
/// the mapped text (hex, twice the weights) was the largest part of peak
/// memory. Every 20 ms the mapping is advised MADV_DONTNEED. The buffer is a
/// read-only private file mapping, so a later read faults the page back in
/// from the page cache with the same bytes: only the resident size changes.
/// (The page cache itself still holds the file, as it would for any reader;
/// the kernel can reclaim it.) Bytecode `dense_resource` blobs point into
/// the mapping and are read again by the fold and the printer; those reads
/// fault pages back in (64 KiB at a time), which on the 116M-parameter
/// benchmark cost no measurable time and brought peak memory from 2.0x to
/// 1.0x the weights.
class InputPageReleaser {
public:
  explicit InputPageReleaser(const llvm::MemoryBuffer &buffer) {
#ifdef __linux__
    if (buffer.getBufferKind() != llvm::MemoryBuffer::MemoryBuffer_MMap)
      return;
    uintptr_t pageSize = llvm::sys::Process::getPageSizeEstimate();
    begin = llvm::alignTo(reinterpret_cast<uintptr_t>(buffer.getBufferStart()),
                          pageSize);
    uintptr_t end = llvm::alignDown(
        reinterpret_cast<uintptr_t>(buffer.getBufferEnd()), pageSize);
    // Small inputs are not worth a thread.
    if (end <= begin || end - begin < kMinSize)
      return;
    size = end - begin;
    releaser = std::thread([this] { run(); });
#else
    (void)buffer;
#endif
  }

  /// Stops before the buffer may be unmapped (the owner destroys this first).
  ~InputPageReleaser() {
    if (!releaser.joinable())
      return;
    {
      std::lock_guard<std::mutex> lock(mutex);
      stopping = true;
    }
    wakeUp.notify_one();
    releaser.join();
  }

private:
  static constexpr uintptr_t kMinSize = uintptr_t(16) << 20;

  void run() {
#ifdef __linux__
    std::unique_lock<std::mutex> lock(mutex);
    while (!wakeUp.wait_for(lock, std::chrono::milliseconds(20),
                            [this] { return stopping; }))
      (void)madvise(reinterpret_cast<void *>(begin), size, MADV_DONTNEED);
#endif
  }

  uintptr_t begin = 0;
  size_t size = 0;
  std::thread releaser;
  std::mutex mutex;
  std::condition_variable wakeUp;
  bool stopping = false;
};

} // namespace

int main(int argc, char **argv) {
  llvm::InitLLVM initLLVM(argc, argv);
  mlir::registerCanonicalizerPass();
  mlir::registerCSEPass();
  mlir::registerSymbolDCEPass();
  bnfold::registerBNFoldPasses();
  bnfold::registerBNFoldConversionPasses();
  bnfold::registerLowerToLLVMPipeline();
  bnfold::registerBytecodeReaderGuardCLOptions();

  mlir::DialectRegistry registry;
  registry.insert<bnfold::nn::NNDialect, mlir::arith::ArithDialect,
                  mlir::func::FuncDialect, mlir::tensor::TensorDialect>();
  // What --convert-nn-to-linalg and --bnfold-lower-to-llvm produce.
  bnfold::registerLoweringDialects(registry);
  auto [inputFilename, outputFilename] =
      mlir::registerAndParseCLIOptions(argc, argv, kHelpHeader, registry);
  mlir::MlirOptMainConfig config =
      mlir::MlirOptMainConfig::createFromCLOptions();
  // Modes that read no input keep MlirOptMain's own handling.
  if (config.shouldShowDialects() || config.shouldListPasses())
    return mlir::asMainReturnCode(
        mlir::MlirOptMain(argc, argv, inputFilename, outputFilename, registry));

  // As MlirOptMain(argc, argv, ...) does, plus the screening, the page
  // releaser and the atomic output.
  std::string errorMessage;
  std::unique_ptr<llvm::MemoryBuffer> file =
      mlir::openInputFile(inputFilename, &errorMessage);
  if (!file) {
    llvm::errs() << errorMessage << "\n";
    return 1;
  }
  // The run proper; for bytecode input, in a child process, so that a
  // malformed file that crashes MLIR's bytecode reader is an error
  // (bnfold/Support/BytecodeReaderGuard.h). The releaser's thread starts
  // in there: a process must not fork with threads running.
  auto run = [&](llvm::function_ref<void()> parsed) -> int {
    // Declared after `file`, so destroyed (and stopped) before it; started
    // before the screening, which reads the whole input.
    InputPageReleaser releaser(*file);
    if (rejectZeroAlignedBlob(*file))
      return 1;
    // MlirOptMain sets up the pass pipeline once the input is parsed.
    mlir::MlirOptMainConfig runConfig = config;
    runConfig.setPassPipelineSetupFn([&config, parsed](mlir::PassManager &pm) {
      parsed();
      return config.setupPassPipeline(pm);
    });
    // MlirOptMain gets a view; `file` keeps owning the mapping.
    std::unique_ptr<llvm::MemoryBuffer> view =
        llvm::MemoryBuffer::getMemBuffer(file->getMemBufferRef(),
                                         /*RequiresNullTerminator=*/true);
    return mlir::asMainReturnCode(bnfold::writeOutputFile(
        "bnfold-opt", outputFilename, [&](llvm::raw_ostream &os) {
          return mlir::MlirOptMain(os, std::move(view), registry, runConfig);
        }));
  };
  if (!mlir::isBytecode(file->getMemBufferRef()))
    return run([] {});
  return bnfold::runGuardingBytecodeReader(
      inputFilename, bnfold::getBytecodeParseTimeout(file->getBufferSize()),
      run);
}
