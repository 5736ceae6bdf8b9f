//===- ResourceBlobCheck.h - reject inputs MLIR's parser aborts on -*- C++ -*-===//
//
// MLIR 22.1.8's text parser checks the 4-byte alignment header of a
// dense_resource blob with `(align & (align - 1)) == 0`, which accepts 0, and
// then aborts in the allocator ("LLVM ERROR: out of memory") instead of
// emitting "non-power-of-2 value: 0" as later MLIR does. bnfold-opt and the
// fuzzer scan their text input for such blobs first, so this hostile input
// gets a diagnostic instead of a crash. Found by bnfold-fuzz.
//
//===----------------------------------------------------------------------===//

#ifndef BNFOLD_SUPPORT_RESOURCEBLOBCHECK_H
#define BNFOLD_SUPPORT_RESOURCEBLOBCHECK_H

#include "llvm/ADT/StringRef.h"
#include <optional>

namespace bnfold {

/// The offset in `text` of the first hex blob in a `{-# ... #-}` file
/// metadata section whose alignment header is 0, or std::nullopt. Bytecode
/// input is skipped (its reader validates alignments itself).
inline std::optional<size_t> findZeroAlignedResourceBlob(llvm::StringRef text) {
  if (text.starts_with("ML\xEFR"))
    return std::nullopt;
  size_t pos = 0;
  while ((pos = text.find("{-#", pos)) != llvm::StringRef::npos) {
    size_t end = text.find("#-}", pos);
    if (end == llvm::StringRef::npos)
      end = text.size();
    for (size_t q = text.find("\"0x", pos); q < end;
         q = text.find("\"0x", q + 3))
      if (text.substr(q + 3, 8) == "00000000")
        return q;
    pos = end;
  }
  return std::nullopt;
}

} // namespace bnfold

#endif // BNFOLD_SUPPORT_RESOURCEBLOBCHECK_H
