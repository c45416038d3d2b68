"""Text layout: the curators' Markdown subset, Chinese line breaking, and title fitting.

A fake measure stands in for fonts: CJK characters 10 wide, everything else 5, bold 10% wider.
The widths are exact in binary floating point, so width checks need no tolerance.
"""

from __future__ import annotations

import ast
import re
import unicodedata
from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.engine.textlayout import (
    CLOSING,
    ELLIPSIS,
    OPENING,
    Block,
    Line,
    LineBreaker,
    Run,
    break_runs,
    fit_title,
    parse_markdown,
)

# --------------------------------------------------------------------------- helpers


def char_width(char: str) -> int:
    return 10 if unicodedata.east_asian_width(char) in "WF" else 5


def measure(text: str, bold: bool = False, italic: bool = False) -> float:
    width = sum(char_width(char) for char in text)
    return width + width / 10 if bold else float(width)


def measure_at(text: str, size: int) -> float:
    """Title font: every character `size` wide, so a size fits max_width // size characters."""
    return float(len(text) * size)


def text_of(line: Line) -> str:
    return "".join(run.text for run in line)


def width_of(line: Line) -> float:
    return sum(measure(run.text, run.bold, run.italic) for run in line)


def texts(text: str, max_width: float) -> list[str]:
    return [text_of(line) for line in break_runs([Run(text)], max_width, measure)]


def tile(runs: list[Run], lines: list[Line]) -> list[tuple[int, int]]:
    """Assert the lines are the runs' text in order, styles kept, only edge whitespace dropped.

    Between lines only spaces may be skipped, plus the one newline that ends a paragraph.
    Returns each line's (start, end) in the joined text.
    """
    text = "".join(run.text for run in runs)
    styles = [(run.bold, run.italic) for run in runs for _ in run.text]
    spans = []
    pos = newlines = 0

    def skip_spaces() -> None:
        nonlocal pos
        while pos < len(text) and text[pos] != "\n" and text[pos].isspace():
            pos += 1

    for number, line in enumerate(lines):
        skip_spaces()
        if number and pos < len(text) and text[pos] == "\n":
            pos += 1
            newlines += 1
            skip_spaces()
        start = pos
        for run in line:
            assert run.text, f"empty run in line {number}"
            assert text[pos : pos + len(run.text)] == run.text, f"line {number} {text_of(line)!r} not at {pos}"
            assert all(styles[i] == (run.bold, run.italic) for i in range(pos, pos + len(run.text)))
            pos += len(run.text)
        spans.append((start, pos))
        assert text_of(line) == text_of(line).strip(), f"whitespace kept at the edge of {text_of(line)!r}"
    skip_spaces()
    assert pos == len(text), f"text lost from {pos}: {text[pos:]!r}"
    assert newlines == text.count("\n")
    return spans


def assert_widths(lines: list[Line], max_width: float) -> None:
    """Over-wide only as one character wider than the line, or with one closing mark hanging.

    (A token wider than the line is broken into characters, so "unbreakable" means one character.)
    """
    for line in lines:
        text = text_of(line)
        if width_of(line) <= max_width or len(text) == 1:
            continue
        hung = measure(text[-1], line[-1].bold, line[-1].italic)
        assert text[-1] in CLOSING, f"{text!r} is {width_of(line)} wide, limit {max_width}"
        assert width_of(line) - hung <= max_width, f"{text!r} overflows by more than its hanging mark"


def assert_kinsoku(text: str, spans: list[tuple[int, int]]) -> None:
    """No line starts with a closing mark or ends with an opening one, inside a paragraph."""
    for (_, prev_end), (start, end) in pairwise(spans):
        if "\n" in text[prev_end:start] or start == end:
            continue
        assert text[start] not in CLOSING, f"line starts with {text[start]!r}: {text[start:end]!r}"
        assert text[prev_end - 1] not in OPENING, f"line ends with {text[prev_end - 1]!r}"


def assert_words_whole(text: str, spans: list[tuple[int, int]], max_width: float, pattern: str) -> None:
    """Every match of `pattern` that fits on a line is on one line."""
    breaks = {start for (_, prev_end), (start, _) in pairwise(spans) if start == prev_end}
    for match in re.finditer(pattern, text):
        if measure(match.group()) <= max_width:
            inside = [b for b in breaks if match.start() < b < match.end()]
            assert not inside, f"{match.group()!r} split at {inside}"


def check_all(runs: list[Run], max_width: float) -> list[Line]:
    lines = break_runs(runs, max_width, measure)
    tile(runs, lines)
    assert_widths(lines, max_width)
    return lines


# --------------------------------------------------------------------------- Markdown


def kinds(blocks: list[Block]) -> list[tuple[str, int | None, str]]:
    return [(block.kind, block.number, "".join(run.text for run in block.runs)) for block in blocks]


def test_headings() -> None:
    blocks = parse_markdown("# 中共一大\n## 会址 ##\n### 南湖红船\n#### 更小\n#标题不留空格\n#1号不是标题")
    assert kinds(blocks) == [
        ("h1", None, "中共一大"),
        ("h2", None, "会址"),
        ("h3", None, "南湖红船"),
        ("h3", None, "更小"),
        ("h1", None, "标题不留空格"),
        ("p", None, "#1号不是标题"),
    ]


def test_setext_headings_and_rules() -> None:
    assert kinds(parse_markdown("党史\n===\n\n学习\n---\n\n***\n\n正文")) == [
        ("h1", None, "党史"),
        ("h2", None, "学习"),
        ("p", None, "正文"),
    ]


def test_paragraph_lines_join_by_script() -> None:
    source = "中国共产党\n第一次全国代表大会\n\nThe First\nNational Congress\n\n会议在\nShanghai\n举行。\n他说：\n“Hello”"
    assert kinds(parse_markdown(source)) == [
        ("p", None, "中国共产党第一次全国代表大会"),
        ("p", None, "The First National Congress"),
        ("p", None, "会议在 Shanghai 举行。他说：“Hello”"),
    ]


def test_indented_chinese_paragraph_and_hard_break() -> None:
    blocks = parse_markdown("\u3000\u3000首行缩进的段落\n第一行  \n第二行\\\n第三行")
    assert kinds(blocks) == [("p", None, "首行缩进的段落第一行\n第二行\n第三行")]


def test_lists() -> None:
    source = "- 上海\n* 嘉兴\n  南湖\n+ 北京\n\n1. 开幕\n2. 闭幕\n10) 第十\n\n正文\n2019. 年不是编号"
    assert kinds(parse_markdown(source)) == [
        ("bullet", None, "上海"),
        ("bullet", None, "嘉兴南湖"),
        ("bullet", None, "北京"),
        ("number", 1, "开幕"),
        ("number", 2, "闭幕"),
        ("number", 10, "第十"),
        ("p", None, "正文 2019. 年不是编号"),
    ]


def test_empty_list_items_are_dropped() -> None:
    assert kinds(parse_markdown("- \n-\n1.\n- 有内容")) == [("bullet", None, "有内容")]


def test_emphasis_runs() -> None:
    (block,) = parse_markdown("**平安宣传组**：每月*一次*，_全年_ ***坚持***，**“重点”**文字")
    assert block.runs == (
        Run("平安宣传组", bold=True),
        Run("：每月"),
        Run("一次", italic=True),
        Run("，"),
        Run("全年", italic=True),
        Run(" "),
        Run("坚持", bold=True, italic=True),
        Run("，"),
        Run("“重点”", bold=True),
        Run("文字"),
    )


def test_nested_emphasis() -> None:
    (block,) = parse_markdown("a **b *c* d** e __f__")
    assert block.runs == (
        Run("a "),
        Run("b ", bold=True),
        Run("c", bold=True, italic=True),
        Run(" d", bold=True),
        Run(" e "),
        Run("f", bold=True),
    )


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("snake_case_name", "snake_case_name"),
        ("5 * 3 = 15", "5 * 3 = 15"),
        ("**没有闭合的粗体", "没有闭合的粗体"),
        (r"\*不是强调\*", "*不是强调*"),
        ("~~删除线~~文字", "删除线文字"),
        ("用 `**代码**` 表示", "用 **代码** 表示"),
    ],
)
def test_emphasis_edge_cases(source: str, expected: str) -> None:
    (block,) = parse_markdown(source)
    assert "".join(run.text for run in block.runs) == expected
    assert not any(run.bold or run.italic for run in block.runs)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("详见[中国共产党新闻网](http://cpc.people.com.cn)。", "详见中国共产党新闻网。"),
        ("[维基](https://zh.wikipedia.org/wiki/中共一大_(1921))", "维基"),
        ("![南湖红船](images/boat.jpg)", "南湖红船"),
        ("![](images/boat.jpg)红船", "红船"),
        ("[![会址](a.jpg)](b.html)", "会址"),
        ("见[纪念馆][1]\n\n[1]: https://example.cn", "见纪念馆"),
        ("文献[1][2]", "文献[1][2]"),
        ("<https://www.12371.cn>", "https://www.12371.cn"),
    ],
)
def test_links_and_images_become_their_text(source: str, expected: str) -> None:
    assert [text for _, _, text in kinds(parse_markdown(source))] == [expected]


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ('<div class="box"><b>一大</b>会址</div>', ["一大会址"]),
        ("上海<br>嘉兴<br/>南湖", ["上海\n嘉兴\n南湖"]),
        ("<!-- 编辑备注 -->正文", ["正文"]),
        ("<script>alert('x')</script>\n<style>p {}</style>正文", ["正文"]),
        ("&amp; &lt;b&gt; &quot;", ['& <b> "']),
        ("x<y and y>z", ["x<y and y>z"]),
        ("<p>\n\n</p>", []),
    ],
)
def test_html_degrades_to_text(source: str, expected: list[str]) -> None:
    assert [text for _, _, text in kinds(parse_markdown(source))] == expected


def test_code_fences_tables_quotes_and_front_matter() -> None:
    source = (
        "---\ntitle: 一大\n---\n"
        "```yaml\ntitle: **不解析**\n```\n\n"
        "| 年份 | 事件 |\n|---|:---:|\n| 1921 | 一大 |\n\n"
        "> 引用的**话**\n\n"
        "~~~\n没有闭合的代码块"
    )
    assert kinds(parse_markdown(source)) == [
        ("p", None, "title: **不解析**"),
        ("p", None, "年份 事件"),
        ("p", None, "1921 一大"),
        ("p", None, "引用的话"),
        ("p", None, "没有闭合的代码块"),
    ]


@pytest.mark.parametrize(
    "source",
    ["", "\n\n", "***", "[", "](", "![", "<div", "```", "**", "_", "* * *", "\x00\x1b[31m", "\ufeff# 标题", "\r\n\r\n"],
)
def test_junk_never_raises_nor_leaves_empty_blocks(source: str) -> None:
    for block in parse_markdown(source):
        assert block.runs and all(run.text for run in block.runs)


# --------------------------------------------------------------------------- breaking rules


@pytest.mark.parametrize("mark", ["，", "。", "》", "）", "、", "！", "”", "…", "%", ")", ","])
def test_closing_mark_pulls_previous_character_down(mark: str) -> None:
    assert texts(f"一二三四五{mark}六七", 50) == ["一二三四", f"五{mark}六七"]


@pytest.mark.parametrize("mark", ["《", "（", "“", "【", "("])
def test_opening_mark_moves_down(mark: str) -> None:
    lines = texts(f"一二三四{mark}五六", 45)
    assert lines[0] == "一二三四"
    assert lines[1].startswith(mark)
    assert not any(line.endswith(mark) for line in lines)


def test_cjk_breaks_anywhere_else() -> None:
    assert texts("中国共产党第一次全国代表大会", 50) == ["中国共产党", "第一次全国", "代表大会"]


def test_hanging_punctuation_only_when_nothing_can_move() -> None:
    assert texts("一，", 15) == ["一，"]  # nothing before "一" to pull down: the comma hangs
    assert texts("一二，", 25) == ["一", "二，"]  # "二" comes down with it instead


def test_whole_word_beats_punctuation_rule_when_both_cannot_hold() -> None:
    assert texts("马林（Nikolsky）列席", 45) == ["马林", "（", "Nikolsky）", "列席"]
    assert texts("2019-07-01，", 50) == ["2019-07-01，"]  # the comma hangs; the date stays whole
    assert texts("（Supercalifragilistic）", 45) == ["（Superca", "lifragili", "stic）"]


@pytest.mark.parametrize("width", range(20, 101, 5))
def test_year_digits_never_split(width: int) -> None:
    text = "1921年7月，2019-07-01，98.7%的人。"
    lines = check_all([Run(text)], width)
    spans = tile([Run(text)], lines)
    assert_words_whole(text, spans, width, r"[0-9][0-9.%-]*")
    for number in ("1921", "98.7%", "2019-07-01"):
        if measure(number) <= width:
            assert any(number in text_of(line) for line in lines)


def test_english_words_stay_whole() -> None:
    text = "The Communist Party of China was founded in Shanghai"
    for width in range(45, 200, 7):
        lines = check_all([Run(text)], width)
        assert " ".join(text_of(line) for line in lines) == text


def test_word_longer_than_line_is_broken_by_characters() -> None:
    lines = check_all([Run("短 Supercalifragilistic 词")], 40)
    assert [text_of(line) for line in lines] == ["短", "Supercal", "ifragili", "stic 词"]


def test_url_stays_whole_between_chinese() -> None:
    url = "https://www.12371.cn/2021/07/01/ARTI1625.shtml"
    lines = texts(f"详见{url}网站。", measure(url))
    assert url in lines


def test_spaces_at_line_ends_dropped_and_newlines_kept() -> None:
    assert texts("hello world", 40) == ["hello", "world"]
    assert texts("  第一行  \n\n第二行\n", 100) == ["第一行", "", "第二行", ""]
    assert texts("", 100) == []


def test_styles_survive_breaking_and_a_word_across_styles_stays_whole() -> None:
    runs = [Run("一二三", bold=True), Run("Hel", italic=True), Run("lo 四五")]
    lines = check_all(runs, 45)
    assert lines == [
        (Run("一二三", bold=True),),
        (Run("Hel", italic=True), Run("lo 四")),
        (Run("五"),),
    ]


def test_nbsp_glues_and_crlf_is_a_newline() -> None:
    assert texts("100\xa0km away", 40) == ["100\xa0km", "away"]
    assert texts("甲\r\n乙", 100) == ["甲", "乙"]


# --------------------------------------------------------------------------- speed


def test_measures_each_token_once() -> None:
    calls: list[str] = []

    def counting(text: str, bold: bool, italic: bool) -> float:
        calls.append(text)
        return measure(text, bold, italic)

    breaker = LineBreaker(counting)
    text = "中国中国 Shanghai Shanghai 中国"
    breaker.break_runs([Run(text)], 50)
    assert sorted(calls) == sorted(["中", "国", " ", "Shanghai"])
    breaker.break_runs([Run(text)], 80)
    assert len(calls) == 4


def test_cache_is_bounded() -> None:
    calls: list[str] = []

    def counting(text: str, bold: bool, italic: bool) -> float:
        calls.append(text)
        return measure(text, bold, italic)

    breaker = LineBreaker(counting, cache_size=2)
    breaker.break_runs([Run("一二三")], 100)
    breaker.break_runs([Run("一二三")], 100)
    assert len(calls) == 6  # always evicted before reuse
    with pytest.raises(ValueError):
        LineBreaker(counting, cache_size=0)


def test_module_does_not_import_pygame() -> None:
    """Layout must stay testable, and usable by tools, without a display."""
    source = Path(__file__).parent.parent / "kiosk" / "engine" / "textlayout.py"
    tree = ast.parse(source.read_text(encoding="utf-8"))
    modules = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    modules |= {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert not [name for name in modules if name.split(".")[0] == "pygame"]


# --------------------------------------------------------------------------- a real paragraph

YIDA = (
    "1921年7月23日，中国共产党第一次全国代表大会在上海法租界望志路106号（今兴业路76号）开幕。"
    "出席大会的代表有13人，代表全国50多名党员；共产国际代表马林（Maring）和尼克尔斯基（Nikolsky）"
    "列席了会议。7月30日晚，会场遭法租界巡捕搜查，会议被迫中断。最后一天的会议转移到浙江嘉兴南湖的"
    "一艘游船上举行。大会通过了《中国共产党第一个纲领》和《中国共产党第一个决议》，选举产生了中央局，"
    "陈独秀任书记。中国共产党的诞生，是“开天辟地的大事变”……The First National Congress of the "
    "Communist Party of China opened in Shanghai on 23 July 1921 and closed on a boat on South Lake, "
    "Jiaxing. 详见 https://www.12371.cn/special/yida/ 专题（示例数据：98.7%，2019-07-01）。"
)


@pytest.mark.parametrize("width", [45, 60, 95, 100, 155, 200, 333, 480, 1000])
def test_long_chinese_paragraph(width: int) -> None:
    runs = [Run(YIDA[:40]), Run(YIDA[40:90], bold=True), Run(YIDA[90:])]
    lines = check_all(runs, width)
    spans = tile(runs, lines)
    if width >= measure("（Nikolsky）"):  # below that see test_whole_word_beats_punctuation_rule
        assert_kinsoku(YIDA, spans)
    assert_words_whole(YIDA, spans, width, r"[A-Za-z0-9][A-Za-z0-9.%/:-]*[A-Za-z0-9%/]")
    assert "".join(text_of(line) for line in lines).replace(" ", "") == YIDA.replace(" ", "")
    if width >= measure("https://www.12371.cn/special/yida/"):
        assert all(width_of(line) <= width for line in lines)


# --------------------------------------------------------------------------- titles


def test_fit_title_picks_largest_size_that_fits() -> None:
    assert fit_title("中共一大会址", 200, 1, [20, 40, 32], measure_at) == (32, ["中共一大会址"])
    assert fit_title("中国共产党第一次全国代表大会", 200, 2, [40, 32, 24], measure_at) == (
        24,
        ["中国共产党第一次", "全国代表大会"],
    )


def test_fit_title_cuts_with_ellipsis_at_smallest_size() -> None:
    size, lines = fit_title("中国共产党第一次全国代表大会在上海召开", 100, 2, [30, 20], measure_at)
    assert size == 20
    assert lines == ["中国共产党", "第一次全" + ELLIPSIS]
    assert all(measure_at(line, size) <= 100 for line in lines)


def test_fit_title_never_leaves_opening_mark_before_ellipsis() -> None:
    assert fit_title("纪念一大 《开天辟地》", 100, 1, [20], measure_at)[1] == ["纪念一大" + ELLIPSIS]


def test_fit_title_edge_cases() -> None:
    assert fit_title("  ", 100, 2, [20], measure_at) == (20, [])
    assert fit_title("很长的标题", 5, 1, [20], measure_at) == (20, [ELLIPSIS])
    with pytest.raises(ValueError):
        fit_title("标题", 100, 0, [20], measure_at)
    with pytest.raises(ValueError):
        fit_title("标题", 100, 1, [], measure_at)


# --------------------------------------------------------------------------- properties

CJK = list("中国共产党第一次全国代表大会上海嘉兴南湖红船")
WORDS = ["a", "of", "Shanghai", "Communist", "Jiaxing", "Supercalifragilisticexpialidocious", "don’t"]
NUMBERS = ["1921", "7", "98.7%", "2019-07-01", "0.5", "106", "1921年"]
SPACES = [" ", "  ", "\n", "\u3000"]
# Anything goes: chains of punctuation, words longer than the line, stray spaces and newlines.
WILD_TEXT = st.lists(
    st.sampled_from(
        CJK + sorted(CLOSING) + sorted(OPENING) + WORDS + NUMBERS + SPACES + ["https://example.cn/a-b/c.html"]
    ),
    max_size=40,
).map("".join)
RUNS = st.lists(st.builds(Run, WILD_TEXT, st.booleans(), st.booleans()), max_size=4)


@settings(max_examples=150, deadline=None, derandomize=True, database=None)
@given(runs=RUNS, max_width=st.one_of(st.integers(1, 400), st.floats(1, 400)))
def test_any_mix_keeps_invariants(runs: list[Run], max_width: float) -> None:
    check_all(runs, max_width)


# Plausible text: punctuation sits next to a character or word, never in long chains.
ATOM = st.builds(
    "{}{}{}{}".format,
    st.sampled_from(["", "", *sorted(OPENING)]),
    st.sampled_from(CJK + [f" {word} " for word in WORDS[:5]] + NUMBERS[:2] + ["中共一大", "嘉兴南湖"]),
    st.lists(st.sampled_from(sorted(CLOSING)), max_size=2).map("".join),
    st.sampled_from(["", "", " ", "\n"]),
)
SENTENCES = st.lists(ATOM, min_size=1, max_size=30).map("".join)


@settings(max_examples=150, deadline=None, derandomize=True, database=None)
@given(text=SENTENCES, max_width=st.integers(100, 500))
def test_plausible_text_obeys_every_rule(text: str, max_width: int) -> None:
    runs = [Run(text)]
    lines = check_all(runs, max_width)
    spans = tile(runs, lines)
    assert_kinsoku(text, spans)
    assert_words_whole(text, spans, max_width, r"[A-Za-z0-9]+")
    assert all(width_of(line) <= max_width for line in lines)


@settings(max_examples=200, deadline=None, derandomize=True, database=None)
@given(source=st.text(alphabet="#*_-+>|`[]()!<>/ \n1.中文abc", max_size=80))
def test_markdown_never_raises_and_leaves_no_bold_markers(source: str) -> None:
    for block in parse_markdown(source.replace("`", "")):
        assert block.runs
        text = "".join(run.text for run in block.runs)
        assert text == text.strip() and "**" not in text
