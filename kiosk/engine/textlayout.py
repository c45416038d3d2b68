"""Curators' Markdown -> styled blocks, and Chinese-aware line breaking, for the kiosk's text panels.

Text is Simplified Chinese first, English second. Chinese may break between any two characters,
but by the rules of Chinese typesetting no line may start with a closing mark ("，" "。" "》") or
end with an opening one ("《" "（"); Latin words, numbers and URLs stay whole. The module is pure
Python and knows nothing about pygame: callers pass in a measure() function, so layout is
testable without a display and the renderer keeps its fonts to itself.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Literal, NamedTuple

__all__ = [
    "CLOSING",
    "ELLIPSIS",
    "OPENING",
    "Block",
    "BlockKind",
    "Line",
    "LineBreaker",
    "Measure",
    "Run",
    "break_runs",
    "fit_title",
    "parse_markdown",
]

BlockKind = Literal["h1", "h2", "h3", "p", "bullet", "number"]
Measure = Callable[[str, bool, bool], float]


@dataclass(frozen=True)
class Run:
    """A stretch of text in one style: what the renderer draws with one font."""

    text: str
    bold: bool = False
    italic: bool = False


@dataclass(frozen=True)
class Block:
    """One heading, paragraph or list item; `number` is the item's number for "number" blocks."""

    kind: BlockKind
    runs: tuple[Run, ...]
    number: int | None = None


Line = tuple[Run, ...]

# Characters that may not end a line (opening) or start one (closing): the core of 禁则.
OPENING = frozenset("（【「『“‘《〈〔〖［｛([{")
CLOSING = frozenset("，。、；：？！）】」』”’》〉〕〗］｝％・…—·%,.;:?!)]}")

# Characters drawn full width, each its own break opportunity: CJK ideographs and punctuation,
# kana, hangul, fullwidth forms, emoji. A hand-kept approximation of Unicode East Asian Width
# W/F, because scanning unicodedata at import would slow the kiosk's start-up.
_WIDE = (
    "\u1100-\u115f\u2e80-\u2fff\u3001-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff"
    "\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe10-\ufe19\ufe30-\ufe6f\uff01-\uff60"
    "\uffe0-\uffe6\U0001f300-\U0001f64f\U0001f900-\U0001f9ff\U00020000-\U0003fffd"
)
# Marks that belong to the character before them and must never be parted from it.
_EXTEND = (
    "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe00-\ufe0f\ufe20-\ufe2f"
    "\U000e0100-\U000e01ef\U0001f3fb-\U0001f3ff"
)
_NO_BREAK = "\xa0\u2007\u202f"  # no-break spaces glue words together instead of parting them

_WIDE_CHAR = re.compile(f"[{_WIDE}]")
# Quotes, dashes, ellipsis and middle dot are narrow in Unicode but Chinese punctuation in use:
# each is a token of its own, so "……（" cannot glue into one long unbreakable "word". A quote
# between two Latin letters is an apostrophe and stays in its word ("don’t").
_PUNCT = "".join(sorted(c for c in OPENING | CLOSING if not c.isascii() and not _WIDE_CHAR.match(c)))
_TOKEN = re.compile(
    rf"(?P<space>(?:(?![\n{_NO_BREAK}])\s|\u200b)+)"
    rf"|(?P<char>[{_WIDE}](?:\u200d[{_WIDE}]|[{_EXTEND}])*|[{_PUNCT}])"
    rf"|(?P<word>(?:[{_NO_BREAK}]|[^\s\u200b{_WIDE}{_PUNCT}]|(?<=[A-Za-z])[’‘](?=[A-Za-z]))+)"
)
_CLUSTER = re.compile(rf".(?:\u200d.|[{_EXTEND}])*", re.DOTALL)


# --------------------------------------------------------------------------- Markdown


def parse_markdown(text: str) -> list[Block]:
    """Parse the Markdown subset curators write; anything else degrades to its readable text.

    Never raises: a typo in a content file must cost at most some styling, never the panel.
    """
    text = _clean_document(text)
    refs = {match.group(1).strip().lower() for match in _REF_DEF.finditer(text)}
    return _BlockParser(refs).parse(text)


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_PRIVATE_PLANES = re.compile("[\U000f0000-\U0010ffff]")
_COMMENT = (re.compile(r"<!--"), "-->")
_SCRIPT = (re.compile(r"<script\b", re.IGNORECASE), r"</script\s*>")
_STYLE = (re.compile(r"<style\b", re.IGNORECASE), r"</style\s*>")
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n.*?\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)


def _clean_document(text: str) -> str:
    """Drop what is never meant to be read: control characters, comments, scripts, front matter.

    Private-use planes 15-16 go too: fonts cannot draw them, and the inline parser borrows them
    as placeholders.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    text = _PRIVATE_PLANES.sub("", _CONTROL.sub("", text))
    for opener, closer in (_COMMENT, _SCRIPT, _STYLE):
        text = _remove_spans(text, opener, re.compile(closer, re.IGNORECASE))
    return _FRONT_MATTER.sub("", text)


def _remove_spans(text: str, opener: re.Pattern[str], closer: re.Pattern[str]) -> str:
    """Cut every opener...closer span. Stops at the first unclosed opener: a lazy regex would
    rescan the rest of the text from every later opener, quadratic on hostile input."""
    kept: list[str] = []
    pos = 0
    while (start := opener.search(text, pos)) and (end := closer.search(text, start.end())):
        kept.append(text[pos : start.start()])
        pos = end.end()
    kept.append(text[pos:])
    return "".join(kept)


_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
# "#标题" without the space is accepted, as Chinese authors often omit it; "#1" stays text.
_ATX = re.compile(r"^ {0,3}(#{1,6})(?=[ \t]|$|[^\x00-\x7f])(.*)$")
_ATX_CLOSE = re.compile(r"(?:^|[ \t]+)#+[ \t]*$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_RULE = re.compile(r"^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_QUOTE = re.compile(r"^(?:[ \t]*>)+[ \t]?")
_BULLET = re.compile(r"^[ \t]*[-*+•][ \t]+(\S.*)$")
_BARE_MARKER = re.compile(r"^[ \t]*(?:[-*+•]|\d{1,9}[.)])[ \t]*$")
_NUMBERED = re.compile(r"^[ \t]*(\d{1,9})[.)][ \t]+(\S.*)$")
_REF_DEF = re.compile(r"^ {0,3}\[([^\]]+)\]:[ \t]*\S.*$", re.MULTILINE)
_TABLE_RULE = re.compile(r"^[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$")
_HARD_BREAK = re.compile(r"(?: {2,}|\\)$")
_MARKUP_EDGE = "*_~` \t\u3000"


class _BlockParser:
    """Line-by-line block structure: headings, paragraphs, list items, code fences, tables."""

    def __init__(self, refs: set[str]) -> None:
        self.refs = refs
        self.blocks: list[Block] = []
        self.kind: BlockKind = "p"
        self.number: int | None = None
        self.lines: list[str] = []

    def parse(self, text: str) -> list[Block]:
        fence: str | None = None
        code: list[str] = []
        for raw in text.split("\n"):
            if fence is not None:
                stripped = raw.strip()
                if stripped.startswith(fence) and not stripped.strip(fence[0]):
                    self._add_code(code)
                    fence, code = None, []
                else:
                    code.append(raw.expandtabs(4))
                continue
            line = _QUOTE.sub("", raw.expandtabs(4))
            if match := _FENCE.match(line):
                self._flush()
                fence = match.group(1)
            else:
                self._line(line)
        self._add_code(code)  # an unclosed fence still shows its text
        self._flush()
        return self.blocks

    def _line(self, line: str) -> None:
        if not line.strip():
            self._flush()
        elif match := _ATX.match(line):
            self._flush()
            level = min(len(match.group(1)), 3)
            self._add(("h1", "h2", "h3")[level - 1], _ATX_CLOSE.sub("", match.group(2)))
        elif (match := _SETEXT.match(line)) and self.lines and self.kind == "p":
            self.kind = "h1" if match.group(1)[0] == "=" else "h2"
            self._flush()
        elif _RULE.match(line) or _BARE_MARKER.match(line):
            self._flush()
        elif _REF_DEF.match(line) and not self.lines:
            pass  # a link target: the link's own text already stands in the paragraph
        elif "|" in line and _TABLE_RULE.match(line):
            pass  # the |---|---| row under a table header
        elif line.lstrip().startswith("|"):
            self._flush()
            cells = (cell.strip() for cell in line.strip().strip("|").split("|"))
            self._add("p", " ".join(cell for cell in cells if cell))
        elif match := _BULLET.match(line):
            self._start("bullet", None, match.group(1))
        elif (match := _NUMBERED.match(line)) and (
            not self.lines or self.kind != "p" or int(match.group(1)) == 1
        ):
            # As in CommonMark only "1." may interrupt a paragraph, so "2019. 年" mid-text is text.
            self._start("number", int(match.group(1)), match.group(2))
        elif self.lines:
            self.lines.append(line)  # continuation, also of a list item ("lazy" lines)
        else:
            self._start("p", None, line)

    def _start(self, kind: BlockKind, number: int | None, line: str) -> None:
        self._flush()
        self.kind, self.number, self.lines = kind, number, [line]

    def _flush(self) -> None:
        if self.lines:
            self._add(self.kind, _join_lines(self.lines), self.number)
        self.kind, self.number, self.lines = "p", None, []

    def _add(self, kind: BlockKind, source: str, number: int | None = None) -> None:
        runs = _parse_inline(source, self.refs)
        if runs:
            self.blocks.append(Block(kind, runs, number))

    def _add_code(self, code: list[str]) -> None:
        """Code is shown verbatim: no emphasis or link syntax is interpreted inside it."""
        text = "\n".join(line.rstrip() for line in code).strip("\n")
        if text.strip():
            self.blocks.append(Block("p", (Run(text),)))


def _join_lines(lines: list[str]) -> str:
    """Join a paragraph's source lines the way a reader expects.

    Between two CJK characters a source line break is nothing (a space would show as a gap), and
    next to fullwidth punctuation too, which carries its own spacing; elsewhere it is a space.
    Two trailing spaces or a backslash make an explicit line break, as in CommonMark.
    """
    out = ""
    for index, raw in enumerate(lines):
        line = raw.strip(" \t\u3000")
        hard = index < len(lines) - 1 and bool(_HARD_BREAK.search(raw))
        if hard and line.endswith("\\"):
            line = line[:-1].rstrip()
        if out and not out.endswith("\n"):
            before, after = out.rstrip(_MARKUP_EDGE)[-1:], line.lstrip(_MARKUP_EDGE)[:1]
            out += "" if _joins_tight(before, after) else " "
        out += line + ("\n" if hard else "")
    return out


def _joins_tight(before: str, after: str) -> bool:
    if not before or not after:
        return False
    if _is_cjk_punct(before) or _is_cjk_punct(after):
        return True
    return bool(_WIDE_CHAR.match(before) and _WIDE_CHAR.match(after))


def _is_cjk_punct(char: str) -> bool:
    return not char.isascii() and (char in OPENING or char in CLOSING)


_CODE_SPAN = re.compile(r"(`+)(.+?)(?<!`)\1(?!`)", re.DOTALL)
_BACKTICKS = re.compile(r"`+")
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_BR = re.compile(r"<br\s*/?>", re.IGNORECASE)
_AUTOLINK = re.compile(r"<((?:https?|ftp|mailto):[^<>\s]+|[^<>\s@]+@[^<>\s@]+)>", re.IGNORECASE)
# Only known HTML elements are stripped, so "x<y and y>z" keeps its text; so is an unclosed
# comment opener, whose comment could not be cut out whole.
_TAG = re.compile(
    r"<!--|</?(?:a|abbr|article|aside|audio|b|big|blockquote|body|br|button|caption|center|cite|code|col"
    r"|colgroup|dd|del|details|div|dl|dt|em|figcaption|figure|font|footer|h[1-6]|head|header|hr|html"
    r"|i|iframe|img|ins|kbd|li|link|mark|meta|nav|ol|p|pre|q|s|script|section|small|source|span|strike"
    r"|strong|style|sub|summary|sup|table|tbody|td|tfoot|th|thead|title|tr|tt|u|ul|video)(?:\s[^<>]*)?/?>",
    re.IGNORECASE,
)
_LINK = re.compile(r"!?\[([^\[\]]*)\](?:(\((?:[^()]|\([^()]*\))*\))|\[([^\[\]]*)\])?")
_STRIKE = re.compile(r"~~")
_DELIMS = re.compile(r"\*+|_+")
_SPACES = re.compile(r"[ \t]+")
_LINE_EDGE = re.compile(r"[ \u3000]*\n[ \u3000]*")
_PLACEHOLDER = 0xF0000  # first code point of private-use plane 15, cleaned out of the input
_PLACEHOLDERS = re.compile("[\U000f0000-\U000ffffd]")


def _parse_inline(source: str, refs: set[str]) -> tuple[Run, ...]:
    """Inline Markdown -> runs: emphasis becomes style, every other syntax its plain text.

    Code spans, escaped characters and autolinks are first swapped for private-use placeholders,
    so no later step (HTML stripping, links, emphasis) can mistake them for syntax.
    """
    literals: list[str] = []

    def protect(text: str) -> str:
        if len(literals) >= 0xFFFE:  # plane 15 is full: keep the text, lose the protection
            return text
        literals.append(text)
        return chr(_PLACEHOLDER + len(literals) - 1)

    def link(match: re.Match[str]) -> str:
        if match.group(2) is not None:
            return match.group(1)
        label = match.group(3) or match.group(1)
        return match.group(1) if label.strip().lower() in refs else match.group()

    text = _CODE_SPAN.sub(lambda m: protect(m.group(2).strip() or m.group(2)), source)
    text = _BACKTICKS.sub("", text)
    text = _ESCAPE.sub(lambda m: protect(m.group(1)), text)
    text = _AUTOLINK.sub(lambda m: protect(m.group(1)), _BR.sub("\n", text))
    text = _TAG.sub("", text)
    while (linked := _LINK.sub(link, text)) != text:  # innermost first: [![a](x)](y) -> a
        text = linked
    text = _STRIKE.sub("", text)

    def restore(part: str) -> str:
        part = _CONTROL.sub("", html.unescape(part))
        return _PLACEHOLDERS.sub(lambda m: literals[ord(m.group()) - _PLACEHOLDER], part)

    return _merge([(restore(part), bold, italic) for part, bold, italic in _emphasis(text)], tidy=True)


@dataclass(slots=True)
class _Delim:
    left: int
    single: bool
    can_open: bool
    can_close: bool


def _emphasis(text: str) -> list[tuple[str, bool, bool]]:
    """Resolve `*`/`_` delimiter runs into bold (pairs) and italic (singles), CommonMark-style.

    Flanking is judged leniently (only whitespace blocks it) so `**“重点”**文字` works, which
    strict CommonMark rejects. `_` inside an ASCII word (snake_case) is literal. An unmatched run
    of two or more is dropped, being plainly meant as markup; a lone `*` or `_` stays ("5 * 3").
    """
    parts: list[str] = []
    delims: dict[int, _Delim] = {}
    pos = 0
    for match in _DELIMS.finditer(text):
        start, end = match.span()
        before = text[start - 1] if start else " "
        after = text[end] if end < len(text) else " "
        run = match.group()
        intraword = run[0] == "_" and _is_ascii_alnum(before) and _is_ascii_alnum(after)
        parts.append(text[pos:start])
        can_open = not intraword and not after.isspace()
        can_close = not intraword and not before.isspace()
        delims[len(parts)] = _Delim(len(run), len(run) == 1, can_open, can_close)
        parts.append(run)
        pos = end
    parts.append(text[pos:])

    # Matches are recorded as +1/-1 marks over part indexes: linear even for hostile input.
    bold_marks = [0] * (len(parts) + 1)
    italic_marks = [0] * (len(parts) + 1)
    openers: dict[str, list[int]] = {"*": [], "_": []}
    for index, delim in delims.items():
        char = parts[index][0]
        stack = openers[char]
        while delim.can_close and delim.left and stack:
            opener = delims[stack[-1]]
            use = 2 if delim.left >= 2 and opener.left >= 2 else 1
            opener.left -= use
            delim.left -= use
            marks = bold_marks if use == 2 else italic_marks
            marks[stack[-1] + 1] += 1
            marks[index] -= 1
            other = openers["_" if char == "*" else "*"]
            while other and other[-1] > stack[-1]:  # emphasis cannot interleave
                other.pop()
            if not opener.left:
                stack.pop()
        if delim.can_open and delim.left:
            stack.append(index)

    out: list[tuple[str, bool, bool]] = []
    bold = italic = 0
    for index, part in enumerate(parts):
        bold += bold_marks[index]
        italic += italic_marks[index]
        if index in delims:
            part = part[0] * delims[index].left if delims[index].single else ""
        out.append((part, bold > 0, italic > 0))
    return out


def _is_ascii_alnum(char: str) -> bool:
    return char.isascii() and char.isalnum()


def _merge(pieces: Iterable[tuple[str, bool, bool]], tidy: bool = False) -> tuple[Run, ...]:
    """Join same-style neighbours into one Run, dropping empty ones.

    With tidy, whitespace is also collapsed as a browser would and trimmed at the block's edges
    and around explicit line breaks, wherever the run boundaries fall.
    """
    merged: list[list] = []
    for text, bold, italic in pieces:
        if tidy:
            text = _LINE_EDGE.sub("\n", _SPACES.sub(" ", text))
            prev = merged[-1][0] if merged else "\n"
            if prev.endswith("\n"):
                text = text.lstrip(" \u3000" if merged else " \u3000\n")
            elif prev.endswith(" "):
                text = text.lstrip(" ")
            if merged and text.startswith("\n"):
                merged[-1][0] = prev.rstrip(" \u3000")
        if not text:
            continue
        if merged and merged[-1][1] == bold and merged[-1][2] == italic:
            merged[-1][0] += text
        else:
            merged.append([text, bold, italic])
    if tidy:
        while merged and not merged[-1][0].rstrip(" \u3000\n"):
            merged.pop()
        if merged:
            merged[-1][0] = merged[-1][0].rstrip(" \u3000\n")
        return _merge(tuple(run) for run in merged)  # a trim may have emptied a middle run
    return tuple(Run(text, bold, italic) for text, bold, italic in merged)


# --------------------------------------------------------------------------- line breaking


class _Tok(NamedTuple):
    """What is measured as one: a CJK character, a Latin word, a run of spaces, or, when a word
    must be broken, one character of it. `frags` keeps its styles, as a word may change style."""

    frags: tuple[tuple[str, bool, bool], ...]
    width: float
    first: str
    last: str
    space: bool


_Item = tuple[list[_Tok], _Tok]  # (spaces before, token or character): a unit being split


class LineBreaker:
    """Breaks runs into lines by Chinese rules, caching widths because measure() is costly.

    Text is measured per token (a CJK character or a whole Latin word), so a page of Chinese
    needs only as many measure() calls as it has distinct characters. The cache is bounded
    (oldest entry out first) so a kiosk running for months cannot grow without limit.
    """

    def __init__(self, measure: Measure, cache_size: int = 20000) -> None:
        if cache_size < 1:
            raise ValueError(f"cache_size must be at least 1, got {cache_size}")
        self._measure = measure
        self._cache_size = cache_size
        self._cache: dict[tuple[str, bool, bool], float] = {}

    def break_runs(self, runs: Iterable[Run], max_width: float) -> list[Line]:
        """Break styled runs into lines no wider than max_width.

        Explicit newlines are honoured (an empty paragraph gives an empty line); spaces at line
        edges are dropped. A line is wider than max_width only when a single character is, or
        when one closing mark hangs past the edge because nothing could move down with it.
        """
        spans: list[tuple[int, int, bool, bool]] = []
        pieces: list[str] = []
        offset = 0
        for run in runs:
            text = run.text.replace("\r\n", "\n").replace("\r", "\n")
            if text:
                spans.append((offset, offset + len(text), run.bold, run.italic))
                pieces.append(text)
                offset += len(text)
        text = "".join(pieces)
        lines: list[Line] = []
        start = 0
        for paragraph in text.split("\n") if text else ():
            end = start + len(paragraph)
            lines.extend(self._fill(self._tokens(text, start, end, spans), max_width))
            start = end + 1
        return lines

    def _width(self, text: str, bold: bool, italic: bool) -> float:
        key = (text, bold, italic)
        width = self._cache.get(key)
        if width is None:
            width = float(self._measure(text, bold, italic))
            if len(self._cache) >= self._cache_size:
                del self._cache[next(iter(self._cache))]
            self._cache[key] = width
        return width

    def _tokens(
        self, text: str, start: int, end: int, spans: list[tuple[int, int, bool, bool]]
    ) -> list[_Tok]:
        """Tokenise one paragraph; a token takes a fragment from each run it overlaps."""
        tokens: list[_Tok] = []
        span = bisect_right(spans, (start, len(text) + 1)) - 1
        for match in _TOKEN.finditer(text, start, end):
            lo, hi = match.span()
            while spans[span][1] <= lo:
                span += 1
            frags = []
            index = span
            while index < len(spans) and spans[index][0] < hi:
                first, last, bold, italic = spans[index]
                frags.append((text[max(first, lo) : min(last, hi)], bold, italic))
                index += 1
            word, kind = match.group(), match.lastgroup
            width = sum(self._width(*frag) for frag in frags)
            last = word[0] if kind == "char" else word[-1]
            tokens.append(_Tok(tuple(frags), width, word[0], last, kind == "space"))
        return tokens

    def _fill(self, tokens: list[_Tok], max_width: float) -> list[Line]:
        """Greedy filling by units, so a unit such as "点”。" moves down to the next line whole."""
        lines: list[list[_Tok]] = []
        line: list[_Tok] = []
        width = 0.0
        for gap, unit in _units(tokens):
            gap_width = sum(tok.width for tok in gap)
            unit_width = sum(tok.width for tok in unit)
            if line and width + gap_width + unit_width <= max_width:
                line += gap + unit
                width += gap_width + unit_width
                continue
            if line:
                lines.append(line)
            if unit_width <= max_width:
                line, width = list(unit), unit_width
            else:
                done, items, width = self._split(unit, max_width)
                lines.extend(_flatten(item) for item in done)
                line = _flatten(items)
        lines.append(line)
        return [_merge(frag for tok in line for frag in tok.frags) for line in lines]

    def _split(
        self, unit: list[_Tok], max_width: float
    ) -> tuple[list[list[_Item]], list[_Item], float]:
        """Last resort for a unit wider than a whole line: break it inside.

        Tokens stay whole where they fit, so "2019-07-01，" hangs its comma rather than split
        the date; only a token wider than the line is broken between characters. The punctuation
        rules still hold where they can: a closing mark pulls the token before it down, an
        opening mark goes down with the next; only if that cannot fit does the closing mark hang
        past the edge. A word that fits is never broken for a punctuation rule: at worst an
        opening mark ends a line ("（" then "Nikolsky）" on a very narrow line). Returns the
        finished lines and the open last one.
        """
        items: list[_Item] = []
        lead: list[_Tok] = []
        for tok in unit:
            if tok.space:
                lead.append(tok)
                continue
            pieces = self._clusters(tok) if tok.width > max_width else [tok]
            items.append((lead, pieces[0]))
            items.extend(([], piece) for piece in pieces[1:])
            lead = []

        done: list[list[_Item]] = []
        line: list[_Item] = []
        width = 0.0
        for lead, piece in items:
            added = sum(tok.width for tok in lead) + piece.width
            if not line:
                line, width = [([], piece)], piece.width
                continue
            if width + added <= max_width:
                line.append((lead, piece))
                width += added
                continue
            cut = _kinsoku_cut(line, piece)
            if cut:
                moved = [*line[cut:], (lead, piece)]
                moved[0] = ([], moved[0][1])  # spaces before the new line's first piece go
                moved_width = sum(tok.width for tok in _flatten(moved))
                if moved_width <= max_width:
                    done.append(line[:cut])
                    line, width = moved, moved_width
                    continue
            if piece.first in CLOSING and _is_one_char(piece) and width <= max_width:
                line.append((lead, piece))  # hanging punctuation: one mark, never a word
                width += added
            else:
                done.append(line)
                line, width = [([], piece)], piece.width
        return done, line, width

    def _clusters(self, tok: _Tok) -> list[_Tok]:
        """A token's user-perceived characters, each measured in its own style."""
        return [
            _Tok(((char, bold, italic),), self._width(char, bold, italic), char[0], char[0], False)
            for text, bold, italic in tok.frags
            for char in _CLUSTER.findall(text)
        ]


def _units(tokens: list[_Tok]) -> list[tuple[list[_Tok], list[_Tok]]]:
    """Group tokens into (spaces before, unit): a line may break only between units.

    No break after an opening mark or before a closing one, even across a space; anywhere else
    it may: between CJK characters, between CJK and Latin, at spaces.
    """
    units: list[tuple[list[_Tok], list[_Tok]]] = []
    gap: list[_Tok] = []
    unit: list[_Tok] = []
    pending: list[_Tok] = []
    for tok in tokens:
        if tok.space:
            pending.append(tok)
            continue
        if not unit:
            unit = [tok]  # spaces opening the paragraph are dropped
        elif unit[-1].last in OPENING or tok.first in CLOSING:
            unit += pending + [tok]
        else:
            units.append((gap, unit))
            gap, unit = pending, [tok]
        pending = []
    if unit:
        units.append((gap, unit))
    return units


def _kinsoku_cut(line: list[_Item], piece: _Tok) -> int:
    """Where to end `line` so that `piece` may start the next one; 0 if nowhere.

    Before a closing mark the token before it (with any closing marks between) moves down; an
    opening mark left at the end moves down too.
    """
    cut = len(line)
    if piece.first in CLOSING:
        while cut > 1 and line[cut - 1][1].first in CLOSING:
            cut -= 1
        cut -= 1
    while cut > 0 and line[cut - 1][1].last in OPENING:
        cut -= 1
    return cut


def _is_one_char(tok: _Tok) -> bool:
    return len(tok.frags) == 1 and _CLUSTER.fullmatch(tok.frags[0][0]) is not None


def _flatten(items: list[_Item]) -> list[_Tok]:
    return [tok for lead, piece in items for tok in (*lead, piece)]


def break_runs(runs: Iterable[Run], max_width: float, measure: Measure) -> list[Line]:
    """One-off line breaking; keep a LineBreaker instead to reuse its width cache."""
    return LineBreaker(measure).break_runs(runs, max_width)


# --------------------------------------------------------------------------- titles

ELLIPSIS = "…"
# Cut a title before these rather than after: "《…" or "，…" reads as a mistake.
_TRIM_BEFORE_ELLIPSIS = " \t\u3000，、；：,;:…—·" + "".join(OPENING)


def fit_title(
    text: str,
    max_width: float,
    max_lines: int,
    sizes: Sequence[int],
    measure_at: Callable[[str, int], float],
) -> tuple[int, list[str]]:
    """Pick the largest font size at which the title fits in max_lines lines.

    A long title shrinks rather than losing words; only at the smallest size is its last line
    cut and ended with "…".
    """
    if max_lines < 1:
        raise ValueError(f"max_lines must be at least 1, got {max_lines}")
    if not sizes:
        raise ValueError("sizes must not be empty")
    text = text.strip()
    for size in sorted(set(sizes), reverse=True):
        lines = _title_lines(text, max_width, size, measure_at)
        if len(lines) <= max_lines:
            return size, lines
    kept = lines[:max_lines]
    last = kept[-1]
    while True:
        stem = last.rstrip(_TRIM_BEFORE_ELLIPSIS)
        if not stem or measure_at(stem + ELLIPSIS, size) <= max_width:
            break
        last = stem[:-1]
    kept[-1] = stem + ELLIPSIS
    return size, kept


def _title_lines(
    text: str, max_width: float, size: int, measure_at: Callable[[str, int], float]
) -> list[str]:
    def measure(part: str, _bold: bool, _italic: bool) -> float:
        return measure_at(part, size)

    lines = LineBreaker(measure).break_runs([Run(text)], max_width)
    return ["".join(run.text for run in line) for line in lines]
