#!/usr/bin/python3
"""Checks the folded weights themselves, independent of how a network
amplifies rounding: for every Conv -> BatchNormalization and ConvTranspose ->
BatchNormalization pair of the original model (any number of spatial dims),
computes the folded weight and bias in float64 with numpy, rounds them once
to float32, and compares them with the folded model's initializers (found
through the convolution node's name, which bnfold keeps).

Prints one JSON line: {"pairs": N, "max_ulp_weight": U, "max_ulp_bias": U,
"missing": [the first 5 convolutions not folded]}.
Exits 1 if a folded convolution is missing or a value differs by more than
1 ulp.

Usage: check_folded_weights.py ORIGINAL.onnx FOLDED.onnx
"""
import json
import sys

import numpy as np
import onnx
from onnx import numpy_helper


def ulps(a, b):
    a = np.ascontiguousarray(a, np.float32).view(np.int32).astype(np.int64)
    b = np.ascontiguousarray(b, np.float32).view(np.int32).astype(np.int64)
    # Map the sign-magnitude float order onto integers.
    a = np.where(a < 0, -(a & 0x7FFFFFFF), a)
    b = np.where(b < 0, -(b & 0x7FFFFFFF), b)
    return int(np.max(np.abs(a - b))) if a.size else 0


def fold(conv, bn, inits):
    """The float64 weight and bias of `conv` (a Conv or ConvTranspose node
    over any number of spatial dims) with the batch norm `bn` folded in."""
    eps = next((a.f for a in bn.attribute if a.name == "epsilon"), 1e-5)
    gamma, beta, mean, var = (inits[x].astype(np.float64) for x in bn.input[1:5])
    s = gamma / np.sqrt(var + np.float64(np.float32(eps)))
    w = inits[conv.input[1]].astype(np.float64)
    b = (inits[conv.input[2]].astype(np.float64) if len(conv.input) > 2
         and conv.input[2] else np.zeros_like(mean))
    kernel = list(w.shape[2:])
    if conv.op_type == "Conv":
        # [Cout, Cin/G, k...]: output channel o is w[o].
        w = w * s.reshape([-1] + [1] * (w.ndim - 1))
    else:
        # [Cin, Cout/G, k...]: output channel g*Cout/G + j is w[i, j] for the
        # Cin/G input channels i of group g.
        groups = next((a.i for a in conv.attribute if a.name == "group"), 1)
        cin, cout_g = w.shape[0], w.shape[1]
        w = (w.reshape([groups, cin // groups, cout_g] + kernel)
             * s.reshape([groups, 1, cout_g] + [1] * len(kernel))).reshape(w.shape)
    return w, (b - mean) * s + beta


def main():
    original, folded = onnx.load(sys.argv[1]), onnx.load(sys.argv[2])
    inits = {t.name: numpy_helper.to_array(t) for t in original.graph.initializer}
    for n in original.graph.node:  # Constant nodes are initializers too
        if n.op_type == "Constant" and n.attribute and n.attribute[0].name == "value":
            inits[n.output[0]] = numpy_helper.to_array(n.attribute[0].t)
        # torch shares equal initializers through Identity nodes.
        if n.op_type == "Identity" and n.input[0] in inits:
            inits[n.output[0]] = inits[n.input[0]]
    producer = {o: n for n in original.graph.node for o in n.output}
    folded_inits = {t.name: numpy_helper.to_array(t) for t in folded.graph.initializer}
    folded_nodes = {n.name: n for n in folded.graph.node}
    # A convolution that still feeds a batch norm was not folded, with or
    # without a bias of its own.
    still_normalized = {n.input[0] for n in folded.graph.node
                        if n.op_type == "BatchNormalization"}
    pairs, max_w, max_b, missing = 0, 0, 0, []
    for bn in original.graph.node:
        if bn.op_type != "BatchNormalization":
            continue
        conv = producer.get(bn.input[0])
        if conv is None or conv.op_type not in ("Conv", "ConvTranspose"):
            continue
        target = folded_nodes.get(conv.name)
        if (target is None or target.op_type != conv.op_type or len(target.input) < 3
                or target.output[0] in still_normalized):
            missing.append(conv.name)
            continue
        want_w, want_b = (x.astype(np.float32) for x in fold(conv, bn, inits))
        max_w = max(max_w, ulps(want_w, folded_inits[target.input[1]]))
        max_b = max(max_b, ulps(want_b, folded_inits[target.input[2]]))
        pairs += 1
    print(json.dumps({"pairs": pairs, "max_ulp_weight": max_w, "max_ulp_bias": max_b,
                      "missing": missing[:5]}))
    return 1 if missing or max_w > 1 or max_b > 1 else 0


if __name__ == "__main__":
    sys.exit(main())
