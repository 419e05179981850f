"""Measure the grounding scorer: HaluEval QA, the labelled RAG set, and its cost.

Run from the repository root: ``.venv/bin/python bench/_scoring_grounding.py``
(``--build`` first remakes ``bench/data/rag_grounding_labelled.jsonl`` from the
reference service and the knowledge base; the build is deterministic).

The RAG set has four sources:

* ``service-v2`` — answers of the reference service's regressed model
  version (``v2-regressed``): the ones it spoiled (numbers or names swapped,
  a sentence from a passage it did not retrieve) are hallucinated, the others
  are not; the simulation's own truth (``Answer.supported``) is the label;
* ``service-v1`` — answers of the good version (not hallucinated);
* ``perturbed`` — good answers made longer (2-4 sentences from the retrieved
  passages, reworded by meaning-preserving rewrites: number formats,
  synonyms, order, preambles), each kept once faithful and once with one
  subtle error: a number swapped for one no passage has or for another of the
  passages' numbers, a unit, a plan, role, language, region, weekday or month
  swapped, a negation flipped, an invented sentence or a sentence from a
  passage that was not retrieved added;
* ``handwritten`` — answers written by hand over real passages: faithful
  paraphrases and subtle errors.

Rows are split into dev and test by a hash of the question (every variant of
one question lands on the same side); the scorer's weights were tuned on dev
and HaluEval only.
"""

from __future__ import annotations

import json
import os
import random
import re
import sys
import time
import zlib
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import ROOT, figure

HALUEVAL = ROOT.parent / "shared" / "bench" / "data" / "halueval_qa_500.jsonl"
RAG_SET = ROOT / "bench" / "data" / "rag_grounding_labelled.jsonl"
KB = ROOT / "src" / "aisre" / "demo" / "kb"


def split_of(question: str) -> str:
    """``dev`` or ``test``, by a hash of the question."""
    return "dev" if zlib.crc32(question.encode("utf-8")) % 2 == 0 else "test"


# ---------------------------------------------------------------------------
# Building the RAG set
# ---------------------------------------------------------------------------

_GROUPS = (
    ("Free", "Team", "Business", "Enterprise"),
    ("Owner", "Admin", "Developer", "Viewer"),
    ("Python", "Go", "Java", "Rust", "Ruby", ".NET", "Node.js"),
    ("eu-central", "eu-west", "us-east", "us-west", "ap-southeast", "ap-northeast"),
    ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
    (
        "January",
        "February",
        "March",
        "April",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
    ("English", "German", "French", "Spanish", "Japanese"),
    ("GitHub", "GitLab", "Bitbucket", "Okta", "Google", "Microsoft"),
    ("AWS", "Google Cloud", "Azure"),
    ("Slack", "PagerDuty", "Microsoft Teams", "Opsgenie"),
    ("topics", "queues"),
)
_UNIT_SWAPS = {
    "seconds": "minutes",
    "second": "minute",
    "minutes": "hours",
    "minute": "hour",
    "hours": "days",
    "hour": "day",
    "days": "weeks",
    "day": "week",
    "weeks": "months",
    "months": "years",
    "MB": "GB",
    "KB": "MB",
    "GB": "TB",
}
_NEGATIONS = (
    (r"\bcannot\b", "can"),
    (r"\bcan't\b", "can"),
    (r"\bis not\b", "is"),
    (r"\bare not\b", "are"),
    (r"\bdoes not\b", "does"),
    (r"\bdo not\b", "do"),
    (r"\bnever\b", "always"),
    (r"\bcan\b", "cannot"),
    (r"\bis\b", "is not"),
    (r"\bare\b", "are not"),
    (r"\bmust\b", "does not need to"),
)
_SYNONYMS = (
    (r"\bYou can\b", "It is possible to"),
    (r"\byou can\b", "you are able to"),
    (r"\brequires\b", "needs"),
    (r"\ballows\b", "lets"),
    (r"\bautomatically\b", "on its own"),
    (r"\bmust\b", "has to"),
    (r"\bwithin\b", "in under"),
    (r"\bapproximately\b", "about"),
    (r"\bmaximum\b", "upper limit"),
    (r"\bis available\b", "is offered"),
    (r"\bare available\b", "are offered"),
    (r"\bshows\b", "displays"),
    (r"\bcontains\b", "includes"),
    (r"\bafter\b", "once"),
    (r"\bdelete\b", "remove"),
    (r"\bcreate\b", "set up"),
)
_PREAMBLES = (
    "",
    "",
    "Based on the documentation: ",
    "According to the docs, ",
    "Short answer: ",
    "Sure! ",
)
_CLOSINGS = (
    "",
    "",
    " Let me know if you need more detail.",
    " Hope this helps!",
)
#: Plausible claims about the product that no passage makes (written for this set).
INVENTED = (
    "Relay also offers a native connector that exports messages straight into Snowflake.",
    "This limit can be raised at no cost by opening a ticket with the sales team.",
    "The same setting is also exposed in the mobile app for iOS and Android.",
    "Changes take effect only after the workspace is restarted from the console.",
    "Support will refund any overage charges that result from this automatically.",
    "It is the same behaviour as Amazon SQS, so existing SQS code works unchanged.",
    "Relay sends a weekly digest email summarising these events to every Admin.",
    "This feature is currently in beta and is free of charge until the end of the year.",
    "Messages older than that are archived to cold storage and can be restored for a fee.",
    "A GraphQL endpoint offers the same operations for teams that prefer it.",
    "Enterprise customers get this with a 99.999% uptime guarantee.",
    "The limit is lifted entirely for workspaces that prepay for 12 months.",
    "You will also receive an SMS alert each time this happens.",
    "Relay keeps an immutable copy in a second region for 90 days as a safeguard.",
    "The console shows a red banner on the dashboard whenever this applies.",
    "Older SDK versions fall back to polling every 30 seconds instead.",
    "This can also be configured per message with the relay-priority header.",
    "Workspaces on annual billing receive a 20% discount on this.",
    "Relay's status page reports this metric for every region in real time.",
    "Only workspace Owners can change this, and the change needs a second approval.",
    "The behaviour was introduced in 2019 together with the first version of the API.",
    "Kafka Connect sink connectors can consume these events without any changes.",
    "Ask your account manager to enable it; it is not visible in the console by default.",
    "Requests that exceed the limit are queued for up to 10 minutes rather than rejected.",
)


def _number_variants(match: re.Match[str], rng: random.Random, forbidden: set[str]) -> str:
    raw = match.group(0)
    value = float(raw.replace(",", ""))
    for _ in range(30):
        new = rng.choice(
            (value * 2, value * 3, value + 1, value - 1, value * 10, value / 2, value + 5)
        )
        if new <= 0 or new == value:
            continue
        text = f"{new:g}" if "." in raw or new != int(new) else f"{int(new):,}"
        if "," not in raw:
            text = text.replace(",", "")
        if text.replace(",", "") not in forbidden:
            return text
    return str(int(value) + 11)


_NUM = re.compile(r"(?<![\w.\-])\d[\d,]*(?:\.\d+)?(?![\w\-]*\d)")


def _context_numbers(context: str) -> set[str]:
    return {m.group(0).replace(",", "") for m in _NUM.finditer(context)}


def perturb(
    sentence: str, context: str, rng: random.Random, kinds: list[str]
) -> tuple[str, str] | None:
    """One erroneous variant of ``sentence`` and its kind, or None if no kind applies."""
    rng.shuffle(kinds)
    numbers = list(_NUM.finditer(sentence))
    for kind in kinds:
        if kind == "number-absent" and numbers:
            m = rng.choice(numbers)
            new = _number_variants(m, rng, _context_numbers(context))
            return sentence[: m.start()] + new + sentence[m.end() :], kind
        if kind == "number-in-context" and numbers:
            m = rng.choice(numbers)
            pool = sorted(_context_numbers(context) - {m.group(0).replace(",", "")})
            pool = [p for p in pool if len(p) < 5 and p not in _context_numbers(sentence)]
            if pool:
                return sentence[: m.start()] + rng.choice(pool) + sentence[m.end() :], kind
        if kind == "unit":
            units = [u for u in _UNIT_SWAPS if re.search(rf"\d[\s-]{re.escape(u)}\b", sentence)]
            if units:
                u = rng.choice(units)
                return re.sub(
                    rf"(\d[\s-]){re.escape(u)}\b", rf"\g<1>{_UNIT_SWAPS[u]}", sentence, count=1
                ), kind
        if kind in {"name-absent", "name-in-context"}:
            for group in rng.sample(_GROUPS, len(_GROUPS)):
                present = [n for n in group if re.search(rf"(?<![\w.-]){re.escape(n)}\b", sentence)]
                if not present:
                    continue
                old = rng.choice(present)
                if kind == "name-absent":
                    pool = [n for n in group if n not in context]
                else:
                    pool = [n for n in group if n in context and n not in sentence]
                if pool:
                    new = rng.choice(pool)
                    return re.sub(rf"(?<![\w.-]){re.escape(old)}\b", new, sentence, count=1), kind
        if kind == "negation":
            for pattern, repl in _NEGATIONS:
                if re.search(pattern, sentence):
                    return re.sub(pattern, repl, sentence, count=1), kind
    return None


def reword(sentence: str, rng: random.Random) -> str:
    """A meaning-preserving rewrite: synonyms and number formats."""
    out = sentence
    for pattern, repl in rng.sample(_SYNONYMS, len(_SYNONYMS)):
        if rng.random() < 0.5 and re.search(pattern, out):
            out = re.sub(pattern, repl, out, count=1)
    if rng.random() < 0.5:
        short = {"hours": "hrs", "minutes": "mins", "seconds": "secs", "days": "-day period"}
        out = re.sub(
            r"(?<![\w.])(\d+) (hours|minutes|seconds)\b",
            lambda m: f"{m.group(1)} {short[m.group(2)]}",
            out,
            count=1,
        )
    if rng.random() < 0.5:
        out = re.sub(r"(?<![\w.])(\d{1,3}),(\d{3})\b", r"\1\2", out)
    if rng.random() < 0.5:
        out = re.sub(r"(?<![\w.])(\d+)%", r"\1 percent", out)
    if rng.random() < 0.4:
        words = {"2": "two", "3": "three", "4": "four", "5": "five", "7": "seven", "10": "ten"}
        out = re.sub(
            r"(?<![\w.$-])(2|3|4|5|7|10) (days|hours|minutes|seconds|weeks|months|years)\b",
            lambda m: f"{words[m.group(1)]} {m.group(2)}",
            out,
            count=1,
        )
    if rng.random() < 0.3 and ", and " in out and len(out) > 120:
        out = out.split(", and ", 1)[0].rstrip(",") + "."
    return out


def _sentences(text: str) -> list[str]:
    from aisre.scoring._claims import split_sentences

    return list(split_sentences(text))


def _service_rows(rng: random.Random) -> list[dict[str, Any]]:
    from aisre.demo.service import WordLlamaEmbedder
    from aisre.demo.service._state import ServiceState

    golden = [json.loads(line) for line in (KB / "golden.jsonl").open()]
    questions = [g["question"] for g in golden if g["answerable"]]
    embedder = WordLlamaEmbedder()
    kb_text = (KB / "passages.jsonl").read_text()
    wanted = {("service-v2", True): 80, ("service-v2", False): 40, ("service-v1", False): 40}
    found: dict[tuple[str, bool], list[dict[str, Any]]] = {key: [] for key in wanted}
    for model, source in (("v2-regressed", "service-v2"), ("v1", "service-v1")):
        for prompt in ("p1", "p2"):
            state = ServiceState(embedder, model=model, prompt=prompt)
            for i, question in enumerate(questions):
                answer = state.answer(question, 0.0 if i % 2 else 0.7, seed=i)
                if answer.refusal:
                    continue
                hallucinated = not answer.supported
                kind = "faithful"
                if hallucinated:
                    body = answer.text.removeprefix("Based on the documentation: ")
                    verbatim = all(x in kb_text for x in _sentences(body))
                    kind = "wrong-passage" if verbatim else "swapped-number-or-name"
                found[(source, hallucinated)].append(
                    {
                        "question": question,
                        "answer": answer.text,
                        "chunks": [{"id": c.id, "text": c.text} for c in answer.retrieved],
                        "hallucinated": hallucinated,
                        "kind": kind,
                        "source": source,
                    }
                )
    rows: list[dict[str, Any]] = []
    for key, count in wanted.items():
        unique = list({(r["question"], r["answer"]): r for r in found[key]}.values())
        rows += rng.sample(unique, min(count, len(unique)))
    return rows


def _perturbed_rows(rng: random.Random, count: int) -> list[dict[str, Any]]:
    from aisre.demo.service import WordLlamaEmbedder
    from aisre.demo.service._state import ServiceState

    golden = [json.loads(line) for line in (KB / "golden.jsonl").open()]
    passages = [json.loads(line) for line in (KB / "passages.jsonl").open()]
    questions = [g["question"] for g in golden if g["answerable"]]
    state = ServiceState(WordLlamaEmbedder(), model="v1")
    kinds = [
        "number-absent",
        "number-in-context",
        "unit",
        "name-absent",
        "name-in-context",
        "negation",
        "invented",
        "other-passage",
    ]
    rows: list[dict[str, Any]] = []
    for n, question in enumerate(rng.sample(questions, len(questions))):
        if len(rows) >= 2 * count:
            break
        answer = state.answer(question, 0.0, seed=n)
        if answer.refusal or not answer.used_chunk_ids:
            continue
        chunks = [{"id": c.id, "text": c.text} for c in answer.retrieved]
        context = " ".join(c.text for c in answer.retrieved)
        base = _sentences(answer.text)
        used = next(c for c in answer.retrieved if c.id == answer.used_chunk_ids[0])
        extra = [s for s in _sentences(used.text) if s not in base]
        others = [s for c in answer.retrieved if c.id != used.id for s in _sentences(c.text)[:2]]
        pool = extra + rng.sample(others, min(1, len(others)))
        wanted = rng.choice((2, 3, 3, 4))
        body = base + pool[: max(0, wanted - len(base))]
        faithful = [reword(s, rng) for s in body]
        if rng.random() < 0.3 and len(faithful) > 2:
            faithful = [faithful[0], *rng.sample(faithful[1:], len(faithful) - 1)]
        pre, post = rng.choice(_PREAMBLES), rng.choice(_CLOSINGS)
        rows.append(
            {
                "question": question,
                "answer": pre + " ".join(faithful) + post,
                "chunks": chunks,
                "hallucinated": False,
                "kind": "faithful-reworded",
                "source": "perturbed",
            }
        )
        # The erroneous twin: one sentence spoiled, or one sentence added.
        bad = list(faithful)
        kind = kinds[n % len(kinds)]
        if kind == "invented":
            bad.insert(rng.randint(1, len(bad)), rng.choice(INVENTED))
        elif kind == "other-passage":
            retrieved = {c.id for c in answer.retrieved}
            far = [p for p in passages if p["id"] not in retrieved]
            sentence = rng.choice(_sentences(rng.choice(far)["text"]))
            bad.insert(rng.randint(1, len(bad)), sentence)
        else:
            order = rng.sample(range(len(bad)), len(bad))
            for i in order:
                found = perturb(bad[i], context, rng, [kind, *rng.sample(kinds[:5], 5)])
                if found is not None:
                    bad[i], kind = found
                    break
            else:
                bad.insert(rng.randint(1, len(bad)), rng.choice(INVENTED))
                kind = "invented"
        rows.append(
            {
                "question": question,
                "answer": pre + " ".join(bad) + post,
                "chunks": chunks,
                "hallucinated": True,
                "kind": kind,
                "source": "perturbed",
            }
        )
    return rows


def _handwritten_rows() -> list[dict[str, Any]]:
    passages = {p["id"]: p["text"] for p in map(json.loads, (KB / "passages.jsonl").open())}
    return [
        {
            "question": question,
            "answer": answer,
            "chunks": [{"id": i, "text": passages[i]} for i in ids],
            "hallucinated": hallucinated,
            "kind": kind,
            "source": "handwritten",
        }
        for question, answer, ids, hallucinated, kind in HANDWRITTEN
    ]


def build_rag_set() -> list[dict[str, Any]]:
    """Make the labelled RAG set (deterministic) and write it to ``RAG_SET``."""
    rng = random.Random(20261130)
    rows = _service_rows(rng) + _perturbed_rows(rng, 110) + _handwritten_rows()
    RAG_SET.parent.mkdir(parents=True, exist_ok=True)
    with RAG_SET.open("w") as out:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    return rows


#: Answers written by hand over real passages: (question, answer, chunk ids, hallucinated, kind).
HANDWRITTEN: tuple[tuple[str, str, tuple[str, ...], bool, str], ...] = (
    # kb-0006: publishing over HTTP
    (
        "How do I publish a message over plain HTTP?",
        "Send a POST to /v2/topics/orders/messages on your project's base URL, with an "
        "Authorization: Bearer header carrying an API key that has the publish scope and a JSON "
        "body. If it works you get back HTTP 201 along with the message id, partition and offset.",
        ("kb-0006", "kb-0031", "kb-0206"),
        False,
        "paraphrase",
    ),
    (
        "How do I publish a message over plain HTTP?",
        "Send a POST to /v2/topics/orders/messages on your project's base URL, with an "
        "Authorization: Bearer header carrying an API key that has the publish scope and a JSON "
        "body. If it works you get back HTTP 200 along with the message id, partition and offset.",
        ("kb-0006", "kb-0031", "kb-0206"),
        True,
        "number",
    ),
    (
        "What does a successful HTTP publish return?",
        "A successful publish answers with HTTP 201. The response includes the message id, the "
        "partition and the offset, and it also echoes the message key and a server timestamp.",
        ("kb-0006", "kb-0206", "kb-0231"),
        True,
        "invented-detail",
    ),
    # kb-0031: plan features
    (
        "Which plan do I need for single sign-on and the Kafka endpoint?",
        "SAML and OIDC single sign-on, IP allowlists and the Kafka-compatible endpoint all need "
        "at least the Business plan. Scheduled messages are already included from Team upward.",
        ("kb-0031", "kb-0306", "kb-0131"),
        False,
        "paraphrase",
    ),
    (
        "Which plan do I need for single sign-on and the Kafka endpoint?",
        "SAML and OIDC single sign-on, IP allowlists and the Kafka-compatible endpoint all need "
        "at least the Team plan. Scheduled messages are already included from Team upward.",
        ("kb-0031", "kb-0306", "kb-0131"),
        True,
        "name-in-context",
    ),
    (
        "Is AWS PrivateLink available on Business?",
        "No. AWS PrivateLink, like SCIM provisioning, customer-managed keys and dedicated "
        "clusters, is an Enterprise-only feature.",
        ("kb-0031", "kb-0131", "kb-0306"),
        False,
        "paraphrase",
    ),
    (
        "Is AWS PrivateLink available on Business?",
        "Yes, AWS PrivateLink is included on Business together with SCIM provisioning and "
        "dedicated clusters.",
        ("kb-0031", "kb-0131", "kb-0306"),
        True,
        "contradiction",
    ),
    # kb-0056: receipts
    (
        "Do I get a receipt when my card is charged?",
        "Yes: when a card or SEPA payment goes through, Relay emails a payment receipt to the "
        "billing contacts on top of the invoice. It lists the amount, the card's last four digits "
        "and the invoice being paid.",
        ("kb-0056", "kb-0031", "kb-0281"),
        False,
        "paraphrase",
    ),
    (
        "How long until a wire transfer receipt arrives?",
        "Enterprise customers who pay by wire transfer get a receipt once the transfer is matched, "
        "which can take up to 5 business days.",
        ("kb-0056", "kb-0281", "kb-0131"),
        True,
        "number",
    ),
    (
        "How long until a wire transfer receipt arrives?",
        "For wire transfers, the receipt is sent once the payment has been matched to the "
        "invoice; that can take as long as three business days.",
        ("kb-0056", "kb-0281", "kb-0131"),
        False,
        "paraphrase",
    ),
    # kb-0081: key rotation
    (
        "How often should API keys be rotated?",
        "Northwind Labs recommends rotating keys at least every 90 days, and right away when "
        "someone who had access leaves the team. On Business and Enterprise, Admins can enforce "
        "a maximum key age of 30 to 365 days.",
        ("kb-0081", "kb-0231", "kb-0006"),
        False,
        "paraphrase",
    ),
    (
        "How often should API keys be rotated?",
        "Northwind Labs recommends rotating keys at least every 90 days, and right away when "
        "someone who had access leaves the team. On Team and Enterprise, Admins can enforce "
        "a maximum key age of 30 to 365 days.",
        ("kb-0081", "kb-0231", "kb-0006"),
        True,
        "name-absent",
    ),
    (
        "When are project owners warned about expiring keys?",
        "Keys past the maximum age are revoked automatically. Project owners get an email "
        "14 days and again 3 days before a key expires.",
        ("kb-0081", "kb-0231", "kb-0006"),
        False,
        "paraphrase",
    ),
    (
        "When are project owners warned about expiring keys?",
        "Keys past the maximum age are revoked automatically. Project owners get an email "
        "14 days and again 1 day before a key expires.",
        ("kb-0081", "kb-0231", "kb-0006"),
        True,
        "number",
    ),
    (
        "When are project owners warned about expiring keys?",
        "Keys past the maximum age are revoked automatically. Project owners get an email "
        "14 hours and again 3 hours before a key expires.",
        ("kb-0081", "kb-0231", "kb-0006"),
        True,
        "unit",
    ),
    # kb-0106: penetration tests
    (
        "Can I run a penetration test against my project?",
        "Yes, you may pen-test and scan your own Relay projects without asking first. "
        "Denial-of-service tests, social engineering of staff and attacks on other customers "
        "are not allowed.",
        ("kb-0106", "kb-0131", "kb-0281"),
        False,
        "paraphrase",
    ),
    (
        "Can I run a penetration test against my project?",
        "Yes, but you need written permission from security@northwindrelay.example first, "
        "requested at least 5 business days in advance.",
        ("kb-0106", "kb-0131", "kb-0281"),
        True,
        "misattributed",
    ),
    (
        "Do load tests need approval?",
        "Load tests that go beyond twice your plan's rate limit need written approval, "
        "requested from security@northwindrelay.example at least 10 business days ahead.",
        ("kb-0106", "kb-0131", "kb-0281"),
        True,
        "number",
    ),
    # kb-0131: limit increases
    (
        "Can I get my rate limit raised?",
        "On Business and Enterprise you can request higher rate, connection or destination "
        "limits through a support ticket that names the project ID, the limit, the target value "
        "and your expected traffic. Requests are reviewed within 2 business days and approved "
        "increases apply without downtime.",
        ("kb-0131", "kb-0081", "kb-0106"),
        False,
        "paraphrase",
    ),
    (
        "Can I get my rate limit raised?",
        "On Business and Enterprise you can request higher rate, connection or destination "
        "limits through a support ticket that names the project ID, the limit, the target value "
        "and your expected traffic. Requests are reviewed within 2 business days, and approved "
        "increases need a short maintenance window.",
        ("kb-0131", "kb-0081", "kb-0106"),
        True,
        "contradiction",
    ),
    (
        "What is the largest message size?",
        "Messages larger than 10 MB are not available on any plan, and Team and Free limits "
        "cannot be raised except by upgrading.",
        ("kb-0131", "kb-0081", "kb-0106"),
        False,
        "paraphrase",
    ),
    (
        "What is the largest message size?",
        "Messages larger than 10 MB are available on the Enterprise plan on request.",
        ("kb-0131", "kb-0081", "kb-0106"),
        True,
        "contradiction",
    ),
    # kb-0156: DLQ redrive
    (
        "How fast does a DLQ redrive move messages?",
        "By default a redrive moves 100 messages per second; you can raise it with --rate to "
        "as much as 1,000 messages per second so consumers are not overwhelmed.",
        ("kb-0156", "kb-0181", "kb-0256"),
        False,
        "paraphrase",
    ),
    (
        "How fast does a DLQ redrive move messages?",
        "By default a redrive moves 1,000 messages per second; you can raise it with --rate to "
        "as much as 10,000 messages per second so consumers are not overwhelmed.",
        ("kb-0156", "kb-0181", "kb-0256"),
        True,
        "number",
    ),
    (
        "What happens to the receive count after a redrive?",
        "Redriven messages keep the receive count they had in the dead-letter queue, and a "
        "redrive can be cancelled with nwr dlq redrive-cancel.",
        ("kb-0156", "kb-0181", "kb-0256"),
        True,
        "contradiction",
    ),
    (
        "What happens to the receive count after a redrive?",
        "Their receive count starts again from zero. If you cancel a redrive with nwr dlq "
        "redrive-cancel, the messages that were already moved stay in the target queue.",
        ("kb-0156", "kb-0181", "kb-0256"),
        False,
        "paraphrase",
    ),
    # kb-0206: no SDK
    (
        "My language has no SDK, what should I do?",
        "Use the REST API v2 directly: download the OpenAPI 3.1 spec from "
        "docs.northwindrelay.example/openapi.json and generate a client, for example with "
        "openapi-generator. Do the retries with backoff on 429 and 5xx yourself, send an "
        "Idempotency-Key header and honour Retry-After.",
        ("kb-0206", "kb-0006", "kb-0231"),
        False,
        "paraphrase",
    ),
    (
        "My language has no SDK, what should I do?",
        "Use the REST API v2 directly: download the OpenAPI 3.0 spec from "
        "docs.northwindrelay.example/openapi.json and generate a client, for example with "
        "openapi-generator.",
        ("kb-0206", "kb-0006", "kb-0231"),
        True,
        "version",
    ),
    (
        "My language has no SDK, what should I do?",
        "Use the REST API v2 directly and generate a client from the OpenAPI 3.1 spec. "
        "Northwind Labs also publishes a community-maintained Elixir client that handles "
        "retries for you.",
        ("kb-0206", "kb-0006", "kb-0231"),
        True,
        "invented",
    ),
    # kb-0231: RLY-1003
    (
        "What does RLY-1003 mean?",
        "RLY-1003 comes with HTTP 403: the key is valid but is missing the scope the operation "
        "needs, such as a publish-only key used for consuming. You cannot change an existing "
        "key's scopes, so create a new key with the right ones and revoke the old key.",
        ("kb-0231", "kb-0081", "kb-0006"),
        False,
        "paraphrase",
    ),
    (
        "What does RLY-1003 mean?",
        "RLY-1003 comes with HTTP 401: the key is valid but is missing the scope the operation "
        "needs, such as a publish-only key used for consuming.",
        ("kb-0231", "kb-0081", "kb-0006"),
        True,
        "number",
    ),
    (
        "What does RLY-1003 mean?",
        "RLY-1003 comes with HTTP 403 and means the key lacks a scope. You can add the missing "
        "scope to the existing key in the console.",
        ("kb-0231", "kb-0081", "kb-0006"),
        True,
        "contradiction",
    ),
    # kb-0256: ordering
    (
        "Why are my messages out of order?",
        "Ordering is only guaranteed inside a partition, so messages that must stay in order "
        "need the same partition key; messages without a key are spread round-robin. Parallel "
        "producers that do not wait for acknowledgements, retries and a recent partition "
        "increase can also reorder them.",
        ("kb-0256", "kb-0156", "kb-0306"),
        False,
        "paraphrase",
    ),
    (
        "Why are my messages out of order?",
        "Ordering is guaranteed across the whole topic as long as you publish from a single "
        "producer, so check that only one producer is running.",
        ("kb-0256", "kb-0156", "kb-0306"),
        True,
        "contradiction",
    ),
    # kb-0281: SLA credits
    (
        "How do I claim an SLA credit?",
        "Credits are not applied on their own: open a ticket titled SLA Credit Request within "
        "30 days after the end of the affected month, with the project, the region, the outage "
        "times in UTC and a few affected request IDs. Approved credits go onto the next invoice.",
        ("kb-0281", "kb-0056", "kb-0131"),
        False,
        "paraphrase",
    ),
    (
        "How do I claim an SLA credit?",
        "Credits are not applied on their own: open a ticket titled SLA Credit Request within "
        "60 days after the end of the affected month, with the project, the region, the outage "
        "times in UTC and a few affected request IDs.",
        ("kb-0281", "kb-0056", "kb-0131"),
        True,
        "number",
    ),
    (
        "Can SLA credits be paid out?",
        "Approved credits are applied to the next invoice, or paid out by bank transfer if the "
        "workspace is closed.",
        ("kb-0281", "kb-0056", "kb-0131"),
        True,
        "contradiction",
    ),
    # kb-0306: Kafka
    (
        "Can my Kafka app use Relay?",
        "Yes, through the Kafka-compatible endpoint on Business and Enterprise, with few code "
        "changes. Kafka clients from version 2.8 work for producing, consumer groups and offset "
        "commits; transactions, log compaction and the ACL API are not supported.",
        ("kb-0306", "kb-0031", "kb-0256"),
        False,
        "paraphrase",
    ),
    (
        "Can my Kafka app use Relay?",
        "Yes, through the Kafka-compatible endpoint on Business and Enterprise, with few code "
        "changes. Kafka clients from version 3.2 work for producing, consumer groups and offset "
        "commits.",
        ("kb-0306", "kb-0031", "kb-0256"),
        True,
        "version",
    ),
    (
        "Does the Kafka endpoint support transactions?",
        "Yes, Kafka transactions and log compaction are supported on the Kafka-compatible "
        "endpoint.",
        ("kb-0306", "kb-0031", "kb-0256"),
        True,
        "contradiction",
    ),
    # kb-0331: replay
    (
        "When did message replay become available?",
        "Replay has been generally available since November 3, 2026, for Team plans and above. "
        "It re-delivers a topic's messages from a start time you choose to a separate consumer "
        "group, at up to 1,000 messages per second per partition by default.",
        ("kb-0331", "kb-0156", "kb-0356"),
        False,
        "paraphrase",
    ),
    (
        "When did message replay become available?",
        "Replay has been generally available since November 6, 2026, for Team plans and above.",
        ("kb-0331", "kb-0156", "kb-0356"),
        True,
        "date-in-context",
    ),
    (
        "When did message replay become available?",
        "Replay has been generally available since October 3, 2026, for Team plans and above.",
        ("kb-0331", "kb-0156", "kb-0356"),
        True,
        "date",
    ),
    # kb-0356: status page
    (
        "Can I subscribe to status updates for one component?",
        "Yes. Since November 6, 2026 you can subscribe to individual components such as Webhooks "
        "in eu-west rather than whole regions, and a Relay Status Slack app can post incident "
        "and maintenance updates to a channel you pick.",
        ("kb-0356", "kb-0331", "kb-0281"),
        False,
        "paraphrase",
    ),
    (
        "Can I subscribe to status updates for one component?",
        "Yes. Since November 6, 2026 you can subscribe to individual components such as Webhooks "
        "in eu-west rather than whole regions, and a Relay Status Microsoft Teams app can post "
        "incident and maintenance updates to a channel you pick.",
        ("kb-0356", "kb-0331", "kb-0281"),
        True,
        "name-absent",
    ),
    (
        "Did email status subscriptions change?",
        "Existing email and RSS subscriptions stay as they were. The Slack app is installed from "
        "the status page in one click.",
        ("kb-0356", "kb-0331", "kb-0281"),
        False,
        "paraphrase",
    ),
    (
        "Did email status subscriptions change?",
        "Existing email subscriptions were migrated to the new component picker, and RSS "
        "subscriptions were retired.",
        ("kb-0356", "kb-0331", "kb-0281"),
        True,
        "contradiction",
    ),
    # A second batch, written like an LLM's answers: reworded, several sentences.
    (
        "How do I get started with the Python SDK?",
        "Run pip install northwind-relay, then build a client with northwind_relay.Client, "
        "passing your API key and a region such as eu-central. If you leave those out, the SDK "
        "falls back to the NWR_API_KEY and NWR_REGION environment variables, and throttled "
        "requests are retried for you.",
        ("kb-0013", "kb-0206", "kb-0245"),
        False,
        "paraphrase",
    ),
    (
        "How do I get started with the Python SDK?",
        "Run pip install northwind-relay, then build a client with northwind_relay.Client, "
        "passing your API key and a region such as eu-central. If you leave those out, the SDK "
        "reads a relay.toml file in your home directory.",
        ("kb-0013", "kb-0206", "kb-0245"),
        True,
        "invented-detail",
    ),
    (
        "What happens to a suspended workspace?",
        "Its configuration and retained messages are kept for 60 days after the suspension, "
        "though messages still expire with their retention. If the overdue balance is still "
        "unpaid after those 60 days, the workspace, its projects and all data are deleted for "
        "good. You get reminder emails 30 days and 7 days ahead of the deletion.",
        ("kb-0042", "kb-0129", "kb-0071"),
        False,
        "paraphrase",
    ),
    (
        "What happens to a suspended workspace?",
        "Its configuration and retained messages are kept for 90 days after the suspension, "
        "though messages still expire with their retention. You get reminder emails 30 days "
        "and 7 days ahead of the deletion.",
        ("kb-0042", "kb-0129", "kb-0071"),
        True,
        "number",
    ),
    (
        "Can one account belong to several workspaces?",
        "Yes, one user account can join as many as 25 workspaces, say a personal Free one and "
        "your company's Business one. You switch with the workspace selector in the console or "
        "with nwr workspace use NAME, and every workspace keeps its own plan, billing and "
        "members.",
        ("kb-0071", "kb-0042", "kb-0129"),
        False,
        "paraphrase",
    ),
    (
        "Can one account belong to several workspaces?",
        "Yes, one user account can join as many as 25 workspaces, and topics and queues can be "
        "shared between them from the console.",
        ("kb-0071", "kb-0042", "kb-0129"),
        True,
        "contradiction",
    ),
    (
        "How is my data encrypted?",
        "Everything Relay stores, messages, offsets and configuration, is encrypted with "
        "AES-256. Every project gets its own data key, wrapped by a regional master key that "
        "lives in an HSM, and data keys rotate on their own every 12 months without any "
        "interruption.",
        ("kb-0100", "kb-0158", "kb-0303"),
        False,
        "paraphrase",
    ),
    (
        "How is my data encrypted?",
        "Everything Relay stores, messages, offsets and configuration, is encrypted with "
        "AES-128. Every project gets its own data key, wrapped by a regional master key.",
        ("kb-0100", "kb-0158", "kb-0303"),
        True,
        "number",
    ),
    (
        "How is my data encrypted?",
        "Everything Relay stores is encrypted with AES-256, and data keys rotate every 6 months.",
        ("kb-0100", "kb-0158", "kb-0303"),
        True,
        "number",
    ),
    (
        "What happens when the Free quota runs out?",
        "The Free plan's 1 million messages a month is a hard cap: once it is reached, "
        "publishing fails with HTTP 402 and RLY-3002 until the quota resets at 00:00 UTC on the "
        "1st of the following month. Consumers can keep reading what is already stored, and "
        "upgrading to Team lifts the block right away.",
        ("kb-0129", "kb-0042", "kb-0071"),
        False,
        "paraphrase",
    ),
    (
        "What happens when the Free quota runs out?",
        "The Free plan's 1 million messages a month is a hard cap: once it is reached, "
        "publishing fails with HTTP 429 and RLY-3002 until the quota resets.",
        ("kb-0129", "kb-0042", "kb-0071"),
        True,
        "number",
    ),
    (
        "What happens when the Free quota runs out?",
        "The Free plan's 1 million messages a month is a hard cap. Once it is reached, "
        "consumers also stop receiving messages until the quota resets.",
        ("kb-0129", "kb-0042", "kb-0071"),
        True,
        "contradiction",
    ),
    (
        "Can a message be delivered twice?",
        "Yes. Relay promises at-least-once delivery, so a message can now and then arrive more "
        "than once, for instance after a consumer crashes or a rebalance happens; make your "
        "consumers idempotent. A publish is only acknowledged once the message sits in 3 "
        "availability zones.",
        ("kb-0158", "kb-0245", "kb-0100"),
        False,
        "paraphrase",
    ),
    (
        "Can a message be delivered twice?",
        "No. Relay guarantees exactly-once delivery, so consumers never see a message twice.",
        ("kb-0158", "kb-0245", "kb-0100"),
        True,
        "contradiction",
    ),
    (
        "How can I test webhooks locally?",
        "Use nwr webhooks forward WEBHOOK_ID --to http://localhost:3000/hook: the CLI opens an "
        "authenticated tunnel, takes the deliveries for your local server and prints every "
        "request and response. It only works with test-mode webhooks, ends when you quit the "
        "command, and needs no public URL.",
        ("kb-0187", "kb-0216", "kb-0303"),
        False,
        "paraphrase",
    ),
    (
        "How can I test webhooks locally?",
        "Use nwr webhooks forward WEBHOOK_ID --to http://localhost:3000/hook. It works with both "
        "live and test-mode webhooks and keeps running in the background after you exit.",
        ("kb-0187", "kb-0216", "kb-0303"),
        True,
        "contradiction",
    ),
    (
        "What does RLY-4001 mean?",
        "RLY-4001 comes back with HTTP 409 while the consumer group is rebalancing and the "
        "member's partitions are about to move. Fetches and commits on those partitions are "
        "refused until the rebalance ends, normally within a few seconds, and the SDKs deal "
        "with it by rejoining the group.",
        ("kb-0245", "kb-0158", "kb-0216"),
        False,
        "paraphrase",
    ),
    (
        "What does RLY-4001 mean?",
        "RLY-4001 comes back with HTTP 423 while the consumer group is rebalancing and the "
        "member's partitions are about to move.",
        ("kb-0245", "kb-0158", "kb-0216"),
        True,
        "number",
    ),
    (
        "What does RLY-4001 mean?",
        "RLY-4001 comes back with HTTP 409 while the consumer group is rebalancing. The SDKs "
        "handle it by waiting 60 seconds and then restarting the consumer process.",
        ("kb-0245", "kb-0158", "kb-0216"),
        True,
        "invented-detail",
    ),
    (
        "Why is my storage bill high?",
        "Storage costs rise with retention, message size and how much you publish. Check the "
        "Usage page for your biggest destinations, see whether their retention is longer than "
        "consumers need, and compress or offload large payloads. Messages stay stored for the "
        "whole retention period even after every consumer group has read them.",
        ("kb-0274", "kb-0129", "kb-0100"),
        False,
        "paraphrase",
    ),
    (
        "Why is my storage bill high?",
        "Storage costs rise with retention, message size and how much you publish. Messages are "
        "deleted as soon as every consumer group has read them, so retention rarely matters.",
        ("kb-0274", "kb-0129", "kb-0100"),
        True,
        "contradiction",
    ),
    (
        "Does support help with my application code?",
        "Support covers the service itself, the official SDKs, the nwr CLI and the Terraform "
        "provider, including configuration, errors, performance and billing questions. It will "
        "not debug your application beyond how it uses Relay, and community libraries and "
        "third-party tools are out of scope.",
        ("kb-0303", "kb-0206", "kb-0013"),
        False,
        "paraphrase",
    ),
    (
        "Does support help with my application code?",
        "Support covers the service itself, the official SDKs and the nwr CLI. Architecture "
        "reviews are included on Business and Enterprise plans.",
        ("kb-0303", "kb-0206", "kb-0013"),
        True,
        "name-absent",
    ),
    (
        "How many replays can run at once?",
        "A topic can run up to 3 replay sessions at the same time, and a session that has not "
        "finished stops by itself after 24 hours. Replayed messages keep their original IDs, "
        "offsets and publish timestamps and are not charged again.",
        ("kb-0332", "kb-0331", "kb-0158"),
        False,
        "paraphrase",
    ),
    (
        "How many replays can run at once?",
        "A topic can run up to 5 replay sessions at the same time, and a session that has not "
        "finished stops by itself after 24 hours.",
        ("kb-0332", "kb-0331", "kb-0158"),
        True,
        "number",
    ),
    (
        "How many replays can run at once?",
        "A topic can run up to 3 replay sessions at the same time. Replay works for queues as "
        "well as topics.",
        ("kb-0332", "kb-0331", "kb-0158"),
        True,
        "contradiction",
    ),
    (
        "When is maintenance in December?",
        "There are two windows in December 2026: eu-central on December 8 and us-east on "
        "December 15, both from 02:00 to 04:00 local time. The API should stay up, though "
        "Kafka-compatible endpoint clients will be reconnected once during each window.",
        ("kb-0361", "kb-0356", "kb-0332"),
        False,
        "paraphrase",
    ),
    (
        "When is maintenance in December?",
        "There are two windows in December 2026: eu-central on December 15 and us-east on "
        "December 8, both from 02:00 to 04:00 local time.",
        ("kb-0361", "kb-0356", "kb-0332"),
        True,
        "swapped-dates",
    ),
    (
        "When is maintenance in December?",
        "There are two windows in December 2026: eu-central on December 8 and us-east on "
        "December 15, both from 02:00 to 04:00 UTC.",
        ("kb-0361", "kb-0356", "kb-0332"),
        True,
        "name-absent",
    ),
    (
        "How do I discard dead-lettered messages?",
        "Purge them with nwr queues purge NAME --confirm. To look at them first, nwr dlq list "
        "NAME --limit 20 shows each message with its reason and source.",
        ("kb-0216", "kb-0156", "kb-0187"),
        False,
        "paraphrase",
    ),
    (
        "How do I discard dead-lettered messages?",
        "Purge them with nwr dlq purge NAME --confirm. To look at them first, nwr dlq list "
        "NAME --limit 20 shows each message with its reason and source.",
        ("kb-0216", "kb-0156", "kb-0187"),
        True,
        "wrong-command",
    ),
)


# ---------------------------------------------------------------------------
# Measuring
# ---------------------------------------------------------------------------

Case = tuple[str, tuple[str, ...], str, bool, str]  # answer, chunks, question, label, kind


def halueval_cases() -> list[Case]:
    """HaluEval QA as 1,000 (answer, knowledge) pairs, the knowledge as the one chunk."""
    cases: list[Case] = []
    with HALUEVAL.open() as rows:
        for row in map(json.loads, rows):
            chunks = (row["knowledge"],)
            cases.append((row["right_answer"], chunks, row["question"], False, "right"))
            cases.append((row["hallucinated_answer"], chunks, row["question"], True, "halu"))
    return cases


def rag_cases(split: str) -> list[Case]:
    """The labelled RAG set's ``dev`` or ``test`` half."""
    cases: list[Case] = []
    with RAG_SET.open() as rows:
        for row in map(json.loads, rows):
            if split_of(row["question"]) != split:
                continue
            chunks = tuple(c["text"] for c in row["chunks"])
            kind = f"{row['source']}/{row['kind']}"
            cases.append((row["answer"], chunks, row["question"], row["hallucinated"], kind))
    return cases


def make_scorer() -> Any:
    """The default grounding scorer, made through the registry as the configuration would."""
    from aisre.scoring import (
        SCORERS,
        CachedEmbedder,
        ScorerContext,
        WordLlamaEmbedder,
        _builtin,  # noqa: F401
    )

    context = ScorerContext(embedder_factory=lambda: CachedEmbedder(WordLlamaEmbedder()))
    return SCORERS.get("grounding")(context)


def interaction(answer: str, chunks: tuple[str, ...], question: str) -> Any:
    from datetime import UTC, datetime

    from aisre.core import Interaction, RetrievedChunk

    return Interaction(
        service="bench",
        timestamp=datetime(2026, 11, 30, tzinfo=UTC),
        latency_ms=100.0,
        input=question,
        output=answer,
        retrieval_used=True,
        retrieval_chunks=[RetrievedChunk(id=f"c{i}", text=t) for i, t in enumerate(chunks)],
    )


def evaluate(scorer: Any, cases: list[Case], name: str, show: int = 4) -> float:
    """F1 (positive: hallucinated) of the scorer on ``cases``; prints a confusion table."""
    tp = fp = fn = tn = 0
    wrong: list[tuple[str, Case, str]] = []
    missed: Counter[str] = Counter()
    alarms: Counter[str] = Counter()
    for case in cases:
        answer, chunks, question, hallucinated, kind = case
        verdict = scorer.score(interaction(answer, chunks, question))
        flagged = verdict is not None and verdict.passed is False
        explanation = verdict.explanation if verdict is not None else "(no verdict)"
        if flagged and hallucinated:
            tp += 1
        elif flagged:
            fp += 1
            alarms[kind] += 1
            wrong.append(("false alarm", case, explanation))
        elif hallucinated:
            fn += 1
            missed[kind] += 1
            wrong.append(("missed", case, explanation))
        else:
            tn += 1
    f1 = 2 * tp / max(1, 2 * tp + fp + fn)
    print(f"\n{name}: {len(cases)} answers, F1 {f1:.4f}")
    print("                    flagged  passed")
    print(f"  hallucinated      {tp:7d} {fn:7d}")
    print(f"  not hallucinated  {fp:7d} {tn:7d}")
    if missed:
        print("  missed by kind:", ", ".join(f"{k} {n}" for k, n in missed.most_common()))
    if alarms:
        print("  false alarms by kind:", ", ".join(f"{k} {n}" for k, n in alarms.most_common()))
    for what, (answer, _, _, _, kind), explanation in random.Random(1).sample(
        wrong, min(show, len(wrong))
    ):
        print(f"  {what} [{kind}]: {answer[:160]!r}")
        print(f"      -> {explanation[:300]}")
    return f1


def us_per_interaction(rounds: int = 7) -> float:
    """CPU microseconds per typical RAG interaction (2-4 sentences, 4 chunks), on one core.

    The chunks have been seen before (their analysis and sentence embeddings
    cached, as in live traffic, where passages repeat); every answer is new:
    before each call the claim-level caches are cleared and the answer's
    claims dropped from the embedder's cache (except claims that quote a
    passage sentence verbatim, whose vectors the passages put there). Each interaction is timed
    ``rounds`` times and its fastest time kept (the machine may be shared:
    the minimum is the cost, the rest is other processes); the figure is the
    mean over the interactions.
    """
    from aisre.scoring import _claims, _facts
    from aisre.scoring._context import analyse_context

    with RAG_SET.open() as rows:
        data = [json.loads(line) for line in rows]
    passages = [json.loads(line)["text"] for line in (KB / "passages.jsonl").open()]
    rng = random.Random(7)
    typical = []
    for row in data:
        if row["source"] != "perturbed":
            continue
        chunks = (*(c["text"] for c in row["chunks"]), rng.choice(passages))
        typical.append(interaction(row["answer"], chunks[:4], row["question"]))
    scorer = make_scorer()
    embedder = scorer.context.embedder
    for item in typical:  # warm the chunk side only: analysis and sentence embeddings
        chunks = tuple(c.text for c in item.retrieval_chunks)
        embedder.embed([s.text for s in analyse_context(chunks).sentences])
    caches = (_claims.split_claims, _facts.analyse_text, _facts.content_terms)
    best = [float("inf")] * len(typical)
    for _ in range(rounds):
        for i, item in enumerate(typical):
            claims = _claims.split_claims(item.output)
            quoted = {
                s.text
                for s in analyse_context(tuple(c.text for c in item.retrieval_chunks)).sentences
            }
            for cached in caches:
                cached.cache_clear()
            for claim in claims:
                if claim not in quoted:  # a claim quoting a passage sentence is cached, as live
                    embedder._cache.pop(claim, None)
            start = time.process_time()  # CPU time of this process
            scorer.score(item)
            best[i] = min(best[i], time.process_time() - start)
    return sum(best) / len(best) * 1e6


def service_rates(scorer: Any) -> None:
    """Hallucination rate the scorer gives each reference-service version (golden questions).

    Printed, not a figure: the v2-regressed answers overlap the labelled set's
    ``service-v2`` rows (same questions), so this is a check, not a held-out score.
    """
    from aisre.demo.service import WordLlamaEmbedder
    from aisre.demo.service._state import ServiceState

    questions = [json.loads(line)["question"] for line in (KB / "golden.jsonl").open()]
    embedder = WordLlamaEmbedder()
    print("\nreference service, golden questions (temperature 0 and 0.7):")
    for model in ("v1", "v2-regressed"):
        state = ServiceState(embedder, model=model)
        scored = flagged = truth = 0
        for i, question in enumerate(questions):
            for seed, temperature in ((1000 + i, 0.0), (2000 + i, 0.7)):
                answer = state.answer(question, temperature, seed=seed)
                chunks = tuple(c.text for c in answer.retrieved)
                verdict = scorer.score(interaction(answer.text, chunks, question))
                if verdict is None:
                    continue
                scored += 1
                flagged += verdict.passed is False
                truth += not answer.supported
        print(
            f"  {model:13s} scored {scored}, hallucination rate {flagged / scored:.1%} "
            f"(the simulation's truth: {truth / scored:.1%})"
        )


def grounding_figures() -> dict[str, float]:
    """The grounding scorer's figures: HaluEval F1, RAG test and dev F1, µs per interaction."""
    scorer = make_scorer()
    figures = {
        "grounding_f1_halueval": evaluate(scorer, halueval_cases(), "HaluEval QA"),
        "grounding_f1_rag": evaluate(scorer, rag_cases("test"), "RAG set, test half", show=8),
        "grounding_f1_rag_dev": evaluate(scorer, rag_cases("dev"), "RAG set, dev half"),
    }
    service_rates(scorer)
    figures["grounding_us_per_interaction"] = us_per_interaction()
    return figures


def main() -> None:
    # One core: no thread pools in numpy or the tokenizer (both are imported later).
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "RAYON_NUM_THREADS"):
        os.environ.setdefault(var, "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    if "--build" in sys.argv:
        rows = build_rag_set()
        print(f"wrote {len(rows)} rows to {RAG_SET}")
        print(Counter((r["source"], r["kind"], r["hallucinated"]) for r in rows))
        return
    figures = grounding_figures()
    for name, value in figures.items():
        figure(name, value, "us" if name.endswith("_us_per_interaction") else "f1")


if __name__ == "__main__":
    main()
