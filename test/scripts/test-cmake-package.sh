#!/usr/bin/env bash
# Installs bnfold from the build dir into a scratch prefix, builds the
# out-of-tree consumer in examples/consumer against it, runs it and checks
# that the batch norm was folded. Usage: test-cmake-package.sh <build-dir>
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
echo "cmake package: OK"
