#!/usr/bin/env bash
# What the compiler cannot see: model/ and migrations/ stay free of GUI types, ui/ runs no SQL,
# and the core shows no dialogs. Prints every offence and fails if there is one.
set -uo pipefail
cd "$1"
fail=0
report() { echo "layering: $1"; echo "$2" | sed 's/^/    /'; fail=1; }

hits=$(grep -rnE '#include <(QtGui/|QtWidgets/)?Q(Widget|Application|MessageBox|Dialog|Color|Font|Icon|Pixmap|Image|Painter|Action)>' model migrations 2>/dev/null)
[ -n "$hits" ] && report "model/ and migrations/ must not use QtGui or QtWidgets types" "$hits"
hits=$(grep -nE 'Qt6::(Gui|Widgets)' model/CMakeLists.txt migrations/CMakeLists.txt 2>/dev/null)
[ -n "$hits" ] && report "model/ and migrations/ must not link QtGui or QtWidgets" "$hits"
hits=$(grep -rnE '\bQSql(Query|Database)\b|#include <QSql(Query|Database)>' ui 2>/dev/null)
[ -n "$hits" ] && report "ui/ must not run SQL: database work belongs in model/" "$hits"
hits=$(grep -rnE '\bQSqlQuery\b' app 2>/dev/null)
[ -n "$hits" ] && report "app/ only wires: SQL belongs in model/" "$hits"
exit $fail
