"""The risk register: risks people raise, and risks the analysis derives, kept current.

A derived risk is stored under its analysis key, so each run refreshes it instead of
raising it again; when its score changes, the old score is kept so the digest can show
it rising. A derived risk whose signal is gone is closed, not deleted.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, col, select

from coordination.analysis import DerivedRisk
from coordination.errors import UserError
from coordination.program_view.view import derived_risk_key
from storage.models import Program, Risk
from storage.statuses import RISK_STATUSES

DERIVED_ORIGIN = "auto:"
RESOLVED = "resolved"
"""A derived risk whose signal is gone: set by the analysis, never by a person."""


def _score(risk: Risk) -> int:
    return risk.likelihood * risk.impact


def _rescore(risk: Risk, likelihood: int, impact: int, now: datetime) -> None:
    if (likelihood, impact) != (risk.likelihood, risk.impact):
        risk.previous_score = _score(risk)
        risk.likelihood, risk.impact = likelihood, impact
        risk.updated_at = now


def _refresh(risk: Risk, found: DerivedRisk, now: datetime) -> None:
    """Last run's score becomes the previous one, so "rising" means rising since the last
    digest, not once ever. A risk whose signal came back reopens; one a person closed or
    mitigated stays as they left it."""
    risk.title, risk.explanation = found.title, found.explanation
    risk.previous_score = _score(risk)
    risk.likelihood, risk.impact, risk.updated_at = found.likelihood, found.impact, now
    if risk.status == RESOLVED:
        risk.status = "open"


def refresh_derived_risks(
    session: Session, *, program: Program, derived: list[DerivedRisk], now: datetime
) -> list[Risk]:
    """Upserts every derived risk and resolves the ones no longer supported; returns new ones."""
    stored = {
        r.dedupe_key: r
        for r in session.exec(
            select(Risk).where(
                Risk.team_id == program.team_id,
                Risk.program_id == program.id,
                col(Risk.origin).startswith(DERIVED_ORIGIN),
            )
        )
    }
    current, created = set(), []
    for found in derived:
        key = derived_risk_key(found)
        current.add(key)
        risk = stored.get(key)
        if risk is None:
            risk = Risk(
                team_id=program.team_id,
                program_id=program.id,
                title=found.title,
                explanation=found.explanation,
                likelihood=found.likelihood,
                impact=found.impact,
                scope="project" if len(found.project_ids) == 1 else "program",
                project_id=found.project_ids[0] if len(found.project_ids) == 1 else None,
                origin=f"{DERIVED_ORIGIN}{found.kind}",
                dedupe_key=key,
                created_at=now,
                updated_at=now,
            )
            created.append(risk)
        else:
            _refresh(risk, found, now)
        session.add(risk)
    for key, risk in stored.items():
        if key not in current and risk.status == "open":
            risk.status, risk.updated_at = RESOLVED, now
            session.add(risk)
    session.flush()
    return created


def _check_scale(likelihood: int, impact: int) -> None:
    if not (1 <= likelihood <= 5 and 1 <= impact <= 5):
        raise UserError("likelihood and impact are scored 1 (low) to 5 (high).")


def add_risk(
    session: Session,
    *,
    program: Program,
    title: str,
    likelihood: int,
    impact: int,
    now: datetime,
    project_id: int | None = None,
    owner_id: int | None = None,
) -> Risk:
    _check_scale(likelihood, impact)
    if not title.strip():
        raise UserError("a risk needs a title.")
    risk = Risk(
        team_id=program.team_id,
        program_id=program.id,
        project_id=project_id,
        scope="project" if project_id else "program",
        title=title.strip(),
        likelihood=likelihood,
        impact=impact,
        owner_id=owner_id,
        origin="manual",
        created_at=now,
        updated_at=now,
    )
    session.add(risk)
    session.flush()
    return risk


def update_risk(
    session: Session,
    *,
    team_id: str,
    risk_id: int,
    now: datetime,
    likelihood: int | None = None,
    impact: int | None = None,
    status: str | None = None,
) -> Risk:
    risk = session.exec(select(Risk).where(Risk.team_id == team_id, Risk.id == risk_id)).first()
    if risk is None:
        raise UserError(f"risk #{risk_id} does not exist.")
    if status is not None:
        if status not in RISK_STATUSES:
            raise UserError(f"status must be one of {', '.join(RISK_STATUSES)}.")
        risk.status, risk.updated_at = status, now
    new_likelihood = risk.likelihood if likelihood is None else likelihood
    new_impact = risk.impact if impact is None else impact
    _check_scale(new_likelihood, new_impact)
    _rescore(risk, new_likelihood, new_impact, now)
    session.add(risk)
    return risk


def list_risks(session: Session, *, program: Program, include_closed: bool = False) -> list[Risk]:
    statement = select(Risk).where(Risk.team_id == program.team_id, Risk.program_id == program.id)
    if not include_closed:
        statement = statement.where(col(Risk.status).not_in(("closed", RESOLVED)))
    risks = list(session.exec(statement))
    return sorted(risks, key=lambda r: (-_score(r), r.id))
