"""``newstrace serve``: a real server process, and the warning when bound beyond loopback."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request

import uvicorn
from click.testing import CliRunner
from tests.conftest import SEEDS

from newstrace.cli import cli
from newstrace.web.server import accepted_hosts, is_loopback


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_serve_answers_on_loopback_and_stops(tmp_path):
    db = tmp_path / "s.db"
    subprocess.run(
        [sys.executable, "-m", "newstrace.cli", "ingest", str(SEEDS), "--db", str(db), "-q"],
        check=True,
        capture_output=True,
        timeout=120,
    )
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "newstrace.cli", "serve", "--db", str(db), "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=os.environ.copy(),
    )
    try:
        body = None
        for _ in range(150):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/counts", timeout=2) as r:
                    body = r.read().decode()
                    headers = r.headers
                break
            except OSError:
                if proc.poll() is not None:
                    break
                time.sleep(0.1)
        assert body is not None, proc.stderr.read() if proc.poll() is not None else "server did not answer"
        assert '"documents":2' in body
        assert "script-src 'self'" in headers["content-security-policy"]
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    assert "newstrace UI on http://127.0.0.1:" in proc.stderr.read()


def test_serve_warns_when_bound_beyond_loopback(tmp_path, monkeypatch):
    calls = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append(kw))
    result = CliRunner().invoke(
        cli, ["serve", "--db", str(tmp_path / "n.db"), "--host", "0.0.0.0", "--port", "8123"]
    )
    assert result.exit_code == 0, result.output
    assert "warning: listening on 0.0.0.0, not loopback" in result.output
    assert "no store at" in result.output
    assert calls == [{"host": "0.0.0.0", "port": 8123, "log_level": "warning"}]
    quiet = CliRunner().invoke(cli, ["serve", "--db", str(tmp_path / "n.db")])
    assert "warning" not in quiet.output and calls[-1]["host"] == "127.0.0.1"


def test_loopback_and_host_rules():
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.5") and not is_loopback("example.org")
    assert accepted_hosts("0.0.0.0") is None
    assert accepted_hosts("127.0.0.1") == ("localhost", "127.0.0.1", "::1")
    assert "10.0.0.2" in accepted_hosts("10.0.0.2")
