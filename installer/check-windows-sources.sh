#!/usr/bin/env bash
# Compiles every Qt-free Windows source (core/platform/win/*.cpp) with mingw-w64, the way a
# Windows build would, since the Qt build for Windows cannot be made on this machine (issue 14).
# An object build, not only -fsyntax-only, so templates and inline code are instantiated too; the
# objects then link into one throw-away DLL, so every Win32 function they call must exist in the
# import libraries named below. Then the Qt glue that only a Windows build compiles
# (FactsCollectorWin.cpp, FactsCollectorCommon.cpp, AutostartWin.cpp, FactsThread.cpp) gets -fsyntax-only against this
# machine's Qt headers (configured for Linux, so a check of our C++ and of the Win32 calls, not
# of a Windows Qt). Exits non-zero on the first file that does not compile.
#   installer/check-windows-sources.sh [SOURCE_ROOT [QT_HEADERS]]   (the ctest WindowsSourcesCompile)
set -euo pipefail

root="${1:-$(cd "$(dirname "$0")/.." && pwd)}"
qt="${2:-/usr/include/x86_64-linux-gnu/qt6}"
cxx="${MINGW_CXX:-x86_64-w64-mingw32-g++}"
if ! command -v "$cxx" >/dev/null; then
  echo "check-windows-sources: $cxx not found (apt-get install g++-mingw-w64-x86-64)" >&2
  exit 1
fi
shopt -s nullglob
sources=("$root"/core/platform/win/*.cpp)
if [ "${#sources[@]}" -eq 0 ]; then
  echo "check-windows-sources: no sources under $root/core/platform/win" >&2
  exit 1
fi
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
objects=()
for src in "${sources[@]}"; do
  obj="$out/$(basename "$src" .cpp).o"
  # No Qt on this side: a Qt include would fail here, as it should.
  "$cxx" -std=c++20 -Wall -Wextra -Wpedantic -Werror -O1 -DUNICODE -D_UNICODE -DWIN32_LEAN_AND_MEAN \
    -D_WIN32_WINNT=0x0A00 -I"$root/core" -c "$src" -o "$obj"
  objects+=("$obj")
  echo "compiled ${src#"$root"/}"
done
"$cxx" -shared -o "$out/check.dll" "${objects[@]}" -ladvapi32 -lshell32 -luser32 -lkernel32
echo "linked ${#objects[@]} objects against advapi32, shell32, user32, kernel32"

if [ ! -f "$qt/QtCore/QString" ]; then
  echo "check-windows-sources: no Qt headers at $qt" >&2
  exit 1
fi
for src in "$root"/core/platform/FactsCollectorWin.cpp "$root"/core/platform/FactsCollectorCommon.cpp "$root"/core/platform/AutostartWin.cpp "$root"/core/platform/FactsThread.cpp; do
  # -Wno-attributes: the Linux Qt headers' exports are not dllimport-clean; our code still gets -Werror.
  # The project's Qt defines (CMakeLists.txt's idleforge_options), so what passes here builds there.
  "$cxx" -std=c++20 -fsyntax-only -Wall -Wextra -Wpedantic -Werror -Wno-attributes -DQT_NO_CAST_FROM_ASCII -DQT_NO_CAST_TO_ASCII \
    -DQT_NO_CAST_FROM_BYTEARRAY -DQT_NO_KEYWORDS -DQT_NO_NARROWING_CONVERSIONS_IN_CONNECT -DQT_USE_QSTRINGBUILDER -DUNICODE -D_UNICODE -DWIN32_LEAN_AND_MEAN \
    -D_WIN32_WINNT=0x0A00 -I"$root/core" -I"$qt" -I"$qt/QtCore" -I"$qt/QtNetwork" -I"$qt/QtDBus" -fPIC "$src"
  echo "syntax-checked ${src#"$root"/} (Qt glue)"
done
