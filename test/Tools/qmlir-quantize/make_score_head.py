#!/usr/bin/env python3
"""A wake-word-like score head (float TOSA MLIR): a 1x1 convolution
16->8, relu, a 1x1 convolution 8->1, sigmoid, reshaped to one score per
sample ([1, 1]), with calibration data that never fires (scores well
below 0.5) and evaluation data of which half fires.

  make_score_head.py DIR   writes DIR/model.mlir, DIR/calib.npy and
                           DIR/eval.npy
"""

import sys
from pathlib import Path

import numpy as np

sys.dont_write_bytecode = True  # no __pycache__ next to the sources
from make_damaged import const  # noqa: E402

r = np.random.RandomState(5)


def main():
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    # conv1 copies the input's first 8 channels; conv2 sums them: the score
    # is sigmoid(sum of the positive parts of x[0:8] - 4).
    w1 = np.zeros((8, 1, 1, 16), np.float32)
    for c in range(8):
        w1[c, 0, 0, c] = 1.0
    b1 = np.zeros(8, np.float32)
    w2 = np.ones((1, 1, 1, 8), np.float32)
    b2 = np.array([-4.0], np.float32)
    conv = ("tosa.conv2d %s, %%%s, %%%s, %%zp, %%zp {acc_type = f32, dilation = array<i64: 1, 1>, "
            "pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x1x1x%dxf32>, "
            "tensor<%dx1x1x%dxf32>, tensor<%dxf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x1x%dxf32>")
    lines = ["func.func @main(%x: tensor<1x1x1x16xf32>) -> tensor<1x1xf32> {"]
    for name, a in (("w1", w1), ("b1", b1), ("w2", w2), ("b2", b2), ("zp", np.zeros(1, np.float32))):
        lines.append(const(name, a))
    lines.append('  %%c1 = %s loc("conv1")' % (conv % ("%x", "w1", "b1", 16, 8, 16, 8, 8)))
    lines.append('  %r1 = tosa.clamp %c1 {max_val = 3.4e38 : f32, min_val = 0.0 : f32} : '
                 '(tensor<1x1x1x8xf32>) -> tensor<1x1x1x8xf32> loc("relu1")')
    lines.append('  %%c2 = %s loc("conv2")' % (conv % ("%r1", "w2", "b2", 8, 1, 8, 1, 1)))
    lines.append('  %s = tosa.sigmoid %c2 : (tensor<1x1x1x1xf32>) -> tensor<1x1x1x1xf32> loc("score")')
    lines.append("  %shape = tosa.const_shape {values = dense<[1, 1]> : tensor<2xindex>} : () -> !tosa.shape<2>")
    lines.append("  %y = tosa.reshape %s, %shape : (tensor<1x1x1x1xf32>, !tosa.shape<2>) -> tensor<1x1xf32>")
    lines.append("  return %y : tensor<1x1xf32>")
    lines.append("}")
    (out / "model.mlir").write_text("\n".join(lines) + "\n")
    # Calibration: small inputs (scores near sigmoid(-4)); evaluation: half
    # of the samples have large first channels (scores near 1).
    np.save(out / "calib.npy", r.uniform(-0.5, 0.5, (32, 1, 1, 1, 16)).astype(np.float32))
    ev = r.uniform(-0.5, 0.5, (8, 1, 1, 1, 16)).astype(np.float32)
    ev[::2, ..., :8] += 2.0
    np.save(out / "eval.npy", ev)


if __name__ == "__main__":
    main()
