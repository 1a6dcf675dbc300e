"""`careergraph interview`: the same interview as GraphQL's, in a terminal. Questions go to
the screen (rich), answers are read a line at a time from the keyboard or a pipe, so a script
can answer too; `--json` prints each reply as one JSON line."""

import signal
import sys
from typing import Annotated

import typer
from rich.markup import escape

import conversation
from engine import EngineError, Runtime
from engine.people import Scope

from .console import JsonFlag, err, fail, load_settings, out, run

__all__ = ["interview"]


def interview(
    person: Annotated[str, typer.Option(help="the person interviewed")],
    goal: Annotated[
        str | None, typer.Option(help="an O*NET-SOC code, a job title or a job id")
    ] = None,
    session: Annotated[
        str | None, typer.Option(help="carry on with this interview instead of starting one")
    ] = None,
    tenant: Annotated[str, typer.Option(help="the tenant")] = "local",
    limit: Annotated[int, typer.Option(min=1, max=100, help="questions at most")] = 15,
    as_json: JsonFlag = False,
) -> None:
    """Interview a person about what their profile lacks for a goal (type 'stop' to end;
    Ctrl-C leaves it open, to carry on later with --session)."""
    if (goal is None) == (session is None):
        fail("give a --goal to start an interview, or a --session to carry one on", 2)

    async def work() -> None:
        runtime = await Runtime.open(load_settings())
        try:
            scope = Scope(tenant, person)
            if not await runtime.people.exists(scope):
                fail(f"no person {person!r} in tenant {tenant!r}; ingest a document first", 1)
            agent = conversation.interviewer(runtime)
            if session is not None:
                if await agent.owner(tenant, session) != person:
                    fail(f"no interview {session!r} of {person!r} in tenant {tenant!r}", 1)
                reply = await agent.resume(tenant, session)
            else:
                assert goal is not None
                reply = await agent.start(scope, goal, limit)
            if not as_json:
                err.print(f"[dim]interview {reply.session_id}[/]", highlight=False)
            ctrl_c = _CtrlC()
            signal.signal(signal.SIGINT, ctrl_c)
            while True:
                _show(reply, as_json)
                if reply.status is conversation.SessionStatus.ENDED:
                    return
                if not as_json:
                    err.print("[dim]> [/]", end="")
                try:
                    line = ctrl_c.read()
                except KeyboardInterrupt:  # left open: the session keeps its question
                    err.print(f"\nLeft open: carry on with --session {reply.session_id}")
                    return
                if not line:  # the input ended: so does the interview
                    reply = await agent.end(tenant, reply.session_id)
                    continue
                try:
                    reply = await agent.answer(tenant, reply.session_id, line.rstrip("\n"))
                except EngineError as e:
                    err.print(f"[yellow]{e.message}[/] {e.hint or ''}", highlight=False)
        finally:
            await runtime.close()

    run(work)


class _CtrlC:
    """SIGINT while waiting for a line stops the read at once; while an answer is being
    taken in (or a reply shown) it is held until that is done and the next read, so a Ctrl-C
    never cuts a turn in half or escapes as a traceback."""

    def __init__(self) -> None:
        self.pressed = False
        self.reading = False

    def __call__(self, signum: int, frame: object) -> None:
        self.pressed = True
        if self.reading:
            raise KeyboardInterrupt

    def read(self) -> str:
        self.reading = True
        try:
            if self.pressed:
                raise KeyboardInterrupt
            return sys.stdin.readline()
        finally:
            self.reading = False


def _show(reply: conversation.Reply, as_json: bool) -> None:
    if as_json:
        print(reply.model_dump_json(), flush=True)
        return
    for fact in reply.learned:
        out.print(f"  [green]learned[/] {escape(fact.detail)}", highlight=False)
    if reply.question is not None:
        choices = (
            f" [dim]({escape(', '.join(reply.question.choices))})[/]"
            if reply.question.choices
            else ""
        )
        out.print(f"[bold]{escape(reply.message)}[/]{choices}", highlight=False)
    else:
        out.print(f"[bold]{escape(reply.summary or reply.message)}[/]", highlight=False)
    progress = reply.progress
    out.print(f"[dim]{progress.questions}/{progress.limit} questions, {progress.gaps_closed} "
              f"gaps closed, {progress.gaps_open} open[/]", highlight=False)  # fmt: skip
