# -*- Python -*-
# lit configuration of qmlir's regression tests.

import os
import subprocess

import lit.formats
from lit.llvm import llvm_config

config.name = "QMLIR"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".mlir"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.qmlir_obj_root, "test")
config.excludes = ["CMakeLists.txt", "lit.cfg.py", "lit.site.cfg.py", "Unit"]

llvm_config.with_system_environment(["HOME", "TMP", "TEMP"])
# qmlir-run compiles afresh in tests (set but empty: no cache); the tests of
# the cache name their folder with --cache-dir.
config.environment["QMLIR_CACHE_DIR"] = ""
# `not`, `count` and friends run through PATH: take them from LLVM 22, whose
# prefix comes first so that the LLVM 14 tools on the system PATH never do.
llvm_config.with_environment("PATH", config.llvm_tools_dir, append_path=True)
llvm_config.with_environment("PATH", config.qmlir_tools_dir, append_path=True)
# FileCheck, not, count and split-file from the LLVM 22 installation.
llvm_config.use_default_substitutions()

tool_dirs = [config.qmlir_tools_dir, config.llvm_tools_dir]
# The object tools too: LLVM 14's llvm-objdump on the system PATH does not
# decode AArch64's dot-product instructions.
tools = ["qmlir-opt", "qmlir-translate", "mlir-runner", "llvm-objdump",
         "llvm-readelf", "llvm-nm"]
llvm_config.add_tool_substitutions(tools, tool_dirs)
config.substitutions.append(("%llvm_lib_dir", config.llvm_lib_dir))
# The C compiler qmlir was built with, for programs that link emitted
# objects, and the build's library directory (libQMLIRAotRuntime.a).
config.substitutions.append(("%cc", config.c_compiler))
config.substitutions.append(("%qmlir_lib_dir", config.qmlir_lib_dir))

# Debian's interpreter sees Debian's numpy (the first python3 on PATH may not).
python = "/usr/bin/python3" if os.path.exists("/usr/bin/python3") else "python3"
config.substitutions.append(("%python", python))
if subprocess.call([python, "-c", "import numpy"],
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) == 0:
    config.available_features.add("numpy")
if subprocess.call([python, "-c", "import onnx"],
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) == 0:
    config.available_features.add("onnx-python")
if subprocess.call([python, "-c", "import torch, torchvision"],
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) == 0:
    config.available_features.add("torch")
if config.qmlir_enable_onnx:
    config.available_features.add("onnx-importer")
# The execution tests (REQUIRES: qmlir-jit) run unless configured off; they
# need numpy, so its absence is an error rather than a silent skip.
if config.qmlir_jit_tests:
    if "numpy" not in config.available_features:
        lit_config.fatal("the execution tests need numpy for %s (Debian: "
                         "python3-numpy, which utils/setup-deps.sh installs); "
                         "configure with -DQMLIR_JIT_TESTS=OFF to leave them "
                         "out" % python)
    config.available_features.add("qmlir-jit")

# The AArch64 tests (REQUIRES: aarch64-cross) link objects with Debian's
# cross compiler and run them under qemu-aarch64 with the cross libc. They
# run unless configured off; a missing tool is an error, not a silent skip.
if config.qmlir_aarch64_tests:
    import shutil
    tools = {"aarch64-linux-gnu-gcc": "crossbuild-essential-arm64",
             "qemu-aarch64": "qemu-user"}
    absent = [t for t in tools if not shutil.which(t)]
    if absent:
        lit_config.fatal("the AArch64 tests need %s (Debian: %s, which "
                         "utils/setup-deps.sh installs); configure with "
                         "-DQMLIR_AARCH64_TESTS=OFF to leave them out"
                         % (", ".join(absent),
                            ", ".join(tools[t] for t in absent)))
    config.available_features.add("aarch64-cross")
    config.substitutions.append(("%aarch64-cc", "aarch64-linux-gnu-gcc"))
    config.substitutions.append(
        ("%qemu-aarch64", "qemu-aarch64 -L /usr/aarch64-linux-gnu"))
