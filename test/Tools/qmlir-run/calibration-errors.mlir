// RUN: rm -rf %t && %python %S/make-bad-stats.py %t

/// Bad calibration input: one clear error naming the file or id at fault,
/// a non-zero exit, no statistics written.

// RUN: not qmlir-run --calibrate %s --input %t/nonfinite.npy 2>&1 | FileCheck %s --check-prefix=NOSTATS
// NOSTATS: qmlir-run: error: --calibrate needs --stats FILE for the statistics

// RUN: not qmlir-run %s --input %t/nonfinite.npy --stats %t/s.json 2>&1 | FileCheck %s --check-prefix=NOCAL
// NOCAL: qmlir-run: error: --stats is written by a calibration run (--calibrate)

// RUN: not qmlir-run --calibrate %s --input %t/empty.npy --stats %t/s.json 2>&1 | FileCheck %s --check-prefix=EMPTY
// EMPTY: qmlir-run: error: {{.*}}empty.npy: holds no samples (shape [0, 4])

/// Non-finite values in the data are the data's fault (the file and sample
/// are named); non-finite activations computed from finite data are the
/// model's (the id is named). Statistics are written only with
/// --allow-nonfinite, which warns per id with the counts (values left out).
// RUN: not qmlir-run --calibrate %s --input %t/nonfinite.npy --stats %t/s.json 2>&1 | FileCheck %s --check-prefix=NAN
// RUN: not test -e %t/s.json
// NAN: qmlir-run: error: {{.*}}nonfinite.npy: sample 1 holds a non-finite value (nan)
// RUN: not qmlir-run --calibrate %t/reciprocal.mlir --input %t/zeros.npy --stats %t/s.json 2>&1 | FileCheck %s --check-prefix=MODELINF
// RUN: not test -e %t/s.json
// MODELINF: qmlir-run: error: the model computes non-finite values at 'y' from finite calibration data
// RUN: qmlir-run --calibrate %s --input %t/nonfinite.npy --stats %t/s.json --allow-nonfinite 2>&1 | FileCheck %s --check-prefix=ALLOW
// RUN: qmlir-run --ranges %t/s.json | FileCheck %s --check-prefix=ALLOWED
// ALLOW: qmlir-run: warning: calibration id 'x': 1 NaN and 1 infinite values (left out of the statistics)
// ALLOW: qmlir-run: warning: calibration id 'y': 1 NaN and 1 infinite values
// ALLOWED: x{{ +}}10{{ +}}1{{ +}}1 minmax

// RUN: not qmlir-run --ranges %t/missing.json 2>&1 | FileCheck %s --check-prefix=MISSING
// MISSING: qmlir-run: error: {{.*}}missing.json: cannot read: No such file or directory

// RUN: not qmlir-run --ranges %t/corrupt.json 2>&1 | FileCheck %s --check-prefix=CORRUPT
// CORRUPT: qmlir-run: error: {{.*}}corrupt.json: not a stats file: invalid JSON

// RUN: not qmlir-run --ranges %t/not-stats.json 2>&1 | FileCheck %s --check-prefix=FORMAT
// FORMAT: qmlir-run: error: {{.*}}not-stats.json: not a stats file: "format" is not "qmlir-calibration-stats"

// RUN: not qmlir-run --ranges %t/version.json 2>&1 | FileCheck %s --check-prefix=VERSION
// VERSION: qmlir-run: error: {{.*}}version.json: version 2 is not supported (this qmlir reads 1)

// RUN: not qmlir-run --ranges %t/count.json 2>&1 | FileCheck %s --check-prefix=COUNT
// COUNT: qmlir-run: error: {{.*}}count.json: tensors[0] ('x'): the histogram holds 2.000000 values, "count" says 3

// RUN: not qmlir-run --ranges %t/grid.json 2>&1 | FileCheck %s --check-prefix=GRID
// GRID: qmlir-run: error: {{.*}}grid.json: tensors[0] ('x'): the histogram grid is not the canonical one of its extremes

// RUN: not qmlir-run --ranges %t/huge-bins.json 2>&1 | FileCheck %s --check-prefix=HUGEBINS
// HUGEBINS: qmlir-run: error: {{.*}}huge-bins.json: "bins" must be an integer in [2, 65536]

// RUN: not qmlir-run --ranges %t/channel-counts.json 2>&1 | FileCheck %s --check-prefix=CHANNELCOUNTS
// CHANNELCOUNTS: qmlir-run: error: {{.*}}channel-counts.json: tensors[0] ('x'): "channel_sums" must hold finite numbers and "channel_counts" counts that add up to at most "count"
// RUN: not qmlir-run --ranges %t/channel-sums.json 2>&1 | FileCheck %s --check-prefix=CHANNELSUMS
// CHANNELSUMS: qmlir-run: error: {{.*}}channel-sums.json: tensors[0] ('x'): "channel_sums" and "channel_counts" must be arrays of the same length, 1 to 65536
// RUN: not qmlir-run --ranges %t/zeros.json 2>&1 | FileCheck %s --check-prefix=ZEROS
// ZEROS: qmlir-run: error: {{.*}}zeros.json: tensors[0] ('x'): "zeros" exceeds "count"
// RUN: not qmlir-run --ranges %t/channel-extremes-size.json 2>&1 | FileCheck %s --check-prefix=EXTREMES
// RUN: not qmlir-run --ranges %t/channel-extremes-range.json 2>&1 | FileCheck %s --check-prefix=EXTREMES
// EXTREMES: qmlir-run: error: {{.*}}channel-extremes-{{size|range}}.json: tensors[0] ('x'): "channel_min" and "channel_max" must hold as many finite numbers as "channel_sums", each minimum at most its maximum, within "min" and "max"
/// Per-channel sums survive a merge (the means stay, the counts double).
// RUN: not qmlir-run --ranges %t/moments-size.json 2>&1 | FileCheck %s --check-prefix=MOMENTSIZE
// MOMENTSIZE: qmlir-run: error: {{.*}}moments-size.json: tensors[0] ('x'): "channel_moments" must hold (C+1)(C+2)/2 numbers for 1 to 1024 channels C, got 4
// RUN: not qmlir-run --ranges %t/moments-value.json 2>&1 | FileCheck %s --check-prefix=MOMENTVALUE
// MOMENTVALUE: qmlir-run: error: {{.*}}moments-value.json: tensors[0] ('x'): "channel_moments" must hold finite numbers
/// Shards' moments add up.
// RUN: qmlir-run --merge-stats %t/moments.json %t/moments.json -o %t/moments2.json
// RUN: FileCheck %s --check-prefix=MOMENTS --input-file=%t/moments2.json
// MOMENTS: "channel_moments": [
// MOMENTS-NEXT: 2,
// MOMENTS-NEXT: 2,
// MOMENTS-NEXT: 4
// RUN: qmlir-run --merge-stats %t/channels.json %t/channels.json -o %t/channels2.json
// RUN: FileCheck %s --check-prefix=CHANNELS --input-file=%t/channels2.json
// CHANNELS: "channel_sums": [
// CHANNELS-NEXT: 2,
// CHANNELS-NEXT: 2
// CHANNELS: "channel_counts": [
// CHANNELS-NEXT: 2,
// CHANNELS-NEXT: 2
// CHANNELS: "channel_min": [
// CHANNELS-NEXT: 1,
// CHANNELS-NEXT: 1
// CHANNELS: "channel_max": [
// RUN: not qmlir-run --ranges %t/field.json 2>&1 | FileCheck %s --check-prefix=FIELD
// FIELD: qmlir-run: error: {{.*}}field.json: tensors[0] ('x'): 'min' must be a finite number

// RUN: not qmlir-run --merge-stats %t/a.json %t/other-ids.json -o %t/m.json 2>&1 | FileCheck %s --check-prefix=IDS
// RUN: not test -e %t/m.json
// IDS: qmlir-run: error: {{.*}}other-ids.json: has id 'y', which the other files do not (stats of different models?)

// RUN: not qmlir-run --merge-stats %t/a.json %t/a.json 2>&1 | FileCheck %s --check-prefix=NOOUT
// NOOUT: qmlir-run: error: --merge-stats needs -o FILE for the merged statistics

// RUN: not qmlir-run --ranges %t/a.json --method kl 2>&1 | FileCheck %s --check-prefix=METHOD
// METHOD: qmlir-run: error: --method: unknown range method 'kl' (minmax, avg-minmax, percentile, entropy, mse)

// RUN: not qmlir-run --ranges %t/a.json --method-for z=mse 2>&1 | FileCheck %s --check-prefix=FOR
// FOR: qmlir-run: error: --method-for 'z=mse': {{.*}}a.json has no id 'z'

// RUN: not qmlir-run --calibrate %s --input %t/nonfinite.npy --stats %t/s2.json --histogram-bins=0 2>&1 | FileCheck %s --check-prefix=BINS
// BINS: qmlir-run: error: --histogram-bins must be in [2, 65536], got 0

// RUN: not qmlir-run --calibrate %s --input %t/nonfinite.npy --stats %t/nodir/s.json --allow-nonfinite 2>&1 | FileCheck %s --check-prefix=UNWRITABLE
// RUN: not test -e %t/nodir
// UNWRITABLE: qmlir-run: error: {{.*}}nodir/s.json: cannot write: {{.*}}No such file or directory

// RUN: not qmlir-run --calibrate %t/plain.mlir --input %t/nonfinite.npy --stats %t/s3.json 2>&1 | FileCheck %s --check-prefix=NOACT
// RUN: not test -e %t/s3.json
// NOACT: qmlir-run: inserted 0 calibration markers
// NOACT: qmlir-run: error: {{.*}}plain.mlir has no activation to calibrate

// RUN: not qmlir-run %s %t/plain.mlir --input %t/nonfinite.npy --output-dir %t/o 2>&1 | FileCheck %s --check-prefix=TWO
// TWO: qmlir-run: error: expected one model file, got 2

// RUN: not qmlir-run --ranges %t/a.json %t/a.json 2>&1 | FileCheck %s --check-prefix=RANGES2
// RANGES2: qmlir-run: error: --ranges takes one stats file

// RUN: not qmlir-run --merge-stats %t/a.json -o %t/m1.json 2>&1 | FileCheck %s --check-prefix=MERGE1
// MERGE1: qmlir-run: error: --merge-stats needs at least two stats files

// A stats file nested 50,000 levels deep is refused before the JSON parser
// (which recurses once per level) sees it.
// RUN: %python -c "open('%t/deep.json', 'w').write('[' * 50000 + ']' * 50000)"
// RUN: not qmlir-run --ranges %t/deep.json 2>&1 | FileCheck %s --check-prefix=DEEP
// DEEP: qmlir-run: error: {{.*}}deep.json: arrays and objects nested more than 64 levels deep (at byte 64)

// Counts that would wrap past 2^64 when merged are an error, and no merged
// file is written.
// RUN: %python %S/../../Dialect/QNT/Transforms/make-stats.py %t/big.json x:-1:1:4611686018427387904
// RUN: not qmlir-run --merge-stats %t/big.json %t/big.json %t/big.json %t/big.json %t/big.json -o %t/wrapped.json 2>&1 | FileCheck %s --check-prefix=WRAP
// WRAP: qmlir-run: error: {{.*}}big.json: the counts of id 'x' overflow 64 bits when merged
// RUN: not ls %t/wrapped.json

// RUN: not qmlir-run --merge-stats %t/a.json %t/bins4.json -o %t/m2.json 2>&1 | FileCheck %s --check-prefix=MERGEBINS
// RUN: not test -e %t/m2.json
// MERGEBINS: qmlir-run: error: {{.*}}bins4.json: has 4 histogram bins, the others 2048

// RUN: not qmlir-run --ranges %t/duplicate.json 2>&1 | FileCheck %s --check-prefix=DUP
// DUP: qmlir-run: error: {{.*}}duplicate.json: tensors[1] ('x'): the id appears twice

// RUN: not qmlir-run --ranges %t/a.json --method-for z 2>&1 | FileCheck %s --check-prefix=FORSPEC
// FORSPEC: qmlir-run: error: --method-for 'z': expected ID=METHOD

func.func @main(%x: tensor<1x4xf32>) -> tensor<1x4xf32> {
  %0 = qnt.calibrate %x id "x" : tensor<1x4xf32>
  %1 = tosa.abs %0 : (tensor<1x4xf32>) -> tensor<1x4xf32>
  %2 = qnt.calibrate %1 id "y" : tensor<1x4xf32>
  return %2 : tensor<1x4xf32>
}
