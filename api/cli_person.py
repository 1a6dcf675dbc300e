"""`careergraph person export|delete` and `careergraph analytics refresh`: a person's rights
and a tenant's analytics graph, from the command line (operators with the data directory)."""

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from engine import Runtime
from engine.people import Scope

from .console import err, load_settings, out, run

__all__ = ["analytics_app", "person_app"]

person_app = typer.Typer(help="A person's data: a copy of all of it, or deleting it.")
analytics_app = typer.Typer(help="The per-tenant graphs analysts query.")
Tenant = Annotated[str, typer.Option("--tenant", help="the tenant the person belongs to")]


@person_app.command("export")
def export(
    person: str,
    tenant: Tenant,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="write here instead of stdout")
    ] = None,
) -> None:
    """Everything held about PERSON as one JSON document (docs/export.md)."""
    settings = load_settings()

    async def work() -> dict[str, Any]:
        runtime = await Runtime.open(settings, warm=False)
        try:
            return await runtime.privacy.export(Scope(tenant, person))
        finally:
            await runtime.close()

    text = json.dumps(run(work), ensure_ascii=False, indent=2, default=str)
    if output is None:
        print(text)
    else:
        output.write_text(text)
        err.print(f"wrote {output}")


@person_app.command("delete")
def delete(
    person: str,
    tenant: Tenant,
    yes: Annotated[bool, typer.Option("--yes", help="do not ask for confirmation")] = False,
) -> None:
    """Delete PERSON and everything held about them; a deletion record is all that remains."""
    if not yes:
        typer.confirm(f"Delete {person!r} of tenant {tenant!r} and all their data?", abort=True)
    settings = load_settings()

    async def work() -> dict[str, Any]:
        runtime = await Runtime.open(settings, warm=False)
        try:
            return await runtime.privacy.delete_person(Scope(tenant, person), "operator (CLI)")
        finally:
            await runtime.close()

    record = run(work)
    out.print(f"deleted; deletion record {record['id']} ({json.dumps(record['counts'])})")


@analytics_app.command("refresh")
def refresh(tenant: Tenant) -> None:
    """Make TENANT's analytics graph from the live graph now, and report what it holds. A
    running server remakes its copy before the tenant's next query."""
    settings = load_settings()

    async def work() -> tuple[str, list[dict[str, Any]]]:
        runtime = await Runtime.open(settings, warm=False)
        try:
            await runtime.analytics.request_refresh(tenant)
            taken = await runtime.analytics.refresh(tenant)
            result = await runtime.analytics.run(
                "MATCH (p:Person) RETURN count(p) AS people", None, tenant
            )
            return (taken.isoformat() if taken else "now"), result.rows
        finally:
            await runtime.close()

    taken, rows = run(work)
    out.print(f"tenant {tenant!r}: analytics graph made from the live graph as of {taken}; "
              f"{rows[0]['people']} people")  # fmt: skip
