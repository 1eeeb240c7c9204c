#!/usr/bin/env bash
# Extracts every user-visible string of ui/, app/ and core/ into the .ts files (lupdate), keeping
# what is translated. Run it after adding or changing a string, then translate what it marks
# unfinished (Qt Linguist, or by hand). tests/check-translations.sh fails while any is left.
#   translations/update.sh [TS_DIR]   (default: translations/)
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-translations}
lupdate=$(command -v lupdate6 || command -v lupdate || echo /usr/lib/qt6/bin/lupdate)
[[ -x $lupdate ]] || lupdate=/usr/lib/qt6/bin/lupdate
for lang in en de es zh_CN; do
  only=(); [[ $lang == en ]] && only=(-pluralonly) # English: the source, but for its plural forms
  # D(...) in core/settings/SettingsTable.cpp marks the settings table's texts (QT_TR_NOOP in the
  # idleforge::settings context); --no-obsolete drops what the sources no longer say.
  "$lupdate" -silent -locations none -no-obsolete -tr-function-alias QT_TR_NOOP+=D \
    -extensions cpp,h,qml ui app core -source-language en -target-language "$lang" \
    "${only[@]}" -ts "$out/idleforge_$lang.ts" 2>&1 | grep -v "lacks Q_OBJECT macro" || true
done
