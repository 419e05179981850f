"""Telling aisre about a switch of version, as a deployment pipeline would.

A model, prompt or index switch of the reference service is a change event
in aisre's terms (DESIGN.md: "Deployments and rollbacks write change
events"); triage later looks for changes near the onset of an incident.
"""

from __future__ import annotations

import httpx
import msgspec

from aisre.core import ChangeEvent, ChangeKind, Clock

from ._state import ChangeHook

__all__ = ["KINDS", "change_poster"]

#: The service's version kinds and the change kinds aisre files them under.
KINDS: dict[str, ChangeKind] = {
    "model": "model_version",
    "prompt": "prompt_template",
    "index": "retrieval_index",
}


def change_poster(
    aisre_url: str,
    *,
    service: str,
    clock: Clock,
    api_key: str | None = None,
    timeout_s: float = 5.0,
) -> ChangeHook:
    """A hook for ``ServiceState.on_change`` that posts each switch to aisre's ingest API.

    Args:
        aisre_url: Base URL of ``aisre up``, e.g. ``http://127.0.0.1:8700``.
        service: The service name the events carry.
        clock: When the switch happened (the service's own clock, so simulated
            runs stamp simulated time).
        api_key: A key with the ``ingest`` scope, if aisre requires keys.
        timeout_s: How long to wait for aisre.

    Raises (from the hook):
        httpx.HTTPError: aisre did not accept the event; the service logs it
            and keeps the switch.
    """
    url = aisre_url.rstrip("/") + "/api/v1/changes"
    headers = {"content-type": "application/json"}
    if api_key:
        headers["authorization"] = f"Bearer {api_key}"

    def post(kind: str, old: str, new: str) -> None:
        event = ChangeEvent(
            service=service,
            kind=KINDS[kind],
            timestamp=clock.now(),
            name=kind,
            from_version=old,
            to_version=new,
            description=f"reference service: {kind} {old} -> {new}",
            author="aisre demo-service",
        )
        body = msgspec.json.encode({"changes": [event]})
        httpx.post(url, content=body, headers=headers, timeout=timeout_s).raise_for_status()

    return post
