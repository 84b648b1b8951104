#!/usr/bin/env python3
"""A float CNN (conv 3x3 -> relu -> depthwise 3x3 -> fully connected) for
weight-only quantization, and a numpy computation of the same network with
its weights quantized by hand.

The weights are quantized as qnt-quantize does for s8 per output channel:
symmetric, narrow range, scale = max|w| / 127 (rounded to f32), q =
round-half-even(w / scale) in f32, clamped to [-127, 127]; 4-bit the same
with 7 levels. The reference then computes in float64 with scale * q.

  weight_only.py make DIR           writes DIR/model.mlir and DIR/x.npy
  weight_only.py check DIR BITS     compares DIR/out/result0.npy
  weight_only.py dynamic DIR        the same for dynamic quantization (8 bits)

Dynamic quantization quantizes the input of the convolution and of the
matmul in every call: u8, scale = (max(x, 0) - min(x, 0)) / 255 in f32 (1 for
all zeros), zero point round-half-even(-lo / scale) in [0, 255], q =
clamp(round-half-even(x / scale) + zero point, 0, 255); the product is
(q - zero point) x the quantized weights, exactly, times the two scales.
The depthwise convolution keeps float inputs (weight-only).

Tolerance rtol 1e-4, atol 1e-4 (float32 against float64, and the scale
applied after the sum instead of to each weight).
"""

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
from reference import conv2d, depthwise  # noqa: E402

r = np.random.RandomState(5)
W1 = r.uniform(-0.5, 0.5, (8, 3, 3, 2)).astype(np.float32)
B1 = r.uniform(-0.2, 0.2, 8).astype(np.float32)
DW = r.uniform(-0.5, 0.5, (3, 3, 8, 1)).astype(np.float32)
DB = r.uniform(-0.2, 0.2, 8).astype(np.float32)
FC = r.uniform(-0.5, 0.5, (1, 8 * 6 * 6, 10)).astype(np.float32)
X = np.random.RandomState(6).uniform(-1, 1, (3, 6, 6, 2)).astype(np.float32)


def dense(a):
    return "dense<%s>" % np.array2string(a, separator=", ", threshold=1 << 30,
                                         floatmode="unique").replace("\n", "")


def tensor(shape):
    return "tensor<%sxf32>" % "x".join(map(str, shape))


def model():
    conv = ("{acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, "
            "stride = array<i64: 1, 1>}")
    lines = ["func.func @main(%x: tensor<1x6x6x2xf32>) -> tensor<1x1x10xf32> {"]
    for name, a in (("w1", W1), ("b1", B1), ("dw", DW), ("db", DB), ("fc", FC),
                    ("zp", np.zeros(1, np.float32))):
        lines.append('  %%%s = "tosa.const"() <{values = %s : %s}> : () -> %s'
                     % (name, dense(a), tensor(a.shape), tensor(a.shape)))
    lines += [
        "  %%c = tosa.conv2d %%x, %%w1, %%b1, %%zp, %%zp %s : (tensor<1x6x6x2xf32>, tensor<8x3x3x2xf32>, "
        "tensor<8xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x6x6x8xf32>" % conv,
        "  %r = tosa.clamp %c {max_val = 3.4e38 : f32, min_val = 0.0 : f32} : "
        "(tensor<1x6x6x8xf32>) -> tensor<1x6x6x8xf32>",
        "  %%d = tosa.depthwise_conv2d %%r, %%dw, %%db, %%zp, %%zp %s : (tensor<1x6x6x8xf32>, "
        "tensor<3x3x8x1xf32>, tensor<8xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x6x6x8xf32>" % conv,
        "  %shape = tosa.const_shape {values = dense<[1, 1, 288]> : tensor<3xindex>} : () -> !tosa.shape<3>",
        "  %f = tosa.reshape %d, %shape : (tensor<1x6x6x8xf32>, !tosa.shape<3>) -> tensor<1x1x288xf32>",
        "  %y = tosa.matmul %f, %fc, %zp, %zp : (tensor<1x1x288xf32>, tensor<1x288x10xf32>, "
        "tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x10xf32>",
        "  return %y : tensor<1x1x10xf32>",
        "}",
    ]
    return "\n".join(lines) + "\n"


def quantized(w, axis, bits):
    """scale * q per channel along `axis`, as qnt-quantize stores it."""
    levels = 2 ** (bits - 1) - 1
    moved = np.moveaxis(w, axis, 0)
    out = np.empty(moved.shape, np.float64)
    for c in range(moved.shape[0]):
        scale = np.float32(np.abs(moved[c]).max() / levels)
        q = np.clip(np.rint(moved[c] / scale), -levels, levels)
        out[c] = np.float64(scale) * q
    return np.moveaxis(out, 0, axis)


def reference(bits):
    w1, dw, fc = quantized(W1, 0, bits), quantized(DW, 2, bits), quantized(FC, 2, bits)
    outs = []
    for i in range(len(X)):
        x = X[i:i + 1]
        c = np.maximum(conv2d(x, w1, B1, (1, 1), (1, 1, 1, 1), (1, 1)), 0)
        d = depthwise(c, dw, DB, (1, 1, 1, 1))
        outs.append(d.reshape(1, 1, 288) @ fc[0])
    return np.concatenate(outs)


def dynamic_input(x):
    """The real values the dynamically quantized input stands for."""
    f = np.float32
    lo, hi = min(f(x.min()), f(0)), max(f(x.max()), f(0))
    scale = f(f(hi - lo) / f(255))
    if scale == 0:
        scale = f(1)
    zp = np.clip(np.rint(f(-lo) / scale), 0, 255)
    q = np.clip(np.rint(x.astype(np.float32) / scale) + zp, 0, 255)
    return np.float64(scale) * (q - zp)


def reference_dynamic():
    w1, dw, fc = quantized(W1, 0, 8), quantized(DW, 2, 8), quantized(FC, 2, 8)
    outs = []
    for i in range(len(X)):
        x = dynamic_input(X[i:i + 1])
        c = np.maximum(conv2d(x, w1, B1, (1, 1), (1, 1, 1, 1), (1, 1)), 0)
        d = depthwise(c, dw, DB, (1, 1, 1, 1)).astype(np.float32)
        outs.append(dynamic_input(d.reshape(1, 1, 288)) @ fc[0])
    return np.concatenate(outs)


def main():
    mode, directory = sys.argv[1], Path(sys.argv[2])
    if mode == "make":
        directory.mkdir(parents=True, exist_ok=True)
        (directory / "model.mlir").write_text(model())
        np.save(directory / "x.npy", X)
        return
    got = np.load(directory / "out" / "result0.npy").astype(np.float64).reshape(-1, 1, 10)
    want = reference_dynamic() if mode == "dynamic" else reference(int(sys.argv[3]))
    err = np.abs(got - want)
    ok = got.shape == want.shape and np.all(err <= 1e-4 + 1e-4 * np.abs(want))
    print("out.npy: %s, max error %.3g" % ("ok" if ok else "MISMATCH", err.max()))
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
