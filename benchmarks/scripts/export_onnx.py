#!/usr/bin/env python3
"""Export the models suite's ONNX peers from torchvision (random weights, seed 0).

torchvision's MobileNetV2, ResNet-50, EfficientNet-B0 and VGG16 are close to, not identical
with, the Keras networks that @foveajs/models builds (e.g. torchvision's ResNet-50 has stride 2 in
the 3x3 conv of each stage's first block, Keras's in the 1x1; its convs carry no bias; EfficientNet
has no Rescaling/Normalization layers), and they take NCHW input where tfjs takes NHWC. LeNet-5
is written out here layer for layer as @foveajs/models builds it (32x32x1, ReLU, average pooling).

Weights are random: latency does not depend on them. The batch axis is dynamic (batch 1 and 8).

Usage: python3 scripts/export_onnx.py [--out-dir onnx] [model ...]
Needs Debian's python3-torch, python3-torchvision and python3-onnx (or the pip packages).
"""
import argparse
import os
import sys

try:
    import torch
    import torchvision
except ImportError as error:
    sys.exit(f'{sys.executable}: {error}. export_onnx.py needs torch and torchvision: install '
             "Debian's python3-torch and python3-torchvision (or the pip packages), or run it with a "
             'Python that has them')

MODELS = ['lenet5', 'mobilenetv2', 'efficientnetb0', 'resnet50', 'vgg16']


class LeNet5(torch.nn.Module):
    def __init__(self):
        super().__init__()
        relu = torch.nn.ReLU()
        self.body = torch.nn.Sequential(
            torch.nn.Conv2d(1, 6, 5), relu, torch.nn.AvgPool2d(2),
            torch.nn.Conv2d(6, 16, 5), relu, torch.nn.AvgPool2d(2),
            torch.nn.Conv2d(16, 120, 5), relu, torch.nn.Flatten(),
            torch.nn.Linear(120, 84), relu, torch.nn.Linear(84, 10))

    def forward(self, x):
        return self.body(x)


def build(name):
    """The network in eval mode and its input size (channels, height, width)."""
    if name == 'lenet5':
        return LeNet5(), (1, 32, 32)
    factory = {
        'mobilenetv2': torchvision.models.mobilenet_v2,
        'efficientnetb0': torchvision.models.efficientnet_b0,
        'resnet50': torchvision.models.resnet50,
        'vgg16': torchvision.models.vgg16,
    }[name]
    return factory(weights=None), (3, 224, 224)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('--out-dir', default=os.path.join(os.path.dirname(__file__), '..', 'onnx'))
    parser.add_argument('models', nargs='*', default=MODELS, choices=MODELS)
    args = parser.parse_args()
    os.makedirs(args.out_dir, exist_ok=True)
    for name in args.models:
        torch.manual_seed(0)
        model, chw = build(name)
        model.eval()
        path = os.path.join(args.out_dir, f'{name}.onnx')
        # Opset 13 runs on every onnxruntime since 1.6. In eval mode the exporter folds BatchNorm
        # into the convs, so onnxruntime gets the folded graph, as tfjs-wasm's fused column does.
        torch.onnx.export(
            model, torch.zeros(1, *chw), path, opset_version=13, do_constant_folding=True,
            input_names=['input'], output_names=['output'],
            dynamic_axes={'input': {0: 'batch'}, 'output': {0: 'batch'}})
        print(f'{path}: {os.path.getsize(path) / 1e6:.1f} MB', file=sys.stderr)


if __name__ == '__main__':
    main()
