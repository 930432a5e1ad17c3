"""The fake Web API refuses what Slack refuses, through the real slack_sdk client: a
fake that took anything would let every limit test pass for nothing."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from slack_sdk.errors import SlackApiError
from slack_sdk.webhook import WebhookClient

from bot.slack_client import make_client
from tests.fakes.slack_api import FakeSlack


@pytest.fixture
def slack() -> Iterator[FakeSlack]:
    fake = FakeSlack().start()
    yield fake
    fake.stop()


def _section(text: str, block_id: str | None = None) -> dict[str, Any]:
    block: dict[str, Any] = {"type": "section", "text": {"type": "mrkdwn", "text": text}}
    return {**block, "block_id": block_id} if block_id else block


REFUSED = {
    "51 blocks": ({"blocks": [_section("x")] * 51}, "invalid_blocks"),
    "a section over 3,000": ({"blocks": [_section("x" * 3001)]}, "invalid_blocks"),
    "a header over 150": (
        {"blocks": [{"type": "header", "text": {"type": "plain_text", "text": "h" * 151}}]},
        "invalid_blocks",
    ),
    "a button label over 75": (
        {
            "blocks": [
                {
                    "type": "actions",
                    "elements": [
                        {
                            "type": "button",
                            "action_id": "b",
                            "text": {"type": "plain_text", "text": "b" * 76},
                        }
                    ],
                }
            ]
        },
        "invalid_blocks",
    ),
    "duplicate block ids": (
        {"blocks": [_section("a", "same"), _section("b", "same")]},
        "invalid_blocks",
    ),
    "an unknown block type": ({"blocks": [{"type": "carousel"}]}, "invalid_blocks"),
    "14k characters of blocks": (
        {"blocks": [_section("y" * 2900) for _ in range(5)]},
        "msg_blocks_too_long",
    ),
    "40k characters of text": ({"text": "z" * 40_001}, "msg_too_long"),
}


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_messages_slack_would_refuse_are_refused(slack: FakeSlack, case: str) -> None:
    payload, expected = REFUSED[case]
    message = {"text": "fallback", **payload}
    client = make_client(token="xoxb-test", base_url=slack.api_url)
    with pytest.raises(SlackApiError) as refused:
        client.chat_postMessage(channel="C1", **message)
    assert refused.value.response["error"] == expected
    assert slack.posts() == []
    response = WebhookClient(f"{slack.url}/response/1").send(**message)
    assert (response.status_code, response.body) == (400, expected)


def test_a_message_within_the_limits_is_taken(slack: FakeSlack) -> None:
    client = make_client(token="xoxb-test", base_url=slack.api_url)
    blocks = [_section("x" * 2000, f"b{n}") for n in range(5)]
    assert client.chat_postMessage(channel="C1", text="ok", blocks=blocks)["ok"]


def test_updates_of_messages_it_never_posted_and_revoked_tokens_are_refused(
    slack: FakeSlack,
) -> None:
    client = make_client(token="xoxb-test", base_url=slack.api_url)
    ts = client.chat_postMessage(channel="C1", text="posted")["ts"]
    assert client.chat_update(channel="C1", ts=ts, text="edited")["ok"]
    ephemeral = client.chat_postEphemeral(channel="C1", user="UANA", text="only you")
    for missing in ("1700000000.000001", ephemeral["message_ts"]):
        with pytest.raises(SlackApiError, match="message_not_found"):
            client.chat_update(channel="C1", ts=missing, text="edited")
    slack.revoked_tokens.add("xoxb-test")
    with pytest.raises(SlackApiError, match="token_revoked"):
        client.chat_postMessage(channel="C1", text="after the uninstall")


def test_with_a_directory_it_knows_who_can_get_a_message(slack: FakeSlack) -> None:
    slack.add_user("UANA", "Ana")
    slack.add_user("UGONE", "Gone", deleted=True)
    slack.add_user("UHELPER", "Helper", is_bot=True)
    client = make_client(token="xoxb-test", base_url=slack.api_url)
    assert client.conversations_open(users="UANA")["channel"]["id"] == "DANA"
    for user, error in (
        ("UNOBODY", "user_not_found"),
        ("UGONE", "user_disabled"),
        ("UHELPER", "cannot_dm_bot"),
    ):
        with pytest.raises(SlackApiError, match=error):
            client.conversations_open(users=user)
    with pytest.raises(SlackApiError, match="user_not_found"):
        client.chat_postEphemeral(channel="C1", user="UNOBODY", text="hi")
