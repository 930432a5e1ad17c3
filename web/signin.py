"""Sign in with Slack (OpenID Connect code flow) and sign-out, over the session cookie.

`state` ties the callback to this browser's session (no login CSRF); the `nonce`
goes along to Slack. The identity comes from Slack's userInfo endpoint over the
token this server just exchanged the code for, so no token is kept afterwards.
"""

from __future__ import annotations

import logging
import secrets

from flask import (
    Blueprint,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from werkzeug.wrappers import Response

from web.access import remember
from web.pages import context

log = logging.getLogger(__name__)
blueprint = Blueprint("signin", __name__)
STATE, NONCE = "oidc_state", "oidc_nonce"


def _redirect_uri() -> str:
    """Built from the public URL when there is one: behind a proxy the request's own
    host is not the one registered with Slack."""
    public = current_app.config.get("PUBLIC_URL")
    if public:
        return public + url_for("signin.callback")
    return url_for("signin.callback", _external=True)


@blueprint.get("/signin")
def page() -> str:
    sign_in = context().access.sign_in
    if sign_in is None:
        abort(404)
    return render_template("signin.html", error=request.args.get("error"))


@blueprint.get("/signin/slack")
def start() -> Response:
    sign_in = context().access.sign_in
    if sign_in is None:
        abort(404)
    session[STATE], session[NONCE] = secrets.token_urlsafe(24), secrets.token_urlsafe(24)
    return redirect(
        sign_in.authorize_url(
            state=session[STATE], nonce=session[NONCE], redirect_uri=_redirect_uri()
        )
    )


@blueprint.get("/signin/callback")
def callback() -> Response:
    sign_in = context().access.sign_in
    if sign_in is None:
        abort(404)
    expected = session.pop(STATE, None)
    session.pop(NONCE, None)
    if request.args.get("error"):
        return redirect(url_for("signin.page", error="Slack did not sign you in."))
    state, code = request.args.get("state", ""), request.args.get("code", "")
    if not expected or not secrets.compare_digest(state, expected) or not code:
        return redirect(url_for("signin.page", error="That sign-in link expired; try again."))
    try:
        identity = sign_in.identify(code=code, redirect_uri=_redirect_uri())
    except LookupError as error:
        log.warning("sign-in refused", extra={"error": str(error)})
        return redirect(url_for("signin.page", error="Slack refused the sign-in; try again."))
    remember(identity)
    return redirect(url_for("pages.programs"))


@blueprint.post("/signout")
def signout() -> Response:
    session.clear()
    target = "signin.page" if context().access.sign_in else "pages.programs"
    return redirect(url_for(target))
