"""Benchmarks: cold O*NET load, warm start, search latency, normalization accuracy.

    .venv/bin/python -m bench.run            # everything (about 3 minutes on 2 cores)

Prints a table and writes docs/benchmarks.md.
"""

import asyncio
import csv
import os
import platform
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import httpx
import psutil
from rich.console import Console
from rich.table import Table

from engine import Embedder, Runtime, Settings
from engine.people import Scope
from onet_loader import bundled_release_path, load_release

from .report import REPORT, sections

ROOT = Path(__file__).resolve().parents[1]
QUERIES = ROOT / "bench" / "queries.tsv"
SURFACE_FORMS = ROOT / "tests" / "data" / "surface_forms.tsv"
CLI = str(Path(sys.executable).parent / "careergraph")
GiB = 1024**3


@dataclass
class Result:
    name: str
    value: str
    target: str
    ok: bool | None
    note: str = ""


@dataclass
class Results:
    rows: list[Result] = field(default_factory=list)

    def add(self, *args: object, **kwargs: object) -> None:
        self.rows.append(Result(*args, **kwargs))  # type: ignore[arg-type]


class PeakMemory:
    """Samples the resident memory of this process and its embedded server (every 100 ms)."""

    def __init__(self) -> None:
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        me = psutil.Process()
        while not self._stop.is_set():
            total = me.memory_info().rss
            for proc in psutil.process_iter(["name"]):
                try:
                    # The embedded server runs with its data directory as working directory.
                    if "redis-server" in (proc.info["name"] or "") and proc.cwd().startswith(
                        self.dir
                    ):
                        total += proc.memory_info().rss
                except psutil.Error:
                    continue
            self.peak = max(self.peak, total)
            time.sleep(0.1)

    def start(self, data_dir: Path) -> None:
        self.dir = str(data_dir)
        self._thread.start()

    def stop(self) -> int:
        self._stop.set()
        self._thread.join()
        return self.peak


async def cold_load(data_dir: Path, results: Results) -> None:
    memory = PeakMemory()
    memory.start(data_dir)
    started = time.perf_counter()
    runtime = await Runtime.open(Settings(data_dir=data_dir))
    report = await load_release(runtime.store, bundled_release_path(), runtime.embedder.embed)
    elapsed = time.perf_counter() - started
    await runtime.close()
    peak = memory.stop()
    note = f"{sum(report.nodes.values()):,} nodes, {sum(report.edges.values()):,} edges, "
    note += f"{report.embedded:,} embeddings, {report.aliases:,} aliases"
    results.add("cold full O*NET load (s)", f"{elapsed:.1f}", "< 300", elapsed < 300, note)
    results.add(
        "cold load peak memory (GiB)", f"{peak / GiB:.2f}", "< 3", peak < 3 * GiB,
        "API process + embedded server, resident",
    )  # fmt: skip


def warm_start(data_dir: Path, results: Results, runs: int = 3) -> None:
    times = []
    for _ in range(runs):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        env = {**os.environ, "CAREERGRAPH_DATA_DIR": str(data_dir)}
        started = time.perf_counter()
        server = subprocess.Popen(
            [CLI, "serve", "--port", str(port)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            wait_healthy(f"http://127.0.0.1:{port}", 120, poll_s=0.05)
            times.append(time.perf_counter() - started)
        finally:
            server.send_signal(signal.SIGINT)
            server.wait(timeout=60)
    worst = max(times)
    note = f"`careergraph serve` to 200 from /health; runs: {', '.join(f'{t:.1f}' for t in times)}"
    results.add("warm start to ready /health (s)", f"{worst:.1f} (worst of {runs})", "< 10",
                worst < 10, note)  # fmt: skip


def wait_healthy(base: str, limit_s: float, poll_s: float = 0.5) -> None:
    """Until /health answers 200 (it answers 503 `starting` while O*NET loads)."""
    started = time.perf_counter()
    while time.perf_counter() - started < limit_s:
        try:
            if httpx.get(f"{base}/health", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(poll_s)
    raise RuntimeError(f"serve did not become healthy in {limit_s:.0f} s")


def _read(path: Path, columns: int) -> list[list[str]]:
    with path.open(encoding="utf-8") as handle:
        rows = [r for r in csv.reader(handle, delimiter="\t") if r and not r[0].startswith("#")]
    return [r[:columns] for r in rows]


async def search(data_dir: Path, results: Results) -> None:
    runtime = await Runtime.open(Settings(data_dir=data_dir), embedder=Embedder())
    try:
        queries = _read(QUERIES, 2)
        for kind, text in queries[:20]:  # warm the connection pool and the model
            await (runtime.search.skills if kind == "skill" else runtime.search.occupations)(text)
        latencies = []
        for kind, text in queries:
            runtime.embedder.clear_cache()  # every query pays for its embedding
            started = time.perf_counter()
            if kind == "skill":
                await runtime.search.skills(text, 10)
            else:
                await runtime.search.occupations(text, 10)
            latencies.append((time.perf_counter() - started) * 1000)
        p50 = statistics.median(latencies)
        p95 = statistics.quantiles(latencies, n=100)[94]
        note = f"{len(latencies):,} CV strings (skills and titles), embedding included"
        results.add("search latency p50 (ms)", f"{p50:.1f}", "", None, note)
        results.add("search latency p95 (ms)", f"{p95:.1f}", "< 30", p95 < 30,
                    f"max {max(latencies):.1f} ms")  # fmt: skip

        forms = _read(SURFACE_FORMS, 3)
        correct = {"skill": 0, "occupation": 0}
        totals = {"skill": 0, "occupation": 0}
        for surface, kind, expected in forms:
            totals[kind] += 1
            if kind == "skill":
                hits = await runtime.search.skills(surface, 1)
                correct[kind] += bool(hits) and hits[0].name == expected
            else:
                jobs = await runtime.search.occupations(surface, 1)
                correct[kind] += bool(jobs) and jobs[0].code == expected
        overall = sum(correct.values()) / len(forms)
        detail = ", ".join(f"{k}s {correct[k]}/{totals[k]}" for k in totals)
        results.add("normalization top-1 accuracy", f"{overall:.1%}", "", None,
                    f"{len(forms)} labelled surface forms ({detail})")  # fmt: skip
    finally:
        await runtime.close()


DOCUMENTS = ROOT / "tests" / "data" / "documents"


async def documents(data_dir: Path, results: Results, rounds: int = 3) -> None:
    """Every shared CV and job description, end to end into the graph, for `rounds` people."""
    from engine.documents import extract_text, find_instructions, screen

    files = sorted(p for p in DOCUMENTS.rglob("*") if p.suffix in (".pdf", ".docx", ".txt"))
    runtime = await Runtime.open(Settings(data_dir=data_dir))
    try:
        pipeline = await runtime.document_pipeline()
        pipeline.process(files[0].read_bytes())  # warm the classifier's label embeddings
        stages = dict.fromkeys(("screen", "text", "classify", "facts", "graph"), 0.0)
        latencies = []
        started = time.perf_counter()
        for round_ in range(rounds):
            for path in files:
                data = path.read_bytes()
                t0 = time.perf_counter()
                screening = screen(data, pipeline.limits)
                t1 = time.perf_counter()
                text = extract_text(data, screening.doc_type, pipeline.limits)
                t2 = time.perf_counter()
                pipeline.classifier.classify(text.text)
                t3 = time.perf_counter()
                pipeline.extractor.extract(text)
                find_instructions(text)
                runtime.embedder.clear_cache()  # the ingest runs the model again, as uploads do
                t4 = time.perf_counter()
                await runtime.intake.ingest(Scope("bench", f"p{round_}"), path.name, data, pipeline)
                t5 = time.perf_counter()
                for stage, seconds in zip(
                    stages, (t1 - t0, t2 - t1, t3 - t2, t4 - t3), strict=False
                ):
                    stages[stage] += seconds
                # ingest repeats the pipeline; its graph share is what it adds beyond it
                stages["graph"] += max(0.0, (t5 - t4) - (t4 - t0))
                latencies.append(t5 - t4)
        elapsed = time.perf_counter() - started
        # A batch as the API takes it: uploads processed concurrently, here two at a time
        # (one per core), each a new person so nothing is a duplicate.
        gate = asyncio.Semaphore(2)

        async def one(person: str, path: Path) -> None:
            async with gate:
                await runtime.intake.ingest(Scope("bench", person), path.name, path.read_bytes(),
                                              pipeline)  # fmt: skip

        runtime.embedder.clear_cache()
        batch = [(f"batch{r}", path) for r in range(rounds) for path in files]
        batch_started = time.perf_counter()
        await asyncio.gather(*(one(person, path) for person, path in batch))
        batch_rate = len(batch) / (time.perf_counter() - batch_started)
    finally:
        await runtime.close()
    count = len(latencies)
    p50 = statistics.median(latencies)
    p95 = statistics.quantiles(latencies, n=100)[94]
    total = sum(stages.values())
    shares = ", ".join(f"{k} {v / total:.0%}" for k, v in stages.items())
    rate = count / sum(latencies)
    results.add("documents end to end into the graph, batch (docs/s)", f"{batch_rate:.1f}",
                ">= 3", batch_rate >= 3,
                f"{len(batch)} documents ({len(files)} shared CVs and job descriptions x "
                f"{rounds}), two at a time as concurrent uploads are; one at a time: "
                f"{rate:.1f}")  # fmt: skip
    note = f"stage shares: {shares}; wall {elapsed:.0f} s with the timing runs"
    results.add("document latency p50 / p95 (s)", f"{p50:.2f} / {p95:.2f}", "< 1 (2-page CV)",
                p95 < 1, note)  # fmt: skip


def extraction_quality(results: Results) -> None:
    """Skill F1 on held-out dotin CVs and SkillSpan postings, for the two dictionaries."""
    from bench.extraction import SHARED, dotin_heldout, evaluate, skillspan_dev
    from engine.documents.tagger import SpanTagger
    from engine.documents.vocabulary import Vocabulary
    from onet_loader.vocabulary import skill_vocabulary

    if not SHARED.is_dir():
        results.add("skill extraction quality", "not measured", "", None,
                    f"{SHARED} (development datasets) is not present")  # fmt: skip
        return
    rows = skill_vocabulary(bundled_release_path())
    cvs, posts = dotin_heldout(), skillspan_dev()
    baseline: tuple[float, float] | None = None
    for name, vocabulary, lenient in (
        ("plain O*NET dictionary (names only)", Vocabulary.from_rows(
            [r for r in rows if r.get("reason") is None]), True),
        ("Careergraph dictionary (names + aliases, case rules)", Vocabulary.from_rows(rows), False),
    ):  # fmt: skip

        def predict(
            text: str, v: Vocabulary = vocabulary, lc: bool = lenient
        ) -> list[tuple[int, int]]:
            return [(m.start, m.end) for m in v.find(text, lenient_case=lc)]

        cv_exact, cv_lenient = evaluate(cvs, predict)
        _, post_loose = evaluate(posts, predict)
        baseline = baseline or (cv_lenient.f1, post_loose.f1)
        results.add(f"skills, {name}", f"CV lenient F1 {cv_lenient.f1:.2f}; postings loose F1 "
                    f"{post_loose.f1:.2f}", "", None,
                    f"CVs ({len(cvs)} held-out dotin): exact {cv_exact}, lenient {cv_lenient}; "
                    f"SkillSpan dev ({len(posts)} sentences): loose {post_loose}")  # fmt: skip
    embedder = Embedder()
    tagger = SpanTagger(embedder, Vocabulary.from_rows(rows))

    def learned(text: str) -> list[tuple[int, int]]:
        return [(s.start, s.end) for s in tagger.tag(text) if s.label == "skill"]

    started = time.perf_counter()
    cv_exact, cv_lenient = evaluate(cvs, learned)
    _, post_loose = evaluate(posts, learned)
    seconds = time.perf_counter() - started
    assert baseline is not None
    ok = cv_lenient.f1 >= max(0.60, 3 * baseline[0]) and post_loose.f1 >= max(0.50, 3 * baseline[1])
    results.add(
        f"skills, learned span tagger v{tagger.version} + ontology linking",
        f"CV lenient F1 {cv_lenient.f1:.2f}; postings loose F1 {post_loose.f1:.2f}",
        f">= 0.60 / >= 0.50 and 3x plain ({3 * baseline[0]:.2f} / {3 * baseline[1]:.2f})", ok,
        f"CVs: exact {cv_exact}, lenient {cv_lenient}; SkillSpan dev: loose {post_loose}; "
        f"{len(cvs) + len(posts)} texts tagged in {seconds:.0f} s",
    )  # fmt: skip


def write_report(results: Results) -> None:
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    machine = f"{psutil.cpu_count()} CPUs, {psutil.virtual_memory().total / GiB:.0f} GiB"
    lines = [
        "# Benchmarks",
        "",
        f"Measured {now} on {machine}, Python {platform.python_version()}, embedded FalkorDB "
        "(append-only file, `appendfsync always`), CPU-only all-MiniLM-L6-v2.",
        "Reproduce with `make bench` (about 8 minutes). Held-out splits: dotin CVs hashing to 0 "
        "mod 5 (`bench/splits/dotin_heldout.txt`) and SkillSpan dev.json; the tagger is trained "
        "on the rest by `python -m training.span_tagger`.",
        "",
        "| measure | result | target | met | notes |",
        "| --- | --- | --- | --- | --- |",
    ]
    for r in results.rows:
        met = "" if r.ok is None else ("yes" if r.ok else "**no**")
        lines.append(f"| {r.name} | {r.value} | {r.target} | {met} | {r.note} |")
    REPORT.parent.mkdir(exist_ok=True)
    _, kept = sections(REPORT.read_text() if REPORT.exists() else "")
    REPORT.write_text("\n".join(lines) + "\n\n" + "\n".join(kept.values()))


def main() -> None:
    console = Console()
    results = Results()
    work = Path(tempfile.mkdtemp(prefix="careergraph-bench-"))
    try:
        console.print("cold load ...")
        asyncio.run(cold_load(work, results))
        console.print("warm starts ...")
        warm_start(work, results)
        console.print("search ...")
        asyncio.run(search(work, results))
        console.print("documents ...")
        asyncio.run(documents(work, results))
        console.print("extraction quality ...")
        extraction_quality(results)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    table = Table(title="Careergraph benchmarks")
    for column in ("measure", "result", "target", "met", "notes"):
        table.add_column(column)
    for r in results.rows:
        table.add_row(r.name, r.value, r.target, "" if r.ok is None else str(r.ok), r.note)
    console.print(table)
    write_report(results)
    console.print(f"written to {REPORT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
