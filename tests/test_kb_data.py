"""Integrity of the reference RAG service's knowledge base and golden dataset.

The data lives in ``aisre/demo/kb/`` and ships inside the package. It is read
through ``importlib.resources`` from the ``aisre`` package rather than
``aisre.demo``: the files are the same, but importing ``aisre.demo`` pulls in
the demo runner and its storage stack, which would dominate this test's run
time.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from datetime import date
from importlib.resources import files
from importlib.resources.abc import Traversable
from typing import Any

import pytest

KB_DIR: Traversable = files("aisre") / "demo" / "kb"

SECTIONS = {
    "getting-started",
    "plans-and-pricing",
    "billing",
    "account-management",
    "authentication",
    "security-compliance",
    "quotas-and-limits",
    "messaging",
    "webhooks",
    "sdks",
    "cli",
    "errors",
    "troubleshooting",
    "reliability",
    "support",
    "migration",
    "release-notes",
}
TARGET_SHARES = {
    "factual": 0.25,
    "how-to": 0.20,
    "policy": 0.20,
    "numeric": 0.20,
    "out-of-scope": 0.15,
}
SHARE_TOLERANCE = 0.07
LANGUAGES = {"en", "de", "fr", "es"}
RECENT_SINCE = date(2026, 11, 1)

PASSAGE_FIELDS = {"id": str, "title": str, "section": str, "text": str, "updated": str}
GOLDEN_FIELDS = {
    "id": str,
    "question": str,
    "query_type": str,
    "reference_answer": str,
    "supporting_ids": list,
    "answerable": bool,
    "language": str,
}
NUMBER = re.compile(r"\d[\d,.]*")


def _load(name: str) -> list[dict[str, Any]]:
    lines = (KB_DIR / name).read_text(encoding="utf-8").splitlines()
    assert all(line.strip() for line in lines), f"{name} has blank lines"
    return [json.loads(line) for line in lines]


def _numbers(text: str) -> set[str]:
    """Number tokens, with trailing punctuation dropped and thousands separators removed."""
    return {tok.rstrip(".,").replace(",", "") for tok in NUMBER.findall(text)}


@pytest.fixture(scope="module")
def passages() -> list[dict[str, Any]]:
    return _load("passages.jsonl")


@pytest.fixture(scope="module")
def golden() -> list[dict[str, Any]]:
    return _load("golden.jsonl")


@pytest.fixture(scope="module")
def by_id(passages: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {p["id"]: p for p in passages}


def _is_recent(passage: dict[str, Any]) -> bool:
    return date.fromisoformat(passage["updated"]) >= RECENT_SINCE


def test_files_ship_with_the_package() -> None:
    for name in ("passages.jsonl", "golden.jsonl", "README.md"):
        assert (KB_DIR / name).is_file(), name


def test_counts(passages: list[dict[str, Any]], golden: list[dict[str, Any]]) -> None:
    assert len(passages) >= 300
    assert len(golden) >= 220


def test_passage_fields_and_ids(passages: list[dict[str, Any]]) -> None:
    for n, p in enumerate(passages, start=1):
        assert set(p) == set(PASSAGE_FIELDS), p.get("id")
        for field, kind in PASSAGE_FIELDS.items():
            assert isinstance(p[field], kind) and p[field].strip(), (p["id"], field)
        assert p["id"] == f"kb-{n:04d}", "passage ids must be kb-0001, kb-0002, ... in order"
        assert p["section"] in SECTIONS, (p["id"], p["section"])
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", p["updated"]), p["id"]
        date.fromisoformat(p["updated"])


def test_passage_lengths(passages: list[dict[str, Any]]) -> None:
    bad = [(p["id"], n) for p in passages if not 40 <= (n := len(p["text"].split())) <= 120]
    assert not bad, f"passages outside 40-120 words: {bad}"


def test_passages_are_distinct(passages: list[dict[str, Any]]) -> None:
    texts = Counter(p["text"].strip().lower() for p in passages)
    titles = Counter(p["title"].strip().lower() for p in passages)
    assert not [t for t, c in texts.items() if c > 1], "duplicate passage texts"
    assert not [t for t, c in titles.items() if c > 1], "duplicate passage titles"


def test_every_section_is_used(passages: list[dict[str, Any]]) -> None:
    assert {p["section"] for p in passages} == SECTIONS


def test_recent_passages_exist(passages: list[dict[str, Any]]) -> None:
    recent = [p for p in passages if _is_recent(p)]
    assert 30 <= len(recent) <= 60, len(recent)


def test_golden_fields_and_ids(golden: list[dict[str, Any]]) -> None:
    for n, g in enumerate(golden, start=1):
        assert set(g) == set(GOLDEN_FIELDS), g.get("id")
        for field, kind in GOLDEN_FIELDS.items():
            assert isinstance(g[field], kind), (g["id"], field)
        for field in ("question", "reference_answer"):
            assert g[field].strip(), (g["id"], field)
        assert g["id"] == f"g-{n:03d}", "golden ids must be g-001, g-002, ... in order"
        assert g["query_type"] in TARGET_SHARES, (g["id"], g["query_type"])
        assert g["language"] in LANGUAGES, (g["id"], g["language"])
        assert all(isinstance(i, str) for i in g["supporting_ids"]), g["id"]
        assert len(set(g["supporting_ids"])) == len(g["supporting_ids"]), g["id"]
    questions = Counter(g["question"].strip().lower() for g in golden)
    assert not [q for q, c in questions.items() if c > 1], "duplicate questions"


def test_supporting_ids_exist(
    golden: list[dict[str, Any]], by_id: dict[str, dict[str, Any]]
) -> None:
    missing = [(g["id"], i) for g in golden for i in g["supporting_ids"] if i not in by_id]
    assert not missing, missing


def test_answerable_iff_supported(golden: list[dict[str, Any]]) -> None:
    for g in golden:
        assert g["answerable"] == bool(g["supporting_ids"]), g["id"]
        assert g["answerable"] == (g["query_type"] != "out-of-scope"), g["id"]


def test_out_of_scope_questions_have_no_support(golden: list[dict[str, Any]]) -> None:
    out_of_scope = [g for g in golden if g["query_type"] == "out-of-scope"]
    assert out_of_scope
    assert not {i for g in out_of_scope for i in g["supporting_ids"]}


def test_query_type_shares(golden: list[dict[str, Any]]) -> None:
    counts = Counter(g["query_type"] for g in golden)
    for query_type, target in TARGET_SHARES.items():
        share = counts[query_type] / len(golden)
        assert abs(share - target) <= SHARE_TOLERANCE, (query_type, round(share, 3))


def test_languages(golden: list[dict[str, Any]]) -> None:
    answerable = [g for g in golden if g["answerable"]]
    foreign = [g for g in answerable if g["language"] != "en"]
    assert 0.05 <= len(foreign) / len(answerable) <= 0.20
    assert {g["language"] for g in foreign} == {"de", "fr", "es"}


def test_reference_numbers_are_grounded(
    golden: list[dict[str, Any]], by_id: dict[str, dict[str, Any]]
) -> None:
    ungrounded = []
    for g in golden:
        if not g["answerable"]:
            continue
        support = set().union(*(_numbers(by_id[i]["text"]) for i in g["supporting_ids"]))
        missing = _numbers(g["reference_answer"]) - support
        if missing:
            ungrounded.append((g["id"], sorted(missing)))
    assert not ungrounded, ungrounded


def test_questions_that_need_the_fresh_index(
    golden: list[dict[str, Any]], by_id: dict[str, dict[str, Any]]
) -> None:
    fresh_only = [
        g
        for g in golden
        if g["supporting_ids"] and all(_is_recent(by_id[i]) for i in g["supporting_ids"])
    ]
    assert len(fresh_only) >= 30, len(fresh_only)
