"""Screenshots of the web UI's main pages, taken with Debian's headless Chromium.

Usage:
    python docs/make_screenshots.py                      # a fresh store from data/seeds
    python docs/make_screenshots.py --with-ecbplus       # plus the bundled ECB+ corpus (~1.5 min)
    python docs/make_screenshots.py --db news.db         # an existing store

Writes docs/screenshots/{overview,document-000,compare-000-004,search,claims-004,images}.png.
A fresh store also indexes the pictures of tests/golden/images (the images extra), and the
image search is shown for an edited (cropped, captioned) copy of one of them. The server runs
in this process on a free loopback port; nothing is fetched from outside.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path
from urllib.parse import quote

import numpy as np

import newstrace
from newstrace.web import WebConfig, create_app
from newstrace.web.server import CHROMIUM, CHROMIUM_ARGS, serve_in_thread

REPO = Path(__file__).resolve().parent.parent
GOLDEN_IMAGES = REPO / "tests" / "golden" / "images"
OUT = REPO / "docs" / "screenshots"
SOURCE, COPY = "004_5d9cfa0761f81c81.txt", "000_fc4f809c70dd1bba.txt"


def build_store(db: Path, with_ecbplus: bool) -> None:
    """Ingest the seeds (and ECB+ when asked) into a new store."""
    paths = [str(REPO / "data" / "seeds" / "*.txt")]
    if with_ecbplus:
        paths.append(str(REPO / "data" / "ecbplus" / "ecbplus_docs.jsonl"))
    with newstrace.open(db) as corpus:
        report = corpus.ingest(paths)
        try:
            pictures = corpus.index_images([str(GOLDEN_IMAGES)], date="2016-06-01").added
        except ImportError as exc:
            pictures = 0
            print(f"no pictures indexed: {exc}", file=sys.stderr)
    print(
        f"store {db}: {report.ingested} documents, {report.links} reuse passages, {pictures} pictures",
        file=sys.stderr,
    )


def edited_picture(folder: Path) -> Path | None:
    """A cropped, captioned copy of a bundled photograph (``None`` without the images extra)."""
    try:
        from PIL import Image

        from newstrace.images.edits import caption, crop
    except ImportError:
        return None
    with Image.open(GOLDEN_IMAGES / "rocket.jpg") as image:
        rgb = np.asarray(image.convert("RGB"), dtype=np.uint8)
    path = folder / "repost.jpg"
    Image.fromarray(caption(crop(rgb, 0.15))).save(path, quality=70)
    return path


def shoot(base: str, out: Path, picture: Path | None) -> list[Path]:
    """Open each page and save a PNG of it."""
    from playwright.sync_api import sync_playwright

    search_text = (REPO / "data" / "seeds" / SOURCE).read_text("utf-8")[560:980]
    shots = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=list(CHROMIUM_ARGS))
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        for name, path in (
            ("overview", "/"),
            ("document-000", f"/doc/{quote(COPY)}"),
            ("compare-000-004", f"/compare?a={quote(SOURCE)}&b={quote(COPY)}"),
        ):
            page.goto(base + path)
            shots.append(out / f"{name}.png")
            page.screenshot(path=str(shots[-1]), full_page=name != "compare-000-004")
        page.goto(base + "/search")
        page.fill("#text", "A pasted article that opens with its own words.\n" + search_text)
        page.click("form.search button")
        page.wait_for_selector("section.results")
        shots.append(out / "search.png")
        page.screenshot(path=str(shots[-1]), full_page=True)
        page.goto(f"{base}/doc/{quote(SOURCE)}")  # extracts its claims (spaCy) on first view
        shots.append(out / "claims-004.png")
        page.locator("section.claims").screenshot(path=str(shots[-1]))
        if picture is not None:
            page.goto(base + "/images")
            page.set_input_files("#file", str(picture))
            page.click("form.search button")
            page.wait_for_selector("section.results")
            shots.append(out / "images.png")
            page.screenshot(path=str(shots[-1]), full_page=True)
        browser.close()
    return shots


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, help="use this store instead of building one")
    parser.add_argument("--with-ecbplus", action="store_true", help="also ingest data/ecbplus")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    if not Path(CHROMIUM).exists():
        sys.exit(f"no Chromium at {CHROMIUM}: apt-get install chromium (or run make test once)")
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or Path(tmp) / "screens.db"
        if args.db is None:
            build_store(db, args.with_ecbplus)
        app = create_app(
            config=WebConfig(corpus_factory=lambda: newstrace.open(db), hosts=("localhost", "127.0.0.1"))
        )
        with serve_in_thread(app) as base:
            for shot in shoot(base, args.out, edited_picture(Path(tmp))):
                print(shot.relative_to(REPO) if shot.is_relative_to(REPO) else shot)


if __name__ == "__main__":
    main()
