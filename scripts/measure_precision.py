#!/usr/bin/python3
"""Measure the error that --fold-batchnorm introduces, per element type.

For each element type T and each of N random networks (scripts/
random_networks.py, network i of --seed, forced to type T, constants rounded
to T and printed exactly) the script runs three models on the same inputs:

  ref       the unfolded network retyped to f64 (`xT>` -> `xf64>`). Its
            constants are exactly the T constants (checked), and
            `bnfold-run --input-type=T` gives it exactly the T inputs, so it
            computes the T network's function with f64 arithmetic.
  unfolded  the network in T, as generated.
  folded    the network in T after `bnfold-opt --fold-batchnorm`.

Per network it records max|x - ref| (absolute error) and
max|x - ref| / max|ref| (error relative to the output scale) for unfolded and
folded, and prints per type the median and max over networks of both errors,
of the ratio folded/unfolded, and how many networks have a folded error above
twice the unfolded error. Only the Python standard library is used.

  measure_precision.py --count 50 --seed 1 \\
      --bnfold-opt build/bin/bnfold-opt --bnfold-run build/bin/bnfold-run

For f64 the reference *is* the unfolded network, so its unfolded error is 0
by construction and only the folded error is meaningful.

With --bound F the script also checks, for every network, that
  err_folded <= F * err_unfolded + 64 * u_T          (relative to output scale)
where u_T is the unit roundoff of T, and exits 1 if any network fails.
"""

import argparse
import concurrent.futures
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))), "test", "scripts"))
import random_networks  # noqa: E402

TYPES = ["f16", "bf16", "f32", "f64"]
# Unit roundoff (half an ulp of 1.0) per type.
UNIT_ROUNDOFF = {"f16": 2.0 ** -11, "bf16": 2.0 ** -8, "f32": 2.0 ** -24,
                 "f64": 2.0 ** -53}
BOUND_ATOL_ULPS = 64

FLOAT_RE = re.compile(r"[-+]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?")


def retype(text, dtype, to="f64"):
    """The network text with every `T` tensor element type replaced by `to`."""
    out = re.sub(r"([x<])%s>" % dtype, r"\g<1>%s>" % to, text)
    if re.search(r"[x<]%s>" % dtype, out):
        raise RuntimeError("retyping left a %s type behind" % dtype)
    return out


def check_constants_exact(text, dtype):
    """Every literal in a dense<...> constant must be a `dtype` value, so that
    retyping the text to f64 does not change any constant."""
    for body in re.findall(r"dense<([^>]*)>", text):
        for literal in FLOAT_RE.findall(body):
            value = float(literal)
            if random_networks.round_to(value, dtype) != value:
                raise RuntimeError("constant %s is not exact in %s"
                                   % (literal, dtype))


def exact_constants(text, dtype):
    """`text` with every dense<...> literal replaced by the exact decimal of
    the `dtype` value it denotes. MLIR prints an f16 constant as the shortest
    decimal that reads back as that f16 value (e.g. 1.332030e-01), which is
    not the f16 value itself and would change if the text were retyped."""
    if '"0x' in text:
        raise RuntimeError("hex constants; print with "
                           "--mlir-print-elementsattrs-with-hex-if-larger=-1")
    def literal(m):
        return random_networks.fmt_exact(
            random_networks.round_to(float(m.group(0)), dtype))
    return re.sub(r"dense<([^>]*)>",
                  lambda m: "dense<%s>" % FLOAT_RE.sub(literal, m.group(1)),
                  text)


def run(cmd):
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError("%s failed (exit %d):\n%s%s"
                           % (" ".join(cmd), proc.returncode, proc.stdout,
                              proc.stderr))
    return proc.stdout


def run_values(args, path, input_seed, input_type=None):
    """The values of the single result of `path` (bnfold-run --print-all)."""
    cmd = [args.bnfold_run, path, "--print-all", "--seed=%d" % input_seed]
    if input_type:
        cmd.append("--input-type=%s" % input_type)
    out = run(cmd)
    lines = [l.strip() for l in out.splitlines()]
    values = [l for l in lines if l.startswith("values: [")]
    if len(values) != 1 or not lines[0].startswith("result 0:"):
        raise RuntimeError("unexpected bnfold-run output for %s:\n%s"
                           % (path, out))
    body = values[0][len("values: ["):-1]
    return [float(v) for v in body.split(",")] if body.strip() else []


def errors(values, ref):
    if len(values) != len(ref):
        raise RuntimeError("result sizes differ: %d vs %d"
                           % (len(values), len(ref)))
    abs_err = max((abs(x - r) for x, r in zip(values, ref)), default=0.0)
    scale = max((abs(r) for r in ref), default=0.0)
    return abs_err, (abs_err / scale if scale > 0 else abs_err)


def measure_one(args, dtype, index):
    rng = random.Random("%d/%d" % (args.seed, index))
    text = random_networks.generate(rng, index, dtype, exact=True)
    check_constants_exact(text, dtype)
    base = os.path.join(args.out_dir, "net_%s_%d_%d" % (dtype, args.seed,
                                                        index))
    path, ref_path, folded = base + ".mlir", base + ".f64.mlir", \
        base + ".folded.mlir"
    with open(path, "w") as f:
        f.write(text)
    run([args.bnfold_opt, "--fold-batchnorm",
         "--mlir-print-elementsattrs-with-hex-if-larger=-1", path, "-o",
         folded])
    input_seed = args.seed * 1000 + index + 1
    unfolded = run_values(args, path, input_seed)
    folded_values = run_values(args, folded, input_seed)
    if dtype == "f64":
        ref = unfolded
        params_only = folded_values
    else:
        with open(ref_path, "w") as f:
            f.write(retype(text, dtype))
        ref = run_values(args, ref_path, input_seed, input_type=dtype)
        # The folded network's parameters (already rounded to T by the fold)
        # evaluated in f64: its error is what rounding the folded weights and
        # biases to T costs, without any rounding of activations.
        with open(folded) as f:
            folded_text = f.read()
        params_path = base + ".folded.f64.mlir"
        with open(params_path, "w") as f:
            f.write(retype(exact_constants(folded_text, dtype), dtype))
        params_only = run_values(args, params_path, input_seed,
                                 input_type=dtype)
    ua, ur = errors(unfolded, ref)
    fa, fr = errors(folded_values, ref)
    pa, pr = errors(params_only, ref)
    scale = max((abs(r) for r in ref), default=0.0)
    return {"type": dtype, "index": index, "elements": len(ref),
            "scale": scale, "unf_abs": ua, "unf_rel": ur, "fold_abs": fa,
            "fold_rel": fr, "par_abs": pa, "par_rel": pr, "path": path}


def ratio(row):
    if row["unf_rel"] > 0:
        return row["fold_rel"] / row["unf_rel"]
    return 1.0 if row["fold_rel"] == 0 else float("inf")


def g(x):
    return "%.3g" % x


def ug(x, u):
    """`x` and `x` in units of `u`."""
    return "%.3g (%.2g u)" % (x, x / u)


def summarize(rows_by_type, count):
    out = []
    out.append("Error relative to the output scale, max|x - ref| / max|ref| "
               "(u = unit roundoff of the type):")
    out.append("")
    out.append("| type | u | networks | unfolded median | unfolded max | "
               "folded median | folded max | folded/unfolded median | "
               "folded/unfolded max | folded > 2x unfolded | "
               "folded params only median | folded params only max |")
    out.append("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- "
               "| --- | --- |")
    for dtype, rows in rows_by_type.items():
        u = UNIT_ROUNDOFF[dtype]
        unf = [r["unf_rel"] for r in rows]
        fold = [r["fold_rel"] for r in rows]
        if dtype == "f64":
            ratio_cells = ["n/a (ref = unfolded)"] * 3
        else:
            ratios = [ratio(r) for r in rows]
            worse = sum(1 for r in rows if r["fold_rel"] > 2 * r["unf_rel"])
            ratio_cells = [g(statistics.median(ratios)), g(max(ratios)),
                           "%d of %d" % (worse, len(rows))]
        par = [r["par_rel"] for r in rows]
        out.append("| %s | %s | %d | %s | %s | %s | %s | %s | %s | %s | %s "
                   "| %s |"
                   % (dtype, g(u), len(rows),
                      ug(statistics.median(unf), u), ug(max(unf), u),
                      ug(statistics.median(fold), u), ug(max(fold), u),
                      *ratio_cells,
                      ug(statistics.median(par), u), ug(max(par), u)))
    out.append("")
    out.append("Absolute error, max|x - ref|:")
    out.append("")
    out.append("| type | networks | unfolded median | unfolded max | "
               "folded median | folded max | output scale median |")
    out.append("| --- | --- | --- | --- | --- | --- | --- |")
    for dtype, rows in rows_by_type.items():
        unf = [r["unf_abs"] for r in rows]
        fold = [r["fold_abs"] for r in rows]
        out.append("| %s | %d | %s | %s | %s | %s | %s |"
                   % (dtype, len(rows), g(statistics.median(unf)),
                      g(max(unf)), g(statistics.median(fold)), g(max(fold)),
                      g(statistics.median([r["scale"] for r in rows]))))
    return "\n".join(out)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=50,
                        help="networks per element type")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--types", default=",".join(TYPES),
                        help="comma-separated element types")
    parser.add_argument("--out-dir",
                        help="where the networks go (default: a temporary "
                        "directory that is removed)")
    parser.add_argument("--bnfold-opt", default="bnfold-opt")
    parser.add_argument("--bnfold-run", default="bnfold-run")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--details", help="write one TSV line per network "
                        "to this file")
    parser.add_argument("--bound", type=float,
                        help="fail if err_folded > BOUND * err_unfolded + "
                        "%d u for any network" % BOUND_ATOL_ULPS)
    args = parser.parse_args()
    types = [t for t in args.types.split(",") if t]
    for t in types:
        if t not in TYPES:
            parser.error("unknown type %r" % t)
    tmp = None
    if not args.out_dir:
        tmp = tempfile.TemporaryDirectory(prefix="bnfold-precision-")
        args.out_dir = tmp.name
    os.makedirs(args.out_dir, exist_ok=True)

    tasks = [(t, i) for t in types for i in range(args.count)]
    results = {}
    with concurrent.futures.ThreadPoolExecutor(max(1, args.jobs)) as pool:
        futures = {pool.submit(measure_one, args, t, i): (t, i)
                   for t, i in tasks}
        for future in concurrent.futures.as_completed(futures):
            results[futures[future]] = future.result()
    rows_by_type = {t: [results[(t, i)] for i in range(args.count)]
                    for t in types}

    print("precision: %d networks per type, seed %d" % (args.count, args.seed))
    print()
    print(summarize(rows_by_type, args.count))

    if args.details:
        with open(args.details, "w") as f:
            f.write("type\tindex\telements\tscale\tunf_abs\tunf_rel\t"
                    "fold_abs\tfold_rel\tpar_abs\tpar_rel\tratio\n")
            for t in types:
                for r in rows_by_type[t]:
                    f.write("%s\t%d\t%d\t%.6g\t%.6g\t%.6g\t%.6g\t%.6g\t"
                            "%.6g\t%.6g\t%.6g\n"
                            % (t, r["index"], r["elements"], r["scale"],
                               r["unf_abs"], r["unf_rel"], r["fold_abs"],
                               r["fold_rel"], r["par_abs"], r["par_rel"],
                               ratio(r)))

    status = 0
    if args.bound is not None:
        bad = []
        for t in types:
            atol = BOUND_ATOL_ULPS * UNIT_ROUNDOFF[t]
            for r in rows_by_type[t]:
                if r["fold_rel"] > args.bound * r["unf_rel"] + atol:
                    bad.append("%s network %d: folded %.3g > %g * unfolded "
                               "%.3g + %.3g" % (t, r["index"], r["fold_rel"],
                                                args.bound, r["unf_rel"],
                                                atol))
        print()
        for line in bad:
            print("BOUND FAILED: " + line)
        print("bound check (folded <= %g x unfolded + %d u): %s"
              % (args.bound, BOUND_ATOL_ULPS,
                 "OK" if not bad else "%d FAILED" % len(bad)))
        status = 1 if bad else 0
    if tmp:
        tmp.cleanup()
    return status


if __name__ == "__main__":
    sys.exit(main())
