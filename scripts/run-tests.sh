#!/usr/bin/env bash
# Runs the whole test suite and ends with the line "N passed, N failed" that
# CI reads (summed over every step). Exits non-zero if anything failed.
#   scripts/run-tests.sh          lit on ./build, then lit on the ASan+UBSan
#                                 build (scripts/sanitize.sh, installs
#                                 clang-22 and builds ./build-asan), then a
#                                 bounded fuzz run (scripts/fuzz.sh,
#                                 BNFOLD_FUZZ_SECONDS, default 30 here, and
#                                 shorter budgets for its other targets)
#   scripts/run-tests.sh --quick  lit on ./build only
set -uo pipefail
cd "$(dirname "$0")/.."
all=1
[ "${1:-}" = "--quick" ] && all=0

total_passed=0
total_failed=0
overall=0
# Runs one step, shows its output, and adds its "N passed, N failed" line.
step() {
  local name=$1; shift
  local log; log=$(mktemp)
  local start=$SECONDS
  "$@" 2>&1 | tee "$log"
  local status=${PIPESTATUS[0]}
  local line; line=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$log" | tail -n 1)
  local p=0 f=0
  if [ -n "$line" ]; then
    p=${line%% passed*}; f=${line#*, }; f=${f%% failed*}
  fi
  if [ "$status" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
  echo "run-tests: step '$name': $p passed, $f failed, $((SECONDS - start)) s"
  total_passed=$((total_passed + p)); total_failed=$((total_failed + f))
  [ "$status" -ne 0 ] && overall=1
  rm -f "$log"
}

lit_release() {
  local log; log=$(mktemp)
  /usr/lib/llvm-22/bin/lit -sv build/test 2>&1 | tee "$log"
  local status=${PIPESTATUS[0]}
  count() { grep -E "^\s*$1\s*:" "$log" | awk -F: '{s+=$2} END {print s+0}'; }
  local passed=$(( $(count Passed) + $(count 'Expectedly Failed') ))
  local failed=$(( $(count Failed) + $(count 'Unexpectedly Passed') +
                   $(count Unresolved) + $(count 'Timed Out') ))
  rm -f "$log"
  if [ "$passed" -eq 0 ] && [ "$failed" -eq 0 ]; then
    echo "run-tests: lit ran no tests"
    status=1
  fi
  if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
  echo "${passed} passed, ${failed} failed"
  return "$status"
}

step lit lit_release
if [ "$all" -eq 1 ]; then
  step sanitizers bash scripts/sanitize.sh
  # A bounded smoke run that keeps the whole command under CI's 30 minutes
  # (about 100 s); scripts/fuzz.sh alone runs longer by default.
  export BNFOLD_FUZZ_ONNX_SECONDS=${BNFOLD_FUZZ_ONNX_SECONDS:-15}
  export BNFOLD_FUZZ_RANDOM_GRAPHS_SECONDS=${BNFOLD_FUZZ_RANDOM_GRAPHS_SECONDS:-20}
  export BNFOLD_FUZZ_GRAPH_SECONDS=${BNFOLD_FUZZ_GRAPH_SECONDS:-20}
  export BNFOLD_FUZZ_BYTECODE_SECONDS=${BNFOLD_FUZZ_BYTECODE_SECONDS:-10}
  step fuzz bash scripts/fuzz.sh "${BNFOLD_FUZZ_SECONDS:-30}"
fi
echo "${total_passed} passed, ${total_failed} failed"
exit "$overall"
