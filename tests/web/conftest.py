"""Fixtures for the web UI: stores built from the seeds, a hostile article, test clients,
and (for tests marked ``browser``) a live server with Debian's headless Chromium."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import newstrace
from newstrace.web import WebConfig, create_app
from newstrace.web.server import CHROMIUM as SERVER_CHROMIUM
from newstrace.web.server import CHROMIUM_ARGS
from tests.conftest import COPY, SEEDS, SOURCE, read_text

CHROMIUM = Path(SERVER_CHROMIUM)

# An article whose every field is an attack: markup in the text, title, outlet and id,
# a script URL. It copies a passage of 004, so it shows up on 004's page too.
HOSTILE_ID = 'evil/"><img src=x onerror=window.__pwned=1>?#frag'
HOSTILE_TITLE = "<script>window.__pwned=1</script>Breaking news"
HOSTILE_OUTLET = "<b onmouseover=window.__pwned=1>Evil Outlet</b>"
HOSTILE_URL = "javascript:window.__pwned=1"
HOSTILE_PAYLOADS = (
    "<script>window.__pwned=1;alert(1)</script>",
    '<img src=x onerror="window.__pwned=1;alert(2)">',
)


def hostile_record() -> dict[str, Any]:
    """The hostile article as a passim-style JSONL record."""
    source = read_text(SOURCE)
    text = "\n".join(HOSTILE_PAYLOADS) + "\nA reader wrote this.\n" + source[560:980]
    return {
        "id": HOSTILE_ID,
        "series": HOSTILE_OUTLET,
        "title": HOSTILE_TITLE,
        "url": HOSTILE_URL,
        "text": text,
    }


@pytest.fixture(scope="session")
def seeds_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store holding the two seed articles (000 copies three passages of 004)."""
    db = tmp_path_factory.mktemp("web-seeds") / "seeds.db"
    with newstrace.open(db) as corpus:
        report = corpus.ingest([str(SEEDS / "*.txt")])
    assert report.ingested == 2 and report.links >= 3
    return db


@pytest.fixture(scope="session")
def hostile_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeds plus the hostile article."""
    folder = tmp_path_factory.mktemp("web-hostile")
    jsonl = folder / "hostile.jsonl"
    jsonl.write_text(json.dumps(hostile_record()) + "\n", encoding="utf-8")
    db = folder / "hostile.db"
    with newstrace.open(db) as corpus:
        report = corpus.ingest([str(SEEDS / "*.txt"), str(jsonl)])
    assert report.ingested == 3 and report.failed == 0
    return db


# A saved news page showing a picture, and an older loose copy of the same picture (as a
# video-game trailer still would be) whose recorded URL is a script URL.
IMAGE_PAGE = """<html><head><title>Ministry shows proof</title>
<meta property="og:url" content="https://news.example.org/2017/11/14/proof">
<meta property="article:published_time" content="2017-11-14T16:04:00+00:00"></head>
<body><article><h1>Ministry shows proof</h1>
<p>The defence ministry published a picture it called irrefutable proof of the convoy.</p>
<img src="img/proof.jpg" alt="proof">
<p>Analysts quickly traced the picture to an older source, the agency said on Tuesday.</p>
<p>More paragraphs of text follow so that the extractor keeps the main content of the page.</p>
</article></body></html>"""
TRAILER_URL = "javascript:window.__pwned=1"
GOLDEN_IMAGES = Path(__file__).resolve().parent.parent / "golden" / "images"


def need_images_extra() -> None:
    """Skip loudly when the images extra is missing (`make test` installs it)."""
    import importlib.util

    missing = [m for m in ("pdqhash", "cv2", "PIL") if importlib.util.find_spec(m) is None]
    if missing:
        pytest.skip(
            f"IMAGE UI TESTS SKIPPED: the images extra is missing ({', '.join(missing)}): "
            'pip install "newstrace[images]"'
        )


@pytest.fixture(scope="session")
def images_db(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str]:
    """(store, page folder, page document id): the page's picture and an older loose copy of it,
    plus an unrelated picture."""
    need_images_extra()
    folder = tmp_path_factory.mktemp("web-images")
    (folder / "img").mkdir()
    shutil.copy(GOLDEN_IMAGES / "rocket.jpg", folder / "img" / "proof.jpg")
    page = folder / "proof.html"
    page.write_text(IMAGE_PAGE, encoding="utf-8")
    stills = folder / "stills"
    stills.mkdir()
    shutil.copy(GOLDEN_IMAGES / "rocket.jpg", stills / "trailer.jpg")
    shutil.copy(GOLDEN_IMAGES / "camera.jpg", stills / "camera.jpg")
    db = folder / "images.db"
    with newstrace.open(db) as corpus:
        assert corpus.ingest([str(page)]).ingested == 1
        assert corpus.index_images([str(page)]).ok
        assert corpus.index_images([str(stills)], date="2016-06-01", source_url=TRAILER_URL).ok
        doc_id = next(corpus.store.iter_articles()).id
    return db, folder, doc_id


@pytest.fixture()
def scratch_db(seeds_db: Path, tmp_path: Path) -> Path:
    """A private copy of the seeds store, for tests that add documents."""
    copy = tmp_path / "scratch.db"
    shutil.copy(seeds_db, copy)
    index = seeds_db.with_name(seeds_db.name + ".index")  # the candidate index beside the store
    if index.is_dir():
        shutil.copytree(index, copy.with_name(copy.name + ".index"))
    return copy


def client_for(db: Path, **config: Any) -> Any:
    """A TestClient over a store (``testserver`` is the Host it sends)."""
    from fastapi.testclient import TestClient

    cfg = WebConfig(corpus_factory=lambda: newstrace.open(db), **config)
    return TestClient(create_app(config=cfg))


@pytest.fixture(scope="session")
def client(seeds_db: Path) -> Any:
    return client_for(seeds_db)


@pytest.fixture(scope="session")
def hostile_client(hostile_db: Path) -> Any:
    return client_for(hostile_db)


# -- browser ------------------------------------------------------------------------------
@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's headless Chromium through playwright; skipped loudly when either is missing."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip(
            "BROWSER TESTS SKIPPED: python playwright is not installed (run `make test`, which "
            "installs the dev group with playwright)"
        )
    if not CHROMIUM.exists():
        pytest.skip(
            f"BROWSER TESTS SKIPPED: no Chromium at {CHROMIUM} (run `make test`, which installs "
            "Debian's chromium with apt-get; `playwright install` cannot download browsers here)"
        )
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=list(CHROMIUM_ARGS))
        yield chromium
        chromium.close()


def _live(db: Path) -> Iterator[str]:
    from newstrace.web.server import serve_in_thread

    app = create_app(
        config=WebConfig(corpus_factory=lambda: newstrace.open(db), hosts=("localhost", "127.0.0.1"))
    )
    with serve_in_thread(app) as url:
        yield url


@pytest.fixture(scope="session")
def live_seeds(seeds_db: Path) -> Iterator[str]:
    """Base URL of a server over the seeds store, on a free loopback port."""
    yield from _live(seeds_db)


@pytest.fixture(scope="session")
def live_images(images_db: tuple[Path, Path, str]) -> Iterator[str]:
    """Base URL of a server over the store with indexed pictures."""
    yield from _live(images_db[0])


@pytest.fixture(scope="session")
def live_hostile(hostile_db: Path) -> Iterator[str]:
    """Base URL of a server over the store holding the hostile article."""
    yield from _live(hostile_db)


__all__ = ["COPY", "HOSTILE_ID", "SOURCE"]
