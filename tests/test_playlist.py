"""Attract playlists: every item names something real, or check says which and it is skipped."""

from __future__ import annotations

from pathlib import Path

from kiosk.attract.playlist import load_playlist
from kiosk.config import DEFAULT_ZONES, load_config
from kiosk.content.loader import load_catalog
from kiosk.content.model import Catalog
from tests.conftest import REPO, make_image, write


def tree(tmp_path: Path) -> Catalog:
    content = tmp_path / "content"
    make_image(content / "education" / "cover.jpg")
    write(content / "education" / "zone.yaml", "cover: cover.jpg\n")
    make_image(content / "education" / "01-开天辟地" / "poster.jpg")
    write(content / "education" / "01-开天辟地" / "panel.yaml", "title: 开天辟地\nsubtitle: 1921年7月\n")
    return load_catalog(content, DEFAULT_ZONES)


def test_items_resolve_to_pictures_and_titles(tmp_path: Path) -> None:
    folder = tmp_path / "playlists"
    write(folder / "hall.yaml", (
        "items:\n  - zone: education\n    caption: 不忘初心\n  - panel: education/01-开天辟地\n"
        "    seconds: 12\n    transition: slide\n  - media: education/01-开天辟地/poster.jpg\n"
    ))
    playlist, problems = load_playlist(folder, "hall", tree(tmp_path))
    assert problems == []
    assert [(i.picture, i.title, i.subtitle, i.seconds, i.transition) for i in playlist.items] == [
        ("education/cover.jpg", "教育", "不忘初心", 8.0, "crossfade"),
        ("education/01-开天辟地/poster.jpg", "开天辟地", "1921年7月", 12.0, "slide"),
        ("education/01-开天辟地/poster.jpg", "", "", 8.0, "crossfade"),
    ]


def test_items_that_name_nothing_are_named_and_skipped(tmp_path: Path) -> None:
    folder = tmp_path / "playlists"
    write(folder / "hall.yaml", (
        "items:\n  - panel: education/01-开天辟\n  - zone: educaton\n  - media: missing.jpg\n"
        "  - panel: education/01-开天辟地\n    seconds: 1\n  - zone: education\n    transition: wipe\n"
        "  - zone: education\n    secs: 3\n"
    ))
    playlist, problems = load_playlist(folder, "hall", tree(tmp_path))
    messages = [p.message for p in problems]
    assert len(playlist.items) == 1  # the last item, shown despite its unknown key
    assert "Did you mean 'education/01-开天辟地'" in messages[0]
    assert "Did you mean 'education'" in messages[1]
    assert "not a usable picture" in messages[2]
    assert "from 2 to 600" in messages[3]
    assert "Did you mean 'crossfade'" in messages[4] or "Use one of" in messages[4]
    assert "unknown key 'secs'" in messages[5] and problems[5].severity == "warning"
    assert all(p.path == "playlists/hall.yaml" and p.line for p in problems)


def test_a_missing_or_broken_playlist_falls_back_to_zone_covers(tmp_path: Path) -> None:
    catalog = tree(tmp_path)
    playlist, problems = load_playlist(tmp_path / "playlists", "hall", catalog)
    assert "does not exist" in problems[0].message
    assert [i.source for i in playlist.items][:2] == ["zone:management", "zone:education"]
    write(tmp_path / "playlists" / "hall.yaml", "items: [\n")
    playlist, problems = load_playlist(tmp_path / "playlists", "hall", catalog)
    assert problems[0].line == 2 and len(playlist.items) == 5


def test_the_shipped_playlist_shows_pictures_and_a_muted_video() -> None:
    config = load_config(REPO / "config.yaml")
    catalog = load_catalog(config.paths.content, config.zones)
    playlist, problems = load_playlist(config.paths.playlists, config.attract.playlist, catalog)
    assert problems == []
    assert len(playlist.items) >= 8 and all(item.picture or item.video for item in playlist.items)
    videos = [item for item in playlist.items if item.video]
    assert videos and not any(item.sound for item in videos)
