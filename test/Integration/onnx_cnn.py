#!/usr/bin/env python3
"""An ONNX CNN (conv, relu, depthwise conv, relu6 clip, grouped conv,
nearest resize, max pool, global average pool, a flatten computed from the
input's shape as exporters write x.view(x.size(0), -1), gemm, sigmoid) and
its numpy reference.

  onnx_cnn.py make DIR    writes DIR/cnn.onnx and DIR/x.npy
  onnx_cnn.py check DIR   compares DIR/out/out.npy with the reference

Tolerance as for contractions in reference.py (rtol 1e-4, atol 1e-4).
"""

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
from reference import conv2d, depthwise, pool  # noqa: E402

r = np.random.RandomState(0)
W1 = r.uniform(-0.5, 0.5, (8, 3, 3, 3)).astype(np.float32)
B1 = r.uniform(-0.5, 0.5, (8,)).astype(np.float32)
DW = r.uniform(-0.5, 0.5, (8, 1, 3, 3)).astype(np.float32)
GW = r.uniform(-0.5, 0.5, (8, 4, 3, 3)).astype(np.float32)
GB = r.uniform(-0.5, 0.5, (8,)).astype(np.float32)
FC = r.uniform(-0.5, 0.5, (10, 8)).astype(np.float32)
FCB = r.uniform(-0.5, 0.5, (10,)).astype(np.float32)
X = np.random.RandomState(5).uniform(-1, 1, (1, 3, 16, 16)).astype(np.float32)


def model():
    import onnx
    from onnx import TensorProto, helper, numpy_helper
    inits = [numpy_helper.from_array(a, n) for a, n in
             ((W1, "w1"), (B1, "b1"), (DW, "dw"), (GW, "gw"), (GB, "gb"),
              (FC, "fc"), (FCB, "fcb"), (np.array(6.0, np.float32), "six"),
              (np.array([1, 1, 2, 2], np.float32), "scales"),
              (np.array(0, np.int64), "zero"), (np.array([0], np.int64), "axes0"),
              (np.array([-1], np.int64), "minus1"))]
    nodes = [
        helper.make_node("Conv", ["x", "w1", "b1"], ["c1"], name="conv1", pads=[1, 1, 1, 1], strides=[2, 2]),
        helper.make_node("Relu", ["c1"], ["r1"], name="relu1"),
        helper.make_node("Conv", ["r1", "dw"], ["c2"], name="dwconv", pads=[1, 1, 1, 1], group=8),
        helper.make_node("Clip", ["c2", "", "six"], ["r2"], name="relu6"),
        helper.make_node("Conv", ["r2", "gw", "gb"], ["c3"], name="gconv", pads=[1, 1, 1, 1], group=2),
        helper.make_node("Resize", ["c3", "", "scales"], ["up"], name="up", mode="nearest"),
        helper.make_node("MaxPool", ["up"], ["p"], name="pool", kernel_shape=[2, 2], strides=[2, 2]),
        helper.make_node("GlobalAveragePool", ["p"], ["g"], name="gap"),
        helper.make_node("Shape", ["g"], ["gs"], name="shape"),
        helper.make_node("Gather", ["gs", "zero"], ["n"], name="batch", axis=0),
        helper.make_node("Unsqueeze", ["n", "axes0"], ["n1"], name="n1"),
        helper.make_node("Concat", ["n1", "minus1"], ["fs"], name="fshape", axis=0),
        helper.make_node("Reshape", ["g", "fs"], ["f"], name="flat"),
        helper.make_node("Gemm", ["f", "fc", "fcb"], ["y"], name="fc", transB=1),
        helper.make_node("Sigmoid", ["y"], ["out"], name="sig"),
    ]
    graph = helper.make_graph(nodes, "cnn", [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 3, 16, 16])],
                              [helper.make_tensor_value_info("out", TensorProto.FLOAT, [1, 10])], inits)
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])


def reference():
    x = X.transpose(0, 2, 3, 1)  # NHWC for the reference helpers
    c1 = conv2d(x, W1.transpose(0, 2, 3, 1), B1, (2, 2), (1, 1, 1, 1), (1, 1))
    r1 = np.maximum(c1, 0.0)
    c2 = depthwise(r1, DW.transpose(2, 3, 0, 1), 0.0, (1, 1, 1, 1))
    r2 = np.minimum(c2, 6.0)
    # Grouped convolution: two groups of 4 input channels and 4 filters.
    gw = GW.transpose(0, 2, 3, 1)
    c3 = np.concatenate([conv2d(r2[..., 4 * g:4 * g + 4], gw[4 * g:4 * g + 4], GB[4 * g:4 * g + 4],
                                (1, 1), (1, 1, 1, 1), (1, 1)) for g in range(2)], axis=3)
    # Nearest 2x with half_pixel coordinates and round_prefer_floor repeats
    # every pixel twice.
    up = c3.repeat(2, axis=1).repeat(2, axis=2)
    p = pool(up, (2, 2), (2, 2), (0, 0, 0, 0), "max")
    g = p.mean(axis=(1, 2))
    y = g @ FC.T.astype(np.float64) + FCB
    return 1.0 / (1.0 + np.exp(-y))


def main():
    mode, directory = sys.argv[1], Path(sys.argv[2])
    if mode == "make":
        import onnx
        directory.mkdir(parents=True, exist_ok=True)
        onnx.save(model(), directory / "cnn.onnx")
        np.save(directory / "x.npy", X)
        return
    got = np.load(directory / "out" / "out.npy")
    want = reference()
    err = np.abs(got.astype(np.float64) - want)
    ok = got.shape == want.shape and np.all(err <= 1e-4 + 1e-4 * np.abs(want))
    print("out.npy: %s, max error %.3g" % ("ok" if ok else "MISMATCH", err.max()))
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
