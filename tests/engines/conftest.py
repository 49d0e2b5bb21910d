"""Engine fixtures: a mixed corpus (JSONL, Parquet, text, bad input) and one SparkSession."""

from __future__ import annotations

import json
import os
import zlib
from pathlib import Path

import pytest

from tests.conftest import REPO

ECB = REPO / "data" / "ecbplus" / "ecbplus_docs.jsonl"


def _date(doc_id: str, i: int) -> str | None:
    """A deterministic publication date: some missing, some equal days, some with times."""
    h = zlib.crc32(doc_id.encode())
    if i % 9 == 0:
        return None
    day = f"2015-03-{1 + h % 6:02d}"
    return f"{day}T{h % 24:02d}:{h % 60:02d}:00+00:00" if i % 3 == 0 else day


def make_corpus(folder: Path, n: int) -> list[str]:
    """The first ``n`` ECB+ articles with dates, split over two JSONL files and one Parquet
    file (which repeats one id with the same text and replaces another), plus the seed
    pair and a JSONL file with one broken line. Returns the input arguments."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    records = [json.loads(line) for line in ECB.read_text("utf-8").splitlines()[:n]]
    for i, r in enumerate(records):
        r["date"] = _date(r["doc_id"], i)
    third = len(records) // 3
    folder.mkdir(parents=True, exist_ok=True)
    for name, part in (("a.jsonl", records[:third]), ("b.jsonl", records[third : 2 * third])):
        (folder / name).write_text("".join(json.dumps(r) + "\n" for r in part), "utf-8")
    tail = records[2 * third :]
    tail.append(dict(records[0]))  # same id, same text: a duplicate
    tail.append({**records[1], "text": records[1]["text"] + " A sentence added later."})  # replaced
    tail.append({"doc_id": "no-text", "text": None, "topic": 0, "subtopic": "x", "date": None})
    columns = {k: [r.get(k) for r in tail] for k in ("doc_id", "topic", "subtopic", "text", "date")}
    pq.write_table(pa.table(columns), folder / "c.parquet")
    (folder / "bad.jsonl").write_text('{"id": "ok-1", "text": "A short fine text."}\n{broken\n', "utf-8")
    return [
        str(folder / "a.jsonl"),
        str(folder / "b.jsonl"),
        str(folder / "c.parquet"),
        str(REPO / "data" / "seeds"),
        str(folder / "bad.jsonl"),
    ]


def link_key(link) -> tuple:
    """Every field of a reuse link, for comparing two runs' links as sorted lists."""
    p = link.passage
    return (
        link.doc_a,
        link.doc_b,
        p.a_start,
        p.a_end,
        p.b_start,
        p.b_end,
        p.score,
        p.matched,
        p.substitutions,
        link.direction,
        link.reason,
    )


@pytest.fixture(scope="session")
def spark():
    """One local[2] SparkSession for the whole test session (it takes ~10 s to start)."""
    try:
        import pyspark  # noqa: F401
    except ImportError:
        pytest.skip('SPARK TESTS SKIPPED: pyspark is not installed (pip install "newstrace[spark]")')
    from newstrace.engines.spark import SparkUnavailable, spark_session

    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    try:
        session = spark_session(
            "local[2]",
            {
                "spark.ui.enabled": "false",
                "spark.sql.shuffle.partitions": "2",
                "spark.default.parallelism": "2",
            },
            app_name="newstrace-tests",
        )
    except SparkUnavailable as exc:
        pytest.skip(f"SPARK TESTS SKIPPED: {exc}")
    yield session
    session.stop()
