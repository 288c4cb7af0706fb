"""The extraction of one article: passages -> readings (text, then model) -> drafts -> events.

1. ``candidates.find_passages`` picks the sentences about completed handovers
   and marks every count in them (``1,000 [N1]``).
2. ``readings.read_article`` reads each count's role, side and category from
   the article's words (``cues``), and settles what it can from neighbouring
   numbers. Every decision names the rule that made it.
3. Only passages with a count still open ask the model (``ask``): one small
   question, ``PassageAnswer``, with what the text already decided given as
   known. The model fills only what is open; where it contradicts a decided
   value the text wins and the record says so (``corrected_*`` warning).
4. Each candidate sentence becomes a draft (its transfers, total, date words,
   whether it calls itself earlier); drafts describing the same exchange merge
   into one event (``events``).
"""

from __future__ import annotations

import contextvars
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from instructor.core.exceptions import IncompleteOutputException, InstructorRetryException
from pydantic import ValidationInfo, model_validator

from . import __version__
from .articles import Article
from .backends import Client
from .candidates import Passage, find_passages
from .errors import iter_causes
from .events import Draft, build_drafts, countless_drafts, finish_events, kind_of, merge_drafts, retry_counts
from .models import Issue, PassageAnswer, Provenance
from .prompts import Template, describe_fields, load, prompt_hash
from .readings import CONCRETE, Marked, read_article
from .settings import LOCAL_MODEL_NAME

__all__ = ["ArticleResult", "PromptSet", "extract_article", "kind_of", "provenance", "retry_counts"]

# The check of the answer being validated. A context variable, not instructor's
# ``context=``: instructor renders the messages as Jinja templates whenever a
# context is given, and article text must reach the model literally.
_CHECK: contextvars.ContextVar[Callable[[PassageAnswer], list[str]] | None] = contextvars.ContextVar(
    "extractor_answer_check", default=None
)


class CheckedAnswer(PassageAnswer):
    """PassageAnswer whose validation runs the structural checks of the passage being asked."""

    # The feedback the model sees is our message, not a dump of its own answer.
    model_config = {"title": "PassageAnswer", "hide_input_in_errors": True}

    @model_validator(mode="after")
    def _checks(self, info: ValidationInfo) -> "CheckedAnswer":
        check = _CHECK.get()
        if check is None:
            return self
        problems = check(self)
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
class Asked:
    """How the model was asked about one passage."""

    answers: list[tuple[PassageAnswer, list[str]]] = field(default_factory=list)
    used: PassageAnswer | None = None
    failed: bool = False


# ---------------------------------------------------------------------------
# Asking the model about the numbers the text left open
# ---------------------------------------------------------------------------


def _known_line(items: list[Marked]) -> str:
    """What the text decided, for the model: "Known from the words: N1 went to ukraine (bodies)."."""
    known = []
    for i in items:
        if i.role == "transfer" and not i.open:
            known.append(f"{i.mark.id} went to {i.side} ({i.category})")
        elif i.role == "each":
            known.append(f"{i.mark.id} is the number for each side")
        elif i.role == "total":
            known.append(f"{i.mark.id} is both_sides_total")
        elif i.role in ("subgroup", "not_handed_over"):
            known.append(f"{i.mark.id} is not_handed_over")
    asked = [i.mark.id for i in items if i.open]
    line = f"Known from the words: {'; '.join(known)}.\n" if known else ""
    return line + f"Answer for every marker; the open ones are {', '.join(asked)}."


def answer_problems(passage: Passage, answer: PassageAnswer) -> list[str]:
    """Structural problems of one answer, phrased for the model (markers, not field paths)."""
    ids = [m.id for m in passage.marks]
    given = [n.id for n in answer.numbers]
    problems = []
    for mid in ids:
        if given.count(mid) == 0:
            problems.append(f"{mid} has no entry; give exactly one entry for every marker ({', '.join(ids)}).")
        elif given.count(mid) > 1:
            problems.append(f"{mid} has {given.count(mid)} entries; give exactly one.")
    for gid in sorted(set(given) - set(ids)):
        problems.append(f"{gid} is not a marker in the passage; the markers are {', '.join(ids)}.")
    return problems


def ask(client: Client, prompts: PromptSet, passage: Passage, items: list[Marked], retries: int) -> Asked:
    """One question about a passage, retried with feedback while the answer is malformed."""
    asked = Asked()

    def check(answer: PassageAnswer) -> list[str]:
        problems = answer_problems(passage, answer)
        asked.answers.append((answer, problems))
        return problems

    messages = [
        {"role": "system", "content": prompts.system},
        {"role": "user", "content": prompts.passage.render(passage=passage.rendered(), known=_known_line(items))},
    ]
    token = _CHECK.set(check)
    try:
        asked.used = client.create(
            response_model=CheckedAnswer,
            model=client.model,
            messages=messages,
            max_retries=retries,
            **client.request_options,
        )
    except IncompleteOutputException:
        asked.failed = True  # cut off at max_tokens: this passage fails, the article goes on
    except InstructorRetryException as exc:
        if _transport_failure(exc) is not None:
            raise  # a backend or replay failure fails the article loudly; it is not a bad answer
        asked.used = asked.answers[-1][0] if asked.answers else None  # keep what parsed; unknown markers are ignored
        asked.failed = asked.used is None
    finally:
        _CHECK.reset(token)
    return asked


def _transport_failure(exc: BaseException) -> BaseException | None:
    """The openai or cassette error behind an instructor retry failure, if that is what it was."""
    import openai

    from .cassettes import find_miss

    return find_miss(exc) or next((e for e in iter_causes(exc) if isinstance(e, openai.APIError)), None)


_ROLE_OF_ANSWER = {"both_sides_total": "total", "not_handed_over": "not_handed_over"}


def apply_answer(items: list[Marked], answer: PassageAnswer | None) -> list[Issue]:
    """Fill what the text left open from the model's answer; report where the model contradicted the text."""
    by_id = {n.id: n for n in (answer.numbers if answer else [])}
    issues: list[Issue] = []
    for i in items:
        n = by_id.get(i.mark.id)
        if i.open:
            if n is None:
                i.role = "not_handed_over"  # no usable reading at all: never guessed
                i.rules.append("role:unanswered")
                continue
            if n.received_by in _ROLE_OF_ANSWER:
                i.role = _ROLE_OF_ANSWER[n.received_by]
            elif i.side is None:
                i.side = n.received_by
            if i.category not in CONCRETE:
                i.category = n.category
            i.basis = "text+model" if i.rules else "model"
        elif n is not None and i.role == "transfer":
            issues.extend(_contradictions(i, n))
    return issues


def _contradictions(i: Marked, n: Any) -> list[Issue]:
    out = []
    quote = i.mark.text
    if n.received_by in ("ukraine", "russia") and n.received_by != i.side:
        why = next((r for r in i.rules if r.startswith("side:")), "side")
        out.append(Issue(code="corrected_direction", severity="warning", field="transfers",
                         message=f"{quote!r}: the model answered {n.received_by}; the words say {i.side} ({why})"))  # fmt: skip
    if n.category != i.category:
        why = next((r for r in i.rules if r.startswith("category:")), "category")
        out.append(Issue(code="corrected_category", severity="warning", field="transfers",
                         message=f"{quote!r}: the model answered {n.category}; the words say {i.category} ({why})"))  # fmt: skip
    return out


# ---------------------------------------------------------------------------
# One article
# ---------------------------------------------------------------------------


@dataclass
class ArticleResult:
    records: list
    passages: int
    failed_passages: int
    prompt_hash: str
    drafts: list[Draft] = field(default_factory=list)
    asked: list[Asked] = field(default_factory=list)

    def stats(self) -> dict[str, int]:
        """How the model was used for this article (written on its articles-log line)."""
        calls = sum(len(a.answers) for a in self.asked)
        first = sum(len(a.answers[0][1]) for a in self.asked if a.answers)
        fixed = sum(1 for a in self.asked if a.answers and a.answers[0][1] and not a.answers[-1][1])
        left = sum(1 for a in self.asked if a.answers and a.answers[-1][1])
        return {
            "passages": self.passages,
            "model_calls": calls,
            "first_answer_findings": first,
            "passages_fixed_by_retry": fixed,
            "passages_left_with_findings": left,
            "corrections": sum(len(d.corrections) for d in self.drafts),
        }


def extract_article(article: Article, client: Client, *, retries: int, prompts: PromptSet | None = None) -> ArticleResult:
    """Extract every exchange event of one article."""
    prompts = prompts or PromptSet.load(client)
    prov = provenance(client, prompts)
    passages = find_passages(article.text)
    readings = read_article(passages)
    drafts: list[Draft] = []
    asked_all: list[Asked] = []
    failed = 0
    for passage, items in zip(passages, readings):
        corrections: list[Issue] = []
        if any(i.open for i in items):
            asked = ask(client, prompts, passage, items, retries)
            asked_all.append(asked)
            failed += int(asked.failed)
            corrections = apply_answer(items, asked.used)
        for d in build_drafts(article, passage, items):
            d.attempts = len(asked_all[-1].answers) if corrections or any(i.basis != "text" for i in items) else 0
            d.corrections = [c for c in corrections if any(c.message.startswith(repr(t.count_text)) for t in d.transfers)]
            drafts.append(d)
    drafts = sorted(drafts + countless_drafts(article, passages), key=lambda d: d.sentence.start)
    records = finish_events(article, merge_drafts(drafts), prov)
    return ArticleResult(records, len(passages), failed, prompts.hash, drafts, asked_all)


def provenance(client: Client, prompts: PromptSet) -> Provenance:
    return Provenance(
        backend=client.backend,
        model=client.model if client.backend != "local" else LOCAL_MODEL_NAME,
        prompt_hash=prompts.hash,
        tool_version=__version__,
    )
