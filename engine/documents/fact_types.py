"""A fact and its evidence: what the extractors produce and the graph stores."""

from pydantic import BaseModel, Field, PrivateAttr

from graph_schema.keys import name_key

from ..facts.model import EvidenceKind, FactBase, FactKind, RelationKind, Span
from .dates import DateRange

__all__ = [
    "EXTRACTOR",
    "EXTRACTOR_VERSION",
    "FACT_KINDS",
    "Evidence",
    "Fact",
    "Link",
    "skill_identity",
]

EXTRACTOR = "careergraph.extractor"
EXTRACTOR_VERSION = "0.2.0"
FACT_KINDS = tuple(k.value for k in FactKind)


class Evidence(Span):
    """Where in the document the extractor found a fact, and which extractor it was."""

    extractor: str = EXTRACTOR
    extractor_version: str = EXTRACTOR_VERSION


class Link(BaseModel):
    """A relationship to another fact of the same document: a skill USED_IN a role or
    project, a role AT an employer, a degree AT an institution."""

    rel: RelationKind
    kind: FactKind
    identity: str


class Fact(FactBase):
    """A fact as an extractor found it in one document (see `facts.model.FactBase`)."""

    evidence_kind: EvidenceKind
    evidence: Evidence
    identity: str = Field(description="what makes two mentions the same fact, within a person")
    links: list[Link] = Field(default_factory=list)
    _periods: list[tuple[int, int, str, str | None]] = PrivateAttr(default_factory=list)

    def add_period(self, dates: "DateRange") -> None:
        """Count the months of a role this fact was used in (overlapping roles count once)."""
        first = _month(dates.valid_from)
        self._periods.append(
            (first, first + max(dates.months, 1), dates.valid_from, dates.valid_to)
        )
        self._recount()

    def merge_periods(self, other: "Fact") -> None:
        self._periods += other._periods
        if other._periods:
            self._recount()

    def _recount(self) -> None:
        months: set[int] = set()
        for start, end, _, _ in self._periods:
            months.update(range(start, end))
        self.months = len(months)
        self.valid_from = min(self._periods)[2]
        ends = [p[3] for p in self._periods]
        self.valid_to = None if None in ends else max(e for e in ends if e is not None)


def _month(iso: str) -> int:
    year, _, month = iso.partition("-")
    return int(year) * 12 + int(month or 1) - 1


def skill_identity(onet_id: str | None, value: str) -> str:
    return f"onet:{onet_id}" if onet_id else f"text:{name_key(value)}"
