// RUN: rm -rf %t && %python %S/reference.py make matmul_shared_rhs %t
// RUN: qmlir-run %s --input %t/in0.npy --input %t/in1.npy --output-dir %t/out
// RUN: %python %S/reference.py check matmul_shared_rhs %t

/// One run-time right-hand side read by three fp32 matmul kernels, the
/// second through a column slice whose padding to whole registers has the
/// type of the first's (15 and 10 columns pad to 16 on 8 and on 16 lanes).
/// The third kernel reads the first's padded matrix again after the second
/// padded its own: the padded buffers must stay apart (a recurrent cell's
/// shape: the same weights every step).
func.func @main(%a: tensor<3x5xf32>, %r: tensor<5x15xf32>)
    -> (tensor<3x15xf32>, tensor<3x10xf32>, tensor<3x15xf32>) {
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %s_a = tosa.const_shape {values = dense<[1, 3, 5]> : tensor<3xindex>} : () -> !tosa.shape<3>
  %s_r = tosa.const_shape {values = dense<[1, 5, 15]> : tensor<3xindex>} : () -> !tosa.shape<3>
  %s_s = tosa.const_shape {values = dense<[1, 5, 10]> : tensor<3xindex>} : () -> !tosa.shape<3>
  %a3 = tosa.reshape %a, %s_a : (tensor<3x5xf32>, !tosa.shape<3>) -> tensor<1x3x5xf32>
  %r3 = tosa.reshape %r, %s_r : (tensor<5x15xf32>, !tosa.shape<3>) -> tensor<1x5x15xf32>
  %m0 = tosa.matmul %a3, %r3, %zp, %zp : (tensor<1x3x5xf32>, tensor<1x5x15xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x3x15xf32>
  %start = tosa.const_shape {values = dense<[0, 5]> : tensor<2xindex>} : () -> !tosa.shape<2>
  %size = tosa.const_shape {values = dense<[5, 10]> : tensor<2xindex>} : () -> !tosa.shape<2>
  %slice = tosa.slice %r, %start, %size : (tensor<5x15xf32>, !tosa.shape<2>, !tosa.shape<2>) -> tensor<5x10xf32>
  %slice3 = tosa.reshape %slice, %s_s : (tensor<5x10xf32>, !tosa.shape<3>) -> tensor<1x5x10xf32>
  %m1 = tosa.matmul %a3, %slice3, %zp, %zp : (tensor<1x3x5xf32>, tensor<1x5x10xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x3x10xf32>
  %s0 = tosa.const_shape {values = dense<0> : tensor<3xindex>} : () -> !tosa.shape<3>
  %s5 = tosa.const_shape {values = dense<[1, 3, 5]> : tensor<3xindex>} : () -> !tosa.shape<3>
  %h = tosa.slice %m1, %s0, %s5 : (tensor<1x3x10xf32>, !tosa.shape<3>, !tosa.shape<3>) -> tensor<1x3x5xf32>
  %m2 = tosa.matmul %h, %r3, %zp, %zp : (tensor<1x3x5xf32>, tensor<1x5x15xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x3x15xf32>
  %s2a = tosa.const_shape {values = dense<[3, 15]> : tensor<2xindex>} : () -> !tosa.shape<2>
  %s2b = tosa.const_shape {values = dense<[3, 10]> : tensor<2xindex>} : () -> !tosa.shape<2>
  %o0 = tosa.reshape %m0, %s2a : (tensor<1x3x15xf32>, !tosa.shape<2>) -> tensor<3x15xf32>
  %o1 = tosa.reshape %m1, %s2b : (tensor<1x3x10xf32>, !tosa.shape<2>) -> tensor<3x10xf32>
  %o2 = tosa.reshape %m2, %s2a : (tensor<1x3x15xf32>, !tosa.shape<2>) -> tensor<3x15xf32>
  return %o0, %o1, %o2 : tensor<3x15xf32>, tensor<3x10xf32>, tensor<3x15xf32>
}
