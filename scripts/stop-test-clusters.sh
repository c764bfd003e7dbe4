#!/usr/bin/env bash
# Stops PostgreSQL servers left behind by crashed test runs, each through its own data
# directory's postmaster.pid (never by process name), and removes their directories.
set -uo pipefail
root="${DBX_TEST_ROOT:-/tmp/dbx-tests}"
[ -d "$root" ] || exit 0
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
shopt -s nullglob
for pidfile in "$root"/*/data/postmaster.pid; do
    data=$(dirname "$pidfile")
    echo "stop-test-clusters: stopping the leftover server in $data"
    if [ "$(id -u)" -eq 0 ]; then
        (cd / && runuser -u postgres -- "$bindir/pg_ctl" stop -D "$data" -m immediate -w) || true
    else
        "$bindir/pg_ctl" stop -D "$data" -m immediate -w || true
    fi
done
# The pgbouncers of pooled test runs, by the pid in their own pidfile.
for pidfile in "$root"/*/pgbouncer/pgbouncer.pid; do
    pid=$(cat "$pidfile" 2>/dev/null)
    [ -n "$pid" ] && kill "$pid" 2>/dev/null && echo "stop-test-clusters: stopped a leftover pgbouncer ($pid)"
done
for dir in "$root"/*/; do
    rm -rf "$dir"
done
