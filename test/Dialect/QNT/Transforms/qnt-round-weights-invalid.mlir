// RUN: qmlir-opt %s --verify-diagnostics --qnt-round-weights
// RUN: not qmlir-opt %s --qnt-round-weights="stats=%t.missing.json" 2>&1 | FileCheck %s --check-prefix=FILE
// RUN: not qmlir-opt %s --qnt-round-weights="damping=0" 2>&1 | FileCheck %s --check-prefix=DAMPING
// RUN: not qmlir-opt %s --qnt-round-weights="weight-bits=5" 2>&1 | FileCheck %s --check-prefix=BITS
// RUN: not qmlir-opt %s --qnt-round-weights="shrink=-1" 2>&1 | FileCheck %s --check-prefix=SHRINK
// RUN: not qmlir-opt %s --qnt-round-weights="keep-float=[" 2>&1 | FileCheck %s --check-prefix=GLOB

// FILE: qnt-round-weights: {{.*}}missing.json{{.*}}
// DAMPING: qnt-round-weights: damping 0 is not in (0, 1]
// BITS: qnt-round-weights: {{.*}}5
// SHRINK: qnt-round-weights: shrink -1 is negative
// GLOB: qnt-round-weights: keep-float '[': invalid glob pattern

// expected-error@below {{qnt-round-weights: needs calibration statistics with channel moments; give stats=FILE}}
module {
  func.func @f(%x: tensor<1x2xf32>) -> tensor<1x2xf32> {
    return %x : tensor<1x2xf32>
  }
}
