"""The FastAPI application: GraphQL at /graphql, REST upload, /health and /metrics.

The port opens before the runtime is ready (see `lifecycle`); `_observe` answers for the whole
app: body sizes, 503 while starting or while the store restarts, per-principal rate limits.
"""

import asyncio
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from redis.exceptions import RedisError
from strawberry.fastapi import GraphQLRouter

from conversation import interviewer
from engine import InvalidInput, Runtime, Settings
from graph_schema import GraphError, GraphUnavailable
from onet_loader import Progress

from .auth import AuthError, TokenService, resolve_secret
from .deps import authenticate, get_context
from .documents import router as documents_router
from .graphql import schema
from .lifecycle import Phase, Startup
from .metrics import REQUEST_SECONDS, REQUESTS
from .ratelimit import Budget, RateLimited, RateLimiter, caller_key
from .tokens import router as tokens_router

__all__ = ["create_app"]

log = logging.getLogger(__name__)
_KNOWN_PATHS = {
    "/graphql", "/health", "/metrics", "/api/v1/documents", "/api/v1/tokens/refresh",
    "/api/v1/tokens/revoke",
}  # fmt: skip
_SERVED = _KNOWN_PATHS - {"/health", "/metrics"}
_MULTIPART_OVERHEAD = 64 * 1024
_HEALTH_TIMEOUT_S = 2.0


def create_app(
    settings: Settings,
    runtime: Runtime | None = None,
    *,
    progress: Progress | None = None,
    on_started: Callable[[Startup], None] | None = None,
) -> FastAPI:
    """The app. Given no runtime it opens its own in the background (loading O*NET on first
    start, reported to `progress`), answering 503 `starting` meanwhile, and closes it."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        startup = Startup(echo=progress, runtime=runtime)
        app.state.startup = startup
        app.state.settings = settings
        app.state.tokens = TokenService(resolve_secret(settings), settings.jwt_issuer)
        app.state.tasks = set()
        starting: asyncio.Task[Runtime] | None = None
        if runtime is not None:
            startup.phase = Phase.READY
            _ready(app, runtime)
        else:
            starting = asyncio.create_task(startup.run(settings))
            starting.add_done_callback(lambda task: _started(app, task, on_started))
        try:
            yield
        finally:
            if app.state.tasks:  # let uploads being processed finish (their status says so)
                await asyncio.wait(app.state.tasks, timeout=60)
            if starting is not None:
                if not starting.done():
                    starting.cancel()
                    await asyncio.gather(starting, return_exceptions=True)
                if startup.runtime is not None:
                    await startup.runtime.close()

    app = FastAPI(
        title="Careergraph",
        description="Knowledge-graph personalization engine for careers. "
        "Includes O*NET data (USDOL/ETA), CC BY 4.0.",
        lifespan=lifespan,
    )
    app.include_router(
        GraphQLRouter(schema, context_getter=get_context, multipart_uploads_enabled=True),
        prefix="/graphql",
    )
    app.include_router(documents_router)
    app.include_router(tokens_router)
    app.middleware("http")(_observe)
    app.add_exception_handler(GraphUnavailable, _unavailable)  # type: ignore[arg-type]
    app.add_exception_handler(InvalidInput, _invalid)  # type: ignore[arg-type]
    app.add_exception_handler(RateLimited, _limited)  # type: ignore[arg-type]

    @app.get("/health")
    async def health(request: Request) -> JSONResponse:
        startup: Startup = request.app.state.startup
        if startup.phase is not Phase.READY or startup.runtime is None:
            return JSONResponse(startup.report(), status_code=503, headers={"Retry-After": "5"})
        body, status = await _checks(startup.runtime)
        headers = {"Retry-After": "5"} if status != 200 else None
        return JSONResponse(body, status_code=status, headers=headers)

    @app.get("/metrics")
    async def metrics() -> Response:
        return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)

    return app


def _ready(app: FastAPI, runtime: Runtime) -> None:
    settings: Settings = app.state.settings
    app.state.runtime = runtime
    app.state.interviewer = interviewer(runtime)
    app.state.limiter = RateLimiter(
        runtime.redis, settings.rate_limit_per_minute, settings.expensive_per_minute
    )


def _started(
    app: FastAPI, task: "asyncio.Task[Runtime]", on_started: Callable[[Startup], None] | None
) -> None:
    if not task.cancelled() and task.exception() is None:
        _ready(app, task.result())
    if on_started is not None:
        on_started(app.state.startup)


async def _checks(runtime: Runtime) -> tuple[dict[str, Any], int]:
    """Each store answers within a short time, or is reported as it is: a store that is
    restarting makes the service `degraded`, one that does not answer `unavailable`."""
    checks: dict[str, Any] = {}
    status = "ok"
    down = runtime.store.unavailable()
    supervisor = getattr(runtime.store, "supervisor", None)
    restarts = supervisor.status.restarts if supervisor is not None else 0
    if down is not None:
        status = "degraded"
        checks["graph"] = {"status": "restarting", "error": str(down), "restarts": restarts}
    else:
        try:
            await asyncio.wait_for(runtime.store.ping(), _HEALTH_TIMEOUT_S)
            checks["graph"] = {"status": "ok", "backend": runtime.store.backend,
                               "restarts": restarts}  # fmt: skip
        except (GraphError, TimeoutError) as e:
            status = "unavailable"
            checks["graph"] = {"status": "unavailable", "error": str(e) or "no answer in time"}
    try:
        await asyncio.wait_for(runtime.redis.ping(), _HEALTH_TIMEOUT_S)
        checks["redis"] = {"status": "ok"}
    except (RedisError, OSError, TimeoutError) as e:
        status = "degraded" if status == "degraded" else "unavailable"
        checks["redis"] = {"status": "unavailable", "error": str(e) or "no answer in time"}
    if status == "ok":
        try:
            info = await asyncio.wait_for(runtime.ontology.release(), _HEALTH_TIMEOUT_S)
            checks["ontology"] = {"version": info.version, "status": info.status}
        except (GraphError, TimeoutError) as e:
            status = "degraded"
            checks["ontology"] = {"status": "unreadable", "error": str(e) or "no answer in time"}
    checks["analytics"] = runtime.analytics.describe()  # analysts' copy; never fails health
    return {"status": status, **checks}, 200 if status == "ok" else 503


async def _unavailable(request: Request, error: GraphUnavailable) -> JSONResponse:
    detail = {"code": "unavailable", "message": str(error), "hint": "Try again shortly."}
    return JSONResponse({"detail": detail}, 503, {"Retry-After": str(error.retry_after)})


async def _invalid(request: Request, error: InvalidInput) -> JSONResponse:
    detail = {"code": "bad_input", "message": error.message, "hint": error.hint}
    return JSONResponse({"detail": detail}, 422)


async def _limited(request: Request, error: RateLimited) -> JSONResponse:
    detail = {"code": "rate_limited", "message": str(error), "hint": "Slow down."}
    return JSONResponse({"detail": detail}, 429, {"Retry-After": str(error.retry_after)})


def _refuse_body(request: Request, path: str) -> JSONResponse | None:
    """Refuse a body by its declared size before reading it (an upload up to the file limit,
    anything else up to max_request_kb); a POST that does not declare its size is refused
    too, so none is read unbounded."""
    if request.method != "POST" or path not in _SERVED:
        return None
    settings: Settings = request.app.state.settings
    is_upload = path == "/api/v1/documents" or request.headers.get("content-type", "").startswith(
        "multipart/form-data"
    )
    limit = (
        settings.max_upload_mb * 2**20 + _MULTIPART_OVERHEAD
        if is_upload
        else settings.max_request_kb * 1024
    )
    declared = request.headers.get("content-length", "")
    if not declared.isdigit():
        return JSONResponse(
            {"detail": {"code": "length_required",
                        "message": "the request does not say how large it is (no Content-Length).",
                        "hint": "Send it with a Content-Length (chunked bodies are not "
                                "accepted); a file as a normal multipart form upload."}},
            status_code=411,
        )  # fmt: skip
    if int(declared) > limit:
        what = (
            f"the limit is {settings.max_upload_mb} MB per file"
            if is_upload
            else f"the limit is {settings.max_request_kb:,} KB for a request"
        )
        return JSONResponse(
            {"detail": {"code": "too_large",
                        "message": f"the request is {int(declared) / 2**20:.1f} MB; {what}.",
                        "hint": "Upload a smaller file: export only the pages that matter."
                        if is_upload else "Send a smaller query; pass values as variables."}},
            status_code=413,
        )  # fmt: skip
    return None


def _not_ready(request: Request) -> JSONResponse | None:
    startup: Startup = request.app.state.startup
    if startup.phase is not Phase.READY:
        return JSONResponse(
            {"detail": {"code": startup.phase.value,
                        "message": f"Careergraph is {startup.phase.value}: {startup.step}.",
                        "hint": "Try again shortly; /health shows the progress."}},
            status_code=503, headers={"Retry-After": "5"},
        )  # fmt: skip
    runtime: Runtime = request.app.state.runtime
    down = runtime.store.unavailable()
    if down is not None:
        return JSONResponse(
            {"detail": {"code": "unavailable", "message": str(down), "hint": "Try again shortly."}},
            status_code=503, headers={"Retry-After": str(down.retry_after)},
        )  # fmt: skip
    return None


async def _spend(request: Request) -> JSONResponse | None:
    """One request from the caller's budget: the principal of a verified token, else the
    address (a bad token is refused later, but still counted here). The token is checked
    here once for the whole request."""
    principal = None
    try:
        principal = await authenticate(request, request.app.state.tokens, request.app.state.runtime)
        request.state.auth = principal or False
    except AuthError as e:
        request.state.auth = e
    address = request.client.host if request.client else None
    try:
        await request.app.state.limiter.spend(caller_key(principal, address), Budget.REQUESTS)
    except RateLimited as e:
        return await _limited(request, e)
    return None


async def _observe(
    request: Request, call_next: Callable[[Request], Awaitable[Response]]
) -> Response:
    """Refuse what must not be read or run, count and time every request."""
    path = request.url.path if request.url.path in _KNOWN_PATHS else "other"
    refused = _refuse_body(request, path)
    if refused is None and path in _SERVED:
        refused = _not_ready(request) or await _spend(request)
    if refused is not None:
        REQUESTS.labels(request.method, path, str(refused.status_code)).inc()
        return refused
    started = time.perf_counter()
    response = await call_next(request)
    REQUEST_SECONDS.labels(request.method, path).observe(time.perf_counter() - started)
    REQUESTS.labels(request.method, path, str(response.status_code)).inc()
    return response
