// RUN: rm -rf %t && mkdir -p %t
// RUN: %python -c "import numpy as n; n.save('%t/x.npy', n.linspace(-2, 2, 8, dtype=n.float32).reshape(2, 4))"
// RUN: qmlir-run %s --input-shape x=2x4 --input %t/x.npy --output-dir %t/out
// RUN: %python -c "import numpy as n; x = n.load('%t/x.npy'); y = n.load('%t/out/y.npy'); assert y.shape == (2, 4) and n.allclose(y, n.clip(n.exp(x), 0, 6), rtol=1e-6), y"
// RUN: not qmlir-run %s --input %t/x.npy --output-dir %t/out2 2>&1 | FileCheck %s --check-prefix=UNBOUND
// RUN: not qmlir-run %s --input-shape x=2x5 --time 2>&1 | FileCheck %s --check-prefix=DIM
// RUN: not qmlir-run %s --input-shape y=2x4 --time 2>&1 | FileCheck %s --check-prefix=NAME
// RUN: not qmlir-run %s --input-shape x=2xa --time 2>&1 | FileCheck %s --check-prefix=SYNTAX
// RUN: test ! -e %t/out2

/// A TOSA model with a dynamic batch: --input-shape NAME=AxBx... gives the
/// argument named NAME (qmlir.name) that shape, and TOSA shape inference
/// makes the function static; its results follow.
// UNBOUND: error: argument #0 of @main has type tensor<?x4xf32>; qmlir-run needs statically shaped tensors
// DIM: error: --input-shape x=2x5: dimension 1 of argument 'x' is 4 in the model
// NAME: error: --input-shape y=2x4: @main has no argument named 'y' (qmlir.name)
// SYNTAX: error: --input-shape x=2xa: an MLIR model's inputs are bound by shape, NAME=AxBx... with positive sizes (MLIR has no dimension names)

func.func @main(%x: tensor<?x4xf32> {qmlir.name = "x"}) -> (tensor<?x4xf32> {qmlir.name = "y"}) {
  %0 = tosa.exp %x : (tensor<?x4xf32>) -> tensor<?x4xf32>
  %1 = tosa.clamp %0 {min_val = 0.0 : f32, max_val = 6.0 : f32} : (tensor<?x4xf32>) -> tensor<?x4xf32>
  return %1 : tensor<?x4xf32>
}
