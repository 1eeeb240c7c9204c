#!/usr/bin/env bash
# Installs what IdleForge needs to build, run and test on Debian 12 (bookworm).
# Idempotent: when every package is already there it prints nothing and exits 0.
#   installer/install-deps.sh [--runtime-only]
set -euo pipefail

build_pkgs=(
  build-essential cmake ninja-build ccache pkg-config git file dpkg-dev
  qt6-base-dev qt6-base-dev-tools qt6-declarative-dev qt6-websockets-dev qt6-tools-dev
  qt6-tools-dev-tools qt6-l10n-tools qt6-charts-dev
  qtkeychain-qt6-dev libsodium-dev libsqlite3-dev
  librust-blake3-dev # BLAKE3's C sources (core/crypto builds them): the state leaves' hash
  libtorch-dev libopenblas-dev
  libx11-dev       # only the X11 test links Xlib; the app dlopens libX11/libXss
  g++-mingw-w64-x86-64 # installer/check-windows-sources.sh (ctest WindowsSourcesCompile)
  libqrencode-dev  # the wallet address's QR code (ui/QrImageProvider)
  libvulkan-dev glslc # Vulkan compute in the worker (core/compute/vulkan; shaders compiled at build time)
  clang-14 libclang-rt-14-dev # the libFuzzer targets (IDLEFORGE_FUZZ=ON, tests/fuzz; .ci/run)
)
runtime_pkgs=(
  libopenblas0-pthread sqlite3
  qml6-module-qtquick qml6-module-qtquick-controls qml6-module-qtquick-layouts
  qml6-module-qtquick-window qml6-module-qtquick-templates qml6-module-qtqml-workerscript
  qml6-module-qtcharts qml6-module-qtqml qml6-module-qtquick-dialogs
  qt6-qpa-plugins libqt6svg6
  qt6-translations-l10n # Qt's own words (dialog buttons) in the four languages; the package recommends it
  libx11-6 libxss1 # input idle time and fullscreen windows (dlopen'ed, platform/X11Session)
  ca-certificates  # system CAs for wss:// and https:// (Qt's TLS plugin comes with libqt6network6)
)
test_pkgs=(
  xvfb xauth trayer dbus dbus-x11 gnome-keyring libsecret-tools x11-utils
  xdotool openbox  # synthetic input and an EWMH window manager for the idle and fullscreen tests
  openssl          # throw-away TLS certificates in the tests
  fonts-noto-cjk   # Chinese glyphs for the zh_CN language test (TestLanguageSwitch)
  mesa-vulkan-drivers # lavapipe, a Vulkan device on the CPU: TestVulkanDevices, TestVulkanGemm
  spirv-tools      # spirv-val checks the float-controls declarations (TestSpirvFloatControls)
)
package_pkgs=(     # installer/package.sh, check-package.sh, test-package.sh
  lintian desktop-file-utils appstream man-db file binutils debootstrap
)

pkgs=("${runtime_pkgs[@]}")
if [[ ${1:-} != --runtime-only ]]; then pkgs+=("${build_pkgs[@]}" "${test_pkgs[@]}" "${package_pkgs[@]}"); fi

missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q '^install ok installed$' || missing+=("$p")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

if [[ $(id -u) -ne 0 ]]; then
  echo "install-deps: missing packages: ${missing[*]}" >&2
  echo "install-deps: run as root (or: sudo $0)" >&2
  exit 1
fi
echo "install-deps: installing ${#missing[@]} packages: ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
