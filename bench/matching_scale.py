"""Matching at scale: synthetic people and jobs drawn from O*NET occupation profiles, then the
top 20 candidates for a job (with explanations) and the top 20 jobs for a person.

    .venv/bin/python -m bench.matching_scale --people 10000 [--people 100000] [--jobs 10000]

Each person: one role in an occupation (months of experience, a job zone's worth), 8-20 of
that occupation's technologies (hot and in-demand ones more often) and a few of the skill and
knowledge elements it rates important, with evidence kinds drawn like CVs have them. Each job:
an occupation's title, 5-10 required and 2-4 preferred technologies, years by job zone. The
cache is off: every ranking is computed. Prints a table; writes docs/benchmarks.md.
"""

import argparse
import asyncio
import gc
import random
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import psutil

from api.lifecycle import ensure_ontology
from engine import Runtime, Settings
from engine.matching import Matcher
from engine.matching.index import MatchIndex
from engine.matching.ladder import IMPORTANT
from engine.matching.terms import TermCache
from engine.people import Scope, now
from engine.ratings import important_elements
from graph_schema import queries as q

from .report import publish

TENANT = "bench-scale"
SEED = 11
_KINDS = ["work_experience"] * 5 + ["skills_list"] * 3 + ["project"] * 2 + ["certification"]
_BATCH = 250


class _Quiet:
    def stage(self, description: str, total: int) -> None:
        print(description)

    def advance(self, amount: int) -> None:
        pass


async def _profiles(runtime: Runtime) -> dict[str, dict[str, Any]]:
    codes = [r["code"] for r in await runtime.store.execute(q.ALL_OCCUPATION_CODES)]
    technologies: dict[str, list[tuple[str, bool]]] = {c: [] for c in codes}
    for row in await runtime.store.execute(q.OCCUPATION_TECHNOLOGIES_FOR, {"codes": codes}):
        technologies[row["code"]].append((row["id"], bool(row["hot"] or row["in_demand"])))
    rated, _ = await important_elements(runtime.store, codes, IMPORTANT)
    zones = {
        r["code"]: r["zone"]
        for r in await runtime.store.execute(q.OCCUPATION_SUMMARY, {"codes": codes})
    }
    return {
        c: {
            "tech": sorted(technologies[c]),
            "elements": sorted(rated.get(c, {})),
            "zone": zones.get(c) or 3,
        }
        for c in codes
        if len(technologies[c]) >= 10
    }


def _person(rng: random.Random, code: str, profile: dict[str, Any], i: int) -> dict[str, Any]:
    weighted = [t for t, hot in profile["tech"] for _ in range(3 if hot else 1)]
    skills = {t for t in rng.sample(weighted, min(len(weighted), rng.randint(8, 20)))}
    skills |= set(rng.sample(profile["elements"], min(3, len(profile["elements"]))))
    person = f"s-{i:07d}"
    return {
        "id": person,
        "document": f"{person}-cv",
        "code": code,
        "skills": [
            {
                "id": f"{person}-{n}",
                "onet_id": s,
                "kind": rng.choice(_KINDS),
                "confidence": round(rng.uniform(0.55, 0.99), 2),
                "months": rng.choice([None, rng.randint(3, 96)]),
                "valid_to": rng.choice([None, None, f"{rng.randint(2012, 2025)}"]),
            }
            for n, s in enumerate(sorted(skills))
        ],
        "role": {
            "id": f"{person}-role",
            "person": person,
            "code": code,
            "valid_from": f"{rng.randint(2005, 2024)}-0{rng.randint(1, 9)}",
            "months": rng.randint(6, 180),
        },
    }


def _job(rng: random.Random, code: str, profile: dict[str, Any], i: int) -> dict[str, Any]:
    hot = [t for t, h in profile["tech"] if h] or [t for t, _ in profile["tech"]]
    required = rng.sample(hot, min(len(hot), rng.randint(5, 10)))
    rest = [t for t, _ in profile["tech"] if t not in required]
    preferred = rng.sample(rest, min(len(rest), rng.randint(2, 4)))
    return {
        "id": f"job-{i:06d}",
        "document": f"job-{i:06d}-jd",
        "code": code,
        "title": f"Job {i} ({code})",
        "experience_min": max(0, (profile["zone"] - 2) * 2),
        "education": "Bachelor's degree" if profile["zone"] >= 4 else None,
        "requirements": [{"onet_id": t, "required": True} for t in required]
        + [{"onet_id": t, "required": False} for t in preferred],
    }


async def _generate(runtime: Runtime, people: int, jobs: int) -> float:
    rng = random.Random(SEED)
    profiles = await _profiles(runtime)
    codes = sorted(profiles)
    started = time.perf_counter()
    counts = (await runtime.store.execute(q.SYNTHETIC_COUNTS, {"tenant": TENANT}))[0]
    have, have_jobs = counts["people"], counts["jobs"]
    for start in range(have, people, _BATCH):
        batch = [
            _person(rng, c, profiles[c], i)
            for i in range(start, min(people, start + _BATCH))
            for c in [rng.choice(codes)]
        ]
        await runtime.store.execute(
            q.SYNTHETIC_PEOPLE, {"tenant": TENANT, "now": now(), "people": batch}
        )
        await runtime.store.execute(
            q.SYNTHETIC_ROLES, {"tenant": TENANT, "now": now(), "roles": [p["role"] for p in batch]}
        )
        print(f"  people {min(people, start + _BATCH):,}/{people:,}", end="\r")
    for start in range(have_jobs, jobs, _BATCH):
        batch = [
            _job(rng, c, profiles[c], i)
            for i in range(start, min(jobs, start + _BATCH))
            for c in [rng.choice(codes)]
        ]
        await runtime.store.execute(
            q.SYNTHETIC_JOBS, {"tenant": TENANT, "owner": "recruiter", "jobs": batch}
        )
    print()
    wrote = have < people or have_jobs < jobs
    return time.perf_counter() - started if wrote else 0.0


async def _timed(calls: list[Any]) -> list[float]:
    found = []
    for call in calls:
        started = time.perf_counter()
        await call()
        found.append((time.perf_counter() - started) * 1000)
    return found


async def measure(data_dir: Path, people: int, jobs: int, runs: int) -> list[list[str]]:
    runtime = await Runtime.open(Settings(data_dir=data_dir))
    try:
        await ensure_ontology(runtime, _Quiet())
        gc.freeze()  # as the service does once started (api.lifecycle)
        generated = await _generate(runtime, people, jobs)
        # no answer cache: every ranking is computed, from the index's arrays
        index = MatchIndex(
            runtime.store, runtime.redis, TermCache(runtime.store), inline=people + 1
        )
        matcher = Matcher(runtime.store, index=index)
        started = time.perf_counter()
        await index.people(TENANT)
        built = time.perf_counter() - started
        rng = random.Random(SEED + 1)
        job_ids = [f"job-{rng.randrange(jobs):06d}" for _ in range(runs)]
        person_ids = [f"s-{rng.randrange(people):07d}" for _ in range(runs)]
        first_jobs = await _timed(  # the jobs' arrays are made on the first ranking
            [lambda: matcher.match_jobs(Scope(TENANT, "s-0000000"), 20, percentiles=False)]
        )
        candidates = await _timed(
            [(lambda j=j: matcher.match_candidates(TENANT, j, 20)) for j in job_ids]
        )
        for_people = await _timed(
            [
                (lambda p=p: matcher.match_jobs(Scope(TENANT, p), 20, percentiles=False))
                for p in person_ids
            ]
        )
        rss = psutil.Process().memory_info().rss / 2**20
        server = sum(
            p.info["memory_info"].rss
            for p in psutil.process_iter(["name", "memory_info"])
            if p.info["name"] == "redis-server"
        )
    finally:
        await runtime.close()

    def pct(values: list[float]) -> str:
        return f"{statistics.median(values):.0f} / {statistics.quantiles(values, n=20)[18]:.0f}"

    return [
        [
            f"top 20 candidates for a job among {people:,} people (ms, p50 / p95)",
            pct(candidates),
            "p95 < 100 at 10,000; < 500 at 100,000",
            f"{runs} jobs, explanations included",
        ],
        [
            f"top 20 jobs for a person among {jobs:,} jobs (ms, p50 / p95)",
            pct(for_people),
            "",
            f"{runs} people; without the percentile (computed only when asked for)",
        ],
        [
            "building the index from the graph (s): people / jobs' arrays",
            f"{built:.1f} / {first_jobs[0] / 1000:.1f}",
            "",
            "once per process and tenant; then kept in step with the event stream",
        ],
        [
            f"generating {people:,} people and {jobs:,} jobs (s)",
            f"{generated:.0f}" if generated else "reused (already in the data directory)",
            "",
            "graph writes in batches of 250",
        ],
        [
            "memory (MB): this process / the embedded store",
            f"{rss:.0f} / {server / 2**20:.0f}",
            "",
            "RSS after the runs",
        ],
    ]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data-dir", type=Path, default=None)
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--jobs", type=int, default=1_000)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    data_dir = args.data_dir or Path(tempfile.mkdtemp(prefix="careergraph-bench-scale-"))
    print(f"data directory: {data_dir}")
    rows = asyncio.run(measure(data_dir, args.people, args.jobs, args.runs))
    publish(
        f"Matching at scale ({args.people:,} people)",
        f"`.venv/bin/python -m bench.matching_scale --people {args.people} --jobs {args.jobs}` "
        "on the embedded store, 2 cores, synthetic people and jobs drawn from O*NET "
        "occupation profiles, answer cache off (rankings from the matching index).",
        ["measure", "value", "target", "notes"],
        rows,
    )


if __name__ == "__main__":
    main()
