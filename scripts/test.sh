#!/usr/bin/env bash
# Installs what is missing, builds with warnings as errors, and runs every test (unit, database
# directly and through pgbouncer, GUI offscreen, command line) against private PostgreSQL
# clusters; then builds the unit and database tests with AddressSanitizer and
# UndefinedBehaviorSanitizer and runs them again. Exits non-zero on any failure.
# DBX_SKIP_ASAN=1 leaves the sanitizer run out (a quicker local check).
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
scripts/stop-test-clusters.sh

start=$(date +%s)
cmake --preset ci
cmake --build --preset ci
status=0
ctest --preset ci --timeout 600 || status=$?
scripts/stop-test-clusters.sh
echo "test.sh: build and tests finished in $(( $(date +%s) - start )) s"

if [ "${DBX_SKIP_ASAN:-0}" != "1" ]; then
    asan_start=$(date +%s)
    cmake --preset asan
    cmake --build --preset asan --target dbx_core_tests
    # Leaks in Qt's and libpq's own start-up are not ours; memory errors and UB are.
    export ASAN_OPTIONS="detect_leaks=0:abort_on_error=1"
    export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
    ctest --preset asan --timeout 900 -L 'unit|db' -LE 'pooled|bench' || status=$?
    scripts/stop-test-clusters.sh
    echo "test.sh: sanitizer build and tests finished in $(( $(date +%s) - asan_start )) s"
fi
echo "test.sh: finished in $(( $(date +%s) - start )) s (exit status $status)"
exit $status
