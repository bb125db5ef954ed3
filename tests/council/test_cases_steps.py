"""The case's steps as named mutations (acceptCase ... rateCase): the same workflow as
moveCouncilCase, each with its own input; photos on updates, staff-only with a note."""

from __future__ import annotations

from cityhub.models.council.cases import CasePhoto
from cityhub.models.workflow import TimelineEntry
from tests.council.case_support import CASE, PAYLOAD, error_codes, grid_worker, report, with_photos
from tests.helpers import gql, sign_in

PNG = b"\x89PNG\r\n\x1a\n" + b"0" * 64
WORKERS = "{ communities { name workers { id name } } }"


def _doc(field: str, input_type: str) -> str:
    return f"mutation($input: {input_type}!) {{ {field}(input: $input) {{ {PAYLOAD} }} }}"


STEPS = {
    "acceptCase": "AcceptCaseInput",
    "assignCase": "AssignCaseInput",
    "addCaseUpdate": "AddCaseUpdateInput",
    "referCase": "ReferCaseInput",
    "recordDepartmentAnswer": "DepartmentAnswerInput",
    "recordMeeting": "RecordMeetingInput",
    "recordOutcome": "RecordOutcomeInput",
    "closeCase": "CaseStepInput",
    "reopenCase": "ReopenCaseInput",
    "rateCase": "RateCaseInput",
}


async def step(client, field: str, case_id: str, **fields) -> dict:
    body = await gql(client, _doc(field, STEPS[field]), {"input": {"case": case_id, **fields}})
    assert "errors" not in body, body
    return body["data"][field]


async def _worker_id(client, name: str) -> str:
    data = (await gql(client, WORKERS))["data"]["communities"]
    return next(w["id"] for c in data for w in c["workers"] if w["name"] == name)


MEETING = {
    "heldAt": "2025-05-20T02:00:00Z",
    "place": "社区议事厅",
    "minutes": "双方同意由泊车公司赔偿",
    "attendees": ["社区", "法官"],
}
AGREEMENT = {
    "kind": "MEDIATION_AGREEMENT",
    "summary": "泊车公司赔偿医药费",
    "parties": ["居民", "泊车公司"],
    "settlementAmount": "1800.00",
    "settlementPayer": "泊车公司",
}


async def test_a_case_goes_its_whole_way_through_the_named_steps(client):
    case = (await report(client))["councilCase"]
    await grid_worker(client)
    other = await _worker_id(client, "王琳")
    accepted = await step(client, "acceptCase", case["id"], assignee=other)
    assert accepted["councilCase"]["state"] == "ACCEPTED"
    assert accepted["councilCase"]["assignee"]["name"] == "王琳"
    assert (await step(client, "assignCase", case["id"], assignee=other))["userErrors"] == []
    referred = await step(client, "referCase", case["id"], department="供电公司")
    assert referred["councilCase"]["state"] == "REFERRED"
    answered = await step(client, "recordDepartmentAnswer", case["id"], answer="可增容")
    assert answered["councilCase"]["state"] == "IN_CONSULTATION"
    assert answered["councilCase"]["referrals"] == [{"department": "供电公司", "answer": "可增容"}]
    met = await step(client, "recordMeeting", case["id"], meeting=MEETING)
    assert met["councilCase"]["meetings"][0]["minutes"] == "双方同意由泊车公司赔偿"
    mediated = await step(client, "recordOutcome", case["id"], outcome=AGREEMENT)
    assert mediated["councilCase"]["state"] == "MEDIATED"
    assert mediated["councilCase"]["outcome"]["settlementAmount"] == "1800.00"
    closed = await step(client, "closeCase", case["id"], note="已办结")
    assert closed["councilCase"]["state"] == "CLOSED"

    await sign_in(client, "resident-a")
    before = [a["action"] for a in closed["councilCase"]["availableActions"]]
    assert before == ["STAFF_NOTE"]  # the worker's view: only notes are left to them
    rated = await step(client, "rateCase", case["id"], rating=5, comment="很满意")
    actions = [a["action"] for a in rated["councilCase"]["availableActions"]]
    assert rated["councilCase"]["rating"] == 5 and "RATE" not in actions and "REOPEN" in actions
    again = await step(client, "rateCase", case["id"], rating=1)
    assert error_codes(again) == ["ALREADY_RATED"]
    reopened = await step(client, "reopenCase", case["id"], reason="又坏了")
    assert reopened["councilCase"]["state"] == "ACCEPTED"


async def test_an_update_carries_photos_and_a_staff_notes_photos_stay_with_staff(client):
    case = (await report(client))["councilCase"]
    await grid_worker(client)
    await step(client, "acceptCase", case["id"])
    doc = _doc("addCaseUpdate", "AddCaseUpdateInput")
    public = {"case": case["id"], "note": "已联系物业"}
    shown = await with_photos(client, public, [("a.png", PNG, "image/png")], doc, "addCaseUpdate")
    staff = {"case": case["id"], "note": "物业经理电话", "public": False}
    kept = await with_photos(client, staff, [("b.png", PNG, "image/png")], doc, "addCaseUpdate")

    assert shown["userErrors"] == [] and kept["userErrors"] == []
    assert len(kept["councilCase"]["photos"]) == 2
    entries = {e.id: e.action for e in await TimelineEntry.filter(subject_type="council_case")}
    photos = await CasePhoto.all().order_by("id")
    assert [(entries[p.entry_id], p.is_public) for p in photos] == [
        ("add_update", True),
        ("staff_note", False),
    ]
    client.cookies.clear()
    seen = (await gql(client, CASE, {"id": case["id"]}))["data"]["councilCase"]
    assert [p["id"] for p in seen["photos"]] == [shown["councilCase"]["photos"][0]["id"]]
    assert (await client.get(kept["councilCase"]["photos"][1]["url"])).status_code == 404


async def test_a_bad_photo_or_a_missing_update_writes_nothing(client):
    case = (await report(client))["councilCase"]
    await grid_worker(client)
    await step(client, "acceptCase", case["id"])
    entries = await TimelineEntry.filter(subject_type="council_case").count()
    doc = _doc("addCaseUpdate", "AddCaseUpdateInput")

    pdf = [("a.pdf", b"%PDF-1.4 " + b"0" * 64, "application/pdf")]
    refused = await with_photos(
        client, {"case": case["id"], "note": "x"}, pdf, doc, "addCaseUpdate"
    )
    empty = await step(client, "addCaseUpdate", case["id"], note="  ")

    assert error_codes(refused) == ["NOT_A_PHOTO"]
    assert error_codes(empty) == ["NOTE_REQUIRED"]
    assert await TimelineEntry.filter(subject_type="council_case").count() == entries
    assert await CasePhoto.all().count() == 0


async def test_named_steps_keep_the_workflows_rules(client):
    case = (await report(client))["councilCase"]
    early = await step(client, "closeCase", case["id"])  # the reporter, and too early
    assert error_codes(early) == ["FORBIDDEN"]
    await grid_worker(client)
    resolved = await step(client, "recordOutcome", case["id"], outcome=AGREEMENT)
    assert error_codes(resolved) == ["WRONG_STATE"]  # mediation needs a consultation
    await step(client, "acceptCase", case["id"])
    assert error_codes(await step(client, "assignCase", case["id"], assignee=case["id"])) == [
        "ASSIGNEE_NOT_IN_COMMUNITY"
    ]
    plain = {"kind": "SOLVED", "summary": "物业已增容"}
    fixed = await step(client, "recordOutcome", case["id"], outcome=plain)
    assert fixed["councilCase"]["state"] == "RESOLVED"
    assert error_codes(await step(client, "referCase", case["id"], department="")) == [
        "WRONG_STATE"
    ]
    assert error_codes(await step(client, "rateCase", case["id"], rating=4)) == ["FORBIDDEN"]
