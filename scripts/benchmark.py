#!/usr/bin/python3
"""Benchmark `bnfold-opt --fold-batchnorm` against the parse+print floor.

Generates synthetic networks of growing size (chains of conv2d + batch_norm +
relu blocks), in both layouts (nhwc/HWIO, nchw/OIHW), as text and as bytecode,
with dense and dense_resource weights. For each file it runs, in the same
session,

  floor: bnfold-opt FILE -o OUT                      (parse + verify + print)
  fold:  bnfold-opt --fold-batchnorm FILE -o OUT     (the same plus the pass)

(bytecode files are written back as bytecode, --emit-bytecode) and reports
wall time and peak RSS of each (GNU time's %M, see run()), their ratio, and
peak RSS over the weight bytes. Targets: fold time <= 1.25x
the floor; fold peak RSS <= 2.5x the weight bytes.

  scripts/benchmark.py            full run (largest: 1024 blocks, 116M params;
                                  ~8 minutes on 2 cores)
  scripts/benchmark.py --quick    smoke run (small networks, seconds)
  scripts/benchmark.py --markdown results.md   also write the table
  scripts/benchmark.py --scaling  the largest network at 1/8..1/1 of its
                                  size: time and memory per unit of model
  scripts/benchmark.py --layers   one network per layer kind (conv2d,
                                  conv1d, conv3d, conv_transpose2d, grouped
                                  conv_transpose2d): the pass's own time per
                                  weight MiB beside conv2d's, in the same run
  scripts/benchmark.py --generate net.mlir --blocks 4 --channels 64 \
      --layout nchw --storage dense_resource [--layer conv3d]
                                  write one network only

The networks are written by test/scripts/conv_bn_chain.py.

Only the standard library; run with /usr/bin/python3.
"""

import argparse
import datetime
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "test", "scripts"))
from conv_bn_chain import LAYERS, generate  # noqa: E402

# (name, blocks, channels): params per block ~ 9*C*C + 4*C.
FULL_SIZES = [
    ("tiny", 4, 16),
    ("small", 32, 64),
    ("medium", 256, 96),
    ("large", 1024, 112),
]
QUICK_SIZES = [("tiny", 4, 16), ("small", 16, 32)]


def run(cmd, out=None):
    """Runs cmd; returns (seconds, peak RSS bytes) of that process alone.

    The peak RSS comes from /usr/bin/time (GNU time, %M): a child forked
    straight from this Python process would start its ru_maxrss at
    Python's own RSS, which fork counts even across exec."""
    if out and out != "/dev/null" and os.path.exists(out):
        os.remove(out)
    with tempfile.NamedTemporaryFile(mode="r", suffix=".time") as rss_file:
        start = time.perf_counter()
        proc = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", rss_file.name]
                              + cmd, stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE)
        elapsed = time.perf_counter() - start
        if proc.returncode != 0:
            sys.exit(f"benchmark: {' '.join(cmd)} failed ({proc.returncode}):\n"
                     f"{proc.stderr.decode(errors='replace')[-2000:]}")
        max_rss_kib = int(rss_file.read().split()[-1])
    return elapsed, max_rss_kib * 1024


def measure(cmd, repeats):
    best_t, best_rss = None, None
    for _ in range(repeats):
        t, rss = run(cmd)
        best_t = t if best_t is None else min(best_t, t)
        best_rss = rss if best_rss is None else min(best_rss, rss)
    return best_t, best_rss


def compare(floor_cmd, fold_cmd, out, repeats):
    """Runs floor and fold interleaved, `repeats` times each; returns the best
    (floor s, floor RSS, fold s, fold RSS). Interleaved, best of each: the
    machine is shared, so single runs vary by +-30%."""
    floor_t = floor_rss = fold_t = fold_rss = float("inf")
    for _ in range(repeats):
        t, rss = run(floor_cmd, out)
        floor_t, floor_rss = min(floor_t, t), min(floor_rss, rss)
        t, rss = run(fold_cmd, out)
        fold_t, fold_rss = min(fold_t, t), min(fold_rss, rss)
    return floor_t, floor_rss, fold_t, fold_rss


def mib(n):
    return n / (1 << 20)


def add_row(rows, cells):
    """Appends a markdown table row and prints it as soon as it is measured."""
    row = "| " + " | ".join(str(cell) for cell in cells) + " |"
    rows.append(row)
    print(row, flush=True)


def scaling(opt, work, out, base_rss, parent_rss, args):
    """The largest network at 1/8 .. 1/1 of its blocks: time and memory per
    unit of model, which stay flat when they grow linearly."""
    _, blocks_full, channels = FULL_SIZES[-1]
    rows = []
    for blocks in (blocks_full // 8, blocks_full // 4, blocks_full // 2,
                   blocks_full):
        text = os.path.join(work, f"scaling-{blocks}.mlir")
        wbytes = generate(text, blocks, channels, "nhwc", "dense", args.dtype)
        params = blocks * (9 * channels * channels + 4 * channels)
        bc = text + "bc"
        run([*opt, text, "--emit-bytecode", "-o", bc])
        for fmt, path, extra in (("text", text, []),
                                 ("bytecode", bc, ["--emit-bytecode"])):
            floor_t, _, fold_t, fold_rss = compare(
                [*opt, path, "-o", out] + extra,
                [*opt, args.fold, path, "-o", out] + extra, out, 5)
            if fmt == "bytecode":
                fold_rss += parent_rss
            mparams = params / 1e6
            add_row(rows, [
                blocks, f"{mparams:.1f}M", fmt, f"{floor_t:.3f}",
                f"{fold_t:.3f}", f"{fold_t / floor_t:.2f}",
                f"{floor_t / mparams:.4f}", f"{fold_t / mparams:.4f}",
                f"{(fold_t - floor_t) / mparams:.4f}",
                f"{(fold_rss - base_rss) / wbytes:.2f}"])
        os.remove(bc)
        if not args.keep:
            os.remove(text)
    return rows


def pass_seconds(opt, fold, path, out, repeats):
    """The FoldBatchNorm pass's own wall time (`--mlir-timing`), best of
    `repeats`: the fold without parsing and printing, which dominate the
    whole run and its noise."""
    best = float("inf")
    for _ in range(repeats):
        proc = subprocess.run([*opt, fold, "--mlir-timing", path,
                               "-o", out], stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, text=True, check=True)
        for line in proc.stderr.splitlines():
            if line.strip().endswith("FoldBatchNorm"):
                best = min(best, float(line.split()[0]))
    return best


def layer_kinds(opt, work, out, args):
    """One network per layer kind, same blocks and channels, text with
    dense_resource weights in both layout families: the whole run against
    the parse+print floor, and the pass's own time per weight MiB with its
    ratio to conv2d's in the same family."""
    blocks, channels = (8, 32) if args.quick else (128, 96)
    rows = []
    for layout in ("nhwc", "nchw"):
        reference = None
        for layer in LAYERS:
            # A grouped filter has 1/G of the weights per channel: more
            # channels give it the same weight bytes per block, so that a
            # fold's fixed cost per layer weighs the same per MiB.
            groups = LAYERS[layer][4]
            kind_channels = groups * round(channels * groups ** 0.5 / groups)
            text = os.path.join(work, f"{layer}-{layout}.mlir")
            wbytes = generate(text, blocks, kind_channels, layout,
                              "dense_resource", args.dtype, layer)
            floor_t, _, fold_t, _ = compare(
                [*opt, text, "-o", out],
                [*opt, args.fold, text, "-o", out], out, 5)
            per_mib = pass_seconds(opt, args.fold, text, out, 5) / mib(wbytes)
            reference = reference or per_mib
            add_row(rows, [layer, layout, f"{blocks}x{kind_channels}ch",
                           f"{mib(wbytes):.1f}", f"{floor_t:.3f}",
                           f"{fold_t:.3f}", f"{fold_t / floor_t:.2f}",
                           f"{per_mib * 1000:.2f}",
                           f"{per_mib / reference:.2f}"])
            if not args.keep:
                os.remove(text)
    return rows


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="small smoke run")
    ap.add_argument("--bnfold-opt", default=os.path.join(ROOT, "build/bin/bnfold-opt"))
    ap.add_argument("--opt-arg", action="append", default=[], metavar="ARG",
                    help="an extra argument for every bnfold-opt run (may "
                    "be repeated), e.g. --opt-arg=--release-input-pages=false")
    ap.add_argument("--markdown", help="also write the table to this file")
    ap.add_argument("--keep", help="directory to keep the generated files in")
    ap.add_argument("--sizes", help="comma-separated network names to run "
                    "(tiny,small,medium,large; default: all)")
    ap.add_argument("--formats", default="text,bytecode",
                    help="comma-separated formats to run (default: "
                    "text,bytecode)")
    ap.add_argument("--storages", default="dense,dense_resource",
                    help="comma-separated weight storages to run (default: "
                    "dense,dense_resource)")
    ap.add_argument("--fold", default="--fold-batchnorm", metavar="PASS",
                    help="the pass argument of the fold runs (default: "
                    "--fold-batchnorm), e.g. "
                    "--fold=--fold-batchnorm=folded-weights=resource")
    ap.add_argument("--print-to-null", action="store_true",
                    help="print to /dev/null instead of a file: leaves out "
                    "the kernel's cost of caching the output file, the same "
                    "for floor and fold, so the fold's own share shows")
    ap.add_argument("--scaling", action="store_true",
                    help="instead of the size x format matrix, run the "
                    "largest network's blocks at 1/8, 1/4, 1/2 and all of "
                    "its size (nhwc, dense, text and bytecode) and report "
                    "time per million parameters and memory per weight "
                    "byte: linear growth keeps both flat")
    ap.add_argument("--layers", action="store_true",
                    help="instead of the size x format matrix, fold one "
                    "network per layer kind (conv2d, conv1d, conv3d, "
                    "conv_transpose2d, grouped conv_transpose2d) and report "
                    "the pass's own time per weight MiB beside conv2d's")
    ap.add_argument("--layer", choices=sorted(LAYERS), default="conv2d",
                    help="the layer kind of --generate")
    ap.add_argument("--dtype", choices=["f32", "f16"], default="f32",
                    help="element type of every network (default f32)")
    ap.add_argument("--generate", metavar="FILE",
                    help="write one network to FILE and exit")
    ap.add_argument("--blocks", type=int, default=4)
    ap.add_argument("--channels", type=int, default=16)
    ap.add_argument("--layout", choices=["nhwc", "nchw"], default="nhwc")
    ap.add_argument("--storage", choices=["dense", "dense_resource"],
                    default="dense")
    args = ap.parse_args()
    if args.generate:
        generate(args.generate, args.blocks, args.channels, args.layout,
                 args.storage, args.dtype, args.layer)
        return
    if not os.access(args.bnfold_opt, os.X_OK):
        sys.exit(f"benchmark: {args.bnfold_opt} not found; build first")
    opt = [args.bnfold_opt] + args.opt_arg

    sizes = QUICK_SIZES if args.quick else FULL_SIZES
    if args.sizes:
        wanted = args.sizes.split(",")
        sizes = [size for size in sizes if size[0] in wanted]
    work = args.keep or tempfile.mkdtemp(prefix="bnfold-bench-")
    os.makedirs(work, exist_ok=True)
    rows = []
    if args.layers:
        header = ("| layer | layout | network | weights MiB | floor s | fold s | "
                  "time ratio | pass ms / weight MiB | pass vs conv2d |")
    elif args.scaling:
        header = ("| blocks | params | format | floor s | fold s | time ratio | "
                  "floor s / M params | fold s / M params | "
                  "(fold - floor) s / M params | (fold RSS - base) / weights |")
    else:
        header = ("| network | params | weights MiB | layout | format | storage | "
                  "file MiB | floor s | fold s | time ratio | floor RSS MiB | "
                  "fold RSS MiB | (fold RSS - base) / weights | targets |")
    columns = header.count("|") - 1
    # The output goes to a tmpfs when there is one, and is removed before
    # every run: truncating the previous run's 900 MiB file on a disk, with
    # its writeback still going, added seconds of noise to single runs.
    out_dir = (tempfile.mkdtemp(prefix="bnfold-bench-out-", dir="/dev/shm")
               if os.access("/dev/shm", os.W_OK) else work)
    out = "/dev/null" if args.print_to_null else os.path.join(out_dir, "out")
    # The RSS of bnfold-opt on an empty module (code, libraries, context):
    # subtracted before comparing memory with the weight bytes.
    empty = os.path.join(work, "empty.mlir")
    with open(empty, "w") as f:
        f.write("module {}\n")
    _, base_rss = measure([*opt, empty, "-o", out], 3)
    # Bytecode is read in a child process (BytecodeReaderGuard.h), and GNU
    # time reports the larger of the two peaks: the child's, on any real
    # model. The parent keeps the RSS it had when it forked until the end,
    # and that is what an empty bytecode module reports (its child is
    # smaller). Bytecode rows add it to both RSS columns: the sum of the
    # two processes, an upper bound (library pages count twice).
    run([*opt, empty, "--emit-bytecode", "-o", empty + "bc"])
    _, parent_rss = measure([*opt, empty + "bc", "--emit-bytecode", "-o", out], 3)
    print(f"baseline RSS (empty module): {mib(base_rss):.0f} MiB; parent "
          f"process of a bytecode run: {mib(parent_rss):.0f} MiB", flush=True)
    print(header)
    print("|" + "---|" * columns, flush=True)
    try:
        if args.scaling:
            rows = scaling(opt, work, out, base_rss, parent_rss, args)
        if args.layers:
            rows = layer_kinds(opt, work, out, args)
        for name, blocks, channels in ([] if args.scaling or args.layers
                                       else sizes):
            for layout in ("nhwc", "nchw"):
                for storage in args.storages.split(","):
                    text = os.path.join(work, f"{name}-{layout}-{storage}.mlir")
                    wbytes = generate(text, blocks, channels, layout, storage,
                                      args.dtype)
                    bc = text + "bc"
                    run([*opt, text, "--emit-bytecode", "-o", bc])
                    for fmt, path, extra in (("text", text, []),
                                             ("bytecode", bc, ["--emit-bytecode"])):
                        if fmt not in args.formats.split(","):
                            continue
                        size = os.path.getsize(path)
                        repeats = 7 if size < (64 << 20) else 5
                        floor_t, floor_rss, fold_t, fold_rss = compare(
                            [*opt, path, "-o", out] + extra,
                            [*opt, args.fold, path, "-o", out] + extra,
                            out, repeats)
                        if fmt == "bytecode":
                            floor_rss += parent_rss
                            fold_rss += parent_rss
                        ratio = fold_t / floor_t
                        mem = (fold_rss - base_rss) / wbytes
                        ok = []
                        ok.append("time ok" if ratio <= 1.25 else "TIME MISSED")
                        if wbytes < (16 << 20):
                            ok.append("mem n/a")  # baseline-dominated
                        else:
                            ok.append("mem ok" if mem <= 2.5 else "MEM MISSED")
                        params = blocks * (9 * channels * channels + 4 * channels)
                        add_row(rows, [
                            f"{name} ({blocks}x{channels}ch)",
                            f"{params/1e6:.2f}M", f"{mib(wbytes):.1f}", layout,
                            fmt, storage, f"{mib(size):.1f}", f"{floor_t:.3f}",
                            f"{fold_t:.3f}", f"{ratio:.2f}",
                            f"{mib(floor_rss):.0f}", f"{mib(fold_rss):.0f}",
                            f"{mem:.2f}", ", ".join(ok)])
                    os.remove(bc)
                    if not args.keep:
                        os.remove(text)
    finally:
        if out != "/dev/null" and os.path.exists(out):
            os.remove(out)
        if out_dir != work:
            shutil.rmtree(out_dir, ignore_errors=True)
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)

    if args.markdown:
        with open(args.markdown, "w") as f:
            f.write(f"Date: {datetime.date.today()}; machine: {os.cpu_count()} cores, "
                    f"{platform.machine()}; command: scripts/benchmark.py "
                    f"{' '.join(sys.argv[1:])}; baseline RSS "
                    f"{mib(base_rss):.0f} MiB; bytecode rows include the "
                    f"parent process, {mib(parent_rss):.0f} MiB\n\n")
            f.write(header + "\n|" + "---|" * columns + "\n" + "\n".join(rows) + "\n")


if __name__ == "__main__":
    main()
