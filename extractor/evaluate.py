"""Measure extracted records against a hand annotation (``extractor eval``).

The gold file (for the seeds: ``tests/data/seeds.gold.json``) is read at run
time; no gold value is ever built into the extractor. It holds a
``catalogue`` of distinct real-world exchanges (kind, transfers, total) and
``articles``: for each article file name, the *mentions* it makes of those
exchanges (role primary/background, the date the article lets a reader
resolve with and without a known publication date), plus ``not_events``.

Matching rule (``MATCHING_RULE``)
---------------------------------
Matching is by content, never by order:

1. A record belongs to the article whose gold key equals the basename of
   ``record.article.path``. Records of an article the gold does not list are
   all *invented* and reported under the pseudo-article ``"not in gold"``
   (``NOT_IN_GOLD``), each with its path.
2. Within an article, every (record, gold mention) pair is scored, the gold
   side being the catalogue entry the mention refers to:

   * primary: size of the multiset overlap of (to, category, count) transfers;
   * secondary: size of the multiset overlap of (to, count) transfers;
   * tie-breaks: kind agrees, mention role agrees, date value agrees.

   A pair sharing no (to, count) transfer is not a candidate at all. The
   components are combined lexicographically into one integer weight.
3. A maximum-weight one-to-one assignment (Hungarian algorithm) picks the
   matches. Records are first put in a canonical order (event_id, then
   content), so the result does not depend on the order of the input.
4. Unmatched records are *invented*; unmatched gold mentions are *missed*.

Expected values of a gold mention: transfers, kind and total come from the
catalogue entry; the role from the mention; the date is
``expected_date_with_publication`` when the record's ``article.published`` is
set, else ``expected_date_without_publication`` (for a missed mention: with
publication when any record of that article has one). The gold precision
follows from the shape of the date: ``YYYY-MM-DD`` and ``--MM-DD`` day,
``YYYY-MM`` month, ``YYYY`` year, null unknown.

Fact-level scores
-----------------
A mention (gold) or a record (predicted) is a multiset of facts:

* one fact per transfer: (to, category, count);
* kind; mention role; date (value together with precision);
* total, only when it is stated (gold ``total`` not null; record ``total``
  present with a non-null count).

A predicted fact is correct when the matched gold mention has the same fact
(multiset intersection, so a duplicated transfer counts once unless the gold
has it twice). Precision = correct facts / all predicted facts, including
every fact of invented records; recall = correct facts / all gold facts,
including every fact of missed mentions; F1 = harmonic mean (0 when
undefined).

Per-field accuracy (matched mentions only), ``correct/total``:

* ``transfers`` (count and direction): transfers of the pair are aligned,
  first on (to, category, count), then on (to, count); leftovers are paired
  for display on (category, count) (direction wrong) and (to, category)
  (count wrong), and the rest stay unpaired (missing or extra). Each aligned
  pair or unpaired transfer is one check; it is correct when to and count
  agree.
* ``category``: over the transfers whose to and count agree, is the category
  right.
* ``kind``, ``mention``, ``date_value``, ``date_precision``: one check per
  matched mention (a null date is a value: "the article does not say").
* ``total``: one check per matched mention where gold or record states a
  total.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Mapping
from pathlib import Path, PurePath

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError, computed_field, model_validator

from extractor.dates import DateValue
from extractor.errors import GoldError
from extractor.models import (
    Category,
    EventRecord,
    Kind,
    MentionRole,
    Precision,
    Side,
)
from extractor.output import read_records

MATCHING_RULE = (
    "content-match/1: same article basename; weight = overlap(to,category,count), "
    "then overlap(to,count), then kind/mention/date agreement; "
    "no shared (to,count) = no match; max-weight one-to-one assignment"
)
NOT_IN_GOLD = "not in gold"
FIELDS = ("transfers", "category", "kind", "mention", "total", "date_value", "date_precision")

# Lexicographic weights: a lower component can never outweigh a higher one
# for articles with fewer than 300 transfers per mention.
_W_EXACT = 1_000_000
_W_TO_COUNT = 1_000


# --------------------------------------------------------------------------
# Gold file
# --------------------------------------------------------------------------


class _GoldModel(BaseModel):
    model_config = ConfigDict(extra="allow")


class GoldTransfer(_GoldModel):
    to: Side
    category: Category
    count: int | None


class GoldEvent(_GoldModel):
    """One distinct real-world exchange of the catalogue."""

    id: str
    kind: Kind
    date: str | None = None
    transfers: list[GoldTransfer]
    total: int | None = None
    mediators: list[str] = Field(default_factory=list)


class GoldMention(_GoldModel):
    """One article's mention of a catalogue event."""

    event: str
    mention: MentionRole
    date_text: str | None = None
    expected_date_without_publication: str | None = None
    expected_date_with_publication: str | None = None
    count_texts: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _dates_have_a_known_shape(self) -> GoldMention:
        for name in ("expected_date_without_publication", "expected_date_with_publication"):
            value = getattr(self, name)
            if date_precision(value) is None:
                raise ValueError(f"{name} {value!r} is not a real date (YYYY-MM-DD, YYYY-MM, YYYY, --MM-DD) or null")
        return self


class GoldArticle(_GoldModel):
    published: str | None = None
    events: list[GoldMention] = Field(default_factory=list)
    not_events: list[str] = Field(default_factory=list)


class Gold(_GoldModel):
    """A gold annotation file (see the module docstring)."""

    about: str | None = None
    catalogue: list[GoldEvent]
    articles: dict[str, GoldArticle]
    _path: str | None = PrivateAttr(default=None)

    @model_validator(mode="after")
    def _references_resolve(self) -> Gold:
        ids = [event.id for event in self.catalogue]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise ValueError(f"duplicate catalogue ids: {', '.join(duplicates)}")
        known = set(ids)
        for name, article in self.articles.items():
            for mention in article.events:
                if mention.event not in known:
                    raise ValueError(f"article {name} mentions {mention.event!r}, which is not in the catalogue")
        return self

    def event(self, event_id: str) -> GoldEvent:
        for event in self.catalogue:
            if event.id == event_id:
                return event
        raise KeyError(event_id)

    @property
    def mention_count(self) -> int:
        return sum(len(article.events) for article in self.articles.values())


def load_gold(path: Path) -> Gold:
    """Read and check a gold annotation file; GoldError when it cannot be used."""
    path = Path(path)
    hint = "expected a JSON object with 'catalogue' and 'articles' (see tests/data/seeds.gold.json)"
    from extractor.articles import read_regular_file
    from extractor.errors import InputError

    if not path.exists():
        raise GoldError("gold file not found", path=str(path), hint="check the --gold path")
    try:
        text = read_regular_file(path, limit=64 << 20, what="gold file").decode("utf-8")
    except InputError as exc:
        raise GoldError(f"cannot read gold file: {exc.message}", path=str(path)) from None
    except UnicodeDecodeError as exc:
        raise GoldError(f"cannot read gold file: {exc}", path=str(path)) from None
    try:
        data = json.loads(text)
    except RecursionError:
        raise GoldError("gold file nests too deeply", path=str(path), hint=hint) from None
    except json.JSONDecodeError as exc:
        raise GoldError(
            f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}", path=str(path), hint=hint
        ) from None
    try:
        gold = Gold.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "top level"
        more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
        raise GoldError(f"bad gold annotation at {where}: {first['msg']}{more}", path=str(path), hint=hint) from None
    gold._path = str(path)
    return gold


def date_precision(value: str | None) -> Precision | None:
    """Precision of a date value (``dates.DateValue``, the one rule); None when it is not a real date."""
    if value is None:
        return "unknown"
    parsed = DateValue.parse(value)
    return parsed.precision if parsed is not None else None  # type: ignore[return-value]


# --------------------------------------------------------------------------
# Reading records
# --------------------------------------------------------------------------


def read_events(path: Path) -> list[EventRecord]:
    """Event records of a JSONL file, read as validate, catalogue and review read them (``output.read_records``)."""
    return read_records(path, schemaless_ok=True)[0]


# --------------------------------------------------------------------------
# Report models
# --------------------------------------------------------------------------


class TransferFact(BaseModel):
    to: Side
    category: Category
    count: int | None
    basis: str | None = Field(default=None, description="A predicted transfer's basis (text, model, text+model).")

    def label(self) -> str:
        return f"{self.count if self.count is not None else '?'} {self.category}→{self.to}"


class TransferCheck(BaseModel):
    """One aligned transfer pair, or a gold/predicted transfer left unpaired."""

    gold: TransferFact | None
    predicted: TransferFact | None
    direction_count_ok: bool
    category_ok: bool | None = Field(description="Judged only when direction and count agree.")


class FieldCheck(BaseModel):
    ok: bool | None = Field(description="None when the field was not applicable.")
    correct: int
    total: int
    gold: str | None = None
    predicted: str | None = None


class FieldScore(BaseModel):
    correct: int = 0
    total: int = 0

    @computed_field  # type: ignore[prop-decorator]
    @property
    def accuracy(self) -> float | None:
        return self.correct / self.total if self.total else None


class MentionMatch(BaseModel):
    gold_index: int = Field(description="Position of the mention in the gold article's events.")
    gold_event: str
    gold_mention: MentionRole
    event_id: str
    weight: int
    fields: dict[str, FieldCheck]
    transfers: list[TransferCheck]
    facts_gold: int
    facts_predicted: int
    facts_correct: int


class MissedMention(BaseModel):
    gold_index: int
    gold_event: str
    gold_mention: MentionRole
    expected_date: str | None
    transfers: list[TransferFact]
    facts: int


class InventedRecord(BaseModel):
    event_id: str
    path: str
    kind: Kind
    mention: MentionRole
    date: str | None
    transfers: list[TransferFact]
    facts: int


class BasisScore(BaseModel):
    """Predicted transfers of one ``basis`` and how many of them are right (side, category and count)."""

    predicted: int = 0
    right: int = 0

    @computed_field  # type: ignore[prop-decorator]
    @property
    def precision(self) -> float | None:
        return self.right / self.predicted if self.predicted else None


class ArticleReport(BaseModel):
    article: str
    in_gold: bool
    gold_mentions: int
    records: int
    matches: list[MentionMatch] = Field(default_factory=list)
    missed: list[MissedMention] = Field(default_factory=list)
    invented: list[InventedRecord] = Field(default_factory=list)
    facts_gold: int = 0
    facts_predicted: int = 0
    facts_correct: int = 0
    by_basis: dict[str, BasisScore] = Field(default_factory=dict, description="Precision of transfers per basis.")
    undecided: int = Field(default=0, description="Numbers its records list as left undecided.")


class EvalReport(BaseModel):
    matching_rule: str = MATCHING_RULE
    gold: str | None = Field(default=None, description="Path of the gold file, when loaded from one.")
    records: int
    gold_mentions: int
    mentions_found: int
    mentions_missed: int
    mentions_invented: int
    facts_gold: int
    facts_predicted: int
    facts_correct: int
    precision: float
    recall: float
    f1: float
    fields: dict[str, FieldScore]
    gold_transfers: int = Field(default=0, description="Transfers of every gold mention, missed ones included.")
    transfers_right: int = Field(default=0, description="Gold transfers found with side, category and count right.")
    errors: dict[str, int] = Field(default_factory=dict, description="Errors by class (ERROR_CLASSES).")
    by_basis: dict[str, BasisScore] = Field(
        default_factory=dict, description="Per basis (BASES): predicted transfers, how many are right, precision."
    )
    undecided: int = Field(default=0, description="Numbers the records list as left undecided (``undecided``).")
    skipped: dict[str, int] = Field(
        default_factory=dict, description="Lines of the records file not scored: {why: how many}."
    )
    articles: list[ArticleReport]


# --------------------------------------------------------------------------
# Facts and matching
# --------------------------------------------------------------------------


class _Expected:
    """What a gold mention says, resolved for one publication situation."""

    def __init__(self, index: int, mention: GoldMention, event: GoldEvent, published: bool):
        self.index = index
        self.mention = mention
        self.event = event
        self.date = (
            mention.expected_date_with_publication if published else mention.expected_date_without_publication
        )
        self.precision = date_precision(self.date)
        self.transfers = [TransferFact(to=t.to, category=t.category, count=t.count) for t in event.transfers]

    def facts(self) -> Counter:
        facts: Counter = Counter(("transfer", t.to, t.category, t.count) for t in self.transfers)
        facts[("kind", self.event.kind)] += 1
        facts[("mention", self.mention.mention)] += 1
        facts[("date", self.date, self.precision)] += 1
        if self.event.total is not None:
            facts[("total", self.event.total)] += 1
        return facts


def _record_transfers(record: EventRecord) -> list[TransferFact]:
    return [TransferFact(to=t.to, category=t.category, count=t.count, basis=t.basis) for t in record.transfers]


def _record_total(record: EventRecord) -> int | None:
    return record.total.count if record.total is not None else None


def _record_facts(record: EventRecord) -> Counter:
    facts: Counter = Counter(("transfer", t.to, t.category, t.count) for t in record.transfers)
    facts[("kind", record.kind)] += 1
    facts[("mention", record.mention)] += 1
    facts[("date", record.date.value, record.date.precision)] += 1
    total = _record_total(record)
    if total is not None:
        facts[("total", total)] += 1
    return facts


def _overlap(a: Iterable, b: Iterable) -> int:
    return sum((Counter(a) & Counter(b)).values())


def _weight(record: EventRecord, expected: _Expected) -> int:
    gold = expected.transfers
    pred = _record_transfers(record)
    to_count = _overlap(((t.to, t.count) for t in pred), ((t.to, t.count) for t in gold))
    if to_count == 0:
        return 0
    exact = _overlap(((t.to, t.category, t.count) for t in pred), ((t.to, t.category, t.count) for t in gold))
    ties = (
        int(record.kind == expected.event.kind)
        + int(record.mention == expected.mention.mention)
        + int(record.date.value == expected.date)
    )
    return exact * _W_EXACT + to_count * _W_TO_COUNT + ties


def _max_weight_assignment(weights: list[list[int]]) -> list[tuple[int, int]]:
    """(row, column) pairs of a maximum-weight matching; zero-weight pairs are dropped.

    Hungarian algorithm (potentials, O(n^2 m)) on costs = -weight; with n > m the
    matrix is transposed. Padding with zero weight is harmless because every
    matching extends to a full assignment with zero-weight pairs.
    """
    rows = len(weights)
    cols = len(weights[0]) if rows else 0
    if rows == 0 or cols == 0:
        return []
    if rows > cols:
        transposed = [[weights[r][c] for r in range(rows)] for c in range(cols)]
        return sorted((r, c) for c, r in _max_weight_assignment(transposed))
    n, m = rows, cols
    cost = [[-weights[i][j] for j in range(m)] for i in range(n)]
    inf = float("inf")
    u = [0] * (n + 1)
    v = [0] * (m + 1)
    p = [0] * (m + 1)  # p[j]: row assigned to column j (1-based, 0 = none)
    way = [0] * (m + 1)
    for i in range(1, n + 1):
        p[0] = i
        j0 = 0
        minv = [inf] * (m + 1)
        used = [False] * (m + 1)
        while True:
            used[j0] = True
            i0 = p[j0]
            delta = inf
            j1 = 0
            for j in range(1, m + 1):
                if not used[j]:
                    cur = cost[i0 - 1][j - 1] - u[i0] - v[j]
                    if cur < minv[j]:
                        minv[j] = cur
                        way[j] = j0
                    if minv[j] < delta:
                        delta = minv[j]
                        j1 = j
            for j in range(m + 1):
                if used[j]:
                    u[p[j]] += delta
                    v[j] -= delta
                else:
                    minv[j] -= delta
            j0 = j1
            if p[j0] == 0:
                break
        while True:
            j1 = way[j0]
            p[j0] = p[j1]
            j0 = j1
            if j0 == 0:
                break
    pairs = [(p[j] - 1, j - 1) for j in range(1, m + 1) if p[j] != 0]
    return sorted((r, c) for r, c in pairs if weights[r][c] > 0)


def _align_transfers(gold: list[TransferFact], pred: list[TransferFact]) -> list[TransferCheck]:
    gold_left = list(gold)
    pred_left = list(pred)
    checks: list[TransferCheck] = []
    passes = (
        lambda t: (t.to, t.category, t.count),  # exact
        lambda t: (t.to, t.count),  # category wrong
        lambda t: (t.category, t.count),  # direction wrong
        lambda t: (t.to, t.category),  # count wrong
    )
    for key in passes:
        for g in list(gold_left):
            for p in pred_left:
                if key(g) == key(p):
                    gold_left.remove(g)
                    pred_left.remove(p)
                    direction_count = g.to == p.to and g.count == p.count
                    checks.append(
                        TransferCheck(
                            gold=g,
                            predicted=p,
                            direction_count_ok=direction_count,
                            category_ok=(g.category == p.category) if direction_count else None,
                        )
                    )
                    break
    checks += [TransferCheck(gold=g, predicted=None, direction_count_ok=False, category_ok=None) for g in gold_left]
    checks += [TransferCheck(gold=None, predicted=p, direction_count_ok=False, category_ok=None) for p in pred_left]
    return checks


def transfer_labels(transfers: Iterable[TransferFact]) -> str:
    return ", ".join(sorted(t.label() for t in transfers)) or "none"


def _scalar(gold: object, predicted: object) -> FieldCheck:
    ok = gold == predicted
    return FieldCheck(
        ok=ok,
        correct=int(ok),
        total=1,
        gold=None if gold is None else str(gold),
        predicted=None if predicted is None else str(predicted),
    )


def _fields(record: EventRecord, expected: _Expected, checks: list[TransferCheck]) -> dict[str, FieldCheck]:
    pred_transfers = _record_transfers(record)
    transfer_ok = sum(c.direction_count_ok for c in checks)
    category_checks = [c for c in checks if c.category_ok is not None]
    category_ok = sum(bool(c.category_ok) for c in category_checks)
    gold_total, pred_total = expected.event.total, _record_total(record)
    if gold_total is None and pred_total is None:
        total = FieldCheck(ok=None, correct=0, total=0)
    else:
        total = _scalar(gold_total, pred_total)
    return {
        "transfers": FieldCheck(
            ok=(transfer_ok == len(checks)) if checks else None,
            correct=transfer_ok,
            total=len(checks),
            gold=transfer_labels(expected.transfers),
            predicted=transfer_labels(pred_transfers),
        ),
        "category": FieldCheck(
            ok=(category_ok == len(category_checks)) if category_checks else None,
            correct=category_ok,
            total=len(category_checks),
            gold=transfer_labels(c.gold for c in category_checks if c.gold),
            predicted=transfer_labels(c.predicted for c in category_checks if c.predicted),
        ),
        "kind": _scalar(expected.event.kind, record.kind),
        "mention": _scalar(expected.mention.mention, record.mention),
        "total": total,
        "date_value": _scalar(expected.date, record.date.value),
        "date_precision": _scalar(expected.precision, record.date.precision),
    }


def _article_key(record: EventRecord) -> str:
    return PurePath(record.article.path.replace("\\", "/")).name or record.article.path


def _canonical(record: EventRecord) -> tuple[str, str]:
    return (record.event_id, json.dumps(record.model_dump(mode="json", by_alias=True), sort_keys=True))


def _invented(record: EventRecord) -> InventedRecord:
    return InventedRecord(
        event_id=record.event_id,
        path=record.article.path,
        kind=record.kind,
        mention=record.mention,
        date=record.date.value,
        transfers=_record_transfers(record),
        facts=sum(_record_facts(record).values()),
    )


def _evaluate_article(name: str, article: GoldArticle, records: list[EventRecord], gold: Gold) -> ArticleReport:
    report = ArticleReport(article=name, in_gold=True, gold_mentions=len(article.events), records=len(records))
    # One expectation per (mention, publication known?) situation.
    expectations = {
        published: [_Expected(i, m, gold.event(m.event), published) for i, m in enumerate(article.events)]
        for published in (False, True)
    }

    def expect(record: EventRecord, index: int) -> _Expected:
        return expectations[record.article.published is not None][index]

    weights = [[_weight(record, expect(record, i)) for i in range(len(article.events))] for record in records]
    pairs = _max_weight_assignment(weights)
    matched_records = {r for r, _ in pairs}
    matched_mentions = {i for _, i in pairs}

    for r, i in sorted(pairs, key=lambda pair: pair[1]):
        record, expected = records[r], expect(records[r], i)
        gold_facts, pred_facts = expected.facts(), _record_facts(record)
        checks = _align_transfers(expected.transfers, _record_transfers(record))
        report.matches.append(
            MentionMatch(
                gold_index=i,
                gold_event=expected.event.id,
                gold_mention=expected.mention.mention,
                event_id=record.event_id,
                weight=weights[r][i],
                fields=_fields(record, expected, checks),
                transfers=checks,
                facts_gold=sum(gold_facts.values()),
                facts_predicted=sum(pred_facts.values()),
                facts_correct=sum((gold_facts & pred_facts).values()),
            )
        )

    any_published = any(record.article.published is not None for record in records)
    for i in range(len(article.events)):
        if i in matched_mentions:
            continue
        expected = expectations[any_published][i]
        report.missed.append(
            MissedMention(
                gold_index=i,
                gold_event=expected.event.id,
                gold_mention=expected.mention.mention,
                expected_date=expected.date,
                transfers=expected.transfers,
                facts=sum(expected.facts().values()),
            )
        )
    report.invented = [_invented(record) for r, record in enumerate(records) if r not in matched_records]
    _sum_facts(report, records)
    return report


def _sum_facts(report: ArticleReport, records: list[EventRecord]) -> None:
    report.facts_gold = sum(m.facts_gold for m in report.matches) + sum(m.facts for m in report.missed)
    report.facts_predicted = sum(m.facts_predicted for m in report.matches) + sum(r.facts for r in report.invented)
    report.facts_correct = sum(m.facts_correct for m in report.matches)
    report.by_basis = basis_scores(report)


#: ``Transfer.basis`` values; a transfer without one (a hand-written record) counts as ``NO_BASIS``.
BASES = ("text", "model", "text+model")
NO_BASIS = "none"


def basis_scores(report: ArticleReport) -> dict[str, BasisScore]:
    """Every predicted transfer of an article by its basis: right when a matched gold transfer has its side,
    category and count; every transfer of an invented record is wrong."""
    scores = {basis: BasisScore() for basis in BASES}
    judged = [(c.predicted, c.gold is not None and _transfer_error(c) is None)
              for m in report.matches for c in m.transfers]  # fmt: skip
    judged += [(t, False) for r in report.invented for t in r.transfers]
    for fact, right in judged:
        if fact is None:
            continue
        score = scores.setdefault(fact.basis or NO_BASIS, BasisScore())
        score.predicted += 1
        score.right += int(right)
    return scores


def undecided_in_log(log: Path) -> dict[str, int]:
    """Numbers left undecided per article file name, from an articles log (``undecided`` lists); {} without one."""
    counts: dict[str, int] = {}
    if not log.is_file():
        return counts
    with log.open(encoding="utf-8") as f:
        for line in f:
            try:
                entry = json.loads(line)
            except ValueError:
                continue  # a torn last line: the log is read for counts only
            if isinstance(entry, dict) and isinstance(entry.get("undecided"), list) and isinstance(entry.get("path"), str):
                name = PurePath(entry["path"].replace("\\", "/")).name
                counts[name] = counts.get(name, 0) + len(entry["undecided"])
    return counts


ERROR_CLASSES = (
    "missed", "invented", "wrong_side", "wrong_category", "wrong_count", "missing_transfer", "extra_transfer",
    "wrong_total", "wrong_date", "wrong_role", "wrong_kind",
)  # fmt: skip


def _transfer_error(check: TransferCheck) -> str | None:
    g, p = check.gold, check.predicted
    if g is None:
        return "extra_transfer"
    if p is None:
        return "missing_transfer"
    if (g.to, g.category, g.count) == (p.to, p.category, p.count):
        return None
    if g.to != p.to:
        return "wrong_side"
    return "wrong_category" if g.category != p.category else "wrong_count"


def error_classes(articles: list[ArticleReport]) -> dict[str, int]:
    """Every error of a report in one class, so a regression names what went wrong."""
    errors = dict.fromkeys(ERROR_CLASSES, 0)
    for a in articles:
        errors["missed"] += len(a.missed)
        errors["invented"] += len(a.invented)
        for m in a.matches:
            for check in m.transfers:
                kind = _transfer_error(check)
                if kind:
                    errors[kind] += 1
            for name, cls in (("total", "wrong_total"), ("date_value", "wrong_date"), ("mention", "wrong_role"), ("kind", "wrong_kind")):
                if m.fields[name].ok is False:
                    errors[cls] += 1
    return errors


def _sum_bases(articles: list[ArticleReport]) -> dict[str, BasisScore]:
    total = {basis: BasisScore() for basis in BASES}
    for article in articles:
        for basis, score in article.by_basis.items():
            into = total.setdefault(basis, BasisScore())
            into.predicted += score.predicted
            into.right += score.right
    return total


def select_articles(
    records: list[EventRecord], gold: Gold, patterns: Iterable[str]
) -> tuple[list[str], list[EventRecord], int]:
    """The gold articles and the records whose article file name matches one of the glob ``patterns``
    (all when there are none), and how many records were left out. UsageError when no gold article matches."""
    from fnmatch import fnmatchcase

    patterns = list(patterns)
    if not patterns:
        return sorted(gold.articles), records, 0

    def chosen(name: str) -> bool:
        return any(fnmatchcase(name, pattern) for pattern in patterns)

    names = [name for name in sorted(gold.articles) if chosen(name)]
    if not names:
        from extractor.errors import UsageError

        raise UsageError(f"no article of the gold matches {' or '.join(patterns)}",
                         hint="the globs match article file names, e.g. '[0-9][02468]_*'")  # fmt: skip
    kept = [record for record in records if chosen(_article_key(record))]
    return names, kept, len(records) - len(kept)


def evaluate(
    records: list[EventRecord], gold: Gold, *, articles: Iterable[str] = (), undecided: Mapping[str, int] | None = None
) -> EvalReport:
    """Score records against the gold (rules in the module docstring); ``articles``: globs of the article
    file names to score (gold and records alike), all when empty; ``undecided``: numbers left undecided per
    article file name (``undecided_in_log``), reported beside the scores."""
    names, records, left_out = select_articles(records, gold, articles)
    by_article: dict[str, list[EventRecord]] = {}
    for record in records:
        by_article.setdefault(_article_key(record), []).append(record)
    for group in by_article.values():
        group.sort(key=_canonical)

    reports = [_evaluate_article(name, gold.articles[name], by_article.get(name, []), gold) for name in names]
    for article in reports:
        article.undecided = (undecided or {}).get(article.article, 0)
    stray = sorted(
        (record for name, group in by_article.items() if name not in gold.articles for record in group),
        key=lambda record: (record.article.path, *_canonical(record)),
    )
    if stray:
        extra = ArticleReport(article=NOT_IN_GOLD, in_gold=False, gold_mentions=0, records=len(stray))
        extra.invented = [_invented(record) for record in stray]
        _sum_facts(extra, stray)
        reports.append(extra)

    fields = {name: FieldScore() for name in FIELDS}
    for article in reports:
        for match in article.matches:
            for name, check in match.fields.items():
                fields[name].correct += check.correct
                fields[name].total += check.total

    facts_gold = sum(a.facts_gold for a in reports)
    facts_predicted = sum(a.facts_predicted for a in reports)
    facts_correct = sum(a.facts_correct for a in reports)
    precision = facts_correct / facts_predicted if facts_predicted else 0.0
    recall = facts_correct / facts_gold if facts_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return EvalReport(
        gold=gold._path,
        records=len(records),
        gold_mentions=sum(len(gold.articles[name].events) for name in names),
        mentions_found=sum(len(a.matches) for a in reports),
        mentions_missed=sum(len(a.missed) for a in reports),
        mentions_invented=sum(len(a.invented) for a in reports),
        facts_gold=facts_gold,
        facts_predicted=facts_predicted,
        facts_correct=facts_correct,
        precision=precision,
        recall=recall,
        f1=f1,
        fields=fields,
        gold_transfers=sum(len(m.transfers) for a in reports for m in a.missed)
        + sum(sum(1 for c in m.transfers if c.gold is not None) for a in reports for m in a.matches),
        transfers_right=sum(1 for a in reports for m in a.matches for c in m.transfers if c.gold and _transfer_error(c) is None),
        errors=error_classes(reports),
        by_basis=_sum_bases(reports),
        undecided=sum(a.undecided for a in reports),
        skipped={"records of articles outside the article filter": left_out} if left_out else {},
        articles=reports,
    )


__all__ = [
    "BASES",
    "ERROR_CLASSES",
    "FIELDS",
    "MATCHING_RULE",
    "NOT_IN_GOLD",
    "EvalReport",
    "Gold",
    "evaluate",
    "load_gold",
    "read_events",
    "date_precision",
]
