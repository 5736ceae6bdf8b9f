#!/usr/bin/python3
"""Exports small real networks with 1-D, 3-D and transposed convolutions
followed by batch norms to ONNX (torch.onnx):

- conv1d_net: a 1-D convolutional classifier, Conv1d + BatchNorm1d + ReLU
  blocks (stride 2, dilation 2, grouped, depthwise with channel multiplier 2,
  one without bias), global average pooling and a Linear layer;
- dcgan_generator: the DCGAN generator, ConvTranspose2d + BatchNorm2d + ReLU
  from a 1x1 latent vector up to a 3x32x32 image, then Tanh;
- unet_decoder: a small U-Net, a Conv2d + BatchNorm2d encoder whose features
  are the skip connection, a ConvTranspose2d (k=2, s=2) up-convolution,
  Concat with the skip, Conv2d + BatchNorm2d + ReLU, and a grouped
  ConvTranspose2d (k=3, s=2, p=1, output_padding=1, groups=2) + BatchNorm2d;
- unet3d_decoder: the same for volumes, ConvTranspose3d + BatchNorm3d, with a
  grouped, dilated ConvTranspose3d with output padding.

Random weights and batch-norm statistics
(export_torchvision.randomize_batch_norms), eval mode, BatchNormalization
nodes kept (TrainingMode.PRESERVE, no constant folding), opset 13; like
export_torchvision.py, also writes NAME.input.bin and NAME.ref64.bin.

Usage: export_generators.py OUT_DIR [MODEL ...]   (default: all)
"""
import os
import sys

import torch
from torch import nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from export_torchvision import (  # noqa: E402
    export_named, randomize_batch_norms, write_onnx)


def block(conv, bn, relu=True):
    return nn.Sequential(conv, bn, nn.ReLU()) if relu else nn.Sequential(conv, bn)


class Conv1dNet(nn.Module):
    """A 1-D convolutional classifier (keyword spotting, ECG, sensor data):
    every kind of Conv1d that folds, each followed by BatchNorm1d."""

    def __init__(self, channels=8, classes=10):
        super().__init__()
        self.features = nn.Sequential(
            block(nn.Conv1d(channels, 16, 5, stride=2, padding=2), nn.BatchNorm1d(16)),
            block(nn.Conv1d(16, 16, 3, padding=2, dilation=2), nn.BatchNorm1d(16)),
            block(nn.Conv1d(16, 32, 3, padding=1, groups=2), nn.BatchNorm1d(32)),
            # Depthwise with channel multiplier 2: output channel 2c + m reads
            # input channel c.
            block(nn.Conv1d(32, 64, 3, padding=1, groups=32),
                  nn.BatchNorm1d(64, eps=1e-3)),
            block(nn.Conv1d(64, 32, 1, bias=False), nn.BatchNorm1d(32)))
        self.pool = nn.AdaptiveAvgPool1d(1)
        self.classifier = nn.Linear(32, classes)

    def forward(self, x):
        return self.classifier(torch.flatten(self.pool(self.features(x)), 1))


class DCGANGenerator(nn.Module):
    """The DCGAN generator (Radford et al.), with nz=16 and ngf=8: a latent
    vector [nz, 1, 1] to a [3, 32, 32] image."""

    def __init__(self, nz=16, ngf=8):
        super().__init__()
        self.main = nn.Sequential(
            block(nn.ConvTranspose2d(nz, ngf * 8, 4, 1, 0, bias=False),
                  nn.BatchNorm2d(ngf * 8)),
            block(nn.ConvTranspose2d(ngf * 8, ngf * 4, 4, 2, 1, bias=False),
                  nn.BatchNorm2d(ngf * 4)),
            block(nn.ConvTranspose2d(ngf * 4, ngf * 2, 4, 2, 1, bias=False),
                  nn.BatchNorm2d(ngf * 2)),
            nn.ConvTranspose2d(ngf * 2, 3, 4, 2, 1, bias=False),
            nn.Tanh())

    def forward(self, z):
        return self.main(z)


class UNetDecoder(nn.Module):
    """One U-Net level and an upsampling head, in 2-D (nn.Conv2d, ...) or 3-D
    (nn.Conv3d, ...). The encoder's Conv-BN-ReLU output is the skip
    connection; the decoder up-convolves (k=2, s=2, with bias) and
    batch-normalizes, concatenates the skip, convolves, and upsamples once
    more with a grouped transposed convolution (k=3, s=2, p=1,
    output_padding=1; in 3-D also dilated) before a 1x1 head."""

    def __init__(self, dims, channels, dilation=1):
        super().__init__()
        conv = getattr(nn, f"Conv{dims}d")
        convt = getattr(nn, f"ConvTranspose{dims}d")
        bn = getattr(nn, f"BatchNorm{dims}d")
        c = 2 * channels
        self.skip = block(conv(channels, c, 3, padding=1), bn(c))
        self.down = block(conv(c, 2 * c, 3, stride=2, padding=1, bias=False), bn(2 * c))
        self.up = block(convt(2 * c, c, 2, stride=2), bn(c))
        self.fuse = block(conv(2 * c, c, 3, padding=1, bias=False), bn(c))
        # Output size: (n - 1) * 2 - 2 * p + d * (3 - 1) + 1 + 1 = 2n.
        self.upsample = block(convt(c, channels, 3, stride=2, padding=dilation,
                                    output_padding=1, groups=2, dilation=dilation),
                              bn(channels))
        self.head = conv(channels, 2, 1)

    def forward(self, x):
        skip = self.skip(x)
        y = self.up(self.down(skip))
        y = self.fuse(torch.cat([y, skip], 1))
        return self.head(self.upsample(y))


# name: (module, input shape)
MODELS = {
    "conv1d_net": (Conv1dNet, [1, 8, 64]),
    "dcgan_generator": (DCGANGenerator, [1, 16, 1, 1]),
    "unet_decoder": (lambda: UNetDecoder(2, 4), [1, 4, 16, 16]),
    "unet3d_decoder": (lambda: UNetDecoder(3, 4, dilation=2), [1, 4, 4, 8, 8]),
}


def export(name, out_dir):
    make, shape = MODELS[name]
    generator = torch.Generator().manual_seed(0)
    torch.manual_seed(0)
    model = make()
    batch = [2] + shape[1:]  # batch statistics over more than one position
    randomize_batch_norms(
        model, lambda: torch.randn(batch, generator=generator), generator)
    model.eval()
    write_onnx(model, torch.randn(shape, generator=generator), out_dir, name,
               output_names=["output"])


def main():
    export_named("export_generators.py", MODELS, MODELS, export)


if __name__ == "__main__":
    main()
