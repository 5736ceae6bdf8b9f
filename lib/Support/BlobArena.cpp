//===- BlobArena.cpp - memory for large resource blobs made at run time ---===//

#include "bnfold/Support/BlobArena.h"

#include "mlir/IR/AsmState.h"
#include "llvm/Support/MathExtras.h"
#include <algorithm>
#include <atomic>
#include <mutex>
#ifdef __linux__
#include <sys/mman.h>
#endif

using namespace mlir;

namespace {

/// See BlobArena.h.
class HugePageBlobArena {
public:
  /// Blobs below this size are ordinary heap blobs.
  static constexpr size_t kMinBlobSize = size_t(64) << 10;

  static HugePageBlobArena &get() {
    // Never destroyed: blobs may outlive static destructors.
    static HugePageBlobArena *arena = new HugePageBlobArena;
    return *arena;
  }

  AsmResourceBlob allocate(size_t numBytes, size_t alignment) {
#ifdef __linux__
    if (numBytes >= kMinBlobSize && alignment <= kBlobAlignment) {
      std::lock_guard<std::mutex> lock(mutex);
      size_t padded = llvm::alignTo(numBytes, kBlobAlignment);
      if (!current || current->size - used < padded) {
        if (current)
          release(current);
        current = Chunk::map(std::max(kChunkSize, llvm::alignTo(padded, kHugePage)));
        used = 0;
      }
      if (current) {
        char *data = current->base + used;
        used += padded;
        current->refs.fetch_add(1, std::memory_order_relaxed);
        return AsmResourceBlob(
            ArrayRef<char>(data, numBytes), alignment,
            [chunk = current](void *, size_t, size_t) { release(chunk); },
            /*dataIsMutable=*/true);
      }
    }
#endif
    return HeapAsmResourceBlob::allocate(numBytes, alignment);
  }

private:
  static constexpr size_t kHugePage = size_t(2) << 20;
  static constexpr size_t kChunkSize = size_t(64) << 20;
  static constexpr size_t kBlobAlignment = 64;

  struct Chunk {
    char *base;
    size_t size;
    /// One per live blob, plus one while the arena carves from it.
    std::atomic<size_t> refs{1};

    static Chunk *map(size_t size) {
#ifdef __linux__
      // Reserve one extra huge page to align the chunk to 2 MiB.
      size_t reserved = size + kHugePage;
      void *mapping = mmap(nullptr, reserved, PROT_READ | PROT_WRITE,
                           MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
      if (mapping == MAP_FAILED)
        return nullptr;
      char *begin = static_cast<char *>(mapping);
      char *base = reinterpret_cast<char *>(
          llvm::alignTo(reinterpret_cast<uintptr_t>(begin), kHugePage));
      if (base != begin)
        munmap(begin, base - begin);
      if (size_t tail = reserved - size - (base - begin))
        munmap(base + size, tail);
      // Advice only: without huge pages the chunk still works.
      (void)madvise(base, size, MADV_HUGEPAGE);
      auto *chunk = new Chunk;
      chunk->base = base;
      chunk->size = size;
      return chunk;
#else
      return nullptr;
#endif
    }
  };

  static void release(Chunk *chunk) {
    if (chunk->refs.fetch_sub(1, std::memory_order_acq_rel) != 1)
      return;
#ifdef __linux__
    munmap(chunk->base, chunk->size);
#endif
    delete chunk;
  }

  std::mutex mutex;
  Chunk *current = nullptr;
  size_t used = 0;
};

} // namespace

AsmResourceBlob bnfold::allocateLargeBlob(size_t numBytes, size_t alignment) {
  return HugePageBlobArena::get().allocate(numBytes, alignment);
}
