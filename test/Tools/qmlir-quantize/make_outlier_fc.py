#!/usr/bin/env python3
"""A transformer-like fully connected layer after a layer normalization's
affine tail (float TOSA MLIR): x [1, 16, 32] * gamma + beta, reshaped to
[16, 1, 1, 32], a 1x1 convolution 32 -> 16. Two channels of gamma are 40
times the others (the outlier channels of transformer activations), so
the layer's input has a per-tensor range set by those two channels.

  make_outlier_fc.py DIR   writes DIR/model.mlir, DIR/calib.npy and
                           DIR/eval.npy
"""

import sys
from pathlib import Path

import numpy as np

sys.dont_write_bytecode = True  # no __pycache__ next to the sources
from make_damaged import const  # noqa: E402

r = np.random.RandomState(11)


def main():
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    gamma = r.uniform(0.5, 1.5, (1, 1, 32)).astype(np.float32)
    gamma[0, 0, [5, 17]] *= 40.0
    beta = r.uniform(-0.2, 0.2, (1, 1, 32)).astype(np.float32)
    w = r.uniform(-0.5, 0.5, (16, 1, 1, 32)).astype(np.float32)
    w[:, 0, 0, [5, 17]] *= 0.05  # the outliers matter as much as the rest
    b = r.uniform(-0.1, 0.1, 16).astype(np.float32)
    lines = ["func.func @main(%x: tensor<1x16x32xf32>) -> tensor<16x1x1x16xf32> {"]
    for name, a in (("gamma", gamma), ("beta", beta), ("w", w), ("b", b),
                    ("zp", np.zeros(1, np.float32))):
        lines.append(const(name, a))
    lines.append('  %shift = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>')
    lines.append("  %m = tosa.mul %x, %gamma, %shift : (tensor<1x16x32xf32>, tensor<1x1x32xf32>, "
                 'tensor<1xi8>) -> tensor<1x16x32xf32> loc("ln.gamma")')
    lines.append("  %a = tosa.add %m, %beta : (tensor<1x16x32xf32>, tensor<1x1x32xf32>) -> "
                 'tensor<1x16x32xf32> loc("ln.beta")')
    lines.append("  %shape = tosa.const_shape {values = dense<[16, 1, 1, 32]> : tensor<4xindex>} : "
                 "() -> !tosa.shape<4>")
    lines.append("  %r = tosa.reshape %a, %shape : (tensor<1x16x32xf32>, !tosa.shape<4>) -> "
                 "tensor<16x1x1x32xf32>")
    lines.append("  %y = tosa.conv2d %r, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, "
                 "pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<16x1x1x32xf32>, "
                 "tensor<16x1x1x32xf32>, tensor<16xf32>, tensor<1xf32>, tensor<1xf32>) -> "
                 'tensor<16x1x1x16xf32> loc("fc")')
    lines.append("  return %y : tensor<16x1x1x16xf32>")
    lines.append("}")
    (out / "model.mlir").write_text("\n".join(lines) + "\n")
    # Normalized activations: zero mean, unit variance per position.
    for name, n in (("calib", 16), ("eval", 8)):
        x = r.standard_normal((n, 1, 16, 32)).astype(np.float32)
        np.save(out / ("%s.npy" % name), x)


if __name__ == "__main__":
    main()
