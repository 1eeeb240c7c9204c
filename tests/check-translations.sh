#!/usr/bin/env bash
# The four languages are complete: lupdate over the sources (translations/update.sh into a
# temporary copy of the .ts files) must leave no entry unfinished and drop none. A new or changed
# user-visible string without its German, Spanish and Chinese text fails here.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp "$root"/translations/idleforge_*.ts "$tmp"/
"$root"/translations/update.sh "$tmp"
status=0
for ts in "$tmp"/idleforge_*.ts; do
  name=$(basename "$ts")
  messages=$(grep -c '<message' "$ts" || true)
  unfinished=$(grep -c 'type="unfinished"' "$ts" || true)
  if [[ $messages -eq 0 ]]; then echo "$name: no messages (lupdate found no strings?)"; status=1; fi
  if [[ $unfinished -ne 0 ]]; then
    echo "$name: $unfinished of $messages entries untranslated:"
    grep -B3 'type="unfinished"' "$ts" | grep '<source>' | sed 's/^ */  /' | head -20
    status=1
  fi
  if ! cmp -s "$ts" "$root/translations/$name"; then
    echo "$name: out of date with the sources (run translations/update.sh and translate):"
    diff "$root/translations/$name" "$ts" | head -20
    status=1
  fi
  echo "$name: $messages entries"
done
exit $status
