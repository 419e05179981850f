"""The shape every scorer has: a verdict on one interaction, by name and version.

A scorer looks at one :class:`~aisre.core.Interaction` and returns a
:class:`Verdict` (value, label, passed, and an explanation a human can
check), or None when it has nothing to say about it (a grounding scorer on
an answer without retrieved context). :func:`run_scorers` turns verdicts
into :class:`~aisre.core.Score` records, and a scorer that raises into a
score with ``error`` set, never into a pass or a fail.

Scorers are registered by name in :data:`SCORERS` with :func:`scorer`;
third-party ones through the ``aisre.scorers`` entry-point group. The
configuration's ``scoring.scorers`` names the ones to run, and
``scoring.options.<name>`` their keyword arguments.

Example:
    >>> @scorer("shouting")
    ... class Shouting:
    ...     name, version = "shouting", "1"
    ...     def __init__(self, context: ScorerContext, threshold: float = 0.5) -> None:
    ...         self.threshold = threshold
    ...     def score(self, interaction: Interaction) -> Verdict | None:
    ...         text = interaction.output
    ...         share = sum(c.isupper() for c in text) / max(1, len(text))
    ...         return Verdict(share, share < self.threshold, explanation=f"{share:.0%} capitals")
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, Protocol, runtime_checkable

from aisre.core import Clock, ConfigError, Interaction, Registry, Score, ScoringConfig

if TYPE_CHECKING:
    from ._embeddings import Embedder
    from ._judge import Judge

__all__ = [
    "SCORERS",
    "Scorer",
    "ScorerContext",
    "Verdict",
    "build_scorers",
    "run_scorers",
    "score_id",
    "scorer",
]


@dataclass(frozen=True, slots=True)
class Verdict:
    """What a scorer concluded about one interaction.

    Attributes:
        value: the measure, in the scorer's unit (a share, a probability, a count).
        passed: whether the interaction is good by this scorer (None: no opinion).
        label: a short category (``refusal``, ``unsupported``, ``partial`` …).
        explanation: what a human can check: the unsupported claim, the refusal phrase.
    """

    value: float | None
    passed: bool | None
    label: str | None = None
    explanation: str = ""


@runtime_checkable
class Scorer(Protocol):
    """Judges one interaction; ``name`` and ``version`` go on every score it gives."""

    name: ClassVar[str]
    version: ClassVar[str]

    def score(self, interaction: Interaction) -> Verdict | None:
        """The verdict on ``interaction``, or None when the scorer does not apply to it."""
        ...


@dataclass
class ScorerContext:
    """What scorers share: the configuration and the backends, made once.

    Attributes:
        config: the ``scoring`` section.
        embedder: sentence embeddings (made on first use by whoever needs them).
        judge: the LLM judge, when one is configured.
    """

    config: ScoringConfig = field(default_factory=ScoringConfig)
    embedder_factory: Callable[[], Embedder] | None = None
    judge: Judge | None = None
    _embedder: Embedder | None = None

    @property
    def embedder(self) -> Embedder:
        """The shared embedder, made on first use."""
        if self._embedder is None:
            if self.embedder_factory is None:
                from ._embeddings import embedder_from_config

                self._embedder = embedder_from_config(self.config.embeddings)
            else:
                self._embedder = self.embedder_factory()
        return self._embedder


#: A scorer class (or factory): called as ``factory(context, **options)``.
ScorerFactory = Callable[..., Scorer]

#: The scorers, by name.
SCORERS: Registry[ScorerFactory] = Registry("scorer", "aisre.scorers")


def scorer(name: str) -> Callable[[Any], Any]:
    """Register a scorer class (or factory) under ``name``."""
    return SCORERS.register(name)


def build_scorers(config: ScoringConfig, context: ScorerContext | None = None) -> list[Scorer]:
    """The scorers ``config`` names, each made with its options."""
    from . import _builtin  # noqa: F401  (registers the built-in scorers)

    if context is None:
        from ._judge import judge_from_config

        context = ScorerContext(config=config, judge=judge_from_config(config.judge))
    made = []
    for i, name in enumerate(config.scorers):
        factory = SCORERS.get(name, field=f"scoring.scorers[{i}]")
        options = dict(config.options.get(name, {}))
        try:
            made.append(factory(context, **options))
        except (TypeError, ValueError) as exc:
            raise ConfigError(
                f"bad options for the {name} scorer: {exc}", field=f"scoring.options.{name}"
            ) from None
    unused = sorted(set(config.options) - set(config.scorers))
    if unused:
        raise ConfigError(
            f"options for scorers that are not enabled: {', '.join(unused)}",
            field="scoring.options",
            hint="add them to scoring.scorers or remove their options",
        )
    return made


def score_id(interaction_id: str, scorer_name: str, scorer_version: str) -> str:
    """The id of a scorer's score of an interaction: the same however often it is scored.

    Delivery to workers is at-least-once; a deterministic id is what makes a
    repeated score recognisable, so each interaction ends with one score per scorer.
    """
    return f"{interaction_id}~{scorer_name}~{scorer_version}"[:256]


def run_scorers(
    scorers: Sequence[Scorer], interaction: Interaction, clock: Clock, source: str = "online"
) -> list[Score]:
    """Every applicable scorer's score of ``interaction``; a failing scorer gives an error score."""
    key = interaction.id
    assert key is not None, "scored interactions have ids"
    scores = []
    now = clock.now()
    for item in scorers:
        error = None
        try:
            verdict = item.score(interaction)
        except Exception as exc:  # a scorer's failure is recorded, never a pass or a fail
            verdict, error = Verdict(None, None), f"{type(exc).__name__}: {exc}"[:1000]
        if verdict is None:
            continue
        scores.append(
            Score(
                id=score_id(key, item.name, item.version),
                interaction_id=key,
                scorer=item.name,
                scorer_version=item.version,
                timestamp=now,
                service=interaction.service,
                value=verdict.value,
                label=verdict.label,
                passed=verdict.passed,
                explanation=verdict.explanation,
                source=source,
                error=error,
            )
        )
    return scores
