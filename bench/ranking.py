"""Ranking quality: Careergraph's candidate ranking against TF-IDF cosine and plain embedding
cosine, over the same job descriptions and CVs, graded by the rubric in
`bench/data/RANKING.md`.

    .venv/bin/python -m bench.ranking [--data-dir DIR]

Every CV (the dotin CVs from `../shared/datasets`, the resumes in `tests/data/documents`) is
uploaded as a person and every job description as a job, through the same pipeline a user's
upload goes through. For each job, each system ranks every CV; the grades come from the field
each document was labelled with by hand (`ranking_cvs.tsv`, `ranking_jobs.tsv`), never from
any system's output. Reports NDCG@10 (graded), MAP and P@10 (grade >= 2 counts as relevant).
`--data-dir` keeps the uploads for the next run (the first run takes several minutes).
"""

import argparse
import asyncio
import csv
import json
import math
import tempfile
from collections.abc import Callable
from pathlib import Path

import numpy as np

from engine import Runtime, Settings
from engine.documents import Limits, extract_text, screen
from engine.documents.classify import DocumentType, UploadContext
from engine.matching import MAX_FIRST
from engine.people import Scope
from training.datasets import dotin

from .report import publish

DATA = Path(__file__).parent / "data"
DOCUMENTS = Path(__file__).parents[1] / "tests" / "data" / "documents"
TENANT = "bench-ranking"
RELEVANT = 2
_ADJACENT = {
    frozenset(p)
    for p in (
        ("sw", "data"), ("sw", "it"), ("sw", "mgmt"), ("data", "biz"), ("data", "fin"),
        ("mgmt", "biz"), ("mgmt", "it"), ("mgmt", "ops"), ("mkt", "sales"), ("mkt", "media"),
        ("ops", "fin"), ("ops", "biz"), ("it", "biz"),
    )
}  # fmt: skip
_CLOSE = {frozenset(("sw/general", "mgmt/eng")), frozenset(("sw/backend", "mgmt/eng"))}


def grade(job_field: str, cv_field: str) -> int:
    """The rubric (bench/data/RANKING.md): 3 the same field, 2 the same area (or a software
    engineer for an engineering director), 1 an adjacent area, else 0."""
    if job_field == cv_field:
        return 3
    job_area, cv_area = job_field.split("/")[0], cv_field.split("/")[0]
    if job_area == cv_area or frozenset((job_field, cv_field)) in _CLOSE:
        return 2
    return 1 if frozenset((job_area, cv_area)) in _ADJACENT else 0


def _labels(name: str) -> dict[str, str]:
    with (DATA / name).open() as f:
        return {
            row[0]: row[1] for row in csv.reader(f, delimiter="\t") if row[0] not in ("cv", "job")
        }


def _read(data: bytes) -> str:
    limits = Limits()
    return extract_text(data, screen(data, limits).doc_type, limits).text


def documents() -> tuple[dict[str, tuple[str, bytes]], dict[str, tuple[str, bytes]]]:
    """(CV id -> (file name, bytes)), (job file -> (file name, bytes)), as labelled."""
    cv_fields, job_fields = _labels("ranking_cvs.tsv"), _labels("ranking_jobs.tsv")
    cvs: dict[str, tuple[str, bytes]] = {}
    for cv in dotin(held_out=False) + dotin(held_out=True):
        if f"dotin-{cv.id}" in cv_fields:
            cvs[f"dotin-{cv.id}"] = (f"cv-{cv.id}.txt", cv.text.encode())
    for path in sorted((DOCUMENTS / "resumes").glob("*.pdf")):
        if f"resume-{path.stem}" in cv_fields:
            cvs[f"resume-{path.stem}"] = (path.name, path.read_bytes())
    jobs = {
        name: (name, (DOCUMENTS / "job_descriptions" / name).read_bytes()) for name in job_fields
    }
    return cvs, jobs


async def upload(
    runtime: Runtime,
    cvs: dict[str, tuple[str, bytes]],
    jobs: dict[str, tuple[str, bytes]],
    kept: Path,
) -> dict[str, str]:
    """Job file -> job id; people are the CV ids. Kept in `kept` for the next run (delete it to
    upload the job descriptions again; delete `kept` and `cvs.done` beside it for the CVs)."""
    if kept.exists() and json.loads(kept.read_text()):
        return dict(json.loads(kept.read_text()))
    pipeline = await runtime.document_pipeline()
    done = kept.with_name("cvs.done")
    for i, (cv, (name, data)) in enumerate(sorted(cvs.items()) if not done.exists() else []):
        await runtime.intake.ingest(
            Scope(TENANT, cv), name, data, pipeline, UploadContext.PERSON, DocumentType.RESUME
        )
        print(f"  CVs {i + 1}/{len(cvs)}", end="\r")
    print()
    done.touch()
    if await runtime.people.exists(Scope(TENANT, "recruiter")):  # job descriptions read afresh
        await runtime.privacy.delete_person(Scope(TENANT, "recruiter"), "bench")
    job_ids = {}
    for name, (file, data) in sorted(jobs.items()):
        result = await runtime.intake.ingest(
            Scope(TENANT, "recruiter"), file, data, pipeline, UploadContext.POSTING,
            DocumentType.JOB_DESCRIPTION,
        )  # fmt: skip
        if result.job_id:
            job_ids[name] = result.job_id
    if not job_ids:
        raise SystemExit("no job description became a job: see the log for why")
    kept.write_text(json.dumps(job_ids, indent=1))
    return job_ids


async def careergraph(runtime: Runtime, job_id: str) -> list[str]:
    """Every candidate in Careergraph's order (people it does not reach come last)."""
    ranked: list[str] = []
    while True:
        page = await runtime.matcher.match_candidates(TENANT, job_id, MAX_FIRST, len(ranked))
        ranked += [m.person_id for m in page.items]
        if not page.items or len(ranked) >= page.total:
            return ranked


def tfidf(job_texts: dict[str, str], cv_texts: dict[str, str]) -> Callable[[str], list[str]]:
    from sklearn.feature_extraction.text import TfidfVectorizer

    ids = sorted(cv_texts)
    vectorizer = TfidfVectorizer(sublinear_tf=True, stop_words="english", min_df=1)
    vectorizer.fit([cv_texts[i] for i in ids] + list(job_texts.values()))
    cv_matrix = vectorizer.transform([cv_texts[i] for i in ids])

    def rank(job: str) -> list[str]:
        scores = (cv_matrix @ vectorizer.transform([job_texts[job]]).T).toarray().ravel()
        return [ids[i] for i in np.lexsort((np.arange(len(ids)), -scores))]

    return rank


def embedding(
    runtime: Runtime, job_texts: dict[str, str], cv_texts: dict[str, str]
) -> Callable[[str], list[str]]:
    """Plain embedding cosine: the mean of the unit vectors of a document's 200-word pieces
    (all-MiniLM-L6-v2 reads 256 word pieces at most)."""
    ids = sorted(cv_texts)

    def vector(text: str) -> np.ndarray:
        words = text.split() or [""]
        pieces = [" ".join(words[i : i + 200]) for i in range(0, len(words), 200)]
        found = np.asarray(runtime.embedder.embed(pieces), dtype=np.float64)
        found /= np.maximum(np.linalg.norm(found, axis=1, keepdims=True), 1e-9)
        mean = found.mean(axis=0)
        return mean / max(float(np.linalg.norm(mean)), 1e-9)

    cv_matrix = np.stack([vector(cv_texts[i]) for i in ids])
    jobs = {job: vector(text) for job, text in job_texts.items()}

    def rank(job: str) -> list[str]:
        scores = cv_matrix @ jobs[job]
        return [ids[i] for i in np.lexsort((np.arange(len(ids)), -scores))]

    return rank


def metrics(ranked: list[str], grades: dict[str, int]) -> tuple[float, float, float]:
    """NDCG@10, average precision, P@10 for one job."""
    order = ranked + sorted(set(grades) - set(ranked))  # not reached: last
    gains = [2 ** grades.get(cv, 0) - 1 for cv in order[:10]]
    ideal = sorted((2**g - 1 for g in grades.values()), reverse=True)[:10]
    dcg = sum(g / math.log2(i + 2) for i, g in enumerate(gains))
    idcg = sum(g / math.log2(i + 2) for i, g in enumerate(ideal))
    relevant = sum(1 for g in grades.values() if g >= RELEVANT)
    hits, precision_sum = 0, 0.0
    for i, cv in enumerate(order):
        if grades.get(cv, 0) >= RELEVANT:
            hits += 1
            precision_sum += hits / (i + 1)
    top = sum(1 for cv in order[:10] if grades.get(cv, 0) >= RELEVANT)
    return dcg / idcg if idcg else 0.0, precision_sum / relevant if relevant else 0.0, top / 10


async def measure(data_dir: Path) -> tuple[list[list[str]], int, int]:
    cvs, jobs = documents()
    cv_fields, job_fields = _labels("ranking_cvs.tsv"), _labels("ranking_jobs.tsv")
    runtime = await Runtime.open(Settings(data_dir=data_dir))
    try:
        from api.lifecycle import ensure_ontology
        from bench.matching_scale import _Quiet

        await ensure_ontology(runtime, _Quiet())
        job_ids = await upload(runtime, cvs, jobs, data_dir / "ranking-jobs.json")
        cv_texts = {cv: _read(data) for cv, (_, data) in cvs.items()}
        job_texts = {job: _read(data) for job, (_, data) in jobs.items() if job in job_ids}
        systems: dict[str, Callable[[str], list[str]]] = {
            "TF-IDF cosine": tfidf(job_texts, cv_texts),
            "embedding cosine (all-MiniLM-L6-v2)": embedding(runtime, job_texts, cv_texts),
        }
        found: dict[str, list[tuple[float, float, float]]] = {s: [] for s in systems}
        found["Careergraph"] = []
        for job in sorted(job_texts):
            grades = {cv: grade(job_fields[job], cv_fields[cv]) for cv in cvs}
            for name, rank in systems.items():
                found[name].append(metrics(rank(job), grades))
            found["Careergraph"].append(metrics(await careergraph(runtime, job_ids[job]), grades))
    finally:
        await runtime.close()
    rows = []
    best_baseline = max(np.mean([m[1] for m in found[s]]) for s in systems)
    for name, values in found.items():
        ndcg, ap, p10 = (float(np.mean([v[i] for v in values])) for i in range(3))
        versus = f"{100 * (ap / best_baseline - 1):+.1f}%" if name == "Careergraph" else ""
        rows.append([name, f"{ndcg:.3f}", f"{ap:.3f}", f"{p10:.3f}", versus])
    return rows, len(job_texts), len(cvs)


def uploads_dir() -> Path:
    """`--data-dir`: where the uploaded CVs and jobs are kept between runs (a new one if not
    given); `bench.insights` reads the same."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--data-dir", type=Path, default=None)
    args = parser.parse_args()
    data_dir = args.data_dir or Path(tempfile.mkdtemp(prefix="careergraph-bench-ranking-"))
    print(f"data directory: {data_dir}")
    return Path(data_dir)


def main() -> None:
    data_dir = uploads_dir()
    rows, jobs, cvs = asyncio.run(measure(data_dir))
    publish(
        "Ranking quality",
        f"`.venv/bin/python -m bench.ranking`: {jobs} job descriptions, each ranking the same "
        f"{cvs} CVs; grades from the hand-labelled fields and the rubric in "
        "`bench/data/RANKING.md` (relevant: grade >= 2). Target: MAP at least 10% above the "
        "better baseline.",
        ["system", "NDCG@10", "MAP", "P@10", "MAP vs the better baseline"],
        rows,
    )


if __name__ == "__main__":
    main()
