"""The FastAPI application: GraphQL at /graphql, plus /health and /metrics."""

import asyncio
import hashlib
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from redis.exceptions import RedisError
from strawberry.fastapi import GraphQLRouter

from engine import Runtime, Settings
from graph_schema import GraphError

from .auth import TokenService, resolve_secret
from .deps import RuntimeDep, get_context
from .documents import router as documents_router
from .graphql import schema
from .metrics import REQUEST_SECONDS, REQUESTS
from .ratelimit import RateLimiter

__all__ = ["create_app"]

_KNOWN_PATHS = {"/graphql", "/health", "/metrics", "/api/v1/documents"}
_MULTIPART_OVERHEAD = 64 * 1024


def create_app(settings: Settings, runtime: Runtime | None = None) -> FastAPI:
    """The app; it opens (and closes) its own Runtime unless one is given."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        own = runtime is None
        app.state.runtime = await Runtime.open(settings) if own else runtime
        app.state.tokens = TokenService(resolve_secret(settings), settings.jwt_issuer)
        app.state.limiter = RateLimiter(app.state.runtime.redis, settings.rate_limit_per_minute)
        app.state.tasks = set()
        app.state.settings = settings
        try:
            yield
        finally:
            if app.state.tasks:  # let uploads being processed finish (their status says so)
                await asyncio.wait(app.state.tasks, timeout=60)
            if own:
                await app.state.runtime.close()

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
    app.middleware("http")(_observe)

    @app.get("/health")
    async def health(runtime: RuntimeDep) -> JSONResponse:
        checks: dict[str, Any] = {}
        healthy = True
        try:
            await runtime.store.ping()
            checks["graph"] = {"status": "ok", "backend": runtime.store.backend}
        except GraphError as e:
            healthy = False
            checks["graph"] = {"status": "unavailable", "error": str(e)}
        try:
            await runtime.redis.ping()
            checks["redis"] = {"status": "ok"}
        except (RedisError, OSError) as e:
            healthy = False
            checks["redis"] = {"status": "unavailable", "error": str(e)}
        if healthy:
            try:
                info = await runtime.ontology.release()
                checks["ontology"] = {"version": info.version, "status": info.status}
            except GraphError as e:
                healthy = False
                checks["ontology"] = {"status": "unreadable", "error": str(e)}
        body = {"status": "ok" if healthy else "unavailable", **checks}
        return JSONResponse(body, status_code=200 if healthy else 503)

    @app.get("/metrics")
    async def metrics() -> Response:
        return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)

    return app


def _refuse_upload(request: Request, path: str) -> JSONResponse | None:
    """Refuse an upload (REST, or a GraphQL multipart request) by its declared size, before
    reading it; one that does not declare its size is refused too, so none is read unbounded."""
    is_upload = path == "/api/v1/documents" or (
        path == "/graphql"
        and request.headers.get("content-type", "").startswith("multipart/form-data")
    )
    if not is_upload or request.method != "POST":
        return None
    declared = request.headers.get("content-length", "")
    limit_mb = request.app.state.settings.max_upload_mb
    if not declared.isdigit():
        return JSONResponse(
            {"detail": {"code": "length_required",
                        "message": "the upload does not say how large it is (no Content-Length).",
                        "hint": "Send the file as a normal multipart form upload, which "
                                "declares its length (chunked uploads are not accepted)."}},
            status_code=411,
        )  # fmt: skip
    if int(declared) > limit_mb * 2**20 + _MULTIPART_OVERHEAD:
        return JSONResponse(
            {"detail": {"code": "too_large", "message": f"the upload is {int(declared) / 2**20:.1f}"
                        f" MB; the limit is {limit_mb} MB per file.",
                        "hint": "Upload a smaller file: export only the pages that matter."}},
            status_code=413,
        )  # fmt: skip
    return None


async def _observe(
    request: Request, call_next: Callable[[Request], Awaitable[Response]]
) -> Response:
    """Rate-limit GraphQL calls per caller, and count and time every request."""
    path = request.url.path if request.url.path in _KNOWN_PATHS else "other"
    refused = _refuse_upload(request, path)
    if refused is not None:
        REQUESTS.labels(request.method, path, str(refused.status_code)).inc()
        return refused
    if path in ("/graphql", "/api/v1/documents"):
        wait = await request.app.state.limiter.retry_after(_caller(request))
        if wait is not None:
            REQUESTS.labels(request.method, path, "429").inc()
            return JSONResponse(
                {"detail": f"too many requests; try again in {wait} s"},
                status_code=429,
                headers={"Retry-After": str(wait)},
            )
    started = time.perf_counter()
    response = await call_next(request)
    REQUEST_SECONDS.labels(request.method, path).observe(time.perf_counter() - started)
    REQUESTS.labels(request.method, path, str(response.status_code)).inc()
    return response


def _caller(request: Request) -> str:
    header = request.headers.get("authorization")
    if header:
        return "token:" + hashlib.sha256(header.encode()).hexdigest()[:24]
    return "ip:" + (request.client.host if request.client else "unknown")
