"""Person-data benchmark: a person with 20 documents (the shared CVs and job descriptions),
stored through the fact store, then exported and deleted (every node, Redis entry and file
rewrite included).

    .venv/bin/python -m bench.privacy [--data-dir DIR] [--people 3]

Prints a table and writes the "Person data" section of docs/benchmarks.md. An empty data
directory loads O*NET first (about a minute); later runs reuse it.
"""

import argparse
import asyncio
import json
import statistics
import tempfile
import time
import uuid
from pathlib import Path

from api.lifecycle import ensure_ontology
from engine import Runtime, Settings
from engine.people import Scope

from .report import publish
from .run import ROOT

_ALL = sorted(
    p for p in (ROOT / "tests" / "data" / "documents").rglob("*.*")
    if p.suffix.lower() in (".pdf", ".docx", ".txt")
)  # fmt: skip
# a person's 20 documents: the 10 CVs (facts) and 10 job descriptions (jobs)
DOCUMENTS = ([p for p in _ALL if "resumes" in p.parts][:10]
             + [p for p in _ALL if "job_descriptions" in p.parts][:10])  # fmt: skip


class _Quiet:
    def stage(self, description: str, total: int) -> None:
        print(description)

    def advance(self, amount: int) -> None:
        pass


async def measure(data_dir: Path, people: int) -> list[list[str]]:
    runtime = await Runtime.open(Settings(data_dir=data_dir))
    try:
        await ensure_ontology(runtime, _Quiet())
        pipeline = await runtime.document_pipeline()
        pipeline.process(DOCUMENTS[0].read_bytes())  # warm the classifier
        ingest, export, delete, sizes, facts = [], [], [], [], []
        for _ in range(people):
            scope = Scope("bench-privacy", f"p-{uuid.uuid4().hex[:8]}")
            for path in DOCUMENTS:
                started = time.perf_counter()
                await runtime.intake.ingest(scope, path.name, path.read_bytes(), pipeline)
                ingest.append(time.perf_counter() - started)
            started = time.perf_counter()
            exported = await runtime.privacy.export(scope)
            export.append(time.perf_counter() - started)
            sizes.append(len(json.dumps(exported)))
            facts.append(len(exported["facts"]))
            started = time.perf_counter()
            await runtime.privacy.delete_person(scope, "benchmark")
            delete.append(time.perf_counter() - started)
    finally:
        await runtime.close()
    p50 = statistics.median(ingest)
    p95 = statistics.quantiles(ingest, n=100)[94]
    rate = len(ingest) / sum(ingest)
    return [
        ["documents through the fact store, one at a time (docs/s)", f"{rate:.1f}",
         f"{len(ingest)} documents, {people} people x {len(DOCUMENTS)}"],
        ["document latency p50 / p95 (s)", f"{p50:.2f} / {p95:.2f}", "same documents"],
        ["export of a person with 20 documents (s, median / max)",
         f"{statistics.median(export):.2f} / {max(export):.2f}",
         f"{statistics.median(facts):.0f} facts, {statistics.median(sizes) / 1024:.0f} KB JSON"],
        ["delete of that person (s, median / max)",
         f"{statistics.median(delete):.2f} / {max(delete):.2f}",
         "graph batches, Redis streams rewritten, store files rewritten (AOF + snapshot)"],
    ]  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data-dir", type=Path, default=None)
    parser.add_argument("--people", type=int, default=3)
    args = parser.parse_args()
    data_dir = args.data_dir or Path(tempfile.mkdtemp(prefix="careergraph-bench-privacy-"))
    print(f"data directory: {data_dir}")
    rows = asyncio.run(measure(data_dir, args.people))
    publish(
        "Person data",
        "`.venv/bin/python -m bench.privacy` on the embedded store with the full O*NET release.",
        ["measure", "value", "notes"],
        rows,
    )


if __name__ == "__main__":
    main()
