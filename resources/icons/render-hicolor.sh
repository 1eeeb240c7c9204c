#!/usr/bin/env bash
# Renders the application icon (idleforge.svg) to the hicolor PNG sizes the .deb installs.
# The PNGs are committed, so a build needs no SVG renderer; rerun this after changing the SVG:
#   resources/icons/render-hicolor.sh        (needs rsvg-convert: apt-get install librsvg2-bin)
set -euo pipefail
cd "$(dirname "$0")"
for size in 16 22 24 32 48 64 128 256 512; do
  rsvg-convert -w "$size" -h "$size" idleforge.svg -o "hicolor/${size}x${size}.png"
done
# Windows installer icon: an ICO holding PNG images (Vista+ reads PNG entries).
python3 - <<'PY'
import struct
sizes = [16, 32, 48, 256]
images = [open(f"hicolor/{s}x{s}.png", "rb").read() for s in sizes]
header = struct.pack("<HHH", 0, 1, len(images))
offset = 6 + 16 * len(images)
entries = b""
for s, data in zip(sizes, images):
    entries += struct.pack("<BBBBHHII", s % 256, s % 256, 0, 0, 1, 32, len(data), offset)
    offset += len(data)
open("idleforge.ico", "wb").write(header + entries + b"".join(images))
PY
