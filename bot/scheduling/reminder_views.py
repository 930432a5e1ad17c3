"""Reminder DMs and escalation notes, each item shown with its buttons (bot/views/items).

A DM batches all of a person's items; Slack allows 50 blocks per message and an item
takes a few (why, what, buttons), so items that no longer fit are listed by name in one
last line and the person finds them in App Home.
"""

from __future__ import annotations

from typing import Any

from bot.scheduling.mrkdwn import escape_mrkdwn
from bot.sending import Message
from bot.views.items import describe, item_blocks
from coordination.item_views import ItemView
from coordination.reminders.plan import EscalationPlan, Nudge, ReminderPlan
from coordination.reminders.policy import ItemState, PersonState

MAX_BLOCKS = 50


def item_view(item: ItemState, owner: PersonState) -> ItemView:
    return ItemView(
        id=item.id,
        task=item.task,
        status=item.status,
        due=item.due,
        owner=owner.name,
        owner_slack_id=owner.slack_user_id or None,
        project=item.project_name,
        program_id=item.program_id,
    )


def why(nudge: Nudge, plan: ReminderPlan) -> str:
    if nudge.reason == "overdue":
        days = nudge.days_overdue
        return f":warning: overdue by {days} day{'s' if days != 1 else ''}"
    if nudge.reason == "due_today":
        return ":alarm_clock: due today"
    due = nudge.item.due
    if due is not None and (due - plan.local_date).days == 1:
        return ":calendar: due tomorrow"
    return f":calendar: due {due:%A}" if due else ":calendar: due soon"


def _context(text: str) -> dict[str, Any]:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": text}]}


def reminder_message(plan: ReminderPlan) -> Message:
    count = len(plan.nudges)
    intro = "1 item needs" if count == 1 else f"{count} items need"
    intro += " your attention"
    blocks: list[dict[str, Any]] = [
        {"type": "section", "text": {"type": "mrkdwn", "text": f"*{intro}*"}}
    ]
    lines = [intro + ":", *(f"- {why(n, plan)}: {n.item.task}" for n in plan.nudges)]
    shown = 0
    for nudge in plan.nudges:
        item = [_context(why(nudge, plan)), *item_blocks(item_view(nudge.item, plan.person))]
        if len(blocks) + len(item) >= MAX_BLOCKS:  # one block stays free for the rest
            break
        blocks += item
        shown += 1
    hidden = plan.nudges[shown:]
    if hidden:
        names = "; ".join(f"#{n.item.id} {escape_mrkdwn(n.item.task)}" for n in hidden)
        blocks.append(_context(f"…and {len(hidden)} more: {names}"[:2900]))
    return Message(channel=plan.person.slack_user_id, text="\n".join(lines), blocks=blocks)


def escalation_message(plan: EscalationPlan) -> Message:
    """Context first: whose item, how late, how often the owner was reminded."""
    item, owner = plan.item, plan.owner
    project = f" in *{item.project_name}*" if item.project_name else ""
    text = (
        f"<@{owner.slack_user_id}>'s item{project} is {plan.days_overdue} days overdue "
        f"and they have been reminded {item.nudge_count} times without a new date or an update."
    )
    view = item_view(item, owner)
    blocks = [
        {"type": "section", "text": {"type": "mrkdwn", "text": f":rotating_light: {text}"}},
        *item_blocks(view),
        _context(
            "You lead this project, so you are hearing about it once. "
            "Reassign it, give it a new date, or mark it done."
        ),
    ]
    return Message(channel=plan.lead.slack_user_id, text=f"{text}\n{describe(view)}", blocks=blocks)
