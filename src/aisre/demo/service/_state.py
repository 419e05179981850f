"""What the reference service's API runs on: the embedder, the versions served, the randomness.

The versions can be switched at run time (``POST /admin/versions``), which is
how a deployment, a prompt change or an index rebuild is simulated. Every
switch goes through :meth:`ServiceState.switch`, which calls the
``on_change`` hook once per changed kind; that hook is where change events
will be posted to aisre.
"""

from __future__ import annotations

import logging
import random
import threading
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING

from aisre.core import Clock, InputError, SystemClock

from ._answer import Answer, Answerer
from ._embeddings import Embedder
from ._faults import NO_FAULTS, Decision, Faults, decide
from ._index import INDEX_VERSIONS, VectorIndex
from ._pace import INSTANT, Pace
from ._versions import MODEL_VERSIONS, PROMPT_VERSIONS

if TYPE_CHECKING:
    from ._chat import ChatReply

__all__ = ["ALLOWED_VERSIONS", "ServiceState", "UnknownVersion", "Versions"]

log = logging.getLogger("aisre.demo.service")

#: The versions of each kind the service can serve, in registry order.
ALLOWED_VERSIONS: dict[str, tuple[str, ...]] = {
    "model": tuple(MODEL_VERSIONS),
    "prompt": tuple(PROMPT_VERSIONS),
    "index": INDEX_VERSIONS,
}

#: ``(kind, from_version, to_version)``, kind being ``"model"``, ``"prompt"`` or ``"index"``.
ChangeHook = Callable[[str, str, str], None]


class UnknownVersion(InputError):
    """A version that the service cannot serve; the message names the allowed ones."""

    status_code = 400

    def __init__(self, kind: str, name: str) -> None:
        allowed = ALLOWED_VERSIONS[kind]
        super().__init__(f"unknown {kind} version {name!r}; allowed: {', '.join(allowed)}")
        self.kind = kind
        self.allowed = allowed


@dataclass(frozen=True, slots=True)
class Versions:
    """The model, prompt and index versions served together."""

    model: str
    prompt: str
    index: str

    def as_dict(self) -> dict[str, str]:
        """``{"model": ..., "prompt": ..., "index": ...}``."""
        return asdict(self)


def _check(kind: str, name: str) -> str:
    if name not in ALLOWED_VERSIONS[kind]:
        raise UnknownVersion(kind, name)
    return name


class ServiceState:
    """The mutable state behind the reference service's API; safe to share between threads.

    Indexes are built on first use of their version and kept, so switching
    back and forth between index versions costs one build each.

    Args:
        embedder: Embeds passages, questions and ``/v1/embeddings`` inputs.
        model: The model version served first.
        prompt: The prompt version served first.
        index: The index version served first.
        rng: The randomness of sampling and of the model versions'
            behaviour for requests without a ``seed``; ``random.Random(0)``
            by default, so a fresh state replays the same answers.
        clock: The source of the ``created`` timestamps, and what injected
            latency sleeps on (a ``SimulatedClock`` advances instead).
        faults: The run-time faults injected first (none by default).
        fault_rng: The randomness of the fault decisions, apart from
            ``rng`` so that faults do not change the answers;
            ``random.Random(1)`` by default.
        on_change: Called as ``on_change(kind, from_version, to_version)``
            after each change of a version.
        pace: How long generation takes on the clock (instant by default;
            ``REALISTIC`` for an LLM's prefill and tokens per second).

    Example:
        >>> state = ServiceState(WordLlamaEmbedder(), model="v1")
        >>> state.switch(model="v1-cautious")
        (Versions(model='v1', ...), Versions(model='v1-cautious', ...))
    """

    def __init__(
        self,
        embedder: Embedder,
        *,
        model: str = "v1",
        prompt: str = "p1",
        index: str = "fresh",
        rng: random.Random | None = None,
        clock: Clock | None = None,
        on_change: ChangeHook | None = None,
        faults: Faults = NO_FAULTS,
        fault_rng: random.Random | None = None,
        pace: Pace = INSTANT,
    ) -> None:
        self.embedder = embedder
        self.rng = rng if rng is not None else random.Random(0)
        self.clock: Clock = clock or SystemClock()
        self.on_change = on_change
        #: Called with each reply of ``run_chat``: how a simulation, in the same
        #: process, learns the truth about an answer it got over the API.
        self.on_reply: Callable[[ChatReply], None] | None = None
        self.pace = pace
        self._versions = Versions(
            _check("model", model), _check("prompt", prompt), _check("index", index)
        )
        self._indexes: dict[str, VectorIndex] = {}
        self._lock = threading.Lock()
        self._build_lock = threading.Lock()
        self._rng_lock = threading.Lock()
        self._faults = faults
        self._fault_rng = fault_rng if fault_rng is not None else random.Random(1)
        self._fault_lock = threading.Lock()

    @property
    def faults(self) -> Faults:
        """The run-time faults injected now."""
        with self._fault_lock:
            return self._faults

    @faults.setter
    def faults(self, faults: Faults) -> None:
        with self._fault_lock:
            self._faults = faults

    def decide_faults(self) -> tuple[Faults, Decision]:
        """The faults now and what they do to one request, drawn one request at a time."""
        with self._fault_lock:
            return self._faults, decide(self._faults, self._fault_rng)

    @property
    def versions(self) -> Versions:
        """The versions being served now."""
        with self._lock:
            return self._versions

    def index_for(self, version: str) -> VectorIndex:
        """The index of ``version``, built on first use."""
        _check("index", version)
        with self._build_lock:
            index = self._indexes.get(version)
            if index is None:
                index = self._indexes[version] = VectorIndex.build(self.embedder, version)
            return index

    def warm_up(self) -> None:
        """Load the embedder and build the current index, so the first request is fast."""
        self.index_for(self.versions.index)

    def switch(
        self, *, model: str | None = None, prompt: str | None = None, index: str | None = None
    ) -> tuple[Versions, Versions]:
        """Serve other versions from now on; ``None`` keeps a kind as it is.

        All names are checked before anything changes, and a new index is
        built before it is switched to, so a failed switch changes nothing.

        Returns:
            The versions before and after the switch.

        Raises:
            UnknownVersion: a name is not an allowed version of its kind.
        """
        wanted = {"model": model, "prompt": prompt, "index": index}
        for kind, name in wanted.items():
            if name is not None:
                _check(kind, name)
        if index is not None:
            self.index_for(index)
        with self._lock:
            previous = self._versions
            current = Versions(
                model or previous.model, prompt or previous.prompt, index or previous.index
            )
            self._versions = current
        before, after = previous.as_dict(), current.as_dict()
        for kind in ("model", "prompt", "index"):
            if before[kind] != after[kind]:
                self._notify(kind, before[kind], after[kind])
        return previous, current

    def _notify(self, kind: str, old: str, new: str) -> None:
        if self.on_change is None:
            return
        try:
            self.on_change(kind, old, new)
        except Exception:
            # The switch has happened; a failing hook must not make the caller
            # believe it did not.
            log.exception("the on_change hook failed for %s %s -> %s", kind, old, new)

    def answer(self, question: str, temperature: float, seed: int | None = None) -> Answer:
        """Answer ``question`` with the current versions.

        Args:
            question: The user's question.
            temperature: 0 for the deterministic best answer.
            seed: Answer with ``random.Random(seed)``; without one, the
                shared generator is used, one request at a time, so that a
                sequence of requests replays exactly.
        """
        versions = self.versions
        answerer = Answerer(self.index_for(versions.index), versions.model, versions.prompt)
        if seed is not None:
            return answerer.answer(question, temperature, random.Random(seed))
        with self._rng_lock:
            return answerer.answer(question, temperature, self.rng)
