"""`python -m kiosk set-pin`: write the administrator PIN's hash into config.yaml.

The file is edited in place, one line, so the administrator's comments and layout stay; the
PIN itself is never written anywhere.
"""

from __future__ import annotations

import getpass
import re
import sys
from pathlib import Path

from kiosk.admin.pin import hash_pin, pin_problem
from kiosk.config import ConfigError, load_config

PIN_LINE = re.compile(r"^(?P<indent>[ \t]+)pin_hash:[^\n#]*(?P<comment>#[^\n]*)?$", re.MULTILINE)
ADMIN_LINE = re.compile(r"^admin:[ \t]*(#[^\n]*)?$", re.MULTILINE)


def with_pin_hash(text: str, pin_hash: str) -> str:
    """config.yaml's text with admin.pin_hash set, everything else as it was."""
    line = PIN_LINE.search(text)
    if line:
        comment = f"  {line['comment']}" if line["comment"] else ""
        return text[: line.start()] + f'{line["indent"]}pin_hash: "{pin_hash}"{comment}' + text[line.end():]
    admin = ADMIN_LINE.search(text)
    if admin:
        return text[: admin.end()] + f'\n  pin_hash: "{pin_hash}"' + text[admin.end():]
    return text.rstrip("\n") + f'\n\nadmin:\n  pin_hash: "{pin_hash}"\n'


def read_new_pin(from_stdin: bool) -> str | None:
    if from_stdin:
        return sys.stdin.readline().strip()
    first = getpass.getpass("New administrator PIN (4-8 digits): ")
    second = getpass.getpass("The same PIN again: ")
    if first != second:
        print("The two PINs differ; nothing was changed.", file=sys.stderr)
        return None
    return first


def set_pin(config_path: Path, from_stdin: bool = False) -> int:
    try:
        load_config(config_path)
    except ConfigError as err:
        for line in err.lines:
            print(line, file=sys.stderr)
        return 2
    pin = read_new_pin(from_stdin)
    if pin is None:
        return 1
    problem = pin_problem(pin)
    if problem:
        print(f"Not set: {problem}.", file=sys.stderr)
        return 1
    text = config_path.read_text(encoding="utf-8")
    updated = with_pin_hash(text, hash_pin(pin))
    tmp = config_path.with_name(config_path.name + ".tmp")
    tmp.write_text(updated, encoding="utf-8")
    try:
        load_config(tmp)
    except ConfigError as err:  # never leave the hall with a config.yaml that will not start
        tmp.unlink()
        print(f"Not set: the result would not load ({err.lines[0]}).", file=sys.stderr)
        return 2
    tmp.replace(config_path)
    print(f"The administrator PIN is set in {config_path}. A running kiosk asks for it from the next "
          "time its PIN pad opens.")
    return 0
