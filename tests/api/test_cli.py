"""The `careergraph` command as a person or a script runs it (real subprocesses)."""

import json
import os
import signal
import socket
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import psutil
import pytest

from api.auth import Role, TokenService, resolve_secret
from engine import Runtime, Settings

CLI = str(Path(sys.executable).parent / "careergraph")


def run(settings: Settings, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CAREERGRAPH_DATA_DIR": str(settings.data_dir)}
    return subprocess.run([CLI, *args], env=env, capture_output=True, text=True, timeout=300)


@pytest.fixture
def loaded(runtime: Runtime) -> Settings:
    """The session's data directory, with the full release loaded."""
    return runtime.settings


def test_search_json_is_machine_readable(loaded: Settings) -> None:
    skills = run(loaded, "search", "skills", "react.js", "--limit", "3", "--json")
    assert skills.returncode == 0, skills.stderr
    rows = json.loads(skills.stdout)
    assert [set(r) for r in rows] == [{"id", "name", "kind", "score"}] * 3
    assert rows[0]["name"] == "React"
    jobs = run(loaded, "search", "occupations", "SWE", "--json")
    found = json.loads(jobs.stdout)
    assert found[0]["code"] == "15-1252.00" and set(found[0]) == {"code", "title", "score"}


def test_cypher_reads_with_parameters_and_refuses_writes(loaded: Settings) -> None:
    ok = run(
        loaded,
        "cypher",
        "MATCH (o:Occupation {code: $code}) RETURN o.title AS title",
        "--param",
        "code=15-1252.00",
        "--json",
    )
    assert ok.returncode == 0, ok.stderr
    assert json.loads(ok.stdout) == [{"title": "Software Developers"}]
    refused = run(loaded, "cypher", "MATCH (o:Occupation) DETACH DELETE o", "--json")
    assert refused.returncode == 3
    assert refused.stdout == "" and "read-only" in refused.stderr
    bad = run(loaded, "cypher", "RETURN 1", "--param", "not a pair")
    assert bad.returncode == 2 and "NAME=VALUE" in bad.stderr


def test_token_is_signed_with_the_installation_secret(loaded: Settings) -> None:
    minted = run(loaded, "token", "--role", "analyst", "--tenant", "acme", "--subject", "ana")
    assert minted.returncode == 0, minted.stderr
    principal = TokenService(resolve_secret(loaded), loaded.jwt_issuer).verify(
        minted.stdout.strip()
    )
    assert (principal.role, principal.tenant, principal.subject) == (Role.ANALYST, "acme", "ana")
    wrong = run(loaded, "token", "--role", "overlord", "--tenant", "a", "--subject", "b")
    assert wrong.returncode != 0 and "overlord" in wrong.stderr


def test_onet_load_reports_a_bad_release_and_writes_nothing(
    loaded: Settings, tmp_path: Path
) -> None:
    broken = tmp_path / "db_29_2_text"
    broken.mkdir()
    (broken / "Occupation Data.txt").write_bytes(b"O*NET-SOC Code\tTitle\n11-1011.00\tChief\n")
    result = run(loaded, "onet", "load", str(broken))
    assert result.returncode == 2
    assert "Occupation Data.txt" in result.stderr and "Description" in result.stderr
    assert "Nothing was written" in result.stderr


def test_onet_load_prints_per_file_counts(tmp_path: Path, mini_release: Path) -> None:
    fresh = Settings(data_dir=tmp_path / "fresh")
    result = run(fresh, "onet", "load", str(mini_release), "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["status"] == "loaded" and report["version"] == "29.2"
    assert report["files_read"]["Occupation Data.txt"] == 6
    assert "Read Me.txt" in report["files_skipped"]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Served:
    """`careergraph serve` in a subprocess, stopped with Ctrl-C (SIGINT)."""

    def __init__(self, env: dict[str, str]) -> None:
        self.port = _free_port()
        self.process = subprocess.Popen(
            [CLI, "serve", "--port", str(self.port)],
            env={**os.environ, **env},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.log = ""
        self.saw_starting = False

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def wait_healthy(self, seconds: float = 240) -> httpx.Response:
        """/health once start-up is over; the port answers `starting` (503) before that."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline and self.process.poll() is None:
            try:
                health = httpx.get(self.url("/health"), timeout=2)
                if health.json().get("status") != "starting":
                    return health
                self.saw_starting = True
            except httpx.TransportError:
                pass
            time.sleep(0.3)
        raise AssertionError(f"serve never answered /health: {self.stop()}")

    def stop(self) -> str:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
        _, self.log = self.process.communicate(timeout=60)
        return self.log


def test_serve_answers_health_and_graphql_then_stops_cleanly(loaded: Settings) -> None:
    served = Served({"CAREERGRAPH_DATA_DIR": str(loaded.data_dir)})
    try:
        health = served.wait_healthy()
        assert health.status_code == 200
        assert health.json()["ontology"]["status"] == "complete"
        token = TokenService(resolve_secret(loaded), loaded.jwt_issuer).mint(
            Role.RECRUITER, "acme", "r-1", timedelta(minutes=1)
        )
        answer = httpx.post(
            served.url("/graphql"),
            json={"query": '{ skills(search: "k8s", first: 1) { name } }'},
            headers={"Authorization": f"Bearer {token}"},
        )
        assert answer.json() == {"data": {"skills": [{"name": "Kubernetes"}]}}
    finally:
        log = served.stop()
    assert served.process.returncode == 0, log
    assert "Careergraph stopped." in log and "Loading the O*NET" not in log


def test_first_start_loads_the_ontology_and_later_starts_reuse_it(
    tmp_path: Path, mini_release: Path
) -> None:
    env = {
        "CAREERGRAPH_DATA_DIR": str(tmp_path / "data"),
        "CAREERGRAPH_ONET_RELEASE": str(mini_release),
    }
    first = Served(env)
    try:
        assert first.wait_healthy().json()["ontology"] == {"version": "29.2", "status": "complete"}
    finally:
        first_log = first.stop()
    assert "Loading the O*NET ontology" in first_log and "Writing Occupation nodes" in first_log
    assert first.saw_starting, "the port should answer (starting) while O*NET loads"
    second = Served(env)
    try:
        assert second.wait_healthy().status_code == 200
    finally:
        second_log = second.stop()
    assert "Loading the O*NET ontology" not in second_log, second_log
    assert _servers_in(tmp_path / "data") == [], "serve left its embedded server running"


def _servers_in(data_dir: Path) -> list[int]:
    found = []
    for process in psutil.process_iter(["name"]):
        try:
            if "redis-server" in (process.info["name"] or "") and process.cwd().startswith(
                str(data_dir)
            ):
                found.append(process.pid)
        except psutil.Error:
            continue
    return found


def test_extract_prints_one_json_object_per_file_offline(tmp_path: Path) -> None:
    documents = Path(__file__).parents[1] / "data" / "documents"
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    nowhere = Settings(data_dir=tmp_path / "never-created")
    result = run(
        nowhere,
        "extract",
        str(documents / "resumes" / "john_doe.pdf"),
        str(documents / "job_descriptions" / "Data Scientist.docx"),
        str(empty),
        "--json",
    )
    assert result.returncode == 1  # one file was refused
    cv, job, refused = (json.loads(line) for line in result.stdout.splitlines())
    assert set(cv) == {"file", "status", "doc_type", "doc_type_confidence", "language",
                       "text_chars", "facts"}  # fmt: skip
    assert cv["doc_type"] == "resume" and job["doc_type"] == "job_description"
    assert cv["status"] == job["status"] == "processed" and cv["language"] == "en"
    required = {"kind", "value", "normalized", "onet_id", "confidence", "evidence"}
    detail = {"valid_from", "valid_to", "months", "employer", "field", "institution", "metric",
              "technologies"}  # fmt: skip
    for fact in cv["facts"]:
        assert required <= set(fact) <= required | detail
        assert set(fact["evidence"]) == {"page", "start", "end", "text"}
    assert any(f["normalized"] == "Docker" for f in cv["facts"])
    assert {f["kind"] for f in cv["facts"]} >= {"skill", "role", "degree"}
    assert job["job"]["required"] and job["job"]["title"]
    assert refused["error"]["code"] == "empty" and refused["error"]["hint"]
    assert not (tmp_path / "never-created").exists()  # offline: no store was opened


def test_ingest_stores_facts_for_a_person(loaded: Settings, tmp_path: Path) -> None:
    documents = Path(__file__).parents[1] / "data" / "documents"
    cv = str(documents / "resumes" / "barry_allen_fe.pdf")
    result = run(loaded, "ingest", cv, "--person", "cli-person", "--tenant", "acme", "--json")
    assert result.returncode == 0, result.stderr
    stored = json.loads(result.stdout)
    assert stored["status"] == "processed" and stored["facts"] > 5
    again = run(loaded, "ingest", cv, "--person", "cli-person", "--tenant", "acme", "--json")
    assert json.loads(again.stdout)["status"] == "duplicate"
    big = tmp_path / "big.pdf"
    big.write_bytes(b"%PDF-1.4\n" + bytes(11 * 1024 * 1024))
    refused = run(loaded, "ingest", str(big), "--person", "cli-person", "--json")
    assert refused.returncode == 1
    assert json.loads(refused.stdout)["error"]["code"] == "too_large"


def test_a_person_is_exported_and_deleted_from_the_command_line(
    loaded: Settings, tmp_path: Path
) -> None:
    cv = Path(__file__).parents[1] / "data" / "documents" / "resumes" / "barry_allen_fe.pdf"
    stored = run(loaded, "ingest", str(cv), "--person", "cli-erase", "--tenant", "acme", "--json")
    assert stored.returncode == 0, stored.stderr
    target = tmp_path / "export.json"
    exported = run(loaded, "person", "export", "cli-erase", "--tenant", "acme", "-o", str(target))
    assert exported.returncode == 0, exported.stderr
    data = json.loads(target.read_text())
    assert data["person"]["id"] == "cli-erase" and len(data["facts"]) > 5
    assert run(loaded, "person", "export", "cli-erase", "--tenant", "globex").returncode == 1
    deleted = run(loaded, "person", "delete", "cli-erase", "--tenant", "acme", "--yes")
    assert deleted.returncode == 0 and "deletion record" in deleted.stdout
    gone = run(loaded, "person", "export", "cli-erase", "--tenant", "acme")
    assert gone.returncode == 1 and "no person" in gone.stderr


def test_token_pair_gives_a_refresh_token(loaded: Settings) -> None:
    minted = run(loaded, "token", "--role", "candidate", "--tenant", "acme", "--subject", "c",
                 "--pair")  # fmt: skip
    assert minted.returncode == 0, minted.stderr
    pair = json.loads(minted.stdout)
    service = TokenService(resolve_secret(loaded), loaded.jwt_issuer)
    assert service.verify(pair["access_token"]).subject == "c"
    assert service.verify(pair["refresh_token"], kind="refresh").subject == "c"


def test_ingest_as_a_type_skips_the_guess(loaded: Settings, tmp_path: Path) -> None:
    """Scripts say what a file is: a two-line posting with no cues is still a job."""
    posting = tmp_path / "posting.txt"
    posting.write_text("Python developer\nSQL, Docker, Kubernetes\n")
    result = run(loaded, "ingest", str(posting), "--person", "cli-recruiter",
                 "--as", "job_description", "--json")  # fmt: skip
    assert result.returncode == 0, result.stderr
    stored = json.loads(result.stdout)
    assert stored["status"] == "processed" and stored["job_id"]
    assert stored["doc_type"] == "job_description"
    wrong = run(loaded, "ingest", str(posting), "--person", "x", "--as", "poster")
    assert wrong.returncode != 0 and "poster" in wrong.stderr


def test_match_ranks_from_the_command_line(loaded: Settings, tmp_path: Path) -> None:
    from ..engine.test_matching import CV, JOB, WEAK_CV

    strong, weak = tmp_path / "Jane Roe.txt", tmp_path / "sam_lee.txt"
    strong.write_text(CV.format(name="Jane Roe", pronoun="She"))
    weak.write_text(WEAK_CV.format(name="Sam Lee"))
    posting = tmp_path / "backend.txt"
    posting.write_text(JOB)
    people = run(loaded, "ingest", str(strong), str(weak), "--person-per-file", "--as", "resume",
                 "--tenant", "cli-match", "--json")  # fmt: skip
    assert people.returncode == 0, people.stderr
    ids = [json.loads(line)["person_id"] for line in people.stdout.splitlines()]
    assert ids == ["jane-roe", "sam-lee"]
    job = run(loaded, "ingest", str(posting), "--person", "recruiter", "--as", "job_description",
              "--tenant", "cli-match", "--json")  # fmt: skip
    job_id = json.loads(job.stdout)["job_id"]
    ranked = run(loaded, "match", "candidates", "--job", job_id, "--tenant", "cli-match", "--json")
    assert ranked.returncode == 0, ranked.stderr
    rows = [json.loads(line) for line in ranked.stdout.splitlines()]
    assert [r["id"] for r in rows] == ["jane-roe", "sam-lee"]
    assert rows[0]["score"] > rows[1]["score"] and "required_skills" in rows[0]["categories"]
    jobs = run(loaded, "match", "jobs", "--person", "sam-lee", "--tenant", "cli-match", "--json")
    assert [json.loads(line)["id"] for line in jobs.stdout.splitlines()] == [job_id]
    missing = run(loaded, "match", "candidates", "--job", "nope", "--tenant", "cli-match")
    assert missing.returncode == 1 and "no job" in missing.stderr
    neither = run(loaded, "ingest", str(strong))
    assert neither.returncode == 2 and "--person" in neither.stderr


def test_an_interview_runs_in_a_terminal_and_from_a_script(loaded: Settings) -> None:
    cv = Path(__file__).parents[1] / "data" / "documents" / "resumes" / "barry_allen_fe.pdf"
    stored = run(loaded, "ingest", str(cv), "--person", "cli-talk", "--tenant", "acme", "--json")
    assert stored.returncode == 0, stored.stderr
    env = {**os.environ, "CAREERGRAPH_DATA_DIR": str(loaded.data_dir)}
    talk = subprocess.run(
        [CLI, "interview", "--person", "cli-talk", "--tenant", "acme", "--goal", "15-1252.00",
         "--limit", "3", "--json"],
        input="Docker and Kubernetes, about two years\nskip\n", env=env, capture_output=True,
        text=True, timeout=300,
    )  # fmt: skip
    assert talk.returncode == 0, talk.stderr
    replies = [json.loads(line) for line in talk.stdout.splitlines()]
    assert replies[0]["question"]["text"] and replies[-1]["status"] == "ended"
    assert replies[-1]["summary"] and len(replies) <= 4
    missing = run(loaded, "interview", "--person", "nobody", "--tenant", "acme", "--goal", "x")
    assert missing.returncode == 1 and "no person" in missing.stderr


def _interrupted(
    env: dict[str, str], person: str, answer: str | None = None
) -> tuple[dict[str, Any], str]:
    """Start an interview, answer its first question (or not), press Ctrl-C at once: the first
    reply and what the CLI said on stderr, once it has exited cleanly."""
    talk = subprocess.Popen(
        [CLI, "interview", "--person", person, "--tenant", "acme", "--goal", "15-1252.00",
         "--json"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True,
    )  # fmt: skip
    assert talk.stdout is not None and talk.stdin is not None
    first = json.loads(talk.stdout.readline())
    if answer is not None:
        talk.stdin.write(answer + "\n")
        talk.stdin.flush()
    talk.send_signal(signal.SIGINT)
    _, said = talk.communicate(timeout=60)
    assert talk.returncode == 0 and "Traceback" not in said, said
    return first, said


def test_an_interview_left_with_ctrl_c_is_carried_on_later(
    loaded: Settings, tmp_path: Path
) -> None:
    cv = Path(__file__).parents[1] / "data" / "documents" / "resumes" / "barry_allen_fe.pdf"
    stored = run(loaded, "ingest", str(cv), "--person", "cli-later", "--tenant", "acme")
    assert stored.returncode == 0, stored.stderr
    env = {**os.environ, "CAREERGRAPH_DATA_DIR": str(loaded.data_dir)}
    first, said = _interrupted(env, "cli-later")  # at the first question, as it waits
    assert f"--session {first['session_id']}" in said

    later = subprocess.run(
        [CLI, "interview", "--person", "cli-later", "--tenant", "acme", "--session",
         first["session_id"], "--json"],
        input="stop\n", env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert later.returncode == 0, later.stderr
    replies = [json.loads(line) for line in later.stdout.splitlines()]
    assert replies[0]["question"]["id"] == first["question"]["id"]  # where it was left
    assert replies[-1]["status"] == "ended"

    # Ctrl-C as an answer is being taken in: the turn finishes, then the interview is left
    started, said = _interrupted(env, "cli-later", "Docker and Kubernetes, about two years")
    assert f"--session {started['session_id']}" in said
    note = tmp_path / "cv.txt"
    note.write_text("Nurse at St Mary's Hospital, 2015-2020. Skills: patient care, triage.\n")
    assert (
        run(loaded, "ingest", str(note), "--person", "cli-other", "--tenant", "acme").returncode
        == 0
    )
    other = run(loaded, "interview", "--person", "cli-other", "--tenant", "acme", "--session",
                first["session_id"])  # fmt: skip
    assert other.returncode == 1 and "no interview" in other.stderr
    both = run(loaded, "interview", "--person", "cli-later", "--tenant", "acme", "--goal", "x",
               "--session", first["session_id"])  # fmt: skip
    assert both.returncode == 2 and "--session" in both.stderr
