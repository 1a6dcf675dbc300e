"""The embedded store keeps acknowledged writes, even when its server dies without saving."""

import os
import signal
import time
from pathlib import Path

import psutil
import pytest

from graph_schema import QueryFailed, connect
from graph_schema.falkor import MAX_KEY_CHARS, FalkorStore


def _kill_hard(pid: int) -> None:
    os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + 10
    while psutil.pid_exists(pid) and time.monotonic() < deadline:
        try:
            if psutil.Process(pid).status() == psutil.STATUS_ZOMBIE:
                break
        except psutil.NoSuchProcess:
            break
        time.sleep(0.05)


async def test_acknowledged_writes_survive_a_killed_server(tmp_path: Path) -> None:
    store = connect("embedded://", data_dir=tmp_path, fsync="always")
    assert isinstance(store, FalkorStore)
    await store.execute("CREATE (:Person {id: $id, tenant_id: 't'})", {"id": "p-1"})
    server = store._embedded
    assert server is not None
    pid = server._server.pid
    _kill_hard(pid)  # no SHUTDOWN, no snapshot: only the append-only file can have it
    await store.close()
    assert (tmp_path / "appendonlydir").is_dir()

    reopened = connect("embedded://", data_dir=tmp_path, fsync="always")
    try:
        rows = await reopened.execute(
            "MATCH (p:Person {id: 'p-1'}) RETURN p.tenant_id AS tenant", read_only=True
        )
        assert rows == [{"tenant": "t"}]
    finally:
        await reopened.close()


async def test_the_data_directory_holds_the_store(tmp_path: Path) -> None:
    store = connect("embedded://", data_dir=tmp_path / "graph")
    try:
        await store.execute("CREATE (:Tenant {id: 'x'})")
        info = await store._db.connection.config_get("dir")
        assert Path(info["dir"]).resolve() == (tmp_path / "graph").resolve()
        config = await store._db.connection.config_get("append*")
        assert config["appendonly"] == "yes"
        assert config["appendfsync"] == "always"
    finally:
        await store.close()


async def test_a_key_longer_than_the_database_can_index_is_refused_and_it_keeps_running(
    tmp_path: Path,
) -> None:
    # Measured: FalkorDB's unique-constraint check ends the server at about 4,100 characters.
    store = FalkorStore.embedded(tmp_path, "keys", "everysec")
    try:
        await store.create_unique_constraint("Person", "id")
        await store.execute("MERGE (:Person {id: $id})", {"id": "x" * MAX_KEY_CHARS})
        with pytest.raises(QueryFailed, match="keys are at most 1,000"):
            await store.execute("MERGE (:Person {id: $id})", {"id": "y" * 5000})
        with pytest.raises(QueryFailed, match="keys are at most"):
            await store.execute(
                "UNWIND $rows AS r MERGE (:Person {id: r.id})", {"rows": [{"id": "z" * 5000}]}
            )
        await store.ping()
        rows = await store.execute("MATCH (p:Person) RETURN count(p) AS n", read_only=True)
        assert rows == [{"n": 1}]
    finally:
        await store.close()
