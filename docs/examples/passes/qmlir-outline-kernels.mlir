func.func @main(%x: memref<64xf32>, %y: memref<64xf32>, %s: f32) {
  %c0 = arith.constant 0 : index
  %c16 = arith.constant 16 : index
  %c64 = arith.constant 64 : index
  %two = arith.constant dense<2.0> : vector<16xf32>
  scf.for %i = %c0 to %c64 step %c16 {
    %v = vector.load %x[%i] : memref<64xf32>, vector<16xf32>
    %sv = vector.broadcast %s : f32 to vector<16xf32>
    %f = vector.fma %v, %two, %sv : vector<16xf32>
    vector.store %f, %y[%i] : memref<64xf32>, vector<16xf32>
  }
  return
}
