"""python -m kiosk: the one entry point for every person who uses the kiosk.

    run      the fullscreen kiosk (visitors)
    check    every problem in content/ and config.yaml (curators, before opening)
    snapshot one screen drawn to a PNG without a display (curators, docs)
    preview  every panel drawn, on one web page grouped by zone, problems marked (curators)
    set-pin  the administrator PIN, stored as a salted hash in config.yaml
    report   what visitors did, as an HTML report and CSV files (administrators)
    status   whether the kiosk runs, what it shows, on which screen (administrators, the console)
    maintenance  the calm card 系统维护中 while the kiosk cannot run (kiosk-maintenance.service)
    schedule opening hours and the playlist at a date and time, or a week of them (administrators)
    console  the web console for curators and administrators, and its users (a separate process)

Exit status: 0 fine, 1 content errors (check), 2 a mistake in config.yaml or the command line.
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import date, datetime
from pathlib import Path

from kiosk.config import Config, ConfigError, load_config

os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")  # curators' output is ours alone


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
    run.add_argument("--at", metavar='"YYYY-MM-DD HH:MM"',
                     help="rehearse: the hall's calendar starts at this moment and runs on from there")

    check = sub.add_parser("check", parents=[common], help="list every problem in content/")
    check.add_argument("--json", action="store_true", help="counts and problems as JSON")

    preview = sub.add_parser("preview", parents=[common], help="draw every panel into DIR/index.html")
    preview.add_argument("--out", type=Path, required=True, metavar="DIR", help="folder for the contact sheet")

    pin = sub.add_parser("set-pin", help="set the administrator PIN (asked twice, never shown)")
    pin.add_argument("--config", type=Path, default=Path("config.yaml"), metavar="PATH",
                     help="settings file (default: config.yaml)")
    pin.add_argument("--pin-stdin", action="store_true", help="read the PIN from standard input (scripts)")

    snap = sub.add_parser("snapshot", parents=[common], help="draw one screen into a PNG, no display needed")
    where = snap.add_mutually_exclusive_group()
    where.add_argument("--panel", metavar="ZONE/NAME", help="a panel id, such as education/01-开天辟地")
    where.add_argument("--zone", metavar="ID", help="a zone's list of panels")
    snap.add_argument("--out", type=Path, required=True, metavar="FILE.png", help="where to write the picture")
    snap.add_argument("--size", default="1920x1080", metavar="WxH", help="screen size (default 1920x1080)")

    report = sub.add_parser("report", parents=[common], help="visitor statistics from the interaction log")
    report.add_argument("--db", type=Path, action="append", metavar="PATH",
                        help="an interaction log; repeat to merge several kiosks (default: paths.log_db)")
    report.add_argument("--since", type=_date, metavar="YYYY-MM-DD", help="first day included")
    report.add_argument("--until", type=_date, metavar="YYYY-MM-DD", help="last day included")
    report.add_argument("--kiosk", action="append", default=[], metavar="ID",
                        help="only this kiosk (its kiosk_id); repeat for several")
    report.add_argument("--out", type=Path, required=True, metavar="report.html", help="where to write the report")
    report.add_argument("--csv", type=Path, metavar="DIR", help="also write the raw events and every table as CSV")
    status = sub.add_parser("status", parents=[common], help="whether the kiosk runs and what it shows")
    status.add_argument("--json", action="store_true", help="the status file as it is, with running true/false")

    maintenance = sub.add_parser("maintenance", help="show the card 系统维护中 until stopped (the appliance)")
    maintenance.add_argument("--config", type=Path, default=Path("config.yaml"), metavar="PATH",
                             help="settings file for the hall's title; broken or missing is fine")

    schedule = sub.add_parser("schedule", parents=[common],
                              help="rehearse the calendar: open or closed and which playlist, at a time or for a week")
    when = schedule.add_mutually_exclusive_group()
    when.add_argument("--at", metavar='"YYYY-MM-DD HH:MM"', help="one moment on the hall's clock (default: now)")
    when.add_argument("--week", action="store_true", help="seven days as a table")
    schedule.add_argument("--from", dest="start", metavar="YYYY-MM-DD", help="first day of --week (default: today)")
    schedule.add_argument("--json", action="store_true", help="the answer as JSON")
    _console_parser(sub, common)
    return parser


def _console_parser(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    console = sub.add_parser("console", parents=[common], help="the web console (docs/CONSOLE.md), or its users")
    console.add_argument("--bind", metavar="ADDRESS", help="listen on this address for this run (console.bind)")
    console.add_argument("--port", type=int, metavar="N", help="listen on this port for this run (console.port)")
    actions = console.add_subparsers(dest="action", metavar="ACTION")
    for name, what in (("add-user", "add a user"), ("passwd", "set a user's password")):
        action = actions.add_parser(name, help=what)
        action.add_argument("name")
        if name == "add-user":
            action.add_argument("--role", choices=("curator", "admin"), required=True,
                                help="curator: content and playlists; admin: everything")
        action.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    actions.add_parser("remove-user", help="remove a user").add_argument("name")
    actions.add_parser("list-users", help="every user, role and token id")
    actions.add_parser("token", help="print a new API token for a user").add_argument("name")
    revoke = actions.add_parser("revoke-token", help="revoke one token of a user, or all of them")
    revoke.add_argument("name")
    revoke.add_argument("token_id", nargs="?", help="the id list-users shows (default: all the user's tokens)")


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f'must be a date written YYYY-MM-DD, such as 2026-07-01, got "{text}"') \
            from None


def _load(args: argparse.Namespace) -> Config:
    try:
        return load_config(args.config, args.content)
    except ConfigError as err:
        for line in err.lines:
            print(line, file=sys.stderr)
        raise SystemExit(2) from None


def _check(args: argparse.Namespace) -> int:
    from kiosk.check import checked_catalog, print_report

    return print_report(checked_catalog(_load(args)), sys.stdout, args.json)


def _snapshot(args: argparse.Namespace) -> int:
    from kiosk.content.fields import did_you_mean
    from kiosk.content.loader import load_catalog
    from kiosk.engine.launch import parse_size
    from kiosk.engine.snapshot import Snapshotter

    config = _load(args)
    try:
        size = parse_size(args.size)
    except ValueError as err:
        print(err, file=sys.stderr)
        return 2
    catalog = load_catalog(config.paths.content, config.zones)
    if args.panel and args.panel not in catalog.panels:
        print(f"no panel '{args.panel}'. {did_you_mean(args.panel, sorted(catalog.panels), 'Panels')}",
              file=sys.stderr)
        return 1
    if args.zone and catalog.zone(args.zone) is None:
        print(f"no zone '{args.zone}'. Zones: {', '.join(z.id for z in catalog.zones)}", file=sys.stderr)
        return 1
    snapshotter = Snapshotter(config, catalog, size)
    try:
        problems = snapshotter.render(args.out, zone=args.zone, panel=args.panel)
    finally:
        snapshotter.close()
    for problem in problems:
        print(problem, file=sys.stderr)
    print(f"wrote {args.out}")
    return 1 if problems else 0


def _report(args: argparse.Namespace) -> int:
    from kiosk.analytics.report import make_report
    from kiosk.analytics.sources import LogUnreadable, Selection

    hall = "展厅"
    logs = args.db
    if not logs or args.config.exists():  # with --db and no config.yaml at hand, the report still works
        config = _load(args)
        hall = config.hall.title
        logs = logs or [config.paths.log_db]
    if args.since and args.until and args.until < args.since:
        print(f"--until ({args.until}) is before --since ({args.since})", file=sys.stderr)
        return 2
    try:
        written = make_report(logs, Selection(args.since, args.until, tuple(args.kiosk)), args.out,
                              csv_dir=args.csv, hall=hall)
    except LogUnreadable as err:
        print(err, file=sys.stderr)
        return 1
    except OSError as err:
        print(f"{err.filename or args.out}: cannot be written ({err.strerror}); choose another --out or --csv",
              file=sys.stderr)
        return 1
    s = written.summary
    print(f"wrote {written.html}: {s.sessions:,} visits, {s.panel_opens:,} panel opens, "
          f"{len(s.kiosks)} kiosk(s), {s.first_day or '-'} to {s.last_day or '-'}")
    if written.csv_files:
        print(f"wrote {len(written.csv_files)} CSV files in {args.csv}")
    return 0


def _preview(args: argparse.Namespace) -> int:
    from kiosk.content.loader import load_catalog
    from kiosk.preview import write_preview

    config = _load(args)
    catalog = load_catalog(config.paths.content, config.zones)
    drawing = write_preview(config, catalog, args.out)
    for problem in drawing:
        print(problem, file=sys.stderr)
    print(f"wrote {args.out / 'index.html'}: {len(catalog.panels)} panels, {len(catalog.problems)} problems")
    return 1 if drawing or catalog.errors else 0


def _schedule(args: argparse.Namespace) -> int:
    import json

    from kiosk.service import rehearsal
    from kiosk.service.calendar import week
    from kiosk.service.clock import local_zone, zone_name

    zone = local_zone()
    try:
        if args.start and not args.week:
            raise ValueError("--from 只和 --week 一起用：python -m kiosk schedule --week --from 2027-06-28")
        start = rehearsal.parse_day(args.start) if args.start else datetime.now(zone).date()
        when = rehearsal.parse_instant(args.at, zone) if args.at else datetime.now(zone)
    except ValueError as err:
        print(err, file=sys.stderr)
        return 2
    config = _load(args)
    calendar, name = config.calendar, zone_name(zone)

    def exists(playlist: str) -> bool:
        return (config.paths.playlists / f"{playlist}.yaml").is_file()

    if args.week:
        rows = week(calendar, start)
        answer = rehearsal.week_json(calendar, rows, name, exists) if args.json \
            else rehearsal.week_table(calendar, rows, name, exists)
    else:
        answer = rehearsal.instant_json(calendar, when, name, exists) if args.json \
            else rehearsal.describe_instant(calendar, when, name, exists)
    print(json.dumps(answer, ensure_ascii=False, indent=2) if args.json else "\n".join(answer))
    return 0


def _set_pin(args: argparse.Namespace) -> int:
    from kiosk.admin.setpin import set_pin

    return set_pin(args.config, from_stdin=args.pin_stdin)


def _status(args: argparse.Namespace) -> int:
    from kiosk.service.show import print_status
    from kiosk.service.status import read_status, status_path

    return print_status(read_status(status_path(_load(args))), sys.stdout, as_json=args.json)


def _run(args: argparse.Namespace) -> int:
    from kiosk.engine.launch import launch

    config = _load(args)
    return launch(config, args)


def _maintenance(args: argparse.Namespace) -> int:
    from kiosk.service.maintenance import show_card

    return show_card(args.config)


def _console(args: argparse.Namespace) -> int:
    from kiosk.console.cli import console_command

    return console_command(args, _load(args))


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    commands = {"check": _check, "report": _report, "run": _run, "snapshot": _snapshot, "set-pin": _set_pin,
                "preview": _preview, "status": _status, "maintenance": _maintenance, "schedule": _schedule,
                "console": _console}
    return commands[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
