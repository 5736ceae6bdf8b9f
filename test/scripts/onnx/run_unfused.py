#!/usr/bin/python3
"""End-to-end check of bnfold on batch norms and per-channel affine maps
written out as elementwise ops (the models of export_unfused.py).

For each model: export it (cached in the work dir), fold it with
`bnfold-translate --fold-onnx`, let onnxruntime's 'basic' optimization
(constant folding, Conv+Mul and Conv+Add fusion) optimize it too
(ort_optimize.js), and compare the outputs of the original and the folded
model in onnxruntime (compare.js). Prints one table row per model: the nodes
of the original, of bnfold's output and of onnxruntime's, the elementwise
nodes (Add, Sub, Mul, Div, Sqrt, Reciprocal) bnfold leaves, and the largest
output difference relative to the largest output.

An Add of a constant to the output of a MatMul in bnfold's output is the
layer's bias (ONNX MatMul has no bias input; bnfold exports a batched
nn.matmul with a bias so), not a step left unfolded, and is not counted.

Exits 1 if a model fails to fold or compare, if its output differs by more
than --max-rel, if bnfold leaves an elementwise node (in a control model:
if it does not leave the node the control expects, with a `not folded:`
remark), if bnfold leaves more nodes than onnxruntime on a model, or if it
does not leave fewer nodes than onnxruntime over all the models.

Usage: run_unfused.py [--work DIR] [--build DIR] [--max-rel X] [MODEL ...]
"""
import argparse
import json
import os
import re
import subprocess
import sys

import onnx

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(HERE)))
sys.path.insert(0, HERE)
from export_unfused import MODELS  # noqa: E402

ELEMENTWISE = ("Add", "Sub", "Mul", "Div", "Sqrt", "Reciprocal")
# Control models: the node that must stay, by op type (the exporter's node
# name is /<OpType>).
CONTROLS = {"control_spatial_cf": "Mul", "control_spatial_nocf": "Mul"}
REMARK = re.compile(r'remark: node "(?P<node>[^"]*)": not folded: (?P<why>.*)$')


def run(cmd):
    return subprocess.run(cmd, capture_output=True, text=True)


def graph_of(path):
    return onnx.load(path, load_external_data=False).graph


def elementwise_left(graph):
    """The elementwise nodes of `graph` but the bias Adds of MatMuls."""
    constants = {t.name for t in graph.initializer}
    constants |= {o for n in graph.node if n.op_type == "Constant" for o in n.output}
    matmuls = {o for n in graph.node if n.op_type == "MatMul" for o in n.output}
    left = []
    for n in graph.node:
        if n.op_type not in ELEMENTWISE:
            continue
        if (n.op_type == "Add" and len(n.input) == 2
                and any(i in matmuls for i in n.input)
                and any(i in constants for i in n.input)):
            continue
        left.append(n)
    return left


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("models", nargs="*", default=list(MODELS))
    parser.add_argument("--work", default=os.path.join(ROOT, "build", "onnx-unfused"))
    parser.add_argument("--build", default=os.path.join(ROOT, "build"))
    parser.add_argument("--max-rel", type=float, default=1e-5)
    args = parser.parse_args()
    os.makedirs(args.work, exist_ok=True)
    unknown = [m for m in args.models if m not in MODELS]
    if unknown:
        sys.exit(f"run_unfused.py: unknown model {', '.join(unknown)}")

    path = {m: os.path.join(args.work, m) for m in args.models}
    missing = [m for m in args.models if not os.path.exists(path[m] + ".onnx")]
    if missing:
        r = run(["/usr/bin/python3", os.path.join(HERE, "export_unfused.py"),
                 args.work] + missing)
        if r.returncode != 0:
            sys.exit("export failed: " + r.stderr.strip()[-500:])

    rows, errors, notes = {}, {}, []
    translate = os.path.join(args.build, "bin", "bnfold-translate")
    for m in args.models:
        r = run([translate, "--fold-onnx", path[m] + ".onnx",
                 "-o", path[m] + ".folded.onnx"])
        if r.returncode != 0:
            errors[m] = "bnfold-translate failed: " + r.stderr.strip()[-300:]
            continue
        rows[m] = {"reasons": [(g["node"], g["why"]) for g in
                               map(REMARK.search, r.stderr.splitlines()) if g]}
    # One node process each for all the models.
    r = run(["node", os.path.join(HERE, "ort_optimize.js")]
            + [p for m in rows for p in (path[m] + ".onnx", path[m] + ".ort-basic.onnx")])
    if r.returncode != 0:
        sys.exit("ort_optimize.js failed: " + r.stderr.strip()[-300:])
    pairs = os.path.join(args.work, "pairs.txt")
    with open(pairs, "w") as f:
        for m in rows:
            f.write(f"{path[m]}.onnx {path[m]}.folded.onnx\n")
    r = run(["node", os.path.join(HERE, "compare.js"), "--pairs", pairs])
    compared = {}
    for line in r.stdout.splitlines():
        result = json.loads(line)
        compared[result["ref"]] = result

    print("| model | nodes before | bnfold after | onnxruntime basic after "
          "| elementwise left | max rel err |")
    print("|" + "---|" * 6)
    failures = 0
    totals = [0, 0, 0]
    for m in args.models:
        if m in errors:
            failures += 1
            print(f"| {m} | ERROR: {errors[m]} |||||")
            continue
        row = rows[m]
        before = len(graph_of(path[m] + ".onnx").node)
        folded = graph_of(path[m] + ".folded.onnx")
        ort = len(graph_of(path[m] + ".ort-basic.onnx").node)
        left = elementwise_left(folded)
        result = compared.get(path[m] + ".onnx", {"error": "not compared"})
        problems = []
        if "error" in result or result.get("bad"):
            problems.append("outputs differ: " + result.get("error", "shape or NaN"))
        elif result["max_rel"] > args.max_rel:
            problems.append(f"max rel err {result['max_rel']:.3g}")
        if m in CONTROLS:
            kept = [n.name for n in left if n.op_type == CONTROLS[m]]
            explained = [why for node, why in row["reasons"] if node in kept]
            if len(left) != 1 or not kept:
                problems.append(f"expected exactly its {CONTROLS[m]} left")
            if not explained:
                problems.append(f"no 'not folded:' remark at its {CONTROLS[m]}")
        elif left:
            problems.append("left " + ", ".join(n.name for n in left))
        if len(folded.node) > ort:
            problems.append("more nodes than onnxruntime")
        for node, why in row["reasons"]:
            notes.append(f'{m}: node "{node}": not folded: {why}')
        failures += bool(problems)
        totals = [totals[0] + before, totals[1] + len(folded.node), totals[2] + ort]
        rel = (format(result["max_rel"], ".3g") if "max_rel" in result
               else "n/a")
        print(f"| {m} | {before} | {len(folded.node)} | {ort} | {len(left)} "
              f"| {rel} |" + ("" if not problems else " FAIL: " + "; ".join(problems)))
    print(f"| total | {totals[0]} | {totals[1]} | {totals[2]} | | |")
    for note in notes:
        print(note)
    fewer = totals[1] < totals[2]
    if not fewer:
        print(f"FAIL: bnfold leaves {totals[1]} nodes, not fewer than "
              f"onnxruntime's {totals[2]}")
    print(f"{len(args.models) - failures} models passed, {failures} failed")
    return 0 if fewer and not failures else 1


if __name__ == "__main__":
    sys.exit(main())
