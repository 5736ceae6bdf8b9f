//===- ShapeInference.cpp - Types of every ONNX value ---------------------===//
//
// ONNX 1.12's shape inference does not see through target shapes computed by
// small int64 subgraphs, as in torch's traced `x.view(b, g, c // g, h, w)`
// (Constant -> Unsqueeze -> Concat -> Reshape). Everything after such a
// Reshape would be unranked, and so carried instead of mapped to nn ops (and
// its batch norms not folded). TypeCompletion evaluates those subgraphs in
// one pass over the nodes, types the Reshape and Slice results they
// determine, and has libonnx re-infer the nodes downstream of every type it
// refined, one node at a time: the model's nodes are in topological order
// (onnx::checker requires it), so each node is reached after all the types
// it reads are final.
//
//===----------------------------------------------------------------------===//

#include "ShapeInference.h"
#include "LibONNXCompat.h"

#include "bnfold/Dialect/NN/IR/BatchNormMath.h"
#include "bnfold/Support/ProcessIsolation.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/MathExtras.h"

#include "onnx/checker.h"
#include "onnx/shape_inference/implementation.h"

#include <algorithm>
#include <cstring>
#include <deque>
#include <exception>
#include <limits>
#include <optional>
#include <unordered_map>
#include <vector>

using namespace bnfold;
using namespace bnfold::onnx_translation;

namespace {

/// One element of a shape value: a number, or a dim known only by name (the
/// dim_param of a dynamic dim, or "\1<value>#<index>" for a dynamic dim
/// without one), as in the batch size of `x.view(x.size(0), -1)`.
struct Element {
  int64_t number = 0;
  std::string symbol;
  bool isNumber() const { return symbol.empty(); }
  bool operator==(const Element &other) const {
    return number == other.number && symbol == other.symbol;
  }
};

/// The value of a small int64 tensor of rank 0 or 1 (shapes, dims, axes).
struct ShapeValue {
  bool scalar = false;
  std::vector<Element> elements;

  static ShapeValue of(bool scalar, llvm::ArrayRef<int64_t> numbers) {
    ShapeValue v{scalar, {}};
    for (int64_t n : numbers)
      v.elements.push_back({n, {}});
    return v;
  }
  /// The elements as numbers, if they all are.
  std::optional<std::vector<int64_t>> numbers() const {
    std::vector<int64_t> r;
    for (const Element &e : elements) {
      if (!e.isNumber())
        return std::nullopt;
      r.push_back(e.number);
    }
    return r;
  }
};

std::optional<ShapeValue> readShapeValue(const onnx::TensorProto &t) {
  if (t.data_type() != onnx::TensorProto::INT64 || t.dims_size() > 1 ||
      t.data_location() == onnx::TensorProto::EXTERNAL)
    return std::nullopt;
  int64_t count = t.dims_size() == 0 ? 1 : t.dims(0);
  if (count < 0 || count > kMaxShapeValueElements)
    return std::nullopt;
  std::vector<int64_t> data;
  if (t.has_raw_data()) {
    if (t.raw_data().size() != static_cast<size_t>(count) * 8)
      return std::nullopt;
    data.resize(count);
    std::memcpy(data.data(), t.raw_data().data(), count * 8);
  } else {
    if (t.int64_data_size() != count)
      return std::nullopt;
    data.assign(t.int64_data().begin(), t.int64_data().end());
  }
  return ShapeValue::of(t.dims_size() == 0, data);
}

/// `value` as an initializer, if all its elements are numbers.
std::optional<onnx::TensorProto> toTensor(const std::string &name,
                                          const ShapeValue &value) {
  std::optional<std::vector<int64_t>> numbers = value.numbers();
  if (!numbers)
    return std::nullopt;
  onnx::TensorProto t;
  t.set_name(name);
  t.set_data_type(onnx::TensorProto::INT64);
  if (!value.scalar)
    t.add_dims(static_cast<int64_t>(numbers->size()));
  for (int64_t v : *numbers)
    t.add_int64_data(v);
  return t;
}

/// ONNX's integer Add/Sub/Mul/Div on one pair of elements; std::nullopt when
/// the result does not fit in int64 or the division is by zero.
std::optional<int64_t> applyArithmetic(llvm::StringRef op, int64_t x,
                                       int64_t y) {
  int64_t r;
  if (op == "Add")
    return llvm::AddOverflow(x, y, r) ? std::nullopt : std::optional(r);
  if (op == "Sub")
    return llvm::SubOverflow(x, y, r) ? std::nullopt : std::optional(r);
  if (op == "Mul")
    return llvm::MulOverflow(x, y, r) ? std::nullopt : std::optional(r);
  // Div truncates toward zero; INT64_MIN / -1 overflows.
  if (y == 0 || (x == std::numeric_limits<int64_t>::min() && y == -1))
    return std::nullopt;
  return x / y;
}

int64_t intAttribute(const onnx::NodeProto &node, llvm::StringRef name,
                     int64_t defaultValue) {
  for (const auto &a : node.attribute())
    if (a.name() == name && a.type() == onnx::AttributeProto::INT)
      return a.i();
  return defaultValue;
}

/// Number of known dims of `type` (-1: no tensor shape at all).
int staticDims(const onnx::TypeProto &type) {
  if (!type.has_tensor_type() || !type.tensor_type().has_shape())
    return -1;
  int n = 0;
  for (const auto &d : type.tensor_type().shape().dim())
    n += d.has_dim_value();
  return n;
}

class TypeCompletion {
public:
  /// Without `reinferWithONNX`, the nodes downstream of a refined type are
  /// not re-inferred: no libonnx call, as evaluateShapesInProcess needs.
  /// The outputs of `unjudged` nodes (downgradeForLibONNX) get their
  /// element type, and nothing more, from the input it names.
  TypeCompletion(onnx::ModelProto &model, const UnjudgedOutputs &unjudged,
                 bool reinferWithONNX = true);
  void run();

private:
  /// The shape of `name`'s type, if it is a tensor type with a shape.
  const onnx::TensorShapeProto *shapeOf(const std::string &name);
  std::optional<std::vector<int64_t>> staticShape(const std::string &name);
  /// The dims of `name`'s type as shape-value elements (dynamic dims as
  /// symbols), if it has a shape.
  std::optional<std::vector<Element>> symbolicShape(const std::string &name);
  const ShapeValue *value(const onnx::NodeProto &node, int i);
  /// Input `i` of `node` as numbers, if it is known and all numbers.
  std::optional<std::vector<int64_t>> numbers(const onnx::NodeProto &node,
                                              int i);
  void evaluate(const onnx::NodeProto &node);
  std::optional<std::vector<Element>> reshapeResult(const onnx::NodeProto &node);
  std::optional<std::vector<int64_t>> sliceResult(const onnx::NodeProto &node);
  /// Gives the outputs of a node libonnx cannot judge an element type.
  void typeUnjudged(const onnx::NodeProto &node);
  /// Merges `inferred` into the type of `name`; true if it gained dims or
  /// its element type.
  bool refine(const std::string &name, const onnx::TypeProto &inferred);
  void reinfer(const onnx::NodeProto &node);

  onnx::GraphProto &graph;
  const UnjudgedOutputs &unjudged;
  bool reinferWithONNX;
  std::unordered_map<std::string, int> opsets;
  onnx::shape_inference::ModelLocalFunctionsMap functions;
  /// Every type entry of a value (value_info, graph output or input).
  llvm::StringMap<llvm::SmallVector<onnx::TypeProto *, 1>> types;
  llvm::StringSet<> graphInputs;
  llvm::StringMap<const onnx::TensorProto *> constants;
  llvm::StringMap<ShapeValue> values;
  /// Values whose type this pass refined: their readers are re-inferred.
  llvm::StringSet<> refined;
  std::deque<onnx::TypeProto> initializerTypes;
};

TypeCompletion::TypeCompletion(onnx::ModelProto &model,
                               const UnjudgedOutputs &unjudged,
                               bool reinferWithONNX)
    : graph(*model.mutable_graph()), unjudged(unjudged),
      reinferWithONNX(reinferWithONNX) {
  for (const auto &o : model.opset_import())
    opsets[o.domain()] = static_cast<int>(o.version());
  for (const auto &f : model.functions())
    functions[f.domain() + ":" + f.name()] = &f;
  for (auto &vi : *graph.mutable_input()) {
    types[vi.name()].push_back(vi.mutable_type());
    graphInputs.insert(vi.name());
  }
  for (auto &vi : *graph.mutable_value_info())
    types[vi.name()].push_back(vi.mutable_type());
  for (auto &vi : *graph.mutable_output())
    types[vi.name()].push_back(vi.mutable_type());
  for (const auto &init : graph.initializer()) {
    constants[init.name()] = &init;
    if (auto v = readShapeValue(init))
      values[init.name()] = std::move(*v);
    auto &entries = types[init.name()];
    if (!entries.empty())
      continue;
    onnx::TypeProto &type = initializerTypes.emplace_back();
    auto *tensor = type.mutable_tensor_type();
    tensor->set_elem_type(init.data_type());
    auto *shape = tensor->mutable_shape();
    for (int64_t d : init.dims())
      shape->add_dim()->set_dim_value(d);
    entries.push_back(&type);
  }
}

const onnx::TensorShapeProto *
TypeCompletion::shapeOf(const std::string &name) {
  auto it = types.find(name);
  if (it == types.end())
    return nullptr;
  const onnx::TypeProto &type = *it->second.front();
  if (!type.has_tensor_type() || !type.tensor_type().has_shape())
    return nullptr;
  return &type.tensor_type().shape();
}

std::optional<std::vector<int64_t>>
TypeCompletion::staticShape(const std::string &name) {
  const onnx::TensorShapeProto *shape = shapeOf(name);
  if (!shape)
    return std::nullopt;
  std::vector<int64_t> dims;
  for (const auto &d : shape->dim()) {
    if (!d.has_dim_value() || d.dim_value() < 0)
      return std::nullopt;
    dims.push_back(d.dim_value());
  }
  return dims;
}

std::optional<std::vector<Element>>
TypeCompletion::symbolicShape(const std::string &name) {
  const onnx::TensorShapeProto *shape = shapeOf(name);
  if (!shape)
    return std::nullopt;
  std::vector<Element> dims;
  for (const auto &[i, d] : llvm::enumerate(shape->dim())) {
    if (d.has_dim_value() && d.dim_value() >= 0)
      dims.push_back({d.dim_value(), {}});
    else if (d.has_dim_param() && !d.dim_param().empty())
      dims.push_back({0, d.dim_param()});
    else
      dims.push_back({0, "\1" + name + "#" + std::to_string(i)});
  }
  return dims;
}

const ShapeValue *TypeCompletion::value(const onnx::NodeProto &node, int i) {
  if (i >= node.input_size() || node.input(i).empty())
    return nullptr;
  auto it = values.find(node.input(i));
  return it == values.end() ? nullptr : &it->second;
}

std::optional<std::vector<int64_t>>
TypeCompletion::numbers(const onnx::NodeProto &node, int i) {
  const ShapeValue *v = value(node, i);
  return v ? v->numbers() : std::nullopt;
}

/// Evaluates `node` if it computes a small int64 value from known ones.
void TypeCompletion::evaluate(const onnx::NodeProto &node) {
  llvm::StringRef op = node.op_type();
  const std::string &out = node.output(0);
  std::optional<ShapeValue> result;
  if (op == "Constant") {
    if (node.attribute_size() == 1 && node.attribute(0).name() == "value")
      result = readShapeValue(node.attribute(0).t());
  } else if (op == "Shape") {
    if (auto dims = symbolicShape(node.input(0))) {
      // Opset 15's start/end select dims, clamped like Slice.
      int64_t rank = static_cast<int64_t>(dims->size());
      auto clamp = [&](int64_t v) {
        if (v < 0)
          v += rank;
        return std::clamp<int64_t>(v, 0, rank);
      };
      int64_t start = clamp(intAttribute(node, "start", 0));
      int64_t end = clamp(intAttribute(node, "end", rank));
      result.emplace();
      if (start < end)
        result->elements.assign(dims->begin() + start, dims->begin() + end);
    }
  } else if (op == "Size") {
    if (auto dims = staticShape(node.input(0)))
      if (std::optional<int64_t> count = bnfold::nn::getCheckedNumElements(*dims))
        result = ShapeValue::of(true, {*count});
  } else if (op == "Identity" ||
             (op == "Cast" &&
              intAttribute(node, "to", 0) == onnx::TensorProto::INT64)) {
    if (const ShapeValue *v = value(node, 0))
      result = *v;
  } else if (op == "Unsqueeze") {
    // A scalar becomes [1]; higher ranks are not shape values.
    if (const ShapeValue *v = value(node, 0); v && v->scalar)
      result = ShapeValue{false, v->elements};
  } else if (op == "Squeeze") {
    if (const ShapeValue *v = value(node, 0); v && !v->scalar)
      result = ShapeValue{v->elements.size() == 1, v->elements};
  } else if (op == "Gather") {
    const ShapeValue *data = value(node, 0), *indices = value(node, 1);
    std::optional<std::vector<int64_t>> at = numbers(node, 1);
    if (data && at && !data->scalar && intAttribute(node, "axis", 0) == 0) {
      int64_t size = static_cast<int64_t>(data->elements.size());
      ShapeValue r{indices->scalar, {}};
      for (int64_t i : *at) {
        int64_t k = i < 0 ? i + size : i;
        if (k < 0 || k >= size)
          return;
        r.elements.push_back(data->elements[k]);
      }
      result = std::move(r);
    }
  } else if (op == "Concat") {
    ShapeValue r;
    for (int i = 0; i < node.input_size(); ++i) {
      const ShapeValue *v = value(node, i);
      if (!v || v->scalar ||
          r.elements.size() + v->elements.size() >
              static_cast<size_t>(kMaxShapeValueElements))
        return;
      r.elements.insert(r.elements.end(), v->elements.begin(),
                        v->elements.end());
    }
    result = std::move(r);
  } else if (op == "Slice") {
    // A slice of a shape vector, as in x.shape[2:].
    const ShapeValue *data = value(node, 0);
    auto starts = numbers(node, 1), ends = numbers(node, 2);
    auto axes = numbers(node, 3), steps = numbers(node, 4);
    bool absentAxes = node.input_size() <= 3 || node.input(3).empty();
    bool absentSteps = node.input_size() <= 4 || node.input(4).empty();
    if (!data || data->scalar || !starts || !ends || starts->size() != 1 ||
        ends->size() != 1 ||
        (!absentAxes && axes != std::vector<int64_t>{0}) ||
        (!absentSteps && steps != std::vector<int64_t>{1}))
      return;
    int64_t size = static_cast<int64_t>(data->elements.size());
    auto clamp = [&](int64_t v) {
      if (v < 0)
        v = v < -size ? 0 : v + size;
      return std::min(v, size);
    };
    int64_t b = clamp((*starts)[0]), e = clamp((*ends)[0]);
    result.emplace();
    if (b < e)
      result->elements.assign(data->elements.begin() + b,
                              data->elements.begin() + e);
  } else if (op == "Add" || op == "Sub" || op == "Mul" || op == "Div") {
    const ShapeValue *a = value(node, 0), *b = value(node, 1);
    auto x = numbers(node, 0), y = numbers(node, 1);
    if (!x || !y)
      return;
    size_t n = std::max(x->size(), y->size());
    if ((x->size() != n && x->size() != 1) || (y->size() != n && y->size() != 1))
      return;
    std::vector<int64_t> r;
    for (size_t i = 0; i < n; ++i) {
      std::optional<int64_t> v = applyArithmetic(
          op, (*x)[x->size() == 1 ? 0 : i], (*y)[y->size() == 1 ? 0 : i]);
      if (!v)
        return;
      r.push_back(*v);
    }
    result = ShapeValue::of(a->scalar && b->scalar, r);
  }
  if (result &&
      result->elements.size() <= static_cast<size_t>(kMaxShapeValueElements))
    values[out] = std::move(*result);
}

/// The result dims of a Reshape whose input dims and target are known
/// (allowzero = 0: a 0 copies the input dim, one -1 is inferred), as
/// elements: a dynamic dim is a symbol. A target element that is a symbol
/// must name a dim of the input (torch's `x.view(x.size(0), -1)` with a
/// dynamic batch); the -1 is then inferred from the other input dims, which
/// must be numbers.
std::optional<std::vector<Element>>
TypeCompletion::reshapeResult(const onnx::NodeProto &node) {
  const ShapeValue *target = value(node, 1);
  std::optional<std::vector<Element>> in = symbolicShape(node.input(0));
  if (!target || target->scalar || !in ||
      intAttribute(node, "allowzero", 0) != 0)
    return std::nullopt;
  std::vector<bool> consumed(in->size(), false);
  auto consume = [&](size_t j) {
    if (consumed[j])
      return false;
    consumed[j] = true;
    return true;
  };
  std::vector<Element> dims;
  int64_t knownProduct = 1, inferred = -1;
  for (auto [i, t] : llvm::enumerate(target->elements)) {
    if (!t.isNumber()) {
      auto j = llvm::find_if(llvm::seq<size_t>(0, in->size()), [&](size_t j) {
        return !consumed[j] && (*in)[j].symbol == t.symbol;
      });
      if (j == llvm::seq<size_t>(0, in->size()).end() || !consume(*j))
        return std::nullopt;
      dims.push_back(t);
      continue;
    }
    int64_t d = t.number;
    if (d == 0 && i < in->size()) {
      if (!consume(i))
        return std::nullopt;
      dims.push_back((*in)[i]);
      continue;
    }
    if (d == -1) {
      if (inferred >= 0)
        return std::nullopt;
      inferred = static_cast<int64_t>(i);
    } else if (d < 0 || llvm::MulOverflow(knownProduct, d, knownProduct)) {
      return std::nullopt;
    }
    dims.push_back({d, {}});
  }
  // The input dims not carried over as they are; all numbers.
  int64_t rest = 1;
  for (auto [j, e] : llvm::enumerate(*in))
    if (!consumed[j] &&
        (!e.isNumber() || llvm::MulOverflow(rest, e.number, rest)))
      return std::nullopt;
  if (inferred >= 0) {
    if (knownProduct == 0 || rest % knownProduct != 0)
      return std::nullopt;
    dims[inferred] = {rest / knownProduct, {}};
  } else if (knownProduct != rest) {
    return std::nullopt;
  }
  return dims;
}

/// The static result shape of a Slice of a static input by known starts,
/// ends, axes and positive steps (torch's x.chunk()).
std::optional<std::vector<int64_t>>
TypeCompletion::sliceResult(const onnx::NodeProto &node) {
  std::optional<std::vector<int64_t>> in = staticShape(node.input(0));
  auto starts = numbers(node, 1), ends = numbers(node, 2);
  auto axes = numbers(node, 3), steps = numbers(node, 4);
  bool absentAxes = node.input_size() <= 3 || node.input(3).empty();
  bool absentSteps = node.input_size() <= 4 || node.input(4).empty();
  if (!in || !starts || !ends || starts->size() != ends->size() ||
      (!absentAxes && (!axes || axes->size() != starts->size())) ||
      (!absentSteps && (!steps || steps->size() != starts->size())))
    return std::nullopt;
  std::vector<int64_t> dims = *in;
  int64_t rank = static_cast<int64_t>(in->size());
  for (size_t i = 0; i < starts->size(); ++i) {
    int64_t axis = axes ? (*axes)[i] : static_cast<int64_t>(i);
    if (axis < 0)
      axis += rank;
    int64_t step = steps ? (*steps)[i] : 1;
    if (axis < 0 || axis >= rank || step <= 0)
      return std::nullopt;
    int64_t size = (*in)[axis];
    auto clamp = [&](int64_t v) {
      if (v < 0)
        v = v < -size ? 0 : v + size;
      return std::min(v, size);
    };
    int64_t b = clamp((*starts)[i]), e = clamp((*ends)[i]);
    int64_t n = e > b ? e - b : 0;
    dims[axis] = n / step + (n % step != 0);
  }
  return dims;
}

bool TypeCompletion::refine(const std::string &name,
                            const onnx::TypeProto &inferred) {
  if (graphInputs.contains(name) || !inferred.has_tensor_type())
    return false;
  int32_t elementType = inferred.tensor_type().elem_type();
  bool hasShape = staticDims(inferred) >= 0;
  if (!hasShape && !elementType)
    return false;
  auto &entries = types[name];
  if (entries.empty()) {
    onnx::ValueInfoProto *vi = graph.add_value_info();
    vi->set_name(name);
    entries.push_back(vi->mutable_type());
  }
  onnx::TypeProto merged = *entries.front();
  int before = staticDims(merged);
  auto *tensor = merged.mutable_tensor_type();
  bool gainedElementType = !tensor->elem_type() && elementType;
  if (!tensor->elem_type())
    tensor->set_elem_type(elementType);
  if (hasShape) {
    const auto &newShape = inferred.tensor_type().shape();
    if (!tensor->has_shape()) {
      *tensor->mutable_shape() = newShape;
    } else {
      auto *shape = tensor->mutable_shape();
      if (shape->dim_size() != newShape.dim_size())
        return false; // libonnx said otherwise: trust it
      for (int i = 0; i < shape->dim_size(); ++i) {
        const auto &d = newShape.dim(i);
        auto *old = shape->mutable_dim(i);
        if (!d.has_dim_value())
          continue;
        if (old->has_dim_value() && old->dim_value() != d.dim_value())
          return false;
        old->set_dim_value(d.dim_value());
      }
    }
  }
  if (!gainedElementType && staticDims(merged) <= before)
    return false;
  for (onnx::TypeProto *entry : entries)
    *entry = merged;
  refined.insert(name);
  return true;
}

void TypeCompletion::typeUnjudged(const onnx::NodeProto &node) {
  for (const std::string &output : node.output()) {
    auto from = unjudged.find(output);
    if (from == unjudged.end() || from->second.empty())
      continue;
    auto in = types.find(from->second);
    if (in == types.end() || !in->second.front()->has_tensor_type())
      continue;
    onnx::TypeProto type;
    type.mutable_tensor_type()->set_elem_type(
        in->second.front()->tensor_type().elem_type());
    refine(output, type);
  }
}

/// Runs libonnx's inference for `node` alone, on the types (and small
/// constant inputs) known now, and refines its outputs' types.
void TypeCompletion::reinfer(const onnx::NodeProto &node) {
  if (!reinferWithONNX)
    return;
  onnx::GraphProto g;
  *g.add_node() = node;
  llvm::StringSet<> declared;
  for (const std::string &name : node.input()) {
    if (name.empty() || !declared.insert(name).second)
      continue;
    if (auto it = values.find(name); it != values.end())
      if (std::optional<onnx::TensorProto> tensor = toTensor(name, it->second)) {
        *g.add_initializer() = std::move(*tensor);
        continue;
      }
    if (auto it = constants.find(name); it != constants.end()) {
      std::optional<int64_t> count = bnfold::nn::getCheckedNumElements(
          llvm::SmallVector<int64_t>(it->second->dims().begin(),
                                     it->second->dims().end()));
      if (count && *count <= kMaxShapeValueElements) {
        *g.add_initializer() = *it->second;
        continue;
      }
    }
    auto it = types.find(name);
    if (it == types.end())
      continue;
    onnx::ValueInfoProto *vi = g.add_input();
    vi->set_name(name);
    *vi->mutable_type() = *it->second.front();
  }
  try {
    onnx::ShapeInferenceOptions options(/*check_type=*/false,
                                        /*strict_mode=*/0,
                                        /*data_prop=*/false);
    onnx::shape_inference::InferShapes(&g, opsets,
                                       onnx::OpSchemaRegistry::Instance(),
                                       options, functions);
  } catch (const std::exception &) {
    return; // the first inference kept what it could; so does this one
  }
  for (const auto &vi : g.value_info())
    if (llvm::is_contained(node.output(), vi.name()))
      refine(vi.name(), vi.type());
}

void TypeCompletion::run() {
  for (const onnx::NodeProto &node : graph.node()) {
    if (node.output_size() < 1)
      continue;
    if (node.domain() == kUnjudgedDomain) {
      typeUnjudged(node);
      continue;
    }
    bool defaultDomain = node.domain().empty() || node.domain() == "ai.onnx";
    if (llvm::any_of(node.input(), [&](const std::string &name) {
          return refined.contains(name);
        }))
      reinfer(node);
    if (!defaultDomain || node.output(0).empty())
      continue;
    if (node.op_type() == "Constant" && node.attribute_size() == 1 &&
        node.attribute(0).type() == onnx::AttributeProto::TENSOR)
      constants[node.output(0)] = &node.attribute(0).t();
    evaluate(node);
    if (staticShape(node.output(0)))
      continue;
    std::optional<std::vector<Element>> dims;
    if (node.op_type() == "Reshape") {
      dims = reshapeResult(node);
    } else if (node.op_type() == "Slice" && node.input_size() >= 3) {
      if (auto sliced = sliceResult(node))
        dims = ShapeValue::of(false, *sliced).elements;
    }
    auto in = types.find(node.input_size() ? node.input(0) : "");
    if (!dims || in == types.end() ||
        !in->second.front()->tensor_type().elem_type())
      continue;
    onnx::TypeProto type;
    auto *tensor = type.mutable_tensor_type();
    tensor->set_elem_type(in->second.front()->tensor_type().elem_type());
    for (const Element &d : *dims) {
      auto *dim = tensor->mutable_shape()->add_dim();
      if (d.isNumber())
        dim->set_dim_value(d.number);
      else if (d.symbol[0] != '\1')
        dim->set_dim_param(d.symbol);
    }
    refine(node.output(0), type);
  }
}

/// onnx::checker, shape inference, then the completion, on the model as
/// libonnx 1.12 can judge it (downgradeForLibONNX; `model` is the child's
/// copy). Throws what libonnx throws.
void checkAndInfer(onnx::ModelProto &model) {
  UnjudgedOutputs unjudged = downgradeForLibONNX(model);
  onnx::checker::check_model(model);
  // What the model declares about the outputs of the nodes libonnx cannot
  // judge is not checked by anything: only their element type is kept
  // (graph outputs keep their declared type, the model's interface).
  if (!unjudged.empty()) {
    auto *infos = model.mutable_graph()->mutable_value_info();
    for (int i = infos->size() - 1; i >= 0; --i)
      if (unjudged.count(infos->Get(i).name()))
        infos->DeleteSubrange(i, 1);
  }
  // libonnx 1.12's data propagation dereferences the missing type of such
  // an output (Shape of it segfaults): without it, the int64 evaluation
  // below is what sees through computed shapes.
  onnx::ShapeInferenceOptions options(/*check_type=*/false, /*strict_mode=*/0,
                                      /*data_prop=*/unjudged.empty());
  onnx::shape_inference::InferShapes(model, onnx::OpSchemaRegistry::Instance(),
                                     options);
  TypeCompletion(model, unjudged).run();
}

} // namespace

/// Runs checkAndInfer in an isolated child (bnfold/Support/ProcessIsolation.h)
/// and copies the inferred types (graph value_info and outputs) back into
/// `model`. libonnx 1.12's shape inference dereferences out of bounds on some
/// malformed models (e.g. a Conv whose weight has a higher rank than its
/// input, found by bnfold-fuzz-onnx), and its data propagation grows without
/// bound on others (each of a chain of Concats doubling an int64 tensor
/// doubles its work); in a child, with a time limit, such a model is an
/// error instead of taking bnfold down. Only the small type information
/// crosses back.
bool bnfold::onnx_translation::checkAndInferTypes(onnx::ModelProto &model,
                                                  unsigned timeoutSeconds,
                                                  std::string &error) {
  IsolationOptions options;
  options.timeoutSeconds = timeoutSeconds;
  // libonnx's own messages on a crash mean nothing to a user.
  options.silenceStderr = true;
  // The first byte says how the job ended: 'O' types follow, 'E' libonnx's
  // error message follows.
  // libonnx registers its operator schemas on the first lookup; here, so
  // that the child inherits them and the export's checker finds them made.
  (void)onnx::OpSchemaRegistry::Schema("Conv", kLibONNXMaxOpset);
  IsolatedRun run = runIsolated(options, [&](IsolatedJob &job) {
    std::string payload;
    try {
      checkAndInfer(model);
      onnx::GraphProto types;
      *types.mutable_value_info() = model.graph().value_info();
      *types.mutable_output() = model.graph().output();
      payload = "O" + types.SerializeAsString();
    } catch (const std::exception &e) {
      payload = std::string("E") + e.what();
    }
    return job.send(payload) ? 0 : 1;
  });
  switch (run.outcome) {
  case IsolatedRun::Outcome::NotStarted:
    error = "cannot run shape inference: " + run.error;
    return false;
  case IsolatedRun::Outcome::TimedOut:
    error = "ONNX's checker and shape inference did not finish in " +
            std::to_string(timeoutSeconds) +
            " s (the limit set by --shape-inference-timeout)";
    return false;
  case IsolatedRun::Outcome::OutOfMemory:
    error = "ONNX's checker and shape inference ran out of memory on the model";
    return false;
  case IsolatedRun::Outcome::Finished:
    if (run.exitStatus == 0 && !run.bytes.empty())
      break;
    [[fallthrough]];
  default:
    error = "not a valid ONNX model: ONNX's checker or shape inference "
            "crashed on it (a libonnx bug on malformed models)";
    return false;
  }
  const std::string &received = run.bytes;
  if (received[0] == 'E') {
    error = "not a valid ONNX model: " + received.substr(1);
    return false;
  }
  onnx::GraphProto types;
  if (received[0] != 'O' ||
      !types.ParseFromArray(received.data() + 1,
                            static_cast<int>(received.size() - 1))) {
    error = "cannot read the shape inference result";
    return false;
  }
  onnx::GraphProto *graph = model.mutable_graph();
  graph->mutable_value_info()->Swap(types.mutable_value_info());
  if (types.output_size() == graph->output_size())
    graph->mutable_output()->Swap(types.mutable_output());
  return true;
}

void bnfold::onnx_translation::evaluateShapesInProcess(
    onnx::ModelProto &model) {
  UnjudgedOutputs unjudged = downgradeForLibONNX(model);
  TypeCompletion(model, unjudged, /*reinferWithONNX=*/false).run();
}
