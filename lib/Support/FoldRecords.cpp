//===- FoldRecords.cpp - what the fold says about each batch norm ---------===//

#include "bnfold/Support/FoldRecords.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Remarks.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/JSON.h"

using namespace mlir;
using namespace bnfold;

/// The key of the attribute a tagged record carries as its first argument.
static constexpr llvm::StringLiteral kTagKey = "bnfold.fold_record";

void FoldRecordSink::emit(Location loc, FoldRecordKind kind, Operation *op,
                          StringRef function, StringRef message) const {
  if (forward) {
    MLIRContext *context = loc.getContext();
    Builder b(context);
    auto tag = b.getDictionaryAttr(
        {b.getNamedAttr(kTagKey, b.getI32IntegerAttr(static_cast<int>(kind))),
         b.getNamedAttr("function", b.getStringAttr(function)),
         b.getNamedAttr("op", b.getStringAttr(op ? op->getName().getStringRef()
                                                 : StringRef())),
         b.getNamedAttr("print", b.getBoolAttr(print))});
    // A Twine argument is copied: the diagnostic may be held until MLIR
    // orders the diagnostics of a parallel run.
    emitRemark(loc) << tag << Twine(message);
    return;
  }
  if (print)
    emitRemark(loc) << Twine(message);
}

/// The ONNX node (or other name) a location carries, if any.
static std::optional<StringRef> nodeNameOf(Location loc) {
  if (auto name = loc->findInstanceOf<NameLoc>())
    return name.getName().getValue();
  return std::nullopt;
}

void bnfold::sendFoldRecordToRemarkEngine(Location loc, FoldRecordKind kind,
                                          StringRef opName, StringRef function,
                                          StringRef message) {
  if (!loc.getContext()->getRemarkEngine())
    return;
  // MLIR's YAML and bitstream output take the file, line and column from a
  // FileLineColLoc at the top only.
  Location where = loc;
  if (auto file = loc->findInstanceOf<FileLineColLoc>())
    where = file;
  auto opts = [&](StringRef name) {
    return remark::RemarkOpts::name(name)
        .category(kFoldRecordCategory)
        .function(function);
  };
  auto withNode = [&](remark::detail::InFlightRemark remark) {
    if (std::optional<StringRef> node = nodeNameOf(loc))
      remark << remark::detail::Remark::Arg("Node", *node);
    if (!opName.empty())
      remark << remark::detail::Remark::Arg("Op", opName);
    return remark;
  };
  switch (kind) {
  case FoldRecordKind::Folded:
    withNode(remark::passed(where, opts("Folded"))) << message;
    return;
  case FoldRecordKind::NotFolded: {
    StringRef reason = message;
    reason.consume_front("not folded: ");
    withNode(remark::missed(where, opts("NotFolded")))
        << remark::detail::Remark::Arg("Reason", reason);
    return;
  }
  case FoldRecordKind::Removed:
    withNode(remark::analysis(where, opts("Removed"))) << message;
    return;
  case FoldRecordKind::Summary:
    remark::analysis(where, opts("Summary")) << message;
    return;
  }
}

/// The record a diagnostic carries, if it is a tagged one.
static bool forwardTaggedRecord(Diagnostic &diag) {
  ArrayRef<DiagnosticArgument> args = diag.getArguments();
  if (diag.getSeverity() != DiagnosticSeverity::Remark || args.size() != 2 ||
      args[0].getKind() !=
          DiagnosticArgument::DiagnosticArgumentKind::Attribute ||
      args[1].getKind() != DiagnosticArgument::DiagnosticArgumentKind::String)
    return false;
  auto tag = dyn_cast<DictionaryAttr>(args[0].getAsAttribute());
  if (!tag)
    return false;
  auto kind = tag.getAs<IntegerAttr>(kTagKey);
  auto function = tag.getAs<StringAttr>("function");
  auto opName = tag.getAs<StringAttr>("op");
  auto print = tag.getAs<BoolAttr>("print");
  if (!kind || !function || !opName || !print)
    return false;
  StringRef message = args[1].getAsString();
  // The names' storage is the context's, as the engine needs.
  sendFoldRecordToRemarkEngine(
      diag.getLocation(), static_cast<FoldRecordKind>(kind.getInt()),
      opName.getValue(), function.getValue(), message);
  if (print.getValue())
    emitRemark(diag.getLocation()) << Twine(message);
  return true;
}

FoldRecordForwarder::FoldRecordForwarder(MLIRContext *context)
    : context(context) {
  handler = context->getDiagEngine().registerHandler(
      [](Diagnostic &diag) -> LogicalResult {
        return success(forwardTaggedRecord(diag));
      });
}

FoldRecordForwarder::~FoldRecordForwarder() {
  context->getDiagEngine().eraseHandler(handler);
}

namespace {
/// The remark engine's streamer for collectFoldRecords.
class FoldRecordCollector : public remark::detail::MLIRRemarkStreamerBase {
public:
  explicit FoldRecordCollector(std::vector<FoldRecord> &records)
      : records(records) {}

  void streamOptimizationRemark(const remark::detail::Remark &remark) override {
    if (remark.getCategoryName() != kFoldRecordCategory)
      return;
    static const llvm::StringMap<FoldRecordKind> kinds = {
        {"Folded", FoldRecordKind::Folded},
        {"NotFolded", FoldRecordKind::NotFolded},
        {"Removed", FoldRecordKind::Removed},
        {"Summary", FoldRecordKind::Summary}};
    auto kind = kinds.find(remark.getRemarkName());
    if (kind == kinds.end())
      return;
    FoldRecord record{kind->second, "", "", remark.getFunction().str(), ""};
    if (remark.getFunction() == "<unknown function>")
      record.function.clear();
    for (const remark::detail::Remark::Arg &arg : remark.getArgs()) {
      if (arg.key == "Node")
        record.node = arg.val;
      else if (arg.key == "Op")
        record.op = arg.val;
      else if (arg.key == "Remark" || arg.key == "Reason")
        record.detail = arg.val;
    }
    StringRef into = record.detail;
    if (record.kind == FoldRecordKind::Folded &&
        into.consume_front("folded into "))
      record.detail = into.str();
    records.push_back(std::move(record));
  }

private:
  std::vector<FoldRecord> &records;
};
} // namespace

LogicalResult bnfold::collectFoldRecords(MLIRContext &context,
                                         std::vector<FoldRecord> &records) {
  remark::RemarkCategories categories;
  std::string category = kFoldRecordCategory.str();
  categories.passed = categories.missed = categories.analysis = category;
  return remark::enableOptimizationRemarks(
      context, std::make_unique<FoldRecordCollector>(records),
      std::make_unique<remark::RemarkEmittingPolicyAll>(), categories,
      /*printAsEmitRemarks=*/false);
}

void bnfold::writeFoldReportJSON(llvm::raw_ostream &os, StringRef input,
                                 ArrayRef<FoldRecord> records) {
  llvm::json::OStream json(os, /*IndentSize=*/2);
  auto writeOps = [&](StringRef key, bool batchNorms) {
    json.attributeArray(key, [&] {
      for (const FoldRecord &record : records) {
        if (record.kind == FoldRecordKind::Summary)
          continue;
        // A BatchNormalization node that stays nn.onnx_op is a batch norm.
        bool isBatchNorm = record.op == "nn.batch_norm" ||
                           record.op == "nn.onnx_op";
        if (isBatchNorm != batchNorms)
          continue;
        json.object([&] {
          json.attribute("node", record.node);
          json.attribute("op", record.op);
          json.attribute("function", record.function);
          switch (record.kind) {
          case FoldRecordKind::Folded:
            json.attribute("folded", true);
            json.attribute("into", record.detail);
            break;
          case FoldRecordKind::NotFolded:
            json.attribute("folded", false);
            json.attribute("reason", record.detail);
            break;
          case FoldRecordKind::Removed:
            json.attribute("folded", false);
            json.attribute("removed", true);
            json.attribute("reason", record.detail);
            break;
          case FoldRecordKind::Summary:
            break;
          }
        });
      }
    });
  };
  json.object([&] {
    json.attribute("input", input);
    writeOps("batch_norms", /*batchNorms=*/true);
    writeOps("elementwise_ops", /*batchNorms=*/false);
    json.attributeArray("summary", [&] {
      for (const FoldRecord &record : records)
        if (record.kind == FoldRecordKind::Summary)
          json.value(record.detail);
    });
  });
  os << "\n";
}
