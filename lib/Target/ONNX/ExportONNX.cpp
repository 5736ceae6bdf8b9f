//===- ExportONNX.cpp - nn.onnx_op module -> ONNX model -------------------===//
//
// Walks `func.func @main` in order: an arith.constant becomes an
// initializer, an nn.onnx_op the node it carries (nn ops are lowered to
// nn.onnx_op before, by convert-nn-to-onnx). Names come from the func's
// `onnx.name` argument/result attributes and from NameLoc locations, so the
// names an import recorded come back. The result is checked with
// onnx::checker, as libonnx 1.12 can judge it (LibONNXCompat.h). The
// initializers' data is not copied into the ModelProto: the model is
// serialized around it, each tensor's bytes written to the output straight
// from the attribute or blob that holds them.
//
//===----------------------------------------------------------------------===//

#include "bnfold/Target/ONNX/ONNXTranslation.h"
#include "LibONNXCompat.h"
#include "ONNXTypes.h"

#include "bnfold/Conversion/ONNX/ONNXConversion.h"
#include "bnfold/Dialect/NN/IR/BatchNormMath.h"
#include "bnfold/Dialect/NN/IR/NNOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Diagnostics.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/ADT/TypeSwitch.h"
#include "llvm/Support/MathExtras.h"
#include "llvm/Support/Path.h"

#include <exception>

using namespace mlir;
using namespace bnfold;
using namespace bnfold::nn;
using namespace bnfold::onnx_translation;

namespace {

/// The node name recorded in `loc`.
std::string locName(Location loc) { return getONNXNodeName(loc); }

class Exporter {
public:
  explicit Exporter(const ONNXExportOptions &options) : options(options) {}
  LogicalResult run(ModuleOp module, raw_ostream &os);

private:
  std::string uniqueValueName(StringRef base);
  std::string uniqueNodeName(StringRef base);
  LogicalResult setType(onnx::ValueInfoProto &info, Type type,
                        ArrayAttr dimParams, Location loc);
  /// The ONNX name of `value` (defined earlier).
  std::string nameOf(Value value) { return names.lookup(value); }
  /// Names the results of `op`; graph outputs keep their names.
  void nameResults(Operation *op, StringRef base);
  std::string addInitializer(ElementsAttr attr, StringRef base, Location loc,
                             bool &failed);
  /// tensorToONNX within the model's splat budget (ONNXExportOptions).
  /// An initializer (`tensor` in the graph's initializers) borrows its data
  /// where it can (borrowedData).
  LogicalResult writeTensor(ElementsAttr attr, onnx::TensorProto &tensor,
                            Location loc, const Twine &what,
                            bool isInitializer = false);
  LogicalResult exportOp(Operation *op);
  /// Moves the initializers' data to the external data file.
  LogicalResult writeExternalData(ModuleOp module);
  /// Gives each initializer with borrowed data a copy of it as raw_data.
  void copyBorrowedData();
  /// The bytes of `model` as SerializeToString gives them, with the
  /// borrowed data in place of the placeholders: pieces of serialized
  /// protobuf in `pieces`, each followed by the borrowed bytes in `data` of
  /// the same index (empty after the last). Returns the total size.
  uint64_t serializeAroundBorrowedData(SmallVectorImpl<std::string> &pieces,
                                       SmallVectorImpl<ArrayRef<char>> &data);
  LogicalResult exportOnnxOp(OnnxOp op);
  void setModelAttributes(ModuleOp module);

  const ONNXExportOptions &options;
  /// Bytes the splat constants written so far expanded to.
  int64_t splatBytes = 0;
  /// Initializers whose raw_data is these bytes of an attribute or blob of
  /// the module: until serialization they hold a one-byte placeholder
  /// (onnx::checker asks only that the data be there; tensorToONNX checked
  /// its size).
  DenseMap<const onnx::TensorProto *, ArrayRef<char>> borrowedData;
  onnx::ModelProto model;
  onnx::GraphProto *graph = nullptr;
  DenseMap<Value, std::string> names;
  /// Values returned by the function that take the graph output's name.
  DenseMap<Value, std::string> outputNames;
  llvm::StringSet<> usedValueNames, usedNodeNames;
};

} // namespace

std::string Exporter::uniqueValueName(StringRef base) {
  std::string name = base.empty() ? "value" : base.str();
  for (int i = 1; !usedValueNames.insert(name).second; ++i)
    name = (base.empty() ? "value" : base.str()) + "_" + std::to_string(i);
  return name;
}

std::string Exporter::uniqueNodeName(StringRef base) {
  std::string name = base.str();
  for (int i = 1; !usedNodeNames.insert(name).second; ++i)
    name = base.str() + "_" + std::to_string(i);
  return name;
}

LogicalResult Exporter::setType(onnx::ValueInfoProto &info, Type type,
                                ArrayAttr dimParams, Location loc) {
  auto tensor = dyn_cast<TensorType>(type);
  int dataType = tensor ? elementTypeToONNX(tensor.getElementType()) : 0;
  if (!dataType)
    return emitError(loc) << "value '" << info.name() << "' has type " << type
                          << ", which has no ONNX equivalent";
  auto *tensorType = info.mutable_type()->mutable_tensor_type();
  tensorType->set_elem_type(dataType);
  auto ranked = dyn_cast<RankedTensorType>(type);
  if (!ranked)
    return success();
  auto *shape = tensorType->mutable_shape();
  for (auto [i, d] : llvm::enumerate(ranked.getShape())) {
    auto *dim = shape->add_dim();
    StringRef param;
    if (dimParams && i < dimParams.size())
      param = cast<StringAttr>(dimParams[i]).getValue();
    if (!ShapedType::isDynamic(d))
      dim->set_dim_value(d);
    else if (!param.empty())
      dim->set_dim_param(param.str());
  }
  return success();
}

void Exporter::nameResults(Operation *op, StringRef base) {
  for (OpResult result : op->getResults()) {
    auto it = outputNames.find(result);
    if (it != outputNames.end()) {
      names[result] = it->second;
      continue;
    }
    std::string suffix = op->getNumResults() == 1
                             ? "_output"
                             : "_output_" + std::to_string(result.getResultNumber());
    names[result] = uniqueValueName(base.str() + suffix);
  }
}

LogicalResult Exporter::writeTensor(ElementsAttr attr,
                                   onnx::TensorProto &tensor, Location loc,
                                   const Twine &what, bool isInitializer) {
  auto type = cast<ShapedType>(attr.getType());
  std::optional<int64_t> count = nn::getCheckedNumElements(type.getShape());
  if (type.hasStaticShape() && !count)
    return emitError(loc) << "cannot export " << what << ": its type " << type
                          << " has more elements than fit in int64";
  auto dense = dyn_cast<DenseElementsAttr>(attr);
  if (dense && dense.isSplat() && type.hasStaticShape()) {
    int64_t numElements = count.value_or(0);
    int64_t width = type.getElementType().isInteger(1)
                        ? 1
                        : (type.getElementTypeBitWidth() + 7) / 8;
    int64_t bytes;
    if (llvm::MulOverflow(numElements, width, bytes) ||
        llvm::AddOverflow(splatBytes, bytes, splatBytes) ||
        static_cast<uint64_t>(splatBytes) > options.maxSplatBytes)
      return emitError(loc)
             << "cannot export " << what << ": it is a splat of "
             << numElements
             << " elements, and ONNX has no splat tensors; writing it out "
                "would take the model's expanded splats past the limit of "
             << options.maxSplatBytes
             << " bytes (bnfold-translate --max-splat-bytes)";
  }
  std::string error;
  ArrayRef<char> borrowed;
  if (!tensorToONNX(attr, tensor, error, isInitializer ? &borrowed : nullptr))
    return emitError(loc) << "cannot export " << what << ": " << error;
  if (!borrowed.empty()) {
    tensor.set_raw_data(std::string(1, '\0'));
    borrowedData[&tensor] = borrowed;
  }
  return success();
}

std::string Exporter::addInitializer(ElementsAttr attr, StringRef base,
                                     Location loc, bool &failed) {
  onnx::TensorProto *tensor = graph->add_initializer();
  if (mlir::failed(writeTensor(attr, *tensor, loc, "constant",
                              /*isInitializer=*/true))) {
    failed = true;
    return "";
  }
  tensor->set_name(uniqueValueName(base));
  return tensor->name();
}

LogicalResult Exporter::exportOnnxOp(OnnxOp op) {
  onnx::NodeProto *node = graph->add_node();
  std::string base = locName(op.getLoc());
  node->set_name(uniqueNodeName(base.empty() ? op.getOpType().str() : base));
  node->set_op_type(op.getOpType().str());
  if (op.getDomain())
    node->set_domain(op.getDomain()->str());
  nameResults(op, node->name());
  ArrayRef<int64_t> absentIn, absentOut;
  if (op.getAbsentInputs())
    absentIn = *op.getAbsentInputs();
  if (op.getAbsentOutputs())
    absentOut = *op.getAbsentOutputs();
  auto emit = [](auto range, ArrayRef<int64_t> absent, auto nameOfItem,
                 auto add) {
    size_t total = range.size() + absent.size(), next = 0;
    for (size_t i = 0; i < total; ++i) {
      if (llvm::is_contained(absent, static_cast<int64_t>(i)))
        add(std::string());
      else
        add(nameOfItem(range[next++]));
    }
  };
  emit(op.getInputs(), absentIn, [&](Value v) { return nameOf(v); },
       [&](const std::string &n) { node->add_input(n); });
  emit(op.getOutputs(), absentOut, [&](Value v) { return names[v]; },
       [&](const std::string &n) { node->add_output(n); });
  if (DictionaryAttr attrs = op.getOnnxAttributesAttr()) {
    for (NamedAttribute named : attrs) {
      auto *a = node->add_attribute();
      a->set_name(named.getName().str());
      Attribute value = named.getValue();
      if (auto i = dyn_cast<IntegerAttr>(value)) {
        a->set_type(onnx::AttributeProto::INT);
        a->set_i(i.getInt());
      } else if (auto f = dyn_cast<FloatAttr>(value)) {
        a->set_type(onnx::AttributeProto::FLOAT);
        a->set_f(f.getValue().convertToFloat());
      } else if (auto s = dyn_cast<StringAttr>(value)) {
        a->set_type(onnx::AttributeProto::STRING);
        a->set_s(s.getValue().str());
      } else if (auto ints = dyn_cast<DenseI64ArrayAttr>(value)) {
        a->set_type(onnx::AttributeProto::INTS);
        for (int64_t v : ints.asArrayRef())
          a->add_ints(v);
      } else if (auto floats = dyn_cast<DenseF32ArrayAttr>(value)) {
        a->set_type(onnx::AttributeProto::FLOATS);
        for (float v : floats.asArrayRef())
          a->add_floats(v);
      } else if (auto strings = dyn_cast<ArrayAttr>(value)) {
        a->set_type(onnx::AttributeProto::STRINGS);
        for (Attribute s : strings)
          a->add_strings(cast<StringAttr>(s).getValue().str());
      } else if (auto elements = dyn_cast<ElementsAttr>(value)) {
        a->set_type(onnx::AttributeProto::TENSOR);
        if (failed(writeTensor(elements, *a->mutable_t(), op.getLoc(),
                               "attribute '" + named.getName().getValue() +
                                   "'")))
          return failure();
      } else {
        return op.emitError() << "cannot export attribute '"
                              << named.getName().getValue() << "'";
      }
    }
  }
  return success();
}

LogicalResult Exporter::exportOp(Operation *op) {
  return llvm::TypeSwitch<Operation *, LogicalResult>(op)
      .Case([&](arith::ConstantOp c) -> LogicalResult {
        if (c->use_empty())
          return success();
        auto attr = dyn_cast<ElementsAttr>(c.getValue());
        if (!attr)
          return c.emitError("cannot export a scalar constant to ONNX");
        std::string base = locName(c.getLoc());
        bool failed = false;
        names[c.getResult()] =
            addInitializer(attr, base.empty() ? "const" : base, c.getLoc(),
                           failed);
        return LogicalResult::failure(failed);
      })
      .Case([&](OnnxOp o) { return exportOnnxOp(o); })
      .Case([&](func::ReturnOp) { return success(); })
      .Default([&](Operation *other) {
        return other->emitError()
               << "cannot export '" << other->getName()
               << "' to ONNX (the ops ONNX export supports are listed in "
                  "docs/onnx.md)";
      });
}

/// The model's opsets, IR version and metadata, as importONNX recorded them.
void Exporter::setModelAttributes(ModuleOp module) {
  auto getString = [&](StringRef name) -> std::optional<std::string> {
    if (auto s = module->getAttrOfType<StringAttr>(name))
      return s.getValue().str();
    return std::nullopt;
  };
  model.set_ir_version(8);
  if (auto v = module->getAttrOfType<IntegerAttr>("onnx.ir_version"))
    model.set_ir_version(v.getInt());
  model.set_producer_name(getString("onnx.producer_name").value_or("bnfold"));
  if (auto v = getString("onnx.producer_version"))
    model.set_producer_version(*v);
  if (auto v = getString("onnx.domain"))
    model.set_domain(*v);
  if (auto v = module->getAttrOfType<IntegerAttr>("onnx.model_version"))
    model.set_model_version(v.getInt());
  if (auto v = getString("onnx.doc_string"))
    model.set_doc_string(*v);
  if (auto props = module->getAttrOfType<ArrayAttr>("onnx.metadata_props")) {
    for (Attribute prop : props) {
      auto pair = dyn_cast<ArrayAttr>(prop);
      if (!pair || pair.size() != 2 || !isa<StringAttr>(pair[0]) ||
          !isa<StringAttr>(pair[1]))
        continue;
      auto *entry = model.add_metadata_props();
      entry->set_key(cast<StringAttr>(pair[0]).getValue().str());
      entry->set_value(cast<StringAttr>(pair[1]).getValue().str());
    }
  }
  if (auto opsets = module->getAttrOfType<DictionaryAttr>("onnx.opset_import")) {
    for (NamedAttribute o : opsets) {
      auto *entry = model.add_opset_import();
      StringRef domain = o.getName().getValue();
      entry->set_domain(domain == "ai.onnx" ? "" : domain.str());
      entry->set_version(cast<IntegerAttr>(o.getValue()).getInt());
    }
  } else {
    model.add_opset_import()->set_version(17);
  }
  graph = model.mutable_graph();
  graph->set_name(getString("onnx.graph_name").value_or("main"));
  if (auto v = getString("onnx.graph_doc_string"))
    graph->set_doc_string(*v);
}

LogicalResult Exporter::run(ModuleOp module, raw_ostream &os) {
  func::FuncOp func;
  for (auto f : module.getOps<func::FuncOp>()) {
    if (func)
      return module.emitError("cannot export a module with more than one "
                              "function to ONNX");
    func = f;
  }
  if (!func || func.isExternal())
    return module.emitError("cannot export to ONNX: the module has no "
                            "function body");
  if (!func.getBody().hasOneBlock())
    return func.emitError("cannot export a function with more than one block "
                          "to ONNX");

  setModelAttributes(module);

  Block &body = func.getBody().front();
  auto nameAttr = [](DictionaryAttr attrs) -> std::string {
    if (attrs)
      if (auto s = attrs.getAs<StringAttr>("onnx.name"))
        return s.getValue().str();
    return "";
  };
  auto paramsAttr = [](DictionaryAttr attrs) -> ArrayAttr {
    return attrs ? attrs.getAs<ArrayAttr>("onnx.dim_params") : ArrayAttr();
  };
  // Reserve graph input and output names first so no generated name takes
  // them.
  for (BlockArgument arg : body.getArguments()) {
    std::string name = nameAttr(func.getArgAttrDict(arg.getArgNumber()));
    names[arg] = uniqueValueName(
        name.empty() ? "input_" + std::to_string(arg.getArgNumber()) : name);
    auto *info = graph->add_input();
    info->set_name(names[arg]);
    if (failed(setType(*info, arg.getType(),
                       paramsAttr(func.getArgAttrDict(arg.getArgNumber())),
                       func.getLoc())))
      return failure();
    // An input with a default value (an initializer of the same name).
    if (auto value = func.getArgAttrOfType<ElementsAttr>(arg.getArgNumber(),
                                                         "onnx.default")) {
      onnx::TensorProto *tensor = graph->add_initializer();
      if (failed(writeTensor(value, *tensor, func.getLoc(),
                             "the default value of graph input '" +
                                 names[arg] + "'",
                             /*isInitializer=*/true)))
        return failure();
      tensor->set_name(names[arg]);
    }
  }
  auto ret = cast<func::ReturnOp>(body.getTerminator());
  SmallVector<std::pair<Value, std::string>> identities;
  SmallVector<std::string> resultNames;
  for (auto [i, value] : llvm::enumerate(ret.getOperands())) {
    std::string name = nameAttr(func.getResultAttrDict(i));
    name = uniqueValueName(name.empty() ? "output_" + std::to_string(i) : name);
    resultNames.push_back(name);
    Operation *def = value.getDefiningOp();
    if (def && !isa<arith::ConstantOp>(def) && !outputNames.count(value))
      outputNames[value] = name;
    else
      identities.push_back({value, name});
  }

  for (Operation &op : body)
    if (failed(exportOp(&op)))
      return failure();
  // A graph output that is a graph input, a constant or another output gets
  // its own Identity node.
  for (auto &[value, name] : identities) {
    onnx::NodeProto *node = graph->add_node();
    node->set_name(uniqueNodeName(name + "_identity"));
    node->set_op_type("Identity");
    node->add_input(nameOf(value));
    node->add_output(name);
  }
  for (auto [i, value] : llvm::enumerate(ret.getOperands())) {
    auto *info = graph->add_output();
    info->set_name(resultNames[i]);
    if (failed(setType(*info, value.getType(),
                       paramsAttr(func.getResultAttrDict(i)), func.getLoc())))
      return failure();
  }
  // Intermediate types, so that a re-import sees exactly these types.
  for (Operation &op : body) {
    if (isa<arith::ConstantOp>(op))
      continue;
    for (Value result : op.getResults()) {
      if (outputNames.count(result) || !isa<RankedTensorType>(result.getType()))
        continue;
      auto *info = graph->add_value_info();
      info->set_name(names[result]);
      if (failed(setType(*info, result.getType(), nullptr, op.getLoc())))
        return failure();
    }
  }

  // IR 3 requires every initializer to be listed as a graph input too (and
  // such inputs are constants there).
  if (model.ir_version() < 4) {
    addInitializersAsInputs(*graph, *graph);
  }

  try {
    checkModelWithLibONNX(model);
  } catch (const std::exception &e) {
    return module.emitError() << "the exported model fails onnx::checker: "
                              << e.what();
  }
  SmallVector<std::string> pieces;
  SmallVector<ArrayRef<char>> data;
  uint64_t size = serializeAroundBorrowedData(pieces, data);
  if (!module->hasAttr("onnx.external_data") &&
      size <= std::min<uint64_t>(options.maxModelBytes, kMaxONNXModelBytes)) {
    for (auto [piece, bytes] : llvm::zip_equal(pieces, data)) {
      os << piece;
      os.write(bytes.data(), bytes.size());
    }
    return success();
  }
  pieces.clear();
  copyBorrowedData();
  if (failed(writeExternalData(module)))
    return failure();
  std::string out;
  if (!model.SerializeToString(&out))
    return module.emitError("failed to serialize the ONNX model (larger than "
                            "2 GiB?)");
  os << out;
  return success();
}

void Exporter::copyBorrowedData() {
  for (auto [tensor, bytes] : borrowedData)
    const_cast<onnx::TensorProto *>(tensor)->set_raw_data(bytes.data(),
                                                          bytes.size());
  borrowedData.clear();
}

/// Protobuf's wire format, for serializeAroundBorrowedData.
namespace {
enum : uint32_t { kWireLengthDelimited = 2 };
constexpr uint32_t kModelGraphField = 7, kGraphInitializerField = 5,
                   kTensorRawDataField = 9;

size_t varintSize(uint64_t value) {
  size_t size = 1;
  for (; value >= 0x80; value >>= 7)
    ++size;
  return size;
}

void appendVarint(std::string &out, uint64_t value) {
  for (; value >= 0x80; value >>= 7)
    out.push_back(static_cast<char>((value & 0x7f) | 0x80));
  out.push_back(static_cast<char>(value));
}

/// The key and length of a length-delimited field `field` holding `length`
/// bytes.
void appendLengthDelimitedKey(std::string &out, uint32_t field,
                              uint64_t length) {
  appendVarint(out, field << 3 | kWireLengthDelimited);
  appendVarint(out, length);
}

uint64_t readVarint(StringRef bytes, size_t &pos) {
  uint64_t value = 0;
  for (unsigned shift = 0; pos < bytes.size(); shift += 7) {
    auto byte = static_cast<uint8_t>(bytes[pos++]);
    value |= static_cast<uint64_t>(byte & 0x7f) << shift;
    if (!(byte & 0x80))
      break;
  }
  return value;
}

/// Where the fields numbered above `field` begin in `bytes`, a message
/// protobuf serialized (fields in number order).
size_t offsetOfFieldsAfter(StringRef bytes, uint32_t field) {
  size_t pos = 0;
  while (pos < bytes.size()) {
    size_t start = pos;
    uint64_t key = readVarint(bytes, pos);
    if ((key >> 3) > field)
      return start;
    switch (key & 7) {
    case 0: readVarint(bytes, pos); break;
    case 1: pos += 8; break;
    case kWireLengthDelimited: pos += readVarint(bytes, pos); break;
    case 5: pos += 4; break;
    default: llvm_unreachable("ONNX messages have no groups");
    }
  }
  return bytes.size();
}
} // namespace

// Each message on the path to a borrowed tensor (model, graph, tensor) is
// serialized without its field on that path, and split where the field
// goes; the lengths of the enclosing messages are computed from the pieces.
// Protobuf writes known fields in number order, and these messages have no
// unknown ones, so the bytes are SerializeToString's.
uint64_t
Exporter::serializeAroundBorrowedData(SmallVectorImpl<std::string> &pieces,
                                      SmallVectorImpl<ArrayRef<char>> &data) {
  auto split = [](const std::string &bytes, uint32_t field) {
    size_t at = offsetOfFieldsAfter(bytes, field);
    return std::make_pair(bytes.substr(0, at), bytes.substr(at));
  };
  // The graph without its initializers, the model without its graph.
  google::protobuf::RepeatedPtrField<onnx::TensorProto> initializers;
  initializers.Swap(graph->mutable_initializer());
  auto [graphHead, graphTail] =
      split(graph->SerializeAsString(), kGraphInitializerField);
  std::unique_ptr<onnx::GraphProto> ownedGraph(model.release_graph());
  auto [modelHead, modelTail] =
      split(model.SerializeAsString(), kModelGraphField);
  model.set_allocated_graph(ownedGraph.release());
  initializers.Swap(graph->mutable_initializer());

  // Pieces of the graph: its head, then each initializer (borrowed data
  // after its head), its tail.
  SmallVector<std::string> graphPieces{graphHead};
  SmallVector<ArrayRef<char>> graphData{ArrayRef<char>()};
  uint64_t graphSize = graphHead.size() + graphTail.size();
  for (onnx::TensorProto &tensor : *graph->mutable_initializer()) {
    auto borrowed = borrowedData.find(&tensor);
    if (borrowed == borrowedData.end()) {
      std::string bytes = tensor.SerializeAsString();
      graphSize += 1 + varintSize(bytes.size()) + bytes.size();
      appendLengthDelimitedKey(graphPieces.back(), kGraphInitializerField,
                               bytes.size());
      graphPieces.back() += bytes;
      continue;
    }
    ArrayRef<char> bytes = borrowed->second;
    std::string placeholder = tensor.raw_data();
    tensor.clear_raw_data();
    auto [head, tail] = split(tensor.SerializeAsString(), kTensorRawDataField);
    tensor.set_raw_data(placeholder);
    uint64_t tensorSize = head.size() + 1 + varintSize(bytes.size()) +
                          bytes.size() + tail.size();
    graphSize += 1 + varintSize(tensorSize) + tensorSize;
    appendLengthDelimitedKey(graphPieces.back(), kGraphInitializerField,
                             tensorSize);
    graphPieces.back() += head;
    appendLengthDelimitedKey(graphPieces.back(), kTensorRawDataField,
                             bytes.size());
    graphData.back() = bytes;
    graphPieces.push_back(tail);
    graphData.push_back(ArrayRef<char>());
  }
  graphPieces.back() += graphTail;

  appendLengthDelimitedKey(modelHead, kModelGraphField, graphSize);
  graphPieces.front().insert(0, modelHead);
  graphPieces.back() += modelTail;
  pieces.append(graphPieces.begin(), graphPieces.end());
  data.append(graphData.begin(), graphData.end());
  return modelHead.size() + graphSize + modelTail.size();
}

LogicalResult Exporter::writeExternalData(ModuleOp module) {
  if (options.outputPath.empty() || options.outputPath == "-" ||
      !options.writeExternalData)
    return module.emitError()
           << "the model keeps its tensors in a file beside it (its input "
              "did, or it is larger than --max-model-bytes, 2 GiB by "
              "default): give an output file (-o), "
              "beside which that file is written";
  std::string path = options.outputPath + ".data";
  std::string location = llvm::sys::path::filename(path).str();
  std::string data;
  for (onnx::TensorProto &tensor : *graph->mutable_initializer()) {
    if (!tensor.has_raw_data() ||
        tensor.raw_data().size() < kMinExternalTensorBytes)
      continue;
    // Offsets at multiples of 4096, so that a reader may map them.
    data.resize(llvm::alignTo(data.size(), 4096), '\0');
    uint64_t offset = data.size();
    uint64_t length = tensor.raw_data().size();
    data += tensor.raw_data();
    std::string().swap(*tensor.mutable_raw_data());
    tensor.clear_raw_data();
    tensor.set_data_location(onnx::TensorProto::EXTERNAL);
    for (auto [key, value] :
         {std::pair<std::string, std::string>{"location", location},
          {"offset", std::to_string(offset)},
          {"length", std::to_string(length)}}) {
      auto *entry = tensor.add_external_data();
      entry->set_key(key);
      entry->set_value(value);
    }
  }
  return options.writeExternalData(path, data);
}

LogicalResult bnfold::exportONNX(ModuleOp module, raw_ostream &os,
                                 const ONNXExportOptions &options) {
  Exporter exporter(options);
  return exporter.run(module, os);
}

LogicalResult bnfold::exportONNX(ModuleOp module, std::string &out,
                                 const ONNXExportOptions &options) {
  llvm::raw_string_ostream os(out);
  return exportONNX(module, os, options);
}
