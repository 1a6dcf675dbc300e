"""What analyst Cypher may contain, checked on its text before it is sent anywhere.

The database enforces time and memory limits, and the query runs on a copy of the graph (see
`graph_schema.replica`); this check adds clear refusals for what reaches outside the graph
(LOAD CSV, procedures off the allow-list) and for the constructs that allocate without bound
before any database limit is checked (`reduce()`, `range()` over more than a set number of
values). Strings, comments and quoted names are blanked first, so a word inside them never
counts, and nothing inside them can hide a clause.
"""

import re

from .errors import InvalidInput

__all__ = ["ALLOWED_FUNCTION_NAMESPACES", "ALLOWED_PROCEDURES", "MAX_RANGE_VALUES", "check_cypher"]

ALLOWED_PROCEDURES = frozenset(
    name.lower()
    for name in (
        "db.labels",
        "db.relationshipTypes",
        "db.propertyKeys",
        "db.indexes",
        "db.constraints",
        "db.idx.fulltext.queryNodes",
        "db.idx.vector.queryNodes",
        "db.index.fulltext.queryNodes",
        "db.index.vector.queryNodes",
    )
)
ALLOWED_FUNCTION_NAMESPACES = frozenset({"vec", "vector"})
MAX_RANGE_VALUES = 100_000

_LITERALS = re.compile(
    r"'(?:[^'\\]|\\.)*'?"  # single-quoted string (an unclosed one runs to the end)
    r'|"(?:[^"\\]|\\.)*"?'  # double-quoted string
    r"|`[^`]*`?"  # quoted name
    r"|//[^\n]*"  # line comment
    r"|/\*.*?(?:\*/|$)",  # block comment
    re.DOTALL,
)
_LOAD_CSV = re.compile(r"\bLOAD\s+CSV\b", re.IGNORECASE)
_CALL = re.compile(r"\bCALL\s+([A-Za-z_][\w.]*)", re.IGNORECASE)
_FUNCTION = re.compile(r"(?<![\w.$])([A-Za-z_]\w*)((?:\s*\.\s*\w+)*)\s*\(")
_INTEGER = re.compile(r"-?\d+")
_HINT = "See the README's analyst Cypher section for what is allowed."


def _blank(match: re.Match[str]) -> str:
    return " " * len(match.group(0))


def _arguments(text: str, start: int) -> list[str]:
    """The top-level comma-separated arguments of the call whose '(' is at `start`."""
    depth, current, found = 0, list[str](), list[str]()
    for char in text[start + 1 :]:
        if char in "([{":
            depth += 1
        elif char in ")]}":
            if depth == 0:
                found.append("".join(current).strip())
                return found
            depth -= 1
        elif char == "," and depth == 0:
            found.append("".join(current).strip())
            current = []
            continue
        current.append(char)
    return [*found, "".join(current).strip()]


def _check_range(arguments: list[str]) -> None:
    values = [int(a) for a in arguments if _INTEGER.fullmatch(a)]
    if len(values) != len(arguments) or len(values) not in (2, 3):
        raise InvalidInput(
            "range() in analyst Cypher takes integer literals only (start, end[, step]).",
            f"Write the numbers into the query; at most {MAX_RANGE_VALUES:,} values. {_HINT}",
        )
    start, end, step = (*values, 1)[:3]
    count = 0 if step == 0 else max(0, (end - start) // step + 1)
    if step == 0 or count > MAX_RANGE_VALUES:
        raise InvalidInput(
            f"range({', '.join(arguments)}) would make {count:,} values; the limit is "
            f"{MAX_RANGE_VALUES:,} (and the step cannot be 0).",
            f"Use a smaller range, or MATCH over the graph instead. {_HINT}",
        )


def check_cypher(query: str) -> None:
    """Raise InvalidInput naming the first construct analyst Cypher may not use."""
    code = _LITERALS.sub(_blank, query)
    if _LOAD_CSV.search(code):
        raise InvalidInput(
            "LOAD CSV is not allowed in analyst Cypher: it reads files and reaches the network.",
            f"Query the graph only. {_HINT}",
        )
    for call in _CALL.finditer(code):
        name = re.sub(r"\s+", "", call.group(1)).lower()
        if name not in ALLOWED_PROCEDURES:
            raise InvalidInput(
                f"the procedure {call.group(1)!r} is not allowed in analyst Cypher.",
                f"Allowed: {', '.join(sorted(ALLOWED_PROCEDURES))}.",
            )
    for function in _FUNCTION.finditer(code):
        head, tail = function.group(1).lower(), re.sub(r"\s+", "", function.group(2))
        if tail and head not in ALLOWED_FUNCTION_NAMESPACES:
            if code[: function.start()].rstrip().upper().endswith("CALL"):
                continue  # a procedure, checked above
            raise InvalidInput(
                f"the function {head}{tail}() is not allowed in analyst Cypher.",
                f"Namespaced functions allowed: {', '.join(sorted(ALLOWED_FUNCTION_NAMESPACES))}"
                f".* only. {_HINT}",
            )
        if not tail and head == "reduce":
            raise InvalidInput(
                "reduce() is not allowed in analyst Cypher: it can build a value that grows "
                "without bound before any limit is checked.",
                f"Aggregate with collect(), sum(), count() or size() instead. {_HINT}",
            )
        if not tail and head == "range":
            _check_range(_arguments(code, function.end() - 1))
