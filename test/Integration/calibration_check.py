#!/usr/bin/env python3
"""Checks calibration statistics against numpy.

  calibration_check.py exact DATA.npy STATS.json
      the model of calibrate.mlir evaluated in numpy float32: every id's
      count, min and max equal, its histogram holds count values
  calibration_check.py split DATA.npy A.npy B.npy
      writes the first 24 and the last 40 samples
  calibration_check.py same WHOLE.json MERGED.json
      count, min, max, batches and histograms equal; the sums of batch
      extremes equal up to the rounding of their order of addition
"""

import json
import sys

import numpy as np


def activations(x):
    x = x.astype(np.float32)
    bias = np.array([0.25, -1.5, 3.0], np.float32)
    halved = x * np.float32(0.5)
    biased = halved + bias
    relu6 = np.clip(biased, np.float32(0), np.float32(6))
    n, h, w, c = relu6.shape
    pooled = relu6.reshape(n, h // 2, 2, w // 2, 2, c).max(axis=(2, 4))
    features = np.concatenate([pooled, pooled], axis=3)
    return {"image": x, "halved": halved, "biased": biased, "relu6": relu6,
            "pooled": pooled, "features": features}


def load(path):
    with open(path) as f:
        stats = json.load(f)
    assert stats["format"] == "qmlir-calibration-stats" and stats["version"] == 1
    return {t["id"]: t for t in stats["tensors"]}


def main():
    mode = sys.argv[1]
    if mode == "split":
        data = np.load(sys.argv[2])
        np.save(sys.argv[3], data[:24])
        np.save(sys.argv[4], data[24:])
        return 0
    if mode == "exact":
        data = np.load(sys.argv[2])
        stats = load(sys.argv[3])
        want = activations(data)
        ok = sorted(stats) == sorted(want)
        if not ok:
            print("ids %s, expected %s" % (sorted(stats), sorted(want)))
        for name, values in want.items():
            s = stats.get(name)
            if s is None:
                continue
            checks = [s["count"] == values.size,
                      s["min"] == float(values.min()),
                      s["max"] == float(values.max()),
                      s["batches"] == data.shape[0],
                      sum(s["histogram"]["counts"]) == values.size,
                      s["nan"] == 0 and s["inf"] == 0]
            print("%-10s count %6d min %-12r max %-12r %s"
                  % (name, s["count"], s["min"], s["max"], "ok" if all(checks) else "MISMATCH"))
            ok = ok and all(checks)
        return 0 if ok else 1
    if mode == "same":
        whole, merged = load(sys.argv[2]), load(sys.argv[3])
        ok = sorted(whole) == sorted(merged)
        for name in whole:
            a, b = whole[name], merged[name]
            checks = [a[k] == b[k] for k in ("count", "min", "max", "batches", "nan", "inf")]
            checks.append(a["histogram"] == b["histogram"])
            checks += [abs(a[k] - b[k]) <= 1e-9 * max(1.0, abs(a[k]))
                       for k in ("sum_batch_min", "sum_batch_max")]
            print("%-10s %s" % (name, "same" if all(checks) else "DIFFERENT"))
            ok = ok and all(checks)
        return 0 if ok else 1
    print("unknown mode " + mode)
    return 2


if __name__ == "__main__":
    sys.exit(main())
