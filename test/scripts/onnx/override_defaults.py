#!/usr/bin/python3
"""Gives the overridable defaults of an ONNX model other values.

From IR 4 on, an initializer that is also listed as a graph input is that
input's default, which a caller may override. onnxruntime-node feeds only
the inputs without defaults, so execution tests override a default by
writing the same new values into both the original and the folded model and
comparing the two: a fold that treated the default as a constant would no
longer follow it.

Every such initializer gets new values, uniform in [0.5, 2) (positive, so a
variance stays one). Usage: override_defaults.py IN.onnx OUT.onnx [--seed S]
"""
import argparse

import numpy as np
import onnx
from onnx import numpy_helper


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model")
    parser.add_argument("out")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    model = onnx.load(args.model)
    inputs = {i.name for i in model.graph.input}
    rng = np.random.default_rng(args.seed)
    replaced = 0
    # In name order, so that two models with the same defaults get the same
    # new values whatever order their initializers are in.
    for init in sorted(model.graph.initializer, key=lambda t: t.name):
        if init.name not in inputs:
            continue
        old = numpy_helper.to_array(init)
        new = rng.uniform(0.5, 2.0, old.shape).astype(old.dtype)
        init.CopyFrom(numpy_helper.from_array(new, init.name))
        replaced += 1
    onnx.save(model, args.out)
    print(f"{replaced} defaults replaced")


if __name__ == "__main__":
    main()
