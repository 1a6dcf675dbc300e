"""Loading is idempotent, recorded, and never looks complete when it did not finish."""

from collections.abc import Sequence
from pathlib import Path

import pytest

from engine import Embedder, OntologyReader
from graph_schema import GraphStore
from onet_loader import load_release

from .counts import assert_graph_matches_files


async def _fingerprint(store: GraphStore) -> tuple[int, ...]:
    queries = (
        "MATCH (n) RETURN count(n) AS n",
        "MATCH ()-[r]->() RETURN count(r) AS n",
        "MATCH (n) RETURN sum(size(keys(n))) AS n",
        "MATCH ()-[r]->() RETURN sum(size(keys(r))) AS n",
    )
    return tuple([(await store.execute(q, read_only=True))[0]["n"] for q in queries])


async def test_load_matches_the_files_and_records_the_release(
    store: GraphStore, mini_release: Path, embedder: Embedder
) -> None:
    report = await load_release(store, mini_release, embedder.embed)
    assert report.status == "loaded"
    await assert_graph_matches_files(store, mini_release)
    info = await OntologyReader(store).info()
    assert (info.version, info.status) == ("29.2", "complete")
    occupations = next(c.count for c in info.counts if c.label == "Occupation")
    assert occupations == 6


async def test_reloading_the_same_release_changes_nothing(
    store: GraphStore, mini_release: Path, embedder: Embedder
) -> None:
    await load_release(store, mini_release, embedder.embed)
    before = await _fingerprint(store)
    again = await load_release(store, mini_release, embedder.embed)
    assert again.status == "already loaded"
    forced = await load_release(store, mini_release, embedder.embed, force=True)
    assert forced.status == "loaded"
    assert forced.embedded == 0  # names unchanged: their embeddings are kept
    assert await _fingerprint(store) == before


async def test_an_interrupted_load_never_looks_complete(
    store: GraphStore, mini_release: Path, embedder: Embedder
) -> None:
    def failing_embed(texts: Sequence[str]) -> list[list[float]]:
        raise RuntimeError("the machine went away")

    with pytest.raises(RuntimeError):
        await load_release(store, mini_release, failing_embed)
    info = await OntologyReader(store).info()
    assert info.status == "loading"

    report = await load_release(store, mini_release, embedder.embed)
    assert report.status == "loaded"
    info = await OntologyReader(store).info()
    assert info.status == "complete"


async def test_every_searchable_name_that_needs_one_has_an_embedding(
    store: GraphStore, mini_release: Path, embedder: Embedder
) -> None:
    await load_release(store, mini_release, embedder.embed)
    rows = await store.execute(
        "MATCH (n) WHERE n.vectorised = true AND n.embedding IS NULL RETURN count(n) AS n",
        read_only=True,
    )
    assert rows == [{"n": 0}]
    rows = await store.execute(
        "MATCH (n:Occupation) WHERE n.embedding IS NOT NULL RETURN count(n) AS n", read_only=True
    )
    assert rows == [{"n": 6}]
