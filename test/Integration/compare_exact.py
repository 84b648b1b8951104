"""Compares two .npy arrays element for element (bit-exact)."""
import sys

import numpy as np

a, b = np.load(sys.argv[1]), np.load(sys.argv[2])
if a.shape != b.shape or a.dtype != b.dtype:
    sys.exit(f"shapes or dtypes differ: {a.shape} {a.dtype} vs {b.shape} {b.dtype}")
diff = np.count_nonzero(a.view(np.uint8) != b.view(np.uint8))
if diff:
    sys.exit(f"{diff} bytes differ; max abs difference {np.abs(a - b).max()}")
print(f"{'x'.join(map(str, a.shape))} values, identical")
