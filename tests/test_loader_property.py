"""Random trees of files: the loader never raises and accounts for every file it is given."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.config import DEFAULT_ZONES
from kiosk.content.loader import load_catalog
from kiosk.content.model import Catalog
from kiosk.content.probe import Prober

PNG = (Path(__file__).parent / "data" / "tiny.png").read_bytes()
NAMES = st.sampled_from([
    "a", "01-党史", "panel", "body", "zone", "cover", "红船", ".hidden", "x~", "4913", "Thumbs",
    "copy.part", "a.b", "README",
])
EXTS = st.sampled_from(["", ".jpg", ".png", ".md", ".txt", ".yaml", ".mp4", ".mp3", ".srt", ".docx", ".tmp"])
CONTENTS = st.sampled_from([
    b"", PNG, PNG[:40], b"title: x\n", b"title: [\n", b"media: [a.jpg]\n", b"kind: quiz\nquiz: 3\n",
    b"chart: {type: pie, labels: [a], series: [{values: [1]}]}\n", "正文".encode("gbk"), b"\xff\xd8\xff\x00",
    b"cover: ../../x.png\n", "正文".encode(), b"- a\n- b\n",
])
FILE_NAMES = st.one_of(
    st.sampled_from(["panel.yaml", "body.md", "zone.yaml", "a.jpg", "cover.jpg", "clip.mp4", "clip.srt"]),
    st.builds(lambda n, e: n + e, NAMES, EXTS),
)
FOLDERS = st.sampled_from(["management", "education", "showcase", "learning", "activity", "stray", ".git"])


@st.composite
def trees(draw: st.DrawFn) -> list[tuple[str, bytes | None]]:
    """(relative path, content) pairs; None content makes a symbolic link."""
    entries = []
    for _ in range(draw(st.integers(1, 30))):
        depth = draw(st.integers(0, 2))
        parts = [draw(FOLDERS)] + [draw(NAMES) for _ in range(depth)]
        parts.append(draw(FILE_NAMES))
        content = draw(st.one_of(CONTENTS, st.none())) if draw(st.booleans()) else draw(CONTENTS)
        entries.append(("/".join(parts), content))
    return entries


def build(root: Path, entries: list[tuple[str, bytes | None]]) -> None:
    for rel, content in entries:
        path = root / rel
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            if path.exists() or path.is_symlink():
                continue
            if content is None:
                os.symlink("/etc/hostname" if len(rel) % 2 else "../" * 6 + "tmp", path)
            else:
                path.write_bytes(content)
        except (FileExistsError, NotADirectoryError):
            continue  # a file already stands where a folder was wanted


def accounted(catalog: Catalog) -> set[str]:
    names = set(catalog.ignored) | set(catalog.rejected) | {p.path for p in catalog.problems}
    for panel in catalog.panels.values():
        names.update(panel.files)
    for zone in catalog.zones:
        names.update(zone.files)
    return names


def all_files(root: Path) -> list[str]:
    found = []
    for folder, dirs, files in os.walk(root):
        for name in files + [d for d in dirs if (Path(folder) / d).is_symlink()]:
            found.append((Path(folder) / name).relative_to(root).as_posix())
    return found


PROBER = Prober()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(trees())
def test_loader_never_raises_and_accounts_for_every_file(entries: list[tuple[str, bytes | None]]) -> None:
    root = Path(tempfile.mkdtemp()) / "content"
    try:
        root.mkdir()
        build(root, entries)
        catalog = load_catalog(root, DEFAULT_ZONES, PROBER)
        known = accounted(catalog)
        for rel in all_files(root):
            parts = rel.split("/")
            ancestors = {"/".join(parts[:i]) for i in range(1, len(parts) + 1)}
            assert ancestors & known, f"{rel} is neither shown nor explained"
        for panel in catalog.panels.values():
            assert panel.id.startswith(panel.zone + "/")
            assert panel.kind in ("article", "gallery", "video", "audio", "chart", "quiz", "timeline")
    finally:
        shutil.rmtree(root.parent)
