#!/bin/sh
# Installs the build into a temporary prefix, moves the prefix elsewhere
# (the package must be relocatable), configures and builds an out-of-tree
# project against it (test/Install/consumer: the C++ pipeline API, the C
# API, and the quantization flow from C++ and C, whose objects must equal the
# installed qmlir-quantize's), and runs the programs.
#
#   install-and-consume.sh BUILD_DIR SOURCE_DIR C_COMPILER CXX_COMPILER
#                          [LINKER_FLAGS (a sanitizer build's -fsanitize=)]
set -eu
build=$1 src=$2 cc=$3 cxx=$4 ldflags=${5:-}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cmake --install "$build" --prefix "$work/prefix" > "$work/install.log"
mv "$work/prefix" "$work/moved"
test -f "$work/moved/lib/cmake/qmlir/QMLIRConfig.cmake"
test -f "$work/moved/include/qmlir-c/Pipelines.h"
test -x "$work/moved/bin/qmlir-opt"
generator=
command -v ninja > /dev/null && generator="-G Ninja"
cmake $generator -S "$src/test/Install/consumer" -B "$work/build" \
  -DCMAKE_PREFIX_PATH="$work/moved" -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_C_COMPILER="$cc" -DCMAKE_CXX_COMPILER="$cxx" \
  -DCMAKE_EXE_LINKER_FLAGS="$ldflags" \
  -DQMLIR_CAPI_TEST_SOURCE="$src/test/CAPI/qmlir-capi-test.c" \
  -DQMLIR_COMPILER_TEST_SOURCE="$src/test/CAPI/qmlir-compiler-test.c" \
  > "$work/configure.log" || { cat "$work/configure.log"; exit 1; }
cmake --build "$work/build" > "$work/build.log" || { tail -50 "$work/build.log"; exit 1; }
"$work/build/consumer-cpp"
python=python3
test -x /usr/bin/python3 && python=/usr/bin/python3
"$python" "$src/test/Dialect/QNT/Transforms/make-stats.py" "$work/stats.json" \
  x:-1:3:10 y:-2:6:10
"$work/build/consumer-c" "$work/stats.json" > "$work/c.log"
grep -q "^static: ok" "$work/c.log"
grep -q "^weight-only: ok" "$work/c.log"
echo "c api: ok"
# The digits example through the installed qmlir-quantize, the C++ flow and
# the C flow: the same object and header, byte for byte.
digits="$src/examples/digits"
mkdir -p "$work/cli" "$work/cpp" "$work/c"
"$work/moved/bin/qmlir-quantize" "$digits/model.onnx" \
  --calibration-data "$digits/calibration.npy" --target-cpu x86-64-v3 \
  -o "$work/cli/digits.o" > "$work/cli.log" 2>&1 || { cat "$work/cli.log"; exit 1; }
"$work/build/consumer-flow" "$digits/model.onnx" "$digits/calibration.npy" \
  "$work/cpp/digits.o"
"$work/build/consumer-flow-c" "$digits/model.onnx" "$digits/calibration.npy" \
  "$digits/eval.npy" "$work/c/digits.o" > "$work/flow-c.log"
grep -q "^emitted" "$work/flow-c.log"
for dir in cpp c; do
  cmp "$work/cli/digits.o" "$work/$dir/digits.o"
  cmp "$work/cli/digits.h" "$work/$dir/digits.h"
done
echo "flow: qmlir-quantize, c++ and c objects identical"
# The installed tools compile a model ahead of time; the program that calls
# it links only the installed libQMLIRAotRuntime.a (no MLIR, no LLVM).
mkdir -p "$work/aot"
"$work/moved/bin/qmlir-translate" --qmlir-to-object \
  "$src/test/Target/Object/qmlir-to-object.mlir" -o "$work/aot/pair.o"
"$cc" -I"$work/aot" "$src/test/Target/Object/Inputs/pair-driver.c" \
  "$work/aot/pair.o" "$work/moved/lib/libQMLIRAotRuntime.a" -lm \
  -o "$work/aot/driver"
"$work/aot/driver" > "$work/aot.log"
grep -q "^two samples: status 0" "$work/aot.log"
grep -q "^tail: 2 3 5 6 20 30 50 60" "$work/aot.log"
"$work/moved/bin/qmlir-translate" --qmlir-to-shared-library \
  "$src/test/Target/Object/qmlir-to-object.mlir" -o "$work/aot/libpair.so" \
  --c-prefix=pair
test -f "$work/aot/libpair.so"
echo "object and shared library: ok"
echo "install-and-consume: ok"
