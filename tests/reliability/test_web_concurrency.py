"""The web UI read while ``newstrace ingest`` writes: no error, no lock, no partial document.

A real uvicorn server (in a thread of this process) serves the store that an ingest
subprocess is filling; reader threads fetch the overview, the document list, document
pages, the JSON document, its trace and the counts over and over. Every answer must be a
200 (or a 404 for a document not stored yet), never mention a locked database, and a
document must show its whole text: the page's text and the API's text equal what the
readers read from the input files, character for character.
"""

from __future__ import annotations

import html
import json
import re
import subprocess
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from pathlib import Path
from urllib.parse import quote

import pytest

import newstrace
from newstrace.ingest import read_paths
from newstrace.records import Article
from newstrace.web import WebConfig, create_app
from newstrace.web.server import serve_in_thread
from tests.reliability.conftest import CLI, REPO, cli_env, write_corpus

PAGE_TEXT = re.compile(r'<article class="text" id="text">(.*?)</article>', re.S)


def _fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=120) as r:
            return r.status, r.read().decode("utf-8")
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode("utf-8", "replace")


class Reader:
    """One client thread: the pages and API calls in a loop, every answer checked."""

    def __init__(self, base: str, expected: dict[str, str], ids: list[str]) -> None:
        self.base, self.expected, self.ids = base, expected, ids
        self.failures: list[str] = []
        self.seen: Counter[str] = Counter()
        self.last_count = 0
        self.states: set[tuple[int, int, int]] = set()  # (documents, to index, to align) seen
        self.rounds = 0

    def get(self, path: str, ok: tuple[int, ...] = (200,)) -> tuple[int, str]:
        status, body = _fetch(self.base + path)
        self.seen[
            f"{path.split('/')[1] or 'overview'}/{path.split('/')[2] if path.startswith('/api') else ''}"
        ] += 1
        if status not in ok or "locked" in body or "Traceback" in body:
            self.failures.append(f"GET {path}: {status}: {body[:300]}")
        return status, body

    def round(self, k: int) -> None:
        self.get("/")
        self.get("/docs")
        status, body = self.get("/api/counts")
        if status == 200:
            counts = json.loads(body)
            documents = counts["documents"]
            if documents < self.last_count:
                self.failures.append(f"/api/counts went back from {self.last_count} to {documents}")
            self.last_count = documents
            self.states.add((documents, counts["pending_index"], counts["pending_align"]))
        for doc_id in (self.ids[k % len(self.ids)], self.ids[(7 * k + 3) % len(self.ids)]):
            self.check_document(doc_id)
        self.rounds += 1

    def check_document(self, doc_id: str) -> None:
        quoted = quote(doc_id, safe="")
        status, body = self.get(f"/doc/{quoted}", ok=(200, 404))
        if status == 200:
            match = PAGE_TEXT.search(body)
            shown = html.unescape(re.sub(r"<[^>]*>", "", match.group(1))) if match else None
            if shown != self.expected[doc_id]:
                self.failures.append(f"/doc/{doc_id}: the page does not show the whole text")
            self.seen["whole pages"] += 1
        status, body = self.get(f"/api/doc/{quoted}", ok=(200, 404))
        if status == 200 and json.loads(body)["text"] != self.expected[doc_id]:
            self.failures.append(f"/api/doc/{doc_id}: partial or wrong text")
        status, body = self.get(f"/api/doc/{quoted}/trace", ok=(200, 404))
        if status == 200:
            length = len(self.expected[doc_id])
            for p in json.loads(body)["passages"]:
                if not 0 <= p["start"] <= p["end"] <= length:
                    self.failures.append(
                        f"/api/doc/{doc_id}/trace: span {p['start']}:{p['end']} past the text"
                    )


@pytest.mark.slow
@pytest.mark.timeout(600)
def test_web_reads_during_an_ingest(tmp_path: Path) -> None:
    args = [*write_corpus(tmp_path / "corpus", 40, filler=220), str(REPO / "tests" / "golden" / "articles")]
    expected = {a.id: a.text for a in read_paths(args) if isinstance(a, Article)}
    # documents read late, early, and the seeds (which reuse each other)
    ids = [*[i for i in expected if not i.startswith("filler-")][::3], "filler-0", "filler-219"]
    db = tmp_path / "busy.db"
    newstrace.open(db).close()  # as `newstrace serve` does before its first request
    app = create_app(
        config=WebConfig(corpus_factory=lambda: newstrace.open(db), hosts=("127.0.0.1", "localhost"))
    )
    with serve_in_thread(app) as base:
        readers = [Reader(base, expected, ids[k::2]) for k in range(2)]
        stop = threading.Event()

        def loop(reader: Reader) -> None:
            k = 0
            while not stop.is_set():
                try:
                    reader.round(k)
                except Exception as exc:  # a refused connection, a timeout: reported below
                    reader.failures.append(f"round {k}: {type(exc).__name__}: {exc}")
                k += 1

        threads = [threading.Thread(target=loop, args=(r,)) for r in readers]
        for t in threads:
            t.start()
        def ingest(paths: list[str]) -> tuple[int, str]:
            writer = subprocess.Popen(
                [*CLI, "ingest", *paths, "--db", str(db), "-j", "1", "-q"],
                env=cli_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            )  # fmt: skip
            _, err = writer.communicate(timeout=270)
            return writer.returncode, err

        try:
            # two ingests: the filler first, then the rest. Between them every reader makes
            # two whole rounds, so reads surely meet a store holding part of the corpus
            # (however slow a loaded machine makes them); during each ingest they overlap
            # its writes as timing allows.
            first = ingest(args[:1])
            seen = [r.rounds for r in readers]
            while any(r.rounds < n + 2 for r, n in zip(readers, seen, strict=True)) and not any(
                r.failures for r in readers
            ):
                time.sleep(0.05)
            second = ingest(args[1:])
        finally:
            stop.set()
            for t in threads:
                t.join()
        during = sum(r.seen["whole pages"] for r in readers)
        final = Reader(base, expected, list(expected))
        for doc_id in ids:
            final.check_document(doc_id)
        final_count = json.loads(final.get("/api/counts")[1])["documents"]
    failures = [f for r in (*readers, final) for f in r.failures]
    assert failures == [], failures[:10]
    for returncode, err in (first, second):
        assert returncode == 0 and "locked" not in err, err
    assert final.seen["whole pages"] == len(ids)  # every document is there in the end
    assert final_count == len(expected)
    states = set().union(*(r.states for r in readers))
    print(f"(documents, to index, to align) seen during the ingest: {sorted(states)}")
    print("requests:", [dict(r.seen) for r in readers])
    # the reads did overlap the writes: a store partly written, partly indexed or aligned
    assert any(n > 0 and (n < len(expected) or i or a) for n, i, a in states), states
    assert during >= 2 and all(r.seen["api/counts"] >= 2 for r in readers), [r.seen for r in readers]
