#!/usr/bin/python3
"""Writes a synthetic conv2d + batch_norm network as MLIR text.

A chain of `conv2d 3x3 (padding 1) + batch_norm (scale, offset) + relu`
blocks on 1 x C x 8 x 8 activations (1 x 8 x 8 x C for nhwc), in either
layout (nhwc/HWIO, nchw/OIHW), with `dense` or `dense_resource` weights,
f32 or f16. Every block's weights differ (equal dense attributes would be
uniqued into one). The output depends only on the arguments.

  conv_bn_chain.py FILE [--blocks N] [--channels C] [--layout nhwc|nchw]
      [--storage dense|dense_resource] [--dtype f32|f16]

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


def generate(path, blocks, channels, layout, storage, dtype="f32"):
    """Writes one network as MLIR text; returns the weight bytes."""
    rng = random.Random(1234)
    n = 9 * channels * channels
    base = [rng.uniform(-0.1, 0.1) for _ in range(n)]
    if dtype == "f16":
        base = to_bytes(base, dtype)
    c = channels
    if layout == "nhwc":
        act = f"tensor<1x{SPATIAL}x{SPATIAL}x{c}x{dtype}>"
        filt = f"tensor<3x3x{c}x{c}x{dtype}>"
    else:
        act = f"tensor<1x{c}x{SPATIAL}x{SPATIAL}x{dtype}>"
        filt = f"tensor<{c}x{c}x3x3x{dtype}>"
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
            f.write(f"  %c{i} = nn.conv2d {layout} {prev}, %w{i} "
                    f"{{padding = array<i64: 1, 1, 1, 1>}} : ({act}, {filt}) -> {act}\n")
            bn_layout = "nchw " if layout == "nchw" else ""
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
    args = ap.parse_args()
    generate(args.file, args.blocks, args.channels, args.layout, args.storage,
             args.dtype)


if __name__ == "__main__":
    main()
