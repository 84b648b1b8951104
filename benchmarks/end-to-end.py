#!/usr/bin/env python3
"""qmlir against ONNX Runtime on whole models: latency of one sample (batch
1) in fp32 and int8, at 1 and 2 threads, measured side by side, and the
int8 outputs' SQNR against each runtime's own fp32.

  NODE_PATH=DIR/node_modules taskset -c 0,1 benchmarks/end-to-end.py \\
      --tools build/bin [--work DIR] [--models digits,resnet18,mobilenet_v2] \\
      [--threads 1,2] [--rounds 5] [--repeat 30]

ONNX Runtime is onnxruntime-node (npm install --ignore-scripts
onnxruntime-node in DIR; not a build dependency), driven by
benchmarks/ort-runner.js. Models: the shipped digits example (its
calibration and evaluation splits), and torchvision's ResNet-18 and
MobileNetV2 with random weights and BatchNorm statistics exported to ONNX
(Debian's python3-torch), 8 random calibration images, 6 evaluation
images. Timed on the first evaluation sample.

Both runtimes quantize the same way: activations u8 asymmetric per tensor,
weights s8 symmetric per output channel (Gemm per tensor), bias int32.
qmlir: `qmlir-quantize --method minmax` (weight bits 8 and 7); ONNX Runtime:
a QDQ model written here from min-max ranges that ONNX Runtime itself
measures on the calibration images (QuantizeLinear/DequantizeLinear around
Conv, Gemm, Add, pools; Relu and Clip after a single-use producer folded
into its output range, as ONNX Runtime's own quantizer does), which its
graph optimizer turns into QLinearConv and friends. qmlir also compiles
that QDQ model as given (`qmlir-quantize ort-int8.onnx`, "int8-qdq": the
same parameters as ONNX Runtime int8, no calibration).

Each configuration runs in its own process, --repeat timed runs after 5
warm-up runs; configurations alternate, --rounds times. Printed per
configuration: the median of the per-round medians and their range.
"""

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "test" / "Integration"))
from torch_models import benchmark_inputs  # noqa: E402

RUNNER = Path(__file__).resolve().parent / "ort-runner.js"


def run(cmd, **kw):
    result = subprocess.run([str(c) for c in cmd], capture_output=True, text=True, **kw)
    if result.returncode != 0:
        sys.exit("%s failed:\n%s%s" % (" ".join(map(str, cmd)), result.stdout, result.stderr))
    return result.stdout + result.stderr


def with_all_outputs(model_path, out_path):
    """MODEL with every float node output added as a graph output."""
    import onnx
    model = onnx.load(str(model_path))
    graph = model.graph
    present = {o.name for o in graph.output}
    for node in graph.node:
        if node.op_type == "Constant":
            continue
        for name in node.output:
            if name and name not in present:
                graph.output.append(onnx.helper.make_tensor_value_info(
                    name, onnx.TensorProto.FLOAT, None))
                present.add(name)
    onnx.save(model, str(out_path))


def activation_params(lo, hi):
    lo, hi = min(lo, 0.0), max(hi, 0.0)
    scale = (hi - lo) / 255.0 if hi > lo else 1.0
    zero = int(np.clip(np.round(-lo / scale), 0, 255))
    return np.float32(scale), np.uint8(zero)


def write_qdq(model_path, ranges, out_path):
    """The QDQ int8 model of MODEL for ONNX Runtime (see the module doc)."""
    import onnx
    from onnx import helper, numpy_helper, TensorProto
    model = onnx.load(str(model_path))
    graph = model.graph
    inits = {i.name: i for i in graph.initializer}
    consumers = {}
    for node in graph.node:
        for name in node.input:
            consumers.setdefault(name, []).append(node)
    graph_outputs = {o.name for o in graph.output}

    # Fold Relu/Clip into a single-use producer's output range.
    producer = {name: node for node in graph.node for name in node.output}
    removed = set()
    for node in graph.node:
        if node.op_type not in ("Relu", "Clip"):
            continue
        src = node.input[0]
        prod = producer.get(src)
        if prod is None or prod.op_type not in ("Conv", "Add", "Gemm"):
            continue
        if len(consumers.get(src, [])) != 1 or src in graph_outputs:
            continue
        out = node.output[0]
        prod.output[:] = [out if o == src else o for o in prod.output]
        producer[out] = prod
        removed.add(id(node))
    nodes = [n for n in graph.node if id(n) not in removed]

    new_nodes = []
    new_inits = []
    params = {}

    def qparams(name):
        if name not in params:
            lo, hi = ranges[name]
            scale, zero = activation_params(lo, hi)
            s = name + "_scale"
            z = name + "_zero"
            new_inits.append(numpy_helper.from_array(np.array(scale, np.float32), s))
            new_inits.append(numpy_helper.from_array(np.array(zero, np.uint8), z))
            params[name] = (s, z, float(scale))
        return params[name]

    def qdq(name, like=None):
        """Q then DQ of activation NAME (with LIKE's parameters if given);
        returns the dequantized name."""
        s, z, _ = qparams(like or name)
        new_nodes.append(helper.make_node("QuantizeLinear", [name, s, z], [name + "_q"]))
        new_nodes.append(helper.make_node("DequantizeLinear", [name + "_q", s, z], [name + "_dq"]))
        return name + "_dq"

    def dequantized(name, q, scale, per_channel):
        """Constant Q (int8 or int32, zero point 0) with its DequantizeLinear
        (per output channel: axis 0); returns the dequantized name."""
        new_inits.append(numpy_helper.from_array(q, name + "_q"))
        new_inits.append(numpy_helper.from_array(scale.astype(np.float32), name + "_scale"))
        new_inits.append(numpy_helper.from_array(np.zeros(scale.shape, q.dtype), name + "_zero"))
        attrs = {"axis": 0} if per_channel else {}
        new_nodes.append(helper.make_node("DequantizeLinear",
                                          [name + "_q", name + "_scale", name + "_zero"],
                                          [name + "_dq"], **attrs))
        return name + "_dq"

    def quantize_weight(name, per_channel):
        w = numpy_helper.to_array(inits[name]).astype(np.float64)
        if per_channel:
            amax = np.abs(w.reshape(w.shape[0], -1)).max(axis=1)
        else:
            amax = np.array(np.abs(w).max())
        scale = np.where(amax > 0, amax / 127.0, 1.0)
        shaped = scale.reshape((-1,) + (1,) * (w.ndim - 1)) if per_channel else scale
        q = np.clip(np.round(w / shaped), -127, 127).astype(np.int8)
        return dequantized(name, q, scale, per_channel), scale

    def quantize_bias(name, x_scale, w_scale, per_channel):
        b = numpy_helper.to_array(inits[name]).astype(np.float64)
        scale = (x_scale * w_scale).astype(np.float64)
        return dequantized(name, np.round(b / scale).astype(np.int32), scale, per_channel)

    quantized = {}  # float activation -> its dequantized name
    source = {}  # dequantized name -> float activation
    for inp in graph.input:
        if inp.name not in inits:
            quantized[inp.name] = qdq(inp.name)
            source[quantized[inp.name]] = inp.name
    renamed_outputs = {}
    for node in nodes:
        op = node.op_type
        if op in ("Conv", "Gemm"):
            x = node.input[0]
            _, _, x_scale = qparams(x)
            per_channel = op == "Conv"
            w_dq, w_scale = quantize_weight(node.input[1], per_channel)
            inputs = [quantized[x], w_dq]
            if len(node.input) > 2 and node.input[2]:
                inputs.append(quantize_bias(node.input[2], x_scale, w_scale, per_channel))
            node.input[:] = inputs
        elif op in ("Add", "GlobalAveragePool", "AveragePool"):
            node.input[:] = [quantized.get(i, i) for i in node.input]
        elif op in ("MaxPool", "Flatten", "Reshape", "Relu", "Clip"):
            node.input[0] = quantized.get(node.input[0], node.input[0])
        else:
            node.input[:] = [quantized.get(i, i) for i in node.input]
        source_of_input = source.get(node.input[0]) if node.input else None
        new_nodes.append(node)
        out = node.output[0]
        if op in ("Conv", "Gemm", "Add", "GlobalAveragePool", "AveragePool", "Relu", "Clip"):
            quantized[out] = qdq(out)
        elif op in ("MaxPool", "Flatten", "Reshape") and source_of_input:
            # Same parameters on both sides: the pair is dropped.
            quantized[out] = qdq(out, like=source_of_input)
        if out in quantized:
            source[quantized[out]] = out
        if out in graph_outputs and out in quantized:
            renamed_outputs[out] = quantized[out]
    del graph.node[:]
    graph.node.extend(new_nodes)
    kept = [i for i in graph.initializer]
    del graph.initializer[:]
    graph.initializer.extend(kept + new_inits)
    for o in graph.output:
        if o.name in renamed_outputs:
            o.name = renamed_outputs[o.name]
    onnx.save(model, str(out_path))


def sqnr(ref, got):
    ref = ref.astype(np.float64).ravel()
    got = got.astype(np.float64).ravel()
    noise = np.sum((ref - got) ** 2)
    return float("inf") if noise == 0 else 10 * np.log10(np.sum(ref ** 2) / noise)


def parse_qmlir_time(out):
    m = re.search(r"median ([\d.]+) ms, p10 ([\d.]+) ms, p90 ([\d.]+) ms", out)
    if not m:
        sys.exit("no latency in qmlir-run's output:\n" + out)
    return float(m.group(1))


def parse_ort_time(out):
    m = re.search(r"median ([\d.]+) p10 ([\d.]+) p90 ([\d.]+)", out)
    if not m:
        sys.exit("no latency in ort-runner's output:\n" + out)
    return float(m.group(1))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--tools", required=True)
    parser.add_argument("--work")
    parser.add_argument("--models", default="digits,resnet18,mobilenet_v2")
    parser.add_argument("--threads", default="1,2")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    tools = Path(args.tools)
    work = Path(args.work or tempfile.mkdtemp(prefix="qmlir-vs-ort-"))
    work.mkdir(parents=True, exist_ok=True)
    threads = [int(t) for t in args.threads.split(",")]
    env = dict(os.environ)
    env["QMLIR_CACHE_DIR"] = str(work / "cache")

    for name in args.models.split(","):
        model, calib, evaluation, _ = benchmark_inputs(name, work)
        # Everything written goes to the work folder (the digits example's
        # inputs stay where they are).
        d = work / name
        d.mkdir(parents=True, exist_ok=True)
        x = d / "sample.npy"
        np.save(x, np.load(evaluation)[:1])
        import onnx
        graph = onnx.load(str(model)).graph
        initializers = {i.name for i in graph.initializer}
        input_name = [i.name for i in graph.input if i.name not in initializers][0]
        # ONNX Runtime's int8 model.
        run([tools / "qmlir-translate", "--import-onnx", model,
             "-o", d / "fp32.mlir"])
        with_all_outputs(model, d / "all-outputs.onnx")
        run(["node", RUNNER, "minmax", d / "all-outputs.onnx", calib, d / "ranges.json"], env=env)
        ranges = json.loads((d / "ranges.json").read_text())
        ranges[input_name] = [float(np.load(calib).min()), float(np.load(calib).max())]
        write_qdq(model, ranges, d / "ort-int8.onnx")
        # qmlir's int8 models: its own, and ONNX Runtime's QDQ model quantized
        # as given (its parameters, no calibration).
        run([tools / "qmlir-quantize", d / "ort-int8.onnx", "-o", d / "int8-qdq.mlir"], env=env)
        for bits in (8, 7):
            run([tools / "qmlir-quantize", model, "--calibration-data", calib, "--method",
                 "minmax", "--weight-bits", bits, "-o", d / ("int8-w%d.mlir" % bits)], env=env)

        # Accuracy of int8 against each runtime's own fp32 on the evaluation images.
        ev = np.load(evaluation)
        run(["node", RUNNER, "run", model, evaluation, d / "ort-fp32.f32"], env=env)
        run(["node", RUNNER, "run", d / "ort-int8.onnx", evaluation, d / "ort-int8.f32"], env=env)
        ort_fp32 = np.fromfile(d / "ort-fp32.f32", np.float32)
        ort_int8 = np.fromfile(d / "ort-int8.f32", np.float32)
        q = {}
        for tag in ("fp32", "int8-w8", "int8-w7", "int8-qdq"):
            out = d / ("out-" + tag)
            run([tools / "qmlir-run", d / (tag + ".mlir"), "--input", evaluation,
                 "--output-dir", out], env=env)
            q[tag] = np.load(next(out.glob("*.npy")))
        print("%s: %d evaluation images; int8 output SQNR vs the runtime's own fp32:" % (name, len(ev)))
        print("  ONNX Runtime int8 (QDQ)   %.2f dB, top-1 agreement %d/%d"
              % (sqnr(ort_fp32, ort_int8), int(np.sum(ort_fp32.reshape(len(ev), -1).argmax(1)
                                                       == ort_int8.reshape(len(ev), -1).argmax(1))), len(ev)))
        for tag in ("int8-w8", "int8-w7"):
            print("  qmlir %-19s %.2f dB, top-1 agreement %d/%d"
                  % (tag, sqnr(q["fp32"], q[tag]),
                     int(np.sum(q["fp32"].reshape(len(ev), -1).argmax(1)
                                == q[tag].reshape(len(ev), -1).argmax(1))), len(ev)))
        print("  qmlir int8-qdq (ORT's)    %.2f dB, top-1 agreement %d/%d; vs ONNX Runtime int8 %.2f dB,"
              " top-1 agreement %d/%d"
              % (sqnr(q["fp32"], q["int8-qdq"]),
                 int(np.sum(q["fp32"].reshape(len(ev), -1).argmax(1)
                            == q["int8-qdq"].reshape(len(ev), -1).argmax(1))), len(ev),
                 sqnr(ort_int8, q["int8-qdq"]),
                 int(np.sum(ort_int8.reshape(len(ev), -1).argmax(1)
                            == q["int8-qdq"].reshape(len(ev), -1).argmax(1))), len(ev)))
        print("  fp32 outputs, qmlir vs ONNX Runtime: %.1f dB" % sqnr(ort_fp32, q["fp32"]))

        configs = []
        for t in threads:
            configs += [("ORT fp32", t, ["node", RUNNER, "time", model, x, t, args.repeat, 5], parse_ort_time),
                        ("ORT int8", t, ["node", RUNNER, "time", d / "ort-int8.onnx", x, t, args.repeat, 5],
                         parse_ort_time)]
            for tag in ("fp32", "int8-w8", "int8-w7", "int8-qdq"):
                configs.append(("qmlir " + tag, t,
                                [tools / "qmlir-run", d / (tag + ".mlir"), "--input", x, "--time",
                                 "--repeat", args.repeat, "--warmup", 5, "--num-threads", t],
                                parse_qmlir_time))
        # Compile once (cached) before timing.
        for _, _, cmd, _ in configs:
            if cmd[0] != "node":
                run(cmd[:4] + ["--time", "--repeat", 1], env=env)
        medians = {(c[0], c[1]): [] for c in configs}
        for _ in range(args.rounds):
            for label, t, cmd, parse in configs:
                medians[(label, t)].append(parse(run(cmd, env=env)))
        print("%s, batch 1, ms per inference (median of %d rounds of %d runs; range of round medians):"
              % (name, args.rounds, args.repeat))
        for t in threads:
            base = statistics.median(medians[("ORT int8", t)])
            for label, tt, _, _ in configs:
                if tt != t:
                    continue
                m = medians[(label, t)]
                print("  %d thread%s  %-16s %8.2f  [%6.2f, %6.2f]  %5.2fx ORT int8"
                      % (t, "" if t == 1 else "s", label, statistics.median(m), min(m), max(m),
                         statistics.median(m) / base))
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
