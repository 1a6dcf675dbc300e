"""Versioned prompt files (`name.vN.ext`) and a loader that fails loudly on an unknown name.

Questions and optional LLM prompts arrive with the conversation agent; today this holds the
label descriptions used for zero-shot document classification.
"""

import re
import tomllib
from functools import cache
from pathlib import Path
from typing import Any

__all__ = ["PromptNotFound", "load_table"]

_HERE = Path(__file__).parent
_VERSIONED = re.compile(r"^(?P<name>[a-z_]+)\.v(?P<version>\d+)\.(?P<ext>\w+)$")


class PromptNotFound(LookupError):
    """No prompt file has that name (and version)."""


def _versions(name: str, ext: str) -> dict[int, Path]:
    found = {}
    for path in _HERE.iterdir():
        match = _VERSIONED.match(path.name)
        if match and match["name"] == name and match["ext"] == ext:
            found[int(match["version"])] = path
    return found


@cache
def load_table(name: str, version: int | None = None) -> dict[str, Any]:
    """A TOML prompt table; the newest version unless one is asked for."""
    versions = _versions(name, "toml")
    if not versions or (version is not None and version not in versions):
        wanted = f"{name}.v{version}" if version else name
        have = sorted(p.name for p in _HERE.glob("*.toml"))
        raise PromptNotFound(f"no prompt table {wanted!r} in {_HERE}; have {have}")
    return tomllib.loads(versions[version or max(versions)].read_text(encoding="utf-8"))
