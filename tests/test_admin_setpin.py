from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from kiosk.admin.pin import verify_pin
from kiosk.admin.setpin import with_pin_hash
from kiosk.config import load_config
from tests.conftest import REPO, write


def test_the_hash_replaces_one_line_and_keeps_the_comments() -> None:
    text = (REPO / "config.yaml").read_text(encoding="utf-8")
    updated = with_pin_hash(text, "scrypt$16384:8:1$c2FsdA==$aGFzaA==")
    before, after = text.splitlines(), updated.splitlines()
    assert len(before) == len(after)
    changed = [(a, b) for a, b in zip(before, after, strict=True) if a != b]
    assert len(changed) == 1 and changed[0][1].strip().startswith('pin_hash: "scrypt$')
    assert "# default" in changed[0][1]


def test_a_config_without_admin_gets_one() -> None:
    assert with_pin_hash("kiosk_id: a\n", "scrypt$1:1:1$a$b").endswith('admin:\n  pin_hash: "scrypt$1:1:1$a$b"\n')


def test_set_pin_writes_a_hash_the_kiosk_accepts(tmp_path: Path) -> None:
    config = tmp_path / "config.yaml"
    config.write_text((REPO / "config.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    run = [sys.executable, "-m", "kiosk", "set-pin", "--config", str(config), "--pin-stdin"]
    result = subprocess.run(run, input="2468\n", capture_output=True, text=True, cwd=REPO, check=False)
    assert result.returncode == 0, result.stderr
    stored = load_config(config).admin.pin_hash
    assert verify_pin("2468", stored) and "2468" not in config.read_text(encoding="utf-8")


def test_an_easy_pin_changes_nothing(tmp_path: Path) -> None:
    config = write(tmp_path / "config.yaml", "kiosk_id: a\n")
    run = [sys.executable, "-m", "kiosk", "set-pin", "--config", str(config), "--pin-stdin"]
    result = subprocess.run(run, input="1234\n", capture_output=True, text=True, cwd=REPO, check=False)
    assert result.returncode == 1 and "too easy" in result.stderr
    assert config.read_text(encoding="utf-8") == "kiosk_id: a\n"
