//===- bnfold-translate.cpp - ONNX <-> nn MLIR, and ONNX folding ----------===//
//
//   bnfold-translate --import-onnx model.onnx -o model.mlir
//   bnfold-translate --export-onnx model.mlir -o model.onnx
//   bnfold-translate --fold-onnx model.onnx -o folded.onnx   (import, fold
//       batch norms with a report on stderr, export; no text in between)
//
// The translations are bnfold/Target/ONNX/TranslateRegistration.h's; they
// run inside bnfold's tool driver (bnfold/Support/ToolDriver.h):
// all-or-nothing output, MLIR input screened and, as bytecode, read in an
// isolated child.
//
//===----------------------------------------------------------------------===//

#include "bnfold/Dialect/NN/IR/NNDialect.h"
#include "bnfold/Support/InputScreen.h"
#include "bnfold/Support/NodeDiagnostics.h"
#include "bnfold/Support/OutputFile.h"
#include "bnfold/Support/ToolCommandLine.h"
#include "bnfold/Support/ToolDriver.h"
#include "bnfold/Support/ToolErrorHandlers.h"
#include "bnfold/Target/ONNX/TranslateRegistration.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/AsmState.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Location.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
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
    cl::desc("Translation:"), cl::Required, cl::cat(bnfold::getToolOptionCategory()),
    cl::values(clEnumValN(Mode::Import, "import-onnx", "ONNX model -> nn MLIR"),
               clEnumValN(Mode::Export, "export-onnx", "nn MLIR -> ONNX model"),
               clEnumValN(Mode::Fold, "fold-onnx",
                          "ONNX model -> ONNX model with batch norms folded "
                          "(report on stderr)")));
static cl::opt<std::string>
    inputFilename(cl::Positional, cl::desc("<input file>"), cl::init("-"),
                  cl::cat(bnfold::getToolOptionCategory()));
static cl::opt<std::string> outputFilename(
    "o", cl::desc("Output file"), cl::value_desc("filename"), cl::init("-"),
    cl::cat(bnfold::getToolOptionCategory()));
/// The MLIR module of --export-onnx's input.
static OwningOpRef<ModuleOp> parseInput(bnfold::InputFile &input,
                                        MLIRContext &context,
                                        SourceMgr &sourceMgr,
                                        llvm::function_ref<void()> parsed) {
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

static LogicalResult translate(bnfold::InputFile &input, raw_ostream &os,
                               llvm::function_ref<void()> parsed) {
  DialectRegistry registry;
  registry.insert<bnfold::nn::NNDialect, arith::ArithDialect,
                  func::FuncDialect>();
  MLIRContext context(registry);
  context.loadAllAvailableDialects();
  // Diagnostics name the ONNX node; a dump of the op adds nothing for users.
  context.printOpOnDiagnostic(false);
  // Imported ops are located by ONNX node name, for which MLIR would print
  // "<unknown>:0"; this prints `<model file>: <severity>: node "<name>": `.
  bnfold::registerNodeDiagnosticPrinter(context, input.getName(),
                                        bnfold::NodeDiagnosticScope::All);
  bnfold::ONNXTranslationOptions options =
      bnfold::getONNXTranslationOptionsFromCL();
  // A model with external data: its data file beside the output, written
  // all or nothing just before the model, and only from an input that did
  // not change while being read.
  if (outputFilename != "-")
    options.exportOptions.outputPath = outputFilename;
  options.exportOptions.writeExternalData =
      [&](StringRef path, StringRef bytes) -> LogicalResult {
    if (input.reportIfChanged())
      return failure();
    return bnfold::writeOutputFile("bnfold-translate", path,
                                   [&](raw_ostream &dataOS) {
                                     dataOS.write(bytes.data(), bytes.size());
                                     return success();
                                   });
  };
  switch (mode) {
  case Mode::Import: {
    OwningOpRef<ModuleOp> module =
        bnfold::importONNXToNN(input.getBuffer().getBuffer(), input.getName(),
                               &context, options);
    if (!module)
      return failure();
    input.releaseBuffer(); // the weights now live in the module's blobs
    // Locations carry the ONNX node names through bnfold-opt and back.
    OpPrintingFlags flags;
    flags.enableDebugInfo(/*enable=*/true, /*prettyForm=*/false);
    module->print(os, flags);
    os << "\n";
    return success();
  }
  case Mode::Export: {
    SourceMgr sourceMgr;
    OwningOpRef<ModuleOp> module =
        parseInput(input, context, sourceMgr, parsed);
    if (!module)
      return failure();
    return bnfold::exportNNToONNX(*module, os, options.exportOptions);
  }
  case Mode::Fold: {
    OwningOpRef<ModuleOp> module =
        bnfold::importONNX(input.getBuffer().getBuffer(), input.getName(),
                           &context, options.importOptions);
    if (!module)
      return failure();
    input.releaseBuffer(); // the weights now live in the module's blobs
    return bnfold::foldImportedONNX(*module, os, options);
  }
  }
  llvm_unreachable("every mode returns");
}

int main(int argc, char **argv) {
  InitLLVM y(argc, argv);
  bnfold::installToolErrorHandlers("bnfold-translate");
  bnfold::setUpToolCommandLine("bnfold-translate");
  registerAsmPrinterCLOptions();
  registerMLIRContextCLOptions();
  bnfold::registerToolDriverCLOptions();
  bnfold::registerONNXTranslationCLOptions();
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
  int status = bnfold::runTool(run, translate);
#if !LLVM_ADDRESS_SANITIZER_BUILD
  // The output is complete: exit without running the static destructors
  // (libonnx's schema registry alone is a tenth of a small model's run);
  // the kernel takes the memory back at once. Sanitizer builds exit
  // normally, for the leak check.
  outs().flush();
  errs().flush();
  sys::Process::Exit(status, /*NoCleanup=*/true);
#endif
  return status;
}
