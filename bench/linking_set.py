"""Build the candidate mentions of the linking set: `python -m bench.linking_set`.

Every skill mention today's extractor links to O*NET (dictionary and search, before the
context check) in the development documents: the shared CVs and job descriptions
(tests/data/documents, Apache-2.0), the held-out dotin CVs (CC0) and SkillSpan dev postings
(MIT). Written to bench/data/linking_candidates.tsv; a person then marks each row's `gold`
column in bench/data/linking.tsv (the O*NET id the mention means, or "-" for none).
"""

import asyncio
import csv
import random
import tempfile
from pathlib import Path

from engine import Embedder
from engine.documents import Limits, extract_text, screen
from engine.documents.language import detect
from engine.documents.pipeline import DocumentPipeline
from engine.documents.text import ExtractedText, Page
from onet_loader.release import bundled_release_path
from onet_loader.vocabulary import skill_vocabulary, title_vocabulary
from training.datasets import dotin, skillspan_postings

DATA = Path(__file__).parent / "data"
DOCUMENTS = Path(__file__).parents[1] / "tests" / "data" / "documents"
PER_SOURCE = 140
SEED = 7


def documents() -> list[tuple[str, str, ExtractedText]]:
    found = []
    limits = Limits()
    for path in sorted(DOCUMENTS.rglob("*")):
        if path.suffix in (".pdf", ".docx", ".txt"):
            data = path.read_bytes()
            text = extract_text(data, screen(data, limits).doc_type, limits)
            found.append(("shared", path.name, text))
    for example in dotin(held_out=True):
        found.append(("dotin", example.id, _plain(example.text)))
    for example in skillspan_postings("dev"):
        found.append(("skillspan", example.id, _plain(example.text)))
    return [d for d in found if detect(d[2].text).supported]


def _plain(text: str) -> ExtractedText:
    return ExtractedText([Page(1, text)], "txt")


async def candidates() -> list[dict[str, str]]:
    from engine import Runtime
    from engine.settings import Settings
    from onet_loader import load_release

    embedder = Embedder()
    release = bundled_release_path()
    rows = skill_vocabulary(release)
    pipeline = DocumentPipeline.create(embedder, rows, title_vocabulary(release), Limits())
    extractor = pipeline.extractor
    extractor.gate = None  # today's links, before the context check
    names = {str(r["id"]): str(r["name"]) for r in rows}
    found: list[dict[str, str]] = []
    with tempfile.TemporaryDirectory() as work:
        runtime = await Runtime.open(Settings(data_dir=Path(work)), embedder=embedder)
        try:
            await load_release(runtime.store, release, embedder.embed)
            for source, doc, text in documents():
                facts = [f for f in extractor.extract(text) if f.kind == "skill"]
                unlinked = [f for f in facts if f.onet_id is None]
                hits = await runtime.search.nearest_skills([f.value for f in unlinked])
                pairs = [(f, f.onet_id, "dictionary") for f in facts if f.onet_id]
                pairs += [(f, h.id, "search") for f, h in zip(unlinked, hits, strict=True)
                          if h is not None and h.score >= 0.75]  # fmt: skip
                for fact, term, how in pairs:
                    page = text.pages[fact.evidence.page - 1].text
                    start, end = fact.evidence.start, fact.evidence.end
                    found.append({
                        "source": source, "document": doc, "how": how,
                        "surface": page[start:end], "term": str(term),
                        "name": names.get(str(term), ""),
                        "context": " ".join(gate_context(page, start, end).split()),
                    })  # fmt: skip
        finally:
            await runtime.close()
    return found


def gate_context(text: str, start: int, end: int) -> str:
    from engine.documents.linking import sentence

    return sentence(text, start, end)


def main() -> None:
    found = asyncio.run(candidates())
    rng = random.Random(SEED)
    chosen = []
    for source in ("shared", "dotin", "skillspan"):
        rows = [r for r in found if r["source"] == source]
        rng.shuffle(rows)
        seen: set[tuple[str, str]] = set()
        for row in rows:
            key = (row["surface"].lower(), row["term"])
            if key not in seen and len(seen) < PER_SOURCE:
                seen.add(key)
                chosen.append(row)
    DATA.mkdir(exist_ok=True)
    with (DATA / "linking_candidates.tsv").open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(chosen[0]), delimiter="\t")
        writer.writeheader()
        writer.writerows(chosen)
    print(f"{len(found)} linked mentions; {len(chosen)} chosen")


if __name__ == "__main__":
    main()
