#!/usr/bin/env python3
"""Builds the small ONNX models of the importer tests: make-models.py NAME OUT."""

import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper


def vi(name, dtype, shape):
    return helper.make_tensor_value_info(name, dtype, shape)


def model(nodes, inputs, outputs, initializers=(), opset=13, extra_opsets=()):
    graph = helper.make_graph(nodes, "g", inputs, outputs, list(initializers))
    opsets = [helper.make_opsetid("", opset)] + [helper.make_opsetid(d, v) for d, v in extra_opsets]
    return helper.make_model(graph, opset_imports=opsets)


def conv_relu():
    w = numpy_helper.from_array(np.arange(4 * 3 * 3 * 3, dtype=np.float32).reshape(4, 3, 3, 3) / 100, "conv.w")
    b = numpy_helper.from_array(np.array([0.5, -0.5, 1.0, 0.0], dtype=np.float32), "conv.b")
    conv = helper.make_node("Conv", ["input:0", "conv.w", "conv.b"], ["c"], name="conv1",
                            pads=[1, 1, 1, 1], strides=[1, 1])
    relu = helper.make_node("Relu", ["c"], ["output/prob"], name="relu1")
    return model([conv, relu], [vi("input:0", TensorProto.FLOAT, ["N", 3, 8, 8])],
                 [vi("output/prob", TensorProto.FLOAT, ["N", 4, 8, 8])], [w, b])


def unsorted_nodes():
    """conv_relu with its nodes written out of topological order (the Relu
    before the Conv it reads), which ONNX Runtime accepts."""
    m = conv_relu()
    nodes = list(m.graph.node)
    del m.graph.node[:]
    m.graph.node.extend(reversed(nodes))
    return m


def constants():
    """Weights carried by Constant nodes of every form."""
    t = helper.make_node("Constant", [], ["w"], name="cw",
                         value=numpy_helper.from_array(np.full((2, 3), 0.25, np.float32)))
    f = helper.make_node("Constant", [], ["s"], name="cs", value_float=2.0)
    ints = helper.make_node("Constant", [], ["shape"], name="ci", value_ints=[3, 2])
    mm = helper.make_node("MatMul", ["x", "w"], ["m"], name="mm")
    mul = helper.make_node("Mul", ["m", "s"], ["y"], name="mul")
    rs = helper.make_node("Reshape", ["y", "shape"], ["z"], name="reshape")
    return model([t, f, ints, mm, mul, rs], [vi("x", TensorProto.FLOAT, [3, 2])],
                 [vi("z", TensorProto.FLOAT, [3, 2])])


def old_opset():
    """Opset 9: Clip bounds are attributes; initializers are also inputs."""
    w = numpy_helper.from_array(np.ones((4, 4), np.float32), "w")
    mm = helper.make_node("MatMul", ["x", "w"], ["m"], name="mm")
    clip = helper.make_node("Clip", ["m"], ["y"], name="clip", min=0.0, max=6.0)
    return model([mm, clip], [vi("x", TensorProto.FLOAT, [1, 4]), vi("w", TensorProto.FLOAT, [4, 4])],
                 [vi("y", TensorProto.FLOAT, [1, 4])], [w], opset=9)


def optional_input():
    """Opset 13 Clip with the min input omitted (empty name)."""
    mx = numpy_helper.from_array(np.array(6.0, np.float32), "max")
    clip = helper.make_node("Clip", ["x", "", "max"], ["y"], name="clip")
    return model([clip], [vi("x", TensorProto.FLOAT, [2, 3])], [vi("y", TensorProto.FLOAT, [2, 3])], [mx])


def attributes():
    """FLOAT, INT, STRING, INTS, FLOATS, TENSOR attributes; several outputs."""
    leaky = helper.make_node("LeakyRelu", ["x"], ["a"], name="leaky", alpha=0.125)
    flat = helper.make_node("Flatten", ["x"], ["f"], name="flatten", axis=1)
    pad_pads = numpy_helper.from_array(np.array([0, 0, 1, 1, 0, 0, 1, 1], np.int64), "pads")
    pad = helper.make_node("Pad", ["x", "pad.pads"], ["p"], name="pad", mode="reflect")
    pool = helper.make_node("MaxPool", ["x"], ["mp"], name="pool", kernel_shape=[2, 2], strides=[2, 2])
    cos = helper.make_node("ConstantOfShape", ["shape"], ["k"], name="cos",
                           value=numpy_helper.from_array(np.array([7.5], np.float32)))
    shape = numpy_helper.from_array(np.array([2, 3], np.int64), "shape")
    pad_pads.name = "pad.pads"
    u8 = numpy_helper.from_array(np.array([0, 128, 255], np.uint8), "u8")
    flags = numpy_helper.from_array(np.array([True, False]), "flags")
    half = numpy_helper.from_array(np.array([1.5, -2.0], np.float16), "half")
    ident = [helper.make_node("Identity", [n], [n + ".out"], name="id." + n) for n in ("u8", "flags", "half")]
    return model([leaky, flat, pad, pool, cos] + ident, [vi("x", TensorProto.FLOAT, [1, 2, 4, 4])],
                 [vi("a", TensorProto.FLOAT, [1, 2, 4, 4]), vi("f", TensorProto.FLOAT, [1, 32]),
                  vi("p", TensorProto.FLOAT, [1, 2, 6, 6]), vi("mp", TensorProto.FLOAT, [1, 2, 2, 2]),
                  vi("k", TensorProto.FLOAT, [2, 3]), vi("u8.out", TensorProto.UINT8, [3]),
                  vi("flags.out", TensorProto.BOOL, [2]), vi("half.out", TensorProto.FLOAT16, [2])],
                 [pad_pads, shape, u8, flags, half], opset=13)


def unknown_op():
    node = helper.make_node("Foo", ["x"], ["y"], name="foo")
    return model([node], [vi("x", TensorProto.FLOAT, [2])], [vi("y", TensorProto.FLOAT, [2])])


def unconverted_ops():
    """Two Hardmax nodes (an op ONNX knows and qmlir does not convert) around
    a Relu: the model imports, its conversion to TOSA fails."""
    n = helper.make_node
    nodes = [n("Hardmax", ["x"], ["h1"], name="hardmax1"), n("Relu", ["h1"], ["r"], name="relu"),
             n("Hardmax", ["r"], ["y"], name="hardmax2")]
    return model(nodes, [vi("x", TensorProto.FLOAT, [2, 3])], [vi("y", TensorProto.FLOAT, [2, 3])])


DQ_W = np.random.RandomState(11).randint(0, 256, (4, 3, 3, 3)).astype(np.uint8)
DQ_B = np.random.RandomState(12).randint(-128, 128, (6, 5)).astype(np.int8)


def dynamic_quant():
    """What ONNX Runtime's dynamic quantization writes: DynamicQuantizeLinear
    gives u8 data and a run-time zero point to ConvInteger (u8 weights with a
    zero point, padded 3x3) and MatMulInteger (s8 weights); their int32
    outputs are the graph's outputs. See dynamic_quant_data."""
    n = helper.make_node
    inits = [numpy_helper.from_array(DQ_W, "w"), numpy_helper.from_array(np.uint8(131), "w_zp"),
             numpy_helper.from_array(DQ_B, "b")]
    nodes = [
        n("DynamicQuantizeLinear", ["x"], ["xq", "xs", "xzp"]),
        n("ConvInteger", ["xq", "w", "xzp", "w_zp"], ["conv"], pads=[1, 1, 1, 1], strides=[2, 1]),
        n("DynamicQuantizeLinear", ["a"], ["aq", "as", "azp"]),
        n("MatMulInteger", ["aq", "b", "azp"], ["mm"]),
    ]
    return model(nodes, [vi("x", TensorProto.FLOAT, [1, 3, 7, 6]), vi("a", TensorProto.FLOAT, [2, 3, 6])],
                 [vi("conv", TensorProto.INT32, [1, 4, 4, 6]), vi("mm", TensorProto.INT32, [2, 3, 5])],
                 inits, opset=13)


def dynamic_quant_data(out):
    """Inputs of dynamic_quant (ranges that give zero points other than 0) and
    numpy's exact integer results; ONNX Runtime pads ConvInteger's input with
    its zero point."""
    rng = np.random.RandomState(13)
    x = rng.uniform(-1.0, 3.0, (1, 3, 7, 6)).astype(np.float32)
    a = rng.uniform(-2.0, 0.5, (2, 3, 6)).astype(np.float32)

    def dql(v):
        lo, hi = min(float(v.min()), 0.0), max(float(v.max()), 0.0)
        scale = np.float32((np.float32(hi) - np.float32(lo)) / np.float32(255))
        zp = int(np.clip(np.rint(-np.float32(lo) / scale), 0, 255))
        q = np.clip(np.rint(v / scale) + zp, 0, 255).astype(np.int64)
        return q, zp

    xq, xzp = dql(x)
    xp = np.pad(xq, ((0, 0), (0, 0), (1, 1), (1, 1)), constant_values=xzp) - xzp
    w = DQ_W.astype(np.int64) - 131
    conv = np.zeros((1, 4, 4, 6), np.int64)
    for i in range(3):
        for j in range(3):
            conv += np.einsum("nchw,oc->nohw", xp[:, :, i:i + 8:2, j:j + 6], w[:, :, i, j])
    aq, azp = dql(a)
    mm = (aq - azp) @ DQ_B.astype(np.int64)
    for name, value in (("x", x), ("a", a)):
        np.save(os.path.join(out, name + ".npy"), value)
    np.save(os.path.join(out, "expected-conv.npy"), conv.astype(np.int32))
    np.save(os.path.join(out, "expected-mm.npy"), mm.astype(np.int32))


def custom_op():
    node = helper.make_node("Mystery", ["x"], ["y"], name="mystery", domain="com.example")
    out = helper.make_node("Relu", ["y"], ["z"], name="relu")
    return model([node, out], [vi("x", TensorProto.FLOAT, [2])], [vi("z", TensorProto.FLOAT, [2])],
                 extra_opsets=[("com.example", 1)])


def shapeless_input():
    """Found by fuzzing: a graph input with a type but no shape."""
    node = helper.make_node("ConvTranspose", ["x", "w"], ["y"])
    return model([node], [vi("x", TensorProto.FLOAT, [1, 1, 3]), vi("w", TensorProto.FLOAT, None)],
                 [vi("y", TensorProto.FLOAT, [1, 2, 5])], opset=11)


def sequence_input():
    """A graph input that is a sequence, not a tensor."""
    node = helper.make_node("SequenceLength", ["s"], ["n"])
    return model([node], [helper.make_tensor_sequence_value_info("s", TensorProto.FLOAT, [2])],
                 [vi("n", TensorProto.INT64, [])], opset=11)


def rank0_convtranspose():
    """Found by fuzzing: a ConvTranspose weight of rank 0, which the checker
    accepts and libonnx's shape inference dereferences (it crashes)."""
    node = helper.make_node("ConvTranspose", ["x", "w"], ["y"])
    return model([node], [vi("x", TensorProto.FLOAT, [1, 1, 3]), vi("w", TensorProto.FLOAT, [])],
                 [vi("y", TensorProto.FLOAT, [1, 2, 5])], opset=11)


def graph_attribute():
    """An If on a run-time condition (a graph input), and one on a constant
    (folded to its then branch)."""
    branch = lambda v: helper.make_graph(
        [helper.make_node("Constant", [], ["r%d" % v], value=numpy_helper.from_array(np.array([v], np.float32)))],
        "b", [], [vi("r%d" % v, TensorProto.FLOAT, [1])])
    cond = numpy_helper.from_array(np.array(True), "always")
    folded = helper.make_node("If", ["always"], ["z"], name="folded", then_branch=branch(3), else_branch=branch(4))
    node = helper.make_node("If", ["cond"], ["y"], name="branchy", then_branch=branch(1), else_branch=branch(2))
    return model([folded, node], [vi("cond", TensorProto.BOOL, [])],
                 [vi("y", TensorProto.FLOAT, [1]), vi("z", TensorProto.FLOAT, [1])], [cond])


def string_tensor():
    s = helper.make_tensor("names", TensorProto.STRING, [2], [b"a", b"b"])
    node = helper.make_node("Identity", ["names"], ["y"], name="id")
    return model([node], [], [vi("y", TensorProto.STRING, [2])], [s])


def string_constant():
    node = helper.make_node("Constant", [], ["s"], name="cstr", value_string="hello")
    out = helper.make_node("Identity", ["x"], ["y"], name="id")
    return model([node, out], [vi("x", TensorProto.FLOAT, [2])], [vi("y", TensorProto.FLOAT, [2])])


def short_raw_data():
    """An initializer whose raw_data is shorter than its shape needs."""
    w = TensorProto()
    w.name, w.data_type = "w", TensorProto.FLOAT
    w.dims.extend([2, 2])
    w.raw_data = np.zeros(3, np.float32).tobytes()
    node = helper.make_node("Add", ["x", "w"], ["y"], name="add")
    return model([node], [vi("x", TensorProto.FLOAT, [2, 2])], [vi("y", TensorProto.FLOAT, [2, 2])], [w])


def qdq_conv():
    """A QDQ model as quantization tools write it: u8 activations, s8 weights
    per output channel dequantized from an initializer, an int32 bias."""
    inits = [numpy_helper.from_array(a, n) for a, n in (
        (np.array(0.02, np.float32), "x.scale"), (np.array(128, np.uint8), "x.zp"),
        (np.arange(2 * 3 * 3 * 3, dtype=np.int8).reshape(2, 3, 3, 3) - 20, "w.q"),
        (np.array([0.5, 0.25], np.float32), "w.scale"), (np.zeros(2, np.int8), "w.zp"),
        (np.array([100, -100], np.int32), "b.q"), (np.array([0.01, 0.005], np.float32), "b.scale"))]
    nodes = [
        helper.make_node("QuantizeLinear", ["x", "x.scale", "x.zp"], ["xq"], name="qx"),
        helper.make_node("DequantizeLinear", ["xq", "x.scale", "x.zp"], ["xd"], name="dqx"),
        helper.make_node("DequantizeLinear", ["w.q", "w.scale", "w.zp"], ["wd"], name="dqw", axis=0),
        helper.make_node("DequantizeLinear", ["b.q", "b.scale"], ["bd"], name="dqb", axis=0),
        helper.make_node("Conv", ["xd", "wd", "bd"], ["y"], name="conv", pads=[1, 1, 1, 1]),
    ]
    return model(nodes, [vi("x", TensorProto.FLOAT, [1, 3, 4, 4])], [vi("y", TensorProto.FLOAT, [1, 2, 4, 4])], inits)


def dynamic_hw():
    """conv_relu with symbolic batch, height and width, as exported with
    dynamic axes on all three."""
    m = conv_relu()
    for v in list(m.graph.input) + list(m.graph.output):
        dims = v.type.tensor_type.shape.dim
        for i, name in ((0, "batch"), (2, "height"), (3, "width")):
            dims[i].ClearField("dim_value")
            dims[i].dim_param = name
    return m


def flatten_subgraph():
    """What PyTorch exports for x.view(x.size(0), -1) under a dynamic batch:
    the Reshape target computed by Shape -> Gather -> Unsqueeze -> Concat,
    then a fully connected layer."""
    w = numpy_helper.from_array((np.arange(12 * 2, dtype=np.float32).reshape(2, 12) - 10) / 50, "fc.w")
    b = numpy_helper.from_array(np.array([0.25, -0.5], dtype=np.float32), "fc.b")
    zero = numpy_helper.from_array(np.array(0, dtype=np.int64), "zero")
    axes = numpy_helper.from_array(np.array([0], dtype=np.int64), "axes")
    minus1 = numpy_helper.from_array(np.array([-1], dtype=np.int64), "minus1")
    nodes = [
        helper.make_node("Relu", ["x"], ["r"], name="relu"),
        helper.make_node("Shape", ["r"], ["s"], name="shape"),
        helper.make_node("Gather", ["s", "zero"], ["n"], name="gather", axis=0),
        helper.make_node("Unsqueeze", ["n", "axes"], ["n1"], name="unsqueeze"),
        helper.make_node("Concat", ["n1", "minus1"], ["target"], name="concat", axis=0),
        helper.make_node("Reshape", ["r", "target"], ["flat"], name="reshape"),
        helper.make_node("Gemm", ["flat", "fc.w", "fc.b"], ["y"], name="fc", transB=1),
    ]
    return model(nodes, [vi("x", TensorProto.FLOAT, ["batch", 3, 2, 2])],
                 [vi("y", TensorProto.FLOAT, ["batch", 2])], [w, b, zero, axes, minus1])


MATMUL_CASES = [  # (A shape, B shape, B is a weight initializer)
    ((2, 3, 4), (4, 5), True),         # transformer linear layer
    ((2, 2, 3, 4), (4, 5), True),      # rank 4 by a weight
    ((4,), (4, 5), True),              # vector by matrix
    ((3, 4), (4,), False),             # matrix by vector
    ((2, 1, 3, 4), (3, 4, 5), False),  # broadcast batch dimensions
    ((3, 4), (2, 4, 5), False),        # a matrix against a batch
]


def matmul_ranks():
    """One MatMul node per case of MATMUL_CASES; inputs a<i> (and b<i>),
    outputs y<i>."""
    rng = np.random.RandomState(3)
    nodes, inputs, outputs, inits = [], [], [], []
    for i, (sa, sb, weight) in enumerate(MATMUL_CASES):
        inputs.append(vi("a%d" % i, TensorProto.FLOAT, list(sa)))
        b = rng.randn(*sb).astype(np.float32)
        if weight:
            inits.append(numpy_helper.from_array(b, "b%d" % i))
        else:
            inputs.append(vi("b%d" % i, TensorProto.FLOAT, list(sb)))
        shape = np.matmul(np.zeros(sa, np.float32), b).shape
        nodes.append(helper.make_node("MatMul", ["a%d" % i, "b%d" % i], ["y%d" % i], name="mm%d" % i))
        outputs.append(vi("y%d" % i, TensorProto.FLOAT, list(shape)))
    return model(nodes, inputs, outputs, inits)


def matmul_ranks_data(out):
    """Inputs of matmul_ranks as .npy files and numpy's products."""
    rng = np.random.RandomState(3)
    data = np.random.RandomState(4)
    for i, (sa, sb, weight) in enumerate(MATMUL_CASES):
        b = rng.randn(*sb).astype(np.float32)
        a = data.randn(*sa).astype(np.float32)
        np.save(os.path.join(out, "a%d.npy" % i), a)
        if not weight:
            np.save(os.path.join(out, "b%d.npy" % i), b)
        np.save(os.path.join(out, "expected%d.npy" % i), np.matmul(a, b))


def exported_ops():
    """Comparisons, logic, Where, Round, ArgMax, Expand, Tile,
    LayerNormalization and Einsum in one graph (opset 17); see
    exported_ops_data."""
    f, b = TensorProto.FLOAT, TensorProto.BOOL
    inits = [
        numpy_helper.from_array(np.array([2, 3, 4], dtype=np.int64), "shape"),
        numpy_helper.from_array(np.array([2, 1], dtype=np.int64), "repeats"),
        numpy_helper.from_array(np.array([1.0, 0.5, -1.0, 2.0], dtype=np.float32), "gamma"),
        numpy_helper.from_array(np.array([0.0, 0.25, 0.5, -1.0], dtype=np.float32), "beta"),
    ]
    n = helper.make_node
    nodes = [
        n("Equal", ["x", "y"], ["eq"]),
        n("Less", ["x", "y"], ["lt"]),
        n("GreaterOrEqual", ["x", "y"], ["ge"]),
        n("Greater", ["x", "y"], ["gt"]),
        n("LessOrEqual", ["x", "y"], ["le"]),
        n("Not", ["lt"], ["nlt"]),
        n("And", ["nlt", "le"], ["and"]),
        n("Or", ["gt", "eq"], ["or"]),
        n("Where", ["lt", "x", "y"], ["where"]),
        n("Round", ["halves"], ["round"]),
        n("ArgMax", ["x"], ["argmax1"], axis=1),
        n("ArgMax", ["x"], ["argmax_last"], axis=-1, keepdims=0),
        n("Expand", ["y", "shape"], ["expand"]),
        n("Tile", ["y", "repeats"], ["tile"]),
        n("LayerNormalization", ["x", "gamma", "beta"], ["layernorm"], axis=-1, epsilon=1e-5),
        n("Einsum", ["x", "y"], ["einsum_batch"], equation="bij,ij->bi"),
        n("Einsum", ["x", "y"], ["einsum_qk"], equation="bij, kj -> bik"),
        n("Einsum", ["y", "y"], ["einsum_implicit"], equation="ij,kj"),
    ]
    outs = [vi(name, b, [2, 3, 4]) for name in ("eq", "lt", "ge", "gt", "le", "and", "or")]
    outs += [vi("where", f, [2, 3, 4]), vi("round", f, [10]),
             vi("argmax1", TensorProto.INT64, [2, 1, 4]), vi("argmax_last", TensorProto.INT64, [2, 3]),
             vi("expand", f, [2, 3, 4]), vi("tile", f, [6, 4]), vi("layernorm", f, [2, 3, 4]),
             vi("einsum_batch", f, [2, 3]), vi("einsum_qk", f, [2, 3, 3]), vi("einsum_implicit", f, [3, 3])]
    ins = [vi("x", f, [2, 3, 4]), vi("y", f, [3, 4]), vi("halves", f, [10])]
    return model(nodes, ins, outs, inits, opset=17)


def exported_ops_data(out):
    """Inputs of exported_ops and numpy's results."""
    rng = np.random.RandomState(5)
    x = rng.randn(2, 3, 4).astype(np.float32)
    y = rng.randn(3, 4).astype(np.float32)
    x[0, 0] = y[0]  # some equal elements
    halves = np.array([-2.5, -1.5, -0.5, 0.5, 1.5, 2.5, 0.4, -0.6, 3.5, -3.49], dtype=np.float32)
    for name, value in (("x", x), ("y", y), ("halves", halves)):
        np.save(os.path.join(out, name + ".npy"), value)
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    ln = (x - mean) / np.sqrt(var + 1e-5) * np.array([1.0, 0.5, -1.0, 2.0]) + np.array([0.0, 0.25, 0.5, -1.0])
    expected = {
        "eq": x == y, "lt": x < y, "ge": x >= y, "gt": x > y, "le": x <= y,
        "and": ~(x < y) & (x <= y), "or": (x > y) | (x == y),
        "where": np.where(x < y, x, y), "round": np.round(halves),
        "argmax1": np.argmax(x, axis=1)[:, None, :], "argmax_last": np.argmax(x, axis=-1),
        "expand": np.broadcast_to(y, (2, 3, 4)), "tile": np.tile(y, (2, 1)),
        "layernorm": ln.astype(np.float32),
        "einsum_batch": np.einsum("bij,ij->bi", x, y), "einsum_qk": np.einsum("bij,kj->bik", x, y),
        "einsum_implicit": np.einsum("ij,kj", y, y),
    }
    for name, value in expected.items():
        np.save(os.path.join(out, "expected-" + name + ".npy"), value)


def shape_arithmetic():
    """What a transformer's attention export computes: a Slice bound from
    Shape -> Gather -> Add -> Div -> Mul (libonnx's data propagation stops
    at Div), and a Reshape target from Shape -> Gather -> Unsqueeze ->
    Concat; dynamic batch."""
    c = lambda name, value: numpy_helper.from_array(np.array(value, dtype=np.int64), name)
    inits = [c("two", 2), c("zero1", [0]), c("axis2", [2]), c("index2", 2), c("index0", 0),
             c("zero", 0), c("one1", [1]), c("minus1", [-1]), c("axes0", [0])]
    n = helper.make_node
    nodes = [
        n("Shape", ["x"], ["s"]),
        n("Gather", ["s", "index2"], ["width"], axis=0),
        n("Add", ["width", "zero"], ["w1"]),
        n("Div", ["w1", "two"], ["half"]),
        n("Mul", ["half", "one1"], ["end"]),
        n("Slice", ["x", "zero1", "end", "axis2"], ["left"]),
        n("Gather", ["s", "index0"], ["batch"], axis=0),
        n("Unsqueeze", ["batch", "axes0"], ["batch1"]),
        n("Concat", ["batch1", "minus1"], ["target"], axis=0),
        n("Reshape", ["left", "target"], ["y"]),
    ]
    return model(nodes, [vi("x", TensorProto.FLOAT, ["batch", 3, 8])],
                 [vi("y", TensorProto.FLOAT, ["batch", None])], inits, opset=13)


HALF_W = (np.arange(4 * 3 * 3 * 3, dtype=np.float32).reshape(4, 3, 3, 3) % 7 - 3) / 7
HALF_B = np.array([0.1, -0.2, 0.3, 0.0], dtype=np.float32)
HALF_W2 = (np.arange(2 * 8, dtype=np.float32).reshape(2, 8, 1, 1) % 5 - 2) / 3


def half_precision():
    """An fp16 model as converters write one: f32 input and output, a Cast to
    f16 after the input and back before the output, f16 weights, f16
    compute (Conv, Relu, MaxPool, Resize, Concat, Add, Sigmoid, and a
    ConstantOfShape of f16 value)."""
    h = TensorProto.FLOAT16
    inits = [
        numpy_helper.from_array(HALF_W.astype(np.float16), "w"),
        numpy_helper.from_array(HALF_B.astype(np.float16), "b"),
        numpy_helper.from_array(HALF_W2.astype(np.float16), "w2"),
        numpy_helper.from_array(np.array([1, 1, 2, 2], dtype=np.float32), "scales"),
        numpy_helper.from_array(np.array([1, 2, 6, 6], dtype=np.int64), "shape"),
    ]
    n = helper.make_node
    nodes = [
        n("Cast", ["x"], ["xh"], to=h),
        n("Conv", ["xh", "w", "b"], ["c"], pads=[1, 1, 1, 1], name="conv1"),
        n("Relu", ["c"], ["r"]),
        n("MaxPool", ["r"], ["p"], kernel_shape=[2, 2], strides=[2, 2]),
        n("Resize", ["p", "", "scales"], ["u"], mode="nearest"),
        n("Concat", ["r", "u"], ["cat"], axis=1),
        n("Conv", ["cat", "w2"], ["c2"], name="conv2"),
        n("ConstantOfShape", ["shape"], ["half"],
          value=numpy_helper.from_array(np.array([0.5], dtype=np.float16))),
        n("Add", ["c2", "half"], ["a"]),
        n("Sigmoid", ["a"], ["s"]),
        n("Cast", ["s"], ["y"], to=TensorProto.FLOAT),
    ]
    return model(nodes, [vi("x", TensorProto.FLOAT, [1, 3, 6, 6])],
                 [vi("y", TensorProto.FLOAT, [1, 2, 6, 6])], inits, opset=15)


def half_precision_data(out):
    """Input of half_precision and numpy's output computed in f32 from the
    f16 weights (no rounding of intermediate tensors)."""
    x = np.random.RandomState(3).randn(1, 3, 6, 6).astype(np.float32)
    np.save(os.path.join(out, "x.npy"), x)
    w = HALF_W.astype(np.float16).astype(np.float64)
    b = HALF_B.astype(np.float16).astype(np.float64)
    w2 = HALF_W2.astype(np.float16).astype(np.float64)
    xp = np.pad(x.astype(np.float64), ((0, 0), (0, 0), (1, 1), (1, 1)))
    c = np.zeros((1, 4, 6, 6)) + b[None, :, None, None]
    for i in range(3):
        for j in range(3):
            c += np.einsum("nchw,oc->nohw", xp[:, :, i:i + 6, j:j + 6], w[:, :, i, j])
    r = np.maximum(c, 0)
    p = r.reshape(1, 4, 3, 2, 3, 2).max(axis=(3, 5))
    u = p.repeat(2, axis=2).repeat(2, axis=3)
    cat = np.concatenate([r, u], axis=1)
    a = np.einsum("nchw,oc->nohw", cat, w2[:, :, 0, 0]) + 0.5
    np.save(os.path.join(out, "expected.npy"), (1 / (1 + np.exp(-a))).astype(np.float32))


def half_rounding():
    """An fp16 model where ONNX Runtime rounds values to f16 and where it
    does not: a Concat whose first input is a Cast to f16 (of an f32
    Resize, as in the fp16 ISNet) runs in f16, the same Concat with its
    inputs swapped (first input from the f32 Relu, used by an f32 Conv) in
    f32; a Transpose of the Cast input and a LayerNormalization run in f16;
    Conv, Relu (opset 17), MaxPool, Resize and Sigmoid run in f32."""
    h = TensorProto.FLOAT16
    inits = [
        numpy_helper.from_array(HALF_W.astype(np.float16), "w"),
        numpy_helper.from_array(HALF_B.astype(np.float16), "b"),
        numpy_helper.from_array(HALF_W2.astype(np.float16), "w2"),
        numpy_helper.from_array(np.array([1, 1, 2, 2], dtype=np.float32), "scales"),
        numpy_helper.from_array(HALF_G.astype(np.float16), "g"),
        numpy_helper.from_array(HALF_BETA.astype(np.float16), "beta"),
    ]
    n = helper.make_node
    f = TensorProto.FLOAT
    nodes = [
        n("Cast", ["x"], ["xh"], to=h),
        n("Conv", ["xh", "w", "b"], ["c"], pads=[1, 1, 1, 1]),
        n("Relu", ["c"], ["r"]),
        n("MaxPool", ["r"], ["p"], kernel_shape=[2, 2], strides=[2, 2]),
        n("Cast", ["p"], ["pf"], to=f),
        n("Resize", ["pf", "", "scales"], ["u"], mode="nearest"),
        n("Cast", ["u"], ["uh"], to=h),
        n("Concat", ["uh", "r"], ["cat"], axis=1),
        n("Conv", ["cat", "w2"], ["c2"]),
        n("Sigmoid", ["c2"], ["s"]),
        n("Cast", ["s"], ["y"], to=f),
        n("Concat", ["r", "uh"], ["cat2"], axis=1),
        n("Conv", ["cat2", "w2"], ["c4"]),
        n("Cast", ["c4"], ["y4"], to=f),
        n("Transpose", ["xh"], ["t"], perm=[0, 1, 3, 2]),
        n("Conv", ["t", "w", "b"], ["c3"], pads=[1, 1, 1, 1]),
        n("Cast", ["c3"], ["y2"], to=f),
        n("LayerNormalization", ["xh", "g", "beta"], ["ln"], axis=-1),
        n("Cast", ["ln"], ["y3"], to=f),
    ]
    return model(nodes, [vi("x", f, [1, 3, 6, 6])],
                 [vi("y", f, [1, 2, 6, 6]), vi("y2", f, [1, 4, 6, 6]),
                  vi("y3", f, [1, 3, 6, 6]), vi("y4", f, [1, 2, 6, 6])], inits, opset=17)


HALF_G = np.linspace(0.5, 1.5, 6).astype(np.float32)
HALF_BETA = np.linspace(-0.3, 0.2, 6).astype(np.float32)


def half_rounding_data(out):
    """Input of half_rounding (values with more bits than f16 holds) and
    numpy's outputs in f32 with the f16 roundings of ONNX Runtime 1.31 on
    x86 (whose outputs agree with these to 2.4e-7)."""
    x = (np.random.RandomState(5).randn(1, 3, 6, 6) * 3).astype(np.float32)
    np.save(os.path.join(out, "x.npy"), x)

    def r16(a):
        return a.astype(np.float16).astype(np.float32)

    w = HALF_W.astype(np.float16).astype(np.float32)
    b = HALF_B.astype(np.float16).astype(np.float32)
    w2 = HALF_W2.astype(np.float16).astype(np.float32)

    def conv3(a):
        ap = np.pad(a, ((0, 0), (0, 0), (1, 1), (1, 1)))
        c = np.zeros((1, 4, 6, 6), np.float32) + b[None, :, None, None]
        for i in range(3):
            for j in range(3):
                c += np.einsum("nchw,oc->nohw", ap[:, :, i:i + 6, j:j + 6], w[:, :, i, j])
        return c

    r = np.maximum(conv3(x), 0)
    p = r.reshape(1, 4, 3, 2, 3, 2).max(axis=(3, 5))
    u = p.repeat(2, axis=2).repeat(2, axis=3)
    cat = np.concatenate([r16(u), r16(r)], axis=1)
    c2 = np.einsum("nchw,oc->nohw", cat, w2[:, :, 0, 0])
    np.save(os.path.join(out, "y.npy"), (1 / (1 + np.exp(-c2))).astype(np.float32))
    cat2 = np.concatenate([r, u], axis=1)
    np.save(os.path.join(out, "y4.npy"), np.einsum("nchw,oc->nohw", cat2, w2[:, :, 0, 0]))
    np.save(os.path.join(out, "y2.npy"), conv3(r16(x).transpose(0, 1, 3, 2)))
    xr = r16(x).astype(np.float64)
    mean = xr.mean(axis=-1, keepdims=True)
    var = ((xr - mean) ** 2).mean(axis=-1, keepdims=True)
    g = HALF_G.astype(np.float16).astype(np.float64)
    beta = HALF_BETA.astype(np.float16).astype(np.float64)
    ln = (xr - mean) / np.sqrt(var + 1e-5) * g + beta
    np.save(os.path.join(out, "y3.npy"), r16(ln.astype(np.float32)))


def quantize_runtime():
    """QuantizeLinear with its scale and zero point as graph inputs (run-time
    values, as DynamicQuantizeLinear's function body computes them): to
    uint8 and to int8."""
    n = helper.make_node
    nodes = [
        n("QuantizeLinear", ["x", "s", "zpu"], ["yu"]),
        n("QuantizeLinear", ["x", "s", "zpi"], ["yi"]),
    ]
    return model(nodes,
                 [vi("x", TensorProto.FLOAT, [3, 8]), vi("s", TensorProto.FLOAT, []),
                  vi("zpu", TensorProto.UINT8, []), vi("zpi", TensorProto.INT8, [])],
                 [vi("yu", TensorProto.UINT8, [3, 8]), vi("yi", TensorProto.INT8, [3, 8])],
                 opset=13)


def quantize_runtime_data(out):
    """Inputs of quantize_runtime (halfway cases, values past both ends) and
    numpy's outputs: sat(roundHalfEven(x / s) + zp)."""
    s = np.float32(0.1)
    k = np.arange(-12, 12, dtype=np.float32).reshape(3, 8)
    x = (k + 0.5) * s
    x[0, :3] = [-100.0, 100.0, 0.0]
    np.save(os.path.join(out, "x.npy"), x)
    np.save(os.path.join(out, "s.npy"), np.array(s))
    np.save(os.path.join(out, "zpu.npy"), np.array(250, dtype=np.uint8))
    np.save(os.path.join(out, "zpi.npy"), np.array(-3, dtype=np.int8))
    q = np.rint(x / s)
    np.save(os.path.join(out, "yu.npy"), np.clip(q + 250, 0, 255).astype(np.uint8))
    np.save(os.path.join(out, "yi.npy"), np.clip(q - 3, -128, 127).astype(np.int8))


RESIZE_LINEAR_CASES = [
    # (output, coordinate_transformation_mode, scales or None, sizes or None)
    ("y1", "half_pixel", None, [1, 2, 11, 16]),
    ("y2", "half_pixel", [1, 1, 2, 2], None),
    ("y3", "half_pixel", None, [1, 2, 3, 4]),
    ("y4", "align_corners", None, [1, 2, 9, 13]),
    ("y5", "pytorch_half_pixel", [1, 1, 1, 3], None),
    ("y6", "asymmetric", [1, 1, 1.5, 0.5], None),
]


def resize_linear():
    """Linear Resize of the two spatial axes as image models use it: up and
    down, integral and fractional scales, from scales or from sizes, four
    coordinate transformations, one axis unchanged."""
    n = helper.make_node
    nodes, inits, outputs = [], [], []
    for out, mode, scales, sizes in RESIZE_LINEAR_CASES:
        if scales is not None:
            inits.append(numpy_helper.from_array(np.array(scales, dtype=np.float32), "s_" + out))
            inputs = ["x", "", "s_" + out]
            shape = [int(np.floor(d * s)) for d, s in zip(RESIZE_LINEAR_SHAPE, scales)]
        else:
            inits.append(numpy_helper.from_array(np.array(sizes, dtype=np.int64), "s_" + out))
            inputs = ["x", "", "", "s_" + out]
            shape = sizes
        nodes.append(n("Resize", inputs, [out], mode="linear",
                       coordinate_transformation_mode=mode))
        outputs.append(vi(out, TensorProto.FLOAT, shape))
    return model(nodes, [vi("x", TensorProto.FLOAT, RESIZE_LINEAR_SHAPE)], outputs, inits,
                 opset=13)


RESIZE_LINEAR_SHAPE = [1, 2, 5, 7]


def resize_linear_data(out):
    """Input of resize_linear and the expected outputs, computed in float32
    in ONNX Runtime's order: per axis, the coordinate in f32 clamped to the
    input, positions i = trunc(c) and min(i + 1, last) with weights
    |c - other position| (0.5 each where the positions coincide); per output,
    ((wy1 wx1) x11 + (wy1 wx2) x12) + (wy2 wx1) x21 + (wy2 wx2) x22, every
    operation rounded to f32."""
    f = np.float32
    x = (np.random.RandomState(5).randn(*RESIZE_LINEAR_SHAPE) * 1000).astype(np.float32)
    np.save(os.path.join(out, "x.npy"), x)

    def axis(n_in, n_out, scale, mode):
        first, second, w_first, w_second = [], [], [], []
        for i in range(n_out):
            xi = f(i)
            if scale == f(1):
                c = xi
            elif mode == "asymmetric":
                c = xi / scale
            elif mode == "align_corners":
                length = f(n_in) * scale
                c = f(0) if length == f(1) else xi * f(n_in - 1) / (length - f(1))
            elif mode == "pytorch_half_pixel":
                c = (xi + f(0.5)) / scale - f(0.5) if n_out > 1 else f(0)
            else:
                c = (xi + f(0.5)) / scale - f(0.5)
            c = min(max(c, f(0)), f(n_in - 1))
            a = min(int(c), n_in - 1)
            b = min(a + 1, n_in - 1)
            da, db = abs(c - f(a)), abs(c - f(b))
            if a == b:
                da = db = f(0.5)
            first.append(a)
            second.append(b)
            w_first.append(db)
            w_second.append(da)
        return first, second, np.array(w_first, f), np.array(w_second, f)

    h, w = RESIZE_LINEAR_SHAPE[2:]
    for name, mode, scales, sizes in RESIZE_LINEAR_CASES:
        if scales is not None:
            oh, ow = int(np.floor(h * scales[2])), int(np.floor(w * scales[3]))
            sh, sw = f(scales[2]), f(scales[3])
        else:
            oh, ow = sizes[2:]
            sh, sw = f(oh) / f(h), f(ow) / f(w)
        y1, y2, wy1, wy2 = axis(h, oh, sh, mode)
        x1, x2, wx1, wx2 = axis(w, ow, sw, mode)
        result = None
        for rows, wy in ((y1, wy1), (y2, wy2)):
            for cols, wx in ((x1, wx1), (x2, wx2)):
                term = (wy[:, None] * wx[None, :]) * x[:, :, rows][:, :, :, cols]
                result = term if result is None else result + term
        assert result.dtype == np.float32
        np.save(os.path.join(out, "expected-%s.npy" % name), result)


def if_on_input():
    """What TorchScript exports write (silero VAD): the network inside an If
    on an input (a sample rate compared with 16000), a nested If on a shape
    (squeeze a dimension only if it is 1; the branches have different
    ranks), reflect padding whose pads go through Reshape, a reversing Slice
    and Transpose, and an LSTM over the padded frames with its state as an
    input. Inputs: x [1, 6], sr (int64 scalar), h [1, 1, 2]."""
    n = helper.make_node
    f, i64 = TensorProto.FLOAT, TensorProto.INT64

    def const(name, values, dtype=np.int64):
        return n("Constant", [], [name],
                 value=numpy_helper.from_array(np.array(values, dtype=dtype)))

    # F.pad(x, [1, 1]) as torch writes it: [1, 1, 0, 0] as [[1, 1], [0, 0]],
    # rows reversed, transposed, flattened: ONNX's [0, 1, 0, 1].
    pad_nodes = [
        const("pads_raw", [1, 1, 0, 0]),
        const("pads_shape", [2, 2]),
        n("Reshape", ["pads_raw", "pads_shape"], ["pads_2d"]),
        const("rev_start", [-1]), const("rev_end", [-(2 ** 63)]),
        const("rev_axis", [0]), const("rev_step", [-1]),
        n("Slice", ["pads_2d", "rev_start", "rev_end", "rev_axis", "rev_step"], ["pads_rev"]),
        n("Transpose", ["pads_rev"], ["pads_t"], perm=[1, 0]),
        const("flat", [-1]),
        n("Reshape", ["pads_t", "flat"], ["pads_flat"]),
        n("Pad", ["x", "pads_flat"], ["padded"], mode="reflect"),
    ]
    # LSTM over the 8 padded samples as [seq 8, batch 1, input 1].
    w = numpy_helper.from_array(IF_LSTM_W, "w")
    r = numpy_helper.from_array(IF_LSTM_R, "r")
    lstm_nodes = [
        const("seq_shape", [8, 1, 1]),
        n("Reshape", ["padded", "seq_shape"], ["seq"]),
        n("LSTM", ["seq", "w", "r", "", "", "h", "h"], ["", "h_out", ""], hidden_size=2),
        # Squeeze the direction axis only if it is 1 (it is).
        n("Shape", ["h_out"], ["h_shape"]),
        const("zero", 0), n("Gather", ["h_shape", "zero"], ["dirs"]),
        const("one", 1), n("Equal", ["dirs", "one"], ["is_one"]),
        n("If", ["is_one"], ["state"],
          then_branch=helper.make_graph(
              [const("axes0", [0]), n("Squeeze", ["h_out", "axes0"], ["squeezed"])],
              "squeeze", [], [helper.make_tensor_value_info("squeezed", f, [1, 2])]),
          else_branch=helper.make_graph(
              [n("Identity", ["h_out"], ["same"])],
              "keep", [], [helper.make_tensor_value_info("same", f, [1, 1, 2])])),
    ]
    then_branch = helper.make_graph(
        pad_nodes + lstm_nodes + [n("Identity", ["state"], ["then_out"])],
        "sr16k", [], [helper.make_tensor_value_info("then_out", f, [1, 2])], [w, r])
    else_branch = helper.make_graph(
        [n("Neg", ["h"], ["neg"]), const("sq", [0]), n("Squeeze", ["neg", "sq"], ["else_out"])],
        "other", [], [helper.make_tensor_value_info("else_out", f, [1, 2])])
    nodes = [
        const("rate", 16000),
        n("Equal", ["sr", "rate"], ["is_16k"]),
        n("If", ["is_16k"], ["y"], then_branch=then_branch, else_branch=else_branch, name="rate_if"),
    ]
    return model(nodes, [vi("x", f, [1, 6]), vi("sr", i64, []), vi("h", f, [1, 1, 2])],
                 [vi("y", f, [1, 2])], opset=16)


IF_LSTM_W = (np.arange(8, dtype=np.float32).reshape(1, 8, 1) - 3.5) / 4
IF_LSTM_R = (np.arange(16, dtype=np.float32).reshape(1, 8, 2) % 5 - 2) / 5


def if_on_input_data(out):
    """Inputs of if_on_input (x, h) and numpy's result for sr = 16000."""
    x = np.array([[0.5, -1.0, 2.0, 0.25, -0.75, 1.5]], dtype=np.float32)
    h = np.array([[[0.1, -0.2]]], dtype=np.float32)
    np.save(os.path.join(out, "x.npy"), x)
    np.save(os.path.join(out, "h.npy"), h)
    padded = np.pad(x.astype(np.float64), ((0, 0), (1, 1)), mode="reflect").reshape(8)
    sig = lambda v: 1 / (1 + np.exp(-v))
    W, R = IF_LSTM_W[0].astype(np.float64), IF_LSTM_R[0].astype(np.float64)
    hs, cs = h[0, 0].astype(np.float64), h[0, 0].astype(np.float64)
    for t in range(8):
        g = W[:, 0] * padded[t] + R @ hs
        i, o, f, c = g[0:2], g[2:4], g[4:6], g[6:8]
        cs = sig(f) * cs + sig(i) * np.tanh(c)
        hs = sig(o) * np.tanh(cs)
    np.save(os.path.join(out, "expected.npy"), hs.reshape(1, 2).astype(np.float32))


def _gru_params():
    r = np.random.RandomState(11)
    return (r.uniform(-0.5, 0.5, (2, 9, 4)).astype(np.float32),
            r.uniform(-0.5, 0.5, (2, 9, 3)).astype(np.float32),
            r.uniform(-0.5, 0.5, (2, 18)).astype(np.float32))


def gru_torch_style():
    """A bidirectional GRU as PyTorch exports nn.GRU: linear_before_reset =
    1, both biases, an initial state. Inputs x [3, 2, 4], h0 [2, 2, 3]."""
    w, r, b = _gru_params()
    inits = [numpy_helper.from_array(w, "w"), numpy_helper.from_array(r, "r"),
             numpy_helper.from_array(b, "b")]
    node = helper.make_node("GRU", ["x", "w", "r", "b", "", "h0"], ["y", "y_h"],
                            hidden_size=3, direction="bidirectional",
                            linear_before_reset=1)
    f = TensorProto.FLOAT
    return model([node], [vi("x", f, [3, 2, 4]), vi("h0", f, [2, 2, 3])],
                 [vi("y", f, [3, 2, 2, 3]), vi("y_h", f, [2, 2, 3])], inits, opset=14)


def gru_torch_style_data(out):
    """Inputs of gru_torch_style and numpy's outputs (ONNX's GRU equations
    with linear_before_reset, in float64)."""
    w, r, b = (a.astype(np.float64) for a in _gru_params())
    rng = np.random.RandomState(12)
    x = rng.randn(3, 2, 4).astype(np.float32)
    h0 = rng.randn(2, 2, 3).astype(np.float32)
    np.save(os.path.join(out, "x.npy"), x)
    np.save(os.path.join(out, "h0.npy"), h0)
    sig = lambda v: 1 / (1 + np.exp(-v))
    y = np.zeros((3, 2, 2, 3))
    y_h = np.zeros((2, 2, 3))
    for d in range(2):
        h = h0[d].astype(np.float64)
        W, R, Wb, Rb = w[d], r[d], b[d, :9], b[d, 9:]
        for t in (range(3) if d == 0 else range(2, -1, -1)):
            xw = x[t].astype(np.float64) @ W.T + Wb
            hr = h @ R.T + Rb
            z = sig(xw[:, 0:3] + hr[:, 0:3])
            rr = sig(xw[:, 3:6] + hr[:, 3:6])
            n = np.tanh(xw[:, 6:9] + rr * hr[:, 6:9])
            h = (1 - z) * n + z * h
            y[t, d] = h
        y_h[d] = h
    np.save(os.path.join(out, "expected-y.npy"), y.astype(np.float32))
    np.save(os.path.join(out, "expected-y_h.npy"), y_h.astype(np.float32))


def paddle_flatten():
    """What paddle2onnx exports for a flatten at opset 9: the Reshape target
    from Shape -> Cast(int32) -> Slice with attributes (opset 1 to 9) ->
    Cast(int64) -> Concat; dynamic batch."""
    c = lambda name, value: numpy_helper.from_array(np.array(value, dtype=np.int64), name)
    n = helper.make_node
    nodes = [
        n("Shape", ["x"], ["s"]),
        n("Cast", ["s"], ["s32"], to=TensorProto.INT32),
        n("Slice", ["s32"], ["batch32"], axes=[0], starts=[0], ends=[1]),
        n("Cast", ["batch32"], ["batch"], to=TensorProto.INT64),
        n("Concat", ["batch", "minus1"], ["target"], axis=0),
        n("Reshape", ["x", "target"], ["y"]),
    ]
    return model(nodes, [vi("x", TensorProto.FLOAT, ["batch", 3, 2])],
                 [vi("y", TensorProto.FLOAT, ["batch", None])], [c("minus1", [-1])], opset=9)


def conv_big_kernel():
    """A 5x5 kernel over a 3x3 input without padding: ONNX shape inference
    gives the output a negative size."""
    w = numpy_helper.from_array(np.ones((4, 3, 5, 5), np.float32), "conv.w")
    conv = helper.make_node("Conv", ["x", "conv.w"], ["y"], name="conv1")
    return model([conv], [vi("x", TensorProto.FLOAT, [1, 3, 3, 3])],
                 [vi("y", TensorProto.FLOAT, ["a", "b", "c", "d"])], [w])


def huge_initializer():
    """An initializer declared [2^32, 2^32] without data."""
    w = TensorProto(name="w", data_type=TensorProto.FLOAT, dims=[2 ** 32, 2 ** 32])
    add = helper.make_node("Add", ["x", "w"], ["y"], name="add1")
    return model([add], [vi("x", TensorProto.FLOAT, [1, 1])],
                 [vi("y", TensorProto.FLOAT, ["a", "b"])], [w])


def constant_of_shape_huge():
    """A 200-byte model whose ConstantOfShape expands to 400 million floats
    (1.6 GB)."""
    shape = numpy_helper.from_array(np.array([1, 400000000], np.int64), "shape")
    value = helper.make_tensor("value", TensorProto.FLOAT, [1], [0.5])
    fill = helper.make_node("ConstantOfShape", ["shape"], ["c"], name="fill",
                            value=value)
    add = helper.make_node("Add", ["x", "c"], ["y"], name="add1")
    return model([fill, add], [vi("x", TensorProto.FLOAT, [1, 1])],
                 [vi("y", TensorProto.FLOAT, ["a", "b"])], [shape])


def opset_future():
    """A Relu under ONNX opset 99, newer than any ONNX library knows."""
    relu = helper.make_node("Relu", ["x"], ["y"], name="relu1")
    return model([relu], [vi("x", TensorProto.FLOAT, [1, 4])],
                 [vi("y", TensorProto.FLOAT, [1, 4])], opset=99)


MODELS = {f.__name__: f for f in (constant_of_shape_huge, opset_future, conv_big_kernel, huge_initializer, resize_linear, gru_torch_style, if_on_input, half_precision, half_rounding, quantize_runtime, unsorted_nodes, dynamic_quant, unconverted_ops, paddle_flatten, shape_arithmetic, exported_ops, matmul_ranks, dynamic_hw, flatten_subgraph, qdq_conv, string_constant, short_raw_data, conv_relu, constants, old_opset, optional_input, attributes,
                                  unknown_op, custom_op, graph_attribute, string_tensor,
                                  shapeless_input, rank0_convtranspose, sequence_input)}


def main():
    name, out = sys.argv[1], sys.argv[2]
    if name == "external":
        m = conv_relu()
        onnx.save_model(m, out, save_as_external_data=True, all_tensors_to_one_file=True,
                        location=os.path.basename(out) + ".data", size_threshold=0)
        return
    if name == "external_range":
        m = conv_relu()
        onnx.save_model(m, out, save_as_external_data=True, all_tensors_to_one_file=True,
                        location=os.path.basename(out) + ".data", size_threshold=0)
        m = onnx.load(out, load_external_data=False)
        for t in m.graph.initializer:
            for entry in t.external_data:
                if entry.key == "offset":
                    entry.value = "100000"
        onnx.save(m, out)
        return
    if name == "external_edit":
        # The external model with its data entries edited: KEY=VALUE sets
        # (or adds) an entry of every initializer, -KEY removes it.
        m = conv_relu()
        onnx.save_model(m, out, save_as_external_data=True, all_tensors_to_one_file=True,
                        location=os.path.basename(out) + ".data", size_threshold=0)
        m = onnx.load(out, load_external_data=False)
        for t in m.graph.initializer:
            for edit in sys.argv[3:]:
                key = edit[1:] if edit.startswith("-") else edit.split("=", 1)[0]
                kept = [e for e in t.external_data if e.key != key]
                del t.external_data[:]
                t.external_data.extend(kept)
                if not edit.startswith("-"):
                    entry = t.external_data.add()
                    entry.key, entry.value = key, edit.split("=", 1)[1]
        onnx.save(m, out)
        return
    if name == "exported_ops_data":
        exported_ops_data(out)
        return
    if name == "matmul_ranks_data":
        matmul_ranks_data(out)
        return
    if name == "gru_torch_style_data":
        gru_torch_style_data(out)
        return
    if name == "if_on_input_data":
        if_on_input_data(out)
        return
    if name == "resize_linear_data":
        resize_linear_data(out)
        return
    if name == "half_precision_data":
        half_precision_data(out)
        return
    if name == "half_rounding_data":
        half_rounding_data(out)
        return
    if name == "quantize_runtime_data":
        quantize_runtime_data(out)
        return
    if name == "dynamic_quant_data":
        dynamic_quant_data(out)
        return
    if name == "flatten_subgraph_data":
        # Five samples for flatten_subgraph and its outputs computed here.
        x = np.random.RandomState(1).randn(5, 3, 2, 2).astype(np.float32)
        w = (np.arange(24, dtype=np.float32).reshape(2, 12) - 10) / 50
        b = np.array([0.25, -0.5], dtype=np.float32)
        np.save(os.path.join(out, "x.npy"), x)
        np.save(os.path.join(out, "expected.npy"), np.maximum(x, 0).reshape(5, 12) @ w.T + b)
        return
    if name in ("truncated", "garbage"):
        data = conv_relu().SerializeToString()
        with open(out, "wb") as f:
            f.write(data[: len(data) // 2] if name == "truncated" else b"this is not an ONNX file\n")
        return
    onnx.save(MODELS[name](), out)


if __name__ == "__main__":
    main()
