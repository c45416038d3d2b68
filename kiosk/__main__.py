"""python -m kiosk: the one entry point for every person who uses the kiosk.

    run      the fullscreen kiosk (visitors)
    check    every problem in content/ and config.yaml (curators, before opening)

Exit status: 0 fine, 1 content errors (check), 2 a mistake in config.yaml or the command line.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kiosk.config import Config, ConfigError, load_config


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m kiosk", description="Touch kiosk for exhibition halls.")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--config", type=Path, default=Path("config.yaml"), metavar="PATH",
                        help="settings file (default: config.yaml)")
    common.add_argument("--content", type=Path, default=None, metavar="DIR",
                        help="exhibition folder (default: paths.content in config.yaml)")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    run = sub.add_parser("run", parents=[common], help="start the kiosk")
    run.add_argument("--windowed", action="store_true", help="a window instead of fullscreen; Esc quits")
    run.add_argument("--size", metavar="WxH", help="window or screen size, such as 1920x1080")
    run.add_argument("--targets-file", type=Path, metavar="PATH",
                     help="write what can be tapped to PATH after every screen change (for tests)")

    check = sub.add_parser("check", parents=[common], help="list every problem in content/")
    check.add_argument("--json", action="store_true", help="counts and problems as JSON")
    return parser


def _load(args: argparse.Namespace) -> Config:
    try:
        return load_config(args.config, args.content)
    except ConfigError as err:
        for line in err.lines:
            print(line, file=sys.stderr)
        raise SystemExit(2) from None


def _check(args: argparse.Namespace) -> int:
    from kiosk.check import print_report
    from kiosk.content.loader import load_catalog

    config = _load(args)
    catalog = load_catalog(config.paths.content, config.zones)
    return print_report(catalog, sys.stdout, args.json)


def _run(args: argparse.Namespace) -> int:
    from kiosk.engine.launch import launch

    config = _load(args)
    return launch(config, args)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    commands = {"check": _check, "run": _run}
    return commands[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
