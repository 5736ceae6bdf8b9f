//===- BytecodeReaderGuard.h - Contain bytecode reader crashes -*- C++ -*-===//
//
// MLIR 22's bytecode reader trusts the counts and indices in a file: one
// corrupted byte can make it abort ("LLVM ERROR: SmallVector unable to
// grow") or dereference null (BytecodeReader::Impl::defineValues, where the
// only check is an assert); another makes it loop forever. mlir-opt-22
// crashes and hangs the same way. The tools read bytecode input in a child
// process with a time limit on parsing (the tool driver's
// --bytecode-parse-timeout, bnfold/Support/ToolDriver.h), so that a
// malformed file is an error, not a crash or a hang.
//
//===----------------------------------------------------------------------===//

#ifndef BNFOLD_SUPPORT_BYTECODEREADERGUARD_H
#define BNFOLD_SUPPORT_BYTECODEREADERGUARD_H

#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringRef.h"

namespace bnfold {

/// Runs `work` in a child process (bnfold/Support/ProcessIsolation.h) and
/// returns its exit status. `work` calls its argument once the input is
/// parsed. If the child dies of a crash signal before that, or has not
/// parsed the input after `parseTimeoutSeconds` (0: no limit; the child is
/// then terminated), the input is reported (`<inputName>: error: ...`) and
/// 1 is returned: as `not a valid MLIR bytecode file`, unless
/// `reportIfInputChanged` reports that the file changed while being read,
/// or the reader ran out of stack (a valid file can nest too deeply for
/// it). A crash after parsing is not the file's fault and is re-raised, so
/// that it stays a crash for users and tests; so is a signal from outside.
/// A child that runs out of memory has said so itself
/// (bnfold/Support/ToolErrorHandlers.h): 1. Output files are `work`'s
/// business (bnfold::writeOutputFile). Forks: call it before any thread is
/// started. If no child can be started, runs `work` directly.
int runGuardingBytecodeReader(
    llvm::StringRef inputName, unsigned parseTimeoutSeconds,
    llvm::function_ref<int(llvm::function_ref<void()> parsed)> work,
    llvm::function_ref<bool()> reportIfInputChanged = nullptr);

} // namespace bnfold

#endif // BNFOLD_SUPPORT_BYTECODEREADERGUARD_H
