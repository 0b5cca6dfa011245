"""One settings object: package defaults, then ``jdpipe.toml``, then command-line flags."""
from __future__ import annotations

import dataclasses
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

CONFIG_NAME = "jdpipe.toml"


class ConfigError(ValueError):
    """A setting a person wrote is wrong; the message is one sentence for them."""


@dataclass(slots=True)
class Settings:
    input: str = "data/raw"
    output: str = "data/processed"
    workers: int = 0  # 0 means all cores
    max_file_mb: float = 200.0
    max_file_seconds: float = 300.0  # per-file time limit for reading and parsing; 0 = none
    strict: bool = False
    quiet: bool = False
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
    theme_sample: int = 5000
    theme_dims: int = 50  # LSA dimensions the duty vectors are reduced to before clustering
    seed: int = 0

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
            raise ConfigError(f"unknown setting '{name}' (known: {', '.join(sorted(defaults))}).")
        setattr(settings, name, _coerce(name, value, defaults[name]))
    return settings
