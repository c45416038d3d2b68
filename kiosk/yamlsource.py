"""Read YAML written by people, keeping the line of every value.

Curators and administrators edit `panel.yaml`, `zone.yaml` and `config.yaml` by hand, so every
message about them must point at a line. PyYAML's `safe_load` forgets where values came from;
this module composes the node tree (safe: only standard tags) and builds plain Python values
alongside a table from key path to line number.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import yaml

Path = tuple[object, ...]
_COMPOSER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml composes ten times faster


class YamlError(ValueError):
    """A document that is not valid YAML; `line` is 1-based, or None when unknown."""

    def __init__(self, message: str, line: int | None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


@dataclass(frozen=True)
class YamlDoc:
    """A parsed document: `data` holds plain values, `lines` maps key paths to 1-based lines."""

    data: object
    lines: dict[Path, int] = field(default_factory=dict)

    def line(self, *path: object) -> int | None:
        """The line of the value at `path`, or of its nearest parent that has one."""
        key = tuple(path)
        while key:
            if key in self.lines:
                return self.lines[key]
            key = key[:-1]
        return self.lines.get((), None)


def parse_yaml(text: str) -> YamlDoc:
    """Parse one YAML document. Raises YamlError with the offending line."""
    try:
        node = yaml.compose(text, Loader=_COMPOSER)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + 1 if mark is not None else None
        raise YamlError(_describe(err, text, line), line) from None
    except yaml.reader.ReaderError as err:  # a character YAML refuses anywhere, such as NUL
        raise YamlError(f"the file holds an invisible control character (code {err.character:#04x}); "
                        "retype this line", text.count("\n", 0, err.position) + 1) from None
    except yaml.YAMLError:
        raise YamlError("this is not valid YAML", None) from None
    if node is None:
        return YamlDoc(None, {(): 1})
    builder = _Builder()
    try:
        data = builder.build(node, ())
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        raise YamlError(_describe(err), mark.line + 1 if mark else None) from None
    finally:
        builder.loader.dispose()
    return YamlDoc(data, builder.lines)


# PyYAML's own words, which mean nothing to a curator, and what they mean on that line.
_PLAIN_WORDS = (
    ("mapping values are not allowed", "a value holds ': ' (a colon and a space); put the value in quotes"),
    ("could not find expected ':'", "a line has no ':' after its key, or a quote is not closed"),
    ("expected ',' or ']'", "a list opened with '[' is not closed with ']'"),
    ("expected ',' or '}'", "a section opened with '{' is not closed with '}'"),
    ("flow node", "a list '[' or a section '{' is not closed, or a value is missing after a ','"),
    ("found unexpected end of stream", "a quote is not closed"),
    ("unknown escape character", "a backslash (\\) in double quotes; use single quotes instead"),
    ("found undefined alias", "a '*' name refers to no '&' name above it; write the value out in full"),
    ("found duplicate anchor", "two values carry the same '&' name; write the values out in full"),
    ("unacceptable character", "the file holds an invisible control character; retype this line"),
    ("exceeded maximum nesting depth", "the document is nested too deeply"),
    ("expected a single document", "the file holds a second document after '---'; keep one"),
    ("cannot start any token", "a value starts with @ or ` or holds a tab; put it in quotes, indent with spaces"),
    ("expected key", "the indentation here does not match the lines above"),
    ("expected <block end>", "the indentation here does not match the lines above"),
    ("expected '-'", "the indentation here does not match the list above (each item starts with '- ')"),
    ("expected node content", "a value is missing, or it starts with a symbol; put it in quotes"),
)


def _describe(err: yaml.MarkedYAMLError, source: str = "", line: int | None = None) -> str:
    lines = source.splitlines()
    if line and line <= len(lines) and "\t" in lines[line - 1][: len(lines[line - 1]) - len(lines[line - 1].lstrip())]:
        return "a tab is used for indentation; indent with spaces"
    said = " ".join(p for p in (err.context, err.problem) if p)
    return next((plain for words, plain in _PLAIN_WORDS if words in said), "this line is not valid YAML")


def _tag_name(tag: str) -> str:
    return "!!" + tag.removeprefix("tag:yaml.org,2002:") if tag.startswith("tag:yaml.org,2002:") else tag


_PLAIN_SCALARS = {f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "timestamp")}
_MERGE = "tag:yaml.org,2002:merge"
MAX_NODES = 200_000  # aliases can multiply a small file into a huge one ("billion laughs")


class _Builder:
    """Turns a node tree into plain values, recording the line of each key path."""

    def __init__(self) -> None:
        self.loader = yaml.SafeLoader("")
        self.lines: dict[Path, int] = {}
        self.count = 0

    def scalar(self, node: yaml.ScalarNode) -> object:
        line = node.start_mark.line + 1
        if node.tag == _MERGE:
            raise YamlError("'<<' (taking in the keys of another section) is not read by the kiosk; "
                            "write the keys out in full", line)
        if node.tag not in _PLAIN_SCALARS:
            raise YamlError(f"the value is marked {_tag_name(node.tag)} (a YAML tag), which the kiosk does not "
                            "read; remove the tag and write the value plainly", line)
        try:
            return self.loader.construct_object(node, deep=True)
        except (ValueError, KeyError, AttributeError, TypeError, OverflowError):
            # A date or time that does not exist (2027-02-29, !!timestamp hello), !!bool maybe,
            # an integer too long to convert: kept as written, for its reader to name.
            return node.value

    def build(self, node: yaml.Node, path: Path) -> object:
        self.count += 1
        if self.count > MAX_NODES or len(path) > 50:
            raise YamlError("the document is too large or nested too deeply", node.start_mark.line + 1)
        self.lines[path] = node.start_mark.line + 1
        if isinstance(node, yaml.ScalarNode):
            return self.scalar(node)
        if node.tag not in ("tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"):
            raise YamlError(f"the section is marked {_tag_name(node.tag)} (a YAML tag), which the kiosk does not "
                            "read; remove the tag", node.start_mark.line + 1)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, path)
        return None

    def mapping(self, node: yaml.MappingNode, path: Path) -> dict[object, object]:
        result: dict[object, object] = {}
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1
            if not isinstance(key_node, yaml.ScalarNode):
                raise YamlError("a key is a list or a section; write a plain word before ':'", line)
            key = self.scalar(key_node)
            if key in result:
                raise YamlError(f"the key '{key}' appears twice; keep one", line)
            result[key] = self.build(value_node, (*path, key))
            self.lines[(*path, key)] = line
        return result
