#!/usr/bin/env python3
"""A spectrogram-like front end (float TOSA MLIR), as voice activity models
start: frames of audio [1, 1, 64, 1] through two 16-tap convolutions (the
real and imaginary parts of 8 frequency bins, stride 8), the magnitude
sqrt(re^2 + im^2), then a 1x1 convolution 8 -> 4. The audio is low noise
with loud bursts, so the power spectrum spans many orders of magnitude.

  make_spectrum.py DIR   writes DIR/model.mlir, DIR/calib.npy and
                         DIR/eval.npy
"""

import sys
from pathlib import Path

import numpy as np

sys.dont_write_bytecode = True  # no __pycache__ next to the sources
from make_damaged import const  # noqa: E402

r = np.random.RandomState(3)


def main():
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    n = np.arange(16)
    k = np.arange(1, 9)[:, None]
    re = np.cos(2 * np.pi * k * n / 16).astype(np.float32).reshape(8, 1, 16, 1)
    im = np.sin(2 * np.pi * k * n / 16).astype(np.float32).reshape(8, 1, 16, 1)
    w = r.uniform(-1, 1, (4, 1, 1, 8)).astype(np.float32)
    conv = ("tosa.conv2d %%x, %%%s, %%zb8, %%zp, %%zp {acc_type = f32, dilation = array<i64: 1, 1>, "
            "pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 8>} : (tensor<1x1x64x1xf32>, "
            "tensor<8x1x16x1xf32>, tensor<8xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x7x8xf32>")
    t = "tensor<1x1x7x8xf32>"
    lines = ["func.func @main(%x: tensor<1x1x64x1xf32>) -> tensor<1x1x7x4xf32> {"]
    for name, a in (("wre", re), ("wim", im), ("w", w), ("zb8", np.zeros(8, np.float32)),
                    ("zb4", np.zeros(4, np.float32)), ("zp", np.zeros(1, np.float32)),
                    ("two", np.full((1, 1, 1, 1), 2.0, np.float32)),
                    ("half", np.full((1, 1, 1, 1), 0.5, np.float32))):
        lines.append(const(name, a))
    lines.append('  %%re = %s loc("re")' % (conv % "wre"))
    lines.append('  %%im = %s loc("im")' % (conv % "wim"))
    lines.append('  %%re2 = tosa.pow %%re, %%two : (%s, tensor<1x1x1x1xf32>) -> %s loc("re2")' % (t, t))
    lines.append('  %%im2 = tosa.pow %%im, %%two : (%s, tensor<1x1x1x1xf32>) -> %s loc("im2")' % (t, t))
    lines.append('  %%p = tosa.add %%re2, %%im2 : (%s, %s) -> %s loc("power")' % (t, t, t))
    lines.append('  %%m = tosa.pow %%p, %%half : (%s, tensor<1x1x1x1xf32>) -> %s loc("magnitude")' % (t, t))
    lines.append('  %y = tosa.conv2d %m, %w, %zb4, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, '
                 'pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x1x7x8xf32>, '
                 'tensor<4x1x1x8xf32>, tensor<4xf32>, tensor<1xf32>, tensor<1xf32>) -> '
                 'tensor<1x1x7x4xf32> loc("fc")')
    lines.append("  return %y : tensor<1x1x7x4xf32>")
    lines.append("}")
    (out / "model.mlir").write_text("\n".join(lines) + "\n")
    # Low noise; a loud tone in a third of the samples.
    for name, count in (("calib", 24), ("eval", 12)):
        x = r.normal(0, 0.01, (count, 1, 1, 64, 1)).astype(np.float32)
        x[::3, 0, 0, :, 0] += np.sin(np.arange(64) * 0.8).astype(np.float32)
        np.save(out / ("%s.npy" % name), x)


if __name__ == "__main__":
    main()
