"""The words the finders look for: one table per kind of word, in English and French.

Every pattern that reads meaning into a text lives here, so that a word a new release uses
('convened', 'en ligne', 'statut d’observateur') is added once and every finder sees it:

- languages: ``COMMON_WORDS``;
- numbers: ``ORDINALS`` ('third', 'troisieme') and ``COUNTS`` ('two previous editions');
- meetings: ``MEETING_NOUNS`` (what a meeting is called), ``GATHERED`` (verbs of coming
  together, shared by the meeting, host and participant words), ``HELD``, ``PAST``, ``FORMATS``
  (how the meeting was held) and ``ATTENDANCE`` (how one body attended);
- roles: ``ROLES`` (observer, member, participant, in that order of precedence), ``CO_HOST``,
  ``HOST_BEFORE``/``HOST_AFTER``, ``OBSERVER_MARK`` and ``PARTIAL_LIST``;
- names: ``CAP_WORD`` (a capitalised word), ``POSSESSIVE``, ``ORG_NAME`` (organisation names that
  look like bodies), places (``DATELINE``, ``IN_CITY_COUNTRY``, ``IN_CITY``, ``AT_VENUE``) and
  ``NAME_USED``.

Patterns marked *folded* are matched against ``dates.fold(text)`` (lower case, no accents); the
others against the text as written, where capitals matter.
"""

from __future__ import annotations

import re

# The commonest words of each language a source may be in (the source's language is the one
# whose words it uses most).
COMMON_WORDS: dict[str, frozenset[str]] = {
    "en": frozenset("the and of to is for in with on that".split()),
    "fr": frozenset("le la les des du et est une pour dans".split()),
}

# ---------------------------------------------------------------------------------------------
# Numbers (folded)

ORDINALS: dict[str, int] = {
    **dict.fromkeys(["first", "premier", "premiere", "1st", "1er", "1re"], 1),
    **dict.fromkeys(["second", "deuxieme", "seconde", "2nd", "2e", "2eme"], 2),
    **dict.fromkeys(["third", "troisieme", "3rd", "3e", "3eme"], 3),
    **dict.fromkeys(["fourth", "quatrieme"], 4),
    **dict.fromkeys(["fifth", "cinquieme"], 5),
    **dict.fromkeys(["sixth", "sixieme"], 6),
    **dict.fromkeys(["seventh", "septieme"], 7),
    **dict.fromkeys(["eighth", "huitieme"], 8),
    **dict.fromkeys(["ninth", "neuvieme"], 9),
    **dict.fromkeys(["tenth", "dixieme"], 10),
    **dict.fromkeys(["eleventh", "onzieme"], 11),
    **dict.fromkeys(["twelfth", "douzieme"], 12),
}
# How many earlier meetings a sentence lists ('the two previous editions', 'les deux precedentes').
COUNTS: dict[str, int] = {"two": 2, "three": 3, "four": 4, "five": 5, "deux": 2, "trois": 3}

# ---------------------------------------------------------------------------------------------
# Meetings (folded)

# What a meeting is called; an ordinal before an edition noun ('third edition') numbers it.
_EDITION_NOUNS = "edition|dialogue|meeting|session|edicion|reunion"
MEETING_NOUNS = re.compile(
    rf"\b(?:{_EDITION_NOUNS}|conference|gathering|forum|summit|working group|rencontre)s?\b"
)
ORDINAL = re.compile(
    r"\b("
    + "|".join(sorted(ORDINALS, key=len, reverse=True))
    + r"|\d{1,2}(?:st|nd|rd|th|e|eme|er|re))"
    rf"\s+(?:[\w’'-]+\s+){{0,3}}?({_EDITION_NOUNS})\b"
)
# Verbs of coming together: a meeting was held, a host convened it, bodies took part in it.
GATHERED = "brought together|gathered|came together"
HELD = re.compile(
    r"\b(?:held|hold|took place|take place|takes place|during|convened|met|meet|meeting|"
    rf"hosted|opened|{GATHERED}|two-day|three-day|"
    r"s[’']est tenue?|se tiendra|se tient|a eu lieu|a reuni|reunit)\b"
)
PAST = re.compile(
    r"\b(?:previous|preceding|prior|former|earlier|last|past|precedente?s?|derniere|since)\b"
)
# 'the two previous editions', 'les deux precedentes': group 1 or 2 is the count word.
PREVIOUS_COUNT = re.compile(r"\b(\w+)\s+previous\b|\bles\s+(\w+)\s+precedentes\b")
# How a meeting was held (value, pattern for the meeting) and how a body attended it (value,
# pattern for a sentence naming the body): a body's sentence needs fewer words than a meeting's.
FORMATS = (
    ("hybrid", re.compile(r"\bhybrid[e]?\b")),
    (
        "virtual",
        re.compile(
            r"\b(?:virtual(?:ly)? (?:meeting|format|session|dialogue|edition|event|conference)|"
            r"(?:held|met|meeting|took place|convened) (?:virtually|online)|online meeting|"
            r"video ?conferenc\w*|visioconference|en ligne)\b"
        ),
    ),
    ("in_person", re.compile(r"\b(?:in[- ]person|face[- ]to[- ]face|en presentiel)\b")),
)
ATTENDANCE = (
    ("virtual", re.compile(r"\b(?:virtual(?:ly)?|online|by video|en ligne)\b")),
    ("in_person", re.compile(r"\b(?:in[- ]person|physical attendance|en presentiel)\b")),
)
# Just before or after a body's name: the body is part of the meeting's name ('the INTERPOL
# Dialogue'), not a participant.
DIALOGUE_BEFORE = re.compile(r"dialogue\s*$")
DIALOGUE_AFTER = re.compile(r"^[’']?s?\s*dialogue\b")

# ---------------------------------------------------------------------------------------------
# Roles (folded)

# The role a sentence gives the bodies it names; the first that matches wins.
ROLES = (
    (
        "observer",
        re.compile(
            r"\bobserv(?:er|ers|ateur|ateurs|ing organi[sz]ations?)\b|statut d[’']observateur"
        ),
    ),
    (
        "member",
        re.compile(
            r"\bmembership\b|\bmembers? of the dialogue\b|\bmember organi[sz]ations\b|"
            r"\bthe dialogue (?:includes|comprises|is comprised of|is made up of)\b|"
            r"\bmembres du dialogue\b"
        ),
    ),
    (
        "participant",
        re.compile(
            r"\b(?:including|includes|representatives?|participants?|participated|participating|"
            rf"took part|attended|attending|delegates?|delegations?|{GATHERED}|"
            r"come together|joined|heads? of|senior officials|reunit|reuni|participe\w*|"
            r"notamment)\b"
        ),
    ),
)
CO_HOST = re.compile(r"\bco-?(?:hosted|host|organi[sz]ed|organise)\b|\bjointly hosted\b")
HOST_BEFORE = re.compile(
    r"(?:co-?)?(?:hosted|organi[sz]ed|convened|organise|accueilli|organisee?)\s+(?:by|par)\s+"
    r"(?:the\s+|l[’']|la\s+|le\s+)?$|"
    r"\bat the invitation of\s+(?:the\s+)?$|\bunder\s+(?:the\s+)?$|"
    r"\bsous l[’']egide\s+(?:mondiale\s+)?d[’']$"
)
HOST_AFTER = re.compile(
    r"^(?:[’']s\s+(?:global\s+)?(?:umbrella|auspices|aegis)"
    r"|\s+(?:has|have)\s+(?:brought together|gathered|convened|hosted)|\s+hosted\b)"
)
# Between two hosts: 'hosted by X and Y'.
AND_NEXT = re.compile(r",?\s+(?:and|et)\s+(?:the\s+)?")
# Right after a body's name: 'UNODC (as an observer)'.
OBSERVER_MARK = re.compile(r"\W{0,3}(?:as\s+)?(?:an?\s+)?observ")
# A list of bodies that says it is not complete (matched as written).
PARTIAL_LIST = re.compile(r"\b(?:including|among|such as|notamment)\b")

# ---------------------------------------------------------------------------------------------
# Names (as written)

CAP_WORD = r"(?:[A-Z][\w’'-]*)"
# "the African Union's AFRIPOL": between an owner and what it owns.
POSSESSIVE = re.compile(r"[’']s\b")
OWNER_BETWEEN = re.compile(r"[’']s\s+(?:the\s+)?")
_ORG_HEAD = (
    r"(?:Organi[sz]ations?|Agency|Council|Office|Police|Commission|Union|Community|Centre|Center)"
)
# Organisation names that look like bodies: 'Pacific Islands Chiefs of Police', 'XYZ-POL'.
ORG_NAME = re.compile(
    rf"\b{CAP_WORD}(?:\s+(?:(?:of|for|on|the|de|des|du|la|le)\s+)*{CAP_WORD})*?\s+(?:of\s+)?{_ORG_HEAD}\b"
    rf"(?:\s+(?:of|for|on)\s+(?:the\s+)?{CAP_WORD}(?:\s+(?:and\s+)?{CAP_WORD})*)?"
    rf"|\b[A-Z]{{2,}}-?POL\b"
)
LEADING_WORD = re.compile(
    r"^(?:The|This|That|These|Its|Their|Our|And|In|At|From|With|By|For|Of)\s+"
)

# Places: 'LYON, France – ...', 'SINGAPORE – ...', '... (Lyon) – ...', 'in Lyon, France',
# 'in Singapore'; venues: 'at the INTERPOL Global Complex for Innovation'.
_PLACE_WORD = r"[A-Z][\w’'-]+"
DATELINE = re.compile(r"^([A-Z][A-Za-z .'’-]+?),\s+([A-Z][\w .'’-]+?)\s+[–—-]\s")
DATELINE_CITY = (
    re.compile(r"^([A-Z][A-Z .'’-]+?)\s+[–—-]\s"),
    re.compile(r"^.{0,80}?\(([A-Z][\w .'’-]+)\)\s+[–—-]\s"),
)
IN_CITY_COUNTRY = re.compile(
    rf"\b(?:in|à|en)\s+({_PLACE_WORD}(?:\s+{_PLACE_WORD})*),\s+"
    rf"((?:the\s+)?{_PLACE_WORD}(?:\s+(?:of\s+)?{_PLACE_WORD})*)"
)
IN_CITY = re.compile(rf"\b(?:in|à)\s+({_PLACE_WORD}(?:\s+{_PLACE_WORD})?)")
# Earlier meetings 'at the X in City' (named groups venue, city).
AT_VENUE_IN_CITY = re.compile(
    rf"\b(?:at\s+(?P<venue>(?:the\s+)?[A-Z][^,;.]*?)\s+)?in\s+(?P<city>{_PLACE_WORD}(?:\s+{_PLACE_WORD})?)"
)
AT_VENUE = re.compile(
    rf"\bat\s+(?:the\s+)?({CAP_WORD}(?:\s+(?:{CAP_WORD}|of|for|and|headquarters|"
    r"complex|secretariat))*)"
)
VENUE_TAIL = re.compile(r"\s+(?:of|for|and)$")
NOT_A_VENUE = re.compile(r"\b(?:Dialogue|Meeting|Edition|Session)\b", re.I)
# The name the text gives the Dialogue ('INTERPOL Dialogue on Security Cooperation').
NAME_USED = re.compile(
    r"(?:INTERPOL\s+)?Dialogue\s+on\s+(?:an?\s+)?[A-Z][\w-]*"
    r"(?:\s+(?:[A-Z][\w-]*|against|for|of|and|on))*"
)
NAME_TAIL = re.compile(r"\s+(?:against|for|of|and|on)$")
