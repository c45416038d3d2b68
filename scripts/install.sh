#!/usr/bin/env bash
# The appliance install (issue #13): the hall's computer boots straight into the kiosk.
#
#   sudo ./scripts/install.sh [--prefix DIR] [--no-start] [--with-console]   install, or upgrade in place
#   sudo ./scripts/install.sh --uninstall                   remove it all but the hall's data
#   ./scripts/install.sh --root DIR [--with-venv]           rehearse into a throwaway root
#
# Layout, under PREFIX/kiosk (default /opt/kiosk):
#   app/    the code, replaced on every upgrade       venv/  its Python packages
#   bin/    kiosk, kiosk-display, kiosk-session       home/  the kiosk user's home (caches)
#   hall/   config.yaml content/ playlists/ data/: the hall's own, never overwritten or removed
# plus the units kiosk.service, kiosk-maintenance.service and kiosk-console.service (the web
# console, enabled only with --with-console) in /etc/systemd/system.
#
# With --root DIR every file is written under DIR and nothing touches the running system:
# apt-get, useradd, chown and systemctl are written to DIR/kiosk-install-plan.txt instead,
# the venv (which downloads packages) is made only with --with-venv, and the system checked
# is DIR/etc/os-release when there is one.
# docs/INSTALL.md explains it all for the person who sets up the hall.
set -euo pipefail
umask 022  # the kiosk user must read the venv and the code, whatever root's own umask is

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
prefix=/opt
root=""
action=install
start=yes
with_venv=no
with_console=no

usage() {
  sed -n '2,18p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
}

while [ $# -gt 0 ]; do
  case $1 in
    --prefix) prefix=${2:?--prefix needs a folder}; shift 2 ;;
    --root) root=${2:?--root needs a folder}; shift 2 ;;
    --uninstall) action=uninstall; shift ;;
    --no-start) start=no; shift ;;
    --with-venv) with_venv=yes; shift ;;
    --with-console) with_console=yes; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "install.sh: unknown option $1" >&2; usage >&2; exit 2 ;;
  esac
done
case $prefix in
  /*) prefix=${prefix%/} ;;
  *) echo "install.sh: --prefix must be an absolute path, got $prefix" >&2; exit 2 ;;
esac
if [ -n "$root" ]; then
  mkdir -p "$root"
  root=$(cd "$root" && pwd)
  plan="$root/kiosk-install-plan.txt"
elif [ "$(id -u)" -ne 0 ]; then
  echo "install.sh: run it as root: sudo $0 $*" >&2
  exit 2
fi

kiosk_dir="$prefix/kiosk"        # as the installed system sees it
target="$root$kiosk_dir"         # where this run writes it
unit_dir="$root/etc/systemd/system"
wants_link="$unit_dir/multi-user.target.wants/kiosk.service"
console_link="$unit_dir/multi-user.target.wants/kiosk-console.service"
dm_link="$unit_dir/display-manager.service"
dm_saved="$target/display-manager.before"

# libvlc and the Chinese fonts as in scripts/setup.sh, then the screen and its login session
# (docs/DEPENDENCIES.md). Python is chosen per release by check_system: the pins need 3.11.
packages=(libvlc5 vlc-plugin-base fonts-noto-cjk
  xserver-xorg xserver-xorg-legacy xinit x11-xserver-utils x11-xkb-utils kbd
  dbus libpam-systemd)

say() { printf '%s\n' "$*"; }

# A command that changes the running system: run it, or under --root write it in the plan.
system() {
  local arg line=""
  if [ -n "$root" ]; then
    for arg in "$@"; do
      case $arg in
        *[[:space:]]*) line+=" '$arg'" ;;
        *) line+=" $arg" ;;
      esac
    done
    printf '%s\n' "${line# }" >>"$plan"
  else
    "$@"
  fi
}

systemd_running() { [ -z "$root" ] && [ -d /run/systemd/system ]; }

# --- which system this is ------------------------------------------------------------------

os_field() {  # os_field FILE KEY: the value of KEY in an os-release file, quotes removed
  local key value
  while IFS='=' read -r key value || [ -n "$key" ]; do  # the last line may lack its newline
    if [ "$key" = "$2" ]; then
      value=${value#[\"\']}
      printf '%s' "${value%[\"\']}"
      return
    fi
  done <"$1"
}

python_version_of() {  # "3.11" for an installed interpreter or the candidate apt would install
  local cmd=$1 version
  if command -v "$cmd" >/dev/null; then
    "$cmd" -c 'import sys; print("%d.%d" % sys.version_info[:2])'
    return
  fi
  version=$(apt-cache policy "$cmd" 2>/dev/null | sed -n 's/^ *Candidate: *//p')
  case $version in
    ""|"(none)") return 1 ;;
    *) printf '%s' "$version" | sed -E 's/^([0-9]+:)?([0-9]+\.[0-9]+).*/\2/' ;;
  esac
}

at_least_3_11() { [ -n "$1" ] && [ "$(printf '%s\n3.11\n' "$1" | sort -V | head -1)" = 3.11 ]; }

check_system() {  # sets python; on an unsupported system says why and exits, having changed nothing
  local release="" candidate id like version name found missing=() py cmd item
  for candidate in "$root/etc/os-release" "$root/usr/lib/os-release" /etc/os-release; do
    if [ -f "$candidate" ]; then
      release=$candidate
      break
    fi
  done
  if [ -z "$release" ]; then
    found="no os-release file"
    missing+=("/etc/os-release, which every supported system has")
  else
    id=$(os_field "$release" ID)
    like=$(os_field "$release" ID_LIKE)
    version=$(os_field "$release" VERSION_ID)
    name=$(os_field "$release" PRETTY_NAME)
    found="${name:-unknown} (ID=${id:-none} ID_LIKE=${like:-none} VERSION_ID=${version:-none}, from $release)"
    case " $id $like " in
      *" debian "*|*" ubuntu "*|*" uos "*|*" kylin "*) ;;  # UOS names no ID_LIKE
      *) missing+=("a Debian-based system (ID or ID_LIKE debian or ubuntu), whose packages apt-get installs") ;;
    esac
    case "$id:$version" in
      debian:12|debian:13|ubuntu:24.04) python=python3 ;;
      ubuntu:22.04) python=python3.11 ;;  # its python3 is 3.10
      uos:*|kylin:*)
        python=python3
        if [ -z "$root" ]; then
          py=$(python_version_of python3 || true)
          if ! at_least_3_11 "$py"; then
            python=python3.11
            if ! at_least_3_11 "$(python_version_of python3.11 || true)"; then
              missing+=("Python 3.11 or later (found python3 ${py:-none}, and no python3.11 package)")
            fi
          fi
        fi
        ;;
      *) missing+=("a supported release: Debian 12 or 13, Ubuntu 22.04 or 24.04, UOS or Kylin desktop") ;;
    esac
  fi
  if [ -z "$root" ]; then
    for cmd in apt-get apt-cache dpkg-query systemctl useradd; do
      command -v "$cmd" >/dev/null || missing+=("the command $cmd")
    done
  fi
  if [ ${#missing[@]} -gt 0 ]; then
    say "install.sh: this system is not supported; nothing was changed." >&2
    say "  found:   $found" >&2
    for item in "${missing[@]}"; do
      say "  missing: $item" >&2
    done
    say "  supported: Debian 12 or 13, Ubuntu 22.04 or 24.04, and the Debian-based UOS and Kylin" >&2
    say "  desktop editions with Python 3.11 or later (docs/INSTALL.md)" >&2
    exit 1
  fi
}

systemd_version() {  # the major version of the systemd that will read the units, 0 if unknown
  local version=""
  if command -v systemctl >/dev/null; then
    version=$(systemctl --version | sed -n '1s/^systemd \([0-9][0-9]*\).*/\1/p')
  fi
  echo "${version:-0}"
}

# --- install ---------------------------------------------------------------------------------

install_packages() {
  local wanted=("${packages[@]}" "$python" "$python-venv") missing=()
  if [ -n "$root" ]; then
    missing=("${wanted[@]}")
  else
    for pkg in "${wanted[@]}"; do
      dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
    done
  fi
  if [ ${#missing[@]} -gt 0 ]; then
    say "Installing Debian packages: ${missing[*]}"
    system apt-get update -q
    system env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
  fi
}

add_user() {
  if [ -z "$root" ] && getent passwd kiosk >/dev/null; then
    return
  fi
  system useradd --system --user-group --home-dir "$kiosk_dir/home" --no-create-home \
    --shell /usr/sbin/nologin --comment "Exhibition kiosk" --groups audio,video kiosk
}

render() {  # render TEMPLATE DEST MODE: the template with the install folder written in
  mkdir -p "$(dirname "$2")"
  sed "s|@KIOSK_DIR@|$kiosk_dir|g" "$1" >"$2.new"
  chmod "$3" "$2.new"
  mv -f "$2.new" "$2"
}

copy_app() {  # the code, swapped in whole so a failed copy leaves the old version in place
  if [ "$repo" = "$target/app" ]; then
    say "install.sh: this is the installed copy; run install.sh from the unpacked release" >&2
    exit 2
  fi
  mkdir -p "$target"
  rm -rf "$target/app.new" "$target/app.old"
  mkdir "$target/app.new"
  tar -C "$repo" --exclude=__pycache__ --exclude='*.pyc' -cf - kiosk scripts docs README.md config.yaml |
    tar -C "$target/app.new" --no-same-owner -xf -
  chmod -R u=rwX,go=rX "$target/app.new"
  if [ -d "$target/app" ]; then
    mv "$target/app" "$target/app.old"
  fi
  mv "$target/app.new" "$target/app"
  rm -rf "$target/app.old"
  for tool in kiosk kiosk-display kiosk-session; do
    render "$repo/scripts/appliance/$tool" "$target/bin/$tool" 755
  done
}

prepare_hall() {  # the demo exhibition only where the hall has nothing of its own yet
  local hall="$target/hall"
  mkdir -p "$hall/data" "$target/home"
  for item in content playlists config.yaml; do
    if [ -e "$hall/$item" ]; then
      say "Keeping $kiosk_dir/hall/$item"
    elif [ -e "$repo/$item" ]; then
      say "Adding the demo exhibition's $item to $kiosk_dir/hall/"
      cp -R "$repo/$item" "$hall/$item"
    fi
  done
  system chown -R kiosk:kiosk "$kiosk_dir/hall" "$kiosk_dir/home"
}

make_venv() {
  local venv="$target/venv" stamp wanted
  stamp="$venv/.installed"
  wanted=$("$python" --version 2>&1; cat "$repo/scripts/requirements.txt")
  if [ ! -x "$venv/bin/python" ]; then
    say "Creating the Python environment in $kiosk_dir/venv"
    "$python" -m venv "$venv"
  fi
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$wanted" ]; then
    say "Installing Python packages (scripts/requirements.txt)"
    "$venv/bin/python" -m pip install -q --disable-pip-version-check -r "$target/app/scripts/requirements.txt"
    printf '%s\n' "$wanted" >"$stamp"
  fi
  # the kiosk user cannot write into app/: compile once here, not at every start
  "$venv/bin/python" -m compileall -q "$target/app/kiosk" >/dev/null
}

install_units() {
  render "$repo/scripts/systemd/kiosk.service" "$unit_dir/kiosk.service" 644
  render "$repo/scripts/systemd/kiosk-maintenance.service" "$unit_dir/kiosk-maintenance.service" 644
  render "$repo/scripts/systemd/kiosk-console.service" "$unit_dir/kiosk-console.service" 644
  if [ "$(systemd_version)" -ge 254 ]; then
    render "$repo/scripts/systemd/kiosk.service.d/restart-mode.conf" "$unit_dir/kiosk.service.d/restart-mode.conf" 644
  else
    rm -rf "$unit_dir/kiosk.service.d"
  fi
  # what `systemctl enable kiosk.service` does, done the same way with and without --root
  mkdir -p "$(dirname "$wants_link")"
  ln -sfn /etc/systemd/system/kiosk.service "$wants_link"
  # the web console listens on the network: only where the administrator asked for it
  if [ "$with_console" = yes ]; then
    ln -sfn /etc/systemd/system/kiosk-console.service "$console_link"
  fi
  # a desktop edition's display manager would take the screen first: set it aside, for good
  if [ -L "$dm_link" ]; then
    readlink "$dm_link" >"$dm_saved"
    rm -f "$dm_link"
    say "Disabled the display manager $(basename "$(cat "$dm_saved")"); --uninstall enables it again"
    start=later
  fi
}

start_kiosk() {
  if [ -n "$root" ]; then
    system systemctl daemon-reload
    [ "$start" = yes ] && system systemctl restart kiosk.service
    [ "$with_console" = yes ] && system systemctl restart kiosk-console.service
    return 0
  fi
  if ! systemd_running; then
    say "systemd is not running here: the kiosk starts at the next boot"
    return
  fi
  systemctl daemon-reload
  if [ -f "$dm_saved" ] && systemctl is-active -q "$(basename "$(cat "$dm_saved")")"; then
    start=later  # set aside by an earlier run, and its desktop is still on the screen
  fi
  case $start in
    yes)
      systemctl reset-failed kiosk.service kiosk-maintenance.service 2>/dev/null || true
      systemctl restart kiosk.service
      say "The kiosk is starting on the screen (vt7)" ;;
    later) say "Reboot to start the kiosk: the desktop running now stays until then" ;;
    no) say "The kiosk starts at the next boot (or: sudo systemctl start kiosk)" ;;
  esac
  if [ "$with_console" = yes ]; then
    systemctl restart kiosk-console.service || say "The web console did not start: journalctl -u kiosk-console"
  elif [ -L "$console_link" ]; then
    systemctl try-restart kiosk-console.service  # enabled by an earlier --with-console: the new code
  fi
}

new_plan() {  # the plan of this run only
  if [ -n "$root" ]; then
    : >"$plan"
  fi
}

install_kiosk() {
  check_system
  new_plan
  install_packages
  add_user
  copy_app
  prepare_hall
  if [ -z "$root" ] || [ "$with_venv" = yes ]; then
    make_venv
  fi
  install_units
  start_kiosk
  say "Installed in $kiosk_dir; the hall's own files are in $kiosk_dir/hall"
  say "Logs: journalctl -u kiosk    Guide: $kiosk_dir/app/docs/INSTALL.md"
  if [ "$with_console" = yes ]; then
    say "Web console: add its first administrator, then it starts (docs/CONSOLE.md):"
    say "  cd $kiosk_dir/hall && sudo -u kiosk $kiosk_dir/bin/kiosk console add-user NAME --role admin"
    say "  sudo systemctl restart kiosk-console"
  fi
}

# --- uninstall -------------------------------------------------------------------------------

uninstall_kiosk() {
  new_plan
  if systemd_running; then
    systemctl stop kiosk.service kiosk-maintenance.service kiosk-console.service 2>/dev/null || true
  elif [ -n "$root" ]; then
    system systemctl stop kiosk.service kiosk-maintenance.service
    system systemctl stop kiosk-console.service
  fi
  rm -f "$wants_link" "$console_link" "$unit_dir/kiosk.service" "$unit_dir/kiosk-maintenance.service" \
    "$unit_dir/kiosk-console.service"
  rm -rf "$unit_dir/kiosk.service.d"
  if [ -f "$dm_saved" ]; then
    ln -sfn "$(cat "$dm_saved")" "$dm_link"
    say "Enabled the display manager $(basename "$(cat "$dm_saved")") again"
  fi
  rm -rf "$target/app" "$target/app.new" "$target/app.old" "$target/venv" "$target/bin" "$target/home" "$dm_saved"
  if [ -n "$root" ] || getent passwd kiosk >/dev/null; then
    system userdel kiosk
  fi
  if [ -n "$root" ]; then
    system systemctl daemon-reload
  elif systemd_running; then
    systemctl daemon-reload
  fi
  if [ -d "$target/hall" ]; then
    say "Removed the kiosk. Kept $kiosk_dir/hall (config.yaml, content/, playlists/, data/):"
    say "delete it yourself once it is no longer needed."
  else
    rmdir "$target" 2>/dev/null || true
    say "Removed the kiosk."
  fi
}

"${action}_kiosk"
