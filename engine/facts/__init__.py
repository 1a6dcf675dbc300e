"""A person's facts: one model, one store every writer goes through."""

from .edits import EDITABLE, FactChange, FactHistoryEntry
from .model import (
    DocumentEvidence,
    DocumentStatus,
    EvidenceKind,
    EvidenceSource,
    FactBase,
    FactEvidence,
    FactKind,
    FactStatus,
    RelationKind,
    Span,
    StoredFact,
    TurnEvidence,
    Visibility,
)
from .store import FactStore, FactWrite, fact_id

__all__ = [
    "EDITABLE",
    "DocumentEvidence",
    "DocumentStatus",
    "EvidenceKind",
    "EvidenceSource",
    "FactBase",
    "FactChange",
    "FactEvidence",
    "FactHistoryEntry",
    "FactKind",
    "FactStatus",
    "FactStore",
    "FactWrite",
    "RelationKind",
    "Span",
    "StoredFact",
    "TurnEvidence",
    "Visibility",
    "fact_id",
]
