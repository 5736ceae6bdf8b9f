# -*- Python -*-
import os

import lit.formats
from lit.llvm import llvm_config

config.name = "BNFOLD"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".mlir", ".test"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.bnfold_obj_root, "test")
config.excludes = ["CMakeLists.txt", "lit.cfg.py", "lit.site.cfg.py", "Inputs"]

config.substitutions.append(("%PATH%", config.environment["PATH"]))
config.substitutions.append(("%bnfold_src_dir", config.bnfold_src_dir))
config.substitutions.append(("%bnfold_obj_root", config.bnfold_obj_root))

llvm_config.with_system_environment(["HOME", "INCLUDE", "LIB", "TMP", "TEMP"])
llvm_config.use_default_substitutions()

tool_dirs = [config.bnfold_tools_dir, config.llvm_tools_dir]
llvm_config.add_tool_substitutions(
    ["bnfold-opt", "bnfold-translate", "not", "count"], tool_dirs)

# Execution checks of ONNX models need onnxruntime-node (npm ci in
# scripts/onnx) and, for the torchvision models, python3-torch/torchvision.
import shutil
import subprocess

onnx_scripts = os.path.join(config.bnfold_src_dir, "scripts", "onnx")
config.substitutions.append(("%onnx_scripts", onnx_scripts))
if shutil.which("node") and os.path.isdir(
        os.path.join(onnx_scripts, "node_modules", "onnxruntime-node")):
    config.available_features.add("onnxruntime")
if subprocess.run(["/usr/bin/python3", "-c", "import torchvision, onnx"],
                  capture_output=True).returncode == 0:
    config.available_features.add("torchvision")
