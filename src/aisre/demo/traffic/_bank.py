"""The bank of questions: templates (``queries.json``) filled from the knowledge base.

Passage titles give the knowledge-base sources of the templates: a title in
the gerund gives an *action* ("Rotating an API key" → "rotate an API key"),
a troubleshooting title a *problem*, an error title an *error* code and
message, a release-notes title a *release*, any other a *topic*. Every
template is expanded once per process into a pool of finished questions, so
that drawing one costs two random numbers.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from itertools import product
from string import Formatter
from typing import Any

from aisre.demo.service import GoldenCase, load_golden, load_passages

__all__ = ["Cell", "QueryBank", "cumulative", "query_bank"]

Row = dict[str, str]

_RELEASE = re.compile(r"^Release (\d{4}\.\d{2}): (.+)$")
_RELEASE_NOTES = re.compile(r"^(.+ \d+\.\d+\.\d+) release notes$")
_ERROR = re.compile(r"^(RLY-\d{4})(?: and (RLY-\d{4}))? (.+)$")
_TROUBLESHOOTING = "Troubleshooting: "


@dataclass(frozen=True, slots=True)
class Cell:
    """The questions of one language and query type.

    Attributes:
        cum_weights: Cumulative shares of the families (see :func:`cumulative`).
        families: Per family, one pool of finished questions per template.
    """

    cum_weights: tuple[float, ...]
    families: tuple[tuple[tuple[str, ...], ...], ...]


@dataclass(frozen=True, slots=True)
class QueryBank:
    """Every question the generator can ask, by language and query type.

    Attributes:
        cells: ``(language, query_type)`` → the generated questions.
        golden: ``(language, query_type)`` → the golden cases.
        greetings, thanks: Per language, what users open and close with.
        contexts: Per language, one pool per template of what users tell
            about themselves first ("We're on the Team plan.").
    """

    cells: Mapping[tuple[str, str], Cell]
    golden: Mapping[tuple[str, str], tuple[GoldenCase, ...]]
    greetings: Mapping[str, tuple[str, ...]]
    thanks: Mapping[str, tuple[str, ...]]
    contexts: Mapping[str, tuple[tuple[str, ...], ...]]


@cache
def query_bank() -> QueryBank:
    """The bank, built once per process from ``queries.json`` and the knowledge base."""
    data = json.loads((files("aisre.demo.traffic") / "queries.json").read_text(encoding="utf-8"))
    slots: dict[str, list[str]] = data["slots"]
    sources = _kb_sources(_titles(), data["gerunds"], set(data["keep_case"]))
    cells: dict[tuple[str, str], Cell] = {}
    greetings, thanks, contexts = {}, {}, {}
    for language, spec in data["languages"].items():
        greetings[language] = tuple(spec["greetings"])
        thanks[language] = tuple(spec["thanks"])
        contexts[language] = tuple(tuple(_fill(t, {}, slots)) for t in spec["contexts"])
        for query_type, families in spec["types"].items():
            cells[(language, query_type)] = _cell(families, sources, slots)
    golden: dict[tuple[str, str], list[GoldenCase]] = {}
    for case in load_golden():
        golden.setdefault((case.language, case.query_type), []).append(case)
    return QueryBank(
        cells=cells,
        golden={key: tuple(cases) for key, cases in golden.items()},
        greetings=greetings,
        thanks=thanks,
        contexts=contexts,
    )


def _titles() -> list[str]:
    """The titles of the knowledge-base passages, in id order."""
    return [passage.title for passage in load_passages()]


def cumulative(weights: list[float]) -> tuple[float, ...]:
    """Cumulative shares of ``weights``, ending at exactly 1.0.

    So ``items[bisect_right(shares, rng.random())]`` draws an item by weight:
    the uniform draw is below 1.0, hence the index is never out of range.
    """
    total, out = 0.0, []
    for weight in weights:
        total += weight
        out.append(total)
    return (*(share / total for share in out[:-1]), 1.0)


def _cell(
    families: Sequence[Mapping[str, Any]], sources: Mapping[str, list[Row]], slots: dict[str, Any]
) -> Cell:
    weights: list[float] = []
    pools: list[tuple[tuple[str, ...], ...]] = []
    for family in families:
        local = dict(slots)
        for name, values in family.get("slots", {}).items():
            local[name] = [q for value in values for q in _fill(value, {}, slots)]
        rows = sources[family["source"]] if "source" in family else [{}]
        expanded = tuple(
            pool
            for template in family["templates"]
            if (pool := tuple(q for row in rows for q in _fill(template, row, local)))
        )
        if expanded:
            weights.append(float(family["weight"]))
            pools.append(expanded)
    if not pools:
        raise ValueError("a query type has no template that can be filled")
    return Cell(cumulative(weights), tuple(pools))


def _fill(template: str, row: Row, slots: Mapping[str, Sequence[str]]) -> list[str]:
    """Every filling of ``template``: ``row``'s values, then each combination of slot values."""
    names = list(dict.fromkeys(n for _, n, _, _ in Formatter().parse(template) if n))
    if any(name in row and not row[name] for name in names):
        return []  # the row lacks a value the template needs (a release without a feature)
    free = [name for name in names if name not in row]
    sentence = template.rstrip().endswith(("?", ".", "!"))
    filled = []
    for combination in product(*(slots[name] for name in free)):
        text = template.format(**row, **dict(zip(free, combination, strict=True)))
        filled.append(text[:1].upper() + text[1:] if sentence else text)
    return filled


def _kb_sources(
    titles: Sequence[str], gerunds: Mapping[str, str], keep: set[str]
) -> dict[str, list[Row]]:
    """The rows of each knowledge-base source, read from the passage titles."""
    sources: dict[str, list[Row]] = {
        k: [] for k in ("topic", "action", "problem", "error", "release")
    }
    for title in titles:
        first = title.split()[0].lower()
        if match := _ERROR.match(title):
            for code in filter(None, match.group(1, 2)):
                sources["error"].append({"code": code, "message": match.group(3)})
        elif match := _RELEASE.match(title):
            feature = _noun_phrase(match.group(2), keep)
            sources["release"].append({"version": f"release {match.group(1)}", "feature": feature})
        elif match := _RELEASE_NOTES.match(title):
            sources["release"].append({"version": match.group(1), "feature": ""})
        elif title.startswith(_TROUBLESHOOTING):
            sources["problem"].append({"problem": title.removeprefix(_TROUBLESHOOTING)})
        elif first in gerunds:
            action = title.split(":")[0].split(" ", 1)
            rest = f" {action[1]} " if len(action) > 1 else " "
            verb = gerunds[first] + rest.replace(" your ", " my ")
            sources["action"].append({"action": verb.strip()})
        elif first not in ("what", "how") and not re.search(r" (is|are) ", title):
            sources["topic"].append({"topic": _noun_phrase(title.split(": ")[-1], keep)})
    return sources


def _noun_phrase(title: str, keep: set[str]) -> str:
    """A title as it reads mid-sentence: the first word lower-cased unless a name or acronym."""
    first, _, rest = title.partition(" ")
    if (
        first.split("-")[0] in keep
        or any(c.isupper() for c in first[1:])
        or not first[:1].isupper()
    ):
        return title
    return f"{first.lower()} {rest}".rstrip()
