"""scripts/install.sh rehearsed into a throwaway root (--root), for the appliance tests."""

from __future__ import annotations

import subprocess
from pathlib import Path

from tests.conftest import REPO

INSTALL = REPO / "scripts" / "install.sh"
KIOSK_DIR = "/opt/kiosk"  # where a default install puts the kiosk, as the installed system sees it

DEBIAN_12 = 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\nVERSION_ID="12"\n'


def make_root(root: Path, os_release: str = DEBIAN_12) -> Path:
    (root / "etc").mkdir(parents=True, exist_ok=True)
    (root / "etc" / "os-release").write_text(os_release, encoding="utf-8")
    return root


def install(root: Path, *options: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(INSTALL), "--root", str(root), *options],
                          check=False, capture_output=True, text=True, timeout=120)


def installed(root: Path, *options: str) -> Path:
    """The kiosk folder of a successful install under root."""
    done = install(root, *options)
    assert done.returncode == 0, done.stderr
    return root / KIOSK_DIR.lstrip("/")


def plan(root: Path) -> list[str]:
    """What the run would have done to the running system, one command a line."""
    return (root / "kiosk-install-plan.txt").read_text(encoding="utf-8").splitlines()


def relocated(file: Path, root: Path, dest: Path) -> Path:
    """A copy of an installed file whose install paths point into root, so it can be run or verified."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_text(file.read_text(encoding="utf-8").replace(KIOSK_DIR, f"{root}{KIOSK_DIR}"), encoding="utf-8")
    dest.chmod(file.stat().st_mode)
    return dest


def unit_settings(path: Path) -> dict[str, list[str]]:
    """Every Key=value of a unit file, values of repeated keys in order."""
    settings: dict[str, list[str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if "=" in line and not line.startswith(("#", "[")):
            key, value = line.split("=", 1)
            settings.setdefault(key, []).append(value)
    return settings
