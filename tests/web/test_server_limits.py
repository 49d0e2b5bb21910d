"""Server limits: request time limit, body size limit on every route, path traversal.

The traversal and slow-body tests talk raw HTTP to a real uvicorn server on loopback, so
the request line reaches the app exactly as an attacker would send it (no client-side
normalisation of ``..`` or percent escapes).
"""

from __future__ import annotations

import re
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.routing import APIRoute
from starlette.routing import Mount, Route

import newstrace
from newstrace.web import WebConfig, create_app
from newstrace.web.security import CSP
from newstrace.web.server import serve_in_thread
from tests.web.conftest import client_for


def _raw(
    url: str, request: bytes, *, pause_after: int | None = None, timeout: float = 60
) -> tuple[int, bytes]:
    """Send ``request`` as is to the server at ``url``; (status, body) of its answer.

    With ``pause_after``, only that many bytes are sent, then the answer is awaited.
    """
    port = int(url.rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        s.sendall(request if pause_after is None else request[:pause_after])
        data = b""
        while chunk := s.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    return int(head.split(b" ", 2)[1]), body


def _get(path: str) -> bytes:
    return f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode("latin-1")


@pytest.fixture(scope="module")
def live(seeds_db: Path) -> Iterator[str]:
    config = WebConfig(
        corpus_factory=lambda: newstrace.open(seeds_db), hosts=("localhost", "127.0.0.1"), request_timeout=2.0
    )
    with serve_in_thread(create_app(config=config)) as url:
        yield url


# -- time limit ------------------------------------------------------------------------------
class SlowStore:
    """Opens the store after ``delay`` seconds for the first ``slow`` requests (a stuck disk)."""

    def __init__(self, db: Path, delay: float, slow: int) -> None:
        self.db, self.delay, self.slow = db, delay, slow
        self.finished = threading.Event()
        self._lock = threading.Lock()

    def __call__(self) -> newstrace.Corpus:
        with self._lock:
            self.slow -= 1
            slow = self.slow >= 0
        if slow:
            time.sleep(self.delay)
            self.finished.set()
        return newstrace.open(self.db)


def test_a_request_over_the_time_limit_is_a_503_saying_the_limit(seeds_db: Path) -> None:
    store = SlowStore(seeds_db, delay=3.0, slow=2)
    c = client_for(seeds_db, request_timeout=0.5)
    c.app.state.config = WebConfig(corpus_factory=store, request_timeout=0.5)
    api = c.get("/api/counts")
    assert api.status_code == 503 and api.headers["content-type"] == "application/json"
    assert "limit of 0.5 s" in api.json()["detail"] and "--request-timeout" in api.json()["detail"]
    assert api.headers["content-security-policy"] == CSP
    page = c.get("/")
    assert page.status_code == 503 and "limit of 0.5 s" in page.text
    # the abandoned work ends on its own; the server goes on answering
    assert store.finished.wait(30)
    assert c.get("/api/counts").json()["documents"] == 2


def test_requests_within_the_time_limit_are_answered(seeds_db: Path) -> None:
    c = client_for(seeds_db, request_timeout=60)
    assert c.get("/api/counts").status_code == 200
    assert c.post("/api/search", json={"text": "a short text about nothing"}).status_code == 200


def test_no_time_limit_when_none(seeds_db: Path) -> None:
    c = client_for(seeds_db, request_timeout=None)
    c.app.state.config = WebConfig(
        corpus_factory=SlowStore(seeds_db, delay=0.3, slow=1), request_timeout=None
    )
    assert c.get("/api/counts").status_code == 200


def test_time_limit_must_be_positive(seeds_db: Path) -> None:
    with pytest.raises(ValueError, match="request_timeout"):
        WebConfig(corpus_factory=lambda: newstrace.open(seeds_db), request_timeout=0)


def test_a_client_sending_its_body_slowly_is_cut_off(live: str) -> None:
    body = b'{"text": "' + b"w " * 500 + b'"}'
    request = (
        b"POST /api/search HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        b"Content-Length: " + str(len(body)).encode() + b"\r\nConnection: close\r\n\r\n" + body
    )
    status, answer = _raw(live, request, pause_after=len(request) - 100)
    assert status == 503 and b"limit of 2 s" in answer


def test_costly_requests_beyond_the_slots_are_503_until_the_work_really_ends(seeds_db: Path) -> None:
    store = SlowStore(seeds_db, delay=3.0, slow=1)
    with client_for(seeds_db, request_timeout=0.5, max_costly=1) as c:  # middleware settings
        c.app.state.config = WebConfig(corpus_factory=store, request_timeout=0.5, max_costly=1)  # the store
        first = c.post("/api/search", json={"text": "a text that waits for a slow store"})
        assert first.status_code == 503 and "limit of 0.5 s" in first.json()["detail"]
        # the abandoned search still holds the only slot: no second one starts meanwhile
        busy = c.get("/api/compare", params={"a": "x", "b": "y"})
        assert busy.status_code == 503 and "busy" in busy.json()["detail"]
        assert c.get("/api/counts").status_code == 200  # cheap requests are not limited
        assert store.finished.wait(30)
        deadline = time.monotonic() + 30
        while (again := c.get("/api/compare", params={"a": "x", "b": "y"})).status_code == 503:
            assert time.monotonic() < deadline, "the slot was never released"
            time.sleep(0.05)
        assert again.status_code == 404  # the slot is free again: the comparison ran


def test_costly_slots_must_be_positive(seeds_db: Path) -> None:
    with pytest.raises(ValueError, match="max_costly"):
        WebConfig(corpus_factory=lambda: newstrace.open(seeds_db), max_costly=0)


# -- body size limit -------------------------------------------------------------------------
def _routes(routes: list[Any]) -> list[tuple[str, str]]:
    """(method, concrete path) of every route and mount, inside included routers too."""
    found = []
    for route in routes:
        if (included := getattr(route, "original_router", None)) is not None:  # FastAPI >= 0.16x
            found.extend(_routes(included.routes))
        elif isinstance(route, Mount):
            found.append(("GET", route.path + "/style.css"))
        elif isinstance(route, APIRoute | Route):
            path = re.sub(r"\{[a-z_]+(:path)?\}", "x", route.path)
            found.extend((method, path) for method in sorted(route.methods or ()))
    return found


def test_every_route_refuses_an_oversize_body(seeds_db: Path) -> None:
    c = client_for(seeds_db, max_body_bytes=4096)
    routes = _routes(c.app.routes)
    assert ("POST", "/api/search/file") in routes and ("GET", "/static/style.css") in routes
    for method, path in routes:
        declared = c.request(method, path, content=b"q" * 5000, headers={"content-type": "text/plain"})
        assert declared.status_code == 413, (method, path, declared.status_code)
        # without a Content-Length the limit holds while the body is read (413 in the multipart
        # and JSON tests below); a body of the wrong type is refused unread, and routes that
        # take no body answer without reading it (it is dropped with the connection)
        streamed = c.request(method, path, content=iter([b"q" * 3000, b"q" * 3000]))
        expected = set(range(400, 500)) if method == "POST" else set(range(200, 500))
        assert streamed.status_code in expected, (method, path, streamed.status_code)


def _multipart(field: str, data: bytes, filename: str | None = None) -> tuple[bytes, dict[str, str]]:
    disposition = f'form-data; name="{field}"' + (f'; filename="{filename}"' if filename else "")
    body = (
        f"--xyz\r\nContent-Disposition: {disposition}\r\nContent-Type: text/plain\r\n\r\n".encode()
        + data
        + b"\r\n--xyz--\r\n"
    )
    return body, {"content-type": "multipart/form-data; boundary=xyz"}


@pytest.mark.parametrize(
    ("path", "field", "filename"),
    [("/search", "text", None), ("/search", "file", "big.txt"), ("/api/search/file", "file", "big.txt")],
)
def test_streamed_multipart_over_the_limit_is_413(
    seeds_db: Path, path: str, field: str, filename: str | None
) -> None:
    c = client_for(seeds_db, max_body_bytes=4096)
    body, headers = _multipart(field, b"z" * 20_000, filename)
    r = c.post(path, content=iter([body[i : i + 1000] for i in range(0, len(body), 1000)]), headers=headers)
    assert r.status_code == 413 and "limit is" in r.text


def test_streamed_json_over_the_limit_is_413(seeds_db: Path) -> None:
    c = client_for(seeds_db, max_body_bytes=4096)
    body = b'{"text": "' + b"j" * 20_000 + b'"}'
    chunks = iter([body[i : i + 1000] for i in range(0, len(body), 1000)])
    r = c.post("/api/search", content=chunks, headers={"content-type": "application/json"})
    assert r.status_code == 413 and "limit is" in r.json()["detail"]


@pytest.mark.parametrize("length", ["-1", "abc", "1e9", "99999999999999999999"])
def test_a_malformed_content_length_is_refused(seeds_db: Path, length: str) -> None:
    c = client_for(seeds_db, max_body_bytes=4096)
    r = c.post(
        "/api/search", content=b"{}", headers={"content-type": "application/json", "content-length": length}
    )
    assert r.status_code in (400, 413)


# -- path traversal --------------------------------------------------------------------------
TRAVERSALS = [
    "/static/../app.py",
    "/static/..%2fapp.py",
    "/static/%2e%2e/app.py",
    "/static/%2e%2e%2fapp.py",
    "/static/%252e%252e%252fapp.py",
    "/static/..%2f..%2f..%2f..%2f..%2f..%2fetc%2fpasswd",
    "/static/..\\app.py",
    "/static/..%5capp.py",
    "/static/%5c..%5c..%5capp.py",
    "/static//etc/passwd",
    "/static/%2fetc%2fpasswd",
    "/static/C:%5cWindows%5cwin.ini",
    "/static/app.js%00.css",
    "/static/..%00/app.py",
    "/static/%c0%ae%c0%ae/app.py",
    "/static/....//app.py",
    "/static/style.css/..%2f..%2fapp.py",
    "//etc/passwd",
    "/doc/..%2f..%2fetc%2fpasswd",
    "/api/doc/%2e%2e%2fapp.py",
    "/api/doc/%2fetc%2fpasswd",
    "/doc/a%00b",
]
LEAKS = (b"def create_app", b"import ", b"root:", b"[fonts]")


@pytest.mark.parametrize("path", TRAVERSALS)
def test_no_file_outside_static_is_served(live: str, path: str) -> None:
    status, body = _raw(live, _get(path))
    assert status in (400, 404), (path, status)
    assert not any(leak in body for leak in LEAKS), body[:200]


def test_static_files_are_served_over_raw_http(live: str) -> None:
    status, body = _raw(live, _get("/static/app.js"))
    assert status == 200 and body


@pytest.mark.parametrize(
    "name",
    ["../../../../tmp/newstrace-escape.txt", "..\\..\\newstrace-escape.txt", "/tmp/newstrace-escape.txt"],
)
def test_upload_names_never_choose_where_the_file_is_written(seeds_db: Path, name: str) -> None:
    target = Path("/tmp/newstrace-escape.txt")
    target.unlink(missing_ok=True)
    c = client_for(seeds_db)
    r = c.post("/api/search/file", files={"file": (name, b"an uploaded text about nothing in particular")})
    assert r.status_code == 200 and r.json()["total"] == 1
    assert r.json()["traces"][0]["document"]["id"] == "newstrace-escape.txt"
    assert not target.exists()
