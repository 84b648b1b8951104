#!/usr/bin/env python3
"""Calibration overhead: the throughput of a calibration run (markers on
every quantizable activation, observers with 2048-bin histograms) against
plain float inference of the same model on the same data, side by side.

  calibration-overhead.py --tools BUILD/bin [--model M.onnx|M.mlir
                          --data X.npy] [--rounds 3] [--samples 20]

Without --model, builds torchvision's ResNet-18 (random weights, needs
python3-torch) and a random dataset of --samples images. Runs alternate
(plain, calibrated, plain, ...) so that machine load affects both alike, and
prints the median samples/s of each and their ratio.
"""

import argparse
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent


def samples_per_second(stderr):
    rates = re.findall(r"batches, ([0-9.]+) samples/s", stderr)
    if not rates:
        raise RuntimeError("no throughput in qmlir-run's output:\n" + stderr)
    return float(rates[-1])


def run(cmd):
    result = subprocess.run(cmd, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError("%s failed:\n%s" % (" ".join(cmd), result.stderr))
    return result.stderr


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--tools", required=True, type=Path)
    parser.add_argument("--model", type=Path)
    parser.add_argument("--data", type=Path)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--samples", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        model, data = args.model, args.data
        if model is None:
            sys.path.insert(0, str(HERE.parent / "test" / "Integration"))
            subprocess.run([sys.executable, str(HERE.parent / "test" / "Integration" / "torch_models.py"),
                            "make", "resnet18", str(tmp)], check=True, capture_output=True)
            model = tmp / "resnet18.onnx"
            data = tmp / "data.npy"
            rng = np.random.RandomState(0)
            np.save(data, rng.standard_normal((args.samples, 3, 224, 224)).astype(np.float32))
        if model.suffix == ".onnx":
            mlir = tmp / "model.mlir"
            run([str(args.tools / "qmlir-translate"), "--import-onnx", str(model), "-o", str(mlir)])
            model = mlir
        plain, calibrated = [], []
        for _ in range(args.rounds):
            plain.append(samples_per_second(run(
                [str(args.tools / "qmlir-run"), str(model), "--input", str(data),
                 "--output-dir", str(tmp / "out")])))
            calibrated.append(samples_per_second(run(
                [str(args.tools / "qmlir-run"), "--calibrate", str(model), "--input", str(data),
                 "--stats", str(tmp / "stats.json")])))
        p, c = statistics.median(plain), statistics.median(calibrated)
        ids = len(__import__("json").load(open(tmp / "stats.json"))["tensors"])
        print("model: %s, %d calibration ids, %d rounds" % (args.model or "resnet18 (torchvision)", ids, args.rounds))
        print("plain float inference: %8.2f samples/s  (runs: %s)" % (p, ", ".join("%.2f" % v for v in plain)))
        print("calibration run:       %8.2f samples/s  (runs: %s)" % (c, ", ".join("%.2f" % v for v in calibrated)))
        print("calibration time / inference time: %.2fx" % (p / c))


if __name__ == "__main__":
    main()
