"""App Home, rebuilt from storage each time it is opened or an item on it changes."""

from __future__ import annotations

import logging

from slack_sdk.errors import SlackApiError

from bot.deps import BotDeps
from bot.job_kinds import HomePayload
from bot.people import person_for_user
from bot.sending import REFUSED_PAYLOAD, error_code
from bot.views.home import home_view, unavailable_view
from coordination.dates import local_date
from coordination.db import session_scope
from coordination.items.my_work import my_open_items, programs_of, waiting_on_others
from coordination.jobs import Job
from coordination.program_view.view import build_program_view, local_today

log = logging.getLogger(__name__)

REFUSED_VIEW = REFUSED_PAYLOAD | {"invalid_arguments"}
HOME_REFUSED = (
    "Slack would not show your full Home tab just now. `/followthrough mine` lists your open items."
)


def publish_home(deps: BotDeps, team_id: str, user_id: str) -> None:
    client, now = deps.client_for(team_id), deps.clock()
    person = person_for_user(deps.engine, client, team_id=team_id, user_id=user_id, now=now)
    today = local_date(person.timezone, now)
    with session_scope(deps.engine) as session:
        scope = {"team_id": team_id, "person_id": person.id}
        mine = my_open_items(session, **scope, today=today)
        waiting = waiting_on_others(session, **scope)
        programs = [
            build_program_view(session, program=program, today=local_today(program, now), now=now)
            for program in programs_of(session, **scope)
        ]
    view = home_view(today=today, mine=mine, waiting=waiting, programs=programs)
    try:
        client.views_publish(user_id=user_id, view=view)
    except SlackApiError as error:
        if error_code(error) not in REFUSED_VIEW:
            raise
        log.warning("home view refused", extra={"error": error_code(error)})
        client.views_publish(user_id=user_id, view=unavailable_view(HOME_REFUSED))


def run_home(deps: BotDeps, job: Job, payload: HomePayload) -> None:
    publish_home(deps, job.team_id, payload.user)
