//===- JitHeap.cpp - the heap of the JIT-compiled models ------------------===//

#include "JitHeap.h"

#include "llvm/Support/MathExtras.h"

#include <cstdlib>
#include <cstring>

using namespace bnfold::runner;

bool MemoryBudget::reserve(uint64_t bytes) {
  if (limit != 0 && (bytes > limit || used > limit - bytes))
    return false;
  used += bytes;
  return true;
}

/// The heap the compiled code on this thread allocates from.
static thread_local JitHeap *currentHeap = nullptr;

JitHeap::JitHeap(MemoryBudget &budget) : budget(budget), previous(currentHeap) {
  currentHeap = this;
}

JitHeap::~JitHeap() {
  releaseAll();
  currentHeap = previous;
}

void JitHeap::releaseAll() {
  for (auto [pointer, size] : sizes) {
    std::free(pointer);
    budget.release(size);
  }
  sizes.clear();
}

void JitHeap::fail(uint64_t size, bool overLimit) {
  failure = {size, budget.getUsed(), overLimit};
  // Only reachable from inside `call`, which set the escape.
  std::longjmp(*escape, 1);
}

void *JitHeap::allocate(uint64_t size, uint64_t alignment, bool zeroed) {
  // malloc(0) may return null; one byte keeps every buffer distinct.
  uint64_t bytes = std::max<uint64_t>(size, 1);
  if (!budget.reserve(bytes))
    fail(size, /*overLimit=*/true);
  void *pointer = nullptr;
  if (alignment <= alignof(std::max_align_t)) {
    pointer = std::malloc(bytes);
  } else if (llvm::isPowerOf2_64(alignment)) {
    uint64_t rounded = llvm::alignTo(bytes, alignment);
    if (rounded >= bytes)
      pointer = std::aligned_alloc(alignment, rounded);
  }
  if (!pointer) {
    budget.release(bytes);
    fail(size, /*overLimit=*/false);
  }
  std::memset(pointer, zeroed ? 0 : 0xff, bytes);
  sizes[pointer] = bytes;
  return pointer;
}

void *JitHeap::reallocate(void *pointer, uint64_t size) {
  if (!pointer)
    return allocate(size, 1, /*zeroed=*/false);
  auto it = sizes.find(pointer);
  uint64_t oldSize = it == sizes.end() ? 0 : it->second;
  void *grown = allocate(size, 1, /*zeroed=*/false);
  std::memcpy(grown, pointer, std::min(oldSize, size));
  release(pointer);
  return grown;
}

bool JitHeap::release(void *pointer) {
  auto it = sizes.find(pointer);
  if (it == sizes.end())
    return false;
  std::free(pointer);
  budget.release(it->second);
  sizes.erase(it);
  return true;
}

std::optional<JitHeap::Failure> JitHeap::call(void (*function)(void **),
                                              void **arguments) {
  std::jmp_buf buffer;
  escape = &buffer;
  if (setjmp(buffer) != 0) {
    escape = nullptr;
    releaseAll();
    return failure;
  }
  function(arguments);
  escape = nullptr;
  return std::nullopt;
}

//===----------------------------------------------------------------------===//
// The symbols the compiled code links against
//===----------------------------------------------------------------------===//

static void *jitMalloc(size_t size) {
  return currentHeap->allocate(size, 1, /*zeroed=*/false);
}

static void *jitCalloc(size_t count, size_t size) {
  uint64_t bytes;
  if (__builtin_mul_overflow(uint64_t(count), uint64_t(size), &bytes))
    bytes = UINT64_MAX;
  return currentHeap->allocate(bytes, 1, /*zeroed=*/true);
}

static void *jitAlignedAlloc(size_t alignment, size_t size) {
  return currentHeap->allocate(size, alignment, /*zeroed=*/false);
}

static void *jitRealloc(void *pointer, size_t size) {
  return currentHeap->reallocate(pointer, size);
}

static void jitFree(void *pointer) {
  if (pointer)
    currentHeap->release(pointer);
}

llvm::orc::SymbolMap
JitHeap::getSymbols(llvm::orc::MangleAndInterner mangle) {
  llvm::orc::SymbolMap symbols;
  auto add = [&](const char *name, auto *function) {
    symbols[mangle(name)] = {llvm::orc::ExecutorAddr::fromPtr(function),
                             llvm::JITSymbolFlags::Exported};
  };
  add("malloc", jitMalloc);
  add("calloc", jitCalloc);
  add("aligned_alloc", jitAlignedAlloc);
  add("realloc", jitRealloc);
  add("free", jitFree);
  return symbols;
}
