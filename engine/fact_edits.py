"""A person's corrections to their facts: update, confirm, delete, each with an audit entry.

An edit is a FactEdit node (who, when, what it was, what it became) linked to the fact, and
it is also evidence of its own kind (`user_edit`) for the fact. A deleted fact stays in the
graph, hidden from reads, so its history survives and re-uploading the document does not
bring it back.
"""

import json
import uuid
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel, Field, field_validator

from graph_schema import GraphStore
from graph_schema import queries as q

from .errors import InvalidInput, NotFound

__all__ = ["FactChange", "FactEdits", "FactHistoryEntry"]

_ISO_DATE = r"^\d{4}(-(0[1-9]|1[0-2]))?$"
_FIELDS = ("value", "normalized", "valid_from", "valid_to", "employer", "field", "institution")


class FactChange(BaseModel):
    """What a person may change on a fact (unset fields stay as they are)."""

    value: str | None = Field(default=None, min_length=1, max_length=300)
    normalized: str | None = Field(default=None, min_length=1, max_length=300)
    valid_from: str | None = Field(default=None, pattern=_ISO_DATE)
    valid_to: str | None = Field(default=None, pattern=_ISO_DATE)
    employer: str | None = Field(default=None, max_length=200)
    field: str | None = Field(default=None, max_length=200)
    institution: str | None = Field(default=None, max_length=200)

    @field_validator("value", "normalized", "employer", "field", "institution")
    @classmethod
    def _strip(cls, v: str | None) -> str | None:
        return " ".join(v.split()) if v is not None else None


class FactHistoryEntry(BaseModel):
    id: str
    action: str
    actor: str
    at: str
    before: dict[str, Any]
    after: dict[str, Any]


class FactEdits:
    def __init__(self, store: GraphStore) -> None:
        self._store = store

    async def _current(self, tenant: str, person: str, fact: str) -> dict[str, Any]:
        rows = await self._store.execute(
            q.FACT, {"tenant": tenant, "person": person, "id": fact}, read_only=True
        )
        if not rows or rows[0]["status"] == "deleted":
            raise NotFound(
                f"no fact {fact!r} for this person.",
                "List the person's facts with person(id) { facts } and use one of their ids.",
            )
        return rows[0]

    async def _apply(
        self, tenant: str, person: str, fact: str, actor: str, action: str, changes: dict[str, Any]
    ) -> dict[str, Any]:
        current = await self._current(tenant, person, fact)
        before = {k: current.get(k) for k in changes}
        rows = await self._store.execute(
            q.EDIT_FACT,
            {
                "tenant": tenant, "person": person, "id": fact, "changes": changes,
                "edit": str(uuid.uuid4()), "action": action, "actor": actor,
                "now": datetime.now(UTC).isoformat(),
                "before": json.dumps(before), "after": json.dumps(changes),
            },
        )  # fmt: skip
        return rows[0]

    async def update(
        self, tenant: str, person: str, fact: str, actor: str, change: FactChange
    ) -> dict[str, Any]:
        changes = change.model_dump(exclude_unset=True, exclude_none=True)
        if not changes:
            raise InvalidInput(
                "the update changes nothing.",
                f"Give at least one of: {', '.join(_FIELDS)}.",
            )
        current = await self._current(tenant, person, fact)
        start = changes.get("valid_from", current.get("valid_from"))
        end = changes.get("valid_to", current.get("valid_to"))
        if start and end and end[:7] < start[:7]:
            raise InvalidInput(
                f"validTo ({end}) is before validFrom ({start}).",
                "Give dates as YYYY or YYYY-MM, the start no later than the end.",
            )
        # A person's own word settles a conflict between documents.
        return await self._apply(
            tenant, person, fact, actor, "update",
            {**changes, "status": "confirmed", "conflict": False, "confidence": 1.0},
        )  # fmt: skip

    async def confirm(self, tenant: str, person: str, fact: str, actor: str) -> dict[str, Any]:
        return await self._apply(
            tenant, person, fact, actor, "confirm", {"status": "confirmed", "confidence": 1.0}
        )

    async def delete(self, tenant: str, person: str, fact: str, actor: str) -> None:
        await self._apply(tenant, person, fact, actor, "delete", {"status": "deleted"})

    async def history(self, tenant: str, person: str, fact: str) -> list[FactHistoryEntry]:
        rows = await self._store.execute(
            q.FACT_HISTORY, {"tenant": tenant, "person": person, "id": fact}, read_only=True
        )
        return [
            FactHistoryEntry(
                **{**r, "before": json.loads(r["before"]), "after": json.loads(r["after"])}
            )
            for r in rows
        ]
