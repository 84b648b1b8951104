// RUN: qmlir-opt %s --split-input-file --verify-diagnostics --qmlir-verify-llvm-contract

// expected-error@+1 {{'func.func' remains after lowering to the LLVM dialect; only llvm.* (and omp.*) ops may remain}}
func.func @not_lowered() {
  // expected-error@+1 {{'func.return' remains after lowering to the LLVM dialect}}
  return
}

// -----

llvm.func @leftover_vector(%a: vector<4xf32>, %b: vector<4xf32>) -> vector<4xf32> {
  // expected-error@+1 {{'arith.addf' remains after lowering to the LLVM dialect}}
  %0 = arith.addf %a, %b : vector<4xf32>
  llvm.return %0 : vector<4xf32>
}

// -----

llvm.func @leftover_cast(%a: i64) -> i64 {
  // expected-error@+1 {{'builtin.unrealized_conversion_cast' remains after lowering to the LLVM dialect}}
  %0 = builtin.unrealized_conversion_cast %a : i64 to index
  %1 = builtin.unrealized_conversion_cast %0 : index to i64
  // expected-error@-1 {{'builtin.unrealized_conversion_cast' remains}}
  llvm.return %1 : i64
}
