// RUN: rm -rf %t && mkdir -p %t && cd %t
// RUN: %python %S/make-models.py exported_ops %t/ops.onnx
// RUN: %python %S/make-models.py exported_ops_data %t

/// Comparisons, Not/And/Or, Where, Round (halves to even), ArgMax, Expand,
/// Tile, LayerNormalization and Einsum (batch, attention-style and implicit
/// output equations), run from the ONNX file and compared with
/// numpy: bools and indices exactly, floats within 1e-5.
// RUN: qmlir-run ops.onnx --input x=x.npy --input y=y.npy --input halves=halves.npy --output-dir out 2>&1 | FileCheck %s --allow-empty --check-prefix=TOOL
// TOOL-NOT: error
// RUN: %python -c "import numpy as n, glob; names = [f[9:-4] for f in sorted(glob.glob('expected-*.npy'))]; assert len(names) == 17, names; bad = [k for k in names if not (n.load('out/%%s.npy' %% k).shape == n.load('expected-%%s.npy' %% k).shape and (n.array_equal(n.load('out/%%s.npy' %% k), n.load('expected-%%s.npy' %% k)) if n.load('expected-%%s.npy' %% k).dtype.kind in 'bi' else n.allclose(n.load('out/%%s.npy' %% k), n.load('expected-%%s.npy' %% k), rtol=1e-5, atol=1e-5)))]; assert not bad, bad"
