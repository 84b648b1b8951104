// RUN: qmlir-opt %s --split-input-file --qnt-bias-correction --verify-diagnostics
// RUN: not qmlir-opt %s --qnt-bias-correction="stats=%t.missing.json" 2>&1 | FileCheck %s --check-prefix=UNREADABLE
// RUN: not qmlir-opt %s --qnt-bias-correction="weight-bits=5" 2>&1 | FileCheck %s --check-prefix=BITS
// RUN: not qmlir-opt %s --qnt-bias-correction="keep-float=[" 2>&1 | FileCheck %s --check-prefix=GLOB
// UNREADABLE: qnt-bias-correction: {{.*}}missing.json
// GLOB: qnt-bias-correction: keep-float '[': invalid glob pattern
// BITS: qnt-bias-correction: weight-bits 5 is not 8, 7 or 4

// expected-error@+1 {{qnt-bias-correction: needs calibration statistics; give stats=FILE}}
module {
  func.func @main(%arg: tensor<1x4xf32>) -> tensor<1x4xf32> {
    %x = qnt.calibrate %arg id "x" : tensor<1x4xf32>
    return %x : tensor<1x4xf32>
  }
}
