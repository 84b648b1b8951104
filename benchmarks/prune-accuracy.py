#!/usr/bin/env python3
"""Accuracy against sparsity for the shipped digits example, no fine-tuning.

  prune-accuracy.py --tools build/bin [--work DIR] [--svg docs/pruning-accuracy.svg]

For each mode at 25, 50 and 75% (N:M: 3:4, 2:4, 1:4), qmlir-quantize
--prune prunes the float model (channel+refit: with --prune-reconstruct, the
layers reading pruned channels refitted by least squares on the calibration
data), calibrates and quantizes it, and evaluates
fp32, pruned fp32 and int8 on examples/digits' 400 evaluation images. Prints
a Markdown table (top-1 of the pruned fp32 and int8 models, non-zero weights,
MACs, zstd-compressed int8 weights) and writes an SVG chart of top-1 against
sparsity, one line per mode for the int8 model and a dashed one for pruned
fp32. The chart is drawn here (no plotting library needed).
"""

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DIGITS = ROOT / "examples" / "digits"
SPARSITIES = [0.25, 0.5, 0.75]
MODES = [("channel", lambda s: "channel:%g" % s, "#1f77b4"),
         ("channel+refit", lambda s: "channel:%g+refit" % s, "#9467bd"),
         ("magnitude", lambda s: "magnitude:%g" % s, "#d62728"),
         ("nm", lambda s: "nm:%d:4" % round(4 * (1 - s)), "#2ca02c")]


def quantize(tools, work, spec):
    """spec: a --prune value, "+refit" appended for --prune-reconstruct."""
    refit = spec.endswith("+refit")
    spec = spec[:-len("+refit")] if refit else spec
    name = spec.replace(":", "-") + ("-refit" if refit else "")
    report = work / (name + ".json")
    cmd = [str(Path(tools) / "qmlir-quantize"), str(DIGITS / "model.onnx"),
           "--calibration-data", str(DIGITS / "calibration.npy"),
           "-o", str(work / (name + ".mlir")), "--eval-data", str(DIGITS / "eval.npy"),
           "--eval-labels", str(DIGITS / "eval-labels.npy"), "--report", str(report),
           "--prune=" + spec] + (["--prune-reconstruct"] if refit else [])
    run = subprocess.run(cmd, capture_output=True, text=True)
    if run.returncode != 0:
        sys.exit("qmlir-quantize failed:\n" + run.stderr)
    return json.load(open(report))


def svg_chart(series, baseline):
    """Top-1 (%) against sparsity (%): series = [(label, color, dashed, [(x, y)])]."""
    w, h, left, right, top, bottom = 600, 360, 60, 190, 30, 50
    pw, ph = w - left - right, h - top - bottom

    def px(x):
        return left + pw * x / 75.0

    def py(y):
        return top + ph * (1 - y / 100.0)

    out = ['<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" '
           'font-family="sans-serif" font-size="12">' % (w, h),
           '<rect width="100%" height="100%" fill="white"/>',
           '<text x="%d" y="18" font-size="14">digits: top-1 after pruning '
           '(no fine-tuning)</text>' % left]
    for y in range(0, 101, 20):
        out.append('<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" stroke="#ddd"/>'
                   % (left, py(y), left + pw, py(y)))
        out.append('<text x="%d" y="%.1f" text-anchor="end">%d%%</text>' % (left - 6, py(y) + 4, y))
    for x in (0, 25, 50, 75):
        out.append('<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="#ddd"/>'
                   % (px(x), top, px(x), top + ph))
        out.append('<text x="%.1f" y="%d" text-anchor="middle">%d%%</text>' % (px(x), top + ph + 16, x))
    out.append('<text x="%.1f" y="%d" text-anchor="middle">sparsity (weights or channels '
               'removed per layer)</text>' % (left + pw / 2, h - 10))
    out.append('<rect x="%d" y="%d" width="%d" height="%d" fill="none" stroke="black"/>'
               % (left, top, pw, ph))
    for i, (label, color, dashed, points) in enumerate(series):
        points = [(0, baseline)] + points
        path = " ".join("%.1f,%.1f" % (px(x), py(y)) for x, y in points)
        dash = ' stroke-dasharray="5,4"' if dashed else ""
        out.append('<polyline points="%s" fill="none" stroke="%s" stroke-width="2"%s/>'
                   % (path, color, dash))
        for x, y in points:
            out.append('<circle cx="%.1f" cy="%.1f" r="3" fill="%s"/>' % (px(x), py(y), color))
        ly = top + 12 + 18 * i
        out.append('<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="%s" stroke-width="2"%s/>'
                   % (left + pw + 10, ly, left + pw + 34, ly, color, dash))
        out.append('<text x="%d" y="%d">%s</text>' % (left + pw + 40, ly + 4, label))
    out.append("</svg>")
    return "\n".join(out) + "\n"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--tools", required=True)
    parser.add_argument("--work")
    parser.add_argument("--svg")
    args = parser.parse_args()
    work = Path(args.work or tempfile.mkdtemp(prefix="qmlir-prune-acc-"))
    work.mkdir(parents=True, exist_ok=True)

    # Sparsity 0: the same path with nothing removed (for the totals).
    base = quantize(args.tools, work, "magnitude:0")
    baseline = base["evaluation"]["top1_percent"]["fp32"]
    print("| mode | sparsity | pruned fp32 top-1 | int8 top-1 | non-zero weights | MACs "
          "| int8 weights, zstd (bytes) |")
    print("|---|---|---|---|---|---|---|")
    print("| none | 0%% | %.2f%% | %.2f%% | %d | %d | %d |" % (
        baseline, base["evaluation"]["top1_percent"]["int8"],
        base["prune"]["total"]["nonzero"][0], base["prune"]["total"]["macs"][0],
        base["weights_zstd_bytes"]["int8"]))
    series = []
    for mode, spec_of, color in MODES:
        fp32_points, int8_points = [], []
        for s in SPARSITIES:
            spec = spec_of(s)
            r = quantize(args.tools, work, spec)
            top1 = r["evaluation"]["top1_percent"]
            total = r["prune"]["total"]
            fp32_points.append((100 * s, top1["pruned_fp32"]))
            int8_points.append((100 * s, top1["int8"]))
            print("| %s | %s | %.2f%% | %.2f%% | %d | %d | %d |" % (
                mode, spec.split(":", 1)[1] if mode == "nm" else "%d%%" % (100 * s),
                top1["pruned_fp32"], top1["int8"], total["nonzero"][1], total["macs"][1],
                r["weights_zstd_bytes"]["int8"]))
        series.append((mode + " int8", color, False, int8_points))
        series.append((mode + " fp32", color, True, fp32_points))
    if args.svg:
        Path(args.svg).write_text(svg_chart(series, baseline))
        print("wrote", args.svg)


if __name__ == "__main__":
    main()
