#!/usr/bin/env bash
# Runs every fuzz_* target of a fuzz build tree for a bounded time (tests/fuzz/README.md).
#
#   tests/fuzz/run-fuzzers.sh [SECONDS] [BUILD_DIR]     # defaults: 60, build/fuzz
#
# Builds nothing: configure and build the tree first (README.md, "Fuzzing"). Each target first
# replays its saved crashes (tests/data/fuzz/crashes/<name>/, every one fixed, so they must
# pass), then fuzzes a copy of its seed corpus (tests/data/fuzz/<name>/) for SECONDS with
# -rss_limit_mb=2048 -timeout=10. Per target it prints the executions (libFuzzer's final
# stat::number_of_executed_units) and the result. Exits 1 when any target crashed, leaked, ran
# out of memory or time on one input; the input is left in <BUILD_DIR>/fuzz-runs/<name>/.
# FUZZ_TARGETS="envelope receipt" limits the run to those targets.
set -uo pipefail

seconds=${1:-60}
build=${2:-build/fuzz}
root=$(cd "$(dirname "$0")/../.." && pwd)
case $build in /*) ;; *) build=$PWD/$build ;; esac
bin=$build/fuzz
runs=$build/fuzz-runs

if ! compgen -G "$bin/fuzz_*" >/dev/null; then
    echo "run-fuzzers: no fuzz_* executables in $bin; build them first:" >&2
    echo "  CC=clang-14 CXX=clang++-14 cmake -S . -B build/fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \\" >&2
    echo "      -DIDLEFORGE_FUZZ=ON -DIDLEFORGE_BUILD_GUI=OFF -DIDLEFORGE_BUILD_TESTS=OFF && ninja -C build/fuzz fuzzers" >&2
    exit 2
fi

export ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1}
export QT_LOGGING_RULES=${QT_LOGGING_RULES:-"*.debug=false;*.warning=false"}

failed=0
printf '%-16s %12s %10s  %s\n' target executions exec/s result
for exe in "$bin"/fuzz_*; do
    [ -x "$exe" ] || continue
    name=${exe##*/fuzz_}
    if [ -n "${FUZZ_TARGETS:-}" ] && ! [[ " $FUZZ_TARGETS " == *" $name "* ]]; then
        continue
    fi
    work=$runs/$name
    rm -rf "$work"
    mkdir -p "$work/corpus" "$work/artifacts"
    seeds=$root/tests/data/fuzz/$name
    [ -d "$seeds" ] && cp -r "$seeds"/. "$work/corpus/"
    result=ok

    crashes=$root/tests/data/fuzz/crashes/$name
    if compgen -G "$crashes/*" >/dev/null; then
        if ! "$exe" -rss_limit_mb=2048 -timeout=10 -artifact_prefix="$work/artifacts/" "$crashes"/* \
            >"$work/replay.log" 2>&1; then
            result="REGRESSION (saved crash fails again; $work/replay.log)"
        fi
    fi

    "$exe" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 \
        -artifact_prefix="$work/artifacts/" "$work/corpus" >"$work/fuzz.log" 2>&1
    rc=$?
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/fuzz.log" | tail -n 1)
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$work/fuzz.log" | tail -n 1)
    found=$(find "$work/artifacts" -type f | head -n 1)
    if [ $rc -ne 0 ] || [ -n "$found" ]; then
        result="CRASH rc=$rc ${found:-(no input saved)}; log $work/fuzz.log"
    fi
    [ "$result" = ok ] || failed=1
    printf '%-16s %12s %10s  %s\n' "$name" "${execs:-?}" "${rate:-?}" "$result"
done
exit $failed
