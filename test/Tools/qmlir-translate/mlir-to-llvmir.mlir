// RUN: qmlir-translate --mlir-to-llvmir %s | FileCheck %s
// RUN: not qmlir-translate --mlir-to-llvmir %S/Inputs/qnt-op.mlir 2>&1 | FileCheck %s --check-prefix=QNT

/// Upstream translations are available.
// CHECK: define i32 @add(i32 %{{.*}}, i32 %{{.*}})
// CHECK: add i32
llvm.func @add(%a: i32, %b: i32) -> i32 {
  %0 = llvm.add %a, %b : i32
  llvm.return %0 : i32
}

/// A qnt op cannot be translated: a clear error, not a crash.
// QNT: error: Dialect `qnt' not found for custom op 'qnt.calibrate'
