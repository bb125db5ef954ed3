"""Council cases through GraphQL: a report, then its whole life on the shared workflow
(every step, its timeline entry and what it writes), reopening and rating, and the
lists with their filters and pinned statement counts."""

from __future__ import annotations

import datetime as dt

from cityhub import clock
from cityhub.models.council.cases import CaseOutcome, CouncilCase, CouncilPolicy
from tests.council.case_support import (
    CASE,
    CASES,
    error_codes,
    grid_worker,
    move,
    places,
    report,
)
from tests.helpers import count_statements, gql, sign_in

MEETING = {
    "heldAt": "2026-05-01T02:00:00Z",
    "place": "中车社区党群服务中心",
    "minutes": "物业同意增容，电工居民现场查看线路",
    "attendees": ["物业公司", "人才库电工"],
}
MEDIATION = {
    "kind": "MEDIATION_AGREEMENT",
    "summary": "泊车公司赔偿居民医药费",
    "parties": ["泊车公司", "居民"],
    "settlementAmount": "1800.00",
    "settlementPayer": "泊车公司",
}


async def _taken(client, case_id: str, *steps: tuple[str, dict]) -> dict:
    out: dict = {}
    for action, details in steps:
        out = await move(client, case_id, action, **details)
        assert out["userErrors"] == [], (action, out["userErrors"])
    return out["councilCase"]


async def test_a_resident_reports_and_the_case_is_received(client):
    made = await report(client)

    assert made["userErrors"] == []
    case = made["councilCase"]
    assert case["state"] == "RECEIVED" and case["stateLabel"] == "已受理登记"
    assert case["reference"].startswith(f"YS{clock.local_date(clock.now()).year}-")
    assert case["isMine"] and case["following"] and case["reporterName"] == "Resident-A"
    assert case["community"]["name"] == "中车社区"
    assert [a["action"] for a in case["availableActions"]] == ["WITHDRAW"]
    (entry,) = case["timeline"]
    assert (entry["action"], entry["toState"], entry["channel"]) == ("submit", "received", "ONLINE")
    row = await CouncilCase.get(reference=case["reference"])
    assert "充电桩" in row.search_text


async def test_the_whole_life_of_a_mediated_case(client):
    case = (await report(client))["councilCase"]
    await grid_worker(client)

    done = await _taken(
        client,
        case["id"],
        ("ACCEPT", {}),
        ("START_CONSULTATION", {}),
        ("REFER", {"department": "区住建局"}),
        ("DEPARTMENT_ANSWER", {"note": "同意小区电力增容"}),
        ("RECORD_MEETING", {"meeting": MEETING}),
        ("ADD_UPDATE", {"note": "已约定下周施工"}),
        ("STAFF_NOTE", {"note": "内部：电工电话已核实"}),
        ("MEDIATE", {"outcome": MEDIATION}),
        ("CLOSE", {}),
    )

    assert done["state"] == "CLOSED" and done["assignee"]["name"] == "王琳"
    assert done["referrals"] == [{"department": "区住建局", "answer": "同意小区电力增容"}]
    assert done["meetings"][0]["attendees"] == ["物业公司", "人才库电工"]
    outcome = done["outcome"]
    assert outcome["settlementAmount"] == "1800.00" and outcome["settlementPayer"] == "泊车公司"
    assert [e["toState"] for e in done["timeline"]] == [
        *("received", "accepted", "in_consultation", "referred", "in_consultation"),
        *("in_consultation", "in_consultation", "in_consultation", "mediated", "closed"),
    ]
    staff_only = [e for e in done["timeline"] if not e["isPublic"]]
    assert [e["action"] for e in staff_only] == ["staff_note"]
    row = await CouncilCase.get(reference=case["reference"])
    policy = await CouncilPolicy.get(id=1)
    assert row.reopen_until - row.closed_at == dt.timedelta(days=policy.reopen_days)


async def test_the_reporter_sees_the_public_steps_with_their_notes_but_no_staff_note(client):
    case = (await report(client))["councilCase"]
    await grid_worker(client)
    await _taken(
        client,
        case["id"],
        ("ACCEPT", {}),
        ("ADD_UPDATE", {"note": "网格员已到现场"}),
        ("STAFF_NOTE", {"note": "内部备注"}),
    )
    await sign_in(client, "resident-a")

    seen = (await gql(client, CASE, {"id": case["id"]}))["data"]["councilCase"]

    assert [e["note"] for e in seen["timeline"]] == [None, None, "网格员已到现场"]
    assert all(e["actor"] is None for e in seen["timeline"])


async def test_resolved_then_reopened_within_the_days_then_rated_once(client):
    case = (await report(client))["councilCase"]
    await grid_worker(client)
    outcome = {"kind": "SOLVED", "summary": "电工协助物业完成增容，充电桩已安装"}
    await _taken(client, case["id"], ("ACCEPT", {}), ("RESOLVE", {"outcome": outcome}))
    await _taken(client, case["id"], ("CLOSE", {}))
    await sign_in(client, "resident-a")

    reopened = await _taken(client, case["id"], ("REOPEN", {"note": "充电桩仍无法使用"}))
    assert reopened["state"] == "ACCEPTED" and reopened["reopened"] == 1
    assert reopened["reopenUntil"] is None
    await grid_worker(client, "grid-wl-2")
    await _taken(client, case["id"], ("RESOLVE", {"outcome": outcome}), ("CLOSE", {}))
    assert await CaseOutcome.filter(case__reference=case["reference"]).count() == 1
    await sign_in(client, "resident-a")
    rated = await _taken(client, case["id"], ("RATE", {"rating": 5, "note": "解决得很好"}))

    assert rated["rating"] == 5 and rated["ratingComment"] == "解决得很好"
    assert rated["state"] == "CLOSED"
    again = await move(client, case["id"], "RATE", rating=1)
    assert error_codes(again) == ["ALREADY_RATED"]


async def test_reopening_after_the_policy_days_is_refused(client):
    case = (await report(client))["councilCase"]
    await grid_worker(client)
    outcome = {"kind": "SOLVED", "summary": "已解决"}
    await _taken(client, case["id"], ("ACCEPT", {}), ("RESOLVE", {"outcome": outcome}))
    await _taken(client, case["id"], ("CLOSE", {}))
    await sign_in(client, "resident-a")
    row = await CouncilCase.get(reference=case["reference"])
    # The policy's days have passed (the clock is the session's too: move the case back).
    passed = clock.now() - dt.timedelta(seconds=1)
    await CouncilCase.filter(id=row.id).update(reopen_until=passed)

    refused = await move(client, case["id"], "REOPEN", note="又坏了")

    assert error_codes(refused) == ["REOPEN_EXPIRED"]
    assert (await CouncilCase.get(id=row.id)).state == "closed"


async def test_the_reporter_withdraws_before_the_work_starts(client):
    case = (await report(client))["councilCase"]

    withdrawn = await _taken(client, case["id"], ("WITHDRAW", {}))

    assert withdrawn["state"] == "WITHDRAWN" and withdrawn["availableActions"] == []


async def test_a_grid_worker_reports_for_a_resident_who_phoned(client):
    await grid_worker(client)
    compounds, categories = await places(client)
    made = await gql(
        client,
        "mutation($input: SubmitCouncilCaseInput!) { submitCouncilCase(input: $input) { "
        "councilCase { isMine reporterName reporterPhone timeline { channel actor } } "
        "userErrors { code } } }",
        {
            "input": {
                "category": categories["pets"],
                "compound": compounds["中车国际一期"],
                "title": "楼下遛狗不拴绳",
                "description": "居民来电：晚上遛狗不拴绳，孩子被吓到。",
                "onBehalf": {"name": "张女士", "phone": "13700000000", "channel": "PHONE"},
            }
        },
    )
    case = made["data"]["submitCouncilCase"]["councilCase"]

    assert case["reporterName"] == "张女士" and case["reporterPhone"] == "13700000000"
    assert not case["isMine"]
    assert case["timeline"] == [{"channel": "PHONE", "actor": "Grid-Wl"}]
    row = await CouncilCase.get(reporter_name="张女士")
    assert row.reporter_id is None and row.recorded_by_id is not None


async def test_the_board_filters_by_state_text_and_mine(client):
    first = (await report(client))["councilCase"]
    await report(client, "resident-b", title="小区路灯不亮", description="三号楼前的路灯坏了一周。")
    await grid_worker(client)
    await _taken(client, first["id"], ("ACCEPT", {}))
    await sign_in(client, "resident-b")

    def refs(body: dict) -> list[str]:
        return [n["reference"] for n in body["data"]["councilCases"]["nodes"] if not n["isSample"]]

    accepted = await gql(client, CASES, {"status": ["ACCEPTED"]})
    lamps = await gql(client, CASES, {"text": "路灯"})
    mine = await gql(client, CASES, {"mine": True})

    assert refs(accepted) == [first["reference"]]
    assert [n["title"] for n in lamps["data"]["councilCases"]["nodes"]] == ["小区路灯不亮"]
    assert [n["title"] for n in mine["data"]["councilCases"]["nodes"]] == ["小区路灯不亮"]


async def test_the_list_sends_as_many_statements_for_three_cases_as_for_one(client):
    for n in range(3):
        await report(client, f"resident-{n}")
    await grid_worker(client)
    query = CASES.replace(
        "reporterName",
        "reporterName category { code } compound { name } "
        "assignee { name } timeline { action } photos { id } outcome { kind } "
        "meetings { place } referrals { department } availableActions { action }",
    )

    one, data = await count_statements(client, query, {"first": 1})
    three, more = await count_statements(client, query, {"first": 3})

    assert len(data["councilCases"]["nodes"]) == 1 and len(more["councilCases"]["nodes"]) == 3
    assert one == three
