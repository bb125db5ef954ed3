"""The shared workflow mechanism: roles (account, relation, system), notes, hooks,
channels and the project clock, as housing and the council will use them."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from cityhub import clock
from cityhub.errors import Rejected
from cityhub.models.union.aid_applications import AidApplication
from cityhub.models.workflow import TimelineEntry
from cityhub.resolvers import workflow
from cityhub.resolvers.accounts import ANONYMOUS, Viewer
from cityhub.resolvers.workflow import ASSIGNEE, SYSTEM, Actor, Channel, State, Workflow
from cityhub.resolvers.workflow import transition as step

WORKER = Viewer(kind="account", display_name="网格员小王")
STAFF = Viewer(kind="account", display_name="住房专员", roles=frozenset({"staff"}))
AFTER: list[str] = []
CENTRE = "太原市住房公积金管理中心"


async def assigned(actor: Actor, row: dict) -> set[str]:
    return {ASSIGNEE} if actor.viewer.display_name == WORKER.display_name else set()


async def _after(move: workflow.Move) -> None:
    AFTER.append(f"{move.transition.action} by {move.actor.label}")


FLOW = Workflow(
    subject="test_subject",
    model=AidApplication,
    states=(State("submitted", "已提交"), State("under_review", "审核中")),
    initial="submitted",
    transitions=(
        step("confirm", "中心确认", ["submitted"], "under_review", [SYSTEM]),
        step("visit", "上门", ["under_review"], None, [ASSIGNEE], needs_note=True),
        step("note", "备注", ["submitted", "under_review"], None, ["staff"], public=False),
    ),
    relations=assigned,
    after={"confirm": _after},
)


@pytest.fixture
async def row(app) -> dict:
    application = await AidApplication.filter(state="submitted").first()
    return {"id": application.id, "state": "submitted"}


async def test_only_the_outside_system_confirms_and_its_entry_says_so(row, monkeypatch):
    moment = datetime(2024, 12, 2, 1, 30, tzinfo=UTC)
    monkeypatch.setattr(clock, "now", lambda: moment)
    fund_centre = Actor(ANONYMOUS, Channel.SYSTEM, system=CENTRE)

    with pytest.raises(Rejected) as refused:
        await workflow.take(FLOW, row, "confirm", Actor(STAFF))
    await workflow.take(FLOW, row, "confirm", fund_centre)

    assert refused.value.problems[0].code == "FORBIDDEN"
    entry = await TimelineEntry.get(subject_type="test_subject", subject_id=row["id"])
    assert (entry.actor_label, entry.channel, entry.at) == (
        "太原市住房公积金管理中心",
        "system",
        moment,
    )
    assert AFTER[-1] == "confirm by 太原市住房公积金管理中心"


async def test_a_relation_role_and_a_required_note(row):
    await workflow.take(FLOW, row, "confirm", Actor(ANONYMOUS, system="fund"))
    moved = {**row, "state": "under_review"}

    with pytest.raises(Rejected) as no_note:
        await workflow.take(FLOW, moved, "visit", Actor(WORKER))
    with pytest.raises(Rejected) as not_assigned:
        await workflow.take(FLOW, moved, "visit", Actor(STAFF), note="看过了")
    await workflow.take(FLOW, moved, "visit", Actor(WORKER, Channel.IN_PERSON), note="看过了")

    assert no_note.value.problems[0].code == "NOTE_REQUIRED"
    assert not_assigned.value.problems[0].code == "FORBIDDEN"
    assert await AidApplication.get(id=row["id"]).values_list("state", flat=True) == "under_review"
    assert [a.action for a in await workflow.available(FLOW, Actor(WORKER), moved)] == ["visit"]


async def test_a_note_too_long_is_refused_with_its_limit(row):
    with pytest.raises(Rejected) as refused:
        await workflow.take(FLOW, row, "note", Actor(STAFF), note="很" * 2001)

    assert (refused.value.problems[0].code, refused.value.problems[0].params) == (
        "INVALID",
        {"max": 2000},
    )


def test_a_workflow_naming_an_unknown_state_is_refused_where_it_is_declared():
    with pytest.raises(ValueError, match="unknown state"):
        Workflow(
            subject="broken",
            model=AidApplication,
            states=(State("open", "开"),),
            initial="open",
            transitions=(step("close", "关", ["open"], "closed", ["staff"]),),
        )
