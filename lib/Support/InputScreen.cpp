//===- InputScreen.cpp - What MLIR must not be handed ---------------------===//

#include "bnfold/Support/InputScreen.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Operation.h"
#include "mlir/Pass/Pass.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/PointerIntPair.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/Twine.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

#include <cstring>

using namespace mlir;

//===----------------------------------------------------------------------===//
// Text
//===----------------------------------------------------------------------===//

static bool isBytecode(llvm::StringRef text) {
  return text.starts_with("ML\xEFR");
}

/// The problem of a hex blob `"0x<alignment, 4 bytes little-endian><data>"`
/// whose quote is at `quote`, if any.
static std::optional<bnfold::TextInputProblem>
findBlobAlignmentProblem(llvm::StringRef text, size_t quote) {
  llvm::StringRef header = text.substr(quote + 1, 10);
  if (!header.consume_front("0x") || header.size() != 8)
    return std::nullopt;
  uint32_t alignment = 0;
  for (size_t i = 0; i < 4; ++i) {
    unsigned byte;
    if (header.substr(2 * i, 2).getAsInteger(16, byte))
      return std::nullopt; // MLIR reports it
    alignment |= uint32_t(byte) << (8 * i);
  }
  // Located at the hex, as MLIR locates its own blob errors.
  if (alignment == 0)
    return bnfold::TextInputProblem{
        quote + 1, "resource blob encodes alignment 0 in its first 4 bytes; "
               "expected a power of 2"};
  if (alignment > bnfold::kMaxResourceBlobAlignment)
    return bnfold::TextInputProblem{
        quote + 1, (llvm::Twine("resource blob declares alignment ") +
                llvm::Twine(alignment) + " in its first 4 bytes; at most " +
                llvm::Twine(bnfold::kMaxResourceBlobAlignment) +
                " is accepted (MLIR would allocate the blob with it)")
                   .str()};
  return std::nullopt;
}

/// One pass over the text, outside strings and comments (memchr skips the
/// hex of weights, most of a large model):
///  - counts open brackets: ( [ { and the angle brackets of types and
///    attributes (`tensor<`, `#nn.x<`: a `<` after an identifier). A `>`
///    closes only a `<` (so `->` and `>=` do not count), and a closing
///    ) ] } first drops any `<` left open above its opener;
///  - checks the header of each blob string in `{-# ... #-}` file
///    metadata.
std::optional<bnfold::TextInputProblem>
bnfold::findTextInputProblem(llvm::StringRef text, unsigned maxNestingDepth) {
  if (isBytecode(text))
    return std::nullopt;
  llvm::SmallVector<char, 64> open;
  size_t deepest = 0;
  std::optional<size_t> firstTooDeep;
  std::optional<TextInputProblem> blobProblem;
  bool inMetadata = false;
  const char *begin = text.begin(), *p = begin, *end = text.end();
  auto next = [&](size_t i) { return p + i < end ? p[i] : '\0'; };
  auto push = [&](char bracket) {
    open.push_back(bracket);
    if (open.size() > deepest) {
      deepest = open.size();
      if (deepest > maxNestingDepth && !firstTooDeep)
        firstTooDeep = static_cast<size_t>(p - begin);
    }
  };
  auto close = [&](char opener) {
    while (!open.empty() && open.back() == '<' && opener != '<')
      open.pop_back();
    if (!open.empty() && open.back() == opener)
      open.pop_back();
  };
  for (; p < end; ++p) {
    switch (*p) {
    case '"': {
      if (inMetadata && !blobProblem)
        blobProblem = findBlobAlignmentProblem(text, p - begin);
      // To the closing quote not escaped by an odd run of backslashes.
      const char *start = p + 1;
      const char *q = start;
      while (true) {
        q = static_cast<const char *>(memchr(q, '"', end - q));
        if (!q) {
          q = end - 1;
          break;
        }
        size_t backslashes = 0;
        for (const char *b = q; b > start && b[-1] == '\\'; --b)
          ++backslashes;
        if (backslashes % 2 == 0)
          break;
        ++q;
      }
      p = q;
      break;
    }
    case '/':
      if (next(1) == '/') {
        const char *q = static_cast<const char *>(memchr(p, '\n', end - p));
        p = q ? q : end - 1;
      }
      break;
    case '{':
      inMetadata |= next(1) == '-' && next(2) == '#';
      push('{');
      break;
    case '#':
      if (next(1) == '-' && next(2) == '}')
        inMetadata = false;
      break;
    case '(':
    case '[':
      push(*p);
      break;
    case '<':
      if (p > begin && (llvm::isAlnum(p[-1]) || p[-1] == '_' || p[-1] == '.'))
        push('<');
      break;
    case ')':
      close('(');
      break;
    case ']':
      close('[');
      break;
    case '}':
      close('{');
      break;
    case '>':
      if (p == begin || p[-1] != '-')
        close('<');
      break;
    default:
      break;
    }
  }
  std::optional<TextInputProblem> nestingProblem;
  if (firstTooDeep)
    nestingProblem = TextInputProblem{
        *firstTooDeep,
        (llvm::Twine("nesting depth ") + llvm::Twine(deepest) +
         " exceeds the limit of " + llvm::Twine(maxNestingDepth) +
         " (--max-nesting-depth): MLIR's parser recurses once per level")
            .str()};
  if (blobProblem && nestingProblem)
    return blobProblem->offset < nestingProblem->offset ? blobProblem
                                                        : nestingProblem;
  return blobProblem ? blobProblem : nestingProblem;
}

LogicalResult bnfold::screenMLIRText(const llvm::MemoryBuffer &buffer,
                                     unsigned maxNestingDepth) {
  std::optional<TextInputProblem> problem =
      findTextInputProblem(buffer.getBuffer(), maxNestingDepth);
  if (!problem)
    return success();
  llvm::SourceMgr sourceMgr;
  sourceMgr.AddNewSourceBuffer(
      llvm::MemoryBuffer::getMemBuffer(buffer.getMemBufferRef(),
                                       /*RequiresNullTerminator=*/false),
      llvm::SMLoc());
  llvm::SMLoc loc =
      llvm::SMLoc::getFromPointer(buffer.getBufferStart() + problem->offset);
  auto [line, column] = sourceMgr.getLineAndColumn(loc);
  llvm::StringRef text = buffer.getBuffer();
  size_t lineStart = text.rfind('\n', problem->offset);
  lineStart = lineStart == llvm::StringRef::npos ? 0 : lineStart + 1;
  size_t lineEnd = text.find('\n', problem->offset);
  // Quote the line as MLIR's diagnostics do, unless it is huge (a blob, a
  // whole nested module on one line).
  llvm::StringRef lineText = text.slice(lineStart, lineEnd);
  if (lineText.size() > 200)
    lineText = "";
  llvm::SMDiagnostic diagnostic(sourceMgr, loc, buffer.getBufferIdentifier(),
                                line, column - 1, llvm::SourceMgr::DK_Error,
                                problem->message, lineText, {});
  sourceMgr.PrintMessage(llvm::errs(), diagnostic);
  return failure();
}

//===----------------------------------------------------------------------===//
// Parsed IR
//===----------------------------------------------------------------------===//

namespace {

/// An attribute or a type, by its uniqued storage.
using Element = llvm::PointerIntPair<const void *, 1, bool>;

Element elementOf(Attribute attr) {
  return Element(attr.getAsOpaquePointer(), false);
}
Element elementOf(Type type) { return Element(type.getAsOpaquePointer(), true); }

/// Nesting depth of attributes and types, computed without recursion and
/// remembered: IR shares them, so each is measured once.
class ElementDepths {
public:
  unsigned depthOf(Element root) {
    if (auto it = depths.find(root.getOpaqueValue()); it != depths.end())
      return it->second;
    llvm::SmallVector<std::pair<Element, bool>> stack{{root, false}};
    while (!stack.empty()) {
      auto [element, expanded] = stack.back();
      if (!expanded) {
        if (depths.count(element.getOpaqueValue())) {
          stack.pop_back();
          continue;
        }
        // Marked first: a cycle (mutable types can form one) counts once.
        depths[element.getOpaqueValue()] = 0;
        stack.back().second = true;
        forEachChild(element, [&](Element child) {
          if (!depths.count(child.getOpaqueValue()))
            stack.push_back({child, false});
        });
        continue;
      }
      stack.pop_back();
      unsigned depth = 0;
      forEachChild(element, [&](Element child) {
        depth = std::max(depth, depths.lookup(child.getOpaqueValue()));
      });
      depths[element.getOpaqueValue()] = depth + 1;
    }
    return depths.lookup(root.getOpaqueValue());
  }

private:
  template <typename Fn>
  static void forEachChild(Element element, Fn &&fn) {
    auto onAttr = [&](Attribute attr) { fn(elementOf(attr)); };
    auto onType = [&](Type type) { fn(elementOf(type)); };
    if (element.getInt())
      Type::getFromOpaquePointer(element.getPointer())
          .walkImmediateSubElements(onAttr, onType);
    else
      Attribute::getFromOpaquePointer(element.getPointer())
          .walkImmediateSubElements(onAttr, onType);
  }

  llvm::DenseMap<void *, unsigned> depths;
};

} // namespace

LogicalResult bnfold::verifyNestingDepth(Operation *root,
                                         unsigned maxNestingDepth) {
  ElementDepths elements;
  // The first offender of each kind and the deepest nesting of each kind.
  Operation *deepOp = nullptr, *deepElementOp = nullptr;
  unsigned opDepth = 0, elementDepth = 0;
  auto checkElement = [&](Operation *op, Element element) {
    unsigned depth = elements.depthOf(element);
    if (depth > maxNestingDepth && !deepElementOp)
      deepElementOp = op;
    elementDepth = std::max(elementDepth, depth);
  };
  llvm::SmallVector<std::pair<Operation *, unsigned>> work{{root, 0}};
  while (!work.empty()) {
    auto [op, depth] = work.pop_back_val();
    if (depth > maxNestingDepth && !deepOp)
      deepOp = op;
    opDepth = std::max(opDepth, depth);
    checkElement(op, elementOf(op->getLoc()));
    checkElement(op, elementOf(op->getRawDictionaryAttrs()));
    if (op->getPropertiesStorageSize())
      if (Attribute properties = op->getPropertiesAsAttribute())
        checkElement(op, elementOf(properties));
    for (Type type : op->getResultTypes())
      checkElement(op, elementOf(type));
    for (Region &region : op->getRegions())
      for (Block &block : region) {
        for (BlockArgument argument : block.getArguments()) {
          checkElement(op, elementOf(argument.getType()));
          checkElement(op, elementOf(argument.getLoc()));
        }
        for (Operation &nested : block)
          work.push_back({&nested, depth + 1});
      }
  }
  // At the location only: the op itself cannot be printed (the reason).
  if (deepOp)
    return emitError(deepOp->getLoc())
           << "operations nest " << opDepth
           << " levels deep, more than the limit of " << maxNestingDepth
           << " (--max-nesting-depth)";
  if (deepElementOp)
    return emitError(deepElementOp->getLoc())
           << "an attribute, type or location of this operation nests "
           << elementDepth << " levels deep, more than the limit of "
           << maxNestingDepth << " (--max-nesting-depth)";
  return success();
}

void bnfold::eraseNestedOperations(Operation *root) {
  llvm::SmallVector<Operation *> preorder;
  llvm::SmallVector<Operation *> work{root};
  while (!work.empty()) {
    Operation *op = work.pop_back_val();
    for (Region &region : op->getRegions())
      for (Block &block : region)
        for (Operation &nested : block) {
          preorder.push_back(&nested);
          work.push_back(&nested);
        }
  }
  // No op may be erased while another uses its results.
  for (Operation *op : preorder) {
    for (OpOperand &operand : op->getOpOperands())
      operand.drop();
    for (BlockOperand &successor : op->getBlockOperands())
      successor.drop();
  }
  for (Operation *op : llvm::reverse(preorder))
    op->erase();
}

namespace {
struct NestingDepthCheckPass
    : public PassWrapper<NestingDepthCheckPass, OperationPass<>> {
  MLIR_DEFINE_EXPLICIT_INTERNAL_INLINE_TYPE_ID(NestingDepthCheckPass)
  explicit NestingDepthCheckPass(unsigned maxNestingDepth)
      : maxNestingDepth(maxNestingDepth) {}
  StringRef getArgument() const final { return "bnfold-check-nesting-depth"; }
  StringRef getDescription() const final {
    return "Reject IR nested deeper than --max-nesting-depth";
  }
  void runOnOperation() override {
    if (succeeded(bnfold::verifyNestingDepth(getOperation(), maxNestingDepth)))
      return;
    bnfold::eraseNestedOperations(getOperation());
    signalPassFailure();
  }
  unsigned maxNestingDepth;
};
} // namespace

std::unique_ptr<Pass>
bnfold::createNestingDepthCheckPass(unsigned maxNestingDepth) {
  return std::make_unique<NestingDepthCheckPass>(maxNestingDepth);
}
