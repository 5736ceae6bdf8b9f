#!/usr/bin/env bash
# Runs the whole test suite (lit, through ctest) and ends with the line
# "N passed, N failed" that CI reads. Exits non-zero if any test failed.
set -uo pipefail
cd "$(dirname "$0")/.."
log=$(mktemp)
# -V: ctest hides a passing test's output, and lit's summary is in it.
ctest --test-dir build --output-on-failure -V 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
# lit's summary lines, possibly prefixed by ctest -V's "N: ".
count() {
  grep -E "^([0-9]+: )?\s*($1)\s*:\s*[0-9]+" "$log" |
    sed -E "s/.*($1)\s*:\s*([0-9]+).*/\2/" | awk '{s+=$1} END {print s+0}'
}
passed=$(count 'Passed')
failed=$(count 'Failed|Unexpectedly Passed|Unresolved|Timed Out')
rm -f "$log"
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
echo "${passed} passed, ${failed} failed"
exit "$status"
