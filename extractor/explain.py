"""Why every number of an article was read as it was: ``extractor explain``.

For every count in the article (``candidates.sentence_counts`` over every
sentence) this lists what the deterministic reader decided and which rules,
fired by which words, decided it:

* a number in a candidate passage gets its reading from ``readings`` (the
  same one ``extract`` uses): role, side, category, and each rule with the
  article's words that fired it (``cues.Fired``);
* a number outside every passage says why: its own reading rules it out (a
  plan, a tally, an age ... with the rule and words), its sentence has no
  handover words, or the sentence repeats an earlier one (read once);
* a number the words leave open (side or category) is said to be open: with
  ``--model-answers use`` the model would be asked, otherwise it is left
  undecided, as ``extract`` does.

Nothing here asks a model: this is the words' own reading.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from .articles import Article

#: what a number's reading leads to in the records
OUTCOMES = ("transfer", "each side", "both sides' total", "part of another figure", "not handed over", "open", "not read")


class FiredRule(BaseModel):
    name: str
    words: str = Field(default="", description="The article's words that fired the rule (empty where it reads its neighbours).")


class NumberReading(BaseModel):
    """One count of the article and how the words read it."""

    text: str
    start: int
    end: int
    sentence: str
    outcome: str = Field(description="One of OUTCOMES.")
    role: str | None = None
    side: str | None = None
    category: str | None = None
    count: int | None = None
    rules: list[FiredRule] = Field(default_factory=list)
    why: str = Field(default="", description="One line: why it has this outcome.")


class Explanation(BaseModel):
    path: str
    published: str | None = None
    numbers: list[NumberReading]


_OUTCOME = {"each": "each side", "total": "both sides' total", "subgroup": "part of another figure", "not_handed_over": "not handed over"}


def _rules(why: object) -> list[FiredRule]:
    return [FiredRule(name=str(r), words=getattr(r, "words", "")) for r in why]  # type: ignore[attr-defined]


def _from_marked(item) -> NumberReading:  # noqa: ANN001 - readings.Marked
    from .readings import CONCRETE

    if item.open:
        missing = " and ".join(n for n, known in (("side", item.side is not None), ("category", item.category in CONCRETE)) if not known)
        outcome, why = "open", f"the words do not say its {missing}: asked only with --model-answers use, else left undecided"
    else:
        outcome = _OUTCOME.get(item.role, "transfer")
        why = f"read as {outcome}" + (f" to {item.side}" if item.role == "transfer" else "")
    return NumberReading(
        text=item.mark.text, start=item.mark.start, end=item.mark.end, sentence=item.sentence.text, outcome=outcome,
        role=item.role, side=item.side, category=item.category, count=item.count, rules=_rules(item.rules), why=why,
    )  # fmt: skip


def _outside(sentence, start: int, end: int, text: str, count, starts: tuple[int, ...], repeat: bool) -> NumberReading:  # noqa: ANN001
    """A count outside every candidate passage, with the reason its sentence was not read as a handover."""
    from .cues import read_number
    from .lexicon import HANDOVER

    base = dict(text=text, start=start, end=end, sentence=sentence.text, outcome="not read",
                count=count.value if count is not None else None)  # fmt: skip
    if repeat:
        return NumberReading(**base, why="its sentence repeats an earlier one, which is read instead")
    reading = read_number(sentence.text, start - sentence.start, end - sentence.start, starts)
    if reading.role != "transfer" and reading.role != "each" and reading.role != "total":
        return NumberReading(**{**base, "outcome": _OUTCOME.get(reading.role, "not handed over")}, role=reading.role,
                             rules=_rules(reading.why), why="its own words rule out a handover")  # fmt: skip
    if not HANDOVER.search(sentence.text):
        return NumberReading(**base, rules=_rules(reading.why), why="its sentence has no handover words")
    return NumberReading(**base, rules=_rules(reading.why), why="no count of its sentence is a handover (each is ruled out)")


def explain_article(article: Article) -> Explanation:
    """Every count of ``article`` with its reading and the rules (and words) that decided it, in text order."""
    from .candidates import _norm, find_passages, sentence_counts, split_sentences
    from .readings import read_article

    passages = find_passages(article.text)
    marked = {(i.mark.start, i.mark.end): i for items in read_article(passages, article.text) for i in items}
    numbers: list[NumberReading] = []
    seen: set[str] = set()
    for sentence in split_sentences(article.text):
        key = _norm(sentence.text)
        repeat = key in seen
        seen.add(key)
        counts = sentence_counts(sentence)
        starts = tuple(a - sentence.start for a, _, _, _ in counts)
        for a, b, text, count in counts:
            item = marked.get((a, b))
            numbers.append(_from_marked(item) if item is not None else _outside(sentence, a, b, text, count, starts, repeat))
    return Explanation(
        path=article.path, published=article.published.isoformat() if article.published else None, numbers=numbers
    )
