//===- TranslateRegistration.cpp - bnfold's ONNX translations -------------===//

#include "bnfold/Target/ONNX/TranslateRegistration.h"

#include "bnfold/Conversion/ONNX/ONNXConversion.h"
#include "bnfold/Conversion/Passes.h"
#include "bnfold/Dialect/NN/IR/NNDialect.h"
#include "bnfold/Dialect/NN/IR/NNOps.h"
#include "bnfold/Support/FoldRecords.h"
#include "bnfold/Support/OutputFile.h"
#include "bnfold/Support/ToolCommandLine.h"
#include "bnfold/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinDialect.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/Remarks.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Tools/mlir-translate/Translation.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/ScopeExit.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/ManagedStatic.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"

using namespace mlir;
using namespace bnfold;

OwningOpRef<ModuleOp> bnfold::importONNXToNN(StringRef bytes,
                                             StringRef fileName,
                                             MLIRContext *context,
                                             const ONNXTranslationOptions &options) {
  OwningOpRef<ModuleOp> module =
      importONNX(bytes, fileName, context, options.importOptions);
  if (!module || !options.raise)
    return module;
  PassManager pm(context);
  pm.addPass(createConvertONNXToNN());
  if (failed(pm.run(*module)))
    return nullptr;
  return module;
}

LogicalResult bnfold::exportNNToONNX(ModuleOp module, raw_ostream &os,
                                     const ONNXExportOptions &options) {
  PassManager pm(module.getContext());
  pm.addPass(createConvertNNToONNX());
  if (failed(pm.run(module)))
    return failure();
  return exportONNX(module, os, options);
}

LogicalResult bnfold::exportNNToONNX(ModuleOp module, std::string &out,
                                     const ONNXExportOptions &options) {
  llvm::raw_string_ostream os(out);
  return exportNNToONNX(module, os, options);
}

/// The resource blobs the module's dense_resource constants hold.
static llvm::DenseSet<DialectResourceBlobManager::BlobEntry *>
getUsedBlobs(ModuleOp module) {
  llvm::DenseSet<DialectResourceBlobManager::BlobEntry *> used;
  module.walk([&](arith::ConstantOp c) {
    if (auto r = dyn_cast<DenseResourceElementsAttr>(c.getValue()))
      if (auto *entry = r.getRawHandle().getResource())
        used.insert(entry);
  });
  return used;
}

/// BatchNormalization nodes still carried by nn.onnx_op.
static unsigned countCarriedBatchNorms(ModuleOp module) {
  unsigned count = 0;
  module.walk([&](nn::OnnxOp op) {
    count += isONNXOperator(op, "BatchNormalization");
  });
  return count;
}

/// The model file an imported module is located in.
static StringRef modelFileOf(ModuleOp module) {
  if (auto file = module.getLoc()->findInstanceOf<FileLineColLoc>())
    return file.getFilename().getValue();
  return "";
}

LogicalResult bnfold::foldImportedONNX(ModuleOp module, raw_ostream &os,
                                       const ONNXTranslationOptions &options) {
  MLIRContext *context = module.getContext();
  unsigned batchNorms = countCarriedBatchNorms(module);
  llvm::DenseSet<DialectResourceBlobManager::BlobEntry *> blobsBefore =
      getUsedBlobs(module);

  std::vector<FoldRecord> records;
  if (!options.reportFile.empty() &&
      failed(collectFoldRecords(*context, records)))
    return module.emitError("cannot collect the fold's records for ")
           << options.reportFile;
  // The engine writes into `records`: it must not outlive them (a library
  // caller's context lives on).
  llvm::scope_exit dropRecordCollector([&] {
    if (!options.reportFile.empty())
      context->setRemarkEngine(nullptr);
  });

  PassManager fold(context);
  ConvertONNXToNNOptions raiseOptions;
  // A BatchNormalization that stays nn.onnx_op is reported with the reason,
  // so that every batch norm of the model is accounted for.
  raiseOptions.reportBatchNorms = options.report;
  fold.addPass(createConvertONNXToNN(raiseOptions));
  FoldBatchNormOptions foldOptions;
  foldOptions.report = options.report;
  // Folded parameters computed at run time (nn.bn_fold_*) have no ONNX
  // form: a batch norm whose parameters are not constants stays.
  foldOptions.runtimeParameters = false;
  // ONNX Pad and Conv pad with one value: a forward fold into a padded
  // convolution that needs a value per channel is refused, with the reason.
  foldOptions.perChannelPadding = false;
  foldOptions.cloneOnMultiUse = options.cloneOnMultiUse;
  foldOptions.requireAll = options.requireAll;
  fold.addNestedPass<func::FuncOp>(createFoldBatchNorm(foldOptions));
  LogicalResult folded = fold.run(module);

  // The fold pass counts the nn.batch_norm ops; the model has the carried
  // ones too.
  unsigned carried = countCarriedBatchNorms(module);
  if (carried > 0) {
    unsigned left = 0;
    module.walk([&](nn::BatchNormOp) { ++left; });
    std::string summary = llvm::formatv(
        "folded {0} of {1} BatchNormalization nodes ({2} imported as "
        "'nn.onnx_op')",
        batchNorms - carried - left, batchNorms, carried);
    if (options.report)
      emitRemark(module.getLoc()) << summary;
    sendFoldRecordToRemarkEngine(module.getLoc(), FoldRecordKind::Summary,
                                 "", "", summary);
  }
  if (options.requireAll)
    module.walk([&](nn::OnnxOp op) {
      if (isONNXOperator(op, "BatchNormalization")) {
        op.emitError("not folded: imported as 'nn.onnx_op' (require-all); "
                     "the fold report gives the reason");
        folded = failure();
      }
    });
  // The report says why the run failed, too (require-all).
  if (!options.reportFile.empty() &&
      failed(writeOutputFile("bnfold-translate", options.reportFile,
                             [&](raw_ostream &reportOS) {
                               writeFoldReportJSON(reportOS,
                                                   modelFileOf(module),
                                                   records);
                               return success();
                             })))
    return failure();
  if (failed(folded))
    return failure();

  // The weights the fold replaced stay in the context's resource blobs
  // until the context dies; release them, so that a large model does not
  // hold its weights twice during export.
  llvm::DenseSet<DialectResourceBlobManager::BlobEntry *> blobsAfter =
      getUsedBlobs(module);
  for (DialectResourceBlobManager::BlobEntry *entry : blobsBefore)
    if (!blobsAfter.contains(entry))
      entry->setBlob(AsmResourceBlob());
  return exportNNToONNX(module, os, options.exportOptions);
}

LogicalResult bnfold::foldImportedONNX(ModuleOp module, std::string &out,
                                       const ONNXTranslationOptions &options) {
  llvm::raw_string_ostream os(out);
  return foldImportedONNX(module, os, options);
}

LogicalResult bnfold::foldONNX(StringRef bytes, StringRef fileName,
                               MLIRContext *context, std::string &out,
                               const ONNXTranslationOptions &options) {
  OwningOpRef<ModuleOp> module =
      importONNX(bytes, fileName, context, options.importOptions);
  if (!module)
    return failure();
  return foldImportedONNX(*module, out, options);
}

namespace {
/// The translations' command-line options.
struct ONNXTranslationCLOptions {
  llvm::cl::opt<unsigned> shapeInferenceTimeout{
      "shape-inference-timeout",
      llvm::cl::desc("--import-onnx, --fold-onnx: give up on a model whose "
                     "ONNX checking and shape inference take longer than "
                     "this; 0: no limit (default: 10 plus 1 per 8 MiB of "
                     "model)"),
      llvm::cl::value_desc("seconds"), llvm::cl::cat(getToolOptionCategory())};
  llvm::cl::opt<bool> raise{
      "raise-onnx",
      llvm::cl::desc("--import-onnx: raise the nodes nn ops can hold "
                     "(convert-onnx-to-nn); with false, every node stays "
                     "nn.onnx_op"),
      llvm::cl::init(true), llvm::cl::cat(getToolOptionCategory())};
  llvm::cl::opt<uint64_t> maxSplatBytes{
      "max-splat-bytes",
      llvm::cl::desc("--export-onnx, --fold-onnx: the most bytes the splat "
                     "constants of a model may expand to (ONNX has no splat "
                     "tensors)"),
      llvm::cl::value_desc("bytes"),
      llvm::cl::init(kDefaultMaxSplatExportBytes),
      llvm::cl::cat(getToolOptionCategory())};
  llvm::cl::opt<uint64_t> maxModelBytes{
      "max-model-bytes",
      llvm::cl::desc("--export-onnx, --fold-onnx: the largest model file "
                     "written with all its tensors inside; a larger one "
                     "keeps its tensors in <output>.data beside it "
                     "(default and most: 2 GiB - 1, protobuf's limit)"),
      llvm::cl::value_desc("bytes"), llvm::cl::init(kMaxONNXModelBytes),
      llvm::cl::cat(getToolOptionCategory())};
  llvm::cl::opt<bool> quiet{
      "quiet", llvm::cl::desc("--fold-onnx: no per-batch-norm remarks"),
      llvm::cl::init(false), llvm::cl::cat(getToolOptionCategory())};
  llvm::cl::opt<bool> cloneOnMultiUse{
      "clone-on-multi-use",
      llvm::cl::desc("--fold-onnx: fold a batch norm whose layer's output "
                     "has other users into a copy of the layer (the report "
                     "says what the copy adds in weight bytes)"),
      llvm::cl::init(false), llvm::cl::cat(getToolOptionCategory())};

  llvm::cl::opt<bool> requireAll{
      "require-all",
      llvm::cl::desc("--fold-onnx: a batch norm left in the model is an "
                     "error ('not folded: <reason>'): exit status 1, no "
                     "output"),
      llvm::cl::init(false), llvm::cl::cat(getToolOptionCategory())};
  llvm::cl::opt<std::string> report{
      "report",
      llvm::cl::desc("--fold-onnx: write the fold report as JSON to this "
                     "file: one record per batch norm and elementwise step "
                     "(node, op, folded into what or why not) and the "
                     "counts; written also when --require-all fails"),
      llvm::cl::value_desc("file.json"), llvm::cl::init(""),
      llvm::cl::cat(getToolOptionCategory())};

  ONNXTranslationOptions get() const {
    ONNXTranslationOptions options;
    if (shapeInferenceTimeout.getNumOccurrences())
      options.importOptions.shapeInferenceTimeout = shapeInferenceTimeout;
    options.exportOptions.maxSplatBytes = maxSplatBytes;
    options.exportOptions.maxModelBytes = maxModelBytes;
    options.raise = raise;
    options.report = !quiet;
    options.cloneOnMultiUse = cloneOnMultiUse;
    options.requireAll = requireAll;
    options.reportFile = report;
    return options;
  }
};
} // namespace

static llvm::ManagedStatic<ONNXTranslationCLOptions> clOptions;

static void registerONNXDialects(DialectRegistry &registry) {
  registry.insert<nn::NNDialect, arith::ArithDialect, func::FuncDialect>();
}

void bnfold::registerONNXTranslationCLOptions() { *clOptions; }

ONNXTranslationOptions bnfold::getONNXTranslationOptionsFromCL() {
  return clOptions->get();
}

void bnfold::registerONNXTranslations() {
  registerONNXTranslationCLOptions();
  TranslateToMLIRRegistration importRegistration(
      "import-onnx", "ONNX model -> nn MLIR",
      [](llvm::SourceMgr &sourceMgr,
         MLIRContext *context) -> OwningOpRef<Operation *> {
        const llvm::MemoryBuffer *input =
            sourceMgr.getMemoryBuffer(sourceMgr.getMainFileID());
        return importONNXToNN(input->getBuffer(),
                              input->getBufferIdentifier(), context,
                              clOptions->get());
      },
      registerONNXDialects);

  TranslateFromMLIRRegistration exportRegistration(
      "export-onnx", "nn MLIR -> ONNX model",
      [](ModuleOp module, raw_ostream &output) -> LogicalResult {
        return exportNNToONNX(module, output, clOptions->get().exportOptions);
      },
      registerONNXDialects);

  TranslateRegistration foldRegistration(
      "fold-onnx",
      "ONNX model -> ONNX model with batch norms folded (report on stderr)",
      [](const std::shared_ptr<llvm::SourceMgr> &sourceMgr,
         raw_ostream &output, MLIRContext *context) -> LogicalResult {
        DialectRegistry registry;
        registerONNXDialects(registry);
        context->appendDialectRegistry(registry);
        const llvm::MemoryBuffer *input =
            sourceMgr->getMemoryBuffer(sourceMgr->getMainFileID());
        std::string bytes;
        if (failed(foldONNX(input->getBuffer(), input->getBufferIdentifier(),
                            context, bytes, clOptions->get())))
          return failure();
        output.write(bytes.data(), bytes.size());
        return success();
      });
}
