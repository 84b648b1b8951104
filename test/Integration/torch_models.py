#!/usr/bin/env python3
"""Real network structures from torchvision with random weights, exported to
ONNX (opset 13) and compared with PyTorch's own outputs.

  torch_models.py make MODEL DIR    writes DIR/MODEL.onnx, DIR/x.npy, DIR/y.npy
  torch_models.py check MODEL DIR   compares DIR/out/logits.npy with DIR/y.npy

Weights are random (torch.manual_seed(0)); BatchNorm statistics and affine
parameters are randomized too, so that every layer matters (torchvision's
default initialization makes MobileNetV2's logits ~1e-9). Tolerance: ONNX's
rtol 1e-3 relative to the largest logit, plus atol 1e-5; float32 results of
different accumulation orders over ~50 layers differ by about 1e-6 of that.
"""

import sys
from pathlib import Path

import numpy as np


def make(name, directory):
    import torch
    import torchvision
    torch.manual_seed(0)
    model = getattr(torchvision.models, name)(weights=None).eval()
    with torch.no_grad():
        for module in model.modules():
            if isinstance(module, torch.nn.BatchNorm2d):
                module.running_mean.uniform_(-0.1, 0.1)
                module.running_var.uniform_(0.5, 1.5)
                module.weight.uniform_(0.5, 1.5)
                module.bias.uniform_(-0.1, 0.1)
            if isinstance(module, torch.nn.Linear):
                module.weight.normal_(0.0, 0.05)
    x = torch.randn(1, 3, 224, 224)
    with torch.no_grad():
        y = model(x).numpy()
    directory.mkdir(parents=True, exist_ok=True)
    torch.onnx.export(model, x, str(directory / (name + ".onnx")), opset_version=13,
                      input_names=["input"], output_names=["logits"])
    np.save(directory / "x.npy", x.numpy())
    np.save(directory / "y.npy", y)


def make_with_data(name, directory, calibration=8, evaluation=6):
    """make(), plus random calibration and evaluation images for the
    benchmarks; returns (model.onnx, calib.npy, eval.npy)."""
    make(name, directory)
    rng = np.random.RandomState(1)
    np.save(directory / "calib.npy", rng.randn(calibration, 3, 224, 224).astype(np.float32))
    np.save(directory / "eval.npy", rng.randn(evaluation, 3, 224, 224).astype(np.float32))
    return directory / (name + ".onnx"), directory / "calib.npy", directory / "eval.npy"


def benchmark_inputs(name, work):
    """(model, calibration, evaluation, labels or None) for the benchmarks:
    the shipped digits example, or a torchvision network made into
    work/name by make_with_data."""
    if name == "digits":
        d = Path(__file__).resolve().parents[2] / "examples" / "digits"
        return d / "model.onnx", d / "calibration.npy", d / "eval.npy", d / "eval-labels.npy"
    return make_with_data(name, work / name) + (None,)


def check(directory):
    got = np.load(directory / "out" / "logits.npy").astype(np.float64)
    want = np.load(directory / "y.npy").astype(np.float64)
    scale = np.abs(want).max()
    err = np.abs(got - want).max()
    ok = got.shape == want.shape and err <= 1e-3 * scale + 1e-5 and got.argmax() == want.argmax()
    print("logits: %s, max error %.3g (largest logit %.3g), top-1 %s"
          % ("ok" if ok else "MISMATCH", err, scale, "equal" if got.argmax() == want.argmax() else "DIFFERENT"))
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    mode, name, directory = sys.argv[1], sys.argv[2], Path(sys.argv[3])
    make(name, directory) if mode == "make" else check(directory)
