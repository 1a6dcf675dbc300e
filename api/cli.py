"""The `careergraph` command line.

Progress and messages go to stderr; with --json, stdout carries only the JSON result.
"""

import contextlib
import json
import logging
import sys
from datetime import timedelta
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from engine import Runtime, run_read_only
from onet_loader import LoadReport, bundled_release_path, load_release

from .auth import Role, TokenService, resolve_secret
from .cli_documents import extract, ingest
from .cli_interview import interview
from .cli_match import match_app
from .cli_person import analytics_app, person_app
from .console import JsonFlag, Limit, err, fail, load_settings, out, run

__all__ = ["app", "main"]

app = typer.Typer(help="Careergraph: a knowledge graph of careers on the O*NET ontology.")
onet_app = typer.Typer(help="Load and inspect the O*NET ontology.")
search_app = typer.Typer(help="Search the ontology the way people write.")
app.add_typer(onet_app, name="onet")
app.add_typer(search_app, name="search")
app.add_typer(person_app, name="person")
app.add_typer(analytics_app, name="analytics")
app.add_typer(match_app, name="match")


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

    settings = load_settings()
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
    settings = load_settings()

    async def work() -> LoadReport:
        runtime = await Runtime.open(settings)
        try:
            return await _ensure_ontology(runtime, path, force)
        finally:
            await runtime.close()

    report = run(work)
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
    settings = load_settings()

    async def work() -> dict[str, Any]:
        runtime = await Runtime.open(settings, warm=False)
        try:
            return (await runtime.ontology.info()).model_dump()
        finally:
            await runtime.close()

    info = run(work)
    if as_json:
        print(json.dumps(info, indent=2))
        return
    out.print(f"O*NET {info['version'] or '-'}: {info['status']}")
    for count in info["counts"]:
        out.print(f"  {count['label']:<20} {count['count']:>8,}")


def _search(kind: str, text: str, limit: int, as_json: bool) -> None:
    settings = load_settings()

    async def work() -> list[dict[str, Any]]:
        runtime = await Runtime.open(settings)
        try:
            if (await runtime.ontology.release()).status != "complete":
                fail("the O*NET ontology is not loaded; run 'careergraph onet load' first", 1)
            if kind == "skills":
                hits = await runtime.search.skills(text, limit)
                return [h.model_dump(include={"id", "name", "kind", "score"}) for h in hits]
            found = await runtime.search.occupations(text, limit)
            return [h.model_dump(include={"code", "title", "score"}) for h in found]
        finally:
            await runtime.close()

    results = run(work)
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
        fail(f"--param {raw!r} must look like NAME=VALUE (VALUE may be JSON)", 2)
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
    settings = load_settings()
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

    result = run(work)
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


@app.command()
def token(
    role: Annotated[Role, typer.Option(help="candidate, recruiter, analyst, admin or operator")],
    tenant: Annotated[str, typer.Option(help="tenant the caller acts in")],
    subject: Annotated[str, typer.Option(help="who the caller is")],
    ttl_minutes: Annotated[int | None, typer.Option(help="lifetime; default from settings")] = None,
    pair: Annotated[
        bool, typer.Option("--pair", help="print JSON with an access and a refresh token")
    ] = False,
) -> None:
    """Mint a bearer token signed with this installation's secret (for local use). With
    --pair, also a refresh token (kept in Redis, so the stores are opened)."""
    settings = load_settings()
    service = TokenService(resolve_secret(settings), settings.jwt_issuer)
    ttl = timedelta(minutes=ttl_minutes or settings.token_ttl_minutes)
    if not pair:
        print(service.mint(role, tenant, subject, ttl))
        return

    async def work() -> str:
        runtime = await Runtime.open(settings, warm=False)
        try:
            made = await service.pair(
                role, tenant, subject, ttl, timedelta(days=settings.refresh_ttl_days),
                runtime.revocations,
            )  # fmt: skip
            return made.model_dump_json()
        finally:
            await runtime.close()

    print(run(work))


app.command()(extract)
app.command()(ingest)
app.command()(interview)


def main() -> None:
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    app()
