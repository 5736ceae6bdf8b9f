//===- ShapeInference.h - Types of every ONNX value -------------*- C++ -*-===//
//
// Private to the ONNX translation: onnx::checker and ONNX shape inference,
// completed where libonnx 1.12 does not see through shapes computed in the
// graph, and run in a child process so that a libonnx crash is an error.
//
//===----------------------------------------------------------------------===//

#ifndef BNFOLD_LIB_TARGET_ONNX_SHAPEINFERENCE_H
#define BNFOLD_LIB_TARGET_ONNX_SHAPEINFERENCE_H

#include "onnx/onnx_pb.h"

#include <cstdint>
#include <string>

namespace bnfold::onnx_translation {

/// Int64 tensors of at most this many elements are evaluated while
/// completing shape inference (shapes, axes, slice bounds); larger ones are
/// not shape computations, and the cap keeps the evaluation linear in the
/// model (a chain of Concats doubling a tensor would otherwise grow it
/// exponentially).
constexpr int64_t kMaxShapeValueElements = 64;

/// Checks `model` with onnx::checker and gives every value a type: ONNX
/// shape inference (with data propagation), then one pass over the nodes in
/// graph order that evaluates small int64 subgraphs (Constant, Shape, Gather,
/// Slice, Unsqueeze, Squeeze, Concat, Cast, Add/Sub/Mul/Div; a dynamic dim
/// read by Shape is kept as a symbol), types the Reshape and Slice results
/// they determine, and re-infers with libonnx the
/// nodes downstream of each type it refined. Linear in the model: every node
/// is evaluated once and re-inferred at most once. The inferred types are
/// written to the graph's value_info and outputs.
///
/// libonnx runs in a forked child (its shape inference dereferences out of
/// bounds on some malformed models, and its data propagation can grow
/// exponentially); only the types come back. The child is killed after
/// `timeoutSeconds` (0: no limit). Returns false with `error` set to a
/// message for the user when the model is invalid, libonnx crashed or the
/// time ran out.
bool checkAndInferTypes(onnx::ModelProto &model, unsigned timeoutSeconds,
                        std::string &error);

/// The part of checkAndInferTypes that is bnfold's own code: the int64
/// evaluation and the Reshape and Slice types it determines, in this
/// process, with no libonnx call (nodes downstream of a refined type are not
/// re-inferred). For the ONNX fuzzer, which cannot see into the child:
/// every model must get through it without a crash, whatever its types.
void evaluateShapesInProcess(onnx::ModelProto &model);

} // namespace bnfold::onnx_translation

#endif // BNFOLD_LIB_TARGET_ONNX_SHAPEINFERENCE_H
