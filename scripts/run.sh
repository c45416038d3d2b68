#!/usr/bin/env bash
# Installs whatever is missing, then starts the kiosk on the exhibition in content/.
# Extra arguments go to `python -m kiosk run` (for example --windowed --size 1280x720).
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
"$repo/scripts/setup.sh" run
cd "$repo"
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  echo "No display found: start the kiosk from the screen's desktop session, or on a virtual screen with: xvfb-run -s '-screen 0 1920x1080x24' ./scripts/run.sh" >&2
  exit 1
fi
exec .venv/bin/python -m kiosk run "$@"
