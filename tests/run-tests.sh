#!/usr/bin/env bash
# The whole test suite from a clean checkout: installs dependencies (Debian 12, as root),
# builds everything, and runs every test inside the environment they need (see
# with-test-env.sh). Exit status: ctest's.
#   tests/run-tests.sh [extra ctest args, e.g. -R Wallet]
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBIAN_FRONTEND=noninteractive

installer/install-deps.sh
installer/build.sh build/tests -DIDLEFORGE_FAULT_INJECTION=ON -DIDLEFORGE_BUILD_TESTS=ON
jobs=$(nproc)
exec tests/with-test-env.sh ctest --test-dir build/tests --output-on-failure --timeout 600 -j"$jobs" "$@"
