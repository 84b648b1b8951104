func.func @copy(%a: memref<4x5xi8>, %b: memref<2x3xi8>) {
  %s = memref.subview %a[1, 1] [2, 3] [1, 1] : memref<4x5xi8> to memref<2x3xi8, strided<[5, 1], offset: 6>>
  memref.copy %s, %b : memref<2x3xi8, strided<[5, 1], offset: 6>> to memref<2x3xi8>
  return
}
