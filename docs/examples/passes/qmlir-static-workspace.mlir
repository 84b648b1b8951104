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
