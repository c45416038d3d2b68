#!/usr/bin/env bash
# Installs whatever is missing for the kiosk (and, with "test", for its test suite):
# Debian packages through apt-get, a virtual environment in .venv/ with pinned Python
# packages. Idempotent: when nothing is missing it only looks, and takes about a second.
# Used by scripts/run.sh and scripts/test.sh; not meant to be called on its own.
set -euo pipefail

mode=${1:-run}
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"

# libvlc and its codecs play video; Noto CJK draws Chinese; python3-venv makes .venv;
# xrandr names the screens, so config.yaml can choose one.
packages=(python3 python3-venv libvlc5 vlc-plugin-base fonts-noto-cjk x11-xserver-utils)
if [ "$mode" = test ]; then
  # Xvfb and xdotool drive the real kiosk in end-to-end tests; imagemagick takes
  # screenshots; ffmpeg makes test clips; zbarimg reads QR codes off the screen; cvlc with
  # an X video output plays beside the kiosk in the video benchmark.
  packages+=(xvfb xdotool imagemagick ffmpeg zbar-tools vlc-bin vlc-plugin-video-output)
fi

missing=()
for pkg in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing Debian packages: ${missing[*]}"
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    sudo="sudo"
  fi
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

requirements=(scripts/requirements.txt)
if [ "$mode" = test ]; then
  requirements+=(scripts/requirements-test.txt)
fi
stamp=".venv/.installed-$mode"
wanted=$(cat "${requirements[@]}" | sha256sum | cut -d' ' -f1)
if [ ! -x .venv/bin/python ]; then
  echo "Creating the Python environment in .venv/"
  python3 -m venv .venv
fi
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$wanted" ]; then
  echo "Installing Python packages: ${requirements[*]}"
  .venv/bin/python -m pip install -q --disable-pip-version-check -r scripts/requirements.txt \
    $([ "$mode" = test ] && echo "-r scripts/requirements-test.txt")
  echo "$wanted" > "$stamp"
fi
