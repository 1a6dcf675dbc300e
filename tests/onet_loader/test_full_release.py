"""The full bundled release loads completely: counts checked against its own files."""

from engine import Runtime
from onet_loader import bundled_release_path

from .counts import assert_graph_matches_files


async def test_bundled_release_is_complete(runtime: Runtime) -> None:
    await assert_graph_matches_files(runtime.store, bundled_release_path())
    info = await runtime.ontology.info()
    assert info.version == "29.2" and info.status == "complete"
    counts = {c.label: c.count for c in info.counts}
    assert counts["Occupation"] == 1016
    assert counts["Skill"] == 35 and counts["Knowledge"] == 33
