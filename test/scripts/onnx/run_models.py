#!/usr/bin/python3
"""End-to-end check of bnfold on real networks exported to ONNX.

For each model: export it (cached in the work dir; the small networks of
test/scripts/onnx/export_generators.py by their names, any other name with
test/scripts/onnx/export_torchvision.py), fold it with `bnfold-translate
--fold-onnx`, count the batch norms bnfold folded and the ones it kept (with
the reasons from its remarks), count the batch norms onnxruntime's own
'basic' optimization keeps (the reference), and compare the outputs of the
original and the folded model with onnxruntime (test/scripts/onnx/compare.js).
Prints one table row per model.

Also checks every folded Conv and ConvTranspose weight and bias against the
float64 fold rounded once (check_folded_weights.py), and each model's
distance to the float64 answer for the export's input.

Exits 1 if any model fails to fold or export, if a folded weight is more than
1 ulp off, if an output differs by more than --max-rel (for models that
amplify rounding: if the folded model is more than 10x further from the
float64 answer than the original), or if bnfold keeps more batch norms than
onnxruntime.

Usage: run_models.py [--work DIR] [--build DIR] [--max-rel X] [MODEL ...]
"""
import argparse
import collections
import json
import os
import re
import subprocess
import sys

import onnx

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(HERE)))
DEFAULT_MODELS = ["resnet18", "resnet50", "mobilenet_v2", "efficientnet_b0",
                  "densenet121", "inception_v3"]
# The models of export_generators.py (1-D, 3-D and transposed convolutions);
# every other name is a torchvision model (export_torchvision.py).
GENERATOR_MODELS = ("conv1d_net", "dcgan_generator", "unet_decoder",
                    "unet3d_decoder")
REMARK = re.compile(r'remark: node "(?P<node>[^"]*)": (?P<what>folded into|not folded: )(?P<rest>.*)$')


def count_bn(path):
    model = onnx.load(path, load_external_data=False)
    return sum(n.op_type == "BatchNormalization" for n in model.graph.node)


def run(cmd, **kwargs):
    return subprocess.run(cmd, capture_output=True, text=True, **kwargs)


def check_model(name, args):
    row = {"model": name}
    src = os.path.join(args.work, name + ".onnx")
    if not os.path.exists(src):
        script = ("export_generators.py" if name in GENERATOR_MODELS
                  else "export_torchvision.py")
        r = run(["/usr/bin/python3", os.path.join(HERE, script), args.work, name])
        if r.returncode != 0:
            row["error"] = "export failed: " + r.stderr.strip()[-300:]
            return row
    folded = os.path.join(args.work, name + ".folded.onnx")
    translate = os.path.join(args.build, "bin", "bnfold-translate")
    r = run([translate, "--fold-onnx", src, "-o", folded])
    if r.returncode != 0:
        row["error"] = "bnfold-translate failed: " + r.stderr.strip()[-500:]
        return row
    reasons = collections.Counter()
    folded_count = 0
    for line in r.stderr.splitlines():
        m = REMARK.search(line)
        if not m:
            continue
        if m.group("what") == "folded into":
            folded_count += 1
        else:
            # Node-specific names out, so equal reasons group together.
            reasons[re.sub(r"\[\d+\]", "[c]", m.group("rest"))] += 1
    row["bn_before"] = count_bn(src)
    row["folded"] = folded_count
    row["not_folded"] = sum(reasons.values())
    row["bn_after"] = count_bn(folded)
    row["reasons"] = dict(reasons)
    ort_out = os.path.join(args.work, name + ".ort-basic.onnx")
    r = run(["node", os.path.join(HERE, "ort_optimize.js"), src, ort_out])
    row["ort_bn_after"] = count_bn(ort_out) if r.returncode == 0 else None
    # onnxruntime's own fusion against the same reference: the size of the
    # rounding differences any correct fold produces on this model.
    row["ort_rel"] = None
    if row["ort_bn_after"] is not None:
        r = run(["node", os.path.join(HERE, "compare.js"), src, ort_out])
        if r.returncode == 0:
            row["ort_rel"] = json.loads(r.stdout.strip().splitlines()[-1])["max_rel"]
    exact = [os.path.join(args.work, name + ".input.bin"),
             os.path.join(args.work, name + ".ref64.bin")]
    extra = (["--input", exact[0], "--reference64", exact[1]]
             if all(os.path.exists(f) for f in exact) else [])
    r = run(["/usr/bin/python3", os.path.join(HERE, "check_folded_weights.py"),
             src, folded])
    try:
        row["weights"] = json.loads(r.stdout.strip().splitlines()[-1])
        row["weights"]["ok"] = r.returncode == 0
    except (ValueError, IndexError):
        row["error"] = "check_folded_weights failed: " + r.stderr.strip()[-300:]
        return row
    r = run(["node", os.path.join(HERE, "compare.js"), src, folded] + extra)
    if r.returncode != 0:
        row["error"] = "compare failed: " + (r.stderr or r.stdout).strip()[-300:]
        return row
    row.update(json.loads(r.stdout.strip().splitlines()[-1]))
    return row


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("models", nargs="*", default=DEFAULT_MODELS)
    parser.add_argument("--work", default=os.path.join(ROOT, "build", "onnx-models"))
    parser.add_argument("--build", default=os.path.join(ROOT, "build"))
    parser.add_argument("--max-rel", type=float, default=1e-4)
    args = parser.parse_args()
    os.makedirs(args.work, exist_ok=True)

    header = ("| model | BN before | folded | not folded | BN left (onnxruntime) "
              "| max abs err | max rel err | onnxruntime fusion rel err "
              "| original vs f64 | folded vs f64 | conv+BN pairs: max ulp W / b |")
    print(header)
    print("|" + "---|" * 11)
    failures = 0
    notes = []
    for name in args.models:
        row = check_model(name, args)
        if "error" in row:
            failures += 1
            print(f"| {name} | ERROR: {row['error']} |||||||||| ")
            sys.stdout.flush()
            continue
        # Random deep networks can amplify rounding noise (EfficientNet-B1:
        # the float32 model itself is 1e-4 off its float64 answer, and
        # onnxruntime's own fusion differs from it by 0.13). There, a fold is
        # accepted when its weights are the float64 fold rounded once (checked
        # to the ulp) and the folded model stays within 10x the original's
        # distance to the float64 answer.
        w = row["weights"]
        accurate = w["ok"] and (row["max_rel"] <= args.max_rel or (
            "cand_vs_f64" in row
            and row["cand_vs_f64"] <= 10 * row["orig_vs_f64"] + args.max_rel))
        ok = (accurate and row["bn_after"] == row["not_folded"]
              and (row["ort_bn_after"] is None or row["not_folded"] <= row["ort_bn_after"]))
        failures += not ok
        print(f"| {name} | {row['bn_before']} | {row['folded']} | {row['not_folded']} "
              f"| {row['ort_bn_after']} | {row['max_abs']:.3g} | {row['max_rel']:.3g} "
              f"| {'n/a' if row['ort_rel'] is None else format(row['ort_rel'], '.3g')} "
              f"| {format(row['orig_vs_f64'], '.3g') if 'orig_vs_f64' in row else 'n/a'} "
              f"| {format(row['cand_vs_f64'], '.3g') if 'cand_vs_f64' in row else 'n/a'} "
              f"| {w['pairs']}: {w['max_ulp_weight']} / {w['max_ulp_bias']} |"
              + ("" if ok else " FAIL"))
        sys.stdout.flush()
        for reason, n in row["reasons"].items():
            notes.append(f"{name}: {n} x not folded: {reason}")
    for note in notes:
        print(note)
    print(f"{len(args.models) - failures} models passed, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
