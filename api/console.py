"""What every CLI command shares: the consoles (progress and messages on stderr, results on
stdout), the settings, and turning the errors a user can act on into a message and an exit
code."""

import asyncio
import contextlib
from collections.abc import Callable, Coroutine, Iterator
from typing import Annotated, Any, NoReturn

import typer
from pydantic import ValidationError
from rich.console import Console

from engine import EngineError, Settings
from graph_schema import GraphError, WriteRefused
from onet_loader import OnetError

__all__ = ["JsonFlag", "Limit", "err", "fail", "load_settings", "out", "reported", "run"]

err = Console(stderr=True, soft_wrap=True)
out = Console()

JsonFlag = Annotated[bool, typer.Option("--json", help="print JSON only")]
Limit = Annotated[int, typer.Option("--limit", "-n", min=1, max=50, help="how many results")]


def load_settings() -> Settings:
    try:
        return Settings()
    except ValidationError as e:
        fail(f"invalid configuration: {e}", 2)


def fail(message: str, code: int = 1) -> NoReturn:
    err.print(f"[bold red]error:[/] {message}", highlight=False)
    raise typer.Exit(code)


@contextlib.contextmanager
def reported() -> Iterator[None]:
    """Turn the errors a user can act on into a message and an exit code."""
    try:
        yield
    except OnetError as e:
        fail(f"{e}. Nothing was written to the graph.", 2)
    except WriteRefused as e:
        fail(str(e), 3)
    except (GraphError, EngineError) as e:
        fail(str(e), 1)


def run[T](work: Callable[[], Coroutine[Any, Any, T]]) -> T:
    with reported():
        return asyncio.run(work())
