"""Read-only Cypher for data teams: refused writes, a time limit and a row cap."""

import time
from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel

from graph_schema import GraphStore

from .errors import InvalidInput

__all__ = ["MAX_QUERY_LENGTH", "CypherResult", "run_read_only"]

MAX_QUERY_LENGTH = 20_000
_HIDDEN_PROPERTIES = {"embedding"}


class CypherResult(BaseModel):
    columns: list[str]
    rows: list[dict[str, Any]]
    truncated: bool
    elapsed_ms: float


async def run_read_only(
    store: GraphStore,
    query: str,
    params: Mapping[str, Any] | None,
    *,
    timeout_ms: int,
    max_rows: int,
) -> CypherResult:
    """Run `query` read-only. Raises WriteRefused, QueryTimeout or QueryFailed from the store."""
    if not query.strip():
        raise InvalidInput("the Cypher query is empty.", "Pass a MATCH ... RETURN query.")
    if len(query) > MAX_QUERY_LENGTH:
        raise InvalidInput(
            f"the Cypher query is {len(query)} characters long; the limit is {MAX_QUERY_LENGTH}.",
            "Shorten it or pass large values as parameters.",
        )
    started = time.perf_counter()
    rows = await store.execute(query, params or {}, read_only=True, timeout_ms=timeout_ms)
    elapsed = (time.perf_counter() - started) * 1000
    truncated = len(rows) > max_rows
    kept = [{k: _visible(v) for k, v in row.items()} for row in rows[:max_rows]]
    columns = list(rows[0]) if rows else []
    return CypherResult(columns=columns, rows=kept, truncated=truncated, elapsed_ms=elapsed)


def _visible(value: Any) -> Any:
    """Drop embedding vectors from returned nodes: 384 numbers each, unreadable in a table.
    (Return `n.embedding` explicitly to see one.)"""
    if isinstance(value, dict):
        if "labels" in value and isinstance(value.get("properties"), dict):
            properties = value["properties"]
            hidden = {k: v for k, v in properties.items() if k not in _HIDDEN_PROPERTIES}
            return {**value, "properties": _visible(hidden)}
        return {k: _visible(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_visible(v) for v in value]
    return value
