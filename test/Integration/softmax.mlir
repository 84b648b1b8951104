// RUN: rm -rf %t && %python %S/reference.py make softmax %t
// RUN: qmlir-run %s --input %t/in0.npy --output-dir %t/out
// RUN: %python %S/reference.py check softmax %t
// RUN: qmlir-run %s --input %t/in0.npy --time --repeat 3 --warmup 1 | FileCheck %s --check-prefix=TIME
// TIME: compile: {{[0-9.]+}} ms
// TIME-NEXT: latency per batch (3 runs): median {{[0-9.]+}} ms, p10 {{[0-9.]+}} ms, p90 {{[0-9.]+}} ms

/// Softmax over the last axis as TOSA expresses it: subtract the maximum,
/// exponentiate, divide by the sum.
func.func @main(%x: tensor<4x10xf32>) -> tensor<4x10xf32> {
  %shift = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %max = tosa.reduce_max %x {axis = 1 : i32} : (tensor<4x10xf32>) -> tensor<4x1xf32>
  %sub = tosa.sub %x, %max : (tensor<4x10xf32>, tensor<4x1xf32>) -> tensor<4x10xf32>
  %exp = tosa.exp %sub : (tensor<4x10xf32>) -> tensor<4x10xf32>
  %sum = tosa.reduce_sum %exp {axis = 1 : i32} : (tensor<4x10xf32>) -> tensor<4x1xf32>
  %rcp = tosa.reciprocal %sum : (tensor<4x1xf32>) -> tensor<4x1xf32>
  %0 = tosa.mul %exp, %rcp, %shift : (tensor<4x10xf32>, tensor<4x1xf32>, tensor<1xi8>) -> tensor<4x10xf32>
  return %0 : tensor<4x10xf32>
}
