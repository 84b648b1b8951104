// RUN: qmlir-opt %s --split-input-file --verify-diagnostics --qmlir-omp-thread-count

// expected-error@+1 {{qmlir-omp-thread-count: the symbol @__qmlir_num_threads is taken by another op}}
func.func private @__qmlir_num_threads()
func.func @f() {
  omp.parallel {
    omp.terminator
  }
  return
}

// -----

// expected-error@+1 {{qmlir-omp-thread-count: @__qmlir_num_threads must be a variable memref<i32>}}
memref.global "private" constant @__qmlir_num_threads : memref<i64> = dense<0>
func.func @g() {
  omp.parallel {
    omp.terminator
  }
  return
}
