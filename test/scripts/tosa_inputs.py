#!/usr/bin/python3
"""Writes the TOSA test inputs: layers followed by batch norm in the forms
TensorFlow's TOSA legalization and torch-mlir's TorchToTosa emit them.

  tosa_inputs.py OUT_DIR [FOLDED_DIR]

With FOLDED_DIR it also writes folds of some inputs computed here, without
bnfold (tosa-*-folded*.mlir), and wrong folds (tosa-*-wrong-*.mlir), for the
execution tests.

Every file is one public function `@main` in MLIR 22's TOSA 1.0 syntax
(zero points as operands, the shift operand of tosa.mul, tosa.const_shape
for reshape shapes). The op sequences, shapes and constant layouts follow the
producers' sources:

  tf-*     tensorflow/compiler/mlir/tosa/transforms/legalize_tf.cc
           (ConvertTFFusedBatchNormV3Op, Conv2D / Conv3D / DepthwiseConv2dNative
           / Conv2DBackpropInput / MatMul / BiasAdd): NHWC, filters HWIO
           transposed to OHWI, per-channel parameters `[C]` reshaped to
           `[1, ..., 1, C]`, `add(var, eps)` and `rsqrt` on `[C]`.
           `*-unfused`: tf.nn.batch_normalization's ops (Keras' non-fused
           path), `x * (gamma * rsqrt(var + eps)) + (beta - mean * that)`.
  torch-*  torch-mlir lib/Conversion/TorchToTosa/TorchToTosa.cpp
           (ConvertAtenOp<AtenConvolutionOp>, ConvertAtenLinearOp,
           computeBatchNorm): NCHW, a tosa.transpose to NHWC before the layer
           and back after it, parameters reshaped `[C]` -> `[C, 1, 1]` ->
           `[1, C, 1, 1]`, eps a rank-0 constant reshaped to `[1, 1, 1, 1]`.
  no-fold-* controls that must not fold: a multiplication by a spatially
           varying constant, and batch-norm chains on values that are not the
           output of a layer.

/work/notes/tosa-forms.md (not part of the repository) has the sequences
with the source lines they come from. The numbers are pseudo-random from a
fixed seed per file, so the output is the same on every run. Only the
standard library; run with /usr/bin/python3.
"""

import os
import random
import struct
import subprocess
import sys

F32_MAX = "3.40282347E+38"


def f32(x):
    """x rounded to the nearest float32, as a Python float."""
    return struct.unpack("f", struct.pack("f", x))[0]


def shape_str(dims):
    return "x".join(str(d) for d in dims)


def ttype(dims, dt):
    return f"tensor<{shape_str(dims)}x{dt}>" if dims else f"tensor<{dt}>"


def fmt(v, dt):
    if dt.startswith("i"):
        return str(int(v))
    mantissa, e, exponent = ("%.9g" % v).partition("e")
    return (mantissa if "." in mantissa else mantissa + ".0") + e + exponent


def literal(values, dims, dt):
    """The literal of a dense attribute: one value for a splat (as the
    producers' zero attributes print), else nested lists in row-major order."""
    if len(set(values)) == 1:
        return fmt(values[0], dt)
    return nested(values, dims, dt)


def nested(values, dims, dt):
    if len(dims) == 1:
        return "[" + ", ".join(fmt(v, dt) for v in values) + "]"
    step = len(values) // dims[0]
    return "[" + ", ".join(nested(values[i * step:(i + 1) * step], dims[1:], dt)
                           for i in range(dims[0])) + "]"


def numel(dims):
    n = 1
    for d in dims:
        n *= d
    return n


class Func:
    """Builds the body of one function, one SSA value per line."""

    def __init__(self, rng, dt):
        self.rng = rng
        self.dt = dt
        self.lines = []
        self.count = 0
        self.shift = None
        self.drawn = []  # the values of every random_const, in order

    def name(self, hint):
        self.count += 1
        return f"%{hint}{self.count}"

    def emit(self, hint, text, result_type):
        v = self.name(hint)
        self.lines.append(f"  {v} = {text}")
        return v, result_type

    # constants -----------------------------------------------------------
    def const(self, dims, values, hint="c", dt=None):
        dt = dt or self.dt
        t = ttype(dims, dt)
        lit = literal(values, dims, dt)
        return self.emit(hint, f'"tosa.const"() <{{values = dense<{lit}> : {t}}}> : () -> {t}', dims)[0]

    def random_const(self, dims, lo, hi, hint="c"):
        vals = [round(self.rng.uniform(lo, hi), 4) for _ in range(numel(dims))]
        self.drawn.append(vals)
        return self.const(dims, vals, hint), vals

    def zero_point(self):
        return self.const([1], [0.0], "zp")

    def shift_const(self):
        return self.const([1], [0], "shift", dt="i8")

    def const_shape(self, dims):
        return self.emit("shape", f"tosa.const_shape {{values = dense<[{', '.join(map(str, dims))}]> : tensor<{len(dims)}xindex>}} : () -> !tosa.shape<{len(dims)}>", None)[0]

    # ops -----------------------------------------------------------------
    def t(self, dims):
        return ttype(dims, self.dt)

    def reshape(self, x, xdims, dims, shape=None):
        shape = shape or self.const_shape(dims)
        return self.emit("r", f"tosa.reshape {x}, {shape} : ({self.t(xdims)}, !tosa.shape<{len(dims)}>) -> {self.t(dims)}", dims)[0]

    def transpose(self, x, xdims, perms):
        dims = [xdims[p] for p in perms]
        return self.emit("t", f"tosa.transpose {x} {{perms = array<i32: {', '.join(map(str, perms))}>}} : ({self.t(xdims)}) -> {self.t(dims)}", dims)[0], dims

    def binary(self, op, a, adims, b, bdims, out):
        return self.emit(op[:3], f"tosa.{op} {a}, {b} : ({self.t(adims)}, {self.t(bdims)}) -> {self.t(out)}", out)[0]

    def mul(self, a, adims, b, bdims, out, shift=None):
        shift = shift or self.shift
        return self.emit("mul", f"tosa.mul {a}, {b}, {shift} : ({self.t(adims)}, {self.t(bdims)}, tensor<1xi8>) -> {self.t(out)}", out)[0]

    def unary(self, op, a, dims):
        return self.emit(op[:5], f"tosa.{op} {a} : ({self.t(dims)}) -> {self.t(dims)}", dims)[0]

    def clamp(self, x, dims, hi=F32_MAX):
        return self.emit("relu", f"tosa.clamp {x} {{max_val = {hi} : {self.dt}, min_val = 0.000000e+00 : {self.dt}}} : ({self.t(dims)}) -> {self.t(dims)}", dims)[0]

    def max_pool(self, x, dims):
        out = [dims[0], dims[1] // 2, dims[2] // 2, dims[3]]
        return self.emit("pool", f"tosa.max_pool2d {x} {{kernel = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 2, 2>}} : ({self.t(dims)}) -> {self.t(out)}", out)[0], out

    def layer(self, op, x, xdims, w, wdims, b, bdims, out, zp_in, zp_w, attrs):
        zt = self.t([1])
        return self.emit(
            op.split("_")[0][:4],
            f"tosa.{op} {x}, {w}, {b}, {zp_in}, {zp_w} {{{attrs}}} : ({self.t(xdims)}, {self.t(wdims)}, {self.t(bdims)}, {zt}, {zt}) -> {self.t(out)}",
            out)[0]


def conv_attrs(pad, stride, dilation):
    return (f"acc_type = f32, dilation = array<i64: {', '.join(map(str, dilation))}>, "
            f"pad = array<i64: {', '.join(map(str, pad))}>, stride = array<i64: {', '.join(map(str, stride))}>")


# batch-norm chains --------------------------------------------------------

def bn_params(f, c):
    """Constants [C] of an inference batch norm: mean, variance > 0, gamma
    (some negative), beta."""
    mean = f.random_const([c], -0.5, 0.5, "mean")[0]
    var = f.random_const([c], 0.2, 2.0, "var")[0]
    gamma = f.random_const([c], -1.5, 1.5, "gamma")[0]
    beta = f.random_const([c], -0.5, 0.5, "beta")[0]
    return mean, var, gamma, beta


def tf_fused_bn(f, y, ydims, eps=1e-3):
    """ConvertTFFusedBatchNormV3Op: channels last."""
    c = ydims[-1]
    mean, var, gamma, beta = bn_params(f, c)
    pdims = [1] * (len(ydims) - 1) + [c]
    s = f.const_shape(pdims)
    m = f.reshape(mean, [c], pdims, s)
    sub = f.binary("sub", y, ydims, m, pdims, ydims)
    e = f.const([1], [eps], "eps")
    ve = f.binary("add", var, [c], e, [1], [c])
    r = f.unary("rsqrt", ve, [c])
    r4 = f.reshape(r, [c], pdims, s)
    m0 = f.mul(sub, ydims, r4, pdims, ydims)
    g = f.reshape(gamma, [c], pdims, s)
    m1 = f.mul(m0, ydims, g, pdims, ydims)
    b = f.reshape(beta, [c], pdims, s)
    return f.binary("add", m1, ydims, b, pdims, ydims)


def tf_unfused_bn(f, y, ydims, eps=1e-3):
    """tf.nn.batch_normalization legalized op by op: channels last."""
    c = ydims[-1]
    mean, var, gamma, beta = bn_params(f, c)
    pdims = [1] * (len(ydims) - 1) + [c]
    e = f.const([1], [eps], "eps")
    ve = f.binary("add", var, [c], e, [1], [c])
    r = f.unary("rsqrt", ve, [c])
    s = f.mul(r, [c], gamma, [c], [c])
    s4 = f.reshape(s, [c], pdims)
    ys = f.mul(y, ydims, s4, pdims, ydims)
    ms = f.mul(mean, [c], s, [c], [c])
    t = f.binary("sub", beta, [c], ms, [c], [c])
    t4 = f.reshape(t, [c], pdims)
    return f.binary("add", ys, ydims, t4, pdims, ydims)


def torch_bn(f, y, ydims, eps=1e-5):
    """computeBatchNorm after reshapeToNormInputDim and EqualizeRanks:
    channel dim 1."""
    c = ydims[1]
    rank = len(ydims)
    mean, var, gamma, beta = bn_params(f, c)
    mid = [c] + [1] * (rank - 2)
    full = [1] + mid
    m1 = f.reshape(mean, [c], mid)
    v1 = f.reshape(var, [c], mid)
    g1 = f.reshape(gamma, [c], mid)
    b1 = f.reshape(beta, [c], mid)
    e = f.const([], [eps], "eps")
    m = f.reshape(m1, mid, full)
    v = f.reshape(v1, mid, full)
    e1 = f.reshape(e, [], [1] * rank)
    g = f.reshape(g1, mid, full)
    b = f.reshape(b1, mid, full)
    sub = f.binary("sub", y, ydims, m, full, ydims)
    ve = f.binary("add", v, full, e1, [1] * rank, full)
    r = f.unary("rsqrt", ve, full)
    m0 = f.mul(sub, ydims, r, full, ydims, f.shift_const())
    m1_ = f.mul(m0, ydims, g, full, ydims, f.shift_const())
    return f.binary("add", m1_, ydims, b, full, ydims)


# layers ---------------------------------------------------------------------

def tf_conv2d(f, x, xdims, cout, k=3, pad=(1, 1, 1, 1), stride=(1, 1)):
    cin = xdims[3]
    w, _ = f.random_const([k, k, cin, cout], -0.5, 0.5, "filter")
    wt, wtdims = f.transpose(w, [k, k, cin, cout], [3, 0, 1, 2])
    b = f.const([cout], [0.0] * cout, "bias")
    zp = f.zero_point()
    oh = (xdims[1] + pad[0] + pad[1] - k) // stride[0] + 1
    ow = (xdims[2] + pad[2] + pad[3] - k) // stride[1] + 1
    out = [xdims[0], oh, ow, cout]
    return f.layer("conv2d", x, xdims, wt, wtdims, b, [cout], out, zp, zp,
                   conv_attrs(pad, stride, (1, 1))), out


def torch_conv2d(f, x, xdims, cout, k=3, pad=1):
    """NCHW in, NCHW out; the layer itself runs in NHWC."""
    cin = xdims[1]
    w, _ = f.random_const([cout, cin, k, k], -0.5, 0.5, "weight")
    zi, zw = f.zero_point(), f.zero_point()
    xt, xtdims = f.transpose(x, xdims, [0, 2, 3, 1])
    wt, wtdims = f.transpose(w, [cout, cin, k, k], [0, 2, 3, 1])
    b = f.const([cout], [0.0] * cout, "bias")
    out = [xdims[0], xdims[2] + 2 * pad - k + 1, xdims[3] + 2 * pad - k + 1, cout]
    c = f.layer("conv2d", xt, xtdims, wt, wtdims, b, [cout], out, zi, zw,
                conv_attrs((pad,) * 4, (1, 1), (1, 1)))
    return f.transpose(c, out, [0, 3, 1, 2])


def torch_max_pool(f, x, xdims):
    xt, xtdims = f.transpose(x, xdims, [0, 2, 3, 1])
    p, pdims = f.max_pool(xt, xtdims)
    return f.transpose(p, pdims, [0, 3, 1, 2])


# files ----------------------------------------------------------------------

def module(f, args, results, ret):
    arglist = ", ".join(f"%{n}: {f.t(d)}" for n, d in args)
    rets = ", ".join(f.t(d) for d in results)
    body = "\n".join(f.lines)
    return (f"func.func @main({arglist}) -> ({rets}) {{\n{body}\n"
            f"  return {', '.join(ret)} : {rets}\n}}\n")


def tf_conv2d_file_body(f):
    f.shift = f.shift_const()
    xd = [1, 8, 8, 3]
    y, yd = tf_conv2d(f, "%x", xd, 8)
    y = tf_fused_bn(f, y, yd)
    y = f.clamp(y, yd, F32_MAX if f.dt == "f32" else "6.550400e+04")
    p, pd = f.max_pool(y, yd)
    return module(f, [("x", xd)], [pd], [p])


def tf_conv2d_file(rng, dt="f32"):
    return tf_conv2d_file_body(Func(rng, dt))


def tf_conv2d_unfused_file(rng):
    f = Func(rng, "f32")
    f.shift = f.shift_const()
    xd = [1, 8, 8, 3]
    y, yd = tf_conv2d(f, "%x", xd, 6, pad=(0, 1, 0, 1), stride=(2, 2))
    y = tf_unfused_bn(f, y, yd)
    y = f.clamp(y, yd)
    return module(f, [("x", xd)], [yd], [y])


def tf_depthwise_file(rng):
    f = Func(rng, "f32")
    f.shift = f.shift_const()
    xd = [1, 8, 8, 4]
    w, _ = f.random_const([3, 3, 4, 2], -0.5, 0.5, "filter")
    b = f.const([8], [0.0] * 8, "bias")
    zp = f.zero_point()
    yd = [1, 4, 4, 8]
    y = f.layer("depthwise_conv2d", "%x", xd, w, [3, 3, 4, 2], b, [8], yd, zp, zp,
                conv_attrs((0, 1, 0, 1), (2, 2), (1, 1)))
    y = tf_fused_bn(f, y, yd)
    y = f.clamp(y, yd, "6.000000e+00")
    return module(f, [("x", xd)], [yd], [y])


def tf_conv3d_file(rng):
    f = Func(rng, "f32")
    f.shift = f.shift_const()
    xd = [1, 4, 6, 6, 2]
    w, _ = f.random_const([3, 3, 3, 2, 4], -0.5, 0.5, "filter")
    wt, wtd = f.transpose(w, [3, 3, 3, 2, 4], [4, 0, 1, 2, 3])
    b = f.const([4], [0.0] * 4, "bias")
    zp = f.zero_point()
    yd = [1, 4, 6, 6, 4]
    y = f.layer("conv3d", "%x", xd, wt, wtd, b, [4], yd, zp, zp,
                conv_attrs((1,) * 6, (1, 1, 1), (1, 1, 1)))
    y = tf_fused_bn(f, y, yd)
    y = f.clamp(y, yd)
    return module(f, [("x", xd)], [yd], [y])


def tf_transpose_conv2d_file(rng):
    """Conv2DBackpropInput, padding VALID, stride 2."""
    f = Func(rng, "f32")
    f.shift = f.shift_const()
    xd = [1, 5, 5, 4]
    w, _ = f.random_const([3, 3, 6, 4], -0.5, 0.5, "filter")
    wt, wtd = f.transpose(w, [3, 3, 6, 4], [2, 0, 1, 3])
    b = f.const([6], [0.0] * 6, "bias")
    zp = f.zero_point()
    yd = [1, 11, 11, 6]
    y = f.emit("tconv", f"tosa.transpose_conv2d %x, {wt}, {b}, {zp}, {zp} {{acc_type = f32, out_pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 2, 2>}} : ({f.t(xd)}, {f.t(wtd)}, {f.t([6])}, {f.t([1])}, {f.t([1])}) -> {f.t(yd)}", yd)[0]
    y = tf_fused_bn(f, y, yd)
    return module(f, [("x", xd)], [yd], [y])


def tf_dense_file(rng):
    """Keras Dense (MatMul + BiasAdd) and a non-fused BatchNormalization."""
    f = Func(rng, "f32")
    f.shift = f.shift_const()
    xd = [2, 16]
    k, _ = f.random_const([16, 8], -0.5, 0.5, "kernel")
    bias, _ = f.random_const([8], -0.2, 0.2, "bias")
    zp = f.zero_point()
    a = f.reshape("%x", xd, [1, 2, 16])
    bm = f.reshape(k, [16, 8], [1, 16, 8])
    mm = f.emit("mm", f"tosa.matmul {a}, {bm}, {zp}, {zp} : ({f.t([1, 2, 16])}, {f.t([1, 16, 8])}, {f.t([1])}, {f.t([1])}) -> {f.t([1, 2, 8])}", None)[0]
    y = f.reshape(mm, [1, 2, 8], [2, 8])
    b2 = f.reshape(bias, [8], [1, 8])
    y = f.binary("add", y, [2, 8], b2, [1, 8], [2, 8])
    y = tf_unfused_bn(f, y, [2, 8])
    y = f.clamp(y, [2, 8])
    return module(f, [("x", xd)], [[2, 8]], [y])


def tf_residual_file(rng):
    """conv-bn-relu, conv-bn, + input, relu, then a pooling: a ResNet block."""
    f = Func(rng, "f32")
    f.shift = f.shift_const()
    xd = [1, 8, 8, 8]
    y, yd = tf_conv2d(f, "%x", xd, 8)
    y = f.clamp(tf_fused_bn(f, y, yd), yd)
    y, yd = tf_conv2d(f, y, yd, 8)
    y = tf_fused_bn(f, y, yd)
    y = f.binary("add", y, yd, "%x", xd, yd)
    y = f.clamp(y, yd)
    p, pd = f.max_pool(y, yd)
    return module(f, [("x", xd)], [pd], [p])


def torch_conv2d_file(rng):
    return torch_conv2d_file_body(Func(rng, "f32"))


def torch_conv2d_file_body(f):
    xd = [1, 3, 8, 8]
    y, yd = torch_conv2d(f, "%x", xd, 8)
    y = torch_bn(f, y, yd)
    y = f.clamp(y, yd)
    p, pd = torch_max_pool(f, y, yd)
    return module(f, [("x", xd)], [pd], [p])


def torch_depthwise_file(rng):
    """groups = C_in = 4, two filters per channel."""
    f = Func(rng, "f32")
    xd = [1, 4, 8, 8]
    w, _ = f.random_const([8, 1, 3, 3], -0.5, 0.5, "weight")
    zi, zw = f.zero_point(), f.zero_point()
    xt, xtd = f.transpose("%x", xd, [0, 2, 3, 1])
    wt, wtd = f.transpose(w, [8, 1, 3, 3], [2, 3, 0, 1])
    wr = f.reshape(wt, wtd, [3, 3, 4, 2])
    b = f.const([8], [0.0] * 8, "bias")
    cd = [1, 8, 8, 8]
    c = f.layer("depthwise_conv2d", xt, xtd, wr, [3, 3, 4, 2], b, [8], cd, zi, zw,
                conv_attrs((1, 1, 1, 1), (1, 1), (1, 1)))
    y, yd = f.transpose(c, cd, [0, 3, 1, 2])
    y = torch_bn(f, y, yd)
    y = f.clamp(y, yd)
    return module(f, [("x", xd)], [yd], [y])


def torch_conv3d_file(rng):
    f = Func(rng, "f32")
    xd = [1, 2, 4, 6, 6]
    w, _ = f.random_const([4, 2, 3, 3, 3], -0.5, 0.5, "weight")
    zi, zw = f.zero_point(), f.zero_point()
    xt, xtd = f.transpose("%x", xd, [0, 2, 3, 4, 1])
    wt, wtd = f.transpose(w, [4, 2, 3, 3, 3], [0, 2, 3, 4, 1])
    b = f.const([4], [0.0] * 4, "bias")
    cd = [1, 4, 6, 6, 4]
    c = f.layer("conv3d", xt, xtd, wt, wtd, b, [4], cd, zi, zw,
                conv_attrs((1,) * 6, (1, 1, 1), (1, 1, 1)))
    y, yd = f.transpose(c, cd, [0, 4, 1, 2, 3])
    y = torch_bn(f, y, yd)
    return module(f, [("x", xd)], [yd], [y])


def torch_transpose_conv2d_file(rng):
    """ConvTranspose2d(4, 6, 3, stride 2, padding 1, output_padding 1): the
    padding is a crop (tosa.slice) of the transpose_conv2d result."""
    f = Func(rng, "f32")
    xd = [1, 4, 5, 5]
    w, _ = f.random_const([4, 6, 3, 3], -0.5, 0.5, "weight")
    zi, zw = f.zero_point(), f.zero_point()
    xt, xtd = f.transpose("%x", xd, [0, 2, 3, 1])
    b, _ = f.random_const([6], -0.2, 0.2, "bias")
    wt, wtd = f.transpose(w, [4, 6, 3, 3], [1, 2, 3, 0])
    cd = [1, 11, 11, 6]
    c = f.emit("tconv", f"tosa.transpose_conv2d {xt}, {wt}, {b}, {zi}, {zw} {{acc_type = f32, out_pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 2, 2>}} : ({f.t(xtd)}, {f.t(wtd)}, {f.t([6])}, {f.t([1])}, {f.t([1])}) -> {f.t(cd)}", cd)[0]
    start = f.const_shape([0, 1, 1, 0])
    size = f.const_shape([1, 10, 10, 6])
    sd = [1, 10, 10, 6]
    s = f.emit("slice", f"tosa.slice {c}, {start}, {size} : ({f.t(cd)}, !tosa.shape<4>, !tosa.shape<4>) -> {f.t(sd)}", sd)[0]
    y, yd = f.transpose(s, sd, [0, 3, 1, 2])
    y = torch_bn(f, y, yd)
    return module(f, [("x", xd)], [yd], [y])


def torch_linear_file(rng):
    """nn.Linear(16, 8) and nn.BatchNorm1d(8) on [2, 16]."""
    f = Func(rng, "f32")
    xd = [2, 16]
    w, _ = f.random_const([8, 16], -0.5, 0.5, "weight")
    bias, _ = f.random_const([8], -0.2, 0.2, "bias")
    wt, wtd = f.transpose(w, [8, 16], [1, 0])
    zi, zw = f.zero_point(), f.zero_point()
    a = f.reshape("%x", xd, [1, 2, 16])
    bm = f.reshape(wt, wtd, [1, 16, 8])
    mm = f.emit("mm", f"tosa.matmul {a}, {bm}, {zi}, {zw} : ({f.t([1, 2, 16])}, {f.t([1, 16, 8])}, {f.t([1])}, {f.t([1])}) -> {f.t([1, 2, 8])}", None)[0]
    y = f.reshape(mm, [1, 2, 8], [2, 8])
    b2 = f.reshape(bias, [8], [1, 8])
    y = f.binary("add", y, [2, 8], b2, [1, 8], [2, 8])
    y = torch_bn(f, y, [2, 8])
    return module(f, [("x", xd)], [[2, 8]], [y])


def torch_residual_file(rng):
    f = Func(rng, "f32")
    xd = [1, 8, 8, 8]
    y, yd = torch_conv2d(f, "%x", xd, 8)
    y = f.clamp(torch_bn(f, y, yd), yd)
    y, yd = torch_conv2d(f, y, yd, 8)
    y = torch_bn(f, y, yd)
    y = f.binary("add", y, yd, "%x", xd, yd)
    y = f.clamp(y, yd)
    return module(f, [("x", xd)], [yd], [y])


def no_fold_spatial_file(rng):
    """conv2d, then a multiplication by a constant that varies over H and W
    (not per channel), then a per-channel shift."""
    f = Func(rng, "f32")
    f.shift = f.shift_const()
    xd = [1, 8, 8, 3]
    y, yd = tf_conv2d(f, "%x", xd, 4)
    sp, _ = f.random_const([1, 8, 8, 1], 0.5, 1.5, "spatial")
    y = f.mul(y, yd, sp, [1, 8, 8, 1], yd)
    t, _ = f.random_const([1, 1, 1, 4], -0.5, 0.5, "shift_c")
    y = f.binary("add", y, yd, t, [1, 1, 1, 4], yd)
    return module(f, [("x", xd)], [yd], [y])


def no_fold_not_a_layer_file(rng):
    """Batch-norm chains on an argument and on a max_pool2d result."""
    f = Func(rng, "f32")
    f.shift = f.shift_const()
    xd = [1, 8, 8, 4]
    a = tf_fused_bn(f, "%x", xd)
    p, pd = f.max_pool("%x", xd)
    b = tf_fused_bn(f, p, pd)
    return module(f, [("x", xd)], [xd, pd], [a, b])


FILES = {
    "tf-conv2d": lambda r: tf_conv2d_file(r),
    "tf-conv2d-f16": lambda r: tf_conv2d_file(r, "f16"),
    "tf-conv2d-unfused": tf_conv2d_unfused_file,
    "tf-depthwise-conv2d": tf_depthwise_file,
    "tf-conv3d": tf_conv3d_file,
    "tf-transpose-conv2d": tf_transpose_conv2d_file,
    "tf-dense": tf_dense_file,
    "tf-residual": tf_residual_file,
    "torch-conv2d": torch_conv2d_file,
    "torch-depthwise-conv2d": torch_depthwise_file,
    "torch-conv3d": torch_conv3d_file,
    "torch-transpose-conv2d": torch_transpose_conv2d_file,
    "torch-linear": torch_linear_file,
    "torch-residual": torch_residual_file,
    "no-fold-spatial-mul": no_fold_spatial_file,
    "no-fold-not-a-layer": no_fold_not_a_layer_file,
}


# Folds computed here, independently of bnfold: the execution tests compare
# them with the inputs through upstream's TOSA lowering. The batch norm
# y * s + (beta - mean * s), s = gamma / sqrt(var + eps), is computed in
# double from the float32 parameters and goes into the weights (per output
# channel) and the bias of the layer. The wrong ones carry one realistic
# mistake each, so --compare must fail on them.

def fold_scale(drawn, eps):
    mean, var, gamma, beta = (list(map(f32, v)) for v in drawn[-4:])
    s = [g / (v + f32(eps)) ** 0.5 for g, v in zip(gamma, var)]
    return s, [b - m * k for b, m, k in zip(beta, mean, s)]


def tf_conv2d_folded(rng, mistake=None, nn_layer=False):
    """tf-conv2d folded: the filter HWIO [3, 3, 3, 8] scaled along O. With
    nn_layer the convolution is an nn.conv2d nhwc (HWIO filter, as TF's) in
    a module that is otherwise TOSA."""
    original = Func(rng, "f32")
    tf_conv2d_file_body(original)
    s, t = fold_scale(original.drawn, 1e-3)
    if mistake == "bias-without-mean":
        t = list(map(f32, original.drawn[-1]))
    w = [f32(v) * s[i % 8] for i, v in enumerate(original.drawn[0])]
    f = Func(None, "f32")
    xd, yd = [1, 8, 8, 3], [1, 8, 8, 8]
    wc = f.const([3, 3, 3, 8], w, "filter")
    b = f.const([8], t, "bias")
    if nn_layer:
        y = f.emit("conv", f"nn.conv2d nhwc %x, {wc}, {b} {{padding = array<i64: 1, 1, 1, 1>}} : ({f.t(xd)}, {f.t([3, 3, 3, 8])}, {f.t([8])}) -> {f.t(yd)}", yd)[0]
    else:
        wt, wtd = f.transpose(wc, [3, 3, 3, 8], [3, 0, 1, 2])
        zp = f.zero_point()
        y = f.layer("conv2d", "%x", xd, wt, wtd, b, [8], yd, zp, zp,
                    conv_attrs((1, 1, 1, 1), (1, 1), (1, 1)))
    y = f.clamp(y, yd)
    p, pd = f.max_pool(y, yd)
    return module(f, [("x", xd)], [pd], [p])


def torch_conv2d_folded(rng, mistake=None):
    """torch-conv2d folded: the weight OIHW [8, 3, 3, 3] scaled along O, the
    bias replaced; the transposes stay."""
    original = Func(rng, "f32")
    torch_conv2d_file_body(original)
    s, t = fold_scale(original.drawn, 1e-5)
    if mistake == "channels-reversed":
        s = s[::-1]
    w = [f32(v) * s[i // 27] for i, v in enumerate(original.drawn[0])]
    f = Func(None, "f32")
    xd = [1, 3, 8, 8]
    wc = f.const([8, 3, 3, 3], w, "weight")
    zi, zw = f.zero_point(), f.zero_point()
    xt, xtd = f.transpose("%x", xd, [0, 2, 3, 1])
    wt, wtd = f.transpose(wc, [8, 3, 3, 3], [0, 2, 3, 1])
    b = f.const([8], t, "bias")
    cd = [1, 8, 8, 8]
    c = f.layer("conv2d", xt, xtd, wt, wtd, b, [8], cd, zi, zw,
                conv_attrs((1, 1, 1, 1), (1, 1), (1, 1)))
    y, yd = f.transpose(c, cd, [0, 3, 1, 2])
    y = f.clamp(y, yd)
    p, pd = torch_max_pool(f, y, yd)
    return module(f, [("x", xd)], [pd], [p])


# name: (input it folds, writer); the writer gets the input's seed.
FOLDED = {
    "tosa-tf-conv2d-folded": ("tf-conv2d", tf_conv2d_folded),
    "tosa-tf-conv2d-folded-nn": (
        "tf-conv2d", lambda r: tf_conv2d_folded(r, nn_layer=True)),
    "tosa-tf-conv2d-wrong-bias": (
        "tf-conv2d", lambda r: tf_conv2d_folded(r, "bias-without-mean")),
    "tosa-torch-conv2d-folded": ("torch-conv2d", torch_conv2d_folded),
    "tosa-torch-conv2d-wrong-channels": (
        "torch-conv2d", lambda r: torch_conv2d_folded(r, "channels-reversed")),
}


# What the producers' own clean-up pipelines make of an input: upstream
# mlir-opt runs them. torch-mlir's createTorchBackendToTosaBackendPipeline
# folds the weight transposes and the reshapes of constants, and moves the
# NCHW <-> NHWC transposes between the two convolutions out of the way (the
# first chain then runs channels-last on [1, 1, 1, C] constants); TF's
# pipeline folds constants.
PIPELINES = {
    "torch-residual-pipeline": (
        "torch-residual", "tosa-layerwise-constant-fold,tosa-reduce-transposes,"
        "tosa-make-broadcastable,canonicalize,cse"),
    "tf-residual-pipeline": (
        "tf-residual", "tosa-layerwise-constant-fold,canonicalize,cse"),
}


def seed_of(name):
    return 1500 + sorted(FILES).index(name)


def main():
    if len(sys.argv) not in (2, 3):
        sys.exit("usage: tosa_inputs.py OUT_DIR [FOLDED_DIR]")
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    header = "// {}: generated by test/scripts/tosa_inputs.py{}; do not edit by hand.\n"
    for name, make in sorted(FILES.items()):
        with open(os.path.join(out, name + ".mlir"), "w") as fh:
            fh.write(header.format(name, "") + make(random.Random(seed_of(name))))
    if len(sys.argv) == 3:
        folded = sys.argv[2]
        os.makedirs(folded, exist_ok=True)
        for name, (source, make) in sorted(FOLDED.items()):
            with open(os.path.join(folded, name + ".mlir"), "w") as fh:
                fh.write(header.format(name, f" (a fold of {source})")
                         + make(random.Random(seed_of(source))))
    mlir_opt = os.environ.get("MLIR_OPT", "/usr/lib/llvm-22/bin/mlir-opt")
    for name, (source, passes) in sorted(PIPELINES.items()):
        text = subprocess.run(
            [mlir_opt, f"--pass-pipeline=builtin.module(func.func({passes}))",
             os.path.join(out, source + ".mlir")],
            check=True, capture_output=True, text=True).stdout
        with open(os.path.join(out, name + ".mlir"), "w") as fh:
            fh.write(header.format(name, f" (mlir-opt {passes} on {source})")
                     + text)


if __name__ == "__main__":
    main()
