"""Starting the service while it already answers: the port opens at once, `/health` reports
`starting` with the stage and progress of the O*NET load, and other requests get 503 with
Retry-After until the runtime is ready."""

import asyncio
import gc
import logging
import time
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from engine import Runtime, Settings
from onet_loader import LoadReport, Progress, Release, bundled_release_path, load_release

__all__ = ["Phase", "Startup", "ensure_ontology"]

log = logging.getLogger(__name__)


class Phase(StrEnum):
    STARTING = "starting"
    READY = "ready"
    FAILED = "failed"


@dataclass
class Startup:
    """Where start-up is; also an onet_loader.Progress, so the load reports into it."""

    phase: Phase = Phase.STARTING
    step: str = "opening the stores and the embedding model"
    done: int = 0
    total: int = 0
    error: str | None = None
    started: float = field(default_factory=time.monotonic)
    runtime: Runtime | None = None
    echo: Progress | None = None
    """Where progress is shown as well (the CLI's progress bar)."""

    def stage(self, description: str, total: int) -> None:
        self.step, self.done, self.total = description, 0, total
        if self.echo is not None:
            self.echo.stage(description, total)

    def advance(self, amount: int) -> None:
        self.done += amount
        if self.echo is not None:
            self.echo.advance(amount)

    def report(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "status": self.phase.value,
            "stage": self.step,
            "elapsed_s": round(time.monotonic() - self.started, 1),
        }
        if self.total:
            body["progress"] = {"done": self.done, "total": self.total,
                                "fraction": round(self.done / self.total, 3)}  # fmt: skip
        if self.error:
            body["error"] = self.error
        return body

    async def run(self, settings: Settings) -> Runtime:
        """Open the runtime and load O*NET if this release is not loaded yet."""
        try:
            runtime = await Runtime.open(settings)
            try:
                await ensure_ontology(runtime, self)
            except BaseException:
                await runtime.close()
                raise
        except Exception as e:
            self.phase, self.error = Phase.FAILED, str(e)
            log.error("Careergraph could not start: %s", e)
            raise
        self.runtime, self.phase, self.step = runtime, Phase.READY, "ready"
        # What start-up loaded (the models, the ontology) lives as long as the process: out of
        # the collector's way, a full collection does not walk half a million objects each
        # time (a pause of about 0.3 s in the middle of a request).
        gc.freeze()
        if settings.analytics_warm:
            runtime.analytics.warm()
        return runtime


def _checksum(path: Path) -> str:
    release = Release(path)
    try:
        return release.checksum()
    finally:
        release.close()


async def ensure_ontology(runtime: Runtime, progress: Progress) -> LoadReport | None:
    """Load the configured release (default: the bundled one) unless it is already loaded."""
    release = runtime.settings.onet_release or bundled_release_path()
    info = await runtime.ontology.release()
    checksum = await asyncio.to_thread(_checksum, release)
    if info.status == "complete" and info.checksum == checksum:
        return None
    log.warning("Loading the O*NET ontology from %s (a minute or two) ...", release.name)
    return await load_release(runtime.store, release, runtime.embedder.embed, progress=progress)
