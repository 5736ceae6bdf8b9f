#!/usr/bin/python3
"""Folds a model over protobuf's 2 GiB limit end to end and checks it in
onnxruntime: a 1x1 Conv whose weights (4096 x 140000 f32, 2.29 GB) are
external data, then a BatchNormalization. Prints the fold's time and peak
RSS, the output's layout, and the largest relative difference between the
original and the folded model's outputs. Needs about 12 GB of memory and
7 GB of disk; not part of the test suite (it takes minutes).

  scripts/onnx/large_model_check.py [--build build] [--work DIR] [--keep]
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
COUT, CIN = 4096, 140000


def external(name, shape, offset, length):
    t = TensorProto(name=name, data_type=TensorProto.FLOAT, dims=shape)
    t.data_location = TensorProto.EXTERNAL
    for k, v in (("location", "model.data"), ("offset", str(offset)),
                 ("length", str(length))):
        e = t.external_data.add()
        e.key, e.value = k, v
    return t


def write_model(work):
    rng = np.random.default_rng(3)
    weight_bytes = COUT * CIN * 4
    with open(os.path.join(work, "model.data"), "wb") as f:
        # Row by row: the weights are never all in this process's memory.
        for _ in range(COUT):
            f.write((rng.standard_normal(CIN, dtype=np.float32) * 0.01).tobytes())
    params = [
        rng.standard_normal(COUT).astype(np.float32),
        rng.standard_normal(COUT).astype(np.float32),
        rng.standard_normal(COUT).astype(np.float32),
        (np.abs(rng.standard_normal(COUT)) + 0.5).astype(np.float32)]
    inits = [external("w", [COUT, CIN, 1, 1], 0, weight_bytes)]
    inits += [numpy_helper.from_array(a, n)
              for a, n in zip(params, ["scale", "bias", "mean", "var"])]
    graph = helper.make_graph(
        [helper.make_node("Conv", ["x", "w"], ["c"], name="conv"),
         helper.make_node("BatchNormalization",
                          ["c", "scale", "bias", "mean", "var"], ["y"],
                          name="bn", epsilon=1e-3)],
        "large", [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, CIN, 1, 1])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, COUT, 1, 1])],
        initializer=inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)],
                              producer_name="bnfold-large-model-check")
    model.ir_version = 8
    with open(os.path.join(work, "model.onnx"), "wb") as f:
        f.write(model.SerializeToString())
    return weight_bytes


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--work")
    ap.add_argument("--keep", action="store_true")
    args = ap.parse_args()
    work = args.work or tempfile.mkdtemp(prefix="bnfold-large-")
    os.makedirs(work, exist_ok=True)
    try:
        weight_bytes = write_model(work)
        print(f"model: {weight_bytes / 2**30:.2f} GiB of weights in model.data")
        out = os.path.join(work, "folded.onnx")
        run = subprocess.run(
            ["/usr/bin/time", "-v", os.path.join(args.build, "bin", "bnfold-translate"),
             "--fold-onnx", os.path.join(work, "model.onnx"), "-o", out],
            capture_output=True, text=True)
        print(run.stderr.strip().splitlines()[0] if run.stderr else "")
        if run.returncode != 0:
            print(run.stderr)
            sys.exit(1)
        wall = re.search(r"Elapsed \(wall clock\) time.*: (\S+)", run.stderr).group(1)
        rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", run.stderr).group(1))
        print(f"fold: {wall} wall, peak RSS {rss / 2**20:.2f} GiB")
        print(f"output: folded.onnx {os.path.getsize(out)} bytes, folded.onnx.data "
              f"{os.path.getsize(out + '.data') / 2**30:.2f} GiB")
        pairs = os.path.join(work, "pairs")
        with open(pairs, "w") as f:
            f.write(f"{os.path.join(work, 'model.onnx')} {out}\n")
        compare = subprocess.run(
            ["node", os.path.join(ROOT, "test", "scripts", "onnx", "compare.js"),
             "--pairs", pairs], capture_output=True, text=True)
        for line in compare.stdout.splitlines():
            r = json.loads(line)
            print("onnxruntime: max relative difference", r.get("max_rel", r.get("error")))
            if r.get("max_rel", 1) >= 1e-5:
                sys.exit(1)
        if compare.returncode != 0:
            print(compare.stderr)
            sys.exit(1)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
