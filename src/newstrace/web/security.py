"""HTTP hardening for the web UI, as plain ASGI middleware.

- every response carries a Content-Security-Policy that allows scripts and styles only from
  the app's own ``/static`` files (no inline script, no inline event handler, no inline
  style), plus ``X-Content-Type-Options``, ``frame-ancestors 'none'`` and a Referrer-Policy;
- request bodies over the limit get ``413`` with a message saying the limit;
- state-changing requests from another site (a form posted by a foreign page) get ``403``;
- requests whose ``Host`` is not one the server is bound to get ``400`` (DNS rebinding);
- a request not answered within the time limit gets ``503`` with a message saying the limit;
- searches and comparisons beyond the number allowed at once get ``503`` (server busy).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import threading
from collections.abc import Awaitable, Callable, Iterable, MutableMapping
from typing import Any

__all__ = [
    "CSP",
    "SECURITY_HEADERS",
    "BodyLimit",
    "HostAndOrigin",
    "SecurityHeaders",
    "TimeLimit",
    "WorkLimit",
]

log = logging.getLogger(__name__)

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "content-security-policy": CSP,
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "same-origin",  # "no-referrer" makes browsers send "Origin: null" on form posts
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=()",
}


async def _plain(send: Send, status: int, message: str, scope: Scope) -> None:
    """A short error response: JSON under /api, text elsewhere (with the security headers)."""
    if str(scope.get("path", "")).startswith("/api"):
        body, ctype = json.dumps({"detail": message}).encode(), b"application/json"
    else:
        body, ctype = (message + "\n").encode(), b"text/plain; charset=utf-8"
    headers = [(b"content-type", ctype), (b"content-length", str(len(body)).encode())]
    headers += [(k.encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


class SecurityHeaders:
    """Adds :data:`SECURITY_HEADERS` to every HTTP response (keeping any the app set)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {k.lower() for k, _ in message.get("headers", [])}
                extra = [
                    (k.encode(), v.encode()) for k, v in SECURITY_HEADERS.items() if k.encode() not in present
                ]
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        await self.app(scope, receive, send_with_headers)


class _TooLarge(Exception):
    pass


class BodyLimit:
    """Refuses request bodies larger than ``max_bytes`` with ``413``, declared or streamed."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    def _message(self) -> str:
        mb = self.max_bytes / (1024 * 1024)
        return (
            f"request too large: the limit is {mb:g} MB (start the server with --max-upload-mb to change it)"
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers", [])).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_bytes):
            await _plain(send, 413, self._message(), scope)
            return
        seen = 0
        over = started = False

        async def counting_receive() -> Message:
            nonlocal seen, over
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes and not started:
                    over = True
                    raise _TooLarge
            return message

        async def guarded_send(message: Message) -> None:
            # Once the body went over the limit, whatever the app answers (a parser's 400)
            # is replaced by the 413 below.
            nonlocal started
            if over:
                return
            started = started or message["type"] == "http.response.start"
            await send(message)

        with contextlib.suppress(_TooLarge):
            await self.app(scope, counting_receive, guarded_send)
        if over:
            await _plain(send, 413, self._message(), scope)


class HostAndOrigin:
    """Answers only to the host names the server is reached by, and only same-site writes.

    ``hosts`` are the accepted ``Host`` names (without port); ``None`` accepts any host.
    A POST (or other unsafe method) whose ``Origin`` names another host, or whose
    ``Sec-Fetch-Site`` says ``cross-site``, is refused: a foreign page must not be able to
    add documents to the store through the user's browser.
    """

    def __init__(self, app: ASGIApp, hosts: Iterable[str] | None) -> None:
        self.app = app
        self.hosts = None if hosts is None else {h.lower() for h in hosts}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        host = headers.get("host", "")
        if self.hosts is not None and _hostname(host) not in self.hosts:
            await _plain(send, 400, f"unexpected Host header {host[:80]!r}", scope)
            return
        if scope.get("method", "GET") not in ("GET", "HEAD", "OPTIONS"):
            origin = headers.get("origin")
            cross = headers.get("sec-fetch-site") == "cross-site"
            if cross or (origin is not None and origin != "null" and origin.split("://", 1)[-1] != host):
                await _plain(send, 403, "cross-site request refused", scope)
                return
            if origin == "null":
                await _plain(send, 403, "cross-site request refused (opaque origin)", scope)
                return
        await self.app(scope, receive, send)


def _hostname(host: str) -> str:
    """``Host`` header to bare host name: ``127.0.0.1:8000`` -> ``127.0.0.1``, ``[::1]:80`` -> ``::1``."""
    host = host.strip().lower()
    if host.startswith("["):
        return host[1:].split("]", 1)[0]
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


class TimeLimit:
    """Answers ``503`` when a request has not been answered within ``seconds``.

    The clock runs from the first byte of the request to the start of the response, so a
    client that sends its body slowly is cut off too. Work that runs in a thread (a trace,
    a search, an alignment) cannot be interrupted: it finishes in the background and its
    answer is dropped. Its store access is the same as any other request's, so the store
    stays consistent; a search with ``add`` that times out may still add its documents.
    """

    def __init__(self, app: ASGIApp, seconds: float | None) -> None:
        self.app = app
        self.seconds = seconds
        self._late: set[asyncio.Task[None]] = set()

    def _message(self) -> str:
        return (
            f"request took longer than the server's limit of {self.seconds:g} s and was abandoned "
            "(start the server with --request-timeout to change it)"
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not self.seconds:
            await self.app(scope, receive, send)
            return
        started = timed_out = False

        async def guarded_send(message: Message) -> None:
            nonlocal started
            if timed_out:
                return  # the client has had its 503
            started = started or message["type"] == "http.response.start"
            await send(message)

        task = asyncio.ensure_future(self.app(scope, receive, guarded_send))
        done, _ = await asyncio.wait({task}, timeout=self.seconds)
        if task in done:
            task.result()
            return
        if started:  # a streamed answer already under way: let it finish
            await task
            return
        timed_out = True
        log.warning(
            "%s %s: no answer after %g s, answered 503", scope.get("method"), scope.get("path"), self.seconds
        )
        await _plain(send, 503, self._message(), scope)
        # Not cancelled: a cancel would end the task while its thread goes on, and release
        # what the task holds (a WorkLimit slot) too early. It ends when its work does.
        self._late.add(task)
        task.add_done_callback(self._forget)

    def _forget(self, task: asyncio.Task[None]) -> None:
        self._late.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.warning("a request abandoned after the time limit failed: %s", task.exception())


class WorkLimit:
    """At most ``slots`` costly requests (``(method, path)`` in ``routes``) at once; more get ``503``.

    A slot is held until the work really ends, including work that :class:`TimeLimit` has
    abandoned (it goes on in its thread), so requests that time out cannot pile up work
    on the machine.
    """

    def __init__(self, app: ASGIApp, slots: int, routes: Iterable[tuple[str, str]]) -> None:
        self.app = app
        self.slots = slots
        self.routes = frozenset(routes)
        self._free = threading.BoundedSemaphore(slots)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or (scope.get("method"), scope.get("path")) not in self.routes:
            await self.app(scope, receive, send)
            return
        if not self._free.acquire(blocking=False):
            message = (
                f"the server is busy with {self.slots} searches or comparisons already; try again shortly"
            )
            await _plain(send, 503, message, scope)
            return
        try:
            await self.app(scope, receive, send)
        finally:
            self._free.release()
