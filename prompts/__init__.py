"""Versioned prompt files (`name.vN.ext`) and a loader that fails loudly on an unknown name.

`document_types` holds the label descriptions for zero-shot document classification;
`questions` the interview agent's question templates, rendered by `render`, which refuses an
unknown template or a missing variable rather than asking a half-written question.
"""

import re
import string
import tomllib
from functools import cache
from pathlib import Path
from typing import Any

__all__ = ["PromptNotFound", "PromptVariableMissing", "load_table", "render"]

_HERE = Path(__file__).parent
_VERSIONED = re.compile(r"^(?P<name>[a-z_]+)\.v(?P<version>\d+)\.(?P<ext>\w+)$")


class PromptNotFound(LookupError):
    """No prompt file has that name (and version), or no template that key."""


class PromptVariableMissing(KeyError):
    """A template names a variable the caller did not give."""


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


def render(
    name: str, key: str, version: int | None = None, *, short: bool = False, **variables: object
) -> str:
    """The template `key` of the prompt table `name` (its `text`, or its `short` form when
    asked and there is one), filled in. Every variable the template names must be given, and
    none that neither form names (a caller that passes a variable expects it to be shown)."""
    table = load_table(name, version)
    entry = table.get(key)
    if not isinstance(entry, dict) or not isinstance(entry.get("text"), str):
        raise PromptNotFound(f"no template {key!r} in prompt table {name!r}; have {sorted(table)}")
    forms = [entry["text"]] + ([entry["short"]] if isinstance(entry.get("short"), str) else [])
    template = str(forms[-1] if short else forms[0])
    named, known = _fields(template), set().union(*(_fields(f) for f in forms))
    missing, extra = named - set(variables), set(variables) - known
    if missing or extra:
        raise PromptVariableMissing(
            f"template {name}.{key} needs {sorted(named)}; missing {sorted(missing)}, "
            f"unknown {sorted(extra)}"
        )
    return template.format_map({k: str(v) for k, v in variables.items()})


def _fields(template: str) -> set[str]:
    named = {field for _, field, _, _ in string.Formatter().parse(template) if field is not None}
    if any(not field.isidentifier() for field in named):
        raise PromptNotFound(f"a template may only name plain variables, not {sorted(named)}")
    return named
