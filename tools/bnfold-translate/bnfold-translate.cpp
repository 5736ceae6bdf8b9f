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
#include "bnfold/Support/ToolErrorHandlers.h"
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
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/MemoryBuffer.h"
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

int main(int argc, char **argv) {
  InitLLVM y(argc, argv);
  bnfold::installToolErrorHandlers("bnfold-translate");
  registerAsmPrinterCLOptions();
  registerMLIRContextCLOptions();
  bnfold::registerBytecodeReaderGuardCLOptions();
  cl::ParseCommandLineOptions(
      argc, argv,
      "bnfold ONNX translator\n\n"
      "  bnfold-translate --import-onnx model.onnx -o model.mlir\n"
      "  bnfold-translate --export-onnx model.mlir -o model.onnx\n"
      "  bnfold-translate --fold-onnx model.onnx -o folded.onnx\n");

  std::string errorMessage;
  std::unique_ptr<MemoryBuffer> input =
      openInputFile(inputFilename, &errorMessage);
  if (!input) {
    errs() << "bnfold-translate: " << errorMessage << "\n";
    return 1;
  }
  StringRef bufferName =
      inputFilename == "-" ? StringRef("<stdin>") : StringRef(inputFilename);

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
        module = bnfold::importONNX(input->getBuffer(), bufferName, &context);
        input.reset(); // the weights now live in the module's blobs
      }
      if (!module)
        return failure();

      if (mode == Mode::Fold) {
        // A BatchNormalization the importer could not map (types unknown after
        // ONNX shape inference, or parameters of another element type) is
        // carried unchanged; say so, so that every batch norm is accounted for.
        if (!quiet)
          module->walk([](bnfold::nn::OnnxOp op) {
            if (op.getOpType() == "BatchNormalization" && !op.getDomain())
              emitRemark(op.getLoc())
                  << "not folded: imported as 'nn.onnx_op' (its types do not "
                     "fit nn.batch_norm: unranked or mixed element types)";
          });
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
        PassManager pm(&context);
        bnfold::FoldBatchNormOptions options;
        options.report = !quiet;
        pm.addNestedPass<func::FuncOp>(bnfold::createFoldBatchNorm(options));
        if (failed(pm.run(*module)))
          return failure();
        llvm::DenseSet<DenseResourceElementsAttr> after = resourceConstants();
        for (DenseResourceElementsAttr attr : before)
          if (!after.contains(attr))
            if (auto *entry = attr.getRawHandle().getResource())
              entry->setBlob(AsmResourceBlob());
      }

      std::string serialized;
      if (mode != Mode::Import &&
          failed(bnfold::exportONNX(*module, serialized)))
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
