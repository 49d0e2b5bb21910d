"""The FastAPI application: pages, the JSON API under ``/api``, and the app's static files."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from starlette.exceptions import HTTPException as StarletteHTTPException

from newstrace import __version__
from newstrace.api import Corpus
from newstrace.web.security import BodyLimit, HostAndOrigin, SecurityHeaders, TimeLimit, WorkLimit
from newstrace.web.views import anchor_id, doc_href, safe_url

__all__ = [
    "COSTLY_ROUTES",
    "DEFAULT_MAX_BODY",
    "DEFAULT_REQUEST_TIMEOUT",
    "LOOPBACK_HOSTS",
    "MAX_OFFSET",
    "WebConfig",
    "create_app",
    "has_feature",
]

HERE = Path(__file__).resolve().parent
DEFAULT_MAX_BODY = 5 * 1024 * 1024
# benchmarks/server_bounds.py: every search and comparison of a body-sized input takes a
# few seconds but one (5 MB of text that reuses the store throughout: 33 to 72 s under
# load); see docs/reliability.md, "Server bounds".
DEFAULT_REQUEST_TIMEOUT = 60.0
LOOPBACK_HOSTS = ("localhost", "127.0.0.1", "::1")
# Requests whose work grows with their input (searches, alignments): limited in number.
COSTLY_ROUTES = (
    ("POST", "/search"),
    ("POST", "/api/search"),
    ("POST", "/api/search/file"),
    ("GET", "/compare"),
    ("GET", "/api/compare"),
)
# Largest ``offset`` of a document listing: beyond any store, and far inside what
# ``itertools.islice`` accepts (a larger one was a 500, found by schemathesis).
MAX_OFFSET = 2**40


@dataclass(frozen=True, slots=True)
class WebConfig:
    """How the app reaches its store and what it accepts.

    Attributes:
        corpus_factory: opens a :class:`Corpus` (one per request, closed after it; SQLite
            connections stay on the thread that made them).
        max_body_bytes: request and upload size limit (``413`` above it).
        hosts: accepted ``Host`` names, or ``None`` for any (when bound to all interfaces).
        max_search_docs: documents of one upload that are traced (a JSONL file may hold more).
        request_timeout: seconds a request may take before it is answered ``503``
            (``None``: no limit).
        max_costly: searches and comparisons that may run at once (``503`` beyond).
    """

    corpus_factory: Callable[[], Corpus]
    max_body_bytes: int = DEFAULT_MAX_BODY
    hosts: tuple[str, ...] | None = None
    max_search_docs: int = 20
    request_timeout: float | None = DEFAULT_REQUEST_TIMEOUT
    max_costly: int = 2

    def __post_init__(self) -> None:
        if self.max_body_bytes < 1024:
            raise ValueError("WebConfig.max_body_bytes must be at least 1024 bytes")
        if self.request_timeout is not None and not self.request_timeout > 0:
            raise ValueError("WebConfig.request_timeout must be a positive number of seconds, or None")
        if self.max_costly < 1:
            raise ValueError("WebConfig.max_costly must be at least 1")


def has_feature(corpus: Corpus, name: str) -> bool:
    """Whether this build's :class:`Corpus` offers ``name`` (stories, outlets, origins)."""
    return callable(getattr(corpus, name, None))


class Templates:
    """Jinja2 over the package's templates, autoescaping every template."""

    def __init__(self) -> None:
        self.env = Environment(
            loader=FileSystemLoader(HERE / "templates"),
            autoescape=True,
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.env.globals.update(
            doc_href=doc_href, anchor_id=anchor_id, safe_url=safe_url, version=__version__
        )
        self.env.filters["pct"] = lambda x: f"{100 * float(x):.0f}%"

    def render(self, template: str, status: int = 200, **context: Any) -> HTMLResponse:
        """A page from a template."""
        return HTMLResponse(self.env.get_template(template).render(**context), status_code=status)


def create_app(
    db: str | Path | None = None,
    *,
    config: WebConfig | None = None,
) -> FastAPI:
    """The web app over one store (``db``), or over what ``config.corpus_factory`` opens.

    Example:
        >>> app = create_app("news.db")                                 # doctest: +SKIP
        >>> import uvicorn; uvicorn.run(app, host="127.0.0.1", port=8000)  # doctest: +SKIP
    """
    if config is None:
        if db is None:
            raise ValueError("create_app needs a store path or a WebConfig")
        path = str(db)
        config = WebConfig(corpus_factory=lambda: Corpus(path))
    app = FastAPI(
        title="newstrace",
        version=__version__,
        description="Where did this article come from? The provenance of news, as JSON.",
        docs_url=None,  # Swagger UI loads script from a CDN and runs inline script
        redoc_url=None,
        openapi_url="/api/openapi.json",
    )
    app.state.config = config
    app.state.templates = Templates()
    app.mount("/static", StaticFiles(directory=HERE / "static", follow_symlink=False), name="static")

    from newstrace.web import imagepages, jsonapi, pages

    app.include_router(pages.router)
    app.include_router(imagepages.router)
    app.include_router(jsonapi.router)
    _add_error_pages(app)
    app.add_middleware(HostAndOrigin, hosts=config.hosts)
    app.add_middleware(WorkLimit, slots=config.max_costly, routes=COSTLY_ROUTES)
    app.add_middleware(BodyLimit, max_bytes=config.max_body_bytes)
    app.add_middleware(TimeLimit, seconds=config.request_timeout)
    app.add_middleware(SecurityHeaders)
    return app


@contextmanager
def open_corpus(request: Request) -> Iterator[Corpus]:
    """The store for one request, closed afterwards."""
    corpus = request.app.state.config.corpus_factory()
    try:
        yield corpus
    finally:
        corpus.close()


def templates(request: Request) -> Templates:
    """The app's templates."""
    result: Templates = request.app.state.templates
    return result


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api")


def _add_error_pages(app: FastAPI) -> None:
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if _wants_json(request):
            return JSONResponse({"detail": exc.detail}, status_code=exc.status_code)
        return templates(request).render(
            "error.html", status=exc.status_code, status_code=exc.status_code, message=str(exc.detail)
        )

    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        if _wants_json(request):
            return JSONResponse({"detail": _jsonable_errors(exc.errors())}, status_code=422)
        message = "; ".join(f"{'.'.join(map(str, e.get('loc', ())))}: {e.get('msg')}" for e in exc.errors())
        return templates(request).render("error.html", status=422, status_code=422, message=message)

    app.add_exception_handler(StarletteHTTPException, http_error)  # type: ignore[arg-type]
    app.add_exception_handler(RequestValidationError, validation_error)  # type: ignore[arg-type]


def _jsonable_errors(errors: Iterable[Any]) -> list[dict[str, Any]]:
    return [
        {"loc": list(e.get("loc", ())), "msg": str(e.get("msg")), "type": str(e.get("type"))} for e in errors
    ]
