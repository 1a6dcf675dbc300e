"""A fact recomputed from the evidence that remains when one of its sources is deleted."""

from typing import Any

from .model import FactKind

__all__ = ["recomputed"]

_ONCE = (FactKind.ROLE, FactKind.DEGREE)  # things that happened once can disagree on when


def recomputed(kind: str, evidence: list[dict[str, Any]]) -> dict[str, Any]:
    """Confidence and months: the best any remaining source gives. Dates: from the earliest
    start to the latest end (open when a source says it still holds). A role or degree is in
    conflict when the remaining sources still disagree on its dates."""
    confidences: list[float] = [
        e["confidence"] for e in evidence if e.get("confidence") is not None
    ]
    months: list[int] = [e["months"] for e in evidence if e.get("months") is not None]
    starts = sorted({e["valid_from"] for e in evidence if e.get("valid_from")})
    ends: list[str | None] = [e.get("valid_to") for e in evidence if e.get("valid_from")]
    props: dict[str, Any] = {
        "confidence": max(confidences) if confidences else None,
        "months": max(months) if months else None,
        "valid_from": starts[0] if starts else None,
        "valid_to": None if None in ends or not ends else max(e for e in ends if e),
    }
    distinct_ends = {e for e in ends if e is not None}
    conflict = kind in _ONCE and (len(starts) > 1 or len(distinct_ends) > 1)
    props["conflict"] = conflict
    props["conflict_fields"] = ["valid_from", "valid_to"] if conflict else None
    if props["confidence"] is None:
        del props["confidence"]
    return props
