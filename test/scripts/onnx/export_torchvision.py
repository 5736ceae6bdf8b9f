#!/usr/bin/python3
"""Exports torchvision CNN classifiers with batch norms to ONNX: the image
classifiers, and the video classifiers of torchvision.models.video (3-D
convolutions, BatchNorm3d) on a short, small clip.

Random weights (weights=None, nothing is downloaded), eval mode, batch norms
kept as BatchNormalization nodes (TrainingMode.PRESERVE, no constant
folding), and random batch-norm statistics and affine parameters so that
folding them is not a no-op.

Also writes NAME.input.bin (the float32 input used for the export) and
NAME.ref64.bin (the model's output for it, computed in float64).

Usage: export_torchvision.py OUT_DIR [MODEL ...]   (default: all image
       classifiers)
"""
import os
import sys
import warnings

import torch
import torchvision

# torchvision classifiers that contain BatchNorm layers, with input size.
MODELS = {
    "resnet18": 224, "resnet34": 224, "resnet50": 224, "resnet101": 224,
    "resnet152": 224, "resnext50_32x4d": 224, "wide_resnet50_2": 224,
    "mobilenet_v2": 224, "mobilenet_v3_small": 224, "mobilenet_v3_large": 224,
    "mnasnet0_5": 224, "mnasnet1_0": 224,
    "shufflenet_v2_x0_5": 224, "shufflenet_v2_x1_0": 224,
    "efficientnet_b0": 224, "efficientnet_b1": 240,
    "regnet_x_400mf": 224, "regnet_y_400mf": 224,
    "densenet121": 224, "googlenet": 224, "inception_v3": 299,
    "vgg11_bn": 224, "vgg16_bn": 224,
}

# torchvision video classifiers, with the clip (frames, size) they get. Their
# adaptive pooling takes any clip: 8 frames of 32x32 (trained on 16 of
# 112x112) reach the last stage as 1x2x2 (8x56x56 would as 1x4x4, for three
# times the export time), so every batch norm sees several positions.
VIDEO_MODELS = {"r3d_18": (8, 32), "r2plus1d_18": (8, 32), "mc3_18": (8, 32)}


def randomize_batch_norms(model, make_batch, generator):
    """Random gamma/beta, and running statistics measured on one random batch
    (`make_batch()`, called after gamma/beta are drawn) and then perturbed: random enough that folding changes every
    weight, and realistic enough that activations of deep networks do not
    blow up. Also used by export_heads.py."""
    bns = [m for m in model.modules()
           if isinstance(m, torch.nn.modules.batchnorm._BatchNorm)]
    with torch.no_grad():
        for m in bns:
            n = m.num_features
            if m.weight is not None:
                m.weight.copy_(torch.rand(n, generator=generator) + 0.5)
                m.bias.copy_(torch.randn(n, generator=generator) * 0.2)
            m.momentum = 1.0  # running stats := this batch's stats
        # Only the batch norms in training mode: dropout and stochastic depth
        # must behave as at inference, or the statistics do not match.
        model.eval()
        for m in bns:
            m.train()
        model(make_batch())
        for m in bns:
            n = m.num_features
            std = m.running_var.sqrt()
            m.running_mean.add_(torch.randn(n, generator=generator) * 0.1 * std)
            m.running_var.mul_(torch.rand(n, generator=generator) + 0.5)
            # A channel that was (nearly) constant on the batch would divide by
            # ~sqrt(epsilon) and make the network amplify rounding noise.
            floor = 0.05 * m.running_var.mean() + 1e-3
            m.running_var.clamp_(min=float(floor))
            m.momentum = 0.1


def write_onnx(model, x, out_dir, name, output_names=("logits",)):
    """Exports `model` (eval mode) for the input `x` to OUT_DIR/NAME.onnx with
    its batch norms kept (opset 13), and writes NAME.input.bin and
    NAME.ref64.bin beside it. Also used by export_generators.py."""
    path = os.path.join(out_dir, name + ".onnx")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(model, x, path, opset_version=13,
                          training=torch.onnx.TrainingMode.PRESERVE,
                          do_constant_folding=False,
                          input_names=["input"], output_names=list(output_names))
    # The exact answer for this input, computed in float64, so a comparison
    # can tell rounding noise of a badly conditioned random network from a
    # wrong fold (compare.js --input/--reference64).
    with torch.no_grad():
        ref = model.double()(x.double())
    x.numpy().astype("<f4").tofile(os.path.join(out_dir, name + ".input.bin"))
    ref.numpy().astype("<f8").tofile(os.path.join(out_dir, name + ".ref64.bin"))
    print(path)


def export(name, out_dir):
    generator = torch.Generator().manual_seed(0)
    torch.manual_seed(0)
    if name in VIDEO_MODELS:
        frames, size = VIDEO_MODELS[name]
        model = getattr(torchvision.models.video, name)(weights=None)
        shape = [3, frames, size, size]
    else:
        kwargs = {"weights": None}
        if name in ("googlenet", "inception_v3"):
            kwargs["aux_logits"] = False
            kwargs["init_weights"] = True
        model = getattr(torchvision.models, name)(**kwargs)
        shape = [3, MODELS[name], MODELS[name]]
    randomize_batch_norms(
        model, lambda: torch.randn([2] + shape, generator=generator), generator)
    model.eval()
    write_onnx(model, torch.randn([1] + shape, generator=generator), out_dir, name)


def export_named(script, known, default, export_one):
    """The command line of the export scripts: `script OUT_DIR [NAME ...]`
    exports each NAME (default: `default`) with export_one(name, OUT_DIR)."""
    out_dir = sys.argv[1]
    names = sys.argv[2:] or list(default)
    unknown = [n for n in names if n not in known]
    if unknown:
        sys.exit(f"{script}: unknown model {', '.join(unknown)}")
    os.makedirs(out_dir, exist_ok=True)
    for name in names:
        export_one(name, out_dir)


def main():
    export_named("export_torchvision.py", {**MODELS, **VIDEO_MODELS}, MODELS,
                 export)


if __name__ == "__main__":
    main()
