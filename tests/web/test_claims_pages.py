"""Claims on the document and story pages, and ``/api/doc/{id}/claims`` (the nlp extra)."""

from __future__ import annotations

import json
import sys
from typing import Any
from urllib.parse import quote

import pytest

import newstrace
from newstrace.api import Corpus
from newstrace.claims import INSTALL_HINT, Claim, NLPUnavailable, load_pipeline
from newstrace.web.claims import claim_marks, claim_rows
from tests.conftest import SEEDS, SOURCE, read_text
from tests.web.conftest import client_for

HOSTILE_CLAIM_TEXT = (
    "Officials said the pictures <script>window.__pwned=1</script> proved the convoy left.\n"
    'The <b onmouseover="window.__pwned=1">ministry</b> said '
    '"<img src=x onerror=window.__pwned=1> is fake".\n'
)


@pytest.fixture(scope="module")
def nlp() -> Any:
    try:
        return load_pipeline()
    except NLPUnavailable as exc:
        pytest.skip(f"CLAIMS UI TESTS SKIPPED: the nlp extra is not installed ({exc})")


@pytest.fixture(scope="module")
def claims_client(nlp: Any, tmp_path_factory: pytest.TempPathFactory) -> Any:
    db = tmp_path_factory.mktemp("web-claims") / "claims.db"
    with newstrace.open(db) as corpus:
        assert corpus.ingest([str(SEEDS / "*.txt")]).ingested == 2
    return client_for(db)


def _claim(
    index: int, text: str, speaker: str, cue: str, content: str, rebuts: tuple[int, ...] = ()
) -> Claim:
    s, c, t = text.index(speaker), text.index(cue), text.index(content)
    return Claim(
        "d",
        index,
        speaker,
        s,
        s + len(speaker),
        cue,
        c,
        c + len(cue),
        content,
        t,
        t + len(content),
        mention_start=s,
        mention_end=s + len(speaker),
        rebuts=rebuts,
    )


# -- pure view helpers ---------------------------------------------------------------------
def test_claim_rows_link_rebuttals_both_ways_in_text_order():
    text = "The ministry said the picture is real. Analysts said the picture came from a game."
    claims = [
        _claim(1, text, "Analysts", "said the picture came", "the picture came from a game", (0,)),
        _claim(0, text, "The ministry", "said", "the picture is real"),
    ]
    rows = claim_rows(claims)
    assert [r.claim.index for r in rows] == [0, 1]
    assert [c.index for c in rows[0].rebutted_by] == [1] and rows[0].rebuts == ()
    assert [c.index for c in rows[1].rebuts] == [0] and rows[1].anchor == "claim-1"


def test_claim_marks_skip_spans_outside_the_text():
    text = "The ministry said the picture is real."
    good = _claim(0, text, "The ministry", "said", "the picture is real")
    bad = Claim("d", 1, "x", 0, 500, "said", 13, 17, "y", 400, 900)
    anchors, spans = claim_marks([good, bad], len(text))
    assert [a.id for a in anchors] == ["claim-0"]
    assert {(m.css, text[m.start : m.end]) for m in spans} == {
        ("cl-speaker", "The ministry"),
        ("cl-cue", "said"),
        ("cl-content", "the picture is real"),
    }


# -- pages on the seeds ----------------------------------------------------------------------
def test_document_page_shows_the_conflict_intelligence_team_rebuttal(claims_client):
    page = claims_client.get(f"/doc/{SOURCE.name}")
    assert page.status_code == 200
    html = page.text
    data = claims_client.get(f"/api/doc/{SOURCE.name}/claims").json()["claims"]
    cit = next(c for c in data if c["speaker"] == "the Conflict Intelligence Team")
    ministry = next(c for c in data if c["index"] in cit["rebuts"])
    assert "Tass" in (ministry["channel"] or "") and ministry["speaker"] == "the Russian defence ministry"
    assert "videogame" in cit["content"]
    # the list row of the CIT claim links to the ministry's claim it rebuts, which links back
    row = html[html.index(f'<a href="#claim-{cit["index"]}">{cit["index"] + 1}</a>') :]
    row = row[: row.index("</tr>")]
    assert "rebuts" in row and f'href="#claim-{ministry["index"]}"' in row
    assert f'rebutted by <a href="#claim-{cit["index"]}">' in html
    # both claims have anchors in the text; the rebuttal's content is outlined there
    text = html[html.index('<article class="text"') :]
    assert f'id="claim-{cit["index"]}"' in text and f'id="claim-{ministry["index"]}"' in text
    assert '<span class="cl-content rebuttal"' in text
    assert '<span class="cl-speaker" title="speaker of claim' in text


def test_claims_api_offsets_point_into_the_text_and_are_in_the_schema(claims_client):
    body = claims_client.get(f"/api/doc/{SOURCE.name}/claims").json()
    text = read_text(SOURCE)
    assert body["doc"] == SOURCE.name and len(body["claims"]) >= 4
    for c in body["claims"]:
        assert text[c["content_start"] : c["content_end"]] == c["content"]
        assert text[c["speaker_start"] : c["speaker_end"]] == c["speaker"]
        if c["cue_start"] is not None:
            assert text[c["cue_start"] : c["cue_end"]] == c["cue"]
    schema = claims_client.get("/api/openapi.json").json()
    assert "/api/doc/{doc_id}/claims" in schema["paths"]
    assert "ClaimOut" in schema["components"]["schemas"]
    assert claims_client.get("/api/doc/nope/claims").status_code == 404


def test_story_page_lists_claim_groups_with_the_rebuttal(claims_client):
    stories = claims_client.get("/api/stories").json()
    story = next(s for s in stories if any(e["doc_id"] == SOURCE.name for e in s["timeline"]))
    html = claims_client.get(f"/story/{quote(story['story_id'], safe='')}").text
    section = html[html.index("Claims across the story") :]
    assert "is carried by two articles" not in section  # groups were found
    group = section[: section.index("</article>")]
    assert "helping Islamic State" in group
    assert "the Conflict Intelligence Team" in group and '<span class="badge rebut">rebuttal</span>' in group
    assert f'href="/doc/{SOURCE.name}#claim-' in group


# -- failures keep the page up ------------------------------------------------------------------
def test_without_the_nlp_extra_the_page_says_how_to_install_it(tmp_path, monkeypatch):
    db = tmp_path / "fresh.db"  # claims not yet extracted, so the page must load spaCy
    with newstrace.open(db) as corpus:
        corpus.ingest([str(SEEDS / "*.txt")])
    load_pipeline.cache_clear()
    monkeypatch.setitem(sys.modules, "spacy", None)
    try:
        client = client_for(db)
        page = client.get(f"/doc/{SOURCE.name}")
        api = client.get(f"/api/doc/{SOURCE.name}/claims")
    finally:
        load_pipeline.cache_clear()
    assert page.status_code == 200
    html = page.text.replace("&#39;", "'")
    assert INSTALL_HINT in html
    assert '<article class="text"' in html and 'class="passages"' in html  # the rest still renders
    assert api.status_code == 503 and INSTALL_HINT in api.json()["detail"]


def test_an_extraction_error_leaves_the_rest_of_the_page(tmp_path, monkeypatch, seeds_db):
    def broken(self: Corpus, doc: object) -> list[Claim]:
        raise RuntimeError("parser exploded on record 7")

    monkeypatch.setattr(Corpus, "claims", broken)
    page = client_for(seeds_db).get(f"/doc/{SOURCE.name}")
    assert page.status_code == 200
    assert "Claims could not be extracted: RuntimeError: parser exploded on record 7" in page.text
    assert '<article class="text"' in page.text


# -- hostile claims ------------------------------------------------------------------------------
def test_hostile_claim_content_renders_escaped(nlp, tmp_path):
    jsonl = tmp_path / "hostile-claims.jsonl"
    jsonl.write_text(
        json.dumps({"id": "hostile-claims", "text": HOSTILE_CLAIM_TEXT}) + "\n", encoding="utf-8"
    )
    with newstrace.open(tmp_path / "h.db") as corpus:
        corpus.ingest([str(jsonl)])
        found = corpus.claims("hostile-claims")
    assert any("<script>" in c.content for c in found)  # the attack reached a claim's content
    html = client_for(tmp_path / "h.db").get("/doc/hostile-claims").text
    listing = html[html.index('<table class="claim-list">') :]
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in listing
    assert "<script>window" not in html and "<img src=x" not in html and "<b onmouseover" not in html


def test_claim_marks_do_not_cut_the_coloured_passages(claims_client):
    from tests.conftest import COPY

    html = claims_client.get(f"/doc/{COPY.name}").text
    text = html[html.index('<article class="text"') :]
    assert text.count('<a class="seg') == 3  # the three passages copied from 004, each whole
    assert 'id="claim-1"' in text
