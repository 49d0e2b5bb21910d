"""The JSON API under /api and its OpenAPI schema."""

from __future__ import annotations

import json
from itertools import pairwise
from urllib.parse import quote

import newstrace
from newstrace.api import Corpus
from tests.conftest import COPY, SOURCE, read_text
from tests.web.conftest import HOSTILE_ID, client_for

HAS_STORIES = callable(getattr(Corpus, "stories", None))
HAS_OUTLETS = callable(getattr(Corpus, "outlets", None))


def test_counts(client):
    body = client.get("/api/counts").json()
    assert body["documents"] == 2 and body["reuse_links"] >= 3
    assert (body["stories"] is None) == (not HAS_STORIES)


def test_docs_and_doc(client):
    docs = client.get("/api/docs").json()
    assert {d["id"] for d in docs} == {COPY.name, SOURCE.name}
    one = client.get(f"/api/doc/{COPY.name}").json()
    assert one["text"] == read_text(COPY) and one["chars"] == len(one["text"])
    assert client.get("/api/docs", params={"offset": 1, "limit": 1}).json()[0]["id"] == docs[1]["id"]


def test_trace_matches_the_python_api(client, seeds_db):
    body = client.get(f"/api/doc/{COPY.name}/trace").json()
    with newstrace.open(seeds_db) as corpus:
        trace = corpus.trace(COPY.name)
    assert body["stored"] is True and body["reused_chars"] == trace.reused_chars
    assert [(p["start"], p["end"], p["other"], p["role"]) for p in body["passages"]] == [
        (p.start, p.end, p.other, p.role) for p in trace.passages
    ]
    spun = [s for p in body["passages"] for s in p["substitutions"]]
    assert [(s["here"], s["there"]) for s in spun] == [("USA", "US")]
    text = read_text(COPY)
    assert all(text[s["here_start"] : s["here_end"]] == s["here"] for s in spun)


def test_segments_cover_the_text_and_point_into_the_source(client):
    body = client.get(f"/api/doc/{COPY.name}/segments").json()
    segs = body["segments"]
    assert segs[0]["start"] == 0 and segs[-1]["end"] == len(read_text(COPY))
    assert all(a["end"] == b["start"] for a, b in pairwise(segs))
    shared = [s for s in segs if s["label"] != "own"]
    assert len(shared) == 3 and {s["source_doc"] for s in shared} == {SOURCE.name}
    if body["basis"] == "trace":
        copy, source = read_text(COPY), read_text(SOURCE)
        for s in shared:  # same length passages here: the seeds' reuse is verbatim or one-word spun
            assert (
                copy[s["start"] : s["end"]].split()[:4]
                == source[s["source_start"] : s["source_end"]].split()[:4]
            )


def test_compare(client):
    body = client.get("/api/compare", params={"a": SOURCE.name, "b": COPY.name}).json()
    assert len(body["passages"]) == 3
    subs = [(s["here"], s["there"]) for p in body["passages"] for s in p["substitutions"]]
    assert subs == [("US", "USA")]
    assert client.get("/api/compare", params={"a": SOURCE.name, "b": "nope"}).status_code == 404


def test_search_text_is_not_stored_unless_asked(scratch_db):
    c = client_for(scratch_db)
    text = "Our own lead.\n" + read_text(SOURCE)[560:860]
    body = c.post("/api/search", json={"text": text}).json()
    assert body["added"] is None and body["total"] == 1
    assert SOURCE.name in {p["other"] for p in body["traces"][0]["passages"]}  # 000 holds it too
    assert body["traces"][0]["stored"] is False
    with newstrace.open(scratch_db) as corpus:
        assert corpus.counts()["documents"] == 2
    added = c.post("/api/search", json={"text": text, "add": True}).json()
    assert added["added"] == 1 and added["traces"][0]["stored"] is True
    with newstrace.open(scratch_db) as corpus:
        assert corpus.counts()["documents"] == 3


def test_search_file_reads_jsonl_records(client):
    lines = "\n".join(
        [
            json.dumps({"id": "r1", "text": read_text(SOURCE)[156:314]}),
            '{"id": "r2", "text": "unrelated words about the weather in spring"}',
            "{broken",
        ]
    )
    body = client.post("/api/search/file", files={"file": ("batch.jsonl", lines.encode())}).json()
    assert body["total"] == 2 and len(body["problems"]) == 1 and "batch.jsonl" in body["problems"][0]
    assert [t["document"]["id"] for t in body["traces"]] == ["r1", "r2"]
    assert body["traces"][1]["passages"] == []


def test_empty_search_is_422(client):
    assert client.post("/api/search", json={"text": ""}).status_code == 422


def test_missing_document_is_404_json(client):
    r = client.get("/api/doc/nope/trace")
    assert r.status_code == 404 and "no document" in r.json()["detail"]


def test_ids_with_slashes_work_in_api_paths(hostile_client):
    r = hostile_client.get("/api/doc/" + quote(HOSTILE_ID, safe=""))
    assert r.status_code == 200 and r.json()["id"] == HOSTILE_ID
    trace = hostile_client.get("/api/doc/" + quote(HOSTILE_ID, safe="") + "/trace").json()
    assert trace["document"]["id"] == HOSTILE_ID and trace["passages"]


def test_stories_and_outlets_say_when_not_computed(client):
    for path, present in (("/api/stories", HAS_STORIES), ("/api/outlets", HAS_OUTLETS)):
        r = client.get(path)
        if present:
            assert r.status_code == 200 and isinstance(r.json(), list)
        else:
            assert r.status_code == 501 and "computed" in r.json()["detail"]


def test_openapi_describes_every_route_with_response_models(client):
    schema = client.get("/api/openapi.json").json()
    paths = schema["paths"]
    for path in (
        "/api/counts",
        "/api/docs",
        "/api/doc/{doc_id}",
        "/api/doc/{doc_id}/trace",
        "/api/doc/{doc_id}/segments",
        "/api/compare",
        "/api/search",
        "/api/search/file",
        "/api/stories",
        "/api/story/{story_id}",
        "/api/outlets",
        "/api/outlet/{name}",
    ):
        assert path in paths, path
        for op in paths[path].values():
            ok = op["responses"]["200"]["content"]["application/json"]["schema"]
            assert ok, path
    assert all(not p.startswith(("/doc", "/search", "/compare")) for p in paths)  # pages stay out
    for model in ("TraceOut", "SegmentsOut", "CompareOut", "SearchOut", "StoryOut", "OutletOut"):
        assert model in schema["components"]["schemas"]
