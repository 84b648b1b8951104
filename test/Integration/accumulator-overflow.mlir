// REQUIRES: qmlir-jit, numpy
// RUN: rm -rf %t && mkdir -p %t
// RUN: %python -c "import numpy as np; x = np.full((2, 1, 1, 1024), 327.67, np.float32); x[1] *= -1; np.save('%t/x.npy', x)"
// RUN: qmlir-run %s --input %t/x.npy --output-dir %t/compiled 2>&1 | FileCheck %s --check-prefix=REMARK
// RUN: qmlir-run %s --reference --input %t/x.npy --output-dir %t/reference 2> /dev/null
// RUN: %python %S/compare_exact.py %t/compiled/y.npy %t/reference/y.npy | FileCheck %s --check-prefix=SAME
// RUN: %python -c "import numpy as np; y = np.load('%t/compiled/y.npy'); print(y.reshape(-1).tolist())" | FileCheck %s
//
// A 16-bit 1x1 convolution over 1024 channels at full range: each output is
// 32767 * 127 * 1024 = 4261281792 in integers, beyond int32. The lowering
// sees that from the constant weights, accumulates in int64 and requantizes
// in 128 bits: the compiled code equals the reference interpreter and the
// real value 0.01 * 0.5 * 4261281792 = 21306408.96 up to the output step
// (1000): 21306000 (q = 21306) and, for the negated input, -21306000. An
// int32 accumulator would have wrapped to -33685504 (a wrong sign).
// REMARK: remark: the int32 accumulator can overflow: output channel 0 sums 1024 products
// SAME: 2x1x1x2 values, identical
// CHECK: [21306000.0, 21306000.0, -21306000.0, -21306000.0]

!a = !quant.uniform<i16:f32, 0.01>
!w = !quant.uniform<i8<-127:127>:f32:0, {0.5, 0.5}>
!y = !quant.uniform<i16:f32, 1000.0>

func.func @main(%x: tensor<1x1x1x1024xf32>) -> (tensor<1x1x1x2xf32> {qmlir.name = "y"}) {
  %q = qnt.quantize %x : tensor<1x1x1x1024xf32> -> tensor<1x1x1x1024x!a>
  %wc = arith.constant dense<127> : tensor<2x1x1x1024xi8>
  %w = quant.scast %wc : tensor<2x1x1x1024xi8> to tensor<2x1x1x1024x!w>
  %c = qnt.conv2d %q, %w pad = [0, 0, 0, 0] stride = [1, 1] dilation = [1, 1] : (tensor<1x1x1x1024x!a>, tensor<2x1x1x1024x!w>) -> tensor<1x1x1x2x!y>
  %y = qnt.dequantize %c : tensor<1x1x1x2x!y> -> tensor<1x1x1x2xf32>
  return %y : tensor<1x1x1x2xf32>
}
