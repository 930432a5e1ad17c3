"""Finding a person or project by any name it goes by: one rule for storage and domain."""

from __future__ import annotations

from collections.abc import Iterable

from storage.models import Person, Project


def _goes_by(wanted: str, names: Iterable[str | None]) -> bool:
    return wanted in (n.lower() for n in names if n)


def person_named(people: Iterable[Person], name: str) -> Person | None:
    """Display name, alias or Slack id, ignoring case and a leading '@'."""
    wanted = name.strip().lstrip("@").lower()
    return next(
        (p for p in people if _goes_by(wanted, (p.display_name, *p.aliases, p.slack_user_id))),
        None,
    )


def project_named(projects: Iterable[Project], name: str) -> Project | None:
    """Name or alias, ignoring case."""
    wanted = name.strip().lower()
    return next((p for p in projects if _goes_by(wanted, (p.name, *p.aliases))), None)
