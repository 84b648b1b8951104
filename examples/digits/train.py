#!/usr/bin/env python3
"""Builds the digits example: a small CNN trained on the handwritten digits
dataset that ships with scikit-learn (1797 8x8 grey images, 10 classes; the
dataset file is part of Debian's python3-sklearn), exported to ONNX.

  train.py OUT_DIR

Splits the images (fixed seed) into 1297 for training, 100 for calibration
and 400 for evaluation; pixel values are scaled to [0, 1]. Writes
model.onnx, calibration.npy, eval.npy and eval-labels.npy (int64).
Deterministic; needs python3-torch and python3-sklearn only to rebuild the
committed files.
"""

import sys
from pathlib import Path

import numpy as np
import torch
from sklearn.datasets import load_digits
from torch import nn


class Net(nn.Module):
    """conv-BN-ReLU x2, max pool, depthwise conv-BN-ReLU6, 1x1 conv-ReLU,
    fully connected: the layer kinds qmlir fuses into integer ops."""

    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(1, 16, 3, padding=1), nn.BatchNorm2d(16), nn.ReLU(),
            nn.Conv2d(16, 32, 3, padding=1), nn.BatchNorm2d(32), nn.ReLU(),
            nn.MaxPool2d(2),
            nn.Conv2d(32, 32, 3, padding=1, groups=32), nn.BatchNorm2d(32),
            nn.ReLU6(),
            nn.Conv2d(32, 32, 1), nn.ReLU(),
        )
        self.classifier = nn.Linear(32 * 4 * 4, 10)

    def forward(self, x):
        return self.classifier(torch.flatten(self.features(x), 1))


def main():
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    digits = load_digits()
    images = (digits.images / 16.0).astype(np.float32)[:, None, :, :]
    labels = digits.target.astype(np.int64)
    order = np.random.RandomState(0).permutation(len(labels))
    train, calib, evaluation = order[:1297], order[1297:1397], order[1397:]

    torch.manual_seed(0)
    net = Net()
    optimizer = torch.optim.Adam(net.parameters(), lr=3e-3)
    x, y = torch.from_numpy(images[train]), torch.from_numpy(labels[train])
    for epoch in range(40):
        net.train()
        perm = torch.randperm(len(x))
        for start in range(0, len(x), 64):
            batch = perm[start:start + 64]
            optimizer.zero_grad()
            loss = nn.functional.cross_entropy(net(x[batch]), y[batch])
            loss.backward()
            optimizer.step()
    net.eval()
    eval_x, eval_y = images[evaluation], labels[evaluation]
    with torch.no_grad():
        accuracy = (net(torch.from_numpy(eval_x)).argmax(1).numpy() == eval_y).mean()
    print("fp32 top-1 on the %d evaluation images: %.2f%%" % (len(eval_y), 100 * accuracy))
    torch.onnx.export(net, torch.from_numpy(eval_x[:1]), str(out / "model.onnx"),
                      input_names=["image"], output_names=["logits"], opset_version=13)
    np.save(out / "calibration.npy", images[calib])
    np.save(out / "eval.npy", eval_x)
    np.save(out / "eval-labels.npy", eval_y)


if __name__ == "__main__":
    main()
