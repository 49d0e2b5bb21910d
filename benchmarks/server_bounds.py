"""The costliest requests the web server accepts, timed in process (no time limit set).

A store of the seeds and ECB+ documents (``--docs``), plus two hostile stored documents
(one sentence repeated to 100k words; a 5k-word text repeated 20 times). Cases: searches
of uploads at the body limit (5 MB: one sentence repeated, ECB+ text pasted together,
a JSONL file of many documents) and alignments of the hostile
stored documents. Prints a Markdown table: seconds of each request and the status; the
peak RSS of the whole process at the end.

Example:
    PYTHONPATH=src .venv/bin/python benchmarks/server_bounds.py --docs 200
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
ECBPLUS = REPO / "data" / "ecbplus" / "ecbplus_docs.jsonl"
SENTENCE = "The defence ministry claims the jihadist fighters were allowed to leave Raqqa. "
LIMIT = 5 * 1024 * 1024


def _fill(text: str, size: int) -> str:
    return (text * (size // len(text.encode()) + 1)).encode()[: size - 4096].decode("utf-8", "ignore")


def _jsonl(texts: list[str], size: int) -> str:
    """JSONL of ECB+ texts under distinct ids, as many as fit in ``size`` bytes."""
    rows, total, k = [], 0, 0
    while True:
        row = json.dumps({"id": f"upload-{k}", "text": texts[k % len(texts)]}) + "\n"
        if total + len(row.encode()) > size:
            return "".join(rows)
        rows.append(row)
        total, k = total + len(row.encode()), k + 1


def _build(db: Path, docs: int, folder: Path) -> list[str]:
    import newstrace

    rows = ECBPLUS.read_text("utf-8").splitlines()[:docs]
    (folder / "ecb.jsonl").write_text("\n".join(rows) + "\n", encoding="utf-8")
    rng = random.Random(1)
    five_k = " ".join(f"w{rng.randrange(50_000)}x" for _ in range(5000)) + " "
    hostile = [
        {"id": "one-sentence-100k", "text": SENTENCE * (100_000 // len(SENTENCE.split()))},
        {"id": "repeated-20x5k", "text": five_k * 20},
    ]
    (folder / "hostile.jsonl").write_text("\n".join(json.dumps(h) for h in hostile) + "\n", encoding="utf-8")
    with newstrace.open(db) as corpus:
        corpus.ingest(
            [str(REPO / "data" / "seeds" / "*.txt"), str(folder / "ecb.jsonl"), str(folder / "hostile.jsonl")]
        )
    return [json.loads(r)["text"] for r in rows]


def _cases(client: Any, pasted_ecb: str, jsonl: str) -> list[tuple[str, Callable[[], Any]]]:
    n = jsonl.count("\n")

    def search(text: str) -> Any:
        return client.post("/api/search", json={"text": text})

    def upload() -> Any:
        return client.post("/api/search/file", files={"file": ("u.jsonl", jsonl.encode())})

    def compare(doc: str) -> Any:
        return client.get("/api/compare", params={"a": doc, "b": doc})

    return [
        ("search 5 MB JSON body, one sentence repeated", lambda: search(_fill(SENTENCE, LIMIT - 1024))),
        ("search 5 MB JSON body, ECB+ texts pasted as one", lambda: search(pasted_ecb)),
        (f"search 5 MB JSONL file, {n} documents (20 traced)", upload),
        ("compare one-sentence-100k with itself", lambda: compare("one-sentence-100k")),
        ("compare repeated-20x5k with itself", lambda: compare("repeated-20x5k")),
        ("document page of repeated-20x5k", lambda: client.get("/doc/repeated-20x5k")),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=200, help="ECB+ documents in the store")
    args = parser.parse_args()
    from fastapi.testclient import TestClient

    import newstrace
    from newstrace.web import WebConfig, create_app

    with tempfile.TemporaryDirectory(prefix="server-bounds-") as tmp:
        folder = Path(tmp)
        db = folder / "store.db"
        t0 = time.perf_counter()
        texts = _build(db, args.docs, folder)
        built = time.perf_counter() - t0
        print(
            f"store: seeds + {args.docs} ECB+ + 2 hostile documents, built in {built:.1f} s", file=sys.stderr
        )
        app = create_app(config=WebConfig(corpus_factory=lambda: newstrace.open(db), request_timeout=None))
        client = TestClient(app)
        pasted_ecb = _fill("\n\n".join(texts), LIMIT)
        while len(json.dumps({"text": pasted_ecb}).encode()) > LIMIT - 1024:  # JSON escapes grow it
            pasted_ecb = pasted_ecb[: int(len(pasted_ecb) * 0.97)]
        jsonl = _jsonl(texts, LIMIT - 4096)
        cases = _cases(client, pasted_ecb, jsonl)
        print("| request | seconds | status |\n|---|---:|---:|")
        for name, call in cases:
            start = time.perf_counter()
            status = call().status_code
            print(f"| {name} | {time.perf_counter() - start:.2f} | {status} |", flush=True)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\npeak RSS of the process: {peak:.0f} MB")


if __name__ == "__main__":
    main()
