"""One settings object: package defaults, then ``jdpipe.toml``, then command-line flags."""
from __future__ import annotations

import dataclasses
import difflib
import json
import math
import os
import re
import tomllib
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .errors import ConfigError
from .wordfiles import WordFileError, check_word_file

CONFIG_NAME = "jdpipe.toml"


@dataclass(slots=True)
class Settings:
    input: str = "data/raw"
    output: str = "data/processed"
    workers: int = 0  # 0 means all cores
    max_file_mb: float = 200.0
    max_file_seconds: float = 300.0  # per-file time limit for reading and parsing; 0 = none
    strict: bool = False
    quiet: bool = False
    # job-board exports (pipeline/ingest/tables.py): the columns to read; empty = found by name
    # (resources/table_columns.toml) or, for the description, by content
    text_column: str = ""
    title_column: str = ""
    id_column: str = ""
    # a subset of the records, by their fields and their postings' metadata (pipeline/subset.py):
    # 地区~上海, 发布平台=BOSS & 学历=本科 …; empty = all
    where: str = ""
    # outputs: excel adds jdpipe.xlsx, a sheet per table (pipeline/outputs/excel.py)
    excel: bool = False
    # engine and incremental runs
    engine: str = "local"  # local processes, or "dask" (a dask.distributed cluster)
    scheduler: str = ""  # Dask scheduler address; empty = a LocalCluster on 127.0.0.1
    scheduler_timeout: float = 10.0  # seconds to reach the scheduler and hear it answer as Dask
    dask_processes: bool = True  # LocalCluster workers are processes (false: threads)
    cache: bool = True  # `jdpipe run` reuses per-file results, tokens and analysis of earlier runs
    cache_dir: str = ""  # empty = OUTPUT/.cache
    cache_max_mb: float = 2048.0
    # duplicates
    near_duplicate_threshold: float = 0.7  # MinHash Jaccard of duty 4-grams at which records are near duplicates
    dedupe_duties: bool = True  # a record duplicating one of the same role adds nothing to the role's counts
    # tokens
    userdict: list[str] = field(default_factory=list)
    stopwords: list[str] = field(default_factory=list)
    # roles
    role_aliases: dict[str, str] = field(default_factory=dict)
    # analysis
    min_role_duties: int = 3
    overlap_threshold: float = 0.5
    # above this many distinct duty vectors, overlap scores approximate nearest neighbours only
    overlap_exact_max: int = 40_000
    theme_k_min: int = 8
    theme_k_max: int = 40
    theme_sample: int = 2000
    theme_dims: int = 50  # LSA dimensions the duty vectors are reduced to before clustering
    seed: int = 0
    # coverage: a parsed document gets a reason when this many duty-like lines, or this share of
    # its duty lines (in records or not), ended up in no record (pipeline.parse.coverage)
    coverage_warn_lines: int = 8
    coverage_warn_share: float = 0.5
    # report
    report_max_roles: int = 60  # roles shown in the report's heatmaps (those with most duties)
    report_roles: list[str] = field(default_factory=lambda: ["客服经理", "品牌经理", "营运总监"])  # a section side by side

    def effective_workers(self) -> int:
        return self.workers if self.workers > 0 else (os.cpu_count() or 1)

    def as_dict(self) -> dict:
        return dataclasses.asdict(self)


def _flatten(table: dict) -> dict:
    """Sections in the TOML file ([analysis], [roles] …) are for people; keys are unique."""
    flat = {}
    for key, value in table.items():
        if isinstance(value, dict) and key != "role_aliases":
            flat.update(_flatten(value))
        else:
            flat[key] = value
    return flat


def load_settings(path: str | os.PathLike | None = None, **overrides) -> Settings:
    """Defaults, updated by the TOML file (``jdpipe.toml`` in the cwd if present), then overrides."""
    settings = Settings()
    defaults = {f.name: getattr(settings, f.name) for f in dataclasses.fields(Settings)}
    values: dict = {}
    config_path = Path(path) if path else Path(CONFIG_NAME)
    if path and not config_path.is_file():
        raise ConfigError(f"config file '{config_path}' does not exist.")
    if config_path.is_file():
        try:
            values = _flatten(tomllib.loads(config_path.read_text(encoding="utf-8")))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"config file '{config_path}' is not valid TOML: {exc}.") from None
        except OSError as exc:
            raise ConfigError(f"cannot read config file '{config_path}' ({exc.strerror or exc}).") from None
    values.update({k: v for k, v in overrides.items() if v is not None})
    for name, value in values.items():
        if name not in defaults:
            close = difflib.get_close_matches(name, defaults, n=1)
            hint = f"did you mean '{close[0]}'?" if close else f"known: {', '.join(sorted(defaults))}."
            raise ConfigError(f"unknown setting '{name}' in {config_path if name not in overrides else 'the flags'}; {hint}")
        setattr(settings, name, value)
    check_values(settings)
    return settings


# sections of jdpipe.toml; every setting is in exactly one (role_aliases is a table of its own)
SECTIONS = {
    "run": ("input", "output", "workers", "max_file_mb", "max_file_seconds", "strict", "quiet", "where"),
    "tables": ("text_column", "title_column", "id_column"),
    "outputs": ("excel",),
    "engine": ("engine", "scheduler", "scheduler_timeout", "dask_processes", "cache", "cache_dir", "cache_max_mb"),
    "duplicates": ("near_duplicate_threshold", "dedupe_duties"),
    "coverage": ("coverage_warn_lines", "coverage_warn_share"),
    "tokens": ("userdict", "stopwords"),
    "analysis": ("min_role_duties", "overlap_threshold", "overlap_exact_max", "theme_k_min", "theme_k_max",
                 "theme_sample", "theme_dims", "seed"),
    "report": ("report_max_roles", "report_roles"),
}


def settings_toml(settings: Settings) -> str:
    """The settings as a TOML file in the sections of ``jdpipe.toml`` (what ``jdpipe config`` prints)."""
    values = settings.as_dict()
    listed = {name for names in SECTIONS.values() for name in names}
    extra = [name for name in values if name not in listed and name != "role_aliases"]
    lines = []
    for section, names in [*SECTIONS.items(), *([("other", tuple(extra))] if extra else [])]:
        lines += [f"[{section}]", *(f"{name} = {_toml_value(values[name])}" for name in names), ""]
    lines.append("[role_aliases]")
    lines += [f"{_toml_value(title)} = {_toml_value(role)}" for title, role in sorted(settings.role_aliases.items())]
    return "\n".join(lines) + "\n"


def _toml_value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    return json.dumps(str(value), ensure_ascii=False)  # a JSON string is a valid TOML basic string




# --- one rule per setting: its type and range, checked after merging, before any work ------

Rule = Callable[[str, object], object]  # (setting, value as written) -> the value to use; else ConfigError
NAME_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
HOST = re.compile(r"[a-z0-9]([a-z0-9.-]*[a-z0-9])?|[0-9a-f:.]*:[0-9a-f:.]*")  # a name, IPv4 or IPv6


def _shown(value) -> str:
    text = repr(value)  # repr: a NUL shows as \x00, a list as a list
    return text if len(text) <= 60 else text[:57] + "…"


def _fail(name: str, what: str, value) -> None:
    raise ConfigError(f"setting '{name}' must be {what}, not {_shown(value)}.")


def _plain(number: float) -> str:
    return str(int(number)) if float(number).is_integer() else repr(number)


def _bounds(low: float, high: float, value: float) -> str:
    """Shares read best as a range; for counts the violated end is what matters."""
    if high <= 1:
        return f"between {_plain(low)} and {_plain(high)}"
    return f"at least {_plain(low)}" if value < low else f"at most {_plain(high)}"


def flag() -> Rule:
    def check(name, value):
        if not isinstance(value, bool):
            _fail(name, "true or false", value)
        return value
    return check


def number(low: float, high: float, unit: str, whole: bool = False) -> Rule:
    kind = "a whole number" if whole else "a number"

    def check(name, value):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            _fail(name, f"{kind} ({unit})", value)
        if not math.isfinite(value):
            _fail(name, f"a finite number ({unit})", value)
        if whole and not float(value).is_integer():
            _fail(name, f"{kind} ({unit})", value)
        if not low <= value <= high:
            _fail(name, f"{_bounds(low, high, value)} ({unit})", value)
        return int(value) if whole else float(value)
    return check


def _text(name: str, value) -> str:
    """A path or name: text (a number is taken as its digits), never a NUL (no OS path holds one)."""
    if isinstance(value, os.PathLike) or (isinstance(value, int) and not isinstance(value, bool)):
        value = str(os.fspath(value) if isinstance(value, os.PathLike) else value)
    if not isinstance(value, str):
        _fail(name, "text (a path or a name)", value)
    if "\x00" in value:
        _fail(name, "text without NUL characters", value)
    return value


def folder(may_be_empty: bool = False) -> Rule:
    def check(name, value):
        value = _text(name, value)
        if not may_be_empty and not value.strip():
            raise ConfigError(f"setting '{name}' must name a folder, not an empty string.")
        return value
    return check


def choice(*options: str) -> Rule:
    def check(name, value):
        if value not in options:
            _fail(name, " or ".join(f"'{option}'" for option in options), value)
        return value
    return check


def scheduler_address() -> Rule:
    def check(name, value):
        value = _text(name, value).strip()
        if value and scheduler_host_port(value) is None:
            _fail(name, "a Dask scheduler address tcp://HOST:PORT (empty: a local cluster)", value)
        return value
    return check


def scheduler_host_port(address: str) -> tuple[str, int] | None:
    """(host, port) of ``tcp://HOST:PORT`` or ``HOST:PORT``; None when the address is not one."""
    scheme, sep, rest = address.partition("://")
    if not sep:
        scheme, rest = "tcp", address
    try:
        parts = urllib.parse.urlsplit(f"//{rest}")
        port = parts.port
    except ValueError:  # a port that is no number or out of range, a broken [IPv6]
        return None
    if scheme != "tcp" or not port or parts.path or parts.query or parts.fragment or "@" in parts.netloc:
        return None
    host = parts.hostname or ""
    return (host, port) if HOST.fullmatch(host) else None


def column_name() -> Rule:
    def check(name, value):
        value = _text(name, value)
        if NAME_CONTROL.search(value):
            _fail(name, "a column name without control characters", value)
        return value.strip()
    return check


def where_text() -> Rule:
    def check(name, value):
        from .subset import Where, WhereError

        value = _text(name, value)
        try:
            Where.parse(value)
        except WhereError as exc:
            raise ConfigError(f"setting '{name}': {exc}.") from None
        return value
    return check


def word_files(userdict: bool) -> Rule:
    def check(name, value):
        entries = [value] if isinstance(value, (str, os.PathLike)) else value
        if not isinstance(entries, list):
            _fail(name, "a list of files", value)
        paths = [_text(name, entry) for entry in entries]
        for path in paths:
            if not Path(path).is_file():
                raise ConfigError(f"{name} file '{path}' does not exist (paths are relative to the folder "
                                  f"jdpipe runs in).")
            try:
                check_word_file(path, userdict)
            except WordFileError as exc:
                raise ConfigError(f"{name} file '{path}' {exc}.") from None
        return paths
    return check


def role_names(most: int) -> Rule:
    def check(name, value):
        if not isinstance(value, list) or len(value) > most:
            _fail(name, f"a list of at most {most} role names", value)
        for role in value:
            if not isinstance(role, str) or not role.strip() or NAME_CONTROL.search(role):
                _fail(name, "a list of role names (non-empty text without control characters)", value)
        return [role.strip() for role in value]
    return check


def alias_table() -> Rule:
    def check(name, value):
        if not isinstance(value, dict):
            _fail(name, 'a table of "title" = "role"', value)
        for title, role in value.items():
            if not isinstance(role, str):
                raise ConfigError(f"[{name}] {_shown(title)} must map to a role name in quotes, not {_shown(role)}.")
            if any(not text.strip() or NAME_CONTROL.search(text) for text in (title, role)):
                raise ConfigError(f"[{name}] {_shown(title)} = {_shown(role)}: titles and roles must be "
                                  f"non-empty text without control characters.")
        return dict(value)
    return check


RULES: dict[str, Rule] = {
    "input": folder(),
    "output": folder(),
    "workers": number(0, 1024, "processes; 0 = all cores", whole=True),
    "max_file_mb": number(0, 1e6, "MB; 0 = no limit"),
    "max_file_seconds": number(0, 7 * 86400, "seconds; 0 = no limit"),
    "strict": flag(),
    "quiet": flag(),
    "excel": flag(),
    "text_column": column_name(),
    "title_column": column_name(),
    "id_column": column_name(),
    "where": where_text(),
    "engine": choice("local", "dask"),
    "scheduler": scheduler_address(),
    "scheduler_timeout": number(0.1, 3600, "seconds"),
    "dask_processes": flag(),
    "cache": flag(),
    "cache_dir": folder(may_be_empty=True),
    "cache_max_mb": number(1, 1e7, "MB"),
    "near_duplicate_threshold": number(0.05, 1, "a Jaccard similarity"),
    "dedupe_duties": flag(),
    "userdict": word_files(userdict=True),
    "stopwords": word_files(userdict=False),
    "role_aliases": alias_table(),
    "min_role_duties": number(1, 1e6, "distinct duties", whole=True),
    "overlap_threshold": number(0.01, 1, "a cosine"),
    "overlap_exact_max": number(0, 1e9, "distinct duties", whole=True),
    "theme_k_min": number(1, 10_000, "themes", whole=True),
    "theme_k_max": number(1, 10_000, "themes", whole=True),
    "theme_sample": number(2, 1e7, "duties", whole=True),
    "theme_dims": number(1, 10_000, "dimensions", whole=True),
    "seed": number(0, 2**32 - 1, "a random seed", whole=True),
    "coverage_warn_lines": number(1, 1e6, "duty-like lines", whole=True),
    "coverage_warn_share": number(0.01, 1, "a share of the document's duty lines"),
    "report_max_roles": number(2, 10_000, "roles", whole=True),
    "report_roles": role_names(most=12),
}


def check_values(settings: Settings) -> None:
    """Every setting through its rule (type, range, files that decode), then the rules between
    settings: one sentence for the first mistake, before any work."""
    for name in (f.name for f in dataclasses.fields(Settings)):
        setattr(settings, name, RULES[name](name, getattr(settings, name)))
    if settings.theme_k_min > settings.theme_k_max:
        raise ConfigError(f"setting 'theme_k_min' ({settings.theme_k_min}) must not exceed "
                          f"'theme_k_max' ({settings.theme_k_max}).")
