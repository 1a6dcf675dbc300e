"""The same behaviour on every backend: schema, parameters, read-only, timeouts, indexes."""

import pytest

from graph_schema import (
    EMBEDDING_DIMENSION,
    GraphStore,
    QueryFailed,
    QueryTimeout,
    WriteRefused,
    ensure_schema,
)
from graph_schema import queries as q


def _unit(axis: int) -> list[float]:
    vector = [0.0] * EMBEDDING_DIMENSION
    vector[axis] = 1.0
    return vector


async def _technologies(store: GraphStore) -> None:
    await ensure_schema(store)
    rows = [
        {"id": "technology/react", "name": "React", "key": "react", "vectorised": True},
        {"id": "technology/python", "name": "Python", "key": "python", "vectorised": True},
        {"id": "technology/excel", "name": "Microsoft Excel", "key": "microsoftexcel"},
    ]
    await store.execute(q.upsert_nodes("Technology", "SkillTerm"), {"rows": rows, "release": "t"})
    vectors = [{"id": "technology/react", "vector": _unit(0)}]
    vectors.append({"id": "technology/python", "vector": _unit(1)})
    await store.execute(q.set_embeddings(store.dialect, "SkillTerm"), {"rows": vectors})


async def test_schema_setup_is_idempotent_and_enforces_unique_ids(store: GraphStore) -> None:
    await ensure_schema(store)
    await ensure_schema(store)
    await store.execute("CREATE (:Occupation {id: $id})", {"id": "15-1252.00"})
    with pytest.raises(QueryFailed):
        await store.execute("CREATE (:Occupation {id: $id})", {"id": "15-1252.00"})
    rows = await store.execute("MATCH (o:Occupation) RETURN count(o) AS n", read_only=True)
    assert rows == [{"n": 1}]


async def test_parameters_carry_cypher_metacharacters_as_plain_text(store: GraphStore) -> None:
    hostile = "x'}) DETACH DELETE n //\" RETURN 1; MATCH (m) DELETE m"
    await store.execute("CREATE (:Tenant {id: $id, name: $name})", {"id": "t1", "name": hostile})
    rows = await store.execute(
        "MATCH (t:Tenant {name: $name}) RETURN t.id AS id, t.name AS name",
        {"name": hostile},
        read_only=True,
    )
    assert rows == [{"id": "t1", "name": hostile}]


async def test_read_only_path_refuses_writes_and_changes_nothing(store: GraphStore) -> None:
    with pytest.raises(WriteRefused, match="read-only"):
        await store.execute("CREATE (:Tenant {id: 'sneaky'})", read_only=True)
    rows = await store.execute("MATCH (t:Tenant) RETURN count(t) AS n", read_only=True)
    assert rows == [{"n": 0}]


async def test_a_query_past_its_time_limit_is_stopped(store: GraphStore) -> None:
    await store.execute("UNWIND range(1, 3000) AS i CREATE (:Task {id: toString(i)})")
    with pytest.raises(QueryTimeout):
        await store.execute(
            "MATCH (a:Task), (b:Task), (c:Task) RETURN count(*) AS n",
            read_only=True,
            timeout_ms=200,
        )


async def test_nodes_and_relationships_come_back_as_plain_data(store: GraphStore) -> None:
    await store.execute(
        "CREATE (:Occupation {id: 'a', title: 'A'})-[:RELATED_TO {tier: 'Primary-Short'}]->"
        "(:Occupation {id: 'b', title: 'B'})"
    )
    rows = await store.execute(
        "MATCH (a:Occupation {id: 'a'})-[r:RELATED_TO]->(b) RETURN a, r, b.title AS title",
        read_only=True,
    )
    assert rows[0]["a"] == {"labels": ["Occupation"], "properties": {"id": "a", "title": "A"}}
    assert rows[0]["r"] == {"type": "RELATED_TO", "properties": {"tier": "Primary-Short"}}
    assert rows[0]["title"] == "B"


async def test_vector_index_finds_the_nearest_by_cosine(store: GraphStore) -> None:
    await _technologies(store)
    near_python = [0.1] + [0.0] * (EMBEDDING_DIMENSION - 1)
    near_python[1] = 0.99
    rows = await store.execute(
        q.vector_terms(store.dialect, "SkillTerm"), {"vector": near_python, "k": 2}, read_only=True
    )
    assert [r["name"] for r in rows] == ["Python", "React"]
    assert rows[0]["similarity"] == pytest.approx(0.995, abs=0.01)


async def test_fulltext_index_matches_words_and_prefixes(store: GraphStore) -> None:
    await _technologies(store)
    query = q.fulltext_terms(store.dialect, "SkillTerm")
    for text in ("excel", "micro", "Microsoft Excel"):
        rows = await store.execute(
            query, {"fulltext": store.dialect.fulltext_param(text), "k": 5}, read_only=True
        )
        assert [r["name"] for r in rows] == ["Microsoft Excel"], text


@pytest.mark.parametrize(
    "text", ["(", "@x", '"', "a -b", "}{", "*", "x|y~", "'; MATCH (n) DETACH DELETE n //"]
)
async def test_fulltext_input_with_query_syntax_is_answered_safely(
    store: GraphStore, text: str
) -> None:
    await _technologies(store)
    param = store.dialect.fulltext_param(text)
    if param is None:
        return  # nothing searchable in the text: the engine skips full-text for it
    rows = await store.execute(
        q.fulltext_terms(store.dialect, "SkillTerm"), {"fulltext": param, "k": 5}, read_only=True
    )
    assert isinstance(rows, list)
    count = await store.execute("MATCH (n:Technology) RETURN count(n) AS n", read_only=True)
    assert count == [{"n": 3}]


async def test_exact_and_alias_keys_resolve_with_weights(store: GraphStore) -> None:
    await _technologies(store)
    alias = {"key": "excel", "target": "technology/excel", "weight": 0.9, "reason": "vendor"}
    await store.execute(q.upsert_aliases("SkillTerm"), {"rows": [alias], "release": "t"})
    rows = await store.execute(
        q.exact_terms("SkillTerm"),
        {"keys": [{"key": "excel", "weight": 1.0}, {"key": "react", "weight": 0.95}]},
        read_only=True,
    )
    found = {r["name"]: r["weight"] for r in rows}
    assert found == {"Microsoft Excel": pytest.approx(0.9), "React": pytest.approx(0.95)}


async def test_max_rows_reads_no_further_than_asked(store: GraphStore) -> None:
    rows = await store.execute("UNWIND range(1, 100000) AS x RETURN x", read_only=True, max_rows=11)
    assert [r["x"] for r in rows] == list(range(1, 12))
    everything = await store.execute("UNWIND range(1, 50) AS x RETURN x", read_only=True)
    assert len(everything) == 50
