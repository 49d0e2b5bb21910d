"""Golden extraction: three news pages (ECB+ text in made-up boilerplate) through trafilatura."""

from __future__ import annotations

from pathlib import Path

import pytest

from newstrace.extract import EXTRACTORS, ExtractedPage, get_extractor, normalize_date

ARTICLES = Path(__file__).resolve().parents[1] / "golden" / "articles"

# Boilerplate every page carries in some form: none of it may reach the main text.
BOILERPLATE = ("cookie", "Cookie", "All rights reserved", "Privacy", "Related", "Most read")

GOLDEN = {
    "reuters_degeneres_oscars.html": {
        "encoding": "utf-8",
        "title": "Comedian Ellen DeGeneres picked to host 2014 Oscars",
        "published": "2013-08-02T18:50:00-04:00",  # published_time, not modified_time
        "sitename": "Reuters",
        "author": "Reuters Staff",
        "url": "http://www.reuters.com/article/2013/08/02/us-oscars-degeneres-idUSBRE9710UQ20130802",
        "contains": [
            "Comedian Ellen DeGeneres will make her second appearance as an Academy Awards host"
            " next year , organizers said on Friday",
            '"I am so excited to be hosting the Oscars for the second time , " DeGeneres said'
            " in a statement .",
            'writing that the Oscars "will put women in the driver\'s seat . "',
        ],
        "excludes": [
            "Markets",
            "Search news and quotes",
            "MacFarlane's Oscar jokes draw fire from critics",
            "Tweet this",
            "Thomson Reuters 2013",
        ],
    },
    "thelocal_paris_ram_raid.html": {
        "encoding": "utf-8",
        "title": "Ram - raiders hit Paris jewellery store for €2m",
        "published": "2013-09-09T11:25:00+02:00",
        "sitename": "The Local France",
        "author": "The Local",
        "url": "http://www.thelocal.fr/20130909/ram-raiders-hit-paris-jewellery-store-for-2m",
        "contains": [
            "Ram - raiders ploughed their vehicle into an upmarket jewellery boutique near"
            " Place Vendôme in central Paris",
            "making off with a €2 million ( $2 . 6 - million ) booty , a police source said .",
            "In 2009 , police said they had recovered 80 percent of the haul .",
        ],
        "excludes": [
            "Armed robber grabs €103m of gems at Cannes hotel",
            "Jobs in France",
            "Get The Local's free daily newsletter",
            "Denmark",
            "Tags:",
        ],
    },
    "nytimes_troy_office_shooting.html": {
        "encoding": "cp1252",  # declared by <meta http-equiv>
        "title": "Shooting at Accounting Firm Leaves Woman Dead and 2 Hurt",
        "published": "2007-04-10T00:00:00-04:00",  # a zone given: the time is kept
        "sitename": "The New York Times",
        "author": "Staff Reporter",
        "url": "http://www.nytimes.com/2007/04/10/us/10revenge.html",
        "contains": [
            "A man who was fired last week from his job at an accounting firm in suburban"
            " Detroit walked into his former office with a shotgun",
            "“ it doesn ’ t appear it was random , ” the Troy police chief , Charles Craft ,"
            " said .",
            "apprehending him near Bay City .",
        ],
        "excludes": [
            "Gunman Kills Two at Campus Building",
            "N.Y. / Region",
            "Reprints",
            "Work for Us",
            "A version of this article appeared in print",
        ],
    },
}


def extract(name: str) -> ExtractedPage:
    golden = GOLDEN[name]
    html = (ARTICLES / name).read_bytes().decode(str(golden["encoding"]))
    page = get_extractor("trafilatura").extract(html, None)
    assert page is not None
    return page


@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_golden_metadata(name: str) -> None:
    page = extract(name)
    golden = GOLDEN[name]
    assert page.title == golden["title"]
    assert page.published == golden["published"]
    assert page.sitename == golden["sitename"]
    assert page.author == golden["author"]
    assert page.url == golden["url"]


@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_golden_text_must_and_must_not_contain(name: str) -> None:
    text = extract(name).text
    golden = GOLDEN[name]
    for snippet in golden["contains"]:
        assert snippet in text
    for snippet in [*golden["excludes"], *BOILERPLATE]:
        assert snippet not in text


@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_golden_paragraphs_are_separate_lines(name: str) -> None:
    lines = extract(name).text.split("\n")
    for snippet in GOLDEN[name]["contains"]:
        assert any(snippet in line for line in lines)
    assert len(lines) >= 10  # one paragraph a line, none glued together


def test_url_given_is_kept_when_the_page_has_no_canonical_link() -> None:
    html = (
        "<html><body><article>"
        + "<p>A paragraph of news text.</p>" * 5
        + "</article></body></html>"
    )
    page = get_extractor().extract(html, "http://example.org/a")
    assert page is not None
    assert page.url == "http://example.org/a"
    assert page.text.count("A paragraph of news text.") == 5


@pytest.mark.parametrize("html", ["", "   ", "\x00\x01<<<>>>", "<html><body></body></html>"])
def test_nothing_to_extract_gives_none(html: str) -> None:
    assert get_extractor().extract(html, None) is None


@pytest.mark.parametrize(
    ("raw", "iso"),
    [
        ("2013-08-02T18:50:00-0400", "2013-08-02T18:50:00-04:00"),
        ("2013-08-02T18:50:00+0000", "2013-08-02T18:50:00+00:00"),
        ("2013-08-02T18:50:00", "2013-08-02T18:50:00"),
        ("2013-08-02T00:00:00", "2013-08-02"),
        ("2013-08-02", "2013-08-02"),
        ("not a date", None),
        (None, None),
    ],
)
def test_normalize_date(raw: str | None, iso: str | None) -> None:
    assert normalize_date(raw) == iso


def test_registry() -> None:
    assert "trafilatura" in EXTRACTORS
    with pytest.raises(
        ValueError, match=r"unknown extractor 'readability'; choose one of: .*trafilatura"
    ):
        get_extractor("readability")
