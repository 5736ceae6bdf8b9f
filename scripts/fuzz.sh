#!/usr/bin/env bash
# Bounded libFuzzer run of build-asan/bin/bnfold-fuzz (scripts/sanitize.sh
# --build makes it). The seed corpus is every "// -----" chunk of
# test/**/*.mlir; the working corpus persists in build-asan/fuzz-corpus so
# repeated runs build on each other. Crashing inputs go to
# build-asan/fuzz-artifacts/. Ends with "N passed, N failed" (one "test":
# the fuzz run) and exits non-zero when the fuzzer found a crash. When the
# ONNX fuzzer (bnfold-fuzz-onnx) is built it runs too, for
# BNFOLD_FUZZ_ONNX_SECONDS (default 30), and counts as a second "test"; a
# third is scripts/fuzz_bytecode.py (malformed bytecode through bnfold-opt,
# BNFOLD_FUZZ_BYTECODE_SECONDS, default 20); a fourth is
# test/scripts/random_networks.py --structural (random nn graphs folded by the
# sanitizer build, BNFOLD_FUZZ_GRAPH_SECONDS, default 40); a fifth, when the
# ONNX build and onnxruntime-node are there, test/scripts/onnx/random_graphs.py
# (random ONNX graphs folded by the ASan build and run in onnxruntime,
# BNFOLD_FUZZ_RANDOM_GRAPHS_SECONDS, default 40).
#   scripts/fuzz.sh [SECONDS]     default 60
set -uo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
fuzzer=build-asan/bin/bnfold-fuzz
if [ ! -x "$fuzzer" ]; then
  echo "fuzz: $fuzzer missing; run scripts/sanitize.sh --build first"
  echo "0 passed, 1 failed"
  exit 1
fi

seeds=build-asan/fuzz-seeds
corpus=build-asan/fuzz-corpus
artifacts=build-asan/fuzz-artifacts/
rm -rf "$seeds" && mkdir -p "$seeds" "$corpus" "$artifacts"
/usr/bin/python3 - "$seeds" <<'PY'
import glob, hashlib, os, re, sys
out = sys.argv[1]
for path in sorted(glob.glob("test/**/*.mlir", recursive=True)):
    text = open(path, encoding="utf-8", errors="replace").read()
    for chunk in re.split(r"^// -----.*$", text, flags=re.M):
        # Drop comment-only lines (RUN/CHECK/expected-*): not IR.
        lines = [l for l in chunk.splitlines() if not l.lstrip().startswith("//")]
        body = "\n".join(lines).strip() + "\n"
        if len(body) > 1:
            name = hashlib.sha1(body.encode()).hexdigest()
            open(os.path.join(out, name), "w").write(body)
PY
echo "fuzz: $(ls "$seeds" | wc -l) seeds, ${seconds}s"

# Leaks are checked per input (each input gets its own MLIRContext).
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
"$fuzzer" -max_total_time="$seconds" -max_len=8192 -timeout=20 \
  -rss_limit_mb=3072 -print_final_stats=1 \
  -dict=tools/bnfold-fuzz/bnfold.dict -artifact_prefix="$artifacts" \
  "$corpus" "$seeds" > build-asan/fuzz.log 2>&1
status=$?

passed=0; failed=0
# Prints a run's crash report (at the start of its log) and statistics (at
# the end), and counts it: report NAME LOG STATUS ARTIFACTS
report() {
  grep -E -A40 '^==[0-9]+==ERROR|runtime error|^SUMMARY' "$2" | head -n 80
  tail -n 12 "$2"
  if [ "$3" -eq 0 ]; then
    passed=$((passed + 1))
  else
    echo "fuzz: $1 crash/timeout/oom; reproducer in $4:"
    ls -t "$4" | head -5
    failed=$((failed + 1))
  fi
}
report MLIR build-asan/fuzz.log "$status" "$artifacts"
# Counts a step that reports its own findings: count STATUS
count() {
  if [ "$1" -eq 0 ]; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    status=$1
  fi
}

# The ONNX translation (bnfold-translate --fold-onnx), seeded with the small
# test models; built only when the ONNX library was found.
onnx_fuzzer=build-asan/bin/bnfold-fuzz-onnx
if [ -x "$onnx_fuzzer" ]; then
  onnx_seconds=${BNFOLD_FUZZ_ONNX_SECONDS:-30}
  onnx_corpus=build-asan/fuzz-corpus-onnx
  onnx_artifacts=build-asan/fuzz-artifacts-onnx/
  mkdir -p "$onnx_corpus" "$onnx_artifacts"
  echo "fuzz: ONNX, $(ls test/Target/ONNX/Inputs/*.onnx | wc -l) seeds, ${onnx_seconds}s"
  "$onnx_fuzzer" -max_total_time="$onnx_seconds" -max_len=4096 -timeout=20 \
    -rss_limit_mb=3072 -print_final_stats=1 -artifact_prefix="$onnx_artifacts" \
    "$onnx_corpus" test/Target/ONNX/Inputs > build-asan/fuzz-onnx.log 2>&1
  onnx_status=$?
  report ONNX build-asan/fuzz-onnx.log "$onnx_status" "$onnx_artifacts"
  [ "$onnx_status" -eq 0 ] || status=$onnx_status
fi
# Random ONNX graphs around BatchNormalization (test/scripts/onnx/random_graphs.py:
# every producer through every in-between op), folded by the ASan+UBSan
# bnfold-translate and compared in onnxruntime with the originals. A new seed
# range each run; a failure prints the seed that reproduces it. Needs the
# ONNX build and onnxruntime-node (test/scripts/onnx/node_modules).
translate_asan=build-asan/bin/bnfold-translate
if [ -x "$translate_asan" ] && [ -d test/scripts/onnx/node_modules/onnxruntime-node ]; then
  graphs_seconds=${BNFOLD_FUZZ_RANDOM_GRAPHS_SECONDS:-40}
  graphs_seed=$(( $(date +%s) % 100000 * 1000 ))
  rm -rf build-asan/random-graphs
  echo "fuzz: random ONNX graphs through $translate_asan, ${graphs_seconds}s, seeds from $graphs_seed"
  ASAN_OPTIONS="detect_leaks=1" /usr/bin/python3 test/scripts/onnx/random_graphs.py \
    --translate "$translate_asan" --seconds "$graphs_seconds" \
    --seed "$graphs_seed" --work build-asan/random-graphs \
    > build-asan/random-graphs.log 2>&1
  graphs_status=$?
  tail -n 20 build-asan/random-graphs.log
  if [ "$graphs_status" -eq 0 ]; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    status=$graphs_status
  fi
fi
# Structural random networks (test/scripts/random_networks.py --structural):
# batch norms behind every kind of producer and in-between op, folded by the
# sanitizer build with the report checked and the result compared by
# execution, for BNFOLD_FUZZ_GRAPH_SECONDS (default 40), from a new seed
# each run (printed; BNFOLD_FUZZ_GRAPH_SEED repeats one). Failing networks
# stay in build-asan/fuzz-artifacts-graphs/.
graph_seconds=${BNFOLD_FUZZ_GRAPH_SECONDS:-40}
graph_seed=${BNFOLD_FUZZ_GRAPH_SEED:-$(date +%s)}
echo "fuzz: structural networks, seed ${graph_seed}, ${graph_seconds}s"
/usr/bin/python3 test/scripts/random_networks.py --structural --check \
  --seconds "$graph_seconds" --count 100000 --seed "$graph_seed" \
  --keep-failures-only --out-dir build-asan/fuzz-artifacts-graphs \
  --bnfold-opt build-asan/bin/bnfold-opt --bnfold-run build-asan/bin/bnfold-run \
  > build-asan/fuzz-graphs.log 2>&1
graph_status=$?
grep -E '^FAIL' build-asan/fuzz-graphs.log | head -n 5 | cut -c1-300
tail -n 1 build-asan/fuzz-graphs.log
count "$graph_status"

# Malformed bytecode through bnfold-opt, one process per file: MLIR's
# bytecode reader crashes on some, and bnfold-opt must report each as an
# error (scripts/fuzz_bytecode.py). The Release build when there is one:
# the crashes are in MLIR's reader, and it runs ~10x more files.
bytecode_opt=build/bin/bnfold-opt
[ -x "$bytecode_opt" ] || bytecode_opt=build-asan/bin/bnfold-opt
bytecode_seconds=${BNFOLD_FUZZ_BYTECODE_SECONDS:-20}
echo "fuzz: bytecode mutations through $bytecode_opt, ${bytecode_seconds}s"
/usr/bin/python3 scripts/fuzz_bytecode.py "$bytecode_opt" "$bytecode_seconds" \
  build-asan/fuzz-artifacts-bytecode > build-asan/fuzz-bytecode.log 2>&1
bytecode_status=$?
tail -n 20 build-asan/fuzz-bytecode.log
count "$bytecode_status"

echo "${passed} passed, ${failed} failed"
exit "$status"
