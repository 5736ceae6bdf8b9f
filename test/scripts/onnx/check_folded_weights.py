#!/usr/bin/python3
"""Checks the folded weights themselves, independent of how a network
amplifies rounding: for every Conv -> BatchNormalization pair of the original
model, computes the folded weight and bias in float64 with numpy, rounds them
once to float32, and compares them with the folded model's initializers
(found through the Conv node's name, which bnfold keeps).

Prints one JSON line: {"pairs": N, "max_ulp_weight": U, "max_ulp_bias": U}.
Exits 1 if a folded Conv is missing or a value differs by more than 1 ulp.

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
    pairs, max_w, max_b, missing = 0, 0, 0, []
    for bn in original.graph.node:
        if bn.op_type != "BatchNormalization":
            continue
        conv = producer.get(bn.input[0])
        if conv is None or conv.op_type != "Conv":
            continue
        target = folded_nodes.get(conv.name)
        if target is None or target.op_type != "Conv" or len(target.input) < 3:
            missing.append(conv.name)
            continue
        eps = next((a.f for a in bn.attribute if a.name == "epsilon"), 1e-5)
        gamma, beta, mean, var = (inits[x].astype(np.float64) for x in bn.input[1:5])
        s = gamma / np.sqrt(var + np.float64(np.float32(eps)))
        w = inits[conv.input[1]].astype(np.float64)
        b = (inits[conv.input[2]].astype(np.float64) if len(conv.input) > 2
             and conv.input[2] else np.zeros_like(mean))
        want_w = (w * s.reshape(-1, 1, 1, 1)).astype(np.float32)
        want_b = ((b - mean) * s + beta).astype(np.float32)
        max_w = max(max_w, ulps(want_w, folded_inits[target.input[1]]))
        max_b = max(max_b, ulps(want_b, folded_inits[target.input[2]]))
        pairs += 1
    print(json.dumps({"pairs": pairs, "max_ulp_weight": max_w, "max_ulp_bias": max_b,
                      "missing": missing[:5]}))
    return 1 if missing or max_w > 1 or max_b > 1 else 0


if __name__ == "__main__":
    sys.exit(main())
