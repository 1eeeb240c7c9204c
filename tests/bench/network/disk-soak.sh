#!/usr/bin/env bash
# Coordinator disk over time (issue 13.1): idleforge-devnet --demo (tasks kept in the pool) with
# PROVIDERS headless idleforge providers on loopback for SECONDS; every INTERVAL seconds one JSON
# line: elapsed s, blobs dir (files, bytes), devnet.sqlite (+ -wal) bytes, the providers' data
# dirs (job folders, outbox, ledger, datasets), and task counts from the coordinator's own table. Flat blob and sqlite figures while tasks keep settling = bounded.
#
#   tests/bench/network/disk-soak.sh [BUILD_DIR] [SECONDS=300] [PROVIDERS=3] [INTERVAL=15]
# Short housekeeping times (grace 20 s, every 10 s) so a few minutes show collection at work.
set -euo pipefail
BUILD=${1:-build/tests}; SECONDS_TOTAL=${2:-300}; PROVIDERS=${3:-3}; INTERVAL=${4:-15}
BIN=$(cd "$BUILD/bin" && pwd)
DIR=$(mktemp -d /tmp/disk-soak.XXXXXX)
export SOAK_PASSWORD="disk soak password"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

"$BIN/idleforge-devnet" --data-dir "$DIR/devnet" --key-store "file:$DIR/coordinator.key" --password-env SOAK_PASSWORD \
    --listen 127.0.0.1:0 --blob-port 0 --port-file "$DIR/ports" --lease-ms 6000 --heartbeat-ms 1000 --sweep-ms 200 \
    --blob-grace-ms 20000 --housekeeping-ms 10000 --demo >"$DIR/devnet.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do [[ -s "$DIR/ports" ]] && break; sleep 0.2; done
PORT=$(cut -d' ' -f1 "$DIR/ports")
KEY=$(cat "$DIR/devnet/coordinator.pub")
for i in $(seq "$PROVIDERS"); do
    "$BIN/idleforge" --headless --no-benchmark --data-dir "$DIR/node$i" --coordinator "ws://127.0.0.1:$PORT" \
        --coordinator-key "$KEY" --identity-store "file:$DIR/node$i-identity.key" --password-env SOAK_PASSWORD \
        --threads 1 >"$DIR/node$i.log" 2>&1 &
    pids+=($!)
done
start=$(date +%s)
while :; do
    now=$(date +%s); t=$((now - start))
    files=$(find "$DIR/devnet/blobs" -type f | wc -l)
    blob_bytes=$(du -sb "$DIR/devnet/blobs" | cut -f1)
    db_bytes=$(cat "$DIR/devnet/devnet.sqlite" "$DIR/devnet/devnet.sqlite-wal" 2>/dev/null | wc -c)
    tasks=$(sqlite3 -readonly "$DIR/devnet/devnet.sqlite" \
        "SELECT json_group_object(state, n) FROM (SELECT state, COUNT(*) n FROM tasks GROUP BY state)" 2>/dev/null || echo '{}')
    # The providers' job folders (checkpoints kept until a task's game settles) and datasets.
    jobs_bytes=0
    for i in $(seq "$PROVIDERS"); do
        b=$(du -sb "$DIR/node$i" 2>/dev/null | cut -f1); jobs_bytes=$((jobs_bytes + ${b:-0}))
    done
    relay=$(sqlite3 -readonly "$DIR/devnet/devnet.sqlite" "SELECT COUNT(*) FROM relay_log" 2>/dev/null || echo -1)
    echo "{\"t_s\":$t,\"blob_files\":$files,\"blob_bytes\":$blob_bytes,\"sqlite_bytes\":$db_bytes,\"relay_rows\":$relay,\"provider_bytes\":$jobs_bytes,\"tasks\":${tasks:-{\}}}"
    (( t >= SECONDS_TOTAL )) && break
    sleep "$INTERVAL"
done
# Where the database's bytes are, table by table (pages in use; dbstat is in Debian's sqlite3).
sqlite3 -readonly "$DIR/devnet/devnet.sqlite" \
    "SELECT json_object('table_bytes', json_group_object(name, bytes)) FROM (SELECT name, SUM(pgsize) bytes FROM dbstat GROUP BY name ORDER BY bytes DESC)" \
    2>/dev/null || true
grep -c "housekeeping: deleted" "$DIR/devnet.log" | sed 's/^/{"housekeeping_runs_that_deleted":/; s/$/}/'
