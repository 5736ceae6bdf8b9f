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

bool bnfold::isONNXOperator(OnnxOp op, StringRef opType) {
  return op.getOpType() == opType && isDefaultONNXDomain(op);
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

template <typename AttrT>
FailureOr<AttrT> ONNXNode::typedAttr(StringRef name, StringRef onnxType,
                                     function_ref<bool(AttrT)> isOfType) {
  Attribute attr = lookup(name);
  if (!attr)
    return AttrT();
  auto typed = dyn_cast<AttrT>(attr);
  if (!typed || !isOfType(typed)) {
    (void)wrongType(name, onnxType);
    return failure();
  }
  return typed;
}

ParseResult ONNXNode::intAttr(int64_t &value, StringRef name,
                              int64_t defaultValue) {
  FailureOr<IntegerAttr> attr =
      typedAttr<IntegerAttr>(name, "INT", [](IntegerAttr a) {
        return a.getType().isSignlessInteger(64);
      });
  if (failed(attr))
    return failure();
  value = *attr ? attr->getInt() : defaultValue;
  return success();
}

ParseResult ONNXNode::floatAttr(float &value, StringRef name,
                                float defaultValue) {
  FailureOr<FloatAttr> attr = typedAttr<FloatAttr>(
      name, "FLOAT", [](FloatAttr a) { return a.getType().isF32(); });
  if (failed(attr))
    return failure();
  value = *attr ? attr->getValue().convertToFloat() : defaultValue;
  return success();
}

ParseResult ONNXNode::stringAttr(StringRef &value, StringRef name,
                                 StringRef defaultValue) {
  FailureOr<StringAttr> attr =
      typedAttr<StringAttr>(name, "STRING", [](StringAttr) { return true; });
  if (failed(attr))
    return failure();
  value = *attr ? attr->getValue() : defaultValue;
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
  FailureOr<DenseI64ArrayAttr> attr = typedAttr<DenseI64ArrayAttr>(
      name, "INTS", [](DenseI64ArrayAttr) { return true; });
  if (failed(attr))
    return failure();
  if (*attr)
    values.emplace(attr->asArrayRef());
  return success();
}

LogicalResult ONNXNode::fail(const Twine &reason) const {
  return rewriter.notifyMatchFailure(op, reason);
}

void ONNXNode::eraseIfUnused(Operation *producer) {
  if (!producer->use_empty())
    return;
  llvm::SmallSetVector<Operation *, 4> constants;
  for (Value operand : producer->getOperands())
    if (auto constant = operand.getDefiningOp<arith::ConstantOp>())
      constants.insert(constant);
  rewriter.eraseOp(producer);
  for (Operation *constant : constants)
    if (constant->use_empty())
      rewriter.eraseOp(constant);
}

LogicalResult ONNXNode::replaceIfValid(ArrayRef<Operation *> newOps) {
  Operation *replacement = newOps.back();
  if (std::optional<std::string> whyInvalid = nn::verifyOrEraseNewOps(newOps))
    return fail(*whyInvalid);
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
  if (!isONNXOperator(op, opType))
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
