//===- JitHeap.h - the heap of the JIT-compiled models ----------*- C++ -*-===//
//
// The compiled code's malloc, calloc, realloc, aligned_alloc and free
// resolve to this heap (the runner registers them as JIT symbols), so that
// - every buffer counts against the memory limit, together with the inputs;
// - a buffer starts as all-ones bytes (NaN in every float format) unless
//   calloc'ed, so that code reading memory it never wrote gives NaN on every
//   run instead of whatever the allocator returns;
// - an allocation that fails or exceeds the limit returns to the runner with
//   an error (a longjmp out of the compiled code, which has no destructors to
//   run) instead of the compiled code writing through a null pointer.
//
//===----------------------------------------------------------------------===//

#ifndef BNFOLD_LIB_RUNNER_JITHEAP_H
#define BNFOLD_LIB_RUNNER_JITHEAP_H

#include "llvm/ADT/DenseMap.h"
#include "llvm/ExecutionEngine/Orc/Core.h"
#include "llvm/ExecutionEngine/Orc/Mangling.h"

#include <csetjmp>
#include <cstddef>
#include <cstdint>
#include <optional>

namespace bnfold::runner {

/// Bytes in use against an optional limit, shared by the inputs and the
/// compiled code.
class MemoryBudget {
public:
  explicit MemoryBudget(uint64_t limit) : limit(limit) {}
  /// Takes `bytes`; false (and nothing taken) when that would exceed the
  /// limit.
  bool reserve(uint64_t bytes);
  void release(uint64_t bytes) { used -= bytes; }
  uint64_t getLimit() const { return limit; }
  uint64_t getUsed() const { return used; }

private:
  uint64_t limit; // 0: none
  uint64_t used = 0;
};

class JitHeap {
public:
  /// Makes this heap the one the compiled code allocates from (on this
  /// thread) until it is destroyed, which frees what is left.
  explicit JitHeap(MemoryBudget &budget);
  ~JitHeap();
  JitHeap(const JitHeap &) = delete;
  JitHeap &operator=(const JitHeap &) = delete;

  /// The allocation functions, for ExecutionEngine::registerSymbols.
  static llvm::orc::SymbolMap getSymbols(llvm::orc::MangleAndInterner mangle);

  /// Why an allocation of the last `call` failed.
  struct Failure {
    uint64_t requestedBytes;
    uint64_t usedBytes; // in use at that moment
    bool overLimit;     // else the system allocator failed
  };

  /// Calls `function(arguments)`. When an allocation of the compiled code
  /// fails, returns the failure, having freed every buffer of this heap.
  std::optional<Failure> call(void (*function)(void **), void **arguments);

  /// Frees a buffer the compiled code returned; false for a pointer that is
  /// not one of this heap's (an input returned as it is, a constant global,
  /// a buffer already freed for another result).
  bool release(void *pointer);

  // The functions the compiled code calls.
  void *allocate(uint64_t size, uint64_t alignment, bool zeroed);
  void *reallocate(void *pointer, uint64_t size);

private:
  [[noreturn]] void fail(uint64_t size, bool overLimit);
  void releaseAll();

  MemoryBudget &budget;
  llvm::DenseMap<void *, uint64_t> sizes;
  JitHeap *previous;
  std::jmp_buf *escape = nullptr;
  Failure failure{0, 0, false};
};

} // namespace bnfold::runner

#endif // BNFOLD_LIB_RUNNER_JITHEAP_H
