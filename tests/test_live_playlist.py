"""The attract playlist read while the kiosk runs: a good save is taken, a broken one leaves the
last good version, a deletion falls back to the zones' covers as at start."""

from __future__ import annotations

import shutil
from pathlib import Path

from kiosk.attract.playlist import load_playlist
from kiosk.config import DEFAULT_ZONES
from kiosk.content.loader import load_catalog
from kiosk.content.model import Catalog
from kiosk.live.playlist import KEPT, SHOWN, PlaylistKeeper
from tests.conftest import make_image, write

FIRST = "education/01-开天辟地"
SECOND = "education/02-入党誓词"


def hall(tmp_path: Path) -> Catalog:
    content = tmp_path / "content"
    for zone in DEFAULT_ZONES:
        (content / zone.id).mkdir(parents=True, exist_ok=True)
    make_image(content / FIRST / "poster.jpg")
    write(content / FIRST / "panel.yaml", "title: 开天辟地\n")
    make_image(content / SECOND / "poster.jpg")
    write(content / SECOND / "panel.yaml", "title: 入党誓词\n")
    return load_catalog(content, DEFAULT_ZONES)


def sources(keeper: PlaylistKeeper, catalog: Catalog) -> list[str]:
    return [item.source for item in keeper.playlist(catalog).items]


def started(tmp_path: Path, text: str | None) -> tuple[PlaylistKeeper, Catalog]:
    catalog = hall(tmp_path)
    if text is not None:
        write(tmp_path / "playlists" / "hall.yaml", text)
    keeper = PlaylistKeeper(tmp_path / "playlists", "hall")
    assert keeper.accept(keeper.read(catalog)) == SHOWN
    return keeper, catalog


def test_a_saved_playlist_is_shown_as_load_playlist_reads_it(tmp_path: Path) -> None:
    keeper, catalog = started(tmp_path, f"items:\n  - panel: {FIRST}\n")
    assert sources(keeper, catalog) == [f"panel:{FIRST}"]
    write(keeper.path, f"items:\n  - panel: {SECOND}\n    seconds: 20\n  - zone: education\n")
    assert keeper.accept(keeper.read(catalog, last_event=5.0)) == SHOWN
    assert keeper.playlist(catalog) == load_playlist(keeper.folder, "hall", catalog)[0]
    assert keeper.accept(keeper.read(catalog)) is None  # read again unchanged: nothing to show anew


def test_a_half_typed_save_keeps_the_last_good_playlist_until_it_is_fixed(tmp_path: Path) -> None:
    keeper, catalog = started(tmp_path, f"items:\n  - panel: {FIRST}\n")
    write(keeper.path, f"items:\n  - panel: {SECOND}\n  - zone: [educ\n")
    result = keeper.read(catalog)
    assert result.broken
    assert keeper.accept(result) == KEPT
    assert sources(keeper, catalog) == [f"panel:{FIRST}"]
    (problem,) = keeper.problems
    assert problem.path == "playlists/hall.yaml" and problem.line and problem.severity == "error"
    assert keeper.accept(keeper.read(catalog)) is None  # said once
    write(keeper.path, f"items:\n  - panel: {SECOND}\n")
    assert keeper.accept(keeper.read(catalog)) == SHOWN
    assert sources(keeper, catalog) == [f"panel:{SECOND}"] and keeper.problems == ()


def test_a_save_of_which_nothing_can_be_shown_keeps_the_last_good_playlist(tmp_path: Path) -> None:
    keeper, catalog = started(tmp_path, f"items:\n  - panel: {FIRST}\n")
    write(keeper.path, "items:\n  - panel: education/99-没有这个版面\n")
    assert keeper.accept(keeper.read(catalog)) == KEPT
    assert sources(keeper, catalog) == [f"panel:{FIRST}"]


def test_an_item_skipped_is_named_but_the_rest_is_shown(tmp_path: Path) -> None:
    keeper, catalog = started(tmp_path, f"items:\n  - panel: {FIRST}\n")
    write(keeper.path, f"items:\n  - panel: {SECOND}\n  - panel: education/03-红船\n")
    assert keeper.accept(keeper.read(catalog)) == SHOWN
    assert sources(keeper, catalog) == [f"panel:{SECOND}"]
    assert "education/03-红船" in keeper.problems[0].message


def test_deleting_the_playlist_shows_the_zones_covers_and_says_which_playlists_there_are(tmp_path: Path) -> None:
    keeper, catalog = started(tmp_path, f"items:\n  - panel: {FIRST}\n")
    write(tmp_path / "playlists" / "hal.yaml", "items: []\n")
    keeper.path.unlink()
    assert keeper.accept(keeper.read(catalog)) == SHOWN
    assert sources(keeper, catalog) == [f"zone:{z.id}" for z in DEFAULT_ZONES]
    expected = load_playlist(keeper.folder, "hall", catalog)[1]
    assert list(keeper.problems) == expected and "'hal'" in expected[0].message


def test_a_new_file_named_as_the_configured_playlist_is_shown(tmp_path: Path) -> None:
    keeper, catalog = started(tmp_path, None)
    assert sources(keeper, catalog)[0] == "zone:management"
    write(keeper.path, f"items:\n  - panel: {SECOND}\n")
    assert keeper.accept(keeper.read(catalog)) == SHOWN
    assert sources(keeper, catalog) == [f"panel:{SECOND}"]


def test_the_last_good_version_follows_the_content_while_the_file_is_broken(tmp_path: Path) -> None:
    keeper, catalog = started(tmp_path, f"items:\n  - panel: {FIRST}\n  - panel: {SECOND}\n")
    write(keeper.path, "items: [\n")
    assert keeper.accept(keeper.read(catalog)) == KEPT
    shutil.rmtree(tmp_path / "content" / SECOND)
    write(tmp_path / "content" / FIRST / "panel.yaml", "title: 开天辟地（修订）\n")
    newer = load_catalog(tmp_path / "content", DEFAULT_ZONES)
    assert [item.title for item in keeper.playlist(newer).items] == ["开天辟地（修订）"]
    assert keeper.problems[0].line == 2  # still the broken file's problem, not the kept version's


def test_a_read_of_the_old_name_after_a_rename_is_ignored(tmp_path: Path) -> None:
    keeper, catalog = started(tmp_path, f"items:\n  - panel: {FIRST}\n")
    write(tmp_path / "playlists" / "七一.yaml", f"items:\n  - panel: {SECOND}\n")
    stale = keeper.read(catalog)
    keeper.rename("七一")
    assert keeper.accept(stale) is None
    assert keeper.accept(keeper.read(catalog)) == SHOWN
    assert sources(keeper, catalog) == [f"panel:{SECOND}"]
