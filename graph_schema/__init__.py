"""The graph model and the one place that talks to a graph database."""

from .connect import EMBEDDED_URL, connect
from .dialect import Dialect
from .errors import (
    GraphError,
    GraphUnavailable,
    QueryFailed,
    QueryTimeout,
    UnsupportedGraphURL,
    WriteRefused,
)
from .keys import name_key, slug, tokens
from .model import EMBEDDING_DIMENSION, Label, Rel, SearchLabel
from .schema import ensure_schema
from .store import GraphStore, Row

__all__ = [
    "EMBEDDED_URL",
    "EMBEDDING_DIMENSION",
    "Dialect",
    "GraphError",
    "GraphStore",
    "GraphUnavailable",
    "Label",
    "QueryFailed",
    "QueryTimeout",
    "Rel",
    "Row",
    "SearchLabel",
    "UnsupportedGraphURL",
    "WriteRefused",
    "connect",
    "ensure_schema",
    "name_key",
    "slug",
    "tokens",
]
