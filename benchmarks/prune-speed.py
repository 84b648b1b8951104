#!/usr/bin/env python3
"""Does channel pruning buy speed in proportion to the MACs it removes?

  prune-speed.py --tools build/bin [--work DIR] [--model resnet18]
                 [--sparsities 0.25,0.5,0.75] [--rounds 5] [--repeat 10]

For torchvision's ResNet-18 (random weights, exported to ONNX with Debian's
python3-torch; 8 random calibration images) and every sparsity, qmlir-quantize
--prune=channel:S writes the int8 module and the pruning report (MACs before
and after), and qmlir-opt writes the pruned float module. Then every module
is timed with qmlir-run --time on one image, the modules alternating over
--rounds rounds so that they share the machine's state; the median of the
rounds' medians is reported. Printed per sparsity: MACs and latency relative
to the unpruned model, for fp32 and int8, and latency ratio / MACs ratio
(1.00 = speed exactly in proportion). Run pinned to one core:

  taskset -c 1 benchmarks/prune-speed.py --tools build/bin
"""

import argparse
import json
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path


ROOT = Path(__file__).resolve().parent.parent


def run(cmd):
    result = subprocess.run([str(c) for c in cmd], capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit("failed: %s\n%s" % (" ".join(map(str, cmd)), result.stderr[-2000:]))
    return result.stdout + result.stderr


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--tools", required=True)
    parser.add_argument("--work")
    parser.add_argument("--model", default="resnet18")
    parser.add_argument("--sparsities", default="0.25,0.5,0.75")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()
    tools = Path(args.tools)
    work = Path(args.work or tempfile.mkdtemp(prefix="qmlir-prune-"))
    work.mkdir(parents=True, exist_ok=True)

    sys.path.insert(0, str(ROOT / "test" / "Integration"))
    import torch_models
    onnx, calib, image = torch_models.make_with_data(args.model, work, evaluation=1)
    run([tools / "qmlir-translate", "--import-onnx", onnx, "-o", work / "model.mlir"])

    # The modules: (sparsity, precision) -> path; MACs per sparsity.
    sparsities = [0.0] + [float(s) for s in args.sparsities.split(",")]
    modules, macs, groups = {}, {}, {}
    for s in sparsities:
        tag = "%.2f" % s
        spec = "channel:%g" % s
        fp32 = work / ("fp32-%s.mlir" % tag)
        run([tools / "qmlir-opt", work / "model.mlir", "--qmlir-import-cleanup-pipeline",
             "--qnt-prune=mode=channel sparsity=%g" % s, "-o", fp32])
        int8 = work / ("int8-%s.mlir" % tag)
        report = work / ("report-%s.json" % tag)
        run([tools / "qmlir-quantize", onnx, "--calibration-data", calib, "-o", int8,
             "--prune=" + spec, "--report", report])
        prune = json.load(open(report))["prune"]
        macs[s] = prune["total"]["macs"][1]
        pruned = [g for g in prune["groups"] if g["channels"][1] < g["channels"][0]]
        groups[s] = (len(pruned), len(prune["groups"]),
                     sum(g["channels"][0] for g in pruned),
                     sum(g["channels"][0] - g["channels"][1] for g in pruned))
        modules[(s, "fp32")] = fp32
        modules[(s, "int8")] = int8

    times = {key: [] for key in modules}
    pattern = re.compile(r"median ([0-9.]+) ms")
    for _ in range(args.rounds):
        for key, path in modules.items():
            out = run([tools / "qmlir-run", path, "--input", image, "--time",
                       "--repeat", args.repeat])
            times[key].append(float(pattern.search(out).group(1)))
    median = {key: statistics.median(v) for key, v in times.items()}

    print("%s, channel pruning (first and last layer kept), %d rounds x %d runs, one image"
          % (args.model, args.rounds, args.repeat))
    print("%-8s %-18s %10s %10s %12s %12s %10s %10s %10s" % (
        "sparsity", "groups pruned", "MACs", "MACs x", "fp32 ms", "int8 ms", "fp32 x", "int8 x",
        "int8 x/MACs x"))
    base_macs = macs[0.0]
    for s in sparsities:
        n, total, _, _ = groups[s]
        m = macs[s] / base_macs
        f = median[(s, "fp32")] / median[(0.0, "fp32")]
        i = median[(s, "int8")] / median[(0.0, "int8")]
        print("%-8s %-18s %10.3g %9.3fx %12.3f %12.3f %9.3fx %9.3fx %10.2f" % (
            "%g" % s, "%d of %d" % (n, total), macs[s], m, median[(s, "fp32")],
            median[(s, "int8")], f, i, i / m))
    for s in sparsities[1:]:
        n, total, channels, removed = groups[s]
        print("sparsity %g: %d of %d channels removed in the %d pruned groups (%.1f%%)"
              % (s, removed, channels, n, 100.0 * removed / max(channels, 1)))


if __name__ == "__main__":
    main()
