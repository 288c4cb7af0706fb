"""Pydantic models: the single source of truth for the record format.

Two families live here:

* the *record* models (``EventRecord`` and its parts, ``ArticleLogEntry``):
  what ``extractor extract`` writes, documented in docs/FORMAT.md and
  exported to ``schemas/`` by ``extractor schemas``;
* the *answer* models (``PassageAnswer`` and ``AnswerNumber``): what the
  language model is asked to return for the numbers of a passage that the
  text left open. Their field descriptions are rendered into the prompt, so
  they are the model's instructions as well as the JSON Schema that
  constrains its output.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, RootModel, create_model, field_validator

from .dates import PATTERN as DATE_PATTERN
from .dates import DateValue

RECORD_SCHEMA = "exchange-event/1"
ARTICLE_SCHEMA = "exchange-article/1"

Side = Literal["ukraine", "russia"]
Category = Literal["bodies", "prisoners_of_war", "civilians", "children", "other"]
Qualifier = Literal["exact", "at_least", "more_than", "up_to", "about", "unknown"]
Kind = Literal["body_repatriation", "prisoner_exchange", "civilian_return", "mixed"]
MentionRole = Literal["primary", "background"]
Precision = Literal["day", "month", "year", "unknown"]
DateBasis = Literal["explicit", "relative", "publication", "unresolved", "corroborated"]
Severity = Literal["info", "warning", "error"]
Status = Literal["ok", "warning", "error"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="allow", populate_by_name=True)


# --------------------------------------------------------------------------
# Record models (output)
# --------------------------------------------------------------------------


class Evidence(_Model):
    """A verbatim span of the article."""

    quote: str = Field(description="Verbatim text of the article.")
    start: int | None = Field(
        default=None, description="Character offset where the quote starts; article_text[start:end] == quote."
    )
    end: int | None = Field(default=None, description="Character offset just past the quote's end.")


class Transfer(_Model):
    """People or bodies handed over in one direction, of one category."""

    to: Side = Field(description="Side that received.")
    category: Category = Field(description="What was handed over.")
    count: int | None = Field(description="Number handed over, as digits; null when the article gives none.")
    qualifier: Qualifier = Field(default="exact", description="How exact the article's number is.")
    count_text: str | None = Field(default=None, description="The article's own words for the number.")
    evidence: Evidence = Field(description="Where the article says so.")
    basis: str | None = Field(
        default=None,
        description="What decided side and category: 'text' (the words around the number, rules named in "
        "'rules'), 'model' (the language model, where the words did not decide), or 'text+model'.",
    )
    rules: list[str] = Field(default_factory=list, description="The text rules that decided this transfer.")


class Total(_Model):
    """A total stated by the article for the whole exchange."""

    count: int | None = Field(description="The stated total, as digits.")
    qualifier: Qualifier = Field(default="exact", description="How exact the stated total is.")
    count_text: str | None = Field(default=None, description="The article's own words for the total.")
    evidence: Evidence = Field(description="Where the article states the total.")


class EventDate(_Model):
    """When the exchange took place, as resolved by the deterministic layer."""

    value: str | None = Field(
        default=None,
        pattern=DATE_PATTERN,
        description="YYYY-MM-DD, YYYY-MM, YYYY, or --MM-DD when the year is unknown; null when unresolved.",
    )
    precision: Precision = Field(default="unknown", description="Precision of value.")
    text: str | None = Field(default=None, description="The article's own words for the date.")
    basis: DateBasis = Field(default="unresolved", description="How the value was obtained.")

    @field_validator("value", mode="before")
    @classmethod
    def _a_real_date(cls, value: object) -> object:
        """Only what ``dates.DateValue.parse`` accepts: a real calendar date of one of the four shapes."""
        if value is None or not isinstance(value, str):
            return value  # None is fine; other types get pydantic's own type error
        if DateValue.parse(value) is None:
            raise ValueError(f"{value[:40]!r} is not a date of the shape YYYY-MM-DD, YYYY-MM, YYYY or --MM-DD")
        return value.strip()


class Issue(_Model):
    """One finding of the deterministic validator."""

    code: str = Field(description="Stable machine-readable code, e.g. total_mismatch.")
    severity: Severity
    message: str = Field(description="What is wrong, for a person.")
    field: str | None = Field(default=None, description="Dotted path of the field concerned.")


class Validation(_Model):
    status: Status = "ok"
    issues: list[Issue] = Field(default_factory=list)


class ArticleRef(_Model):
    path: str = Field(description="The input path as given (relative stays relative).")
    sha256: str = Field(description="SHA-256 of the article bytes.")
    published: str | None = Field(default=None, description="Publication date YYYY-MM-DD, never guessed.")
    outlet: str | None = Field(default=None, description="Outlet a manifest names, else a saved page's site name.")


class Provenance(_Model):
    backend: str
    model: str
    prompt_hash: str
    tool_version: str
    attempts: int | None = Field(default=None, description="Model calls made for the passages of this event.")
    first_answer_findings: int | None = Field(
        default=None, description="Passages of this event whose first model answer failed the answer check and was asked again."
    )


class EventRecord(_Model):
    """One exchange event found in one article (schema exchange-event/1)."""

    record_schema: Literal["exchange-event/1"] = Field(default=RECORD_SCHEMA, alias="schema")
    event_id: str = Field(description="Stable: same article text + same extraction gives the same id.")
    article: ArticleRef
    kind: Kind
    mention: MentionRole
    date: EventDate
    transfers: list[Transfer]
    total: Total | None = None
    mediators: list[str] = Field(default_factory=list)
    agreement: str | None = None
    validation: Validation = Field(default_factory=Validation)
    provenance: Provenance

    def to_json(self) -> str:
        return self.model_dump_json(by_alias=True)


class UndecidedNumber(_Model):
    """A count the words left open and no trusted answer decided: left out of the records, listed here."""

    text: str = Field(description="The count as written in the article.")
    start: int = Field(description="Offset of the count in the article text.")
    end: int
    open: list[Literal["side", "category"]] = Field(description="What the words did not decide.")
    why: str = Field(description="Why it was left out.")


class ArticleLogEntry(_Model):
    """One line per input article: nothing is silently dropped."""

    record_schema: Literal["exchange-article/1"] = Field(default=ARTICLE_SCHEMA, alias="schema")
    path: str
    sha256: str | None = None
    published: str | None = None
    published_source: Literal["flag", "header", "manifest", "page"] | None = Field(
        default=None,
        description="Where the publication date came from: --published (flag), the file's front matter or first "
        "lines (header), manifest.csv (manifest), an HTML page's own metadata (page); null without a date.",
    )
    status: Literal["ok", "no_events", "failed"]
    events: int = 0
    error: str | None = None
    provenance: Provenance | None = None
    passages: int | None = Field(default=None, description="Candidate passages sent to the model.")
    model_calls: int | None = Field(default=None, description="Model answers received, retries included.")
    first_answer_findings: int | None = Field(
        default=None, description="Passages whose first model answer failed the answer check and was asked again."
    )
    passages_fixed_by_retry: int | None = Field(
        default=None, description="Passages whose first answer had findings and whose last had none."
    )
    passages_left_with_findings: int | None = Field(
        default=None, description="Passages still with findings after every retry."
    )
    numbers_by_text: int | None = Field(
        default=None, description="Transfers whose side and category the article's words decided."
    )
    numbers_by_model: int | None = Field(
        default=None, description="Transfers the words left open and the model decided."
    )
    undecided: list[UndecidedNumber] | None = Field(
        default=None,
        description="Counts read as handed over whose side or category neither the words nor a trusted model answer "
        "decided (--model-answers skip): left out of the records.",
    )

    def to_json(self) -> str:
        return self.model_dump_json(by_alias=True)


# --------------------------------------------------------------------------
# Answer models (what the language model returns for one passage)
# --------------------------------------------------------------------------


class AnswerNumber(BaseModel):
    """The model's reading of one marked number."""

    received_by: Literal["ukraine", "russia", "both_sides_total", "not_handed_over"] = Field(
        description="Who RECEIVED these people or bodies: ukraine, russia, both_sides_total (one figure for both "
        "sides together), or not_handed_over (killed, captured, planned, tallies, ages, parts of another number)."
    )
    category: Category = Field(
        description="bodies (dead soldiers, remains), prisoners_of_war (living soldiers freed from captivity), "
        "civilians, children, or other."
    )


class PassageAnswer(RootModel[dict[str, AnswerNumber]]):
    """The model's answer for one passage: one reading per open marker, keyed by the marker ("N1", "N3", ...).

    The schema sent with each request is this shape made exact for the passage
    (``answer_model``): every open marker a required key, no other key.
    """


def answer_model(ids: tuple[str, ...]) -> type[BaseModel]:
    """The response model for a passage whose open markers are ``ids``: exactly those keys, all required."""
    fields: dict[str, Any] = {i: (AnswerNumber, Field(description=f"The number marked [{i}].")) for i in ids}
    return create_model("PassageAnswer", __config__=ConfigDict(extra="forbid"), **fields)
