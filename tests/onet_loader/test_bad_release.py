"""A damaged release is refused with an error naming the file and the problem; the graph
keeps exactly what it had."""

import shutil
import zipfile
from pathlib import Path

import pytest

from engine import Embedder
from graph_schema import GraphStore
from onet_loader import ReleaseError, load_release


async def _snapshot(store: GraphStore) -> tuple[int, int]:
    nodes = await store.execute("MATCH (n) RETURN count(n) AS n", read_only=True)
    edges = await store.execute("MATCH ()-[r]->() RETURN count(r) AS n", read_only=True)
    return nodes[0]["n"], edges[0]["n"]


@pytest.fixture
def release_copy(mini_release: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(mini_release, tmp_path / "db_29_2_text"))


async def _loaded(store: GraphStore, release: Path, embedder: Embedder) -> tuple[int, int]:
    await load_release(store, release, embedder.embed)
    return await _snapshot(store)


async def test_missing_column_names_file_and_column(
    store: GraphStore, mini_release: Path, release_copy: Path, embedder: Embedder
) -> None:
    before = await _loaded(store, mini_release, embedder)
    path = release_copy / "Technology Skills.txt"
    lines = path.read_text().splitlines(keepends=True)
    header = lines[0].replace("Hot Technology", "Hotness")
    path.write_text(header + "".join(lines[1:]))
    with pytest.raises(ReleaseError) as error:
        await load_release(store, release_copy, embedder.embed, force=True)
    assert error.value.file == "Technology Skills.txt"
    assert "'Hot Technology'" in error.value.problem
    assert await _snapshot(store) == before


async def test_non_utf8_file_names_file_and_line(
    store: GraphStore, mini_release: Path, release_copy: Path, embedder: Embedder
) -> None:
    before = await _loaded(store, mini_release, embedder)
    path = release_copy / "Alternate Titles.txt"
    data = path.read_bytes().splitlines(keepends=True)
    data[3] = data[3].replace(b"\t", b"\xe9\t", 1)
    path.write_bytes(b"".join(data))
    with pytest.raises(ReleaseError) as error:
        await load_release(store, release_copy, embedder.embed, force=True)
    assert error.value.file == "Alternate Titles.txt"
    assert "not UTF-8" in error.value.problem and "line 4" in error.value.problem
    assert await _snapshot(store) == before


async def test_truncated_zip_is_refused(
    store: GraphStore, mini_release: Path, tmp_path: Path, embedder: Embedder
) -> None:
    before = await _loaded(store, mini_release, embedder)
    archive = tmp_path / "db_29_2_text.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        for file in sorted(mini_release.iterdir()):
            zf.write(file, f"db_29_2_text/{file.name}")
    data = archive.read_bytes()
    archive.write_bytes(data[: len(data) // 2])
    with pytest.raises(ReleaseError) as error:
        await load_release(store, archive, embedder.embed, force=True)
    assert error.value.file == "db_29_2_text.zip"
    assert "truncated" in error.value.problem
    assert await _snapshot(store) == before


async def test_row_naming_an_unknown_occupation_is_refused(
    store: GraphStore, release_copy: Path, embedder: Embedder
) -> None:
    path = release_copy / "Job Zones.txt"
    path.write_text(path.read_text() + "99-9999.99\t3\t08/2023\tAnalyst\n")
    with pytest.raises(ReleaseError, match=r"99-9999\.99"):
        await load_release(store, release_copy, embedder.embed)
    assert await _snapshot(store) == (0, 0)


async def test_missing_occupation_file_is_refused(
    store: GraphStore, release_copy: Path, embedder: Embedder
) -> None:
    (release_copy / "Occupation Data.txt").unlink()
    with pytest.raises(ReleaseError, match=r"Occupation Data\.txt"):
        await load_release(store, release_copy, embedder.embed)


async def test_a_subset_of_files_loads_and_says_what_it_skipped(
    store: GraphStore, release_copy: Path, embedder: Embedder
) -> None:
    (release_copy / "Tools Used.txt").unlink()
    (release_copy / "Work Values.txt").unlink()
    report = await load_release(store, release_copy, embedder.embed)
    assert report.files_skipped["Tools Used.txt"] == "not in this release"
    assert report.files_skipped["Work Values.txt"] == "not in this release"
    assert "Abilities.txt" in report.files_skipped
    assert report.nodes["Tool"] == 0
    rows = await store.execute("MATCH (t:Technology) RETURN count(t) AS n", read_only=True)
    assert rows[0]["n"] == report.nodes["Technology"] > 0
