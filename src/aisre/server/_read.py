"""The read API: interactions by filter and time range, SLI aggregates, changes, scores, stats."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Annotated, Any

import orjson
from fastapi import APIRouter, Depends, Query, Request
from starlette.responses import Response

from aisre.core import InputError, NotFound
from aisre.slo import FILTER_COLUMNS, infra_slis

from ._context import ServerContext, context


def reject_unknown_parameters(request: Request) -> None:
    """A misspelt filter must not silently return unfiltered data."""
    route = request.scope.get("route")
    dependant = getattr(route, "dependant", None)
    if dependant is None:
        return
    known = {p.alias for p in dependant.query_params}
    unknown = sorted(set(request.query_params) - known)
    if unknown:
        raise InputError(
            f"unknown query parameter{'s' if len(unknown) > 1 else ''} "
            f"{', '.join(map(repr, unknown))}; this endpoint takes: {', '.join(sorted(known))}"
        )


router = APIRouter(
    prefix="/api/v1", tags=["read"], dependencies=[Depends(reject_unknown_parameters)]
)

MAX_LIMIT = 1000
Start = Annotated[datetime | None, Query(description="RFC 3339; default: end minus 24 h")]
End = Annotated[datetime | None, Query(description="RFC 3339, exclusive; default: now")]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT)]
Opt = Annotated[str | None, Query()]


def _json(data: Any) -> Response:
    return Response(
        orjson.dumps(data, option=orjson.OPT_NAIVE_UTC | orjson.OPT_UTC_Z),
        media_type="application/json",
    )


def _range(
    ctx: ServerContext, start: datetime | None, end: datetime | None
) -> tuple[datetime, datetime]:
    end = end or ctx.clock.now()
    start = start or end - timedelta(hours=24)
    for name, value in (("start", start), ("end", end)):
        if value.tzinfo is None:
            raise InputError(f"{name} needs a timezone, e.g. 2026-11-30T10:00:00Z")
    if end <= start:
        raise InputError("the time range is empty: end must be after start")
    return start.astimezone(UTC), end.astimezone(UTC)


def _naive(value: datetime) -> datetime:
    return value.astimezone(UTC).replace(tzinfo=None)


def _decode_params(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    for row in rows:
        for key in ("date", "hour"):
            row.pop(key, None)
        if isinstance(row.get("params"), str):
            row["params"] = orjson.loads(row["params"])
    return rows


@router.get("/interactions", summary="Interactions by filter and time range, newest first")
def list_interactions(
    request: Request,
    start: Start = None,
    end: End = None,
    service: Opt = None,
    environment: Opt = None,
    operation: Opt = None,
    model: Opt = None,
    model_version: Opt = None,
    status: Opt = None,
    limit: Limit = 100,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> Response:
    ctx = context(request)
    ctx.auth.authorize(request, "read")
    lo, hi = _range(ctx, start, end)
    filters = {
        "service": service,
        "environment": environment,
        "operation": operation,
        "model": model,
        "model_version": model_version,
        "status": status,
    }
    clauses = [
        "timestamp >= $start",
        "timestamp < $end",
        "date BETWEEN CAST($start AS DATE) AND CAST($end AS DATE)",
    ]
    params: dict[str, Any] = {
        "start": _naive(lo),
        "end": _naive(hi),
        "limit": limit,
        "offset": offset,
    }
    for column, value in filters.items():
        if value is not None:
            clauses.append(f"{column} = ${column}")
            params[column] = value
    rows = ctx.lake.query_records(
        f"SELECT * FROM interactions WHERE {' AND '.join(clauses)} "
        "ORDER BY timestamp DESC, id LIMIT $limit OFFSET $offset",
        params,
    )
    return _json({"interactions": _decode_params(rows), "count": len(rows)})


@router.get("/interactions/{interaction_id}", summary="One interaction and its scores")
def get_interaction(request: Request, interaction_id: str) -> Response:
    ctx = context(request)
    ctx.auth.authorize(request, "read")
    rows = ctx.lake.query_records(
        "SELECT * FROM interactions WHERE id = $id", {"id": interaction_id}
    )
    if not rows:
        raise NotFound(
            f"no interaction {interaction_id!r} in the lake",
            hint="it may still be in the spool for up to lake.flush_interval_s",
        )
    scores = ctx.lake.query_records(
        "SELECT * EXCLUDE (date, hour) FROM scores WHERE interaction_id = $id ORDER BY timestamp",
        {"id": interaction_id},
    )
    return _json({"interaction": _decode_params(rows)[0], "scores": scores})


@router.get("/slis", summary="Infrastructure SLIs (availability, latency, throughput) per group")
def slis(
    request: Request,
    start: Start = None,
    end: End = None,
    group_by: Annotated[list[str], Query(description="repeat or comma-separate")] = [],  # noqa: B006
    latency_threshold_ms: Annotated[float | None, Query(gt=0)] = None,
    service: Opt = None,
    environment: Opt = None,
    model: Opt = None,
    model_version: Opt = None,
    operation: Opt = None,
    status: Opt = None,
    prompt_template_version: Opt = None,
    retrieval_index_version: Opt = None,
) -> Response:
    ctx = context(request)
    ctx.auth.authorize(request, "read")
    lo, hi = _range(ctx, start, end)
    groups = [g.strip() for item in group_by for g in item.split(",") if g.strip()]
    given = {
        "service": service,
        "environment": environment,
        "model": model,
        "model_version": model_version,
        "operation": operation,
        "status": status,
        "prompt_template_version": prompt_template_version,
        "retrieval_index_version": retrieval_index_version,
    }
    filters = {k: v for k, v in given.items() if v is not None and k in FILTER_COLUMNS}
    rows = infra_slis(
        ctx.lake,
        lo,
        hi,
        group_by=groups,
        filters=filters,
        latency_threshold_ms=latency_threshold_ms or ctx.config.sli.latency_threshold_ms,
    )
    return _json({"start": lo, "end": hi, "group_by": groups, "rows": [r.as_dict() for r in rows]})


@router.get("/changes", summary="Change events by service and time range, newest first")
def list_changes(
    request: Request,
    start: Start = None,
    end: End = None,
    service: Opt = None,
    limit: Limit = 100,
) -> Response:
    ctx = context(request)
    ctx.auth.authorize(request, "read")
    lo, hi = _range(ctx, start, end)
    params: dict[str, Any] = {"start": _naive(lo), "end": _naive(hi), "limit": limit}
    where = "timestamp >= $start AND timestamp < $end"
    if service is not None:
        where += " AND service = $service"
        params["service"] = service
    rows = ctx.lake.query_records(
        f"SELECT * EXCLUDE (date, hour) FROM changes WHERE {where} "
        "ORDER BY timestamp DESC LIMIT $limit",
        params,
    )
    return _json({"changes": rows, "count": len(rows)})


@router.get("/stats", summary="Totals of what aisre holds")
def stats(request: Request) -> Response:
    ctx = context(request)
    ctx.auth.authorize(request, "read")
    lake = ctx.lake
    totals = lake.totals()
    (first, last) = lake.query("SELECT min(timestamp), max(timestamp) FROM interactions")[0]
    health = lake.health()
    interactions = totals["interactions"]
    return _json(
        {
            "interactions_total": interactions.queryable + interactions.pending,
            "interactions_queryable": interactions.queryable,
            "scores_total": totals["scores"].queryable + totals["scores"].pending,
            "changes_total": totals["changes"].queryable + totals["changes"].pending,
            "pending": sum(t.pending for t in totals.values()),
            "first_interaction_at": first,
            "last_interaction_at": last,
            "capture": {
                "spooled_total": health.spooled_total,
                "written_total": health.written_total,
                "dropped_total": health.dropped_total,
                "lag_seconds": health.lag_seconds,
            },
        }
    )
