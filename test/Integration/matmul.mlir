// RUN: rm -rf %t && %python %S/reference.py make matmul %t
// RUN: qmlir-run %s --input %t/in0.npy --input %t/in1.npy --input %t/in2.npy --input %t/in3.npy --input %t/in4.npy --output-dir %t/out
// RUN: %python %S/reference.py check matmul %t

/// Batch matmul, and a fully connected layer (reshape, matmul, bias add).
func.func @main(%a: tensor<3x4x5xf32>, %b: tensor<3x5x6xf32>, %x: tensor<2x8xf32>,
                %w: tensor<1x8x10xf32>, %bias: tensor<1x1x10xf32>)
    -> (tensor<3x4x6xf32>, tensor<2x10xf32>) {
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %0 = tosa.matmul %a, %b, %zp, %zp : (tensor<3x4x5xf32>, tensor<3x5x6xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<3x4x6xf32>
  %s3 = tosa.const_shape {values = dense<[1, 2, 8]> : tensor<3xindex>} : () -> !tosa.shape<3>
  %x3 = tosa.reshape %x, %s3 : (tensor<2x8xf32>, !tosa.shape<3>) -> tensor<1x2x8xf32>
  %m = tosa.matmul %x3, %w, %zp, %zp : (tensor<1x2x8xf32>, tensor<1x8x10xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x10xf32>
  %y = tosa.add %m, %bias : (tensor<1x2x10xf32>, tensor<1x1x10xf32>) -> tensor<1x2x10xf32>
  %s2 = tosa.const_shape {values = dense<[2, 10]> : tensor<2xindex>} : () -> !tosa.shape<2>
  %1 = tosa.reshape %y, %s2 : (tensor<1x2x10xf32>, !tosa.shape<2>) -> tensor<2x10xf32>
  return %0, %1 : tensor<3x4x6xf32>, tensor<2x10xf32>
}
