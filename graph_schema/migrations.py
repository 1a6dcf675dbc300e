"""Person-data schema versions. The graph records the version of its person-data layout;
start-up migrates an older graph in place. Every step is idempotent and the version is written
only after all of a version's steps, so an interrupted migration simply runs again.

    1  the first release: Person unique on `id` alone, no fact visibility, evidence edges
       without their own confidence
    2  Person unique on (tenant_id, id); facts have `visibility`; evidence edges `confidence`
"""

import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

from .model import Label
from .queries import meta as q
from .schema import PERSON_KEY
from .store import GraphStore

__all__ = ["PERSON_DATA_VERSION", "migrate", "person_data_version"]

log = logging.getLogger(__name__)

PERSON_DATA_VERSION = 2
_BATCH = 10_000

Step = Callable[[GraphStore], Awaitable[None]]


async def _until_done(store: GraphStore, query: str) -> None:
    while (await store.execute(query, {"batch": _BATCH}))[0]["changed"]:
        pass


async def _person_key(store: GraphStore) -> None:
    await store.create_unique_constraint(Label.PERSON, *PERSON_KEY)
    await store.drop_unique_constraint(Label.PERSON, "id")


async def _visibility(store: GraphStore) -> None:
    await _until_done(store, q.FACT_VISIBILITY_BATCH)


async def _evidence_confidence(store: GraphStore) -> None:
    await _until_done(store, q.EVIDENCE_CONFIDENCE_BATCH)


_STEPS: dict[int, list[tuple[str, Step]]] = {
    2: [
        ("a person is identified by tenant and id", _person_key),
        ("facts get a visibility (default: tenant)", _visibility),
        ("evidence keeps its own confidence", _evidence_confidence),
    ],
}


async def person_data_version(store: GraphStore) -> int:
    """The version the graph holds: 0 for a graph with no person data yet."""
    rows = await store.execute(q.SCHEMA_VERSION, read_only=True)
    if rows:
        return int(rows[0]["version"])
    return 1 if await store.execute(q.ANY_PERSON, read_only=True) else 0


async def migrate(store: GraphStore, say: Callable[[str], None] | None = None) -> int:
    """Bring the graph to PERSON_DATA_VERSION; returns the version it was at."""
    found = await person_data_version(store)
    if found > PERSON_DATA_VERSION:
        raise RuntimeError(
            f"the graph holds person data of schema {found}, newer than this release "
            f"understands ({PERSON_DATA_VERSION}); run the newer release"
        )
    for version in range(max(found, 1) + 1, PERSON_DATA_VERSION + 1):
        steps = _STEPS[version] if found else []  # an empty graph has nothing to migrate
        for number, (what, step) in enumerate(steps, 1):
            line = f"migrating person data to schema {version}: {what} ({number}/{len(steps)})"
            log.warning("%s", line)
            if say is not None:
                say(line)
            await step(store)
        if found == 0:
            await store.create_unique_constraint(Label.PERSON, *PERSON_KEY)
        await store.execute(
            q.SET_SCHEMA_VERSION, {"version": version, "now": datetime.now(UTC).isoformat()}
        )
    return found
