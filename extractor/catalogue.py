"""Cross-article catalogue: one entry per distinct real-world exchange.

``extractor catalogue events.jsonl`` reads the event records written by
``extractor extract`` (possibly from many runs and many articles), groups the
records that describe the same exchange and writes one ``CatalogueEntry``
(schema ``exchange-catalogue/1``) per group, with every source, the merged
fields, the disagreements between sources and the points a person should
review. Nothing is averaged, guessed or silently picked: every merged value is
chosen by a rule written down here, and every choice between disagreeing
sources is listed in ``conflicts``.

Matching rule (when two records describe the same exchange)
-----------------------------------------------------------
Two records *match* when all of these hold:

1. **Same kind** (``body_repatriation``, ``prisoner_exchange``, ... compared
   exactly; ``mixed`` only matches ``mixed``).
2. **Not two different events of one article.** Records of the same article
   (same ``article.sha256``, or the same path when there is no hash) match only
   when they are equal: same kind, same date value and the same count-bearing
   transfers (to, category, count, qualifier). Otherwise the article itself
   says they are different events.
3. **Compatible counts.** Every (to, category) that carries a count in *both*
   records must be compatible, read as a range: ``exact`` (and ``unknown``,
   read conservatively as exact) is the number itself, ``at_least n`` is
   [n, inf), ``more_than n`` is [n+1, inf), ``up_to n`` is [0, n] and
   ``about n`` is n +/- 10 % (at least +/- 1; ``quantity.ABOUT``, the tolerance
   ``quantity.satisfies`` uses). Two statements are compatible
   when their ranges overlap, so two exact counts must be equal and a
   qualified count is compatible with an exact one that satisfies it
   ("more than 1,000" vs 1,003). A side present in only one record does not
   prevent a match (articles often give one side only).
4. **Something to match on.** At least one (to, category) carries a count in
   both records. The only other basis is a stated *total*: a record with no
   count-bearing transfer but a total matches a record whose stated total is
   compatible with it, or whose exact per-side counts sum to it (equivalent
   restatement: "12,000 in total" = "6,000 each"); both records must then
   have a resolved date.
5. **Compatible dates.** Dates are compared component by component (year,
   month, day); they are compatible when every component known in both is
   equal. So ``2025-11`` is compatible with ``2025-11-20``, ``--01-29``
   (year unknown) with ``2026-01-29``, and an unresolved date with anything.
   One tolerance: two day dates one day apart are compatible when both
   records state the same complete set of count-bearing transfers, all
   exact and equal (outlets often date an exchange by the day it was
   announced); the differing days are then reported as a ``date`` conflict.

Grouping is complete-linkage: a record joins an entry only when it matches
*every* record already in it. Records are processed in a canonical order
(kind, most precise date first, then more counts first, primary before
background, then article hash, event_id and the record's JSON), so the result
does not depend on the order of the input. A record that matches exactly one
entry joins it; a record that matches none starts a new entry; a record that
matches several entries (e.g. an undated "1,000 bodies to Ukraine") is not
attached to any of them: it gets an entry of its own with a ``review`` note
naming the candidates, and no later record joins that entry.

Blocking keeps this fast: entries are indexed by kind, a date bucket (year and
month, year only, month only, undated) and count tokens ((to, category, count)
for exact counts, (to, category) for qualified ones, totals and sums), so a
record is only compared with the few entries that share a compatible count in
a compatible date bucket (10,000 records take well under a few seconds).

Merge rules (how the fields of an entry are filled)
---------------------------------------------------
* ``sources``: every record of the group (path, sha256, outlet, event_id,
  mention, publication date and the record's date), sorted by path then
  event_id. A source without a resolved date takes the entry's date with
  ``basis: "corroborated"`` (its own ``text`` is kept); that date comes from
  the other sources, it is never invented.
* ``independent_sources``: the number of distinct articles (by sha256, or path
  when there is no hash), where articles from the same outlet count once when
  the outlet is known. Outlets are compared case-insensitively, ignoring
  parenthesised remarks and a leading "The" ("BBC (republished)" = "BBC").
* ``mediators``: the union over sources, de-duplicated case-insensitively
  (and "ICRC" = "International Committee of the Red Cross"), each written
  as its most frequent spelling (ties: the longest), sorted.
* Every other field (``date``, each transfer count, ``total``,
  ``agreement``) is resolved from the *statements* of the sources:

  - When all statements are compatible (date components agree, counts
    ranges overlap, normalised agreement names are equal) and there is a
    single most precise one, that one is used. The less precise statements
    are not conflicts (``2025-11`` next to ``2025-11-20``; "more than 1,000"
    next to 1,003).
  - Otherwise the field is listed in ``conflicts`` with every value and the
    event_ids that state it, and the merged value is the one stated by the
    most independent sources, among the contested values (the most precise
    ones and those incompatible with another statement; a less precise
    restatement compatible with all of them takes no side). When the two best values have the same number
    of independent sources the conflict has ``tie: true`` (and a ``review``
    note), and the tie is broken, in order, by: for ``total`` the value
    equal to the sum of the merged exact transfers, for ``date`` the
    strongest basis (explicit, relative, corroborated, publication); then
    the more precise value, the value stated by more primary mentions, by
    more articles, and finally the smallest value in a canonical ordering.
* ``total`` is only filled when some source *states* a total; it is never
  computed. A source that states no total but whose exact per-side counts
  cover every count-bearing transfer of the entry supports the total equal to
  their sum (listed as ``derived_sources``): so "1,029 in total" next to
  "1,003 and 26" is not a conflict, while a stated 1,030 is.
* Per-side counts are always compared per (to, category), never summed across
  categories.

Consistency checks (``review``)
-------------------------------
* Two entries of the same kind on the same day date are flagged on both
  entries, with the counts of each (different counts on one day usually mean
  one source misreported a number, or two exchanges happened that day).
* A record matching several entries (see above), a tie in a conflict, a
  record stating two incompatible counts for one (to, category), and a date
  value that cannot be parsed are noted.
* Counts must be plausible: a count (or total) below 0 or above
  ``MAX_COUNT`` is not used (read as no count) and noted; a date whose year
  lies outside ``MIN_YEAR``..``MAX_YEAR`` is read as unresolved and noted. The
  output models enforce the same bounds, so no such value is ever written.

Catalogue ids are ``<date or 'undated'>-<kind>-<8 hex>``: the hash covers the
merged kind, date, transfers and total, so the id stays the same when sources
are added without changing what the entry says. A year-unknown date is
written ``xxxx-MM-DD``. When two entries would get the same id, the sorted
event_ids of each are added to its hash. Entries are sorted by date (undated
last), kind and id.
"""

from __future__ import annotations

import csv
import gc
import hashlib
import io
import json
import math
import re
from collections.abc import Iterable
from datetime import date as _date
from pathlib import Path
from typing import Any, Literal, TextIO

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from . import lexicon as lx
from .dates import DateValue
from .errors import InputError, OutputError
from .quantity import interval
from .models import (
    Category,
    EventDate,
    EventRecord,
    Kind,
    MentionRole,
    Qualifier,
    Side,
)
from .output import check_output_path, first_error, read_event_records

CATALOGUE_SCHEMA = "exchange-catalogue/1"

SIDES: tuple[str, ...] = ("ukraine", "russia")
CATEGORIES: tuple[str, ...] = ("bodies", "prisoners_of_war", "civilians", "children", "other")
TRANSFER_KEYS: tuple[tuple[str, str], ...] = tuple((s, c) for s in SIDES for c in CATEGORIES)
_KEY_ORDER = {k: i for i, k in enumerate(TRANSFER_KEYS)}

#: the largest count the catalogue accepts (the largest exchanges number in the low thousands).
MAX_COUNT = 1_000_000
#: dates outside these years are read as unresolved.
MIN_YEAR, MAX_YEAR = 1900, 2100
#: an ambiguous record's review note names at most this many candidate entries.
MAX_AMBIGUOUS_LISTED = 10

_INF = math.inf
_POINT_QUALIFIERS = ("exact", "unknown")
# Lower is more precise.
_QUALIFIER_PRECISION = {"exact": 0, "unknown": 0, "about": 1, "up_to": 1, "at_least": 2, "more_than": 2}
_BASIS_STRENGTH = {"explicit": 0, "relative": 1, "corroborated": 2, "publication": 3, "unresolved": 4}
_PRECISION_NAME = {4: "day", 3: "month", 2: "day", 1: "year", 0: "unknown"}


# --------------------------------------------------------------------------
# Output models
# --------------------------------------------------------------------------


class _CModel(BaseModel):
    model_config = ConfigDict(populate_by_name=True)


class CatalogueTransfer(_CModel):
    """Merged count for one direction and category."""

    to: Side
    category: Category
    count: int | None = Field(default=None, ge=0, le=MAX_COUNT)
    qualifier: Qualifier = "exact"


class CatalogueSource(_CModel):
    """One record (article + event) that reports the exchange."""

    path: str
    sha256: str | None = None
    outlet: str | None = None
    event_id: str
    mention: MentionRole
    published: str | None = None
    date: EventDate = Field(
        description="The record's own date; an undated record carries the entry's date with basis 'corroborated'."
    )


class ConflictValue(_CModel):
    value: Any = Field(description="An int for an exact count, 'qualifier count' otherwise; a string for dates.")
    sources: list[str] = Field(default_factory=list, description="event_ids stating this value.")
    derived_sources: list[str] = Field(
        default_factory=list,
        description="event_ids that do not state it but are equivalent to it (their per-side counts sum to it).",
    )


class Conflict(_CModel):
    field: str = Field(description="date, total, agreement or transfers.to_<side>_<category>.")
    values: list[ConflictValue]
    tie: bool = False
    chosen: Any = Field(default=None, description="The merged value (see the module's merge rules).")


class CatalogueEntry(_CModel):
    """One distinct real-world exchange, merged across articles (schema exchange-catalogue/1)."""

    record_schema: Literal["exchange-catalogue/1"] = Field(default=CATALOGUE_SCHEMA, alias="schema")
    catalogue_id: str
    kind: Kind
    date: EventDate
    transfers: list[CatalogueTransfer] = Field(default_factory=list)
    total: int | None = Field(default=None, ge=0, le=MAX_COUNT)
    total_qualifier: Qualifier | None = None
    mediators: list[str] = Field(default_factory=list)
    agreement: str | None = None
    sources: list[CatalogueSource] = Field(default_factory=list)
    independent_sources: int = 0
    conflicts: list[Conflict] = Field(default_factory=list)
    review: list[str] = Field(default_factory=list)

    def to_json(self) -> str:
        return self.model_dump_json(by_alias=True)


# --------------------------------------------------------------------------
# Normalisation helpers
# --------------------------------------------------------------------------

def _parse_date(value: str | None) -> tuple[tuple[int | None, int | None, int | None], bool]:
    """(year, month, day) with None for unknown parts; False when the value cannot be parsed.

    The one date rule (``dates.DateValue``: a real calendar date of one of the
    four shapes), plus the catalogue's plausibility bound: a year outside
    MIN_YEAR..MAX_YEAR is read as unresolved.
    """
    if value is None:
        return (None, None, None), True
    parsed = DateValue.parse(value)
    if parsed is None or (parsed.year is not None and not MIN_YEAR <= parsed.year <= MAX_YEAR):
        return (None, None, None), False
    return (parsed.year, parsed.month, parsed.day), True


def _plausible(count: int | None) -> bool:
    return count is not None and 0 <= count <= MAX_COUNT


def _date_rank(parts: tuple[int | None, int | None, int | None]) -> int:
    y, m, d = parts
    if y is not None and m is not None and d is not None:
        return 4
    if y is not None and m is not None:
        return 3
    if m is not None and d is not None:
        return 2
    if y is not None:
        return 1
    return 0


def _date_value(parts: tuple[int | None, int | None, int | None]) -> str | None:
    y, m, d = parts
    if y is not None and m is not None and d is not None:
        return f"{y:04d}-{m:02d}-{d:02d}"
    if y is not None and m is not None:
        return f"{y:04d}-{m:02d}"
    if m is not None and d is not None:
        return f"--{m:02d}-{d:02d}"
    if y is not None:
        return f"{y:04d}"
    return None


def _dates_equal_parts(a: tuple, b: tuple) -> bool:
    """``DateValue.compatible``: every part known in both is equal."""
    return DateValue(*a).compatible(DateValue(*b))


def _interval(count: int, qualifier: str) -> tuple[float, float]:
    """The values a count allows (``quantity.interval``, the one tolerance), unbounded as infinity."""
    lo, hi = interval(count, qualifier)
    return (lo, _INF if hi is None else hi)


def _overlap(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


def _norm_outlet(outlet: str | None) -> str | None:
    if not outlet:
        return None
    s = re.sub(r"\([^)]*\)", " ", outlet).casefold()
    s = re.sub(r"[^\w]+", " ", s).strip()
    s = re.sub(r"^the ", "", s)
    return s or None


def _norm_mediator(name: str) -> str:
    s = re.sub(r"^the ", "", re.sub(r"\s+", " ", name).strip(), flags=re.IGNORECASE)
    return lx.canonical_mediator(s).casefold()


def _norm_agreement(name: str) -> str:
    words = re.sub(r"[^\w]+", " ", name.casefold()).split()
    words = [w[:-1] if len(w) > 3 and w.endswith("s") else w for w in words if w != "the"]
    return " ".join(words)


def _show_count(count: int) -> str:
    """A count for a note, bounded: a number of 400 digits is not printed whole."""
    text = str(count) if -(10**30) < count < 10**30 else f"{'-' if count < 0 else ''}(a {len(str(abs(count)))}-digit number)"
    return text


def _key_name(key: tuple[str, str]) -> str:
    return f"to_{key[0]}_{key[1]}"


def _num_display(count: int, qualifier: str) -> Any:
    return count if qualifier in _POINT_QUALIFIERS else f"{qualifier} {count}"


# --------------------------------------------------------------------------
# Internal record view
# --------------------------------------------------------------------------


class _Rec:
    """Pre-computed, hashable facts about one record used by matching and merging."""

    __slots__ = (
        "rec", "event_id", "article_key", "group_key", "kind", "dparts", "dvalue", "drank", "dord",
        "stmts", "ivals", "points", "keys", "nocount_keys", "total", "total_ival", "exact_sum",
        "full_sig", "content", "notes", "primary", "sortkey", "tokens", "buckets", "facts",
    )

    def __init__(self, rec: EventRecord):
        self.rec = rec
        self.event_id = rec.event_id
        art = rec.article
        self.article_key = f"sha:{art.sha256}" if art.sha256 else f"path:{art.path}"
        outlet = _norm_outlet(art.outlet)
        self.group_key = f"outlet:{outlet}" if outlet else self.article_key
        self.kind = rec.kind
        self.primary = rec.mention == "primary"
        self.notes: list[str] = []
        # the order of these calls is the order of the notes
        self._read_date(rec)
        self._read_transfers(rec)
        self._read_total(rec)
        self._derive_keys()
        self.tokens = self._tokens()
        self.buckets = self._entry_buckets()

    def _read_date(self, rec: EventRecord) -> None:
        """dparts, dvalue, drank and dord (the day's ordinal, for day dates only)."""
        parts, ok = _parse_date(rec.date.value)
        if not ok:
            self.notes.append(f"source {rec.event_id}: date value {rec.date.value!r} cannot be parsed; treated as unresolved")
        self.dparts = parts
        self.dvalue = _date_value(parts)
        self.drank = _date_rank(parts)
        self.dord = None
        if self.drank == 4:
            try:
                self.dord = _date(*parts).toordinal()  # type: ignore[arg-type]
            except ValueError:
                self.dord = None

    def _read_transfers(self, rec: EventRecord) -> None:
        """stmts (plausible counts by key, in TRANSFER_KEYS order), nocount_keys, keys, then ivals and points."""
        stmts: dict[tuple[str, str], set[tuple[int, str]]] = {}
        nocount: set[tuple[str, str]] = set()
        for t in rec.transfers:
            key = (t.to, t.category)
            if t.count is not None and not _plausible(t.count):
                self.notes.append(f"source {rec.event_id}: {_key_name(key)} count {_show_count(t.count)} is not plausible; not used")
            if not _plausible(t.count):
                nocount.add(key)
            else:
                stmts.setdefault(key, set()).add((t.count, t.qualifier))
        self.stmts = {k: tuple(sorted(v)) for k, v in sorted(stmts.items(), key=lambda kv: _KEY_ORDER[kv[0]])}
        self.nocount_keys = frozenset(nocount - set(stmts))
        self.keys = frozenset(self.stmts)
        self._read_intervals(rec)

    def _read_intervals(self, rec: EventRecord) -> None:
        """ivals (the range all statements of a key allow) and points (keys stated once, as an exact count)."""
        self.ivals: dict[tuple[str, str], tuple[float, float]] = {}
        self.points: dict[tuple[str, str], int] = {}
        for key, ss in self.stmts.items():
            ivs = [_interval(c, q) for c, q in ss]
            lo, hi = max(i[0] for i in ivs), min(i[1] for i in ivs)
            if lo > hi:  # the record contradicts itself: keep the hull and say so
                lo, hi = min(i[0] for i in ivs), max(i[1] for i in ivs)
                self.notes.append(
                    f"source {rec.event_id} states incompatible counts for {_key_name(key)}: "
                    + ", ".join(str(_num_display(c, q)) for c, q in ss)
                )
            self.ivals[key] = (lo, hi)
            if len(ss) == 1 and ss[0][1] in _POINT_QUALIFIERS:
                self.points[key] = ss[0][0]

    def _read_total(self, rec: EventRecord) -> None:
        """total ((count, qualifier), when plausible) and total_ival."""
        self.total = None
        self.total_ival = None
        if rec.total is not None and rec.total.count is not None and not _plausible(rec.total.count):
            self.notes.append(f"source {rec.event_id}: total {_show_count(rec.total.count)} is not plausible; not used")
        elif rec.total is not None and rec.total.count is not None:
            self.total = (rec.total.count, rec.total.qualifier)
            self.total_ival = _interval(*self.total)

    def _derive_keys(self) -> None:
        """exact_sum, full_sig, content, facts and sortkey, from the facts read above."""
        parts = self.dparts
        all_points = bool(self.stmts) and len(self.points) == len(self.stmts)
        self.exact_sum = sum(self.points.values()) if all_points else None
        self.full_sig = tuple(sorted(self.points.items())) if all_points else None
        self.content = (
            self.kind,
            self.dvalue,
            tuple((k, ss) for k, ss in self.stmts.items()),
        )
        # everything _facts_compatible looks at: records with equal facts match the same records
        self.facts = (parts, self.full_sig, tuple(self.ivals.items()), self.total_ival, self.exact_sum, bool(self.stmts))
        self.sortkey = (
            self.kind,
            -self.drank,
            tuple(-1 if p is None else p for p in parts),
            -len(self.stmts),
            -len(self.points),
            0 if self.primary else 1,
            self.article_key,
            self.event_id,
        )  # ties (same article and event_id) are ordered by the record's JSON, see _group

    # ---- blocking -------------------------------------------------------

    def _tokens(self) -> frozenset:
        """Tokens under which an entry containing this record is indexed."""
        toks: set = {("art", self.article_key)}
        for key, ss in self.stmts.items():
            toks.add(("k", key))
            for c, q in ss:
                toks.add(("c", key, c) if q in _POINT_QUALIFIERS else ("nx", key))
        if self.stmts:
            if self.exact_sum is not None:
                toks.update((("sum", self.exact_sum), ("anysum",)))
            if self.total is not None:
                toks.add(("tot", self.total[0]) if self.total[1] in _POINT_QUALIFIERS else ("tot*",))
                toks.add(("anytot",))
        elif self.total is not None:
            toks.add(("toany",))  # a total-only record: few of them, found by any dated record
        return frozenset(toks)

    def query_tokens(self) -> set:
        """Tokens to look up: only entries indexed under one of them can match."""
        toks: set = {("art", self.article_key)}  # equal records of the same article
        for key, ss in self.stmts.items():
            for c, q in ss:
                if q in _POINT_QUALIFIERS:
                    toks.update((("c", key, c), ("nx", key)))
                else:
                    toks.add(("k", key))
        if self.dvalue is None:
            return toks  # the total basis needs resolved dates
        if self.stmts:
            toks.add(("toany",))
        elif self.total is not None:
            if self.total[1] in _POINT_QUALIFIERS:
                n = self.total[0]
                toks.update((("sum", n), ("tot", n), ("tot*",), ("toany",)))
            else:
                toks.update((("anysum",), ("anytot",), ("toany",)))
        return toks

    def _entry_buckets(self) -> frozenset:
        y, m, _ = self.dparts
        out = {"*"}
        if y is not None and m is not None:
            out.update((f"ym:{y}-{m}", f"Y:{y}", f"M:{m}"))
        elif y is not None:
            out.update((f"yo:{y}", "yo:*", f"Y:{y}"))
        elif m is not None:
            out.update((f"no:{m}", "no:*", f"M:{m}"))
        else:
            out.add("u")
        return frozenset(out)

    def query_buckets(self) -> set:
        y, m, _ = self.dparts
        if y is not None and m is not None:
            out = {f"ym:{y}-{m}", f"yo:{y}", f"no:{m}", "u"}
            if self.dord is not None and self.full_sig is not None:
                for delta in (-1, 1):
                    try:
                        dd = _date.fromordinal(self.dord + delta)
                    except (ValueError, OverflowError):
                        continue
                    out.add(f"ym:{dd.year}-{dd.month}")
            return out
        if y is not None:
            return {f"Y:{y}", "no:*", "u"}
        if m is not None:
            return {f"M:{m}", "yo:*", "u"}
        return {"*"}


def _total_basis(a: _Rec, b: _Rec) -> bool:
    if a.dvalue is None or b.dvalue is None:
        return False
    for x, y in ((a, b), (b, a)):
        if not x.stmts and x.total_ival is not None:
            if y.total_ival is not None and _overlap(x.total_ival, y.total_ival):
                return True
            if y.exact_sum is not None and x.total_ival[0] <= y.exact_sum <= x.total_ival[1]:
                return True
    return False


def _compatible(a: _Rec, b: _Rec) -> bool:
    """The pairwise matching rule of the module docstring."""
    if a.kind != b.kind:
        return False
    if a.article_key == b.article_key:
        return a.content == b.content
    return _facts_compatible(a, b)


def _facts_compatible(a: _Rec, b: _Rec) -> bool:
    """Rules 3-5 (dates, counts, basis) for records of the same kind and different articles."""
    if not _dates_equal_parts(a.dparts, b.dparts):
        near = (
            a.full_sig is not None
            and a.full_sig == b.full_sig
            and a.dord is not None
            and b.dord is not None
            and abs(a.dord - b.dord) == 1
        )
        if not near:
            return False
    shared = a.keys & b.keys
    if shared:
        ai, bi = a.ivals, b.ivals
        return all(_overlap(ai[k], bi[k]) for k in shared)
    return _total_basis(a, b)


# --------------------------------------------------------------------------
# Grouping
# --------------------------------------------------------------------------


class _Group:
    __slots__ = ("gid", "members", "ivals", "articles", "facts", "tokens", "buckets", "ambiguous_with", "indexed")

    def __init__(self, gid: int):
        self.gid = gid
        self.members: list[_Rec] = []
        self.ivals: dict[tuple[str, str], tuple[float, float]] = {}
        self.articles: dict[str, tuple] = {}
        # one member per distinct set of facts, with the articles of the members having them
        self.facts: dict[tuple, tuple[_Rec, set[str]]] = {}
        self.tokens: set = set()
        self.buckets: set = set()
        self.ambiguous_with: list[_Group] = []
        self.indexed = True

    def add(self, r: _Rec) -> None:
        self.members.append(r)
        for k, iv in r.ivals.items():
            cur = self.ivals.get(k)
            self.ivals[k] = iv if cur is None else (max(cur[0], iv[0]), min(cur[1], iv[1]))
        self.articles.setdefault(r.article_key, r.content)
        self.facts.setdefault(r.facts, (r, set()))[1].add(r.article_key)

    def quick_reject(self, r: _Rec) -> bool:
        if r.article_key in self.articles and self.articles[r.article_key] != r.content:
            return True
        gi = self.ivals
        for k, iv in r.ivals.items():
            g = gi.get(k)
            if g is not None and not _overlap(g, iv):
                return True
        return False

    def accepts(self, r: _Rec) -> bool:
        """Complete linkage: r matches every member (members of r's article are equal to r, see quick_reject)."""
        if self.quick_reject(r) or r.kind != self.members[0].kind:
            return False
        art = r.article_key
        return all(
            _facts_compatible(r, m) for m, arts in self.facts.values() if not (len(arts) == 1 and art in arts)
        )


class _Index:
    def __init__(self) -> None:
        self.sets: dict[tuple, set[int]] = {}

    def add(self, kind: str, g: _Group, r: _Rec) -> None:
        new_t = r.tokens - g.tokens
        new_b = r.buckets - g.buckets
        sets = self.sets
        gid = g.gid
        if new_t:
            for b in g.buckets | new_b:
                for t in new_t:
                    sets.setdefault((kind, b, t), set()).add(gid)
        if new_b:
            for b in new_b:
                for t in g.tokens:
                    sets.setdefault((kind, b, t), set()).add(gid)
        g.tokens |= new_t
        g.buckets |= new_b

    def candidates(self, r: _Rec) -> set[int]:
        sets = self.sets
        kind = r.kind
        qtok = r.query_tokens()
        out: set[int] = set()
        empty: set[int] = set()
        for b in r.query_buckets():
            pos: set[int] = set()
            for t in qtok:
                s = sets.get((kind, b, t))
                if s:
                    pos |= s
            if not pos:
                continue
            # drop entries that state this (to, category) only with a different exact count
            for key, c in r.points.items():
                has_k = sets.get((kind, b, ("k", key)))
                if has_k:
                    bad = has_k - sets.get((kind, b, ("c", key, c)), empty) - sets.get((kind, b, ("nx", key)), empty)
                    if bad:
                        pos -= bad
            out |= pos
        return out


def _coerce(record: EventRecord | dict) -> EventRecord:
    if isinstance(record, EventRecord):
        return record
    try:
        return EventRecord.model_validate(record)
    except ValidationError as exc:
        raise InputError(f"invalid event record: {first_error(exc)}", hint="see extractor/models.py for the record format") from exc


def _canonical_order(recs: list[_Rec]) -> list[_Rec]:
    recs = sorted(recs, key=lambda r: r.sortkey)
    out: list[_Rec] = []
    i = 0
    while i < len(recs):  # runs with equal keys (rare): order by the record's JSON
        j = i + 1
        while j < len(recs) and recs[j].sortkey == recs[i].sortkey:
            j += 1
        run = recs[i:j]
        if len(run) > 1:
            run.sort(key=lambda r: r.rec.model_dump_json(by_alias=True))
        out.extend(run)
        i = j
    return out


def _group(recs: list[_Rec]) -> list[_Group]:
    groups: list[_Group] = []
    index = _Index()
    for r in _canonical_order(recs):
        matching: list[_Group] = []
        for gid in sorted(index.candidates(r)):
            g = groups[gid]
            if g.accepts(r):
                matching.append(g)
                if len(matching) > MAX_AMBIGUOUS_LISTED:
                    break  # ambiguous anyway; no need to find every candidate
        if len(matching) == 1:
            g = matching[0]
            g.add(r)
            index.add(r.kind, g, r)
            continue
        g = _Group(len(groups))
        g.add(r)
        groups.append(g)
        if matching:
            g.ambiguous_with = matching
            g.indexed = False
        else:
            index.add(r.kind, g, r)
    return groups


# --------------------------------------------------------------------------
# Merging
# --------------------------------------------------------------------------


class _Stmt:
    """One distinct value of a field with the records stating (or implying) it."""

    __slots__ = ("key", "display", "stated", "derived", "precision", "pref")

    def __init__(self, key: Any, display: Any, precision: int = 0):
        self.key = key
        self.display = display
        self.stated: list[_Rec] = []
        self.derived: list[_Rec] = []
        self.precision = precision
        self.pref: Any = 0

    def support(self) -> tuple[int, int, int]:
        recs = self.stated + self.derived
        indep = len({r.group_key for r in recs})
        arts = len({r.article_key for r in recs})
        prim = len({r.article_key for r in recs if r.primary})
        return indep, prim, arts


def _resolve(
    field: str,
    stmts: list[_Stmt],
    compatible,
    notes: list[str],
) -> tuple[_Stmt | None, Conflict | None]:
    """Apply the merge rule to the distinct values of one field."""
    candidates = [s for s in stmts if s.stated]
    if not candidates:
        return None, None
    best_prec = min(s.precision for s in candidates)
    top = [s for s in candidates if s.precision == best_prec]
    clashing = {
        id(x) for i, a in enumerate(stmts) for b in stmts[i + 1 :] if not compatible(a.key, b.key) for x in (a, b)
    }
    if not clashing and len(top) == 1:
        return top[0], None
    # Restatements compatible with every other statement (less precise ones) take no side in the vote.
    contested = [s for s in candidates if s.precision == best_prec or id(s) in clashing]

    def rank(s: _Stmt):
        indep, prim, arts = s.support()
        return (-indep, s.pref, s.precision, -prim, -arts, _canon(s.key))

    ordered = sorted(contested, key=rank)
    chosen = ordered[0]
    tie = len(ordered) > 1 and ordered[0].support()[0] == ordered[1].support()[0]
    listing = sorted(stmts, key=lambda s: (-s.support()[0], _canon(s.key)))
    conflict = Conflict(
        field=field,
        values=[
            ConflictValue(
                value=s.display,
                sources=sorted({r.event_id for r in s.stated}),
                derived_sources=sorted({r.event_id for r in s.derived}),
            )
            for s in listing
        ],
        tie=tie,
        chosen=chosen.display,
    )
    if tie:
        notes.append(f"tie on {field}: sources disagree equally; {chosen.display!r} chosen by the documented tie-break")
    return chosen, conflict


def _canon(v: Any) -> str:
    return json.dumps(v, sort_keys=True, default=str)


def _num_compatible(a: tuple[int, str], b: tuple[int, str]) -> bool:
    return _overlap(_interval(*a), _interval(*b))


class _Built:
    __slots__ = ("group", "entry", "base_hash", "sig")

    def __init__(self, group: _Group, entry: CatalogueEntry, base_hash: str, sig: str):
        self.group = group
        self.entry = entry
        self.base_hash = base_hash
        self.sig = sig


def _merge(g: _Group) -> _Built:
    """One catalogue entry from a group of records, by the module's merge rules (the id is set by ``_build``)."""
    members = g.members
    notes: list[str] = []
    conflicts: list[Conflict] = []
    for r in members:
        notes.extend(r.notes)
    # the order of these calls is the order of the conflicts and review notes
    entry_date = _merge_date(members, notes, conflicts)
    keys = _transfer_keys(members)
    transfers, merged_points = _merge_transfers(members, keys, notes, conflicts)
    total_val, total_q = _merge_total(members, keys, merged_points, notes, conflicts)
    agreement = _merge_agreement(members, notes, conflicts)

    sig = _counts_sig(transfers)
    content = [g.members[0].kind, entry_date.value, [t.model_dump() for t in transfers], total_val, total_q]
    base_hash = hashlib.sha256(_canon(content).encode()).hexdigest()
    entry = CatalogueEntry(
        catalogue_id="",
        kind=g.members[0].kind,  # type: ignore[arg-type]
        date=entry_date,
        transfers=transfers,
        total=total_val,
        total_qualifier=total_q,  # type: ignore[arg-type]
        mediators=_merge_mediators(members),
        agreement=agreement,
        sources=_merge_sources(members, entry_date),
        independent_sources=len({r.group_key for r in members}),
        conflicts=conflicts,
        review=list(dict.fromkeys(notes)),
    )
    return _Built(g, entry, base_hash, sig)


def _date_stmts(members: list[_Rec]) -> list[_Stmt]:
    """The distinct resolved dates of the members, each with its strongest basis as tie-break preference."""
    dstmts: dict[str, _Stmt] = {}
    for r in members:
        if r.dvalue is None:
            continue
        s = dstmts.get(r.dvalue)
        if s is None:
            s = dstmts[r.dvalue] = _Stmt(r.dvalue, r.dvalue, precision=4 - r.drank)
            s.pref = 99
        s.stated.append(r)
        s.pref = min(s.pref, _BASIS_STRENGTH.get(r.rec.date.basis, 4))
    return sorted(dstmts.values(), key=lambda s: _canon(s.key))


def _merge_date(members: list[_Rec], notes: list[str], conflicts: list[Conflict]) -> EventDate:
    """The entry's date (merge rules); unresolved, with the first date text, when no member has a date."""
    dlist = _date_stmts(members)
    parts_of = {s.key: _parse_date(s.key)[0] for s in dlist}
    chosen_d, conflict = _resolve("date", dlist, lambda a, b: _dates_equal_parts(parts_of[a], parts_of[b]), notes)
    if conflict:
        conflicts.append(conflict)
    if chosen_d is None:
        texts = sorted({r.rec.date.text for r in members if r.rec.date.text})
        return EventDate(value=None, precision="unknown", text=texts[0] if texts else None, basis="unresolved")
    best = min(
        chosen_d.stated,
        key=lambda r: (_BASIS_STRENGTH.get(r.rec.date.basis, 4), 0 if r.primary else 1, r.article_key, r.event_id),
    )
    rank = 4 - chosen_d.precision
    return EventDate(
        value=chosen_d.key,
        precision=_PRECISION_NAME[rank],  # type: ignore[arg-type]
        text=best.rec.date.text,
        basis=best.rec.date.basis,
    )


def _transfer_keys(members: list[_Rec]) -> list[tuple[str, str]]:
    """Every (to, category) some member names, with or without a count, in TRANSFER_KEYS order."""
    return sorted({k for r in members for k in r.stmts} | {k for r in members for k in r.nocount_keys}, key=_KEY_ORDER.get)


def _transfer_stmts(members: list[_Rec], key: tuple[str, str]) -> list[_Stmt]:
    """The distinct counts stated for one (to, category); ``unknown`` is read as ``exact``."""
    tst: dict[tuple[int, str], _Stmt] = {}
    for r in members:
        for c, q in r.stmts.get(key, ()):
            norm = (c, "exact" if q == "unknown" else q)
            s = tst.get(norm)
            if s is None:
                s = tst[norm] = _Stmt(norm, _num_display(*norm), precision=_QUALIFIER_PRECISION.get(q, 2))
            if r not in s.stated:
                s.stated.append(r)
    return sorted(tst.values(), key=lambda s: _canon(s.key))


def _merge_transfers(
    members: list[_Rec], keys: list[tuple[str, str]], notes: list[str], conflicts: list[Conflict]
) -> tuple[list[CatalogueTransfer], dict[tuple[str, str], int]]:
    """The merged transfers (one per key) and the merged exact counts by key."""
    transfers: list[CatalogueTransfer] = []
    merged_points: dict[tuple[str, str], int] = {}
    for key in keys:
        tlist = _transfer_stmts(members, key)
        chosen_t, conflict = _resolve(f"transfers.{_key_name(key)}", tlist, _num_compatible, notes)
        if conflict:
            conflicts.append(conflict)
        if chosen_t is None:
            transfers.append(CatalogueTransfer(to=key[0], category=key[1], count=None, qualifier="unknown"))  # type: ignore[arg-type]
        else:
            c, q = chosen_t.key
            transfers.append(CatalogueTransfer(to=key[0], category=key[1], count=c, qualifier=q))  # type: ignore[arg-type]
            if q == "exact":
                merged_points[key] = c
    return transfers, merged_points


def _total_stmts(members: list[_Rec], count_keys: list[tuple[str, str]]) -> dict[tuple[int, str], _Stmt]:
    """The stated totals; when there is one, also the sums of members whose exact counts cover every count key (derived)."""
    tstm: dict[tuple[int, str], _Stmt] = {}
    for r in members:
        if r.total is not None:
            norm = (r.total[0], "exact" if r.total[1] == "unknown" else r.total[1])
            s = tstm.get(norm)
            if s is None:
                s = tstm[norm] = _Stmt(norm, _num_display(*norm), precision=_QUALIFIER_PRECISION.get(norm[1], 2))
            s.stated.append(r)
    if tstm:
        full = frozenset(count_keys)
        for r in members:
            if r.total is None and r.exact_sum is not None and r.keys == full:
                norm = (r.exact_sum, "exact")
                s = tstm.get(norm)
                if s is None:
                    s = tstm[norm] = _Stmt(norm, r.exact_sum, precision=0)
                s.derived.append(r)
    return tstm


def _merge_total(
    members: list[_Rec],
    keys: list[tuple[str, str]],
    merged_points: dict[tuple[str, str], int],
    notes: list[str],
    conflicts: list[Conflict],
) -> tuple[int | None, str | None]:
    """(total, qualifier): only filled when some member states a total; never computed."""
    count_keys = [k for k in keys if any(k in r.stmts for r in members)]
    merged_sum = sum(merged_points.values()) if count_keys and len(merged_points) == len(count_keys) else None
    tstm = _total_stmts(members, count_keys)
    if not tstm:
        return None, None
    for s in tstm.values():
        s.pref = 0 if (merged_sum is not None and s.key == (merged_sum, "exact")) else 1
    tl = sorted(tstm.values(), key=lambda s: _canon(s.key))
    chosen_total, conflict = _resolve("total", tl, _num_compatible, notes)
    if conflict:
        conflicts.append(conflict)
    if chosen_total is None:
        return None, None
    total_val, total_q = chosen_total.key
    return total_val, total_q


def _merge_mediators(members: list[_Rec]) -> list[str]:
    """The union of the members' mediators, each in its most frequent spelling (ties: the longest), sorted."""
    spellings: dict[str, dict[str, int]] = {}
    for r in members:
        for name in dict.fromkeys(r.rec.mediators):
            if not name or not name.strip():
                continue
            spellings.setdefault(_norm_mediator(name), {}).setdefault(name.strip(), 0)
            spellings[_norm_mediator(name)][name.strip()] += 1
    return sorted(
        (min(sp.items(), key=lambda kv: (-kv[1], -len(kv[0]), kv[0]))[0] for sp in spellings.values()),
        key=lambda n: (n.casefold(), n),
    )


def _agreement_stmts(members: list[_Rec]) -> list[_Stmt]:
    """The distinct normalised agreement names, each displayed in its most frequent spelling."""
    ast: dict[str, _Stmt] = {}
    spell_a: dict[str, dict[str, int]] = {}
    for r in members:
        a = r.rec.agreement
        if not a or not a.strip():
            continue
        key = _norm_agreement(a) or a.strip()
        sp = spell_a.setdefault(key, {})
        sp[a.strip()] = sp.get(a.strip(), 0) + 1
        s = ast.get(key)
        if s is None:
            s = ast[key] = _Stmt(key, None)
        s.stated.append(r)
    for key, s in ast.items():
        s.display = min(spell_a[key].items(), key=lambda kv: (-kv[1], kv[0]))[0]
    return sorted(ast.values(), key=lambda s: s.key)


def _merge_agreement(members: list[_Rec], notes: list[str], conflicts: list[Conflict]) -> str | None:
    chosen_a, conflict = _resolve("agreement", _agreement_stmts(members), lambda a, b: a == b, notes)
    if conflict:
        conflicts.append(conflict)
    return chosen_a.display if chosen_a else None


def _merge_sources(members: list[_Rec], entry_date: EventDate) -> list[CatalogueSource]:
    """One source per (article, event_id), sorted by path then event_id; undated ones take the entry's date."""
    sources: list[CatalogueSource] = []
    seen: set[tuple[str, str]] = set()
    for r in sorted(members, key=lambda r: (r.rec.article.path, r.event_id, r.article_key)):
        ident = (r.article_key, r.event_id)
        if ident in seen:
            continue
        seen.add(ident)
        art = r.rec.article
        if r.dvalue is None and entry_date.value is not None:
            sdate = EventDate(
                value=entry_date.value, precision=entry_date.precision, text=r.rec.date.text, basis="corroborated"
            )
        else:
            sdate = r.rec.date
        sources.append(
            CatalogueSource(
                path=art.path,
                sha256=art.sha256 or None,
                outlet=art.outlet,
                event_id=r.event_id,
                mention=r.rec.mention,
                published=art.published,
                date=sdate,
            )
        )
    return sources


def _counts_sig(transfers: list[CatalogueTransfer]) -> str:
    parts = [f"{_key_name((t.to, t.category))}={_num_display(t.count, t.qualifier)}" for t in transfers if t.count is not None]
    return ", ".join(parts) or "no counts"


def _id_date(value: str | None) -> str:
    if value is None:
        return "undated"
    return "xxxx" + value[1:] if value.startswith("--") else value


def _date_sort(value: str | None) -> tuple:
    parts, _ = _parse_date(value)
    y, m, d = parts
    if value is None:
        return (2, 0, 0, 0)
    if y is None:
        return (1, 0, m or 0, d or 0)
    return (0, y, m or 0, d or 0)


# --------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------


def build_catalogue(records: Iterable[EventRecord | dict]) -> list[CatalogueEntry]:
    """Group records describing the same exchange into catalogue entries (see the module docstring)."""
    gc_was_enabled = gc.isenabled()
    gc.disable()  # many small objects, no cycles: the collector would only slow this down
    try:
        return _build(records)
    finally:
        if gc_was_enabled:
            gc.enable()


def _build(records: Iterable[EventRecord | dict]) -> list[CatalogueEntry]:
    recs = [_Rec(_coerce(r)) for r in records]
    groups = _group(recs)
    built = [_merge(g) for g in groups]
    _assign_ids(built)
    _note_ambiguous(built)
    _note_same_day(built)
    entries = [b.entry for b in built]
    entries.sort(key=lambda e: (_date_sort(e.date.value), e.kind, e.catalogue_id))
    return entries


def _assign_ids(built: list[_Built]) -> None:
    """Stable catalogue ids: date, kind and the content hash; entries that would share one also hash their event_ids."""
    by_base: dict[str, list[_Built]] = {}
    for b in built:
        e = b.entry
        base = f"{_id_date(e.date.value)}-{e.kind}-{b.base_hash[:8]}"
        by_base.setdefault(base, []).append(b)
    for base, bs in by_base.items():
        if len(bs) == 1:
            bs[0].entry.catalogue_id = base
            continue
        taken: set[str] = set()
        for b in sorted(bs, key=lambda b: sorted(s.event_id for s in b.entry.sources)):
            e = b.entry
            ids = sorted(f"{s.event_id}@{s.sha256 or s.path}" for s in e.sources)
            h = hashlib.sha256((b.base_hash + _canon(ids)).encode()).hexdigest()[:8]
            cid = f"{_id_date(e.date.value)}-{e.kind}-{h}"
            n = 2
            while cid in taken:
                cid = f"{_id_date(e.date.value)}-{e.kind}-{h}-{n}"
                n += 1
            taken.add(cid)
            e.catalogue_id = cid


def _note_ambiguous(built: list[_Built]) -> None:
    """The review note of an entry kept apart because its record matched several entries (needs the ids)."""
    by_group = {b.group.gid: b for b in built}
    for b in built:
        rv = list(b.entry.review)
        if b.group.ambiguous_with:
            ids = sorted(by_group[o.gid].entry.catalogue_id for o in b.group.ambiguous_with)
            src = b.group.members[0].event_id
            if len(ids) > MAX_AMBIGUOUS_LISTED:
                what = f"more than {MAX_AMBIGUOUS_LISTED} entries (e.g. {', '.join(ids[:MAX_AMBIGUOUS_LISTED])})"
            else:
                what = f"{len(ids)} entries ({', '.join(ids)})"
            rv.append(f"ambiguous: source {src} matches {what}; kept apart rather than picking one")
        b.entry.review = rv


def _note_same_day(built: list[_Built]) -> None:
    """Flag entries of the same kind on the same day date, on every one of them (needs the ids)."""
    same_day: dict[tuple[str, str], list[_Built]] = {}
    for b in built:
        e = b.entry
        if e.date.value and _date_rank(_parse_date(e.date.value)[0]) == 4:
            same_day.setdefault((e.kind, e.date.value), []).append(b)
    for bs in same_day.values():
        if len(bs) < 2:
            continue
        for b in bs:
            _note_same_day_entry(b, bs)


def _note_same_day_entry(b: _Built, bs: list[_Built]) -> None:
    """The same-day notes of ``b`` about the other entries of ``bs``: those with different counts, then equal ones."""
    others = sorted((o for o in bs if o is not b), key=lambda o: o.entry.catalogue_id)
    differ = [o for o in others if o.sig != b.sig]
    same = [o for o in others if o.sig == b.sig]
    if differ:
        desc = "; ".join(f"{o.entry.catalogue_id}: {o.sig}" for o in differ[:10])
        more = f"; and {len(differ) - 10} more" if len(differ) > 10 else ""
        b.entry.review.append(
            f"same date and kind as {len(differ)} other entr{'y' if len(differ) == 1 else 'ies'} with different counts "
            f"(this: {b.sig}; {desc}{more})"
        )
    if same:
        b.entry.review.append(
            f"same date, kind and counts as {_short_list([o.entry.catalogue_id for o in same])} "
            "but not merged (different events of one article, or an ambiguous match)"
        )


def _short_list(ids: list[str], limit: int = 10) -> str:
    head = ", ".join(ids[:limit])
    return head + (f", and {len(ids) - limit} more" if len(ids) > limit else "")


def read_records(path: Path) -> list[EventRecord]:
    """Read the event records of a JSONL events file.

    Blank lines and lines whose ``schema`` is not ``exchange-event/1`` (the
    ``exchange-article/1`` log lines may be mixed in) are skipped; a line with
    no ``schema`` but an ``event_id`` (a hand-written record) is read as a
    record. Invalid JSON or an invalid record raises ``InputError`` naming
    ``file:line``.
    """
    return read_event_records(path, schemaless_ok=True)[0]


def read_many(paths: Iterable[Path], skipped: dict[str, int] | None = None) -> tuple[list[EventRecord], int]:
    """The records of several events files (e.g. one per ``--shard``), each event once, and how many repeats were dropped.

    A record whose ``event_id`` was already read (the same article extracted
    by two shards, or a file named twice) is read once: the first wins. Lines
    that are not event records are counted into ``skipped`` ({why: how many}).
    """
    from .output import read_records as read_lines

    records: list[EventRecord] = []
    seen: set[str] = set()
    duplicates = 0
    for path in paths:
        found, other = read_lines(path, schemaless_ok=True)
        for why, n in other.items():
            if skipped is not None:
                skipped[why] = skipped.get(why, 0) + n
        for record in found:
            if record.event_id in seen:
                duplicates += 1
                continue
            seen.add(record.event_id)
            records.append(record)
    return records, duplicates


CSV_COLUMNS: tuple[str, ...] = (
    "catalogue_id",
    "date",
    "date_precision",
    "date_basis",
    "kind",
    *(_key_name(k) for k in TRANSFER_KEYS),
    "qualifiers",
    "total",
    "total_qualifier",
    "mediators",
    "agreement",
    "independent_sources",
    "source_count",
    "sources",
    "outlets",
    "event_ids",
    "mentions",
    "conflicts",
    "review",
)


def _csv_row(e: CatalogueEntry) -> dict[str, Any]:
    row: dict[str, Any] = {c: "" for c in CSV_COLUMNS}
    row.update(
        catalogue_id=e.catalogue_id,
        date=e.date.value or "",
        date_precision=e.date.precision,
        date_basis=e.date.basis,
        kind=e.kind,
        total="" if e.total is None else e.total,
        total_qualifier=e.total_qualifier or "",
        mediators=";".join(e.mediators),
        agreement=e.agreement or "",
        independent_sources=e.independent_sources,
        source_count=len(e.sources),
        sources=";".join(s.path for s in e.sources),
        outlets=";".join(dict.fromkeys(s.outlet for s in e.sources if s.outlet)),
        event_ids=";".join(s.event_id for s in e.sources),
        mentions=";".join(s.mention for s in e.sources),
        conflicts=" | ".join(_conflict_text(c) for c in e.conflicts),
        review=" | ".join(e.review),
    )
    quals = []
    for t in e.transfers:
        name = _key_name((t.to, t.category))
        row[name] = "" if t.count is None else t.count
        if t.count is not None and t.qualifier != "exact":
            quals.append(f"{name}={t.qualifier}")
    row["qualifiers"] = ";".join(quals)
    return row


def _conflict_text(c: Conflict) -> str:
    vals = " vs ".join(
        f"{v.value} [{';'.join(v.sources + [d + '(derived)' for d in v.derived_sources])}]" for v in c.values
    )
    return f"{c.field}{' (tie)' if c.tie else ''}: {vals}"


def write_catalogue(
    entries: Iterable[CatalogueEntry],
    out: Path | TextIO,
    fmt: Literal["jsonl", "csv"] = "jsonl",
    *,
    inputs: Iterable[Path] = (),
) -> None:
    """Write entries as JSONL (one entry per line) or CSV (one flattened row per entry).

    A file path is never written over an input (``inputs``) nor over an existing
    file that is not a catalogue (OutputError).
    """
    if fmt not in ("jsonl", "csv"):
        raise ValueError(f"unknown catalogue format {fmt!r}; use 'jsonl' or 'csv'")
    entries = list(entries)
    if isinstance(out, (str, Path)):
        path = Path(out)
        csv_header = ",".join(CSV_COLUMNS) if fmt == "csv" else None
        check_output_path(path, CATALOGUE_SCHEMA, inputs=inputs, line_prefix=csv_header)
        try:
            with path.open("w", encoding="utf-8", newline="") as fh:
                _write(entries, fh, fmt)
        except OSError as exc:
            raise OutputError(f"cannot write: {exc.strerror or exc}", path=str(path)) from exc
    else:
        _write(entries, out, fmt)


def _write(entries: list[CatalogueEntry], fh: TextIO, fmt: str) -> None:
    if fmt == "jsonl":
        for e in entries:
            fh.write(e.to_json())
            fh.write("\n")
        return
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(CSV_COLUMNS), lineterminator="\n")
    writer.writeheader()
    for e in entries:
        writer.writerow(_csv_row(e))
    fh.write(buf.getvalue())




__all__ = [
    "CATALOGUE_SCHEMA",
    "CSV_COLUMNS",
    "CatalogueEntry",
    "CatalogueSource",
    "CatalogueTransfer",
    "Conflict",
    "ConflictValue",
    "build_catalogue",
    "read_records",
    "write_catalogue",
]
