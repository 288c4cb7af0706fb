"""From settled readings to events: drafts per sentence, merged into exchanges, finished into records.

Rules (each general English about exchanges, none fitted to an article):

* A draft is one candidate sentence: its transfers (one per side and
  category; "each" gives both sides), its combined total, its own date words
  (the date expression nearest its numbers, else the scene-setting sentence
  before it), and whether it calls itself an earlier exchange.
* Drafts merge, in text order, into the first event they are compatible with:
  same kind, no contradicting count for the same side and category, no
  contradicting total, compatible dates, and the same earlier/latest standing
  unless both carry a date. A draft that only restates parts of an event (a
  smaller count of the same side and category, no date of its own) joins it
  without adding transfers; a number that equals the sum of the event's
  parts is its total.
* Roles: the first event that is neither called earlier nor dated more than
  7 days before publication is primary; every other event is background.
* Date: the event's own words, resolved against publication; a primary
  without date words takes the publication date; a background one stays null.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from . import lexicon as lx
from .articles import Article
from .candidates import Passage, Sentence, clause_around
from .cues import belongs_to_deal, date_words, said_before
from .dates import compatible as dates_compatible
from .dates import DateValue, older_than
from .models import ArticleRef, EventDate, EventRecord, Evidence, Issue, Provenance, Total, Transfer
from .normalise import resolve_date
from .quantity import satisfies
from .readings import Marked
from .validate import validate_article_records, with_validation

BACKGROUND_AFTER_DAYS = 7


@dataclass
class Draft:
    """What one sentence says about one exchange."""

    passage: Passage
    sentence: Sentence
    transfers: list[Transfer]
    total: Total | None
    date: EventDate | None
    earlier: bool
    attempts: int = 0  # model answers received for its passage (0: the words decided everything)
    corrections: list[Issue] = field(default_factory=list)
    first_answer_rejected: bool = False  # its passage's first answer failed the answer check and was asked again
    revises: bool = False  # its words replace an earlier figure ("later revised the figure to 77")
    category: str | None = None  # of the total, or of an exchange named without counts


def _evidence(article: Article, item: Marked) -> Evidence:
    a, b = clause_around(article.text, item.sentence, item.mark.start, item.mark.end)
    return Evidence(quote=article.text[a:b], start=a, end=b)


def _transfer(article: Article, item: Marked, to: str) -> Transfer:
    qualifier = item.mark.count.qualifier if item.mark.count is not None else "exact"
    return Transfer(
        to=to, category=item.category, count=item.count, qualifier=qualifier, count_text=item.mark.text,  # type: ignore[arg-type]
        evidence=_evidence(article, item), basis=item.basis, rules=list(item.rules),
    )  # fmt: skip


def _draft_date(article: Article, passage: Passage, sentence: Sentence, near: int) -> tuple[EventDate | None, bool]:
    """The sentence's own date words (or the scene sentence's, for a passage's first candidate) and 'earlier'."""
    scene = passage.sentences[0] if passage.sentences[0] != sentence and not any(
        passage.sentences[0].start <= m.start < passage.sentences[0].end for m in passage.marks
    ) else None
    earlier = says_earlier(sentence.text)
    found = date_words(sentence.text, near)
    if found is None and scene is not None and sentence == passage.sentences[1]:
        found = date_words(scene.text, len(scene.text))
        earlier = earlier or says_earlier(scene.text)
    if found is None:
        return None, earlier
    words = found.group(0).strip()
    r = resolve_date(words, article.published)
    return EventDate(value=r.value, precision=r.precision, text=words, basis=r.basis), earlier


def says_earlier(text: str) -> bool:
    """Words calling the exchange an earlier one ("previously", "the last swap"), but not the time of a deal
    ("repatriations agreed at talks earlier this month") nor of a saying ("Earlier, the ministry said 80 ...")."""
    return any(
        not belongs_to_deal(text, m.start()) and not (m.group(0).lower().startswith("earlier") and _EARLIER_SAID.match(text, m.end()))
        for m in lx.EARLIER.finditer(text)
    )


# "Earlier, the regional head said Kyiv was freeing 80": when it was said, before the handover words
_EARLIER_SAID = re.compile(
    r"(?:\s+on\s+\w+)?,?\s+(?:[^.;,]{0,80}?\s)?(?:said|says|told|announced|reported|wrote|stated|confirmed)\b", re.I
)
_EARLIER_SAID_AT = re.compile(rf"\bearlier{_EARLIER_SAID.pattern}", re.I)


def _episodes(sentence: Sentence, mine: list[Marked]) -> list[tuple[int, int]]:
    """Stretches of a sentence telling different exchanges, each with its own date words ("In May the sides
    swapped 1,000 each, and on Monday a further 49 came home"); the whole sentence when it tells one."""
    text = sentence.text
    cuts = [0] + [m.end() for m in lx.GATE_BREAK.finditer(text)] + [len(text)]
    pieces = [(a, b) for a, b in zip(cuts, cuts[1:]) if b > a]
    groups: list[list[int]] = []
    for a, b in pieces:
        dated = date_words(text[a:b]) is not None
        if groups and not dated:
            groups[-1][1] = b  # no date of its own: the same exchange as before
        else:
            groups.append([a, b])
    with_items = [(a, b) for a, b in groups if any(a <= i.mark.start - sentence.start < b for i in mine)]
    if len(with_items) < 2:
        return [(0, len(text))]
    return [(a, b) for a, b in groups]


def build_drafts(article: Article, passage: Passage, items: list[Marked]) -> list[Draft]:
    drafts = []
    for sentence in dict.fromkeys(i.sentence for i in items):
        everything = [i for i in items if i.sentence == sentence and i.category in ("bodies", "prisoners_of_war", "civilians", "children", "other")]
        episodes = _episodes(sentence, everything)
        for a, b in episodes:
            mine = [i for i in everything if a <= i.mark.start - sentence.start < b]
            draft = _sentence_draft(article, passage, sentence, mine, (a, b) if len(episodes) > 1 else None)
            if draft is not None:
                drafts.append(draft)
    return drafts


def _sentence_draft(
    article: Article, passage: Passage, sentence: Sentence, mine: list[Marked], episode: tuple[int, int] | None
) -> Draft | None:
    """What one sentence (or one episode of it) says: its transfers, total, date words, earlier-words."""
    transfers: list[Transfer] = []
    total: Total | None = None
    total_category: str | None = None
    for i in mine:
        if i.role == "transfer" and i.side in ("ukraine", "russia"):
            transfers.append(_transfer(article, i, i.side))
        elif i.role == "each":
            transfers += [_transfer(article, i, "ukraine"), _transfer(article, i, "russia")]
        elif i.role == "total" and total is None and i.count is not None:
            q = i.mark.count.qualifier if i.mark.count else "exact"
            total = Total(count=i.count, qualifier=q, count_text=i.mark.text, evidence=_evidence(article, i))  # type: ignore[arg-type]
            total_category = i.category
    if not transfers and total is None:
        return None
    first = min((i.mark.start for i in mine), default=sentence.start) - sentence.start
    if episode is None:
        when, earlier = _draft_date(article, passage, sentence, first)
    else:
        when, earlier = _episode_date(article, sentence, episode, first)
    revises = bool(lx.REVISION.search(sentence.text))
    kept = _one_per_key(transfers[::-1] if revises else transfers)  # "revised from 75 to 77": the later figure
    notes = [_revision_note(t, k) for t in transfers for k in kept if revises and _replaced(t, k)]
    return Draft(passage, sentence, kept, total, when, earlier, corrections=notes, category=total_category, revises=revises)


def _episode_date(article: Article, sentence: Sentence, episode: tuple[int, int], near: int) -> tuple[EventDate | None, bool]:
    """The date words and earlier-words of one episode of a sentence."""
    a, b = episode
    text = sentence.text[a:b]
    earlier = says_earlier(text) or bool(re.search(r"\b(?:previous|prior|last)\s+one\b", text, re.I))
    found = date_words(text, near - a)
    if found is None:
        return None, earlier
    words = found.group(0).strip()
    r = resolve_date(words, article.published)
    return EventDate(value=r.value, precision=r.precision, text=words, basis=r.basis), earlier


def _replaced(old: Transfer, new: Transfer) -> bool:
    return (old.to, old.category) == (new.to, new.category) and old is not new and old.count != new.count


def _revision_note(old: Transfer, new: Transfer) -> Issue:
    return Issue(
        code="revised_count", severity="warning", field="transfers",
        message=f"the article revises the figure for {new.category} to {new.to} from {old.count_text!r} to "
                f"{new.count_text!r} ({new.evidence.quote!r}); the revised figure is kept",
    )  # fmt: skip


def _one_per_key(transfers: list[Transfer]) -> list[Transfer]:
    """One transfer per side and category in a sentence: an exact count wins over a vague one."""
    out: dict[tuple[str, str], Transfer] = {}
    for t in transfers:
        old = out.get((t.to, t.category))
        if old is None or (old.qualifier != "exact" and t.qualifier == "exact"):
            out[(t.to, t.category)] = t
    return list(out.values())


# ---------------------------------------------------------------------------
# Merging drafts into events
# ---------------------------------------------------------------------------


def _compatible_counts(a: Transfer | Total, b: Transfer | Total) -> bool:
    if a.count is None or b.count is None:
        return True
    for x, y in ((a, b), (b, a)):
        if x.qualifier == "exact" and y.qualifier == "exact":
            return x.count == y.count
        if x.qualifier == "exact":
            return satisfies(x.count, y.qualifier, y.count)  # type: ignore[arg-type]
    return True


@dataclass
class Event:
    drafts: list[Draft]
    restated: list[Draft] = field(default_factory=list)  # drafts that only restated parts

    @property
    def transfers(self) -> dict[tuple[str, str], Transfer]:
        merged: dict[tuple[str, str], Transfer] = {}
        for d in self.drafts:
            for t in d.transfers:
                old = merged.get((t.to, t.category))
                revised = d.revises and t.qualifier == "exact" and t.count is not None
                if old is None or revised or (old.qualifier != "exact" and t.qualifier == "exact" and t.count is not None):
                    merged[(t.to, t.category)] = t
        return merged

    @property
    def own_date(self) -> EventDate | None:
        dated = [d.date for d in self.drafts if d.date is not None]
        return dated[0] if dated else None

    def parts_sum(self) -> int | None:
        parts = list(self.transfers.values())
        if len(parts) >= 2 and all(p.count is not None and p.qualifier == "exact" for p in parts):
            return sum(p.count for p in parts)  # type: ignore[misc]
        return None


def _same_standing(event: Event, draft: Draft) -> bool:
    own = event.own_date
    if own is not None and draft.date is not None:
        return dates_compatible(own.value, draft.date.value) and (own.value is not None or own.text == draft.date.text)
    return draft.earlier == all(d.earlier for d in event.drafts)


def compatible(event: Event, draft: Draft) -> bool:
    """May ``draft`` describe the same exchange as ``event``? (rules in the module docstring)"""
    ours = event.transfers
    if ours and draft.transfers and not _same_family(list(ours.values()), draft.transfers) and not _also_in_it(event, draft):
        return False
    if any((t.to, t.category) in ours and not _compatible_counts(ours[(t.to, t.category)], t) for t in draft.transfers):
        return False
    totals = [d.total for d in event.drafts if d.total is not None]
    if draft.total is not None:
        if any(not _compatible_counts(t, draft.total) for t in totals):
            return False
        s = event.parts_sum()
        probe = Total(count=s, evidence=Evidence(quote="")) if s is not None else None
        if probe is not None and not _compatible_counts(probe, draft.total):
            return False
    if not _same_standing(event, draft):
        return False
    shares = any((t.to, t.category) in ours for t in draft.transfers)
    return shares or not draft.transfers or not ours or draft.date is None or event.own_date is None


_PART_WORDS = re.compile(r"\b(?:of\s+(?:our|its|their|them|these|those)|also|among)\b", re.I)


_ALSO = re.compile(r"\b(?:also|as\s+well|alongside|together\s+with|in\s+addition)\b", re.I)


def _also_in_it(event: Event, draft: Draft) -> bool:
    """"... each freed 103 prisoners. The Ukrainian side also received the bodies of two soldiers.": the next
    sentence, with no date or earlier-words of its own, adds another kind of transfer to the same exchange."""
    last = event.drafts[-1].sentence
    return (
        draft.date is None and not draft.earlier and bool(_ALSO.search(draft.sentence.text))
        and 0 <= draft.sentence.start - last.end < 300
    )  # fmt: skip


def _family(transfers: list[Transfer]) -> str:
    cats = {t.category for t in transfers}
    return "mixed" if "bodies" in cats and cats - {"bodies"} else "bodies" if "bodies" in cats else "living"


def _same_family(a: list[Transfer], b: list[Transfer]) -> bool:
    """Bodies and living people are different exchanges; POWs, civilians and children may be one swap."""
    fa, fb = _family(a), _family(b)
    return fa == fb or "mixed" in (fa, fb)


def _restates_parts(event: Event, draft: Draft) -> bool:
    """A draft with no date of its own, in a passage of the event or saying it is a part ("of our", "also"),
    whose every count is at most the event's count for the same side and category."""
    if draft.date is not None or draft.earlier or draft.total is not None or not draft.transfers:
        return False
    if _EARLIER_SAID_AT.search(draft.sentence.text):
        return False  # "Earlier, officials reported ...": another figure said before may be another exchange
    ours = event.transfers
    anchored = any((t.to, t.category) in ours and ours[(t.to, t.category)].count == t.count for t in draft.transfers)
    if not (anchored or any(d.passage is draft.passage for d in event.drafts) or _PART_WORDS.search(draft.sentence.text)):
        return False
    return all(
        (t.to, t.category) in ours and t.count is not None and ours[(t.to, t.category)].count is not None
        and ours[(t.to, t.category)].qualifier == "exact" and t.count <= ours[(t.to, t.category)].count  # type: ignore[operator]
        for t in draft.transfers
    )  # fmt: skip


def _as_total(event: Event, draft: Draft) -> Draft | None:
    """A one-number draft whose count is the sum of the event's parts: its total ("26 people were freed")."""
    s = event.parts_sum()
    if s is None or draft.total is not None or len(draft.transfers) != 1 or draft.transfers[0].count != s:
        return None
    t = draft.transfers[0]
    total = Total(count=t.count, qualifier=t.qualifier, count_text=t.count_text, evidence=t.evidence)
    return Draft(draft.passage, draft.sentence, [], total, draft.date, draft.earlier, draft.attempts, draft.corrections)


_EXCHANGE_NOUN = re.compile(
    r"\b(?:exchange|swap|repatriation|handover|transfer)s?\b|\b(?:swapped|exchanged|traded)\b|\bthe\s+return\s+of\b", re.I
)
_LAST_EXCHANGE = re.compile(
    r"\b(?:last|previous|prior|earlier|most\s+recent)\b[^.;]{0,60}?\b(?:exchange|swap|repatriation|handover|return)\w*\b[^.;]{0,60}?"
    r"\b(?:took\s+place|was\s+held|happened|occurred|was\s+conducted|was\s+carried\s+out|was\s+completed)\b"
    r"|\b(?:last|previously)\s+(?:conducted|held|carried\s+out|completed)\s+an?\s+(?:[\w-]+\s+)?(?:exchange|swap|repatriation)\b"
    # "The previous swap on Oct. 2 was also mediated by ...", "an earlier exchange, in March, ...", "the first since the one on June 26"
    r"|\b(?:last|previous|prior|earlier|most\s+recent)\s+(?:[\w-]+\s+)?(?:exchange|swap|repatriation|handover)s?,?\s+(?:on|in)\s+(?=[A-Z0-9])"
    r"|\bsince\s+the\s+(?:one|last\s+one|previous\s+one|last\s+(?:exchange|swap))\s+(?:on|in)\s+(?=[A-Z0-9])"
    # "the two sides held their first swap in May 2022"
    rf"|\bfirst\s+(?:[\w-]+\s+)?(?:exchange|swap)\s+(?:on|in)\s+(?:{lx.MONTH_NAMES}|\d{{1,2}}\s+(?:{lx.MONTH_NAMES})|(?:19|20)\d\d)\b",
    re.I,
)


def _about(sentence: Sentence, before: str) -> str:
    """What an exchange named without figures handed over: its own words, else the text just before it."""
    for text in (sentence.text, before):
        if lx.BODY_WORDS.search(text) and not lx.LIVING.search(text):
            return "bodies"
        if lx.LIVING.search(text) or lx.SOLDIER_WORDS.search(text):
            return "prisoners_of_war"
        if re.search(r"\brepatriation", text, re.I):
            return "bodies"
    return "prisoners_of_war"


_COUNTLESS_SWAP = re.compile(
    r"\b(?:exchanged|swapped|traded)\s+(?:[\w-]+\s+){0,3}?(?:prisoners|POWs|captives|bodies|remains|soldiers|"
    r"servicemen|civilians|detainees)\b",
    re.I,
)


def _countless_primary(article: Article, sentences: list[Sentence]) -> Draft | None:
    """An article whose only exchange has no figure at all ("Ukraine and Russia swapped prisoners again on
    Friday"): a primary event with both sides' counts unknown."""
    from .candidates import sentence_counts

    for s in sentences:
        if not (_COUNTLESS_SWAP.search(s.text) and lx.RECIPROCAL.search(s.text)) or sentence_counts(s):
            continue
        if lx.COMMITMENT.search(s.text) or lx.FAILED.search(s.text) or lx.TALLY.search(s.text) or lx.EARLIER.search(s.text):
            continue
        found = date_words(s.text, 0)
        when = None
        if found is not None:
            r = resolve_date(found.group(0).strip(), article.published)
            when = EventDate(value=r.value, precision=r.precision, text=found.group(0).strip(), basis=r.basis)
        passage = Passage(s.start, s.end, s.text, (s,), ())
        return Draft(passage, s, [], None, when, False, category=_about(s, ""))
    return None


def countless_drafts(article: Article, passages: list[Passage]) -> list[Draft]:
    """An earlier exchange named with a date but no figure ("The last swap took place on May 5"); and, in an
    article with no figure of any exchange, the exchange it reports without one."""
    from .candidates import sentence_counts, split_sentences

    inside = [(p.start, p.end) for p in passages]
    drafts = []
    sentences = split_sentences(article.text)
    if not passages:
        primary = _countless_primary(article, sentences)
        if primary is not None:
            drafts.append(primary)
    for s in sentences:
        last = _LAST_EXCHANGE.search(s.text)
        if any(a <= s.start < b for a, b in inside) or not last or sentence_counts(s):
            continue
        seg_a, seg_b = lx.segment_around(s.text, last.start(), last.end())  # "..., weeks after a plane was shot down"
        if lx.COMMITMENT.search(s.text, seg_a, seg_b) or lx.FAILED.search(s.text, seg_a, seg_b):
            continue
        found = date_words(s.text, 0)
        if found is None:
            continue
        words = found.group(0).strip()
        r = resolve_date(words, article.published)
        when = EventDate(value=r.value, precision=r.precision, text=words, basis=r.basis)
        passage = Passage(s.start, s.end, s.text, (s,), ())
        drafts.append(Draft(passage, s, [], None, when, True, category=_about(s, article.text[max(0, s.start - 400) : s.start])))
    return drafts


def lead_date(article: Article, event: Event) -> EventDate | None:
    """Date words of the lead for a primary event without its own: the nearest sentence before it (or
    the two after it) that names an exchange and a date, has no figure and is not an earlier, planned or
    failed one ("Ukraine and Russia swapped prisoners on Friday, officials said.")."""
    from .candidates import sentence_counts, split_sentences

    first = event.drafts[0].sentence
    sentences = split_sentences(article.text)
    at = next((k for k, s in enumerate(sentences) if s.start == first.start), None)
    if at is None:
        return None
    order = list(range(at - 1, -1, -1)) + [k for k in (at + 1, at + 2) if k < len(sentences)]
    for k in order:
        s = sentences[k]
        if not _EXCHANGE_NOUN.search(s.text) or sentence_counts(s):
            continue
        if lx.EARLIER.search(s.text) or lx.COMMITMENT.search(s.text) or lx.FAILED.search(s.text):
            continue
        if lx.TALLY.search(lx.ORDINAL_SINCE.sub(" ", s.text)):
            continue
        found = date_words(s.text, 0)
        if found is not None:
            words = found.group(0).strip()
            r = resolve_date(words, article.published)
            return EventDate(value=r.value, precision=r.precision, text=words, basis=r.basis)
    return None


def _conflicting_restatement(event: Event, draft: Draft) -> list[Issue] | None:
    """A draft with no date of its own that restates the event with another figure for some side.

    Different sources in one article may disagree ("207 came home" / "195 were
    handed over"): when at least one of the draft's figures agrees with the
    event and every side and category it names is already in the event, it is
    the same exchange. The event keeps its first exact figures; each
    disagreement is a ``conflicting_counts`` warning on the record.
    """
    if draft.date is not None or draft.earlier or not draft.transfers:
        return None
    ours = event.transfers
    if not _same_family(list(ours.values()), draft.transfers):
        return None
    if not all((t.to, t.category) in ours for t in draft.transfers) and not _other_source(event, draft):
        return None  # a side the event lacks: only another source's sentence right after adds it
    shared = [t for t in draft.transfers if (t.to, t.category) in ours]
    agree = [t for t in shared if _compatible_counts(ours[(t.to, t.category)], t)]
    if not shared or len(agree) == len(shared):
        return None
    if not agree and not (_other_source(event, draft) or draft.revises):
        return None  # no figure agrees: only a source's own count, close and right after, is of the same exchange
    if draft.revises:
        return [_revision_note(ours[(t.to, t.category)], t) for t in shared if t not in agree]
    return [_conflict_note(t, ours[(t.to, t.category)]) for t in shared if t not in agree]


def _conflict_note(said: Transfer, kept: Transfer) -> Issue:
    """Another figure the article gives for a side and category the event has: a warning, the first figure kept."""
    return Issue(
        code="conflicting_counts", severity="warning", field="transfers",
        message=f"the article also says {said.count_text!r} for {said.category} to {said.to} ({said.evidence.quote!r}); "
                f"the first figure, {kept.count}, is kept",
    )  # fmt: skip


_SOURCE = re.compile(r"\b(?:said|says|according\s+to|reported|claimed|stated|put\s+the\s+(?:figure|number))\b", re.I)


def _other_source(event: Event, draft: Draft) -> bool:
    """"Kyiv said 82 came home. Moscow said it handed over 84.": the next sentence, a source's own close figures."""
    last = event.drafts[-1].sentence
    ours = event.transfers
    shared = [t for t in draft.transfers if (t.to, t.category) in ours]
    return (
        0 <= draft.sentence.start - last.end < 200 and bool(_SOURCE.search(draft.sentence.text)) and bool(shared)
        and all(_close(ours[(t.to, t.category)].count, t.count) for t in shared)
    )  # fmt: skip


def _close(a: int | None, b: int | None) -> bool:
    """Two sources' counts of one exchange: within a fifth of each other ("82 came home" / "84 were handed over")."""
    return a is not None and b is not None and (min(a, b) >= 0.8 * max(a, b) or abs(a - b) <= 3)


MERGE_WINDOW = 64  # events a draft is compared with: a news article has a handful; a huge file stays linear


def merge_drafts(drafts: list[Draft]) -> list[Event]:
    """Greedy, in text order: each draft joins the first event it fits (or restates), else starts a new one.

    Only the first and the last ``MERGE_WINDOW`` events are candidates, so a file of thousands of
    exchange sentences is merged in linear time; the first ones hold the headline and the lead.
    """
    events: list[Event] = []
    for d in drafts:
        window = events if len(events) <= MERGE_WINDOW else events[:8] + events[-(MERGE_WINDOW - 8) :]
        target = next((e for e in window if compatible(e, d)), None)
        if target is not None:
            target.drafts.append(d)
            continue
        for e in window:
            as_total = _as_total(e, d)
            if as_total is not None and compatible(e, as_total):
                e.drafts.append(as_total)
                break
            conflicts = _conflicting_restatement(e, d)
            if conflicts is not None:
                d.corrections = d.corrections + conflicts
                e.drafts.append(d)
                break
            if _restates_parts(e, d):
                e.restated.append(d)
                break
        else:
            events.append(Event([d]))
    return events


def _unmarked(event: Event, anchor: Event) -> bool:
    """No words of its own mark it as another exchange: not called earlier or previous, and no date but the
    anchor's own ("... released in the swap on Sept. 21" in an article about the Sept. 21 swap)."""
    own = anchor.own_date
    return all(
        not d.earlier and (
            d.date is None or (own is not None and own.value is not None and d.date.value == own.value)
            or (own is None and _said_on(d))  # "a mediator said on Thursday ...": when it was said, the anchor undated
            or (own is not None and _quoted_today(d))  # "'today our team brought 189 home,' he said": the saying's day
        )
        for d in event.drafts
    )


def _quoted_today(draft: Draft) -> bool:
    """The draft's date is "today" or "yesterday" inside a quotation: the day of the saying, not another exchange."""
    text, words = draft.sentence.text, (draft.date.text or "") if draft.date else ""
    at = text.lower().find(words.lower()) if words.lower() in ("today", "yesterday") else -1
    if at < 0:
        return False
    before, after = text[:at], text[at:]
    straight = before.count('"') % 2 == 1 or after.count('"') % 2 == 1
    return before.count("“") > before.count("”") or after.count("”") > after.count("“") or straight


def _said_on(draft: Draft) -> bool:
    """The draft's date words are the date of a saying ("said on Thursday"), not of a handover."""
    text, words = draft.sentence.text, draft.date.text if draft.date else None
    at = text.find(words) if words else -1
    return at > 0 and said_before(text, at)


def _fold_into(anchor: Event, event: Event) -> None:
    """``event`` tells more of ``anchor``'s exchange: a side or category the anchor lacks is added; a figure
    for one it has is a restatement or a part (smaller or equal) or another source's figure (larger: a
    ``conflicting_counts`` warning, the anchor's figure kept)."""
    ours = anchor.transfers
    for d in event.drafts:
        new = [t for t in d.transfers if (t.to, t.category) not in ours]
        larger = [t for t in d.transfers if (t.to, t.category) in ours and _exceeds(t, ours[(t.to, t.category)])]
        notes = [_conflict_note(t, ours[(t.to, t.category)]) for t in larger]
        if new:
            anchor.drafts.append(Draft(d.passage, d.sentence, new, None, None, False, d.attempts, d.corrections + notes))
        else:
            anchor.restated.append(d)
            if notes:
                anchor.drafts[0].corrections = anchor.drafts[0].corrections + notes


def _exceeds(t: Transfer, ours: Transfer) -> bool:
    return t.count is not None and ours.count is not None and t.count > ours.count and not _compatible_counts(t, ours)


# Words saying an exchange ran over several days or stages: "the three-day exchange", "completed the swap".
_STAGED = re.compile(
    r"\b(?:two|three|four|five|\d)-day\s+(?:[\w-]+\s+)?(?:exchange|swap)|\bin\s+(?:several\s+|two\s+|three\s+)?(?:stages|phases)\b|"
    r"\b(?:completed|wrapp(?:ed|ing)\s+up|concluded|finished)\s+(?:the\s+)?(?:[\w-]+\s+){0,2}?(?:exchange|swap)\b",
    re.I,
)


def _a_stage_of(anchor: Event, event: Event, text: str) -> bool:
    """In an article about an exchange run over several days ("completed the three-day swap of 1,000 each"),
    an earlier day's figures, each within the whole's figure for that side, are a stage of it, not another one."""
    own = anchor.own_date
    if not _STAGED.search(text) or own is None or own.value is None or not event.transfers:
        return False
    day = DateValue.parse(own.value)
    whole_day = day.last_day() if day is not None else None
    dates = [d.date.value for d in event.drafts if d.date is not None and d.date.value is not None]
    if whole_day is None or not dates or any(d.earlier for d in event.drafts):
        return False
    if not all(v <= own.value and not older_than(v, whole_day, BACKGROUND_AFTER_DAYS) for v in dates):
        return False  # a stage is within the week before the day the whole was completed
    whole = {t.to: t.count for t in anchor.transfers.values() if t.count is not None and t.qualifier == "exact"}
    return all(t.to in whole and t.count is not None and t.count <= whole[t.to] for t in event.transfers.values())


def fold_unmarked(events: list[Event], published: date | None, text: str = "") -> list[Event]:
    """A news article is about one exchange unless its words mark another (a date of its own, "earlier",
    "previous"): an event with no such mark, of the same family (bodies, or living people) as the article's
    primary event, is part of the primary one (``_fold_into``), not an exchange of its own."""
    roles = roles_of(events, published)
    anchor = next((e for e, r in zip(events, roles) if r == "primary"), None)
    if anchor is None or not anchor.transfers:
        return events
    kept = []
    for e in events:
        unmarked = e is not anchor and _unmarked(e, anchor)
        same_family = _same_family(list(anchor.transfers.values()), list(e.transfers.values()))
        if unmarked and e.transfers and same_family and not _reported_earlier_with_other_figures(anchor, e):
            _fold_into(anchor, e)
        elif unmarked and not e.transfers and any(d.total for d in e.drafts):
            _fold_total(anchor, e)
        elif e is not anchor and _a_stage_of(anchor, e, text):
            anchor.restated.extend(e.drafts)
        else:
            kept.append(e)
    return kept


def _reported_earlier_with_other_figures(anchor: Event, event: Event) -> bool:
    """"Earlier, X reported that Ukraine had received 254 bodies" beside the article's 501: a figure said
    earlier that differs from the exchange's own for the same side may be another exchange; it stays apart."""
    if not any(_EARLIER_SAID_AT.search(d.sentence.text) for d in event.drafts):
        return False
    ours = anchor.transfers
    return any((k in ours and ours[k].count != t.count) for k, t in event.transfers.items())


def _fold_total(anchor: Event, event: Event) -> None:
    """An unmarked figure for both sides together ("a mediator said 310 were freed") told of the article's
    exchange: its total when the exchange has none and its parts allow it, else another source's figure."""
    for d in event.drafts:
        total = d.total
        s = anchor.parts_sum()
        if total is None:
            continue
        if not any(x.total for x in anchor.drafts) and (s is None or _compatible_counts(Total(count=s, evidence=Evidence(quote="")), total)):
            anchor.drafts.append(d)
            continue
        anchor.restated.append(d)
        stated = next((x.total.count for x in anchor.drafts if x.total), s)
        anchor.drafts[0].corrections = anchor.drafts[0].corrections + [
            Issue(code="conflicting_counts", severity="warning", field="total",
                  message=f"the article also says {total.count_text!r} for both sides together ({total.evidence.quote!r}); "
                          f"{stated} is kept")
        ]  # fmt: skip


# ---------------------------------------------------------------------------
# Finishing events into records
# ---------------------------------------------------------------------------


def kind_of(transfers: list[Transfer]) -> str:
    """bodies only -> body_repatriation; any POWs -> prisoner_exchange (civilians freed alongside
    are part of the swap); civilians/children only -> civilian_return; bodies with living people -> mixed."""
    cats = {t.category for t in transfers}
    living = cats & {"prisoners_of_war", "civilians", "children"}
    if "bodies" in cats and living:
        return "mixed"
    if "prisoners_of_war" in cats:
        return "prisoner_exchange"
    if living:
        return "civilian_return"
    return "body_repatriation"


def retry_counts(drafts: list[Draft]) -> tuple[int, int]:
    """Model calls behind some drafts (an event's), and how many of their passages' first answers were rejected.

    Counted once per passage: several drafts of one passage share its question.
    """
    passages = {d.passage.start: d for d in drafts}.values()
    return sum(d.attempts for d in passages), sum(d.first_answer_rejected for d in passages)


def roles_of(events: list[Event], published: date | None) -> list[str]:
    """The first event neither called earlier nor old is primary; all others are background."""
    roles = ["background"] * len(events)
    for i, e in enumerate(events):
        own = e.own_date
        old = older_than(own.value if own else None, published, BACKGROUND_AFTER_DAYS)
        if not old and not all(d.earlier for d in e.drafts):
            roles[i] = "primary"
            return roles
    for i, e in enumerate(events):
        own = e.own_date
        if not older_than(own.value if own else None, published, BACKGROUND_AFTER_DAYS):
            roles[i] = "primary"
            break
    return roles


def event_id(article: Article, record: dict[str, Any]) -> str:
    content = {k: record[k] for k in ("kind", "mention", "date", "transfers", "total")}
    blob = json.dumps([article.sha256, content], sort_keys=True)
    return hashlib.sha256(blob.encode()).hexdigest()[:16]


def _total_of(event: Event) -> Total | None:
    """An exact stated total; a vague one only when the parts do not already say more."""
    totals = [d.total for d in event.drafts if d.total is not None]
    exact = [t for t in totals if t.qualifier == "exact"]
    both = {t.to for t in event.transfers.values() if t.count is not None and t.qualifier == "exact"} == {"ukraine", "russia"}
    return exact[0] if exact else (totals[0] if totals and not both and not event.transfers else None)


def _unstated_transfers(event: Event, total: Total | None) -> list[Transfer]:
    """An exchange reported with a combined figure only, or with no figure: both sides, count null."""
    category = next((d.category for d in event.drafts if d.category), None) or "prisoners_of_war"
    where = total.evidence if total is not None else next(
        (Evidence(quote=d.sentence.text, start=d.sentence.start, end=d.sentence.end) for d in event.drafts), Evidence(quote="")
    )
    return [
        Transfer(to=side, category=category, count=None, qualifier="unknown", evidence=where, basis="text",  # type: ignore[arg-type]
                 rules=["count:not-stated"])
        for side in ("ukraine", "russia")
    ]  # fmt: skip


def _record(article: Article, event: Event, role: str, prov: Provenance, lead: EventDate | None = None) -> EventRecord:
    transfers = sorted(event.transfers.values(), key=lambda t: (t.evidence.start or 0, t.to))
    total = _total_of(event)
    if not transfers:
        transfers = _unstated_transfers(event, total)
    own = event.own_date
    if own is not None:
        date_ = own
    elif role == "primary" and lead is not None:
        date_ = lead
    elif role == "primary" and article.published is not None:
        date_ = EventDate(value=article.published.isoformat(), precision="day", text=None, basis="publication")
    else:
        date_ = EventDate()
    body = {
        "kind": kind_of(transfers), "mention": role, "date": date_.model_dump(),
        "transfers": [t.model_dump() for t in transfers], "total": total.model_dump() if total else None,
    }  # fmt: skip
    calls, findings = retry_counts(event.drafts)
    return EventRecord(
        event_id=event_id(article, body),
        article=ArticleRef(
            path=article.path, sha256=article.sha256,
            published=article.published.isoformat() if article.published else None, outlet=article.outlet,
        ),  # fmt: skip
        kind=body["kind"], mention=role, date=date_, transfers=transfers, total=total,  # type: ignore[arg-type]
        mediators=article_mediators(article.text) if role == "primary" else [],
        agreement=article_agreement(article.text) if role == "primary" else None,
        provenance=prov.model_copy(update={"attempts": calls, "first_answer_findings": findings}),
    )


def finish_events(article: Article, events: list[Event], prov: Provenance) -> list[EventRecord]:
    """Decide roles and dates, build the records, and validate them; corrections stay on the records."""
    roles = roles_of(events, article.published)
    records = []
    for e, role in zip(events, roles):
        lead = lead_date(article, e) if role == "primary" and e.own_date is None else None
        records.append(_record(article, e, role, prov, lead))
    issues = validate_article_records(records, article.text, article.published, strict=True)
    return [
        with_validation(r, [c for d in e.drafts for c in d.corrections] + i)
        for r, e, i in zip(records, events, issues)
    ]


# ---------------------------------------------------------------------------
# Mediators and agreements named by the article
# ---------------------------------------------------------------------------

_MEDIATION = re.compile(
    r"\b(mediat\w*|brokered|facilitated|helped|assist\w*|with the (?:help|participation|assistance|support) of)\b",
    re.IGNORECASE,
)
_GENERAL = re.compile(r"\b(these|several|many|some|previous|throughout)\b", re.IGNORECASE)
# "agreements signed in Geneva", "a deal struck at talks in Riyadh in May": the place, not the month.
_AGREEMENT = re.compile(
    rf"\b(?:agreements?|deal|talks|negotiations|accords?)\b[^.]{{0,60}}?\bin (?!(?:{lx.MONTH_NAMES})\b)([A-Z][a-z]+)"
)


def article_mediators(text: str) -> list[str]:
    """Mediators named in a sentence that says this exchange was mediated (not general statements)."""
    from .candidates import split_sentences

    found: list[str] = []
    for s in split_sentences(text):
        if not _MEDIATION.search(s.text) or _GENERAL.search(s.text):
            continue
        for name, pattern in lx.MEDIATORS.items():
            if re.search(pattern, s.text) and name not in found:
                found.append(name)
    return found


def article_agreement(text: str) -> str | None:
    m = _AGREEMENT.search(text)
    return f"{m.group(1)} agreements" if m else None
