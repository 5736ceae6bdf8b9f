//===- LibONNXCompat.cpp - Models libonnx 1.12 can judge ------------------===//
//
// The operators of the default domain whose schema changed in opsets 18 to
// 21 (ONNX's docs/Changelog.md), and what each change means here:
//  - element types only (bf16, float8, int4, strings, optionals): Cast and
//    CastLike (19: `saturate`, which only float8 reads), Constant,
//    ConstantOfShape, Equal, Flatten, Identity, IsInf, IsNaN, QLinearMatMul,
//    Reshape, Shape, Size, Squeeze, Transpose, Unsqueeze, If, Loop, Scan,
//    OptionalGetElement, OptionalHasElement, ReduceMax/ReduceMin-20, and
//    ScatterElements/ScatterND-18 (new `reduction` values): the node is its
//    opset-17 form;
//  - ReduceL1, ReduceL2, ReduceLogSum, ReduceLogSumExp, ReduceMax,
//    ReduceMean, ReduceMin, ReduceProd, ReduceSumSquare (18: `axes` is an
//    input, `noop_with_empty_axes`): a constant axes input becomes the
//    attribute, no axes reduces all (unless noop_with_empty_axes);
//  - Pad (18: an `axes` input; 19: mode `wrap`, same shape): without axes,
//    the node is its opset-17 form;
//  - AveragePool (19: `dilations`), LpPool (18: `ceil_mode`, `dilations`),
//    Resize (18: `antialias`, `axes`, `keep_aspect_ratio_policy`),
//    QuantizeLinear / DequantizeLinear (19: `saturate`; 21: `output_dtype`,
//    `block_size`): at their defaults, the node is its opset-17 form;
//  - Split (18: `num_outputs`, whose last chunk may be smaller), GridSample
//    (20: N-D, renamed modes), DFT (20: `dft_length` and `axis` inputs), and
//    the operators new in 18 to 21: no opset-17 form.
//
//===----------------------------------------------------------------------===//

#include "LibONNXCompat.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/StringSet.h"

#include "onnx/checker.h"

#include <cstring>
#include <optional>
#include <vector>

using namespace bnfold::onnx_translation;
using llvm::StringRef;

namespace {

bool isDefaultDomain(const std::string &domain) {
  return domain.empty() || domain == "ai.onnx";
}

const onnx::AttributeProto *findAttribute(const onnx::NodeProto &node,
                                          StringRef name) {
  for (const auto &a : node.attribute())
    if (a.name() == name)
      return &a;
  return nullptr;
}

void eraseAttribute(onnx::NodeProto &node, StringRef name) {
  auto *attrs = node.mutable_attribute();
  for (int i = attrs->size() - 1; i >= 0; --i)
    if (attrs->Get(i).name() == name)
      attrs->DeleteSubrange(i, 1);
}

/// Whether attribute `name` is absent or the INT `defaultValue`.
bool intAtDefault(const onnx::NodeProto &node, StringRef name,
                  int64_t defaultValue) {
  const onnx::AttributeProto *a = findAttribute(node, name);
  return !a || (a->type() == onnx::AttributeProto::INT && a->i() == defaultValue);
}

/// Whether attribute `name` is absent or INTS of ones (dilations).
bool onesAtDefault(const onnx::NodeProto &node, StringRef name) {
  const onnx::AttributeProto *a = findAttribute(node, name);
  return !a || (a->type() == onnx::AttributeProto::INTS &&
                llvm::all_of(a->ints(), [](int64_t v) { return v == 1; }));
}

/// Whether attribute `name` is absent or the STRING `defaultValue`.
bool stringAtDefault(const onnx::NodeProto &node, StringRef name,
                     StringRef defaultValue) {
  const onnx::AttributeProto *a = findAttribute(node, name);
  return !a ||
         (a->type() == onnx::AttributeProto::STRING && a->s() == defaultValue);
}

void keepFirstInput(onnx::NodeProto &node) {
  if (node.input_size() > 1)
    node.mutable_input()->DeleteSubrange(1, node.input_size() - 1);
}

bool hasInput(const onnx::NodeProto &node, int i) {
  return i < node.input_size() && !node.input(i).empty();
}

/// The values of a 1-D int64 tensor held in the file (not external data).
std::optional<std::vector<int64_t>> int64Vector(const onnx::TensorProto &t) {
  if (t.data_type() != onnx::TensorProto::INT64 || t.dims_size() != 1 ||
      t.data_location() == onnx::TensorProto::EXTERNAL || t.dims(0) < 0)
    return std::nullopt;
  int64_t count = t.dims(0);
  if (t.has_raw_data()) {
    // Compared by division: count * 8 may wrap.
    if (t.raw_data().size() % 8 != 0 ||
        t.raw_data().size() / 8 != static_cast<uint64_t>(count))
      return std::nullopt;
    std::vector<int64_t> values(count);
    std::memcpy(values.data(), t.raw_data().data(), count * 8);
    return values;
  }
  if (t.int64_data_size() != count)
    return std::nullopt;
  return std::vector<int64_t>(t.int64_data().begin(), t.int64_data().end());
}

/// How a node of an opset 18 to 21 model reads to libonnx 1.12.
enum class Verdict { Unchanged, Unjudged };

/// The opset-17 form of `node`, in place, or Unjudged when it has none.
/// `constants` are the tensors of initializers and Constant nodes.
Verdict toOpset17Form(onnx::NodeProto &node,
                      const llvm::StringMap<const onnx::TensorProto *> &constants) {
  StringRef op = node.op_type();
  if (op == "Cast" || op == "CastLike") {
    eraseAttribute(node, "saturate");
    return Verdict::Unchanged;
  }
  if (op == "QuantizeLinear" || op == "DequantizeLinear") {
    if (!intAtDefault(node, "output_dtype", 0) ||
        !intAtDefault(node, "block_size", 0))
      return Verdict::Unjudged;
    for (StringRef name : {"saturate", "output_dtype", "block_size"})
      eraseAttribute(node, name);
    return Verdict::Unchanged;
  }
  if (llvm::is_contained({"ReduceL1", "ReduceL2", "ReduceLogSum",
                          "ReduceLogSumExp", "ReduceMax", "ReduceMean",
                          "ReduceMin", "ReduceProd", "ReduceSumSquare"},
                         op)) {
    bool noop = !intAtDefault(node, "noop_with_empty_axes", 0);
    if (!hasInput(node, 1)) {
      // No axes: all of them, or none with noop_with_empty_axes.
      if (noop)
        return Verdict::Unjudged;
      eraseAttribute(node, "noop_with_empty_axes");
      keepFirstInput(node);
      return Verdict::Unchanged;
    }
    auto it = constants.find(node.input(1));
    std::optional<std::vector<int64_t>> axes;
    if (it != constants.end())
      axes = int64Vector(*it->second);
    if (!axes || node.input_size() != 2 || (axes->empty() && noop))
      return Verdict::Unjudged;
    eraseAttribute(node, "noop_with_empty_axes");
    keepFirstInput(node);
    if (!axes->empty()) {
      onnx::AttributeProto *a = node.add_attribute();
      a->set_name("axes");
      a->set_type(onnx::AttributeProto::INTS);
      for (int64_t v : *axes)
        a->add_ints(v);
    }
    return Verdict::Unchanged;
  }
  if (op == "Pad")
    return hasInput(node, 3) ? Verdict::Unjudged : Verdict::Unchanged;
  if (op == "AveragePool" || op == "LpPool") {
    if (!onesAtDefault(node, "dilations") ||
        (op == "LpPool" && !intAtDefault(node, "ceil_mode", 0)))
      return Verdict::Unjudged;
    eraseAttribute(node, "dilations");
    if (op == "LpPool")
      eraseAttribute(node, "ceil_mode");
    return Verdict::Unchanged;
  }
  if (op == "Resize") {
    if (findAttribute(node, "axes") || !intAtDefault(node, "antialias", 0) ||
        !stringAtDefault(node, "keep_aspect_ratio_policy", "stretch"))
      return Verdict::Unjudged;
    eraseAttribute(node, "antialias");
    eraseAttribute(node, "keep_aspect_ratio_policy");
    return Verdict::Unchanged;
  }
  if (op == "Split")
    return findAttribute(node, "num_outputs") ? Verdict::Unjudged
                                              : Verdict::Unchanged;
  if (llvm::is_contained(
          {"GridSample", "DFT", "AffineGrid", "BitwiseAnd", "BitwiseNot",
           "BitwiseOr", "BitwiseXor", "CenterCropPad", "Col2Im", "DeformConv",
           "Gelu", "GroupNormalization", "ImageDecoder", "Mish",
           "RegexFullMatch", "StringConcat", "StringSplit"},
          op))
    return Verdict::Unjudged;
  return Verdict::Unchanged;
}

/// Whether the outputs of unjudged operator `op` have its first input's
/// element type.
bool keepsInputElementType(StringRef op) {
  return llvm::is_contained(
      {"ReduceL1", "ReduceL2", "ReduceLogSum", "ReduceLogSumExp", "ReduceMax",
       "ReduceMean", "ReduceMin", "ReduceProd", "ReduceSumSquare", "Pad",
       "AveragePool", "LpPool", "Resize", "Split", "GridSample", "DFT",
       "BitwiseAnd", "BitwiseNot", "BitwiseOr", "BitwiseXor", "CenterCropPad",
       "Col2Im", "DeformConv", "Gelu", "GroupNormalization", "Mish"},
      op);
}

} // namespace

int64_t bnfold::onnx_translation::getDefaultOpset(const onnx::ModelProto &model) {
  for (const auto &o : model.opset_import())
    if (isDefaultDomain(o.domain()))
      return o.version();
  return 0;
}

UnjudgedOutputs
bnfold::onnx_translation::downgradeForLibONNX(onnx::ModelProto &model) {
  UnjudgedOutputs unjudged;
  if (model.ir_version() > kLibONNXMaxIRVersion)
    model.set_ir_version(kLibONNXMaxIRVersion);
  if (getDefaultOpset(model) <= kLibONNXMaxOpset)
    return unjudged;
  for (auto &o : *model.mutable_opset_import())
    if (isDefaultDomain(o.domain()))
      o.set_version(kLibONNXMaxOpset);
  onnx::GraphProto &graph = *model.mutable_graph();
  llvm::StringMap<const onnx::TensorProto *> constants;
  for (const auto &init : graph.initializer())
    constants[init.name()] = &init;
  for (onnx::NodeProto &node : *graph.mutable_node()) {
    if (!isDefaultDomain(node.domain()))
      continue;
    if (toOpset17Form(node, constants) == Verdict::Unjudged) {
      std::string from = keepsInputElementType(node.op_type()) && hasInput(node, 0)
                             ? node.input(0)
                             : std::string();
      for (const std::string &output : node.output())
        if (!output.empty())
          unjudged[output] = from;
      node.set_domain(kUnjudgedDomain);
      continue;
    }
    if (node.op_type() == "Constant" && node.output_size() == 1) {
      for (const auto &a : node.attribute())
        if (a.name() == "value" && a.type() == onnx::AttributeProto::TENSOR)
          constants[node.output(0)] = &a.t();
    }
  }
  if (!unjudged.empty()) {
    auto *entry = model.add_opset_import();
    entry->set_domain(kUnjudgedDomain);
    entry->set_version(1);
  }
  return unjudged;
}

void bnfold::onnx_translation::checkModelWithLibONNX(
    const onnx::ModelProto &model) {
  if (getDefaultOpset(model) <= kLibONNXMaxOpset &&
      model.ir_version() <= kLibONNXMaxIRVersion) {
    onnx::checker::check_model(model);
    return;
  }
  // A copy without the weights: each initializer a typed graph input.
  onnx::ModelProto light;
  *light.mutable_opset_import() = model.opset_import();
  light.set_ir_version(model.ir_version());
  const onnx::GraphProto &graph = model.graph();
  onnx::GraphProto &lightGraph = *light.mutable_graph();
  lightGraph.set_name(graph.name());
  *lightGraph.mutable_node() = graph.node();
  *lightGraph.mutable_input() = graph.input();
  *lightGraph.mutable_output() = graph.output();
  *lightGraph.mutable_value_info() = graph.value_info();
  addInitializersAsInputs(graph, lightGraph);
  downgradeForLibONNX(light);
  onnx::checker::check_model(light);
}

void bnfold::onnx_translation::addInitializersAsInputs(
    const onnx::GraphProto &source, onnx::GraphProto &target) {
  llvm::StringSet<> inputs;
  for (const auto &in : target.input())
    inputs.insert(in.name());
  for (const auto &init : source.initializer()) {
    if (!inputs.insert(init.name()).second)
      continue;
    auto *info = target.add_input();
    info->set_name(init.name());
    auto *tensorType = info->mutable_type()->mutable_tensor_type();
    tensorType->set_elem_type(init.data_type());
    auto *shape = tensorType->mutable_shape();
    for (int64_t d : init.dims())
      shape->add_dim()->set_dim_value(d);
  }
}
