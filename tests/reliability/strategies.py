"""Hypothesis strategies for hostile text: the inputs a crawl of the open web produces."""

from __future__ import annotations

from hypothesis import strategies as st

# Right-to-left scripts with bidi controls, emoji with ZWJ sequences, skin tones and flags,
# stacked combining marks, scripts without spaces, and invisible format characters.
PIECES = [
    "مرحبا بالعالم",
    "שלום עולם",
    "\u202eevil\u202c",
    "\u200f\u200e\u2066x\u2069",
    "👩‍👩‍👧‍👦",
    "👍🏽",
    "🇺🇦🇷🇺",
    "e\u0301\u0302\u0303\u0304",
    "Z̸̢̧̛͓̈́a̵͚̿l̶̰͝g̷̱̓o̸̙͝",
    "东京都の天気",
    "\ufeff\u00ad\u200b",
    "U.S.",
    "United States",
    "\x00\x01\x07\x1b[31m",
    "\r\n",
    "\u2028\u2029\x85",
    "\ud800",
    "\U0010ffff",
]
WORDS = st.sampled_from(["the", "convoy", "ministry", "Raqqa", "US", "USA", "said", "proof"])
HOSTILE_CHARS = st.characters(codec=None, categories=["L", "M", "N", "P", "S", "Z", "C"])


def hostile_text(max_size: int = 400) -> st.SearchStrategy[str]:
    """Text mixing hostile pieces, any code points (control, surrogate, private use) and words."""
    part = st.one_of(
        st.sampled_from(PIECES),
        WORDS,
        st.text(HOSTILE_CHARS, max_size=20),
        st.builds(lambda w, k: " ".join([w] * k), WORDS, st.integers(1, 300)),
    )
    return st.lists(part, max_size=max_size // 10).map(" ".join) | st.sampled_from(["", " ", "word"])
