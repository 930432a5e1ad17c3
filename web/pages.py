"""One route per page of a program, each a read through `Dashboard` and a template.

A program outside the reader's workspaces is a 404, exactly like one that does not
exist: nobody learns which program ids are taken.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    session,
)
from flask import url_for as flask_url_for
from werkzeug.datastructures import MultiDict

from charts.dependency_graph import dependency_svg
from charts.risks import ScoreMove
from coordination.clock import Clock
from coordination.dashboard import Dashboard
from coordination.dashboard.graph import MAX_EDGES
from coordination.dashboard.items import STATUSES, ItemQuery
from coordination.dashboard.risks import risk_entries
from web import pictures
from web.access import SESSION_USER, Access

blueprint = Blueprint("pages", __name__)
LIST_LIMIT = 50
"""Rows shown per table on a page; the rest is counted, and complete in the exports."""


@dataclass(frozen=True)
class Context:
    dashboard: Dashboard
    access: Access
    clock: Clock


def context() -> Context:
    return current_app.extensions["followthrough"]


def _teams() -> frozenset[str]:
    """The reader's workspaces; someone not signed in is sent to sign in."""
    access = context().access
    teams = access.team_ids()
    if not teams and access.sign_in is not None:
        abort(redirect(flask_url_for("signin.page")))
    return teams


@blueprint.app_context_processor
def _globals() -> dict[str, object]:
    return {
        "signed_in_as": session.get(SESSION_USER),
        "sign_in_enabled": context().access.sign_in is not None,
        "limit": LIST_LIMIT,
    }


@blueprint.get("/")
def programs() -> str:
    return render_template("programs.html", programs=context().dashboard.programs(_teams()))


def _found(value: object) -> object:
    if value is None:
        abort(404)
    return value


@blueprint.get("/programs/<int:program_id>/")
def overview(program_id: int) -> str:
    ctx = context()
    page, trends = _found(ctx.dashboard.overview(_teams(), program_id, ctx.clock()))
    return render_template(
        "overview.html",
        page=page,
        view=page.view,
        trends=trends,
        chart=pictures.overview_chart(page),
        tab="overview",
    )


@blueprint.get("/programs/<int:program_id>/dependencies")
def dependencies(program_id: int) -> str:
    ctx = context()
    page, graph = _found(ctx.dashboard.dependencies(_teams(), program_id, ctx.clock()))
    svg = dependency_svg(
        graph,
        item_url=lambda item_id: flask_url_for(
            "pages.item", program_id=program_id, item_id=item_id
        ),
        project_url=lambda project_id: flask_url_for(
            "pages.items", program_id=program_id, project=project_id
        ),
    )
    return render_template(
        "dependencies.html",
        page=page,
        view=page.view,
        graph=graph,
        svg=svg,
        max_edges=MAX_EDGES,
        tab="dependencies",
    )


@blueprint.get("/programs/<int:program_id>/capacity")
def capacity(program_id: int) -> str:
    ctx = context()
    page = _found(ctx.dashboard.page(_teams(), program_id, ctx.clock()))
    rows = pictures.hot_rows(page)
    over = {(o.person_id, o.week_start): o for o in page.view.over_allocated}
    return render_template(
        "capacity.html",
        page=page,
        view=page.view,
        rows=rows,
        over=over,
        chart=pictures.capacity_chart(rows, page.view.capacity.weeks),
        tab="capacity",
    )


@blueprint.get("/programs/<int:program_id>/timeline")
def timeline(program_id: int) -> str:
    ctx = context()
    page = _found(ctx.dashboard.page(_teams(), program_id, ctx.clock()))
    windows = pictures.windows(page)
    return render_template(
        "timeline.html",
        page=page,
        view=page.view,
        windows=windows,
        chart=pictures.timeline_chart(windows, page.view.today),
        tab="timeline",
    )


@blueprint.get("/programs/<int:program_id>/risks")
def risks(program_id: int) -> str:
    ctx = context()
    page = _found(ctx.dashboard.page(_teams(), program_id, ctx.clock()))
    entries = risk_entries(page)
    moves = [ScoreMove(e.title, e.score, e.previous) for e in entries]
    return render_template(
        "risks.html",
        page=page,
        view=page.view,
        entries=entries,
        chart=pictures.risk_chart(moves),
        tab="risks",
    )


def _int(args: MultiDict[str, str], name: str, problems: list[str]) -> int | None:
    text = args.get(name, "").strip()
    if not text:
        return None
    if text.isdigit():
        return int(text)
    problems.append(f"{name} {text!r} is not a number; ignored.")
    return None


def item_query(args: MultiDict[str, str]) -> tuple[ItemQuery, list[str]]:
    """The filter from the query string; what cannot be read is named and ignored."""
    problems: list[str] = []
    status = args.get("status", "").strip() or None
    if status is not None and status not in STATUSES:
        problems.append(f"status {status!r} is not one of {', '.join(STATUSES)}; ignored.")
        status = None
    query = ItemQuery(
        owner_id=_int(args, "owner", problems),
        project_id=_int(args, "project", problems),
        status=status,
        overdue=args.get("overdue") in ("1", "on", "true"),
        page=_int(args, "page", problems) or 1,
    )
    return query, problems


def query_args(query: ItemQuery, **changes: object) -> dict[str, object]:
    """The query as URL parameters (for the CSV link and the page links)."""
    args = {
        "owner": query.owner_id,
        "project": query.project_id,
        "status": query.status,
        "overdue": 1 if query.overdue else None,
        "page": query.page if query.page > 1 else None,
        **changes,
    }
    return {k: v for k, v in args.items() if v is not None}


@blueprint.get("/programs/<int:program_id>/items")
def items(program_id: int) -> str:
    ctx = context()
    query, problems = item_query(request.args)
    program, listing = _found(ctx.dashboard.items(_teams(), program_id, query, ctx.clock()))
    return render_template(
        "items.html",
        page={"program": program},
        listing=listing,
        problems=problems,
        query_args=query_args,
        statuses=STATUSES,
        tab="items",
    )


@blueprint.get("/programs/<int:program_id>/items.csv")
def items_csv(program_id: int) -> Response:
    ctx = context()
    query, _ = item_query(request.args)
    program, text = _found(ctx.dashboard.items_csv(_teams(), program_id, query, ctx.clock()))
    filename = f"items-program-{program.id}.csv"
    return Response(
        text,
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@blueprint.get("/programs/<int:program_id>/items/<int:item_id>")
def item(program_id: int, item_id: int) -> str:
    ctx = context()
    program, row = _found(ctx.dashboard.item(_teams(), program_id, item_id, ctx.clock()))
    return render_template("item.html", page={"program": program}, item=row, tab="items")
