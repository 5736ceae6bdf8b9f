//===- TranslateRegistration.h - bnfold's ONNX translations -----*- C++ -*-===//
//
// The translations bnfold-translate offers, each an ONNX serialization
// (bnfold/Target/ONNX/ONNXTranslation.h) combined with passes:
//
//   --import-onnx  ONNX model -> MLIR: importONNX, then convert-onnx-to-nn
//   --export-onnx  MLIR -> ONNX model: convert-nn-to-onnx, then exportONNX
//   --fold-onnx    ONNX model -> ONNX model: import, convert-onnx-to-nn,
//                  fold-batchnorm{runtime-parameters=false} (and
//                  clone-on-multi-use with --clone-on-multi-use),
//                  convert-nn-to-onnx, export, in one process (no text in
//                  between), with the fold report on stderr
//
// The functions below are these translations; registerONNXTranslations
// registers them with MLIR's translation registry, as upstream targets do,
// so that an mlir-translate-style driver (mlirTranslateMain) offers them.
// bnfold-translate calls the functions itself: its input handling
// (bnfold/Support/ToolDriver.h: the size limit, the bytecode guard, the
// ONNX bytes released once imported) is more than a SourceMgr can carry.
//
//===----------------------------------------------------------------------===//

#ifndef BNFOLD_TARGET_ONNX_TRANSLATEREGISTRATION_H
#define BNFOLD_TARGET_ONNX_TRANSLATEREGISTRATION_H

#include "bnfold/Target/ONNX/ONNXTranslation.h"

#include <string>

namespace bnfold {

struct ONNXTranslationOptions {
  ONNXImportOptions importOptions;
  ONNXExportOptions exportOptions;
  /// --import-onnx: raise the nodes nn ops can hold (convert-onnx-to-nn);
  /// false keeps every node an nn.onnx_op.
  bool raise = true;
  /// --fold-onnx: the fold report, a remark per BatchNormalization node
  /// (folded into what, or why not) and the counts.
  bool report = true;
  /// --fold-onnx: fold-batchnorm's clone-on-multi-use (a batch norm whose
  /// layer has other users folds into a copy of the layer).
  bool cloneOnMultiUse = false;
  /// --fold-onnx: a batch norm left in the model is an error (the fold
  /// fails, and nothing is written).
  bool requireAll = false;
  /// --fold-onnx: write the fold's records to this file as JSON, one per
  /// batch norm and elementwise step (bnfold/Support/FoldRecords.h), also
  /// when require-all fails. It replaces the context's remark engine.
  std::string reportFile;
};

/// --import-onnx: importONNX, then (if options.raise) convert-onnx-to-nn.
mlir::OwningOpRef<mlir::ModuleOp>
importONNXToNN(llvm::StringRef bytes, llvm::StringRef fileName,
               mlir::MLIRContext *context,
               const ONNXTranslationOptions &options);

/// --export-onnx: convert-nn-to-onnx (in place), then exportONNX.
mlir::LogicalResult exportNNToONNX(mlir::ModuleOp module, std::string &out,
                                   const ONNXExportOptions &options);
mlir::LogicalResult exportNNToONNX(mlir::ModuleOp module, llvm::raw_ostream &os,
                                   const ONNXExportOptions &options);

/// --fold-onnx after the import: `module` as importONNX made it is raised,
/// folded, lowered and serialized to `out`. The fold report goes to the
/// context's diagnostics as remarks.
mlir::LogicalResult foldImportedONNX(mlir::ModuleOp module, std::string &out,
                                     const ONNXTranslationOptions &options);
/// The same, written to `os` as it is serialized (exportONNX).
mlir::LogicalResult foldImportedONNX(mlir::ModuleOp module,
                                     llvm::raw_ostream &os,
                                     const ONNXTranslationOptions &options);

/// --fold-onnx: importONNX, then foldImportedONNX.
mlir::LogicalResult foldONNX(llvm::StringRef bytes, llvm::StringRef fileName,
                             mlir::MLIRContext *context, std::string &out,
                             const ONNXTranslationOptions &options);

/// Registers the translations' command-line options (idempotent):
/// `--shape-inference-timeout=<seconds>` (import, fold), `--raise-onnx`
/// (import), `--max-splat-bytes=<bytes>` (export, fold), `--quiet` (fold:
/// no report), `--clone-on-multi-use`, `--require-all`, `--report=<file>`
/// (fold).
void registerONNXTranslationCLOptions();

/// The options as the command line set them (registerONNXTranslationCLOptions
/// first).
ONNXTranslationOptions getONNXTranslationOptionsFromCL();

/// Registers import-onnx, export-onnx and fold-onnx with MLIR's translation
/// registry, and their options.
void registerONNXTranslations();

} // namespace bnfold

#endif // BNFOLD_TARGET_ONNX_TRANSLATEREGISTRATION_H
