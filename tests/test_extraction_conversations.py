"""The rules extractor on conversations: Slack threads given as utterances (user id,
names, time), one realistic thread per pattern, with the follow-ups it must yield.

Owners who are Slack users come back by user id; relative dates resolve against the
time of the message that set them, in the program's timezone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

import pytest

from extractors.models import ExtractionRequest, KnownPerson, Speaker, Utterance
from extractors.rules import RulesExtractor
from extractors.slack_messages import utterances_from_messages

START = datetime(2026, 11, 11, 15, 0, tzinfo=UTC)
"""A Wednesday, two weeks before the thread is read."""
TODAY = date(2026, 11, 25)

MARIA = Speaker(user_id="U1MARIA", display_name="maria", real_name="Maria Silva")
BEN = Speaker(user_id="U2BEN", display_name="ben.o", real_name="Ben Okafor")
KIM = Speaker(user_id="U7KIM", display_name="Kim", real_name="Kim Lee")
PEOPLE = [
    KnownPerson(key=s.user_id or "", name=s.real_name, aliases=[s.display_name])
    for s in (MARIA, BEN, KIM)
]


def said(who: Speaker, text: str, minutes: int = 0, **extra) -> Utterance:
    return Utterance(speaker=who, text=text, at=START + timedelta(minutes=minutes), **extra)


@dataclass(frozen=True)
class Thread:
    name: str
    messages: list[Utterance]
    items: list[tuple]
    """(task, owner user ids, due) or with a fourth element, the flags that must be set."""
    mentioned: list[str] = field(default_factory=list)


THREADS = [
    Thread(
        "a request accepted with a date in the reply",
        [
            said(MARIA, "<@U7KIM> could you rerun the migration on staging?"),
            said(KIM, "on it, tomorrow", minutes=5),
        ],
        [("Rerun the migration on staging", ["U7KIM"], date(2026, 11, 12))],
    ),
    Thread(
        "self-commitments in everyday words, lowercase handles",
        [
            said(MARIA, "the vendor never answered about the renewal"),
            said(BEN, "I can own the vendor follow-up", minutes=2),
            said(MARIA, "let me put the budget sheet together by Thursday", minutes=3),
        ],
        [
            ("Own the vendor follow-up", ["U2BEN"], None),
            ("Put the budget sheet together", ["U1MARIA"], date(2026, 11, 12)),
        ],
    ),
    Thread(
        "two messages in a row by one author, text after a code block",
        [
            said(
                BEN,
                'deploy failed again:\n```\nError: relation "users" does not exist\n```\n'
                "I'll fix the migration order tonight",
            ),
            said(BEN, "and I'll add a check to CI so this can't happen again", minutes=1),
        ],
        [
            ("Fix the migration order", ["U2BEN"], date(2026, 11, 11)),
            ("Add a check to CI so this can't happen again", ["U2BEN"], None),
        ],
    ),
    Thread(
        "status lines are not follow-ups",
        [
            said(KIM, "deployed to staging ✅"),
            said(MARIA, "nice! merged the docs PR too", minutes=1),
            said(BEN, "looks good to me, thanks everyone", minutes=2),
        ],
        [],
    ),
    Thread(
        "a thumbs-up reaction by the person asked accepts",
        [
            said(
                MARIA, "<@U2BEN> can you send the invoice to Acme by Friday?", accepted_by=["U2BEN"]
            ),
        ],
        [("Send the invoice to Acme", ["U2BEN"], date(2026, 11, 13))],
    ),
    Thread(
        "a declined request is nobody's",
        [
            said(MARIA, "<@U7KIM> can you cover the on-call shift on Saturday?"),
            said(KIM, "sorry, I can't this weekend", minutes=3),
        ],
        [],
    ),
    Thread(
        "a request nobody answered stays with the person asked, unconfirmed",
        [said(KIM, "<@U1MARIA> could you review the pricing page copy?")],
        [("Review the pricing page copy", ["U1MARIA"], None, ["unconfirmed"])],
    ),
    Thread(
        "an open question taken by whoever answers",
        [
            said(MARIA, "can someone look at the flaky login test?"),
            said(BEN, "I'll take it", minutes=4),
        ],
        [("Look at the flaky login test", ["U2BEN"], None)],
    ),
    Thread(
        "each message's dates count from its own time",
        [
            said(MARIA, "kickoff notes are in the doc"),
            said(KIM, "I'll send the recap by Friday", minutes=14 * 24 * 60),
        ],
        [("Send the recap", ["U7KIM"], date(2026, 11, 27))],
    ),
    Thread(
        "a labelled action list inside a thread is the answer",
        [
            said(
                MARIA,
                "Action items:\n• <@U2BEN> to update the runbook\n• <@U7KIM> to book the retro",
            ),
            said(BEN, "I'll also clean up the old dashboards", minutes=2),
        ],
        [("Update the runbook", ["U2BEN"], None), ("Book the retro", ["U7KIM"], None)],
        mentioned=["Clean up the old dashboards"],
    ),
    Thread(
        "a directed instruction to a mention",
        [
            said(MARIA, "<@U7KIM> please renew the SSL certificate before it expires on Monday"),
            said(KIM, "will do", minutes=1),
        ],
        [("Renew the SSL certificate before it expires", ["U7KIM"], date(2026, 11, 16))],
    ),
    Thread(
        "an incident thread: a problem, an ask to the last speaker, owners claiming work",
        [
            said(KIM, "checkout is throwing 500s for EU customers since the 14:00 deploy"),
            said(BEN, "looking at the logs now, looks like the tax service times out", minutes=3),
            said(KIM, "can you also check whether the retry queue is backing up?", minutes=4),
            said(BEN, "yep", minutes=5),
            said(MARIA, "I'll post an update on the status page", minutes=6),
            said(KIM, "rolled back, errors are gone", minutes=20),
            said(MARIA, "I need to write the incident report by Monday", minutes=25),
        ],
        [
            ("Check whether the retry queue is backing up", ["U2BEN"], None),
            ("Post an update on the status page", ["U1MARIA"], None),
            ("Write the incident report", ["U1MARIA"], date(2026, 11, 16)),
        ],
    ),
    Thread(
        "a planning thread with a question answered by a volunteer",
        [
            said(MARIA, "who can own the Q1 roadmap doc?"),
            said(KIM, "me, I'll have a first draft by next Friday", minutes=10),
            said(
                BEN,
                "<@U7KIM> when you get a chance, can you also add the hiring plan to it?",
                minutes=12,
            ),
            said(KIM, "sure", minutes=13),
            said(BEN, "thanks!", minutes=14),
        ],
        [
            ("Own the Q1 roadmap doc", ["U7KIM"], date(2026, 11, 20)),
            ("Add the hiring plan to it", ["U7KIM"], None),
        ],
    ),
    Thread(
        "ownership stated about someone else",
        [
            said(MARIA, "the onboarding checklist is out of date"),
            said(BEN, "<@U7KIM> is on it, she'll update it this week", minutes=2),
            said(MARIA, "TODO for me: ping legal about the new NDA", minutes=3),
        ],
        [
            ("Update it", ["U7KIM"], date(2026, 11, 13)),
            ("Ping legal about the new NDA", ["U1MARIA"], None),
        ],
    ),
    Thread(
        "a channel ping in a message owns nothing",
        [said(MARIA, "<!channel> please fill in your timesheets by Friday")],
        [],
    ),
    Thread(
        "a recap message with a list of who does what",
        [
            said(
                MARIA,
                "Recap from today:\n• <@U2BEN> to draft the rollout plan\n"
                "• <@U7KIM> owns the vendor call notes\n• I'll brief the execs tomorrow",
            )
        ],
        [
            ("Brief the execs", ["U1MARIA"], date(2026, 11, 12)),
            ("Own the vendor call notes", ["U7KIM"], None),
            ("Draft the rollout plan", ["U2BEN"], None),
        ],
    ),
    Thread(
        "a promise without a subject, in lower case, after thanks",
        [
            said(KIM, "where do the test fixtures live now?"),
            said(BEN, "under tests/data since last week", minutes=1),
            said(KIM, "thanks! will move mine there before the release", minutes=2),
        ],
        [("Move mine there before the release", ["U7KIM"], None)],
    ),
    Thread(
        "a request met in the reply itself is nothing to follow up",
        [
            said(MARIA, "<@U2BEN> could you send me the link to the error dashboard?"),
            said(BEN, "here you go https://grafana.example.com/d/errors", minutes=1),
            said(KIM, "<@U1MARIA> can you update the pricing page?", minutes=2),
            said(MARIA, "done ✅", minutes=9),
        ],
        [],
    ),
    Thread(
        "two asks in one message, each accepted by the person asked",
        [
            said(
                MARIA,
                "two things: <@U7KIM> please rotate the staging keys, and <@U2BEN> please "
                "update the runbook",
            ),
            said(KIM, "👍", minutes=1),
            said(BEN, "on it", minutes=2),
        ],
        [
            ("Rotate the staging keys", ["U7KIM"], None),
            ("Update the runbook", ["U2BEN"], None),
        ],
    ),
    Thread(
        "agreeing in words is not a promise",
        [
            said(BEN, "I think we should move the standup to 10"),
            said(KIM, "I can see why, but mornings are hard for the Sydney folks", minutes=1),
        ],
        [],
    ),
    Thread(
        "a hand-off asked after a dash, accepted, and a promise of one's own",
        [
            said(KIM, "I'm out next week — <@U2BEN> can you cover the on-call rotation?"),
            said(BEN, "sure thing", minutes=1),
            said(KIM, "thanks! I'll write up the pager notes before I leave", minutes=2),
        ],
        [
            ("Cover the on-call rotation", ["U2BEN"], None),
            ("Write up the pager notes before I leave", ["U7KIM"], None),
        ],
    ),
    Thread(
        "the person asked declines and someone else steps in",
        [
            said(MARIA, "<@U2BEN> could you present the demo on Thursday?"),
            said(BEN, "sorry, I can't this week — <@U7KIM> maybe?", minutes=1),
            said(KIM, "I can do it", minutes=2),
        ],
        [("Present the demo", ["U7KIM"], date(2026, 11, 12))],
    ),
    Thread(
        "a need stated, then 'I'll do it' takes it with its deadline",
        [
            said(MARIA, "we need to renew the TLS cert before Nov 20"),
            said(BEN, "I'll do it today", minutes=1),
        ],
        [("Renew the TLS cert", ["U2BEN"], date(2026, 11, 20))],
    ),
    Thread(
        "a group ask taken by a volunteer, the day's possessive cut cleanly",
        [
            said(MARIA, "can someone take notes in tomorrow's retro?"),
            said(KIM, "I can", minutes=1),
        ],
        [("Take notes in the retro", ["U7KIM"], date(2026, 11, 12))],
    ),
    Thread(
        "status updates are not follow-ups",
        [
            said(MARIA, "status: search is done, filters about 80%"),
            said(BEN, "I finished the copy review yesterday", minutes=1),
            said(KIM, "blocked on design for the settings page", minutes=2),
        ],
        [],
    ),
    Thread(
        "a request after a lead-in ('thanks! also @kim can you …'), accepted in the reply",
        [
            said(MARIA, "thanks! also <@U7KIM> can you update the release notes before Friday?"),
            said(KIM, "sure", minutes=4),
        ],
        [("Update the release notes", ["U7KIM"], date(2026, 11, 13))],
    ),
    Thread(
        "'me' and 'you' in a follow-up are the people in the conversation",
        [
            said(MARIA, "<@U2BEN> could you send me the vendor shortlist?"),
            said(BEN, "sure", minutes=2),
            said(KIM, "the import script still fails on the old schema", minutes=5),
            said(BEN, "I can pair with you tomorrow morning", minutes=6),
        ],
        [
            ("Send maria the vendor shortlist", ["U2BEN"], None),
            ("Pair with Kim", ["U2BEN"], date(2026, 11, 12)),
        ],
    ),
    Thread(
        "an open call for help ('need someone to …') taken by whoever offers",
        [
            said(MARIA, "can someone review my PR for the rate limiter?"),
            said(BEN, "I'll take a look after standup", minutes=8),
            said(
                MARIA,
                "ty! also need someone to update the status page after the release",
                minutes=9,
            ),
            said(KIM, "I can do that", minutes=13),
        ],
        [
            ("Review maria's PR for the rate limiter", ["U2BEN"], None),
            ("Update the status page after the release", ["U7KIM"], None),
        ],
    ),
    Thread(
        "the date settled just after: 'By when?' answered, or the asker's 'ideally by …'",
        [
            said(MARIA, "I'll draft the launch post and send it round for review"),
            said(KIM, "by when?", minutes=1),
            said(MARIA, "Friday end of day", minutes=2),
            said(KIM, "<@U2BEN> can you repaint the dock markings?", minutes=5),
            said(BEN, "yep", minutes=6),
            said(KIM, "ideally before the inspection, so by the 20th", minutes=7),
        ],
        [
            ("Draft the launch post and send it round for review", ["U1MARIA"], date(2026, 11, 13)),
            ("Repaint the dock markings", ["U2BEN"], date(2026, 11, 20)),
        ],
    ),
    Thread(
        "'can you take it?' after 'who's covering …?', the reason and 'is on leave' left out",
        [
            said(MARIA, "who's covering the release notes? Ben is on leave"),
            said(MARIA, "<@U7KIM> can you take it since you're on the docs team?", minutes=1),
            said(KIM, "sure", minutes=3),
        ],
        [("Cover the release notes", ["U7KIM"], None)],
    ),
    Thread(
        "'can you look into it?' after a report of what is broken",
        [
            said(MARIA, "checkout is failing on safari since the deploy"),
            said(MARIA, "<@U7KIM> can you look into it?", minutes=1),
            said(KIM, "on it", minutes=2),
        ],
        [("Look into checkout on safari", ["U7KIM"], None)],
    ),
]


def _run(thread: Thread):
    request = ExtractionRequest(
        utterances=thread.messages,
        meeting_date=TODAY,
        timezone="Europe/Lisbon",
        people=PEOPLE,
        source_kind="thread",
    )
    return RulesExtractor().extract(request)


def _shape(item, with_flags: bool) -> tuple:
    row = (item.task, [o.person_key for o in item.owners], item.due)
    return (*row, [f for f in item.flags if f != "no_owner"]) if with_flags else row


@pytest.mark.parametrize("thread", THREADS, ids=[t.name for t in THREADS])
def test_thread_yields_its_follow_ups_with_owners_by_user_id(thread: Thread) -> None:
    result = _run(thread)
    with_flags = any(len(row) == 4 for row in thread.items)
    assert [_shape(i, with_flags) for i in result.items] == thread.items
    assert [i.task for i in result.mentioned] == thread.mentioned
    assert result.format == "slack thread"


def test_a_promise_that_points_back_keeps_what_it_points_at_as_its_topic() -> None:
    thread = next(t for t in THREADS if t.name == "ownership stated about someone else")
    (update, _) = _run(thread).items
    assert update.topic == "the onboarding checklist is out of date"


def test_owner_display_comes_from_the_speaker_not_from_re_reading_text() -> None:
    (item,) = _run(THREADS[1]).items[:1]
    assert (item.owners[0].name, item.owners[0].person_key) == ("ben.o", "U2BEN")


def test_slack_messages_become_utterances_as_slack_intends() -> None:
    messages = [
        {"type": "message", "user": "U1MARIA", "text": "thread start", "ts": "1763000000.0001"},
        {
            "type": "message",
            "subtype": "bot_message",
            "bot_id": "B1",
            "text": "CI passed",
            "ts": "1763000001.0",
        },
        {"type": "message", "user": "UBOT", "text": "I found 2 action items", "ts": "1763000002.0"},
        {
            "type": "message",
            "subtype": "tombstone",
            "user": "USLACKBOT",
            "text": "This message was deleted.",
            "ts": "1763000003.0",
        },
        {
            "type": "message",
            "subtype": "message_changed",
            "ts": "1763000004.0",
            "message": {
                "user": "U2BEN",
                "text": "I'll send it Monday (edited)",
                "ts": "1763000004.0",
            },
        },
    ]
    users = {"U1MARIA": MARIA, "U2BEN": BEN}
    utterances = utterances_from_messages(messages, users, own_user_ids=["UBOT"])
    assert [(u.speaker.user_id, u.text) for u in utterances] == [
        ("U1MARIA", "thread start"),
        ("U2BEN", "I'll send it Monday (edited)"),
    ]
    assert utterances[0].at == datetime.fromtimestamp(1763000000.0001, UTC)


def test_a_pasted_slack_export_is_read_as_a_conversation() -> None:
    export = (
        '[{"user": "U2BEN", "user_profile": {"display_name": "ben.o", "real_name": "Ben Okafor"},'
        f' "text": "I\'ll rotate the keys tomorrow", "ts": "{START.timestamp()}"}}]'
    )
    request = ExtractionRequest(text=export, meeting_date=TODAY, timezone="UTC")
    result = RulesExtractor().extract(request)
    assert result.format == "slack thread"
    assert [(i.task, i.owners[0].person_key, i.due) for i in result.items] == [
        ("Rotate the keys", "U2BEN", date(2026, 11, 12))
    ]


def test_an_accepted_request_reported_done_later_comes_back_done() -> None:
    thread = [
        said(KIM, "<@U2BEN> can you restart the search cluster?"),
        said(BEN, "sure, will do today", minutes=1),
        said(BEN, "done, it's back up", minutes=30),
    ]
    (item,) = _run(Thread("done later", thread, [])).items
    assert (item.task, item.owners[0].person_key, item.status) == (
        "Restart the search cluster",
        "U2BEN",
        "done",
    )


def test_a_promise_after_an_interjection_points_at_the_report_before_it() -> None:
    thread = [
        said(KIM, "FYI the login page is broken on Safari"),
        said(BEN, "ugh, I'll fix it first thing tomorrow", minutes=3),
    ]
    (item,) = _run(Thread("points back", thread, [])).items
    assert (item.task, item.due) == ("Fix the login page on Safari", date(2026, 11, 12))
