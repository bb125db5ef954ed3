"""Aid applications on the shared workflow: one winner when staff act at once, events
after commit, labels and channels on the timeline, the actions a viewer may take."""

from __future__ import annotations

import asyncio
import contextlib

import httpx
from strawberry import relay

from cityhub import events
from cityhub.models.workflow import TimelineEntry
from cityhub.resolvers.union.aid_applications.workflow import AID_WORKFLOW
from cityhub.resolvers.workflow import topic
from tests.helpers import gql, make_account, sign_in
from tests.union.aid_support import as_staff, review
from tests.union.test_aid_applications_review import submitted

ACTIONS = """
query($id: ID!) { node(id: $id) { ... on AidApplication {
  state stateLabel availableActions { action label needsNote }
  timeline { action label channel at actor }
} } }
"""


async def staff_client(app, username: str) -> httpx.AsyncClient:
    client = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver")
    await make_account(username, "union_staff")
    await sign_in(client, username)
    return client


async def test_two_staff_approving_at_once_one_wins_the_other_is_told(app, client, monkeypatch):
    application = await submitted(client)
    await as_staff(client)
    await review(client, application, "START_REVIEW")
    slow = AID_WORKFLOW.prepare["approve"]

    async def approve_slowly(move):  # both requests read the state before either writes
        await asyncio.sleep(0.05)
        return await slow(move)

    monkeypatch.setitem(AID_WORKFLOW.prepare, "approve", approve_slowly)
    first, second = await staff_client(app, "wang"), await staff_client(app, "zhao")
    try:
        answers = await asyncio.gather(
            review(first, application, "APPROVE"), review(second, application, "APPROVE")
        )
    finally:
        await first.aclose()
        await second.aclose()

    codes = sorted(e["code"] for a in answers for e in a["userErrors"])
    assert codes == ["WRONG_STATE"]
    assert [a["aidApplication"]["state"] for a in answers if not a["userErrors"]] == ["APPROVED"]
    subject_id = int(relay.GlobalID.from_id(application).node_id)
    assert await TimelineEntry.filter(subject_id=subject_id, action="approve").count() == 1


async def test_each_move_is_published_after_it_commits_and_a_refused_one_never(client):
    application = await submitted(client)
    await as_staff(client)
    heard: list[dict] = []

    async def listen() -> None:
        async for event in events.subscribe(topic("aid_application")):
            heard.append(event)

    listener = asyncio.create_task(listen())
    await asyncio.sleep(0.05)
    await review(client, application, "START_REVIEW")
    refused = await review(client, application, "PAY", amount="10.00")  # not approved yet
    await review(client, application, "APPROVE")
    await asyncio.sleep(0.2)  # PostgreSQL: NOTIFY arrives on the listener connection
    listener.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await listener

    assert [e["code"] for e in refused["userErrors"]] == ["WRONG_STATE"]
    assert [(e["action"], e["from"], e["to"]) for e in heard] == [
        ("start_review", "submitted", "under_review"),
        ("approve", "under_review", "approved"),
    ]


async def test_the_viewer_sees_labelled_actions_and_a_labelled_timeline(client):
    application = await submitted(client)
    await as_staff(client)
    await review(client, application, "START_REVIEW")

    zh = (await gql(client, ACTIONS, {"id": application}))["data"]["node"]
    en = await gql(client, ACTIONS, {"id": application}, headers={"Accept-Language": "en"})
    en = en["data"]["node"]

    assert zh["stateLabel"] == "审核中" and en["stateLabel"] == "Under review"
    assert [(a["action"], a["needsNote"]) for a in zh["availableActions"]] == [
        ("APPROVE", False),
        ("REJECT", True),
        ("NOTE", True),
    ]
    assert [a["label"] for a in en["availableActions"]] == ["Approve", "Reject", "Staff note"]
    assert [(t["action"], t["label"], t["channel"]) for t in zh["timeline"]] == [
        ("submit", "提交申请", "ONLINE"),
        ("start_review", "开始审核", "ONLINE"),
    ]
    assert zh["timeline"][1]["actor"] == "Staff"


async def test_the_applicant_may_only_withdraw_and_sees_no_staff_actions(client):
    application = await submitted(client)

    mine = (await gql(client, ACTIONS, {"id": application}))["data"]["node"]

    assert [a["action"] for a in mine["availableActions"]] == ["WITHDRAW"]
