"""Behaviour of the offline rules extractor, on small hand-written notes."""

from __future__ import annotations

from datetime import date
from textwrap import dedent

import pytest

from extractors.models import ExtractionRequest, KnownPerson, KnownProject
from extractors.rules import RulesExtractor

WEDNESDAY = date(2026, 11, 25)


def run(text: str, **kwargs):
    request = ExtractionRequest(text=dedent(text).strip("\n"), meeting_date=WEDNESDAY, **kwargs)
    return RulesExtractor().extract(request)


def owners(item) -> list[str]:
    return [o.name for o in item.owners]


def test_action_section_name_colon_bullets_give_owner_and_task():
    result = run(
        """
        # Weekly sync
        Talked about the launch.

        ## Action Items
        * Priya: Draft the **launch** post
        * Marcus: Book the [venue](https://example.com)
        """
    )
    assert [(owners(i), i.task) for i in result.items] == [
        (["Priya"], "Draft the launch post"),
        (["Marcus"], "Book the venue"),
    ]
    assert result.items[0].evidence == (5, 5)
    assert result.extractor == "rules"


def test_inline_action_repeated_in_section_comes_out_once_with_section_owner():
    result = run(
        """
        ## Action items
        - Priya to write the migration guide

        ## Notes
        Long discussion of the guide.
        ACTION: write the migration guide
        """
    )
    assert len(result.items) == 1
    assert owners(result.items[0]) == ["Priya"]


def test_untagged_commitments_are_ignored_when_notes_tag_actions():
    result = run(
        """
        Ravi will look into the flaky test.
        ACTION: Mia to rotate the API keys.
        """
    )
    assert [i.task for i in result.items] == ["Rotate the API keys"]


def test_untagged_commitments_count_when_nothing_is_tagged():
    result = run(
        """
        Ravi will look into the flaky test on CI.
        Sam: I'll send the deck to the board by Friday.
        """
    )
    by_owner = {owners(i)[0]: i for i in result.items}
    assert set(by_owner) == {"Ravi", "Sam"}
    assert by_owner["Sam"].due == date(2026, 11, 27)
    assert all(i.confidence < 0.85 for i in result.items)


def test_previous_meeting_action_review_is_skipped():
    result = run(
        """
        # Review of action items from last meeting
        - Ola to fix the build - done

        # Action items
        - Ola to publish the release notes
        """
    )
    assert [i.task for i in result.items] == ["Publish the release notes"]


def test_action_labels_without_a_task_are_dropped():
    result = run(
        """
        Topic one. ACTION: none
        ACTION: none
        Actions: PR landed
        """
    )
    assert result.items == []


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("ACTION: Ann / Bo to fix the docs", ["Ann", "Bo"]),
        ("ACTION: Ann & Bo to fix the docs", ["Ann", "Bo"]),
        ("ACTION: Ann and Bo to fix the docs", ["Ann", "Bo"]),
        ("ACTION: fix the docs (Dan?)", ["Dan"]),
        ("ACTION: fix the docs (?)", []),
        ("ACTION: fix the docs (Lead: Kim Lee)", ["Kim Lee"]),
        ("ACTION: fix the docs [Ann & Bo]", ["Ann", "Bo"]),
        ("ACTION: [TBD] fix the docs", []),
        ("Action item for Joe: fix the docs", ["Joe"]),
    ],
)
def test_owner_forms(line, expected):
    (item,) = run(line).items
    assert owners(item) == expected
    assert item.task.lower().startswith("fix the docs")


def test_slack_mention_resolves_to_known_person_key():
    people = [KnownPerson(key="U42", name="Grace Hopper", aliases=["grace"])]
    result = run("• <@U42|grace> to ship the compiler fix", people=people)
    (item,) = result.items
    assert item.owners[0].person_key == "U42"
    assert item.task == "Ship the compiler fix"


def test_written_first_name_resolves_to_known_person():
    people = [KnownPerson(key="P1", name="Grace Hopper")]
    (item,) = run("ACTION: Grace to review the RFC", people=people).items
    assert item.owners[0].name == "Grace"
    assert item.owners[0].person_key == "P1"


@pytest.mark.parametrize(
    ("phrase", "due"),
    [
        ("by EOW", date(2026, 11, 27)),
        ("by end of week", date(2026, 11, 27)),
        ("next week", date(2026, 12, 2)),
        ("on Monday", date(2026, 11, 30)),
        ("by Friday", date(2026, 11, 27)),
        ("by next Friday", date(2026, 12, 4)),
        ("next Monday", date(2026, 11, 30)),
        ("(Fri)", date(2026, 11, 27)),
        ("by Thurs", date(2026, 11, 26)),
        ("tomorrow", date(2026, 11, 26)),
        ("by EOM", date(2026, 11, 30)),
        ("by end of year", date(2026, 12, 31)),
        ("by 12/4", date(2026, 12, 4)),
        ("by mid-April", date(2027, 4, 15)),
        ("in Q2", date(2027, 6, 30)),
        ("by Dec 10", date(2026, 12, 10)),
        ("by the 15th", date(2026, 12, 15)),
        ("on the 1st", date(2026, 12, 1)),
        ("by Fri 12/4", date(2026, 12, 4)),
        ("by Wed 9th", date(2026, 12, 9)),
        ("tmrw", date(2026, 11, 26)),
        ("this Fri", date(2026, 11, 27)),
        ("by end of next week", date(2026, 12, 4)),
        ("in two days", date(2026, 11, 27)),
        ("by end of day tomorrow", date(2026, 11, 26)),
        ("by EOD Monday", date(2026, 11, 30)),
        ("this afternoon", date(2026, 11, 25)),
        ("w/c 7 Dec", date(2026, 12, 7)),
        ("by end of next month", date(2026, 12, 31)),
        ("within 48 hours", date(2026, 11, 27)),
        ("tomorrow morning", date(2026, 11, 26)),
    ],
)
def test_due_phrases_resolve_against_meeting_date(phrase, due):
    (item,) = run(f"ACTION: Ann to send the report {phrase}").items
    assert item.due == due
    assert item.due_phrase


def test_an_impossible_written_date_is_reported_even_without_a_cue():
    result = run("ACTION: Ann to send the report 2026-02-30")
    assert result.items[0].due is None
    assert any("'2026-02-30' is not a real date" in w for w in result.warnings)


def test_starting_monday_is_not_a_deadline():
    (item,) = run("ACTION: Ann to run the standups starting Monday").items
    assert item.due is None


def test_by_next_call_uses_the_next_meeting_date_in_the_notes():
    result = run(
        """
        ACTION: Ann to collect speakers by next call.

        Next meeting: 2026-12-09
        """
    )
    assert result.items[0].due == date(2026, 12, 9)


def test_webvtt_transcript_commitment_is_owned_by_the_speaker():
    result = run(
        """
        WEBVTT

        1
        00:00:01.000 --> 00:00:05.000
        <v Lena Fischer>I'll send the budget sheet tomorrow.</v>

        2
        00:00:06.000 --> 00:00:09.000
        <v Omar>Sounds good to me.</v>
        """
    )
    (item,) = result.items
    assert owners(item) == ["Lena Fischer"]
    assert item.due == date(2026, 11, 26)
    assert item.evidence == (5, 5)


def test_wrapped_action_paragraph_spans_its_lines():
    (item,) = run(
        """
        *ACTION ITEM*: Jo to update the rationale document and
        post it on the new site
        """
    ).items
    assert item.evidence == (1, 2)
    assert item.task.endswith("post it on the new site")


def test_checklist_with_handle_and_nested_topics_is_one_item():
    result = run(
        """
        # Action items
        - [ ] @kim to start discussions about:
           - meeting time
           - recording policy
        - [ ] @kim to book the room
        """
    )
    assert [owners(i) for i in result.items] == [["@kim"], ["@kim"]]
    assert "recording policy" in result.items[0].task
    assert result.items[0].evidence == (2, 4)


def test_owner_subheadings_in_action_section():
    result = run(
        """
        ## Action Items
        ### Noor
        - Refactor the parser
        ### Team
        - Test the new endpoint
        """
    )
    assert [owners(i) for i in result.items] == [["Noor"], ["Team"]]


def test_table_in_action_section_uses_the_task_cell():
    result = run(
        """
        ## Actions Required
        Item | Description
        --|--
        **7.1** | Lee to merge the testnet config
        """
    )
    (item,) = result.items
    assert owners(item) == ["Lee"]
    assert item.task == "Merge the testnet config"


def test_project_dependency_and_signal():
    projects = [KnownProject(name="Apollo", aliases=["apl"])]
    result = run(
        """
        ACTION: Ann to finish the Apollo importer, blocked by the auth rewrite.
        Apollonia has a budget cut of 10% this quarter.
        The search feature was descoped.
        """,
        projects=projects,
    )
    (item,) = result.items
    assert item.project == "Apollo"
    assert [(d.kind, d.target) for d in item.dependencies] == [("blocked_by", "the auth rewrite")]
    assert [(s.kind, s.line, s.project) for s in result.signals] == [
        ("budget_shift", 2, None),
        ("scope_change", 3, None),
    ]


def test_attendance_checklist_is_not_an_action():
    result = run(
        """
        Attendance
        * [ ] Gordon Bradley, Autodesk
        * [x] Ann Lee, Acme
        """
    )
    assert result.items == []


def test_project_named_in_a_dependency_is_not_the_items_own_project():
    projects = [KnownProject(name="Billing"), KnownProject(name="Mobile")]
    result = run(
        "ACTION: Ben to update the Mobile login screen, blocked by Billing",
        projects=projects,
    )
    (item,) = result.items
    assert item.project == "Mobile"
    assert [d.target_project for d in item.dependencies] == ["Billing"]


def test_action_paragraph_opening_with_no_action_still_gives_the_owned_task():
    result = run("Actions: No action on the draft yet. Kim to ping the reviewers.")
    assert [(owners(i), i.task) for i in result.items] == [(["Kim"], "Ping the reviewers")]


def test_similar_inline_actions_about_different_things_are_both_kept():
    result = run(
        """
        Action item: Lee to write a design note on caching in the gateway.

        Action item: Lee to write a design note on retries in the gateway.
        """
    )
    assert [i.task for i in result.items] == [
        "Write a design note on caching in the gateway",
        "Write a design note on retries in the gateway",
    ]


def test_tasks_citing_the_same_repository_link_are_not_duplicates():
    result = run(
        """
        ## Action items
        - Ann to close https://example.com/org/repo/issues/1
        - Bo to triage the labels in https://example.com/org/repo/issues/2
        """
    )
    assert len(result.items) == 2


def test_group_can_own_a_tagged_action():
    (item,) = run("ACTION: GROUP to review the glossary before the next meeting").items
    assert owners(item) == ["GROUP"]


def test_bracketed_code_is_not_read_as_an_owner():
    result = run("* [ ] [Stabilize the `#[foo]` attribute #12](https://example.com/12)")
    assert all(not owners(i) for i in result.items)


def test_horizontal_rule_ends_the_action_section():
    result = run(
        """
        ## Action items
        - Ann to send the invite

        ---

        Welcome everyone
        Roadmap review
        """
    )
    assert [i.task for i in result.items] == ["Send the invite"]


def test_sub_bullet_owners_are_not_replaced_by_the_parent_topic():
    result = run(
        """
        ### Action items
        - [ ] Partner outreach.
          - Ana: Acme.
          - Raj: Globex, Initech.
        """
    )
    assert [owners(i) for i in result.items] == [["Ana"], ["Raj"]]


def test_follow_up_bullet_with_owner_in_parentheses_is_an_action():
    result = run(
        """
        * Security review
            * Follow up: renew the scanner licence (Ops)
        """
    )
    assert [(owners(i), i.task) for i in result.items] == [(["Ops"], "Renew the scanner licence")]


def test_next_steps_label_does_not_silence_untagged_commitments():
    result = run(
        """
        - **Docs**: Priya agreed to document the payload format.
        - **Next steps**: The team decided to ask the operators.
        """
    )
    assert [i.task for i in result.items] == [
        "Document the payload format",
        "The team decided to ask the operators",
    ]


def test_adjective_or_gerund_before_to_is_not_an_owner():
    result = run(
        """
        Easy to write a scheduler with subtle bugs.
        Allowing writes to work as in a normal contract.
        Happy to take a look at the patch later.
        """
    )
    assert result.items == []


def test_plans_to_is_a_commitment():
    (item,) = run("Ravi plans to curate the proposals into a shortlist.").items
    assert (owners(item), item.task) == (["Ravi"], "Curate the proposals into a shortlist")


def test_summary_table_cells_are_read_as_prose():
    result = run(
        """
        | # | Description |
        |---|---|
        | 1 | **Naming** Ravi reported 40 proposals. Ravi plans to curate them. |
        """
    )
    assert [(owners(i), i.evidence) for i in result.items] == [(["Ravi"], (3, 3))]


def test_line_numbers_count_only_real_line_breaks():
    result = run("Intro\u2029still the first line\nACTION: Ann to send the deck")
    assert result.items[0].evidence == (2, 2)


def test_short_untagged_task_names_the_topic_it_sits_under():
    result = run(
        """
        * [Cache eviction bug #12](https://example.com/12)
            * seems to be a race in the sweeper
            * Lena will leave a comment.
        """
    )
    assert [(i.task, i.topic) for i in result.items] == [
        ("Leave a comment", "Cache eviction bug #12")
    ]


def test_short_task_under_a_generic_heading_stays_as_written():
    (item,) = run("# Meeting notes\nACTION: Omar to follow up.").items
    assert item.task == "Follow up"


def test_spoken_lead_ins_do_not_hide_a_commitment_in_a_transcript():
    result = run(
        """
        Ana Lima   0:03
        Okay so I'll send the rollout plan by Friday.

        Ben Ode   0:10
        Sounds good, I will book the load test next week.
        """
    )
    assert [(i.task, owners(i), i.due) for i in result.items] == [
        ("Send the rollout plan", ["Ana Lima"], date(2026, 11, 27)),
        ("Book the load test", ["Ben Ode"], date(2026, 12, 2)),
    ]


def test_a_task_that_points_back_names_what_it_points_at():
    result = run(
        """
        Chen: Someone needs to update the runbook before the launch.
        Chen: Dana will do that by end of month.
        """
    )
    (item,) = result.items
    assert (owners(item), item.task, item.due) == (
        ["Dana"],
        "Update the runbook before the launch",
        date(2026, 11, 30),
    )


def test_owner_and_due_columns_of_an_action_table_are_read_as_such():
    result = run(
        """
        ## Action Items
        | Owner | Action | Due |
        |-------|--------|-----|
        | Alice | Publish the release notes | 2026-11-27 |
        | Bob | Fix the flaky CI job | next week |
        """
    )
    assert [(i.task, owners(i), i.due) for i in result.items] == [
        ("Publish the release notes", ["Alice"], date(2026, 11, 27)),
        ("Fix the flaky CI job", ["Bob"], date(2026, 12, 2)),
    ]


def test_a_document_person_chip_names_the_whole_person():
    (item,) = run("## Action items\n- @Alice Smith review the RFC by Wednesday").items
    assert (owners(item), item.task, item.due) == (
        ["@Alice Smith"],
        "Review the RFC",
        date(2026, 12, 2),
    )


def test_a_subjectless_will_in_a_speakers_line_is_the_speakers_commitment():
    (item,) = run(
        "Carol: out Thursday and Friday. "
        "Will hand off the on-call rotation to Dave before Wednesday."
    ).items
    assert (owners(item), item.task, item.due) == (
        ["Carol"],
        "Hand off the on-call rotation to Dave",
        date(2026, 12, 2),
    )


def test_near_identical_tasks_of_different_owners_or_numbers_stay_apart():
    """Within one list, and an inline action beside the list (issue 16.2)."""
    result = run(
        """
        Sync notes
        TODO: Ben to deliver widget 1 report

        ## Action items
        - Ana to deliver widget 0 report
        - Ana to deliver widget 1 report
        - Cy to deliver widget 2 report
        - Ben to fix ABC-12 login bug
        - Ben to fix ABC-13 login bug
        """
    )
    assert [(owners(i), i.task) for i in result.items] == [
        (["Ben"], "Deliver widget 1 report"),
        (["Ana"], "Deliver widget 0 report"),
        (["Ana"], "Deliver widget 1 report"),
        (["Cy"], "Deliver widget 2 report"),
        (["Ben"], "Fix ABC-12 login bug"),
        (["Ben"], "Fix ABC-13 login bug"),
    ]
