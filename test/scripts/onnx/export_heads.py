#!/usr/bin/python3
"""Exports small real heads and necks with batch norms to ONNX (torch.onnx).

The models the folding must handle beyond whole classifiers: a
re-identification BNNeck (its BatchNorm1d after GlobalAveragePool ->
Flatten has no layer to fold into), classifier heads with BatchNorm1d, a
model with several outputs, a squeeze-and-excitation neck, a Conv1d head
(carried by the importer), and the BNNeck and a pooled classifier exported
with a dynamic batch and `x.view(x.size(0), -1)` (a shape computed in the
graph). Random weights and
batch-norm statistics (export_torchvision.randomize_batch_norms), eval mode,
BatchNormalization nodes kept (TrainingMode.PRESERVE, no constant folding),
opset 13. Deterministic: the files under test/Target/ONNX/Inputs/heads are
this script's output (`export_heads.py test/Target/ONNX/Inputs/heads`), so
CI needs neither torch nor time to export them.

Usage: export_heads.py [--opset N] OUT_DIR [MODEL ...]   (default: all,
opset 13; Debian's torch exports up to opset 17)
"""
import os
import sys
import warnings

import torch
from torch import nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from export_torchvision import randomize_batch_norms  # noqa: E402


def conv_bn_relu(cin, cout, stride=1):
    return nn.Sequential(nn.Conv2d(cin, cout, 3, stride, 1, bias=False),
                         nn.BatchNorm2d(cout), nn.ReLU())


class BNNeck(nn.Module):
    """A re-identification head: backbone features, global pooling, a
    BatchNorm1d bottleneck (without shift) and a bias-free classifier."""

    def __init__(self, view=False):
        super().__init__()
        self.view = view
        self.backbone = nn.Sequential(conv_bn_relu(3, 16), conv_bn_relu(16, 32, 2))
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.bottleneck = nn.BatchNorm1d(32)
        self.bottleneck.bias.requires_grad_(False)
        self.classifier = nn.Linear(32, 10, bias=False)

    def forward(self, x):
        f = self.pool(self.backbone(x))
        f = f.view(f.size(0), -1) if self.view else torch.flatten(f, 1)
        return self.classifier(self.bottleneck(f))


class PooledClassifier(nn.Module):
    """Conv-BN-ReLU, global pooling, `x.view(x.size(0), -1)` (exported with
    a dynamic batch: a shape computed in the graph), then a classifier head
    whose BatchNorm1d follows a Linear and folds into it."""

    def __init__(self):
        super().__init__()
        self.trunk = conv_bn_relu(3, 8)
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.head = nn.Sequential(nn.Linear(8, 16), nn.BatchNorm1d(16),
                                  nn.ReLU(), nn.Linear(16, 4))

    def forward(self, x):
        f = self.pool(self.trunk(x))
        return self.head(f.view(f.size(0), -1))


class ClassifierHead(nn.Module):
    """Linear -> BatchNorm1d -> ReLU -> Dropout -> Linear -> BatchNorm1d."""

    def __init__(self):
        super().__init__()
        self.head = nn.Sequential(nn.Linear(64, 32), nn.BatchNorm1d(32),
                                  nn.ReLU(), nn.Dropout(0.2), nn.Linear(32, 10),
                                  nn.BatchNorm1d(10))

    def forward(self, x):
        return self.head(x)


class MultiOutput(nn.Module):
    """A shared trunk with a dense head (Conv 1x1 -> BatchNorm2d -> Sigmoid)
    and an embedding head (pool -> Linear -> BatchNorm1d)."""

    def __init__(self):
        super().__init__()
        self.trunk = conv_bn_relu(3, 16)
        self.dense = nn.Sequential(nn.Conv2d(16, 4, 1), nn.BatchNorm2d(4),
                                   nn.Sigmoid())
        self.embed = nn.Sequential(nn.AdaptiveAvgPool2d(1), nn.Flatten(),
                                   nn.Linear(16, 8), nn.BatchNorm1d(8))

    def forward(self, x):
        t = self.trunk(x)
        return self.dense(t), self.embed(t)


class SENeck(nn.Module):
    """Conv-BN-ReLU, squeeze-and-excitation, Conv-BN, residual Add, ReLU."""

    def __init__(self):
        super().__init__()
        self.conv1 = conv_bn_relu(8, 8)
        self.squeeze = nn.AdaptiveAvgPool2d(1)
        self.excite = nn.Sequential(nn.Conv2d(8, 2, 1), nn.ReLU(),
                                    nn.Conv2d(2, 8, 1), nn.Sigmoid())
        self.conv2 = nn.Conv2d(8, 8, 3, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(8)

    def forward(self, x):
        y = self.conv1(x)
        y = y * self.excite(self.squeeze(y))
        return torch.relu(self.bn2(self.conv2(y)) + x)


class Conv1dHead(nn.Module):
    """Conv1d -> BatchNorm1d -> ReLU -> pool -> Linear: bnfold imports only
    2-D convolutions, so this batch norm stays, with its reason."""

    def __init__(self):
        super().__init__()
        self.conv = nn.Conv1d(8, 16, 3, padding=1)
        self.bn = nn.BatchNorm1d(16)
        self.fc = nn.Linear(16, 4)

    def forward(self, x):
        y = torch.relu(self.bn(self.conv(x)))
        return self.fc(torch.flatten(nn.functional.adaptive_avg_pool1d(y, 1), 1))


# name: (module, input shape, output names, dynamic batch)
MODELS = {
    "bnneck": (lambda: BNNeck(), [1, 3, 16, 8], ["logits"], False),
    "bnneck_view_dynamic": (lambda: BNNeck(view=True), [2, 3, 16, 8],
                            ["logits"], True),
    "classifier_head": (ClassifierHead, [2, 64], ["logits"], False),
    "pooled_classifier_dynamic": (PooledClassifier, [2, 3, 8, 8], ["logits"],
                                  True),
    "multi_output": (MultiOutput, [1, 3, 8, 8], ["mask", "embedding"], False),
    "se_neck": (SENeck, [1, 8, 6, 6], ["features"], False),
    "conv1d_head": (Conv1dHead, [2, 8, 20], ["logits"], False),
}


def export(name, out_dir, opset=13):
    make, shape, outputs, dynamic = MODELS[name]
    generator = torch.Generator().manual_seed(0)
    torch.manual_seed(0)
    model = make()
    batch = [max(shape[0], 2)] + shape[1:]  # BatchNorm1d needs 2 in training
    randomize_batch_norms(
        model, lambda: torch.randn(batch, generator=generator), generator)
    model.eval()
    x = torch.randn(shape, generator=generator)
    path = os.path.join(out_dir, name + ".onnx")
    axes = None
    if dynamic:
        axes = {"input": {0: "batch"}}
        axes.update({o: {0: "batch"} for o in outputs})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(model, x, path, opset_version=opset,
                          training=torch.onnx.TrainingMode.PRESERVE,
                          do_constant_folding=False, input_names=["input"],
                          output_names=outputs, dynamic_axes=axes)
    print(path)


def main():
    args = sys.argv[1:]
    opset = 13
    if args[:1] == ["--opset"]:
        opset, args = int(args[1]), args[2:]
    out_dir = args[0]
    os.makedirs(out_dir, exist_ok=True)
    for name in args[1:] or list(MODELS):
        export(name, out_dir, opset)


if __name__ == "__main__":
    main()
