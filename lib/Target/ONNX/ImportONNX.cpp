//===- ImportONNX.cpp - ONNX model -> nn dialect --------------------------===//
//
// Checks the model with onnx::checker, infers every value's type with ONNX
// shape inference, then builds `func.func @main` node by node. A node becomes
// an nn op when its semantics match one exactly and the types fit; otherwise
// it is carried as `nn.onnx_op`, which is always correct. Initializers (and
// Constant nodes) become arith.constant ops, created on first use.
//
//===----------------------------------------------------------------------===//

#include "bnfold/Target/ONNX/ONNXTranslation.h"
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
constexpr int64_t kMinOpset = 11, kMaxOpset = 17;

bool isNNFloat(Type t) { return t.isF16() || t.isBF16() || t.isF32() || t.isF64(); }

RankedTensorType rankedFloat(Value v, int64_t rank = -1) {
  auto type = dyn_cast_or_null<RankedTensorType>(v ? v.getType() : Type());
  if (!type || !isNNFloat(type.getElementType()))
    return nullptr;
  if (rank >= 0 && type.getRank() != rank)
    return nullptr;
  return type;
}

class Importer {
public:
  Importer(MLIRContext *context, StringRef fileName,
           const ONNXImportOptions &options)
      : context(context), builder(context), fileName(fileName),
        options(options) {}

  OwningOpRef<ModuleOp> run(StringRef bytes);

private:
  InFlightDiagnostic error(Location loc) { return emitError(loc); }
  InFlightDiagnostic fileError() {
    return emitError(FileLineColLoc::get(context, fileName, 0, 0));
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
  const onnx::TensorProto *constantTensor(StringRef name);

  LogicalResult importNode(const onnx::NodeProto &node);
  /// Builds the nn op for `node`, or returns an empty vector when no nn op
  /// fits (the node is then carried as nn.onnx_op). failure() = error.
  FailureOr<SmallVector<Value>> mapToNN(const onnx::NodeProto &node,
                                        ArrayRef<Value> inputs,
                                        ArrayRef<Type> outputTypes,
                                        Location loc);
  FailureOr<SmallVector<Value>> buildCarrier(const onnx::NodeProto &node,
                                             ArrayRef<Value> inputs,
                                             ArrayRef<bool> inputPresent,
                                             ArrayRef<Type> outputTypes,
                                             ArrayRef<bool> outputPresent,
                                             Location loc);
  /// Keeps `op` if it verifies; otherwise erases it silently so the caller
  /// can fall back to the carrier (and sets `whyInvalid`, if given, to the
  /// verifier's complaint).
  SmallVector<Value> keepIfValid(Operation *op,
                                 std::string *whyInvalid = nullptr);

  MLIRContext *context;
  OpBuilder builder;
  OpBuilder constantBuilder{(MLIRContext *)nullptr};
  StringRef fileName;
  const ONNXImportOptions &options;
  onnx::ModelProto model;
  llvm::StringMap<Value> values;
  llvm::StringMap<const onnx::TensorProto *> constants;
  /// The names in `constants` that are Constant nodes' outputs.
  llvm::StringSet<> constantNodeOutputs;
  llvm::StringMap<onnx::TypeProto> types;
};

} // namespace

Location Importer::nodeLoc(const onnx::NodeProto &node) {
  StringRef name = node.name();
  if (name.empty() && node.output_size() > 0)
    name = node.output(0);
  return NameLoc::get(StringAttr::get(context, name));
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

const onnx::TensorProto *Importer::constantTensor(StringRef name) {
  auto it = constants.find(name);
  return it == constants.end() ? nullptr : it->second;
}

Value Importer::lookup(StringRef name, Location useLoc, bool &failed) {
  auto it = values.find(name);
  if (it != values.end())
    return it->second;
  const onnx::TensorProto *tensor = constantTensor(name);
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
  Location loc = NameLoc::get(StringAttr::get(context, name));
  Value value = arith::ConstantOp::create(constantBuilder, loc, attr);
  values[name] = value;
  return value;
}

SmallVector<Value> Importer::keepIfValid(Operation *op,
                                         std::string *whyInvalid) {
  {
    // The nn verifiers decide whether the node's types fit the nn op; their
    // complaints are not errors here, just a reason to use the carrier.
    ScopedDiagnosticHandler silence(context, [&](Diagnostic &diag) {
      if (whyInvalid && whyInvalid->empty())
        *whyInvalid = diag.str();
      return success();
    });
    if (succeeded(verify(op)))
      return SmallVector<Value>(op->getResults());
  }
  op->erase();
  return {};
}

static int64_t intAttr(const onnx::NodeProto &node, StringRef name,
                       int64_t defaultValue) {
  for (const auto &a : node.attribute())
    if (a.name() == name && a.type() == onnx::AttributeProto::INT)
      return a.i();
  return defaultValue;
}
static float floatAttr(const onnx::NodeProto &node, StringRef name,
                       float defaultValue) {
  for (const auto &a : node.attribute())
    if (a.name() == name && a.type() == onnx::AttributeProto::FLOAT)
      return a.f();
  return defaultValue;
}
static std::string stringAttr(const onnx::NodeProto &node, StringRef name,
                              StringRef defaultValue) {
  for (const auto &a : node.attribute())
    if (a.name() == name && a.type() == onnx::AttributeProto::STRING)
      return a.s();
  return defaultValue.str();
}
static std::optional<SmallVector<int64_t>>
intsAttr(const onnx::NodeProto &node, StringRef name) {
  for (const auto &a : node.attribute())
    if (a.name() == name && a.type() == onnx::AttributeProto::INTS)
      return SmallVector<int64_t>(a.ints().begin(), a.ints().end());
  return std::nullopt;
}


FailureOr<SmallVector<Value>>
Importer::mapToNN(const onnx::NodeProto &node, ArrayRef<Value> inputs,
                  ArrayRef<Type> outputTypes, Location loc) {
  StringRef opType = node.op_type();
  SmallVector<Value> none;
  if (!node.domain().empty() && node.domain() != "ai.onnx")
    return none;
  auto input = [&](size_t i) -> Value {
    return i < inputs.size() ? inputs[i] : Value();
  };
  // Single-result ops only below (BatchNormalization checks its own).
  auto resultType = [&]() -> RankedTensorType {
    if (outputTypes.size() != 1)
      return nullptr;
    auto type = dyn_cast<RankedTensorType>(outputTypes[0]);
    return type && isNNFloat(type.getElementType()) ? type : nullptr;
  };

  if (opType == "BatchNormalization") {
    if (intAttr(node, "training_mode", 0) != 0) {
      error(loc) << nodeDesc(node)
                 << " has training_mode = 1; only inference batch norms can "
                    "be imported (export the model in eval mode)";
      return failure();
    }
    int presentOutputs = 0;
    for (const auto &o : node.output())
      presentOutputs += !o.empty();
    if (presentOutputs != 1) {
      error(loc) << nodeDesc(node) << " has " << presentOutputs
                 << " outputs; the extra outputs (running mean/variance) "
                    "exist only in training, which bnfold does not support";
      return failure();
    }
    // When it is carried, --fold-onnx reports why.
    auto carry = [&](const Twine &why) {
      if (options.remarkCarriedBatchNorms)
        emitRemark(loc) << "not folded: imported as 'nn.onnx_op' because "
                        << why;
      return none;
    };
    RankedTensorType x = rankedFloat(input(0));
    if (!x || x.getRank() < 2)
      return carry("its input is not a ranked f16, bf16, f32 or f64 tensor "
                   "of rank 2 or more");
    if (inputs.size() != 5 || resultType() != x)
      return carry("its result type differs from its input type");
    static constexpr const char *kParams[] = {"scale", "B", "input_mean",
                                              "input_var"};
    for (int i = 1; i < 5; ++i)
      if (!rankedFloat(input(i), 1))
        return carry(Twine("its input '") + kParams[i - 1] +
                     "' is not a 1-D f16, bf16, f32 or f64 tensor");
    Layout nchw = Layout::NCHW;
    auto bn = BatchNormOp::create(
        builder, loc, x, input(0), input(3), input(4), input(1), input(2),
        builder.getF64FloatAttr(floatAttr(node, "epsilon", 1e-5f)),
        x.getRank() == 4 ? LayoutAttr::get(context, nchw) : LayoutAttr(),
        x.getRank() == 4 ? IntegerAttr() : builder.getI64IntegerAttr(1));
    std::string whyInvalid;
    SmallVector<Value> results = keepIfValid(bn, &whyInvalid);
    if (results.empty())
      return carry(whyInvalid);
    return results;
  }

  if (opType == "Conv") {
    RankedTensorType x = rankedFloat(input(0), 4), w = rankedFloat(input(1), 4);
    RankedTensorType out = resultType();
    if (!x || !w || !out || out.getRank() != 4 || inputs.size() > 3 ||
        (input(2) && !rankedFloat(input(2), 1)))
      return none;
    int64_t group = intAttr(node, "group", 1);
    SmallVector<int64_t> strides =
        intsAttr(node, "strides").value_or(SmallVector<int64_t>{1, 1});
    SmallVector<int64_t> dilations =
        intsAttr(node, "dilations").value_or(SmallVector<int64_t>{1, 1});
    SmallVector<int64_t> pads =
        intsAttr(node, "pads").value_or(SmallVector<int64_t>{0, 0, 0, 0});
    if (strides.size() != 2 || dilations.size() != 2 || pads.size() != 4)
      return none;
    if (auto kernel = intsAttr(node, "kernel_shape"))
      if (*kernel != SmallVector<int64_t>{w.getDimSize(2), w.getDimSize(3)})
        return none;
    std::string autoPad = stringAttr(node, "auto_pad", "NOTSET");
    if (autoPad == "VALID") {
      pads = {0, 0, 0, 0};
    } else if (autoPad == "SAME_UPPER" || autoPad == "SAME_LOWER") {
      // ONNX: output = ceil(in / stride); the odd pixel goes at the end
      // (SAME_UPPER) or at the beginning (SAME_LOWER).
      for (int d = 0; d < 2; ++d) {
        int64_t in = x.getDimSize(2 + d), k = w.getDimSize(2 + d);
        if (ShapedType::isDynamic(in) || ShapedType::isDynamic(k) ||
            strides[d] <= 0)
          return none;
        int64_t outSize = (in + strides[d] - 1) / strides[d];
        int64_t total = std::max<int64_t>(
            0, (outSize - 1) * strides[d] + (k - 1) * dilations[d] + 1 - in);
        int64_t small = total / 2, large = total - small;
        pads[d] = autoPad == "SAME_UPPER" ? small : large;
        pads[d + 2] = autoPad == "SAME_UPPER" ? large : small;
      }
    } else if (autoPad != "NOTSET") {
      return none;
    }
    // ONNX pads are [h_begin, w_begin, h_end, w_end]; nn wants
    // [top, bottom, left, right].
    SmallVector<int64_t> padding = {pads[0], pads[2], pads[1], pads[3]};
    auto layout = Layout::NCHW;
    Operation *op;
    if (group > 1 && group == x.getDimSize(1) && w.getDimSize(1) == 1) {
      op = DepthwiseConv2DOp::create(builder, loc, out, input(0), input(1),
                                     input(2), layout, strides, dilations,
                                     padding);
    } else {
      op = Conv2DOp::create(builder, loc, out, input(0), input(1), input(2),
                            layout, strides, dilations, padding,
                            static_cast<uint64_t>(group));
    }
    return keepIfValid(op);
  }

  if (opType == "Gemm") {
    RankedTensorType a = rankedFloat(input(0), 2), b = rankedFloat(input(1), 2);
    RankedTensorType out = resultType();
    if (!a || !b || !out || inputs.size() > 3)
      return none;
    if (floatAttr(node, "alpha", 1.0f) != 1.0f)
      return none;
    Value bias = input(2);
    if (bias) {
      if (floatAttr(node, "beta", 1.0f) != 1.0f)
        return none;
      int64_t n = out.getDimSize(1);
      auto biasType = dyn_cast<RankedTensorType>(bias.getType());
      if (!biasType || biasType.getElementType() != out.getElementType())
        return none;
      if (biasType.getRank() == 2 && biasType.getDimSize(0) == 1 &&
          biasType.getDimSize(1) == n) {
        // A constant [1, N] bias is the same data as an [N] bias.
        const onnx::TensorProto *tensor = constantTensor(node.input(2));
        if (!tensor || values.count(node.input(2)) == 0)
          return none;
        auto constant = bias.getDefiningOp<arith::ConstantOp>();
        if (!constant)
          return none;
        onnx::TensorProto flat = *tensor;
        flat.clear_dims();
        flat.add_dims(n);
        std::string message;
        ElementsAttr attr = tensorFromONNX(flat, context, kResourceThreshold,
                                           node.input(2), message);
        if (!attr)
          return none;
        bias = arith::ConstantOp::create(constantBuilder, constant.getLoc(),
                                         attr);
      } else if (biasType.getRank() != 1 || biasType.getDimSize(0) != n) {
        return none;
      }
    }
    auto matmul = MatmulOp::create(builder, loc, out, input(0), input(1), bias,
                                   intAttr(node, "transA", 0) != 0,
                                   intAttr(node, "transB", 0) != 0);
    SmallVector<Value> results = keepIfValid(matmul);
    return results;
  }

  if (opType == "MatMul") {
    RankedTensorType a = rankedFloat(input(0)), b = rankedFloat(input(1), 2);
    RankedTensorType out = resultType();
    if (!a || !b || !out || a.getRank() < 2 || inputs.size() != 2)
      return none;
    return keepIfValid(MatmulOp::create(builder, loc, out, input(0), input(1),
                                        Value(), false, false));
  }

  if (opType == "Add") {
    RankedTensorType out = resultType();
    if (!out || inputs.size() != 2 || !input(0) || !input(1) ||
        input(0).getType() != out || input(1).getType() != out)
      return none;
    return keepIfValid(AddOp::create(builder, loc, input(0), input(1)));
  }

  if (opType == "Relu" || opType == "Identity") {
    RankedTensorType out = resultType();
    if (!out || inputs.size() != 1 || input(0).getType() != out)
      return none;
    if (opType == "Relu")
      return keepIfValid(ReluOp::create(builder, loc, input(0)));
    return keepIfValid(IdentityOp::create(builder, loc, input(0)));
  }

  if (opType == "Reshape" || opType == "Flatten") {
    RankedTensorType x = rankedFloat(input(0)), out = resultType();
    if (!x || !out)
      return none;
    if (opType == "Reshape") {
      // Only a constant target shape; the result type is what shape
      // inference derived from it.
      if (inputs.size() != 2 || node.input_size() < 2 ||
          !constantTensor(node.input(1)) || intAttr(node, "allowzero", 0))
        return none;
    } else if (inputs.size() != 1 || out.getRank() != 2) {
      return none;
    }
    return keepIfValid(ReshapeOp::create(builder, loc, out, input(0)));
  }
  return none;
}

FailureOr<SmallVector<Value>> Importer::buildCarrier(
    const onnx::NodeProto &node, ArrayRef<Value> inputs,
    ArrayRef<bool> inputPresent, ArrayRef<Type> outputTypes,
    ArrayRef<bool> outputPresent, Location loc) {
  SmallVector<NamedAttribute> attrs;
  for (const auto &a : node.attribute()) {
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
      value = tensorFromONNX(a.t(), context, kResourceThreshold,
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

LogicalResult Importer::importNode(const onnx::NodeProto &node) {
  Location loc = nodeLoc(node);
  // Constant nodes holding a tensor are initializers by another name.
  if (node.op_type() == "Constant" &&
      (node.domain().empty() || node.domain() == "ai.onnx") &&
      node.attribute_size() == 1 && node.attribute(0).name() == "value" &&
      node.attribute(0).type() == onnx::AttributeProto::TENSOR &&
      node.output_size() == 1) {
    constants[node.output(0)] = &node.attribute(0).t();
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
  FailureOr<SmallVector<Value>> results =
      mapToNN(node, inputs, outputTypes, loc);
  if (failed(results))
    return failure();
  if (results->empty() && !outputTypes.empty())
    results = buildCarrier(node, inputs, inputPresent, outputTypes,
                           outputPresent, loc);
  else if (outputTypes.empty())
    results = buildCarrier(node, inputs, inputPresent, outputTypes,
                           outputPresent, loc);
  if (failed(results))
    return failure();
  unsigned next = 0;
  for (const std::string &name : node.output())
    if (!name.empty())
      values[name] = (*results)[next++];
  return success();
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
  for (const auto &init : graph.initializer())
    constants[init.name()] = &init;

  // Not the file name: a re-import of an export must give identical IR.
  Location fileLoc = UnknownLoc::get(context);
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
    const onnx::TensorProto *initializer = constantTensor(vi.name());
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
    func.setArgAttr(i, "onnx.name", builder.getStringAttr(vi->name()));
    if (ArrayAttr params = dimParams(vi->type()))
      func.setArgAttr(i, "onnx.dim_params", params);
    if (argDefaults[i])
      func.setArgAttr(i, "onnx.default", argDefaults[i]);
  }
  builder.setInsertionPointToEnd(body);
  constantBuilder = OpBuilder::atBlockBegin(body);

  for (const auto &node : graph.node())
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
  // Initializers only nn ops' attributes needed (Reshape's target shape, a
  // Gemm's [1, N] bias) are dead now; drop them so that an export does not
  // write them back and a re-import gives the same IR.
  for (Operation &op : llvm::make_early_inc_range(llvm::reverse(*body)))
    if (isa<arith::ConstantOp>(op) && op.use_empty())
      op.erase();
  func.setFunctionType(builder.getFunctionType(argTypes, resultTypes));
  for (auto [i, vi] : llvm::enumerate(graph.output())) {
    func.setResultAttr(i, "onnx.name", builder.getStringAttr(vi.name()));
    if (ArrayAttr params = dimParams(vi.type()))
      func.setResultAttr(i, "onnx.dim_params", params);
  }

  SmallVector<NamedAttribute> opsets;
  for (const auto &o : model.opset_import())
    opsets.push_back(builder.getNamedAttr(
        o.domain().empty() ? "ai.onnx" : o.domain(),
        builder.getI64IntegerAttr(o.version())));
  (*module)->setAttr("onnx.opset_import", builder.getDictionaryAttr(opsets));
  (*module)->setAttr("onnx.ir_version",
                     builder.getI64IntegerAttr(model.ir_version()));
  if (!model.producer_name().empty())
    (*module)->setAttr("onnx.producer_name",
                       builder.getStringAttr(model.producer_name()));
  if (!model.producer_version().empty())
    (*module)->setAttr("onnx.producer_version",
                       builder.getStringAttr(model.producer_version()));
  if (!graph.name().empty())
    (*module)->setAttr("onnx.graph_name", builder.getStringAttr(graph.name()));

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
