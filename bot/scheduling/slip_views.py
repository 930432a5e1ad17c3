"""The slip alert DM: all of one owner's alerts of a sweep in one message."""

from __future__ import annotations

from bot.sending import Message
from bot.views.blockkit import MESSAGE, Layout, context, section
from bot.views.mrkdwn import day, escape
from coordination.dependencies.slip_alerts import SlipAlert

ADVICE = "Agree a new date with the upstream owner, or move yours."


def _line(alert: SlipAlert) -> str:
    finish = day(alert.finish) if alert.finish else "later"
    return (
        f":warning: {escape(alert.upstream)} ({escape(alert.upstream_project)}) now finishes "
        f"{finish}, so your {escape(alert.downstream)} (due {day(alert.due)}) can no longer "
        f"hold: about {alert.days_late} day(s) late."
    )


def slip_message(user: str, alerts: list[SlipAlert]) -> Message:
    count = len(alerts)
    intro = f"*An upstream slip makes {count} of your dates impossible*"
    if count == 1:
        intro = "*An upstream slip makes one of your dates impossible*"
    layout = Layout(MESSAGE)
    layout.add(section(intro))
    layout.lines(
        [_line(a) for a in alerts], more=lambda n: f"…and {n} more — see `/followthrough deps`."
    )
    layout.add(context(ADVICE), reserve=0)
    text = "\n".join([escape(a.text) for a in alerts[:5]] + [ADVICE])
    return Message(channel=user, text=text, blocks=layout.build())
