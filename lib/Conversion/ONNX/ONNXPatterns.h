//===- ONNXPatterns.h - What raising and lowering share ---------*- C++ -*-===//
//
// Private to lib/Conversion/ONNX: the attribute binder and base class of the
// raising patterns, and the driver both passes apply their patterns with.
//
//===----------------------------------------------------------------------===//

#ifndef BNFOLD_LIB_CONVERSION_ONNX_ONNXPATTERNS_H
#define BNFOLD_LIB_CONVERSION_ONNX_ONNXPATTERNS_H

#include "bnfold/Dialect/NN/IR/NNOps.h"

#include "mlir/IR/PatternMatch.h"
#include "mlir/Rewrite/FrozenRewritePatternSet.h"
#include "llvm/ADT/DenseMap.h"

#include <cstdint>
#include <limits>
#include <optional>
#include <string>

namespace bnfold::onnx_conversion {

/// One nn.onnx_op node as a raising pattern reads it: inputs by their ONNX
/// position, attributes by their ONNX type with the schema's default when
/// absent. An accessor that finds an attribute of another ONNX type fails
/// the match and says so; accessors return ParseResult so that they chain:
///
///   int64_t group;
///   SmallVector<int64_t> strides;
///   if (node.intAttr(group, "group", 1) ||
///       node.intsAttr(strides, "strides", {1, 1}))
///     return failure();
class ONNXNode {
public:
  ONNXNode(nn::OnnxOp op, mlir::PatternRewriter &rewriter);

  nn::OnnxOp getOp() const { return op; }
  mlir::Location getLoc() const { return op.getLoc(); }
  mlir::MLIRContext *getContext() const { return op.getContext(); }

  /// The input at ONNX position `position`; null when the node leaves it
  /// out (an empty name, or fewer inputs).
  mlir::Value input(unsigned position) const;
  /// The inputs the node gives (its operands).
  unsigned numPresentInputs() const { return op.getInputs().size(); }

  /// INT attribute `name` (i64), or `defaultValue` when absent.
  mlir::ParseResult intAttr(int64_t &value, llvm::StringRef name,
                            int64_t defaultValue);
  /// FLOAT attribute `name` (f32), or `defaultValue` when absent.
  mlir::ParseResult floatAttr(float &value, llvm::StringRef name,
                              float defaultValue);
  /// STRING attribute `name`, or `defaultValue` when absent.
  mlir::ParseResult stringAttr(llvm::StringRef &value, llvm::StringRef name,
                               llvm::StringRef defaultValue);
  /// INTS attribute `name` (array<i64>), or `defaultValue` when absent.
  mlir::ParseResult intsAttr(llvm::SmallVectorImpl<int64_t> &values,
                             llvm::StringRef name,
                             llvm::ArrayRef<int64_t> defaultValue);
  /// INTS attribute `name`, or std::nullopt when absent.
  mlir::ParseResult
  optionalIntsAttr(std::optional<llvm::SmallVector<int64_t>> &values,
                   llvm::StringRef name);

  /// Fails the match with `reason`: the node stays nn.onnx_op.
  mlir::LogicalResult fail(const llvm::Twine &reason) const;

  /// A builder without an insertion point: the ops it makes are outside the
  /// IR until replaceIfValid inserts them.
  mlir::OpBuilder &getDetachedBuilder() { return detached; }

  /// Replaces the node by the results of the last of `newOps` (made with
  /// getDetachedBuilder, in order; the others are the constants it needs)
  /// if the nn dialect's verifier accepts them, inserting them before the
  /// node. Otherwise destroys them and fails the match with the verifier's
  /// message: the nn verifiers decide whether the node's types fit the op,
  /// and the IR is not touched.
  mlir::LogicalResult replaceIfValid(llvm::ArrayRef<mlir::Operation *> newOps);

  /// Erases `producer`, a node whose result the raised ops read through
  /// (a Transpose they do themselves), if nothing uses it any more, and
  /// then the constants only it used.
  void eraseIfUnused(mlir::Operation *producer);

private:
  mlir::Attribute lookup(llvm::StringRef name) const;
  /// Attribute `name` as the MLIR attribute kind of ONNX type `onnxType`
  /// (`isOfType` checks the element type): null when absent, a match failure
  /// saying so when of another kind.
  template <typename AttrT>
  mlir::FailureOr<AttrT> typedAttr(llvm::StringRef name,
                                   llvm::StringRef onnxType,
                                   llvm::function_ref<bool(AttrT)> isOfType);
  mlir::ParseResult wrongType(llvm::StringRef name, llvm::StringRef expected);

  // Op accessors are not const; the binder does not change the op.
  mutable nn::OnnxOp op;
  mlir::PatternRewriter &rewriter;
  mlir::OpBuilder detached;
};

/// ONNX `pads` [b_0, ..., b_{r-1}, e_0, ..., e_{r-1}] as the `padding` of an
/// nn convolution, [b_0, e_0, b_1, e_1, ...].
inline llvm::SmallVector<int64_t> nnPaddingFromONNXPads(
    llvm::ArrayRef<int64_t> pads) {
  size_t r = pads.size() / 2;
  llvm::SmallVector<int64_t> padding;
  for (size_t d = 0; d < r; ++d)
    padding.append({pads[d], pads[r + d]});
  return padding;
}

/// The inverse of nnPaddingFromONNXPads.
inline llvm::SmallVector<int64_t> onnxPadsFromNNPadding(
    llvm::ArrayRef<int64_t> padding) {
  size_t r = padding.size() / 2;
  llvm::SmallVector<int64_t> pads(2 * r);
  for (size_t d = 0; d < r; ++d) {
    pads[d] = padding[2 * d];
    pads[r + d] = padding[2 * d + 1];
  }
  return pads;
}

/// The opsets in which one version of an ONNX operator's schema is the
/// active one: [since, until].
struct OpsetRange {
  int64_t since;
  int64_t until = std::numeric_limits<int64_t>::max();
  bool contains(int64_t opset) const {
    return since <= opset && opset <= until;
  }
};

/// Base of the raising patterns: matches the nodes of one ONNX operator of
/// the default domain and hands them to `raise`. Which opsets a pattern is
/// for is decided when it is added (populateONNXToNNPatterns); a node with
/// an attribute that the schema of those opsets does not define (a later
/// version's, say) stays nn.onnx_op.
class ONNXRaisingPattern : public mlir::OpRewritePattern<nn::OnnxOp> {
public:
  ONNXRaisingPattern(mlir::MLIRContext *context, llvm::StringRef opType,
                     llvm::ArrayRef<llvm::StringRef> attributes);

  mlir::LogicalResult
  matchAndRewrite(nn::OnnxOp op, mlir::PatternRewriter &rewriter) const final;

protected:
  /// Replaces the node by nn ops (ONNXNode::replaceIfValid), or fails with
  /// the reason it stays.
  virtual mlir::LogicalResult raise(ONNXNode &node) const = 0;

private:
  std::string opType;
  /// The attributes the schema defines.
  llvm::SmallVector<std::string> attributes;
};

/// For each op no pattern rewrote, the reason the last pattern that tried
/// gave (notifyMatchFailure), if any.
using FailureReasons = llvm::DenseMap<mlir::Operation *, std::string>;

/// Applies `patterns` once to each op nested in `root`, in order, like
/// walkAndApplyPatterns (no fixpoint, no folding, new ops are not
/// visited): each node is raised or lowered at most once. Records why an
/// op was not rewritten in `reasons`, and erases the constants that only
/// rewritten ops used (a Reshape's target shape, for instance).
void applyPatternsOnce(mlir::Operation *root,
                       const mlir::FrozenRewritePatternSet &patterns,
                       FailureReasons &reasons);

} // namespace bnfold::onnx_conversion

#endif // BNFOLD_LIB_CONVERSION_ONNX_ONNXPATTERNS_H
