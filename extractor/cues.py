"""What the words around one number say, deterministically: grounded readings.

For every marked count of a candidate sentence this module reads, from the
article's own words only:

* its *role*: one side's ``transfer``; ``each`` (one figure per side: "157
  prisoners each", "300-for-300"); ``total`` (both sides together: "Russia
  and Ukraine exchanged 1,029 bodies"); ``subgroup`` of a number already
  given ("including 14 officers", "six of them"); ``not_handed_over`` (ages,
  lists, casualties, plans, failures, tallies);
* its *side* (who received): the people's own nationality ("95 Ukrainian
  soldiers"), the captor ("from Russian captivity" -> ukraine), a
  destination ("handed over to Kyiv"), an actor and its verb ("Russia
  received 40 bodies", "Kyiv handed over 12" -> russia), the side's own word
  for its soldiers ("defenders", "occupiers"), a possessive ("157 of its
  servicemen" -> the actor's side);
* its *category*: bodies (bodies, remains, fallen, dead), children,
  civilians, prisoners of war (soldiers, servicemen, POWs, defenders,
  "people ... from captivity").

Each reading names the rule that decided it (``why``), so a record can say
whether the text or the model decided a value. Where the words do not decide,
the value is None and the model is asked.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from . import lexicon as lx

Role = str  # transfer | each | total | subgroup | not_handed_over

_NP_STOP = re.compile(
    r"\b(?:was|were|is|are|be|been|have|has|had|who|whom|which|that|in|from|to|for|held|as|by|with|on|at|"
    r"during|after|while|and|or|but|said|says|according|returned|received|handed|released|freed|were)\b|[,.;:!?()\"“”\n]",
    re.I,
)
_NP_BEFORE = re.compile(
    r"(?:\b(?:the\s+)?(?:bod(?:y|ies)|remains|corpses|return|release|repatriation|exchange|swap|transfer|list|lists|names|"
    r"group|total|handover)\s+of\s+(?:the\s+)?(?:another\s+|some\s+|a\s+further\s+)?)$",
    re.I,
)
_AGE = re.compile(
    r"\b(?:aged?|ages|age\s+of|years?\s+old|under\s+the\s+age)\b[^.;]{0,20}$|\b(?:oldest|youngest)\b[^.;]{0,30}\b(?:is|was|are|were)\s*$",
    re.I,
)
_LIST = re.compile(r"\b(?:lists?|names)\b", re.I)
_DESTINATION = re.compile(
    rf"(?<!according )(?<!due )(?<!belong )(?<!belongs )(?<!prior )\bto\s+(?:(?P<ua>{lx.UA_NAME}|Ukrainian[-\s]controlled\s+territory)|(?P<ru>{lx.RU_NAME}|Russian[-\s]controlled\s+territory))(?!['’]s)\b"
    rf"|\b(?:to|with)\s+(?:their\s+|his\s+|her\s+)?(?:families|family|relatives|parents|mothers|fathers|loved\s+ones|homes?|homeland)\s+in\s+(?:(?P<ua2>Ukraine)|(?P<ru2>Russia))\b"
    rf"|\b(?:returned|came|come|coming|brought|are|were|is|was|returning|sent)\s+(?:back\s+)?home\b",
    re.I,
)
_PRONOUN = re.compile(r"\b(?:it|they|we)\b", re.I)
# "Moscow handed Kyiv 212 bodies": the side named right after a giving verb received.
_GIVEN_TO = re.compile(
    rf"\b(?:hand(?:ed|s)?|gave|gives?|sent|delivered|returned|transferred|passed)\s+(?:back\s+|over\s+)?"
    rf"(?:(?P<ua>{lx.UA_NAME})|(?P<ru>{lx.RU_NAME}))(?!['’]s)\s+(?:the\s+)?(?:bodies\s+of\s+|remains\s+of\s+)?$",
    re.I,
)
_PARTICIPLE = re.compile(r"^\s+(?:freed|released|returned|repatriated|captured|rescued|exchanged|swapped|liberated)\b", re.I)


class Fired(str):
    """A rule's name (it compares, prints and serialises as the name) carrying the article's words that fired it."""

    words: str = ""


def fired(name: str, words: "re.Match[str] | str | None" = None) -> Fired:
    """``name`` with the words that fired it: a match of the rule's pattern, or the text it read."""
    rule = Fired(name)
    rule.words = " ".join((words.group(0) if isinstance(words, re.Match) else words or "").split())
    return rule


@dataclass(frozen=True)
class Reading:
    """The text's reading of one number; None where the words do not decide."""

    role: Role = "transfer"
    side: str | None = None
    category: str | None = None
    why: tuple[str, ...] = field(default_factory=tuple)


_PREDICATE_NOUN = re.compile(r"\s+(?:were|are)\s+(?:all\s+)?((?:[\w-]+\s+){0,2}?[\w-]+)(?=\s*(?:[,.;:]|\s+and\b|$))", re.I)


def _np_after(sentence: str, end: int) -> str:
    """The words after a number up to the first verb, preposition or punctuation: its noun phrase."""
    tail = sentence[end : end + 90]
    pred = _PREDICATE_NOUN.match(tail)  # "Of them, 1,150 were soldiers and 50 were civilians"
    if pred and category_of(pred.group(1), "")[0] is not None:
        return pred.group(1)
    lead = _PARTICIPLE.match(tail)  # "20 freed captives", "31 returned servicemen"
    if lead:
        tail = tail[lead.end() :]
    of_own = re.match(r"\s+of\s+(?:its|their|our|his|her|them|these|those|whom)(?:\s+own)?\b", tail, re.I)
    skip = of_own.end() if of_own else 0
    if re.match(r"\s+of\s+war\b", tail, re.I):
        skip = 0
    stop = _NP_STOP.search(tail, skip + 1 if skip else 0)
    np = tail[: stop.start() if stop else len(tail)]
    pow_ = re.match(r"[^.;,]*?prisoners?[\s-]+of[\s-]+war", tail, re.I)
    if pow_ and len(pow_.group(0)) > len(np) and not re.search(r"[,.;\d]|\b(?:were|was|are|is|been|for)\b", pow_.group(0)):
        np = pow_.group(0)
    return np if not of_own else tail[: max(len(np), of_own.end())]


def _np_before(sentence: str, start: int) -> str:
    head = sentence[max(0, start - 60) : start]
    paren = re.search(r"((?:[\w-]+\s+){0,3}[\w-]+)\s*\(\s*$", head)
    if paren:  # "Ukrainian soldiers (84)"
        return paren.group(1)
    m = _NP_BEFORE.search(head)
    return m.group(0) if m else ""


def category_of(np: str, segment: str, whole: str = "") -> tuple[str | None, str]:
    """Category from the number's own noun phrase first, then (weaker) from its segment.

    Soldiers named without a word for living people ("909 troops", no captivity,
    no release) could be alive or dead: ``soldiers`` is returned as the weak
    category ``soldiers?`` and the passage around decides (``extract``).
    """
    for scope, where in ((np, "noun"), (segment, "segment")):
        body = lx.BODY_WORDS.search(scope)
        if body and not (where == "segment" and lx.NOT_HANDOVER.search(scope)):
            return "bodies", fired(f"category:{where}:bodies", body)
        pow_ = lx.POW_WORDS.search(scope) if where == "noun" else None
        for words, category in ((lx.CHILD_WORDS, "children"), (lx.CIVILIAN_WORDS, "civilians")):
            found = words.search(scope)
            if found and pow_ and lx.PEOPLE_MODIFIER.fullmatch(found.group(0)):
                return "prisoners_of_war", fired("category:noun:prisoners-of-a-kind", f"{found.group(0)} ... {pow_.group(0)}")
            if found:
                return category, fired(f"category:{where}:{category}", found)
        strong = lx.SOLDIER_WORDS.search(scope)
        living = lx.LIVING.search(whole or segment)
        if strong and (not lx.GENERIC_SOLDIERS.fullmatch(strong.group(0)) or living):
            return "prisoners_of_war", fired(f"category:{where}:prisoners", strong.group(0) + (f" ... {living.group(0)}" if living else ""))
        if strong:
            return "soldiers?", fired(f"category:{where}:soldiers", strong)
        people = lx.PEOPLE_WORDS.search(np) if where == "noun" else None
        held = lx.CAPTIVITY.search(whole or segment) if people else None
        if people and held:
            return "prisoners_of_war", fired("category:people-from-captivity", f"{people.group(0)} ... {held.group(0)}")
        region = lx.RUSSIAN_REGION.search(whole or segment) if people else None
        if people and region:
            return "civilians", fired("category:people-of-a-region", f"{people.group(0)} ... {region.group(0)}")  # "22 of our people from the Kursk region"
    return None, ""


_COORDINATED = re.compile(
    rf"^[^,;:]*?\s{lx.JOINED_BY}\s+(?:another\s+|also\s+)?$|^[^;:]*?{lx.JOINED_AFTER_COMMA}", re.I
)
_OBJECT_OF = re.compile(r"(?:\b(?:with|from|against|to|by|of|in|for|between|into|on|at)\s+)$", re.I)


_LABEL = re.compile(r"(?:^|[.\n])[\W_]*([A-Z][^:.;\d\n]{2,80}):\s*$")  # a label line before its figure
_LIST_ABOVE = re.compile(r"(?:\n\s*(?:[-*•·–]|\d{1,2}[.)])\s+[^\n]*)*\n\s*(?:[-*•·–]|\d{1,2}[.)])?\s*$")


def _label_before(sentence: str, seg_a: int) -> re.Match[str] | None:
    """The label ("Returned to Ukraine:") whose figure, or list of figures under it, the segment at ``seg_a`` is."""
    head = sentence[:seg_a]
    if not head.rstrip().endswith(":"):
        above = _LIST_ABOVE.search(head)  # a bullet under "The following were returned to Ukraine:"
        if above is None:
            return None
        head = head[: above.start()]
    return _LABEL.search(head.rstrip() + " ")
_WITH_DOING = re.compile(r"\s+\w+ing\b")  # "with Kyiv bringing home 95": the object of "with" acts


def _actors(text: str, before: int) -> list[re.Match[str]]:
    """Actors named before ``before``, leaving out objects of a preposition ("talks with Russia")."""
    return [
        m for m in lx.ACTOR.finditer(text, 0, before)
        if (not _OBJECT_OF.search(text[max(0, m.start() - 12) : m.start()]) or _WITH_DOING.match(text, m.end()))
        and not re.match(r"['’]s\b", text[m.end() : m.end() + 3])
    ]  # fmt: skip: "talks with Russia", "Russia's return of" name no actor


def _nearest_actor(text: str, before: int, *, first: bool = False) -> str | None:
    """The side of the last (or first) actor named before ``before`` ("Russia's Defense Ministry", "Kyiv")."""
    found = _actors(text, before)
    if not found:
        return None
    m = found[0] if first else found[-1]
    return "ukraine" if m["ua"] else "russia"


# Before a participle or relative clause about a number ("soldiers captured in ...", "children who had been taken"),
# as opposed to its own predicate ("children have been identified as deported").
_PEOPLE_NOUN = re.compile(
    "|".join(p.pattern for p in (lx.SOLDIER_WORDS, lx.CIVILIAN_WORDS, lx.CHILD_WORDS, lx.PEOPLE_WORDS)), re.I
)
_RELATIVE = re.compile(r"\b(?:who|that|which|whom)\b", re.I)
_AUXILIARY = re.compile(r"\b(?:have|has|had|were|was|is|are|been|be|being)\b", re.I)
_GAPPED_VERB = re.compile(
    rf"\b(?P<verb>{lx.RECEIVE_VERB}|{lx.GIVE_VERB})\s+[^;:]*?\d[^;:]*?(?:,?\s+and|,?\s+while|,?\s+whereas|,)\s*$", re.I
)
_FROM_ACTOR = re.compile(rf"\bfrom\s+(?:{lx.UA_NAME}|{lx.RU_NAME})", re.I)
_BRING_OR_TAKE = re.compile(r"\b(?:brought|brings?|bringing|took|takes?|taking)\s*$", re.I)
_PARTICLE_AFTER = re.compile(r"\S+\s+(?:[\w-]+\s+){0,4}?(?:back|home)\b", re.I)


def _actor_verb(segment: str, rel: int, prev: int = -1) -> tuple[str | None, str]:
    """Who received, from the nearest actor before the number and the verb between them.

    ``prev``: where the segment's previous count ends; a verb before it governs that count, not this one.
    """
    actors = _actors(segment, rel)
    pronouns = [p for p in _PRONOUN.finditer(segment, 0, rel) if not actors or p.start() > actors[-1].end()]
    if pronouns and pronouns[-1].group(0).lower() != "we":
        side = _nearest_actor(segment, pronouns[-1].start())
        span_start = pronouns[-1].end()
    elif actors:
        side = "ukraine" if actors[-1]["ua"] else "russia"
        span_start = actors[-1].end()
    else:
        return None, ""
    if side is None:
        return None, ""
    between = segment[span_start:rel]
    said = segment[(actors[-1].start() if actors else span_start) : rel]  # the actor and its verb, for explain
    if prev > span_start and not _COORDINATED.match(segment[prev:rel]):
        return None, ""  # the verb governs the count before this one ...
    if prev > span_start:
        between = segment[span_start:prev]  # ... unless this one is its second object: "returned 12 soldiers and 14 civilians"
    if not between.strip(" -–—,") and actors and prev >= 0:
        gapped = _GAPPED_VERB.search(segment, 0, actors[-1].start())  # "Kyiv received 909 bodies and Moscow 43"
        if gapped and not lx.ACTOR.search(segment, gapped.end(), actors[-1].start()):
            gave = re.match(rf"{lx.GIVE_VERB}\b", gapped["verb"], re.I)
            return (lx.OTHER_SIDE[side] if gave else side), fired("side:actor-gapped", segment[gapped.start() : rel])
    between = _FROM_ACTOR.sub(" ", between)  # "Kyiv received from Moscow 44 bodies"
    if len(between.split()) > 12 or lx.ACTOR.search(between):
        return None, ""
    if re.search(rf"\b{lx.RECEIVE_VERB}\b", between, re.I) or (
        _BRING_OR_TAKE.search(between) and _PARTICLE_AFTER.match(segment, rel)
    ):  # fmt: skip: "Kyiv brought 84 soldiers home", "Russia took 26 bodies back"
        return side, fired("side:actor-received", said)
    if re.search(rf"\b{lx.GIVE_VERB}\b", between, re.I):
        return lx.OTHER_SIDE[side], fired("side:actor-gave", said)
    if re.search(r"\breturn(?:s|ed|ing)?\b", between, re.I) and re.search(r"\bin\s+(?:return|exchange)\b", segment[:span_start], re.I):
        return lx.OTHER_SIDE[side], fired("side:actor-gave-in-return", said)  # "in return, Kyiv returned 78 bodies": gave them back
    if re.search(r"\b(?:return(?:s|ed|ing)?|managed\s+to\s+return)\b", between, re.I):
        # "Ukraine returned 86 servicemen": a side that returns people named by neither nationality
        # nor destination brings its own back (giving, English names the receiver: "returned ... to Kyiv").
        return side, fired("side:actor-returned", said)
    return None, ""


_FROM_COUNTRY = re.compile(
    rf"\bfrom\s+(?:(?:a|the)\s+)?(?:[\w-]+\s+){{0,2}}?(?:in\s+)?(?:(?P<ru>{lx.RU_NAME}|Russian\s+territory|Russian[-\s]occupied\s+\w+)|"
    rf"(?P<ua>{lx.UA_NAME}|Ukrainian\s+territory))(?!['’]s)",
    re.I,
)
_FIRST_PERSON = re.compile(r"\b(?:we|our|ours|us)\b", re.I)
_ATTRIBUTION = re.compile(
    r"(?:[”\"’]\s*,?|,)\s*(?P<who>[^.;”\"]{0,90}?)\s+(?:said|says|wrote|writes|stated|states|told|added|announced|reported|posted)\b"
    r"|\b(?:said|says|wrote|writes|stated|according\s+to)\s+(?P<who2>[^.;,”\"]{0,60})"
    r"|^\W*(?P<who3>[^.;,”\"]{0,60}?)\s+(?:said|says|wrote|writes|stated|told|confirmed|confirms|announced|reported|claimed)\b",
    re.I,
)


_TAKEN_TO = re.compile(
    r"\b(?:deport\w*|abducted|kidnapped|relocated|removed|(?:forcibly|illegally)\s+(?:taken|moved|transferred|driven)|"
    r"(?:had|have|has)\s+been\s+(?:\w+\s+)?(?:taken|moved|transferred|driven|sent)|who\s+were\s+(?:\w+\s+)?(?:taken|moved|sent))\s+(?:\w+\s+){0,2}$",
    re.I,
)  # fmt: skip: once taken there ("who had been taken to Russia"); "were then taken to Kyiv" is where they went


_TAKEN_WEAK = re.compile(r"\b(?:taken|moved|transferred|driven|sent)\s+(?:\w+\s+){0,2}$", re.I)


def _side_destination(text: str) -> re.Match[str] | None:
    """The first destination that names a side ("... home to Ukraine"), before a bare "home"; where people
    were once taken ("children deported to Russia") is no destination of the handover."""
    sides = [m for m in _DESTINATION.finditer(text) if _dest_side(m) and not _TAKEN_TO.search(text, 0, m.start())]
    if len(sides) > 1 and _TAKEN_WEAK.search(text, 0, sides[0].start()):
        sides = sides[1:]  # "three children taken to Russia were brought back to Ukraine"
    return sides[0] if sides else None


_RELATIVE_AFTER = re.compile(r"[^,;]*,\s+(?:who|which)\s+[^,;.]*", re.I)
_RELATIVE_ACTOR = re.compile(rf"\b(?:(?P<ua>{lx.UA_NAME})|(?P<ru>{lx.RU_NAME})),\s+(?:which|who)\s+[^,;]*$")


def _bare_home(text: str) -> re.Match[str] | None:
    """"... returned home": a destination that names no side."""
    return next((m for m in _DESTINATION.finditer(text) if not _dest_side(m)), None)


def _dest_side(m: re.Match[str]) -> str | None:
    if m["ua"] or m["ua2"]:
        return "ukraine"
    return "russia" if m["ru"] or m["ru2"] else None


@functools.lru_cache(maxsize=4096)
def speaker_side(sentence: str) -> str | None:
    """The side of whoever a sentence quotes ("..., Ukraine's president wrote"), when its words name one."""
    for m in _ATTRIBUTION.finditer(sentence):
        who = m["who"] or m["who2"] or m["who3"] or ""
        if re.match(r"(?:who|which|that|where|when)\b", who, re.I):
            continue  # ", who were held by the occupiers, were returned home, reported ...": not the speaker
        nat = lx.NATIONALITY.search(who)
        if nat:
            return "ukraine" if nat["ua"] else "russia"
        actor = lx.ACTOR.search(who)
        if actor:
            return "ukraine" if actor["ua"] else "russia"
    return None


_COORDINATED_AHEAD = re.compile(
    rf"^\S*[^,;:.\d]*?\s{lx.JOINED_BY}\s+(?:\w+\s+)?(?:\d|(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    rf"twenty|thirty|forty|fifty|a\s+hundred)\b)",
    re.I,
)


def side_of(
    np: str, np_before: str, clause: str, segment: str, rel: int, ahead: str = "", prev: int = -1,
    speaker: str | None = None,
) -> tuple[str | None, str]:
    """Side that received, by the rules in the module docstring, strongest first."""
    own = np_before + " " + np
    captor = lx.CAPTOR.search(own)
    nat = lx.NATIONALITY.search(own)
    if nat and not (captor and captor.start() <= nat.start() < captor.end()):
        return ("ukraine" if nat["ua"] else "russia"), fired("side:nationality", nat)
    region = lx.RUSSIAN_REGION.search(own)
    if region:
        return "russia", fired("side:region", region)
    noun = lx.OWN_SIDE_NOUN.search(np)
    if noun:
        return ("ukraine" if noun["ua"] else "russia"), fired("side:own-word", noun)
    relative = _RELATIVE_AFTER.match(ahead)  # "10 citizens, who were held by the occupiers, ..."
    # the clause, a relative clause after it, or the predicate it shares with the next number
    # ("we got back 80 soldiers and six civilians from captivity in Russia")
    for m in lx.CAPTOR.finditer(clause + " " + (relative.group(0) if relative else "") + " " + (ahead if _COORDINATED_AHEAD.match(ahead) else "")):
        ru = m["ru_cap"] or m["ru_cap2"] or m["ru_by"] or m["ru_terr"]
        return ("ukraine" if ru else "russia"), fired("side:captor", m)
    poss = lx.POSSESSIVE.search(np)
    if poss and poss["its"]:
        relative = _RELATIVE_ACTOR.search(segment, 0, rel)  # "a swap with Russia, which got back 240 of its own"
        actor = ("ukraine" if relative["ua"] else "russia") if relative else _nearest_actor(segment, rel)
        if actor:
            return actor, fired("side:possessive", poss)
    given = _GIVEN_TO.search(segment[:rel])
    if given:
        return ("ukraine" if given["ua"] else "russia"), fired("side:given-to", given)
    dest = _side_destination(clause) or _side_destination(ahead)
    if dest:
        return _dest_side(dest), fired("side:destination", dest)
    home = _bare_home(clause) or _bare_home(ahead)
    side, why = _actor_verb(segment, rel, prev)
    if side:
        return side, why
    origin = _FROM_COUNTRY.search(ahead or clause)
    if origin:  # "two bodies brought from a hospital in Russia": came from one side, so went to the other
        return ("ukraine" if origin["ru"] else "russia"), fired("side:from-country", origin)
    first_person = _FIRST_PERSON.search(segment[: rel + len(np) + 1]) if speaker else None
    if first_person:
        return speaker, fired("side:speaker", first_person)  # "all 64 of our guys are home," a Ukrainian minister said
    if home and lx.UKRAINIAN_REGION.search(own) and not lx.RUSSIAN_REGION.search(own):
        return "ukraine", fired("side:region-home", f"{lx.UKRAINIAN_REGION.search(own).group(0)} ... {home.group(0)}")  # "seven residents of the Kharkiv region returned home"
    if home:  # "returned home": home is the subject's side
        actor = _nearest_actor(segment, rel, first=True)
        if actor:
            return actor, fired("side:home", home)
    region = lx.RUSSIAN_REGION.search(clause)
    if region and (lx.CIVILIAN_WORDS.search(clause) or lx.CHILD_WORDS.search(clause)):
        return "russia", fired("side:region-civilians", region)
    passive = lx.PASSIVE_RETURN.search(segment) if speaker else None
    if passive:
        return speaker, fired("side:speaker-returned", passive)  # "the bodies of 49 soldiers had been returned, Kyiv said": to the one saying it
    return None, ""


# "Serhiy, 24," (a name, then the number between commas) is an age; "On Friday, 84" is not
_NAME_COMMA = re.compile(rf"\b(?!(?:{lx.WEEKDAY_NAMES}|{lx.MONTH_NAMES}|Russia|Ukraine|Moscow|Kyiv|Kiev)\b)[A-Z][a-z]+,\s*$")
_AGE_AFTER = re.compile(r"^\s*(?:(?:and|to|-|–)\s*\d+\s+)?years?[\s-]+old\b", re.I)


def _reciprocal_near(before: str, after: str) -> str | None:
    """Both sides exchanging this very number: the exchange words end just before it ("the two sides swapped
    412") or follow its noun ("1,000 bodies were exchanged between Moscow and Kyiv"). The words, or None."""
    m = None
    for m in lx.RECIPROCAL.finditer(before):
        pass
    if m is not None and len(before[m.end() :].split()) <= 6 and not lx.ACTOR.search(before, m.end()):
        return m.group(0)  # ("... exchange on Wednesday, with Kyiv bringing home 95": one side's figure)
    ahead = lx.RECIPROCAL.search(after)
    return ahead.group(0) if ahead is not None and len(after[: ahead.start()].split()) <= 3 else None


def _gate_scope(sentence: str, start: int, end: int, seg_start: int, seg_len: int) -> tuple[str, int]:
    """The part of a segment a plan, failure or tally word can govern for this number, and where the number is in it."""
    segment = sentence[seg_start : seg_start + seg_len]
    left, right = 0, len(segment)
    for m in lx.GATE_BREAK.finditer(segment):
        if m.end() <= start - seg_start:
            left = m.end()
        elif m.start() >= end - seg_start:
            right = m.start()
            break
    return segment[left:right], start - seg_start - left


#: the role rules that say a handover did not happen, is not done yet, or is a running total
NOT_DONE = frozenset(
    {"role:tally", "role:tally-ordinal", "role:tally-perfect", "role:plan-or-failure", "role:not-yet", "role:negated"}
)


def role_of(
    sentence: str, start: int, end: int, np: str, np_before: str, segment: str, seg_start: int, label: re.Match[str] | None = None
) -> tuple[Role, str]:  # fmt: skip: ``label``: the heading line over the number's list item (``_label_before``)
    """The number's role and the rule that decided it (with the words that fired it); "transfer" by default.

    The checks run in order, first match wins: the number's own kind (a part, a difference, another
    conflict's people, a funeral, goods, an age or a list), then the gates over its clause (a plan, a
    failure, a negation, a handover not yet done, a tally, a casualty), then its shape (each side's
    figure, a combined figure)."""
    for step in (_role_of_the_number, _role_of_the_gates, _role_of_the_shape):
        found = step(sentence, start, end, np, np_before, segment, seg_start, label)
        if found is not None:
            return found
    return "transfer", ""


def _role_of_the_number(sentence: str, start: int, end: int, np: str, np_before: str, segment: str, seg_start: int,
                        label: re.Match[str] | None) -> tuple[Role, str] | None:  # fmt: skip
    earlier_count = bool(re.search(r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|hundred|thousand)\b", sentence[:start], re.I))
    sub_before = lx.SUBGROUP_BEFORE.search(sentence[max(seg_start, start - 40) : start])
    if sub_before and sub_before.group(0).strip() == "(" and not earlier_count:
        sub_before = None  # "Ukrainian soldiers (84)": the count of the words before it
    opening = lx.BREAKDOWN_OPENING.search(sentence)
    if sub_before or opening:
        return "subgroup", fired("role:subgroup", sub_before or opening)
    of_the = lx.OF_THE_N.match(sentence)
    if of_the:  # "Of the 300 freed, 20 were women": 300 restates a number, 20 is a part of it
        return ("subgroup" if start >= of_the.end() else "not_handed_over"), fired("role:of-the-n", of_the)
    after = (lx.SUBGROUP_AFTER.search(sentence[end:]) if earlier_count else None) or lx.PART_OF_THE_FREED.match(sentence[end:])
    if after:
        return "subgroup", fired("role:part-of-them", after)  # "six of them", "146 of those freed"
    comparison = lx.COMPARISON.match(sentence, end)
    if comparison:
        return "not_handed_over", fired("role:comparison", comparison)  # "five more than in the previous one"
    cl_a, cl_b = lx.clause_around(sentence, start, end)
    other_conflict = lx.THIRD_ACTOR.search(segment) if not lx.SIDE_WORD.search(sentence, cl_a, cl_b) else None  # "In Yemen, ... freed 700"
    third = other_conflict or lx.THIRD_PARTY.search(np_before + np) or lx.THIRD_PARTY.search(sentence, start, min(len(sentence), end + len(np) + 40))
    if third:
        return "not_handed_over", fired("role:third-country", third)  # "Russia handed over two US citizens to the United States"
    for pattern, name, where in (
        (lx.FUNERAL, "role:funeral", (seg_start, seg_start + len(segment))),  # "bid farewell to 12 defenders whose bodies ..."
        (lx.MESSAGES_ABOUT, "role:messages-about", (max(0, start - 120), start)),  # "got letters from the families of 300"
    ):  # fmt: skip
        found = pattern.search(sentence, *where)
        if found:
            return "not_handed_over", fired(name, found)
    goods = lx.GETS_GOODS.match(sentence, end + len(np))
    if goods:
        return "not_handed_over", fired("role:received-goods", goods)  # "1,500 families received food kits"
    named_age = _NAME_COMMA.search(sentence, 0, start) if re.match(r"\s*,", sentence[end:]) else None
    age = named_age or _AGE.search(sentence[max(0, start - 30) : start]) or _AGE_AFTER.search(sentence[end:])
    listed = _LIST.search(np_before) or _LIST.search(np)
    if age or listed:
        return "not_handed_over", fired("role:age-or-list", age or listed)
    among = lx.AMONG_A_WHOLE.match(sentence, end)
    if among:
        return "subgroup", fired("role:among-a-whole", among)  # "Seven defenders ... are among the 115 who returned"
    stage = lx.STAGE_OF.search(sentence, max(0, start - 60), start)
    if stage:
        return "not_handed_over", fired("role:whole-of-stages", stage)  # "the first stage of a 500-for-500 swap"
    return None


def _role_of_the_gates(sentence: str, start: int, end: int, np: str, np_before: str, segment: str, seg_start: int,
                       label: re.Match[str] | None) -> tuple[Role, str] | None:  # fmt: skip
    gate, at = _gate_scope(sentence, start, end, seg_start, len(segment))
    if label:
        heading = label.group(1)
        said = lx.PLAN_OR_TALLY_LABEL.search(heading) or lx.COMMITMENT.search(heading) or lx.FAILED.search(heading)
        if said:
            return "not_handed_over", fired("role:plan-label", said)
    planned = lx.COMMITMENT.search(gate) if not lx.RESULTED.search(gate) else None  # "negotiations resulted in the return of 146"
    failed = lx.FAILED.search(lx.FAILED_TALKS.sub(" ", gate))  # "despite stalled talks, eight came home": not this handover
    plan = planned or failed or lx.DEAL_NOUN.search(gate, 0, at) or lx.LIST_OF.search(gate, 0, at) or lx.FORMULA.match(sentence, end)
    if plan:
        return "not_handed_over", fired("role:plan-or-failure", plan)
    for pattern, name in ((lx.NEGATED, "role:negated"), (lx.NOT_YET, "role:not-yet")):
        found = pattern.search(gate)  # "Kyiv has not taken back 240 soldiers", "began the transfer of 3,500 bodies"
        if found:
            return "not_handed_over", fired(name, found)
    to_come = lx.WHOLE_TO_COME.search(gate, 0, at)  # "... a swap that is to total 1,000": the figures after it
    if to_come:
        return "not_handed_over", fired("role:not-yet", to_come)
    rel = start - seg_start
    ordinal = next((m for m in lx.ORDINAL_SINCE.finditer(segment) if m.start() <= rel < m.end()), None)
    if ordinal:
        return "not_handed_over", fired("role:tally-ordinal", ordinal)  # "the seventh swap since May involving 500 soldiers"
    tally = lx.tally_in(gate)
    if tally:
        return "not_handed_over", fired("role:tally", tally)
    perfect = lx.PERFECT_HANDOVER.search(gate)
    if perfect and lx.is_tally(sentence):
        return "not_handed_over", fired("role:tally-perfect", f"{perfect.group(0)} ... {lx.tally_in(sentence).group(0)}")  # type: ignore[union-attr]
    return _casualty_or_capture(sentence, start, end, np, np_before, segment, seg_start)


def _casualty_or_capture(sentence: str, start: int, end: int, np: str, np_before: str, segment: str,
                         seg_start: int) -> tuple[Role, str] | None:  # fmt: skip
    """"12 soldiers were captured", "5,000 children were forcibly transferred": no handover, unless the words
    only describe people who are then handed over ("Nine soldiers captured in one city ... were freed")."""
    cl_a, cl_b = lx.clause_around(sentence, start, end)
    clause = sentence[cl_a:cl_b]
    # "forcibly transferred" is a deportation: its verb is no handover word
    handover = lx.HANDOVER.search(lx.DEPORTATION.sub(" ", clause)) and lx.HANDOVER.search(lx.DEPORTATION.sub(" ", segment))
    vetoed = lx.NOT_HANDOVER.search(clause) or lx.DEPORTATION.search(clause)
    if not vetoed or handover or lx.BODY_WORDS.search(np_before + np):
        return None
    lead = sentence[end : cl_a + vetoed.start()] if cl_a + vetoed.start() > end else None
    if _FINITE_VETO.match(vetoed.group(0)):
        return "not_handed_over", fired("role:casualty-or-capture", vetoed)  # "1,200 residents remain in captivity"
    named = lead is not None and _PEOPLE_NOUN.search(lead)
    about_them = named and (_RELATIVE.search(lead) or not _AUXILIARY.search(lead))
    modifier = about_them and lx.HANDOVER.search(sentence, cl_b, seg_start + len(segment))
    return None if modifier else ("not_handed_over", fired("role:casualty-or-capture", vetoed))


# What people still are, said with a finite verb: never a participle describing people handed over later.
_FINITE_VETO = re.compile(r"(?:remain|remains|remained|remaining|still|holds|holding|are|is|were|being)\b", re.I)


def _role_of_the_shape(sentence: str, start: int, end: int, np: str, np_before: str, segment: str, seg_start: int,
                       label: re.Match[str] | None) -> tuple[Role, str] | None:  # fmt: skip
    both = lx.BOTH_NATIONALITIES.match(sentence, end)
    if both:
        return "total", fired("role:both-nationalities", both)  # "260 Ukrainian and Russian prisoners"
    combined = lx.COMBINED.search(sentence, max(seg_start, start - 30), start)
    if combined:
        return "total", fired("role:combined", combined)  # "they exchanged a combined 300 prisoners"
    each = lx.EACH_AFTER.search(sentence[end:]) or lx.EACH_BEFORE.search(sentence[seg_start:start])
    if each and not lx.NATIONALITY.search(np):
        return "each", fired("role:each", each)
    lo = max(0, start - 40)
    nfn = next((m for m in lx.N_FOR_N.finditer(sentence[lo : end + 48]) if lo + m.start(1) == start or lo + m.start(2) == start), None)
    if nfn and nfn.group(1).replace(",", "") == nfn.group(2).replace(",", "") and not lx.NATIONALITY.search(np_before + np):
        return "each", fired("role:n-for-n", nfn)
    passive = lx.PASSIVE_EXCHANGE.search(sentence[end + len(np) :])
    if passive and not lx.NATIONALITY.search(np_before + np):
        return "total", fired("role:exchanged-passive", passive)
    own_side = lx.NATIONALITY.search(np_before + np) or lx.RUSSIAN_REGION.search(np) or _side_destination(sentence[end : end + len(np) + 40])
    reciprocal = _reciprocal_near(sentence[seg_start:start], sentence[end + len(np) :])
    if reciprocal and not own_side and not lx.POSSESSIVE.search(np):
        return "total", fired("role:both-sides", reciprocal)
    return None


def _blank(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with the spans turned into spaces (offsets kept)."""
    chars = list(text)
    for a, b in spans:
        chars[a:b] = " " * (b - a)
    return "".join(chars)


_OWN_SPEAKER = object()  # read_number's default: the speaker the sentence itself names


def read_number(
    sentence: str, start: int, end: int, others: tuple[int, ...] = (), speaker: str | None | object = _OWN_SPEAKER
) -> Reading:
    """The reading of the count at [start, end) of ``sentence`` (offsets within the sentence).

    ``others``: where the sentence's other counts start; a destination named after
    the next count belongs to that count, not to this one. ``speaker``: the side of
    whoever is quoted, when the caller knows it (``readings`` carries it across
    sentences); by default the one the sentence names.
    """
    if speaker is _OWN_SPEAKER:
        speaker = speaker_side(sentence)
    return _read(sentence, start, end, others, speaker)  # type: ignore[arg-type]


@functools.lru_cache(maxsize=8192)
def _read(sentence: str, start: int, end: int, others: tuple[int, ...], speaker: str | None) -> Reading:
    """``read_number`` once per number: candidates, readings and the validator ask about the same counts."""
    seg_a, seg_b = lx.segment_around(sentence, start, end)
    segment = sentence[seg_a:seg_b]
    aside = [m.span() for m in lx.PARENTHETICAL.finditer(sentence)]
    inside = any(a <= start < b for a, b in aside)
    bare = sentence if inside or not aside else _blank(sentence, aside)  # "14 civilians, including two women, were freed"
    cl_a, cl_b = lx.clause_around(bare, start, end)
    clause = bare[cl_a:cl_b]
    np = _np_after(sentence, end)
    np_before = _np_before(sentence, start)
    label = _label_before(sentence, seg_a)  # "Returned to Ukraine: 84 soldiers", "Kyiv's demands:\n1. ..."
    role, role_why = role_of(sentence, start, end, np, np_before, segment, seg_a, label)
    category, cat_why = category_of(np_before + " " + np, sentence[seg_a : end + len(np)], segment)
    side, side_why = (None, "")
    if role == "transfer":
        nxt = min([o for o in others if o > start and (inside or not any(a <= o < b for a, b in aside))] + [seg_b])
        if nxt < seg_b and _COORDINATED.match(sentence[end:nxt]) and not re.search(
            rf"\b(?:{lx.RECEIVE_VERB}|{lx.GIVE_VERB}|{lx.RETURN_VERB})\b", sentence[end:nxt], re.I
        ):
            nxt = seg_b  # "56 soldiers and 2 civilians returned home to Ukraine": the two share the predicate
        prev = max([o - seg_a + 1 for o in others if seg_a <= o < start] + [-1])
        if label:  # "Returned to Ukraine: 84 soldiers": the label is the number's predicate
            clause = f"{label.group(1)} {clause}"
        side, side_why = side_of(np, np_before, clause, segment, start - seg_a, bare[start:nxt], prev, speaker)
    why = tuple(w for w in (role_why, side_why, cat_why) if w)
    return Reading(role=role, side=side, category=category, why=why)


_D = r"\d{1,2}(?:st|nd|rd|th)?"
_Y = r"(?:19|20)\d{2}"
_M = rf"(?:{lx.MONTH_NAMES}|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?"
DATE_WORDS = re.compile(
    rf"\b(?:(?:on|On)\s+)?(?:{lx.WEEKDAY_NAMES})(?:,?\s+{_M}\s+{_D}(?:,?\s+{_Y})?)?\b"
    rf"|\b(?:(?:on|On)\s+)?{_M}\s+{_D}\b(?:,?\s+{_Y}\b)?(?:\s+of\s+(?:this|last)\s+year\b)?"
    rf"|\b(?:(?:on|On)\s+)?{_D}\s+{_M}(?:\s+{_Y})?\b"
    rf"|\b(?:(?:in|In|early|Early|late|Late|mid-|Mid-)\s*)(?:{lx.MONTH_NAMES})(?:\s+{_Y})?(?:\s+(?:last|this)\s+year)?\b"
    rf"|(?<=\bthe\s)(?:{lx.MONTH_NAMES})\s+{_Y}\b"
    rf"|\b(?:[Tt]he\s+day\s+before\s+yesterday|yesterday|today|Yesterday|Today|(?:[Ll]ast|[Tt]his|[Ee]arlier\s+this|[Ll]ate\s+last)\s+(?:week|month)|"
    rf"(?:\d+|two|three|four|five|six)\s+(?:days|weeks|months)\s+ago)\b"
)


# A date that belongs to talks or a deal, not to the handover: "under a deal reached in Geneva in May".
_DEAL_BEFORE = re.compile(
    r"\b(?:deal|agreements?|talks|negotiations|accords?|meeting|summit|reached|signed|agreed)\b[^,;.]{0,60}$"
    r"|\b(?:invasion|war|offensive)\s+(?:began|started|broke\s+out|was\s+launched)\b[^,;.]{0,20}$"
    r"|\blaunched\s+(?:its|the|a)\s+(?:full-scale\s+)?invasion\b[^,;.]{0,30}$|\bsince\s+$",
    re.I,
)


def belongs_to_deal(text: str, start: int) -> bool:
    """Words at ``start`` that tell when a deal or talks were, not a handover ("agreed at talks earlier this month")."""
    m = _DEAL_BEFORE.search(text, 0, start)
    return bool(m) and not lx.HANDOVER.search(m.group(0))


_SAID_BEFORE = re.compile(r"\b(?:said|says|told\s+\w+|announced|reported|stated|wrote)\s+$", re.I)


# The place of a dateline before its date ("KYIV, June 12 - Russia freed ..."): when the story was filed.
_DATELINE = re.compile(r"\s*[A-Z][A-Z.'-]+(?:[ /][A-Z][A-Z.'-]+)*(?:,\s*[A-Z][a-z]+)?\s*,\s*$")


def said_before(text: str, at: int) -> bool:
    """Whether the words at ``at`` follow a verb of saying ("... said on Friday"): the date of a saying."""
    return bool(_SAID_BEFORE.search(text, 0, at))
_VAGUE_DATE = re.compile(r"(?:[Tt]his|[Ll]ast|[Ee]arlier\s+this|[Ll]ate\s+last)\s+(?:week|month)\b")  # a day beats these
_WHEN_AFTER = re.compile(r",?\s+when\b", re.I)


def date_words(text: str, near: int = 0) -> re.Match[str] | None:
    """The date expression of ``text`` nearest to offset ``near`` (a number of the exchange).

    A date of the saying ("Kyiv said on Friday that ... on Wednesday") gives way to any other; a date after
    "since" belongs to the earlier exchange only when a "when" clause follows ("the first since April 19, when ...").
    """
    found = [
        m for m in DATE_WORDS.finditer(text)
        if not re.match(r"\s*(?:year|-year)", text[m.end() : m.end() + 6])
        and not (_DATELINE.match(text[: m.start()]) and re.match(r"\s*[-–—]", text[m.end() :]))  # "KYIV, June 12 - ...": filed
        and (not belongs_to_deal(text, m.start()) or _WHEN_AFTER.match(text, m.end()))
    ]  # fmt: skip
    if not found:
        return None
    best = min(found, key=lambda m: (
        bool(_SAID_BEFORE.search(text, 0, m.start())), bool(_VAGUE_DATE.match(m.group(0).strip())), abs(m.start() - near), m.start()
    ))  # fmt: skip
    said = [m for m in found if _SAID_BEFORE.search(text, 0, m.start())]
    if best.group(0).strip().lower() == "today" and said:
        return said[0]  # "'Today we brought home 95,' the president said on Thursday": today is the day of the saying
    return best
