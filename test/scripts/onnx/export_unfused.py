#!/usr/bin/python3
"""Exports small networks whose batch norms and per-channel affine maps are
written out as elementwise ops to ONNX (torch.onnx), as hand-written
normalization modules, Keras/TensorFlow conversions and constant-folded
exports leave them:

- textbook: `(y - mean) / sqrt(var + eps) * gamma + beta` after a Conv
  (Conv -> Sub -> Div(Sqrt(Add)) -> Mul -> Add); textbook_rev the same with
  the constants first, `beta + gamma * ((y - mean) / sqrt(var + eps))`;
- tf_unfused: TensorFlow's unfused batch norm, `y * s + (beta - mean * s)`
  with `s = gamma * rsqrt(var + eps)` (torch writes rsqrt as Div(1, Sqrt));
  tf_unfused_recip with `s = gamma * reciprocal(sqrt(var + eps))`;
- affine (`y * scale + shift`), affine_rev (`shift + scale * y`), mul_only,
  div_only, add_only, sub_only;
- gemm_unfused: Linear -> Sub(mean) -> Mul(s) -> Add(beta) (Gemm), and
  gemm_textbook, the textbook form after a Gemm;
- matmul_affine, matmul_textbook: a Linear on a 3-D input (MatMul + Add of
  its bias) followed by the per-channel ops;
- control_spatial: Conv -> Add(shift) -> Mul(s) whose s varies over the
  spatial dims ([1, C, H, W]): the Add folds into the Conv, the Mul must
  stay.

The Conv of add_only_c11, sub_only_c11 and mul_only_1c11 has no bias.
Constants are shaped [C] after a Gemm or MatMul and [C, 1, 1] (suffix _c11)
or [1, C, 1, 1] (suffix _1c11) after a Conv. Every form is exported twice:
with torch's exporter constant folding (suffix _cf: `var + eps`, the sqrt
and the products of constants become single initializers) and without it
(suffix _nocf: they stay nodes on initializers and Constant nodes). Random
weights and statistics (variance in [0.5, 1.5)), eval mode; the Conv models
at opset 13, the Gemm models at 11, the MatMul models at 17.

Usage: export_unfused.py OUT_DIR [MODEL ...]   (default: all)
"""
import os
import sys
import warnings

import torch
from torch import nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from export_torchvision import export_named  # noqa: E402

C = 8
EPS = 1e-5


def textbook(y, p):
    return (y - p.mean) / torch.sqrt(p.var + EPS) * p.gamma + p.beta


def textbook_rev(y, p):
    return p.beta + p.gamma * ((y - p.mean) / torch.sqrt(p.var + EPS))


def tf_unfused(y, p):
    s = p.gamma * torch.rsqrt(p.var + EPS)
    return y * s + (p.beta - p.mean * s)


def tf_unfused_recip(y, p):
    s = p.gamma * torch.reciprocal(torch.sqrt(p.var + EPS))
    return y * s + (p.beta - p.mean * s)


def gemm_unfused(y, p):
    return (y - p.mean) * (p.gamma * torch.rsqrt(p.var + EPS)) + p.beta


# name: the elementwise steps after the layer, on the per-channel
# parameters p.mean, p.var, p.gamma, p.beta (p.gamma may be negative).
FORMS = {
    "textbook": textbook,
    "textbook_rev": textbook_rev,
    "tf_unfused": tf_unfused,
    "tf_unfused_recip": tf_unfused_recip,
    "affine": lambda y, p: y * p.gamma + p.beta,
    "affine_rev": lambda y, p: p.beta + p.gamma * y,
    "mul_only": lambda y, p: y * p.gamma,
    "div_only": lambda y, p: y / p.var,
    "add_only": lambda y, p: y + p.beta,
    "sub_only": lambda y, p: y - p.mean,
    "gemm_unfused": gemm_unfused,
}


class Unfused(nn.Module):
    """`layer`, then `form` on per-channel parameters of shape `shape`
    (registered buffers, so that the exporter writes them as initializers);
    with `spatial`, gamma has the layer output's full [1, C, H, W] shape."""

    def __init__(self, layer, form, shape, spatial=None):
        super().__init__()
        self.layer = layer
        self.form = form
        g = torch.Generator().manual_seed(1)
        self.register_buffer("mean", torch.randn(shape, generator=g) * 0.5)
        self.register_buffer("var", torch.rand(shape, generator=g) + 0.5)
        gamma = torch.rand(shape, generator=g) + 0.5
        sign = torch.where(torch.rand(shape, generator=g) < 0.25, -1.0, 1.0)
        self.register_buffer(
            "gamma", gamma * sign if spatial is None
            else torch.rand(spatial, generator=g) + 0.5)
        self.register_buffer("beta", torch.randn(shape, generator=g) * 0.2)

    def forward(self, x):
        return self.form(self.layer(x), self)


class ControlSpatial(Unfused):
    """Conv -> Add(beta [C, 1, 1]) -> Mul(gamma [1, C, H, W])."""

    def forward(self, x):
        return (self.layer(x) + self.beta) * self.gamma


def conv(bias=True):
    return nn.Conv2d(3, C, 3, padding=1, bias=bias)


def linear():
    return nn.Linear(16, C)


CONV_INPUT = [1, 3, 10, 10]
# Models whose Conv has no bias: the steps make one.
NO_BIAS = ("add_only_c11", "sub_only_c11", "mul_only_1c11")
# name: (module, input shape, opset)
BASES = {}
for form in ("textbook", "tf_unfused", "affine", "mul_only", "add_only"):
    for suffix, shape in (("c11", [C, 1, 1]), ("1c11", [1, C, 1, 1])):
        name = f"{form}_{suffix}"
        BASES[name] = (
            lambda form=form, shape=shape, bias=name not in NO_BIAS:
            Unfused(conv(bias), FORMS[form], shape), CONV_INPUT, 13)
for form, suffix in (("textbook_rev", "1c11"), ("tf_unfused_recip", "c11"),
                     ("affine_rev", "c11"), ("div_only", "1c11"),
                     ("sub_only", "c11")):
    shape = [C, 1, 1] if suffix == "c11" else [1, C, 1, 1]
    name = f"{form}_{suffix}"
    BASES[name] = (
        lambda form=form, shape=shape, bias=name not in NO_BIAS:
        Unfused(conv(bias), FORMS[form], shape), CONV_INPUT, 13)
BASES["gemm_unfused"] = (lambda: Unfused(linear(), gemm_unfused, [C]),
                         [2, 16], 11)
BASES["gemm_textbook"] = (lambda: Unfused(linear(), textbook, [C]),
                          [2, 16], 11)
BASES["matmul_affine"] = (lambda: Unfused(linear(), FORMS["affine"], [C]),
                          [2, 5, 16], 17)
BASES["matmul_textbook"] = (lambda: Unfused(linear(), textbook, [C]),
                            [2, 5, 16], 17)
BASES["control_spatial"] = (
    lambda: ControlSpatial(conv(), None, [C, 1, 1], spatial=[1, C, 10, 10]),
    CONV_INPUT, 13)

MODELS = {f"{base}_{cf}": (base, cf == "cf")
          for base in BASES for cf in ("cf", "nocf")}


def export(name, out_dir):
    base, constant_folding = MODELS[name]
    make, shape, opset = BASES[base]
    torch.manual_seed(0)
    model = make().eval()
    x = torch.randn(shape, generator=torch.Generator().manual_seed(2))
    path = os.path.join(out_dir, name + ".onnx")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(model, x, path, opset_version=opset,
                          do_constant_folding=constant_folding,
                          input_names=["input"], output_names=["output"])
    print(path)


def main():
    export_named("export_unfused.py", MODELS, MODELS, export)


if __name__ == "__main__":
    main()
