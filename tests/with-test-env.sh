#!/usr/bin/env bash
# Runs a command inside the environment IdleForge's tests need, and fails if any part of it
# cannot be set up (tests must fail, not skip, without their environment):
#   - a private D-Bus session bus (dbus-run-session) with gnome-keyring's Secret Service,
#     unlocked with a throw-away password, in a throw-away HOME;
#   - an X server (Xvfb) with a system tray host (trayer) for the GUI tests.
#   tests/with-test-env.sh COMMAND [ARGS...]
set -euo pipefail

if [[ -z ${IDLEFORGE_TEST_ENV_BUS:-} ]]; then
  export IDLEFORGE_TEST_ENV_BUS=1
  exec dbus-run-session -- "$0" "$@"
fi

die() { echo "with-test-env: $*" >&2; exit 1; }
pids=()
tmp=$(mktemp -d /tmp/idleforge-test-env.XXXXXX)
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT

export HOME=$tmp/home XDG_RUNTIME_DIR=$tmp/run XDG_DATA_HOME=$tmp/home/.local/share
mkdir -p "$HOME" "$XDG_RUNTIME_DIR" "$XDG_DATA_HOME"
chmod 700 "$XDG_RUNTIME_DIR"

# Secret Service: gnome-keyring creates and unlocks the login keyring with the password on stdin.
keyring_env=$(printf 'idleforge-test-password' | gnome-keyring-daemon --unlock --components=secrets) \
  || die "gnome-keyring-daemon failed to start"
while IFS= read -r line; do
  if [[ $line == *=* ]]; then export "${line?}"; fi
done <<<"$keyring_env"
# Our daemon is the one on our private bus: `pgrep -n` alone could name another session's
# (a parallel run) and the cleanup would then stop that one's keyring.
for pid in $(pgrep -u "$(id -u)" gnome-keyring-d || true); do
  if tr '\0' '\n' <"/proc/$pid/environ" 2>/dev/null | grep -qxF "DBUS_SESSION_BUS_ADDRESS=$DBUS_SESSION_BUS_ADDRESS"; then
    pids+=("$pid")
  fi
done
dbus-send --session --print-reply --dest=org.freedesktop.secrets /org/freedesktop/secrets \
  org.freedesktop.DBus.Peer.Ping >/dev/null 2>&1 || die "no Secret Service on the session bus"

# X server on a free display, chosen by Xvfb itself.
exec 3>"$tmp/display"
Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp >"$tmp/xvfb.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do [[ -s $tmp/display ]] && break; sleep 0.1; done
[[ -s $tmp/display ]] || { cat "$tmp/xvfb.log" >&2; die "Xvfb did not start"; }
export DISPLAY=:$(head -n1 "$tmp/display")

# Tray host: the icon needs a _NET_SYSTEM_TRAY owner to embed into.
trayer --edge top --align right --widthtype pixel --width 200 --height 24 --SetDockType true >"$tmp/trayer.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do
  xprop -root _NET_SUPPORTING_WM_CHECK >/dev/null 2>&1 || true
  if xwininfo -root -tree 2>/dev/null | grep -qi 'panel\|trayer'; then break; fi
  sleep 0.1
done
xwininfo -root -tree 2>/dev/null | grep -qi 'panel\|trayer' || { cat "$tmp/trayer.log" >&2; die "trayer did not start"; }

echo "with-test-env: DISPLAY=$DISPLAY, Secret Service up, tray host up" >&2
set +e
"$@"
status=$?
set -e
exit $status
