//===- InputScreen.h - What MLIR must not be handed -------------*- C++ -*-===//
//
// MLIR 22's parser, printer and walkers recurse once per level of nesting,
// on the thread's stack: text nested a few thousand levels deep (5,000
// nested modules, a 10,000-deep array attribute, 20-55 KB files) exhausts
// an 8 MiB stack and crashes mlir-opt-22. Its text parser also trusts the
// alignment a dense_resource blob declares in its first 4 bytes: 0 passes
// its power-of-2 check and aborts in the allocator ("LLVM ERROR: out of
// memory"), and 2^31 reserves 2 GiB for a 16-byte blob. bnfold's tools
// screen their MLIR input for both, before and after parsing, and report
// what they find at its location.
//
//===----------------------------------------------------------------------===//

#ifndef BNFOLD_SUPPORT_INPUTSCREEN_H
#define BNFOLD_SUPPORT_INPUTSCREEN_H

#include "mlir/Support/LLVM.h"
#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

namespace llvm {
class MemoryBuffer;
} // namespace llvm

namespace mlir {
class Operation;
class Pass;
} // namespace mlir

namespace bnfold {

/// How deep MLIR input may nest, by default: brackets in text, and in
/// parsed IR operations inside regions and attributes or types inside
/// attributes or types. Real models nest fewer than 20 levels; at this
/// limit, the deepest-recursing shape measured (generic operations nested
/// in regions, ~4.3 KiB of stack per level through parse, verify,
/// canonicalize and print) needs about 1.1 MiB of stack, and about three
/// times that under AddressSanitizer: well inside the usual 8 MiB.
constexpr unsigned kDefaultMaxNestingDepth = 256;

/// The largest alignment a dense_resource blob in MLIR text may declare.
/// No element type needs more; MLIR's parser allocates each blob with the
/// alignment it declares, so a larger one costs up to that much memory
/// for nothing (and 2^31 is 2 GiB).
constexpr uint32_t kMaxResourceBlobAlignment = 65536;

/// What is wrong with a piece of MLIR text, and where (a byte offset).
struct TextInputProblem {
  size_t offset;
  std::string message;
};

/// The first problem of MLIR text `text` that MLIR's parser would crash
/// or waste memory on: a dense_resource blob whose declared alignment is 0
/// or larger than kMaxResourceBlobAlignment (other non-powers of 2 get
/// MLIR's own error), or brackets nested deeper than `maxNestingDepth`
/// (counted outside strings and comments; the message gives the deepest
/// nesting of the whole text and the offset is where the limit is first
/// passed). Bytecode is not text: std::nullopt.
std::optional<TextInputProblem>
findTextInputProblem(llvm::StringRef text, unsigned maxNestingDepth);

/// Reports findTextInputProblem's problem of `buffer` as an error at its
/// line and column; failure() if there was one.
llvm::LogicalResult screenMLIRText(const llvm::MemoryBuffer &buffer,
                             unsigned maxNestingDepth);

/// Checks parsed IR, whose nesting the text did not show (attribute and
/// type aliases nest without brackets; bytecode has none): an error at the
/// operation whose nesting, or whose attributes' or types', goes deeper
/// than `maxNestingDepth`. Iterative: safe on IR of any depth.
llvm::LogicalResult verifyNestingDepth(mlir::Operation *root,
                                 unsigned maxNestingDepth);

/// Erases every operation nested in `root`, innermost first, so that IR
/// that nests deeper than the stack allows can be destroyed.
void eraseNestedOperations(mlir::Operation *root);

/// A pass that runs verifyNestingDepth on the op it is run on, for the
/// head of bnfold-opt's pipeline; when it fails, it also erases the nested
/// operations (eraseNestedOperations).
std::unique_ptr<mlir::Pass>
createNestingDepthCheckPass(unsigned maxNestingDepth);

} // namespace bnfold

#endif // BNFOLD_SUPPORT_INPUTSCREEN_H
