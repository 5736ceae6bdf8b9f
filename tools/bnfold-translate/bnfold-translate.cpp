//===- bnfold-translate.cpp - ONNX <-> nn MLIR, and ONNX folding ----------===//
//
//   bnfold-translate --import-onnx model.onnx -o model.mlir
//   bnfold-translate --export-onnx model.mlir -o model.onnx
//   bnfold-translate --fold-onnx model.onnx -o folded.onnx   (import, fold
//       batch norms with a report on stderr, export; no text in between)
//
// The translation runs inside bnfold's tool driver
// (bnfold/Support/ToolDriver.h): all-or-nothing output, MLIR input screened
// and, as bytecode, read in an isolated child.
//
//===----------------------------------------------------------------------===//

#include "bnfold/Dialect/NN/IR/NNDialect.h"
#include "bnfold/Dialect/NN/IR/NNOps.h"
#include "bnfold/Support/InputScreen.h"
#include "bnfold/Support/ToolDriver.h"
#include "bnfold/Support/ToolErrorHandlers.h"
#include "bnfold/Target/ONNX/ONNXTranslation.h"
#include "bnfold/Transforms/Passes.h"

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
#include "llvm/ADT/DenseSet.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/FileSystem.h"
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

/// Prints diagnostics as `<where>: <severity>: [node "<name>": ]<message>`:
/// imported ops are located by ONNX node name (NameLoc), for which MLIR
/// would print "<unknown>:0"; `where` is then the input file.
static void printDiagnostics(MLIRContext &context, StringRef bufferName) {
  context.getDiagEngine().registerHandler([bufferName](Diagnostic &diag) {
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
      if (!node.empty() && !StringRef(message).contains("node '" + node + "'"))
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
}

/// The MLIR module of the input: parsed (--export-onnx) or imported.
static OwningOpRef<ModuleOp> readInput(bnfold::InputFile &input,
                                       MLIRContext &context,
                                       SourceMgr &sourceMgr,
                                       llvm::function_ref<void()> parsed) {
  if (mode != Mode::Export) {
    bnfold::ONNXImportOptions importOptions;
    // A BatchNormalization the importer cannot map is carried unchanged;
    // say why, so that every batch norm is accounted for.
    importOptions.remarkCarriedBatchNorms = mode == Mode::Fold && !quiet;
    if (shapeInferenceTimeout.getNumOccurrences())
      importOptions.shapeInferenceTimeout = shapeInferenceTimeout;
    OwningOpRef<ModuleOp> module =
        bnfold::importONNX(input.getBuffer().getBuffer(), input.getName(),
                           &context, importOptions);
    input.releaseBuffer(); // the weights now live in the module's blobs
    return module;
  }
  sourceMgr.AddNewSourceBuffer(input.getBufferView(), SMLoc());
  OwningOpRef<ModuleOp> module = parseSourceFile<ModuleOp>(sourceMgr, &context);
  // Nested deeper than the stack allows (bytecode: the text was screened),
  // it is taken apart before anything recurses through it.
  if (module && failed(bnfold::verifyNestingDepth(
                    *module, bnfold::getMaxNestingDepth()))) {
    bnfold::eraseNestedOperations(*module);
    module = nullptr;
  }
  parsed();
  return module;
}

/// Folds the batch norms of `module` (--fold-onnx).
static LogicalResult foldBatchNorms(ModuleOp module, MLIRContext &context) {
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
  if (failed(pm.run(module)))
    return failure();
  // The pass counts the nn.batch_norm ops; the model has the carried ones
  // too.
  if (!quiet && carried > 0)
    emitRemark(UnknownLoc::get(&context))
        << "folded " << batchNorms - countBatchNorms().first << " of "
        << batchNorms + carried << " BatchNormalization nodes (" << carried
        << " imported as 'nn.onnx_op')";
  llvm::DenseSet<DenseResourceElementsAttr> after = resourceConstants();
  for (DenseResourceElementsAttr attr : before)
    if (!after.contains(attr))
      if (auto *entry = attr.getRawHandle().getResource())
        entry->setBlob(AsmResourceBlob());
  return success();
}

static LogicalResult translate(bnfold::InputFile &input, raw_ostream &os,
                               llvm::function_ref<void()> parsed) {
  DialectRegistry registry;
  registry.insert<bnfold::nn::NNDialect, arith::ArithDialect,
                  func::FuncDialect>();
  MLIRContext context(registry);
  context.loadAllAvailableDialects();
  // Diagnostics name the ONNX node; a dump of the op adds nothing for users.
  context.printOpOnDiagnostic(false);
  printDiagnostics(context, input.getName());
  SourceMgr sourceMgr;
  OwningOpRef<ModuleOp> module = readInput(input, context, sourceMgr, parsed);
  if (!module)
    return failure();
  if (mode == Mode::Fold && failed(foldBatchNorms(*module, context)))
    return failure();

  if (mode == Mode::Import) {
    // Locations carry the ONNX node names through bnfold-opt and back.
    OpPrintingFlags flags;
    flags.enableDebugInfo(/*enable=*/true, /*prettyForm=*/false);
    module->print(os, flags);
    os << "\n";
    return success();
  }
  std::string serialized;
  bnfold::ONNXExportOptions exportOptions;
  exportOptions.maxSplatBytes = maxSplatBytes;
  if (failed(bnfold::exportONNX(*module, serialized, exportOptions)))
    return failure();
  os.write(serialized.data(), serialized.size());
  return success();
}

int main(int argc, char **argv) {
  InitLLVM y(argc, argv);
  bnfold::installToolErrorHandlers("bnfold-translate");
  registerAsmPrinterCLOptions();
  registerMLIRContextCLOptions();
  bnfold::registerToolDriverCLOptions();
  cl::ParseCommandLineOptions(
      argc, argv,
      "bnfold ONNX translator\n\n"
      "  bnfold-translate --import-onnx model.onnx -o model.mlir\n"
      "  bnfold-translate --export-onnx model.mlir -o model.onnx\n"
      "  bnfold-translate --fold-onnx model.onnx -o folded.onnx\n");
  bnfold::ToolRun run{"bnfold-translate", inputFilename, outputFilename,
                      /*mlirInput=*/mode == Mode::Export};
  if (mode != Mode::Export) {
    run.maxInputBytes = bnfold::kMaxONNXModelBytes;
    run.maxInputReason = "2 GiB, which protobuf cannot parse";
  }
  return bnfold::runTool(run, translate);
}
