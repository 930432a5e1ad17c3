"""The dashboard's Flask app, built once by a composition root (serve or dashboard)."""

from __future__ import annotations

from datetime import timedelta

from flask import Flask, render_template

from coordination.clock import Clock
from coordination.dashboard import Dashboard
from web import pages, signin
from web.access import Access

SESSION_LIFETIME = timedelta(hours=12)
SECURITY_HEADERS = {
    # No script runs on these pages at all: text from notes cannot execute even if
    # some escaping were missed. Charts are inline SVG or data: images.
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'none'; style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}


def create_app(
    dashboard: Dashboard,
    access: Access,
    clock: Clock,
    *,
    secret_key: str,
    public_url: str | None = None,
) -> Flask:
    """`secret_key` signs the session cookies: the same on every replica, and secret.
    `public_url` is where browsers reach the app (sign-in redirects come back there);
    an https one makes the cookie Secure."""
    app = Flask(__name__)
    app.config.update(
        SECRET_KEY=secret_key,
        PUBLIC_URL=public_url.rstrip("/") if public_url else None,
        SESSION_COOKIE_NAME="followthrough_session",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=bool(public_url and public_url.startswith("https://")),
        PERMANENT_SESSION_LIFETIME=SESSION_LIFETIME,
    )
    app.extensions["followthrough"] = pages.Context(dashboard, access, clock)
    app.register_blueprint(pages.blueprint)
    app.register_blueprint(signin.blueprint)

    @app.after_request
    def secure(response):  # type: ignore[no-untyped-def]
        response.headers.update(SECURITY_HEADERS)
        return response

    @app.errorhandler(404)
    def not_found(_error: Exception) -> tuple[str, int]:
        return render_template("not_found.html"), 404

    return app
