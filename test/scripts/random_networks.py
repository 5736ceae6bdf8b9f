#!/usr/bin/python3
"""Generate small random nn networks and check that folding preserves them.

Each network is one public function `@net` taking one activation tensor (the
batch dim is sometimes dynamic) and built from random blocks:

  * conv2d (groups, strides, dilations, asymmetric padding, optional bias),
  * depthwise_conv2d (channel multiplier 1..3, optional bias),
  * the atrous triple space_to_batch -> conv2d -> batch_to_space,
  * matmul after a reshape to [N, K] (transpose_rhs, optional bias), or to
    [N, T, C] (a batch dim), and matmul followed by a reshape,

each followed, most of the time, by an nn.batch_norm, sometimes with an
nn.identity or nn.bias_add between layer and batch norm, and sometimes by a
relu or a residual add. The layout (nhwc/nchw) and element type (f32, f64,
f16, bf16) are chosen per network. Batch-norm parameters include tiny
variances, negative and zero scales and large means.

  random_networks.py --count 50 --seed 3 --out-dir /tmp/nets
  random_networks.py --count 200 --seed 9 --out-dir /tmp/nets --check \
      --bnfold-opt build/bin/bnfold-opt --bnfold-run build/bin/bnfold-run

With --check every network is folded (`bnfold-opt --fold-batchnorm`) and
compared with its original (`bnfold-run --compare`); the script prints one
line per failure and a summary, and exits non-zero if any network failed.

--structural generates a different family, made to reach every corner of
the fold's pattern matching rather than to be realistic: each batch norm
reads one kind of producer (conv2d grouped or not, depthwise_conv2d,
conv1d/conv3d grouped or depthwise, a transposed convolution over 1 to 3
spatial dims with random groups, strides and output_padding, matmul, relu,
add, nn.onnx_op, a block argument, a constant) through a
random chain of in-between ops (reshape/flatten, batch_to_space, identity,
bias_add, relu, add, nn.onnx_op), normalizing the right dim or not, with
parameters that are constants, function arguments or hostile values, and
intermediate results that sometimes have another user. About a third of the
batch norms are written out as elementwise ops instead (nn.sub/div/mul/add
and t - x on operands shaped [C], [C, 1, 1], [1, C, 1, 1] or one value,
sometimes spatially varying, on the wrong dim, a zero divisor or a run-time
argument). --check then runs
`bnfold-opt --fold-batchnorm=report` (any signal or non-zero exit fails),
requires exactly one "folded into" or "not folded: <reason>" remark per
batch norm (a batch norm that reads no layer may fold forward, into the
layers it feeds; when it stays, its remark must give the reasons for both
directions), at most one per elementwise op, and correct "folded N of M"
summaries, and compares original and
folded with `bnfold-run --compare` unless the network holds an nn.onnx_op
(which does not lower). --seconds bounds the run by time (scripts/fuzz.sh
runs it on the sanitizer build).

  random_networks.py --structural --count 200 --seed 5 --out-dir DIR --check
  random_networks.py --structural --seconds 60 --seed 5 --out-dir DIR --check \
      --keep-failures-only

--training generates the family of the first kind for
--fold-batchnorm=mode=training, in f32 or f64: each batch norm is an
nn.batch_norm_training with a freeze delay (its moving statistics the batch
norm's parameters above, a random momentum), and the network returns its
output and every batch norm's moving averages from a private @body(%x,
%step) called by @before, @at and @after (the step one before the freeze
delay, at it, and after it). Beside each network `net_S_i.mlir` it writes
`net_S_i.reference.mlir`, the same network with inference batch norms on the
moving statistics, which return those unchanged (@at and @after only).
--check folds with mode=training and report (every batch norm must fold),
compares the three functions with the original, and @at and @after with the
reference.

  random_networks.py --training --count 50 --seed 4 --out-dir DIR --check

Only the Python standard library is used.
"""

import argparse
import math
import os
import random
import re
import subprocess
import sys
import time

DTYPE_WEIGHTS = [("f32", 6), ("f64", 2), ("f16", 2), ("bf16", 2)]


# Significand bits (with the implicit one) and minimum normal exponent of
# each element type, for round_to().
FORMATS = {"f16": (11, -14), "bf16": (8, -126), "f32": (24, -126),
           "f64": (53, -1022)}


def round_to(value, dtype):
    """`value` rounded to the nearest `dtype` value (ties to even), as a float.

    Subnormals are handled; overflow is not (the generator's values are small).
    """
    if value == 0 or dtype == "f64":
        return float(value)
    bits, emin = FORMATS[dtype]
    _, exp = math.frexp(value)           # value = m * 2^exp, 0.5 <= |m| < 1
    quantum = max(exp - bits, emin - bits + 1)
    # Scaling by a power of two is exact; round() is round-half-even.
    return math.ldexp(round(math.ldexp(value, -quantum)), quantum)


def fmt_exact(value):
    """The shortest decimal that reads back as exactly this double.

    For a value already rounded to the element type, MLIR's parser gives back
    exactly that value in the element type *and* in any wider type, so a
    network's text can be retyped (e.g. f16 -> f64) without changing its
    constants.
    """
    mantissa, _, exponent = repr(float(value)).partition("e")
    if "." not in mantissa:
        mantissa += ".0"
    return mantissa + ("e" + exponent if exponent else "")


def fmt(value):
    # MLIR float literals need a '.' before any exponent ("1.0e-05", "0.0").
    text = "%.6g" % value
    mantissa, _, exponent = text.partition("e")
    if "." not in mantissa:
        mantissa += ".0"
    return mantissa + ("e" + exponent if exponent else "")


class Net:
    def __init__(self, rng, dtype, layout, exact=False):
        self.rng = rng
        self.dtype = dtype
        self.layout = layout
        self.exact = exact
        self.lines = []
        self.counter = 0
        self.half = dtype in ("f16", "bf16")
        # --training: "train" writes nn.batch_norm_training ops reading a
        # %step, "reference" the inference batch norms with their moving
        # statistics; `moving` collects the moving averages each returns.
        self.training = None
        self.train_rng = None
        self.freeze_delay = 0
        self.moving = []

    def name(self, prefix="v"):
        self.counter += 1
        return "%%%s%d" % (prefix, self.counter)

    def ttype(self, shape):
        dims = "x".join("?" if d is None else str(d) for d in shape)
        return "tensor<%sx%s>" % (dims, self.dtype) if dims else \
            "tensor<%s>" % self.dtype

    def const(self, shape, values):
        """A dense constant of `shape` holding `values` (row-major)."""
        name = self.name("c")
        def nest(vals, dims):
            if not dims:
                if self.exact:
                    return fmt_exact(round_to(vals[0], self.dtype))
                return fmt(vals[0])
            step = len(vals) // dims[0]
            return "[" + ", ".join(nest(vals[i * step:(i + 1) * step], dims[1:])
                                   for i in range(dims[0])) + "]"
        self.lines.append("  %s = arith.constant dense<%s> : %s"
                          % (name, nest(values, list(shape)), self.ttype(shape)))
        return name

    def rand_const(self, shape, lo=-1.0, hi=1.0):
        n = 1
        for d in shape:
            n *= d
        return self.const(shape, [self.rng.uniform(lo, hi) for _ in range(n)])

    def maybe_bias(self, channels, operands, types):
        """Half the time, appends a layer bias of `channels` values to the
        operand list text (and its type to `types`)."""
        if self.rng.random() < 0.5:
            operands += ", " + self.rand_const([channels], -0.5, 0.5)
            types.append(self.ttype([channels]))
        return operands

    def op(self, text):
        self.lines.append("  " + text)

    # -- layout helpers -----------------------------------------------------
    def act_shape(self, n, h, w, c):
        return [n, h, w, c] if self.layout == "nhwc" else [n, c, h, w]

    # -- batch norm ---------------------------------------------------------
    def bn_params(self, channels):
        rng = self.rng
        mean, var, scale, offset = [], [], [], []
        for _ in range(channels):
            # f16/bf16 keep 8-11 significant bits: a tiny variance multiplies
            # the rounding error of the batch norm's input by up to 1/sqrt(var)
            # in the *unfolded* model, which no elementwise tolerance can tell
            # from a wrong fold. Half networks get moderate statistics.
            r = rng.random()
            big = 10 if self.half else 50
            mean.append(rng.uniform(-big, big) if r < 0.15 else rng.uniform(-1, 1))
            r = rng.random()
            if r < 0.15 and not self.half:
                var.append(rng.choice([1e-6, 1e-5, 1e-4]))
            elif self.half:
                var.append(rng.uniform(0.25, 4.0))
            else:
                var.append(rng.uniform(0.05, 4.0))
            r = rng.random()
            if r < 0.1:
                scale.append(0.0)
            elif r < 0.35:
                scale.append(-rng.uniform(0.1, 2.0))
            else:
                scale.append(rng.uniform(0.1, 2.0))
            offset.append(rng.uniform(-1, 1))
        return mean, var, scale, offset

    def batch_norm(self, x, shape, feature_dim, layout_kw):
        channels = shape[feature_dim]
        mean, var, scale, offset = self.bn_params(channels)
        if self.training and not any(scale):
            # A layer whose every channel is constant leaves the batch norms
            # after it no batch variance: the training fold's z * sigma_moving
            # / sigma_batch - scale * mean / sigma_batch then cancels
            # (docs/precision.md).
            scale[0] = 1.0
        m = self.const([channels], mean)
        v = self.const([channels], var)
        operands = "%s, %s, %s" % (x, m, v)
        types = [self.ttype(shape), self.ttype([channels]), self.ttype([channels])]
        if self.rng.random() < 0.8:
            operands += " scale " + self.const([channels], scale)
            types.append(self.ttype([channels]))
        if self.rng.random() < 0.8:
            operands += " offset " + self.const([channels], offset)
            types.append(self.ttype([channels]))
        eps = self.rng.choice(["1.0e-05", "1.0e-03", "0.0"]) if not self.half \
            else "1.0e-03"
        if self.training:
            return self.training_batch_norm(x, shape, operands, types, eps,
                                            layout_kw, m, v)
        y = self.name()
        self.op("%s = nn.batch_norm %s%s {epsilon = %s : f64} : (%s) -> %s"
                % (y, layout_kw, operands, eps, ", ".join(types),
                   self.ttype(shape)))
        return y


    def training_batch_norm(self, x, shape, operands, types, eps, layout_kw,
                            mean, var):
        """The batch norm drawn by batch_norm() in training form: an
        nn.batch_norm_training with `mean` and `var` as its moving
        statistics ("train"), or the nn.batch_norm it is once frozen
        ("reference"); either way its moving averages are results."""
        vector = self.ttype([shape[self.feature_dim(shape, layout_kw)]])
        momentum = self.train_rng.choice(["0.9", "0.99", "0.5", "0.0"])
        # The folded form computes z * sigma_moving / sigma_batch - scale *
        # batch_mean / sigma_batch: where the batch variance is 0 (a
        # channel that strides and padding leave constant) the rounding of
        # z is amplified by 1 / sqrt(epsilon), as the unfolded network
        # amplifies any error of its input (docs/precision.md). f32
        # networks keep that factor at 10; f64 has the precision for 316.
        eps = "1.0e-02" if self.dtype == "f32" else \
            ("1.0e-05" if eps == "0.0" else eps)
        y = self.name()
        if self.training == "reference":
            self.op("%s = nn.batch_norm %s%s {epsilon = %s : f64} : (%s) -> %s"
                    % (y, layout_kw, operands, eps, ", ".join(types),
                       self.ttype(shape)))
            self.moving += [(mean, vector), (var, vector)]
            return y
        self.op("%s:5 = nn.batch_norm_training %s%s step %%step {epsilon = %s "
                ": f64, momentum = %s : f64, freeze_delay = %d : i64} : (%s, "
                "tensor<i64>) -> (%s, %s, %s, %s, %s)"
                % (y, layout_kw, operands, eps, momentum, self.freeze_delay,
                   ", ".join(types), self.ttype(shape), vector, vector,
                   vector, vector))
        self.moving += [(y + "#3", vector), (y + "#4", vector)]
        return y + "#0"

    def feature_dim(self, shape, layout_kw):
        if layout_kw.strip() == "nchw":
            return 1
        return len(shape) - 1


def conv_out(size, k, lo, hi, stride, dil):
    eff = dil * (k - 1) + 1
    padded = size + lo + hi
    if padded < eff:
        return None
    return (padded - eff) // stride + 1


def divisors(n):
    return [d for d in range(1, n + 1) if n % d == 0]


def emit_conv(net, x, dims):
    """conv2d or depthwise_conv2d on activation dims (n, h, w, c)."""
    rng = net.rng
    n, h, w, c = dims
    depthwise = rng.random() < 0.35
    for _ in range(20):
        kh, kw = rng.randint(1, 3), rng.randint(1, 3)
        sh, sw = rng.randint(1, 2), rng.randint(1, 2)
        dh, dw = rng.choice([1, 1, 2]), rng.choice([1, 1, 2])
        pad = [rng.randint(0, 2) for _ in range(4)]
        oh = conv_out(h, kh, pad[0], pad[1], sh, dh)
        ow = conv_out(w, kw, pad[2], pad[3], sw, dw)
        if oh and ow:
            break
    else:
        kh = kw = sh = sw = dh = dw = 1
        pad = [0, 0, 0, 0]
        oh, ow = h, w
    attrs = []
    if (sh, sw) != (1, 1):
        attrs.append("strides = array<i64: %d, %d>" % (sh, sw))
    if (dh, dw) != (1, 1):
        attrs.append("dilations = array<i64: %d, %d>" % (dh, dw))
    if any(pad):
        attrs.append("padding = array<i64: %s>" % ", ".join(map(str, pad)))
    if depthwise:
        mult = rng.randint(1, 3)
        cout = c * mult
        fshape = [kh, kw, c, mult] if net.layout == "nhwc" else [cout, 1, kh, kw]
        opname = "depthwise_conv2d"
    else:
        groups = rng.choice(divisors(c)) if rng.random() < 0.4 else 1
        cout = groups * rng.randint(1, 3)
        cin = c // groups
        fshape = [kh, kw, cin, cout] if net.layout == "nhwc" else [cout, cin, kh, kw]
        if groups != 1:
            attrs.append("groups = %d" % groups)
        opname = "conv2d"
    scale = 1.0 / (kh * kw * (c if not depthwise else 1)) ** 0.5
    f = net.rand_const(fshape, -scale * 1.5, scale * 1.5)
    in_shape = net.act_shape(n, h, w, c)
    out_shape = net.act_shape(n, oh, ow, cout)
    operands, types = "%s, %s" % (x, f), [net.ttype(in_shape), net.ttype(fshape)]
    operands = net.maybe_bias(cout, operands, types)
    y = net.name()
    net.op("%s = nn.%s %s %s%s : (%s) -> %s"
           % (y, opname, net.layout, operands,
              " {%s}" % ", ".join(attrs) if attrs else "",
              ", ".join(types), net.ttype(out_shape)))
    return y, (n, oh, ow, cout)


def emit_atrous(net, x, dims):
    """space_to_batch -> valid conv2d -> batch_to_space (TF's atrous conv)."""
    rng = net.rng
    n, h, w, c = dims
    k = rng.randint(1, 3)
    def pads(size):
        total = max(0, 2 * k - size)
        total += (size + total) % 2
        lo = rng.randint(0, total)
        return lo, total - lo
    pt, pb = pads(h)
    pl, pr = pads(w)
    hb, wb = (h + pt + pb) // 2, (w + pl + pr) // 2
    nb = None if n is None else n * 4
    s2b = net.name()
    net.op("%s = nn.space_to_batch %s %s {block_shape = array<i64: 2, 2>, "
           "paddings = array<i64: %d, %d, %d, %d>} : (%s) -> %s"
           % (s2b, net.layout, x, pt, pb, pl, pr,
              net.ttype(net.act_shape(n, h, w, c)),
              net.ttype(net.act_shape(nb, hb, wb, c))))
    cout = rng.randint(1, 4)
    fshape = [k, k, c, cout] if net.layout == "nhwc" else [cout, c, k, k]
    f = net.rand_const(fshape, -0.7, 0.7)
    hc, wc = hb - k + 1, wb - k + 1
    conv = net.name()
    net.op("%s = nn.conv2d %s %s, %s : (%s, %s) -> %s"
           % (conv, net.layout, s2b, f, net.ttype(net.act_shape(nb, hb, wb, c)),
              net.ttype(fshape), net.ttype(net.act_shape(nb, hc, wc, cout))))
    ch = rng.randint(0, min(1, 2 * hc - 1))
    cw = rng.randint(0, min(1, 2 * wc - 1))
    oh, ow = 2 * hc - ch, 2 * wc - cw
    y = net.name()
    net.op("%s = nn.batch_to_space %s %s {block_shape = array<i64: 2, 2>, "
           "crops = array<i64: %d, 0, 0, %d>} : (%s) -> %s"
           % (y, net.layout, conv, ch, cw,
              net.ttype(net.act_shape(nb, hc, wc, cout)),
              net.ttype(net.act_shape(n, oh, ow, cout))))
    return y, (n, oh, ow, cout)


def emit_between(net, y, shape, feature_dim, layout_kw):
    """Optionally an identity or a bias_add between a layer and its BN."""
    r = net.rng.random()
    if r < 0.15:
        z = net.name()
        net.op("%s = nn.identity %s : %s" % (z, y, net.ttype(shape)))
        return z
    if r < 0.3:
        b = net.rand_const([shape[feature_dim]], -0.5, 0.5)
        z = net.name()
        net.op("%s = nn.bias_add %s%s, %s : (%s, %s) -> %s"
               % (z, layout_kw, y, b, net.ttype(shape),
                  net.ttype([shape[feature_dim]]), net.ttype(shape)))
        return z
    return y


def emit_after(net, x, y, in_shape, out_shape):
    """Optionally relu, and a residual add when shapes allow it."""
    if in_shape == out_shape and net.rng.random() < 0.3:
        z = net.name()
        net.op("%s = nn.add %s, %s : %s" % (z, x, y, net.ttype(out_shape)))
        y = z
    if net.rng.random() < 0.4:
        z = net.name()
        net.op("%s = nn.relu %s : %s" % (z, y, net.ttype(out_shape)))
        y = z
    return y


def matmul(net, x, lhs_shape, k, f, bias=None):
    rng = net.rng
    transpose_rhs = rng.random() < 0.5
    rshape = [f, k] if transpose_rhs else [k, f]
    scale = 1.0 / k ** 0.5
    w = net.rand_const(rshape, -1.5 * scale, 1.5 * scale)
    out_shape = list(lhs_shape[:-1]) + [f]
    operands, types = "%s, %s" % (x, w), [net.ttype(lhs_shape), net.ttype(rshape)]
    operands = net.maybe_bias(f, operands, types)
    y = net.name()
    net.op("%s = nn.matmul %s%s : (%s) -> %s"
           % (y, operands, " {transpose_rhs}" if transpose_rhs else "",
              ", ".join(types), net.ttype(out_shape)))
    return y, out_shape


def reshape(net, x, from_shape, to_shape):
    y = net.name()
    net.op("%s = nn.reshape %s : (%s) -> %s"
           % (y, x, net.ttype(from_shape), net.ttype(to_shape)))
    return y


def generate(rng, index, dtype=None, exact=False, training=None, key=""):
    """Network `index`. `dtype` forces the element type (the random choice is
    still drawn, so the rest of the stream is the same); `exact` rounds every
    constant to the element type and prints it exactly (see fmt_exact).
    `training` ("train" or "reference") writes the training family (see
    generate_training), its own draws seeded by `key`."""
    chosen = rng.choices([d for d, _ in DTYPE_WEIGHTS],
                         [w for _, w in DTYPE_WEIGHTS])[0]
    dtype = dtype or chosen
    layout = rng.choice(["nhwc", "nchw"])
    net = Net(rng, dtype, layout, exact)
    if training:
        net.training = training
        net.train_rng = random.Random("training/" + key)
        net.freeze_delay = net.train_rng.randint(1, 1000)
    n = rng.choice([None, 1, 2])
    h, w, c = rng.randint(3, 7), rng.randint(3, 7), rng.randint(1, 4)
    in_shape = net.act_shape(n, h, w, c)
    x = "%x"
    dims = (n, h, w, c)
    fdim = 3 if layout == "nhwc" else 1
    layout_kw = layout + " "
    kinds = []
    for _ in range(rng.randint(1, 3 if net.half else 4)):
        kind = rng.choice(["conv", "conv", "conv", "atrous"])
        kinds.append(kind)
        before = net.act_shape(*dims)
        if kind == "conv":
            y, dims = emit_conv(net, x, dims)
        else:
            y, dims = emit_atrous(net, x, dims)
        shape = net.act_shape(*dims)
        y = emit_between(net, y, shape, fdim, layout_kw)
        if rng.random() < 0.85:
            y = net.batch_norm(y, shape, fdim, layout_kw)
        x = emit_after(net, x, y, before, shape)
    # An optional dense head.
    n, h, w, c = dims
    shape4 = net.act_shape(*dims)
    head = rng.choice(["none", "dense", "dense", "batched", "dense_reshape"])
    if training and n == 1 and (head != "batched" or layout != "nhwc"):
        head = "none"  # batch statistics of one value per channel
    kinds.append(head)
    if head == "none":
        out_shape = shape4
    elif head == "batched" and layout == "nhwc":
        # [N, H*W, C] x [C, F]: a matmul with a batch dim.
        s3 = [n, h * w, c]
        x = reshape(net, x, shape4, s3)
        f = rng.randint(1, 5)
        y, out_shape = matmul(net, x, s3, c, f)
        y = emit_between(net, y, out_shape, 2, "")
        x = net.batch_norm(y, out_shape, 2, "")
    else:
        k = h * w * c
        s2 = [n, k]
        x = reshape(net, x, shape4, s2)
        f = rng.randint(1, 6)
        y, out_shape = matmul(net, x, s2, k, f)
        if head == "dense_reshape":
            # matmul -> reshape -> batch_norm on the same last dim.
            s3 = [n, 1, f]
            y = reshape(net, y, out_shape, s3)
            out_shape = s3
        else:
            y = emit_between(net, y, out_shape, len(out_shape) - 1, "")
        x = net.batch_norm(y, out_shape, len(out_shape) - 1, "")
        if rng.random() < 0.4:
            z = net.name()
            net.op("%s = nn.relu %s : %s" % (z, x, net.ttype(out_shape)))
            x = z
    header = ("// Random network %d: %s, %s, blocks %s.\n"
              % (index, dtype, layout, ", ".join(kinds)))
    body = "\n".join(net.lines)
    if training:
        return header + training_functions(net, body, net.ttype(in_shape), x,
                                           net.ttype(out_shape))
    return (header + "func.func @net(%%x: %s) -> %s {\n%s\n  return %s : %s\n}\n"
            % (net.ttype(in_shape), net.ttype(out_shape), body, x,
               net.ttype(out_shape)))


# -- training networks --------------------------------------------------------

# Steps on both sides of the freeze, relative to the freeze delay.
TRAINING_STEPS = [("before", -1), ("at", 0), ("after", 5)]


def training_functions(net, body, in_type, out, out_type):
    """A private @body(%x, %step) returning the network's output and every
    batch norm's moving averages, and one public function per step of
    TRAINING_STEPS that calls it (only those from the freeze on in the
    reference, which has no batch statistics)."""
    results = [(out, out_type)] + net.moving
    types = ", ".join(t for _, t in results)
    text = ("func.func private @body(%%x: %s, %%step: tensor<i64>) -> (%s) {\n"
            "%s\n  return %s : %s\n}\n"
            % (in_type, types, body, ", ".join(v for v, _ in results), types))
    for name, offset in TRAINING_STEPS:
        if net.training == "reference" and offset < 0:
            continue
        text += ("\nfunc.func @%s(%%x: %s) -> (%s) {\n"
                 "  %%step = arith.constant dense<%d> : tensor<i64>\n"
                 "  %%r:%d = call @body(%%x, %%step) : (%s, tensor<i64>) -> (%s)\n"
                 "  return %s : %s\n}\n"
                 % (name, in_type, types, net.freeze_delay + offset,
                    len(results), in_type, types,
                    ", ".join("%%r#%d" % i for i in range(len(results))),
                    types))
    return text


def generate_training(key, index):
    """Network `index` of the training family, f32 or f64: the blocks of
    generate() with nn.batch_norm_training ops (a freeze delay, a step on
    each side of it), and the same network with inference batch norms on
    the moving statistics, its reference from the freeze on."""
    dtype = random.Random("dtype/" + key).choice(["f32", "f64"])
    return (generate(random.Random(key), index, dtype, training="train",
                     key=key),
            generate(random.Random(key), index, dtype, training="reference",
                     key=key))


def check_training(path, reference, args):
    """Fold with mode=training (every batch norm must fold) and compare:
    every step against the original, and from the freeze on against the
    inference reference (output and unchanged moving averages)."""
    folded = path[:-len(".mlir")] + ".folded.mlir"
    fold = subprocess.run([args.bnfold_opt, "--fold-batchnorm=report "
                           "mode=training", path, "-o", folded],
                          capture_output=True, text=True)
    if fold.returncode != 0:
        return "fold failed: " + fold.stderr.strip()
    if "not folded" in fold.stderr:
        return "a batch norm was not folded:\n" + fold.stderr
    runs = [[args.bnfold_run, "--compare", "--all-functions", path, folded]]
    runs += [[args.bnfold_run, "--compare", folded, reference,
              "--function=" + name] for name, offset in TRAINING_STEPS
             if offset >= 0]
    for cmd in runs:
        if args.run_args:
            cmd += args.run_args.split()
        cmp = subprocess.run(cmd, capture_output=True, text=True)
        if cmp.returncode != 0:
            return "%s failed (exit %d):\n%s%s" % (" ".join(cmd[1:]),
                                                    cmp.returncode,
                                                    cmp.stdout, cmp.stderr)
    return None


# -- structural networks ------------------------------------------------------

STRUCT_DTYPES = [("f32", 6), ("f64", 1), ("f16", 2), ("bf16", 1)]
# Layers (what folds) about half the time, every other producer too.
PRODUCERS = ["conv", "conv", "conv", "depthwise", "depthwise", "conv1d",
             "conv3d", "conv_transpose", "conv_transpose", "matmul",
             "matmul", "matmul", "relu", "add", "onnx", "argument", "constant"]
# Layout keywords by spatial dims, (channels-first, channels-last).
LAYOUT_NAMES = {1: ("ncw", "nwc"), 2: ("nchw", "nhwc"), 3: ("ncdhw", "ndhwc")}
# Ops a fold looks through about two thirds of the time.
BETWEENS = ["reshape", "reshape", "batch_to_space", "batch_to_space",
            "identity", "identity", "bias_add", "bias_add", "bias_add",
            "relu", "add", "onnx"]


class StructuralNet(Net):
    """A function whose batch norms read every kind of producer through
    random chains of in-between ops. Values are (name, shape); only dim 0
    (the batch) may be dynamic."""

    def __init__(self, rng, dtype):
        Net.__init__(self, rng, dtype, rng.choice(["nhwc", "nchw"]))
        self.args = []           # (name, type)
        self.outputs = []        # (name, shape)
        self.has_onnx = False
        self.num_bn = 0
        self.num_steps = 0

    def arg(self, shape):
        name = "%%a%d" % len(self.args)
        self.args.append((name, self.ttype(shape)))
        return name

    def fresh_activation(self):
        n = self.rng.choice([None, 1, 2, 4])
        h, w, c = self.rng.randint(1, 4), self.rng.randint(1, 4), \
            self.rng.randint(1, 4)
        shape = self.act_shape(n, h, w, c)
        return self.arg(shape), shape

    def channel_dim(self):
        return 3 if self.layout == "nhwc" else 1

    def small_const(self, shape):
        n = 1
        for d in shape:
            n *= d
        if n == 0 or n > 512:
            name = self.name("c")
            self.op("%s = arith.constant dense<0.5> : %s"
                    % (name, self.ttype(shape)))
            return name
        return self.rand_const(shape, -1.0, 1.0)

    # -- producers ----------------------------------------------------------
    def producer(self, kind, x, shape):
        """Returns (name, shape) of a `kind` producer, from (x, shape) when
        it needs an input."""
        rng = self.rng
        if kind in ("conv", "depthwise"):
            if len(shape) != 4:
                x, shape = self.fresh_activation()
            dims = (shape[0], shape[1], shape[2], shape[3]) \
                if self.layout == "nhwc" else \
                (shape[0], shape[2], shape[3], shape[1])
            return self.conv(x, dims, depthwise=(kind == "depthwise"))
        if kind in ("conv1d", "conv3d", "conv_transpose"):
            return self.conv_nd(kind, x, shape)
        if kind == "matmul":
            if len(shape) != 2:
                x, shape = self.flatten(x, shape)
            k, f = shape[-1], rng.randint(1, 5)
            return matmul(self, x, shape, k, f)
        if kind == "relu":
            y = self.name()
            self.op("%s = nn.relu %s : %s" % (y, x, self.ttype(shape)))
            return y, shape
        if kind == "add":
            other = x if rng.random() < 0.5 else self.arg(shape)
            y = self.name()
            self.op("%s = nn.add %s, %s : %s" % (y, x, other,
                                                self.ttype(shape)))
            return y, shape
        if kind == "onnx":
            self.has_onnx = True
            y = self.name()
            if len(shape) == 4 and self.layout == "nchw" and \
                    rng.random() < 0.5:
                pooled = shape[:2] + [1, 1]
                self.op('%s = nn.onnx_op "GlobalAveragePool"(%s) : (%s) -> %s'
                        % (y, x, self.ttype(shape), self.ttype(pooled)))
                return y, pooled
            op_type = rng.choice(["Relu", "Sigmoid", "Identity"])
            self.op('%s = nn.onnx_op "%s"(%s) : (%s) -> %s'
                    % (y, op_type, x, self.ttype(shape), self.ttype(shape)))
            return y, shape
        if kind == "argument":
            if rng.random() < 0.5:
                return self.fresh_activation()
            shape = [rng.choice([None, 2, 3]), rng.randint(1, 5)]
            return self.arg(shape), shape
        # A constant: a batch norm of it is valid, with nothing to fold into.
        shape = [rng.randint(1, 3), rng.randint(1, 4)]
        return self.small_const(shape), shape

    def conv(self, x, dims, depthwise):
        """emit_conv with the chosen kind."""
        while True:
            y, out = emit_conv(self, x, dims)
            line = self.lines[-1]
            if ("depthwise" in line) == depthwise or self.rng.random() < 0.3:
                return y, self.act_shape(*out)
            # Keep the op but try again for the other kind from its output.
            x, dims = y, out

    def conv_nd(self, kind, x, shape):
        """conv1d/conv3d (regular, grouped or depthwise) or a transposed
        convolution over 1 to 3 spatial dims, in the network's layout
        family, reading x when it has the rank and otherwise a new
        argument."""
        rng = self.rng
        r = {"conv1d": 1, "conv3d": 3}.get(kind) or rng.randint(1, 3)
        last = self.layout == "nhwc"
        def act(n, spatial, c):
            return [n] + spatial + [c] if last else [n, c] + spatial
        if len(shape) == r + 2 and None not in shape[1:] and \
                rng.random() < 0.7:
            n, c = shape[0], shape[-1] if last else shape[1]
            size = list(shape[1:-1] if last else shape[2:])
        else:
            n, c = rng.choice([None, 1, 2]), rng.randint(1, 4)
            size = [rng.randint(1, 4) for _ in range(r)]
            x = self.arg(act(n, size, c))
        attrs = []
        if kind == "conv_transpose":
            groups = rng.choice(divisors(c)) if rng.random() < 0.5 else 1
            cout = groups * rng.randint(1, 3)
            for _ in range(20):
                k = [rng.randint(1, 3) for _ in range(r)]
                st = [rng.randint(1, 2) for _ in range(r)]
                dl = [rng.choice([1, 1, 2]) for _ in range(r)]
                op = [rng.randint(0, max(st[i], dl[i]) - 1) for i in range(r)]
                # Padding beyond dilation * (k - 1) crops the full result.
                pads = [(rng.randint(0, dl[i] * (k[i] - 1) + 1),
                         rng.randint(0, dl[i] * (k[i] - 1) + 1))
                        for i in range(r)]
                out = [(size[i] - 1) * st[i] - sum(pads[i]) +
                       dl[i] * (k[i] - 1) + op[i] + 1 for i in range(r)]
                if min(out) >= 1:
                    break
            else:
                k, st, dl, op = [1] * r, [1] * r, [1] * r, [0] * r
                pads, out = [(0, 0)] * r, list(size)
            fshape = k + [cout // groups, c] if last else \
                [c, cout // groups] + k
            opname = "conv_transpose%dd" % r
            fan = c // groups
        else:
            depthwise = rng.random() < 0.35
            for _ in range(20):
                k = [rng.randint(1, 3) for _ in range(r)]
                st = [rng.randint(1, 2) for _ in range(r)]
                dl = [rng.choice([1, 1, 2]) for _ in range(r)]
                pads = [(rng.randint(0, 2), rng.randint(0, 2))
                        for _ in range(r)]
                out = [conv_out(size[i], k[i], pads[i][0], pads[i][1], st[i],
                                dl[i]) for i in range(r)]
                if None not in out:
                    break
            else:
                k, st, dl = [1] * r, [1] * r, [1] * r
                pads, out = [(0, 0)] * r, list(size)
            if depthwise:
                mult = rng.randint(1, 3)
                cout, groups = c * mult, 1
                fshape = k + [c, mult] if last else [cout, 1] + k
                opname = "depthwise_conv%dd" % r
                fan = 1
            else:
                groups = rng.choice(divisors(c)) if rng.random() < 0.4 else 1
                cout = groups * rng.randint(1, 3)
                fshape = k + [c // groups, cout] if last else \
                    [cout, c // groups] + k
                opname = "conv%dd" % r
                fan = c // groups
        if st != [1] * r:
            attrs.append("strides = array<i64: %s>" % ", ".join(map(str, st)))
        if dl != [1] * r:
            attrs.append("dilations = array<i64: %s>"
                         % ", ".join(map(str, dl)))
        if any(p for pair in pads for p in pair):
            attrs.append("padding = array<i64: %s>"
                         % ", ".join(str(p) for pair in pads for p in pair))
        if kind == "conv_transpose" and any(op):
            attrs.append("output_padding = array<i64: %s>"
                         % ", ".join(map(str, op)))
        if groups != 1:
            attrs.append("groups = %d" % groups)
        for kk in k:
            fan *= kk
        scale = 1.5 / max(fan, 1) ** 0.5
        f = self.rand_const(fshape, -scale, scale)
        in_shape, out_shape = act(n, size, c), act(n, out, cout)
        operands, types = "%s, %s" % (x, f), [self.ttype(in_shape),
                                              self.ttype(fshape)]
        operands = self.maybe_bias(cout, operands, types)
        y = self.name()
        self.op("%s = nn.%s %s %s%s : (%s) -> %s"
                % (y, opname, LAYOUT_NAMES[r][last], operands,
                   " {%s}" % ", ".join(attrs) if attrs else "",
                   ", ".join(types), self.ttype(out_shape)))
        return y, out_shape

    def flatten(self, x, shape):
        n = shape[0]
        rest = 1
        for d in shape[1:]:
            rest *= d
        return reshape(self, x, shape, [n, rest]), [n, rest]

    # -- in-between ops -----------------------------------------------------
    def between(self, kind, x, shape):
        rng = self.rng
        if kind == "reshape":
            if len(shape) == 2:
                n, f = shape
                to = rng.choice([[n, 1, 1, f], [n, f, 1, 1], [n, 1, f],
                                 [n, f, 1]])
                if rng.random() < 0.2 and f % 2 == 0:
                    to = [n, 2, f // 2]      # spreads the features
                return reshape(self, x, shape, to), to
            if len(shape) == 3:
                n, a, b = shape
                return reshape(self, x, shape, [n, a * b]), [n, a * b]
            n = shape[0]
            if len(shape) == 4 and n is not None and rng.random() < 0.3:
                # Channels last kept: [N*H*W, C] (nhwc) or [N*C*H, W].
                to = [n * shape[1] * shape[2], shape[3]]
                return reshape(self, x, shape, to), to
            return self.flatten(x, shape)
        if kind == "batch_to_space" and len(shape) == 4 and \
                shape[0] is not None:
            n = shape[0]
            blocks = [(bh, bw) for bh in (1, 2) for bw in (1, 2)
                      if n % (bh * bw) == 0]
            bh, bw = rng.choice(blocks)
            hdim, wdim = (1, 2) if self.layout == "nhwc" else (2, 3)
            oh, ow = shape[hdim] * bh, shape[wdim] * bw
            ct = rng.randint(0, min(1, oh - 1))
            cl = rng.randint(0, min(1, ow - 1))
            out = list(shape)
            out[0] = n // (bh * bw)
            out[hdim], out[wdim] = oh - ct, ow - cl
            y = self.name()
            self.op("%s = nn.batch_to_space %s %s {block_shape = array<i64: "
                    "%d, %d>, crops = array<i64: %d, 0, %d, 0>} : (%s) -> %s"
                    % (y, self.layout, x, bh, bw, ct, cl, self.ttype(shape),
                       self.ttype(out)))
            return y, out
        if kind == "bias_add":
            dims = [d for d in range(len(shape)) if shape[d] is not None]
            if len(shape) == 4 and rng.random() < 0.6:
                layout_kw, dim = self.layout + " ", self.channel_dim()
                attr = ""
            else:
                dim = rng.choice(dims)
                layout_kw = ""
                attr = " {axis = %d : i64}" % dim if dim != len(shape) - 1 \
                    or rng.random() < 0.5 else ""
            c = shape[dim]
            # A dynamic-length bias argument gets bnfold-run's
            # --dynamic-size, 2 elements.
            if c == 2 and rng.random() < 0.3:
                b = self.arg([None])
                btype = self.ttype([None])
            else:
                b = self.small_const([c])
                btype = self.ttype([c])
            y = self.name()
            self.op("%s = nn.bias_add %s%s, %s%s : (%s, %s) -> %s"
                    % (y, layout_kw, x, b, attr, self.ttype(shape), btype,
                       self.ttype(shape)))
            return y, shape
        if kind in ("identity", "relu"):
            y = self.name()
            self.op("%s = nn.%s %s : %s" % (y, kind, x, self.ttype(shape)))
            return y, shape
        if kind == "add":
            return self.producer("add", x, shape)
        if kind == "onnx":
            self.has_onnx = True
            y = self.name()
            self.op('%s = nn.onnx_op "Identity"(%s) : (%s) -> %s'
                    % (y, x, self.ttype(shape), self.ttype(shape)))
            return y, shape
        return x, shape

    # -- batch norm ---------------------------------------------------------
    def structural_batch_norm(self, x, shape):
        rng = self.rng
        static = [d for d in range(len(shape)) if shape[d] is not None]
        if len(shape) == 4 and rng.random() < 0.6:
            layout = rng.choice(["nhwc", "nchw"]) if rng.random() < 0.2 \
                else self.layout
            dim, prefix, attr = (3 if layout == "nhwc" else 1), \
                layout + " ", ""
        elif rng.random() < 0.6 and shape[-1] is not None:
            dim, prefix, attr = len(shape) - 1, "", ""
        else:
            dim, prefix = rng.choice(static), ""
            attr = ", axis = %d : i64" % dim
        c = shape[dim]
        mean, var, scale, offset = self.bn_params(c)
        r = rng.random()
        if r < 0.05:
            var[rng.randrange(c)] = -1.0            # not positive
        elif r < 0.08:
            mean[rng.randrange(c)] = float("nan")
        ops, types = [], []
        for values, what in ((mean, "mean"), (var, "var")):
            if rng.random() < 0.1:
                ops.append(self.arg([c]))
            else:
                ops.append(self.const_vector(values))
            types.append(self.ttype([c]))
        text = "%s, %s" % tuple(ops)
        if rng.random() < 0.7:
            text += " scale " + (self.arg([c]) if rng.random() < 0.1
                                 else self.const_vector(scale))
            types.append(self.ttype([c]))
        if rng.random() < 0.7:
            text += " offset " + self.const_vector(offset)
            types.append(self.ttype([c]))
        eps = "1.0e-03" if self.half else rng.choice(["1.0e-05", "1.0e-03"])
        y = self.name()
        self.op("%s = nn.batch_norm %s%s, %s {epsilon = %s : f64%s} : "
                "(%s, %s) -> %s"
                % (y, prefix, x, text, eps, attr, self.ttype(shape),
                   ", ".join(types), self.ttype(shape)))
        self.num_bn += 1
        return y, shape

    # -- a batch norm written out as elementwise ops -----------------------
    STEP_CHAINS = [["sub", "div", "mul", "add"], ["mul", "add"], ["mul"],
                   ["add"], ["sub", "mul", "add"], ["rsub"], ["div", "add"]]

    def step_param(self, shape, dim, kind):
        """An operand for an elementwise step on a value of `shape` aimed at
        dim `dim`: one value per channel in a shape producers use, one
        value, and now and then a spatially varying one, a zero divisor or
        a run-time argument."""
        rng = self.rng
        rank, c = len(shape), shape[dim]
        r = rng.random()
        if r < 0.1:
            pshape = [1 if d is None else d for d in shape]   # varies
        elif r < 0.2:
            pshape = rng.choice([[], [1]])                     # one value
        else:
            pshape = [1] * rank
            pshape[dim] = c
            drop = rng.randint(0, dim)                          # [C, 1, 1]
            pshape = pshape[drop:]
        n = 1
        for d in pshape:
            n *= d
        if rng.random() < 0.1:
            return self.arg(pshape), pshape
        if kind == "div":
            values = [math.sqrt(rng.uniform(0.25 if self.half else 0.05, 4.0)
                                + 1e-3) for _ in range(n)]
            if rng.random() < 0.05:
                values[rng.randrange(n)] = 0.0
        elif kind == "mul":
            values = [rng.choice([0.0, -1.0, 1.0]) * rng.uniform(0.1, 2.0)
                      if rng.random() < 0.4 else rng.uniform(0.1, 2.0)
                      for _ in range(n)]
        else:
            big = 10 if self.half else 50
            values = [rng.uniform(-big, big) if rng.random() < 0.15
                      else rng.uniform(-1, 1) for _ in range(n)]
        return self.const(pshape, values), pshape

    def elementwise_batch_norm(self, x, shape):
        """A chain of nn.sub/div/mul/add (and t - x) on per-channel operands,
        aimed at the layout's channel dim or another static dim."""
        rng = self.rng
        static = [d for d in range(len(shape)) if shape[d] is not None]
        if len(shape) == 4 and rng.random() < 0.7:
            dim = self.channel_dim()
        elif shape[-1] is not None and rng.random() < 0.6:
            dim = len(shape) - 1
        else:
            dim = rng.choice(static)
        for kind in rng.choice(self.STEP_CHAINS):
            p, pshape = self.step_param(shape, dim, kind)
            op = "sub" if kind == "rsub" else kind
            operands = [x, p]
            types = [self.ttype(shape), self.ttype(pshape)]
            if kind == "rsub" or (kind in ("add", "mul") and
                                  rng.random() < 0.5):
                operands.reverse()
                types.reverse()
            y = self.name()
            self.op("%s = nn.%s %s, %s : (%s, %s) -> %s"
                    % (y, op, operands[0], operands[1], types[0], types[1],
                       self.ttype(shape)))
            self.num_steps += 1
            x = y
        return x, shape

    def const_vector(self, values):
        if any(v != v for v in values):             # NaN: hex literal
            name = self.name("c")
            bits = {"f16": "0x7E00", "bf16": "0x7FC0", "f32": "0x7FC00000",
                    "f64": "0x7FF8000000000000"}[self.dtype]
            elems = ", ".join(bits if v != v else fmt(v) for v in values)
            self.op("%s = arith.constant dense<[%s]> : %s"
                    % (name, elems, self.ttype([len(values)])))
            return name
        return self.const([len(values)], values)


def generate_structural(rng, index, dtype=None):
    chosen = rng.choices([d for d, _ in STRUCT_DTYPES],
                         [w for _, w in STRUCT_DTYPES])[0]
    net = StructuralNet(rng, dtype or chosen)
    x, shape = net.fresh_activation()
    kinds = []
    for _ in range(rng.randint(1, 4)):
        producer = rng.choice(PRODUCERS)
        y, yshape = net.producer(producer, x, shape)
        chain = [rng.choice(BETWEENS)
                 for _ in range(rng.choice([0, 0, 1, 1, 2, 3]))]
        for kind in chain:
            if rng.random() < 0.1:
                net.outputs.append((y, yshape))     # another user
            y, yshape = net.between(kind, y, yshape)
        if rng.random() < 0.3:
            kinds.append("%s>%s>elementwise"
                         % (producer, ">".join(chain) or "-"))
            y, yshape = net.elementwise_batch_norm(y, yshape)
        else:
            kinds.append("%s>%s" % (producer, ">".join(chain) or "-"))
            y, yshape = net.structural_batch_norm(y, yshape)
        if rng.random() < 0.5:
            net.outputs.append((y, yshape))
        x, shape = y, yshape
    net.outputs.append((x, shape))
    # Each output once, in order.
    seen, outputs = set(), []
    for name, oshape in net.outputs:
        if name not in seen:
            seen.add(name)
            outputs.append((name, oshape))
    header = ("// Structural network %d: %s, %s, %d batch norms: %s.\n"
              % (index, net.dtype, net.layout, net.num_bn, ", ".join(kinds)))
    results = ", ".join(net.ttype(s) for _, s in outputs)
    return (header + "func.func @net(%s) -> (%s) {\n%s\n  return %s : %s\n}\n"
            % (", ".join("%s: %s" % a for a in net.args), results,
               "\n".join(net.lines), ", ".join(n for n, _ in outputs),
               results)), net


def check_structural(path, net, args):
    """Folds with the report and checks it; compares when executable."""
    folded = path[:-len(".mlir")] + ".folded.mlir"
    try:
        fold = subprocess.run([args.bnfold_opt, "--fold-batchnorm=report",
                               path, "-o", folded], capture_output=True,
                              text=True, timeout=120)
    except subprocess.TimeoutExpired:
        return "fold timed out"
    if fold.returncode != 0:
        return "fold exited %d:\n%s" % (fold.returncode, fold.stderr[-3000:])
    # Remarks by the op on their line: the batch norms must all be
    # explained; an elementwise op is explained when a pattern looked at it
    # as a step, at most once, and the summary counts those.
    with open(path) as f:
        lines = f.read().split("\n")
    per_bn, per_step, summary, bug = [], [], [], []
    for line, remark in re.findall(r":(\d+):\d+: remark: (.*)", fold.stderr):
        text = lines[int(line) - 1] if int(line) <= len(lines) else ""
        if "please report this as a bug" in remark:
            bug.append(remark)
        elif re.match(r"folded \d+ of \d+", remark):
            summary.append(remark)
        elif "nn.batch_norm" in text:
            per_bn.append(remark)
        elif re.search(r"nn\.(add|sub|mul|div) ", text):
            per_step.append((line, remark))
    folded_count = sum(r.startswith("folded into") for r in per_bn)
    want = ["folded %d of %d batch_norm ops" % (folded_count, net.num_bn)]
    steps_folded = sum(r.startswith("folded into") for _, r in per_step)
    if per_step:
        want.append("folded %d of %d per-channel elementwise ops"
                    % (steps_folded, len(per_step)))
    # A batch norm with no layer before it could only fold forward, into
    # the layers that read it (it does whenever every user can absorb it):
    # when it stays, its remark gives both reasons.
    unmatched = re.compile(r"not folded: (its input is a block argument|its "
                           r"input comes from|the input of '[a-z_.]+' is a "
                           r"block argument)")
    one_way = [r for r in per_bn if unmatched.match(r) and ", and " not in r]
    if one_way:
        return "a batch norm that folds neither way gives one reason:\n%s" \
            % "\n".join(one_way)
    if bug or len(per_bn) != net.num_bn or summary != want or \
            len(set(l for l, _ in per_step)) != len(per_step) or \
            not all(r.startswith(("folded into", "not folded: "))
                    for _, r in per_step):
        return "report incomplete (want %d batch norm remarks and %s):\n%s" \
            % (net.num_bn, want, fold.stderr[-3000:])
    if net.has_onnx:
        return None
    cmd = [args.bnfold_run, "--compare", path, folded]
    if args.run_args:
        cmd += args.run_args.split()
    try:
        cmp = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    except subprocess.TimeoutExpired:
        return "compare timed out"
    if cmp.returncode != 0:
        return "compare failed (exit %d):\n%s%s" % (cmp.returncode,
                                                   cmp.stdout[-3000:],
                                                   cmp.stderr[-3000:])
    return None


def check(path, args):
    folded = path[:-len(".mlir")] + ".folded.mlir"
    fold = subprocess.run([args.bnfold_opt, "--fold-batchnorm", path, "-o",
                           folded], capture_output=True, text=True)
    if fold.returncode != 0:
        return "fold failed: " + fold.stderr.strip()
    cmd = [args.bnfold_run, "--compare", path, folded]
    if args.run_args:
        cmd += args.run_args.split()
    cmp = subprocess.run(cmd, capture_output=True, text=True)
    if cmp.returncode != 0:
        return "compare failed (exit %d):\n%s%s" % (cmp.returncode, cmp.stdout,
                                                   cmp.stderr)
    return None


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out-dir", required=True)
    parser.add_argument("--dtype", choices=[d for d, _ in DTYPE_WEIGHTS],
                        help="element type of every network (default: random "
                        "per network)")
    parser.add_argument("--exact-constants", action="store_true",
                        help="round constants to the element type and print "
                        "them exactly, so that the text can be retyped to a "
                        "wider type without changing any value")
    parser.add_argument("--check", action="store_true",
                        help="fold and compare every generated network")
    parser.add_argument("--structural", action="store_true",
                        help="generate the structural family (see above)")
    parser.add_argument("--training", action="store_true",
                        help="generate the training family (see above)")
    parser.add_argument("--seconds", type=float, default=0,
                        help="stop generating after this many seconds "
                        "(--count is then the maximum)")
    parser.add_argument("--keep-failures-only", action="store_true",
                        help="delete each network that passes its check")
    parser.add_argument("--bnfold-opt", default="bnfold-opt")
    parser.add_argument("--bnfold-run", default="bnfold-run")
    parser.add_argument("--run-args", default="",
                        help="extra bnfold-run arguments; write --run-args=\"--seed=3\"")
    args = parser.parse_args()
    os.makedirs(args.out_dir, exist_ok=True)
    failures = 0
    checked = 0
    start = time.monotonic()
    count = args.count if not args.seconds else (args.count if args.count != 20
                                                 else 10 ** 9)
    for i in range(count):
        if args.seconds and time.monotonic() - start >= args.seconds:
            break
        # One generator per network: network i does not depend on --count.
        rng = random.Random("%d/%d" % (args.seed, i))
        path = os.path.join(args.out_dir, "net_%d_%d.mlir" % (args.seed, i))
        reference = None
        if args.training:
            text, ref_text = generate_training("%d/%d" % (args.seed, i), i)
            net = None
            reference = path[:-len(".mlir")] + ".reference.mlir"
            with open(reference, "w") as f:
                f.write(ref_text)
        elif args.structural:
            text, net = generate_structural(rng, i, args.dtype)
        else:
            text, net = generate(rng, i, args.dtype, args.exact_constants), None
        with open(path, "w") as f:
            f.write(text)
        if args.check:
            if reference:
                error = check_training(path, reference, args)
            elif net:
                error = check_structural(path, net, args)
            else:
                error = check(path, args)
            checked += 1
            if error:
                failures += 1
                print("FAIL %s: %s" % (path, error))
            elif args.keep_failures_only:
                for p in (path, path[:-len(".mlir")] + ".folded.mlir",
                          path[:-len(".mlir")] + ".reference.mlir"):
                    if os.path.exists(p):
                        os.remove(p)
    if args.check:
        family = "structural networks" if args.structural else \
            "training networks" if args.training else "random networks"
        print("%s: %d checked, %d passed, %d failed (seed %d)"
              % (family, checked, checked - failures, failures, args.seed)
              if args.structural else
              "%s: %d checked, %d passed, %d failed"
              % (family, checked, checked - failures, failures))
    else:
        print("wrote %d networks to %s" % (count, args.out_dir))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
