"""A server killed in the middle of an interview: a new server process on the same stores picks
the session up where it was (its pending question, its turns), and the answer goes on from
there. Real processes (`careergraph serve`), real HTTP, a SIGKILL between them."""

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

from engine import Runtime

from .test_graphql_interview import ANSWER, SESSION, START, _candidate

_READY_S = 240


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def _server(data_dir: Path, log: Path) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """`careergraph serve` on the test's stores, in a process of its own."""
    port = _free_port()
    env = {
        **os.environ,
        "CAREERGRAPH_DATA_DIR": str(data_dir),
        "CAREERGRAPH_HOST": "127.0.0.1",
        "CAREERGRAPH_PORT": str(port),
    }
    command = [str(Path(sys.executable).parent / "careergraph"), "serve"]
    with log.open("ab") as out:
        process = subprocess.Popen(command, env=env, stdout=out, stderr=out)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + _READY_S
        while True:
            assert process.poll() is None, f"the server exited: {log.read_text()[-2000:]}"
            try:
                if httpx.get(f"{url}/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline, f"not ready: {log.read_text()[-2000:]}"
            time.sleep(0.5)
        yield url, process
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(30)


def _ask(url: str, token: str, query: str, variables: dict[str, Any]) -> dict[str, Any]:
    response = httpx.post(
        f"{url}/graphql",
        json={"query": query, "variables": variables},
        headers={"Authorization": f"Bearer {token}"},
        timeout=60,
    )
    body: dict[str, Any] = response.json()
    assert response.status_code == 200 and "errors" not in body, body
    return body["data"]


async def test_a_server_killed_mid_interview_is_carried_on_by_the_next(
    token: Callable[..., str], runtime: Runtime, tmp_path: Path
) -> None:
    _, _, me, job = await _candidate(token, runtime)
    log = tmp_path / "server.log"
    with _server(runtime.settings.data_dir, log) as (url, process):
        started = _ask(url, me, START, {"goal": job})["startInterview"]
        session, question = started["sessionId"], started["question"]
        first = _ask(url, me, ANSWER, {"s": session, "text": "Docker, for two years"})["answer"]
        assert any(f["value"] == "Docker" for f in first["learned"])
        pending = first["question"]
        assert pending is not None and pending["id"] != question["id"]
        process.send_signal(signal.SIGKILL)  # a crash: nothing is flushed or closed
        process.wait(30)

    with _server(runtime.settings.data_dir, log) as (url, _):
        state = _ask(url, me, SESSION, {"s": session})["interviewSession"]
        assert state["status"] == "ACTIVE"
        assert state["question"]["id"] == pending["id"]  # the question waiting for an answer
        assert [t["answer"] for t in state["turns"]] == ["Docker, for two years"]
        after = _ask(url, me, ANSWER, {"s": session, "text": "skip"})["answer"]
        assert after["status"] == "ACTIVE" and after["progress"]["questions"] == 3
        turns = _ask(url, me, SESSION, {"s": session})["interviewSession"]["turns"]
        assert [t["number"] for t in turns] == [1, 2] and turns[1]["skipped"]
