"""The fake Slack's Sign in with Slack (OpenID Connect) and external file uploads.

Refuses what Slack refuses: an unknown client or redirect URI at the authorize page,
a wrong client secret, a code used twice or with another redirect URI, an unknown
token at userInfo; an upload whose size differs from the announced length, and a
completion for a file never uploaded or into a thread that does not exist.
"""

from __future__ import annotations

import base64
import itertools
import json
import urllib.parse
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class SlackUser:
    user_id: str
    name: str
    team_id: str
    team_name: str


@dataclass
class OidcClient:
    client_id: str = "CLIENT1"
    client_secret: str = "s3cret"
    redirect_uris: list[str] = field(default_factory=list)


class SignInAndUploads:
    """Mixed into FakeSlack; `threads` and `url` come from there."""

    url: str
    threads: dict[tuple[str, str], list[dict]]
    calls: list[Any]

    def _init_signin_files(self) -> None:
        self.oidc_client = OidcClient()
        self.signed_in_user: SlackUser | None = None
        """Who is signed in to Slack in the browser that opens the authorize page."""
        self._codes: dict[str, tuple[str, SlackUser]] = {}
        self._tokens: dict[str, SlackUser] = {}
        self._serial = itertools.count(1)
        self.uploads: dict[str, dict[str, Any]] = {}

    # --- the authorize page (a browser GET) ---

    def authorize(self, query: str) -> tuple[int, dict[str, str], bytes]:
        args = {k: v[0] for k, v in urllib.parse.parse_qs(query).items()}
        client, redirect = self.oidc_client, args.get("redirect_uri", "")
        if args.get("client_id") != client.client_id:
            return 400, {}, b"invalid_client_id"
        if redirect not in client.redirect_uris:
            return 400, {}, b"bad_redirect_uri"
        if "openid" not in args.get("scope", "").split(",") or args.get("response_type") != "code":
            return 400, {}, b"invalid_scope"
        if self.signed_in_user is None:
            return 200, {}, b"please sign in to Slack"
        code = f"code-{next(self._serial)}"
        self._codes[code] = (redirect, self.signed_in_user)
        target = f"{redirect}?{urllib.parse.urlencode({'code': code, 'state': args['state']})}"
        return 302, {"Location": target}, b""

    # --- Web API methods ---

    def signin_or_files(
        self, method: str, params: dict[str, Any], authorization: str
    ) -> dict[str, Any] | None:
        if method == "openid.connect.token":
            return self._token(params, authorization)
        if method == "openid.connect.userInfo":
            return self._user_info(authorization)
        if method == "files.getUploadURLExternal":
            return self._upload_url(params)
        if method == "files.completeUploadExternal":
            return self._complete(params)
        return None

    def _token(self, params: dict[str, Any], authorization: str) -> dict[str, Any]:
        client_id, _, secret = _basic(authorization).partition(":")
        if client_id != self.oidc_client.client_id:
            return {"ok": False, "error": "invalid_client_id"}
        if secret != self.oidc_client.client_secret:
            return {"ok": False, "error": "bad_client_secret"}
        grant = self._codes.pop(str(params.get("code")), None)
        if grant is None:
            return {"ok": False, "error": "invalid_code"}
        redirect, user = grant
        if params.get("redirect_uri") != redirect:
            return {"ok": False, "error": "bad_redirect_uri"}
        token = f"xoxp-oidc-{next(self._serial)}"
        self._tokens[token] = user
        return {"ok": True, "access_token": token, "token_type": "Bearer", "id_token": "jwt"}

    def _user_info(self, authorization: str) -> dict[str, Any]:
        user = self._tokens.get(authorization.removeprefix("Bearer "))
        if user is None:
            return {"ok": False, "error": "invalid_auth"}
        return {
            "ok": True,
            "sub": user.user_id,
            "https://slack.com/user_id": user.user_id,
            "https://slack.com/team_id": user.team_id,
            "https://slack.com/team_name": user.team_name,
            "name": user.name,
        }

    def _upload_url(self, params: dict[str, Any]) -> dict[str, Any]:
        if not params.get("filename") or not str(params.get("length", "")).isdigit():
            return {"ok": False, "error": "invalid_arguments"}
        file_id = f"F{next(self._serial):05d}"
        self.uploads[file_id] = {
            "id": file_id,
            "name": params["filename"],
            "length": int(params["length"]),
            "data": None,
            "completed": False,
        }
        return {"ok": True, "file_id": file_id, "upload_url": f"{self.url}/upload/{file_id}"}

    def receive_upload(self, file_id: str, data: bytes) -> int:
        upload = self.uploads.get(file_id)
        if upload is None or upload["length"] != len(data):
            return 400
        upload["data"] = data
        return 200

    def _complete(self, params: dict[str, Any]) -> dict[str, Any]:
        files = json.loads(params.get("files") or "[]")
        if not files or any(self.uploads.get(f.get("id"), {}).get("data") is None for f in files):
            return {"ok": False, "error": "file_not_found"}
        channel, thread = params.get("channel_id"), params.get("thread_ts")
        if not channel:
            return {"ok": False, "error": "channel_not_found"}
        if thread and not self._is_message(str(channel), str(thread)):
            return {"ok": False, "error": "invalid_thread_ts"}
        shared = []
        for f in files:
            upload = self.uploads[f["id"]]
            upload.update(completed=True, title=f.get("title"), channel=channel, thread_ts=thread)
            shared.append({"id": upload["id"], "name": upload["name"], "title": f.get("title")})
        if thread:
            ts = f"1800000001.{next(self._serial):06d}"
            key = (str(channel), str(thread))
            parent = self.threads.get(key) or [{"ts": thread, "text": ""}]
            self.threads[key] = [*parent, {"ts": ts, "text": "", "files": shared}]
        return {"ok": True, "files": [{"id": s["id"], "title": s["title"]} for s in shared]}

    def _is_message(self, channel: str, ts: str) -> bool:
        """A thread's parent: a fixture thread, or a message Slack accepted."""
        return (channel, ts) in self.threads or any(
            c.method == "chat.postMessage"
            and c.accepted
            and c.params.get("channel") == channel
            and c.params.get("ts") == ts
            for c in self.calls
        )

    def uploaded(self) -> list[dict[str, Any]]:
        """Files Slack accepted and shared (completed), in order."""
        return [u for u in self.uploads.values() if u["completed"]]


def _basic(authorization: str) -> str:
    if not authorization.startswith("Basic "):
        return ""
    return base64.b64decode(authorization.removeprefix("Basic ")).decode()
