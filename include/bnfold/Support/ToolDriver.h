//===- ToolDriver.h - What every bnfold tool does around its work -*- C++ -*-===//
//
// bnfold-opt and bnfold-translate read one input and write one output, and
// promise the same about both (docs/hardening.md): hostile input is an
// error, never a crash or a hang; output is all or nothing. runTool is that
// promise in one place, so that a tool's main is its registration, its
// options and its work:
//
//   1. open the input (bnfold/Support/InputFile.h);
//   2. MLIR text: screen it for what MLIR's parser must not be handed
//      (bnfold/Support/InputScreen.h);
//      MLIR bytecode: run everything in an isolated child whose guarded
//      phase is the bytecode reader (bnfold/Support/BytecodeReaderGuard.h);
//   3. give a mapped input's pages back to the kernel during the run;
//   4. run the work into the output file, all or nothing
//      (bnfold/Support/OutputFile.h), failing it if the input changed while
//      being read.
//
// Out of memory and LLVM's fatal errors are errors too: see
// bnfold/Support/ToolErrorHandlers.h, which main installs first.
//
//===----------------------------------------------------------------------===//

#ifndef BNFOLD_SUPPORT_TOOLDRIVER_H
#define BNFOLD_SUPPORT_TOOLDRIVER_H

#include "bnfold/Support/InputFile.h"

#include "mlir/Support/LLVM.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdint>

namespace bnfold {

/// Registers the options runTool reads; call before parsing the command
/// line:
///  - `--bytecode-parse-timeout=<seconds>`: the limit on parsing bytecode
///    (MLIR's reader loops forever on some corrupted files); 0: none;
///  - `--max-nesting-depth=<levels>` (bnfold/Support/InputScreen.h);
///  - `--release-input-pages` (on by default; InputFile::startReleasingPages).
void registerToolDriverCLOptions();

/// `--bytecode-parse-timeout` if given, else 10 s plus 1 s per 8 MiB of
/// input: hundreds of times what a valid file takes (116M parameters,
/// 441 MiB, parse in under 1 s).
unsigned getBytecodeParseTimeout(uint64_t inputBytes);

/// `--max-nesting-depth` if given, else kDefaultMaxNestingDepth.
unsigned getMaxNestingDepth();

struct ToolRun {
  /// A string literal: it prefixes the tool's own messages.
  const char *toolName;
  llvm::StringRef inputPath;
  llvm::StringRef outputPath;
  /// Whether the input is MLIR (text or bytecode), to be screened and, as
  /// bytecode, read in an isolated child.
  bool mlirInput = true;
  /// The largest input the tool accepts (0: no limit), and why, completing
  /// `<input>: error: the file is larger than <maxInputReason>`.
  uint64_t maxInputBytes = 0;
  const char *maxInputReason = "";
};

/// The work of a tool: reads `input`, writes `os`, and calls `parsed` once
/// the input is parsed (for bytecode, that ends the reader's guarded
/// phase).
using ToolWork = llvm::function_ref<llvm::LogicalResult(
    InputFile &input, llvm::raw_ostream &os,
    llvm::function_ref<void()> parsed)>;

/// Runs `work` as the steps above; returns the exit status.
int runTool(const ToolRun &run, ToolWork work);

} // namespace bnfold

#endif // BNFOLD_SUPPORT_TOOLDRIVER_H
