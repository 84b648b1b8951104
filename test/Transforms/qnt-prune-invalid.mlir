// RUN: qmlir-opt %s --split-input-file --verify-diagnostics --qnt-prune="mode=channel"
// RUN: not qmlir-opt %s --qnt-prune="mode=random" 2>&1 | FileCheck %s --check-prefix=MODE
// RUN: not qmlir-opt %s --qnt-prune="sparsity=1.5" 2>&1 | FileCheck %s --check-prefix=SPARSITY
// RUN: not qmlir-opt %s --qnt-prune="sparsity=-0.1" 2>&1 | FileCheck %s --check-prefix=NEGATIVE
// RUN: not qmlir-opt %s --qnt-prune="mode=nm n=5 m=4" 2>&1 | FileCheck %s --check-prefix=NM
// RUN: not qmlir-opt %s --qnt-prune="mode=nm n=0" 2>&1 | FileCheck %s --check-prefix=NZERO
// RUN: not qmlir-opt %s --qnt-prune="scope=model" 2>&1 | FileCheck %s --check-prefix=SCOPE
// RUN: not qmlir-opt %s --qnt-prune="criterion=l3" 2>&1 | FileCheck %s --check-prefix=CRITERION
// RUN: not qmlir-opt %s --qnt-prune="skip=[" 2>&1 | FileCheck %s --check-prefix=GLOB
// RUN: not qmlir-opt %s --qnt-prune="sparsity-for=conv1" 2>&1 | FileCheck %s --check-prefix=FOR
// RUN: not qmlir-opt %s --qnt-prune="sparsity-for=conv1=2" 2>&1 | FileCheck %s --check-prefix=FORVALUE
// RUN: not qmlir-opt %s --qnt-prune="min-kept=-1" 2>&1 | FileCheck %s --check-prefix=MINKEPT
// RUN: not qmlir-opt %s --qnt-prune="mode=channel multiple-of=0" 2>&1 | FileCheck %s --check-prefix=MULTIPLE
// RUN: not qmlir-opt %s --split-input-file --qnt-prune="report=%t.missing/dir/report.json" 2>&1 | FileCheck %s --check-prefix=REPORT
// RUN: not qmlir-opt %s --qnt-prune="mode=channel reconstruct=true" 2>&1 | FileCheck %s --check-prefix=NOSTATS
// RUN: not qmlir-opt %s --qnt-prune="reconstruct=true" 2>&1 | FileCheck %s --check-prefix=RMODE
// RUN: not qmlir-opt %s --qnt-prune="mode=channel reconstruct=true stats=%t.missing.json" 2>&1 | FileCheck %s --check-prefix=RFILE

// MODE: for the --mode option: Cannot find option named 'random'!
// SPARSITY: qnt-prune: sparsity 1.5 is not in [0, 1)
// NEGATIVE: qnt-prune: sparsity -0.1 is not in [0, 1)
// NM: qnt-prune: n:m 5:4 needs 1 <= n <= m <= 64
// NZERO: qnt-prune: n:m 0:4 needs 1 <= n <= m <= 64
// SCOPE: for the --scope option: Cannot find option named 'model'!
// CRITERION: for the --criterion option: Cannot find option named 'l3'!
// GLOB: qnt-prune: skip '[': invalid glob pattern
// FOR: qnt-prune: sparsity-for 'conv1': expected PATTERN=SPARSITY
// FORVALUE: qnt-prune: sparsity-for 'conv1': sparsity 2 is not in [0, 1)
// MINKEPT: qnt-prune: min-kept -1 is negative
// MULTIPLE: qnt-prune: multiple-of 0 is not positive
// REPORT: qnt-prune: cannot write the report '{{.*}}report.json'
// NOSTATS: qnt-prune: reconstruct needs calibration statistics with channel moments; give stats=FILE
// RMODE: qnt-prune: reconstruct needs mode channel
// RFILE: qnt-prune: {{.*}}missing.json{{.*}}

// expected-error@below {{qnt-prune: channel pruning needs a function body of one block}}
func.func @two_blocks(%x: tensor<1x1x1x2xf32>, %c: i1) -> tensor<1x1x1x2xf32> {
  cf.cond_br %c, ^bb1, ^bb2
^bb1:
  return %x : tensor<1x1x1x2xf32>
^bb2:
  return %x : tensor<1x1x1x2xf32>
}
