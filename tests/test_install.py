"""scripts/install.sh in a throwaway root: what it installs, keeps, removes and refuses.

--root writes every file under the root and puts what it would do to the running system
(apt-get, useradd, chown, systemctl) into a plan file; it makes no venv, so these run offline.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.appliance import DEBIAN_12, KIOSK_DIR, install, installed, make_root, plan
from tests.conftest import REPO

UNITS = Path("etc/systemd/system")


def test_a_fresh_install_puts_app_hall_and_units_in_their_places(tmp_path: Path) -> None:
    kiosk = installed(make_root(tmp_path))
    assert (kiosk / "app" / "kiosk" / "__main__.py").is_file()
    assert (kiosk / "app" / "scripts" / "requirements.txt").is_file()
    assert not list((kiosk / "app").rglob("__pycache__"))
    for tool in ("kiosk", "kiosk-display", "kiosk-session"):
        assert os.access(kiosk / "bin" / tool, os.X_OK), tool
    hall = kiosk / "hall"
    assert (hall / "config.yaml").read_bytes() == (REPO / "config.yaml").read_bytes()
    assert sorted(p.name for p in (hall / "content").iterdir() if p.is_dir()) == \
        sorted(p.name for p in (REPO / "content").iterdir() if p.is_dir())
    assert (hall / "playlists" / "default.yaml").is_file()
    assert (hall / "data").is_dir() and (kiosk / "home").is_dir()
    assert not (kiosk / "venv").exists()  # --root makes no venv unless --with-venv
    assert (tmp_path / UNITS / "kiosk.service").is_file()
    assert (tmp_path / UNITS / "kiosk-maintenance.service").is_file()


def test_the_kiosk_starts_at_boot_and_the_card_only_on_failure(tmp_path: Path) -> None:
    installed(make_root(tmp_path))
    wants = tmp_path / UNITS / "multi-user.target.wants"
    assert os.readlink(wants / "kiosk.service") == "/etc/systemd/system/kiosk.service"
    assert [link.name for link in wants.iterdir()] == ["kiosk.service"]


@pytest.mark.skipif(shutil.which("systemctl") is None, reason="systemctl is not installed here")
def test_systemd_reads_the_install_as_enabled(tmp_path: Path) -> None:
    installed(make_root(tmp_path))
    state = subprocess.run(["systemctl", "--root", str(tmp_path), "is-enabled", "kiosk.service",
                            "kiosk-maintenance.service"], check=False, capture_output=True, text=True)
    assert state.stdout.split() == ["enabled", "static"]


@pytest.mark.skipif(shutil.which("systemctl") is None, reason="systemctl is not installed here")
@pytest.mark.parametrize(("options", "enabled"), [((), "disabled"), (("--with-console",), "enabled")])
def test_the_web_console_is_installed_but_enabled_only_when_asked(tmp_path: Path, options: tuple[str, ...],
                                                                  enabled: str) -> None:
    installed(make_root(tmp_path), *options)
    assert (tmp_path / UNITS / "kiosk-console.service").is_file()
    state = subprocess.run(["systemctl", "--root", str(tmp_path), "is-enabled", "kiosk-console.service"],
                           check=False, capture_output=True, text=True)
    assert state.stdout.split() == [enabled]
    assert ("systemctl restart kiosk-console.service" in plan(tmp_path)) == bool(options)


def test_uninstall_removes_the_console_unit_too(tmp_path: Path) -> None:
    installed(make_root(tmp_path), "--with-console")
    installed(tmp_path, "--uninstall")
    assert not list((tmp_path / UNITS).rglob("kiosk-console.service"))


def test_installed_files_name_the_real_paths_never_the_rehearsal_root(tmp_path: Path) -> None:
    kiosk = installed(make_root(tmp_path))
    rendered = [*(kiosk / "bin").iterdir(), *(tmp_path / UNITS).glob("*.service")]
    for file in rendered:
        text = file.read_text(encoding="utf-8")
        assert str(tmp_path) not in text and "@KIOSK_DIR@" not in text, file
        assert KIOSK_DIR in text, file


def test_the_plan_installs_packages_once_then_the_user_then_starts(tmp_path: Path) -> None:
    installed(make_root(tmp_path))
    steps = plan(tmp_path)
    assert steps[0] == "apt-get update -q"
    packages = steps[1].split("--no-install-recommends ")[1].split()
    assert steps[1].startswith("env DEBIAN_FRONTEND=noninteractive apt-get install -y")
    assert {"xserver-xorg", "xserver-xorg-legacy", "xinit", "kbd", "fonts-noto-cjk", "libvlc5",
            "python3", "python3-venv"} <= set(packages)
    assert steps[2] == ("useradd --system --user-group --home-dir /opt/kiosk/home --no-create-home "
                        "--shell /usr/sbin/nologin --comment 'Exhibition kiosk' --groups audio,video kiosk")
    assert "chown -R kiosk:kiosk /opt/kiosk/hall /opt/kiosk/home" in steps
    assert steps[-2:] == ["systemctl daemon-reload", "systemctl restart kiosk.service"]


def test_no_start_leaves_starting_to_the_next_boot(tmp_path: Path) -> None:
    installed(make_root(tmp_path), "--no-start")
    assert "systemctl restart kiosk.service" not in plan(tmp_path)


def test_prefix_moves_everything_together(tmp_path: Path) -> None:
    installed(make_root(tmp_path), "--prefix", "/srv")
    assert (tmp_path / "srv/kiosk/hall/config.yaml").is_file()
    assert not (tmp_path / "opt").exists()
    unit = (tmp_path / UNITS / "kiosk.service").read_text(encoding="utf-8")
    assert "ExecStart=/srv/kiosk/bin/kiosk-display run" in unit


def test_running_it_again_upgrades_the_app_and_keeps_the_hall(tmp_path: Path) -> None:
    kiosk = installed(make_root(tmp_path))
    hall = kiosk / "hall"
    config = hall / "config.yaml"
    config.write_text("hall:\n  title: 本馆自己的名字\n", encoding="utf-8")
    (hall / "content" / "education" / "99-新版面.txt").write_text("新的版面", encoding="utf-8")
    removed = next((hall / "content" / "activity").iterdir())
    shutil.rmtree(removed) if removed.is_dir() else removed.unlink()
    (hall / "playlists" / "default.yaml").write_text("items: []\n", encoding="utf-8")
    (hall / "data" / "interactions.sqlite3").write_bytes(b"visits")
    (kiosk / "app" / "kiosk" / "left-over.py").write_text("", encoding="utf-8")

    installed(tmp_path)

    assert config.read_text(encoding="utf-8") == "hall:\n  title: 本馆自己的名字\n"
    assert (hall / "content" / "education" / "99-新版面.txt").is_file()
    assert not removed.exists()  # the demo never comes back into a hall that has its own content
    assert (hall / "playlists" / "default.yaml").read_text(encoding="utf-8") == "items: []\n"
    assert (hall / "data" / "interactions.sqlite3").read_bytes() == b"visits"
    assert not (kiosk / "app" / "kiosk" / "left-over.py").exists()  # the code is replaced whole
    assert (kiosk / "app" / "kiosk" / "__main__.py").is_file()


def test_uninstall_removes_the_kiosk_and_keeps_the_hall(tmp_path: Path) -> None:
    kiosk = installed(make_root(tmp_path))
    (kiosk / "hall" / "data" / "interactions.sqlite3").write_bytes(b"visits")

    removed = install(tmp_path, "--uninstall")

    assert removed.returncode == 0, removed.stderr
    assert "Kept /opt/kiosk/hall" in removed.stdout
    assert sorted(p.name for p in kiosk.iterdir()) == ["hall"]
    assert (kiosk / "hall" / "data" / "interactions.sqlite3").read_bytes() == b"visits"
    assert (kiosk / "hall" / "config.yaml").is_file() and (kiosk / "hall" / "content").is_dir()
    assert not list((tmp_path / UNITS).rglob("kiosk*"))
    assert "userdel kiosk" in plan(tmp_path)
    assert "systemctl stop kiosk.service kiosk-maintenance.service" in plan(tmp_path)


def test_a_desktop_editions_display_manager_is_set_aside_and_given_back(tmp_path: Path) -> None:
    make_root(tmp_path)
    display_manager = tmp_path / UNITS / "display-manager.service"
    display_manager.parent.mkdir(parents=True)
    display_manager.symlink_to("/lib/systemd/system/lightdm.service")

    done = install(tmp_path)
    assert done.returncode == 0, done.stderr
    assert not display_manager.is_symlink()
    assert "lightdm.service" in done.stdout
    assert "systemctl restart kiosk.service" not in plan(tmp_path)  # not over a running desktop

    assert install(tmp_path, "--uninstall").returncode == 0
    assert os.readlink(display_manager) == "/lib/systemd/system/lightdm.service"


@pytest.mark.parametrize(("os_release", "python"), [
    (DEBIAN_12, "python3"),
    ('PRETTY_NAME="Debian GNU/Linux 13 (trixie)"\nID=debian\nVERSION_ID="13"', "python3"),  # no last newline
    ('PRETTY_NAME="Ubuntu 24.04.1 LTS"\nID=ubuntu\nID_LIKE=debian\nVERSION_ID="24.04"\n', "python3"),
    ('PRETTY_NAME="Ubuntu 22.04.4 LTS"\nID=ubuntu\nID_LIKE=debian\nVERSION_ID="22.04"\n', "python3.11"),
    ('PRETTY_NAME="UnionTech OS Desktop 20 Pro"\nNAME="uos"\nID=uos\nVERSION_ID="20"\n', "python3"),
    ('NAME="Kylin"\nID=kylin\nID_LIKE=debian\nPRETTY_NAME="Kylin V10 SP1"\nVERSION_ID="v10"\n', "python3"),
])
def test_each_supported_release_gets_its_python_packages(tmp_path: Path, os_release: str, python: str) -> None:
    # Ubuntu 22.04's python3 is 3.10; on UOS and Kylin the real install asks apt (not with --root)
    installed(make_root(tmp_path, os_release))
    packages = plan(tmp_path)[1].split()
    assert python in packages and f"{python}-venv" in packages


@pytest.mark.parametrize(("os_release", "found", "missing"), [
    ('PRETTY_NAME="Fedora Linux 40 (Workstation Edition)"\nID=fedora\nVERSION_ID=40\n',
     "Fedora Linux 40 (Workstation Edition) (ID=fedora ID_LIKE=none VERSION_ID=40",
     "a Debian-based system"),
    ('PRETTY_NAME="Debian GNU/Linux 11 (bullseye)"\nID=debian\nVERSION_ID="11"\n',
     "Debian GNU/Linux 11 (bullseye) (ID=debian ID_LIKE=none VERSION_ID=11",
     "a supported release: Debian 12 or 13, Ubuntu 22.04 or 24.04"),
    ('PRETTY_NAME="Linux Mint 21.3"\nID=linuxmint\nID_LIKE="ubuntu debian"\nVERSION_ID="21.3"\n',
     "Linux Mint 21.3 (ID=linuxmint ID_LIKE=ubuntu debian VERSION_ID=21.3",
     "a supported release"),
])
def test_an_unsupported_system_is_named_and_nothing_changes(tmp_path: Path, os_release: str, found: str,
                                                            missing: str) -> None:
    make_root(tmp_path, os_release)
    refused = install(tmp_path)
    assert refused.returncode == 1
    assert "this system is not supported; nothing was changed" in refused.stderr
    assert f"found:   {found}" in refused.stderr
    assert f"missing: {missing}" in refused.stderr
    assert sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*")) == ["etc", "etc/os-release"]
