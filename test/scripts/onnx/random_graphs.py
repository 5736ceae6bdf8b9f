#!/usr/bin/python3
"""Random ONNX graphs around BatchNormalization, folded and run.

Each model has one to three branches reading the graph input. A branch is a
BatchNormalization whose input comes from a randomly chosen producer

  Conv (plain, grouped, depthwise with a channel multiplier, with or without
  bias, strides, dilations, padding), Gemm (transB, bias [N], [1, N] or
  none, alpha/beta not 1), MatMul (2-D, or batched [N, T, K]), Relu, Add
  of two Convs of the same form, MaxPool / AveragePool / GlobalAveragePool, Concat, the graph input, an
  initializer, a Constant node,

through zero to two in-between ops

  Identity, Reshape (keeping the channels in dim 1 with trailing 1s, or
  moving them), Flatten, Add of a per-channel bias, Relu, carried ops
  (Sigmoid, Clip, Mul by a scalar, Dropout),

with statistics that are sometimes graph inputs or overridable defaults,
and a producer whose result sometimes has another user. Every model is
checked with onnx.checker, folded with `bnfold-translate --fold-onnx`, and
must then:

  * exit 0, without a crash or sanitizer report;
  * have one remark per BatchNormalization node (folded, or not folded with
    a reason), as many "not folded" remarks as BatchNormalization nodes left
    in the output, and the shapes that must fold folded (a layer, or an
    Add of two, read directly or through Identity, with constant parameters
    and one user; or, for a batch norm whose only user is an unpadded Conv, folded
    forward into it);
  * compute what the original computes in onnxruntime (compare.js, one node
    process for all models).

Usage:
  random_graphs.py --translate build/bin/bnfold-translate [--count N |
      --seconds S] [--seed S] [--work DIR]

Prints one line per failure (with the seed that reproduces it; the models
stay in --work) and a summary; exits 1 if any model failed.
"""
import argparse
import json
import os
import random
import re
import subprocess
import sys
import time

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))
F = TensorProto.FLOAT
REMARK = re.compile(r'remark: node "(?P<node>[^"]*)": '
                    r'(?P<what>folded into|not folded: )')


class Graph:
    """A model under construction; tracks the static shape of every value."""

    def __init__(self, seed):
        self.rng = random.Random(seed)  # the structure
        self.np = np.random.default_rng(seed)  # the values
        self.nodes, self.inits, self.inputs, self.outputs = [], [], [], []
        self.shapes = {}
        self.count = 0

    def name(self, prefix):
        self.count += 1
        return f"{prefix}{self.count}"

    def init(self, array, prefix="w"):
        name = self.name(prefix)
        self.inits.append(numpy_helper.from_array(
            np.asarray(array, np.float32 if array.dtype.kind == "f" else array.dtype),
            name))
        self.shapes[name] = list(np.shape(array))
        return name

    def weights(self, shape, scale=None):
        fan_in = int(np.prod(shape[1:])) if len(shape) > 1 else 1
        scale = scale or 1.0 / np.sqrt(max(fan_in, 1))
        return self.init(self.np.standard_normal(shape).astype(np.float32)
                         * np.float32(scale))

    def input(self, shape, prefix="in"):
        name = self.name(prefix)
        self.inputs.append(helper.make_tensor_value_info(name, F, shape))
        self.shapes[name] = list(shape)
        return name

    def op(self, op_type, inputs, shape, prefix=None, **attrs):
        out = self.name(prefix or op_type.lower())
        self.nodes.append(helper.make_node(op_type, inputs, [out],
                                           name=out, **attrs))
        self.shapes[out] = list(shape)
        return out


def conv_out(size, k, stride, dilation, pad0, pad1):
    return (size + pad0 + pad1 - dilation * (k - 1) - 1) // stride + 1


# ---------------------------------------------------------------------------
# Producers: (graph, x4) -> (value, is a layer the batch norm may fold into)
# x4 is the 4-D graph input [N, C, H, W].
# ---------------------------------------------------------------------------

def conv(g, x, kind=None):
    r = g.rng
    n, cin, h, w = g.shapes[x]
    kind = kind or r.choice(["plain", "grouped", "depthwise"])
    if kind == "grouped" and cin % 2 == 0:
        group = 2
        cout = 2 * r.randint(1, 3)
    elif kind == "depthwise":
        group = cin
        cout = cin * r.randint(1, 2)
    else:
        group, cout = 1, r.randint(2, 5)
    k = r.choice([1, 3])
    stride = r.choice([1, 1, 2])
    dilation = r.choice([1, 1, 2]) if k == 3 else 1
    pads = [r.randint(0, 1) for _ in range(4)]
    oh = conv_out(h, k, stride, dilation, pads[0], pads[2])
    ow = conv_out(w, k, stride, dilation, pads[1], pads[3])
    if oh < 1 or ow < 1:
        pads, stride, dilation = [0] * 4, 1, 1
        k = 1
        oh, ow = h, w
    inputs = [x, g.weights([cout, cin // group, k, k])]
    if r.random() < 0.6:
        inputs.append(g.weights([cout], 0.5))
    out = g.op("Conv", inputs, [n, cout, oh, ow], group=group,
               kernel_shape=[k, k], strides=[stride] * 2,
               dilations=[dilation] * 2, pads=pads)
    return out, True


def gemm(g, x2):
    r = g.rng
    n, k = g.shapes[x2]
    f = r.randint(2, 6)
    trans_b = r.random() < 0.5
    w = g.weights([f, k] if trans_b else [k, f])
    inputs = [x2, w]
    bias = r.choice(["n", "1n", "none"])
    if bias == "n":
        inputs.append(g.weights([f], 0.5))
    elif bias == "1n":
        inputs.append(g.weights([1, f], 0.5))
    attrs = {"transB": int(trans_b)}
    layer = True
    if r.random() < 0.15:
        attrs["alpha"] = 0.5  # carried: not a plain matmul
        layer = False
    return g.op("Gemm", inputs, [n, f], **attrs), layer


def to_2d(g, x4):
    """[N, C, H, W] -> [N, C*H*W] by Flatten, or [N, C] by pooling."""
    n, c, h, w = g.shapes[x4]
    if g.rng.random() < 0.5:
        return g.op("Flatten", [x4], [n, c * h * w], axis=1)
    p = g.op("GlobalAveragePool", [x4], [n, c, 1, 1])
    return g.op("Flatten", [p], [n, c], axis=1)


def produce(g, x4):
    """A random producer; returns (value, kind, foldable layer?)."""
    r = g.rng
    kind = r.choices(
        ["conv", "gemm", "matmul", "matmul3d", "relu", "add", "pool", "gap",
         "concat", "input", "initializer", "constant"],
        [10, 6, 4, 2, 2, 2, 2, 2, 2, 1, 1, 1])[0]
    n, c, h, w = g.shapes[x4]
    if kind == "conv":
        v, layer = conv(g, x4)
    elif kind == "gemm":
        v, layer = gemm(g, to_2d(g, x4))
    elif kind == "matmul":
        x2 = to_2d(g, x4)
        f = r.randint(2, 6)
        v = g.op("MatMul", [x2, g.weights([g.shapes[x2][1], f])],
                 [n, f])
        layer = True
    elif kind == "matmul3d":
        # [N, C, H*W] @ [H*W, F]: batch norm over dim 1 (C) sees the rows,
        # not the matmul's features.
        x3 = g.op("Reshape", [x4, g.init(np.array([n, c, h * w], np.int64), "shape")],
                  [n, c, h * w])
        f = r.randint(2, 5)
        v = g.op("MatMul", [x3, g.weights([h * w, f])], [n, c, f])
        layer = True
    elif kind == "relu":
        v, _ = conv(g, x4)
        v = g.op("Relu", [v], g.shapes[v])
        layer = False
    elif kind == "add":
        # Two branches of the same form summed (a projection shortcut):
        # a batch norm folds across the Add into both Convs.
        a, _ = conv(g, x4)
        shape = g.shapes[a]
        first = g.nodes[-1]
        inputs = [x4, g.weights(g.shapes[first.input[1]])]
        if r.random() < 0.5:
            inputs.append(g.weights([shape[1]], 0.5))
        b = g.op("Conv", inputs, shape,
                 **{at.name: helper.get_attribute_value(at)
                    for at in first.attribute})
        v = g.op("Add", [a, b], shape)
        layer = True
    elif kind == "pool":
        v, _ = conv(g, x4, "plain")
        n2, c2, h2, w2 = g.shapes[v]
        op = r.choice(["MaxPool", "AveragePool"])
        v = g.op(op, [v], [n2, c2, h2, w2], kernel_shape=[1, 1])
        layer = False
    elif kind == "gap":
        v, _ = conv(g, x4)
        n2, c2, _, _ = g.shapes[v]
        v = g.op("GlobalAveragePool", [v], [n2, c2, 1, 1])
        layer = False
    elif kind == "concat":
        a, _ = conv(g, x4, "plain")
        b = g.op("Conv", [x4, g.weights([2, c, 1, 1])], [n, 2, h, w],
                 kernel_shape=[1, 1])
        if g.shapes[a][2:] != [h, w]:
            a = g.op("Conv", [x4, g.weights([3, c, 1, 1])], [n, 3, h, w],
                     kernel_shape=[1, 1])
        v = g.op("Concat", [a, b], [n, g.shapes[a][1] + 2, h, w], axis=1)
        layer = False
    elif kind == "input":
        v, layer = x4, False
    elif kind == "initializer":
        v = g.weights([n, c, h, w], 1.0)
        layer = False
    else:
        v = g.name("const")
        g.nodes.append(helper.make_node(
            "Constant", [], [v], name=v, value=numpy_helper.from_array(
                r_normal(g, [n, c, h, w]), v + "_value")))
        g.shapes[v] = [n, c, h, w]
        layer = False
    return v, kind, layer


def r_normal(g, shape):
    return g.np.standard_normal(shape).astype(np.float32)


# ---------------------------------------------------------------------------
# In-between ops: (graph, value) -> (value, keeps a foldable shape?)
# ---------------------------------------------------------------------------

def between(g, v):
    r = g.rng
    shape = g.shapes[v]
    kind = r.choices(
        ["identity", "reshape", "flatten", "bias", "relu", "sigmoid", "clip",
         "mul", "dropout"], [6, 6, 4, 2, 2, 1, 1, 1, 1])[0]
    if kind == "identity":
        return g.op("Identity", [v], shape), kind
    if kind == "reshape":
        if len(shape) == 2 and r.random() < 0.7:
            target = shape + [1, 1]  # features stay in dim 1
        elif len(shape) >= 3:
            target = [shape[0], shape[1], int(np.prod(shape[2:]))]
        else:
            target = [shape[0], 1, shape[1]]  # features leave dim 1
        # The channels stay in dim 1 with only 1s after them: a matmul folds
        # through it.
        if target[1] == shape[1] and all(d == 1 for d in target[2:]) and all(
                d == 1 for d in shape[2:]):
            kind = "reshape (keeps the features)"
        return g.op("Reshape", [v, g.init(np.array(target, np.int64), "shape")],
                    target), kind
    if kind == "flatten":
        if len(shape) == 2:
            kind = "flatten (no-op)"
        return g.op("Flatten", [v], [shape[0], int(np.prod(shape[1:]))],
                    axis=1), kind
    if kind == "bias":
        bias_shape = [shape[1]] + [1] * (len(shape) - 2)
        return g.op("Add", [v, g.weights(bias_shape, 0.5)], shape), kind
    if kind == "relu":
        return g.op("Relu", [v], shape), kind
    if kind == "sigmoid":
        return g.op("Sigmoid", [v], shape), kind
    if kind == "clip":
        lo = g.init(np.array(-0.5, np.float32), "lo")
        hi = g.init(np.array(0.7, np.float32), "hi")
        return g.op("Clip", [v, lo, hi], shape), kind
    if kind == "mul":
        return g.op("Mul", [v, g.init(np.array(1.5, np.float32), "k")],
                    shape), kind
    return g.op("Dropout", [v], shape), kind


def batch_norm(g, v, ir_defaults):
    """A BatchNormalization over dim 1 of `v`; returns (output, name, params
    constant?)."""
    r = g.rng
    c = g.shapes[v][1]
    scale = g.init(np.float32(r.uniform(0.5, 2.0)) *
                   np.sign(r_normal(g, [c])).astype(np.float32) +
                   np.float32(0.01), "scale")
    offset = g.init(r_normal(g, [c]), "offset")
    constant = True
    mean_kind = r.choices(["init", "input", "default"], [16, 1, 1])[0]
    if mean_kind == "input":
        mean = g.input([c], "mean")
        constant = False
    else:
        mean = g.init(r_normal(g, [c]) * 0.5, "mean")
        if mean_kind == "default":
            ir_defaults.append(mean)
            constant = False
    var = g.init(np.abs(r_normal(g, [c])).astype(np.float32) + 0.1, "var")
    if r.random() < 0.06:
        ir_defaults.append(var)
        constant = False
    epsilon = r.choice([1e-5, 1e-3, 0.1])
    out = g.name("bn")
    g.nodes.append(helper.make_node(
        "BatchNormalization", [v, scale, offset, mean, var], [out], name=out,
        epsilon=epsilon))
    g.shapes[out] = g.shapes[v]
    return out, out, constant


def build(seed):
    """One random model and what its batch norms must do."""
    g = Graph(seed)
    rng = g.rng
    x = g.input([rng.randint(1, 2), rng.choice([2, 3, 4]), rng.randint(3, 6),
                 rng.randint(3, 6)], "x")
    ir_defaults = []
    must_fold = []
    forward_into = {}  # batch norm -> the weights of the Conv it folds into
    descriptions = {}
    for _ in range(rng.randint(1, 3)):
        v, kind, layer = produce(g, x)
        shared = layer and rng.random() < 0.1
        if shared:  # the producer's result has another user
            g.outputs.append(v)
        steps = []
        for _ in range(rng.choice([0, 0, 0, 0, 1, 1, 1, 2])):
            v, step = between(g, v)
            steps.append(step)
        if len(g.shapes[v]) < 2:
            continue
        y, node, constant = batch_norm(g, v, ir_defaults)
        descriptions[node] = " -> ".join(
            [kind + (" (shared)" if shared else "")] + steps
            + ["BN" + ("" if constant else " (statistics not constant)")])
        # What must fold: a layer with constant parameters and one user,
        # read directly or through identities, and a matmul's also through
        # reshapes that keep its features in dim 1.
        see_through = {"identity"} | ({"reshape (keeps the features)",
                                       "flatten (no-op)"}
                                      if kind in ("gemm", "matmul") else set())
        if (layer and constant and not shared and kind != "matmul3d"
                and all(s in see_through for s in steps)):
            must_fold.append(node)
        if len(g.shapes[y]) == 4 and rng.random() < 0.25:
            # The batch norm's only user a Conv: one that does not fold
            # backward folds forward, where no pad value per channel is
            # needed (ONNX pads with one value): unpadded, 1x1 or 3x3.
            n, c, h, w = g.shapes[y]
            k = rng.choice([1, 3]) if h >= 3 and w >= 3 else 1
            padded = k == 3 and rng.random() < 0.3
            pads = [1, 1, 1, 1] if padded else [0, 0, 0, 0]
            cout = rng.randint(1, 4)
            weights = g.weights([cout, c, k, k])
            y = g.op("Conv", [y, weights],
                     [n, cout, h + 2 * padded - k + 1, w + 2 * padded - k + 1],
                     kernel_shape=[k, k], pads=pads)
            descriptions[node] += " -> Conv" + (" (padded)" if padded else "")
            if constant and not padded and node not in must_fold:
                must_fold.append(node)
                forward_into[node] = weights
        if rng.random() < 0.5:
            y = g.op("Relu", [y], g.shapes[y])
        g.outputs.append(y)
    if rng.random() < 0.1:  # weights as overridable defaults too
        conv_weights = [n.input[1] for n in g.nodes if n.op_type == "Conv"]
        if conv_weights:
            w = rng.choice(conv_weights)
            ir_defaults.append(w)
            # A batch norm after that conv is no longer certain to fold.
            producers = {n.output[0]: n for n in g.nodes}
            for n in g.nodes:
                if (n.op_type == "BatchNormalization" and n.name in must_fold
                        and producers.get(n.input[0]) is not None):
                    p = producers[n.input[0]]
                    while p.op_type == "Identity":
                        p = producers[p.input[0]]
                    # Across an Add, into either of its Convs.
                    convs = [producers[i] for i in p.input if i in producers] \
                        if p.op_type == "Add" else [p]
                    if any(c.op_type == "Conv" and c.input[1] == w
                           for c in convs):
                        must_fold.remove(n.name)
            for node, weights in forward_into.items():
                if weights == w and node in must_fold:
                    must_fold.remove(node)
    inputs = g.inputs + [
        helper.make_tensor_value_info(d, F, g.shapes[d]) for d in ir_defaults]
    outputs = [helper.make_tensor_value_info(o, F, g.shapes[o])
               for o in dict.fromkeys(g.outputs)]
    graph = helper.make_graph(g.nodes, f"random{seed}", inputs, outputs,
                              g.inits)
    model = helper.make_model(graph, producer_name="bnfold-random-graphs",
                              opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 7
    onnx.checker.check_model(model)
    return model, must_fold, descriptions


def fold(translate, path, folded):
    r = subprocess.run([translate, "--fold-onnx", path, "-o", folded],
                       capture_output=True, text=True, timeout=120)
    return r.returncode, r.stderr


def check_report(model, folded_path, stderr, must_fold, descriptions):
    """Problems with the report and the folded model, as strings."""
    problems = []
    names = [n.name for n in model.graph.node
             if n.op_type == "BatchNormalization"]
    remarks = {}
    for line in stderr.splitlines():
        m = REMARK.search(line)
        if m:
            if m.group("node") in remarks:
                problems.append(f"two remarks for {m.group('node')}")
            remarks[m.group("node")] = m.group("what")
    for name in names:
        if name not in remarks:
            problems.append(f"no remark for batch norm {name}")
        elif name in must_fold and remarks[name] != "folded into":
            problems.append(f"{name} ({descriptions[name]}) must fold: " + next(
                (l for l in stderr.splitlines() if f'"{name}"' in l), ""))
    left = sum(n.op_type == "BatchNormalization"
               for n in onnx.load(folded_path).graph.node)
    # Elementwise nodes after a layer (Mul, Add, ...) get remarks of their
    # own; only the batch norms' count here.
    not_folded = sum(remarks.get(name) == "not folded: " for name in names)
    if left != not_folded:
        problems.append(f"{left} batch norms left but {not_folded} "
                        "'not folded' remarks")
    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--translate", required=True)
    parser.add_argument("--count", type=int)
    parser.add_argument("--seconds", type=float)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--work", default="/tmp/bnfold-random-graphs")
    parser.add_argument("--max-rel", type=float, default=1e-4)
    parser.add_argument("--verbose", action="store_true",
                        help="print each batch norm's graph and remark")
    args = parser.parse_args()
    if args.count is None and args.seconds is None:
        args.count = 20
    os.makedirs(args.work, exist_ok=True)
    start = time.monotonic()
    failures, pairs, stats = [], [], {"models": 0, "bn": 0, "folded": 0}
    seed = args.seed
    # Leave a quarter of the time for onnxruntime.
    while (args.count is None or stats["models"] < args.count) and (
            args.seconds is None
            or time.monotonic() - start < 0.75 * args.seconds):
        model, must_fold, descriptions = build(seed)
        path = os.path.join(args.work, f"random{seed}.onnx")
        folded = os.path.join(args.work, f"random{seed}.folded.onnx")
        onnx.save(model, path)
        status, stderr = fold(args.translate, path, folded)
        stats["models"] += 1
        names = [n.name for n in model.graph.node
                 if n.op_type == "BatchNormalization"]
        stats["bn"] += len(names)
        if status != 0:
            failures.append(f"seed {seed}: bnfold-translate exit {status}: "
                            + " | ".join(stderr.strip().splitlines()[-3:]))
        else:
            stats["folded"] += stderr.count(": folded into")
            for p in check_report(model, folded, stderr, must_fold,
                                  descriptions):
                failures.append(f"seed {seed}: {p}")
            if args.verbose:
                for line in stderr.splitlines():
                    m = REMARK.search(line)
                    if m:
                        print(f"seed {seed}: {descriptions.get(m.group('node'))}:"
                              f" {line.split(': ', 3)[-1]}")
            pairs.append((path, folded, seed))
        seed += 1
    if pairs:
        list_file = os.path.join(args.work, "pairs.txt")
        with open(list_file, "w") as f:
            for a, b, _ in pairs:
                f.write(f"{a} {b}\n")
        r = subprocess.run(["node", os.path.join(HERE, "compare.js"),
                            "--pairs", list_file], capture_output=True,
                           text=True)
        seeds = {a: s for a, _, s in pairs}
        results = [json.loads(l) for l in r.stdout.splitlines()
                   if l.startswith("{")]
        if len(results) != len(pairs):
            failures.append("onnxruntime: " + r.stderr.strip()[-300:])
        for res in results:
            s = seeds.get(res["ref"])
            if "error" in res:
                failures.append(f"seed {s}: onnxruntime: {res['error'][:200]}")
            elif res["bad"] or not res["max_rel"] <= args.max_rel:
                failures.append(f"seed {s}: outputs differ: max_rel "
                                f"{res['max_rel']:.3g}"
                                + (" (shape or NaN/inf)" if res["bad"] else ""))
    for f in failures:
        print(f)
    print(f"random_graphs: {stats['models']} models (seeds {args.seed}.."
          f"{seed - 1}), {stats['bn']} batch norms, {stats['folded']} folded, "
          f"{len(failures)} failures, {time.monotonic() - start:.0f} s")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
