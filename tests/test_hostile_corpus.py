"""One file of the hostile corpus beside the demo hall: every demo panel still shows, and the
file is named with a problem a curator can act on (issue #19)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.config import DEFAULT_ZONES
from kiosk.content.loader import load_catalog
from kiosk.content.model import Catalog, Problem
from kiosk.content.probe import Prober
from tests.conftest import REPO
from tests.hostile import Case, cases

DEMO = REPO / "content"
CASES = cases((DEMO / "activity" / "23-主题党日掠影.mp4").read_bytes())
PROBER = Prober()  # the demo's files are probed once for all cases

# Words of libraries and of Python that mean nothing to a curator.
JARGON = ("constructor", "tag:yaml.org", "could not determine", "while parsing", "while scanning", "<stream",
          "<block", "invalid literal", "NoneType", "object has no attribute", "unhashable", "Traceback",
          "Error:", "Error)", "Error(", "Errno", "codec can't", "struct.", "errno", "exception", "None",
          "libvlc", "PyYAML", "Pillow")
# A problem ends by telling what to do.
FIX = re.compile(r"\b(Rename|Remove|Export|Copy|Save|Write|Give|Add|Move|Check|Use|Put|Fix|Make|Keep|Retype|Name|"
                 r"Split|Create|Resize|Install|Shorten|Send|Did you mean|To show it|remove|rename|put|write|use|"
                 r"keep|retype|indent)\b")


def load(root: Path) -> Catalog:
    return load_catalog(root, DEFAULT_ZONES, PROBER)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Catalog]:
    root = tmp_path_factory.mktemp("hall") / "content"
    shutil.copytree(DEMO, root, symlinks=True)
    catalog = load(root)
    assert catalog.problems == ()  # the demo hall is clean, so every problem below is the case's
    return root, catalog


def _entries(root: Path) -> set[str]:
    return {os.path.join(folder, name) for folder in (str(root), *(str(root / z.id) for z in DEFAULT_ZONES))
            for name in os.listdir(folder)}


def _remove(path: str) -> None:
    if os.path.isdir(path) and not os.path.islink(path):
        shutil.rmtree(path)
    else:
        os.unlink(path)


@pytest.fixture
def planted(demo: tuple[Path, Catalog], request: pytest.FixtureRequest) -> Iterator[tuple[Case, Catalog, Catalog]]:
    """The case planted beside the demo hall, loaded, then taken away again."""
    root, before = demo
    case: Case = request.param
    existing = _entries(root)
    case.plant(root)
    try:
        yield case, before, load(root)
    finally:
        for path in _entries(root) - existing:
            _remove(path)


def assert_curator_can_act(problem: Problem) -> None:
    line = str(problem)
    assert "\n" not in line and "\r" not in line, line
    assert not problem.path.startswith(("/", "..")), line
    assert not any(word in problem.message for word in JARGON), line
    assert FIX.search(problem.message), f"no fix in: {line}"


@pytest.mark.parametrize("planted", CASES, ids=[c.name for c in CASES], indirect=True)
def test_one_hostile_file_never_stops_the_hall(planted: tuple[Case, Catalog, Catalog]) -> None:
    case, before, after = planted
    for panel_id, panel in before.panels.items():
        assert after.panels.get(panel_id) == panel, f"{case.name} took {panel_id} off the screen"
    for problem in after.problems:
        assert_curator_can_act(problem)
    named = [p for p in after.problems if p.path == case.where]
    if case.shown:
        assert not [p for p in named if p.severity == "error"], [str(p) for p in named]
        assert any(case.where in panel.files for panel in after.panels.values()), f"{case.where} is not shown"
    else:
        assert named, f"no problem names {case.where}: {[str(p) for p in after.problems]}"


def test_check_names_every_planted_file(tmp_path: Path) -> None:
    root = tmp_path / "content"
    shutil.copytree(DEMO, root, symlinks=True)
    for case in CASES:
        case.plant(root)
    result = subprocess.run([sys.executable, "-m", "kiosk", "check", "--content", str(root)],
                            check=False, capture_output=True, cwd=REPO, timeout=300)
    out = result.stdout.decode("utf-8")  # strict: no raw bytes of a name
    assert result.returncode == 1 and "Traceback" not in out + result.stderr.decode("utf-8", "replace")
    assert "\x1b" not in out and "\u202e" not in out
    starts = {line.split(": ")[0].rsplit(":", 1)[0] for line in out.splitlines()}
    for case in CASES:
        if not case.shown:
            assert case.where in starts, f"check does not name {case.where}"


@pytest.mark.parametrize(("name", "words"), [
    ("heic-as-jpg", "iPhone photo (HEIC), though it is named .jpg. Export it as JPEG"),
    ("avif-as-jpg", "AVIF picture"), ("tiff-as-jpg", "TIFF picture"), ("svg-as-jpg", "SVG drawing"),
    ("psd-as-jpg", "Photoshop file"), ("html-as-jpg", "web page (HTML)"), ("heic-as-mp4", "HEIC file, not a video"),
])
def test_a_picture_is_named_for_what_its_bytes_say(tmp_path: Path, name: str, words: str) -> None:
    (case,) = [c for c in CASES if c.name == name]
    (tmp_path / "education").mkdir()
    case.plant(tmp_path)
    (problem,) = [p for p in load(tmp_path).problems if p.path == case.where]
    assert words in problem.message
    assert "video" not in problem.message.replace("not a video", "")
