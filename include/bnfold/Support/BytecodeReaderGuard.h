//===- BytecodeReaderGuard.h - Contain bytecode reader crashes -*- C++ -*-===//
//
// MLIR 22's bytecode reader trusts the counts and indices in a file: one
// corrupted byte can make it abort ("LLVM ERROR: SmallVector unable to
// grow") or dereference null (BytecodeReader::Impl::defineValues, where the
// only check is an assert); mlir-opt-22 crashes the same way. The tools
// read bytecode input in a child process, so that a malformed file is an
// error, not a crash.
//
//===----------------------------------------------------------------------===//

#ifndef BNFOLD_SUPPORT_BYTECODEREADERGUARD_H
#define BNFOLD_SUPPORT_BYTECODEREADERGUARD_H

#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringRef.h"

namespace bnfold {

/// Runs `work` in a child process and returns its exit status. `work` calls
/// its argument once the input is parsed. If the child dies of a signal
/// before that, the input is reported as malformed (`<inputName>: error:
/// ...`) and 1 is returned; a crash after parsing is not the file's fault
/// and is re-raised, so that it stays a crash for users and tests. Output
/// files are `work`'s business (bnfold::writeOutputFile removes its
/// temporary file when the child crashes). Forks: call it before any
/// thread is started. Where fork is not available, runs `work` directly.
int runGuardingBytecodeReader(
    llvm::StringRef inputName,
    llvm::function_ref<int(llvm::function_ref<void()> parsed)> work);

} // namespace bnfold

#endif // BNFOLD_SUPPORT_BYTECODEREADERGUARD_H
