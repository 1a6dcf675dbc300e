"""Load an O*NET release into the graph: validate everything, then write in batches.

The release node is marked `loading` before the first write and `complete` only after the
last one (embeddings and aliases included), so an interrupted or failed load never looks
complete; the next load simply runs again. Writes are MERGEs keyed on ids, so loading the
same release twice changes nothing.
"""

import asyncio
import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

from graph_schema import GraphStore, Rel, SearchLabel, ensure_schema
from graph_schema import queries as q

from .aliases import derive_aliases
from .release import Release
from .tables import OCCUPATION_TERM_LABELS, SKILL_TERM_LABELS, GraphRow, Ontology, parse

__all__ = ["Embed", "LoadReport", "Progress", "load_release", "release_status"]

Embed = Callable[[Sequence[str]], list[list[float]]]

_NODE_ORDER = (
    "Occupation", "Skill", "Knowledge", "WorkStyle", "WorkValue", "Interest", "Ability",
    "WorkActivity", "TechnologyCategory", "Technology", "Tool", "Title", "JobZone",
    "EducationCategory", "Task",
)  # fmt: skip
# (builder edge name, relationship type, source label, source field, target label, field)
_EDGES: tuple[tuple[str, Rel, str, str, str, str], ...] = (
    ("REQUIRES_SKILL", Rel.REQUIRES_SKILL, "Occupation", "o", "Skill", "e"),
    ("REQUIRES_KNOWLEDGE", Rel.REQUIRES_KNOWLEDGE, "Occupation", "o", "Knowledge", "e"),
    ("HAS_WORK_STYLE", Rel.HAS_WORK_STYLE, "Occupation", "o", "WorkStyle", "e"),
    ("HAS_WORK_VALUE", Rel.HAS_WORK_VALUE, "Occupation", "o", "WorkValue", "e"),
    ("HAS_INTEREST", Rel.HAS_INTEREST, "Occupation", "o", "Interest", "e"),
    ("REQUIRES_ABILITY", Rel.REQUIRES_ABILITY, "Occupation", "o", "Ability", "e"),
    ("HAS_WORK_ACTIVITY", Rel.HAS_WORK_ACTIVITY, "Occupation", "o", "WorkActivity", "e"),
    ("USES_TECHNOLOGY", Rel.USES_TECHNOLOGY, "Occupation", "o", "Technology", "t"),
    ("USES_TOOL", Rel.USES_TOOL, "Occupation", "o", "Tool", "t"),
    ("Technology_IN_CATEGORY", Rel.IN_CATEGORY, "Technology", "t", "TechnologyCategory", "c"),
    ("Tool_IN_CATEGORY", Rel.IN_CATEGORY, "Tool", "t", "TechnologyCategory", "c"),
    ("TITLE_OF", Rel.TITLE_OF, "Title", "t", "Occupation", "o"),
    ("RELATED_TO", Rel.RELATED_TO, "Occupation", "a", "Occupation", "b"),
    ("IN_JOB_ZONE", Rel.IN_JOB_ZONE, "Occupation", "o", "JobZone", "z"),
    ("REQUIRES_EDUCATION", Rel.REQUIRES_EDUCATION, "Occupation", "o", "EducationCategory", "c"),
    ("HAS_TASK", Rel.HAS_TASK, "Occupation", "o", "Task", "t"),
)
_BATCH = 2000
_EMBED_BATCH = 512


class Progress(Protocol):
    def stage(self, description: str, total: int) -> None: ...
    def advance(self, amount: int) -> None: ...


class _Silent:
    def stage(self, description: str, total: int) -> None:
        pass

    def advance(self, amount: int) -> None:
        pass


@dataclass
class LoadReport:
    version: str
    checksum: str
    status: str
    """"loaded", or "already loaded" when this release was complete and nothing was written."""
    files_read: dict[str, int] = field(default_factory=dict)
    files_skipped: dict[str, str] = field(default_factory=dict)
    nodes: dict[str, int] = field(default_factory=dict)
    edges: dict[str, int] = field(default_factory=dict)
    aliases: int = 0
    embedded: int = 0
    seconds: float = 0.0


async def release_status(store: GraphStore, version: str) -> dict[str, Any] | None:
    rows = await store.execute(q.RELEASE_BY_VERSION, {"version": version}, read_only=True)
    return rows[0] if rows else None


async def load_release(
    store: GraphStore,
    path: Path,
    embed: Embed,
    *,
    progress: Progress | None = None,
    force: bool = False,
) -> LoadReport:
    """Load the release at `path` (folder or zip). Raises ReleaseError before any write."""
    started = time.perf_counter()
    progress = progress or _Silent()
    release = Release(path)
    try:
        progress.stage("Reading O*NET release", 0)
        onto = await asyncio.to_thread(parse, release)
    finally:
        release.close()
    aliases = await asyncio.to_thread(derive_aliases, onto)
    report = LoadReport(
        onto.version,
        onto.checksum,
        "loaded",
        files_read=onto.files_read,
        files_skipped=onto.files_skipped,
        nodes={label: len(onto.nodes.get(label, [])) for label in _NODE_ORDER},
        edges={name: len(onto.edges.get(name, [])) for name, *_ in _EDGES},
        aliases=len(aliases),
    )
    existing = await release_status(store, onto.version)
    if (
        not force
        and existing
        and existing["status"] == "complete"
        and existing["checksum"] == onto.checksum
    ):
        report.status = "already loaded"
        report.seconds = time.perf_counter() - started
        return report

    await ensure_schema(store)
    now = datetime.now(UTC).isoformat()
    await store.execute(
        q.MARK_RELEASE_LOADING, {"version": onto.version, "checksum": onto.checksum, "now": now}
    )
    writer = _Writer(store, onto.version, progress)
    await writer.nodes(onto)
    await writer.edges(onto)
    await writer.aliases(aliases)
    report.embedded = await writer.embeddings(embed)
    await writer.drop_stale()
    counts = json.dumps({"files": onto.files_read, "nodes": report.nodes, "edges": report.edges})
    await store.execute(
        q.MARK_RELEASE_COMPLETE,
        {"version": onto.version, "now": datetime.now(UTC).isoformat(), "counts": counts},
    )
    await store.compact()
    report.seconds = time.perf_counter() - started
    return report


class _Writer:
    def __init__(self, store: GraphStore, release: str, progress: Progress) -> None:
        self.store = store
        self.release = release
        self.progress = progress

    async def _batches(self, description: str, query: str, rows: list[GraphRow]) -> None:
        self.progress.stage(description, len(rows))
        await self.store.execute_batches(
            query,
            rows,
            batch_size=_BATCH,
            params={"release": self.release},
            on_batch=self.progress.advance,
        )

    async def nodes(self, onto: Ontology) -> None:
        for label in _NODE_ORDER:
            rows = onto.nodes.get(label, [])
            if not rows:
                continue
            extra = (
                SearchLabel.SKILL_TERM
                if label in SKILL_TERM_LABELS
                else SearchLabel.OCCUPATION_TERM
                if label in OCCUPATION_TERM_LABELS
                else None
            )
            await self._batches(f"Writing {label} nodes", q.upsert_nodes(label, extra), rows)

    async def edges(self, onto: Ontology) -> None:
        for name, rel, source, a, target, b in _EDGES:
            rows = [
                {"a": row[a], "b": row[b], "props": _props(row, a, b)}
                for row in onto.edges.get(name, [])
            ]
            if rows:
                query = q.upsert_edges(rel, source, target)
                await self._batches(f"Writing {rel} ({source}->{target})", query, rows)

    async def aliases(self, rows: list[GraphRow]) -> None:
        for search_label, labels in (
            (SearchLabel.SKILL_TERM, SKILL_TERM_LABELS),
            (SearchLabel.OCCUPATION_TERM, OCCUPATION_TERM_LABELS),
        ):
            subset = [row for row in rows if row["label"] in labels]
            query = q.upsert_aliases(search_label)
            await self._batches(f"Writing aliases to {search_label}", query, subset)

    async def embeddings(self, embed: Embed) -> int:
        done = 0
        for search_label in (SearchLabel.SKILL_TERM, SearchLabel.OCCUPATION_TERM):
            pending = await self.store.execute(q.pending_embeddings(search_label), read_only=True)
            self.progress.stage(f"Embedding {search_label} names", len(pending))
            write = q.set_embeddings(self.store.dialect, search_label)
            writing: asyncio.Task[list[dict[str, Any]]] | None = None
            for start in range(0, len(pending), _EMBED_BATCH):
                batch = pending[start : start + _EMBED_BATCH]
                # Encode the next batch while the previous one is being written.
                vectors = await asyncio.to_thread(embed, [str(r["name"]) for r in batch])
                if writing:
                    await writing
                rows = [{"id": r["id"], "vector": v} for r, v in zip(batch, vectors, strict=True)]
                writing = asyncio.create_task(self.store.execute(write, {"rows": rows}))
                self.progress.advance(len(batch))
                done += len(batch)
            if writing:
                await writing
        return done

    async def drop_stale(self) -> None:
        """Remove what an earlier release had and this one does not."""
        for rel in {rel for _, rel, *_ in _EDGES} | {Rel.ALIAS_OF}:
            await self.store.execute(q.delete_stale_edges(rel), {"release": self.release})
        await self.store.execute(q.DELETE_ORPHAN_ALIASES)


def _props(row: GraphRow, *ids: str) -> GraphRow:
    return {k: v for k, v in row.items() if k not in ids and v is not None}
