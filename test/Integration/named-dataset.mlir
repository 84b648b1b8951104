// RUN: rm -rf %t && %python %S/reference.py make named_dataset %t
/// Inputs bound by name in the opposite order; 6 samples through a batch of
/// 2 (3 batches, outputs concatenated); outputs named after the results, with
/// '/' replaced by '_'.
// RUN: qmlir-run %s --input y=%t/in1.npy --input x=%t/in0.npy --output-dir %t/out 2>&1 | FileCheck %s --check-prefix=PROGRESS
// RUN: %python %S/reference.py check named_dataset %t scaled_sum.npy diff.npy
// PROGRESS: qmlir-run: 3/3 batches

func.func @main(%x: tensor<2x4xf32> {qmlir.name = "x"}, %y: tensor<2x4xf32> {qmlir.name = "y"})
    -> (tensor<2x4xf32> {qmlir.name = "scaled/sum"}, tensor<2x4xf32> {qmlir.name = "diff"}) {
  %shift = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %two = "tosa.const"() <{values = dense<2.0> : tensor<1x1xf32>}> : () -> tensor<1x1xf32>
  %m = tosa.mul %x, %two, %shift : (tensor<2x4xf32>, tensor<1x1xf32>, tensor<1xi8>) -> tensor<2x4xf32>
  %0 = tosa.add %m, %y : (tensor<2x4xf32>, tensor<2x4xf32>) -> tensor<2x4xf32>
  %1 = tosa.sub %x, %y : (tensor<2x4xf32>, tensor<2x4xf32>) -> tensor<2x4xf32>
  return %0, %1 : tensor<2x4xf32>, tensor<2x4xf32>
}
