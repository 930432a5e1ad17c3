"""The risk register."""

from __future__ import annotations

from collections.abc import Iterable

from sqlmodel import Session, col, select

from storage.models import Risk


def existing_risk_keys(session: Session, *, team_id: str, keys: Iterable[str]) -> set[str]:
    wanted = set(keys)
    if not wanted:
        return set()
    statement = select(Risk.dedupe_key).where(
        Risk.team_id == team_id, col(Risk.dedupe_key).in_(wanted)
    )
    return {key for key in session.exec(statement) if key}
