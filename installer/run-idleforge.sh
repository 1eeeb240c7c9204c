#!/usr/bin/env bash
# Installs dependencies (Debian 12, as root), builds IdleForge and runs it: the tray app and
# dashboard when a display is available, otherwise the headless node (Ctrl-C stops it).
#   installer/run-idleforge.sh [idleforge options, e.g. --data-dir DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
installer/install-deps.sh
installer/build.sh build/release -DIDLEFORGE_BUILD_TESTS=OFF -DIDLEFORGE_FAULT_INJECTION=OFF
if [[ -n ${DISPLAY:-}${WAYLAND_DISPLAY:-} ]]; then
  exec build/release/bin/idleforge "$@"
else
  echo "run-idleforge: no display; starting the headless node (Ctrl-C to stop)" >&2
  exec build/release/bin/idleforge --headless "$@"
fi
