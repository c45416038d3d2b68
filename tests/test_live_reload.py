"""Re-reading only what changed gives exactly what reading everything gives, and a panel a
curator breaks mid-edit stays on screen in its last good version."""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import replace
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.config import DEFAULT_ZONES
from kiosk.content.loader import is_ignored, load_catalog
from kiosk.content.model import Catalog
from kiosk.content.parts import ContentParts
from kiosk.content.probe import Prober
from kiosk.live.reload import Reloader
from tests.conftest import make_image, write
from tests.test_loader_property import CONTENTS, FILE_NAMES, NAMES, build, trees

PROBER = Prober()  # shared: probing is what the cache is for, and it keys by size and time


def fresh(root: Path) -> Catalog:
    return load_catalog(root, DEFAULT_ZONES, PROBER)


def same_but_ignored(a: Catalog, b: Catalog) -> bool:
    """Temporary files are not followed live, so only the list of ignored files may differ."""
    return replace(a, ignored=()) == replace(b, ignored=())


def exhibition(root: Path) -> None:
    for zone in DEFAULT_ZONES:
        (root / zone.id).mkdir(parents=True, exist_ok=True)
    write(root / "education" / "01-开天辟地" / "panel.yaml", "title: 开天辟地\nmedia: [poster.jpg]\n")
    make_image(root / "education" / "01-开天辟地" / "poster.jpg")
    write(root / "education" / "01-开天辟地" / "body.md", "中共一大在上海召开。\n")
    write(root / "education" / "02-入党誓词.md", "我志愿加入中国共产党。\n")
    make_image(root / "showcase" / "榜样.jpg")


def reader(root: Path) -> Reloader:
    reloader = Reloader(root, DEFAULT_ZONES, PROBER)
    reloader.load()
    return reloader


def test_a_typo_fixed_in_body_md_changes_that_panel_only(tmp_path: Path) -> None:
    exhibition(tmp_path)
    reloader = reader(tmp_path)
    write(tmp_path / "education" / "01-开天辟地" / "body.md", "中国共产党第一次全国代表大会在上海召开。\n")
    reload = reloader.reload({"education/01-开天辟地/body.md"}, last_event=1.0)
    assert reload.changed == ("education/01-开天辟地",) and reload.added == reload.removed == ()
    assert reload.catalog.panels["education/01-开天辟地"].body.startswith("中国共产党第一次")
    assert reload.catalog == fresh(tmp_path)
    assert reload.last_event == 1.0


def test_a_new_photo_over_the_old_one_of_the_same_size_is_shown(tmp_path: Path) -> None:
    exhibition(tmp_path)
    reloader = reader(tmp_path)
    poster = tmp_path / "education" / "01-开天辟地" / "poster.jpg"
    from PIL import Image

    Image.new("RGB", (64, 48), (20, 60, 200)).save(poster)  # the same size: the Catalog reads the same
    reload = reloader.reload({"education/01-开天辟地/poster.jpg"}, 0)
    assert reload is not None and reload.catalog == fresh(tmp_path)
    assert reload.changed == ("education/01-开天辟地",) and "education/01-开天辟地/poster.jpg" in reload.forget
    write(tmp_path / "education" / "01-开天辟地" / "body.md", "中共一大在上海召开。\n")  # saved, unchanged
    assert reloader.reload({"education/01-开天辟地/body.md"}, 0) is None  # nothing to show differently


def test_reading_everything_again_takes_every_picture_as_new_without_calling_panels_changed(tmp_path: Path) -> None:
    exhibition(tmp_path)
    reloader = reader(tmp_path)
    reload = reloader.reload({""}, 0)  # the overlay's 重新载入内容
    assert reload is not None and reload.added == reload.changed == reload.removed == ()
    assert {"education/01-开天辟地/poster.jpg", "showcase/榜样.jpg"} <= reload.forget


def test_a_new_panel_folder_appears_in_its_zone(tmp_path: Path) -> None:
    exhibition(tmp_path)
    reloader = reader(tmp_path)
    make_image(tmp_path / "education" / "03-新版面" / "a.jpg")
    write(tmp_path / "education" / "03-新版面" / "body.md", "新的内容\n")
    reload = reloader.reload({"education/03-新版面", "education/03-新版面/a.jpg", "education/03-新版面/body.md"}, 0)
    assert reload.added == ("education/03-新版面",)
    assert reload.catalog.zone("education").panel_ids[-1] == "education/03-新版面"
    assert reload.catalog == fresh(tmp_path)


def test_a_removed_panel_and_a_removed_zone_leave_the_catalog(tmp_path: Path) -> None:
    exhibition(tmp_path)
    reloader = reader(tmp_path)
    shutil.rmtree(tmp_path / "education" / "01-开天辟地")
    reload = reloader.reload({"education/01-开天辟地"}, 0)
    assert reload.removed == ("education/01-开天辟地",)
    assert {"education/01-开天辟地/poster.jpg", "education/01-开天辟地/body.md"} <= reload.forget
    shutil.rmtree(tmp_path / "showcase")
    reload = reloader.reload({"showcase"}, 0)
    assert reload.removed == ("showcase/榜样",)
    assert reload.catalog.zone("showcase").panel_ids == ()
    assert reload.catalog == fresh(tmp_path)


def test_a_broken_panel_yaml_keeps_the_last_good_version_until_fixed(tmp_path: Path) -> None:
    exhibition(tmp_path)
    reloader = reader(tmp_path)
    good = reloader.shown.panels["education/01-开天辟地"]
    write(tmp_path / "education" / "01-开天辟地" / "panel.yaml", "title: 开天辟地\nmedia: [poster.jpg\n")
    reload = reloader.reload({"education/01-开天辟地/panel.yaml"}, 0)
    assert reload.catalog.panels["education/01-开天辟地"] is good
    assert reload.changed == reload.removed == ()
    assert any(p.path == "education/01-开天辟地/panel.yaml" and p.severity == "error" for p in reload.new_problems)
    (note,) = reload.standing
    assert note == ("the screen keeps the last good version of education/01-开天辟地 until "
                    "education/01-开天辟地/panel.yaml is fixed")
    assert reloader.reload({"education/01-开天辟地/panel.yaml"}, 0) is None  # said once
    write(tmp_path / "education" / "01-开天辟地" / "panel.yaml", "title: 开天辟地（修订）\nmedia: [poster.jpg]\n")
    reload = reloader.reload({"education/01-开天辟地/panel.yaml"}, 0)
    assert reload.catalog.panels["education/01-开天辟地"].title == "开天辟地（修订）"
    assert reload.catalog == fresh(tmp_path)
    assert reload.standing == ()  # fixed: the administrator's note goes too


def test_a_picture_cut_off_keeps_the_last_good_version_and_removing_it_removes_the_panel(tmp_path: Path) -> None:
    exhibition(tmp_path)
    reloader = reader(tmp_path)
    picture = tmp_path / "showcase" / "榜样.jpg"
    picture.write_bytes(picture.read_bytes()[:100])
    reload = reloader.reload({"showcase/榜样.jpg"}, 0)
    assert "showcase/榜样" in reload.catalog.panels and reload.standing
    picture.unlink()
    reload = reloader.reload({"showcase/榜样.jpg"}, 0)
    assert reload.removed == ("showcase/榜样",)
    assert reload.catalog == fresh(tmp_path)


def test_a_new_cover_in_zone_yaml_takes_the_picture_out_of_the_panels(tmp_path: Path) -> None:
    exhibition(tmp_path)
    reloader = reader(tmp_path)
    write(tmp_path / "showcase" / "zone.yaml", "title: 榜样的力量\ncover: 榜样.jpg\n")
    reload = reloader.reload({"showcase/zone.yaml"}, 0)
    assert reload.removed == ("showcase/榜样",)
    assert reload.catalog.zone("showcase").cover == "showcase/榜样.jpg"
    assert reload.catalog == fresh(tmp_path)


def test_a_missing_picture_named_in_panel_yaml_is_found_when_it_arrives(tmp_path: Path) -> None:
    exhibition(tmp_path)
    write(tmp_path / "education" / "04-会址" / "panel.yaml", "title: 会址\nmedia: [../会址.jpg]\n")
    reloader = reader(tmp_path)
    assert "education/04-会址" not in reloader.shown.panels
    make_image(tmp_path / "education" / "会址.jpg")  # beside the folder: itself a panel too
    reload = reloader.reload({"education/会址.jpg"}, 0)
    assert {"education/04-会址", "education/会址"} <= set(reload.added)
    assert reload.catalog == fresh(tmp_path)


def test_content_folder_gone_keeps_the_hall_on_screen_and_says_so_once(tmp_path: Path) -> None:
    root = tmp_path / "content"
    exhibition(root)
    reloader = reader(root)
    root.rename(tmp_path / "elsewhere")
    reload = reloader.reload({""}, 0)
    assert reload.catalog is None and "is missing" in reload.standing[0]
    assert reloader.reload({""}, 0) is None
    (tmp_path / "elsewhere").rename(root)
    reload = reloader.reload({""}, 0)
    assert reload.catalog == fresh(root) and reload.standing == ()  # back: the note goes


def test_the_whole_exhibition_replaced_at_once(tmp_path: Path) -> None:
    exhibition(tmp_path)
    reloader = reader(tmp_path)
    for zone in DEFAULT_ZONES:
        shutil.rmtree(tmp_path / zone.id)
    write(tmp_path / "learning" / "01-必读书目.md", "《中国共产党简史》\n")
    changed = {"learning", "learning/01-必读书目.md", *(z.id for z in DEFAULT_ZONES)}
    reload = reloader.reload(changed, 0)
    assert reload.added == ("learning/01-必读书目",) and len(reload.removed) == 3
    assert reload.catalog == fresh(tmp_path)


# Random edits: whatever a curator does, reading only what changed equals reading everything.

EDITS = st.lists(st.tuples(
    st.sampled_from(["write", "write", "remove", "rename", "rmdir"]),
    st.builds(lambda z, d, n: "/".join([z, *d, n]),
              st.sampled_from(["education", "showcase", "stray"]), st.lists(NAMES, max_size=2), FILE_NAMES),
    CONTENTS,
    st.builds(lambda z, n: f"{z}/{n}", st.sampled_from(["education", "showcase"]), FILE_NAMES),
), min_size=1, max_size=8)


def apply(root: Path, edit: tuple[str, str, bytes, str]) -> set[str]:
    """Make one edit; return the paths watchdog would report."""
    action, rel, content, other = edit
    path = root / rel
    try:
        if action == "write":
            created = {p.relative_to(root).as_posix() for p in path.parents if p != root and not p.exists()}
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
            return {rel, *created}
        if action == "remove" and path.is_file():
            path.unlink()
            return {rel}
        if action == "rename" and path.exists():
            os.replace(path, root / other)
            return {rel, other}
        if action == "rmdir" and path.parent != root and path.parent.is_dir():
            shutil.rmtree(path.parent)
            return {str(Path(rel).parent)}
    except (IsADirectoryError, NotADirectoryError, FileExistsError, OSError):
        pass
    return set()


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(trees(), EDITS)
def test_random_edits_read_incrementally_equal_a_full_load(entries, edits) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        build(root, entries)
        parts = ContentParts(root, DEFAULT_ZONES, PROBER)
        parts.read_all()
        for edit in edits:
            changed = {rel for rel in apply(root, edit) if not any(is_ignored(n) for n in rel.split("/"))}
            parts.update(changed)
        assert same_but_ignored(parts.catalog(), fresh(root))
