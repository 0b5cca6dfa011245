"""What goes wrong for a person, as exceptions the command line turns into one sentence.

``UserError``: something the person can fix (a setting, a path, a folder that cannot be
written, a scheduler that cannot be reached); the CLI prints its message and exits 2, the
API raises it. ``ConfigError`` is the settings case of it. ``StrictFailure``: under
``--strict`` some files failed, so nothing was written (exit 1).
"""
from __future__ import annotations


class UserError(ValueError):
    """A mistake a person can fix; the message is one sentence for them."""


class ConfigError(UserError):
    """A setting a person wrote is wrong."""


class StrictFailure(Exception):
    """Under ``--strict`` some files are ``error`` rows: the run stops before it writes any
    output, so the previous outputs stay as they were (exit code 1)."""

    def __init__(self, summary: str, failed: list[tuple[str, str]], out_dir: str):
        super().__init__(f"{len(failed)} file(s) failed")
        self.summary, self.failed, self.out_dir = summary, failed, out_dir

    def message(self, limit: int = 10) -> str:
        lines = [f"jdpipe: --strict: {len(self.failed)} file(s) failed, so nothing was written to '{self.out_dir}' "
                 f"(outputs already there are unchanged):"]
        lines += [f"  {source}: {reason}" for source, reason in self.failed[:limit]]
        if len(self.failed) > limit:
            lines.append(f"  … and {len(self.failed) - limit} more")
        return "\n".join(lines)
