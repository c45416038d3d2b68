"""check on object panels: a ring of photographs that would not turn evenly is named with its fix."""

from __future__ import annotations

from pathlib import Path

from kiosk.config import load_config
from kiosk.content.loader import load_catalog
from kiosk.content.model import Catalog
from kiosk.content.ring import frame_number
from tests.conftest import REPO, make_image, write

PANEL = "showcase/水壶"


def _ring(content: Path, count: int, yaml: str = "kind: object\n", size: tuple[int, int] = (60, 60),
          names: list[str] | None = None) -> Path:
    folder = content / PANEL
    write(folder / "panel.yaml", yaml)
    for name in names or [f"{i:02d}.jpg" for i in range(1, count + 1)]:
        make_image(folder / name, size)
    return folder


def _load(content: Path) -> Catalog:
    return load_catalog(content, load_config(REPO / "config.yaml", content).zones)


def _problems(catalog: Catalog) -> list[str]:
    """The problems of the object panel (the empty zones around it have their own)."""
    return [str(p) for p in catalog.problems if p.path.startswith(PANEL)]


def test_a_numbered_ring_with_its_card_becomes_an_object_panel(tmp_path: Path) -> None:
    content = tmp_path / "content"
    folder = _ring(content, 24, "kind: object\ntitle: 行军水壶\nera: 1935年\ndonor: 张某某家属\n"
                   "source: 本馆藏品\ntitle_en: Canteen\n")
    write(folder / "body.md", "长征途中使用的水壶。\n")
    catalog = _load(content)
    panel = catalog.panels[PANEL]
    assert _problems(catalog) == []
    assert panel.kind == "object" and panel.ring is not None
    assert len(panel.ring.frames) == 24 and panel.ring.arc == 360
    assert panel.ring.frames[0].endswith("/01.jpg") and panel.ring.frames[-1].endswith("/24.jpg")
    assert (panel.title, panel.era, panel.donor, panel.source) == ("行军水壶", "1935年", "张某某家属", "本馆藏品")
    assert panel.body.startswith("长征") and panel.cover == panel.ring.frames[0]
    assert panel.media == ()


def test_photographs_are_turned_in_number_order_not_name_order(tmp_path: Path) -> None:
    content = tmp_path / "content"
    _ring(content, 0, "kind: object\narc: 90\n", names=["1.jpg", "2.jpg", "10.jpg", "3.jpg", "4.jpg", "5.jpg",
                                                        "6.jpg", "7.jpg", "8.jpg", "9.jpg"])
    ring = _load(content).panels[PANEL].ring
    assert ring is not None and ring.arc == 90
    assert [frame_number(Path(f).name) for f in ring.frames] == list(range(1, 11))


def test_too_few_photographs_for_a_full_turn_are_named_with_the_way_out(tmp_path: Path) -> None:
    content = tmp_path / "content"
    _ring(content, 12)
    catalog = _load(content)
    assert PANEL not in catalog.panels
    assert any("has 12 photographs; a full turn needs at least 24" in p and "arc:" in p for p in _problems(catalog))


def test_twelve_photographs_over_an_arc_are_enough(tmp_path: Path) -> None:
    content = tmp_path / "content"
    _ring(content, 12, "kind: object\narc: 120\n")
    catalog = _load(content)
    assert _problems(catalog) == [] and catalog.panels[PANEL].ring.arc == 120


def test_too_many_photographs_are_refused_by_their_names_alone(tmp_path: Path) -> None:
    content = tmp_path / "content"
    _ring(content, 150, size=(8, 8))
    problems = _problems(_load(content))
    assert any("has 150 photographs; at most 144" in p for p in problems)


def test_a_gap_in_the_numbering_names_the_missing_photographs(tmp_path: Path) -> None:
    content = tmp_path / "content"
    _ring(content, 0, names=[f"{i:02d}.jpg" for i in range(1, 27) if i not in (7, 8)])
    problems = _problems(_load(content))
    assert any(p.startswith(f"{PANEL}: error: the ring has no photograph 07, 08 (2 missing)") for p in problems)


def test_a_photograph_of_another_size_is_named_with_the_size_to_export(tmp_path: Path) -> None:
    content = tmp_path / "content"
    folder = _ring(content, 24)
    make_image(folder / "05.jpg", (80, 60))
    catalog = _load(content)
    assert PANEL not in catalog.panels
    assert [p for p in _problems(catalog) if "pixels" in p] == [
        (f"{PANEL}/05.jpg: error: is 80×60 pixels, the ring's other photographs 60×60: the object would jump "
        "in size. Export it again at 60×60")]


def test_a_ring_that_is_not_numbered_says_how_to_name_it(tmp_path: Path) -> None:
    content = tmp_path / "content"
    _ring(content, 0, names=[f"IMG_{i}.jpg" for i in range(30)])
    catalog = _load(content)
    assert PANEL not in catalog.panels
    problems = _problems(catalog)
    assert len(problems) == 1 and "are not numbered" in problems[0] and "01.jpg, 02.jpg" in problems[0]
    assert len([f for f in catalog.rejected if f.startswith(PANEL)]) == 31  # the photographs and panel.yaml


def test_a_stray_picture_beside_a_ring_is_a_warning_and_the_ring_turns(tmp_path: Path) -> None:
    content = tmp_path / "content"
    folder = _ring(content, 24)
    make_image(folder / "封面.jpg", (60, 60))
    catalog = _load(content)
    assert PANEL in catalog.panels
    assert _problems(catalog) == [(f"{PANEL}/封面.jpg: warning: is not part of the ring: its name is not a number. "
                                  "Rename it to its place in the ring (such as 07.jpg), or remove it")]


def test_the_same_number_twice_and_a_wrong_arc_are_named(tmp_path: Path) -> None:
    content = tmp_path / "content"
    folder = _ring(content, 24)
    make_image(folder / "1.jpg", (60, 60))
    assert any(p.startswith(f"{PANEL}/1.jpg: error: has the same number as 01.jpg") for p in _problems(_load(content)))
    (folder / "1.jpg").unlink()
    write(folder / "panel.yaml", "kind: object\narc: 400\n")
    assert any("panel.yaml:2: error: 'arc' is 400" in p for p in _problems(_load(content)))


def test_an_object_panel_without_photographs_says_what_to_add(tmp_path: Path) -> None:
    content = tmp_path / "content"
    write(content / PANEL / "panel.yaml", "kind: object\n")
    assert any("has no photographs. Add its ring: 01.jpg" in p for p in _problems(_load(content)))
