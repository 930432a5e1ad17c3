"""Parsing `/followthrough ...` text into a job request, or a usage answer.

The command is declared with `should_escape: true`, so Slack sends mentions as ids
(`<@U123|ana>`) and escapes `&`, `<` and `>`. What is stored (a task, a risk title) is
read back to the plain text the user typed: a `<!channel>` typed into a task is kept
as the words "@channel", never as a ping waiting to be echoed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

SIMPLE = frozenset({"mine", "risks", "deps", "capacity"})
ADD = re.compile(
    r"^(?P<task>.+?)\s+<@(?P<user>[UW][A-Z0-9]+)(?:\|[^>]*)?>\s+by\s+(?P<when>.+)$", re.DOTALL
)


MARKUP = re.compile(r"<([^<>]*)>")
ENTITIES = (("&lt;", "<"), ("&gt;", ">"), ("&amp;", "&"))


def _plain(token: str) -> str:
    """One `<…>` of Slack markup as the text it shows."""
    target, _, label = token.partition("|")
    if target.startswith(("@", "#")):
        return label if label.startswith(("@", "#")) else f"{target[0]}{label or target[1:]}"
    if target.startswith("!"):
        return label or "@" + target[1:].split("^")[0]
    return f"{label} ({target})" if label else target


def plain_text(text: str) -> str:
    """Slack's escaped markup back to what was typed."""
    text = MARKUP.sub(lambda m: _plain(m.group(1)), text)
    for entity, char in ENTITIES:
        text = text.replace(entity, char)
    return text


@dataclass(frozen=True)
class Parsed:
    """`name` is None when the text is not a command: `problem` then says why."""

    name: str | None
    args: dict[str, str] = field(default_factory=dict)
    problem: str = ""


def _add(rest: str) -> Parsed:
    """The date (and an optional project after it) is read by the job, which knows the
    program's timezone: "by Friday Billing", "by 2026-12-04", "by next week"."""
    match = ADD.match(rest)
    if match is None:
        return Parsed(None, problem="`add` needs a task, an @owner and `by <date>`.")
    args = {k: v.strip() for k, v in match.groupdict().items() if v}
    return Parsed(
        "add", {**args, "task": plain_text(args["task"]), "when": plain_text(args["when"])}
    )


RISK_ADD = re.compile(
    r"^add\s+(?P<title>.+?)(?:\s+(?P<likelihood>[1-5])\s+(?P<impact>[1-5]))?$", re.S
)
RISK_SCORE = re.compile(r"^score\s+#?(?P<id>\d+)\s+(?P<likelihood>[1-5])\s+(?P<impact>[1-5])$")
RISK_CLOSE = re.compile(r"^(?P<status>close|mitigate|reopen)\s+#?(?P<id>\d+)$")
RISK_USAGE = (
    "`risk add <title> [likelihood impact]`, `risk score <id> <likelihood> <impact>` "
    "or `risk close|mitigate|reopen <id>` (scores are 1 to 5)."
)


def _risk(rest: str) -> Parsed:
    """Changes to the register; `risks` (plural) lists it."""
    for action, pattern in (("add", RISK_ADD), ("score", RISK_SCORE), ("status", RISK_CLOSE)):
        match = pattern.match(rest)
        if match:
            args = {k: v.strip() for k, v in match.groupdict().items() if v}
            if "title" in args:
                args["title"] = plain_text(args["title"])
            return Parsed("risk", {"action": action, **args})
    return Parsed(None, problem=RISK_USAGE)


def parse_command(text: str) -> Parsed:
    words = text.strip().split(maxsplit=1)
    head = words[0].lower() if words else "help"
    rest = words[1].strip() if len(words) > 1 else ""
    if head == "help":
        return Parsed("help")
    if head == "status":
        return Parsed("status", {"program": rest} if rest else {})
    if head in SIMPLE and not rest:
        return Parsed(head)
    if head == "digest" and rest.lower() == "now":
        return Parsed("digest")
    if head == "add":
        return _add(rest)
    if head == "risk":
        return _risk(rest)
    return Parsed(None, problem=f"I don't know `{text.strip()}`.")
