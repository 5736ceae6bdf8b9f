#!/usr/bin/env bash
# Runs the whole test suite (lit, through ctest) and ends with the line
# "N passed, N failed" that CI reads. Exits non-zero if any test failed.
set -uo pipefail
cd "$(dirname "$0")/.."
log=$(mktemp)
ctest --test-dir build --output-on-failure 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
passed=$(grep -E '^\s*Passed\s*:' "$log" | awk -F: '{s+=$2} END {print s+0}')
failed=$(grep -E '^\s*(Failed|Unexpectedly Passed|Unresolved|Timed Out)\s*:' "$log" |
         awk -F: '{s+=$2} END {print s+0}')
rm -f "$log"
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
echo "${passed} passed, ${failed} failed"
exit "$status"
