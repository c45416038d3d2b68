from __future__ import annotations

import pytest

from kiosk.yamlsource import YamlError, parse_yaml


def test_values_keep_their_lines() -> None:
    doc = parse_yaml("title: 入党誓词\nmedia:\n  - file: a.jpg\n    caption: 面向党旗\n")
    assert doc.data == {"title": "入党誓词", "media": [{"file": "a.jpg", "caption": "面向党旗"}]}
    assert doc.line("title") == 1
    assert doc.line("media", 0, "caption") == 4
    assert doc.line("media", 0, "missing") == 3  # falls back to the nearest parent


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("title: a\nmedia: [a.jpg,\n", 3, "is not closed"),
        ("title: a\ntitle: b\n", 2, "appears twice"),
        ("media:\n\t- a.jpg\n", 2, "tab"),
        ("title: 标题: 副标题\n", 1, "put the value in quotes"),
        ("x: !!python/object/apply:os.system ['true']\n", 1, "does not read"),
    ],
)
def test_broken_yaml_names_the_line(text: str, line: int, words: str) -> None:
    with pytest.raises(YamlError) as caught:
        parse_yaml(text)
    assert caught.value.line == line
    assert words in caught.value.message


def test_alias_bomb_is_refused_not_expanded() -> None:
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 9):
        prev = chr(ord("a") + i - 1)
        name = chr(ord("a") + i)
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 10) + "]")
    with pytest.raises(YamlError, match="too large"):
        parse_yaml("\n".join(lines))


def test_empty_document_is_none() -> None:
    assert parse_yaml("# only a comment\n").data is None


def test_a_date_that_does_not_exist_is_kept_as_written_for_its_reader_to_name() -> None:
    doc = parse_yaml("opened: 2027-02-29\nclosed: 2028-02-29\n")
    assert doc.data == {"opened": "2027-02-29", "closed": __import__("datetime").date(2028, 2, 29)}
    assert doc.line("opened") == 1


@pytest.mark.parametrize("text", ["date: !!timestamp hello\n", "sample: !!bool maybe\n", "order: " + "9" * 5000 + "\n"])
def test_a_value_the_parser_cannot_build_is_kept_as_written(text: str) -> None:
    doc = parse_yaml(text)
    assert isinstance(next(iter(doc.data.values())), str) and doc.line(next(iter(doc.data))) == 1


@pytest.mark.parametrize(("text", "words"), [
    ("title: !!binary aGVsbG8=\n", "!!binary"),
    ("title: !红 甲\n", "not valid YAML"),
    ("a: &a {x: 1}\nb:\n  <<: *a\n", "'<<'"),
    ("? [a, b]\n: c\n", "plain word"),
    ("a: 1\nb: x\x00y\n", "control character"),
])
def test_tags_merges_and_odd_keys_are_a_line_a_curator_can_act_on(text: str, words: str) -> None:
    with pytest.raises(YamlError) as caught:
        parse_yaml(text)
    assert words in caught.value.message and caught.value.line is not None
    assert "constructor" not in caught.value.message and "tag:yaml.org" not in caught.value.message
