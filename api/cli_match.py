"""`careergraph match jobs|candidates`: rankings for people and for scripted evaluation."""

import json
from typing import Annotated, Any

import typer

from engine import InvalidInput, NotFound, Runtime
from engine.matching import MAX_FIRST, MatchPage
from engine.people import Scope

from .console import JsonFlag, fail, load_settings, out, run

__all__ = ["match_app"]

match_app = typer.Typer(help="Rank jobs for a person, or people for a job, with explanations.")
Tenant = Annotated[str, typer.Option(help="the tenant")]
First = Annotated[int, typer.Option(help=f"how many (1-{MAX_FIRST})")]


@match_app.command("jobs")
def jobs(
    person: Annotated[str, typer.Option(help="the person to rank jobs for")],
    tenant: Tenant = "local",
    first: First = 10,
    as_json: JsonFlag = False,
) -> None:
    """The tenant's jobs ranked for a person (the person's own view: private facts count)."""
    page = run(lambda: _ranked(lambda r: r.matcher.match_jobs(
        Scope(tenant, person), first, private=True)))  # fmt: skip
    _show(page, "job_id", as_json)


@match_app.command("candidates")
def candidates(
    job: Annotated[str, typer.Option(help="the job to rank people for")],
    tenant: Tenant = "local",
    first: First = 10,
    as_json: JsonFlag = False,
) -> None:
    """The tenant's people ranked for a job (a recruiter's view: private facts never count)."""
    page = run(lambda: _ranked(lambda r: r.matcher.match_candidates(tenant, job, first)))
    _show(page, "person_id", as_json)


async def _ranked(ask: Any) -> MatchPage:
    runtime = await Runtime.open(load_settings())
    try:
        page: MatchPage = await ask(runtime)
        return page
    except (InvalidInput, NotFound) as e:
        fail(f"{e.message} {e.hint or ''}".strip(), 1)
    finally:
        await runtime.close()


def _show(page: MatchPage, key: str, as_json: bool) -> None:
    for match in page.items:
        row = {
            "id": getattr(match, key),
            "score": match.score,
            "percentile": match.percentile,
            "categories": {c.name.value: {"weight": c.weight, "score": c.score,
                                          "had_data": c.had_data} for c in match.categories},
            "gaps": [g.name for g in match.gaps],
        }  # fmt: skip
        if as_json:
            print(json.dumps(row, ensure_ascii=False))
        else:
            out.print(f"[bold]{row['id']}[/]  {match.score:5.1f}  {match.explanation}")
    if page.note and not as_json:
        out.print(f"[yellow]{page.note}[/]")
