"""The input and output text of a span, from whichever message convention its sender used.

Sources, first match wins:

* input — ``gen_ai.input.messages`` (JSON, parts or OpenAI-style content),
  ``llm.input_messages.N.message.*`` (OpenInference), ``gen_ai.prompt.N.*``
  (OpenLLMetry), ``gen_ai.prompt`` (a string or JSON), the span events
  ``gen_ai.user.message`` / ``gen_ai.system.message`` / ``gen_ai.content.prompt``,
  and last ``input.value``;
* output — the same families: ``gen_ai.output.messages``, ``llm.output_messages``,
  ``gen_ai.completion.N.*``, ``gen_ai.completion``, ``gen_ai.choice`` /
  ``gen_ai.content.completion`` events, ``output.value``.

Of a conversation, the input is the last user message (the question, as the
other capture paths record it) or, without one, every message's text; the
output is the first choice's text.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import orjson

from ._otlp_values import Attrs, indexed, json_value, text

Message = tuple[str, str, str | None]  # role, text, finish reason
Event = tuple[str, Attrs]

_USER_EVENTS = ("gen_ai.system.message", "gen_ai.user.message", "gen_ai.tool.message")
_USER_ROLES = ("user", "human")


def _content_text(content: Any) -> str:
    """Text of a ``content`` that is a string, a list of parts, or a parts object."""
    if content.__class__ is list and len(content) == 1:  # one part: no join
        content = content[0]
    if content.__class__ is dict and "parts" not in content:  # a part: the common case
        if content.get("type", "text") != "text":
            return ""
        value = content.get("content") or content.get("text")
        return value if value.__class__ is str else text(value) or ""
    if isinstance(content, str):
        parsed = json_value(content) if content[:1] in ("[", "{") else None
        return _content_text(parsed) if isinstance(parsed, list | dict) else content
    if isinstance(content, dict):
        if "parts" in content:
            return _content_text(content["parts"])
        if content.get("type", "text") == "text":
            return text(content.get("content") or content.get("text")) or ""
        return ""
    if isinstance(content, list):
        return "\n".join(t for t in (_content_text(p) for p in content) if t)
    return ""


def _from_json_list(value: Any) -> list[Message]:
    """Messages of a ``gen_ai.*.messages`` JSON document."""
    parsed = json_value(value)
    if isinstance(parsed, dict):  # a whole request body, as OpenInference's input.value
        parsed = parsed.get("messages", [parsed])
    if not isinstance(parsed, list):
        return []
    out: list[Message] = []
    for item in parsed:
        if not isinstance(item, dict):
            continue
        body = item.get("parts", item.get("content", item.get("message")))
        out.append(
            (str(item.get("role", "")), _content_text(body), text(item.get("finish_reason")))
        )
    return out


def _from_openinference(attrs: Attrs, prefix: str) -> list[Message]:
    out: list[Message] = []
    for item in indexed(attrs, prefix):
        body = item.get("message.content")
        if body is None:  # multimodal: message.contents.N.message_content.text
            parts = indexed(item, "message.contents.")
            body = "\n".join(t for p in parts if (t := text(p.get("message_content.text"))))
        out.append((str(item.get("message.role", "")), _content_text(body), None))
    return out


def _from_openllmetry(attrs: Attrs, prefix: str) -> list[Message]:
    return [
        (str(m.get("role", "")), _content_text(m.get("content", "")), text(m.get("finish_reason")))
        for m in indexed(attrs, prefix)
    ]


def _from_events(events: Sequence[Event], names: Sequence[str], legacy: str) -> list[Message]:
    out: list[Message] = []
    for name, attrs in events:
        if name in names:
            body = attrs.get("content", attrs.get("message", attrs.get("gen_ai.event.content")))
            role = attrs.get("role") or name.removeprefix("gen_ai.").removesuffix(".message")
            out.append((str(role), _content_text(body), text(attrs.get("finish_reason"))))
        elif name == f"gen_ai.content.{legacy}":
            out.extend(_legacy_string(attrs.get(f"gen_ai.{legacy}")))
    return out


def _legacy_string(value: Any) -> list[Message]:
    """``gen_ai.prompt`` / ``gen_ai.completion``: a JSON list of messages or plain text."""
    messages = _from_json_list(value) if isinstance(value, str) and value[:1] in "[{" else []
    if messages:
        return messages
    plain = text(value)
    return [("", plain, None)] if plain else []


def _messages(attrs: Attrs, events: Sequence[Event], side: str) -> list[Message]:
    current = attrs.get(f"gen_ai.{side}.messages")
    if current is not None:  # the current GenAI convention, without building the fallbacks
        found = [m for m in _from_json_list(current) if m[1] or m[2]]
        if found:
            return found
    legacy = "prompt" if side == "input" else "completion"
    candidates: tuple[Callable[[], list[Message]], ...] = (
        lambda: _from_json_list(attrs.get(f"gen_ai.{side}.messages")),
        lambda: _from_openinference(attrs, f"llm.{side}_messages."),
        lambda: _from_openllmetry(attrs, f"gen_ai.{legacy}."),
        lambda: _legacy_string(attrs.get(f"gen_ai.{legacy}")),
        lambda: _from_events(
            events, _USER_EVENTS if side == "input" else ("gen_ai.choice",), legacy
        ),
        lambda: _legacy_string(attrs.get(f"{side}.value")),
    )
    for candidate in candidates:
        found = [m for m in candidate() if m[1] or m[2]]
        if found:
            return found
    return []


def _json_items(value: Any) -> list[Any] | None:
    """The message list of a ``gen_ai.*.messages`` value, as :func:`_from_json_list` reads it."""
    if value.__class__ is str:  # the usual case: a JSON string
        try:
            parsed = orjson.loads(value)
        except orjson.JSONDecodeError:
            return None
    else:
        parsed = json_value(value)
    if isinstance(parsed, dict):
        parsed = parsed.get("messages", [parsed])
    return parsed if isinstance(parsed, list) else None


def _body(item: dict[str, Any]) -> Any:
    return item.get("parts", item.get("content", item.get("message")))


def _last_user_text(value: Any) -> str | None:
    """The last user message's text of a ``gen_ai.input.messages`` value, if it has one.

    The common case of :func:`input_text`, without building every message: the
    list is walked from the end and stops at the first user message with text.
    """
    items = _json_items(value)
    if not items:
        return None
    for item in reversed(items):
        if item.__class__ is not dict:
            continue
        role = item.get("role", "")
        if (role if role.__class__ is str else str(role)) in _USER_ROLES:
            found = _content_text(_body(item))
            if found:
                return found
    return None


def _first_output(value: Any) -> tuple[str, str | None] | None:
    """The first text and first finish reason of a ``gen_ai.output.messages`` value.

    The common case of :func:`output_text`; None when no message has either
    (then the other conventions are tried).
    """
    items = _json_items(value)
    if not items:
        return None
    output = ""
    finish: str | None = None
    for item in items:
        if item.__class__ is not dict:
            continue
        if not output:
            output = _content_text(_body(item))
        if finish is None:
            finish = text(item.get("finish_reason"))
        if output and finish is not None:
            break
    return (output, finish) if output or finish is not None else None


def input_text(attrs: Attrs, events: Sequence[Event]) -> str:
    """The input of a span: its last user message, or all of its prompt text."""
    current = attrs.get("gen_ai.input.messages")
    if current is not None and (found := _last_user_text(current)) is not None:
        return found
    messages = _messages(attrs, events, "input")
    users = [m[1] for m in messages if m[0] in _USER_ROLES and m[1]]
    if users:
        return users[-1]
    return "\n".join(m[1] for m in messages if m[1])


def output_text(attrs: Attrs, events: Sequence[Event]) -> tuple[str, str | None]:
    """The output of a span (its first choice with text) and a finish reason if one is given."""
    current = attrs.get("gen_ai.output.messages")
    if current is not None and (found := _first_output(current)) is not None:
        return found
    messages = _messages(attrs, events, "output")
    output = next((m[1] for m in messages if m[1]), "")
    finish = next((m[2] for m in messages if m[2]), None)
    return output, finish
