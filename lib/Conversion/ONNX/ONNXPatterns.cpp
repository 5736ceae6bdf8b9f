//===- ONNXPatterns.cpp - What raising and lowering share -----------------===//

#include "ONNXPatterns.h"
#include "bnfold/Conversion/ONNX/ONNXConversion.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Rewrite/PatternApplicator.h"
#include "llvm/ADT/SetVector.h"

using namespace mlir;
using namespace bnfold;
using namespace bnfold::nn;
using namespace bnfold::onnx_conversion;

std::optional<int64_t> bnfold::getDefaultONNXOpset(ModuleOp module) {
  auto opsets = module->getAttrOfType<DictionaryAttr>("onnx.opset_import");
  if (!opsets)
    return std::nullopt;
  if (auto version = opsets.getAs<IntegerAttr>("ai.onnx"))
    return version.getInt();
  return std::nullopt;
}

std::string bnfold::getONNXNodeName(Location loc) {
  std::string found;
  loc->walk([&](Location l) {
    if (auto name = dyn_cast<NameLoc>(l)) {
      found = name.getName().str();
      return WalkResult::interrupt();
    }
    return WalkResult::advance();
  });
  return found;
}

bool bnfold::isDefaultONNXDomain(OnnxOp op) {
  std::optional<StringRef> domain = op.getDomain();
  return !domain || domain->empty() || *domain == "ai.onnx";
}

//===----------------------------------------------------------------------===//
// ONNXNode
//===----------------------------------------------------------------------===//

ONNXNode::ONNXNode(OnnxOp op, PatternRewriter &rewriter)
    : op(op), rewriter(rewriter), detached(op.getContext()) {}

Value ONNXNode::input(unsigned position) const {
  unsigned operand = position;
  if (std::optional<ArrayRef<int64_t>> absent = op.getAbsentInputs()) {
    for (int64_t p : *absent) {
      if (p == position)
        return nullptr;
      operand -= p < position;
    }
  }
  return operand < op.getInputs().size() ? op.getInputs()[operand] : nullptr;
}

Attribute ONNXNode::lookup(StringRef name) const {
  DictionaryAttr attributes = op.getOnnxAttributesAttr();
  return attributes ? attributes.get(name) : Attribute();
}

ParseResult ONNXNode::wrongType(StringRef name, StringRef expected) {
  return fail("its attribute '" + name + "' is not of the ONNX type " +
              expected);
}

ParseResult ONNXNode::intAttr(int64_t &value, StringRef name,
                              int64_t defaultValue) {
  Attribute attr = lookup(name);
  if (!attr) {
    value = defaultValue;
    return success();
  }
  auto integer = dyn_cast<IntegerAttr>(attr);
  if (!integer || !integer.getType().isSignlessInteger(64))
    return wrongType(name, "INT");
  value = integer.getInt();
  return success();
}

ParseResult ONNXNode::floatAttr(float &value, StringRef name,
                                float defaultValue) {
  Attribute attr = lookup(name);
  if (!attr) {
    value = defaultValue;
    return success();
  }
  auto real = dyn_cast<FloatAttr>(attr);
  if (!real || !real.getType().isF32())
    return wrongType(name, "FLOAT");
  value = real.getValue().convertToFloat();
  return success();
}

ParseResult ONNXNode::stringAttr(StringRef &value, StringRef name,
                                 StringRef defaultValue) {
  Attribute attr = lookup(name);
  if (!attr) {
    value = defaultValue;
    return success();
  }
  auto string = dyn_cast<StringAttr>(attr);
  if (!string)
    return wrongType(name, "STRING");
  value = string.getValue();
  return success();
}

ParseResult ONNXNode::intsAttr(SmallVectorImpl<int64_t> &values,
                               StringRef name, ArrayRef<int64_t> defaultValue) {
  std::optional<SmallVector<int64_t>> given;
  if (optionalIntsAttr(given, name))
    return failure();
  values.assign(given ? ArrayRef<int64_t>(*given) : defaultValue);
  return success();
}

ParseResult
ONNXNode::optionalIntsAttr(std::optional<SmallVector<int64_t>> &values,
                           StringRef name) {
  values.reset();
  Attribute attr = lookup(name);
  if (!attr)
    return success();
  auto ints = dyn_cast<DenseI64ArrayAttr>(attr);
  if (!ints)
    return wrongType(name, "INTS");
  values.emplace(ints.asArrayRef());
  return success();
}

LogicalResult ONNXNode::fail(const Twine &reason) const {
  return rewriter.notifyMatchFailure(op, reason);
}

LogicalResult ONNXNode::replaceIfValid(ArrayRef<Operation *> newOps) {
  Operation *replacement = newOps.back();
  std::string whyInvalid;
  {
    // The verifier's complaint is not an error here, only the reason the
    // node stays as it is.
    ScopedDiagnosticHandler capture(getContext(), [&](Diagnostic &diag) {
      if (whyInvalid.empty())
        whyInvalid = diag.str();
      return success();
    });
    for (Operation *newOp : newOps)
      if (failed(verify(newOp, /*verifyRecursively=*/false))) {
        for (Operation *made : llvm::reverse(newOps))
          made->erase();
        return fail(whyInvalid);
      }
  }
  for (Operation *newOp : newOps)
    rewriter.insert(newOp);
  rewriter.replaceOp(op, replacement->getResults());
  return success();
}

//===----------------------------------------------------------------------===//
// ONNXRaisingPattern
//===----------------------------------------------------------------------===//

ONNXRaisingPattern::ONNXRaisingPattern(MLIRContext *context, StringRef opType,
                                       ArrayRef<StringRef> attributes)
    : OpRewritePattern(context), opType(opType.str()) {
  for (StringRef name : attributes)
    this->attributes.push_back(name.str());
}

LogicalResult
ONNXRaisingPattern::matchAndRewrite(OnnxOp op,
                                    PatternRewriter &rewriter) const {
  if (op.getOpType() != opType || !isDefaultONNXDomain(op))
    return failure();
  if (DictionaryAttr given = op.getOnnxAttributesAttr())
    for (NamedAttribute attribute : given)
      if (!llvm::is_contained(attributes, attribute.getName().getValue()))
        return rewriter.notifyMatchFailure(
            op, "its attribute '" + attribute.getName().getValue() +
                    "' is not in the schema of " + opType +
                    " at this opset");
  ONNXNode node(op, rewriter);
  return raise(node);
}

//===----------------------------------------------------------------------===//
// applyPatternsOnce
//===----------------------------------------------------------------------===//

namespace {
/// Keeps the reason of the last match failure of the op being visited.
struct FailureRecorder : public RewriterBase::Listener {
  void notifyMatchFailure(
      Location loc, function_ref<void(Diagnostic &)> reasonCallback) override {
    if (!reason)
      return;
    Diagnostic diag(loc, DiagnosticSeverity::Remark);
    reasonCallback(diag);
    *reason = diag.str();
  }
  std::string *reason = nullptr;
};
} // namespace

void onnx_conversion::applyPatternsOnce(Operation *root,
                                        const FrozenRewritePatternSet &patterns,
                                        FailureReasons &reasons) {
  PatternRewriter rewriter(root->getContext());
  FailureRecorder recorder;
  rewriter.setListener(&recorder);
  PatternApplicator applicator(patterns);
  applicator.applyDefaultCostModel();
  for (Region &region : root->getRegions()) {
    // Each op is visited once, after the ops before it; the walk has
    // already moved past an op when it is replaced, and the constants
    // erased below come before it.
    region.walk([&](Operation *op) {
      llvm::SmallSetVector<Operation *, 4> constants;
      for (Value operand : op->getOperands())
        if (auto constant = operand.getDefiningOp<arith::ConstantOp>())
          constants.insert(constant);
      std::string reason;
      recorder.reason = &reason;
      LogicalResult rewritten = applicator.matchAndRewrite(op, rewriter);
      recorder.reason = nullptr;
      if (failed(rewritten)) {
        if (!reason.empty())
          reasons[op] = std::move(reason);
        return;
      }
      for (Operation *constant : constants)
        if (constant->use_empty())
          rewriter.eraseOp(constant);
    });
  }
}
