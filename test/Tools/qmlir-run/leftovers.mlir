// Runs leave nothing behind but their outputs (and the compiled-code cache
// where it is asked for): no profiler dumps ($TMPDIR/.debug/jit), no
// statistics temporaries.
// RUN: rm -rf %t && mkdir -p %t/tmp %t/home
// RUN: %python -c "import numpy as np; np.save('%t/x.npy', np.ones((2, 2), np.float32))"
// RUN: env TMPDIR=%t/tmp HOME=%t/home qmlir-run %s --input %t/x.npy --output-dir %t/out --no-cache
// RUN: env TMPDIR=%t/tmp HOME=%t/home qmlir-run --calibrate %s --input %t/x.npy --stats %t/stats.json --no-cache
// RUN: env TMPDIR=%t/tmp HOME=%t/home qmlir-quantize %s --calibration-data %t/x.npy -o %t/int8.mlir --eval-data %t/x.npy > /dev/null 2>&1
// RUN: find %t/tmp %t/home -mindepth 1 | count 0

func.func @main(%x: tensor<1x2xf32> {qmlir.name = "x"}) -> tensor<1x2xf32> {
  %0 = tosa.clamp %x {max_val = 6.0 : f32, min_val = 0.0 : f32} : (tensor<1x2xf32>) -> tensor<1x2xf32>
  %1 = tosa.exp %0 : (tensor<1x2xf32>) -> tensor<1x2xf32>
  return %1 : tensor<1x2xf32>
}
