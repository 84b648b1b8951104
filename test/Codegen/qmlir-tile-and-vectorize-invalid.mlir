// RUN: qmlir-opt %s --verify-diagnostics --pass-pipeline="builtin.module(func.func(qmlir-tile-and-vectorize{matmul-tile-sizes=8,32}))"
// RUN: not qmlir-opt %s --pass-pipeline="builtin.module(func.func(qmlir-tile-and-vectorize{conv-tile-sizes=8,0,1}))" 2>&1 | FileCheck %s --check-prefix=CONV
// RUN: not qmlir-opt %s --pass-pipeline="builtin.module(func.func(qmlir-tile-and-vectorize{matmul-tile-sizes=8,32,-1}))" 2>&1 | FileCheck %s --check-prefix=NEGATIVE

/// Malformed tile-size options are errors, not silently ignored.
// expected-error@+1 {{qmlir-tile-and-vectorize: matmul-tile-sizes needs 3 positive sizes}}
func.func @bad_options() {
  return
}
// CONV: error: qmlir-tile-and-vectorize: conv-tile-sizes needs 3 positive sizes (the last may be 0: whole dimension)
// NEGATIVE: error: qmlir-tile-and-vectorize: matmul-tile-sizes needs 3 positive sizes
