"""Sign in with Slack: OpenID Connect through slack_sdk, for the dashboard.

The authorize URL comes from `OpenIDConnectAuthorizeUrlGenerator`; the callback's code
is exchanged with `openid.connect.token` (client id and secret as HTTP Basic auth) and
the person read from `openid.connect.userInfo` with the token just issued. Its
`https://slack.com/team_id` claim is the workspace whose programs they may see.
"""

from __future__ import annotations

from urllib.parse import urljoin

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.oauth import OpenIDConnectAuthorizeUrlGenerator

from web.access import Identity

SCOPES = ("openid", "profile")
TEAM_ID_CLAIM = "https://slack.com/team_id"
TEAM_NAME_CLAIM = "https://slack.com/team_name"
USER_ID_CLAIM = "https://slack.com/user_id"


def authorization_url_for(api_url: str) -> str:
    """https://slack.com/api/ -> https://slack.com/openid/connect/authorize, so a test
    server given as SLACK_API_URL serves the sign-in page too."""
    return urljoin(api_url.rstrip("/") + "/", "../openid/connect/authorize")


class SlackSignIn:
    def __init__(self, *, client_id: str, client_secret: str, api_url: str) -> None:
        self.client_id, self.client_secret = client_id, client_secret
        self.api_url = api_url
        self.authorization_url = authorization_url_for(api_url)

    def authorize_url(self, *, state: str, nonce: str, redirect_uri: str) -> str:
        generator = OpenIDConnectAuthorizeUrlGenerator(
            client_id=self.client_id,
            redirect_uri=redirect_uri,
            scopes=list(SCOPES),
            authorization_url=self.authorization_url,
        )
        return generator.generate(state=state, nonce=nonce)

    def identify(self, *, code: str, redirect_uri: str) -> Identity:
        """LookupError when Slack refuses the code or the token (expired, replayed)."""
        client = WebClient(base_url=self.api_url)
        try:
            token = client.openid_connect_token(
                client_id=self.client_id,
                client_secret=self.client_secret,
                code=code,
                redirect_uri=redirect_uri,
            )
            claims = client.openid_connect_userInfo(token=token["access_token"])
        except SlackApiError as error:
            raise LookupError(error.response.get("error", "refused")) from error
        if not claims.get(TEAM_ID_CLAIM):
            raise LookupError("no workspace in the identity")
        return Identity(
            user_id=claims.get(USER_ID_CLAIM) or claims["sub"],
            name=claims.get("name") or claims.get("given_name") or claims["sub"],
            team_id=claims[TEAM_ID_CLAIM],
            team_name=claims.get(TEAM_NAME_CLAIM, ""),
        )
