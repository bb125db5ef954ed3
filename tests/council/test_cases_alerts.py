"""Following cases and compounds: a public step becomes an alert for each follower (not
for whoever took it, never for a staff note), by SMS too for residents who opted in; a
new public case alerts its compound's followers. And the report form's duplicate
finder: similar cases by Chinese character pairs, within the policy's threshold."""

from __future__ import annotations

from base64 import b64decode

from cityhub import clock
from cityhub.models.accounts import Account
from cityhub.models.council.cases import CaseAlert, CouncilPolicy
from cityhub.models.council.residents import Resident
from cityhub.models.sms import SmsOutbox
from tests.council.case_support import grid_worker, move, places, report
from tests.helpers import codes, gql, make_account, sign_in

ALERTS = (
    "{ viewer { caseAlerts { id text readAt case { reference } } followedCases { reference } } }"
)
FOLLOW = """
mutation($case: ID!) {
  followCase(case: $case) { councilCase { following } userErrors { code } }
}
"""
UNFOLLOW = """
mutation($case: ID!) {
  unfollowCase(case: $case) { councilCase { following } userErrors { code } }
}
"""
FOLLOW_COMPOUND = "mutation($c: ID!) { followCompound(compound: $c) }"
READ = "mutation { markCaseAlertsRead }"
SIMILAR = """
query($compound: ID!, $text: String!, $category: ID) {
  similarCases(compound: $compound, text: $text, category: $category) {
    score case { reference title }
  }
}
"""


async def _alerts(client) -> list[dict]:
    return (await gql(client, ALERTS))["data"]["viewer"]["caseAlerts"]


async def test_followers_are_told_of_public_steps_but_not_of_staff_notes(client):
    case = (await report(client))["councilCase"]
    await make_account("watcher")
    await sign_in(client, "watcher")
    followed = await gql(client, FOLLOW, {"case": case["id"]})
    assert followed["data"]["followCase"]["councilCase"]["following"]
    await grid_worker(client)
    await move(client, case["id"], "ACCEPT")
    await move(client, case["id"], "STAFF_NOTE", note="内部备注")
    await move(client, case["id"], "ADD_UPDATE", note="物业已答应增容")

    assert await _alerts(client) == []  # the worker took the steps: no alert for them
    await sign_in(client, "watcher")
    texts = [a["text"] for a in await _alerts(client)]
    assert len(texts) == 2 and "物业已答应增容" in texts[0] and "接单" in texts[1]
    assert all("内部备注" not in t for t in texts)
    await sign_in(client, "resident-a")
    assert len(await _alerts(client)) == 2  # the reporter follows their own case


async def test_alerts_are_marked_read_and_unfollowing_stops_them(client):
    case = (await report(client))["councilCase"]
    await grid_worker(client)
    await move(client, case["id"], "ACCEPT")
    await sign_in(client, "resident-a")

    assert (await gql(client, READ))["data"]["markCaseAlertsRead"] == 1
    assert all(a["readAt"] for a in await _alerts(client))
    unfollowed = await gql(client, UNFOLLOW, {"case": case["id"]})
    assert unfollowed["data"]["unfollowCase"]["councilCase"]["following"] is False
    await sign_in(client, "grid-wl")
    await move(client, case["id"], "START_CONSULTATION")
    await sign_in(client, "resident-a")
    assert len(await _alerts(client)) == 1
    assert (await gql(client, ALERTS))["data"]["viewer"]["followedCases"] == []


async def test_a_resident_who_opted_in_gets_the_alert_by_sms(client):
    case = (await report(client))["councilCase"]
    compound = (await places(client))[0]["中车国际二期"]
    await Resident.create(
        account=await Account.get(username="resident-a"),
        compound_id=int(b64decode(compound).split(b":")[1]),
        sms_alerts=True,
        joined_at=clock.now(),
    )
    await grid_worker(client)
    await move(client, case["id"], "ACCEPT")

    (alert,) = await CaseAlert.filter(case__reference=case["reference"]).values("id", "text")
    (message,) = await SmsOutbox.filter(subject_type="case_alert").values(
        "subject_id", "phone", "text", "status"
    )
    assert message["subject_id"] == alert["id"] and message["phone"] == "13800000001"
    assert message["text"] == alert["text"] and message["status"] == "queued"


async def test_a_new_public_case_alerts_the_compounds_followers(client):
    compounds = (await places(client))[0]
    await make_account("compound-watcher")
    await sign_in(client, "compound-watcher")
    assert (await gql(client, FOLLOW_COMPOUND, {"c": compounds["中车国际二期"]}))["data"] == {
        "followCompound": True
    }

    await report(client)
    await report(client, "resident-p", isPublic=False)
    await sign_in(client, "compound-watcher")

    (alert,) = await _alerts(client)
    assert "新议事" in alert["text"] and "充电桩" in alert["text"]


async def test_following_needs_a_case_you_may_see_and_an_account(client):
    case = (await report(client, isPublic=False))["councilCase"]
    client.cookies.clear()
    assert codes(await gql(client, FOLLOW, {"case": case["id"]})) == ["UNAUTHENTICATED"]
    await make_account("nosy")
    await sign_in(client, "nosy")

    refused = await gql(client, FOLLOW, {"case": case["id"]})

    assert [e["code"] for e in refused["data"]["followCase"]["userErrors"]] == ["NOT_FOUND"]
    bad = await gql(client, FOLLOW_COMPOUND, {"c": case["id"]})
    assert codes(bad) == ["NOT_FOUND"]


async def test_the_duplicate_finder_meets_the_garage_charger_case(client):
    case = (await report(client))["councilCase"]
    await report(
        client, "resident-l", title="小区路灯不亮", description="三号楼前的路灯坏了一周了。"
    )
    compound = (await places(client))[0]["中车国际二期"]

    found = (await gql(client, SIMILAR, {"compound": compound, "text": "地库充电桩装不了"}))["data"]
    unrelated = await gql(client, SIMILAR, {"compound": compound, "text": "狗在草坪上乱跑"})

    references = [s["case"]["reference"] for s in found["similarCases"]]
    assert case["reference"] in references
    assert "小区路灯不亮" not in [s["case"]["title"] for s in found["similarCases"]]
    scores = [s["score"] for s in found["similarCases"]]
    assert scores == sorted(scores, reverse=True)
    assert case["reference"] not in [
        s["case"]["reference"] for s in unrelated["data"]["similarCases"]
    ]
    categories = (await places(client))[1]
    text = {"compound": compound, "text": "地库充电桩装不了"}
    same = await gql(client, SIMILAR, {**text, "category": categories["ev_charging"]})
    other = await gql(client, SIMILAR, {**text, "category": categories["pets"]})
    assert case["reference"] in [s["case"]["reference"] for s in same["data"]["similarCases"]]
    assert other["data"]["similarCases"] == []
    elsewhere = {**text, "compound": (await places(client))[0]["中车国际一期"]}
    assert (await gql(client, SIMILAR, elsewhere))["data"]["similarCases"] == []


async def test_the_threshold_and_the_count_are_the_policys(client):
    case = (await report(client))["councilCase"]
    compound = (await places(client))[0]["中车国际二期"]
    await CouncilPolicy.filter(id=1).update(similar_threshold=0.99)

    strict = await gql(client, SIMILAR, {"compound": compound, "text": "地库充电桩装不了"})

    assert case["reference"] not in [s["case"]["reference"] for s in strict["data"]["similarCases"]]
    await CouncilPolicy.filter(id=1).update(similar_threshold=0.0, similar_max=2)
    loose = await gql(client, SIMILAR, {"compound": compound, "text": "充电桩"})
    assert len(loose["data"]["similarCases"]) <= 2
