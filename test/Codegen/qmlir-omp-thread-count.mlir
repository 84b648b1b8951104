// RUN: qmlir-opt %s --split-input-file --qmlir-omp-thread-count | FileCheck %s

/// Every parallel region without a thread count reads the module's
/// variable; 0 (its initial value) means omp_get_max_threads().
// CHECK: memref.global "public" @__qmlir_num_threads : memref<i32> = dense<0>
// CHECK: func.func private @omp_get_max_threads() -> i32
// CHECK-LABEL: func.func @two_regions
// CHECK: %[[G:.*]] = memref.get_global @__qmlir_num_threads : memref<i32>
// CHECK: %[[N:.*]] = memref.load %[[G]][] : memref<i32>
// CHECK: %[[ALL:.*]] = call @omp_get_max_threads() : () -> i32
// CHECK: %[[POS:.*]] = arith.cmpi sgt, %[[N]], %{{.*}} : i32
// CHECK: %[[T:.*]] = arith.select %[[POS]], %[[N]], %[[ALL]] : i32
// CHECK: omp.parallel num_threads(%[[T]] : i32)
// CHECK: omp.parallel num_threads(%{{.*}} : i32)
func.func @two_regions() {
  omp.parallel {
    omp.terminator
  }
  omp.parallel {
    omp.terminator
  }
  return
}

// -----

/// Negative cases: a region with its own thread count keeps it, and a
/// module without regions gets no variable.
// CHECK-LABEL: func.func @explicit
// CHECK-NOT: memref.get_global
// CHECK: omp.parallel num_threads(%arg0 : i32)
func.func @explicit(%n: i32) {
  omp.parallel num_threads(%n : i32) {
    omp.terminator
  }
  return
}

// -----

// CHECK-NOT: __qmlir_num_threads
// CHECK-LABEL: func.func @negative_serial
func.func @negative_serial() {
  return
}
