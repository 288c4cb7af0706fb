"""From candidate passages to readings of every marked number: the text first, the model where it must.

1. ``cues.read_number`` reads each number's role, side and category from its
   own words.
2. What one number leaves open, its neighbours often settle, still from the
   text (rules named on the record):
   * ``category:context``: soldiers named with no word for living or dead
     take the category of the numbers and words around them;
   * ``side:reciprocity``: in an exchange sentence whose known numbers all
     went to one side, the other number went to the other side ("In exchange
     for 10 captured soldiers of the enemy, we rescued 10 of ours");
   * ``side:restatement``: the same count of the same category stated
     elsewhere in the article with a known side ("Ukraine returns 501 fallen
     soldiers" as headline, "501 bodies were returned to Ukraine" below);
   * ``side:context-nationality``: the one nationality the article gives
     people of that category ("Ukrainian children" ... "four others");
   * ``role:breakdown``: numbers of one category in one sentence that add up
     to a number stated before are its parts, not transfers of their own;
   * "the same number", "an equal number": the other side's count;
   * ``role:sum-of-parts``: a number nobody is named to receive that equals
     the sum of the passage's transfers is their total ("26 people were freed").
3. Only numbers whose side or category is still open go to the model; a
   passage whose numbers the text decided costs no model call.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from . import lexicon as lx
from .candidates import Mark, Passage, Sentence
from .cues import NOT_DONE, Reading, fired, read_number, speaker_side

# Words that set one side's number against the other's: "in exchange for", "in return", "while receiving".
_RECIPROCITY = re.compile(
    r"\b(?:in\s+exchange|in\s+return|in\s+turn|(?:exchanged|swapped|traded)\s+(?:\w+\s+){0,6}?for|for\s+the\s+return|"
    r"while|whereas|and\s+(?:has\s+|had\s+|have\s+)?(?:received|got|accepted|obtained|transferred|handed|returned)|"
    r"receiving|getting|accepting|obtaining|transferring|handing|returning)\b",
    re.I,
)
_IN_RETURN_OPENING = re.compile(r"^\W*(?:in\s+return|in\s+exchange|in\s+turn|in\s+response)\b", re.I)
CONCRETE = ("bodies", "prisoners_of_war", "civilians", "children", "other")


@dataclass
class Marked:
    """One marked number and what is known of it."""

    mark: Mark
    sentence: Sentence
    role: str
    side: str | None
    category: str | None
    rules: list[str] = field(default_factory=list)
    basis: str = "text"
    count: int | None = None  # resolved count ("the same number" -> the other side's)

    @property
    def open(self) -> bool:
        """Still needs the model: a transfer whose side or category the text left open."""
        return self.role == "transfer" and (self.side is None or self.category not in CONCRETE)


def _speaker_before(sentences: list[Sentence], start: int) -> str | None:
    """The side of the last attributed speaker in the three sentences before ``start``."""
    at = bisect.bisect_left([s.start for s in sentences], start)
    return next((side for side in (speaker_side(s.text) for s in reversed(sentences[max(0, at - 3) : at])) if side), None)


# "This was stated by the country's leader ...": the speaker of the quote before, named after it.
_STATED_BY = re.compile(
    r"^\W*(?:This|That|These\s+words|The\s+statement)\s+(?:was|were)\s+(?:stated|said|announced|written|reported|posted|made)\s+by\s+"
    r"(?P<who>[^.;]{3,120})",
    re.I,
)


def _speaker_after(sentences: list[Sentence], end: int, quoted: bool = False) -> str | None:
    """The side of a speaker named in one of the six sentences after ``end`` ("This was stated by ..."), or,
    for a passage inside an open quotation (``quoted``), the speaker the quotation's closing sentence names."""
    at = bisect.bisect_left([s.start for s in sentences], end)
    if quoted:
        for s in sentences[at : at + 3]:
            side = speaker_side(s.text)
            if side:
                return side
            if re.search(r"[”\"]", s.text):
                break  # the quotation closed without naming a side
    for s in sentences[at : at + 6]:
        m = _STATED_BY.match(s.text)
        if m:
            nat = lx.NATIONALITY.search(m["who"]) or lx.ACTOR.search(m["who"])
            if nat:
                return "ukraine" if nat["ua"] else "russia"
    return None


def read_marks(passage: Passage, sentences: list[Sentence] | None = None) -> list[Marked]:
    """The text's reading of every mark of a passage (``sentences``: the article's, for a speaker named before it)."""
    out: list[Marked] = []
    quoted = passage.text.count("“") > passage.text.count("”") or passage.text.count('"') % 2 == 1
    after = _speaker_after(sentences, passage.end, quoted) if sentences else None
    speaker: str | None = (after or _speaker_before(sentences, passage.start)) if sentences else None
    for s in passage.sentences:
        marks = [m for m in passage.marks if s.start <= m.start < s.end]
        starts = tuple(m.start - s.start for m in marks)
        speaker = speaker_side(s.text) or speaker  # a quote's speaker is often named a sentence before
        for m in marks:
            r: Reading = read_number(s.text, m.start - s.start, m.end - s.start, starts, speaker)
            out.append(
                Marked(
                    mark=m,
                    sentence=s,
                    role=r.role,
                    side=r.side,
                    category=r.category,
                    rules=list(r.why),
                    count=m.count.value if m.count is not None else None,
                )
            )
    return out


def _context_category(item: Marked, items: list[Marked], passage_text: str) -> tuple[str | None, str]:
    """Category for a number whose own words left it open: the sentence's numbers, then the passage's words."""
    same = [o for o in items if o is not item and o.sentence == item.sentence and o.category in CONCRETE]
    if same:
        nearest = min(same, key=lambda o: abs(o.mark.start - item.mark.start))
        if item.category is None or nearest.category in ("bodies", "prisoners_of_war"):
            return nearest.category, fired("category:context-sentence", nearest.mark.text)
    body = lx.BODY_WORDS.search(passage_text)
    living = lx.LIVING.search(passage_text)
    if item.category == "soldiers?" or item.category is None:
        if body and not living:
            return "bodies", fired("category:context-passage-bodies", body)
        if living and not body:
            return "prisoners_of_war", fired("category:context-passage-living", living)
    if item.category is None:
        for words, cat in ((lx.CHILD_WORDS, "children"), (lx.CIVILIAN_WORDS, "civilians")):
            if words.search(item.sentence.text):
                return cat, fired("category:context-sentence-words", words.search(item.sentence.text))
        if item.role == "each" and not body:
            return "prisoners_of_war", "category:swap-default"  # "the 250-for-250 swap was completed"
        return None, ""
    return "prisoners_of_war", "category:soldiers-default"


_OTHER_TIME = re.compile(
    rf"\b(?:last|previous|past)\s+(?:week|month|year|time)\b|\b(?:in|on|since)\s+(?:{lx.MONTH_NAMES})\b|\byesterday\b", re.I
)


def _same_exchange_text(passage: Passage, sentence: Sentence) -> str:
    """The passage's words about the same exchange as ``sentence``: sentences about an earlier one are left out
    ("Ukraine got back 84 soldiers on Friday. Last month, 757 bodies were returned." says nothing of the 84)."""
    other_time = lambda s: bool(lx.EARLIER.search(s.text) or _OTHER_TIME.search(s.text))  # noqa: E731
    if other_time(sentence):
        return passage.text  # itself one of a list of earlier exchanges: its neighbours are of its kind
    return " ".join(s.text for s in passage.sentences if s == sentence or not other_time(s))


def settle_categories(items: list[Marked], passage: Passage) -> None:
    for item in items:
        if item.role in ("transfer", "each", "total") and item.category not in CONCRETE:
            cat, why = _context_category(item, items, _same_exchange_text(passage, item.sentence))
            if cat is not None:
                item.category = cat
                item.rules.append(why)
            elif item.category == "soldiers?":
                item.category = None


def settle_same_number(items: list[Marked]) -> None:
    """"The same number" / "an equal number": the count of the sentence's other transfer, else of the sentence
    before; "the same number of servicemen": the last figure of that category before it, never another
    category's (run per passage, then over the article for what a passage could not settle)."""
    for item in items:
        if item.mark.count is not None or item.count is not None or item.role not in ("transfer", "each"):
            continue
        others = [o for o in items if o is not item and o.sentence == item.sentence and o.count is not None]
        if not others:  # "Kyiv received 84 soldiers. Moscow got back the same number.": the sentence before
            before = [o for o in items if o.sentence.end <= item.sentence.start and o.count is not None
                      and o.role in ("transfer", "each", "total")]  # never an age, a plan's or a tally's figure
            # "... the same number of servicemen": the last figure of that category, wherever it was
            alike = [o for o in before if item.category in (*CONCRETE, "soldiers?") and _alike(o.category, item.category)]
            if not alike and item.category in (*CONCRETE, "soldiers?"):
                continue
            pool = alike or before
            others = [o for o in pool if o.sentence == pool[-1].sentence] if pool else []
        others.sort(key=lambda o: (o.role != "transfer", o.category != item.category, abs(o.mark.start - item.mark.start)))
        if others:
            item.count = others[0].count
            item.rules.append("count:same-number")
            if item.category not in CONCRETE and others[0].category in CONCRETE:
                item.category = others[0].category
                item.rules.append("category:same-number")
            if item.side is None and others[0].side is not None:
                item.side = lx.OTHER_SIDE[others[0].side]
                item.rules.append(fired("side:same-number-other", others[0].mark.text))


def _alike(a: str | None, b: str | None) -> bool:
    """The same category, soldiers named neither alive nor dead counting as prisoners of war."""
    living = {"prisoners_of_war", "soldiers?"}
    return a == b or (a in living and b in living)


_AND_BETWEEN = re.compile(
    rf"^[^,;:\d]{{0,60}}?\s{lx.JOINED_BY}\s+(?:also\s+)?$|^[^;:\d]{{0,60}}?{lx.JOINED_AFTER_COMMA}", re.I
)


_ALONG_WITH = re.compile(
    r"^[^;:\d]{0,200}?\b(?:(?:together|along)\s+with|alongside|accompanied\s+by|,\s+as\s+well\s+as)\s+$", re.I
)  # "six children came home, accompanied by three mothers"


def settle_coordinated(items: list[Marked]) -> None:
    """"175 Ukrainian servicemen and two civilians were released": a number joined by "and" to the one before
    it, with no verb between, went to the same side."""
    for prev, item in zip(items, items[1:]):
        if item.side is not None or item.role != "transfer" or prev.side is None or prev.sentence != item.sentence:
            continue
        between = item.sentence.text[prev.mark.end - item.sentence.start : item.mark.start - item.sentence.start]
        shared = _ALONG_WITH.search(between)  # "150 soldiers came home, along with 12 civilians": one predicate
        if prev.role == "transfer" and (shared or (_AND_BETWEEN.match(between) and not lx.HANDOVER.search(between))):
            item.side = prev.side
            item.rules.append("side:coordinated")


def settle_reciprocity(items: list[Marked]) -> None:
    """In an exchange sentence whose known numbers all went to one side, the open ones went to the other."""
    prev_side: str | None = None
    prev_sentence: Sentence | None = None
    for sentence in dict.fromkeys(i.sentence for i in items):
        transfers = [i for i in items if i.sentence == sentence and i.role == "transfer"]
        known = {i.side for i in transfers if i.side is not None}
        open_ = [i for i in transfers if i.side is None]
        if open_ and len(known) == 1 and _RECIPROCITY.search(sentence.text):
            for i in open_:
                i.side = lx.OTHER_SIDE[next(iter(known))]
                i.rules.append(fired("side:reciprocity", _RECIPROCITY.search(sentence.text)))
        elif open_ and not known and prev_side and _IN_RETURN_OPENING.search(sentence.text) and prev_sentence:
            for i in open_:
                i.side = lx.OTHER_SIDE[prev_side]
                i.rules.append(fired("side:in-return-opening", _IN_RETURN_OPENING.search(sentence.text)))
        sides = {i.side for i in transfers if i.side is not None}
        prev_side = next(iter(sides)) if len(sides) == 1 else None
        prev_sentence = sentence


def _inner_breakdown(mine: list[Marked]) -> None:
    """Numbers after a number in one sentence that add up to it: of one category they are its parts ("207
    soldiers: 180 privates and 27 officers"); of several categories they are the transfers, and it is their total
    ("84 people: 78 soldiers and 6 civilians", "320 came home, 307 of them soldiers and 13 civilians")."""
    mine = [i for i in mine if i.role in ("transfer", "subgroup") and i.count is not None]
    for k, whole in enumerate(mine):
        parts = mine[k + 1 :]
        if whole.role != "transfer" or len(parts) < 2 or sum(p.count or 0 for p in parts) != whole.count:
            continue
        if whole.side is not None and any(p.side not in (None, whole.side) for p in parts):
            continue  # "Kyiv returned 55 to Russia, and Russia freed 52 Ukrainians, among them 3 journalists": no parts
        if len(_kinds(parts, whole)) >= 2:
            _whole_of_parts(whole, parts)
            return
        for p in parts:
            if p.role == "transfer":
                p.role = "subgroup"
                p.rules.append("role:breakdown-inner")
        return


def _kinds(parts: list[Marked], whole: Marked) -> set[str | None]:
    """The parts' categories, soldiers named neither alive nor dead counting as the whole's kind."""
    weak = "bodies" if whole.category == "bodies" else "prisoners_of_war"
    return {weak if p.category == "soldiers?" else p.category for p in parts}


def _whole_of_parts(whole: Marked, parts: list[Marked]) -> None:
    """The parts, of several categories, are the transfers; the whole is their total."""
    whole.role = "total"
    whole.rules.append("role:whole-of-parts")
    for p in parts:
        if p.role == "subgroup":
            p.role = "transfer"
            p.rules.append("role:breakdown-part")
        if p.side is None and whole.side is not None:
            p.side = whole.side
            p.rules.append("side:whole")


def _each_side_split(mine: list[Marked], previous: list[Marked]) -> None:
    """"exchanged 390 prisoners each. Kyiv said 270 soldiers and 120 civilians came home.": one side's figures,
    of several categories, adding up to the "each" figure before them, are that side's transfers."""
    parts = [i for i in mine if i.role == "transfer" and i.count is not None]
    sides = {p.side for p in parts}
    if len(parts) < 2 or len(sides) != 1 or None in sides:
        return
    wholes = [w for w in previous if w.role == "each" and w.count == sum(p.count or 0 for p in parts)]
    if len(wholes) == 1 and len(_kinds(parts, wholes[0])) >= 2:
        wholes[0].role, wholes[0].side = "transfer", lx.OTHER_SIDE[next(iter(sides))]
        wholes[0].rules.append("role:each-split-by-side")


def _breakdown_sentence(mine: list[Marked], previous: list[Marked]) -> None:
    """A sentence that only breaks down the number before it ("Among them are 195 soldiers and 12 civilians"):
    parts of several categories adding up to it are the transfers."""
    parts = [i for i in mine if i.role == "subgroup" and i.count is not None]
    restated = [p for p in parts if 2 * (p.count or 0) == sum(q.count or 0 for q in parts)]
    if restated and len(parts) > 2:  # "Of the 390, 270 were soldiers and 120 were civilians"
        parts.remove(restated[0])
        mine = [i for i in mine if i is not restated[0]]
    if len(parts) < 2 or len(parts) != len(mine) or any(p.category is None for p in parts):
        return
    wholes = [w for w in previous if w.role in ("transfer", "each") and w.count == sum(p.count or 0 for p in parts)]
    if len(wholes) != 1 or len(_kinds(parts, wholes[0])) < 2:
        return
    whole = wholes[0]
    if whole.role == "each":
        return  # parts of an each-figure ("exchanged 390 each. Among them ...") carry no side: settle_sums reads them
    _whole_of_parts(whole, parts)


def settle_breakdowns(items: list[Marked]) -> None:
    """Numbers of one sentence that add up to a number stated before are its parts ("role:breakdown")."""
    by_sentence: dict[Sentence, list[Marked]] = {}
    for i in items:
        by_sentence.setdefault(i.sentence, []).append(i)
    seen: dict[tuple[int | None, str | None], list[Marked]] = {}  # transfers of earlier sentences, by count and category
    previous: list[Marked] = []
    for sentence, mine in by_sentence.items():
        _breakdown_sentence(mine, previous)
        _each_side_split(mine, previous)
        _inner_breakdown(mine)
        parts = [i for i in mine if i.role == "transfer" and i.count is not None]
        if len(parts) >= 2 and len({p.category for p in parts}) == 1:
            wholes = seen.get((sum(p.count or 0 for p in parts), parts[0].category), [])
            if wholes:
                _mark_parts(parts, wholes)
        for i in mine:
            if i.role == "transfer":
                seen.setdefault((i.count, i.category), []).append(i)
        previous = mine


def _mark_parts(parts: list[Marked], wholes: list[Marked]) -> None:
    sides = {p.side for p in parts if p.side is not None}
    for p in parts:
        p.role = "subgroup"
        p.rules.append("role:breakdown")
    for w in wholes:
        if w.side is None and len(sides) == 1:
            w.side = next(iter(sides))
            w.rules.append("side:breakdown")


def _sum_matches(item: Marked, parts: dict[tuple[str, str], int]) -> bool:
    from .quantity import satisfies

    if len(parts) < 2 or item.count is None:
        return False
    total = sum(parts.values())
    qualifier = item.mark.count.qualifier if item.mark.count is not None else "exact"
    return total == item.count or (qualifier != "exact" and satisfies(total, qualifier, item.count))


def _per_side_sum(item: Marked, parts: dict[tuple[str, str], int]) -> bool:
    """Each side's transfers (two or more in all) add up to the number: it is what each side got, not a total."""
    per_side: dict[str, int] = {}
    for (side, _), n in parts.items():
        per_side[side] = per_side.get(side, 0) + n
    return len(parts) >= 3 and len(per_side) == 2 and all(n == item.count for n in per_side.values())


def settle_sums(items: list[Marked], following: list[Marked] = ()) -> None:  # type: ignore[assignment]
    """An open number equal to the sum of the passage's earlier transfers (two or more) is their total; so is
    a headline's ("about 300 freed") that the next passage breaks down ("190 ... and 115 ...")."""
    for item in items:
        alone = item.role == "transfer" and sum(1 for o in items if o.sentence == item.sentence) == 1
        alone = alone and (item.side is None or any(o.side == item.side for o in items if o is not item and o.role == "transfer"))
        if item.count is None or not (item.open or alone):
            continue  # a decided number is a total only when it stands alone: "Ukraine brings home 58"
        before = [o for o in items if o.mark.start < item.mark.start]
        after = [o for o in items if o.sentence != item.sentence and o.mark.start > item.mark.start]
        for pool in (before, after, list(following)):
            parts: dict[tuple[str, str], int] = {}
            for o in pool:
                if o.role == "transfer" and not o.open and o.count is not None:
                    parts.setdefault((o.side, o.category), o.count)  # type: ignore[arg-type]
            if _sum_matches(item, parts):
                item.role = "total"
                item.rules.append("role:sum-of-parts")
                break
            if _per_side_sum(item, parts):  # "390 were freed: Ukraine received 270 and 120, Russia 270 and 120"
                item.role = "subgroup"
                item.rules.append("role:per-side-sum")
                break


_FROM_TO = re.compile(r"^\s*(?:\w+\s+){0,2}?to\s+(?:about\s+|around\s+|some\s+)?$", re.I)


def settle_revisions(items: list[Marked]) -> None:
    """"revised the figure from 75 Ukrainian soldiers to 77": the later number is the earlier one, corrected;
    "The figure was later revised to 1,000 bodies.": the side of the one figure of that category before it."""
    for item in items:
        if item.role != "transfer" or item.side is not None or not lx.REVISION.search(item.sentence.text):
            continue
        before = {o.side for o in items if o.sentence.end <= item.sentence.start and o.role == "transfer"
                  and o.side is not None and o.category == item.category}  # fmt: skip
        if len(before) == 1:
            item.side = before.pop()
            item.rules.append("side:revised")
    for prev, item in zip(items, items[1:]):
        if prev.sentence != item.sentence or not lx.REVISION.search(item.sentence.text) or prev.role != "transfer":
            continue
        between = item.sentence.text[prev.mark.end - item.sentence.start : item.mark.start - item.sentence.start]
        if item.role == "transfer" and _FROM_TO.match(between) and re.search(r"\bfrom\s+(?:\w+\s+){0,3}$", item.sentence.text[: prev.mark.start - item.sentence.start], re.I):
            if item.side is None and prev.side is not None:
                item.side = prev.side
                item.rules.append(fired("side:revised-from-to", prev.mark.text))


def settle_restatements(items: list[Marked]) -> None:
    """An open side takes the side of the same count and category stated elsewhere with a known side."""
    for item in items:
        if item.role != "transfer" or item.side is not None or item.count is None:
            continue
        same = {
            o.side for o in items
            if o.side is not None and o.count == item.count and o.category == item.category
            and o.role == "transfer" and o.sentence != item.sentence
        }  # fmt: skip
        if len(same) == 1:
            item.side = next(iter(same))
            item.rules.append("side:restatement")


def _headline(sentences: list[Sentence]) -> Sentence | None:
    """The article's first line when it is a headline (no sentence ending), else None."""
    if not sentences or sentences[0].text.rstrip().endswith((".", "!", "?", '"', "”")):
        return None
    return sentences[0]


def settle_headline_tallies(items: list[Marked], sentences: list[Sentence]) -> None:
    """A headline's figure that the body gives as a tally, a plan or a failure ("Over 4,000 returned from
    captivity" over "... more than 4,000 have been freed since the war began") is that, not an exchange."""
    headline = _headline(sentences)
    if headline is None:
        return
    for item in items:
        if item.sentence.start != headline.start or item.role not in ("transfer", "each", "total") or item.count is None:
            continue
        if any(o.count == item.count and o.role in ("transfer", "each", "total") and o.sentence != headline for o in items):
            continue  # the body tells the same figure as handed over: the headline restates it
        told = _told_as_not_done(item.count, sentences[1:])
        if told is not None:
            item.role = "not_handed_over"
            item.rules.append(fired("role:headline-of-a-tally", told))


def _told_as_not_done(count: int, sentences: list[Sentence]) -> str | None:
    """The words of the first place ``sentences`` give ``count`` as a tally, a plan or a failure, if any."""
    from .candidates import sentence_counts

    for s in sentences:
        counts = sentence_counts(s)
        starts = tuple(a - s.start for a, _, _, _ in counts)
        for a, b, _, c in counts:
            if c is None or c.value != count:
                continue
            a, b = a - s.start, b - s.start
            reading = read_number(s.text, a, b, starts)
            said = next((r for r in reading.why if r in NOT_DONE), None) or lx.tally_in(s.text[slice(*lx.segment_around(s.text, a, b))])
            if said is not None:
                words = said.group(0) if isinstance(said, re.Match) else getattr(said, "words", "")
                return f"{s.text[a:b]} ... {words}"
    return None


_LIVING = ("prisoners_of_war", "civilians", "children")


def settle_headline_categories(items: list[Marked], sentences: list[Sentence]) -> None:
    """A headline's figure told again in the body with more words ("108 women freed" over "108 Ukrainian women
    prisoners of war") takes the body's category: the same people, named more precisely."""
    headline = _headline(sentences)
    if headline is None:
        return
    for item in items:
        if item.sentence.start != headline.start or item.role != "transfer" or item.category not in _LIVING:
            continue
        body = [o for o in items if o.sentence != headline and o.role == "transfer" and o.count == item.count
                and o.side == item.side and o.category in _LIVING and o.category != item.category]  # fmt: skip
        if len({o.category for o in body}) == 1:
            item.category = body[0].category
            item.rules.append(fired("category:headline-restated", body[0].mark.text))


# Soldiers and bodies go both ways in one exchange, so only these categories take a nationality from context.
_CATEGORY_NOUNS = {"children": lx.CHILD_WORDS.pattern, "civilians": lx.CIVILIAN_WORDS.pattern}


def settle_context_nationality(items: list[Marked], text: str) -> None:
    """An open side takes the one nationality the article gives that category ("Ukrainian children" ... "four others")."""
    for item in items:
        if item.role != "transfer" or item.side is not None or item.category not in _CATEGORY_NOUNS:
            continue
        nouns = re.compile(rf"\b(?:(?P<ua>Ukrainian)|(?P<ru>Russian))\s+(?:[\w-]+\s+){{0,2}}?(?:{_CATEGORY_NOUNS[item.category]})", re.I)
        found = {("ukraine" if m["ua"] else "russia") for m in nouns.finditer(text)}
        if len(found) == 1:
            item.side = found.pop()
            item.rules.append("side:context-nationality")


def read_article(passages: list[Passage], text: str = "") -> list[list[Marked]]:
    """Readings for every passage of an article, settled by the text as far as it goes."""
    from .candidates import split_sentences

    sentences = split_sentences(text) if text else []
    per_passage: list[list[Marked]] = []
    for p in passages:
        items = read_marks(p, sentences)
        settle_categories(items, p)
        settle_same_number(items)
        per_passage.append(items)
    everything = [i for items in per_passage for i in items]
    settle_same_number(everything)
    settle_breakdowns(everything)
    for p, items in zip(passages, per_passage):
        settle_categories(items, p)  # parts a breakdown turned into transfers
    for items in per_passage:
        settle_revisions(items)
        settle_coordinated(items)
        settle_reciprocity(items)
    settle_restatements(everything)
    for items in per_passage:
        settle_reciprocity(items)
    settle_context_nationality(everything, text)
    settle_headline_tallies(everything, sentences)
    settle_headline_categories(everything, sentences)
    for k, items in enumerate(per_passage):
        settle_sums(items, per_passage[k + 1] if k + 1 < len(per_passage) else [])
    return per_passage
