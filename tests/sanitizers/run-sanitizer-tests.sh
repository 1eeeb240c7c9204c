#!/usr/bin/env bash
# Builds a sanitizer tree with clang-14 and runs its tests (README.md, "Sanitizers"):
#   tests/sanitizers/run-sanitizer-tests.sh [address,undefined|thread] [extra ctest args...]
# address,undefined (the default, what .ci/run runs): build/asan, every test labelled `sanitize`.
# thread: build/tsan, only the node and devnet unit tests (tests/sanitizers/README.md: why).
# The tests run inside tests/with-test-env.sh (keychain, display). Exit status non-zero when the
# build fails, a test fails, or any sanitizer report was written, also by a process a test
# started (BUILD/sanitizer-logs/<test>.<pid>, printed here). IDLEFORGE_SANITIZE_JOBS: ctest -j.
# IDLEFORGE_SANITIZE_WORKER=PATH: a plain idleforge-worker of these sources (.ci/run: the test
# tree's), for the tests that start one; without it they are DISABLED (listed by ctest).
set -euo pipefail
cd "$(dirname "$0")/../.."
kind=${1:-address,undefined}
shift || true
case $kind in
  address,undefined) dir=build/asan; targets=(sanitizer-tests); select=(-L '^sanitize$') ;;
  thread) dir=build/tsan; targets=(sanitizer-tests-node sanitizer-tests-devnet); select=(-L '^(node|devnet)$') ;;
  *) echo "run-sanitizer-tests: unknown kind '$kind' (address,undefined or thread)" >&2; exit 2 ;;
esac
start=$(date +%s)
worker=${IDLEFORGE_SANITIZE_WORKER:-}
if [[ -n $worker ]]; then worker=$(realpath "$worker"); fi
CC=clang-14 CXX=clang++-14 cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DIDLEFORGE_SANITIZE="$kind" -DIDLEFORGE_BUILD_GUI=OFF -DIDLEFORGE_BUILD_TESTS=ON \
  -DIDLEFORGE_FAULT_INJECTION=ON -DIDLEFORGE_SANITIZE_WORKER="$worker" >/dev/null
if ! nice -n 10 cmake --build "$dir" --target "${targets[@]}" --parallel "$(nproc)" >"$dir/build.log" 2>&1; then
  tail -n 60 "$dir/build.log" >&2
  echo "run-sanitizer-tests: the $kind build failed ($dir/build.log)" >&2
  exit 1
fi
echo "run-sanitizer-tests: $kind build took $(( $(date +%s) - start )) s" >&2

logs=$dir/sanitizer-logs
rm -rf "$logs" && mkdir -p "$logs"
status=0
tests/with-test-env.sh ctest --test-dir "$dir" --output-on-failure -j"${IDLEFORGE_SANITIZE_JOBS:-$(nproc)}" \
  "${select[@]}" "$@" || status=$?
reports=("$logs"/*)
if [[ -e ${reports[0]} ]]; then
  for r in "${reports[@]}"; do echo "==== $r"; cat "$r"; done >&2
  echo "run-sanitizer-tests: ${#reports[@]} sanitizer report(s) in $logs" >&2
  status=1
fi
echo "run-sanitizer-tests: $kind finished in $(( $(date +%s) - start )) s with status $status" >&2
exit $status
