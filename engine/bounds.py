"""How long and of which characters the values people send may be, checked before they reach
the graph. The database has limits of its own far above these (FalkorDB's unique-constraint
check crashes on strings of about 4,100 characters); staying well inside them keeps one request
from taking the store down for everyone.
"""

import re
import unicodedata

from .errors import InvalidInput

__all__ = [
    "MAX_FILENAME_CHARS",
    "MAX_ID_CHARS",
    "MAX_NAME_CHARS",
    "MAX_TEXT_CHARS",
    "check_id",
    "check_param_name",
    "check_text",
    "clean_filename",
]

MAX_ID_CHARS = 200
"""ids of people, documents, facts, jobs, occupation codes, cursors."""
MAX_NAME_CHARS = 256
"""search strings, kinds, short names."""
MAX_TEXT_CHARS = 20_000
"""free text: an analyst's Cypher query."""
MAX_FILENAME_CHARS = 255
_PARAM_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,63}")
# Tabs and line breaks are ordinary in free text; every other control character is refused.
_TEXT_CONTROLS = frozenset("\t\n\r")


def _controls(value: str, allowed: frozenset[str] = frozenset()) -> list[str]:
    return [c for c in value if c not in allowed and unicodedata.category(c) in ("Cc", "Cs", "Co")]


def check_id(value: str, what: str = "id") -> str:
    """An id: 1-200 printable characters, no control characters, no surrounding spaces."""
    if not value or not value.strip():
        raise InvalidInput(f"the {what} is empty.", f"Pass a non-empty {what}.")
    if len(value) > MAX_ID_CHARS:
        raise InvalidInput(
            f"the {what} is {len(value):,} characters long; the limit is {MAX_ID_CHARS}.",
            f"Use a shorter {what} (ids are at most {MAX_ID_CHARS} printable characters).",
        )
    bad = _controls(value) or [c for c in value if not c.isprintable() and c != " "]
    if bad:
        raise InvalidInput(
            f"the {what} contains a control or unprintable character ({ord(bad[0]):#06x}).",
            f"Use only printable characters in a {what}.",
        )
    if value != value.strip():
        raise InvalidInput(
            f"the {what} starts or ends with white space.", f"Strip the {what} before sending it."
        )
    return value


def check_text(value: str, what: str, limit: int = MAX_NAME_CHARS) -> str:
    """Free text: at most `limit` characters; tabs and line breaks allowed, other controls not."""
    if len(value) > limit:
        raise InvalidInput(
            f"the {what} is {len(value):,} characters long; the limit is {limit:,}.",
            f"Shorten the {what}.",
        )
    bad = _controls(value, _TEXT_CONTROLS)
    if bad:
        raise InvalidInput(
            f"the {what} contains a control character ({ord(bad[0]):#06x}).",
            f"Remove control characters from the {what}.",
        )
    return value


def check_param_name(name: str) -> str:
    """A query parameter's name: a plain identifier, so it can never change the query text."""
    if not _PARAM_NAME.fullmatch(name):
        raise InvalidInput(
            f"the parameter name {name[:80]!r} is not a plain identifier.",
            "Use letters, digits and underscores (not starting with a digit), at most 64.",
        )
    return name


def clean_filename(name: str | None) -> str:
    """A file name as the uploader gave it, reduced to something safe to store and show."""
    kept = "".join(c for c in (name or "") if not _controls(c) and c.isprintable())
    kept = kept.replace("/", "_").replace("\\", "_").strip()
    return kept[:MAX_FILENAME_CHARS] or "upload"
