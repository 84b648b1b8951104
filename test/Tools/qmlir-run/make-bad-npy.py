#!/usr/bin/env python3
"""Writes good and malformed .npy files for qmlir-run's error tests."""

import sys
from pathlib import Path

import numpy as np

out = Path(sys.argv[1])
out.mkdir(parents=True, exist_ok=True)
x = np.arange(6, dtype=np.float32).reshape(2, 3)

np.save(out / "good.npy", x)
np.save(out / "good3.npy", np.concatenate([x, x, x]))
np.save(out / "good2.npy", np.concatenate([x, x]))
np.save(out / "fortran.npy", np.asfortranarray(np.arange(6, dtype=np.float32).reshape(3, 2).T))
np.save(out / "bigendian.npy", x.astype(">f4"))
np.save(out / "object.npy", np.array([1, "a"], dtype=object), allow_pickle=True)
np.save(out / "structured.npy", np.zeros(2, dtype=[("a", "<f4"), ("b", "<i4")]))
np.save(out / "float64.npy", x.astype(np.float64))
np.save(out / "shape.npy", np.zeros((3, 2), dtype=np.float32))
np.save(out / "int32.npy", x.astype(np.int32))

data = (out / "good.npy").read_bytes()
(out / "truncated.npy").write_bytes(data[:-5])
(out / "truncated-header.npy").write_bytes(data[:40])
(out / "oversized.npy").write_bytes(data + b"\0\0\0\0")
(out / "magic.npy").write_bytes(b"not an npy file at all, just text\n")
(out / "version.npy").write_bytes(data[:6] + b"\x09\x00" + data[8:])
