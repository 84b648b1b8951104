// RUN: qmlir-opt %s --pass-pipeline="builtin.module(func.func(qnt-equalize{iterations=0}))" --verify-diagnostics

// expected-error@+1 {{qnt-equalize: iterations must be at least 1}}
func.func @main(%x: tensor<1x4xf32>) -> tensor<1x4xf32> {
  return %x : tensor<1x4xf32>
}
