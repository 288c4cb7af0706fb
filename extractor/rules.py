"""Every rule the deterministic reader applies, by name: what it reads, what it decides, and an example.

A marked number's role, side, category and (rarely) count are decided by rules: the steps of
``cues.role_of``, ``cues.side_of`` (with ``cues._actor_verb``) and ``cues.category_of`` for the number's
own words, the ``settle_*`` steps of ``readings`` for what its neighbours settle, and a few in
``extract`` and ``events``. Each rule, when it fires, leaves its name on the number (``Marked.rules``,
then ``Transfer.rules`` in the record), and with it the article's words that fired it (``cues.Fired``).

``RULES`` lists them all, in the order the code applies them: role (``role_of``'s three steps), category,
side, then the neighbour rules in ``readings.read_article``'s order, then ``extract`` and ``events``.
``extractor rules`` prints this table.

Adding a rule
-------------
1. Write its pattern in ``lexicon.py`` (one named, commented ``re.compile``).
2. In the step where it belongs (a ``role_of`` step, ``side_of``, ``category_of`` or a ``settle_*``
   function), return ``fired("family:name", match)``: the family is what it decides (role, side,
   category, count), the name says which words fire it, the match is the words.
3. Add one ``Rule`` here, at its place in the order, with a made-up example (never an article's text)
   in which the rule fires on the number ``number`` and decides ``expect``.

``tests/test_rules.py`` then reads every example with the real reader and checks the rule fires on
its number with that value and names the words that fired it; and it scans the source, so a rule name
emitted by the code but missing here (or listed here but emitted nowhere) fails the tests.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Decides = Literal["role", "side", "category", "count"]
Module = Literal["cues", "readings", "extract", "events"]


@dataclass(frozen=True)
class Rule:
    """One named rule of the reader.

    ``number``: the count text of ``example`` the rule reads ("" when the example states none);
    ``expect``: the value it decides for that number ("null" for no count); ``wordless``: why the
    rule carries no article words (empty for a rule that names the words that fired it); ``unreached``:
    why no sentence can fire it as the code stands (its example is the nearest attempt; the test
    expects it to fail, and tells when it starts to fire).
    """

    name: str
    decides: Decides
    module: Module
    means: str
    example: str
    number: str
    expect: str
    wordless: str = ""
    unreached: str = ""


_ARITHMETIC = "decided by adding the passage's numbers, not by words"
_NEIGHBOUR = "takes a value from another number of the article, not from words"
_DEFAULT = "a default where no word decides"
_NO_ANSWER = "fires because nothing decided the number"

RULES: tuple[Rule, ...] = (
    # --- role: the number's own kind (cues._role_of_the_number) -----------------------------------
    Rule("role:subgroup", "role", "cues",
         "'including', 'among them', 'of whom' before the number: a part of a number already given",
         "Kyiv brought home 140 soldiers on Tuesday, including 9 medics.", "9", "subgroup"),
    Rule("role:of-the-n", "role", "cues",
         "a sentence opening 'Of the N ...': N restates a number, the numbers after it are its parts",
         "Of the 260 people freed on Monday, 31 were women.", "260", "not_handed_over"),
    Rule("role:part-of-them", "role", "cues",
         "'N of them', 'N of those freed' after an earlier count: a part of it",
         "Ukraine received 118 soldiers on Sunday, and 7 of them were wounded.", "7", "subgroup"),
    Rule("role:comparison", "role", "cues",
         "'more than', 'fewer than' right after the number: a difference, not people",
         "Kyiv got back 88 soldiers on Monday, 6 more than in the last swap.", "6", "not_handed_over"),
    Rule("role:third-country", "role", "cues",
         "people of, or handed to, a third country, or a clause about another conflict",
         "Russia handed over 3 American citizens to the United States on Monday, and Ukraine received 40 soldiers.", "3", "not_handed_over"),
    Rule("role:funeral", "role", "cues",
         "a burial, funeral or farewell in the number's segment: a ceremony, not a handover",
         "On Friday the city bid farewell to 14 defenders; Kyiv received 38 bodies in the swap.", "14", "not_handed_over"),
    Rule("role:messages-about", "role", "cues",
         "letters, appeals or requests received about the people counted",
         "Kyiv received 210 soldiers in the swap; the ombudsman received appeals from the families of 450 others.", "450", "not_handed_over"),
    Rule("role:received-goods", "role", "cues",
         "people who received goods, aid or payments: not people handed over",
         "Ukraine got back 95 soldiers on Monday, and 1,200 families received food kits.", "1,200", "not_handed_over"),
    Rule("role:age-or-list", "role", "cues",
         "an age ('Andriy, 31,', 'aged 40') or a list of names: not a count of people handed over",
         "Andriy, 31, was among 150 soldiers freed by Russia on Friday.", "31", "not_handed_over"),
    Rule("role:among-a-whole", "role", "cues",
         "'N ... are among the M who returned': a part of a figure given right after it",
         "Four medics from the port city were among the 210 Ukrainians who came home on Monday.", "Four", "subgroup"),
    Rule("role:whole-of-stages", "role", "cues",
         "'the first stage of a N-for-N swap': the planned whole of which a stage is told, not handed over",
         "Kyiv completed the first stage of a 600-for-600 prisoner swap on Friday, and 200 soldiers came home.", "600", "not_handed_over"),
    # --- role: the gates over its clause (cues._role_of_the_gates) ---------------------------------
    Rule("role:plan-label", "role", "cues",
         "a heading over the number's line that names demands, plans or a tally",
         "Prisoner exchange on Monday:\n1. Ukraine received 40 captives\n2. Next requests: 800 prisoners of war to be returned to Ukraine", "800", "not_handed_over"),
    Rule("role:plan-or-failure", "role", "cues",
         "a plan, promise or failure governs the number: could, will, agreed to, postponed, a deal to",
         "Kyiv received 77 bodies, and a further 250 could be returned next week.", "250", "not_handed_over"),
    Rule("role:negated", "role", "cues",
         "the handover verb is negated: 'has not taken back', 'were never collected'",
         "Ukraine received 60 bodies on Friday, but Moscow has not taken back 420 bodies of its soldiers.", "420", "not_handed_over"),
    Rule("role:not-yet", "role", "cues",
         "a handover begun or waiting, not done: 'began the transfer of', 'on their way'",
         "Ukraine received 40 captives on Monday, and Russia began the transfer of 3,000 bodies.", "3,000", "not_handed_over"),
    Rule("role:tally-ordinal", "role", "cues",
         "an ordinal swap 'since' a time: which swaps are counted, not this one's figure",
         "It was the ninth swap since June involving 300 soldiers, and Kyiv received 40 captives.", "300", "not_handed_over"),
    Rule("role:tally", "role", "cues",
         "a running total over a period: 'bringing the total to', 'since the start of the war'",
         "Kyiv received 57 bodies on Friday, bringing the total to 2,300.", "2,300", "not_handed_over"),
    Rule("role:tally-perfect", "role", "cues",
         "'has received' in a sentence about a running total: a total to date, not one handover",
         "Kyiv received 62 bodies on Friday, and Ukraine has received 4,100 bodies, bringing the total since the start of the war to a record.", "4,100", "not_handed_over"),
    Rule("role:casualty-or-capture", "role", "cues",
         "killed, wounded, captured, deported in the number's clause, with no handover word",
         "Russian forces captured 16 soldiers near the village, days before a swap freed 90 others.", "16", "not_handed_over"),
    # --- role: its shape (cues._role_of_the_shape) -------------------------------------------------
    Rule("role:both-nationalities", "role", "cues",
         "'N Ukrainian and Russian prisoners': both sides' people counted together",
         "The deal freed 240 Russian and Ukrainian prisoners on Friday.", "240", "total"),
    Rule("role:combined", "role", "cues",
         "'a combined N': one figure for both sides together",
         "In March, they exchanged a combined 180 prisoners in a swap brokered by Qatar.", "180", "total"),
    Rule("role:each", "role", "cues",
         "'N ... each', 'each side ... N': one figure per side",
         "The two sides swapped 160 prisoners each on Thursday.", "160", "each"),
    Rule("role:n-for-n", "role", "cues",
         "'N for N', 'N-for-N' with the same N: one figure per side",
         "The sides swapped 75 prisoners for 75 on Saturday.", "75", "each"),
    Rule("role:exchanged-passive", "role", "cues",
         "'N ... were exchanged' with no nationality: both sides together",
         "530 bodies were exchanged on Wednesday.", "530", "total"),
    Rule("role:both-sides", "role", "cues",
         "both sides exchanging this number ('Moscow and Kyiv freed N', 'the sides swapped N')",
         "Moscow and Kyiv freed 212 captives on Sunday.", "212", "total"),
    # --- category: the number's noun phrase, then its segment (cues.category_of) -------------------
    Rule("category:noun:bodies", "category", "cues",
         "bodies, remains, fallen, dead in the number's own noun phrase",
         "Russia returned 37 bodies on Tuesday.", "37", "bodies"),
    Rule("category:noun:children", "category", "cues",
         "children, teenagers, minors in the number's own noun phrase",
         "Kyiv said 9 teenagers were returned to Ukraine.", "9", "children"),
    Rule("category:noun:civilians", "category", "cues",
         "civilians, residents, women in the number's own noun phrase",
         "Moscow freed 14 civilians, who came home to Ukraine.", "14", "civilians"),
    Rule("category:noun:prisoners-of-a-kind", "category", "cues",
         "prisoners of war named with a word that only says which ones ('women prisoners of war', 'medics among "
         "the POWs'): prisoners of war, not civilians",
         "Kyiv said 60 Ukrainian women prisoners of war came home on Monday.", "60", "prisoners_of_war"),
    Rule("category:noun:prisoners", "category", "cues",
         "prisoners of war, captives, POWs (or soldiers named with a word for living people) in the noun phrase",
         "Kyiv received 23 captives.", "23", "prisoners_of_war"),
    Rule("category:noun:soldiers", "category", "cues",
         "soldiers, servicemen, troops with no word for living or dead: a weak 'soldiers?' the passage settles",
         "Kyiv took back 58 servicemen.", "58", "soldiers?"),
    Rule("category:segment:bodies", "category", "cues",
         "bodies named in the number's segment, not its noun phrase ('56 bodies, and ... 909')",
         "Moscow got 61 bodies, and Kyiv received 433.", "433", "bodies"),
    Rule("category:segment:children", "category", "cues",
         "children named in the number's segment, not its noun phrase",
         "The children were handed over on Monday, and Kyiv said 12 arrived in Sumy.", "12", "children"),
    Rule("category:segment:civilians", "category", "cues",
         "civilians or residents named in the number's segment, not its noun phrase",
         "Civilians from the border region came back to Russia, and officials said 35 arrived by bus.", "35", "civilians"),
    Rule("category:segment:prisoners", "category", "cues",
         "prisoners named in the number's segment, not its noun phrase",
         "The sides swapped 70 prisoners for 70 on Friday.", "70", "prisoners_of_war"),
    Rule("category:segment:soldiers", "category", "cues",
         "soldiers named in the segment with no word for living or dead: the weak 'soldiers?'",
         "Russia returned 50 Ukrainian soldiers and received 100 in return.", "100", "soldiers?"),
    Rule("category:people-from-captivity", "category", "cues",
         "people ('people', 'citizens') with captivity in the passage: prisoners of war",
         "Some 120 people returned from Russian captivity on Monday.", "Some 120", "prisoners_of_war"),
    Rule("category:people-of-a-region", "category", "cues",
         "people from a Russian border region: civilians",
         "Russia got back 17 people from the Belgorod region.", "17", "civilians"),
    # --- side: who received (cues.side_of, strongest first; _actor_verb in its place) --------------
    Rule("side:nationality", "side", "cues",
         "the people's own nationality: '46 Ukrainian soldiers' went to Ukraine",
         "Moscow handed over 46 Ukrainian soldiers.", "46", "ukraine"),
    Rule("side:region", "side", "cues",
         "residents of a Russian border region in the noun phrase went to Russia",
         "Kyiv returned 12 residents of the Kursk region.", "12", "russia"),
    Rule("side:own-word", "side", "cues",
         "a side's own word for its soldiers: 'defenders' (Ukraine), 'occupiers' (Russia)",
         "Kyiv welcomed home 73 defenders.", "73", "ukraine"),
    Rule("side:captor", "side", "cues",
         "the captor named ('from Russian captivity', 'held by Kyiv'): the other side received",
         "On Monday 180 soldiers were freed from Russian captivity.", "180", "ukraine"),
    Rule("side:possessive", "side", "cues",
         "'N of its servicemen': the side of the actor named before",
         "Russia received 27 bodies of its servicemen.", "27", "russia"),
    Rule("side:given-to", "side", "cues",
         "the side named right after a giving verb received: 'handed Kyiv N'",
         "Moscow handed Kyiv 415 bodies.", "415", "ukraine"),
    Rule("side:destination", "side", "cues",
         "a destination that names a side: 'returned to Ukraine', 'home to Russia'",
         "On Friday 92 soldiers were returned to Ukraine.", "92", "ukraine"),
    Rule("side:actor-gapped", "side", "cues",
         "'Kyiv received 612 bodies and Moscow 38': the verb before the first actor also governs the second",
         "On Friday, Kyiv received 612 bodies and Moscow 38.", "38", "russia"),
    Rule("side:actor-received", "side", "cues",
         "an actor and a receiving verb before the number: the actor received",
         "Kyiv received 19 captives.", "19", "ukraine"),
    Rule("side:actor-gave", "side", "cues",
         "an actor and a giving verb before the number: the other side received",
         "Moscow released 33 captives.", "33", "ukraine"),
    Rule("side:actor-gave-in-return", "side", "cues",
         "'in return, Kyiv returned N': the actor gave them back, so the other side received",
         "Russia handed over 600 bodies on Friday, and in return Kyiv returned 45 bodies.", "45", "russia"),
    Rule("side:actor-returned", "side", "cues",
         "'Ukraine returned N servicemen' with no destination: a side returning brings its own back",
         "Ukraine returned 86 servicemen on Thursday.", "86", "ukraine"),
    Rule("side:from-country", "side", "cues",
         "brought from one side's territory: the other side received",
         "Kyiv received 40 captives on Monday; 2 bodies were brought from a hospital in Russia.", "2", "ukraine"),
    Rule("side:speaker", "side", "cues",
         "'our' or 'we' in a quote: the side of the one quoted",
         "\u201cAll 41 of our boys are back,\u201d a Ukrainian official said.", "41", "ukraine"),
    Rule("side:region-home", "side", "cues",
         "residents of a Ukrainian region who 'returned home': Ukraine",
         "Officials said 11 residents of the Sumy region returned home on Tuesday.", "11", "ukraine"),
    Rule("side:home", "side", "cues",
         "'came home' with no side named: the home of the first actor of the segment",
         "Kyiv said 64 prisoners came home on Sunday.", "64", "ukraine"),
    Rule("side:region-civilians", "side", "cues",
         "civilians or children of a Russian border region in the clause: Russia",
         "Officials said 26 civilians from the Belgorod region were returned.", "26", "russia"),
    Rule("side:speaker-returned", "side", "cues",
         "'had been returned', said by one side: returned to the side saying it",
         "Kyiv's ombudsman said on Monday that the remains of 73 soldiers had been returned.", "73", "ukraine"),
    # --- neighbours: settle_categories -------------------------------------------------------------
    Rule("category:context-sentence", "category", "readings",
         "a number whose words name no category takes the nearest number's category in its sentence",
         "On Tuesday Ukraine welcomed back 95 people (8 civilians).", "95", "civilians"),
    Rule("category:context-passage-bodies", "category", "readings",
         "no category, and the passage speaks of bodies and never of the living: bodies",
         "Russia gave back 310 bodies of fallen troops.\nUkraine handed over 26 on the same day.\n", "26", "bodies"),
    Rule("category:context-passage-living", "category", "readings",
         "no category, and the passage speaks of the living and never of bodies: prisoners of war",
         "Officials said 52 came home alive from captivity on Tuesday.", "52", "prisoners_of_war"),
    Rule("category:context-sentence-words", "category", "readings",
         "no category from the number's words, but its sentence names children or civilians",
         "On Tuesday a further 4 were brought back to their families, all children.", "4", "children"),
    Rule("category:swap-default", "category", "readings",
         "an 'N-for-N' swap of no named category: prisoners of war",
         "A 205-for-205 swap took place on Monday, officials said.", "205", "prisoners_of_war", _DEFAULT),
    Rule("category:soldiers-default", "category", "readings",
         "soldiers named neither alive nor dead, with nothing around to settle it: prisoners of war",
         "Kyiv took back 58 servicemen.", "58", "prisoners_of_war", _DEFAULT),
    # --- neighbours: settle_same_number ------------------------------------------------------------
    Rule("count:same-number", "count", "readings",
         "'the same number', 'as many': the count of the sentence's other transfer",
         "Russia freed 71 Ukrainian prisoners of war and received the same number in return.", "the same number", "71",
         _NEIGHBOUR),
    Rule("category:same-number", "category", "readings",
         "'the same number' of no named category: the category of the number it repeats",
         "Kyiv received 84 soldiers. Moscow got back the same number.", "the same number", "prisoners_of_war", _NEIGHBOUR),
    Rule("side:same-number-other", "side", "readings",
         "'the same number' with no side named: the other side from the number it repeats",
         "Russia freed 71 Ukrainian prisoners of war and received the same number in return.", "the same number",
         "russia"),
    # --- neighbours: settle_breakdowns -------------------------------------------------------------
    Rule("role:whole-of-parts", "role", "readings",
         "a number that the next numbers, of several categories, add up to: their total",
         "On Monday Kyiv got back 205 people. Among them were 190 soldiers and 15 civilians.", "205", "total",
         _ARITHMETIC),
    Rule("role:breakdown-part", "role", "readings",
         "the parts, of several categories, of a total: transfers of their own",
         "On Monday Kyiv got back 205 people. Among them were 190 soldiers and 15 civilians.", "15", "transfer",
         _ARITHMETIC),
    Rule("side:whole", "side", "readings",
         "a part with no side takes the side of the total it breaks down",
         "On Monday Kyiv got back 205 people. Among them were 190 soldiers and 15 civilians.", "15", "ukraine",
         _NEIGHBOUR),
    Rule("role:each-split-by-side", "role", "readings",
         "one side's figures, of several categories, add up to the 'each' figure before: it is the other side's",
         "Kyiv and Moscow swapped 175 prisoners each on Tuesday. Ukraine said 160 soldiers and 15 civilians came home.",
         "175", "transfer", _ARITHMETIC),
    Rule("role:breakdown-inner", "role", "readings",
         "numbers of one category after a number in its sentence that add up to it: its parts",
         "Moscow freed 96 Ukrainian marines: 81 privates and 15 officers.", "15", "subgroup", _ARITHMETIC),
    Rule("role:breakdown", "role", "readings",
         "numbers of one category in one sentence adding up to a number stated before: its parts",
         "Remains of 350 soldiers were repatriated on Tuesday. Ukraine received 300 bodies in Kyiv and "
         "50 bodies in Odesa.", "300", "subgroup", _ARITHMETIC),
    Rule("side:breakdown", "side", "readings",
         "a number with no side whose parts all went to one side: that side",
         "Remains of 350 soldiers were repatriated on Tuesday. Ukraine received 300 bodies in Kyiv and "
         "50 bodies in Odesa.", "350", "ukraine", _ARITHMETIC),
    # --- neighbours: settle_revisions --------------------------------------------------------------
    Rule("side:revised", "side", "readings",
         "a revised figure takes the side of the one figure of its category before it",
         "Moscow handed back 620 bodies on Monday. The figure was later revised to 640 bodies.", "640", "ukraine",
         _NEIGHBOUR),
    Rule("side:revised-from-to", "side", "readings",
         "'revised from N to M': M takes the side of N",
         "Moscow said the number of Russian troops freed on Sunday was revised from 48 to 51.", "51", "russia"),
    # --- neighbours: settle_coordinated, settle_reciprocity, settle_restatements ------------------
    Rule("side:coordinated", "side", "readings",
         "a number joined by 'and', 'together with' to the one before, with no verb between: the same side",
         "Seven Ukrainian children returned on Friday together with 3 adults.", "3", "ukraine", _NEIGHBOUR),
    Rule("side:reciprocity", "side", "readings",
         "in an exchange sentence ('in exchange for', 'while') whose known numbers went to one side: the other",
         "14 pilots were exchanged for 30 Russian conscripts.", "14", "ukraine"),
    Rule("side:in-return-opening", "side", "readings",
         "a sentence opening 'In return' after a sentence whose numbers went to one side: the other side",
         "Moscow freed 55 Ukrainian soldiers on Sunday. In return, 55 captives were released.", "55",
         "russia"),
    Rule("side:restatement", "side", "readings",
         "the same count and category stated elsewhere in the article with a known side",
         "Kyiv gets back 470 fallen troops\nShelling went on near the coast overnight.\n"
         "On Tuesday 470 bodies were returned, officials said.", "470", "ukraine", _NEIGHBOUR),
    Rule("side:context-nationality", "side", "readings",
         "children or civilians with no side: the one nationality the article gives that category",
         "Volunteers brought back 6 children on Monday. Ukrainian children remain in occupied areas.",
         "6", "ukraine", _NEIGHBOUR),
    Rule("role:headline-of-a-tally", "role", "readings",
         "a headline's figure that the body gives as a tally, a plan or a failure: not an exchange",
         "Over 3,000 freed from captivity, ombudsman says\n\nSince the start of the war, more than 3,000 people "
         "have been freed, the ombudsman said on Friday.", "Over 3,000", "not_handed_over"),
    Rule("category:headline-restated", "category", "readings",
         "a headline's figure told again in the body with more precise words takes the body's category",
         "96 women freed in swap\n\nNinety-six Ukrainian women prisoners of war came home on Monday, officials said.",
         "96", "prisoners_of_war"),
    # --- neighbours: settle_sums -------------------------------------------------------------------
    Rule("role:sum-of-parts", "role", "readings",
         "a number nobody is named to receive that equals the sum of the passage's transfers: their total",
         "Nearly 250 freed in prisoner swap\nMoscow released 130 Ukrainian soldiers and Kyiv freed 118 "
         "Russian soldiers on Monday.", "Nearly 250", "total", _ARITHMETIC),
    Rule("role:per-side-sum", "role", "readings",
         "a number that each side's transfers add up to: what each side got, not a total",
         "Overall 150 people were released on Sunday. Kyiv received 140 soldiers and 10 civilians, and Moscow "
         "got back 140 soldiers and 10 civilians.", "150", "subgroup", _ARITHMETIC),
    # --- extract: numbers the words leave open ----------------------------------------------------
    Rule("role:unanswered", "role", "extract",
         "a number the words left open and the model gave no answer for: not handed over, never guessed",
         "Officials said 47 came home on Sunday.", "47", "not_handed_over", _NO_ANSWER),
    Rule("role:undecided", "role", "extract",
         "a number the words left open when model answers are not used: listed as undecided",
         "Officials said 47 came home on Sunday.", "47", "not_handed_over", _NO_ANSWER),
    # --- events: an exchange with no figure ------------------------------------------------------
    Rule("count:not-stated", "count", "events",
         "an exchange reported with no figure for either side: both sides, count null",
         "Ukraine and Russia exchanged bodies of fallen soldiers on Thursday.", "", "null", _NO_ANSWER),
)


def rule(name: str) -> Rule:
    """The registered rule called ``name``."""
    for r in RULES:
        if r.name == name:
            return r
    raise KeyError(f"no rule named {name!r}")
