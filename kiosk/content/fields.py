"""The fields of panel.yaml and zone.yaml: types, meaning and the checks on them.

A wrong field is reported with its line and dropped, so the rest of the panel still shows;
data that makes no sense (a quiz answer that points at no option, a chart whose numbers do
not match its labels) is named precisely, since curators copy such data from elsewhere.
"""

from __future__ import annotations

import datetime as dt
import difflib
import math
import re
from collections.abc import Callable
from urllib.parse import urlparse

from kiosk.content.model import KINDS, Chart, Highlight, Question, Series, TimelineEvent
from kiosk.content.safe_text import cleaned
from kiosk.yamlsource import YamlDoc

PANEL_KEYS = (
    "kind", "title", "title_en", "subtitle", "body", "body_en", "media", "cover", "date", "source",
    "tags", "qr", "order", "sample", "loop", "chart", "quiz", "events", "era", "donor", "arc",
)
ZONE_KEYS = ("title", "title_en", "subtitle", "cover", "colour")
CHART_TYPES = ("bar", "line", "pie", "highlights")
MAX_CHART_VALUE = 1e15  # beyond this an axis label no longer fits a screen
MAX_QR_CHARS = 500  # beyond this a QR code is too dense to scan from a metre away

Report = Callable[[str, int | None, str], None]  # (severity, line, message)


def did_you_mean(word: str, choices: tuple[str, ...] | list[str], known: str = "Use one of") -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"Did you mean '{close[0]}'?" if close else f"{known}: {', '.join(choices)}"


class Fields:
    """Typed access to one YAML mapping, reporting every wrong value once."""

    def __init__(self, doc: YamlDoc, report: Report, known: tuple[str, ...], where: str) -> None:
        self.doc = doc
        self.report = report
        data = _cleaned_values(doc.data, (), self._removed) if isinstance(doc.data, dict) else {}
        self.data: dict = data  # type: ignore[assignment]
        for key in self.data:
            if key not in known:
                report("warning", doc.line(key),
                       f"unknown key '{key}' in {where} is ignored. {did_you_mean(str(key), known)}")

    def _removed(self, path: tuple[object, ...], what: str) -> None:
        where = ".".join(str(p) for p in path)
        self.report("warning", self.doc.line(*path), f"the text of '{where}' holds {what}, which is left out. "
                    "Retype the text without it")

    def fail(self, path: tuple[object, ...], message: str) -> None:
        self.report("error", self.doc.line(*path), message)

    def text(self, key: str, default: str = "") -> str:
        value = self.data.get(key)
        if value is None:
            return default
        if isinstance(value, (dt.date, int, float)) and not isinstance(value, bool):
            return value.isoformat() if isinstance(value, dt.date) else str(value)
        if not isinstance(value, str):
            self.fail((key,), f"'{key}' is {_kind_of(value)}, not text. Write it as text (in quotes if it starts with a symbol)")
            return default
        return value.strip()

    def flag(self, key: str) -> bool:
        value = self.data.get(key, False)
        if not isinstance(value, bool):
            self.fail((key,), f"'{key}' is {value!r}, not true or false. Write {key}: true or {key}: false")
            return False
        return value

    def order(self) -> int | None:
        value = self.data.get("order")
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(("order",), f"'order' is {value!r}, not a whole number. Write a number such as order: 3")
            return None
        return value

    def tags(self) -> tuple[str, ...]:
        value = self.data.get("tags")
        if value is None:
            return ()
        if isinstance(value, str):
            return (value,)
        if not isinstance(value, list) or not all(isinstance(t, (str, int)) for t in value):
            self.fail(("tags",), "'tags' is not a list of words. Write it like tags: [党史, 建党]")
            return ()
        return tuple(str(t) for t in value)

    def kind(self) -> str | None:
        value = self.data.get("kind")
        if value is None:
            return None
        if value not in KINDS:
            self.fail(("kind",), f"'kind' is {value!r}, not a panel kind. {did_you_mean(str(value), KINDS, 'Use one of')}")
            return None
        return str(value)

    def qr(self) -> str:
        value = self.text("qr")
        if not value:
            return ""
        problem = qr_problem(value)
        if problem:
            self.fail(("qr",), problem)
            return ""
        return value

    def colour(self) -> str | None:
        value = self.data.get("colour")
        if value is None:
            return None
        if not isinstance(value, str) or not re.fullmatch(r"#[0-9A-Fa-f]{6}", value):
            self.fail(("colour",), f'\'colour\' is {value!r}, not a colour. Write it as "#RRGGBB", such as "#B22222"')
            return None
        return value.upper()


def _cleaned_values(value: object, path: tuple[object, ...],
                    removed: Callable[[tuple[object, ...], str], None]) -> object:
    """Every text in a YAML document without what must not reach a screen, log or terminal."""
    if isinstance(value, str):
        text, what = cleaned(value)
        if what:
            removed(path, what)
        return text
    if isinstance(value, list):
        return [_cleaned_values(item, (*path, i), removed) for i, item in enumerate(value)]
    if isinstance(value, dict):
        return {_cleaned_values(k, path, removed): _cleaned_values(v, (*path, k), removed) for k, v in value.items()}
    return value


def qr_problem(value: str) -> str | None:
    if len(value) > MAX_QR_CHARS:
        return f"'qr' is {len(value)} characters, too long for a QR code a phone reads from a metre away. Shorten it to {MAX_QR_CHARS} or fewer"
    scheme = re.match(r"^([A-Za-z][A-Za-z0-9+.-]*):", value)
    if scheme and (value[scheme.end():].startswith("//") or scheme[1].lower() in ("javascript", "data", "file", "vbscript")):
        if scheme[1].lower() not in ("http", "https"):
            return f"'qr' is a {scheme[1]}: link. Use a web address (http:// or https://) or plain text"
        parsed = urlparse(value)
        if not parsed.netloc or " " in value:
            return f"'qr' is not a complete web address ({value!r}). Copy the full address from the browser"
    return None


def _kind_of(value: object) -> str:
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a section of keys"
    return repr(value)


def _number(value: object) -> float | None:
    """A number a chart can draw: a 400-digit integer or .nan is not one."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    try:
        number = float(value)
    except OverflowError:
        return None
    return number if math.isfinite(number) and abs(number) < MAX_CHART_VALUE else None


def _label(value: object) -> str | None:
    if isinstance(value, bool) or value is None or isinstance(value, (list, dict)):
        return None
    return value.isoformat() if isinstance(value, dt.date) else str(value).strip()


def read_chart(f: Fields) -> Chart | None:
    data = f.data.get("chart")
    if data is None:
        return None
    if not isinstance(data, dict):
        f.fail(("chart",), "'chart' is not a section of keys. Give it type, labels and series (see content/README.md)")
        return None
    for key in data:
        if key not in ("type", "unit", "labels", "series", "items"):
            f.report("warning", f.doc.line("chart", key),
                     f"unknown key '{key}' in chart is ignored. "
                     f"{did_you_mean(str(key), ('type', 'unit', 'labels', 'series', 'items'))}")
    kind = data.get("type")
    if kind is None:
        f.fail(("chart",), f"the chart has no 'type'. Add one of: {', '.join(CHART_TYPES)}")
        return None
    if kind not in CHART_TYPES:
        f.fail(("chart", "type"), f"the chart 'type' is {kind!r}. {did_you_mean(str(kind), CHART_TYPES, 'Use one of')}")
        return None
    unit = _label(data.get("unit", "")) or ""
    if kind == "highlights":
        return _read_highlights(f, data, unit)
    return _read_series_chart(f, data, kind, unit)


def _read_highlights(f: Fields, data: dict, unit: str) -> Chart | None:
    items = data.get("items")
    if not isinstance(items, list) or not items:
        f.fail(("chart", "items"), "the highlights chart has no 'items'. Give a list of label, value and unit")
        return None
    result = []
    for i, item in enumerate(items):
        label = _label(item.get("label")) if isinstance(item, dict) else None
        value = _number(item.get("value")) if isinstance(item, dict) else None
        if not label or value is None:
            f.fail(("chart", "items", i), f"highlight {i + 1} lacks a 'label' or a numeric 'value'. Give both, such as {{label: 党支部, value: 42, unit: 个}}")
            continue
        result.append(Highlight(label, value, _label(item.get("unit", unit)) or ""))
    return Chart("highlights", unit, items=tuple(result)) if result else None


def _read_series_chart(f: Fields, data: dict, kind: str, unit: str) -> Chart | None:
    labels = data.get("labels")
    if not isinstance(labels, list) or not labels or any(_label(x) is None for x in labels):
        f.fail(("chart", "labels"), "the chart has no usable 'labels'. Give a list such as labels: [2021, 2022, 2023]")
        return None
    series_data = data.get("series")
    if not isinstance(series_data, list) or not series_data:
        f.fail(("chart", "series"), "the chart has no 'series'. Give a list of name and values (see content/README.md)")
        return None
    series = []
    for i, item in enumerate(series_data):
        values = item.get("values") if isinstance(item, dict) else None
        if not isinstance(values, list) or any(_number(v) is None for v in values):
            f.fail(("chart", "series", i), f"series {i + 1} has no list of numbers in 'values'. Write values: [1, 2, 3], numbers only")
            continue
        if len(values) != len(labels):
            f.fail(("chart", "series", i, "values"),
                   f"series {i + 1} has {len(values)} values for {len(labels)} labels. Give one value per label")
            continue
        if kind == "pie" and (any(v < 0 for v in values) or sum(values) <= 0):
            f.fail(("chart", "series", i, "values"), "the pie chart has negative values or only zeros. Give shares of 0 or more")
            continue
        series.append(Series(_label(item.get("name", "")) or "", tuple(float(v) for v in values)))
    if kind == "pie" and len(series_data) != 1:
        f.fail(("chart", "series"), f"the pie chart has {len(series_data)} series. A pie shows one: use a bar chart for several")
        return None
    if len(series) != len(series_data):
        return None
    return Chart(kind, unit, tuple(_label(x) or "" for x in labels), tuple(series))


def read_quiz(f: Fields) -> tuple[Question, ...]:
    data = f.data.get("quiz")
    if data is None:
        return ()
    if not isinstance(data, list) or not data:
        f.fail(("quiz",), "'quiz' is not a list of questions. Give each question, options and answer (see content/README.md)")
        return ()
    questions: list[Question] = []
    seen: dict[str, int] = {}
    for i, item in enumerate(data):
        question = _read_question(f, item, i)
        if question is None:
            continue
        key = _normalise(question.question)
        if key in seen:
            f.fail(("quiz", i, "question"), f"question {i + 1} repeats question {seen[key] + 1}. Remove one of them")
            continue
        seen[key] = i
        questions.append(question)
    return tuple(questions)


def _normalise(text: str) -> str:
    return re.sub(r"[\s，,。.？?！!：:；;、]", "", text).lower()


def _read_question(f: Fields, item: object, i: int) -> Question | None:
    n = i + 1
    if not isinstance(item, dict):
        f.fail(("quiz", i), f"question {n} is not a section of keys. Give it question, options, answer and explanation")
        return None
    for key in item:
        if key not in ("question", "options", "answer", "explanation"):
            f.report("warning", f.doc.line("quiz", i, key),
                     f"unknown key '{key}' in question {n} is ignored. "
                     f"{did_you_mean(str(key), ('question', 'options', 'answer', 'explanation'))}")
    text = _label(item.get("question"))
    options = item.get("options")
    if not text:
        f.fail(("quiz", i), f"question {n} has no 'question' text. Write the question")
        return None
    if not isinstance(options, list) or len(options) < 2 or any(_label(o) in (None, "") for o in options):
        f.fail(("quiz", i, "options"), f"question {n} has fewer than 2 'options'. Give a list such as options: [1919年, 1921年, 1927年]")
        return None
    labels = [_label(o) or "" for o in options]
    normalised = [_normalise(o) for o in labels]
    for j, option in enumerate(normalised):
        if option in normalised[:j]:
            first = normalised.index(option)
            f.fail(("quiz", i, "options", j),
                   f"question {n}: options {_letter(first)} and {_letter(j)} are the same ('{labels[j]}'). "
                   "Make every option different")
            return None
    answer = _answer_index(item.get("answer"), labels)
    if answer is None:
        f.fail(("quiz", i, "answer"),
               f"question {n}: the answer {item.get('answer')!r} points at no option. Write a letter "
               f"A-{_letter(len(labels) - 1)}, a number 1-{len(labels)} or the option's text")
        return None
    return Question(text, tuple(labels), answer, _label(item.get("explanation")) or "")


def _letter(index: int) -> str:
    return chr(ord("A") + index)


def _answer_index(answer: object, options: list[str]) -> int | None:
    if isinstance(answer, bool) or answer is None:
        return None
    if isinstance(answer, int):
        return answer - 1 if 1 <= answer <= len(options) else None
    text = str(answer).strip()
    if len(text) == 1 and text.upper().isalpha() and text.isascii():
        index = ord(text.upper()) - ord("A")
        return index if index < len(options) else None
    matches = [i for i, o in enumerate(options) if _normalise(o) == _normalise(text)]
    return matches[0] if len(matches) == 1 else None


def read_events(f: Fields) -> tuple[TimelineEvent, ...]:
    data = f.data.get("events")
    if data is None:
        return ()
    if not isinstance(data, list) or not data:
        f.fail(("events",), "'events' is not a list. Give each event a date, title and text (see content/README.md)")
        return ()
    events = []
    for i, item in enumerate(data):
        date = _label(item.get("date")) if isinstance(item, dict) else None
        title = _label(item.get("title")) if isinstance(item, dict) else None
        if not date or not title:
            f.fail(("events", i), f"event {i + 1} lacks a 'date' or a 'title'. Give both")
            continue
        events.append(TimelineEvent(date, title, _label(item.get("text")) or ""))
    return tuple(events)
