#!/usr/bin/env bash
# Re-extract the Chinese source strings and merge them into the English catalog;
# then translate the new empty msgstr entries in cityhub/locale/en/LC_MESSAGES/messages.po.
set -euo pipefail
cd "$(dirname "$0")/.."
.venv/bin/pybabel extract -F babel.cfg -k N_ --no-location --sort-output --omit-header \
  -o cityhub/locale/messages.pot . 2>/dev/null
.venv/bin/pybabel update -i cityhub/locale/messages.pot -d cityhub/locale \
  --ignore-obsolete --no-fuzzy-matching 2>/dev/null
.venv/bin/python - <<'PY'
from babel.messages.pofile import read_po
with open("cityhub/locale/en/LC_MESSAGES/messages.po", "rb") as po:
    catalog = read_po(po)
missing = [m.id for m in catalog if m.id and not m.string]
print(f"{len(missing)} messages to translate" + "".join(f"\n  {m}" for m in missing))
PY
