//===- bnfold-translate.cpp - ONNX <-> nn MLIR, and ONNX folding ----------===//
//
//   bnfold-translate --import-onnx model.onnx -o model.mlir
//   bnfold-translate --export-onnx model.mlir -o model.onnx
//   bnfold-translate --fold-onnx model.onnx -o folded.onnx   (import, fold
//       batch norms with a report on stderr, export; no text in between)
//
// Output files are written all or nothing (bnfold/Support/OutputFile.h): a
// failed run leaves no output file, and an existing one as it was.
//
//===----------------------------------------------------------------------===//

#include "bnfold/Dialect/NN/IR/NNDialect.h"
#include "bnfold/Dialect/NN/IR/NNOps.h"
#include "bnfold/Support/BytecodeReaderGuard.h"
#include "bnfold/Support/OutputFile.h"
#include "bnfold/Support/ResourceBlobCheck.h"
#include "bnfold/Target/ONNX/ONNXTranslation.h"
#include "bnfold/Transforms/Passes.h"

#include "mlir/Bytecode/BytecodeReader.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/AsmState.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/Location.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/FileUtilities.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/ScopeExit.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;
using namespace llvm;

namespace {
enum class Mode { Import, Export, Fold };
} // namespace

static cl::opt<Mode> mode(
    cl::desc("Translation:"), cl::Required,
    cl::values(clEnumValN(Mode::Import, "import-onnx", "ONNX model -> nn MLIR"),
               clEnumValN(Mode::Export, "export-onnx", "nn MLIR -> ONNX model"),
               clEnumValN(Mode::Fold, "fold-onnx",
                          "ONNX model -> ONNX model with batch norms folded "
                          "(report on stderr)")));
static cl::opt<std::string>
    inputFilename(cl::Positional, cl::desc("<input file>"), cl::init("-"));
static cl::opt<std::string> outputFilename("o", cl::desc("Output file"),
                                           cl::value_desc("filename"),
                                           cl::init("-"));
static cl::opt<bool> quiet("quiet",
                           cl::desc("--fold-onnx: no per-batch-norm remarks"),
                           cl::init(false));
static cl::opt<unsigned> shapeInferenceTimeout(
    "shape-inference-timeout",
    cl::desc("--import-onnx, --fold-onnx: give up on a model whose ONNX "
             "checking and shape inference take longer than this; 0: no "
             "limit (default: 10 plus 1 per 8 MiB of model)"),
    cl::value_desc("seconds"));
static cl::opt<uint64_t> maxSplatBytes(
    "max-splat-bytes",
    cl::desc("--export-onnx, --fold-onnx: the most bytes the splat constants "
             "of a model may expand to (ONNX has no splat tensors)"),
    cl::value_desc("bytes"), cl::init(bnfold::kDefaultMaxSplatExportBytes));

/// Opens the ONNX model to import. Its size is checked before it is read:
/// protobuf cannot parse more than 2 GiB, and reading more (a large file, or
/// an endless pipe) would only take time and memory before the error.
static std::unique_ptr<MemoryBuffer> openONNXInput(StringRef path,
                                                   StringRef bufferName) {
  auto tooLarge = [&] {
    errs() << bufferName << ": error: the file is larger than 2 GiB, which "
           << "protobuf cannot parse\n";
    return nullptr;
  };
  int fd = 0;
  if (path != "-") {
    if (std::error_code ec = sys::fs::openFileForRead(path, fd)) {
      errs() << "bnfold-translate: cannot open input file '" << path
             << "': " << ec.message() << "\n";
      return nullptr;
    }
  }
  llvm::scope_exit closeFile([&] {
    if (path != "-")
      sys::Process::SafelyCloseFileDescriptor(fd);
  });
  sys::fs::file_status status;
  if (!sys::fs::status(fd, status) &&
      status.type() == sys::fs::file_type::regular_file) {
    if (status.getSize() > bnfold::kMaxONNXModelBytes)
      return tooLarge();
    ErrorOr<std::unique_ptr<MemoryBuffer>> buffer =
        MemoryBuffer::getOpenFile(fd, bufferName, status.getSize(),
                                  /*RequiresNullTerminator=*/false);
    if (!buffer) {
      errs() << "bnfold-translate: cannot read '" << path
             << "': " << buffer.getError().message() << "\n";
      return nullptr;
    }
    return std::move(*buffer);
  }
  // A pipe or device: read up to one byte past the limit.
  std::string bytes;
  char chunk[1 << 16];
  while (true) {
    Expected<size_t> n =
        sys::fs::readNativeFile(sys::fs::convertFDToNativeFile(fd),
                                MutableArrayRef<char>(chunk, sizeof(chunk)));
    if (!n) {
      errs() << "bnfold-translate: cannot read '" << path
             << "': " << toString(n.takeError()) << "\n";
      return nullptr;
    }
    if (*n == 0)
      break;
    bytes.append(chunk, *n);
    if (bytes.size() > bnfold::kMaxONNXModelBytes)
      return tooLarge();
  }
  return MemoryBuffer::getMemBufferCopy(bytes, bufferName);
}

int main(int argc, char **argv) {
  InitLLVM y(argc, argv);
  registerAsmPrinterCLOptions();
  registerMLIRContextCLOptions();
  bnfold::registerBytecodeReaderGuardCLOptions();
  cl::ParseCommandLineOptions(
      argc, argv,
      "bnfold ONNX translator\n\n"
      "  bnfold-translate --import-onnx model.onnx -o model.mlir\n"
      "  bnfold-translate --export-onnx model.mlir -o model.onnx\n"
      "  bnfold-translate --fold-onnx model.onnx -o folded.onnx\n");

  StringRef bufferName =
      inputFilename == "-" ? StringRef("<stdin>") : StringRef(inputFilename);
  std::unique_ptr<MemoryBuffer> input;
  if (mode == Mode::Export) {
    std::string errorMessage;
    input = openInputFile(inputFilename, &errorMessage);
    if (!input)
      errs() << "bnfold-translate: " << errorMessage << "\n";
  } else {
    input = openONNXInput(inputFilename, bufferName);
  }
  if (!input)
    return 1;

  // The translation proper; for bytecode input, in a child process, so that
  // a malformed file that crashes MLIR's bytecode reader is an error
  // (bnfold/Support/BytecodeReaderGuard.h).
  auto run = [&](llvm::function_ref<void()> parsed) -> int {
    DialectRegistry registry;
    registry.insert<bnfold::nn::NNDialect, arith::ArithDialect,
                    func::FuncDialect>();
    MLIRContext context(registry);
    context.loadAllAvailableDialects();
    // Diagnostics name the ONNX node; a dump of the op adds nothing for users.
    context.printOpOnDiagnostic(false);
    SourceMgr sourceMgr;
    // Imported ops are located by ONNX node name (NameLoc); say so, with the
    // input file, instead of printing "<unknown>:0".
    context.getDiagEngine().registerHandler([&](Diagnostic &diag) {
      auto print = [&](Diagnostic &d, StringRef severity) {
        std::string where = bufferName.str();
        std::string node;
        d.getLocation()->walk([&](Location l) {
          if (auto file = dyn_cast<FileLineColLoc>(l)) {
            if (file.getLine() != 0)
              where = (file.getFilename().getValue() + ":" +
                       Twine(file.getLine()) + ":" + Twine(file.getColumn()))
                          .str();
            return WalkResult::interrupt();
          }
          if (auto name = dyn_cast<NameLoc>(l)) {
            node = name.getName().str();
            return WalkResult::interrupt();
          }
          return WalkResult::advance();
        });
        std::string message = d.str();
        errs() << where << ": " << severity << ": ";
        if (!node.empty() &&
            !StringRef(message).contains("node '" + node + "'"))
          errs() << "node \"" << node << "\": ";
        errs() << message << "\n";
      };
      StringRef severity =
          diag.getSeverity() == DiagnosticSeverity::Error     ? "error"
          : diag.getSeverity() == DiagnosticSeverity::Warning ? "warning"
          : diag.getSeverity() == DiagnosticSeverity::Remark  ? "remark"
                                                              : "note";
      print(diag, severity);
      for (Diagnostic &note : diag.getNotes())
        print(note, "note");
      return success();
    });

    auto translate = [&](raw_ostream &os) -> LogicalResult {
      OwningOpRef<ModuleOp> module;
      if (mode == Mode::Export) {
        // MLIR 22.1.8's parser aborts on a dense_resource blob with alignment 0
        // (see ResourceBlobCheck.h); report it like bnfold-opt does.
        if (std::optional<size_t> offset =
                bnfold::findZeroAlignedResourceBlob(input->getBuffer())) {
          sourceMgr.AddNewSourceBuffer(std::move(input), SMLoc());
          sourceMgr.PrintMessage(
              SMLoc::getFromPointer(
                  sourceMgr.getMemoryBuffer(1)->getBufferStart() + *offset + 1),
              SourceMgr::DK_Error,
              "resource blob encodes alignment 0 in its first 4 bytes; "
              "expected a power of 2");
          return failure();
        }
        sourceMgr.AddNewSourceBuffer(std::move(input), SMLoc());
        module = parseSourceFile<ModuleOp>(sourceMgr, &context);
        parsed();
      } else {
        bnfold::ONNXImportOptions importOptions;
        // A BatchNormalization the importer cannot map is carried unchanged;
        // say why, so that every batch norm is accounted for.
        importOptions.remarkCarriedBatchNorms = mode == Mode::Fold && !quiet;
        if (shapeInferenceTimeout.getNumOccurrences())
          importOptions.shapeInferenceTimeout = shapeInferenceTimeout;
        module = bnfold::importONNX(input->getBuffer(), bufferName, &context,
                                    importOptions);
        input.reset(); // the weights now live in the module's blobs
      }
      if (!module)
        return failure();

      if (mode == Mode::Fold) {
        // Weights the fold replaces stay in the context's resource blobs until
        // the context dies; release the ones no op uses afterwards, so a large
        // model does not hold its weights twice during export.
        auto resourceConstants = [&] {
          llvm::DenseSet<DenseResourceElementsAttr> used;
          module->walk([&](arith::ConstantOp c) {
            if (auto r = dyn_cast<DenseResourceElementsAttr>(c.getValue()))
              used.insert(r);
          });
          return used;
        };
        llvm::DenseSet<DenseResourceElementsAttr> before = resourceConstants();
        auto countBatchNorms = [&] {
          unsigned mapped = 0, carried = 0;
          module->walk([&](Operation *op) {
            if (isa<bnfold::nn::BatchNormOp>(op))
              ++mapped;
            else if (auto onnx = dyn_cast<bnfold::nn::OnnxOp>(op))
              carried += onnx.getOpType() == "BatchNormalization" &&
                         !onnx.getDomain();
          });
          return std::make_pair(mapped, carried);
        };
        auto [batchNorms, carried] = countBatchNorms();
        PassManager pm(&context);
        bnfold::FoldBatchNormOptions options;
        options.report = !quiet;
        // Folded parameters computed at run time (nn.bn_fold_*) have no ONNX
        // form: a batch norm whose parameters are not constants stays.
        options.runtimeParameters = false;
        pm.addNestedPass<func::FuncOp>(bnfold::createFoldBatchNorm(options));
        if (failed(pm.run(*module)))
          return failure();
        // The pass counts the nn.batch_norm ops; the model has the carried
        // ones too.
        if (!quiet && carried > 0)
          emitRemark(UnknownLoc::get(&context))
              << "folded " << batchNorms - countBatchNorms().first << " of "
              << batchNorms + carried << " BatchNormalization nodes ("
              << carried << " imported as 'nn.onnx_op')";
        llvm::DenseSet<DenseResourceElementsAttr> after = resourceConstants();
        for (DenseResourceElementsAttr attr : before)
          if (!after.contains(attr))
            if (auto *entry = attr.getRawHandle().getResource())
              entry->setBlob(AsmResourceBlob());
      }

      std::string serialized;
      bnfold::ONNXExportOptions exportOptions;
      exportOptions.maxSplatBytes = maxSplatBytes;
      if (mode != Mode::Import &&
          failed(bnfold::exportONNX(*module, serialized, exportOptions)))
        return failure();

      if (mode == Mode::Import) {
        // Locations carry the ONNX node names through bnfold-opt and back.
        OpPrintingFlags flags;
        flags.enableDebugInfo(/*enable=*/true, /*prettyForm=*/false);
        module->print(os, flags);
        os << "\n";
      } else {
        os.write(serialized.data(), serialized.size());
      }
      return success();
    };
    // All or nothing: a failed run leaves any existing output file as it was.
    return failed(bnfold::writeOutputFile("bnfold-translate", outputFilename,
                                          translate))
               ? 1
               : 0;
  };
  if (mode == Mode::Export && isBytecode(input->getMemBufferRef()))
    return bnfold::runGuardingBytecodeReader(
        inputFilename, bnfold::getBytecodeParseTimeout(input->getBufferSize()),
        run);
  return run([] {});
}
