#!/usr/bin/env bash
# Installs what DB Explorer needs to build, test and run on Debian 12, and nothing more.
# Quick when everything is already there. Needs root (or sudo).
set -euo pipefail

PACKAGES=(
    cmake g++ make clang-format           # toolchain
    qt6-base-dev libqt6opengl6-dev         # Qt Core/Gui/Widgets/Sql/Test (OpenGL: see platform notes)
    qt6-tools-dev qt6-l10n-tools           # CMake LinguistTools, lupdate/lrelease
    qt6-translations-l10n                  # Qt's own dialogs in Russian
    qt6-svg-dev                            # SVG icons
    qt6-charts-dev                         # QtCharts: the query builder's result chart
    libqt6sql6-psql                        # the QPSQL driver (CMake does not notice when missing)
    libpq-dev                              # libpq: cancel, transaction status
    libpg-query-dev                        # PostgreSQL's own parser: splitting scripts
    libgraphviz-dev                        # Graphviz dot: ER diagram layout
    postgresql-15                          # server programs for the embedded and test clusters
    pgbouncer                              # the tests' transaction pooler (pooled test variants)
    xvfb xauth fonts-dejavu-core           # a virtual display and a font for headless runs
    qtkeychain-qt6-dev                     # QtKeychain: saved passwords in the OS keychain
    gnome-keyring dbus-daemon              # the keychain tests' private Secret Service
    libsecret-tools                        # secret-tool: the keychain tests look inside
    libqscintilla2-qt6-dev                 # QScintilla: the SQL console's editor
    alembic python3-alembic                # Alembic projects run from the Migrations panel
    python3-sqlalchemy python3-psycopg2    # what Alembic's env.py needs to reach PostgreSQL
)

missing=()
for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "install-deps: run as root or install sudo" >&2; exit 1; }
    SUDO="sudo"
fi
echo "install-deps: installing ${missing[*]}"
if [ "${CI:-}" = "true" ]; then
    # CI never uses the system-wide cluster; skip creating it to save time.
    $SUDO mkdir -p /etc/postgresql-common/createcluster.d
    echo "create_main_cluster = false" | $SUDO tee /etc/postgresql-common/createcluster.d/dbx-ci.conf >/dev/null
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
