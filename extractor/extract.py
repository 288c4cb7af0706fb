"""The extraction pipeline for one article: passages -> model -> normalise -> merge -> validate.

1. ``candidates.find_passages`` picks the sentences about exchanges and marks
   every count in them (``1,000 [N1]``).
2. The model answers one small question per passage (``PassageAnswer``): is it
   a specific exchange, is it an earlier one, when, and for each marked number
   whether it was received (by which side, of what category), a total, or
   something else. instructor's validation-retry loop runs the deterministic
   validator on every answer and sends its error findings back as feedback,
   a bounded number of times.
3. Counts come from the deterministic number parser, dates from the date
   resolver, evidence is the article's own clause around each number.
4. Passage answers describing the same exchange are merged (rule in
   ``merge_drafts``); kind, mention, mediators and agreement are decided by
   documented deterministic rules; the validator runs on the final records and
   whatever it still finds is reported on them.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Callable

from instructor.core.exceptions import IncompleteOutputException, InstructorRetryException
from pydantic import ValidationInfo, model_validator

from . import __version__
from .articles import Article
from .backends import Client
from .candidates import Passage, clause_around, find_passages
from .errors import iter_causes
from .models import (
    ArticleRef,
    EventDate,
    EventRecord,
    Evidence,
    Issue,
    PassageAnswer,
    Provenance,
    Total,
    Transfer,
)
from .normalise import parse_count, resolve_date
from .prompts import Template, describe_fields, load, prompt_hash
from .settings import LOCAL_MODEL_NAME
from .validate import direction_cues, is_combined_figure, validate_article_records, validate_record, with_validation

BACKGROUND_AFTER_DAYS = 7
DATE_PROBE = date(2026, 6, 30)  # any reference day: only asks "is this a date expression at all?"
_DATEISH = re.compile(r"\d|January|February|March|April|May|June|July|August|September|October|November|December|day\b|week|month|year", re.IGNORECASE)


def _looks_like_date(text: str) -> bool:
    return bool(_DATEISH.search(text))


class CheckedAnswer(PassageAnswer):
    """PassageAnswer whose validation runs the deterministic checks given in the context."""

    # The feedback the model sees is our message, not a dump of its own answer.
    model_config = {"title": "PassageAnswer", "hide_input_in_errors": True}

    @model_validator(mode="after")
    def _deterministic_checks(self, info: ValidationInfo) -> "CheckedAnswer":
        ctx = info.context or {}
        check: Callable[[PassageAnswer], list[str]] | None = ctx.get("check")
        if check is None:
            return self
        problems = check(self)
        ctx.setdefault("answers", []).append((self, problems))
        if problems:
            raise ValueError("Fix these problems and answer again:\n- " + "\n- ".join(problems))
        return self


@dataclass(frozen=True)
class PromptSet:
    system: str
    passage: Template
    hash: str

    @classmethod
    def load(cls, client: Client, directory: Path | None = None) -> "PromptSet":
        """Load the templates (from ``directory`` instead of the package, for experiments and tests)."""
        system = load("system", directory).render(fields=describe_fields(PassageAnswer))
        passage = load("passage", directory)
        schema = CheckedAnswer.model_json_schema()
        digest = prompt_hash(system, passage.text, schema, client.mode, client.model, client.request_options)
        return cls(system=system, passage=passage, hash=digest)


@dataclass
class Draft:
    """What one passage says about one exchange, normalised."""

    passage: Passage
    answer: PassageAnswer
    transfers: list[Transfer]
    total: Total | None
    when: str | None
    date: EventDate | None  # only when the passage gives its own date words
    earlier: bool
    attempts: int = 1
    first_findings: int = 0
    final_findings: int = 0  # findings on the answer kept, after every retry
    corrections: list[Issue] = field(default_factory=list)
    marks: dict[str, str] = field(default_factory=dict)  # transfer index -> marker id


# ---------------------------------------------------------------------------
# From one answer to a draft
# ---------------------------------------------------------------------------


def _evidence(article: Article, passage: Passage, mark_id: str) -> Evidence:
    mark = next(m for m in passage.marks if m.id == mark_id)
    sentence = next(s for s in passage.sentences if s.start <= mark.start < s.end)
    a, b = clause_around(article.text, sentence, mark.start, mark.end)
    return Evidence(quote=article.text[a:b], start=a, end=b)


def correct_answer(article: Article, passage: Passage, answer: PassageAnswer) -> tuple[PassageAnswer, list[Issue]]:
    """Deterministic corrections, applied only to an answer that still has findings after every retry.

    Where the words around a number are unambiguous, they decide, and the change
    is reported as a warning on the record (never silently): a number the text
    says both sides exchanged ("Russia and Ukraine exchanged 1,029 ...") becomes
    a combined total (the first total of a passage is kept: a headline and its
    restatement say the same); a number whose clause names exactly one receiver
    ("1,003 Ukrainian soldiers", "to Kyiv", "Russia received") goes to that side,
    also when the model called it a combined total: a figure for both sides
    together names no single receiver. Numbers the model called
    not_handed_over are left alone.
    """
    issues: list[Issue] = []
    numbers = []
    for n in answer.numbers:
        if n.received_by == "not_handed_over" or n.id not in {m.id for m in passage.marks}:
            numbers.append(n)
            continue
        quote = _evidence(article, passage, n.id).quote
        cues = direction_cues(quote)
        new = n.received_by
        if is_combined_figure(quote) and n.received_by != "total_both_sides":
            new, code = "total_both_sides", "corrected_combined_figure"
        elif len(cues) == 1 and n.received_by != next(iter(cues)):
            new = next(iter(cues))
            code = "corrected_direction"
        if new != n.received_by:
            issues.append(
                Issue(
                    code=code,
                    severity="warning",
                    message=f"{n.id} {quote!r}: the model answered {n.received_by} after every retry; the text says {new}",
                    field="transfers",
                )
            )
            n = n.model_copy(update={"received_by": new})
        numbers.append(n)
    return answer.model_copy(update={"numbers": numbers}), issues


def build_draft(article: Article, passage: Passage, answer: PassageAnswer) -> Draft:
    marks = {m.id: m for m in passage.marks}
    transfers: list[Transfer] = []
    index_to_mark: dict[str, str] = {}
    same_number: list[tuple[int, str]] = []
    total: Total | None = None
    for num in answer.numbers:
        mark = marks.get(num.id)
        if mark is None:
            continue
        if num.received_by in ("ukraine", "russia"):
            if mark.count is None:  # "the same number": resolved below against the other side
                value, qualifier = None, "exact"
                same_number.append((len(transfers), num.category))
            else:
                value, qualifier = mark.count.value, mark.count.qualifier
            index_to_mark[str(len(transfers))] = num.id
            transfers.append(
                Transfer(
                    to=num.received_by,
                    category=num.category,
                    count=value,
                    qualifier=qualifier,
                    count_text=mark.text,
                    evidence=_evidence(article, passage, num.id),
                )
            )
        elif num.received_by == "total_both_sides" and total is None and mark.count is not None:
            index_to_mark["total"] = num.id
            total = Total(
                count=mark.count.value,
                qualifier=mark.count.qualifier,
                count_text=mark.text,
                evidence=_evidence(article, passage, num.id),
            )
    for idx, category in same_number:
        others = [t for i, t in enumerate(transfers) if i != idx and t.to != transfers[idx].to and t.count is not None]
        others.sort(key=lambda t: t.category != category)
        if others:
            resolved = parse_count(transfers[idx].count_text or "", same_as=others[0].count)
            transfers[idx] = transfers[idx].model_copy(
                update={"count": resolved.value if resolved else others[0].count}
            )
    when = answer.when.strip() if answer.when and answer.when.strip() else None
    own_date = None
    if when:
        r = resolve_date(when, article.published)
        probe = r if article.published is not None else resolve_date(when, DATE_PROBE)
        if probe.value is None and not _looks_like_date(when):
            when = None  # words that are no date at all ("in the latest exchange", "hours later")
        else:
            own_date = EventDate(value=r.value, precision=r.precision, text=when, basis=r.basis)
    return Draft(
        passage=passage,
        answer=answer,
        transfers=transfers,
        total=total,
        when=when,
        date=own_date,
        earlier=answer.earlier,
        marks=index_to_mark,
    )


def retry_counts(drafts: list[Draft]) -> tuple[int, int]:
    """Model calls and first-answer error findings over some passages (an event's, an article's)."""
    return sum(d.attempts for d in drafts), sum(d.first_findings for d in drafts)


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


def _draft_record(article: Article, draft: Draft, prov: Provenance) -> EventRecord:
    date_ = draft.date or EventDate()
    return EventRecord(
        event_id="draft",
        article=ArticleRef(path=article.path, sha256=article.sha256, published=_iso(article.published)),
        kind=kind_of(draft.transfers),  # type: ignore[arg-type]
        mention="background" if draft.earlier else "primary",
        date=date_,
        transfers=draft.transfers,
        total=draft.total,
        provenance=prov,
    )


def answer_problems(article: Article, passage: Passage, answer: PassageAnswer, prov: Provenance) -> list[str]:
    """Error findings on one answer, phrased for the model (markers, not field paths)."""
    problems: list[str] = []
    ids = [m.id for m in passage.marks]
    given = [n.id for n in answer.numbers]
    for mid in ids:
        if given.count(mid) == 0:
            problems.append(f"{mid} has no entry; give exactly one entry for every marker ({', '.join(ids)}).")
        elif given.count(mid) > 1:
            problems.append(f"{mid} has {given.count(mid)} entries; give exactly one.")
    for gid in sorted(set(given) - set(ids)):
        problems.append(f"{gid} is not a marker in the passage; the markers are {', '.join(ids)}.")
    if answer.when and not _in_text(answer.when, passage.text):
        problems.append(f"'when' must be words copied from the passage; {answer.when!r} is not in it.")
    if not answer.exchange:
        return problems
    draft = build_draft(article, passage, answer)
    if not draft.transfers and draft.total is None:
        problems.append("exchange is true but no marked number is received or total; mark what each side received.")
        return problems
    record = _draft_record(article, draft, prov)
    for issue in validate_record(record, article.text, published=article.published):
        if issue.severity == "error":
            problems.append(_for_model(issue, draft))
    return list(dict.fromkeys(problems))


_TRANSFER_FIELD = re.compile(r"^transfers\[(\d+)\]")


def _for_model(issue: Issue, draft: Draft) -> str:
    """Turn a validator finding into feedback the model can act on (markers, not field paths)."""
    other = {"ukraine": "russia", "russia": "ukraine"}
    m = _TRANSFER_FIELD.match(issue.field or "")
    idx = m.group(1) if m else None
    mark = draft.marks.get(idx) if idx is not None else None
    if issue.code == "duplicate_transfer" and idx is not None:
        t = draft.transfers[int(idx)]
        same = [
            draft.marks[str(k)]
            for k, tt in enumerate(draft.transfers)
            if str(k) in draft.marks and (tt.to, tt.category) == (t.to, t.category)
        ]
        names = " and ".join(dict.fromkeys(same)) if len(set(same)) > 1 else mark or "two numbers"
        return (
            f"{names} are all marked received_by {t.to} ({t.category}), but in an exchange each side receives once. "
            f"If one of them is the combined figure for both sides, mark it total_both_sides; otherwise one of them went to {other[t.to]}."
        )
    if issue.code == "total_mismatch" and "total" in draft.marks:
        parts = sum(t.count or 0 for t in draft.transfers)
        return (
            f"{draft.marks['total']} ({draft.total.count_text if draft.total else ''}) is marked total_both_sides, but the numbers received "
            f"add up to {parts}. A combined total equals the sum of what both sides received; if {draft.marks['total']} is what one side "
            "received, mark that side instead."
        )
    if issue.code == "direction_contradicts_text" and idx is not None and mark:
        t = draft.transfers[int(idx)]
        return f"{mark} is marked received_by {t.to}, but the words around it say it went to {other[t.to]}: {issue.message}"
    if issue.field and issue.field.startswith("date"):
        return f"'when' ({draft.when!r}): {issue.message}. Copy only the words saying when this handover happened, or null."
    if mark:
        return f"{mark}: {issue.message}"
    return issue.message


def _in_text(needle: str, haystack: str) -> bool:
    return " ".join(needle.lower().split()) in " ".join(haystack.lower().split())


# ---------------------------------------------------------------------------
# Asking the model
# ---------------------------------------------------------------------------


def ask_passage(
    client: Client, prompts: PromptSet, article: Article, passage: Passage, retries: int, prov: Provenance
) -> Draft | None:
    """One passage, with the validation-retry loop. Returns None when no usable answer came back."""
    context: dict[str, Any] = {
        "check": lambda ans: answer_problems(article, passage, ans, prov),
        "answers": [],
    }
    messages = [
        {"role": "system", "content": prompts.system},
        {"role": "user", "content": prompts.passage.render(passage=passage.rendered())},
    ]
    answer: PassageAnswer | None
    try:
        answer = client.create(
            response_model=CheckedAnswer,
            model=client.model,
            messages=messages,
            max_retries=retries,  # instructor: retries after the first attempt
            context=context,
            **client.request_options,
        )
    except IncompleteOutputException:
        return None  # the answer was cut off at max_tokens: this passage fails, the article goes on
    except InstructorRetryException as exc:
        if _transport_failure(exc) is not None:
            raise  # a backend or replay failure fails the article loudly; it is not a bad answer
        answer = None  # findings remained after every retry: keep the last parsed answer, report the rest
    answers = context["answers"]
    corrections: list[Issue] = []
    if answer is None:
        if not answers:
            return None
        answer, corrections = correct_answer(article, passage, answers[-1][0])
    draft = build_draft(article, passage, answer)
    draft.corrections = corrections
    draft.attempts = max(1, len(answers))
    draft.first_findings = len(answers[0][1]) if answers else 0
    draft.final_findings = len(answers[-1][1]) if answers else 0
    return draft


def _transport_failure(exc: BaseException) -> BaseException | None:
    """The openai or cassette error behind an instructor retry failure, if that is what it was."""
    import openai

    from .cassettes import find_miss

    return find_miss(exc) or next((e for e in iter_causes(exc) if isinstance(e, openai.APIError)), None)


# ---------------------------------------------------------------------------
# From drafts to events
# ---------------------------------------------------------------------------


def _compatible_counts(a: Transfer | Total, b: Transfer | Total) -> bool:
    if a.count is None or b.count is None:
        return True
    for x, y in ((a, b), (b, a)):
        if x.qualifier == "exact" and y.qualifier == "exact":
            return x.count == y.count
        if x.qualifier == "exact":
            return _satisfies(x.count, y.qualifier, y.count)  # type: ignore[arg-type]
    return True


def _satisfies(value: int, qualifier: str, bound: int) -> bool:
    return {
        "more_than": value > bound,
        "at_least": value >= bound,
        "up_to": value <= bound,
        "about": abs(value - bound) <= max(1, bound // 10),
    }.get(qualifier, True)


@dataclass
class Event:
    drafts: list[Draft]

    @property
    def transfers(self) -> dict[tuple[str, str], Transfer]:
        merged: dict[tuple[str, str], Transfer] = {}
        for d in self.drafts:
            for t in d.transfers:
                key = (t.to, t.category)
                old = merged.get(key)
                if old is None or (old.qualifier != "exact" and t.qualifier == "exact" and t.count is not None):
                    merged[key] = t
        return merged

    @property
    def own_date(self) -> EventDate | None:
        dated = [d.date for d in self.drafts if d.date is not None]
        return dated[0] if dated else None


def compatible(event: Event, draft: Draft) -> bool:
    """May ``draft`` describe the same exchange as ``event``?

    Same kind when both have transfers; no (to, category) with incompatible
    counts; no contradicting totals; equal own dates when both give one; and an
    earlier (background) passage joins only an event that is earlier too or
    has the same date.
    """
    ours = event.transfers
    if ours and draft.transfers and kind_of(list(ours.values())) != kind_of(draft.transfers):
        return False
    for t in draft.transfers:
        o = ours.get((t.to, t.category))
        if o is not None and not _compatible_counts(o, t):
            return False
    totals = [d.total for d in event.drafts if d.total is not None]
    if draft.total is not None:
        for t in totals:
            if not _compatible_counts(t, draft.total):
                return False
        parts = list(ours.values())
        if parts and all(p.count is not None and p.qualifier == "exact" for p in parts) and len(parts) >= 2:
            s = sum(p.count for p in parts)  # type: ignore[misc]
            probe = Transfer(to="ukraine", category="other", count=s, evidence=Evidence(quote=""))
            if not _compatible_counts(probe, draft.total):
                return False
    own = event.own_date
    if own is not None and draft.date is not None and own.value != draft.date.value:
        return False
    event_earlier = all(d.earlier for d in event.drafts)
    if draft.earlier != event_earlier and not (own is not None and draft.date is not None):
        return False
    shares = any((t.to, t.category) in ours and _compatible_counts(ours[(t.to, t.category)], t) for t in draft.transfers)
    return shares or not draft.transfers or not ours


def merge_drafts(drafts: list[Draft]) -> list[Event]:
    """Greedy, in text order: each draft joins the first compatible event, else starts a new one."""
    events: list[Event] = []
    for d in drafts:
        if not d.answer.exchange or (not d.transfers and d.total is None):
            continue
        target = next((e for e in events if compatible(e, d)), None)
        if target is None:
            events.append(Event([d]))
        else:
            target.drafts.append(d)
    return events


MEDIATORS = {
    "International Committee of the Red Cross": r"International Committee of the Red Cross|\bICRC\b|Red Cross",
    "United Arab Emirates": r"United Arab Emirates|\bUAE\b",
    "Qatar": r"\bQatar\b",
    "Saudi Arabia": r"Saudi Arabia",
    "Turkey": r"\bTurkey\b|\bTürkiye\b",
    "Vatican": r"\bVatican\b|Holy See",
    "United States": r"United States|\bUS\b|\bU\.S\.",
}
_MEDIATION = re.compile(
    r"\b(mediat\w*|brokered|facilitated|helped|assist\w*|with the (?:help|participation|assistance|support) of)\b",
    re.IGNORECASE,
)
_GENERAL = re.compile(r"\b(these|several|many|some|previous|throughout)\b", re.IGNORECASE)
_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
# "agreements reached in Istanbul", "a deal reached during peace talks in Istanbul in June": the place, not the month.
_AGREEMENT = re.compile(
    rf"\b(?:agreements?|deal|talks|negotiations|accords?)\b[^.]{{0,60}}?\bin (?!(?:{_MONTHS})\b)([A-Z][a-z]+)"
)


def article_mediators(text: str) -> list[str]:
    """Mediators named in a sentence that says this exchange was mediated (not general statements)."""
    from .candidates import split_sentences

    found: list[str] = []
    for s in split_sentences(text):
        if not _MEDIATION.search(s.text) or _GENERAL.search(s.text):
            continue
        for name, pattern in MEDIATORS.items():
            if re.search(pattern, s.text) and name not in found:
                found.append(name)
    return found


def article_agreement(text: str) -> str | None:
    m = _AGREEMENT.search(text)
    return f"{m.group(1)} agreements" if m else None


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def _older_than(value: str | None, published: date | None, days: int) -> bool:
    if not value or not published or value.startswith("--"):
        return False
    parts = value.split("-")
    try:
        if len(parts) == 3:
            last_day = date(int(parts[0]), int(parts[1]), int(parts[2]))
        elif len(parts) == 2:
            y, m = int(parts[0]), int(parts[1])
            last_day = (date(y + (m == 12), m % 12 + 1, 1)) - timedelta(days=1)
        else:
            last_day = date(int(parts[0]), 12, 31)
    except ValueError:
        return False
    return last_day < published - timedelta(days=days)


def event_id(article: Article, record: dict[str, Any]) -> str:
    content = {k: record[k] for k in ("kind", "mention", "date", "transfers", "total")}
    blob = json.dumps([article.sha256, content], sort_keys=True)
    return hashlib.sha256(blob.encode()).hexdigest()[:16]


def finish_events(article: Article, events: list[Event], prov: Provenance) -> list[EventRecord]:
    """Decide mention, date, kind, mediators and agreement; build and validate the records.

    Mention: background when every passage of the event says it is an earlier
    exchange, or when its date ends more than 7 days before publication;
    otherwise primary. If that leaves no primary, the first event in the text
    becomes primary unless its date says it is old.
    Date: the event's own date words, resolved; a primary event without date
    words takes the publication date (basis ``publication``); a background one
    stays unresolved.
    """
    mediators = article_mediators(article.text)
    agreement = article_agreement(article.text)
    roles: list[str] = []
    for e in events:
        own = e.own_date
        old = _older_than(own.value if own else None, article.published, BACKGROUND_AFTER_DAYS)
        roles.append("background" if old or all(d.earlier for d in e.drafts) else "primary")
    if events and "primary" not in roles:
        own = events[0].own_date
        if not _older_than(own.value if own else None, article.published, BACKGROUND_AFTER_DAYS):
            roles[0] = "primary"

    records: list[EventRecord] = []
    for e, role in zip(events, roles):
        transfers = sorted(e.transfers.values(), key=lambda t: (t.evidence.start or 0, t.to))
        totals = [d.total for d in e.drafts if d.total is not None]
        exact_totals = [t for t in totals if t.qualifier == "exact"]
        both_sides = {t.to for t in transfers if t.count is not None and t.qualifier == "exact"} == {"ukraine", "russia"}
        # A vague total ("more than 1,000" in a headline) is kept only when the parts do not already say more.
        total = exact_totals[0] if exact_totals else (totals[0] if totals and not both_sides else None)
        own = e.own_date
        if own is not None:
            date_ = own
        elif role == "primary" and article.published is not None:
            date_ = EventDate(value=article.published.isoformat(), precision="day", text=None, basis="publication")
        else:
            date_ = EventDate(value=None, precision="unknown", text=None, basis="unresolved")
        body: dict[str, Any] = {
            "kind": kind_of(transfers),
            "mention": role,
            "date": date_.model_dump(),
            "transfers": [t.model_dump() for t in transfers],
            "total": total.model_dump() if total else None,
        }
        calls, findings = retry_counts(e.drafts)
        record_prov = prov.model_copy(update={"attempts": calls, "first_answer_findings": findings})
        records.append(
            EventRecord(
                event_id=event_id(article, body),
                article=ArticleRef(
                    path=article.path, sha256=article.sha256, published=_iso(article.published), outlet=article.outlet
                ),
                kind=body["kind"],
                mention=role,  # type: ignore[arg-type]
                date=date_,
                transfers=transfers,
                total=total,
                mediators=mediators if role == "primary" else [],
                agreement=agreement if role == "primary" else None,
                provenance=record_prov,
            )
        )
    issues = validate_article_records(records, article.text, article.published)
    return [
        with_validation(r, [c for d in e.drafts for c in d.corrections] + i) for r, e, i in zip(records, events, issues)
    ]


@dataclass
class ArticleResult:
    records: list[EventRecord]
    passages: int
    failed_passages: int
    prompt_hash: str
    drafts: list[Draft] = field(default_factory=list)

    def stats(self) -> dict[str, int]:
        """How the retry loop went for this article (written on its articles-log line)."""
        first_bad = [d for d in self.drafts if d.first_findings]
        calls, findings = retry_counts(self.drafts)
        return {
            "passages": self.passages,
            "model_calls": calls,
            "first_answer_findings": findings,
            "passages_fixed_by_retry": sum(1 for d in first_bad if not d.final_findings),
            "passages_left_with_findings": sum(1 for d in self.drafts if d.final_findings),
            "corrections": sum(len(d.corrections) for d in self.drafts),
        }


def extract_article(article: Article, client: Client, *, retries: int, prompts: PromptSet | None = None) -> ArticleResult:
    """Extract every exchange event of one article (the library entry point for one text)."""
    prompts = prompts or PromptSet.load(client)
    prov = provenance(client, prompts)
    passages = find_passages(article.text)
    drafts: list[Draft] = []
    failed = 0
    for passage in passages:
        draft = ask_passage(client, prompts, article, passage, retries, prov)
        if draft is None:
            failed += 1
        else:
            drafts.append(draft)
    records = finish_events(article, merge_drafts(drafts), prov)
    return ArticleResult(
        records=records, passages=len(passages), failed_passages=failed, prompt_hash=prompts.hash, drafts=drafts
    )


def provenance(client: Client, prompts: PromptSet) -> Provenance:
    return Provenance(
        backend=client.backend,
        model=client.model if client.backend != "local" else LOCAL_MODEL_NAME,
        prompt_hash=prompts.hash,
        tool_version=__version__,
    )
