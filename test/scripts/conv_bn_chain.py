#!/usr/bin/python3
"""Writes a synthetic convolution + batch_norm network as MLIR text.

A chain of `conv2d 3x3 (padding 1) + batch_norm (scale, offset) + relu`
blocks on 1 x C x 8 x 8 activations (1 x 8 x 8 x C for nhwc), in either
layout family (channels-last / channels-first), with `dense` or
`dense_resource` weights, f32 or f16. Every block's weights differ (equal
dense attributes would be uniqued into one). The output depends only on the
arguments.

`--layer` picks the layer kind; every kind has 9 * C * C weights per block
(half that for the grouped transposed one) and keeps the activation shape:
  conv2d             3x3 kernel on 8x8
  conv1d             kernel 9 on 64
  conv3d             1x3x3 kernel on 2x8x8
  conv_transpose2d   3x3 kernel, padding 1, on 8x8
  conv_transpose2d_g2  the same with groups = 2

  conv_bn_chain.py FILE [--blocks N] [--channels C] [--layout nhwc|nchw]
      [--storage dense|dense_resource] [--dtype f32|f16] [--layer KIND]

Tests use it for large inputs; scripts/benchmark.py builds its networks
with it. Only the standard library; run with /usr/bin/python3.
"""

import argparse
import array
import os
import random
import shutil
import struct

SPATIAL = 8  # activations are 1 x C x 8 x 8 (or 1 x 8 x 8 x C)

# kind: (op, spatial sizes, kernel, padding, groups). The kernel keeps the
# spatial sizes (stride 1, padding (k - 1) / 2).
LAYERS = {
    "conv2d": ("conv2d", [8, 8], [3, 3], [1, 1, 1, 1], 1),
    "conv1d": ("conv1d", [64], [9], [4, 4], 1),
    "conv3d": ("conv3d", [2, 8, 8], [1, 3, 3], [0, 0, 1, 1, 1, 1], 1),
    "conv_transpose2d": ("conv_transpose2d", [8, 8], [3, 3], [1, 1, 1, 1], 1),
    "conv_transpose2d_g2": ("conv_transpose2d", [8, 8], [3, 3], [1, 1, 1, 1], 2),
}
LAYOUTS = {  # (channels-last, channels-first) per number of spatial dims
    1: ("nwc", "ncw"), 2: ("nhwc", "nchw"), 3: ("ndhwc", "ncdhw")}


def tensor(dims, dtype):
    return "tensor<" + "x".join(str(d) for d in dims) + f"x{dtype}>"


def filter_dims(kernel, channels, groups, channels_last):
    """[k..., Cin/G, Cout] / [Cout, Cin/G, k...] for a convolution and
    [k..., Cout/G, Cin] / [Cin, Cout/G, k...] for a transposed one: the same
    shape, since Cin = Cout = C here."""
    per_group = channels // groups
    return (kernel + [per_group, channels] if channels_last
            else [channels, per_group] + kernel)


def to_bytes(values, dtype):
    """f32 through array (fast); f16 through struct ('e')."""
    if dtype == "f32":
        return array.array("f", values).tobytes()
    return struct.pack(f"<{len(values)}e", *values)


def weight_hex(base, block):
    """Distinct weights per block (equal dense attrs would be uniqued into
    one and understate memory): the base pattern with element 0 set to the
    block index."""
    if isinstance(base, bytes):  # f16: the packed base, element 0 replaced
        return (struct.pack("<e", float(block)) + base[2:]).hex().upper()
    data = array.array("f", base)
    data[0] = float(block)
    return data.tobytes().hex().upper()


def param_hex(values, dtype="f32"):
    return to_bytes(values, dtype).hex().upper()


def generate(path, blocks, channels, layout, storage, dtype="f32",
             layer="conv2d"):
    """Writes one network as MLIR text; returns the weight bytes.
    `layout` names the family (nhwc: channels-last, nchw: channels-first)."""
    rng = random.Random(1234)
    op, spatial, kernel, padding, groups = LAYERS[layer]
    channels_last = layout == "nhwc"
    op_layout = LAYOUTS[len(spatial)][0 if channels_last else 1]
    c = channels
    fdims = filter_dims(kernel, c, groups, channels_last)
    n = 1
    for d in fdims:
        n *= d
    base = [rng.uniform(-0.1, 0.1) for _ in range(n)]
    if dtype == "f16":
        base = to_bytes(base, dtype)
    act = tensor([1] + spatial + [c] if channels_last else [1, c] + spatial,
                 dtype)
    filt = tensor(fdims, dtype)
    attrs = "padding = array<i64: " + ", ".join(map(str, padding)) + ">"
    if groups > 1:
        attrs += f", groups = {groups} : i64"
    vec = f"tensor<{c}x{dtype}>"
    mean = param_hex([rng.uniform(-1, 1) for _ in range(c)], dtype)
    var = param_hex([rng.uniform(0.5, 2) for _ in range(c)], dtype)
    gamma = param_hex([rng.uniform(0.5, 1.5) for _ in range(c)], dtype)
    beta = param_hex([rng.uniform(-1, 1) for _ in range(c)], dtype)
    # Resource blobs are streamed to a side file and appended, so that this
    # process never holds the whole network in memory.
    res_path = path + ".resources"
    res = open(res_path, "w") if storage == "dense_resource" else None
    with open(path, "w") as f:
        f.write(f"func.func @net(%x: {act}) -> {act} {{\n")
        f.write(f'  %m = arith.constant dense<"0x{mean}"> : {vec}\n')
        f.write(f'  %v = arith.constant dense<"0x{var}"> : {vec}\n')
        f.write(f'  %g = arith.constant dense<"0x{gamma}"> : {vec}\n')
        f.write(f'  %b = arith.constant dense<"0x{beta}"> : {vec}\n')
        prev = "%x"
        for i in range(blocks):
            hexw = weight_hex(base, i)
            if storage == "dense":
                f.write(f'  %w{i} = arith.constant dense<"0x{hexw}"> : {filt}\n')
            else:
                f.write(f"  %w{i} = arith.constant dense_resource<w{i}> : {filt}\n")
                res.write((",\n" if i else "") + f'      w{i}: "0x04000000{hexw}"')
            f.write(f"  %c{i} = nn.{op} {op_layout} {prev}, %w{i} "
                    f"{{{attrs}}} : ({act}, {filt}) -> {act}\n")
            bn_layout = "" if channels_last else op_layout + " "
            f.write(f"  %n{i} = nn.batch_norm {bn_layout}%c{i}, %m, %v scale %g "
                    f"offset %b : ({act}, {vec}, {vec}, {vec}, {vec}) -> {act}\n")
            f.write(f"  %r{i} = nn.relu %n{i} : {act}\n")
            prev = f"%r{i}"
        f.write(f"  return {prev} : {act}\n}}\n")
        if res:
            res.close()
            f.write("{-#\n  dialect_resources: {\n    builtin: {\n")
            with open(res_path) as r:
                shutil.copyfileobj(r, f, 1 << 24)
            f.write("\n    }\n  }\n#-}\n")
            os.remove(res_path)
    return blocks * n * (4 if dtype == "f32" else 2)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("file")
    ap.add_argument("--blocks", type=int, default=4)
    ap.add_argument("--channels", type=int, default=16)
    ap.add_argument("--layout", choices=["nhwc", "nchw"], default="nhwc")
    ap.add_argument("--storage", choices=["dense", "dense_resource"],
                    default="dense")
    ap.add_argument("--dtype", choices=["f32", "f16"], default="f32")
    ap.add_argument("--layer", choices=sorted(LAYERS), default="conv2d")
    args = ap.parse_args()
    generate(args.file, args.blocks, args.channels, args.layout, args.storage,
             args.dtype, args.layer)


if __name__ == "__main__":
    main()
