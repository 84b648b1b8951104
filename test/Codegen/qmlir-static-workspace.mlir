// RUN: qmlir-opt %s --split-input-file --qmlir-static-workspace | FileCheck %s

/// Three buffers: %a (4 KiB) and %b (1 KiB) are alive together, %c (4 KiB)
/// only after both are freed, so it reuses %a's bytes: a workspace of 5 KiB
/// (the largest first at offset 0, %b after it, %c at 0 again). The global
/// is claimed with an atomic exchange, else a private workspace is
/// allocated; it is released (or freed) before the return.
// CHECK-DAG: memref.global "private" @__qmlir_workspace_chain : memref<5120xi8> = uninitialized {alignment = 64 : i64}
// CHECK-DAG: memref.global "private" @__qmlir_workspace_busy_chain : memref<i32> = dense<0>
// CHECK-LABEL: func.func @chain
// CHECK: %[[FLAG:.*]] = memref.get_global @__qmlir_workspace_busy_chain
// CHECK: %[[OLD:.*]] = memref.atomic_rmw assign %{{.*}}, %[[FLAG]][]
// CHECK: %[[FREE:.*]] = arith.cmpi eq, %[[OLD]]
// CHECK: %[[WS:.*]] = scf.if %[[FREE]] -> (memref<5120xi8>)
// CHECK: memref.get_global @__qmlir_workspace_chain
// CHECK: } else {
// CHECK: memref.alloc() {alignment = 64 : i64} : memref<5120xi8>
// CHECK: memref.view %[[WS]][%c0{{.*}}][] : memref<5120xi8> to memref<1024xf32>
// CHECK: memref.view %[[WS]][%c4096{{.*}}][] : memref<5120xi8> to memref<256xf32>
// CHECK: memref.view %[[WS]][%c0{{.*}}][] : memref<5120xi8> to memref<1024xf32>
// CHECK-NOT: memref.dealloc %{{.*}} : memref<1024xf32>
// CHECK: scf.if %[[FREE]] {
// CHECK: memref.atomic_rmw assign %{{.*}}, %[[FLAG]][]
// CHECK: } else {
// CHECK: memref.dealloc %[[WS]] : memref<5120xi8>
// CHECK: return
func.func @chain(%x: memref<1024xf32>, %y: memref<1024xf32>) {
  %a = memref.alloc() : memref<1024xf32>
  memref.copy %x, %a : memref<1024xf32> to memref<1024xf32>
  %b = memref.alloc() : memref<256xf32>
  %s = memref.subview %a[0] [256] [1] : memref<1024xf32> to memref<256xf32, strided<[1]>>
  memref.copy %s, %b : memref<256xf32, strided<[1]>> to memref<256xf32>
  memref.dealloc %a : memref<1024xf32>
  %c = memref.alloc() : memref<1024xf32>
  %t = memref.subview %c[0] [256] [1] : memref<1024xf32> to memref<256xf32, strided<[1]>>
  memref.copy %b, %t : memref<256xf32> to memref<256xf32, strided<[1]>>
  memref.dealloc %b : memref<256xf32>
  memref.copy %c, %y : memref<1024xf32> to memref<1024xf32>
  memref.dealloc %c : memref<1024xf32>
  return
}

// -----

/// Negative cases: a buffer allocated in a loop, one that is never freed in
/// its block (returned), and one of dynamic size stay allocations; the
/// function gets no workspace.
// CHECK-NOT: __qmlir_workspace
// CHECK-LABEL: func.func @negative_kept
// CHECK: scf.for
// CHECK: memref.alloc() : memref<16xf32>
// CHECK: memref.alloc(%{{.*}}) : memref<?xf32>
// CHECK: memref.alloc() : memref<8xf32>
// CHECK: return %{{.*}} : memref<8xf32>
func.func @negative_kept(%n: index) -> memref<8xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  scf.for %i = %c0 to %n step %c1 {
    %a = memref.alloc() : memref<16xf32>
    memref.dealloc %a : memref<16xf32>
  }
  %d = memref.alloc(%n) : memref<?xf32>
  memref.dealloc %d : memref<?xf32>
  %r = memref.alloc() : memref<8xf32>
  return %r : memref<8xf32>
}
