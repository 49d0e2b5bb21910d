"""The HTML pages over a store built from the seeds (FastAPI TestClient)."""

from __future__ import annotations

import html
import re
from urllib.parse import quote

from markupsafe import escape

import newstrace
from newstrace.api import Corpus
from tests.conftest import COPY, SOURCE, read_text
from tests.web.conftest import client_for

HAS_STORIES = callable(getattr(Corpus, "stories", None))
HAS_OUTLETS = callable(getattr(Corpus, "outlets", None))


def _text_of(page: str, element_id: str) -> str:
    """The visible text inside the element with this id (tags dropped, entities decoded)."""
    body = page.split(f'id="{element_id}"', 1)[1].split(">", 1)[1]
    depth, out, pos = 1, [], 0
    for m in re.finditer(r"<(/?)(\w+)[^>]*>", body):
        out.append(body[pos : m.start()])
        pos = m.end()
        depth += -1 if m.group(1) else 1
        if depth == 0:
            break
    return html.unescape("".join(out))


def test_overview_shows_counts_and_says_what_is_missing(client):
    page = client.get("/")
    assert page.status_code == 200
    assert "<strong>2</strong> documents" in page.text
    if not HAS_STORIES:
        assert "No stories have been computed yet" in page.text
    if not HAS_OUTLETS:
        assert "No outlet profiles have been computed yet" in page.text


def test_overview_of_an_empty_store_says_so(tmp_path):
    page = client_for(tmp_path / "empty.db").get("/")
    assert page.status_code == 200 and "The store holds no documents yet" in page.text


def test_documents_lists_both_seeds(client):
    page = client.get("/docs")
    assert page.status_code == 200
    assert f'href="/doc/{COPY.name}"' in page.text and f'href="/doc/{SOURCE.name}"' in page.text


def test_document_colours_shared_passages_and_links_them_to_the_source_span(client, seeds_db):
    page = client.get(f"/doc/{COPY.name}")
    assert page.status_code == 200
    with newstrace.open(seeds_db) as corpus:
        trace = corpus.trace(COPY.name)
    links = re.findall(r'<a class="seg ([^"]*)" href="([^"]*)"', page.text)
    assert len(links) == len(trace.passages) == 3
    expected = {
        f"/doc/{SOURCE.name}?hl={p.other_start}-{p.other_end}#p-{p.other_start}-{p.other_end}"
        for p in trace.passages
    }
    assert {html.unescape(href) for _, href in links} == expected
    assert all("o0" in css.split() for css, _ in links)  # one origin, one colour
    # the spun word is marked where it stands in this text
    assert re.search(r'<span class="sub" title="[^"]*US[^"]*">USA</span>', page.text)


def test_source_page_highlights_the_requested_passage(client):
    text = read_text(SOURCE)
    page = client.get(f"/doc/{SOURCE.name}", params={"hl": "156-314"})
    assert page.status_code == 200
    assert '<mark class="target" id="p-156-314">' in page.text
    assert _text_of(page.text, "p-156-314") == text[156:314]


def test_document_page_text_round_trips(client):
    page = client.get(f"/doc/{COPY.name}")
    assert _text_of(page.text, "text") == read_text(COPY)


def test_bad_highlight_is_ignored_with_a_note(client):
    page = client.get(f"/doc/{SOURCE.name}", params={"hl": "5-999999"})
    assert page.status_code == 200 and "outside this document" in page.text
    assert 'class="target"' not in page.text


def test_unknown_document_is_404_with_a_message(client):
    page = client.get("/doc/no-such-doc.txt")
    assert page.status_code == 404 and "no document with id" in page.text


def test_compare_marks_passages_and_the_spun_word(client):
    page = client.get("/compare", params={"a": SOURCE.name, "b": COPY.name})
    assert page.status_code == 200
    assert "3 aligned passage(s)" in page.text
    for n in (1, 2, 3):
        assert f'id="pa-{n}"' in page.text and f'href="#pb-{n}"' in page.text
        assert f'id="pb-{n}"' in page.text and f'href="#pa-{n}"' in page.text
    assert re.search(r'<del class="del"[^>]*>US</del>', page.text)
    assert re.search(r'<ins class="ins"[^>]*>USA</ins>', page.text)


def test_compare_without_ids_shows_the_form_and_unknown_ids_404(client):
    assert "Give two stored document ids" in client.get("/compare").text
    assert client.get("/compare", params={"a": SOURCE.name, "b": "nope"}).status_code == 404


def test_search_pasted_text_finds_origins_without_storing(scratch_db):
    c = client_for(scratch_db)
    pasted = "Intro line.\n" + read_text(SOURCE)[560:860] + "\nOwn ending that nobody else wrote."
    page = c.post("/search", data={"text": pasted})
    assert page.status_code == 200
    assert "nothing was added" in page.text
    assert f"/doc/{SOURCE.name}?hl=" in page.text
    with newstrace.open(scratch_db) as corpus:
        assert corpus.counts()["documents"] == 2


def test_search_with_add_stores_the_upload(scratch_db):
    c = client_for(scratch_db)
    body = read_text(SOURCE)[150:330].encode()
    page = c.post("/search", data={"add": "on"}, files={"file": ("../../etc/pasted story.txt", body)})
    assert page.status_code == 200 and "Added to the store: 1 new" in page.text
    with newstrace.open(scratch_db) as corpus:
        stored = corpus.get("pasted_story.txt")
        assert stored is not None and stored.text == body.decode()
        assert any(p.other == SOURCE.name for p in corpus.trace("pasted_story.txt").passages)


def test_search_add_never_replaces_a_stored_document(scratch_db):
    c = client_for(scratch_db)
    page = c.post("/search", data={"add": "on"}, files={"file": (COPY.name, b"Different text entirely.")})
    assert "already stored" in page.text
    with newstrace.open(scratch_db) as corpus:
        assert corpus.get(COPY.name).text == read_text(COPY)


def test_search_with_nothing_is_a_clear_400(client):
    page = client.post("/search", data={"text": "   "})
    assert page.status_code == 400 and "paste some text or choose a file" in page.text


def test_search_reports_unreadable_upload(client):
    page = client.post("/search", files={"file": ("bad.jsonl", b"{not json\n")})
    assert page.status_code == 200
    assert "bad.jsonl" in page.text and "No document could be read" in page.text


def test_story_and_outlet_pages_say_nothing_is_computed_when_absent(client):
    story = client.get("/story/any")
    outlet = client.get("/outlet/ANSAmed")
    if not HAS_STORIES:
        assert story.status_code == 200 and "No stories have been computed yet" in story.text
    else:
        assert story.status_code == 404
    if not HAS_OUTLETS:
        assert outlet.status_code == 200 and "No outlet profiles have been computed yet" in outlet.text


def test_document_ids_with_slashes_and_markup_route_and_escape(hostile_client):
    from tests.web.conftest import HOSTILE_ID

    page = hostile_client.get("/doc/" + quote(HOSTILE_ID, safe=""))
    assert page.status_code == 200
    assert str(escape(HOSTILE_ID)) in page.text
