"""1,000 random file operations while the kiosk runs: it never stops, and in the end it shows
exactly what a fresh read of the final tree gives.

The operations are what curators and their tools do: folders of panels copied in, files
written in pieces, editors' atomic saves, downloads finished by a rename, renames and
deletions of files and folders, a video copied in, zone.yaml edited. The periodic rescan is
off, so every change must reach the screen through events alone. Another seed:
LIVE_STRESS_SEED=7 ./scripts/test.sh -k stress
"""

from __future__ import annotations

import io
import itertools
import os
import random
import shutil
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from functools import partial
from pathlib import Path

import pygame
from PIL import Image

from kiosk.config import DEFAULT_ZONES, LiveConfig
from kiosk.content.loader import load_catalog
from kiosk.content.model import Catalog
from kiosk.live.onscreen import show
from kiosk.live.watcher import ContentWatcher
from tests.test_screens import display, make_app

__all__ = ["display"]  # the headless screen fixture, shared with test_screens.py

SEED = int(os.environ.get("LIVE_STRESS_SEED", "2026"))
OPERATIONS = 1000
ZONES = ("education", "showcase")
NAMES = [f"{i:02d}-版面{i}" for i in range(12)]
FILES = ["panel.yaml", "body.md", "a.jpg", "b.png", "body.en.md"]


def picture(fmt: str, colour: tuple[int, int, int]) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (48, 32), colour).save(out, format=fmt)
    return out.getvalue()


JPEG, PNG = picture("JPEG", (178, 34, 34)), picture("PNG", (31, 78, 121))
CONTENTS = {
    "panel.yaml": [b"title: \xe6\xa0\x87\xe9\xa2\x98\n", b"title: [\n", b"media: [a.jpg]\n", b"kind: gallery\n",
                   b"order: 3\ntitle: x\n", b"kind: quiz\nquiz: 3\n", b""],
    "body.md": ["正文。\n".encode(), "## 小标题\n\n段落。\n".encode(), b"", "正文".encode("gbk")],
    "body.en.md": [b"English text.\n"],
    "a.jpg": [JPEG, JPEG[:60], b""],
    "b.png": [PNG, PNG[:30]],
    "zone.yaml": [b"title: \xe5\xb1\x95\xe5\x8c\xba\n", b"cover: cover.jpg\n", b"title: [\n"],
}


class Curator:
    """Random operations on content/, as fast as a script and as messy as people."""

    def __init__(self, root: Path, clip: bytes, rng: random.Random) -> None:
        self.root, self.clip, self.rng = root, clip, rng

    def panel(self) -> Path:
        return self.root / self.rng.choice(ZONES) / self.rng.choice(NAMES)

    def write_in_pieces(self, path: Path, data: bytes) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        pieces = self.rng.randint(1, 4)
        bounds = [len(data) * i // pieces for i in range(pieces + 1)]
        with path.open("wb") as out:
            for start, end in itertools.pairwise(bounds):
                out.write(data[start:end])
                out.flush()
                time.sleep(self.rng.choice((0, 0, 0.002, 0.01)))

    def content_for(self, name: str) -> bytes:
        return self.rng.choice(CONTENTS.get(name, CONTENTS["body.md"]))

    def step(self) -> None:
        rng = self.rng
        action = rng.choices(
            ["folder", "write", "save", "download", "rename_file", "rename_folder", "delete_file",
             "delete_folder", "single_file", "nested", "zone_yaml", "video"],
            [8, 20, 15, 5, 8, 4, 10, 5, 8, 4, 2, 1])[0]
        panel = self.panel()
        if action == "folder":  # a panel folder copied in
            for name in rng.sample(FILES, rng.randint(1, 3)):
                self.write_in_pieces(panel / name, self.content_for(name))
        elif action == "write":
            name = rng.choice(FILES)
            self.write_in_pieces(panel / name, self.content_for(name))
        elif action == "save":  # an editor: a temporary file renamed into place
            name = rng.choice(["panel.yaml", "body.md"])
            panel.mkdir(parents=True, exist_ok=True)
            temp = panel / f".{name}.swp"
            temp.write_bytes(self.content_for(name))
            os.replace(temp, panel / name)
        elif action == "download":  # a browser: name.part, then the real name
            self.write_in_pieces(panel / "a.jpg.part", JPEG)
            os.replace(panel / "a.jpg.part", panel / "a.jpg")
        elif action == "rename_file":
            files = [p for p in panel.glob("*") if p.is_file()]
            if files:
                target = self.panel()
                target.mkdir(parents=True, exist_ok=True)
                os.replace(rng.choice(files), target / rng.choice(FILES))
        elif action == "rename_folder":
            target = self.panel()
            if panel.is_dir() and not target.exists():
                panel.rename(target)
        elif action == "delete_file":
            files = [p for p in panel.rglob("*") if p.is_file()]
            if files:
                rng.choice(files).unlink()
        elif action == "delete_folder":
            shutil.rmtree(panel, ignore_errors=True)
        elif action == "single_file":  # a file dropped straight into the zone
            name = f"{panel.name}{rng.choice(['.md', '.jpg', '.png', '.txt'])}"
            data = {".md": "文字。\n".encode(), ".txt": b"text\n", ".jpg": JPEG, ".png": PNG}[Path(name).suffix]
            self.write_in_pieces(panel.parent / name, data if rng.random() < 0.8 else data[:20])
        elif action == "nested":
            self.write_in_pieces(panel / "更多" / rng.choice(["c.jpg", "d.md"]), JPEG)
        elif action == "zone_yaml":
            zone = panel.parent
            self.write_in_pieces(zone / "zone.yaml", self.content_for("zone.yaml"))
            if rng.random() < 0.5:
                self.write_in_pieces(zone / "cover.jpg", JPEG)
        else:  # a documentary copied from a USB stick
            self.write_in_pieces(panel.parent / f"{panel.name}.mp4", self.clip)


def shown_without_kept(live: Catalog, fresh: Catalog) -> Catalog:
    """The live Catalog minus panels kept in their last good version, each of which must be a
    panel that is broken now: its files are there and a fresh read names an error in them."""
    kept = set(live.panels) - set(fresh.panels)
    for pid in kept:
        assert any(p.severity == "error" and p.path.startswith(pid) for p in fresh.problems), pid
    zones = tuple(replace(z, panel_ids=tuple(p for p in z.panel_ids if p not in kept)) for z in live.zones)
    panels = {pid: p for pid, p in live.panels.items() if pid not in kept}
    return replace(live, zones=zones, panels=panels, ignored=())


def test_a_thousand_random_operations_end_in_what_a_fresh_read_shows(
        display: pygame.Surface, tmp_path: Path, media_dir: Path) -> None:
    root = tmp_path / "content"
    for zone in DEFAULT_ZONES:
        (root / zone.id).mkdir(parents=True)
    app = make_app(display, root)
    watcher = ContentWatcher(root, DEFAULT_ZONES, LiveConfig("inotify", 2.0, 0, 0.5))
    app.ctx.catalog = watcher.load()

    def follow(reload) -> None:
        app.inbox.put(lambda: show(app, reload))
        pygame.event.post(pygame.event.Event(pygame.USEREVENT))

    watcher.start(follow)
    rng = random.Random(SEED)
    curator = Curator(root, (media_dir / "clip.mp4").read_bytes(), rng)

    def visit(panel_id: str | None) -> None:
        if panel_id is not None:
            app.panel(panel_id)
        else:
            app.zone(rng.choice(ZONES))

    def work() -> None:
        try:
            for i in range(OPERATIONS):
                try:
                    curator.step()
                except OSError:
                    pass  # a rename onto a folder, a file removed meanwhile: people's commands fail too
                if i % 40 == 0:  # a visitor moves on meanwhile
                    ids = [p for p in app.ctx.catalog.panels if p.split("/")[0] in ZONES]
                    app.inbox.put(partial(visit, rng.choice(ids) if ids else None))
                time.sleep(rng.choice((0, 0, 0, 0.005, 0.02, 0.4 if i % 100 == 0 else 0)))
            calm = 0
            deadline = time.monotonic() + 60
            while calm < 10 and time.monotonic() < deadline:
                time.sleep(0.1)
                calm = calm + 1 if watcher.idle else 0
            done = threading.Event()
            app.inbox.put(done.set)  # runs after every reload already handed to the loop
            pygame.event.post(pygame.event.Event(pygame.USEREVENT))
            done.wait(30)
        finally:
            app.stop()

    with ThreadPoolExecutor(1) as pool:
        curating = pool.submit(work)
        try:
            app.run()  # the kiosk's own loop, drawing every change
        finally:
            curating.result(timeout=120)  # raises what went wrong in the curator's thread
            alive = watcher._thread is not None and watcher._thread.is_alive()
            watcher.stop()
    assert alive, "the watcher stopped"
    assert not [p for p in app.ctx.runtime_problems if "last good version" not in p]
    fresh = load_catalog(root, DEFAULT_ZONES)
    assert shown_without_kept(app.ctx.catalog, fresh) == replace(fresh, ignored=())
    assert len(fresh.panels) > 5  # the operations left a hall worth comparing
