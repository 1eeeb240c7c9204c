#!/usr/bin/env bash
# The user's part of test-package.sh / test-upgrade.sh: runs as `gamer` inside dbus-run-session.
#   package-test-user.sh VERSION [--until-receipts N]
set -euo pipefail
source "$(dirname "$0")/package-test-lib.sh"
version=$1
want_receipts=1
[[ ${2:-} == --until-receipts ]] && want_receipts=$3

# The desktop keychain, as a session gives it: GNOME Keyring's Secret Service, unlocked.
eval "$(printf 'gamer-keyring-password' | gnome-keyring-daemon --unlock --components=secrets | sed 's/^/export /')"
dbus-send --session --print-reply --dest=org.freedesktop.secrets /org/freedesktop/secrets \
  org.freedesktop.DBus.Peer.Ping >/dev/null || die "no Secret Service in the user's session"

out=$(idleforge --version)
[[ $out == *"$version"* ]] || die "idleforge --version says '$out', not $version"
ok "idleforge --version: $out"

bench=$(timeout 300 idleforgectl bench --quick --json 2>/tmp/bench.log) || die "idleforgectl bench --quick --json"
grep -q '"devices"' <<<"$bench" && grep -q '"results"' <<<"$bench" || die "bench output has no devices/results: ${bench:0:300}"
ok "idleforgectl bench --quick --json: $(grep -o '"value": *[0-9.e+-]*' <<<"$bench" | wc -l) figures, e.g. $(grep -o '"kind": *"[a-z_]*"' <<<"$bench" | head -n1)"

# A fresh-machine root shares the host's processes (its /proc), whose CPU use would pause the
# node (max_other_cpu_pct); a user's own PC has no such neighbours.
idleforgectl config set max_other_cpu_pct 100 >/dev/null 2>&1

idleforge --headless --devnet >/tmp/headless.log 2>&1 &
node=$!
rewards=0
for _ in $(seq 900); do
  kill -0 "$node" 2>/dev/null || { tail -30 /tmp/headless.log >&2; die "idleforge --headless --devnet exited"; }
  status=$(idleforgectl status --json 2>/dev/null || true)
  rewards=$(grep -o '"kind": *"reward"' <<<"$status" | wc -l || true)  # grep finds none: pipefail
  [[ $rewards -ge $want_receipts ]] && break
  sleep 1
done
[[ $rewards -ge $want_receipts ]] || { tail -30 /tmp/headless.log >&2; die "no reward receipt within 900 s"; }
ok "idleforge --headless --devnet: $rewards reward receipt(s) stored, $(grep -o '"receipts_stored": *[0-9]*' <<<"$status")"
kill -TERM "$node"; wait "$node" || true

# The GUI, started as the menu starts it: the .desktop file's Exec line.
exec_line=$(sed -n 's/^Exec=//p' /usr/share/applications/io.idleforge.IdleForge.desktop)
# A display Xvfb picks itself: a fixed number can be taken, by a lock file or by an abstract
# socket of a server outside this root (CI failed once on a fixed :42 that never answered).
rm -f /tmp/xvfb.display
exec 3>/tmp/xvfb.display
Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp >/tmp/xvfb.log 2>&1 &
xvfb=$!
exec 3>&-
for _ in $(seq 300); do [[ -s /tmp/xvfb.display ]] && break; sleep 0.1; done
[[ -s /tmp/xvfb.display ]] || { cat /tmp/xvfb.log >&2; die "Xvfb did not start within 30 s"; }
export DISPLAY=:$(head -n1 /tmp/xvfb.display)
for _ in $(seq 150); do xwininfo -root >/dev/null 2>&1 && break; sleep 0.2; done
xwininfo -root >/dev/null 2>&1 || { cat /tmp/xvfb.log >&2; die "Xvfb on $DISPLAY does not answer"; }
$exec_line >/tmp/gui.log 2>&1 &
gui=$!
shown=0
for _ in $(seq 120); do
  kill -0 "$gui" 2>/dev/null || break
  if xwininfo -root -tree 2>/dev/null | grep -q '"IdleForge"'; then shown=1; break; fi
  sleep 0.5
done
[[ $shown == 1 ]] || { tail -30 /tmp/gui.log /tmp/xvfb.log >&2; die "the window of '$exec_line' did not appear"; }
ok "'$exec_line' from the .desktop file shows its window ($(xwininfo -root -tree | grep '"IdleForge"' | grep -o '[0-9]*x[0-9]*+' | head -n1 | tr -d +))"
grep -i 'qml.*\(error\|warning\)\|is not installed\|module .* not' /tmp/gui.log && die "the GUI logged QML errors"
kill -TERM "$gui"; wait "$gui" || true
kill "$xvfb"
