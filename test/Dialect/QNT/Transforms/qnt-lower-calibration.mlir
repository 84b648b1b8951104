// RUN: qmlir-opt %s --split-input-file --qnt-lower-calibration | FileCheck %s

/// Each marker reads its tensor as a buffer and calls the runtime observer
/// with the recorder of the module's variable and its index; the module
/// lists the ids by index.
// CHECK: module attributes {qmlir.calibration_ids = ["input", "doubled"]}
// CHECK: func.func private @qmlir_rt_calibration_observe(i64, i64, memref<*xf32>) attributes {llvm.emit_c_interface}
// CHECK: memref.global @__qmlir_calibration_recorder : memref<i64> = dense<0>
// CHECK-LABEL: func.func @main
// CHECK: %[[B0:.*]] = bufferization.to_buffer %arg0 read_only : tensor<2x3xf32> to memref<2x3xf32>
// CHECK: %[[U0:.*]] = memref.cast %[[B0]] : memref<2x3xf32> to memref<*xf32>
// CHECK: %[[I0:.*]] = arith.constant 0 : i64
// CHECK: %[[G0:.*]] = memref.get_global @__qmlir_calibration_recorder : memref<i64>
// CHECK: %[[R0:.*]] = memref.load %[[G0]][] : memref<i64>
// CHECK: call @qmlir_rt_calibration_observe(%[[R0]], %[[I0]], %[[U0]])
// CHECK: %[[M:.*]] = tosa.mul %arg0
// CHECK: %[[B1:.*]] = bufferization.to_buffer %[[M]] read_only
// CHECK: %[[I1:.*]] = arith.constant 1 : i64
// CHECK: call @qmlir_rt_calibration_observe(%{{.*}}, %[[I1]], %{{.*}})
// CHECK: return %[[M]]
// CHECK-NOT: qnt.calibrate
func.func @main(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = qnt.calibrate %x id "input" : tensor<2x3xf32>
  %two = "tosa.const"() <{values = dense<2.0> : tensor<1x1xf32>}> : () -> tensor<1x1xf32>
  %shift = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %1 = tosa.mul %0, %two, %shift : (tensor<2x3xf32>, tensor<1x1xf32>, tensor<1xi8>) -> tensor<2x3xf32>
  %2 = qnt.calibrate %1 id "doubled" : tensor<2x3xf32>
  return %2 : tensor<2x3xf32>
}

// -----

/// Negative case: without markers the module is unchanged (no declaration,
/// no attribute).
// CHECK-NOT: qmlir.calibration_ids
// CHECK-NOT: qmlir_rt_calibration_observe
// CHECK-NOT: __qmlir_calibration_recorder
// CHECK-LABEL: func.func @plain
// CHECK-NEXT: return %arg0
func.func @plain(%x: tensor<4xf32>) -> tensor<4xf32> {
  return %x : tensor<4xf32>
}
