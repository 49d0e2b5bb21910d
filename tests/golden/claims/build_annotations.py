"""Turn the hand-written snippets of ``annotations.src`` into ``annotations.jsonl`` with offsets.

Run: PYTHONPATH=src python tests/golden/claims/build_annotations.py

``annotations.src`` holds ``@doc DOC_ID`` lines, then one attribution a line:
``speaker | cue | content | d or i | channel | speaker_ref`` (``-`` for an empty field; the
last two may be left off; a speaker written ``<name`` is taken at its nearest occurrence
before the claim, for quotations that continue an earlier speaker). The content must occur
once in the text; the cue is placed at its occurrence nearest the content, the speaker at its
occurrence nearest the cue (outside the content), the channel nearest the cue (occurrences
in the same sentence first), the speaker's antecedent at its nearest occurrence
before the speaker. Every span is checked: ``text[start:end] == snippet``.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent.parent
ECB = REPO / "data" / "ecbplus" / "ecbplus_docs.jsonl"
SEEDS = REPO / "data" / "seeds"


def load_texts() -> dict[str, str]:
    """Texts of the annotated articles by doc id (seed ids are their file names)."""
    texts = {p.name: p.read_bytes().decode("utf-8") for p in sorted(SEEDS.glob("*.txt"))}
    lines = ECB.read_text("utf-8").splitlines()
    for line in lines[16::33]:
        doc = json.loads(line)
        texts[doc["doc_id"]] = doc["text"]
    return texts


def _occurrences(text: str, snippet: str) -> list[int]:
    return [m.start() for m in re.finditer(re.escape(snippet), text)]


def _gap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(a[0] - b[1], b[0] - a[1], 0)


def _nearest(
    text: str, snippet: str, anchor: tuple[int, int], avoid: tuple[int, int] | None, where: str
) -> tuple[int, int]:
    spans = [(s, s + len(snippet)) for s in _occurrences(text, snippet)]
    if avoid is not None:
        spans = [s for s in spans if not (s[0] >= avoid[0] and s[1] <= avoid[1])]
    if not spans:
        sys.exit(f"{where}: {snippet!r} not found")
    return min(spans, key=lambda s: (_crosses(text, s, anchor), _gap(s, anchor), s[0]))


def _crosses(text: str, a: tuple[int, int], b: tuple[int, int]) -> bool:
    """A sentence or line boundary lies between the two spans (same-sentence placements win)."""
    between = text[min(a[1], b[1]) : max(a[0], b[0])]
    return "\n" in between or re.search(r"[.?!][\"'`]*\s", between) is not None


def build(src: str, texts: dict[str, str]) -> list[dict[str, object]]:
    """Gold records from the source lines; exits naming the line on any snippet not found."""
    out: list[dict[str, object]] = []
    doc = ""
    for n, raw in enumerate(src.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("@doc "):
            doc = line[5:].strip()
            if doc not in texts:
                sys.exit(f"annotations.src:{n}: unknown doc {doc!r}")
            out.append({"doc_id": doc, "none": True})  # marks an annotated doc, even if empty
            continue
        fields = [f.strip().replace("\\n", "\n") for f in line.split(" | ")] + ["-", "-"]
        speaker, cue, content, kind, channel, ref = fields[:6]
        where = f"annotations.src:{n} ({doc})"
        text = texts[doc]
        hits = _occurrences(text, content)
        split = False
        if len(hits) != 1:
            sys.exit(f"{where}: content {content!r} occurs {len(hits)} times")
        cspan = (hits[0], hits[0] + len(content))
        rec: dict[str, object] = {"doc_id": doc}
        anchor = cspan
        if cue != "-":
            qspan = _nearest(text, cue, cspan, cspan, where)
            inside = [x for x in _occurrences(text, cue) if x >= cspan[0] and x + len(cue) <= cspan[1]]
            if f"'' {cue} " in content and inside:  # a quotation split by its cue
                qspan, split = (inside[0], inside[0] + len(cue)), True
            rec.update(cue=cue, cue_start=qspan[0], cue_end=qspan[1])
            anchor = qspan
        else:
            rec.update(cue=None, cue_start=None, cue_end=None)
        if speaker.startswith("<"):  # the nearest occurrence before the claim (bare quotations)
            speaker = speaker[1:]
            before = [x for x in _occurrences(text, speaker) if x + len(speaker) <= min(anchor[0], cspan[0])]
            if not before:
                sys.exit(f"{where}: speaker {speaker!r} not found before the claim")
            sspan = (before[-1], before[-1] + len(speaker))
        else:
            sspan = _nearest(text, speaker, anchor, None if split else cspan, where)
        rec.update(speaker=speaker, speaker_start=sspan[0], speaker_end=sspan[1])
        rec.update(content=content, content_start=cspan[0], content_end=cspan[1])
        if kind not in ("d", "i"):
            sys.exit(f"{where}: kind must be d or i, not {kind!r}")
        rec["direct"] = kind == "d"
        if channel != "-":
            hspan = _nearest(text, channel, anchor, None, where)
            rec.update(channel=channel, channel_start=hspan[0], channel_end=hspan[1])
        else:
            rec.update(channel=None, channel_start=None, channel_end=None)
        if ref != "-":
            before = [s for s in _occurrences(text, ref) if s + len(ref) <= sspan[0]]
            if not before:
                sys.exit(f"{where}: antecedent {ref!r} not found before the speaker")
            rec.update(speaker_ref=ref, speaker_ref_start=before[-1], speaker_ref_end=before[-1] + len(ref))
        else:
            rec.update(speaker_ref=None, speaker_ref_start=None, speaker_ref_end=None)
        for key in ("speaker", "cue", "content", "channel", "speaker_ref"):
            if rec[key] is not None:
                assert text[rec[f"{key}_start"] : rec[f"{key}_end"]] == rec[key], (where, key)  # type: ignore[misc]
        out.append(rec)
    return out


def main() -> None:
    texts = load_texts()
    records = build((HERE / "annotations.src").read_text("utf-8"), texts)
    docs = {r["doc_id"] for r in records}
    lines = []
    for r in records:
        if r.get("none"):
            continue
        lines.append(json.dumps(r, ensure_ascii=False))
    # Docs with no attribution still count as annotated: one marker line each.
    for d in sorted(docs - {r["doc_id"] for r in records if not r.get("none")}):
        lines.append(json.dumps({"doc_id": d, "no_attribution": True}))
    (HERE / "annotations.jsonl").write_text("\n".join(lines) + "\n", "utf-8")
    print(f"{len(docs)} docs, {sum(1 for r in records if not r.get('none'))} attributions", file=sys.stderr)
    if "--show" in sys.argv:
        for r in records:
            if not r.get("none"):
                _show(r, texts[str(r["doc_id"])])


def _show(r: dict[str, object], text: str) -> None:
    """One line per record with its surroundings, to check the placement by eye."""
    starts = [r[k] for k in ("speaker_start", "cue_start", "content_start") if r[k] is not None]
    ends = [r[k] for k in ("speaker_end", "cue_end", "content_end") if r[k] is not None]
    s, e = min(starts), max(ends)  # type: ignore[type-var]
    kind = "D" if r["direct"] else "I"
    print(f"{r['doc_id']}: [{r['speaker']}] [{r['cue']}] {kind} ...{text[max(0, s - 20) : e + 10]!r}")  # type: ignore[operator]


if __name__ == "__main__":
    main()
