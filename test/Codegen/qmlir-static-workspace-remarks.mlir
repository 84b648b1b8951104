// RUN: qmlir-opt %s --verify-diagnostics --qmlir-static-workspace=remarks=true

/// The plan of each function: two 4 KiB buffers alive one after the other
/// share their bytes.
// expected-remark@+1 {{workspace of 4096 bytes for 2 buffers of 8192 bytes}}
func.func @sequence(%x: memref<1024xf32>) {
  %a = memref.alloc() : memref<1024xf32>
  memref.copy %x, %a : memref<1024xf32> to memref<1024xf32>
  memref.dealloc %a : memref<1024xf32>
  %b = memref.alloc() : memref<1024xf32>
  memref.copy %x, %b : memref<1024xf32> to memref<1024xf32>
  memref.dealloc %b : memref<1024xf32>
  return
}
