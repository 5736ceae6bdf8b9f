# -*- Python -*-
import os

import lit.formats
from lit.llvm import llvm_config

config.name = "BNFOLD"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".mlir", ".test"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.bnfold_obj_root, "test")
config.excludes = ["CMakeLists.txt", "lit.cfg.py", "lit.site.cfg.py", "Inputs",
                   "scripts"]

config.substitutions.append(("%PATH%", config.environment["PATH"]))

# The ASan+UBSan build (scripts/sanitize.sh): its static libraries need the
# sanitizer runtime, so an out-of-tree consumer cannot link them as is.
if config.bnfold_sanitizers.upper() in ("ON", "1", "TRUE", "YES"):
    config.available_features.add("asan")
# Tests of other users' files (chown) need root.
if os.geteuid() == 0:
    config.available_features.add("root")
config.substitutions.append(("%bnfold_src_dir", config.bnfold_src_dir))
config.substitutions.append(("%bnfold_obj_root", config.bnfold_obj_root))

llvm_config.with_system_environment(["HOME", "INCLUDE", "LIB", "TMP", "TEMP"])
llvm_config.use_default_substitutions()

tool_dirs = [config.bnfold_tools_dir, config.llvm_tools_dir]
llvm_config.add_tool_substitutions(
    ["bnfold-opt", "bnfold-run", "bnfold-translate", "bnfold-unit-tests",
     "bnfold-guard-test", "bnfold-fold-natives-test", "bnfold-channel-map-test",
     "bnfold-isolation-test",
     "bnfold-runner-tests", "bnfold-translate-registry-test", "mlir-opt"],
    tool_dirs)

# The scripts the tests run are in test/scripts (developer tools are in
# scripts/); the stdlib-only ones run with the system python. (The name
# must not start with a lit default such as %t or %s.)
config.substitutions.append(("%python", "/usr/bin/python3"))
# Imported IR names the model file in its locations (`loc("model.onnx":0:0)`):
# a re-import of an export differs only there, which this masks.
config.substitutions.append(
    ("%mask_model_file", "sed -e 's|loc(\"[^\"]*\":0:0)|loc(MODEL)|'"))
config.substitutions.append(
    ("%bnfold_test_scripts", os.path.join(config.bnfold_src_dir, "test", "scripts")))

# Optional: an independent reference (PyTorch) for the lowering's numbers.
import subprocess
if subprocess.run(["/usr/bin/python3", "-c", "import torch"],
                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode == 0:
    config.available_features.add("torch")

# The mlir-opt plugin (lib/Plugin; not built for sanitizer builds).
plugin = os.path.join(config.bnfold_obj_root, "lib", "libBNFoldPlugin.so")
if os.path.exists(plugin):
    config.available_features.add("plugin")
    config.substitutions.append(("%bnfold_plugin", plugin))

# `not` and `count` at the start of a RUN line are found through PATH.
llvm_config.with_environment("PATH", config.llvm_tools_dir, append_path=True)

# Execution checks of ONNX models need onnxruntime-node (npm ci in
# test/scripts/onnx) and, for the torchvision models,
# python3-torch/torchvision.
import shutil

onnx_scripts = os.path.join(config.bnfold_src_dir, "test", "scripts", "onnx")
config.substitutions.append(("%onnx_scripts", onnx_scripts))
if shutil.which("node") and os.path.isdir(
        os.path.join(onnx_scripts, "node_modules", "onnxruntime-node")):
    config.available_features.add("onnxruntime")
# The model builders that use the onnx helper (scripts/setup.sh --tests).
if subprocess.run(["/usr/bin/python3", "-c", "import numpy, onnx"],
                  capture_output=True).returncode == 0:
    config.available_features.add("onnx-python")
if subprocess.run(["/usr/bin/python3", "-c", "import torchvision, onnx"],
                  capture_output=True).returncode == 0:
    config.available_features.add("torchvision")
