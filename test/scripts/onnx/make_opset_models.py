#!/usr/bin/python3
"""Writes the opset 18 to 21 test models under test/Target/ONNX/Inputs/opsets.

Debian's torch exports at most opset 17 and its onnx (1.12) knows opsets up
to 17 and IR versions up to 8, so these are written with onnx.helper, their
opset and IR version set by hand (the IR version the onnx release of that
opset stamps: 18 -> 8, 19 and 20 -> 9, 21 -> 10), and are not given to
onnx 1.12's checker; test/Target/ONNX/opsets.test runs every one of them in
onnxruntime instead. Deterministic (fixed seed).
Usage: make_opset_models.py [OUT_DIR]
"""
import os
import sys

import numpy as np
from onnx import TensorProto, helper, numpy_helper
import onnx

OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "..", "..", "Target",
    "ONNX", "Inputs", "opsets")
rng = np.random.default_rng(18)
F, F16 = TensorProto.FLOAT, TensorProto.FLOAT16
IR = {15: 8, 17: 8, 18: 8, 19: 9, 20: 9, 21: 10, 22: 10}


def init(name, shape, positive=False, dtype=np.float32):
    a = rng.standard_normal(shape).astype(dtype)
    if positive:
        a = np.abs(a) + 0.5
    return numpy_helper.from_array(a, name)


def ints(name, values):
    return numpy_helper.from_array(np.array(values, np.int64), name)


def bn(name, x, y, c, dtypes=(np.float32, np.float32)):
    """A BatchNormalization node and its initializers; dtypes of scale/B
    and of mean/var."""
    inits = [init(name + ".scale", [c], dtype=dtypes[0]),
             init(name + ".bias", [c], dtype=dtypes[0]),
             init(name + ".mean", [c], dtype=dtypes[1]),
             init(name + ".var", [c], True, dtype=dtypes[1])]
    node = helper.make_node(
        "BatchNormalization", [x] + [i.name for i in inits], [y], name=name,
        epsilon=1e-3)
    return node, inits


def vi(name, shape, t=F):
    return helper.make_tensor_value_info(name, t, shape)


def save(name, nodes, inputs, outputs, inits, opset, ir=None):
    graph = helper.make_graph(nodes, name, inputs, outputs, inits)
    model = helper.make_model(graph, producer_name="bnfold-tests",
                              opset_imports=[helper.make_opsetid("", opset)])
    model.ir_version = ir if ir is not None else IR[opset]
    onnx.save(model, os.path.join(OUT, name + ".onnx"))


def conv_bn_net(opset):
    """Conv -> BN -> Relu, then three branches whose nodes take their
    opset-18+ forms: ReduceMean (axes as an input from 18) -> Conv -> BN ->
    Reshape with a 0 -> Gemm -> BN; AveragePool (dilations from 19); and Pad
    with an `axes` input (18) -> Conv -> BN, which libonnx 1.12 cannot
    judge."""
    nodes, inits = [], []
    nodes.append(helper.make_node("Conv", ["x", "w1", "b1"], ["c1"],
                                  name="conv1", pads=[1, 1, 1, 1]))
    inits += [init("w1", [4, 3, 3, 3]), init("b1", [4])]
    n, i = bn("bn1", "c1", "n1", 4)
    nodes.append(n)
    inits += i
    nodes.append(helper.make_node("Relu", ["n1"], ["r1"], name="relu1"))
    # ReduceMean over H, W.
    if opset >= 18:
        nodes.append(helper.make_node("ReduceMean", ["r1", "mean_axes"],
                                      ["m"], name="mean", keepdims=1))
        inits.append(ints("mean_axes", [2, 3]))
    else:
        nodes.append(helper.make_node("ReduceMean", ["r1"], ["m"],
                                      name="mean", axes=[2, 3], keepdims=1))
    nodes.append(helper.make_node("Conv", ["m", "w2"], ["c2"], name="conv2"))
    inits.append(init("w2", [6, 4, 1, 1]))
    n, i = bn("bn2", "c2", "n2", 6)
    nodes.append(n)
    inits += i
    nodes.append(helper.make_node("Reshape", ["n2", "flat"], ["f"],
                                  name="flatten", allowzero=0))
    inits.append(ints("flat", [0, -1]))
    nodes.append(helper.make_node("Gemm", ["f", "w3", "b3"], ["g"],
                                  name="fc", transB=1))
    inits += [init("w3", [5, 6]), init("b3", [5])]
    n, i = bn("bn3", "g", "y", 5)
    nodes.append(n)
    inits += i
    # AveragePool, dilated from 19 on.
    pool = dict(kernel_shape=[2, 2])
    if opset >= 19:
        pool["dilations"] = [2, 2]
    nodes.append(helper.make_node("AveragePool", ["r1"], ["p"], name="pool",
                                  **pool))
    # Pad of H and W only.
    if opset >= 18:
        nodes.append(helper.make_node("Pad", ["r1", "pads", "", "pad_axes"],
                                      ["pd"], name="pad"))
        inits += [ints("pads", [1, 1, 1, 1]), ints("pad_axes", [2, 3])]
    else:
        nodes.append(helper.make_node("Pad", ["r1", "pads"], ["pd"],
                                      name="pad"))
        inits.append(ints("pads", [0, 0, 1, 1, 0, 0, 1, 1]))
    nodes.append(helper.make_node("Conv", ["pd", "w4"], ["c4"], name="conv4"))
    inits.append(init("w4", [2, 4, 3, 3]))
    n, i = bn("bn4", "c4", "z", 2)
    nodes.append(n)
    inits += i
    pooled = 6 if opset >= 19 else 7
    save("conv_bn_opset%d" % opset, nodes, [vi("x", [1, 3, 8, 8])],
         [vi("y", [1, 5]), vi("p", [1, 4, pooled, pooled]),
          vi("z", [1, 2, 8, 8])], inits, opset)


def carried_ops(opset):
    """Operators that changed in 18 to 21, carried: Split with num_outputs
    (18), Cast with saturate (from 19), Resize with its 18 attributes at their
    defaults, ReduceMax without axes, Mish (new in 18), Shape with start
    (15), Identity; the BN after the Mish is left (its input is unranked)."""
    nodes = [
        helper.make_node("Split", ["x"], ["s0", "s1"], name="split", axis=1,
                         num_outputs=2),
        helper.make_node("Cast", ["s0"], ["s0c"], name="cast", to=F,
                         **(dict(saturate=1) if opset >= 19 else {})),
        helper.make_node("Resize", ["s0c", "", "scales"], ["rs"],
                         name="resize", mode="nearest", antialias=0,
                         keep_aspect_ratio_policy="stretch"),
        helper.make_node("ReduceMax", ["rs"], ["rmax"], name="rmax",
                         keepdims=0),
        helper.make_node("Mish", ["s1"], ["mish"], name="mish"),
        helper.make_node("Identity", ["mish"], ["id"], name="id"),
        helper.make_node("Shape", ["id"], ["shp"], name="shape", start=1),
    ]
    n, inits = bn("bn_after_mish", "id", "y", 2)
    nodes.append(n)
    inits.append(numpy_helper.from_array(
        np.array([1, 1, 2, 2], np.float32), "scales"))
    save("carried_opset%d" % opset, nodes, [vi("x", [1, 4, 3, 3])],
         [vi("y", [1, 2, 3, 3]), vi("rmax", []),
          vi("shp", [3], TensorProto.INT64)], inits, opset)


def main():
    os.makedirs(OUT, exist_ok=True)
    for opset in (17, 18, 19, 21):
        conv_bn_net(opset)
    for opset in (18, 21):
        carried_ops(opset)
    # BatchNormalization-15: f16 activations, f32 scale/B and statistics.
    n, inits = bn("bn_mixed", "x", "y", 3, dtypes=(np.float32, np.float32))
    save("bn_mixed_types_opset15", [
        helper.make_node("Conv", ["x", "w"], ["c"], name="conv"),
        helper.make_node("BatchNormalization", ["c"] + list(n.input[1:]),
                         ["y"], name="bn_mixed", epsilon=1e-3)],
        [vi("x", [1, 3, 4, 4], F16)], [vi("y", [1, 3, 4, 4], F16)],
        [init("w", [3, 3, 1, 1], dtype=np.float16)] + inits, 15)
    # A training BatchNormalization at opset 21, and an opset-22 model.
    n, inits = bn("bn_train", "x", "y", 2)
    n.attribute.append(helper.make_attribute("training_mode", 1))
    save("bn_training_opset21", [n], [vi("x", [1, 2, 3, 3])],
         [vi("y", [1, 2, 3, 3])], inits, 21)
    save("opset22", [helper.make_node("Relu", ["x"], ["y"], name="relu")],
         [vi("x", [2])], [vi("y", [2])], [], 22, ir=10)
    # An opset-17 model stamped IR 10 (by a newer onnx): libonnx 1.12's
    # checker refuses IR 10 outright.
    n, inits = bn("bn", "c", "y", 2)
    save("conv_bn_opset17_ir10", [
        helper.make_node("Conv", ["x", "w"], ["c"], name="conv"), n],
        [vi("x", [1, 2, 3, 3])], [vi("y", [1, 2, 3, 3])],
        [init("w", [2, 2, 1, 1])] + inits, 17, ir=10)
    # Hostile: an opset-21 model whose node reads an undefined value, and
    # one whose unjudged node (Pad with axes) reads one.
    save("undefined_input_opset21", [
        helper.make_node("Relu", ["nowhere"], ["y"], name="relu")],
        [vi("x", [2])], [vi("y", [2])], [], 21)
    save("unjudged_undefined_input_opset21", [
        helper.make_node("Pad", ["x", "nowhere", "", "axes"], ["y"],
                         name="pad")],
        [vi("x", [2])], [vi("y", [4])], [ints("axes", [0])], 21)
    # A ReduceMean-18 whose axes claim 2^61 elements in 0 bytes: the
    # opset-17 form must not be built from them (2^61 * 8 wraps to 0).
    axes = TensorProto(name="axes", data_type=TensorProto.INT64,
                       dims=[2**61], raw_data=b"")
    save("reduce_axes_overflow_opset18", [
        helper.make_node("ReduceMean", ["x", "axes"], ["y"], name="mean")],
        [vi("x", [2, 3])], [vi("y", [2, 1])], [axes], 18)


if __name__ == "__main__":
    main()
