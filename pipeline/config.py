"""One settings object: package defaults, then ``jdpipe.toml``, then command-line flags."""
from __future__ import annotations

import dataclasses
import difflib
import json
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from .errors import ConfigError

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
    # engine and incremental runs
    engine: str = "local"  # local processes, or "dask" (a dask.distributed cluster)
    scheduler: str = ""  # Dask scheduler address; empty = a LocalCluster on 127.0.0.1
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

    def effective_workers(self) -> int:
        return self.workers if self.workers > 0 else (os.cpu_count() or 1)

    def as_dict(self) -> dict:
        return dataclasses.asdict(self)


def _coerce(name: str, value, default):
    if isinstance(default, bool):
        if not isinstance(value, bool):
            raise ConfigError(f"setting '{name}' must be true or false, not {value!r}.")
        return value
    if isinstance(default, (int, float)) and not isinstance(default, bool):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ConfigError(f"setting '{name}' must be a number, not {value!r}.")
        return type(default)(value)
    if isinstance(default, list):
        if isinstance(value, str):
            return [value]
        if not isinstance(value, list):
            raise ConfigError(f"setting '{name}' must be a list, not {value!r}.")
        return [str(v) for v in value]
    if isinstance(default, dict):
        if not isinstance(value, dict):
            raise ConfigError(f"setting '{name}' must be a table, not {value!r}.")
        return {str(k): str(v) for k, v in value.items()}
    return str(value)


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
    values.update({k: v for k, v in overrides.items() if v is not None})
    for name, value in values.items():
        if name not in defaults:
            close = difflib.get_close_matches(name, defaults, n=1)
            hint = f"did you mean '{close[0]}'?" if close else f"known: {', '.join(sorted(defaults))}."
            raise ConfigError(f"unknown setting '{name}' in {config_path if name not in overrides else 'the flags'}; {hint}")
        setattr(settings, name, _coerce(name, value, defaults[name]))
    check_values(settings)
    return settings


# setting -> (lowest allowed, highest allowed or None, what it is); checked after merging
RANGES = {
    "workers": (0, None, "processes; 0 = all cores"),
    "max_file_mb": (0, None, "MB; 0 = no limit"),
    "max_file_seconds": (0, None, "seconds; 0 = no limit"),
    "min_role_duties": (1, None, "distinct duties"),
    "overlap_threshold": (0.01, 1, "a cosine"),
    "theme_k_min": (1, None, "themes"),
    "theme_k_max": (1, None, "themes"),
    "theme_sample": (2, None, "duties"),
    "theme_dims": (1, None, "dimensions"),
    "seed": (0, 2**32 - 1, "a random seed"),
    "report_max_roles": (2, None, "roles"),
    "cache_max_mb": (1, None, "MB"),
    "near_duplicate_threshold": (0.05, 1, "a Jaccard similarity"),
    "coverage_warn_lines": (1, None, "duty-like lines"),
    "coverage_warn_share": (0.01, 1, "a share of the document's duty lines"),
}


# sections of jdpipe.toml; every setting is in exactly one (role_aliases is a table of its own)
SECTIONS = {
    "run": ("input", "output", "workers", "max_file_mb", "max_file_seconds", "strict", "quiet"),
    "engine": ("engine", "scheduler", "dask_processes", "cache", "cache_dir", "cache_max_mb"),
    "duplicates": ("near_duplicate_threshold", "dedupe_duties"),
    "coverage": ("coverage_warn_lines", "coverage_warn_share"),
    "tokens": ("userdict", "stopwords"),
    "analysis": ("min_role_duties", "overlap_threshold", "theme_k_min", "theme_k_max", "theme_sample",
                 "theme_dims", "seed"),
    "report": ("report_max_roles",),
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


def check_values(settings: Settings) -> None:
    """Values of the right type but outside what the stages accept: one sentence, before any work."""
    for name, (low, high, unit) in RANGES.items():
        value = getattr(settings, name)
        if value < low or (high is not None and value > high):
            bounds = f"between {low} and {high}" if high is not None else f"at least {low}"
            raise ConfigError(f"setting '{name}' must be {bounds} ({unit}), not {value}.")
    if settings.theme_k_min > settings.theme_k_max:
        raise ConfigError(f"setting 'theme_k_min' ({settings.theme_k_min}) must not exceed "
                          f"'theme_k_max' ({settings.theme_k_max}).")
    if settings.engine not in ("local", "dask"):
        raise ConfigError(f"setting 'engine' must be 'local' or 'dask', not '{settings.engine}'.")
    for name in ("input", "output"):
        if not str(getattr(settings, name)).strip():
            raise ConfigError(f"setting '{name}' must name a folder, not an empty string.")
    for name in ("userdict", "stopwords"):
        for entry in getattr(settings, name):
            if not Path(entry).is_file():
                raise ConfigError(f"{name} file '{entry}' does not exist (paths are relative to the folder "
                                  f"jdpipe runs in).")
