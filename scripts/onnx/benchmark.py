#!/usr/bin/python3
"""Times bnfold against onnxruntime's own graph optimization, per model.

bnfold: the whole `bnfold-translate --fold-onnx --quiet in.onnx -o out.onnx`
process (read, check, shape inference, import, fold, export, write).
onnxruntime: `node ort_optimize.js` (session creation with
graphOptimizationLevel 'basic' and optimizedModelFilePath, which writes the
optimized model); its time is the session creation measured inside node
(node's start-up is left out), its memory the whole node process. floor:
`dd bs=4M` copying the model to a new file, the physical floor of any tool
that reads a model and writes one of the same size. The three run in turn
(bnfold, onnxruntime, floor, bnfold, ...), --repeat rounds, best wall time
of each; every output is removed before each run. Peak RSS from wait4.
Prints per model the time ratio bnfold / onnxruntime and bnfold / floor,
the peak RSS ratio, and the geometric means of the ratios last. Models come
from export_torchvision.py (cached in --work). With --baseline BUILD2,
also another build's `--fold-onnx` in the same turns (its time and peak,
and this build's time over its). With --pipe, also the
composable pipe `bnfold-translate --import-onnx | bnfold-opt
--fold-batchnorm | bnfold-translate --export-onnx`.

With --import-cases, times the import of hostile small models instead
(a chain of 2800 Reshapes with computed shapes, 729 KiB; tensors claiming
2^31 and 2^40 elements; 40 doubling Concats), with --baseline BUILD2 also
with another build's bnfold-translate in the same run.

Usage: benchmark.py [--work DIR] [--build DIR] [--repeat N] [--pipe]
                    [--baseline BUILD2] [MODEL ...]
       benchmark.py --import-cases [--baseline BUILD2] [--work DIR] [--build DIR]
"""
import argparse
import datetime
import json
import math
import os
import platform
import resource
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
# The exporters, make_test_models and onnxruntime-node live with the tests.
TEST_ONNX = os.path.join(ROOT, "test", "scripts", "onnx")
DEFAULT_MODELS = ["resnet18", "resnet50", "resnext50_32x4d", "mobilenet_v2",
                  "mobilenet_v3_large", "efficientnet_b0", "densenet121",
                  "inception_v3", "googlenet", "shufflenet_v2_x1_0",
                  "mnasnet1_0", "regnet_y_400mf", "vgg16_bn"]


def measure(cmd, shell=False):
    """(wall seconds, peak RSS MiB, stdout) of one run."""
    start = time.perf_counter()
    p = subprocess.Popen(cmd, shell=shell, stdout=subprocess.PIPE,
                         stderr=subprocess.DEVNULL)
    out = p.stdout.read()
    _, status, usage = os.wait4(p.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"failed: {cmd}")
    return wall, usage.ru_maxrss / 1024.0, out.decode()


def best(cmd, repeat, shell=False):
    runs = [measure(cmd, shell) for _ in range(repeat)]
    return min(r[0] for r in runs), max(r[1] for r in runs), runs[-1][2]


def import_run(translate, path, timeout):
    """(outcome, wall seconds, peak RSS MiB) of one --import-onnx."""
    start = time.perf_counter()
    p = subprocess.Popen([translate, "--import-onnx", path, "-o", os.devnull],
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        _, err = p.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        p.kill()
        p.communicate()
        return f"killed after {timeout} s", timeout, float("nan")
    wall = time.perf_counter() - start
    # The process is reaped by communicate(); its usage is in the children's.
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    lines = err.decode(errors="replace").strip().splitlines()
    if p.returncode < 0 or any("LLVM ERROR" in l for l in lines):
        outcome = "crash: " + (lines[0] if lines else f"signal {-p.returncode}")
    elif p.returncode:
        outcome = "error: " + (lines[-1].split("error: ", 1)[-1] if lines else "")
    else:
        outcome = "imported"
    return outcome[:90], wall, usage.ru_maxrss / 1024.0


def import_cases(args):
    """Import times of the hostile models; each run in a fresh process tree
    (peak RSS: the largest of the importer and its shape-inference child)."""
    sys.path.insert(0, TEST_ONNX)
    import onnx
    import make_test_models
    cases = [("reshape chain, 2800 links", "reshape_chain_2800.onnx"),
             ("tensor claiming 2^31 floats", "huge_initializer_2_31.onnx"),
             ("tensor claiming 2^40 floats", "huge_initializer.onnx"),
             ("40 doubling Concats", "concat_doubling.onnx")]
    inputs = os.path.join(ROOT, "test", "Target", "ONNX", "Inputs")
    chain = os.path.join(args.work, "reshape_chain_2800.onnx")
    onnx.save(make_test_models.reshape_chain(2800), chain)
    builds = [("bnfold", args.build)] + (
        [("baseline", args.baseline)] if args.baseline else [])
    print("| model | file | " + " | ".join(
        f"{name} outcome | {name} s | {name} peak MiB" for name, _ in builds)
          + " |")
    print("|---|---|" + "---|---|---|" * len(builds))
    for label, file in cases:
        path = chain if file.startswith("reshape_chain") else os.path.join(inputs, file)
        cells = []
        for _, build in builds:
            # A child process per run, so that RUSAGE_CHILDREN is this run's.
            r = subprocess.run(
                [sys.executable, __file__, "--one-import", path, "--build", build],
                capture_output=True, text=True)
            cells.append(r.stdout.strip() or "| failed | | ")
        size = os.path.getsize(path)
        size = f"{size} B" if size < 10240 else f"{size / 1024:.0f} KiB"
        print(f"| {label} | {size} | "
              + " | ".join(cells) + " |")
        sys.stdout.flush()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("models", nargs="*", default=DEFAULT_MODELS)
    parser.add_argument("--work", default=os.path.join(ROOT, "build", "onnx-models"))
    parser.add_argument("--build", default=os.path.join(ROOT, "build"))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--pipe", action="store_true",
                        help="also time the import | fold | export pipe")
    parser.add_argument("--import-cases", action="store_true")
    parser.add_argument("--baseline", help="build dir of another bnfold")
    parser.add_argument("--one-import", help=argparse.SUPPRESS)
    args = parser.parse_args()
    translate = os.path.join(args.build, "bin", "bnfold-translate")
    if args.one_import:
        outcome, wall, rss = import_run(translate, args.one_import, timeout=300)
        print(f"{outcome} | {wall:.2f} | {rss:.0f}")
        return 0
    os.makedirs(args.work, exist_ok=True)
    opt = os.path.join(args.build, "bin", "bnfold-opt")

    mem_gib = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    print(f"date: {datetime.date.today()}, machine: {os.cpu_count()} cores, "
          f"{mem_gib:.0f} GiB, {platform.processor() or platform.machine()}")
    print("command: /usr/bin/python3 scripts/onnx/benchmark.py "
          + " ".join(sys.argv[1:]))
    print()
    if args.import_cases:
        import_cases(args)
        return 0
    print("| model | size MiB | bnfold s | onnxruntime s | floor s "
          "| bnfold / onnxruntime | bnfold / floor | bnfold peak MiB "
          "| onnxruntime peak MiB | peak ratio |"
          + (" baseline s | baseline peak MiB | bnfold / baseline |" if args.baseline else "")
          + (" bnfold pipe s |" if args.pipe else ""))
    print("|---|---|---|---|---|---|---|---|---|---|" + ("---|---|---|" if args.baseline else "")
          + ("---|" if args.pipe else ""))
    baseline = (os.path.join(args.baseline, "bin", "bnfold-translate")
                if args.baseline else None)
    ratios = {"ort": [], "floor": [], "peak": [], "base": []}
    for name in args.models:
        src = os.path.join(args.work, name + ".onnx")
        if not os.path.exists(src):
            subprocess.run(["/usr/bin/python3", os.path.join(TEST_ONNX, "export_torchvision.py"),
                            args.work, name], check=True, capture_output=True)
        out = os.path.join(args.work, name + ".bench.onnx")
        out_ort = os.path.join(args.work, name + ".bench-ort.onnx")
        out_floor = os.path.join(args.work, name + ".bench-floor.onnx")
        fold, ort, floor, base = [], [], [], []
        for _ in range(args.repeat):
            for path in (out, out_ort, out_floor):
                if os.path.exists(path):
                    os.remove(path)
            wall, mem, _ = measure([translate, "--fold-onnx", "--quiet", src, "-o", out])
            fold.append((wall, mem))
            if baseline:
                os.remove(out)
                wall, mem, _ = measure([baseline, "--fold-onnx", "--quiet", src, "-o", out])
                base.append((wall, mem))
            _, mem, stdout = measure(["node", os.path.join(TEST_ONNX, "ort_optimize.js"),
                                      src, out_ort])
            ort.append((json.loads(stdout.strip().splitlines()[-1])["seconds"], mem))
            wall, mem, _ = measure(["dd", f"if={src}", f"of={out_floor}", "bs=4M",
                                    "status=none"])
            floor.append((wall, mem))
        t_fold, m_fold = min(r[0] for r in fold), max(r[1] for r in fold)
        t_ort, m_ort = min(r[0] for r in ort), max(r[1] for r in ort)
        t_floor = min(r[0] for r in floor)
        ratios["ort"].append(t_fold / t_ort)
        ratios["floor"].append(t_fold / t_floor)
        ratios["peak"].append(m_fold / m_ort)
        pipe = ""
        if baseline:
            t_base, m_base = min(r[0] for r in base), max(r[1] for r in base)
            pipe += f" {t_base:.3f} | {m_base:.0f} | {t_fold / t_base:.2f} |"
            ratios["base"].append(t_fold / t_base)
        if args.pipe:
            command = (f"{translate} --import-onnx {src} | {opt} --fold-batchnorm "
                       f"--mlir-print-debuginfo | {translate} --export-onnx -o {out}")
            pipe += f" {best(command, args.repeat, shell=True)[0]:.2f} |"
        size = os.path.getsize(src) / 2**20
        print(f"| {name} | {size:.0f} | {t_fold:.3f} | {t_ort:.3f} | {t_floor:.3f} "
              f"| {t_fold / t_ort:.2f} | {t_fold / t_floor:.2f} | {m_fold:.0f} "
              f"| {m_ort:.0f} | {m_fold / m_ort:.2f} |{pipe}")
        sys.stdout.flush()
        for path in (out, out_ort, out_floor):
            if os.path.exists(path):
                os.remove(path)

    def geomean(values):
        return math.exp(sum(math.log(v) for v in values) / len(values))
    print()
    print(f"geometric mean over {len(args.models)} models: "
          f"bnfold / onnxruntime {geomean(ratios['ort']):.2f} "
          f"(max {max(ratios['ort']):.2f}), "
          f"bnfold / floor {geomean(ratios['floor']):.2f}, "
          f"peak RSS bnfold / onnxruntime {geomean(ratios['peak']):.2f} "
          f"(max {max(ratios['peak']):.2f})"
          + (f", bnfold / baseline {geomean(ratios['base']):.2f}" if baseline else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
