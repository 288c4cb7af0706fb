"""The extraction of one article: passages -> readings (text, then model) -> drafts -> events.

1. ``candidates.find_passages`` picks the sentences about completed handovers
   and marks every count in them (``1,000 [N1]``).
2. ``readings.read_article`` reads each count's role, side and category from
   the article's words (``cues``), and settles what it can from neighbouring
   numbers. Every decision names the rule that made it.
3. Only passages with a count still open ask the model (``ask``): one small
   question whose JSON Schema has exactly one required key per open marker
   (``models.answer_model``), with what the text already decided given as
   known. The model fills only what is open; every transfer says which
   (``basis``: text, model, text+model) and by which rules.
4. Each candidate sentence becomes a draft (its transfers, total, date words,
   whether it calls itself earlier); drafts describing the same exchange merge
   into one event (``events``).
"""

from __future__ import annotations

import copy
import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from instructor.core.exceptions import IncompleteOutputException, InstructorRetryException
from pydantic import BaseModel

from . import __version__
from .articles import Article
from .backends import Client, RequestIdentity, counting_requests
from .candidates import Passage, find_passages
from .errors import iter_causes
from .events import Draft, build_drafts, countless_drafts, finish_events, fold_unmarked, kind_of, merge_drafts, retry_counts
from .models import AnswerNumber, PassageAnswer, Provenance, UndecidedNumber, answer_model
from .prompts import Template, describe_fields, load, prompt_hash
from .readings import CONCRETE, Marked, read_article
from .settings import LOCAL_MODEL_NAME

__all__ = ["ArticleResult", "PromptSet", "extract_article", "kind_of", "provenance", "retry_counts"]



@functools.lru_cache(maxsize=256)
def _answer_model(ids: tuple[str, ...]) -> type[BaseModel]:
    """``models.answer_model`` as instructor's response model, built once per set of markers.

    It is already an ``instructor.ResponseSchema`` and its JSON Schema is
    computed once, so instructor neither wraps the class nor regenerates the
    schema on every request.
    """
    from instructor import ResponseSchema

    base = answer_model(ids)

    schema: dict[str, Any] = {}

    def model_json_schema(cls: type[BaseModel], *args: Any, **kwargs: Any) -> dict[str, Any]:
        if args or kwargs:
            return BaseModel.model_json_schema.__func__(cls, *args, **kwargs)  # type: ignore[attr-defined]
        if not schema:
            schema.update(BaseModel.model_json_schema.__func__(cls))  # type: ignore[attr-defined]
        return copy.deepcopy(schema)

    return type(base.__name__, (base, ResponseSchema), {
        "__doc__": base.__doc__, "__module__": base.__module__,
        "model_json_schema": classmethod(model_json_schema),
    })  # fmt: skip


@dataclass(frozen=True)
class PromptSet:
    system: str
    passage: Template
    hash: str

    @classmethod
    def load(cls, client: "Client | RequestIdentity", directory: Path | None = None) -> "PromptSet":
        """Load the templates (from ``directory`` instead of the package, for experiments and tests).

        The hash covers the prompts, the answer schema and the request identity (mode, model,
        sampling options): a ``Client``, or ``backends.request_identity(settings)`` before any client exists.
        """
        system = load("system", directory).render(fields=describe_fields(AnswerNumber))
        passage = load("passage", directory)
        schema = PassageAnswer.model_json_schema()
        digest = prompt_hash(system, passage.text, schema, client.mode, client.model, client.request_options)
        return cls(system=system, passage=passage, hash=digest)


@dataclass
class Asked:
    """How the model was asked about one passage."""

    attempts: int = 0
    answer: dict[str, AnswerNumber] | None = None
    failed: bool = False


# ---------------------------------------------------------------------------
# Asking the model about the numbers the text left open
# ---------------------------------------------------------------------------

ANSWER_TOKENS = 32  # tokens per open marker in the answer, plus a margin for the braces


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
    return line + f"Answer for {', '.join(asked)}."


def ask(client: Client, prompts: PromptSet, passage: Passage, items: list[Marked], retries: int) -> Asked:
    """One question about the open numbers of a passage; the schema admits exactly their markers."""
    ids = tuple(i.mark.id for i in items if i.open)
    asked = Asked()
    messages = [
        {"role": "system", "content": prompts.system},
        {"role": "user", "content": prompts.passage.render(passage=passage.rendered(), known=_known_line(items))},
    ]
    options = dict(client.request_options)
    if "max_tokens" in options:
        options["max_tokens"] = min(options["max_tokens"], ANSWER_TOKENS * len(ids) + 24)
    with counting_requests() as sent:
        try:
            answer = client.create(response_model=_answer_model(ids), model=client.model, messages=messages,
                                   max_retries=retries, **options)  # fmt: skip
            asked.answer = {i: getattr(answer, i) for i in ids}
        except IncompleteOutputException:
            asked.failed = True  # cut off at max_tokens: this passage fails, the article goes on
        except InstructorRetryException as exc:
            if _transport_failure(exc) is not None:
                raise  # a backend or replay failure fails the article loudly; it is not a bad answer
            asked.failed = True  # no valid answer after every retry: the open numbers stay unread
    asked.attempts = max(sent.count, 1)  # a client without the counting layer (a test's fake) asks once
    return asked


def _transport_failure(exc: BaseException) -> BaseException | None:
    """The openai or cassette error behind an instructor retry failure, if that is what it was."""
    import openai

    from .cassettes import find_miss

    return find_miss(exc) or next((e for e in iter_causes(exc) if isinstance(e, openai.APIError)), None)


_ROLE_OF_ANSWER = {"both_sides_total": "total", "not_handed_over": "not_handed_over"}


def apply_answer(items: list[Marked], answer: dict[str, AnswerNumber] | None) -> None:
    """Fill what the text left open from the model's answer; an open number without one is dropped."""
    for i in items:
        if not i.open:
            continue
        n = (answer or {}).get(i.mark.id)
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
        i.basis = "text+model" if any(r.startswith(("side:", "category:")) for r in i.rules) else "model"


def leave_undecided(items: list[Marked]) -> list[UndecidedNumber]:
    """The open numbers of a passage when no model answer is trusted: no transfer, each listed with why."""
    out = []
    for i in items:
        if not i.open:
            continue
        missing = [name for name, known in (("side", i.side is not None), ("category", i.category in CONCRETE)) if not known]
        i.role = "not_handed_over"
        i.rules.append("role:undecided")
        out.append(UndecidedNumber(
            text=i.mark.text, start=i.mark.start, end=i.mark.end, open=missing,
            why=f"the words do not say its {' or '.join(missing)}; model answers are not used (--model-answers skip)",
        ))  # fmt: skip
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
    asked: list[Asked] = field(default_factory=list)
    numbers_by_text: int = 0
    numbers_by_model: int = 0
    undecided: list[UndecidedNumber] = field(default_factory=list)

    def stats(self) -> dict[str, Any]:
        """How the model was used for this article (written on its articles-log line)."""
        return {
            "passages": self.passages,
            "model_calls": sum(a.attempts for a in self.asked),
            "first_answer_findings": sum(1 for a in self.asked if a.attempts > 1),
            "passages_fixed_by_retry": sum(1 for a in self.asked if a.attempts > 1 and not a.failed),
            "passages_left_with_findings": sum(1 for a in self.asked if a.failed),
            "numbers_by_text": self.numbers_by_text,
            "numbers_by_model": self.numbers_by_model,
            "undecided": self.undecided or None,
        }


def extract_article(
    article: Article, client: Client, *, retries: int, prompts: PromptSet | None = None, ask_model: bool = True
) -> ArticleResult:
    """Extract every exchange event of one article (``ask_model=False``: open numbers stay undecided)."""
    prompts = prompts or PromptSet.load(client)
    prov = provenance(client, prompts)
    passages = find_passages(article.text)
    readings = read_article(passages, article.text)
    drafts: list[Draft] = []
    asked_all: list[Asked] = []
    undecided: list[UndecidedNumber] = []
    for passage, items in zip(passages, readings):
        asked = None
        if not ask_model:
            undecided += leave_undecided(items)
        elif any(i.open for i in items):
            asked = ask(client, prompts, passage, items, retries)
            asked_all.append(asked)
            apply_answer(items, asked.answer)
        for d in build_drafts(article, passage, items):
            d.attempts = asked.attempts if asked else 0
            d.first_answer_rejected = d.attempts > 1
            drafts.append(d)
    drafts = sorted(drafts + countless_drafts(article, passages), key=lambda d: d.sentence.start)
    records = finish_events(article, fold_unmarked(merge_drafts(drafts), article.published, article.text), prov)
    decided = [i for items in readings for i in items if i.role == "each" or (i.role == "transfer" and i.side is not None)]
    by_model = sum(1 for i in decided if i.basis != "text")
    return ArticleResult(records, len(passages), sum(a.failed for a in asked_all), prompts.hash, asked_all,
                         len(decided) - by_model, by_model, undecided)  # fmt: skip


def provenance(client: Client, prompts: PromptSet) -> Provenance:
    return Provenance(
        backend=client.backend,
        model=client.model if client.backend != "local" else LOCAL_MODEL_NAME,
        prompt_hash=prompts.hash,
        tool_version=__version__,
    )
