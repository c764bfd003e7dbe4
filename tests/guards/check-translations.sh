#!/usr/bin/env bash
# Every string in tr() has a Russian translation: runs lupdate over the sources into a scratch
# copy of the catalogue and fails on any unfinished or missing entry.
set -uo pipefail
lupdate="$1"; src="$2"; scratch="$3"
mkdir -p "$scratch"
cp "$src/resources/translations/dbexplorer_ru.ts" "$scratch/check_ru.ts"
"$lupdate" -silent -no-obsolete -locations none -extensions cpp,h -I "$src" \
    "$src/model" "$src/migrations" "$src/ui" "$src/app" -ts "$scratch/check_ru.ts" || exit 1
python3 - "$scratch/check_ru.ts" <<'PY'
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
missing = []
for ctx in root.iter('context'):
    name = ctx.findtext('name')
    for msg in ctx.iter('message'):
        tr = msg.find('translation')
        if tr is None or tr.get('type') in ('unfinished',):
            missing.append(f"{name}: {msg.findtext('source')!r}")
        elif msg.get('numerus') == 'yes':
            forms = [f.text for f in tr.iter('numerusform')]
            if len(forms) < 3 or not all(forms):
                missing.append(f"{name}: {msg.findtext('source')!r} (needs three Russian plural forms)")
for m in missing:
    print("untranslated:", m)
print(f"translations: {len(missing)} missing")
sys.exit(1 if missing else 0)
PY
