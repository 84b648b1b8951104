// RUN: qmlir-opt %s --split-input-file --qnt-smooth-quant --verify-diagnostics
// RUN: not qmlir-opt %s --qnt-smooth-quant="stats=%t.missing.json" 2>&1 | FileCheck %s --check-prefix=UNREADABLE
// RUN: not qmlir-opt %s --qnt-smooth-quant="alpha=1.5" 2>&1 | FileCheck %s --check-prefix=ALPHA
// RUN: not qmlir-opt %s --qnt-smooth-quant="keep-float=[" 2>&1 | FileCheck %s --check-prefix=GLOB
// UNREADABLE: qnt-smooth-quant: {{.*}}missing.json
// ALPHA: qnt-smooth-quant: alpha 1.5 is not in [0, 1]
// GLOB: qnt-smooth-quant: keep-float '[': invalid glob pattern

// expected-error@+1 {{qnt-smooth-quant: needs calibration statistics; give stats=FILE}}
module {
  func.func @main(%arg: tensor<1x4xf32>) -> tensor<1x4xf32> {
    %x = qnt.calibrate %arg id "x" : tensor<1x4xf32>
    return %x : tensor<1x4xf32>
  }
}
