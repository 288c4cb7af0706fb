"""The words of the domain, defined once: sides, categories, handover verbs, gates.

Every pattern here is general English about exchanges between Russia and
Ukraine; none quotes an article. ``cues`` reads a number's words with them,
``candidates`` uses the gates to pick sentences, ``extract`` the rest.
"""

from __future__ import annotations

import re

# Months and weekdays, with their numbers (abbreviations too); every module's date words come from here.
MONTHS: dict[str, int] = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
WEEKDAYS: dict[str, int] = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6,
}  # fmt: skip
MONTH_NAMES = "|".join(name.capitalize() for name in list(MONTHS)[:12])  # the full names
WEEKDAY_NAMES = "|".join(name.capitalize() for name in WEEKDAYS)

# --------------------------------------------------------------------------
# Sides
# --------------------------------------------------------------------------

UA_NAME = r"(?:Ukraine|Kyiv|Kiev|the\s+Ukrainian\s+side|Ukrainian\s+side)\b"
RU_NAME = r"(?:the\s+Russian\s+Federation|Russian\s+Federation|Russia|Moscow|the\s+Kremlin|Kremlin|the\s+Russian\s+side|Russian\s+side)\b"
# A side named as an actor: "Ukraine", "Kyiv", "Russia's Defense Ministry", "the Russian Defence Ministry",
# "Ukraine's Coordination Headquarters", "the Ukrainian president".
_ROLE = (
    r"(?:[A-Z]\w+|president|prime\s+minister|defen[cs]e\s+ministry|foreign\s+ministry|ministry|minister|ombudsman|"
    r"ombudswoman|commissioner|coordination|human\s+rights|government|military|army|side|officials?|authorities|"
    r"negotiators?|headquarters|office|administration|spokes(?:man|woman|person)|intelligence|security\s+service)"
)
_UA_ACTOR = rf"(?:{UA_NAME}(?:['’]s(?:\s+{_ROLE}){{1,5}})?|(?:the\s+)?Ukrainian\s+(?:{_ROLE}\s*){{1,4}}|Zelensk\w*)"
_RU_ACTOR = (
    rf"(?:{RU_NAME}(?:['’]s(?:\s+{_ROLE}){{1,5}})?|(?:the\s+)?Russian\s+(?:{_ROLE}\s*){{1,4}}|Putin|"
    rf"(?:[Tt]he\s+)?aggressor(?:\s+(?:state|country))?|[Tt]he\s+occupiers|[Tt]he\s+occupying\s+(?:forces|side|state|country))"
)
ACTOR = re.compile(rf"(?P<ua>\b{_UA_ACTOR})|(?P<ru>\b{_RU_ACTOR})")
OTHER_SIDE = {"ukraine": "russia", "russia": "ukraine"}

# --------------------------------------------------------------------------
# Categories: the nouns of the people or bodies handed over
# --------------------------------------------------------------------------

BODY_WORDS = re.compile(
    r"\b(?:bod(?:y|ies)|remains(?!\s+(?:the|a|an|its|their|his|her|in|at|on|unclear|unknown|open|to|one|high|low|under|so|of\s+the\s+war)\b)|corpses?|fallen|dead|deceased|killed|perished|who\s+died|died|coffins?)\b", re.I
)
# "our boys" (and "our guys", "our lads") are a side's soldiers, not children.
CHILD_WORDS = re.compile(r"\b(?:child(?:ren)?|kids?|minors?|teenagers?|(?<!our\s)boys?|girls?|orphans?|adolescents?)\b", re.I)
CIVILIAN_WORDS = re.compile(
    r"\b(?:civilians?|citizens?|residents|inhabitants|journalists?|priests?|clergy(?:men)?|mayors?|"
    r"political\s+prisoners|hostages|volunteers|medics|doctors|women|adults|mothers|fathers|parents|relatives|"
    r"grand(?:parents|mothers|fathers)|family\s+members|wives|husbands|elderly|pensioners|teachers|nurses|patients|"
    r"activists?|bloggers?|lawyers?|human\s+rights\s+defenders?|woman|adult|mother|father|pensioner|nurse|teacher)\b",
    re.I,
)
SOLDIER_WORDS = re.compile(
    r"\b(?:(?<=our\s)(?:boys|guys|lads)|prisoners?[\s-]+of[\s-]+war|POWs?|PoWs?|soldiers?|servicem[ae]n|servicewom[ae]n|service\s*(?:members?|people|personnel)|"
    r"servicepeople|troops|military(?:\s+(?:personnel|men|women))?|militaries|defenders?|fighters?|marines?|"
    r"guardsm[ae]n|border\s+guards?|officers?|warriors?|combatants?|captives?|prisoners?|paratroopers?|"
    r"sergeants?|privates|commanders?|pilots?|servicepersons?|heroes|occupiers|mercenaries|personnel|"
    r"members\s+of\s+the\s+(?:[\w-]+\s+)?(?:armed\s+forces|army|military|national\s+guard|navy))\b",
    re.I,
)
# Prisoners of war named as such, and words that only say which ones ("women prisoners of war", "medics
# among the POWs"): the noun phrase is of prisoners of war.
POW_WORDS = re.compile(r"\b(?:prisoners?[\s-]+of[\s-]+war|POWs?|PoWs?|servicem[ae]n|servicewom[ae]n)\b", re.I)
PEOPLE_MODIFIER = re.compile(
    r"women|woman|men|mothers|fathers|wives|husbands|medics|doctors|nurses|volunteers|adults|female|male", re.I
)
# Words for people that name no category ("people", "Ukrainians"): captivity makes them prisoners.
PEOPLE_WORDS = re.compile(r"\b(?:people|persons|individuals|Ukrainians|Russians|of\s+(?:ours|them))\b", re.I)
CAPTIVITY = re.compile(r"\b(?:captivity|captive|held\s+captive|imprisoned|detained|prisoners?)\b", re.I)

# Nationality of the people themselves: "Ukrainian soldiers", "Russian servicemen", "Ukrainians".
NATIONALITY = re.compile(r"\b(?:(?P<ua>Ukrainian|Ukrainians)|(?P<ru>Russian|Russians))\b")
# Captor, not the people's own side: "from Russian captivity", "held by Russia", "captured by Ukrainian forces".
CAPTOR = re.compile(
    r"\b(?:from|in|of)\s+(?:(?P<ru_cap>Russian|Russia['’]s)|(?P<ua_cap>Ukrainian|Ukraine['’]s))\s+captivity"
    r"|\bcaptivity\s+in\s+(?:(?P<ru_cap2>Russia)|(?P<ua_cap2>Ukraine))\b"
    r"|\b(?:held|captured|taken\s+prisoner|detained|imprisoned|released|freed|handed\s+over|returned|transferred|sent\s+back)"
    r"\s+(?:by|in)\s+(?:the\s+)?"
    r"(?:(?P<ru_by>Russia\w*|Moscow|Kremlin|occupiers|occupation\s+(?:forces|authorities)|aggressor)|(?P<ua_by>Ukrain\w*|Kyiv|Kiev))"
    r"|\b(?:territory|territories|areas?|parts?)\s+controlled\s+by\s+(?:the\s+)?(?:(?P<ua_terr>Kyiv|Kiev|Ukrain\w*)|(?P<ru_terr>Russia\w*|Moscow))",
    re.I,
)
# People of, or handed to, a third country: "two US citizens", "to the United States", "held in the West".
THIRD_PARTY = re.compile(
    r"\b(?:US|U\.S\.|American|Americans|Israeli|Israelis|Palestinian|Palestinians|Armenian|Armenians|Azerbaijani|"
    r"Azerbaijanis|German|Germans|British|Polish|French|Sudanese|Yemeni|Syrian|Georgian|Moldovan|Lithuanian|"
    r"Latvian|Estonian|Western|foreign)\s+(?:[\w-]+\s+)?(?:citizens?|nationals?|hostages|prisoners|detainees|"
    r"journalists?|soldiers|men|women|people)\b"
    r"|\bto\s+(?:the\s+)?(?:United\s+States|US|U\.S\.|America|Israel|Armenia|Azerbaijan|Germany|Britain|the\s+West|Gaza)\b"
    r"|\bheld\s+in\s+(?:the\s+West|the\s+United\s+States|the\s+US|Europe|Germany|Poland)\b",
)
# Parties of other conflicts: a clause naming one of them and neither Russia nor Ukraine is about another exchange.
THIRD_ACTOR = re.compile(
    r"\b(?:Armenia|Armenian|Azerbaijan|Azerbaijani|Israel|Israeli|Hamas|Houthis?|Yemen|Yemeni|Sudan|Sudanese|Gaza|"
    r"Palestinians?|Syria|Syrian|Iran|Iranian|Belarus(?=\s+(?:freed|released|pardoned|handed))|the\s+United\s+States|"
    r"Washington)\b"
)
SIDE_WORD = re.compile(rf"{UA_NAME}|{RU_NAME}|\b(?:Ukrainian|Russian|Ukrainians|Russians)\b")
# Soldiers called by what their side calls them.
OWN_SIDE_NOUN = re.compile(r"\b(?:(?P<ua>defenders?)|(?P<ru>occupiers?))\b", re.I)
# People from a Ukrainian region who "returned home" went to Ukraine (weaker than any destination named).
UKRAINIAN_REGION = re.compile(
    r"\b(?:Kharkiv|Kherson|Zaporizhzhia|Donetsk|Luhansk|Sumy|Chernihiv|Mykolaiv|Odesa|Dnipropetrovsk|Zhytomyr|"
    r"Poltava|Cherkasy|Vinnytsia|Lviv|Rivne|Volyn|Ternopil|Khmelnytskyi|Chernivtsi|Ivano-Frankivsk|Zakarpattia|"
    r"Kirovohrad|Kyiv)\s+(?:region|oblast|province)\b",
    re.I,
)
# People from a Russian border region ("residents of the Kursk region") go back to Russia.
RUSSIAN_REGION = re.compile(r"\b(?:Kursk|Belgorod|Bryansk)\b|\bRussia['’]s\s+\w+\s+(?:region|oblast)\b", re.I)
# Possessives that point back at the subject or the speaker: "157 of its servicemen", "our defenders".
POSSESSIVE = re.compile(r"\b(?:(?P<its>its|their)(?:\s+own)?|(?P<our>our|ours))\b", re.I)

# --------------------------------------------------------------------------
# Verbs: who got the people
# --------------------------------------------------------------------------

# The subject got them: "Russia received 40 bodies", "Ukraine brought home 58".
RECEIVE_VERB = (
    r"(?:received|receives?|receiving|obtain(?:s|ed|ing)?|accept(?:s|ed|ing)?|got(?:ten)?|gets?|getting|"
    r"took\s+back|takes?\s+back|taken\s+back|welcomed|welcomes?|"
    r"brought\s+(?:back|home)|brings?\s+(?:back|home)|bringing\s+(?:back|home)|"
    r"returned\s+home|returns\s+home|freed|frees|rescued|liberated|repatriated|repatriates|recovered|recovers|"
    r"secured\s+the\s+(?:release|return)|managed\s+to\s+(?:free|return|bring\s+(?:back|home)|rescue)|"
    r"(?:was|were|has\s+been|have\s+been|had\s+been|is|are)\s+(?:handed|given|returned|transferred|sent|delivered))"
)
# The subject gave them: "Kyiv handed over 12 soldiers", "Russia transferred 909 bodies".
GIVE_VERB = (
    r"(?:hand(?:s|ed|ing)?\s+(?:over|back)|transferr(?:ed|ing)|transfers?|gave|gives?|giving|sen[dt]|sends|"
    r"deliver(?:s|ed|ing)?|released|releases?|releasing|passed\s+(?:over|on)|(?:was|were|is|are)\s+freeing)"
)
# Ambiguous alone: "Ukraine returned 254 fallen soldiers" means got back, "Russia returned 900 bodies" gave.
RETURN_VERB = r"(?:return(?:s|ed|ing)?|swapp?(?:ed|ing|s)?|exchang(?:ed|ing|es|e))"

# --------------------------------------------------------------------------
# Sentence gates: a completed handover, and what is not one
# --------------------------------------------------------------------------

HANDOVER = re.compile(
    r"\b(?:exchang\w*(?!\s+(?:of\s+)?(?:letters|views|fire|blows|messages|greetings|notes|opinions|information|data|"
    r"documents|accusations|insults|pleasantries|words|rates?|programmes?|programs?|students?)\b)|swap\w*|repatriat\w*|return\w*(?!\s+fire\b)|hand(?:ed|s|ing)?\s+(?:over|back)|transferr?\w*|"
    r"releas\w*|free[ds]?|freeing|rescued|liberated|receiv\w*|obtain\w*|accept\w*|brought\s+(?:back|home)|"
    r"recover\w*\s+(?:the\s+)?(?:bodies|remains)|"
    r"(?:took|take|takes|taken|got|get|gets|won)\s+back|g[ai]ve[ns]?\s+back|giving\s+back|welcom\w*\s+(?:home|back)|"
    r"(?:got|gets?|getting|brought|brings?|bringing|took|takes?|taking|gave|gives?|giving)\s+(?:[\w,-]+\s+){1,8}?(?:back|home)|"
    r"(?:passed|passes|sent|sends)\s+(?:[\w,-]+\s+){1,8}?to\s+(?:the\s+)?(?:Russia|Ukraine|Kyiv|Kiev|Moscow|Russian|Ukrainian)|sen[dt]s?\s+(?:\w+\s+){0,5}?(?:back|home)|"
    r"brings?\s+(?:back|home)|bringing\s+(?:back|home)|came\s+(?:back|home)|com(?:e|es|ing)\s+(?:back|home)|"
    r"(?:are|were|is|was)\s+(?:back|home)|reunit\w*|handed|delivered|sent\s+(?:back|home))\b",
    re.I,
)
# Plans, offers, agreements, hopes: "agreed to exchange", "will return", "proposed a swap", "ready to".
COMMITMENT = re.compile(
    r"\b(?:agree[ds]?|agreeing|committed|pledged|promised|plans?|planned|planning|expects?|expected|hopes?|"
    r"proposed?|proposes|proposing|offer(?:s|ed)?|ready|willing|intends?|aims?|seeks?|sought|wants?|"
    r"demand(?:s|ed)?|calls?\s+for|called\s+for|asked|urged|efforts?|work(?:s|ing)?|trying|tries|attempt\w*|"
    r"could|(?-i:may)|might|should|must)\b"
    r"[^.;]{0,80}?\bto\s+(?:(?:carry\s+out|conduct|hold|complete|make|organi[sz]e|arrange)\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+)?|\w+\s+)?"
    r"(?:exchang|swap|return|hand|transfer|releas|receiv|repatriat|free|get|giv|bring)\w*"
    r"|\b(?:will|would|could|might|(?-i:may)|shall|must|should)\s+(?:(?:also|soon|then|each|both|now|first|jointly|\w+ly)\s+){0,2}(?:be\s+)?"
    r"(?:exchang|swap|return|hand|transfer|releas|receiv|repatriat|free|get|giv|bring|involve)\w*"
    r"|\b(?:expect\w*|anticipat\w*|plann?\w*|prepar\w*|schedul\w*)\s+(?:another|a|an|the\s+next|more|further|new)\s+"
    r"(?:[\w-]+\s+)?(?:swaps?|exchanges?|handovers?|repatriations?|releases?)\b|\bnext\s+(?:week|month|year)\b"
    r"|\b(?:proposal|potential|prospective|upcoming|possible|ready\s+to|ready\s+for|agreed\s+on|"
    r"prepared\s+to|(?:in|over)\s+the\s+(?:coming|next)\s+(?:days|weeks|months)|in\s+the\s+near\s+future|next\s+stage|"
    r"(?:is|are)\s+supposed\s+to|(?:will|would|is\s+to|are\s+to)\s+(?:go\s+on|continue|follow|resume)|"
    r"(?:is|are|was|were)\s+(?:planned|scheduled|expected|due|set|slated)\s+(?:for|to|on|in)|the\s+coming\s+week)\b"
    r"|\bagreed\s+(?:[\w-]+\s+)?(?:swap|exchange|handover|repatriation|deal|release)s?\b"
    r"|\bagree(?:s|d|ing)?\s+(?:in\s+principle\s+|provisionally\s+|tentatively\s+)?(?:on|to)\s+(?:an?\s+|the\s+)?"
    r"(?:[\w,-]+\s+){0,3}?(?:swap|exchange|handover|repatriation|deal|release)s?\b"
    # wanting, proposing or discussing a handover: "demands the release of 500", "proposed a 1,000-for-1,000 swap"
    r"|\b(?:demand\w*|seek\w*|sought|calls?\s+for|called\s+for|calling\s+for|wants?|wanted|hopes?\s+for|hoped\s+for|"
    r"propos\w*|offer\w*|discuss\w*|negotiat\w*|push\w*\s+for|urg\w*|insist\w*\s+on|promised|expects?|awaits?|awaiting|work(?:s|ed|ing)?\s+on|working\s+towards?)\s+(?:[\w,-]+\s+){0,6}?"
    r"(?:release|return|exchange|swap|repatriation|handover|transfer|freedom)s?\b"
    r"|\b(?:is|are)\s+to\s+be\s+\w+(?:ed|en)\b|\bto\s+be\s+(?:\w+\s+)?(?:exchanged|returned|freed|released|handed|transferred|repatriated|swapped|reunited|brought)\b|"
    r"\bif\s+(?:\w+\s+){0,3}?(?:carried\s+out|completed|implemented|agreed|held|confirmed|goes\s+ahead|go\s+ahead|happens|takes\s+place)\b|\bplanned\s+(?:[\w-]+\s+){0,2}?(?:exchange|swap|handover|repatriation|release|return)s?\b"
    r"|\b(?:will|would|could|might|may|shall|(?:is|are)\s+(?:expected|scheduled|due)\s+to)\s+(?:\w+\s+)?"
    r"(?:take\s+place|happen|occur|go\s+ahead|proceed|be\s+(?:carried\s+out|held|conducted|completed|implemented))\b",
    re.I,
)
# A handover under way or waiting, not done: "Russia began the transfer of 3,500 bodies", "the first trucks have
# arrived at the exchange point", "the rest are on the way".
NOT_YET = re.compile(
    r"\b(?:begins?|began|begun|beginning|starts?|started|starting|launch(?:es|ed|ing)?|initiat\w*)\s+"
    r"(?:to\s+|implementing\s+|carrying\s+out\s+|preparing\s+)?(?:the\s+|an?\s+)?(?:operation\s+to\s+|process\s+of\s+)?"
    r"(?:transfer|exchange|swap|handover|hand\s+over|handing\s+over|return|repatriation|release)\w*\b"
    r"|\b(?:arriv\w*|wait\w*|station\w*|park\w*|stand\w*|stood|sit\w*|sat|held|kept|stor\w*|queu\w*|lined\s+up|"
    r"(?:are|were|is|was)\s+(?:still\s+)?(?=at|near))\b[^.;]{0,40}?\b(?:at|in|near)\s+(?:the\s+)?"
    r"(?:designated\s+)?(?:exchange|handover|transfer|swap)\s+(?:area|point|site|zone|location|place)\b"
    r"|\b(?:on\s+(?:the|their|its)\s+way|en\s+route)\b"
    r"|\b(?:exchange|swap|handover|transfer|repatriation|release)\s+of\b[^.;]{0,60}?\b(?:began|begins|has\s+begun|had\s+begun|"
    r"started|starts|has\s+started|got\s+under\s+way|is\s+under\s+way|was\s+under\s+way|is\s+continuing)\b"

    r"|\b(?:carrying|transporting|taking|bringing|carried|transported|taken)\b[^.;]{0,60}?\bto\s+(?:an?|the)\s+(?:[\w-]+\s+)?"
    r"(?:exchange|swap|handover)\b",
    re.I,
)
# A handover said not to have happened: "Kyiv has not taken back 240 soldiers", "the bodies were never collected".
_HANDOVER_PARTICIPLE = (
    r"(?:taken|take|took|received|receive|returned|return|accepted|accept|collected|collect|picked|handed|hand|freed|free|"
    r"released|release|exchanged|exchange|repatriated|repatriate|brought|bring|swapped|swap|got|gotten|get|retrieved|retrieve)"
)
NEGATED = re.compile(
    rf"\b(?:has|have|had|did|does|do|was|were|is|are|will|would|could|can)\s+(?:still\s+|yet\s+)?(?:not|never)\s+(?:yet\s+)?"
    rf"(?:been\s+|be\s+)?{_HANDOVER_PARTICIPLE}\b"
    rf"|\b(?:hasn['’]t|haven['’]t|hadn['’]t|didn['’]t|doesn['’]t|don['’]t|wasn['’]t|weren['’]t|isn['’]t|aren['’]t|won['’]t|"
    rf"can['’]t|cannot|never|not\s+yet)\s+(?:yet\s+|been\s+|be\s+)?{_HANDOVER_PARTICIPLE}\b"
    rf"|\brefus\w*\s+to\s+{_HANDOVER_PARTICIPLE}\b",
    re.I,
)
# The whole still to come, before its figure: "a swap that is to total 1,000 on each side", "which, when complete, ...".
WHOLE_TO_COME = re.compile(r"\b(?:is|are)\s+to\s+(?:reach|total|number|cover|include|involve)\b|\bwhen\s+(?:it\s+is\s+)?complete[d]?\b", re.I)
# People taken away by force: a deportation, not a handover ("7,000 children were forcibly transferred").
DEPORTATION = re.compile(
    r"\b(?:forcibl[ey]|illegally|unlawfully)\s+(?:\w+\s+)?(?:transferr\w*|taken|moved|removed|relocated|deported|displaced|"
    r"transported|sent|driven|brought)\b|\b(?:forcible|forced|illegal|unlawful)\s+(?:transfer|deportation|removal|relocation)s?\b",
    re.I,
)
# "... got letters from the families of 300 people": the number is whom the messages are about.
MESSAGES_ABOUT = re.compile(
    r"\b(?:received|receive|receives|got|gets|sent|filed|submitted)\s+(?:[\w-]+\s+){0,2}?(?:appeals|requests|complaints|"
    r"letters|applications|calls|messages|inquiries|enquiries|petitions|reports|information)\s+(?:from|about|regarding|"
    r"concerning|on\s+behalf\s+of|for)\b[^.;]{0,60}$",
    re.I,
)
# "260 Ukrainian and Russian prisoners": both sides' people counted together.
BOTH_NATIONALITIES = re.compile(
    r"\s+(?:Ukrainian\s+and\s+Russian|Russian\s+and\s+Ukrainian|Ukrainians\s+and\s+Russians|Russians\s+and\s+Ukrainians)\b"
)
# A list before the number: "Kyiv handed over lists of 500 prisoners", not "..., publishing a list of their names".
LIST_OF = re.compile(r"\b(?:lists?\s+of|names\s+of)\b", re.I)
# A deal named as a noun governs the numbers it introduces ("a deal to swap 1,000 each", "the agreement
# provides for the return of 1,200"), not the day's figure before it ("freed 390 ... under a deal to ...").
DEAL_NOUN = re.compile(
    r"\b(?:agreements?\s+(?:on|to)|deals?\s+(?:to|on)|provides?\s+for|provided\s+for|envisag\w*)\b", re.I
)
# A deal's figure named as its formula: 'under the "1,000 for 1,000" formula agreed at the talks'.
FORMULA = re.compile(r"\s*(?:(?:-\s*)?for(?:\s*-)?\s*[\d,]+)?[\"”’']?\s+(?:formula|framework|format|principle)\b", re.I)
# Phrases with "since", a year or "this year" that make no tally: how long people were held ("in captivity
# since 2022", "taken in 2022") and ranks ("the largest such handover this year").
NOT_A_TALLY = re.compile(
    r"\b(?:in\s+captivity|captive|held|imprisoned|detained|jailed|missing)\s+(?:\w+\s+){0,3}?since\b[^,;.]*"
    r"|\b(?:taken|deported|abducted|captured|kidnapped|detained|moved)\s+(?:[\w-]+\s+){0,4}?in\s+(?:19|20)\d\d\b"
    r"|\b(?:largest|biggest|first|latest|second|third)\s+(?:such\s+)?(?:[\w-]+\s+)?"
    r"(?:swap|exchange|repatriation|handover|return|release)\w*(?:\s+(?:of|in|since)\s+the\s+(?:war|conflict|year))?\s+"
    r"(?:this\s+year|so\s+far|to\s+date)\b",
    re.I,
)
# A heading over a list that says its items did not happen, or are not one exchange ("Kyiv's demands:", "Statistics:").
PLAN_OR_TALLY_LABEL = re.compile(
    r"\b(?:demands?|requests?|proposals?|conditions|plans?|planned|proposed|expected|wants?|priorities|wish\s+list|"
    r"statistics|in\s+numbers|so\s+far|to\s+date|totals?|since|next|upcoming|coming|future|preparing|prepared)\b",
    re.I,
)
# Exchanges that did not happen: failed, halted, postponed, cancelled, turned back.
FAILED = re.compile(
    r"\b(?:failed|fell\s+through|call(?:ed)?\s+off|cancel+ed|postponed|delayed|halted|suspended|blocked|"
    r"stalled|disrupted|derailed|turned\s+back|broke\s+down|collapsed|did\s+not\s+(?:take\s+place|happen)|"
    r"didn['’]t\s+(?:take\s+place|happen)|never\s+took\s+place|was\s+to\s+have|were\s+to\s+(?:be|have)|"
    r"(?:was|were)\s+to\s+(?:include|involve|cover|see|return|free|bring|take\s+place)|"
    r"was\s+due\s+to|were\s+due\s+to|due\s+to\s+happen|was\s+supposed\s+to|were\s+supposed\s+to|"
    r"prevented|thwarted|shot\s+down|stall(?:s|ed)?|wreck\w*|sabotag\w*|collapse\s+of|would\s+have\s+\w+(?:ed|en)|"
    r"not\s+(?:been\s+)?(?:collected|accepted|picked\s+up)|(?:earlier|previous)\s+version\s+of\s+this|"
    r"incorrectly\s+(?:said|reported|stated)|erroneously|misstated|refused|refuses|refusing|declined\s+to|declines\s+to|rejected|rejects|"
    r"deni(?:ed|es)\s+(?:\w+\s+)?(?:reports?|claims?|rumou?rs?|that)|denying\s+(?:\w+\s+)?(?:reports?|claims?|rumou?rs?|that)|"
    r"unconfirmed\s+reports?|rumou?rs?\s+(?:of|that|about))\b",
    re.I,
)
# Failures of talks, not of a handover: "against the backdrop of stalled negotiations, eight soldiers returned".
FAILED_TALKS = re.compile(
    r"\b(?:failed|stalled|stalling|suspended|halted|frozen|collapsed|deadlocked|blocked|derailed)\s+(?:peace\s+)?"
    r"(?:negotiations|talks|diplomacy|process|contacts|dialogue)\b",
    re.I,
)
# Cumulative tallies over a period: "since the start", "this year", "in more than 60 exchanges", "so far".
TALLY = re.compile(
    r"\b(?:since\s+(?:the\s+)?(?:start|beginning|outbreak|onset)|since\s+the\s+(?:war|invasion|conflict)|"
    rf"since\s+(?:{MONTH_NAMES}|\d{{4}}|last\s+(?:year|month|spring|summer|autumn|fall|winter))|"
    r"since\s+last\s+\w+|since\s+(?:Russia|the\s+full)|since\s+then|as\s+of|so\s+far|to\s+date|a\s+total\s+of\s+\d[\d,]*\s+(?:exchanges|swaps)|"
    r"(?<!of\s)(?<!earlier\s)(?<!later\s)this\s+year(?!\s+(?:on|in)\b)|over\s+the\s+course\s+of|throughout\s+(?:the\s+)?(?:war|conflict|year)|during\s+(?:the|Russia['’]s)\s+"
    r"(?:full-scale\s+)?(?:war|invasion|conflict)|(?:this|last|past)\s+year\s+alone|"
    r"(?:in|during|over|through|across)\s+(?:more\s+than\s+|over\s+|some\s+|about\s+|at\s+least\s+)?"
    r"[\d,]+\s+(?:exchanges|swaps|rounds|repatriations|handovers)|last\s+year(?=\s*,)|in\s+all\b|"
    r"(?:has|have|had)\s+(?:now\s+)?helped\s+(?:to\s+)?(?:free|return|bring|release|repatriate|reunite)|(?:exchanges|swaps)\s+(?:conducted|held|carried\s+out)\s+(?:in|during|since|this)|"
    r"(?:in|during|over)\s+(?:the\s+)?(?:past|last)\s+(?:[\w-]+\s+)?(?:year|months|years|weeks)|every\s+(?:week|month)|"
    r"(?:in|during|throughout|over)\s+(?:19|20)\d{2}(?!\d|,\d)(?!\s+(?:(?:Ukrainian|Russian|fallen|captured)\s+)?"
    r"(?:bodies|soldiers|servicemen|prisoners|POWs|people|civilians|children|troops|captives|defenders|remains)\b)|"
    # "In total, 6,000 bodies have been returned": a sum with the perfect tense is a tally, not the day's figure
    r"(?:in\s+total|altogether|overall)(?=[^.;]*\b(?:have|has)\s+(?:now\s+|so\s+far\s+)?(?:been|returned|received|freed|brought))|"
    r"(?:have|has)\s+(?:now\s+)?(?:been\s+)?(?:received|returned|freed|repatriated|exchanged|brought\s+\w+)\b[^.;]{0,40}?"
    r"\b(?:in\s+total|altogether|overall)|"
    r"each\s+(?:week|month)|per\s+(?:week|month)|cumulative\w*|(?:this|last|past)\s+(?:month|week)\s+alone|"
    r"(?:have|has)\s+now\s+been\s+(?:returned|freed|released|repatriated|brought\s+\w+)|"
    r"(?:bringing|brings|brought|raising|raises|raised|taking|takes|pushing|pushes|pushed)\s+(?:the|its|their)\s+"
    r"(?:overall\s+|total\s+)?(?:total|number|tally|count)\b)\b",
    re.I,
)
# Things happening to people that are not a handover: casualties, captures, surrender.
NOT_HANDOVER = re.compile(
    r"\b(?:killed|died|deaths?|wounded|injured|lost|captured|taken\s+prisoner|surrender\w*|missing|"
    r"detain(?:s|ed|ing)|deport\w*|displaced|taken(?!\s+back)|remain(?:s|ed|ing)?|still\s+(?:held|in)|"
    r"(?:are|is|were|being)\s+(?:still\s+)?held|holds|holding|abduct\w*|recruit\w*|interview\w*|questioned|surveyed|mobili[sz]ed|conscripted|enlisted|convicted|sentenced|identified|onboard|on\s+board)\b",
    re.I,
)
# A part named between commas ("14 civilians, including two women, were freed"): the number before it and
# its predicate after it belong together.
PARENTHETICAL = re.compile(
    r",\s+(?:including|among\s+(?:them|whom)|of\s+whom|such\s+as|aged|mostly|mainly|"
    r"(?:held|captured|detained|imprisoned|taken\s+prisoner)\s+(?:since|in|for|near|at)\b)[^,;.:]{0,80},",
    re.I,
)
# Words joining a second number to the first, which shares its predicate: "56 soldiers and 2 civilians".
JOINED_BY = r"(?:and|as\s+well\s+as|plus|together\s+with|along\s+with|alongside)"
# ... and after a comma only these: "150 soldiers came home, along with 12 civilians".
JOINED_AFTER_COMMA = r",\s+(?:together|along)\s+with\s+$"

# Sub-groups of a number already given: "including 14 officers", "six of them", "among them 3 women".
SUBGROUP_BEFORE = re.compile(
    r"(?:\b(?:including|includes|included|incl\.|among\s+(?:them|whom|those|the\s+\w+)(?:\s+\w+){0,2}?|of\s+whom|of\s+these|"
    r"of\s+them|such\s+as|notably|mostly|mainly|most\s+of\s+them|half\s+of\s+them)\s*(?:were\s+|are\s+)?"
    r"(?:also\s+)?(?:about\s+|some\s+|nearly\s+|almost\s+|over\s+|more\s+than\s+|at\s+least\s+)?|\(\s*)$",
    re.I,
)
SUBGROUP_AFTER = re.compile(r"^\s*(?:of\s+(?:them|whom|these|those|the\s+\w+)\b|\))", re.I)
# "Seven defenders from the region are among the 115 who returned", "two priests among ten civilians freed"
AMONG_A_WHOLE = re.compile(r"[^.;:\d]{0,60}?\bamong\s+(?:the|those)\s+(?:freed|released|returned|rescued|exchanged|swapped)\b|[^.;:\d]{0,60}?\b(?:are|were|is|was)?\s*(?:among|part\s+of)\s+(?:the\s+)?[\d,]+\b|[^.;:\d]{0,60}?\b(?:are|were|is|was)?\s*among\s+(?:the\s+)?(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundred)\b", re.I)
# "the first stage of a 500-for-500 swap": the planned whole of which a stage is told
STAGE_OF = re.compile(r"\b(?:first|second|third|fourth|final|next|last|initial)\s+(?:stage|phase|part|round|batch|leg)\s+of\s+(?:an?\s+|the\s+)?(?:planned\s+|agreed\s+|larger\s+)?(?:[\d,]+\s*-?\s*for\s*-?\s*)?$", re.I)
# "146 of those freed had been held for three years": a part of the figure given before, wherever that was
PART_OF_THE_FREED = re.compile(
    r"^\s*of\s+(?:those|them|these|the\s+people|the\s+prisoners)\s+(?:freed|released|returned|exchanged|repatriated|rescued|swapped)\b",
    re.I,
)
# One number for each side: "157 prisoners each", "300-for-300", "120 for 120".
EACH_AFTER = re.compile(
    r"^[^.;:,\d]{0,60}?(?:\band\s+[\d,]+\b[^.;:,\d]{0,40}?)?"  # "270 soldiers and 120 civilians were returned to each side"
    r"\b(?:each|apiece|per\s+side|from\s+each\s+side|on\s+each\s+side|to\s+each\s+side)\b",
    re.I,
)
N_FOR_N = re.compile(r"\b(\d[\d,]*)\s*(?:-\s*for\s*-|\s+(?:[\w-]+\s+){0,4}?for\s+)\s*(\d[\d,]*)\b", re.I)
# "Russia and Ukraine each released 75", "each side freed 103": one figure per side.
EACH_BEFORE = re.compile(
    r"\b(?:each|both\s+sides|both\s+countries)\s+(?:[\w-]+\s+){0,2}"
    r"(?:[\d,]+\s+(?:[\w-]+\s+){0,3}?(?:and|as\s+well\s+as|plus)\s+)?$",  # "... each returned 146 servicemen and eight"
    re.I,
)
# "Of the 300 freed, 20 were women": what follows the comma is a part of the number named first.
OF_THE_N = re.compile(r"^\W*of\s+(?:the|these|those)\s+[\d,]+\b[^,;]*,", re.I)
# "they exchanged a combined 300 prisoners": one figure for both sides.
COMBINED = re.compile(r"\b(?:a\s+)?combined(?:\s+total\s+of)?\s*$", re.I)
# Both sides together: "Russia and Ukraine exchanged 1,029", "were exchanged between Moscow and Kyiv".
_SIDE_NAMES = r"(?:Russia|Ukraine|Moscow|Kyiv|Kiev|Russian|Ukrainian)"
RECIPROCAL = re.compile(
    rf"\b(?:{_SIDE_NAMES}(?:\s+and|\s*,|\s*&)\s+{_SIDE_NAMES}|both\s+(?:sides|countries)|the\s+two\s+(?:sides|countries)|"
    rf"the\s+sides|the\s+parties)\b[^.;]{{0,50}}?\b(?:exchang\w*|swap\w*|traded|released|freed)\b"
    rf"|\b(?:from|of|by)\s+both\s+sides\b"
    rf"|\b(?:exchang\w*|swap\w*|traded)\b[^.;]{{0,60}}?\bbetween\s+(?:the\s+)?{_SIDE_NAMES}\w*\s+and\s+{_SIDE_NAMES}"
    rf"|\b(?:exchange|swap)\s+of\s+(?:the\s+)?(?:bodies\s+of\s+|remains\s+of\s+)?$"
    rf"|\b(?:release|exchange|swap|return|repatriation)s?\s+(?:by|between|involving)\s+(?:both\s+)?{_SIDE_NAMES}\s+and\s+{_SIDE_NAMES}\s+of\b"
    rf"|\b(?:held|captured|detained|imprisoned)\s+by\s+(?:both\s+sides|{_SIDE_NAMES}\s+and\s+{_SIDE_NAMES})\b"
    rf"|\b(?:exchang(?:ed|ing)|swapp(?:ed|ing)|trad(?:ed|ing))\s+a\s+total\s+of\s*$",
    re.I,
)

# --------------------------------------------------------------------------
# A figure given to replace an earlier one: "later revised the figure to 77", "it later said 146 had come home".
REVISION = re.compile(
    # "it later said 146": the same source revising; "Putin later said 81" is another source's figure
    r"\b(?:revised|corrected|updated|amended|(?:it|they|he|she)\s+later\s+(?:said|put|gave|reported|confirmed)|"
    r"now\s+(?:says|puts|gives)|"
    r"(?:raised|lowered|increased|reduced)\s+(?:the|its|their)\s+(?:figure|number|count|tally)|correct\s+(?:figure|number|count))\b",
    re.I,
)

# --------------------------------------------------------------------------
# Readings that are no handover of people, and who a passive return went to
# --------------------------------------------------------------------------

# "1,500 families received food kits": people who got goods, not people handed over.
GETS_GOODS = re.compile(
    r"\s*(?:have\s+|has\s+|had\s+)?(?:received|receive|got|get|were\s+given|was\s+given)\s+(?!back|home)(?:[\w-]+\s+){0,2}?"
    r"(?:kits?|aid|payments?|compensation|assistance|support|food|supplies|parcels|packages|money|funds|vouchers|"
    r"medicines?|treatment|care|documents|passports|certificates|news|word|appeals|calls|messages|letters|requests|information|updates|confirmation)\b",
    re.I,
)

# "has received 7,000 bodies": with a tally elsewhere in the sentence, a running total.
PERFECT_HANDOVER = re.compile(
    r"\b(?:has|have)\s+(?:also\s+|only\s+|so\s+far\s+)?(?:been\s+)?(?:received|returned|freed|released|repatriated|brought|handed|got|exchanged)\b", re.I
)

# "negotiations resulted in the return of 146": a plan word that led to a handover.
RESULTED = re.compile(r"\b(?:resulted\s+in|led\s+to|ended\s+with|culminated\s+in|secured|achieved)\b", re.I)

# "the city bid farewell to 12 defenders whose bodies were repatriated": a funeral, not a handover.
FUNERAL = re.compile(r"\b(?:buried|burial|funerals?|farewell|laid\s+to\s+rest|mourn\w*|commemorat\w*|reburied)\b", re.I)

# "five more than in the previous one": a difference, not a count of people.
COMPARISON = re.compile(r"\s+(?:more|fewer|less)\s+than\b", re.I)

# "the bodies of 49 soldiers had been returned, Kyiv said": returned to the side saying it.
PASSIVE_RETURN = re.compile(
    r"\b(?:were|was|had\s+been|have\s+been|has\s+been)\s+(?:\w+\s+)?(?:returned|repatriated|brought\s+(?:back|home))\b(?!\s+(?:to|by)\b)",
    re.I,
)



def tally_in(text: str) -> re.Match[str] | None:
    """The words naming a running total over a period in ``text`` (ordinals, ranks and captivity periods aside)."""
    return TALLY.search(NOT_A_TALLY.sub(" ", ORDINAL_SINCE.sub(" ", text)))


def is_tally(text: str) -> bool:
    return tally_in(text) is not None


# --------------------------------------------------------------------------
# Time: earlier exchanges
# --------------------------------------------------------------------------

EARLIER = re.compile(
    rf"\b(?:earlier(?!\s+(?:today|tonight|in\s+the\s+day|this\s+(?:morning|afternoon|evening)|on\s+(?:that\s+day|the\s+same\s+day|{WEEKDAY_NAMES})))|at\s+the\s+time|previous(?:ly)?|prior\s+to\s+(?:this|that)|before\s+(?:this|that|then)|last\s+(?:exchange|swap|repatriation|time)|"
    r"(?:the\s+)?last\s+(?:major\s+)?(?:exchange|swap)|most\s+recent\s+(?:exchange|swap)\s+before|"
    r"at\s+that\s+time|in\s+the\s+past|last\s+(?:conducted|held|carried\s+out)|another\s+earlier)\b",
    re.I,
)

# --------------------------------------------------------------------------
# Clauses
# --------------------------------------------------------------------------

# A sentence's segments: what one gate (plan, failure, tally) governs.
SEGMENT_BREAK = re.compile(
    r"\s*\n\s*(?:[-*•·–]|\d{1,2}[.)])?\s*|\s*[;:]\s+|,?\s+(?:but|while|whereas|although|though|after|before|when|because|"
    r"a\s+(?:week|day|month)\s+after|days?\s+after|weeks?\s+after|following)\s+|[\"“”]\s*|,\s+(?=as\s)(?!as\s+well\s+as\b)(?!as\s+of\b)",
    re.I,
)
# Clause boundaries inside a segment: commas and "and" (but "Russia and Ukraine" is one subject).
_SIDE_WORD = r"(?:Russia|Ukraine|Moscow|Kyiv|Kiev)"
CLAUSE_BREAK = re.compile(
    rf"\n\s*(?:[-*•·–]|\d{{1,2}}[.)])?\s*|[;:]|,\s+|\s+(?:while|whereas|but|as)\s+|(?<!Russia)(?<!Ukraine)(?<!Moscow)(?<!Kyiv)(?<!Kiev)\s+and\s+"
    rf"|\s+and\s+(?!{_SIDE_WORD}\b)",
    re.I,
)


def segment_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The segment of ``text`` (a sentence) holding [start, end)."""
    left, right = 0, len(text)
    for m in SEGMENT_BREAK.finditer(text):
        if m.end() <= start:
            left = m.end()
        elif m.start() >= end:
            right = m.start()
            break
    return left, right


def clause_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The clause of ``text`` (a sentence) holding [start, end), trimmed of spaces and end punctuation."""
    left, right = 0, len(text)
    for m in CLAUSE_BREAK.finditer(text):
        if m.end() <= start:
            left = m.end()
        elif m.start() >= end:
            right = m.start()
            break
    clause = text[left:right]
    lead = len(clause) - len(clause.lstrip())
    trail = len(clause.rstrip(" .,;:"))
    return left + lead, left + max(trail, end - left)


# "the fourth such exchange since the spring, and 40 came home": an ordinal, not a tally.
ORDINAL_SINCE = re.compile(
    r"\b(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d+(?:st|nd|rd|th)|latest|largest|biggest)"
    r"\s+(?:such\s+)?(?:(?:[\w-]+\s+)?(?:swap|exchange|repatriation|return|release|handover|transfer)\w*\s+)?since\s+"
    r"(?:(?:Russia|Moscow)\s+(?:launched|began|started)\s+(?:its\s+)?(?:full-scale\s+)?(?:invasion|war)(?:\s+of\s+Ukraine)?"
    r"(?:\s+in\s+(?:February\s+)?\d{4})?|the\s+(?:start|beginning|outbreak)\s+of\s+the\s+\w+|last\s+\w+|the\s+\w+|\w+)(?:\s+\d{4})?"
    # "the seventh swap since May involving 500 soldiers" (no comma): which swaps are counted, not this one's figure
    r"(?:\s+(?:involving|with|of)\s+[^,;.]*)?",
    re.I,
)
# Where a plan, a failure or a tally stops governing: ", and a further 300 could be returned" is its own clause.
GATE_BREAK = re.compile(
    rf"{SEGMENT_BREAK.pattern}|,\s+(?:and|but|while)\s+|,\s+(?=(?:bringing|raising|taking|pushing)\b)"
    # a reported second clause: "... said 380 had come home and that the rest would follow", ", adding that ..."
    rf"|\s+and\s+that\s+|,\s+(?:adding|saying|noting|stressing|explaining|warning)\s+(?:that\s+)?",
    re.I,
)
# Opening words of a sentence that breaks down a number already given.
BREAKDOWN_OPENING = re.compile(
    r"^\W*(?:in\s+particular|specifically|among\s+them|among\s+those|of\s+them|of\s+these|of\s+those|this\s+includes|"
    r"these\s+include|they\s+include|including|in\s+detail|namely|of\s+(?:the|these|those)\s+[\d,]+(?=\s*,)|(?:most|many|some|half|part|the\s+majority)\s+of\s+(?:the|them|these|those))\b",
    re.I,
)
# "N for N" said of the other side: "for an equal number", "the same number".
SAME_NUMBER = re.compile(
    r"\b(?:the\s+same\s+number|an\s+equal\s+number|the\s+same\s+amount|a\s+like\s+number|as\s+many(?!\s+as))\b", re.I
)
# Passive exchange with no receiver: "418 captives were traded" counts both sides.
PASSIVE_EXCHANGE = re.compile(r"^\s*(?:were|have\s+been|had\s+been|was|are|being)\s+(?:exchanged|swapped|traded)\b(?!\s+for\b)", re.I)
# Living people: what makes "soldiers" prisoners rather than bodies.
LIVING = re.compile(
    r"\b(?:prisoners?|POWs?|PoWs?|captiv\w*|captured|freed|alive|rescued|liberated|released|release|"
    r"medical\s+(?:care|treatment|assistance)|rehabilitation|hugging|reunited|came\s+home|(?:are|is)\s+(?:back\s+)?home)\b",
    re.I,
)
GENERIC_SOLDIERS = re.compile(
    r"\b(?:soldiers?|troops|servicem[ae]n|servicewom[ae]n|service\s*(?:members?|people|personnel)|servicepeople|"
    r"military(?:\s+(?:personnel|men|women))?|personnel|defenders?|fighters?|heroes|warriors?)\b",
    re.I,
)


# --------------------------------------------------------------------------
# Mediators: one name each, with the ways articles write it
# --------------------------------------------------------------------------

MEDIATORS = {
    "International Committee of the Red Cross": r"International Committee of the Red Cross|\bICRC\b|Red Cross",
    "United Arab Emirates": r"United Arab Emirates|\bUAE\b",
    "Qatar": r"\bQatar\b",
    "Saudi Arabia": r"Saudi Arabia",
    "Turkey": r"\bTurkey\b|\bTürkiye\b",
    "Vatican": r"\bVatican\b|Holy See",
    "United States": r"United States|\bUS\b|\bU\.S\.",
}


def canonical_mediator(name: str) -> str:
    """The one name of a mediator as written any way ("ICRC" -> "International Committee of the Red Cross")."""
    for canonical, pattern in MEDIATORS.items():
        if re.fullmatch(pattern, name.strip()):
            return canonical
    return name.strip()
