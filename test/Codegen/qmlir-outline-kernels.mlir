// RUN: qmlir-opt %s --split-input-file --qmlir-outline-kernels="min-ops=4" | FileCheck %s

/// A loop nest becomes a private, non-inlined function called in its place:
/// the buffers it reads and writes and the scalar it uses are arguments, its
/// constants (an index bound, a vector, a global's buffer) are cloned.
// CHECK-LABEL: func.func @main(
// CHECK-SAME: %[[X:[^:]*]]: memref<64xf32>, %[[Y:[^:]*]]: memref<64xf32>, %[[S:[^:]*]]: f32
// CHECK: call @main_part0(%[[X]], %[[S]], %[[Y]]) : (memref<64xf32>, f32, memref<64xf32>) -> ()
// CHECK-NEXT: return
// CHECK: func.func private @main_part0(%{{.*}}: memref<64xf32>, %{{.*}}: f32, %{{.*}}: memref<64xf32>) attributes {passthrough = ["noinline"]}
// CHECK-DAG: arith.constant 16 : index
// CHECK-DAG: arith.constant dense<2.000000e+00> : vector<16xf32>
// CHECK-DAG: memref.get_global @bias
// CHECK: scf.for
// CHECK: vector.fma
// CHECK: return
memref.global "private" constant @bias : memref<64xf32> = dense<1.0>
func.func @main(%x: memref<64xf32>, %y: memref<64xf32>, %s: f32) {
  %c0 = arith.constant 0 : index
  %c16 = arith.constant 16 : index
  %c64 = arith.constant 64 : index
  %two = arith.constant dense<2.0> : vector<16xf32>
  %bias = memref.get_global @bias : memref<64xf32>
  scf.for %i = %c0 to %c64 step %c16 {
    %v = vector.load %x[%i] : memref<64xf32>, vector<16xf32>
    %b = vector.load %bias[%i] : memref<64xf32>, vector<16xf32>
    %f = vector.fma %v, %two, %b : vector<16xf32>
    %sv = vector.broadcast %s : f32 to vector<16xf32>
    %r = arith.mulf %f, %sv : vector<16xf32>
    vector.store %r, %y[%i] : memref<64xf32>, vector<16xf32>
  }
  return
}

// -----

/// Two nests, each its own part, in order after their function; a name
/// already taken gets another.
// CHECK: func.func private @two_part0()
// CHECK-LABEL: func.func @two(
// CHECK: call @two_part0_0(
// CHECK: call @two_part1(
// CHECK: func.func private @two_part0_0(
// CHECK: func.func private @two_part1(
func.func private @two_part0()
func.func @two(%x: memref<8xf32>, %y: memref<8xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c8 = arith.constant 8 : index
  scf.for %i = %c0 to %c8 step %c1 {
    %v = memref.load %x[%i] : memref<8xf32>
    %w = arith.addf %v, %v : f32
    memref.store %w, %y[%i] : memref<8xf32>
  }
  scf.for %i = %c0 to %c8 step %c1 {
    %v = memref.load %y[%i] : memref<8xf32>
    %w = arith.mulf %v, %v : f32
    memref.store %w, %x[%i] : memref<8xf32>
  }
  return
}

// -----

/// Negative: a nest below min-ops, a loop with results, and ops without
/// regions stay where they are.
// CHECK-LABEL: func.func @stays(
// CHECK-NOT: call
// CHECK: scf.for
// CHECK: scf.for
// CHECK-NOT: func.func private
func.func @stays(%x: memref<8xf32>) -> f32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c8 = arith.constant 8 : index
  %zero = arith.constant 0.0 : f32
  scf.for %i = %c0 to %c8 step %c1 {
    memref.store %zero, %x[%i] : memref<8xf32>
  }
  %sum = scf.for %i = %c0 to %c8 step %c1 iter_args(%acc = %zero) -> (f32) {
    %v = memref.load %x[%i] : memref<8xf32>
    %a = arith.addf %acc, %v : f32
    %b = arith.mulf %a, %a : f32
    scf.yield %b : f32
  }
  return %sum : f32
}
