"""The words the fact reader knows: stopwords, negations, number words, units, dates."""

from __future__ import annotations

STOPWORDS = frozenset(
    """
    a an the and or but if then else of to in on at by for with from as into onto about
    is are was were be been being am do does did done doing have has had having can
    could will would shall should may might must i me my we our us you your he him his
    she her it its they them their this that these those there here what which who whom
    whose when where why how not no nor so than too very just also only own same such
    both each few more most other some any all up down out over under again further once
    s t get gets got use uses used using please yes let lets via per within while
    whether because since until upon across after before between through during without
    within one ones another every etc e g ie eg i.e e.g like well even still yet though
    although however thus therefore cannot can't don don't doesn doesn't isn isn't aren
    aren't won won't wasn weren shouldn didn hasn haven couldn never none
    """.split()  # noqa: SIM905
)

# Words that start sentences without being names (imperatives, connectives).
COMMON_STARTS = frozenset(
    """
    yes no note notes first second third then next finally also however generally
    typically usually otherwise instead once when after before while if for to in on at
    by with from each every most all new free only both either neither none some many
    few more less install use run set go click open create add remove delete enable
    disable choose select make see check call send read write keep ask contact sign log
    visit find update upgrade there here this that these those it its they their you
    your we our he she his her
    """.split()  # noqa: SIM905
)

NEGATIONS = frozenset(
    """
    not no never cannot can't cant don't dont doesn't doesnt isn't isnt aren't arent
    won't wont wasn't wasnt weren't werent shouldn't shouldnt mustn't mustnt hasn't
    hasnt haven't havent didn't didnt couldn't couldnt without none neither nor unable
    """.split()  # noqa: SIM905
)

NUMBER_WORDS = {
    "zero": 0,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "ninety": 90,
    "hundred": 100,
    "thousand": 1000,
    "once": 1,
    "twice": 2,
    "single": 1,
    "double": 2,
    "half": 0.5,
    "dozen": 12,
}
SCALES = {
    "thousand": 1e3,
    "k": 1e3,
    "million": 1e6,
    "m": 1e6,
    "mn": 1e6,
    "billion": 1e9,
    "bn": 1e9,
    "b": 1e9,
    "trillion": 1e12,
}
UNITS = {
    "ms": "millisecond",
    "msec": "millisecond",
    "millisecond": "millisecond",
    "s": "second",
    "sec": "second",
    "secs": "second",
    "second": "second",
    "min": "minute",
    "mins": "minute",
    "minute": "minute",
    "h": "hour",
    "hr": "hour",
    "hrs": "hour",
    "hour": "hour",
    "day": "day",
    "week": "week",
    "wk": "week",
    "month": "month",
    "mo": "month",
    "year": "year",
    "yr": "year",
    "decade": "decade",
    "century": "century",
    "%": "%",
    "percent": "%",
    "per cent": "%",
    "pct": "%",
    "kb": "kb",
    "kib": "kb",
    "mb": "mb",
    "mib": "mb",
    "gb": "gb",
    "gib": "gb",
    "tb": "tb",
    "tib": "tb",
    "byte": "byte",
    "kilobyte": "kb",
    "megabyte": "mb",
    "gigabyte": "gb",
    "terabyte": "tb",
    "$": "$",
    "usd": "$",
    "dollar": "$",
    "€": "€",
    "eur": "€",
    "euro": "€",
    "£": "£",
    "gbp": "£",
    "pound": "£",
    "mile": "mile",
    "km": "km",
    "kilometre": "km",
    "kilometer": "km",
    "metre": "m",
    "meter": "m",
    "foot": "foot",
    "feet": "foot",
    "kg": "kg",
    "kilogram": "kg",
    "lb": "lb",
}
MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
MONTH_ABBR = {m[:3]: m for m in MONTHS} | {"sept": "september"}
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
WEEKDAY_ABBR = {d[:3]: d for d in WEEKDAYS}
