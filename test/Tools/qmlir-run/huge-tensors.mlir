// A value over qmlir's limit for one tensor (a quarter of the memory the
// process may use; or more than int64 bytes) is an error before compilation, not a failed allocation inside compiled code
// (a 2^62-element tile crashed; 2^62 i64 elements corrupted the heap).
// RUN: rm -rf %t && split-file %s %t
// RUN: %python -c "import numpy as np; np.save('%t/x.npy', np.ones(2, np.float32)); np.save('%t/i.npy', np.ones(2, np.int64))"
// RUN: not qmlir-run %t/tile.mlir --input %t/x.npy --output-dir %t/out 2>&1 | FileCheck %s --check-prefix=TILE
// TILE: qmlir-run: error: result #0 of @main (tensor<4611686018427387904xf32>) takes more bytes than int64 counts
// RUN: not qmlir-run %t/wide.mlir --input %t/i.npy --output-dir %t/out 2>&1 | FileCheck %s --check-prefix=WIDE
// WIDE: qmlir-run: error: compiling {{.*}}wide.mlir: {{.*}}wide.mlir:3:8: 'tosa.tile' has a value of type tensor<1099511627776xi64>, which takes 8796093022208 bytes, more than qmlir's limit for one tensor
// RUN: not qmlir-run %t/arg.mlir --input %t/x.npy --output-dir %t/out 2>&1 | FileCheck %s --check-prefix=ARG
// ARG: qmlir-run: error: argument #0 of @main (tensor<4611686018427387904x4xf32>) has more elements than int64 counts
// RUN: not ls %t/out

//--- tile.mlir
func.func @main(%x: tensor<2xf32>) -> tensor<4611686018427387904xf32> {
  %0 = tosa.const_shape {values = dense<[2305843009213693952]> : tensor<1xindex>} : () -> !tosa.shape<1>
  %1 = tosa.tile %x, %0 : (tensor<2xf32>, !tosa.shape<1>) -> tensor<4611686018427387904xf32>
  return %1 : tensor<4611686018427387904xf32>
}

//--- wide.mlir
func.func @main(%x: tensor<2xi64>) -> tensor<2xi64> {
  %0 = tosa.const_shape {values = dense<[549755813888]> : tensor<1xindex>} : () -> !tosa.shape<1>
  %1 = tosa.tile %x, %0 : (tensor<2xi64>, !tosa.shape<1>) -> tensor<1099511627776xi64>
  %2 = tosa.const_shape {values = dense<[0]> : tensor<1xindex>} : () -> !tosa.shape<1>
  %3 = tosa.const_shape {values = dense<[2]> : tensor<1xindex>} : () -> !tosa.shape<1>
  %4 = tosa.slice %1, %2, %3 : (tensor<1099511627776xi64>, !tosa.shape<1>, !tosa.shape<1>) -> tensor<2xi64>
  return %4 : tensor<2xi64>
}

//--- arg.mlir
func.func @main(%x: tensor<4611686018427387904x4xf32>) -> tensor<4611686018427387904x4xf32> {
  return %x : tensor<4611686018427387904x4xf32>
}
