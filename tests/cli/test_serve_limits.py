"""``newstrace serve`` defaults: bound to loopback only, Host checked, limits passed to the app."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from click.testing import CliRunner

from newstrace.cli import cli
from newstrace.web.security import BodyLimit, TimeLimit

PROC_TCP = Path("/proc/net/tcp")
PROC_TCP6 = Path("/proc/net/tcp6")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _listening(port: int) -> list[str]:
    """Local addresses (hex, as the kernel lists them) of sockets listening on ``port``."""
    found = []
    for table in (PROC_TCP, PROC_TCP6):
        if not table.exists():
            continue
        for line in table.read_text().splitlines()[1:]:
            fields = line.split()
            address, hex_port = fields[1].split(":")
            if int(hex_port, 16) == port and fields[3] == "0A":  # 0A: LISTEN
                found.append(address)
    return found


def _get(url: str, host: str | None = None) -> tuple[int, str]:
    request = urllib.request.Request(url, headers={"Host": host} if host else {})
    try:
        with urllib.request.urlopen(request, timeout=5) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()


@pytest.mark.skipif(not PROC_TCP.exists(), reason="LOOPBACK BINDING TEST SKIPPED: needs Linux /proc/net/tcp")
def test_serve_listens_on_loopback_only_by_default(tmp_path: Path) -> None:
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "newstrace.cli", "serve", "--db", str(tmp_path / "s.db"), "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        for _ in range(300):
            if _listening(port) or proc.poll() is not None:
                break
            time.sleep(0.1)
        addresses = _listening(port)
        assert addresses, proc.stderr.read() if proc.poll() is not None else "the server never listened"
        assert set(addresses) == {"0100007F"}, addresses  # 127.0.0.1 and nothing else
        status, _ = _get(f"http://127.0.0.1:{port}/api/counts")
        assert status == 200
        status, body = _get(f"http://127.0.0.1:{port}/api/counts", host="attacker.example")
        assert status == 400 and "unexpected Host" in body  # DNS rebinding refused
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def _middleware(app: Any, cls: type) -> dict[str, Any]:
    (found,) = [m.kwargs for m in app.user_middleware if m.cls is cls]
    return dict(found)


def test_serve_passes_its_limits_to_the_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    apps: list[Any] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: apps.append(app))
    db = str(tmp_path / "n.db")
    assert CliRunner().invoke(cli, ["serve", "--db", db]).exit_code == 0
    assert _middleware(apps[-1], TimeLimit) == {"seconds": 60.0}
    assert _middleware(apps[-1], BodyLimit) == {"max_bytes": 5 * 1024 * 1024}
    args = ["serve", "--db", db, "--request-timeout", "2.5", "--max-upload-mb", "1"]
    assert CliRunner().invoke(cli, args).exit_code == 0
    assert _middleware(apps[-1], TimeLimit) == {"seconds": 2.5}
    assert _middleware(apps[-1], BodyLimit) == {"max_bytes": 1024 * 1024}
    assert CliRunner().invoke(cli, ["serve", "--db", db, "--request-timeout", "0"]).exit_code == 0
    assert _middleware(apps[-1], TimeLimit) == {"seconds": None}
    bad = CliRunner().invoke(cli, ["serve", "--db", db, "--request-timeout", "-1"])
    assert bad.exit_code == 2 and "request-timeout" in bad.output
