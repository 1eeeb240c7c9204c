#!/usr/bin/env bash
# Proves a built .deb on a fresh Debian 12 root, as a user would meet it:
#   installer/test-package.sh DEB         (as root; uses ../shared/tools/fresh-machine)
# Inside the fresh root: `apt-get install ./the.deb` pulls every dependency; then, as an ordinary
# user `gamer` in a D-Bus session with an unlocked GNOME Keyring (the package's Recommends):
# `idleforge --version`; `idleforgectl bench --quick --json`; `idleforge --headless --devnet`
# until a task's reward receipt is stored; the GUI started from the .desktop file's Exec line
# under Xvfb shows its window. Then `apt-get purge idleforge` must leave no file of `dpkg -L`
# behind, while the user's data (~/.local/share/IdleForge, ~/.config/IdleForge) stays.
# Prints one "test-package: ok: ..." line per step and a summary; exit status 0 only if all pass.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/package-test-lib.sh"

if [[ ${1:-} != --inside ]]; then
  deb=$(realpath "${1:?usage: test-package.sh DEB}")
  fresh=${FRESH_MACHINE:-$here/../../shared/tools/fresh-machine}
  [[ -x $fresh ]] || die "no fresh-machine at $fresh (set FRESH_MACHINE)"
  exec "$fresh" --copy "$deb" -- installer/test-package.sh --inside "/in/$(basename "$deb")"
fi

deb=$2
version=$(dpkg-deb -f "$deb" Version); version=${version%-*}
install_package "$deb"          # apt-get install ./the.deb, with its Recommends
install_test_tools              # Xvfb and friends: after the package, so they hide no Depends
make_user gamer

as_user gamer "$here/package-test-user.sh" "$version"

# --- purge: no file of the package left, the user's data kept ------------------------------
dpkg -L idleforge | sort >/tmp/idleforge.files
apt-get purge -y -qq idleforge >/dev/null
left=0; checked=0
while IFS= read -r f; do
  [[ -d $f && ! -L $f ]] && continue   # shared folders (/usr/bin, ...) stay
  checked=$((checked + 1))
  if [[ -e $f || -L $f ]]; then echo "test-package: left behind: $f" >&2; left=$((left + 1)); fi
done </tmp/idleforge.files
[[ $left == 0 ]] || die "purge left $left of $checked files"
[[ -d /usr/libexec/idleforge || -d /usr/share/doc/idleforge ]] && die "purge left the package's own folders"
ok "apt-get purge removed all $checked files of the package and its folders"
for f in /home/gamer/.local/share/IdleForge/ledger.sqlite /home/gamer/.config/IdleForge/idleforge.conf; do
  [[ -s $f ]] || die "the user's $f is gone after purge (README says it stays)"
done
ok "the user's data stays after purge: ~/.local/share/IdleForge ($(du -sh /home/gamer/.local/share/IdleForge | cut -f1)), ~/.config/IdleForge"
echo "test-package: PASS: idleforge $version on a fresh Debian 12 root"
