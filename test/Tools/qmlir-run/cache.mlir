// RUN: rm -rf %t && mkdir -p %t
/// First run: compiled and stored; second run: loaded, same results.
// RUN: qmlir-run %s --input %S/Inputs/x2.npy --output-dir %t/a --cache-dir %t/cache --time --repeat 1 | FileCheck %s --check-prefix=MISS
// RUN: qmlir-run %s --input %S/Inputs/x2.npy --output-dir %t/b --cache-dir %t/cache --time --repeat 1 | FileCheck %s --check-prefix=HIT
// RUN: cmp %t/a/result0.npy %t/b/result0.npy
/// One complete object, no temporary left behind.
// RUN: ls %t/cache | FileCheck %s --check-prefix=FILES
/// Other pipeline options are another key.
// RUN: qmlir-run %s --input %S/Inputs/x2.npy --cache-dir %t/cache --time --repeat 1 --pipeline-options "parallel=false" | FileCheck %s --check-prefix=MISS
// RUN: ls %t/cache | count 2
/// A damaged object is compiled again and replaced.
// RUN: for f in %t/cache/*.o; do echo junk > $f; done
// RUN: qmlir-run %s --input %S/Inputs/x2.npy --output-dir %t/c --cache-dir %t/cache 2>&1 | FileCheck %s --check-prefix=DAMAGED
// RUN: cmp %t/a/result0.npy %t/c/result0.npy
// RUN: qmlir-run %s --input %S/Inputs/x2.npy --cache-dir %t/cache --time --repeat 1 | FileCheck %s --check-prefix=HIT
/// A cache folder that cannot be written leaves a note; the run succeeds.
// RUN: touch %t/file
// RUN: qmlir-run %s --input %S/Inputs/x2.npy --output-dir %t/d --cache-dir %t/file/cache 2>&1 | FileCheck %s --check-prefix=UNWRITABLE
// RUN: cmp %t/a/result0.npy %t/d/result0.npy
/// --no-cache neither reads nor writes; an empty QMLIR_CACHE_DIR is no cache.
// RUN: qmlir-run %s --input %S/Inputs/x2.npy --cache-dir %t/none --no-cache --time --repeat 1 | FileCheck %s --check-prefix=MISS
// RUN: not ls %t/none
// RUN: env QMLIR_CACHE_DIR= HOME=%t/home qmlir-run %s --input %S/Inputs/x2.npy --time --repeat 1 | FileCheck %s --check-prefix=MISS
// RUN: not ls %t/home
/// The default folder: $QMLIR_CACHE_DIR.
// RUN: env QMLIR_CACHE_DIR=%t/env qmlir-run %s --input %S/Inputs/x2.npy --time --repeat 1 | FileCheck %s --check-prefix=MISS
// RUN: env QMLIR_CACHE_DIR=%t/env qmlir-run %s --input %S/Inputs/x2.npy --time --repeat 1 | FileCheck %s --check-prefix=HIT
/// Calibration through a cached object observes the same activations.
// RUN: qmlir-run %s --calibrate --input %S/Inputs/x2.npy --stats %t/s1.json --cache-dir %t/cal --time --repeat 1 2>&1 | FileCheck %s --check-prefix=MISS
// RUN: qmlir-run %s --calibrate --input %S/Inputs/x2.npy --stats %t/s2.json --cache-dir %t/cal --time --repeat 1 2>&1 | FileCheck %s --check-prefix=HIT
// RUN: cmp %t/s1.json %t/s2.json

// MISS: compile: {{[0-9.]+}} ms{{$}}
// HIT: compile: {{[0-9.]+}} ms (cached)
// FILES-NOT: tmp-
// FILES: {{^[0-9a-f]{32}\.o$}}
// FILES-NOT: tmp-
// DAMAGED: qmlir-run: note: cached object {{.*}}.o cannot be loaded ({{.*}}); compiled again
// UNWRITABLE: qmlir-run: note: cannot store compiled code in {{.*}}file/cache: {{.+}}

func.func @main(%x: tensor<2xf32>) -> tensor<2xf32> {
  %0 = tosa.add %x, %x : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}
