"""A cheap deterministic pass that finds the passages about completed handovers.

A sentence is a *candidate* when it has handover words (swapped, returned,
handed over, freed, received, brought home, ...) and at least one count that
the text does not rule out (``cues.read_number``: plans, failures, tallies,
ages, lists and casualties are not handovers). Candidate sentences that follow
each other (a paragraph break does not interrupt them) form one passage,
extended back by one sentence of the same paragraph when that sentence sets
the scene (handover words or a date, e.g. "The previous swap took place in
March."). A sentence repeated verbatim later in the article (republished
paragraphs, repeated headlines) is used once.

Every count in a passage is marked (``640 [N1]``): the readings and, where
the words leave a number open, the model refer to it by its marker; the
evidence span of a transfer is the clause of the article around its number,
so evidence is always verbatim.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from . import lexicon as lx
from .cues import read_number
from .normalise import Count, find_counts

EXCHANGE_WORDS = lx.HANDOVER
COMMITMENT = lx.COMMITMENT
TALLY = lx.TALLY
DATE_WORDS = re.compile(
    rf"\b({lx.MONTH_NAMES}|{lx.WEEKDAY_NAMES}|yesterday|today|last (?:week|month|year)|earlier|previous|before this)\b",
    re.IGNORECASE,
)
# Counts of things that are not people or bodies ("the two sides", "three rounds", "420 drones").
NOT_PEOPLE = re.compile(
    r"\s*(?:[-\w]+\s+)?(sides?|countries|parties|nations|rounds?|years?|months?|weeks?|days?|hours?|minutes?|"
    r"times|regions?|drones?|missiles?|percent|per cent|km|kilometres|miles|quarters?|possible|"
    r"swaps?|exchanges?|stages?|categories|kinds|types|lists?|names|flights?|planes?|aircraft|buses|trucks|"
    r"tanks?|vehicles?|systems?|artillery|shells?|rockets?|storeys?|floors?|sentences?|"
    r"tonnes|tons|kilo(?:gram)?s|kg|litres|liters|parcels|packages|kits|boxes|sets(?!\s+of\s+(?:human\s+)?(?:remains|bodies))|letters|requests|appeals|calls|"
    r"applications|messages|queries|hotlines?|grams|pounds|vessels|ships|villages|settlements|towns|depots|ports|positions|"
    r"refugees|migrants|tourists|students|pupils|fans|spectators|athletes|states|organi[sz]ations|institutions|agencies|"
    r"governments|embassies|companies|partners|cases|complaints|files|dossiers|petitions|transfers|repatriations|"
    r"handovers|operations|missions)\b",
    re.IGNORECASE,
)
from .lexicon import BREAKDOWN_OPENING, REVISION, SAME_NUMBER  # noqa: E402
# group 1: a closing quote. A full stop with no space between a word and a capitalised one ("oblasts.President")
# also ends a sentence: pages often lose the space where a paragraph break was.
_SENTENCE_END = re.compile(r"(?<=[.!?])([\"”’)]?)(?:\s+(?=[\"“‘(]?[A-Z0-9])|(?<=[a-z]{3}\.)(?=[A-Z][a-z]{2}))")
_ABBREVIATION = re.compile(
    r"(?<![\w.])(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|No|Nos|Mr|Mrs|Ms|Dr|St|Gen|Col|Lt|Sgt|Capt|"
    r"Maj|Adm|Gov|Sen|Rep|Prof|approx|vs|[A-Z])\.$"
)
MAX_SENTENCES = 5


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str
    paragraph: int


@dataclass(frozen=True)
class Mark:
    """A count in a passage, marked for the model as [N<k>]."""

    id: str
    start: int  # offsets in the article
    end: int
    text: str
    count: Count | None  # None for "the same number"


@dataclass(frozen=True)
class Passage:
    start: int
    end: int
    text: str  # article[start:end]
    sentences: tuple[Sentence, ...]
    marks: tuple[Mark, ...] = field(default_factory=tuple)

    def rendered(self) -> str:
        """The passage's sentences, each marked count followed by its marker: '1,000 [N1]'.

        Sentences of one paragraph are joined by a space, paragraphs by a new line.
        """
        out: list[str] = []
        prev: Sentence | None = None
        for s in self.sentences:
            if prev is not None:
                out.append(" " if prev.paragraph == s.paragraph else "\n")
            pos = s.start
            for mark in self.marks:
                if s.start <= mark.start < s.end:
                    out.append(self.text[pos - self.start : mark.end - self.start] + f" [{mark.id}]")
                    pos = mark.end
            out.append(self.text[pos - self.start : s.end - self.start])
            prev = s
        return "".join(out)


_LIST_HEAD = re.compile(r"(?::|\n\s*(?:[-*•·–]|\d{1,2}[.)])\s+[^\n]*)$")  # ends in ":" or already holds bullets
_BULLET = re.compile(r"\s*(?:[-*•·–]|\d{1,2}[.)])\s+\S")


def split_sentences(text: str) -> list[Sentence]:
    """Sentences with their offsets; every line is its own paragraph, except that a line ending in ":" and the
    bullet lines under it are one sentence ("The following were returned:\n- 84 soldiers\n- 6 civilians").

    Split once per text: the passages, the readings, the count-less events and the lead date all ask.
    """
    return list(_split(text))


@functools.lru_cache(maxsize=32)
def _split(text: str) -> tuple[Sentence, ...]:
    return tuple(_join_lists(text, _line_sentences(text)))


def _join_lists(text: str, sentences: list[Sentence]) -> list[Sentence]:
    out: list[Sentence] = []
    for s in sentences:
        head = out[-1] if out else None
        bullet = _BULLET.match(s.text) and s.start > 0 and text[s.start - 1] == "\n"
        if head is not None and bullet and head.paragraph < s.paragraph and _LIST_HEAD.search(head.text):
            out[-1] = Sentence(head.start, s.end, text[head.start : s.end], head.paragraph)
            continue
        out.append(s)
    return out


def _line_sentences(text: str) -> list[Sentence]:
    """Sentences with their offsets, line by line."""
    sentences: list[Sentence] = []
    offset = 0
    for para_no, line in enumerate(text.split("\n")):
        pos = 0
        pieces = []
        for m in _SENTENCE_END.finditer(line):
            if _ABBREVIATION.search(line[max(0, m.start() - 12) : m.start()]):
                continue  # "on Oct. 2", "Gen. Smith": no sentence ends here
            if re.fullmatch(r"\s*\d{1,2}\.", line[pos : m.start()]):
                continue  # "1. Release of ...": a numbered list item, not a sentence "1."
            pieces.append((pos, m.end(1)))  # the closing quote stays with its sentence
            pos = m.end()
        pieces.append((pos, len(line)))
        for a, b in pieces:
            chunk = line[a:b]
            stripped = chunk.strip()
            if stripped:
                lead = len(chunk) - len(chunk.lstrip())
                start = offset + a + lead
                sentences.append(Sentence(start, start + len(stripped), stripped, para_no))
        offset += len(line) + 1
    return sentences


def _norm(text: str) -> str:
    return " ".join(text.lower().split())


_SECOND_OF_N_FOR_N = re.compile(r"\d\s*(?:-\s*for\s*-|\s+for\s+)\s*$", re.I)


def sentence_counts(sentence: Sentence) -> list[tuple[int, int, str, Count | None]]:
    """Counts in a sentence (article offsets), including 'the same number'."""
    found: list[tuple[int, int, str, Count | None]] = []
    for c in find_counts(sentence.text):
        if c.value is None and c.qualifier == "unknown":
            continue  # vague amounts ("thousands", "dozens") are not counts we can record
        if NOT_PEOPLE.match(sentence.text, c.end) and not _SECOND_OF_N_FOR_N.search(sentence.text, 0, c.start):
            continue  # "3 prisoner swaps" names swaps; "a 250-for-250 prisoner swap" names people
        found.append((sentence.start + c.start, sentence.start + c.end, c.text, c))
    for m in SAME_NUMBER.finditer(sentence.text):
        found.append((sentence.start + m.start(), sentence.start + m.end(), m.group(0), None))
    return sorted(found, key=lambda f: f[0])


def is_candidate(sentence: Sentence) -> bool:
    """Handover words and at least one count that the text does not rule out (plans, tallies, ages, ...)."""
    text = sentence.text
    if not EXCHANGE_WORDS.search(text):
        return False
    counts = sentence_counts(sentence)
    starts = tuple(a - sentence.start for a, _, _, _ in counts)
    return any(
        read_number(text, a - sentence.start, b - sentence.start, starts).role != "not_handed_over"
        for a, b, _, _ in counts
    )


def _sets_scene(sentence: Sentence) -> bool:
    return bool(EXCHANGE_WORDS.search(sentence.text) or DATE_WORDS.search(sentence.text)) and not (
        COMMITMENT.search(sentence.text) or TALLY.search(sentence.text)
    )


def find_passages(text: str) -> list[Passage]:
    """The article's candidate passages, in order, each with its counts marked."""
    sentences = split_sentences(text)
    seen: set[str] = set()
    unique: list[Sentence] = []
    for s in sentences:
        key = _norm(s.text)
        if key in seen:
            continue
        seen.add(key)
        unique.append(s)

    candidate = [is_candidate(s) for s in unique]
    for idx in range(1, len(unique)):  # "Among them are 195 soldiers and 12 civilians." after a candidate
        if candidate[idx - 1] and not candidate[idx] and BREAKDOWN_OPENING.search(unique[idx].text):
            candidate[idx] = len(sentence_counts(unique[idx])) >= 2
        elif candidate[idx - 1] and not candidate[idx] and REVISION.search(unique[idx].text):
            candidate[idx] = bool(sentence_counts(unique[idx]))  # "The figure was later revised to 1,000 bodies."
    runs: list[list[Sentence]] = []
    current: list[Sentence] = []
    for idx, s in enumerate(unique):
        if candidate[idx] and len(current) < MAX_SENTENCES:
            if not current and idx > 0:
                prev = unique[idx - 1]
                if prev.paragraph == s.paragraph and _sets_scene(prev) and not candidate[idx - 1]:
                    current.append(prev)
            current.append(s)
        else:
            if current:
                runs.append(current)
            current = [s] if candidate[idx] else []
    if current:
        runs.append(current)

    passages = []
    for run in runs:
        start, end = run[0].start, run[-1].end
        marks: list[Mark] = []
        for s in run:
            for a, b, t, c in sentence_counts(s):
                marks.append(Mark(id=f"N{len(marks) + 1}", start=a, end=b, text=t, count=c))
        passages.append(Passage(start, end, text[start:end], tuple(run), tuple(marks)))
    return passages


def clause_around(text: str, sentence: Sentence, start: int, end: int) -> tuple[int, int]:
    """The clause of ``sentence`` holding the span [start, end): the evidence for one number."""
    a, b = lx.clause_around(sentence.text, start - sentence.start, end - sentence.start)
    return sentence.start + a, sentence.start + b
