#!/usr/bin/env python3
"""Quantization schemes side by side: accuracy or SQNR, weight size, latency.

  precision-schemes.py --tools build/bin [--work DIR] [--models digits,resnet18]
                       [--auto min-sqnr:44]

For each model, qmlir-quantize runs once per scheme — int8 (u8 activations,
s8 per-channel weights), 16x8 (s16 activations), int8 with 4-bit weights,
16x8 with 4-bit weights, dynamic quantization (inputs of convolutions and
matmuls quantized at run time), weight-only with 8- and 4-bit weights (float
activations), and automatic mixed precision for a budget
(--auto-precision, 16-bit activations or float around the layers that need
them) — and its --report gives top-1 (with labels) or output SQNR against
fp32, the bytes of the weights (raw and zstd-compressed) and the latency per
sample of fp32 and the quantized model, measured side by side in the same
process. Models: the shipped digits example, and torchvision networks with
random weights (Debian's python3-torch; 8 calibration and 6 evaluation
images). Run pinned to one core:

  taskset -c 1 benchmarks/precision-schemes.py --tools build/bin
"""

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path


ROOT = Path(__file__).resolve().parent.parent
# The inputs (the digits example or a torchvision network) are shared with
# the tests.
sys.path.insert(0, str(ROOT / "test" / "Integration"))
from torch_models import benchmark_inputs  # noqa: E402
SCHEMES = [("int8", []), ("16x8", ["--scheme", "s16-per-channel"]),
           ("int8 w4", ["--weight-bits", "4"]),
           ("16x8 w4", ["--scheme", "s16-per-channel", "--weight-bits", "4"]),
           ("dynamic", ["--mode", "dynamic"]),
           ("weight-only w8", ["--mode", "weight-only"]),
           ("weight-only w4", ["--mode", "weight-only", "--weight-bits", "4"])]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--tools", required=True)
    parser.add_argument("--work")
    parser.add_argument("--models", default="digits,resnet18")
    parser.add_argument("--auto", default="min-sqnr:44",
                        help="the --auto-precision budget, or none")
    args = parser.parse_args()
    work = Path(args.work or tempfile.mkdtemp(prefix="qmlir-schemes-"))
    work.mkdir(parents=True, exist_ok=True)
    tool = str(Path(args.tools) / "qmlir-quantize")
    print("| model | scheme | top-1 (fp32) | SQNR dB | weights bytes | zstd bytes "
          "| fp32 ms | quantized ms | quantized / fp32 |")
    print("|---|---|---|---|---|---|---|---|---|")
    for name in args.models.split(","):
        model, calib, data, labels = benchmark_inputs(name, work)
        auto = [] if args.auto == "none" else [("auto " + args.auto,
                                                 ["--auto-precision=" + args.auto])]
        for scheme, flags in SCHEMES + auto:
            report = work / ("%s-%s.json" % (name, scheme.replace(" ", "-").replace(":", "-")))
            cmd = [tool, str(model), "--calibration-data", str(calib), "-o",
                   str(work / (name + ".mlir")), "--eval-data", str(data), "--report", str(report)]
            if labels:
                cmd += ["--eval-labels", str(labels)]
            run = subprocess.run(cmd + flags, capture_output=True, text=True)
            if run.returncode != 0:
                sys.exit("qmlir-quantize failed for %s %s:\n%s" % (name, scheme, run.stderr[-3000:]))
            r = json.load(open(report))
            e = r["evaluation"]
            top1 = e.get("top1_percent")
            top1_text = "%.2f%% (%.2f%%)" % (top1["int8"], top1["fp32"]) if top1 else "-"
            sqnr = e.get("output_sqnr_db", float("inf"))
            lat = e["latency_ms_per_sample"]
            label = scheme
            if "auto_precision" in r:
                a = r["auto_precision"]
                label += " (%d 16-bit, %d float layers%s)" % (
                    len(a["int16_layers"]), len(a["float_layers"]), "" if a["met"] else ", not met")
            print("| %s | %s | %s | %.2f | %d | %d | %.4f | %.4f | %.2fx |" % (
                name, label, top1_text, sqnr, r["weights_bytes"]["int8"],
                r["weights_zstd_bytes"]["int8"], lat["fp32"], lat["int8"], lat["int8"] / lat["fp32"]))


if __name__ == "__main__":
    main()
