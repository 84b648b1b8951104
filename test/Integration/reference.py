#!/usr/bin/env python3
"""Inputs and numpy references for qmlir's JIT integration tests.

  reference.py make CASE DIR               writes the inputs DIR/in<i>.npy
  reference.py check CASE DIR [OUT.npy..]  compares DIR/out/OUT.npy (default
                                           result<i>.npy) with the references,
                                           within the case's tolerance

References are computed in float64 from the float32 inputs, independently of
qmlir (plain numpy, following the TOSA 1.0 operator definitions).

Tolerances: element-wise ops differ from float64 only by float32 rounding and
libm's transcendental accuracy (a few ulp): rtol 1e-5. Contractions (conv,
matmul, pooling sums) accumulate K float32 products in a different order than
the float64 reference; the error is bounded by K * eps32 * sum|a*b|, about
1e-5 for K <= 100 and values in [-1, 1], so atol 1e-4 with rtol 1e-4.
"""

import sys
from pathlib import Path

import numpy as np

ELEMENTWISE = dict(rtol=1e-5, atol=1e-6)
CONTRACTION = dict(rtol=1e-4, atol=1e-4)


def rand(seed, *shape, low=-1.0, high=1.0):
    return np.random.RandomState(seed).uniform(low, high, shape).astype(np.float32)


def conv2d(x, w, b, stride, pad, dil):
    """NHWC input, OHWI weights, pad = (top, bottom, left, right)."""
    x = x.astype(np.float64)
    w = w.astype(np.float64)
    n, h, wd, _ = x.shape
    o, kh, kw, _ = w.shape
    xp = np.pad(x, ((0, 0), (pad[0], pad[1]), (pad[2], pad[3]), (0, 0)))
    oh = (h + pad[0] + pad[1] - (kh - 1) * dil[0] - 1) // stride[0] + 1
    ow = (wd + pad[2] + pad[3] - (kw - 1) * dil[1] - 1) // stride[1] + 1
    out = np.zeros((n, oh, ow, o)) + b
    for i in range(kh):
        for j in range(kw):
            y0, x0 = i * dil[0], j * dil[1]
            patch = xp[:, y0:y0 + stride[0] * (oh - 1) + 1:stride[0],
                       x0:x0 + stride[1] * (ow - 1) + 1:stride[1], :]
            out += np.einsum("nhwc,oc->nhwo", patch, w[:, i, j, :])
    return out


def depthwise(x, w, b, pad):
    """NHWC input, [KH, KW, C, M] weights, stride 1, output channel c*M+m."""
    kh, kw, c, m = w.shape
    n, h, wd, _ = x.shape
    xp = np.pad(x.astype(np.float64), ((0, 0), (pad[0], pad[1]), (pad[2], pad[3]), (0, 0)))
    oh, ow = h + pad[0] + pad[1] - kh + 1, wd + pad[2] + pad[3] - kw + 1
    out = np.zeros((n, oh, ow, c, m))
    for i in range(kh):
        for j in range(kw):
            out += xp[:, i:i + oh, j:j + ow, :, None] * w[i, j].astype(np.float64)
    return out.reshape(n, oh, ow, c * m) + b


def pool(x, k, stride, pad, kind):
    """Max or average (padding excluded from the count, as TOSA) pooling."""
    n, h, w, c = x.shape
    fill = -np.inf if kind == "max" else 0.0
    xp = np.pad(x.astype(np.float64), ((0, 0), (pad[0], pad[1]), (pad[2], pad[3]), (0, 0)),
                constant_values=fill)
    ones = np.pad(np.ones((h, w)), ((pad[0], pad[1]), (pad[2], pad[3])))
    oh = (h + pad[0] + pad[1] - k[0]) // stride[0] + 1
    ow = (w + pad[2] + pad[3] - k[1]) // stride[1] + 1
    out = np.zeros((n, oh, ow, c))
    for y in range(oh):
        for z in range(ow):
            win = xp[:, y * stride[0]:y * stride[0] + k[0], z * stride[1]:z * stride[1] + k[1], :]
            if kind == "max":
                out[:, y, z, :] = win.max(axis=(1, 2))
            else:
                count = ones[y * stride[0]:y * stride[0] + k[0], z * stride[1]:z * stride[1] + k[1]].sum()
                out[:, y, z, :] = win.sum(axis=(1, 2)) / count
    return out


def resize_nearest(x, scale, offset, border):
    """TOSA 1.0 RESIZE, NEAREST_NEIGHBOR; scale = [yn, yd, xn, xd]."""
    n, h, w, c = x.shape
    oh = ((h - 1) * scale[0] - offset[0] + border[0]) // scale[1] + 1
    ow = ((w - 1) * scale[2] - offset[1] + border[1]) // scale[3] + 1

    def source(o, size, num, den, off):
        pos = o * den + off
        i = pos // num
        d = pos - i * num
        i = i + (1 if 2 * d >= num else 0)
        return min(max(i, 0), size - 1)

    ys = [source(y, h, scale[0], scale[1], offset[0]) for y in range(oh)]
    xs = [source(z, w, scale[2], scale[3], offset[1]) for z in range(ow)]
    return x[:, ys][:, :, xs].astype(np.float64)


def softmax(x, axis):
    x = x.astype(np.float64)
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x.astype(np.float64)))


# Each case: (inputs, function of the inputs returning the expected outputs,
# tolerance).
CASES = {
    "conv2d": (
        lambda: [rand(1, 2, 9, 9, 3), rand(2, 4, 3, 3, 3), rand(3, 4)],
        lambda x, w, b: [conv2d(x, w, b, (2, 2), (1, 1, 1, 1), (1, 1)),
                         conv2d(x, w, b, (1, 1), (2, 2, 2, 2), (2, 2)),
                         conv2d(x, w, b, (1, 1), (0, 0, 0, 0), (1, 1))],
        CONTRACTION),
    "conv2d_const": (
        lambda: [rand(4, 1, 6, 6, 2)],
        lambda x: [conv2d(x, np.arange(4 * 2 * 2 * 2, dtype=np.float32).reshape(4, 2, 2, 2) / 32.0,
                          np.array([0.5, -0.5, 0.25, 0.0]), (1, 1), (0, 1, 0, 1), (1, 1))],
        CONTRACTION),
    "depthwise_grouped": (
        lambda: [rand(5, 1, 8, 8, 4), rand(6, 3, 3, 4, 2), rand(7, 8),
                 rand(8, 3, 3, 3, 2), rand(9, 3, 3, 3, 2), rand(27, 3, 3, 4, 1)],
        lambda x, dw, db, g0, g1, dw1: [
            depthwise(x, dw, db, (1, 1, 1, 1)),
            depthwise(x, dw1, 0.0, (1, 1, 1, 1)),
            np.concatenate([conv2d(x[..., 0:2], g0, 0.0, (1, 1), (1, 1, 1, 1), (1, 1)),
                            conv2d(x[..., 2:4], g1, 0.0, (1, 1), (1, 1, 1, 1), (1, 1))], axis=3)],
        CONTRACTION),
    "matmul": (
        lambda: [rand(10, 3, 4, 5), rand(11, 3, 5, 6), rand(12, 2, 8), rand(13, 1, 8, 10),
                 rand(14, 1, 1, 10)],
        lambda a, b, x, w, bias: [
            np.matmul(a.astype(np.float64), b),
            (x.astype(np.float64) @ w[0] + bias[0])],
        CONTRACTION),
    "matmul_shared_rhs": (
        lambda: [rand(28, 3, 5), rand(29, 5, 15)],
        lambda a, r: [
            a.astype(np.float64) @ r,
            a.astype(np.float64) @ r[:, 5:15],
            (a.astype(np.float64) @ r[:, 5:15])[:, 0:5] @ r],
        CONTRACTION),
    "pool": (
        lambda: [rand(15, 1, 9, 9, 3)],
        lambda x: [pool(x, (3, 3), (2, 2), (1, 1, 1, 1), "max"),
                   pool(x, (3, 3), (2, 2), (1, 1, 1, 1), "avg"),
                   x.astype(np.float64).mean(axis=(1, 2), keepdims=True)],
        CONTRACTION),
    "elementwise": (
        lambda: [rand(16, 2, 3, 4), rand(17, 1, 3, 1, low=0.5, high=2.0)],
        lambda a, b: [a.astype(np.float64) + b, a.astype(np.float64) - b,
                      a.astype(np.float64) * b, a.astype(np.float64) / b,
                      np.maximum(a.astype(np.float64), b)],
        ELEMENTWISE),
    "activations": (
        lambda: [rand(18, 4, 16, low=-3.0, high=3.0), rand(19, 4, 16, low=0.1, high=5.0)],
        lambda x, p: [np.maximum(x.astype(np.float64), 0.0),
                      np.clip(x.astype(np.float64), -1.0, 1.0),
                      sigmoid(x), np.tanh(x.astype(np.float64)),
                      np.exp(x.astype(np.float64)), np.log(p.astype(np.float64))],
        ELEMENTWISE),
    "softmax": (
        lambda: [rand(20, 4, 10, low=-5.0, high=5.0)],
        lambda x: [softmax(x, 1)],
        ELEMENTWISE),
    "shapes": (
        lambda: [rand(21, 2, 3, 4), rand(22, 2, 3, 2)],
        lambda a, b: [a.reshape(6, 4).astype(np.float64),
                      a.transpose(2, 0, 1).astype(np.float64),
                      np.pad(a.astype(np.float64), ((0, 0), (1, 2), (0, 1)), constant_values=0.5),
                      a[:, 1:3, 1:4].astype(np.float64),
                      np.concatenate([a, b], axis=2).astype(np.float64)],
        ELEMENTWISE),
    "reduce": (
        lambda: [rand(23, 3, 5, 7)],
        lambda x: [x.astype(np.float64).sum(axis=1, keepdims=True),
                   x.astype(np.float64).mean(axis=2, keepdims=True),
                   x.astype(np.float64).max(axis=0, keepdims=True)],
        CONTRACTION),
    "resize": (
        lambda: [rand(24, 1, 4, 5, 2)],
        lambda x: [resize_nearest(x, (2, 1, 2, 1), (-1, -1), (0, 0)),
                   resize_nearest(x, (4, 2, 6, 2), (0, 0), (0, 0))],
        ELEMENTWISE),
    # Named inputs and outputs; run in dataset mode over 3 batches of 2.
    "named_dataset": (
        lambda: [rand(25, 6, 4), rand(26, 6, 4)],
        lambda x, y: [x.astype(np.float64) * 2.0 + y, x.astype(np.float64) - y],
        ELEMENTWISE),
}


def main(argv):
    if len(argv) < 4 or argv[1] not in ("make", "check") or argv[2] not in CASES:
        sys.exit("usage: reference.py make|check CASE DIR [OUTPUT.npy ...]  (cases: %s)"
                 % ", ".join(CASES))
    mode, case, directory = argv[1], argv[2], Path(argv[3])
    make_inputs, reference, tolerance = CASES[case]
    inputs = make_inputs()
    expected = reference(*inputs)
    if mode == "make":
        directory.mkdir(parents=True, exist_ok=True)
        for i, array in enumerate(inputs):
            np.save(directory / ("in%d.npy" % i), array)
        return
    names = argv[4:] or ["result%d.npy" % i for i in range(len(expected))]
    if len(names) != len(expected):
        sys.exit("%d output names for %d expected outputs" % (len(names), len(expected)))
    failed = False
    for name, want in zip(names, expected):
        path = directory / "out" / name
        got = np.load(path)
        if got.dtype != np.float32 or got.shape != want.shape:
            print("%s: got %s %s, expected float32 %s" % (name, got.dtype, got.shape, want.shape))
            failed = True
            continue
        err = np.abs(got.astype(np.float64) - want)
        bound = tolerance["atol"] + tolerance["rtol"] * np.abs(want)
        if not np.all(err <= bound):
            worst = np.unravel_index(np.argmax(err - bound), err.shape)
            print("%s: max error %.3g at %s (got %.9g, expected %.9g)"
                  % (name, err.max(), worst, got[worst], want[worst]))
            failed = True
        else:
            print("%s: ok, max error %.3g" % (name, err.max()))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main(sys.argv)
