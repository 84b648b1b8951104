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
