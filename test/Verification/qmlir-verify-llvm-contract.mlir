// RUN: qmlir-opt %s --split-input-file --qmlir-verify-llvm-contract | FileCheck %s

/// Only LLVM dialect ops: the module passes unchanged.
// CHECK-LABEL: llvm.func @add
// CHECK-NEXT: llvm.add
// CHECK-NEXT: llvm.return
llvm.func @add(%a: i32, %b: i32) -> i32 {
  %0 = llvm.add %a, %b : i32
  llvm.return %0 : i32
}

// -----

/// An empty module is fine too.
// CHECK: module {
// CHECK-NEXT: }
module {
}
