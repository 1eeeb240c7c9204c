#!/usr/bin/env bash
# Builds the .deb: a Release tree without tests and without fault injection (build/package, the
# `package` preset's settings), then CPack. Prints the package's path as its last line.
#   installer/package.sh [BUILD_DIR]
# A test tree built before (tests/run-tests.sh) fills ccache with the same compile lines, so
# only the few files that test IDLEFORGE_FAULT_INJECTION are compiled again.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-build/package}
installer/install-deps.sh
installer/build.sh "$dir" -DIDLEFORGE_FAULT_INJECTION=OFF -DIDLEFORGE_BUILD_TESTS=OFF \
  -DCMAKE_INSTALL_PREFIX=/usr >&2
rm -f "$dir"/idleforge_*.deb
(cd "$dir" && cpack -G DEB >&2)
deb=$(ls "$dir"/idleforge_*.deb)
echo "package: $(du -h "$deb" | cut -f1) $deb" >&2
realpath "$deb"
