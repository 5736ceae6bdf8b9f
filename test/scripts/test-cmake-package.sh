#!/usr/bin/env bash
# Installs bnfold from the build dir into a scratch prefix, builds the
# out-of-tree consumers in examples/consumer against it, runs them and
# checks that the batch norms were folded (fold-string: an nn module;
# fold-tosa: a TOSA module through the tosa-fold-batchnorm pipeline in its
# own PassManager). Usage: test-cmake-package.sh <build-dir>
set -euo pipefail
build=$(cd "$1" && pwd)
src=$(cd "$(dirname "$0")/../.." && pwd)
work="$build/cmake-package-test"
rm -rf "$work"
cmake --install "$build" --prefix "$work/prefix" > /dev/null
cmake -G Ninja -S "$src/examples/consumer" -B "$work/consumer" \
  -DCMAKE_PREFIX_PATH="$work/prefix" -DCMAKE_BUILD_TYPE=Release > /dev/null
ninja -C "$work/consumer" > /dev/null
out=$("$work/consumer/fold-string")
echo "$out"
echo "$out" | grep -q "nn.conv2d nhwc" || { echo "FAIL: no conv"; exit 1; }
if echo "$out" | grep -q "nn.batch_norm"; then echo "FAIL: not folded"; exit 1; fi
out=$("$work/consumer/fold-tosa")
echo "$out"
echo "$out" | grep -q "tosa.conv2d" || { echo "FAIL: no tosa conv"; exit 1; }
if echo "$out" | grep -qE "tosa\.(sub|mul|rsqrt)|nn\."; then
  echo "FAIL: TOSA batch norm not folded"; exit 1
fi
echo "cmake package: OK"
