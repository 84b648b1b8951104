// RUN: qmlir-opt %s --split-input-file --pass-pipeline="builtin.module(func.func(qnt-fold-constant-weights))" | FileCheck %s
// RUN: qmlir-opt %s --split-input-file --pass-pipeline="builtin.module(func.func(qnt-fold-constant-weights{max-elements=4}))" | FileCheck %s --check-prefix=LIMIT

/// PyTorch's LSTM export reorders gate blocks of the weights (slices and a
/// concat), then transposes and reshapes them for the matmul: all of it
/// folds into the one constant the matmul reads.
// CHECK-LABEL: func.func @gate_reorder
// CHECK: %[[W:[a-z0-9_]+]] = {{.*}}dense<{{\[\[\[}}3.000000e+00, 5.000000e+00, 1.000000e+00], [4.000000e+00, 6.000000e+00, 2.000000e+00]]]> : tensor<1x2x3xf32>
// CHECK-NOT: tosa.slice
// CHECK-NOT: tosa.concat
// CHECK-NOT: tosa.transpose
// CHECK: tosa.matmul %{{.*}}, %[[W]]
// LIMIT-LABEL: func.func @gate_reorder
// LIMIT: tosa.concat
// LIMIT: tosa.transpose
func.func @gate_reorder(%x: tensor<1x1x2xf32>) -> tensor<1x1x3xf32> {
  %w = arith.constant dense<[[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]> : tensor<3x2xf32>
  %s0 = tosa.const_shape {values = dense<[0, 0]> : tensor<2xindex>} : () -> !tosa.shape<2>
  %s1 = tosa.const_shape {values = dense<[1, 0]> : tensor<2xindex>} : () -> !tosa.shape<2>
  %z1 = tosa.const_shape {values = dense<[1, 2]> : tensor<2xindex>} : () -> !tosa.shape<2>
  %z2 = tosa.const_shape {values = dense<[2, 2]> : tensor<2xindex>} : () -> !tosa.shape<2>
  %first = tosa.slice %w, %s0, %z1 : (tensor<3x2xf32>, !tosa.shape<2>, !tosa.shape<2>) -> tensor<1x2xf32>
  %rest = tosa.slice %w, %s1, %z2 : (tensor<3x2xf32>, !tosa.shape<2>, !tosa.shape<2>) -> tensor<2x2xf32>
  %cat = tosa.concat %rest, %first {axis = 0 : i32} : (tensor<2x2xf32>, tensor<1x2xf32>) -> tensor<3x2xf32>
  %t = tosa.transpose %cat {perms = array<i32: 1, 0>} : (tensor<3x2xf32>) -> tensor<2x3xf32>
  %shape = tosa.const_shape {values = dense<[1, 2, 3]> : tensor<3xindex>} : () -> !tosa.shape<3>
  %r = tosa.reshape %t, %shape : (tensor<2x3xf32>, !tosa.shape<3>) -> tensor<1x2x3xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %y = tosa.matmul %x, %r, %zp, %zp : (tensor<1x1x2xf32>, tensor<1x2x3xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x3xf32>
  return %y : tensor<1x1x3xf32>
}

// -----

/// Integer constants and splats fold too; a concat along an inner axis
/// interleaves the parts' rows.
// CHECK-LABEL: func.func @inner_axis
// CHECK: arith.constant dense<{{\[\[}}1, 2, 7], [3, 4, 7]]> : tensor<2x3xi8>
func.func @inner_axis() -> tensor<2x3xi8> {
  %a = arith.constant dense<[[1, 2], [3, 4]]> : tensor<2x2xi8>
  %b = arith.constant dense<7> : tensor<2x1xi8>
  %c = tosa.concat %a, %b {axis = 1 : i32} : (tensor<2x2xi8>, tensor<2x1xi8>) -> tensor<2x3xi8>
  return %c : tensor<2x3xi8>
}

// -----

/// Negative: a run-time operand is left alone, as are bool constants.
// CHECK-LABEL: func.func @run_time
// CHECK: tosa.concat %arg0, %{{.*}}
// CHECK: tosa.transpose %{{.*}} : (tensor<3x2xi1>)
func.func @run_time(%x: tensor<1x2xf32>, %m: tensor<3x2xi1>) -> (tensor<2x2xf32>, tensor<2x3xi1>) {
  %w = arith.constant dense<[[1.0, 2.0]]> : tensor<1x2xf32>
  %c = tosa.concat %x, %w {axis = 0 : i32} : (tensor<1x2xf32>, tensor<1x2xf32>) -> tensor<2x2xf32>
  %b = arith.constant dense<[[true, false], [false, true], [true, true]]> : tensor<3x2xi1>
  %t = tosa.transpose %b {perms = array<i32: 1, 0>} : (tensor<3x2xi1>) -> tensor<2x3xi1>
  return %c, %t : tensor<2x2xf32>, tensor<2x3xi1>
}
