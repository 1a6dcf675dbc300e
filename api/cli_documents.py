"""`careergraph extract` (offline, no graph) and `careergraph ingest` (into the graph)."""

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from engine import Runtime
from engine.documents.classify import DocumentType
from engine.people import Scope
from onet_loader import bundled_release_path

from .console import JsonFlag, err, fail, load_settings, out, reported, run

__all__ = ["extract", "ingest"]


_FACT_DETAIL = {
    "valid_from", "valid_to", "months", "employer", "field", "institution", "metric",
    "technologies",
}  # fmt: skip


def extract(
    files: Annotated[list[Path], typer.Argument(help="PDF, DOCX, TXT, PNG or JPG files")],
    as_type: Annotated[
        DocumentType | None,
        typer.Option("--as", help="what the documents are (then they are not classified)"),
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Extract facts from documents offline, without the graph: one JSON object per file.
    A document whose type is unclear (status needs_type) or whose language is not read
    (unsupported_language) gets no facts; say its type with --as."""
    from engine import Embedder
    from engine.documents import DocumentRejected, Limits
    from engine.documents.classify import UploadContext
    from engine.documents.pipeline import DocumentPipeline
    from onet_loader.vocabulary import skill_vocabulary, title_vocabulary

    settings = load_settings()
    release = settings.onet_release or bundled_release_path()
    with reported():
        pipeline = DocumentPipeline.create(
            Embedder(), skill_vocabulary(release), title_vocabulary(release),
            Limits.from_settings(settings),
        )  # fmt: skip
    failed = False
    for path in files:
        result: dict[str, Any] = {"file": str(path)}
        try:
            processed = pipeline.process(
                _read_capped(path, pipeline.limits.max_file_bytes), UploadContext.UNKNOWN, as_type
            )
        except DocumentRejected as e:
            failed = True
            result["error"] = {"code": e.code, "message": e.message, "hint": e.hint}
        else:
            kind = processed.decision
            result |= {
                "status": "unsupported_language"
                if not processed.language.supported
                else "needs_type"
                if kind.doc_type is None
                else "processed",
                "doc_type": str(kind.doc_type or processed.classification.doc_type),
                "doc_type_confidence": kind.confidence,
                "language": processed.language.code,
                "text_chars": processed.text.chars,
                "facts": [
                    {
                        "kind": f.kind,
                        "value": f.value,
                        "normalized": f.normalized,
                        "onet_id": f.onet_id,
                        "confidence": f.confidence,
                        "evidence": f.evidence.model_dump(include={"page", "start", "end", "text"}),
                        **{k: v for k, v in f.model_dump(include=_FACT_DETAIL).items() if v},
                    }
                    for f in processed.facts
                ],
            }
            if processed.job is not None:
                job = processed.job
                result["job"] = job.model_dump(exclude={"skills"}) | {
                    "required": sorted({s.normalized or s.value for s in job.skills if s.required}),
                    "preferred": sorted(
                        {s.normalized or s.value for s in job.skills if not s.required}
                    ),
                }
        if as_json:
            print(json.dumps(result, ensure_ascii=False))
        elif "error" in result:
            err.print(f"[red]{path}[/]: {result['error']['message']} {result['error']['hint']}")
        else:
            out.print(
                f"[bold]{path}[/]: {result['doc_type']} ({result['doc_type_confidence']:.0%}), "
                f"{result['text_chars']:,} characters, {len(result['facts'])} facts"
            )
            for fact in result["facts"]:
                where = fact["evidence"]
                out.print(
                    f"  {fact['kind']:<13} {fact['normalized'] or fact['value']}"
                    f"  [dim]p{where['page']} {where['text']!r}[/]"
                )
    if failed:
        raise typer.Exit(1)


def ingest(
    files: Annotated[list[Path], typer.Argument(help="PDF, DOCX, TXT, PNG or JPG files")],
    person: Annotated[str | None, typer.Option(help="the person the documents belong to")] = None,
    person_per_file: Annotated[
        bool,
        typer.Option(
            "--person-per-file",
            help="each file is its own person, with an id made from the file's name",
        ),
    ] = False,
    tenant: Annotated[str, typer.Option(help="the tenant the person is in")] = "local",
    as_type: Annotated[
        DocumentType | None,
        typer.Option(
            "--as",
            help="what the documents are (then they are not classified); "
            "also settles a document waiting in status needs_type",
        ),
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Store documents' facts, with their evidence, for a person in the graph (a job
    description as a Job)."""
    from engine.documents import DocumentRejected

    if (person is None) == (not person_per_file):
        fail("say whose documents these are: --person ID, or --person-per-file", 2)
    settings = load_settings()

    async def work() -> list[dict[str, Any]]:
        runtime = await Runtime.open(settings)
        results: list[dict[str, Any]] = []
        try:
            if (await runtime.ontology.release()).status != "complete":
                fail("the O*NET ontology is not loaded; run 'careergraph onet load' first", 1)
            pipeline = await runtime.document_pipeline()
            for path in files:
                owner = person or _person_id(path)
                result: dict[str, Any] = {"file": str(path), "person_id": owner}
                try:
                    data = _read_capped(path, pipeline.limits.max_file_bytes)
                    done = await runtime.intake.ingest(
                        Scope(tenant, owner), path.name, data, pipeline, doc_type=as_type
                    )
                    result |= done.model_dump()
                except DocumentRejected as e:
                    result["error"] = {"code": e.code, "message": e.message, "hint": e.hint}
                results.append(result)
        finally:
            await runtime.close()
        return results

    results = run(work)
    for result in results:
        if as_json:
            print(json.dumps(result, ensure_ascii=False))
        elif "error" in result:
            err.print(f"[red]{result['file']}[/]: {result['error']['message']} "
                      f"{result['error']['hint']}")  # fmt: skip
        else:
            out.print(f"{result['file']}: {result['status']}, {result['doc_type']}, "
                      f"{result['facts']} facts (document {result['document_id']})")  # fmt: skip
            if result["status"] == "needs_type":
                out.print("  unsure what kind of document this is: run again with --as TYPE")
            elif result["status"] == "unsupported_language":
                out.print("  kept, but written in a language Careergraph does not read yet")
    if any("error" in r for r in results):
        raise typer.Exit(1)


def _person_id(path: Path) -> str:
    """A stable person id from a file's name ("Jane Roe CV.pdf" -> "jane-roe-cv")."""
    import re

    return re.sub(r"[^a-z0-9]+", "-", path.stem.lower()).strip("-")[:60] or "person"


def _read_capped(path: Path, limit: int) -> bytes:
    """The file's bytes; a missing or oversized file is refused without reading it."""
    from engine.documents import DocumentRejected, Limits, check_size

    if not path.is_file():
        raise DocumentRejected("not_found", f"{path} is not a file.", "Check the path.")
    check_size(path.stat().st_size, Limits(max_file_bytes=limit))
    return path.read_bytes()
