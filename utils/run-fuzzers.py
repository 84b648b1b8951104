#!/usr/bin/env python3
"""Runs qmlir's libFuzzer targets and prints executions and crashes.

    run-fuzzers.py --bin BUILD/bin [--time SECONDS] [--targets npy,stats,...]
                   [--work DIR] [--smoke] [--jobs N]

Targets (fuzz/*.cpp): npy (the .npy reader), stats (the stats-file reader),
onnx (the ONNX importer), quantize (MLIR parser, verifier, quantization
pipelines and the int8 lowering). Seed corpora come from the repository:
the examples' .npy files, stats files written here, the ONNX models of
examples/ and of ONNX's node tests (libonnx-testdata), and every split of
every .mlir test input. The inputs of fuzz/regressions/<target>/ (crashes found
before) run first, then seed the run with the rest. Each target runs for --time seconds (per job) with
its corpus under --work (kept between runs, so long campaigns resume);
crash inputs land in --work/<target>/crashes.

--smoke (ctest fuzz/smoke): a few seeds per target and 5 seconds each, in a
temporary directory; fails on any crash.

For real fuzzing use a build configured with
-DQMLIR_SANITIZE=address,undefined,fuzzer-no-link (every library
instrumented); a normal build instruments only the harnesses.
"""

import argparse
import glob
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

SRC = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TARGETS = ["npy", "stats", "onnx", "quantize"]


def seeds_npy(out):
    files = sorted(glob.glob(os.path.join(SRC, "examples", "*", "*.npy")))
    for i, path in enumerate(files):
        shutil.copy(path, os.path.join(out, f"example{i}.npy"))
    # Small arrays of several dtypes and versions, written by hand.
    for i, (descr, shape, payload) in enumerate([
            ("<f4", "(2, 3)", b"\0" * 24), ("|u1", "(4,)", b"\1\2\3\4"),
            ("<i8", "()", b"\7" + b"\0" * 7), ("|b1", "(2,)", b"\1\0"),
            ("<f2", "(1, 1)", b"\0<"), ("<i2", "(0, 5)", b"")]):
        header = f"{{'descr': '{descr}', 'fortran_order': False, 'shape': {shape}, }}"
        header = header.encode() + b" " * (63 - (10 + len(header)) % 64) + b"\n"
        with open(os.path.join(out, f"small{i}.npy"), "wb") as f:
            f.write(b"\x93NUMPY\x01\x00" + len(header).to_bytes(2, "little") +
                    header + payload)


def seeds_stats(out):
    script = os.path.join(SRC, "test", "Dialect", "QNT", "Transforms",
                          "make-stats.py")
    specs = [["x:-1:3:10"], ["x:-1:3:10", "y:0:6:10", "fc:-2:2:10"],
             ["a:0:0:1"], ["w:-1e-30:1e30:1000"]]
    for i, spec in enumerate(specs):
        subprocess.run([sys.executable, script, os.path.join(out, f"s{i}.json")]
                       + spec, check=True)


# The file external data of ONNX seeds names; the onnx target runs in a
# folder holding it (and nothing else), so that offsets, lengths and paths
# of mutated models reach the importer's external-data checks.
EXTERNAL_DATA = "weights.bin"
EXTERNAL_DATA_BYTES = bytes(range(256)) * 16


def seeds_onnx_external(out):
    """Models whose initializer lives in EXTERNAL_DATA: at an offset, with
    and without a length, and through a path with a folder."""
    from onnx import TensorProto, helper, save
    cases = [("0", "64"), ("128", "64"), ("4032", None), ("0", None)]
    for i, (offset, length) in enumerate(cases):
        w = TensorProto(name="w", data_type=TensorProto.FLOAT, dims=[4, 4])
        w.data_location = TensorProto.EXTERNAL
        for key, value in (("location", EXTERNAL_DATA), ("offset", offset),
                           ("length", length)):
            if value is not None:
                entry = w.external_data.add()
                entry.key, entry.value = key, value
        node = helper.make_node("MatMul", ["x", "w"], ["y"], name="mm")
        graph = helper.make_graph(
            [node], "g", [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 4])],
            [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 4])], [w])
        model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
        save(model, os.path.join(out, f"ext{i}.onnx"))


def seeds_onnx(out, limit):
    files = sorted(glob.glob(os.path.join(SRC, "examples", "*", "model.onnx")))
    files += sorted(glob.glob("/usr/share/libonnx-testdata/data/node/*/model.onnx"))
    for i, path in enumerate(files[:limit]):
        shutil.copy(path, os.path.join(out, f"m{i}.onnx"))
    seeds_onnx_external(out)


def seeds_mlir(out, limit):
    files = sorted(glob.glob(os.path.join(SRC, "test", "**", "*.mlir"),
                             recursive=True))
    files += sorted(glob.glob(os.path.join(SRC, "docs", "examples", "**",
                                           "*.mlir"), recursive=True))
    n = 0
    for path in files:
        text = open(path, encoding="utf-8", errors="replace").read()
        for case in re.split(r"\n// -----\n", text):
            body = "\n".join(l for l in case.split("\n")
                             if not l.lstrip().startswith("//"))
            if "func.func" not in body or len(body) > 20000:
                continue
            with open(os.path.join(out, f"c{n}.mlir"), "w") as f:
                f.write(body)
            n += 1
            if n >= limit:
                return


def make_seeds(target, out, smoke):
    os.makedirs(out, exist_ok=True)
    if target == "npy":
        seeds_npy(out)
    elif target == "stats":
        seeds_stats(out)
    elif target == "onnx":
        seeds_onnx(out, 20 if smoke else 10000)
    elif target == "quantize":
        seeds_mlir(out, 20 if smoke else 100000)


def run(binary, target, seconds, work, smoke, jobs):
    corpus = os.path.join(work, target, "corpus")
    seeds = os.path.join(work, target, "seeds")
    crashes = os.path.join(work, target, "crashes")
    os.makedirs(corpus, exist_ok=True)
    os.makedirs(crashes, exist_ok=True)
    if not os.path.isdir(seeds):
        make_seeds(target, seeds, smoke)
    if target == "onnx":
        with open(os.path.join(work, target, EXTERNAL_DATA), "wb") as f:
            f.write(EXTERNAL_DATA_BYTES)
    exe = os.path.join(binary, f"qmlir-{target}-fuzzer")
    if not os.path.exists(exe):
        return None
    # Inputs that crashed once (fuzz/regressions/<target>/) run first.
    regressions = sorted(glob.glob(os.path.join(SRC, "fuzz", "regressions",
                                                target, "*")))
    if regressions:
        proc = subprocess.run([exe] + regressions, cwd=os.path.join(work, target),
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              text=True, errors="replace")
        if proc.returncode != 0:
            with open(os.path.join(work, target, "last-run.log"), "w") as f:
                f.write(proc.stdout)
            return {"target": target, "executions": len(regressions),
                    "exec_per_sec": 0, "crashes": 1, "corpus": 0,
                    "status": proc.returncode,
                    "crash_files": ["(a regression input)"]}
    # The regression inputs seed the run too: the classes of input that once
    # crashed (deep nesting, huge counts, external data, shape arithmetic)
    # stay under mutation.
    regression_dir = os.path.join(SRC, "fuzz", "regressions", target)
    extra = [regression_dir] if os.path.isdir(regression_dir) else []
    args = [exe, corpus, seeds] + extra + [f"-max_total_time={seconds}",
            "-print_final_stats=1", f"-artifact_prefix={crashes}/",
            "-timeout=30", "-rss_limit_mb=4096", "-max_len=65536"]
    if jobs > 1:
        args += [f"-jobs={jobs}", f"-workers={jobs}"]
    # Inputs may name external files (ONNX external data): run where only
    # the seeds' data file is.
    proc = subprocess.run(args, cwd=os.path.join(work, target),
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          text=True, errors="replace")
    log = proc.stdout
    if jobs > 1:
        for path in glob.glob(os.path.join(work, target, "fuzz-*.log")):
            log += open(path, errors="replace").read()
    with open(os.path.join(work, target, "last-run.log"), "w") as f:
        f.write(log)
    execs = sum(int(m) for m in re.findall(
        r"stat::number_of_executed_units:\s*(\d+)", log))
    rate = [int(m) for m in re.findall(r"stat::average_exec_per_sec:\s*(\d+)", log)]
    found = sorted(os.listdir(crashes))
    return {"target": target, "executions": execs,
            "exec_per_sec": sum(rate), "crashes": len(found),
            "corpus": len(os.listdir(corpus)), "status": proc.returncode,
            "crash_files": found}


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bin", required=True)
    parser.add_argument("--time", type=int, default=60)
    parser.add_argument("--targets", default=",".join(TARGETS))
    parser.add_argument("--work")
    parser.add_argument("--smoke", action="store_true")
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--json")
    args = parser.parse_args()
    seconds = 5 if args.smoke else args.time
    temporary = None
    work = args.work
    if work is None:
        temporary = tempfile.mkdtemp(prefix="qmlir-fuzz-")
        work = temporary
    rows = []
    try:
        print(f"{'target':10} {'seconds':>8} {'executions':>12} {'exec/s':>8} "
              f"{'corpus':>7} {'crashes':>8}")
        for target in args.targets.split(","):
            row = run(os.path.abspath(args.bin), target, seconds,
                      os.path.abspath(work), args.smoke, args.jobs)
            if row is None:
                print(f"{target:10} (qmlir-{target}-fuzzer not built)")
                continue
            rows.append(row)
            print(f"{target:10} {seconds:>8} {row['executions']:>12} "
                  f"{row['exec_per_sec']:>8} {row['corpus']:>7} "
                  f"{row['crashes']:>8}", flush=True)
            for name in row["crash_files"]:
                print(f"  crash input: {os.path.join(work, target, 'crashes', name)}")
        if args.json:
            with open(args.json, "w") as f:
                json.dump(rows, f, indent=2)
    finally:
        if temporary and not any(r["crashes"] for r in rows):
            shutil.rmtree(temporary)
    bad = [r for r in rows if r["crashes"] or r["status"] not in (0,)]
    if bad:
        for r in bad:
            print(f"run-fuzzers: {r['target']}: exit status {r['status']}, "
                  f"{r['crashes']} crash input(s); log in "
                  f"{os.path.join(work, r['target'], 'last-run.log')}")
        sys.exit(1)
    if not rows:
        sys.exit("run-fuzzers: no fuzz target found in " + args.bin)


if __name__ == "__main__":
    main()
