"""extract_article end to end with a fake model, on made-up articles: drafts, merging, roles, dates.

The fake model answers from a table keyed by the marked number's text ("70 [N1]" -> "70");
every other marker gets the default answer. It records every call, so a test can say
how often the model was asked and about what.
"""

from __future__ import annotations

import hashlib
import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from extractor.articles import Article, read_article
from extractor.backends import Client
from extractor.candidates import find_passages
from extractor.events import Draft, Event, merge_drafts, roles_of
from extractor.extract import extract_article
from extractor.models import EventDate, Evidence, Transfer

PUBLISHED = date(2025, 6, 20)  # a Friday
UA, RU, POW = "ukraine", "russia", "prisoners_of_war"
_MARKED = re.compile(r"(\S+(?: number)?) \[(N\d+)\]")


class FakeModel:
    def __init__(self, answers: dict[str, tuple[str, str]] | None = None,
                 default: tuple[str, str] = ("not_handed_over", "other")) -> None:  # fmt: skip
        self.answers = answers or {}
        self.default = default
        self.calls: list[str] = []
        self.asked: list[list[str]] = []

    def create(self, *, response_model: Any, messages: list[dict], max_retries: int, **kw: Any) -> Any:
        user = messages[-1]["content"]
        self.calls.append(user)
        self.asked.append(sorted(response_model.model_fields))  # the schema admits exactly the open markers
        text_of = {mid: text for text, mid in _MARKED.findall(user)}
        answer = {}
        for mid in response_model.model_fields:
            received_by, category = self.answers.get(text_of.get(mid, ""), self.default)
            answer[mid] = {"received_by": received_by, "category": category}
        return response_model(**answer)

    def client(self) -> Client:
        return Client(create=self.create, backend="openai", model="fake-model", mode="tools", request_options={})


def article(text: str, published: date | None = PUBLISHED) -> Article:
    return Article(path="made-up.txt", text=text, sha256=hashlib.sha256(text.encode()).hexdigest(),
                   published=published, published_source="flag" if published else None)  # fmt: skip


def extract(text: str, model: FakeModel | None = None, published: date | None = PUBLISHED) -> list[dict]:
    model = model or FakeModel()
    result = extract_article(article(text, published), model.client(), retries=0)
    return [json.loads(r.to_json()) for r in result.records]


def sides(record: dict) -> set[tuple[str, str, int | None]]:
    return {(t["to"], t["category"], t["count"]) for t in record["transfers"]}


def codes(record: dict) -> list[str]:
    return [i["code"] for i in record["validation"]["issues"]]


# ---------------------------------------------------------------------------
# One primary event and background events, each with its own date
# ---------------------------------------------------------------------------


def test_primary_and_earlier_event_keep_their_own_dates() -> None:
    text = (
        "On June 18, Russia handed over 400 bodies of Ukrainian soldiers to Ukraine and received 35 bodies of its "
        "servicemen in return.\n"
        "Earlier, on May 3, Kyiv brought home 250 fallen defenders."
    )
    model = FakeModel()
    first, second = extract(text, model)
    assert model.calls == []  # the words decided every number
    assert (first["mention"], first["kind"]) == ("primary", "body_repatriation")
    assert first["date"]["value"] == "2025-06-18" and first["date"]["text"] == "On June 18"
    assert sides(first) == {("ukraine", "bodies", 400), ("russia", "bodies", 35)}
    assert (second["mention"], second["date"]["value"]) == ("background", "2025-05-03")
    assert sides(second) == {("ukraine", "bodies", 250)}


def test_old_dated_event_is_background_even_first() -> None:
    text = (
        "On March 2, Kyiv brought home 175 defenders from captivity.\n"
        "The weather was cold and the roads were empty.\n"
        "On Wednesday, Russia received 44 bodies of Russian servicemen."
    )
    records = extract(text)
    assert [(r["mention"], r["date"]["value"]) for r in records] == [("background", "2025-03-02"), ("primary", "2025-06-18")]


def test_primary_without_date_words_takes_the_lead_or_publication_date() -> None:
    lead = extract(
        "Russia and Ukraine carried out a prisoner swap on Thursday, officials said.\n"
        "Russia released 90 Ukrainian soldiers, and Ukraine freed 70 Russian soldiers."
    )
    assert lead[0]["date"]["value"] == "2025-06-19" and lead[0]["date"]["text"] == "on Thursday"
    bare = extract("Russia released 90 Ukrainian soldiers, and Ukraine freed 70 Russian soldiers.")
    assert bare[0]["date"] == {"value": "2025-06-20", "precision": "day", "text": None, "basis": "publication"}


def test_background_without_date_stays_null() -> None:
    text = (
        "On Thursday, Kyiv brought home 130 defenders from captivity.\n"
        "The weather was cold and the roads were empty.\n"
        "In an earlier swap, Kyiv brought home 95 prisoners of war."
    )
    first, second = extract(text)
    assert first["mention"] == "primary"
    assert second["mention"] == "background" and second["date"]["value"] is None


# ---------------------------------------------------------------------------
# Restatements and breakdowns make no extra events or transfers
# ---------------------------------------------------------------------------


def test_headline_restated_by_body_is_one_event() -> None:
    text = (
        "Ukraine brings home 812 fallen soldiers\n"
        "The bodies of 812 soldiers were repatriated to Kyiv on Thursday, the coordination office said."
    )
    (record,) = extract(text)
    assert sides(record) == {("ukraine", "bodies", 812)}
    assert record["date"]["value"] == "2025-06-19"


def test_body_restating_a_headline_far_below_is_one_event() -> None:
    text = (
        "Ukraine brings home 812 fallen soldiers\n"
        "A short paragraph about the front line follows here.\n"
        "The train was met at a station in the west.\n"
        "Officials said 812 bodies were returned on Thursday."
    )
    model = FakeModel()
    (record,) = extract(text, model)
    assert model.calls == []  # the restatement settled the body's side
    assert sides(record) == {("ukraine", "bodies", 812)}


@pytest.mark.parametrize(
    "breakdown",
    [
        pytest.param("Ukraine received 400 bodies by train and 200 bodies by truck.", id="parts-add-up"),
        pytest.param("Among them were 400 soldiers of the army and 200 of the national guard.", id="among-them"),
    ],
)
def test_breakdown_sentence_adds_no_transfers(breakdown: str) -> None:
    text = "The bodies of 600 soldiers were repatriated to Ukraine on Tuesday. " + breakdown
    (record,) = extract(text)
    assert sides(record) == {("ukraine", "bodies", 600)}
    assert record["total"] is None


def test_breakdown_gives_the_whole_its_side() -> None:
    text = "The bodies of 600 soldiers were repatriated on Tuesday. Ukraine received 400 bodies by train and 200 bodies by truck."
    model = FakeModel()
    (record,) = extract(text, model)
    assert model.calls == []
    (t,) = record["transfers"]
    assert (t["to"], t["count"]) == ("ukraine", 600) and "side:breakdown" in t["rules"]


# ---------------------------------------------------------------------------
# Totals
# ---------------------------------------------------------------------------


def test_combined_figure_equal_to_the_parts_is_the_total() -> None:
    text = (
        "On Thursday, Russia released 90 Ukrainian prisoners of war, and Ukraine freed 70 Russian soldiers.\n"
        "The 160 prisoners of war were swapped at the Belarusian border."
    )
    (record,) = extract(text)
    assert sides(record) == {("ukraine", "prisoners_of_war", 90), ("russia", "prisoners_of_war", 70)}
    assert record["total"]["count"] == 160 and record["total"]["count_text"] == "160"
    assert "error" not in [i["severity"] for i in record["validation"]["issues"]]


def test_one_side_figure_equal_to_the_parts_becomes_the_total() -> None:
    """A figure for nobody in particular that equals 20 + 6 is the exchange's total."""
    text = (
        "On Thursday, Russia released 20 Ukrainian prisoners of war, and Ukraine released 6 Russian prisoners of war.\n"
        "In the swap, 26 prisoners of war were freed."
    )
    model = FakeModel({"26": ("ukraine", "prisoners_of_war"), "20": ("ukraine", "prisoners_of_war"),
                       "6": ("russia", "prisoners_of_war")})  # fmt: skip
    (record,) = extract(text, model)
    assert model.calls == []  # nobody is named to receive the 26, and it is 20 + 6: the words settle it
    assert sides(record) == {("ukraine", "prisoners_of_war", 20), ("russia", "prisoners_of_war", 6)}
    assert record["total"]["count"] == 26


def test_total_only_earlier_exchange_has_two_countless_transfers() -> None:
    text = (
        "On Thursday, Russia released 90 Ukrainian soldiers, and Ukraine freed 70 Russian soldiers.\n"
        "Earlier, on May 30, Russia and Ukraine exchanged 640 prisoners of war."
    )
    primary, earlier = extract(text)
    assert primary["total"] is None
    assert (earlier["mention"], earlier["date"]["value"]) == ("background", "2025-05-30")
    assert earlier["total"]["count"] == 640
    assert sides(earlier) == {("ukraine", "prisoners_of_war", None), ("russia", "prisoners_of_war", None)}
    assert all(t["qualifier"] == "unknown" and t["rules"] == ["count:not-stated"] for t in earlier["transfers"])


def test_each_gives_both_sides() -> None:
    (record,) = extract("On Wednesday the two countries exchanged 88 prisoners each.")
    assert sides(record) == {("ukraine", "prisoners_of_war", 88), ("russia", "prisoners_of_war", 88)}
    assert record["date"]["value"] == "2025-06-18"


# ---------------------------------------------------------------------------
# Exchanges named without a figure
# ---------------------------------------------------------------------------


def test_countless_last_exchange_is_a_background_event() -> None:
    text = (
        "On Thursday, Kyiv brought home 130 defenders from captivity.\n"
        "The last exchange took place on June 2, the ombudsman said."
    )
    primary, last = extract(text)
    assert primary["mention"] == "primary"
    assert (last["mention"], last["kind"]) == ("background", "prisoner_exchange")
    assert last["date"]["value"] == "2025-06-02" and last["date"]["text"] == "on June 2"
    assert sides(last) == {("ukraine", "prisoners_of_war", None), ("russia", "prisoners_of_war", None)}
    assert last["total"] is None


def test_countless_last_repatriation_of_bodies() -> None:
    text = "Zelensky met families in Lviv.\nThe previous repatriation of bodies was held on May 16."
    (record,) = extract(text)
    assert (record["mention"], record["kind"], record["date"]["value"]) == ("background", "body_repatriation", "2025-05-16")


def test_countless_planned_exchange_is_no_event() -> None:
    assert extract("Zelensky met families in Lviv.\nThe last exchange was supposed to take place on June 2.") == []


# ---------------------------------------------------------------------------
# Articles with nothing handed over
# ---------------------------------------------------------------------------


def test_negative_article_gives_no_records_and_no_calls() -> None:
    text = (
        "Kyiv and Moscow agreed to exchange 1,200 prisoners of war, officials said.\n"
        "A swap of 60 captives was called off on Tuesday.\n"
        "Ukraine has brought home 4,300 people since the start of the war.\n"
        "A drone strike killed 14 people in the city, and Russian forces captured 8 soldiers."
    )
    model = FakeModel(default=("ukraine", "prisoners_of_war"))
    assert extract(text, model) == []
    assert model.calls == []


def test_model_reading_not_handed_over_leaves_no_record() -> None:
    model = FakeModel(default=("not_handed_over", "other"))
    assert extract("Officials said 140 bodies arrived and were returned on Friday.", model) == []
    assert len(model.calls) == 1


# ---------------------------------------------------------------------------
# The model: asked only where the words leave a number open
# ---------------------------------------------------------------------------


def test_model_is_called_only_for_passages_with_an_open_number() -> None:
    text = (
        "On Thursday, Russia handed over 30 Ukrainian prisoners of war.\n"
        "The weather was cold and the roads were empty.\n"
        "The bodies of 70 soldiers were repatriated, officials said."
    )
    assert len(find_passages(text)) == 2
    model = FakeModel({"70": ("russia", "bodies")})
    first, second = extract(text, model)
    assert len(model.calls) == 1
    assert "70 [N1]" in model.calls[0] and "30 [" not in model.calls[0]
    assert "Answer for N1." in model.calls[0] and model.asked == [["N1"]]
    assert sides(first) == {("ukraine", "prisoners_of_war", 30)}
    (t,) = second["transfers"]
    assert (t["to"], t["category"], t["count"], t["basis"]) == ("russia", "bodies", 70, "text+model")


def test_known_numbers_are_told_to_the_model() -> None:
    text = "On Thursday, Russia released 20 Ukrainian prisoners of war, and 12 civilians were freed near Sumy."
    model = FakeModel({"12": ("ukraine", "civilians"), "20": ("ukraine", "prisoners_of_war")})
    (record,) = extract(text, model)
    assert len(model.calls) == 1
    assert "N1 went to ukraine (prisoners_of_war)" in model.calls[0]
    assert sides(record) == {("ukraine", "prisoners_of_war", 20), ("ukraine", "civilians", 12)}
    assert "corrected_direction" not in codes(record)


def test_the_model_is_never_asked_about_a_number_the_words_decided() -> None:
    text = "On Thursday, Russia released 20 Ukrainian prisoners of war, and 12 civilians were freed near Sumy."
    model = FakeModel({"12": ("ukraine", "civilians"), "20": ("russia", "bodies")})
    (record,) = extract(text, model)
    assert model.asked == [["N2"]]  # N1 (the 20) is not in the schema: the model cannot overrule the words
    assert sides(record) == {("ukraine", "prisoners_of_war", 20), ("ukraine", "civilians", 12)}
    by_count = {t["count"]: t for t in record["transfers"]}
    assert by_count[20]["basis"] == "text" and "side:nationality" in by_count[20]["rules"]
    assert by_count[12]["basis"] in ("model", "text+model")


# ---------------------------------------------------------------------------
# Reading from a file, and merging drafts directly
# ---------------------------------------------------------------------------


def test_read_article_from_a_file(tmp_path: Path) -> None:
    path = tmp_path / "made-up.txt"
    path.write_text("On Monday, Moscow received 31 bodies from the other side.\n", encoding="utf-8")
    art = read_article(path, published=date(2025, 6, 20))
    result = extract_article(art, FakeModel().client(), retries=0)
    (record,) = result.records
    assert record.date.value == "2025-06-16"
    assert [(t.to, t.category, t.count) for t in record.transfers] == [("russia", "bodies", 31)]
    assert result.stats()["model_calls"] == 0


_SHARED = find_passages("Kyiv received 12 captives.")[0]


def _draft(transfers: list[tuple[str, str, int]], *, when: str | None = None, earlier: bool = False,
           sentence: str | None = None) -> Draft:  # fmt: skip
    """A draft of the shared passage, or of a passage of its own made from ``sentence``."""
    p = _SHARED if sentence is None else find_passages(sentence)[0]
    ts = [Transfer(to=to, category=cat, count=n, evidence=Evidence(quote="made up")) for to, cat, n in transfers]  # type: ignore[arg-type]
    d = EventDate(value=when, precision="day", text=when, basis="explicit") if when else None
    return Draft(p, p.sentences[0], ts, None, d, earlier)


def test_merge_joins_compatible_drafts_and_splits_contradicting_ones() -> None:
    a = _draft([("ukraine", "bodies", 500)], when="2025-06-18")
    b = _draft([("russia", "bodies", 40)])  # no date: joins
    c = _draft([("ukraine", "bodies", 300)], sentence="Kyiv received 300 bodies.")  # contradicts 500: a new event
    events = merge_drafts([a, b, c])
    assert [len(e.drafts) for e in events] == [2, 1]
    assert set(events[0].transfers) == {("ukraine", "bodies"), ("russia", "bodies")}


def test_merge_keeps_bodies_and_prisoners_apart() -> None:
    events = merge_drafts([_draft([("ukraine", "bodies", 500)]), _draft([("ukraine", "prisoners_of_war", 90)])])
    assert len(events) == 2


def test_merge_restated_part_adds_nothing() -> None:
    whole = _draft([("ukraine", "prisoners_of_war", 150), ("russia", "prisoners_of_war", 150)])
    part = _draft([("ukraine", "prisoners_of_war", 20)])  # same passage, no date, smaller count
    (event,) = merge_drafts([whole, part])
    assert event.restated == [part]
    assert event.transfers[("ukraine", "prisoners_of_war")].count == 150


def test_merge_part_from_elsewhere_needs_part_words() -> None:
    whole = _draft([("ukraine", "prisoners_of_war", 150)])
    elsewhere = _draft([("ukraine", "prisoners_of_war", 20)], sentence="Kyiv received 20 captives.")
    assert len(merge_drafts([whole, elsewhere])) == 2
    of_ours = _draft([("ukraine", "prisoners_of_war", 20)], sentence="Kyiv also received 20 of our captives.")
    (event,) = merge_drafts([whole, of_ours])
    assert event.restated == [of_ours]


def test_merge_splits_different_dates() -> None:
    events = merge_drafts([_draft([("ukraine", "bodies", 500)], when="2025-06-18"), _draft([("ukraine", "bodies", 500)], when="2025-05-03")])
    assert len(events) == 2


def test_roles_first_latest_event_is_primary() -> None:
    old = Event([_draft([("ukraine", "bodies", 1)], when="2025-01-10")])
    earlier = Event([_draft([("ukraine", "bodies", 2)], earlier=True)])
    latest = Event([_draft([("ukraine", "bodies", 3)])])
    assert roles_of([old, earlier, latest], PUBLISHED) == ["background", "background", "primary"]
    assert roles_of([old, earlier], PUBLISHED) == ["background", "primary"]


def test_two_exchanges_in_one_sentence_are_two_events_with_their_own_dates() -> None:
    text = "In May, the two sides swapped 1,000 prisoners each, and on Monday a further 49 Ukrainian soldiers came home."
    records = extract(text)
    by_date = {r["date"]["value"]: (r["mention"], sides(r)) for r in records}
    assert by_date == {
        "2025-05": ("background", {(UA, POW, 1000), (RU, POW, 1000)}),
        "2025-06-16": ("primary", {(UA, POW, 49)}),
    }


def test_the_previous_one_is_a_pronoun_and_its_clause_an_earlier_event() -> None:
    text = "Ukraine got back 95 soldiers on Friday; in the previous one, on April 19, Kyiv brought home 246 soldiers."
    model = FakeModel()
    records = extract(text, model)
    assert model.calls == []
    assert [(r["mention"], r["date"]["value"], sides(r)) for r in records] == [
        ("primary", "2025-06-20", {(UA, POW, 95)}),
        ("background", "2025-04-19", {(UA, POW, 246)}),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Russia handed over 909 bodies on Thursday. Ukraine's headquarters later revised the figure: 1,000 bodies "
         "were returned to Ukraine.", {("ukraine", "bodies", 1000)}),
        ("The ministry first said 150 soldiers came home to Russia on Friday; it later said 146 Russian soldiers "
         "had come home.", {(RU, POW, 146)}),
        ("Kyiv said the number of Ukrainian soldiers freed on Friday was revised from 75 to 77.", {(UA, POW, 77)}),
        ("Russia handed over 909 bodies on Thursday. The figure was later revised to 1,000 bodies.",
         {("ukraine", "bodies", 1000)}),
    ],
)
def test_a_revised_figure_replaces_the_first_with_a_warning(text: str, expected: set) -> None:
    model = FakeModel()
    (record,) = extract(text, model)
    assert model.calls == []
    assert sides(record) == expected
    assert "revised_count" in codes(record)


def test_a_retracted_figure_is_no_transfer() -> None:
    text = ("CORRECTION: A previous version of this report said 95 soldiers were freed. In fact, 59 Ukrainian soldiers "
            "came home on Friday.")
    model = FakeModel()
    (record,) = extract(text, model)
    assert model.calls == [] and sides(record) == {(UA, POW, 59)}
