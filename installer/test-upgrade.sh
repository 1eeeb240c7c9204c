#!/usr/bin/env bash
# Upgrade test on a fresh Debian 12 root: install version N, create a wallet, set a setting and
# earn receipts on the devnet; install N+1 over it; the wallet (keychain), the ledger (every
# receipt) and the settings are kept, the ledger's migrations ran, and the node earns again.
#   installer/test-upgrade.sh OLD.deb NEW.deb     (as root; uses ../shared/tools/fresh-machine)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/package-test-lib.sh"

if [[ ${1:-} != --inside ]]; then
  old=$(realpath "${1:?usage: test-upgrade.sh OLD.deb NEW.deb}"); new=$(realpath "${2:?usage: test-upgrade.sh OLD.deb NEW.deb}")
  [[ $(basename "$old") != "$(basename "$new")" ]] || die "OLD and NEW have the same file name"
  fresh=${FRESH_MACHINE:-$here/../../shared/tools/fresh-machine}
  exec "$fresh" --copy "$old" --copy "$new" -- installer/test-upgrade.sh --inside "/in/$(basename "$old")" "/in/$(basename "$new")"
fi

old=$2 new=$3
v_old=$(dpkg-deb -f "$old" Version) v_new=$(dpkg-deb -f "$new" Version)
dpkg --compare-versions "$v_new" gt "$v_old" || die "$v_new is not newer than $v_old"
install_package "$old"
install_test_tools
apt-get install -y -qq --no-install-recommends sqlite3 >/dev/null
make_user gamer
data=/home/gamer/.local/share/IdleForge
conf=/home/gamer/.config/IdleForge/idleforge.conf

# Version N: a wallet in the keychain, a setting, receipts. The keyring lives in the user's HOME
# (~/.local/share/keyrings), so it outlives the session, as on a desktop.
as_user gamer bash -c "
  source '$here/package-test-lib.sh'
  eval \"\$(printf 'gamer-keyring-password' | gnome-keyring-daemon --unlock --components=secrets | sed 's/^/export /')\"
  idleforgectl wallet create --json >/tmp/wallet-create.json || die 'wallet create'
  idleforgectl wallet address >/tmp/address.old
  idleforgectl config set idle_minutes 7 >/dev/null
  '$here/package-test-user.sh' '${v_old%-*}' --until-receipts 1"
receipts_old=$(sqlite3 "$data/ledger.sqlite" 'SELECT count(*) FROM receipts')
sqlite3 "$data/ledger.sqlite" 'SELECT id FROM receipts' | LC_ALL=C sort >/tmp/ids.old
schema_old=$(sqlite3 "$data/ledger.sqlite" 'PRAGMA user_version')
[[ $receipts_old -ge 2 ]] || die "version N stored only $receipts_old receipts"
ok "version $v_old: wallet $(cat /tmp/address.old), $receipts_old receipts, ledger schema $schema_old"

# Version N+1 over it.
install_package "$new"
[[ $(dpkg-query -W -f='${Version}' idleforge) == "$v_new" ]] || die "dpkg does not list $v_new"
as_user gamer bash -c "
  source '$here/package-test-lib.sh'
  eval \"\$(printf 'gamer-keyring-password' | gnome-keyring-daemon --unlock --components=secrets | sed 's/^/export /')\"
  idleforgectl wallet address >/tmp/address.new || die 'wallet address after the upgrade'
  [[ \$(idleforgectl config get idle_minutes) == 7 ]] || die 'the setting idle_minutes=7 was lost'
  '$here/package-test-user.sh' '${v_new%-*}' --until-receipts 1"
cmp -s /tmp/address.old /tmp/address.new || die "the wallet address changed: $(cat /tmp/address.old) -> $(cat /tmp/address.new)"
receipts_new=$(sqlite3 "$data/ledger.sqlite" 'SELECT count(*) FROM receipts')
schema_new=$(sqlite3 "$data/ledger.sqlite" 'PRAGMA user_version')
sqlite3 "$data/ledger.sqlite" 'SELECT id FROM receipts' | LC_ALL=C sort >/tmp/ids.new
[[ $receipts_new -gt $receipts_old ]] || die "no new receipt after the upgrade ($receipts_old -> $receipts_new)"
sqlite3 "$data/ledger.sqlite" 'PRAGMA integrity_check' | grep -qx ok || die "ledger integrity_check"
[[ $schema_new -ge $schema_old ]] || die "ledger schema went back: $schema_old -> $schema_new"
missing=$(LC_ALL=C comm -23 /tmp/ids.old /tmp/ids.new | wc -l)
[[ $missing == 0 ]] || die "$missing receipts of version N are gone after the upgrade"
ok "version $v_new over $v_old: same wallet, idle_minutes kept, receipts $receipts_old -> $receipts_new, ledger schema $schema_old -> $schema_new"
echo "test-upgrade: PASS: $v_old -> $v_new"
