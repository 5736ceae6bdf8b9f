#!/usr/bin/env bash
# Installs bnfold from the build dir into a scratch prefix, builds the
# out-of-tree consumers in examples/consumer against it, runs them and
# checks that the batch norms were folded (fold-string: an nn module;
# fold-tosa: a TOSA module through the tosa-fold-batchnorm pipeline in its
# own PassManager; fold-onnx: an ONNX model, byte for byte what the installed
# bnfold-translate writes), and runs the installed tools and the installed
# mlir-opt plugin from the prefix.
# Usage: test-cmake-package.sh <build-dir>
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

# Nothing but headers under include/ (no empty build-system folders).
if find "$work/prefix/include" -type d -name CMakeFiles | grep -q .; then
  echo "FAIL: CMakeFiles installed under include/"; exit 1
fi

# The installed tools start from the prefix and do their job.
bin="$work/prefix/bin"
"$bin/bnfold-opt" --fold-batchnorm=report "$src/examples/resnet_block.mlir" \
  -o "$work/folded.mlir" 2>&1 | grep "remark: folded [0-9]* of"
"$bin/bnfold-run" --compare "$src/examples/resnet_block.mlir" "$work/folded.mlir"
if [ -x "$bin/bnfold-translate" ]; then
  model="$src/test/Target/ONNX/Inputs/conv_bn_relu.onnx"
  "$bin/bnfold-translate" --fold-onnx "$model" -o "$work/tool.onnx" 2>&1 |
    grep "remark: folded [0-9]* of"
  "$work/consumer/fold-onnx" "$model" "$work/consumer.onnx" 2> /dev/null
  cmp "$work/tool.onnx" "$work/consumer.onnx" &&
    echo "fold-onnx: same bytes as bnfold-translate --fold-onnx"
fi

# The installed plugin in upstream mlir-opt.
plugin="$work/prefix/lib/libBNFoldPlugin.so"
mlir_opt=$(command -v mlir-opt || echo /usr/lib/llvm-22/bin/mlir-opt)
"$mlir_opt" --load-dialect-plugin="$plugin" --load-pass-plugin="$plugin" \
  --pass-pipeline='builtin.module(func.func(fold-batchnorm{report}))' \
  "$src/examples/resnet_block.mlir" -o "$work/plugin.mlir" 2>&1 |
  grep "remark: folded [0-9]* of" | sed 's/^/mlir-opt plugin: /'
cmp "$work/plugin.mlir" "$work/folded.mlir" &&
  echo "mlir-opt plugin: same output as bnfold-opt"
echo "cmake package: OK"
