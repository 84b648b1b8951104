// RUN: rm -rf %t
// RUN: not qmlir-run %s --input %S/Inputs/x2.npy --output-dir %t/out 2>&1 | FileCheck %s
// RUN: not ls %t/out

/// An op the pipeline cannot lower: the diagnostic names it.
// CHECK: error: failed to legalize operation 'tosa.custom'
// CHECK: qmlir-run: error: compiling {{.*}}unsupported-op.mlir: lowering to the LLVM dialect failed

func.func @main(%x: tensor<2xf32>) -> tensor<2xf32> {
  %0 = tosa.custom %x {operator_name = "my_op", domain_name = "test", implementation_attrs = ""} : (tensor<2xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}
