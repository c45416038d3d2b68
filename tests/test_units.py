"""The units and scripts that take the screen from power-on: checked by systemd, run with stand-ins.

systemd is not PID 1 where these tests run and there is no real display, so the units are
checked offline with `systemd-analyze verify` (which also checks that ExecStart's program
exists: the install paths are moved into the throwaway root for that), and the scripts of
the chain kiosk-display -> xinit -> kiosk-session -> python run with stand-ins for xinit,
xset, setxkbmap, chvt and python that record how they were called.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
from pathlib import Path

import pytest

from tests.appliance import KIOSK_DIR, installed, make_root, relocated, unit_settings

UNITS = Path("etc/systemd/system")


@pytest.fixture
def root(tmp_path: Path) -> Path:
    root = make_root(tmp_path / "root")
    installed(root)
    return root


def _systemd_version() -> int:
    first = subprocess.run(["systemctl", "--version"], capture_output=True, text=True, check=True).stdout
    return int(first.split()[1])


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze is not installed here")
def test_systemd_analyze_verify_finds_nothing_to_say(root: Path, tmp_path: Path) -> None:
    checked = tmp_path / "units"
    for unit in (root / UNITS).rglob("*"):
        if unit.is_file():
            relocated(unit, root, checked / unit.relative_to(root / UNITS))
    verify = subprocess.run(["systemd-analyze", "verify", str(checked / "kiosk.service"),
                             str(checked / "kiosk-maintenance.service"), str(checked / "kiosk-console.service")],
                            capture_output=True, text=True, check=False)
    assert (verify.returncode, verify.stdout + verify.stderr) == (0, "")


@pytest.mark.skipif(shutil.which("systemctl") is None, reason="systemctl is not installed here")
def test_restart_mode_is_set_only_where_systemd_knows_it(root: Path) -> None:
    drop_in = root / UNITS / "kiosk.service.d" / "restart-mode.conf"
    assert drop_in.is_file() == (_systemd_version() >= 254)


def test_the_kiosk_is_supervised_and_hands_over_to_the_card(root: Path) -> None:
    kiosk = unit_settings(root / UNITS / "kiosk.service")
    assert kiosk["Type"] == ["notify"] and kiosk["NotifyAccess"] == ["all"]
    assert kiosk["WatchdogSec"] == ["10"]
    assert kiosk["Restart"] == ["always"]
    assert (kiosk["StartLimitBurst"], kiosk["StartLimitIntervalSec"]) == (["5"], ["120"])
    assert kiosk["OnFailure"] == ["kiosk-maintenance.service"]
    assert (kiosk["StandardOutput"], kiosk["StandardError"]) == (["journal"], ["journal"])
    card = unit_settings(root / UNITS / "kiosk-maintenance.service")
    assert "kiosk.service" in card["Conflicts"][0].split()
    assert "[Install]" not in (root / UNITS / "kiosk-maintenance.service").read_text(encoding="utf-8")


def test_the_console_runs_on_its_own_as_the_kiosk_user_writing_only_the_hall(root: Path) -> None:
    console = unit_settings(root / UNITS / "kiosk-console.service")
    assert console["User"] == ["kiosk"]
    assert console["ExecStart"] == [f"{KIOSK_DIR}/bin/kiosk console --config {KIOSK_DIR}/hall/config.yaml"]
    assert console["Restart"] == ["always"] and console["RestartPreventExitStatus"] == ["2"]
    assert console["ProtectSystem"] == ["strict"]
    assert console["ReadWritePaths"] == [f"{KIOSK_DIR}/hall {KIOSK_DIR}/home"]
    assert console["WantedBy"] == ["multi-user.target"]
    assert "kiosk.service" not in " ".join(console.get("Requires", []) + console.get("BindsTo", []))


@pytest.mark.parametrize(("unit", "command"), [("kiosk.service", "run"),
                                               ("kiosk-maintenance.service", "maintenance")])
def test_both_screens_run_unprivileged_on_vt7_in_a_login_session(root: Path, unit: str, command: str) -> None:
    settings = unit_settings(root / UNITS / unit)
    assert settings["User"] == ["kiosk"]
    assert settings["PAMName"] == ["login"] and settings["TTYPath"] == ["/dev/tty7"]
    assert "getty@tty7.service" in settings["Conflicts"][0].split()
    assert settings["WorkingDirectory"] == [f"{KIOSK_DIR}/hall"]
    assert settings["ExecStart"] == [f"{KIOSK_DIR}/bin/kiosk-display {command}"]


def _stand_ins(folder: Path, record: Path) -> dict[str, str]:
    """xinit, chvt, xset, setxkbmap: each writes its name and arguments to `record`, one line."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("xinit", "chvt", "xset", "setxkbmap"):
        tool = folder / name
        tool.write_text(f'#!/bin/sh\necho "{name} $*" >>"{record}"\n', encoding="utf-8")
        tool.chmod(0o755)
    return {**os.environ, "PATH": f"{folder}:{os.environ['PATH']}"}


def test_kiosk_display_starts_a_bare_x_server_on_vt7_with_the_session(root: Path, tmp_path: Path) -> None:
    record = tmp_path / "calls.txt"
    env = _stand_ins(tmp_path / "stand-ins", record)
    display = relocated(root / KIOSK_DIR.lstrip("/") / "bin" / "kiosk-display", root, tmp_path / "kiosk-display")
    subprocess.run([str(display), "run"], env=env, check=True)
    session = f"{root}{KIOSK_DIR}/bin/kiosk-session"
    assert record.read_text(encoding="utf-8").splitlines() == [
        "chvt 7",
        f"xinit {session} run -- /usr/bin/Xorg :0 vt7 -keeptty -nolisten tcp -nocursor -s 0 -dpms",
    ]


def test_the_session_becomes_the_kiosk_on_the_halls_config_and_owns_the_watchdog(root: Path,
                                                                                 tmp_path: Path) -> None:
    kiosk_dir = root / KIOSK_DIR.lstrip("/")
    record = tmp_path / "calls.txt"
    env = _stand_ins(tmp_path / "stand-ins", record)
    env["WATCHDOG_PID"] = "1"  # what systemd sets: xinit's pid
    relocated(kiosk_dir / "bin" / "kiosk", root, kiosk_dir / "bin" / "kiosk")
    python = kiosk_dir / "venv" / "bin" / "python"
    python.parent.mkdir(parents=True)
    python.write_text('#!/bin/sh\necho "python $* | pid $$ | watchdog $WATCHDOG_PID | cwd $PWD '
                      '| path $PYTHONPATH | unbuffered $PYTHONUNBUFFERED '
                      f'| ignored $(sed -n "s/^SigIgn:\\s*//p" /proc/$$/status)" >>"{record}"\n', encoding="utf-8")
    python.chmod(0o755)
    session = relocated(kiosk_dir / "bin" / "kiosk-session", root, tmp_path / "kiosk-session")

    subprocess.run([str(session), "run"], env=env, check=True)

    xset, setxkbmap, started = record.read_text(encoding="utf-8").splitlines()
    assert xset == "xset s off -dpms s noblank"
    assert setxkbmap == "setxkbmap -option srvrkeys:none"
    args, pid, watchdog, cwd, path, unbuffered, ignored = (part.split(" ", 1)[1] for part in started.split(" | "))
    assert args == f"-P -m kiosk run --config {kiosk_dir}/hall/config.yaml"
    assert watchdog == pid  # the pings come from the very process systemd watches
    assert (cwd, path, unbuffered) == (f"{kiosk_dir}/hall", f"{kiosk_dir}/app", "1")
    assert int(ignored, 16) & 1 << (signal.SIGHUP - 1)  # xinit's hang-up leaves the stop to systemd's SIGTERM
