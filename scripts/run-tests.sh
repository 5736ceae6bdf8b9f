#!/usr/bin/env bash
# Runs the whole test suite (lit over build/test; `ctest --test-dir build`
# runs the same suite) and ends with the line "N passed, N failed" that CI
# reads. Exits non-zero if any test failed or nothing ran.
set -uo pipefail
cd "$(dirname "$0")/.."
log=$(mktemp)
/usr/lib/llvm-22/bin/lit -sv build/test 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
count() { grep -E "^\s*$1\s*:" "$log" | awk -F: '{s+=$2} END {print s+0}'; }
passed=$(( $(count Passed) + $(count 'Expectedly Failed') ))
failed=$(( $(count Failed) + $(count 'Unexpectedly Passed') + $(count Unresolved) + $(count 'Timed Out') ))
rm -f "$log"
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
# A run that executed nothing is a failure, not a success.
if [ "$passed" -eq 0 ] && [ "$status" -eq 0 ]; then status=1; failed=1; fi
echo "${passed} passed, ${failed} failed"
exit "$status"
