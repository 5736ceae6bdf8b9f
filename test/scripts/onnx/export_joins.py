#!/usr/bin/python3
"""Exports small PyTorch networks whose batch norms do not follow a layer of
their own to ONNX (torch.onnx): batch norms on the network input in front of
convolutions and linear layers, after a concat and after an add of layers,
and the blocks of pre-activation networks.

- input_bn_convs_concat_bn: a batch norm on the input feeding two unpadded
  convolutions, whose concat feeds a second batch norm;
- concat2_bn, concat3_bn: the concat of two / three convolutions (one padded,
  one grouped, one bias-free), then a batch norm and a ReLU;
  concat_spatial_bn: the same concat along the height: refused;
- add2_bn: the sum of two convolutions, then a batch norm and a ReLU;
  residual_add_bn: the block input plus a convolution, then a batch norm
  and a ReLU: refused (the input has no layer to scale);
- preact_bn_relu_conv: a pre-activation block, BN -> ReLU -> Conv -> BN ->
  ReLU -> Conv: its first batch norm feeds a ReLU and reads the input, so
  it stays;
- input_bn_padded_conv: a batch norm on the input feeding a padded
  convolution: in ONNX (one pad value for all channels) refused;
  input_bn_padded_conv_no_shift: the same with mean = 0 and beta = 0 (the
  batch norm only scales, so zero padding stays zero): folds;
- input_bn_grouped_conv, input_bn_depthwise_conv: unpadded grouped (2
  groups) and depthwise (channel multiplier 2) convolutions after the input
  batch norm;
- input_bn_linear, input_bn_matmul: BatchNorm1d on a [N, F] input feeding a
  Linear (Gemm) / `x @ W + b` (MatMul, Add);
- densenet_block: a DenseNet stem (Conv-BN-ReLU), two dense layers
  (BN-ReLU-Conv1x1-BN-ReLU-Conv3x3, each concatenating its output to its
  input) and a transition (BN-ReLU-Conv1x1-AvgPool), torchvision's layout;
- resnet_v2_block: a ResNet-v2 (pre-activation) network head: a batch norm
  on the input without affine parameters (MXNet/Gluon's `bn_data`), a padded
  stem Conv, two pre-activation basic blocks (the second one with a strided
  1x1 projection shortcut), the final BN-ReLU, pooling and a Linear.

Every model is exported at opsets 13 and 17 (suffix _op13, _op17), eval
mode, BatchNormalization nodes kept (TrainingMode.PRESERVE, no constant
folding). Batch norms get random statistics and affine parameters: mean
N(0, 0.5), variance in [0.5, 1.5), |gamma| in [0.5, 1.5) with a quarter of
the channels negative, beta N(0, 0.2) (a batch norm without affine
parameters keeps gamma = 1, beta = 0). `build(base)` returns the module for
run_joins.py, which folds it with PyTorch's own tools too.

Usage: export_joins.py OUT_DIR [MODEL ...]   (default: all)
"""
import os
import sys
import warnings

import torch
from torch import nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from export_torchvision import export_named  # noqa: E402


def randomize_batch_norms(model, generator):
    """Random running statistics and affine parameters (see the top)."""
    with torch.no_grad():
        for m in model.modules():
            if not isinstance(m, nn.modules.batchnorm._BatchNorm):
                continue
            n = m.num_features
            m.running_mean.copy_(torch.randn(n, generator=generator) * 0.5)
            m.running_var.copy_(torch.rand(n, generator=generator) + 0.5)
            if m.affine:
                sign = torch.where(torch.rand(n, generator=generator) < 0.25,
                                   -1.0, 1.0)
                m.weight.copy_((torch.rand(n, generator=generator) + 0.5) * sign)
                m.bias.copy_(torch.randn(n, generator=generator) * 0.2)


class InputBnConvsConcatBn(nn.Module):
    def __init__(self):
        super().__init__()
        self.bn_in = nn.BatchNorm2d(3)
        self.conv_a = nn.Conv2d(3, 8, 3)
        self.conv_b = nn.Conv2d(3, 4, 3, bias=False)
        self.bn_out = nn.BatchNorm2d(12)

    def forward(self, x):
        x = self.bn_in(x)
        return self.bn_out(torch.cat([self.conv_a(x), self.conv_b(x)], 1))


class ConcatBn(nn.Module):
    """`convs` side by side on the input, concatenated along `dim`, then a
    batch norm over the channels and a ReLU."""

    def __init__(self, convs, dim=1):
        super().__init__()
        self.convs = nn.ModuleList(convs)
        self.dim = dim
        channels = sum(c.out_channels for c in convs) if dim == 1 \
            else convs[0].out_channels
        self.bn = nn.BatchNorm2d(channels)

    def forward(self, x):
        return torch.relu(self.bn(torch.cat([c(x) for c in self.convs], self.dim)))


class AddBn(nn.Module):
    """conv_a(x) + conv_b(x) (or x + conv_b(x) with `residual`), then a batch
    norm and a ReLU."""

    def __init__(self, residual=False):
        super().__init__()
        self.residual = residual
        self.conv_a = None if residual else nn.Conv2d(8, 8, 3, padding=1)
        self.conv_b = nn.Conv2d(8, 8, 3, padding=1, bias=False)
        self.bn = nn.BatchNorm2d(8)

    def forward(self, x):
        a = x if self.residual else self.conv_a(x)
        return torch.relu(self.bn(a + self.conv_b(x)))


def bn_relu_conv(cin, cout, kernel, stride=1, padding=0):
    return nn.Sequential(nn.BatchNorm2d(cin), nn.ReLU(),
                         nn.Conv2d(cin, cout, kernel, stride, padding, bias=False))


class InputBnLayer(nn.Module):
    """A batch norm on the input, then `layer`."""

    def __init__(self, bn, layer):
        super().__init__()
        self.bn = bn
        self.layer = layer

    def forward(self, x):
        return self.layer(self.bn(x))


class MatMulLayer(nn.Module):
    """`x @ W + b`: exported as MatMul and Add (a Linear exports as Gemm)."""

    def __init__(self, cin, cout):
        super().__init__()
        self.weight = nn.Parameter(torch.randn(cin, cout) * cin ** -0.5)
        self.bias = nn.Parameter(torch.randn(cout) * 0.1)

    def forward(self, x):
        return x @ self.weight + self.bias


class DenseLayer(nn.Module):
    """torchvision's DenseNet layer: BN-ReLU-Conv1x1-BN-ReLU-Conv3x3 on the
    concat of all earlier features."""

    def __init__(self, cin, growth):
        super().__init__()
        self.bottleneck = bn_relu_conv(cin, 2 * growth, 1)
        self.conv = bn_relu_conv(2 * growth, growth, 3, padding=1)

    def forward(self, features):
        return self.conv(self.bottleneck(torch.cat(features, 1)))


class DenseNetBlock(nn.Module):
    def __init__(self, growth=4):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(3, 8, 3, padding=1, bias=False),
                                  nn.BatchNorm2d(8), nn.ReLU())
        self.layer1 = DenseLayer(8, growth)
        self.layer2 = DenseLayer(8 + growth, growth)
        self.transition = nn.Sequential(bn_relu_conv(8 + 2 * growth, 8, 1),
                                        nn.AvgPool2d(2))

    def forward(self, x):
        features = [self.stem(x)]
        features.append(self.layer1(features))
        features.append(self.layer2(features))
        return self.transition(torch.cat(features, 1))


class PreActBlock(nn.Module):
    """ResNet-v2's basic block: BN-ReLU-Conv3x3-BN-ReLU-Conv3x3 plus the
    shortcut (a strided 1x1 projection of the pre-activation when the shape
    changes)."""

    def __init__(self, cin, cout, stride=1):
        super().__init__()
        self.bn1 = nn.BatchNorm2d(cin)
        self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.conv2 = bn_relu_conv(cout, cout, 3, padding=1)
        self.shortcut = (nn.Conv2d(cin, cout, 1, stride, bias=False)
                         if stride != 1 or cin != cout else None)

    def forward(self, x):
        y = torch.relu(self.bn1(x))
        shortcut = x if self.shortcut is None else self.shortcut(y)
        return self.conv2(self.conv1(y)) + shortcut


class ResNetV2Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.bn_data = nn.BatchNorm2d(3, affine=False)
        self.stem = nn.Conv2d(3, 8, 3, padding=1, bias=False)
        self.block1 = PreActBlock(8, 8)
        self.block2 = PreActBlock(8, 16, stride=2)
        self.bn_final = nn.BatchNorm2d(16)
        self.fc = nn.Linear(16, 10)

    def forward(self, x):
        y = self.block2(self.block1(self.stem(self.bn_data(x))))
        y = torch.relu(self.bn_final(y))
        return self.fc(torch.flatten(nn.functional.adaptive_avg_pool2d(y, 1), 1))


IMAGE8 = [1, 8, 8, 8]
# base name: (module factory, input shape)
BASES = {
    "input_bn_convs_concat_bn": (InputBnConvsConcatBn, [1, 3, 8, 8]),
    "concat2_bn": (lambda: ConcatBn([nn.Conv2d(8, 8, 3, padding=1),
                                     nn.Conv2d(8, 4, 1, bias=False)]), IMAGE8),
    "concat3_bn": (lambda: ConcatBn([nn.Conv2d(8, 4, 1),
                                     nn.Conv2d(8, 6, 3, padding=1, groups=2),
                                     nn.Conv2d(8, 2, 5, padding=2, bias=False)]),
                   IMAGE8),
    "concat_spatial_bn": (lambda: ConcatBn([nn.Conv2d(8, 8, 3, padding=1),
                                            nn.Conv2d(8, 8, 1)], dim=2), IMAGE8),
    "add2_bn": (AddBn, IMAGE8),
    "residual_add_bn": (lambda: AddBn(residual=True), IMAGE8),
    "preact_bn_relu_conv": (lambda: nn.Sequential(
        bn_relu_conv(8, 8, 3, padding=1), bn_relu_conv(8, 8, 3, padding=1)),
        IMAGE8),
    "input_bn_padded_conv": (lambda: InputBnLayer(
        nn.BatchNorm2d(8), nn.Conv2d(8, 8, 3, padding=1)), IMAGE8),
    "input_bn_padded_conv_no_shift": (lambda: InputBnLayer(
        nn.BatchNorm2d(8), nn.Conv2d(8, 8, 3, padding=1)), IMAGE8),
    "input_bn_grouped_conv": (lambda: InputBnLayer(
        nn.BatchNorm2d(8), nn.Conv2d(8, 12, 3, groups=2)), IMAGE8),
    "input_bn_depthwise_conv": (lambda: InputBnLayer(
        nn.BatchNorm2d(8), nn.Conv2d(8, 16, 3, groups=8)), IMAGE8),
    "input_bn_linear": (lambda: InputBnLayer(nn.BatchNorm1d(16),
                                             nn.Linear(16, 10)), [2, 16]),
    "input_bn_matmul": (lambda: InputBnLayer(nn.BatchNorm1d(16),
                                             MatMulLayer(16, 10)), [2, 16]),
    "densenet_block": (DenseNetBlock, [1, 3, 8, 8]),
    "resnet_v2_block": (ResNetV2Block, [1, 3, 8, 8]),
}
# Models whose batch norm gets mean = 0 and beta = 0: it only scales.
NO_SHIFT = ("input_bn_padded_conv_no_shift",)
OPSETS = (13, 17)
MODELS = {f"{base}_op{opset}": (base, opset) for base in BASES for opset in OPSETS}


def build(base):
    """The eval-mode module of BASES[base] with its random weights and batch
    norm parameters, and its input; the same every call."""
    make, shape = BASES[base]
    torch.manual_seed(0)
    model = make()
    generator = torch.Generator().manual_seed(1)
    randomize_batch_norms(model, generator)
    if base in NO_SHIFT:
        with torch.no_grad():
            model.bn.running_mean.zero_()
            model.bn.bias.zero_()
    return model.eval(), torch.randn(shape, generator=generator)


def export_model(model, x, path, opset, training=torch.onnx.TrainingMode.PRESERVE,
                 constant_folding=False):
    """Exports `model` to `path`; by default with its batch norms kept (in
    eval mode torch.onnx folds a Conv's batch norm into it)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(model, x, path, opset_version=opset, training=training,
                          do_constant_folding=constant_folding,
                          input_names=["input"], output_names=["output"])


def export(name, out_dir):
    """Exports MODELS[name] to OUT_DIR/NAME.onnx; returns the path."""
    base, opset = MODELS[name]
    model, x = build(base)
    path = os.path.join(out_dir, name + ".onnx")
    export_model(model, x, path, opset)
    return path


def main():
    export_named("export_joins.py", MODELS, MODELS,
                 lambda name, out_dir: print(export(name, out_dir)))


if __name__ == "__main__":
    main()
