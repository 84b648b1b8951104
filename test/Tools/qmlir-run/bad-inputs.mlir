// RUN: rm -rf %t && %python %S/make-bad-npy.py %t

/// Every malformed or mismatching input gives one clear error naming the file
/// and what is wrong, exits non-zero, and writes no output.

// RUN: not qmlir-run %s --input %t/fortran.npy --output-dir %t/out 2>&1 | FileCheck %s --check-prefix=FORTRAN
// FORTRAN: qmlir-run: error: {{.*}}fortran.npy: Fortran-order arrays are not supported

// RUN: not qmlir-run %s --input %t/bigendian.npy --output-dir %t/out 2>&1 | FileCheck %s --check-prefix=ENDIAN
// ENDIAN: qmlir-run: error: {{.*}}bigendian.npy: big-endian dtype '>f4' is not supported

// RUN: not qmlir-run %s --input %t/object.npy --output-dir %t/out 2>&1 | FileCheck %s --check-prefix=OBJECT
// OBJECT: qmlir-run: error: {{.*}}object.npy: object arrays (dtype '|O') are not supported

// RUN: not qmlir-run %s --input %t/structured.npy --output-dir %t/out 2>&1 | FileCheck %s --check-prefix=STRUCT
// STRUCT: qmlir-run: error: {{.*}}structured.npy: structured dtypes are not supported

// RUN: not qmlir-run %s --input %t/truncated.npy --output-dir %t/out 2>&1 | FileCheck %s --check-prefix=TRUNC
// TRUNC: qmlir-run: error: {{.*}}truncated.npy: truncated data: float32[2, 3] needs 24 bytes, the file has 19

// RUN: not qmlir-run %s --input %t/truncated-header.npy --output-dir %t/out 2>&1 | FileCheck %s --check-prefix=TRUNCH
// TRUNCH: qmlir-run: error: {{.*}}truncated-header.npy: truncated header: it declares 118 bytes, the file has 30

// RUN: not qmlir-run %s --input %t/oversized.npy --output-dir %t/out 2>&1 | FileCheck %s --check-prefix=OVER
// OVER: qmlir-run: error: {{.*}}oversized.npy: oversized data: float32[2, 3] needs 24 bytes, the file has 28

// RUN: not qmlir-run %s --input %t/magic.npy --output-dir %t/out 2>&1 | FileCheck %s --check-prefix=MAGIC
// MAGIC: qmlir-run: error: {{.*}}magic.npy: not a .npy file (no \x93NUMPY magic)

// RUN: not qmlir-run %s --input %t/version.npy --output-dir %t/out 2>&1 | FileCheck %s --check-prefix=VERSION
// VERSION: qmlir-run: error: {{.*}}version.npy: unsupported .npy format version 9.0 (1.0 to 3.0 are supported)

// RUN: not qmlir-run %s --input %t/missing.npy --output-dir %t/out 2>&1 | FileCheck %s --check-prefix=MISSING
// MISSING: qmlir-run: error: {{.*}}missing.npy: cannot open: No such file or directory

// Only regular files are read, and only after their header matches their
// size: a device is refused at once, a 3 GiB file (sparse) that is not .npy
// costs its first bytes, one whose header declares more data than it holds
// is refused before its data is read.
// RUN: not qmlir-run %s --input nosuch=%t/good.npy --output-dir %t/out 2>&1 | FileCheck %s --check-prefix=NONAME
// NONAME: qmlir-run: error: --input nosuch={{.*}}good.npy: @main has no argument named 'nosuch'
// RUN: not qmlir-run %s --input %t/good.npy --time --repeat 0 2>&1 | FileCheck %s --check-prefix=REPEAT0
// REPEAT0: qmlir-run: error: --repeat must be at least 1
// RUN: not qmlir-run %s --input /dev/zero --output-dir %t/out 2>&1 | FileCheck %s --check-prefix=DEVICE
// DEVICE: qmlir-run: error: /dev/zero: not a regular file
// RUN: truncate -s 3G %t/huge.npy
// RUN: not qmlir-run %s --input %t/huge.npy --output-dir %t/out 2>&1 | FileCheck %s --check-prefix=HUGE
// HUGE: qmlir-run: error: {{.*}}huge.npy: not a .npy file (no \x93NUMPY magic)
// RUN: rm %t/huge.npy

// RUN: not qmlir-run %s --input %t/float64.npy --output-dir %t/out 2>&1 | FileCheck %s --check-prefix=DTYPE
// DTYPE: qmlir-run: error: {{.*}}float64.npy: dtype float64 does not match argument #0 'x' of type tensor<2x3xf32> (expected float32)

// RUN: not qmlir-run %s --input %t/int32.npy --output-dir %t/out 2>&1 | FileCheck %s --check-prefix=INT
// INT: qmlir-run: error: {{.*}}int32.npy: dtype int32 does not match argument #0 'x'

// RUN: not qmlir-run %s --input %t/shape.npy --output-dir %t/out 2>&1 | FileCheck %s --check-prefix=SHAPE
// SHAPE: qmlir-run: error: {{.*}}shape.npy: shape [3, 2] does not match argument #0 'x' of type tensor<2x3xf32> (expected [2, 3], or a multiple of it along axis 0)

// RUN: not qmlir-run %s --input %t/good.npy --input %t/good.npy --output-dir %t/out 2>&1 | FileCheck %s --check-prefix=EXTRA
// EXTRA: qmlir-run: error: too many inputs: @main takes 1 argument(s); '{{.*}}good.npy' is left over

// RUN: not qmlir-run %s --output-dir %t/out 2>&1 | FileCheck %s --check-prefix=NOINPUT
// NOINPUT: qmlir-run: error: missing input for argument #0 'x' of type tensor<2x3xf32>

// RUN: not qmlir-run %s --entry two --input %t/good3.npy --input %t/good2.npy --output-dir %t/out 2>&1 | FileCheck %s --check-prefix=BATCHES
// BATCHES: qmlir-run: error: {{.*}}good2.npy: holds 2 batches, but other inputs hold 3

// RUN: not qmlir-run %s --entry nothere --input %t/good.npy --output-dir %t/out 2>&1 | FileCheck %s --check-prefix=ENTRY
// ENTRY: qmlir-run: error: no function @nothere with a body in

// RUN: not qmlir-run %s --input %t/good.npy 2>&1 | FileCheck %s --check-prefix=NOOUT
// NOOUT: qmlir-run: error: no --output-dir given (and no --time): nothing to do

// RUN: not qmlir-run %s --input x=%t/good.npy --input x=%t/good.npy --output-dir %t/out 2>&1 | FileCheck %s --check-prefix=TWICE
// TWICE: qmlir-run: error: argument 'x' is given twice

// RUN: not qmlir-run %s --entry dynamic --input %t/good.npy --output-dir %t/out 2>&1 | FileCheck %s --check-prefix=DYNAMIC
// DYNAMIC: qmlir-run: error: argument #0 of @dynamic has type tensor<?x3xf32>; qmlir-run needs statically shaped tensors

// RUN: not qmlir-run %s --entry wide --input %t/good.npy --output-dir %t/out 2>&1 | FileCheck %s --check-prefix=WIDE
// WIDE: qmlir-run: error: argument #0 has element type ui32, which has no .npy equivalent here

// RUN: not qmlir-run %s --input %t/good.npy --pipeline-options="no-such-option=1" --output-dir %t/out 2>&1 | FileCheck %s --check-prefix=OPTIONS
// OPTIONS: qmlir-run: error: invalid --pipeline-options 'no-such-option=1'

/// None of the failures above wrote anything.
// RUN: not ls %t/out

/// An output directory that cannot be created is reported, not crashed on.
// RUN: touch %t/file
// RUN: not qmlir-run %s --input %t/good.npy --output-dir %t/file/out 2>&1 | FileCheck %s --check-prefix=OUTDIR
// OUTDIR: qmlir-run: error: cannot create {{.*}}file/out: Not a directory

/// The good input works, for contrast.
// RUN: qmlir-run %s --input %t/good.npy --output-dir %t/out
// RUN: ls %t/out | FileCheck %s --check-prefix=GOOD
// GOOD: result0.npy

func.func @main(%x: tensor<2x3xf32> {qmlir.name = "x"}) -> tensor<2x3xf32> {
  %0 = tosa.exp %x : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

func.func @two(%x: tensor<2x3xf32>, %y: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = tosa.add %x, %y : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

func.func @dynamic(%x: tensor<?x3xf32>) -> tensor<?x3xf32> {
  return %x : tensor<?x3xf32>
}

func.func @wide(%x: tensor<2xui32>) -> tensor<2xui32> {
  return %x : tensor<2xui32>
}
