# Shared by test-package.sh and test-upgrade.sh (sourced; runs inside a fresh-machine root).
die() { echo "test-package: FAIL: $*" >&2; exit 1; }
ok() { echo "test-package: ok: $*"; }
export DEBIAN_FRONTEND=noninteractive

install_package() {
  local deb=$1 before after t0
  [[ -n ${APT_UPDATED:-} ]] || { apt-get update -qq; APT_UPDATED=1; }
  before=$(dpkg-query -W -f='${Status}\n' | grep -c 'install ok installed')
  t0=$(date +%s)
  apt-get install -y -qq "$deb" >/tmp/apt-install.log 2>&1 || { tail -20 /tmp/apt-install.log >&2; die "apt-get install $deb"; }
  after=$(dpkg-query -W -f='${Status}\n' | grep -c 'install ok installed')
  ok "apt-get install $(basename "$deb"): $((after - before)) packages in $(( $(date +%s) - t0 )) s"
}

install_test_tools() {
  apt-get install -y -qq --no-install-recommends xvfb xauth x11-utils dbus dbus-x11 procps >/tmp/apt-tools.log 2>&1 \
    || { tail -20 /tmp/apt-tools.log >&2; die "installing the test tools"; }
}

make_user() {
  id "$1" >/dev/null 2>&1 || useradd --create-home --shell /bin/bash "$1"
  local uid; uid=$(id -u "$1")
  mkdir -p "/run/user/$uid"; chown "$1:$1" "/run/user/$uid"; chmod 700 "/run/user/$uid"
}

# as_user NAME COMMAND...: a login-like environment (HOME, XDG_RUNTIME_DIR) and a fresh D-Bus
# session bus, as a desktop session gives; nothing of root's environment leaks in.
as_user() {
  local user=$1; shift
  local uid; uid=$(id -u "$user")
  setpriv --reuid "$uid" --regid "$(id -g "$user")" --init-groups \
    env -i HOME="/home/$user" USER="$user" LOGNAME="$user" PATH=/usr/bin:/bin LANG=C.UTF-8 \
    XDG_RUNTIME_DIR="/run/user/$uid" dbus-run-session -- "$@"
}
