"""The `careergraph` command line.

Progress and messages go to stderr; with --json, stdout carries only the JSON result.
"""

import asyncio
import contextlib
import json
import logging
import sys
from collections.abc import Callable, Coroutine, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from pydantic import ValidationError
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from engine import EngineError, Runtime, Settings, run_read_only
from graph_schema import GraphError, WriteRefused
from onet_loader import LoadReport, OnetError, bundled_release_path, load_release

from .auth import Role, TokenService, resolve_secret

__all__ = ["app", "main"]

app = typer.Typer(help="Careergraph: a knowledge graph of careers on the O*NET ontology.")
onet_app = typer.Typer(help="Load and inspect the O*NET ontology.")
search_app = typer.Typer(help="Search the ontology the way people write.")
app.add_typer(onet_app, name="onet")
app.add_typer(search_app, name="search")

err = Console(stderr=True, soft_wrap=True)
out = Console()

JsonFlag = Annotated[bool, typer.Option("--json", help="print JSON only")]
Limit = Annotated[int, typer.Option("--limit", "-n", min=1, max=50, help="how many results")]


class _Bar:
    """onet_loader.Progress on a rich progress display (stderr)."""

    def __init__(self, progress: Progress) -> None:
        self._progress = progress
        self._task: Any = None

    def stage(self, description: str, total: int) -> None:
        if not err.is_terminal:  # a log file, not a screen: one line per stage
            err.print(f"{description} ({total:,})" if total else description)
        if self._task is not None:
            self._progress.update(self._task, visible=False)
        self._task = self._progress.add_task(description, total=total or None)

    def advance(self, amount: int) -> None:
        self._progress.advance(self._task, amount)


def _settings() -> Settings:
    try:
        return Settings()
    except ValidationError as e:
        _fail(f"invalid configuration: {e}", 2)


def _fail(message: str, code: int = 1) -> NoReturn:
    err.print(f"[bold red]error:[/] {message}", highlight=False)
    raise typer.Exit(code)


@contextlib.contextmanager
def _reported() -> Iterator[None]:
    """Turn the errors a user can act on into a message and an exit code."""
    try:
        yield
    except OnetError as e:
        _fail(f"{e}. Nothing was written to the graph.", 2)
    except WriteRefused as e:
        _fail(str(e), 3)
    except (GraphError, EngineError) as e:
        _fail(str(e), 1)


def _run[T](work: Callable[[], Coroutine[Any, Any, T]]) -> T:
    with _reported():
        return asyncio.run(work())


async def _ensure_ontology(runtime: Runtime, path: Path | None, force: bool) -> LoadReport:
    release = path or runtime.settings.onet_release or bundled_release_path()
    progress = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=False,
    )
    with progress:
        return await load_release(
            runtime.store, release, runtime.embedder.embed, progress=_Bar(progress), force=force
        )


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="bind address")] = None,
    port: Annotated[int | None, typer.Option(help="port")] = None,
) -> None:
    """Run the API on the configured stores; the first start loads the bundled O*NET.

    The port opens at once: while the stores start and O*NET loads, /health reports
    `starting` with its progress and other requests get 503 with Retry-After."""
    import uvicorn

    from .app import create_app
    from .lifecycle import Phase, Startup

    settings = _settings()
    bar = Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
        TimeElapsedColumn(), console=err, transient=False,
    )  # fmt: skip

    def started(startup: Startup) -> None:
        bar.stop()
        if startup.phase is Phase.READY:
            err.print(f"Careergraph is ready on http://{config.host}:{config.port}/graphql")
        else:
            err.print(f"[bold red]error:[/] Careergraph could not start: {startup.error}")

    err.print(f"Starting Careergraph (data in {settings.data_dir}) ...")
    bar.start()
    config = uvicorn.Config(
        create_app(settings, progress=_Bar(bar), on_started=started),
        host=host or settings.host,
        port=port or settings.port,
        log_level="info",
    )
    with contextlib.suppress(KeyboardInterrupt):
        uvicorn.Server(config).run()
    bar.stop()
    err.print("Careergraph stopped.")


@onet_app.command("load")
def onet_load(
    path: Annotated[
        Path | None, typer.Argument(help="release folder or zip; default: the bundled release")
    ] = None,
    force: Annotated[bool, typer.Option(help="write even if this release is loaded")] = False,
    as_json: JsonFlag = False,
) -> None:
    """Load an O*NET text release (folder or zip); prints rows read per file."""
    settings = _settings()

    async def work() -> LoadReport:
        runtime = await Runtime.open(settings)
        try:
            return await _ensure_ontology(runtime, path, force)
        finally:
            await runtime.close()

    report = _run(work)
    if as_json:
        print(json.dumps(report.__dict__, indent=2))
        return
    table = Table(title=f"O*NET {report.version}: {report.status} in {report.seconds:.0f} s")
    table.add_column("file")
    table.add_column("rows", justify="right")
    table.add_column("note")
    for file, rows in sorted(report.files_read.items()):
        table.add_row(file, f"{rows:,}", "")
    for file, reason in sorted(report.files_skipped.items()):
        table.add_row(file, "-", f"skipped: {reason}")
    out.print(table)
    out.print(f"aliases: {report.aliases:,}; names embedded this run: {report.embedded:,}")


@onet_app.command("status")
def onet_status(as_json: JsonFlag = False) -> None:
    """Show the loaded release and node counts."""
    settings = _settings()

    async def work() -> dict[str, Any]:
        runtime = await Runtime.open(settings, warm=False)
        try:
            return (await runtime.ontology.info()).model_dump()
        finally:
            await runtime.close()

    info = _run(work)
    if as_json:
        print(json.dumps(info, indent=2))
        return
    out.print(f"O*NET {info['version'] or '-'}: {info['status']}")
    for count in info["counts"]:
        out.print(f"  {count['label']:<20} {count['count']:>8,}")


def _search(kind: str, text: str, limit: int, as_json: bool) -> None:
    settings = _settings()

    async def work() -> list[dict[str, Any]]:
        runtime = await Runtime.open(settings)
        try:
            if (await runtime.ontology.release()).status != "complete":
                _fail("the O*NET ontology is not loaded; run 'careergraph onet load' first", 1)
            if kind == "skills":
                hits = await runtime.search.skills(text, limit)
                return [h.model_dump(include={"id", "name", "kind", "score"}) for h in hits]
            found = await runtime.search.occupations(text, limit)
            return [h.model_dump(include={"code", "title", "score"}) for h in found]
        finally:
            await runtime.close()

    results = _run(work)
    if as_json:
        print(json.dumps(results))
        return
    table = Table(title=f"{kind} matching {text[:60]!r}")
    for column in results[0] if results else ["result"]:
        table.add_column(column)
    for row in results:
        table.add_row(*(f"{v:.3f}" if isinstance(v, float) else str(v) for v in row.values()))
    out.print(table)


@search_app.command("skills")
def search_skills(text: str, limit: Limit = 10, as_json: JsonFlag = False) -> None:
    """Skills, technologies and tools matching TEXT ('ReactJS', 'k8s', 'MS Excel')."""
    _search("skills", text, limit, as_json)


@search_app.command("occupations")
def search_occupations(text: str, limit: Limit = 10, as_json: JsonFlag = False) -> None:
    """Occupations matching a job title TEXT ('software dev', 'SWE')."""
    _search("occupations", text, limit, as_json)


def _param(raw: str) -> tuple[str, Any]:
    name, sep, value = raw.partition("=")
    if not sep or not name.isidentifier():
        _fail(f"--param {raw!r} must look like NAME=VALUE (VALUE may be JSON)", 2)
    try:
        return name, json.loads(value)
    except json.JSONDecodeError:
        return name, value


@app.command()
def cypher(
    query: str,
    param: Annotated[
        list[str] | None, typer.Option("--param", "-p", help="NAME=VALUE; VALUE may be JSON")
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Run a read-only Cypher query (writes are refused), with a timeout and a row cap."""
    settings = _settings()
    params = dict(_param(p) for p in param or [])

    async def work() -> Any:
        runtime = await Runtime.open(settings, warm=False)
        try:
            return await run_read_only(
                runtime.store,
                query,
                params,
                timeout_ms=settings.cypher_timeout_ms,
                max_rows=settings.cypher_max_rows,
            )
        finally:
            await runtime.close()

    result = _run(work)
    if as_json:
        print(json.dumps(result.rows, default=str))
    else:
        table = Table()
        for column in result.columns:
            table.add_column(column)
        for row in result.rows:
            table.add_row(*(json.dumps(v, default=str) for v in row.values()))
        out.print(table)
    if result.truncated:
        err.print(f"[yellow]rows were cut at {settings.cypher_max_rows}; add a LIMIT[/]")


_FACT_DETAIL = {
    "valid_from", "valid_to", "months", "employer", "field", "institution", "metric",
    "technologies",
}  # fmt: skip


@app.command()
def extract(
    files: Annotated[list[Path], typer.Argument(help="PDF, DOCX, TXT, PNG or JPG files")],
    as_json: JsonFlag = False,
) -> None:
    """Extract facts from documents offline, without the graph: one JSON object per file."""
    from engine import Embedder
    from engine.documents import DocumentRejected, Limits
    from engine.documents.pipeline import DocumentPipeline
    from onet_loader.vocabulary import skill_vocabulary, title_vocabulary

    settings = _settings()
    release = settings.onet_release or bundled_release_path()
    with _reported():
        pipeline = DocumentPipeline.create(
            Embedder(), skill_vocabulary(release), title_vocabulary(release),
            Limits.from_settings(settings),
        )  # fmt: skip
    failed = False
    for path in files:
        result: dict[str, Any] = {"file": str(path)}
        try:
            processed = pipeline.process(_read_capped(path, pipeline.limits.max_file_bytes))
        except DocumentRejected as e:
            failed = True
            result["error"] = {"code": e.code, "message": e.message, "hint": e.hint}
        else:
            kind = processed.classification
            result |= {
                "doc_type": kind.doc_type,
                "doc_type_confidence": kind.confidence,
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


@app.command()
def ingest(
    files: Annotated[list[Path], typer.Argument(help="PDF, DOCX, TXT, PNG or JPG files")],
    person: Annotated[str, typer.Option(help="the person the documents belong to")],
    tenant: Annotated[str, typer.Option(help="the tenant the person is in")] = "local",
    as_json: JsonFlag = False,
) -> None:
    """Store documents' facts, with their evidence, for a person in the graph."""
    from engine.documents import DocumentRejected

    settings = _settings()

    async def work() -> list[dict[str, Any]]:
        runtime = await Runtime.open(settings)
        results: list[dict[str, Any]] = []
        try:
            if (await runtime.ontology.release()).status != "complete":
                _fail("the O*NET ontology is not loaded; run 'careergraph onet load' first", 1)
            pipeline = await runtime.document_pipeline()
            for path in files:
                result: dict[str, Any] = {"file": str(path)}
                try:
                    data = _read_capped(path, pipeline.limits.max_file_bytes)
                    done = await runtime.profiles.ingest(tenant, person, path.name, data, pipeline)
                    result |= done.model_dump()
                except DocumentRejected as e:
                    result["error"] = {"code": e.code, "message": e.message, "hint": e.hint}
                results.append(result)
        finally:
            await runtime.close()
        return results

    results = _run(work)
    for result in results:
        if as_json:
            print(json.dumps(result, ensure_ascii=False))
        elif "error" in result:
            err.print(f"[red]{result['file']}[/]: {result['error']['message']} "
                      f"{result['error']['hint']}")  # fmt: skip
        else:
            out.print(f"{result['file']}: {result['status']}, {result['doc_type']}, "
                      f"{result['facts']} facts (document {result['document_id']})")  # fmt: skip
    if any("error" in r for r in results):
        raise typer.Exit(1)


def _read_capped(path: Path, limit: int) -> bytes:
    """The file's bytes; a missing or oversized file is refused without reading it."""
    from engine.documents import DocumentRejected, Limits, check_size

    if not path.is_file():
        raise DocumentRejected("not_found", f"{path} is not a file.", "Check the path.")
    check_size(path.stat().st_size, Limits(max_file_bytes=limit))
    return path.read_bytes()


@app.command()
def token(
    role: Annotated[Role, typer.Option(help="candidate, recruiter, analyst or admin")],
    tenant: Annotated[str, typer.Option(help="tenant the caller acts in")],
    subject: Annotated[str, typer.Option(help="who the caller is")],
    ttl_minutes: Annotated[int | None, typer.Option(help="lifetime; default from settings")] = None,
) -> None:
    """Mint a bearer token signed with this installation's secret (for local use)."""
    settings = _settings()
    service = TokenService(resolve_secret(settings), settings.jwt_issuer)
    ttl = timedelta(minutes=ttl_minutes or settings.token_ttl_minutes)
    print(service.mint(role, tenant, subject, ttl))


def main() -> None:
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    app()
