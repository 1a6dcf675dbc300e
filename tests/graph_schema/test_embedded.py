"""The embedded store keeps acknowledged writes, even when its server dies without saving."""

import os
import signal
import time
from pathlib import Path

import psutil

from graph_schema import connect
from graph_schema.falkor import FalkorStore


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
