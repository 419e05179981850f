"""``aisre demo``: the whole loop on simulated time, with a table at the end."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich import box
from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from ._app import app
from ._output import console, reports_errors


@app.command()
@reports_errors
def demo(
    hours: Annotated[float, typer.Option(min=0.1, max=72, help="Simulated hours of traffic.")] = 6,
    rate: Annotated[
        float, typer.Option(min=0.01, max=200, help="Mean simulated requests per second.")
    ] = 2.0,
    seed: Annotated[int, typer.Option(help="Random seed; the same seed gives the same run.")] = 7,
    data_dir: Annotated[
        Path | None,
        typer.Option(help="Keep the lake and state here (default: a temporary directory)."),
    ] = None,
) -> None:
    """Run aisre end to end on simulated time and print the SLIs it measured.

    Starts the server in-process, sends it HOURS of simulated traffic of a RAG
    service through the ingest API (halfway through, a slower and flakier
    model version is deployed), then reads the infrastructure SLIs back from
    the event lake and prints them per hour and model version.
    """
    from aisre.demo import run_demo

    with Progress(
        TextColumn("[bold]feeding simulated traffic"),
        BarColumn(),
        TextColumn("{task.percentage:>3.0f}%"),
        TimeRemainingColumn(),
        console=console,
        transient=True,
    ) as bar:
        task = bar.add_task("feed", total=hours * 3600)

        def progress(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        result = run_demo(
            hours=hours, rate_per_s=rate, seed=seed, data_dir=data_dir, progress=progress
        )
    day = str(result.rows[0]["group"].get("hour", ""))[:10] if result.rows else ""
    console.print(
        sli_table(
            result.rows,
            f"Infrastructure SLIs per hour (UTC, {day}) and model "
            f"version, {result.interactions:,} interactions",
        )
    )
    console.print(
        "avail. = answered without error within 2 s / valid requests; tok/s = output tokens "
        "per second. Model v2, deployed halfway, is slower and fails more often: watch p95 "
        "and availability drop.",
        style="dim",
    )


def _pct(value: Any) -> str:
    return "—" if value is None else f"{value * 100:.2f}%"


def _ms(value: Any) -> str:
    return "—" if value is None else f"{value:,.0f}"


def sli_table(rows: list[dict[str, Any]], title: str) -> Table:
    """A table of SLI rows as the read API returns them."""
    table = Table(
        title=title,
        title_justify="left",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        collapse_padding=True,
        show_edge=False,
        padding=(0, 1),
    )
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
