"""The reference service's GPU slots, in front of its app, on simulated time.

Through the gateway, a request arrives at the gateway when the user sends it;
it is the service that makes it wait for a free GPU slot. :class:`GpuQueue`
wraps the service's ASGI app: a chat completion takes the slot that frees
first (moving the request's clock to then) and frees it with its last byte,
so a burst or a slow model shows up as queueing in the latency the gateway
measures, exactly as :class:`~.Slots` does for a direct run.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from aisre.core import ContextClock, SimulatedClock

from ._slots import Slots

__all__ = ["GpuQueue"]

_QUEUED = "/v1/chat/completions"


class GpuQueue:
    """Queues chat completions for ``slots`` on each request's simulated clock.

    Args:
        app: The reference service's app.
        clock: The scenario's clock; each request runs with a
            :class:`~aisre.core.SimulatedClock` of its own in force.
        origin: The instant the slots' offsets count from.
        slots: The GPU's slots.
    """

    def __init__(self, app: ASGIApp, clock: ContextClock, origin: datetime, slots: Slots) -> None:
        self.app, self.clock, self.origin, self.slots = app, clock, origin, slots

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] != _QUEUED:
            await self.app(scope, receive, send)
            return
        clock = self.clock.current
        if not isinstance(clock, SimulatedClock):
            raise RuntimeError("GpuQueue needs a simulated clock of the request's own in force")
        begin = self.slots.start((clock.now() - self.origin).total_seconds())
        clock.set(max(clock.now(), self.origin + timedelta(seconds=begin)))
        finished = False

        def finish() -> None:
            nonlocal finished
            if not finished:
                finished = True
                self.slots.finish((clock.now() - self.origin).total_seconds())

        async def send_then_free(message: Message) -> None:
            if message["type"] == "http.response.body" and not message.get("more_body"):
                finish()  # the last byte: the slot is free from now on
            await send(message)

        try:
            await self.app(scope, receive, send_then_free)
        finally:
            finish()
