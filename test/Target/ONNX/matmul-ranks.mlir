// RUN: rm -rf %t && mkdir -p %t && cd %t
// RUN: %python %S/make-models.py matmul_ranks %t/matmul.onnx
// RUN: %python %S/make-models.py matmul_ranks_data %t

/// MatMul with NumPy's semantics, run from the ONNX file and compared with
/// numpy: rank-3 and rank-4 activations by a weight, vector by matrix,
/// matrix by vector, broadcast batch dimensions, a matrix against a batch.
// RUN: qmlir-run matmul.onnx --input a0=a0.npy --input a1=a1.npy --input a2=a2.npy --input a3=a3.npy --input b3=b3.npy --input a4=a4.npy --input b4=b4.npy --input a5=a5.npy --input b5=b5.npy --output-dir out 2>&1 | FileCheck %s --allow-empty --check-prefix=TOOL
// TOOL-NOT: error
// RUN: %python -c "import numpy as n; [print(i, n.abs(n.load('out/y%%d.npy' %% i) - n.load('expected%%d.npy' %% i)).max()) for i in range(6)]; assert all(n.load('out/y%%d.npy' %% i).shape == n.load('expected%%d.npy' %% i).shape and n.allclose(n.load('out/y%%d.npy' %% i), n.load('expected%%d.npy' %% i), rtol=1e-5, atol=1e-5) for i in range(6))"
