#!/usr/bin/env python3
"""A QDQ ONNX model (QuantizeLinear/DequantizeLinear around every op, as
quantizers such as ONNX Runtime's and PyTorch's write them) and its numpy
reference: the QDQ graph evaluated as written, dequantized values in
float64, quantized with round-half-even and saturation.

  qdq_model.py make DIR    writes DIR/qdq.onnx and DIR/x.npy (4 samples),
                           and DIR/unpinned.onnx, the same model without
                           the quantize/dequantize pair after the Relu
  qdq_model.py check DIR   compares DIR/out/y.npy with the reference

The model: conv 3x3 (per-channel s8 weights, int32 bias) + Relu,
depthwise 3x3, conv 1x1 (per-tensor weights), a residual Add, MaxPool,
GlobalAveragePool, Flatten, Gemm (per-channel weights, int32 bias); u8
activations. Integer code rounds its requantizations once, in fixed
point, so a value can land one step from the float64 reference at a tie:
check asserts at most one quantization step everywhere and at least 99%
of the values identical.
"""

import sys

import numpy as np

r = np.random.RandomState(7)
C0, C1, C2, CLASSES = 4, 8, 8, 5
X = r.uniform(-2, 2, (4, C0, 12, 12)).astype(np.float32)

# Activation parameters (scale, zero point), u8.
ACT = {
    "x": (0.016, 128), "r1": (0.02, 0), "d": (0.03, 120), "p": (0.025, 110),
    "s": (0.04, 100), "m": (0.04, 100), "g": (0.01, 90), "y": (0.05, 128),
}


def weights(shape, axis):
    w = r.randint(-127, 128, shape).astype(np.int8)
    n = shape[axis] if axis is not None else 1
    scale = r.uniform(0.002, 0.01, n).astype(np.float32)
    return w, scale if axis is not None else scale[0]


W1, W1S = weights((C1, C0, 3, 3), 0)
DW, DWS = weights((C1, 1, 3, 3), 0)
PW, PWS = weights((C2, C1, 1, 1), None)
FC, FCS = weights((CLASSES, C2), 0)


def bias(n, in_scale, w_scale):
    b = r.randint(-2000, 2000, n).astype(np.int32)
    return b, (np.float32(in_scale) * w_scale).astype(np.float32)


B1, B1S = bias(C1, ACT["x"][0], W1S)
DB, DBS = bias(C1, ACT["r1"][0], DWS)
PB, PBS = bias(C2, ACT["d"][0], np.full(C2, PWS, np.float32))
FB, FBS = bias(CLASSES, ACT["g"][0], FCS)


def model(pin_relu=True):
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    inits = []
    nodes = []

    def init(name, array):
        inits.append(numpy_helper.from_array(np.asarray(array), name))
        return name

    def qdq(tensor, key):
        scale, zp = ACT[key]
        s = init(key + "_s", np.float32(scale))
        z = init(key + "_z", np.uint8(zp))
        nodes.append(helper.make_node("QuantizeLinear", [tensor, s, z], [key + "_q"]))
        nodes.append(helper.make_node("DequantizeLinear", [key + "_q", s, z], [key + "_dq"]))
        return key + "_dq"

    def dq(name, values, scale, axis):
        zeros = np.zeros(np.shape(scale), values.dtype)
        args = [init(name, values), init(name + "_s", scale), init(name + "_z", zeros)]
        nodes.append(helper.make_node("DequantizeLinear", args, [name + "_dq"],
                                      **({"axis": axis} if axis is not None else {})))
        return name + "_dq"

    x = qdq("x", "x")
    nodes.append(helper.make_node("Conv", [x, dq("w1", W1, W1S, 0), dq("b1", B1, B1S, 0)], ["c1"],
                                  pads=[1, 1, 1, 1]))
    nodes.append(helper.make_node("Relu", ["c1"], ["r1"]))
    r1 = qdq("r1", "r1") if pin_relu else "r1"
    nodes.append(helper.make_node("Conv", [r1, dq("dw", DW, DWS, 0), dq("db", DB, DBS, 0)], ["d"],
                                  pads=[1, 1, 1, 1], group=C1))
    d = qdq("d", "d")
    nodes.append(helper.make_node("Conv", [d, dq("pw", PW, np.float32(PWS), None),
                                           dq("pb", PB, PBS, 0)], ["p"]))
    p = qdq("p", "p")
    nodes.append(helper.make_node("Add", [p, d], ["s"]))
    s = qdq("s", "s")
    nodes.append(helper.make_node("MaxPool", [s], ["m"], kernel_shape=[2, 2], strides=[2, 2]))
    m = qdq("m", "m")
    nodes.append(helper.make_node("GlobalAveragePool", [m], ["g"]))
    g = qdq("g", "g")
    nodes.append(helper.make_node("Flatten", [g], ["f"]))
    nodes.append(helper.make_node("Gemm", ["f", dq("fc", FC, FCS, 0), dq("fb", FB, FBS, 0)], ["y0"],
                                  transB=1))
    nodes.append(helper.make_node("QuantizeLinear", ["y0", "y_s", "y_z"], ["y_q"]))
    init("y_s", np.float32(ACT["y"][0]))
    init("y_z", np.uint8(ACT["y"][1]))
    nodes.append(helper.make_node("DequantizeLinear", ["y_q", "y_s", "y_z"], ["y"]))
    graph = helper.make_graph(
        nodes, "qdq", [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["batch", C0, 12, 12])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["batch", CLASSES])], inits)
    m = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    m.ir_version = 7
    onnx.checker.check_model(m)
    return m


def quantize(v, key):
    scale, zp = ACT[key]
    q = np.clip(np.rint(v / np.float64(np.float32(scale))) + zp, 0, 255)
    return (q - zp) * np.float64(np.float32(scale))


def conv(x, w, b, group=1):
    n, c, h, wd = x.shape
    k, cg, kh, kw = w.shape
    xp = np.pad(x, ((0, 0), (0, 0), (kh // 2, kh // 2), (kw // 2, kw // 2)))
    out = np.zeros((n, k, h, wd))
    per = k // group
    for o in range(k):
        gi = o // per
        for i in range(kh):
            for j in range(kw):
                out[:, o] += np.einsum("nchw,c->nhw", xp[:, gi * cg:(gi + 1) * cg, i:i + h, j:j + wd],
                                       w[o, :, i, j])
    return out + b.reshape(1, k, 1, 1)


def reference():
    f64 = np.float64

    def deq(w, s, axis_shape):
        return w.astype(f64) * np.asarray(s, f64).reshape(axis_shape)

    x = quantize(X.astype(f64), "x")
    c1 = conv(x, deq(W1, W1S, (-1, 1, 1, 1)), deq(B1, B1S, (-1,)))
    r1 = quantize(np.maximum(c1, 0), "r1")
    d = quantize(conv(r1, deq(DW, DWS, (-1, 1, 1, 1)), deq(DB, DBS, (-1,)), group=C1), "d")
    p = quantize(conv(d, deq(PW, PWS, (1, 1, 1, 1)), deq(PB, PBS, (-1,))), "p")
    s = quantize(p + d, "s")
    n, c, h, w = s.shape
    m = quantize(s.reshape(n, c, h // 2, 2, w // 2, 2).max(axis=(3, 5)), "m")
    g = quantize(m.mean(axis=(2, 3)), "g")
    y = g @ deq(FC, FCS, (-1, 1)).T + deq(FB, FBS, (-1,))
    return quantize(y, "y"), ACT["y"][0]


def main():
    from pathlib import Path
    action, out = sys.argv[1], Path(sys.argv[2])
    if action == "make":
        import onnx
        out.mkdir(parents=True, exist_ok=True)
        onnx.save(model(), out / "qdq.onnx")
        onnx.save(model(pin_relu=False), out / "unpinned.onnx")
        np.save(out / "x.npy", X)
        return
    got = np.load(out / "out" / "y.npy").astype(np.float64).reshape(X.shape[0], CLASSES)
    want, scale = reference()
    steps = np.rint(np.abs(got - want) / scale)
    same = np.mean(steps == 0)
    print(f"{got.size} values: {100 * same:.1f}% identical, at most {int(steps.max())} step(s) apart")
    if steps.max() > 1 or same < 0.99:
        sys.exit("the QDQ model's integer code does not match its reference")


if __name__ == "__main__":
    main()
