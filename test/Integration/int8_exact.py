#!/usr/bin/env python3
"""Compiled int8 code against the reference interpreter, bit for bit.

  int8_exact.py WORK_DIR [--pipeline-options OPTIONS] [--expect-kernel KIND ...]
                [--aarch64-cpu CPU --cc CC --qemu QEMU [--qemu-cpu MODEL]]

For every integer qnt op, several cases with random shapes (odd sizes 1, 3,
17, 63, 65 among them; matmuls also 129 and 1000) and random quantization parameters (scales, zero
points, per-channel weights, u8 and s8 storage, padding, strides,
dilations, fused clamps, both rounding modes): a one-op model reading and
writing storage integers is run by `qmlir-run` compiled (convert-qnt-to-
linalg and the codegen pipeline) and by `qmlir-run --reference` (the scalar
interpreter on the numerics library) on the same random data, and the two
outputs must be identical. A third of the products get 7-bit weights
([-64, 63]), which the AVX2 unsigned-byte kernel computes exactly. With
--expect-kernel, the compiled runs report their kernels (kernel-remarks) and
each named kind must have been used by some case. With --aarch64-cpu, the
compiled side is an AArch64 object for that CPU (`qmlir-translate
--qmlir-to-object`, the pipeline options as codegen options), linked by CC
with a C program written for the case and run by QEMU (`-cpu MODEL`, by
default the same name). Prints one line per case; exit status 1 on any
difference. Tools come from PATH.
"""

import argparse
import os
import re
import subprocess
import sys
from pathlib import Path

import numpy as np

RNG = np.random.RandomState(20261129)
ODD = [1, 3, 17, 63, 65]
# Larger odd sizes for the matmul kernels' remainders (M, K, N).
LARGE = [(1, 1000, 129), (129, 129, 1000), (1000, 65, 17)]


def qtype(storage, scale, zp):
    return "!quant.uniform<%s:f32, %r:%d>" % (storage, float(np.float32(scale)), zp)


def qaxis(storage, axis, scales):
    return "!quant.uniform<%s:f32:%d, {%s}>" % (
        storage, axis, ", ".join(repr(float(np.float32(s))) for s in scales))


def act(signed, wide=False):
    """A random activation type (storage, element type, zero point); `wide`:
    16-bit storage."""
    if wide and signed:
        return "i16", qtype("i16", RNG.uniform(1e-4, 2e-3), int(RNG.randint(-300, 300)))
    if wide:
        return "u16", qtype("u16", RNG.uniform(1e-4, 2e-3), int(RNG.randint(0, 65536)))
    if signed:
        return "i8", qtype("i8", RNG.uniform(0.01, 0.2), int(RNG.randint(-20, 20)))
    return "u8", qtype("u8", RNG.uniform(0.01, 0.2), int(RNG.randint(0, 255)))


def tensor(shape, element):
    return "tensor<%sx%s>" % ("x".join(str(s) for s in shape), element)


def signless(storage):
    """The signless integer type of a storage type (u8 -> i8)."""
    return "i" + storage[1:]


def arg_in(name, shape, storage, qt, lines):
    """Function argument of storage integers viewed as `qt`."""
    width = signless(storage)
    if storage.startswith("u"):
        lines.append("  %%%s_b = tensor.bitcast %%%s : %s to %s" % (
            name, name, tensor(shape, "u" + width), tensor(shape, width)))
        src = "%%%s_b" % name
    else:
        src = "%" + name
    lines.append("  %%%s_q = quant.scast %s : %s to %s" % (
        name, src, tensor(shape, width), tensor(shape, qt)))
    return "%%%s_q" % name, tensor(shape, ("u" + width) if storage.startswith("u") else width)


def result_out(value, shape, storage, qt, lines):
    width = signless(storage)
    lines.append("  %%r_s = quant.scast %s : %s to %s" % (
        value, tensor(shape, qt), tensor(shape, width)))
    if storage.startswith("u"):
        lines.append("  %%r_u = tensor.bitcast %%r_s : %s to %s" % (
            tensor(shape, width), tensor(shape, "u" + width)))
        return "%r_u", tensor(shape, "u" + width)
    return "%r_s", tensor(shape, width)


def const(name, shape, values, element, qt, lines):
    text = np.array2string(np.asarray(values).reshape(shape), separator=", ",
                           threshold=10 ** 9, max_line_width=10 ** 9)
    lines.append("  %%%s_c = arith.constant dense<%s> : %s" % (
        name, text.replace("\n", ""), tensor(shape, element)))
    lines.append("  %%%s = quant.scast %%%s_c : %s to %s" % (
        name, name, tensor(shape, element), tensor(shape, qt)))
    return "%" + name


def clamp_attr(storage):
    if RNG.rand() < 0.5:
        return ""
    lo, hi = {"i8": (-128, 127), "u8": (0, 255), "i16": (-32768, 32767),
              "u16": (0, 65535)}[storage]
    a = int(RNG.randint(lo, (lo + hi) // 2))
    return " clamp = [%d, %d]" % (a, int(RNG.randint(a, hi + 1)))


def rounding():
    return " rounding = double" if RNG.rand() < 0.3 else ""


def weights(shape, seven=False):
    """Random 8-bit weights; a third of the time (or with `seven`) 7-bit
    ones."""
    if RNG.rand() < 1 / 3 or seven:
        return RNG.randint(-64, 64, shape)
    return RNG.randint(-127, 128, shape)


def conv_case(depthwise, residual=False, tile=False, wide=False):
    """A convolution; with `residual`, its result plus a second input (a
    residual connection: the addition joins the kernel's epilogue); with
    `tile`, a 3x3 depthwise convolution of 40 channels and 7-bit weights
    (the byte kernels' full 32-channel tiles, and a padded one)."""
    n = 1
    ih, iw = int(RNG.choice(ODD[:4])), int(RNG.choice(ODD[:3]))
    c = int(RNG.choice([1, 3, 17]))
    kh, kw = int(RNG.randint(1, 4)), int(RNG.randint(1, 4))
    if tile:
        c, kh, kw = 40, 3, 3
    sy, sx = int(RNG.randint(1, 3)), int(RNG.randint(1, 3))
    dy, dx = int(RNG.randint(1, 3)), int(RNG.randint(1, 3))
    pad = [int(RNG.randint(0, 3)) for _ in range(4)]
    ekh, ekw = (kh - 1) * dy + 1, (kw - 1) * dx + 1
    if ih + pad[0] + pad[1] < ekh or iw + pad[2] + pad[3] < ekw:
        pad = [ekh, ekh, ekw, ekw]
    oh = (ih + pad[0] + pad[1] - ekh) // sy + 1
    ow = (iw + pad[2] + pad[3] - ekw) // sx + 1
    mult = (1 if RNG.rand() < 0.6 or tile else 2) if depthwise else 1
    oc = c * mult if depthwise else int(RNG.choice([16, 32] if residual else [1, 3, 17, 65]))
    xs, xt = act(RNG.rand() < 0.3, wide)
    ys, yt = act(RNG.rand() < 0.3, wide)
    per_channel = RNG.rand() < 0.7
    wchan = c if depthwise else oc
    wscales = RNG.uniform(0.001, 0.05, wchan if per_channel else 1)
    wshape = [kh, kw, c, mult] if depthwise else [oc, kh, kw, c]
    wt = qaxis("i8<-127:127>", 2 if depthwise else 0, wscales) if per_channel else \
        qtype("i8<-127:127>", wscales[0], 0)
    xscale = float(xt.split(", ")[1].split(":")[0])
    lines = []
    x, xarg = arg_in("x", [n, ih, iw, c], xs, xt, lines)
    w = const("w", wshape, weights(wshape, seven=tile), "i8", wt, lines)
    bias = ""
    btype = ""
    if RNG.rand() < 0.7:
        bscales = [float(np.float32(xscale)) * float(np.float32(s)) for s in wscales]
        bscales = [bscales[(i // mult) if depthwise else i] for i in range(oc)] \
            if per_channel else bscales
        bt = qaxis("i32", 0, bscales) if per_channel else qtype("i32", bscales[0], 0)
        bias = ", " + const("b", [oc], RNG.randint(-5000, 5000, oc), "i32", bt, lines)
        btype = ", " + tensor([oc], bt)
    op = "qnt.depthwise_conv2d" if depthwise else "qnt.conv2d"
    lines.append("  %%y = %s %s, %s%s pad = [%s] stride = [%d, %d] dilation = [%d, %d]%s%s : "
                 "(%s, %s%s) -> %s" % (
                     op, x, w, bias, ", ".join(map(str, pad)), sy, sx, dy, dx,
                     clamp_attr(ys), rounding(), tensor([n, ih, iw, c], xt),
                     tensor(wshape, wt), btype, tensor([n, oh, ow, oc], yt)))
    if not residual:
        r, rtype = result_out("%y", [n, oh, ow, oc], ys, yt, lines)
        return [(xarg, [n, ih, iw, c], xs)], lines, r, rtype
    rs, rt = act(RNG.rand() < 0.3, wide)
    zs, zt = act(RNG.rand() < 0.3, wide)
    res, resarg = arg_in("res", [n, oh, ow, oc], rs, rt, lines)
    lines.append("  %%z = qnt.add %%y, %s%s%s : (%s, %s) -> %s" % (
        res, clamp_attr(zs), rounding(), tensor([n, oh, ow, oc], yt),
        tensor([n, oh, ow, oc], rt), tensor([n, oh, ow, oc], zt)))
    r, rtype = result_out("%z", [n, oh, ow, oc], zs, zt, lines)
    return [(xarg, [n, ih, iw, c], xs), (resarg, [n, oh, ow, oc], rs)], lines, r, rtype


def matmul_case(sizes=None, wide=False):
    form = RNG.choice(["2d", "batched", "shared"]) if sizes is None else "2d"
    m, k, n = sizes or (int(RNG.choice(ODD)), int(RNG.choice(ODD)), int(RNG.choice(ODD)))
    b = int(RNG.choice([1, 3]))
    ashape = [m, k] if form == "2d" else [b, m, k]
    wshape = [b, k, n] if form == "batched" else [k, n]
    yshape = [m, n] if form == "2d" else [b, m, n]
    xs, at = act(RNG.rand() < 0.3, wide)
    ys, yt = act(RNG.rand() < 0.3, wide)
    if RNG.rand() < 0.5:
        wt = qaxis("i8<-127:127>", len(wshape) - 1, RNG.uniform(0.001, 0.05, n))
    else:
        wt = qtype("i8", RNG.uniform(0.001, 0.05), 0)
    lines = []
    a, aarg = arg_in("a", ashape, xs, at, lines)
    w = const("w", wshape, weights(wshape), "i8", wt, lines)
    lines.append("  %%y = qnt.matmul %s, %s%s%s : (%s, %s) -> %s" % (
        a, w, clamp_attr(ys), rounding(), tensor(ashape, at), tensor(wshape, wt),
        tensor(yshape, yt)))
    r, rtype = result_out("%y", yshape, ys, yt, lines)
    return [(aarg, ashape, xs)], lines, r, rtype


def binary_case(opname, wide=False):
    """`wide`: 16-bit operands and result (the s16 scheme's), whose
    products need 128-bit requantization."""
    rank = int(RNG.randint(1, 5))
    shape = [int(RNG.choice(ODD[:4])) for _ in range(rank)]
    bshape = [s if RNG.rand() < 0.6 else 1 for s in shape]
    ls, lt = act(RNG.rand() < 0.5, wide)
    rs, rt = act(RNG.rand() < 0.5, wide)
    ys, yt = act(RNG.rand() < 0.5, wide)
    lines = []
    a, aarg = arg_in("a", shape, ls, lt, lines)
    b, barg = arg_in("b", bshape, rs, rt, lines)
    lines.append("  %%y = qnt.%s %s, %s%s%s : (%s, %s) -> %s" % (
        opname, a, b, clamp_attr(ys), rounding(), tensor(shape, lt),
        tensor(bshape, rt), tensor(shape, yt)))
    r, rtype = result_out("%y", shape, ys, yt, lines)
    return [(aarg, shape, ls), (barg, bshape, rs)], lines, r, rtype


def pool_case(is_max, wide=False):
    ih, iw, c = int(RNG.choice(ODD[:4])), int(RNG.choice(ODD[:4])), int(RNG.choice([1, 3, 17]))
    kh, kw = int(RNG.randint(1, min(ih, 3) + 1)), int(RNG.randint(1, min(iw, 3) + 1))
    sy, sx = int(RNG.randint(1, 3)), int(RNG.randint(1, 3))
    pad = [int(RNG.randint(0, kh)), int(RNG.randint(0, kh)),
           int(RNG.randint(0, kw)), int(RNG.randint(0, kw))]
    oh = (ih + pad[0] + pad[1] - kh) // sy + 1
    ow = (iw + pad[2] + pad[3] - kw) // sx + 1
    xs, xt = act(RNG.rand() < 0.4, wide)
    ys, yt = (xs, xt) if is_max else act(RNG.rand() < 0.4, wide)
    lines = []
    x, xarg = arg_in("x", [1, ih, iw, c], xs, xt, lines)
    extra = "" if is_max else (" count_include_pad" if RNG.rand() < 0.3 else "") + rounding()
    lines.append("  %%y = qnt.%s %s kernel = [%d, %d] stride = [%d, %d] pad = [%s]%s : %s -> %s" % (
        "max_pool2d" if is_max else "avg_pool2d", x, kh, kw, sy, sx,
        ", ".join(map(str, pad)), extra, tensor([1, ih, iw, c], xt),
        tensor([1, oh, ow, c], yt)))
    r, rtype = result_out("%y", [1, oh, ow, c], ys, yt, lines)
    return [(xarg, [1, ih, iw, c], xs)], lines, r, rtype


def concat_case(wide=False):
    rows = int(RNG.choice(ODD[:3]))
    ys, yt = act(RNG.rand() < 0.4, wide)
    args, lines, operands, types, total = [], [], [], [], 0
    for i in range(int(RNG.randint(2, 4))):
        width = int(RNG.choice(ODD[:4]))
        s, t = (ys, yt) if i == 0 else act(ys in ("i8", "i16"), wide)
        v, varg = arg_in("x%d" % i, [rows, width], s, t, lines)
        args.append((varg, [rows, width], s))
        operands.append(v)
        types.append(tensor([rows, width], t))
        total += width
    lines.append("  %%y = qnt.concat %s axis = 1 : (%s) -> %s" % (
        ", ".join(operands), ", ".join(types), tensor([rows, total], yt)))
    r, rtype = result_out("%y", [rows, total], ys, yt, lines)
    return args, lines, r, rtype


def requantize_case(wide=False):
    shape = [int(RNG.choice(ODD[:4])), int(RNG.choice([3, 17]))]
    xs, xt = act(RNG.rand() < 0.5, wide)
    if RNG.rand() < 0.5:
        ys = "i8"
        yt = qaxis("i8<-127:127>", 1, RNG.uniform(0.01, 0.3, shape[1]))
    else:
        ys, yt = act(RNG.rand() < 0.5, wide)
    lines = []
    x, xarg = arg_in("x", shape, xs, xt, lines)
    lines.append("  %%y = qnt.requantize %s%s : %s -> %s" % (
        x, rounding(), tensor(shape, xt), tensor(shape, yt)))
    r, rtype = result_out("%y", shape, ys, yt, lines)
    return [(xarg, shape, xs)], lines, r, rtype


CASES = [("conv2d", lambda: conv_case(False), 8),
         ("depthwise_conv2d", lambda: conv_case(True), 10),
         ("depthwise_conv2d-tile", lambda: conv_case(True, tile=True), 3),
         ("conv2d-residual", lambda: conv_case(False, residual=True), 4),
         ("matmul", matmul_case, 8),
         ("matmul-large", lambda: matmul_case(LARGE.pop(0)), 3),
         ("add", lambda: binary_case("add"), 6),
         ("mul", lambda: binary_case("mul"), 6),
         ("add16", lambda: binary_case("add", wide=True), 4),
         ("mul16", lambda: binary_case("mul", wide=True), 6),
         ("max_pool2d", lambda: pool_case(True), 5),
         ("avg_pool2d", lambda: pool_case(False), 6),
         ("concat", concat_case, 4),
         ("requantize", requantize_case, 5),
         ("conv2d16", lambda: conv_case(False, wide=True), 4),
         ("depthwise_conv2d16", lambda: conv_case(True, wide=True), 4),
         ("conv2d16-residual", lambda: conv_case(False, residual=True, wide=True), 2),
         ("matmul16", lambda: matmul_case(wide=True), 4),
         ("max_pool2d16", lambda: pool_case(True, wide=True), 2),
         ("avg_pool2d16", lambda: pool_case(False, wide=True), 3),
         ("concat16", lambda: concat_case(wide=True), 2),
         ("requantize16", lambda: requantize_case(wide=True), 3)]


STORAGE_C = {"i8": ("int8_t", np.int8), "u8": ("uint8_t", np.uint8),
             "i16": ("int16_t", np.int16), "u16": ("uint16_t", np.uint16),
             "i32": ("int32_t", np.int32)}


def c_driver(args, result_shape, result_storage):
    """A C program calling the case's entry point `m_run`: argv[1..n] raw
    input files, argv[n+1] the raw result file."""
    lines = ['#include "m.h"', "#include <stdio.h>", "#include <stdlib.h>", "",
             "static void *load(const char *path, size_t bytes) {",
             '  FILE *f = fopen(path, "rb");',
             "  void *p = malloc(bytes);",
             "  if (!f || !p || fread(p, 1, bytes, f) != bytes) exit(2);",
             "  fclose(f);", "  return p;", "}", "",
             "int main(int argc, char **argv) {",
             "  if (argc != %d) return 2;" % (len(args) + 2)]
    call = []
    for j, (_, shape, storage) in enumerate(args):
        ctype, dtype = STORAGE_C[storage]
        count = int(np.prod(shape))
        lines.append("  static const int64_t s%d[] = {%s};" % (j, ", ".join(map(str, shape))))
        lines.append("  %s *in%d = load(argv[%d], %d);" % (
            ctype, j, j + 1, count * np.dtype(dtype).itemsize))
        call += ["in%d" % j, "s%d" % j]
    ctype, dtype = STORAGE_C[result_storage]
    count = int(np.prod(result_shape))
    lines.append("  static const int64_t so[] = {%s};" % ", ".join(map(str, result_shape)))
    lines.append("  %s *out = malloc(%d);" % (ctype, count * np.dtype(dtype).itemsize))
    call += ["out", "so"]
    lines += ["  if (!out || m_run(%s) != 0) return 3;" % ", ".join(call),
              '  FILE *f = fopen(argv[%d], "wb");' % (len(args) + 1),
              "  if (!f || fwrite(out, 1, %d, f) != %d) return 4;" % (
                  count * np.dtype(dtype).itemsize, count * np.dtype(dtype).itemsize),
              "  return fclose(f) != 0;", "}", ""]
    return "\n".join(lines)


def run_aarch64(case, args, inputs, reference, opts, pipeline):
    """Compiles the case for AArch64, links it and runs it under qemu;
    returns (stderr of the compile, result array or None, error text)."""
    compile_cmd = ["qmlir-translate", "--qmlir-to-object", str(case / "model.mlir"),
                   "--target-triple=aarch64-linux-gnu", "--target-cpu=" + opts.aarch64_cpu,
                   "--c-prefix=m", "--c-header=" + str(case / "m.h"),
                   "-o", str(case / "m.o")]
    if pipeline:
        compile_cmd.append("--codegen-options=" + pipeline)
    run = subprocess.run(compile_cmd, capture_output=True, text=True)
    if run.returncode != 0:
        return run.stderr, None, run.stderr
    storage = {np.dtype(d): s for s, (_, d) in STORAGE_C.items()}[reference.dtype]
    (case / "main.c").write_text(c_driver(args, reference.shape, storage))
    link = subprocess.run(opts.cc.split() + ["-O1", "-I" + str(case), str(case / "main.c"),
                                             str(case / "m.o"), "-lm", "-o", str(case / "run")],
                          capture_output=True, text=True)
    if link.returncode != 0:
        return run.stderr, None, link.stderr
    raws = []
    for j, path in enumerate(inputs):
        raw = case / ("in%d.raw" % j)
        np.load(path).tofile(raw)
        raws.append(str(raw))
    exe = subprocess.run(opts.qemu.split() + ["-cpu", opts.qemu_cpu or opts.aarch64_cpu,
                                              str(case / "run")] + raws + [str(case / "out.raw")],
                         capture_output=True, text=True)
    if exe.returncode != 0:
        return run.stderr, None, "exit status %d %s" % (exe.returncode, exe.stderr)
    result = np.fromfile(case / "out.raw", dtype=reference.dtype).reshape(reference.shape)
    return run.stderr, result, ""


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("work")
    parser.add_argument("--pipeline-options", default="")
    parser.add_argument("--expect-kernel", action="append", default=[])
    parser.add_argument("--aarch64-cpu")
    parser.add_argument("--qemu-cpu")
    parser.add_argument("--cc", default="aarch64-linux-gnu-gcc")
    parser.add_argument("--qemu", default="qemu-aarch64 -L /usr/aarch64-linux-gnu")
    opts = parser.parse_args()
    # Every case compiles: a cached object from an earlier run would print
    # no kernel remarks.
    os.environ["QMLIR_CACHE_DIR"] = ""
    work = Path(opts.work)
    pipeline = opts.pipeline_options
    if opts.expect_kernel:
        pipeline = (pipeline + " kernel-remarks=true").strip()
    options = ["--pipeline-options=" + pipeline] if pipeline else []
    kernels = {}
    work.mkdir(parents=True, exist_ok=True)
    failures = 0
    total = 0
    for name, make, count in CASES:
        for i in range(count):
            args, body, result, rtype = make()
            header_args = []
            seen = []
            for line in body:
                for token in ("quant.scast %", "tensor.bitcast %"):
                    if token in line and ("_q =" in line or "_b =" in line):
                        var = line.split(token)[1].split(" ")[0]
                        if not var.endswith("_b") and not var.endswith("_c") and var not in seen:
                            seen.append(var)
            for var, (argtype, shape, storage) in zip(seen, args):
                header_args.append("%%%s: %s" % (var, argtype))
            text = "func.func @main(%s) -> %s {\n%s\n  return %s : %s\n}\n" % (
                ", ".join(header_args), rtype, "\n".join(body), result, rtype)
            case = work / ("%s-%d" % (name, i))
            case.mkdir(exist_ok=True)
            (case / "model.mlir").write_text(text)
            inputs = []
            for j, (argtype, shape, storage) in enumerate(args):
                if storage == "u8":
                    data = RNG.randint(0, 256, shape).astype(np.uint8)
                elif storage == "u16":
                    data = RNG.randint(0, 65536, shape).astype(np.uint16)
                elif storage == "i16":
                    data = RNG.randint(-32768, 32768, shape).astype(np.int16)
                else:
                    data = RNG.randint(-128, 128, shape).astype(np.int8)
                path = case / ("in%d.npy" % j)
                np.save(path, data)
                inputs += ["--input", str(path)]
            outs = {}
            for mode in ("reference", "compiled"):
                if mode == "compiled" and opts.aarch64_cpu:
                    remarks, result, error = run_aarch64(
                        case, args, inputs[1::2], outs["reference"], opts, pipeline)
                    for kind in set(re.findall(r": (\S+) kernel, tile", remarks)):
                        kernels[kind] = kernels.get(kind, 0) + 1
                    if result is None:
                        print("%s-%d: aarch64 run failed:\n%s" % (name, i, error))
                        failures += 1
                        break
                    outs[mode] = result
                    continue
                cmd = ["qmlir-run", str(case / "model.mlir")] + inputs + [
                    "--output-dir", str(case / mode)]
                if mode == "reference":
                    cmd.append("--reference")
                else:
                    cmd += options
                run = subprocess.run(cmd, capture_output=True, text=True)
                if mode == "compiled":
                    for kind in set(re.findall(r": (\S+) kernel, tile", run.stderr)):
                        kernels[kind] = kernels.get(kind, 0) + 1
                if run.returncode != 0:
                    print("%s-%d: %s run failed:\n%s" % (name, i, mode, run.stderr))
                    failures += 1
                    break
                outs[mode] = np.load(case / mode / "result0.npy")
            total += 1
            if len(outs) < 2:
                continue
            same = outs["compiled"].dtype == outs["reference"].dtype and \
                np.array_equal(outs["compiled"], outs["reference"])
            diff = int(np.sum(outs["compiled"] != outs["reference"]))
            print("%-18s #%d %-22s %s" % (name, i, "x".join(map(str, outs["compiled"].shape)),
                                          "bit-exact" if same else "DIFFERS in %d elements" % diff))
            failures += 0 if same else 1
    for kind in opts.expect_kernel:
        print("kernel %s: %d cases" % (kind, kernels.get(kind, 0)))
        if not kernels.get(kind):
            print("kernel %s was never used" % kind)
            failures += 1
    print("%d cases, %d failing" % (total, failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
