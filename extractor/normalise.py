"""Deterministic normalisation of counts, dates and quotes.

The language model proposes words ("more than 1,000", "said Friday", a quote);
this module turns them into values without guessing.

Who does what, and why the rest is ours:

* ``text_to_num.text2num`` converts one run of English number words to an int
  ("thirty eight" -> 38, "one hundred and fifty seven" -> 157). We find the
  runs ourselves, because ``alpha2digit`` gives no spans, mangles spoken years
  ("twenty twenty five" -> "20 25") and vague amounts ("tens of thousands" ->
  "10 of 1000"), and neither function reads digits with separators ("1,029",
  "1 029") or suffixes ("1K"). Qualifier words, years, days of month,
  ordinals, money and percentages are told apart here too.
* ``text_to_num.alpha2digit`` rewrites number words inside a date phrase
  ("February fifth", "four years ago") once spoken years have been turned into
  digits by :func:`spoken_year`'s pattern.
* ``dateparser.date.DateDataParser`` parses explicit dates that carry a year,
  in whatever format ("24 February 2022", "Dec. 19, 2025", "2022-02-24"), and
  its ``period`` gives the precision. Nothing relative is left to it: it fills
  missing parts from today's date and, with ``PREFER_DATES_FROM='past'``, puts
  "Friday" a week before a Friday publication. The rules that resolve words
  against the publication date are written below, once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from dateparser.date import DateDataParser
from text_to_num import alpha2digit, text2num

from . import lexicon as lx

__all__ = [
    "WEEKDAYS",
    "Count",
    "ResolvedDate",
    "find_counts",
    "locate_quote",
    "parse_count",
    "resolve_date",
    "spoken_year",
    "weekday_in",
]

# --------------------------------------------------------------------------
# Shared vocabulary
# --------------------------------------------------------------------------

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
_DOZEN = 12
# Multipliers after digits: "1K", "2.5 million", "two dozen".
_MULTIPLIERS = {"k": 1_000, "K": 1_000, "M": 1_000_000, "mn": 1_000_000, "mln": 1_000_000, "bn": 1_000_000_000}
_MULTIPLIERS |= _SCALES | {"dozen": _DOZEN}
_MAX_DIGITS = 15  # longer digit strings are identifiers, not counts

# A number word followed by one of these is an ordinal or a fraction, not a count
# ("twenty fifth", "one quarter", "two thirds").
_ORDINAL_OR_FRACTION = frozenset(
    """first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth
    thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth
    thirtieth fortieth fiftieth sixtieth seventieth eightieth ninetieth hundredth thousandth
    millionth billionth thirds fourths fifths sixths sevenths eighths ninths tenths
    half halves quarter quarters""".split()
)

_MONTHS = lx.MONTHS
# "May" only when capitalised, so the verb "may" is not a month.
_MONTH = (
    r"(?:(?i:" + "|".join(sorted((m for m in _MONTHS if m != "may"), key=len, reverse=True)) + r")|May|MAY)\b\.?"
)

# Typographic quotes, apostrophes and dashes, and their plain forms.
_TYPOGRAPHIC = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u00ab": '"', "\u00bb": '"', "\u2033": '"',
        "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-", "\u2212": "-",
    }
)  # fmt: skip

WEEKDAYS = lx.WEEKDAYS
_WEEKDAY = r"\b(?i:" + "|".join(WEEKDAYS) + r")\b"
_WEEKDAY_NAME = re.compile(_WEEKDAY)

# --------------------------------------------------------------------------
# Spoken years
# --------------------------------------------------------------------------

_UNIT_1_9 = "one|two|three|four|five|six|seven|eight|nine"
_TEEN = "ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
_TENS_ALT = "|".join(_TENS)
_SEP = r"[\s-]+"
_TWO_DIGITS = rf"(?:{_TEEN}|(?:{_TENS_ALT})(?:{_SEP}(?:{_UNIT_1_9}))?)"
_SPOKEN_YEAR = re.compile(
    rf"""(?i)\b(?:
        (?P<century>nineteen|twenty){_SEP}(?:(?:oh|o|zero){_SEP}(?P<oh>{_UNIT_1_9})|(?P<pair>{_TWO_DIGITS}))
      | (?P<two_thousand>two{_SEP}thousand(?:{_SEP}and)?){_SEP}(?P<rest>{_TWO_DIGITS}|{_UNIT_1_9})
    )\b(?!{_SEP}(?:hundred|thousand|million|billion)\b)""",
    re.VERBOSE,
)


def _words_value(words: str) -> int:
    """Value of a run of at most two number words below 100 ("twenty-two" -> 22)."""
    return sum(_UNITS.get(w, 0) + _TENS.get(w, 0) for w in re.split(_SEP, words.lower()))


def _spoken_year_value(match: re.Match[str]) -> int:
    if match["two_thousand"]:
        return 2000 + _words_value(match["rest"])
    century = 1900 if match["century"].lower() == "nineteen" else 2000
    return century + _words_value(match["oh"] or match["pair"])


def spoken_year(text: str) -> int | None:
    """The first year spelled out in words in ``text``, else None.

    "twenty twenty five" -> 2025, "twenty twenty-two" -> 2022,
    "two thousand and twenty five" -> 2025, "nineteen ninety" -> 1990,
    "twenty oh five" -> 2005; "twenty five" -> None.
    """
    if not isinstance(text, str):
        return None
    match = _SPOKEN_YEAR.search(text)
    return _spoken_year_value(match) if match else None


# --------------------------------------------------------------------------
# Counts
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Count:
    """One count mention: its value, how exact it is, and where it was found."""

    value: int | None  # None when the phrase is vague or depends on context that was not given
    qualifier: str  # one of "exact","at_least","more_than","up_to","about","unknown"
    text: str  # the matched words, verbatim from the input
    start: int = 0  # span in the input text
    end: int = 0


_QUALIFIER_WORDS = {
    "more_than": ["more than", "over", "just over", "well over", "upwards of", "in excess of", "above"],
    "at_least": ["at least", "no fewer than", "not fewer than", "no less than", "not less than", "a minimum of"],
    "up_to": [
        "up to", "as many as", "nearly", "almost", "under", "just under", "fewer than", "less than",
        "no more than", "not more than", "a maximum of", "close to", "below",
    ],
    "about": ["about", "around", "approximately", "approx.", "roughly", "some", "an estimated", "estimated", "circa"],
}  # fmt: skip
_QUALIFIER_OF = {w: q for q, words in _QUALIFIER_WORDS.items() for w in words} | {"~": "about", "≈": "about"}
_QUALIFIER_BEFORE = re.compile(
    r"(?:(?<![A-Za-z])(?P<word>"
    + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(_QUALIFIER_OF, key=len, reverse=True))
    + r"))\s*$",
    re.IGNORECASE,
)
# "handed over 1,000 bodies": "over" belongs to the verb, it does not qualify the number.
_PHRASAL_OVER = re.compile(
    r"\b(?:hand|hands|handed|handing|turn|turns|turned|turning|take|takes|took|taken|taking"
    r"|pass|passes|passed|passing|bring|brings|brought|give|gives|gave|given|sign|signs|signed)\s+$",
    re.IGNORECASE,
)
_QUALIFIER_AFTER = re.compile(
    r"(?:(?P<at_least>\+|-plus\b|\s+or\s+more\b)|(?P<about>-odd\b|\s+or\s+so\b)|(?P<up_to>\s+or\s+(?:fewer|less)\b))",
    re.IGNORECASE,
)
_QUALIFIER_LOOKBACK = 40

_SAME_NUMBER = re.compile(r"\b(?:the\s+same\s+number|an\s+equal\s+number|the\s+same\s+amount)\b", re.IGNORECASE)
_VAGUE = re.compile(
    r"""\b(?:(?:tens|hundreds|dozens)\s+of\s+(?:thousands|millions)
      | (?:several|a\s+few|a\s+couple\s+of|many)\s+(?:dozen|hundred|thousand|million)s?
      | dozens|hundreds|thousands|millions|scores(?=\s+of\b)
    )\b""",
    re.IGNORECASE | re.VERBOSE,
)
_DIGITS = re.compile(
    r"""(?<![0-9A-Za-z])(?<![0-9][.,])
    (?:(?P<comma>[0-9]{1,3}(?:,[0-9]{3})+(?![0-9])(?:\.[0-9]+)?)
      |(?P<spaced>[0-9]{1,3}(?:[ \u00a0\u2009\u202f][0-9]{3})+(?![0-9]))
      |(?P<plain>[0-9]+(?:[.,][0-9]+)?))
    (?:(?P<abbr>[kKM]|mn|mln|bn)(?![0-9A-Za-z])
      |\s+(?P<scale>(?i:hundred|thousand|million|billion|dozen))\b)?""",
    re.VERBOSE,
)
# Regions where no count is read: addresses, e-mail, numeric dates.
_NO_COUNT_REGIONS = re.compile(
    r"\S*(?:://|www\.)\S*|\S+@\S+|(?<![0-9])[0-9]{1,4}[./-][0-9]{1,2}[./-][0-9]{1,4}(?![0-9])"
)
_COUNT_NOUN = re.compile(
    r"\s+(?:of\s+(?:its|their|our|his|her)\s+(?:own\s+)?)?"
    r"(?:(?:Ukrainian|Russian|fallen|dead|deceased|captured|wounded|killed|freed|released|more|other|military)\s+){0,2}"
    r"(?:bodies|soldiers|servicemen|servicewomen|service\s+members|prisoners|pows|people|persons|civilians|children"
    r"|troops|captives|detainees|fighters|remains|defenders|citizens|residents|Ukrainians|Russians)\b",
    re.IGNORECASE,
)
# "in 2022 Russian troops ...": after these words a four-digit number is a year, whatever follows it.
_YEAR_BEFORE = re.compile(r"\b(?:in|since|during|by|until|till|from|early|late|mid|before|after|around|circa)\s*-?\s*$", re.I)
_PERCENT_OR_MONEY_AFTER = re.compile(
    r"\s*(?:%|(?:percent|per\s+cent|pct|dollars?|euros?|pounds?|roubles?|rubles?|hryvnias?|hryvni"
    r"|rupees?|yuan|usd|eur|gbp|rub|uah|inr)\b)",
    re.IGNORECASE,
)
_MONEY_BEFORE = re.compile(r"(?:[$€£₹₽¥₴]|\b(?:USD|EUR|GBP|RUB|UAH|INR|Rs\.?))\s?$")
_TIME_AFTER = re.compile(r"\s*(?:a\.m\.|p\.m\.|am\b|pm\b)", re.IGNORECASE)
_DAY_BEFORE_MONTH = re.compile(rf"(?:st|nd|rd|th)?\s*(?:of\s+)?{_MONTH}")
_MONTH_BEFORE_DAY = re.compile(rf"\b{_MONTH}\s*$")
_COMPOUND_AFTER = re.compile(r"-(?!(?:plus|odd|strong|for)\b)[A-Za-z]")  # "250-for-250" is two counts
_WORD = re.compile(r"[A-Za-z]+")
_MAX_RUN = 20  # number words tried together; longer runs are read in pieces


def _qualifier_before(text: str, start: int) -> tuple[str, int] | None:
    """Qualifier words ending right before ``start``: (qualifier, start of the words)."""
    window_start = max(0, start - _QUALIFIER_LOOKBACK)
    match = _QUALIFIER_BEFORE.search(text, window_start, start)
    if not match:
        return None
    word = re.sub(r"\s+", " ", match["word"].lower())
    if word == "over" and _PHRASAL_OVER.search(text, window_start, match.start()):
        return None
    return _QUALIFIER_OF[word], match.start()


def _qualifier_after(text: str, end: int) -> tuple[str, int] | None:
    """Qualifier words starting right at ``end`` ("+", "or more"): (qualifier, end of the words)."""
    match = _QUALIFIER_AFTER.match(text[end : end + 20])
    if not match:
        return None
    return match.lastgroup or "exact", end + match.end()


def _is_day_of_month(text: str, start: int, end: int, value: int) -> bool:
    """True for "24" in "24 February" and "29" in "January 29"."""
    if not 1 <= value <= 31:
        return False
    return bool(_DAY_BEFORE_MONTH.match(text, end) or _MONTH_BEFORE_DAY.search(text, max(0, start - 12), start))


# "the previous one", "another one": the pronoun, not a count
_PRONOUN_ONE = re.compile(
    r"\b(?:the|this|that|another|previous|last|latest|next|first|same|other|every|each|any|no|which|such)\s+$", re.I
)


def _not_a_count(text: str, start: int, end: int, value: int) -> bool:
    """Context that makes a number something other than a count (money, %, time, date, compound)."""
    before = text[max(0, start - 6) : start]
    after = text[end : end + 12]
    return bool(
        (start >= 2 and text[start - 1] == "-" and text[start - 2].isalpha() and text[max(0, start - 4) : start].lower() != "for-")  # "No-one", "F-16"
        or _COMPOUND_AFTER.match(after)  # "two-day", "25-year-old"
        or _PERCENT_OR_MONEY_AFTER.match(after)
        or _MONEY_BEFORE.search(before)
        or _TIME_AFTER.match(after)
        or re.match(r"[/:][0-9]", after)
        or re.search(r"[0-9][/:]$", before)
        or _is_day_of_month(text, start, end, value)
        or (text[start:end].lower() == "one" and _PRONOUN_ONE.search(text, max(0, start - 30), start) is not None)
        or (value < 100 and re.match(r"[.)]\s+\S", after) is not None and re.search(r"(?:^|\n)[ \t]*$", text[max(0, start - 8) : start]) is not None)
    )  # the last: "1. Release of ...", a list item's number


class _Scanner:
    """Finds count mentions in one text; spans claimed by one rule are not read again by another."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.taken = bytearray(len(text))
        self.counts: list[Count] = []

    def free(self, start: int, end: int) -> bool:
        return not any(self.taken[start:end])

    def claim(self, start: int, end: int) -> None:
        self.taken[start:end] = b"\x01" * (end - start)

    def add(self, value: int | None, qualifier: str, start: int, end: int, *, qualified: bool = True) -> None:
        """Record a count at [start, end), widened to the qualifier words around it when ``qualified``.

        A count without a value keeps qualifier "unknown" even when qualifier words are around it.
        """
        self.claim(start, end)
        if qualified:
            before = _qualifier_before(self.text, start)
            after = None if before else _qualifier_after(self.text, end)
            if before:
                qualifier, start = before
            elif after:
                qualifier, end = after
            if value is None:
                qualifier = "unknown"
        self.counts.append(Count(value, qualifier, self.text[start:end], start, end))

    def scan(self) -> list[Count]:
        text = self.text
        for match in _NO_COUNT_REGIONS.finditer(text):
            self.claim(match.start(), match.end())
        for match in _SPOKEN_YEAR.finditer(text):
            if not (match["two_thousand"] and _COUNT_NOUN.match(text, match.end())):
                self.claim(match.start(), match.end())
        for match in _SAME_NUMBER.finditer(text):
            if self.free(match.start(), match.end()):
                self.add(None, "unknown", match.start(), match.end())
        for match in _VAGUE.finditer(text):
            if self.free(match.start(), match.end()):
                self.add(None, "unknown", match.start(), match.end(), qualified=False)
        position = 0
        while match := _DIGITS.search(text, position):
            position = match.end()
            if match["spaced"] and _MONTH_BEFORE_DAY.search(text, max(0, match.start() - 12), match.start()):
                position = match.start() + len(match["spaced"].split()[0])  # "February 5 157": a day, then 157
            elif self.free(match.start(), match.end()):
                self._digits(match)
        self._number_words()
        return sorted(self.counts, key=lambda c: c.start)

    def _digits(self, match: re.Match[str]) -> None:
        text, start, end = self.text, match.start(), match.end()
        if match["comma"]:
            number = match["comma"].replace(",", "")
        elif match["spaced"]:
            number = re.sub(r"\s", "", match["spaced"])
        else:
            number = match["plain"].replace(",", ".")
        if len(number) > _MAX_DIGITS:
            return
        multiplier = _MULTIPLIERS.get(match["abbr"] or (match["scale"] or "").lower(), 1)
        try:
            amount = Decimal(number) * multiplier
        except InvalidOperation:
            return
        if amount != amount.to_integral_value() or (end < len(text) and text[end].isalpha()):
            return  # "2.5" on its own, "5th", "25km"
        value = int(amount)
        if _not_a_count(text, start, end, value):
            return
        plain_year = bool(match["plain"]) and multiplier == 1 and len(number) == 4 and 1900 <= value <= 2099
        if plain_year and (not _COUNT_NOUN.match(text, end) or _YEAR_BEFORE.search(text, max(0, start - 12), start)):
            before = _qualifier_before(text, start)
            if not before or before[0] == "about":  # "around 2020" is a year, "over 2000" is not
                return
        self.add(value, "exact", start, end)

    def _number_words(self) -> None:
        """Read runs of number words ("one thousand", "thirty-eight", "a dozen") with text2num."""
        text = self.text
        words = [m for m in _WORD.finditer(text) if self.free(m.start(), m.end())]
        run: list[re.Match[str]] = []
        for i, word in enumerate(words):
            lower = word[0].lower()
            follows = words[i + 1][0].lower() if i + 1 < len(words) else ""
            adjacent = bool(run) and re.fullmatch(r"\s+|-", text[run[-1].end() : word.start()]) is not None
            if lower in ("a", "an"):  # "a thousand", "a dozen": always starts a run
                member = follows in _SCALES or follows == "dozen"
            elif lower == "and":  # "one hundred and fifty"
                member = adjacent and run[-1][0].lower() in _SCALES and (follows in _UNITS or follows in _TENS)
            else:
                member = lower in _UNITS or lower in _TENS or lower in _SCALES or lower == "dozen"
            if member and adjacent and lower not in ("a", "an"):
                run.append(word)
                continue
            if run:
                self._read_run(run)
            run = [word] if member and lower != "and" else []
        if run:
            self._read_run(run)

    def _read_run(self, run: list[re.Match[str]]) -> None:
        """Split one run into the longest pieces text2num accepts, left to right."""
        tokens = [m[0].lower() for m in run]
        i = 0
        while i < len(tokens):
            if (tokens[i] in _SCALES or tokens[i] in ("and", "dozen", "a", "an")) and not _leads(tokens, i):
                i += 1  # a bare "thousand", "dozen" or "a" is no count
                continue
            for j in range(min(len(tokens), i + _MAX_RUN), i, -1):
                value = _text2num(["one" if t in ("a", "an") else t for t in tokens[i:j]])
                if value is None:
                    continue
                if j < len(tokens) and tokens[j] == "dozen":
                    value, j = value * _DOZEN, j + 1
                self._word_count(run, i, j, value)
                i = j
                break
            else:
                i += 1

    def _word_count(self, run: list[re.Match[str]], i: int, j: int, value: int) -> None:
        text, start, end = self.text, run[i].start(), run[j - 1].end()
        next_word = re.match(r"(?:\s+|-)([A-Za-z]+)", text[end : end + 40])
        if next_word and next_word[1].lower() in _ORDINAL_OR_FRACTION:
            return  # "twenty fifth", "one quarter"
        if j - i == 1 and run[i][0].lower() == "one" and _generic_one(text, start, end):
            return
        half = re.search(r"\b[Hh]alf\s+$", text[max(0, start - 8) : start])
        if half and run[i][0].lower() in ("a", "an") and value % 2 == 0:  # "half a dozen", "half a thousand"
            value, start = value // 2, start - (8 if start >= 8 else start) + half.start()
        if not _not_a_count(text, start, end, value):
            self.add(value, "exact", start, end)


def _leads(tokens: list[str], i: int) -> bool:
    """True when the "a"/"an" at ``i`` stands for "one" before a scale ("a thousand", "a dozen")."""
    return tokens[i] in ("a", "an") and i + 1 < len(tokens) and (tokens[i + 1] in _SCALES or tokens[i + 1] == "dozen")


def _text2num(tokens: list[str]) -> int | None:
    """text2num on a list of number words; None where it rejects them (or they end in "and")."""
    if tokens[-1] == "and":
        return None
    try:
        return text2num(" ".join(tokens), "en")
    except ValueError:
        return None


def _generic_one(text: str, start: int, end: int) -> bool:
    """True for the pronoun "one": "one of the", "one another", "no one", "the one"."""
    before = re.search(r"([A-Za-z]+)\s+$", text[max(0, start - 12) : start])
    after = re.match(r"\s+([A-Za-z]+)", text[end : end + 12])
    return bool(
        (before and before[1].lower() in {"no", "any", "every", "some", "the", "this", "that", "which", "each"})
        or (after and after[1].lower() in {"of", "another"})
    )


def find_counts(text: str) -> list[Count]:
    """Every count mention in free text, in order, with spans: ``text[c.start:c.end] == c.text``.

    Reads digits with separators ("1,029", "1 029"), suffixes ("1K"), scales
    ("2.5 million"), number words ("thirty-eight", "one thousand"), vague
    amounts ("dozens", "tens of thousands": value None, qualifier "unknown")
    and "the same number" (value None, qualifier "unknown"), each with the
    qualifier words around it ("more than", "up to", "or more"). Leaves out
    years ("2022", "twenty twenty five"), days of month ("24 February",
    "January 29"), ordinals, fractions, money, percentages and times.
    """
    if not isinstance(text, str):
        return []
    return _Scanner(text).scan()


_BARE_NUMBER = re.compile(r"\s*(?P<qualifier>\D*?)\s*(?P<number>[0-9]{4})\s*")


def parse_count(text: str, *, same_as: int | None = None) -> Count | None:
    """Parse one count phrase, e.g. a number field given by the model.

    "1,000" -> 1000 exact; "more than 1,000" -> more_than; "nearly 186,000" ->
    up_to; "dozens" -> None/unknown; "the same number" -> ``same_as`` (exact),
    or None/unknown when ``same_as`` is None. The first count in the text wins.
    Returns None when the text holds no count, including spoken years and
    years in a date ("in 2025"). A bare four-digit number ("2000") is a count.
    """
    if not isinstance(text, str):
        return None
    counts = find_counts(text)
    if counts:
        first = counts[0]
        same = _SAME_NUMBER.search(text, first.start, first.end)
        if same and same_as is not None:
            before = _qualifier_before(text, same.start())
            return Count(same_as, before[0] if before else "exact", first.text, first.start, first.end)
        return first
    bare = _BARE_NUMBER.fullmatch(text)  # "2000" on its own: find_counts took it for a year
    if not bare:
        return None
    prefix = " ".join(bare["qualifier"].lower().split())
    qualifier = _QUALIFIER_OF.get(prefix) if prefix else "exact"
    if qualifier is None:
        return None
    start = bare.start("qualifier") if prefix else bare.start("number")
    return Count(int(bare["number"]), qualifier, text[start : bare.end("number")], start, bare.end("number"))


# --------------------------------------------------------------------------
# Dates
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class ResolvedDate:
    """A date phrase resolved against the publication date."""

    value: str | None  # "YYYY-MM-DD" | "YYYY-MM" | "YYYY" | "--MM-DD" | None
    precision: str  # "day" | "month" | "year" | "unknown"
    basis: str  # "explicit" | "relative" | "publication" | "unresolved"
    text: str | None  # the input words (None when the input was None/empty)


_DAY = r"[0-9]{1,2}(?:st|nd|rd|th)?"
_YEAR = r"(?:19|20)[0-9]{2}"
_EXPLICIT_DATE = re.compile(
    rf"""(?<![0-9])(?:
        {_YEAR}-[0-9]{{1,2}}-[0-9]{{1,2}}
      | [0-9]{{1,2}}[./][0-9]{{1,2}}[./]{_YEAR}
      | (?:{_DAY}\s+(?:of\s+)?)?{_MONTH}(?:\s*{_DAY})?,?\s+{_YEAR}
      | {_YEAR}
    )(?![0-9])""",
    re.VERBOSE,
)
_MONTH_DAY = re.compile(
    rf"(?<![0-9])(?:(?P<d1>[0-9]{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m1>{_MONTH})"
    rf"|(?P<m2>{_MONTH})\s*(?P<d2>[0-9]{{1,2}})(?:st|nd|rd|th)?)(?![0-9])"
)
_MONTH_NAME = re.compile(_MONTH)
_SAME_DAY = re.compile(r"\b(?:today|tonight|this\s+(?:morning|afternoon|evening))\b", re.IGNORECASE)
_DAY_SHIFT = re.compile(r"\b(?P<word>the\s+day\s+before\s+yesterday|yesterday|tomorrow)\b", re.IGNORECASE)
_DAY_SHIFTS = {"the day before yesterday": -2, "yesterday": -1, "tomorrow": 1}
_AGO = re.compile(r"\b(?P<n>[0-9]{1,3}|a|an|one)\s+(?P<unit>day|week|month|year)s?\s+ago\b", re.IGNORECASE)
_PERIOD = re.compile(r"\b(?P<which>last|previous|this|next)\s+(?P<unit>week|month|year)\b", re.IGNORECASE)
_WHICH = {"last": -1, "previous": -1, "this": 0, "next": 1}
_WEEKDAY_WHICH = re.compile(rf"\b(?P<which>last|this|next)\s+{_WEEKDAY}", re.IGNORECASE)
_EVERY_WEEKDAY = re.compile(rf"\bevery\s+{_WEEKDAY}", re.IGNORECASE)


@lru_cache(maxsize=1)
def _date_parser() -> DateDataParser:
    # DMY for numeric dates: the outlets covering this war mostly write 05.02.2022 for 5 February.
    return DateDataParser(languages=["en"], settings={"PREFER_DAY_OF_MONTH": "first", "DATE_ORDER": "DMY"})


def _unresolved(text: str | None) -> ResolvedDate:
    return ResolvedDate(None, "unknown", "unresolved", text)


def _day(d: date, basis: str, text: str) -> ResolvedDate:
    return ResolvedDate(d.isoformat(), "day", basis, text)


def _month(year: int, month: int, basis: str, text: str) -> ResolvedDate:
    return ResolvedDate(f"{year:04d}-{month:02d}", "month", basis, text)


def _shift_month(year: int, month: int, by: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + by
    return index // 12, index % 12 + 1


def _month_number(name: str) -> int:
    return _MONTHS[name.lower().rstrip(".")]


def _week(published: date, offset: int, text: str) -> ResolvedDate:
    """A calendar week (Monday-Sunday) ``offset`` weeks from publication's: its month when it lies in one."""
    monday = published - timedelta(days=published.weekday()) + timedelta(weeks=offset)
    last = min(monday + timedelta(days=6), published) if offset == 0 else monday + timedelta(days=6)
    if (monday.year, monday.month) != (last.year, last.month):
        return _unresolved(text)
    return _month(monday.year, monday.month, "relative", text)


def _prepare(text: str) -> str:
    """Plain spacing, spoken years as digits, then other number words as digits ("fifth" -> "5th")."""
    plain = " ".join(text.translate(_TYPOGRAPHIC).split())
    plain = _SPOKEN_YEAR.sub(lambda m: str(_spoken_year_value(m)), plain)
    try:
        return alpha2digit(plain, "en", threshold=0)
    except ValueError:
        return plain


def _explicit(text: str, words: str) -> ResolvedDate | None:
    """A date with a year in it, parsed by dateparser; impossible dates come back unresolved."""
    match = _EXPLICIT_DATE.search(words)
    if not match:
        return None
    try:
        data = _date_parser().get_date_data(match[0])
    except (ValueError, OverflowError):
        return _unresolved(text)
    if data.date_obj is None:
        return _unresolved(text)
    found = data.date_obj.date()
    if data.period == "year":
        return ResolvedDate(f"{found.year:04d}", "year", "explicit", text)
    if data.period == "month":
        return _month(found.year, found.month, "explicit", text)
    return _day(found, "explicit", text)


def _year_offset(words: str) -> int | None:
    """-1 for "last year", 0 for "this year", +1 for "next year", else None."""
    period = next((m for m in _PERIOD.finditer(words) if m["unit"].lower() == "year"), None)
    return _WHICH[period["which"].lower()] if period else None


def _month_day(text: str, words: str, published: date | None) -> ResolvedDate | None:
    """"January 29", "On February 5", "29 January" (no year): the latest such day up to publication."""
    match = _MONTH_DAY.search(words)
    if not match:
        return None
    month = _month_number(match["m1"] or match["m2"])
    day = int(match["d1"] or match["d2"])
    try:
        date(2000, month, day)  # a leap year: does this day exist at all?
    except ValueError:
        return _unresolved(text)
    if published is None:
        return ResolvedDate(f"--{month:02d}-{day:02d}", "day", "unresolved", text)
    offset = _year_offset(words)
    if offset is not None:
        try:
            return _day(date(published.year + offset, month, day), "relative", text)
        except ValueError:
            return _unresolved(text)
    for year in range(published.year, published.year - 8, -1):  # Feb 29 recurs within eight years
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        if candidate <= published:
            return _day(candidate, "relative", text)
    return _unresolved(text)


def _weekday(text: str, words: str, published: date) -> ResolvedDate | None:
    """"on Thursday", "said Friday": the latest such weekday on or before publication."""
    weekday = weekday_in(words)
    if weekday is None:
        return None
    if _EVERY_WEEKDAY.search(words):
        return _unresolved(text)
    period = next((m for m in _PERIOD.finditer(words) if m["unit"].lower() == "week"), None)
    if period:  # "on Friday last week"
        monday = published - timedelta(days=published.weekday())
        return _day(monday + timedelta(weeks=_WHICH[period["which"].lower()], days=weekday), "relative", text)
    which = _WEEKDAY_WHICH.search(words)
    back = (published.weekday() - weekday) % 7
    if which and which["which"].lower() == "last":
        back = back or 7
    elif which and which["which"].lower() == "next":
        back = -((weekday - published.weekday()) % 7 or 7)
    return _day(published - timedelta(days=back), "relative", text)


def _month_only(text: str, words: str, published: date) -> ResolvedDate | None:
    """"in February", "November last year": the latest such month up to publication, or the year said."""
    match = _MONTH_NAME.search(words)
    if not match:
        return None
    month = _month_number(match[0])
    offset = _year_offset(words)
    if offset is not None:
        return _month(published.year + offset, month, "relative", text)
    year = published.year if month <= published.month else published.year - 1
    return _month(year, month, "relative", text)


def _ago(text: str, words: str, published: date) -> ResolvedDate | None:
    """"two days ago", "four years ago", "a month ago"."""
    match = _AGO.search(words)
    if not match:
        return None
    n = int(match["n"]) if match["n"].isdigit() else 1
    unit = match["unit"].lower()
    if unit == "day":
        return _day(published - timedelta(days=n), "relative", text)
    if unit == "week":
        return _week(published, -n, text)
    if unit == "month":
        return _month(*_shift_month(published.year, published.month, -n), "relative", text)
    return ResolvedDate(f"{published.year - n:04d}", "year", "relative", text)


def _period(text: str, words: str, published: date) -> ResolvedDate | None:
    """"last week", "this month", "last year"."""
    match = _PERIOD.search(words)
    if not match:
        return None
    offset = _WHICH[match["which"].lower()]
    unit = match["unit"].lower()
    if unit == "week":
        return _week(published, offset, text)
    if unit == "month":
        return _month(*_shift_month(published.year, published.month, offset), "relative", text)
    return ResolvedDate(f"{published.year + offset:04d}", "year", "relative", text)


def resolve_date(text: str | None, published: date | None) -> ResolvedDate:
    """Resolve an article's words for a date against its publication date.

    Tried in order, first hit wins: an explicit date with a year (explicit);
    a month and day without year (latest such day up to publication,
    relative; "--MM-DD" unresolved without publication); today (publication),
    yesterday/tomorrow; a weekday (latest on or before publication); a month
    (latest such month up to publication, or "November last year"); "N days/
    weeks/months/years ago"; "last/this/next week/month/year". Anything else,
    impossible dates, and any relative phrase without a publication date come
    back unresolved. Never raises.
    """
    if not isinstance(text, str) or not text.strip():
        return _unresolved(None)
    if isinstance(published, datetime):
        published = published.date()
    elif not isinstance(published, date):
        published = None
    words = _prepare(text)
    found = _explicit(text, words) or _month_day(text, words, published)
    if found:
        return found
    if published is None:
        return _unresolved(text)
    try:
        return _relative(text, words, published)
    except OverflowError:  # publication within days of date.min or date.max
        return _unresolved(text)


def _relative(text: str, words: str, published: date) -> ResolvedDate:
    """The rules that need the publication date, in order."""
    if _SAME_DAY.search(words):
        return _day(published, "publication", text)
    shift = _DAY_SHIFT.search(words)
    if shift:
        return _day(published + timedelta(days=_DAY_SHIFTS[" ".join(shift["word"].lower().split())]), "relative", text)
    return (
        _weekday(text, words, published)
        or _month_only(text, words, published)
        or _ago(text, words, published)
        or _period(text, words, published)
        or _unresolved(text)
    )


def weekday_in(text: str | None) -> int | None:
    """The weekday named in ``text`` (Monday = 0), e.g. "said Friday" -> 4; else None."""
    if not isinstance(text, str):
        return None
    match = _WEEKDAY_NAME.search(text)
    return WEEKDAYS[match[0].lower()] if match else None


# --------------------------------------------------------------------------
# Quotes
# --------------------------------------------------------------------------

_INVISIBLE = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad")


@lru_cache(maxsize=16)
def _fold(text: str, lower: bool, spaces: bool) -> tuple[str, tuple[int, ...]]:
    """``text`` with typographic marks made plain and whitespace runs made one space (or dropped),
    plus the index in ``text`` of every character kept."""
    out: list[str] = []
    where: list[int] = []
    in_space = False
    for i, ch in enumerate(text):
        if ch in _INVISIBLE:
            continue
        if ch.isspace():
            if spaces and not in_space:
                out.append(" ")
                where.append(i)
            in_space = True
            continue
        in_space = False
        plain = "..." if ch == "\u2026" else ch.translate(_TYPOGRAPHIC)
        if lower and len(plain.lower()) == len(plain):
            plain = plain.lower()
        out.append(plain)
        where.extend([i] * len(plain))
    return "".join(out), tuple(where)


def locate_quote(article: str, quote: str) -> tuple[int, int] | None:
    """Where ``quote`` is in ``article``: (start, end) of the article's own text, else None.

    Tries, in order, and returns the first occurrence found: the exact text;
    the text with typographic quotes, apostrophes and dashes made plain and
    whitespace runs made one space; the same ignoring whitespace altogether
    ("Russia ’s" ~ "Russia’s"); then both again ignoring case.
    ``article[start:end]`` is the article's verbatim wording of the quote.
    """
    if not isinstance(article, str) or not isinstance(quote, str) or not quote.strip():
        return None
    quote = quote.strip()
    position = article.find(quote)
    if position >= 0:
        return position, position + len(quote)
    for lower in (False, True):
        for spaces in (True, False):
            needle = _fold(quote, lower, spaces)[0].strip()
            haystack, where = _fold(article, lower, spaces)
            position = haystack.find(needle) if needle else -1
            if position >= 0:
                return where[position], where[position + len(needle) - 1] + 1
    return None
