#!/usr/bin/env python3
"""A residual CNN for channel pruning and a numpy computation of the same
network with its channels removed by hand.

The network (ONNX, NCHW): conv1 -> relu -> conv2 -> relu (r2) -> conv3,
residual add with r2 -> relu -> depthwise conv -> relu6 -> two branches
(1x1 conv4, 3x3 conv5) concatenated -> relu -> 1x1 conv6 -> relu -> max pool
-> flatten -> fully connected.

Channel pruning at 50% with the first (conv1) and last (fc) layer kept
removes, by the L1 norm of each filter:
  - the residual group {conv2, conv3} (importance: the sum of both layers'
    filter norms): 16 -> 8, which cuts conv3's and conv5/conv4's input
    channels and the depthwise filters;
  - conv4's and conv5's outputs: 8 -> 4 each, which cuts conv6's input
    channels at offsets 0 and 8 (the concat);
  - conv6's output: 12 -> 6, which cuts the fully connected layer's column
    blocks (channel c of the NCHW flatten is columns 16c .. 16c + 15).

  prune_channels.py make DIR    writes DIR/model.onnx and DIR/x.npy
  prune_channels.py check DIR   compares DIR/out/out.npy with the pruned
                                network computed here

Tolerance rtol 1e-4, atol 1e-4: float32 convolutions against float64.
"""

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
from reference import conv2d, depthwise, pool  # noqa: E402

r = np.random.RandomState(7)


def param(*shape):
    return r.uniform(-0.5, 0.5, shape).astype(np.float32)


W = {
    "conv1": (param(8, 3, 3, 3), param(8)),
    "conv2": (param(16, 8, 3, 3), param(16)),
    "conv3": (param(16, 16, 3, 3), param(16)),
    "dw": (param(16, 1, 3, 3), param(16)),
    "conv4": (param(8, 16, 1, 1), param(8)),
    "conv5": (param(8, 16, 3, 3), param(8)),
    "conv6": (param(12, 16, 1, 1), param(12)),
    "fc": (param(10, 12 * 4 * 4), param(10)),
}
X = np.random.RandomState(3).uniform(-1, 1, (4, 1, 3, 8, 8)).astype(np.float32)


def model():
    from onnx import TensorProto, helper, numpy_helper
    inits = []
    for name, (w, b) in W.items():
        inits += [numpy_helper.from_array(w, name + ".w"), numpy_helper.from_array(b, name + ".b")]
    inits.append(numpy_helper.from_array(np.array(0.0, np.float32), "zero"))
    inits.append(numpy_helper.from_array(np.array(6.0, np.float32), "six"))

    def conv(name, x, out, pad, group=1):
        return helper.make_node("Conv", [x, name + ".w", name + ".b"], [out], name=name,
                                pads=[pad] * 4, group=group)

    nodes = [
        conv("conv1", "x", "c1", 1), helper.make_node("Relu", ["c1"], ["r1"]),
        conv("conv2", "r1", "c2", 1), helper.make_node("Relu", ["c2"], ["r2"]),
        conv("conv3", "r2", "c3", 1), helper.make_node("Add", ["c3", "r2"], ["s3"]),
        helper.make_node("Relu", ["s3"], ["r3"]),
        conv("dw", "r3", "d", 1, group=16), helper.make_node("Clip", ["d", "zero", "six"], ["r4"]),
        conv("conv4", "r4", "c4", 0), conv("conv5", "r4", "c5", 1),
        helper.make_node("Concat", ["c4", "c5"], ["cat"], axis=1),
        helper.make_node("Relu", ["cat"], ["r5"]),
        conv("conv6", "r5", "c6", 0), helper.make_node("Relu", ["c6"], ["r6"]),
        helper.make_node("MaxPool", ["r6"], ["p"], kernel_shape=[2, 2], strides=[2, 2]),
        helper.make_node("Flatten", ["p"], ["f"], axis=1),
        helper.make_node("Gemm", ["f", "fc.w", "fc.b"], ["out"], name="fc", transB=1),
    ]
    graph = helper.make_graph(nodes, "residual", [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 3, 8, 8])],
                              [helper.make_tensor_value_info("out", TensorProto.FLOAT, [1, 10])], inits)
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])


def l1(w):
    """The L1 norm of each output filter (axis 0)."""
    return np.abs(w.astype(np.float64)).reshape(w.shape[0], -1).sum(axis=1)


def keep(importance, sparsity=0.5):
    """The kept channels: the most important, in order (ties: lower index)."""
    n = len(importance)
    kept = n - int(round(sparsity * n))
    order = sorted(range(n), key=lambda c: (-importance[c], c))
    return np.array(sorted(order[:kept]))


def pruned_network():
    res = keep(l1(W["conv2"][0]) + l1(W["conv3"][0]))
    k4, k5, k6 = keep(l1(W["conv4"][0])), keep(l1(W["conv5"][0])), keep(l1(W["conv6"][0]))
    cat = np.concatenate([k4, 8 + k5])
    cols = (k6[:, None] * 16 + np.arange(16)[None, :]).reshape(-1)

    def ohwi(w):
        return w.transpose(0, 2, 3, 1)

    w, b = W["conv1"]
    net = {"conv1": (ohwi(w), b)}
    w, b = W["conv2"]
    net["conv2"] = (ohwi(w)[res], b[res])
    w, b = W["conv3"]
    net["conv3"] = (ohwi(w)[res][..., res], b[res])
    w, b = W["dw"]
    net["dw"] = (w[res, 0].transpose(1, 2, 0)[..., None], b[res])
    w, b = W["conv4"]
    net["conv4"] = (ohwi(w)[k4][..., res], b[k4])
    w, b = W["conv5"]
    net["conv5"] = (ohwi(w)[k5][..., res], b[k5])
    w, b = W["conv6"]
    net["conv6"] = (ohwi(w)[k6][..., cat], b[k6])
    w, b = W["fc"]
    net["fc"] = (w[:, cols], b)
    return net


def run(net, x):
    """The network on one NCHW sample, in NHWC."""
    x = x.transpose(0, 2, 3, 1)
    same, valid = (1, 1, 1, 1), (0, 0, 0, 0)

    def conv(name, v, pad):
        return conv2d(v, net[name][0], net[name][1], (1, 1), pad, (1, 1))

    r1 = np.maximum(conv("conv1", x, same), 0)
    r2 = np.maximum(conv("conv2", r1, same), 0)
    r3 = np.maximum(conv("conv3", r2, same) + r2, 0)
    r4 = np.clip(depthwise(r3, net["dw"][0], net["dw"][1], same), 0, 6)
    r5 = np.maximum(np.concatenate([conv("conv4", r4, valid), conv("conv5", r4, same)], axis=3), 0)
    r6 = np.maximum(conv("conv6", r5, valid), 0)
    p = pool(r6, (2, 2), (2, 2), valid, "max")
    f = p.transpose(0, 3, 1, 2).reshape(1, -1)  # the NCHW flatten
    return f @ net["fc"][0].T.astype(np.float64) + net["fc"][1]


def main():
    mode, directory = sys.argv[1], Path(sys.argv[2])
    if mode == "make":
        import onnx
        directory.mkdir(parents=True, exist_ok=True)
        onnx.save(model(), directory / "model.onnx")
        np.save(directory / "x.npy", X.reshape(4, 3, 8, 8))
        return
    net = pruned_network()
    got = np.load(directory / "out" / "out.npy")
    want = np.concatenate([run(net, X[i]) for i in range(len(X))])
    err = np.abs(got.astype(np.float64).reshape(want.shape) - want)
    ok = np.all(err <= 1e-4 + 1e-4 * np.abs(want))
    print("out.npy: %s, max error %.3g" % ("ok" if ok else "MISMATCH", err.max()))
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
