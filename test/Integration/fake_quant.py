#!/usr/bin/env python3
"""Inputs and numpy reference of fake-quant.mlir.

  fake_quant.py make DIR   writes DIR/x.npy (ties, saturating values, NaN,
                           infinities) and DIR/w.npy
  fake_quant.py check DIR  compares DIR/out/*.npy bit for bit

The reference is the numerics library's definition in float32:
q = sat(roundHalfEven(x / s) + z), NaN -> z; dequantize s * (q - z).
"""

import sys
from pathlib import Path

import numpy as np


def quantize(x, scale, zp, qmin, qmax):
    x = x.astype(np.float32)
    q = np.rint(x / np.float32(scale)) + np.float32(zp)  # rint: half to even
    q = np.clip(q, qmin, qmax)
    q = np.where(np.isnan(x), zp, q)
    return q.astype(np.int64)


def dequantize(q, scale, zp):
    return (np.float32(scale) * (q - zp).astype(np.float32)).astype(np.float32)


def requantize(q, zin, sin, sout, zout, qmin, qmax):
    """sat(applyScale(q - zin, M, s) + zout), single rounding, with
    (M, s) = quantizeMultiplier(sin / sout) as in gemmlowp."""
    import math
    mantissa, exponent = math.frexp(sin / sout)
    fixed = round(mantissa * 2 ** 31)
    if fixed == 2 ** 31:
        fixed //= 2
        exponent += 1
    shift = 31 - exponent
    out = [min(max(((int(v) - zin) * fixed + (1 << (shift - 1))) >> shift, qmin - zout) + zout, qmax)
           for v in q.ravel()]
    return np.array(out, np.int64).reshape(q.shape)


def main():
    mode, d = sys.argv[1], Path(sys.argv[2])
    if mode == "make":
        d.mkdir(parents=True, exist_ok=True)
        r = np.random.RandomState(3)
        x = (r.standard_normal((4, 16)) * 20).astype(np.float32)
        # Ties (k + 0.5 steps), saturation, NaN and infinities.
        x[0, :6] = np.array([0.25, 0.75, -0.25, -0.75, 1.25, 1000.0], np.float32)
        x[1, :4] = np.array([np.nan, np.inf, -np.inf, -1000.0], np.float32)
        np.save(d / "x.npy", x)
        return 0
    x = np.load(d / "x.npy")
    q8 = quantize(x, 0.5, 3, 0, 255)
    q_axis = np.stack([quantize(x[:, c], s, 0, -127, 127)
                       for c, s in enumerate(np.linspace(0.1, 1.6, 16, dtype=np.float32))], axis=1)
    want = {
        "u8_q": q8.astype(np.uint8),
        "u8_dq": dequantize(q8, 0.5, 3),
        "requantized": requantize(q8, 3, 0.5, 0.2, 0, -127, 127).astype(np.int8),
        "s8_axis_dq": np.stack([dequantize(q_axis[:, c], s, 0) for c, s in
                                enumerate(np.linspace(0.1, 1.6, 16, dtype=np.float32))], axis=1),
    }
    ok = True
    for name, expected in want.items():
        got = np.load(d / "out" / (name + ".npy"))
        same = got.dtype == expected.dtype and np.array_equal(got.view(np.uint8), expected.view(np.uint8))
        print("%-10s %s" % (name, "bit-exact" if same else "MISMATCH"))
        if not same:
            print("  got      ", got.ravel()[:12])
            print("  expected ", expected.ravel()[:12])
        ok = ok and same
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
