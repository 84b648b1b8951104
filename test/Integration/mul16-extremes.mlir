// REQUIRES: qmlir-jit, numpy
// qnt.mul of 16-bit operands at their extremes: (65535 - 0)^2 times a
// multiplier near 2^31 plus a rounding term of 2^59 passes 2^63, so the
// requantization takes 128 bits. Compiled code equals the reference
// interpreter and the fixed-point product computed with Python's integers,
// bit for bit.
// RUN: rm -rf %t && split-file %s %t
// RUN: %python -c "import numpy as np; np.save('%t/a.npy', np.array([65535, 65535, 0, 40000, 1, 65534], np.uint16)); np.save('%t/b.npy', np.array([65535, 0, 65535, 65535, 1, 65535], np.uint16))"
// RUN: qmlir-run %t/mul.mlir --input a=%t/a.npy --input b=%t/b.npy --output-dir %t/jit
// RUN: qmlir-run %t/mul.mlir --input a=%t/a.npy --input b=%t/b.npy --output-dir %t/ref --reference
// RUN: %python %t/check.py %t | FileCheck %s
// CHECK: equal: [8 0 0 5 0 8]

//--- mul.mlir
// The real multiplier 1 / (2^29 + 64): multiplier 2^31 - 256, shift 60,
// rounding term 2^59.
!a = !quant.uniform<u16:f32, 1.0>
!y = !quant.uniform<i16:f32, 536870976.0>
func.func @main(%a: tensor<6xui16> {qmlir.name = "a"}, %b: tensor<6xui16> {qmlir.name = "b"}) -> tensor<6xi16> {
  %a0 = tensor.bitcast %a : tensor<6xui16> to tensor<6xi16>
  %b0 = tensor.bitcast %b : tensor<6xui16> to tensor<6xi16>
  %aq = quant.scast %a0 : tensor<6xi16> to tensor<6x!a>
  %bq = quant.scast %b0 : tensor<6xi16> to tensor<6x!a>
  %y = qnt.mul %aq, %bq : (tensor<6x!a>, tensor<6x!a>) -> tensor<6x!y>
  %r = quant.scast %y : tensor<6x!y> to tensor<6xi16>
  return %r : tensor<6xi16>
}

//--- check.py
import sys
import numpy as np
d = sys.argv[1]
a = [int(v) for v in np.load(d + "/a.npy")]
b = [int(v) for v in np.load(d + "/b.npy")]
jit = np.load(d + "/jit/result0.npy")
ref = np.load(d + "/ref/result0.npy")
# applyScale's single rounding in unbounded integers.
m, shift = (1 << 31) - 256, 60
exact = np.array([(x * y * m + (1 << (shift - 1))) >> shift for x, y in zip(a, b)])
assert (jit == ref).all(), "compiled %s, reference %s" % (jit, ref)
assert (jit == exact).all(), "compiled %s, exact %s" % (jit, exact)
print("equal:", jit)
