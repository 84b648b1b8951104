#!/usr/bin/env python3
"""A model quantized by PyTorch (eager-mode post-training static
quantization, fbgemm: u8 activations, s8 per-channel weights) and exported
to ONNX, which writes it as a QDQ model (QuantizeLinear/DequantizeLinear
around float Conv and Gemm).

  torch_qdq.py make DIR    writes DIR/qdq.onnx, DIR/x.npy (16 samples) and
                           DIR/torch-int8.npy, PyTorch's int8 outputs
  torch_qdq.py check DIR   compares DIR/out/y.npy with them

check asserts that qmlir's outputs are at most one quantization step from
PyTorch's int8 model's (both run the same integer products; their
requantizations round a product near a tie apart: PyTorch multiplies by a
float scale, qmlir by a 31-bit fixed-point multiplier) and that top-1
agrees on every sample.
"""

import sys
import warnings
from pathlib import Path

import numpy as np


def make(out):
    import torch
    import torch.nn as nn

    warnings.filterwarnings("ignore")
    torch.manual_seed(0)

    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.quant = torch.ao.quantization.QuantStub()
            self.dequant = torch.ao.quantization.DeQuantStub()
            self.conv1 = nn.Conv2d(3, 8, 3, padding=1)
            self.relu1 = nn.ReLU()
            self.conv2 = nn.Conv2d(8, 8, 3, padding=1, groups=8)
            self.relu2 = nn.ReLU()
            self.conv3 = nn.Conv2d(8, 16, 1, stride=2)
            self.pool = nn.AdaptiveAvgPool2d(1)
            self.fc = nn.Linear(16, 10)

        def forward(self, x):
            x = self.quant(x)
            x = self.relu1(self.conv1(x))
            x = self.relu2(self.conv2(x))
            x = self.pool(self.conv3(x))
            return self.dequant(self.fc(torch.flatten(x, 1)))

    net = Net().eval()
    net.qconfig = torch.ao.quantization.get_default_qconfig("fbgemm")
    torch.ao.quantization.fuse_modules(net, [["conv1", "relu1"], ["conv2", "relu2"]], inplace=True)
    prepared = torch.ao.quantization.prepare(net)
    with torch.no_grad():
        for _ in range(8):
            prepared(torch.randn(1, 3, 16, 16))
    quantized = torch.ao.quantization.convert(prepared)
    out.mkdir(parents=True, exist_ok=True)
    x = torch.randn(16, 3, 16, 16)
    torch.onnx.export(quantized, x[:1], str(out / "qdq.onnx"), opset_version=13,
                      input_names=["x"], output_names=["y"])
    with torch.no_grad():
        y = np.concatenate([quantized(x[i:i + 1]).numpy() for i in range(len(x))])
    np.save(out / "x.npy", x.numpy())
    np.save(out / "torch-int8.npy", y)


def output_scale(path):
    """The scale of the DequantizeLinear that produces the output `y`."""
    import onnx
    from onnx import numpy_helper
    graph = onnx.load(str(path)).graph
    values = {t.name: numpy_helper.to_array(t) for t in graph.initializer}
    for node in graph.node:
        if node.op_type == "Constant":
            values[node.output[0]] = numpy_helper.to_array(node.attribute[0].t)
    node = next(n for n in graph.node if "y" in n.output)
    assert node.op_type == "DequantizeLinear", node.op_type
    return float(values[node.input[1]])


def check(out):
    got = np.load(out / "out" / "y.npy").astype(np.float64)
    want = np.load(out / "torch-int8.npy").astype(np.float64)
    steps = np.rint(np.abs(got - want) / output_scale(out / "qdq.onnx"))
    top1 = int((got.argmax(1) == want.argmax(1)).sum())
    print("%d outputs: at most %d step(s) apart; top-1 agreement %d/%d"
          % (got.size, int(steps.max()), top1, len(want)))
    print("identical: %.1f%%" % (100 * np.mean(steps == 0)))
    if steps.max() > 1 or top1 != len(want):
        sys.exit("qmlir's int8 outputs are not PyTorch's")


if __name__ == "__main__":
    (make if sys.argv[1] == "make" else check)(Path(sys.argv[2]))
