#!/usr/bin/env python3
"""Builds the shipped example: a small CNN that classifies 16x16 images of
line segments by their orientation (10 classes, 18 degrees apart), trained
with PyTorch on generated images and exported to ONNX.

  make_example.py OUT_DIR

Writes model.onnx, calibration.npy (64 images), eval.npy (300 images) and
eval-labels.npy. Deterministic (fixed seeds); needs python3-torch only to
rebuild the committed files.
"""

import math
import sys
from pathlib import Path

import numpy as np
import torch
from torch import nn


def images(count, seed):
    """Line segments through random points near the center, the class giving
    the angle; random length, thickness and noise."""
    rng = np.random.RandomState(seed)
    labels = rng.randint(0, 10, count)
    ys, xs = np.mgrid[0:16, 0:16].astype(np.float32)
    out = np.zeros((count, 1, 16, 16), np.float32)
    for i, label in enumerate(labels):
        angle = math.radians(18.0 * label + rng.uniform(-4, 4))
        cx, cy = 7.5 + rng.uniform(-2, 2), 7.5 + rng.uniform(-2, 2)
        half = rng.uniform(4, 7)
        width = rng.uniform(0.6, 1.3)
        dx, dy = math.cos(angle), math.sin(angle)
        along = (xs - cx) * dx + (ys - cy) * dy
        across = -(xs - cx) * dy + (ys - cy) * dx
        line = np.exp(-(across / width) ** 2) * (np.abs(along) <= half)
        out[i, 0] = line * rng.uniform(0.7, 1.0) + rng.normal(0, 0.08, (16, 16))
    return out, labels.astype(np.int64)


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(1, 8, 3, padding=1), nn.BatchNorm2d(8), nn.ReLU(),
            nn.MaxPool2d(2),
            nn.Conv2d(8, 16, 3, padding=1), nn.BatchNorm2d(16), nn.ReLU(),
            nn.MaxPool2d(2),
            nn.Conv2d(16, 16, 3, padding=1, groups=16), nn.ReLU6(),
        )
        self.classifier = nn.Linear(16 * 4 * 4, 10)

    def forward(self, x):
        return self.classifier(torch.flatten(self.features(x), 1))


def main():
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    torch.manual_seed(0)
    train_x, train_y = images(6000, 1)
    net = Net()
    optimizer = torch.optim.Adam(net.parameters(), lr=3e-3)
    x, y = torch.from_numpy(train_x), torch.from_numpy(train_y)
    for epoch in range(12):
        perm = torch.randperm(len(x))
        for start in range(0, len(x), 100):
            batch = perm[start:start + 100]
            optimizer.zero_grad()
            loss = nn.functional.cross_entropy(net(x[batch]), y[batch])
            loss.backward()
            optimizer.step()
    net.eval()
    eval_x, eval_y = images(300, 2)
    calib_x, _ = images(64, 3)
    with torch.no_grad():
        accuracy = (net(torch.from_numpy(eval_x)).argmax(1).numpy() == eval_y).mean()
    print("fp32 top-1 on the evaluation images: %.1f%%" % (100 * accuracy))
    torch.onnx.export(net, torch.from_numpy(eval_x[:1]), str(out / "model.onnx"),
                      input_names=["image"], output_names=["logits"], opset_version=13)
    np.save(out / "calibration.npy", calib_x)
    np.save(out / "eval.npy", eval_x)
    np.save(out / "eval-labels.npy", eval_y)


if __name__ == "__main__":
    main()
