"""Errors raised by the graph layer. Each says what went wrong and what to do about it."""

__all__ = [
    "GraphError",
    "GraphUnavailable",
    "QueryFailed",
    "QueryTimeout",
    "UnsupportedGraphURL",
    "WriteRefused",
]


class GraphError(Exception):
    """Root of every graph-layer error."""


class GraphUnavailable(GraphError):
    """The graph database could not be reached or started; worth trying again later."""

    def __init__(self, message: str, retry_after: int = 5) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class UnsupportedGraphURL(GraphError):
    """The configured graph URL names no backend Careergraph supports."""


class QueryFailed(GraphError):
    """The database rejected a query (syntax, types, constraint)."""


class WriteRefused(QueryFailed):
    """A write was sent through a read-only path."""


class QueryTimeout(QueryFailed):
    """A query ran past its time limit."""
