#!/usr/bin/python3
"""Writes the external-data test models under
test/Target/ONNX/Inputs/external, with onnx's own writer
(save_model(save_as_external_data=True)): a Conv -> BN -> Relu -> Gemm -> BN
network at opset 13 and at opset 21, and hostile variants whose tensor
locations point outside the model's directory or outside the data file.
Deterministic (fixed seed).
Usage: make_external_data_models.py [OUT_DIR]
"""
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "..", "..", "Target",
    "ONNX", "Inputs", "external")
rng = np.random.default_rng(7)


def init(name, shape, positive=False):
    a = rng.standard_normal(shape).astype(np.float32)
    if positive:
        a = np.abs(a) + 0.5
    return numpy_helper.from_array(a, name)


def bn(name, x, y, c):
    inits = [init(name + ".scale", [c]), init(name + ".bias", [c]),
             init(name + ".mean", [c]), init(name + ".var", [c], True)]
    return helper.make_node("BatchNormalization", [x] + [i.name for i in inits],
                            [y], name=name, epsilon=1e-3), inits


def network(opset, ir):
    n1, i1 = bn("bn1", "c", "n", 8)
    n2, i2 = bn("bn2", "g", "y", 10)
    nodes = [helper.make_node("Conv", ["x", "w", "b"], ["c"], name="conv",
                              pads=[1, 1, 1, 1]),
             n1,
             helper.make_node("Relu", ["n"], ["r"], name="relu"),
             helper.make_node("Flatten", ["r"], ["f"], name="flatten"),
             helper.make_node("Gemm", ["f", "fc.w", "fc.b"], ["g"], name="fc",
                              transB=1),
             n2]
    inits = [init("w", [8, 3, 3, 3]), init("b", [8])] + i1 + \
        [init("fc.w", [10, 8 * 4 * 4]), init("fc.b", [10])] + i2
    graph = helper.make_graph(
        nodes, "external", [helper.make_tensor_value_info(
            "x", TensorProto.FLOAT, [1, 3, 4, 4])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 10])], inits)
    model = helper.make_model(graph, producer_name="bnfold-tests",
                              opset_imports=[helper.make_opsetid("", opset)])
    model.ir_version = ir
    return model


def save_external(model, name, location):
    path = os.path.join(OUT, name + ".onnx")
    data = os.path.join(OUT, location)
    if os.path.exists(data):
        os.remove(data)  # save_model appends to an existing file
    onnx.save_model(model, path, save_as_external_data=True,
                    all_tensors_to_one_file=True, location=location,
                    size_threshold=64)


def set_external(model, tensor_name, **entries):
    """Rewrites the external_data entries of one initializer."""
    for t in model.graph.initializer:
        if t.name == tensor_name:
            for e in t.external_data:
                if e.key in entries:
                    e.value = str(entries.pop(e.key))
            for k, v in entries.items():
                t.external_data.add(key=k, value=str(v))
            return
    raise KeyError(tensor_name)


def main():
    os.makedirs(OUT, exist_ok=True)
    save_external(network(13, 7), "conv_bn_gemm", "conv_bn_gemm.data")
    save_external(network(21, 10), "conv_bn_gemm_opset21",
                  "conv_bn_gemm_opset21.data")
    # Hostile models: the same tensors, one location or range changed; they
    # share conv_bn_gemm.data.
    base = onnx.load(os.path.join(OUT, "conv_bn_gemm.onnx"),
                     load_external_data=False)
    size = os.path.getsize(os.path.join(OUT, "conv_bn_gemm.data"))
    hostile = {
        "absolute": dict(location="/tmp/conv_bn_gemm.data"),
        "dotdot": dict(location="../external/conv_bn_gemm.data"),
        "missing": dict(location="missing.data"),
        "symlink": dict(location="outside.data"),
        "fifo": dict(location="fifo.data"),
        "offset_beyond": dict(offset=size + 4096),
        "length_beyond": dict(offset=size - 16, length=1024),
        "bad_offset": dict(offset="-8"),
    }
    for name, entries in hostile.items():
        m = onnx.ModelProto()
        m.CopyFrom(base)
        set_external(m, "fc.w", **entries)
        onnx.save(m, os.path.join(OUT, "hostile_" + name + ".onnx"))


if __name__ == "__main__":
    main()
