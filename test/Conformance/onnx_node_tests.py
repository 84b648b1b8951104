#!/usr/bin/env python3
"""Runs ONNX's own backend node tests (Debian's libonnx-testdata) through
qmlir: import, convert to TOSA, compile, run, compare.

  onnx_node_tests.py --tools BUILD/bin [--data DIR] [--expected FILE]
                     [--filter SUBSTRING] [--jobs N]

For every test directory (model.onnx + test_data_set_*/input_*.pb and
output_*.pb), graph inputs that feed parameter positions (PARAMETER_INPUTS:
shapes, axes, pads, quantization scales and zero points, which real models
carry as initializers and qmlir needs as constants) are bound to the test's
values as initializers, the other inputs become .npy files, `qmlir-translate --import-onnx`
imports the model, `qmlir-run` compiles and runs it, and each output is
compared with ONNX's expected one using ONNX's backend-test tolerance
(rtol 1e-3, atol 1e-7). The tests of the quantized ops with weights
(CONSTANT_FORM_OPS) run a second time in their constant-parameter form:
every input after the first bound as an initializer, as real models hold
weights, scales and zero points ("NAME [constant parameters]").

Each test ends in one of:
  passed       every output within tolerance
  imported     a quantized model imported, but qmlir-run reports a
               quantized op left unlowered ("... is a quantized op ..."),
               so it is not run
  unsupported  an op has no handler yet ("... is not supported")
  failed       anything else: a wrong result, or an error other than the above
A test listed in the expected-failures file (NAME: reason) may fail without
failing the run; a listed test that passes is reported so the entry can go.
Tests of the ops qmlir's ONNX import covers (LISTED_OPS) must pass, import
(quantized ops) or be listed with a reason: an unlisted unsupported one
fails the run like a wrong result.
The script prints a table per op and exits 1 on any unexpected failure.
"""

import argparse
import concurrent.futures
import os
import re
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

import numpy as np
import onnx
from onnx import numpy_helper

RTOL, ATOL = 1e-3, 1e-7

# The ops of the ONNX import's scope: their node tests must pass (or import,
# for quantized ops) unless listed with a reason in the expected file.
LISTED_OPS = set("""
Add AveragePool BatchNormalization Cast Clip Concat ConstantOfShape Conv
ConvInteger ConvTranspose DequantizeLinear Div Dropout DynamicQuantizeLinear
Erf Exp Flatten GRU Gather Gemm LSTM GlobalAveragePool GlobalMaxPool HardSigmoid
HardSwish Identity InstanceNormalization LeakyRelu Log MatMul MatMulInteger
Max MaxPool Min Mul PRelu Pad Pow QLinearConv QLinearMatMul QuantizeLinear
RNN Reciprocal ReduceMax ReduceMean ReduceSum Relu Reshape Resize Shape Sigmoid
Slice Softmax Split Sqrt Squeeze Sub Tanh Transpose Unsqueeze Upsample
""".split())

# Per op type, the input positions that are parameters rather than data.
# ONNX's node tests feed them as graph inputs; the driver folds a graph input
# used only at such positions into an initializer with the test's value.
PARAMETER_INPUTS = {
    "Clip": {1, 2},
    "ConstantOfShape": {0},
    "ConvInteger": {2, 3},
    "DequantizeLinear": {1, 2},
    "Dropout": {1, 2},
    "Expand": {1},
    # Gather's indices are data in general; qmlir supports constant ones
    # (the shape arithmetic and channel selections of CNNs).
    "Gather": {1},
    # The recurrent ops' sequence_lens (a constant equal to the sequence
    # length).
    "GRU": {4}, "LSTM": {4}, "RNN": {4},
    "MatMulInteger": {2, 3},
    "Pad": {1, 2, 3},
    "QLinearConv": {1, 2, 4, 5, 6, 7},
    "QLinearMatMul": {1, 2, 4, 5, 6, 7},
    "QuantizeLinear": {1, 2},
    "ReduceL1": {1}, "ReduceL2": {1}, "ReduceLogSum": {1},
    "ReduceLogSumExp": {1}, "ReduceMax": {1}, "ReduceMean": {1},
    "ReduceMin": {1}, "ReduceProd": {1}, "ReduceSum": {1},
    "ReduceSumSquare": {1},
    "Reshape": {1},
    "Resize": {1, 2, 3},
    "Slice": {1, 2, 3, 4},
    "Split": {1},
    "Squeeze": {1},
    "Tile": {1},
    "Unsqueeze": {1},
    "Upsample": {1},
}


# Quantized ops whose node tests also run in their constant-parameter form:
# every input after the first (weights, scales, zero points) bound as an
# initializer, as real models hold them; the test's name gets CONSTANT.
CONSTANT_FORM_OPS = {"ConvInteger", "DequantizeLinear", "MatMulInteger", "QLinearConv",
                     "QLinearMatMul", "QuantizeLinear"}
CONSTANT = "[constant parameters]"


def parameter_inputs(model, constant=False):
    """Names of graph inputs used only at parameter positions (with
    `constant`, every graph input but the first)."""
    if constant:
        initializers = {t.name for t in model.graph.initializer}
        inputs = [i.name for i in model.graph.input if i.name not in initializers]
        return set(inputs[1:])
    uses = defaultdict(list)
    for node in model.graph.node:
        for i, name in enumerate(node.input):
            uses[name].append(i in PARAMETER_INPUTS.get(node.op_type, ()))
    for output in model.graph.output:
        uses[output.name].append(False)
    return {name for name, flags in uses.items() if flags and all(flags)}


def bind_parameters(model, data_set, inputs, constant=False):
    """Moves parameter inputs into initializers with the data set's values;
    returns the remaining (run-time) input names with their indices."""
    params = parameter_inputs(model, constant)
    runtime = []
    for i, name in enumerate(inputs):
        if name in params:
            tensor = onnx.TensorProto()
            tensor.ParseFromString((data_set / ("input_%d.pb" % i)).read_bytes())
            tensor.name = name
            model.graph.initializer.append(tensor)
        else:
            runtime.append((i, name))
    kept = [v for v in model.graph.input if v.name not in params]
    del model.graph.input[:]
    model.graph.input.extend(kept)
    return runtime


def sanitize(name):
    out = re.sub(r"[^A-Za-z0-9_.-]", "_", name)
    return "_" + out if out in ("", ".", "..") else out


def load_tensor(path):
    tensor = onnx.TensorProto()
    tensor.ParseFromString(path.read_bytes())
    return numpy_helper.to_array(tensor)


def run_test(test_dir, tools, constant=False):
    """Returns (status, detail)."""
    model = onnx.load(str(test_dir / "model.onnx"), load_external_data=False)
    initializers = {t.name for t in model.graph.initializer}
    inputs = [i.name for i in model.graph.input if i.name not in initializers]
    outputs = [o.name for o in model.graph.output]
    data_sets = sorted(test_dir.glob("test_data_set_*"))
    if not data_sets:
        return "failed", "no test data"
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        # Parameter inputs take each data set's values, so each data set is
        # imported on its own when there are any.
        binds = bool(parameter_inputs(model, constant) & set(inputs))
        mlir = None
        for data_set in data_sets:
            if mlir is None or binds:
                bound = onnx.load(str(test_dir / "model.onnx"), load_external_data=False)
                runtime = bind_parameters(bound, data_set, inputs, constant)
                onnx_path = tmp / "model.onnx"
                onnx.save(bound, str(onnx_path))
                mlir = tmp / "model.mlir"
                result = subprocess.run([str(tools / "qmlir-translate"), "--import-onnx",
                                         str(onnx_path), "-o", str(mlir)],
                                        capture_output=True, text=True)
                if result.returncode != 0:
                    return classify(result.stderr)
            args = []
            for i, name in runtime:
                pb = data_set / ("input_%d.pb" % i)
                if not pb.exists():
                    return "failed", "missing %s" % pb.name
                npy = tmp / ("input_%d.npy" % i)
                np.save(npy, load_tensor(pb))
                args += ["--input", "%s=%s" % (name, npy)]
            out_dir = tmp / ("out_" + data_set.name)
            result = subprocess.run([str(tools / "qmlir-run"), str(mlir), *args,
                                     "--output-dir", str(out_dir), "--no-cache"],
                                    capture_output=True, text=True)
            if result.returncode != 0:
                return classify(result.stderr)
            for i, name in enumerate(outputs):
                want = load_tensor(data_set / ("output_%d.pb" % i))
                got = np.load(out_dir / (sanitize(name) + ".npy"))
                if got.shape != want.shape:
                    return "failed", "output %d: shape %s, expected %s" % (i, got.shape, want.shape)
                if want.dtype.kind in "fc":
                    ok = np.allclose(got, want, rtol=RTOL, atol=ATOL, equal_nan=True)
                else:
                    ok = np.array_equal(got, want)
                if not ok:
                    err = np.max(np.abs(got.astype(np.float64) - want.astype(np.float64)))
                    return "failed", "output %d: max error %.3g" % (i, err)
    return "passed", ""


# Messages of things qmlir reports as not (yet) supported: a missing handler,
# an unsupported attribute value or element type, a value whose static type
# ONNX shape inference cannot give (sequences, optionals, data-dependent
# shapes), or an element type without a .npy equivalent.
UNSUPPORTED = re.compile(r"not supported|cannot infer the|no \.npy equivalent|not known at compile time|"
                         r"needs static shapes")


def classify(stderr):
    errors = [l for l in stderr.splitlines() if "error: " in l]
    if not errors:
        tail = stderr.strip().splitlines()
        return "failed", (tail[-1] if tail else "no diagnostic")[:200]
    first = errors[0].split("error: ", 1)[1][:200]
    if "is a quantized op" in first:
        return "imported", first
    return ("unsupported" if UNSUPPORTED.search(first) else "failed"), first


def op_of(test_dir):
    model = onnx.load(str(test_dir / "model.onnx"), load_external_data=False)
    ops = sorted({n.op_type for n in model.graph.node})
    return ops[0] if len(ops) == 1 else "+".join(ops) if len(ops) <= 3 else "(%d ops)" % len(ops)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--tools", required=True, type=Path)
    parser.add_argument("--data", type=Path, default=Path("/usr/share/libonnx-testdata/data/node"))
    parser.add_argument("--expected", type=Path,
                        default=Path(__file__).parent / "onnx-node-tests-expected-failures.txt")
    parser.add_argument("--filter", default="")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--show-unsupported", action="store_true",
                        help="print the reason of every unsupported test")
    args = parser.parse_args()
    if not args.data.is_dir():
        print("ONNX node tests not found at %s (install libonnx-testdata)" % args.data)
        return 1

    expected = {}
    for line in args.expected.read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            name, _, reason = line.partition(":")
            expected[name.strip()] = reason.strip()

    tests = sorted(d for d in args.data.iterdir() if (d / "model.onnx").exists() and args.filter in d.name)
    # (test, constant-parameter form): quantized ops run in both forms.
    runs = [(t, False) for t in tests]
    runs += [(t, True) for t in tests if op_of(t) in CONSTANT_FORM_OPS]
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        futures = {r: pool.submit(run_test, r[0], args.tools, r[1]) for r in runs}
        results = {t.name + (" " + CONSTANT if constant else ""):
                   (op_of(t) + (" " + CONSTANT if constant else ""),) + futures[(t, constant)].result()
                   for t, constant in runs}

    table = defaultdict(lambda: defaultdict(int))
    unexpected, fixed = [], []
    for name, (op, status, detail) in sorted(results.items()):
        table[op][status] += 1
        if status == "failed" and name not in expected:
            unexpected.append((name, detail))
        if status == "unsupported" and op.split(" ")[0] in LISTED_OPS and name not in expected:
            unexpected.append((name, "unsupported, not in the expected list: " + detail))
        if status in ("passed", "imported") and name in expected:
            fixed.append(name)

    rows = [(op, sum(c.values()), c["passed"], c["failed"], c["imported"],
             c["unsupported"]) for op, c in sorted(table.items())]
    line = "%-34s %6s %7s %7s %9s %12s"
    print(line % ("op", "tests", "passed", "failed", "imported", "unsupported"))
    for row in rows:
        if row[2] or row[3] or row[4]:
            print(line % row)
    totals = [sum(r[i] for r in rows) for i in range(1, 6)]
    print(line % ("all (%d ops)" % len(rows), *totals))
    print("ops with no passing, failing or imported test (all unsupported): %d"
          % sum(1 for r in rows if not r[2] and not r[3] and not r[4]))
    if args.show_unsupported:
        for name, (op, status, detail) in sorted(results.items()):
            if status == "unsupported":
                print("UNSUPPORTED %s [%s]: %s" % (name, op, detail))
    for name, detail in unexpected:
        print("UNEXPECTED FAILURE %s: %s" % (name, detail))
    for name in fixed:
        print("NOW PASSING (remove from the expected failures) %s" % name)
    print("%d passed, %d failed" % (totals[1], len(unexpected)))
    return 1 if unexpected else 0


if __name__ == "__main__":
    sys.exit(main())
