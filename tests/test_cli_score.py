"""``aisre score``: the scorers' verdicts on interactions at hand, and why."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

import aisre.cli._commands  # noqa: F401  (registers the commands)
from aisre.cli._app import app

runner = CliRunner()
CONFIG = "scoring:\n  scorers: [refusal, leak]\n"


def squash(text: str) -> str:
    return "".join(text.split())


def config(tmp_path: Path) -> str:
    path = tmp_path / "aisre.yaml"
    path.write_text(CONFIG, encoding="utf-8")
    return str(path)


def line(output: str, **extra: object) -> str:
    row = {
        "service": "svc",
        "timestamp": "2026-11-30T09:00:00Z",
        "latency_ms": 120,
        "output": output,
    }
    return json.dumps(row | extra)


def test_one_answer_gets_each_verdict_with_its_explanation(tmp_path: Path) -> None:
    result = runner.invoke(
        app,
        ["score", "-c", config(tmp_path), "-o", "Dedicated pricing isn't something I'm privy to."],
    )
    assert result.exit_code == 0, result.output
    text = squash(result.output)
    assert "refusal" in text
    assert squash("isn't something I'm") in text  # the phrase that decided
    assert "leak" in text


def test_a_file_of_interactions_is_scored_line_by_line_as_json(tmp_path: Path) -> None:
    data = tmp_path / "calls.jsonl"
    data.write_text(
        line("I'm sorry, but I can't help with that.", id="a")
        + "\n\n"
        + line("Messages are kept for 7 days on the Team plan.")
        + "\n",
        encoding="utf-8",
    )
    result = runner.invoke(
        app, ["score", "-c", config(tmp_path), "-s", "refusal", "--json", str(data)]
    )
    assert result.exit_code == 0, result.output
    scores = [json.loads(row) for row in result.output.splitlines()]
    assert [(s["interaction_id"], s["scorer"], s["label"]) for s in scores] == [
        ("a", "refusal", "refusal"),
        ("line-3", "refusal", "answer"),  # no id: named after its line
    ]
    assert all(s["source"] == "cli" for s in scores)


def test_a_bad_line_is_named_with_its_file_and_number(tmp_path: Path) -> None:
    data = tmp_path / "calls.jsonl"
    data.write_text(line("fine") + "\n" + line("bad", latency_ms="slow") + "\n", encoding="utf-8")
    result = runner.invoke(app, ["score", "-c", config(tmp_path), str(data)])
    assert result.exit_code == 2
    assert squash(f"{data}:2: invalid interaction") in squash(result.output)
    assert "$.latency_ms" in squash(result.output)
    assert "hint" in result.output


def test_it_needs_a_file_or_an_answer_and_says_so(tmp_path: Path) -> None:
    result = runner.invoke(app, ["score", "-c", config(tmp_path)])
    assert result.exit_code == 2
    assert "--output" in result.output
    missing = runner.invoke(app, ["score", "-c", config(tmp_path), str(tmp_path / "nope.jsonl")])
    assert missing.exit_code == 2
    assert "cannot read" in missing.output
