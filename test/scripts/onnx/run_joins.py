#!/usr/bin/python3
"""End-to-end check of bnfold on batch norms that do not follow a layer of
their own (the models of export_joins.py), against onnxruntime's and
PyTorch's own batch-norm folding.

For each model: export it (cached in the work dir), fold it with
`bnfold-translate --fold-onnx`, and with `--clone-on-multi-use` too where
that leaves a batch norm, compare the outputs of the original and of both
folded models in onnxruntime (compare.js; the larger error is printed), and
count the BatchNormalization nodes of the original, of bnfold's outputs,
and of onnxruntime's optimized model at its levels 'basic', 'extended' and
'all' (ort_optimize.js); and the batch norms PyTorch leaves in the module
with
torch.fx.experimental.optimization.fuse, with
torch.ao.quantization.fuse_modules given every (layer, batch norm) pair it
can fuse (a Conv or Linear whose only user is the batch norm: what a user
would list), and in the ONNX file torch.onnx.export writes in eval mode
with its defaults (its exporter folds Conv + BatchNormalization).

At level 'all' onnxruntime's NCHWc layout rewrites a batch norm over a
multiple of 8 (or 16) channels into a 1x1 depthwise NCHWc Conv: the batch
norm is still computed, as a convolution. The column counts those as left
and shows how many (`N (M as nchwc Conv)`: the Conv nodes beyond the
original's); it depends on the CPU's vector width.

Prints a markdown table, one row per model, then the reason bnfold gives
for every batch norm it leaves without `--clone-on-multi-use`
(`MODEL: node "NAME": not folded: REASON`).

Exits 1 if a model fails to export, fold or compare, if its output differs
by more than --max-rel, if a BatchNormalization node bnfold leaves has no
`not folded:` remark, if bnfold leaves more batch norms in a model than
onnxruntime (any level) or PyTorch (any tool), or more with
`--clone-on-multi-use` than without, or if over all the models it does not
leave fewer than each of them.

Usage: run_joins.py [--work DIR] [--build DIR] [--max-rel X] [MODEL ...]
"""
import argparse
import copy
import filecmp
import json
import os
import re
import shutil
import subprocess
import sys

import onnx
import torch
import torch.fx
import torch.fx.experimental.optimization as fx_optimization
from torch import nn
from torch.ao.quantization import fuse_modules
from torch.ao.quantization.fuser_method_mappings import \
    DEFAULT_OP_LIST_TO_FUSER_METHOD

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(HERE)))
sys.path.insert(0, HERE)
import export_joins  # noqa: E402
from export_joins import MODELS  # noqa: E402

ORT_LEVELS = ("basic", "extended", "all")
REMARK = re.compile(r'remark: node "(?P<node>[^"]*)": not folded: (?P<why>.*)$')
BATCH_NORM = nn.modules.batchnorm._BatchNorm
CONVS = ("Conv", "FusedConv")


def run(cmd):
    return subprocess.run(cmd, capture_output=True, text=True)


def nodes_of(path):
    return onnx.load(path, load_external_data=False).graph.node


def count(nodes, op_types):
    return sum(n.op_type in op_types for n in nodes)


def batch_norm_modules(module):
    return sum(isinstance(m, BATCH_NORM) for m in module.modules())


def fusable_pairs(model):
    """The (layer, batch norm) module pairs fuse_modules fuses: the batch
    norm reads a Conv or Linear module whose only user it is."""
    traced = torch.fx.symbolic_trace(model)
    modules = dict(traced.named_modules())
    pairs = []
    for node in traced.graph.nodes:
        if node.op != "call_module" or not isinstance(modules[node.target], BATCH_NORM):
            continue
        layer = node.args[0]
        if (isinstance(layer, torch.fx.Node) and layer.op == "call_module"
                and len(layer.users) == 1
                and (type(modules[layer.target]), type(modules[node.target]))
                in DEFAULT_OP_LIST_TO_FUSER_METHOD):
            pairs.append([layer.target, node.target])
    return pairs


def torch_counts(base):
    """Batch norms PyTorch's fx fuse and fuse_modules leave in `base`. Each
    fused module must compute what the original does."""
    model, x = export_joins.build(base)
    with torch.no_grad():
        expected = model(x)
        fx_fused = fx_optimization.fuse(model)
        pairs = fusable_pairs(model)
        listed = fuse_modules(model, pairs) if pairs else copy.deepcopy(model)
        for fused in (fx_fused, listed):
            if not torch.allclose(fused(x), expected, rtol=1e-4, atol=1e-5):
                sys.exit(f"run_joins.py: PyTorch's fusion changes {base}")
    return batch_norm_modules(fx_fused), batch_norm_modules(listed)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("models", nargs="*", default=list(MODELS))
    parser.add_argument("--work", default=os.path.join(ROOT, "build", "onnx-joins"))
    parser.add_argument("--build", default=os.path.join(ROOT, "build"))
    parser.add_argument("--max-rel", type=float, default=1e-5)
    args = parser.parse_args()
    os.makedirs(args.work, exist_ok=True)
    unknown = [m for m in args.models if m not in MODELS]
    if unknown:
        sys.exit(f"run_joins.py: unknown model {', '.join(unknown)}")

    path = {m: os.path.join(args.work, m) for m in args.models}
    rows, errors = {}, {}
    translate = os.path.join(args.build, "bin", "bnfold-translate")
    torch_done = {}
    for m in args.models:
        base, opset = MODELS[m]
        if not os.path.exists(path[m] + ".onnx"):
            export_joins.export(m, args.work)
        if not os.path.exists(path[m] + ".torch-eval.onnx"):
            model, x = export_joins.build(base)
            export_joins.export_model(model, x, path[m] + ".torch-eval.onnx", opset,
                                      training=torch.onnx.TrainingMode.EVAL,
                                      constant_folding=True)
        if base not in torch_done:
            torch_done[base] = torch_counts(base)
        r = run([translate, "--fold-onnx", path[m] + ".onnx",
                 "-o", path[m] + ".folded.onnx"])
        if r.returncode != 0:
            errors[m] = "bnfold-translate failed: " + r.stderr.strip()[-300:]
            continue
        # Copies can only fold more: where nothing is left, no second run.
        if count(nodes_of(path[m] + ".folded.onnx"), ("BatchNormalization",)):
            r2 = run([translate, "--fold-onnx", "--clone-on-multi-use",
                      path[m] + ".onnx", "-o", path[m] + ".cloned.onnx"])
            if r2.returncode != 0:
                errors[m] = "bnfold-translate failed: " + r2.stderr.strip()[-300:]
                continue
        else:
            shutil.copyfile(path[m] + ".folded.onnx", path[m] + ".cloned.onnx")
        rows[m] = {"reasons": [(g["node"], g["why"]) for g in
                               map(REMARK.search, r.stderr.splitlines()) if g],
                   "torch": torch_done[base]}
    # One node process per level for all the models (none if none folded).
    for level in ORT_LEVELS if rows else ():
        r = run(["node", os.path.join(HERE, "ort_optimize.js"), "--level", level]
                + [p for m in rows for p in (path[m] + ".onnx",
                                              f"{path[m]}.ort-{level}.onnx")])
        if r.returncode != 0:
            sys.exit("ort_optimize.js failed: " + r.stderr.strip()[-300:])
    pairs = os.path.join(args.work, "pairs.txt")
    with open(pairs, "w") as f:
        for m in rows:
            f.write(f"{path[m]}.onnx {path[m]}.folded.onnx\n")
            if not filecmp.cmp(f"{path[m]}.folded.onnx", f"{path[m]}.cloned.onnx",
                               shallow=False):
                f.write(f"{path[m]}.onnx {path[m]}.cloned.onnx\n")
    r = run(["node", os.path.join(HERE, "compare.js"), "--pairs", pairs])
    compared = {}
    for line in r.stdout.splitlines() if rows else ():
        result = json.loads(line)
        worst = compared.get(result["ref"])
        if (worst is None or "error" in result or result.get("bad")
                or ("max_rel" in worst and result["max_rel"] > worst["max_rel"])):
            compared[result["ref"]] = result

    print("| model | BN before | left by bnfold | bnfold clone-on-multi-use "
          "| onnxruntime basic | extended | all | torch fx fuse | fuse_modules "
          "| torch.onnx eval export | max rel err |")
    print("|" + "---|" * 11)
    failures = 0
    columns = ("bnfold", "cloned") + ORT_LEVELS + ("fx", "fuse_modules", "export")
    totals = dict.fromkeys(("before",) + columns, 0)
    notes = []
    for m in args.models:
        if m in errors:
            failures += 1
            print(f"| {m} | ERROR: {errors[m]} |||||||||")
            continue
        row = rows[m]
        original = nodes_of(path[m] + ".onnx")
        folded = nodes_of(path[m] + ".folded.onnx")
        left = {"bnfold": count(folded, ("BatchNormalization",)),
                "cloned": count(nodes_of(path[m] + ".cloned.onnx"),
                                ("BatchNormalization",))}
        nchwc = {}
        for level in ORT_LEVELS:
            ort = nodes_of(f"{path[m]}.ort-{level}.onnx")
            nchwc[level] = max(0, count(ort, CONVS) - count(original, CONVS))
            left[level] = count(ort, ("BatchNormalization",)) + nchwc[level]
        left["fx"], left["fuse_modules"] = row["torch"]
        left["export"] = count(nodes_of(path[m] + ".torch-eval.onnx"),
                               ("BatchNormalization",))
        before = count(original, ("BatchNormalization",))
        result = compared.get(path[m] + ".onnx", {"error": "not compared"})
        problems = []
        if "error" in result or result.get("bad"):
            problems.append("outputs differ: " + result.get("error", "shape or NaN"))
        elif result["max_rel"] > args.max_rel:
            problems.append(f"max rel err {result['max_rel']:.3g}")
        kept = {n.name for n in folded if n.op_type == "BatchNormalization"}
        explained = {node for node, _ in row["reasons"]}
        if kept - explained:
            problems.append("no 'not folded:' remark for " + ", ".join(sorted(kept - explained)))
        worse = [c for c in columns[2:] if left["bnfold"] > left[c]]
        if left["cloned"] > left["bnfold"]:
            worse.append("bnfold without clone-on-multi-use")
        if worse:
            problems.append("more batch norms left than " + ", ".join(worse))
        for node, why in row["reasons"]:
            notes.append(f'{m}: node "{node}": not folded: {why}')
        failures += bool(problems)
        totals["before"] += before
        for c in columns:
            totals[c] += left[c]
        rel = format(result["max_rel"], ".2g") if "max_rel" in result else "n/a"
        cells = [left[c] for c in columns]
        if nchwc["all"]:
            cells[4] = f"{left['all']} ({nchwc['all']} as nchwc Conv)"
        print(f"| {m} | {before} | " + " | ".join(map(str, cells)) + f" | {rel} |"
              + ("" if not problems else " FAIL: " + "; ".join(problems)))
    print(f"| total | {totals['before']} | "
          + " | ".join(str(totals[c]) for c in columns) + " | |")
    for note in notes:
        print(note)
    not_fewer = [c for c in columns[2:] if totals["bnfold"] >= totals[c]]
    if not_fewer:
        print(f"FAIL: bnfold leaves {totals['bnfold']} batch norms, not fewer than "
              + ", ".join(f"{c} ({totals[c]})" for c in not_fewer))
    print(f"{len(args.models) - failures} models passed, {failures} failed")
    return 0 if not not_fewer and not failures else 1


if __name__ == "__main__":
    sys.exit(main())
