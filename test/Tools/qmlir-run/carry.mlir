// RUN: rm -rf %t && mkdir -p %t && cd %t
// RUN: %python -c "import numpy as np; np.save('x.npy', np.arange(1, 9, dtype=np.float32).reshape(4, 2)); np.save('s0.npy', np.array([[10, 20]], np.float32)); np.save('s4.npy', np.zeros((4, 2), np.float32))"

/// --carry runs the batches as a stream: result `total` of each batch feeds
/// argument `state` of the next, from the value in s0.npy. Here a running
/// sum: [10, 20] + [1, 2] + [3, 4] + ...
// RUN: qmlir-run %s --input x=x.npy --input state=s0.npy --carry total=state --output-dir out 2>/dev/null
// RUN: %python -c "import numpy as n; t = n.load('out/total.npy'); assert (t == [[11, 22], [14, 26], [19, 32], [26, 40]]).all(), t"

/// Errors: names that are not a result and an argument, a carried argument
/// given more than one batch, types that differ.
// RUN: not qmlir-run %s --input x=x.npy --input state=s0.npy --carry sum=state --output-dir bad 2>&1 | FileCheck %s --check-prefix=NAME
// NAME: qmlir-run: error: --carry sum=state: expected OUTPUT=INPUT naming a result and an argument of @main
// RUN: not qmlir-run %s --input x=x.npy --input state=s4.npy --carry total=state --output-dir bad 2>&1 | FileCheck %s --check-prefix=BATCHES
// BATCHES: qmlir-run: error: s4.npy: holds 4 batches; a carried argument takes the first batch's value only
// RUN: not qmlir-run %s --input x=x.npy --input state=s0.npy --carry column=state --output-dir bad 2>&1 | FileCheck %s --check-prefix=TYPE
// TYPE: qmlir-run: error: --carry column=state: result 'column' of type tensor<2x1xf32> cannot feed argument 'state' of type tensor<1x2xf32>
// RUN: not qmlir-run %s --input x=x.npy --input state=s0.npy --carry total=state --carry total=state --output-dir bad 2>&1 | FileCheck %s --check-prefix=TWICE
// TWICE: qmlir-run: error: --carry: argument 'state' is carried twice
// RUN: not ls bad

func.func @main(%x: tensor<1x2xf32> {qmlir.name = "x"}, %state: tensor<1x2xf32> {qmlir.name = "state"}) -> (tensor<1x2xf32> {qmlir.name = "total"}, tensor<2x1xf32> {qmlir.name = "column"}) {
  %0 = tosa.add %x, %state : (tensor<1x2xf32>, tensor<1x2xf32>) -> tensor<1x2xf32>
  %shape = tosa.const_shape {values = dense<[2, 1]> : tensor<2xindex>} : () -> !tosa.shape<2>
  %1 = tosa.reshape %0, %shape : (tensor<1x2xf32>, !tosa.shape<2>) -> tensor<2x1xf32>
  return %0, %1 : tensor<1x2xf32>, tensor<2x1xf32>
}
