"""The fact store: every write to a person's facts goes through it (the document pipeline,
the person's own edits, the interview agent), and every change is published as an event.

A fact is made once per person (its id comes from what it is), each source adds an evidence
edge; deleting a source recomputes the fact from the evidence that remains.
"""

import json
import uuid
from dataclasses import dataclass, field
from typing import Any

from graph_schema import GraphStore
from graph_schema import queries as q

from ..errors import NotFound
from ..events import EventName, Events
from ..models import Page
from ..people import Scope, now, stable_id
from .edits import FactChange, FactHistoryEntry, planned_update
from .model import (
    DocumentEvidence,
    FactBase,
    FactKind,
    FactStatus,
    RelationKind,
    StoredFact,
    TurnEvidence,
    Visibility,
    edge_fields,
    node_fields,
)
from .recompute import recomputed

__all__ = ["FactStore", "FactWrite"]

_FIELDS = node_fields()
_UPSERT = {
    "Document": q.upsert_facts("Document", _FIELDS, edge_fields(DocumentEvidence)),
    "ConversationSession": q.upsert_facts(
        "ConversationSession", _FIELDS, edge_fields(TurnEvidence)
    ),
}
_READ = q.person_facts(_FIELDS, edge_fields(DocumentEvidence), edge_fields(TurnEvidence))
_COUNT = q.person_facts_count()
_MISSING = "List the person's facts with person(id) { facts } and use one of their ids."


@dataclass
class FactWrite:
    """One fact from one source; `identity` says what makes two mentions the same fact."""

    identity: str
    fact: FactBase
    evidence: DocumentEvidence | TurnEvidence
    links: list[tuple[RelationKind, FactKind, str]] = field(default_factory=list)
    """(relation, kind, identity) of facts of the same source this one is tied to"""
    fact_id: str | None = None
    """an existing fact this source adds evidence to (then `identity` is not used)"""
    link_ids: list[tuple[RelationKind, str]] = field(default_factory=list)
    """(relation, fact id) of existing facts this one is tied to"""

    def id_in(self, scope: Scope) -> str:
        return self.fact_id or fact_id(scope, self.fact.kind, self.identity)


def fact_id(scope: Scope, kind: str, identity: str) -> str:
    return stable_id(scope.tenant, scope.person, kind, identity)


class FactStore:
    def __init__(self, store: GraphStore, events: Events) -> None:
        self._store = store
        self._events = events

    # --- writes from sources ------------------------------------------------------------------

    async def record_document(self, scope: Scope, document: str, writes: list[FactWrite]) -> int:
        return await self._record(scope, "Document", document, writes)

    async def record_turn(self, scope: Scope, session: str, writes: list[FactWrite]) -> list[str]:
        """Facts a person stated in a conversation (the evidence is the turn)."""
        return [fact for fact, _ in await self.record_turn_changes(scope, session, writes)]

    async def record_turn_changes(
        self, scope: Scope, session: str, writes: list[FactWrite]
    ) -> list[tuple[str, bool]]:
        """`record_turn`, saying of each fact whether the turn created it."""
        written = await self._upsert(scope, "ConversationSession", session, writes)
        created = {row["id"]: bool(row["created"]) for row in written}
        return [(w.id_in(scope), created.get(w.id_in(scope), False)) for w in writes]

    async def _record(
        self, scope: Scope, source: str, source_id: str, writes: list[FactWrite]
    ) -> int:
        return len(await self._upsert(scope, source, source_id, writes))

    async def _upsert(
        self, scope: Scope, source: str, source_id: str, writes: list[FactWrite]
    ) -> list[dict[str, Any]]:
        if not writes:
            return []
        rows = [
            {
                "id": w.id_in(scope),
                "fact": w.fact.model_dump(mode="json"),
                "evidence": w.evidence.model_dump(mode="json"),
            }
            for w in writes
        ]
        written = await self._store.execute(
            _UPSERT[source], {**scope.params, "source": source_id, "rows": rows, "now": now()}
        )
        await self._link(scope, writes, rows)
        await self._events.publish_many(
            [
                (EventName.FACT_CREATED if row["created"] else EventName.FACT_UPDATED,
                 {"fact": row["id"], "source": source_id})
                for row in written
            ],
            scope,
        )  # fmt: skip
        return list(written)

    async def _link(
        self, scope: Scope, writes: list[FactWrite], rows: list[dict[str, Any]]
    ) -> None:
        for query, kind in (
            (q.LINK_SKILL_FACTS, FactKind.SKILL),
            (q.LINK_ROLE_FACTS, FactKind.ROLE),
        ):
            linked = [
                {"id": r["id"], "onet_id": w.fact.onet_id}
                for w, r in zip(writes, rows, strict=True)
                if w.fact.kind == kind and w.fact.onet_id
            ]
            if linked:
                await self._store.execute(query, {**scope.params, "rows": linked})
        for rel in RelationKind:
            links = [
                {"source": r["id"], "target": fact_id(scope, kind, identity)}
                for w, r in zip(writes, rows, strict=True)
                for link_rel, kind, identity in w.links
                if link_rel is rel
            ] + [
                {"source": r["id"], "target": target}
                for w, r in zip(writes, rows, strict=True)
                for link_rel, target in w.link_ids
                if link_rel is rel
            ]
            if links:
                await self._store.execute(q.link_facts(rel), {**scope.params, "links": links})

    # --- the person's own edits ---------------------------------------------------------------

    async def update(
        self, scope: Scope, fact: str, actor: str, change: FactChange, *, private: bool = True
    ) -> None:
        current = await self._current(scope, fact, private)
        await self._edit(scope, fact, actor, "update", current, planned_update(current, change))

    async def confirm(self, scope: Scope, fact: str, actor: str, *, private: bool = True) -> None:
        current = await self._current(scope, fact, private)
        changes = {"status": FactStatus.CONFIRMED.value, "confidence": 1.0}
        await self._edit(scope, fact, actor, "confirm", current, changes)

    async def delete(self, scope: Scope, fact: str, actor: str, *, private: bool = True) -> None:
        """Hide a fact (kept for its audit trail, so re-uploading does not bring it back).
        `private`: whether the caller may see (and so change) private facts."""
        current = await self._current(scope, fact, private)
        changes = {"status": FactStatus.DELETED.value}
        await self._edit(scope, fact, actor, "delete", current, changes)

    async def set_visibility(
        self, scope: Scope, fact: str, actor: str, visibility: Visibility
    ) -> None:
        current = await self._current(scope, fact)
        changes = {"visibility": visibility.value}
        await self._edit(scope, fact, actor, "visibility", current, changes)

    async def _current(self, scope: Scope, fact: str, private: bool = True) -> dict[str, Any]:
        page = await self.facts(scope, None, 1, 0, fact_id=fact, private=private)
        if not page.items:
            raise NotFound(f"no fact {fact!r} for this person.", _MISSING)
        return page.items[0].model_dump(mode="json")

    async def _edit(
        self, scope: Scope, fact: str, actor: str, action: str,
        current: dict[str, Any], changes: dict[str, Any],
    ) -> None:  # fmt: skip
        before = {k: current.get(k) for k in changes}
        await self._store.execute(
            q.EDIT_FACT,
            {**scope.params, "id": fact, "changes": changes, "edit": str(uuid.uuid4()),
             "action": action, "actor": actor, "now": now(),
             "before": json.dumps(before), "after": json.dumps(changes)},
        )  # fmt: skip
        name = EventName.FACT_DELETED if action == "delete" else EventName.FACT_UPDATED
        await self._events.publish(name, scope, fact=fact, action=action)

    # --- a source goes away -------------------------------------------------------------------

    async def drop_document(self, scope: Scope, document: str) -> tuple[list[str], list[str]]:
        """Remove the document's evidence: facts resting only on it are deleted, the others
        recomputed from what remains. Returns (deleted, updated) fact ids."""
        params = {**scope.params, "document": document}
        rows = await self._store.execute(q.FACT_SOURCES, params, read_only=True)
        deleted = [r["id"] for r in rows if not r["others"]]
        updates = [
            {"id": r["id"], "props": recomputed(r["kind"], r["others"])}
            for r in rows
            if r["others"] and r["status"] != FactStatus.CONFIRMED  # the person's word stays
        ]
        await self._store.execute(q.DELETE_EVIDENCE, params)
        if updates:
            await self._store.execute(q.RECOMPUTE_FACT, {**scope.params, "rows": updates})
        if deleted:
            await self._store.execute(q.DELETE_FACTS, {**scope.params, "ids": deleted})
        kept = [r["id"] for r in rows if r["others"]]
        await self._events.publish_many(
            [(EventName.FACT_DELETED, {"fact": f, "source": document}) for f in deleted]
            + [(EventName.FACT_UPDATED, {"fact": f, "source": document}) for f in kept],
            scope,
        )
        return deleted, kept

    # --- reads --------------------------------------------------------------------------------

    async def facts(
        self,
        scope: Scope,
        kind: str | None,
        first: int,
        offset: int,
        document: str | None = None,
        fact_id: str | None = None,
        *,
        private: bool = False,
        deleted: bool = False,
        count: bool = True,
    ) -> Page[StoredFact]:
        """A page of live facts (`deleted` ones too for an export); `private` facts only for
        the person themselves and admins. Without `count`, `total` is the page's length."""
        params = {**scope.params, "kind": kind, "document": document, "fact": fact_id,
                  "private": private, "deleted": deleted}  # fmt: skip
        rows = await self._store.execute(
            _READ, {**params, "skip": offset, "limit": first}, read_only=True
        )
        items = [StoredFact(**r) for r in rows]
        if not count:
            return Page(items=items, total=offset + len(items), offset=offset)
        total = (await self._store.execute(_COUNT, params, read_only=True))[0]["count"]
        return Page(items=items, total=total, offset=offset)

    async def history(
        self, scope: Scope, fact: str, *, private: bool = False
    ) -> list[FactHistoryEntry]:
        rows = await self._store.execute(
            q.FACT_HISTORY, {**scope.params, "id": fact, "private": private}, read_only=True
        )
        return [
            FactHistoryEntry(
                **{**r, "before": json.loads(r["before"]), "after": json.loads(r["after"])}
            )
            for r in rows
        ]
