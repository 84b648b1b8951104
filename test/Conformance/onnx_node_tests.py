#!/usr/bin/env python3
"""Runs ONNX's own backend node tests (Debian's libonnx-testdata) through
qmlir: import, convert to TOSA, compile, run, compare.

  onnx_node_tests.py --tools BUILD/bin [--data DIR] [--expected FILE]
                     [--filter SUBSTRING] [--jobs N]

For every test directory (model.onnx + test_data_set_*/input_*.pb and
output_*.pb), the inputs become .npy files, `qmlir-translate --import-onnx`
imports the model, `qmlir-run` compiles and runs it, and each output is
compared with ONNX's expected one using ONNX's backend-test tolerance
(rtol 1e-3, atol 1e-7).

Each test ends in one of:
  passed       every output within tolerance
  unsupported  an op has no handler yet ("... is not supported")
  failed       anything else: a wrong result, or an error other than the above
A test listed in the expected-failures file (NAME: reason) may fail without
failing the run; a listed test that passes is reported so the entry can go.
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


def sanitize(name):
    out = re.sub(r"[^A-Za-z0-9_.-]", "_", name)
    return "_" + out if out in ("", ".", "..") else out


def load_tensor(path):
    tensor = onnx.TensorProto()
    tensor.ParseFromString(path.read_bytes())
    return numpy_helper.to_array(tensor)


def run_test(test_dir, tools):
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
        mlir = tmp / "model.mlir"
        result = subprocess.run([str(tools / "qmlir-translate"), "--import-onnx",
                                 str(test_dir / "model.onnx"), "-o", str(mlir)],
                                capture_output=True, text=True)
        if result.returncode != 0:
            return classify(result.stderr)
        for data_set in data_sets:
            args = []
            for i, name in enumerate(inputs):
                pb = data_set / ("input_%d.pb" % i)
                if not pb.exists():
                    return "failed", "missing %s" % pb.name
                npy = tmp / ("input_%d.npy" % i)
                np.save(npy, load_tensor(pb))
                args += ["--input", "%s=%s" % (name, npy)]
            out_dir = tmp / ("out_" + data_set.name)
            result = subprocess.run([str(tools / "qmlir-run"), str(mlir), *args,
                                     "--output-dir", str(out_dir)],
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
UNSUPPORTED = re.compile(r"not supported|cannot infer the|no \.npy equivalent|"
                         r"needs static shapes")


def classify(stderr):
    errors = [l for l in stderr.splitlines() if "error: " in l]
    if not errors:
        tail = stderr.strip().splitlines()
        return "failed", (tail[-1] if tail else "no diagnostic")[:200]
    first = errors[0].split("error: ", 1)[1][:200]
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
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        futures = {t: pool.submit(run_test, t, args.tools) for t in tests}
        results = {t.name: (op_of(t),) + futures[t].result() for t in tests}

    table = defaultdict(lambda: defaultdict(int))
    unexpected, fixed = [], []
    for name, (op, status, detail) in sorted(results.items()):
        table[op][status] += 1
        if status == "failed" and name not in expected:
            unexpected.append((name, detail))
        if status == "passed" and name in expected:
            fixed.append(name)

    rows = [(op, sum(c.values()), c["passed"], c["failed"], c["unsupported"])
            for op, c in sorted(table.items())]
    print("%-34s %6s %7s %7s %12s" % ("op", "tests", "passed", "failed", "unsupported"))
    for op, total, passed, failed, unsupported in rows:
        if passed or failed:
            print("%-34s %6d %7d %7d %12d" % (op, total, passed, failed, unsupported))
    totals = [sum(r[i] for r in rows) for i in range(1, 5)]
    print("%-34s %6d %7d %7d %12d" % ("all (%d ops)" % len(rows), *totals))
    print("ops with no passing or failing test (all unsupported): %d"
          % sum(1 for r in rows if not r[2] and not r[3]))
    for name, detail in unexpected:
        print("UNEXPECTED FAILURE %s: %s" % (name, detail))
    for name in fixed:
        print("NOW PASSING (remove from the expected failures) %s" % name)
    print("%d passed, %d failed" % (totals[1], len(unexpected)))
    return 1 if unexpected else 0


if __name__ == "__main__":
    sys.exit(main())
