"""Escaping, security headers, size limits, host and origin checks, static files."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote

import pytest

import newstrace.web
from newstrace.web.security import CSP
from tests.conftest import SOURCE
from tests.web.conftest import (
    HOSTILE_ID,
    HOSTILE_OUTLET,
    HOSTILE_PAYLOADS,
    HOSTILE_TITLE,
    HOSTILE_URL,
    client_for,
)

WEB = Path(newstrace.web.__file__).parent
HOSTILE_PAGES = [
    "/doc/" + quote(HOSTILE_ID, safe=""),
    f"/doc/{SOURCE.name}",
    "/docs",
    "/compare?a=" + quote(SOURCE.name) + "&b=" + quote(HOSTILE_ID, safe=""),
]
RAW = [*HOSTILE_PAYLOADS, HOSTILE_TITLE, HOSTILE_OUTLET, "onerror=window", "onmouseover=window"]


@pytest.mark.parametrize("path", HOSTILE_PAGES)
def test_untrusted_fields_are_escaped_everywhere(hostile_client, path):
    page = hostile_client.get(path)
    assert page.status_code == 200, page.text[:300]
    body = page.text
    for raw in (*HOSTILE_PAYLOADS, HOSTILE_TITLE, HOSTILE_OUTLET):
        assert raw not in body
    # no element carries an event handler, whatever the data holds
    assert [a for a in _attributes(body) if a.startswith("on")] == []
    # the only scripts are the app's own file
    assert re.findall(r"<script[^>]*>", body) == ['<script src="/static/app.js" defer>']
    assert 'href="javascript:' not in body.lower()


class _Attrs(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.names: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.names.extend(name.lower() for name, _ in attrs)


def _attributes(body: str) -> list[str]:
    """Every attribute name of every element, as a browser's tokenizer sees them."""
    parser = _Attrs()
    parser.feed(body)
    return parser.names


def test_hostile_text_is_shown_as_text(hostile_client):
    body = hostile_client.get("/doc/" + quote(HOSTILE_ID, safe="")).text
    assert "&lt;script&gt;window.__pwned=1;alert(1)&lt;/script&gt;" in body
    assert HOSTILE_URL in body and "not linked" in body


def test_search_results_escape_pasted_markup(hostile_client):
    page = hostile_client.post("/search", data={"text": HOSTILE_PAYLOADS[0] + " " + HOSTILE_PAYLOADS[1]})
    assert page.status_code == 200
    assert HOSTILE_PAYLOADS[0] not in page.text and HOSTILE_PAYLOADS[1] not in page.text


def test_templates_never_mark_data_safe_nor_inline_script():
    for template in (WEB / "templates").glob("*.html"):
        source = template.read_text("utf-8")
        assert "|safe" not in source.replace(" ", "") and "Markup(" not in source, template.name
        assert not re.search(r"<script(?![^>]*\bsrc=)", source), template.name
        assert not re.search(r"\son[a-z]+=", source), template.name
        assert "style=" not in source, template.name  # CSP: style-src 'self' forbids inline style
        assert "autoescape false" not in source, template.name


@pytest.mark.parametrize(
    "path",
    ["/", f"/doc/{SOURCE.name}", "/static/style.css", "/api/counts", "/doc/missing", "/api/doc/missing"],
)
def test_security_headers_on_every_response(client, path):
    r = client.get(path)
    assert r.headers["content-security-policy"] == CSP
    assert "script-src 'self'" in CSP and "style-src 'self'" in CSP and "frame-ancestors 'none'" in CSP
    assert "unsafe-inline" not in CSP
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["referrer-policy"] == "same-origin"
    assert r.headers["x-frame-options"] == "DENY"


def test_declared_oversize_body_is_413_with_the_limit(seeds_db):
    c = client_for(seeds_db, max_body_bytes=4096)
    r = c.post("/search", data={"text": "x" * 10_000})
    assert r.status_code == 413 and "limit is" in r.text and "MB" in r.text
    assert r.headers["content-security-policy"] == CSP
    api = c.post("/api/search", json={"text": "y" * 10_000})
    assert api.status_code == 413 and "limit is" in api.json()["detail"]


def test_streamed_oversize_body_is_413(seeds_db):
    c = client_for(seeds_db, max_body_bytes=4096)

    body = (
        b'--xyz\r\nContent-Disposition: form-data; name="file"; filename="big.txt"\r\n'
        b"Content-Type: text/plain\r\n\r\n" + b"z" * 10_000 + b"\r\n--xyz--\r\n"
    )

    def chunks():  # no Content-Length: the limit must hold while the body streams
        for i in range(0, len(body), 1000):
            yield body[i : i + 1000]

    r = c.post(
        "/api/search/file", content=chunks(), headers={"content-type": "multipart/form-data; boundary=xyz"}
    )
    assert r.status_code == 413 and "limit is" in r.json()["detail"]


def test_upload_within_the_limit_is_accepted(seeds_db):
    c = client_for(seeds_db, max_body_bytes=64 * 1024)
    r = c.post("/api/search/file", files={"file": ("a.txt", b"short text about nothing at all")})
    assert r.status_code == 200 and r.json()["total"] == 1


def test_foreign_host_header_is_refused(seeds_db):
    c = client_for(seeds_db, hosts=("localhost", "127.0.0.1"))
    assert c.get("/", headers={"host": "127.0.0.1:8000"}).status_code == 200
    r = c.get("/", headers={"host": "attacker.example"})
    assert r.status_code == 400 and "unexpected Host" in r.text


def test_cross_site_post_is_refused(scratch_db):
    c = client_for(scratch_db)
    r = c.post(
        "/search", data={"text": "hello there", "add": "on"}, headers={"origin": "http://attacker.example"}
    )
    assert r.status_code == 403
    r = c.post("/search", data={"text": "hello there"}, headers={"sec-fetch-site": "cross-site"})
    assert r.status_code == 403
    same = c.post("/search", data={"text": "hello there"}, headers={"origin": "http://testserver"})
    assert same.status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/static/..%2fapp.py",
        "/static/%2e%2e/app.py",
        "/static/..%2f..%2fapi.py",
        "/static/%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    ],
)
def test_static_files_never_leave_the_static_folder(client, path):
    r = client.get(path)
    assert r.status_code in (400, 404)
    assert "def create_app" not in r.text and "root:" not in r.text


def test_static_assets_are_served_with_types(client):
    assert (
        client.get("/static/app.js")
        .headers["content-type"]
        .startswith(("text/javascript", "application/javascript"))
    )
    assert client.get("/static/style.css").headers["content-type"].startswith("text/css")
