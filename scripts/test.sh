#!/usr/bin/env bash
# Installs what is missing, builds with warnings as errors, and runs every test (unit, database,
# GUI offscreen, command line) against private PostgreSQL clusters. Exits non-zero on any failure.
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
echo "test.sh: finished in $(( $(date +%s) - start )) s (build and tests)"
exit $status
