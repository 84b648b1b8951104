#!/usr/bin/env python3
"""A 1x1 convolution 8 -> 4 (float TOSA MLIR) reading an input whose
channel 0 is quiet (sigma 0.05) except for spikes of +20 at 2% of the
positions; channels 1-7 are standard normal. The spikes set the input's
min-max range. In model.mlir the convolution weighs channel 0 by 5 and the
others by 0.05, so clipping the spikes would cost the output most of its
signal; in quiet.mlir it weighs channel 0 by 0.001 and the others by 1,
so the spikes hardly reach the output and a range that clips them leaves
the other channels four times finer steps.

  make_spiky_input.py DIR   writes DIR/model.mlir, DIR/quiet.mlir,
                            DIR/calib.npy and DIR/eval.npy
"""

import sys
from pathlib import Path

import numpy as np

sys.dont_write_bytecode = True  # no __pycache__ next to the sources
from make_damaged import const  # noqa: E402

r = np.random.RandomState(5)


def model(spike_weight, other_weight):
    w = np.full((4, 1, 1, 8), other_weight, np.float32)
    w *= r.choice([-1.0, 1.0], w.shape).astype(np.float32)
    w[:, 0, 0, 0] = spike_weight
    lines = ["func.func @main(%x: tensor<1x8x8x8xf32>) -> tensor<1x8x8x4xf32> {"]
    for name, a in (("w", w), ("b", np.zeros(4, np.float32)), ("zp", np.zeros(1, np.float32))):
        lines.append(const(name, a))
    lines.append("  %y = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, "
                 "pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x8x8x8xf32>, "
                 "tensor<4x1x1x8xf32>, tensor<4xf32>, tensor<1xf32>, tensor<1xf32>) -> "
                 'tensor<1x8x8x4xf32> loc("fc")')
    lines.append("  return %y : tensor<1x8x8x4xf32>")
    lines.append("}")
    return "\n".join(lines) + "\n"


def main():
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    (out / "model.mlir").write_text(model(5.0, 0.05))
    (out / "quiet.mlir").write_text(model(0.001, 1.0))
    for name, n in (("calib", 16), ("eval", 8)):
        x = r.standard_normal((n, 1, 8, 8, 8)).astype(np.float32)
        x[..., 0] *= 0.05
        spikes = r.uniform(size=x[..., 0].shape) < 0.02
        x[..., 0][spikes] = 20.0
        np.save(out / ("%s.npy" % name), x)


if __name__ == "__main__":
    main()
