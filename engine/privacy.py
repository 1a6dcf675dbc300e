"""A person's rights over their data: a copy of everything held about them (GDPR art. 15,
20), deleting a document with what was learned only from it, and deleting the person (art. 17).

Deleting a person first marks them `deleting` (from then on every read treats them as absent
and nothing new is stored for them), then removes their nodes in batches, their Redis keys and
stream entries, and rewrites the store's files; a deletion cut short is finished on the next
start. What remains is one Deletion record: who asked, when, how much, and no personal data.
"""

import asyncio
import base64
import json
import logging
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

import redis.asyncio as aioredis

from graph_schema import GraphStore, Label
from graph_schema import queries as q
from graph_schema.model import PERSON_LABELS

from .access_log import AccessLog
from .audit import AUDIT_STREAM
from .errors import NotFound
from .events import EVENT_STREAM, EventName, Events
from .facts import FactStore
from .held import HeldDocuments
from .people import Scope, now
from .revocations import Revocations
from .session_keys import person_sessions_key, session_key
from .uploads import Uploads

__all__ = ["Privacy"]

log = logging.getLogger(__name__)
_BATCH = 1_000
_PAGE = 1_000
_STREAM_PAGE = 5_000
_OWNED = [label for label in PERSON_LABELS if label is not Label.PERSON]
_NO_PERSON = "Check the person id: it must be a person of your tenant."


class Privacy:
    def __init__(
        self, store: GraphStore, redis: aioredis.Redis, facts: FactStore, uploads: Uploads,
        access: AccessLog, events: Events, revocations: Revocations, held: HeldDocuments,
        after_delete: Callable[[], Awaitable[None]] | None = None,
    ) -> None:  # fmt: skip
        self._store = store
        self._redis = redis
        self._facts = facts
        self._uploads = uploads
        self._access = access
        self._events = events
        self._revocations = revocations
        self._held = held
        self._after_delete = after_delete
        """what else holds copies (caches, the analysts' copy): told after each deletion"""

    # --- export ------------------------------------------------------------------------------

    async def export(self, scope: Scope) -> dict[str, Any]:
        """Everything held about the person, as one JSON-ready document (docs/export.md)."""
        person = await self._store.execute(q.PERSON, scope.params, read_only=True)
        if not person:
            raise NotFound(f"no person {scope.person!r} in your tenant.", _NO_PERSON)
        nodes, edges = await self._graph(scope)
        facts: list[dict[str, Any]] = []
        while True:
            page = await self._facts.facts(
                scope, None, _PAGE, len(facts), private=True, deleted=True
            )
            facts += [f.model_dump(mode="json") for f in page.items]
            if len(facts) >= page.total or not page.items:
                break
        by_label = _group(nodes)
        return {
            "format": "careergraph.person-export.v1",
            "exported_at": now(),
            "person": {"tenant": scope.tenant, **person[0]},
            "facts": facts,
            "fact_edits": [_decoded(n["properties"]) for n in by_label.get("FactEdit", [])],
            "documents": [d.model_dump(mode="json") for d in await self._uploads.documents(scope)],
            "jobs": [n["properties"] for n in by_label.get("Job", [])],
            "quarantine": [n["properties"] for n in by_label.get("QuarantinedFile", [])],
            "held_documents": await asyncio.to_thread(self._held_content, scope),
            "conversation_sessions": [
                n["properties"] for n in by_label.get("ConversationSession", [])
            ],
            "conversation_turns": sorted(
                (_decoded(n["properties"]) for n in by_label.get("ConversationTurn", [])),
                key=lambda t: (str(t.get("session_id")), int(t.get("number") or 0)),
            ),
            "access_log": [e.model_dump() for e in await self._access.entries(scope, first=10_000)],
            "events": await self._stream_entries(EVENT_STREAM, scope),
            "audit": await self._stream_entries(AUDIT_STREAM, scope),
            "graph": {"nodes": nodes, "edges": edges},
        }

    def _held_content(self, scope: Scope) -> list[dict[str, str]]:
        """Uploads kept unprocessed (waiting for their type, or in another language)."""
        return [
            {"document_id": d, "content_base64": base64.b64encode(data).decode()}
            for d in self._held.held(scope)
            if (data := self._held.get(scope, d)) is not None
        ]

    async def _graph(self, scope: Scope) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """Every node of the person and every relationship leaving one of them."""
        nodes: list[dict[str, Any]] = []
        edges: list[dict[str, Any]] = []
        nodes += await self._store.execute(q.PERSON_NODE, scope.params, read_only=True)
        edges += await self._store.execute(q.person_edges(), scope.params, read_only=True)
        for label in _OWNED:
            nodes += await self._store.execute(q.owned_nodes(label), scope.params, read_only=True)
            edges += await self._store.execute(q.owned_edges(label), scope.params, read_only=True)
        unique = {(e["source"], e["type"], e["target"]): e for e in edges}
        return nodes, list(unique.values())

    async def _stream_entries(self, stream: str, scope: Scope) -> list[dict[str, Any]]:
        return [fields for _, fields in await self._about(stream, scope)]

    async def _about(self, stream: str, scope: Scope) -> list[tuple[str, dict[str, Any]]]:
        """Entries of a stream about this person (events name them; audit entries name them
        in their detail)."""
        found: list[tuple[str, dict[str, Any]]] = []
        start = "-"
        while True:
            rows: Any = await self._redis.xrange(stream, min=start, count=_STREAM_PAGE)
            for entry, fields in rows:
                if fields.get("tenant") == scope.tenant and (
                    fields.get("person") == scope.person or scope.person in fields.get("detail", "")
                ):
                    found.append((entry, fields))
            if len(rows) < _STREAM_PAGE:
                return found
            start = "(" + rows[-1][0]

    # --- delete a document -------------------------------------------------------------------

    async def delete_document(self, scope: Scope, document: str) -> dict[str, int]:
        """The document, facts evidenced only by it, its evidence on other facts (those are
        recomputed from what remains), and the Job it described."""
        found = await self._store.execute(
            q.DOCUMENT_OF_PERSON, {**scope.params, "document": document}, read_only=True
        )
        if not found:
            raise NotFound(
                f"no document {document!r} for this person.",
                "List the documents with person(id) { documents } and use one of their ids.",
            )
        deleted, updated = await self._facts.drop_document(scope, document)
        params = {**scope.params, "document": document}
        jobs = (await self._store.execute(q.DELETE_JOB_OF_DOCUMENT, params))[0]["deleted"]
        await self._store.execute(q.DELETE_DOCUMENT_NODE, params)
        await asyncio.to_thread(self._held.drop, scope, document)
        await self._events.publish(
            EventName.DOCUMENT_DELETED, scope, document=document,
            facts_deleted=len(deleted), facts_updated=len(updated),
        )  # fmt: skip
        if self._after_delete is not None:
            await self._after_delete()
        return {"facts_deleted": len(deleted), "facts_updated": len(updated), "jobs_deleted": jobs}

    # --- delete a person ---------------------------------------------------------------------

    async def delete_person(self, scope: Scope, requested_by: str) -> dict[str, Any]:
        """Mark, then remove everything; returns the deletion record."""
        marked = await self._store.execute(
            q.MARK_DELETING,
            {**scope.params, "now": now(), "id": str(uuid.uuid4()), "requested_by": requested_by},
        )
        if not marked:
            raise NotFound(f"no person {scope.person!r} in your tenant.", _NO_PERSON)
        return await self._finish(scope, marked[0]["id"], marked[0]["requested_by"])

    async def resume(self) -> int:
        """Finish deletions a stopped process left marked (run at start-up)."""
        pending = await self._store.execute(q.PENDING_DELETIONS, read_only=True)
        for row in pending:
            log.warning("finishing an interrupted deletion (%s)", row["id"])
            await self._finish(Scope(row["tenant"], row["person"]), row["id"], row["requested_by"])
        return len(pending)

    async def _finish(self, scope: Scope, deletion: str, requested_by: str) -> dict[str, Any]:
        counts: dict[str, int] = {}
        for label in _OWNED:
            counts[label] = 0
            while deleted := (
                await self._store.execute(
                    q.delete_owned_batch(label), {**scope.params, "batch": _BATCH}
                )
            )[0]["deleted"]:
                counts[label] += deleted
        counts["redis_entries"] = await self._forget_redis(scope)
        counts["held_files"] = await asyncio.to_thread(self._held.drop_person, scope)
        await self._revocations.revoke_subject(scope.tenant, scope.person)
        record = {"id": deletion, "tenant": scope.tenant, "at": now(),
                  "requested_by": requested_by, "counts": counts}  # fmt: skip
        # the record and the person's removal in one query: never a person without a record
        await self._store.execute(
            q.DELETE_PERSON_RECORDING,
            {**scope.params, "id": deletion, "now": record["at"], "requested_by": requested_by,
             "counts": json.dumps(counts)},
        )  # fmt: skip
        await self._events.publish(
            EventName.PERSON_DELETED, None, tenant=scope.tenant, deletion=deletion
        )
        if self._after_delete is not None:
            await self._after_delete()
        await self._store.purge()  # rewrite the files, so deleted data is not left in them
        return record

    async def _forget_redis(self, scope: Scope) -> int:
        removed = await self._access.forget(scope)
        sessions = person_sessions_key(scope)
        for session in await self._redis.smembers(sessions):  # interview state
            name = session.decode() if isinstance(session, bytes) else str(session)
            removed += int(await self._redis.delete(session_key(scope.tenant, name)))
        removed += int(await self._redis.delete(sessions))
        # FalkorDB's own log of recent queries (off since schema 2; older stores may have one)
        async for key in self._redis.scan_iter(match="telemetry{*", count=1000):
            removed += int(await self._redis.delete(key))
        for stream in (EVENT_STREAM, AUDIT_STREAM):
            # XDEL only flags an entry: its fields stay in the stream's saved form. The stream
            # is written again without them instead (atomically, in Redis).
            removed += int(
                await self._redis.eval(_REWRITE_STREAM, 1, stream, scope.tenant, scope.person)
            )
        return removed


_REWRITE_STREAM = """
local entries = redis.call('XRANGE', KEYS[1], '-', '+')
local kept, removed = {}, 0
for _, entry in ipairs(entries) do
  local fields, tenant, person, detail = entry[2], nil, nil, ''
  for i = 1, #fields, 2 do
    if fields[i] == 'tenant' then tenant = fields[i + 1]
    elseif fields[i] == 'person' then person = fields[i + 1]
    elseif fields[i] == 'detail' then detail = fields[i + 1] end
  end
  if tenant == ARGV[1] and (person == ARGV[2] or string.find(detail, ARGV[2], 1, true)) then
    removed = removed + 1
  else
    table.insert(kept, entry)
  end
end
if removed > 0 then
  redis.call('DEL', KEYS[1])
  for _, entry in ipairs(kept) do redis.call('XADD', KEYS[1], entry[1], unpack(entry[2])) end
end
return removed
"""


def _group(nodes: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    grouped: dict[str, list[dict[str, Any]]] = {}
    for node in nodes:
        grouped.setdefault(node["labels"][0], []).append(node)
    return grouped


def _decoded(props: dict[str, Any]) -> dict[str, Any]:
    return {k: json.loads(v) if k in _JSON_PROPS and isinstance(v, str) else v
            for k, v in props.items()}  # fmt: skip


_JSON_PROPS = ("before", "after", "question", "facts")
"""Properties held as JSON text: an edit's before and after, a turn's question and facts"""
