#!/usr/bin/env bash
#===- setup-deps.sh - Install qmlir's Debian build dependencies ----------===#
#
# Installs the Debian packages qmlir needs to build and test, only when some
# are missing. Safe to run repeatedly; does nothing on a ready machine.
#
#===----------------------------------------------------------------------===#
set -euo pipefail

PACKAGES=(
  # LLVM/MLIR 22 (never the default LLVM 14 on PATH).
  llvm-22-dev llvm-22-tools libmlir-22-dev mlir-22-tools clang-22 lld-22
  # LLVM's OpenMP runtime, for multi-threaded kernels (parallel=true).
  libomp-22-dev
  # Sanitizer and libFuzzer runtimes (QMLIR_SANITIZE builds, fuzz targets).
  libclang-rt-22-dev
  # Build system and test frameworks.
  cmake ninja-build libgtest-dev libgmock-dev libbenchmark-dev python3
  # Reference data for execution tests (numpy) and the oneDNN benchmark.
  python3-numpy libdnnl-dev
  # ONNX import (libonnx: protobuf classes, checker, shape inference) and the
  # onnx Python package that builds the importer's test models.
  libonnx-dev libprotobuf-dev python3-onnx
  # ONNX's own backend node tests, for the conformance run, and PyTorch to
  # export real network structures for the real-model tests.
  libonnx-testdata python3-torch python3-torchvision
  # Rendered text and synthesized speech inputs of the real-model suite
  # (benchmarks/real-models.py).
  python3-pil fonts-dejavu-core espeak-ng
  # AArch64 objects linked with a cross C compiler and run under user-mode
  # emulation (the Arm64 tests).
  crossbuild-essential-arm64 qemu-user
)

missing=()
for pkg in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null |
      grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup-deps: all ${#PACKAGES[@]} packages present"
  exit 0
fi

echo "setup-deps: installing ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
