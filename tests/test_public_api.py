"""The public surface of each package, pinned, and the layer rule of DESIGN.md, checked.

A name added to or removed from an ``__all__`` must be added to or removed from
this file on purpose. The layer rule is read from the source with ``ast``: a
package imports only from the layers below it (DESIGN.md, "Architecture").
"""

from __future__ import annotations

import ast
import importlib
from collections.abc import Iterable
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src"
ROOT = SRC / "aisre"

PUBLIC_API: dict[str, list[str]] = {
    "aisre.core": [
        "AisreConfig",
        "AisreError",
        "ApiKeyConfig",
        "AuthError",
        "ChangeBatch",
        "ChangeEvent",
        "ChangeKind",
        "Clock",
        "ConfigError",
        "ContextClock",
        "EmbeddingsConfig",
        "FEEDBACK_SCORER",
        "Feedback",
        "FeedbackBatch",
        "FeedbackKind",
        "GatewayConfig",
        "InputError",
        "Interaction",
        "InteractionBatch",
        "JudgeConfig",
        "LakeConfig",
        "LakeError",
        "LogprobSummary",
        "NotFound",
        "PayloadTooLarge",
        "QueueConfig",
        "RedactionConfig",
        "RedactionPattern",
        "Registry",
        "RetrievedChunk",
        "S3Config",
        "SLIDefaults",
        "Scope",
        "Score",
        "ScoreBatch",
        "ScoringConfig",
        "ServerConfig",
        "ServiceConfig",
        "SimulatedClock",
        "StateConfig",
        "StateError",
        "Status",
        "StoreError",
        "SystemClock",
        "feedback_to_score",
        "interval_timer",
        "load_config",
        "resolve_paths",
    ],
    "aisre.store": [
        "ApiKeyRecord",
        "EventLake",
        "KINDS",
        "KindTotals",
        "LakeHealth",
        "LakeStorage",
        "LocalStorage",
        "Partition",
        "RecordKind",
        "S3Storage",
        "StateStore",
        "open_storage",
    ],
    "aisre.scoring": [
        "CachedEmbedder",
        "DriftReport",
        "DriftThresholds",
        "Embedder",
        "ExampleQuery",
        "FeatureDrift",
        "HttpScoreWriter",
        "Judge",
        "JudgeError",
        "JudgePrompt",
        "JudgeVerdict",
        "MemoryQueue",
        "Message",
        "MiniLMEmbedder",
        "OpenAIEmbedder",
        "OpenAIJudge",
        "PROMPTS",
        "QueueError",
        "RecentIds",
        "RedisQueue",
        "SCORERS",
        "SamplingPolicy",
        "ScoreWriter",
        "Scorer",
        "ScorerContext",
        "ScoringPipeline",
        "ScoringWorker",
        "Verdict",
        "Window",
        "WordLlamaEmbedder",
        "WorkQueue",
        "WorkerStats",
        "build_scorers",
        "compare_windows",
        "default_cache_dir",
        "drift_report",
        "embedder_from_config",
        "judge_from_config",
        "queue_from_config",
        "resolve_windows",
        "run_scorers",
        "score_id",
        "scorer",
    ],
    "aisre.capture": [
        "BUILTIN_PATTERNS",
        "Exchange",
        "Gateway",
        "OTLP_CONTENT_TYPES",
        "OTLP_JSON",
        "OTLP_PROTOBUF",
        "OtlpResult",
        "Recorder",
        "Redactor",
        "RetrievalCache",
        "SdkConfig",
        "SdkStats",
        "StreamObserver",
        "approx_tokens",
        "build_interaction",
        "configure",
        "decode_export_request",
        "encode_export_response",
        "encode_otlp_status",
        "flush",
        "instrument",
        "luhn_ok",
        "map_export_request",
        "otlp_media_type",
        "retrieved",
        "sdk_stats",
        "shutdown",
        "trace",
    ],
    "aisre.slo": ["FILTER_COLUMNS", "GROUP_COLUMNS", "InfraSLIRow", "TIME_BUCKETS", "infra_slis"],
    "aisre.server": [
        "ApiKeyAuth",
        "BackgroundServer",
        "Stores",
        "create_app",
        "is_loopback",
        "serve",
    ],
    "aisre.demo": [
        "DEFAULT_SCENARIO",
        "DemoResult",
        "demo_config",
        "load_demo_scenario",
        "run_demo",
    ],
    "aisre.cli": ["app", "main"],
    "aisre.demo.service": [
        "ALLOWED_VERSIONS",
        "ANSWER_SCHEMAS",
        "Answer",
        "Answerer",
        "ChatReply",
        "Completion",
        "DECLINE",
        "Decision",
        "Embedder",
        "F1_THRESHOLD",
        "Faults",
        "GoldenCase",
        "Hit",
        "INDEX_VERSIONS",
        "INSTANT",
        "MODEL_VERSIONS",
        "ModelVersion",
        "NO_FAULTS",
        "PACES",
        "PROMPT_VERSIONS",
        "Pace",
        "Passage",
        "PromptTemplate",
        "REALISTIC",
        "REFUSALS",
        "RetrievedChunk",
        "STALE_CUTOFF",
        "ServiceState",
        "UnknownVersion",
        "VectorIndex",
        "Versions",
        "WordLlamaEmbedder",
        "answer_json",
        "change_poster",
        "create_service_app",
        "decide",
        "default_cache_dir",
        "is_correct",
        "is_supported",
        "load_golden",
        "load_passages",
        "measure",
        "model_version",
        "prompt_template",
        "run_chat",
        "token_f1",
    ],
    "aisre.demo.scenario": [
        "DEFAULT_SERVICE",
        "DEFAULT_START",
        "DEFAULT_VERSIONS",
        "ENTRY_KEYS",
        "FAULT_KINDS",
        "Label",
        "LabelKind",
        "SYMPTOMS",
        "Scenario",
        "ScenarioError",
        "ScheduledChange",
        "TOP_KEYS",
        "TimelineEntry",
        "TrafficValidator",
        "VERSION_KINDS",
        "VERSION_SYMPTOMS",
        "VersionKind",
        "bundled_scenarios",
        "format_offset",
        "load_scenario",
        "parse_scenario",
        "parse_seconds",
    ],
    "aisre.demo.traffic": [
        "ANSWER_SCHEMA",
        "Burst",
        "FeedbackEvent",
        "FeedbackModel",
        "LANGUAGES",
        "Outcome",
        "QUERY_TYPES",
        "SYSTEM_PROMPT",
        "TrafficGenerator",
        "TrafficProfile",
        "TrafficRequest",
    ],
    "aisre.demo.runner": [
        "IngestSink",
        "MemorySink",
        "RunResult",
        "ScenarioRunner",
        "Sink",
        "Slots",
        "Timing",
        "Truth",
        "record",
    ],
}

# DESIGN.md, "Architecture": the rank of each layer. A package may import a
# package of a lower rank; packages of the same rank form one layer (evals and
# registry) and may import each other, as may the top level (server, cli, demo).
LAYERS: dict[str, int] = {
    "core": 1,
    "store": 2,
    "capture": 3,
    "scoring": 4,
    "slo": 5,
    "evals": 6,
    "registry": 6,
    "incidents": 7,
    "chaos": 8,
    "server": 9,
    "cli": 9,
    "demo": 9,
}


def test_the_expected_lists_are_sorted_and_unique() -> None:
    for names in PUBLIC_API.values():
        assert names == sorted(set(names))


@pytest.mark.parametrize("package", sorted(PUBLIC_API))
def test_all_is_pinned(package: str) -> None:
    module = importlib.import_module(package)
    exported = list(module.__all__)
    assert len(exported) == len(set(exported)), f"{package}.__all__ lists a name twice"
    assert sorted(exported) == PUBLIC_API[package]


@pytest.mark.parametrize("package", sorted(PUBLIC_API))
def test_every_exported_name_is_importable(package: str) -> None:
    module = importlib.import_module(package)
    for name in module.__all__:
        assert getattr(module, name, None) is not None, f"{package}.{name} is missing"
    namespace: dict[str, object] = {}
    exec(f"from {package} import *", namespace)
    assert set(module.__all__) <= set(namespace)


@pytest.mark.parametrize("package", sorted(PUBLIC_API))
def test_no_private_name_is_exported(package: str) -> None:
    module = importlib.import_module(package)
    private = [name for name in module.__all__ if name.startswith("_")]
    assert private == []


# -- the layer rule ------------------------------------------------------------------------


def module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_modules(path: Path) -> set[str]:
    """Every module ``path`` imports, absolute, relative ones resolved; function bodies too."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                parts = package.split(".")
                base = ".".join(parts[: len(parts) - node.level + 1])
                target = f"{base}.{node.module}" if node.module else base
            else:
                target = node.module or ""
            found.add(target)
            if target == "aisre":  # ``from aisre import slo`` imports the package aisre.slo
                found.update(f"aisre.{a.name}" for a in node.names if (ROOT / a.name).is_dir())
    return found


def layer_of(module: str) -> str | None:
    """The aisre package (layer) a module belongs to; None for the modules of the root."""
    parts = module.split(".")
    if parts[0] != "aisre" or len(parts) < 2 or not (ROOT / parts[1]).is_dir():
        return None
    return parts[1]


def import_edges() -> set[tuple[str, str, str]]:
    """(importing layer, imported layer, file) for every import between aisre packages."""
    edges = set()
    for path in sorted(ROOT.rglob("*.py")):
        source = layer_of(module_name(path))
        for target in imported_modules(path):
            if not (target == "aisre" or target.startswith("aisre.")):
                continue
            edges.add(
                (source or "<root>", layer_of(target) or "<root>", str(path.relative_to(SRC)))
            )
    return edges


def violations(edges: Iterable[tuple[str, str, str]]) -> list[str]:
    bad = []
    for source, target, where in sorted(edges):
        if source == target or target == "<root>":
            continue  # within one package; ``import aisre`` only reaches __version__
        if source == "<root>":
            if where == "aisre/__init__.py":
                bad.append(f"{where} imports aisre.{target}: every import of aisre would load it")
            continue  # aisre/__main__.py is an entry point, like the CLI
        if source not in LAYERS:
            bad.append(f"{where}: package aisre.{source} has no layer; add it to LAYERS")
            continue
        if target not in LAYERS:
            bad.append(f"{where} imports aisre.{target}, which has no layer")
            continue
        if LAYERS[target] > LAYERS[source] or (
            LAYERS[target] == LAYERS[source]
            and LAYERS[source] != LAYERS["server"]
            and {source, target} != {"evals", "registry"}
        ):
            bad.append(f"{where}: aisre.{source} may not import aisre.{target}")
    return bad


def test_the_import_scan_sees_the_known_imports() -> None:
    pairs = {(s, t) for s, t, _ in import_edges()}
    # Guards the scan itself: these imports exist (some inside functions, some relative).
    assert ("store", "core") in pairs
    assert ("slo", "core") in pairs
    assert ("server", "slo") in pairs
    assert ("cli", "demo") in pairs  # imported inside the ``demo`` command
    assert ("demo", "server") in pairs
    assert ("store", "store") in pairs  # ``from ._lake import ...``


def test_the_rule_rejects_upward_imports() -> None:
    assert violations([("core", "store", "aisre/core/_x.py")]) != []
    assert violations([("store", "capture", "aisre/store/_x.py")]) != []
    assert violations([("capture", "slo", "aisre/capture/_x.py")]) != []
    assert violations([("slo", "server", "aisre/slo/_x.py")]) != []
    assert violations([("incidents", "chaos", "aisre/incidents/_x.py")]) != []
    assert violations([("nonsense", "core", "aisre/nonsense/_x.py")]) != []
    assert violations([("<root>", "cli", "aisre/__init__.py")]) != []
    assert (
        violations(
            [
                ("slo", "scoring", "a"),
                ("slo", "capture", "b"),
                ("capture", "store", "c"),
                ("evals", "registry", "d"),
                ("cli", "server", "e"),
                ("server", "demo", "f"),
                ("demo", "cli", "g"),
                ("<root>", "cli", "aisre/__main__.py"),
            ]
        )
        == []
    )


def test_packages_import_only_lower_layers() -> None:
    assert violations(import_edges()) == []


@pytest.mark.parametrize(
    ("package", "allowed"),
    [
        ("core", set()),
        ("store", {"core"}),
        ("capture", {"core", "store"}),
        ("slo", {"core", "store", "capture", "scoring"}),
    ],
)
def test_lower_layers_import_exactly_what_design_allows(package: str, allowed: set[str]) -> None:
    imported = {t for s, t, _ in import_edges() if s == package and t not in (s, "<root>")}
    assert imported <= allowed


def test_the_sdk_names_of_the_top_level_are_lazy() -> None:
    import subprocess
    import sys

    import aisre
    import aisre.capture

    for name in ("configure", "flush", "instrument", "retrieved", "trace"):
        assert name in aisre.__all__ and getattr(aisre, name) is getattr(aisre.capture, name)
    with pytest.raises(AttributeError):
        aisre.nonsense  # noqa: B018
    # A fresh interpreter: importing aisre loads none of its packages.
    code = "import sys, aisre; print(sorted(m for m in sys.modules if m.startswith('aisre.')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
