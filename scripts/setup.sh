#!/usr/bin/env bash
# Installs what bnfold needs on a fresh Debian 12 machine (as root) and builds
# it into ./build. Safe to run again: installs and builds only what is
# missing or changed.
#   scripts/setup.sh          what building bnfold and running its tools need:
#                             LLVM/MLIR 22, CMake, Ninja, g++, libonnx
#   scripts/setup.sh --tests  that, plus what the test suite alone needs:
#                             python3-onnx, PyTorch/torchvision (models for
#                             the end-to-end checks), node/npm and
#                             onnxruntime-node (runs the ONNX models)
# The sanitizer step of scripts/run-tests.sh installs clang-22 itself.
set -euo pipefail
cd "$(dirname "$0")/.."
tests=0
case "${1:-}" in
  "") ;;
  --tests) tests=1 ;;
  *) echo "usage: scripts/setup.sh [--tests]" >&2; exit 2 ;;
esac

packages=(cmake ninja-build g++ python3 libmlir-22-dev mlir-22-tools llvm-22-dev
          llvm-22-tools
          # ONNX import/export (bnfold-translate)
          libonnx-dev libprotobuf-dev protobuf-compiler)
if [ "$tests" -eq 1 ]; then
  # Model builders and exporters of the ONNX tests.
  packages+=(python3-onnx python3-torch python3-torchvision)
  # node/npm run onnxruntime for the ONNX execution tests; use a node that
  # is already installed, else Debian's.
  command -v node > /dev/null || packages+=(nodejs)
  command -v npm > /dev/null || packages+=(npm)
fi
bash scripts/install-packages.sh "${packages[@]}"

# onnxruntime-node, pinned by test/scripts/onnx/package-lock.json. Its install
# script downloads GPU libraries, so it is skipped; the CPU build is in the
# package itself.
if [ "$tests" -eq 1 ] && [ ! -d test/scripts/onnx/node_modules/onnxruntime-node ]; then
  echo "setup: installing onnxruntime-node"
  (cd test/scripts/onnx && npm ci --ignore-scripts --no-audit --no-fund)
fi

if [ ! -f build/build.ninja ]; then
  cmake -G Ninja -B build -S . \
    -DCMAKE_BUILD_TYPE=Release \
    -DMLIR_DIR=/usr/lib/llvm-22/lib/cmake/mlir \
    -DLLVM_EXTERNAL_LIT=/usr/lib/llvm-22/bin/lit
fi
ninja -C build -j "$(nproc)"
