#!/usr/bin/env python3
"""End-to-end int8 vs fp32 latency per sample, measured side by side by
qmlir-quantize (the two compiled models alternate over the same data).

  int8-end-to-end.py --tools build/bin [--work DIR] [--models digits,resnet18,mobilenet_v2]

Models: the shipped digits example, and torchvision's ResNet-18 and
MobileNetV2 with random weights exported to ONNX (Debian's python3-torch;
8 random calibration images, 6 evaluation images). Prints per model the
int8/fp32 latency ratio, top-1 agreement and output SQNR. Run pinned to one
core: taskset -c 0 benchmarks/int8-end-to-end.py --tools build/bin
"""

import argparse
import re
import subprocess
import sys
import tempfile
from pathlib import Path


ROOT = Path(__file__).resolve().parent.parent
# The inputs (the digits example or a torchvision network) are shared with
# the tests.
sys.path.insert(0, str(ROOT / "test" / "Integration"))
from torch_models import benchmark_inputs  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--tools", required=True)
    parser.add_argument("--work")
    parser.add_argument("--models", default="digits,resnet18,mobilenet_v2")
    args = parser.parse_args()
    work = Path(args.work or tempfile.mkdtemp(prefix="qmlir-e2e-"))
    work.mkdir(parents=True, exist_ok=True)
    tool = str(Path(args.tools) / "qmlir-quantize")
    print("%-14s %12s %12s %10s %10s %10s" % ("model", "fp32 ms", "int8 ms", "int8/fp32",
                                             "agreement", "SQNR dB"))
    for name in args.models.split(","):
        model, calib, data, labels = benchmark_inputs(name, work)
        cmd = [tool, str(model), "--calibration-data", str(calib), "-o", str(work / (name + ".mlir")),
               "--eval-data", str(data)]
        if labels:
            cmd += ["--eval-labels", str(labels)]
        run = subprocess.run(cmd, capture_output=True, text=True)
        if run.returncode != 0:
            sys.exit("%s failed:\n%s" % (" ".join(cmd), run.stderr))
        out = run.stdout
        latency = re.search(r"latency / sample\s+([\d.]+) ms\s+([\d.]+) ms\s+([\d.]+)x", out)
        agreement = re.search(r"top-1 agreement\s+([\d.]+)%", out)
        sqnr = re.search(r"output SQNR\s+([\d.inf]+) dB", out)
        print("%-14s %12s %12s %9sx %9s%% %10s" % (name, latency.group(1), latency.group(2),
                                                  latency.group(3), agreement.group(1),
                                                  sqnr.group(1)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
