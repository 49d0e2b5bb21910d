"""Story, outlet and origins pages against the issue-5 interface (Corpus.stories, .story,
.story_of, .outlets, .outlet, .origins).

A Corpus subclass answers with records of the real types, carrying hostile outlet names and
titles that the seeds do not have, so escaping is exercised on every field; the pages over
the real provenance stage are covered by the browser tests, and the "not computed" messages
in test_pages.py.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from newstrace.api import Corpus
from newstrace.provenance.model import Origins, OutletProfile, OutletSource, Segment, Story, StoryEntry
from newstrace.web import WebConfig, create_app
from tests.conftest import COPY, SOURCE

EVIL = "<script>window.__pwned=1</script>"


class _WithProvenance(Corpus):
    """The seeds store with answers shaped like Corpus.stories()/outlets()/origins()."""

    def _story(self) -> Story:
        return Story(
            "st-1",
            SOURCE.name,
            (
                StoryEntry(SOURCE.name, "2017-11-14T16:04", "ANSAmed", "Russia's proof " + EVIL),
                StoryEntry(COPY.name, "2017-11-14", "farm" + EVIL, None),
            ),
            ("ANSAmed", "farm" + EVIL),
        )

    def stories(self) -> list[Story]:
        return [self._story()]

    def story(self, story_id: str) -> Story | None:
        return self._story() if story_id == "st-1" else None

    def story_of(self, doc_id: str) -> str | None:
        return "st-1" if doc_id in (SOURCE.name, COPY.name) else None

    def outlets(self) -> list[OutletProfile]:
        return [
            OutletProfile("ANSAmed", 1, 1500, 0.0, 0.0),
            OutletProfile("farm" + EVIL, 1, 2141, 0.26, 0.01, (OutletSource("ANSAmed", 0.26),)),
        ]

    def outlet(self, name: str) -> OutletProfile | None:
        return next((o for o in self.outlets() if o.outlet == name), None)

    def origins(self, doc_id: str) -> Origins | None:
        if doc_id != COPY.name:
            return None
        return Origins(
            COPY.name,
            2141,
            (
                Segment(0, 74, "own"),
                Segment(74, 232, "copied", SOURCE.name, 156, 314, (SOURCE.name, COPY.name)),
                Segment(232, 2141, "own"),
            ),
            ((SOURCE.name, 0.07),),
        )


@pytest.fixture(scope="module")
def pclient(seeds_db: Path) -> Any:
    from fastapi.testclient import TestClient

    return TestClient(create_app(config=WebConfig(corpus_factory=lambda: _WithProvenance(seeds_db))))


def test_overview_lists_stories_and_outlets_by_copied_share(pclient):
    page = pclient.get("/").text
    assert 'href="/story/st-1"' in page and "<strong>1</strong> stories" in page
    rows = re.findall(r'<td><a href="/outlet/([^"]+)">', page)
    assert rows[0].startswith("farm")  # the larger copied share first
    assert EVIL not in page


def test_story_page_has_timeline_and_svg_graph_with_first_marked(pclient):
    page = pclient.get("/story/st-1")
    assert page.status_code == 200
    body = page.text
    assert "<svg" in body and body.count('class="node') == 2 and body.count('class="node first"') == 1
    # 004 (ANSAmed, 16:04) is the dated source of 000's passages: one directed edge
    assert re.search(r'<path class="edge" d="M[^"]+" marker-end="url\(#arrow\)">', body)
    assert f"{SOURCE.name} → {COPY.name}" in body
    assert 'class="badge">first<' in body
    assert EVIL not in body and "&lt;script&gt;" in body
    assert pclient.get("/story/none").status_code == 404


def test_outlet_page(pclient):
    page = pclient.get("/outlet/farm%3Cscript%3Ewindow.__pwned%3D1%3C%2Fscript%3E")
    assert page.status_code == 200 and 'href="/outlet/ANSAmed"' in page.text and EVIL not in page.text
    assert pclient.get("/outlet/nowhere").status_code == 404


def test_document_uses_origins_and_links_its_story(pclient):
    page = pclient.get(f"/doc/{COPY.name}").text
    assert 'href="/story/st-1"' in page
    links = re.findall(r'<a class="seg copied [^"]*" href="([^"]*)"', page)
    assert links == [f"/doc/{SOURCE.name}?hl=156-314#p-156-314"]
    assert "no origins computed yet" not in page


def test_api_story_outlets_and_origins_segments(pclient):
    story = pclient.get("/api/story/st-1").json()
    assert story["first_doc"] == SOURCE.name and story["size"] == 2
    assert [(e["source"], e["target"], e["directed"]) for e in story["edges"]] == [
        (SOURCE.name, COPY.name, True)
    ]
    assert pclient.get("/api/outlets").json()[0]["copied_share"] == 0.26
    segs = pclient.get(f"/api/doc/{COPY.name}/segments").json()
    assert segs["basis"] == "origins" and len(segs["segments"]) == 3
