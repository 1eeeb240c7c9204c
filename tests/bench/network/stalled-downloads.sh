#!/usr/bin/env bash
# Blob server memory under stalled downloads (issue 13.5): starts idleforge-devnet, puts a
# BLOB_MIB MiB blob into its store (written straight into <data>/blobs/<hash>, so the script
# needs no uploader key), opens CONNECTIONS GETs from python3 sockets with a small receive
# buffer that never read, waits HOLD seconds and prints one JSON object: the server's VmRSS
# before and after (kB), how many downloads the server kept open (the others it refused or
# closed), and the blob size. Bounded = rss_growth_kb stays small per kept download.
#
#   tests/bench/network/stalled-downloads.sh [BUILD_DIR] [CONNECTIONS=100] [BLOB_MIB=64] [HOLD=8]
# BUILD_DIR may also be a bin directory (e.g. main's build/tests/bin); DEVNET_ARGS are appended
# to the devnet's command line (e.g. "--blob-max-per-address 200" to measure 100 kept open).
set -euo pipefail
BUILD=${1:-build/tests}; CONNECTIONS=${2:-100}; BLOB_MIB=${3:-64}; HOLD=${4:-8}
if [[ -x "$BUILD/idleforge-devnet" ]]; then BIN=$(cd "$BUILD" && pwd); else BIN=$(cd "$BUILD/bin" && pwd); fi
DIR=$(mktemp -d /tmp/stalled-downloads.XXXXXX)
export SOAK_PASSWORD="stalled downloads password"
pid=
cleanup() { [[ -n "$pid" ]] && kill "$pid" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$DIR"; }
trap cleanup EXIT

# shellcheck disable=SC2086
"$BIN/idleforge-devnet" --data-dir "$DIR/devnet" --key-store "file:$DIR/coordinator.key" --password-env SOAK_PASSWORD \
    --listen 127.0.0.1:0 --blob-port 0 --port-file "$DIR/ports" ${DEVNET_ARGS:-} >"$DIR/devnet.log" 2>&1 &
pid=$!
for _ in $(seq 100); do [[ -s "$DIR/ports" ]] && break; sleep 0.2; done
BLOB_PORT=$(cut -d' ' -f2 "$DIR/ports")

python3 - "$DIR/devnet/blobs" "$BLOB_MIB" "$BLOB_PORT" "$CONNECTIONS" "$HOLD" "$pid" <<'PY'
import hashlib, json, os, socket, sys, time
blobs, mib, port, n, hold, pid = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5]), sys.argv[6]
data = os.urandom(1 << 20) * mib
name = hashlib.blake2b(data, digest_size=32).hexdigest()
with open(os.path.join(blobs, name), "wb") as f:
    f.write(data)
del data

def rss_kb():
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])

time.sleep(1)
before = rss_kb()
socks = []
for _ in range(n):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)  # before connect: the window stays small
    s.connect(("127.0.0.1", port))
    s.sendall(f"GET /blobs/{name} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
    socks.append(s)
time.sleep(hold)
after = rss_kb()
# Kept open = server-side sockets still ESTABLISHED (/proc/net/tcp, local port = the blob
# port); a refused or cut download is in FIN_WAIT or gone.
kept = 0
with open("/proc/net/tcp") as f:
    for line in f.readlines()[1:]:
        cols = line.split()
        if int(cols[1].split(":")[1], 16) == port and cols[3] == "01":
            kept += 1
print(json.dumps({"connections": n, "blob_mib": mib, "hold_s": hold, "rss_before_kb": before,
                  "rss_after_kb": after, "rss_growth_kb": after - before, "open_after_hold": kept}))
for s in socks:
    s.close()
PY
