#!/usr/bin/env python3
"""A four-layer CNN (float TOSA MLIR) with one deliberately damaged layer,
and calibration/evaluation data.

conv1 (3x3, 2->8) -> relu -> conv2 (3x3, 8->8) -> relu -> conv3 (1x1, 8->8)
-> relu -> conv4 (1x1, 8->4). conv2's filter 7 is zero with bias -1, so its
channel is 0 after the relu; conv3 reads that channel with a weight of 100.
In float the outlier multiplies zeros and changes nothing; quantized per
tensor, it sets conv3's weight scale to 100/127 and every other conv3
weight (|w| < 0.5) rounds to 0: conv3 alone destroys the output.

  make_damaged.py DIR   writes DIR/model.mlir, DIR/calib.npy, DIR/eval.npy
"""

import sys
from pathlib import Path

import numpy as np

r = np.random.RandomState(11)


def weights(o, kh, kw, i):
    return r.uniform(-0.5, 0.5, (o, kh, kw, i)).astype(np.float32)


def dense(a):
    return "dense<%s>" % np.array2string(a, separator=", ", threshold=1 << 30,
                                         floatmode="unique").replace("\n", "")


def const(name, a):
    t = "tensor<%sxf32>" % "x".join(map(str, a.shape))
    return '  %%%s = "tosa.const"() <{values = %s : %s}> : () -> %s' % (name, dense(a), t, t)


def main():
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    w1, b1 = weights(8, 3, 3, 2), r.uniform(-0.1, 0.1, 8).astype(np.float32)
    w2, b2 = weights(8, 3, 3, 8), r.uniform(-0.1, 0.1, 8).astype(np.float32)
    w2[7] = 0.0
    b2[7] = -1.0
    w3, b3 = weights(8, 1, 1, 8), r.uniform(-0.1, 0.1, 8).astype(np.float32)
    w3[0, 0, 0, 7] = 100.0
    w4, b4 = weights(4, 1, 1, 8), r.uniform(-0.1, 0.1, 4).astype(np.float32)
    lines = ["func.func @main(%x: tensor<1x8x8x2xf32>) -> tensor<1x8x8x4xf32> {"]
    for name, a in (("w1", w1), ("b1", b1), ("w2", w2), ("b2", b2), ("w3", w3), ("b3", b3),
                    ("w4", w4), ("b4", b4), ("zp", np.zeros(1, np.float32))):
        lines.append(const(name, a))
    attrs = "{acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: %s>, stride = array<i64: 1, 1>}"
    shape = "tensor<1x8x8x%dxf32>"
    prev, channels = "%x", 2
    for k, (w, pad, o) in enumerate(((w1, "1, 1, 1, 1", 8), (w2, "1, 1, 1, 1", 8),
                                      (w3, "0, 0, 0, 0", 8), (w4, "0, 0, 0, 0", 4)), 1):
        wt = "tensor<%sxf32>" % "x".join(map(str, w.shape))
        lines.append('  %%c%d = tosa.conv2d %s, %%w%d, %%b%d, %%zp, %%zp %s : (%s, %s, tensor<%dxf32>, '
                     'tensor<1xf32>, tensor<1xf32>) -> %s loc("conv%d")'
                     % (k, prev, k, k, attrs % pad, shape % channels, wt, o, shape % o, k))
        prev, channels = "%%c%d" % k, o
        if k < 4:
            lines.append('  %%r%d = tosa.clamp %%c%d {max_val = 3.4e38 : f32, min_val = 0.0 : f32} : '
                         '(%s) -> %s loc("relu%d")' % (k, k, shape % o, shape % o, k))
            prev = "%%r%d" % k
    lines.append("  return %s : %s" % (prev, shape % 4))
    lines.append("}")
    (out / "model.mlir").write_text("\n".join(lines) + "\n")
    np.save(out / "calib.npy", r.uniform(-1, 1, (16, 8, 8, 2)).astype(np.float32))
    np.save(out / "eval.npy", r.uniform(-1, 1, (16, 8, 8, 2)).astype(np.float32))


if __name__ == "__main__":
    main()
