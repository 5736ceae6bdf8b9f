#!/usr/bin/python3
"""Cross-check the nn -> linalg lowering against PyTorch (an independent
implementation of convolution and matmul).

Generates random conv2d (groups, strides, dilations, asymmetric padding),
depthwise_conv2d (channel multiplier) and matmul (transposes, batch dims)
cases in both layouts, in f64, with the input embedded as a constant; runs
them with `bnfold-run --print-all` and compares with torch in float64.

  check_lowering_with_torch.py --bnfold-run build/bin/bnfold-run --count 100

Needs python3-torch (Debian); prints a summary and exits non-zero on any
mismatch.
"""

import argparse
import os
import random
import re
import subprocess
import sys
import tempfile

import torch
import torch.nn.functional as F


def dense(t):
    def nest(x):
        if x.dim() == 0:
            return repr(float(x))
        return "[" + ", ".join(nest(e) for e in x) + "]"
    return "dense<%s>" % nest(t)


def ttype(shape):
    return "tensor<%sxf64>" % "x".join(map(str, shape))


def run(tool, text):
    with tempfile.NamedTemporaryFile("w", suffix=".mlir", delete=False) as f:
        f.write(text)
        path = f.name
    try:
        out = subprocess.run([tool, path, "--print-all"], capture_output=True,
                             text=True)
    finally:
        os.unlink(path)
    if out.returncode != 0:
        raise RuntimeError(out.stderr)
    m = re.search(r"values: \[(.*)\]", out.stdout)
    return [float(v) for v in m.group(1).split(", ")] if m.group(1) else []


def conv_case(rng):
    layout = rng.choice(["nhwc", "nchw"])
    depthwise = rng.random() < 0.4
    n, c = rng.randint(1, 2), rng.randint(1, 4)
    h, w = rng.randint(3, 7), rng.randint(3, 7)
    while True:
        kh, kw = rng.randint(1, 3), rng.randint(1, 3)
        sh, sw = rng.randint(1, 3), rng.randint(1, 3)
        dh, dw = rng.randint(1, 2), rng.randint(1, 2)
        pad = [rng.randint(0, 2) for _ in range(4)]
        if h + pad[0] + pad[1] >= dh * (kh - 1) + 1 and \
           w + pad[2] + pad[3] >= dw * (kw - 1) + 1:
            break
    if depthwise:
        groups, mult = c, rng.randint(1, 3)
        cout = c * mult
    else:
        groups = rng.choice([g for g in range(1, c + 1) if c % g == 0])
        cout = groups * rng.randint(1, 3)
    x = torch.rand(n, c, h, w, dtype=torch.float64) * 2 - 1       # NCHW
    wt = torch.rand(cout, c // groups, kh, kw, dtype=torch.float64) * 2 - 1
    bias = torch.rand(cout, dtype=torch.float64) * 2 - 1
    ref = F.conv2d(F.pad(x, (pad[2], pad[3], pad[0], pad[1])), wt, bias,
                   stride=(sh, sw), dilation=(dh, dw), groups=groups)
    if layout == "nhwc":
        xin = x.permute(0, 2, 3, 1)
        if depthwise:   # OIHW [C*M, 1, H, W] -> [H, W, C, M]
            filt = wt.reshape(c, mult, kh, kw).permute(2, 3, 0, 1)
        else:           # OIHW -> HWIO
            filt = wt.permute(2, 3, 1, 0)
        ref = ref.permute(0, 2, 3, 1)
    else:
        xin, filt = x, wt
    attrs = ("strides = array<i64: %d, %d>, dilations = array<i64: %d, %d>, "
             "padding = array<i64: %s>" % (sh, sw, dh, dw,
                                           ", ".join(map(str, pad))))
    if not depthwise:
        attrs += ", groups = %d" % groups
    op = "depthwise_conv2d" if depthwise else "conv2d"
    xs, fs, rs = list(xin.shape), list(filt.shape), list(ref.shape)
    text = """func.func @f() -> {rt} {{
  %x = arith.constant {x} : {xt}
  %w = arith.constant {w} : {wt}
  %b = arith.constant {b} : {bt}
  %y = nn.{op} {layout} %x, %w, %b {{{attrs}}} : ({xt}, {wt}, {bt}) -> {rt}
  return %y : {rt}
}}
""".format(rt=ttype(rs), x=dense(xin), xt=ttype(xs), w=dense(filt),
           wt=ttype(fs), b=dense(bias), bt=ttype([cout]), op=op,
           layout=layout, attrs=attrs)
    desc = "%s %s groups=%d k=%dx%d s=%d,%d d=%d,%d pad=%s" % (
        op, layout, groups, kh, kw, sh, sw, dh, dw, pad)
    return desc, text, ref.reshape(-1).tolist()


def matmul_case(rng):
    batch = [rng.randint(1, 3) for _ in range(rng.randint(0, 2))]
    m, k, n = rng.randint(1, 4), rng.randint(1, 5), rng.randint(1, 4)
    tl, tr = rng.random() < 0.5, rng.random() < 0.5
    a = torch.rand(*batch, m, k, dtype=torch.float64) * 2 - 1
    b = torch.rand(k, n, dtype=torch.float64) * 2 - 1
    bias = torch.rand(n, dtype=torch.float64) * 2 - 1
    ref = torch.matmul(a, b) + bias
    ain = a.transpose(-1, -2) if tl else a
    bin_ = b.t() if tr else b
    attrs = [s for s, on in (("transpose_lhs", tl), ("transpose_rhs", tr)) if on]
    text = """func.func @f() -> {rt} {{
  %a = arith.constant {a} : {at}
  %b = arith.constant {b} : {bt}
  %c = arith.constant {c} : {ct}
  %y = nn.matmul %a, %b, %c {attrs}: ({at}, {bt}, {ct}) -> {rt}
  return %y : {rt}
}}
""".format(rt=ttype(list(ref.shape)), a=dense(ain), at=ttype(list(ain.shape)),
           b=dense(bin_), bt=ttype(list(bin_.shape)), c=dense(bias),
           ct=ttype([n]), attrs="{%s} " % ", ".join(attrs) if attrs else "")
    return "matmul batch=%s tl=%s tr=%s" % (batch, tl, tr), text, \
        ref.reshape(-1).tolist()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--bnfold-run", default="bnfold-run")
    parser.add_argument("--count", type=int, default=50)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    torch.manual_seed(args.seed)
    failures = 0
    for i in range(args.count):
        desc, text, ref = (conv_case if rng.random() < 0.75 else matmul_case)(rng)
        got = run(args.bnfold_run, text)
        worst = max((abs(g - r) for g, r in zip(got, ref)), default=0.0)
        if len(got) != len(ref) or worst > 1e-12:
            failures += 1
            print("FAIL %s: %d vs %d values, max err %g\n%s"
                  % (desc, len(got), len(ref), worst, text))
    print("torch cross-check: %d checked, %d passed, %d failed"
          % (args.count, args.count - failures, failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
