"""``aisre score``: run the scorers on interactions at hand and show each verdict and why."""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import msgspec
import typer
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeRemainingColumn,
)

from aisre.core import InputError, Interaction, RetrievedChunk, SystemClock, load_config

from ._app import app
from ._output import console, err_console, plain_table, reports_errors
from ._up import ConfigOption

if TYPE_CHECKING:
    from aisre.core import Score

_DECODER = msgspec.json.Decoder(Interaction)
#: Files with at least this many interactions get a progress bar (on standard error).
_PROGRESS_FROM = 200
_HINT = (
    "each line is one interaction as POST /api/v1/interactions takes it "
    '(at least "service", "timestamp", "latency_ms", "output"); see docs/api.md'
)


def read_interactions(path: Path | None) -> list[Interaction]:
    """The interactions of a JSON Lines file (``-`` or None: standard input), with ids.

    A line without an ``id`` gets ``line-N``. A malformed line is an :class:`InputError`
    naming the file, the line and what is wrong.
    """
    name = "<stdin>" if path is None or str(path) == "-" else str(path)
    if path is None or str(path) == "-":
        text = sys.stdin.read()
    else:
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise InputError(
                f"cannot read {name}: {exc.strerror}", hint="give a JSON Lines file"
            ) from None
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            item = _DECODER.decode(line)
        except msgspec.ValidationError as exc:
            raise InputError(f"{name}:{number}: invalid interaction: {exc}", hint=_HINT) from None
        except msgspec.DecodeError as exc:
            raise InputError(f"{name}:{number}: malformed JSON: {exc}", hint=_HINT) from None
        if item.id is None:
            item = msgspec.structs.replace(item, id=f"line-{number}")
        found.append(item)
    if not found:
        raise InputError(f"{name} holds no interactions", hint=_HINT)
    return found


def one_interaction(output: str, question: str, chunks: list[str]) -> Interaction:
    """An interaction made from an answer, its question and the passages retrieved for it."""
    return Interaction(
        service="cli",
        timestamp=datetime.now(UTC),
        latency_ms=0.0,
        id="cli",
        input=question,
        output=output,
        retrieval_used=bool(chunks),
        retrieval_chunks=[
            RetrievedChunk(id=f"chunk-{i}", text=text) for i, text in enumerate(chunks, 1)
        ],
    )


@app.command()
@reports_errors
def score(
    file: Annotated[
        Path | None,
        typer.Argument(
            help="A JSON Lines file of interactions as POST /api/v1/interactions takes them "
            "(- for standard input).",
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        str | None,
        typer.Option("--output", "-o", help="Score this answer text instead of a file."),
    ] = None,
    question: Annotated[
        str, typer.Option("--input", "-i", help="The question --output answers.")
    ] = "",
    chunk: Annotated[
        list[str] | None,
        typer.Option(help="A passage retrieved for --output; repeat for several."),
    ] = None,
    only: Annotated[
        list[str] | None,
        typer.Option(
            "--scorer", "-s", help="Run only this scorer (repeat for several; default: all)."
        ),
    ] = None,
    config: ConfigOption = None,
    json_output: Annotated[
        bool, typer.Option("--json", help="Print the scores as JSON Lines instead of a table.")
    ] = False,
) -> None:
    """Run the scorers on interactions at hand and show each verdict and why.

    Scores a file of interactions (or one answer given with --output, its
    question with --input and its passages with --chunk) with the scorers of
    scoring.scorers and their options, as the online pipeline would, and prints
    the label, value, pass and explanation of each: the way to see why an
    answer was counted as a refusal or a hallucination. Nothing is stored.

    Example: aisre score -o "That isn't something I'm privy to." -s refusal
    """
    from aisre.scoring import build_scorers, run_scorers

    if (file is None) == (output is None):
        raise InputError(
            "give either a file of interactions or --output TEXT",
            hint='aisre score interactions.jsonl, or aisre score -o "the answer"',
        )
    cfg = load_config(config)
    scoring = cfg.scoring
    if only:
        options = {name: value for name, value in scoring.options.items() if name in only}
        scoring = scoring.model_copy(update={"scorers": list(only), "options": options})
    items = (
        [one_interaction(output, question, chunk or [])]
        if output is not None
        else read_interactions(file)
    )
    scorers = build_scorers(scoring)
    clock = SystemClock()
    results = []
    with Progress(
        TextColumn("[bold]scoring"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=err_console,
        transient=True,
        disable=len(items) < _PROGRESS_FROM,
    ) as bar:
        task = bar.add_task("score", total=len(items))
        for item in items:
            results.append((item, run_scorers(scorers, item, clock, source="cli")))
            bar.advance(task)
    if json_output:
        for _, scores in results:
            for s in scores:
                typer.echo(msgspec.json.encode(s).decode())
        return
    console.print(_table(results, [s.name for s in scorers]))


def _table(results: list[tuple[Interaction, list[Score]]], names: list[str]) -> object:
    table = plain_table(f"Scores by {', '.join(names)}")
    for column in ("interaction", "scorer", "label", "value", "passed"):
        table.add_column(column, no_wrap=True)
    table.add_column("explanation", overflow="fold")
    for item, scores in results:
        if not scores:
            table.add_row(item.id or "", "—", "", "", "", "no scorer applies")
        for s in scores:
            passed = "—" if s.passed is None else ("yes" if s.passed else "[bold red]no[/]")
            value = "" if s.value is None else f"{s.value:.3f}"
            why = s.explanation if s.error is None else f"[yellow]error: {s.error}[/]"
            table.add_row(item.id or "", s.scorer, s.label or "", value, passed, why)
    return table
