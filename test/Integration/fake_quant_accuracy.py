#!/usr/bin/env python3
"""Simulated int8 accuracy of the shipped example (examples/shapes): import,
calibrate on its calibration images, then for every range method x
activation scheme (u8, s8) x weight granularity (per-channel, per-tensor)
quantize (qnt-quantize, qnt-propagate-scales: shared parameters, int32
biases), run the annotated graph with quantization simulated
exactly (convert-qnt-to-linalg) and compare top-1 on the evaluation images
with the float model's.

  fake_quant_accuracy.py EXAMPLE_DIR WORK_DIR

Requires: every configuration within 0.5 points of fp32 top-1 and agreeing
with fp32 on >= 99% of the images, except the known ones below (reported as
such; one that comes within the bounds is reported too, so the entry can
go). Prints the table. Tools come from PATH.
"""

import subprocess
import sys
from pathlib import Path

import numpy as np

METHODS = ["minmax", "avg-minmax", "percentile", "entropy", "mse"]
SCHEMES = [("u8", "per-channel"), ("u8", "per-tensor"), ("s8", "per-channel"), ("s8", "per-tensor")]
# Configurations known to fall outside the bounds, with the reason.
KNOWN = {}

PREPARE = ("func.func(convert-onnx-to-tosa),canonicalize,func.func(tosa-reduce-transposes),"
           "func.func(tosa-layerwise-constant-fold),canonicalize,func.func(qnt-fold-batchnorm),canonicalize,"
           "func.func(qnt-insert-calibration)")


def run(*cmd):
    result = subprocess.run(list(cmd), capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit("%s failed:\n%s" % (" ".join(cmd), result.stderr))


def predictions(model, data, out):
    run("qmlir-run", str(model), "--input", str(data), "--output-dir", str(out))
    return np.load(out / "logits.npy").argmax(axis=1)


def main():
    example, work = Path(sys.argv[1]), Path(sys.argv[2])
    work.mkdir(parents=True, exist_ok=True)
    labels = np.load(example / "eval-labels.npy")
    model = work / "model.mlir"
    run("qmlir-translate", "--import-onnx", str(example / "model.onnx"), "-o", str(model))
    fp32 = predictions(model, example / "eval.npy", work / "fp32")
    fp32_top1 = 100.0 * np.mean(fp32 == labels)
    stats = work / "stats.json"
    run("qmlir-run", "--calibrate", str(model), "--input", str(example / "calibration.npy"),
        "--stats", str(stats))

    print("fp32 top-1: %.2f%% (%d images)" % (fp32_top1, len(labels)))
    print("%-11s %-4s %-12s %8s %8s %10s" % ("method", "act", "weights", "top-1", "delta", "agreement"))
    ok = True
    for method in METHODS:
        for activations, weights in SCHEMES:
            name = "%s-%s-%s" % (method, activations, weights)
            quantized = work / (name + ".mlir")
            run("qmlir-opt", str(model), "-o", str(quantized), "--pass-pipeline=builtin.module(%s,"
                "qnt-quantize{stats=%s method=%s activations=%s weights=%s},"
                "func.func(qnt-propagate-scales))"
                % (PREPARE, stats, method, activations, weights))
            got = predictions(quantized, example / "eval.npy", work / name)
            top1 = 100.0 * np.mean(got == labels)
            agreement = 100.0 * np.mean(got == fp32)
            good = abs(top1 - fp32_top1) <= 0.5 and agreement >= 99.0
            known = KNOWN.get(method)
            if good:
                note = "  (known entry can go: within the bounds)" if known else ""
            elif known:
                note = "  known: " + known
            else:
                note = "  <-- outside the bounds"
                ok = False
            print("%-11s %-4s %-12s %7.2f%% %+7.2f %9.2f%%%s"
                  % (method, activations, weights, top1, top1 - fp32_top1, agreement, note))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
