//===- LibONNXCompat.h - Models libonnx 1.12 can judge ----------*- C++ -*-===//
//
// Private to the ONNX translation. Debian 12's libonnx (1.12) knows opsets
// up to 17 and IR versions up to 8: its checker refuses any model of a
// later IR version, and it judges and infers the nodes of an opset 18 to 21
// model by their opset-17 schemas, which is wrong for the operators whose
// schema changed since (Pad-18's `axes`, ReduceMean-18's axes input,
// AveragePool-19's `dilations`, ...). Rather than trust that, bnfold hands
// libonnx the model as an opset-17 model: each node whose operator changed
// after opset 17 is written in its opset-17 form when that form means the
// same for this node, and is otherwise moved to a private domain, which
// libonnx neither checks nor infers (bnfold gives its outputs their element
// type only; they import unranked, so nothing after them is raised on a
// guessed shape). The rest of the model, and the graph's structure, are
// checked and inferred by libonnx as for any opset-17 model.
//
//===----------------------------------------------------------------------===//

#ifndef BNFOLD_LIB_TARGET_ONNX_LIBONNXCOMPAT_H
#define BNFOLD_LIB_TARGET_ONNX_LIBONNXCOMPAT_H

#include "onnx/onnx_pb.h"

#include "llvm/ADT/StringMap.h"

#include <cstdint>
#include <string>

namespace bnfold::onnx_translation {

/// The last default-domain opset and IR version libonnx 1.12 knows.
constexpr int64_t kLibONNXMaxOpset = 17;
constexpr int64_t kLibONNXMaxIRVersion = 8;

/// The domain of the nodes libonnx 1.12 cannot judge (no opset-17 form).
constexpr const char *kUnjudgedDomain = "bnfold.newer-than-opset-17";

/// The default-domain opset of `model` (0 when it imports none).
int64_t getDefaultOpset(const onnx::ModelProto &model);

/// For each output of a node moved to kUnjudgedDomain: where its element
/// type comes from, the name of an input of the same element type, or ""
/// when bnfold does not know it.
using UnjudgedOutputs = llvm::StringMap<std::string>;

/// Rewrites `model` in place into what libonnx 1.12 can check and infer:
/// IR version at most 8; for a default-domain opset above 17, opset 17, and
/// each node of an operator changed since written in its opset-17 form or
/// moved to kUnjudgedDomain (an opset import for it is added). Returns the
/// outputs of the moved nodes. Accepts any model (malformed nodes are
/// libonnx's checker's to report).
UnjudgedOutputs downgradeForLibONNX(onnx::ModelProto &model);

/// onnx::checker on `model` as libonnx 1.12 can judge it, for the exporter:
/// `model` itself when its opset and IR version are known to libonnx, else
/// a copy without the initializers' data (they become typed graph inputs)
/// downgraded as above. Throws what the checker throws.
void checkModelWithLibONNX(const onnx::ModelProto &model);

/// Adds to `target` a graph input, typed like the tensor, for each
/// initializer of `source` that `target` does not list as an input (IR 3
/// requires it; a checker copy without the weights needs their types).
/// `source` and `target` may be the same graph.
void addInitializersAsInputs(const onnx::GraphProto &source,
                             onnx::GraphProto &target);

} // namespace bnfold::onnx_translation

#endif // BNFOLD_LIB_TARGET_ONNX_LIBONNXCOMPAT_H
