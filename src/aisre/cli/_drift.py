"""``aisre drift``: which inputs of a service moved, from a running aisre's drift API."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

import typer
from rich.table import Table

from aisre.core import AisreError, InputError

from ._app import app
from ._output import console, plain_table, reports_errors

_RANGE_HELP = (
    "START/END, ISO 8601 (UTC unless an offset is given), e.g. "
    "2026-11-30T00:00/2026-11-30T06:00; either side may be left empty."
)


def _moment(text: str, option: str) -> datetime | None:
    text = text.strip()
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        raise InputError(
            f"{option}: {text!r} is not a time", hint="write it like 2026-11-30T06:00"
        ) from None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


def parse_range(text: str | None, option: str) -> tuple[datetime | None, datetime | None]:
    """``START/END`` as two times (UTC when no offset is given); empty sides are None."""
    if text is None:
        return None, None
    start, sep, end = text.partition("/")
    if not sep:
        raise InputError(f"{option}: {text!r} is not a range", hint=f"write it as {_RANGE_HELP}")
    return _moment(start, option), _moment(end, option)


def fetch_report(
    url: str, api_key: str | None, service: str, params: dict[str, str]
) -> dict[str, Any]:
    """The drift report from ``url``'s ``/api/v1/drift``; errors become :class:`AisreError`."""
    import httpx

    headers = {"authorization": f"Bearer {api_key}"} if api_key else {}
    try:
        response = httpx.get(
            f"{url.rstrip('/')}/api/v1/drift",
            params={"service": service, **params},
            headers=headers,
            timeout=300.0,
        )
    except httpx.TransportError as exc:
        raise AisreError(
            f"could not reach aisre at {url}: {exc}",
            hint="start it with `aisre up`, or check --aisre-url",
        ) from None
    if response.status_code != 200:
        try:
            error = response.json()["error"]
            message, hint = str(error["message"]), error.get("hint")
        except (ValueError, KeyError, TypeError):
            message, hint = response.text[:500], None
        raise AisreError(
            f"GET /api/v1/drift was answered {response.status_code}: {message}", hint=hint
        )
    report: dict[str, Any] = response.json()
    return report


def _num(value: Any, digits: int = 3) -> str:
    if value is None:
        return "—"
    if isinstance(value, float) and value != 0 and (abs(value) < 10**-digits or abs(value) >= 1e5):
        return f"{value:.2e}"
    return f"{value:.{digits}f}" if isinstance(value, float) else str(value)


def _statistic(feature: dict[str, Any]) -> str:
    value, details = feature["statistic"], feature.get("details") or {}
    if value is None:
        return "—"
    if feature["kind"] == "categorical":
        return f"χ² {value:,.1f} (V {details.get('cramers_v', 0):.2f})"
    if feature["kind"] == "numeric":
        return f"PSI {value:.3f}"
    return f"AUC {value:.3f}"


def _moved(feature: dict[str, Any]) -> str:
    details = feature.get("details") or {}
    if feature["kind"] == "categorical":
        shares = details.get("shares") or []
        return ", ".join(
            f"{s['value']} {s['reference'] * 100:.0f}%→{s['current'] * 100:.0f}%"
            for s in shares[:2]
        )
    if feature["kind"] == "numeric":
        if "reference_median" not in details:
            return ""
        return f"median {details['reference_median']:,.0f}→{details['current_median']:,.0f}"
    if "mmd2" not in details:
        return ""
    return (
        f"MMD² {details['mmd2']:.4f}, centroid distance {details['centroid_cosine_distance']:.3f}"
    )


_STYLE = {"drifted": "bold red", "moderate": "yellow", "none": "green", "not enough data": "dim"}


def features_table(report: dict[str, Any], top: int | None = None) -> Table:
    """The features of a drift report, most drifted first."""
    table = plain_table("Features, most drifted first")
    table.add_column("feature", no_wrap=True)
    table.add_column("statistic", justify="right", no_wrap=True)
    table.add_column("p-value", justify="right", no_wrap=True)
    table.add_column("drifted", no_wrap=True)
    table.add_column("what moved")
    features = report["features"][:top] if top else report["features"]
    for feature in features:
        severity = feature["severity"]
        verdict = {True: "yes", False: "no", None: "—"}[feature["drifted"]]
        if severity in ("moderate", "not enough data"):
            verdict = severity
        table.add_row(
            feature["feature"],
            _statistic(feature),
            _num(feature["p_value"]),
            f"[{_STYLE[severity]}]{verdict}[/]",
            _moved(feature),
        )
    return table


def rules(report: dict[str, Any]) -> str:
    """The rules the verdicts follow, one line per kind of feature."""
    seen: dict[str, str] = {}
    for feature in report["features"]:
        seen.setdefault(feature["kind"], feature["threshold"])
    return "; ".join(f"{kind}: {rule}" for kind, rule in seen.items())


def examples_table(report: dict[str, Any]) -> Table:
    """The current window's queries least like the reference."""
    table = plain_table("Current queries least like the reference")
    table.add_column("domain score", justify="right")
    table.add_column("centroid dist.", justify="right")
    table.add_column("language")
    table.add_column("query type")
    table.add_column("query", ratio=1)
    for example in report["examples"]:
        table.add_row(
            f"{example['domain_score']:.3f}",
            f"{example['centroid_distance']:.3f}",
            example.get("language") or "—",
            example.get("query_type") or "—",
            example["input"],
        )
    return table


@app.command()
@reports_errors
def drift(
    service: Annotated[str, typer.Option(help="The service whose inputs to compare.")],
    reference: Annotated[
        str | None,
        typer.Option(
            help=f"The reference window, {_RANGE_HELP} Default: the 24 h before the current window."
        ),
    ] = None,
    current: Annotated[
        str | None,
        typer.Option(help=f"The current window, {_RANGE_HELP} Default: the last hour."),
    ] = None,
    aisre_url: Annotated[
        str, typer.Option(help="Base URL of the running `aisre up` to ask.")
    ] = "http://127.0.0.1:8700",
    api_key: Annotated[
        str | None,
        typer.Option(envvar="AISRE_API_KEY", help="An API key with the read scope, if needed."),
    ] = None,
    top: Annotated[
        int | None, typer.Option(min=1, help="Show only the N most drifted features.")
    ] = None,
    json_output: Annotated[
        bool, typer.Option("--json", help="Print the report as JSON instead of tables.")
    ] = False,
) -> None:
    """Report whether a service's inputs drifted between a reference and a current window.

    Compares token counts, language, query type, operation and model (PSI on
    the reference's quantile bins, chi-square) and the queries' embeddings
    (domain-classifier AUC, MMD with a permutation p-value, centroid
    distance), then lists the most drifted features and example queries of
    the current window that look least like the reference. The report is
    computed by the running aisre (GET /api/v1/drift); times default to its
    clock. See docs/drift.md.
    """
    params: dict[str, str] = {}
    for prefix, text in (("reference", reference), ("current", current)):
        start, end = parse_range(text, f"--{prefix}")
        if start is not None:
            params[f"{prefix}_start"] = start.isoformat()
        if end is not None:
            params[f"{prefix}_end"] = end.isoformat()
    report = fetch_report(aisre_url, api_key, service, params)
    if json_output:
        import orjson

        typer.echo(orjson.dumps(report, option=orjson.OPT_INDENT_2).decode())
        return
    ref, cur = report["reference"], report["current"]

    def when(text: str) -> str:
        return text.replace("T", " ").replace("Z", "")[:19]

    verdict = report["verdict"]
    style = {"drift": "bold red", "no drift": "bold green"}.get(verdict, "bold yellow")
    console.print(
        f"[bold]{service}[/]: [{style}]{verdict}[/] — {report['summary']}\n"
        f"reference {when(ref['start'])} - {when(ref['end'])} UTC: "
        f"{report['n_reference']:,} interactions\n"
        f"current   {when(cur['start'])} - {when(cur['end'])} UTC: "
        f"{report['n_current']:,} interactions"
        + (
            f" (sampled {', '.join(f'{k} {v:,}' for k, v in report['sampled'].items())})"
            if report.get("sampled")
            else ""
        ),
        highlight=False,
    )
    if report["features"]:
        console.print(features_table(report, top))
        console.print(f"drifted when {rules(report)}", style="dim", highlight=False)
    if report["examples"]:
        console.print(examples_table(report))
