#!/usr/bin/env python3
"""Bounded mutation run of bnfold-opt on malformed MLIR bytecode.

MLIR 22's bytecode reader crashes on some malformed files; bnfold-opt reads
bytecode in a child process and must turn every such crash into an error
(bnfold/Support/BytecodeReaderGuard.h). This feeds it bytecode files with
1 to 8 random bytes replaced, deleted or inserted, each in its own process
(the point is the process boundary, so libFuzzer's in-process loop does not
fit), and counts a failure for any run that ends in a signal, a timeout, or
an error exit that leaves an output file behind. Crashing inputs are kept.

  scripts/fuzz_bytecode.py BNFOLD_OPT SECONDS ARTIFACT_DIR

Ends with "fuzz: bytecode, N files, N crashes" and exits 1 on a crash.
"""
import os
import random
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def mutate(rng, data):
    data = bytearray(data)
    for _ in range(rng.choice([1, 1, 2, 4, 8])):
        pos = rng.randrange(len(data))
        roll = rng.random()
        if roll < 0.6:
            data[pos] = rng.randrange(256)
        elif roll < 0.8:
            del data[pos:pos + rng.randrange(1, 16)]
        else:
            data[pos:pos] = bytes(rng.randrange(256)
                                  for _ in range(rng.randrange(1, 8)))
    return bytes(data)


def main():
    bnfold_opt, seconds, artifacts = sys.argv[1], float(sys.argv[2]), sys.argv[3]
    os.makedirs(artifacts, exist_ok=True)
    rng = random.Random(int(os.environ.get("BNFOLD_FUZZ_SEED", time.time())))
    with tempfile.TemporaryDirectory() as work:
        # The example (dense weights, three layer kinds) and a small
        # generated network with dense_resource weights (a resource section).
        texts = [os.path.join(ROOT, "examples", "resnet_block.mlir"),
                 os.path.join(work, "resources.mlir")]
        subprocess.run([sys.executable,
                        os.path.join(ROOT, "test", "scripts", "conv_bn_chain.py"),
                        texts[1], "--blocks", "2",
                        "--channels", "4", "--storage", "dense_resource"],
                       check=True, capture_output=True)
        seeds = []
        for i, text in enumerate(texts):
            seed = os.path.join(work, f"seed{i}.mlirbc")
            subprocess.run([bnfold_opt, text, "--emit-bytecode", "-o", seed],
                           check=True, capture_output=True)
            seeds.append(open(seed, "rb").read())
        candidate = os.path.join(work, "input.mlirbc")
        output = os.path.join(work, "out.mlir")
        runs = crashes = 0
        deadline = time.time() + seconds
        while time.time() < deadline:
            data = mutate(rng, rng.choice(seeds))
            with open(candidate, "wb") as f:
                f.write(data)
            if os.path.exists(output):
                os.remove(output)
            try:
                result = subprocess.run(
                    [bnfold_opt, "--fold-batchnorm", candidate, "-o", output],
                    capture_output=True, timeout=20)
                status = result.returncode
                stderr = result.stderr.decode(errors="replace")
            except subprocess.TimeoutExpired:
                status, stderr = "timeout", ""
            runs += 1
            left_output = status == 1 and os.path.exists(output)
            if status not in (0, 1) or left_output:
                crashes += 1
                name = os.path.join(artifacts, f"bytecode-crash-{runs}.mlirbc")
                with open(name, "wb") as f:
                    f.write(data)
                why = "left an output file" if left_output else f"status {status}"
                print(f"fuzz: bytecode crash ({why}), input kept in {name}")
                print("\n".join(stderr.splitlines()[-15:]))
        print(f"fuzz: bytecode, {runs} files, {crashes} crashes")
        return 1 if crashes else 0


if __name__ == "__main__":
    sys.exit(main())
