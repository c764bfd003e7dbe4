#!/usr/bin/env bash
# Installs what is missing, builds, and opens DB Explorer on the built-in demo database (a
# private PostgreSQL cluster the app starts itself). Without a display it runs under Xvfb and
# saves a screenshot instead. Extra arguments go to dbexplorer.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
cmake --preset default >/dev/null
cmake --build --preset default --target dbexplorer

if [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; then
    exec build/app/dbexplorer --demo "$@"
fi
shot="$PWD/build/demo-screenshot.png"
echo "run-demo: no display found; running under Xvfb and saving a screenshot to $shot"
xvfb-run -a -s "-screen 0 1280x800x24" build/app/dbexplorer --demo --screenshot "$shot" "$@"
echo "run-demo: done. On a desktop session the same command opens the window;"
echo "          or view it through a virtual display: xvfb-run -a build/app/dbexplorer --demo"
