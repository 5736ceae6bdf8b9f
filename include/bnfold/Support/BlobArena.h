//===- BlobArena.h - memory for large resource blobs made at run time -*- C++ -*-===//
//
// Resource blobs that a program creates (folded weights) are as large as a
// model's weights. Given one malloc each, the blobs of a big model are fresh
// mappings faulted in 4 KiB at a time, and on the 116M-parameter benchmark
// those page faults, not the arithmetic, were most of the fold's cost.
// allocateLargeBlob carves them from 64 MiB chunks advised to use
// transparent huge pages (2 MiB faults); a chunk is unmapped when its last
// blob is freed. Thread-safe.
//
//===----------------------------------------------------------------------===//

#ifndef BNFOLD_SUPPORT_BLOBARENA_H
#define BNFOLD_SUPPORT_BLOBARENA_H

#include "mlir/IR/AsmState.h"
#include <cstddef>

namespace bnfold {

/// A mutable blob of `numBytes` bytes (uninitialized) aligned to
/// `alignment`. Blobs of 64 KiB or more come from the huge-page arena
/// (Linux), smaller ones from the heap.
mlir::AsmResourceBlob allocateLargeBlob(size_t numBytes, size_t alignment);

} // namespace bnfold

#endif // BNFOLD_SUPPORT_BLOBARENA_H
