"""``aisre demo``: the whole loop on simulated time, with a table at the end."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from ._app import app
from ._output import console, plain_table, reports_errors


@app.command()
@reports_errors
def demo(
    scenario: Annotated[
        str,
        typer.Option(
            help="A bundled scenario's name (see `aisre scenario list`) or a scenario YAML file."
        ),
    ] = "default",
    seed: Annotated[
        int | None,
        typer.Option(help="Seed instead of the scenario's; the same seed gives the same run."),
    ] = None,
    data_dir: Annotated[
        Path | None,
        typer.Option(
            help="Keep the lake, the state, labels.jsonl and truth.jsonl here "
            "(default: a temporary directory)."
        ),
    ] = None,
) -> None:
    """Run aisre end to end on simulated time and print what it measured.

    Starts aisre in-process and runs a scenario (by default six simulated
    hours, in well under a minute) of user traffic against the reference RAG
    service, with the scenario's deployments and faults. Every request goes
    through aisre's gateway, which records it; the users' feedback and the
    change events go through aisre's ingest API. The SLIs are then read back
    from the event lake and printed per hour and model version, beside the
    scenario's timeline.
    """
    import dataclasses

    from aisre.demo import load_demo_scenario, run_demo

    loaded = load_demo_scenario(scenario)
    if seed is not None:
        loaded = dataclasses.replace(loaded, seed=seed)
    console.print(f"[bold]{loaded.name}[/]: {loaded.description}", highlight=False)
    console.print(timeline_table(loaded))
    with Progress(
        TextColumn("[bold]running the scenario on simulated time"),
        BarColumn(),
        TextColumn("{task.percentage:>3.0f}%"),
        TimeRemainingColumn(),
        console=console,
        transient=True,
    ) as bar:
        task = bar.add_task("run", total=loaded.duration_s)

        def progress(done: float, total: float) -> None:
            bar.update(task, completed=done, total=total)

        result = run_demo(scenario=loaded, data_dir=data_dir, progress=progress)
    run = result.run
    day = loaded.start.date().isoformat()
    console.print(
        sli_table(
            result.rows,
            f"Infrastructure SLIs per hour (UTC, {day}) and model version, "
            f"{run.requests:,} interactions",
        )
    )
    console.print(behavior_table(result.behavior))
    console.print(feedback_table(result.feedback))
    console.print(
        "avail. = answered without error within 2 s / valid requests; tok/s = output tokens "
        "per second. halluc. = answers with a claim their retrieved context does not support; "
        "ret.prec = relevant retrieved chunks; ctx used = chunks the answer draws on; golden ok = "
        "golden questions answered as their reference says. "
        "Feedback is what users reported; it follows the answers' real quality.",
        style="dim",
    )
    console.print(
        f"{run.simulated_s / 3600:.1f} simulated hours in {run.wall_s:.0f} s "
        f"({run.speedup:,.0f}x); {run.feedback:,} feedback, {run.changes} change events."
        + (f" Labels and truths in {result.data_dir}." if data_dir is not None else ""),
        highlight=False,
    )


def timeline_table(scenario: Any) -> Table:
    """The scenario's timeline: what is injected or changed, when, and what it should cause."""
    table = plain_table("Timeline (the ground truth detectors are measured against)")
    table.add_column("when", no_wrap=True)
    table.add_column("label", no_wrap=True)
    table.add_column("expected symptoms", ratio=1)
    table.add_column("description", ratio=2)
    for label in scenario.labels():
        data = label.as_dict()
        start, end = str(data["start"])[11:16], str(data["end"] or "")[11:16]
        table.add_row(
            f"{start}-{end}",
            f"{data['kind']}:{data['name']}",
            ", ".join(data["symptoms"]) or "none",
            str(data["description"]),
        )
    return table


def behavior_table(rows: list[dict[str, Any]]) -> Table:
    """What the scorers found per hour and model version."""
    table = plain_table("Behavior per hour and model version, from aisre's scorers", compact=True)
    for name, justify in (
        ("hour", "left"),
        ("model", "left"),
        ("scored", "right"),
        ("halluc.", "right"),
        ("refused", "right"),
        ("ret.prec", "right"),
        ("ctx used", "right"),
        ("parse err", "right"),
        ("golden ok", "right"),
    ):
        table.add_column(name, justify=justify, no_wrap=True)  # type: ignore[arg-type]
    for row in rows:
        hallucinated = row["hallucination_rate"]
        style = "red" if hallucinated is not None and hallucinated >= 0.2 else None
        table.add_row(
            str(row["hour"])[11:16],
            str(row["model_version"] or ""),
            f"{row['scored']:,}",
            _pct(hallucinated),
            _pct(row["refusal_rate"]),
            "—" if row["retrieval_precision"] is None else f"{row['retrieval_precision']:.2f}",
            "—" if row["context_utilization"] is None else f"{row['context_utilization']:.2f}",
            _pct(row["parse_error_rate"]),
            _pct(row["task_completion"]),
            style=style,
        )
    return table


def feedback_table(rows: list[dict[str, Any]]) -> Table:
    """Feedback per hour and kind."""
    kinds = ("thumbs_up", "thumbs_down", "hallucination_report", "comment")
    by_hour: dict[str, dict[str, int]] = {}
    for row in rows:
        hour = str(row["hour"])[11:16]
        by_hour.setdefault(hour, dict.fromkeys(kinds, 0))[str(row["kind"])] = int(row["n"])
    table = plain_table("User feedback per hour")
    table.add_column("hour")
    for kind in ("thumbs up", "thumbs down", "hallucination reports", "comments"):
        table.add_column(kind, justify="right")
    for hour, counts in by_hour.items():
        table.add_row(hour, *(f"{counts[k]:,}" for k in kinds))
    return table


def _pct(value: Any) -> str:
    return "—" if value is None else f"{value * 100:.2f}%"


def _ms(value: Any) -> str:
    return "—" if value is None else f"{value:,.0f}"


def sli_table(rows: list[dict[str, Any]], title: str) -> Table:
    """A table of SLI rows as the read API returns them."""
    table = plain_table(title, compact=True)
    for name, justify in (
        ("hour", "left"),
        ("model", "left"),
        ("requests", "right"),
        ("avail.", "right"),
        ("errors", "right"),
        ("p50 ms", "right"),
        ("p95 ms", "right"),
        ("p99 ms", "right"),
        ("req/min", "right"),
        ("tok/s", "right"),
    ):
        table.add_column(name, justify=justify, no_wrap=True)  # type: ignore[arg-type]
    for row in rows:
        group = row["group"]
        availability = row["availability"]
        style = "red" if availability is not None and availability < 0.999 else None
        table.add_row(
            str(group.get("hour", ""))[11:16],
            str(group.get("model_version", "")),
            f"{row['requests']:,}",
            _pct(availability),
            _pct(row["error_rate"]),
            _ms(row["latency_p50_ms"]),
            _ms(row["latency_p95_ms"]),
            _ms(row["latency_p99_ms"]),
            f"{row['throughput_per_min']:,.1f}",
            f"{row['output_tokens_per_s']:,.1f}",
            style=style,
        )
    return table
