"""The traffic generator and the feedback model: determinism, rates, mixes, bodies, feedback."""

from __future__ import annotations

import math
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest

import aisre.demo.traffic as traffic
from aisre.demo.service import load_golden
from aisre.demo.service._openai import ChatCompletionRequest
from aisre.demo.traffic import (
    Burst,
    FeedbackEvent,
    FeedbackModel,
    Outcome,
    TrafficGenerator,
    TrafficProfile,
    TrafficRequest,
)

START = datetime(2026, 11, 20, 0, 0, tzinfo=UTC)
FLAT = TrafficProfile(rate_per_s=10.0, diurnal_amplitude=0.0)


def generate(
    profile: TrafficProfile | Callable[[float], TrafficProfile] = FLAT,
    *,
    duration_s: float = 600.0,
    seed: int = 1,
    start: datetime = START,
) -> list[TrafficRequest]:
    return list(TrafficGenerator(start, duration_s, seed, profile).requests())


def within_poisson(count: int, expected: float, sigmas: float = 5.0) -> bool:
    return abs(count - expected) <= sigmas * math.sqrt(expected)


def expected_count(profile: TrafficProfile, start: datetime, duration_s: int) -> float:
    return sum(
        profile.rate_at(s + 0.5, start + timedelta(seconds=s + 0.5)) for s in range(duration_s)
    )


@pytest.fixture(scope="module")
def sample() -> list[TrafficRequest]:
    """About 20,000 requests under the default mix."""
    return generate(TrafficProfile(rate_per_s=20.0, diurnal_amplitude=0.0), duration_s=1000)


def test_the_public_surface_is_pinned() -> None:
    assert sorted(traffic.__all__) == [
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
    ]


# -- determinism and order ---------------------------------------------------------------


def test_the_same_seed_gives_the_same_requests_and_another_seed_others() -> None:
    first, again, other = generate(seed=5), generate(seed=5), generate(seed=6)
    assert first == again
    assert len(first) > 1000
    assert [r.at for r in first] != [r.at for r in other]
    assert [r.question for r in first] != [r.question for r in other]


def test_a_new_but_equal_profile_per_call_changes_nothing() -> None:
    assert generate(lambda _: TrafficProfile(rate_per_s=10.0, diurnal_amplitude=0.0)) == generate()


def test_each_call_to_requests_replays_the_sequence() -> None:
    generator = TrafficGenerator(START, 120, 3, FLAT)
    assert list(generator.requests()) == list(generator.requests())


def test_requests_are_numbered_in_arrival_order_within_the_run() -> None:
    requests = generate(duration_s=300.5)
    assert [r.seq for r in requests] == list(range(len(requests)))
    times = [r.at for r in requests]
    assert times == sorted(times)
    assert all(r.at.tzinfo is UTC for r in requests)
    assert times[0] >= START and times[-1] < START + timedelta(seconds=300.5)


def test_a_start_in_another_timezone_gives_utc_arrivals() -> None:
    paris = START.astimezone(timezone(timedelta(hours=1)))
    requests = generate(duration_s=30, start=paris)
    assert requests == generate(duration_s=30)


# -- the rate ----------------------------------------------------------------------------


def test_the_count_over_a_window_follows_the_rate() -> None:
    requests = generate(duration_s=1800)
    assert within_poisson(len(requests), 10.0 * 1800)


def test_rate_at_follows_the_daily_cycle_and_the_bursts() -> None:
    profile = TrafficProfile(
        rate_per_s=2.0,
        diurnal_amplitude=0.5,
        peak_hour=15.0,
        bursts=(Burst(100, 50, 4.0), Burst(120, 10, 0.5)),
    )
    assert profile.rate_at(0, START.replace(hour=15)) == pytest.approx(3.0)
    assert profile.rate_at(0, START.replace(hour=3)) == pytest.approx(1.0)
    assert profile.rate_at(0, START.replace(hour=9)) == pytest.approx(2.0)
    at_peak = START.replace(hour=15)
    assert profile.rate_at(110, at_peak) == pytest.approx(12.0)
    assert profile.rate_at(125, at_peak) == pytest.approx(6.0)  # overlapping bursts multiply
    assert profile.rate_at(150, at_peak) == pytest.approx(3.0)  # the end is exclusive
    in_new_york = at_peak.astimezone(timezone(timedelta(hours=-5)))
    assert profile.rate_at(0, in_new_york) == pytest.approx(3.0)
    with pytest.raises(ValueError, match="timezone"):
        profile.rate_at(0, datetime(2026, 11, 20, 15))


def test_the_daily_peak_gets_more_traffic_than_the_trough() -> None:
    profile = TrafficProfile(rate_per_s=4.0, diurnal_amplitude=0.5, peak_hour=15.0)
    peak_start, trough_start = START.replace(hour=14, minute=30), START.replace(hour=2, minute=30)
    peak = generate(profile, duration_s=3600, start=peak_start)
    trough = generate(profile, duration_s=3600, start=trough_start)
    assert within_poisson(len(peak), expected_count(profile, peak_start, 3600))
    assert within_poisson(len(trough), expected_count(profile, trough_start, 3600))
    assert 2.5 < len(peak) / len(trough) < 3.5  # (1 + 0.5) / (1 - 0.5), nearly


def test_a_burst_multiplies_the_rate_while_it_lasts() -> None:
    profile = TrafficProfile(rate_per_s=5.0, diurnal_amplitude=0.0, bursts=(Burst(600, 300, 4.0),))
    requests = generate(profile, duration_s=1200)
    offsets = Counter(
        "burst" if 600 <= (r.at - START).total_seconds() < 900 else "calm" for r in requests
    )
    assert within_poisson(offsets["burst"], 5.0 * 4.0 * 300)
    assert within_poisson(offsets["calm"], 5.0 * 900)


def test_the_profile_can_change_mid_run_and_arrivals_stay_put() -> None:
    german = TrafficProfile(rate_per_s=10.0, diurnal_amplitude=0.0, languages={"de": 1.0})
    calls: list[float] = []

    def profile_at(elapsed_s: float) -> TrafficProfile:
        calls.append(elapsed_s)
        return FLAT if elapsed_s < 300 else german

    shifted = generate(profile_at)
    before = [r for r in shifted if (r.at - START).total_seconds() < 300]
    after = [r for r in shifted if (r.at - START).total_seconds() >= 300]
    assert {r.language for r in after} == {"de"}
    assert Counter(r.language for r in before)["en"] > 0.7 * len(before)
    assert [r.at for r in shifted] == [r.at for r in generate(FLAT)]  # same rate, same arrivals
    assert len(calls) == 600  # once per simulated second


# -- the mix -----------------------------------------------------------------------------


def test_the_mix_follows_the_profile(sample: list[TrafficRequest]) -> None:
    n = len(sample)
    assert n > 18_000
    profile = TrafficProfile()

    def share(predicate: Callable[[TrafficRequest], bool]) -> float:
        return sum(1 for r in sample if predicate(r)) / n

    def close(value: float, target: float) -> bool:
        return abs(value - target) < 4 * math.sqrt(target * (1 - target) / n) + 1e-3

    assert close(share(lambda r: r.golden_id is not None), profile.golden_share)
    assert close(share(lambda r: r.structured), profile.structured_share)
    assert close(share(lambda r: r.stream), profile.stream_share)
    total = sum(profile.languages.values())
    for language, weight in profile.languages.items():
        assert close(share(lambda r, lang=language: r.language == lang), weight / total)
    total = sum(profile.query_types.values())
    for query_type, weight in profile.query_types.items():
        assert close(share(lambda r, qt=query_type: r.query_type == qt), weight / total)
    total = sum(profile.temperatures.values())
    for temperature, weight in profile.temperatures.items():
        assert close(share(lambda r, t=temperature: r.temperature == t), weight / total)


def test_users_have_zipf_like_activity(sample: list[TrafficRequest]) -> None:
    counts = Counter(r.user for r in sample).most_common()
    assert all(user.startswith("u-") and len(user) == 6 for user, _ in counts)
    assert 500 < len(counts) <= 1000
    busiest = counts[0][1] / len(sample)
    assert 0.05 < busiest < 0.12
    assert counts[0][0] != "u-0001"  # the order of activity is shuffled by the seed
    assert sum(c for _, c in counts[:100]) > 0.5 * len(sample)


def test_golden_questions_are_verbatim_with_their_ids(sample: list[TrafficRequest]) -> None:
    golden = {case.id: case for case in load_golden()}
    asked = [r for r in sample if r.golden_id is not None]
    for request in asked:
        case = golden[request.golden_id]
        assert request.question == case.question
        assert (request.language, request.query_type) == (case.language, case.query_type)
    assert len({r.golden_id for r in asked}) > 200


def test_generated_questions_are_varied_and_not_golden(sample: list[TrafficRequest]) -> None:
    golden_questions = {case.question for case in load_golden()}
    generated = [r for r in sample if r.golden_id is None]
    assert not [r.question for r in generated if r.question in golden_questions]
    texts = {r.question for r in generated}
    assert len(texts) > 0.4 * len(generated)  # popular questions recur, as in real traffic
    words = [len(text.split()) for text in texts]
    assert min(words) <= 2 and max(words) >= 25
    assert sum(1 for w in words if w <= 4) > 0.05 * len(words)  # keyword queries
    assert sum(1 for w in words if w >= 18) > 0.02 * len(words)  # with user context
    assert any(text.startswith(("Hi", "Hello", "hey")) for text in texts)
    for query_type in traffic.QUERY_TYPES:
        assert any(r.query_type == query_type for r in generated)


def test_non_english_requests_ask_in_their_language(sample: list[TrafficRequest]) -> None:
    markers = {"de": ("Wie", "Was", "wie", "Welche"), "fr": ("Comment", "Quel", "Combien")}
    markers["es"] = ("¿", "Hola")
    for language, words in markers.items():
        mine = [r.question for r in sample if r.language == language]
        assert mine and sum(1 for q in mine if any(w in q for w in words)) > 0.5 * len(mine)


def test_typos_change_generated_questions_only() -> None:
    clean = generate(TrafficProfile(rate_per_s=10.0, typo_rate=0.0), duration_s=200)
    typos = generate(TrafficProfile(rate_per_s=10.0, typo_rate=1.0), duration_s=200)
    pairs = list(zip(clean, typos, strict=True))
    assert all(a.question == b.question for a, b in pairs if a.golden_id is not None)
    assert all(replace(a, question="") == replace(b, question="") for a, b in pairs)
    changed = [a.question != b.question for a, b in pairs if a.golden_id is None]
    assert sum(changed) > 0.9 * len(changed)


# -- the request body --------------------------------------------------------------------


def test_chat_bodies_are_accepted_by_the_reference_service(sample: list[TrafficRequest]) -> None:
    kinds = Counter()
    for request in sample[:2000]:
        body = request.chat_body()
        chat = ChatCompletionRequest.model_validate(body)
        assert chat.question() == request.question
        assert chat.messages[0].role == "system"
        assert (chat.temperature, chat.seed, chat.stream) == (
            request.temperature,
            request.seed,
            request.stream,
        )
        assert body["user"] == request.user
        assert (chat.stream_options is not None) == request.stream
        if request.stream:
            assert chat.stream_options is not None and chat.stream_options.include_usage
        if request.structured:
            assert chat.response_format is not None and chat.response_format.json_schema
            assert chat.response_format.json_schema.name == "rag_answer_v1"
        else:
            assert chat.response_format is None
        kinds[(request.stream, request.structured)] += 1
    assert len(kinds) == 4
    assert sample[0].chat_body("other-model")["model"] == "other-model"


# -- the profile -------------------------------------------------------------------------


def test_a_profile_reads_from_plain_data() -> None:
    profile = TrafficProfile.from_dict(
        {
            "rate_per_s": 3,
            "bursts": [{"start_s": 60, "duration_s": 30, "multiplier": 2.5}],
            "temperatures": {"0": 3, "0.7": 1},
            "languages": {"en": 1, "fr": 1},
        }
    )
    assert profile.bursts == (Burst(60, 30, 2.5),)
    assert dict(profile.temperatures) == {0.0: 3.0, 0.7: 1.0}
    assert dict(profile.languages) == {"en": 1.0, "fr": 1.0}
    assert profile.golden_share == TrafficProfile().golden_share
    assert TrafficProfile.from_dict({}) == TrafficProfile()
    assert len({TrafficProfile(), TrafficProfile.from_dict({}), profile}) == 2
    with pytest.raises(TypeError):
        profile.languages["de"] = 1.0  # type: ignore[index]


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"rate_per_s": 0}, "rate_per_s"),
        ({"rate_per_s": "fast"}, "rate_per_s"),
        ({"rate_per_s": float("inf")}, "rate_per_s"),
        ({"diurnal_amplitude": 1.5}, "diurnal_amplitude"),
        ({"peak_hour": 24}, "peak_hour"),
        ({"golden_share": -0.1}, "golden_share"),
        ({"structured_share": 2}, "structured_share"),
        ({"stream_share": float("nan")}, "stream_share"),
        ({"stream_share": True}, "stream_share"),
        ({"typo_rate": 1.1}, "typo_rate"),
        ({"languages": {}}, "languages"),
        ({"languages": {"it": 1}}, "languages"),
        ({"languages": {"en": 0}}, "languages"),
        ({"query_types": {"chitchat": 1}}, "query_types"),
        ({"query_types": ["factual"]}, "query_types"),
        ({"temperatures": {"3": 1}}, "temperatures"),
        ({"temperatures": {"hot": 1}}, "temperatures"),
        ({"users": 0}, "users"),
        ({"users": 2.5}, "users"),
        ({"bursts": {"start_s": 0}}, "bursts"),
        ({"bursts": [{"start_s": 0, "duration_s": 0, "multiplier": 2}]}, "duration_s"),
        ({"bursts": [{"start_s": -1, "duration_s": 5, "multiplier": 2}]}, "start_s"),
        ({"bursts": [{"start_s": 0, "duration_s": 5, "multiplier": 0}]}, "multiplier"),
        ({"bursts": [{"start_s": 0, "duration_s": 5, "mult": 2}]}, "mult"),
        ({"bursts": ["soon"]}, "Burst"),
        ({"rate": 2, "golden": 0.1}, "golden, rate"),
    ],
)
def test_bad_profile_values_name_the_field(data: dict[str, Any], field: str) -> None:
    with pytest.raises(ValueError, match=field):
        TrafficProfile.from_dict(data)


def test_the_generator_checks_its_arguments() -> None:
    with pytest.raises(ValueError, match="timezone"):
        TrafficGenerator(datetime(2026, 11, 20), 60, 1, FLAT)
    with pytest.raises(ValueError, match="duration_s"):
        TrafficGenerator(START, -1, 1, FLAT)
    with pytest.raises(ValueError, match="profile_at"):
        TrafficGenerator(START, 60, 1, "flat")  # type: ignore[arg-type]
    assert generate(duration_s=0) == []


# -- feedback ----------------------------------------------------------------------------

GOOD = Outcome(ok=True, latency_ms=900, refused=False, supported=True, correct=True)


def feedback_on(
    outcome: Outcome, requests: list[TrafficRequest], seed: int = 3
) -> list[list[FeedbackEvent]]:
    model = FeedbackModel(seed)
    return [model.feedback(request, outcome) for request in requests]


def rate(events: list[list[FeedbackEvent]], kind: str) -> float:
    return sum(1 for es in events if any(e.kind == kind for e in es)) / len(events)


def test_a_small_share_of_users_give_feedback_on_good_answers(
    sample: list[TrafficRequest],
) -> None:
    answerable = [r for r in sample if r.query_type != "out-of-scope"]
    events = feedback_on(GOOD, answerable)
    responded = sum(1 for es in events if es) / len(events)
    assert 0.06 < responded < 0.10
    assert rate(events, "thumbs_up") > 5 * rate(events, "thumbs_down")
    assert rate(events, "hallucination_report") < 0.003


@pytest.mark.parametrize(
    "bad",
    [
        Outcome(ok=False, latency_ms=300, refused=False),
        Outcome(ok=True, latency_ms=900, refused=True, supported=True),
        Outcome(ok=True, latency_ms=900, refused=False, supported=False),
        Outcome(ok=True, latency_ms=900, refused=False, supported=True, correct=False),
        Outcome(ok=True, latency_ms=12_000, refused=False, supported=True, correct=True),
    ],
    ids=["error", "refused", "unsupported", "incorrect", "slow"],
)
def test_bad_answers_get_far_more_thumbs_down(sample: list[TrafficRequest], bad: Outcome) -> None:
    answerable = [r for r in sample if r.query_type != "out-of-scope"]
    good, worse = feedback_on(GOOD, answerable), feedback_on(bad, answerable)
    assert rate(worse, "thumbs_down") > 5 * rate(good, "thumbs_down")
    assert rate(worse, "thumbs_up") < rate(good, "thumbs_up")


def test_hallucination_reports_follow_wrong_answers(sample: list[TrafficRequest]) -> None:
    answerable = [r for r in sample if r.query_type != "out-of-scope"]
    good = feedback_on(GOOD, answerable)
    unsupported = feedback_on(Outcome(True, 900, False, supported=False), answerable)
    refused = feedback_on(Outcome(True, 900, True, supported=False), answerable)
    failed = feedback_on(Outcome(False, 900, False), answerable)
    assert rate(unsupported, "hallucination_report") > 10 * max(
        rate(good, "hallucination_report"), 1 / len(answerable)
    )
    assert rate(refused, "hallucination_report") == 0
    assert rate(failed, "hallucination_report") == 0


def test_declining_out_of_scope_questions_is_not_punished_like_refusing_answerable_ones(
    sample: list[TrafficRequest],
) -> None:
    refusal = Outcome(ok=True, latency_ms=900, refused=True)
    out_of_scope = [r for r in sample if r.query_type == "out-of-scope"]
    answerable = [r for r in sample if r.query_type != "out-of-scope"][: len(out_of_scope)]
    declined, refused = feedback_on(refusal, out_of_scope), feedback_on(refusal, answerable)
    assert rate(declined, "thumbs_down") < rate(refused, "thumbs_down")


def test_feedback_events_are_well_formed_and_deterministic(sample: list[TrafficRequest]) -> None:
    bad = Outcome(ok=True, latency_ms=5000, refused=False, supported=False)
    events = feedback_on(bad, sample[:5000])
    backwards = feedback_on(bad, sample[:5000][::-1])[::-1]
    assert events == backwards  # the order of the calls does not matter
    assert events != feedback_on(bad, sample[:5000], seed=4)
    flat = [e for es in events for e in es]
    assert {e.kind for e in flat} == {"thumbs_down", "thumbs_up", "hallucination_report", "comment"}
    assert all(e.delay_s > 0 for e in flat)
    assert all((e.kind == "comment") == bool(e.comment) for e in flat)
    for es in events:
        kinds = [e.kind for e in es]
        assert not es or kinds[0] in ("thumbs_up", "thumbs_down")
        assert "hallucination_report" not in kinds or kinds[0] == "thumbs_down"


def test_the_feedback_model_checks_its_arguments() -> None:
    with pytest.raises(ValueError, match="response_rate"):
        FeedbackModel(1, response_rate=1.5)
    with pytest.raises(ValueError, match="latency_ms"):
        Outcome(ok=True, latency_ms=-1, refused=False)


# -- speed -------------------------------------------------------------------------------


def test_generation_speed_is_measured(capsys: pytest.CaptureFixture[str]) -> None:
    """Not a timed assertion (shared machines flake): the rate is printed for ``-s`` runs."""
    generator = TrafficGenerator(START, 3600, 9, TrafficProfile(rate_per_s=20.0))
    started = time.process_time()
    count = sum(1 for _ in generator.requests())
    elapsed = time.process_time() - started
    with capsys.disabled():
        print(f"\ntraffic generation: {count} requests, {count / max(elapsed, 1e-9):,.0f}/s CPU")
    assert count > 40_000
