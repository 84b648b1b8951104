memref.global "private" constant @packed : memref<2x3x2xi8> = dense<[[[0, 1], [2, 3], [4, 5]], [[6, 7], [8, 9], [10, 11]]]>
func.func @reads(%i: index) -> i8 {
  %0 = memref.get_global @packed : memref<2x3x2xi8>
  %1 = memref.load %0[%i, %i, %i] : memref<2x3x2xi8>
  return %1 : i8
}
