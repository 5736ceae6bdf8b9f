#!/usr/bin/python3
"""Cross-check the nn -> linalg lowering against PyTorch (an independent
implementation of convolution, matmul and broadcasting arithmetic).

Generates random cases of the kinds given by --kinds, in f64, with the input
embedded as a constant; runs them with `bnfold-run --print-all` and compares
with torch in float64:

  conv2d     conv2d (groups, strides, dilations, asymmetric padding) and
             depthwise_conv2d (channel multiplier), both layouts;
  convnd     the same over 1 and 3 spatial dims (conv1d/conv3d,
             depthwise_conv1d/3d);
  transpose  conv_transpose1d/2d/3d (groups, strides, dilations, per-side
             padding, output_padding), both layouts;
  matmul     matmul (transposes, batch dims);
  batchnorm_training  nn.batch_norm_training against F.batch_norm in
             training mode (output, batch mean and biased variance, moving
             averages with torch's momentum = 1 - ours), and once frozen
             (step >= freeze_delay) against eval mode with the moving
             averages unchanged; ranks 2 to 5, both layout families,
             with and without scale and offset.
  elementwise  nn.add/sub/mul/div with NumPy broadcasting (missing and
             size-1 dims, rank 0, zero-sized and dynamic dims) and
             nn.sqrt/rsqrt/reciprocal, in f16, bf16, f32 and f64.

Channels-last cases permute torch's tensors. Torch pads symmetrically only,
so asymmetric padding is applied independently of the lowering: F.pad of the
input for regular convolutions; for transposed ones, the full (unpadded)
F.conv_transpose result is extended by output_padding zeros and cropped by
[lo, hi] per spatial dim.

Elementwise cases are compared bit for bit in their element type (NaN
with NaN, and the sign of zero): the reference computes f16/bf16 in f32
and rounds once, f32/f64 in their own type, rsqrt as 1 / sqrt. Their
values are signed powers of two times [1, 2) from 2^-10 to 2^11 and
signed zeros, so f16 products and quotients overflow to inf or round to
subnormals, and sqrt/rsqrt/reciprocal see 0, -0 and negatives.

  check_lowering_with_torch.py --bnfold-run build/bin/bnfold-run --count 100
  check_lowering_with_torch.py --kinds convnd,transpose --count 100
  check_lowering_with_torch.py --kinds elementwise --count 100

Needs python3-torch (Debian); prints a summary and exits non-zero on any
mismatch.
"""

import argparse
import math
import os
import random
import re
import subprocess
import sys
import tempfile

import torch
import torch.nn.functional as F


def draw_groups(rng, c, depthwise):
    """(groups, output channels) for c input channels: depthwise has one
    group per channel and a multiplier 1..3, otherwise any divisor of c
    with 1..3 output channels per group."""
    if depthwise:
        return c, c * rng.randint(1, 3)
    groups = rng.choice([g for g in range(1, c + 1) if c % g == 0])
    return groups, groups * rng.randint(1, 3)


def dense(t):
    def nest(x):
        if x.dim() == 0:
            return repr(float(x))
        return "[" + ", ".join(nest(e) for e in x) + "]"
    return "dense<%s>" % nest(t)


def ttype(shape, element="f64"):
    return "tensor<%s>" % "x".join([str(d) for d in shape] + [element])


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
    # Every result's values, in order.
    return [float(v) for m in re.findall(r"values: \[(.*)\]", out.stdout)
            for v in (m.split(", ") if m else [])]


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
    groups, cout = draw_groups(rng, c, depthwise)
    x = torch.rand(n, c, h, w, dtype=torch.float64) * 2 - 1       # NCHW
    wt = torch.rand(cout, c // groups, kh, kw, dtype=torch.float64) * 2 - 1
    bias = torch.rand(cout, dtype=torch.float64) * 2 - 1
    ref = F.conv2d(F.pad(x, (pad[2], pad[3], pad[0], pad[1])), wt, bias,
                   stride=(sh, sw), dilation=(dh, dw), groups=groups)
    if layout == "nhwc":
        xin = x.permute(0, 2, 3, 1)
        if depthwise:   # OIHW [C*M, 1, H, W] -> [H, W, C, M]
            filt = wt.reshape(c, cout // c, kh, kw).permute(2, 3, 0, 1)
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


def spatial_perm(r):
    """Channels-first -> channels-last permutation of an activation."""
    return [0] + list(range(2, r + 2)) + [1]


def layout_name(r, channels_last):
    return {1: ("ncw", "nwc"), 2: ("nchw", "nhwc"),
            3: ("ncdhw", "ndhwc")}[r][channels_last]


def torch_pad(pairs):
    """F.pad's argument for per-dim (lo, hi) pairs, first spatial dim first."""
    out = []
    for lo, hi in reversed(pairs):
        out += [lo, hi]
    return out


def array(values):
    return "array<i64: %s>" % ", ".join(map(str, values))


def conv_text(op, layout, xin, filt, bias, ref, attrs):
    xs, fs, rs = list(xin.shape), list(filt.shape), list(ref.shape)
    return """func.func @f() -> {rt} {{
  %x = arith.constant {x} : {xt}
  %w = arith.constant {w} : {wt}
  %b = arith.constant {b} : {bt}
  %y = nn.{op} {layout} %x, %w, %b {{{attrs}}} : ({xt}, {wt}, {bt}) -> {rt}
  return %y : {rt}
}}
""".format(rt=ttype(rs), x=dense(xin), xt=ttype(xs), w=dense(filt),
           wt=ttype(fs), b=dense(bias), bt=ttype([bias.shape[0]]), op=op,
           layout=layout, attrs=attrs)


def conv_nd_case(rng):
    """conv1d/conv3d or depthwise_conv1d/3d, either layout family."""
    r = rng.choice([1, 3])
    last = rng.random() < 0.5
    depthwise = rng.random() < 0.35
    n, c = rng.randint(1, 2), rng.randint(1, 4)
    lo_size, hi_size = (3, 8) if r == 1 else (2, 4)
    size = [rng.randint(lo_size, hi_size) for _ in range(r)]
    while True:
        k = [rng.randint(1, 3) for _ in range(r)]
        s = [rng.randint(1, 3 if r == 1 else 2) for _ in range(r)]
        d = [rng.randint(1, 2) for _ in range(r)]
        pads = [(rng.randint(0, 2), rng.randint(0, 2)) for _ in range(r)]
        if all(size[i] + sum(pads[i]) >= d[i] * (k[i] - 1) + 1
               for i in range(r)):
            break
    groups, cout = draw_groups(rng, c, depthwise)
    x = torch.rand(n, c, *size, dtype=torch.float64) * 2 - 1
    wt = torch.rand(cout, c // groups, *k, dtype=torch.float64) * 2 - 1
    bias = torch.rand(cout, dtype=torch.float64) * 2 - 1
    conv = F.conv1d if r == 1 else F.conv3d
    ref = conv(F.pad(x, torch_pad(pads)), wt, bias, stride=s, dilation=d,
               groups=groups)
    kdims = list(range(2, r + 2))
    if last:
        xin = x.permute(*spatial_perm(r))
        if depthwise:   # [C*M, 1, k...] -> [k..., C, M]
            filt = wt.reshape(c, cout // c, *k).permute(*kdims, 0, 1)
        else:           # [Cout, Cin/G, k...] -> [k..., Cin/G, Cout]
            filt = wt.permute(*kdims, 1, 0)
        ref = ref.permute(*spatial_perm(r))
    else:
        xin, filt = x, wt
    op = "%sconv%dd" % ("depthwise_" if depthwise else "", r)
    layout = layout_name(r, last)
    attrs = "strides = %s, dilations = %s, padding = %s" % (
        array(s), array(d), array([p for pair in pads for p in pair]))
    if not depthwise:
        attrs += ", groups = %d" % groups
    desc = "%s %s groups=%d k=%s s=%s d=%s pad=%s" % (op, layout, groups, k,
                                                      s, d, pads)
    return desc, conv_text(op, layout, xin, filt, bias, ref, attrs), \
        ref.reshape(-1).tolist()


def conv_transpose_case(rng):
    """conv_transpose1d/2d/3d, either layout family; a quarter of the cases
    have stride 2 with output_padding 1 in every spatial dim."""
    r = rng.randint(1, 3)
    last = rng.random() < 0.5
    n = rng.randint(1, 2)
    groups = rng.choice([1, 1, 2, 3])
    cin = groups * rng.randint(1, 2 if groups > 1 else 4)
    cout = groups * rng.randint(1, 3)
    hi_size = {1: 6, 2: 4, 3: 3}[r]
    size = [rng.randint(1, hi_size) for _ in range(r)]
    strided = rng.random() < 0.3
    while True:
        k = [rng.randint(1, 3) for _ in range(r)]
        s = [2 if strided else rng.randint(1, 3) for _ in range(r)]
        d = [rng.randint(1, 2) for _ in range(r)]
        op = [1 if strided else rng.randint(0, max(s[i], d[i]) - 1)
              for i in range(r)]
        # Padding beyond d*(k-1) takes the lowering's crop path.
        pads = [(rng.randint(0, d[i] * (k[i] - 1) + 1),
                 rng.randint(0, d[i] * (k[i] - 1) + 1)) for i in range(r)]
        full = [(size[i] - 1) * s[i] + d[i] * (k[i] - 1) + 1
                for i in range(r)]
        out = [full[i] + op[i] - sum(pads[i]) for i in range(r)]
        if min(out) >= 1:
            break
    x = torch.rand(n, cin, *size, dtype=torch.float64) * 2 - 1
    wt = torch.rand(cin, cout // groups, *k, dtype=torch.float64) * 2 - 1
    bias = torch.rand(cout, dtype=torch.float64) * 2 - 1
    conv = [F.conv_transpose1d, F.conv_transpose2d, F.conv_transpose3d][r - 1]
    ref = conv(x, wt, None, stride=s, padding=0, output_padding=0,
               groups=groups, dilation=d)
    # output_padding: outputs that receive no products; then crop [lo, hi].
    ref = F.pad(ref, torch_pad([(0, p) for p in op]))
    for i in range(r):
        ref = ref.narrow(2 + i, pads[i][0], out[i])
    ref = ref + bias.reshape(1, cout, *([1] * r))
    kdims = list(range(2, r + 2))
    if last:
        xin = x.permute(*spatial_perm(r))
        filt = wt.permute(*kdims, 1, 0)     # [k..., Cout/G, Cin]
        ref = ref.permute(*spatial_perm(r))
    else:
        xin, filt = x, wt
    name = "conv_transpose%dd" % r
    layout = layout_name(r, last)
    attrs = ("strides = %s, dilations = %s, padding = %s, "
             "output_padding = %s, groups = %d" % (
                 array(s), array(d), array([p for pair in pads for p in pair]),
                 array(op), groups))
    desc = "%s %s groups=%d in=%s k=%s s=%s d=%s pad=%s op=%s" % (
        name, layout, groups, size, k, s, d, pads, op)
    return desc, conv_text(name, layout, xin, filt, bias, ref.contiguous(),
                           attrs), ref.reshape(-1).tolist()


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


ELEMENT_TYPES = {"f16": torch.float16, "bf16": torch.bfloat16,
                 "f32": torch.float32, "f64": torch.float64}


def draw_values(rng, shape, dtype):
    """Signed powers of two times [1, 2) from 2^-10 to 2^11, and signed
    zeros, rounded to `dtype`."""
    count = 1
    for d in shape:
        count *= d
    values = [rng.choice([0.0, -0.0]) if rng.random() < 0.1 else
              rng.choice([-1, 1]) * rng.uniform(1, 2) * 2.0 ** rng.randint(-10, 10)
              for _ in range(count)]
    return torch.tensor(values, dtype=torch.float64).reshape(shape).to(dtype)


def broadcast_shapes(rng):
    """(lhs, rhs, result) shapes that broadcast NumPy-style: aligned at the
    last dim, each operand dim either the result's or 1 (1 when the result's
    is 1); the shorter operand may miss leading dims."""
    rank = rng.randint(0, 4)
    result = [rng.choice([0] + [1, 2, 3, 4] * 5) for _ in range(rank)]
    short = rng.randint(0, rank)
    ranks = [rank, short] if rng.random() < 0.5 else [short, rank]
    shapes = [[1 if size != 1 and rng.random() < 0.35 else size
               for size in result[rank - r:]] for r in ranks]
    # The result dim is an operand's: where both drew 1, one takes it back.
    for d, size in enumerate(result):
        aligned = [(i, d - (rank - r)) for i, r in enumerate(ranks)
                   if d >= rank - r]
        if all(shapes[i][od] != size for i, od in aligned):
            i, od = rng.choice(aligned)
            shapes[i][od] = size
    return shapes[0], shapes[1], result


def dynamic_types(rng, operands, result, element):
    """Types with about a quarter of the result dims dynamic: such a dim is
    dynamic in every operand dim that matches it, static where an operand
    broadcasts a 1 over it (the verifier's rule: no dynamic dim faces a
    static one other than 1)."""
    rank = len(result)
    dynamic = [rng.random() < 0.25 for _ in result]
    types = []
    for shape in operands:
        lead = rank - len(shape)
        types.append(ttype(["?" if dynamic[lead + i] and
                            (size == result[lead + i]) else size
                            for i, size in enumerate(shape)], element))
    return types, ttype(["?" if dyn else size
                         for dyn, size in zip(dynamic, result)], element)


def constant_operand(name, value, static_type, dynamic_type):
    """Lines that define %name: the constant (tensor.empty when it has no
    elements), cast to its dynamic type."""
    source = "%%%s" % name if static_type == dynamic_type else "%%c%s" % name
    if value.numel() == 0:
        lines = ["  %s = tensor.empty() : %s" % (source, static_type)]
    else:
        lines = ["  %s = arith.constant %s : %s" % (
            source, dense(value.double()), static_type)]
    if static_type != dynamic_type:
        lines.append("  %%%s = tensor.cast %s : %s to %s" % (
            name, source, static_type, dynamic_type))
    return lines


def elementwise_case(rng):
    element = rng.choice(list(ELEMENT_TYPES))
    dtype = ELEMENT_TYPES[element]
    compute = torch.float32 if dtype in (torch.float16, torch.bfloat16) \
        else dtype
    op = rng.choice(["add", "sub", "mul", "div", "sqrt", "rsqrt",
                     "reciprocal"])
    if op in ("sqrt", "rsqrt", "reciprocal"):
        shape = [rng.choice([0] + [1, 2, 3, 4] * 5)
                 for _ in range(rng.randint(0, 4))]
        shapes, result = [shape], shape
    else:
        lhs, rhs, result = broadcast_shapes(rng)
        shapes = [lhs, rhs]
    values = [draw_values(rng, shape, dtype) for shape in shapes]
    types, result_type = dynamic_types(rng, shapes, result, element)
    args = [v.to(compute) for v in values]
    ref = {"add": lambda: args[0] + args[1],
           "sub": lambda: args[0] - args[1],
           "mul": lambda: args[0] * args[1],
           "div": lambda: args[0] / args[1],
           "sqrt": lambda: torch.sqrt(args[0]),
           "rsqrt": lambda: torch.ones_like(args[0]) / torch.sqrt(args[0]),
           "reciprocal": lambda: torch.ones_like(args[0]) / args[0]}[op]()
    ref = ref.to(dtype).reshape(result)
    lines = []
    for name, value, shape, type_ in zip("ab", values, shapes, types):
        lines += constant_operand(name, value, ttype(shape, element), type_)
    operands = ", ".join("%%%s" % name for name in "ab"[:len(values)])
    if all(t == result_type for t in types):
        signature = result_type
    else:
        signature = "(%s) -> %s" % (", ".join(types), result_type)
    text = """func.func @f() -> {rt} {{
{lines}
  %y = nn.{op} {operands} : {signature}
  return %y : {rt}
}}
""".format(rt=result_type, lines="\n".join(lines), op=op, operands=operands,
           signature=signature)
    desc = "%s %s" % (op, signature)
    return desc, text, ref


# name -> (case generator, weight)
def batch_norm_training_case(rng):
    rank = rng.randint(2, 5)
    shape = [rng.randint(1, 3), rng.randint(1, 4)] + \
        [rng.randint(1, 4) for _ in range(rank - 2)]
    if shape[0] * (math.prod(shape[2:])) < 2:
        shape[0] = 2  # torch needs more than one value per channel
    c = shape[1]
    x = (torch.rand(*shape, dtype=torch.float64) * 2 - 1) * 3 + 0.5
    moving_mean = torch.rand(c, dtype=torch.float64) * 2 - 1
    moving_var = torch.rand(c, dtype=torch.float64) + 0.25
    gamma = torch.rand(c, dtype=torch.float64) * 4 - 2
    beta = torch.rand(c, dtype=torch.float64) * 2 - 1
    has_scale, has_offset = rng.random() < 0.8, rng.random() < 0.8
    momentum = rng.choice([0.0, 0.9, 0.99, 0.5, 1.0])
    epsilon = rng.choice([1e-5, 1e-3, 0.1])
    step = None
    if rng.random() < 0.6:
        delay = rng.randint(0, 4)
        step = delay + rng.choice([-2, -1, 0, 1, 3])
    frozen = step is not None and step >= delay
    dims = [0] + list(range(2, rank))
    batch_mean = x.mean(dims)
    batch_var = x.var(dims, unbiased=False)
    weight = gamma if has_scale else None
    bias = beta if has_offset else None
    if frozen:
        out = F.batch_norm(x, moving_mean, moving_var, weight, bias,
                           training=False, eps=epsilon)
        new_mean, new_var = moving_mean, moving_var
    else:
        new_mean, new_var = moving_mean.clone(), moving_var.clone()
        out = F.batch_norm(x, new_mean, new_var, weight, bias, training=True,
                           momentum=1 - momentum, eps=epsilon)
    channels_last = rng.random() < 0.5
    perm = [0] + list(range(2, rank)) + [1]
    xin = x.permute(*perm) if channels_last else x
    outin = out.permute(*perm) if channels_last else out
    if rank == 2 or not channels_last:
        layout = {3: "ncw ", 4: "nchw ", 5: "ncdhw "}.get(rank, "") \
            if rng.random() < 0.5 else ""
        axis = None if layout or rank == 2 else 1
    else:
        layout = {3: "nwc ", 4: "nhwc ", 5: "ndhwc "}[rank] \
            if rng.random() < 0.5 else ""
        axis = None
    vt = ttype([c])
    operands = ["%x", "%mm", "%mv"]
    types = [ttype(list(xin.shape)), vt, vt]
    consts = ["  %x = arith.constant {} : {}".format(dense(xin), types[0]),
              "  %mm = arith.constant {} : {}".format(dense(moving_mean), vt),
              "  %mv = arith.constant {} : {}".format(dense(moving_var), vt)]
    tail = ""
    for name, on, value in (("scale", has_scale, gamma),
                            ("offset", has_offset, beta)):
        if on:
            consts.append("  %{} = arith.constant {} : {}".format(
                name, dense(value), vt))
            tail += " {} %{}".format(name, name)
            types.append(vt)
    attrs = ["epsilon = %.17e : f64" % epsilon,
             "momentum = %.17e : f64" % momentum]
    if step is not None:
        consts.append("  %step = arith.constant dense<{}> : tensor<i64>"
                      .format(step))
        tail += " step %step"
        types.append("tensor<i64>")
        attrs.append("freeze_delay = %d : i64" % delay)
    if axis is not None:
        attrs.append("axis = %d : i64" % axis)
    results = [types[0]] + [vt] * 4
    text = """func.func @f() -> ({rt}) {{
{consts}
  %y:5 = nn.batch_norm_training {layout}%x, %mm, %mv{tail} {{{attrs}}}
      : ({ts}) -> ({rt})
  return %y#0, %y#1, %y#2, %y#3, %y#4 : {rt}
}}
""".format(rt=", ".join(results), consts="\n".join(consts), layout=layout,
           tail=tail, attrs=", ".join(attrs), ts=", ".join(types))
    ref = [outin, batch_mean, batch_var, new_mean, new_var]
    desc = "batch_norm_training %s layout=%s frozen=%s" % (shape, layout,
                                                          frozen)
    return desc, text, [v for t in ref for v in t.reshape(-1).tolist()]


KINDS = {"conv2d": (conv_case, 3), "convnd": (conv_nd_case, 3),
         "transpose": (conv_transpose_case, 3), "matmul": (matmul_case, 1),
         "elementwise": (elementwise_case, 3),
         "batchnorm_training": (batch_norm_training_case, 1)}


def mismatch(got, ref):
    """Why `got` (bnfold-run's values) differs from `ref`: a float list
    checked to 1e-12, or a tensor checked bit for bit in its dtype (the
    printed decimals read back as exactly the element type's values)."""
    if isinstance(ref, torch.Tensor):
        ref = ref.reshape(-1)
        if len(got) != ref.numel():
            return "%d vs %d values" % (len(got), ref.numel())
        mine = torch.tensor(got, dtype=torch.float64).to(ref.dtype)
        both_nan = mine.isnan() & ref.isnan()
        same = both_nan | ((mine == ref) & (mine.signbit() == ref.signbit()))
        if bool(same.all()):
            return None
        i = int((~same).nonzero()[0])
        return "element %d is %r, expected %r" % (i, float(mine[i]),
                                                   float(ref[i]))
    worst = max((abs(g - r) for g, r in zip(got, ref)), default=0.0)
    if len(got) != len(ref) or worst > 1e-12:
        return "%d vs %d values, max err %g" % (len(got), len(ref), worst)
    return None


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--bnfold-run", default="bnfold-run")
    parser.add_argument("--count", type=int, default=50)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--kinds", default="conv2d,matmul",
                        help="comma-separated case kinds to draw from: "
                        + ", ".join(KINDS))
    args = parser.parse_args()
    kinds = args.kinds.split(",")
    unknown = [k for k in kinds if k not in KINDS]
    if unknown:
        parser.error("unknown --kinds %s (known: %s)"
                     % (", ".join(unknown), ", ".join(KINDS)))
    total = sum(KINDS[k][1] for k in kinds)
    rng = random.Random(args.seed)
    torch.manual_seed(args.seed)
    failures = 0
    for i in range(args.count):
        # One draw per case, weighted: a convolution kind 3, matmul 1.
        pick = rng.random() * total
        for kind in kinds:
            pick -= KINDS[kind][1]
            if pick < 0:
                break
        desc, text, ref = KINDS[kind][0](rng)
        try:
            got = run(args.bnfold_run, text)
        except RuntimeError as error:
            failures += 1
            print("FAIL %s: bnfold-run failed:\n%s\n%s" % (desc, error, text))
            continue
        why = mismatch(got, ref)
        if why:
            failures += 1
            print("FAIL %s: %s\n%s" % (desc, why, text))
    print("torch cross-check: %d checked, %d passed, %d failed"
          % (args.count, args.count - failures, failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
