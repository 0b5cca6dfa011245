"""Command line: ``jdpipe parse | run | eval | compare | roles | report | config``. The only place flags become settings."""
from __future__ import annotations

import argparse
import json
import logging
import sys
import tomllib
from pathlib import Path

from . import __version__, interrupts
from .compare_text import padded
from .config import Settings, load_settings, settings_toml
from .errors import StrictFailure, UserError

log = logging.getLogger("pipeline")

EXIT_OK, EXIT_FAILURES, EXIT_USAGE = 0, 1, 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="jdpipe", description="Parse and compare scraped Chinese job descriptions.")
    parser.add_argument("--version", action="version", version=f"jdpipe {__version__}")
    add_config(parser)
    sub = parser.add_subparsers(dest="command", required=True)

    def common(p):
        p.add_argument("--workers", type=int, help="processes for per-file work (default: all cores)")
        p.add_argument("--strict", action="store_true", default=None, help="exit 1 when any file fails")
        p.add_argument("--quiet", action="store_true", default=None, help="no progress bars")
        p.add_argument("--engine", choices=("local", "dask"), help="local processes (default) or a Dask cluster")
        p.add_argument("--scheduler", metavar="ADDRESS", help="Dask scheduler to use (default: a LocalCluster)")
        p.add_argument("--no-cache", dest="cache", action="store_false", default=None,
                       help="`jdpipe run`: ignore the results of earlier runs (a full run)")
        add_set(p)

    p = sub.add_parser("parse", help="parse files or folders into records")
    p.add_argument("inputs", nargs="+", help="files or folders (searched recursively)")
    p.add_argument("--out", required=True, help="output folder")
    common(p)

    p = sub.add_parser("run", help="parse and every later stage")
    p.add_argument("--input", help="input folder (default: data/raw)")
    p.add_argument("--out", help="output folder (default: data/processed)")
    common(p)

    p = sub.add_parser("eval", help="parse and score against gold annotations")
    p.add_argument("gold_dir")
    p.add_argument("inputs", nargs="*", help="files or folders (default: the input setting)")
    p.add_argument("--json", action="store_true", help="print one JSON summary")
    p.add_argument("--per-doc", action="store_true", help="print a row per document")
    common(p)

    p = sub.add_parser("compare", help="compare two roles, or more (after `jdpipe run`)")
    p.add_argument("roles", nargs="+", metavar="ROLE", help="two roles (or families) or more")
    p.add_argument("--out", dest="csv_out", metavar="FILE",
                   help="table to write: CSV (plus FILE_settings.json; for three roles or more FILE is the "
                        "cosine matrix, beside FILE_overlap.csv, FILE_pairs.csv, FILE_alone.csv, FILE_themes.csv), "
                        "or a workbook when FILE ends in .xlsx (default: DIR/compare_ROLE_A_ROLE_B….csv)")
    p.add_argument("--dir", dest="out", metavar="DIR", help="outputs of `jdpipe run` (default: data/processed)")
    p.add_argument("--level", choices=("role", "family"), default="role",
                   help="compare roles (default) or role families (客服, 运营 …)")
    p.add_argument("--where", metavar="CONDITION",
                   help="compare within a subset of the records, by a field or a posting's metadata column: "
                        "'发布平台=BOSS', '地区~上海', '薪资>=8000', joined by '&'")
    add_set(p)

    p = sub.add_parser("roles", help="list the canonical roles and what fed them (after `jdpipe run`)")
    p.add_argument("--dir", dest="out", metavar="DIR", help="outputs of `jdpipe run` (default: data/processed)")
    p.add_argument("--out", dest="csv_out", metavar="FILE", help="also write the whole table as CSV (e.g. roles.csv)")
    p.add_argument("--top", type=int, default=40, help="rows printed (default 40; the CSV has all)")
    add_set(p)

    p = sub.add_parser("report", help="write report.html from the outputs of `jdpipe run`")
    p.add_argument("--dir", dest="out", metavar="DIR", help="outputs of `jdpipe run` (default: data/processed)")
    p.add_argument("--out", dest="html_out", metavar="FILE", help="HTML file to write (default: DIR/report.html)")
    p.add_argument("--quiet", action="store_true", default=None, help="no progress bars")
    add_set(p)

    add_set(sub.add_parser("config", help="print the effective settings (as TOML)"))
    return parser


def add_config(p: argparse.ArgumentParser, after_command: bool = False) -> None:
    """--config before or after the command; given after it, it is kept only when set there."""
    p.add_argument("--config", default=argparse.SUPPRESS if after_command else None,
                   help="settings file (default: ./jdpipe.toml when present)")


def add_set(p: argparse.ArgumentParser) -> None:
    add_config(p, after_command=True)
    p.add_argument("--set", dest="overrides", action="append", default=[], metavar="KEY=VALUE",
                   help="override any setting of jdpipe.toml, e.g. --set theme_k_max=20 (repeatable)")


def parse_overrides(pairs: list[str]) -> dict:
    """``--set KEY=VALUE`` pairs; VALUE is read as a TOML value (20, 0.4, true, ["a"]), else as text."""
    values = {}
    for pair in pairs:
        key, sep, text = pair.partition("=")
        if not sep or not key.strip():
            raise UserError(f"--set takes KEY=VALUE, not '{pair}'.")
        try:
            values[key.strip()] = tomllib.loads(f"v = {text.strip()}")["v"]
        except tomllib.TOMLDecodeError:
            values[key.strip()] = text.strip()
    return values


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    return build_parser().parse_args(argv)


def settings_from(args: argparse.Namespace) -> Settings:
    flags = {
        "input": getattr(args, "input", None),
        "output": getattr(args, "out", None),
        "workers": getattr(args, "workers", None),
        "strict": getattr(args, "strict", None),
        "quiet": getattr(args, "quiet", None),
        "engine": getattr(args, "engine", None),
        "scheduler": getattr(args, "scheduler", None),
        "cache": getattr(args, "cache", None),
        "where": getattr(args, "where", None),
    }
    # --set KEY=VALUE for any key; a dedicated flag given as well wins (and never collides)
    overrides = parse_overrides(getattr(args, "overrides", []))
    overrides.update({key: value for key, value in flags.items() if value is not None})
    return load_settings(args.config, **overrides)


def cmd_parse(args, settings: Settings) -> int:
    from .run.flow import parse_inputs

    result = parse_inputs(args.inputs, Path(settings.output), settings, keep_records=False)
    print(result.summary_line(), file=sys.stderr)
    return result.exit_code()


def cmd_run(args, settings: Settings) -> int:
    from .run.flow import run_all

    return run_all(settings)


def cmd_eval(args, settings: Settings) -> int:
    from .evaluate import format_summary, load_gold, score
    from .run.flow import parse_inputs

    if not Path(args.gold_dir).is_dir():
        raise UserError(f"gold folder '{args.gold_dir}' does not exist.")
    result = parse_inputs(args.inputs or [settings.input], None, settings)  # scored in memory, nothing written
    summary, per_doc = score(load_gold(Path(args.gold_dir)), result.records)
    if args.per_doc:
        for name, counts in per_doc.items():
            print(f"{name:32s} records {counts['matched']:3d}/{counts['gold_records']:3d} gold, "
                  f"{counts['pred_records']:3d} pred  duties {counts['duty_tp']}/{counts['gold_duties']} gold, "
                  f"{counts['pred_duties']} pred")
    print(json.dumps(summary, ensure_ascii=False) if args.json else format_summary(summary))
    return EXIT_OK


def cmd_compare(args, settings: Settings) -> int:
    from .analyze.compare_many import compare_many, supported
    from .analyze.compare_roles import at_level, compare_roles, resolve_all
    from .compare_text import format_comparison, format_many, too_few_lines
    from .outputs.comparison import OTHER_SPREADSHEETS, write_comparison, write_many
    from .results import duties_where, load_duties

    out_dir = Path(settings.output)
    path = Path(args.csv_out) if args.csv_out else None
    if path is not None and path.suffix.lower() in OTHER_SPREADSHEETS:
        raise UserError(f"cannot write '{path}': jdpipe writes .xlsx workbooks and CSV files (name it .xlsx or .csv).")
    if len(args.roles) < 2:
        raise UserError(f"name at least two {args.level}s to compare, not one ('{args.roles[0]}').")
    duties, labels = load_duties(out_dir)
    if settings.where:
        duties = duties_where(out_dir, duties, settings.where)
    duties = at_level(duties, args.level)
    names = resolve_all(args.roles, sorted(duties["role"].dropna().unique()), settings, args.level)
    for note in filter(None, (name.note() for name in names)):
        print(note)
    roles, few = supported(duties, [name.name for name in names], settings)
    for line in too_few_lines(few, settings.min_role_duties):
        print(line)
    path = path or out_dir / f"compare_{'_'.join(safe_name(role) for role in roles)}.csv"
    about = {"results": str(out_dir), "jdpipe": __version__}
    if len(names) == 2:
        result = compare_roles(duties, labels, *roles, settings)
        print(format_comparison(result))
        write = lambda: write_comparison(result.table(), {**result.about(), **about}, path)  # noqa: E731
    else:
        result = compare_many(duties, labels, roles, settings, few)
        print(format_many(result))
        write = lambda: write_many(result, {**result.about(), **about}, path)  # noqa: E731
    try:
        written = write()
    except OSError as exc:
        raise UserError(f"cannot write '{path}' ({exc.strerror or exc}).") from None
    print(f"\nwrote {(' and ' if len(written) == 2 else ', ').join(map(str, written))}")
    return EXIT_OK


def safe_name(role: str) -> str:
    """A role as a file-name part: no separators or shell-awkward characters."""
    return "".join(c if c.isalnum() else "_" for c in role)


def cmd_roles(args, settings: Settings) -> int:
    from .outputs.files import write_csv
    from .results import load_results, role_table

    table = role_table(load_results(Path(settings.output)), settings.role_aliases)
    print(format_role_table(table.head(args.top)))
    if len(table) > args.top:
        print(f"… {len(table) - args.top} more roles" + (" in the CSV" if args.csv_out else " (--out FILE writes all)"))
    if args.csv_out:
        write_csv(table, Path(args.csv_out))
        print(f"\nwrote {args.csv_out}")
    return EXIT_OK


def format_role_table(table) -> str:
    """`jdpipe roles`' text: one line per role, then what fed it."""
    lines = [f"{padded('role', 18)}{padded('family', 8)}{'records':>8}{'duties':>8}  levels"]
    for row in table.itertuples(index=False):
        lines.append(f"{padded(row.role, 18)}{padded(row.family or '-', 8)}{row.records:8d}{row.distinct_duties:8d}  "
                     f"{row.levels or '-'}")
        lines.append(f"    titles: {row.titles}")
        if row.applied:
            lines.append(f"    applied: {row.applied}")
    return "\n".join(lines)


def cmd_config(args, settings: Settings) -> int:
    print(settings_toml(settings), end="")
    return EXIT_OK


def cmd_report(args, settings: Settings) -> int:
    from .report import write_report

    report = write_report(Path(settings.output), settings, args.html_out)
    print(f"wrote {report.path}", file=sys.stderr)
    return EXIT_OK


COMMANDS = {"parse": cmd_parse, "run": cmd_run, "eval": cmd_eval, "compare": cmd_compare, "roles": cmd_roles,
            "config": cmd_config, "report": cmd_report}


def main(argv: list[str] | None = None) -> int:
    with interrupts.handling_stops():  # Ctrl-C and SIGTERM: one sentence, exit 130 / 143
        try:
            code = run_command(argv)
            interrupts.check()  # a stop swallowed where it landed (inside a __del__) still counts
            return code
        except KeyboardInterrupt as exc:
            print(f"jdpipe: {interrupts.message()}", file=sys.stderr)
            return interrupts.exit_code(exc)


def run_command(argv: list[str] | None) -> int:
    try:
        args = parse_args(argv)
    except SystemExit as exc:  # argparse has printed its usage line and message (or --help)
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        settings = settings_from(args)
        code = COMMANDS[args.command](args, settings)
        sys.stdout.flush()  # a closed pipe shows here, inside the handlers, not at interpreter exit
        return code
    except UserError as exc:
        print(f"jdpipe: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except StrictFailure as exc:
        print(exc.summary, file=sys.stderr)
        print(exc.message(), file=sys.stderr)
        return EXIT_FAILURES
    except BrokenPipeError:
        return quiet_closed_pipe()


def quiet_closed_pipe() -> int:
    """`jdpipe compare A B | head`: the reader has what it wanted; no traceback, exit 0. Standard
    output is pointed at devnull so the interpreter's final flush does not fail again."""
    import os

    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
