#!/usr/bin/env bash
# One PNG per page of the dashboard and per step of the first-run guide, in English and German,
# under Xvfb with an in-process devnet and real data (a task trained, audited and paid, a
# dispute decided and slashed, a benchmark measured, a wallet imported):
#   tests/gui/screenshots.sh OUTDIR [BUILD_DIR]     (BUILD_DIR: build/tests)
# writes OUTDIR/en/*.png and OUTDIR/de/*.png (each at 1024x700 and, as *-large.png, 1920x1080).
# The pages come from TestScreenshots (the full dashboard), the guide's steps and the page
# states a page test drives (wallet import, hardware while measuring) from those tests.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
out=${1:?usage: tests/gui/screenshots.sh OUTDIR [BUILD_DIR]}
build=$(cd "${2:-$root/build/tests}" && pwd)
mkdir -p "$out"
out=$(cd "$out" && pwd)
status=0
for lang in en de; do
  mkdir -p "$out/$lang"
  echo "screenshots: $lang"
  (cd "$build" && IDLEFORGE_SCREENSHOT_LANG=$lang \
     IDLEFORGE_SCREENSHOTS="$out/$lang" IDLEFORGE_SCREENSHOT_DIR="$out/$lang" \
     "$root/tests/with-test-env.sh" ctest --timeout 600 -R '^(TestScreenshots|TestOnboarding|TestWalletPage|TestHardwarePage|TestLogsPage)$' \
     --output-on-failure) || status=1
done
count=$(find "$out" -name '*.png' | wc -l)
echo "screenshots: $count PNGs in $out"
[[ $count -gt 0 ]] || status=1
exit $status
