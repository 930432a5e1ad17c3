"""The rules extractor on one realistic snippet per notes format: each case is the kind
of text a team pastes, written for this table, with the items it must yield.

A case lists (task, owners, due, status) for every item, in order; nothing else may
come out. Meetings are on Wednesday 2026-11-25 unless the case says otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from textwrap import dedent

import pytest

from extractors.models import ExtractionRequest, KnownPerson
from extractors.rules import RulesExtractor

WEDNESDAY = date(2026, 11, 25)
FRIDAY = date(2026, 11, 27)


@dataclass(frozen=True)
class Case:
    name: str
    text: str
    items: list[tuple]
    """(task, owners, due) or (task, owners, due, status)."""
    mentioned: list[str] = field(default_factory=list)
    format: str = "markdown"
    people: list[KnownPerson] = field(default_factory=list)


CASES = [
    Case(
        "markdown minutes, owner-colon bullets under an action heading",
        """
        # Platform sync — 25 Nov
        Discussed the release train; Sam will look at flaky tests if time allows.

        ## Action items
        - Priya: draft the launch post by Friday
        - Marcus: book the venue for the offsite
        """,
        [
            ("Draft the launch post", ["Priya"], FRIDAY),
            ("Book the venue for the offsite", ["Marcus"], None),
        ],
        mentioned=[],
    ),
    Case(
        "plain-text heading without '#' over checkboxes",
        """
        Follow-ups
        - [ ] Priscila: renew the domain
        - [x] Tom: order the new badges
        """,
        [("Renew the domain", ["Priscila"], None), ("Order the new badges", ["Tom"], None, "done")],
    ),
    Case(
        "code-comment and short labels anywhere",
        """
        TODO(kim): archive the old bucket
        AI: Sam - call the venue
        AP1: Lars to collect the signed forms by EOD
        """,
        [
            ("Archive the old bucket", ["kim"], None),
            ("Call the venue", ["Sam"], None),
            ("Collect the signed forms", ["Lars"], WEDNESDAY),
        ],
    ),
    Case(
        "an action label in the middle of a paragraph",
        """
        We went through the vendor quotes and agreed to go with the cheaper one. ACTION: Vic to
        send the quote by 2026-12-10. Then we moved on to hiring.
        """,
        [("Send the quote", ["Vic"], date(2026, 12, 10))],
    ),
    Case(
        "'takes action to' in a bullet",
        "- Jo takes action to merge the docs PR\n- The team liked the new layout.",
        [("Merge the docs PR", ["Jo"], None)],
    ),
    Case(
        "dash owners and a completion mark under 'Action items'",
        """
        Action items:
        - Lee - draft the FAQ
        - Ana — write the release notes — done
        - Update the status page — Omar
        """,
        [
            ("Draft the FAQ", ["Lee"], None),
            ("Write the release notes", ["Ana"], None, "done"),
            ("Update the status page", ["Omar"], None),
        ],
    ),
    Case(
        "an owner/action/due table under a heading that is not about actions",
        """
        ### Week 48
        | Owner | Action | Due |
        |-------|--------|-----|
        | Dana | Renew the SSL certificate | Friday |
        | Eli | Rotate the API keys | 2026-12-01 |
        """,
        [
            ("Renew the SSL certificate", ["Dana"], FRIDAY),
            ("Rotate the API keys", ["Eli"], date(2026, 12, 1)),
        ],
    ),
    Case(
        "setext heading and numbered items with 'X to' and 'X will'",
        """
        Action Items
        ============
        1. Priya to send the survey results next week
        2. Ben will fix the broken link on the pricing page
        """,
        [
            ("Send the survey results", ["Priya"], date(2026, 12, 2)),
            ("Fix the broken link on the pricing page", ["Ben"], None),
        ],
    ),
    Case(
        "bold pseudo-heading, owners in parentheses and brackets",
        """
        **Next steps**
        * Book the room for the retro (Tom)
        * Collect feedback on the onboarding flow [ana]
        * [Chen] Prepare the budget draft
        """,
        [
            ("Book the room for the retro", ["Tom"], None),
            ("Collect feedback on the onboarding flow", ["ana"], None),
            ("Prepare the budget draft", ["Chen"], None),
        ],
    ),
    Case(
        "an e-mailed summary with an ALL CAPS heading and a sign-off",
        """
        Hi all, thanks for joining today. Quick recap below.

        ACTION ITEMS
        - jane@example.com to send the signed contract to legal
        - Raj will schedule the security review before Monday

        Thanks,
        Bob
        """,
        [
            ("Send the signed contract to legal", ["jane@example.com"], None),
            ("Schedule the security review", ["Raj"], date(2026, 11, 30)),
        ],
    ),
    Case(
        "owner and due fields in one line",
        "- Renew the support contract. Owner: Kim. Due: 12/15",
        [("Renew the support contract", ["Kim"], date(2026, 12, 15))],
    ),
    Case(
        "last meeting's review is not this meeting's work",
        """
        ## Review of last week's action items
        - [x] Sam: publish the changelog
        - [ ] Ola: fix the nightly build — carried over

        ## Action items
        - Ola: fix the nightly build by Monday
        """,
        [("Fix the nightly build", ["Ola"], date(2026, 11, 30))],
    ),
    Case(
        "struck-through and cancelled entries are not open",
        """
        ## To-dos
        - ~~Book the caterer~~ (Mia)
        - Call the printer (cancelled) — Mia
        - Mia to confirm the headcount
        """,
        [
            ("Book the caterer", ["Mia"], None, "done"),
            ("Call the printer", ["Mia"], None, "cancelled"),
            ("Confirm the headcount", ["Mia"], None),
        ],
    ),
    Case(
        "outcomes in the past tense are statuses, not tasks",
        """
        Standup notes
        - Sam sent the quote to the client
        - Deployed the hotfix to production ✅
        - Lena will update the dashboard tomorrow
        """,
        [("Update the dashboard", ["Lena"], date(2026, 11, 26))],
    ),
    Case(
        "two owners' tasks in one action line",
        "ACTION: Ana to book the room. Ben to order the food by Friday.",
        [("Book the room", ["Ana"], None), ("Order the food", ["Ben"], FRIDAY)],
    ),
    Case(
        "owners as sub-headings of the action list",
        """
        ## Action items
        ### Ana
        - Book the room
        ### Ben Ode
        - Order the food
        """,
        [("Book the room", ["Ana"], None), ("Order the food", ["Ben Ode"], None)],
    ),
    Case(
        "Slack mrkdwn pasted as notes",
        """
        *Action items*
        • <@U123|maria> to update the runbook
        • _Ben_ — check the error logs
        """,
        [("Update the runbook", ["maria"], None), ("Check the error logs", ["Ben"], None)],
    ),
    Case(
        "org-mode TODO and DONE headings",
        """
        * Planning
        ** TODO Renew the domain before it lapses
        ** DONE Send the invoices
        """,
        [
            ("Renew the domain before it lapses", [], None),
            ("Send the invoices", [], None, "done"),
        ],
    ),
    Case(
        "a document export's person chips",
        """
        Next steps
        @Alice Smith review the proposal by Friday
        @Bo Lin share the budget sheet
        """,
        [
            ("Review the proposal", ["@Alice Smith"], FRIDAY),
            ("Share the budget sheet", ["@Bo Lin"], None),
        ],
    ),
    Case(
        "dates and dependencies leave the task",
        """
        ## Action items
        - Kim: build the mobile checkout screen by next Wednesday, blocked by the invoicing API
        - Leo: ship the invoicing API by Monday
        """,
        [
            ("Build the mobile checkout screen", ["Kim"], date(2026, 12, 2)),
            ("Ship the invoicing API", ["Leo"], date(2026, 11, 30)),
        ],
    ),
    Case(
        "an explicit date wins over a quarter word",
        "ACTION: Omar to prepare the Q3 budget review by 2026-12-04",
        [("Prepare the Q3 budget review", ["Omar"], date(2026, 12, 4))],
    ),
    Case(
        "untagged promises in notes without a list are the items",
        """
        Quick sync with design
        Maria will send the mockups by Thursday.
        I'll check the analytics numbers — Ben
        We talked about the color palette for a while.
        """,
        [("Send the mockups", ["Maria"], date(2026, 11, 26))],
    ),
    Case(
        "untagged promises beside an action list are only mentioned",
        """
        Ravi will look into the flaky test on CI.

        ## Action items
        - Mia to rotate the API keys
        """,
        [("Rotate the API keys", ["Mia"], None)],
        mentioned=["Look into the flaky test on CI"],
    ),
    Case(
        "IRC meetbot log",
        """
        [14:00] <zed> #topic release planning
        [14:02] <nick> I think we are ready for rc1
        [14:03] <zed> #action nick to bump the version
        [14:04] <amy> #action amy to announce the freeze on the list
        """,
        [("Bump the version", ["nick"], None), ("Announce the freeze on the list", ["amy"], None)],
        format="chat log",
    ),
    Case(
        "WebVTT with voice tags",
        """
        WEBVTT

        00:00:01.000 --> 00:00:04.000
        <v Ana Lima>Okay, I'll send the rollout plan by Friday.</v>

        00:00:05.000 --> 00:00:08.000
        <v Ben Ode>Sounds good. I can take the vendor follow-up.</v>
        """,
        [
            ("Send the rollout plan", ["Ana Lima"], FRIDAY),
            ("Take the vendor follow-up", ["Ben Ode"], None),
        ],
        format="transcript",
    ),
    Case(
        "SRT captions with speaker prefixes",
        """
        1
        00:00:01,000 --> 00:00:03,000
        Kim: let me put the budget sheet together by Thursday.

        2
        00:00:04,000 --> 00:00:06,500
        Leo: thanks, that helps.
        """,
        [("Put the budget sheet together", ["Kim"], date(2026, 11, 26))],
        format="transcript",
    ),
    Case(
        "a meeting export with names and times above each turn",
        """
        Ana Lima  0:05
        So the main thing is the migration.

        Ben Ode  0:41
        I'm going to write the rollback script tomorrow.
        """,
        [("Write the rollback script", ["Ben Ode"], date(2026, 11, 26))],
        format="transcript",
    ),
    Case(
        "'Speaker: text' transcript with timestamps",
        """
        [00:01:10] Maria: we still need someone on the vendor contract
        [00:01:22] Joe: I will review the vendor contract next week.
        [00:01:40] Maria: great, thanks
        [00:02:05] Joe: also the slides are done
        """,
        [("Review the vendor contract", ["Joe"], date(2026, 12, 2))],
        format="transcript",
    ),
    Case(
        "a todo list with the date after a dash",
        """
        TODO
        - rotate the API keys (Olu) - Dec 9
        - clean up the staging buckets - Wen - 12/3
        """,
        [
            ("Rotate the API keys", ["Olu"], date(2026, 12, 9)),
            ("Clean up the staging buckets", ["Wen"], date(2026, 12, 3)),
        ],
    ),
    Case(
        "end of day on a weekday is that weekday",
        """
        Next steps
        - Rui: send the draft agenda by EOD Tuesday
        """,
        [("Send the draft agenda", ["Rui"], date(2026, 12, 1))],
    ),
    Case(
        "an action stated as a fact, with a start date that is no deadline",
        """
        Retro
        Action: Noor runs the on-call handover, starting next Monday
        """,
        [("Run the on-call handover, starting next Monday", ["Noor"], None)],
    ),
    Case(
        "a word of sequence before the owner in a standup",
        """
        Standup
        - Dev: fixed the flaky upload test
        - Then: Ines to pair with Dev on the parser by Friday
        """,
        [("Pair with Dev on the parser", ["Ines"], FRIDAY)],
    ),
    Case(
        "a promise reported by someone else",
        """
        Notes from the sync
        Teo said he'd book the rehearsal room for Thursday.
        """,
        [("Book the rehearsal room", ["Teo"], date(2026, 11, 26))],
    ),
    Case(
        "a numbered list whose entries name owners in different ways, under any heading",
        """
        Weekly ops
        1) Renew the parking permits -- owner: Tess, due: 12/15
        2) Printer lease => Abe
        3) Update the fire drill plan (Jun) by COB Thursday
        """,
        [
            ("Renew the parking permits", ["Tess"], date(2026, 12, 15)),
            ("Printer lease", ["Abe"], None),
            ("Update the fire drill plan", ["Jun"], date(2026, 11, 26)),
        ],
    ),
    Case(
        "checkbox glyphs from a word processor",
        """
        Before the offsite
        ☐ Book the coach — Ula
        ☑ Send the packing list — Vik
        """,
        [("Book the coach", ["Ula"], None), ("Send the packing list", ["Vik"], None, "done")],
    ),
    Case(
        "formal minutes: initials, agreed that someone would",
        """
        Minutes of the committee
        Present: R. Patel, S. Green
        Item 2: Accounts. S. Green to file the annual return before the deadline.
        Item 3: Hall hire. It was agreed that R. Patel would ask the council about fees.
        """,
        [
            ("File the annual return before the deadline", ["S. Green"], None),
            ("Ask the council about fees", ["R. Patel"], None),
        ],
    ),
    Case(
        "a week named by its first day",
        """
        Marketing sync
        Kit: will send the banner drafts w/c 7 Dec
        """,
        [("Send the banner drafts", ["Kit"], date(2026, 12, 7))],
    ),
    Case(
        "a tracker's fields, one per line, under the action",
        """
        Action item: Refresh the partner price list
        Responsible: Ines
        Deadline: Dec 11
        """,
        [("Refresh the partner price list", ["Ines"], date(2026, 12, 11))],
    ),
    Case(
        "an e-mail of requests to named people",
        """
        Subject: after Tuesday's review
        Hi all,
        Oona - please send me the revised floor plan by Friday.
        Piet, can you order the spare badges?
        Thanks
        """,
        [
            ("Send me the revised floor plan", ["Oona"], FRIDAY),
            ("Order the spare badges", ["Piet"], None),
        ],
    ),
    Case(
        "a transcript where a request by first name is accepted",
        """
        00:00:05 Rhea Stone: Let's get going.
        00:03:10 Rhea Stone: Sol, could you send round the slides afterwards?
        00:03:14 Sol Marsh: Sure.
        00:03:30 Rhea Stone: And could you say a word about hiring?
        00:03:33 Sol Marsh: Yes, we have two offers out.
        """,
        [("Send round the slides afterwards", ["Sol Marsh"], None)],
        format="transcript",
    ),
    Case(
        "a chat app's transcript: time, then 'Last, First', then what they said",
        """
        [10:02 AM] Quill, Nadia
        I will send the contract to legal this afternoon.
        [10:03 AM] Bose, Arun
        Thanks Nadia. I'll review the statement of work tomorrow.
        """,
        [
            ("Send the contract to legal", ["Nadia Quill"], WEDNESDAY),
            ("Review the statement of work", ["Arun Bose"], date(2026, 11, 26)),
        ],
        format="transcript",
    ),
    Case(
        "a tracker checklist: handles first, ticket ids, person chips and dates last",
        """
        ## Action items
        - [ ] @sven review #412 before the release
        - [ ] [OPS-88] Fix the login redirect (assignee: @tali)
        - [ ] Update the status page @Mira Holt Nov 30, 2026
        """,
        [
            ("Review #412 before the release", ["@sven"], None),
            ("[OPS-88] Fix the login redirect", ["@tali"], None),
            ("Update the status page", ["@Mira Holt"], date(2026, 11, 30)),
        ],
    ),
    Case(
        "one person written three ways is one owner: a restatement merges into the list",
        """
        ## Discussion
        - Roadmap (Dana Ruiz, @danaruiz): Dana will publish the roadmap draft
        ## Action items
        - [ ] @danaruiz publish the roadmap draft
        - [ ] @okafor publish the roadmap draft for mobile
        """,
        [
            ("Publish the roadmap draft", ["@danaruiz"], None),
            ("Publish the roadmap draft for mobile", ["@okafor"], None),
        ],
    ),
    Case(
        "an incident review's numbered follow-ups with fields between dashes",
        """
        Incident review: login outage
        Follow-up actions:
        1. Add alerting on queue depth — owner: Yara — due 12/05
        2. Rotate the signing keys [DONE]
        """,
        [
            ("Add alerting on queue depth", ["Yara"], date(2026, 12, 5)),
            ("Rotate the signing keys", [], None, "done"),
        ],
    ),
    Case(
        "lines that address people are separate requests",
        """
        Open asks
        @wren please update the changelog by tomorrow
        @oskar can you archive the old dashboards
        """,
        [
            ("Update the changelog", ["@wren"], date(2026, 11, 26)),
            ("Archive the old dashboards", ["@oskar"], None),
        ],
    ),
    Case(
        "terse follow-ups: a name, then the task in the imperative; outcomes left out",
        """
        Standup notes
        Alex: finished the importer, blocked on staging creds
        Follow ups
        * Bea get staging creds for Alex
        * Carl + Bea write up the cache design by Monday
        * Review the flaky test list
        * Docs updated last week
        """,
        [
            ("Get staging creds for Alex", ["Bea"], None),
            ("Write up the cache design", ["Carl", "Bea"], date(2026, 11, 30)),
            ("Review the flaky test list", [], None),
        ],
    ),
    Case(
        "TODO lines naming the owner before an imperative",
        """
        Vendor call recap
        They can deliver the SDK beta by the 20th.
        TODO: Sam send them our API spec
        TODO: @lena.k request the SOC2 report
        """,
        [("Send them our API spec", ["Sam"], None), ("Request the SOC2 report", ["@lena.k"], None)],
    ),
    Case(
        "e-mail recap signed by its writer: the writer's 'I'll' is theirs",
        """
        Hi all,

        Thanks for joining the kickoff. Scope is frozen for v1.

        Next steps:
        1. Jordan to confirm pricing with finance by Friday
        2. I'll circulate the project plan tomorrow

        Thanks, everyone!
        Maya
        """,
        [
            ("Confirm pricing with finance", ["Jordan"], FRIDAY),
            ("Circulate the project plan", ["Maya"], date(2026, 11, 26)),
        ],
    ),
    Case(
        "e-mail with a From header and no list: the writer's promise in prose",
        """
        From: Jo Park <jo@example.org>
        Subject: vendor renewal

        Quick update on the renewal: the vendor now wants a signed order form before
        they invoice. I will send the order form to legal by Friday.
        """,
        [("Send the order form to legal", ["Jo Park"], FRIDAY)],
    ),
    Case(
        "a first-person next step in unsigned notes keeps its task, owned by nobody",
        """
        Next steps
        - I'll book the room for the offsite
        """,
        [("Book the room for the offsite", [], None)],
    ),
    Case(
        "a chat log of timed 'handle: text' lines",
        """
        [10:02] maya: standup in 5
        [10:15] raj: deploy to staging is blocked on the db migration
        [10:16] maya: @lena can you take a look at the migration today?
        [10:20] lena: yep on it
        [10:31] raj: I'll update the runbook once it's fixed
        """,
        [
            ("Take a look at the migration", ["lena"], WEDNESDAY),
            ("Update the runbook once it's fixed", ["raj"], None),
        ],
        format="chat log",
    ),
    Case(
        "a chat log of 'handle: text' lines without times; a 'note:' line is no speaker",
        """
        maya: the vendor still hasn't sent the invoice
        oskar: I'll chase them tomorrow
        note: invoices go to finance@
        maya: thanks
        """,
        [("Chase them", ["oskar"], date(2026, 11, 26))],
        format="chat log",
    ),
    Case(
        "org-mode entries: keywords, priority, tags, deadline line and drawer",
        """
        * Ops
        ** TODO [#A] Renew the TLS certs for staging    :ops:
           DEADLINE: <2026-12-03 Thu>
           :PROPERTIES:
           :ID: 42
           :END:
        ** DONE Migrate DNS to the new provider
        ** CANCELLED Buy the spare switch
        ** NEXT Draft the capacity plan (Ahmed)
        """,
        [
            ("Renew the TLS certs for staging", [], date(2026, 12, 3)),
            ("Migrate DNS to the new provider", [], None, "done"),
            ("Buy the spare switch", [], None, "cancelled"),
            ("Draft the capacity plan", ["Ahmed"], None),
        ],
    ),
    Case(
        "a plain-text table lined up with spaces, read by its header",
        """
        Follow-ups
        Action                              Owner              Due
        Rotate the signing key              Ivo Petrov         Dec 2
        Write the customer FAQ              Noa (support)      Dec 4
        Add a canary for the EU region      unassigned         -

        Notes
        - The old key was revoked on Monday.
        """,
        [
            ("Rotate the signing key", ["Ivo Petrov"], date(2026, 12, 2)),
            ("Write the customer FAQ", ["Noa"], date(2026, 12, 4)),
            ("Add a canary for the EU region", [], None),
        ],
    ),
    Case(
        "arrows as bullets in quick notes, owners stated as a fact",
        """
        Actions from this retro
          → Tomas writes the release checklist by Friday
          -> Wen adds a smoke test for the upload path
        """,
        [
            ("Write the release checklist", ["Tomas"], FRIDAY),
            ("Add a smoke test for the upload path", ["Wen"], None),
        ],
    ),
    Case(
        "a status report: asks of named people, next steps by people and teams",
        """
        Weekly status: Checkout v3

        Risks
        * The payment provider's sandbox is down half the time.

        Asks
        * Rui (platform): sign-off on the new queue limits by Friday

        Next steps
        * Dana resubmits the app build after the icons are signed off.
        * Android team to expand the beta to 500 users
        """,
        [
            ("Sign-off on the new queue limits", ["Rui"], FRIDAY),
            ("Resubmit the app build", ["Dana"], None),
            ("Expand the beta to 500 users", ["Android team"], None),
        ],
    ),
    Case(
        "a Slack channel copied from the desktop app: full-name mentions, an aside first",
        """
        Maya Chen  10:42 AM
        hey @Jonas Berg can you fix the signup dashboard? numbers look off since Sunday
        Jonas Berg  10:44 AM
        yep, on it
        Amira Haddad  11:15 AM
        while we're here — @Maya Chen could you send me the pricing brief?
        Maya Chen  11:16 AM
        on it, will send by tomorrow morning
        """,
        [
            ("Fix the signup dashboard", ["Jonas Berg"], None),
            ("Send Amira Haddad the pricing brief", ["Maya Chen"], date(2026, 11, 26)),
        ],
        format="transcript",
    ),
    Case(
        "quick notes typed in lower case: names in lower case, one statement per line",
        """
        sync w/ support - wed
        - refund macro still confusing, rewrite pending
        - churn dashboard is slow again -> tariq to profile the query by fri
        - empty states missing for the refund page -> priya to mock up
        - jana: check w/ finance re: the refund limits
        - lee + omar: draft the escalation policy
        - ci slow again (40 min). ines to ping platform about the runners
        - next sync after the release
        """,
        [
            ("Profile the query", ["Tariq"], FRIDAY),
            ("Mock up empty states for the refund page", ["Priya"], None),
            ("Check w/ finance re: the refund limits", ["Jana"], None),
            ("Draft the escalation policy", ["Lee", "Omar"], None),
            ("Ping platform about the runners", ["Ines"], None),
        ],
    ),
    Case(
        "minutes typed in capitals: actions with initials and surnames",
        """
        FACILITIES COMMITTEE - BUILDING C
        DATE: 25 NOV 2026
        PRESENT: A. OKAFOR (CHAIR), L. BERG, T. NAKAMURA

        1. LOADING DOCK
        THE DOOR SENSOR FAILED TWICE THIS MONTH.
        ACTION: L. BERG TO ORDER A REPLACEMENT SENSOR BY 2 DEC.

        2. AOB
        ACTION: T. NAKAMURA AND A. OKAFOR TO WALK THE FIRE ROUTES.
        """,
        [
            ("Order a replacement sensor", ["L. Berg"], date(2026, 12, 2)),
            ("Walk the fire routes", ["T. Nakamura", "A. Okafor"], None),
        ],
    ),
    Case(
        "an AI meeting summary: a titled step restated as a sentence with its owner",
        """
        Meeting summary
        The team aligned on the launch scope.

        Suggested next steps
        • [Omar Haddad] Book lab: Omar Haddad will book the research lab for Friday.
        • Li Wei and Maya Chen will review the consent text with legal.
        """,
        [
            ("Book the research lab", ["Omar Haddad"], FRIDAY),
            ("Review the consent text with legal", ["Li Wei", "Maya Chen"], None),
        ],
    ),
    Case(
        "a document template's checkboxes: a person chip, a capital verb, a date after a comma",
        """
        Action items
        - [ ] @Omar Haddad Send the prototype link to research
        - [ ] Maya Chen — book the usability lab, Dec 8
        ☐ Ana Lima Update the FAQ page
        """,
        [
            ("Send the prototype link to research", ["@Omar Haddad"], None),
            ("Book the usability lab", ["Maya Chen"], date(2026, 12, 8)),
            ("Update the FAQ page", ["Ana Lima"], None),
        ],
    ),
    Case(
        "an e-mail's next steps: a request to anyone, taken by someone named",
        """
        From: Ben Adeyemi <ben@example.org>

        Next steps:
        - Carmen (carmen@example.org) will open a case with the cloud vendor.
        - Could someone confirm which jobs still use the old API? Haruto said he'd check.

        Thanks,
        Ben
        """,
        [
            ("Open a case with the cloud vendor", ["Carmen"], None),
            ("Confirm which jobs still use the old API", ["Haruto"], None),
        ],
    ),
    Case(
        "org-mode entries tagged with people",
        """
        * Tasks
        ** TODO Send the CFP reminder to the list                      :Marta:
        ** TODO Chase the pending sponsors                       :Amadou:Elena:
        ** TODO Renew the venue insurance                                 :ops:
        """,
        [
            ("Send the CFP reminder to the list", ["Marta"], None),
            ("Chase the pending sponsors", ["Amadou", "Elena"], None),
            ("Renew the venue insurance", [], None),
        ],
    ),
    Case(
        "a postmortem's follow-up table, the last row unowned, a list under the next heading",
        """
        ## Follow-up items
        | # | Item | Owner | Priority | Ticket |
        |---|------|-------|----------|--------|
        | 1 | Add memory limits to the gateway pods | @dmitri | P1 | INFRA-221 |
        | 2 | Update the runbook with the rollback steps for config pushes | TBD | P2 | |

        ## Lessons learned
        - Config pushes need a canary.
        """,
        [
            ("Add memory limits to the gateway pods", ["@dmitri"], None),
            ("Update the runbook with the rollback steps for config pushes", [], None),
        ],
    ),
    Case(
        "corrective actions with owner fields in parentheses and owners in brackets",
        """
        Corrective actions
        1. Rewrite the failover script for two regions (owner: Priya, due 12/10)
        2. Page the DB on-call for replica lag over 30s [Jun]
        """,
        [
            ("Rewrite the failover script for two regions", ["Priya"], date(2026, 12, 10)),
            ("Page the DB on-call for replica lag over 30s", ["Jun"], None),
        ],
    ),
    Case(
        "a transcript: a need said, then asked of someone named at the end, who accepts",
        """
        Anneke Visser: We also need the floor markings on dock 4 repainted. Can you take that, Raj?
        Raj Patel: Yep.
        Camila Souza: On training, the refresher module is live.
        Anneke Visser: Good, thanks all.
        """,
        [("Repaint the floor markings on dock 4", ["Raj Patel"], None)],
        format="transcript",
    ),
    Case(
        "owners as bullets over their tasks, without a colon; a topic over tasks owns none",
        """
        Action items
        - Sam Ortiz
          - send the deck to the board
          - book the room for the offsite
        - Priya & Omar
          - draft the FAQ
        - Billing
          - order the banners
        - Venue and signage
          - print the badges
        """,
        [
            ("Send the deck to the board", ["Sam Ortiz"], None),
            ("Book the room for the offsite", ["Sam Ortiz"], None),
            ("Draft the FAQ", ["Priya", "Omar"], None),
            ("Order the banners", [], None),
            ("Print the badges", [], None),
        ],
    ),
    Case(
        "a channel copied from the app: name and time on lines of their own, chrome blanked",
        """
        Ines Moreau
        10:42 AM
        @Kai Tanaka could you rotate the staging keys before Friday?
        Kai Tanaka
        10:44 AM
        yep, on it (edited)
        :+1: 1
        Ines Moreau
        10:50 AM
        thanks 🙏 and I'll update the runbook after that
        3 replies
        Kai Tanaka
        11:30 AM
        rotated ✅
        """,
        [
            ("Rotate the staging keys", ["Kai Tanaka"], FRIDAY, "done"),
            ("Update the runbook after that", ["Ines Moreau"], None),
        ],
        format="transcript",
    ),
    Case(
        "an action title, then each person's name on a line of its own over their tasks",
        """
        Action items
        Priya Nair
        - Share the updated migration timeline
        - Book the review with security
        Omar Haddad
        - Confirm the vendor SLA by Friday
        Unassigned
        - Decide on the logging vendor
        """,
        [
            ("Share the updated migration timeline", ["Priya Nair"], None),
            ("Book the review with security", ["Priya Nair"], None),
            ("Confirm the vendor SLA", ["Omar Haddad"], FRIDAY),
            ("Decide on the logging vendor", [], None),
        ],
    ),
]


def _run(case: Case):
    request = ExtractionRequest(
        text=dedent(case.text).strip("\n"), meeting_date=WEDNESDAY, people=case.people
    )
    return RulesExtractor().extract(request)


def _shape(item) -> tuple:
    row = (item.task, [o.name for o in item.owners], item.due)
    return row if item.status == "open" else (*row, item.status)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_format_case_yields_exactly_its_items(case: Case) -> None:
    result = _run(case)
    assert [_shape(i) for i in result.items] == case.items
    assert [i.task for i in result.mentioned] == case.mentioned
    assert result.format == case.format
