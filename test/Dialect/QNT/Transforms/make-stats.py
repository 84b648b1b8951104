#!/usr/bin/env python3
"""Writes a small stats.json: make-stats.py OUT ID:MIN:MAX:COUNT[@M1,M2,...][!A1,A2,...][#V1,V2,...] ...

Two histogram bins on the canonical grid of each id's extremes (the rule of
include/qmlir/Quant/Calibration.h), the count split between the bins of the
minimum and the maximum. With @M1,M2,...: per-channel sums whose means are
those values, the count split evenly between the channels. With
!A1,A2,...: per-channel extremes [max(MIN, -A), min(MAX, A)] (and zero
sums if no @ is given). With
#V1,V2,...: channel moments, given as they are stored (the upper triangle of
the sums of [x; 1][x; 1]^T). Standard library only."""

import json
import math
import sys

BINS = 2


def ilogb(x):
    return math.frexp(x)[1] - 1


def canonical(lo, hi):
    e = ilogb(max(abs(lo), abs(hi), 2.0 ** -100)) - 30
    if hi > lo:
        e = max(e, ilogb((hi - lo) / BINS) - 1)
    while math.floor(hi / 2.0 ** e) - math.floor(lo / 2.0 ** e) >= BINS:
        e += 1
    width = 2.0 ** e
    return math.floor(lo / width) * width, width


def main():
    tensors = []
    for spec in sys.argv[2:]:
        spec, _, moments = spec.partition("#")
        spec, _, extremes = spec.partition("!")
        spec, _, means = spec.partition("@")
        name, lo, hi, count = spec.rsplit(":", 3)
        lo, hi, count = float(lo), float(hi), int(count)
        origin, width = canonical(lo, hi)
        counts = [0] * BINS
        counts[min(int(math.floor((lo - origin) / width)), BINS - 1)] += count // 2
        counts[min(int(math.floor((hi - origin) / width)), BINS - 1)] += count - count // 2
        tensors.append({"id": name, "count": count, "nan": 0, "inf": 0, "min": lo, "max": hi,
                        "batches": 1, "sum_batch_min": lo, "sum_batch_max": hi,
                        "histogram": {"origin": origin, "width": width, "min": lo, "max": hi,
                                      "counts": counts}})
        if means:
            values = [float(m) for m in means.split(",")]
            per = count // len(values)
            tensors[-1]["channel_sums"] = [m * per for m in values]
            tensors[-1]["channel_counts"] = [per] * len(values)
        if extremes:
            values = [float(a) for a in extremes.split(",")]
            if not means:
                per = count // len(values)
                tensors[-1]["channel_sums"] = [0.0] * len(values)
                tensors[-1]["channel_counts"] = [per] * len(values)
            tensors[-1]["channel_min"] = [max(lo, -a) for a in values]
            tensors[-1]["channel_max"] = [min(hi, a) for a in values]
        if moments:
            tensors[-1]["channel_moments"] = [float(m) for m in moments.split(",")]
    with open(sys.argv[1], "w") as f:
        json.dump({"format": "qmlir-calibration-stats", "version": 1, "bins": BINS,
                   "tensors": tensors}, f)


if __name__ == "__main__":
    main()
