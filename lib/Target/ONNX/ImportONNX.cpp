//===- ImportONNX.cpp - ONNX model -> nn.onnx_op module -------------------===//
//
// Reads the tensors stored beside the model (ExternalData.h), checks the
// model with onnx::checker and infers every value's type with ONNX shape
// inference (as libonnx 1.12 can judge it, LibONNXCompat.h), then builds `func.func @main` structurally: each node an
// `nn.onnx_op` holding its op type, domain and attributes; initializers (and
// Constant nodes holding a tensor) arith.constant ops, created just before
// their first use; graph inputs the function's arguments. Names are kept
// (node names as locations, graph input/output names as argument/result
// attributes), and so are the model's opsets and metadata (module
// attributes). Raising the nodes to nn ops is a pass: convert-onnx-to-nn.
//
//===----------------------------------------------------------------------===//

#include "bnfold/Target/ONNX/ONNXTranslation.h"
#include "ExternalData.h"
#include "ONNXTypes.h"
#include "ShapeInference.h"

#include "bnfold/Dialect/NN/IR/NNOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Verifier.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FormatVariadic.h"

using namespace mlir;
using namespace bnfold;
using namespace bnfold::nn;
using namespace bnfold::onnx_translation;

namespace {

/// Initializers with more elements than this become dense_resource blobs.
constexpr int64_t kResourceThreshold = 16;
constexpr int64_t kMinOpset = 11, kMaxOpset = 21;

class Importer {
public:
  Importer(MLIRContext *context, StringRef fileName,
           const ONNXImportOptions &options)
      : context(context), builder(context), fileName(fileName),
        options(options) {}

  OwningOpRef<ModuleOp> run(StringRef bytes);

private:
  InFlightDiagnostic error(Location loc) { return emitError(loc); }
  InFlightDiagnostic fileError() { return emitError(fileLoc()); }
  /// The model file, as the user named it; line 0: no line in a binary.
  Location fileLoc() { return FileLineColLoc::get(context, fileName, 0, 0); }
  /// A node or tensor `name` of the model: the name (which the export
  /// writes back) in the model file (which remarks name, also after the
  /// IR went through bnfold-opt).
  Location namedLoc(StringRef name) {
    return NameLoc::get(StringAttr::get(context, name), fileLoc());
  }
  Location nodeLoc(const onnx::NodeProto &node);
  std::string nodeDesc(const onnx::NodeProto &node);

  FailureOr<Type> convertType(const onnx::TypeProto &type, StringRef what,
                              Location loc);
  ArrayAttr dimParams(const onnx::TypeProto &type);
  /// The value named `name`: a graph input, a node output or an initializer
  /// (materialized on first use). Null if undefined.
  Value lookup(StringRef name, Location useLoc, bool &failed);
  /// The constant tensor named `name` (initializer or Constant node), if any.
  onnx::TensorProto *constantTensor(StringRef name);

  /// Takes `node`'s tensors' data (tensorFromONNX).
  LogicalResult importNode(onnx::NodeProto &node);
  /// Refuses a training BatchNormalization (bnfold folds inference graphs).
  LogicalResult checkInferenceBatchNorm(const onnx::NodeProto &node,
                                        Location loc);
  void setModelAttributes(ModuleOp module);
  FailureOr<SmallVector<Value>> buildCarrier(onnx::NodeProto &node,
                                             ArrayRef<Value> inputs,
                                             ArrayRef<bool> inputPresent,
                                             ArrayRef<Type> outputTypes,
                                             ArrayRef<bool> outputPresent,
                                             Location loc);
  MLIRContext *context;
  OpBuilder builder;
  OpBuilder constantBuilder{(MLIRContext *)nullptr};
  StringRef fileName;
  const ONNXImportOptions &options;
  onnx::ModelProto model;
  llvm::StringMap<Value> values;
  /// The model's constant tensors; a blob takes over each one's data when it
  /// is materialized.
  llvm::StringMap<onnx::TensorProto *> constants;
  /// Whether some tensor was stored beside the model (external data).
  bool usedExternalData = false;
  /// The names in `constants` that are Constant nodes' outputs.
  llvm::StringSet<> constantNodeOutputs;
  llvm::StringMap<onnx::TypeProto> types;
};

} // namespace

Location Importer::nodeLoc(const onnx::NodeProto &node) {
  StringRef name = node.name();
  if (name.empty() && node.output_size() > 0)
    name = node.output(0);
  return namedLoc(name);
}

std::string Importer::nodeDesc(const onnx::NodeProto &node) {
  StringRef name = node.name();
  if (name.empty() && node.output_size() > 0)
    name = node.output(0);
  return llvm::formatv("node '{0}' ({1})", name, node.op_type()).str();
}

FailureOr<Type> Importer::convertType(const onnx::TypeProto &type,
                                      StringRef what, Location loc) {
  if (!type.has_tensor_type()) {
    error(loc) << what << " is not a tensor (sequence, map and optional "
                          "values are not supported)";
    return failure();
  }
  const auto &tensor = type.tensor_type();
  Type elementType = elementTypeFromONNX(tensor.elem_type(), context);
  if (!elementType) {
    error(loc) << what << " has element type "
               << dataTypeName(tensor.elem_type())
               << ", which bnfold does not support";
    return failure();
  }
  if (!tensor.has_shape())
    return Type(UnrankedTensorType::get(elementType));
  SmallVector<int64_t> dims;
  for (const auto &dim : tensor.shape().dim())
    dims.push_back(dim.has_dim_value() && dim.dim_value() >= 0
                       ? dim.dim_value()
                       : ShapedType::kDynamic);
  return Type(RankedTensorType::get(dims, elementType));
}

ArrayAttr Importer::dimParams(const onnx::TypeProto &type) {
  if (!type.has_tensor_type() || !type.tensor_type().has_shape())
    return nullptr;
  SmallVector<Attribute> names;
  bool any = false;
  for (const auto &dim : type.tensor_type().shape().dim()) {
    names.push_back(StringAttr::get(context, dim.dim_param()));
    any |= !dim.dim_param().empty();
  }
  return any ? ArrayAttr::get(context, names) : nullptr;
}

onnx::TensorProto *Importer::constantTensor(StringRef name) {
  auto it = constants.find(name);
  return it == constants.end() ? nullptr : it->second;
}

Value Importer::lookup(StringRef name, Location useLoc, bool &failed) {
  auto it = values.find(name);
  if (it != values.end())
    return it->second;
  onnx::TensorProto *tensor = constantTensor(name);
  if (!tensor)
    return nullptr;
  std::string message;
  ElementsAttr attr = tensorFromONNX(*tensor, context, kResourceThreshold,
                                     name, message);
  if (!attr) {
    error(useLoc) << (constantNodeOutputs.contains(name)
                          ? "the tensor of Constant node output '"
                          : "initializer '")
                  << name << "' " << message;
    failed = true;
    return nullptr;
  }
  Value value = arith::ConstantOp::create(constantBuilder, namedLoc(name), attr);
  values[name] = value;
  return value;
}

FailureOr<SmallVector<Value>> Importer::buildCarrier(
    onnx::NodeProto &node, ArrayRef<Value> inputs,
    ArrayRef<bool> inputPresent, ArrayRef<Type> outputTypes,
    ArrayRef<bool> outputPresent, Location loc) {
  SmallVector<NamedAttribute> attrs;
  for (auto &a : *node.mutable_attribute()) {
    Attribute value;
    switch (a.type()) {
    case onnx::AttributeProto::INT:
      value = builder.getI64IntegerAttr(a.i());
      break;
    case onnx::AttributeProto::FLOAT:
      value = builder.getF32FloatAttr(a.f());
      break;
    case onnx::AttributeProto::STRING:
      value = builder.getStringAttr(a.s());
      break;
    case onnx::AttributeProto::INTS:
      value = builder.getDenseI64ArrayAttr(
          SmallVector<int64_t>(a.ints().begin(), a.ints().end()));
      break;
    case onnx::AttributeProto::FLOATS:
      value = builder.getDenseF32ArrayAttr(
          SmallVector<float>(a.floats().begin(), a.floats().end()));
      break;
    case onnx::AttributeProto::STRINGS: {
      SmallVector<Attribute> strings;
      for (const auto &s : a.strings())
        strings.push_back(builder.getStringAttr(s));
      value = builder.getArrayAttr(strings);
      break;
    }
    case onnx::AttributeProto::TENSOR: {
      std::string message;
      value = tensorFromONNX(*a.mutable_t(), context, kResourceThreshold,
                             node.name() + "." + a.name(), message);
      if (!value) {
        error(loc) << nodeDesc(node) << ": tensor attribute '" << a.name()
                   << "' " << message;
        return failure();
      }
      break;
    }
    default:
      error(loc) << nodeDesc(node) << ": attribute '" << a.name()
                 << "' has type "
                 << onnx::AttributeProto::AttributeType_Name(a.type())
                 << ", which bnfold cannot represent (subgraphs, sparse "
                    "tensors and type protos are not supported)";
      return failure();
    }
    attrs.push_back(builder.getNamedAttr(a.name(), value));
  }
  SmallVector<int64_t> absentInputs, absentOutputs;
  for (auto [i, present] : llvm::enumerate(inputPresent))
    if (!present)
      absentInputs.push_back(i);
  for (auto [i, present] : llvm::enumerate(outputPresent))
    if (!present)
      absentOutputs.push_back(i);
  auto op = OnnxOp::create(
      builder, loc, outputTypes, inputs, builder.getStringAttr(node.op_type()),
      node.domain().empty() ? StringAttr()
                            : builder.getStringAttr(node.domain()),
      attrs.empty() ? DictionaryAttr() : builder.getDictionaryAttr(attrs),
      absentInputs.empty() ? DenseI64ArrayAttr()
                           : builder.getDenseI64ArrayAttr(absentInputs),
      absentOutputs.empty() ? DenseI64ArrayAttr()
                            : builder.getDenseI64ArrayAttr(absentOutputs));
  return SmallVector<Value>(op->getResults());
}

LogicalResult Importer::checkInferenceBatchNorm(const onnx::NodeProto &node,
                                                Location loc) {
  if (node.op_type() != "BatchNormalization" ||
      (!node.domain().empty() && node.domain() != "ai.onnx"))
    return success();
  for (const auto &a : node.attribute())
    if (a.name() == "training_mode" &&
        a.type() == onnx::AttributeProto::INT && a.i() != 0)
      return error(loc) << nodeDesc(node)
                        << " has training_mode = 1; only inference batch "
                           "norms can be imported (export the model in eval "
                           "mode)";
  int presentOutputs = 0;
  for (const auto &o : node.output())
    presentOutputs += !o.empty();
  if (presentOutputs != 1)
    return error(loc) << nodeDesc(node) << " has " << presentOutputs
                      << " outputs; the extra outputs (running mean/variance) "
                         "exist only in training, which bnfold does not "
                         "support";
  return success();
}

LogicalResult Importer::importNode(onnx::NodeProto &node) {
  Location loc = nodeLoc(node);
  // Constant nodes holding a tensor are initializers by another name.
  if (node.op_type() == "Constant" &&
      (node.domain().empty() || node.domain() == "ai.onnx") &&
      node.attribute_size() == 1 && node.attribute(0).name() == "value" &&
      node.attribute(0).type() == onnx::AttributeProto::TENSOR &&
      node.output_size() == 1) {
    constants[node.output(0)] = node.mutable_attribute(0)->mutable_t();
    constantNodeOutputs.insert(node.output(0));
    return success();
  }
  SmallVector<Value> inputs;
  SmallVector<bool> inputPresent;
  for (const std::string &name : node.input()) {
    inputPresent.push_back(!name.empty());
    if (name.empty())
      continue;
    bool failed = false;
    Value value = lookup(name, loc, failed);
    if (failed)
      return failure();
    if (!value)
      return error(loc) << nodeDesc(node) << ": input '" << name
                        << "' is not defined";
    inputs.push_back(value);
  }
  SmallVector<Type> outputTypes;
  SmallVector<bool> outputPresent;
  for (const std::string &name : node.output()) {
    outputPresent.push_back(!name.empty());
    if (name.empty())
      continue;
    auto it = types.find(name);
    if (it == types.end())
      return error(loc) << nodeDesc(node) << ": ONNX shape inference found "
                        << "no type for output '" << name << "'";
    FailureOr<Type> type =
        convertType(it->second, "output '" + name + "' of " + nodeDesc(node),
                    loc);
    if (failed(type))
      return failure();
    outputTypes.push_back(*type);
  }
  if (failed(checkInferenceBatchNorm(node, loc)))
    return failure();
  FailureOr<SmallVector<Value>> results = buildCarrier(
      node, inputs, inputPresent, outputTypes, outputPresent, loc);
  if (failed(results))
    return failure();
  unsigned next = 0;
  for (const std::string &name : node.output())
    if (!name.empty())
      values[name] = (*results)[next++];
  return success();
}

/// The model's opsets, IR version and metadata (docs/onnx.md, "Names").
void Importer::setModelAttributes(ModuleOp module) {
  const onnx::GraphProto &graph = model.graph();
  auto setString = [&](StringRef name, const std::string &value) {
    if (!value.empty())
      module->setAttr(name, builder.getStringAttr(value));
  };
  SmallVector<NamedAttribute> opsets;
  for (const auto &o : model.opset_import())
    opsets.push_back(builder.getNamedAttr(
        o.domain().empty() ? "ai.onnx" : o.domain(),
        builder.getI64IntegerAttr(o.version())));
  module->setAttr("onnx.opset_import", builder.getDictionaryAttr(opsets));
  module->setAttr("onnx.ir_version",
                  builder.getI64IntegerAttr(model.ir_version()));
  setString("onnx.producer_name", model.producer_name());
  setString("onnx.producer_version", model.producer_version());
  setString("onnx.domain", model.domain());
  if (model.model_version() != 0)
    module->setAttr("onnx.model_version",
                    builder.getI64IntegerAttr(model.model_version()));
  setString("onnx.doc_string", model.doc_string());
  if (model.metadata_props_size() > 0) {
    // Key-value pairs in the model's order.
    SmallVector<Attribute> props;
    for (const auto &p : model.metadata_props())
      props.push_back(builder.getStrArrayAttr({p.key(), p.value()}));
    module->setAttr("onnx.metadata_props", builder.getArrayAttr(props));
  }
  setString("onnx.graph_name", graph.name());
  setString("onnx.graph_doc_string", graph.doc_string());
  // The export writes external data again.
  if (usedExternalData)
    module->setAttr("onnx.external_data", builder.getUnitAttr());
}

OwningOpRef<ModuleOp> Importer::run(StringRef bytes) {
  if (bytes.size() > kMaxONNXModelBytes) {
    fileError() << "the file is larger than 2 GiB, which protobuf cannot parse";
    return nullptr;
  }
  if (!model.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
    fileError() << "not a valid ONNX model: the file is not a ModelProto "
                   "protobuf message (truncated or corrupted?)";
    return nullptr;
  }
  if (!model.has_graph() || model.ir_version() <= 0) {
    fileError() << "not a valid ONNX model: it has no "
                << (model.has_graph() ? "ir_version" : "graph");
    return nullptr;
  }
  // "" and "ai.onnx" both name the default domain; an entry per domain.
  llvm::StringMap<int64_t> domainVersions;
  for (const auto &o : model.opset_import()) {
    StringRef domain = o.domain() == "ai.onnx" ? "" : StringRef(o.domain());
    auto [it, inserted] = domainVersions.try_emplace(domain, o.version());
    if (!inserted) {
      fileError() << "not a valid ONNX model: it imports the "
                  << (domain.empty() ? Twine("default ONNX domain")
                                     : "domain '" + domain + "'")
                  << " twice (opsets " << it->second << " and "
                  << o.version() << ")";
      return nullptr;
    }
  }
  auto defaultOpset = domainVersions.find("");
  if (defaultOpset == domainVersions.end()) {
    fileError() << "the model does not import the default ONNX domain; "
                << "bnfold supports opsets " << kMinOpset << " to "
                << kMaxOpset;
    return nullptr;
  }
  int64_t opset = defaultOpset->second;
  if (opset < kMinOpset || opset > kMaxOpset) {
    fileError() << "the model uses ONNX opset " << opset
                << "; bnfold supports opsets " << kMinOpset << " to "
                << kMaxOpset;
    return nullptr;
  }
  std::string message;
  if (!loadExternalData(model, fileName, usedExternalData, message)) {
    fileError() << message;
    return nullptr;
  }
  if (!checkAndInferTypes(
          model,
          options.shapeInferenceTimeout.value_or(
              getDefaultShapeInferenceTimeout(bytes.size())),
          message)) {
    fileError() << message;
    return nullptr;
  }

  const onnx::GraphProto &graph = model.graph();
  for (const auto &vi : graph.value_info())
    types[vi.name()] = vi.type();
  for (const auto &vi : graph.output())
    types.try_emplace(vi.name(), vi.type());
  for (auto &init : *model.mutable_graph()->mutable_initializer())
    constants[init.name()] = &init;

  Location fileLoc = this->fileLoc();
  OwningOpRef<ModuleOp> module = ModuleOp::create(fileLoc);
  builder.setInsertionPointToEnd(module->getBody());

  // A graph input that is also an initializer: in IR 3 every initializer
  // is listed as an input and is a constant (onnxruntime does not let
  // callers override them); from IR 4 on, the initializer is the input's
  // default value, which a caller may override: an argument, whose default
  // the export writes back (`onnx.default`), never a constant to fold.
  bool initializerInputsAreConstants = model.ir_version() < 4;
  SmallVector<Type> argTypes;
  SmallVector<const onnx::ValueInfoProto *> args;
  SmallVector<ElementsAttr> argDefaults;
  for (const auto &vi : graph.input()) {
    onnx::TensorProto *initializer = constantTensor(vi.name());
    if (initializer && initializerInputsAreConstants)
      continue;
    FailureOr<Type> type =
        convertType(vi.type(), "graph input '" + vi.name() + "'", fileLoc);
    if (failed(type))
      return nullptr;
    ElementsAttr defaultValue;
    if (initializer) {
      constants.erase(vi.name());
      std::string message;
      defaultValue = tensorFromONNX(*initializer, context, kResourceThreshold,
                                    vi.name(), message);
      if (!defaultValue) {
        fileError() << "initializer '" << vi.name() << "' " << message;
        return nullptr;
      }
    }
    argTypes.push_back(*type);
    args.push_back(&vi);
    argDefaults.push_back(defaultValue);
  }
  auto func = func::FuncOp::create(builder, fileLoc, "main",
                                   builder.getFunctionType(argTypes, {}));
  Block *body = func.addEntryBlock();
  for (auto [i, vi] : llvm::enumerate(args)) {
    values[vi->name()] = body->getArgument(i);
    body->getArgument(i).setLoc(namedLoc(vi->name()));
    func.setArgAttr(i, "onnx.name", builder.getStringAttr(vi->name()));
    if (ArrayAttr params = dimParams(vi->type()))
      func.setArgAttr(i, "onnx.dim_params", params);
    if (argDefaults[i])
      func.setArgAttr(i, "onnx.default", argDefaults[i]);
  }
  builder.setInsertionPointToEnd(body);
  constantBuilder = OpBuilder::atBlockBegin(body);

  for (auto &node : *model.mutable_graph()->mutable_node())
    if (failed(importNode(node)))
      return nullptr;

  SmallVector<Value> results;
  SmallVector<Type> resultTypes;
  for (const auto &vi : graph.output()) {
    bool failed = false;
    Value value = lookup(vi.name(), fileLoc, failed);
    if (failed)
      return nullptr;
    if (!value) {
      fileError() << "graph output '" << vi.name() << "' is not defined";
      return nullptr;
    }
    results.push_back(value);
    resultTypes.push_back(value.getType());
  }
  func::ReturnOp::create(builder, fileLoc, results);
  func.setFunctionType(builder.getFunctionType(argTypes, resultTypes));
  for (auto [i, vi] : llvm::enumerate(graph.output())) {
    func.setResultAttr(i, "onnx.name", builder.getStringAttr(vi.name()));
    if (ArrayAttr params = dimParams(vi.type()))
      func.setResultAttr(i, "onnx.dim_params", params);
  }

  setModelAttributes(*module);

  if (failed(verify(*module)))
    return nullptr;
  return module;
}

unsigned bnfold::getDefaultShapeInferenceTimeout(uint64_t modelBytes) {
  return 10 + static_cast<unsigned>(modelBytes >> 23);
}

OwningOpRef<ModuleOp> bnfold::importONNX(StringRef bytes, StringRef fileName,
                                         MLIRContext *context,
                                         const ONNXImportOptions &options) {
  context->loadDialect<NNDialect, func::FuncDialect, arith::ArithDialect>();
  Importer importer(context, fileName, options);
  return importer.run(bytes);
}
