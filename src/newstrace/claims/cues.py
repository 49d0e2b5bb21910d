"""Word lists of the claims stage: reporting verbs, channels, speaker kinds, dispute signals.

Calibration: the lists follow the PARC 3.0 cue inventory, cut to verbs that introduce a
statement (not a belief or a perception: "think", "see" are left out, because the worst
error is a claim credited to someone who did not make it).
"""

from __future__ import annotations

import re


def word_list(words: str) -> list[str]:
    """The words of a space-separated list (keeps long word lists readable)."""
    return words.split()


__all__ = [
    "CHANNEL_NOUNS",
    "DENY_VERBS",
    "FALSITY_RE",
    "FALSITY_WORDS",
    "MEDIA_NOUNS",
    "NP_DENY_VERBS",
    "ORG_NOUNS",
    "PERSON_NOUNS",
    "QUOTE_ONLY_VERBS",
    "SAY_VERBS",
    "SPEAKER_NOUNS",
    "is_denial_cue",
    "word_list",
]

SAY_VERBS = frozenset(
    word_list(
        """say tell claim state add note announce allege insist argue assert report warn explain
    confirm deny accuse write declare maintain contend acknowledge admit reveal stress emphasize
    emphasise suggest predict promise testify complain conclude counter observe quote reply
    respond recall remark reiterate repeat tweet comment mention indicate concede dispute
    charge caution disclose affirm estimate expect agree detail vow pledge shout yell scream
    continue"""
    )
)

DENY_VERBS = frozenset(word_list("deny dispute reject refute dismiss debunk contradict counter rebut"))

# Denials whose object alone is the content ("denied the claims", "denied any links to the
# raid"); "reject" and "dismiss" are left out ("rejected the offer" disputes no statement).
NP_DENY_VERBS = frozenset(word_list("deny dispute refute rebut"))

# Verbs that report speech only around a quotation ("'...,' Brees continued").
QUOTE_ONLY_VERBS = frozenset(word_list("continue"))

# Words saying that something is false; a trailing "*" matches any ending ("fabricat*").
FALSITY_WORDS = (
    "fake",
    "faked",
    "false",
    "falsely",
    "untrue",
    "not true",
    "error",
    "errors",
    "mistake*",
    "wrong",
    "videogame*",
    "video game*",
    "computer game*",
    "game trailer",
    "doctored",
    "fabricat*",
    "misleading",
    "mislead",
    "staged",
    "hoax",
    "lied",
    "lying",
    "debunk*",
    "misrepresent*",
    "no evidence",
    "baseless",
    "unfounded",
    "bogus",
    "photoshop*",
    "old footage",
    "forged",
    "forgery",
)
FALSITY_RE = re.compile(
    r"\b(?:"
    + "|".join(re.escape(w[:-1]) + r"\w*" if w.endswith("*") else re.escape(w) + r"\b" for w in FALSITY_WORDS)
    + ")",
    re.IGNORECASE,
)

# Nouns naming the medium a statement went out through ("in a statement", "on Twitter").
CHANNEL_NOUNS = frozenset(
    word_list(
        """statement interview tweet twitter facebook post briefing conference release email letter
    broadcast video blog message radio television tv website speech communique communiqué
    telegram channel newspaper broadcaster podcast"""
    )
)

# Addressees of "tell" that are media, so they are the channel ("told Reuters").
MEDIA_NOUNS = frozenset(
    word_list(
        """agency magazine newspaper paper reporter reporters journalist journalists television
    radio channel station network website outlet broadcaster press media"""
    )
)

PERSON_NOUNS = frozenset(
    word_list(
        """spokesman spokeswoman spokesperson official minister premier president secretary leader
    chief director officer rep representative lawyer attorney friend witness resident analyst
    expert commander general mayor governor senator source aide adviser advisor prosecutor
    judge sheriff coach manager man woman mother father wife husband son daughter publicist
    agent doctor chairman chairwoman ceo founder investigator detective captain lieutenant
    sergeant member person neighbor neighbour actor actress singer star producer investigator
    scientist researcher relative fan family staff worker employee student protester parent
    critic officer victim survivor owner boss player teammate partner insider rep publicist
    historian economist diplomat envoy ambassador negotiator activist campaigner organiser
    organizer official people observer monitor authority colleague friend girlfriend boyfriend
    fiance fiancee sister brother cousin uncle aunt grandmother grandfather child kid"""
    )
)

ORG_NOUNS = frozenset(
    word_list(
        """ministry government agency police company department office army military coalition
    team group committee court council report statement organization organisation firm
    newspaper network kremlin administration authorities authority service commission union
    party bank board institute university study survey document filing complaint lawsuit
    indictment affidavit press source club league federation association hospital school
    station paper studio label network team embassy parliament congress senate cabinet
    prosecutor navy police guard force forces fbi nypd marines regime ministry update memo
    memorandum article investigation inquiry probe charge autopsy"""
    )
)

# Common nouns that can head a speaker phrase (names and entities always can).
SPEAKER_NOUNS = PERSON_NOUNS | ORG_NOUNS | MEDIA_NOUNS


_AUXILIARIES = frozenset(word_list("has have had is are was were be been will would did does do also"))


def is_denial_cue(cue: str) -> bool:
    """Whether a cue's words deny or dispute ("denied", "rejects", "disputed")."""
    words = [w.lower() for w in cue.split()]
    while words and words[0] in _AUXILIARIES:  # "has denied", "have disputed"
        words.pop(0)
    first = words[0] if words else ""
    return first.startswith(("deni", "deny", "disput", "reject", "refut", "dismiss", "debunk", "rebut"))
