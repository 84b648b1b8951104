// REQUIRES: qmlir-jit, numpy
// RUN: rm -rf %t && mkdir -p %t
// RUN: qmlir-opt %s --pass-pipeline="builtin.module(func.func(qnt-insert-calibration{inside-chains=true}))" -o %t/model.mlir
// RUN: qmlir-run --calibrate %t/model.mlir --input %S/Inputs/calibration-data.npy --stats %t/stats.json 2>&1 | FileCheck %s --check-prefix=LOG
// RUN: %python %S/calibration_check.py exact %S/Inputs/calibration-data.npy %t/stats.json
// RUN: %python %S/calibration_check.py split %S/Inputs/calibration-data.npy %t/a.npy %t/b.npy
// RUN: qmlir-run --calibrate %t/model.mlir --input %t/a.npy --stats %t/a.json
// RUN: qmlir-run --calibrate %t/model.mlir --input %t/b.npy --stats %t/b.json
// RUN: qmlir-run --merge-stats %t/a.json %t/b.json -o %t/merged.json
// RUN: %python %S/calibration_check.py same %t/stats.json %t/merged.json
// RUN: qmlir-run --ranges %t/merged.json --method percentile --percentile 99 --method-for pooled=minmax | FileCheck %s --check-prefix=RANGES

/// A calibration run over a committed dataset (64 samples): the model's ops
/// are exact in f32 (a multiplication by 0.5, a bias add, a clamp, a max
/// pool, a concat), so the min and max of every activation equal numpy's
/// bit for bit. Two shards calibrated apart and merged give the statistics
/// of the whole dataset. Every value is marked (inside-chains: the
/// multiplication, bias add and clamp are one element-wise chain, marked
/// at its end only by default).

// LOG-NOT: error
// LOG: 6 calibration ids observed over 64 batches

// RANGES: id{{.*}} method
// RANGES: image{{.*}} 12288{{.*}} percentile
// RANGES: pooled{{.*}} 3072{{.*}} minmax

func.func @main(%x: tensor<1x8x8x3xf32> {qmlir.name = "image"}) -> (tensor<1x4x4x6xf32> {qmlir.name = "features"}) {
  %half = "tosa.const"() <{values = dense<0.5> : tensor<1x1x1x1xf32>}> : () -> tensor<1x1x1x1xf32>
  %shift = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %bias = "tosa.const"() <{values = dense<[[[[0.25, -1.5, 3.0]]]]> : tensor<1x1x1x3xf32>}> : () -> tensor<1x1x1x3xf32>
  %h = tosa.mul %x, %half, %shift : (tensor<1x8x8x3xf32>, tensor<1x1x1x1xf32>, tensor<1xi8>) -> tensor<1x8x8x3xf32> loc("halved")
  %a = tosa.add %h, %bias : (tensor<1x8x8x3xf32>, tensor<1x1x1x3xf32>) -> tensor<1x8x8x3xf32> loc("biased")
  %r = tosa.clamp %a {max_val = 6.0 : f32, min_val = 0.0 : f32} : (tensor<1x8x8x3xf32>) -> tensor<1x8x8x3xf32> loc("relu6")
  %p = tosa.max_pool2d %r {kernel = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 2, 2>} : (tensor<1x8x8x3xf32>) -> tensor<1x4x4x3xf32> loc("pooled")
  %c = tosa.concat %p, %p {axis = 3 : i32} : (tensor<1x4x4x3xf32>, tensor<1x4x4x3xf32>) -> tensor<1x4x4x6xf32> loc("features")
  return %c : tensor<1x4x4x6xf32>
}
