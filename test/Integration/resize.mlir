// RUN: rm -rf %t && %python %S/reference.py make resize %t
// RUN: qmlir-run %s --input %t/in0.npy --output-dir %t/out
// RUN: %python %S/reference.py check resize %t

/// Nearest-neighbour resize: a 2x upsample that repeats pixels (offset -1,
/// border 0), and a 2x / 3x resize with TOSA's default rounding.
func.func @main(%x: tensor<1x4x5x2xf32>) -> (tensor<1x8x10x2xf32>, tensor<1x7x13x2xf32>) {
  %scale = tosa.const_shape {values = dense<[2, 1, 2, 1]> : tensor<4xindex>} : () -> !tosa.shape<4>
  %offset = tosa.const_shape {values = dense<[-1, -1]> : tensor<2xindex>} : () -> !tosa.shape<2>
  %border = tosa.const_shape {values = dense<[0, 0]> : tensor<2xindex>} : () -> !tosa.shape<2>
  %0 = tosa.resize %x, %scale, %offset, %border {mode = NEAREST_NEIGHBOR} : (tensor<1x4x5x2xf32>, !tosa.shape<4>, !tosa.shape<2>, !tosa.shape<2>) -> tensor<1x8x10x2xf32>
  %scale1 = tosa.const_shape {values = dense<[4, 2, 6, 2]> : tensor<4xindex>} : () -> !tosa.shape<4>
  %zero = tosa.const_shape {values = dense<[0, 0]> : tensor<2xindex>} : () -> !tosa.shape<2>
  %1 = tosa.resize %x, %scale1, %zero, %zero {mode = NEAREST_NEIGHBOR} : (tensor<1x4x5x2xf32>, !tosa.shape<4>, !tosa.shape<2>, !tosa.shape<2>) -> tensor<1x7x13x2xf32>
  return %0, %1 : tensor<1x8x10x2xf32>, tensor<1x7x13x2xf32>
}
