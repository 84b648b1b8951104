#!/usr/bin/env python3
"""Writes the inputs of calibration-errors.mlir into DIR:
a dataset with a NaN and an infinity, an empty dataset, a good stats file
(a.json, one id "x") and broken ones derived from it."""

import json
import os
import sys

import numpy as np


def stats(ids):
    tensors = []
    for name in ids:
        counts = [0] * 2048
        counts[0] = 2
        tensors.append({"id": name, "count": 2, "nan": 0, "inf": 0, "min": 1.0, "max": 1.0,
                        "batches": 1, "sum_batch_min": 1.0, "sum_batch_max": 1.0,
                        "histogram": {"origin": 1.0, "width": 2.0 ** -30, "min": 1.0,
                                      "max": 1.0, "counts": counts}})
    return {"format": "qmlir-calibration-stats", "version": 1, "bins": 2048, "tensors": tensors}


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    data = np.ones((3, 4), np.float32)
    data[1, 2] = np.nan
    data[2, 0] = np.inf
    np.save(os.path.join(out, "nonfinite.npy"), data)
    np.save(os.path.join(out, "empty.npy"), np.zeros((0, 4), np.float32))

    def write(name, value):
        with open(os.path.join(out, name), "w") as f:
            f.write(value if isinstance(value, str) else json.dumps(value))

    write("a.json", stats(["x"]))
    write("other-ids.json", stats(["x", "y"]))
    write("corrupt.json", '{"format": "qmlir-calibration-stats", "version": ')
    write("not-stats.json", {"hello": 1})
    bad = stats(["x"])
    bad["version"] = 2
    write("version.json", bad)
    bad = stats(["x"])
    bad["tensors"][0]["count"] = 3
    write("count.json", bad)
    bad = stats(["x"])
    bad["tensors"][0]["histogram"]["width"] = 0.1
    write("grid.json", bad)
    bad = stats(["x"])
    del bad["tensors"][0]["min"]
    write("field.json", bad)
    write("duplicate.json", stats(["x", "x"]))
    # Per-channel sums: counts past "count", and sums without counts.
    bad = stats(["x"])
    bad["tensors"][0]["channel_sums"] = [1.0, 1.0]
    bad["tensors"][0]["channel_counts"] = [2, 1]
    write("channel-counts.json", bad)
    bad = stats(["x"])
    bad["tensors"][0]["channel_sums"] = [2.0]
    write("channel-sums.json", bad)
    good = stats(["x"])
    good["tensors"][0]["channel_sums"] = [1.0, 1.0]
    good["tensors"][0]["channel_counts"] = [1, 1]
    good["tensors"][0]["channel_min"] = [1.0, 1.0]
    good["tensors"][0]["channel_max"] = [1.0, 1.0]
    write("channels.json", good)
    bad = stats(["x"])
    bad["tensors"][0]["zeros"] = 3
    write("zeros.json", bad)
    # Per-channel extremes: one too few, and one outside the tensor's range.
    bad = json.loads(json.dumps(good))
    bad["tensors"][0]["channel_max"] = [1.0]
    write("channel-extremes-size.json", bad)
    bad = json.loads(json.dumps(good))
    bad["tensors"][0]["channel_max"] = [1.0, 2.0]
    write("channel-extremes-range.json", bad)
    # Channel moments: a count that is no (C+1)(C+2)/2, and a non-finite one.
    bad = stats(["x"])
    bad["tensors"][0]["channel_moments"] = [1.0, 2.0, 3.0, 4.0]
    write("moments-size.json", bad)
    bad = stats(["x"])
    bad["tensors"][0]["channel_moments"] = [1.0, "nan", 2.0]
    write("moments-value.json", bad)
    good = stats(["x"])
    good["tensors"][0]["channel_moments"] = [1.0, 1.0, 2.0]
    write("moments.json", good)
    # Found by fuzzing (fuzz/regressions/stats): a bin count that would size
    # histograms of terabytes.
    bad = stats(["x"])
    bad["bins"] = 77777777777772
    write("huge-bins.json", bad)
    bad = stats(["x"])
    bad["bins"] = 4
    bad["tensors"][0]["histogram"]["counts"] = [2, 0, 0, 0]
    write("bins4.json", bad)
    write("plain.mlir", "func.func @main(%x: tensor<1x4xf32>) -> tensor<1x4xf32> {\n"
          "  %0 = tosa.abs %x : (tensor<1x4xf32>) -> tensor<1x4xf32>\n"
          "  return %0 : tensor<1x4xf32>\n}\n")
    # Infinite activations from finite data (1 / 0): the model's fault.
    np.save(os.path.join(out, "zeros.npy"), np.zeros((2, 4), np.float32))
    write("reciprocal.mlir", "func.func @main(%x: tensor<1x4xf32>) -> tensor<1x4xf32> {\n"
          "  %0 = qnt.calibrate %x id \"x\" : tensor<1x4xf32>\n"
          "  %1 = tosa.reciprocal %0 : (tensor<1x4xf32>) -> tensor<1x4xf32>\n"
          "  %2 = qnt.calibrate %1 id \"y\" : tensor<1x4xf32>\n"
          "  return %2 : tensor<1x4xf32>\n}\n")


if __name__ == "__main__":
    main()
