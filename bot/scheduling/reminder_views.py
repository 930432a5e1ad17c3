"""Reminder DMs and escalation notes, each item shown with its controls (bot/views/items).

A DM batches all of a person's items, most urgent first; as many as fit one message
are shown with their buttons, and the rest are counted with a pointer to where they
are all listed.
"""

from __future__ import annotations

from bot.sending import Message
from bot.views.blockkit import MESSAGE, Layout, context, section
from bot.views.items import describe, item_blocks
from bot.views.mrkdwn import day, escape, mention
from coordination.items.views import ItemView
from coordination.reminders.plan import EscalationPlan, Nudge, ReminderPlan
from coordination.reminders.policy import ItemState, PersonState

MORE_ITEMS = "…and {n} more — see `/followthrough mine` or my App Home."


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
        quote=item.quote,
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


def reminder_message(plan: ReminderPlan) -> Message:
    count = len(plan.nudges)
    intro = ("1 item needs" if count == 1 else f"{count} items need") + " your attention"
    lines = [intro + ":", *(f"- {why(n, plan)}: {escape(n.item.task)}" for n in plan.nudges)]
    layout = Layout(MESSAGE)
    layout.add(section(f"*{intro}*"))
    layout.units(
        (
            item_blocks(item_view(nudge.item, plan.person), note=why(nudge, plan))
            for nudge in plan.nudges
        ),
        more=lambda n: MORE_ITEMS.format(n=n),
    )
    return Message(channel=plan.person.slack_user_id, text="\n".join(lines), blocks=layout.build())


def escalation_message(plan: EscalationPlan) -> Message:
    """Context first: whose item, how late, how often the owner was reminded."""
    item, owner = plan.item, plan.owner
    project = f" in *{escape(item.project_name)}*" if item.project_name else ""
    who = mention(owner.slack_user_id) or escape(owner.name)
    due = f" (due {day(item.due)})" if item.due else ""
    text = (
        f"{who}'s item{project} is {plan.days_overdue} days overdue{due} and they have been "
        f"reminded {item.nudge_count} times without a new date or an update."
    )
    view = item_view(item, owner)
    layout = Layout(MESSAGE)
    layout.add(section(f":rotating_light: {text}"))
    layout.add(*item_blocks(view))
    layout.add(
        context(
            "You lead this project, so you are hearing about it once. "
            "Reassign it, give it a new date, or mark it done."
        )
    )
    return Message(
        channel=plan.lead.slack_user_id, text=f"{text}\n{describe(view)}", blocks=layout.build()
    )
