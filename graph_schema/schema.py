"""Idempotent schema set-up: uniqueness constraints, lookup, full-text and vector indexes."""

import logging

from .errors import QueryFailed
from .model import EMBEDDING_DIMENSION, Label, SearchLabel
from .store import GraphStore

__all__ = ["PERSON_KEY", "UNIQUE_ID_LABELS", "ensure_schema"]

log = logging.getLogger(__name__)

# A person is identified within a tenant; every other node has a globally unique id.
PERSON_KEY = ("tenant_id", "id")
UNIQUE_ID_LABELS: tuple[Label, ...] = tuple(label for label in Label if label is not Label.PERSON)

_LOOKUPS: tuple[tuple[str, str], ...] = (
    (SearchLabel.SKILL_TERM, "key"),
    (SearchLabel.OCCUPATION_TERM, "key"),
    (SearchLabel.SKILL_TERM, "id"),
    (SearchLabel.OCCUPATION_TERM, "id"),
    (Label.OCCUPATION, "code"),
    (Label.PERSON, "tenant_id"),
    (Label.PERSON, "id"),
    (Label.DOCUMENT, "tenant_id"),
    (Label.FACT, "tenant_id"),
    (Label.FACT, "person_id"),
    (Label.FACT_EDIT, "person_id"),
    (Label.JOB, "tenant_id"),
    (Label.JOB, "person_id"),
    (Label.DOCUMENT, "person_id"),
    (Label.QUARANTINED_FILE, "person_id"),
    (Label.CONVERSATION_SESSION, "tenant_id"),
    (Label.CONVERSATION_SESSION, "person_id"),
    (Label.CONVERSATION_TURN, "person_id"),
    (Label.CONVERSATION_TURN, "session_id"),
)
_SEARCHABLE: tuple[SearchLabel, ...] = (
    SearchLabel.SKILL_TERM,
    SearchLabel.OCCUPATION_TERM,
)


async def ensure_schema(store: GraphStore) -> None:
    """Create whatever is missing; running it again changes nothing."""
    for label in UNIQUE_ID_LABELS:
        await store.create_unique_constraint(label, "id")
    await store.create_unique_constraint(Label.PERSON, *PERSON_KEY)
    dialect = store.dialect
    statements = [dialect.range_index(label, prop) for label, prop in _LOOKUPS]
    for search_label in _SEARCHABLE:
        statements.append(dialect.fulltext_index(search_label, "name"))
        statements.append(dialect.vector_index(search_label, "embedding", EMBEDDING_DIMENSION))
    for statement in statements:
        await _create(store, statement)


async def _create(store: GraphStore, statement: str) -> None:
    try:
        await store.execute(statement)
    except QueryFailed as e:
        # FalkorDB has no IF NOT EXISTS; an existing index is what we wanted.
        if "already indexed" not in str(e) and "already exists" not in str(e):
            raise
