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
hits=$(grep -rnE '#include "' model migrations ui app 2>/dev/null |
       grep -vE '#include "(model|migrations|ui|app)/|#include "[a-z_]+\.moc"')
[ -n "$hits" ] && report "includes name their layer (model/edit/..., ui/edit/...)" "$hits"
hits=$(grep -nE 'target_link_libraries\(dbx_cli' app/CMakeLists.txt | grep -E 'dbx_ui|Widgets|Gui')
[ -n "$hits" ] && report "the command-line library dbx_cli must not link Widgets" "$hits"
# Feature folders of ui/ may depend on each other only one way: tsort finds a circle.
edges=$(grep -rhoE '^#include "ui/[a-z]+/' ui --include='*.h' --include='*.cpp' -H 2>/dev/null |
        sed -E 's|^ui/([a-z]+)/[^:]*:#include "ui/([a-z]+)/|\1 \2|' | awk '$1 != $2' | sort -u)
loops=$(echo "$edges" | tsort 2>&1 >/dev/null | grep -v '^tsort: -: input contains a loop:$')
[ -n "$loops" ] && report "ui/ feature folders include each other in a circle" "$loops"
exit $fail
