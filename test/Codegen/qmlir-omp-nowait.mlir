// RUN: qmlir-opt %s --split-input-file --qmlir-omp-nowait | FileCheck %s

/// A work-sharing loop that ends its parallel region drops its barrier: the
/// region's own barrier follows.
// CHECK-LABEL: func.func @last_in_region
// CHECK: omp.wsloop nowait {
func.func @last_in_region(%n: index, %buffer: memref<?xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0.0 : f32
  omp.parallel {
    omp.wsloop {
      omp.loop_nest (%i) : index = (%c0) to (%n) step (%c1) {
        memref.store %zero, %buffer[%i] : memref<?xf32>
        omp.yield
      }
    }
    omp.terminator
  }
  return
}

// -----

/// Negative cases: work after the loop in the same region (it may read what
/// other threads wrote), and a loop outside a parallel region, keep their
/// barriers.
// CHECK-LABEL: func.func @negative_work_after
// CHECK: omp.wsloop {
// CHECK-NOT: nowait
func.func @negative_work_after(%n: index, %buffer: memref<?xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0.0 : f32
  omp.parallel {
    omp.wsloop {
      omp.loop_nest (%i) : index = (%c0) to (%n) step (%c1) {
        memref.store %zero, %buffer[%i] : memref<?xf32>
        omp.yield
      }
    }
    %v = memref.load %buffer[%c0] : memref<?xf32>
    memref.store %v, %buffer[%c1] : memref<?xf32>
    omp.terminator
  }
  return
}

// -----

// CHECK-LABEL: func.func @negative_orphaned
// CHECK: omp.wsloop {
// CHECK-NOT: nowait
func.func @negative_orphaned(%n: index, %buffer: memref<?xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0.0 : f32
  omp.wsloop {
    omp.loop_nest (%i) : index = (%c0) to (%n) step (%c1) {
      memref.store %zero, %buffer[%i] : memref<?xf32>
      omp.yield
    }
  }
  return
}
