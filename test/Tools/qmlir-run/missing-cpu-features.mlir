// RUN: rm -rf %t
// RUN: not qmlir-run %s --input %S/Inputs/x2.npy --output-dir %t/out 2>&1 | FileCheck %s
// RUN: not ls %t/out

/// Code compiled for a CPU feature this host does not have is refused before
/// it runs (no illegal instruction), naming the feature.
// CHECK: qmlir-run: error: compiling {{.*}}missing-cpu-features.mlir: the code uses the CPU feature 'qmlir-test-no-such-feature', which this CPU does not have (compile with int8-kernel=auto, or emulate=true)

module attributes {qmlir.required_cpu_features = ["qmlir-test-no-such-feature"]} {
  func.func @main(%x: tensor<2xf32>) -> tensor<2xf32> {
    %0 = tosa.abs %x : (tensor<2xf32>) -> tensor<2xf32>
    return %0 : tensor<2xf32>
  }
}
