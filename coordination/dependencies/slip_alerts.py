"""Telling downstream owners, once, that an upstream slip now makes their date impossible.

The knock-on comes from the program view's slip propagation. Each alert's key names the
upstream item, the finish date it now implies, the downstream item and its owner, so an
owner hears about a given slip once; a further slip (a later finish) is news again.
Alerts wait for the owner's working hours, like reminders.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session

from coordination.analysis import LateItem, SlipImpact
from coordination.analysis.labels import Labels
from coordination.program_view.facts import load_program_facts
from coordination.program_view.view import local_today, program_view_of
from coordination.reminders.sweep import person_state
from storage.models import Program
from storage.reminder_rows import reachable_people


@dataclass(frozen=True)
class SlipAlert:
    """One downstream owner's item an upstream slip makes late; the Slack edge batches
    an owner's alerts into one message."""

    key: str
    slack_user_id: str
    upstream: str
    upstream_project: str
    finish: date | None
    downstream: str
    due: date
    days_late: int

    @property
    def text(self) -> str:
        return (
            f"{self.upstream} ({self.upstream_project}) now finishes {self.finish}, so your "
            f"{self.downstream} (due {self.due}) can no longer hold: about "
            f"{self.days_late} day(s) late."
        )


def _alert(labels: Labels, slip: SlipImpact, late: LateItem, owner: int, user: str) -> SlipAlert:
    return SlipAlert(
        key=f"slip:{slip.item_id}:{slip.finish}:{late.item_id}:{owner}",
        slack_user_id=user,
        upstream=labels.task(slip.item_id),
        upstream_project=labels.project(slip.project_id),
        finish=slip.finish,
        downstream=labels.task(late.item_id),
        due=late.due,
        days_late=late.days_late,
    )


def due_slip_alerts(session: Session, *, program: Program, now: datetime) -> list[SlipAlert]:
    """Alerts for every owner whose item an upstream slip now makes late, in their hours."""
    facts = load_program_facts(session, program=program)
    view = program_view_of(facts, today=local_today(program, now), now=now)
    wanted = [(s, late, owner) for s in view.slips for late in s.late for owner in late.owner_ids]
    people = reachable_people(
        session, team_id=program.team_id, person_ids={owner for _, _, owner in wanted}
    )
    awake = {p.id: p.slack_user_id for p in people if person_state(p).calendar.is_working_time(now)}
    return sorted(
        (
            _alert(view.labels, slip, late, owner, awake[owner])
            for slip, late, owner in wanted
            if owner in awake
        ),
        key=lambda alert: alert.key,
    )
