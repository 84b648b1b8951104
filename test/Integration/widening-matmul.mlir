// REQUIRES: qmlir-jit, numpy
// A batch matmul of i32 operands into i64 accumulators (what 16-bit
// activations make of an attention product whose int32 sum could
// overflow) compiles and equals numpy's int64 product.
// RUN: rm -rf %t && mkdir -p %t
// RUN: %python -c "import numpy as n; r = n.random.RandomState(3); n.save('%t/a.npy', r.randint(-65535, 65536, (8, 40, 15)).astype(n.int32)); n.save('%t/b.npy', r.randint(-65535, 65536, (8, 15, 40)).astype(n.int32))"
// RUN: qmlir-run %s --input %t/a.npy --input %t/b.npy --output-dir %t/out
// RUN: %python -c "import numpy as n; a = n.load('%t/a.npy').astype(n.int64); b = n.load('%t/b.npy').astype(n.int64); r = n.load('%t/out/result0.npy'); assert r.dtype == n.int64 and (r == a @ b).all(), 'differs'; print('equal')" | FileCheck %s
// CHECK: equal

func.func @main(%a: tensor<8x40x15xi32>, %b: tensor<8x15x40xi32>) -> tensor<8x40x40xi64> {
  %c0 = arith.constant 0 : i64
  %e = tensor.empty() : tensor<8x40x40xi64>
  %f = linalg.fill ins(%c0 : i64) outs(%e : tensor<8x40x40xi64>) -> tensor<8x40x40xi64>
  %m = linalg.batch_matmul ins(%a, %b : tensor<8x40x15xi32>, tensor<8x15x40xi32>) outs(%f : tensor<8x40x40xi64>) -> tensor<8x40x40xi64>
  return %m : tensor<8x40x40xi64>
}
