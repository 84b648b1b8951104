// RUN: rm -rf %t && %python %S/reference.py make shapes %t
// RUN: qmlir-run %s --input %t/in0.npy --input %t/in1.npy --output-dir %t/out
// RUN: %python %S/reference.py check shapes %t

/// reshape, transpose, pad (with a pad value), slice, concat.
func.func @main(%a: tensor<2x3x4xf32>, %b: tensor<2x3x2xf32>)
    -> (tensor<6x4xf32>, tensor<4x2x3xf32>, tensor<2x6x5xf32>, tensor<2x2x3xf32>, tensor<2x3x6xf32>) {
  %s = tosa.const_shape {values = dense<[6, 4]> : tensor<2xindex>} : () -> !tosa.shape<2>
  %0 = tosa.reshape %a, %s : (tensor<2x3x4xf32>, !tosa.shape<2>) -> tensor<6x4xf32>
  %1 = tosa.transpose %a {perms = array<i32: 2, 0, 1>} : (tensor<2x3x4xf32>) -> tensor<4x2x3xf32>
  %padding = tosa.const_shape {values = dense<[0, 0, 1, 2, 0, 1]> : tensor<6xindex>} : () -> !tosa.shape<6>
  %value = "tosa.const"() <{values = dense<0.5> : tensor<1xf32>}> : () -> tensor<1xf32>
  %2 = tosa.pad %a, %padding, %value : (tensor<2x3x4xf32>, !tosa.shape<6>, tensor<1xf32>) -> tensor<2x6x5xf32>
  %start = tosa.const_shape {values = dense<[0, 1, 1]> : tensor<3xindex>} : () -> !tosa.shape<3>
  %size = tosa.const_shape {values = dense<[2, 2, 3]> : tensor<3xindex>} : () -> !tosa.shape<3>
  %3 = tosa.slice %a, %start, %size : (tensor<2x3x4xf32>, !tosa.shape<3>, !tosa.shape<3>) -> tensor<2x2x3xf32>
  %4 = tosa.concat %a, %b {axis = 2 : i32} : (tensor<2x3x4xf32>, tensor<2x3x2xf32>) -> tensor<2x3x6xf32>
  return %0, %1, %2, %3, %4 : tensor<6x4xf32>, tensor<4x2x3xf32>, tensor<2x6x5xf32>, tensor<2x2x3xf32>, tensor<2x3x6xf32>
}
