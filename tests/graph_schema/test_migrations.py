"""A graph written by the previous release (schema 1) is migrated in place on start and keeps
its facts; migrating again changes nothing."""

from graph_schema import GraphStore
from graph_schema import queries as q
from graph_schema.migrations import PERSON_DATA_VERSION, migrate, person_data_version

# What the previous release wrote, in its own words: a Person unique on `id` alone, facts
# without visibility, evidence edges without their own confidence.
PREVIOUS_LAYOUT = [
    "MERGE (t:Tenant {id: 'acme'}) "
    "MERGE (p:Person {id: 'jane'}) ON CREATE SET p.tenant_id = 'acme', p.created_at = '2026-01-01' "
    "MERGE (t)-[:HAS_PERSON]->(p)",
    "MATCH (p:Person {id: 'jane', tenant_id: 'acme'}) "
    "MERGE (d:Document {id: 'doc-1'}) SET d.tenant_id = 'acme', d.person_id = 'jane', "
    "d.filename = 'cv.pdf', d.status = 'processed', d.sha256 = 'abc', d.size = 10, "
    "d.uploaded_at = '2026-01-01', d.progress = 1.0 "
    "MERGE (p)-[:UPLOADED]->(d)",
    "MATCH (p:Person {id: 'jane', tenant_id: 'acme'}) MATCH (d:Document {id: 'doc-1'}) "
    "UNWIND [['f-1', 'skill', 'Python', 0.9], ['f-2', 'role', 'Engineer', 0.8]] AS row "
    "MERGE (f:Fact {id: row[0]}) SET f.tenant_id = 'acme', f.person_id = 'jane', "
    "f.kind = row[1], f.value = row[2], f.normalized = row[2], f.confidence = row[3], "
    "f.status = 'active', f.recorded_at = '2026-01-01', f.conflict = false "
    "MERGE (p)-[:HAS_FACT]->(f) "
    "MERGE (f)-[e:EVIDENCED_BY]->(d) SET e.page = 1, e.start = 0, e.end = 6, e.text = row[2], "
    "e.kind = 'skills_list', e.extractor = 'careergraph.extractor', e.extractor_version = '0.2.0'",
]
FIELDS = ("kind", "value", "normalized", "onet_id", "confidence", "valid_from", "valid_to",
          "months", "employer", "field", "institution", "metric", "technologies")  # fmt: skip
EVIDENCE = ("page", "start", "end", "text", "section", "kind", "extractor", "extractor_version",
            "confidence", "valid_from", "valid_to", "months")  # fmt: skip
TURN = ("turn", "text", "kind", "extractor", "extractor_version", "confidence")


async def _facts(store: GraphStore, tenant: str, person: str) -> list[dict[str, object]]:
    return await store.execute(
        q.person_facts(FIELDS, EVIDENCE, TURN),
        {"tenant": tenant, "person": person, "kind": None, "document": None, "fact": None,
         "private": True, "deleted": False, "skip": 0, "limit": 10},
    )  # fmt: skip


async def test_the_previous_layout_migrates_and_keeps_its_facts(store: GraphStore) -> None:
    await store.create_unique_constraint("Person", "id")
    for statement in PREVIOUS_LAYOUT:
        await store.execute(statement)
    assert await person_data_version(store) == 1

    assert await migrate(store) == 1
    assert await person_data_version(store) == PERSON_DATA_VERSION
    facts = {f["value"]: f for f in await _facts(store, "acme", "jane")}
    assert set(facts) == {"Python", "Engineer"}
    python = facts["Python"]
    assert python["visibility"] == "tenant" and python["confidence"] == 0.9
    assert python["evidence"][0]["confidence"] == 0.9  # carried over from the fact
    assert python["evidence"][0]["document"] == "doc-1"

    # identity is now (tenant, id): another tenant's "jane" is another person
    for tenant in ("globex", "globex", "acme"):
        await store.execute(q.ENSURE_PERSON, {"tenant": tenant, "person": "jane", "now": "x"})
    people = await store.execute(
        "MATCH (p:Person {id: 'jane'}) RETURN p.tenant_id AS tenant ORDER BY tenant"
    )
    assert [p["tenant"] for p in people] == ["acme", "globex"]
    assert await _facts(store, "globex", "jane") == []

    # running it again (a restart, or a migration cut short) changes nothing
    assert await migrate(store) == PERSON_DATA_VERSION
    assert len(await _facts(store, "acme", "jane")) == 2


async def test_a_new_graph_starts_at_the_current_version(store: GraphStore) -> None:
    assert await person_data_version(store) == 0
    assert await migrate(store) == 0
    assert await person_data_version(store) == PERSON_DATA_VERSION
